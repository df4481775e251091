//! `_typing`: the one native helper CPython's `typing` imports (`_idfunc`, what calling a
//! `NewType` runs).

use crate::object::error::{Args, PyResult};
use crate::object::*;
use crate::vm::Vm;

/// `_idfunc(x)`: returns `x` (a built-in, so `NewType.__call__ = _idfunc` binds no `self`).
fn idfunc(_vm: &mut Vm, args: Args) -> PyResult {
    let [x] = args.check_count("_idfunc", 1, 1)? else {
        return Ok(types::none());
    };
    Ok(x.clone())
}

/// Creates the `_typing` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    let m = module::new_module("_typing");
    super::add_functions(&m, &[("_idfunc", idfunc)]);
    Ok(m)
}
