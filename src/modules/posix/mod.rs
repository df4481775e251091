//! `posix`, CPython's C module under `os` and `os.path`: files and file descriptors,
//! directories (`listdir`, `scandir` with `DirEntry`), the stat family, the environment,
//! processes (`fork`, `execv`, `waitpid`, `kill`) and system information, over libc.
//!
//! Paths are str, bytes or `os.PathLike`; functions that return paths return bytes when given
//! bytes. Failures are `OSError` subclasses chosen by errno, with `errno`, `strerror` and
//! `filename`. Str paths use the file-system encoding, UTF-8 with `surrogateescape`, both
//! ways, so undecodable names round-trip as CPython's do. The path-taking calls are in `fs`
//! (with `dir_fd`, descriptors and `follow_symlinks` where CPython's have them), the further
//! descriptor calls in `fdio`.

use std::cell::RefCell;
use std::ffi::CString;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{type_error, value_error, OS_ERROR};
use crate::object::native::install_native_type;
use crate::object::types::{bool_value, none};
use crate::object::value::Value;
use crate::object::*;
use crate::os::{fd, process, system, Errno};
use crate::vm::Vm;

mod conf;
mod fdio;
mod fs;
mod procs;

pub use crate::os::{errno, set_errno, strerror as strerror_text};

/// `OSError(errno, strerror(errno), filename[, None, filename2])`, made through the class so
/// that errno picks the subclass.
pub fn os_error(
    vm: &mut Vm,
    code: i32,
    filename: Option<&Value>,
    filename2: Option<&Value>,
) -> PyErr {
    let mut args = vec![
        int::from_i64(code as i64),
        str::new_str(&strerror_text(code)),
    ];
    if let Some(f) = filename {
        args.push(f.clone());
        if let Some(f2) = filename2 {
            args.push(int::from_i64(0));
            args.push(f2.clone());
        }
    }
    match vm.call(&OS_ERROR.to_value(), &args) {
        Ok(e) => PyErr(e),
        Err(e) => e,
    }
}

/// The `OSError` for a failed call's errno, with no file name.
pub fn sys_error(vm: &mut Vm, e: Errno) -> PyErr {
    os_error(vm, e.0, None, None)
}

/// A path argument: its bytes, and whether the caller gave bytes.
struct PathArg {
    bytes: Vec<u8>,
    is_bytes: bool,
    /// What the caller passed (for error messages).
    given: Value,
}

impl PathArg {
    fn cstring(&self) -> PyResult<CString> {
        CString::new(self.bytes.clone()).map_err(|_| value_error("embedded null byte"))
    }

    /// A path under this one in the caller's type.
    fn to_value(&self, bytes: &[u8]) -> Value {
        path_value(bytes, self.is_bytes)
    }
}

/// A str path's bytes (UTF-8 with `surrogateescape`), or the `UnicodeEncodeError` CPython's
/// file-system encoder raises for a surrogate that is not an escaped byte.
pub(crate) fn fs_encode(v: &Value, s: &str::Str) -> PyResult<Vec<u8>> {
    str::fs_encode(s).map_err(|i| {
        PyErr(exception::new_unicode_error(
            &exception::UNICODE_ENCODE_ERROR,
            "utf-8",
            v.clone(),
            i,
            i + 1,
            "surrogates not allowed",
        ))
    })
}

fn path_value(bytes: &[u8], as_bytes: bool) -> Value {
    if as_bytes {
        bytes::new_bytes(bytes.to_vec())
    } else {
        str::fs_decode(bytes)
    }
}

/// `os.fspath`: str and bytes as they are, else `__fspath__()`.
fn fspath_value(vm: &mut Vm, v: &Value) -> PyResult {
    if str::as_str(v).is_some() || bytes::as_bytes(v).is_some() {
        return Ok(v.clone());
    }
    let Some(f) = v.ty().lookup_str("__fspath__") else {
        return Err(type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            v.ty().name()
        )));
    };
    let r = vm.call(&f, std::slice::from_ref(v))?;
    if str::as_str(&r).is_some() || bytes::as_bytes(&r).is_some() {
        Ok(r)
    } else {
        Err(type_error(format!(
            "expected {}.__fspath__() to return str or bytes, not {}",
            v.ty().name(),
            r.ty().name()
        )))
    }
}

fn path_arg(vm: &mut Vm, fname: &str, argname: &str, v: &Value) -> PyResult<PathArg> {
    // An `__fspath__` that fails or returns the wrong type reports that itself.
    let p = if v.ty().lookup_str("__fspath__").is_some() {
        fspath_value(vm, v)?
    } else if let Some(b) = bytes::as_bytes(v)
        .is_none()
        .then(|| bytes::bytes_like(v))
        .flatten()
    {
        // Other bytes-like objects are still taken, with CPython 3.11's DeprecationWarning.
        crate::modules::imp::warn_with(
            vm,
            &exception::DEPRECATION_WARNING,
            &format!(
                "{fname}: {argname} should be string, bytes or os.PathLike, not {}",
                v.ty().name()
            ),
            1,
        )?;
        bytes::new_bytes(b)
    } else {
        fspath_value(vm, v).map_err(|_| {
            type_error(format!(
                "{fname}: {argname} should be string, bytes or os.PathLike, not {}",
                v.ty().name()
            ))
        })?
    };
    if let Some(s) = str::payload(&p) {
        return Ok(PathArg {
            bytes: fs_encode(&p, s)?,
            is_bytes: false,
            given: v.clone(),
        });
    }
    let b = bytes::as_bytes(&p).expect("bytes").to_vec();
    Ok(PathArg {
        bytes: b,
        is_bytes: true,
        given: v.clone(),
    })
}

fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = vm.index_i64(v)?;
    i32::try_from(n).map_err(|_| exception::overflow_error("fd is greater than maximum"))
}

/// A descriptor: an int, or an object whose `fileno()` gives one (CPython's
/// `PyObject_AsFileDescriptor`).
pub fn fileno_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = if int::is_int(v) {
        vm.index_i64(v)?
    } else if v.ty().lookup_str("fileno").is_some() {
        let r = vm.call_method(v, "fileno", &[])?;
        if !int::is_int(&r) {
            return Err(type_error("fileno() returned a non-integer"));
        }
        vm.index_i64(&r)?
    } else {
        return Err(type_error(
            "argument must be an int, or have a fileno() method.",
        ));
    };
    if n < 0 {
        return Err(value_error(format!(
            "file descriptor cannot be a negative integer ({n})"
        )));
    }
    i32::try_from(n).map_err(|_| exception::overflow_error("fd is greater than maximum"))
}

/// The positional arguments, with the keyword ones among `names` bound in order.
fn bind<'a>(
    args: &Args<'a>,
    fname: &str,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let extra = [
        "dir_fd",
        "follow_symlinks",
        "src_dir_fd",
        "dst_dir_fd",
        "effective_ids",
    ];
    let kw: Vec<Value> = args
        .keywords()
        .filter(|(k, _)| !extra.contains(&str::as_str(k).unwrap_or("")))
        .map(|(k, _)| k.clone())
        .collect();
    let vals: Vec<Value> = args
        .positional()
        .iter()
        .cloned()
        .chain(
            args.keywords()
                .filter(|(k, _)| !extra.contains(&str::as_str(k).unwrap_or("")))
                .map(|(_, v)| v.clone()),
        )
        .collect();
    Args::with_kwnames(&vals, &kw).bind(fname, names, required)
}

// ---- stat ----

/// `os.stat_result` from a `struct stat`.
fn stat_result(vm: &mut Vm, st: &libc::stat) -> PyResult {
    let ns = |s: i64, n: i64| int::from_bigint(num_bigint::BigInt::from(s) * 1_000_000_000 + n);
    let fl = |s: i64, n: i64| float::new_float(s as f64 + n as f64 * 1e-9);
    let seq = vec![
        int::from_i64(st.st_mode as i64),
        int::from_i64(st.st_ino as i64),
        int::from_i64(st.st_dev as i64),
        int::from_i64(st.st_nlink as i64),
        int::from_i64(st.st_uid as i64),
        int::from_i64(st.st_gid as i64),
        int::from_i64(st.st_size),
        int::from_i64(st.st_atime),
        int::from_i64(st.st_mtime),
        int::from_i64(st.st_ctime),
        fl(st.st_atime, st.st_atime_nsec),
        fl(st.st_mtime, st.st_mtime_nsec),
        fl(st.st_ctime, st.st_ctime_nsec),
        ns(st.st_atime, st.st_atime_nsec),
        ns(st.st_mtime, st.st_mtime_nsec),
        ns(st.st_ctime, st.st_ctime_nsec),
        int::from_i64(st.st_blksize),
        int::from_i64(st.st_blocks),
        int::from_i64(st.st_rdev as i64),
    ];
    let cls = structseq_type(vm, "stat_result")?;
    vm.call(&cls, &[tuple::new_tuple(seq)])
}

thread_local! {
    static STRUCTSEQ_TYPES: RefCell<Vec<(&'static str, Value)>> = const { RefCell::new(Vec::new()) };
}

/// The named-tuple class `os.<name>` (made once, by `_structseq.make`).
fn structseq_type(vm: &mut Vm, name: &'static str) -> PyResult {
    if let Some(t) = STRUCTSEQ_TYPES.with(|t| {
        t.borrow()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }) {
        return Ok(t);
    }
    // `None` marks an unnamed field: the integer times, as in CPython's stat_result.
    let (fields, n_seq): (&[Option<&str>], usize) = match name {
        "stat_result" => (
            &[
                Some("st_mode"),
                Some("st_ino"),
                Some("st_dev"),
                Some("st_nlink"),
                Some("st_uid"),
                Some("st_gid"),
                Some("st_size"),
                None,
                None,
                None,
                Some("st_atime"),
                Some("st_mtime"),
                Some("st_ctime"),
                Some("st_atime_ns"),
                Some("st_mtime_ns"),
                Some("st_ctime_ns"),
                Some("st_blksize"),
                Some("st_blocks"),
                Some("st_rdev"),
            ],
            10,
        ),
        "terminal_size" => (&[Some("columns"), Some("lines")], 2),
        "times_result" => (
            &[
                Some("user"),
                Some("system"),
                Some("children_user"),
                Some("children_system"),
                Some("elapsed"),
            ],
            5,
        ),
        "statvfs_result" => (
            &[
                Some("f_bsize"),
                Some("f_frsize"),
                Some("f_blocks"),
                Some("f_bfree"),
                Some("f_bavail"),
                Some("f_files"),
                Some("f_ffree"),
                Some("f_favail"),
                Some("f_flag"),
                Some("f_namemax"),
                Some("f_fsid"),
            ],
            10,
        ),
        "uname_result" => (
            &[
                Some("sysname"),
                Some("nodename"),
                Some("release"),
                Some("version"),
                Some("machine"),
            ],
            5,
        ),
        "waitid_result" => (
            &[
                Some("si_pid"),
                Some("si_uid"),
                Some("si_signo"),
                Some("si_status"),
                Some("si_code"),
            ],
            5,
        ),
        _ => return Err(type_error("unknown structseq")),
    };
    // CPython names this one `posix.waitid_result`; the others are `os.` types.
    let module = if name == "waitid_result" {
        "posix"
    } else {
        "os"
    };
    let helper = vm.import_module("_structseq")?;
    let make = vm.getattr(&helper, "make")?;
    let names = tuple::new_tuple(
        fields
            .iter()
            .map(|f| f.map_or_else(none, str::new_str))
            .collect(),
    );
    let cls = vm.call(
        &make,
        &[
            str::new_str(name),
            str::new_str(module),
            names,
            int::from_usize(n_seq),
        ],
    )?;
    STRUCTSEQ_TYPES.with(|t| t.borrow_mut().push((name, cls.clone())));
    Ok(cls)
}

// ---- file descriptors ----

fn close(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("close", &["fd"], 1)?;
    let fd = fd_arg(vm, b[0].as_ref().expect("fd"))?;
    fd::close(fd).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

fn closerange(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("closerange", 2, 2)?;
    let (lo, hi) = (fd_arg(vm, &a[0])?, fd_arg(vm, &a[1])?);
    for fd in lo.max(0)..hi {
        // Errors are ignored, as CPython does.
        let _ = fd::close(fd);
    }
    Ok(none())
}

fn read(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("read", 2, 2)?;
    let fd = fd_arg(vm, &a[0])?;
    let n = vm.index_i64(&a[1])?;
    if n < 0 {
        return Err(value_error("negative length"));
    }
    let mut buf = vec![0u8; n as usize];
    let got = fd::read(fd, &mut buf).map_err(|e| sys_error(vm, e))?;
    buf.truncate(got);
    Ok(bytes::new_bytes(buf))
}

fn write(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("write", 2, 2)?;
    let fd = fd_arg(vm, &a[0])?;
    let data = bytes::bytes_like(&a[1]).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            a[1].ty().name()
        ))
    })?;
    let n = fd::write(fd, &data).map_err(|e| sys_error(vm, e))?;
    Ok(int::from_usize(n))
}

fn lseek(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("lseek", 3, 3)?;
    let fd = fd_arg(vm, &a[0])?;
    let pos = vm.index_i64(&a[1])?;
    let how = vm.index_i64(&a[2])? as i32;
    let r = fd::lseek(fd, pos, how).map_err(|e| sys_error(vm, e))?;
    Ok(int::from_i64(r))
}

fn fsync(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fsync", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    fd::fsync(fd).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

fn dup(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("dup", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    let r = fd::dup_cloexec(fd).map_err(|e| sys_error(vm, e))?;
    Ok(int::from_i64(r as i64))
}

fn dup2(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("dup2", &["fd", "fd2", "inheritable"], 2)?;
    let fd = fd_arg(vm, b[0].as_ref().expect("fd"))?;
    let fd2 = fd_arg(vm, b[1].as_ref().expect("fd2"))?;
    let inheritable = match &b[2] {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let flags = if inheritable { 0 } else { libc::O_CLOEXEC };
    let r = fd::dup3(fd, fd2, flags).map_err(|e| sys_error(vm, e))?;
    Ok(int::from_i64(r as i64))
}

fn ftruncate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("ftruncate", 2, 2)?;
    let fd = fd_arg(vm, &a[0])?;
    let len = vm.index_i64(&a[1])?;
    fd::ftruncate(fd, len).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

fn isatty(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("isatty", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    Ok(bool_value(fd::isatty(fd)))
}

fn pipe(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("pipe", 0, 0)?;
    let (r, w) = fd::pipe2(libc::O_CLOEXEC).map_err(|e| sys_error(vm, e))?;
    Ok(tuple::from_array([
        int::from_i64(r as i64),
        int::from_i64(w as i64),
    ]))
}

fn fd_flag(vm: &mut Vm, fd: i32, get: i32) -> PyResult<i32> {
    fd::fcntl_int(fd, get, 0).map_err(|e| sys_error(vm, e))
}

fn set_fd_flag(vm: &mut Vm, fd: i32, get: i32, set: i32, bit: i32, on: bool) -> PyResult {
    let cur = fd_flag(vm, fd, get)?;
    let new = if on { cur | bit } else { cur & !bit };
    fd::fcntl_int(fd, set, new).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

fn get_blocking(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("get_blocking", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    Ok(bool_value(
        fd_flag(vm, fd, libc::F_GETFL)? & libc::O_NONBLOCK == 0,
    ))
}

fn set_blocking(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("set_blocking", 2, 2)?;
    let fd = fd_arg(vm, &a[0])?;
    let blocking = vm.truthy(&a[1])?;
    set_fd_flag(
        vm,
        fd,
        libc::F_GETFL,
        libc::F_SETFL,
        libc::O_NONBLOCK,
        !blocking,
    )
}

fn get_inheritable(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("get_inheritable", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    Ok(bool_value(
        fd_flag(vm, fd, libc::F_GETFD)? & libc::FD_CLOEXEC == 0,
    ))
}

fn set_inheritable(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("set_inheritable", 2, 2)?;
    let fd = fd_arg(vm, &a[0])?;
    let inheritable = vm.truthy(&a[1])?;
    set_fd_flag(
        vm,
        fd,
        libc::F_GETFD,
        libc::F_SETFD,
        libc::FD_CLOEXEC,
        !inheritable,
    )
}

fn device_encoding(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("device_encoding", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    Ok(if fd::isatty(fd) {
        str::new_str("utf-8")
    } else {
        none()
    })
}

// ---- environment ----

/// `posix.environ`: the environment at start-up, bytes to bytes.
fn environ_dict(vm: &mut Vm) -> PyResult {
    let d = dict::new_dict();
    for (k, v) in std::env::vars_os() {
        let k = std::os::unix::ffi::OsStrExt::as_bytes(k.as_os_str()).to_vec();
        let v = std::os::unix::ffi::OsStrExt::as_bytes(v.as_os_str()).to_vec();
        dict::set_item(vm, &d, bytes::new_bytes(k), bytes::new_bytes(v))?;
    }
    Ok(d)
}

pub(crate) fn env_bytes(vm: &mut Vm, v: &Value, what: &str) -> PyResult<Vec<u8>> {
    let p = fspath_value(vm, v).map_err(|_| {
        type_error(format!(
            "{what}: expected str, bytes or os.PathLike object, not {}",
            v.ty().name()
        ))
    })?;
    let b = match str::payload(&p) {
        Some(s) => fs_encode(&p, s)?,
        None => bytes::as_bytes(&p).expect("bytes").to_vec(),
    };
    if b.contains(&0) {
        return Err(value_error("embedded null byte"));
    }
    Ok(b)
}

fn putenv(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("putenv", 2, 2)?;
    let k = env_bytes(vm, &a[0], "putenv")?;
    let v = env_bytes(vm, &a[1], "putenv")?;
    if k.is_empty() || k.contains(&b'=') {
        return Err(value_error("illegal environment variable name"));
    }
    let (k, v) = (
        CString::new(k).expect("no NUL"),
        CString::new(v).expect("no NUL"),
    );
    system::setenv(&k, &v).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

fn unsetenv(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unsetenv", 1, 1)?;
    let k = env_bytes(vm, &a[0], "unsetenv")?;
    if k.is_empty() || k.contains(&b'=') {
        return Err(value_error("illegal environment variable name"));
    }
    let k = CString::new(k).expect("no NUL");
    system::unsetenv(&k).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

// ---- processes and system ----

macro_rules! id_fn {
    ($name:ident, $call:expr) => {
        fn $name(_vm: &mut Vm, args: Args) -> PyResult {
            args.check_count(stringify!($name), 0, 0)?;
            Ok(int::from_i64($call as i64))
        }
    };
}
id_fn!(getpid, process::getpid());
id_fn!(getppid, process::getppid());
id_fn!(getuid, process::getuid());
id_fn!(geteuid, process::geteuid());
id_fn!(getgid, process::getgid());
id_fn!(getegid, process::getegid());
id_fn!(getpgrp, process::getpgrp());

fn setsid(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("setsid", 0, 0)?;
    let r = process::setsid().map_err(|e| sys_error(vm, e))?;
    Ok(int::from_i64(r as i64))
}

fn umask(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("umask", 1, 1)?;
    let m = vm.index_i64(&a[0])?;
    Ok(int::from_i64(process::umask(m as libc::mode_t) as i64))
}

/// `getrandom(size, flags=0)`: the kernel's random bytes, one call (it may return fewer).
fn getrandom(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("getrandom", &["size", "flags"], 1)?;
    let n = vm.index_i64(b[0].as_ref().expect("size"))?;
    if n < 0 {
        // As CPython: the size goes to the kernel, which refuses it.
        return Err(os_error(vm, libc::EINVAL, None, None));
    }
    let flags = match &b[1] {
        Some(f) => vm.index_i64(f)? as libc::c_uint,
        None => 0,
    };
    let mut buf = vec![0u8; n as usize];
    loop {
        match system::getrandom(&mut buf, flags) {
            Ok(n) => {
                buf.truncate(n);
                return Ok(bytes::new_bytes(buf));
            }
            Err(Errno(libc::EINTR)) => vm.check_signals()?,
            Err(e) => return Err(sys_error(vm, e)),
        }
    }
}

/// `statvfs_result` from a `struct statvfs`.
fn statvfs_result(vm: &mut Vm, st: &libc::statvfs) -> PyResult {
    let u = |v: u64| int::from_bigint(num_bigint::BigInt::from(v));
    let seq = vec![
        u(st.f_bsize),
        u(st.f_frsize),
        u(st.f_blocks),
        u(st.f_bfree),
        u(st.f_bavail),
        u(st.f_files),
        u(st.f_ffree),
        u(st.f_favail),
        u(st.f_flag),
        u(st.f_namemax),
        u(st.f_fsid),
    ];
    let cls = structseq_type(vm, "statvfs_result")?;
    vm.call(&cls, &[tuple::new_tuple(seq)])
}

/// `statvfs(path)`: the file system's statistics; `path` may be a descriptor.
fn statvfs(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("statvfs", &["path"], 1)?;
    let p = b[0].clone().expect("path");
    let st = if int::is_int(&p) {
        let fd = fd_arg(vm, &p)?;
        fd::fstatvfs(fd).map_err(|e| sys_error(vm, e))?
    } else {
        let path = path_arg(vm, "statvfs", "path", &p)?;
        let c = path.cstring()?;
        system::statvfs(&c).map_err(|e| os_error(vm, e.0, Some(&path.given), None))?
    };
    statvfs_result(vm, &st)
}

fn fstatvfs(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fstatvfs", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    let st = fd::fstatvfs(fd).map_err(|e| sys_error(vm, e))?;
    statvfs_result(vm, &st)
}

/// `fchmod(fd, mode)`.
fn fchmod(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("fchmod", &["fd", "mode"], 2)?;
    let fd = fd_arg(vm, b[0].as_ref().expect("fd"))?;
    let mode = vm.index_i64(b[1].as_ref().expect("mode"))?;
    crate::os::fs::fchmod(fd, mode as libc::mode_t).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

/// `fchown(fd, uid, gid)` (-1 leaves an id unchanged).
fn fchown(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("fchown", &["fd", "uid", "gid"], 3)?;
    let fd = fd_arg(vm, b[0].as_ref().expect("fd"))?;
    let uid = vm.index_i64(b[1].as_ref().expect("uid"))?;
    let gid = vm.index_i64(b[2].as_ref().expect("gid"))?;
    crate::os::fs::fchown(fd, uid as libc::uid_t, gid as libc::gid_t)
        .map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

/// The process's user and group ids: `setuid`, `setgid`, `seteuid`, `setegid`.
macro_rules! set_id {
    ($name:ident, $call:path, $ty:ty) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let a = args.check_count(stringify!($name), 1, 1)?;
            let id = vm.index_i64(&a[0])?;
            if id < 0 || id > u32::MAX as i64 {
                return Err(exception::overflow_error(concat!(
                    stringify!($name),
                    " id out of range"
                )));
            }
            $call(id as $ty).map_err(|e| sys_error(vm, e))?;
            Ok(none())
        }
    };
}
set_id!(setuid, process::setuid, libc::uid_t);
set_id!(setgid, process::setgid, libc::gid_t);
set_id!(seteuid, process::seteuid, libc::uid_t);
set_id!(setegid, process::setegid, libc::gid_t);

/// `setreuid(ruid, euid)` and `setregid(rgid, egid)` (-1 leaves an id unchanged).
macro_rules! set_re_id {
    ($name:ident, $call:path, $ty:ty) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let a = args.check_count(stringify!($name), 2, 2)?;
            let (r, e) = (vm.index_i64(&a[0])?, vm.index_i64(&a[1])?);
            // -1 leaves an id unchanged; other ids must fit an unsigned 32-bit id.
            for id in [r, e] {
                if id < -1 {
                    return Err(exception::overflow_error("uid is less than minimum"));
                }
                if id >= u32::MAX as i64 {
                    return Err(exception::overflow_error("uid is greater than maximum"));
                }
            }
            $call(r as $ty, e as $ty).map_err(|e| sys_error(vm, e))?;
            Ok(none())
        }
    };
}
set_re_id!(setreuid, process::setreuid, libc::uid_t);
set_re_id!(setregid, process::setregid, libc::gid_t);

/// `getgroups()`: the supplementary group ids.
fn getgroups(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("getgroups", 0, 0)?;
    let groups = process::getgroups().map_err(|e| sys_error(vm, e))?;
    Ok(list::new_list(
        groups
            .into_iter()
            .map(|g| int::from_i64(g as i64))
            .collect(),
    ))
}

/// `setgroups(groups)`.
fn setgroups(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setgroups", 1, 1)?;
    let items = vm.collect(&a[0])?;
    let mut groups = Vec::with_capacity(items.len());
    for g in &items {
        let n = vm.index_i64(g)?;
        if !(0..u32::MAX as i64).contains(&n) {
            return Err(exception::overflow_error("gid is greater than maximum"));
        }
        groups.push(n as libc::gid_t);
    }
    process::setgroups(&groups).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

/// `getsid(pid)` and `getpgid(pid)`: a process's session or process group.
macro_rules! pid_query {
    ($name:ident, $call:path) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let a = args.check_count(stringify!($name), 1, 1)?;
            let pid = vm.index_i64(&a[0])?;
            let r = $call(pid as libc::pid_t).map_err(|e| sys_error(vm, e))?;
            Ok(int::from_i64(r as i64))
        }
    };
}
pid_query!(getsid, process::getsid);
pid_query!(getpgid, process::getpgid);

/// `setpgid(pid, pgrp)`.
fn setpgid(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setpgid", 2, 2)?;
    let (pid, pgrp) = (vm.index_i64(&a[0])?, vm.index_i64(&a[1])?);
    process::setpgid(pid as libc::pid_t, pgrp as libc::pid_t).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

/// `killpg(pgid, signal)`.
fn killpg(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("killpg", 2, 2)?;
    let (pg, sig) = (vm.index_i64(&a[0])?, vm.index_i64(&a[1])?);
    process::killpg(pg as libc::pid_t, sig as libc::c_int).map_err(|e| sys_error(vm, e))?;
    vm.check_signals()?;
    Ok(none())
}

/// `abort()`: SIGABRT, with standard output flushed first (output already written is not
/// lost) and the default handler restored, as CPython's `abort()` ends the process.
fn abort(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("abort", 0, 0)?;
    vm.flush_stdout();
    process::abort()
}

/// `getpriority(which, who)`.
fn getpriority(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getpriority", 2, 2)?;
    let (which, who) = (vm.index_i64(&a[0])?, vm.index_i64(&a[1])?);
    let r = process::getpriority(which as libc::c_int, who as libc::id_t)
        .map_err(|e| sys_error(vm, e))?;
    Ok(int::from_i64(r as i64))
}

/// `setpriority(which, who, priority)`.
fn setpriority(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setpriority", 3, 3)?;
    let (which, who, prio) = (
        vm.index_i64(&a[0])?,
        vm.index_i64(&a[1])?,
        vm.index_i64(&a[2])?,
    );
    process::setpriority(which as libc::c_int, who as libc::id_t, prio as libc::c_int)
        .map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

fn urandom(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("urandom", 1, 1)?;
    let n = vm.index_i64(&a[0])?;
    if n < 0 {
        return Err(value_error("negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    let mut filled = 0;
    while filled < buf.len() {
        match system::getrandom(&mut buf[filled..], 0) {
            Ok(n) => filled += n,
            Err(Errno(libc::EINTR)) => continue,
            Err(e) => return Err(sys_error(vm, e)),
        }
    }
    Ok(bytes::new_bytes(buf))
}

fn cpu_count(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("cpu_count", 0, 0)?;
    Ok(match std::thread::available_parallelism() {
        Ok(n) => int::from_usize(n.get()),
        Err(_) => none(),
    })
}

fn get_terminal_size(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("get_terminal_size", 0, 1)?;
    let fd = match a.first() {
        Some(v) => fd_arg(vm, v)?,
        None => 1,
    };
    let (columns, lines) = system::terminal_size(fd).map_err(|e| sys_error(vm, e))?;
    let cls = structseq_type(vm, "terminal_size")?;
    vm.call(
        &cls,
        &[tuple::from_array([
            int::from_i64(columns as i64),
            int::from_i64(lines as i64),
        ])],
    )
}

fn times(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("times", 0, 0)?;
    let (t, elapsed, hz) = system::times();
    let hz = hz.max(1) as f64;
    let f = |v: libc::clock_t| float::new_float(v as f64 / hz);
    let cls = structseq_type(vm, "times_result")?;
    vm.call(
        &cls,
        &[tuple::from_array([
            f(t.tms_utime),
            f(t.tms_stime),
            f(t.tms_cutime),
            f(t.tms_cstime),
            f(elapsed),
        ])],
    )
}

fn uname(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("uname", 0, 0)?;
    let fields = system::uname().map_err(|e| sys_error(vm, e))?;
    let cls = structseq_type(vm, "uname_result")?;
    vm.call(
        &cls,
        &[tuple::new_tuple(
            fields.into_iter().map(str::from_string).collect(),
        )],
    )
}

fn strerror(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("strerror", 1, 1)?;
    let code = vm.index_i64(&a[0])?;
    Ok(str::from_string(strerror_text(code as i32)))
}

fn fspath(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("fspath", &["path"], 1)?;
    fspath_value(vm, b[0].as_ref().expect("path"))
}

fn kill(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("kill", 2, 2)?;
    let pid = vm.index_i64(&a[0])? as libc::pid_t;
    let sig = vm.index_i64(&a[1])? as i32;
    process::kill(pid, sig).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

fn waitpid(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("waitpid", 2, 2)?;
    let pid = vm.index_i64(&a[0])? as libc::pid_t;
    let options = vm.index_i64(&a[1])? as i32;
    loop {
        match process::waitpid(pid, options) {
            Ok((r, status)) => {
                return Ok(tuple::from_array([
                    int::from_i64(r as i64),
                    int::from_i64(status as i64),
                ]))
            }
            Err(Errno(libc::EINTR)) => continue,
            Err(e) => return Err(sys_error(vm, e)),
        }
    }
}

fn waitstatus_to_exitcode(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("waitstatus_to_exitcode", &["status"], 1)?;
    let status = vm.index_i64(b[0].as_ref().expect("status"))? as i32;
    if libc::WIFEXITED(status) {
        return Ok(int::from_i64(libc::WEXITSTATUS(status) as i64));
    }
    if libc::WIFSIGNALED(status) {
        return Ok(int::from_i64(-(libc::WTERMSIG(status) as i64)));
    }
    Err(value_error(format!("invalid wait status: {status}")))
}

/// The wait status tests, which take `status` by position or keyword.
macro_rules! status_fn {
    ($name:ident, $pyname:literal, $test:expr) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let b = args.bind($pyname, &["status"], 1)?;
            let s = vm.index_i64(b[0].as_ref().expect("status"))? as i32;
            Ok($test(s))
        }
    };
}
status_fn!(wifexited, "WIFEXITED", |s| bool_value(libc::WIFEXITED(s)));
status_fn!(wexitstatus, "WEXITSTATUS", |s| int::from_i64(
    libc::WEXITSTATUS(s) as i64
));
status_fn!(wifsignaled, "WIFSIGNALED", |s| bool_value(
    libc::WIFSIGNALED(s)
));
status_fn!(wtermsig, "WTERMSIG", |s| int::from_i64(
    libc::WTERMSIG(s) as i64
));
status_fn!(wifstopped, "WIFSTOPPED", |s| bool_value(libc::WIFSTOPPED(
    s
)));
status_fn!(wstopsig, "WSTOPSIG", |s| int::from_i64(
    libc::WSTOPSIG(s) as i64
));
status_fn!(wifcontinued, "WIFCONTINUED", |s| bool_value(
    libc::WIFCONTINUED(s)
));

/// `WCOREDUMP(status)`: positional only, as CPython's.
fn wcoredump(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("posix.WCOREDUMP", 1, 1)?;
    let s = vm.index_i64(&a[0])? as i32;
    Ok(bool_value(libc::WCOREDUMP(s)))
}

thread_local! {
    /// `register_at_fork` callbacks: before, after in the child, after in the parent.
    static AT_FORK: RefCell<[Vec<Value>; 3]> = const { RefCell::new([Vec::new(), Vec::new(), Vec::new()]) };
}

fn register_at_fork(_vm: &mut Vm, args: Args) -> PyResult {
    if !args.positional().is_empty() {
        return Err(type_error(
            "register_at_fork() takes no positional arguments",
        ));
    }
    let mut any = false;
    for (k, v) in args.keywords() {
        let slot = match str::as_str(k) {
            Some("before") => 0,
            Some("after_in_child") => 1,
            Some("after_in_parent") => 2,
            _ => {
                return Err(type_error(format!(
                    "register_at_fork() got an unexpected keyword argument '{}'",
                    str::as_str(k).unwrap_or("?")
                )))
            }
        };
        if v.is_none() {
            continue;
        }
        if v.ty().lookup_str("__call__").is_none() {
            return Err(type_error(format!(
                "'{}' must be callable, not {}",
                str::as_str(k).unwrap_or("?"),
                v.ty().name()
            )));
        }
        AT_FORK.with(|f| f.borrow_mut()[slot].push(v.clone()));
        any = true;
    }
    if !any {
        return Err(type_error("At least one argument is required."));
    }
    Ok(none())
}

/// Runs the `register_at_fork` callbacks of one kind; errors are reported, not raised.
fn run_at_fork(vm: &mut Vm, slot: usize) {
    let mut calls = AT_FORK.with(|f| f.borrow()[slot].clone());
    if slot == 0 {
        calls.reverse();
    }
    for c in calls {
        if let Err(e) = vm.call(&c, &[]) {
            vm.flush_stdout();
            let what = vm.repr_string(&c).unwrap_or_default();
            let text = crate::vm::traceback::format_exception(vm, &e.0);
            eprint!("Exception ignored in: {what}\n{text}");
        }
    }
}

fn fork(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("fork", 0, 0)?;
    run_at_fork(vm, 0);
    vm.flush_stdout();
    let pid = process::fork().map_err(|e| sys_error(vm, e))?;
    run_at_fork(vm, if pid == 0 { 1 } else { 2 });
    Ok(int::from_i64(pid as i64))
}

pub(crate) fn cstrings(vm: &mut Vm, seq: &Value, what: &str) -> PyResult<Vec<CString>> {
    let items = vm.collect(seq)?;
    let mut out = Vec::with_capacity(items.len());
    for v in items {
        let b = env_bytes(vm, &v, what)?;
        out.push(CString::new(b).map_err(|_| value_error("embedded null byte"))?);
    }
    Ok(out)
}

fn exec_with(vm: &mut Vm, path: &Value, argv: &Value, env: Option<&Value>) -> PyResult {
    // `execve` also takes a descriptor of the program (`fexecve`).
    let fd = match (env, int::is_int(path)) {
        (Some(_), true) => Some(fd_arg(vm, path)?),
        _ => None,
    };
    let c = match fd {
        Some(_) => CString::default(),
        None => path_arg(vm, "execv", "path", path)?.cstring()?,
    };
    let argv = cstrings(vm, argv, "execv")?;
    if argv.is_empty() {
        return Err(value_error("execv() arg 2 must not be empty"));
    }
    if argv[0].as_bytes().is_empty() {
        return Err(value_error("execv() arg 2 first element cannot be empty"));
    }
    vm.flush_stdout();
    let failure = match env {
        None => process::ExecArgs::new(&argv, None).exec(&c),
        Some(env) => {
            let mut pairs = Vec::new();
            let keys = vm.call_method(env, "keys", &[])?;
            for k in vm.collect(&keys)? {
                let v = vm.getitem(env, &k)?;
                let mut kv = env_bytes(vm, &k, "execve")?;
                if kv.is_empty() || kv.contains(&b'=') {
                    return Err(value_error("illegal environment variable name"));
                }
                kv.push(b'=');
                kv.extend(env_bytes(vm, &v, "execve")?);
                pairs.push(CString::new(kv).map_err(|_| value_error("embedded null byte"))?);
            }
            let exec = process::ExecArgs::new(&argv, Some(&pairs));
            match fd {
                Some(fd) => exec.exec_fd(fd),
                None => exec.exec(&c),
            }
        }
    };
    Err(sys_error(vm, failure))
}

fn execv(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("execv", 2, 2)?;
    exec_with(vm, &a[0], &a[1], None)
}

fn execve(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("execve", &["path", "argv", "env"], 3)?;
    exec_with(
        vm,
        b[0].as_ref().expect("path"),
        b[1].as_ref().expect("argv"),
        b[2].as_ref(),
    )
}

fn exit_now(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("_exit", &["status"], 1)?;
    let code = vm.index_i64(b[0].as_ref().expect("status"))?;
    vm.flush_stdout();
    process::exit_now(code as i32)
}

fn getloadavg(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("getloadavg", 0, 0)?;
    let _ = vm;
    let Some(l) = system::loadavg() else {
        return Err(PyErr::new(&OS_ERROR, "Load averages are unobtainable"));
    };
    Ok(tuple::new_tuple(
        l.iter().map(|v| float::new_float(*v)).collect(),
    ))
}

/// Creates the `posix` module.
pub fn new_module(vm: &mut Vm) -> PyResult {
    for spec in &fs::types() {
        install_native_type(spec);
    }
    *fs::DIR_ENTRY_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("posix");
    let m = module::new_module("posix");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("close", close),
        ("closerange", closerange),
        ("read", read),
        ("write", write),
        ("lseek", lseek),
        ("fsync", fsync),
        ("dup", dup),
        ("dup2", dup2),
        ("ftruncate", ftruncate),
        ("isatty", isatty),
        ("pipe", pipe),
        ("get_blocking", get_blocking),
        ("set_blocking", set_blocking),
        ("get_inheritable", get_inheritable),
        ("set_inheritable", set_inheritable),
        ("device_encoding", device_encoding),
        ("putenv", putenv),
        ("unsetenv", unsetenv),
        ("getpid", getpid),
        ("getrandom", getrandom),
        ("getsid", getsid),
        ("getgroups", getgroups),
        ("setgroups", setgroups),
        ("getpgid", getpgid),
        ("setpgid", setpgid),
        ("killpg", killpg),
        ("abort", abort),
        ("statvfs", statvfs),
        ("fstatvfs", fstatvfs),
        ("fchmod", fchmod),
        ("fchown", fchown),
        ("setuid", setuid),
        ("setgid", setgid),
        ("seteuid", seteuid),
        ("setegid", setegid),
        ("setreuid", setreuid),
        ("setregid", setregid),
        ("getpriority", getpriority),
        ("setpriority", setpriority),
        ("getppid", getppid),
        ("getuid", getuid),
        ("geteuid", geteuid),
        ("getgid", getgid),
        ("getegid", getegid),
        ("getpgrp", getpgrp),
        ("setsid", setsid),
        ("umask", umask),
        ("urandom", urandom),
        ("cpu_count", cpu_count),
        ("get_terminal_size", get_terminal_size),
        ("times", times),
        ("uname", uname),
        ("strerror", strerror),
        ("fspath", fspath),
        ("kill", kill),
        ("waitpid", waitpid),
        ("waitstatus_to_exitcode", waitstatus_to_exitcode),
        ("WIFEXITED", wifexited),
        ("WEXITSTATUS", wexitstatus),
        ("WIFSIGNALED", wifsignaled),
        ("WTERMSIG", wtermsig),
        ("WIFSTOPPED", wifstopped),
        ("WSTOPSIG", wstopsig),
        ("WCOREDUMP", wcoredump),
        ("WIFCONTINUED", wifcontinued),
        ("fork", fork),
        ("register_at_fork", register_at_fork),
        ("execv", execv),
        ("execve", execve),
        ("_exit", exit_now),
        ("getloadavg", getloadavg),
    ];
    crate::modules::add_functions(&m, fns);
    crate::modules::add_functions(&m, fs::FUNCTIONS);
    crate::modules::add_functions(&m, fdio::FUNCTIONS);
    crate::modules::add_functions(&m, procs::FUNCTIONS);
    crate::modules::add_functions(&m, conf::FUNCTIONS);
    let ints: &[(&str, i64)] = &[
        ("F_OK", libc::F_OK as i64),
        ("R_OK", libc::R_OK as i64),
        ("W_OK", libc::W_OK as i64),
        ("X_OK", libc::X_OK as i64),
        ("O_RDONLY", libc::O_RDONLY as i64),
        ("O_WRONLY", libc::O_WRONLY as i64),
        ("O_RDWR", libc::O_RDWR as i64),
        ("O_APPEND", libc::O_APPEND as i64),
        ("O_CREAT", libc::O_CREAT as i64),
        ("O_EXCL", libc::O_EXCL as i64),
        ("O_TRUNC", libc::O_TRUNC as i64),
        ("O_NONBLOCK", libc::O_NONBLOCK as i64),
        ("O_NDELAY", libc::O_NDELAY as i64),
        ("O_SYNC", libc::O_SYNC as i64),
        ("O_DSYNC", libc::O_DSYNC as i64),
        ("O_NOCTTY", libc::O_NOCTTY as i64),
        ("O_CLOEXEC", libc::O_CLOEXEC as i64),
        ("O_DIRECTORY", libc::O_DIRECTORY as i64),
        ("O_NOFOLLOW", libc::O_NOFOLLOW as i64),
        ("O_ACCMODE", libc::O_ACCMODE as i64),
        ("O_TMPFILE", libc::O_TMPFILE as i64),
        ("O_PATH", libc::O_PATH as i64),
        ("O_NOATIME", libc::O_NOATIME as i64),
        ("SEEK_SET", libc::SEEK_SET as i64),
        ("GRND_NONBLOCK", libc::GRND_NONBLOCK as i64),
        ("GRND_RANDOM", libc::GRND_RANDOM as i64),
        ("PRIO_PROCESS", libc::PRIO_PROCESS as i64),
        ("PRIO_PGRP", libc::PRIO_PGRP as i64),
        ("PRIO_USER", libc::PRIO_USER as i64),
        ("ST_RDONLY", libc::ST_RDONLY as i64),
        ("ST_NOSUID", libc::ST_NOSUID as i64),
        ("SEEK_CUR", libc::SEEK_CUR as i64),
        ("SEEK_END", libc::SEEK_END as i64),
        ("SEEK_DATA", libc::SEEK_DATA as i64),
        ("SEEK_HOLE", libc::SEEK_HOLE as i64),
        ("WNOHANG", libc::WNOHANG as i64),
        ("WUNTRACED", libc::WUNTRACED as i64),
        ("WCONTINUED", libc::WCONTINUED as i64),
        ("EX_OK", 0),
        ("F_LOCK", libc::F_LOCK as i64),
        ("F_TLOCK", libc::F_TLOCK as i64),
        ("F_ULOCK", libc::F_ULOCK as i64),
        ("F_TEST", libc::F_TEST as i64),
    ];
    for (n, v) in ints.iter().chain(fdio::CONSTANTS).chain(procs::CONSTANTS) {
        module::set_attr(&m, n, int::from_i64(*v));
    }
    module::set_attr(&m, "pathconf_names", fdio::pathconf_names());
    module::set_attr(&m, "sysconf_names", conf::sysconf_names());
    module::set_attr(&m, "confstr_names", conf::confstr_names());
    let environ = environ_dict(vm)?;
    module::set_attr(&m, "environ", environ);
    module::set_attr(&m, "error", OS_ERROR.to_value());
    module::set_attr(&m, "DirEntry", fs::DIR_ENTRY_TYPE.to_value());
    module::set_attr(
        &m,
        "_have_functions",
        list::new_list(
            fs::HAVE_FUNCTIONS
                .iter()
                .chain(fdio::HAVE_FUNCTIONS)
                .map(|s| str::new_str(s))
                .collect(),
        ),
    );
    for name in [
        "stat_result",
        "statvfs_result",
        "terminal_size",
        "times_result",
        "uname_result",
        "waitid_result",
    ] {
        let cls = structseq_type(vm, name)?;
        module::set_attr(&m, name, cls);
    }
    Ok(m)
}
