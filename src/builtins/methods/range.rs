//! Methods of `range`, and the iterator for ranges whose bounds do not fit in i64.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::list::{exact_args, no_args, one_arg};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{index_error, overflow_error, type_error, value_error};
use crate::object::iter::{new_native_iter, NativeIterator};
use crate::object::range::{new_range, new_range_iter, Range};
use crate::object::slice::as_slice;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, none, not_implemented, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE, RANGE_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static LONGRANGE_ITER_TYPE: TypeObject = TypeObject::new_static(
    "longrange_iterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);

fn this(v: &Value) -> PyResult<&Range> {
    v.payload_exact::<Range>().ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'range' object but received a '{}'",
            v.ty().name()
        ))
    })
}

fn big(v: &Value) -> BigInt {
    int::as_bigint(v).unwrap_or_default()
}

/// (start, stop, step) as big ints.
fn bounds(r: &Range) -> (BigInt, BigInt, BigInt) {
    (big(&r.start), big(&r.stop), big(&r.step))
}

/// The number of items, as CPython's `compute_range_length`.
fn length(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    let (lo, hi, st) = if step.is_positive() {
        (start, stop, step.clone())
    } else {
        (stop, start, -step)
    };
    if lo >= hi {
        return BigInt::zero();
    }
    (hi - lo - 1u32) / st + 1u32
}

fn range_len_of(r: &Range) -> BigInt {
    let (a, b, c) = bounds(r);
    length(&a, &b, &c)
}

fn range_new(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("range")?;
    let a = &args.values[1..];
    let mut v = Vec::with_capacity(3);
    for x in a.iter().take(3) {
        v.push(vm.index(x)?);
    }
    match a.len() {
        0 => Err(type_error("range expected at least 1 argument, got 0")),
        1 => Ok(new_range(int::from_i64(0), v[0].clone(), int::from_i64(1))),
        2 => Ok(new_range(v[0].clone(), v[1].clone(), int::from_i64(1))),
        3 => {
            if big(&v[2]).is_zero() {
                return Err(value_error("range() arg 3 must not be zero"));
            }
            Ok(new_range(v[0].clone(), v[1].clone(), v[2].clone()))
        }
        n => Err(type_error(format!(
            "range expected at most 3 arguments, got {n}"
        ))),
    }
}

fn range_repr(vm: &mut Vm, args: Args) -> PyResult {
    let r = this(&args.values[0])?;
    let (a, b, c) = (r.start.clone(), r.stop.clone(), r.step.clone());
    let s = vm.repr_string(&a)?;
    let e = vm.repr_string(&b)?;
    if c.as_small_int() == Some(1) {
        return Ok(str::from_string(format!("range({s}, {e})")));
    }
    let st = vm.repr_string(&c)?;
    Ok(str::from_string(format!("range({s}, {e}, {st})")))
}

fn range_len(_vm: &mut Vm, args: Args) -> PyResult {
    let n = range_len_of(this(&args.values[0])?);
    if n.to_i64().is_none() {
        return Err(overflow_error(
            "Python int too large to convert to C ssize_t",
        ));
    }
    Ok(int::from_bigint(n))
}

/// `len(r)` as a size, with CPython's OverflowError when it does not fit (list(range(10**20))).
pub fn len_checked(r: &Range) -> PyResult<usize> {
    if let (Some(a), Some(b), Some(c)) = (
        r.start.as_small_int(),
        r.stop.as_small_int(),
        r.step.as_small_int(),
    ) {
        let (lo, hi, st) = if c > 0 {
            (a as i128, b as i128, c as i128)
        } else {
            (b as i128, a as i128, -(c as i128))
        };
        return Ok(if lo >= hi {
            0
        } else {
            ((hi - lo - 1) / st + 1) as usize
        });
    }
    range_len_of(r)
        .to_i64()
        .map(|n| n as usize)
        .ok_or_else(|| overflow_error("Python int too large to convert to C ssize_t"))
}

fn range_bool(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(bool_value(!range_len_of(this(&args.values[0])?).is_zero()))
}

/// The item at `i` (already range-checked).
fn item(start: &BigInt, step: &BigInt, i: &BigInt) -> Value {
    int::from_bigint(start + step * i)
}

/// `_PySlice_GetLongIndices` for big lengths: (start, stop, step) of a slice over `len`.
fn slice_long_indices(
    vm: &mut Vm,
    s: &crate::object::slice::Slice,
    len: &BigInt,
) -> PyResult<(BigInt, BigInt, BigInt)> {
    let (sv, ev, tv) = (s.start.clone(), s.stop.clone(), s.step.clone());
    let conv = |vm: &mut Vm, v: &Value| -> PyResult<BigInt> {
        if !int::is_int(v) && v.ty().lookup_str("__index__").is_none() {
            return Err(type_error(
                "slice indices must be integers or None or have an __index__ method",
            ));
        }
        let r = vm.index(v)?;
        Ok(big(&r))
    };
    let step = if tv.is_none() {
        BigInt::one()
    } else {
        conv(vm, &tv)?
    };
    if step.is_zero() {
        return Err(value_error("slice step cannot be zero"));
    }
    let neg = step.is_negative();
    let (lower, upper) = if neg {
        (BigInt::from(-1), len - 1u32)
    } else {
        (BigInt::zero(), len.clone())
    };
    let fix = |mut i: BigInt| {
        if i.is_negative() {
            i += len;
            if i < lower {
                i = lower.clone();
            }
        } else if i > upper {
            i = upper.clone();
        }
        i
    };
    let start = if sv.is_none() {
        if neg {
            upper.clone()
        } else {
            lower.clone()
        }
    } else {
        fix(conv(vm, &sv)?)
    };
    let stop = if ev.is_none() {
        if neg {
            lower.clone()
        } else {
            upper.clone()
        }
    } else {
        fix(conv(vm, &ev)?)
    };
    Ok((start, stop, step))
}

fn range_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let key = exact_args(args, "__getitem__", 1)?[0].clone();
    let r = this(&args.values[0])?;
    let (start, stop, step) = bounds(r);
    let len = length(&start, &stop, &step);
    if let Some(s) = as_slice(&key) {
        let (a, b, c) = slice_long_indices(vm, s, &len)?;
        let nstart = &start + &a * &step;
        let nstop = &start + &b * &step;
        let nstep = &c * &step;
        return Ok(new_range(
            int::from_bigint(nstart),
            int::from_bigint(nstop),
            int::from_bigint(nstep),
        ));
    }
    if int::is_int(&key) || key.ty().lookup_str("__index__").is_some() {
        let i = vm.index(&key)?;
        let mut i = big(&i);
        if i.is_negative() {
            i += &len;
        }
        if i.is_negative() || i >= len {
            return Err(index_error("range object index out of range"));
        }
        return Ok(item(&start, &step, &i));
    }
    Err(type_error(format!(
        "range indices must be integers or slices, not {}",
        key.ty().name()
    )))
}

/// Whether the int `x` is an element.
fn contains_int(r: &Range, x: &BigInt) -> bool {
    let (start, stop, step) = bounds(r);
    let inside = if step.is_positive() {
        &start <= x && x < &stop
    } else {
        &stop < x && x <= &start
    };
    inside && (x - &start).mod_floor(&step).is_zero()
}

/// Exact ints and bools use arithmetic; anything else compares item by item.
fn is_plain_int(v: &Value) -> bool {
    v.is_small_int()
        || v.is_type(&crate::object::types::INT_TYPE)
        || v.is_type(&crate::object::types::BOOL_TYPE)
}

fn range_contains(vm: &mut Vm, args: Args) -> PyResult {
    let x = exact_args(args, "__contains__", 1)?[0].clone();
    let r = this(&args.values[0])?;
    if is_plain_int(&x) {
        return Ok(bool_value(contains_int(r, &big(&x))));
    }
    let it = range_iter_of(r);
    while let Some(v) = vm.next(&it)? {
        if vm.eq(&v, &x)? {
            return Ok(bool_value(true));
        }
    }
    Ok(bool_value(false))
}

struct LongRangeIter {
    next: BigInt,
    step: BigInt,
    remaining: BigInt,
}

impl NativeIterator for LongRangeIter {
    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        if !self.remaining.is_positive() {
            return Ok(None);
        }
        let v = int::from_bigint(self.next.clone());
        self.next += &self.step;
        self.remaining -= 1u32;
        Ok(Some(v))
    }

    fn length_hint(&self) -> Option<usize> {
        self.remaining.to_usize()
    }
}

/// An iterator over `len` items from `first` by `step`.
fn iter_from(first: BigInt, step: BigInt, len: BigInt) -> Value {
    if let (Some(f), Some(s), Some(n)) = (first.to_i64(), step.to_i64(), len.to_i64()) {
        let stop = f as i128 + s as i128 * n as i128;
        if let Ok(stop) = i64::try_from(stop) {
            return new_range_iter(f, stop, s);
        }
    }
    new_native_iter(
        &LONGRANGE_ITER_TYPE,
        Box::new(LongRangeIter {
            next: first,
            step,
            remaining: len,
        }),
    )
}

fn range_iter_of(r: &Range) -> Value {
    if let Some(it) = crate::object::range::small_range_iter(r) {
        return it;
    }
    let (start, stop, step) = bounds(r);
    let len = length(&start, &stop, &step);
    iter_from(start, step, len)
}

fn range_iter(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(range_iter_of(this(&args.values[0])?))
}

fn range_reversed(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "range.__reversed__")?;
    let (start, stop, step) = bounds(this(&args.values[0])?);
    let len = length(&start, &stop, &step);
    let last = if len.is_zero() {
        start.clone()
    } else {
        &start + (&len - 1u32) * &step
    };
    Ok(iter_from(last, -step, len))
}

/// (len, start, step) normalized for equality and hashing.
fn key_of(r: &Range) -> (BigInt, Option<BigInt>, Option<BigInt>) {
    let (start, stop, step) = bounds(r);
    let len = length(&start, &stop, &step);
    if len.is_zero() {
        (len, None, None)
    } else if len.is_one() {
        (len, Some(start), None)
    } else {
        (len, Some(start), Some(step))
    }
}

fn range_eq(_vm: &mut Vm, args: Args) -> PyResult {
    let Some(o) = args.values.get(1).and_then(|v| v.payload_exact::<Range>()) else {
        return Ok(not_implemented());
    };
    Ok(bool_value(key_of(this(&args.values[0])?) == key_of(o)))
}

fn range_ne(_vm: &mut Vm, args: Args) -> PyResult {
    let Some(o) = args.values.get(1).and_then(|v| v.payload_exact::<Range>()) else {
        return Ok(not_implemented());
    };
    Ok(bool_value(key_of(this(&args.values[0])?) != key_of(o)))
}

fn range_hash(vm: &mut Vm, args: Args) -> PyResult {
    let (len, start, step) = key_of(this(&args.values[0])?);
    let conv = |b: Option<BigInt>| b.map(int::from_bigint).unwrap_or_else(none);
    let t = tuple::from_array([int::from_bigint(len), conv(start), conv(step)]);
    Ok(int::from_i64(vm.hash(&t)?))
}

fn range_count(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(args, "range.count")?.clone();
    let r = this(&args.values[0])?;
    if is_plain_int(&x) {
        return Ok(int::from_i64(contains_int(r, &big(&x)) as i64));
    }
    let it = range_iter_of(r);
    let mut n = 0usize;
    while let Some(v) = vm.next(&it)? {
        if vm.eq(&v, &x)? {
            n += 1;
        }
    }
    Ok(int::from_usize(n))
}

fn range_index(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(args, "range.index")?.clone();
    let r = this(&args.values[0])?;
    if is_plain_int(&x) {
        let xb = big(&x);
        if contains_int(r, &xb) {
            let (start, _, step) = bounds(r);
            return Ok(int::from_bigint((xb - start) / step));
        }
    } else {
        let it = range_iter_of(r);
        let mut i = 0usize;
        while let Some(v) = vm.next(&it)? {
            if vm.eq(&v, &x)? {
                return Ok(int::from_usize(i));
            }
            i += 1;
        }
    }
    let s = vm.repr_string(&x)?;
    Err(value_error(format!("{s} is not in range")))
}

fn range_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let r = this(&args.values[0])?;
    let t = tuple::from_array([r.start.clone(), r.stop.clone(), r.step.clone()]);
    Ok(tuple::from_array([RANGE_TYPE.to_value(), t]))
}

fn get_start(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(this(v)?.start.clone())
}
fn get_stop(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(this(v)?.stop.clone())
}
fn get_step(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(this(v)?.step.clone())
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &RANGE_TYPE,
            methods: methods![
                MethodDef::static_("__new__", range_new),
                MethodDef::method("__repr__", range_repr),
                MethodDef::method("__len__", range_len),
                MethodDef::method("__bool__", range_bool),
                MethodDef::method("__getitem__", range_getitem),
                MethodDef::method("__contains__", range_contains),
                MethodDef::method("__iter__", range_iter),
                MethodDef::method("__reversed__", range_reversed),
                MethodDef::method("__eq__", range_eq),
                MethodDef::method("__ne__", range_ne),
                MethodDef::method("__hash__", range_hash),
                MethodDef::method("count", range_count),
                MethodDef::method("index", range_index),
                MethodDef::method("__reduce__", range_reduce),
            ],
            getsets: getsets![
                GetSetDef::readonly("start", get_start),
                GetSetDef::readonly("stop", get_stop),
                GetSetDef::readonly("step", get_step),
            ],
            doc: None,
        },
        super::iter::native_iter_spec(&LONGRANGE_ITER_TYPE),
    ]
}
