//! Signals and threads: `raise`, `alarm`, `pause`, `strsignal`, the real-time signal range,
//! the calling thread's id, signal sets and the thread's mask, waiting for signals,
//! `pthread_kill`, `pidfd_send_signal` and the interval timers. Handlers are installed by the
//! VM core (`vm::signals`).

use std::ffi::CStr;

use super::{Errno, SysResult};
use libc::{c_int, c_uint};

/// `raise(sig)`: sends `sig` to the calling thread.
pub fn raise(sig: c_int) -> SysResult<()> {
    // SAFETY: raise has no memory-safety preconditions; a bad number is EINVAL.
    if unsafe { libc::raise(sig) } != 0 {
        return Err(Errno::last());
    }
    Ok(())
}

/// `alarm(secs)`: schedules SIGALRM in `secs` seconds (0 cancels); returns the seconds left
/// on the previous alarm.
pub fn alarm(secs: c_uint) -> c_uint {
    // SAFETY: alarm has no memory-safety preconditions.
    unsafe { libc::alarm(secs) }
}

/// `pause()`: waits until a signal arrives.
pub fn pause() {
    // SAFETY: pause has no memory-safety preconditions.
    unsafe { libc::pause() };
}

/// `strsignal(sig)`: the description of `sig`, or `None` when the C library has none.
pub fn strsignal(sig: c_int) -> Option<String> {
    // SAFETY: strsignal returns a valid C string (or null) for any number.
    let p = unsafe { libc::strsignal(sig) };
    if p.is_null() {
        return None;
    }
    // SAFETY: non-null results of strsignal are NUL-terminated, and copied at once.
    Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// The lowest real-time signal number.
pub fn sigrtmin() -> c_int {
    libc::SIGRTMIN()
}

/// The highest real-time signal number.
pub fn sigrtmax() -> c_int {
    libc::SIGRTMAX()
}

/// The calling thread's id (`pthread_self`).
pub fn current_thread_id() -> u64 {
    // SAFETY: pthread_self has no preconditions.
    unsafe { libc::pthread_self() as u64 }
}

/// `siginterrupt(sig, interrupt)`: whether system calls that `sig`'s handler interrupts fail
/// with EINTR (`true`) or restart (`false`, `SA_RESTART`).
pub fn siginterrupt(sig: c_int, interrupt: bool) -> SysResult<()> {
    // SAFETY: zeroed memory is a valid sigaction to receive the current one.
    let mut act: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: `act` is writable; a bad number is EINVAL.
    if unsafe { libc::sigaction(sig, std::ptr::null(), &mut act) } != 0 {
        return Err(Errno::last());
    }
    if interrupt {
        act.sa_flags &= !libc::SA_RESTART;
    } else {
        act.sa_flags |= libc::SA_RESTART;
    }
    // SAFETY: `act` is the action just read, with one flag changed.
    if unsafe { libc::sigaction(sig, &act, std::ptr::null_mut()) } != 0 {
        return Err(Errno::last());
    }
    Ok(())
}

/// A `sigset_t`: a set of signal numbers.
#[derive(Clone, Copy)]
pub struct SigSet(libc::sigset_t);

impl SigSet {
    /// The empty set.
    pub fn empty() -> SigSet {
        // SAFETY: zeroed memory is a valid sigset_t for sigemptyset to initialize.
        let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: `set` is a valid, writable sigset_t.
        unsafe { libc::sigemptyset(&mut set) };
        SigSet(set)
    }

    /// The asynchronous signals: all but those the CPU raises for the faulting thread.
    pub fn asynchronous() -> SigSet {
        // SAFETY: zeroed memory is a valid sigset_t for sigfillset to initialize.
        let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: `set` is a valid, writable sigset_t; the numbers are valid signals.
        unsafe {
            libc::sigfillset(&mut set);
            for sync in [
                libc::SIGSEGV,
                libc::SIGBUS,
                libc::SIGFPE,
                libc::SIGILL,
                libc::SIGABRT,
            ] {
                libc::sigdelset(&mut set, sync);
            }
        }
        SigSet(set)
    }

    /// Adds `sig`; the C library refuses (EINVAL) numbers out of range and those it reserves.
    pub fn add(&mut self, sig: c_int) -> SysResult<()> {
        // SAFETY: the set is a valid sigset_t.
        if unsafe { libc::sigaddset(&mut self.0, sig) } != 0 {
            return Err(Errno::last());
        }
        Ok(())
    }

    /// Whether `sig` is a member (false for numbers the C library rejects).
    pub fn contains(&self, sig: c_int) -> bool {
        // SAFETY: the set is a valid sigset_t.
        unsafe { libc::sigismember(&self.0, sig) == 1 }
    }
}

/// `pthread_sigmask(how, set)`: changes the calling thread's mask; returns the previous mask.
pub fn pthread_sigmask(how: c_int, set: &SigSet) -> SysResult<SigSet> {
    let mut old = SigSet::empty();
    // SAFETY: both sets are valid sigset_t values; the call returns the error number.
    let err = unsafe { libc::pthread_sigmask(how, &set.0, &mut old.0) };
    if err != 0 {
        return Err(Errno(err));
    }
    Ok(old)
}

/// `sigpending()`: the signals waiting for the calling thread or the process while blocked.
pub fn sigpending() -> SysResult<SigSet> {
    let mut set = SigSet::empty();
    // SAFETY: `set` is a valid, writable sigset_t.
    if unsafe { libc::sigpending(&mut set.0) } != 0 {
        return Err(Errno::last());
    }
    Ok(set)
}

/// `sigwait(set)`: waits for one of the signals of `set` (which should be blocked) and
/// returns its number.
pub fn sigwait(set: &SigSet) -> SysResult<c_int> {
    let mut sig: c_int = 0;
    // SAFETY: `set` is a valid sigset_t and `sig` a writable int; the call returns the error
    // number.
    let err = unsafe { libc::sigwait(&set.0, &mut sig) };
    if err != 0 {
        return Err(Errno(err));
    }
    Ok(sig)
}

/// The fields of a `siginfo_t` that `struct_siginfo` shows.
#[derive(Debug, Clone, Copy)]
pub struct SigInfo {
    pub signo: c_int,
    pub code: c_int,
    pub errno: c_int,
    pub pid: libc::pid_t,
    pub uid: libc::uid_t,
    pub status: c_int,
    pub band: libc::c_long,
}

impl SigInfo {
    fn from_raw(si: &libc::siginfo_t) -> SigInfo {
        // The union that follows si_signo, si_errno and si_code starts where a long is aligned
        // after those three ints; its SIGPOLL member begins with `long si_band`.
        let offset = (3 * std::mem::size_of::<c_int>())
            .next_multiple_of(std::mem::align_of::<libc::c_long>());
        // SAFETY: `si` was filled in by the kernel; the accessors read the union's members as
        // the C library's macros do, and `offset` plus a long lies within the 128-byte struct.
        unsafe {
            let band = std::ptr::read_unaligned(
                (si as *const libc::siginfo_t as *const u8).add(offset) as *const libc::c_long,
            );
            SigInfo {
                signo: si.si_signo,
                code: si.si_code,
                errno: si.si_errno,
                pid: si.si_pid(),
                uid: si.si_uid(),
                status: si.si_status(),
                band,
            }
        }
    }
}

/// `sigwaitinfo(set)`: waits for one of the signals of `set`; EINTR when a handled signal
/// interrupts the wait.
pub fn sigwaitinfo(set: &SigSet) -> SysResult<SigInfo> {
    // SAFETY: zeroed memory is a valid siginfo_t to be filled in.
    let mut si: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is a valid sigset_t and `si` writable.
    if unsafe { libc::sigwaitinfo(&set.0, &mut si) } == -1 {
        return Err(Errno::last());
    }
    Ok(SigInfo::from_raw(&si))
}

/// `sigtimedwait(set, timeout)`: as `sigwaitinfo` for at most `secs` seconds and `nsecs`
/// nanoseconds; `None` when the time ran out.
pub fn sigtimedwait(set: &SigSet, secs: i64, nsecs: i64) -> SysResult<Option<SigInfo>> {
    // SAFETY: zeroed memory is a valid siginfo_t to be filled in.
    let mut si: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let ts = libc::timespec {
        tv_sec: secs as libc::time_t,
        tv_nsec: nsecs as _,
    };
    // SAFETY: `set` and `ts` are valid, `si` writable.
    if unsafe { libc::sigtimedwait(&set.0, &mut si, &ts) } == -1 {
        let e = Errno::last();
        if e.0 == libc::EAGAIN {
            return Ok(None);
        }
        return Err(e);
    }
    Ok(Some(SigInfo::from_raw(&si)))
}

/// `pthread_kill(thread, sig)`: sends `sig` to the thread whose `pthread_t` is `thread`.
/// The C library may crash on an id that is no live thread's; callers pass known ids.
pub fn pthread_kill(thread: u64, sig: c_int) -> SysResult<()> {
    // SAFETY: the call returns an error number; the id is the caller's (see above).
    let err = unsafe { libc::pthread_kill(thread as libc::pthread_t, sig) };
    if err != 0 {
        return Err(Errno(err));
    }
    Ok(())
}

/// `pidfd_send_signal(pidfd, sig, NULL, flags)`: sends `sig` to the process of a pidfd.
pub fn pidfd_send_signal(pidfd: c_int, sig: c_int, flags: c_uint) -> SysResult<()> {
    // SAFETY: the system call takes a descriptor, a number, a null siginfo and flags.
    let r = unsafe {
        libc::syscall(
            libc::SYS_pidfd_send_signal,
            pidfd,
            sig,
            std::ptr::null::<libc::siginfo_t>(),
            flags,
        )
    };
    if r < 0 {
        return Err(Errno::last());
    }
    Ok(())
}

/// An interval timer's value: (seconds, microseconds) to the next expiry and of the period.
pub type Itimer = ((i64, i64), (i64, i64));

fn timeval(t: (i64, i64)) -> libc::timeval {
    libc::timeval {
        tv_sec: t.0 as libc::time_t,
        tv_usec: t.1 as libc::suseconds_t,
    }
}

fn from_itimerval(v: &libc::itimerval) -> Itimer {
    (
        (v.it_value.tv_sec, v.it_value.tv_usec),
        (v.it_interval.tv_sec, v.it_interval.tv_usec),
    )
}

/// `setitimer(which, new)`: sets interval timer `which`; returns its previous value.
pub fn setitimer(which: c_int, new: Itimer) -> SysResult<Itimer> {
    let new = libc::itimerval {
        it_value: timeval(new.0),
        it_interval: timeval(new.1),
    };
    // SAFETY: zeroed memory is a valid itimerval to be filled in.
    let mut old: libc::itimerval = unsafe { std::mem::zeroed() };
    // SAFETY: both structs are valid; a bad `which` is EINVAL.
    if unsafe { libc::setitimer(which as _, &new, &mut old) } != 0 {
        return Err(Errno::last());
    }
    Ok(from_itimerval(&old))
}

/// `getitimer(which)`: the current value of interval timer `which`.
pub fn getitimer(which: c_int) -> SysResult<Itimer> {
    // SAFETY: zeroed memory is a valid itimerval to be filled in.
    let mut cur: libc::itimerval = unsafe { std::mem::zeroed() };
    // SAFETY: `cur` is writable; a bad `which` is EINVAL.
    if unsafe { libc::getitimer(which as _, &mut cur) } != 0 {
        return Err(Errno::last());
    }
    Ok(from_itimerval(&cur))
}
