//! `timedelta`: a duration in days, seconds and microseconds, kept normalized; arithmetic is
//! exact on whole microseconds, and products and quotients with floats round half to even
//! through the float's integer ratio, as CPython's C module computes them.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::{delta_of, delta_value, new_delta, not_implemented, Delta, TIMEDELTA_TYPE};
use crate::bytecode::BinaryOperator;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, zero_division_error};
use crate::object::native::new_native;
use crate::object::typeobj::TypeObject;
use crate::object::types::{bool_value, GetSetDef, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn me(v: &Value) -> PyResult<Delta> {
    delta_of(v).ok_or_else(|| type_error("timedelta expected"))
}

fn big_to_us(b: &BigInt) -> PyResult<i128> {
    b.to_i128()
        .ok_or_else(|| overflow_error("Python int too large to convert to C int"))
}

/// CPython's `accum`: adds `num * factor` microseconds to `sofar`, keeping a float's
/// fraction of a microsecond in `leftover`.
fn accum(
    vm: &mut Vm,
    tag: &str,
    sofar: &mut BigInt,
    num: &Value,
    factor: i64,
    leftover: &mut f64,
) -> PyResult<()> {
    if int::is_int(num) {
        let n = int::as_bigint(&vm.index(num)?).unwrap_or_default();
        *sofar += n * factor;
        return Ok(());
    }
    if let Some(f) = float::as_f64(num) {
        if !f.is_finite() {
            return Err(if f.is_nan() {
                crate::object::exception::value_error("cannot convert float NaN to integer")
            } else {
                overflow_error("cannot convert float infinity to integer")
            });
        }
        let intpart = f.trunc();
        let frac = f - intpart;
        *sofar += float_to_big(intpart) * factor;
        if frac == 0.0 {
            return Ok(());
        }
        let scaled = factor as f64 * frac;
        let whole = scaled.trunc();
        *sofar += float_to_big(whole);
        *leftover += scaled - whole;
        return Ok(());
    }
    Err(type_error(format!(
        "unsupported type for timedelta {tag} component: {}",
        num.ty().name()
    )))
}

fn float_to_big(f: f64) -> BigInt {
    let (n, d) = integer_ratio(f);
    n / d
}

/// `float.as_integer_ratio()`.
pub fn integer_ratio(f: f64) -> (BigInt, BigInt) {
    if f == 0.0 {
        return (BigInt::zero(), BigInt::from(1));
    }
    let bits = f.to_bits();
    let sign = if bits >> 63 == 1 { -1 } else { 1 };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = if exp == 0 {
        (bits & ((1 << 52) - 1)) << 1
    } else {
        (bits & ((1 << 52) - 1)) | (1 << 52)
    };
    let mut e = exp - 1075;
    let mut m = mant;
    while m & 1 == 0 && e < 0 {
        m >>= 1;
        e += 1;
    }
    let m = BigInt::from(m) * sign;
    if e >= 0 {
        (m << e as usize, BigInt::from(1))
    } else {
        (m, BigInt::from(1) << (-e) as usize)
    }
}

/// A float's `as_integer_ratio()`: computed for a float, called (and checked as CPython
/// checks it) for a float subclass, which may override it.
fn float_ratio(vm: &mut Vm, v: &Value, f: f64) -> PyResult<(BigInt, BigInt)> {
    if v.is_type(&crate::object::types::FLOAT_TYPE) {
        return Ok(integer_ratio(f));
    }
    let r = vm.call_method(v, "as_integer_ratio", &[])?;
    let Some(items) = tuple::as_tuple(&r) else {
        return Err(type_error(format!(
            "unexpected return type from as_integer_ratio(): expected tuple, got '{}'",
            r.ty().name()
        )));
    };
    if items.len() != 2 {
        return Err(crate::object::exception::value_error(
            "as_integer_ratio() must return a 2-tuple",
        ));
    }
    let n = int::as_bigint(&vm.index(&items[0])?).unwrap_or_default();
    let d = int::as_bigint(&vm.index(&items[1])?).unwrap_or_default();
    Ok((n, d))
}

/// `a / b` rounded half to even (CPython's `divide_nearest`).
pub fn divide_nearest(a: &BigInt, b: &BigInt) -> PyResult<BigInt> {
    if b.is_zero() {
        return Err(zero_division_error("integer division or modulo by zero"));
    }
    let (q, r) = a.div_mod_floor(b);
    let r2 = &r * 2;
    let greater = if b.is_positive() { &r2 > b } else { &r2 < b };
    if greater || (&r2 == b && q.is_odd()) {
        Ok(q + 1)
    } else {
        Ok(q)
    }
}

fn timedelta_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = super::cls_arg(&args)?;
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let b = rest.bind(
        "timedelta",
        &[
            "days",
            "seconds",
            "microseconds",
            "milliseconds",
            "minutes",
            "hours",
            "weeks",
        ],
        0,
    )?;
    let mut total = BigInt::zero();
    let mut leftover = 0.0f64;
    let parts: [(usize, &str, i64); 7] = [
        (2, "microseconds", 1),
        (3, "milliseconds", 1000),
        (1, "seconds", 1_000_000),
        (4, "minutes", 60_000_000),
        (5, "hours", 3_600_000_000),
        (0, "days", 86_400_000_000),
        (6, "weeks", 604_800_000_000),
    ];
    for (i, tag, factor) in parts {
        if let Some(v) = &b[i] {
            accum(vm, tag, &mut total, v, factor, &mut leftover)?;
        }
    }
    if leftover != 0.0 {
        let mut whole = leftover.round();
        if (whole - leftover).abs() == 0.5 {
            let odd = if total.is_odd() { 1.0 } else { 0.0 };
            whole = 2.0 * ((leftover + odd) * 0.5).round() - odd;
        }
        total += float_to_big(whole);
    }
    let d = Delta::from_us(big_to_us(&total)?)?;
    Ok(new_native(cls, super::DeltaObj(d)))
}

/// `datetime.timedelta(days=1, seconds=2)`: the nonzero fields, or `(0)`.
pub fn repr_of(ty: &TypeObject, d: Delta) -> String {
    let name = if ty.has_flag(crate::object::typeobj::flags::HEAPTYPE) {
        ty.name()
    } else {
        format!("datetime.{}", ty.name())
    };
    let mut parts = Vec::new();
    if d.days != 0 {
        parts.push(format!("days={}", d.days));
    }
    if d.secs != 0 {
        parts.push(format!("seconds={}", d.secs));
    }
    if d.us != 0 {
        parts.push(format!("microseconds={}", d.us));
    }
    if parts.is_empty() {
        parts.push("0".into());
    }
    format!("{name}({})", parts.join(", "))
}

pub fn str_of(d: Delta) -> String {
    let (hh, rest) = (d.secs / 3600, d.secs % 3600);
    let (mm, ss) = (rest / 60, rest % 60);
    let mut s = format!("{hh}:{mm:02}:{ss:02}");
    if d.days != 0 {
        let plural = if d.days.abs() != 1 { "s" } else { "" };
        s = format!("{} day{plural}, {s}", d.days);
    }
    if d.us != 0 {
        s.push_str(&format!(".{:06}", d.us));
    }
    s
}

fn td_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    Ok(str::from_string(repr_of(v.ty(), me(v)?)))
}

fn td_str(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(str::from_string(str_of(me(&args.values[0])?)))
}

fn td_hash(vm: &mut Vm, args: Args) -> PyResult {
    let d = me(&args.values[0])?;
    let t = tuple::from_array([
        int::from_i64(d.days),
        int::from_i64(d.secs),
        int::from_i64(d.us),
    ]);
    Ok(int::from_i64(vm.hash(&t)?))
}

fn td_bool(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(bool_value(!me(&args.values[0])?.is_zero()))
}

fn td_compare(args: &Args, op: &str) -> PyResult {
    let a = me(&args.values[0])?;
    match args.values.get(1).and_then(delta_of) {
        Some(b) => Ok(super::compare_result(a, b, op)),
        None => Ok(not_implemented()),
    }
}

macro_rules! comparisons {
    ($($name:ident => $op:literal),*) => {
        $(fn $name(_vm: &mut Vm, args: Args) -> PyResult {
            td_compare(&args, $op)
        })*
    };
}
comparisons!(td_eq => "__eq__", td_ne => "__ne__", td_lt => "__lt__", td_le => "__le__", td_gt => "__gt__", td_ge => "__ge__");

fn other(args: &Args) -> Option<Delta> {
    args.values.get(1).and_then(delta_of)
}

fn td_add(_vm: &mut Vm, args: Args) -> PyResult {
    let a = me(&args.values[0])?;
    match other(&args) {
        Some(b) => delta_value(a.to_us() + b.to_us()),
        None => Ok(not_implemented()),
    }
}

fn td_sub(_vm: &mut Vm, args: Args) -> PyResult {
    let a = me(&args.values[0])?;
    match other(&args) {
        Some(b) => delta_value(a.to_us() - b.to_us()),
        None => Ok(not_implemented()),
    }
}

fn td_rsub(_vm: &mut Vm, args: Args) -> PyResult {
    let a = me(&args.values[0])?;
    match other(&args) {
        Some(b) => delta_value(b.to_us() - a.to_us()),
        None => Ok(not_implemented()),
    }
}

fn td_neg(_vm: &mut Vm, args: Args) -> PyResult {
    delta_value(-me(&args.values[0])?.to_us())
}

fn td_pos(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(new_delta(me(&args.values[0])?))
}

fn td_abs(_vm: &mut Vm, args: Args) -> PyResult {
    delta_value(me(&args.values[0])?.to_us().abs())
}

fn big_us(d: Delta) -> BigInt {
    BigInt::from(d.to_us())
}

fn delta_from_big(b: &BigInt) -> PyResult {
    delta_value(big_to_us(b)?)
}

fn td_mul(vm: &mut Vm, args: Args) -> PyResult {
    let a = me(&args.values[0])?;
    let Some(o) = args.values.get(1) else {
        return Ok(not_implemented());
    };
    if int::is_int(o) {
        let n = int::as_bigint(&vm.index(o)?).unwrap_or_default();
        return delta_from_big(&(big_us(a) * n));
    }
    if let Some(f) = float::as_f64(o) {
        if !f.is_finite() {
            return Err(if f.is_nan() {
                crate::object::exception::value_error("cannot convert float NaN to integer")
            } else {
                overflow_error("cannot convert float infinity to integer")
            });
        }
        let (n, d) = float_ratio(vm, o, f)?;
        return delta_from_big(&divide_nearest(&(big_us(a) * n), &d)?);
    }
    Ok(not_implemented())
}

fn td_truediv(vm: &mut Vm, args: Args) -> PyResult {
    let a = me(&args.values[0])?;
    let Some(o) = args.values.get(1) else {
        return Ok(not_implemented());
    };
    if let Some(b) = delta_of(o) {
        if b.is_zero() {
            return Err(zero_division_error("division by zero"));
        }
        let x = int::from_bigint(big_us(a));
        let y = int::from_bigint(big_us(b));
        return vm.binary_op(&x, &y, BinaryOperator::TrueDivide, false);
    }
    if int::is_int(o) {
        let n = int::as_bigint(&vm.index(o)?).unwrap_or_default();
        return delta_from_big(&divide_nearest(&big_us(a), &n)?);
    }
    if let Some(f) = float::as_f64(o) {
        if f.is_nan() {
            return Err(crate::object::exception::value_error(
                "cannot convert float NaN to integer",
            ));
        }
        let (n, d) = float_ratio(vm, o, f)?;
        return delta_from_big(&divide_nearest(&(big_us(a) * d), &n)?);
    }
    Ok(not_implemented())
}

fn td_floordiv(vm: &mut Vm, args: Args) -> PyResult {
    let a = me(&args.values[0])?;
    let Some(o) = args.values.get(1) else {
        return Ok(not_implemented());
    };
    if let Some(b) = delta_of(o) {
        if b.is_zero() {
            return Err(zero_division_error("integer division or modulo by zero"));
        }
        return Ok(int::from_bigint(big_us(a).div_floor(&big_us(b))));
    }
    if int::is_int(o) {
        let n = int::as_bigint(&vm.index(o)?).unwrap_or_default();
        if n.is_zero() {
            return Err(zero_division_error("integer division or modulo by zero"));
        }
        return delta_from_big(&big_us(a).div_floor(&n));
    }
    Ok(not_implemented())
}

fn td_mod(_vm: &mut Vm, args: Args) -> PyResult {
    let a = me(&args.values[0])?;
    match other(&args) {
        Some(b) if b.is_zero() => Err(zero_division_error("integer division or modulo by zero")),
        Some(b) => delta_from_big(&big_us(a).mod_floor(&big_us(b))),
        None => Ok(not_implemented()),
    }
}

fn td_divmod(_vm: &mut Vm, args: Args) -> PyResult {
    let a = me(&args.values[0])?;
    match other(&args) {
        Some(b) if b.is_zero() => Err(zero_division_error("integer division or modulo by zero")),
        Some(b) => {
            let (q, r) = big_us(a).div_mod_floor(&big_us(b));
            Ok(tuple::from_array([
                int::from_bigint(q),
                delta_from_big(&r)?,
            ]))
        }
        None => Ok(not_implemented()),
    }
}

fn td_total_seconds(vm: &mut Vm, args: Args) -> PyResult {
    let a = me(&args.values[0])?;
    let x = int::from_bigint(big_us(a));
    vm.binary_op(
        &x,
        &int::from_i64(1_000_000),
        BinaryOperator::TrueDivide,
        false,
    )
}

fn td_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let d = me(v)?;
    Ok(tuple::from_array([
        v.ty().to_value(),
        tuple::from_array([
            int::from_i64(d.days),
            int::from_i64(d.secs),
            int::from_i64(d.us),
        ]),
    ]))
}

fn td_days(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(me(this)?.days))
}

fn td_seconds(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(me(this)?.secs))
}

fn td_microseconds(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(me(this)?.us))
}

pub fn types() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &TIMEDELTA_TYPE,
        methods: methods![
            MethodDef::static_("__new__", timedelta_new),
            MethodDef::method("__repr__", td_repr),
            MethodDef::method("__str__", td_str),
            MethodDef::method("__hash__", td_hash),
            MethodDef::method("__bool__", td_bool),
            MethodDef::method("__eq__", td_eq),
            MethodDef::method("__ne__", td_ne),
            MethodDef::method("__lt__", td_lt),
            MethodDef::method("__le__", td_le),
            MethodDef::method("__gt__", td_gt),
            MethodDef::method("__ge__", td_ge),
            MethodDef::method("__add__", td_add),
            MethodDef::method("__radd__", td_add),
            MethodDef::method("__sub__", td_sub),
            MethodDef::method("__rsub__", td_rsub),
            MethodDef::method("__neg__", td_neg),
            MethodDef::method("__pos__", td_pos),
            MethodDef::method("__abs__", td_abs),
            MethodDef::method("__mul__", td_mul),
            MethodDef::method("__rmul__", td_mul),
            MethodDef::method("__truediv__", td_truediv),
            MethodDef::method("__floordiv__", td_floordiv),
            MethodDef::method("__mod__", td_mod),
            MethodDef::method("__divmod__", td_divmod),
            MethodDef::method("total_seconds", td_total_seconds),
            MethodDef::method("__reduce__", td_reduce),
        ],
        getsets: getsets![
            GetSetDef::member("days", td_days),
            GetSetDef::member("seconds", td_seconds),
            GetSetDef::member("microseconds", td_microseconds),
        ],
        doc: Some("Difference between two datetime values."),
    }]
}

pub fn class_attributes() -> PyResult<()> {
    let max_days = super::calendar::MAX_DELTA_DAYS;
    super::set_class_attr(
        &TIMEDELTA_TYPE,
        "min",
        new_delta(Delta {
            days: -max_days,
            secs: 0,
            us: 0,
        }),
    );
    super::set_class_attr(
        &TIMEDELTA_TYPE,
        "max",
        new_delta(Delta {
            days: max_days,
            secs: 86_399,
            us: 999_999,
        }),
    );
    super::set_class_attr(
        &TIMEDELTA_TYPE,
        "resolution",
        new_delta(Delta {
            days: 0,
            secs: 0,
            us: 1,
        }),
    );
    Ok(())
}
