//! Source to bytecode: parsing (ruff), the symbol table and code generation.
//!
//! `compile` parses with ruff's parser (targeting Python 3.11), maps parse errors to CPython's
//! messages where practical, builds the symbol table (`symtable`), generates symbolic code per
//! block (`codegen`, `expr`, `pattern`) and assembles it (`assemble`).

pub mod assemble;
mod codegen;
mod errors;
mod expr;
pub mod from_pyast;
mod future;
mod literal;
mod pattern;
pub mod pyast;
pub mod source;
pub mod symtable;
mod unit;
mod unparse;
mod validate_tree;

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use ruff_python_ast::{Mod, PythonVersion};
use ruff_python_parser::{parse, Mode as ParseMode, ParseOptions};

use crate::bytecode::code::CompiledCode;
use codegen::Compiler;
use symtable::SymbolTable;

/// What the source is: a module, a single expression, or one interactive statement.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Mode {
    Exec,
    Eval,
    Single,
}

/// A compile-time error, with CPython's `SyntaxError` attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// "SyntaxError" | "IndentationError" | "TabError", or "RecursionError" for input nested
    /// too deeply to compile (no location then)
    pub kind: &'static str,
    pub msg: String,
    pub filename: String,
    pub lineno: u32,
    /// 1-based column, in characters.
    pub offset: u32,
    pub end_lineno: u32,
    /// 1-based end column; -1 when the error has no end (as CPython at the end of input).
    pub end_offset: i64,
    /// The offending source line.
    pub text: String,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({}, line {})",
            self.kind, self.msg, self.filename, self.lineno
        )
    }
}

impl std::error::Error for CompileError {}

/// Maps byte offsets to (1-based line, 0-based character column).
///
/// A tree that did not come from source text (`compile()` of an `ast` tree) has no text: its
/// nodes' offsets index `positions`, the (line, column) pairs the tree carried, and string
/// constants holding lone surrogates are kept in `exact_strs` by their node's start offset.
pub struct LineIndex<'s> {
    pub source: &'s str,
    starts: Vec<usize>,
    positions: Vec<(u32, u32)>,
    exact_strs: HashMap<u32, Vec<u8>>,
}

impl<'s> LineIndex<'s> {
    pub fn new(source: &'s str) -> Self {
        let mut starts = vec![0];
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex {
            source,
            starts,
            positions: Vec::new(),
            exact_strs: HashMap::new(),
        }
    }

    /// The index of a tree without source text (see `from_pyast`).
    pub fn from_positions(
        positions: Vec<(u32, u32)>,
        exact_strs: HashMap<u32, Vec<u8>>,
    ) -> LineIndex<'static> {
        LineIndex {
            source: "",
            starts: vec![0],
            positions,
            exact_strs,
        }
    }

    fn position(&self, offset: usize) -> Option<(u32, u32)> {
        if self.positions.is_empty() {
            return None;
        }
        Some(self.positions[offset.min(self.positions.len() - 1)])
    }

    /// The exact value of a string literal holding lone surrogates (None when it holds none).
    pub fn exact_str(&self, lit: &ruff_python_ast::ExprStringLiteral) -> Option<Vec<u8>> {
        if !self.positions.is_empty() {
            return self
                .exact_strs
                .get(&ruff_text_size::Ranged::start(lit).to_u32())
                .cloned();
        }
        literal::exact_value(lit, self.source)
    }

    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        if let Some(p) = self.position(offset) {
            return p;
        }
        let offset = offset.min(self.source.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let col = self
            .source
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line as u32 + 1, col as u32)
    }

    /// (1-based line, 0-based column in UTF-8 bytes): the positions `ast` nodes carry.
    pub fn line_byte_col(&self, offset: usize) -> (u32, u32) {
        if let Some(p) = self.position(offset) {
            return p;
        }
        let offset = offset.min(self.source.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (line as u32 + 1, (offset - self.starts[line]) as u32)
    }

    pub fn line_count(&self) -> u32 {
        self.starts.len() as u32
    }

    /// The text of 1-based line `line`, without its newline.
    pub fn line_text(&self, line: u32) -> String {
        let i = (line.max(1) - 1) as usize;
        let Some(&start) = self.starts.get(i) else {
            return String::new();
        };
        let end = self.starts.get(i + 1).copied().unwrap_or(self.source.len());
        self.source[start..end]
            .trim_end_matches(['\n', '\r'])
            .to_string()
    }

    /// Builds a `CompileError` spanning the byte range `start..end`.
    pub fn error(
        &self,
        kind: &'static str,
        msg: impl Into<String>,
        filename: &str,
        start: usize,
        end: usize,
    ) -> CompileError {
        let (lineno, col) = self.line_col(start);
        let (end_lineno, end_col) = self.line_col(end.max(start));
        CompileError {
            kind,
            msg: msg.into(),
            filename: filename.to_string(),
            lineno,
            offset: col + 1,
            end_lineno,
            end_offset: end_col as i64 + 1,
            text: self.line_text(lineno),
        }
    }
}

/// Compiles `source` to a module code object (or an expression's, for `Mode::Eval`).
/// Parses `source` as Python 3.11 (a module, or an expression when `expression`), with
/// CPython's syntax errors for what the parser rejects or 3.11 lacks.
pub(crate) fn parse_checked(
    source: &str,
    index: &LineIndex<'_>,
    filename: &str,
    expression: bool,
) -> Result<Mod, CompileError> {
    let parse_mode = if expression {
        ParseMode::Expression
    } else {
        ParseMode::Module
    };
    errors::check_bracket_depth(index, filename)?;
    let options = ParseOptions::from(parse_mode).with_target_version(PythonVersion::PY311);
    let parsed = match parse(source, options) {
        Ok(p) => p,
        Err(e) => return Err(errors::parse_error(index, filename, &e)),
    };
    if let Some(u) = parsed.unsupported_syntax_errors().first() {
        return Err(errors::unsupported_error(index, filename, u));
    }
    errors::check_indent_depth(parsed.tokens(), index, filename)?;
    Ok(parsed.into_syntax())
}

pub fn compile(source: &str, filename: &str, mode: Mode) -> Result<Rc<CompiledCode>, CompileError> {
    compile_with_flags(source, filename, mode, 0)
}

/// `compile` with the future flags (`code_flags::FUTURE_ANNOTATIONS`) that `compile()`,
/// `exec()` and `eval()` pass on from their caller or their `flags` argument.
pub fn compile_with_flags(
    source: &str,
    filename: &str,
    mode: Mode,
    future_flags: u32,
) -> Result<Rc<CompiledCode>, CompileError> {
    let index = LineIndex::new(source);
    let module = parse_checked(source, &index, filename, mode == Mode::Eval)?;
    compile_parsed(&module, &index, filename, mode, future_flags)
}

/// Compiles a tree of `ast` nodes as `compile()` does (see `from_pyast` for its checks).
pub fn compile_tree(
    tree: &pyast::PyAst,
    filename: &str,
    mode: Mode,
    future_flags: u32,
) -> Result<Rc<CompiledCode>, from_pyast::TreeError> {
    let lowered = from_pyast::lower(tree, mode)?;
    validate_tree::validate(tree, mode)?;
    let index = LineIndex::from_positions(lowered.positions, lowered.exact_strs);
    compile_parsed(&lowered.module, &index, filename, mode, future_flags)
        .map_err(from_pyast::TreeError::Syntax)
}

fn compile_parsed(
    module: &Mod,
    index: &LineIndex<'_>,
    filename: &str,
    mode: Mode,
    future_flags: u32,
) -> Result<Rc<CompiledCode>, CompileError> {
    let to_error = |e: symtable::SymtableError| {
        if e.msg == symtable::RECURSION_MSG {
            return CompileError {
                kind: "RecursionError",
                msg: e.msg,
                filename: filename.to_string(),
                lineno: 0,
                offset: 0,
                end_lineno: 0,
                end_offset: 0,
                text: String::new(),
            };
        }
        index.error(
            "SyntaxError",
            e.msg,
            filename,
            e.range.start().to_usize(),
            e.range.end().to_usize(),
        )
    };
    match module {
        Mod::Module(m) => {
            let future = future::scan(&m.body, index, future_flags).map_err(to_error)?;
            let table =
                SymbolTable::build_module(&m.body, future.annotations()).map_err(to_error)?;
            let mut c = Compiler {
                filename: filename.to_string(),
                index,
                table,
                units: Vec::new(),
                interactive: mode == Mode::Single,
                future,
                stmt_range: ruff_text_size::TextRange::default(),
            };
            c.compile_module(&m.body).map_err(to_error)
        }
        Mod::Expression(e) => {
            let table = SymbolTable::build_expression(&e.body).map_err(to_error)?;
            let mut c = Compiler {
                filename: filename.to_string(),
                index,
                table,
                units: Vec::new(),
                interactive: false,
                stmt_range: ruff_text_size::TextRange::default(),
                future: future::Future {
                    flags: future_flags & crate::bytecode::code::code_flags::FUTURE_ANNOTATIONS,
                    last_line: 0,
                },
            };
            c.compile_eval(&e.body).map_err(to_error)
        }
    }
}

#[cfg(test)]
mod tests;
