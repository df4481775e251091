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
