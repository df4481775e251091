//! Heron: a Python 3 implementation with a baseline interpreter and a Cranelift tier.

pub mod bytecode;
pub mod compile;
pub mod object;
