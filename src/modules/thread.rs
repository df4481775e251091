//! `_thread`, CPython's C module under `threading`: locks (with timeouts), re-entrant locks,
//! thread identity and `_local`.
//!
//! Heron runs Python on one thread today, so `start_new_thread` raises a `RuntimeError` that
//! says so. Locks still behave exactly as CPython's do for a single thread: a non-blocking
//! acquire of a held lock fails at once, a timed one waits out its timeout and fails, and an
//! untimed one waits for ever (as CPython's would, with no other thread to release it).

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{runtime_error, type_error, value_error, OVERFLOW_ERROR};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// `_thread.TIMEOUT_MAX`, CPython's value on Linux (`PY_TIMEOUT_MAX` in seconds).
const TIMEOUT_MAX: f64 = 9223372036.0;

pub static LOCK_TYPE: TypeObject =
    TypeObject::new_static("lock", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static RLOCK_TYPE: TypeObject =
    TypeObject::new_static("RLock", Layout::Native, Some(&OBJECT_TYPE), BASETYPE);
/// `_thread._local`: one thread, so one attribute dict per object.
pub static LOCAL_TYPE: TypeObject =
    TypeObject::new_static("_local", Layout::Instance, Some(&OBJECT_TYPE), BASETYPE);

struct Lock {
    locked: Cell<bool>,
}
impl NativeData for Lock {}

struct RLock {
    /// The owning thread's ident, 0 when free.
    owner: Cell<u64>,
    count: Cell<u64>,
}
impl NativeData for RLock {}

/// The ident of the thread running Python.
fn ident() -> u64 {
    crate::os::signal::current_thread_id()
}

fn lock_of(v: &Value) -> PyResult<&Lock> {
    native_ref::<Lock>(v).ok_or_else(|| type_error("descriptor requires a 'lock' object"))
}

fn rlock_of(v: &Value) -> PyResult<&RLock> {
    native_ref::<RLock>(v).ok_or_else(|| type_error("descriptor requires a 'RLock' object"))
}

/// The deadline of `acquire(blocking, timeout)`: `Ok(None)` waits for ever, `Ok(Some(now))`
/// does not wait; CPython's argument checks.
fn deadline(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<Option<Instant>> {
    let b = args.bind(fname, &["self", "blocking", "timeout"], 1)?;
    let blocking = match &b[1] {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let timeout = match &b[2] {
        Some(v) => vm.to_f64(v)?,
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return Err(value_error(
            "can't specify a timeout for a non-blocking call",
        ));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(value_error("timeout value must be positive"));
    }
    if !blocking {
        return Ok(Some(Instant::now()));
    }
    if timeout == -1.0 {
        return Ok(None);
    }
    if timeout > TIMEOUT_MAX {
        return Err(PyErr::new(&OVERFLOW_ERROR, "timeout value is too large"));
    }
    Ok(Some(Instant::now() + Duration::from_secs_f64(timeout)))
}

/// Waits until `free()` holds or the deadline passes; nothing else runs Python meanwhile, so
/// with the lock held this only waits.
fn wait_until(free: impl Fn() -> bool, deadline: Option<Instant>) -> bool {
    loop {
        if free() {
            return true;
        }
        let now = Instant::now();
        match deadline {
            Some(d) if now >= d => return false,
            Some(d) => std::thread::sleep((d - now).min(Duration::from_millis(50))),
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn lock_acquire(vm: &mut Vm, args: Args) -> PyResult {
    let d = deadline(vm, &args, "acquire")?;
    let l = lock_of(&args.values[0])?;
    let got = wait_until(|| !l.locked.get(), d);
    if got {
        l.locked.set(true);
    }
    Ok(bool_value(got))
}

fn lock_release(_vm: &mut Vm, args: Args) -> PyResult {
    let l = lock_of(&args.values[0])?;
    if !l.locked.get() {
        return Err(runtime_error("release unlocked lock"));
    }
    l.locked.set(false);
    Ok(none())
}

fn lock_exit(vm: &mut Vm, args: Args) -> PyResult {
    lock_release(vm, Args::new(&args.values[..1]))
}

fn lock_locked(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(bool_value(lock_of(&args.values[0])?.locked.get()))
}

fn lock_at_fork_reinit(_vm: &mut Vm, args: Args) -> PyResult {
    lock_of(&args.values[0])?.locked.set(false);
    Ok(none())
}

fn lock_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let state = if lock_of(me)?.locked.get() {
        "locked"
    } else {
        "unlocked"
    };
    Ok(str::from_string(format!(
        "<{} _thread.lock object at {:#x}>",
        state,
        me.word()
    )))
}

fn new_lock() -> Value {
    new_native(
        &LOCK_TYPE,
        Lock {
            locked: Cell::new(false),
        },
    )
}

fn allocate_lock(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("allocate_lock", 0, 0)?;
    Ok(new_lock())
}

fn rlock_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("RLock.__new__(X): X is not a type object"))?;
    let data = RLock {
        owner: Cell::new(0),
        count: Cell::new(0),
    };
    if std::ptr::eq(cls, &RLOCK_TYPE) {
        Ok(new_native(&RLOCK_TYPE, data))
    } else {
        let inner = new_native(&RLOCK_TYPE, data);
        Ok(instance::new_instance(cls, Some(inner)))
    }
}

fn rlock_acquire(vm: &mut Vm, args: Args) -> PyResult {
    let d = deadline(vm, &args, "acquire")?;
    let r = rlock_of(&args.values[0])?;
    let me = ident();
    if r.owner.get() == me && r.count.get() > 0 {
        if r.count.get() == u64::MAX {
            return Err(PyErr::new(
                &OVERFLOW_ERROR,
                "Internal lock count overflowed",
            ));
        }
        r.count.set(r.count.get() + 1);
        return Ok(bool_value(true));
    }
    let got = wait_until(|| r.count.get() == 0, d);
    if got {
        r.owner.set(me);
        r.count.set(1);
    }
    Ok(bool_value(got))
}

fn rlock_release(_vm: &mut Vm, args: Args) -> PyResult {
    let r = rlock_of(&args.values[0])?;
    if r.count.get() == 0 || r.owner.get() != ident() {
        return Err(runtime_error("cannot release un-acquired lock"));
    }
    r.count.set(r.count.get() - 1);
    if r.count.get() == 0 {
        r.owner.set(0);
    }
    Ok(none())
}

fn rlock_exit(vm: &mut Vm, args: Args) -> PyResult {
    rlock_release(vm, Args::new(&args.values[..1]))
}

fn rlock_is_owned(_vm: &mut Vm, args: Args) -> PyResult {
    let r = rlock_of(&args.values[0])?;
    Ok(bool_value(r.count.get() > 0 && r.owner.get() == ident()))
}

/// `_release_save()`: releases completely, returning `(count, owner)` for `_acquire_restore`.
fn rlock_release_save(_vm: &mut Vm, args: Args) -> PyResult {
    let r = rlock_of(&args.values[0])?;
    if r.count.get() == 0 {
        return Err(runtime_error("cannot release un-acquired lock"));
    }
    let state = tuple::from_array([
        int::from_i64(r.count.get() as i64),
        int::from_i64(r.owner.get() as i64),
    ]);
    r.count.set(0);
    r.owner.set(0);
    Ok(state)
}

fn rlock_acquire_restore(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_acquire_restore", 2, 2)?;
    let r = rlock_of(&a[0])?;
    let items = vm.collect(&a[1])?;
    if items.len() != 2 {
        return Err(type_error("_acquire_restore() argument must be a 2-tuple"));
    }
    let count = vm.index_i64(&items[0])? as u64;
    let owner = vm.index_i64(&items[1])? as u64;
    wait_until(|| r.count.get() == 0, None);
    r.count.set(count);
    r.owner.set(owner);
    Ok(none())
}

fn rlock_at_fork_reinit(_vm: &mut Vm, args: Args) -> PyResult {
    let r = rlock_of(&args.values[0])?;
    r.count.set(0);
    r.owner.set(0);
    Ok(none())
}

fn rlock_repr(vm: &mut Vm, args: Args) -> PyResult {
    let _vm = vm;
    let me = &args.values[0];
    let r = rlock_of(me)?;
    let ty = me.ty().to_value();
    let name = me.ty().qualname();
    let module = match _vm.getattr_opt(&ty, "__module__")? {
        Some(m) => _vm.str_string(&m)?,
        None => "_thread".to_string(),
    };
    Ok(str::from_string(format!(
        "<{} {module}.{name} object owner={} count={} at {:#x}>",
        if r.count.get() > 0 {
            "locked"
        } else {
            "unlocked"
        },
        r.owner.get(),
        r.count.get(),
        me.word()
    )))
}

fn local_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("_local.__new__(X): X is not a type object"))?;
    let has_args = args.values.len() > 1;
    if has_args {
        let init = cls.lookup_str("__init__");
        let plain_init = init.is_none_or(|i| {
            i.payload_exact::<function::BuiltinFunction>()
                .is_some_and(|b| std::ptr::eq(b.owner, &OBJECT_TYPE))
        });
        if plain_init {
            return Err(type_error("Initialization arguments are not supported"));
        }
    }
    Ok(instance::new_instance(cls, None))
}

fn get_ident(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("get_ident", 0, 0)?;
    Ok(int::from_i64(ident() as i64))
}

fn get_native_id(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("get_native_id", 0, 0)?;
    Ok(int::from_i64(std::process::id() as i64))
}

fn start_new_thread(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(runtime_error(
        "can't start new thread: Heron runs Python on one thread (threads are not supported yet)",
    ))
}

fn count(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("_count", 0, 0)?;
    Ok(int::from_i64(0))
}

fn set_sentinel(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("_set_sentinel", 0, 0)?;
    Ok(new_lock())
}

fn stack_size(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("stack_size", 0, 1)?;
    if let Some(size) = a.first() {
        let n = vm.index_i64(size)?;
        if n != 0 && n < 32768 {
            return Err(value_error("size not valid: 32768 bytes"));
        }
    }
    Ok(int::from_i64(0))
}

fn interrupt_main(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(runtime_error(
        "_thread.interrupt_main() is not supported by Heron yet (no signal delivery)",
    ))
}

fn types() -> [TypeSpec; 3] {
    [
        TypeSpec {
            ty: &LOCK_TYPE,
            methods: methods![
                MethodDef::method("acquire", lock_acquire),
                MethodDef::method("acquire_lock", lock_acquire),
                MethodDef::method("__enter__", lock_acquire),
                MethodDef::method("release", lock_release),
                MethodDef::method("release_lock", lock_release),
                MethodDef::method("__exit__", lock_exit),
                MethodDef::method("locked", lock_locked),
                MethodDef::method("locked_lock", lock_locked),
                MethodDef::method("_at_fork_reinit", lock_at_fork_reinit),
                MethodDef::method("__repr__", lock_repr),
            ],
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &RLOCK_TYPE,
            methods: methods![
                MethodDef::static_("__new__", rlock_new),
                MethodDef::method("acquire", rlock_acquire),
                MethodDef::method("__enter__", rlock_acquire),
                MethodDef::method("release", rlock_release),
                MethodDef::method("__exit__", rlock_exit),
                MethodDef::method("_is_owned", rlock_is_owned),
                MethodDef::method("_release_save", rlock_release_save),
                MethodDef::method("_acquire_restore", rlock_acquire_restore),
                MethodDef::method("_at_fork_reinit", rlock_at_fork_reinit),
                MethodDef::method("__repr__", rlock_repr),
            ],
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &LOCAL_TYPE,
            methods: methods![MethodDef::static_("__new__", local_new)],
            getsets: getsets![],
            doc: None,
        },
    ]
}

/// Creates the `_thread` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    for spec in &types() {
        install_native_type(spec);
    }
    let m = module::new_module("_thread");
    let set = |n: &str, v: Value| module::set_attr(&m, n, v);
    set("LockType", LOCK_TYPE.to_value());
    set("RLock", RLOCK_TYPE.to_value());
    set("_local", LOCAL_TYPE.to_value());
    set("error", exception::RUNTIME_ERROR.to_value());
    set("TIMEOUT_MAX", float::new_float(TIMEOUT_MAX));
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("allocate_lock", allocate_lock),
        ("allocate", allocate_lock),
        ("get_ident", get_ident),
        ("get_native_id", get_native_id),
        ("start_new_thread", start_new_thread),
        ("start_new", start_new_thread),
        ("_count", count),
        ("_set_sentinel", set_sentinel),
        ("stack_size", stack_size),
        ("interrupt_main", interrupt_main),
    ];
    for (n, f) in fns {
        set(n, function::new_builtin_function(n, *f, Some(m.clone())));
    }
    Ok(m)
}
