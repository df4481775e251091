//! Signals and threads: `raise`, `alarm`, `pause`, `strsignal`, the real-time signal range
//! and the calling thread's id. Handlers are installed by the VM core (`vm::signals`).

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
