//! Methods of property, classmethod, staticmethod, super, getset descriptors and
//! mappingproxy.

use std::cell::RefCell;

use crate::object::descr::{ClassMethod, GetSet, MappingProxy, Property, StaticMethod, Super};
use crate::object::error::{Args, PyResult};
use crate::object::typeobj::Layout;
use crate::object::types::{
    none, GetSetDef, MethodDef, TypeSpec, CLASSMETHOD_TYPE, GETSET_TYPE, MAPPINGPROXY_TYPE,
    PROPERTY_TYPE, STATICMETHOD_TYPE, SUPER_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn new_of_layout(
    cls: &Value,
    layout: Layout,
    make: impl FnOnce(&crate::object::typeobj::TypeObject) -> Value,
) -> PyResult {
    let t = cls
        .as_type()
        .ok_or_else(|| exception::type_error("__new__ requires a type"))?;
    if t.layout == layout {
        Ok(make(t))
    } else {
        // A Python subclass: wrap a base instance.
        let inner = make(t.builtin_base_type());
        Ok(instance::new_instance(t, Some(inner)))
    }
}

fn property_new(_vm: &mut Vm, args: Args) -> PyResult {
    new_of_layout(&args.values[0], Layout::Property, |t| {
        crate::object::alloc::alloc(
            t,
            Property {
                fget: RefCell::new(None),
                fset: RefCell::new(None),
                fdel: RefCell::new(None),
                doc: RefCell::new(None),
            },
        )
    })
}

fn prop(v: &Value) -> PyResult<&Property> {
    v.payload::<Property>()
        .ok_or_else(|| exception::type_error("descriptor requires a 'property' object"))
}

fn property_init(vm: &mut Vm, args: Args) -> PyResult {
    let this = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let b = rest.bind("property", &["fget", "fset", "fdel", "doc"], 0)?;
    let p = prop(&this)?;
    let norm = |v: &Option<Value>| v.clone().filter(|v| !v.is_none());
    *p.fget.borrow_mut() = norm(&b[0]);
    *p.fset.borrow_mut() = norm(&b[1]);
    *p.fdel.borrow_mut() = norm(&b[2]);
    let doc = match norm(&b[3]) {
        Some(d) => Some(d),
        None => match norm(&b[0]) {
            Some(g) => vm.getattr_opt(&g, "__doc__")?.filter(|d| !d.is_none()),
            None => None,
        },
    };
    *p.doc.borrow_mut() = doc;
    Ok(none())
}

/// A built-in descriptor's `__get__(obj, type=None)` arguments as CPython's `wrap_descr_get`
/// takes them: `(self, obj, type)` with None meaning absent, both absent an error.
pub fn descr_get_args(args: Args<'_>) -> PyResult<(&Value, Option<&Value>, Option<&Value>)> {
    args.no_keywords("__get__")?;
    let n = args.values.len().saturating_sub(1);
    if n < 1 {
        return Err(exception::type_error(format!(
            " expected at least 1 argument, got {n}"
        )));
    }
    if n > 2 {
        return Err(exception::type_error(format!(
            " expected at most 2 arguments, got {n}"
        )));
    }
    let a = args.values;
    let obj = Some(&a[1]).filter(|o| !o.is_none());
    let ty = a.get(2).filter(|t| !t.is_none());
    if obj.is_none() && ty.is_none() {
        return Err(exception::type_error("__get__(None, None) is invalid"));
    }
    Ok((&a[0], obj, ty))
}

fn property_get(vm: &mut Vm, args: Args) -> PyResult {
    let (this, obj, _) = descr_get_args(args)?;
    let Some(obj) = obj else {
        return Ok(this.clone());
    };
    // Not through `descr_get`, which calls back into this `__get__` for instances of
    // property subclasses.
    let p = prop(this)?;
    crate::vm::attr::property_get(vm, p, obj)
}

fn property_set(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__set__", 3, 3)?;
    let p = prop(&a[0])?;
    let f = p
        .fset
        .borrow()
        .clone()
        .ok_or_else(|| exception::attribute_error("can't set attribute"))?;
    vm.call(&f, &[a[1].clone(), a[2].clone()])?;
    Ok(none())
}

fn property_delete(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__delete__", 2, 2)?;
    let p = prop(&a[0])?;
    let f = p
        .fdel
        .borrow()
        .clone()
        .ok_or_else(|| exception::attribute_error("can't delete attribute"))?;
    vm.call(&f, &[a[1].clone()])?;
    Ok(none())
}

fn property_copy_with(vm: &mut Vm, this: &Value, which: usize, f: Value) -> PyResult {
    let p = prop(this)?;
    let mut parts = [
        p.fget.borrow().clone().unwrap_or_else(none),
        p.fset.borrow().clone().unwrap_or_else(none),
        p.fdel.borrow().clone().unwrap_or_else(none),
        p.doc.borrow().clone().unwrap_or_else(none),
    ];
    parts[which] = f;
    if which == 0 {
        parts[3] = none();
    }
    let cls = this.ty().to_value();
    vm.call(&cls, &parts)
}

fn property_getter(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getter", 2, 2)?;
    property_copy_with(vm, &a[0], 0, a[1].clone())
}
fn property_setter(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setter", 2, 2)?;
    property_copy_with(vm, &a[0], 1, a[1].clone())
}
fn property_deleter(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("deleter", 2, 2)?;
    property_copy_with(vm, &a[0], 2, a[1].clone())
}
fn p_fget(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(prop(this)?.fget.borrow().clone().unwrap_or_else(none))
}
fn p_fset(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(prop(this)?.fset.borrow().clone().unwrap_or_else(none))
}
fn p_fdel(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(prop(this)?.fdel.borrow().clone().unwrap_or_else(none))
}
fn p_doc(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(prop(this)?.doc.borrow().clone().unwrap_or_else(none))
}
fn p_set_doc(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    *prop(this)?.doc.borrow_mut() = v;
    Ok(())
}
/// True when the getter, setter or deleter is abstract (CPython's `property_get___isabstractmethod__`).
fn p_isabstract(vm: &mut Vm, this: &Value) -> PyResult {
    let p = prop(this)?;
    let parts = [
        p.fget.borrow().clone(),
        p.fset.borrow().clone(),
        p.fdel.borrow().clone(),
    ];
    for f in parts.into_iter().flatten() {
        if let Some(v) = vm.getattr_opt(&f, "__isabstractmethod__")? {
            if vm.truthy(&v)? {
                return Ok(crate::object::types::bool_value(true));
            }
        }
    }
    Ok(crate::object::types::bool_value(false))
}

fn classmethod_new(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.positional();
    let f = a
        .get(1)
        .cloned()
        .ok_or_else(|| exception::type_error("classmethod expected 1 argument, got 0"))?;
    new_of_layout(&a[0], Layout::ClassMethod, |t| {
        crate::object::alloc::alloc(t, ClassMethod(RefCell::new(f)))
    })
}
fn staticmethod_new(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.positional();
    let f = a
        .get(1)
        .cloned()
        .ok_or_else(|| exception::type_error("staticmethod expected 1 argument, got 0"))?;
    new_of_layout(&a[0], Layout::StaticMethod, |t| {
        crate::object::alloc::alloc(t, StaticMethod(RefCell::new(f)))
    })
}
fn wrapper_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}
fn cm_func(_vm: &mut Vm, this: &Value) -> PyResult {
    this.payload::<ClassMethod>()
        .map(|c| c.0.borrow().clone())
        .ok_or_else(|| exception::type_error("classmethod expected"))
}
fn sm_func(_vm: &mut Vm, this: &Value) -> PyResult {
    this.payload::<StaticMethod>()
        .map(|c| c.0.borrow().clone())
        .ok_or_else(|| exception::type_error("staticmethod expected"))
}
fn wrapped_attr(vm: &mut Vm, this: &Value, name: &str) -> PyResult {
    let f = if let Some(c) = this.payload::<ClassMethod>() {
        c.0.borrow().clone()
    } else if let Some(s) = this.payload::<StaticMethod>() {
        s.0.borrow().clone()
    } else {
        return Ok(none());
    };
    Ok(vm.getattr_opt(&f, name)?.unwrap_or_else(none))
}
/// The wrapped callable of a classmethod or staticmethod.
fn wrapped_callable(this: &Value) -> PyResult {
    if let Some(c) = this.payload::<ClassMethod>() {
        return Ok(c.0.borrow().clone());
    }
    match this.payload::<StaticMethod>() {
        Some(s) => Ok(s.0.borrow().clone()),
        None => Err(exception::type_error(
            "classmethod or staticmethod expected",
        )),
    }
}

/// The attributes a classmethod or staticmethod takes from its callable (CPython 3.10+):
/// `__name__`, `__qualname__`, `__module__`, `__annotations__`.
macro_rules! forwarded_attr {
    ($name:ident, $attr:literal) => {
        fn $name(vm: &mut Vm, this: &Value) -> PyResult {
            let f = wrapped_callable(this)?;
            vm.getattr(&f, $attr)
        }
    };
}
forwarded_attr!(w_name, "__name__");
forwarded_attr!(w_qualname, "__qualname__");
forwarded_attr!(w_module, "__module__");
forwarded_attr!(w_annotations, "__annotations__");

fn w_isabstract(vm: &mut Vm, this: &Value) -> PyResult {
    let r = wrapped_attr(vm, this, "__isabstractmethod__")?;
    Ok(if r.is_none() {
        crate::object::types::bool_value(false)
    } else {
        r
    })
}
fn w_doc(vm: &mut Vm, this: &Value) -> PyResult {
    wrapped_attr(vm, this, "__doc__")
}
fn cm_get(vm: &mut Vm, args: Args) -> PyResult {
    let (this, obj, ty) = descr_get_args(args)?;
    let owner = match ty {
        Some(t) => t.clone(),
        None => obj.map(|o| o.ty().to_value()).unwrap_or_else(none),
    };
    let t = owner
        .as_type()
        .ok_or_else(|| exception::type_error("__get__(None, None) is invalid"))?;
    // Bind here rather than through `descr_get`, which calls back into this `__get__` for
    // instances of classmethod subclasses.
    let f = cm_func(vm, this)?;
    crate::vm::attr::bind_classmethod(vm, f, owner.clone(), t)
}
fn sm_get(vm: &mut Vm, args: Args) -> PyResult {
    let (this, _, _) = descr_get_args(args)?;
    sm_func(vm, this)
}
fn sm_call(vm: &mut Vm, args: Args) -> PyResult {
    let f = sm_func(vm, &args.values[0])?;
    vm.call_with(&f, Args::with_kwnames(&args.values[1..], args.kwnames))
}

/// `super()` / `super(type, obj)`.
fn super_new(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.positional();
    let (ty, obj) = match a.len() {
        1 => zero_arg_super(vm)?,
        2 => (a[1].clone(), None),
        _ => (a[1].clone(), Some(a[2].clone())),
    };
    let t = ty.as_type().ok_or_else(|| {
        exception::type_error(format!(
            "super() argument 1 must be a type, not {}",
            ty.ty().name()
        ))
    })?;
    let obj_type = match &obj {
        None => None,
        Some(o) => {
            if let Some(ot) = o.as_type() {
                if ot.is_subtype(t) {
                    Some(o.clone())
                } else if o.is_instance_of(t) {
                    Some(o.ty().to_value())
                } else {
                    return Err(exception::type_error(
                        "super(type, obj): obj must be an instance or subtype of type",
                    ));
                }
            } else if o.is_instance_of(t) {
                Some(o.ty().to_value())
            } else {
                return Err(exception::type_error(
                    "super(type, obj): obj must be an instance or subtype of type",
                ));
            }
        }
    };
    Ok(crate::object::alloc::alloc(
        &SUPER_TYPE,
        Super { ty, obj, obj_type },
    ))
}

fn zero_arg_super(vm: &mut Vm) -> PyResult<(Value, Option<Value>)> {
    let Some(f) = vm.current_frame() else {
        return Err(exception::runtime_error("super(): no current frame"));
    };
    let code = f.code();
    let cc = &code.compiled;
    if cc.argcount == 0 && cc.flags & crate::bytecode::code::code_flags::VARARGS == 0 {
        return Err(exception::runtime_error("super(): no arguments"));
    }
    let first = match f.local(0) {
        Some(v) => v,
        _ => {
            // The first argument may have been moved into a cell.
            let idx = cc.cell2arg.iter().position(|c| *c == Some(0));
            match idx.and_then(|i| cell::get(&f.cells[i])) {
                Some(v) => v,
                None => return Err(exception::runtime_error("super(): arg[0] deleted")),
            }
        }
    };
    let ncell = cc.cellvars.len();
    let class_idx = cc
        .freevars
        .iter()
        .position(|n| &**n == "__class__")
        .map(|i| i + ncell);
    let cls = class_idx
        .and_then(|i| f.cells.get(i))
        .and_then(cell::get)
        .ok_or_else(|| exception::runtime_error("super(): __class__ cell not found"))?;
    Ok((cls, Some(first)))
}

fn super_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn super_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let s = args.values[0]
        .payload_exact::<Super>()
        .ok_or_else(|| exception::type_error("super expected"))?;
    let tn = s.ty.as_type().map(|t| t.name()).unwrap_or_default();
    Ok(str::from_string(match &s.obj_type {
        Some(ot) => format!(
            "<super: <class '{}'>, <{} object>>",
            tn,
            ot.as_type().map(|t| t.name()).unwrap_or_default()
        ),
        None => format!("<super: <class '{tn}'>, NULL>"),
    }))
}

fn super_thisclass(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(this
        .payload_exact::<Super>()
        .map(|s| s.ty.clone())
        .unwrap_or_else(none))
}
fn super_self(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(this
        .payload_exact::<Super>()
        .and_then(|s| s.obj.clone())
        .unwrap_or_else(none))
}

fn getset_get(vm: &mut Vm, args: Args) -> PyResult {
    let (this, obj, _) = descr_get_args(args)?;
    let g = getset_of(this)?;
    let Some(obj) = obj else {
        return Ok(this.clone());
    };
    getset_check(g, obj)?;
    (g.def.get)(vm, obj)
}
fn getset_set(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__set__", 3, 3)?;
    let g = getset_of(&a[0])?;
    getset_check(g, &a[1])?;
    match g.def.set {
        Some(s) => s(vm, &a[1], Some(a[2].clone()))?,
        None => {
            return Err(exception::attribute_error(format!(
                "attribute '{}' is not writable",
                g.def.name
            )))
        }
    }
    Ok(none())
}
/// CPython's `descr_check`: a getset applies only to instances of its owner.
fn getset_check(g: &GetSet, obj: &Value) -> PyResult<()> {
    let owner = g.owner_type();
    if obj.ty().is_subtype(owner) {
        return Ok(());
    }
    Err(exception::type_error(format!(
        "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
        g.def.name,
        owner.name(),
        obj.ty().name()
    )))
}

fn getset_of(this: &Value) -> PyResult<&GetSet> {
    this.payload_exact::<GetSet>()
        .ok_or_else(|| exception::type_error("getset expected"))
}

fn getset_name(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(getset_of(this)?.def.name))
}

/// `<owner's qualname>.<name>`, as CPython's `descr_get_qualname`.
fn getset_qualname(vm: &mut Vm, this: &Value) -> PyResult {
    let g = getset_of(this)?;
    let owner = vm.getattr(&g.owner_type().to_value(), "__qualname__")?;
    let owner = vm.str_string(&owner)?;
    Ok(str::from_string(format!("{owner}.{}", g.def.name)))
}

fn getset_objclass(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(getset_of(this)?.owner_type().to_value())
}

fn getset_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let g = args.values[0]
        .payload_exact::<GetSet>()
        .ok_or_else(|| exception::type_error("getset expected"))?;
    let owner = g.owner_type();
    Ok(str::from_string(format!(
        "<attribute '{}' of '{}' objects>",
        g.def.name,
        owner.name()
    )))
}

fn mp(v: &Value) -> PyResult<Value> {
    v.payload_exact::<MappingProxy>()
        .map(|m| m.0.clone())
        .ok_or_else(|| exception::type_error("mappingproxy expected"))
}
fn mp_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getitem__", 2, 2)?;
    let d = mp(&a[0])?;
    vm.getitem(&d, &a[1])
}
fn mp_forward(vm: &mut Vm, args: Args, name: &str) -> PyResult {
    let d = mp(&args.values[0])?;
    vm.call_method(&d, name, &args.values[1..])
}
fn mp_keys(vm: &mut Vm, args: Args) -> PyResult {
    mp_forward(vm, args, "keys")
}
fn mp_values(vm: &mut Vm, args: Args) -> PyResult {
    mp_forward(vm, args, "values")
}
fn mp_items(vm: &mut Vm, args: Args) -> PyResult {
    mp_forward(vm, args, "items")
}
fn mp_get(vm: &mut Vm, args: Args) -> PyResult {
    mp_forward(vm, args, "get")
}
fn mp_copy(vm: &mut Vm, args: Args) -> PyResult {
    mp_forward(vm, args, "copy")
}
fn mp_len(vm: &mut Vm, args: Args) -> PyResult {
    let d = mp(&args.values[0])?;
    Ok(int::from_usize(vm.len(&d)?))
}
fn mp_iter(vm: &mut Vm, args: Args) -> PyResult {
    let d = mp(&args.values[0])?;
    vm.iter(&d)
}
fn mp_contains(vm: &mut Vm, args: Args) -> PyResult {
    let d = mp(&args.values[0])?;
    Ok(crate::object::types::bool_value(
        vm.contains(&d, &args.values[1])?,
    ))
}
/// Comparisons, `|` and `reversed` of a mappingproxy are its mapping's (CPython's).
fn mp_compare(vm: &mut Vm, args: &Args, op: crate::bytecode::CompareOperator) -> PyResult {
    let a = args.check_count("comparison", 2, 2)?;
    let d = mp(&a[0])?;
    vm.compare(&d, &a[1], op)
}

macro_rules! mp_cmp_fn {
    ($name:ident, $op:ident) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            mp_compare(vm, &args, crate::bytecode::CompareOperator::$op)
        }
    };
}
mp_cmp_fn!(mp_eq, Eq);
mp_cmp_fn!(mp_ne, Ne);
mp_cmp_fn!(mp_lt, Lt);
mp_cmp_fn!(mp_le, Le);
mp_cmp_fn!(mp_gt, Gt);
mp_cmp_fn!(mp_ge, Ge);

fn mp_or(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__or__", 2, 2)?;
    let d = mp(&a[0])?;
    let other = match a[1].payload_exact::<MappingProxy>() {
        Some(p) => p.0.clone(),
        None => a[1].clone(),
    };
    vm.binary_op(&d, &other, crate::bytecode::BinaryOperator::Or, false)
}

fn mp_ror(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__ror__", 2, 2)?;
    let d = mp(&a[0])?;
    vm.binary_op(&a[1], &d, crate::bytecode::BinaryOperator::Or, false)
}

fn mp_reversed(vm: &mut Vm, args: Args) -> PyResult {
    let d = mp(&args.values[0])?;
    vm.call_method(&d, "__reversed__", &[])
}

/// `mappingproxy(mapping)`: a read-only view of a mapping (not of a list or tuple).
fn mp_new(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("mappingproxy", &["cls", "mapping"], 2)?;
    let m = b[1].clone().expect("required");
    let is_sequence = list::as_list(&m).is_some() || tuple::as_tuple(&m).is_some();
    if is_sequence
        || vm.getattr_opt(&m, "__getitem__")?.is_none()
        || vm.getattr_opt(&m, "keys")?.is_none()
    {
        return Err(exception::type_error(format!(
            "mappingproxy() argument must be a mapping, not {}",
            m.ty().name()
        )));
    }
    Ok(crate::object::descr::new_mappingproxy(m))
}

fn mp_repr(vm: &mut Vm, args: Args) -> PyResult {
    let d = mp(&args.values[0])?;
    let r = vm.repr_string(&d)?;
    Ok(str::from_string(format!("mappingproxy({r})")))
}

/// `str()` of a mappingproxy is the str of its mapping (CPython's `mappingproxy_str`).
fn mp_str(vm: &mut Vm, args: Args) -> PyResult {
    let d = mp(&args.values[0])?;
    vm.str(&d)
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &PROPERTY_TYPE,
            methods: methods![
                MethodDef::static_("__new__", property_new),
                MethodDef::method("__init__", property_init),
                MethodDef::method("__get__", property_get),
                MethodDef::method("__set__", property_set),
                MethodDef::method("__delete__", property_delete),
                MethodDef::method("getter", property_getter),
                MethodDef::method("setter", property_setter),
                MethodDef::method("deleter", property_deleter),
            ],
            getsets: getsets![
                GetSetDef::readonly("fget", p_fget),
                GetSetDef::readonly("fset", p_fset),
                GetSetDef::readonly("fdel", p_fdel),
                GetSetDef {
                    name: "__doc__",
                    get: p_doc,
                    set: Some(p_set_doc),
                    member: false,
                },
                GetSetDef::readonly("__isabstractmethod__", p_isabstract),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &CLASSMETHOD_TYPE,
            methods: methods![
                MethodDef::static_("__new__", classmethod_new),
                MethodDef::method("__init__", wrapper_init),
                MethodDef::method("__get__", cm_get),
            ],
            getsets: getsets![
                GetSetDef::readonly("__func__", cm_func),
                GetSetDef::readonly("__wrapped__", cm_func),
                GetSetDef::readonly("__isabstractmethod__", w_isabstract),
                GetSetDef::readonly("__doc__", w_doc),
                GetSetDef::readonly("__name__", w_name),
                GetSetDef::readonly("__qualname__", w_qualname),
                GetSetDef::readonly("__module__", w_module),
                GetSetDef::readonly("__annotations__", w_annotations),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &STATICMETHOD_TYPE,
            methods: methods![
                MethodDef::static_("__new__", staticmethod_new),
                MethodDef::method("__init__", wrapper_init),
                MethodDef::method("__get__", sm_get),
                MethodDef::method("__call__", sm_call),
            ],
            getsets: getsets![
                GetSetDef::readonly("__func__", sm_func),
                GetSetDef::readonly("__wrapped__", sm_func),
                GetSetDef::readonly("__isabstractmethod__", w_isabstract),
                GetSetDef::readonly("__doc__", w_doc),
                GetSetDef::readonly("__name__", w_name),
                GetSetDef::readonly("__qualname__", w_qualname),
                GetSetDef::readonly("__module__", w_module),
                GetSetDef::readonly("__annotations__", w_annotations),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &SUPER_TYPE,
            methods: methods![
                MethodDef::static_("__new__", super_new),
                MethodDef::method("__init__", super_init),
                MethodDef::method("__repr__", super_repr),
            ],
            getsets: getsets![
                GetSetDef::readonly("__thisclass__", super_thisclass),
                GetSetDef::readonly("__self__", super_self)
            ],
            doc: None,
        },
        TypeSpec {
            ty: &GETSET_TYPE,
            methods: methods![
                MethodDef::method("__get__", getset_get),
                MethodDef::method("__set__", getset_set),
                MethodDef::method("__repr__", getset_repr),
            ],
            getsets: getsets![
                GetSetDef::readonly("__name__", getset_name),
                GetSetDef::readonly("__qualname__", getset_qualname),
                GetSetDef::readonly("__objclass__", getset_objclass),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &MAPPINGPROXY_TYPE,
            methods: methods![
                MethodDef::method("__getitem__", mp_getitem),
                MethodDef::method("keys", mp_keys),
                MethodDef::method("values", mp_values),
                MethodDef::method("items", mp_items),
                MethodDef::method("get", mp_get),
                MethodDef::method("copy", mp_copy),
                MethodDef::method("__len__", mp_len),
                MethodDef::method("__iter__", mp_iter),
                MethodDef::method("__contains__", mp_contains),
                MethodDef::method("__repr__", mp_repr),
                MethodDef::method("__str__", mp_str),
                MethodDef::method("__eq__", mp_eq),
                MethodDef::method("__ne__", mp_ne),
                MethodDef::method("__lt__", mp_lt),
                MethodDef::method("__le__", mp_le),
                MethodDef::method("__gt__", mp_gt),
                MethodDef::method("__ge__", mp_ge),
                MethodDef::method("__or__", mp_or),
                MethodDef::method("__ror__", mp_ror),
                MethodDef::method("__reversed__", mp_reversed),
                MethodDef::static_("__new__", mp_new),
            ],
            getsets: &[],
            doc: None,
        },
    ]
}
