//! Attributes and methods of functions, bound methods and built-in functions.

use crate::object::error::{Args, PyResult};
use crate::object::function::{BoundMethod, BuiltinFunction, Function};
use crate::object::types::{
    bool_value, none, GetSetDef, MethodDef, MethodKind, TypeSpec, BUILTIN_FUNCTION_TYPE,
    FUNCTION_TYPE, METHOD_DESCRIPTOR_TYPE, METHOD_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn func(v: &Value) -> PyResult<&Function> {
    v.payload_exact::<Function>()
        .ok_or_else(|| exception::type_error("function expected"))
}

fn func_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let f = func(&args.values[0])?;
    let q = f.qualname.borrow().clone();
    Ok(str::from_string(format!(
        "<function {} at {:#x}>",
        str::as_str(&q).unwrap_or("?"),
        args.values[0].word()
    )))
}

fn func_get(_vm: &mut Vm, args: Args) -> PyResult {
    let (this, obj, _) = super::descr::descr_get_args(args)?;
    Ok(match obj {
        Some(o) => function::new_bound_method(this.clone(), o.clone()),
        None => this.clone(),
    })
}

fn func_call(vm: &mut Vm, args: Args) -> PyResult {
    let f = args.values[0].clone();
    vm.call_with(&f, Args::with_kwnames(&args.values[1..], args.kwnames))
}

macro_rules! refcell_attr {
    ($get:ident, $set:ident, $field:ident, $opt:expr) => {
        fn $get(_vm: &mut Vm, this: &Value) -> PyResult {
            Ok(func(this)?.$field.borrow().clone())
        }
        fn $set(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
            // `__name__` and `__qualname__` must be strs (and cannot be deleted); `__doc__`
            // and `__module__` take anything, deleting them leaves None.
            let v = match v {
                Some(v) if !$opt || str::as_str(&v).is_some() => v,
                None if !$opt => none(),
                _ => {
                    return Err(exception::type_error(concat!(
                        "__",
                        stringify!($field),
                        "__ must be set to a string object"
                    )))
                }
            };
            *func(this)?.$field.borrow_mut() = v;
            Ok(())
        }
    };
}
refcell_attr!(get_name, set_name, name, true);
refcell_attr!(get_qualname, set_qualname, qualname, true);
refcell_attr!(get_doc, set_doc, doc, false);
refcell_attr!(get_module, set_module, module, false);

/// An optional attribute that is None or must hold a `$want` (`__defaults__` a tuple,
/// `__kwdefaults__` a dict): assigning None or deleting clears it.
macro_rules! opt_attr {
    ($get:ident, $set:ident, $field:ident, $check:expr, $msg:expr) => {
        fn $get(_vm: &mut Vm, this: &Value) -> PyResult {
            Ok(func(this)?.$field.borrow().clone().unwrap_or_else(none))
        }
        fn $set(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
            let v = v.filter(|v| !v.is_none());
            if let Some(v) = &v {
                if !$check(v) {
                    return Err(exception::type_error($msg));
                }
            }
            *func(this)?.$field.borrow_mut() = v;
            Ok(())
        }
    };
}
opt_attr!(
    get_defaults,
    set_defaults,
    defaults,
    |v: &Value| v.payload::<tuple::Tuple>().is_some(),
    "__defaults__ must be set to a tuple object"
);
opt_attr!(
    get_kwdefaults,
    set_kwdefaults,
    kwdefaults,
    |v: &Value| dict::as_dict(v).is_some(),
    "__kwdefaults__ must be set to a dict object"
);

fn get_annotations(_vm: &mut Vm, this: &Value) -> PyResult {
    let f = func(this)?;
    let mut a = f.annotations.borrow_mut();
    if a.is_none() {
        *a = Some(dict::new_dict());
    }
    Ok(a.clone().unwrap_or_else(none))
}
fn set_annotations(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let v = v.filter(|v| !v.is_none());
    if let Some(v) = &v {
        if dict::as_dict(v).is_none() {
            return Err(exception::type_error(
                "__annotations__ must be set to a dict object",
            ));
        }
    }
    *func(this)?.annotations.borrow_mut() = v;
    Ok(())
}
fn get_code(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(func(this)?.code.borrow().clone())
}
fn set_code(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let f = func(this)?;
    let v = v.ok_or_else(|| exception::type_error("__code__ must be set to a code object"))?;
    let new = v
        .payload_exact::<code::Code>()
        .ok_or_else(|| exception::type_error("__code__ must be set to a code object"))?;
    let nfree = new.compiled.freevars.len();
    let have = f
        .closure
        .as_ref()
        .map(|c| tuple::items(c).len())
        .unwrap_or(0);
    if nfree != have {
        let name = str::as_str(&f.name.borrow()).unwrap_or("?").to_string();
        return Err(exception::value_error(format!(
            "{name}() requires a code object with {have} free vars, not {nfree}"
        )));
    }
    *f.code.borrow_mut() = v;
    Ok(())
}

/// `function(code, globals, name=None, argdefs=None, closure=None)`.
fn func_new(vm: &mut Vm, args: Args) -> PyResult {
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let b = rest.bind(
        "function",
        &["code", "globals", "name", "argdefs", "closure"],
        2,
    )?;
    let code = b[0].clone().expect("required");
    if code.payload_exact::<code::Code>().is_none() {
        return Err(exception::type_error(format!(
            "function() argument 'code' must be code, not {}",
            code.ty().name()
        )));
    }
    let globals = b[1].clone().expect("required");
    if dict::as_dict(&globals).is_none() {
        return Err(exception::type_error(format!(
            "function() argument 'globals' must be dict, not {}",
            globals.ty().name()
        )));
    }
    let name = b[2].clone().filter(|n| !n.is_none());
    if name.as_ref().is_some_and(|n| str::as_str(n).is_none()) {
        return Err(exception::type_error("arg 3 (name) must be None or string"));
    }
    let defaults = b[3].clone().filter(|d| !d.is_none());
    if defaults
        .as_ref()
        .is_some_and(|d| tuple::as_tuple(d).is_none())
    {
        return Err(exception::type_error(
            "arg 4 (defaults) must be None or tuple",
        ));
    }
    let (nfree, code_name) = {
        let c = code.payload_exact::<code::Code>().expect("checked above");
        (c.compiled.freevars.len(), c.name.clone())
    };
    let closure = b[4].clone().filter(|c| !c.is_none());
    let cells = match &closure {
        Some(c) => tuple::as_tuple(c)
            .ok_or_else(|| exception::type_error("arg 5 (closure) must be None or tuple"))?,
        None if nfree > 0 => return Err(exception::type_error("arg 5 (closure) must be tuple")),
        None => &[],
    };
    if cells.len() != nfree {
        return Err(exception::value_error(format!(
            "{} requires closure of length {nfree}, not {}",
            str::as_str(&code_name).unwrap_or("?"),
            cells.len()
        )));
    }
    if let Some(c) = cells
        .iter()
        .find(|c| c.payload_exact::<cell::Cell>().is_none())
    {
        return Err(exception::type_error(format!(
            "arg 5 (closure) expected cell, found {}",
            c.ty().name()
        )));
    }
    let builtins = vm.builtins_for(&globals);
    let f = function::new_function(code, globals, builtins, closure);
    let fp = f.payload_exact::<Function>().expect("function");
    if let Some(n) = name {
        *fp.name.borrow_mut() = n;
    }
    *fp.defaults.borrow_mut() = defaults;
    Ok(f)
}

fn get_globals(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(func(this)?.globals.clone())
}
fn get_builtins(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(func(this)?.builtins.clone())
}
fn get_closure(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(func(this)?.closure.clone().unwrap_or_else(none))
}
fn get_dict(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(func(this)?.dict())
}
fn set_dict(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let v = v.ok_or_else(|| exception::type_error("cannot delete __dict__"))?;
    if dict::as_dict(&v).is_none() {
        return Err(exception::type_error(format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            v.ty().name()
        )));
    }
    func(this)?.set_dict(v);
    Ok(())
}

fn bm(v: &Value) -> PyResult<&BoundMethod> {
    v.payload_exact::<BoundMethod>()
        .ok_or_else(|| exception::type_error("method expected"))
}
fn method_repr(vm: &mut Vm, args: Args) -> PyResult {
    let m = bm(&args.values[0])?;
    let name = match vm.getattr_opt(&m.func, "__qualname__")? {
        Some(n) => vm.str_string(&n)?,
        None => "?".into(),
    };
    let s = vm.repr_string(&m.self_)?;
    Ok(str::from_string(format!("<bound method {name} of {s}>")))
}
fn method_eq(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__eq__", 2, 2)?;
    let (Ok(x), Some(y)) = (bm(&a[0]), a[1].payload_exact::<BoundMethod>()) else {
        return Ok(crate::object::types::not_implemented());
    };
    let _ = vm;
    Ok(bool_value(x.func.is(&y.func) && x.self_.is(&y.self_)))
}
fn method_hash(vm: &mut Vm, args: Args) -> PyResult {
    let m = bm(&args.values[0])?;
    let h = vm.hash(&m.func)? ^ (m.self_.word() as i64 >> 4);
    Ok(int::from_i64(if h == -1 { -2 } else { h }))
}
fn method_getattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getattribute__", 2, 2)?;
    if let Some(v) = vm.generic_getattr(&a[0], &a[1])? {
        return Ok(v);
    }
    let m = bm(&a[0])?;
    let f = m.func.clone();
    vm.getattr_value(&f, &a[1])
}
fn m_func(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bm(this)?.func.clone())
}
/// A bound method's `__doc__` is its function's (not `object.__doc__` from the MRO).
fn m_doc(vm: &mut Vm, this: &Value) -> PyResult {
    let f = bm(this)?.func.clone();
    vm.getattr(&f, "__doc__")
}
fn m_self(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bm(this)?.self_.clone())
}

fn bf(v: &Value) -> PyResult<&BuiltinFunction> {
    v.payload_exact::<BuiltinFunction>()
        .ok_or_else(|| exception::type_error("builtin function expected"))
}
fn builtin_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let b = bf(&args.values[0])?;
    let s = match (&b.self_, b.owner.is_null()) {
        (Some(s), false) => format!(
            "<built-in method {} of {} object at {:#x}>",
            b.name,
            s.ty().name(),
            s.word()
        ),
        (Some(s), true) if s.payload_exact::<module::Module>().is_none() => {
            format!(
                "<built-in method {} of {} object at {:#x}>",
                b.name,
                s.ty().name(),
                s.word()
            )
        }
        (None, false) => match b.owner_type() {
            Some(owner) => format!("<method '{}' of '{}' objects>", b.name, owner.name()),
            None => format!("<built-in function {}>", b.name),
        },
        _ => format!("<built-in function {}>", b.name),
    };
    Ok(str::from_string(s))
}
fn b_name(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(bf(this)?.name))
}
fn b_qualname(_vm: &mut Vm, this: &Value) -> PyResult {
    let b = bf(this)?;
    Ok(match b.owner_type() {
        Some(owner) => str::from_string(format!("{}.{}", owner.name(), b.name)),
        None => str::new_str(b.name),
    })
}
fn b_self(_vm: &mut Vm, this: &Value) -> PyResult {
    let b = bf(this)?;
    // A built-in type's `__new__` reports the type it belongs to (copyreg relies on it).
    if b.name == "__new__" && b.kind == MethodKind::Static {
        if let Some(owner) = b.owner_type() {
            return Ok(owner.to_value());
        }
    }
    Ok(b.self_.clone().unwrap_or_else(none))
}
/// `__reduce__`: a module function pickles by name; a method bound to an object as
/// `getattr(obj, name)`, as CPython's `meth_reduce`.
fn b_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let b = bf(this)?;
    let bound = b_self(vm, this)?;
    if bound.is_none()
        || bound
            .payload_exact::<crate::object::module::Module>()
            .is_some()
    {
        return Ok(crate::object::str::new_str(b.name));
    }
    let getattr = vm.getattr(&vm.builtins_module.clone(), "getattr")?;
    Ok(crate::object::tuple::from_array([
        getattr,
        crate::object::tuple::from_array([bound, crate::object::str::new_str(b.name)]),
    ]))
}

fn b_doc(_vm: &mut Vm, _this: &Value) -> PyResult {
    Ok(none())
}
fn b_module(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bf(this)?.module())
}
/// `__get__` of a method descriptor (`str.join`) or a built-in classmethod's
/// (`dict.__dict__['fromkeys']`), with CPython's `descr_check` / `classmethod_get` checks.
fn md_get(_vm: &mut Vm, args: Args) -> PyResult {
    let (this, obj, ty) = super::descr::descr_get_args(args)?;
    let b = bf(this)?;
    let Some(owner) = b.owner_type().filter(|_| b.self_.is_none()) else {
        return Ok(this.clone());
    };
    match b.kind {
        MethodKind::Class => {
            let cls = match ty {
                Some(t) => t.clone(),
                None => obj.map(|o| o.ty().to_value()).unwrap_or_else(none),
            };
            function::check_classmethod_target(b, owner, &cls)?;
            Ok(function::bind_builtin(b, cls))
        }
        MethodKind::Method => {
            let Some(obj) = obj else {
                return Ok(this.clone());
            };
            if !obj.ty().is_subtype(owner) {
                return Err(exception::type_error(format!(
                    "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                    b.name,
                    owner.name(),
                    obj.ty().name()
                )));
            }
            Ok(function::bind_builtin(b, obj.clone()))
        }
        MethodKind::Static => Ok(this.clone()),
    }
}

/// `types.MethodType(function, instance)`.
fn method_new(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("method", 3, 3)?;
    if a[1].ty().lookup_str("__call__").is_none() {
        return Err(crate::object::exception::type_error(
            "first argument must be callable",
        ));
    }
    if a[2].is_none() {
        return Err(crate::object::exception::type_error(
            "instance must not be None",
        ));
    }
    Ok(crate::object::function::new_bound_method(
        a[1].clone(),
        a[2].clone(),
    ))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &FUNCTION_TYPE,
            methods: methods![
                MethodDef::static_("__new__", func_new),
                MethodDef::method("__repr__", func_repr),
                MethodDef::method("__get__", func_get),
                MethodDef::method("__call__", func_call),
            ],
            getsets: getsets![
                GetSetDef {
                    name: "__name__",
                    get: get_name,
                    set: Some(set_name),
                    member: false,
                },
                GetSetDef {
                    name: "__qualname__",
                    get: get_qualname,
                    set: Some(set_qualname),
                    member: false,
                },
                GetSetDef {
                    name: "__doc__",
                    get: get_doc,
                    set: Some(set_doc),
                    member: false,
                },
                GetSetDef {
                    name: "__module__",
                    get: get_module,
                    set: Some(set_module),
                    member: false,
                },
                GetSetDef {
                    name: "__defaults__",
                    get: get_defaults,
                    set: Some(set_defaults),
                    member: false,
                },
                GetSetDef {
                    name: "__kwdefaults__",
                    get: get_kwdefaults,
                    set: Some(set_kwdefaults),
                    member: false,
                },
                GetSetDef {
                    name: "__annotations__",
                    get: get_annotations,
                    set: Some(set_annotations),
                    member: false,
                },
                GetSetDef {
                    name: "__code__",
                    get: get_code,
                    set: Some(set_code),
                    member: false,
                },
                GetSetDef::member("__globals__", get_globals),
                GetSetDef::member("__builtins__", get_builtins),
                GetSetDef::member("__closure__", get_closure),
                GetSetDef::readwrite("__dict__", get_dict, set_dict),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &METHOD_TYPE,
            methods: methods![
                MethodDef::static_("__new__", method_new),
                MethodDef::method("__repr__", method_repr),
                MethodDef::method("__eq__", method_eq),
                MethodDef::method("__hash__", method_hash),
                MethodDef::method("__getattribute__", method_getattr),
                MethodDef::method("__call__", func_call),
            ],
            getsets: getsets![
                GetSetDef::readonly("__func__", m_func),
                GetSetDef::readonly("__self__", m_self),
                GetSetDef::readonly("__doc__", m_doc)
            ],
            doc: None,
        },
        TypeSpec {
            ty: &BUILTIN_FUNCTION_TYPE,
            methods: methods![
                MethodDef::method("__repr__", builtin_repr),
                MethodDef::method("__call__", func_call),
                MethodDef::method("__reduce__", b_reduce)
            ],
            getsets: getsets![
                GetSetDef::readonly("__name__", b_name),
                GetSetDef::readonly("__qualname__", b_qualname),
                GetSetDef::readonly("__self__", b_self),
                GetSetDef::readonly("__doc__", b_doc),
                GetSetDef::readonly("__module__", b_module),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &METHOD_DESCRIPTOR_TYPE,
            methods: methods![
                MethodDef::method("__repr__", builtin_repr),
                MethodDef::method("__get__", md_get),
                MethodDef::method("__call__", func_call),
            ],
            getsets: getsets![
                GetSetDef::readonly("__name__", b_name),
                GetSetDef::readonly("__qualname__", b_qualname),
                GetSetDef::readonly("__doc__", b_doc),
            ],
            doc: None,
        },
    ]
}
