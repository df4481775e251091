//! `_signal`, CPython's C module under `signal`: Python-level handlers (run at safe points by
//! `vm::signals`), `default_int_handler` (KeyboardInterrupt), `alarm`, `pause`,
//! `raise_signal`, `strsignal`, `valid_signals`, the interval timers (`setitimer`,
//! `getitimer`, `ItimerError`), the Python thread's mask (`pthread_sigmask`, `sigpending`),
//! waiting for signals (`sigwait`, `sigwaitinfo`, `sigtimedwait` and `struct_siginfo`),
//! `pthread_kill`, `pidfd_send_signal` and the signal numbers.
//!
//! Heron runs Python on a thread of its own and blocks the asynchronous signals in the
//! process's first thread (`vm::signals::block_in_this_thread`), which only waits: the Python
//! thread starts with the mask Heron was started with, as CPython's main thread does, so the
//! masks `pthread_sigmask` reads and changes are the program's own.

use std::cell::RefCell;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{
    overflow_error, type_error, value_error, KEYBOARD_INTERRUPT, OS_ERROR, RUNTIME_WARNING,
};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::os;
use crate::os::signal::{SigInfo, SigSet};
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
    ("SIGCLD", libc::SIGCHLD),
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
    /// `ItimerError` (CPython's `signal.itimer_error`) and `struct_siginfo`, made with the
    /// module.
    static ITIMER_ERROR: RefCell<Option<Value>> = const { RefCell::new(None) };
    static SIGINFO_TYPE: RefCell<Option<Value>> = const { RefCell::new(None) };
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
    let a = args.check_count("_signal.getsignal", 1, 1)?;
    let n = signum_arg(vm, &a[0])?;
    Ok(current(n))
}

fn raise_signal(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_signal.raise_signal", 1, 1)?;
    // Not checked against the range, as CPython: raise() refuses bad numbers.
    let n = c_int_arg(vm, &a[0])?;
    if let Err(e) = os::signal::raise(n) {
        return Err(super::posix::sys_error(vm, e));
    }
    vm.check_signals()?;
    Ok(none())
}

fn alarm(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_signal.alarm", 1, 1)?;
    let secs = vm.index_i64(&a[0])?;
    Ok(int::from_i64(os::signal::alarm(secs as libc::c_uint) as i64))
}

fn pause(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("_signal.pause", 0, 0)?;
    os::signal::pause();
    vm.check_signals()?;
    Ok(none())
}

fn strsignal(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_signal.strsignal", 1, 1)?;
    let n = signum_arg(vm, &a[0])?;
    Ok(os::signal::strsignal(n as libc::c_int).map_or_else(none, str::from_string))
}

fn valid_signals(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("_signal.valid_signals", 0, 0)?;
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

/// `set_wakeup_fd(fd, /, *, warn_on_full_buffer=True)`: records the descriptor (which must be
/// open and non-blocking, or -1); returns the previous one.
fn set_wakeup_fd(vm: &mut Vm, args: Args) -> PyResult {
    let p = args.positional();
    if p.len() != 1 {
        return Err(type_error(format!(
            "set_wakeup_fd() takes {} 1 positional argument ({} given)",
            if p.is_empty() { "exactly" } else { "at most" },
            p.len()
        )));
    }
    for (k, _) in args.keywords() {
        let k = str::as_str(k).unwrap_or("");
        if k != "warn_on_full_buffer" {
            return Err(type_error(format!(
                "'{k}' is an invalid keyword argument for set_wakeup_fd()"
            )));
        }
    }
    let fd = c_int_arg(vm, &p[0])?;
    if let Some(w) = args.keyword("warn_on_full_buffer") {
        vm.truthy(w)?;
    }
    if fd != -1 {
        if let Err(e) = os::fd::fstat(fd) {
            return Err(super::posix::sys_error(vm, e));
        }
        let flags = match os::fd::fcntl_int(fd, libc::F_GETFL, 0) {
            Ok(flags) => flags,
            Err(e) => return Err(super::posix::sys_error(vm, e)),
        };
        if flags & libc::O_NONBLOCK == 0 {
            return Err(value_error(format!(
                "the fd {fd} must be in non-blocking mode"
            )));
        }
    }
    let old = WAKEUP_FD.with(|w| w.replace(fd as i64));
    Ok(int::from_i64(old))
}

thread_local! {
    /// `set_wakeup_fd`'s descriptor (recorded; nothing writes to it yet).
    static WAKEUP_FD: std::cell::Cell<i64> = const { std::cell::Cell::new(-1) };
}

/// `siginterrupt(signalnum, flag)`: whether the signal interrupts system calls (a true flag,
/// the default) or lets them restart.
fn siginterrupt(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("siginterrupt", 2, 2)?;
    let n = signum_arg(vm, &a[0])?;
    let flag = c_int_arg(vm, &a[1])?;
    if let Err(e) = os::signal::siginterrupt(n as libc::c_int, flag != 0) {
        return Err(super::posix::sys_error(vm, e));
    }
    Ok(none())
}

/// A C `int` argument (Argument Clinic's `int` converter).
fn c_int_arg(vm: &mut Vm, v: &Value) -> PyResult<libc::c_int> {
    let n = vm.index_i64(v).map_err(|e| {
        if e.is_instance(&crate::object::exception::OVERFLOW_ERROR) {
            overflow_error("Python int too large to convert to C int")
        } else {
            e
        }
    })?;
    libc::c_int::try_from(n).map_err(|_| {
        overflow_error(if n < 0 {
            "Python int too small to convert to C int"
        } else {
            "Python int too large to convert to C int"
        })
    })
}

/// A count of seconds (float or int) as nanoseconds, rounded up: CPython's
/// `_PyTime_FromSecondsObject(..., _PyTime_ROUND_CEILING)` with its errors.
fn seconds_ns(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let too_large = || overflow_error("timestamp too large to convert to C _PyTime_t");
    if let Some(d) = float::as_f64(v) {
        if d.is_nan() {
            return Err(value_error("Invalid value NaN (not a number)"));
        }
        let ns = (d * 1e9).ceil();
        let limit = -(i64::MIN as f64);
        if !(-limit <= ns && ns < limit) {
            return Err(too_large());
        }
        return Ok(ns as i64);
    }
    let i = vm.index(v)?;
    let n = int::as_i64(&i).ok_or_else(too_large)?;
    n.checked_mul(1_000_000_000).ok_or_else(too_large)
}

/// Nanoseconds as a timeval, microseconds rounded up (`_PyTime_AsTimeval` with
/// `_PyTime_ROUND_CEILING`).
fn ns_to_timeval(ns: i64) -> (i64, i64) {
    let us = ns.div_euclid(1000) + i64::from(ns.rem_euclid(1000) != 0);
    (us.div_euclid(1_000_000), us.rem_euclid(1_000_000))
}

/// A timeval as float seconds, as CPython's `double_from_timeval`.
fn timeval_to_float(t: (i64, i64)) -> Value {
    float::new_float(t.0 as f64 + t.1 as f64 / 1_000_000.0)
}

fn itimer_value((value, interval): os::signal::Itimer) -> Value {
    tuple::from_array([timeval_to_float(value), timeval_to_float(interval)])
}

/// `ItimerError(errno, strerror)` for a failed timer call.
fn itimer_error(vm: &mut Vm, e: os::Errno) -> PyErr {
    let Some(cls) = ITIMER_ERROR.with(|c| c.borrow().clone()) else {
        return super::posix::sys_error(vm, e);
    };
    let args = [
        int::from_i64(e.0 as i64),
        str::new_str(&super::posix::strerror_text(e.0)),
    ];
    match vm.call(&cls, &args) {
        Ok(v) => PyErr(v),
        Err(err) => err,
    }
}

/// `setitimer(which, seconds, interval=0.0)`: arms timer `which`; returns its previous
/// (delay, interval).
fn setitimer(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setitimer", 2, 3)?;
    let which = c_int_arg(vm, &a[0])?;
    let value = ns_to_timeval(seconds_ns(vm, &a[1])?);
    let interval = match a.get(2) {
        Some(v) => ns_to_timeval(seconds_ns(vm, v)?),
        None => (0, 0),
    };
    match os::signal::setitimer(which, (value, interval)) {
        Ok(old) => Ok(itimer_value(old)),
        Err(e) => Err(itimer_error(vm, e)),
    }
}

/// `getitimer(which)`: timer `which`'s (delay, interval).
fn getitimer(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_signal.getitimer", 1, 1)?;
    let which = c_int_arg(vm, &a[0])?;
    match os::signal::getitimer(which) {
        Ok(cur) => Ok(itimer_value(cur)),
        Err(e) => Err(itimer_error(vm, e)),
    }
}

/// An iterable of signal numbers as a sigset (CPython's `_Py_Sigset_Converter`): numbers out
/// of range are a ValueError, numbers the C library reserves a RuntimeWarning.
fn sigset_arg(vm: &mut Vm, v: &Value) -> PyResult<SigSet> {
    let mut set = SigSet::empty();
    for item in vm.collect(v)? {
        let i = vm.index(&item)?;
        // An int too large for a C long reads as -1, as PyLong_AsLongAndOverflow gives it.
        let n = int::as_i64(&i).unwrap_or(-1);
        if n <= 0 || n >= NSIG as i64 {
            return Err(value_error(format!(
                "signal number {n} out of range [1; {}]",
                NSIG - 1
            )));
        }
        if set.add(n as libc::c_int).is_err() {
            super::imp::warn_with(
                vm,
                &RUNTIME_WARNING,
                &format!("invalid signal number {n}, please use valid_signals()"),
                1,
            )?;
        }
    }
    Ok(set)
}

/// A sigset as a set of ints.
fn sigset_value(vm: &mut Vm, set: &SigSet) -> PyResult {
    let s = set::new_set();
    for n in 1..NSIG as libc::c_int {
        if set.contains(n) {
            set::add(vm, &s, int::from_i64(n as i64))?;
        }
    }
    Ok(s)
}

/// `pthread_sigmask(how, mask)`: changes the Python thread's mask; returns the previous one.
fn pthread_sigmask(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("pthread_sigmask", 2, 2)?;
    let how = c_int_arg(vm, &a[0])?;
    let mask = sigset_arg(vm, &a[1])?;
    let old = match os::signal::pthread_sigmask(how, &mask) {
        Ok(old) => old,
        Err(e) => return Err(super::posix::sys_error(vm, e)),
    };
    // Signals just unblocked have been delivered: their handlers run now.
    vm.check_signals()?;
    sigset_value(vm, &old)
}

/// `sigpending()`: the blocked signals waiting for the thread or the process.
fn sigpending(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("_signal.sigpending", 0, 0)?;
    match os::signal::sigpending() {
        Ok(set) => sigset_value(vm, &set),
        Err(e) => Err(super::posix::sys_error(vm, e)),
    }
}

/// `sigwait(sigset)`: waits for one of the signals of `sigset`; returns its number.
fn sigwait(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_signal.sigwait", 1, 1)?;
    let set = sigset_arg(vm, &a[0])?;
    match os::signal::sigwait(&set) {
        Ok(n) => Ok(int::from_i64(n as i64)),
        Err(e) => Err(super::posix::sys_error(vm, e)),
    }
}

/// The `signal.struct_siginfo` class (made once, by `_structseq.make`).
fn siginfo_type(vm: &mut Vm) -> PyResult {
    if let Some(t) = SIGINFO_TYPE.with(|t| t.borrow().clone()) {
        return Ok(t);
    }
    let fields = [
        "si_signo",
        "si_code",
        "si_errno",
        "si_pid",
        "si_uid",
        "si_status",
        "si_band",
    ];
    let helper = vm.import_module("_structseq")?;
    let make = vm.getattr(&helper, "make")?;
    let names = tuple::new_tuple(fields.iter().map(|f| str::new_str(f)).collect());
    let cls = vm.call(
        &make,
        &[
            str::new_str("struct_siginfo"),
            str::new_str("signal"),
            names,
            int::from_usize(fields.len()),
        ],
    )?;
    vm.setattr(
        &cls,
        "__doc__",
        str::new_str(
            "struct_siginfo: Result from sigwaitinfo or sigtimedwait.\n\n\
             This object may be accessed either as a tuple of\n\
             (si_signo, si_code, si_errno, si_pid, si_uid, si_status, si_band),\n\
             or via the attributes si_signo, si_code, and so on.",
        ),
    )?;
    SIGINFO_TYPE.with(|t| *t.borrow_mut() = Some(cls.clone()));
    Ok(cls)
}

fn siginfo_value(vm: &mut Vm, si: SigInfo) -> PyResult {
    let cls = siginfo_type(vm)?;
    let items = vec![
        int::from_i64(si.signo as i64),
        int::from_i64(si.code as i64),
        int::from_i64(si.errno as i64),
        int::from_i64(si.pid as i64),
        int::from_i64(si.uid as i64),
        int::from_i64(si.status as i64),
        int::from_i64(si.band),
    ];
    vm.call(&cls, &[tuple::new_tuple(items)])
}

/// `sigwaitinfo(sigset)`: waits for one of the signals of `sigset`; a handled signal that
/// interrupts the wait runs its handler (whose exception propagates) and the wait goes on.
fn sigwaitinfo(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_signal.sigwaitinfo", 1, 1)?;
    let set = sigset_arg(vm, &a[0])?;
    loop {
        match os::signal::sigwaitinfo(&set) {
            Ok(si) => return siginfo_value(vm, si),
            Err(e) if e.0 == libc::EINTR => vm.check_signals()?,
            Err(e) => return Err(super::posix::sys_error(vm, e)),
        }
    }
}

/// `sigtimedwait(sigset, timeout)`: as `sigwaitinfo` for at most `timeout` seconds; None when
/// the time runs out.
fn sigtimedwait(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("sigtimedwait", 2, 2)?;
    let set = sigset_arg(vm, &a[0])?;
    let mut timeout = seconds_ns(vm, &a[1])?;
    if timeout < 0 {
        return Err(value_error("timeout must be non-negative"));
    }
    // No deadline (the wait restarts with the whole timeout) if it lies past what Instant holds.
    let deadline =
        std::time::Instant::now().checked_add(std::time::Duration::from_nanos(timeout as u64));
    loop {
        let secs = timeout.div_euclid(1_000_000_000);
        let nsecs = timeout.rem_euclid(1_000_000_000);
        match os::signal::sigtimedwait(&set, secs, nsecs) {
            Ok(Some(si)) => return siginfo_value(vm, si),
            Ok(None) => return Ok(none()),
            Err(e) if e.0 == libc::EINTR => {
                vm.check_signals()?;
                if let Some(deadline) = deadline {
                    let now = std::time::Instant::now();
                    if now >= deadline {
                        return Ok(none());
                    }
                    timeout = (deadline - now).as_nanos() as i64;
                }
            }
            Err(e) => return Err(super::posix::sys_error(vm, e)),
        }
    }
}

/// `pthread_kill(thread_id, signalnum)`: sends a signal to a thread (its
/// `_thread.get_ident()`); the handler runs at once if it was this thread.
fn pthread_kill(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("pthread_kill", 2, 2)?;
    if !int::is_int(&a[0]) {
        return Err(type_error(format!(
            "pthread_kill() argument 1 must be int, not {}",
            a[0].ty().name()
        )));
    }
    // `unsigned long` taken bitwise: the low 64 bits of the int.
    let thread = match int::as_i64(&a[0]) {
        Some(n) => n as u64,
        None => {
            let big = int::as_bigint(&a[0]).unwrap_or_default();
            let low = big & num_bigint::BigInt::from(u64::MAX);
            num_traits::ToPrimitive::to_u64(&low).unwrap_or(0)
        }
    };
    let sig = c_int_arg(vm, &a[1])?;
    if let Err(e) = os::signal::pthread_kill(thread, sig) {
        return Err(super::posix::sys_error(vm, e));
    }
    vm.check_signals()?;
    Ok(none())
}

/// `pidfd_send_signal(pidfd, sig, siginfo=None, flags=0)`: sends a signal to the process a
/// pidfd refers to.
fn pidfd_send_signal(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("pidfd_send_signal", 2, 4)?;
    let pidfd = c_int_arg(vm, &a[0])?;
    let sig = c_int_arg(vm, &a[1])?;
    if a.get(2).is_some_and(|s| !s.is_none()) {
        return Err(type_error("siginfo must be None"));
    }
    let flags = match a.get(3) {
        Some(f) => c_int_arg(vm, f)?,
        None => 0,
    };
    if let Err(e) = os::signal::pidfd_send_signal(pidfd, sig, flags as libc::c_uint) {
        return Err(super::posix::sys_error(vm, e));
    }
    Ok(none())
}

/// Creates the `_signal` module.
pub fn new_module(vm: &mut Vm) -> PyResult<Value> {
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
        ("setitimer", setitimer),
        ("getitimer", getitimer),
        ("pthread_sigmask", pthread_sigmask),
        ("sigpending", sigpending),
        ("sigwait", sigwait),
        ("sigwaitinfo", sigwaitinfo),
        ("sigtimedwait", sigtimedwait),
        ("pthread_kill", pthread_kill),
        ("pidfd_send_signal", pidfd_send_signal),
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
    for (name, n) in [
        ("SIG_BLOCK", libc::SIG_BLOCK),
        ("SIG_UNBLOCK", libc::SIG_UNBLOCK),
        ("SIG_SETMASK", libc::SIG_SETMASK),
        ("ITIMER_REAL", libc::ITIMER_REAL),
        ("ITIMER_VIRTUAL", libc::ITIMER_VIRTUAL),
        ("ITIMER_PROF", libc::ITIMER_PROF),
    ] {
        module::set_attr(&m, name, int::from_i64(n as i64));
    }
    // CPython names it `signal.itimer_error` and exposes it as `ItimerError`.
    let itimer =
        super::new_exception_class(vm, "signal", "itimer_error", vec![OS_ERROR.to_value()])?;
    ITIMER_ERROR.with(|c| *c.borrow_mut() = Some(itimer.clone()));
    module::set_attr(&m, "ItimerError", itimer);
    let siginfo = siginfo_type(vm)?;
    module::set_attr(&m, "struct_siginfo", siginfo);
    Ok(m)
}
