//! `select()` over descriptor sets, and Linux's `epoll` interface.

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

/// What `epoll_ctl` does to a descriptor in an epoll set.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum EpollOp {
    /// `EPOLL_CTL_ADD`: watch a new descriptor (EEXIST if it is already watched).
    Add,
    /// `EPOLL_CTL_MOD`: change a watched descriptor's events (ENOENT if it is not watched).
    Modify,
    /// `EPOLL_CTL_DEL`: stop watching a descriptor (ENOENT if it is not watched).
    Delete,
}

/// A new epoll descriptor, close-on-exec (`epoll_create1(EPOLL_CLOEXEC)`).
pub fn epoll_create() -> SysResult<c_int> {
    // SAFETY: plain system call with a constant flag.
    check(unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) })
}

/// Adds, changes or removes `fd` in the epoll set `epfd`, watching for `events` (ignored
/// for `Delete`); the event reports carry `fd` back.
pub fn epoll_ctl(epfd: c_int, op: EpollOp, fd: c_int, events: u32) -> SysResult<()> {
    let op = match op {
        EpollOp::Add => libc::EPOLL_CTL_ADD,
        EpollOp::Modify => libc::EPOLL_CTL_MOD,
        EpollOp::Delete => libc::EPOLL_CTL_DEL,
    };
    // Kernels before 2.6.9 want a valid event even for EPOLL_CTL_DEL, so one is always given.
    let mut ev = libc::epoll_event {
        events,
        u64: fd as u32 as u64,
    };
    // SAFETY: `ev` is a valid epoll_event that the call reads during the call only.
    check(unsafe { libc::epoll_ctl(epfd, op, fd, &mut ev) }).map(drop)
}

/// Waits up to `timeout_ms` milliseconds (-1: for ever) for events in the epoll set `epfd`;
/// returns at most `max_events` (at least 1) `(fd, events)` reports.
pub fn epoll_wait(
    epfd: c_int,
    max_events: usize,
    timeout_ms: c_int,
) -> SysResult<Vec<(c_int, u32)>> {
    let max_events = max_events.clamp(1, c_int::MAX as usize);
    let mut evs = vec![libc::epoll_event { events: 0, u64: 0 }; max_events];
    // SAFETY: `evs` is a valid array of `max_events` epoll_event structures, which the
    // kernel fills from the start, at most `max_events` of them.
    let n = check(unsafe {
        libc::epoll_wait(epfd, evs.as_mut_ptr(), max_events as c_int, timeout_ms)
    })?;
    Ok(evs[..n as usize]
        .iter()
        .map(|e| {
            // Copies out of the (packed) structure before use.
            let (data, events) = (e.u64, e.events);
            (data as u32 as c_int, events)
        })
        .collect())
}
