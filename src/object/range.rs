//! `range` and its iterator. Bounds are ints of any size; iteration over small bounds runs on
//! i64 without allocating.

use std::cell::Cell;

use super::typeobj::Layout;
use super::types::{RANGE_ITER_TYPE, RANGE_TYPE};
use super::value::{Payload, Value};

pub struct Range {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

impl Payload for Range {
    const LAYOUT: Layout = Layout::Range;
}

/// Iterator over a range whose bounds fit in i64. `#[repr(C)]`: compiled code reads and advances
/// it in place (`range_iter_offsets`).
#[repr(C)]
pub struct RangeIter {
    pub next: Cell<i64>,
    pub stop: i64,
    pub step: i64,
}

impl Payload for RangeIter {
    const LAYOUT: Layout = Layout::RangeIter;
}

pub fn new_range(start: Value, stop: Value, step: Value) -> Value {
    super::alloc::alloc(&RANGE_TYPE, Range { start, stop, step })
}

/// Byte offsets of `next`, `stop`, `step` from the object header, for compiled code.
pub fn range_iter_offsets() -> (i32, i32, i32) {
    let base = std::mem::offset_of!(super::value::PyObject<RangeIter>, payload);
    (
        (base + std::mem::offset_of!(RangeIter, next)) as i32,
        (base + std::mem::offset_of!(RangeIter, stop)) as i32,
        (base + std::mem::offset_of!(RangeIter, step)) as i32,
    )
}

pub fn new_range_iter(start: i64, stop: i64, step: i64) -> Value {
    super::alloc::alloc(
        &RANGE_ITER_TYPE,
        RangeIter {
            next: Cell::new(start),
            stop,
            step,
        },
    )
}

/// The iterator of a range whose bounds are small ints, made without big-int arithmetic (as
/// `range.__iter__` makes it: its stop is normalized to `start + step * len`); None for other
/// bounds, which `range.__iter__` handles.
pub fn small_range_iter(r: &Range) -> Option<Value> {
    let (start, stop, step) = (
        r.start.as_small_int()? as i128,
        r.stop.as_small_int()? as i128,
        r.step.as_small_int()? as i128,
    );
    let len = if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && stop < start {
        (start - stop - 1) / -step + 1
    } else {
        0
    };
    let stop = i64::try_from(start + step * len).ok()?;
    Some(new_range_iter(start as i64, stop, step as i64))
}

impl RangeIter {
    #[inline(always)]
    pub fn next_value(&self) -> Option<i64> {
        let n = self.next.get();
        if (self.step > 0 && n < self.stop) || (self.step < 0 && n > self.stop) {
            self.next.set(n.saturating_add(self.step));
            Some(n)
        } else {
            None
        }
    }

    pub fn remaining(&self) -> usize {
        let n = self.next.get() as i128;
        let (stop, step) = (self.stop as i128, self.step as i128);
        let r = if step > 0 {
            if n < stop {
                (stop - n + step - 1) / step
            } else {
                0
            }
        } else if n > stop {
            (n - stop - step - 1) / (-step)
        } else {
            0
        };
        r as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::int::from_i64;

    fn items(start: i64, stop: i64, step: i64) -> Option<Vec<i64>> {
        let r = Range {
            start: from_i64(start),
            stop: from_i64(stop),
            step: from_i64(step),
        };
        let it = small_range_iter(&r)?;
        let it = it.payload_exact::<RangeIter>().expect("a range iterator");
        Some(std::iter::from_fn(|| it.next_value()).collect())
    }

    #[test]
    fn small_bounds_iterate_as_range_does() {
        assert_eq!(items(0, 5, 1).unwrap(), [0, 1, 2, 3, 4]);
        assert_eq!(items(10, 0, -3).unwrap(), [10, 7, 4, 1]);
        assert_eq!(items(5, 0, 1).unwrap(), Vec::<i64>::new());
        assert_eq!(items(-5, 5, 4).unwrap(), [-5, -1, 3]);
        // Bounds past the small ints are left to `range.__iter__`.
        assert_eq!(items(0, i64::MAX, 1), None);
    }
}
