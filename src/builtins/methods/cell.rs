//! `cell_contents`, the one attribute of cells.

use crate::object::cell::{get, set};
use crate::object::error::{PyErr, PyResult};
use crate::object::exception::VALUE_ERROR;
use crate::object::types::{GetSetDef, TypeSpec, CELL_TYPE};
use crate::object::value::Value;
use crate::vm::Vm;

fn cell_contents(_vm: &mut Vm, this: &Value) -> PyResult {
    get(this).ok_or_else(|| PyErr::new(&VALUE_ERROR, "Cell is empty"))
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
