//! Values and the built-in object types.
//!
//! `value` (the tagged word and the header), `typeobj` (type objects), `alloc` (allocation and
//! deallocation by layout), `types` (the static built-in types and singletons). Each built-in
//! type has a module with its payload and constructors and a `*_methods` module with the
//! methods registered in its type dict.

pub mod alloc;
pub mod bytes;
pub mod cell;
pub mod code;
pub mod complex;
pub mod descr;
pub mod dict;
pub mod error;
pub mod exception;
pub mod float;
pub mod float_format;
pub mod frameobj;
pub mod function;
pub mod generator;
pub mod instance;
pub mod int;
pub mod int_division;
pub mod iter;
pub mod list;
pub mod member;
pub mod module;
pub mod native;
pub mod python_ops;
pub mod range;
pub mod set;
pub mod shape;
pub mod slice;
pub mod str;
pub mod tuple;
pub mod typeobj;
pub mod types;
pub mod value;
pub mod weakref;

pub use value::Value;
