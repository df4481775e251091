//! `slice` objects and index normalization for sequences.

use super::exception::{type_error, value_error};
use super::int::{as_int, IntRef};
use super::python_ops::PythonOps;
use super::typeobj::Layout;
use super::types::SLICE_TYPE;
use super::value::{Payload, Value};
use crate::object::error::PyResult;

pub struct Slice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

impl Payload for Slice {
    const LAYOUT: Layout = Layout::Slice;
}

pub fn new_slice(start: Value, stop: Value, step: Value) -> Value {
    super::alloc::alloc(&SLICE_TYPE, Slice { start, stop, step })
}

/// The slice payload, if `v` is a slice.
#[inline]
pub fn as_slice(v: &Value) -> Option<&Slice> {
    v.payload_exact::<Slice>()
}

/// A slice bound as CPython's `_PyEval_SliceIndex`: ints beyond the i64 range clamp to it.
pub fn slice_index(vm: &mut impl PythonOps, v: &Value) -> PyResult<i64> {
    if let Some(i) = v.as_small_int() {
        return Ok(i);
    }
    if !super::int::is_int(v) && v.ty().lookup_str("__index__").is_none() {
        return Err(type_error(
            "slice indices must be integers or None or have an __index__ method",
        ));
    }
    let r = vm.index(v)?;
    Ok(clamp_int(&r))
}

fn clamp_int(v: &Value) -> i64 {
    match as_int(v) {
        Some(IntRef::Small(i)) => i,
        Some(IntRef::Big(b)) => {
            num_traits::ToPrimitive::to_i64(b).unwrap_or(if b.sign() == num_bigint::Sign::Minus {
                i64::MIN
            } else {
                i64::MAX
            })
        }
        None => 0,
    }
}

/// `PySlice_Unpack`: (start, stop, step) with None replaced by the extreme bounds.
pub fn unpack(vm: &mut impl PythonOps, s: &Slice) -> PyResult<(i64, i64, i64)> {
    let step = if s.step.is_none() {
        1
    } else {
        let st = slice_index(vm, &s.step)?;
        if st == 0 {
            return Err(value_error("slice step cannot be zero"));
        }
        st.max(-i64::MAX)
    };
    let start = if s.start.is_none() {
        if step < 0 {
            i64::MAX
        } else {
            0
        }
    } else {
        slice_index(vm, &s.start)?
    };
    let stop = if s.stop.is_none() {
        if step < 0 {
            i64::MIN
        } else {
            i64::MAX
        }
    } else {
        slice_index(vm, &s.stop)?
    };
    Ok((start, stop, step))
}

/// `PySlice_AdjustIndices`: clamps unpacked bounds to a sequence of `len` items and returns
/// (start, stop, slicelength).
pub fn adjust(len: usize, mut start: i64, mut stop: i64, step: i64) -> (i64, i64, usize) {
    let length = len as i64;
    let clamp = |v: &mut i64| {
        if *v < 0 {
            *v = v.saturating_add(length);
            if *v < 0 {
                *v = if step < 0 { -1 } else { 0 };
            }
        } else if *v >= length {
            *v = if step < 0 { length - 1 } else { length };
        }
    };
    clamp(&mut start);
    clamp(&mut stop);
    let n = if step < 0 {
        if stop < start {
            ((start as i128 - stop as i128 - 1) / (-(step as i128)) + 1) as usize
        } else {
            0
        }
    } else if start < stop {
        ((stop as i128 - start as i128 - 1) / step as i128 + 1) as usize
    } else {
        0
    };
    (start, stop, n)
}

/// `PySlice_GetIndicesEx`: (start, stop, step, slicelength) of `slice` over `len` items.
pub fn indices(
    vm: &mut impl PythonOps,
    slice: &Slice,
    len: usize,
) -> PyResult<(i64, i64, i64, usize)> {
    let (start, stop, step) = unpack(vm, slice)?;
    let (start, stop, n) = adjust(len, start, stop, step);
    Ok((start, stop, step, n))
}

/// The positions a slice selects, in order.
pub fn positions(start: i64, step: i64, n: usize) -> impl Iterator<Item = usize> {
    (0..n).map(move |i| (start + i as i64 * step) as usize)
}
