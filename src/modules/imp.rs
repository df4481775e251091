//! The native modules under CPython's `importlib._bootstrap` and `_bootstrap_external`:
//! `_imp` (built-in modules from Heron's registry, the import lock, extension suffixes),
//! and `_warnings` (whose `warn` defers to CPython's pure-Python `warnings`).

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{type_error, IMPORT_ERROR};
use crate::object::types::{bool_value, none};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn name_arg(v: &Value) -> PyResult<String> {
    str::as_str(v)
        .map(str::to_string)
        .ok_or_else(|| type_error(format!("expected str, not {}", v.ty().name())))
}

fn is_builtin(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("is_builtin", 1, 1)?;
    let name = name_arg(&a[0])?;
    let known =
        name == "sys" || name == "builtins" || super::NATIVE_MODULES.iter().any(|m| m.name == name);
    // CPython answers -1 for modules that cannot be re-initialized (sys, builtins), 1 otherwise.
    Ok(int::from_i64(match (known, name.as_str()) {
        (false, _) => 0,
        (true, "sys" | "builtins") => -1,
        _ => 1,
    }))
}

/// `create_builtin(spec)`: the module from `sys.modules` or a fresh one from the registry.
fn create_builtin(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("create_builtin", 1, 1)?;
    let name_v = vm.getattr(&a[0], "name")?;
    let name = name_arg(&name_v)?;
    if let Some(m) = dict::get_item(vm, &vm.modules.clone(), &name_v)? {
        return Ok(m);
    }
    match super::NATIVE_MODULES.iter().find(|m| m.name == name) {
        Some(m) => (m.init)(vm),
        None => Err(PyErr::new(
            &IMPORT_ERROR,
            format!("no built-in module named {name}"),
        )),
    }
}

fn exec_builtin(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(int::from_i64(0))
}

fn false_fn(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(bool_value(false))
}

fn none_fn(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn no_frozen(_vm: &mut Vm, args: Args) -> PyResult {
    let name = args
        .values
        .first()
        .map(|v| str::as_str(v).unwrap_or("?").to_string());
    Err(PyErr::new(
        &IMPORT_ERROR,
        format!("No such frozen object named {}", name.unwrap_or_default()),
    ))
}

fn extension_suffixes(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(list::new_list(
        super::super::vm::import::extension_suffix_list()
            .iter()
            .map(|s| str::new_str(s))
            .collect(),
    ))
}

/// `create_dynamic(spec)`: Heron cannot load extension modules built for CPython. The error is
/// a ModuleNotFoundError, so code that falls back when an optional accelerator is missing
/// (`except ModuleNotFoundError`) falls back here too.
fn create_dynamic(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("create_dynamic", 1, 2)?;
    let name = vm.getattr(&a[0], "name")?;
    let origin = vm.getattr_opt(&a[0], "origin")?.unwrap_or_else(none);
    let name = vm.str_string(&name)?;
    let origin = vm.str_string(&origin)?;
    Err(PyErr::new(
        &crate::object::exception::MODULE_NOT_FOUND_ERROR,
        format!(
            "cannot load '{name}' from {origin}: Heron cannot load C extension modules (built for CPython's C API)"
        ),
    ))
}

fn fix_co_filename(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn source_hash(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(exception::not_implemented_error(
        "hash-based .pyc files are not supported by Heron yet",
    ))
}

/// Creates the `_imp` module.
pub fn imp_module(_vm: &mut Vm) -> PyResult<Value> {
    let m = module::new_module("_imp");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("is_builtin", is_builtin),
        ("create_builtin", create_builtin),
        ("exec_builtin", exec_builtin),
        ("is_frozen", false_fn),
        ("is_frozen_package", false_fn),
        ("find_frozen", none_fn),
        ("get_frozen_object", no_frozen),
        ("init_frozen", no_frozen),
        ("acquire_lock", none_fn),
        ("release_lock", none_fn),
        ("lock_held", false_fn),
        ("extension_suffixes", extension_suffixes),
        ("create_dynamic", create_dynamic),
        ("exec_dynamic", exec_builtin),
        ("_fix_co_filename", fix_co_filename),
        ("source_hash", source_hash),
        ("_override_frozen_modules_for_tests", none_fn),
        ("_override_multi_interp_extensions_check", none_fn),
    ];
    crate::modules::add_functions(&m, fns);
    module::set_attr(&m, "check_hash_based_pycs", str::new_str("never"));
    Ok(m)
}

/// Issues warning `message` of `category` through `warnings.warn`, attributed `stacklevel`
/// frames up (native code's way to warn, as `PyErr_WarnEx`).
pub fn warn_with(
    vm: &mut Vm,
    category: &crate::object::typeobj::TypeObject,
    message: &str,
    stacklevel: i64,
) -> PyResult<()> {
    let warnings = vm.import_module("warnings")?;
    let f = vm.getattr(&warnings, "warn")?;
    vm.call(
        &f,
        &[
            str::new_str(message),
            category.to_value(),
            int::from_i64(stacklevel),
        ],
    )?;
    Ok(())
}

/// `_warnings.warn(...)`: CPython's pure-Python `warnings.warn` does the work.
fn warn(vm: &mut Vm, args: Args) -> PyResult {
    let warnings = vm.import_module("warnings")?;
    let f = vm.getattr(&warnings, "warn")?;
    vm.call_with(&f, args)
}

fn warn_explicit(vm: &mut Vm, args: Args) -> PyResult {
    let warnings = vm.import_module("warnings")?;
    let f = vm.getattr(&warnings, "warn_explicit")?;
    vm.call_with(&f, args)
}

/// Creates `_warnings`: `warn` and `warn_explicit` over CPython's `warnings` (which, finding no
/// `filters` here, keeps its own pure-Python state).
pub fn warnings_module(_vm: &mut Vm) -> PyResult<Value> {
    let m = module::new_module("_warnings");
    for (n, f) in [
        ("warn", warn as crate::object::error::NativeFn),
        ("warn_explicit", warn_explicit),
    ] {
        module::set_attr(&m, n, function::new_builtin_function(n, f, Some(m.clone())));
    }
    Ok(m)
}
