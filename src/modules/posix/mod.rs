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
use std::ffi::{CStr, CString};

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{type_error, value_error, OS_ERROR};
use crate::object::native::install_native_type;
use crate::object::types::{bool_value, none};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

mod fdio;
mod fs;

/// The current `errno`.
pub fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Sets this thread's `errno` (0 before calls that return -1 both as a value and on error).
pub fn set_errno(code: i32) {
    // SAFETY: `__errno_location` is this thread's errno slot, valid for the thread's life.
    unsafe { *libc::__errno_location() = code };
}

/// `strerror(code)`.
pub fn strerror_text(code: i32) -> String {
    // SAFETY: strerror returns a valid NUL-terminated string for any code.
    unsafe { CStr::from_ptr(libc::strerror(code)) }
        .to_string_lossy()
        .into_owned()
}

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

fn last_error(vm: &mut Vm, filename: Option<&Value>) -> PyErr {
    os_error(vm, errno(), filename, None)
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
fn fs_encode(v: &Value, s: &str::Str) -> PyResult<Vec<u8>> {
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
        _ => return Err(type_error("unknown structseq")),
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
            str::new_str("os"),
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
    // SAFETY: closing an integer descriptor has no memory-safety preconditions.
    if unsafe { libc::close(fd) } != 0 {
        return Err(last_error(vm, None));
    }
    Ok(none())
}

fn closerange(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("closerange", 2, 2)?;
    let (lo, hi) = (fd_arg(vm, &a[0])?, fd_arg(vm, &a[1])?);
    for fd in lo.max(0)..hi {
        // SAFETY: as close(); errors are ignored, as CPython does.
        unsafe { libc::close(fd) };
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
    // SAFETY: `buf` has room for `n` bytes.
    let got = unsafe { libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, n as usize) };
    if got < 0 {
        return Err(last_error(vm, None));
    }
    buf.truncate(got as usize);
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
    // SAFETY: `data` holds `data.len()` readable bytes.
    let n = unsafe { libc::write(fd, data.as_ptr() as *const libc::c_void, data.len()) };
    if n < 0 {
        return Err(last_error(vm, None));
    }
    Ok(int::from_i64(n as i64))
}

fn lseek(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("lseek", 3, 3)?;
    let fd = fd_arg(vm, &a[0])?;
    let pos = vm.index_i64(&a[1])?;
    let how = vm.index_i64(&a[2])? as i32;
    // SAFETY: plain syscall on an integer descriptor.
    let r = unsafe { libc::lseek(fd, pos, how) };
    if r < 0 {
        return Err(last_error(vm, None));
    }
    Ok(int::from_i64(r))
}

fn fd_call(
    vm: &mut Vm,
    args: Args,
    fname: &str,
    call: unsafe extern "C" fn(libc::c_int) -> libc::c_int,
) -> PyResult {
    let a = args.check_count(fname, 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    // SAFETY: `call` is a libc function taking a descriptor.
    let r = unsafe { call(fd) };
    if r < 0 {
        return Err(last_error(vm, None));
    }
    Ok(int::from_i64(r as i64))
}

fn fsync(vm: &mut Vm, args: Args) -> PyResult {
    fd_call(vm, args, "fsync", libc::fsync).map(|_| none())
}

fn dup(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("dup", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    // SAFETY: plain syscall on an integer descriptor.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if r < 0 {
        return Err(last_error(vm, None));
    }
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
    // SAFETY: plain syscall on integer descriptors.
    let r = unsafe { libc::dup3(fd, fd2, flags) };
    if r < 0 {
        return Err(last_error(vm, None));
    }
    Ok(int::from_i64(r as i64))
}

fn ftruncate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("ftruncate", 2, 2)?;
    let fd = fd_arg(vm, &a[0])?;
    let len = vm.index_i64(&a[1])?;
    // SAFETY: plain syscall on an integer descriptor.
    if unsafe { libc::ftruncate(fd, len) } != 0 {
        return Err(last_error(vm, None));
    }
    Ok(none())
}

fn isatty(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("isatty", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    // SAFETY: plain syscall on an integer descriptor.
    Ok(bool_value(unsafe { libc::isatty(fd) } == 1))
}

fn pipe(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("pipe", 0, 0)?;
    let mut fds = [0i32; 2];
    // SAFETY: `fds` has room for the two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(last_error(vm, None));
    }
    Ok(tuple::new_tuple(vec![
        int::from_i64(fds[0] as i64),
        int::from_i64(fds[1] as i64),
    ]))
}

fn fd_flag(vm: &mut Vm, fd: i32, get: i32) -> PyResult<i32> {
    // SAFETY: plain fcntl query on an integer descriptor.
    let r = unsafe { libc::fcntl(fd, get) };
    if r < 0 {
        return Err(last_error(vm, None));
    }
    Ok(r)
}

fn set_fd_flag(vm: &mut Vm, fd: i32, get: i32, set: i32, bit: i32, on: bool) -> PyResult {
    let cur = fd_flag(vm, fd, get)?;
    let new = if on { cur | bit } else { cur & !bit };
    // SAFETY: plain fcntl update on an integer descriptor.
    if unsafe { libc::fcntl(fd, set, new) } < 0 {
        return Err(last_error(vm, None));
    }
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
    // SAFETY: plain syscall on an integer descriptor.
    Ok(if unsafe { libc::isatty(fd) } == 1 {
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
    // SAFETY: both are valid C strings; Python runs on one thread.
    if unsafe { libc::setenv(k.as_ptr(), v.as_ptr(), 1) } != 0 {
        return Err(last_error(vm, None));
    }
    Ok(none())
}

fn unsetenv(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unsetenv", 1, 1)?;
    let k = env_bytes(vm, &a[0], "unsetenv")?;
    if k.is_empty() || k.contains(&b'=') {
        return Err(value_error("illegal environment variable name"));
    }
    let k = CString::new(k).expect("no NUL");
    // SAFETY: a valid C string; Python runs on one thread.
    if unsafe { libc::unsetenv(k.as_ptr()) } != 0 {
        return Err(last_error(vm, None));
    }
    Ok(none())
}

// ---- processes and system ----

macro_rules! id_fn {
    ($name:ident, $call:expr) => {
        fn $name(_vm: &mut Vm, args: Args) -> PyResult {
            args.check_count(stringify!($name), 0, 0)?;
            // SAFETY: these identity queries have no preconditions.
            Ok(int::from_i64(unsafe { $call } as i64))
        }
    };
}
id_fn!(getpid, libc::getpid());
id_fn!(getppid, libc::getppid());
id_fn!(getuid, libc::getuid());
id_fn!(geteuid, libc::geteuid());
id_fn!(getgid, libc::getgid());
id_fn!(getegid, libc::getegid());
id_fn!(getpgrp, libc::getpgrp());
id_fn!(setsid, libc::setsid());

fn umask(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("umask", 1, 1)?;
    let m = vm.index_i64(&a[0])?;
    // SAFETY: umask has no preconditions.
    Ok(int::from_i64(
        unsafe { libc::umask(m as libc::mode_t) } as i64
    ))
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
        // SAFETY: `buf` has room for `buf.len()` bytes.
        let r = unsafe { libc::getrandom(buf.as_mut_ptr() as *mut libc::c_void, buf.len(), flags) };
        if r >= 0 {
            buf.truncate(r as usize);
            return Ok(bytes::new_bytes(buf));
        }
        if errno() != libc::EINTR {
            return Err(last_error(vm, None));
        }
        vm.check_signals()?;
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
    // SAFETY: an all-zero statvfs is a valid value for the call to fill.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if int::is_int(&p) {
        let fd = fd_arg(vm, &p)?;
        // SAFETY: `st` is a valid statvfs to fill.
        if unsafe { libc::fstatvfs(fd, &mut st) } != 0 {
            return Err(last_error(vm, None));
        }
    } else {
        let path = path_arg(vm, "statvfs", "path", &p)?;
        let c = path.cstring()?;
        // SAFETY: `c` is a valid C string and `st` a valid statvfs to fill.
        if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
            return Err(last_error(vm, Some(&path.given)));
        }
    }
    statvfs_result(vm, &st)
}

fn fstatvfs(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fstatvfs", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    // SAFETY: an all-zero statvfs is a valid value for the call to fill.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid statvfs to fill.
    if unsafe { libc::fstatvfs(fd, &mut st) } != 0 {
        return Err(last_error(vm, None));
    }
    statvfs_result(vm, &st)
}

/// `fchmod(fd, mode)`.
fn fchmod(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("fchmod", &["fd", "mode"], 2)?;
    let fd = fd_arg(vm, b[0].as_ref().expect("fd"))?;
    let mode = vm.index_i64(b[1].as_ref().expect("mode"))?;
    // SAFETY: fchmod only reads its arguments.
    if unsafe { libc::fchmod(fd, mode as libc::mode_t) } != 0 {
        return Err(last_error(vm, None));
    }
    Ok(none())
}

/// `fchown(fd, uid, gid)` (-1 leaves an id unchanged).
fn fchown(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("fchown", &["fd", "uid", "gid"], 3)?;
    let fd = fd_arg(vm, b[0].as_ref().expect("fd"))?;
    let uid = vm.index_i64(b[1].as_ref().expect("uid"))?;
    let gid = vm.index_i64(b[2].as_ref().expect("gid"))?;
    // SAFETY: fchown only reads its arguments.
    if unsafe { libc::fchown(fd, uid as libc::uid_t, gid as libc::gid_t) } != 0 {
        return Err(last_error(vm, None));
    }
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
            // SAFETY: the call only reads its argument.
            if unsafe { $call(id as $ty) } != 0 {
                return Err(last_error(vm, None));
            }
            Ok(none())
        }
    };
}
set_id!(setuid, libc::setuid, libc::uid_t);
set_id!(setgid, libc::setgid, libc::gid_t);
set_id!(seteuid, libc::seteuid, libc::uid_t);
set_id!(setegid, libc::setegid, libc::gid_t);

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
            // SAFETY: the call only reads its arguments.
            if unsafe { $call(r as $ty, e as $ty) } != 0 {
                return Err(last_error(vm, None));
            }
            Ok(none())
        }
    };
}
set_re_id!(setreuid, libc::setreuid, libc::uid_t);
set_re_id!(setregid, libc::setregid, libc::gid_t);

/// `getgroups()`: the supplementary group ids.
fn getgroups(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("getgroups", 0, 0)?;
    // SAFETY: with size 0 getgroups only counts.
    let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    if n < 0 {
        return Err(last_error(vm, None));
    }
    let mut groups = vec![0 as libc::gid_t; n as usize];
    // SAFETY: `groups` has room for `n` ids.
    let n = unsafe { libc::getgroups(n, groups.as_mut_ptr()) };
    if n < 0 {
        return Err(last_error(vm, None));
    }
    groups.truncate(n as usize);
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
    // SAFETY: `groups` holds `groups.len()` ids.
    if unsafe { libc::setgroups(groups.len(), groups.as_ptr()) } != 0 {
        return Err(last_error(vm, None));
    }
    Ok(none())
}

/// `getsid(pid)` and `getpgid(pid)`: a process's session or process group.
macro_rules! pid_query {
    ($name:ident, $call:path) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let a = args.check_count(stringify!($name), 1, 1)?;
            let pid = vm.index_i64(&a[0])?;
            // SAFETY: the call only reads its argument.
            let r = unsafe { $call(pid as libc::pid_t) };
            if r < 0 {
                return Err(last_error(vm, None));
            }
            Ok(int::from_i64(r as i64))
        }
    };
}
pid_query!(getsid, libc::getsid);
pid_query!(getpgid, libc::getpgid);

/// `setpgid(pid, pgrp)`.
fn setpgid(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setpgid", 2, 2)?;
    let (pid, pgrp) = (vm.index_i64(&a[0])?, vm.index_i64(&a[1])?);
    // SAFETY: setpgid only reads its arguments.
    if unsafe { libc::setpgid(pid as libc::pid_t, pgrp as libc::pid_t) } != 0 {
        return Err(last_error(vm, None));
    }
    Ok(none())
}

/// `killpg(pgid, signal)`.
fn killpg(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("killpg", 2, 2)?;
    let (pg, sig) = (vm.index_i64(&a[0])?, vm.index_i64(&a[1])?);
    // SAFETY: killpg only reads its arguments.
    if unsafe { libc::killpg(pg as libc::pid_t, sig as libc::c_int) } != 0 {
        return Err(last_error(vm, None));
    }
    vm.check_signals()?;
    Ok(none())
}

/// `abort()`: SIGABRT, with standard output flushed first (output already written is not
/// lost) and the default handler restored, as CPython's `abort()` ends the process.
fn abort(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("abort", 0, 0)?;
    vm.flush_stdout();
    // SAFETY: ends the process; nothing runs after.
    unsafe {
        libc::signal(libc::SIGABRT, libc::SIG_DFL);
        libc::abort()
    }
}

/// `getpriority(which, who)`.
fn getpriority(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getpriority", 2, 2)?;
    let (which, who) = (vm.index_i64(&a[0])?, vm.index_i64(&a[1])?);
    // getpriority may return -1 as a real value.
    set_errno(0);
    // SAFETY: getpriority only reads its arguments.
    let r = unsafe { libc::getpriority(which as libc::__priority_which_t, who as libc::id_t) };
    if r == -1 && errno() != 0 {
        return Err(last_error(vm, None));
    }
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
    // SAFETY: setpriority only reads its arguments.
    if unsafe {
        libc::setpriority(
            which as libc::__priority_which_t,
            who as libc::id_t,
            prio as libc::c_int,
        )
    } != 0
    {
        return Err(last_error(vm, None));
    }
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
        // SAFETY: the slice from `filled` has room for the rest.
        let r = unsafe {
            libc::getrandom(
                buf[filled..].as_mut_ptr() as *mut libc::c_void,
                buf.len() - filled,
                0,
            )
        };
        if r < 0 {
            if errno() == libc::EINTR {
                continue;
            }
            return Err(last_error(vm, None));
        }
        filled += r as usize;
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
    // SAFETY: zeroed memory is a valid winsize for ioctl to fill.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: TIOCGWINSZ writes a winsize into `ws`.
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } != 0 {
        return Err(last_error(vm, None));
    }
    let cls = structseq_type(vm, "terminal_size")?;
    vm.call(
        &cls,
        &[tuple::new_tuple(vec![
            int::from_i64(ws.ws_col as i64),
            int::from_i64(ws.ws_row as i64),
        ])],
    )
}

fn times(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("times", 0, 0)?;
    // SAFETY: zeroed memory is a valid tms for times() to fill.
    let mut t: libc::tms = unsafe { std::mem::zeroed() };
    // SAFETY: times writes into `t`; sysconf has no preconditions.
    let (elapsed, hz) = unsafe { (libc::times(&mut t), libc::sysconf(libc::_SC_CLK_TCK)) };
    let hz = hz.max(1) as f64;
    let f = |v: libc::clock_t| float::new_float(v as f64 / hz);
    let cls = structseq_type(vm, "times_result")?;
    vm.call(
        &cls,
        &[tuple::new_tuple(vec![
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
    // SAFETY: zeroed memory is a valid utsname for uname to fill.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: uname writes into `u`.
    if unsafe { libc::uname(&mut u) } != 0 {
        return Err(last_error(vm, None));
    }
    let field = |f: &[libc::c_char]| {
        // SAFETY: utsname fields are NUL-terminated arrays.
        str::from_string(
            unsafe { CStr::from_ptr(f.as_ptr()) }
                .to_string_lossy()
                .into_owned(),
        )
    };
    let cls = structseq_type(vm, "uname_result")?;
    vm.call(
        &cls,
        &[tuple::new_tuple(vec![
            field(&u.sysname),
            field(&u.nodename),
            field(&u.release),
            field(&u.version),
            field(&u.machine),
        ])],
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
    // SAFETY: kill has no memory-safety preconditions.
    if unsafe { libc::kill(pid, sig) } != 0 {
        return Err(last_error(vm, None));
    }
    Ok(none())
}

fn waitpid(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("waitpid", 2, 2)?;
    let pid = vm.index_i64(&a[0])? as libc::pid_t;
    let options = vm.index_i64(&a[1])? as i32;
    let mut status = 0;
    loop {
        // SAFETY: waitpid writes the status into `status`.
        let r = unsafe { libc::waitpid(pid, &mut status, options) };
        if r < 0 {
            if errno() == libc::EINTR {
                continue;
            }
            return Err(last_error(vm, None));
        }
        return Ok(tuple::new_tuple(vec![
            int::from_i64(r as i64),
            int::from_i64(status as i64),
        ]));
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

macro_rules! status_fn {
    ($name:ident, $test:expr) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let a = args.check_count(stringify!($name), 1, 1)?;
            let s = vm.index_i64(&a[0])? as i32;
            Ok($test(s))
        }
    };
}
status_fn!(wifexited, |s| bool_value(libc::WIFEXITED(s)));
status_fn!(wexitstatus, |s| int::from_i64(libc::WEXITSTATUS(s) as i64));
status_fn!(wifsignaled, |s| bool_value(libc::WIFSIGNALED(s)));
status_fn!(wtermsig, |s| int::from_i64(libc::WTERMSIG(s) as i64));
status_fn!(wifstopped, |s| bool_value(libc::WIFSTOPPED(s)));
status_fn!(wstopsig, |s| int::from_i64(libc::WSTOPSIG(s) as i64));

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
    // SAFETY: Python runs on one thread here; the child continues the same program.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(last_error(vm, None));
    }
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
    let mut argp: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    argp.push(std::ptr::null());
    vm.flush_stdout();
    match env {
        None => {
            // SAFETY: `c` and every argv entry are valid C strings; argp is NULL-terminated.
            unsafe { libc::execv(c.as_ptr(), argp.as_ptr()) };
        }
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
            let mut envp: Vec<*const libc::c_char> = pairs.iter().map(|a| a.as_ptr()).collect();
            envp.push(std::ptr::null());
            // SAFETY: all strings are valid; both arrays are NULL-terminated.
            unsafe {
                match fd {
                    Some(fd) => libc::fexecve(fd, argp.as_ptr(), envp.as_ptr()),
                    None => libc::execve(c.as_ptr(), argp.as_ptr(), envp.as_ptr()),
                }
            };
        }
    }
    Err(last_error(vm, None))
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
    // SAFETY: _exit ends the process without running anything else.
    unsafe { libc::_exit(code as i32) }
}

fn getloadavg(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("getloadavg", 0, 0)?;
    let mut l = [0f64; 3];
    // SAFETY: `l` has room for three values.
    if unsafe { libc::getloadavg(l.as_mut_ptr(), 3) } != 3 {
        return Err(PyErr::new(&OS_ERROR, "Load averages are unobtainable"));
    }
    let _ = vm;
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
    for (n, v) in ints.iter().chain(fdio::CONSTANTS) {
        module::set_attr(&m, n, int::from_i64(*v));
    }
    module::set_attr(&m, "pathconf_names", fdio::pathconf_names());
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
    ] {
        let cls = structseq_type(vm, name)?;
        module::set_attr(&m, name, cls);
    }
    Ok(m)
}
