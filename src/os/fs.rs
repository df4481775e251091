//! Files and directories by path: opening, `stat`, creating and removing, renaming and
//! linking, permissions, owners and times, the working directory, and reading directories.
//! Paths are C strings; `dir` arguments are directory descriptors (`libc::AT_FDCWD` for the
//! working directory) that the `*at` calls start relative paths from.

use std::ffi::CStr;
use std::ptr::NonNull;

use super::{check, zeroed, Errno, SysResult};
use libc::{c_int, gid_t, mode_t, uid_t};

/// Opens `path` (`open(2)`); returns the new descriptor.
pub fn open(path: &CStr, flags: c_int, mode: mode_t) -> SysResult<c_int> {
    // SAFETY: `path` is a NUL-terminated string; the mode is passed by value.
    check(unsafe { libc::open(path.as_ptr(), flags, mode as libc::c_uint) })
}

/// Opens `path` relative to `dir`; returns the new descriptor.
pub fn openat(dir: c_int, path: &CStr, flags: c_int, mode: mode_t) -> SysResult<c_int> {
    // SAFETY: `path` is a NUL-terminated string; the mode is passed by value.
    check(unsafe { libc::openat(dir, path.as_ptr(), flags, mode as libc::c_uint) })
}

/// `stat` of `path` relative to `dir`; `flags` may hold `AT_SYMLINK_NOFOLLOW`.
pub fn fstatat(dir: c_int, path: &CStr, flags: c_int) -> SysResult<libc::stat> {
    let mut st: libc::stat = zeroed();
    // SAFETY: `path` is a NUL-terminated string and `st` a valid stat buffer to fill.
    check(unsafe { libc::fstatat(dir, path.as_ptr(), &mut st, flags) })?;
    Ok(st)
}

pub fn mkdirat(dir: c_int, path: &CStr, mode: mode_t) -> SysResult<()> {
    // SAFETY: `path` is a NUL-terminated string.
    check(unsafe { libc::mkdirat(dir, path.as_ptr(), mode) }).map(drop)
}

pub fn mkfifoat(dir: c_int, path: &CStr, mode: mode_t) -> SysResult<()> {
    // SAFETY: `path` is a NUL-terminated string.
    check(unsafe { libc::mkfifoat(dir, path.as_ptr(), mode) }).map(drop)
}

pub fn mknodat(dir: c_int, path: &CStr, mode: mode_t, device: libc::dev_t) -> SysResult<()> {
    // SAFETY: `path` is a NUL-terminated string.
    check(unsafe { libc::mknodat(dir, path.as_ptr(), mode, device) }).map(drop)
}

/// Removes a file, or with `AT_REMOVEDIR` in `flags` an empty directory.
pub fn unlinkat(dir: c_int, path: &CStr, flags: c_int) -> SysResult<()> {
    // SAFETY: `path` is a NUL-terminated string.
    check(unsafe { libc::unlinkat(dir, path.as_ptr(), flags) }).map(drop)
}

pub fn chdir(path: &CStr) -> SysResult<()> {
    // SAFETY: `path` is a NUL-terminated string.
    check(unsafe { libc::chdir(path.as_ptr()) }).map(drop)
}

pub fn fchdir(fd: c_int) -> SysResult<()> {
    // SAFETY: plain system call on an integer descriptor.
    check(unsafe { libc::fchdir(fd) }).map(drop)
}

pub fn fchmod(fd: c_int, mode: mode_t) -> SysResult<()> {
    // SAFETY: plain system call on integers.
    check(unsafe { libc::fchmod(fd, mode) }).map(drop)
}

pub fn fchmodat(dir: c_int, path: &CStr, mode: mode_t, flags: c_int) -> SysResult<()> {
    // SAFETY: `path` is a NUL-terminated string.
    check(unsafe { libc::fchmodat(dir, path.as_ptr(), mode, flags) }).map(drop)
}

pub fn fchown(fd: c_int, uid: uid_t, gid: gid_t) -> SysResult<()> {
    // SAFETY: plain system call on integers.
    check(unsafe { libc::fchown(fd, uid, gid) }).map(drop)
}

pub fn fchownat(dir: c_int, path: &CStr, uid: uid_t, gid: gid_t, flags: c_int) -> SysResult<()> {
    // SAFETY: `path` is a NUL-terminated string.
    check(unsafe { libc::fchownat(dir, path.as_ptr(), uid, gid, flags) }).map(drop)
}

pub fn lchown(path: &CStr, uid: uid_t, gid: gid_t) -> SysResult<()> {
    // SAFETY: `path` is a NUL-terminated string.
    check(unsafe { libc::lchown(path.as_ptr(), uid, gid) }).map(drop)
}

/// Whether `path` allows the access `mode` (`R_OK`, ...); `flags` may hold
/// `AT_SYMLINK_NOFOLLOW` and `AT_EACCESS`.
pub fn faccessat(dir: c_int, path: &CStr, mode: c_int, flags: c_int) -> SysResult<()> {
    // SAFETY: `path` is a NUL-terminated string.
    check(unsafe { libc::faccessat(dir, path.as_ptr(), mode, flags) }).map(drop)
}

pub fn renameat(src_dir: c_int, src: &CStr, dst_dir: c_int, dst: &CStr) -> SysResult<()> {
    // SAFETY: both paths are NUL-terminated strings.
    check(unsafe { libc::renameat(src_dir, src.as_ptr(), dst_dir, dst.as_ptr()) }).map(drop)
}

/// A hard link `dst` to `src`; `flags` may hold `AT_SYMLINK_FOLLOW`.
pub fn linkat(
    src_dir: c_int,
    src: &CStr,
    dst_dir: c_int,
    dst: &CStr,
    flags: c_int,
) -> SysResult<()> {
    // SAFETY: both paths are NUL-terminated strings.
    check(unsafe { libc::linkat(src_dir, src.as_ptr(), dst_dir, dst.as_ptr(), flags) }).map(drop)
}

/// A symbolic link `dst` (relative to `dir`) holding `src`.
pub fn symlinkat(src: &CStr, dir: c_int, dst: &CStr) -> SysResult<()> {
    // SAFETY: both paths are NUL-terminated strings.
    check(unsafe { libc::symlinkat(src.as_ptr(), dir, dst.as_ptr()) }).map(drop)
}

/// The target of the symbolic link `path`, at most `PATH_MAX + 1` bytes of it.
pub fn readlinkat(dir: c_int, path: &CStr) -> SysResult<Vec<u8>> {
    let mut buf = vec![0u8; libc::PATH_MAX as usize + 1];
    // SAFETY: `path` is a NUL-terminated string; the call writes at most `buf.len()` bytes
    // into `buf`.
    let n = unsafe { libc::readlinkat(dir, path.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    if n < 0 {
        return Err(Errno::last());
    }
    buf.truncate(n as usize);
    Ok(buf)
}

/// Sets the access and modification times of `fd`; `None` sets both to now.
pub fn futimens(fd: c_int, times: Option<&[libc::timespec; 2]>) -> SysResult<()> {
    let ptr = times.map_or(std::ptr::null(), |t| t.as_ptr());
    // SAFETY: `ptr` is null or points to two timespecs.
    check(unsafe { libc::futimens(fd, ptr) }).map(drop)
}

/// Sets the access and modification times of `path`; `None` sets both to now; `flags` may
/// hold `AT_SYMLINK_NOFOLLOW`.
pub fn utimensat(
    dir: c_int,
    path: &CStr,
    times: Option<&[libc::timespec; 2]>,
    flags: c_int,
) -> SysResult<()> {
    let ptr = times.map_or(std::ptr::null(), |t| t.as_ptr());
    // SAFETY: `path` is a NUL-terminated string; `ptr` is null or points to two timespecs.
    check(unsafe { libc::utimensat(dir, path.as_ptr(), ptr, flags) }).map(drop)
}

pub fn truncate(path: &CStr, len: i64) -> SysResult<()> {
    // SAFETY: `path` is a NUL-terminated string.
    check(unsafe { libc::truncate(path.as_ptr(), len) }).map(drop)
}

/// One entry of a directory, as `readdir` gives it (`.` and `..` included).
pub struct DirEntry {
    pub name: Vec<u8>,
    /// `DT_DIR`, `DT_REG`, ...; `DT_UNKNOWN` when the file system does not say.
    pub d_type: u8,
    pub ino: u64,
}

/// An open directory stream; iterating reads its entries, and an error ends the listing.
/// Closed when dropped.
pub struct Dir {
    stream: NonNull<libc::DIR>,
    done: bool,
}

impl Dir {
    /// Opens the directory at `path`.
    pub fn open(path: &CStr) -> SysResult<Dir> {
        // SAFETY: `path` is a NUL-terminated string.
        let stream = unsafe { libc::opendir(path.as_ptr()) };
        Dir::from_stream(stream)
    }

    /// A stream over the open directory descriptor `fd`, which it takes over: the stream
    /// closes it, and so does a failure here.
    pub fn from_fd(fd: c_int) -> SysResult<Dir> {
        // SAFETY: plain call on an integer descriptor; a bad one fails with EBADF.
        let stream = unsafe { libc::fdopendir(fd) };
        Dir::from_stream(stream).inspect_err(|_| {
            let _ = super::fd::close(fd);
        })
    }

    fn from_stream(stream: *mut libc::DIR) -> SysResult<Dir> {
        match NonNull::new(stream) {
            Some(stream) => Ok(Dir {
                stream,
                done: false,
            }),
            None => Err(Errno::last()),
        }
    }

    /// Goes back to the first entry.
    pub fn rewind(&mut self) {
        // SAFETY: `stream` is an open directory stream owned by `self`.
        unsafe { libc::rewinddir(self.stream.as_ptr()) };
        self.done = false;
    }
}

impl Iterator for Dir {
    type Item = SysResult<DirEntry>;

    fn next(&mut self) -> Option<SysResult<DirEntry>> {
        if self.done {
            return None;
        }
        // Cleared, so that the end of the directory tells apart from an error.
        super::set_errno(0);
        // SAFETY: `stream` is an open directory stream owned by `self`.
        let ent = unsafe { libc::readdir(self.stream.as_ptr()) };
        if ent.is_null() {
            self.done = true;
            return match super::errno() {
                0 => None,
                e => Some(Err(Errno(e))),
            };
        }
        // SAFETY: `readdir` returned a valid entry with a NUL-terminated name, alive until
        // the next call on the stream; everything is copied out before then.
        let entry = unsafe {
            DirEntry {
                name: CStr::from_ptr((*ent).d_name.as_ptr()).to_bytes().to_vec(),
                d_type: (*ent).d_type,
                ino: (*ent).d_ino,
            }
        };
        Some(Ok(entry))
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        // SAFETY: `stream` is open and closed exactly once, here.
        unsafe { libc::closedir(self.stream.as_ptr()) };
    }
}
