//! Methods of `complex`.

use num_traits::ToPrimitive;

use super::float::cmp_float_int;
use super::int::to_ascii_number;
use crate::object::complex::{as_complex, new_complex};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error, zero_division_error};
use crate::object::int::{as_int, IntRef};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, not_implemented, GetSetDef, MethodDef, TypeSpec, COMPLEX_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

type C = (f64, f64);

/// A float formatted as CPython's `repr` but without forcing a `.0` (the complex style).
fn part_repr(x: f64) -> String {
    let s = float::float_repr(x);
    match s.strip_suffix(".0") {
        Some(t) => t.to_string(),
        None => s,
    }
}

/// CPython's `repr(complex)`.
pub fn complex_repr(re: f64, im: f64) -> String {
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", part_repr(im));
    }
    let ims = if im.is_nan() {
        "+nan".to_string()
    } else if im.is_sign_negative() {
        part_repr(im)
    } else {
        format!("+{}", part_repr(im))
    };
    format!("({}{}j)", part_repr(re), ims)
}

/// `_Py_c_quot`: Smith's algorithm; None on division by zero.
pub fn c_quot(a: C, b: C) -> Option<C> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

fn c_prod(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

fn c_powu(x: C, n: i64) -> C {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask <<= 1;
        p = c_prod(p, p);
    }
    r
}

/// `a ** b` as CPython's `complex_pow`.
pub fn c_pow(a: C, b: C) -> PyResult<C> {
    let dom = || zero_division_error("0.0 to a negative or complex power");
    let r = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        if n >= 0 {
            c_powu(a, n)
        } else {
            c_quot((1.0, 0.0), c_powu(a, -n)).ok_or_else(dom)?
        }
    } else {
        crate::vm::ops::complex_pow(a, b)?
    };
    if r.0.is_infinite() || r.1.is_infinite() {
        return Err(overflow_error("complex exponentiation"));
    }
    Ok(r)
}

/// An operand of complex arithmetic as (re, im); None for non-numbers.
fn coerce(v: &Value) -> Option<PyResult<C>> {
    if let Some(c) = as_complex(v) {
        return Some(Ok(c));
    }
    if let Some(f) = float::as_f64(v) {
        return Some(Ok((f, 0.0)));
    }
    as_int(v).map(|i| match i {
        IntRef::Small(s) => Ok((s as f64, 0.0)),
        IntRef::Big(b) => b
            .to_f64()
            .filter(|f| f.is_finite())
            .map(|f| (f, 0.0))
            .ok_or_else(|| overflow_error("int too large to convert to float")),
    })
}

fn two<'a>(args: &Args<'a>) -> PyResult<(&'a Value, &'a Value)> {
    args.no_keywords("method")?;
    match args.values {
        [a, b] => Ok((a, b)),
        v => Err(type_error(format!(
            "expected 1 argument, got {}",
            v.len().saturating_sub(1)
        ))),
    }
}

fn self_c(args: &Args) -> PyResult<C> {
    args.no_keywords("method")?;
    if args.values.len() != 1 {
        return Err(type_error(format!(
            "expected 0 arguments, got {}",
            args.values.len().saturating_sub(1)
        )));
    }
    as_complex(&args.values[0]).ok_or_else(|| type_error("descriptor requires a 'complex' object"))
}

#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

fn apply(a: C, b: C, op: Op) -> PyResult {
    let (re, im) = match op {
        Op::Add => (a.0 + b.0, a.1 + b.1),
        Op::Sub => (a.0 - b.0, a.1 - b.1),
        Op::Mul => c_prod(a, b),
        Op::Div => c_quot(a, b).ok_or_else(|| zero_division_error("complex division by zero"))?,
        Op::Pow => c_pow(a, b)?,
    };
    Ok(new_complex(re, im))
}

fn binop(args: &Args, op: Op, reflected: bool) -> PyResult {
    let (a, b) = two(args)?;
    let (Some(x), Some(y)) = (coerce(a), coerce(b)) else {
        return Ok(not_implemented());
    };
    let (x, y) = (x?, y?);
    if reflected {
        apply(y, x, op)
    } else {
        apply(x, y, op)
    }
}

macro_rules! complex_binops {
    ($($name:ident, $rname:ident, $op:ident;)*) => {
        $(
            fn $name(_vm: &mut Vm, args: Args) -> PyResult {
                binop(&args, Op::$op, false)
            }
            fn $rname(_vm: &mut Vm, args: Args) -> PyResult {
                binop(&args, Op::$op, true)
            }
        )*
    };
}

complex_binops! {
    complex_add, complex_radd, Add;
    complex_sub, complex_rsub, Sub;
    complex_mul, complex_rmul, Mul;
    complex_truediv, complex_rtruediv, Div;
}

fn pow_impl(args: &Args, reflected: bool) -> PyResult {
    args.no_keywords("method")?;
    let v = args.values;
    if v.len() < 2 || v.len() > 3 {
        return Err(type_error(format!(
            "expected 1 or 2 arguments, got {}",
            v.len().saturating_sub(1)
        )));
    }
    if let Some(m) = v.get(2) {
        if !m.is_none() {
            return Err(value_error("complex modulo"));
        }
    }
    let (Some(x), Some(y)) = (coerce(&v[0]), coerce(&v[1])) else {
        return Ok(not_implemented());
    };
    let (x, y) = (x?, y?);
    if reflected {
        apply(y, x, Op::Pow)
    } else {
        apply(x, y, Op::Pow)
    }
}

fn complex_pow_m(_vm: &mut Vm, args: Args) -> PyResult {
    pow_impl(&args, false)
}

fn complex_rpow(_vm: &mut Vm, args: Args) -> PyResult {
    pow_impl(&args, true)
}

fn eq_impl(args: &Args) -> PyResult<Option<bool>> {
    let (a, b) = two(args)?;
    let Some(x) = as_complex(a) else {
        return Ok(None);
    };
    if let Some(y) = as_complex(b) {
        return Ok(Some(x == y));
    }
    if let Some(f) = float::as_f64(b) {
        return Ok(Some(x.1 == 0.0 && x.0 == f));
    }
    if let Some(i) = as_int(b) {
        return Ok(Some(
            x.1 == 0.0 && cmp_float_int(x.0, &i) == Some(std::cmp::Ordering::Equal),
        ));
    }
    Ok(None)
}

fn complex_eq(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(eq_impl(&args)?
        .map(bool_value)
        .unwrap_or_else(not_implemented))
}

fn complex_ne(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(eq_impl(&args)?
        .map(|e| bool_value(!e))
        .unwrap_or_else(not_implemented))
}

fn complex_repr_m(_vm: &mut Vm, args: Args) -> PyResult {
    let (re, im) = self_c(&args)?;
    Ok(str::from_string(complex_repr(re, im)))
}

/// CPython's hash of a complex: hash(re) + 1000003 * hash(im), wrapping.
pub fn complex_hash(re: f64, im: f64) -> i64 {
    let hr = float::hash_f64(re) as u64;
    let hi = float::hash_f64(im) as u64;
    let h = hr.wrapping_add(hi.wrapping_mul(1000003)) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

fn complex_hash_m(_vm: &mut Vm, args: Args) -> PyResult {
    let (re, im) = self_c(&args)?;
    Ok(int::from_i64(complex_hash(re, im)))
}

fn complex_bool(_vm: &mut Vm, args: Args) -> PyResult {
    let (re, im) = self_c(&args)?;
    Ok(bool_value(re != 0.0 || im != 0.0))
}

fn complex_neg(_vm: &mut Vm, args: Args) -> PyResult {
    let (re, im) = self_c(&args)?;
    Ok(new_complex(-re, -im))
}

fn complex_pos(_vm: &mut Vm, args: Args) -> PyResult {
    let (re, im) = self_c(&args)?;
    if args.values[0].is_type(&COMPLEX_TYPE) {
        return Ok(args.values[0].clone());
    }
    Ok(new_complex(re, im))
}

fn complex_conjugate(_vm: &mut Vm, args: Args) -> PyResult {
    let (re, im) = self_c(&args)?;
    Ok(new_complex(re, -im))
}

/// `abs(z)`: inf if either part is infinite, OverflowError when finite parts overflow.
pub fn complex_abs(re: f64, im: f64) -> PyResult<f64> {
    if re.is_infinite() || im.is_infinite() {
        return Ok(f64::INFINITY);
    }
    if re.is_nan() || im.is_nan() {
        return Ok(f64::NAN);
    }
    let r = re.hypot(im);
    if r.is_infinite() {
        return Err(overflow_error("absolute value too large"));
    }
    Ok(r)
}

fn complex_abs_m(_vm: &mut Vm, args: Args) -> PyResult {
    let (re, im) = self_c(&args)?;
    Ok(float::new_float(complex_abs(re, im)?))
}

fn complex_getnewargs(_vm: &mut Vm, args: Args) -> PyResult {
    let (re, im) = self_c(&args)?;
    Ok(tuple::from_array([
        float::new_float(re),
        float::new_float(im),
    ]))
}

/// The longest prefix of `s` that is a float literal (as C's strtod): (value, length).
fn float_prefix(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        i += 1;
    }
    let rest = String::from_utf8_lossy(&s[i..]).to_ascii_lowercase();
    for word in ["infinity", "inf", "nan"] {
        if rest.starts_with(word) {
            let end = i + word.len();
            let v: f64 = String::from_utf8_lossy(&s[..end])
                .to_ascii_lowercase()
                .parse()
                .ok()?;
            return Some((v, end));
        }
    }
    let start_digits = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    let mut ndigits = i - start_digits;
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let f = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        ndigits += i - f;
    }
    if ndigits == 0 {
        return None;
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        let d = j;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        if j > d {
            i = j;
        }
    }
    let v: f64 = std::str::from_utf8(&s[..i]).ok()?.parse().ok()?;
    Some((v, i))
}

/// Removes underscores that sit between two digits; None if any other underscore appears.
fn strip_underscores(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            let ok =
                i > 0 && b[i - 1].is_ascii_digit() && i + 1 < b.len() && b[i + 1].is_ascii_digit();
            if !ok {
                return None;
            }
        } else {
            out.push(c as char);
        }
    }
    Some(out)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Parses `complex(str)`: Err(true) for misplaced underscores, Err(false) when malformed.
pub fn parse_complex(text: &str) -> Result<C, bool> {
    let t = to_ascii_number(text).ok_or(false)?;
    let t = strip_underscores(&t).ok_or(true)?;
    parse_complex_clean(&t).ok_or(false)
}

fn parse_complex_clean(t: &str) -> Option<C> {
    let s = t.as_bytes();
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut bracket = false;
    if i < s.len() && s[i] == b'(' {
        bracket = true;
        i += 1;
        while i < s.len() && is_space(s[i]) {
            i += 1;
        }
    }
    let is_j = |c: Option<&u8>| matches!(c, Some(b'j') | Some(b'J'));
    let (mut x, mut y) = (0.0, 0.0);
    if let Some((z, n)) = float_prefix(&s[i..]) {
        i += n;
        if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
            x = z;
            if let Some((w, m)) = float_prefix(&s[i..]) {
                y = w;
                i += m;
            } else {
                y = if s[i] == b'+' { 1.0 } else { -1.0 };
                i += 1;
            }
            if !is_j(s.get(i)) {
                return None;
            }
            i += 1;
        } else if is_j(s.get(i)) {
            i += 1;
            y = z;
        } else {
            x = z;
        }
    } else {
        if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
            y = if s[i] == b'+' { 1.0 } else { -1.0 };
            i += 1;
        } else {
            y = 1.0;
        }
        if !is_j(s.get(i)) {
            return None;
        }
        i += 1;
    }
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if bracket {
        if s.get(i) != Some(&b')') {
            return None;
        }
        i += 1;
        while i < s.len() && is_space(s[i]) {
            i += 1;
        }
    }
    if i != s.len() {
        return None;
    }
    Some((x, y))
}

fn wrap_for_class(cls: &TypeObject, c: C) -> PyResult {
    if std::ptr::eq(cls, &COMPLEX_TYPE) {
        return Ok(new_complex(c.0, c.1));
    }
    if cls.layout == Layout::Instance {
        return Ok(instance::new_instance(cls, Some(new_complex(c.0, c.1))));
    }
    Err(type_error(format!(
        "complex.__new__({}) is not safe, use {}.__new__()",
        cls.name(),
        cls.name()
    )))
}

fn is_number(v: &Value) -> bool {
    let ty = v.ty();
    as_complex(v).is_some()
        || float::as_f64(v).is_some()
        || int::is_int(v)
        || ty.lookup_str("__float__").is_some()
        || ty.lookup_str("__index__").is_some()
}

fn complex_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls_v = args.values[0].clone();
    let cls = cls_v
        .as_type()
        .ok_or_else(|| type_error("complex.__new__(X): X is not a type object"))?;
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let b = rest.bind("complex", &["real", "imag"], 0)?;
    let (r, i) = (b[0].clone(), b[1].clone());
    if r.is_none() && i.is_none() {
        return wrap_for_class(cls, (0.0, 0.0));
    }
    let r = r.unwrap_or_else(|| int::from_i64(0));
    if let Some(s) = str::as_str(&r) {
        if i.is_some() {
            return Err(type_error(
                "complex() can't take second arg if first is a string",
            ));
        }
        let c = match parse_complex(s) {
            Ok(c) => c,
            Err(true) => {
                let r = vm.repr_string(&r)?;
                return Err(value_error(format!(
                    "could not convert string to complex: {r}"
                )));
            }
            Err(false) => return Err(value_error("complex() arg is a malformed string")),
        };
        return wrap_for_class(cls, c);
    }
    if let Some(iv) = &i {
        if str::as_str(iv).is_some() {
            return Err(type_error("complex() second arg can't be a string"));
        }
    }
    if i.is_none() && r.is_type(&COMPLEX_TYPE) && std::ptr::eq(cls, &COMPLEX_TYPE) {
        return Ok(r);
    }
    let mut r = r;
    if as_complex(&r).is_none() {
        if let Some(f) = r.ty().lookup_str("__complex__") {
            let z = vm.call_slot(&f, std::slice::from_ref(&r))?;
            if as_complex(&z).is_none() {
                return Err(type_error(format!(
                    "__complex__ returned non-complex (type {})",
                    z.ty().name()
                )));
            }
            r = z;
        }
    }
    if !is_number(&r) {
        return Err(type_error(format!(
            "complex() first argument must be a string or a number, not '{}'",
            r.ty().name()
        )));
    }
    if let Some(iv) = &i {
        if !is_number(iv) {
            return Err(type_error(format!(
                "complex() second argument must be a number, not '{}'",
                iv.ty().name()
            )));
        }
    }
    let (cr, cr_complex) = match as_complex(&r) {
        Some(c) => (c, true),
        None => ((vm.to_f64(&r)?, 0.0), false),
    };
    let (ci, ci_complex) = match &i {
        None => ((cr.1, 0.0), false),
        Some(iv) => match as_complex(iv) {
            Some(c) => (c, true),
            None => ((vm.to_f64(iv)?, 0.0), false),
        },
    };
    let mut re = cr.0;
    let mut im = ci.0;
    if ci_complex {
        re -= ci.1;
    }
    if cr_complex && i.is_some() {
        im += cr.1;
    }
    wrap_for_class(cls, (re, im))
}

fn get_real(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(float::new_float(as_complex(v).map(|c| c.0).unwrap_or(0.0)))
}

fn get_imag(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(float::new_float(as_complex(v).map(|c| c.1).unwrap_or(0.0)))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &COMPLEX_TYPE,
        methods: methods![
            MethodDef::static_("__new__", complex_new),
            MethodDef::method("__repr__", complex_repr_m),
            MethodDef::method("__hash__", complex_hash_m),
            MethodDef::method("__bool__", complex_bool),
            MethodDef::method("__neg__", complex_neg),
            MethodDef::method("__pos__", complex_pos),
            MethodDef::method("__abs__", complex_abs_m),
            MethodDef::method("__complex__", complex_pos),
            MethodDef::method("conjugate", complex_conjugate),
            MethodDef::method("__add__", complex_add),
            MethodDef::method("__radd__", complex_radd),
            MethodDef::method("__sub__", complex_sub),
            MethodDef::method("__rsub__", complex_rsub),
            MethodDef::method("__mul__", complex_mul),
            MethodDef::method("__rmul__", complex_rmul),
            MethodDef::method("__truediv__", complex_truediv),
            MethodDef::method("__rtruediv__", complex_rtruediv),
            MethodDef::method("__pow__", complex_pow_m),
            MethodDef::method("__rpow__", complex_rpow),
            MethodDef::method("__eq__", complex_eq),
            MethodDef::method("__ne__", complex_ne),
            MethodDef::method("__getnewargs__", complex_getnewargs),
        ],
        getsets: getsets![GetSetDef::readonly("real", get_real), GetSetDef::readonly("imag", get_imag)],
        doc: Some("Create a complex number from a real part and an optional imaginary part.\n\nThis is equivalent to (real + imag*1j) where imag defaults to 0."),
    }]
}
