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

/// Ends the process at once, running nothing else (no exit handlers, no flushing), but for
/// writing the execution profile of a build for profile-guided optimization.
pub fn exit_now(code: c_int) -> ! {
    write_profile();
    // SAFETY: `_exit` has no preconditions and does not return.
    unsafe { libc::_exit(code) }
}

/// Writes the execution profile of a build made to collect one (`-Cprofile-generate` with
/// `--cfg heron_pgo_instrument`, `tools/pgo-build`): LLVM's profile runtime writes it from an
/// exit handler, which `_exit` skips.
#[cfg(heron_pgo_instrument)]
fn write_profile() {
    extern "C" {
        fn __llvm_profile_write_file() -> c_int;
    }
    // SAFETY: the cfg is only set with `-Cprofile-generate`, which links LLVM's profile runtime
    // in; writing the profile has no preconditions (it reports failure by its status).
    unsafe { __llvm_profile_write_file() };
}

#[cfg(not(heron_pgo_instrument))]
fn write_profile() {}

/// Runs `command` with `/bin/sh -c` through the C library's `system`; returns the wait
/// status (-1 when no shell could be started, as `system` reports it).
pub fn system(command: &CStr) -> c_int {
    // SAFETY: `command` is NUL-terminated; `system` forks and waits for the shell itself.
    unsafe { libc::system(command.as_ptr()) }
}

/// One `wait` call: the pid of a child that ended and its status. EINTR is returned to the
/// caller, which decides whether to retry.
pub fn wait() -> SysResult<(pid_t, c_int)> {
    let mut status = 0;
    // SAFETY: the call writes the status into `status`.
    let r = check(unsafe { libc::wait(&mut status) })?;
    Ok((r, status))
}

/// What `waitid` says of a child: pid, real user id, signal number, status and code.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct WaitidInfo {
    pub pid: pid_t,
    pub uid: uid_t,
    pub signo: c_int,
    pub status: c_int,
    pub code: c_int,
}

/// One `waitid` call; None when WNOHANG was given and no child had changed state.
pub fn waitid(idtype: c_int, id: libc::id_t, options: c_int) -> SysResult<Option<WaitidInfo>> {
    // SAFETY: siginfo_t is a C structure of integers (and a union of them), for which all
    // zero bytes are valid; zero si_pid is how "nothing to report" is told.
    let mut si: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: the call fills `si`, a valid siginfo_t.
    check(unsafe { libc::waitid(idtype as libc::idtype_t, id, &mut si, options) })?;
    // SAFETY: after a successful waitid the child fields of the union are the ones set
    // (all zero when nothing was reported).
    let (pid, uid, status) = unsafe { (si.si_pid(), si.si_uid(), si.si_status()) };
    if pid == 0 {
        return Ok(None);
    }
    Ok(Some(WaitidInfo {
        pid,
        uid,
        signo: si.si_signo,
        status,
        code: si.si_code,
    }))
}

/// Adds `increment` to the process's nice value; returns the new one (-1 is a valid
/// answer: failure is told by errno alone).
pub fn nice(increment: c_int) -> SysResult<c_int> {
    super::set_errno(0);
    // SAFETY: plain call on an integer.
    let r = unsafe { libc::nice(increment) };
    if r == -1 && super::errno() != 0 {
        return Err(Errno::last());
    }
    Ok(r)
}

/// The real, effective and saved user ids.
pub fn getresuid() -> SysResult<(uid_t, uid_t, uid_t)> {
    let (mut r, mut e, mut s) = (0, 0, 0);
    // SAFETY: the call writes one id into each of the three.
    check(unsafe { libc::getresuid(&mut r, &mut e, &mut s) })?;
    Ok((r, e, s))
}

/// The real, effective and saved group ids.
pub fn getresgid() -> SysResult<(gid_t, gid_t, gid_t)> {
    let (mut r, mut e, mut s) = (0, 0, 0);
    // SAFETY: the call writes one id into each of the three.
    check(unsafe { libc::getresgid(&mut r, &mut e, &mut s) })?;
    Ok((r, e, s))
}

/// Real, effective and saved user ids (`u32::MAX`, that is -1, leaves one unchanged).
pub fn setresuid(real: uid_t, effective: uid_t, saved: uid_t) -> SysResult<()> {
    // SAFETY: plain call on integers.
    check(unsafe { libc::setresuid(real, effective, saved) }).map(drop)
}

/// Real, effective and saved group ids (`u32::MAX`, that is -1, leaves one unchanged).
pub fn setresgid(real: gid_t, effective: gid_t, saved: gid_t) -> SysResult<()> {
    // SAFETY: plain call on integers.
    check(unsafe { libc::setresgid(real, effective, saved) }).map(drop)
}

/// Gives up the processor to other runnable threads.
pub fn sched_yield() -> SysResult<()> {
    // SAFETY: no arguments, no preconditions.
    check(unsafe { libc::sched_yield() }).map(drop)
}

/// A CPU mask as 64-bit words, of at least `bits` bits.
fn cpu_mask(bits: usize) -> Vec<u64> {
    vec![0u64; bits.div_ceil(64).max(1)]
}

/// The CPUs process `pid` (0: this one) may run on, in increasing order. The mask grows
/// until it is large enough for the kernel's.
pub fn sched_getaffinity(pid: pid_t) -> SysResult<Vec<usize>> {
    let mut bits = 1024;
    loop {
        let mut mask = cpu_mask(bits);
        let size = mask.len() * 8;
        // SAFETY: the kernel writes at most `size` bytes, the length of `mask` (the C
        // library passes the size on and does not read a whole cpu_set_t).
        let r = unsafe { libc::sched_getaffinity(pid, size, mask.as_mut_ptr().cast()) };
        if r == -1 {
            let e = Errno::last();
            if e.0 == libc::EINVAL && bits < (1 << 28) {
                bits *= 2;
                continue;
            }
            return Err(e);
        }
        let cpus = (0..mask.len() * 64)
            .filter(|&i| mask[i / 64] >> (i % 64) & 1 == 1)
            .collect();
        return Ok(cpus);
    }
}

/// Restricts process `pid` (0: this one) to the CPUs in `cpus`.
pub fn sched_setaffinity(pid: pid_t, cpus: &[usize]) -> SysResult<()> {
    let bits = cpus.iter().max().map_or(1, |&m| m + 1);
    let mut mask = cpu_mask(bits);
    for &c in cpus {
        mask[c / 64] |= 1 << (c % 64);
    }
    // SAFETY: the kernel reads `mask.len() * 8` bytes, the length of `mask`.
    check(unsafe { libc::sched_setaffinity(pid, mask.len() * 8, mask.as_ptr().cast()) }).map(drop)
}

/// The groups `user` belongs to (from the group database), with `group` among them.
pub fn getgrouplist(user: &CStr, group: gid_t) -> SysResult<Vec<gid_t>> {
    let mut n: c_int = 64;
    loop {
        let mut groups = vec![0 as gid_t; n as usize];
        let mut got = n;
        // SAFETY: `user` is NUL-terminated and `groups` has room for `got` ids; the call
        // writes at most that many and sets `got` to the number it found.
        let r = unsafe { libc::getgrouplist(user.as_ptr(), group, groups.as_mut_ptr(), &mut got) };
        if r != -1 {
            groups.truncate(got.max(0) as usize);
            return Ok(groups);
        }
        // Too small: the call said how many there are (or, if it did not, double).
        if n >= c_int::MAX / 2 {
            return Err(Errno(libc::ENOMEM));
        }
        n = if got > n { got } else { n * 2 };
    }
}

/// Sets the supplementary groups to those of `user` in the group database, and `group`.
pub fn initgroups(user: &CStr, group: gid_t) -> SysResult<()> {
    // SAFETY: `user` is NUL-terminated.
    check(unsafe { libc::initgroups(user.as_ptr(), group) }).map(drop)
}

/// Changes the process's root directory to `path`.
pub fn chroot(path: &CStr) -> SysResult<()> {
    // SAFETY: `path` is NUL-terminated.
    check(unsafe { libc::chroot(path.as_ptr()) }).map(drop)
}
