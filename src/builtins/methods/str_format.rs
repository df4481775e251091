//! `str.format`/`format_map` (CPython's Objects/stringlib/unicode_format.h) and printf-style
//! `%` formatting for str and bytes (PyUnicode_Format, _PyBytes_FormatEx).

use num_bigint::BigInt;
use num_traits::Signed;

use super::format_spec::format_abs;
use crate::object::error::PyResult;
use crate::object::exception::{index_error, key_error, overflow_error, type_error, value_error};
use crate::object::str::{as_str, new_str};
use crate::object::types::DICT_TYPE;
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// Where automatic (`{}`) and manual (`{0}`) field numbering stand.
struct Numbering {
    auto: Option<usize>,
    manual: bool,
}

/// `fmt.format(*pos, **kw)`; for `format_map`, `kw` is the mapping and `pos` is empty.
pub fn format(vm: &mut Vm, fmt: &str, pos: &[Value], kw: Option<&Value>) -> PyResult<String> {
    let mut numbering = Numbering {
        auto: None,
        manual: false,
    };
    render(vm, fmt, pos, kw, &mut numbering, 2)
}

fn render(
    vm: &mut Vm,
    fmt: &str,
    pos: &[Value],
    kw: Option<&Value>,
    num: &mut Numbering,
    depth: u32,
) -> PyResult<String> {
    if depth == 0 {
        return Err(value_error("Max string recursion exceeded"));
    }
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(value_error("Single '}' encountered in format string"));
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        let (field, next) = parse_field(&chars, i + 1)?;
        i = next;
        out.push_str(&render_field(vm, field, pos, kw, num, depth)?);
    }
    Ok(out)
}

/// A replacement field's parts: name, conversion, spec.
struct Field {
    name: String,
    conversion: Option<char>,
    spec: String,
}

/// Parses the field that starts at `start` (just after '{'); returns it and the index after
/// its closing '}', with CPython's messages for malformed fields.
fn parse_field(chars: &[char], start: usize) -> PyResult<(Field, usize)> {
    if start >= chars.len() {
        return Err(value_error("Single '{' encountered in format string"));
    }
    let mut j = start;
    loop {
        if j >= chars.len() {
            return Err(value_error("expected '}' before end of string"));
        }
        match chars[j] {
            '[' => {
                while j < chars.len() && chars[j] != ']' {
                    j += 1;
                }
                continue;
            }
            '{' => return Err(value_error("unexpected '{' in field name")),
            '}' | ':' | '!' => break,
            _ => j += 1,
        }
    }
    let name: String = chars[start..j].iter().collect();
    let mut conversion = None;
    if chars[j] == '!' {
        if j + 1 >= chars.len() {
            return Err(value_error(
                "end of string while looking for conversion specifier",
            ));
        }
        conversion = Some(chars[j + 1]);
        j += 2;
        if j >= chars.len() {
            return Err(value_error("unmatched '{' in format spec"));
        }
        if chars[j] != ':' && chars[j] != '}' {
            return Err(value_error("expected ':' after conversion specifier"));
        }
    }
    let mut spec = String::new();
    if chars[j] == ':' {
        let spec_start = j + 1;
        let mut depth = 1;
        j += 1;
        loop {
            if j >= chars.len() {
                return Err(value_error("unmatched '{' in format spec"));
            }
            match chars[j] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        spec = chars[spec_start..j].iter().collect();
    }
    Ok((
        Field {
            name,
            conversion,
            spec,
        },
        j + 1,
    ))
}

fn render_field(
    vm: &mut Vm,
    field: Field,
    pos: &[Value],
    kw: Option<&Value>,
    num: &mut Numbering,
    depth: u32,
) -> PyResult<String> {
    let Field {
        name,
        conversion,
        spec,
    } = field;
    let obj = lookup_field(vm, &name, pos, kw, num)?;
    let obj = match conversion {
        None => obj,
        Some('r') => vm.repr(&obj)?,
        Some('s') => vm.str(&obj)?,
        Some('a') => crate::builtins::ascii_of(vm, &obj)?,
        Some(c) => {
            return Err(value_error(format!("Unknown conversion specifier {c}")));
        }
    };
    let spec = if spec.contains('{') {
        render(vm, &spec, pos, kw, num, depth - 1)?
    } else {
        spec
    };
    vm.format(&obj, &spec)
}

fn lookup_field(
    vm: &mut Vm,
    name: &str,
    pos: &[Value],
    kw: Option<&Value>,
    num: &mut Numbering,
) -> PyResult {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let first = &name[..first_end];
    let mut obj = if first.is_empty() {
        if num.manual {
            return Err(value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        let n = num.auto.map_or(0, |n| n + 1);
        num.auto = Some(n);
        positional(pos, n)?
    } else if let Some(n) = parse_index(first) {
        if num.auto.is_some() {
            return Err(value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        num.manual = true;
        positional(pos, n)?
    } else {
        let key = new_str(first);
        match kw {
            None => return Err(key_error(key)),
            Some(m) => mapping_get(vm, m, &key)?,
        }
    };
    let rest: Vec<char> = name[first_end..].chars().collect();
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            '.' => {
                let mut j = i + 1;
                while j < rest.len() && rest[j] != '.' && rest[j] != '[' {
                    j += 1;
                }
                let attr: String = rest[i + 1..j].iter().collect();
                if attr.is_empty() {
                    return Err(value_error("Empty attribute in format string"));
                }
                obj = vm.getattr(&obj, &attr)?;
                i = j;
            }
            '[' => {
                let mut j = i + 1;
                while j < rest.len() && rest[j] != ']' {
                    j += 1;
                }
                if j >= rest.len() {
                    return Err(value_error("Missing ']' in format string"));
                }
                let key: String = rest[i + 1..j].iter().collect();
                if key.is_empty() {
                    return Err(value_error("Empty attribute in format string"));
                }
                let k = match parse_index(&key) {
                    Some(n) => int::from_usize(n),
                    None => new_str(&key),
                };
                obj = mapping_get(vm, &obj, &k)?;
                i = j + 1;
                if i < rest.len() && rest[i] != '.' && rest[i] != '[' {
                    return Err(value_error(
                        "Only '.' or '[' may follow ']' in format field specifier",
                    ));
                }
            }
            _ => {
                return Err(value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ))
            }
        }
    }
    Ok(obj)
}

fn parse_index(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn positional(pos: &[Value], n: usize) -> PyResult {
    pos.get(n).cloned().ok_or_else(|| {
        index_error(format!(
            "Replacement index {n} out of range for positional args tuple"
        ))
    })
}

/// One parsed `%` conversion.
struct Conv {
    left: bool,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
}

/// `fmt % arg` for str, on code points so that lone surrogates in the format and in `%s`
/// arguments come through.
pub fn percent_format(vm: &mut Vm, fmt: &crate::object::str::Str, arg: &Value) -> PyResult {
    let cps: Vec<u32> = fmt.code_points().collect();
    let out = percent_core(vm, &cps, arg, false)?;
    Ok(crate::object::str::from_code_points(&out))
}

/// `fmt % arg` for bytes: the format and the result are bytes (each byte a code below 256).
pub fn percent_format_bytes(vm: &mut Vm, fmt: &[u8], arg: &Value) -> PyResult<Vec<u8>> {
    let cps: Vec<u32> = fmt.iter().map(|&b| b as u32).collect();
    let out = percent_core(vm, &cps, arg, true)?;
    Ok(out.into_iter().map(|c| c as u8).collect())
}

fn is_mapping_arg(arg: &Value) -> bool {
    if dict::as_dict(arg).is_some() {
        return true;
    }
    tuple::as_tuple(arg).is_none()
        && as_str(arg).is_none()
        && arg.ty().lookup_str("__getitem__").is_some()
        && bytes::bytes_like(arg).is_none()
}

/// `m[key]`, going straight to the table for dicts.
pub fn mapping_get(vm: &mut Vm, m: &Value, key: &Value) -> PyResult {
    if m.is_type(&DICT_TYPE) {
        return match dict::get_item(vm, m, key)? {
            Some(v) => Ok(v),
            None => Err(key_error(key.clone())),
        };
    }
    vm.getitem(m, key)
}

fn percent_core(vm: &mut Vm, cps: &[u32], arg: &Value, is_bytes: bool) -> PyResult<Vec<u32>> {
    // Parsing reads chars (a lone surrogate reads as U+FFFD, which is no format character);
    // text is copied from the code points.
    let chars: Vec<char> = cps
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
        .collect();
    let (items, tuple_mode): (Vec<Value>, bool) = match tuple::as_tuple(arg) {
        Some(t) => (t.to_vec(), true),
        None => (vec![arg.clone()], false),
    };
    let mapping = if is_mapping_arg(arg) {
        Some(arg.clone())
    } else {
        None
    };
    let mut next_arg = 0usize;
    let mut out: Vec<u32> = Vec::with_capacity(chars.len());
    let push_str = |out: &mut Vec<u32>, s: &str| out.extend(s.chars().map(|c| c as u32));
    let mut i = 0;
    let take = |next_arg: &mut usize| -> PyResult<Value> {
        let v = items
            .get(*next_arg)
            .cloned()
            .ok_or_else(|| type_error("not enough arguments for format string"))?;
        *next_arg += 1;
        Ok(v)
    };
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(cps[i]);
            i += 1;
            continue;
        }
        i += 1;
        let spec_start = i;
        let mut keyed: Option<Value> = None;
        if i < chars.len() && chars[i] == '(' {
            let Some(m) = &mapping else {
                return Err(type_error("format requires a mapping"));
            };
            let mut depth = 1;
            let start = i + 1;
            let mut j = start;
            while j < chars.len() {
                if chars[j] == '(' {
                    depth += 1;
                } else if chars[j] == ')' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err(value_error("incomplete format key"));
            }
            let key = if is_bytes {
                bytes::new_bytes(cps[start..j].iter().map(|&c| c as u8).collect())
            } else {
                crate::object::str::from_code_points(&cps[start..j])
            };
            keyed = Some(mapping_get(vm, m, &key)?);
            i = j + 1;
        }
        let mut conv = Conv {
            left: false,
            sign: None,
            alt: false,
            zero: false,
            width: 0,
            prec: None,
        };
        while i < chars.len() {
            match chars[i] {
                '-' => conv.left = true,
                '+' => conv.sign = Some('+'),
                ' ' => {
                    if conv.sign.is_none() {
                        conv.sign = Some(' ')
                    }
                }
                '#' => conv.alt = true,
                '0' => conv.zero = true,
                _ => break,
            }
            i += 1;
        }
        // Widths and precisions are bounded as CPython's C ints and ssize_ts bound them.
        if i < chars.len() && chars[i] == '*' {
            let v = take(&mut next_arg)?;
            if !int::is_int(&v) {
                return Err(type_error("* wants int"));
            }
            let w = int::as_i64(&v)
                .ok_or_else(|| overflow_error("Python int too large to convert to C ssize_t"))?;
            if w < 0 {
                conv.left = true;
            }
            conv.width = w.unsigned_abs() as usize;
            i += 1;
        } else {
            while i < chars.len() && chars[i].is_ascii_digit() {
                let d = chars[i] as usize - '0' as usize;
                conv.width = conv
                    .width
                    .checked_mul(10)
                    .and_then(|w| w.checked_add(d))
                    .filter(|&w| w <= isize::MAX as usize)
                    .ok_or_else(|| value_error("width too big"))?;
                i += 1;
            }
        }
        // Padding that cannot be allocated raises MemoryError, as in CPython.
        crate::object::exception::check_alloc_items(conv.width, std::mem::size_of::<u32>())?;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut p = 0usize;
            if i < chars.len() && chars[i] == '*' {
                let v = take(&mut next_arg)?;
                if !int::is_int(&v) {
                    return Err(type_error("* wants int"));
                }
                let n = int::as_i64(&v)
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(|| overflow_error("Python int too large to convert to C int"))?;
                p = n.max(0) as usize;
                i += 1;
            } else {
                while i < chars.len() && chars[i].is_ascii_digit() {
                    let d = chars[i] as usize - '0' as usize;
                    p = p
                        .checked_mul(10)
                        .and_then(|p| p.checked_add(d))
                        .filter(|&p| p <= i32::MAX as usize)
                        .ok_or_else(|| value_error("precision too big"))?;
                    i += 1;
                }
            }
            conv.prec = Some(p);
        }
        while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= chars.len() {
            return Err(value_error("incomplete format"));
        }
        let t = chars[i];
        let t_index = i;
        i += 1;
        // Only "%%" is a literal percent: "% %" is an unsupported conversion, as in CPython.
        if t == '%' && t_index == spec_start {
            out.push('%' as u32);
            continue;
        }
        let v = match keyed.take() {
            Some(v) => v,
            None => take(&mut next_arg)?,
        };
        let piece = match t {
            // `%b` is bytes formatting's `%s`.
            's' | 'r' | 'a' | 'b' if t != 'b' || is_bytes => {
                let text: Vec<u32> = if is_bytes {
                    let t = if t == 'b' { 's' } else { t };
                    bytes_text(vm, &v, t)?.chars().map(|c| c as u32).collect()
                } else {
                    let shown = match t {
                        's' => vm.str(&v)?,
                        'r' => vm.repr(&v)?,
                        _ => crate::builtins::ascii_of(vm, &v)?,
                    };
                    match crate::object::str::payload(&shown) {
                        Some(st) => st.code_points().collect(),
                        None => Vec::new(),
                    }
                };
                let text = match conv.prec {
                    Some(p) => &text[..p.min(text.len())],
                    None => &text[..],
                };
                push_padded(&mut out, text, &conv);
                continue;
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let n = int_arg(vm, &v, t)?;
                format_int_conv(&n, t, &conv)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match float::as_f64(&v) {
                    Some(x) => x,
                    None => vm.to_f64(&v)?,
                };
                format_float_conv(x, t, &conv)
            }
            'c' => {
                push_padded(&mut out, &[char_arg(&v, is_bytes)?], &conv);
                continue;
            }
            _ => {
                let code = t as u32;
                let shown = if (0x20..0x7f).contains(&code) {
                    t.to_string()
                } else {
                    "?".to_string()
                };
                return Err(value_error(format!(
                    "unsupported format character '{shown}' (0x{code:x}) at index {t_index}"
                )));
            }
        };
        push_str(&mut out, &piece);
    }
    if next_arg < items.len() && (mapping.is_none() || tuple_mode) {
        return Err(type_error(if is_bytes {
            "not all arguments converted during bytes formatting"
        } else {
            "not all arguments converted during string formatting"
        }));
    }
    Ok(out)
}

/// `%s`/`%r`/`%a` for bytes formatting, as latin-1 chars.
fn bytes_text(vm: &mut Vm, v: &Value, t: char) -> PyResult<String> {
    if t == 's' {
        if let Some(b) = bytes::bytes_like(v) {
            return Ok(b.iter().map(|&b| b as char).collect());
        }
        if let Some(f) = v.ty().lookup_str("__bytes__") {
            let r = vm.call_slot(&f, std::slice::from_ref(v))?;
            if let Some(b) = bytes::bytes_like(&r) {
                return Ok(b.iter().map(|&b| b as char).collect());
            }
        }
        return Err(type_error(format!(
            "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
            v.ty().name()
        )));
    }
    let a = crate::builtins::ascii_of(vm, v)?;
    Ok(as_str(&a).unwrap_or("").to_string())
}

/// The code point `%c` formats: an int in range, or a one-character str (bytes: one byte).
fn char_arg(v: &Value, is_bytes: bool) -> PyResult<u32> {
    if let Some(i) = int::as_int(v) {
        let limit = if is_bytes { 256 } else { 0x110000 };
        return i
            .to_i64()
            .filter(|c| (0..limit).contains(c))
            .map(|c| c as u32)
            .ok_or_else(|| {
                if is_bytes {
                    overflow_error("%c arg not in range(256)")
                } else {
                    overflow_error("%c arg not in range(0x110000)")
                }
            });
    }
    if is_bytes {
        if let Some(b) = bytes::bytes_like(v) {
            if b.len() == 1 {
                return Ok(b[0] as u32);
            }
        }
        return Err(type_error(
            "%c requires an integer in range(256) or a single byte",
        ));
    }
    if let Some(st) = crate::object::str::payload(v) {
        if st.char_len() == 1 {
            return Ok(st.code_at(0));
        }
    }
    Err(type_error("%c requires int or char"))
}

fn int_arg(vm: &mut Vm, v: &Value, t: char) -> PyResult<BigInt> {
    if let Some(b) = int::as_bigint(v) {
        return Ok(b);
    }
    let decimal = matches!(t, 'd' | 'i' | 'u');
    if decimal {
        if let Some(x) = float::as_f64(v) {
            if x.is_nan() {
                return Err(value_error("cannot convert float NaN to integer"));
            }
            if x.is_infinite() {
                return Err(overflow_error("cannot convert float infinity to integer"));
            }
            return Ok(crate::vm::ops::float_to_bigint(x.trunc()));
        }
        if let Some(f) = v.ty().lookup_str("__int__") {
            let r = vm.call_slot(&f, std::slice::from_ref(v))?;
            return int::as_bigint(&r).ok_or_else(|| type_error("__int__ returned non-int"));
        }
    }
    if v.ty().lookup_str("__index__").is_some() {
        let r = vm.index(v)?;
        return Ok(int::as_bigint(&r).unwrap_or_default());
    }
    if decimal {
        Err(type_error(format!(
            "%{t} format: a real number is required, not {}",
            v.ty().name()
        )))
    } else {
        Err(type_error(format!(
            "%{t} format: an integer is required, not {}",
            v.ty().name()
        )))
    }
}

/// `text` padded with spaces to the conversion's width (left-aligned under `-`).
fn push_padded(out: &mut Vec<u32>, text: &[u32], conv: &Conv) {
    let fill = conv.width.saturating_sub(text.len());
    if !conv.left {
        out.extend(std::iter::repeat_n(' ' as u32, fill));
    }
    out.extend_from_slice(text);
    if conv.left {
        out.extend(std::iter::repeat_n(' ' as u32, fill));
    }
}

/// Assembles sign + prefix + body with width, '-' and '0' flags.
fn pad_number(negative: bool, prefix: &str, body: &str, conv: &Conv, zero_ok: bool) -> String {
    let sign = if negative {
        "-"
    } else {
        match conv.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    let len = sign.len() + prefix.len() + body.chars().count();
    if len >= conv.width {
        return format!("{sign}{prefix}{body}");
    }
    let n = conv.width - len;
    if conv.left {
        format!("{sign}{prefix}{body}{}", " ".repeat(n))
    } else if conv.zero && zero_ok {
        format!("{sign}{prefix}{}{body}", "0".repeat(n))
    } else {
        format!("{}{sign}{prefix}{body}", " ".repeat(n))
    }
}

fn format_int_conv(n: &BigInt, t: char, conv: &Conv) -> String {
    let (radix, prefix) = match t {
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        'o' => (8, "0o"),
        _ => (10, ""),
    };
    let mut digits = n.abs().to_str_radix(radix);
    if t == 'X' {
        digits = digits.to_uppercase();
    }
    if let Some(p) = conv.prec {
        if digits.len() < p {
            digits = "0".repeat(p - digits.len()) + &digits;
        }
    }
    let prefix = if conv.alt { prefix } else { "" };
    pad_number(n.is_negative(), prefix, &digits, conv, true)
}

fn format_float_conv(x: f64, t: char, conv: &Conv) -> String {
    let prec = conv.prec.unwrap_or(6);
    let upper = t.is_ascii_uppercase();
    let negative = x.is_sign_negative() && !x.is_nan();
    let body = if x.is_nan() {
        if upper { "NAN" } else { "nan" }.to_string()
    } else if x.is_infinite() {
        if upper { "INF" } else { "inf" }.to_string()
    } else {
        format_abs(x.abs(), t, prec, conv.alt, false)
    };
    pad_number(negative, "", &body, conv, true)
}
