//! `_locale`: the C library's locale under CPython's `locale` module: `setlocale`,
//! `localeconv`, `nl_langinfo`, `strcoll`/`strxfrm` (on wide strings, as CPython compares),
//! `getencoding` and the message catalogue calls. As CPython does at start-up, Heron sets
//! `LC_CTYPE` from the environment (`init_ctype_from_env`) and leaves the other categories
//! in the C locale until the program changes them.

use std::cell::RefCell;
use std::ffi::{c_char, c_int, CString};

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{self, type_error, value_error};
use crate::object::value::Value;
use crate::object::*;
use crate::os;
use crate::vm::Vm;

thread_local! {
    static ERROR: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// Sets `LC_CTYPE` from `LC_ALL`/`LC_CTYPE`/`LANG`, as CPython's start-up does.
pub fn init_ctype_from_env() {
    os::locale::setlocale(libc::LC_CTYPE, Some(c""));
}

fn locale_error(msg: &str) -> PyErr {
    let cls = ERROR.with(|e| e.borrow().clone());
    match cls.as_ref().and_then(|c| c.as_type()) {
        Some(t) => PyErr(exception::new_exception(t, vec![str::new_str(msg)])),
        None => PyErr::new(&exception::RUNTIME_ERROR, msg.to_string()),
    }
}

/// Text the C library returned, decoded as CPython's `PyUnicode_DecodeLocale` decodes it for
/// the UTF-8 and C locales (undecodable bytes become surrogates).
fn decode(bytes: &[u8]) -> Value {
    str::fs_decode(bytes)
}

/// Returned text, or the empty string when the C library returned none.
fn decode_or_empty(bytes: Option<Vec<u8>>) -> Value {
    bytes.map_or_else(|| str::new_str(""), |b| decode(&b))
}

fn c_string(v: &Value, what: &str) -> PyResult<CString> {
    let Some(s) = str::as_str(v) else {
        return Err(type_error(format!(
            "{what} must be str, not {}",
            v.ty().name()
        )));
    };
    CString::new(s).map_err(|_| value_error("embedded null character"))
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<c_int> {
    if !int::is_int(v) {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.ty().name()
        )));
    }
    let i = vm.index_i64(v)?;
    c_int::try_from(i).map_err(|_| {
        exception::overflow_error(if i < 0 {
            "signed integer is less than minimum"
        } else {
            "signed integer is greater than maximum"
        })
    })
}

/// `setlocale(category, locale=None)`: sets the category's locale, or queries it.
fn setlocale(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.bind_posonly("setlocale", &["category", "locale"], 2, 1)?;
    let category = int_arg(vm, a[0].as_ref().unwrap_or(&types::none()))?;
    let locale = match a[1].as_ref().filter(|v| !v.is_none()) {
        Some(v) => Some(c_string(v, "setlocale() argument 2")?),
        None => None,
    };
    let result = os::locale::setlocale(category, locale.as_deref());
    result.map(|b| decode(&b)).ok_or_else(|| {
        locale_error(if locale.is_some() {
            "unsupported locale setting"
        } else {
            "locale query failed"
        })
    })
}

/// `localeconv()`: the numeric and monetary conventions of the current locale.
fn localeconv(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("localeconv", 0, 0)?;
    let lc = os::locale::localeconv();
    let d = dict::new_dict();
    let set = |k: &str, v: Value| dict::set_str(&d, &str::new_str(k), v);
    let grouping = |bytes: &[u8]| -> Value {
        // CPython's `copy_grouping`: the sizes up to and including the terminating 0 or
        // CHAR_MAX; an empty string is no grouping.
        let used = match bytes.iter().position(|&b| b == 127) {
            Some(i) => &bytes[..=i],
            None if bytes.is_empty() => bytes,
            None => &[bytes, &[0u8][..]].concat()[..],
        };
        list::new_list(used.iter().map(|&b| int::from_i64(b as i64)).collect())
    };
    let num = |c: c_char| int::from_i64(c as i64);
    set("int_curr_symbol", decode(&lc.int_curr_symbol));
    set("currency_symbol", decode(&lc.currency_symbol));
    set("mon_decimal_point", decode(&lc.mon_decimal_point));
    set("mon_thousands_sep", decode(&lc.mon_thousands_sep));
    set("mon_grouping", grouping(&lc.mon_grouping));
    set("positive_sign", decode(&lc.positive_sign));
    set("negative_sign", decode(&lc.negative_sign));
    set("int_frac_digits", num(lc.int_frac_digits));
    set("frac_digits", num(lc.frac_digits));
    set("p_cs_precedes", num(lc.p_cs_precedes));
    set("p_sep_by_space", num(lc.p_sep_by_space));
    set("n_cs_precedes", num(lc.n_cs_precedes));
    set("n_sep_by_space", num(lc.n_sep_by_space));
    set("p_sign_posn", num(lc.p_sign_posn));
    set("n_sign_posn", num(lc.n_sign_posn));
    set("decimal_point", decode(&lc.decimal_point));
    set("thousands_sep", decode(&lc.thousands_sep));
    set("grouping", grouping(&lc.grouping));
    Ok(d)
}

/// The `nl_langinfo` keys this module exports, by name.
const LANGINFO: &[(&str, libc::nl_item)] = &[
    ("CODESET", libc::CODESET),
    ("D_T_FMT", libc::D_T_FMT),
    ("D_FMT", libc::D_FMT),
    ("T_FMT", libc::T_FMT),
    ("T_FMT_AMPM", libc::T_FMT_AMPM),
    ("AM_STR", libc::AM_STR),
    ("PM_STR", libc::PM_STR),
    ("DAY_1", libc::DAY_1),
    ("DAY_2", libc::DAY_2),
    ("DAY_3", libc::DAY_3),
    ("DAY_4", libc::DAY_4),
    ("DAY_5", libc::DAY_5),
    ("DAY_6", libc::DAY_6),
    ("DAY_7", libc::DAY_7),
    ("ABDAY_1", libc::ABDAY_1),
    ("ABDAY_2", libc::ABDAY_2),
    ("ABDAY_3", libc::ABDAY_3),
    ("ABDAY_4", libc::ABDAY_4),
    ("ABDAY_5", libc::ABDAY_5),
    ("ABDAY_6", libc::ABDAY_6),
    ("ABDAY_7", libc::ABDAY_7),
    ("MON_1", libc::MON_1),
    ("MON_2", libc::MON_2),
    ("MON_3", libc::MON_3),
    ("MON_4", libc::MON_4),
    ("MON_5", libc::MON_5),
    ("MON_6", libc::MON_6),
    ("MON_7", libc::MON_7),
    ("MON_8", libc::MON_8),
    ("MON_9", libc::MON_9),
    ("MON_10", libc::MON_10),
    ("MON_11", libc::MON_11),
    ("MON_12", libc::MON_12),
    ("ABMON_1", libc::ABMON_1),
    ("ABMON_2", libc::ABMON_2),
    ("ABMON_3", libc::ABMON_3),
    ("ABMON_4", libc::ABMON_4),
    ("ABMON_5", libc::ABMON_5),
    ("ABMON_6", libc::ABMON_6),
    ("ABMON_7", libc::ABMON_7),
    ("ABMON_8", libc::ABMON_8),
    ("ABMON_9", libc::ABMON_9),
    ("ABMON_10", libc::ABMON_10),
    ("ABMON_11", libc::ABMON_11),
    ("ABMON_12", libc::ABMON_12),
    ("RADIXCHAR", libc::RADIXCHAR),
    ("THOUSEP", libc::THOUSEP),
    ("YESEXPR", libc::YESEXPR),
    ("NOEXPR", libc::NOEXPR),
    ("CRNCYSTR", libc::CRNCYSTR),
    ("ERA", libc::ERA),
    ("ERA_D_FMT", libc::ERA_D_FMT),
    ("ERA_D_T_FMT", libc::ERA_D_T_FMT),
    ("ERA_T_FMT", libc::ERA_T_FMT),
    ("ALT_DIGITS", libc::ALT_DIGITS),
    // glibc's `_DATE_FMT`, the format `date` prints with.
    ("_DATE_FMT", 0x2006C),
];

fn nl_langinfo(vm: &mut Vm, args: Args) -> PyResult {
    let [key] = args.check_count("nl_langinfo", 1, 1)? else {
        return Ok(types::none());
    };
    let key = int_arg(vm, key)?;
    if !LANGINFO.iter().any(|(_, k)| *k == key) {
        return Err(value_error("unsupported langinfo constant"));
    }
    Ok(decode(&os::locale::nl_langinfo(key)))
}

/// A str as the wide string `wcscoll`/`wcsxfrm` read.
fn wide(v: &Value, what: &str) -> PyResult<Vec<libc::wchar_t>> {
    let Some(s) = str::payload(v) else {
        return Err(type_error(format!(
            "{what} must be str, not {}",
            v.ty().name()
        )));
    };
    let mut out: Vec<libc::wchar_t> = Vec::with_capacity(s.char_len());
    for cp in s.code_points() {
        if cp == 0 {
            return Err(value_error("embedded null character"));
        }
        out.push(cp as libc::wchar_t);
    }
    Ok(out)
}

fn strcoll(_vm: &mut Vm, args: Args) -> PyResult {
    let [a, b] = args.check_count("strcoll", 2, 2)? else {
        return Ok(types::none());
    };
    let (a, b) = (
        wide(a, "strcoll() argument 1")?,
        wide(b, "strcoll() argument 2")?,
    );
    let r = os::locale::wcscoll(&a, &b);
    Ok(int::from_i64(r as i64))
}

fn strxfrm(_vm: &mut Vm, args: Args) -> PyResult {
    let [s] = args.check_count("strxfrm", 1, 1)? else {
        return Ok(types::none());
    };
    let src = wide(s, "strxfrm() argument")?;
    let dst = os::locale::wcsxfrm(&src);
    let cps: Vec<u32> = dst.iter().map(|&c| c as u32).collect();
    Ok(str::from_code_points(&cps))
}

/// `getencoding()`: the locale's encoding, UTF-8 in the C and POSIX locales (CPython's UTF-8
/// mode) and when the C library names none.
fn getencoding(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("getencoding", 0, 0)?;
    let ctype = os::locale::setlocale(libc::LC_CTYPE, None);
    let is_c = ctype.is_none_or(|name| name == b"C" || name == b"POSIX");
    if is_c {
        return Ok(str::new_str("UTF-8"));
    }
    let codeset = decode(&os::locale::nl_langinfo(libc::CODESET));
    Ok(match str::as_str(&codeset) {
        Some(s) if !s.is_empty() => codeset,
        _ => str::new_str("UTF-8"),
    })
}

fn opt_cstring(v: Option<&Value>, what: &str) -> PyResult<Option<CString>> {
    match v.filter(|v| !v.is_none()) {
        Some(v) => Ok(Some(c_string(v, what)?)),
        None => Ok(None),
    }
}

fn locale_gettext(_vm: &mut Vm, args: Args) -> PyResult {
    let [msg] = args.check_count("gettext", 1, 1)? else {
        return Ok(types::none());
    };
    let msg = c_string(msg, "gettext() argument")?;
    Ok(decode_or_empty(os::locale::gettext(&msg)))
}

fn locale_dgettext(_vm: &mut Vm, args: Args) -> PyResult {
    let [domain, msg] = args.check_count("dgettext", 2, 2)? else {
        return Ok(types::none());
    };
    let domain = opt_cstring(Some(domain), "dgettext() argument 1")?;
    let msg = c_string(msg, "dgettext() argument 2")?;
    Ok(decode_or_empty(os::locale::dgettext(
        domain.as_deref(),
        &msg,
    )))
}

fn locale_dcgettext(vm: &mut Vm, args: Args) -> PyResult {
    let [domain, msg, category] = args.check_count("dcgettext", 3, 3)? else {
        return Ok(types::none());
    };
    let domain = opt_cstring(Some(domain), "dcgettext() argument 1")?;
    let msg = c_string(msg, "dcgettext() argument 2")?;
    let category = int_arg(vm, category)?;
    Ok(decode_or_empty(os::locale::dcgettext(
        domain.as_deref(),
        &msg,
        category,
    )))
}

/// A catalogue call's result, or the OSError its errno names (CPython: `PyErr_SetFromErrno`).
fn decoded_or_errno(vm: &mut Vm, r: os::SysResult<Vec<u8>>) -> PyResult {
    r.map(|b| decode(&b))
        .map_err(|e| super::posix::sys_error(vm, e))
}

fn locale_textdomain(vm: &mut Vm, args: Args) -> PyResult {
    let [domain] = args.check_count("textdomain", 1, 1)? else {
        return Ok(types::none());
    };
    let domain = opt_cstring(Some(domain), "textdomain() argument")?;
    decoded_or_errno(vm, os::locale::textdomain(domain.as_deref()))
}

fn locale_bindtextdomain(vm: &mut Vm, args: Args) -> PyResult {
    let [domain, dir] = args.check_count("bindtextdomain", 2, 2)? else {
        return Ok(types::none());
    };
    let domain = c_string(domain, "bindtextdomain() argument 1")?;
    if domain.as_bytes().is_empty() {
        return Err(value_error("domain must be a non-empty string"));
    }
    let dir = match Some(dir).filter(|v| !v.is_none()) {
        Some(d) => {
            let b = str::payload(d)
                .map(|s| s.as_str().as_bytes().to_vec())
                .or_else(|| bytes::as_bytes(d).map(<[u8]>::to_vec))
                .ok_or_else(|| {
                    type_error("bindtextdomain() argument 2 must be str, bytes or None")
                })?;
            Some(CString::new(b).map_err(|_| value_error("embedded null byte"))?)
        }
        None => None,
    };
    decoded_or_errno(vm, os::locale::bindtextdomain(&domain, dir.as_deref()))
}

fn locale_bind_textdomain_codeset(_vm: &mut Vm, args: Args) -> PyResult {
    let [domain, codeset] = args.check_count("bind_textdomain_codeset", 2, 2)? else {
        return Ok(types::none());
    };
    let domain = c_string(domain, "bind_textdomain_codeset() argument 1")?;
    let codeset = opt_cstring(Some(codeset), "bind_textdomain_codeset() argument 2")?;
    let r = os::locale::bind_textdomain_codeset(&domain, codeset.as_deref());
    Ok(r.map_or_else(types::none, |b| decode(&b)))
}

/// Creates the `_locale` module.
pub fn new_module(vm: &mut Vm) -> PyResult {
    let m = module::new_module("_locale");
    super::add_functions(
        &m,
        &[
            ("setlocale", setlocale),
            ("localeconv", localeconv),
            ("nl_langinfo", nl_langinfo),
            ("strcoll", strcoll),
            ("strxfrm", strxfrm),
            ("getencoding", getencoding),
            ("gettext", locale_gettext),
            ("dgettext", locale_dgettext),
            ("dcgettext", locale_dcgettext),
            ("textdomain", locale_textdomain),
            ("bindtextdomain", locale_bindtextdomain),
            ("bind_textdomain_codeset", locale_bind_textdomain_codeset),
        ],
    );
    let categories = [
        ("LC_CTYPE", libc::LC_CTYPE),
        ("LC_COLLATE", libc::LC_COLLATE),
        ("LC_TIME", libc::LC_TIME),
        ("LC_MONETARY", libc::LC_MONETARY),
        ("LC_NUMERIC", libc::LC_NUMERIC),
        ("LC_MESSAGES", libc::LC_MESSAGES),
        ("LC_ALL", libc::LC_ALL),
    ];
    for (name, v) in categories {
        module::set_attr(&m, name, int::from_i64(v as i64));
    }
    module::set_attr(&m, "CHAR_MAX", int::from_i64(127));
    for (name, v) in LANGINFO {
        module::set_attr(&m, name, int::from_i64(*v as i64));
    }
    let err =
        super::new_exception_class(vm, "locale", "Error", vec![exception::EXCEPTION.to_value()])?;
    ERROR.with(|e| *e.borrow_mut() = Some(err.clone()));
    module::set_attr(&m, "Error", err);
    Ok(m)
}
