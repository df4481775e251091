//! `_codecs`, CPython's C module under `codecs` and the `encodings` package: the codec
//! registry (search functions, `lookup`, `encode`, `decode`), the error-handler registry, and
//! the codec functions the `encodings.*` modules call (utf-8, utf-16, utf-32, latin-1, ascii,
//! charmap, unicode-escape, raw-unicode-escape, escape).
//!
//! Each codec function returns `(output, consumed)` as CPython's do. Errors go through the
//! named handler: `strict`, `ignore`, `replace`, `backslashreplace`, `xmlcharrefreplace`, or
//! one registered with `register_error`; `surrogateescape` (PEP 383) and `surrogatepass`
//! (the UTF codecs) make and consume lone surrogates, which Heron's strs hold exactly.
//! `namereplace` and the `\N{...}` escapes read the names of `crate::unicode::db`.

use std::cell::RefCell;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{
    new_unicode_error, type_error, LOOKUP_ERROR, UNICODE_DECODE_ERROR, UNICODE_ENCODE_ERROR,
};
use crate::object::str::StrBuf;
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::unicode::db;
use crate::vm::Vm;

thread_local! {
    static SEARCH_FUNCTIONS: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    static CODEC_CACHE: RefCell<Vec<(String, Value)>> = const { RefCell::new(Vec::new()) };
    static ERROR_HANDLERS: RefCell<Vec<(String, Value)>> = const { RefCell::new(Vec::new()) };
}

/// How a codec function handles a failure.
enum Handler {
    Strict,
    Ignore,
    Replace,
    BackslashReplace,
    NameReplace,
    XmlCharRefReplace,
    SurrogateEscape,
    SurrogatePass,
    Custom(Value),
}

fn handler(errors: Option<&str>) -> PyResult<Handler> {
    let name = errors.unwrap_or("strict");
    if let Some(h) = ERROR_HANDLERS.with(|r| {
        r.borrow()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, h)| h.clone())
    }) {
        return Ok(Handler::Custom(h));
    }
    Ok(match name {
        "strict" => Handler::Strict,
        "surrogateescape" => Handler::SurrogateEscape,
        "surrogatepass" => Handler::SurrogatePass,
        "ignore" => Handler::Ignore,
        "replace" => Handler::Replace,
        "backslashreplace" => Handler::BackslashReplace,
        "xmlcharrefreplace" => Handler::XmlCharRefReplace,
        "namereplace" => Handler::NameReplace,
        _ => {
            return Err(PyErr::new(
                &LOOKUP_ERROR,
                format!("unknown error handler name '{name}'"),
            ))
        }
    })
}

/// The Unicode transformation formats, whose `surrogatepass` handler writes and reads lone
/// surrogates in the format's own code units.
#[derive(Clone, Copy)]
enum Utf {
    Eight,
    Sixteen { little: bool },
    ThirtyTwo { little: bool },
}

impl Utf {
    /// The encoding name a `UnicodeError`'s `encoding` attribute gives (for the Python-level
    /// `surrogatepass` handler).
    fn from_name(name: &str) -> Option<Utf> {
        let native = cfg!(target_endian = "little");
        Some(match normalize(name).replace('_', "-").as_str() {
            "utf-8" | "utf8" => Utf::Eight,
            "utf-16" => Utf::Sixteen { little: native },
            "utf-16-le" => Utf::Sixteen { little: true },
            "utf-16-be" => Utf::Sixteen { little: false },
            "utf-32" => Utf::ThirtyTwo { little: native },
            "utf-32-le" => Utf::ThirtyTwo { little: true },
            "utf-32-be" => Utf::ThirtyTwo { little: false },
            _ => return None,
        })
    }

    /// A code point's bytes (a lone surrogate as one code unit, as `surrogatepass` writes it).
    fn units(self, cp: u32) -> Vec<u8> {
        let unit16 = |u: u16, little: bool| {
            if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        };
        match self {
            Utf::Eight => {
                let mut b = Vec::with_capacity(4);
                str::push_code_point(&mut b, cp);
                b
            }
            Utf::Sixteen { little } => match char::from_u32(cp) {
                Some(c) => {
                    let mut units = [0u16; 2];
                    c.encode_utf16(&mut units)
                        .iter()
                        .flat_map(|&u| unit16(u, little))
                        .collect()
                }
                None => unit16(cp as u16, little).to_vec(),
            },
            Utf::ThirtyTwo { little: true } => cp.to_le_bytes().to_vec(),
            Utf::ThirtyTwo { little: false } => cp.to_be_bytes().to_vec(),
        }
    }

    /// The lone surrogate encoded at the start of `b`, and its size.
    fn decode_surrogate(self, b: &[u8]) -> Option<(u32, usize)> {
        let (cp, n) = match self {
            Utf::Eight => {
                if b.len() < 3 || b[0] & 0xf0 != 0xe0 || b[1] & 0xc0 != 0x80 || b[2] & 0xc0 != 0x80
                {
                    return None;
                }
                (str::decode_at(b, 0).0, 3)
            }
            Utf::Sixteen { little } => {
                let u = b.get(..2)?;
                let u = if little {
                    u16::from_le_bytes([u[0], u[1]])
                } else {
                    u16::from_be_bytes([u[0], u[1]])
                };
                (u as u32, 2)
            }
            Utf::ThirtyTwo { little } => {
                let u: [u8; 4] = b.get(..4)?.try_into().ok()?;
                let u = if little {
                    u32::from_le_bytes(u)
                } else {
                    u32::from_be_bytes(u)
                };
                (u, 4)
            }
        };
        (0xd800..0xe000).contains(&cp).then_some((cp, n))
    }
}

fn escape_cp(u: u32) -> String {
    if u < 0x100 {
        format!("\\x{u:02x}")
    } else if u < 0x10000 {
        format!("\\u{u:04x}")
    } else {
        format!("\\U{u:08x}")
    }
}

/// `namereplace`'s text for `u`: `\N{NAME}`, or a backslash escape when it has no name.
fn name_escape(u: u32) -> String {
    match db::name(db::Version::V14, u) {
        Some(name) => format!("\\N{{{name}}}"),
        None => escape_cp(u),
    }
}

/// Calls a custom handler: its replacement and the position to resume at (negative counts
/// from the end).
fn call_custom(vm: &mut Vm, h: &Value, exc: &Value, len: usize) -> PyResult<(Value, usize)> {
    let r = vm.call(h, std::slice::from_ref(exc))?;
    let parts = tuple::as_tuple(&r)
        .filter(|t| t.len() == 2)
        .map(|t| t.to_vec())
        .ok_or_else(|| type_error("encoding error handler must return (str/bytes, int) tuple"))?;
    let pos = vm.index_i64(&parts[1])?;
    let pos = if pos < 0 { len as i64 + pos } else { pos };
    if pos < 0 || pos > len as i64 {
        return Err(exception::index_error(format!(
            "position {pos} from error handler out of bounds"
        )));
    }
    Ok((parts[0].clone(), pos as usize))
}

/// Encodes the str `s` with `one` (a code point's bytes, or None when it cannot be encoded),
/// handling the failures as `errors` says. `utf` names the format for `surrogatepass`.
fn encode_with(
    vm: &mut Vm,
    encoding: &str,
    s: &Value,
    errors: Option<&str>,
    reason: &str,
    utf: Option<Utf>,
    one: &dyn Fn(u32) -> Option<Vec<u8>>,
) -> PyResult<Vec<u8>> {
    let st = str::payload(s).expect("encode_with takes a str");
    if let Some(out) = st.code_points().map(one).collect::<Option<Vec<Vec<u8>>>>() {
        return Ok(out.concat());
    }
    let h = handler(errors)?;
    let cps: Vec<u32> = st.code_points().collect();
    let mut out = Vec::with_capacity(cps.len());
    let mut i = 0;
    while i < cps.len() {
        if let Some(b) = one(cps[i]) {
            out.extend(b);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < cps.len() && one(cps[j]).is_none() {
            j += 1;
        }
        let exc = |i: usize, j: usize| {
            new_unicode_error(&UNICODE_ENCODE_ERROR, encoding, s.clone(), i, j, reason)
        };
        match &h {
            Handler::Strict => return Err(PyErr(exc(i, j))),
            Handler::Ignore => {}
            Handler::Replace => {
                for _ in i..j {
                    out.extend(one('?' as u32).unwrap_or_else(|| b"?".to_vec()));
                }
            }
            Handler::BackslashReplace => {
                for &c in &cps[i..j] {
                    out.extend(escape_cp(c).bytes());
                }
            }
            Handler::NameReplace => {
                for &c in &cps[i..j] {
                    out.extend(name_escape(c).bytes());
                }
            }
            Handler::XmlCharRefReplace => {
                for &c in &cps[i..j] {
                    out.extend(format!("&#{c};").bytes());
                }
            }
            Handler::SurrogateEscape => {
                for (k, &c) in cps.iter().enumerate().take(j).skip(i) {
                    match c {
                        0xdc80..=0xdcff => out.push((c - 0xdc00) as u8),
                        _ => return Err(PyErr(exc(k, j))),
                    }
                }
            }
            Handler::SurrogatePass => {
                for (k, &c) in cps.iter().enumerate().take(j).skip(i) {
                    match utf {
                        Some(u) if (0xd800..0xe000).contains(&c) => out.extend(u.units(c)),
                        _ => return Err(PyErr(exc(k, j))),
                    }
                }
            }
            Handler::Custom(hf) => {
                let e = exc(i, j);
                let (rep, pos) = call_custom(vm, hf, &e, cps.len())?;
                if let Some(b) = bytes::as_bytes(&rep) {
                    out.extend_from_slice(b);
                } else if let Some(r) = str::payload(&rep) {
                    for c in r.code_points() {
                        match one(c) {
                            Some(b) => out.extend(b),
                            None => return Err(PyErr(e)),
                        }
                    }
                } else {
                    return Err(type_error(
                        "encoding error handler must return (str/bytes, int) tuple",
                    ));
                }
                i = pos;
                continue;
            }
        }
        i = j;
    }
    Ok(out)
}

/// What a decoder found at a position.
enum Step {
    Char(char, usize),
    /// A lone surrogate (from an escape such as `\ud800`).
    Surrogate(u32, usize),
    /// Input that produces nothing (a line continuation in an escape codec).
    Skip(usize),
    /// Invalid input: how many bytes, and why.
    Error(usize, &'static str),
    /// The input ends inside a sequence.
    Incomplete(&'static str),
}

/// Decodes `data` with `step`, handling failures as `errors` says. Without `final`, an
/// incomplete sequence at the end is left unconsumed. Returns the text and bytes consumed.
fn decode_with(
    vm: &mut Vm,
    encoding: &str,
    data: &[u8],
    errors: Option<&str>,
    final_: bool,
    utf: Option<Utf>,
    step: &dyn Fn(&[u8]) -> Step,
) -> PyResult<(StrBuf, usize)> {
    let mut out = StrBuf::with_capacity(data.len());
    let mut h: Option<Handler> = None;
    let mut i = 0;
    while i < data.len() {
        let (len, reason) = match step(&data[i..]) {
            Step::Char(c, n) => {
                out.push(c);
                i += n;
                continue;
            }
            Step::Surrogate(cp, n) => {
                out.push_code_point(cp);
                i += n;
                continue;
            }
            Step::Skip(n) => {
                i += n;
                continue;
            }
            Step::Error(n, r) => (n, r),
            Step::Incomplete(_) if !final_ => break,
            Step::Incomplete(r) => (data.len() - i, r),
        };
        if h.is_none() {
            h = Some(handler(errors)?);
        }
        let end = i + len;
        let exc = || {
            new_unicode_error(
                &UNICODE_DECODE_ERROR,
                encoding,
                bytes::new_bytes(data.to_vec()),
                i,
                end,
                reason,
            )
        };
        match h.as_ref().expect("handler") {
            Handler::Strict => return Err(PyErr(exc())),
            Handler::Ignore => {}
            Handler::Replace => out.push('\u{fffd}'),
            Handler::BackslashReplace => {
                for b in &data[i..end] {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
            Handler::XmlCharRefReplace | Handler::NameReplace => {
                return Err(type_error(
                    "don't know how to handle UnicodeDecodeError in error callback",
                ))
            }
            Handler::SurrogateEscape => {
                let n = data[i..end]
                    .iter()
                    .take(4)
                    .take_while(|&&b| b >= 128)
                    .count();
                if n == 0 {
                    return Err(PyErr(exc()));
                }
                for &b in &data[i..i + n] {
                    out.push_code_point(0xdc00 + b as u32);
                }
                i += n;
                continue;
            }
            Handler::SurrogatePass => match utf.and_then(|u| u.decode_surrogate(&data[i..])) {
                Some((cp, n)) => {
                    out.push_code_point(cp);
                    i += n;
                    continue;
                }
                None => return Err(PyErr(exc())),
            },
            Handler::Custom(hf) => {
                let hf = hf.clone();
                let e = exc();
                let (rep, pos) = call_custom(vm, &hf, &e, data.len())?;
                let r = str::payload(&rep).ok_or_else(|| {
                    type_error("decoding error handler must return (str, int) tuple")
                })?;
                out.push_value(r);
                i = pos;
                continue;
            }
        }
        i = end;
    }
    Ok((out, i))
}

// ---- the codecs ----

fn utf8_decode(
    vm: &mut Vm,
    data: &[u8],
    errors: Option<&str>,
    final_: bool,
) -> PyResult<(StrBuf, usize)> {
    if let Ok(s) = std::str::from_utf8(data) {
        let mut b = StrBuf::with_capacity(s.len());
        b.push_str(s);
        return Ok((b, data.len()));
    }
    decode_with(
        vm,
        "utf-8",
        data,
        errors,
        final_,
        Some(Utf::Eight),
        &|rest: &[u8]| {
            let take = rest.len().min(4);
            match std::str::from_utf8(&rest[..take]) {
                Ok(s) => {
                    let c = s.chars().next().expect("non-empty");
                    Step::Char(c, c.len_utf8())
                }
                Err(e) if e.valid_up_to() > 0 => {
                    let s = std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or("");
                    let c = s.chars().next().expect("non-empty");
                    Step::Char(c, c.len_utf8())
                }
                Err(e) => match e.error_len() {
                    Some(n) => {
                        let b = rest[0];
                        let reason = if (0x80..0xc2).contains(&b) || b >= 0xf5 {
                            "invalid start byte"
                        } else {
                            "invalid continuation byte"
                        };
                        Step::Error(n, reason)
                    }
                    None if take < rest.len() => Step::Error(1, "invalid continuation byte"),
                    None => Step::Incomplete("unexpected end of data"),
                },
            }
        },
    )
}

/// UTF-8 of a str, failing on lone surrogates as `errors` says.
fn utf8_encode(vm: &mut Vm, s: &Value, errors: Option<&str>) -> PyResult<Vec<u8>> {
    let st = str::payload(s).expect("a str");
    if !st.has_surrogates() {
        return Ok(st.as_str().as_bytes().to_vec());
    }
    encode_with(
        vm,
        "utf-8",
        s,
        errors,
        "surrogates not allowed",
        Some(Utf::Eight),
        &|cp| char::from_u32(cp).map(|c| c.to_string().into_bytes()),
    )
}

fn limited_encode(vm: &mut Vm, s: &Value, errors: Option<&str>, limit: u32) -> PyResult<Vec<u8>> {
    let (name, reason) = if limit == 128 {
        ("ascii", "ordinal not in range(128)")
    } else {
        ("latin-1", "ordinal not in range(256)")
    };
    encode_with(vm, name, s, errors, reason, None, &|c| {
        (c < limit).then(|| vec![c as u8])
    })
}

fn ascii_decode(vm: &mut Vm, data: &[u8], errors: Option<&str>) -> PyResult<(StrBuf, usize)> {
    decode_with(vm, "ascii", data, errors, true, None, &|rest: &[u8]| {
        if rest[0] < 128 {
            Step::Char(rest[0] as char, 1)
        } else {
            Step::Error(1, "ordinal not in range(128)")
        }
    })
}

/// UTF-16 or UTF-32 (as `utf` says, with its byte order), with a BOM when `bom`.
fn utf_wide_encode(
    vm: &mut Vm,
    encoding: &str,
    s: &Value,
    errors: Option<&str>,
    utf: Utf,
    bom: bool,
) -> PyResult<Vec<u8>> {
    let mut out = if bom { utf.units(0xfeff) } else { Vec::new() };
    out.extend(encode_with(
        vm,
        encoding,
        s,
        errors,
        "surrogates not allowed",
        Some(utf),
        &|cp| char::from_u32(cp).map(|_| utf.units(cp)),
    )?);
    Ok(out)
}

fn utf16_decode(
    vm: &mut Vm,
    encoding: &str,
    data: &[u8],
    errors: Option<&str>,
    final_: bool,
    little: bool,
) -> PyResult<(StrBuf, usize)> {
    let unit = move |b: &[u8]| -> u16 {
        if little {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        }
    };
    let utf = Some(Utf::Sixteen { little });
    decode_with(vm, encoding, data, errors, final_, utf, &|rest: &[u8]| {
        if rest.len() < 2 {
            return Step::Incomplete("truncated data");
        }
        let u = unit(rest);
        if !(0xd800..0xe000).contains(&u) {
            return Step::Char(char::from_u32(u as u32).expect("not a surrogate"), 2);
        }
        if u >= 0xdc00 {
            return Step::Error(2, "illegal encoding");
        }
        if rest.len() < 4 {
            return Step::Incomplete("unexpected end of data");
        }
        let lo = unit(&rest[2..]);
        if !(0xdc00..0xe000).contains(&lo) {
            return Step::Error(2, "illegal UTF-16 surrogate");
        }
        let c = 0x10000 + (((u as u32) - 0xd800) << 10) + ((lo as u32) - 0xdc00);
        Step::Char(char::from_u32(c).expect("valid pair"), 4)
    })
}

fn utf32_decode(
    vm: &mut Vm,
    encoding: &str,
    data: &[u8],
    errors: Option<&str>,
    final_: bool,
    little: bool,
) -> PyResult<(StrBuf, usize)> {
    let utf = Some(Utf::ThirtyTwo { little });
    decode_with(vm, encoding, data, errors, final_, utf, &|rest: &[u8]| {
        if rest.len() < 4 {
            return Step::Incomplete("truncated data");
        }
        let b = [rest[0], rest[1], rest[2], rest[3]];
        let u = if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        };
        match char::from_u32(u) {
            Some(c) => Step::Char(c, 4),
            None if (0xd800..0xe000).contains(&u) => Step::Error(
                4,
                "code point in surrogate code point range(0xd800, 0xe000)",
            ),
            None => Step::Error(4, "code point not in range(0x110000)"),
        }
    })
}

// ---- Python-facing functions ----

fn str_arg<'a>(v: &'a Value, fname: &str) -> PyResult<&'a str> {
    str::as_str(v).ok_or_else(|| {
        type_error(format!(
            "{fname}() argument 1 must be str, not {}",
            v.ty().name()
        ))
    })
}

/// A str argument, as the value (its exact code points matter to the encoders).
fn str_value_arg<'a>(v: &'a Value, fname: &str) -> PyResult<&'a Value> {
    str_arg(v, fname).map(|_| v)
}

/// A bytes-like argument (`_fname` names the function, for symmetry with `str_arg`; CPython's
/// message does not mention it).
fn bytes_arg(v: &Value, _fname: &str) -> PyResult<Vec<u8>> {
    bytes::bytes_like(v).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.ty().name()
        ))
    })
}

fn errors_arg(v: Option<&Value>) -> Option<String> {
    v.and_then(|e| str::as_str(e).map(str::to_string))
}

fn truthy_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<bool> {
    match v {
        Some(v) => vm.truthy(v),
        None => Ok(false),
    }
}

fn pair(a: Value, n: usize) -> Value {
    tuple::from_array([a, int::from_usize(n)])
}

fn encode_result(b: Vec<u8>, s: &Value) -> Value {
    pair(
        bytes::new_bytes(b),
        str::payload(s).map_or(0, |p| p.char_len()),
    )
}

fn decode_result(r: (StrBuf, usize)) -> Value {
    pair(r.0.finish(), r.1)
}

fn utf_8_encode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("utf_8_encode", 1, 2)?;
    let s = str_value_arg(&a[0], "utf_8_encode")?;
    let errors = errors_arg(a.get(1));
    let b = utf8_encode(vm, s, errors.as_deref())?;
    Ok(encode_result(b, s))
}

fn utf_8_decode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("utf_8_decode", 1, 3)?;
    let data = bytes_arg(&a[0], "utf_8_decode")?;
    let final_ = truthy_arg(vm, a.get(2))?;
    let errors = errors_arg(a.get(1));
    Ok(decode_result(utf8_decode(
        vm,
        &data,
        errors.as_deref(),
        final_,
    )?))
}

fn latin_1_encode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("latin_1_encode", 1, 2)?;
    let s = str_value_arg(&a[0], "latin_1_encode")?;
    let errors = errors_arg(a.get(1));
    let b = limited_encode(vm, s, errors.as_deref(), 256)?;
    Ok(encode_result(b, s))
}

fn latin_1_decode(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("latin_1_decode", 1, 3)?;
    let data = bytes_arg(&a[0], "latin_1_decode")?;
    let s: String = data.iter().map(|&b| b as char).collect();
    Ok(pair(str::from_string(s), data.len()))
}

fn ascii_encode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("ascii_encode", 1, 2)?;
    let s = str_value_arg(&a[0], "ascii_encode")?;
    let errors = errors_arg(a.get(1));
    let b = limited_encode(vm, s, errors.as_deref(), 128)?;
    Ok(encode_result(b, s))
}

fn ascii_decode_fn(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("ascii_decode", 1, 3)?;
    let data = bytes_arg(&a[0], "ascii_decode")?;
    let errors = errors_arg(a.get(1));
    Ok(decode_result(ascii_decode(vm, &data, errors.as_deref())?))
}

/// `utf_16_encode(str, errors=None, byteorder=0)`: a BOM and native order for 0.
fn utf_16_encode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("utf_16_encode", 1, 3)?;
    let s = str_value_arg(&a[0], "utf_16_encode")?;
    let errors = errors_arg(a.get(1));
    let order = match a.get(2) {
        Some(v) => vm.index_i64(v)?,
        None => 0,
    };
    let (little, bom, name) = match order {
        0 => (cfg!(target_endian = "little"), true, "utf-16"),
        o if o < 0 => (true, false, "utf-16-le"),
        _ => (false, false, "utf-16-be"),
    };
    let b = utf_wide_encode(vm, name, s, errors.as_deref(), Utf::Sixteen { little }, bom)?;
    Ok(encode_result(b, s))
}

fn utf_16_le_encode(vm: &mut Vm, args: Args) -> PyResult {
    fixed_order_encode(vm, args, "utf_16_le_encode", false, true)
}

fn utf_16_be_encode(vm: &mut Vm, args: Args) -> PyResult {
    fixed_order_encode(vm, args, "utf_16_be_encode", false, false)
}

/// The byte order a BOM at the start of `data` names (`-1` little, `1` big), and its size.
fn bom_order(data: &[u8], wide: bool) -> Option<(i64, usize)> {
    if wide {
        match data {
            [0xff, 0xfe, 0, 0, ..] => Some((-1, 4)),
            [0, 0, 0xfe, 0xff, ..] => Some((1, 4)),
            _ => None,
        }
    } else {
        match data {
            [0xff, 0xfe, ..] => Some((-1, 2)),
            [0xfe, 0xff, ..] => Some((1, 2)),
            _ => None,
        }
    }
}

/// The `_ex_decode` form: `(str, consumed, byteorder)`, the order found in a BOM when
/// `byteorder` is 0.
fn ex_decode(vm: &mut Vm, args: &[Value], wide: bool) -> PyResult<(StrBuf, usize, i64)> {
    let data = bytes_arg(&args[0], "decode")?;
    let errors = errors_arg(args.get(1));
    let mut order = match args.get(2) {
        Some(v) => vm.index_i64(v)?,
        None => 0,
    };
    let final_ = truthy_arg(vm, args.get(3))?;
    let mut skip = 0;
    if order == 0 {
        match bom_order(&data, wide) {
            Some((o, n)) => {
                order = o;
                skip = n;
            }
            None if data.len() < if wide { 4 } else { 2 } && !final_ => {
                return Ok((StrBuf::default(), 0, 0));
            }
            None => {}
        }
    }
    let little = if order == 0 {
        cfg!(target_endian = "little")
    } else {
        order < 0
    };
    let name = if wide { "utf-32" } else { "utf-16" };
    let (s, n) = if wide {
        utf32_decode(vm, name, &data[skip..], errors.as_deref(), final_, little)?
    } else {
        utf16_decode(vm, name, &data[skip..], errors.as_deref(), final_, little)?
    };
    Ok((s, n + skip, order))
}

/// `utf_16_decode`/`utf_32_decode(data, errors=None, final=False)`: the byte order from a BOM.
fn bom_decode(vm: &mut Vm, args: Args, fname: &str, wide: bool) -> PyResult {
    let a = args.check_count(fname, 1, 3)?;
    let mut v = a.to_vec();
    let final_ = v.get(2).cloned();
    v.truncate(2);
    v.resize(2, none());
    v.push(int::from_i64(0));
    if let Some(f) = final_ {
        v.push(f);
    }
    let (s, n, _) = ex_decode(vm, &v, wide)?;
    Ok(pair(s.finish(), n))
}

/// `utf_16_ex_decode`/`utf_32_ex_decode`: `(str, consumed, byteorder)`.
fn ex_decode_fn(vm: &mut Vm, args: Args, fname: &str, wide: bool) -> PyResult {
    let a = args.check_count(fname, 1, 4)?;
    let (s, n, o) = ex_decode(vm, a, wide)?;
    Ok(tuple::from_array([
        s.finish(),
        int::from_usize(n),
        int::from_i64(o),
    ]))
}

/// The `_le_`/`_be_` decoders: a fixed byte order, no BOM.
fn fixed_order_decode(vm: &mut Vm, args: Args, fname: &str, wide: bool, little: bool) -> PyResult {
    let a = args.check_count(fname, 1, 3)?;
    let data = bytes_arg(&a[0], fname)?;
    let errors = errors_arg(a.get(1));
    let final_ = truthy_arg(vm, a.get(2))?;
    let encoding = match (wide, little) {
        (false, true) => "utf-16-le",
        (false, false) => "utf-16-be",
        (true, true) => "utf-32-le",
        (true, false) => "utf-32-be",
    };
    let r = if wide {
        utf32_decode(vm, encoding, &data, errors.as_deref(), final_, little)?
    } else {
        utf16_decode(vm, encoding, &data, errors.as_deref(), final_, little)?
    };
    Ok(decode_result(r))
}

/// The `_le_`/`_be_` encoders: a fixed byte order, no BOM.
fn fixed_order_encode(vm: &mut Vm, args: Args, fname: &str, wide: bool, little: bool) -> PyResult {
    let a = args.check_count(fname, 1, 2)?;
    let s = str_value_arg(&a[0], fname)?;
    let errors = errors_arg(a.get(1));
    let name = match (wide, little) {
        (false, true) => "utf-16-le",
        (false, false) => "utf-16-be",
        (true, true) => "utf-32-le",
        (true, false) => "utf-32-be",
    };
    let b = if wide {
        utf_wide_encode(
            vm,
            name,
            s,
            errors.as_deref(),
            Utf::ThirtyTwo { little },
            false,
        )?
    } else {
        utf_wide_encode(
            vm,
            name,
            s,
            errors.as_deref(),
            Utf::Sixteen { little },
            false,
        )?
    };
    Ok(encode_result(b, s))
}

fn utf_16_decode(vm: &mut Vm, args: Args) -> PyResult {
    bom_decode(vm, args, "utf_16_decode", false)
}

fn utf_16_ex_decode(vm: &mut Vm, args: Args) -> PyResult {
    ex_decode_fn(vm, args, "utf_16_ex_decode", false)
}

fn utf_16_le_decode(vm: &mut Vm, args: Args) -> PyResult {
    fixed_order_decode(vm, args, "utf_16_le_decode", false, true)
}

fn utf_16_be_decode(vm: &mut Vm, args: Args) -> PyResult {
    fixed_order_decode(vm, args, "utf_16_be_decode", false, false)
}

fn utf_32_encode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("utf_32_encode", 1, 3)?;
    let s = str_value_arg(&a[0], "utf_32_encode")?;
    let errors = errors_arg(a.get(1));
    let order = match a.get(2) {
        Some(v) => vm.index_i64(v)?,
        None => 0,
    };
    let (little, bom, name) = match order {
        0 => (cfg!(target_endian = "little"), true, "utf-32"),
        o if o < 0 => (true, false, "utf-32-le"),
        _ => (false, false, "utf-32-be"),
    };
    let b = utf_wide_encode(
        vm,
        name,
        s,
        errors.as_deref(),
        Utf::ThirtyTwo { little },
        bom,
    )?;
    Ok(encode_result(b, s))
}

fn utf_32_le_encode(vm: &mut Vm, args: Args) -> PyResult {
    fixed_order_encode(vm, args, "utf_32_le_encode", true, true)
}

fn utf_32_be_encode(vm: &mut Vm, args: Args) -> PyResult {
    fixed_order_encode(vm, args, "utf_32_be_encode", true, false)
}

fn utf_32_decode(vm: &mut Vm, args: Args) -> PyResult {
    bom_decode(vm, args, "utf_32_decode", true)
}

fn utf_32_ex_decode(vm: &mut Vm, args: Args) -> PyResult {
    ex_decode_fn(vm, args, "utf_32_ex_decode", true)
}

fn utf_32_le_decode(vm: &mut Vm, args: Args) -> PyResult {
    fixed_order_decode(vm, args, "utf_32_le_decode", true, true)
}

fn utf_32_be_decode(vm: &mut Vm, args: Args) -> PyResult {
    fixed_order_decode(vm, args, "utf_32_be_decode", true, false)
}

/// `charmap_decode(data, errors=None, mapping=None)`: a str table (U+FFFE = undefined) or a
/// mapping from byte to str/int/None; no mapping is latin-1.
fn charmap_decode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("charmap_decode", 1, 3)?;
    let data = bytes_arg(&a[0], "charmap_decode")?;
    let errors = errors_arg(a.get(1));
    let mapping = a.get(2).filter(|m| !m.is_none()).cloned();
    let Some(mapping) = mapping else {
        let s: String = data.iter().map(|&b| b as char).collect();
        return Ok(pair(str::from_string(s), data.len()));
    };
    if let Some(table) = str::as_str(&mapping) {
        let table: Vec<char> = table.chars().collect();
        let r = decode_with(
            vm,
            "charmap",
            &data,
            errors.as_deref(),
            true,
            None,
            &|rest: &[u8]| match table.get(rest[0] as usize) {
                Some(&c) if c != '\u{fffe}' => Step::Char(c, 1),
                _ => Step::Error(1, "character maps to <undefined>"),
            },
        )?;
        return Ok(decode_result(r));
    }
    // A general mapping: look every byte up (values may be str, int or None).
    let mut out = StrBuf::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let v = match vm.getitem(&mapping, &int::from_i64(data[i] as i64)) {
            Ok(v) => Some(v),
            Err(e) if e.is_instance(&exception::LOOKUP_ERROR) => None,
            Err(e) => return Err(e),
        };
        let piece = match v {
            Some(v) if str::as_str(&v).is_some() => Some(v),
            Some(v) if int::as_i64(&v).is_some() => {
                let n = int::as_i64(&v).unwrap_or(-1);
                if !(0..0x110000).contains(&n) {
                    return Err(type_error("character mapping must be in range(0x110000)"));
                }
                Some(str::from_code_point(n as u32))
            }
            Some(v) if v.is_none() => None,
            Some(_) => {
                return Err(type_error(
                    "character mapping must return integer, None or str",
                ))
            }
            None => None,
        };
        match piece
            .filter(|p| str::payload(p).is_some_and(|p| p.exact_bytes() != "\u{fffe}".as_bytes()))
        {
            Some(p) => {
                out.push_value(str::payload(&p).expect("a str"));
                i += 1;
            }
            None => {
                let (s, n) = decode_with(
                    vm,
                    "charmap",
                    &data[i..i + 1],
                    errors.as_deref(),
                    true,
                    None,
                    &|_| Step::Error(1, "character maps to <undefined>"),
                )
                .inspect_err(|e| {
                    // Report the position in the whole input, not the one-byte slice.
                    if let Some(p) = e.0.payload_exact::<exception::Exception>() {
                        dict::set_str(&p.dict, &str::intern_static("start"), int::from_usize(i));
                        dict::set_str(&p.dict, &str::intern_static("end"), int::from_usize(i + 1));
                        dict::set_str(
                            &p.dict,
                            &str::intern_static("object"),
                            bytes::new_bytes(data.clone()),
                        );
                    }
                })?;
                out.append(s);
                i += n.max(1);
            }
        }
    }
    Ok(pair(out.finish(), data.len()))
}

/// `charmap_encode(str, errors=None, mapping=None)`: mapping from code point to int, bytes
/// or None (`charmap_build` makes one from a decoding table).
fn charmap_encode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("charmap_encode", 1, 3)?;
    let s = str_value_arg(&a[0], "charmap_encode")?.clone();
    let errors = errors_arg(a.get(1));
    let Some(mapping) = a.get(2).filter(|m| !m.is_none()).cloned() else {
        let b = limited_encode(vm, &s, errors.as_deref(), 256)?;
        return Ok(encode_result(b, &s));
    };
    // Look every distinct code point up once, then encode with the table.
    let mut table: std::collections::HashMap<u32, Option<Vec<u8>>> =
        std::collections::HashMap::new();
    let cps: Vec<u32> = str::payload(&s).expect("a str").code_points().collect();
    for c in cps.into_iter().chain(std::iter::once('?' as u32)) {
        if table.contains_key(&c) {
            continue;
        }
        let v = match vm.getitem(&mapping, &int::from_i64(c as i64)) {
            Ok(v) => Some(v),
            Err(e) if e.is_instance(&exception::LOOKUP_ERROR) => None,
            Err(e) => return Err(e),
        };
        let b = match v {
            Some(v) if int::as_i64(&v).is_some() => {
                let n = int::as_i64(&v).unwrap_or(-1);
                if !(0..256).contains(&n) {
                    return Err(type_error("character mapping must be in range(256)"));
                }
                Some(vec![n as u8])
            }
            Some(v) if bytes::as_bytes(&v).is_some() => bytes::as_bytes(&v).map(|b| b.to_vec()),
            Some(v) if v.is_none() => None,
            Some(_) => {
                return Err(type_error(
                    "character mapping must return integer, bytes or None, not str",
                ))
            }
            None => None,
        };
        table.insert(c, b);
    }
    let b = encode_with(
        vm,
        "charmap",
        &s,
        errors.as_deref(),
        "character maps to <undefined>",
        None,
        &|c| table.get(&c).cloned().flatten(),
    )?;
    Ok(encode_result(b, &s))
}

/// `charmap_build(decoding_table)`: the encoding map, code point to byte.
fn charmap_build(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("charmap_build", 1, 1)?;
    let table = str_arg(&a[0], "charmap_build")?.to_string();
    let d = dict::new_dict();
    for (i, c) in table.chars().enumerate() {
        if c != '\u{fffe}' {
            dict::set_item(vm, &d, int::from_i64(c as i64), int::from_usize(i))?;
        }
    }
    Ok(d)
}

/// Python-literal escapes in `data` (`\n`, `\xhh`, octal, and with `unicode` also `\u`,
/// `\U`); other bytes are latin-1. `raw` recognises only `\u` and `\U`.
fn unescape(
    vm: &mut Vm,
    encoding: &str,
    data: &[u8],
    errors: Option<&str>,
    unicode: bool,
    raw: bool,
) -> PyResult<(StrBuf, usize)> {
    let hex = |b: &[u8]| -> Option<u32> {
        std::str::from_utf8(b)
            .ok()
            .and_then(|s| u32::from_str_radix(s, 16).ok())
    };
    decode_with(vm, encoding, data, errors, true, None, &|rest: &[u8]| {
        if rest[0] != b'\\' {
            return Step::Char(rest[0] as char, 1);
        }
        let Some(&k) = rest.get(1) else {
            return if raw {
                Step::Char('\\', 1)
            } else {
                Step::Error(1, "\\ at end of string")
            };
        };
        let fixed = |n: usize, what: &'static str| -> Step {
            match rest
                .get(2..2 + n)
                .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            {
                Some(d) => match hex(d) {
                    Some(u) if (0xd800..0xe000).contains(&u) => Step::Surrogate(u, 2 + n),
                    Some(u) => match char::from_u32(u) {
                        Some(c) => Step::Char(c, 2 + n),
                        None => Step::Error(2 + n, "illegal Unicode character"),
                    },
                    None => Step::Error(2 + n, "illegal Unicode character"),
                },
                None => {
                    let good = rest[2..]
                        .iter()
                        .take(n)
                        .take_while(|b| b.is_ascii_hexdigit())
                        .count();
                    Step::Error(2 + good, what)
                }
            }
        };
        if raw {
            return match k {
                b'u' => fixed(4, "truncated \\uXXXX escape"),
                b'U' => fixed(8, "truncated \\UXXXXXXXX escape"),
                _ => Step::Char('\\', 1),
            };
        }
        match k {
            b'\n' => Step::Skip(2),
            b'\\' => Step::Char('\\', 2),
            b'\'' => Step::Char('\'', 2),
            b'"' => Step::Char('"', 2),
            b'a' => Step::Char('\x07', 2),
            b'b' => Step::Char('\x08', 2),
            b'f' => Step::Char('\x0c', 2),
            b'n' => Step::Char('\n', 2),
            b'r' => Step::Char('\r', 2),
            b't' => Step::Char('\t', 2),
            b'v' => Step::Char('\x0b', 2),
            b'0'..=b'7' => {
                let digits = rest[1..]
                    .iter()
                    .take(3)
                    .take_while(|b| (b'0'..=b'7').contains(b))
                    .count();
                let v = rest[1..1 + digits]
                    .iter()
                    .fold(0u32, |acc, b| acc * 8 + (b - b'0') as u32);
                Step::Char(char::from_u32(v).unwrap_or('\u{fffd}'), 1 + digits)
            }
            b'x' => fixed(2, "truncated \\xXX escape"),
            b'u' if unicode => fixed(4, "truncated \\uXXXX escape"),
            b'U' if unicode => fixed(8, "truncated \\UXXXXXXXX escape"),
            b'N' if unicode => named_escape(rest),
            _ => Step::Char('\\', 1),
        }
    })
}

/// `\N{name}` at the start of `rest` (CPython's rules: the name as `unicodedata.lookup`
/// takes it, aliases included, named sequences not; the error spans what was read).
fn named_escape(rest: &[u8]) -> Step {
    const MALFORMED: &str = "malformed \\N character escape";
    if rest.get(2) != Some(&b'{') {
        return Step::Error(2, MALFORMED);
    }
    let Some(close) = rest[3..].iter().position(|&b| b == b'}') else {
        return Step::Error(rest.len(), MALFORMED);
    };
    if close == 0 {
        return Step::Error(3, MALFORMED);
    }
    let name = String::from_utf8_lossy(&rest[3..3 + close]);
    let found = db::lookup(db::Version::V14, &name, true).and_then(char::from_u32);
    match found {
        Some(c) => Step::Char(c, 4 + close),
        None => Step::Error(4 + close, "unknown Unicode character name"),
    }
}

fn unicode_escape_decode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unicode_escape_decode", 1, 3)?;
    let data = match str::as_str(&a[0]) {
        Some(s) => s.as_bytes().to_vec(),
        None => bytes_arg(&a[0], "unicode_escape_decode")?,
    };
    let errors = errors_arg(a.get(1));
    Ok(decode_result(unescape(
        vm,
        "unicodeescape",
        &data,
        errors.as_deref(),
        true,
        false,
    )?))
}

fn unicode_escape_encode(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unicode_escape_encode", 1, 2)?;
    let s = str_value_arg(&a[0], "unicode_escape_encode")?;
    let st = str::payload(s).expect("a str");
    let mut out = Vec::with_capacity(st.as_str().len());
    for c in st.code_points() {
        match c {
            0x5c => out.extend_from_slice(b"\\\\"),
            0x09 => out.extend_from_slice(b"\\t"),
            0x0a => out.extend_from_slice(b"\\n"),
            0x0d => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(c as u8),
            _ => out.extend(escape_cp(c).bytes()),
        }
    }
    Ok(encode_result(out, s))
}

fn raw_unicode_escape_decode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("raw_unicode_escape_decode", 1, 3)?;
    let data = match str::as_str(&a[0]) {
        Some(s) => s.as_bytes().to_vec(),
        None => bytes_arg(&a[0], "raw_unicode_escape_decode")?,
    };
    let errors = errors_arg(a.get(1));
    Ok(decode_result(unescape(
        vm,
        "rawunicodeescape",
        &data,
        errors.as_deref(),
        true,
        true,
    )?))
}

fn raw_unicode_escape_encode(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("raw_unicode_escape_encode", 1, 2)?;
    let s = str_value_arg(&a[0], "raw_unicode_escape_encode")?;
    let st = str::payload(s).expect("a str");
    let mut out = Vec::with_capacity(st.as_str().len());
    for u in st.code_points() {
        if u < 0x100 {
            out.push(u as u8);
        } else if u < 0x10000 {
            out.extend(format!("\\u{u:04x}").bytes());
        } else {
            out.extend(format!("\\U{u:08x}").bytes());
        }
    }
    Ok(encode_result(out, s))
}

/// `escape_decode(data)`: byte-string escapes (no `\u`), as in a bytes literal.
fn escape_decode(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("escape_decode", 1, 2)?;
    let data = match str::as_str(&a[0]) {
        Some(s) => s.as_bytes().to_vec(),
        None => bytes_arg(&a[0], "escape_decode")?,
    };
    let errors = errors_arg(a.get(1));
    let (s, n) = unescape(vm, "escape", &data, errors.as_deref(), false, false).map_err(|e| {
        if e.is_instance(&UNICODE_DECODE_ERROR) {
            exception::value_error("invalid \\x escape")
        } else {
            e
        }
    })?;
    let bytes_out: Vec<u8> = s
        .finish()
        .payload::<str::Str>()
        .map_or_else(Vec::new, |p| p.code_points().map(|c| c as u8).collect());
    Ok(pair(bytes::new_bytes(bytes_out), n))
}

fn escape_encode(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("escape_encode", 1, 2)?;
    let data = bytes::as_bytes(&a[0])
        .ok_or_else(|| type_error("argument 1 must be bytes"))?
        .to_vec();
    let mut out = Vec::with_capacity(data.len());
    for &b in &data {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\'' => out.extend_from_slice(b"\\'"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(b),
            _ => out.extend(format!("\\x{b:02x}").bytes()),
        }
    }
    Ok(pair(bytes::new_bytes(out), data.len()))
}

fn readbuffer_encode(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("readbuffer_encode", 1, 2)?;
    let data = match str::as_str(&a[0]) {
        Some(s) => s.as_bytes().to_vec(),
        None => bytes_arg(&a[0], "readbuffer_encode")?,
    };
    let n = data.len();
    Ok(pair(bytes::new_bytes(data), n))
}

fn utf_7_unsupported(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(exception::not_implemented_error(
        "the utf-7 codec is not supported by Heron yet",
    ))
}

// ---- registries ----

/// The name search functions see, as codecs.c's `normalizestring` makes it: lower case,
/// spaces turned into hyphens (the `encodings` search function does the rest).
fn normalize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn register(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("register", 1, 1)?;
    if a[0].ty().lookup_str("__call__").is_none() {
        return Err(type_error("argument must be callable"));
    }
    SEARCH_FUNCTIONS.with(|s| s.borrow_mut().push(a[0].clone()));
    Ok(none())
}

fn unregister(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unregister", 1, 1)?;
    SEARCH_FUNCTIONS.with(|s| s.borrow_mut().retain(|f| !f.is(&a[0])));
    CODEC_CACHE.with(|c| c.borrow_mut().clear());
    Ok(none())
}

/// `codecs.lookup(encoding)`: the CodecInfo a search function returns, cached; the
/// `encodings` package is imported on first use (it registers CPython's search function).
pub fn lookup(vm: &mut Vm, encoding: &str) -> PyResult {
    let key = normalize(encoding);
    if let Some(v) = CODEC_CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }) {
        return Ok(v);
    }
    if SEARCH_FUNCTIONS.with(|s| s.borrow().is_empty()) {
        vm.import_module("encodings")?;
    }
    let funcs = SEARCH_FUNCTIONS.with(|s| s.borrow().clone());
    let name = str::new_str(&key);
    for f in funcs {
        let r = vm.call(&f, std::slice::from_ref(&name))?;
        if r.is_none() {
            continue;
        }
        if tuple::as_tuple(&r).is_none_or(|t| t.len() != 4) {
            return Err(type_error("codec search functions must return 4-tuples"));
        }
        CODEC_CACHE.with(|c| c.borrow_mut().push((key.clone(), r.clone())));
        return Ok(r);
    }
    Err(PyErr::new(
        &LOOKUP_ERROR,
        format!("unknown encoding: {encoding}"),
    ))
}

fn lookup_fn(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("lookup", 1, 1)?;
    let enc = str_arg(&a[0], "lookup")?.to_string();
    lookup(vm, &enc)
}

fn forget_codec(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_forget_codec", 1, 1)?;
    let key = normalize(str_arg(&a[0], "_forget_codec")?);
    CODEC_CACHE.with(|c| c.borrow_mut().retain(|(k, _)| *k != key));
    Ok(none())
}

/// `codecs.encode`/`codecs.decode`: the codec's function, whose result must be a 2-tuple.
fn run_codec(vm: &mut Vm, args: Args, index: usize, fname: &str) -> PyResult {
    let b = args.bind(fname, &["obj", "encoding", "errors"], 1)?;
    let obj = b[0].clone().expect("obj");
    let encoding = match &b[1] {
        Some(e) => str_arg(e, fname)?.to_string(),
        None => "utf-8".to_string(),
    };
    let errors = b[2].clone().unwrap_or_else(|| str::new_str("strict"));
    let info = lookup(vm, &encoding)?;
    let f = tuple::items(&info)[index].clone();
    let r = vm.call(&f, &[obj, errors])?;
    match tuple::as_tuple(&r) {
        Some(t) if t.len() == 2 => Ok(t[0].clone()),
        _ => Err(type_error(if index == 0 {
            "encoder must return a tuple (object, integer)"
        } else {
            "decoder must return a tuple (object,integer)"
        })),
    }
}

fn encode_fn(vm: &mut Vm, args: Args) -> PyResult {
    run_codec(vm, args, 0, "encode")
}

fn decode_fn(vm: &mut Vm, args: Args) -> PyResult {
    run_codec(vm, args, 1, "decode")
}

fn register_error(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("register_error", 2, 2)?;
    let name = str_arg(&a[0], "register_error")?.to_string();
    if a[1].ty().lookup_str("__call__").is_none() {
        return Err(type_error("handler must be callable"));
    }
    ERROR_HANDLERS.with(|r| {
        let mut r = r.borrow_mut();
        r.retain(|(n, _)| *n != name);
        r.push((name, a[1].clone()));
    });
    Ok(none())
}

/// The handlers' own functions, callable from Python (`codecs.lookup_error('strict')`).
fn builtin_handler(vm: &mut Vm, args: Args, kind: &str) -> PyResult {
    let a = args.check_count(kind, 1, 1)?;
    let exc = &a[0];
    let is_encode = exc.is_instance_of(&UNICODE_ENCODE_ERROR);
    let is_decode = exc.is_instance_of(&UNICODE_DECODE_ERROR);
    if !exc.is_instance_of(&exception::UNICODE_ERROR) {
        return Err(type_error(format!(
            "don't know how to handle {} in error callback",
            exc.ty().name()
        )));
    }
    let start = vm.getattr(exc, "start")?;
    let end = vm.getattr(exc, "end")?;
    let (start, end) = (vm.index_i64(&start)? as usize, vm.index_i64(&end)? as usize);
    let object = vm.getattr(exc, "object")?;
    let span = end.saturating_sub(start);
    // The code points of the failing part of an encode error's str.
    let failing = || -> Vec<u32> {
        str::payload(&object)
            .map(|p| p.code_points().skip(start).take(span).collect())
            .unwrap_or_default()
    };
    let failing_bytes = || -> Vec<u8> {
        bytes::bytes_like(&object)
            .unwrap_or_default()
            .get(start..end)
            .unwrap_or(&[])
            .to_vec()
    };
    let mut rep = StrBuf::default();
    let mut resume = end;
    match kind {
        "strict" => return Err(PyErr(exc.clone())),
        "ignore" => {}
        "replace" if is_decode => rep.push('\u{fffd}'),
        "replace" => rep.push_str(&"?".repeat(span)),
        "backslashreplace" if is_decode => {
            for b in failing_bytes() {
                rep.push_str(&format!("\\x{b:02x}"));
            }
        }
        "backslashreplace" => {
            for c in failing() {
                rep.push_str(&escape_cp(c));
            }
        }
        "xmlcharrefreplace" if is_encode => {
            for c in failing() {
                rep.push_str(&format!("&#{c};"));
            }
        }
        "surrogateescape" if is_encode => {
            let mut out = Vec::new();
            for c in failing() {
                match c {
                    0xdc80..=0xdcff => out.push((c - 0xdc00) as u8),
                    _ => return Err(PyErr(exc.clone())),
                }
            }
            return Ok(tuple::from_array([
                bytes::new_bytes(out),
                int::from_usize(end),
            ]));
        }
        "surrogateescape" if is_decode => {
            // As CPython: up to 4 non-ASCII bytes; ASCII bytes are never escaped.
            let data = failing_bytes();
            let n = data.iter().take(4).take_while(|&&b| b >= 128).count();
            if n == 0 {
                return Err(PyErr(exc.clone()));
            }
            for &b in &data[..n] {
                rep.push_code_point(0xdc00 + b as u32);
            }
            resume = start + n;
        }
        "surrogatepass" => {
            let encoding = vm.getattr(exc, "encoding")?;
            let utf = str::as_str(&encoding).and_then(Utf::from_name);
            let Some(utf) = utf else {
                return Err(PyErr(exc.clone()));
            };
            if is_encode {
                let mut out = Vec::new();
                for c in failing() {
                    if !(0xd800..0xe000).contains(&c) {
                        return Err(PyErr(exc.clone()));
                    }
                    out.extend(utf.units(c));
                }
                return Ok(tuple::from_array([
                    bytes::new_bytes(out),
                    int::from_usize(end),
                ]));
            }
            let data = bytes::bytes_like(&object).unwrap_or_default();
            match data.get(start..).and_then(|d| utf.decode_surrogate(d)) {
                Some((cp, n)) => {
                    rep.push_code_point(cp);
                    resume = start + n;
                }
                None => return Err(PyErr(exc.clone())),
            }
        }
        "namereplace" if is_encode => {
            for c in failing() {
                rep.push_str(&name_escape(c));
            }
        }
        _ => {
            return Err(type_error(format!(
                "don't know how to handle {} in error callback",
                exc.ty().name()
            )))
        }
    }
    Ok(tuple::from_array([rep.finish(), int::from_usize(resume)]))
}

macro_rules! handler_fn {
    ($name:ident, $kind:literal) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            builtin_handler(vm, args, $kind)
        }
    };
}
handler_fn!(strict_errors, "strict");
handler_fn!(ignore_errors, "ignore");
handler_fn!(replace_errors, "replace");
handler_fn!(backslashreplace_errors, "backslashreplace");
handler_fn!(xmlcharrefreplace_errors, "xmlcharrefreplace");
handler_fn!(namereplace_errors, "namereplace");
handler_fn!(surrogateescape_errors, "surrogateescape");
handler_fn!(surrogatepass_errors, "surrogatepass");

const BUILTIN_HANDLERS: &[(&str, crate::object::error::NativeFn)] = &[
    ("strict", strict_errors),
    ("ignore", ignore_errors),
    ("replace", replace_errors),
    ("backslashreplace", backslashreplace_errors),
    ("xmlcharrefreplace", xmlcharrefreplace_errors),
    ("namereplace", namereplace_errors),
    ("surrogateescape", surrogateescape_errors),
    ("surrogatepass", surrogatepass_errors),
];

fn lookup_error(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("lookup_error", 1, 1)?;
    let name = str_arg(&a[0], "lookup_error")?;
    if let Some(h) = ERROR_HANDLERS.with(|r| {
        r.borrow()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, h)| h.clone())
    }) {
        return Ok(h);
    }
    match BUILTIN_HANDLERS.iter().find(|(n, _)| *n == name) {
        Some((n, f)) => {
            let fname: &'static str = match *n {
                "strict" => "strict_errors",
                "ignore" => "ignore_errors",
                "replace" => "replace_errors",
                "backslashreplace" => "backslashreplace_errors",
                "xmlcharrefreplace" => "xmlcharrefreplace_errors",
                "namereplace" => "namereplace_errors",
                "surrogateescape" => "surrogateescape",
                _ => "surrogatepass",
            };
            Ok(function::new_builtin_function(fname, *f, None))
        }
        None => Err(PyErr::new(
            &LOOKUP_ERROR,
            format!("unknown error handler name '{name}'"),
        )),
    }
}

/// Creates the `_codecs` module.
pub fn new_module(_vm: &mut Vm) -> PyResult<Value> {
    let m = module::new_module("_codecs");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("register", register),
        ("unregister", unregister),
        ("lookup", lookup_fn),
        ("_forget_codec", forget_codec),
        ("encode", encode_fn),
        ("decode", decode_fn),
        ("register_error", register_error),
        ("lookup_error", lookup_error),
        ("utf_8_encode", utf_8_encode),
        ("utf_8_decode", utf_8_decode),
        ("latin_1_encode", latin_1_encode),
        ("latin_1_decode", latin_1_decode),
        ("ascii_encode", ascii_encode),
        ("ascii_decode", ascii_decode_fn),
        ("utf_16_encode", utf_16_encode),
        ("utf_16_le_encode", utf_16_le_encode),
        ("utf_16_be_encode", utf_16_be_encode),
        ("utf_16_decode", utf_16_decode),
        ("utf_16_le_decode", utf_16_le_decode),
        ("utf_16_be_decode", utf_16_be_decode),
        ("utf_16_ex_decode", utf_16_ex_decode),
        ("utf_32_encode", utf_32_encode),
        ("utf_32_le_encode", utf_32_le_encode),
        ("utf_32_be_encode", utf_32_be_encode),
        ("utf_32_decode", utf_32_decode),
        ("utf_32_le_decode", utf_32_le_decode),
        ("utf_32_be_decode", utf_32_be_decode),
        ("utf_32_ex_decode", utf_32_ex_decode),
        ("charmap_encode", charmap_encode),
        ("charmap_decode", charmap_decode),
        ("charmap_build", charmap_build),
        ("unicode_escape_encode", unicode_escape_encode),
        ("unicode_escape_decode", unicode_escape_decode),
        ("raw_unicode_escape_encode", raw_unicode_escape_encode),
        ("raw_unicode_escape_decode", raw_unicode_escape_decode),
        ("escape_encode", escape_encode),
        ("escape_decode", escape_decode),
        ("readbuffer_encode", readbuffer_encode),
        ("utf_7_encode", utf_7_unsupported),
        ("utf_7_decode", utf_7_unsupported),
    ];
    crate::modules::add_functions(&m, fns);
    Ok(m)
}
