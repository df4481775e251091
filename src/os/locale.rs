//! The C library's locale: `setlocale`, `localeconv`, `nl_langinfo`, wide-string collation
//! and the message catalogue (`gettext` and its relatives).
//!
//! `setlocale` and `localeconv` are not thread-safe: the locale is process state and their
//! results point at static buffers the next call overwrites. These calls are sound because
//! Heron runs Python, the only caller, on one thread, and every result is copied out before
//! the function returns.

use std::ffi::{c_char, c_int, CStr};

use super::{Errno, SysResult};
use libc::wchar_t;

/// C library functions the `libc` crate does not declare.
mod ffi {
    use libc::{c_char, c_int, wchar_t};

    extern "C" {
        pub fn gettext(msgid: *const c_char) -> *mut c_char;
        pub fn dgettext(domain: *const c_char, msgid: *const c_char) -> *mut c_char;
        pub fn dcgettext(
            domain: *const c_char,
            msgid: *const c_char,
            category: c_int,
        ) -> *mut c_char;
        pub fn textdomain(domain: *const c_char) -> *mut c_char;
        pub fn bindtextdomain(domain: *const c_char, dir: *const c_char) -> *mut c_char;
        pub fn bind_textdomain_codeset(
            domain: *const c_char,
            codeset: *const c_char,
        ) -> *mut c_char;
        pub fn wcscoll(a: *const wchar_t, b: *const wchar_t) -> c_int;
        pub fn wcsxfrm(dst: *mut wchar_t, src: *const wchar_t, n: usize) -> usize;
    }
}

/// The bytes of a C string the library returned, or `None` for null.
///
/// # Safety
/// `p` is null or a NUL-terminated string that stays valid during the call.
unsafe fn copied(p: *const c_char) -> Option<Vec<u8>> {
    if p.is_null() {
        return None;
    }
    // SAFETY: the caller passes a NUL-terminated string.
    Some(unsafe { CStr::from_ptr(p) }.to_bytes().to_vec())
}

fn ptr_or_null(s: Option<&CStr>) -> *const c_char {
    s.map_or(std::ptr::null(), CStr::as_ptr)
}

/// `setlocale(category, locale)`: sets the category's locale (`None` queries it); returns
/// the locale's name, or `None` when the setting is unsupported or the query fails.
pub fn setlocale(category: c_int, locale: Option<&CStr>) -> Option<Vec<u8>> {
    // SAFETY: the locale is null (a query) or a NUL-terminated string alive for the call; the
    // result points at the C library's static buffer, copied at once. One thread runs Python,
    // so no other thread reads or changes the locale meanwhile (see the module comment).
    unsafe { copied(libc::setlocale(category, ptr_or_null(locale))) }
}

/// The fields of `struct lconv` the `_locale` module reads, copied out. Strings are their
/// bytes (empty for a null pointer); the two groupings are raw, up to their NUL.
pub struct LocaleConv {
    pub int_curr_symbol: Vec<u8>,
    pub currency_symbol: Vec<u8>,
    pub mon_decimal_point: Vec<u8>,
    pub mon_thousands_sep: Vec<u8>,
    pub mon_grouping: Vec<u8>,
    pub positive_sign: Vec<u8>,
    pub negative_sign: Vec<u8>,
    pub int_frac_digits: c_char,
    pub frac_digits: c_char,
    pub p_cs_precedes: c_char,
    pub p_sep_by_space: c_char,
    pub n_cs_precedes: c_char,
    pub n_sep_by_space: c_char,
    pub p_sign_posn: c_char,
    pub n_sign_posn: c_char,
    pub decimal_point: Vec<u8>,
    pub thousands_sep: Vec<u8>,
    pub grouping: Vec<u8>,
}

/// `localeconv()`: the numeric and monetary conventions of the current locale.
pub fn localeconv() -> LocaleConv {
    // SAFETY: `localeconv` returns a pointer to a static structure that stays valid until the
    // next `localeconv` or `setlocale`; one thread runs Python, so neither can run while every
    // field is copied here.
    let lc = unsafe { &*libc::localeconv() };
    // SAFETY: the string fields of `lconv` are null or NUL-terminated (see above).
    let text = |p: *const c_char| unsafe { copied(p) }.unwrap_or_default();
    LocaleConv {
        int_curr_symbol: text(lc.int_curr_symbol),
        currency_symbol: text(lc.currency_symbol),
        mon_decimal_point: text(lc.mon_decimal_point),
        mon_thousands_sep: text(lc.mon_thousands_sep),
        mon_grouping: text(lc.mon_grouping),
        positive_sign: text(lc.positive_sign),
        negative_sign: text(lc.negative_sign),
        int_frac_digits: lc.int_frac_digits,
        frac_digits: lc.frac_digits,
        p_cs_precedes: lc.p_cs_precedes,
        p_sep_by_space: lc.p_sep_by_space,
        n_cs_precedes: lc.n_cs_precedes,
        n_sep_by_space: lc.n_sep_by_space,
        p_sign_posn: lc.p_sign_posn,
        n_sign_posn: lc.n_sign_posn,
        decimal_point: text(lc.decimal_point),
        thousands_sep: text(lc.thousands_sep),
        grouping: text(lc.grouping),
    }
}

/// `nl_langinfo(item)`: the current locale's text for `item` (empty for an unknown item).
pub fn nl_langinfo(item: libc::nl_item) -> Vec<u8> {
    // SAFETY: glibc returns a NUL-terminated static string for any item ("" for an unknown
    // one), copied at once before a locale change could replace it.
    unsafe { copied(libc::nl_langinfo(item)) }.unwrap_or_default()
}

/// `s` with the terminating NUL the wide-string calls read up to.
fn wide_terminated(s: &[wchar_t]) -> Vec<wchar_t> {
    let mut out = Vec::with_capacity(s.len() + 1);
    out.extend_from_slice(s);
    out.push(0);
    out
}

/// `wcscoll(a, b)`: compares two wide strings in the current `LC_COLLATE` order.
pub fn wcscoll(a: &[wchar_t], b: &[wchar_t]) -> c_int {
    let (a, b) = (wide_terminated(a), wide_terminated(b));
    // SAFETY: both buffers are NUL-terminated wide strings alive for the call.
    unsafe { ffi::wcscoll(a.as_ptr(), b.as_ptr()) }
}

/// `wcsxfrm(s)`: the wide string whose plain comparison orders as `wcscoll` does.
pub fn wcsxfrm(s: &[wchar_t]) -> Vec<wchar_t> {
    let src = wide_terminated(s);
    // SAFETY: a null destination with size 0 only measures; `src` is NUL-terminated.
    let n = unsafe { ffi::wcsxfrm(std::ptr::null_mut(), src.as_ptr(), 0) };
    let mut dst: Vec<wchar_t> = vec![0; n + 1];
    // SAFETY: `dst` holds `n + 1` wide characters, the size passed.
    let written = unsafe { ffi::wcsxfrm(dst.as_mut_ptr(), src.as_ptr(), n + 1) };
    dst.truncate(written.min(n));
    dst
}

/// `gettext(msg)`: the translation of `msg` in the current domain, or `msg` itself.
pub fn gettext(msg: &CStr) -> Option<Vec<u8>> {
    // SAFETY: `msg` is NUL-terminated; the result is the translation or `msg`, copied at once.
    unsafe { copied(ffi::gettext(msg.as_ptr())) }
}

/// `dgettext(domain, msg)`; a `None` domain is the current one.
pub fn dgettext(domain: Option<&CStr>, msg: &CStr) -> Option<Vec<u8>> {
    // SAFETY: both strings are NUL-terminated or null (the domain); the result is the
    // translation or `msg`, copied at once.
    unsafe { copied(ffi::dgettext(ptr_or_null(domain), msg.as_ptr())) }
}

/// `dcgettext(domain, msg, category)`; a `None` domain is the current one.
pub fn dcgettext(domain: Option<&CStr>, msg: &CStr, category: c_int) -> Option<Vec<u8>> {
    // SAFETY: as `dgettext`.
    unsafe { copied(ffi::dcgettext(ptr_or_null(domain), msg.as_ptr(), category)) }
}

/// A catalogue call's string result, or the errno it set when it returned null.
///
/// # Safety
/// As `copied`.
unsafe fn copied_or_errno(p: *const c_char) -> SysResult<Vec<u8>> {
    if p.is_null() {
        return Err(Errno::last());
    }
    // SAFETY: the caller passes a NUL-terminated string.
    Ok(unsafe { copied(p) }.unwrap_or_default())
}

/// `textdomain(domain)`: sets the current domain (`None` queries it); returns its name.
pub fn textdomain(domain: Option<&CStr>) -> SysResult<Vec<u8>> {
    // SAFETY: the domain is NUL-terminated or null (a query); a non-null result is the C
    // library's NUL-terminated domain name, copied at once.
    unsafe { copied_or_errno(ffi::textdomain(ptr_or_null(domain))) }
}

/// `bindtextdomain(domain, dir)`: sets the domain's directory (`None` queries it); returns it.
pub fn bindtextdomain(domain: &CStr, dir: Option<&CStr>) -> SysResult<Vec<u8>> {
    // SAFETY: the domain is NUL-terminated, the directory NUL-terminated or null (a query); a
    // non-null result is the C library's NUL-terminated directory, copied at once.
    unsafe { copied_or_errno(ffi::bindtextdomain(domain.as_ptr(), ptr_or_null(dir))) }
}

/// `bind_textdomain_codeset(domain, codeset)`: sets the domain's output codeset (`None`
/// queries it); returns it, or `None` when there is none.
pub fn bind_textdomain_codeset(domain: &CStr, codeset: Option<&CStr>) -> Option<Vec<u8>> {
    // SAFETY: the domain is NUL-terminated, the codeset NUL-terminated or null (a query); a
    // non-null result is the C library's NUL-terminated codeset name, copied at once.
    unsafe {
        copied(ffi::bind_textdomain_codeset(
            domain.as_ptr(),
            ptr_or_null(codeset),
        ))
    }
}
