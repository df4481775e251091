//! Instances of classes defined in Python.
//!
//! Attributes live in a dict. An instance of a class derived from a built-in type (list, int,
//! dict, ...) wraps a value of that built-in type in `base_value`, to which the built-in's
//! methods are applied (see `Value::payload`).

use super::typeobj::{Layout, TypeObject};
use super::value::{Payload, Value};

pub struct Instance {
    pub dict: Value,
    pub base_value: Option<Value>,
    /// `__del__` has run (it runs at most once per object).
    pub finalized: std::cell::Cell<bool>,
    /// Weak references to this object (raw words; each weakref removes itself when freed).
    pub weakrefs: std::cell::RefCell<Vec<usize>>,
}

impl Payload for Instance {
    const LAYOUT: Layout = Layout::Instance;
    const TRACKED: bool = true;
}

pub fn new_instance(ty: &TypeObject, base_value: Option<Value>) -> Value {
    super::alloc::alloc(
        ty,
        Instance {
            finalized: std::cell::Cell::new(false),
            weakrefs: std::cell::RefCell::new(Vec::new()),
            dict: super::dict::new_dict(),
            base_value,
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
        Layout::Instance => v.payload_exact::<Instance>().map(|i| i.dict.clone()),
        Layout::Exception => v
            .payload_exact::<super::exception::Exception>()
            .map(|e| e.dict.clone()),
        Layout::Function => v
            .payload_exact::<super::function::Function>()
            .map(|f| f.dict.clone()),
        Layout::Module => v
            .payload_exact::<super::module::Module>()
            .map(|m| m.dict.clone()),
        _ => None,
    }
}
