//! The instruction set, code objects' compiled form, and the disassembler.

pub mod code;
pub mod dis;
pub mod opcodes;
pub mod serial;
pub mod units;

pub use code::{CodeRef, CompiledCode, Constant, ExceptionTableEntry, Text};
pub use opcodes::{BinaryOperator, CompareOperator, Opcode, Operand};
