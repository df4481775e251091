//! Attribute access: CPython's generic `__getattribute__` for objects and types, descriptors,
//! `__getattr__` fallbacks, setattr/delattr, and `LOAD_METHOD`'s unbound-method fast path.

use super::Vm;
use crate::object::error::{PyErr, PyResult};
use crate::object::exception::{attribute_error, type_error, ATTRIBUTE_ERROR};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, MethodKind, OBJECT_TYPE, TYPE_TYPE};
use crate::object::value::Value;
use crate::object::*;

/// True for descriptors that define `__set__`/`__delete__` (they take precedence over the
/// instance dict).
pub fn is_data_descriptor(d: &Value) -> bool {
    if d.is_small_int() {
        return false;
    }
    match d.ty().layout {
        Layout::Property | Layout::GetSetDescriptor => true,
        Layout::Instance | Layout::Native => {
            let t = d.ty();
            t.lookup_str("__set__").is_some() || t.lookup_str("__delete__").is_some()
        }
        _ => false,
    }
}

/// A property's value for `obj`: its getter's result.
pub fn property_get(vm: &mut Vm, p: &descr::Property, obj: &Value) -> PyResult {
    let fget = p.fget.borrow().clone();
    match fget {
        Some(g) if !g.is_none() => vm.call(&g, std::slice::from_ref(obj)),
        _ => Err(attribute_error(format!(
            "property{} of '{}' object has no getter",
            property_name_suffix(vm, p),
            obj.ty().name()
        ))),
    }
}

/// A classmethod's callable `f` bound to `cls`: a bound method, or (as 3.11 chains
/// descriptors) what `f.__get__(cls, cls)` gives.
pub fn bind_classmethod(vm: &mut Vm, f: Value, cls: Value, owner: &TypeObject) -> PyResult {
    if f.ty().layout == Layout::Function || f.ty().layout == Layout::BuiltinFunction {
        Ok(function::new_bound_method(f, cls))
    } else {
        descr_get_generic(vm, &f, Some(&cls), owner)
            .map(|g| g.unwrap_or_else(|| function::new_bound_method(f.clone(), cls.clone())))
    }
}

/// `descr.__get__(obj, owner)` for any descriptor (returns `descr` itself for non-descriptors).
/// `obj` None means access through the class.
pub fn descr_get(vm: &mut Vm, descr: &Value, obj: Option<&Value>, owner: &TypeObject) -> PyResult {
    if descr.is_small_int() {
        return Ok(descr.clone());
    }
    match descr.ty().layout {
        Layout::Function => Ok(match obj {
            Some(o) => function::new_bound_method(descr.clone(), o.clone()),
            None => descr.clone(),
        }),
        Layout::BuiltinFunction => {
            let f = descr
                .payload_exact::<function::BuiltinFunction>()
                .expect("builtin");
            if f.self_.is_some() || f.owner.is_null() {
                return Ok(descr.clone());
            }
            match f.kind {
                MethodKind::Method => Ok(match obj {
                    Some(o) => function::bind_builtin(f, o.clone()),
                    None => descr.clone(),
                }),
                MethodKind::Class => Ok(function::bind_builtin(f, owner.to_value())),
                MethodKind::Static => Ok(descr.clone()),
            }
        }
        Layout::ClassMethod => {
            let f = descr
                .payload_exact::<descr::ClassMethod>()
                .expect("classmethod")
                .0
                .borrow()
                .clone();
            let cls = match obj {
                Some(o) => o.ty().to_value(),
                None => owner.to_value(),
            };
            bind_classmethod(vm, f, cls, owner)
        }
        Layout::StaticMethod => Ok(descr
            .payload_exact::<descr::StaticMethod>()
            .expect("staticmethod")
            .0
            .borrow()
            .clone()),
        Layout::Property => match obj {
            None => Ok(descr.clone()),
            Some(o) => {
                let p = descr.payload_exact::<descr::Property>().expect("property");
                property_get(vm, p, o)
            }
        },
        Layout::GetSetDescriptor => match obj {
            None => Ok(descr.clone()),
            Some(o) => {
                let g = descr.payload_exact::<descr::GetSet>().expect("getset");
                (g.def.get)(vm, o)
            }
        },
        _ => Ok(descr_get_generic(vm, descr, obj, owner)?.unwrap_or_else(|| descr.clone())),
    }
}

fn property_name_suffix(vm: &mut Vm, p: &descr::Property) -> String {
    let f = p.fget.borrow().clone().or_else(|| p.fset.borrow().clone());
    if let Some(f) = f {
        if let Ok(Some(n)) = vm.getattr_opt(&f, "__name__") {
            if let Some(s) = str::as_str(&n) {
                return format!(" '{s}'");
            }
        }
    }
    String::new()
}

/// Calls a user-defined `__get__` if the descriptor's type has one.
fn descr_get_generic(
    vm: &mut Vm,
    descr: &Value,
    obj: Option<&Value>,
    owner: &TypeObject,
) -> PyResult<Option<Value>> {
    let dt = descr.ty();
    if dt.layout != Layout::Instance && dt.layout != Layout::Native && !dt.is_heap() {
        return Ok(None);
    }
    match dt.lookup_str("__get__") {
        Some(get) => {
            let o = obj.cloned().unwrap_or_else(none);
            Ok(Some(vm.call(&get, &[descr.clone(), o, owner.to_value()])?))
        }
        None => Ok(None),
    }
}

fn no_attribute(obj: &Value, name: &Value) -> PyErr {
    let n = str::as_str(name).unwrap_or("?");
    if let Some(t) = obj.as_type() {
        return attribute_error(format!(
            "type object '{}' has no attribute '{}'",
            t.name(),
            n
        ));
    }
    if let Some(m) = obj.payload_exact::<module::Module>() {
        let mname = dict::lookup_str(&m.dict, &str::intern_static("__name__"))
            .and_then(|v| str::as_str(&v).map(|s| s.to_string()))
            .unwrap_or_else(|| "?".into());
        return attribute_error(format!("module '{mname}' has no attribute '{n}'"));
    }
    attribute_error(format!(
        "'{}' object has no attribute '{}'",
        obj.ty().name(),
        n
    ))
}

impl Vm {
    /// `object.__getattribute__(obj, name)`: the generic algorithm.
    pub fn generic_getattr(&mut self, obj: &Value, name: &Value) -> PyResult<Option<Value>> {
        let ty = obj.ty();
        let descr = ty.lookup(name);
        if let Some(d) = &descr {
            if is_data_descriptor(d) {
                return descr_get(self, d, Some(obj), ty).map(Some);
            }
        }
        if let Some(v) = self.own_attribute(obj, name)? {
            return Ok(Some(v));
        }
        match descr {
            Some(d) => descr_get(self, &d, Some(obj), ty).map(Some),
            None => Ok(None),
        }
    }

    /// The attribute `obj` itself holds (an instance's shape or dict, a module's or function's
    /// dict), if any.
    #[inline]
    fn own_attribute(&mut self, obj: &Value, name: &Value) -> PyResult<Option<Value>> {
        if let Some(inst) = obj.payload_exact::<instance::Instance>() {
            return match inst.lookup(obj.ty(), name) {
                instance::Lookup::Found(v) => Ok(Some(v)),
                instance::Lookup::Absent => Ok(None),
                instance::Lookup::InDict(d) => dict::get_item(self, &d, name),
            };
        }
        match instance::instance_dict_to_read(obj) {
            Some(dict) => dict::get_item(self, &dict, name),
            None => Ok(None),
        }
    }

    /// `type.__getattribute__(cls, name)`.
    pub fn type_getattr(&mut self, cls: &Value, name: &Value) -> PyResult<Option<Value>> {
        let t = cls.as_type().expect("type");
        let meta = cls.ty();
        // `type`'s own data descriptors all have dunder names, so other names skip the first
        // metaclass lookup when the metaclass is `type`.
        let early = !std::ptr::eq(meta, &TYPE_TYPE)
            || str::as_str(name).is_some_and(|n| n.starts_with("__"));
        let meta_attr = if early { meta.lookup(name) } else { None };
        if let Some(m) = &meta_attr {
            if is_data_descriptor(m) {
                return descr_get(self, m, Some(cls), meta).map(Some);
            }
        }
        if let Some(attr) = t.lookup(name) {
            return descr_get(self, &attr, None, t).map(Some);
        }
        let meta_attr = if early { meta_attr } else { meta.lookup(name) };
        match meta_attr {
            Some(m) => descr_get(self, &m, Some(cls), meta).map(Some),
            None => Ok(None),
        }
    }

    /// `getattr(obj, name)` returning None instead of raising AttributeError.
    pub fn getattr_value_opt(&mut self, obj: &Value, name: &Value) -> PyResult<Option<Value>> {
        let ty = obj.ty();
        if ty.has_flag(crate::object::typeobj::flags::CUSTOM_GETATTR) {
            if let Some(ga) = ty.lookup_str("__getattribute__") {
                if !is_builtin_getattribute(&ga) {
                    return self.custom_getattr(obj, name, Some(ga));
                }
            }
            let r = match obj.as_type() {
                Some(_) => self.type_getattr(obj, name),
                None => self.generic_getattr(obj, name),
            };
            // `__getattr__` runs when the lookup found nothing or raised AttributeError (a
            // property's getter may), as CPython's `slot_tp_getattr_hook`.
            let missing = match r {
                Ok(Some(v)) => return Ok(Some(v)),
                Ok(None) => None,
                Err(e) if e.is_instance(&ATTRIBUTE_ERROR) => Some(e),
                Err(e) => return Err(e),
            };
            if let Some(gattr) = ty.lookup_str("__getattr__") {
                // Its AttributeError (with its own message) is the one the caller sees.
                let f = descr_get(self, &gattr, Some(obj), ty)?;
                return self.call(&f, std::slice::from_ref(name)).map(Some);
            }
            return match missing {
                Some(e) => Err(e),
                None => Ok(None),
            };
        }
        match obj.as_type() {
            Some(_) => self.type_getattr(obj, name),
            None => {
                if let Some(s) = obj.payload_exact::<descr::Super>() {
                    return self.super_getattr(obj, s, name);
                }
                let r = self.generic_getattr(obj, name)?;
                if r.is_none() {
                    if let Some(m) = obj.payload_exact::<module::Module>() {
                        let d = m.dict.clone();
                        return self.module_missing_attr(obj, &d, name);
                    }
                }
                Ok(r)
            }
        }
    }

    /// A module attribute its dict lacks: `__spec__`/`__loader__` made on first use for
    /// modules the native import system loaded, else the module's own `__getattr__` (PEP 562).
    fn module_missing_attr(
        &mut self,
        module: &Value,
        dict: &Value,
        name: &Value,
    ) -> PyResult<Option<Value>> {
        let n = str::as_str(name).unwrap_or("");
        if n == "__spec__" || n == "__loader__" {
            let Some(spec) = self.module_spec(module)? else {
                return Ok(Some(none()));
            };
            dict::set_str(dict, &str::intern_static("__spec__"), spec.clone());
            let loader = if spec.is_none() {
                none()
            } else {
                self.getattr(&spec, "loader")?
            };
            if dict::lookup_str(dict, &str::intern_static("__loader__")).is_none() {
                dict::set_str(dict, &str::intern_static("__loader__"), loader.clone());
            }
            return Ok(Some(if n == "__spec__" { spec } else { loader }));
        }
        match dict::lookup_str(dict, &str::intern_static("__getattr__")) {
            Some(f) => self.call(&f, std::slice::from_ref(name)).map(Some),
            None => Ok(None),
        }
    }

    fn custom_getattr(
        &mut self,
        obj: &Value,
        name: &Value,
        ga: Option<Value>,
    ) -> PyResult<Option<Value>> {
        let ty = obj.ty();
        let r = match ga {
            Some(ga) => {
                let f = descr_get(self, &ga, Some(obj), ty)?;
                self.call(&f, std::slice::from_ref(name))
            }
            None => Err(no_attribute(obj, name)),
        };
        match r {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_instance(&ATTRIBUTE_ERROR) => {
                if let Some(gattr) = ty.lookup_str("__getattr__") {
                    let f = descr_get(self, &gattr, Some(obj), ty)?;
                    return match self.call(&f, std::slice::from_ref(name)) {
                        Ok(v) => Ok(Some(v)),
                        Err(e2) if e2.is_instance(&ATTRIBUTE_ERROR) => Err(e2),
                        Err(e2) => Err(e2),
                    };
                }
                Err(e)
            }
            Err(e) => Err(e),
        }
    }

    /// `getattr(obj, name)`.
    pub fn getattr_value(&mut self, obj: &Value, name: &Value) -> PyResult {
        match self.getattr_value_opt(obj, name) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(no_attribute(obj, name)),
            Err(e) => Err(e),
        }
    }

    /// `getattr(obj, "name")`.
    pub fn getattr(&mut self, obj: &Value, name: &str) -> PyResult {
        let n = str::intern(name);
        self.getattr_value(obj, &n)
    }

    /// `getattr(obj, "name", None)` semantics: Ok(None) when missing.
    pub fn getattr_opt(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let n = str::intern(name);
        // An AttributeError a `__getattr__` raises means "missing" here too.
        match self.getattr_value_opt(obj, &n) {
            Err(e) if e.is_instance(&ATTRIBUTE_ERROR) => Ok(None),
            r => r,
        }
    }

    /// Attribute lookup from a `super` object.
    fn super_getattr(
        &mut self,
        sup: &Value,
        s: &descr::Super,
        name: &Value,
    ) -> PyResult<Option<Value>> {
        let skip = str::as_str(name) == Some("__class__");
        if let (Some(obj_type), false) = (&s.obj_type, skip) {
            let start = s.ty.word();
            let ot = obj_type.as_type().expect("type");
            let mro = ot.mro.borrow().clone();
            if let Some(pos) = mro.iter().position(|t| t.word() == start) {
                for t in &mro[pos + 1..] {
                    let tt = t.as_type().expect("type");
                    let d = tt.dict.borrow().clone();
                    if let Some(d) = d {
                        if let Some(v) = dict::lookup_str(&d, name) {
                            let obj = s.obj.as_ref().filter(|o| !o.is(obj_type));
                            return descr_get(self, &v, obj, ot).map(Some);
                        }
                    }
                }
            }
        }
        self.generic_getattr(sup, name)
    }

    /// `setattr(obj, name, value)`; `value` None deletes.
    pub fn setattr_value(
        &mut self,
        obj: &Value,
        name: &Value,
        value: Option<Value>,
    ) -> PyResult<()> {
        let ty = obj.ty();
        if ty.has_flag(crate::object::typeobj::flags::CUSTOM_SETATTR) {
            let hook = if value.is_some() {
                "__setattr__"
            } else {
                "__delattr__"
            };
            if let Some(sa) = ty.lookup_str(hook) {
                if !is_builtin_named(&sa, hook) {
                    let f = descr_get(self, &sa, Some(obj), ty)?;
                    let mut args = vec![name.clone()];
                    if let Some(v) = value {
                        args.push(v);
                    }
                    self.call(&f, &args)?;
                    return Ok(());
                }
            }
        }
        self.generic_setattr(obj, name, value)
    }

    /// `object.__setattr__`.
    pub fn generic_setattr(
        &mut self,
        obj: &Value,
        name: &Value,
        value: Option<Value>,
    ) -> PyResult<()> {
        if let Some(t) = obj.as_type() {
            return self.type_setattr(t, name, value);
        }
        let ty = obj.ty();
        if let Some(d) = ty.lookup(name) {
            match d.ty().layout {
                Layout::Property => {
                    let p = d.payload_exact::<descr::Property>().expect("property");
                    let (f, what) = if value.is_some() {
                        (p.fset.borrow().clone(), "setter")
                    } else {
                        (p.fdel.borrow().clone(), "deleter")
                    };
                    return match f.filter(|f| !f.is_none()) {
                        Some(f) => {
                            let mut args = vec![obj.clone()];
                            if let Some(v) = value {
                                args.push(v);
                            }
                            self.call(&f, &args)?;
                            Ok(())
                        }
                        None => Err(attribute_error(format!(
                            "property{} of '{}' object has no {what}",
                            property_name_suffix(self, p),
                            ty.name()
                        ))),
                    };
                }
                Layout::GetSetDescriptor => {
                    let g = d.payload_exact::<descr::GetSet>().expect("getset");
                    return match g.def.set {
                        Some(set) => set(self, obj, value),
                        None => Err(attribute_error(format!(
                            "attribute '{}' of '{}' objects is not writable",
                            g.def.name,
                            ty.name()
                        ))),
                    };
                }
                Layout::Instance | Layout::Native => {
                    let dt = d.ty();
                    let hook = if value.is_some() {
                        "__set__"
                    } else {
                        "__delete__"
                    };
                    if let Some(set) = dt.lookup_str(hook) {
                        let mut args = vec![d.clone(), obj.clone()];
                        if let Some(v) = value {
                            args.push(v);
                        }
                        self.call(&set, &args)?;
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        if let Some(inst) = obj.payload_exact::<instance::Instance>() {
            if !ty.has_flag(crate::object::typeobj::flags::NO_DICT) {
                let dict = match value {
                    Some(v) => match inst.store(ty, name, v) {
                        Ok(()) => return Ok(()),
                        Err((dict, v)) => {
                            return dict::set_item(self, &dict, str::intern_value(name), v)
                        }
                    },
                    None => match inst.dict_to_delete_from(ty, name) {
                        Some(dict) => dict,
                        None => return Err(no_attribute(obj, name)),
                    },
                };
                return match dict::del_item(self, &dict, name)? {
                    Some(_) => Ok(()),
                    None => Err(no_attribute(obj, name)),
                };
            }
        }
        match instance::instance_dict(obj) {
            Some(dict) => match value {
                Some(v) => dict::set_item(self, &dict, str::intern_value(name), v),
                None => match dict::del_item(self, &dict, name)? {
                    Some(_) => Ok(()),
                    None => Err(no_attribute(obj, name)),
                },
            },
            None => {
                if ty.lookup(name).is_some() {
                    Err(attribute_error(format!(
                        "'{}' object attribute '{}' is read-only",
                        ty.name(),
                        str::as_str(name).unwrap_or("?")
                    )))
                } else {
                    Err(no_attribute(obj, name))
                }
            }
        }
    }

    fn type_setattr(&mut self, t: &TypeObject, name: &Value, value: Option<Value>) -> PyResult<()> {
        if !t.is_heap() {
            return Err(type_error(format!(
                "cannot set '{}' attribute of immutable type '{}'",
                str::as_str(name).unwrap_or("?"),
                t.name()
            )));
        }
        let meta = t.to_value();
        let meta = meta.ty();
        if let Some(d) = meta.lookup(name) {
            if is_data_descriptor(&d) {
                if let Some(g) = d.payload_exact::<descr::GetSet>() {
                    if let Some(set) = g.def.set {
                        return set(self, &t.to_value(), value);
                    }
                }
            }
        }
        let d = t.dict_value();
        let n = str::intern_value(name);
        match value {
            Some(v) => dict::set_item(self, &d, n.clone(), v)?,
            None => {
                if dict::del_item(self, &d, &n)?.is_none() {
                    return Err(attribute_error(format!(
                        "type object '{}' has no attribute '{}'",
                        t.name(),
                        str::as_str(name).unwrap_or("?")
                    )));
                }
            }
        }
        t.modified();
        crate::vm::call::update_type_flags(t);
        Ok(())
    }

    pub fn setattr(&mut self, obj: &Value, name: &str, value: Value) -> PyResult<()> {
        let n = str::intern(name);
        self.setattr_value(obj, &n, Some(value))
    }

    /// `LOAD_METHOD`: returns (callable, Some(self)) when `obj.name` is a plain method found on
    /// the type (no bound-method allocation), else (attribute, None).
    pub fn load_method(&mut self, obj: &Value, name: &Value) -> PyResult<(Value, Option<Value>)> {
        let ty = obj.ty();
        let plain = obj.as_type().is_none()
            && !ty.has_flag(crate::object::typeobj::flags::CUSTOM_GETATTR)
            && ty.layout != Layout::Super;
        if plain {
            if let Some(d) = ty.lookup(name) {
                let is_method = match d.ty().layout {
                    Layout::Function => true,
                    Layout::BuiltinFunction => {
                        d.payload_exact::<function::BuiltinFunction>().map(|f| {
                            f.kind == MethodKind::Method && f.self_.is_none() && !f.owner.is_null()
                        }) == Some(true)
                    }
                    _ => false,
                };
                if is_method {
                    if let Some(v) = self.own_attribute(obj, name)? {
                        return Ok((v, None));
                    }
                    return Ok((d, Some(obj.clone())));
                }
            }
        }
        Ok((self.getattr_value(obj, name)?, None))
    }
}

fn is_builtin_getattribute(f: &Value) -> bool {
    match f.payload_exact::<function::BuiltinFunction>() {
        Some(b) => std::ptr::eq(b.owner, &OBJECT_TYPE) || std::ptr::eq(b.owner, &TYPE_TYPE),
        None => false,
    }
}

fn is_builtin_named(f: &Value, _name: &str) -> bool {
    match f.payload_exact::<function::BuiltinFunction>() {
        Some(b) => std::ptr::eq(b.owner, &OBJECT_TYPE) || std::ptr::eq(b.owner, &TYPE_TYPE),
        None => false,
    }
}
