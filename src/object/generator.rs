//! Generator objects: a suspended frame plus its state.

use std::cell::{Cell, RefCell};

use super::typeobj::Layout;
use super::types::GENERATOR_TYPE;
use super::value::{Payload, Value};
use crate::vm::frame::Frame;

pub struct Generator {
    /// The suspended frame; None once finished.
    pub frame: RefCell<Option<Box<Frame>>>,
    /// True while the generator's frame is executing.
    pub running: Cell<bool>,
    /// True once it has started (a non-None `send` is only allowed then).
    pub started: Cell<bool>,
    pub name: RefCell<Value>,
    pub qualname: RefCell<Value>,
    pub code: Value,
}

impl Payload for Generator {
    const LAYOUT: Layout = Layout::Generator;
    const TRACKED: bool = true;
}

pub fn new_generator(frame: Box<Frame>, name: Value, qualname: Value) -> Value {
    let code = frame.code.clone();
    super::alloc::alloc(
        &GENERATOR_TYPE,
        Generator {
            frame: RefCell::new(Some(frame)),
            running: Cell::new(false),
            started: Cell::new(false),
            name: RefCell::new(name),
            qualname: RefCell::new(qualname),
            code,
        },
    )
}

pub fn specs() -> Vec<super::types::TypeSpec> {
    crate::vm::generator::specs()
}
