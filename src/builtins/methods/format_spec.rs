//! The format-spec mini-language (`format(x, spec)`, f-strings, `str.format`), following
//! CPython's Python/formatter_unicode.c and the float conversions of Python/pystrtod.c.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{overflow_error, value_error};
use crate::object::int::IntRef;
use crate::object::types::{
    MethodDef, TypeSpec, BOOL_TYPE, COMPLEX_TYPE, FLOAT_TYPE, INT_TYPE, STR_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// A parsed format specification.
#[derive(Clone, Debug)]
pub struct Spec {
    pub fill: char,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub no_neg_zero: bool,
    pub alternate: bool,
    pub width: Option<usize>,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

fn read_number(chars: &[char], pos: &mut usize) -> PyResult<Option<usize>> {
    let start = *pos;
    let mut n: usize = 0;
    while *pos < chars.len() && chars[*pos].is_ascii_digit() {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(chars[*pos] as usize - '0' as usize))
            .filter(|n| *n <= i64::MAX as usize)
            .ok_or_else(|| value_error("Too many decimal digits in format string"))?;
        *pos += 1;
    }
    Ok(if *pos == start { None } else { Some(n) })
}

/// Parses `spec` for an object of type `type_name` whose default alignment is `default_align`.
pub fn parse(spec: &str, default_align: char, type_name: &str) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut s = Spec {
        fill: ' ',
        align: None,
        sign: None,
        no_neg_zero: false,
        alternate: false,
        width: None,
        grouping: None,
        precision: None,
        ty: None,
    };
    let mut pos = 0;
    let mut fill_specified = false;
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = chars[0];
        s.align = Some(chars[1]);
        fill_specified = true;
        pos = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = Some(chars[0]);
        pos = 1;
    }
    if pos < chars.len() && matches!(chars[pos], '+' | '-' | ' ') {
        s.sign = Some(chars[pos]);
        pos += 1;
    }
    if pos < chars.len() && chars[pos] == 'z' {
        s.no_neg_zero = true;
        pos += 1;
    }
    if pos < chars.len() && chars[pos] == '#' {
        s.alternate = true;
        pos += 1;
    }
    if !fill_specified && pos < chars.len() && chars[pos] == '0' {
        s.fill = '0';
        if s.align.is_none() && default_align == '>' {
            s.align = Some('=');
        }
        pos += 1;
    }
    s.width = read_number(&chars, &mut pos)?;
    if let Some(w) = s.width {
        // A width whose padding cannot be allocated raises MemoryError, as in CPython.
        crate::object::exception::check_alloc_items(w, s.fill.len_utf8())?;
    }
    if pos < chars.len() && (chars[pos] == ',' || chars[pos] == '_') {
        s.grouping = Some(chars[pos]);
        pos += 1;
        if pos < chars.len() && (chars[pos] == ',' || chars[pos] == '_') {
            if chars[pos] == s.grouping.unwrap_or(',') {
                return Err(value_error(format!(
                    "Cannot specify '{0}' with '{0}'.",
                    chars[pos]
                )));
            }
            return Err(value_error("Cannot specify both ',' and '_'."));
        }
    }
    if pos < chars.len() && chars[pos] == '.' {
        pos += 1;
        s.precision = read_number(&chars, &mut pos)?;
        if s.precision.is_none() {
            return Err(value_error("Format specifier missing precision"));
        }
    }
    if chars.len() - pos > 1 {
        return Err(value_error(format!(
            "Invalid format specifier '{spec}' for object of type '{type_name}'"
        )));
    }
    if pos < chars.len() {
        s.ty = Some(chars[pos]);
    }
    if let Some(g) = s.grouping {
        // The grouping check sees the type's default presentation type.
        let default_ty = match type_name {
            "str" => Some('s'),
            "int" => Some('d'),
            _ => None,
        };
        let ty = s.ty.or(default_ty);
        let ok = match ty {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => true,
            Some('b' | 'o' | 'x' | 'X') => g == '_',
            _ => false,
        };
        if !ok {
            return Err(value_error(format!(
                "Cannot specify '{g}' with '{}'.",
                ty.unwrap_or('?')
            )));
        }
    }
    Ok(s)
}

fn unknown_code(c: char, type_name: &str) -> PyErr {
    if (c as u32) > 32 && (c as u32) < 128 {
        value_error(format!(
            "Unknown format code '{c}' for object of type '{type_name}'"
        ))
    } else {
        value_error(format!(
            "Unknown format code '\\x{:x}' for object of type '{type_name}'",
            c as u32
        ))
    }
}

/// Pads `content` (already `len` characters) to the spec's width.
fn pad(content: &str, len: usize, spec: &Spec, default_align: char) -> String {
    let width = spec.width.unwrap_or(0);
    if len >= width {
        return content.to_string();
    }
    let n = width - len;
    let (left, right) = match spec.align.unwrap_or(default_align) {
        '<' => (0, n),
        '^' => (n / 2, n - n / 2),
        _ => (n, 0),
    };
    let mut out = String::with_capacity(content.len() + n);
    out.extend(std::iter::repeat_n(spec.fill, left));
    out.push_str(content);
    out.extend(std::iter::repeat_n(spec.fill, right));
    out
}

/// `format(str, spec)`.
pub fn format_str(s: &str, spec: &Spec) -> PyResult<String> {
    if let Some(t) = spec.ty {
        if t != 's' {
            return Err(unknown_code(t, "str"));
        }
    }
    if spec.sign.is_some() {
        return Err(value_error("Sign not allowed in string format specifier"));
    }
    if spec.no_neg_zero {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if spec.alternate {
        return Err(value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == Some('=') {
        return Err(value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let (text, len) = match spec.precision {
        Some(p) => {
            let end = s.char_indices().nth(p).map(|(i, _)| i).unwrap_or(s.len());
            (&s[..end], s[..end].chars().count())
        }
        None => (s, s.chars().count()),
    };
    Ok(pad(text, len, spec, '<'))
}

/// Inserts grouping separators into `digits` (ASCII), zero-filling to `min_width` characters
/// the way `_PyUnicode_InsertThousandsGrouping` does.
fn group_digits(digits: &str, sep: Option<char>, interval: usize, min_width: usize) -> String {
    let Some(sep) = sep else {
        let mut out = String::new();
        if digits.len() < min_width {
            out.extend(std::iter::repeat_n('0', min_width - digits.len()));
        }
        out.push_str(digits);
        return out;
    };
    let bytes = digits.as_bytes();
    let mut remaining = bytes.len() as i64;
    let mut min_width = min_width as i64;
    let mut groups: Vec<String> = Vec::new();
    loop {
        let l = remaining.max(min_width).max(1).min(interval as i64);
        let n_zeros = (l - remaining).max(0);
        let n_chars = remaining.min(l).max(0);
        let mut g = "0".repeat(n_zeros as usize);
        let end = remaining as usize;
        g.push_str(&digits[end - n_chars as usize..end]);
        groups.push(g);
        remaining -= n_chars;
        min_width -= l;
        if remaining <= 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    groups.reverse();
    groups.join(&sep.to_string())
}

/// Lays out a number: sign, prefix, integer digits (grouped), and the rest (fraction,
/// exponent, '%'), padded per the spec (numbers align right by default).
fn layout_number(sign: &str, prefix: &str, int_digits: &str, rest: &str, spec: &Spec) -> String {
    let width = spec.width.unwrap_or(0);
    let interval = match spec.ty {
        Some('b' | 'o' | 'x' | 'X') => 4,
        _ => 3,
    };
    let zero_fill = spec.fill == '0' && spec.align == Some('=');
    let fixed = sign.chars().count() + prefix.len() + rest.chars().count();
    let min_width = if zero_fill {
        width.saturating_sub(fixed)
    } else {
        0
    };
    let digits = group_digits(int_digits, spec.grouping, interval, min_width);
    let body_len = fixed + digits.chars().count();
    if spec.align == Some('=') {
        let n = width.saturating_sub(body_len);
        let mut out = String::new();
        out.push_str(sign);
        out.push_str(prefix);
        out.extend(std::iter::repeat_n(spec.fill, n));
        out.push_str(&digits);
        out.push_str(rest);
        return out;
    }
    let content = format!("{sign}{prefix}{digits}{rest}");
    pad(&content, body_len, spec, '>')
}

fn sign_str(negative: bool, spec: &Spec) -> &'static str {
    if negative {
        "-"
    } else {
        match spec.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

/// `format(int, spec)` for a non-empty spec.
pub fn format_int(v: &BigInt, spec: &Spec) -> PyResult<String> {
    let ty = spec.ty.unwrap_or('d');
    match ty {
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let x = v
                .to_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| overflow_error("int too large to convert to float"))?;
            return format_float(x, spec);
        }
        'd' | 'n' | 'b' | 'o' | 'x' | 'X' | 'c' => {}
        c => return Err(unknown_code(c, "int")),
    }
    if spec.precision.is_some() {
        return Err(value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if ty == 'c' {
        if spec.sign.is_some() {
            return Err(value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let c = v
            .to_u32()
            .filter(|c| *c < 0x110000)
            .ok_or_else(|| overflow_error("%c arg not in range(0x110000)"))?;
        let ch = char::from_u32(c).unwrap_or('\u{fffd}');
        return Ok(layout_number("", "", &ch.to_string(), "", spec));
    }
    if spec.no_neg_zero {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    let (radix, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = v.abs().to_str_radix(radix);
    if ty == 'X' {
        digits = digits.to_uppercase();
    }
    let prefix = if spec.alternate { prefix } else { "" };
    Ok(layout_number(
        sign_str(v.is_negative(), spec),
        prefix,
        &digits,
        "",
        spec,
    ))
}

/// Exponent suffix as C prints it: `e+05`.
fn exp_suffix(e: i32, upper: bool) -> String {
    format!(
        "{}{}{:02}",
        if upper { 'E' } else { 'e' },
        if e < 0 { '-' } else { '+' },
        e.abs()
    )
}

/// Significant digits and decimal-point position of `ax` (finite, >= 0): with `Some(p)`,
/// rounded to p significant digits; with None, the shortest round-trip digits.
fn sig_digits(ax: f64, p: Option<usize>) -> (String, i32) {
    if ax == 0.0 {
        return ("0".into(), 1);
    }
    let (m, e) = match p {
        Some(p) => crate::object::float_format::sci_digits(ax, p.saturating_sub(1)),
        None => {
            let s = format!("{ax:e}");
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            (m.to_string(), e.parse().unwrap_or(0))
        }
    };
    (m.chars().filter(|c| *c != '.').collect(), e + 1)
}

/// The 'g'/'r' layout of CPython's `format_float_short` for digits `d` with point at `decpt`.
fn render_short(
    mut d: String,
    mut decpt: i32,
    use_exp: bool,
    min_digits: usize,
    alt: bool,
    add_dot_0: bool,
    upper: bool,
) -> String {
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    while d.len() < min_digits {
        d.push('0');
    }
    let mut out = String::new();
    let mut frac = String::new();
    if decpt <= 0 {
        out.push('0');
        frac.push_str(&"0".repeat((-decpt) as usize));
        frac.push_str(&d);
    } else {
        let dp = decpt as usize;
        if d.len() <= dp {
            out.push_str(&d);
            out.push_str(&"0".repeat(dp - d.len()));
        } else {
            out.push_str(&d[..dp]);
            frac.push_str(&d[dp..]);
        }
    }
    if frac.is_empty() && add_dot_0 && !use_exp {
        frac.push('0');
    }
    if !frac.is_empty() || alt {
        out.push('.');
        out.push_str(&frac);
    }
    if use_exp {
        out.push_str(&exp_suffix(exp, upper));
    }
    out
}

/// Formats the magnitude of finite `ax` for type `ty` (one of e E f F g G r) with `prec`;
/// `add_dot_0` is the "no type" rule of at least one fractional digit in fixed notation.
pub fn format_abs(ax: f64, ty: char, prec: usize, alt: bool, add_dot_0: bool) -> String {
    let upper = ty.is_ascii_uppercase();
    match ty {
        'f' | 'F' => {
            let mut s = crate::object::float_format::fixed_digits(ax, prec);
            if alt && prec == 0 {
                s.push('.');
            }
            s
        }
        'e' | 'E' => {
            let (mut m, e) = crate::object::float_format::sci_digits(ax, prec);
            if alt && prec == 0 {
                m.push('.');
            }
            m + &exp_suffix(e, upper)
        }
        'g' | 'G' => {
            let p = prec.max(1);
            let (mut d, decpt) = sig_digits(ax, Some(p));
            if !alt {
                while d.len() > 1 && d.ends_with('0') {
                    d.pop();
                }
            }
            let limit = if add_dot_0 { p as i32 - 1 } else { p as i32 };
            let use_exp = decpt <= -4 || decpt > limit;
            render_short(
                d,
                decpt,
                use_exp,
                if alt { p } else { 0 },
                alt,
                add_dot_0,
                upper,
            )
        }
        _ => {
            let (d, decpt) = sig_digits(ax, None);
            let use_exp = decpt <= -4 || decpt > 16;
            render_short(d, decpt, use_exp, 0, alt, add_dot_0, false)
        }
    }
}

/// `format(float, spec)` for a non-empty spec.
pub fn format_float(x: f64, spec: &Spec) -> PyResult<String> {
    format_float_typed(x, spec, "float")
}

fn format_float_typed(x: f64, spec: &Spec, type_name: &str) -> PyResult<String> {
    let (ty, add_dot_0) = match spec.ty {
        None => (if spec.precision.is_some() { 'g' } else { 'r' }, true),
        Some('n') => ('g', false),
        Some(c @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) => (c, false),
        Some(c) => return Err(unknown_code(c, type_name)),
    };
    let (text, negative) = float_body(
        x,
        ty,
        spec.precision.unwrap_or(6),
        spec.alternate,
        add_dot_0,
        spec.no_neg_zero,
    );
    Ok(layout_float(&text, negative, spec))
}

/// The unsigned text of `x` in type `ty` and whether a minus sign belongs in front.
fn float_body(
    x: f64,
    ty: char,
    prec: usize,
    alt: bool,
    add_dot_0: bool,
    no_neg_zero: bool,
) -> (String, bool) {
    let upper = ty.is_ascii_uppercase();
    let mut negative = x.is_sign_negative() && !x.is_nan();
    let text = if x.is_nan() {
        if upper { "NAN" } else { "nan" }.to_string()
    } else if x.is_infinite() {
        if upper { "INF" } else { "inf" }.to_string()
    } else if ty == '%' {
        format_abs((x * 100.0).abs(), 'f', prec, alt, false) + "%"
    } else {
        format_abs(x.abs(), ty, prec, alt, add_dot_0)
    };
    if ty == '%' && !x.is_finite() {
        return (text + "%", negative);
    }
    if negative && no_neg_zero && x.is_finite() && text.bytes().all(|b| !(b'1'..=b'9').contains(&b))
    {
        negative = false;
    }
    (text, negative)
}

fn layout_float(text: &str, negative: bool, spec: &Spec) -> String {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (int_part, rest) = text.split_at(split);
    if int_part.is_empty() {
        // nan/inf: zero fill applies, but there are no digits to group.
        let plain = Spec {
            grouping: None,
            ..spec.clone()
        };
        return layout_number(sign_str(negative, spec), "", "", rest, &plain);
    }
    layout_number(sign_str(negative, spec), "", int_part, rest, spec)
}

/// `format(complex, spec)` for a non-empty spec.
pub fn format_complex(re: f64, im: f64, spec: &Spec) -> PyResult<String> {
    if spec.fill == '0' {
        return Err(value_error(
            "Zero padding is not allowed in complex format specifier",
        ));
    }
    if spec.align == Some('=') {
        return Err(value_error(
            "'=' alignment flag is not allowed in complex format specifier",
        ));
    }
    let ty = match spec.ty {
        None => {
            if spec.precision.is_some() {
                'g'
            } else {
                'r'
            }
        }
        Some('n') => 'g',
        Some(c @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G')) => c,
        Some(c) => return Err(unknown_code(c, "complex")),
    };
    let skip_re = spec.ty.is_none() && re == 0.0 && re.is_sign_positive();
    let prec = spec.precision.unwrap_or(6);
    // Complex parts never get the float "at least one fractional digit" rule.
    let (re_text, re_neg) = float_body(re, ty, prec, spec.alternate, false, spec.no_neg_zero);
    let (im_text, im_neg) = float_body(im, ty, prec, spec.alternate, false, spec.no_neg_zero);
    let mut body = String::new();
    if skip_re {
        body.push_str(sign_str(im_neg, spec));
        body.push_str(&im_text);
        body.push('j');
    } else {
        let parens = spec.ty.is_none();
        if parens {
            body.push('(');
        }
        body.push_str(sign_str(re_neg, spec));
        body.push_str(&re_text);
        body.push(if im_neg { '-' } else { '+' });
        body.push_str(&im_text);
        body.push('j');
        if parens {
            body.push(')');
        }
    }
    let len = body.chars().count();
    Ok(pad(&body, len, spec, '>'))
}

fn spec_arg(args: &Args, fname: &str) -> PyResult<String> {
    let a = args.check_count(fname, 2, 2)?;
    match str::as_str(&a[1]) {
        Some(s) => Ok(s.to_string()),
        None => Err(exception::type_error(format!(
            "{fname}() argument must be str, not {}",
            a[1].ty().name()
        ))),
    }
}

fn str_format(vm: &mut Vm, args: Args) -> PyResult {
    let spec = spec_arg(&args, "__format__")?;
    let v = &args.values[0];
    if spec.is_empty() {
        return vm.str(v);
    }
    let s = str::as_str(v).unwrap_or("");
    let parsed = parse(&spec, '<', "str")?;
    Ok(str::from_string(format_str(s, &parsed)?))
}

fn int_format(vm: &mut Vm, args: Args) -> PyResult {
    let spec = spec_arg(&args, "__format__")?;
    let v = &args.values[0];
    if spec.is_empty() {
        return vm.str(v);
    }
    let parsed = parse(&spec, '>', "int")?;
    let b = match int::as_int(v) {
        Some(IntRef::Small(i)) => BigInt::from(i),
        Some(IntRef::Big(b)) => b.clone(),
        None => BigInt::from(0),
    };
    Ok(str::from_string(format_int(&b, &parsed)?))
}

fn float_format(vm: &mut Vm, args: Args) -> PyResult {
    let spec = spec_arg(&args, "__format__")?;
    let v = &args.values[0];
    if spec.is_empty() {
        return vm.str(v);
    }
    let parsed = parse(&spec, '>', "float")?;
    Ok(str::from_string(format_float(
        float::as_f64(v).unwrap_or(0.0),
        &parsed,
    )?))
}

fn complex_format(vm: &mut Vm, args: Args) -> PyResult {
    let spec = spec_arg(&args, "__format__")?;
    let v = &args.values[0];
    if spec.is_empty() {
        return vm.str(v);
    }
    let parsed = parse(&spec, '>', "complex")?;
    let (re, im) = complex::as_complex(v).unwrap_or((0.0, 0.0));
    Ok(str::from_string(format_complex(re, im, &parsed)?))
}

/// `format(value, spec)` fast path for built-in values; None for other types.
pub fn format_builtin(v: &Value, spec: &str) -> Option<PyResult<String>> {
    if spec.is_empty() {
        return None;
    }
    if v.is_type(&STR_TYPE) {
        return Some(
            parse(spec, '<', "str").and_then(|p| format_str(str::as_str(v).unwrap_or(""), &p)),
        );
    }
    if v.is_small_int() || v.is_type(&INT_TYPE) || v.is_type(&BOOL_TYPE) {
        let b = int::as_bigint(v)?;
        return Some(parse(spec, '>', "int").and_then(|p| format_int(&b, &p)));
    }
    if v.is_type(&FLOAT_TYPE) {
        let x = float::as_f64(v)?;
        return Some(parse(spec, '>', "float").and_then(|p| format_float(x, &p)));
    }
    None
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &STR_TYPE,
            methods: methods![MethodDef::method("__format__", str_format)],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &INT_TYPE,
            methods: methods![MethodDef::method("__format__", int_format)],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &FLOAT_TYPE,
            methods: methods![MethodDef::method("__format__", float_format)],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &COMPLEX_TYPE,
            methods: methods![MethodDef::method("__format__", complex_format)],
            getsets: &[],
            doc: None,
        },
    ]
}
