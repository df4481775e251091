//! The descriptor-level calls of `posix` beyond open/read/write: scatter/gather and
//! positioned I/O (`readv`, `writev`, `pread`, `pwrite`), kernel-side copies (`splice`,
//! `copy_file_range`; `sendfile` waits for sockets and threads, since CPython's tests and
//! asyncio reach it through both), `eventfd`, `memfd_create`, `pipe2`, syncing and locking,
//! `pathconf`, terminals (`openpty`, `ttyname`, process groups) and extended attributes.

use std::ffi::CString;

use super::{bind, fd_arg, os_error, path_arg, sys_error};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::os::{fd, tty, xattr, Errno, SysResult};
use crate::vm::Vm;

/// A byte count or offset argument (`Py_ssize_t`/`off_t`); `what` names it in the
/// ValueError a negative one raises when `non_negative`.
fn count_arg(vm: &mut Vm, v: &Value, what: &str, non_negative: bool) -> PyResult<i64> {
    let n = vm.index_i64(v)?;
    if non_negative && n < 0 {
        return Err(value_error(format!("{what} must be non-negative")));
    }
    Ok(n)
}

/// An optional `off_t` offset (None means "the descriptor's own position").
fn offset_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<Option<i64>> {
    match v {
        Some(o) if !o.is_none() => Ok(Some(vm.index_i64(o)?)),
        _ => Ok(None),
    }
}

/// A count a call returned, or the OSError for its errno.
fn sized(vm: &mut Vm, r: SysResult<usize>) -> PyResult {
    r.map(int::from_usize).map_err(|e| sys_error(vm, e))
}

fn ok_or_error(vm: &mut Vm, r: SysResult<()>) -> PyResult {
    r.map(|()| none()).map_err(|e| sys_error(vm, e))
}

// ---- positioned and vectored I/O ----

fn pread(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("pread", 3, 3)?;
    let fd = fd_arg(vm, &a[0])?;
    let n = count_arg(vm, &a[1], "length", false)?;
    if n < 0 {
        return Err(value_error("negative buffersize in pread"));
    }
    let off = vm.index_i64(&a[2])?;
    let mut buf = vec![0u8; n as usize];
    let got = fd::pread(fd, &mut buf, off).map_err(|e| sys_error(vm, e))?;
    buf.truncate(got);
    Ok(bytes::new_bytes(buf))
}

fn pwrite(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("pwrite", 3, 3)?;
    let fd = fd_arg(vm, &a[0])?;
    let data = bytes::bytes_like_arg(&a[1])?;
    let off = vm.index_i64(&a[2])?;
    sized(vm, fd::pwrite(fd, &data, off))
}

/// The buffer list of `readv`/`writev`: a tuple or list.
fn buffer_sequence(vm: &mut Vm, seq: &Value, fname: &str) -> PyResult<Vec<Value>> {
    if tuple::as_tuple(seq).is_none() && list::as_list(seq).is_none() {
        return Err(type_error(format!("{fname}() arg 2 must be a sequence")));
    }
    vm.collect(seq)
}

fn readv(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("readv", 2, 2)?;
    let fd = fd_arg(vm, &a[0])?;
    let bufs = buffer_sequence(vm, &a[1], "readv")?;
    let mut sizes = Vec::with_capacity(bufs.len());
    for b in &bufs {
        sizes.push(
            crate::builtins::methods::memoryview::writable_len(b).ok_or_else(|| {
                type_error(format!(
                    "readv() argument 2 must be read-write bytes-like object, not {}",
                    b.ty().name()
                ))
            })?,
        );
    }
    let mut staging: Vec<Vec<u8>> = sizes.iter().map(|&n| vec![0u8; n]).collect();
    let mut iov: Vec<std::io::IoSliceMut> = staging
        .iter_mut()
        .map(|s| std::io::IoSliceMut::new(s))
        .collect();
    let got = fd::readv(fd, &mut iov).map_err(|e| sys_error(vm, e))?;
    drop(iov);
    let mut left = got;
    for (b, s) in bufs.iter().zip(&staging) {
        let n = left.min(s.len());
        if n == 0 {
            break;
        }
        crate::builtins::methods::memoryview::write_at(b, 0, &s[..n]).expect("checked writable")?;
        left -= n;
    }
    Ok(int::from_usize(got))
}

fn writev(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("writev", 2, 2)?;
    let fd = fd_arg(vm, &a[0])?;
    let items = buffer_sequence(vm, &a[1], "writev")?;
    let datas = items
        .iter()
        .map(bytes::bytes_like_arg)
        .collect::<PyResult<Vec<_>>>()?;
    let iov: Vec<std::io::IoSlice> = datas.iter().map(|d| std::io::IoSlice::new(d)).collect();
    sized(vm, fd::writev(fd, &iov))
}

// ---- kernel-side copies ----

/// The arguments `splice` and `copy_file_range` share: the two descriptors, the count and
/// the two optional offsets.
struct Copy {
    src: i32,
    dst: i32,
    count: usize,
    offset_src: Option<i64>,
    offset_dst: Option<i64>,
    flags: u32,
}

fn copy_args(vm: &mut Vm, args: &Args, fname: &str, flags_name: &str) -> PyResult<Copy> {
    let b = args.bind(
        fname,
        &[
            "src",
            "dst",
            "count",
            "offset_src",
            "offset_dst",
            flags_name,
        ],
        3,
    )?;
    let src = fd_arg(vm, b[0].as_ref().expect("src"))?;
    let dst = fd_arg(vm, b[1].as_ref().expect("dst"))?;
    let count = vm.index_i64(b[2].as_ref().expect("count"))?;
    if count < 0 {
        return Err(value_error("negative value not allowed"));
    }
    let flags = match &b[5] {
        Some(f) => vm.index_i64(f)? as u32,
        None => 0,
    };
    Ok(Copy {
        src,
        dst,
        count: count as usize,
        offset_src: offset_arg(vm, &b[3])?,
        offset_dst: offset_arg(vm, &b[4])?,
        flags,
    })
}

fn kernel_copy(vm: &mut Vm, args: Args, fname: &str, how: fd::KernelCopy) -> PyResult {
    let mut c = copy_args(vm, &args, fname, "flags")?;
    let r = fd::kernel_copy(
        how,
        c.src,
        c.offset_src.as_mut(),
        c.dst,
        c.offset_dst.as_mut(),
        c.count,
        c.flags,
    );
    sized(vm, r)
}

fn splice(vm: &mut Vm, args: Args) -> PyResult {
    kernel_copy(vm, args, "splice", fd::KernelCopy::Splice)
}

fn copy_file_range(vm: &mut Vm, args: Args) -> PyResult {
    kernel_copy(vm, args, "copy_file_range", fd::KernelCopy::CopyFileRange)
}

// ---- eventfd, memfd, pipe2 ----

fn eventfd(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("eventfd", &["initval", "flags"], 1)?;
    let init = vm.index_i64(b[0].as_ref().expect("initval"))?;
    let init = u32::try_from(init).map_err(|_| {
        exception::overflow_error("Python int too large to convert to C unsigned int")
    })?;
    let flags = match &b[1] {
        Some(f) => vm.index_i64(f)? as i32,
        None => libc::EFD_CLOEXEC,
    };
    let fd = fd::eventfd(init, flags).map_err(|e| sys_error(vm, e))?;
    Ok(int::from_i64(fd as i64))
}

fn eventfd_read(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("eventfd_read", &["fd"], 1)?;
    let fd = fd_arg(vm, b[0].as_ref().expect("fd"))?;
    let mut value = [0u8; 8];
    fd::read(fd, &mut value).map_err(|e| sys_error(vm, e))?;
    Ok(int::from_bigint(u64::from_ne_bytes(value).into()))
}

fn eventfd_write(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("eventfd_write", &["fd", "value"], 2)?;
    let fd = fd_arg(vm, b[0].as_ref().expect("fd"))?;
    let v = vm.index(b[1].as_ref().expect("value"))?;
    let value: u64 = int::as_bigint(&v)
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| {
            exception::overflow_error("Python int too large to convert to C unsigned long")
        })?;
    fd::write(fd, &value.to_ne_bytes()).map_err(|e| sys_error(vm, e))?;
    Ok(none())
}

fn memfd_create(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("memfd_create", &["name", "flags"], 1)?;
    let name = path_arg(vm, "memfd_create", "name", b[0].as_ref().expect("name"))?;
    let flags = match &b[1] {
        Some(f) => vm.index_i64(f)? as u32,
        None => libc::MFD_CLOEXEC,
    };
    let c = name.cstring()?;
    let fd = fd::memfd_create(&c, flags).map_err(|e| sys_error(vm, e))?;
    Ok(int::from_i64(fd as i64))
}

fn pipe2(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("pipe2", 1, 1)?;
    let flags = vm.index_i64(&a[0])? as i32;
    let (r, w) = fd::pipe2(flags).map_err(|e| sys_error(vm, e))?;
    Ok(tuple::from_array([
        int::from_i64(r as i64),
        int::from_i64(w as i64),
    ]))
}

// ---- syncing, space and locks ----

fn fdatasync(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("fdatasync", &["fd"], 1)?;
    let fd = super::fileno_arg(vm, b[0].as_ref().expect("fd"))?;
    ok_or_error(vm, fd::fdatasync(fd))
}

fn sync(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("sync", 0, 0)?;
    crate::os::system::sync();
    Ok(none())
}

fn lockf(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("lockf", 3, 3)?;
    let fd = fd_arg(vm, &a[0])?;
    let cmd = vm.index_i64(&a[1])? as i32;
    let len = vm.index_i64(&a[2])?;
    ok_or_error(vm, fd::lockf(fd, cmd, len))
}

fn posix_fallocate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("posix_fallocate", 3, 3)?;
    let fd = fd_arg(vm, &a[0])?;
    let (off, len) = (vm.index_i64(&a[1])?, vm.index_i64(&a[2])?);
    ok_or_error(vm, fd::posix_fallocate(fd, off, len))
}

fn posix_fadvise(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("posix_fadvise", 4, 4)?;
    let fd = fd_arg(vm, &a[0])?;
    let (off, len) = (vm.index_i64(&a[1])?, vm.index_i64(&a[2])?);
    let advice = vm.index_i64(&a[3])? as i32;
    ok_or_error(vm, fd::posix_fadvise(fd, off, len, advice))
}

// ---- pathconf ----

const PATHCONF_NAMES: &[(&str, i32)] = &[
    ("PC_LINK_MAX", libc::_PC_LINK_MAX),
    ("PC_MAX_CANON", libc::_PC_MAX_CANON),
    ("PC_MAX_INPUT", libc::_PC_MAX_INPUT),
    ("PC_NAME_MAX", libc::_PC_NAME_MAX),
    ("PC_PATH_MAX", libc::_PC_PATH_MAX),
    ("PC_PIPE_BUF", libc::_PC_PIPE_BUF),
    ("PC_CHOWN_RESTRICTED", libc::_PC_CHOWN_RESTRICTED),
    ("PC_NO_TRUNC", libc::_PC_NO_TRUNC),
    ("PC_VDISABLE", libc::_PC_VDISABLE),
    ("PC_SYNC_IO", libc::_PC_SYNC_IO),
    ("PC_ASYNC_IO", libc::_PC_ASYNC_IO),
    ("PC_PRIO_IO", libc::_PC_PRIO_IO),
    ("PC_FILESIZEBITS", libc::_PC_FILESIZEBITS),
    ("PC_REC_INCR_XFER_SIZE", libc::_PC_REC_INCR_XFER_SIZE),
    ("PC_REC_MAX_XFER_SIZE", libc::_PC_REC_MAX_XFER_SIZE),
    ("PC_REC_MIN_XFER_SIZE", libc::_PC_REC_MIN_XFER_SIZE),
    ("PC_REC_XFER_ALIGN", libc::_PC_REC_XFER_ALIGN),
    ("PC_ALLOC_SIZE_MIN", libc::_PC_ALLOC_SIZE_MIN),
    ("PC_SYMLINK_MAX", libc::_PC_SYMLINK_MAX),
    ("PC_2_SYMLINKS", libc::_PC_2_SYMLINKS),
];

/// A configuration name: an int, or a name in `pathconf_names`.
fn conf_name(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    conf_name_in(vm, v, PATHCONF_NAMES)
}

/// A configuration name: an int, or a name in `table` (`pathconf_names`, `sysconf_names`,
/// `confstr_names`).
pub(super) fn conf_name_in(vm: &mut Vm, v: &Value, table: &[(&str, i32)]) -> PyResult<i32> {
    if let Some(s) = str::as_str(v) {
        return table
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, c)| *c)
            .ok_or_else(|| value_error("unrecognized configuration name"));
    }
    if int::is_int(v) {
        return Ok(vm.index_i64(v)? as i32);
    }
    Err(type_error(
        "configuration names must be strings or integers",
    ))
}

/// The result of `(f)pathconf`: -1 when there is no limit.
fn conf_result(vm: &mut Vm, r: SysResult<Option<i64>>, given: Option<&Value>) -> PyResult {
    match r {
        Ok(limit) => Ok(int::from_i64(limit.unwrap_or(-1))),
        Err(e) => Err(os_error(vm, e.0, given, None)),
    }
}

fn fpathconf(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("fpathconf", &["fd", "name"], 2)?;
    let fd = super::fileno_arg(vm, b[0].as_ref().expect("fd"))?;
    let name = conf_name(vm, b[1].as_ref().expect("name"))?;
    conf_result(vm, fd::fpathconf(fd, name), None)
}

fn pathconf(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("pathconf", &["path", "name"], 2)?;
    let path = b[0].clone().expect("path");
    let name = conf_name(vm, b[1].as_ref().expect("name"))?;
    if int::is_int(&path) {
        let fd = fd_arg(vm, &path)?;
        return conf_result(vm, fd::fpathconf(fd, name), None);
    }
    let p = path_arg(vm, "pathconf", "path", &path)?;
    let c = p.cstring()?;
    conf_result(vm, crate::os::system::pathconf(&c, name), Some(&p.given))
}

// ---- terminals ----

fn openpty(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("openpty", 0, 0)?;
    let (master, slave) = tty::openpty().map_err(|e| sys_error(vm, e))?;
    Ok(tuple::from_array([
        int::from_i64(master as i64),
        int::from_i64(slave as i64),
    ]))
}

fn ttyname(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("ttyname", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    let name = tty::ttyname(fd).map_err(|e| sys_error(vm, e))?;
    Ok(str::fs_decode(&name))
}

fn tcgetpgrp(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("tcgetpgrp", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    let r = tty::tcgetpgrp(fd).map_err(|e| sys_error(vm, e))?;
    Ok(int::from_i64(r as i64))
}

fn tcsetpgrp(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("tcsetpgrp", 2, 2)?;
    let fd = fd_arg(vm, &a[0])?;
    let pgid = vm.index_i64(&a[1])? as libc::pid_t;
    ok_or_error(vm, tty::tcsetpgrp(fd, pgid))
}

// ---- extended attributes ----

/// Where an xattr call acts: a path (following symlinks or not) or a descriptor.
enum XTarget {
    Path(super::PathArg, CString, bool),
    Fd(i32),
}

fn xtarget(vm: &mut Vm, fname: &str, args: &Args, v: &Value) -> PyResult<XTarget> {
    let follow = super::fs::follow_symlinks(vm, args)?;
    if int::is_int(v) {
        if !follow {
            return Err(value_error(format!(
                "{fname}: cannot use fd and follow_symlinks together"
            )));
        }
        return Ok(XTarget::Fd(fd_arg(vm, v)?));
    }
    let p = path_arg(vm, fname, "path", v)?;
    let c = p.cstring()?;
    Ok(XTarget::Path(p, c, follow))
}

impl XTarget {
    fn given(&self) -> Option<&Value> {
        match self {
            XTarget::Path(p, _, _) => Some(&p.given),
            XTarget::Fd(_) => None,
        }
    }

    fn target(&self) -> xattr::Target<'_> {
        match self {
            XTarget::Path(_, c, follow) => xattr::Target::Path {
                path: c,
                follow_symlinks: *follow,
            },
            XTarget::Fd(fd) => xattr::Target::Fd(*fd),
        }
    }
}

fn attr_name(vm: &mut Vm, fname: &str, v: &Value) -> PyResult<CString> {
    path_arg(vm, fname, "attribute", v)?.cstring()
}

fn getxattr(vm: &mut Vm, args: Args) -> PyResult {
    let b = bind(&args, "getxattr", &["path", "attribute"], 2)?;
    let t = xtarget(vm, "getxattr", &args, b[0].as_ref().expect("path"))?;
    let name = attr_name(vm, "getxattr", b[1].as_ref().expect("attribute"))?;
    let mut size = 128usize;
    loop {
        let mut buf = vec![0u8; size];
        match xattr::get(&t.target(), &name, &mut buf) {
            Ok(n) => {
                buf.truncate(n);
                return Ok(bytes::new_bytes(buf));
            }
            Err(Errno(libc::ERANGE)) if size < 65536 => size = 65536,
            Err(e) => return Err(os_error(vm, e.0, t.given(), None)),
        }
    }
}

fn setxattr(vm: &mut Vm, args: Args) -> PyResult {
    let b = bind(
        &args,
        "setxattr",
        &["path", "attribute", "value", "flags"],
        3,
    )?;
    let t = xtarget(vm, "setxattr", &args, b[0].as_ref().expect("path"))?;
    let name = attr_name(vm, "setxattr", b[1].as_ref().expect("attribute"))?;
    let value = bytes::bytes_like_arg(b[2].as_ref().expect("value"))?;
    let flags = match &b[3] {
        Some(f) => vm.index_i64(f)? as i32,
        None => 0,
    };
    xattr::set(&t.target(), &name, &value, flags)
        .map_err(|e| os_error(vm, e.0, t.given(), None))?;
    Ok(none())
}

fn removexattr(vm: &mut Vm, args: Args) -> PyResult {
    let b = bind(&args, "removexattr", &["path", "attribute"], 2)?;
    let t = xtarget(vm, "removexattr", &args, b[0].as_ref().expect("path"))?;
    let name = attr_name(vm, "removexattr", b[1].as_ref().expect("attribute"))?;
    xattr::remove(&t.target(), &name).map_err(|e| os_error(vm, e.0, t.given(), None))?;
    Ok(none())
}

fn listxattr(vm: &mut Vm, args: Args) -> PyResult {
    let b = bind(&args, "listxattr", &["path"], 0)?;
    let path = b[0]
        .clone()
        .filter(|p| !p.is_none())
        .unwrap_or_else(|| str::new_str("."));
    let t = xtarget(vm, "listxattr", &args, &path)?;
    let mut size = 256usize;
    loop {
        let mut buf = vec![0u8; size];
        match xattr::list(&t.target(), &mut buf) {
            Ok(n) => {
                buf.truncate(n);
                let names = buf
                    .split(|&c| c == 0)
                    .filter(|n| !n.is_empty())
                    .map(str::fs_decode)
                    .collect();
                return Ok(list::new_list(names));
            }
            Err(Errno(libc::ERANGE)) if size < 65536 => size = 65536,
            Err(e) => return Err(os_error(vm, e.0, t.given(), None)),
        }
    }
}

fn login_tty(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("login_tty", 1, 1)?;
    let fd = fd_arg(vm, &a[0])?;
    if !fd::isatty(fd) {
        return Err(os_error(vm, libc::ENOTTY, None, None));
    }
    ok_or_error(vm, tty::login_tty(fd))
}

pub(super) const FUNCTIONS: &[(&str, crate::object::error::NativeFn)] = &[
    ("pread", pread),
    ("pwrite", pwrite),
    ("readv", readv),
    ("writev", writev),
    ("splice", splice),
    ("copy_file_range", copy_file_range),
    ("eventfd", eventfd),
    ("eventfd_read", eventfd_read),
    ("eventfd_write", eventfd_write),
    ("memfd_create", memfd_create),
    ("pipe2", pipe2),
    ("fdatasync", fdatasync),
    ("sync", sync),
    ("lockf", lockf),
    ("posix_fallocate", posix_fallocate),
    ("posix_fadvise", posix_fadvise),
    ("fpathconf", fpathconf),
    ("pathconf", pathconf),
    ("openpty", openpty),
    ("login_tty", login_tty),
    ("ttyname", ttyname),
    ("tcgetpgrp", tcgetpgrp),
    ("tcsetpgrp", tcsetpgrp),
    ("getxattr", getxattr),
    ("setxattr", setxattr),
    ("removexattr", removexattr),
    ("listxattr", listxattr),
];

/// Also the descriptor forms of `statvfs` and `execve` (in the module's core).
pub(super) const HAVE_FUNCTIONS: &[&str] = &[
    "HAVE_EVENTFD",
    "HAVE_FEXECVE",
    "HAVE_FPATHCONF",
    "HAVE_FSTATVFS",
    "HAVE_MEMFD_CREATE",
];

/// The constants these functions take.
pub(super) const CONSTANTS: &[(&str, i64)] = &[
    ("EFD_CLOEXEC", libc::EFD_CLOEXEC as i64),
    ("EFD_NONBLOCK", libc::EFD_NONBLOCK as i64),
    ("EFD_SEMAPHORE", libc::EFD_SEMAPHORE as i64),
    ("MFD_CLOEXEC", libc::MFD_CLOEXEC as i64),
    ("MFD_ALLOW_SEALING", libc::MFD_ALLOW_SEALING as i64),
    ("MFD_HUGETLB", libc::MFD_HUGETLB as i64),
    ("SPLICE_F_MOVE", libc::SPLICE_F_MOVE as i64),
    ("SPLICE_F_NONBLOCK", libc::SPLICE_F_NONBLOCK as i64),
    ("SPLICE_F_MORE", libc::SPLICE_F_MORE as i64),
    ("XATTR_CREATE", libc::XATTR_CREATE as i64),
    ("XATTR_REPLACE", libc::XATTR_REPLACE as i64),
    ("XATTR_SIZE_MAX", 65536),
    ("POSIX_FADV_NORMAL", libc::POSIX_FADV_NORMAL as i64),
    ("POSIX_FADV_SEQUENTIAL", libc::POSIX_FADV_SEQUENTIAL as i64),
    ("POSIX_FADV_RANDOM", libc::POSIX_FADV_RANDOM as i64),
    ("POSIX_FADV_NOREUSE", libc::POSIX_FADV_NOREUSE as i64),
    ("POSIX_FADV_WILLNEED", libc::POSIX_FADV_WILLNEED as i64),
    ("POSIX_FADV_DONTNEED", libc::POSIX_FADV_DONTNEED as i64),
    ("O_ASYNC", libc::O_ASYNC as i64),
    ("O_DIRECT", libc::O_DIRECT as i64),
    ("O_LARGEFILE", libc::O_LARGEFILE as i64),
    ("O_RSYNC", libc::O_RSYNC as i64),
];

/// `os.pathconf_names`.
pub(super) fn pathconf_names() -> Value {
    let d = dict::new_dict();
    for (n, c) in PATHCONF_NAMES {
        dict::set_str(&d, &str::intern(n), int::from_i64(*c as i64));
    }
    d
}
