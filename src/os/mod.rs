//! The operating system under the native modules: safe functions over the C library calls
//! Heron makes (descriptors, files and directories, processes, signals, sockets, locale and
//! time, the compression library's C interface).
//!
//! Every `unsafe` block that calls into C lives in this layer, each with why it holds; the
//! native modules above (`posix`, `_io`, `_socket`, `select`, ...) call these functions and
//! never `libc` directly. Nothing here knows about Python values: a failed call returns the
//! `Errno` it set, and the module turns that into the right `OSError` subclass.

pub mod fd;
pub mod fs;
pub mod locale;
pub mod net;
pub mod process;
pub mod select;
pub mod signal;
pub mod system;
pub mod time;
pub mod tty;
pub mod users;
pub mod xattr;
pub mod zlib;

/// The `errno` a failed call set.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Errno(pub i32);

impl Errno {
    /// This thread's `errno` now.
    pub fn last() -> Errno {
        Errno(errno())
    }
}

/// A C library call's result: the value, or the `errno` it failed with.
pub type SysResult<T> = Result<T, Errno>;

/// This thread's current `errno`.
pub fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Sets this thread's `errno` (0 before calls that return -1 both as a value and on error).
pub fn set_errno(code: i32) {
    // SAFETY: `__errno_location` is this thread's errno slot, valid for the thread's life.
    unsafe { *libc::__errno_location() = code };
}

/// `strerror(code)`.
pub fn strerror(code: i32) -> String {
    // SAFETY: strerror returns a valid NUL-terminated string for any code, which is copied
    // before any other call could overwrite it.
    unsafe { std::ffi::CStr::from_ptr(libc::strerror(code)) }
        .to_string_lossy()
        .into_owned()
}

/// A `-1` result as the `errno` it set; anything else as it is.
pub fn check(r: libc::c_int) -> SysResult<libc::c_int> {
    if r == -1 {
        Err(Errno::last())
    } else {
        Ok(r)
    }
}

/// A `-1` byte count as the `errno` it set.
pub fn check_size(r: libc::ssize_t) -> SysResult<usize> {
    if r < 0 {
        Err(Errno::last())
    } else {
        Ok(r as usize)
    }
}

/// A C structure of plain integers and arrays (`stat`, `flock`, `sockaddr_storage`,
/// `tm`, ...) with every field zero, ready to fill.
pub fn zeroed<T: PlainData>() -> T {
    // SAFETY: `PlainData` types are C structures of integers, arrays and raw pointers, for
    // which all-zero bytes are a valid value.
    unsafe { std::mem::zeroed() }
}

/// C structures for which all-zero bytes are a valid value (see `zeroed`).
///
/// # Safety
/// Implement only for `repr(C)` structures whose fields are integers, arrays of them or raw
/// pointers.
pub unsafe trait PlainData {}

// SAFETY: each is a libc `repr(C)` structure of integers, integer arrays and raw pointers.
unsafe impl PlainData for libc::stat {}
// SAFETY: as above.
unsafe impl PlainData for libc::statvfs {}
// SAFETY: as above.
unsafe impl PlainData for libc::flock {}
// SAFETY: as above.
unsafe impl PlainData for libc::pollfd {}
// SAFETY: as above.
unsafe impl PlainData for libc::fd_set {}
// SAFETY: as above.
unsafe impl PlainData for libc::timeval {}
// SAFETY: as above.
unsafe impl PlainData for libc::timespec {}
// SAFETY: as above.
unsafe impl PlainData for libc::winsize {}
// SAFETY: as above.
unsafe impl PlainData for libc::tms {}
// SAFETY: as above.
unsafe impl PlainData for libc::utsname {}
// SAFETY: as above.
unsafe impl PlainData for libc::tm {}
// SAFETY: as above.
unsafe impl PlainData for libc::sockaddr_storage {}
// SAFETY: as above.
unsafe impl PlainData for libc::sockaddr_in {}
// SAFETY: as above.
unsafe impl PlainData for libc::sockaddr_in6 {}
// SAFETY: as above.
unsafe impl PlainData for libc::sockaddr_un {}
// SAFETY: as above.
unsafe impl PlainData for libc::addrinfo {}
