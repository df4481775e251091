//! Clocks and the C library's local time: `clock_gettime`, `clock_getres`, `clock_settime`,
//! `pthread_getcpuclockid`, `localtime_r`, `mktime`, `tzset`; and the threads library's version
//! (`confstr`), which `sys.thread_info` reports beside the clocks' thread calls.
//!
//! `tzset` (which `localtime_r` and `mktime` also run) rewrites the C library's zone state;
//! Heron runs Python, the only caller, on one thread, so no call here races another.

use std::ffi::CStr;

use super::{check, zeroed, Errno, SysResult};

/// `clock_getres(clock)`: the clock's resolution.
pub fn clock_getres(clock: libc::clockid_t) -> SysResult<libc::timespec> {
    let mut res: libc::timespec = zeroed();
    // SAFETY: `res` is a live timespec the call writes into.
    check(unsafe { libc::clock_getres(clock, &mut res) })?;
    Ok(res)
}

/// A local broken-down time and its zone's abbreviation.
pub struct LocalTime {
    pub tm: libc::tm,
    pub zone: String,
}

/// `localtime_r(t)`: `t` in the local zone (`EOVERFLOW` when out of range).
pub fn localtime(t: libc::time_t) -> SysResult<LocalTime> {
    let mut tm: libc::tm = zeroed();
    // SAFETY: both pointers are to live locals of the right types; localtime_r only writes
    // into `tm`.
    let r = unsafe { libc::localtime_r(&t, &mut tm) };
    if r.is_null() {
        return Err(Errno::last());
    }
    let zone = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: glibc points tm_zone at a NUL-terminated abbreviation in its own zone data,
        // valid until the next tzset; it is copied out at once.
        unsafe { CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    Ok(LocalTime { tm, zone })
}

/// `mktime(tm)`: the local time `tm` as seconds since the epoch, normalizing `tm` in place.
/// Returns -1 on failure, which is also a valid time: callers tell them apart by a field
/// mktime writes only on success.
pub fn mktime(tm: &mut libc::tm) -> libc::time_t {
    // SAFETY: `tm` is a live tm the call reads and normalizes in place.
    unsafe { libc::mktime(tm) }
}

/// `tzset()`: re-reads `TZ` into the C library's zone state.
pub fn tzset() {
    extern "C" {
        fn tzset();
    }
    // SAFETY: tzset takes no arguments; one thread runs Python, so no localtime_r races it.
    unsafe { tzset() };
}

/// `clock_gettime(clock)`: the clock's time now (`EINVAL` for a clock the system lacks).
pub fn clock_gettime(clock: libc::clockid_t) -> SysResult<libc::timespec> {
    let mut now: libc::timespec = zeroed();
    // SAFETY: `now` is a live timespec the call writes into.
    check(unsafe { libc::clock_gettime(clock, &mut now) })?;
    Ok(now)
}

/// `clock_settime(clock, t)`: sets the clock (`EINVAL` for a clock that cannot be set,
/// `EPERM` without the privilege).
pub fn clock_settime(clock: libc::clockid_t, t: &libc::timespec) -> SysResult<()> {
    // SAFETY: `t` is a live timespec the call only reads.
    check(unsafe { libc::clock_settime(clock, t) }).map(drop)
}

/// `pthread_getcpuclockid(thread)`: the CPU-time clock of the thread whose `pthread_t` is
/// `thread`, as a number (`_thread.get_ident()` is the calling thread's `pthread_self`).
///
/// glibc reads the thread's descriptor through the `pthread_t`, so an id that is not a live
/// thread's would read arbitrary memory. Python runs on one thread, the only one whose id it
/// can see, so any other id is answered with `ESRCH` (no such thread) without the call.
pub fn thread_cpuclockid(thread: u64) -> SysResult<libc::clockid_t> {
    // SAFETY: pthread_self has no preconditions.
    let me = unsafe { libc::pthread_self() };
    if me as u64 != thread {
        return Err(Errno(libc::ESRCH));
    }
    let mut clock: libc::clockid_t = 0;
    // SAFETY: `me` is the calling thread, alive for the call; `clock` is a live local the call
    // writes into.
    let r = unsafe { libc::pthread_getcpuclockid(me, &mut clock) };
    if r != 0 {
        // The pthread functions return the error number rather than set errno.
        return Err(Errno(r));
    }
    Ok(clock)
}

/// The C library's threads implementation and version (`confstr(_CS_GNU_LIBPTHREAD_VERSION)`,
/// "NPTL 2.36" for glibc 2.36), for `sys.thread_info`; `None` when it does not say.
pub fn libpthread_version() -> Option<String> {
    let mut buf = [0u8; 255];
    // SAFETY: `buf` is a live buffer of the length passed; confstr writes at most that many
    // bytes, NUL-terminated, and returns the length the full value needs (with its NUL).
    let len = unsafe {
        libc::confstr(
            libc::_CS_GNU_LIBPTHREAD_VERSION,
            buf.as_mut_ptr().cast(),
            buf.len(),
        )
    };
    // As CPython: only a value that fitted whole, and is not empty.
    if len > 1 && len < buf.len() {
        Some(String::from_utf8_lossy(&buf[..len - 1]).into_owned())
    } else {
        None
    }
}
