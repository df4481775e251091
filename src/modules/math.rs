//! The `math` module.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::builtins::methods::float::{bigint_ldexp, float_as_ratio_parts};
use crate::builtins::methods::int::float_to_int;
use crate::bytecode::BinaryOperator;
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error, zero_division_error};
use crate::object::int::{as_int, IntRef};
use crate::object::types::{bool_value, FLOAT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn domain() -> PyErr {
    value_error("math domain error")
}

fn range() -> PyErr {
    overflow_error("math range error")
}

fn arg1<'a>(args: &Args<'a>, name: &str) -> PyResult<&'a Value> {
    args.no_keywords(name)?;
    match args.values {
        [a] => Ok(a),
        v => Err(type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            v.len()
        ))),
    }
}

fn arg2<'a>(args: &Args<'a>, name: &str) -> PyResult<(&'a Value, &'a Value)> {
    args.no_keywords(name)?;
    match args.values {
        [a, b] => Ok((a, b)),
        v => Err(type_error(format!(
            "{name} expected 2 arguments, got {}",
            v.len()
        ))),
    }
}

fn f64_of(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    vm.to_f64(v)
}

/// CPython's `math_1`: NaN from a non-NaN is a domain error; an infinity from a finite input
/// is a range error when the function can overflow, else a domain error.
fn math_1(vm: &mut Vm, args: Args, name: &str, f: fn(f64) -> f64, can_overflow: bool) -> PyResult {
    let x = f64_of(vm, arg1(&args, name)?)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow { range() } else { domain() });
    }
    Ok(float::new_float(r))
}

macro_rules! unary {
    ($($name:ident, $pyname:expr, $f:expr, $ovf:expr;)*) => {
        $(
            fn $name(vm: &mut Vm, args: Args) -> PyResult {
                math_1(vm, args, $pyname, $f, $ovf)
            }
        )*
    };
}

/// `math.sqrt`'s native function (the JIT computes calls of it inline).
pub fn sqrt_native() -> crate::object::error::NativeFn {
    m_sqrt
}

unary! {
    m_sqrt, "sqrt", f64::sqrt, false;
    m_exp, "exp", f64::exp, true;
    m_exp2, "exp2", f64::exp2, true;
    m_expm1, "expm1", f64::exp_m1, true;
    m_cbrt, "cbrt", f64::cbrt, false;
    m_sin, "sin", f64::sin, false;
    m_cos, "cos", f64::cos, false;
    m_tan, "tan", f64::tan, false;
    m_asin, "asin", f64::asin, false;
    m_acos, "acos", f64::acos, false;
    m_atan, "atan", f64::atan, false;
    m_sinh, "sinh", f64::sinh, true;
    m_cosh, "cosh", f64::cosh, true;
    m_tanh, "tanh", f64::tanh, false;
    m_asinh, "asinh", f64::asinh, false;
    m_acosh, "acosh", f64::acosh, false;
    m_atanh, "atanh", f64::atanh, false;
    m_fabs, "fabs", f64::abs, false;
    m_erf, "erf", erf, false;
    m_erfc, "erfc", erfc, false;
}

fn m_log1p(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "log1p")?)?;
    if x <= -1.0 {
        return Err(domain());
    }
    Ok(float::new_float(x.ln_1p()))
}

/// Natural log of a positive number, big ints included (via their top bits).
fn ln_value(vm: &mut Vm, v: &Value, f: fn(f64) -> f64, log2e: f64) -> PyResult<f64> {
    if let Some(IntRef::Big(b)) = as_int(v) {
        if !b.is_positive() {
            return Err(domain());
        }
        if b.to_f64().map(|x| x.is_finite()).unwrap_or(false) {
            return Ok(f(b.to_f64().unwrap_or(0.0)));
        }
        // x = m * 2**e with m < 2**60: log(x) = log(m) + e*log(2).
        let e = b.bits() as i64 - 60;
        let m: BigInt = b >> e as usize;
        return Ok(f(m.to_f64().unwrap_or(0.0)) + e as f64 * log2e);
    }
    let x = f64_of(vm, v)?;
    if x.is_nan() {
        return Ok(x);
    }
    if x <= 0.0 {
        return Err(domain());
    }
    Ok(f(x))
}

fn m_log(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("log")?;
    let a = args.values;
    if a.is_empty() || a.len() > 2 {
        return Err(type_error(format!(
            "log expected {} argument{}, got {}",
            if a.is_empty() {
                "at least 1"
            } else {
                "at most 2"
            },
            if a.is_empty() { "" } else { "s" },
            a.len()
        )));
    }
    let num = ln_value(vm, &a[0], f64::ln, std::f64::consts::LN_2)?;
    match a.get(1) {
        None => Ok(float::new_float(num)),
        Some(b) => {
            let den = ln_value(vm, b, f64::ln, std::f64::consts::LN_2)?;
            if den == 0.0 {
                return Err(zero_division_error("float division by zero"));
            }
            Ok(float::new_float(num / den))
        }
    }
}

fn m_log2(vm: &mut Vm, args: Args) -> PyResult {
    let v = arg1(&args, "log2")?;
    Ok(float::new_float(ln_value(vm, v, f64::log2, 1.0)?))
}

fn m_log10(vm: &mut Vm, args: Args) -> PyResult {
    let v = arg1(&args, "log10")?;
    Ok(float::new_float(ln_value(
        vm,
        v,
        f64::log10,
        std::f64::consts::LOG10_2,
    )?))
}

fn m_pow(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = arg2(&args, "pow")?;
    let (x, y) = (f64_of(vm, a)?, f64_of(vm, b)?);
    let r = x.powf(y);
    if x.is_finite() && y.is_finite() {
        if r.is_nan() {
            return Err(domain());
        }
        if r.is_infinite() {
            return Err(if x == 0.0 { domain() } else { range() });
        }
    }
    Ok(float::new_float(r))
}

fn m_atan2(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = arg2(&args, "atan2")?;
    let (y, x) = (f64_of(vm, a)?, f64_of(vm, b)?);
    Ok(float::new_float(y.atan2(x)))
}

fn m_copysign(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = arg2(&args, "copysign")?;
    let (x, y) = (f64_of(vm, a)?, f64_of(vm, b)?);
    Ok(float::new_float(x.copysign(y)))
}

fn m_fmod(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = arg2(&args, "fmod")?;
    let (x, y) = (f64_of(vm, a)?, f64_of(vm, b)?);
    if y.is_infinite() && x.is_finite() {
        return Ok(float::new_float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain());
    }
    Ok(float::new_float(r))
}

/// IEEE 754 remainder, as CPython's `m_remainder`.
fn remainder(x: f64, y: f64) -> PyResult<f64> {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return Err(domain());
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = absx % absy;
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            m - 2.0 * ((0.5 * (absx - m)) % absy)
        };
        return Ok(1.0f64.copysign(x) * r);
    }
    if x.is_nan() {
        return Ok(x);
    }
    if y.is_nan() {
        return Ok(y);
    }
    if x.is_infinite() {
        return Err(domain());
    }
    Ok(x)
}

fn m_remainder(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = arg2(&args, "remainder")?;
    let (x, y) = (f64_of(vm, a)?, f64_of(vm, b)?);
    Ok(float::new_float(remainder(x, y)?))
}

/// `floor`/`ceil`: ints pass through, floats convert, other types use the dunder.
fn round_like(
    vm: &mut Vm,
    args: Args,
    name: &str,
    dunder: &'static str,
    f: fn(f64) -> f64,
) -> PyResult {
    let v = arg1(&args, name)?;
    if v.is_type(&FLOAT_TYPE) {
        return float_to_int(f(float::as_f64(v).unwrap_or(0.0)));
    }
    if v.is_small_int() {
        return Ok(v.clone());
    }
    if let Some(m) = v.ty().lookup_str(dunder) {
        return vm.call_slot(&m, std::slice::from_ref(v));
    }
    let x = f64_of(vm, v)?;
    float_to_int(f(x))
}

fn m_floor(vm: &mut Vm, args: Args) -> PyResult {
    round_like(vm, args, "floor", "__floor__", f64::floor)
}

fn m_ceil(vm: &mut Vm, args: Args) -> PyResult {
    round_like(vm, args, "ceil", "__ceil__", f64::ceil)
}

fn m_trunc(vm: &mut Vm, args: Args) -> PyResult {
    let v = arg1(&args, "trunc")?;
    if v.is_small_int() {
        return Ok(v.clone());
    }
    match v.ty().lookup_str("__trunc__") {
        Some(m) => vm.call_slot(&m, std::slice::from_ref(v)),
        None => Err(type_error(format!(
            "type {} doesn't define __trunc__ method",
            v.ty().name()
        ))),
    }
}

fn m_modf(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "modf")?)?;
    let (frac, int) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else {
        (x.fract().copysign(x), x.trunc())
    };
    Ok(tuple::from_array([
        float::new_float(frac),
        float::new_float(int),
    ]))
}

fn m_frexp(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "frexp")?)?;
    let (m, e) = float::frexp(x);
    Ok(tuple::from_array([
        float::new_float(m),
        int::from_i64(e as i64),
    ]))
}

fn m_ldexp(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = arg2(&args, "ldexp")?;
    let x = f64_of(vm, a)?;
    if !int::is_int(b) {
        return Err(type_error("Expected an int as second argument to ldexp."));
    }
    let e = match as_int(b) {
        Some(IntRef::Small(i)) => i,
        Some(IntRef::Big(bi)) => {
            if bi.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }
        }
        None => 0,
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(float::new_float(x));
    }
    let e = e.clamp(-5000, 5000);
    let (m, me) = float_as_ratio_parts(x);
    match bigint_ldexp(&m, me + e) {
        Some(0.0) => Ok(float::new_float(0.0f64.copysign(x))),
        Some(r) => Ok(float::new_float(r)),
        None => Err(range()),
    }
}

fn m_hypot(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("hypot")?;
    let mut xs = Vec::with_capacity(args.values.len());
    for v in args.values {
        xs.push(f64_of(vm, v)?);
    }
    Ok(float::new_float(vector_norm(&xs)))
}

/// Euclidean norm with scaling to avoid overflow; infinities win over NaNs.
fn vector_norm(xs: &[f64]) -> f64 {
    if xs.iter().any(|x| x.is_infinite()) {
        return f64::INFINITY;
    }
    if xs.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    match xs {
        [] => 0.0,
        [a] => a.abs(),
        [a, b] => a.hypot(*b),
        _ => {
            let max = xs.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            if max == 0.0 {
                return 0.0;
            }
            let mut sum = 0.0;
            let mut comp = 0.0;
            for x in xs {
                let t = x / max;
                let y = t * t - comp;
                let s = sum + y;
                comp = (s - sum) - y;
                sum = s;
            }
            max * sum.sqrt()
        }
    }
}

fn m_dist(vm: &mut Vm, args: Args) -> PyResult {
    let (p, q) = arg2(&args, "dist")?;
    let p = vm.collect(p)?;
    let q = vm.collect(q)?;
    if p.len() != q.len() {
        return Err(value_error(
            "both points must have the same number of dimensions",
        ));
    }
    let mut d = Vec::with_capacity(p.len());
    for (a, b) in p.iter().zip(q.iter()) {
        d.push(f64_of(vm, a)? - f64_of(vm, b)?);
    }
    Ok(float::new_float(vector_norm(&d)))
}

fn m_degrees(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "degrees")?)?;
    Ok(float::new_float(x * (180.0 / std::f64::consts::PI)))
}

fn m_radians(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "radians")?)?;
    Ok(float::new_float(x * (std::f64::consts::PI / 180.0)))
}

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    let i = vm.index(v)?;
    Ok(int::as_bigint(&i).unwrap_or_default())
}

fn m_factorial(vm: &mut Vm, args: Args) -> PyResult {
    let v = arg1(&args, "factorial")?;
    factorial_of(vm, v)
}

fn factorial_of(vm: &mut Vm, v: &Value) -> PyResult {
    let n = int_arg(vm, v)?;
    if n.is_negative() {
        return Err(value_error("factorial() not defined for negative values"));
    }
    let n = n.to_i64().ok_or_else(|| {
        overflow_error("factorial() argument should not exceed 9223372036854775807")
    })?;
    Ok(int::from_bigint(range_product(1, n as u64)))
}

/// The product of lo..=hi by binary splitting (fast for big factorials).
fn range_product(lo: u64, hi: u64) -> BigInt {
    if lo > hi {
        return BigInt::one();
    }
    if hi - lo < 16 {
        let mut acc = BigInt::from(lo);
        for k in lo + 1..=hi {
            acc *= k;
        }
        return acc;
    }
    let mid = lo + (hi - lo) / 2;
    range_product(lo, mid) * range_product(mid + 1, hi)
}

fn m_isqrt(vm: &mut Vm, args: Args) -> PyResult {
    let n = int_arg(vm, arg1(&args, "isqrt")?)?;
    if n.is_negative() {
        return Err(value_error("isqrt() argument must be nonnegative"));
    }
    Ok(int::from_bigint(n.sqrt()))
}

fn m_gcd(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("gcd")?;
    let mut g = BigInt::zero();
    for v in args.values {
        let x = int_arg(vm, v)?;
        g = g.gcd(&x);
    }
    Ok(int::from_bigint(g))
}

fn m_lcm(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("lcm")?;
    let mut l = BigInt::one();
    for v in args.values {
        let x = int_arg(vm, v)?;
        l = if x.is_zero() || l.is_zero() {
            BigInt::zero()
        } else {
            l.lcm(&x)
        };
    }
    Ok(int::from_bigint(l))
}

fn comb_perm_args(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<(BigInt, BigInt)> {
    let n = int_arg(vm, a)?;
    let k = int_arg(vm, b)?;
    if n.is_negative() {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

fn m_comb(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = arg2(&args, "comb")?;
    let (n, k) = comb_perm_args(vm, a, b)?;
    if k > n {
        return Ok(int::from_i64(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let k = k
        .to_i64()
        .ok_or_else(|| overflow_error("min(n - k, k) must not exceed 9223372036854775807"))?;
    let mut r = BigInt::one();
    for i in 0..k {
        r = r * (&n - i) / (i + 1);
    }
    Ok(int::from_bigint(r))
}

fn m_perm(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("perm")?;
    let a = args.values;
    if a.is_empty() || a.len() > 2 {
        return Err(type_error(format!(
            "perm expected {} argument{}, got {}",
            if a.is_empty() {
                "at least 1"
            } else {
                "at most 2"
            },
            if a.is_empty() { "" } else { "s" },
            a.len()
        )));
    }
    let k_v = match a.get(1) {
        Some(k) if !k.is_none() => k.clone(),
        // CPython's perm(n) is factorial(n), with its argument checks.
        _ => return factorial_of(vm, &a[0]),
    };
    let (n, k) = comb_perm_args(vm, &a[0], &k_v)?;
    if k > n {
        return Ok(int::from_i64(0));
    }
    let k = k
        .to_i64()
        .ok_or_else(|| overflow_error("k must not exceed 9223372036854775807"))?;
    let mut r = BigInt::one();
    for i in 0..k {
        r *= &n - i;
    }
    Ok(int::from_bigint(r))
}

fn m_prod(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    if pos.len() != 1 {
        return Err(type_error(format!(
            "prod() takes exactly 1 positional argument ({} given)",
            pos.len()
        )));
    }
    let mut acc = int::from_i64(1);
    for (k, v) in args.keywords() {
        match str::as_str(k) {
            Some("start") => acc = v.clone(),
            Some(other) => {
                return Err(type_error(format!(
                    "prod() got an unexpected keyword argument '{other}'"
                )))
            }
            None => {}
        }
    }
    let it = vm.iter(&pos[0])?;
    while let Some(x) = vm.next(&it)? {
        acc = vm.binary_op(&acc, &x, BinaryOperator::Multiply, false)?;
    }
    Ok(acc)
}

/// Exact float summation (Shewchuk), as CPython's `math.fsum`.
fn m_fsum(vm: &mut Vm, args: Args) -> PyResult {
    let v = arg1(&args, "fsum")?;
    let it = vm.iter(v)?;
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0;
    let mut inf_sum = 0.0;
    while let Some(item) = vm.next(&it)? {
        let mut x = f64_of(vm, &item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(overflow_error("intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(value_error("-inf + inf in fsum"));
        }
        return Ok(float::new_float(special_sum));
    }
    let mut hi = 0.0;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(float::new_float(hi))
}

fn m_isfinite(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "isfinite")?)?;
    Ok(bool_value(x.is_finite()))
}

fn m_isinf(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "isinf")?)?;
    Ok(bool_value(x.is_infinite()))
}

fn m_isnan(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "isnan")?)?;
    Ok(bool_value(x.is_nan()))
}

fn m_isclose(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    if pos.len() != 2 {
        return Err(type_error(format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            pos.len()
        )));
    }
    let (a, b) = (f64_of(vm, &pos[0])?, f64_of(vm, &pos[1])?);
    let mut rel_tol = 1e-9;
    let mut abs_tol = 0.0;
    for (k, v) in args.keywords() {
        match str::as_str(k) {
            Some("rel_tol") => rel_tol = f64_of(vm, v)?,
            Some("abs_tol") => abs_tol = f64_of(vm, v)?,
            Some(other) => {
                return Err(type_error(format!(
                    "isclose() got an unexpected keyword argument '{other}'"
                )))
            }
            None => {}
        }
    }
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(bool_value(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(bool_value(false));
    }
    let diff = (b - a).abs();
    Ok(bool_value(
        diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol,
    ))
}

/// C's `nextafter`.
fn nextafter(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

fn m_nextafter(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = arg2(&args, "nextafter")?;
    let (x, y) = (f64_of(vm, a)?, f64_of(vm, b)?);
    Ok(float::new_float(nextafter(x, y)))
}

fn m_ulp(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "ulp")?)?;
    if x.is_nan() {
        return Ok(float::new_float(x));
    }
    let x = x.abs();
    if x.is_infinite() {
        return Ok(float::new_float(x));
    }
    let x2 = nextafter(x, f64::INFINITY);
    if x2.is_infinite() {
        return Ok(float::new_float(x - nextafter(x, f64::NEG_INFINITY)));
    }
    Ok(float::new_float(x2 - x))
}

/// erf by its Taylor series for small |x|, else via erfc's continued fraction.
fn erf(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x.abs() < 1.5 {
        erf_series(x)
    } else {
        let c = erfc_cf(x.abs());
        if x > 0.0 {
            1.0 - c
        } else {
            c - 1.0
        }
    }
}

fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x.abs() < 1.5 {
        1.0 - erf_series(x)
    } else if x > 0.0 {
        erfc_cf(x)
    } else {
        2.0 - erfc_cf(-x)
    }
}

/// 2/sqrt(pi) * exp(-x*x) * sum x**(2n+1) 2**n / (1*3*...*(2n+1)) (all terms positive).
fn erf_series(x: f64) -> f64 {
    let x2 = x * x;
    let mut acc = 0.0;
    let mut fk = 25.5;
    for _ in 0..25 {
        acc = 2.0 + x2 * acc / fk;
        fk -= 1.0;
    }
    acc * x * (-x2).exp() / std::f64::consts::PI.sqrt()
}

/// Continued fraction for erfc(x), x >= 1.5.
fn erfc_cf(x: f64) -> f64 {
    if x >= 30.0 {
        return 0.0;
    }
    let x2 = x * x;
    let mut a = 0.0;
    let mut da = 0.5;
    let mut p = 1.0;
    let mut p_last = 0.0;
    let mut q = da + x2;
    let mut q_last = 1.0;
    for _ in 0..50 {
        a += da;
        da += 2.0;
        let b = da + x2;
        let temp = p;
        p = b * p - a * p_last;
        p_last = temp;
        let temp = q;
        q = b * q - a * q_last;
        q_last = temp;
    }
    p / q * x * (-x2).exp() / std::f64::consts::PI.sqrt()
}

/// Lanczos approximation (g = 7) of the gamma function.
fn lanczos_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const P: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        return std::f64::consts::PI / ((std::f64::consts::PI * x).sin() * lanczos_gamma(1.0 - x));
    }
    let x = x - 1.0;
    let mut a = P[0];
    let t = x + G + 0.5;
    for (i, p) in P.iter().enumerate().skip(1) {
        a += p / (x + i as f64);
    }
    (2.0 * std::f64::consts::PI).sqrt() * t.powf(x + 0.5) * (-t).exp() * a
}

fn m_gamma(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "gamma")?)?;
    if x.is_nan() {
        return Ok(float::new_float(x));
    }
    if x.is_infinite() {
        if x > 0.0 {
            return Ok(float::new_float(x));
        }
        return Err(domain());
    }
    if x == 0.0 || (x < 0.0 && x.floor() == x) {
        return Err(domain());
    }
    if x.floor() == x && x <= 23.0 {
        return Ok(float::new_float(
            range_product(1, x as u64 - 1).to_f64().unwrap_or(0.0),
        ));
    }
    if x > 171.7 {
        return Err(range());
    }
    Ok(float::new_float(lanczos_gamma(x)))
}

fn m_lgamma(vm: &mut Vm, args: Args) -> PyResult {
    let x = f64_of(vm, arg1(&args, "lgamma")?)?;
    if x.is_nan() {
        return Ok(float::new_float(x));
    }
    if x.is_infinite() {
        return Ok(float::new_float(f64::INFINITY));
    }
    if x <= 0.0 && x.floor() == x {
        return Err(domain());
    }
    if x == 1.0 || x == 2.0 {
        return Ok(float::new_float(0.0));
    }
    if x.abs() < 100.0 {
        return Ok(float::new_float(lanczos_gamma(x).abs().ln()));
    }
    // Stirling's series for large |x|.
    let lg = |x: f64| -> f64 {
        (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + 1.0 / (12.0 * x)
            - 1.0 / (360.0 * x * x * x)
    };
    if x > 0.0 {
        let r = lg(x);
        if r.is_infinite() {
            return Err(range());
        }
        return Ok(float::new_float(r));
    }
    let r = std::f64::consts::PI.ln() - (std::f64::consts::PI * x).sin().abs().ln() - lg(1.0 - x);
    Ok(float::new_float(r))
}

/// Creates the `math` module.
pub fn new_module() -> Value {
    let m = module::new_module("math");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("sqrt", m_sqrt),
        ("exp", m_exp),
        ("exp2", m_exp2),
        ("expm1", m_expm1),
        ("cbrt", m_cbrt),
        ("sin", m_sin),
        ("cos", m_cos),
        ("tan", m_tan),
        ("asin", m_asin),
        ("acos", m_acos),
        ("atan", m_atan),
        ("atan2", m_atan2),
        ("sinh", m_sinh),
        ("cosh", m_cosh),
        ("tanh", m_tanh),
        ("asinh", m_asinh),
        ("acosh", m_acosh),
        ("atanh", m_atanh),
        ("fabs", m_fabs),
        ("erf", m_erf),
        ("erfc", m_erfc),
        ("gamma", m_gamma),
        ("lgamma", m_lgamma),
        ("log", m_log),
        ("log2", m_log2),
        ("log10", m_log10),
        ("log1p", m_log1p),
        ("pow", m_pow),
        ("copysign", m_copysign),
        ("fmod", m_fmod),
        ("remainder", m_remainder),
        ("floor", m_floor),
        ("ceil", m_ceil),
        ("trunc", m_trunc),
        ("modf", m_modf),
        ("frexp", m_frexp),
        ("ldexp", m_ldexp),
        ("hypot", m_hypot),
        ("dist", m_dist),
        ("degrees", m_degrees),
        ("radians", m_radians),
        ("factorial", m_factorial),
        ("isqrt", m_isqrt),
        ("gcd", m_gcd),
        ("lcm", m_lcm),
        ("comb", m_comb),
        ("perm", m_perm),
        ("prod", m_prod),
        ("fsum", m_fsum),
        ("isfinite", m_isfinite),
        ("isinf", m_isinf),
        ("isnan", m_isnan),
        ("isclose", m_isclose),
        ("nextafter", m_nextafter),
        ("ulp", m_ulp),
    ];
    crate::modules::add_functions(&m, fns);
    module::set_attr(&m, "pi", float::new_float(std::f64::consts::PI));
    module::set_attr(&m, "e", float::new_float(std::f64::consts::E));
    module::set_attr(&m, "tau", float::new_float(std::f64::consts::TAU));
    module::set_attr(&m, "inf", float::new_float(f64::INFINITY));
    module::set_attr(&m, "nan", float::new_float(f64::NAN));
    m
}
