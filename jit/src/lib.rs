//! Heron's JIT.
#![deny(missing_docs)]
pub mod ir;
