//! Sockets: creating, connecting and closing them, sending and receiving, their options, and
//! name resolution (`getaddrinfo`, `getnameinfo`, services and protocols). Addresses travel
//! as `SockAddr`, a `sockaddr_storage` with its length and typed accessors for IPv4, IPv6 and
//! Unix addresses.

use std::ffi::CStr;
use std::mem::{align_of, size_of};
use std::net::{Ipv4Addr, Ipv6Addr};

use super::{check, check_size, zeroed, Errno, PlainData, SysResult};
use libc::{c_int, socklen_t};

/// A socket address in C form: the storage and how many bytes of it are the address.
#[derive(Clone)]
pub struct SockAddr {
    storage: libc::sockaddr_storage,
    len: socklen_t,
}

const STORAGE_LEN: socklen_t = size_of::<libc::sockaddr_storage>() as socklen_t;

impl SockAddr {
    /// All-zero storage whose length is the whole storage: a buffer for a call to fill.
    pub fn zeroed() -> SockAddr {
        SockAddr {
            storage: zeroed(),
            len: STORAGE_LEN,
        }
    }

    /// An AF_INET address.
    pub fn inet(ip: Ipv4Addr, port: u16) -> SockAddr {
        let mut out = SockAddr::zeroed();
        out.len = size_of::<libc::sockaddr_in>() as socklen_t;
        let sin = out.view_mut::<libc::sockaddr_in>();
        sin.sin_family = libc::AF_INET as libc::sa_family_t;
        sin.sin_port = port.to_be();
        sin.sin_addr.s_addr = u32::from(ip).to_be();
        out
    }

    /// An AF_INET6 address (`flowinfo` in host order).
    pub fn inet6(ip: Ipv6Addr, port: u16, flowinfo: u32, scope_id: u32) -> SockAddr {
        let mut out = SockAddr::zeroed();
        out.len = size_of::<libc::sockaddr_in6>() as socklen_t;
        let sin6 = out.view_mut::<libc::sockaddr_in6>();
        sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
        sin6.sin6_port = port.to_be();
        sin6.sin6_flowinfo = flowinfo.to_be();
        sin6.sin6_addr.s6_addr = ip.octets();
        sin6.sin6_scope_id = scope_id;
        out
    }

    /// An AF_UNIX address; a path beginning with NUL is an abstract name. `ENAMETOOLONG` when
    /// the path does not fit.
    pub fn unix(path: &[u8]) -> SysResult<SockAddr> {
        let mut out = SockAddr::zeroed();
        let un = out.view_mut::<libc::sockaddr_un>();
        if path.len() >= un.sun_path.len() {
            return Err(Errno(libc::ENAMETOOLONG));
        }
        un.sun_family = libc::AF_UNIX as libc::sa_family_t;
        for (d, &b) in un.sun_path.iter_mut().zip(path) {
            *d = b as libc::c_char;
        }
        out.len = (size_of::<libc::sa_family_t>()
            + path.len()
            + usize::from(path.first() != Some(&0))) as socklen_t;
        Ok(out)
    }

    pub fn family(&self) -> c_int {
        self.storage.ss_family as c_int
    }

    pub fn set_family(&mut self, family: c_int) {
        self.storage.ss_family = family as libc::sa_family_t;
    }

    /// The address's length in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the call that filled this returned no address.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Makes this an AF_INET address with `port`, keeping its IP address.
    pub fn set_inet_port(&mut self, port: u16) {
        let sin = self.view_mut::<libc::sockaddr_in>();
        sin.sin_family = libc::AF_INET as libc::sa_family_t;
        sin.sin_port = port.to_be();
    }

    /// Makes this an AF_INET6 address with `port`, and `flowinfo` (host order) and `scope_id`
    /// when given, keeping the rest.
    pub fn set_inet6(&mut self, port: u16, flowinfo: Option<u32>, scope_id: Option<u32>) {
        let sin6 = self.view_mut::<libc::sockaddr_in6>();
        sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
        sin6.sin6_port = port.to_be();
        if let Some(f) = flowinfo {
            sin6.sin6_flowinfo = f.to_be();
        }
        if let Some(s) = scope_id {
            sin6.sin6_scope_id = s;
        }
    }

    /// An AF_INET address's IP address and port.
    pub fn as_inet(&self) -> Option<(Ipv4Addr, u16)> {
        (self.family() == libc::AF_INET).then(|| {
            let sin = self.view::<libc::sockaddr_in>();
            (
                Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)),
                u16::from_be(sin.sin_port),
            )
        })
    }

    /// An AF_INET6 address's IP address, port, flow info (host order) and scope id.
    pub fn as_inet6(&self) -> Option<(Ipv6Addr, u16, u32, u32)> {
        (self.family() == libc::AF_INET6).then(|| {
            let sin6 = self.view::<libc::sockaddr_in6>();
            (
                Ipv6Addr::from(sin6.sin6_addr.s6_addr),
                u16::from_be(sin6.sin6_port),
                u32::from_be(sin6.sin6_flowinfo),
                sin6.sin6_scope_id,
            )
        })
    }

    /// An AF_UNIX address's path bytes, as many as its length covers (an abstract name
    /// begins with NUL; a path may end with one).
    pub fn as_unix(&self) -> Option<Vec<u8>> {
        (self.family() == libc::AF_UNIX).then(|| {
            let un = self.view::<libc::sockaddr_un>();
            let n = self.len().saturating_sub(size_of::<libc::sa_family_t>());
            un.sun_path[..n.min(un.sun_path.len())]
                .iter()
                .map(|&c| c as u8)
                .collect()
        })
    }

    fn view<T: PlainData>(&self) -> &T {
        const { assert!(fits::<T>()) };
        // SAFETY: `T` fits in the storage's size and alignment, and any bytes are a valid
        // `PlainData` value.
        unsafe { &*(&self.storage as *const libc::sockaddr_storage).cast::<T>() }
    }

    fn view_mut<T: PlainData>(&mut self) -> &mut T {
        const { assert!(fits::<T>()) };
        // SAFETY: as in `view`; the storage is plain bytes, so any `T` written is valid
        // storage too.
        unsafe { &mut *(&mut self.storage as *mut libc::sockaddr_storage).cast::<T>() }
    }

    fn ptr(&self) -> *const libc::sockaddr {
        (&self.storage as *const libc::sockaddr_storage).cast()
    }

    /// The storage as a buffer for a call to fill, and its length, reset to the whole storage.
    fn out_ptr(&mut self) -> (*mut libc::sockaddr, *mut socklen_t) {
        self.len = STORAGE_LEN;
        (
            (&mut self.storage as *mut libc::sockaddr_storage).cast(),
            &mut self.len,
        )
    }
}

const fn fits<T>() -> bool {
    size_of::<T>() <= size_of::<libc::sockaddr_storage>()
        && align_of::<T>() <= align_of::<libc::sockaddr_storage>()
}

// ---- sockets ----

pub fn socket(family: c_int, kind: c_int, proto: c_int) -> SysResult<c_int> {
    // SAFETY: plain system call on integers.
    check(unsafe { libc::socket(family, kind, proto) })
}

/// A connected pair of sockets.
pub fn socketpair(family: c_int, kind: c_int, proto: c_int) -> SysResult<(c_int, c_int)> {
    let mut fds = [0 as c_int; 2];
    // SAFETY: `fds` has room for the two descriptors the call stores.
    check(unsafe { libc::socketpair(family, kind, proto, fds.as_mut_ptr()) })?;
    Ok((fds[0], fds[1]))
}

pub fn bind(fd: c_int, addr: &SockAddr) -> SysResult<()> {
    // SAFETY: `addr` points to `addr.len` valid bytes of address.
    check(unsafe { libc::bind(fd, addr.ptr(), addr.len) }).map(drop)
}

pub fn listen(fd: c_int, backlog: c_int) -> SysResult<()> {
    // SAFETY: plain system call on integers.
    check(unsafe { libc::listen(fd, backlog) }).map(drop)
}

/// A new connection: its descriptor and the peer's address.
pub fn accept4(fd: c_int, flags: c_int) -> SysResult<(c_int, SockAddr)> {
    let mut addr = SockAddr::zeroed();
    let (p, len) = addr.out_ptr();
    // SAFETY: `p` is the storage and `len` its size, which the call fills.
    let r = check(unsafe { libc::accept4(fd, p, len, flags) })?;
    Ok((r, addr))
}

pub fn connect(fd: c_int, addr: &SockAddr) -> SysResult<()> {
    // SAFETY: `addr` points to `addr.len` valid bytes of address.
    check(unsafe { libc::connect(fd, addr.ptr(), addr.len) }).map(drop)
}

/// Receives into `buf`; returns the byte count.
pub fn recv(fd: c_int, buf: &mut [u8], flags: c_int) -> SysResult<usize> {
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`.
    check_size(unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), flags) })
}

/// Receives into `buf`; returns the byte count and the sender's address.
pub fn recvfrom(fd: c_int, buf: &mut [u8], flags: c_int) -> SysResult<(usize, SockAddr)> {
    let mut addr = SockAddr::zeroed();
    let (p, len) = addr.out_ptr();
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`, and fills the address
    // storage `p` of size `*len`.
    let n = check_size(unsafe {
        libc::recvfrom(fd, buf.as_mut_ptr().cast(), buf.len(), flags, p, len)
    })?;
    Ok((n, addr))
}

/// Sends from `data`; returns the byte count sent.
pub fn send(fd: c_int, data: &[u8], flags: c_int) -> SysResult<usize> {
    // SAFETY: the kernel reads at most `data.len()` bytes from `data`.
    check_size(unsafe { libc::send(fd, data.as_ptr().cast(), data.len(), flags) })
}

/// Sends from `data` to `addr`; returns the byte count sent.
pub fn sendto(fd: c_int, data: &[u8], flags: c_int, addr: &SockAddr) -> SysResult<usize> {
    // SAFETY: the kernel reads at most `data.len()` bytes from `data` and `addr.len` bytes of
    // address.
    check_size(unsafe {
        libc::sendto(
            fd,
            data.as_ptr().cast(),
            data.len(),
            flags,
            addr.ptr(),
            addr.len,
        )
    })
}

pub fn shutdown(fd: c_int, how: c_int) -> SysResult<()> {
    // SAFETY: plain system call on integers.
    check(unsafe { libc::shutdown(fd, how) }).map(drop)
}

/// The socket's own address.
pub fn getsockname(fd: c_int) -> SysResult<SockAddr> {
    let mut addr = SockAddr::zeroed();
    let (p, len) = addr.out_ptr();
    // SAFETY: `p` is the storage and `len` its size, which the call fills.
    check(unsafe { libc::getsockname(fd, p, len) })?;
    Ok(addr)
}

/// The connected peer's address.
pub fn getpeername(fd: c_int) -> SysResult<SockAddr> {
    let mut addr = SockAddr::zeroed();
    let (p, len) = addr.out_ptr();
    // SAFETY: `p` is the storage and `len` its size, which the call fills.
    check(unsafe { libc::getpeername(fd, p, len) })?;
    Ok(addr)
}

/// Sets an option to an `int`.
pub fn setsockopt_int(fd: c_int, level: c_int, opt: c_int, value: c_int) -> SysResult<()> {
    // SAFETY: the kernel reads the one `int` it is given the size of.
    check(unsafe {
        libc::setsockopt(
            fd,
            level,
            opt,
            (&value as *const c_int).cast(),
            size_of::<c_int>() as socklen_t,
        )
    })
    .map(drop)
}

/// Sets an option to the bytes of `value`.
pub fn setsockopt(fd: c_int, level: c_int, opt: c_int, value: &[u8]) -> SysResult<()> {
    // SAFETY: the kernel reads at most `value.len()` bytes from `value`.
    check(unsafe {
        libc::setsockopt(
            fd,
            level,
            opt,
            value.as_ptr().cast(),
            value.len() as socklen_t,
        )
    })
    .map(drop)
}

/// Sets an option with a NULL value of length `len` (options that take no value).
pub fn setsockopt_null(fd: c_int, level: c_int, opt: c_int, len: socklen_t) -> SysResult<()> {
    // SAFETY: the kernel checks the NULL pointer itself (EFAULT if it would read from it).
    check(unsafe { libc::setsockopt(fd, level, opt, std::ptr::null(), len) }).map(drop)
}

/// An option's value as an `int`.
pub fn getsockopt_int(fd: c_int, level: c_int, opt: c_int) -> SysResult<c_int> {
    let mut value: c_int = 0;
    let mut len = size_of::<c_int>() as socklen_t;
    // SAFETY: the kernel writes at most `len` bytes into `value`, an `int`.
    check(unsafe {
        libc::getsockopt(fd, level, opt, (&mut value as *mut c_int).cast(), &mut len)
    })?;
    Ok(value)
}

/// An option's value as at most `size` bytes.
pub fn getsockopt(fd: c_int, level: c_int, opt: c_int, size: usize) -> SysResult<Vec<u8>> {
    let mut buf = vec![0u8; size];
    let mut len = size as socklen_t;
    // SAFETY: the kernel writes at most `len` bytes into `buf`, which has that many.
    check(unsafe { libc::getsockopt(fd, level, opt, buf.as_mut_ptr().cast(), &mut len) })?;
    buf.truncate(len as usize);
    Ok(buf)
}

// ---- names ----

/// A failed `getaddrinfo`/`getnameinfo`: its `EAI_*` code (see `gai_strerror`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct GaiError(pub c_int);

/// The message for an `EAI_*` code.
pub fn gai_strerror(code: c_int) -> String {
    // SAFETY: gai_strerror returns a static NUL-terminated string for any code.
    unsafe { CStr::from_ptr(libc::gai_strerror(code)) }
        .to_string_lossy()
        .into_owned()
}

/// One `getaddrinfo` result.
pub struct AddrInfo {
    pub family: c_int,
    pub socktype: c_int,
    pub protocol: c_int,
    /// Empty unless asked for with `AI_CANONNAME` (and then only on the first).
    pub canonname: String,
    pub addr: SockAddr,
}

/// `getaddrinfo(host, service)` with hints `family`, `socktype`, `protocol` and `flags`: the
/// addresses, in the resolver's order.
pub fn getaddrinfo(
    host: Option<&CStr>,
    service: Option<&CStr>,
    family: c_int,
    socktype: c_int,
    protocol: c_int,
    flags: c_int,
) -> Result<Vec<AddrInfo>, GaiError> {
    let mut hints: libc::addrinfo = zeroed();
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_protocol = protocol;
    hints.ai_flags = flags;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: NUL-terminated strings or NULL, valid hints, and a place for the list.
    let r = unsafe {
        libc::getaddrinfo(
            host.map_or(std::ptr::null(), CStr::as_ptr),
            service.map_or(std::ptr::null(), CStr::as_ptr),
            &hints,
            &mut res,
        )
    };
    if r != 0 {
        return Err(GaiError(r));
    }
    let mut out = Vec::new();
    let mut cur = res;
    while !cur.is_null() {
        // SAFETY: a node of the list getaddrinfo returned, freed only after the loop.
        let ai = unsafe { &*cur };
        let mut addr = SockAddr::zeroed();
        let n = (ai.ai_addrlen as usize).min(size_of::<libc::sockaddr_storage>());
        // SAFETY: `ai_addr` holds `ai_addrlen` bytes, and at most the storage's size are
        // copied into it.
        unsafe {
            std::ptr::copy_nonoverlapping(
                ai.ai_addr.cast::<u8>(),
                (&mut addr.storage as *mut libc::sockaddr_storage).cast::<u8>(),
                n,
            );
        }
        addr.len = ai.ai_addrlen;
        let canonname = if ai.ai_canonname.is_null() {
            String::new()
        } else {
            // SAFETY: a NUL-terminated name in the list, copied before it is freed.
            unsafe { CStr::from_ptr(ai.ai_canonname) }
                .to_string_lossy()
                .into_owned()
        };
        out.push(AddrInfo {
            family: ai.ai_family,
            socktype: ai.ai_socktype,
            protocol: ai.ai_protocol,
            canonname,
            addr,
        });
        cur = ai.ai_next;
    }
    // SAFETY: the list getaddrinfo allocated, freed once, after its last use.
    unsafe { libc::freeaddrinfo(res) };
    Ok(out)
}

/// The host and service names of `addr` (`NI_MAXHOST` and `NI_MAXSERV` bytes at most).
pub fn getnameinfo(addr: &SockAddr, flags: c_int) -> Result<(String, String), GaiError> {
    let mut host = [0 as libc::c_char; 1025];
    let mut serv = [0 as libc::c_char; 32];
    // SAFETY: `addr` points to `addr.len` bytes of address, and the call writes
    // NUL-terminated strings of at most each buffer's length into it.
    let r = unsafe {
        libc::getnameinfo(
            addr.ptr(),
            addr.len,
            host.as_mut_ptr(),
            host.len() as socklen_t,
            serv.as_mut_ptr(),
            serv.len() as socklen_t,
            flags,
        )
    };
    if r != 0 {
        return Err(GaiError(r));
    }
    Ok((c_chars_text(&host), c_chars_text(&serv)))
}

/// The bytes of a C string in `buf` up to its NUL (all of `buf` if it has none).
fn c_chars(buf: &[libc::c_char]) -> Vec<u8> {
    buf.iter()
        .map(|&c| c as u8)
        .take_while(|&c| c != 0)
        .collect()
}

fn c_chars_text(buf: &[libc::c_char]) -> String {
    String::from_utf8_lossy(&c_chars(buf)).into_owned()
}

/// This machine's host name, as bytes.
pub fn gethostname() -> SysResult<Vec<u8>> {
    let mut buf = [0 as libc::c_char; 256];
    // SAFETY: the call writes at most `buf.len()` bytes into `buf`.
    check(unsafe { libc::gethostname(buf.as_mut_ptr(), buf.len()) })?;
    Ok(c_chars(&buf))
}

/// The port (host order) of service `name` for protocol `proto` (any when None).
pub fn getservbyname(name: &CStr, proto: Option<&CStr>) -> Option<u16> {
    // SAFETY: NUL-terminated strings or NULL; the result is NULL or points into the C
    // library's static storage, read at once.
    let e =
        unsafe { libc::getservbyname(name.as_ptr(), proto.map_or(std::ptr::null(), CStr::as_ptr)) };
    if e.is_null() {
        return None;
    }
    // SAFETY: a non-null result is a valid servent.
    Some(u16::from_be(unsafe { (*e).s_port } as u16))
}

/// The name of the service on `port` (host order) for protocol `proto` (any when None).
pub fn getservbyport(port: u16, proto: Option<&CStr>) -> Option<String> {
    // SAFETY: a NUL-terminated string or NULL; the result is NULL or points into the C
    // library's static storage, copied at once.
    let e = unsafe {
        libc::getservbyport(
            port.to_be() as c_int,
            proto.map_or(std::ptr::null(), CStr::as_ptr),
        )
    };
    if e.is_null() {
        return None;
    }
    // SAFETY: a non-null result is a valid servent, whose name is NUL-terminated.
    let name = unsafe { CStr::from_ptr((*e).s_name) };
    Some(name.to_string_lossy().into_owned())
}

/// The number of protocol `name`.
pub fn getprotobyname(name: &CStr) -> Option<c_int> {
    // SAFETY: a NUL-terminated string; the result is NULL or points into the C library's
    // static storage, read at once.
    let e = unsafe { libc::getprotobyname(name.as_ptr()) };
    if e.is_null() {
        return None;
    }
    // SAFETY: a non-null result is a valid protoent.
    Some(unsafe { (*e).p_proto })
}

/// The index of network interface `name`.
pub fn if_nametoindex(name: &CStr) -> SysResult<u32> {
    // SAFETY: a NUL-terminated string.
    match unsafe { libc::if_nametoindex(name.as_ptr()) } {
        0 => Err(Errno::last()),
        i => Ok(i),
    }
}
