//! Values and the built-in object types.

pub mod float_format;
