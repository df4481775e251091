//! File descriptors: reading, writing, seeking, duplicating, pipes, their flags and locks,
//! `ioctl`, `poll`. The descriptor is any integer: the kernel checks it, and a bad one is
//! `EBADF`, never undefined behaviour, so these calls are safe whatever the caller passes.

use super::{check, check_size, Errno, SysResult};
use libc::c_int;

pub fn close(fd: c_int) -> SysResult<()> {
    // SAFETY: plain system call on an integer descriptor.
    check(unsafe { libc::close(fd) }).map(drop)
}

/// Reads into `buf`; returns the byte count (0 at end of file).
pub fn read(fd: c_int, buf: &mut [u8]) -> SysResult<usize> {
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`.
    check_size(unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) })
}

/// Writes from `data`; returns the byte count written.
pub fn write(fd: c_int, data: &[u8]) -> SysResult<usize> {
    // SAFETY: the kernel reads at most `data.len()` bytes from `data`.
    check_size(unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) })
}

/// Reads at `offset` without moving the file position.
pub fn pread(fd: c_int, buf: &mut [u8], offset: i64) -> SysResult<usize> {
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`.
    check_size(unsafe { libc::pread(fd, buf.as_mut_ptr().cast(), buf.len(), offset) })
}

/// Writes at `offset` without moving the file position.
pub fn pwrite(fd: c_int, data: &[u8], offset: i64) -> SysResult<usize> {
    // SAFETY: the kernel reads at most `data.len()` bytes from `data`.
    check_size(unsafe { libc::pwrite(fd, data.as_ptr().cast(), data.len(), offset) })
}

/// Scatter read into `bufs` in order.
pub fn readv(fd: c_int, bufs: &mut [std::io::IoSliceMut<'_>]) -> SysResult<usize> {
    // SAFETY: `IoSliceMut` is ABI-compatible with `iovec` on Unix, and each one describes a
    // live mutable buffer.
    check_size(unsafe { libc::readv(fd, bufs.as_mut_ptr().cast(), bufs.len() as c_int) })
}

/// Gather write from `bufs` in order.
pub fn writev(fd: c_int, bufs: &[std::io::IoSlice<'_>]) -> SysResult<usize> {
    // SAFETY: `IoSlice` is ABI-compatible with `iovec` on Unix, and each one describes a live
    // buffer.
    check_size(unsafe { libc::writev(fd, bufs.as_ptr().cast(), bufs.len() as c_int) })
}

/// Moves the file position; returns the new one.
pub fn lseek(fd: c_int, pos: i64, whence: c_int) -> SysResult<i64> {
    // SAFETY: plain system call on integers.
    let r = unsafe { libc::lseek(fd, pos, whence) };
    if r < 0 {
        Err(Errno::last())
    } else {
        Ok(r)
    }
}

/// A new descriptor for the same file, not inherited by child processes (`os.dup`).
pub fn dup_cloexec(fd: c_int) -> SysResult<c_int> {
    fcntl_int(fd, libc::F_DUPFD_CLOEXEC, 0)
}

pub fn dup(fd: c_int) -> SysResult<c_int> {
    // SAFETY: plain system call on an integer descriptor.
    check(unsafe { libc::dup(fd) })
}

pub fn dup2(fd: c_int, fd2: c_int) -> SysResult<c_int> {
    // SAFETY: plain system call on integer descriptors.
    check(unsafe { libc::dup2(fd, fd2) })
}

pub fn dup3(fd: c_int, fd2: c_int, flags: c_int) -> SysResult<c_int> {
    // SAFETY: plain system call on integer descriptors.
    check(unsafe { libc::dup3(fd, fd2, flags) })
}

/// A pipe: (read end, write end).
pub fn pipe2(flags: c_int) -> SysResult<(c_int, c_int)> {
    let mut fds = [0 as c_int; 2];
    // SAFETY: `fds` has room for the two descriptors the call stores.
    check(unsafe { libc::pipe2(fds.as_mut_ptr(), flags) })?;
    Ok((fds[0], fds[1]))
}

/// `fcntl` with an integer argument (or none: pass 0).
pub fn fcntl_int(fd: c_int, cmd: c_int, arg: c_int) -> SysResult<c_int> {
    // SAFETY: an integer argument is passed by value; commands that expect a pointer fail
    // with EFAULT on it rather than touching our memory.
    check(unsafe { libc::fcntl(fd, cmd, arg) })
}

/// `fcntl` with a pointer argument: `buf` is copied into a scratch area of at least
/// `SCRATCH` bytes, which the call may read and write; returns the result and the first
/// `buf.len()` bytes of the scratch area afterwards.
pub fn fcntl_buf(fd: c_int, cmd: c_int, buf: &[u8]) -> SysResult<(c_int, Vec<u8>)> {
    with_scratch(buf, |p| {
        // SAFETY: `p` points to SCRATCH writable bytes, more than any fcntl command reads or
        // writes through its pointer argument.
        unsafe { libc::fcntl(fd, cmd, p) }
    })
}

/// Record locks (`F_GETLK`, `F_SETLK`, `F_SETLKW`).
pub fn fcntl_lock(fd: c_int, cmd: c_int, lock: &mut libc::flock) -> SysResult<c_int> {
    // SAFETY: `lock` is a valid flock the call may read and update.
    check(unsafe { libc::fcntl(fd, cmd, lock as *mut libc::flock) })
}

/// The size of the scratch area pointer-argument `fcntl` and `ioctl` calls get, as
/// CPython's (`1024` bytes).
pub const SCRATCH: usize = 1024;

fn with_scratch(
    buf: &[u8],
    call: impl FnOnce(*mut libc::c_void) -> c_int,
) -> SysResult<(c_int, Vec<u8>)> {
    let mut scratch = vec![0u8; SCRATCH.max(buf.len())];
    scratch[..buf.len()].copy_from_slice(buf);
    let r = check(call(scratch.as_mut_ptr().cast()))?;
    scratch.truncate(buf.len());
    Ok((r, scratch))
}

/// `ioctl` with an integer argument.
pub fn ioctl_int(fd: c_int, request: libc::Ioctl, arg: libc::c_long) -> SysResult<c_int> {
    // SAFETY: an integer argument is passed by value; a request that expects a pointer fails
    // with EFAULT (or reads no memory of ours) on it.
    check(unsafe { libc::ioctl(fd, request, arg) })
}

/// `ioctl` with a pointer argument, through a scratch area as `fcntl_buf`.
pub fn ioctl_buf(fd: c_int, request: libc::Ioctl, buf: &[u8]) -> SysResult<(c_int, Vec<u8>)> {
    with_scratch(buf, |p| {
        // SAFETY: `p` points to at least SCRATCH writable bytes.
        unsafe { libc::ioctl(fd, request, p) }
    })
}

pub fn flock(fd: c_int, op: c_int) -> SysResult<()> {
    // SAFETY: plain system call on integers.
    check(unsafe { libc::flock(fd, op) }).map(drop)
}

pub fn isatty(fd: c_int) -> bool {
    // SAFETY: plain call on an integer descriptor.
    unsafe { libc::isatty(fd) == 1 }
}

pub fn fstat(fd: c_int) -> SysResult<libc::stat> {
    let mut st: libc::stat = super::zeroed();
    // SAFETY: `st` is a valid stat buffer for the call to fill.
    check(unsafe { libc::fstat(fd, &mut st) })?;
    Ok(st)
}

pub fn fstatvfs(fd: c_int) -> SysResult<libc::statvfs> {
    let mut st: libc::statvfs = super::zeroed();
    // SAFETY: `st` is a valid statvfs buffer for the call to fill.
    check(unsafe { libc::fstatvfs(fd, &mut st) })?;
    Ok(st)
}

pub fn ftruncate(fd: c_int, len: i64) -> SysResult<()> {
    // SAFETY: plain system call on integers.
    check(unsafe { libc::ftruncate(fd, len) }).map(drop)
}

pub fn fsync(fd: c_int) -> SysResult<()> {
    // SAFETY: plain system call on an integer descriptor.
    check(unsafe { libc::fsync(fd) }).map(drop)
}

pub fn fdatasync(fd: c_int) -> SysResult<()> {
    // SAFETY: plain system call on an integer descriptor.
    check(unsafe { libc::fdatasync(fd) }).map(drop)
}

/// Waits for events on `fds` (their `revents` are filled in); returns how many have some.
/// `timeout_ms` negative waits for ever.
pub fn poll(fds: &mut [libc::pollfd], timeout_ms: c_int) -> SysResult<usize> {
    // SAFETY: `fds` is a valid array of `fds.len()` pollfd structures.
    check(unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) })
        .map(|n| n as usize)
}

/// The kernel-side copies between descriptors.
#[derive(Copy, Clone)]
pub enum KernelCopy {
    /// `splice`: one side is a pipe.
    Splice,
    /// `copy_file_range`: between regular files.
    CopyFileRange,
}

/// Moves up to `count` bytes from `src` to `dst` inside the kernel; the offsets, when given,
/// are used and advanced instead of the descriptors' positions.
pub fn kernel_copy(
    how: KernelCopy,
    src: c_int,
    src_offset: Option<&mut i64>,
    dst: c_int,
    dst_offset: Option<&mut i64>,
    count: usize,
    flags: u32,
) -> SysResult<usize> {
    let (s, d) = (offset_ptr(src_offset), offset_ptr(dst_offset));
    // SAFETY: each offset pointer is null or points to an i64 borrowed for the call.
    check_size(unsafe {
        match how {
            KernelCopy::Splice => libc::splice(src, s, dst, d, count, flags),
            KernelCopy::CopyFileRange => libc::copy_file_range(src, s, dst, d, count, flags),
        }
    })
}

fn offset_ptr(o: Option<&mut i64>) -> *mut i64 {
    o.map_or(std::ptr::null_mut(), |v| v as *mut i64)
}

pub fn eventfd(initial: u32, flags: c_int) -> SysResult<c_int> {
    // SAFETY: plain system call on integers.
    check(unsafe { libc::eventfd(initial, flags) })
}

/// An anonymous memory-backed file named `name` (for debugging only).
pub fn memfd_create(name: &std::ffi::CStr, flags: u32) -> SysResult<c_int> {
    // SAFETY: `name` is NUL-terminated.
    check(unsafe { libc::memfd_create(name.as_ptr(), flags) })
}

pub fn lockf(fd: c_int, cmd: c_int, len: i64) -> SysResult<()> {
    // SAFETY: plain system call on integers.
    check(unsafe { libc::lockf(fd, cmd, len) }).map(drop)
}

/// `posix_fallocate` reports failure as its result, not in errno.
pub fn posix_fallocate(fd: c_int, offset: i64, len: i64) -> SysResult<()> {
    // SAFETY: plain call on integers.
    match unsafe { libc::posix_fallocate(fd, offset, len) } {
        0 => Ok(()),
        e => Err(Errno(e)),
    }
}

/// `posix_fadvise` reports failure as its result, not in errno.
pub fn posix_fadvise(fd: c_int, offset: i64, len: i64, advice: c_int) -> SysResult<()> {
    // SAFETY: plain call on integers.
    match unsafe { libc::posix_fadvise(fd, offset, len, advice) } {
        0 => Ok(()),
        e => Err(Errno(e)),
    }
}

/// A configuration limit of the file open on `fd`; None when there is no limit.
pub fn fpathconf(fd: c_int, name: c_int) -> SysResult<Option<i64>> {
    super::set_errno(0);
    // SAFETY: plain call on integers.
    let r = unsafe { libc::fpathconf(fd, name) };
    conf_result(r)
}

/// -1 with errno unset means "no limit".
pub(super) fn conf_result(r: libc::c_long) -> SysResult<Option<i64>> {
    if r == -1 {
        match super::errno() {
            0 => Ok(None),
            e => Err(Errno(e)),
        }
    } else {
        Ok(Some(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipe_round_trip_and_errors() {
        let (r, w) = pipe2(libc::O_CLOEXEC).unwrap();
        assert_eq!(write(w, b"heron").unwrap(), 5);
        let mut buf = [0u8; 8];
        assert_eq!(read(r, &mut buf).unwrap(), 5);
        assert_eq!(&buf[..5], b"heron");
        assert!(fcntl_int(r, libc::F_GETFD, 0).unwrap() & libc::FD_CLOEXEC != 0);
        assert!(!isatty(r));
        close(w).unwrap();
        assert_eq!(
            read(r, &mut buf).unwrap(),
            0,
            "end of file once the writer is closed"
        );
        close(r).unwrap();
        // Not `close(r)` again: the tests run on parallel threads, and another test's pipe
        // may already have that descriptor number.
        assert_eq!(close(-1), Err(Errno(libc::EBADF)));
        assert_eq!(lseek(-1, 0, libc::SEEK_SET), Err(Errno(libc::EBADF)));
        assert_eq!(super::super::strerror(libc::EBADF), "Bad file descriptor");
    }

    #[test]
    fn scratch_buffers_keep_the_callers_length() {
        let (r, w) = pipe2(0).unwrap();
        // FIONREAD writes an int: the bytes waiting in the pipe.
        write(w, b"abc").unwrap();
        let (_, out) = ioctl_buf(r, libc::FIONREAD, &[0u8; 4]).unwrap();
        assert_eq!(out.len(), 4);
        assert_eq!(i32::from_ne_bytes(out.try_into().unwrap()), 3);
        close(r).unwrap();
        close(w).unwrap();
    }
}
