//! Cells: the shared boxes behind closures' free variables.

use std::cell::RefCell;

use super::typeobj::Layout;
use super::types::CELL_TYPE;
use super::value::{Payload, Value};

pub struct Cell(pub RefCell<Option<Value>>);

impl Payload for Cell {
    const LAYOUT: Layout = Layout::Cell;
}

pub fn new_cell(v: Option<Value>) -> Value {
    super::alloc::alloc(&CELL_TYPE, Cell(RefCell::new(v)))
}

#[inline]
pub fn get(cell: &Value) -> Option<Value> {
    let c = cell.payload_exact::<Cell>()?;
    // SAFETY: the contents are cloned at once, with no code run meanwhile that could store
    // into the cell; the unguarded borrow still fails if a store is in progress.
    unsafe { c.0.try_borrow_unguarded() }.ok()?.clone()
}

#[inline]
pub fn set(cell: &Value, v: Option<Value>) {
    if let Some(c) = cell.payload_exact::<Cell>() {
        let old = c.0.replace(v);
        drop(old);
    }
}
