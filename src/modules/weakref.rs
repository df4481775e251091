//! The `weakref` module: `ref` and its helpers.

use crate::object::value::Value;
use crate::object::weakref::{weakref_count, weakrefs_of, WEAKREF_TYPE};
use crate::object::*;
use crate::vm::{Args, PyResult, Vm};

fn getweakrefcount(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getweakrefcount", 1, 1)?;
    Ok(int::from_usize(weakref_count(&a[0])))
}

fn getweakrefs(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getweakrefs", 1, 1)?;
    Ok(list::new_list(weakrefs_of(&a[0])))
}

/// Creates the `weakref` module.
pub fn new_module() -> Value {
    let m = module::new_module("weakref");
    module::set_attr(&m, "ref", WEAKREF_TYPE.to_value());
    module::set_attr(&m, "ReferenceType", WEAKREF_TYPE.to_value());
    module::set_attr(
        &m,
        "getweakrefcount",
        function::new_builtin_function("getweakrefcount", getweakrefcount, Some(m.clone())),
    );
    module::set_attr(
        &m,
        "getweakrefs",
        function::new_builtin_function("getweakrefs", getweakrefs, Some(m.clone())),
    );
    m
}
