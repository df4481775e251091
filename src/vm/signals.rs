//! Signals: the C handler notes the signal and asks for a safe point; the Python handler runs
//! there, at the next instruction boundary of the interpreter or the next helper call of
//! compiled code (a hot compiled loop that calls no helper sees it when it leaves compiled
//! code). SIGINT's default Python handler raises KeyboardInterrupt; a second Ctrl-C while the
//! first is still waiting ends the process as the default action would.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Vm;
use crate::object::error::PyResult;
use crate::object::types::none;
use crate::object::value::Value;

/// Signal numbers go up to this (Linux's `NSIG`).
pub const NSIG: usize = 65;

static PENDING: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
static ANY_PENDING: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The Python-level handler of each signal: a callable, or the int SIG_DFL/SIG_IGN.
    static HANDLERS: RefCell<Vec<Option<Value>>> = RefCell::new(vec![None; NSIG]);
}

/// The C-level handler: only async-signal-safe work (atomics; on a second waiting SIGINT, the
/// default action).
extern "C" fn on_signal(signum: libc::c_int) {
    let n = signum as usize;
    if n >= NSIG {
        return;
    }
    if n == libc::SIGINT as usize && PENDING[n].load(Ordering::Relaxed) {
        // SAFETY: signal() and raise() are async-signal-safe.
        unsafe {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::raise(libc::SIGINT);
        }
        return;
    }
    PENDING[n].store(true, Ordering::Relaxed);
    ANY_PENDING.store(true, Ordering::Relaxed);
    crate::object::alloc::request_safe_point();
}

/// Blocks the asynchronous signals in the calling thread (the one that only waits for the
/// Python thread), so they reach the thread running Python: a signal a program sends itself is
/// then handled before `os.kill` returns, as in CPython.
pub fn block_in_this_thread() {
    use crate::os::signal::{pthread_sigmask, SigSet};
    let _ = pthread_sigmask(libc::SIG_BLOCK, &SigSet::asynchronous());
}

/// Runs `f`, which starts a helper thread (the JIT's compiler), with the asynchronous signals
/// blocked in the calling thread, then restores its mask: the new thread inherits the blocked
/// mask, so signals sent to the process reach only the Python thread. Otherwise a signal the
/// program blocks to `sigwait` for could be taken by the helper thread instead (and end the
/// process by its default action).
pub fn with_signals_blocked<R>(f: impl FnOnce() -> R) -> R {
    use crate::os::signal::{pthread_sigmask, SigSet};
    let old = pthread_sigmask(libc::SIG_BLOCK, &SigSet::asynchronous());
    let r = f();
    if let Ok(old) = old {
        let _ = pthread_sigmask(libc::SIG_SETMASK, &old);
    }
    r
}

/// Ends the process by SIGINT's default action, as CPython does after reporting an uncaught
/// KeyboardInterrupt (the shell sees an interrupted program); exits with 130 if that fails.
pub fn exit_by_sigint() -> ! {
    // SAFETY: restoring the default action and raising the signal have no memory-safety
    // preconditions; the signal is unblocked in this thread first.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(libc::SIGINT);
    }
    std::process::exit(130)
}

/// Ends the process with `code` at once, once the program, its finalization and the flushing
/// of its output are done: freeing the heap object by object and handing memory back to the
/// OS (the allocator does both at thread and process exit) is work nobody sees, a few
/// milliseconds of every run's end. Rust's own stdout and stderr are flushed first.
pub fn exit_now(code: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // `_exit` ends every thread without running destructors or `atexit` handlers; nothing is
    // left that Python or the user could observe (the caller has run Python's exit steps and
    // flushed its files).
    crate::os::process::exit_now(code)
}

/// The address of the "a signal is waiting" flag, which compiled loops poll at their
/// back-edges (a byte: 0 or 1).
pub fn pending_flag_address() -> usize {
    &ANY_PENDING as *const AtomicBool as usize
}

/// The allocator spent its emergency reserve: `MemoryError` is raised at the next safe point,
/// where signals are checked (installed by `on_python_thread`; only atomics, no allocation).
pub fn memory_exhausted() {
    ANY_PENDING.store(true, Ordering::Relaxed);
    crate::object::alloc::request_safe_point();
}

/// Whether a signal waits for its Python handler.
pub fn pending() -> bool {
    ANY_PENDING.load(Ordering::Relaxed)
}

/// Routes signal `n` to `on_signal` (`true`), or to the OS action `SIG_DFL`/`SIG_IGN`
/// (`false` with the action). Returns the errno on failure.
pub fn install(n: usize, catch: bool, action: libc::sighandler_t) -> Result<(), i32> {
    // SAFETY: zeroed memory is a valid sigaction to fill in.
    let mut sa: libc::sigaction = unsafe { std::mem::zeroed() };
    sa.sa_sigaction = if catch {
        on_signal as *const () as libc::sighandler_t
    } else {
        action
    };
    sa.sa_flags = libc::SA_ONSTACK;
    // SAFETY: `sa` is a valid sigaction; the old action is not needed.
    let r = unsafe {
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(n as libc::c_int, &sa, std::ptr::null_mut())
    };
    if r != 0 {
        return Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    Ok(())
}

/// The Python-level handler recorded for signal `n`.
pub fn handler(n: usize) -> Option<Value> {
    HANDLERS.with(|h| h.borrow().get(n).cloned().flatten())
}

pub fn set_handler(n: usize, v: Value) {
    HANDLERS.with(|h| {
        if let Some(slot) = h.borrow_mut().get_mut(n) {
            *slot = Some(v);
        }
    });
}

impl Vm {
    /// Runs the Python handlers of the signals that arrived; a handler's exception (such as
    /// KeyboardInterrupt) propagates from the current instruction.
    pub fn check_signals(&mut self) -> PyResult<()> {
        if !ANY_PENDING.swap(false, Ordering::Relaxed) {
            return Ok(());
        }
        if crate::memory::alloc::take_out_of_memory() {
            // Signals that also wait are handled at the next safe point.
            if PENDING.iter().any(|p| p.load(Ordering::Relaxed)) {
                ANY_PENDING.store(true, Ordering::Relaxed);
                crate::object::alloc::request_safe_point();
            }
            crate::memory::alloc::acquire_reserve();
            return Err(crate::object::exception::memory_error());
        }
        for (n, flag) in PENDING.iter().enumerate() {
            if !flag.swap(false, Ordering::Relaxed) {
                continue;
            }
            let Some(h) = handler(n) else {
                continue;
            };
            if crate::object::int::as_i64(&h).is_some() {
                continue;
            }
            let r = self.call(&h, &[crate::object::int::from_usize(n), none()]);
            if let Err(e) = r {
                // Signals not handled yet stay pending for the next safe point.
                if PENDING.iter().any(|p| p.load(Ordering::Relaxed)) {
                    ANY_PENDING.store(true, Ordering::Relaxed);
                    crate::object::alloc::request_safe_point();
                }
                return Err(e);
            }
        }
        Ok(())
    }
}
