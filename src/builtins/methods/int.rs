//! Methods of `int` and `bool`.

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error};
use crate::object::int::{as_int, Int, IntRef};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, not_implemented, GetSetDef, MethodDef, TypeSpec, BOOL_TYPE, INT_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::ops::int_binop;
use crate::vm::Vm;

/// CPython's default limit on decimal digits in int <-> str conversions.
pub const MAX_STR_DIGITS: usize = 4300;
/// The smallest limit `sys.set_int_max_str_digits` accepts (besides 0, no limit).
pub const MIN_STR_DIGITS_LIMIT: usize = 640;

thread_local! {
    /// The current limit (0: none), as `sys.set_int_max_str_digits` set it.
    static STR_DIGITS_LIMIT: std::cell::Cell<usize> = const { std::cell::Cell::new(MAX_STR_DIGITS) };
}

/// The current limit on decimal digits in int <-> str conversions (0: none).
pub fn str_digits_limit() -> usize {
    STR_DIGITS_LIMIT.with(|c| c.get())
}

/// Sets the limit (0, or at least `MIN_STR_DIGITS_LIMIT`; the caller checks).
pub fn set_str_digits_limit(n: usize) {
    STR_DIGITS_LIMIT.with(|c| c.set(n));
}

fn over_limit(digits: usize) -> bool {
    let limit = str_digits_limit();
    limit != 0 && digits > limit
}

/// Maps Unicode digits to ASCII and Unicode whitespace to spaces, as CPython does before
/// parsing numbers; None if a character can never be part of a number.
pub fn to_ascii_number(s: &str) -> Option<String> {
    if s.is_ascii() {
        return Some(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(d) = crate::unicode::ctype::decimal_value(c as u32) {
            out.push(char::from_digit(d, 10)?);
        } else if crate::unicode::ctype::is_space(c as u32) {
            out.push(' ');
        } else {
            return None;
        }
    }
    Some(out)
}

fn is_py_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Parses an int literal as `int(s, base)` does (base 0 or 2..=36). Err(None) when the
/// string is invalid, Err(Some(n)) when its n digits exceed the conversion limit.
pub fn parse_int(s: &str, base: u32) -> Result<BigInt, Option<usize>> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut end = b.len();
    while i < end && is_py_space(b[i]) {
        i += 1;
    }
    while end > i && is_py_space(b[end - 1]) {
        end -= 1;
    }
    let mut neg = false;
    if i < end && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let mut base = base;
    let mut after_prefix = false;
    if i + 1 < end && b[i] == b'0' {
        let p = b[i + 1].to_ascii_lowercase();
        let pb = match p {
            b'x' => 16,
            b'o' => 8,
            b'b' => 2,
            _ => 0,
        };
        if pb != 0 && (base == 0 || base == pb) {
            base = pb;
            i += 2;
            after_prefix = true;
        }
    }
    let legacy_zero_check = base == 0;
    if base == 0 {
        base = 10;
    }
    let digits = &b[i..end];
    if digits.is_empty() {
        return Err(None);
    }
    // Underscores: single, between digits (or right after a base prefix).
    let mut prev_underscore = !after_prefix;
    let mut clean: Vec<u8> = Vec::with_capacity(digits.len());
    for &c in digits {
        if c == b'_' {
            if prev_underscore {
                return Err(None);
            }
            prev_underscore = true;
            continue;
        }
        let d = (c as char).to_digit(36).ok_or(None)?;
        if d >= base {
            return Err(None);
        }
        prev_underscore = false;
        clean.push(c);
    }
    if prev_underscore || clean.is_empty() {
        return Err(None);
    }
    if legacy_zero_check && !after_prefix && clean[0] == b'0' && clean.iter().any(|&c| c != b'0') {
        return Err(None);
    }
    if !base.is_power_of_two() && over_limit(clean.len()) {
        return Err(Some(clean.len()));
    }
    if clean.len() <= 12 {
        let mut v: i64 = 0;
        for &c in &clean {
            v = v * base as i64 + (c as char).to_digit(36).unwrap_or(0) as i64;
        }
        return Ok(BigInt::from(if neg { -v } else { v }));
    }
    let v = BigInt::parse_bytes(&clean, base).ok_or(None)?;
    Ok(if neg { -v } else { v })
}

/// The decimal string of a big int, with CPython's digit limit.
pub fn bigint_to_decimal(b: &BigInt) -> PyResult<String> {
    let s = b.to_string();
    let digits = s.len() - usize::from(b.is_negative());
    if over_limit(digits) {
        return Err(value_error(format!(
            "Exceeds the limit ({} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
            str_digits_limit()
        )));
    }
    Ok(s)
}

/// A value of type `cls` (int itself or a Python subclass) holding `v`.
fn wrap_for_class(cls: &TypeObject, v: Value) -> PyResult {
    if std::ptr::eq(cls, &INT_TYPE) {
        return Ok(v);
    }
    if cls.layout == Layout::Instance {
        // Subclass instances wrap a heap int so that `payload::<Int>()` finds it.
        let heap = alloc::alloc(
            &INT_TYPE,
            Int(as_int(&v)
                .map(|i| i.to_bigint().into_owned())
                .unwrap_or_default()),
        );
        return Ok(instance::new_instance(cls, Some(heap)));
    }
    Err(type_error(format!(
        "int.__new__({}) is not safe, use {}.__new__()",
        cls.name(),
        cls.name()
    )))
}

/// The exact int (not bool or subclass) with the same value.
pub fn exact_int(v: &Value) -> Value {
    if v.is_small_int() || v.is_type(&INT_TYPE) {
        return v.clone();
    }
    match as_int(v) {
        Some(IntRef::Small(i)) => int::from_i64(i),
        Some(IntRef::Big(b)) => int::from_bigint(b.clone()),
        None => v.clone(),
    }
}

/// `int(x)` for a float value.
pub fn float_to_int(x: f64) -> PyResult {
    if x.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    let t = x.trunc();
    if t.abs() < 9.0e15 {
        return Ok(int::from_i64(t as i64));
    }
    Ok(int::from_bigint(crate::vm::ops::float_to_bigint(t)))
}

fn int_from_string(vm: &mut Vm, obj: &Value, text: &str, base: u32) -> PyResult {
    let parsed = match to_ascii_number(text) {
        Some(s) => parse_int(&s, base),
        None => Err(None),
    };
    match parsed {
        Ok(b) => Ok(int::from_bigint(b)),
        Err(Some(n)) => Err(value_error(format!(
            "Exceeds the limit ({} digits) for integer string conversion: value has {n} digits; use sys.set_int_max_str_digits() to increase the limit",
            str_digits_limit()
        ))),
        Err(None) => {
            let mut r = vm.repr_string(obj)?;
            if str::as_str(obj).is_some() && r.chars().count() > 200 {
                r = r.chars().take(200).collect();
            }
            Err(value_error(format!("invalid literal for int() with base {base}: {r}")))
        }
    }
}

/// `int(x)` with no base.
pub fn int_of(vm: &mut Vm, x: &Value) -> PyResult {
    if x.is_small_int() || x.is_type(&INT_TYPE) {
        return Ok(x.clone());
    }
    if let Some(f) = float::as_f64(x) {
        if x.is_type(&types::FLOAT_TYPE) {
            return float_to_int(f);
        }
    }
    let ty = x.ty();
    if let Some(f) = ty.lookup_str("__int__") {
        let r = vm.call_slot(&f, std::slice::from_ref(x))?;
        if !int::is_int(&r) {
            return Err(type_error(format!(
                "__int__ returned non-int (type {})",
                r.ty().name()
            )));
        }
        return Ok(exact_int(&r));
    }
    if ty.lookup_str("__index__").is_some() {
        let r = vm.index(x)?;
        return Ok(exact_int(&r));
    }
    if let Some(f) = ty.lookup_str("__trunc__") {
        let r = vm.call_slot(&f, std::slice::from_ref(x))?;
        if int::is_int(&r) {
            return Ok(exact_int(&r));
        }
        if r.ty().lookup_str("__index__").is_none() {
            return Err(type_error(format!(
                "__trunc__ returned non-Integral (type {})",
                r.ty().name()
            )));
        }
        let r = vm.index(&r)?;
        return Ok(exact_int(&r));
    }
    if let Some(s) = str::as_str(x) {
        let s = s.to_string();
        return int_from_string(vm, x, &s, 10);
    }
    if let Some(b) = bytes::bytes_like(x) {
        let s = String::from_utf8_lossy(&b).into_owned();
        return int_from_string(vm, x, &s, 10);
    }
    Err(type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        ty.name()
    )))
}

fn int_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls_v = args.values[0].clone();
    let cls = cls_v
        .as_type()
        .ok_or_else(|| type_error("int.__new__(X): X is not a type object"))?;
    let pos = &args.positional()[1..];
    if pos.len() > 2 {
        return Err(type_error(format!(
            "int() takes at most 2 arguments ({} given)",
            pos.len()
        )));
    }
    let mut x = pos.first().cloned();
    let mut base = pos.get(1).cloned();
    for (k, v) in args.keywords() {
        match str::as_str(k).unwrap_or("") {
            "base" if base.is_none() => base = Some(v.clone()),
            "base" => {
                return Err(type_error(
                    "argument for int() given by name ('base') and position (2)",
                ))
            }
            other => {
                return Err(type_error(format!(
                    "'{other}' is an invalid keyword argument for int()"
                )))
            }
        }
    }
    let v = match (x.take(), base) {
        (None, None) => int::from_i64(0),
        (None, Some(_)) => return Err(type_error("int() missing string argument")),
        (Some(x), None) => int_of(vm, &x)?,
        (Some(x), Some(b)) => {
            let b = vm.index_i64(&b).map_err(|e| {
                if e.is_instance(&exception::OVERFLOW_ERROR) {
                    value_error("int() base must be >= 2 and <= 36, or 0")
                } else {
                    e
                }
            })?;
            if b != 0 && !(2..=36).contains(&b) {
                return Err(value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            if let Some(s) = str::as_str(&x) {
                let s = s.to_string();
                int_from_string(vm, &x, &s, b as u32)?
            } else if let Some(bs) = bytes::bytes_like(&x) {
                let s = String::from_utf8_lossy(&bs).into_owned();
                int_from_string(vm, &x, &s, b as u32)?
            } else {
                return Err(type_error(
                    "int() can't convert non-string with explicit base",
                ));
            }
        }
    };
    wrap_for_class(cls, v)
}

fn bool_new(vm: &mut Vm, args: Args) -> PyResult {
    if args.has_keywords() {
        return Err(type_error("bool() takes no keyword arguments"));
    }
    let pos = &args.values[1..];
    if pos.len() > 1 {
        return Err(type_error(format!(
            "bool expected at most 1 argument, got {}",
            pos.len()
        )));
    }
    match pos.first() {
        Some(v) => Ok(bool_value(vm.truthy(v)?)),
        None => Ok(bool_value(false)),
    }
}

/// `(self, other)` of a binary method.
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

fn one<'a>(args: &Args<'a>) -> PyResult<&'a Value> {
    args.no_keywords("method")?;
    match args.values {
        [a] => Ok(a),
        v => Err(type_error(format!(
            "expected 0 arguments, got {}",
            v.len().saturating_sub(1)
        ))),
    }
}

macro_rules! int_binops {
    ($($name:ident, $rname:ident, $op:ident;)*) => {
        $(
            fn $name(_vm: &mut Vm, args: Args) -> PyResult {
                let (a, b) = two(&args)?;
                match (as_int(a), as_int(b)) {
                    (Some(x), Some(y)) => int_binop(x, y, BinaryOperator::$op),
                    _ => Ok(not_implemented()),
                }
            }
            fn $rname(_vm: &mut Vm, args: Args) -> PyResult {
                let (a, b) = two(&args)?;
                match (as_int(a), as_int(b)) {
                    (Some(x), Some(y)) => int_binop(y, x, BinaryOperator::$op),
                    _ => Ok(not_implemented()),
                }
            }
        )*
    };
}

int_binops! {
    int_add, int_radd, Add;
    int_sub, int_rsub, Subtract;
    int_mul, int_rmul, Multiply;
    int_truediv, int_rtruediv, TrueDivide;
    int_floordiv, int_rfloordiv, FloorDivide;
    int_mod, int_rmod, Remainder;
    int_lshift, int_rlshift, LShift;
    int_rshift, int_rrshift, RShift;
    int_and, int_rand, And;
    int_or, int_ror, Or;
    int_xor, int_rxor, Xor;
}

fn divmod_ints(x: IntRef, y: IntRef) -> PyResult {
    if matches!((&x, &y), (IntRef::Big(_), _) | (_, IntRef::Big(_))) && !y.is_zero() {
        // One division for both results.
        let (q, r) = int_division::div_mod_floor(&x.to_bigint(), &y.to_bigint());
        return Ok(tuple::from_array([
            int::from_bigint(q),
            int::from_bigint(r),
        ]));
    }
    let q = int_binop(dup(&x), dup(&y), BinaryOperator::FloorDivide)?;
    let r = int_binop(x, y, BinaryOperator::Remainder)?;
    Ok(tuple::from_array([q, r]))
}

fn dup<'a>(x: &IntRef<'a>) -> IntRef<'a> {
    match x {
        IntRef::Small(i) => IntRef::Small(*i),
        IntRef::Big(b) => IntRef::Big(b),
    }
}

fn int_divmod(_vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = two(&args)?;
    match (as_int(a), as_int(b)) {
        (Some(x), Some(y)) => divmod_ints(x, y),
        _ => Ok(not_implemented()),
    }
}

fn int_rdivmod(_vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = two(&args)?;
    match (as_int(a), as_int(b)) {
        (Some(x), Some(y)) => divmod_ints(y, x),
        _ => Ok(not_implemented()),
    }
}

/// `pow(base, exp, mod)` for ints, with a negative exponent meaning the modular inverse.
pub fn int_modpow(base: &BigInt, exp: &BigInt, m: &BigInt) -> PyResult {
    if m.is_zero() {
        return Err(value_error("pow() 3rd argument cannot be 0"));
    }
    let mabs = m.abs();
    let mut b = base.mod_floor(&mabs);
    let mut e = exp.clone();
    if e.is_negative() {
        let g = b.extended_gcd(&mabs);
        if !g.gcd.is_one() {
            return Err(value_error("base is not invertible for the given modulus"));
        }
        b = g.x.mod_floor(&mabs);
        e = -e;
    }
    let mut r = if mabs.is_one() {
        BigInt::zero()
    } else {
        b.modpow(&e, &mabs)
    };
    if m.is_negative() && !r.is_zero() {
        r -= &mabs;
    }
    Ok(int::from_bigint(r))
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
    let (a, b) = if reflected {
        (&v[1], &v[0])
    } else {
        (&v[0], &v[1])
    };
    let (x, y) = match (as_int(a), as_int(b)) {
        (Some(x), Some(y)) => (x, y),
        _ => return Ok(not_implemented()),
    };
    match v.get(2) {
        Some(m) if !m.is_none() => match as_int(m) {
            Some(mi) => int_modpow(&x.to_bigint(), &y.to_bigint(), &mi.to_bigint()),
            None => Ok(not_implemented()),
        },
        _ => int_binop(x, y, BinaryOperator::Power),
    }
}

fn int_pow(_vm: &mut Vm, args: Args) -> PyResult {
    pow_impl(&args, false)
}

fn int_rpow(_vm: &mut Vm, args: Args) -> PyResult {
    pow_impl(&args, true)
}

fn bool_logic(args: &Args, op: BinaryOperator, reflected: bool) -> PyResult {
    let (a, b) = two(args)?;
    if a.ty().is_subtype(&BOOL_TYPE) && b.ty().is_subtype(&BOOL_TYPE) {
        let (x, y) = (a.is_true(), b.is_true());
        return Ok(bool_value(match op {
            BinaryOperator::And => x & y,
            BinaryOperator::Or => x | y,
            _ => x ^ y,
        }));
    }
    match (as_int(a), as_int(b)) {
        (Some(x), Some(y)) if reflected => int_binop(y, x, op),
        (Some(x), Some(y)) => int_binop(x, y, op),
        _ => Ok(not_implemented()),
    }
}

fn bool_and(_vm: &mut Vm, args: Args) -> PyResult {
    bool_logic(&args, BinaryOperator::And, false)
}
fn bool_rand(_vm: &mut Vm, args: Args) -> PyResult {
    bool_logic(&args, BinaryOperator::And, true)
}
fn bool_or(_vm: &mut Vm, args: Args) -> PyResult {
    bool_logic(&args, BinaryOperator::Or, false)
}
fn bool_ror(_vm: &mut Vm, args: Args) -> PyResult {
    bool_logic(&args, BinaryOperator::Or, true)
}
fn bool_xor(_vm: &mut Vm, args: Args) -> PyResult {
    bool_logic(&args, BinaryOperator::Xor, false)
}
fn bool_rxor(_vm: &mut Vm, args: Args) -> PyResult {
    bool_logic(&args, BinaryOperator::Xor, true)
}

fn bool_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let a = one(&args)?;
    Ok(str::new_str(if a.is_true() { "True" } else { "False" }))
}

fn cmp_ints(x: &IntRef, y: &IntRef) -> Ordering {
    match (x, y) {
        (IntRef::Small(a), IntRef::Small(b)) => a.cmp(b),
        _ => x.to_bigint().as_ref().cmp(y.to_bigint().as_ref()),
    }
}

fn int_richcompare(args: &Args, op: CompareOperator) -> PyResult {
    let (a, b) = two(args)?;
    match (as_int(a), as_int(b)) {
        (Some(x), Some(y)) => {
            let o = cmp_ints(&x, &y);
            Ok(bool_value(match op {
                CompareOperator::Lt => o == Ordering::Less,
                CompareOperator::Le => o != Ordering::Greater,
                CompareOperator::Eq => o == Ordering::Equal,
                CompareOperator::Ne => o != Ordering::Equal,
                CompareOperator::Gt => o == Ordering::Greater,
                CompareOperator::Ge => o != Ordering::Less,
            }))
        }
        _ => Ok(not_implemented()),
    }
}

fn int_eq(_vm: &mut Vm, args: Args) -> PyResult {
    int_richcompare(&args, CompareOperator::Eq)
}
fn int_ne(_vm: &mut Vm, args: Args) -> PyResult {
    int_richcompare(&args, CompareOperator::Ne)
}
fn int_lt(_vm: &mut Vm, args: Args) -> PyResult {
    int_richcompare(&args, CompareOperator::Lt)
}
fn int_le(_vm: &mut Vm, args: Args) -> PyResult {
    int_richcompare(&args, CompareOperator::Le)
}
fn int_gt(_vm: &mut Vm, args: Args) -> PyResult {
    int_richcompare(&args, CompareOperator::Gt)
}
fn int_ge(_vm: &mut Vm, args: Args) -> PyResult {
    int_richcompare(&args, CompareOperator::Ge)
}

fn self_ref<'a>(args: &Args<'a>) -> PyResult<IntRef<'a>> {
    let a = one(args)?;
    as_int(a).ok_or_else(|| {
        type_error(format!(
            "descriptor requires an 'int' object but received '{}'",
            a.ty().name()
        ))
    })
}

fn int_repr(_vm: &mut Vm, args: Args) -> PyResult {
    match self_ref(&args)? {
        IntRef::Small(i) => Ok(str::from_string(i.to_string())),
        IntRef::Big(b) => Ok(str::from_string(bigint_to_decimal(b)?)),
    }
}

fn int_hash(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(match self_ref(&args)? {
        IntRef::Small(i) => int::hash_i64(i),
        IntRef::Big(b) => int::hash_bigint(b),
    }))
}

fn int_bool(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(bool_value(!self_ref(&args)?.is_zero()))
}

/// `__int__`, `__index__`, `__trunc__`, `__floor__`, `__ceil__`, `__pos__`, `conjugate`.
fn int_int(_vm: &mut Vm, args: Args) -> PyResult {
    self_ref(&args)?;
    Ok(exact_int(&args.values[0]))
}

fn int_float(_vm: &mut Vm, args: Args) -> PyResult {
    match self_ref(&args)? {
        IntRef::Small(i) => Ok(float::new_float(i as f64)),
        IntRef::Big(b) => b
            .to_f64()
            .filter(|f| f.is_finite())
            .map(float::new_float)
            .ok_or_else(|| overflow_error("int too large to convert to float")),
    }
}

fn int_neg(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(match self_ref(&args)? {
        IntRef::Small(i) => match i.checked_neg() {
            Some(n) => int::from_i64(n),
            None => int::from_bigint(-BigInt::from(i)),
        },
        IntRef::Big(b) => int::from_bigint(-b),
    })
}

fn int_abs(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(match self_ref(&args)? {
        IntRef::Small(i) => match i.checked_abs() {
            Some(n) => int::from_i64(n),
            None => int::from_bigint(BigInt::from(i).abs()),
        },
        IntRef::Big(b) => int::from_bigint(b.abs()),
    })
}

fn int_invert(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(match self_ref(&args)? {
        IntRef::Small(i) => int::from_i64(!i),
        IntRef::Big(b) => int::from_bigint(-b - 1),
    })
}

/// Rounds `x` to a multiple of `p` (> 0), ties to the even multiple.
fn round_to_multiple(x: &BigInt, p: &BigInt) -> BigInt {
    let (mut q, r) = x.div_mod_floor(p);
    let twice: BigInt = &r * 2;
    match twice.cmp(p) {
        Ordering::Greater => q += 1,
        Ordering::Equal if q.is_odd() => q += 1,
        _ => {}
    }
    q * p
}

fn int_round(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("__round__")?;
    let v = args.values;
    if v.is_empty() || v.len() > 2 {
        return Err(type_error(format!(
            "__round__ expected at most 1 argument, got {}",
            v.len().saturating_sub(1)
        )));
    }
    let x = as_int(&v[0])
        .ok_or_else(|| type_error("descriptor '__round__' requires an 'int' object"))?;
    // An explicit None is an error here (int.__round__ indexes it), unlike round(x, None).
    let nd = match v.get(1) {
        Some(n) => vm.index(n)?,
        None => return Ok(exact_int(&v[0])),
    };
    let nd = as_int(&nd)
        .map(|i| i.to_bigint().into_owned())
        .unwrap_or_default();
    if !nd.is_negative() {
        return Ok(exact_int(&v[0]));
    }
    let xb = x.to_bigint().into_owned();
    let n = (-nd).to_u64().unwrap_or(u64::MAX);
    // 10**n exceeds 2*|x| once n is past the number of digits: the result is 0.
    if n > xb.bits() / 3 + 2 {
        return Ok(int::from_i64(0));
    }
    let p = num_traits::pow(BigInt::from(10), n as usize);
    Ok(int::from_bigint(round_to_multiple(&xb, &p)))
}

fn int_bit_length(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(match self_ref(&args)? {
        IntRef::Small(i) => 64 - i.unsigned_abs().leading_zeros() as i64,
        IntRef::Big(b) => b.bits() as i64,
    }))
}

fn int_bit_count(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(match self_ref(&args)? {
        IntRef::Small(i) => i.unsigned_abs().count_ones() as i64,
        IntRef::Big(b) => b
            .magnitude()
            .iter_u64_digits()
            .map(|d| d.count_ones() as i64)
            .sum(),
    }))
}

fn byteorder_arg(v: Option<&Value>) -> PyResult<bool> {
    let Some(v) = v else { return Ok(false) };
    match str::as_str(v) {
        Some("big") => Ok(false),
        Some("little") => Ok(true),
        Some(_) => Err(value_error("byteorder must be either 'little' or 'big'")),
        None => Err(type_error(format!(
            "to_bytes() argument 'byteorder' must be str, not {}",
            v.ty().name()
        ))),
    }
}

fn int_to_bytes(vm: &mut Vm, args: Args) -> PyResult {
    let this = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let b = rest.bind("to_bytes", &["length", "byteorder", "signed"], 0)?;
    let length = match &b[0] {
        Some(l) => vm.index_i64(l)?,
        None => 1,
    };
    if length < 0 {
        return Err(value_error("length argument must be non-negative"));
    }
    let little = byteorder_arg(b[1].as_ref())?;
    let signed = match &b[2] {
        Some(s) => vm.truthy(s)?,
        None => false,
    };
    let x = as_int(&this)
        .map(|i| i.to_bigint().into_owned())
        .unwrap_or_default();
    if !signed && x.is_negative() {
        return Err(overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = if x.is_zero() {
        Vec::new()
    } else if signed {
        x.to_signed_bytes_be()
    } else {
        x.to_bytes_be().1
    };
    if bytes.len() > length as usize {
        return Err(overflow_error("int too big to convert"));
    }
    let fill = if x.is_negative() { 0xff } else { 0 };
    crate::object::exception::check_alloc_items(length as usize, 1)?;
    let mut out = vec![fill; length as usize - bytes.len()];
    out.append(&mut bytes);
    if little {
        out.reverse();
    }
    Ok(bytes::new_bytes(out))
}

fn int_from_bytes(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let b = rest.bind("from_bytes", &["bytes", "byteorder", "signed"], 1)?;
    let src = b[0].clone().unwrap_or_else(types::none);
    let mut data = match bytes::bytes_like(&src) {
        Some(d) => d,
        None => {
            if str::as_str(&src).is_some() {
                return Err(type_error("cannot convert 'str' object to bytes"));
            }
            let items = vm.collect(&src)?;
            let mut out = Vec::with_capacity(items.len());
            for it in &items {
                let i = vm.index_i64(it)?;
                if !(0..256).contains(&i) {
                    return Err(value_error("bytes must be in range(0, 256)"));
                }
                out.push(i as u8);
            }
            out
        }
    };
    let little = byteorder_arg(b[1].as_ref())?;
    let signed = match &b[2] {
        Some(s) => vm.truthy(s)?,
        None => false,
    };
    if little {
        data.reverse();
    }
    let v = if signed {
        BigInt::from_signed_bytes_be(&data)
    } else {
        BigInt::from_bytes_be(Sign::Plus, &data)
    };
    let v = int::from_bigint(v);
    if cls.is(&INT_TYPE.to_value()) {
        return Ok(v);
    }
    vm.call(&cls, &[v])
}

fn int_as_integer_ratio(_vm: &mut Vm, args: Args) -> PyResult {
    self_ref(&args)?;
    Ok(tuple::from_array([
        exact_int(&args.values[0]),
        int::from_i64(1),
    ]))
}

fn int_getnewargs(_vm: &mut Vm, args: Args) -> PyResult {
    self_ref(&args)?;
    Ok(tuple::from_array([exact_int(&args.values[0])]))
}

fn int_sizeof(_vm: &mut Vm, args: Args) -> PyResult {
    let n = match self_ref(&args)? {
        IntRef::Small(0) => 24,
        IntRef::Small(i) => 24 + 4 * (64 - i.unsigned_abs().leading_zeros() as i64 + 29) / 30,
        IntRef::Big(b) => 24 + 4 * (b.bits() as i64 + 29) / 30,
    };
    Ok(int::from_i64(n))
}

fn get_self_int(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(exact_int(v))
}

fn get_zero(_vm: &mut Vm, _v: &Value) -> PyResult {
    Ok(int::from_i64(0))
}

fn get_one(_vm: &mut Vm, _v: &Value) -> PyResult {
    Ok(int::from_i64(1))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &INT_TYPE,
            methods: methods![
                MethodDef::static_("__new__", int_new),
                MethodDef::method("__repr__", int_repr),
                MethodDef::method("__hash__", int_hash),
                MethodDef::method("__bool__", int_bool),
                MethodDef::method("__index__", int_int),
                MethodDef::method("__int__", int_int),
                MethodDef::method("__trunc__", int_int),
                MethodDef::method("__floor__", int_int),
                MethodDef::method("__ceil__", int_int),
                MethodDef::method("__pos__", int_int),
                MethodDef::method("conjugate", int_int),
                MethodDef::method("__float__", int_float),
                MethodDef::method("__neg__", int_neg),
                MethodDef::method("__abs__", int_abs),
                MethodDef::method("__invert__", int_invert),
                MethodDef::method("__add__", int_add),
                MethodDef::method("__radd__", int_radd),
                MethodDef::method("__sub__", int_sub),
                MethodDef::method("__rsub__", int_rsub),
                MethodDef::method("__mul__", int_mul),
                MethodDef::method("__rmul__", int_rmul),
                MethodDef::method("__truediv__", int_truediv),
                MethodDef::method("__rtruediv__", int_rtruediv),
                MethodDef::method("__floordiv__", int_floordiv),
                MethodDef::method("__rfloordiv__", int_rfloordiv),
                MethodDef::method("__mod__", int_mod),
                MethodDef::method("__rmod__", int_rmod),
                MethodDef::method("__divmod__", int_divmod),
                MethodDef::method("__rdivmod__", int_rdivmod),
                MethodDef::method("__pow__", int_pow),
                MethodDef::method("__rpow__", int_rpow),
                MethodDef::method("__lshift__", int_lshift),
                MethodDef::method("__rlshift__", int_rlshift),
                MethodDef::method("__rshift__", int_rshift),
                MethodDef::method("__rrshift__", int_rrshift),
                MethodDef::method("__and__", int_and),
                MethodDef::method("__rand__", int_rand),
                MethodDef::method("__or__", int_or),
                MethodDef::method("__ror__", int_ror),
                MethodDef::method("__xor__", int_xor),
                MethodDef::method("__rxor__", int_rxor),
                MethodDef::method("__eq__", int_eq),
                MethodDef::method("__ne__", int_ne),
                MethodDef::method("__lt__", int_lt),
                MethodDef::method("__le__", int_le),
                MethodDef::method("__gt__", int_gt),
                MethodDef::method("__ge__", int_ge),
                MethodDef::method("__round__", int_round),
                MethodDef::method("bit_length", int_bit_length),
                MethodDef::method("bit_count", int_bit_count),
                MethodDef::method("to_bytes", int_to_bytes),
                MethodDef::class("from_bytes", int_from_bytes),
                MethodDef::method("as_integer_ratio", int_as_integer_ratio),
                MethodDef::method("__getnewargs__", int_getnewargs),
                MethodDef::method("__sizeof__", int_sizeof),
            ],
            getsets: getsets![
                GetSetDef::readonly("real", get_self_int),
                GetSetDef::readonly("imag", get_zero),
                GetSetDef::readonly("numerator", get_self_int),
                GetSetDef::readonly("denominator", get_one),
            ],
            doc: Some("int([x]) -> integer\nint(x, base=10) -> integer\n\nConvert a number or string to an integer, or return 0 if no arguments\nare given.  If x is a number, return x.__int__().  For floating point\nnumbers, this truncates towards zero."),
        },
        TypeSpec {
            ty: &BOOL_TYPE,
            methods: methods![
                MethodDef::static_("__new__", bool_new),
                MethodDef::method("__repr__", bool_repr),
                MethodDef::method("__and__", bool_and),
                MethodDef::method("__rand__", bool_rand),
                MethodDef::method("__or__", bool_or),
                MethodDef::method("__ror__", bool_ror),
                MethodDef::method("__xor__", bool_xor),
                MethodDef::method("__rxor__", bool_rxor),
            ],
            getsets: &[],
            doc: Some("bool(x) -> bool\n\nReturns True when the argument x is true, False otherwise.\nThe builtins True and False are the only two instances of the class bool.\nThe class bool is a subclass of the class int, and cannot be subclassed."),
        },
    ]
}
