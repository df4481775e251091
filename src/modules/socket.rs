//! `_socket`, CPython's C module under `socket`: the socket object over the BSD socket calls
//! (IPv4, IPv6 and Unix addresses; stream and datagram; blocking, non-blocking and timeout
//! modes), name resolution through `getaddrinfo`/`getnameinfo`, and the byte-order and address
//! conversion functions.
//!
//! Timeouts are CPython's: a socket with a timeout is non-blocking underneath, and each call
//! first waits with `poll` for the time left, raising `TimeoutError("timed out")`. Interrupted
//! calls run pending signal handlers and retry (PEP 475).

use std::cell::{Cell, RefCell};
use std::ffi::CString;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::{Duration, Instant};

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error, OS_ERROR};
use crate::object::native::{native_ref, new_native, NativeData};
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::os::net::{self, GaiError, SockAddr};
use crate::os::{fd as os_fd, Errno, SysResult};
use crate::vm::Vm;

use super::posix::{env_bytes, os_error};

pub static SOCKET_TYPE: TypeObject =
    TypeObject::new_static("socket", Layout::Instance, Some(&OBJECT_TYPE), BASETYPE);
static SOCKET_STATE_TYPE: TypeObject =
    TypeObject::new_static("socket state", Layout::Native, Some(&OBJECT_TYPE), 0);

thread_local! {
    /// `setdefaulttimeout`'s value; negative is None.
    static DEFAULT_TIMEOUT: Cell<f64> = const { Cell::new(-1.0) };
    static GAIERROR: RefCell<Option<Value>> = const { RefCell::new(None) };
}

struct Sock {
    fd: Cell<i32>,
    family: Cell<i32>,
    kind: Cell<i32>,
    proto: Cell<i32>,
    /// Seconds; negative is None (blocking).
    timeout: Cell<f64>,
}

impl NativeData for Sock {}

fn me(v: &Value) -> PyResult<&Sock> {
    native_ref::<Sock>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a '_socket.socket' object but received a '{}'",
            v.ty().name()
        ))
    })
}

fn open_fd(s: &Sock) -> PyResult<i32> {
    match s.fd.get() {
        fd if fd >= 0 => Ok(fd),
        _ => Err(os_error_plain(libc::EBADF)),
    }
}

fn os_error_plain(code: i32) -> PyErr {
    exception::new_os_error(code, &super::posix::strerror_text(code))
}

/// The OSError for a failed call's errno.
fn errno_error(Errno(code): Errno) -> PyErr {
    os_error_plain(code)
}

fn timeout_error() -> PyErr {
    PyErr::new(&exception::TIMEOUT_ERROR, "timed out")
}

fn gai_error(GaiError(code): GaiError) -> PyErr {
    let msg = net::gai_strerror(code);
    let cls = GAIERROR.with(|g| g.borrow().clone());
    match cls.as_ref().and_then(|c| c.as_type()) {
        Some(t) => exception::new_os_error_of(t, code, &msg),
        None => PyErr::new(&OS_ERROR, msg),
    }
}

fn set_nonblocking(fd: i32, on: bool) {
    let flags = os_fd::fcntl_int(fd, libc::F_GETFL, 0).unwrap_or(-1);
    let flags = if on {
        flags | libc::O_NONBLOCK
    } else {
        flags & !libc::O_NONBLOCK
    };
    let _ = os_fd::fcntl_int(fd, libc::F_SETFL, flags);
}

/// Waits until `fd` is ready (for writing when `write`), for at most `timeout` seconds.
fn wait_ready(vm: &mut Vm, fd: i32, write: bool, deadline: Instant) -> PyResult<()> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut p = libc::pollfd {
            fd,
            events: if write { libc::POLLOUT } else { libc::POLLIN },
            revents: 0,
        };
        let ms = left.as_millis().min(i32::MAX as u128) as i32;
        match os_fd::poll(std::slice::from_mut(&mut p), ms) {
            Ok(0) => return Err(timeout_error()),
            Ok(_) => return Ok(()),
            Err(Errno(libc::EINTR)) => vm.check_signals()?,
            Err(Errno(e)) => return Err(os_error_plain(e)),
        }
    }
}

/// Runs the system call `call` in the socket's mode: waiting first when it has a timeout,
/// retrying after EINTR; the call's result, or the OSError for its errno.
fn sock_call<T>(
    vm: &mut Vm,
    s: &Sock,
    write: bool,
    mut call: impl FnMut(i32) -> SysResult<T>,
) -> PyResult<T> {
    let fd = open_fd(s)?;
    let deadline =
        (s.timeout.get() > 0.0).then(|| Instant::now() + Duration::from_secs_f64(s.timeout.get()));
    loop {
        if let Some(d) = deadline {
            wait_ready(vm, fd, write, d)?;
        }
        match call(fd) {
            Ok(r) => return Ok(r),
            Err(Errno(libc::EINTR)) => vm.check_signals()?,
            Err(Errno(libc::EAGAIN)) if deadline.is_some() => continue,
            Err(Errno(e)) => return Err(os_error_plain(e)),
        }
    }
}

// ---- addresses ----

fn port_of(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<u16> {
    if !int::is_int(v) {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.ty().name()
        )));
    }
    let p = vm.index_i64(v)?;
    u16::try_from(p).map_err(|_| overflow_error(format!("{fname}(): port must be 0-65535.")))
}

/// Resolves a host name to one address of `family` (numeric forms without a lookup).
fn resolve(host: &str, family: i32) -> PyResult<SockAddr> {
    let c = CString::new(host).map_err(|_| value_error("embedded null character"))?;
    let found = net::getaddrinfo(Some(&c), None, family, 0, 0, 0).map_err(gai_error)?;
    Ok(found
        .into_iter()
        .next()
        .expect("getaddrinfo succeeds with at least one address")
        .addr)
}

/// A Python address in C form for a socket of `family`.
fn sockaddr_of(vm: &mut Vm, family: i32, addr: &Value, fname: &str) -> PyResult<SockAddr> {
    match family {
        libc::AF_UNIX => {
            let path = env_bytes(vm, addr, fname).or_else(|e| {
                // Abstract names begin with NUL, which env_bytes refuses.
                match bytes::as_bytes(addr) {
                    Some(b) => Ok(b.to_vec()),
                    None => match str::payload(addr) {
                        Some(s) => Ok(s.as_str().as_bytes().to_vec()),
                        None => Err(e),
                    },
                }
            })?;
            SockAddr::unix(&path).map_err(errno_error)
        }
        libc::AF_INET | libc::AF_INET6 => {
            let t = tuple::as_tuple(addr).map(|t| t.to_vec()).ok_or_else(|| {
                type_error(format!(
                    "{} address must be tuple, not {}",
                    if family == libc::AF_INET {
                        "AF_INET"
                    } else {
                        "AF_INET6"
                    },
                    addr.ty().name()
                ))
            })?;
            let want = if family == libc::AF_INET {
                2..=2
            } else {
                2..=4
            };
            if !want.contains(&t.len()) {
                return Err(type_error(format!(
                    "{} address must be a pair (host, port)",
                    if family == libc::AF_INET {
                        "AF_INET"
                    } else {
                        "AF_INET6"
                    },
                )));
            }
            let host = str::as_str(&t[0])
                .map(str::to_string)
                .or_else(|| bytes::as_bytes(&t[0]).map(|b| String::from_utf8_lossy(b).into_owned()))
                .ok_or_else(|| {
                    type_error(format!(
                        "str, bytes or bytearray expected, not {}",
                        t[0].ty().name()
                    ))
                })?;
            let port = port_of(vm, &t[1], fname)?;
            let mut out = if family == libc::AF_INET {
                match host.as_str() {
                    "" => SockAddr::inet(Ipv4Addr::UNSPECIFIED, port),
                    "<broadcast>" => SockAddr::inet(Ipv4Addr::BROADCAST, port),
                    h => resolve(h, libc::AF_INET)?,
                }
            } else if host.is_empty() {
                SockAddr::inet6(Ipv6Addr::UNSPECIFIED, port, 0, 0)
            } else {
                resolve(&host, libc::AF_INET6)?
            };
            if family == libc::AF_INET {
                out.set_inet_port(port);
            } else {
                let flowinfo = t.get(2).map(|f| vm.index_i64(f)).transpose()?;
                let scope_id = t.get(3).map(|s| vm.index_i64(s)).transpose()?;
                out.set_inet6(port, flowinfo.map(|f| f as u32), scope_id.map(|s| s as u32));
            }
            Ok(out)
        }
        _ => Err(os_error_plain(libc::EAFNOSUPPORT)),
    }
}

/// The Python form of a C address.
fn sockaddr_value(a: &SockAddr) -> Value {
    if let Some((ip, port)) = a.as_inet() {
        tuple::from_array([str::from_string(ip.to_string()), int::from_i64(port as i64)])
    } else if let Some((ip, port, flowinfo, scope_id)) = a.as_inet6() {
        tuple::from_array([
            str::from_string(ip.to_string()),
            int::from_i64(port as i64),
            int::from_i64(flowinfo as i64),
            int::from_i64(scope_id as i64),
        ])
    } else if let Some(raw) = a.as_unix() {
        if raw.first() == Some(&0) {
            return bytes::new_bytes(raw);
        }
        let end = raw.iter().position(|&c| c == 0).unwrap_or(raw.len());
        str::fs_decode(&raw[..end])
    } else {
        tuple::from_array([
            int::from_i64(a.family() as i64),
            bytes::new_bytes(Vec::new()),
        ])
    }
}

// ---- the socket object ----

fn socket_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("socket.__new__(X): X is not a type object"))?;
    Ok(instance::new_instance(
        cls,
        Some(new_native(
            &SOCKET_STATE_TYPE,
            Sock {
                fd: Cell::new(-1),
                family: Cell::new(libc::AF_INET),
                kind: Cell::new(libc::SOCK_STREAM),
                proto: Cell::new(0),
                timeout: Cell::new(-1.0),
            },
        )),
    ))
}

fn apply_timeout(s: &Sock) {
    if s.fd.get() >= 0 {
        set_nonblocking(s.fd.get(), s.timeout.get() >= 0.0);
    }
}

fn socket_init(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("socket", &["self", "family", "type", "proto", "fileno"], 1)?;
    let this = b[0].clone().expect("self");
    let s = me(&this)?;
    let arg = |vm: &mut Vm, v: &Option<Value>| -> PyResult<i32> {
        match v {
            Some(x) if !x.is_none() => Ok(vm.index_i64(x)? as i32),
            _ => Ok(-1),
        }
    };
    let mut family = arg(vm, &b[1])?;
    let mut kind = arg(vm, &b[2])?;
    let mut proto = arg(vm, &b[3])?;
    let fd = match &b[4] {
        Some(f) if !f.is_none() => {
            if float::as_f64(f).is_some() {
                return Err(type_error(
                    "'float' object cannot be interpreted as an integer",
                ));
            }
            let fd = vm.index_i64(f)?;
            if fd < 0 {
                return Err(value_error("negative file descriptor"));
            }
            let fd = fd as i32;
            if family == -1 {
                family = net::getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_DOMAIN)
                    .map_err(errno_error)?;
            }
            if kind == -1 {
                kind = net::getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_TYPE)
                    .unwrap_or(libc::SOCK_STREAM);
            }
            if proto == -1 {
                proto = net::getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_PROTOCOL).unwrap_or(0);
            }
            fd
        }
        _ => {
            if family == -1 {
                family = libc::AF_INET;
            }
            if kind == -1 {
                kind = libc::SOCK_STREAM;
            }
            if proto == -1 {
                proto = 0;
            }
            net::socket(family, kind | libc::SOCK_CLOEXEC, proto)
                .map_err(|Errno(e)| os_error(vm, e, None, None))?
        }
    };
    s.fd.set(fd);
    s.family.set(family);
    s.kind
        .set(kind & !(libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC));
    s.proto.set(proto);
    let nonblock = kind & libc::SOCK_NONBLOCK != 0;
    s.timeout.set(if nonblock {
        0.0
    } else {
        DEFAULT_TIMEOUT.with(|d| d.get())
    });
    apply_timeout(s);
    Ok(none())
}

fn socket_fileno(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(me(&args.values[0])?.fd.get() as i64))
}

fn socket_close(_vm: &mut Vm, args: Args) -> PyResult {
    let s = me(&args.values[0])?;
    let fd = s.fd.replace(-1);
    if fd >= 0 {
        match os_fd::close(fd) {
            Ok(()) | Err(Errno(libc::ECONNRESET)) => {}
            Err(Errno(e)) => return Err(os_error_plain(e)),
        }
    }
    Ok(none())
}

fn socket_detach(_vm: &mut Vm, args: Args) -> PyResult {
    let s = me(&args.values[0])?;
    Ok(int::from_i64(s.fd.replace(-1) as i64))
}

fn socket_del(vm: &mut Vm, args: Args) -> PyResult {
    let _ = socket_close(vm, args);
    Ok(none())
}

fn socket_bind(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("bind", 2, 2)?;
    let s = me(&a[0])?;
    let fd = open_fd(s)?;
    let addr = sockaddr_of(vm, s.family.get(), &a[1], "bind")?;
    net::bind(fd, &addr).map_err(errno_error)?;
    Ok(none())
}

fn socket_listen(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("listen", 1, 2)?;
    let s = me(&a[0])?;
    let fd = open_fd(s)?;
    let backlog = match a.get(1) {
        Some(b) => vm.index_i64(b)?.max(0) as i32,
        None => libc::SOMAXCONN.min(128),
    };
    net::listen(fd, backlog).map_err(errno_error)?;
    Ok(none())
}

fn socket_accept(vm: &mut Vm, args: Args) -> PyResult {
    let s = me(&args.values[0])?;
    let (r, addr) = sock_call(vm, s, false, |fd| net::accept4(fd, libc::SOCK_CLOEXEC))?;
    Ok(tuple::from_array([
        int::from_i64(r as i64),
        sockaddr_value(&addr),
    ]))
}

fn connect_impl(vm: &mut Vm, s: &Sock, addr: &Value) -> PyResult<i32> {
    let fd = open_fd(s)?;
    let sa = sockaddr_of(vm, s.family.get(), addr, "connect")?;
    loop {
        let e = match net::connect(fd, &sa) {
            Ok(()) => return Ok(0),
            Err(Errno(e)) => e,
        };
        if e == libc::EINTR {
            vm.check_signals()?;
            continue;
        }
        if e == libc::EINPROGRESS && s.timeout.get() > 0.0 {
            let deadline = Instant::now() + Duration::from_secs_f64(s.timeout.get());
            wait_ready(vm, fd, true, deadline)?;
            return Ok(net::getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_ERROR).unwrap_or(0));
        }
        return Ok(e);
    }
}

fn socket_connect(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("connect", 2, 2)?;
    let s = me(&a[0])?;
    match connect_impl(vm, s, &a[1])? {
        0 => Ok(none()),
        e => Err(os_error_plain(e)),
    }
}

fn socket_connect_ex(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("connect_ex", 2, 2)?;
    let s = me(&a[0])?;
    Ok(int::from_i64(connect_impl(vm, s, &a[1])? as i64))
}

fn flags_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i32> {
    Ok(match v {
        Some(f) => vm.index_i64(f)? as i32,
        None => 0,
    })
}

fn socket_recv(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("recv", 2, 3)?;
    let s = me(&a[0])?;
    let n = vm.index_i64(&a[1])?;
    if n < 0 {
        return Err(value_error("negative buffersize in recv"));
    }
    let flags = flags_arg(vm, a.get(2))?;
    let mut buf = vec![0u8; n as usize];
    let r = sock_call(vm, s, false, |fd| net::recv(fd, &mut buf, flags))?;
    buf.truncate(r);
    Ok(bytes::new_bytes(buf))
}

fn socket_recvfrom(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("recvfrom", 2, 3)?;
    let s = me(&a[0])?;
    let n = vm.index_i64(&a[1])?;
    if n < 0 {
        return Err(value_error("negative buffersize in recvfrom"));
    }
    let flags = flags_arg(vm, a.get(2))?;
    let mut buf = vec![0u8; n as usize];
    let (r, addr) = sock_call(vm, s, false, |fd| net::recvfrom(fd, &mut buf, flags))?;
    buf.truncate(r);
    let who = if addr.is_empty() {
        none()
    } else {
        sockaddr_value(&addr)
    };
    Ok(tuple::from_array([bytes::new_bytes(buf), who]))
}

fn socket_recv_into(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("recv_into", &["self", "buffer", "nbytes", "flags"], 2)?;
    let this = b[0].clone().expect("self");
    let target = b[1].clone().expect("buffer");
    let s = me(&this)?;
    let cap = vm.len(&target)?;
    let n = match &b[2] {
        Some(v) => vm.index_i64(v)?,
        None => 0,
    };
    if n < 0 {
        return Err(value_error("negative buffersize in recv_into"));
    }
    let n = if n == 0 { cap } else { n as usize };
    if n > cap {
        return Err(value_error("buffer too small for requested bytes"));
    }
    let flags = flags_arg(vm, b[3].as_ref())?;
    let mut buf = vec![0u8; n];
    let r = sock_call(vm, s, false, |fd| net::recv(fd, &mut buf, flags))?;
    buf.truncate(r);
    super::io::fill_buffer(vm, &target, &buf)?;
    Ok(int::from_i64(r as i64))
}

fn data_arg(v: &Value) -> PyResult<Vec<u8>> {
    bytes::bytes_like_arg(v)
}

fn socket_send(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("send", 2, 3)?;
    let s = me(&a[0])?;
    let data = data_arg(&a[1])?;
    let flags = flags_arg(vm, a.get(2))? | libc::MSG_NOSIGNAL;
    let r = sock_call(vm, s, true, |fd| net::send(fd, &data, flags))?;
    Ok(int::from_i64(r as i64))
}

fn socket_sendall(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("sendall", 2, 3)?;
    let s = me(&a[0])?;
    let data = data_arg(&a[1])?;
    let flags = flags_arg(vm, a.get(2))? | libc::MSG_NOSIGNAL;
    let mut sent = 0;
    while sent < data.len() {
        let rest = &data[sent..];
        sent += sock_call(vm, s, true, |fd| net::send(fd, rest, flags))?;
    }
    Ok(none())
}

fn socket_sendto(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("sendto", 3, 4)?;
    let s = me(&a[0])?;
    let data = data_arg(&a[1])?;
    let (flags, addr) = if a.len() == 4 {
        (flags_arg(vm, Some(&a[2]))?, &a[3])
    } else {
        (0, &a[2])
    };
    let sa = sockaddr_of(vm, s.family.get(), addr, "sendto")?;
    let r = sock_call(vm, s, true, |fd| {
        net::sendto(fd, &data, flags | libc::MSG_NOSIGNAL, &sa)
    })?;
    Ok(int::from_i64(r as i64))
}

fn socket_shutdown(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("shutdown", 2, 2)?;
    let s = me(&a[0])?;
    let fd = open_fd(s)?;
    let how = vm.index_i64(&a[1])? as i32;
    net::shutdown(fd, how).map_err(errno_error)?;
    Ok(none())
}

fn name_of(s: &Sock, f: fn(i32) -> SysResult<SockAddr>) -> PyResult {
    let fd = open_fd(s)?;
    let mut addr = f(fd).map_err(errno_error)?;
    if addr.is_empty() {
        addr.set_family(s.family.get());
    }
    Ok(sockaddr_value(&addr))
}

fn socket_getsockname(_vm: &mut Vm, args: Args) -> PyResult {
    name_of(me(&args.values[0])?, net::getsockname)
}

fn socket_getpeername(_vm: &mut Vm, args: Args) -> PyResult {
    name_of(me(&args.values[0])?, net::getpeername)
}

fn socket_setsockopt(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setsockopt", 4, 5)?;
    let s = me(&a[0])?;
    let fd = open_fd(s)?;
    let level = vm.index_i64(&a[1])? as i32;
    let opt = vm.index_i64(&a[2])? as i32;
    let r = if int::is_int(&a[3]) {
        let v = vm.index_i64(&a[3])? as libc::c_int;
        net::setsockopt_int(fd, level, opt, v)
    } else if a[3].is_none() {
        let len = a.get(4).map(|l| vm.index_i64(l)).transpose()?.unwrap_or(0);
        net::setsockopt_null(fd, level, opt, len as libc::socklen_t)
    } else {
        let data = data_arg(&a[3])?;
        net::setsockopt(fd, level, opt, &data)
    };
    r.map_err(errno_error)?;
    Ok(none())
}

fn socket_getsockopt(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getsockopt", 3, 4)?;
    let s = me(&a[0])?;
    let fd = open_fd(s)?;
    let level = vm.index_i64(&a[1])? as i32;
    let opt = vm.index_i64(&a[2])? as i32;
    match a.get(3) {
        None => net::getsockopt_int(fd, level, opt)
            .map(|v| int::from_i64(v as i64))
            .map_err(errno_error),
        Some(n) => {
            let n = vm.index_i64(n)?;
            if !(0..=1024).contains(&n) {
                return Err(os_error_plain(libc::EINVAL));
            }
            let buf = net::getsockopt(fd, level, opt, n as usize).map_err(errno_error)?;
            Ok(bytes::new_bytes(buf))
        }
    }
}

fn timeout_value(t: f64) -> Value {
    if t < 0.0 {
        none()
    } else {
        float::new_float(t)
    }
}

fn timeout_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if v.is_none() {
        return Ok(-1.0);
    }
    let t = vm.to_f64(v)?;
    if t.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    if t < 0.0 {
        return Err(value_error("Timeout value out of range"));
    }
    Ok(t)
}

fn socket_settimeout(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("settimeout", 2, 2)?;
    let s = me(&a[0])?;
    s.timeout.set(timeout_arg(vm, &a[1])?);
    apply_timeout(s);
    Ok(none())
}

fn socket_gettimeout(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(timeout_value(me(&args.values[0])?.timeout.get()))
}

fn socket_setblocking(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setblocking", 2, 2)?;
    let s = me(&a[0])?;
    let block = vm.truthy(&a[1])?;
    s.timeout.set(if block { -1.0 } else { 0.0 });
    apply_timeout(s);
    Ok(none())
}

fn socket_getblocking(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(bool_value(me(&args.values[0])?.timeout.get() != 0.0))
}

fn get_family(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(me(this)?.family.get() as i64))
}

fn get_type(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(me(this)?.kind.get() as i64))
}

fn get_proto(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(me(this)?.proto.get() as i64))
}

fn get_timeout(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(timeout_value(me(this)?.timeout.get()))
}

fn socket_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let s = me(&args.values[0])?;
    Ok(str::from_string(format!(
        "<socket object, fd={}, family={}, type={}, proto={}>",
        s.fd.get(),
        s.family.get(),
        s.kind.get(),
        s.proto.get()
    )))
}

// ---- module functions ----

fn socketpair(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("socketpair", 0, 3)?;
    let family = a
        .first()
        .map(|v| vm.index_i64(v))
        .transpose()?
        .unwrap_or(libc::AF_UNIX as i64) as i32;
    let kind = a
        .get(1)
        .map(|v| vm.index_i64(v))
        .transpose()?
        .unwrap_or(libc::SOCK_STREAM as i64) as i32;
    let proto = a.get(2).map(|v| vm.index_i64(v)).transpose()?.unwrap_or(0) as i32;
    let (fd0, fd1) =
        net::socketpair(family, kind | libc::SOCK_CLOEXEC, proto).map_err(errno_error)?;
    let mut out = Vec::new();
    for fd in [fd0, fd1] {
        let sock = socket_new(vm, Args::new(&[SOCKET_TYPE.to_value()]))?;
        socket_init(
            vm,
            Args::new(&[
                sock.clone(),
                int::from_i64(family as i64),
                int::from_i64(kind as i64),
                int::from_i64(proto as i64),
                int::from_i64(fd as i64),
            ]),
        )?;
        out.push(sock);
    }
    Ok(tuple::new_tuple(out))
}

fn getaddrinfo(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind(
        "getaddrinfo",
        &["host", "port", "family", "type", "proto", "flags"],
        2,
    )?;
    let host = b[0].clone().expect("host");
    let port = b[1].clone().expect("port");
    let host_c = if host.is_none() {
        None
    } else if let Some(s) = str::as_str(&host) {
        Some(CString::new(s).map_err(|_| value_error("embedded null character"))?)
    } else if let Some(bts) = bytes::as_bytes(&host) {
        Some(CString::new(bts.to_vec()).map_err(|_| value_error("embedded null byte"))?)
    } else {
        return Err(type_error(
            "getaddrinfo() argument 1 must be string or None",
        ));
    };
    let port_c = if port.is_none() {
        None
    } else if int::is_int(&port) {
        Some(CString::new(vm.index_i64(&port)?.to_string()).expect("digits"))
    } else if let Some(s) = str::as_str(&port) {
        Some(CString::new(s).map_err(|_| value_error("embedded null character"))?)
    } else if let Some(bts) = bytes::as_bytes(&port) {
        Some(CString::new(bts.to_vec()).map_err(|_| value_error("embedded null byte"))?)
    } else {
        return Err(PyErr::new(&OS_ERROR, "Int or String expected"));
    };
    let num = |vm: &mut Vm, v: &Option<Value>| -> PyResult<i32> {
        Ok(match v {
            Some(x) => vm.index_i64(x)? as i32,
            None => 0,
        })
    };
    let family = num(vm, &b[2])?;
    let socktype = num(vm, &b[3])?;
    let protocol = num(vm, &b[4])?;
    let flags = num(vm, &b[5])?;
    let found = net::getaddrinfo(
        host_c.as_deref(),
        port_c.as_deref(),
        family,
        socktype,
        protocol,
        flags,
    )
    .map_err(gai_error)?;
    let out = found
        .into_iter()
        .map(|ai| {
            tuple::from_array([
                int::from_i64(ai.family as i64),
                int::from_i64(ai.socktype as i64),
                int::from_i64(ai.protocol as i64),
                str::from_string(ai.canonname),
                sockaddr_value(&ai.addr),
            ])
        })
        .collect();
    Ok(list::new_list(out))
}

fn getnameinfo(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getnameinfo", 2, 2)?;
    let t = tuple::as_tuple(&a[0])
        .map(|t| t.to_vec())
        .ok_or_else(|| type_error("getnameinfo() argument 1 must be a tuple"))?;
    let flags = vm.index_i64(&a[1])? as i32;
    let host = str::as_str(
        t.first()
            .ok_or_else(|| type_error("getnameinfo(): illegal sockaddr argument"))?,
    )
    .unwrap_or("")
    .to_string();
    let family = if host.contains(':') {
        libc::AF_INET6
    } else {
        libc::AF_INET
    };
    let sa = sockaddr_of(vm, family, &a[0], "getnameinfo")?;
    let (h, s) = net::getnameinfo(&sa, flags).map_err(gai_error)?;
    Ok(tuple::from_array([
        str::from_string(h),
        str::from_string(s),
    ]))
}

fn gethostname(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("gethostname", 0, 0)?;
    let name = net::gethostname().map_err(errno_error)?;
    Ok(str::fs_decode(&name))
}

fn gethostbyname(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("gethostbyname", 1, 1)?;
    let host =
        str::as_str(&a[0]).ok_or_else(|| type_error("gethostbyname() argument 1 must be str"))?;
    let sa = if host.is_empty() {
        let mut o = SockAddr::zeroed();
        o.set_family(libc::AF_INET);
        o
    } else {
        resolve(host, libc::AF_INET)?
    };
    let v = sockaddr_value(&sa);
    Ok(tuple::items(&v)[0].clone())
}

fn gethostbyname_ex(vm: &mut Vm, args: Args) -> PyResult {
    let host = gethostbyname(vm, args)?;
    let name = str::as_str(&args.values[0]).unwrap_or("").to_string();
    Ok(tuple::from_array([
        str::from_string(name),
        list::new_list(Vec::new()),
        list::new_list(vec![host]),
    ]))
}

fn gethostbyaddr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("gethostbyaddr", 1, 1)?;
    let ip = gethostbyname(vm, Args::new(&[a[0].clone()]))?;
    let r = getnameinfo(
        vm,
        Args::new(&[
            tuple::from_array([ip.clone(), int::from_i64(0)]),
            int::from_i64(libc::NI_NAMEREQD as i64),
        ]),
    )?;
    Ok(tuple::from_array([
        tuple::items(&r)[0].clone(),
        list::new_list(Vec::new()),
        list::new_list(vec![ip]),
    ]))
}

fn getservbyname(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getservbyname", 1, 2)?;
    let name = CString::new(str::as_str(&a[0]).unwrap_or(""))
        .map_err(|_| value_error("embedded null character"))?;
    let proto = a
        .get(1)
        .and_then(str::as_str)
        .map(|p| CString::new(p).unwrap_or_default());
    let port = net::getservbyname(&name, proto.as_deref())
        .ok_or_else(|| PyErr::new(&OS_ERROR, "service/proto not found"))?;
    Ok(int::from_i64(port as i64))
}

fn getservbyport(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getservbyport", 1, 2)?;
    let port = vm.index_i64(&a[0])?;
    if !(0..=65535).contains(&port) {
        return Err(overflow_error("getservbyport: port must be 0-65535."));
    }
    let proto = a
        .get(1)
        .and_then(str::as_str)
        .map(|p| CString::new(p).unwrap_or_default());
    let name = net::getservbyport(port as u16, proto.as_deref())
        .ok_or_else(|| PyErr::new(&OS_ERROR, "port/proto not found"))?;
    Ok(str::from_string(name))
}

fn getprotobyname(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getprotobyname", 1, 1)?;
    let name = CString::new(str::as_str(&a[0]).unwrap_or(""))
        .map_err(|_| value_error("embedded null character"))?;
    let proto =
        net::getprotobyname(&name).ok_or_else(|| PyErr::new(&OS_ERROR, "protocol not found"))?;
    Ok(int::from_i64(proto as i64))
}

fn dup_fn(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("dup", 1, 1)?;
    let fd = int::as_i64(&a[0]).ok_or_else(|| type_error("an integer is required"))? as i32;
    let r = os_fd::dup_cloexec(fd).map_err(errno_error)?;
    Ok(int::from_i64(r as i64))
}

fn close_fn(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("close", 1, 1)?;
    let fd = vm.index_i64(&a[0])? as i32;
    match os_fd::close(fd) {
        Ok(()) | Err(Errno(libc::ECONNRESET)) => Ok(none()),
        Err(Errno(e)) => Err(os_error_plain(e)),
    }
}

fn getdefaulttimeout(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(timeout_value(DEFAULT_TIMEOUT.with(|d| d.get())))
}

fn setdefaulttimeout(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setdefaulttimeout", 1, 1)?;
    let t = timeout_arg(vm, &a[0])?;
    DEFAULT_TIMEOUT.with(|d| d.set(t));
    Ok(none())
}

fn u_arg(vm: &mut Vm, args: &Args, fname: &str, bits: u32) -> PyResult<u64> {
    let a = args.check_count(fname, 1, 1)?;
    if !int::is_int(&a[0]) {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            a[0].ty().name()
        )));
    }
    let v = vm.index_i64(&a[0])?;
    if v < 0 {
        return Err(overflow_error(
            "Python int too large to convert to C unsigned long",
        ));
    }
    if (v as u64) >> bits != 0 {
        return Err(overflow_error(format!(
            "{fname}: Python int too large to convert to C {}-bit unsigned integer",
            bits
        )));
    }
    Ok(v as u64)
}

fn htons(vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(
        (u_arg(vm, &args, "htons", 16)? as u16).to_be() as i64,
    ))
}

fn htonl(vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(
        (u_arg(vm, &args, "htonl", 32)? as u32).to_be() as i64,
    ))
}

fn inet_aton(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("inet_aton", 1, 1)?;
    let s = str::as_str(&a[0]).ok_or_else(|| type_error("inet_aton() argument 1 must be str"))?;
    let ip: std::net::Ipv4Addr = s
        .parse()
        .map_err(|_| PyErr::new(&OS_ERROR, "illegal IP address string passed to inet_aton"))?;
    Ok(bytes::new_bytes(ip.octets().to_vec()))
}

fn inet_ntoa(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("inet_ntoa", 1, 1)?;
    let b = data_arg(&a[0])?;
    if b.len() != 4 {
        return Err(PyErr::new(
            &OS_ERROR,
            "packed IP wrong length for inet_ntoa",
        ));
    }
    Ok(str::from_string(
        std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string(),
    ))
}

fn inet_pton(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("inet_pton", 2, 2)?;
    let family = vm.index_i64(&a[0])? as i32;
    let s = str::as_str(&a[1]).ok_or_else(|| type_error("inet_pton() argument 2 must be str"))?;
    let bad = || PyErr::new(&OS_ERROR, "illegal IP address string passed to inet_pton");
    match family {
        libc::AF_INET => {
            let ip: std::net::Ipv4Addr = s.parse().map_err(|_| bad())?;
            Ok(bytes::new_bytes(ip.octets().to_vec()))
        }
        libc::AF_INET6 => {
            let ip: std::net::Ipv6Addr = s.parse().map_err(|_| bad())?;
            Ok(bytes::new_bytes(ip.octets().to_vec()))
        }
        _ => Err(os_error_plain(libc::EAFNOSUPPORT)),
    }
}

fn inet_ntop(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("inet_ntop", 2, 2)?;
    let family = vm.index_i64(&a[0])? as i32;
    let b = data_arg(&a[1])?;
    match family {
        libc::AF_INET if b.len() == 4 => Ok(str::from_string(
            std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string(),
        )),
        libc::AF_INET6 if b.len() == 16 => {
            let arr: [u8; 16] = b.try_into().expect("16 bytes");
            Ok(str::from_string(std::net::Ipv6Addr::from(arr).to_string()))
        }
        libc::AF_INET | libc::AF_INET6 => {
            Err(value_error("invalid length of packed IP address string"))
        }
        _ => Err(value_error(format!("unknown address family {family}"))),
    }
}

fn if_nametoindex(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("if_nametoindex", 1, 1)?;
    let name = CString::new(str::as_str(&a[0]).unwrap_or(""))
        .map_err(|_| value_error("embedded null character"))?;
    let i = net::if_nametoindex(&name)
        .map_err(|_| PyErr::new(&OS_ERROR, "no interface with this name"))?;
    Ok(int::from_i64(i as i64))
}

/// Creates the `_socket` module.
pub fn new_module(vm: &mut Vm) -> PyResult {
    crate::object::native::install_native_type(&TypeSpec {
        ty: &SOCKET_TYPE,
        methods: methods![
            MethodDef::static_("__new__", socket_new),
            MethodDef::method("__init__", socket_init),
            MethodDef::method("_accept", socket_accept),
            MethodDef::method("bind", socket_bind),
            MethodDef::method("close", socket_close),
            MethodDef::method("connect", socket_connect),
            MethodDef::method("connect_ex", socket_connect_ex),
            MethodDef::method("detach", socket_detach),
            MethodDef::method("fileno", socket_fileno),
            MethodDef::method("getpeername", socket_getpeername),
            MethodDef::method("getsockname", socket_getsockname),
            MethodDef::method("getsockopt", socket_getsockopt),
            MethodDef::method("setsockopt", socket_setsockopt),
            MethodDef::method("listen", socket_listen),
            MethodDef::method("recv", socket_recv),
            MethodDef::method("recvfrom", socket_recvfrom),
            MethodDef::method("recv_into", socket_recv_into),
            MethodDef::method("send", socket_send),
            MethodDef::method("sendall", socket_sendall),
            MethodDef::method("sendto", socket_sendto),
            MethodDef::method("setblocking", socket_setblocking),
            MethodDef::method("getblocking", socket_getblocking),
            MethodDef::method("settimeout", socket_settimeout),
            MethodDef::method("gettimeout", socket_gettimeout),
            MethodDef::method("shutdown", socket_shutdown),
            MethodDef::method("__repr__", socket_repr),
            MethodDef::method("__del__", socket_del),
        ],
        getsets: getsets![
            GetSetDef::readonly("family", get_family),
            GetSetDef::readonly("type", get_type),
            GetSetDef::readonly("proto", get_proto),
            GetSetDef::readonly("timeout", get_timeout),
        ],
        doc: Some("socket(family=AF_INET, type=SOCK_STREAM, proto=0) -> socket object"),
    });
    *SOCKET_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("_socket");
    let m = module::new_module("_socket");
    module::set_attr(&m, "socket", SOCKET_TYPE.to_value());
    module::set_attr(&m, "SocketType", SOCKET_TYPE.to_value());
    module::set_attr(&m, "error", OS_ERROR.to_value());
    module::set_attr(&m, "timeout", exception::TIMEOUT_ERROR.to_value());
    let gai = super::new_exception_class(vm, "socket", "gaierror", vec![OS_ERROR.to_value()])?;
    let herr = super::new_exception_class(vm, "socket", "herror", vec![OS_ERROR.to_value()])?;
    GAIERROR.with(|g| *g.borrow_mut() = Some(gai.clone()));
    module::set_attr(&m, "gaierror", gai);
    module::set_attr(&m, "herror", herr);
    module::set_attr(&m, "has_ipv6", bool_value(true));
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("socketpair", socketpair),
        ("getaddrinfo", getaddrinfo),
        ("getnameinfo", getnameinfo),
        ("gethostname", gethostname),
        ("gethostbyname", gethostbyname),
        ("gethostbyname_ex", gethostbyname_ex),
        ("gethostbyaddr", gethostbyaddr),
        ("getservbyname", getservbyname),
        ("getservbyport", getservbyport),
        ("getprotobyname", getprotobyname),
        ("dup", dup_fn),
        ("close", close_fn),
        ("getdefaulttimeout", getdefaulttimeout),
        ("setdefaulttimeout", setdefaulttimeout),
        ("htons", htons),
        ("ntohs", htons),
        ("htonl", htonl),
        ("ntohl", htonl),
        ("inet_aton", inet_aton),
        ("inet_ntoa", inet_ntoa),
        ("inet_pton", inet_pton),
        ("inet_ntop", inet_ntop),
        ("if_nametoindex", if_nametoindex),
    ];
    crate::modules::add_functions(&m, fns);
    let consts: &[(&str, i64)] = &[
        ("AF_UNSPEC", libc::AF_UNSPEC as i64),
        ("AF_INET", libc::AF_INET as i64),
        ("AF_INET6", libc::AF_INET6 as i64),
        ("AF_UNIX", libc::AF_UNIX as i64),
        ("AF_PACKET", libc::AF_PACKET as i64),
        ("AF_NETLINK", libc::AF_NETLINK as i64),
        ("SOCK_STREAM", libc::SOCK_STREAM as i64),
        ("SOCK_DGRAM", libc::SOCK_DGRAM as i64),
        ("SOCK_RAW", libc::SOCK_RAW as i64),
        ("SOCK_SEQPACKET", libc::SOCK_SEQPACKET as i64),
        ("SOCK_RDM", libc::SOCK_RDM as i64),
        ("SOCK_NONBLOCK", libc::SOCK_NONBLOCK as i64),
        ("SOCK_CLOEXEC", libc::SOCK_CLOEXEC as i64),
        ("SOL_SOCKET", libc::SOL_SOCKET as i64),
        ("SOL_IP", libc::SOL_IP as i64),
        ("SOL_TCP", libc::SOL_TCP as i64),
        ("SOL_UDP", libc::SOL_UDP as i64),
        ("SO_REUSEADDR", libc::SO_REUSEADDR as i64),
        ("SO_REUSEPORT", libc::SO_REUSEPORT as i64),
        ("SO_KEEPALIVE", libc::SO_KEEPALIVE as i64),
        ("SO_BROADCAST", libc::SO_BROADCAST as i64),
        ("SO_ERROR", libc::SO_ERROR as i64),
        ("SO_TYPE", libc::SO_TYPE as i64),
        ("SO_RCVBUF", libc::SO_RCVBUF as i64),
        ("SO_SNDBUF", libc::SO_SNDBUF as i64),
        ("SO_RCVLOWAT", libc::SO_RCVLOWAT as i64),
        ("SO_SNDLOWAT", libc::SO_SNDLOWAT as i64),
        ("SO_RCVTIMEO", libc::SO_RCVTIMEO as i64),
        ("SO_SNDTIMEO", libc::SO_SNDTIMEO as i64),
        ("SO_LINGER", libc::SO_LINGER as i64),
        ("SO_OOBINLINE", libc::SO_OOBINLINE as i64),
        ("SO_ACCEPTCONN", libc::SO_ACCEPTCONN as i64),
        ("SO_DOMAIN", libc::SO_DOMAIN as i64),
        ("SO_PROTOCOL", libc::SO_PROTOCOL as i64),
        ("SO_PEERCRED", libc::SO_PEERCRED as i64),
        ("SO_PASSCRED", libc::SO_PASSCRED as i64),
        ("SO_BINDTODEVICE", libc::SO_BINDTODEVICE as i64),
        ("SO_PRIORITY", libc::SO_PRIORITY as i64),
        ("SO_MARK", libc::SO_MARK as i64),
        ("SOMAXCONN", libc::SOMAXCONN as i64),
        ("SCM_RIGHTS", libc::SCM_RIGHTS as i64),
        ("SCM_CREDENTIALS", libc::SCM_CREDENTIALS as i64),
        ("IPPROTO_IP", libc::IPPROTO_IP as i64),
        ("IPPROTO_TCP", libc::IPPROTO_TCP as i64),
        ("IPPROTO_UDP", libc::IPPROTO_UDP as i64),
        ("IPPROTO_IPV6", libc::IPPROTO_IPV6 as i64),
        ("IPPROTO_ICMP", libc::IPPROTO_ICMP as i64),
        ("IPPROTO_ICMPV6", libc::IPPROTO_ICMPV6 as i64),
        ("IPPROTO_RAW", libc::IPPROTO_RAW as i64),
        ("IPPROTO_SCTP", libc::IPPROTO_SCTP as i64),
        ("IP_TTL", libc::IP_TTL as i64),
        ("IP_TOS", libc::IP_TOS as i64),
        ("IP_HDRINCL", libc::IP_HDRINCL as i64),
        ("IP_MULTICAST_IF", libc::IP_MULTICAST_IF as i64),
        ("IP_MULTICAST_TTL", libc::IP_MULTICAST_TTL as i64),
        ("IP_MULTICAST_LOOP", libc::IP_MULTICAST_LOOP as i64),
        ("IP_ADD_MEMBERSHIP", libc::IP_ADD_MEMBERSHIP as i64),
        ("IP_DROP_MEMBERSHIP", libc::IP_DROP_MEMBERSHIP as i64),
        ("IPV6_V6ONLY", libc::IPV6_V6ONLY as i64),
        ("IPV6_JOIN_GROUP", libc::IPV6_ADD_MEMBERSHIP as i64),
        ("IPV6_LEAVE_GROUP", libc::IPV6_DROP_MEMBERSHIP as i64),
        ("IPV6_MULTICAST_HOPS", libc::IPV6_MULTICAST_HOPS as i64),
        ("IPV6_MULTICAST_IF", libc::IPV6_MULTICAST_IF as i64),
        ("IPV6_MULTICAST_LOOP", libc::IPV6_MULTICAST_LOOP as i64),
        ("IPV6_UNICAST_HOPS", libc::IPV6_UNICAST_HOPS as i64),
        ("TCP_NODELAY", libc::TCP_NODELAY as i64),
        ("TCP_MAXSEG", libc::TCP_MAXSEG as i64),
        ("TCP_KEEPIDLE", libc::TCP_KEEPIDLE as i64),
        ("TCP_KEEPINTVL", libc::TCP_KEEPINTVL as i64),
        ("TCP_KEEPCNT", libc::TCP_KEEPCNT as i64),
        ("TCP_CORK", libc::TCP_CORK as i64),
        ("TCP_QUICKACK", libc::TCP_QUICKACK as i64),
        ("TCP_FASTOPEN", libc::TCP_FASTOPEN as i64),
        ("TCP_USER_TIMEOUT", libc::TCP_USER_TIMEOUT as i64),
        ("TCP_NOTSENT_LOWAT", libc::TCP_NOTSENT_LOWAT as i64),
        ("MSG_OOB", libc::MSG_OOB as i64),
        ("MSG_PEEK", libc::MSG_PEEK as i64),
        ("MSG_DONTROUTE", libc::MSG_DONTROUTE as i64),
        ("MSG_DONTWAIT", libc::MSG_DONTWAIT as i64),
        ("MSG_EOR", libc::MSG_EOR as i64),
        ("MSG_TRUNC", libc::MSG_TRUNC as i64),
        ("MSG_CTRUNC", libc::MSG_CTRUNC as i64),
        ("MSG_WAITALL", libc::MSG_WAITALL as i64),
        ("MSG_NOSIGNAL", libc::MSG_NOSIGNAL as i64),
        ("MSG_CMSG_CLOEXEC", libc::MSG_CMSG_CLOEXEC as i64),
        ("MSG_CONFIRM", libc::MSG_CONFIRM as i64),
        ("MSG_ERRQUEUE", libc::MSG_ERRQUEUE as i64),
        ("MSG_MORE", libc::MSG_MORE as i64),
        ("SHUT_RD", libc::SHUT_RD as i64),
        ("SHUT_WR", libc::SHUT_WR as i64),
        ("SHUT_RDWR", libc::SHUT_RDWR as i64),
        ("INADDR_ANY", 0),
        ("INADDR_BROADCAST", 0xffff_ffff),
        ("INADDR_LOOPBACK", 0x7f00_0001),
        ("INADDR_NONE", 0xffff_ffff),
        ("INADDR_UNSPEC_GROUP", 0xe000_0000),
        ("INADDR_ALLHOSTS_GROUP", 0xe000_0001),
        ("INADDR_MAX_LOCAL_GROUP", 0xe000_00ff),
        ("AI_PASSIVE", libc::AI_PASSIVE as i64),
        ("AI_CANONNAME", libc::AI_CANONNAME as i64),
        ("AI_NUMERICHOST", libc::AI_NUMERICHOST as i64),
        ("AI_NUMERICSERV", libc::AI_NUMERICSERV as i64),
        ("AI_V4MAPPED", libc::AI_V4MAPPED as i64),
        ("AI_ALL", libc::AI_ALL as i64),
        ("AI_ADDRCONFIG", libc::AI_ADDRCONFIG as i64),
        ("NI_NUMERICHOST", libc::NI_NUMERICHOST as i64),
        ("NI_NUMERICSERV", libc::NI_NUMERICSERV as i64),
        ("NI_NOFQDN", libc::NI_NOFQDN as i64),
        ("NI_NAMEREQD", libc::NI_NAMEREQD as i64),
        ("NI_DGRAM", libc::NI_DGRAM as i64),
        ("NI_MAXHOST", 1025),
        ("NI_MAXSERV", 32),
        ("EAI_ADDRFAMILY", -9),
        ("EAI_AGAIN", libc::EAI_AGAIN as i64),
        ("EAI_BADFLAGS", libc::EAI_BADFLAGS as i64),
        ("EAI_FAIL", libc::EAI_FAIL as i64),
        ("EAI_FAMILY", libc::EAI_FAMILY as i64),
        ("EAI_MEMORY", libc::EAI_MEMORY as i64),
        ("EAI_NODATA", libc::EAI_NODATA as i64),
        ("EAI_NONAME", libc::EAI_NONAME as i64),
        ("EAI_OVERFLOW", libc::EAI_OVERFLOW as i64),
        ("EAI_SERVICE", libc::EAI_SERVICE as i64),
        ("EAI_SOCKTYPE", libc::EAI_SOCKTYPE as i64),
        ("EAI_SYSTEM", libc::EAI_SYSTEM as i64),
    ];
    for (name, v) in consts {
        module::set_attr(&m, name, int::from_i64(*v));
    }
    Ok(m)
}
