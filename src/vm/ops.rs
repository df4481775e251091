//! Operators: binary arithmetic (int, float and complex fast paths, then `__op__`/`__rop__`
//! dispatch as CPython's `binary_op1`), rich comparisons, unary operators.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Pow, Signed, ToPrimitive, Zero};

use super::Vm;
use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::object::error::{PyErr, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error, zero_division_error};
use crate::object::int::{as_int, IntRef};
use crate::object::types::{bool_value, not_implemented, FLOAT_TYPE, INT_TYPE, TUPLE_TYPE};
use crate::object::value::Value;
use crate::object::*;

/// Arithmetic on two ints (any size), Python semantics.
pub fn int_binop(a: IntRef, b: IntRef, op: BinaryOperator) -> PyResult {
    use BinaryOperator::*;
    if let (IntRef::Small(x), IntRef::Small(y)) = (&a, &b) {
        let (x, y) = (*x, *y);
        match op {
            // Operands may be any i64 (big ints that fit), so overflow goes to the big path.
            Add => {
                if let Some(r) = x.checked_add(y) {
                    return Ok(int::from_i64(r));
                }
            }
            Subtract => {
                if let Some(r) = x.checked_sub(y) {
                    return Ok(int::from_i64(r));
                }
            }
            Multiply => {
                if let Some(r) = x.checked_mul(y) {
                    return Ok(int::from_i64(r));
                }
            }
            FloorDivide if y != -1 => {
                if y == 0 {
                    return Err(zero_division_error("integer division or modulo by zero"));
                }
                return Ok(int::from_i64(Integer::div_floor(&x, &y)));
            }
            Remainder if y != -1 => {
                if y == 0 {
                    return Err(zero_division_error("integer modulo by zero"));
                }
                return Ok(int::from_i64(Integer::mod_floor(&x, &y)));
            }
            And => return Ok(int::from_i64(x & y)),
            Or => return Ok(int::from_i64(x | y)),
            Xor => return Ok(int::from_i64(x ^ y)),
            RShift => {
                if y < 0 {
                    return Err(value_error("negative shift count"));
                }
                return Ok(int::from_i64(if y >= 64 {
                    if x < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    x >> y
                }));
            }
            LShift => {
                if y < 0 {
                    return Err(value_error("negative shift count"));
                }
                if y < 62 {
                    let r = (x as i128) << y;
                    if let Ok(r) = i64::try_from(r) {
                        return Ok(int::from_i64(r));
                    }
                }
            }
            TrueDivide => {
                if y == 0 {
                    return Err(zero_division_error("division by zero"));
                }
                if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
                    return Ok(float::new_float(x as f64 / y as f64));
                }
            }
            _ => {}
        }
    }
    let x = a.to_bigint();
    let y = b.to_bigint();
    let (x, y): (&BigInt, &BigInt) = (&x, &y);
    Ok(match op {
        Add => int::from_bigint(x + y),
        Subtract => int::from_bigint(x - y),
        Multiply => {
            check_int_bits(x.bits() + y.bits())?;
            int::from_bigint(x * y)
        }
        FloorDivide => {
            if y.is_zero() {
                return Err(zero_division_error("integer division or modulo by zero"));
            }
            int::from_bigint(int_division::div_mod_floor(x, y).0)
        }
        Remainder => {
            if y.is_zero() {
                return Err(zero_division_error("integer modulo by zero"));
            }
            int::from_bigint(int_division::div_mod_floor(x, y).1)
        }
        And => int::from_bigint(x & y),
        Or => int::from_bigint(x | y),
        Xor => int::from_bigint(x ^ y),
        LShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            if x.is_zero() {
                return Ok(int::from_i64(0));
            }
            // CPython counts the shift in 30-bit digits, which must fit a C ssize_t.
            if (y / 30u32).to_i64().is_none() {
                return Err(overflow_error("too many digits in integer"));
            }
            let s = y
                .to_u64()
                .ok_or_else(crate::object::exception::memory_error)?;
            check_int_bits(x.bits().saturating_add(s))?;
            int::from_bigint(x << s)
        }
        RShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            match y.to_usize() {
                Some(s) => int::from_bigint(x >> s),
                None => int::from_i64(if x.is_negative() { -1 } else { 0 }),
            }
        }
        TrueDivide => {
            if y.is_zero() {
                return Err(zero_division_error("division by zero"));
            }
            float::new_float(bigint_true_divide(x, y)?)
        }
        Power => return int_pow(x, y),
        MatrixMultiply => return Ok(not_implemented()),
    })
}

/// Correctly rounded int / int for large operands, as CPython's `long_true_divide`: a zero or
/// underflowing quotient keeps the sign of the exact one.
fn bigint_true_divide(x: &BigInt, y: &BigInt) -> PyResult<f64> {
    let negate = x.is_negative() != y.is_negative();
    let (a, b) = (x.magnitude(), y.magnitude());
    if a.bits() <= 53 && b.bits() <= 53 {
        let r = a.to_f64().unwrap_or(0.0) / b.to_f64().unwrap_or(1.0);
        return Ok(if negate { -r } else { r });
    }
    if a.is_zero() {
        return Ok(if negate { -0.0 } else { 0.0 });
    }
    // The quotient lies in [2^(e-1), 2^(e+1)); take it to 2^-k with k chosen for at least 56
    // significant bits (fewer only below the subnormal grid), then round half to even once.
    let e = a.bits() as i64 - b.bits() as i64;
    if e > 1025 {
        return Err(overflow_error(
            "integer division result too large for a float",
        ));
    }
    let k = (e - 56).max(-1077);
    let (num, den) = if k < 0 {
        (a << (-k) as usize, b.clone())
    } else {
        (a.clone(), b << k as usize)
    };
    let (q, rem) = int_division::div_rem_magnitude(&num, &den);
    let top = q.bits() as i64 - 1 + k;
    let grid = (top - 52).max(-1074);
    let drop = (grid - k) as usize;
    let mut m = (&q >> drop).to_u64().unwrap_or(0);
    let low = &q - (num_bigint::BigUint::from(m) << drop);
    let half = num_bigint::BigUint::from(1u32) << (drop - 1);
    if low > half || (low == half && (!rem.is_zero() || m & 1 == 1)) {
        m += 1;
    }
    let bits = 64 - m.leading_zeros() as i64;
    if bits - 1 + grid > 1023 {
        return Err(overflow_error(
            "integer division result too large for a float",
        ));
    }
    let r = scale_by_power_of_two(m as f64, grid);
    Ok(if negate { -r } else { r })
}

/// `m * 2**exp` for an `m` up to 2^53 whose product is representable (exact).
fn scale_by_power_of_two(m: f64, exp: i64) -> f64 {
    let pow2 = |e: i64| f64::from_bits(((e + 1023) as u64) << 52);
    if exp < -1022 {
        m * pow2(exp + 60) * pow2(-60)
    } else if exp > 1023 {
        m * pow2(exp - 60) * pow2(60)
    } else {
        m * pow2(exp)
    }
}

fn int_pow(x: &BigInt, y: &BigInt) -> PyResult {
    if y.is_negative() {
        // CPython hands a negative exponent to float's power, converting both operands.
        let too_big = || overflow_error("int too large to convert to float");
        let xf = x.to_f64().filter(|f| f.is_finite()).ok_or_else(too_big)?;
        let yf = y.to_f64().filter(|f| f.is_finite()).ok_or_else(too_big)?;
        return float_pow(xf, yf);
    }
    if let Some(small) = x.to_i64() {
        if small == 0 || small == 1 {
            return Ok(int::from_i64(if y.is_zero() { 1 } else { small }));
        }
        if small == -1 {
            return Ok(int::from_i64(if y.is_even() { 1 } else { -1 }));
        }
    }
    let e = y
        .to_u32()
        .ok_or_else(|| overflow_error("exponent too large"))?;
    check_int_bits(x.bits().saturating_mul(e as u64))?;
    Ok(int::from_bigint(Pow::pow(x, e)))
}

/// MemoryError unless an int of `bits` bits can be allocated (checked before num-bigint,
/// whose allocations cannot fail without aborting).
#[inline]
/// Whether `int_binop_reusing` computes `a op b` once an operand is unshared: `+`, `-` or `*`
/// of two exact ints, and a product not too big to allocate (so it cannot fail).
pub(crate) fn int_reusable(a: &Value, b: &Value, op: BinaryOperator) -> bool {
    use BinaryOperator::*;
    let exact_int = |v: &Value| v.is_small_int() || v.is_type(&INT_TYPE);
    exact_int(a)
        && exact_int(b)
        && match op {
            Add | Subtract => true,
            Multiply => check_int_product(a, b).is_ok(),
            _ => false,
        }
}

/// `a + b`, `a - b` or `a * b` of exact ints, computed in the digits of a big-int operand the
/// caller owns alone (its reference is the only one, and it gives it up for the result),
/// where the general path copies them into a new int first: `(acc + 2 * num) * k` makes one
/// big int, not three. None when no operand qualifies (`int_reusable`, and one of them a big
/// int with no other reference): the caller then computes the usual way.
pub fn int_binop_reusing(a: &Value, b: &Value, op: BinaryOperator) -> Option<PyResult> {
    use BinaryOperator::*;
    if !int_reusable(a, b, op) {
        return None;
    }
    // SAFETY: the caller owns `a` and `b` and gives up the one it passes for the result; the
    // digits are read only through `target` while it lives, and the value left there is
    // normalized below.
    let (target, owner, other, left) = match unsafe { int::unshared_big_mut(a) } {
        Some(t) => (t, a, b, true),
        // SAFETY: as for `a`.
        None => match unsafe { int::unshared_big_mut(b) } {
            Some(t) => (t, b, a, false),
            None => return None,
        },
    };
    match (op, other.as_small_int()) {
        (Add, Some(i)) => *target += i,
        (Add, None) => *target += int::big_ref(other)?,
        (Multiply, Some(i)) => *target *= i,
        (Multiply, None) => *target *= int::big_ref(other)?,
        (_, Some(i)) => *target -= i,
        (_, None) => *target -= int::big_ref(other)?,
    }
    if op == Subtract && !left {
        // `other - target`, computed the other way round.
        *target = -std::mem::take(target);
    }
    // A result back in the small range is a tagged int, as everywhere.
    Some(Ok(match target.to_i64().and_then(Value::try_small_int) {
        Some(small) => small,
        None => owner.clone(),
    }))
}

/// `check_int_bits` for the product of two exact ints.
pub(crate) fn check_int_product(a: &Value, b: &Value) -> PyResult<()> {
    let bits = |v: &Value| match v.as_small_int() {
        Some(i) => 64 - u64::from(i.unsigned_abs().leading_zeros()),
        None => int::big_ref(v).map_or(u64::MAX / 2, |x| x.bits()),
    };
    check_int_bits(bits(a) + bits(b))
}

fn check_int_bits(bits: u64) -> PyResult<()> {
    let bytes = usize::try_from(bits / 8 + 16).unwrap_or(usize::MAX);
    crate::object::exception::check_alloc_items(bytes, 1)
}

/// Arithmetic on two floats, Python semantics.
pub fn float_binop(x: f64, y: f64, op: BinaryOperator) -> PyResult {
    use BinaryOperator::*;
    Ok(float::new_float(match op {
        Add => x + y,
        Subtract => x - y,
        Multiply => x * y,
        TrueDivide => {
            if y == 0.0 {
                return Err(zero_division_error("float division by zero"));
            }
            x / y
        }
        FloorDivide => {
            if y == 0.0 {
                return Err(zero_division_error("float floor division by zero"));
            }
            float_divmod(x, y).0
        }
        Remainder => {
            if y == 0.0 {
                return Err(zero_division_error("float modulo"));
            }
            float_divmod(x, y).1
        }
        Power => return float_pow(x, y),
        _ => {
            return Err(type_error(format!(
                "unsupported operand type(s) for {}: 'float' and 'float'",
                op.symbol()
            )))
        }
    }))
}

/// CPython's `float_divmod`.
pub fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// `x ** y` for floats, with the special cases of CPython's `float_pow` (C99 Annex F, decided
/// here rather than left to libm); a negative base with a fractional exponent gives a complex.
pub fn float_pow(x: f64, y: f64) -> PyResult {
    let is_odd = |v: f64| v.abs() % 2.0 == 1.0;
    if y == 0.0 {
        return Ok(float::new_float(1.0));
    }
    if x.is_nan() {
        return Ok(float::new_float(x));
    }
    if y.is_nan() {
        return Ok(float::new_float(if x == 1.0 { 1.0 } else { y }));
    }
    if y.is_infinite() {
        let ax = x.abs();
        let r = if ax == 1.0 {
            1.0
        } else if (y > 0.0) == (ax > 1.0) {
            f64::INFINITY
        } else {
            0.0
        };
        return Ok(float::new_float(r));
    }
    if x.is_infinite() {
        let r = if y > 0.0 {
            if is_odd(y) {
                x
            } else {
                x.abs()
            }
        } else if is_odd(y) {
            0.0f64.copysign(x)
        } else {
            0.0
        };
        return Ok(float::new_float(r));
    }
    if x == 0.0 {
        if y < 0.0 {
            return Err(zero_division_error(
                "0.0 cannot be raised to a negative power",
            ));
        }
        return Ok(float::new_float(if is_odd(y) { x } else { 0.0 }));
    }
    let mut base = x;
    let mut negate = false;
    if x < 0.0 {
        if y != y.floor() {
            let (re, im) = crate::builtins::methods::complex::c_pow((x, 0.0), (y, 0.0))?;
            return Ok(complex::new_complex(re, im));
        }
        base = -x;
        negate = is_odd(y);
    }
    if base == 1.0 {
        return Ok(float::new_float(if negate { -1.0 } else { 1.0 }));
    }
    let r = base.powf(y);
    if r.is_infinite() {
        return Err(overflow_error("(34, 'Numerical result out of range')"));
    }
    Ok(float::new_float(if negate { -r } else { r }))
}

/// Complex power as CPython's `_Py_c_pow`.
pub fn complex_pow(a: (f64, f64), b: (f64, f64)) -> PyResult<(f64, f64)> {
    if b.0 == 0.0 && b.1 == 0.0 {
        return Ok((1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(zero_division_error("0.0 to a negative or complex power"));
        }
        return Ok((0.0, 0.0));
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Ok((len * phase.cos(), len * phase.sin()))
}

fn complex_binop(a: (f64, f64), b: (f64, f64), op: BinaryOperator) -> PyResult {
    use BinaryOperator::*;
    let (re, im) = match op {
        Add => (a.0 + b.0, a.1 + b.1),
        Subtract => (a.0 - b.0, a.1 - b.1),
        Multiply => (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0),
        TrueDivide => crate::builtins::methods::complex::c_quot(a, b)
            .ok_or_else(|| zero_division_error("complex division by zero"))?,
        Power => crate::builtins::methods::complex::c_pow(a, b)?,
        _ => return Ok(not_implemented()),
    };
    Ok(complex::new_complex(re, im))
}

/// A number as f64 for mixed int/float arithmetic.
fn num_to_f64(v: &Value) -> Option<PyResult<f64>> {
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

fn num_to_complex(v: &Value) -> Option<PyResult<(f64, f64)>> {
    if let Some(c) = complex::as_complex(v) {
        return Some(Ok(c));
    }
    num_to_f64(v).map(|r| r.map(|f| (f, 0.0)))
}

/// Built-in numeric arithmetic for exact or subclassed int/float/complex operands; None when
/// the operands are not both numbers.
pub fn numeric_binop(a: &Value, b: &Value, op: BinaryOperator) -> Option<PyResult> {
    use crate::object::types::BOOL_TYPE;
    use BinaryOperator::*;
    // No built-in number implements `@`: the dunder path reports the TypeError.
    if op == MatrixMultiply {
        return None;
    }
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        if matches!(op, And | Or | Xor) && a.is_type(&BOOL_TYPE) && b.is_type(&BOOL_TYPE) {
            let (p, q) = (a.is_true(), b.is_true());
            return Some(Ok(bool_value(match op {
                And => p & q,
                Or => p | q,
                _ => p ^ q,
            })));
        }
        return Some(int_binop(x, y, op));
    }
    // Bitwise operators are int-only; other operand types report their own errors.
    if matches!(op, And | Or | Xor | LShift | RShift) {
        return None;
    }
    let af = a.payload::<float::Float>().is_some();
    let bf = b.payload::<float::Float>().is_some();
    if af || bf {
        if let (Some(x), Some(y)) = (num_to_f64(a), num_to_f64(b)) {
            return Some(match (x, y) {
                (Ok(x), Ok(y)) => float_binop(x, y, op),
                (Err(e), _) | (_, Err(e)) => Err(e),
            });
        }
    }
    if matches!(op, FloorDivide | Remainder) {
        return None;
    }
    if complex::as_complex(a).is_some() || complex::as_complex(b).is_some() {
        if let (Some(x), Some(y)) = (num_to_complex(a), num_to_complex(b)) {
            return Some(match (x, y) {
                (Ok(x), Ok(y)) => complex_binop(x, y, op),
                (Err(e), _) | (_, Err(e)) => Err(e),
            });
        }
    }
    None
}

/// Exact int, bool, float or complex (not a subclass that could override operators).
#[inline]
fn is_builtin_number(v: &Value) -> bool {
    use crate::object::types::{BOOL_TYPE, COMPLEX_TYPE, INT_TYPE};
    v.is_small_int()
        || v.is_type(&INT_TYPE)
        || v.is_type(&FLOAT_TYPE)
        || v.is_type(&BOOL_TYPE)
        || v.is_type(&COMPLEX_TYPE)
}

/// The TypeError of a binary operator no operand's method implements.
fn unsupported_binary(a: &Value, b: &Value, op: BinaryOperator, inplace: bool) -> PyErr {
    if op == BinaryOperator::Power && !inplace {
        return unsupported(a, b, "** or pow()");
    }
    let sym = if inplace {
        format!("{}=", op.symbol())
    } else {
        op.symbol().to_string()
    };
    unsupported(a, b, &sym)
}

fn unsupported(a: &Value, b: &Value, sym: &str) -> PyErr {
    type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        sym,
        a.ty().name(),
        b.ty().name()
    ))
}

impl Vm {
    /// `a <op> b` (or `a <op>= b` when `inplace`).
    pub fn binary_op(
        &mut self,
        a: &Value,
        b: &Value,
        op: BinaryOperator,
        inplace: bool,
    ) -> PyResult {
        // Exact built-in fast paths.
        if a.is_small_int() && b.is_small_int() && op != BinaryOperator::MatrixMultiply {
            return int_binop(
                IntRef::Small(a.small_int_value()),
                IntRef::Small(b.small_int_value()),
                op,
            );
        }
        if a.is_type(&FLOAT_TYPE) && b.is_type(&FLOAT_TYPE) {
            let (x, y) = (
                float::as_f64(a).unwrap_or(0.0),
                float::as_f64(b).unwrap_or(0.0),
            );
            return float_binop(x, y, op);
        }
        if op == BinaryOperator::Add {
            if let (Some(x), Some(y)) =
                (a.payload_exact::<str::Str>(), b.payload_exact::<str::Str>())
            {
                crate::object::exception::check_alloc(
                    x.as_str().len().saturating_add(y.as_str().len()),
                )?;
                return Ok(str::concat(x, y));
            }
            if a.is_type(&crate::object::types::TUPLE_TYPE)
                && b.is_type(&crate::object::types::TUPLE_TYPE)
            {
                let (x, y) = (tuple::items(a), tuple::items(b));
                if y.is_empty() {
                    return Ok(a.clone());
                }
                if x.is_empty() {
                    return Ok(b.clone());
                }
                crate::object::exception::check_alloc_items(
                    x.len().saturating_add(y.len()),
                    std::mem::size_of::<Value>(),
                )?;
                return Ok(tuple::from_slices(&[x, y]));
            }
            // `list + list` (not `+=`, which extends the left list in place).
            if !inplace
                && a.is_type(&crate::object::types::LIST_TYPE)
                && b.is_type(&crate::object::types::LIST_TYPE)
            {
                let items = {
                    let x = list::as_list(a).expect("list layout").0.borrow();
                    let y = list::as_list(b).expect("list layout").0.borrow();
                    concatenated(&x, &y)?
                };
                return Ok(list::new_list(items));
            }
        }
        if is_builtin_number(a) && is_builtin_number(b) {
            if let Some(r) = numeric_binop(a, b, op) {
                return r;
            }
        }
        self.binary_op_slots(a, b, op, inplace)
    }

    /// `binary_op` by the operands' special methods (the in-place one first for `a <op>= b`),
    /// then a TypeError when none applies: the whole of it for operands whose types have no
    /// built-in fast path (a class defined in Python).
    pub fn binary_op_slots(
        &mut self,
        a: &Value,
        b: &Value,
        op: BinaryOperator,
        inplace: bool,
    ) -> PyResult {
        let (name, rname, iname) = op.dunders();
        if inplace {
            if let Some(f) = a.ty().lookup_str(iname) {
                let r = self.call_slot(&f, &[a.clone(), b.clone()])?;
                if !r.is(&not_implemented()) {
                    return Ok(r);
                }
            }
        }
        let r = self.binary_dispatch(a, b, name, rname)?;
        if !r.is(&not_implemented()) {
            return Ok(r);
        }
        Err(unsupported_binary(a, b, op, inplace))
    }

    /// The rest of `binary_op_slots` once the left operand's special method, called first,
    /// returned NotImplemented: `reflected` (the right operand's reflected method, None for
    /// operands of one type) decides, or the operator's TypeError.
    pub fn binary_op_declined(
        &mut self,
        a: &Value,
        b: &Value,
        reflected: Option<Value>,
        op: BinaryOperator,
        inplace: bool,
    ) -> PyResult {
        if let Some(fb) = reflected {
            let r = self.call_slot(&fb, &[b.clone(), a.clone()])?;
            if !r.is(&not_implemented()) {
                return Ok(r);
            }
        }
        Err(unsupported_binary(a, b, op, inplace))
    }

    /// `a.__name__(b)`, then `b.__rname__(a)` (reflected first when b's type is a subclass that
    /// overrides it). Returns NotImplemented when neither applies.
    pub fn binary_dispatch(
        &mut self,
        a: &Value,
        b: &Value,
        name: &'static str,
        rname: &'static str,
    ) -> PyResult {
        let ta = a.ty();
        let tb = b.ty();
        let same = std::ptr::eq(ta, tb);
        let fa = ta.lookup_str(name);
        let fb = if same { None } else { tb.lookup_str(rname) };
        if let Some(fb_) = &fb {
            if tb.is_subtype(ta) && fa.as_ref().map(|f| !f.is(fb_)).unwrap_or(true) {
                let r = self.call_slot(fb_, &[b.clone(), a.clone()])?;
                if !r.is(&not_implemented()) {
                    return Ok(r);
                }
                if let Some(fa) = &fa {
                    return self.call_slot(fa, &[a.clone(), b.clone()]);
                }
                return Ok(not_implemented());
            }
        }
        if let Some(fa) = &fa {
            let r = self.call_slot(fa, &[a.clone(), b.clone()])?;
            if !r.is(&not_implemented()) {
                return Ok(r);
            }
        }
        if let Some(fb) = &fb {
            return self.call_slot(fb, &[b.clone(), a.clone()]);
        }
        Ok(not_implemented())
    }

    /// Rich comparison `a <op> b` returning any object.
    pub fn compare(&mut self, a: &Value, b: &Value, op: CompareOperator) -> PyResult {
        if let Some(r) = fast_compare(a, b, op) {
            return Ok(bool_value(r));
        }
        // Containers compare their items through here: self-referencing data must end in
        // RecursionError, not a native stack overflow.
        self.enter_native(" in comparison")?;
        let r = if a.is_type(&TUPLE_TYPE) && b.is_type(&TUPLE_TYPE) {
            // Exact tuples compare as their `__lt__` (and siblings) would, without the slot
            // call; they are immutable, and the caller's references keep them alive.
            self.seq_compare(tuple::items(a), tuple::items(b), op)
        } else {
            self.compare_slow(a, b, op)
        };
        self.leave_native();
        r
    }

    fn compare_slow(&mut self, a: &Value, b: &Value, op: CompareOperator) -> PyResult {
        let (name, rname) = op.dunders();
        let ta = a.ty();
        let tb = b.ty();
        let same = std::ptr::eq(ta, tb);
        let mut tried_reflected = false;
        if !same && tb.is_subtype(ta) {
            if let Some(f) = tb.lookup_str(rname) {
                tried_reflected = true;
                let r = self.call_slot(&f, &[b.clone(), a.clone()])?;
                if !r.is(&not_implemented()) {
                    return Ok(r);
                }
            }
        }
        if let Some(f) = ta.lookup_str(name) {
            let r = self.call_slot(&f, &[a.clone(), b.clone()])?;
            if !r.is(&not_implemented()) {
                return Ok(r);
            }
        }
        if !tried_reflected {
            if let Some(f) = tb.lookup_str(rname) {
                let r = self.call_slot(&f, &[b.clone(), a.clone()])?;
                if !r.is(&not_implemented()) {
                    return Ok(r);
                }
            }
        }
        match op {
            CompareOperator::Eq => Ok(bool_value(a.is(b))),
            CompareOperator::Ne => Ok(bool_value(!a.is(b))),
            _ => Err(type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                ta.name(),
                tb.name()
            ))),
        }
    }

    /// Rich comparison, then truth value.
    pub fn compare_bool(&mut self, a: &Value, b: &Value, op: CompareOperator) -> PyResult<bool> {
        if let Some(r) = fast_compare(a, b, op) {
            return Ok(r);
        }
        let r = self.compare(a, b, op)?;
        self.truthy(&r)
    }

    /// `a == b` as a bool (identity implies equality, as CPython's containers assume).
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if a.is(b) {
            return Ok(true);
        }
        self.compare_bool(a, b, CompareOperator::Eq)
    }

    pub fn lt(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        self.compare_bool(a, b, CompareOperator::Lt)
    }

    /// `-v`, `+v`, `~v`.
    pub fn unary_op(&mut self, v: &Value, name: &'static str, sym: &str) -> PyResult {
        if let Some(i) = v.as_small_int() {
            match name {
                "__neg__" => return Ok(int::from_i64(-i)),
                "__pos__" => return Ok(v.clone()),
                "__invert__" => return Ok(int::from_i64(!i)),
                _ => {}
            }
        }
        if v.is_type(&FLOAT_TYPE) {
            let f = float::as_f64(v).unwrap_or(0.0);
            match name {
                "__neg__" => return Ok(float::new_float(-f)),
                "__pos__" => return Ok(v.clone()),
                _ => {}
            }
        }
        match v.ty().lookup_str(name) {
            Some(f) => self.call_slot(&f, std::slice::from_ref(v)),
            None => Err(type_error(format!(
                "bad operand type for unary {}: '{}'",
                sym,
                v.ty().name()
            ))),
        }
    }
}

/// The items of `x` then those of `y`, in a new vector (`MemoryError` when too many).
fn concatenated(x: &[Value], y: &[Value]) -> PyResult<Vec<Value>> {
    crate::object::exception::check_alloc_items(
        x.len().saturating_add(y.len()),
        std::mem::size_of::<Value>(),
    )?;
    let mut items = Vec::with_capacity(x.len() + y.len());
    items.extend_from_slice(x);
    items.extend_from_slice(y);
    Ok(items)
}

/// Comparisons that need no Python code: ints, floats, int/float mixes, strs.
#[inline]
pub fn fast_compare(a: &Value, b: &Value, op: CompareOperator) -> Option<bool> {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = if a.is_small_int() && b.is_small_int() {
        Some(a.small_int_value().cmp(&b.small_int_value()))
    } else if let (Some(x), Some(y)) = (
        a.payload_exact::<float::Float>(),
        b.payload_exact::<float::Float>(),
    ) {
        return Some(cmp_f64(x.0, y.0, op));
    } else if let (Some(x), Some(y)) =
        (a.payload_exact::<str::Str>(), b.payload_exact::<str::Str>())
    {
        if matches!(op, CompareOperator::Eq | CompareOperator::Ne) {
            let e = str::str_eq(x, y);
            return Some(if op == CompareOperator::Eq { e } else { !e });
        }
        Some(str::str_cmp(x, y))
    } else if a.is_small_int() && b.is_type(&FLOAT_TYPE) {
        return Some(cmp_int_float(a.small_int_value(), float::as_f64(b)?, op));
    } else if a.is_type(&FLOAT_TYPE) && b.is_small_int() {
        return Some(cmp_int_float(
            b.small_int_value(),
            float::as_f64(a)?,
            op.reflected(),
        ));
    } else {
        None
    };
    let o = ord?;
    Some(match op {
        CompareOperator::Lt => o == Ordering::Less,
        CompareOperator::Le => o != Ordering::Greater,
        CompareOperator::Eq => o == Ordering::Equal,
        CompareOperator::Ne => o != Ordering::Equal,
        CompareOperator::Gt => o == Ordering::Greater,
        CompareOperator::Ge => o != Ordering::Less,
    })
}

#[inline(always)]
pub fn cmp_f64(x: f64, y: f64, op: CompareOperator) -> bool {
    compare_ordered(x, y, op)
}

/// `x OP y` for ints, without a branch per operator (see `CompareOperator::outcomes`).
#[inline(always)]
pub fn compare_ints(x: i64, y: i64, op: CompareOperator) -> bool {
    let ordering = (x >= y) as u32 + (x > y) as u32;
    (op.outcomes() >> ordering) & 1 != 0
}

/// `x OP y` for values ordered by Rust's comparison operators (ints; floats, where every
/// comparison with a NaN but `!=` is false, as in Python).
#[inline(always)]
pub fn compare_ordered<T: PartialOrd>(x: T, y: T, op: CompareOperator) -> bool {
    match op {
        CompareOperator::Lt => x < y,
        CompareOperator::Le => x <= y,
        CompareOperator::Eq => x == y,
        CompareOperator::Ne => x != y,
        CompareOperator::Gt => x > y,
        CompareOperator::Ge => x >= y,
    }
}

/// Exact comparison of an int with a float (no rounding of large ints).
pub fn cmp_int_float(i: i64, f: f64, op: CompareOperator) -> bool {
    if f.is_nan() {
        return op == CompareOperator::Ne;
    }
    if (i.unsigned_abs()) < (1 << 53) || f.is_infinite() {
        return cmp_f64(i as f64, f, op);
    }
    // Compare i with the integer part of f exactly.
    let fi = f.trunc();
    let ord = match BigInt::from(i).cmp(&float_to_bigint(fi)) {
        std::cmp::Ordering::Equal => {
            let frac = f - fi;
            if frac > 0.0 {
                std::cmp::Ordering::Less
            } else if frac < 0.0 {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }
        o => o,
    };
    use std::cmp::Ordering::*;
    match op {
        CompareOperator::Lt => ord == Less,
        CompareOperator::Le => ord != Greater,
        CompareOperator::Eq => ord == Equal,
        CompareOperator::Ne => ord != Equal,
        CompareOperator::Gt => ord == Greater,
        CompareOperator::Ge => ord != Less,
    }
}

/// The integer value of a finite, integral f64.
pub fn float_to_bigint(f: f64) -> BigInt {
    let (m, e) = float::frexp(f.abs());
    let mant = (m * (1u64 << 53) as f64) as u64;
    let e = e - 53;
    let b = BigInt::from(mant);
    let b = if e >= 0 {
        b << e as usize
    } else {
        b >> (-e) as usize
    };
    if f < 0.0 {
        -b
    } else {
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_comparisons_by_outcome_mask_match_the_operators() {
        let values = [i64::MIN, -7, -1, 0, 1, 7, i64::MAX];
        for op in CompareOperator::ALL {
            for &x in &values {
                for &y in &values {
                    assert_eq!(
                        compare_ints(x, y, op),
                        compare_ordered(x, y, op),
                        "{x} {} {y}",
                        op.symbol()
                    );
                }
            }
        }
    }
}
