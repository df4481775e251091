//! Quickening (PEP 659): adaptive instructions rewrite themselves into specialized forms for
//! what they have seen, and back when the guess stops holding.
//!
//! An adaptive instruction's unit carries an inline cache (`object::code::InlineCache`). In
//! its base form the cache counts executions down to the next attempt; an attempt either
//! rewrites the unit's opcode into a specialized form (`Opcode::base` names the family) and
//! fills the cache's first entry with the guard values, or fails and waits twice as long as
//! last time. A specialized form checks its guards, does its narrow job, and on a miss does the
//! base form's job instead. A miss on a class the form could serve as well (a subclass seen
//! through a base-class reference) adds an entry for it while there is room; other misses count,
//! and after `MISS_BUDGET` of them the unit turns back into its base form.
//!
//! Guards: a class by address and version tag (`TypeObject::modified` gives a class and its
//! subclasses a new tag on any change to their dicts or bases, and tags are never reused), a
//! dict entry by index and key identity (names are interned, so the key at the cached index
//! is the name itself or the guess is wrong).

use crate::bytecode::units;
use crate::bytecode::Opcode;
use crate::object::code::{CacheEntry, CodeBody, InlineCache};
use crate::object::descr::Property;
use crate::object::error::NativeFn;
use crate::object::function;
use crate::object::instance::Instance;
use crate::object::typeobj::{flags, Layout, TypeObject};
use crate::object::types::{
    MethodKind, DICT_TYPE, FLOAT_TYPE, GENERATOR_TYPE, LIST_ITER_TYPE, LIST_TYPE, MODULE_TYPE,
    PROPERTY_TYPE, RANGE_ITER_TYPE, STR_TYPE, TUPLE_ITER_TYPE, TUPLE_TYPE, TYPE_TYPE,
};
use crate::object::value::Value;
use crate::object::{dict, module, str};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Misses a specialized form takes before it turns back into its base form.
const MISS_BUDGET: u16 = 52;

/// The wait before the next attempt after `failures` failed ones: 16, 32, ... 4096 executions.
fn backoff(failures: u8) -> u16 {
    16u16 << failures.min(8)
}

/// A specialized form and the guard values of one entry, as an attempt found them.
pub struct Guess {
    op: Opcode,
    ty: usize,
    version: u32,
    index: u32,
    shape: usize,
    object: usize,
}

impl Guess {
    fn new(op: Opcode, ty: &TypeObject) -> Guess {
        Guess {
            op,
            ty: ty as *const TypeObject as usize,
            version: ty.version.get(),
            index: 0,
            shape: 0,
            object: 0,
        }
    }

    fn write(&self, e: &CacheEntry) {
        e.ty.set(self.ty);
        e.version.set(self.version);
        e.index.set(self.index);
        e.shape.set(self.shape);
        e.object.set(self.object);
    }
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

/// Ends an attempt of unit `pc`'s base form: specializes it, or waits longer for the next.
pub fn attempt(body: &CodeBody, pc: usize, c: &InlineCache, guess: Option<Guess>) {
    let Some(g) = guess else {
        let b = c.backoff.get();
        c.counter.set(backoff(b));
        c.backoff.set(b.saturating_add(1));
        return;
    };
    for e in &c.entries {
        e.ty.set(0);
    }
    g.write(&c.entries[0]);
    let u = &body.units[pc];
    u.set(units::with_op(u.get(), g.op as u8));
    c.counter.set(MISS_BUDGET);
    c.backoff.set(0);
}

/// A specialized form's guard failed for `obj`: add an entry when the form serves `obj`'s
/// class too and there is room, else count a miss; after too many, unit `pc` turns back into
/// its base form.
#[cold]
#[inline(never)]
pub fn miss(body: &CodeBody, pc: usize, c: &InlineCache, op: Opcode, guess: Option<Guess>) {
    if let Some(g) = guess.filter(|g| g.op == op) {
        let taken = c
            .entries
            .iter()
            .any(|e| e.ty.get() == g.ty && e.shape.get() == g.shape);
        if let Some(free) = c
            .entries
            .iter()
            .find(|e| e.ty.get() == 0)
            .filter(|_| !taken)
        {
            g.write(free);
            return;
        }
    }
    let left = c.counter.get().saturating_sub(1);
    if left > 0 {
        c.counter.set(left);
        return;
    }
    let u = &body.units[pc];
    u.set(units::with_op(u.get(), op.base() as u8));
    let b = c.backoff.get();
    c.counter.set(backoff(b));
    c.backoff.set(b.saturating_add(1));
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
#[inline(always)]
fn exact_module_dict(obj: &Value) -> Option<&Value> {
    if obj.is_small_int() || !std::ptr::eq(obj.ty(), &MODULE_TYPE) {
        return None;
    }
    obj.payload_exact::<module::Module>().map(|m| &m.dict)
}

/// Where `name` itself is a key of `d`.
fn index_of_name(d: &Value, name: &Value) -> Option<u32> {
    let i = dict::lookup_str_index(d, name)?;
    dict::value_if_key_at(d, i, name).map(|_| i as u32)
}

/// An attribute of a plain module, read from its dict.
fn guess_module_attr(obj: &Value, name: &Value, op: Opcode) -> Option<Guess> {
    let d = exact_module_dict(obj)?;
    if MODULE_TYPE.lookup(name).is_some() {
        return None;
    }
    let mut g = Guess::new(op, &MODULE_TYPE);
    g.index = index_of_name(d, name)?;
    Some(g)
}

/// An instance attribute its shape holds, read or written in place (no data descriptor of the
/// class takes it over; for writes, no `__setattr__` of its own).
fn guess_instance_attr(obj: &Value, name: &Value, op: Opcode, store: bool) -> Option<Guess> {
    let ty = plain_instance_class(obj)?;
    if store && ty.has_flag(flags::CUSTOM_SETATTR) {
        return None;
    }
    if ty
        .lookup(name)
        .is_some_and(|d| super::attr::is_data_descriptor(&d))
    {
        return None;
    }
    let inst = obj.payload_exact::<Instance>()?;
    let mut g = Guess::new(op, ty);
    g.index = inst.shape_index(ty, name)? as u32;
    g.shape = inst.shape_id();
    Some(g)
}

/// `STORE_ATTR`'s form: an attribute the instance's `__dict__` already holds.
pub fn guess_store_attr(obj: &Value, name: &Value) -> Option<Guess> {
    guess_instance_attr(obj, name, Opcode::STORE_ATTR_INSTANCE, true)
        .or_else(|| guess_add_attr(obj, name))
}

/// `STORE_ATTR`'s form for a name the instance does not have yet (its shape gets a child).
fn guess_add_attr(obj: &Value, name: &Value) -> Option<Guess> {
    let ty = plain_instance_class(obj)?;
    if ty.has_flag(flags::CUSTOM_SETATTR)
        || ty
            .lookup(name)
            .is_some_and(|d| super::attr::is_data_descriptor(&d))
    {
        return None;
    }
    let inst = obj.payload_exact::<Instance>()?;
    if !inst.can_add(name) {
        return None;
    }
    let next = inst.shape_adding(name)?;
    let mut g = Guess::new(Opcode::STORE_ATTR_ADD, ty);
    g.shape = inst.shape_id();
    // The shape tree holds its children: the child lives as long as the cached shape.
    g.object = std::rc::Rc::as_ptr(&next) as usize;
    Some(g)
}

/// `STORE_ATTR_ADD`: adds the attribute and returns Ok, or gives the value back on a miss.
#[inline(always)]
pub fn store_attr_add(
    c: &InlineCache,
    obj: &Value,
    name: &Value,
    value: Value,
) -> Result<(), Value> {
    let Some(inst) = obj.payload_exact::<Instance>() else {
        return Err(value);
    };
    let Some(e) = c.entry_for_shape(obj.ty(), inst.shape_id()) else {
        return Err(value);
    };
    let next = e.object.get() as *const crate::object::shape::Shape;
    debug_assert!(inst
        .shape_adding(name)
        .is_some_and(|s| std::rc::Rc::as_ptr(&s) == next));
    // SAFETY: the entry's shape is the instance's, alive, and a shape holds its children, so
    // `next` (the child adding this instruction's name, cached with it) is alive; the count
    // taken here is the reference the instance keeps.
    let next = unsafe {
        std::rc::Rc::increment_strong_count(next);
        std::rc::Rc::from_raw(next)
    };
    inst.add_moving_to(obj.ty(), next, value);
    Ok(())
}

/// `LOAD_ATTR`'s forms: a module attribute, an instance's `__dict__` entry, or a class
/// attribute read through an instance.
pub fn guess_load_attr(obj: &Value, name: &Value) -> Option<Guess> {
    guess_module_attr(obj, name, Opcode::LOAD_ATTR_MODULE)
        .or_else(|| guess_instance_attr(obj, name, Opcode::LOAD_ATTR_INSTANCE, false))
        .or_else(|| guess_class_attr(obj, name))
        .or_else(|| guess_property(obj, name))
}

/// `LOAD_ATTR_PROPERTY`: `obj.name` is an exact `property` of `obj`'s class whose getter is
/// a Python function (a data descriptor: the instance's own attributes do not matter; and a
/// class without `__getattr__`, which would see the getter's AttributeError).
fn guess_property(obj: &Value, name: &Value) -> Option<Guess> {
    let ty = plain_instance_class(obj)?;
    let prop = ty.lookup(name)?;
    property_getter(&prop)?;
    let mut g = Guess::new(Opcode::LOAD_ATTR_PROPERTY, ty);
    g.object = prop.word();
    Some(g)
}

/// The getter of an exact `property` when it is a Python function (a new reference).
fn property_getter(prop: &Value) -> Option<Value> {
    if prop.is_small_int() || !std::ptr::eq(prop.ty(), &PROPERTY_TYPE) {
        return None;
    }
    let p = prop.payload_exact::<Property>()?;
    let fget = p.fget.borrow().clone()?;
    fget.payload_exact::<function::Function>()?;
    Some(fget)
}

/// `LOAD_ATTR_PROPERTY`: the getter to call with `obj` (a new reference), or None on a miss.
#[inline(always)]
pub fn load_attr_property(c: &InlineCache, obj: &Value) -> Option<Value> {
    let prop = load_class_value(c, obj)?;
    // The class still holds the cached property, but `property.__init__` may have given it
    // another getter: it is read from the property each time.
    property_getter(&prop)
}

/// `LOAD_ATTR_CLASS`: `obj.name` found on `obj`'s class (not in the instance), a value of a
/// built-in type without `__get__` (an int, a str, a tuple...: no descriptor, and its type
/// cannot gain one), so the attribute is that value itself.
fn guess_class_attr(obj: &Value, name: &Value) -> Option<Guess> {
    let ty = plain_instance_class(obj)?;
    let v = ty.lookup(name)?;
    let vt = v.ty();
    if vt.is_heap() || vt.lookup_str("__get__").is_some() {
        return None;
    }
    let inst = obj.payload_exact::<Instance>()?;
    if inst.dict_if_made(ty).is_some() || inst.shape_index(ty, name).is_some() {
        return None;
    }
    let mut g = Guess::new(Opcode::LOAD_ATTR_CLASS, ty);
    g.shape = inst.shape_id();
    g.object = v.word();
    Some(g)
}

/// The form the adaptive instruction at `pc` has taken, with its inline cache: compiled
/// code's helpers take the interpreter's specialized paths through the same caches.
pub fn form_at(body: &CodeBody, pc: usize) -> Option<(Opcode, &InlineCache)> {
    let unit = body.units.get(pc)?.get();
    let op = Opcode::from_u8(units::op_of(unit))?;
    if !op.base().is_adaptive() {
        return None;
    }
    Some((op, body.caches.get(units::cache_of(unit))?))
}

/// What a `LOAD_ATTR` form reads through its cache (a new reference), or None on a miss and
/// for the forms that do not answer in place (`LOAD_ATTR_PROPERTY` runs a frame).
#[inline(always)]
pub fn load_attr_hit(op: Opcode, c: &InlineCache, obj: &Value, name: &Value) -> Option<Value> {
    match op {
        Opcode::LOAD_ATTR_INSTANCE => load_attr_instance(c, obj),
        Opcode::LOAD_ATTR_MODULE => load_attr_module(c, obj, name),
        Opcode::LOAD_ATTR_CLASS => load_class_value(c, obj),
        _ => None,
    }
}

/// What a `LOAD_METHOD` form reads through its cache: the callable, and whether `obj` is its
/// self (a method of the class) or not (a module's function); None on a miss.
#[inline(always)]
pub fn load_method_hit(
    op: Opcode,
    c: &InlineCache,
    obj: &Value,
    name: &Value,
) -> Option<(Value, bool)> {
    match op {
        Opcode::LOAD_METHOD_CACHED => load_class_value(c, obj).map(|m| (m, true)),
        Opcode::LOAD_METHOD_MODULE => load_attr_module(c, obj, name).map(|m| (m, false)),
        _ => None,
    }
}

/// A `STORE_ATTR` form's store through its cache: Ok, or the value back on a miss.
#[inline(always)]
pub fn store_attr_hit(
    op: Opcode,
    c: &InlineCache,
    obj: &Value,
    name: &Value,
    value: Value,
) -> Result<(), Value> {
    match op {
        Opcode::STORE_ATTR_INSTANCE => store_attr_instance(c, obj, value),
        Opcode::STORE_ATTR_ADD => store_attr_add(c, obj, name, value),
        _ => Err(value),
    }
}

/// `LOAD_ATTR_INSTANCE`: the attribute, or None on a miss.
#[inline(always)]
pub fn load_attr_instance(c: &InlineCache, obj: &Value) -> Option<Value> {
    let inst = obj.payload_exact::<Instance>()?;
    let e = c.entry_for_shape(obj.ty(), inst.shape_id())?;
    inst.value_at(e.index.get() as usize)
}

/// `LOAD_ATTR_MODULE` and `LOAD_METHOD_MODULE`: the attribute, or None on a miss.
#[inline(always)]
pub fn load_attr_module(c: &InlineCache, obj: &Value, name: &Value) -> Option<Value> {
    let index = c.entries[0].index.get() as usize;
    dict::value_if_key_at(exact_module_dict(obj)?, index, name)
}

/// `STORE_ATTR_INSTANCE`: stores and returns Ok, or gives the value back on a miss.
#[inline(always)]
pub fn store_attr_instance(c: &InlineCache, obj: &Value, value: Value) -> Result<(), Value> {
    let Some(inst) = obj.payload_exact::<Instance>() else {
        return Err(value);
    };
    let Some(e) = c.entry_for_shape(obj.ty(), inst.shape_id()) else {
        return Err(value);
    };
    drop(inst.replace_at(e.index.get() as usize, value));
    Ok(())
}

/// `LOAD_METHOD`'s forms: a plain module's function, or a plain method of `obj`'s class
/// that can be pushed without binding it.
pub fn guess_load_method(obj: &Value, name: &Value) -> Option<Guess> {
    if let Some(g) = guess_module_attr(obj, name, Opcode::LOAD_METHOD_MODULE) {
        return Some(g);
    }
    if obj.is_small_int() || obj.as_type().is_some() {
        return None;
    }
    let ty = obj.ty();
    if ty.has_flag(flags::CUSTOM_GETATTR) || ty.layout == Layout::Super {
        return None;
    }
    // Instances may shadow the method in their `__dict__`; other objects with a dict (modules,
    // functions, exceptions) are left to the generic path.
    let check_dict = match ty.layout {
        Layout::Instance => !ty.has_flag(flags::NO_DICT),
        _ if crate::object::instance::instance_dict(obj).is_some() => return None,
        _ => false,
    };
    let m = ty.lookup(name)?;
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
        return None;
    }
    let mut g = Guess::new(Opcode::LOAD_METHOD_CACHED, ty);
    if check_dict {
        // The shape says the instance has no attribute of that name; an instance keeping a
        // dict is left to the generic path.
        let inst = obj.payload_exact::<Instance>()?;
        if inst.dict_if_made(ty).is_some() || inst.shape_index(ty, name).is_some() {
            return None;
        }
        g.shape = inst.shape_id();
    }
    g.object = m.word();
    Some(g)
}

/// `LOAD_METHOD_CACHED` and `LOAD_ATTR_CLASS`: the value the class holds (a new reference),
/// or None on a miss.
#[inline(always)]
pub fn load_class_value(c: &InlineCache, obj: &Value) -> Option<Value> {
    if obj.is_small_int() {
        return None;
    }
    let ty = obj.ty();
    let shape = obj
        .payload_exact::<Instance>()
        .map_or(0, Instance::shape_id);
    let (addr, version) = (ty as *const TypeObject as usize, ty.version.get());
    let e = c.entries.iter().find(|e| {
        e.ty.get() == addr
            && e.version.get() == version
            && (e.shape.get() == 0 || e.shape.get() == shape)
    })?;
    // SAFETY: the class still has the version it had when the value was cached, so its MRO
    // still holds the value (any change to a class dict or base gives a new version).
    let m = std::mem::ManuallyDrop::new(unsafe { Value::from_raw(e.object.get()) });
    Some((*m).clone())
}

/// Native functions that `CALL` forms recognize. The modules that define them register them
/// (`register_native`): the VM sits below those modules and does not name their functions.
#[derive(Copy, Clone)]
pub enum Native {
    Len,
    IsInstance,
    ListAppend,
}

static NATIVES: [AtomicUsize; 3] = [const { AtomicUsize::new(0) }; 3];

/// Records which function `which` is.
pub fn register_native(which: Native, f: NativeFn) {
    NATIVES[which as usize].store(f as usize, Ordering::Relaxed);
}

/// Whether `callable` is a built-in function (or method descriptor) running `which`.
#[inline(always)]
pub fn is_native(callable: &Value, which: Native) -> bool {
    callable
        .payload_exact::<function::BuiltinFunction>()
        .is_some_and(|b| b.func as usize == NATIVES[which as usize].load(Ordering::Relaxed))
}

/// A form for a type-only guard (the guard is the form itself: no entry to compare).
fn form(op: Opcode) -> Option<Guess> {
    Some(Guess {
        op,
        ty: 0,
        version: 0,
        index: 0,
        shape: 0,
        object: 0,
    })
}

/// `BINARY_SUBSCR`'s form for `container[key]`.
pub fn guess_subscr(container: &Value, key: &Value) -> Option<Guess> {
    if container.is_type(&DICT_TYPE) {
        form(Opcode::BINARY_SUBSCR_DICT)
    } else if !key.is_small_int() {
        None
    } else if container.is_type(&LIST_TYPE) {
        form(Opcode::BINARY_SUBSCR_LIST_INT)
    } else if container.is_type(&TUPLE_TYPE) {
        form(Opcode::BINARY_SUBSCR_TUPLE_INT)
    } else {
        None
    }
}

/// `STORE_SUBSCR`'s form for `container[key] = value`.
pub fn guess_store_subscr(container: &Value, key: &Value) -> Option<Guess> {
    if container.is_type(&DICT_TYPE) {
        form(Opcode::STORE_SUBSCR_DICT)
    } else if key.is_small_int() && container.is_type(&LIST_TYPE) {
        form(Opcode::STORE_SUBSCR_LIST_INT)
    } else {
        None
    }
}

/// `BINARY_OP`'s form for `a <op> b` (`arg` as the instruction's).
pub fn guess_binary_op(a: &Value, b: &Value, arg: u32) -> Option<Guess> {
    let float_like = |v: &Value| v.is_type(&FLOAT_TYPE) || v.is_small_int();
    if a.is_small_int() && b.is_small_int() {
        form(Opcode::BINARY_OP_INT)
    } else if a.is_type(&FLOAT_TYPE) && b.is_type(&FLOAT_TYPE) {
        form(match arg {
            0 | 13 => Opcode::BINARY_OP_ADD_FLOAT,
            10 | 23 => Opcode::BINARY_OP_SUBTRACT_FLOAT,
            5 | 18 => Opcode::BINARY_OP_MULTIPLY_FLOAT,
            11 | 24 => Opcode::BINARY_OP_TRUE_DIVIDE_FLOAT,
            _ => Opcode::BINARY_OP_FLOAT,
        })
    } else if float_like(a) && float_like(b) {
        form(Opcode::BINARY_OP_FLOAT)
    } else if matches!(arg, 0 | 13) && a.is_type(&STR_TYPE) && b.is_type(&STR_TYPE) {
        form(Opcode::BINARY_OP_ADD_UNICODE)
    } else {
        None
    }
}

/// Whether the subscript instruction `op` (`BINARY_SUBSCR`, `STORE_SUBSCR` or one of their
/// forms) serves `container[key]`: a form serves the operands its guess would choose it for;
/// the base instructions serve anything.
pub fn subscr_served(op: Opcode, container: &Value, key: &Value) -> bool {
    let guess = match op {
        Opcode::BINARY_SUBSCR | Opcode::STORE_SUBSCR => return true,
        Opcode::STORE_SUBSCR_LIST_INT | Opcode::STORE_SUBSCR_DICT => {
            guess_store_subscr(container, key)
        }
        _ => guess_subscr(container, key),
    };
    guess.is_some_and(|g| g.op == op)
}

/// `FOR_ITER`'s form for the iterator `it`.
pub fn guess_for_iter(it: &Value) -> Option<Guess> {
    if it.is_type(&RANGE_ITER_TYPE) {
        form(Opcode::FOR_ITER_RANGE)
    } else if it.is_type(&LIST_ITER_TYPE) {
        form(Opcode::FOR_ITER_LIST)
    } else if it.is_type(&TUPLE_ITER_TYPE) {
        form(Opcode::FOR_ITER_TUPLE)
    } else if it.is_type(&GENERATOR_TYPE) {
        form(Opcode::FOR_ITER_GEN)
    } else {
        None
    }
}

/// `UNPACK_SEQUENCE`'s form for unpacking `seq` into `n` targets.
pub fn guess_unpack(seq: &Value, n: u32) -> Option<Guess> {
    if let Some(t) = seq.payload_exact::<crate::object::tuple::Tuple>() {
        if t.len() == n as usize {
            return form(if n == 2 {
                Opcode::UNPACK_SEQUENCE_TWO_TUPLE
            } else {
                Opcode::UNPACK_SEQUENCE_TUPLE
            });
        }
    }
    if seq.is_type(&LIST_TYPE) {
        return form(Opcode::UNPACK_SEQUENCE_LIST);
    }
    None
}

/// `CALL`'s form for calling `callable` with `self_or_null` and `argc` more arguments.
pub fn guess_call(callable: &Value, self_or_null: &Value, argc: usize) -> Option<Guess> {
    let has_self = !self_or_null.is_null();
    let exact_args = |func: &Value, n: usize| {
        func.payload_exact::<function::Function>().is_some_and(|f| {
            f.code
                .borrow()
                .payload_exact::<crate::object::code::Code>()
                .is_some_and(|c| c.direct_argc as usize == n && !c.is_resumable())
        })
    };
    if exact_args(callable, argc + has_self as usize) {
        return form(Opcode::CALL_PY_EXACT_ARGS);
    }
    if crate::vm::call::makes_generator_with(callable, argc + has_self as usize) {
        return form(Opcode::CALL_PY_GENERATOR);
    }
    if let Some(m) = callable.payload_exact::<function::BoundMethod>() {
        if !has_self && exact_args(&m.func, argc + 1) {
            return form(Opcode::CALL_BOUND_METHOD_EXACT_ARGS);
        }
        return None;
    }
    if let Some(b) = callable.payload_exact::<function::BuiltinFunction>() {
        if !has_self && argc == 1 && is_native(callable, Native::Len) {
            return form(Opcode::CALL_BUILTIN_LEN);
        }
        if !has_self && argc == 2 && is_native(callable, Native::IsInstance) {
            return form(Opcode::CALL_BUILTIN_ISINSTANCE);
        }
        if has_self && argc == 1 && is_native(callable, Native::ListAppend) {
            return form(Opcode::CALL_LIST_APPEND);
        }
        return crate::vm::call::NativeCall::of(b, has_self).and(form(Opcode::CALL_BUILTIN));
    }
    if !has_self
        && argc == 1
        && callable
            .as_type()
            .is_some_and(|t| std::ptr::eq(t, &TYPE_TYPE))
    {
        return form(Opcode::CALL_BUILTIN_TYPE_1);
    }
    guess_builtin_class(callable, self_or_null)
        .or_else(|| guess_alloc_and_enter_init(callable, self_or_null))
}

/// A built-in class of metaclass `type` made the plain way: a Rust `__new__` of its own (not
/// `object`'s), and `object.__init__` or a Rust `__init__`.
fn guess_builtin_class(callable: &Value, self_or_null: &Value) -> Option<Guess> {
    let cls = callable.as_type()?;
    if !self_or_null.is_null()
        || !std::ptr::eq(callable.ty(), &TYPE_TYPE)
        || std::ptr::eq(cls, &TYPE_TYPE)
        || cls.is_heap()
        || cls.has_flag(flags::DISALLOW_INSTANTIATION)
    {
        return None;
    }
    use crate::builtins::methods::object::is_object_method;
    let new = crate::vm::call::type_new_function(cls)?;
    let new_fn = new.payload_exact::<function::BuiltinFunction>()?;
    if is_object_method(&new, "__new__")
        || new_fn.kind != crate::object::types::MethodKind::Static
        || new_fn.self_.is_some()
    {
        return None;
    }
    let init = cls.lookup_str("__init__")?;
    let init_word = if is_object_method(&init, "__init__") {
        0
    } else {
        let b = init.payload_exact::<function::BuiltinFunction>()?;
        if b.kind != crate::object::types::MethodKind::Method || b.self_.is_some() {
            return None;
        }
        init.word()
    };
    let mut g = Guess::new(Opcode::CALL_BUILTIN_CLASS, cls);
    g.object = new.word();
    g.shape = init_word;
    Some(g)
}

/// `CALL_BUILTIN_CLASS`: the class's `__new__` and `__init__` (None for `object`'s) when
/// `callable` is a cached built-in class called without a self; None on a miss.
#[inline(always)]
pub fn builtin_class_for(
    c: &InlineCache,
    callable: &Value,
    self_or_null: &Value,
) -> Option<(NativeFn, Option<NativeFn>)> {
    let cls = callable.as_type()?;
    if !self_or_null.is_null() {
        return None;
    }
    let e = c.entry_for(cls)?;
    let native = |word: usize| {
        // SAFETY: the class has the version it had when the entry was made (built-in classes
        // never change), so its MRO still holds the function, which the entry borrows.
        let f = std::mem::ManuallyDrop::new(unsafe { Value::from_raw(word) });
        f.payload_exact::<function::BuiltinFunction>()
            .expect("cached built-in function")
            .func
    };
    let init = e.shape.get();
    Some((native(e.object.get()), (init != 0).then(|| native(init))))
}

/// A class instantiated the plain way: `type.__call__`, `object.__new__`, and a Python
/// `__init__` that is not a generator.
fn guess_alloc_and_enter_init(callable: &Value, self_or_null: &Value) -> Option<Guess> {
    let cls = callable.as_type()?;
    if !self_or_null.is_null()
        || !std::ptr::eq(callable.ty(), &TYPE_TYPE)
        || cls.layout != Layout::Instance
        || !cls.is_heap()
        || cls.has_flag(flags::DISALLOW_INSTANTIATION)
    {
        return None;
    }
    let plain_new = cls
        .lookup_str("__new__")
        .is_some_and(|n| crate::builtins::methods::object::is_object_method(&n, "__new__"));
    let is_abstract =
        cls.dict.borrow().as_ref().is_some_and(|d| {
            dict::lookup_str(d, &str::intern_static("__abstractmethods__")).is_some()
        });
    if !plain_new || is_abstract {
        return None;
    }
    let init = cls.lookup_str("__init__")?;
    let f = init.payload_exact::<function::Function>()?;
    let resumable = f
        .code
        .borrow()
        .payload_exact::<crate::object::code::Code>()
        .is_none_or(|code| code.is_resumable());
    if resumable {
        return None;
    }
    let mut g = Guess::new(Opcode::CALL_ALLOC_AND_ENTER_INIT, cls);
    g.object = init.word();
    Some(g)
}

/// `CALL_ALLOC_AND_ENTER_INIT`: the `__init__` to run (a new reference) when `callable` is a
/// cached class, unchanged, called without a self; None on a miss.
#[inline(always)]
pub fn init_for(c: &InlineCache, callable: &Value, self_or_null: &Value) -> Option<Value> {
    let cls = callable.as_type()?;
    if !self_or_null.is_null() || !std::ptr::eq(callable.ty(), &TYPE_TYPE) {
        return None;
    }
    let e = c.entry_for(cls)?;
    // SAFETY: the class has the version it had when `__init__` was cached, so its MRO still
    // holds that function.
    let init = std::mem::ManuallyDrop::new(unsafe { Value::from_raw(e.object.get()) });
    Some((*init).clone())
}
