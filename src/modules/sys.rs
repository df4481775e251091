//! The `sys` module.

use crate::object::error::PyErr;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error, SYSTEM_EXIT};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn exit(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("exit", 0, 1)?;
    Err(PyErr(exception::new_exception(&SYSTEM_EXIT, a.to_vec())))
}

thread_local! {
    /// `set_coroutine_origin_tracking_depth`'s value. Heron accepts and reports it, but does
    /// not record `cr_origin` yet (docs/compatibility.md).
    static ORIGIN_TRACKING_DEPTH: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

fn get_coroutine_origin_tracking_depth(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(int::from_i64(ORIGIN_TRACKING_DEPTH.with(|d| d.get())))
}

fn set_coroutine_origin_tracking_depth(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("set_coroutine_origin_tracking_depth", &["depth"], 1)?;
    let depth = vm.index_i64(b[0].as_ref().expect("depth"))?;
    if depth < 0 {
        return Err(crate::object::exception::value_error("depth must be >= 0"));
    }
    ORIGIN_TRACKING_DEPTH.with(|d| d.set(depth));
    Ok(crate::object::types::none())
}

fn is_finalizing(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(crate::object::types::bool_value(vm.finalizing))
}

fn getrecursionlimit(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(int::from_usize(vm.recursion_limit))
}

fn setrecursionlimit(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setrecursionlimit", 1, 1)?;
    let n = vm.index_i64(&a[0])?;
    if n < 1 {
        return Err(value_error(
            "recursion limit must be greater or equal than 1",
        ));
    }
    if (n as usize) <= vm.frames.len() {
        return Err(crate::object::exception::recursion_error(format!(
            "cannot set the recursion limit to {n} at the recursion depth {}: the limit is too low",
            vm.frames.len()
        )));
    }
    vm.recursion_limit = n as usize;
    Ok(none())
}

/// Reference count as CPython reports it: the argument's own reference is included.
fn getrefcount(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getrefcount", 1, 1)?;
    let rc = a[0].refcount();
    Ok(int::from_usize(if a[0].is_immortal() {
        (1usize << 32) - 1
    } else {
        rc
    }))
}

fn getsizeof(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getsizeof", 1, 2)?;
    let v = &a[0];
    if v.ty().layout == crate::object::typeobj::Layout::Instance {
        // A class's own `__sizeof__`, plus the collector's header as CPython counts it.
        let size = match vm.call_method(v, "__sizeof__", &[]) {
            Ok(s) => s,
            Err(e) => return a.get(1).cloned().ok_or(e),
        };
        let n = int::as_i64(&size).ok_or_else(|| type_error("an integer is required"))?;
        if n < 0 {
            return Err(exception::value_error("__sizeof__() should return >= 0"));
        }
        // The collector's header, and the dict and weakref pointers before it.
        let pre = if v.ty().has_flag(crate::object::typeobj::flags::NO_DICT) {
            0
        } else {
            16
        };
        return Ok(int::from_i64(n + 16 + pre));
    }
    let n = if v.is_small_int() {
        28
    } else if let Some(s) = str::payload(v) {
        49 + s.as_str().len()
    } else if let Some(l) = list::as_list(v) {
        56 + 8 * l.0.borrow().capacity()
    } else if let Some(t) = tuple::as_tuple(v) {
        40 + 8 * t.len()
    } else {
        std::mem::size_of::<crate::object::value::Header>() + 32
    };
    Ok(int::from_usize(n))
}

thread_local! {
    /// `sys.getswitchinterval()`: kept for the threads a later issue brings.
    static SWITCH_INTERVAL: std::cell::Cell<f64> = const { std::cell::Cell::new(0.005) };
}

fn getswitchinterval(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("getswitchinterval", 0, 0)?;
    Ok(float::new_float(SWITCH_INTERVAL.with(|c| c.get())))
}

fn setswitchinterval(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setswitchinterval", 1, 1)?;
    let x = vm.to_f64(&a[0])?;
    if x <= 0.0 {
        return Err(exception::value_error(
            "switch interval must be strictly positive",
        ));
    }
    SWITCH_INTERVAL.with(|c| c.set(x));
    Ok(none())
}

fn get_int_max_str_digits(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("get_int_max_str_digits", 0, 0)?;
    Ok(int::from_usize(
        crate::builtins::methods::int::str_digits_limit(),
    ))
}

fn set_int_max_str_digits(vm: &mut Vm, args: Args) -> PyResult {
    use crate::builtins::methods::int::{set_str_digits_limit, MIN_STR_DIGITS_LIMIT};
    let b = args.bind("set_int_max_str_digits", &["maxdigits"], 1)?;
    let n = vm.index_i64(b[0].as_ref().expect("maxdigits"))?;
    if n != 0 && n < MIN_STR_DIGITS_LIMIT as i64 {
        return Err(exception::value_error(format!(
            "maxdigits must be 0 or larger than {MIN_STR_DIGITS_LIMIT}"
        )));
    }
    set_str_digits_limit(n as usize);
    Ok(none())
}

fn intern(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("intern", 1, 1)?;
    if !a[0].is_type(&crate::object::types::STR_TYPE) {
        return Err(type_error(format!(
            "intern() argument must be str, not {}",
            a[0].ty().name()
        )));
    }
    Ok(str::intern_value(&a[0]))
}

/// `sys.exc_info()`: the exception being handled (`Vm::handled_exception`, as
/// `sys.exception()`) as (type, value, traceback).
fn exc_info(vm: &mut Vm, _args: Args) -> PyResult {
    let e = vm.handled_exception();
    if e.is_none() {
        return Ok(tuple::from_array([none(), none(), none()]));
    }
    let tb = e
        .payload_exact::<exception::Exception>()
        .and_then(|p| p.traceback.borrow().clone())
        .unwrap_or_else(none);
    Ok(tuple::from_array([e.ty().to_value(), e, tb]))
}

/// `sys.exception()`: the exception being handled, or None (`sys.exc_info()[1]`).
fn exception(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("sys.exception", 0, 0)?;
    Ok(vm.handled_exception())
}

/// `sys.getallocatedblocks()`: Heron's allocator (mimalloc) keeps no count of blocks as
/// pymalloc does, and the collector sees only container objects (counting them would walk
/// every generation), so no cheap count exists: it returns 0, which CPython documents as
/// allowed for implementations that cannot report it.
fn getallocatedblocks(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("sys.getallocatedblocks", 0, 0)?;
    Ok(int::from_i64(0))
}

/// `sys.call_tracing(func, args)`: `func(*args)`. Heron has no tracing hooks to save and
/// restore, so it is a plain call.
fn call_tracing(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("sys.call_tracing")?;
    let a = args.check_count("call_tracing", 2, 2)?;
    let Some(items) = tuple::as_tuple(&a[1]) else {
        return Err(type_error(format!(
            "call_tracing() argument 2 must be tuple, not {}",
            a[1].ty().name()
        )));
    };
    let items = items.to_vec();
    vm.call(&a[0], &items)
}

/// `sys.breakpointhook(*args, **kws)` (and `sys.__breakpointhook__`), as CPython's
/// `sys_breakpointhook`: `PYTHONBREAKPOINT` names the function to call (read at each call,
/// unless `-E`/`-I`): unset or empty means `pdb.set_trace`, `0` does nothing, a name without
/// a dot is a builtin, `a.b.f` is `f` of module `a.b`. A module that cannot be imported or a
/// missing function is a RuntimeWarning, and the hook returns None.
fn breakpointhook(vm: &mut Vm, args: Args) -> PyResult {
    let flags = vm.options.path_flags;
    let var = if flags.ignore_environment || flags.isolated {
        None
    } else {
        std::env::var_os("PYTHONBREAKPOINT")
    };
    let var = var
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "pdb.set_trace".to_string());
    if var == "0" {
        return Ok(none());
    }
    let target = match var.rsplit_once('.') {
        None => Some(("builtins", var.as_str())),
        Some(("", _)) => None,
        Some(split) => Some(split),
    };
    let hook = match target {
        None => None,
        Some((module, attr)) => match vm.import_module(module) {
            Ok(m) => match vm.getattr(&m, attr) {
                Ok(h) => Some(h),
                Err(e) if e.0.is_instance_of(&exception::ATTRIBUTE_ERROR) => None,
                Err(e) => return Err(e),
            },
            Err(e) if e.0.is_instance_of(&exception::IMPORT_ERROR) => None,
            Err(e) => return Err(e),
        },
    };
    match hook {
        Some(h) => vm.call_with(&h, args),
        None => {
            // Attributed to the Python code that called breakpoint() (CPython's stack level 0
            // from C: the innermost Python frame).
            crate::modules::imp::warn_with(
                vm,
                &exception::RUNTIME_WARNING,
                &format!("Ignoring unimportable $PYTHONBREAKPOINT: \"{var}\""),
                1,
            )?;
            Ok(none())
        }
    }
}

/// `sys._getframe(depth=0)`: a snapshot of a running frame and its callers.
fn getframe(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_getframe", 0, 1)?;
    let depth = match a.first() {
        Some(d) => vm.index_i64(d)? as usize,
        None => 0,
    };
    let n = vm.frames.len();
    if depth >= n {
        return Err(value_error("call stack is not deep enough"));
    }
    let mut back: Option<Value> = None;
    for i in 0..n - depth {
        let f = vm.frame_at(i).expect("frame index in range");
        let fo = frameobj::new_frame_object(
            f.code.clone(),
            f.globals.clone(),
            Some(f.locals_snapshot()),
            f.current_line(),
            f.lasti() as u32,
            back.take(),
        );
        back = Some(fo);
    }
    Ok(back.unwrap_or_else(none))
}

/// `sys.copyright`: CPython's notice (Heron runs its library), which `site` shows.
const COPYRIGHT: &str = "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.";

fn get_encoding(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(str::new_str("utf-8"))
}

/// `sys.excepthook(type, value, traceback)`: prints the exception as an uncaught one.
fn excepthook(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("excepthook", 3, 3)?;
    vm.flush_stdout();
    crate::vm::traceback::print_exception(vm, &a[1]);
    Ok(none())
}

/// `sys.unraisablehook(unraisable)`: prints what could not be raised.
fn unraisablehook(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unraisablehook", 1, 1)?;
    let exc = vm.getattr(&a[0], "exc_value")?;
    let obj = vm.getattr_opt(&a[0], "object")?.filter(|o| !o.is_none());
    vm.flush_stdout();
    if let Some(o) = obj {
        let r = vm.repr_string(&o).unwrap_or_else(|_| "<object>".into());
        eprintln!("Exception ignored in: {r}");
    }
    if !exc.is_none() {
        crate::vm::traceback::print_exception(vm, &exc);
    }
    Ok(none())
}

thread_local! {
    /// Hooks added by `sys.addaudithook`, called in order by `sys.audit`.
    static AUDIT_HOOKS: std::cell::RefCell<Vec<Value>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `sys.audit(event, *args)`: calls every audit hook with `(event, args)`.
fn audit(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    let Some(event) = pos.first() else {
        return Err(type_error(
            "audit() missing 1 required positional argument: 'event'",
        ));
    };
    if str::as_str(event).is_none() {
        return Err(type_error(format!(
            "expected str for argument 'event', not {}",
            event.ty().name()
        )));
    }
    let hooks = AUDIT_HOOKS.with(|h| h.borrow().clone());
    if hooks.is_empty() {
        return Ok(none());
    }
    let rest = tuple::from_slice(&pos[1..]);
    for h in hooks {
        vm.call(&h, &[event.clone(), rest.clone()])?;
    }
    Ok(none())
}

/// Raises audit event `event` with `args` from native code (CPython's `PySys_Audit`).
pub fn audit_event(vm: &mut Vm, event: &str, args: Vec<Value>) -> PyResult<()> {
    let mut all = vec![str::new_str(event)];
    all.extend(args);
    audit(vm, Args::new(&all)).map(drop)
}

/// `sys.addaudithook(hook)`.
fn addaudithook(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("addaudithook", 1, 1)?;
    audit(vm, Args::new(&[str::new_str("sys.addaudithook")]))?;
    AUDIT_HOOKS.with(|h| h.borrow_mut().push(a[0].clone()));
    Ok(none())
}

/// `sys.gettrace()` / `sys.getprofile()`: Heron has no tracing or profiling hooks, so none is
/// ever installed.
fn no_hook(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

/// `sys.settrace(f)` / `sys.setprofile(f)`: clearing (None) is accepted; installing a hook
/// says plainly that Heron cannot call one yet.
fn set_hook(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("settrace", 1, 1)?;
    if a[0].is_none() {
        return Ok(none());
    }
    Err(exception::not_implemented_error(
        "sys.settrace and sys.setprofile hooks are not supported by Heron yet",
    ))
}

fn get_fs_errors(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(str::new_str("surrogateescape"))
}

fn displayhook(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("displayhook", 1, 1)?;
    if !a[0].is_none() {
        let r = vm.repr_string(&a[0])?;
        crate::builtins::write_stdout(vm, &format!("{r}\n"))?;
        dict::set_str(&vm.builtins.clone(), &str::intern_static("_"), a[0].clone());
    }
    Ok(none())
}

/// A `sys`-style named tuple instance (`sys.version_info`), built by `_structseq.make`.
fn make_structseq(vm: &mut Vm, typename: &str, fields: &[&str], values: Vec<Value>) -> PyResult {
    let helper = vm.import_module("_structseq")?;
    let make = vm.getattr(&helper, "make")?;
    let names = tuple::new_tuple(fields.iter().map(|f| str::new_str(f)).collect());
    let cls = vm.call(&make, &[str::new_str(typename), str::new_str("sys"), names])?;
    vm.call(&cls, &[tuple::new_tuple(values)])
}

fn set(m: &Value, name: &str, v: Value) {
    module::set_attr(m, name, v);
}

/// Fills the `sys` module.
pub fn init(vm: &mut Vm) {
    let m = vm.sys_module.clone();
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("exit", exit),
        ("getrecursionlimit", getrecursionlimit),
        ("is_finalizing", is_finalizing),
        (
            "get_coroutine_origin_tracking_depth",
            get_coroutine_origin_tracking_depth,
        ),
        (
            "set_coroutine_origin_tracking_depth",
            set_coroutine_origin_tracking_depth,
        ),
        ("setrecursionlimit", setrecursionlimit),
        ("getrefcount", getrefcount),
        ("getsizeof", getsizeof),
        ("get_int_max_str_digits", get_int_max_str_digits),
        ("getswitchinterval", getswitchinterval),
        ("setswitchinterval", setswitchinterval),
        ("set_int_max_str_digits", set_int_max_str_digits),
        ("intern", intern),
        ("exc_info", exc_info),
        ("exception", exception),
        ("getallocatedblocks", getallocatedblocks),
        ("call_tracing", call_tracing),
        ("breakpointhook", breakpointhook),
        ("gettrace", no_hook),
        ("getprofile", no_hook),
        ("settrace", set_hook),
        ("setprofile", set_hook),
        ("_getframe", getframe),
        ("displayhook", displayhook),
        ("getdefaultencoding", get_encoding),
        ("getfilesystemencoding", get_encoding),
        ("getfilesystemencodeerrors", get_fs_errors),
        ("excepthook", excepthook),
        ("audit", audit),
        ("addaudithook", addaudithook),
        ("unraisablehook", unraisablehook),
        (
            "set_asyncgen_hooks",
            crate::vm::coroutine::set_asyncgen_hooks,
        ),
        (
            "get_asyncgen_hooks",
            crate::vm::coroutine::get_asyncgen_hooks,
        ),
    ];
    for (n, f) in fns {
        set(
            &m,
            n,
            function::new_builtin_function(n, *f, Some(m.clone())),
        );
    }
    // The originals of the hooks, kept as CPython keeps them: the same function objects.
    for hook in [
        "breakpointhook",
        "displayhook",
        "excepthook",
        "unraisablehook",
    ] {
        if let Some(f) = vm.sys_attr(hook) {
            set(&m, &format!("__{hook}__"), f);
        }
    }
    let argv = list::new_list(vm.options.argv.iter().map(|a| str::new_str(a)).collect());
    set(&m, "argv", argv);
    set(&m, "maxsize", int::from_i64(i64::MAX));
    set(&m, "maxunicode", int::from_i64(0x10ffff));
    set(
        &m,
        "byteorder",
        str::new_str(if cfg!(target_endian = "little") {
            "little"
        } else {
            "big"
        }),
    );
    set(&m, "platform", str::new_str("linux"));
    set(&m, "copyright", str::new_str(COPYRIGHT));
    set(
        &m,
        "executable",
        str::new_str(
            &std::env::current_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        ),
    );
    set(
        &m,
        "version",
        str::new_str(&format!("3.11.7 (heron {})", env!("CARGO_PKG_VERSION"))),
    );
    set(
        &m,
        "version_info",
        tuple::from_array([
            int::from_i64(3),
            int::from_i64(11),
            int::from_i64(7),
            str::new_str("final"),
            int::from_i64(0),
        ]),
    );
    set(&m, "hexversion", int::from_i64(0x030b07f0));
    if let Ok(v) = make_structseq(
        vm,
        "version_info",
        &["major", "minor", "micro", "releaselevel", "serial"],
        vec![
            int::from_i64(3),
            int::from_i64(11),
            int::from_i64(7),
            str::new_str("final"),
            int::from_i64(0),
        ],
    ) {
        set(&m, "version_info", v);
    }
    if let Ok(v) = make_structseq(
        vm,
        "float_info",
        &[
            "max",
            "max_exp",
            "max_10_exp",
            "min",
            "min_exp",
            "min_10_exp",
            "dig",
            "mant_dig",
            "epsilon",
            "radix",
            "rounds",
        ],
        vec![
            float::new_float(f64::MAX),
            int::from_i64(f64::MAX_EXP as i64),
            int::from_i64(f64::MAX_10_EXP as i64),
            float::new_float(f64::MIN_POSITIVE),
            int::from_i64(f64::MIN_EXP as i64),
            int::from_i64(f64::MIN_10_EXP as i64),
            int::from_i64(f64::DIGITS as i64),
            int::from_i64(f64::MANTISSA_DIGITS as i64),
            float::new_float(f64::EPSILON),
            int::from_i64(2),
            int::from_i64(1),
        ],
    ) {
        set(&m, "float_info", v);
    }
    if let Ok(v) = make_structseq(
        vm,
        "hash_info",
        &[
            "width",
            "modulus",
            "inf",
            "nan",
            "imag",
            "algorithm",
            "hash_bits",
            "seed_bits",
            "cutoff",
        ],
        vec![
            int::from_i64(64),
            int::from_i64((1 << 61) - 1),
            int::from_i64(314159),
            int::from_i64(0),
            int::from_i64(1000003),
            str::new_str("fnv"),
            int::from_i64(64),
            int::from_i64(0),
            int::from_i64(0),
        ],
    ) {
        set(&m, "hash_info", v);
    }
    if let Ok(v) = make_structseq(
        vm,
        "int_info",
        &[
            "bits_per_digit",
            "sizeof_digit",
            "default_max_str_digits",
            "str_digits_check_threshold",
        ],
        // CPython 3.11's on 64-bit platforms: 30-bit digits in 4 bytes, and its limits on
        // int/str conversion (which Heron applies with the same numbers).
        vec![
            int::from_i64(30),
            int::from_i64(4),
            int::from_usize(crate::builtins::methods::int::MAX_STR_DIGITS),
            int::from_usize(crate::builtins::methods::int::MIN_STR_DIGITS_LIMIT),
        ],
    ) {
        set(&m, "int_info", v);
    }
    let pthread_version = crate::os::time::libpthread_version()
        .map(|v| str::new_str(&v))
        .unwrap_or_else(none);
    if let Ok(v) = make_structseq(
        vm,
        "thread_info",
        &["name", "lock", "version"],
        vec![
            str::new_str("pthread"),
            str::new_str("semaphore"),
            pthread_version,
        ],
    ) {
        set(&m, "thread_info", v);
    }
    set(&m, "float_repr_style", str::new_str("short"));
    // The C API version of CPython 3.11 (`PYTHON_API_VERSION`).
    set(&m, "api_version", int::from_i64(1013));
    let flag_names = [
        "debug",
        "inspect",
        "interactive",
        "optimize",
        "dont_write_bytecode",
        "no_user_site",
        "no_site",
        "ignore_environment",
        "verbose",
        "bytes_warning",
        "quiet",
        "hash_randomization",
        "isolated",
        "dev_mode",
        "utf8_mode",
        "warn_default_encoding",
        "safe_path",
        "int_max_str_digits",
    ];
    let o = &vm.options;
    let f = o.path_flags;
    let n = |b: bool| int::from_i64(b as i64);
    let flag_values: Vec<Value> = vec![
        n(false),
        n(false),
        n(false),
        int::from_i64(o.optimize as i64),
        n(o.dont_write_bytecode),
        n(f.no_user_site || f.isolated),
        n(f.no_site),
        n(f.ignore_environment || f.isolated),
        int::from_i64(o.verbose as i64),
        n(false),
        n(o.quiet),
        n(true),
        n(f.isolated),
        crate::object::types::bool_value(false),
        n(false),
        n(false),
        crate::object::types::bool_value(o.safe_path || f.isolated),
        int::from_i64(-1),
    ];
    if let Ok(v) = make_structseq(vm, "flags", &flag_names, flag_values) {
        set(&m, "flags", v);
    }
    set(&m, "modules", vm.modules.clone());
    let env_ok = !vm.options.path_flags.ignore_environment && !vm.options.path_flags.isolated;
    let env = move |k: &str| {
        if env_ok || k == "HOME" {
            std::env::var(k).ok()
        } else {
            None
        }
    };
    let path = crate::vm::paths::initial_path(vm.options.path_flags, &vm.stdlib, &env);
    set(
        &m,
        "path",
        list::new_list(path.iter().map(|p| str::new_str(p)).collect()),
    );
    set(&m, "meta_path", list::new_list(vec![]));
    set(&m, "path_hooks", list::new_list(vec![]));
    set(&m, "path_importer_cache", dict::new_dict());
    let prefix = vm
        .stdlib
        .prefix()
        .map(|p| str::new_str(&p.display().to_string()))
        .unwrap_or_else(none);
    for name in ["prefix", "exec_prefix", "base_prefix", "base_exec_prefix"] {
        set(&m, name, prefix.clone());
    }
    set(&m, "platlibdir", str::new_str("lib"));
    set(&m, "abiflags", str::new_str(""));
    set(
        &m,
        "_stdlib_dir",
        vm.stdlib
            .dir
            .as_ref()
            .map(|d| str::new_str(&d.display().to_string()))
            .unwrap_or_else(none),
    );
    let names = set::new_frozenset();
    for n in crate::vm::paths::stdlib_module_names() {
        let _ = set::add(vm, &names, str::new_str(n));
    }
    set(&m, "stdlib_module_names", names);
    set(
        &m,
        "warnoptions",
        list::new_list(
            vm.options
                .warnoptions
                .iter()
                .map(|w| str::new_str(w))
                .collect(),
        ),
    );
    let xoptions = dict::new_dict();
    for (k, v) in &vm.options.xoptions {
        let v = match v {
            Some(v) => str::new_str(v),
            None => crate::object::types::bool_value(true),
        };
        dict::set_str(&xoptions, &str::new_str(k), v);
    }
    set(&m, "_xoptions", xoptions);
    set(
        &m,
        "orig_argv",
        list::new_list(
            vm.options
                .orig_argv
                .iter()
                .map(|a| str::new_str(a))
                .collect(),
        ),
    );
    set(
        &m,
        "builtin_module_names",
        tuple::new_tuple(
            crate::modules::builtin_module_names()
                .into_iter()
                .map(str::new_str)
                .collect(),
        ),
    );
    let version = module::dict_of(&m)
        .and_then(|d| dict::lookup_str(d, &str::intern_static("version_info")))
        .unwrap_or_else(none);
    let imp = crate::builtins::methods::namespace::new_namespace(vec![
        ("name", str::new_str("heron")),
        ("cache_tag", str::new_str(crate::vm::pycache::CACHE_TAG)),
        ("version", version),
        ("hexversion", int::from_i64(0x030b07f0)),
        (
            "_multiarch",
            str::new_str(&format!("{}-linux-gnu", std::env::consts::ARCH)),
        ),
    ]);
    set(&m, "implementation", imp);
    set(
        &m,
        "dont_write_bytecode",
        crate::object::types::bool_value(vm.options.dont_write_bytecode),
    );
    set(&m, "pycache_prefix", none());
}
