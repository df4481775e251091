//! Values and the built-in object types.
//!
//! `value` (the tagged word and the header), `typeobj` (type objects), `alloc` (allocation and
//! deallocation by layout), `types` (the static built-in types and singletons). Each built-in
//! type has a module with its payload and constructors and a `*_methods` module with the
//! methods registered in its type dict.

pub mod alloc;
pub mod bytes;
pub mod bytes_methods;
pub mod cell;
pub mod code;
pub mod code_methods;
pub mod complex;
pub mod complex_methods;
pub mod descr;
pub mod descr_methods;
pub mod dict;
pub mod dict_methods;
pub mod exception;
pub mod exception_group;
pub mod float;
pub mod float_format;
pub mod float_methods;
pub mod format_spec;
pub mod frameobj;
pub mod function;
pub mod function_methods;
pub mod generator;
pub mod genericalias;
pub mod instance;
pub mod int;
pub mod int_methods;
pub mod iter;
pub mod iter_methods;
pub mod list;
pub mod list_methods;
pub mod member;
pub mod memoryview;
pub mod module;
pub mod module_methods;
pub mod namespace;
pub mod native;
pub mod object_methods;
pub mod range;
pub mod range_methods;
pub mod set;
pub mod set_methods;
pub mod singleton_methods;
pub mod slice;
pub mod slice_methods;
pub mod str;
pub mod str_format;
pub mod str_methods;
pub mod tuple;
pub mod tuple_methods;
pub mod typeobj;
pub mod typeobj_methods;
pub mod types;
pub mod value;
pub mod weakref;

pub use value::Value;
