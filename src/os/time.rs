//! Clocks and the C library's local time: `clock_getres`, `localtime_r`, `mktime`, `tzset`.
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
