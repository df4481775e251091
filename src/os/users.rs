//! The user and group databases (`<pwd.h>`, `<grp.h>`), under the `pwd` and `grp` modules.
//!
//! Single look-ups use the reentrant `getpwuid_r`/`getpwnam_r`/`getgrgid_r`/`getgrnam_r`
//! with a buffer that starts at `sysconf(_SC_GET*_R_SIZE_MAX)` (1024 bytes when unknown) and
//! doubles while the call reports `ERANGE`, as CPython's `Modules/pwdmodule.c` and
//! `grpmodule.c` do. Any other failure counts as "not found", also as CPython. The whole
//! databases are read with `setpwent`/`getpwent`/`endpwent` (and the `gr` equivalents),
//! whose iteration state is process-wide, so one lock serializes those walks.
//!
//! Entries are returned as plain bytes and numbers, copied out of the C library's storage
//! before the next call; decoding them is the module's business.

use std::ffi::{c_char, CStr};
use std::sync::Mutex;

use super::{Errno, SysResult};

// SAFETY: both are libc `repr(C)` structures of integers and raw pointers.
unsafe impl super::PlainData for libc::passwd {}
// SAFETY: as above.
unsafe impl super::PlainData for libc::group {}

/// One entry of the password database. A string field the C library left NULL is None.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passwd {
    pub name: Option<Vec<u8>>,
    pub passwd: Option<Vec<u8>>,
    pub uid: libc::uid_t,
    pub gid: libc::gid_t,
    pub gecos: Option<Vec<u8>>,
    pub dir: Option<Vec<u8>>,
    pub shell: Option<Vec<u8>>,
}

/// One entry of the group database. A NULL name reads as empty; a NULL password is None.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub name: Vec<u8>,
    pub passwd: Option<Vec<u8>>,
    pub gid: libc::gid_t,
    pub members: Vec<Vec<u8>>,
}

/// The buffer size past which a growing look-up gives up with `ENOMEM` (CPython stops at
/// half of `PY_SSIZE_T_MAX`; no real entry comes near this).
const MAX_BUFFER: usize = 1 << 30;

/// The first buffer size when `sysconf` does not say (CPython's `DEFAULT_BUFFER_SIZE`).
const DEFAULT_BUFFER: usize = 1024;

/// Serializes the `set*ent`/`get*ent`/`end*ent` walks, whose cursor is shared by the process.
static ENUMERATION: Mutex<()> = Mutex::new(());

/// A C string field copied out, or None for a NULL pointer.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that stays valid during the call.
unsafe fn c_bytes(p: *const c_char) -> Option<Vec<u8>> {
    // SAFETY: the caller guarantees `p` is a valid NUL-terminated string when not NULL.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_bytes().to_vec())
}

/// Copies a `passwd` the C library filled in.
///
/// # Safety
/// Every string pointer of `p` is NULL or a valid NUL-terminated string.
unsafe fn passwd_from(p: &libc::passwd) -> Passwd {
    // SAFETY: the caller guarantees each field is NULL or a valid C string.
    unsafe {
        Passwd {
            name: c_bytes(p.pw_name),
            passwd: c_bytes(p.pw_passwd),
            uid: p.pw_uid,
            gid: p.pw_gid,
            gecos: c_bytes(p.pw_gecos),
            dir: c_bytes(p.pw_dir),
            shell: c_bytes(p.pw_shell),
        }
    }
}

/// Copies a `group` the C library filled in, with its NULL-terminated member list.
///
/// # Safety
/// Every string pointer of `g` is NULL or a valid NUL-terminated string, and `gr_mem` is
/// NULL or a NULL-terminated array of them.
unsafe fn group_from(g: &libc::group) -> Group {
    let mut members = Vec::new();
    if !g.gr_mem.is_null() {
        for i in 0.. {
            // SAFETY: `gr_mem` is NULL-terminated, so every index up to that NULL is inside
            // the array; the read is unaligned because, as CPython notes, some C libraries
            // leave the array misaligned in the buffer.
            let member = unsafe { g.gr_mem.add(i).read_unaligned() };
            if member.is_null() {
                break;
            }
            // SAFETY: a non-NULL member is a valid C string (the caller's guarantee).
            members.push(unsafe { CStr::from_ptr(member) }.to_bytes().to_vec());
        }
    }
    // SAFETY: the caller guarantees each field is NULL or a valid C string.
    unsafe {
        Group {
            name: c_bytes(g.gr_name).unwrap_or_default(),
            passwd: c_bytes(g.gr_passwd),
            gid: g.gr_gid,
            members,
        }
    }
}

/// The first buffer size for a `*_r` look-up, from `sysconf(name)`.
fn first_buffer_size(name: libc::c_int) -> usize {
    match super::system::sysconf(name) {
        n if n > 0 => n as usize,
        _ => DEFAULT_BUFFER,
    }
}

/// Runs a reentrant look-up `call(entry, buffer, length, result)` with a buffer that doubles
/// while the call reports `ERANGE`; `copy` turns the filled entry into owned data. None when
/// there is no entry (or the call failed otherwise); `ENOMEM` when the buffer would pass
/// `MAX_BUFFER`.
fn lookup<E: super::PlainData, T>(
    size_name: libc::c_int,
    mut call: impl FnMut(*mut E, *mut c_char, usize, *mut *mut E) -> libc::c_int,
    copy: impl FnOnce(&E) -> T,
) -> SysResult<Option<T>> {
    let mut size = first_buffer_size(size_name);
    loop {
        let mut entry: E = super::zeroed();
        let mut buf = vec![0u8; size];
        let mut result: *mut E = std::ptr::null_mut();
        let status = call(&mut entry, buf.as_mut_ptr().cast(), size, &mut result);
        if status == 0 && !result.is_null() {
            // The entry's strings point into `buf`, alive until the end of this iteration.
            return Ok(Some(copy(&entry)));
        }
        if status != libc::ERANGE {
            return Ok(None);
        }
        if size > MAX_BUFFER {
            return Err(Errno(libc::ENOMEM));
        }
        size *= 2;
    }
}

/// The password entry of user `uid`, if there is one.
pub fn getpwuid(uid: libc::uid_t) -> SysResult<Option<Passwd>> {
    lookup(
        libc::_SC_GETPW_R_SIZE_MAX,
        // SAFETY: `entry` and `result` are valid for writes and `buf` holds `len` writable
        // bytes, which is all `getpwuid_r` touches.
        |entry, buf, len, result| unsafe { libc::getpwuid_r(uid, entry, buf, len, result) },
        // SAFETY: on success every string field is NULL or a C string inside the live buffer.
        |p| unsafe { passwd_from(p) },
    )
}

/// The password entry of the user called `name`, if there is one.
pub fn getpwnam(name: &CStr) -> SysResult<Option<Passwd>> {
    lookup(
        libc::_SC_GETPW_R_SIZE_MAX,
        // SAFETY: `name` is NUL-terminated; the other pointers are as in `getpwuid`.
        |entry, buf, len, result| unsafe {
            libc::getpwnam_r(name.as_ptr(), entry, buf, len, result)
        },
        // SAFETY: as in `getpwuid`.
        |p| unsafe { passwd_from(p) },
    )
}

/// The group entry of group `gid`, if there is one.
pub fn getgrgid(gid: libc::gid_t) -> SysResult<Option<Group>> {
    lookup(
        libc::_SC_GETGR_R_SIZE_MAX,
        // SAFETY: `entry` and `result` are valid for writes and `buf` holds `len` writable
        // bytes, which is all `getgrgid_r` touches.
        |entry, buf, len, result| unsafe { libc::getgrgid_r(gid, entry, buf, len, result) },
        // SAFETY: on success the strings and the member array live in the buffer.
        |g| unsafe { group_from(g) },
    )
}

/// The group entry of the group called `name`, if there is one.
pub fn getgrnam(name: &CStr) -> SysResult<Option<Group>> {
    lookup(
        libc::_SC_GETGR_R_SIZE_MAX,
        // SAFETY: `name` is NUL-terminated; the other pointers are as in `getgrgid`.
        |entry, buf, len, result| unsafe {
            libc::getgrnam_r(name.as_ptr(), entry, buf, len, result)
        },
        // SAFETY: as in `getgrgid`.
        |g| unsafe { group_from(g) },
    )
}

/// Every entry of the password database, in the database's order.
pub fn getpwall() -> Vec<Passwd> {
    let _walk = ENUMERATION.lock().unwrap_or_else(|e| e.into_inner());
    let mut all = Vec::new();
    // SAFETY: rewinds the process's cursor, which only this locked walk uses.
    unsafe { libc::setpwent() };
    loop {
        // SAFETY: `getpwent` returns NULL at the end or an entry in static storage, valid
        // until the next call, which comes after the copy.
        let p = unsafe { libc::getpwent() };
        if p.is_null() {
            break;
        }
        // SAFETY: `p` is a valid entry whose fields are NULL or C strings.
        all.push(unsafe { passwd_from(&*p) });
    }
    // SAFETY: closes the database this walk opened.
    unsafe { libc::endpwent() };
    all
}

/// Every entry of the group database, in the database's order.
pub fn getgrall() -> Vec<Group> {
    let _walk = ENUMERATION.lock().unwrap_or_else(|e| e.into_inner());
    let mut all = Vec::new();
    // SAFETY: rewinds the process's cursor, which only this locked walk uses.
    unsafe { libc::setgrent() };
    loop {
        // SAFETY: `getgrent` returns NULL at the end or an entry in static storage, valid
        // until the next call, which comes after the copy.
        let g = unsafe { libc::getgrent() };
        if g.is_null() {
            break;
        }
        // SAFETY: `g` is a valid entry whose fields are NULL or C strings and whose member
        // list is NULL-terminated.
        all.push(unsafe { group_from(&*g) });
    }
    // SAFETY: closes the database this walk opened.
    unsafe { libc::endgrent() };
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_user_and_group_exist() {
        let root = getpwuid(0).unwrap().expect("uid 0");
        assert_eq!(root.name.as_deref(), Some(&b"root"[..]));
        assert_eq!(root.uid, 0);
        let by_name = getpwnam(c"root").unwrap().expect("user root");
        assert_eq!(by_name, root);
        assert!(getpwall().iter().any(|p| p.uid == 0));
        let group = getgrgid(0).unwrap().expect("gid 0");
        assert_eq!(getgrnam(c"root").unwrap().expect("group root").gid, 0);
        assert!(getgrall()
            .iter()
            .any(|g| g.gid == 0 && g.name == group.name));
    }

    #[test]
    fn missing_entries_are_none() {
        assert_eq!(getpwuid(2_147_483_646).unwrap(), None);
        assert_eq!(getgrgid(2_147_483_646).unwrap(), None);
        assert_eq!(getpwnam(c"no-such-user-heron").unwrap(), None);
        assert_eq!(getgrnam(c"no-such-group-heron").unwrap(), None);
    }
}
