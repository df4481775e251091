//! Terminals: pseudo-terminal pairs, a terminal's name, its foreground process group,
//! making one the controlling terminal.

use super::{check, Errno, SysResult};
use libc::c_int;

/// A new pseudo-terminal: (master, slave), neither inherited by child processes.
pub fn openpty() -> SysResult<(c_int, c_int)> {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: the two out-pointers are valid; name, termios and winsize are optional (null).
    check(unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    })?;
    for fd in [master, slave] {
        // New descriptors are not inheritable (PEP 446).
        let _ = super::fd::fcntl_int(fd, libc::F_SETFD, libc::FD_CLOEXEC);
    }
    Ok((master, slave))
}

/// The path of the terminal open on `fd`, as bytes. `ttyname_r` reports failure as its
/// result, not in errno.
pub fn ttyname(fd: c_int) -> SysResult<Vec<u8>> {
    let mut buf = vec![0u8; 1024];
    // SAFETY: `buf` has room for `buf.len()` bytes, which the call NUL-terminates.
    match unsafe { libc::ttyname_r(fd, buf.as_mut_ptr().cast(), buf.len()) } {
        0 => {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            buf.truncate(end);
            Ok(buf)
        }
        e => Err(Errno(e)),
    }
}

pub fn tcgetpgrp(fd: c_int) -> SysResult<libc::pid_t> {
    // SAFETY: plain call on an integer descriptor.
    check(unsafe { libc::tcgetpgrp(fd) })
}

pub fn tcsetpgrp(fd: c_int, pgrp: libc::pid_t) -> SysResult<()> {
    // SAFETY: plain call on integers.
    check(unsafe { libc::tcsetpgrp(fd, pgrp) }).map(drop)
}

/// Makes the terminal on `fd` the controlling terminal and standard streams of a new
/// session (`login_tty`).
pub fn login_tty(fd: c_int) -> SysResult<()> {
    // SAFETY: plain call on an integer descriptor.
    check(unsafe { libc::login_tty(fd) }).map(drop)
}
