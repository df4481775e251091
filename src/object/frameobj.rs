//! Python-visible frame objects (`sys._getframe()`, `tb_frame`): a snapshot of a frame's code,
//! globals, current line and caller.

use std::cell::RefCell;

use super::typeobj::Layout;
use super::types::FRAME_TYPE;
use super::value::{Payload, Value};

pub struct FrameObject {
    pub code: Value,
    pub globals: Value,
    pub locals: RefCell<Option<Value>>,
    /// A function frame's fast locals then its cells, as they were when this object was
    /// made: `f_locals` builds its dict from them on first use (the frame itself has been
    /// recycled by then).
    pub fast: RefCell<Vec<Option<Value>>>,
    pub lineno: u32,
    pub lasti: u32,
    pub back: Option<Value>,
}

impl Payload for FrameObject {
    const LAYOUT: Layout = Layout::Frame;
}

pub fn new_frame_object(
    code: Value,
    globals: Value,
    locals: Option<Value>,
    lineno: u32,
    lasti: u32,
    back: Option<Value>,
) -> Value {
    super::alloc::alloc(
        &FRAME_TYPE,
        FrameObject {
            code,
            globals,
            locals: RefCell::new(locals),
            fast: RefCell::new(Vec::new()),
            lineno,
            lasti,
            back,
        },
    )
}
