//! Methods of `object`, the root of every type.

use crate::object::error::{Args, PyResult};
use crate::object::typeobj::Layout;
use crate::object::types::{
    bool_value, none, not_implemented, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// `object.__new__(cls, *args)`: allocates an instance laid out for `cls`.
pub fn object_new(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    let cls_v = pos
        .first()
        .ok_or_else(|| exception::type_error("object.__new__(): not enough arguments"))?;
    let cls = cls_v.as_type().ok_or_else(|| {
        exception::type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            cls_v.ty().name()
        ))
    })?;
    if args.values.len() > 1 {
        let new_is_object = cls
            .lookup_str("__new__")
            .map(|n| is_object_method(&n, "__new__"))
            .unwrap_or(true);
        let init_is_object = cls
            .lookup_str("__init__")
            .map(|n| is_object_method(&n, "__init__"))
            .unwrap_or(true);
        if !new_is_object {
            return Err(exception::type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        if init_is_object {
            return Err(exception::type_error(format!(
                "{}() takes no arguments",
                cls.name()
            )));
        }
    }
    check_not_abstract(vm, cls)?;
    new_object_of(cls)
}

/// CPython refuses to instantiate a class whose own `__abstractmethods__` is non-empty.
fn check_not_abstract(vm: &mut Vm, cls: &crate::object::typeobj::TypeObject) -> PyResult<()> {
    let Some(d) = cls.dict.borrow().clone() else {
        return Ok(());
    };
    let Some(abstract_methods) = dict::lookup_str(&d, &str::intern_static("__abstractmethods__"))
    else {
        return Ok(());
    };
    let mut names: Vec<String> = Vec::new();
    for n in vm.collect(&abstract_methods)? {
        names.push(vm.str_string(&n)?);
    }
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    Err(exception::type_error(format!(
        "Can't instantiate abstract class {} with abstract method{} {}",
        cls.name(),
        if names.len() > 1 { "s" } else { "" },
        names.join(", ")
    )))
}

/// An uninitialized instance of `cls` (by its layout).
pub fn new_object_of(cls: &crate::object::typeobj::TypeObject) -> PyResult {
    match cls.layout {
        Layout::Object => Ok(crate::object::alloc::alloc(
            cls,
            crate::object::alloc::ObjectPayload,
        )),
        Layout::Instance => Ok(instance::new_instance(cls, None)),
        Layout::Exception => Ok(exception::new_exception(cls, vec![])),
        _ => Err(exception::type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            cls.name(),
            cls.name()
        ))),
    }
}

/// Whether `v` is one of `object`'s own built-in methods (not a class's override).
pub fn is_object_method(v: &Value, _name: &str) -> bool {
    match v.payload_exact::<function::BuiltinFunction>() {
        Some(b) => std::ptr::eq(b.owner, &OBJECT_TYPE),
        None => false,
    }
}

fn object_init(_vm: &mut Vm, args: Args) -> PyResult {
    if args.values.len() > 1 {
        let this = &args.values[0];
        let cls = this.ty();
        let init_is_object = cls
            .lookup_str("__init__")
            .map(|n| is_object_method(&n, "__init__"))
            .unwrap_or(true);
        let new_is_object = cls
            .lookup_str("__new__")
            .map(|n| is_object_method(&n, "__new__"))
            .unwrap_or(true);
        if !init_is_object {
            return Err(exception::type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        if new_is_object {
            return Err(exception::type_error(format!(
                "{}() takes no arguments",
                cls.name()
            )));
        }
    }
    Ok(none())
}

/// `<module.Qualname object at 0x...>`.
pub fn default_repr(v: &Value) -> String {
    let ty = v.ty();
    let module = ty.module.borrow().to_string();
    if module == "builtins" {
        format!("<{} object at {:#x}>", ty.qualname(), v.word())
    } else {
        format!("<{}.{} object at {:#x}>", module, ty.qualname(), v.word())
    }
}

fn object_repr(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(str::from_string(default_repr(&args.values[0])))
}

fn object_str(vm: &mut Vm, args: Args) -> PyResult {
    vm.repr(&args.values[0])
}

fn object_hash(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(identity_hash(&args.values[0])))
}

/// `object.__hash__`: derived from the object's address (also the hash of a NaN float).
pub(crate) fn identity_hash(v: &Value) -> i64 {
    let w = v.word() as i64;
    (w >> 4) | (w << 60 >> 4)
}

fn object_eq(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__eq__", 2, 2)?;
    Ok(if a[0].is(&a[1]) {
        bool_value(true)
    } else {
        not_implemented()
    })
}

fn object_ne(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__ne__", 2, 2)?;
    let eq = a[0].ty().lookup_str("__eq__");
    let r = match eq {
        Some(f) => vm.call_slot(&f, &[a[0].clone(), a[1].clone()])?,
        None => not_implemented(),
    };
    if r.is(&not_implemented()) {
        return Ok(r);
    }
    let b = vm.truthy(&r)?;
    Ok(bool_value(!b))
}

fn object_cmp_not_implemented(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(not_implemented())
}

fn object_getattribute(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getattribute__", 2, 2)?;
    if str::as_str(&a[1]).is_none() {
        return Err(exception::type_error(format!(
            "attribute name must be string, not '{}'",
            a[1].ty().name()
        )));
    }
    let r = if a[0].as_type().is_some() {
        vm.type_getattr(&a[0], &a[1])?
    } else {
        vm.generic_getattr(&a[0], &a[1])?
    };
    match r {
        Some(v) => Ok(v),
        None => Err(exception::attribute_error(format!(
            "'{}' object has no attribute '{}'",
            a[0].ty().name(),
            str::as_str(&a[1]).unwrap_or("?")
        ))),
    }
}

fn object_setattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setattr__", 3, 3)?;
    vm.generic_setattr(&a[0], &a[1], Some(a[2].clone()))?;
    Ok(none())
}

fn object_delattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__delattr__", 2, 2)?;
    vm.generic_setattr(&a[0], &a[1], None)?;
    Ok(none())
}

fn object_format(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__format__", 2, 2)?;
    let spec = str::as_str(&a[1]).unwrap_or("");
    if !spec.is_empty() {
        return Err(exception::type_error(format!(
            "unsupported format string passed to {}.__format__",
            a[0].ty().name()
        )));
    }
    vm.str(&a[0])
}

fn object_dir(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let mut names: Vec<Value> = Vec::new();
    if let Some(d) = instance::instance_dict(this) {
        names.extend(dict::keys(&d));
    }
    let mro = this.ty().mro.borrow().clone();
    for t in mro {
        if let Some(d) = t.as_type().and_then(|t| t.dict.borrow().clone()) {
            names.extend(dict::keys(&d));
        }
    }
    let s = set::new_set();
    for n in names {
        set::add(vm, &s, n)?;
    }
    Ok(list::new_list(set::items(&s)))
}

fn object_init_subclass(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

/// `object.__sizeof__()`: CPython 3.11's basic size of the object: its header, one pointer
/// per `__slots__` value, and the dict's values pointer of an instance with a `__dict__`.
fn object_sizeof(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__sizeof__", 1, 1)?;
    let ty = a[0].ty();
    let mut size = 16;
    if ty.layout == Layout::Instance {
        size += 8 * ty.slot_count.get() as usize;
        if !ty.has_flag(crate::object::typeobj::flags::NO_DICT) {
            size += 8;
        }
    }
    Ok(int::from_usize(size))
}

fn object_subclasshook(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(not_implemented())
}

/// `object.__getstate__()`: the instance dict when it has entries, else None; with
/// `__slots__` values set, `(that, {slot: value})`.
fn object_getstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getstate__", 1, 1)?;
    default_state(vm, &a[0], true)
}

/// CPython's `object_getstate`: the instance dict (None when empty), with the slot values
/// beside it. With `required`, an object of a built-in layout that keeps state out of
/// reach cannot be pickled this way; without, it simply has no state (as the C module
/// `_datetime`'s `tzinfo.__reduce__` asks for it).
pub fn default_state(vm: &mut Vm, obj: &Value, required: bool) -> PyResult {
    match obj.ty().layout {
        Layout::Instance | Layout::Object | Layout::Exception => {}
        _ if !required => {}
        _ => {
            return Err(exception::type_error(format!(
                "cannot pickle '{}' object",
                obj.ty().name()
            )))
        }
    }
    let state = match instance::instance_dict(obj) {
        Some(d) if dict::len(&d) > 0 => dict::copy(&d),
        _ => none(),
    };
    if obj.ty().slot_count.get() == 0 {
        return Ok(state);
    }
    let copyreg = vm.import_module("copyreg")?;
    let slotnames = vm.getattr(&copyreg, "_slotnames")?;
    let names = vm.call(&slotnames, &[obj.ty().to_value()])?;
    let slots = dict::new_dict();
    for name in vm.collect(&names)? {
        if let Some(v) = vm.getattr_opt(obj, str::as_str(&name).unwrap_or(""))? {
            dict::set_item(vm, &slots, name, v)?;
        }
    }
    if dict::len(&slots) == 0 {
        return Ok(state);
    }
    Ok(tuple::from_array([state, slots]))
}

/// `object.__reduce_ex__(protocol)`: a class's own `__reduce__` when it has one, else
/// CPython's default: `copyreg.__newobj__` with the state (protocol 2 and up), or
/// `copyreg._reduce_ex` below that.
fn object_reduce_ex(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__reduce_ex__", 2, 2)?;
    let obj = &a[0];
    if let Some(r) = obj.ty().lookup_str("__reduce__") {
        if !is_object_method(&r, "__reduce__") {
            let bound = vm.getattr(obj, "__reduce__")?;
            return vm.call(&bound, &[]);
        }
    }
    let protocol = vm.index_i64(&a[1])?;
    common_reduce(vm, obj, protocol)
}

fn object_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__reduce__", 1, 1)?;
    common_reduce(vm, &a[0], 0)
}

fn common_reduce(vm: &mut Vm, obj: &Value, protocol: i64) -> PyResult {
    let copyreg = vm.import_module("copyreg")?;
    if protocol < 2 {
        let f = vm.getattr(&copyreg, "_reduce_ex")?;
        return vm.call(&f, &[obj.clone(), int::from_i64(protocol)]);
    }
    let cls = obj.ty().to_value();
    let (args, kwargs) = if let Some(f) = vm.getattr_opt(obj, "__getnewargs_ex__")? {
        let r = vm.call(&f, &[])?;
        let parts = vm.collect(&r)?;
        if parts.len() != 2 {
            return Err(exception::type_error(
                "__getnewargs_ex__ should return a tuple of length 2",
            ));
        }
        (parts[0].clone(), Some(parts[1].clone()))
    } else if let Some(f) = vm.getattr_opt(obj, "__getnewargs__")? {
        (vm.call(&f, &[])?, None)
    } else {
        (tuple::from_array([]), None)
    };
    let (newobj, newargs) =
        match kwargs.filter(|k| dict::as_dict(k).is_some_and(|_| dict::len(k) > 0)) {
            Some(kw) => (
                vm.getattr(&copyreg, "__newobj_ex__")?,
                tuple::from_array([cls, args, kw]),
            ),
            None => {
                let mut items = vec![cls];
                items.extend(vm.collect(&args)?);
                (vm.getattr(&copyreg, "__newobj__")?, tuple::new_tuple(items))
            }
        };
    let state = match obj.ty().lookup_str("__getstate__") {
        Some(g) if !is_object_method(&g, "__getstate__") => {
            let bound = vm.getattr(obj, "__getstate__")?;
            vm.call(&bound, &[])?
        }
        _ => default_state(vm, obj, true)?,
    };
    let listitems = if obj.ty().is_subtype(&crate::object::types::LIST_TYPE) {
        vm.iter(obj)?
    } else {
        none()
    };
    let dictitems = if obj.ty().is_subtype(&crate::object::types::DICT_TYPE) {
        let items = vm.call_method(obj, "items", &[])?;
        vm.iter(&items)?
    } else {
        none()
    };
    Ok(tuple::from_array([
        newobj, newargs, state, listitems, dictitems,
    ]))
}

fn get_class(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(this.ty().to_value())
}

fn set_class(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let v = v.ok_or_else(|| exception::type_error("can't delete __class__ attribute"))?;
    let new = v.as_type().ok_or_else(|| {
        exception::type_error(format!(
            "__class__ must be set to a class, not '{}' object",
            v.ty().name()
        ))
    })?;
    let old = this.ty();
    let module = &crate::object::types::MODULE_TYPE;
    let modules = old.is_subtype(module) && new.is_subtype(module);
    if !modules && (this.is_small_int() || !old.is_heap() || !new.is_heap()) {
        return Err(exception::type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        ));
    }
    crate::vm::class::check_layout_compatible(old, new, "__class__")?;
    instance::set_class(this, new);
    Ok(())
}

pub fn get_dict(_vm: &mut Vm, this: &Value) -> PyResult {
    instance::instance_dict(this).ok_or_else(|| {
        exception::attribute_error(format!(
            "'{}' object has no attribute '__dict__'",
            this.ty().name()
        ))
    })
}

/// `obj.__dict__ = d`: the object's attributes become `d`'s. An instance of a Python class
/// takes `d` itself (`obj.__dict__ is d`, as in CPython); other objects (and instances given a
/// dict subclass, or wrapping a built-in value) copy `d`'s items into their own dict.
/// `del obj.__dict__` empties it.
pub fn set_dict(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let value = value.unwrap_or_else(dict::new_dict);
    if dict::as_dict(&value).is_none() {
        return Err(exception::type_error(format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            value.ty().name()
        )));
    }
    let Some(own) = instance::instance_dict(this) else {
        return Err(exception::attribute_error(format!(
            "'{}' object has no attribute '__dict__'",
            this.ty().name()
        )));
    };
    if let Some(inst) = this.payload_exact::<instance::Instance>() {
        if inst.base_value.is_none() && value.is_type(&crate::object::types::DICT_TYPE) {
            inst.replace_dict(this.ty(), value);
            return Ok(());
        }
    }
    if own.is(&value) {
        return Ok(());
    }
    let items = dict::items(&value);
    dict::clear(&own);
    for (k, v) in items {
        dict::set_item(vm, &own, k, v)?;
    }
    Ok(())
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &OBJECT_TYPE,
        methods: methods![
            MethodDef::static_("__new__", object_new),
            MethodDef::method("__init__", object_init),
            MethodDef::method("__repr__", object_repr),
            MethodDef::method("__str__", object_str),
            MethodDef::method("__hash__", object_hash),
            MethodDef::method("__eq__", object_eq),
            MethodDef::method("__ne__", object_ne),
            MethodDef::method("__lt__", object_cmp_not_implemented),
            MethodDef::method("__le__", object_cmp_not_implemented),
            MethodDef::method("__gt__", object_cmp_not_implemented),
            MethodDef::method("__ge__", object_cmp_not_implemented),
            MethodDef::method("__getattribute__", object_getattribute),
            MethodDef::method("__setattr__", object_setattr),
            MethodDef::method("__delattr__", object_delattr),
            MethodDef::method("__format__", object_format),
            MethodDef::method("__dir__", object_dir),
            MethodDef::method("__reduce_ex__", object_reduce_ex),
            MethodDef::method("__sizeof__", object_sizeof),
            MethodDef::method("__reduce__", object_reduce),
            MethodDef::method("__getstate__", object_getstate),
            MethodDef::class("__init_subclass__", object_init_subclass),
            MethodDef::class("__subclasshook__", object_subclasshook),
        ],
        getsets: getsets![
            crate::object::types::GetSetDef {
                name: "__class__",
                get: get_class,
                set: Some(set_class),
                member: false,
            },
            GetSetDef::readwrite("__dict__", get_dict, set_dict),
        ],
        doc: Some("The base class of the class hierarchy."),
    }]
}
