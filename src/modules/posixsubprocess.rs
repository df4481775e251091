//! `_posixsubprocess`, CPython's C module under `subprocess`: `fork_exec` forks, sets the
//! child's standard streams, working folder, session and signals up, closes the descriptors
//! it was not told to keep, and execs the first program of the list that can run.
//!
//! A failure in the child before or at exec reaches the parent through `errpipe_write` in the
//! form `subprocess.py` parses: `OSError:<hex errno>:` (with `noexec` when exec was never
//! tried, so the error is the folder's), or `SubprocessError:0:<message>`.

use std::ffi::CString;

use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

use super::posix::{cstrings, env_bytes, os_error};

/// An optional descriptor argument (-1 means none).
fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    Ok(vm.index_i64(v)? as i32)
}

/// Everything the child needs, prepared before the fork so that the child only makes system
/// calls.
struct ChildPlan {
    argv: Vec<CString>,
    executables: Vec<CString>,
    envp: Option<Vec<CString>>,
    cwd: Option<CString>,
    close_fds: bool,
    fds_to_keep: Vec<i32>,
    /// p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite.
    pipes: [i32; 6],
    errpipe_write: i32,
    restore_signals: bool,
    start_new_session: bool,
    process_group: i64,
    /// The group id, supplementary groups and user id to switch to (as `setregid`,
    /// `setgroups`, `setreuid` in CPython's child).
    gid: Option<libc::gid_t>,
    groups: Option<Vec<libc::gid_t>>,
    uid: Option<libc::uid_t>,
    umask: i64,
}

/// Writes the failure report and ends the child.
fn child_fail(errpipe: i32, errno: i32, noexec: bool) -> ! {
    let msg = format!("OSError:{errno:x}:{}", if noexec { "noexec" } else { "" });
    // SAFETY: writes a local buffer to a descriptor, then ends the process without unwinding.
    unsafe {
        libc::write(errpipe, msg.as_ptr().cast(), msg.len());
        libc::_exit(255)
    }
}

/// Closes every descriptor from 3 up that is not kept.
fn close_open_fds(keep: &[i32]) {
    let fds: Vec<i32> = match std::fs::read_dir("/proc/self/fd") {
        Ok(dir) => dir
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .collect(),
        Err(_) => {
            // SAFETY: sysconf has no memory effects.
            let max = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) };
            (0..max.clamp(256, 65536) as i32).collect()
        }
    };
    for fd in fds {
        if fd > 2 && !keep.contains(&fd) {
            // SAFETY: closing a descriptor number; a stale one gives EBADF, which is harmless.
            unsafe { libc::close(fd) };
        }
    }
}

/// The child's side: never returns.
fn run_child(vm: &mut Vm, plan: &ChildPlan, preexec_fn: Option<&Value>) -> ! {
    let [p2cread, p2cwrite, c2pread, mut c2pwrite, errread, mut errwrite] = plan.pipes;
    let errpipe = plan.errpipe_write;
    // SAFETY: descriptor and process-attribute calls on values prepared by the parent; the
    // child is single-threaded after fork.
    unsafe {
        for fd in [p2cwrite, c2pread, errread] {
            if fd != -1 {
                libc::close(fd);
            }
        }
        // Keep the child's ends out of 0..2 before they are moved there.
        if c2pwrite == 0 {
            c2pwrite = libc::dup(c2pwrite);
            if c2pwrite < 0 {
                child_fail(errpipe, super::posix::errno(), true);
            }
        }
        while errwrite == 0 || errwrite == 1 {
            errwrite = libc::dup(errwrite);
            if errwrite < 0 {
                child_fail(errpipe, super::posix::errno(), true);
            }
        }
        for (fd, target) in [(p2cread, 0), (c2pwrite, 1), (errwrite, 2)] {
            if fd == target {
                let flags = libc::fcntl(fd, libc::F_GETFD);
                libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC);
            } else if fd != -1 && libc::dup2(fd, target) < 0 {
                child_fail(errpipe, super::posix::errno(), true);
            }
        }
        for fd in [p2cread, c2pwrite, errwrite] {
            if fd > 2 {
                libc::close(fd);
            }
        }
        if let Some(cwd) = &plan.cwd {
            if libc::chdir(cwd.as_ptr()) < 0 {
                child_fail(errpipe, super::posix::errno(), true);
            }
        }
        if plan.umask >= 0 {
            libc::umask(plan.umask as libc::mode_t);
        }
        if plan.restore_signals {
            for sig in [libc::SIGPIPE, libc::SIGXFSZ] {
                libc::signal(sig, libc::SIG_DFL);
            }
        }
        if plan.start_new_session && libc::setsid() < 0 {
            child_fail(errpipe, super::posix::errno(), true);
        }
        if plan.process_group >= 0 && libc::setpgid(0, plan.process_group as libc::pid_t) < 0 {
            child_fail(errpipe, super::posix::errno(), true);
        }
        if let Some(groups) = &plan.groups {
            if libc::setgroups(groups.len(), groups.as_ptr()) < 0 {
                child_fail(errpipe, super::posix::errno(), true);
            }
        }
        if let Some(gid) = plan.gid {
            if libc::setregid(gid, gid) < 0 {
                child_fail(errpipe, super::posix::errno(), true);
            }
        }
        if let Some(uid) = plan.uid {
            if libc::setreuid(uid, uid) < 0 {
                child_fail(errpipe, super::posix::errno(), true);
            }
        }
    }
    if let Some(f) = preexec_fn {
        if vm.call(f, &[]).is_err() {
            let msg = b"SubprocessError:0:Exception occurred in preexec_fn.";
            // SAFETY: writes a static buffer, then ends the process.
            unsafe {
                libc::write(errpipe, msg.as_ptr().cast(), msg.len());
                libc::_exit(255)
            }
        }
    }
    for &fd in &plan.fds_to_keep {
        if fd != errpipe {
            // SAFETY: clears close-on-exec on a descriptor the caller asked to pass on.
            unsafe {
                let flags = libc::fcntl(fd, libc::F_GETFD);
                libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC);
            }
        }
    }
    if plan.close_fds {
        close_open_fds(&plan.fds_to_keep);
    }
    let argv: Vec<*const libc::c_char> = plan
        .argv
        .iter()
        .map(|c| c.as_ptr())
        .chain(std::iter::once(std::ptr::null()))
        .collect();
    let envp: Option<Vec<*const libc::c_char>> = plan.envp.as_ref().map(|e| {
        e.iter()
            .map(|c| c.as_ptr())
            .chain(std::iter::once(std::ptr::null()))
            .collect()
    });
    // As os._execvpe: the first error other than "not found" is the one to report.
    let mut saved = 0;
    for exe in &plan.executables {
        // SAFETY: NUL-terminated strings and NULL-terminated pointer arrays built above.
        unsafe {
            match &envp {
                Some(e) => libc::execve(exe.as_ptr(), argv.as_ptr(), e.as_ptr()),
                None => libc::execv(exe.as_ptr(), argv.as_ptr()),
            };
        }
        let e = super::posix::errno();
        if e != libc::ENOENT && e != libc::ENOTDIR && saved == 0 {
            saved = e;
        }
    }
    child_fail(
        errpipe,
        if saved != 0 {
            saved
        } else {
            super::posix::errno()
        },
        false,
    )
}

/// `fork_exec(args, executable_list, close_fds, fds_to_keep, cwd, env_list, p2cread,
/// p2cwrite, c2pread, c2pwrite, errread, errwrite, errpipe_read, errpipe_write,
/// restore_signals, start_new_session, process_group, gid, gids, uid, umask, preexec_fn,
/// allow_vfork)`: the child's pid.
fn fork_exec(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fork_exec", 22, 23)?;
    let argv = if a[0].is_none() {
        Vec::new()
    } else {
        cstrings(vm, &a[0], "fork_exec")?
    };
    let executables = cstrings(vm, &a[1], "fork_exec")?;
    let close_fds = vm.truthy(&a[2])?;
    let mut fds_to_keep = Vec::new();
    for v in vm.collect(&a[3])? {
        let fd = vm.index_i64(&v)?;
        if fd < 0 || fd > i32::MAX as i64 {
            return Err(value_error("bad value(s) in fds_to_keep"));
        }
        fds_to_keep.push(fd as i32);
    }
    let cwd = if a[4].is_none() {
        None
    } else {
        let b = env_bytes(vm, &a[4], "fork_exec")?;
        Some(CString::new(b).map_err(|_| value_error("embedded null byte"))?)
    };
    let envp = if a[5].is_none() {
        None
    } else {
        Some(cstrings(vm, &a[5], "fork_exec")?)
    };
    let mut pipes = [0i32; 6];
    for (k, p) in pipes.iter_mut().enumerate() {
        *p = fd_arg(vm, &a[6 + k])?;
    }
    let errpipe_write = fd_arg(vm, &a[13])?;
    let restore_signals = vm.truthy(&a[14])?;
    let start_new_session = vm.truthy(&a[15])?;
    let process_group = vm.index_i64(&a[16])?;
    let id = |vm: &mut Vm, v: &Value| -> PyResult<Option<u32>> {
        if v.is_none() {
            return Ok(None);
        }
        let n = vm.index_i64(v)?;
        if !(0..u32::MAX as i64).contains(&n) {
            return Err(exception::overflow_error("id out of range"));
        }
        Ok(Some(n as u32))
    };
    let gid = id(vm, &a[17])?;
    let groups = if a[18].is_none() {
        None
    } else {
        let items = vm.collect(&a[18])?;
        let mut out = Vec::with_capacity(items.len());
        for g in &items {
            out.push(id(vm, g)?.unwrap_or(u32::MAX));
        }
        Some(out)
    };
    let uid = id(vm, &a[19])?;
    let umask = vm.index_i64(&a[20])?;
    let preexec_fn = (!a[21].is_none()).then(|| a[21].clone());
    if let Some(f) = &preexec_fn {
        if f.ty().lookup_str("__call__").is_none() {
            return Err(type_error("preexec_fn must be callable"));
        }
    }
    let plan = ChildPlan {
        argv,
        executables,
        envp,
        cwd,
        close_fds,
        fds_to_keep,
        pipes,
        errpipe_write,
        restore_signals,
        start_new_session,
        process_group,
        gid,
        groups,
        uid,
        umask,
    };
    // SAFETY: Python runs on one thread; the child only runs `run_child`, which execs or
    // exits.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(os_error(vm, super::posix::errno(), None, None));
    }
    if pid == 0 {
        run_child(vm, &plan, preexec_fn.as_ref());
    }
    Ok(int::from_i64(pid as i64))
}

/// Creates the `_posixsubprocess` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    let m = module::new_module("_posixsubprocess");
    module::set_attr(
        &m,
        "fork_exec",
        function::new_builtin_function("fork_exec", fork_exec, Some(m.clone())),
    );
    Ok(m)
}
