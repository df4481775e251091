//! Heron: a Python 3 implementation with a baseline interpreter and a Cranelift tier.
//!
//! Layers, bottom up: `object` (values and built-in types), `bytecode` (the instruction set
//! and code format), `compile` (source to bytecode), `vm` (frames, eval loop, protocols),
//! `builtins` and `modules` (the standard names), `run` (running a program in-process) and `cli`
//! (the `heron` command).

#[macro_use]
mod macros;

pub mod builtins;
pub mod bytecode;
pub mod cli;
pub mod compare;
pub mod compile;
pub mod memory;
pub mod modules;
pub mod object;
pub mod os;
pub mod run;
pub mod tier2;
pub mod unicode;
pub mod vm;
