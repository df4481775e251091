//! `select()` over descriptor sets.

use std::time::Duration;

use super::{check, SysResult};
use libc::c_int;

/// A `fd_set`: descriptors from 0 to `FD_SETSIZE - 1`.
pub struct FdSet(libc::fd_set);

impl FdSet {
    /// The empty set.
    pub fn new() -> FdSet {
        let mut set: libc::fd_set = super::zeroed();
        // SAFETY: `set` is a valid fd_set to clear.
        unsafe { libc::FD_ZERO(&mut set) };
        FdSet(set)
    }

    /// Whether `fd` can be in a set.
    pub fn in_range(fd: c_int) -> bool {
        (0..libc::FD_SETSIZE as c_int).contains(&fd)
    }

    /// Adds `fd`; panics if it is out of range (see `in_range`).
    pub fn insert(&mut self, fd: c_int) {
        assert!(Self::in_range(fd), "descriptor {fd} out of fd_set range");
        // SAFETY: `fd` is within the set's bits (checked above).
        unsafe { libc::FD_SET(fd, &mut self.0) };
    }

    pub fn contains(&self, fd: c_int) -> bool {
        // SAFETY: `fd` is within the set's bits (checked first).
        Self::in_range(fd) && unsafe { libc::FD_ISSET(fd, &self.0) }
    }
}

impl Default for FdSet {
    fn default() -> FdSet {
        FdSet::new()
    }
}

/// Waits until a descriptor below `nfds` (at most FD_SETSIZE) in `read`, `write` or
/// `except` is ready, leaving only the ready ones in each set; returns how many there are.
/// `None` waits for ever.
pub fn select(
    nfds: c_int,
    read: &mut FdSet,
    write: &mut FdSet,
    except: &mut FdSet,
    timeout: Option<Duration>,
) -> SysResult<c_int> {
    let mut tv = timeout.map(|d| libc::timeval {
        tv_sec: d.as_secs() as libc::time_t,
        tv_usec: d.subsec_micros() as libc::suseconds_t,
    });
    let tvp = tv
        .as_mut()
        .map_or(std::ptr::null_mut(), |t| t as *mut libc::timeval);
    let nfds = nfds.min(libc::FD_SETSIZE as c_int);
    // SAFETY: the sets are valid fd_sets the call may update in their first `nfds` bits,
    // at most FD_SETSIZE, and `tvp` is null or a valid timeval for the call.
    check(unsafe { libc::select(nfds, &mut read.0, &mut write.0, &mut except.0, tvp) })
}
