//! Coroutines and async generators (after CPython's `genobject.c`): `await`, `async for`,
//! `async with`, the coroutine type and its `__await__` wrapper, and the async generator with
//! the awaitables its `asend`/`athrow`/`aclose` return.
//!
//! Both run on the generator machinery (`vm::generator`): a coroutine is a generator object
//! of another type, and an `await` is the same SEND loop as `yield from`. An async generator
//! tells the values it produces (`yield x`, marked by `ASYNC_GEN_WRAP`) from what its awaits
//! pass through to the event loop: its awaitables turn the first into `StopIteration(x)`.

use std::cell::{Cell, RefCell};

use super::generator::{
    close, delegate_of, exc_clone, gi_code, gi_frame, gi_name, gi_qualname, gi_running,
    gi_suspended, resume, send_result_to_py, throw, throw_args, throw_arity, SendResult,
};
use super::Vm;
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{
    runtime_error, stop_iteration, type_error, GENERATOR_EXIT, STOP_ASYNC_ITERATION,
};
use crate::object::generator::{Generator, ASYNC_GENERATOR_TYPE, COROUTINE_TYPE};
use crate::object::native::{native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;

pub static CORO_WRAPPER_TYPE: TypeObject =
    TypeObject::new_static("coroutine_wrapper", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static ASEND_TYPE: TypeObject = TypeObject::new_static(
    "async_generator_asend",
    Layout::Native,
    Some(&OBJECT_TYPE),
    0,
);
pub static ATHROW_TYPE: TypeObject = TypeObject::new_static(
    "async_generator_athrow",
    Layout::Native,
    Some(&OBJECT_TYPE),
    0,
);
pub static WRAPPED_VALUE_TYPE: TypeObject = TypeObject::new_static(
    "async_generator_wrapped_value",
    Layout::Native,
    Some(&OBJECT_TYPE),
    0,
);

/// A value an async generator yields to its consumer.
struct Wrapped(Value);
impl NativeData for Wrapped {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.0);
    }
}

/// `ASYNC_GEN_WRAP`.
pub fn wrap_async_gen_value(v: Value) -> Value {
    new_native(&WRAPPED_VALUE_TYPE, Wrapped(v))
}

fn unwrap_value(v: &Value) -> Option<Value> {
    native_ref::<Wrapped>(v).map(|w| w.0.clone())
}

fn gen_of(v: &Value) -> PyResult<&Generator> {
    v.payload_exact::<Generator>()
        .ok_or_else(|| type_error("expected a coroutine or async generator"))
}

fn is_coroutine(v: &Value) -> bool {
    v.is_type(&COROUTINE_TYPE)
}

/// `GET_AWAITABLE`: a coroutine itself (unless something already awaits it), a generator
/// marked by `types.coroutine`, or the iterator `type(v).__await__(v)` returns.
pub fn get_awaitable(vm: &mut Vm, v: Value, site: u32) -> PyResult {
    if is_coroutine(&v) {
        if gen_of(&v).ok().and_then(delegate_of).is_some() {
            return Err(runtime_error("coroutine is being awaited already"));
        }
        return Ok(v);
    }
    if let Some(g) = v.payload_exact::<Generator>() {
        if g.code
            .payload_exact::<code::Code>()
            .is_some_and(|c| c.flags() & crate::bytecode::code::code_flags::ITERABLE_COROUTINE != 0)
        {
            return Ok(v);
        }
    }
    let not_awaitable = |v: &Value| match site {
        1 => type_error(format!(
            "'async with' received an object from __aenter__ that does not implement __await__: {}",
            v.ty().name()
        )),
        2 => type_error(format!(
            "'async with' received an object from __aexit__ that does not implement __await__: {}",
            v.ty().name()
        )),
        _ => type_error(format!(
            "object {} can't be used in 'await' expression",
            v.ty().name()
        )),
    };
    let Some(await_fn) = v.ty().lookup_str("__await__") else {
        return Err(not_awaitable(&v));
    };
    let it = vm.call_slot(&await_fn, std::slice::from_ref(&v))?;
    if is_coroutine(&it) || it.is_type(&ASYNC_GENERATOR_TYPE) {
        return Err(type_error("__await__() returned a coroutine"));
    }
    if it.ty().lookup_str("__next__").is_none() {
        return Err(type_error(format!(
            "__await__() returned non-iterator of type '{}'",
            it.ty().name()
        )));
    }
    Ok(it)
}

/// `GET_AITER`: `type(v).__aiter__(v)`, which must have `__anext__`.
pub fn get_aiter(vm: &mut Vm, v: Value) -> PyResult {
    let Some(f) = v.ty().lookup_str("__aiter__") else {
        return Err(type_error(format!(
            "'async for' requires an object with __aiter__ method, got {}",
            v.ty().name()
        )));
    };
    let it = vm.call_slot(&f, &[v])?;
    if it.ty().lookup_str("__anext__").is_none() {
        return Err(type_error(format!(
            "'async for' received an object from __aiter__ that does not implement __anext__: {}",
            it.ty().name()
        )));
    }
    Ok(it)
}

/// `GET_ANEXT`: the awaitable for the next item of an async iterator.
pub fn get_anext(vm: &mut Vm, aiter: &Value) -> PyResult {
    if aiter.is_type(&ASYNC_GENERATOR_TYPE) {
        return Ok(new_asend(aiter.clone(), none()));
    }
    let Some(f) = aiter.ty().lookup_str("__anext__") else {
        return Err(type_error(format!(
            "'async for' requires an iterator with __anext__ method, got {}",
            aiter.ty().name()
        )));
    };
    let next = vm.call_slot(&f, std::slice::from_ref(aiter))?;
    match get_awaitable(vm, next.clone(), 0) {
        Ok(a) => Ok(a),
        Err(e) if e.is_instance(&exception::TYPE_ERROR) => Err(type_error(format!(
            "'async for' received an invalid object from __anext__: {}",
            next.ty().name()
        ))),
        Err(e) => Err(e),
    }
}

/// `BEFORE_ASYNC_WITH`: the bound `__aexit__` and what `__aenter__` returned.
pub fn before_async_with(vm: &mut Vm, mgr: Value) -> PyResult<(Value, Value)> {
    let ty = mgr.ty();
    let (enter, exit) = match (ty.lookup_str("__aenter__"), ty.lookup_str("__aexit__")) {
        (Some(a), Some(b)) => (a, b),
        (None, _) => {
            return Err(type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol",
                ty.name()
            )))
        }
        (_, None) => {
            return Err(type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol (missed __aexit__ method)",
                ty.name()
            )))
        }
    };
    let bound_exit = super::attr::descr_get(vm, &exit, Some(&mgr), mgr.ty())?;
    let r = vm.call_slot(&enter, &[mgr])?;
    Ok((bound_exit, r))
}

// ---- coroutine ----

fn coro_send(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("send", 2, 2)?;
    send_result_to_py(resume(vm, &a[0], a[1].clone(), None)?)
}

fn coro_throw(vm: &mut Vm, args: Args) -> PyResult {
    let a = throw_arity("throw", args)?;
    let e = throw_args(vm, a)?;
    send_result_to_py(throw(vm, &a[0], e)?)
}

fn coro_close(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("close", 1, 1)?;
    close(vm, &a[0])
}

struct CoroWrapper(Value);
impl NativeData for CoroWrapper {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.0);
    }
}

fn coro_await(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__await__", 1, 1)?;
    gen_of(&a[0])?;
    Ok(new_native(&CORO_WRAPPER_TYPE, CoroWrapper(a[0].clone())))
}

fn wrapped_coro(v: &Value) -> PyResult<Value> {
    native_ref::<CoroWrapper>(v)
        .map(|w| w.0.clone())
        .ok_or_else(|| type_error("coroutine_wrapper expected"))
}

fn wrapper_next(vm: &mut Vm, args: Args) -> PyResult {
    let c = wrapped_coro(&args.values[0])?;
    send_result_to_py(resume(vm, &c, none(), None)?)
}

fn wrapper_send(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("send", 2, 2)?;
    let c = wrapped_coro(&a[0])?;
    send_result_to_py(resume(vm, &c, a[1].clone(), None)?)
}

fn wrapper_throw(vm: &mut Vm, args: Args) -> PyResult {
    let a = throw_arity("throw", args)?;
    let c = wrapped_coro(&a[0])?;
    let e = throw_args(vm, a)?;
    send_result_to_py(throw(vm, &c, e)?)
}

fn wrapper_close(vm: &mut Vm, args: Args) -> PyResult {
    let c = wrapped_coro(&args.values[0])?;
    close(vm, &c)
}

fn wrapper_iter(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

fn gen_repr(args: &Args, noun: &str) -> PyResult {
    let g = gen_of(&args.values[0])?;
    let q = g.qualname.borrow().clone();
    Ok(str::from_string(format!(
        "<{noun} object {} at {:#x}>",
        str::as_str(&q).unwrap_or("?"),
        args.values[0].word()
    )))
}

fn coro_repr(_vm: &mut Vm, args: Args) -> PyResult {
    gen_repr(&args, "coroutine")
}

fn g_await(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(delegate_of(gen_of(this)?).unwrap_or_else(none))
}
fn g_none(_vm: &mut Vm, this: &Value) -> PyResult {
    gen_of(this)?;
    Ok(none())
}

// ---- async generator ----

/// Where an `asend`/`athrow` awaitable is in its life.
#[derive(Copy, Clone, PartialEq, Eq)]
enum AwaitableState {
    Init,
    Iter,
    Closed,
}

struct Asend {
    gen: Value,
    value: RefCell<Value>,
    state: Cell<AwaitableState>,
}
impl NativeData for Asend {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.gen);
        visit(&self.value.borrow());
    }
}

/// `athrow(...)` (an exception to throw in) or `aclose()` (`None`).
struct Athrow {
    gen: Value,
    exc: RefCell<Option<PyErr>>,
    is_close: bool,
    state: Cell<AwaitableState>,
}
impl NativeData for Athrow {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.gen);
        if let Some(e) = self.exc.borrow().as_ref() {
            visit(&e.0);
        }
    }
}

fn new_asend(gen: Value, value: Value) -> Value {
    new_native(
        &ASEND_TYPE,
        Asend {
            gen,
            value: RefCell::new(value),
            state: Cell::new(AwaitableState::Init),
        },
    )
}

/// What a step of an async generator means to its awaitable: a produced value finishes the
/// awaitable (`StopIteration(value)`), anything else passes through to whoever drives it.
fn async_gen_step(r: PyResult<SendResult>, state: &Cell<AwaitableState>) -> PyResult {
    match r {
        Ok(SendResult::Yielded(v)) => match unwrap_value(&v) {
            Some(x) => {
                state.set(AwaitableState::Closed);
                Err(stop_iteration(x))
            }
            None => Ok(v),
        },
        Ok(SendResult::Returned(_)) => {
            state.set(AwaitableState::Closed);
            Err(PyErr::empty(&STOP_ASYNC_ITERATION))
        }
        Err(e) => {
            state.set(AwaitableState::Closed);
            Err(e)
        }
    }
}

fn asend_of(v: &Value) -> PyResult<&Asend> {
    native_ref::<Asend>(v).ok_or_else(|| type_error("async_generator_asend expected"))
}

fn asend_send_value(vm: &mut Vm, me: &Value, value: Value) -> PyResult {
    let a = asend_of(me)?;
    let value = match a.state.get() {
        AwaitableState::Closed => {
            return Err(runtime_error(
                "cannot reuse already awaited __anext__()/asend()",
            ))
        }
        AwaitableState::Init => {
            if gen_of(&a.gen)?.running.get() {
                return Err(runtime_error(
                    "anext(): asynchronous generator is already running",
                ));
            }
            a.state.set(AwaitableState::Iter);
            if value.is_none() {
                a.value.borrow().clone()
            } else {
                value
            }
        }
        AwaitableState::Iter => value,
    };
    let gen = a.gen.clone();
    async_gen_step(resume(vm, &gen, value, None), &a.state)
}

fn asend_send(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("send", 2, 2)?;
    asend_send_value(vm, &a[0], a[1].clone())
}

fn asend_next(vm: &mut Vm, args: Args) -> PyResult {
    asend_send_value(vm, &args.values[0], none())
}

fn asend_throw(vm: &mut Vm, args: Args) -> PyResult {
    let a = throw_arity("throw", args)?;
    let s = asend_of(&a[0])?;
    if s.state.get() == AwaitableState::Closed {
        return Err(runtime_error(
            "cannot reuse already awaited __anext__()/asend()",
        ));
    }
    let e = throw_args(vm, a)?;
    let gen = s.gen.clone();
    async_gen_step(throw(vm, &gen, e), &s.state)
}

fn asend_close(_vm: &mut Vm, args: Args) -> PyResult {
    asend_of(&args.values[0])?.state.set(AwaitableState::Closed);
    Ok(none())
}

fn self_iter(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

fn athrow_of(v: &Value) -> PyResult<&Athrow> {
    native_ref::<Athrow>(v).ok_or_else(|| type_error("async_generator_athrow expected"))
}

/// One step of `athrow`/`aclose`, with `value` sent (or `exc` thrown) after the first.
fn athrow_step(vm: &mut Vm, me: &Value, value: Value, exc: Option<PyErr>) -> PyResult {
    let t = athrow_of(me)?;
    let gen = t.gen.clone();
    let r = match t.state.get() {
        AwaitableState::Closed => {
            return Err(runtime_error(
                "cannot reuse already awaited aclose()/athrow()",
            ))
        }
        AwaitableState::Init => {
            if gen_of(&gen)?.running.get() {
                return Err(runtime_error(if t.is_close {
                    "aclose(): asynchronous generator is already running"
                } else {
                    "athrow(): asynchronous generator is already running"
                }));
            }
            if gen_of(&gen)?.frame.borrow().is_none() {
                t.state.set(AwaitableState::Closed);
                return Err(if t.is_close {
                    stop_iteration(none())
                } else {
                    PyErr::empty(&STOP_ASYNC_ITERATION)
                });
            }
            if !value.is_none() && exc.is_none() {
                return Err(runtime_error(
                    "can't send non-None value to a just-started coroutine",
                ));
            }
            t.state.set(AwaitableState::Iter);
            let first = match exc {
                Some(e) => e,
                None => match t.exc.borrow().as_ref() {
                    Some(e) => exc_clone(e),
                    None => PyErr::empty(&GENERATOR_EXIT),
                },
            };
            throw(vm, &gen, first)
        }
        AwaitableState::Iter => match exc {
            Some(e) => throw(vm, &gen, e),
            None => resume(vm, &gen, value, None),
        },
    };
    if !t.is_close {
        return async_gen_step(r, &t.state);
    }
    match r {
        Ok(SendResult::Yielded(v)) if unwrap_value(&v).is_some() => {
            t.state.set(AwaitableState::Closed);
            Err(runtime_error("async generator ignored GeneratorExit"))
        }
        Ok(SendResult::Yielded(v)) => Ok(v),
        Ok(SendResult::Returned(_)) => {
            t.state.set(AwaitableState::Closed);
            Err(stop_iteration(none()))
        }
        Err(e) if e.is_instance(&STOP_ASYNC_ITERATION) || e.is_instance(&GENERATOR_EXIT) => {
            t.state.set(AwaitableState::Closed);
            Err(stop_iteration(none()))
        }
        Err(e) => {
            t.state.set(AwaitableState::Closed);
            Err(e)
        }
    }
}

fn athrow_send(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("send", 2, 2)?;
    athrow_step(vm, &a[0], a[1].clone(), None)
}

fn athrow_next(vm: &mut Vm, args: Args) -> PyResult {
    athrow_step(vm, &args.values[0], none(), None)
}

fn athrow_throw(vm: &mut Vm, args: Args) -> PyResult {
    let a = throw_arity("throw", args)?;
    let e = throw_args(vm, a)?;
    athrow_step(vm, &a[0], none(), Some(e))
}

fn athrow_close(_vm: &mut Vm, args: Args) -> PyResult {
    athrow_of(&args.values[0])?
        .state
        .set(AwaitableState::Closed);
    Ok(none())
}

/// Calls the `firstiter` hook of `sys.set_asyncgen_hooks` on a generator's first use.
fn first_iteration(vm: &mut Vm, gen: &Value) -> PyResult<()> {
    let g = gen_of(gen)?;
    if g.hooks_inited.replace(true) {
        return Ok(());
    }
    if let Some(hook) = ASYNCGEN_HOOKS.with(|h| h.borrow().0.clone()) {
        vm.call(&hook, std::slice::from_ref(gen))?;
    }
    Ok(())
}

thread_local! {
    /// `sys.set_asyncgen_hooks(firstiter, finalizer)`.
    static ASYNCGEN_HOOKS: RefCell<(Option<Value>, Option<Value>)> =
        const { RefCell::new((None, None)) };
}

fn agen_anext(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__anext__", 1, 1)?;
    first_iteration(vm, &a[0])?;
    Ok(new_asend(a[0].clone(), none()))
}

fn agen_asend(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("asend", 2, 2)?;
    first_iteration(vm, &a[0])?;
    Ok(new_asend(a[0].clone(), a[1].clone()))
}

fn agen_athrow(vm: &mut Vm, args: Args) -> PyResult {
    let a = throw_arity("athrow", args)?;
    first_iteration(vm, &a[0])?;
    let e = throw_args(vm, a)?;
    Ok(new_native(
        &ATHROW_TYPE,
        Athrow {
            gen: a[0].clone(),
            exc: RefCell::new(Some(e)),
            is_close: false,
            state: Cell::new(AwaitableState::Init),
        },
    ))
}

fn agen_aclose(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("aclose", 1, 1)?;
    first_iteration(vm, &a[0])?;
    Ok(new_native(
        &ATHROW_TYPE,
        Athrow {
            gen: a[0].clone(),
            exc: RefCell::new(None),
            is_close: true,
            state: Cell::new(AwaitableState::Init),
        },
    ))
}

fn agen_repr(_vm: &mut Vm, args: Args) -> PyResult {
    gen_repr(&args, "async_generator")
}

/// Closes a generator, coroutine or async generator that was freed while suspended (or hands
/// an async generator to the `sys.set_asyncgen_hooks` finalizer); errors are reported as
/// CPython reports unraisable ones.
pub fn finalize(vm: &mut Vm, gen: &Value) {
    if gen_of(gen).is_ok_and(|g| g.is_coroutine() && !g.started.get()) {
        warn_unawaited(vm, gen);
    }
    let hook =
        if gen.is_type(&ASYNC_GENERATOR_TYPE) && gen_of(gen).is_ok_and(|g| g.hooks_inited.get()) {
            ASYNCGEN_HOOKS.with(|h| h.borrow().1.clone())
        } else {
            None
        };
    let r = match hook {
        Some(h) => vm.call(&h, std::slice::from_ref(gen)).map(|_| ()),
        None => close(vm, gen).map(|_| ()),
    };
    if let Err(e) = r {
        vm.flush_stdout();
        let what = vm.repr_string(gen).unwrap_or_else(|_| "<generator>".into());
        let text = super::traceback::format_exception(vm, &e.0);
        eprint!("Exception ignored in: {what}\n{text}");
    }
}

/// "RuntimeWarning: coroutine '...' was never awaited", as CPython's
/// `_PyErr_WarnUnawaitedCoroutine` warns, attributed to the code running when the coroutine
/// is freed. (Not through `warnings._warn_unawaited_coroutine`: it passes `source=`, which the
/// pure-Python `warn_explicit` hands to `WarningMessage` as the file to write to.) An error
/// (warnings turned into errors) is reported as unraisable.
fn warn_unawaited(vm: &mut Vm, coro: &Value) {
    let qualname = gen_of(coro)
        .map(|g| g.qualname.borrow().clone())
        .unwrap_or_else(|_| none());
    let r = vm.import_module("warnings").and_then(|warnings| {
        let name = vm.str_string(&qualname)?;
        let message = str::from_string(format!("coroutine '{name}' was never awaited"));
        let category = exception::RUNTIME_WARNING.to_value();
        vm.call_method(&warnings, "warn", &[message, category, int::from_i64(1)])
            .map(|_| ())
    });
    if let Err(e) = r {
        vm.flush_stdout();
        let what = vm
            .repr_string(coro)
            .unwrap_or_else(|_| "<coroutine>".into());
        let text = super::traceback::format_exception(vm, &e.0);
        eprint!("Exception ignored in: {what}\n{text}");
    }
}

/// `sys.set_asyncgen_hooks(firstiter=..., finalizer=...)`.
pub fn set_asyncgen_hooks(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("set_asyncgen_hooks", &["firstiter", "finalizer"], 0)?;
    let _ = vm;
    for (i, name) in ["firstiter", "finalizer"].iter().enumerate() {
        if let Some(v) = &b[i] {
            if !v.is_none() && v.ty().lookup_str("__call__").is_none() {
                return Err(type_error(format!(
                    "callable {name} expected, got {}",
                    v.ty().name()
                )));
            }
        }
    }
    ASYNCGEN_HOOKS.with(|h| {
        let mut h = h.borrow_mut();
        if let Some(v) = &b[0] {
            h.0 = (!v.is_none()).then(|| v.clone());
        }
        if let Some(v) = &b[1] {
            h.1 = (!v.is_none()).then(|| v.clone());
        }
    });
    Ok(none())
}

/// `sys.get_asyncgen_hooks()`: `(firstiter, finalizer)`.
pub fn get_asyncgen_hooks(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("get_asyncgen_hooks", 0, 0)?;
    let _ = vm;
    let (a, b) = ASYNCGEN_HOOKS.with(|h| h.borrow().clone());
    Ok(tuple::from_array([
        a.unwrap_or_else(none),
        b.unwrap_or_else(none),
    ]))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &COROUTINE_TYPE,
            methods: methods![
                MethodDef::method("send", coro_send),
                MethodDef::method("throw", coro_throw),
                MethodDef::method("close", coro_close),
                MethodDef::method("__await__", coro_await),
                MethodDef::method("__repr__", coro_repr),
            ],
            getsets: getsets![
                GetSetDef::readonly("__name__", gi_name),
                GetSetDef::readonly("__qualname__", gi_qualname),
                GetSetDef::readonly("cr_code", gi_code),
                GetSetDef::readonly("cr_running", gi_running),
                GetSetDef::readonly("cr_frame", gi_frame),
                GetSetDef::readonly("cr_await", g_await),
                GetSetDef::readonly("cr_origin", g_none),
                GetSetDef::readonly("cr_suspended", gi_suspended),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &CORO_WRAPPER_TYPE,
            methods: methods![
                MethodDef::method("__next__", wrapper_next),
                MethodDef::method("__iter__", wrapper_iter),
                MethodDef::method("send", wrapper_send),
                MethodDef::method("throw", wrapper_throw),
                MethodDef::method("close", wrapper_close),
            ],
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &ASYNC_GENERATOR_TYPE,
            methods: methods![
                MethodDef::method("__aiter__", self_iter),
                MethodDef::method("__anext__", agen_anext),
                MethodDef::method("asend", agen_asend),
                MethodDef::method("athrow", agen_athrow),
                MethodDef::method("aclose", agen_aclose),
                MethodDef::method("__repr__", agen_repr),
            ],
            getsets: getsets![
                GetSetDef::readonly("__name__", gi_name),
                GetSetDef::readonly("__qualname__", gi_qualname),
                GetSetDef::readonly("ag_code", gi_code),
                GetSetDef::readonly("ag_running", gi_running),
                GetSetDef::readonly("ag_frame", gi_frame),
                GetSetDef::readonly("ag_await", g_await),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &ASEND_TYPE,
            methods: methods![
                MethodDef::method("send", asend_send),
                MethodDef::method("throw", asend_throw),
                MethodDef::method("close", asend_close),
                MethodDef::method("__next__", asend_next),
                MethodDef::method("__iter__", self_iter),
                MethodDef::method("__await__", self_iter),
            ],
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &ATHROW_TYPE,
            methods: methods![
                MethodDef::method("send", athrow_send),
                MethodDef::method("throw", athrow_throw),
                MethodDef::method("close", athrow_close),
                MethodDef::method("__next__", athrow_next),
                MethodDef::method("__iter__", self_iter),
                MethodDef::method("__await__", self_iter),
            ],
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &WRAPPED_VALUE_TYPE,
            methods: methods![],
            getsets: getsets![],
            doc: None,
        },
    ]
}
