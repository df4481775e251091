//! Future statements (`from __future__ import ...`), checked as CPython 3.11's `future.c`
//! checks them: they come first in a module (after its docstring), name known features, and
//! only `annotations` changes what the compiler does (PEP 563: annotations are kept as text).

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::symtable::SymtableError;
use super::LineIndex;
use crate::bytecode::code::code_flags;

/// The features a module (or the code that compiles it) turned on.
#[derive(Clone, Copy, Default, Debug)]
pub struct Future {
    /// `code_flags` bits the features set on every code object (`FUTURE_ANNOTATIONS`).
    pub flags: u32,
    /// The line of the last future statement at the top of the module; one further down is
    /// an error.
    pub last_line: u32,
}

impl Future {
    pub fn annotations(&self) -> bool {
        self.flags & code_flags::FUTURE_ANNOTATIONS != 0
    }
}

pub const LATE_FUTURE: &str = "from __future__ imports must occur at the beginning of the file";

fn is_future_import(s: &Stmt) -> bool {
    matches!(s, Stmt::ImportFrom(i) if i.module.as_ref().is_some_and(|m| m.as_str() == "__future__"))
}

/// Scans a module's leading statements; `inherited` are the flags `compile()` passes on.
pub fn scan(body: &[Stmt], index: &LineIndex<'_>, inherited: u32) -> Result<Future, SymtableError> {
    let mut future = Future {
        flags: inherited & code_flags::FUTURE_ANNOTATIONS,
        last_line: 0,
    };
    let first = usize::from(matches!(
        body.first(),
        Some(Stmt::Expr(e)) if matches!(*e.value, Expr::StringLiteral(_))
    ));
    let mut done = false;
    let mut prev_line = 0;
    for s in &body[first.min(body.len())..] {
        let line = index.line_col(s.range().start().to_usize()).0;
        if done && line > prev_line {
            break;
        }
        prev_line = line;
        let Stmt::ImportFrom(i) = s else {
            done = true;
            continue;
        };
        if !is_future_import(s) {
            done = true;
            continue;
        }
        if done {
            return Err(SymtableError {
                msg: LATE_FUTURE.into(),
                range: s.range(),
            });
        }
        for alias in &i.names {
            let msg = match alias.name.as_str() {
                "nested_scopes" | "generators" | "division" | "absolute_import"
                | "with_statement" | "print_function" | "unicode_literals" | "generator_stop" => {
                    continue
                }
                "annotations" => {
                    future.flags |= code_flags::FUTURE_ANNOTATIONS;
                    continue;
                }
                "braces" => "not a chance".to_string(),
                "barry_as_FLUFL" => {
                    "future feature barry_as_FLUFL is not supported by Heron".to_string()
                }
                other => format!("future feature {other} is not defined"),
            };
            return Err(SymtableError {
                msg,
                range: s.range(),
            });
        }
        future.last_line = line;
    }
    Ok(future)
}
