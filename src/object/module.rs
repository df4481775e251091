//! Module objects: a name and a dict of globals.

use super::typeobj::Layout;
use super::types::MODULE_TYPE;
use super::value::{Payload, Value};

pub struct Module {
    pub dict: Value,
}

impl Payload for Module {
    const LAYOUT: Layout = Layout::Module;
}

/// A new module with `__name__` set (and `__doc__` None).
pub fn new_module(name: &str) -> Value {
    let dict = super::dict::new_dict();
    super::dict::set_str(
        &dict,
        &super::str::intern_static("__name__"),
        super::str::new_str(name),
    );
    super::dict::set_str(
        &dict,
        &super::str::intern_static("__doc__"),
        super::types::none(),
    );
    super::alloc::alloc(&MODULE_TYPE, Module { dict })
}

pub fn dict_of(m: &Value) -> Option<&Value> {
    m.payload::<Module>().map(|m| &m.dict)
}

/// Sets `name` in the module's dict.
pub fn set_attr(m: &Value, name: &str, v: Value) {
    if let Some(d) = dict_of(m) {
        super::dict::set_str(d, &super::str::intern(name), v);
    }
}
