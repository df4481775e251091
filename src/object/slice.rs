//! `slice` objects and index normalization for sequences.

use super::typeobj::Layout;
use super::types::SLICE_TYPE;
use super::value::{Payload, Value};

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

pub fn specs() -> Vec<super::types::TypeSpec> {
    super::slice_methods::specs()
}
