//! Methods of module objects.

use crate::object::error::{Args, PyResult};
use crate::object::module::Module;
use crate::object::types::{none, GetSetDef, MethodDef, TypeSpec, MODULE_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn module_new(_vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    let name = pos.get(1).and_then(str::as_str).unwrap_or("?").to_string();
    Ok(module::new_module(&name))
}

fn module_init(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    if let (Some(m), Some(n)) = (pos.first(), pos.get(1)) {
        if let Some(d) = module::dict_of(m) {
            dict::set_item(vm, d, str::intern_static("__name__"), n.clone())?;
            dict::set_item(
                vm,
                d,
                str::intern_static("__doc__"),
                pos.get(2).cloned().unwrap_or_else(none),
            )?;
        }
    }
    Ok(none())
}

fn module_repr(vm: &mut Vm, args: Args) -> PyResult {
    let m = &args.values[0];
    let d = module::dict_of(m).ok_or_else(|| exception::type_error("module expected"))?;
    let name = dict::lookup_str(d, &str::intern_static("__name__"))
        .map(|n| vm.str_string(&n))
        .transpose()?
        .unwrap_or_else(|| "?".into());
    let s = match dict::lookup_str(d, &str::intern_static("__file__")) {
        Some(f) => format!("<module '{}' from '{}'>", name, vm.str_string(&f)?),
        None => format!("<module '{name}' (built-in)>"),
    };
    Ok(str::from_string(s))
}

fn module_dir(_vm: &mut Vm, args: Args) -> PyResult {
    let d =
        module::dict_of(&args.values[0]).ok_or_else(|| exception::type_error("module expected"))?;
    Ok(list::new_list(dict::keys(d)))
}

fn get_dict(_vm: &mut Vm, this: &Value) -> PyResult {
    this.payload::<Module>()
        .map(|m| m.dict.clone())
        .ok_or_else(|| exception::type_error("module expected"))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &MODULE_TYPE,
        methods: methods![
            MethodDef::static_("__new__", module_new),
            MethodDef::method("__init__", module_init),
            MethodDef::method("__repr__", module_repr),
            MethodDef::method("__dir__", module_dir),
        ],
        getsets: getsets![GetSetDef::readonly("__dict__", get_dict)],
        doc: None,
    }]
}
