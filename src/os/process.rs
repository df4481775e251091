//! Processes: ids, sessions and process groups, user and group ids, priorities, signals to
//! other processes, `fork`, `exec`, `wait` and the immediate exit.

use std::ffi::{CStr, CString};

use super::{check, Errno, SysResult};
use libc::{c_int, gid_t, pid_t, uid_t};

/// The calling process's ids (these calls cannot fail).
pub fn getpid() -> pid_t {
    // SAFETY: no arguments, no preconditions.
    unsafe { libc::getpid() }
}

pub fn getppid() -> pid_t {
    // SAFETY: no arguments, no preconditions.
    unsafe { libc::getppid() }
}

pub fn getuid() -> uid_t {
    // SAFETY: no arguments, no preconditions.
    unsafe { libc::getuid() }
}

pub fn geteuid() -> uid_t {
    // SAFETY: no arguments, no preconditions.
    unsafe { libc::geteuid() }
}

pub fn getgid() -> gid_t {
    // SAFETY: no arguments, no preconditions.
    unsafe { libc::getgid() }
}

pub fn getegid() -> gid_t {
    // SAFETY: no arguments, no preconditions.
    unsafe { libc::getegid() }
}

pub fn getpgrp() -> pid_t {
    // SAFETY: no arguments, no preconditions.
    unsafe { libc::getpgrp() }
}

/// A new session led by this process; returns its id.
pub fn setsid() -> SysResult<pid_t> {
    // SAFETY: no arguments, no preconditions.
    check(unsafe { libc::setsid() })
}

pub fn getsid(pid: pid_t) -> SysResult<pid_t> {
    // SAFETY: plain call on an integer.
    check(unsafe { libc::getsid(pid) })
}

pub fn getpgid(pid: pid_t) -> SysResult<pid_t> {
    // SAFETY: plain call on an integer.
    check(unsafe { libc::getpgid(pid) })
}

pub fn setpgid(pid: pid_t, pgrp: pid_t) -> SysResult<()> {
    // SAFETY: plain call on integers.
    check(unsafe { libc::setpgid(pid, pgrp) }).map(drop)
}

/// Sets the file mode creation mask; returns the previous one.
pub fn umask(mask: libc::mode_t) -> libc::mode_t {
    // SAFETY: plain call on an integer; it cannot fail.
    unsafe { libc::umask(mask) }
}

pub fn setuid(id: uid_t) -> SysResult<()> {
    // SAFETY: plain call on an integer.
    check(unsafe { libc::setuid(id) }).map(drop)
}

pub fn setgid(id: gid_t) -> SysResult<()> {
    // SAFETY: plain call on an integer.
    check(unsafe { libc::setgid(id) }).map(drop)
}

pub fn seteuid(id: uid_t) -> SysResult<()> {
    // SAFETY: plain call on an integer.
    check(unsafe { libc::seteuid(id) }).map(drop)
}

pub fn setegid(id: gid_t) -> SysResult<()> {
    // SAFETY: plain call on an integer.
    check(unsafe { libc::setegid(id) }).map(drop)
}

/// Real and effective user ids (`u32::MAX`, that is -1, leaves one unchanged).
pub fn setreuid(real: uid_t, effective: uid_t) -> SysResult<()> {
    // SAFETY: plain call on integers.
    check(unsafe { libc::setreuid(real, effective) }).map(drop)
}

/// Real and effective group ids (`u32::MAX`, that is -1, leaves one unchanged).
pub fn setregid(real: gid_t, effective: gid_t) -> SysResult<()> {
    // SAFETY: plain call on integers.
    check(unsafe { libc::setregid(real, effective) }).map(drop)
}

/// The supplementary group ids.
pub fn getgroups() -> SysResult<Vec<gid_t>> {
    // SAFETY: with size 0 getgroups only counts and writes nothing.
    let n = check(unsafe { libc::getgroups(0, std::ptr::null_mut()) })?;
    let mut groups = vec![0 as gid_t; n as usize];
    // SAFETY: `groups` has room for `n` ids.
    let n = check(unsafe { libc::getgroups(n, groups.as_mut_ptr()) })?;
    groups.truncate(n as usize);
    Ok(groups)
}

pub fn setgroups(groups: &[gid_t]) -> SysResult<()> {
    // SAFETY: `groups` holds `groups.len()` ids for the call to read.
    check(unsafe { libc::setgroups(groups.len(), groups.as_ptr()) }).map(drop)
}

pub fn kill(pid: pid_t, sig: c_int) -> SysResult<()> {
    // SAFETY: plain call on integers.
    check(unsafe { libc::kill(pid, sig) }).map(drop)
}

pub fn killpg(pgrp: pid_t, sig: c_int) -> SysResult<()> {
    // SAFETY: plain call on integers.
    check(unsafe { libc::killpg(pgrp, sig) }).map(drop)
}

/// Ends the process with SIGABRT under its default action (a handler cannot catch it).
pub fn abort() -> ! {
    default_signal_action(libc::SIGABRT);
    // SAFETY: `abort` has no preconditions and does not return.
    unsafe { libc::abort() }
}

/// A scheduling priority (-1 is a valid answer: failure is told by errno alone).
pub fn getpriority(which: c_int, who: libc::id_t) -> SysResult<c_int> {
    super::set_errno(0);
    // SAFETY: plain call on integers.
    let r = unsafe { libc::getpriority(which as libc::__priority_which_t, who) };
    if r == -1 && super::errno() != 0 {
        return Err(Errno::last());
    }
    Ok(r)
}

pub fn setpriority(which: c_int, who: libc::id_t, priority: c_int) -> SysResult<()> {
    // SAFETY: plain call on integers.
    check(unsafe { libc::setpriority(which as libc::__priority_which_t, who, priority) }).map(drop)
}

/// One `waitpid` call: the child's pid (0 with WNOHANG and nothing to report) and its
/// status. EINTR is returned to the caller, which decides whether to retry.
pub fn waitpid(pid: pid_t, options: c_int) -> SysResult<(pid_t, c_int)> {
    let mut status = 0;
    // SAFETY: the call writes the status into `status`.
    let r = check(unsafe { libc::waitpid(pid, &mut status, options) })?;
    Ok((r, status))
}

/// Forks the process; returns the child's pid in the parent and 0 in the child.
///
/// The child has only the calling thread: it must not wait for anything another thread
/// held at the time (Heron's only other thread, the JIT compiler's, owns no lock the
/// interpreter thread takes while running Python or exec'ing).
pub fn fork() -> SysResult<pid_t> {
    // SAFETY: see above; the child continues the program on its one thread.
    check(unsafe { libc::fork() })
}

/// A program's arguments and environment as the NULL-terminated pointer arrays `exec`
/// takes, built ahead so that a forked child allocates nothing before it execs.
pub struct ExecArgs<'a> {
    argv: Vec<*const libc::c_char>,
    env: Option<Vec<*const libc::c_char>>,
    strings: std::marker::PhantomData<&'a CString>,
}

fn pointers(strings: &[CString]) -> Vec<*const libc::c_char> {
    strings
        .iter()
        .map(|s| s.as_ptr())
        .chain(std::iter::once(std::ptr::null()))
        .collect()
}

impl<'a> ExecArgs<'a> {
    /// `env` None keeps the current environment.
    pub fn new(argv: &'a [CString], env: Option<&'a [CString]>) -> ExecArgs<'a> {
        ExecArgs {
            argv: pointers(argv),
            env: env.map(pointers),
            strings: std::marker::PhantomData,
        }
    }

    /// Replaces the process image with the program at `path` (`execv`, or `execve` with an
    /// environment); returns only on failure, with the errno.
    pub fn exec(&self, path: &CStr) -> Errno {
        // SAFETY: `path` and the strings the arrays point to are NUL-terminated and borrowed
        // for 'a; both arrays are NULL-terminated.
        unsafe {
            match &self.env {
                Some(env) => libc::execve(path.as_ptr(), self.argv.as_ptr(), env.as_ptr()),
                None => libc::execv(path.as_ptr(), self.argv.as_ptr()),
            }
        };
        Errno::last()
    }

    /// The same with the program given by a descriptor (`fexecve`; an empty environment
    /// when none was given).
    pub fn exec_fd(&self, fd: c_int) -> Errno {
        let empty = [std::ptr::null()];
        let env = self.env.as_deref().unwrap_or(&empty);
        // SAFETY: as `exec`.
        unsafe { libc::fexecve(fd, self.argv.as_ptr(), env.as_ptr()) };
        Errno::last()
    }
}

/// Restores a signal's default action (a forked child before exec, or before `abort`).
pub fn default_signal_action(sig: c_int) {
    // SAFETY: SIG_DFL is always a valid disposition.
    unsafe { libc::signal(sig, libc::SIG_DFL) };
}

/// Ends the process at once, running nothing else (no exit handlers, no flushing).
pub fn exit_now(code: c_int) -> ! {
    // SAFETY: `_exit` has no preconditions and does not return.
    unsafe { libc::_exit(code) }
}
