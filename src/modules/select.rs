//! `select`, CPython's C module under `selectors` and `subprocess`: `select()`, `poll` and
//! `epoll` objects over the system calls of the same names. Interrupted calls run pending
//! signal handlers and retry with the time left (PEP 475). `kqueue` is not provided (it is
//! BSD's); with `epoll` here, `selectors.DefaultSelector` is the `EpollSelector`, as on Linux.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error, OS_ERROR};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::os::select::{EpollOp, FdSet};
use crate::os::{self, SysResult};
use crate::vm::Vm;

use super::posix::{fileno_arg as fd_of, os_error, sys_error};

pub static POLL_TYPE: TypeObject =
    TypeObject::new_static("poll", Layout::Native, Some(&OBJECT_TYPE), 0);

pub static EPOLL_TYPE: TypeObject =
    TypeObject::new_static("epoll", Layout::Native, Some(&OBJECT_TYPE), 0);

/// A timeout in seconds (None = wait forever).
fn timeout_arg(vm: &mut Vm, v: Option<&Value>, scale: f64) -> PyResult<Option<Duration>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => {
            let t = vm.to_f64(v)? * scale;
            if t.is_nan() {
                return Err(value_error("Invalid value NaN (not a number)"));
            }
            Ok(Some(Duration::from_secs_f64(t.max(0.0))))
        }
    }
}

/// Runs `call` (a system call given the time left), retrying after EINTR with pending
/// signal handlers run, until it fails otherwise or succeeds.
fn retry<T>(
    vm: &mut Vm,
    timeout: Option<Duration>,
    mut call: impl FnMut(Option<Duration>) -> SysResult<T>,
) -> PyResult<T> {
    let deadline = timeout.map(|t| Instant::now() + t);
    loop {
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        match call(left) {
            Ok(r) => return Ok(r),
            Err(e) if e.0 != libc::EINTR => return Err(crate::modules::posix::sys_error(vm, e)),
            Err(_) => vm.check_signals()?,
        }
    }
}

/// `select(rlist, wlist, xlist[, timeout])`: the ready subsets of the three lists.
fn select(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("select", 3, 4)?;
    let timeout = timeout_arg(vm, a.get(3), 1.0)?;
    if let Some(t) = a.get(3).filter(|t| !t.is_none()) {
        if vm.to_f64(t)? < 0.0 {
            return Err(value_error("timeout must be non-negative"));
        }
    }
    let mut lists: Vec<Vec<(i32, Value)>> = Vec::new();
    for l in &a[..3] {
        let items = vm.collect(l)?;
        let mut fds = Vec::with_capacity(items.len());
        for v in items {
            let fd = fd_of(vm, &v)?;
            if !FdSet::in_range(fd) {
                return Err(value_error("filedescriptor out of range in select()"));
            }
            fds.push((fd, v));
        }
        lists.push(fds);
    }
    let mut sets: [FdSet; 3] = Default::default();
    let nfds = lists
        .iter()
        .flatten()
        .map(|(fd, _)| fd + 1)
        .max()
        .unwrap_or(0);
    retry(vm, timeout, |left| {
        for (set, fds) in sets.iter_mut().zip(&lists) {
            *set = FdSet::new();
            for (fd, _) in fds {
                set.insert(*fd);
            }
        }
        let [r, w, x] = &mut sets;
        os::select::select(nfds, r, w, x, left)
    })?;
    let mut out = Vec::with_capacity(3);
    for (set, fds) in sets.iter().zip(&lists) {
        let ready: Vec<Value> = fds
            .iter()
            .filter(|(fd, _)| set.contains(*fd))
            .map(|(_, v)| v.clone())
            .collect();
        out.push(list::new_list(ready));
    }
    Ok(tuple::new_tuple(out))
}

/// A `poll` object: the registered descriptors and their event masks, in registration order.
struct Poll {
    fds: RefCell<Vec<(i32, i16)>>,
}

impl NativeData for Poll {}

fn poll_of(v: &Value) -> PyResult<&Poll> {
    native_ref::<Poll>(v).ok_or_else(|| type_error("poll object expected"))
}

fn poll_new(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("poll", 0, 0)?;
    Ok(new_native(
        &POLL_TYPE,
        Poll {
            fds: RefCell::new(Vec::new()),
        },
    ))
}

fn mask_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i16> {
    match v {
        None => Ok(libc::POLLIN | libc::POLLPRI | libc::POLLOUT),
        Some(v) => {
            let m = vm.index_i64(v)?;
            if !(0..=0xffff).contains(&m) {
                return Err(exception::overflow_error(
                    "Python int too large for C unsigned short",
                ));
            }
            Ok(m as u16 as i16)
        }
    }
}

fn poll_register(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("register", 2, 3)?;
    let p = poll_of(&a[0])?;
    let fd = fd_of(vm, &a[1])?;
    let mask = mask_arg(vm, a.get(2))?;
    let mut fds = p.fds.borrow_mut();
    match fds.iter_mut().find(|(f, _)| *f == fd) {
        Some(e) => e.1 = mask,
        None => fds.push((fd, mask)),
    }
    Ok(none())
}

fn poll_modify(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("modify", 3, 3)?;
    let p = poll_of(&a[0])?;
    let fd = fd_of(vm, &a[1])?;
    let mask = mask_arg(vm, a.get(2))?;
    let found = p
        .fds
        .borrow_mut()
        .iter_mut()
        .find(|(f, _)| *f == fd)
        .map(|e| e.1 = mask)
        .is_some();
    if !found {
        return Err(os_error(vm, libc::ENOENT, None, None));
    }
    Ok(none())
}

fn poll_unregister(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unregister", 2, 2)?;
    let p = poll_of(&a[0])?;
    let fd = fd_of(vm, &a[1])?;
    let mut fds = p.fds.borrow_mut();
    match fds.iter().position(|(f, _)| *f == fd) {
        Some(i) => {
            fds.remove(i);
            Ok(none())
        }
        None => Err(exception::key_error(int::from_i64(fd as i64))),
    }
}

/// `poll([timeout])`: `(fd, events)` pairs; the timeout is in milliseconds.
fn poll_poll(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("poll", 1, 2)?;
    let p = poll_of(&a[0])?;
    let timeout = match a.get(1) {
        Some(v) if !v.is_none() && vm.to_f64(v)? < 0.0 => None,
        other => timeout_arg(vm, other, 1e-3)?,
    };
    let mut pfds: Vec<libc::pollfd> = p
        .fds
        .borrow()
        .iter()
        .map(|&(fd, events)| libc::pollfd {
            fd,
            events,
            revents: 0,
        })
        .collect();
    retry(vm, timeout, |left| {
        let ms = left.map_or(-1, |d| d.as_millis().min(i32::MAX as u128) as i32);
        os::fd::poll(&mut pfds, ms)
    })?;
    Ok(list::new_list(
        pfds.iter()
            .filter(|p| p.revents != 0)
            .map(|p| {
                tuple::from_array([
                    int::from_i64(p.fd as i64),
                    int::from_i64(p.revents as u16 as i64),
                ])
            })
            .collect(),
    ))
}

/// `FD_SETSIZE - 1`: CPython's default `sizehint` and `maxevents`.
const DEFAULT_MAX_EVENTS: usize = libc::FD_SETSIZE - 1;

/// An `epoll` object: its epoll descriptor, -1 once closed. Dropping it closes the descriptor.
struct Epoll {
    fd: Cell<i32>,
}

impl NativeData for Epoll {}

impl Epoll {
    /// Closes the descriptor if it is open (errors are ignored, as CPython's `close()` does).
    fn close(&self) {
        let fd = self.fd.replace(-1);
        if fd >= 0 {
            let _ = os::fd::close(fd);
        }
    }

    /// The open descriptor, or CPython's error for a closed object.
    fn open_fd(&self) -> PyResult<i32> {
        match self.fd.get() {
            fd if fd >= 0 => Ok(fd),
            _ => Err(value_error("I/O operation on closed epoll object")),
        }
    }
}

impl Drop for Epoll {
    fn drop(&mut self) {
        self.close();
    }
}

fn epoll_of(v: &Value) -> PyResult<&Epoll> {
    native_ref::<Epoll>(v).ok_or_else(|| type_error("epoll object expected"))
}

/// A C `int` argument (`__index__`; OverflowError outside the range).
fn c_int_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let i = vm.index(v)?;
    int::as_i64(&i)
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| overflow_error("Python int too large to convert to C int"))
}

/// An event mask: any int, taken modulo 2**32 (Argument Clinic's bitwise `unsigned int`).
fn epoll_mask_arg(vm: &mut Vm, v: &Value) -> PyResult<u32> {
    let i = vm.index(v)?;
    Ok(match int::as_int(&i) {
        Some(int::IntRef::Small(n)) => n as u32,
        Some(int::IntRef::Big(b)) => {
            let low = b & num_bigint::BigInt::from(u32::MAX);
            num_traits::ToPrimitive::to_u32(&low).unwrap_or(0)
        }
        None => 0,
    })
}

/// A descriptor argument: an int or an object with `fileno()`, as `fileno_arg`, with the
/// C `int` converter's message for ints out of range.
fn epoll_fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    if int::is_int(v) && int::as_i64(v).and_then(|n| i32::try_from(n).ok()).is_none() {
        return Err(overflow_error("Python int too large to convert to C int"));
    }
    fd_of(vm, v)
}

/// A new `epoll` object over `fd`, or over a new epoll descriptor when `fd` is -1 (so
/// `fromfd(-1)` makes a new one, as in CPython). Other negative values fail with EBADF
/// (CPython reports whatever `errno` happens to hold).
fn new_epoll(vm: &mut Vm, fd: i32) -> PyResult {
    let fd = if fd == -1 {
        os::select::epoll_create().map_err(|e| sys_error(vm, e))?
    } else if fd < 0 {
        return Err(sys_error(vm, os::Errno(libc::EBADF)));
    } else {
        fd
    };
    Ok(new_native(&EPOLL_TYPE, Epoll { fd: Cell::new(fd) }))
}

/// `epoll(sizehint=-1, flags=0)`: `sizehint` is checked and unused; `flags` is deprecated
/// and must be 0 or `EPOLL_CLOEXEC` (the descriptor is always close-on-exec).
fn epoll_new(vm: &mut Vm, args: Args) -> PyResult {
    let b = Args::with_kwnames(&args.values[1..], args.kwnames).bind(
        "epoll",
        &["sizehint", "flags"],
        0,
    )?;
    let sizehint = match &b[0] {
        Some(v) => c_int_arg(vm, v)?,
        None => -1,
    };
    let flags = match &b[1] {
        Some(v) => c_int_arg(vm, v)?,
        None => 0,
    };
    if sizehint != -1 && sizehint <= 0 {
        return Err(value_error("negative sizehint"));
    }
    if flags != 0 && flags != libc::EPOLL_CLOEXEC {
        return Err(crate::object::error::PyErr::new(&OS_ERROR, "invalid flags"));
    }
    new_epoll(vm, -1)
}

/// `epoll.fromfd(fd)`: an `epoll` object owning the epoll descriptor `fd`.
fn epoll_fromfd(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fromfd", 2, 2)?;
    let fd = c_int_arg(vm, &a[1])?;
    new_epoll(vm, fd)
}

fn epoll_close(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("close", 1, 1)?;
    epoll_of(&a[0])?.close();
    Ok(none())
}

fn epoll_closed(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(bool_value(epoll_of(v)?.fd.get() < 0))
}

fn epoll_fileno(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fileno", 1, 1)?;
    Ok(int::from_i64(epoll_of(&a[0])?.open_fd()? as i64))
}

/// `register`, `modify` and `unregister`: one `epoll_ctl` call.
fn epoll_ctl(vm: &mut Vm, args: Args, fname: &str, op: EpollOp) -> PyResult {
    let names: &[&str] = if op == EpollOp::Delete {
        &["fd"]
    } else {
        &["fd", "eventmask"]
    };
    let required = if op == EpollOp::Add { 1 } else { names.len() };
    let b = Args::with_kwnames(&args.values[1..], args.kwnames).bind(fname, names, required)?;
    let ep = epoll_of(&args.values[0])?;
    let fd = epoll_fd_arg(vm, b[0].as_ref().expect("required"))?;
    let mask = match b.get(1).and_then(|m| m.as_ref()) {
        Some(m) => epoll_mask_arg(vm, m)?,
        None => (libc::EPOLLIN | libc::EPOLLPRI | libc::EPOLLOUT) as u32,
    };
    let epfd = ep.open_fd()?;
    os::select::epoll_ctl(epfd, op, fd, mask).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

/// `register(fd, eventmask=EPOLLIN|EPOLLPRI|EPOLLOUT)`: FileExistsError if `fd` is watched.
fn epoll_register(vm: &mut Vm, args: Args) -> PyResult {
    epoll_ctl(vm, args, "register", EpollOp::Add)
}

/// `modify(fd, eventmask)`: FileNotFoundError if `fd` is not watched.
fn epoll_modify(vm: &mut Vm, args: Args) -> PyResult {
    epoll_ctl(vm, args, "modify", EpollOp::Modify)
}

/// `unregister(fd)`: FileNotFoundError if `fd` is not watched.
fn epoll_unregister(vm: &mut Vm, args: Args) -> PyResult {
    epoll_ctl(vm, args, "unregister", EpollOp::Delete)
}

/// A timeout in seconds as nanoseconds, rounded away from zero (CPython's
/// `_PyTime_FromSecondsObject` with `_PyTime_ROUND_TIMEOUT`).
fn timeout_ns(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let too_large = || overflow_error("timestamp too large to convert to C _PyTime_t");
    if let Some(f) = float::as_f64(v) {
        if f.is_nan() {
            return Err(value_error("Invalid value NaN (not a number)"));
        }
        let ns = f * 1e9;
        let ns = if ns >= 0.0 { ns.ceil() } else { ns.floor() };
        if !(ns >= i64::MIN as f64 && ns < i64::MAX as f64) {
            return Err(too_large());
        }
        return Ok(ns as i64);
    }
    let i = match vm.index(v) {
        Ok(i) => i,
        Err(e) if e.is_instance(&exception::TYPE_ERROR) => {
            return Err(type_error("timeout must be an integer or None"))
        }
        Err(e) => return Err(e),
    };
    int::as_i64(&i)
        .and_then(|s| s.checked_mul(1_000_000_000))
        .ok_or_else(too_large)
}

/// Nanoseconds as whole milliseconds, rounded up.
fn ceil_ms(ns: i64) -> i64 {
    ns.div_euclid(1_000_000) + i64::from(ns.rem_euclid(1_000_000) != 0)
}

/// `poll(timeout=None, maxevents=-1)`: `(fd, events)` pairs; the timeout is in seconds
/// (None or negative: wait for ever), `maxevents` -1 for CPython's default.
fn epoll_poll(vm: &mut Vm, args: Args) -> PyResult {
    let b = Args::with_kwnames(&args.values[1..], args.kwnames).bind(
        "poll",
        &["timeout", "maxevents"],
        0,
    )?;
    let maxevents = match &b[1] {
        Some(v) => c_int_arg(vm, v)?,
        None => -1,
    };
    let ep = epoll_of(&args.values[0])?;
    ep.open_fd()?;
    let mut ms = -1;
    let mut deadline = None;
    if let Some(t) = b[0].as_ref().filter(|t| !t.is_none()) {
        let ns = timeout_ns(vm, t)?;
        let m = ceil_ms(ns);
        if i32::try_from(m).is_err() {
            return Err(overflow_error("timeout is too large"));
        }
        ms = m.max(-1) as i32;
        if ns >= 0 {
            deadline = Instant::now().checked_add(Duration::from_nanos(ns as u64));
        }
    }
    let maxevents = match maxevents {
        -1 => DEFAULT_MAX_EVENTS,
        n if n < 1 => {
            return Err(value_error(format!(
                "maxevents must be greater than 0, got {n}"
            )))
        }
        n => n as usize,
    };
    let events = loop {
        // A signal handler may have closed the object: the descriptor is read each time.
        match os::select::epoll_wait(ep.fd.get(), maxevents, ms) {
            Ok(evs) => break evs,
            Err(e) if e.0 == libc::EINTR => {
                vm.check_signals()?;
                if let Some(d) = deadline {
                    let now = Instant::now();
                    if now > d {
                        break Vec::new();
                    }
                    let left = (d - now).as_nanos().min(i64::MAX as u128) as i64;
                    ms = ceil_ms(left).min(i32::MAX as i64) as i32;
                }
            }
            Err(e) => return Err(sys_error(vm, e)),
        }
    };
    Ok(list::new_list(
        events
            .into_iter()
            .map(|(fd, ev)| tuple::from_array([int::from_i64(fd as i64), int::from_i64(ev as i64)]))
            .collect(),
    ))
}

fn epoll_enter(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__enter__", 1, 1)?;
    epoll_of(&a[0])?.open_fd()?;
    Ok(a[0].clone())
}

/// `__exit__(exc_type=None, exc_value=None, exc_tb=None)`: calls `self.close()`.
fn epoll_exit(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    if pos.len() > 4 {
        return Err(type_error(format!(
            "__exit__ expected at most 3 arguments, got {}",
            pos.len() - 1
        )));
    }
    args.no_keywords("__exit__")?;
    vm.call_method(&pos[0], "close", &[])
}

/// Creates the `select` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    install_native_type(&TypeSpec {
        ty: &POLL_TYPE,
        methods: methods![
            MethodDef::method("register", poll_register),
            MethodDef::method("modify", poll_modify),
            MethodDef::method("unregister", poll_unregister),
            MethodDef::method("poll", poll_poll),
        ],
        getsets: getsets![],
        doc: None,
    });
    *POLL_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("select");
    install_native_type(&TypeSpec {
        ty: &EPOLL_TYPE,
        methods: methods![
            MethodDef::static_("__new__", epoll_new),
            MethodDef::class("fromfd", epoll_fromfd),
            MethodDef::method("close", epoll_close),
            MethodDef::method("fileno", epoll_fileno),
            MethodDef::method("register", epoll_register),
            MethodDef::method("modify", epoll_modify),
            MethodDef::method("unregister", epoll_unregister),
            MethodDef::method("poll", epoll_poll),
            MethodDef::method("__enter__", epoll_enter),
            MethodDef::method("__exit__", epoll_exit),
        ],
        getsets: getsets![GetSetDef::readonly("closed", epoll_closed)],
        doc: None,
    });
    *EPOLL_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("select");
    let m = module::new_module("select");
    for (name, f) in [
        ("select", select as crate::object::error::NativeFn),
        ("poll", poll_new),
    ] {
        module::set_attr(
            &m,
            name,
            function::new_builtin_function(name, f, Some(m.clone())),
        );
    }
    module::set_attr(&m, "error", OS_ERROR.to_value());
    module::set_attr(&m, "epoll", EPOLL_TYPE.to_value());
    let consts: &[(&str, i64)] = &[
        ("POLLIN", libc::POLLIN as i64),
        ("POLLPRI", libc::POLLPRI as i64),
        ("POLLOUT", libc::POLLOUT as i64),
        ("POLLERR", libc::POLLERR as i64),
        ("POLLHUP", libc::POLLHUP as i64),
        ("POLLNVAL", libc::POLLNVAL as i64),
        ("POLLRDNORM", libc::POLLRDNORM as i64),
        ("POLLRDBAND", libc::POLLRDBAND as i64),
        ("POLLWRNORM", libc::POLLWRNORM as i64),
        ("POLLWRBAND", libc::POLLWRBAND as i64),
        ("POLLMSG", 0x400),
        ("POLLRDHUP", libc::POLLRDHUP as i64),
        ("PIPE_BUF", libc::PIPE_BUF as i64),
        ("EPOLLIN", libc::EPOLLIN as i64),
        ("EPOLLOUT", libc::EPOLLOUT as i64),
        ("EPOLLPRI", libc::EPOLLPRI as i64),
        ("EPOLLERR", libc::EPOLLERR as i64),
        ("EPOLLHUP", libc::EPOLLHUP as i64),
        ("EPOLLET", libc::EPOLLET as u32 as i64),
        ("EPOLLONESHOT", libc::EPOLLONESHOT as i64),
        ("EPOLLEXCLUSIVE", libc::EPOLLEXCLUSIVE as i64),
        ("EPOLLRDHUP", libc::EPOLLRDHUP as i64),
        ("EPOLLRDNORM", libc::EPOLLRDNORM as i64),
        ("EPOLLRDBAND", libc::EPOLLRDBAND as i64),
        ("EPOLLWRNORM", libc::EPOLLWRNORM as i64),
        ("EPOLLWRBAND", libc::EPOLLWRBAND as i64),
        ("EPOLLMSG", libc::EPOLLMSG as i64),
        ("EPOLL_CLOEXEC", libc::EPOLL_CLOEXEC as i64),
    ];
    for (name, v) in consts {
        module::set_attr(&m, name, int::from_i64(*v));
    }
    Ok(m)
}
