//! `_signal`, CPython's C module under `signal`: Python-level handlers (run at safe points by
//! `vm::signals`), `default_int_handler` (KeyboardInterrupt), `alarm`, `pause`,
//! `raise_signal`, `strsignal`, `valid_signals` and the signal numbers.

use std::cell::RefCell;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{type_error, value_error, KEYBOARD_INTERRUPT};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::os;
use crate::vm::signals::{self, NSIG};
use crate::vm::Vm;

const SIG_DFL: i64 = 0;
const SIG_IGN: i64 = 1;

const SIGNALS: &[(&str, i32)] = &[
    ("SIGHUP", libc::SIGHUP),
    ("SIGINT", libc::SIGINT),
    ("SIGQUIT", libc::SIGQUIT),
    ("SIGILL", libc::SIGILL),
    ("SIGTRAP", libc::SIGTRAP),
    ("SIGABRT", libc::SIGABRT),
    ("SIGIOT", libc::SIGIOT),
    ("SIGBUS", libc::SIGBUS),
    ("SIGFPE", libc::SIGFPE),
    ("SIGKILL", libc::SIGKILL),
    ("SIGUSR1", libc::SIGUSR1),
    ("SIGSEGV", libc::SIGSEGV),
    ("SIGUSR2", libc::SIGUSR2),
    ("SIGPIPE", libc::SIGPIPE),
    ("SIGALRM", libc::SIGALRM),
    ("SIGTERM", libc::SIGTERM),
    ("SIGSTKFLT", libc::SIGSTKFLT),
    ("SIGCHLD", libc::SIGCHLD),
    ("SIGCONT", libc::SIGCONT),
    ("SIGSTOP", libc::SIGSTOP),
    ("SIGTSTP", libc::SIGTSTP),
    ("SIGTTIN", libc::SIGTTIN),
    ("SIGTTOU", libc::SIGTTOU),
    ("SIGURG", libc::SIGURG),
    ("SIGXCPU", libc::SIGXCPU),
    ("SIGXFSZ", libc::SIGXFSZ),
    ("SIGVTALRM", libc::SIGVTALRM),
    ("SIGPROF", libc::SIGPROF),
    ("SIGWINCH", libc::SIGWINCH),
    ("SIGIO", libc::SIGIO),
    ("SIGPOLL", libc::SIGPOLL),
    ("SIGPWR", libc::SIGPWR),
    ("SIGSYS", libc::SIGSYS),
];

thread_local! {
    static DEFAULT_INT_HANDLER: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// `default_int_handler(signalnum, frame)`: raises KeyboardInterrupt.
fn default_int_handler_fn(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(PyErr::empty(&KEYBOARD_INTERRUPT))
}

fn default_int_handler() -> Value {
    DEFAULT_INT_HANDLER.with(|d| {
        d.borrow_mut()
            .get_or_insert_with(|| {
                function::new_builtin_function("default_int_handler", default_int_handler_fn, None)
            })
            .clone()
    })
}

/// Makes Ctrl-C raise KeyboardInterrupt, as CPython's start-up does for the main program.
pub fn install_default_sigint() {
    signals::set_handler(libc::SIGINT as usize, default_int_handler());
    let _ = signals::install(libc::SIGINT as usize, true, 0);
}

fn signum_arg(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    let n = vm.index_i64(v)?;
    if n < 1 || n >= NSIG as i64 {
        return Err(value_error("signal number out of range"));
    }
    Ok(n as usize)
}

/// The handler as Python sees it: SIG_DFL when none was ever set.
fn current(n: usize) -> Value {
    signals::handler(n).unwrap_or_else(|| int::from_i64(SIG_DFL))
}

fn signal(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("signal", 2, 2)?;
    let n = signum_arg(vm, &a[0])?;
    let handler = a[1].clone();
    let action = int::as_i64(&handler);
    let catch = match action {
        Some(SIG_DFL) | Some(SIG_IGN) => false,
        _ if handler.ty().lookup_str("__call__").is_some() => true,
        _ => {
            return Err(type_error(
                "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
            ))
        }
    };
    let os_action = if action == Some(SIG_IGN) {
        libc::SIG_IGN
    } else {
        libc::SIG_DFL
    };
    if let Err(code) = signals::install(n, catch, os_action) {
        return Err(super::posix::os_error(vm, code, None, None));
    }
    let old = current(n);
    signals::set_handler(n, handler);
    Ok(old)
}

fn getsignal(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getsignal", 1, 1)?;
    let n = signum_arg(vm, &a[0])?;
    Ok(current(n))
}

fn raise_signal(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("raise_signal", 1, 1)?;
    let n = signum_arg(vm, &a[0])?;
    if let Err(e) = os::signal::raise(n as libc::c_int) {
        return Err(super::posix::sys_error(vm, e));
    }
    vm.check_signals()?;
    Ok(none())
}

fn alarm(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("alarm", 1, 1)?;
    let secs = vm.index_i64(&a[0])?;
    Ok(int::from_i64(os::signal::alarm(secs as libc::c_uint) as i64))
}

fn pause(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("pause", 0, 0)?;
    os::signal::pause();
    vm.check_signals()?;
    Ok(none())
}

fn strsignal(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("strsignal", 1, 1)?;
    let n = signum_arg(vm, &a[0])?;
    Ok(os::signal::strsignal(n as libc::c_int).map_or_else(none, str::from_string))
}

fn valid_signals(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("valid_signals", 0, 0)?;
    let s = set::new_set();
    for n in 1..NSIG {
        // Linux reserves 32 and 33 for the threading library.
        if n == 32 || n == 33 {
            continue;
        }
        set::add(vm, &s, int::from_usize(n))?;
    }
    Ok(s)
}

fn set_wakeup_fd(vm: &mut Vm, args: Args) -> PyResult {
    let p = args.positional();
    let Some(fd) = p.first() else {
        return Err(type_error("set_wakeup_fd() missing required argument 'fd'"));
    };
    let fd = vm.index_i64(fd)?;
    let old = WAKEUP_FD.with(|w| w.replace(fd));
    Ok(int::from_i64(old))
}

thread_local! {
    /// `set_wakeup_fd`'s descriptor (recorded; nothing writes to it yet).
    static WAKEUP_FD: std::cell::Cell<i64> = const { std::cell::Cell::new(-1) };
}

fn siginterrupt(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("siginterrupt", 2, 2)?;
    signum_arg(vm, &a[0])?;
    Ok(none())
}

/// Creates the `_signal` module.
pub fn new_module(_vm: &mut Vm) -> PyResult<Value> {
    let m = module::new_module("_signal");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("signal", signal),
        ("getsignal", getsignal),
        ("raise_signal", raise_signal),
        ("alarm", alarm),
        ("pause", pause),
        ("strsignal", strsignal),
        ("valid_signals", valid_signals),
        ("set_wakeup_fd", set_wakeup_fd),
        ("siginterrupt", siginterrupt),
    ];
    crate::modules::add_functions(&m, fns);
    module::set_attr(&m, "default_int_handler", default_int_handler());
    module::set_attr(&m, "SIG_DFL", int::from_i64(SIG_DFL));
    module::set_attr(&m, "SIG_IGN", int::from_i64(SIG_IGN));
    module::set_attr(&m, "NSIG", int::from_usize(NSIG));
    module::set_attr(&m, "SIGRTMIN", int::from_i64(os::signal::sigrtmin() as i64));
    module::set_attr(&m, "SIGRTMAX", int::from_i64(os::signal::sigrtmax() as i64));
    for (name, n) in SIGNALS {
        module::set_attr(&m, name, int::from_i64(*n as i64));
    }
    Ok(m)
}
