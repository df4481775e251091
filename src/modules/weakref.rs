//! `_weakref`, CPython's C module under `weakref.py`: `ref`, `proxy`, the reference counts
//! and `_remove_dead_weakref`.

use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::weakref::{
    new_weakref, referent, weakref_count, weakrefs_of, CALLABLE_PROXY_TYPE, PROXY_TYPE,
    WEAKREF_TYPE,
};
use crate::object::*;
use crate::vm::Vm;

fn getweakrefcount(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getweakrefcount", 1, 1)?;
    Ok(int::from_usize(weakref_count(&a[0])))
}

fn getweakrefs(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getweakrefs", 1, 1)?;
    Ok(list::new_list(weakrefs_of(&a[0])))
}

/// `proxy(obj, callback=None)`: a callable proxy when `obj` is callable.
fn proxy(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("proxy", 1, 2)?;
    let callback = a.get(1).cloned().filter(|c| !c.is_none());
    let _ = vm;
    let callable = a[0].ty().lookup_str("__call__").is_some();
    let ty = if callable {
        &CALLABLE_PROXY_TYPE
    } else {
        &PROXY_TYPE
    };
    new_weakref(ty, &a[0], callback)
}

/// `_remove_dead_weakref(dict, key)`: deletes `dict[key]` if it is a dead weak reference.
fn remove_dead_weakref(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_remove_dead_weakref", 2, 2)?;
    if dict::as_dict(&a[0]).is_none() {
        return Err(type_error(format!(
            "_remove_dead_weakref() argument 1 must be dict, not {}",
            a[0].ty().name()
        )));
    }
    if let Some(v) = dict::get_item(vm, &a[0], &a[1])? {
        if v.payload::<crate::object::weakref::WeakRef>().is_some() && referent(&v).is_none() {
            dict::del_item(vm, &a[0], &a[1])?;
        }
    }
    Ok(none())
}

/// Fills a module with `_weakref`'s names.
fn fill(m: &Value) {
    module::set_attr(m, "ref", WEAKREF_TYPE.to_value());
    module::set_attr(m, "ReferenceType", WEAKREF_TYPE.to_value());
    module::set_attr(m, "ProxyType", PROXY_TYPE.to_value());
    module::set_attr(m, "CallableProxyType", CALLABLE_PROXY_TYPE.to_value());
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("getweakrefcount", getweakrefcount),
        ("getweakrefs", getweakrefs),
        ("proxy", proxy),
        ("_remove_dead_weakref", remove_dead_weakref),
    ];
    crate::modules::add_functions(m, fns);
}

/// Creates the `_weakref` module.
pub fn new_module() -> Value {
    let m = module::new_module("_weakref");
    fill(&m);
    m
}
