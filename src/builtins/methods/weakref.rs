//! The methods of weak references and of the proxies: comparing, hashing and calling
//! through to the referent, which runs Python code.

use crate::object::error::{Args, PyResult};
use crate::object::types::{bool_value, none, not_implemented, GetSetDef, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::weakref::{
    new_weakref, referent, WeakRef, CALLABLE_PROXY_TYPE, PROXY_TYPE, WEAKREF_TYPE,
};
use crate::object::*;
use crate::vm::Vm;

/// `weakref.ref(obj, callback=None)`, and `ref.__new__(subclass, obj, callback)`.
fn weakref_new(_vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    if pos.len() < 2 || pos.len() > 3 {
        return Err(exception::type_error(format!(
            "__new__ expected at most 2 arguments, got {}",
            pos.len().saturating_sub(1)
        )));
    }
    let cls = pos[0]
        .as_type()
        .ok_or_else(|| exception::type_error("ref.__new__(X): X is not a type object"))?;
    let callback = pos.get(2).cloned().filter(|c| !c.is_none());
    new_weakref(cls, &pos[1], callback)
}

fn weakref_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn weakref_call(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("weakref", 1, 1)?;
    Ok(referent(&a[0]).unwrap_or_else(none))
}

fn weakref_eq(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__eq__", 2, 2)?;
    if a[1].payload::<WeakRef>().is_none() {
        return Ok(not_implemented());
    }
    match (referent(&a[0]), referent(&a[1])) {
        (Some(x), Some(y)) => Ok(bool_value(vm.eq(&x, &y)?)),
        _ => Ok(bool_value(a[0].is(&a[1]))),
    }
}

fn weakref_hash(vm: &mut Vm, args: Args) -> PyResult {
    let w = args.values[0]
        .payload::<WeakRef>()
        .ok_or_else(|| exception::type_error("weakref expected"))?;
    if let Some(h) = w.hash.get() {
        return Ok(int::from_i64(h));
    }
    let r = referent(&args.values[0])
        .ok_or_else(|| exception::type_error("weak object has gone away"))?;
    let h = vm.hash(&r)?;
    w.hash.set(Some(h));
    Ok(int::from_i64(h))
}

fn weakref_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    Ok(str::from_string(match referent(me) {
        Some(r) => format!(
            "<weakref at {:#x}; to '{}' at {:#x}>",
            me.word(),
            r.ty().qualname(),
            r.word()
        ),
        None => format!("<weakref at {:#x}; dead>", me.word()),
    }))
}

fn get_callback(_vm: &mut Vm, this: &Value) -> PyResult {
    let w = this
        .payload::<WeakRef>()
        .ok_or_else(|| exception::type_error("weakref expected"))?;
    Ok(w.callback.borrow().clone().unwrap_or_else(none))
}

/// The referent of a proxy, or `ReferenceError` once it is gone.
fn proxy_target(me: &Value) -> PyResult {
    referent(me).ok_or_else(|| {
        crate::object::error::PyErr::new(
            &exception::REFERENCE_ERROR,
            "weakly-referenced object no longer exists",
        )
    })
}

fn proxy_getattribute(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getattribute__", 2, 2)?;
    let t = proxy_target(&a[0])?;
    vm.getattr_value(&t, &a[1])
}

fn proxy_setattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setattr__", 3, 3)?;
    let t = proxy_target(&a[0])?;
    vm.setattr_value(&t, &a[1], Some(a[2].clone()))?;
    Ok(none())
}

fn proxy_delattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__delattr__", 2, 2)?;
    let t = proxy_target(&a[0])?;
    vm.setattr_value(&t, &a[1], None)?;
    Ok(none())
}

fn proxy_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    Ok(str::from_string(match referent(me) {
        Some(r) => format!(
            "<weakproxy at {:#x}; to '{}' at {:#x}>",
            me.word(),
            r.ty().name(),
            r.word()
        ),
        None => format!("<weakproxy at {:#x}; dead>", me.word()),
    }))
}

fn proxy_str(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    Ok(str::from_string(vm.str_string(&t)?))
}

fn proxy_bool(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    Ok(bool_value(vm.truthy(&t)?))
}

fn proxy_len(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    Ok(int::from_usize(vm.len(&t)?))
}

fn proxy_iter(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    vm.iter(&t)
}

fn proxy_next(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    match vm.next(&t)? {
        Some(v) => Ok(v),
        None => Err(exception::PyErrExt::stop()),
    }
}

fn proxy_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getitem__", 2, 2)?;
    let t = proxy_target(&a[0])?;
    vm.getitem(&t, &a[1])
}

fn proxy_setitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setitem__", 3, 3)?;
    let t = proxy_target(&a[0])?;
    vm.setitem(&t, &a[1], a[2].clone())?;
    Ok(none())
}

fn proxy_delitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__delitem__", 2, 2)?;
    let t = proxy_target(&a[0])?;
    vm.delitem(&t, &a[1])?;
    Ok(none())
}

fn proxy_contains(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__contains__", 2, 2)?;
    let t = proxy_target(&a[0])?;
    Ok(bool_value(vm.contains(&t, &a[1])?))
}

fn proxy_call(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    vm.call_with(
        &t,
        Args {
            values: &args.values[1..],
            kwnames: args.kwnames,
        },
    )
}

fn proxy_hash(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(exception::type_error("unhashable type: 'weakproxy'"))
}

/// A proxy's operand: the referent when it is itself a proxy.
fn unwrap_proxy(v: &Value) -> PyResult {
    if std::ptr::eq(v.ty(), &PROXY_TYPE) || std::ptr::eq(v.ty(), &CALLABLE_PROXY_TYPE) {
        proxy_target(v)
    } else {
        Ok(v.clone())
    }
}

macro_rules! proxy_compare {
    ($name:ident, $op:ident) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let a = args.check_count("comparison", 2, 2)?;
            let x = proxy_target(&a[0])?;
            let y = unwrap_proxy(&a[1])?;
            vm.compare(&x, &y, crate::bytecode::opcodes::CompareOperator::$op)
        }
    };
}
proxy_compare!(proxy_eq, Eq);
proxy_compare!(proxy_ne, Ne);
proxy_compare!(proxy_lt, Lt);
proxy_compare!(proxy_le, Le);
proxy_compare!(proxy_gt, Gt);
proxy_compare!(proxy_ge, Ge);

macro_rules! proxy_methods {
    ($($extra:expr),*) => {
        methods![
            MethodDef::method("__getattribute__", proxy_getattribute),
            MethodDef::method("__setattr__", proxy_setattr),
            MethodDef::method("__delattr__", proxy_delattr),
            MethodDef::method("__repr__", proxy_repr),
            MethodDef::method("__str__", proxy_str),
            MethodDef::method("__bool__", proxy_bool),
            MethodDef::method("__len__", proxy_len),
            MethodDef::method("__iter__", proxy_iter),
            MethodDef::method("__next__", proxy_next),
            MethodDef::method("__getitem__", proxy_getitem),
            MethodDef::method("__setitem__", proxy_setitem),
            MethodDef::method("__delitem__", proxy_delitem),
            MethodDef::method("__contains__", proxy_contains),
            MethodDef::method("__hash__", proxy_hash),
            MethodDef::method("__eq__", proxy_eq),
            MethodDef::method("__ne__", proxy_ne),
            MethodDef::method("__lt__", proxy_lt),
            MethodDef::method("__le__", proxy_le),
            MethodDef::method("__gt__", proxy_gt),
            MethodDef::method("__ge__", proxy_ge),
            $($extra),*
        ]
    };
}

pub fn specs() -> Vec<TypeSpec> {
    *WEAKREF_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("weakref");
    vec![
        TypeSpec {
            ty: &PROXY_TYPE,
            methods: proxy_methods!(),
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &CALLABLE_PROXY_TYPE,
            methods: proxy_methods!(MethodDef::method("__call__", proxy_call)),
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &WEAKREF_TYPE,
            methods: methods![
                MethodDef::static_("__new__", weakref_new),
                MethodDef::method("__init__", weakref_init),
                MethodDef::method("__call__", weakref_call),
                MethodDef::method("__eq__", weakref_eq),
                MethodDef::method("__hash__", weakref_hash),
                MethodDef::method("__repr__", weakref_repr),
            ],
            getsets: getsets![GetSetDef::readonly("__callback__", get_callback)],
            doc: None,
        },
    ]
}
