//! The process calls beyond `fork`, `exec` and `waitpid`: `system`, `wait`, `waitid` (with
//! `waitid_result`), `nice`, the saved ids (`getresuid`, `setresuid`, ...), `setpgrp`, CPU
//! affinity and `sched_yield`, the group database's `getgrouplist` and `initgroups`, and
//! `chroot`.

use crate::object::error::{Args, NativeFn, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::os::{process, Errno};
use crate::vm::Vm;

use super::{fs_encode, fspath_value, os_error, path_arg, structseq_type, sys_error};

/// An int argument as a C `long` (CPython's wording when it does not fit).
fn long_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let i = vm.index(v)?;
    int::as_i64(&i).ok_or_else(|| overflow_error("Python int too large to convert to C long"))
}

/// An int argument as a C `int`.
pub(super) fn c_int_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let i = vm.index(v)?;
    int::as_i64(&i)
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| overflow_error("Python int too large to convert to C int"))
}

/// A user or group id, as CPython's converters take them: -1 (or its unsigned form) means
/// "unchanged"; other negative ids and ids past 32 bits are refused.
fn id_arg(vm: &mut Vm, v: &Value, kind: &str) -> PyResult<u32> {
    let i = vm.index(v)?;
    let Some(n) = int::as_i64(&i) else {
        let negative = int::as_bigint(&i).is_some_and(|b| b.sign() == num_bigint::Sign::Minus);
        let which = if negative {
            "less than minimum"
        } else {
            "greater than maximum"
        };
        return Err(overflow_error(format!("{kind} is {which}")));
    };
    if n == -1 {
        return Ok(u32::MAX);
    }
    // CPython reports ids past 32 bits as "less than minimum" too.
    u32::try_from(n).map_err(|_| overflow_error(format!("{kind} is less than minimum")))
}

/// `system(command)`: the shell's wait status.
fn system(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("system", &["command"], 1)?;
    let given = b[0].clone().expect("command");
    let p = fspath_value(vm, &given)?;
    let bytes = match str::payload(&p) {
        Some(s) => fs_encode(&p, s)?,
        None => bytes::as_bytes(&p).expect("bytes").to_vec(),
    };
    let command = std::ffi::CString::new(bytes).map_err(|_| value_error("embedded null byte"))?;
    Ok(int::from_i64(process::system(&command) as i64))
}

/// `wait()`: (pid, status) of a child that ended.
fn wait(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("posix.wait", 0, 0)?;
    loop {
        match process::wait() {
            Ok((pid, status)) => {
                return Ok(tuple::from_array([
                    int::from_i64(pid as i64),
                    int::from_i64(status as i64),
                ]))
            }
            Err(Errno(libc::EINTR)) => vm.check_signals()?,
            Err(e) => return Err(sys_error(vm, e)),
        }
    }
}

/// `waitid(idtype, id, options)`: a `waitid_result`, or None when WNOHANG found nothing.
fn waitid(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("waitid", 3, 3)?;
    let idtype = c_int_arg(vm, &a[0])?;
    let id = id_arg(vm, &a[1], "uid")?;
    let options = c_int_arg(vm, &a[2])?;
    let info = loop {
        match process::waitid(idtype, id, options) {
            Ok(info) => break info,
            Err(Errno(libc::EINTR)) => vm.check_signals()?,
            Err(e) => return Err(sys_error(vm, e)),
        }
    };
    let Some(info) = info else {
        return Ok(none());
    };
    let cls = structseq_type(vm, "waitid_result")?;
    let fields = vec![
        int::from_i64(info.pid as i64),
        int::from_i64(info.uid as i64),
        int::from_i64(info.signo as i64),
        int::from_i64(info.status as i64),
        int::from_i64(info.code as i64),
    ];
    vm.call(&cls, &[tuple::new_tuple(fields)])
}

/// `nice(increment)`: the new nice value.
fn nice(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("posix.nice", 1, 1)?;
    let inc = c_int_arg(vm, &a[0])?;
    let r = process::nice(inc).map_err(|e| sys_error(vm, e))?;
    Ok(int::from_i64(r as i64))
}

/// An id as CPython gives it: the unsigned -1 as -1.
fn id_value(id: u32) -> Value {
    if id == u32::MAX {
        int::from_i64(-1)
    } else {
        int::from_i64(id as i64)
    }
}

fn getresuid(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("posix.getresuid", 0, 0)?;
    let (r, e, s) = process::getresuid().map_err(|e| sys_error(vm, e))?;
    Ok(tuple::from_array([id_value(r), id_value(e), id_value(s)]))
}

fn getresgid(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("posix.getresgid", 0, 0)?;
    let (r, e, s) = process::getresgid().map_err(|e| sys_error(vm, e))?;
    Ok(tuple::from_array([id_value(r), id_value(e), id_value(s)]))
}

fn setresuid(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setresuid", 3, 3)?;
    let r = id_arg(vm, &a[0], "uid")?;
    let e = id_arg(vm, &a[1], "uid")?;
    let s = id_arg(vm, &a[2], "uid")?;
    process::setresuid(r, e, s).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

fn setresgid(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setresgid", 3, 3)?;
    let r = id_arg(vm, &a[0], "gid")?;
    let e = id_arg(vm, &a[1], "gid")?;
    let s = id_arg(vm, &a[2], "gid")?;
    process::setresgid(r, e, s).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

/// `setpgrp()`: the process leads a process group of its own.
fn setpgrp(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("posix.setpgrp", 0, 0)?;
    process::setpgid(0, 0).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

fn sched_yield(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("posix.sched_yield", 0, 0)?;
    process::sched_yield().map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

/// `sched_getaffinity(pid)`: the set of CPUs the process may run on.
fn sched_getaffinity(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("posix.sched_getaffinity", 1, 1)?;
    let pid = c_int_arg(vm, &a[0])?;
    let cpus = process::sched_getaffinity(pid).map_err(|e| sys_error(vm, e))?;
    let s = set::new_set();
    for c in cpus {
        set::add(vm, &s, int::from_usize(c))?;
    }
    Ok(s)
}

/// `sched_setaffinity(pid, mask)`: `mask` is an iterable of CPU numbers.
fn sched_setaffinity(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("sched_setaffinity", 2, 2)?;
    let pid = c_int_arg(vm, &a[0])?;
    let mut cpus = Vec::new();
    for v in vm.collect(&a[1])? {
        if !int::is_int(&v) {
            return Err(type_error(format!(
                "expected an iterator of ints, but iterator yielded {}",
                vm.repr_string(&v.ty().to_value())?
            )));
        }
        let c = long_arg(vm, &v)?;
        if c < 0 {
            return Err(value_error("negative CPU number"));
        }
        if c > i32::MAX as i64 - 1 {
            return Err(overflow_error("CPU number too large"));
        }
        cpus.push(c as usize);
    }
    process::sched_setaffinity(pid, &cpus).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

/// A user name given as str (CPython's `getgrouplist` takes no bytes).
fn user_name(fname: &str, v: &Value) -> PyResult<std::ffi::CString> {
    let Some(s) = str::payload(v) else {
        return Err(type_error(format!(
            "{fname}() argument 1 must be str, not {}",
            v.ty().name()
        )));
    };
    let b = fs_encode(v, s)?;
    std::ffi::CString::new(b).map_err(|_| value_error("embedded null byte"))
}

/// `getgrouplist(user, group)`: the group ids `user` belongs to, with `group`.
fn getgrouplist(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getgrouplist", 2, 2)?;
    let user = user_name("getgrouplist", &a[0])?;
    let group = id_arg(vm, &a[1], "gid")?;
    let groups = process::getgrouplist(&user, group).map_err(|e| sys_error(vm, e))?;
    Ok(list::new_list(groups.into_iter().map(id_value).collect()))
}

/// `initgroups(username, gid)`; the name may be str, bytes or a path-like object.
fn initgroups(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("initgroups", 2, 2)?;
    let p = fspath_value(vm, &a[0])?;
    let bytes = match str::payload(&p) {
        Some(s) => fs_encode(&p, s)?,
        None => bytes::as_bytes(&p).expect("bytes").to_vec(),
    };
    let user = std::ffi::CString::new(bytes).map_err(|_| value_error("embedded null byte"))?;
    let group = id_arg(vm, &a[1], "gid")?;
    process::initgroups(&user, group).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

/// `chroot(path)`.
fn chroot(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("chroot", &["path"], 1)?;
    let p = path_arg(vm, "chroot", "path", b[0].as_ref().expect("path"))?;
    let c = p.cstring()?;
    process::chroot(&c).map_err(|e| os_error(vm, e.0, Some(&p.given), None))?;
    Ok(none())
}

pub(super) const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("system", system),
    ("wait", wait),
    ("waitid", waitid),
    ("nice", nice),
    ("getresuid", getresuid),
    ("getresgid", getresgid),
    ("setresuid", setresuid),
    ("setresgid", setresgid),
    ("setpgrp", setpgrp),
    ("sched_yield", sched_yield),
    ("sched_getaffinity", sched_getaffinity),
    ("sched_setaffinity", sched_setaffinity),
    ("getgrouplist", getgrouplist),
    ("initgroups", initgroups),
    ("chroot", chroot),
];

/// The constants of `waitid`, scheduling, `dlopen` flags, exit codes and the rest.
pub(super) const CONSTANTS: &[(&str, i64)] = &[
    ("P_PID", libc::P_PID as i64),
    ("P_PGID", libc::P_PGID as i64),
    ("P_ALL", libc::P_ALL as i64),
    ("P_PIDFD", libc::P_PIDFD as i64),
    ("WEXITED", libc::WEXITED as i64),
    ("WSTOPPED", libc::WSTOPPED as i64),
    ("WNOWAIT", libc::WNOWAIT as i64),
    ("CLD_EXITED", libc::CLD_EXITED as i64),
    ("CLD_KILLED", libc::CLD_KILLED as i64),
    ("CLD_DUMPED", libc::CLD_DUMPED as i64),
    ("CLD_TRAPPED", libc::CLD_TRAPPED as i64),
    ("CLD_STOPPED", libc::CLD_STOPPED as i64),
    ("CLD_CONTINUED", libc::CLD_CONTINUED as i64),
    ("SCHED_OTHER", libc::SCHED_OTHER as i64),
    ("SCHED_FIFO", libc::SCHED_FIFO as i64),
    ("SCHED_RR", libc::SCHED_RR as i64),
    ("SCHED_BATCH", libc::SCHED_BATCH as i64),
    ("SCHED_IDLE", libc::SCHED_IDLE as i64),
    ("SCHED_RESET_ON_FORK", libc::SCHED_RESET_ON_FORK as i64),
    ("RTLD_LAZY", libc::RTLD_LAZY as i64),
    ("RTLD_NOW", libc::RTLD_NOW as i64),
    ("RTLD_GLOBAL", libc::RTLD_GLOBAL as i64),
    ("RTLD_LOCAL", libc::RTLD_LOCAL as i64),
    ("RTLD_NODELETE", libc::RTLD_NODELETE as i64),
    ("RTLD_NOLOAD", libc::RTLD_NOLOAD as i64),
    ("RTLD_DEEPBIND", libc::RTLD_DEEPBIND as i64),
    // <sysexits.h>, which the libc crate does not have.
    ("EX_USAGE", 64),
    ("EX_DATAERR", 65),
    ("EX_NOINPUT", 66),
    ("EX_NOUSER", 67),
    ("EX_NOHOST", 68),
    ("EX_UNAVAILABLE", 69),
    ("EX_SOFTWARE", 70),
    ("EX_OSERR", 71),
    ("EX_OSFILE", 72),
    ("EX_CANTCREAT", 73),
    ("EX_IOERR", 74),
    ("EX_TEMPFAIL", 75),
    ("EX_PROTOCOL", 76),
    ("EX_NOPERM", 77),
    ("EX_CONFIG", 78),
    ("ST_NODEV", libc::ST_NODEV as i64),
    ("ST_NOEXEC", libc::ST_NOEXEC as i64),
    ("ST_SYNCHRONOUS", libc::ST_SYNCHRONOUS as i64),
    ("ST_MANDLOCK", libc::ST_MANDLOCK as i64),
    ("ST_WRITE", libc::ST_WRITE as i64),
    ("ST_APPEND", libc::ST_APPEND as i64),
    ("ST_NOATIME", libc::ST_NOATIME as i64),
    ("ST_NODIRATIME", libc::ST_NODIRATIME as i64),
    ("ST_RELATIME", libc::ST_RELATIME as i64),
    // Linux's NGROUPS_MAX (<linux/limits.h>).
    ("NGROUPS_MAX", 65536),
    ("TMP_MAX", libc::TMP_MAX as i64),
    ("O_FSYNC", libc::O_FSYNC as i64),
    ("MFD_HUGE_SHIFT", libc::MFD_HUGE_SHIFT as i64),
    ("MFD_HUGE_MASK", libc::MFD_HUGE_MASK as i64),
    ("MFD_HUGE_64KB", libc::MFD_HUGE_64KB as i64),
    ("MFD_HUGE_512KB", libc::MFD_HUGE_512KB as i64),
    ("MFD_HUGE_1MB", libc::MFD_HUGE_1MB as i64),
    ("MFD_HUGE_2MB", libc::MFD_HUGE_2MB as i64),
    ("MFD_HUGE_8MB", libc::MFD_HUGE_8MB as i64),
    ("MFD_HUGE_16MB", libc::MFD_HUGE_16MB as i64),
    ("MFD_HUGE_32MB", libc::MFD_HUGE_32MB as i64),
    ("MFD_HUGE_256MB", libc::MFD_HUGE_256MB as i64),
    ("MFD_HUGE_512MB", libc::MFD_HUGE_512MB as i64),
    ("MFD_HUGE_1GB", libc::MFD_HUGE_1GB as i64),
    ("MFD_HUGE_2GB", libc::MFD_HUGE_2GB as i64),
    ("MFD_HUGE_16GB", libc::MFD_HUGE_16GB as i64),
    ("RWF_HIPRI", libc::RWF_HIPRI as i64),
    ("RWF_DSYNC", libc::RWF_DSYNC as i64),
    ("RWF_SYNC", libc::RWF_SYNC as i64),
    ("RWF_NOWAIT", libc::RWF_NOWAIT as i64),
    ("RWF_APPEND", libc::RWF_APPEND as i64),
    // `posix_spawn`'s file actions, as CPython numbers them.
    ("POSIX_SPAWN_OPEN", 0),
    ("POSIX_SPAWN_CLOSE", 1),
    ("POSIX_SPAWN_DUP2", 2),
];
