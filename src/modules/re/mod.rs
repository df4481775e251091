//! The `re` module: regular expressions with CPython 3.11's syntax and semantics.

mod api;
pub mod matcher;
pub mod parse;

pub use api::{new_module, RegexMatch, RegexPattern};
