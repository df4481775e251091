//! The methods of the built-in types, one file per type (its `TypeSpec`: methods, getters
//! and setters). They sit above the VM because they call back into Python (`__eq__`,
//! `__hash__`, `__index__`, key functions, ...); the types' data, allocation and primitive
//! operations stay below it in `object/`.

pub mod bytes;
pub mod cell;
pub mod code;
pub mod complex;
pub mod descr;
pub mod dict;
pub mod exception;
pub mod exception_group;
pub mod float;
pub mod format_spec;
pub mod frameobj;
pub mod function;
pub mod genericalias;
pub mod int;
pub mod iter;
pub mod list;
pub mod member;
pub mod memoryview;
pub mod module;
pub mod namespace;
pub mod object;
pub mod range;
pub mod set;
pub mod singleton;
pub mod slice;
pub mod str;
pub mod str_format;
pub mod tuple;
pub mod typeobj;
pub mod weakref;

use crate::object::str::intern_static;
use crate::object::types::{TypeSpec, DICT_TYPE, LIST_TYPE, SET_TYPE, SLICE_TYPE};

/// Initializes the static types with their methods (idempotent; `Vm::new` does it first).
pub fn init_types() {
    static DONE: std::sync::Once = std::sync::Once::new();
    crate::object::bytes::register_view_bytes(memoryview::memoryview_bytes);
    crate::object::types::init(all_specs);
    DONE.call_once(|| {
        for ty in genericalias::generic_builtins() {
            let f = crate::object::function::new_builtin_method(&genericalias::CLASS_GETITEM, ty);
            f.make_immortal();
            crate::object::dict::set_str(&ty.dict_value(), &intern_static("__class_getitem__"), f);
        }
        crate::object::types::set_unhashable(&[
            &LIST_TYPE,
            &DICT_TYPE,
            &SET_TYPE,
            &SLICE_TYPE,
            &namespace::SIMPLE_NAMESPACE_TYPE,
            &dict::DICT_KEYS_TYPE,
            &dict::DICT_ITEMS_TYPE,
        ]);
    });
}

/// Every static type's methods, in initialization order.
fn all_specs() -> Vec<TypeSpec> {
    let mut specs = Vec::new();
    specs.extend(object::specs());
    specs.extend(singleton::specs());
    specs.extend(typeobj::specs());
    specs.extend(int::specs());
    specs.extend(float::specs());
    specs.extend(complex::specs());
    specs.extend(str::specs());
    specs.extend(format_spec::specs());
    specs.extend(bytes::specs());
    specs.extend(list::specs());
    specs.extend(tuple::specs());
    specs.extend(dict::specs());
    specs.extend(set::specs());
    specs.extend(range::specs());
    specs.extend(slice::specs());
    specs.extend(function::specs());
    specs.extend(code::specs());
    specs.extend(cell::specs());
    specs.extend(module::specs());
    specs.extend(exception::specs());
    specs.extend(exception_group::specs());
    specs.extend(crate::vm::generator::specs());
    specs.extend(crate::vm::coroutine::specs());
    specs.extend(super::async_iter::specs());
    specs.extend(frameobj::specs());
    specs.extend(iter::specs());
    specs.extend(descr::specs());
    specs.extend(super::iterators::specs());
    specs.extend(weakref::specs());
    specs.extend(genericalias::specs());
    specs.extend(namespace::specs());
    specs.extend(memoryview::specs());
    specs.extend(member::specs());
    specs
}
