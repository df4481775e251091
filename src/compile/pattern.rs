//! Code generation for `match` statements.

use ruff_python_ast as ast;

use super::codegen::{error, CResult, Compiler};

impl<'a> Compiler<'a> {
    pub fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> CResult<()> {
        error("match is not supported yet", m.range)
    }
}
