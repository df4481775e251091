//! Methods of `NoneType`, `NotImplementedType` and `ellipsis`: their constructors return the
//! singleton.

use crate::object::error::{Args, PyResult};
use crate::object::types::{
    bool_value, none, MethodDef, TypeSpec, ELLIPSIS, ELLIPSIS_TYPE, NONE_TYPE, NOTIMPLEMENTED_TYPE,
    NOT_IMPLEMENTED,
};
use crate::object::*;
use crate::vm::Vm;

fn no_args(args: &Args, name: &str) -> PyResult<()> {
    if args.values.len() > 1 {
        return Err(exception::type_error(format!("{name} takes no arguments")));
    }
    Ok(())
}

fn none_new(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "NoneType")?;
    Ok(none())
}
fn none_repr(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(str::intern_static("None"))
}
fn none_bool(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(bool_value(false))
}
fn ni_new(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "NotImplementedType")?;
    Ok(NOT_IMPLEMENTED.value())
}
fn ni_repr(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(str::intern_static("NotImplemented"))
}
fn ellipsis_new(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "ellipsis")?;
    Ok(ELLIPSIS.value())
}
fn ellipsis_repr(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(str::intern_static("Ellipsis"))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &NONE_TYPE,
            methods: methods![
                MethodDef::static_("__new__", none_new),
                MethodDef::method("__repr__", none_repr),
                MethodDef::method("__bool__", none_bool),
            ],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &NOTIMPLEMENTED_TYPE,
            methods: methods![
                MethodDef::static_("__new__", ni_new),
                MethodDef::method("__repr__", ni_repr),
                MethodDef::method("__reduce__", ni_repr)
            ],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &ELLIPSIS_TYPE,
            methods: methods![
                MethodDef::static_("__new__", ellipsis_new),
                MethodDef::method("__repr__", ellipsis_repr),
                MethodDef::method("__reduce__", ellipsis_repr)
            ],
            getsets: &[],
            doc: None,
        },
    ]
}
