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
    let m = module::new_module(&name);
    match pos.first().and_then(|c| c.as_type()) {
        Some(ty) if !std::ptr::eq(ty, &MODULE_TYPE) => {
            let d = module::dict_of(&m).expect("a module has a dict").clone();
            Ok(instance::new_instance_with_dict(ty, Some(m), d))
        }
        _ => Ok(m),
    }
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
            // As CPython's `module_init_dict`: a fresh module has these, all None.
            for k in ["__package__", "__loader__", "__spec__"] {
                dict::set_item(vm, d, str::intern_static(k), none())?;
            }
        }
    }
    Ok(none())
}

/// `repr(module)`, as `importlib._bootstrap._module_repr` builds it: from `__spec__` when the
/// module has one, else by the loader's `module_repr`, else from `__file__`, else from
/// `__loader__`.
fn module_repr(vm: &mut Vm, args: Args) -> PyResult {
    let m = &args.values[0];
    let d = module::dict_of(m).ok_or_else(|| exception::type_error("module expected"))?;
    let spec = vm.getattr_opt(m, "__spec__")?.filter(|s| !s.is_none());
    let loader = vm.getattr_opt(m, "__loader__")?.filter(|l| !l.is_none());
    if spec.is_none() {
        if let Some(l) = &loader {
            // A loader's `module_repr` that fails or is missing falls through to the rest.
            if let Ok(Some(f)) = vm.getattr_opt(l, "module_repr") {
                if let Ok(r) = vm.call(&f, std::slice::from_ref(m)) {
                    return Ok(r);
                }
            }
        }
    }
    let s = if let Some(spec) = spec {
        let name = match vm.getattr_opt(&spec, "name")?.filter(|n| !n.is_none()) {
            Some(n) => vm.repr_string(&n)?,
            None => "'?'".into(),
        };
        let origin = vm.getattr_opt(&spec, "origin")?.filter(|o| !o.is_none());
        match origin {
            None => match vm.getattr_opt(&spec, "loader")?.filter(|l| !l.is_none()) {
                None => format!("<module {name}>"),
                Some(l) => format!("<module {name} ({})>", vm.repr_string(&l)?),
            },
            Some(o) => {
                let has_location = match vm.getattr_opt(&spec, "has_location")? {
                    Some(h) => vm.truthy(&h)?,
                    None => false,
                };
                if has_location {
                    format!("<module {name} from {}>", vm.repr_string(&o)?)
                } else {
                    format!("<module {name} ({})>", vm.str_string(&o)?)
                }
            }
        }
    } else {
        let name = match dict::lookup_str(d, &str::intern_static("__name__")) {
            Some(n) => vm.repr_string(&n)?,
            None => "'?'".into(),
        };
        match (vm.getattr_opt(m, "__file__")?, loader) {
            (Some(f), _) => format!("<module {name} from {}>", vm.repr_string(&f)?),
            (None, None) => format!("<module {name}>"),
            (None, Some(l)) => format!("<module {name} ({})>", vm.repr_string(&l)?),
        }
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
