//! `select`, CPython's C module under `selectors` and `subprocess`: `select()` and `poll`
//! objects over the system calls of the same names. Interrupted calls run pending signal
//! handlers and retry with the time left (PEP 475). `epoll` and `kqueue` are not provided,
//! so `selectors.DefaultSelector` is the `PollSelector`, as on systems without them.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error, OS_ERROR};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::os::select::FdSet;
use crate::os::{self, SysResult};
use crate::vm::Vm;

use super::posix::{fileno_arg as fd_of, os_error};

pub static POLL_TYPE: TypeObject =
    TypeObject::new_static("poll", Layout::Native, Some(&OBJECT_TYPE), 0);

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
                tuple::new_tuple(vec![
                    int::from_i64(p.fd as i64),
                    int::from_i64(p.revents as u16 as i64),
                ])
            })
            .collect(),
    ))
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
    ];
    for (name, v) in consts {
        module::set_attr(&m, name, int::from_i64(*v));
    }
    Ok(m)
}
