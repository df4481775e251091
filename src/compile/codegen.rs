//! Code generation for statements, code units (functions, classes, modules) and the
//! `fblock` unwinding that `break`/`continue`/`return` need. Expressions are in `expr.rs`,
//! `match` patterns in `pattern.rs`.

use std::rc::Rc;

use ruff_python_ast::{self as ast, ExceptHandler, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::assemble::{assemble, Label};
use super::symtable::{mangle, node_key, ScopeKind, SymScope, SymbolTable, SymtableError};
use super::unit::{FBlock, FBlockKind, Unit};
use super::LineIndex;
use crate::bytecode::code::{code_flags, CompiledCode, Constant, Text};
use crate::bytecode::opcodes::Opcode;

pub type CResult<T> = Result<T, SymtableError>;

pub fn error<T>(msg: impl Into<String>, range: TextRange) -> CResult<T> {
    Err(SymtableError {
        msg: msg.into(),
        range,
    })
}

pub struct Compiler<'a> {
    pub filename: String,
    pub index: &'a LineIndex<'a>,
    pub table: SymbolTable,
    pub units: Vec<Unit<'a>>,
    pub interactive: bool,
    pub future: super::future::Future,
    /// The statement being compiled (where "too many statically nested blocks" points).
    pub stmt_range: TextRange,
}

/// CPython's `CO_MAXBLOCKS`: loops, `with` and `try` blocks nested in one code object.
const MAX_BLOCKS: usize = 20;

/// The docstring of a body, if its first statement is a string literal.
pub fn docstring(body: &[Stmt]) -> Option<String> {
    if let Some(Stmt::Expr(e)) = body.first() {
        if let Expr::StringLiteral(s) = &*e.value {
            return Some(s.value.to_str().to_string());
        }
    }
    None
}

/// Does the body contain an annotated assignment (not looking into nested scopes)?
fn find_ann(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::For(f) => find_ann(&f.body) || find_ann(&f.orelse),
        Stmt::While(w) => find_ann(&w.body) || find_ann(&w.orelse),
        Stmt::If(i) => find_ann(&i.body) || i.elif_else_clauses.iter().any(|c| find_ann(&c.body)),
        Stmt::With(w) => find_ann(&w.body),
        Stmt::Try(t) => {
            find_ann(&t.body)
                || find_ann(&t.orelse)
                || find_ann(&t.finalbody)
                || t.handlers.iter().any(|h| {
                    let ExceptHandler::ExceptHandler(h) = h;
                    find_ann(&h.body)
                })
        }
        Stmt::Match(m) => m.cases.iter().any(|c| find_ann(&c.body)),
        _ => false,
    })
}

impl<'a> Compiler<'a> {
    pub fn unit(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().unwrap()
    }

    pub fn u(&self) -> &Unit<'a> {
        self.units.last().unwrap()
    }

    pub fn emit(&mut self, op: Opcode, arg: u32) {
        self.unit().emit(op, arg);
    }

    pub fn op(&mut self, op: Opcode) {
        self.unit().emit(op, 0);
    }

    pub fn jump(&mut self, op: Opcode, l: Label) {
        self.unit().emit(op, l.0);
    }

    pub fn label(&mut self) -> Label {
        self.unit().new_label()
    }

    pub fn bind(&mut self, l: Label) {
        self.unit().bind(l);
    }

    pub fn load_const(&mut self, c: Constant) {
        let i = self.unit().add_const(c);
        self.emit(Opcode::LOAD_CONST, i);
    }

    pub fn name_arg(&mut self, name: &str) -> u32 {
        self.unit().add_name(name)
    }

    pub fn emit_name(&mut self, op: Opcode, name: &str) {
        let i = self.name_arg(name);
        self.emit(op, i);
    }

    pub fn mangle(&self, name: &str) -> String {
        mangle(self.u().private.as_deref(), name)
    }

    pub fn set_loc(&mut self, range: TextRange) {
        let (line, c0) = self.index.line_col(range.start().to_usize());
        let (_, c1) = self.index.line_col(range.end().to_usize());
        let u = self.unit();
        u.line = line;
        u.cols = (c0, c1);
    }

    pub fn line_of(&self, range: TextRange) -> u32 {
        self.index.line_col(range.start().to_usize()).0
    }

    // ---- code units ----

    /// Starts compiling the block opened by the node at `key` (or the module for `None`).
    pub fn enter_unit(&mut self, key: Option<usize>, name: &str, line: u32) {
        let scope_id = key.map_or(0, |k| self.table.scope_of(k));
        let scope = &self.table.scopes[scope_id];
        let kind = scope.kind;
        let qualname = self.qualname(name, kind);
        let mut unit = Unit::new(scope_id, kind, name, qualname, line);
        unit.private = if kind == ScopeKind::Class {
            Some(name.to_string())
        } else {
            self.units.last().and_then(|u| u.private.clone())
        };
        if kind.is_function_like() {
            unit.varnames = scope.params.clone();
            for s in &scope.symbols {
                if s.scope == SymScope::Local && !unit.varnames.contains(&s.name) {
                    unit.varnames.push(s.name.clone());
                }
            }
        }
        unit.cellvars = scope.cellvars();
        unit.freevars = scope.freevars();
        let mut flags = 0;
        if kind.is_function_like() {
            flags |= code_flags::OPTIMIZED | code_flags::NEWLOCALS;
            if scope.nested {
                flags |= code_flags::NESTED;
            }
            flags |= match (scope.is_generator, scope.is_coroutine) {
                (true, true) => code_flags::ASYNC_GENERATOR,
                (false, true) => code_flags::COROUTINE,
                (true, false) => code_flags::GENERATOR,
                (false, false) => 0,
            };
        }
        if unit.cellvars.is_empty() && unit.freevars.is_empty() {
            flags |= code_flags::NOFREE;
        }
        unit.flags = flags | self.future.flags;
        self.units.push(unit);
    }

    fn qualname(&self, name: &str, kind: ScopeKind) -> String {
        let Some(parent) = self.units.last() else {
            return name.to_string();
        };
        if parent.kind == ScopeKind::Module {
            return name.to_string();
        }
        if matches!(kind, ScopeKind::Function | ScopeKind::Class) {
            let mangled = mangle(parent.private.as_deref(), name);
            if let Some(sym) = self.table.scopes[parent.scope].lookup(&mangled) {
                if sym.scope == SymScope::GlobalExplicit {
                    return name.to_string();
                }
            }
        }
        if parent.kind.is_function_like() {
            format!("{}.<locals>.{}", parent.qualname, name)
        } else {
            format!("{}.{}", parent.qualname, name)
        }
    }

    /// Finishes the current unit: assembles it into a code object.
    pub fn exit_unit(&mut self) -> CResult<Rc<CompiledCode>> {
        let u = self.units.pop().unwrap();
        let asm = match assemble(&u.instrs, &u.labels, &u.handlers) {
            Ok(a) => a,
            Err(msg) => return error(msg, TextRange::default()),
        };
        let cell2arg = u
            .cellvars
            .iter()
            .map(|c| {
                let scope = &self.table.scopes[u.scope];
                scope.params.iter().position(|p| p == c).map(|i| i as u32)
            })
            .collect();
        Ok(Rc::new(CompiledCode {
            name: u.name.into(),
            qualname: u.qualname.into(),
            filename: self.filename.as_str().into(),
            first_line: u.first_line,
            argcount: u.argcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            flags: u.flags,
            code: asm.code,
            lines: asm.lines,
            columns: asm.columns,
            consts: u.consts,
            names: u.names.into_iter().map(Text::from).collect(),
            varnames: u.varnames.into_iter().map(Text::from).collect(),
            cellvars: u.cellvars.into_iter().map(Text::from).collect(),
            freevars: u.freevars.into_iter().map(Text::from).collect(),
            cell2arg,
            exception_table: asm.exception_table,
            max_stack: asm.max_stack,
        }))
    }

    /// Emits `LOAD_CONST None; RETURN_VALUE` if the end of the unit is reachable.
    pub fn implicit_return(&mut self) {
        if self.u().reachable() {
            self.load_const(Constant::None);
            self.op(Opcode::RETURN_VALUE);
        }
    }

    pub fn compile_module(&mut self, body: &'a [Stmt]) -> CResult<Rc<CompiledCode>> {
        self.enter_unit(None, "<module>", 1);
        let mut body = body;
        if find_ann(body) {
            self.op(Opcode::SETUP_ANNOTATIONS);
        }
        if !self.interactive {
            if let Some(doc) = docstring(body) {
                self.set_loc(body[0].range());
                self.load_const(Constant::Str(doc.into()));
                self.emit_name(Opcode::STORE_NAME, "__doc__");
                body = &body[1..];
            }
        }
        self.stmts(body)?;
        self.implicit_return();
        self.exit_unit()
    }

    pub fn compile_eval(&mut self, e: &'a Expr) -> CResult<Rc<CompiledCode>> {
        self.enter_unit(None, "<module>", 1);
        self.expr(e)?;
        self.op(Opcode::RETURN_VALUE);
        self.exit_unit()
    }

    // ---- name operations ----

    pub fn name_op(&mut self, name: &str, ctx: ExprContext) -> CResult<()> {
        if name == "__debug__" && ctx == ExprContext::Load {
            self.load_const(Constant::Bool(true));
            return Ok(());
        }
        let mangled = self.mangle(name);
        let u = self.u();
        let kind = u.kind;
        let scope = self.table.scopes[u.scope].lookup(&mangled).map(|s| s.scope);
        enum Kind {
            Fast,
            Deref,
            Global,
            Name,
        }
        let how = match scope {
            Some(SymScope::Free) | Some(SymScope::Cell) => Kind::Deref,
            Some(SymScope::Local) if kind.is_function_like() => Kind::Fast,
            Some(SymScope::GlobalImplicit) | None if kind.is_function_like() => Kind::Global,
            Some(SymScope::GlobalExplicit) => Kind::Global,
            _ => Kind::Name,
        };
        match how {
            Kind::Fast => {
                let i = self.unit().varname_index(&mangled);
                let op = match ctx {
                    ExprContext::Load => Opcode::LOAD_FAST,
                    ExprContext::Store => Opcode::STORE_FAST,
                    _ => Opcode::DELETE_FAST,
                };
                self.emit(op, i);
            }
            Kind::Deref => {
                let Some(i) = self.u().deref_index(&mangled) else {
                    return error(
                        format!("internal compiler error: no cell for '{mangled}'"),
                        TextRange::default(),
                    );
                };
                let op = match ctx {
                    ExprContext::Load if kind == ScopeKind::Class => Opcode::LOAD_CLASSDEREF,
                    ExprContext::Load => Opcode::LOAD_DEREF,
                    ExprContext::Store => Opcode::STORE_DEREF,
                    _ => Opcode::DELETE_DEREF,
                };
                self.emit(op, i);
            }
            Kind::Global => {
                let op = match ctx {
                    ExprContext::Load => Opcode::LOAD_GLOBAL,
                    ExprContext::Store => Opcode::STORE_GLOBAL,
                    _ => Opcode::DELETE_GLOBAL,
                };
                self.emit_name(op, &mangled);
            }
            Kind::Name => {
                let op = match ctx {
                    ExprContext::Load => Opcode::LOAD_NAME,
                    ExprContext::Store => Opcode::STORE_NAME,
                    _ => Opcode::DELETE_NAME,
                };
                self.emit_name(op, &mangled);
            }
        }
        Ok(())
    }

    // ---- statements ----

    pub fn stmts(&mut self, body: &'a [Stmt]) -> CResult<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    pub fn stmt(&mut self, s: &'a Stmt) -> CResult<()> {
        self.set_loc(s.range());
        self.stmt_range = s.range();
        match s {
            Stmt::FunctionDef(f) => self.function_def(f)?,
            Stmt::ClassDef(c) => self.class_def(c)?,
            Stmt::Return(r) => self.return_stmt(r)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete_target(t)?;
                }
            }
            Stmt::Assign(a) => self.assign(a)?,
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::AnnAssign(a) => self.ann_assign(a)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::With(w) => self.with_stmt(w, 0)?,
            Stmt::Match(m) => self.match_stmt(m)?,
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.set_loc(r.range);
                self.emit(Opcode::RAISE_VARARGS, n);
            }
            Stmt::Try(t) => {
                if t.is_star {
                    if t.finalbody.is_empty() {
                        self.try_star_except(t)?;
                    } else {
                        self.try_finally(t)?;
                    }
                } else if t.finalbody.is_empty() {
                    self.try_except(t)?;
                } else {
                    self.try_finally(t)?;
                }
            }
            Stmt::Assert(a) => {
                let ok = self.label();
                self.jump_if(&a.test, ok, true)?;
                self.set_loc(a.range);
                self.op(Opcode::LOAD_ASSERTION_ERROR);
                if let Some(m) = &a.msg {
                    self.op(Opcode::PUSH_NULL);
                    self.expr(m)?;
                    self.set_loc(a.range);
                    self.emit(Opcode::CALL, 1);
                }
                self.emit(Opcode::RAISE_VARARGS, 1);
                self.bind(ok);
            }
            Stmt::Import(i) => self.import(i)?,
            Stmt::ImportFrom(i) => self.import_from(i)?,
            Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Pass(_) => {}
            Stmt::Expr(e) => {
                if self.interactive && self.units.len() == 1 {
                    self.expr(&e.value)?;
                    self.set_loc(e.range);
                    self.op(Opcode::PRINT_EXPR);
                } else if self.const_value(&e.value).is_none() {
                    self.expr(&e.value)?;
                    self.set_loc(e.range);
                    self.op(Opcode::POP_TOP);
                }
            }
            Stmt::Break(b) => self.break_stmt(b.range)?,
            Stmt::Continue(c) => self.continue_stmt(c.range)?,
            Stmt::TypeAlias(t) => return error("invalid syntax", t.range),
            Stmt::IpyEscapeCommand(t) => return error("invalid syntax", t.range),
        }
        Ok(())
    }

    fn assign(&mut self, a: &'a ast::StmtAssign) -> CResult<()> {
        // `a, b = b, a`: no tuple is built.
        if let [target @ (Expr::Tuple(_) | Expr::List(_))] = a.targets.as_slice() {
            if let Expr::Tuple(v) = &*a.value {
                let telts = match target {
                    Expr::Tuple(t) => &t.elts,
                    Expr::List(l) => &l.elts,
                    _ => unreachable!(),
                };
                let n = v.elts.len();
                let starred = |es: &[Expr]| es.iter().any(|e| matches!(e, Expr::Starred(_)));
                if (n == 2 || n == 3)
                    && telts.len() == n
                    && !starred(telts)
                    && !starred(&v.elts)
                    && self.const_value(&a.value).is_none()
                {
                    for e in &v.elts {
                        self.expr(e)?;
                    }
                    self.set_loc(a.range);
                    self.emit(Opcode::SWAP, n as u32);
                    for t in telts.iter() {
                        self.store_target(t)?;
                    }
                    return Ok(());
                }
            }
        }
        self.expr(&a.value)?;
        let n = a.targets.len();
        for (i, t) in a.targets.iter().enumerate() {
            if i + 1 < n {
                self.set_loc(a.range);
                self.emit(Opcode::COPY, 1);
            }
            self.store_target(t)?;
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> CResult<()> {
        let op = super::expr::binop_arg(a.op) + crate::bytecode::opcodes::INPLACE_OFFSET;
        match &*a.target {
            Expr::Name(n) => {
                self.set_loc(n.range);
                self.name_op(&n.id, ExprContext::Load)?;
                self.expr(&a.value)?;
                self.set_loc(a.range);
                self.emit(Opcode::BINARY_OP, op);
                self.set_loc(n.range);
                self.name_op(&n.id, ExprContext::Store)?;
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.set_loc(at.range);
                self.emit(Opcode::COPY, 1);
                let name = self.mangle(&at.attr);
                self.emit_name(Opcode::LOAD_ATTR, &name);
                self.expr(&a.value)?;
                self.set_loc(a.range);
                self.emit(Opcode::BINARY_OP, op);
                self.set_loc(at.range);
                self.emit(Opcode::SWAP, 2);
                self.emit_name(Opcode::STORE_ATTR, &name);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.set_loc(s.range);
                self.emit(Opcode::COPY, 2);
                self.emit(Opcode::COPY, 2);
                self.op(Opcode::BINARY_SUBSCR);
                self.expr(&a.value)?;
                self.set_loc(a.range);
                self.emit(Opcode::BINARY_OP, op);
                self.set_loc(s.range);
                self.emit(Opcode::SWAP, 3);
                self.emit(Opcode::SWAP, 2);
                self.op(Opcode::STORE_SUBSCR);
            }
            other => {
                return error(
                    format!(
                        "'{}' is an illegal expression for augmented assignment",
                        super::expr::describe(other)
                    ),
                    other.range(),
                )
            }
        }
        Ok(())
    }

    fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign) -> CResult<()> {
        let module_or_class = !self.u().kind.is_function_like();
        if let Some(v) = &a.value {
            self.expr(v)?;
            self.store_target(&a.target)?;
        }
        match &*a.target {
            Expr::Name(n) => {
                if a.simple && module_or_class {
                    self.annotation(&a.annotation)?;
                    self.set_loc(a.range);
                    self.emit_name(Opcode::LOAD_NAME, "__annotations__");
                    let name = self.mangle(&n.id);
                    self.load_const(Constant::Str(name.into()));
                    self.op(Opcode::STORE_SUBSCR);
                }
            }
            Expr::Attribute(at) => {
                if a.value.is_none() {
                    self.expr(&at.value)?;
                    self.op(Opcode::POP_TOP);
                }
            }
            Expr::Subscript(s) => {
                if a.value.is_none() {
                    self.expr(&s.value)?;
                    self.op(Opcode::POP_TOP);
                    self.expr(&s.slice)?;
                    self.op(Opcode::POP_TOP);
                }
            }
            other => return error("illegal target for annotation".to_string(), other.range()),
        }
        // Under the annotations future, a complex target's annotation is not evaluated.
        let complex_target = !a.simple || !matches!(&*a.target, Expr::Name(_));
        if complex_target && module_or_class && !self.future.annotations() {
            self.expr(&a.annotation)?;
            self.op(Opcode::POP_TOP);
        }
        Ok(())
    }

    /// An annotation's value: the expression, or its text under the annotations future.
    fn annotation(&mut self, ann: &'a Expr) -> CResult<()> {
        if self.future.annotations() {
            let text = super::unparse::annotation_text(ann, self.index);
            self.load_const(Constant::Str(text.into()));
            return Ok(());
        }
        match ann {
            // `*args: *Ts` (PEP 646): the one item of the unpacked value, as 3.11
            // evaluates it (`[ann] = [*Ts]`).
            Expr::Starred(s) => {
                self.expr(&s.value)?;
                self.emit(Opcode::UNPACK_SEQUENCE, 1);
                Ok(())
            }
            _ => self.expr(ann),
        }
    }

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> CResult<()> {
        let end = self.label();
        let mut next = self.label();
        self.jump_if(&i.test, next, false)?;
        self.stmts(&i.body)?;
        for clause in &i.elif_else_clauses {
            self.set_loc(i.range);
            self.jump(Opcode::JUMP, end);
            self.bind(next);
            next = self.label();
            match &clause.test {
                Some(t) => {
                    self.set_loc(clause.range);
                    self.jump_if(t, next, false)?;
                    self.stmts(&clause.body)?;
                }
                None => self.stmts(&clause.body)?,
            }
        }
        self.bind(next);
        self.bind(end);
        Ok(())
    }

    pub fn push_fblock(
        &mut self,
        kind: FBlockKind<'a>,
        start: Option<Label>,
        exit: Option<Label>,
    ) -> CResult<()> {
        self.check_block_depth()?;
        let u = self.unit();
        let fb = FBlock {
            kind,
            start,
            exit,
            outer_handler: u.current_handler(),
            outer_base: u.base,
        };
        u.fblocks.push(fb);
        Ok(())
    }

    fn check_block_depth(&mut self) -> CResult<()> {
        if self.unit().fblocks.len() >= MAX_BLOCKS {
            return error("too many statically nested blocks", self.stmt_range);
        }
        Ok(())
    }

    /// Like `push_fblock` but with the outer handler and base given explicitly.
    pub fn push_fblock_at(
        &mut self,
        kind: FBlockKind<'a>,
        outer_handler: Option<u32>,
        outer_base: u32,
    ) -> CResult<()> {
        self.check_block_depth()?;
        self.unit().fblocks.push(FBlock {
            kind,
            start: None,
            exit: None,
            outer_handler,
            outer_base,
        });
        Ok(())
    }

    pub fn pop_fblock(&mut self) {
        self.unit().fblocks.pop();
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> CResult<()> {
        let top = self.label();
        let body = self.label();
        let anchor = self.label();
        let end = self.label();
        self.bind(top);
        self.push_fblock(FBlockKind::WhileLoop, Some(top), Some(end))?;
        self.jump_if(&w.test, anchor, false)?;
        self.bind(body);
        self.stmts(&w.body)?;
        self.set_loc(w.range);
        self.jump_if(&w.test, body, true)?;
        self.pop_fblock();
        self.bind(anchor);
        self.stmts(&w.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> CResult<()> {
        if f.is_async {
            return self.async_for_stmt(f);
        }
        let start = self.label();
        let cleanup = self.label();
        let end = self.label();
        self.expr(&f.iter)?;
        self.set_loc(f.range);
        self.op(Opcode::GET_ITER);
        self.bind(start);
        self.push_fblock(FBlockKind::ForLoop, Some(start), Some(end))?;
        self.jump(Opcode::FOR_ITER, cleanup);
        self.unit().base += 1;
        self.store_target(&f.target)?;
        self.stmts(&f.body)?;
        self.set_loc(f.range);
        self.jump(Opcode::JUMP, start);
        self.unit().base -= 1;
        self.bind(cleanup);
        self.pop_fblock();
        self.stmts(&f.orelse)?;
        self.bind(end);
        Ok(())
    }

    /// `async for`: `GET_ANEXT` and an await per item; the loop ends when that raises
    /// `StopAsyncIteration`, which `END_ASYNC_FOR` in the handler absorbs.
    fn async_for_stmt(&mut self, f: &'a ast::StmtFor) -> CResult<()> {
        let start = self.label();
        let except = self.label();
        let end = self.label();
        self.expr(&f.iter)?;
        self.set_loc(f.range);
        self.op(Opcode::GET_AITER);
        self.bind(start);
        self.push_fblock(FBlockKind::ForLoop, Some(start), Some(end))?;
        let base = self.u().base;
        self.unit().push_handler(except, base + 1, false);
        self.op(Opcode::GET_ANEXT);
        self.await_top_value();
        self.unit().pop_handler();
        self.unit().base += 1;
        self.store_target(&f.target)?;
        self.stmts(&f.body)?;
        self.set_loc(f.range);
        self.jump(Opcode::JUMP, start);
        self.unit().base -= 1;
        self.bind(except);
        self.pop_fblock();
        self.set_loc(f.range);
        self.op(Opcode::END_ASYNC_FOR);
        self.stmts(&f.orelse)?;
        self.bind(end);
        Ok(())
    }

    /// `await` of the awaitable on top: `GET_AWAITABLE site`, then the SEND loop.
    pub fn await_top(&mut self, site: u32) {
        self.emit(Opcode::GET_AWAITABLE, site);
        self.load_const(Constant::None);
        self.yield_from_loop();
    }

    /// The SEND loop over an awaitable already on top (`GET_ANEXT` made it one).
    pub fn await_top_value(&mut self) {
        self.load_const(Constant::None);
        self.yield_from_loop();
    }

    fn return_stmt(&mut self, r: &'a ast::StmtReturn) -> CResult<()> {
        if !self.u().kind.is_function_like() {
            return error("'return' outside function", r.range);
        }
        let scope = &self.table.scopes[self.u().scope];
        if scope.is_generator && scope.is_coroutine && r.value.is_some() {
            return error("'return' with value in async generator", r.range);
        }
        let constant = r.value.as_ref().map(|v| self.const_value(v));
        let preserve = matches!(constant, Some(None));
        if preserve {
            self.expr(r.value.as_ref().unwrap())?;
        }
        self.set_loc(r.range);
        self.unwind_fblock_stack(preserve, false, r.range)?;
        match constant {
            None => self.load_const(Constant::None),
            Some(Some(c)) => self.load_const(c),
            Some(None) => {}
        }
        self.op(Opcode::RETURN_VALUE);
        Ok(())
    }

    fn break_stmt(&mut self, range: TextRange) -> CResult<()> {
        let Some(loop_idx) = self.unwind_fblock_stack(false, true, range)? else {
            return error("'break' outside loop", range);
        };
        let fb = self.u().fblocks[loop_idx].clone();
        let saved = self.u().handler_stack.len();
        let saved_base = self.u().base;
        self.unwind_fblock(&fb, false)?;
        self.jump(Opcode::JUMP, fb.exit.unwrap());
        let u = self.unit();
        u.handler_stack.truncate(saved);
        u.base = saved_base;
        Ok(())
    }

    fn continue_stmt(&mut self, range: TextRange) -> CResult<()> {
        let Some(loop_idx) = self.unwind_fblock_stack(false, true, range)? else {
            return error("'continue' not properly in loop", range);
        };
        let start = self.u().fblocks[loop_idx].start.unwrap();
        self.jump(Opcode::JUMP, start);
        Ok(())
    }

    /// Emits the unwinding code for every frame block from the innermost out (stopping at the
    /// innermost loop when `to_loop`, whose index is returned). The handler stack and base depth
    /// are restored afterwards (the code that follows is unreachable or the jump target's).
    fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        to_loop: bool,
        range: TextRange,
    ) -> CResult<Option<usize>> {
        let saved_handlers = self.u().handler_stack.len();
        let saved_base = self.u().base;
        let saved_blocks = self.u().fblocks.clone();
        let mut result = None;
        while let Some(top) = self.u().fblocks.last().cloned() {
            if matches!(top.kind, FBlockKind::ExceptionGroupHandler) {
                return error(
                    "'break', 'continue' and 'return' cannot appear in an except* block",
                    range,
                );
            }
            if to_loop && matches!(top.kind, FBlockKind::WhileLoop | FBlockKind::ForLoop) {
                result = Some(self.u().fblocks.len() - 1);
                break;
            }
            self.unit().fblocks.pop();
            self.unwind_fblock(&top, preserve_tos)?;
        }
        let u = self.unit();
        u.fblocks = saved_blocks;
        u.handler_stack.truncate(saved_handlers);
        u.base = saved_base;
        Ok(result)
    }

    fn unwind_fblock(&mut self, fb: &FBlock<'a>, preserve_tos: bool) -> CResult<()> {
        let u = self.unit();
        u.handler_stack.push(fb.outer_handler);
        u.base = fb.outer_base + preserve_tos as u32;
        match &fb.kind {
            FBlockKind::WhileLoop | FBlockKind::TryExcept | FBlockKind::ExceptionGroupHandler => {}
            FBlockKind::ForLoop | FBlockKind::PopValue => {
                if preserve_tos {
                    self.emit(Opcode::SWAP, 2);
                }
                self.op(Opcode::POP_TOP);
            }
            FBlockKind::FinallyTry(body) => {
                if preserve_tos {
                    let (h, b) = (fb.outer_handler, fb.outer_base);
                    self.push_fblock_at(FBlockKind::PopValue, h, b)?;
                }
                let (line, cols) = (self.u().line, self.u().cols);
                self.stmts(body)?;
                if preserve_tos {
                    self.pop_fblock();
                }
                let u = self.unit();
                u.line = line;
                u.cols = cols;
            }
            FBlockKind::FinallyEnd => {
                if preserve_tos {
                    self.emit(Opcode::SWAP, 2);
                }
                self.op(Opcode::POP_TOP);
                if preserve_tos {
                    self.emit(Opcode::SWAP, 2);
                }
                self.op(Opcode::POP_EXCEPT);
            }
            FBlockKind::With(w) => {
                let (line, cols) = (self.u().line, self.u().cols);
                self.set_loc(w.range);
                if preserve_tos {
                    self.emit(Opcode::SWAP, 2);
                }
                self.call_exit_with_nones();
                if w.is_async {
                    self.await_top(2);
                }
                self.op(Opcode::POP_TOP);
                let u = self.unit();
                u.line = line;
                u.cols = cols;
            }
            FBlockKind::HandlerCleanup(name) => {
                if preserve_tos {
                    self.emit(Opcode::SWAP, 2);
                }
                self.op(Opcode::POP_EXCEPT);
                if let Some(name) = name {
                    self.load_const(Constant::None);
                    self.name_op(name, ExprContext::Store)?;
                    self.name_op(name, ExprContext::Del)?;
                }
            }
        }
        Ok(())
    }

    fn call_exit_with_nones(&mut self) {
        self.load_const(Constant::None);
        self.load_const(Constant::None);
        self.load_const(Constant::None);
        self.emit(Opcode::CALL, 2);
    }

    fn with_stmt(&mut self, w: &'a ast::StmtWith, pos: usize) -> CResult<()> {
        let item = &w.items[pos];
        let final_ = self.label();
        let exit = self.label();
        let cleanup = self.label();
        self.expr(&item.context_expr)?;
        self.set_loc(w.range);
        if w.is_async {
            self.op(Opcode::BEFORE_ASYNC_WITH);
            self.await_top(1);
        } else {
            self.op(Opcode::BEFORE_WITH);
        }
        let base = self.u().base;
        self.push_fblock(FBlockKind::With(w), None, None)?;
        self.unit().push_handler(final_, base + 1, true);
        self.unit().base = base + 1;
        match &item.optional_vars {
            Some(v) => self.store_target(v)?,
            None => self.op(Opcode::POP_TOP),
        }
        if pos + 1 == w.items.len() {
            self.stmts(&w.body)?;
        } else {
            self.with_stmt(w, pos + 1)?;
        }
        self.unit().pop_handler();
        self.pop_fblock();
        self.set_loc(w.range);
        self.call_exit_with_nones();
        if w.is_async {
            self.await_top(2);
        }
        self.op(Opcode::POP_TOP);
        self.jump(Opcode::JUMP, exit);
        // Exceptional exit.
        self.bind(final_);
        self.unit().push_handler(cleanup, base + 3, true);
        self.op(Opcode::PUSH_EXC_INFO);
        self.op(Opcode::WITH_EXCEPT_START);
        if w.is_async {
            self.await_top(2);
        }
        self.with_except_finish(cleanup);
        self.unit().base = base;
        self.bind(exit);
        Ok(())
    }

    /// After `WITH_EXCEPT_START` (the cleanup handler pushed): re-raise unless exit returned true.
    fn with_except_finish(&mut self, cleanup: Label) {
        let suppress = self.label();
        self.jump(Opcode::POP_JUMP_IF_TRUE, suppress);
        self.emit(Opcode::RERAISE, 2);
        let cleanup_handler = self.u().current_handler();
        self.unit().pop_handler();
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.unit().handler_stack.push(cleanup_handler);
        self.bind(suppress);
        self.op(Opcode::POP_TOP);
        self.unit().pop_handler();
        self.op(Opcode::POP_EXCEPT);
        self.op(Opcode::POP_TOP);
        self.op(Opcode::POP_TOP);
    }

    pub fn pop_except_and_reraise(&mut self) {
        self.emit(Opcode::COPY, 3);
        self.op(Opcode::POP_EXCEPT);
        self.emit(Opcode::RERAISE, 1);
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> CResult<()> {
        let end = self.label();
        let exit = self.label();
        let cleanup = self.label();
        let base = self.u().base;
        self.push_fblock(FBlockKind::FinallyTry(&t.finalbody), None, None)?;
        self.unit().push_handler(end, base, false);
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
        } else if t.is_star {
            self.try_star_except(t)?;
        } else {
            self.try_except(t)?;
        }
        self.unit().pop_handler();
        self.pop_fblock();
        self.stmts(&t.finalbody)?;
        self.jump(Opcode::JUMP, exit);
        // Exceptional path.
        self.bind(end);
        self.unit().push_handler(cleanup, base + 1, true);
        self.op(Opcode::PUSH_EXC_INFO);
        let outer = self.u().handler_stack[self.u().handler_stack.len() - 2];
        self.push_fblock_at(FBlockKind::FinallyEnd, outer, base)?;
        self.unit().base = base + 2;
        self.stmts(&t.finalbody)?;
        self.unit().base = base;
        self.pop_fblock();
        self.emit(Opcode::RERAISE, 0);
        self.unit().pop_handler();
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(exit);
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> CResult<()> {
        let except = self.label();
        let end = self.label();
        let cleanup = self.label();
        let base = self.u().base;
        let outer = self.u().current_handler();
        self.unit().push_handler(except, base, false);
        self.push_fblock(FBlockKind::TryExcept, None, None)?;
        self.stmts(&t.body)?;
        self.pop_fblock();
        self.unit().pop_handler();
        self.stmts(&t.orelse)?;
        self.jump(Opcode::JUMP, end);
        self.bind(except);
        let cleanup_h = self.unit().push_handler(cleanup, base + 1, true);
        self.op(Opcode::PUSH_EXC_INFO);
        let n = t.handlers.len();
        let mut next;
        for (i, h) in t.handlers.iter().enumerate() {
            let ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(h.range);
            if h.type_.is_none() && i + 1 < n {
                return error("default 'except:' must be last", h.range);
            }
            next = self.label();
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.set_loc(h.range);
                self.op(Opcode::CHECK_EXC_MATCH);
                self.jump(Opcode::POP_JUMP_IF_FALSE, next);
            }
            self.unit().base = base + 1;
            if let Some(name) = &h.name {
                let cleanup_end = self.label();
                self.name_op(name, ExprContext::Store)?;
                self.unit().push_handler(cleanup_end, base + 1, true);
                self.push_fblock_at(
                    FBlockKind::HandlerCleanup(Some(name.to_string())),
                    outer,
                    base,
                )?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unit().pop_handler();
                self.unit().pop_handler();
                self.op(Opcode::POP_EXCEPT);
                self.load_const(Constant::None);
                self.name_op(name, ExprContext::Store)?;
                self.name_op(name, ExprContext::Del)?;
                self.jump(Opcode::JUMP, end);
                self.unit().handler_stack.push(Some(cleanup_h));
                self.bind(cleanup_end);
                self.load_const(Constant::None);
                self.name_op(name, ExprContext::Store)?;
                self.name_op(name, ExprContext::Del)?;
                self.emit(Opcode::RERAISE, 1);
            } else {
                self.op(Opcode::POP_TOP);
                self.push_fblock_at(FBlockKind::HandlerCleanup(None), outer, base)?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unit().pop_handler();
                self.op(Opcode::POP_EXCEPT);
                self.jump(Opcode::JUMP, end);
                self.unit().handler_stack.push(Some(cleanup_h));
            }
            self.unit().base = base;
            self.bind(next);
        }
        self.emit(Opcode::RERAISE, 0);
        self.unit().pop_handler();
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(end);
        Ok(())
    }

    /// `try: ... except* T as e: ...`, laid out as CPython 3.11's `compiler_try_star_except`.
    ///
    /// In the handler the stack is `prev_exc orig_group raised_list rest`: each clause runs
    /// `<type> CHECK_EG_MATCH` on `rest`, binds the match, and an exception escaping a clause
    /// body is appended to `raised_list`; finally `rest` is appended too and
    /// `PREP_RERAISE_STAR` (`orig list -- exc_or_None`) computes what to re-raise.
    fn try_star_except(&mut self, t: &'a ast::StmtTry) -> CResult<()> {
        let except = self.label();
        let orelse = self.label();
        let end = self.label();
        let cleanup = self.label();
        let reraise_star = self.label();
        let base = self.u().base;
        let outer = self.u().current_handler();
        self.unit().push_handler(except, base, false);
        self.push_fblock(FBlockKind::TryExcept, None, None)?;
        self.stmts(&t.body)?;
        self.pop_fblock();
        self.unit().pop_handler();
        self.jump(Opcode::JUMP, orelse);
        let n = t.handlers.len();
        self.bind(except);
        self.unit().push_handler(cleanup, base + 1, true);
        self.op(Opcode::PUSH_EXC_INFO);
        for (i, h) in t.handlers.iter().enumerate() {
            let ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(h.range);
            let next = self.label();
            let except_with_error = self.label();
            let no_match = self.label();
            if i == 0 {
                self.emit(Opcode::COPY, 1);
                self.emit(Opcode::BUILD_LIST, 0);
                self.emit(Opcode::SWAP, 2);
            }
            let Some(ty) = &h.type_ else {
                return error("expected an exception type after except*", h.range);
            };
            self.expr(ty)?;
            self.set_loc(h.range);
            self.op(Opcode::CHECK_EG_MATCH);
            self.emit(Opcode::COPY, 1);
            self.jump(Opcode::POP_JUMP_IF_NONE, no_match);
            let cleanup_end = self.label();
            match &h.name {
                Some(name) => self.name_op(name, ExprContext::Store)?,
                None => self.op(Opcode::POP_TOP),
            }
            self.unit().base = base + 4;
            self.unit().push_handler(cleanup_end, base + 4, true);
            self.push_fblock_at(FBlockKind::ExceptionGroupHandler, outer, base)?;
            self.stmts(&h.body)?;
            self.pop_fblock();
            self.unit().pop_handler();
            if let Some(name) = &h.name {
                self.load_const(Constant::None);
                self.name_op(name, ExprContext::Store)?;
                self.name_op(name, ExprContext::Del)?;
            }
            self.jump(Opcode::JUMP, next);
            self.bind(cleanup_end);
            if let Some(name) = &h.name {
                self.load_const(Constant::None);
                self.name_op(name, ExprContext::Store)?;
                self.name_op(name, ExprContext::Del)?;
            }
            self.emit(Opcode::LIST_APPEND, 3);
            self.op(Opcode::POP_TOP);
            self.jump(Opcode::JUMP, except_with_error);
            self.bind(next);
            self.jump(Opcode::JUMP, except_with_error);
            self.bind(no_match);
            self.op(Opcode::POP_TOP);
            self.bind(except_with_error);
            self.unit().base = base;
            if i + 1 == n {
                self.emit(Opcode::LIST_APPEND, 1);
                self.jump(Opcode::JUMP, reraise_star);
            }
        }
        let reraise = self.label();
        self.bind(reraise_star);
        self.op(Opcode::PREP_RERAISE_STAR);
        self.emit(Opcode::COPY, 1);
        self.jump(Opcode::POP_JUMP_IF_NOT_NONE, reraise);
        self.op(Opcode::POP_TOP);
        self.unit().pop_handler();
        self.op(Opcode::POP_EXCEPT);
        self.jump(Opcode::JUMP, end);
        self.bind(reraise);
        self.emit(Opcode::SWAP, 2);
        self.op(Opcode::POP_EXCEPT);
        self.emit(Opcode::RERAISE, 0);
        self.bind(cleanup);
        self.pop_except_and_reraise();
        self.bind(orelse);
        self.stmts(&t.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn import(&mut self, i: &'a ast::StmtImport) -> CResult<()> {
        for a in &i.names {
            self.set_loc(a.range);
            self.load_const(Constant::Int(0.into()));
            self.load_const(Constant::None);
            self.emit_name(Opcode::IMPORT_NAME, &a.name);
            match &a.asname {
                Some(asname) => {
                    let parts: Vec<&str> = a.name.split('.').collect();
                    if parts.len() > 1 {
                        for (k, attr) in parts[1..].iter().enumerate() {
                            self.emit_name(Opcode::IMPORT_FROM, attr);
                            if k + 2 < parts.len() {
                                self.emit(Opcode::SWAP, 2);
                                self.op(Opcode::POP_TOP);
                            }
                        }
                        self.name_op(asname, ExprContext::Store)?;
                        self.op(Opcode::POP_TOP);
                    } else {
                        self.name_op(asname, ExprContext::Store)?;
                    }
                }
                None => {
                    let first = a.name.split('.').next().unwrap_or("");
                    self.name_op(first, ExprContext::Store)?;
                }
            }
        }
        Ok(())
    }

    fn import_from(&mut self, i: &'a ast::StmtImportFrom) -> CResult<()> {
        if i.module
            .as_ref()
            .is_some_and(|m| m.as_str() == "__future__")
            && self.line_of(i.range) > self.future.last_line
        {
            return error(super::future::LATE_FUTURE, i.range);
        }
        self.load_const(Constant::Int(i.level.into()));
        let names: Vec<Constant> = i
            .names
            .iter()
            .map(|a| Constant::Str(a.name.as_str().into()))
            .collect();
        self.load_const(Constant::Tuple(names));
        let module = i.module.as_ref().map_or(String::new(), |m| m.to_string());
        self.emit_name(Opcode::IMPORT_NAME, &module);
        for a in &i.names {
            if a.name.as_str() == "*" {
                self.op(Opcode::IMPORT_STAR);
                return Ok(());
            }
            self.set_loc(a.range);
            self.emit_name(Opcode::IMPORT_FROM, &a.name);
            let store = a.asname.as_ref().unwrap_or(&a.name);
            self.name_op(store, ExprContext::Store)?;
        }
        self.set_loc(i.range);
        self.op(Opcode::POP_TOP);
        Ok(())
    }

    // ---- functions and classes ----

    fn decorators(&mut self, decs: &'a [ast::Decorator]) -> CResult<()> {
        for d in decs {
            self.expr(&d.expression)?;
            self.set_loc(d.range);
            self.op(Opcode::PUSH_NULL);
        }
        Ok(())
    }

    fn apply_decorators(&mut self, decs: &'a [ast::Decorator]) {
        for d in decs.iter().rev() {
            self.set_loc(d.range);
            self.emit(Opcode::CALL, 1);
        }
    }

    /// Pushes defaults / kwdefaults / annotations for a function; returns MAKE_FUNCTION flags.
    pub fn function_prelude(
        &mut self,
        params: Option<&'a ast::Parameters>,
        returns: Option<&'a Expr>,
        annotations: bool,
    ) -> CResult<u32> {
        let mut flags = 0;
        let Some(p) = params else {
            return Ok(0);
        };
        let defaults: Vec<&Expr> = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !defaults.is_empty() {
            self.build_tuple_of(&defaults)?;
            flags |= 1;
        }
        let kwdefaults: Vec<(&ast::ParameterWithDefault, &Expr)> = p
            .kwonlyargs
            .iter()
            .filter_map(|a| a.default.as_deref().map(|d| (a, d)))
            .collect();
        if !kwdefaults.is_empty() {
            for (a, d) in &kwdefaults {
                let name = self.mangle(&a.parameter.name);
                self.load_const(Constant::Str(name.into()));
                self.expr(d)?;
            }
            self.emit(Opcode::BUILD_MAP, kwdefaults.len() as u32);
            flags |= 2;
        }
        if annotations {
            let mut n = 0;
            let mut anns: Vec<(&str, &Expr)> = Vec::new();
            for a in p.posonlyargs.iter().chain(p.args.iter()) {
                if let Some(ann) = a.parameter.annotation() {
                    anns.push((&a.parameter.name, ann));
                }
            }
            if let Some(v) = &p.vararg {
                if let Some(ann) = v.annotation() {
                    anns.push((&v.name, ann));
                }
            }
            for a in p.kwonlyargs.iter() {
                if let Some(ann) = a.parameter.annotation() {
                    anns.push((&a.parameter.name, ann));
                }
            }
            if let Some(k) = &p.kwarg {
                if let Some(ann) = k.annotation() {
                    anns.push((&k.name, ann));
                }
            }
            if let Some(r) = returns {
                anns.push(("return", r));
            }
            for (name, ann) in anns {
                let name = self.mangle(name);
                self.load_const(Constant::Str(name.into()));
                self.annotation(ann)?;
                n += 1;
            }
            if n > 0 {
                self.emit(Opcode::BUILD_MAP, n);
                flags |= 4;
            }
        }
        Ok(flags)
    }

    /// Loads `code` as a function: closure tuple (if it has free variables), the code constant,
    /// `MAKE_FUNCTION flags`.
    pub fn make_function(&mut self, code: Rc<CompiledCode>, mut flags: u32) -> CResult<()> {
        if !code.freevars.is_empty() {
            for name in &code.freevars {
                let Some(i) = self.u().deref_index(name) else {
                    return error(
                        format!("internal compiler error: no cell for free variable '{name}'"),
                        TextRange::default(),
                    );
                };
                self.emit(Opcode::LOAD_CLOSURE, i);
            }
            self.emit(Opcode::BUILD_TUPLE, code.freevars.len() as u32);
            flags |= 8;
        }
        self.load_const(Constant::Code(code.into()));
        self.emit(Opcode::MAKE_FUNCTION, flags);
        Ok(())
    }

    fn set_arg_counts(&mut self, p: &ast::Parameters) {
        let u = self.unit();
        u.posonlyargcount = p.posonlyargs.len() as u32;
        u.argcount = (p.posonlyargs.len() + p.args.len()) as u32;
        u.kwonlyargcount = p.kwonlyargs.len() as u32;
        if p.vararg.is_some() {
            u.flags |= code_flags::VARARGS;
        }
        if p.kwarg.is_some() {
            u.flags |= code_flags::VARKEYWORDS;
        }
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> CResult<()> {
        if f.type_params.is_some() {
            return error("invalid syntax", f.range);
        }
        self.decorators(&f.decorator_list)?;
        self.set_loc(f.range);
        let flags = self.function_prelude(Some(&f.parameters), f.returns.as_deref(), true)?;
        let line = f
            .decorator_list
            .first()
            .map_or(self.line_of(f.range), |d| self.line_of(d.range));
        self.enter_unit(Some(node_key(f)), &f.name, line);
        self.set_arg_counts(&f.parameters);
        let mut body: &'a [Stmt] = &f.body;
        match docstring(body) {
            Some(doc) => {
                self.unit().add_const(Constant::Str(doc.into()));
                body = &body[1..];
            }
            None => {
                self.unit().add_const(Constant::None);
            }
        }
        self.set_loc(f.range);
        self.stmts(body)?;
        self.implicit_return();
        let code = self.exit_unit()?;
        self.set_loc(f.range);
        self.make_function(code, flags)?;
        self.apply_decorators(&f.decorator_list);
        self.set_loc(f.range);
        self.name_op(&f.name, ExprContext::Store)?;
        Ok(())
    }

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> CResult<()> {
        if c.type_params.is_some() {
            return error("invalid syntax", c.range);
        }
        self.decorators(&c.decorator_list)?;
        let line = c
            .decorator_list
            .first()
            .map_or(self.line_of(c.range), |d| self.line_of(d.range));
        self.enter_unit(Some(node_key(c)), &c.name, line);
        self.set_loc(c.range);
        self.emit_name(Opcode::LOAD_NAME, "__name__");
        self.emit_name(Opcode::STORE_NAME, "__module__");
        let qualname = self.u().qualname.clone();
        self.load_const(Constant::Str(qualname.into()));
        self.emit_name(Opcode::STORE_NAME, "__qualname__");
        let mut body: &'a [Stmt] = &c.body;
        if find_ann(body) {
            self.op(Opcode::SETUP_ANNOTATIONS);
        }
        if let Some(doc) = docstring(body) {
            self.set_loc(body[0].range());
            self.load_const(Constant::Str(doc.into()));
            self.emit_name(Opcode::STORE_NAME, "__doc__");
            body = &body[1..];
        }
        self.stmts(body)?;
        self.set_loc(c.range);
        if self.table.scopes[self.u().scope].needs_class_cell {
            let i = self.u().deref_index("__class__").unwrap();
            self.emit(Opcode::LOAD_CLOSURE, i);
            self.emit(Opcode::COPY, 1);
            self.emit_name(Opcode::STORE_NAME, "__classcell__");
            self.op(Opcode::RETURN_VALUE);
        } else {
            self.load_const(Constant::None);
            self.op(Opcode::RETURN_VALUE);
        }
        let code = self.exit_unit()?;
        self.set_loc(c.range);
        self.op(Opcode::LOAD_BUILD_CLASS);
        self.op(Opcode::PUSH_NULL);
        self.make_function(code, 0)?;
        self.load_const(Constant::Str(c.name.as_str().into()));
        let (args, keywords): (&'a [Expr], &'a [ast::Keyword]) = match &c.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        self.call_helper(2, args, keywords, c.range)?;
        self.apply_decorators(&c.decorator_list);
        self.set_loc(c.range);
        self.name_op(&c.name, ExprContext::Store)?;
        Ok(())
    }

    // ---- assignment targets ----

    pub fn store_target(&mut self, t: &'a Expr) -> CResult<()> {
        match t {
            Expr::Name(n) => {
                self.set_loc(n.range);
                self.name_op(&n.id, ExprContext::Store)
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_loc(a.range);
                let name = self.mangle(&a.attr);
                self.emit_name(Opcode::STORE_ATTR, &name);
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.set_loc(s.range);
                self.op(Opcode::STORE_SUBSCR);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, range, .. })
            | Expr::List(ast::ExprList { elts, range, .. }) => {
                self.set_loc(*range);
                self.unpack(elts, *range)?;
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.store_target(&s.value)?,
                        _ => self.store_target(e)?,
                    }
                }
                Ok(())
            }
            Expr::Starred(s) => error(
                "starred assignment target must be in a list or tuple",
                s.range,
            ),
            other => error(
                format!("cannot assign to {}", super::expr::describe(other)),
                other.range(),
            ),
        }
    }

    /// `UNPACK_SEQUENCE n` or `UNPACK_EX before|after<<8`.
    pub fn unpack(&mut self, elts: &[Expr], range: TextRange) -> CResult<()> {
        let mut star = None;
        for (i, e) in elts.iter().enumerate() {
            if matches!(e, Expr::Starred(_)) {
                if star.is_some() {
                    return error("multiple starred expressions in assignment", range);
                }
                star = Some(i);
            }
        }
        match star {
            Some(i) => {
                let after = elts.len() - i - 1;
                if i >= 256 || after >= (1 << 24) {
                    return error("too many expressions in star-unpacking assignment", range);
                }
                self.emit(Opcode::UNPACK_EX, i as u32 | ((after as u32) << 8));
            }
            None => self.emit(Opcode::UNPACK_SEQUENCE, elts.len() as u32),
        }
        Ok(())
    }

    fn delete_target(&mut self, t: &'a Expr) -> CResult<()> {
        match t {
            Expr::Name(n) => {
                self.set_loc(n.range);
                self.name_op(&n.id, ExprContext::Del)
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_loc(a.range);
                let name = self.mangle(&a.attr);
                self.emit_name(Opcode::DELETE_ATTR, &name);
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.set_loc(s.range);
                self.op(Opcode::DELETE_SUBSCR);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts {
                    self.delete_target(e)?;
                }
                Ok(())
            }
            other => error(
                format!("cannot delete {}", super::expr::describe(other)),
                other.range(),
            ),
        }
    }
}
