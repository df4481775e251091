//! Instances of classes defined in Python.
//!
//! Attributes live in a dict. An instance of a class derived from a built-in type (list, int,
//! dict, ...) wraps a value of that built-in type in `base_value`, to which the built-in's
//! methods are applied (see `Value::payload`). Values of `__slots__` live in `slots`, one
//! cell per slot of the class and its bases, read and written by member descriptors.

use super::typeobj::{Layout, TypeObject};
use super::value::{Payload, Value};

pub struct Instance {
    pub dict: Value,
    pub base_value: Option<Value>,
    /// `__del__` has run (it runs at most once per object).
    pub finalized: std::cell::Cell<bool>,
    /// Weak references to this object (raw words; each weakref removes itself when freed).
    pub weakrefs: std::cell::RefCell<Vec<usize>>,
    /// The `__slots__` values (None while unset).
    pub slots: Box<[std::cell::RefCell<Option<Value>>]>,
}

impl Instance {
    /// Slot `i`'s value.
    pub fn slot(&self, i: usize) -> Option<Value> {
        self.slots.get(i)?.borrow().clone()
    }

    /// Sets (or with None, clears) slot `i`; the old value.
    pub fn set_slot(&self, i: usize, v: Option<Value>) -> Option<Value> {
        self.slots.get(i).and_then(|c| c.replace(v))
    }
}

impl Payload for Instance {
    const LAYOUT: Layout = Layout::Instance;
}

pub fn new_instance(ty: &TypeObject, base_value: Option<Value>) -> Value {
    new_instance_with_dict(ty, base_value, super::dict::new_dict())
}

/// An instance whose attribute dict is `dict` (a module subclass's instance shares its
/// module's dict, so attributes set either way are one namespace, as in CPython).
pub fn new_instance_with_dict(ty: &TypeObject, base_value: Option<Value>, dict: Value) -> Value {
    super::alloc::alloc(
        ty,
        Instance {
            finalized: std::cell::Cell::new(false),
            weakrefs: std::cell::RefCell::new(Vec::new()),
            dict,
            base_value,
            slots: (0..ty.slot_count.get())
                .map(|_| std::cell::RefCell::new(None))
                .collect(),
        },
    )
}

/// The attribute dict of an object that has one (instances, exceptions, functions, modules,
/// types).
pub fn instance_dict(v: &Value) -> Option<Value> {
    if v.is_small_int() {
        return None;
    }
    match v.ty().layout {
        Layout::Instance if v.ty().has_flag(super::typeobj::flags::NO_DICT) => None,
        Layout::Instance => v.payload_exact::<Instance>().map(|i| i.dict.clone()),
        Layout::Exception => v
            .payload_exact::<super::exception::Exception>()
            .map(|e| e.dict.clone()),
        Layout::Function => v
            .payload_exact::<super::function::Function>()
            .map(|f| f.dict()),
        Layout::Module => v
            .payload_exact::<super::module::Module>()
            .map(|m| m.dict.clone()),
        _ => None,
    }
}

/// The instance dict to read an attribute from: like `instance_dict`, but a function whose
/// `__dict__` was never made has none (reading does not make one).
pub fn instance_dict_to_read(v: &Value) -> Option<Value> {
    if !v.is_small_int() && v.ty().layout == Layout::Function {
        return v
            .payload_exact::<super::function::Function>()
            .and_then(|f| f.dict_if_made().map(|d| d.clone()));
    }
    instance_dict(v)
}

/// `obj.__class__ = new`: swaps the type in the object's header. The caller has checked that
/// both types are heap types with the same layout.
pub fn set_class(obj: &Value, new: &TypeObject) {
    let v = new.to_value();
    // SAFETY: `obj` is a heap object (heap types never describe small ints); the header's
    // type pointer takes the reference `v` held, and the old type's reference is released.
    unsafe {
        std::mem::forget(v);
        let hdr = &*obj.header_ptr();
        let old_ptr = hdr.ty.replace(new);
        drop(Value::from_raw(old_ptr as usize));
    }
}
