//! `types.SimpleNamespace` (CPython's `namespaceobject.c`): attribute access over a dict, a
//! `namespace(a=1)` repr, equality by attributes. `sys.implementation` is one.

use crate::builtins::methods::list::{repr_enter, repr_leave};
use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, not_implemented, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static SIMPLE_NAMESPACE_TYPE: TypeObject = TypeObject::new_static(
    "SimpleNamespace",
    Layout::Instance,
    Some(&OBJECT_TYPE),
    BASETYPE,
);

/// A namespace holding `attrs`, in order.
pub fn new_namespace(attrs: Vec<(&str, Value)>) -> Value {
    let ns = instance::new_instance(&SIMPLE_NAMESPACE_TYPE, None);
    let d = instance::instance_dict(&ns).expect("instance dict");
    for (k, v) in attrs {
        dict::set_str(&d, &str::intern(k), v);
    }
    ns
}

fn is_namespace(v: &Value) -> bool {
    v.ty().is_subtype(&SIMPLE_NAMESPACE_TYPE)
}

fn ns_init(vm: &mut Vm, args: Args) -> PyResult {
    if args.positional().len() > 1 {
        return Err(type_error("no positional arguments expected"));
    }
    let me = &args.values[0];
    for (k, v) in args.keywords() {
        vm.setattr_value(me, k, Some(v.clone()))?;
    }
    Ok(none())
}

fn ns_repr(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let name = if me.is_type(&SIMPLE_NAMESPACE_TYPE) {
        "namespace".to_string()
    } else {
        me.ty().name()
    };
    if !repr_enter(me) {
        return Ok(str::from_string(format!("{name}(...)")));
    }
    let items = instance::instance_dict(me)
        .map(|d| dict::items(&d))
        .unwrap_or_default();
    let mut parts = Vec::with_capacity(items.len());
    let mut result = Ok(());
    for (k, v) in items {
        let Some(key) = str::as_str(&k).map(str::to_string) else {
            continue;
        };
        match vm.repr_string(&v) {
            Ok(r) => parts.push(format!("{key}={r}")),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    repr_leave(me);
    result?;
    Ok(str::from_string(format!("{name}({})", parts.join(", "))))
}

fn ns_eq(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__eq__", 2, 2)?;
    if !is_namespace(&a[0]) || !is_namespace(&a[1]) {
        return Ok(not_implemented());
    }
    let (x, y) = (
        instance::instance_dict(&a[0]),
        instance::instance_dict(&a[1]),
    );
    match (x, y) {
        (Some(x), Some(y)) => Ok(bool_value(vm.eq(&x, &y)?)),
        _ => Ok(bool_value(false)),
    }
}

fn ns_ne(vm: &mut Vm, args: Args) -> PyResult {
    let r = ns_eq(vm, args)?;
    if r.is(&not_implemented()) {
        return Ok(r);
    }
    Ok(bool_value(!r.is_true()))
}

fn ns_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let d = instance::instance_dict(me).unwrap_or_else(dict::new_dict);
    let copy = dict::new_dict();
    for (k, v) in dict::items(&d) {
        dict::set_str(&copy, &k, v);
    }
    Ok(tuple::from_array([
        me.ty().to_value(),
        tuple::from_array([]),
        copy,
    ]))
}

pub fn specs() -> Vec<TypeSpec> {
    *SIMPLE_NAMESPACE_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("types");
    vec![TypeSpec {
        ty: &SIMPLE_NAMESPACE_TYPE,
        methods: methods![
            MethodDef::method("__init__", ns_init),
            MethodDef::method("__repr__", ns_repr),
            MethodDef::method("__eq__", ns_eq),
            MethodDef::method("__ne__", ns_ne),
            MethodDef::method("__reduce__", ns_reduce),
        ],
        getsets: getsets![],
        doc: Some("A simple attribute-based namespace."),
    }]
}
