//! `fcntl`, CPython's C module: `fcntl`, `ioctl`, `flock` and `lockf` over the system calls,
//! with CPython's argument rules (an int argument is passed as is; a bytes-like one is copied
//! to a buffer of at most 1024 bytes whose contents after the call are returned, and for
//! `ioctl` a writable buffer is updated in place).

use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::os::{self, fd, SysResult};
use crate::vm::Vm;

use super::posix::{fileno_arg, os_error};

/// The largest buffer argument, as CPython's `FCNTL_BUFSZ`/`IOCTL_BUFSZ`.
const BUFSZ: usize = 1024;

/// An int argument: C `int` range, or CPython's OverflowError.
fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = vm.index_i64(v)?;
    i32::try_from(n).map_err(|_| {
        exception::overflow_error(if n < 0 {
            "signed integer is less than minimum"
        } else {
            "signed integer is greater than maximum"
        })
    })
}

/// CPython's "I" format: the int's low 32 bits, no range check (`DN_MULTISHOT` is 2**31).
fn masked_uint(vm: &mut Vm, v: &Value) -> PyResult<libc::c_uint> {
    let n = vm.index(v)?;
    let big = int::as_bigint(&n).unwrap_or_default();
    let low = big & num_bigint::BigInt::from(u32::MAX);
    Ok(u32::try_from(low).unwrap_or(0))
}

/// An ioctl request code: C `unsigned int`, taking negative ints' bits as CPython does.
fn request_code(vm: &mut Vm, v: &Value) -> PyResult<libc::Ioctl> {
    let n = vm.index_i64(v)?;
    if n < i32::MIN as i64 || n > u32::MAX as i64 {
        return Err(exception::overflow_error(
            "Python int too large to convert to C unsigned long",
        ));
    }
    Ok(n as u32 as libc::Ioctl)
}

/// A call's result, or its errno as `OSError`.
fn checked<T>(vm: &mut Vm, r: SysResult<T>) -> PyResult<T> {
    r.map_err(|e| crate::modules::posix::sys_error(vm, e))
}

/// Runs `call` (a pointer-argument call through a 1024-byte scratch buffer) on the buffer
/// argument, at most BUFSZ bytes; returns the scratch bytes (the argument's length) after it.
fn with_scratch(
    vm: &mut Vm,
    fname: &str,
    data: &[u8],
    call: impl FnOnce(&[u8]) -> SysResult<(i32, Vec<u8>)>,
) -> PyResult<Vec<u8>> {
    if data.len() > BUFSZ {
        return Err(value_error(format!("{fname} string arg too long")));
    }
    Ok(checked(vm, call(data))?.1)
}

fn fcntl(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fcntl", 2, 3)?;
    let fd = fileno_arg(vm, &a[0])?;
    let cmd = c_int(vm, &a[1])?;
    if let Some(arg) = a.get(2) {
        if !int::is_int(arg) {
            if let Some(data) =
                bytes::bytes_like(arg).or_else(|| str::as_str(arg).map(|s| s.as_bytes().to_vec()))
            {
                let out = with_scratch(vm, "fcntl", &data, |d| fd::fcntl_buf(fd, cmd, d))?;
                return Ok(bytes::new_bytes(out));
            }
            return Err(type_error(format!(
                "integer argument expected, got {}",
                arg.ty().name()
            )));
        }
    }
    let int_arg = match a.get(2) {
        Some(v) => masked_uint(vm, v)?,
        None => 0,
    };
    let r = checked(vm, fd::fcntl_int(fd, cmd, int_arg as i32))?;
    if r < 0 {
        // As CPython, any negative result is an error (glibc's F_GETOWN gives -pgid).
        return Err(os_error(vm, os::errno(), None, None));
    }
    Ok(int::from_i64(r as i64))
}

fn ioctl(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("ioctl", 2, 4)?;
    let fd = fileno_arg(vm, &a[0])?;
    let request = request_code(vm, &a[1])?;
    let mutate = match a.get(3) {
        Some(m) => vm.truthy(m)?,
        None => true,
    };
    if let Some(arg) = a.get(2).filter(|v| !int::is_int(v)) {
        if let (Some(len), true) = (
            crate::builtins::methods::memoryview::writable_len(arg),
            mutate,
        ) {
            // A writable buffer is updated in place (through a scratch area of at least
            // BUFSZ bytes, whatever its length); the call's result is returned.
            let mut data = bytes::bytes_like(arg).unwrap_or_default();
            data.resize(len, 0);
            let (r, out) = checked(vm, fd::ioctl_buf(fd, request, &data))?;
            crate::builtins::methods::memoryview::write_at(arg, 0, &out).expect("writable")?;
            return Ok(int::from_i64(r as i64));
        }
        let Some(data) =
            bytes::bytes_like(arg).or_else(|| str::as_str(arg).map(|s| s.as_bytes().to_vec()))
        else {
            return Err(type_error(format!(
                "integer argument expected, got {}",
                arg.ty().name()
            )));
        };
        let out = with_scratch(vm, "ioctl", &data, |d| fd::ioctl_buf(fd, request, d))?;
        return Ok(bytes::new_bytes(out));
    }
    let int_arg = match a.get(2) {
        Some(v) => c_int(vm, v)?,
        None => 0,
    };
    let r = checked(vm, fd::ioctl_int(fd, request, int_arg as libc::c_long))?;
    Ok(int::from_i64(r as i64))
}

fn flock(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("flock", 2, 2)?;
    let fd = fileno_arg(vm, &a[0])?;
    let op = c_int(vm, &a[1])?;
    checked(vm, fd::flock(fd, op))?;
    Ok(none())
}

/// `lockf(fd, cmd, len=0, start=0, whence=0)`: CPython implements it with `fcntl` record
/// locks, `cmd` being LOCK_UN, or LOCK_SH/LOCK_EX optionally with LOCK_NB.
fn lockf(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("lockf", 2, 5)?;
    let fd = fileno_arg(vm, &a[0])?;
    let code = c_int(vm, &a[1])?;
    let mut nums = [0i64; 3];
    for (k, v) in a[2..].iter().enumerate() {
        nums[k] = vm.index_i64(v)?;
    }
    let l_type = if code == libc::LOCK_UN {
        libc::F_UNLCK
    } else if code & libc::LOCK_SH != 0 {
        libc::F_RDLCK
    } else if code & libc::LOCK_EX != 0 {
        libc::F_WRLCK
    } else {
        return Err(value_error("unrecognized lockf argument"));
    };
    let mut lock = os::zeroed::<libc::flock>();
    lock.l_type = l_type as libc::c_short;
    lock.l_len = nums[0];
    lock.l_start = nums[1];
    lock.l_whence = nums[2] as libc::c_short;
    let cmd = if code & libc::LOCK_NB != 0 {
        libc::F_SETLK
    } else {
        libc::F_SETLKW
    };
    checked(vm, fd::fcntl_lock(fd, cmd, &mut lock))?;
    Ok(none())
}

/// Creates the `fcntl` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    let m = module::new_module("fcntl");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("fcntl", fcntl),
        ("ioctl", ioctl),
        ("flock", flock),
        ("lockf", lockf),
    ];
    super::add_functions(&m, fns);
    let ints: &[(&str, i64)] = &[
        ("LOCK_SH", libc::LOCK_SH as i64),
        ("LOCK_EX", libc::LOCK_EX as i64),
        ("LOCK_NB", libc::LOCK_NB as i64),
        ("LOCK_UN", libc::LOCK_UN as i64),
        ("F_DUPFD", libc::F_DUPFD as i64),
        ("F_DUPFD_CLOEXEC", libc::F_DUPFD_CLOEXEC as i64),
        ("F_GETFD", libc::F_GETFD as i64),
        ("F_SETFD", libc::F_SETFD as i64),
        ("FD_CLOEXEC", libc::FD_CLOEXEC as i64),
        ("F_GETFL", libc::F_GETFL as i64),
        ("F_SETFL", libc::F_SETFL as i64),
        ("F_GETLK", libc::F_GETLK as i64),
        ("F_SETLK", libc::F_SETLK as i64),
        ("F_SETLKW", libc::F_SETLKW as i64),
        ("F_GETLK64", libc::F_GETLK as i64),
        ("F_SETLK64", libc::F_SETLK as i64),
        ("F_SETLKW64", libc::F_SETLKW as i64),
        ("F_OFD_GETLK", libc::F_OFD_GETLK as i64),
        ("F_OFD_SETLK", libc::F_OFD_SETLK as i64),
        ("F_OFD_SETLKW", libc::F_OFD_SETLKW as i64),
        ("F_RDLCK", libc::F_RDLCK as i64),
        ("F_WRLCK", libc::F_WRLCK as i64),
        ("F_UNLCK", libc::F_UNLCK as i64),
        ("F_GETOWN", libc::F_GETOWN as i64),
        ("F_SETOWN", libc::F_SETOWN as i64),
        ("F_GETSIG", 11),
        ("F_SETSIG", 10),
        ("F_GETLEASE", libc::F_GETLEASE as i64),
        ("F_SETLEASE", libc::F_SETLEASE as i64),
        ("F_NOTIFY", libc::F_NOTIFY as i64),
        ("F_EXLCK", 4),
        ("F_SHLCK", 8),
        ("F_GETPIPE_SZ", libc::F_GETPIPE_SZ as i64),
        ("F_SETPIPE_SZ", libc::F_SETPIPE_SZ as i64),
        ("F_ADD_SEALS", libc::F_ADD_SEALS as i64),
        ("F_GET_SEALS", libc::F_GET_SEALS as i64),
        ("F_SEAL_SEAL", libc::F_SEAL_SEAL as i64),
        ("F_SEAL_SHRINK", libc::F_SEAL_SHRINK as i64),
        ("F_SEAL_GROW", libc::F_SEAL_GROW as i64),
        ("F_SEAL_WRITE", libc::F_SEAL_WRITE as i64),
        ("DN_ACCESS", 1),
        ("DN_MODIFY", 2),
        ("DN_CREATE", 4),
        ("DN_DELETE", 8),
        ("DN_RENAME", 0x10),
        ("DN_ATTRIB", 0x20),
        ("DN_MULTISHOT", 0x8000_0000),
        ("FASYNC", libc::O_ASYNC as i64),
        ("LOCK_MAND", 32),
        ("LOCK_READ", 64),
        ("LOCK_WRITE", 128),
        ("LOCK_RW", 192),
    ];
    for (n, v) in ints {
        module::set_attr(&m, n, int::from_i64(*v));
    }
    Ok(m)
}
