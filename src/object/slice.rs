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

/// `unpack` for a slice whose bounds are None or small ints, which needs no `__index__` call;
/// None for any other slice (a zero step included: `unpack` raises for it).
pub fn unpack_small(s: &Slice) -> Option<(i64, i64, i64)> {
    let step = if s.step.is_none() {
        1
    } else {
        match s.step.as_small_int()? {
            0 => return None,
            st => st.max(-i64::MAX),
        }
    };
    let bound = |v: &Value, if_none: i64| {
        if v.is_none() {
            Some(if_none)
        } else {
            v.as_small_int()
        }
    };
    let start = bound(&s.start, if step < 0 { i64::MAX } else { 0 })?;
    let stop = bound(&s.stop, if step < 0 { i64::MIN } else { i64::MAX })?;
    Some((start, stop, step))
}

/// (start, step, slicelength) of `key` over `len` items when `key` is a slice with small-int
/// or None bounds (see `unpack_small`); None for any other key.
pub fn small_indices(len: usize, key: &Value) -> Option<(i64, i64, usize)> {
    let (start, stop, step) = unpack_small(as_slice(key)?)?;
    let (start, _, n) = adjust(len, start, stop, step);
    Some((start, step, n))
}

/// The items `seq[key]` selects when `key` is a slice with small-int or None bounds, as a new
/// vector; None for any other key, and for selections so large that the general path must
/// check the allocation first (and raise `MemoryError` when it cannot be had).
pub fn select_small(seq: &[Value], key: &Value) -> Option<Vec<Value>> {
    let (start, step, n) = small_indices(seq.len(), key)?;
    if n.saturating_mul(std::mem::size_of::<Value>()) >= crate::memory::alloc::CHECKED {
        return None;
    }
    Some(select(seq, start, step, n))
}

/// The `n` items of `seq` a slice selects from `start` by `step` (`indices`' answer).
pub fn select(seq: &[Value], start: i64, step: i64, n: usize) -> Vec<Value> {
    if step == 1 {
        seq[start as usize..start as usize + n].to_vec()
    } else {
        positions(start, step, n).map(|p| seq[p].clone()).collect()
    }
}

/// The position `seq[i]` names in a sequence of `len` items (a negative `i` counts from the
/// end), if there is one.
#[inline(always)]
pub fn item_position(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    (0..len as i64).contains(&j).then_some(j as usize)
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
    // Clamped, both bounds lie in -1..=len, so their difference cannot overflow (nor can
    // `-step`: `unpack` keeps the step above i64::MIN).
    let n = if step < 0 {
        if stop < start {
            ((start - stop - 1) / -step + 1) as usize
        } else {
            0
        }
    } else if start < stop {
        if step == 1 {
            (stop - start) as usize
        } else {
            ((stop - start - 1) / step + 1) as usize
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::types::none;

    fn slice_of(start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Value {
        let v = |b: Option<i64>| b.map_or_else(none, crate::object::int::from_i64);
        new_slice(v(start), v(stop), v(step))
    }

    #[test]
    fn small_bounds_follow_pyslice_getindicesex() {
        let ten: Vec<Value> = (0..10).map(crate::object::int::from_i64).collect();
        let picked = |s: Value| -> Vec<i64> {
            select_small(&ten, &s)
                .expect("small bounds")
                .iter()
                .map(|v| v.as_small_int().unwrap())
                .collect()
        };
        assert_eq!(picked(slice_of(Some(2), Some(5), None)), [2, 3, 4]);
        assert_eq!(picked(slice_of(None, None, Some(-3))), [9, 6, 3, 0]);
        assert_eq!(picked(slice_of(Some(-3), None, None)), [7, 8, 9]);
        assert_eq!(picked(slice_of(Some(5), Some(2), None)), Vec::<i64>::new());
        assert_eq!(picked(slice_of(Some(-100), Some(100), Some(4))), [0, 4, 8]);
        assert_eq!(
            small_indices(10, &slice_of(None, None, None)),
            Some((0, 1, 10))
        );
        // A zero step raises on the general path; a non-slice key is not a slice.
        assert_eq!(small_indices(10, &slice_of(None, None, Some(0))), None);
        assert_eq!(small_indices(10, &crate::object::int::from_i64(3)), None);
    }
}
