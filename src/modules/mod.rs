//! Native modules (`sys`, `math`, `time`, `dis`, ...), created on first import.

pub mod math;
pub mod sys;
pub mod time;

use crate::object::value::Value;
use crate::vm::{PyResult, Vm};

/// Creates the native module `name`, if there is one.
pub fn native_module(vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
    let _ = vm;
    Ok(match name {
        "math" => Some(math::new_module()),
        "time" => Some(time::new_module(vm)?),
        _ => None,
    })
}
