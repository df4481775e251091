//! Heron's second tier: the HIR (`ir`), its text form (`text`), its lowering to Cranelift IR
//! (`lower`) and machine-code generation (`codegen`).
//!
//! The crate knows nothing about Heron's object model beyond what `RuntimeInfo` tells it: the
//! layout of the JIT context struct, where the refcount lives in an object header, and the
//! addresses of the runtime helpers compiled code may call.
#![deny(missing_docs)]

pub mod background;
pub mod codegen;
pub mod ir;
pub mod lower;
pub mod text;

use std::fmt;

pub use background::Background;
pub use codegen::{compile_for_target, Jit};

/// What the runtime tells the JIT about its object layout and helpers.
#[derive(Clone, Debug)]
pub struct RuntimeInfo {
    /// Byte offset of the value-stack buffer pointer (`*mut u64`) in the context struct.
    pub ctx_stack_ptr: i32,
    /// Byte offset of the stack depth (`u64`) in the context struct.
    pub ctx_stack_len: i32,
    /// Byte offset of the resume pc (`u64`) in the context struct.
    pub ctx_pc: i32,
    /// Byte offset of the refcount word in an object header.
    pub refcnt_offset: i32,
    /// Refcount bit marking immortal objects (never counted).
    pub immortal_bit: u64,
    /// Helper called as `dealloc(obj)` when a refcount drops to zero.
    pub dealloc_helper: ir::HelperId,
    /// The helper table: `HelperId(i)` is `helpers[i]`.
    pub helpers: Vec<HelperSig>,
}

/// A runtime helper: `extern "C" fn(u64 x params) -> u64`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelperSig {
    /// Name for dumps.
    pub name: String,
    /// Address of the function.
    pub address: usize,
    /// Number of `u64` parameters.
    pub params: usize,
}

/// Which textual forms to produce while compiling.
#[derive(Default, Clone, Copy, Debug)]
pub struct DumpRequest {
    /// The Cranelift IR, before Cranelift's optimizations, with `@N` source locations (the
    /// HIR origins, in hex as Cranelift prints them).
    pub clif: bool,
    /// The disassembled machine code, annotated with `; bytecode @N` lines.
    pub asm: bool,
}

/// The result of compiling one function.
#[derive(Clone, Debug)]
pub struct CompileOutput {
    /// Entry point of the executable code, `extern "C" fn(ctx: *mut u8) -> u64`; `None` when
    /// compiled for a foreign target.
    pub code: Option<*const u8>,
    /// Size of the machine code in bytes.
    pub size: usize,
    /// The Cranelift IR, if requested.
    pub clif: Option<String>,
    /// The disassembly, if requested.
    pub asm: Option<String>,
}

/// Why a function could not be compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JitError {
    /// The HIR (or the Cranelift IR made from it) is malformed.
    Verify(String),
    /// Cranelift failed to generate code.
    Codegen(String),
    /// The function uses something this JIT cannot compile (or an unknown target).
    Unsupported(String),
}

impl fmt::Display for JitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JitError::Verify(m) => write!(f, "JIT verifier error: {m}"),
            JitError::Codegen(m) => write!(f, "JIT code generation error: {m}"),
            JitError::Unsupported(m) => write!(f, "JIT unsupported: {m}"),
        }
    }
}

impl std::error::Error for JitError {}
