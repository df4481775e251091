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
use crate::os::{fd, process, system, SysResult};
use crate::vm::Vm;

use super::posix::{cstrings, env_bytes};

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
    let _ = fd::write(errpipe, msg.as_bytes());
    process::exit_now(255)
}

/// Ends the child on a failed step, reporting the step's errno.
fn or_fail<T>(r: SysResult<T>, errpipe: i32) -> T {
    r.unwrap_or_else(|e| child_fail(errpipe, e.0, true))
}

/// Lets `fd` pass to the program the child execs.
fn clear_cloexec(fd: i32) {
    if let Ok(flags) = fd::fcntl_int(fd, libc::F_GETFD, 0) {
        let _ = fd::fcntl_int(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC);
    }
}

/// Closes every descriptor from 3 up that is not kept.
fn close_open_fds(keep: &[i32]) {
    let fds: Vec<i32> = match std::fs::read_dir("/proc/self/fd") {
        Ok(dir) => dir
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .collect(),
        Err(_) => {
            let max = system::sysconf(libc::_SC_OPEN_MAX);
            (0..max.clamp(256, 65536) as i32).collect()
        }
    };
    for n in fds {
        if n > 2 && !keep.contains(&n) {
            // A stale number gives EBADF, which is harmless.
            let _ = fd::close(n);
        }
    }
}

/// The child's side: never returns.
fn run_child(vm: &mut Vm, plan: &ChildPlan, preexec_fn: Option<&Value>) -> ! {
    let [p2cread, p2cwrite, c2pread, mut c2pwrite, errread, mut errwrite] = plan.pipes;
    let errpipe = plan.errpipe_write;
    for end in [p2cwrite, c2pread, errread] {
        if end != -1 {
            let _ = fd::close(end);
        }
    }
    // Keep the child's ends out of 0..2 before they are moved there.
    if c2pwrite == 0 {
        c2pwrite = or_fail(fd::dup(c2pwrite), errpipe);
    }
    while errwrite == 0 || errwrite == 1 {
        errwrite = or_fail(fd::dup(errwrite), errpipe);
    }
    for (end, target) in [(p2cread, 0), (c2pwrite, 1), (errwrite, 2)] {
        if end == target {
            clear_cloexec(end);
        } else if end != -1 {
            or_fail(fd::dup2(end, target), errpipe);
        }
    }
    for end in [p2cread, c2pwrite, errwrite] {
        if end > 2 {
            let _ = fd::close(end);
        }
    }
    if let Some(cwd) = &plan.cwd {
        or_fail(crate::os::fs::chdir(cwd), errpipe);
    }
    if plan.umask >= 0 {
        process::umask(plan.umask as libc::mode_t);
    }
    if plan.restore_signals {
        for sig in [libc::SIGPIPE, libc::SIGXFSZ] {
            process::default_signal_action(sig);
        }
    }
    if plan.start_new_session {
        or_fail(process::setsid(), errpipe);
    }
    if plan.process_group >= 0 {
        or_fail(
            process::setpgid(0, plan.process_group as libc::pid_t),
            errpipe,
        );
    }
    if let Some(groups) = &plan.groups {
        or_fail(process::setgroups(groups), errpipe);
    }
    if let Some(gid) = plan.gid {
        or_fail(process::setregid(gid, gid), errpipe);
    }
    if let Some(uid) = plan.uid {
        or_fail(process::setreuid(uid, uid), errpipe);
    }
    if let Some(f) = preexec_fn {
        if vm.call(f, &[]).is_err() {
            let msg = b"SubprocessError:0:Exception occurred in preexec_fn.";
            let _ = fd::write(errpipe, msg);
            process::exit_now(255)
        }
    }
    for &keep in &plan.fds_to_keep {
        if keep != errpipe {
            clear_cloexec(keep);
        }
    }
    if plan.close_fds {
        close_open_fds(&plan.fds_to_keep);
    }
    let exec = process::ExecArgs::new(&plan.argv, plan.envp.as_deref());
    // As os._execvpe: the first error other than "not found" is the one to report.
    let mut saved = 0;
    let mut last = crate::os::errno();
    for exe in &plan.executables {
        last = exec.exec(exe).0;
        if last != libc::ENOENT && last != libc::ENOTDIR && saved == 0 {
            saved = last;
        }
    }
    child_fail(errpipe, if saved != 0 { saved } else { last }, false)
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
    // The child only runs `run_child`, which execs or exits.
    let pid = process::fork().map_err(|e| crate::modules::posix::sys_error(vm, e))?;
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
