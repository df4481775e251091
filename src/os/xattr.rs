//! Extended attributes of a file, named by path (following a final symlink or not) or open
//! on a descriptor.

use std::ffi::CStr;

use super::{check, check_size, SysResult};

/// Where an attribute call acts.
pub enum Target<'a> {
    Fd(libc::c_int),
    Path {
        path: &'a CStr,
        follow_symlinks: bool,
    },
}

/// One `getxattr` call into `buf`; ERANGE when `buf` is too small.
pub fn get(target: &Target, name: &CStr, buf: &mut [u8]) -> SysResult<usize> {
    let (n, p, size) = (name.as_ptr(), buf.as_mut_ptr().cast(), buf.len());
    // SAFETY: `buf` has room for `size` bytes; the name and path are NUL-terminated.
    check_size(unsafe {
        match *target {
            Target::Fd(fd) => libc::fgetxattr(fd, n, p, size),
            Target::Path {
                path,
                follow_symlinks: true,
            } => libc::getxattr(path.as_ptr(), n, p, size),
            Target::Path {
                path,
                follow_symlinks: false,
            } => libc::lgetxattr(path.as_ptr(), n, p, size),
        }
    })
}

pub fn set(target: &Target, name: &CStr, value: &[u8], flags: libc::c_int) -> SysResult<()> {
    let (n, v, len) = (name.as_ptr(), value.as_ptr().cast(), value.len());
    // SAFETY: `value` holds `len` readable bytes; the name and path are NUL-terminated.
    check(unsafe {
        match *target {
            Target::Fd(fd) => libc::fsetxattr(fd, n, v, len, flags),
            Target::Path {
                path,
                follow_symlinks: true,
            } => libc::setxattr(path.as_ptr(), n, v, len, flags),
            Target::Path {
                path,
                follow_symlinks: false,
            } => libc::lsetxattr(path.as_ptr(), n, v, len, flags),
        }
    })
    .map(drop)
}

pub fn remove(target: &Target, name: &CStr) -> SysResult<()> {
    let n = name.as_ptr();
    // SAFETY: the name and path are NUL-terminated.
    check(unsafe {
        match *target {
            Target::Fd(fd) => libc::fremovexattr(fd, n),
            Target::Path {
                path,
                follow_symlinks: true,
            } => libc::removexattr(path.as_ptr(), n),
            Target::Path {
                path,
                follow_symlinks: false,
            } => libc::lremovexattr(path.as_ptr(), n),
        }
    })
    .map(drop)
}

/// One `listxattr` call into `buf` (NUL-separated names); ERANGE when `buf` is too small.
pub fn list(target: &Target, buf: &mut [u8]) -> SysResult<usize> {
    let (p, size) = (buf.as_mut_ptr().cast(), buf.len());
    // SAFETY: `buf` has room for `size` bytes; the path is NUL-terminated.
    check_size(unsafe {
        match *target {
            Target::Fd(fd) => libc::flistxattr(fd, p, size),
            Target::Path {
                path,
                follow_symlinks: true,
            } => libc::listxattr(path.as_ptr(), p, size),
            Target::Path {
                path,
                follow_symlinks: false,
            } => libc::llistxattr(path.as_ptr(), p, size),
        }
    })
}
