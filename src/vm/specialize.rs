//! Quickening (PEP 659): adaptive instructions rewrite themselves into specialized forms for
//! what they have seen, and back when the guess stops holding.
//!
//! An adaptive instruction's unit carries an inline cache (`object::code::InlineCache`). In
//! its base form the cache counts executions down to the next attempt; an attempt either
//! rewrites the unit's opcode into a specialized form (`Opcode::base` names the family) and
//! fills the cache with the guard values, or fails and waits twice as long as last time. A
//! specialized form checks its guards, does its narrow job, and on a miss does the base form's
//! job instead; after `MISS_BUDGET` misses it turns back into the base form.
//!
//! Guards: a class by address and version tag (`TypeObject::modified` gives a class and its
//! subclasses a new tag on any change to their dicts or bases, and tags are never reused), a
//! dict entry by index and key identity (names are interned, so the key at the cached index
//! is the name itself or the guess is wrong).

use crate::bytecode::units;
use crate::bytecode::Opcode;
use crate::object::code::{CodeBody, InlineCache};
use crate::object::function;
use crate::object::instance::Instance;
use crate::object::typeobj::{flags, Layout, TypeObject};
use crate::object::types::{MethodKind, MODULE_TYPE};
use crate::object::value::Value;
use crate::object::{dict, module};

/// Misses a specialized form takes before it turns back into its base form.
const MISS_BUDGET: u16 = 52;

/// The wait before the next attempt after `failures` failed ones: 16, 32, ... 4096 executions.
fn backoff(failures: u8) -> u16 {
    16u16 << failures.min(8)
}

/// Rewrites unit `pc` into `op` (a form of its family), with a fresh miss budget.
fn specialize(body: &CodeBody, pc: usize, c: &InlineCache, op: Opcode) {
    let u = &body.units[pc];
    u.set(units::with_op(u.get(), op as u8));
    c.counter.set(MISS_BUDGET);
    c.backoff.set(0);
}

/// An attempt failed: wait longer before the next.
fn fail(c: &InlineCache) {
    let b = c.backoff.get();
    c.counter.set(backoff(b));
    c.backoff.set(b.saturating_add(1));
}

/// A specialized form's guard failed; after too many, unit `pc` turns back into `base`.
#[cold]
pub fn miss(body: &CodeBody, pc: usize, c: &InlineCache, base: Opcode) {
    let left = c.counter.get().saturating_sub(1);
    if left > 0 {
        c.counter.set(left);
        return;
    }
    let u = &body.units[pc];
    u.set(units::with_op(u.get(), base as u8));
    fail(c);
}

/// The base form's count-down: true when this execution should try to specialize.
#[inline(always)]
pub fn due(c: &InlineCache) -> bool {
    let n = c.counter.get();
    if n == 0 {
        return true;
    }
    c.counter.set(n - 1);
    false
}

/// The class of `obj` when its instances keep attributes in a `__dict__` that attribute
/// access reads the generic way (no `__getattribute__`/`__getattr__` of its own).
fn plain_instance_class(obj: &Value) -> Option<&TypeObject> {
    if obj.is_small_int() {
        return None;
    }
    let ty = obj.ty();
    (ty.layout == Layout::Instance
        && ty.is_heap()
        && !ty.has_flag(flags::CUSTOM_GETATTR)
        && !ty.has_flag(flags::NO_DICT))
    .then_some(ty)
}

/// The dict of an exact module.
fn exact_module_dict(obj: &Value) -> Option<&Value> {
    if obj.is_small_int() || !std::ptr::eq(obj.ty(), &MODULE_TYPE) {
        return None;
    }
    obj.payload_exact::<module::Module>().map(|m| &m.dict)
}

/// Where `name` itself is a key of `d`.
fn index_of_name(d: &Value, name: &Value) -> Option<usize> {
    let i = dict::lookup_str_index(d, name)?;
    dict::value_if_key_at(d, i, name).map(|_| i)
}

fn guard_class(c: &InlineCache, ty: &TypeObject) {
    c.ty.set(ty as *const TypeObject as usize);
    c.version.set(ty.version.get());
}

/// Whether `obj`'s class is the one the cache was made for, unchanged.
#[inline(always)]
fn class_matches(c: &InlineCache, obj: &Value) -> bool {
    if obj.is_small_int() {
        return false;
    }
    let ty = obj.ty();
    ty as *const TypeObject as usize == c.ty.get() && ty.version.get() == c.version.get()
}

/// `LOAD_ATTR`: tries to specialize unit `pc` for `obj.name`.
pub fn load_attr(body: &CodeBody, pc: usize, c: &InlineCache, obj: &Value, name: &Value) {
    if let Some(d) = exact_module_dict(obj) {
        if MODULE_TYPE.lookup(name).is_none() {
            if let Some(i) = index_of_name(d, name) {
                c.index.set(i as u32);
                return specialize(body, pc, c, Opcode::LOAD_ATTR_MODULE);
            }
        }
    } else if let Some(ty) = plain_instance_class(obj) {
        let shadowing = ty.lookup(name);
        if !shadowing
            .as_ref()
            .is_some_and(super::attr::is_data_descriptor)
        {
            let inst = obj.payload_exact::<Instance>().expect("instance layout");
            if let Some(i) = index_of_name(&inst.dict, name) {
                guard_class(c, ty);
                c.index.set(i as u32);
                return specialize(body, pc, c, Opcode::LOAD_ATTR_INSTANCE);
            }
        }
    }
    fail(c);
}

/// `LOAD_ATTR_INSTANCE`: the attribute, or None on a miss.
#[inline(always)]
pub fn load_attr_instance(c: &InlineCache, obj: &Value, name: &Value) -> Option<Value> {
    if !class_matches(c, obj) {
        return None;
    }
    let inst = obj.payload_exact::<Instance>()?;
    dict::value_if_key_at(&inst.dict, c.index.get() as usize, name)
}

/// `LOAD_ATTR_MODULE` and `LOAD_METHOD_MODULE`: the attribute, or None on a miss.
#[inline(always)]
pub fn load_attr_module(c: &InlineCache, obj: &Value, name: &Value) -> Option<Value> {
    dict::value_if_key_at(exact_module_dict(obj)?, c.index.get() as usize, name)
}

/// `STORE_ATTR`: tries to specialize unit `pc` for `obj.name = ...` (made when the instance
/// already has the attribute).
pub fn store_attr(body: &CodeBody, pc: usize, c: &InlineCache, obj: &Value, name: &Value) {
    if let Some(ty) = plain_instance_class(obj).filter(|t| !t.has_flag(flags::CUSTOM_SETATTR)) {
        let shadowing = ty.lookup(name);
        if !shadowing
            .as_ref()
            .is_some_and(super::attr::is_data_descriptor)
        {
            let inst = obj.payload_exact::<Instance>().expect("instance layout");
            if let Some(i) = index_of_name(&inst.dict, name) {
                guard_class(c, ty);
                c.index.set(i as u32);
                return specialize(body, pc, c, Opcode::STORE_ATTR_INSTANCE);
            }
        }
    }
    fail(c);
}

/// `STORE_ATTR_INSTANCE`: stores and returns Ok, or gives the value back on a miss.
#[inline(always)]
pub fn store_attr_instance(
    c: &InlineCache,
    obj: &Value,
    name: &Value,
    value: Value,
) -> Result<(), Value> {
    if !class_matches(c, obj) {
        return Err(value);
    }
    match obj.payload_exact::<Instance>() {
        Some(inst) => dict::replace_if_key_at(&inst.dict, c.index.get() as usize, name, value),
        None => Err(value),
    }
}

/// `LOAD_METHOD`: tries to specialize unit `pc` for `obj.name(...)`.
pub fn load_method(body: &CodeBody, pc: usize, c: &InlineCache, obj: &Value, name: &Value) {
    if let Some(d) = exact_module_dict(obj) {
        if MODULE_TYPE.lookup(name).is_none() {
            if let Some(i) = index_of_name(d, name) {
                c.index.set(i as u32);
                return specialize(body, pc, c, Opcode::LOAD_METHOD_MODULE);
            }
        }
        return fail(c);
    }
    if obj.is_small_int() || obj.as_type().is_some() {
        return fail(c);
    }
    let ty = obj.ty();
    if ty.has_flag(flags::CUSTOM_GETATTR) || ty.layout == Layout::Super {
        return fail(c);
    }
    // Instances may shadow the method in their `__dict__`; other objects with a dict (modules,
    // functions, exceptions) are left to the generic path.
    let check_dict = match ty.layout {
        Layout::Instance => !ty.has_flag(flags::NO_DICT),
        _ if crate::object::instance::instance_dict(obj).is_some() => return fail(c),
        _ => false,
    };
    let Some(m) = ty.lookup(name) else {
        return fail(c);
    };
    let is_method = match m.ty().layout {
        Layout::Function => true,
        Layout::BuiltinFunction => {
            m.payload_exact::<function::BuiltinFunction>()
                .is_some_and(|f| {
                    f.kind == MethodKind::Method && f.self_.is_none() && !f.owner.is_null()
                })
        }
        _ => false,
    };
    if !is_method {
        return fail(c);
    }
    if check_dict {
        let inst = obj.payload_exact::<Instance>().expect("instance layout");
        if dict::lookup_str_index(&inst.dict, name).is_some() {
            return fail(c);
        }
    }
    guard_class(c, ty);
    c.object.set(m.word());
    c.check_dict.set(check_dict);
    specialize(body, pc, c, Opcode::LOAD_METHOD_CACHED);
}

/// `LOAD_METHOD_CACHED`: the method (a new reference), or None on a miss.
#[inline(always)]
pub fn load_method_cached(c: &InlineCache, obj: &Value, name: &Value) -> Option<Value> {
    if !class_matches(c, obj) {
        return None;
    }
    if c.check_dict.get() {
        let inst = obj.payload_exact::<Instance>()?;
        if dict::lookup_str_index(&inst.dict, name).is_some() {
            return None;
        }
    }
    // SAFETY: the class still has the version it had when the method was cached, so its MRO
    // still holds the method (any change to a class dict or base gives a new version).
    let m = std::mem::ManuallyDrop::new(unsafe { Value::from_raw(c.object.get()) });
    Some((*m).clone())
}
