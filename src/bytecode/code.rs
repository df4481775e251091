//! Compiled code: what the compiler produces and what code objects carry.
//!
//! `CompiledCode` is plain data (no Python objects), so the compiler and the disassembler do not
//! depend on the object model; a runtime code object wraps an `Rc<CompiledCode>` and the
//! constants and names converted to values.

use std::rc::Rc;

use num_bigint::BigInt;

/// `co_flags` bits, as CPython's.
pub mod code_flags {
    pub const OPTIMIZED: u32 = 0x1;
    pub const NEWLOCALS: u32 = 0x2;
    pub const VARARGS: u32 = 0x4;
    pub const VARKEYWORDS: u32 = 0x8;
    pub const NESTED: u32 = 0x10;
    pub const GENERATOR: u32 = 0x20;
    pub const NOFREE: u32 = 0x40;
    pub const COROUTINE: u32 = 0x80;
    pub const ITERABLE_COROUTINE: u32 = 0x100;
    pub const ASYNC_GENERATOR: u32 = 0x200;
    /// `from __future__ import annotations` (PEP 563) was in effect.
    pub const FUTURE_ANNOTATIONS: u32 = 0x100_0000;
}

/// A compile-time constant.
#[derive(Clone, Debug)]
pub enum Constant {
    None,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    Complex {
        real: f64,
        imag: f64,
    },
    Str(String),
    /// A str holding lone surrogates, in generalized UTF-8 (see `object::str`).
    ExactStr(Vec<u8>),
    Bytes(Vec<u8>),
    Tuple(Vec<Constant>),
    Ellipsis,
    Code(Rc<CompiledCode>),
}

/// One row of the zero-cost exception table: an exception raised by an instruction in
/// `start..end` (instruction indices) unwinds the value stack to `depth`, pushes the offset of the
/// raising instruction if `push_lasti`, pushes the exception and jumps to `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExceptionTableEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub push_lasti: bool,
}

/// The result of compiling one code block (module, function, class body, lambda,
/// comprehension).
#[derive(Clone, Debug, Default)]
pub struct CompiledCode {
    pub name: String,
    pub qualname: String,
    pub filename: String,
    pub first_line: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    /// `code_flags` bits.
    pub flags: u32,
    /// Two bytes per instruction: opcode, arg (with `EXTENDED_ARG` prefixes for wide args).
    pub code: Vec<u8>,
    /// Source line of each instruction (index = instruction index = byte offset / 2); 0 if none.
    pub lines: Vec<u32>,
    /// Source column range (0-based, in characters) of each instruction, for tracebacks.
    pub columns: Vec<(u32, u32)>,
    pub consts: Vec<Constant>,
    pub names: Vec<String>,
    pub varnames: Vec<String>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    /// For each cellvar, the index in `varnames` of the argument that initializes it.
    pub cell2arg: Vec<Option<u32>>,
    pub exception_table: Vec<ExceptionTableEntry>,
    pub max_stack: u32,
}

impl CompiledCode {
    /// Number of instructions (code units, `EXTENDED_ARG` included).
    pub fn len(&self) -> usize {
        self.code.len() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.code.is_empty()
    }

    pub fn nlocals(&self) -> usize {
        self.varnames.len()
    }
}
