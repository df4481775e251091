//! Methods and attributes of `type`.

use crate::object::error::{Args, PyResult};
use crate::object::typeobj::Layout;
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, TYPE_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn as_type_arg(v: &Value) -> PyResult<&crate::object::typeobj::TypeObject> {
    v.as_type().ok_or_else(|| {
        exception::type_error(format!(
            "descriptor requires a 'type' object but received '{}'",
            v.ty().name()
        ))
    })
}

/// `type.__new__(meta, name, bases, dict, **kw)` and `type(x)`.
fn type_new(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    if pos.len() == 2 && !args.has_keywords() {
        return Ok(pos[1].ty().to_value());
    }
    if pos.len() != 4 {
        return Err(exception::type_error("type() takes 1 or 3 arguments"));
    }
    let meta = &pos[0];
    let name = str::as_str(&pos[1])
        .ok_or_else(|| {
            exception::type_error(format!(
                "type.__new__() argument 1 must be str, not {}",
                pos[1].ty().name()
            ))
        })?
        .to_string();
    if tuple::as_tuple(&pos[2]).is_none() {
        return Err(exception::type_error(format!(
            "type.__new__() argument 2 must be tuple, not {}",
            pos[2].ty().name()
        )));
    }
    if dict::as_dict(&pos[3]).is_none() {
        return Err(exception::type_error(format!(
            "type.__new__() argument 3 must be dict, not {}",
            pos[3].ty().name()
        )));
    }
    let kw_start = args.values.len() - args.kwnames.len();
    let kwds = Args::with_kwnames(&args.values[kw_start..], args.kwnames);
    let bases = tuple::items(&pos[2]).to_vec();
    let meta = crate::vm::class::calculate_meta(meta, &bases)?;
    vm.new_class(&meta, &name, &pos[2], &pos[3], kwds)
}

fn type_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn type_call(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0].clone();
    as_type_arg(&cls)?;
    vm.type_call_plain(&cls, Args::with_kwnames(&args.values[1..], args.kwnames))
}

fn type_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let t = as_type_arg(&args.values[0])?;
    let module = t.module.borrow().to_string();
    Ok(str::from_string(if module == "builtins" {
        format!("<class '{}'>", t.qualname())
    } else {
        format!("<class '{}.{}'>", module, t.qualname())
    }))
}

/// `type.mro(cls)`: the C3 linearization of the class's current bases.
fn type_mro(_vm: &mut Vm, args: Args) -> PyResult {
    let t = as_type_arg(&args.values[0])?;
    if !t.is_heap() {
        return Ok(list::new_list(t.mro.borrow().clone()));
    }
    Ok(list::new_list(crate::vm::class::default_mro(t)?))
}

fn type_subclasses(_vm: &mut Vm, args: Args) -> PyResult {
    let t = as_type_arg(&args.values[0])?;
    Ok(list::new_list(t.subclass_values()))
}

fn type_instancecheck(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__instancecheck__", 2, 2)?;
    let t = as_type_arg(&a[0])?;
    if a[1].is_instance_of(t) {
        return Ok(bool_value(true));
    }
    // Honour a __class__ that differs from the real type (proxies).
    if let Some(c) = vm.getattr_opt(&a[1], "__class__")? {
        if let Some(ct) = c.as_type() {
            return Ok(bool_value(ct.is_subtype(t)));
        }
    }
    Ok(bool_value(false))
}

fn type_subclasscheck(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__subclasscheck__", 2, 2)?;
    let t = as_type_arg(&a[0])?;
    let sub = a[1]
        .as_type()
        .ok_or_else(|| exception::type_error("issubclass() arg 1 must be a class"))?;
    Ok(bool_value(sub.is_subtype(t)))
}

fn type_prepare(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(dict::new_dict())
}

fn type_dir(vm: &mut Vm, args: Args) -> PyResult {
    let t = as_type_arg(&args.values[0])?;
    let s = set::new_set();
    for m in t.mro.borrow().clone() {
        if let Some(d) = m.as_type().and_then(|t| t.dict.borrow().clone()) {
            for k in dict::keys(&d) {
                set::add(vm, &s, k)?;
            }
        }
    }
    Ok(list::new_list(set::items(&s)))
}

fn type_or(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__or__", 2, 2)?;
    crate::builtins::methods::genericalias::union_or(vm, &a[0], &a[1])
}

fn type_ror(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__ror__", 2, 2)?;
    crate::builtins::methods::genericalias::union_or(vm, &a[1], &a[0])
}

fn get_name(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(&as_type_arg(this)?.name()))
}
fn set_name(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let t = as_type_arg(this)?;
    let v = v.ok_or_else(|| exception::type_error("cannot delete '__name__' attribute"))?;
    let s = str::as_str(&v)
        .ok_or_else(|| exception::type_error("can only assign string to __name__"))?;
    if !t.is_heap() {
        return Err(exception::type_error(format!(
            "cannot set '__name__' attribute of immutable type '{}'",
            t.name()
        )));
    }
    *t.name.borrow_mut() = std::borrow::Cow::Owned(s.to_string());
    Ok(())
}
fn get_qualname(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(&as_type_arg(this)?.qualname()))
}
fn set_qualname(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let t = as_type_arg(this)?;
    let v = v.ok_or_else(|| exception::type_error("cannot delete '__qualname__' attribute"))?;
    let s = str::as_str(&v)
        .ok_or_else(|| exception::type_error("can only assign string to __qualname__"))?;
    *t.qualname.borrow_mut() = std::borrow::Cow::Owned(s.to_string());
    Ok(())
}
fn get_module(_vm: &mut Vm, this: &Value) -> PyResult {
    let t = as_type_arg(this)?;
    if t.is_heap() {
        if let Some(d) = t.dict.borrow().as_ref() {
            if let Some(m) = dict::lookup_str(d, &str::intern_static("__module__")) {
                return Ok(m);
            }
        }
    }
    Ok(str::new_str(&t.module.borrow()))
}
fn set_module(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let t = as_type_arg(this)?;
    let v = v.ok_or_else(|| exception::type_error("cannot delete '__module__' attribute"))?;
    if let Some(s) = str::as_str(&v) {
        *t.module.borrow_mut() = std::borrow::Cow::Owned(s.to_string());
    }
    if let Some(d) = t.dict.borrow().as_ref() {
        dict::set_str(d, &str::intern_static("__module__"), v);
    }
    Ok(())
}
fn get_bases(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(tuple::new_tuple(as_type_arg(this)?.bases.borrow().clone()))
}
fn set_bases(vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    vm.set_bases(as_type_arg(this)?, v)
}
fn get_base(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(as_type_arg(this)?
        .base_type()
        .map_or_else(none, crate::object::typeobj::TypeObject::to_value))
}
fn get_mro(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(tuple::new_tuple(as_type_arg(this)?.mro.borrow().clone()))
}
fn get_dict(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(descr::new_mappingproxy(as_type_arg(this)?.dict_value()))
}
fn get_doc(vm: &mut Vm, this: &Value) -> PyResult {
    let t = as_type_arg(this)?;
    let d = t.dict_value();
    match dict::lookup_str(&d, &str::intern_static("__doc__")) {
        Some(doc) => {
            if doc.is_small_int() {
                return Ok(doc);
            }
            if doc.ty().lookup_str("__get__").is_some() && doc.ty().layout != Layout::Str {
                return crate::vm::attr::descr_get(vm, &doc, None, t);
            }
            Ok(doc)
        }
        None => Ok(none()),
    }
}
fn get_abstractmethods(_vm: &mut Vm, this: &Value) -> PyResult {
    let t = as_type_arg(this)?;
    // `type`'s own dict holds this descriptor, which is not its abstract methods.
    if std::ptr::eq(t, &TYPE_TYPE) {
        return Err(exception::attribute_error("__abstractmethods__"));
    }
    if let Some(d) = t.dict.borrow().as_ref() {
        if let Some(v) = dict::lookup_str(d, &str::intern_static("__abstractmethods__")) {
            return Ok(v);
        }
    }
    Err(exception::attribute_error("__abstractmethods__"))
}

/// `__flags__`: CPython's `tp_flags` bits for what Heron's types share with CPython's (heap
/// type, subclassable, immutable, abstract, the fast-subclass bits); `inspect.isabstract`
/// reads `Py_TPFLAGS_IS_ABSTRACT` from it.
fn get_flags(vm: &mut Vm, this: &Value) -> PyResult {
    use crate::object::exception::BASE_EXCEPTION;
    use crate::object::typeobj::{flags, TypeObject};
    use crate::object::types::{BYTES_TYPE, DICT_TYPE, INT_TYPE, LIST_TYPE, STR_TYPE, TUPLE_TYPE};
    let t = as_type_arg(this)?;
    let own = t.flags.get();
    let mut f: u64 = (1 << 12) | (1 << 14) | (1 << 19); // READY, HAVE_GC, HAVE_VERSION_TAG
    if own & flags::HEAPTYPE != 0 {
        f |= 1 << 9;
    } else {
        f |= 1 << 8; // IMMUTABLETYPE
    }
    if own & flags::BASETYPE != 0 {
        f |= 1 << 10;
    }
    if own & flags::DISALLOW_INSTANTIATION != 0 {
        f |= 1 << 7;
    }
    if own & flags::SEQUENCE != 0 {
        f |= 1 << 5;
    }
    if own & flags::MAPPING != 0 {
        f |= 1 << 6;
    }
    let abstract_methods = t
        .dict
        .borrow()
        .as_ref()
        .and_then(|d| dict::lookup_str(d, &str::intern_static("__abstractmethods__")));
    if let Some(m) = abstract_methods.filter(|_| !std::ptr::eq(t, &TYPE_TYPE)) {
        if vm.truthy(&m)? {
            f |= 1 << 20;
        }
    }
    let subclass_bits: [(&TypeObject, u32); 8] = [
        (&INT_TYPE, 24),
        (&LIST_TYPE, 25),
        (&TUPLE_TYPE, 26),
        (&BYTES_TYPE, 27),
        (&STR_TYPE, 28),
        (&DICT_TYPE, 29),
        (&BASE_EXCEPTION, 30),
        (&TYPE_TYPE, 31),
    ];
    for (base, bit) in subclass_bits {
        if t.is_subtype(base) {
            f |= 1 << bit;
        }
    }
    Ok(int::from_i64(f as i64))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &TYPE_TYPE,
        methods: methods![
            MethodDef::static_("__new__", type_new),
            MethodDef::method("__init__", type_init),
            MethodDef::method("__call__", type_call),
            MethodDef::method("__repr__", type_repr),
            MethodDef::method("mro", type_mro),
            MethodDef::method("__subclasses__", type_subclasses),
            MethodDef::method("__instancecheck__", type_instancecheck),
            MethodDef::method("__subclasscheck__", type_subclasscheck),
            MethodDef::method("__dir__", type_dir),
            MethodDef::method("__or__", type_or),
            MethodDef::method("__ror__", type_ror),
            MethodDef::class("__prepare__", type_prepare),
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
                name: "__module__",
                get: get_module,
                set: Some(set_module),
                member: false,
            },
            GetSetDef::readwrite("__bases__", get_bases, set_bases),
            GetSetDef::readonly("__base__", get_base),
            GetSetDef::readonly("__mro__", get_mro),
            GetSetDef::readonly("__dict__", get_dict),
            GetSetDef::readonly("__doc__", get_doc),
            GetSetDef::readonly("__abstractmethods__", get_abstractmethods),
            GetSetDef::readonly("__flags__", get_flags),
        ],
        doc: None,
    }]
}
