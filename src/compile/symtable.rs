//! The symbol table: which scope each name of each code block lives in.
//!
//! Built in two passes, as CPython's `symtable.c`: the first walks the AST and records, per block
//! (module, class, function, lambda, comprehension), how each name is used; the second resolves
//! every name to local / global (explicit or implicit) / free / cell, walking the block tree with
//! the set of names bound by enclosing function blocks.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{self as ast, Comprehension, ExceptHandler, Expr, Parameters, Pattern, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// Name assigned in the block (store, del, def, class, for target, with target...).
pub const DEF_LOCAL: u32 = 1;
/// Declared `global`.
pub const DEF_GLOBAL: u32 = 2;
/// Declared `nonlocal`.
pub const DEF_NONLOCAL: u32 = 4;
/// A parameter.
pub const DEF_PARAM: u32 = 8;
/// Read in the block.
pub const USE: u32 = 16;
/// Bound by a walrus inside a comprehension: lives in the enclosing function (free here).
pub const DEF_COMP_FREE: u32 = 32;
/// Bound by a walrus inside a comprehension at module level: global here.
pub const DEF_COMP_GLOBAL: u32 = 64;
/// Bound by an import.
pub const DEF_IMPORT: u32 = 128;
/// Bound in a class body and also free in one of its methods: the class passes the outer
/// binding through in its `co_freevars`.
pub const DEF_FREE_CLASS: u32 = 256;

const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

impl ScopeKind {
    /// Function-like blocks use fast locals.
    pub fn is_function_like(self) -> bool {
        matches!(
            self,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
        )
    }
}

/// Where a name lives, once resolved.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum SymScope {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

#[derive(Clone, Debug)]
pub struct Symbol {
    pub name: String,
    pub flags: u32,
    pub scope: SymScope,
}

#[derive(Clone, Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    pub symbols: Vec<Symbol>,
    index: HashMap<String, usize>,
    pub children: Vec<usize>,
    /// Parameters in `co_varnames` order (posonly, regular, kwonly, *args, **kwargs).
    pub params: Vec<String>,
    pub is_generator: bool,
    /// An `async def` body, or a comprehension that awaits (`async for` or `await` inside).
    pub is_coroutine: bool,
    /// Nested inside a function-like block.
    pub nested: bool,
    /// A class body whose methods use `__class__` / `super`: needs the `__class__` cell.
    pub needs_class_cell: bool,
    /// Class name for private-name mangling in this block.
    pub private: Option<String>,
    /// Where each `nonlocal` name was declared (for error positions).
    nonlocal_ranges: HashMap<String, TextRange>,
}

impl Scope {
    fn new(kind: ScopeKind, name: &str, nested: bool, private: Option<String>) -> Scope {
        Scope {
            kind,
            name: name.to_string(),
            symbols: Vec::new(),
            index: HashMap::new(),
            children: Vec::new(),
            params: Vec::new(),
            is_generator: false,
            is_coroutine: false,
            nested,
            needs_class_cell: false,
            private,
            nonlocal_ranges: HashMap::new(),
        }
    }

    pub fn lookup(&self, name: &str) -> Option<&Symbol> {
        self.index.get(name).map(|&i| &self.symbols[i])
    }

    fn flags(&self, name: &str) -> u32 {
        self.lookup(name).map_or(0, |s| s.flags)
    }

    fn add(&mut self, name: &str, flag: u32) {
        match self.index.get(name) {
            Some(&i) => self.symbols[i].flags |= flag,
            None => {
                self.index.insert(name.to_string(), self.symbols.len());
                self.symbols.push(Symbol {
                    name: name.to_string(),
                    flags: flag,
                    scope: SymScope::GlobalImplicit,
                });
            }
        }
    }

    /// `co_cellvars`: sorted, as CPython.
    pub fn cellvars(&self) -> Vec<String> {
        let mut v = self.names_with(SymScope::Cell);
        if self.needs_class_cell {
            v.push("__class__".to_string());
        }
        v.sort();
        v
    }

    /// `co_freevars`: sorted, as CPython.
    pub fn freevars(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .symbols
            .iter()
            .filter(|s| s.scope == SymScope::Free || s.flags & DEF_FREE_CLASS != 0)
            .map(|s| s.name.clone())
            .collect();
        v.sort();
        v
    }

    /// Names resolved to `scope`, in first-seen order.
    pub fn names_with(&self, scope: SymScope) -> Vec<String> {
        self.symbols
            .iter()
            .filter(|s| s.scope == scope)
            .map(|s| s.name.clone())
            .collect()
    }
}

/// A symbol table error: message and where.
#[derive(Clone, Debug)]
pub struct SymtableError {
    pub msg: String,
    pub range: TextRange,
}

/// The message of the error for nesting deeper than `MAX_DEPTH` (a RecursionError).
pub const RECURSION_MSG: &str = "maximum recursion depth exceeded during compilation";

/// How deep statements and expressions may nest: CPython's symtable allows three times the
/// default recursion limit, and raises RecursionError beyond. Everything after the symtable
/// (code generation) recurses no deeper, so the native stack stays bounded.
const MAX_DEPTH: u32 = 3000;

fn err<T>(msg: impl Into<String>, range: TextRange) -> Result<T, SymtableError> {
    Err(SymtableError {
        msg: msg.into(),
        range,
    })
}

pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
}

/// The key of an AST node owning a block: its address.
pub fn node_key<T>(node: &T) -> usize {
    node as *const T as usize
}

impl SymbolTable {
    /// The block opened by the node at `key` (see `node_key`).
    pub fn scope_of(&self, key: usize) -> usize {
        self.by_node[&key]
    }

    pub fn build_module(
        body: &[Stmt],
        annotations_as_text: bool,
    ) -> Result<SymbolTable, SymtableError> {
        let mut b = Builder::new();
        b.annotations_as_text = annotations_as_text;
        for s in body {
            b.stmt(s)?;
        }
        b.finish()
    }

    pub fn build_expression(expr: &Expr) -> Result<SymbolTable, SymtableError> {
        let mut b = Builder::new();
        b.expr(expr)?;
        b.finish()
    }
}

/// Applies private-name mangling (`__x` inside class `C` becomes `_C__x`).
pub fn mangle(private: Option<&str>, name: &str) -> String {
    let Some(class) = private else {
        return name.to_string();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

struct Builder {
    scopes: Vec<Scope>,
    stack: Vec<usize>,
    by_node: HashMap<usize, usize>,
    /// Inside a comprehension's iterable expression (walrus is forbidden there).
    comp_iter_depth: u32,
    /// Statements and expressions being visited (bounded by `MAX_DEPTH`).
    depth: u32,
    /// `from __future__ import annotations`: annotations are text, so their names are not
    /// uses.
    annotations_as_text: bool,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            scopes: vec![Scope::new(ScopeKind::Module, "top", false, None)],
            stack: vec![0],
            by_node: HashMap::new(),
            comp_iter_depth: 0,
            annotations_as_text: false,
            depth: 0,
        }
    }

    fn cur(&mut self) -> &mut Scope {
        let i = *self.stack.last().unwrap();
        &mut self.scopes[i]
    }

    fn cur_id(&self) -> usize {
        *self.stack.last().unwrap()
    }

    fn enter(&mut self, kind: ScopeKind, name: &str, key: usize) {
        let parent = self.cur_id();
        let p = &self.scopes[parent];
        let nested = p.nested || p.kind.is_function_like();
        let private = if kind == ScopeKind::Class {
            Some(name.to_string())
        } else {
            p.private.clone()
        };
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, name, nested, private));
        self.scopes[parent].children.push(id);
        self.by_node.insert(key, id);
        self.stack.push(id);
    }

    fn leave(&mut self) {
        self.stack.pop();
    }

    fn add_def(&mut self, name: &str, flag: u32, range: TextRange) -> Result<(), SymtableError> {
        let private = self.cur().private.clone();
        let name = mangle(private.as_deref(), name);
        let scope = self.cur();
        if flag & DEF_PARAM != 0 && scope.flags(&name) & DEF_PARAM != 0 {
            return err(
                format!("duplicate argument '{name}' in function definition"),
                range,
            );
        }
        scope.add(&name, flag);
        Ok(())
    }

    fn finish(mut self) -> Result<SymbolTable, SymtableError> {
        analyze(&mut self.scopes, 0, &HashSet::new(), &HashSet::new())?;
        Ok(SymbolTable {
            scopes: self.scopes,
            by_node: self.by_node,
        })
    }

    fn body(&mut self, body: &[Stmt]) -> Result<(), SymtableError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), SymtableError> {
        self.descend(s.range())?;
        let r = self.stmt_inner(s);
        self.depth -= 1;
        r
    }

    /// One level deeper, or RecursionError past `MAX_DEPTH`.
    fn descend(&mut self, range: TextRange) -> Result<(), SymtableError> {
        if self.depth >= MAX_DEPTH {
            return err(RECURSION_MSG, range);
        }
        self.depth += 1;
        Ok(())
    }

    fn stmt_inner(&mut self, s: &Stmt) -> Result<(), SymtableError> {
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression)?;
                }
                self.param_defaults(&f.parameters)?;
                self.param_annotations(&f.parameters)?;
                if let Some(r) = f.returns.as_deref().filter(|_| !self.annotations_as_text) {
                    self.expr(r)?;
                }
                self.add_def(&f.name, DEF_LOCAL, f.name.range)?;
                self.enter(ScopeKind::Function, &f.name, node_key(f));
                self.cur().is_coroutine = f.is_async;
                self.params(&f.parameters)?;
                self.body(&f.body)?;
                self.leave();
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(&d.expression)?;
                }
                if let Some(args) = &c.arguments {
                    for a in args.args.iter() {
                        self.expr(a)?;
                    }
                    for k in args.keywords.iter() {
                        self.expr(&k.value)?;
                    }
                }
                self.add_def(&c.name, DEF_LOCAL, c.name.range)?;
                self.enter(ScopeKind::Class, &c.name, node_key(c));
                self.body(&c.body)?;
                self.leave();
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v)?;
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.expr(t)?;
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                for t in &a.targets {
                    self.expr(t)?;
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.value)?;
                self.expr(&a.target)?;
                if let Expr::Name(n) = &*a.target {
                    self.add_def(&n.id, USE, n.range)?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    let flags = self.cur().flags(&n.id);
                    if flags & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && a.simple {
                        let kind = if flags & DEF_GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        return err(
                            format!("annotated name '{}' can't be {kind}", n.id),
                            n.range,
                        );
                    }
                }
                if !self.cur().kind.is_function_like() && !self.annotations_as_text {
                    self.expr(&a.annotation)?;
                }
                if let Some(v) = &a.value {
                    self.expr(v)?;
                }
                self.expr(&a.target)?;
            }
            Stmt::For(f) => {
                if f.is_async {
                    self.async_check("'async for' outside async function", f.range)?;
                }
                self.expr(&f.iter)?;
                self.expr(&f.target)?;
                self.body(&f.body)?;
                self.body(&f.orelse)?;
            }
            Stmt::While(w) => {
                self.expr(&w.test)?;
                self.body(&w.body)?;
                self.body(&w.orelse)?;
            }
            Stmt::If(i) => {
                self.expr(&i.test)?;
                self.body(&i.body)?;
                // CPython's tree nests each `elif` in the previous `orelse`: count its depth.
                let outer = self.depth;
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.descend(c.range)?;
                        self.expr(t)?;
                    }
                    self.body(&c.body)?;
                }
                self.depth = outer;
            }
            Stmt::With(w) => {
                if w.is_async {
                    self.async_check("'async with' outside async function", w.range)?;
                }
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.expr(v)?;
                    }
                }
                self.body(&w.body)?;
            }
            Stmt::Match(m) => {
                self.expr(&m.subject)?;
                for c in &m.cases {
                    self.pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.expr(g)?;
                    }
                    self.body(&c.body)?;
                }
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                }
                if let Some(c) = &r.cause {
                    self.expr(c)?;
                }
            }
            Stmt::Try(t) => {
                self.body(&t.body)?;
                for h in &t.handlers {
                    let ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.add_def(n, DEF_LOCAL, n.range)?;
                    }
                    self.body(&h.body)?;
                }
                self.body(&t.orelse)?;
                self.body(&t.finalbody)?;
            }
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let stored = match &a.asname {
                        Some(n) => n.to_string(),
                        None => a.name.split('.').next().unwrap_or("").to_string(),
                    };
                    self.add_def(&stored, DEF_IMPORT, a.range)?;
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        if self.cur().kind != ScopeKind::Module {
                            return err("import * only allowed at module level", i.range);
                        }
                        continue;
                    }
                    let stored = a.asname.as_ref().unwrap_or(&a.name);
                    self.add_def(stored, DEF_IMPORT, a.range)?;
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    let flags = self.cur().flags(n);
                    if flags & (DEF_PARAM | DEF_LOCAL | USE | DEF_NONLOCAL | DEF_IMPORT) != 0 {
                        let msg = if flags & DEF_PARAM != 0 {
                            format!("name '{n}' is parameter and global")
                        } else if flags & DEF_NONLOCAL != 0 {
                            format!("name '{n}' is nonlocal and global")
                        } else if flags & (DEF_LOCAL | DEF_IMPORT) != 0 {
                            format!("name '{n}' is assigned to before global declaration")
                        } else {
                            format!("name '{n}' is used prior to global declaration")
                        };
                        return err(msg, g.range);
                    }
                    self.add_def(n, DEF_GLOBAL, n.range)?;
                }
            }
            Stmt::Nonlocal(g) => {
                if self.cur().kind == ScopeKind::Module {
                    return err("nonlocal declaration not allowed at module level", g.range);
                }
                for n in &g.names {
                    let flags = self.cur().flags(n);
                    if flags & (DEF_PARAM | DEF_LOCAL | USE | DEF_GLOBAL | DEF_IMPORT) != 0 {
                        let msg = if flags & DEF_PARAM != 0 {
                            format!("name '{n}' is parameter and nonlocal")
                        } else if flags & DEF_GLOBAL != 0 {
                            format!("name '{n}' is nonlocal and global")
                        } else if flags & (DEF_LOCAL | DEF_IMPORT) != 0 {
                            format!("name '{n}' is assigned to before nonlocal declaration")
                        } else {
                            format!("name '{n}' is used prior to nonlocal declaration")
                        };
                        return err(msg, g.range);
                    }
                    self.add_def(n, DEF_NONLOCAL, n.range)?;
                    self.cur().nonlocal_ranges.insert(n.to_string(), g.range);
                }
            }
            Stmt::Expr(e) => self.expr(&e.value)?,
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            Stmt::TypeAlias(t) => return err("invalid syntax", t.range),
            Stmt::IpyEscapeCommand(t) => return err("invalid syntax", t.range),
        }
        Ok(())
    }

    fn param_defaults(&mut self, p: &Parameters) -> Result<(), SymtableError> {
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            if let Some(d) = &a.default {
                self.expr(d)?;
            }
        }
        for a in p.kwonlyargs.iter() {
            if let Some(d) = &a.default {
                self.expr(d)?;
            }
        }
        Ok(())
    }

    fn param_annotations(&mut self, p: &Parameters) -> Result<(), SymtableError> {
        if self.annotations_as_text {
            return Ok(());
        }
        for a in p.iter() {
            if let Some(ann) = a.annotation() {
                self.expr(ann)?;
            }
        }
        Ok(())
    }

    fn params(&mut self, p: &Parameters) -> Result<(), SymtableError> {
        let mut names: Vec<(&ast::Identifier, TextRange)> = Vec::new();
        for a in p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .chain(p.kwonlyargs.iter())
        {
            names.push((&a.parameter.name, a.range));
        }
        if let Some(v) = &p.vararg {
            names.push((&v.name, v.range));
        }
        if let Some(k) = &p.kwarg {
            names.push((&k.name, k.range));
        }
        for (n, r) in names {
            self.add_def(n, DEF_PARAM, r)?;
            let private = self.cur().private.clone();
            let m = mangle(private.as_deref(), n);
            self.cur().params.push(m);
        }
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern) -> Result<(), SymtableError> {
        match p {
            Pattern::MatchValue(v) => self.expr(&v.value)?,
            Pattern::MatchSingleton(_) => {}
            Pattern::MatchSequence(s) => {
                for p in &s.patterns {
                    self.pattern(p)?;
                }
            }
            Pattern::MatchMapping(m) => {
                for k in m.keys.iter() {
                    self.expr(k)?;
                }
                for p in m.patterns.iter() {
                    self.pattern(p)?;
                }
                if let Some(r) = &m.rest {
                    self.add_def(r, DEF_LOCAL, r.range)?;
                }
            }
            Pattern::MatchClass(c) => {
                self.expr(&c.cls)?;
                for p in c.arguments.patterns.iter() {
                    self.pattern(p)?;
                }
                for k in &c.arguments.keywords {
                    self.pattern(&k.pattern)?;
                }
            }
            Pattern::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.add_def(n, DEF_LOCAL, n.range)?;
                }
            }
            Pattern::MatchAs(a) => {
                if let Some(p) = &a.pattern {
                    self.pattern(p)?;
                }
                if let Some(n) = &a.name {
                    self.add_def(n, DEF_LOCAL, n.range)?;
                }
            }
            Pattern::MatchOr(o) => {
                for p in &o.patterns {
                    self.pattern(p)?;
                }
            }
        }
        Ok(())
    }

    fn exprs(&mut self, es: &[Expr]) -> Result<(), SymtableError> {
        for e in es {
            self.expr(e)?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), SymtableError> {
        self.descend(e.range())?;
        let r = self.expr_inner(e);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &Expr) -> Result<(), SymtableError> {
        match e {
            Expr::BoolOp(b) => self.exprs(&b.values)?,
            Expr::Named(n) => {
                if self.comp_iter_depth > 0 {
                    return err(
                        "assignment expression cannot be used in a comprehension iterable expression",
                        n.range,
                    );
                }
                self.expr(&n.value)?;
                self.walrus_target(&n.target)?;
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
            }
            Expr::UnaryOp(u) => self.expr(&u.operand)?,
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.param_defaults(p)?;
                }
                self.enter(ScopeKind::Lambda, "lambda", node_key(l));
                if let Some(p) = &l.parameters {
                    self.params(p)?;
                }
                self.expr(&l.body)?;
                self.leave();
            }
            Expr::If(i) => {
                self.expr(&i.test)?;
                self.expr(&i.body)?;
                self.expr(&i.orelse)?;
            }
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(k) = &item.key {
                        self.expr(k)?;
                    }
                    self.expr(&item.value)?;
                }
            }
            Expr::Set(s) => self.exprs(&s.elts)?,
            Expr::ListComp(c) => {
                self.comprehension(node_key(c), "listcomp", &c.generators, &[&c.elt])?
            }
            Expr::SetComp(c) => {
                self.comprehension(node_key(c), "setcomp", &c.generators, &[&c.elt])?
            }
            Expr::Generator(c) => {
                self.comprehension(node_key(c), "genexpr", &c.generators, &[&c.elt])?
            }
            Expr::DictComp(c) => {
                let mut elts: Vec<&Expr> = Vec::new();
                if let Some(k) = &c.key {
                    elts.push(k);
                }
                elts.push(&c.value);
                self.comprehension(node_key(c), "dictcomp", &c.generators, &elts)?
            }
            Expr::Await(a) => {
                let scope = self.cur();
                match scope.kind {
                    ScopeKind::Module | ScopeKind::Class => {
                        return err("'await' outside function", a.range)
                    }
                    ScopeKind::Comprehension => scope.is_coroutine = true,
                    _ if !scope.is_coroutine => {
                        return err("'await' outside async function", a.range)
                    }
                    _ => {}
                }
                self.expr(&a.value)?;
            }
            Expr::Yield(y) => {
                self.yield_check(y.range)?;
                if let Some(v) = &y.value {
                    self.expr(v)?;
                }
            }
            Expr::YieldFrom(y) => {
                if self.cur().is_coroutine && self.cur().kind != ScopeKind::Comprehension {
                    return err("'yield from' inside async function", y.range);
                }
                self.yield_check(y.range)?;
                self.expr(&y.value)?;
            }
            Expr::Compare(c) => {
                self.expr(&c.left)?;
                self.exprs(&c.comparators)?;
            }
            Expr::Call(c) => {
                self.expr(&c.func)?;
                self.exprs(&c.arguments.args)?;
                for k in c.arguments.keywords.iter() {
                    self.expr(&k.value)?;
                }
            }
            Expr::FString(f) => {
                for el in f.value.elements() {
                    self.fstring_element(el)?;
                }
            }
            Expr::TString(t) => return err("invalid syntax", t.range),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {}
            Expr::Attribute(a) => self.expr(&a.value)?,
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
            }
            Expr::Starred(s) => self.expr(&s.value)?,
            Expr::Name(n) => {
                let flag = match n.ctx {
                    ast::ExprContext::Load => USE,
                    _ => DEF_LOCAL,
                };
                self.add_def(&n.id, flag, n.range)?;
                if n.ctx == ast::ExprContext::Load
                    && self.cur().kind.is_function_like()
                    && n.id.as_str() == "super"
                {
                    self.cur().add("__class__", USE);
                }
                if n.id.as_str() == "__class__" && self.cur().kind.is_function_like() {
                    self.cur().add("__class__", USE);
                }
            }
            Expr::List(l) => self.exprs(&l.elts)?,
            Expr::Tuple(t) => self.exprs(&t.elts)?,
            Expr::Slice(s) => {
                if let Some(x) = &s.lower {
                    self.expr(x)?;
                }
                if let Some(x) = &s.upper {
                    self.expr(x)?;
                }
                if let Some(x) = &s.step {
                    self.expr(x)?;
                }
            }
            Expr::IpyEscapeCommand(i) => return err("invalid syntax", i.range),
        }
        Ok(())
    }

    fn fstring_element(
        &mut self,
        el: &ast::InterpolatedStringElement,
    ) -> Result<(), SymtableError> {
        if let ast::InterpolatedStringElement::Interpolation(i) = el {
            self.expr(&i.expression)?;
            if let Some(spec) = &i.format_spec {
                for el in spec.elements.iter() {
                    self.fstring_element(el)?;
                }
            }
        }
        Ok(())
    }

    /// `async for`/`async with` belong in an `async def` (or an async comprehension).
    fn async_check(&mut self, msg: &str, range: TextRange) -> Result<(), SymtableError> {
        let scope = self.cur();
        if scope.kind.is_function_like() && scope.is_coroutine {
            Ok(())
        } else {
            err(msg, range)
        }
    }

    fn yield_check(&mut self, range: TextRange) -> Result<(), SymtableError> {
        let scope = self.cur();
        match scope.kind {
            ScopeKind::Module | ScopeKind::Class => err("'yield' outside function", range),
            ScopeKind::Comprehension => {
                let what = match scope.name.as_str() {
                    "listcomp" => "list comprehension",
                    "setcomp" => "set comprehension",
                    "dictcomp" => "dict comprehension",
                    _ => "generator expression",
                };
                err(format!("'yield' inside {what}"), range)
            }
            _ => {
                scope.is_generator = true;
                Ok(())
            }
        }
    }

    fn walrus_target(&mut self, target: &Expr) -> Result<(), SymtableError> {
        let Expr::Name(n) = target else {
            return self.expr(target);
        };
        if self.cur().kind != ScopeKind::Comprehension {
            return self.add_def(&n.id, DEF_LOCAL, n.range);
        }
        // Bind in the nearest enclosing non-comprehension block.
        let name = n.id.to_string();
        for depth in (0..self.stack.len()).rev() {
            let id = self.stack[depth];
            let scope = &mut self.scopes[id];
            if scope.kind == ScopeKind::Comprehension {
                if scope.flags(&name) & DEF_LOCAL != 0 && scope.flags(&name) & DEF_COMP_FREE == 0 {
                    return err(
                        format!(
                            "assignment expression cannot rebind comprehension iteration variable '{name}'"
                        ),
                        n.range,
                    );
                }
                continue;
            }
            match scope.kind {
                ScopeKind::Class => {
                    return err(
                        "assignment expression within a comprehension cannot be used in a class body",
                        n.range,
                    );
                }
                ScopeKind::Module => {
                    scope.add(&name, DEF_LOCAL);
                    for &c in &self.stack[depth + 1..] {
                        self.scopes[c].add(&name, DEF_COMP_GLOBAL);
                    }
                }
                _ => {
                    let flags = scope.flags(&name);
                    if flags & DEF_GLOBAL != 0 {
                        for &c in &self.stack[depth + 1..] {
                            self.scopes[c].add(&name, DEF_COMP_GLOBAL);
                        }
                    } else {
                        scope.add(&name, DEF_LOCAL);
                        for &c in &self.stack[depth + 1..] {
                            self.scopes[c].add(&name, DEF_COMP_FREE);
                        }
                    }
                }
            }
            return Ok(());
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        key: usize,
        name: &str,
        generators: &[Comprehension],
        elts: &[&Expr],
    ) -> Result<(), SymtableError> {
        let first = &generators[0];
        self.comp_iter_depth += 1;
        self.expr(&first.iter)?;
        self.comp_iter_depth -= 1;
        self.enter(ScopeKind::Comprehension, name, key);
        if name == "genexpr" {
            self.cur().is_generator = true;
        }
        if generators.iter().any(|g| g.is_async) {
            self.cur().is_coroutine = true;
        }
        self.cur().add(".0", DEF_PARAM);
        self.cur().params.push(".0".to_string());
        self.expr(&first.target)?;
        self.exprs(&first.ifs)?;
        for g in &generators[1..] {
            self.comp_iter_depth += 1;
            self.expr(&g.iter)?;
            self.comp_iter_depth -= 1;
            self.expr(&g.target)?;
            self.exprs(&g.ifs)?;
        }
        for e in elts {
            self.expr(e)?;
        }
        let awaits = self.cur().is_coroutine;
        self.leave();
        // A comprehension that awaits is awaited where it is built, so that place must be
        // able to await (an async generator expression is not awaited: it is one).
        if awaits && name != "genexpr" {
            let parent = self.cur();
            match parent.kind {
                ScopeKind::Comprehension => parent.is_coroutine = true,
                k if k.is_function_like() && parent.is_coroutine => {}
                _ => {
                    return err(
                        "asynchronous comprehension outside of an asynchronous function",
                        first.range,
                    )
                }
            }
        }
        Ok(())
    }
}

/// Resolves the names of block `id` and its children; returns the names free in this block
/// (which enclosing blocks must provide).
fn analyze(
    scopes: &mut Vec<Scope>,
    id: usize,
    bound: &HashSet<String>,
    global: &HashSet<String>,
) -> Result<HashSet<String>, SymtableError> {
    let kind = scopes[id].kind;
    let mut local: HashSet<String> = HashSet::new();
    let mut free: HashSet<String> = HashSet::new();
    let mut new_global = global.clone();
    let nonlocal_ranges = scopes[id].nonlocal_ranges.clone();
    for sym in scopes[id].symbols.iter_mut() {
        let f = sym.flags;
        sym.scope = if f & (DEF_GLOBAL | DEF_COMP_GLOBAL) != 0 {
            new_global.insert(sym.name.clone());
            SymScope::GlobalExplicit
        } else if f & DEF_NONLOCAL != 0 {
            if !bound.contains(&sym.name) {
                return err(
                    format!("no binding for nonlocal '{}' found", sym.name),
                    nonlocal_ranges.get(&sym.name).copied().unwrap_or_default(),
                );
            }
            free.insert(sym.name.clone());
            SymScope::Free
        } else if f & DEF_COMP_FREE != 0 {
            free.insert(sym.name.clone());
            SymScope::Free
        } else if f & DEF_BOUND != 0 {
            local.insert(sym.name.clone());
            new_global.remove(&sym.name);
            SymScope::Local
        } else if kind != ScopeKind::Module && bound.contains(&sym.name) {
            free.insert(sym.name.clone());
            SymScope::Free
        } else {
            SymScope::GlobalImplicit
        };
    }
    let mut new_bound: HashSet<String> = HashSet::new();
    match kind {
        ScopeKind::Module => {}
        ScopeKind::Class => {
            new_bound.extend(bound.iter().cloned());
            new_bound.insert("__class__".to_string());
        }
        _ => {
            new_bound.extend(bound.iter().cloned());
            new_bound.extend(local.iter().cloned());
            for sym in &scopes[id].symbols {
                if sym.scope == SymScope::GlobalExplicit {
                    new_bound.remove(&sym.name);
                }
            }
        }
    }
    let mut child_free: HashSet<String> = HashSet::new();
    for c in scopes[id].children.clone() {
        child_free.extend(analyze(scopes, c, &new_bound, &new_global)?);
    }
    let scope = &mut scopes[id];
    if kind == ScopeKind::Class && child_free.remove("__class__") {
        scope.needs_class_cell = true;
    }
    let mut names: Vec<String> = child_free.into_iter().collect();
    names.sort();
    for name in names {
        match scope.index.get(&name).copied() {
            Some(i) => {
                let sym = &mut scope.symbols[i];
                if kind.is_function_like() && sym.scope == SymScope::Local {
                    sym.scope = SymScope::Cell;
                } else if kind == ScopeKind::Class && sym.scope != SymScope::Free {
                    // Bound in the class but free in a method: the class passes the outer
                    // binding through as a free variable too.
                    sym.flags |= DEF_FREE_CLASS;
                    free.insert(name);
                } else if sym.scope == SymScope::Free {
                    free.insert(name);
                } else if kind != ScopeKind::Module {
                    sym.scope = SymScope::Free;
                    free.insert(name);
                }
            }
            None => {
                if kind != ScopeKind::Module {
                    scope.add(&name, 0);
                    let i = scope.index[&name];
                    scope.symbols[i].scope = SymScope::Free;
                    free.insert(name);
                }
            }
        }
    }
    Ok(free)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(src: &str) -> SymbolTable {
        let m = ruff_python_parser::parse_module(src).unwrap().into_syntax();
        SymbolTable::build_module(&m.body, false).unwrap()
    }

    fn error(src: &str) -> String {
        let m = ruff_python_parser::parse_module(src).unwrap().into_syntax();
        match SymbolTable::build_module(&m.body, false) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.msg,
        }
    }

    fn scope_named<'a>(t: &'a SymbolTable, name: &str) -> &'a Scope {
        t.scopes.iter().find(|s| s.name == name).unwrap()
    }

    #[test]
    fn locals_globals_free_cells() {
        let t = table("g = 1\ndef f(a):\n    b = a\n    def h():\n        return a + g + b\n");
        let f = scope_named(&t, "f");
        assert_eq!(f.lookup("a").unwrap().scope, SymScope::Cell);
        assert_eq!(f.lookup("b").unwrap().scope, SymScope::Cell);
        let h = scope_named(&t, "h");
        assert_eq!(h.lookup("a").unwrap().scope, SymScope::Free);
        assert_eq!(h.lookup("g").unwrap().scope, SymScope::GlobalImplicit);
    }

    #[test]
    fn class_does_not_enclose_methods() {
        let t = table("def f():\n    x = 1\n    class C:\n        x = 2\n        def m(self):\n            return x\n");
        let m = scope_named(&t, "m");
        assert_eq!(m.lookup("x").unwrap().scope, SymScope::Free);
        let f = scope_named(&t, "f");
        assert_eq!(f.lookup("x").unwrap().scope, SymScope::Cell);
    }

    #[test]
    fn super_creates_class_cell() {
        let t = table("class C:\n    def m(self):\n        return super().m()\n");
        assert!(scope_named(&t, "C").needs_class_cell);
        let m = scope_named(&t, "m");
        assert_eq!(m.lookup("__class__").unwrap().scope, SymScope::Free);
    }

    #[test]
    fn nonlocal_and_global() {
        let t = table("def f():\n    x = 1\n    def g():\n        nonlocal x\n        global y\n        x = y = 2\n");
        let g = scope_named(&t, "g");
        assert_eq!(g.lookup("x").unwrap().scope, SymScope::Free);
        assert_eq!(g.lookup("y").unwrap().scope, SymScope::GlobalExplicit);
    }

    #[test]
    fn walrus_in_comprehension_binds_outside() {
        let t = table("def f():\n    [y := i for i in range(3)]\n    return y\n");
        let f = scope_named(&t, "f");
        assert_eq!(f.lookup("y").unwrap().scope, SymScope::Cell);
        let c = scope_named(&t, "listcomp");
        assert_eq!(c.lookup("y").unwrap().scope, SymScope::Free);
        assert_eq!(c.params, vec![".0".to_string()]);
    }

    #[test]
    fn mangling() {
        assert_eq!(mangle(Some("C"), "__x"), "_C__x");
        assert_eq!(mangle(Some("_C"), "__x"), "_C__x");
        assert_eq!(mangle(Some("C"), "__x__"), "__x__");
        assert_eq!(mangle(Some("__"), "__x"), "__x");
        assert_eq!(mangle(None, "__x"), "__x");
    }

    #[test]
    fn errors() {
        assert_eq!(
            error("def f():\n    nonlocal x\n"),
            "no binding for nonlocal 'x' found"
        );
        assert_eq!(
            error("nonlocal x\n"),
            "nonlocal declaration not allowed at module level"
        );
        assert_eq!(
            error("def f():\n    print(x)\n    global x\n"),
            "name 'x' is used prior to global declaration"
        );
        assert_eq!(
            error("def f():\n    x = 1\n    global x\n"),
            "name 'x' is assigned to before global declaration"
        );
        assert_eq!(
            error("def f(a, a):\n    pass\n"),
            "duplicate argument 'a' in function definition"
        );
        assert_eq!(error("yield 1\n"), "'yield' outside function");
        assert_eq!(error("class C:\n    yield 1\n"), "'yield' outside function");
    }
}
