//! Methods of `float`.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::int::{float_to_int, to_ascii_number};
use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error, zero_division_error};
use crate::object::int::{as_int, IntRef};
use crate::object::typeobj::Layout;
use crate::object::types::{
    bool_value, not_implemented, GetSetDef, MethodDef, TypeSpec, FLOAT_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::ops::{cmp_f64, float_binop, float_divmod, float_to_bigint};
use crate::vm::Vm;

fn is_py_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// True for `digit (["_"] digit)*`.
fn valid_digitpart(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('_')
        && !s.ends_with('_')
        && !s.contains("__")
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'_')
}

/// Parses a float literal as `float(str)` does (whitespace, sign, underscores between digits,
/// `inf`/`infinity`/`nan` in any case).
pub fn parse_float(s: &str) -> Option<f64> {
    let s = to_ascii_number(s)?;
    let s = s.trim_matches(is_py_space);
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let v = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            let (mant, exp) = match lower.find('e') {
                Some(i) => (&lower[..i], Some(&lower[i + 1..])),
                None => (lower.as_str(), None),
            };
            let (ip, fp) = match mant.find('.') {
                Some(i) => (&mant[..i], Some(&mant[i + 1..])),
                None => (mant, None),
            };
            let ok_int = ip.is_empty() || valid_digitpart(ip);
            let ok_frac = match fp {
                Some(f) => f.is_empty() || valid_digitpart(f),
                None => true,
            };
            let has_digits = !ip.is_empty() || fp.map(|f| !f.is_empty()).unwrap_or(false);
            if !(ok_int && ok_frac && has_digits) {
                return None;
            }
            if let Some(e) = exp {
                let e = e.strip_prefix(['+', '-']).unwrap_or(e);
                if !valid_digitpart(e) {
                    return None;
                }
            }
            let clean: String = lower.chars().filter(|c| *c != '_').collect();
            clean.parse::<f64>().ok()?
        }
    };
    Some(if neg { -v } else { v })
}

/// A float or int operand as f64 (None for other types).
fn coerce(v: &Value) -> Option<PyResult<f64>> {
    if let Some(f) = float::as_f64(v) {
        return Some(Ok(f));
    }
    as_int(v).map(|i| match i {
        IntRef::Small(s) => Ok(s as f64),
        IntRef::Big(b) => b
            .to_f64()
            .filter(|f| f.is_finite())
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

fn self_f64(args: &Args) -> PyResult<f64> {
    args.no_keywords("method")?;
    if args.values.len() != 1 {
        return Err(type_error(format!(
            "expected 0 arguments, got {}",
            args.values.len().saturating_sub(1)
        )));
    }
    float::as_f64(&args.values[0]).ok_or_else(|| type_error("descriptor requires a 'float' object"))
}

fn binop(args: &Args, op: BinaryOperator, reflected: bool) -> PyResult {
    let (a, b) = two(args)?;
    let (Some(x), Some(y)) = (coerce(a), coerce(b)) else {
        return Ok(not_implemented());
    };
    let (x, y) = (x?, y?);
    if reflected {
        float_binop(y, x, op)
    } else {
        float_binop(x, y, op)
    }
}

macro_rules! float_binops {
    ($($name:ident, $rname:ident, $op:ident;)*) => {
        $(
            fn $name(_vm: &mut Vm, args: Args) -> PyResult {
                binop(&args, BinaryOperator::$op, false)
            }
            fn $rname(_vm: &mut Vm, args: Args) -> PyResult {
                binop(&args, BinaryOperator::$op, true)
            }
        )*
    };
}

float_binops! {
    float_add, float_radd, Add;
    float_sub, float_rsub, Subtract;
    float_mul, float_rmul, Multiply;
    float_truediv, float_rtruediv, TrueDivide;
    float_floordiv, float_rfloordiv, FloorDivide;
    float_mod, float_rmod, Remainder;
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
            return Err(type_error(
                "pow() 3rd argument not allowed unless all arguments are integers",
            ));
        }
    }
    let (Some(x), Some(y)) = (coerce(&v[0]), coerce(&v[1])) else {
        return Ok(not_implemented());
    };
    let (x, y) = (x?, y?);
    if reflected {
        float_binop(y, x, BinaryOperator::Power)
    } else {
        float_binop(x, y, BinaryOperator::Power)
    }
}

fn float_pow(_vm: &mut Vm, args: Args) -> PyResult {
    pow_impl(&args, false)
}

fn float_rpow(_vm: &mut Vm, args: Args) -> PyResult {
    pow_impl(&args, true)
}

fn divmod_impl(args: &Args, reflected: bool) -> PyResult {
    let (a, b) = two(args)?;
    let (Some(x), Some(y)) = (coerce(a), coerce(b)) else {
        return Ok(not_implemented());
    };
    let (mut x, mut y) = (x?, y?);
    if reflected {
        std::mem::swap(&mut x, &mut y);
    }
    if y == 0.0 {
        return Err(zero_division_error("float divmod()"));
    }
    let (q, r) = float_divmod(x, y);
    Ok(tuple::from_array([
        float::new_float(q),
        float::new_float(r),
    ]))
}

fn float_divmod_m(_vm: &mut Vm, args: Args) -> PyResult {
    divmod_impl(&args, false)
}

fn float_rdivmod(_vm: &mut Vm, args: Args) -> PyResult {
    divmod_impl(&args, true)
}

/// Exact ordering of a float and an int; None when the float is NaN.
pub fn cmp_float_int(f: f64, i: &IntRef) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    if let IntRef::Small(s) = i {
        if s.unsigned_abs() < (1 << 53) {
            return f.partial_cmp(&(*s as f64));
        }
    }
    let t = f.trunc();
    match float_to_bigint(t).cmp(i.to_bigint().as_ref()) {
        Ordering::Equal => (f - t).partial_cmp(&0.0),
        o => Some(o),
    }
}

fn compare(args: &Args, op: CompareOperator) -> PyResult {
    let (a, b) = two(args)?;
    let Some(x) = float::as_f64(a) else {
        return Ok(not_implemented());
    };
    if let Some(y) = float::as_f64(b) {
        return Ok(bool_value(cmp_f64(x, y, op)));
    }
    let Some(i) = as_int(b) else {
        return Ok(not_implemented());
    };
    let r = match cmp_float_int(x, &i) {
        None => op == CompareOperator::Ne,
        Some(o) => match op {
            CompareOperator::Lt => o == Ordering::Less,
            CompareOperator::Le => o != Ordering::Greater,
            CompareOperator::Eq => o == Ordering::Equal,
            CompareOperator::Ne => o != Ordering::Equal,
            CompareOperator::Gt => o == Ordering::Greater,
            CompareOperator::Ge => o != Ordering::Less,
        },
    };
    Ok(bool_value(r))
}

fn float_eq(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Eq)
}
fn float_ne(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Ne)
}
fn float_lt(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Lt)
}
fn float_le(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Le)
}
fn float_gt(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Gt)
}
fn float_ge(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Ge)
}

/// A float of type `cls` (float itself or a Python subclass).
fn wrap_for_class(cls: &crate::object::typeobj::TypeObject, x: f64) -> PyResult {
    if std::ptr::eq(cls, &FLOAT_TYPE) {
        return Ok(float::new_float(x));
    }
    if cls.layout == Layout::Instance {
        return Ok(instance::new_instance(cls, Some(float::new_float(x))));
    }
    Err(type_error(format!(
        "float.__new__({}) is not safe, use {}.__new__()",
        cls.name(),
        cls.name()
    )))
}

/// `float(x)` as f64.
pub fn float_of(vm: &mut Vm, x: &Value) -> PyResult<f64> {
    if let Some(f) = float::as_f64(x) {
        if x.is_type(&FLOAT_TYPE) {
            return Ok(f);
        }
    }
    if let Some(s) = str::as_str(x) {
        let s = s.to_string();
        return match parse_float(&s) {
            Some(f) => Ok(f),
            None => {
                let r = vm.repr_string(x)?;
                Err(value_error(format!(
                    "could not convert string to float: {r}"
                )))
            }
        };
    }
    if let Some(b) = bytes::bytes_like(x) {
        let s = String::from_utf8_lossy(&b).into_owned();
        return match parse_float(&s) {
            Some(f) => Ok(f),
            None => {
                let r = vm.repr_string(x)?;
                Err(value_error(format!(
                    "could not convert string to float: {r}"
                )))
            }
        };
    }
    let ty = x.ty();
    if let Some(f) = ty.lookup_str("__float__") {
        let r = vm.call_slot(&f, std::slice::from_ref(x))?;
        return float::as_f64(&r).ok_or_else(|| {
            type_error(format!(
                "{}.__float__ returned non-float (type {})",
                ty.name(),
                r.ty().name()
            ))
        });
    }
    if ty.lookup_str("__index__").is_some() {
        let i = vm.index(x)?;
        return vm.to_f64(&i);
    }
    Err(type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        ty.name()
    )))
}

fn float_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls_v = args.values[0].clone();
    let cls = cls_v
        .as_type()
        .ok_or_else(|| type_error("float.__new__(X): X is not a type object"))?;
    if args.has_keywords() {
        return Err(type_error("float() takes no keyword arguments"));
    }
    let pos = &args.values[1..];
    if pos.len() > 1 {
        return Err(type_error(format!(
            "float expected at most 1 argument, got {}",
            pos.len()
        )));
    }
    let x = match pos.first() {
        None => 0.0,
        Some(v) if v.is_type(&FLOAT_TYPE) && std::ptr::eq(cls, &FLOAT_TYPE) => return Ok(v.clone()),
        Some(v) => float_of(vm, v)?,
    };
    wrap_for_class(cls, x)
}

fn float_repr(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(str::from_string(float::float_repr(self_f64(&args)?)))
}

fn float_hash(_vm: &mut Vm, args: Args) -> PyResult {
    let x = self_f64(&args)?;
    if x.is_nan() {
        // CPython 3.11 hashes a NaN by identity: distinct NaNs land in distinct buckets.
        return Ok(int::from_i64(super::object::identity_hash(&args.values[0])));
    }
    Ok(int::from_i64(float::hash_f64(x)))
}

fn float_bool(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(bool_value(self_f64(&args)? != 0.0))
}

fn float_float(_vm: &mut Vm, args: Args) -> PyResult {
    let x = self_f64(&args)?;
    if args.values[0].is_type(&FLOAT_TYPE) {
        return Ok(args.values[0].clone());
    }
    Ok(float::new_float(x))
}

fn float_neg(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(float::new_float(-self_f64(&args)?))
}

fn float_abs(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(float::new_float(self_f64(&args)?.abs()))
}

fn float_trunc(_vm: &mut Vm, args: Args) -> PyResult {
    float_to_int(self_f64(&args)?)
}

fn float_floor(_vm: &mut Vm, args: Args) -> PyResult {
    float_to_int(self_f64(&args)?.floor())
}

fn float_ceil(_vm: &mut Vm, args: Args) -> PyResult {
    float_to_int(self_f64(&args)?.ceil())
}

/// Round half to even, to an integral float.
pub fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - r).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

/// `(m, e)` with x == m * 2**e exactly, m an odd integer (or 0) carrying the sign of x.
pub fn float_as_ratio_parts(x: f64) -> (BigInt, i64) {
    if x == 0.0 {
        return (BigInt::zero(), 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut m, mut e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    let tz = m.trailing_zeros();
    m >>= tz;
    e += tz as i64;
    let m = BigInt::from(m);
    (if x < 0.0 { -m } else { m }, e)
}

/// `n // d` rounded half to even (d > 0).
fn div_round_half_even(n: &BigInt, d: &BigInt) -> BigInt {
    let (mut q, r) = n.div_mod_floor(d);
    let twice: BigInt = r * 2;
    match twice.cmp(d) {
        Ordering::Greater => q += 1,
        Ordering::Equal if q.is_odd() => q += 1,
        _ => {}
    }
    q
}

/// CPython's correctly rounded `round(x, ndigits)`: half-even on the exact binary value.
pub fn round_ndigits(x: f64, nd: i64) -> PyResult<f64> {
    // Beyond these, rounding either cannot change x or always gives zero.
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || x == 0.0 || nd > NDIGITS_MAX {
        return Ok(x);
    }
    if nd < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    let (m, e) = float_as_ratio_parts(x.abs());
    let ten = BigInt::from(10);
    let text = if nd >= 0 {
        if e >= 0 {
            return Ok(x);
        }
        let num = m * num_traits::pow(ten, nd as usize);
        let den = BigInt::from(1) << (-e) as usize;
        format!("{}e-{}", div_round_half_even(&num, &den), nd)
    } else {
        let p = num_traits::pow(ten, (-nd) as usize);
        let (num, den) = if e >= 0 {
            (m << e as usize, p)
        } else {
            (m, p << (-e) as usize)
        };
        format!("{}e{}", div_round_half_even(&num, &den), -nd)
    };
    let r: f64 = text.parse().unwrap_or(f64::INFINITY);
    if r.is_infinite() {
        return Err(overflow_error("rounded value too large to represent"));
    }
    Ok(if x < 0.0 { -r } else { r })
}

fn float_round(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("__round__")?;
    let v = args.values;
    if v.is_empty() || v.len() > 2 {
        return Err(type_error(format!(
            "__round__ expected at most 1 argument, got {}",
            v.len().saturating_sub(1)
        )));
    }
    let x = float::as_f64(&v[0])
        .ok_or_else(|| type_error("descriptor '__round__' requires a 'float' object"))?;
    match v.get(1) {
        Some(n) if !n.is_none() => {
            let n = vm.index(n)?;
            let nd = match as_int(&n) {
                Some(IntRef::Small(i)) => i,
                Some(IntRef::Big(b)) => {
                    if b.is_negative() {
                        i64::MIN
                    } else {
                        i64::MAX
                    }
                }
                None => 0,
            };
            Ok(float::new_float(round_ndigits(x, nd)?))
        }
        _ => float_to_int(round_half_even(x)),
    }
}

fn float_is_integer(_vm: &mut Vm, args: Args) -> PyResult {
    let x = self_f64(&args)?;
    Ok(bool_value(x.is_finite() && x.trunc() == x))
}

fn float_as_integer_ratio(_vm: &mut Vm, args: Args) -> PyResult {
    let x = self_f64(&args)?;
    if x.is_infinite() {
        return Err(overflow_error("cannot convert Infinity to integer ratio"));
    }
    if x.is_nan() {
        return Err(value_error("cannot convert NaN to integer ratio"));
    }
    let (m, e) = float_as_ratio_parts(x);
    let (n, d) = if e >= 0 {
        (m << e as usize, BigInt::from(1))
    } else {
        (m, BigInt::from(1) << (-e) as usize)
    };
    Ok(tuple::from_array([
        int::from_bigint(n),
        int::from_bigint(d),
    ]))
}

/// CPython's `float.hex()`.
pub fn float_hex_string(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        format!("{sign}0x0.{frac:013x}p-1022")
    } else {
        format!("{sign}0x1.{frac:013x}p{:+}", exp - 1023)
    }
}

fn float_hex(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(str::from_string(float_hex_string(self_f64(&args)?)))
}

/// `m * 2**e` correctly rounded to a float (half to even); None on overflow.
pub fn bigint_ldexp(m: &BigInt, e: i64) -> Option<f64> {
    if m.is_zero() {
        return Some(0.0);
    }
    let neg = m.is_negative();
    let mag = m.abs();
    let bits = mag.bits() as i64;
    let top = bits + e - 1;
    if top >= 1024 {
        return None;
    }
    // Significant bits available: 53, fewer in the subnormal range.
    let keep = if top < -1022 { 53 - (-1022 - top) } else { 53 };
    let shift = bits - keep;
    let (q, qe) = if shift > 0 {
        let s = shift as usize;
        let mut q: BigInt = &mag >> s;
        let rem: BigInt = &mag - (&q << s);
        let half = BigInt::from(1) << (s - 1);
        match rem.cmp(&half) {
            Ordering::Greater => q += 1,
            Ordering::Equal if q.is_odd() => q += 1,
            _ => {}
        }
        (q, e + shift)
    } else {
        (mag, e)
    };
    let mut r = q.to_f64()?;
    let mut k = qe;
    while k > 0 {
        let step = k.min(1000);
        r *= 2f64.powi(step as i32);
        k -= step;
    }
    while k < 0 {
        let step = (-k).min(1000);
        r *= 2f64.powi(-step as i32);
        k += step;
    }
    if r.is_infinite() {
        return None;
    }
    Some(if neg { -r } else { r })
}

/// Parses `float.fromhex` input.
fn parse_hex_float(s: &str) -> Result<f64, &'static str> {
    const INVALID: &str = "invalid hexadecimal floating-point string";
    let t = s.trim_matches(is_py_space);
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => {
            return Ok(if neg {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
        "nan" => return Ok(f64::NAN),
        _ => {}
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mant, exp) = match body.find('p') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (ip, fp) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    if ip.is_empty() && fp.is_empty() {
        return Err(INVALID);
    }
    let mut m = BigInt::zero();
    for c in ip.chars().chain(fp.chars()) {
        let d = c.to_digit(16).ok_or(INVALID)?;
        m = m * 16 + d;
    }
    let mut e: i64 = -4 * fp.len() as i64;
    if let Some(x) = exp {
        let digits = x.strip_prefix(['+', '-']).unwrap_or(x);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(INVALID);
        }
        let v: i64 = x.parse().unwrap_or(if x.starts_with('-') {
            -(1 << 40)
        } else {
            1 << 40
        });
        e += v.clamp(-(1 << 40), 1 << 40);
    }
    let r = bigint_ldexp(&m, e).ok_or("hexadecimal value too large to represent as a float")?;
    Ok(if neg { -r } else { r })
}

fn float_fromhex(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fromhex", 2, 2)?;
    let s = str::as_str(&a[1]).ok_or_else(|| {
        type_error(format!(
            "fromhex() argument must be str, not {}",
            a[1].ty().name()
        ))
    })?;
    let x = parse_hex_float(s).map_err(|m| {
        if m.starts_with("hex") {
            overflow_error(m)
        } else {
            value_error(m)
        }
    })?;
    let cls = &a[0];
    if cls.is(&FLOAT_TYPE.to_value()) {
        return Ok(float::new_float(x));
    }
    vm.call(cls, &[float::new_float(x)])
}

fn float_getnewargs(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(tuple::from_array([float::new_float(self_f64(&args)?)]))
}

fn get_real(_vm: &mut Vm, v: &Value) -> PyResult {
    if v.is_type(&FLOAT_TYPE) {
        return Ok(v.clone());
    }
    Ok(float::new_float(float::as_f64(v).unwrap_or(0.0)))
}

fn get_imag(_vm: &mut Vm, _v: &Value) -> PyResult {
    Ok(float::new_float(0.0))
}

/// `float.__getformat__(typestr)`: how doubles and floats are stored on this machine.
fn float_getformat(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getformat__", 2, 2)?;
    match str::as_str(&a[1]) {
        Some("double") | Some("float") => Ok(str::new_str(if cfg!(target_endian = "little") {
            "IEEE, little-endian"
        } else {
            "IEEE, big-endian"
        })),
        Some(_) => Err(crate::object::exception::value_error(
            "__getformat__() argument 1 must be 'double' or 'float'",
        )),
        None => Err(crate::object::exception::type_error(format!(
            "__getformat__() argument must be str, not {}",
            a[1].ty().name()
        ))),
    }
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &FLOAT_TYPE,
        methods: methods![
            MethodDef::static_("__new__", float_new),
            MethodDef::method("__repr__", float_repr),
            MethodDef::method("__hash__", float_hash),
            MethodDef::method("__bool__", float_bool),
            MethodDef::method("__float__", float_float),
            MethodDef::method("__pos__", float_float),
            MethodDef::method("conjugate", float_float),
            MethodDef::method("__neg__", float_neg),
            MethodDef::method("__abs__", float_abs),
            MethodDef::method("__int__", float_trunc),
            MethodDef::method("__trunc__", float_trunc),
            MethodDef::method("__floor__", float_floor),
            MethodDef::method("__ceil__", float_ceil),
            MethodDef::method("__round__", float_round),
            MethodDef::method("__add__", float_add),
            MethodDef::method("__radd__", float_radd),
            MethodDef::method("__sub__", float_sub),
            MethodDef::method("__rsub__", float_rsub),
            MethodDef::method("__mul__", float_mul),
            MethodDef::method("__rmul__", float_rmul),
            MethodDef::method("__truediv__", float_truediv),
            MethodDef::method("__rtruediv__", float_rtruediv),
            MethodDef::method("__floordiv__", float_floordiv),
            MethodDef::method("__rfloordiv__", float_rfloordiv),
            MethodDef::method("__mod__", float_mod),
            MethodDef::method("__rmod__", float_rmod),
            MethodDef::method("__divmod__", float_divmod_m),
            MethodDef::method("__rdivmod__", float_rdivmod),
            MethodDef::method("__pow__", float_pow),
            MethodDef::method("__rpow__", float_rpow),
            MethodDef::method("__eq__", float_eq),
            MethodDef::method("__ne__", float_ne),
            MethodDef::method("__lt__", float_lt),
            MethodDef::method("__le__", float_le),
            MethodDef::method("__gt__", float_gt),
            MethodDef::method("__ge__", float_ge),
            MethodDef::method("is_integer", float_is_integer),
            MethodDef::method("as_integer_ratio", float_as_integer_ratio),
            MethodDef::method("hex", float_hex),
            MethodDef::class("fromhex", float_fromhex),
            MethodDef::class("__getformat__", float_getformat),
            MethodDef::method("__getnewargs__", float_getnewargs),
        ],
        getsets: getsets![
            GetSetDef::readonly("real", get_real),
            GetSetDef::readonly("imag", get_imag)
        ],
        doc: Some("Convert a string or number to a floating point number, if possible."),
    }]
}
