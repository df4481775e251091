//! Cells: the shared boxes behind closures' free variables.

use std::cell::RefCell;

use super::typeobj::Layout;
use super::types::{GetSetDef, TypeSpec, CELL_TYPE};
use super::value::{Payload, Value};
use crate::object::error::PyResult;
use crate::vm::Vm;

pub struct Cell(pub RefCell<Option<Value>>);

impl Payload for Cell {
    const LAYOUT: Layout = Layout::Cell;
    const TRACKED: bool = true;
}

pub fn new_cell(v: Option<Value>) -> Value {
    super::alloc::alloc(&CELL_TYPE, Cell(RefCell::new(v)))
}

#[inline]
pub fn get(cell: &Value) -> Option<Value> {
    cell.payload_exact::<Cell>()
        .and_then(|c| c.0.borrow().clone())
}

#[inline]
pub fn set(cell: &Value, v: Option<Value>) {
    if let Some(c) = cell.payload_exact::<Cell>() {
        let old = c.0.replace(v);
        drop(old);
    }
}

fn cell_contents(_vm: &mut Vm, this: &Value) -> PyResult {
    get(this).ok_or_else(|| {
        crate::object::error::PyErr::new(&super::exception::VALUE_ERROR, "Cell is empty")
    })
}

fn set_cell_contents(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    set(this, v);
    Ok(())
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &CELL_TYPE,
        methods: &[],
        getsets: getsets![GetSetDef {
            name: "cell_contents",
            get: cell_contents,
            set: Some(set_cell_contents),
            member: false,
        }],
        doc: None,
    }]
}
