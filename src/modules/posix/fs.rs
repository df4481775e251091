//! The file-system calls of `posix` that take paths, as CPython's `path_t` and `dir_fd`
//! converters shape them: a path is str, bytes or `os.PathLike`, or, where the function
//! supports it (`os.supports_fd`), an open descriptor; `dir_fd` makes a relative path start at
//! a directory descriptor (`os.supports_dir_fd`, the `*at` system calls); `follow_symlinks`
//! picks the `AT_SYMLINK_NOFOLLOW` form. Directory listings read the directory themselves, so
//! `scandir` knows each entry's type and inode without a `stat`, and `listdir`/`scandir` also
//! take a descriptor.

use std::cell::{Cell, RefCell};
use std::ffi::{CStr, CString};

use super::{bind, fd_arg, os_error, path_arg, path_value, stat_result, PathArg};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::{native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::os::fd as osfd;
use crate::os::fs::{self as osfs, Dir};
use crate::os::{Errno, SysResult};
use crate::vm::Vm;

pub static DIR_ENTRY_TYPE: TypeObject =
    TypeObject::new_static("DirEntry", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static SCANDIR_ITER_TYPE: TypeObject =
    TypeObject::new_static("ScandirIterator", Layout::Native, Some(&OBJECT_TYPE), 0);

/// What a path argument named: a path, or (where the function takes one) a descriptor.
enum Target {
    Path(PathArg, CString),
    Fd(i32),
}

/// The path argument `v` of `fname`; integers are descriptors when `allow_fd`.
fn target(vm: &mut Vm, fname: &str, argname: &str, v: &Value, allow_fd: bool) -> PyResult<Target> {
    if allow_fd && int::is_int(v) {
        return Ok(Target::Fd(fd_arg(vm, v)?));
    }
    let p = path_arg(vm, fname, argname, v)?;
    let c = p.cstring()?;
    Ok(Target::Path(p, c))
}

/// A `dir_fd`-style keyword argument: `None` when absent or None, else the descriptor.
fn dir_fd_kw(vm: &mut Vm, args: &Args, key: &str) -> PyResult<Option<i32>> {
    match args.keyword(key) {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) if float::as_f64(v).is_some() || v.ty().lookup_str("__index__").is_none() => {
            Err(type_error(format!(
                "argument should be integer or None, not {}",
                v.ty().name()
            )))
        }
        Some(v) => Ok(Some(fd_arg(vm, v)?)),
    }
}

fn at(dir_fd: Option<i32>) -> i32 {
    dir_fd.unwrap_or(libc::AT_FDCWD)
}

/// `follow_symlinks=` (keyword-only, default True).
pub(super) fn follow_symlinks(vm: &mut Vm, args: &Args) -> PyResult<bool> {
    match args.keyword("follow_symlinks") {
        Some(v) => vm.truthy(v),
        None => Ok(true),
    }
}

fn nofollow_flag(follow: bool) -> i32 {
    if follow {
        0
    } else {
        libc::AT_SYMLINK_NOFOLLOW
    }
}

/// CPython's checks for a descriptor given where `dir_fd` or `follow_symlinks=False` is too.
fn check_fd_options(fname: &str, dir_fd: Option<i32>, follow: bool) -> PyResult<()> {
    if dir_fd.is_some() {
        return Err(value_error(format!(
            "{fname}: can't specify dir_fd without matching path"
        )));
    }
    if !follow {
        return Err(value_error(format!(
            "{fname}: cannot use fd and follow_symlinks together"
        )));
    }
    Ok(())
}

/// The result of a call: `None` or the OSError for `given`.
fn check(vm: &mut Vm, r: SysResult<()>, given: Option<&Value>) -> PyResult {
    match r {
        Ok(()) => Ok(none()),
        Err(e) => Err(os_error(vm, e.0, given, None)),
    }
}

// ---- stat ----

fn stat_fd(vm: &mut Vm, fd: i32) -> PyResult {
    match osfd::fstat(fd) {
        Ok(st) => stat_result(vm, &st),
        Err(e) => Err(super::sys_error(vm, e)),
    }
}

/// `fstatat(dir_fd, path)`; OSError names `given`.
fn stat_at(vm: &mut Vm, dir_fd: i32, c: &CStr, follow: bool, given: &Value) -> PyResult {
    match osfs::fstatat(dir_fd, c, nofollow_flag(follow)) {
        Ok(st) => stat_result(vm, &st),
        Err(e) => Err(os_error(vm, e.0, Some(given), None)),
    }
}

/// `stat`/`lstat` of a path or descriptor, as `os.stat` takes them.
pub(super) fn do_stat(
    vm: &mut Vm,
    fname: &str,
    path: &Value,
    dir_fd: Option<i32>,
    follow: bool,
) -> PyResult {
    match target(vm, fname, "path", path, true)? {
        Target::Fd(fd) => {
            check_fd_options(fname, dir_fd, follow)?;
            stat_fd(vm, fd)
        }
        Target::Path(p, c) => stat_at(vm, at(dir_fd), &c, follow, &p.given),
    }
}

fn stat(vm: &mut Vm, args: Args) -> PyResult {
    let dir_fd = dir_fd_kw(vm, &args, "dir_fd")?;
    let follow = follow_symlinks(vm, &args)?;
    let b = bind(&args, "stat", &["path"], 1)?;
    do_stat(vm, "stat", b[0].as_ref().expect("path"), dir_fd, follow)
}

fn lstat(vm: &mut Vm, args: Args) -> PyResult {
    let dir_fd = dir_fd_kw(vm, &args, "dir_fd")?;
    let b = bind(&args, "lstat", &["path"], 1)?;
    let p = path_arg(vm, "lstat", "path", b[0].as_ref().expect("path"))?;
    let c = p.cstring()?;
    stat_at(vm, at(dir_fd), &c, false, &p.given)
}

fn fstat(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("fstat", &["fd"], 1)?;
    let fd = fd_arg(vm, b[0].as_ref().expect("fd"))?;
    stat_fd(vm, fd)
}

// ---- one-path operations ----

/// Binds `names` (the path first), reads `dir_fd` and runs `call` on the path.
fn path_call(
    vm: &mut Vm,
    args: &Args,
    fname: &str,
    names: &[&str],
    required: usize,
    call: impl FnOnce(&mut Vm, i32, &CStr, &[Option<Value>]) -> PyResult<SysResult<()>>,
) -> PyResult {
    let dir_fd = dir_fd_kw(vm, args, "dir_fd")?;
    let b = bind(args, fname, names, required)?;
    let p = path_arg(vm, fname, names[0], b[0].as_ref().expect("path"))?;
    let c = p.cstring()?;
    let r = call(vm, at(dir_fd), &c, &b[1..])?;
    check(vm, r, Some(&p.given))
}

fn mode_arg(vm: &mut Vm, v: &Option<Value>, default: libc::mode_t) -> PyResult<libc::mode_t> {
    match v {
        Some(m) => Ok(vm.index_i64(m)? as libc::mode_t),
        None => Ok(default),
    }
}

fn mkdir(vm: &mut Vm, args: Args) -> PyResult {
    path_call(
        vm,
        &args,
        "mkdir",
        &["path", "mode"],
        1,
        |vm, dir, c, rest| {
            let mode = mode_arg(vm, &rest[0], 0o777)?;
            Ok(osfs::mkdirat(dir, c, mode))
        },
    )
}

fn mkfifo(vm: &mut Vm, args: Args) -> PyResult {
    path_call(
        vm,
        &args,
        "mkfifo",
        &["path", "mode"],
        1,
        |vm, dir, c, rest| {
            let mode = mode_arg(vm, &rest[0], 0o666)?;
            Ok(osfs::mkfifoat(dir, c, mode))
        },
    )
}

fn mknod(vm: &mut Vm, args: Args) -> PyResult {
    path_call(
        vm,
        &args,
        "mknod",
        &["path", "mode", "device"],
        1,
        |vm, dir, c, rest| {
            let mode = mode_arg(vm, &rest[0], 0o600)?;
            let device = match &rest[1] {
                Some(d) => vm.index_i64(d)? as libc::dev_t,
                None => 0,
            };
            Ok(osfs::mknodat(dir, c, mode, device))
        },
    )
}

fn rmdir(vm: &mut Vm, args: Args) -> PyResult {
    path_call(vm, &args, "rmdir", &["path"], 1, |_, dir, c, _| {
        Ok(osfs::unlinkat(dir, c, libc::AT_REMOVEDIR))
    })
}

fn unlink(vm: &mut Vm, args: Args) -> PyResult {
    path_call(vm, &args, "unlink", &["path"], 1, |_, dir, c, _| {
        Ok(osfs::unlinkat(dir, c, 0))
    })
}

fn remove(vm: &mut Vm, args: Args) -> PyResult {
    path_call(vm, &args, "remove", &["path"], 1, |_, dir, c, _| {
        Ok(osfs::unlinkat(dir, c, 0))
    })
}

fn chdir(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("chdir", &["path"], 1)?;
    match target(vm, "chdir", "path", b[0].as_ref().expect("path"), true)? {
        Target::Fd(fd) => check(vm, osfs::fchdir(fd), None),
        Target::Path(p, c) => check(vm, osfs::chdir(&c), Some(&p.given)),
    }
}

fn fchdir(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("fchdir", &["fd"], 1)?;
    let fd = fd_arg(vm, b[0].as_ref().expect("fd"))?;
    check(vm, osfs::fchdir(fd), None)
}

fn chmod(vm: &mut Vm, args: Args) -> PyResult {
    let dir_fd = dir_fd_kw(vm, &args, "dir_fd")?;
    let follow = follow_symlinks(vm, &args)?;
    let b = bind(&args, "chmod", &["path", "mode"], 2)?;
    let mode = mode_arg(vm, &b[1], 0)?;
    match target(vm, "chmod", "path", b[0].as_ref().expect("path"), true)? {
        Target::Fd(fd) => {
            check_fd_options("chmod", dir_fd, follow)?;
            check(vm, osfs::fchmod(fd, mode), None)
        }
        Target::Path(p, c) => {
            let r = osfs::fchmodat(at(dir_fd), &c, mode, nofollow_flag(follow));
            if !follow && r == Err(Errno(libc::EOPNOTSUPP)) {
                return Err(exception::not_implemented_error(
                    "chmod: follow_symlinks unavailable on this platform",
                ));
            }
            check(vm, r, Some(&p.given))
        }
    }
}

fn chown(vm: &mut Vm, args: Args) -> PyResult {
    let dir_fd = dir_fd_kw(vm, &args, "dir_fd")?;
    let follow = follow_symlinks(vm, &args)?;
    let b = bind(&args, "chown", &["path", "uid", "gid"], 3)?;
    let uid = id_arg(vm, b[1].as_ref().expect("uid"))?;
    let gid = id_arg(vm, b[2].as_ref().expect("gid"))?;
    match target(vm, "chown", "path", b[0].as_ref().expect("path"), true)? {
        Target::Fd(fd) => {
            check_fd_options("chown", dir_fd, follow)?;
            check(vm, osfs::fchown(fd, uid, gid), None)
        }
        Target::Path(p, c) => {
            let r = osfs::fchownat(at(dir_fd), &c, uid, gid, nofollow_flag(follow));
            check(vm, r, Some(&p.given))
        }
    }
}

fn lchown(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("lchown", &["path", "uid", "gid"], 3)?;
    let p = path_arg(vm, "lchown", "path", b[0].as_ref().expect("path"))?;
    let c = p.cstring()?;
    let uid = id_arg(vm, b[1].as_ref().expect("uid"))?;
    let gid = id_arg(vm, b[2].as_ref().expect("gid"))?;
    check(vm, osfs::lchown(&c, uid, gid), Some(&p.given))
}

/// A uid or gid; -1 (leave unchanged) is `(uid_t)-1`.
fn id_arg(vm: &mut Vm, v: &Value) -> PyResult<u32> {
    let n = vm.index_i64(v)?;
    if n == -1 {
        return Ok(u32::MAX);
    }
    u32::try_from(n).map_err(|_| {
        exception::overflow_error(if n < 0 {
            "uid is less than minimum"
        } else {
            "uid is greater than maximum"
        })
    })
}

fn access(vm: &mut Vm, args: Args) -> PyResult {
    let dir_fd = dir_fd_kw(vm, &args, "dir_fd")?;
    let follow = follow_symlinks(vm, &args)?;
    let effective = match args.keyword("effective_ids") {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let b = bind(&args, "access", &["path", "mode"], 2)?;
    let p = path_arg(vm, "access", "path", b[0].as_ref().expect("path"))?;
    let mode = vm.index_i64(b[1].as_ref().expect("mode"))? as i32;
    let c = p.cstring()?;
    let flags = nofollow_flag(follow) | if effective { libc::AT_EACCESS } else { 0 };
    Ok(bool_value(
        osfs::faccessat(at(dir_fd), &c, mode, flags).is_ok(),
    ))
}

// ---- two-path operations ----

/// rename, replace and link: two paths, each with its own directory descriptor.
fn two_paths(
    vm: &mut Vm,
    args: &Args,
    fname: &str,
    call: impl FnOnce(i32, &CStr, i32, &CStr) -> SysResult<()>,
) -> PyResult {
    let src_dir = dir_fd_kw(vm, args, "src_dir_fd")?;
    let dst_dir = dir_fd_kw(vm, args, "dst_dir_fd")?;
    let b = bind(args, fname, &["src", "dst"], 2)?;
    let src = path_arg(vm, fname, "src", b[0].as_ref().expect("src"))?;
    let dst = path_arg(vm, fname, "dst", b[1].as_ref().expect("dst"))?;
    let (cs, cd) = (src.cstring()?, dst.cstring()?);
    if let Err(e) = call(at(src_dir), &cs, at(dst_dir), &cd) {
        return Err(os_error(vm, e.0, Some(&src.given), Some(&dst.given)));
    }
    Ok(none())
}

fn rename(vm: &mut Vm, args: Args) -> PyResult {
    two_paths(vm, &args, "rename", osfs::renameat)
}

fn replace(vm: &mut Vm, args: Args) -> PyResult {
    two_paths(vm, &args, "replace", osfs::renameat)
}

fn link(vm: &mut Vm, args: Args) -> PyResult {
    let follow = follow_symlinks(vm, &args)?;
    let flags = if follow { libc::AT_SYMLINK_FOLLOW } else { 0 };
    two_paths(vm, &args, "link", |sd, s, dd, d| {
        osfs::linkat(sd, s, dd, d, flags)
    })
}

/// `symlink(src, dst, target_is_directory=False, *, dir_fd=None)`; `target_is_directory`
/// matters only on Windows.
fn symlink(vm: &mut Vm, args: Args) -> PyResult {
    let dir_fd = dir_fd_kw(vm, &args, "dir_fd")?;
    let b = bind(&args, "symlink", &["src", "dst", "target_is_directory"], 2)?;
    let src = path_arg(vm, "symlink", "src", b[0].as_ref().expect("src"))?;
    let dst = path_arg(vm, "symlink", "dst", b[1].as_ref().expect("dst"))?;
    let (cs, cd) = (src.cstring()?, dst.cstring()?);
    if let Err(e) = osfs::symlinkat(&cs, at(dir_fd), &cd) {
        return Err(os_error(vm, e.0, Some(&src.given), Some(&dst.given)));
    }
    Ok(none())
}

fn readlink(vm: &mut Vm, args: Args) -> PyResult {
    let dir_fd = dir_fd_kw(vm, &args, "dir_fd")?;
    let b = bind(&args, "readlink", &["path"], 1)?;
    let p = path_arg(vm, "readlink", "path", b[0].as_ref().expect("path"))?;
    let c = p.cstring()?;
    match osfs::readlinkat(at(dir_fd), &c) {
        Ok(target) => Ok(p.to_value(&target)),
        Err(e) => Err(os_error(vm, e.0, Some(&p.given), None)),
    }
}

// ---- utime, truncate ----

fn utime(vm: &mut Vm, args: Args) -> PyResult {
    let dir_fd = dir_fd_kw(vm, &args, "dir_fd")?;
    let follow = follow_symlinks(vm, &args)?;
    let b = bind(&args, "utime", &["path", "times", "ns"], 1)?;
    let times = utime_times(vm, &b[1], &b[2])?;
    match target(vm, "utime", "path", b[0].as_ref().expect("path"), true)? {
        Target::Fd(fd) => {
            check_fd_options("utime", dir_fd, follow)?;
            check(vm, osfs::futimens(fd, times.as_ref()), None)
        }
        Target::Path(p, c) => {
            let r = osfs::utimensat(at(dir_fd), &c, times.as_ref(), nofollow_flag(follow));
            check(vm, r, Some(&p.given))
        }
    }
}

/// `times=(atime, mtime)` in seconds or `ns=(atime_ns, mtime_ns)`, as CPython checks them;
/// `None` for "now".
fn utime_times(
    vm: &mut Vm,
    times: &Option<Value>,
    ns: &Option<Value>,
) -> PyResult<Option<[libc::timespec; 2]>> {
    let times = times.as_ref().filter(|t| !t.is_none());
    if times.is_some() && ns.is_some() {
        return Err(value_error(
            "utime: you may specify either 'times' or 'ns' but not both",
        ));
    }
    if let Some(t) = times {
        let parts = tuple::as_tuple(t).filter(|p| p.len() == 2).ok_or_else(|| {
            type_error("utime: 'times' must be either a tuple of two ints or None")
        })?;
        let mut out = [zero_ts(); 2];
        for (k, v) in parts.iter().enumerate() {
            out[k] = seconds_ts(vm, v)?;
        }
        return Ok(Some(out));
    }
    if let Some(ns) = ns {
        let parts = tuple::as_tuple(ns)
            .filter(|p| p.len() == 2)
            .ok_or_else(|| type_error("utime: 'ns' must be a tuple of two ints"))?;
        let mut out = [zero_ts(); 2];
        for (k, v) in parts.iter().enumerate() {
            let n = int::as_bigint(&vm.index(v)?).unwrap_or_default();
            let billion = num_bigint::BigInt::from(1_000_000_000);
            let (s, r) = num_integer::Integer::div_mod_floor(&n, &billion);
            out[k] = libc::timespec {
                tv_sec: i64::try_from(s).map_err(|_| {
                    exception::overflow_error("timestamp out of range for platform time_t")
                })?,
                tv_nsec: i64::try_from(r).unwrap_or(0),
            };
        }
        return Ok(Some(out));
    }
    Ok(None)
}

fn zero_ts() -> libc::timespec {
    libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    }
}

/// A time in seconds (int or float) as a timespec, rounding as CPython's
/// `_PyTime_ObjectToTimespec` with `_PyTime_ROUND_FLOOR`.
fn seconds_ts(vm: &mut Vm, v: &Value) -> PyResult<libc::timespec> {
    if float::as_f64(v).is_some() {
        let f = vm.to_f64(v)?;
        if !f.is_finite() {
            return Err(value_error("Invalid value NaN (not a number)"));
        }
        let secs = f.floor();
        let mut nsec = ((f - secs) * 1e9).floor();
        let mut secs = secs;
        if nsec >= 1e9 {
            nsec -= 1e9;
            secs += 1.0;
        }
        if !(i64::MIN as f64..=i64::MAX as f64).contains(&secs) {
            return Err(exception::overflow_error(
                "timestamp out of range for platform time_t",
            ));
        }
        return Ok(libc::timespec {
            tv_sec: secs as i64,
            tv_nsec: nsec as i64,
        });
    }
    let n = vm.index(v)?;
    let s = int::as_i64(&n)
        .ok_or_else(|| exception::overflow_error("timestamp out of range for platform time_t"))?;
    Ok(libc::timespec {
        tv_sec: s,
        tv_nsec: 0,
    })
}

fn truncate(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("truncate", &["path", "length"], 2)?;
    let len = vm.index_i64(b[1].as_ref().expect("length"))?;
    match target(vm, "truncate", "path", b[0].as_ref().expect("path"), true)? {
        Target::Fd(fd) => check(vm, osfd::ftruncate(fd, len), None),
        Target::Path(p, c) => check(vm, osfs::truncate(&c, len), Some(&p.given)),
    }
}

// ---- the working directory ----

fn getcwd_bytes(vm: &mut Vm) -> PyResult<Vec<u8>> {
    match std::env::current_dir() {
        Ok(p) => Ok(std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()).to_vec()),
        Err(e) => Err(os_error(vm, e.raw_os_error().unwrap_or(0), None, None)),
    }
}

fn getcwd(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("getcwd", 0, 0)?;
    let b = getcwd_bytes(vm)?;
    Ok(path_value(&b, false))
}

fn getcwdb(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("getcwdb", 0, 0)?;
    let b = getcwd_bytes(vm)?;
    Ok(path_value(&b, true))
}

// ---- open ----

fn open(vm: &mut Vm, args: Args) -> PyResult {
    let dir_fd = dir_fd_kw(vm, &args, "dir_fd")?;
    let b = bind(&args, "open", &["path", "flags", "mode"], 2)?;
    let p = path_arg(vm, "open", "path", b[0].as_ref().expect("path"))?;
    let flags = vm.index_i64(b[1].as_ref().expect("flags"))? as i32;
    let mode = mode_arg(vm, &b[2], 0o777)?;
    let c = p.cstring()?;
    // New descriptors are not inherited by child processes (PEP 446), as in CPython.
    match osfs::openat(at(dir_fd), &c, flags | libc::O_CLOEXEC, mode) {
        Ok(fd) => Ok(int::from_i64(fd as i64)),
        Err(e) => Err(os_error(vm, e.0, Some(&p.given), None)),
    }
}

// ---- directory listings ----

/// Reads a directory stream to the end, without `.` and `..`.
fn read_dir_stream(dir: Dir) -> SysResult<Vec<osfs::DirEntry>> {
    let mut out = Vec::new();
    for entry in dir {
        let entry = entry?;
        if entry.name != b"." && entry.name != b".." {
            out.push(entry);
        }
    }
    Ok(out)
}

/// The entries of the open directory `fd`, read through a duplicate from the start, so the
/// caller's descriptor stays open and usable (as CPython does).
fn read_dir_fd(fd: i32) -> SysResult<Vec<osfs::DirEntry>> {
    let mut dir = Dir::from_fd(osfd::dup_cloexec(fd)?)?;
    dir.rewind();
    read_dir_stream(dir)
}

/// What a listing was asked for: a path (default `.`) or a descriptor.
enum Listing {
    Path(Option<PathArg>, CString),
    Fd(i32),
}

fn listing(vm: &mut Vm, fname: &str, path: &Option<Value>) -> PyResult<Listing> {
    match path.as_ref().filter(|p| !p.is_none()) {
        None => Ok(Listing::Path(None, CString::new(".").expect("no NUL"))),
        Some(v) => Ok(match target(vm, fname, "path", v, true)? {
            Target::Fd(fd) => Listing::Fd(fd),
            Target::Path(p, c) => Listing::Path(Some(p), c),
        }),
    }
}

fn read_listing(vm: &mut Vm, l: &Listing) -> PyResult<Vec<osfs::DirEntry>> {
    match l {
        Listing::Fd(fd) => read_dir_fd(*fd).map_err(|e| super::sys_error(vm, e)),
        Listing::Path(p, c) => Dir::open(c)
            .and_then(read_dir_stream)
            .map_err(|e| os_error(vm, e.0, p.as_ref().map(|p| &p.given), None)),
    }
}

fn listdir(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("listdir", &["path"], 0)?;
    let l = listing(vm, "listdir", &b[0])?;
    let entries = read_listing(vm, &l)?;
    let as_bytes = matches!(&l, Listing::Path(Some(p), _) if p.is_bytes);
    Ok(list::new_list(
        entries
            .iter()
            .map(|e| path_value(&e.name, as_bytes))
            .collect(),
    ))
}

struct DirEntry {
    name: Value,
    path: Value,
    /// `d_type` from the listing (`DT_UNKNOWN` when the file system did not say).
    d_type: u8,
    ino: u64,
    /// The directory descriptor of `scandir(fd)`: `stat` then works relative to it.
    dir_fd: Option<i32>,
    stat: RefCell<Option<Value>>,
    lstat: RefCell<Option<Value>>,
}

impl NativeData for DirEntry {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.name);
        visit(&self.path);
        if let Some(s) = self.stat.borrow().as_ref() {
            visit(s);
        }
        if let Some(s) = self.lstat.borrow().as_ref() {
            visit(s);
        }
    }
}

struct ScandirIter {
    entries: RefCell<std::vec::IntoIter<Value>>,
    closed: Cell<bool>,
}

impl NativeData for ScandirIter {}

fn scandir(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("scandir", &["path"], 0)?;
    let l = listing(vm, "scandir", &b[0])?;
    let raw = read_listing(vm, &l)?;
    let (prefix, as_bytes, dir_fd) = match &l {
        Listing::Fd(fd) => (Vec::new(), false, Some(*fd)),
        Listing::Path(None, _) => (b"./".to_vec(), false, None),
        Listing::Path(Some(p), _) => {
            let mut pre = p.bytes.clone();
            if !pre.is_empty() && !pre.ends_with(b"/") {
                pre.push(b'/');
            }
            (pre, p.is_bytes, None)
        }
    };
    let entries = raw
        .into_iter()
        .map(|e| {
            let mut full = prefix.clone();
            full.extend_from_slice(&e.name);
            new_native(
                &DIR_ENTRY_TYPE,
                DirEntry {
                    name: path_value(&e.name, as_bytes),
                    path: path_value(&full, as_bytes),
                    d_type: e.d_type,
                    ino: e.ino,
                    dir_fd,
                    stat: RefCell::new(None),
                    lstat: RefCell::new(None),
                },
            )
        })
        .collect::<Vec<_>>();
    Ok(new_native(
        &SCANDIR_ITER_TYPE,
        ScandirIter {
            entries: RefCell::new(entries.into_iter()),
            closed: Cell::new(false),
        },
    ))
}

fn scandir_of(v: &Value) -> PyResult<&ScandirIter> {
    native_ref::<ScandirIter>(v).ok_or_else(|| type_error("ScandirIterator expected"))
}

fn scandir_next(_vm: &mut Vm, args: Args) -> PyResult {
    let s = scandir_of(&args.values[0])?;
    if s.closed.get() {
        return Err(exception::PyErrExt::stop());
    }
    let next = s.entries.borrow_mut().next();
    next.ok_or_else(exception::PyErrExt::stop)
}

fn scandir_close(_vm: &mut Vm, args: Args) -> PyResult {
    let s = scandir_of(&args.values[0])?;
    s.closed.set(true);
    *s.entries.borrow_mut() = Vec::new().into_iter();
    Ok(none())
}

fn scandir_exit(vm: &mut Vm, args: Args) -> PyResult {
    scandir_close(vm, Args::new(&args.values[..1]))?;
    Ok(bool_value(false))
}

fn self_value(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

fn entry_of(v: &Value) -> PyResult<&DirEntry> {
    native_ref::<DirEntry>(v).ok_or_else(|| type_error("DirEntry expected"))
}

/// The entry's stat, cached per `follow` as CPython caches it; relative to the listing's
/// descriptor for `scandir(fd)`.
fn entry_stat_value(vm: &mut Vm, e: &DirEntry, follow: bool) -> PyResult {
    // Only a symlink (or an entry of unknown type) has a target to follow.
    let follow = follow && matches!(e.d_type, libc::DT_LNK | libc::DT_UNKNOWN);
    let cache = if follow { &e.stat } else { &e.lstat };
    if let Some(s) = cache.borrow().clone() {
        return Ok(s);
    }
    let s = match e.dir_fd {
        Some(fd) => {
            let p = path_arg(vm, "stat", "path", &e.name)?;
            let c = p.cstring()?;
            stat_at(vm, fd, &c, follow, &e.name)?
        }
        None => do_stat(vm, "stat", &e.path.clone(), None, follow)?,
    };
    *cache.borrow_mut() = Some(s.clone());
    Ok(s)
}

fn entry_stat(vm: &mut Vm, args: Args) -> PyResult {
    let follow = follow_symlinks(vm, &args)?;
    let e = entry_of(&args.values[0])?;
    entry_stat_value(vm, e, follow)
}

/// Whether the entry is of the kind `test` picks, following symlinks unless told not to;
/// a missing target is simply "no".
fn entry_is(vm: &mut Vm, args: Args, test: fn(u32) -> bool) -> PyResult {
    let follow = follow_symlinks(vm, &args)?;
    let e = entry_of(&args.values[0])?;
    let known = e.d_type != libc::DT_UNKNOWN;
    if known && !(follow && e.d_type == libc::DT_LNK) {
        let mode = match e.d_type {
            libc::DT_DIR => libc::S_IFDIR,
            libc::DT_LNK => libc::S_IFLNK,
            libc::DT_REG => libc::S_IFREG,
            libc::DT_FIFO => libc::S_IFIFO,
            libc::DT_SOCK => libc::S_IFSOCK,
            libc::DT_CHR => libc::S_IFCHR,
            libc::DT_BLK => libc::S_IFBLK,
            _ => 0,
        };
        return Ok(bool_value(test(mode)));
    }
    match entry_stat_value(vm, e, follow) {
        Ok(st) => {
            let mode = vm.getattr(&st, "st_mode")?;
            Ok(bool_value(test(vm.index_i64(&mode)? as u32)))
        }
        Err(err) if err.is_instance(&exception::FILE_NOT_FOUND_ERROR) => Ok(bool_value(false)),
        Err(err) => Err(err),
    }
}

fn entry_is_dir(vm: &mut Vm, args: Args) -> PyResult {
    entry_is(vm, args, |m| m & libc::S_IFMT == libc::S_IFDIR)
}

fn entry_is_file(vm: &mut Vm, args: Args) -> PyResult {
    entry_is(vm, args, |m| m & libc::S_IFMT == libc::S_IFREG)
}

fn entry_is_symlink(vm: &mut Vm, args: Args) -> PyResult {
    let e = entry_of(&args.values[0])?;
    if e.d_type != libc::DT_UNKNOWN {
        return Ok(bool_value(e.d_type == libc::DT_LNK));
    }
    match entry_stat_value(vm, e, false) {
        Ok(st) => {
            let mode = vm.getattr(&st, "st_mode")?;
            Ok(bool_value(
                vm.index_i64(&mode)? as u32 & libc::S_IFMT == libc::S_IFLNK,
            ))
        }
        Err(err) if err.is_instance(&exception::FILE_NOT_FOUND_ERROR) => Ok(bool_value(false)),
        Err(err) => Err(err),
    }
}

fn entry_inode(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_bigint(entry_of(&args.values[0])?.ino.into()))
}

fn entry_fspath(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(entry_of(&args.values[0])?.path.clone())
}

fn entry_repr(vm: &mut Vm, args: Args) -> PyResult {
    let n = entry_of(&args.values[0])?.name.clone();
    Ok(str::from_string(format!(
        "<DirEntry {}>",
        vm.repr_string(&n)?
    )))
}

fn entry_name(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(entry_of(this)?.name.clone())
}

fn entry_path(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(entry_of(this)?.path.clone())
}

pub(super) fn types() -> [TypeSpec; 2] {
    [
        TypeSpec {
            ty: &DIR_ENTRY_TYPE,
            methods: methods![
                MethodDef::method("stat", entry_stat),
                MethodDef::method("is_dir", entry_is_dir),
                MethodDef::method("is_file", entry_is_file),
                MethodDef::method("is_symlink", entry_is_symlink),
                MethodDef::method("inode", entry_inode),
                MethodDef::method("__fspath__", entry_fspath),
                MethodDef::method("__repr__", entry_repr),
                MethodDef::class(
                    "__class_getitem__",
                    crate::builtins::methods::genericalias::class_getitem
                ),
            ],
            getsets: getsets![
                GetSetDef::readonly("name", entry_name),
                GetSetDef::readonly("path", entry_path),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &SCANDIR_ITER_TYPE,
            methods: methods![
                MethodDef::method("__next__", scandir_next),
                MethodDef::method("__iter__", self_value),
                MethodDef::method("__enter__", self_value),
                MethodDef::method("__exit__", scandir_exit),
                MethodDef::method("close", scandir_close),
            ],
            getsets: getsets![],
            doc: None,
        },
    ]
}

pub(super) const FUNCTIONS: &[(&str, crate::object::error::NativeFn)] = &[
    ("stat", stat),
    ("lstat", lstat),
    ("fstat", fstat),
    ("mkdir", mkdir),
    ("mkfifo", mkfifo),
    ("mknod", mknod),
    ("rmdir", rmdir),
    ("unlink", unlink),
    ("remove", remove),
    ("chdir", chdir),
    ("fchdir", fchdir),
    ("chmod", chmod),
    ("chown", chown),
    ("lchown", lchown),
    ("access", access),
    ("rename", rename),
    ("replace", replace),
    ("link", link),
    ("symlink", symlink),
    ("readlink", readlink),
    ("utime", utime),
    ("truncate", truncate),
    ("getcwd", getcwd),
    ("getcwdb", getcwdb),
    ("listdir", listdir),
    ("scandir", scandir),
    ("open", open),
];

/// The `*at`, descriptor and no-follow forms these functions have (`os.supports_*`).
pub(super) const HAVE_FUNCTIONS: &[&str] = &[
    "HAVE_FACCESSAT",
    "HAVE_FCHDIR",
    "HAVE_FCHMOD",
    "HAVE_FCHMODAT",
    "HAVE_FCHOWN",
    "HAVE_FCHOWNAT",
    "HAVE_FDOPENDIR",
    "HAVE_FSTATAT",
    "HAVE_FTRUNCATE",
    "HAVE_FUTIMENS",
    "HAVE_LCHOWN",
    "HAVE_LINKAT",
    "HAVE_LSTAT",
    "HAVE_MKDIRAT",
    "HAVE_MKFIFOAT",
    "HAVE_MKNODAT",
    "HAVE_OPENAT",
    "HAVE_READLINKAT",
    "HAVE_RENAMEAT",
    "HAVE_SYMLINKAT",
    "HAVE_UNLINKAT",
    "HAVE_UTIMENSAT",
];
