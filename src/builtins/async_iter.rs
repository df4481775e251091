//! `aiter()` and `anext()` (CPython's `builtin_aiter`/`builtin_anext`), and the
//! `anext_awaitable` that `anext(it, default)` returns (`Objects/iterobject.c`): it drives the
//! awaitable `__anext__()` returned and turns its StopAsyncIteration into
//! `StopIteration(default)`, so the `await` evaluates to the default.

use std::cell::RefCell;

use crate::object::error::{Args, PyResult};
use crate::object::exception::{stop_iteration, type_error, STOP_ASYNC_ITERATION};
use crate::object::generator::COROUTINE_TYPE;
use crate::object::native::{native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::coroutine::get_awaitable;
use crate::vm::Vm;

pub static ANEXT_AWAITABLE_TYPE: TypeObject =
    TypeObject::new_static("anext_awaitable", Layout::Native, Some(&OBJECT_TYPE), 0);

/// `aiter(async_iterable)`: `type(x).__aiter__(x)`, which must be an async iterator.
pub fn aiter(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("aiter", 1, 1)?;
    let obj = &a[0];
    let Some(f) = obj.ty().lookup_str("__aiter__") else {
        return Err(type_error(format!(
            "'{}' object is not an async iterable",
            obj.ty().name()
        )));
    };
    let it = vm.call_slot(&f, std::slice::from_ref(obj))?;
    if it.ty().lookup_str("__anext__").is_none() {
        return Err(type_error(format!(
            "aiter() returned not an async iterator of type '{}'",
            it.ty().name()
        )));
    }
    Ok(it)
}

/// `anext(async_iterator[, default])`: the awaitable `type(it).__anext__(it)` returns, or
/// with a default an `anext_awaitable` around it.
pub fn anext(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("anext", 1, 2)?;
    let it = &a[0];
    let Some(f) = it.ty().lookup_str("__anext__") else {
        return Err(type_error(format!(
            "'{}' object is not an async iterator",
            it.ty().name()
        )));
    };
    let awaitable = vm.call_slot(&f, std::slice::from_ref(it))?;
    let Some(default) = a.get(1) else {
        return Ok(awaitable);
    };
    Ok(new_native(
        &ANEXT_AWAITABLE_TYPE,
        AnextAwaitable {
            wrapped: RefCell::new(awaitable),
            default: RefCell::new(default.clone()),
        },
    ))
}

struct AnextAwaitable {
    /// What `__anext__()` returned.
    wrapped: RefCell<Value>,
    default: RefCell<Value>,
}

impl NativeData for AnextAwaitable {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.wrapped.borrow());
        visit(&self.default.borrow());
    }

    fn clear(&self, out: &mut Vec<Value>) {
        out.push(self.wrapped.replace(none()));
        out.push(self.default.replace(none()));
    }
}

fn awaitable_of(v: &Value) -> PyResult<&AnextAwaitable> {
    native_ref::<AnextAwaitable>(v).ok_or_else(|| type_error("anext_awaitable expected"))
}

/// The iterator to drive (`anextawaitable_getiter`), found again on every step as CPython
/// does: a coroutine's `__await__()` wrapper, else what `await` would use. (Not
/// `get_awaitable` for a coroutine: CPython does not refuse one that is suspended in an
/// await, which it is from the second step on.)
fn get_iter(vm: &mut Vm, me: &Value) -> PyResult {
    let wrapped = awaitable_of(me)?.wrapped.borrow().clone();
    if wrapped.is_type(&COROUTINE_TYPE) {
        let f = wrapped
            .ty()
            .lookup_str("__await__")
            .ok_or_else(|| type_error("coroutine without __await__"))?;
        return vm.call_slot(&f, &[wrapped]);
    }
    get_awaitable(vm, wrapped, 0)
}

/// A step's outcome: StopAsyncIteration becomes `StopIteration(default)`.
fn finish(me: &Value, r: PyResult) -> PyResult {
    match r {
        Err(e) if e.is_instance(&STOP_ASYNC_ITERATION) => {
            let default = awaitable_of(me)?.default.borrow().clone();
            Err(stop_iteration(default))
        }
        r => r,
    }
}

fn anext_awaitable_next(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__next__", 1, 1)?;
    let it = get_iter(vm, &a[0])?;
    let r = match it.ty().lookup_str("__next__") {
        Some(f) => vm.call_slot(&f, std::slice::from_ref(&it)),
        None => Err(type_error(format!(
            "'{}' object is not an iterator",
            it.ty().name()
        ))),
    };
    finish(&a[0], r)
}

/// `anextawaitable_proxy`: `meth` of the iterator, called as `PyObject_CallMethod(it, meth,
/// "O", arg)` calls it, which spreads a tuple argument into the arguments.
fn proxy(vm: &mut Vm, me: &Value, meth: &str, arg: &Value) -> PyResult {
    let it = get_iter(vm, me)?;
    let r = match tuple::as_tuple(arg) {
        Some(items) => {
            let items = items.to_vec();
            vm.call_method(&it, meth, &items)
        }
        None => vm.call_method(&it, meth, std::slice::from_ref(arg)),
    };
    finish(me, r)
}

fn anext_awaitable_send(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("anext_awaitable.send")?;
    let a = args.values;
    if a.len() != 2 {
        return Err(type_error(format!(
            "anext_awaitable.send() takes exactly one argument ({} given)",
            a.len() - 1
        )));
    }
    proxy(vm, &a[0], "send", &a[1])
}

fn anext_awaitable_throw(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("throw")?;
    let a = args.values;
    let rest = tuple::from_slice(&a[1..]);
    proxy(vm, &a[0], "throw", &rest)
}

fn anext_awaitable_close(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("close")?;
    let a = args.values;
    let rest = tuple::from_slice(&a[1..]);
    proxy(vm, &a[0], "close", &rest)
}

fn self_iter(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

/// `anext_awaitable`'s methods, installed with the other built-in types'.
pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &ANEXT_AWAITABLE_TYPE,
        methods: methods![
            MethodDef::method("__await__", self_iter),
            MethodDef::method("__iter__", self_iter),
            MethodDef::method("__next__", anext_awaitable_next),
            MethodDef::method("send", anext_awaitable_send),
            MethodDef::method("throw", anext_awaitable_throw),
            MethodDef::method("close", anext_awaitable_close),
        ],
        getsets: getsets![],
        doc: None,
    }]
}
