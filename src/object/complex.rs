//! `complex`: a pair of f64.

use super::typeobj::Layout;
use super::types::COMPLEX_TYPE;
use super::value::{Payload, Value};

pub struct Complex {
    pub re: f64,
    pub im: f64,
}

impl Payload for Complex {
    const LAYOUT: Layout = Layout::Complex;
}

pub fn new_complex(re: f64, im: f64) -> Value {
    super::alloc::alloc(&COMPLEX_TYPE, Complex { re, im })
}

pub fn as_complex(v: &Value) -> Option<(f64, f64)> {
    v.payload::<Complex>().map(|c| (c.re, c.im))
}
