//! Source to bytecode: parsing (ruff), the symbol table and code generation.

use std::rc::Rc;

use crate::bytecode::CompiledCode;

pub enum Mode {
    Exec,
    Eval,
    Single,
}

pub struct CompileError {
    pub kind: &'static str,
    pub msg: String,
    pub filename: String,
    pub lineno: u32,
    pub offset: u32,
    pub end_lineno: u32,
    pub end_offset: u32,
    pub text: String,
}

/// Placeholder until the compiler branch lands.
pub fn compile(_source: &str, filename: &str, _mode: Mode) -> Result<Rc<CompiledCode>, CompileError> {
    Err(CompileError {
        kind: "SyntaxError",
        msg: "compiler not available".into(),
        filename: filename.into(),
        lineno: 1,
        offset: 1,
        end_lineno: 1,
        end_offset: 1,
        text: String::new(),
    })
}
