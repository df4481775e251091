//! The system and the process's surroundings: the environment, random bytes, file system
//! statistics, the terminal's size, process times, `uname`, load averages, `sysconf`.

use std::ffi::CStr;

use super::{check, check_size, SysResult};
use libc::c_int;

/// Sets an environment variable (NUL-free name without '=', NUL-free value).
pub fn setenv(name: &CStr, value: &CStr) -> SysResult<()> {
    // SAFETY: both are NUL-terminated; the environment is only changed from the Python
    // thread, and no other thread reads it meanwhile.
    check(unsafe { libc::setenv(name.as_ptr(), value.as_ptr(), 1) }).map(drop)
}

pub fn unsetenv(name: &CStr) -> SysResult<()> {
    // SAFETY: as `setenv`.
    check(unsafe { libc::unsetenv(name.as_ptr()) }).map(drop)
}

/// One `getrandom` call filling the start of `buf`; returns how many bytes it wrote.
pub fn getrandom(buf: &mut [u8], flags: libc::c_uint) -> SysResult<usize> {
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`.
    check_size(unsafe { libc::getrandom(buf.as_mut_ptr().cast(), buf.len(), flags) })
}

/// The statistics of the file system holding `path`.
pub fn statvfs(path: &CStr) -> SysResult<libc::statvfs> {
    let mut st: libc::statvfs = super::zeroed();
    // SAFETY: `path` is NUL-terminated and `st` a valid statvfs to fill.
    check(unsafe { libc::statvfs(path.as_ptr(), &mut st) })?;
    Ok(st)
}

/// The size of the terminal on `fd`: (columns, rows).
pub fn terminal_size(fd: c_int) -> SysResult<(u16, u16)> {
    let mut ws: libc::winsize = super::zeroed();
    // SAFETY: TIOCGWINSZ writes one winsize into `ws`.
    check(unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) })?;
    Ok((ws.ws_col, ws.ws_row))
}

/// Process times in clock ticks, the elapsed real time in ticks, and ticks per second.
pub fn times() -> (libc::tms, libc::clock_t, i64) {
    let mut t: libc::tms = super::zeroed();
    // SAFETY: `times` writes into `t`; `sysconf` only reads its argument.
    let (elapsed, hz) = unsafe { (libc::times(&mut t), libc::sysconf(libc::_SC_CLK_TCK)) };
    (t, elapsed, hz)
}

/// `uname`'s fields: sysname, nodename, release, version, machine.
pub fn uname() -> SysResult<[String; 5]> {
    let mut u: libc::utsname = super::zeroed();
    // SAFETY: `uname` writes into `u`.
    check(unsafe { libc::uname(&mut u) })?;
    let field = |f: &[libc::c_char]| {
        let bytes: Vec<u8> = f
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Ok([
        field(&u.sysname),
        field(&u.nodename),
        field(&u.release),
        field(&u.version),
        field(&u.machine),
    ])
}

/// The 1, 5 and 15 minute load averages, if the system gives them.
pub fn loadavg() -> Option<[f64; 3]> {
    let mut l = [0f64; 3];
    // SAFETY: `l` has room for the three values asked for.
    (unsafe { libc::getloadavg(l.as_mut_ptr(), 3) } == 3).then_some(l)
}

/// `sysconf(name)` (-1 when the limit is indeterminate or the name unknown).
pub fn sysconf(name: c_int) -> i64 {
    // SAFETY: plain call on an integer.
    unsafe { libc::sysconf(name) as i64 }
}

/// Commits every file system's buffers to disk.
pub fn sync() {
    // SAFETY: no arguments, no preconditions.
    unsafe { libc::sync() }
}

/// A configuration limit of the file at `path`; None when there is no limit.
pub fn pathconf(path: &CStr, name: c_int) -> SysResult<Option<i64>> {
    super::set_errno(0);
    // SAFETY: `path` is NUL-terminated.
    let r = unsafe { libc::pathconf(path.as_ptr(), name) };
    super::fd::conf_result(r)
}

/// `sysconf(name)` telling failure apart: None when the limit is indeterminate, the errno
/// when the name is unknown.
pub fn sysconf_checked(name: c_int) -> SysResult<Option<i64>> {
    super::set_errno(0);
    // SAFETY: plain call on an integer.
    let r = unsafe { libc::sysconf(name) };
    super::fd::conf_result(r)
}

/// `confstr(name)`: the string's bytes, or None when the name has no value.
pub fn confstr(name: c_int) -> SysResult<Option<Vec<u8>>> {
    let mut buf = vec![0u8; 256];
    loop {
        super::set_errno(0);
        // SAFETY: `buf` has room for `buf.len()` bytes, which the call writes at most.
        let n = unsafe { libc::confstr(name, buf.as_mut_ptr().cast(), buf.len()) };
        if n == 0 {
            return match super::errno() {
                0 => Ok(None),
                e => Err(super::Errno(e)),
            };
        }
        // `n` counts the terminating NUL; a longer value was cut short: ask again.
        if n > buf.len() {
            buf = vec![0u8; n];
            continue;
        }
        buf.truncate(n - 1);
        return Ok(Some(buf));
    }
}

/// The name of the process's controlling terminal (`ctermid`).
pub fn ctermid() -> SysResult<Vec<u8>> {
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: `buf` is larger than L_ctermid, the most `ctermid` writes.
    let p = unsafe { libc::ctermid(buf.as_mut_ptr()) };
    if p.is_null() {
        return Err(super::Errno::last());
    }
    // SAFETY: on success `buf` holds a NUL-terminated name.
    Ok(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_bytes().to_vec())
}

/// The user logged in on the controlling terminal (`getlogin`): Err with the errno it set,
/// or Err(Errno(0)) when it failed without saying why.
pub fn getlogin() -> SysResult<Vec<u8>> {
    super::set_errno(0);
    // SAFETY: no arguments; the result is copied before any other call could change it
    // (only the Python thread calls getlogin).
    let p = unsafe { libc::getlogin() };
    if p.is_null() {
        return Err(super::Errno(super::errno()));
    }
    // SAFETY: a non-null result is a NUL-terminated name.
    Ok(unsafe { CStr::from_ptr(p) }.to_bytes().to_vec())
}

/// A device number's major part.
pub fn major(dev: libc::dev_t) -> u32 {
    libc::major(dev)
}

/// A device number's minor part.
pub fn minor(dev: libc::dev_t) -> u32 {
    libc::minor(dev)
}

/// A device number from its major and minor parts.
pub fn makedev(major: u32, minor: u32) -> libc::dev_t {
    libc::makedev(major, minor)
}

/// The soft limit of the process's address space (`ulimit -v`) in bytes; `None` when unlimited.
pub fn address_space_limit() -> Option<u64> {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `r` is a valid out-parameter for getrlimit.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut r) } == 0;
    (ok && r.rlim_cur != libc::RLIM_INFINITY).then_some(r.rlim_cur)
}
