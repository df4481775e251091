//! `compile()` of an `ast` tree: the tree (as `pyast::PyAst` describes it) back into ruff's
//! syntax tree, so the one code generator compiles it. The tree has no source text, so each
//! node's offsets are fresh indices into a table of the (line, column) pairs it carried
//! (`LineIndex::from_positions`); a parent's range encloses its children's, as in parsed trees.
//!
//! The checks are CPython 3.11's `obj2ast_*` and `_PyAST_Validate`: a `TypeError` for a node
//! of the wrong sort or a field of the wrong type, a `ValueError` for a tree no source could
//! give (a `Store` where a `Load` belongs, an empty body, a `Name` spelled `None`, ...).

use std::collections::HashMap;

use num_bigint::Sign;
use ruff_python_ast::{
    self as ast, AtomicNodeIndex, BoolOp, CmpOp, ConversionFlag, Expr, ExprContext, Identifier,
    Mod, Number, Operator, Pattern, Singleton, Stmt, UnaryOp,
};
use ruff_text_size::{TextRange, TextSize};

use super::pyast::{AstNode, PyAst};
use super::{CompileError, Mode};
use crate::bytecode::code::Constant;

/// Why a tree cannot be compiled.
#[derive(Debug)]
pub enum TreeError {
    /// A node of the wrong sort or a field of the wrong type (`TypeError`).
    Type(String),
    /// A tree no source text could produce (`ValueError`).
    Value(String),
    /// What Heron cannot compile yet (`NotImplementedError`).
    Unsupported(String),
    /// A `SyntaxError` found while compiling it (`return` outside a function, ...).
    Syntax(CompileError),
}

/// A tree in ruff's form, with its position table.
pub struct Lowered {
    pub module: Mod,
    pub positions: Vec<(u32, u32)>,
    pub exact_strs: HashMap<u32, Vec<u8>>,
}

type R<T> = Result<T, TreeError>;

/// Lowers the tree `compile(tree, filename, mode)` was given; the mode must match its root.
pub fn lower(tree: &PyAst, mode: Mode) -> R<Lowered> {
    let mut b = Builder {
        positions: Vec::new(),
        exact_strs: HashMap::new(),
        here: [1, 0, 1, 0],
    };
    let (want, root) = match (mode, tree) {
        (Mode::Exec, _) => ("Module", tree),
        (Mode::Eval, _) => ("Expression", tree),
        (Mode::Single, _) => ("Interactive", tree),
    };
    let node = match root {
        PyAst::Node(n) if n.class == want => n,
        other => {
            return Err(TreeError::Type(format!(
                "expected {want} node, got {}",
                type_name(other)
            )))
        }
    };
    let start = b.mark_start(None);
    let module = if mode == Mode::Eval {
        let body = b.expr(field(node, "body")?)?;
        Mod::Expression(ast::ModExpression {
            node_index: AtomicNodeIndex::NONE,
            range: b.end(start),
            body: Box::new(body),
        })
    } else {
        let body = b.stmts(node, "body")?;
        Mod::Module(ast::ModModule {
            node_index: AtomicNodeIndex::NONE,
            range: b.end(start),
            body: body.into(),
        })
    };
    Ok(Lowered {
        module,
        positions: b.positions,
        exact_strs: b.exact_strs,
    })
}

struct Builder {
    positions: Vec<(u32, u32)>,
    exact_strs: HashMap<u32, Vec<u8>>,
    /// The position of the innermost node that has one: nodes without positions of their
    /// own (`arguments`, `comprehension`, `withitem`, `match_case`) take it.
    here: [i32; 4],
}

/// Where a node starts, and the enclosing position to restore when it is done.
struct Open {
    start: TextSize,
    saved: [i32; 4],
}

fn field<'t>(n: &'t AstNode, name: &str) -> R<&'t PyAst> {
    n.fields
        .iter()
        .find(|(f, _)| *f == name)
        .map(|(_, v)| v)
        .ok_or_else(|| {
            TreeError::Type(format!(
                "required field \"{name}\" missing from {}",
                n.class
            ))
        })
}

/// How a value is named in CPython's messages about it.
fn type_name(v: &PyAst) -> String {
    match v {
        PyAst::Node(n) => n.class.to_string(),
        PyAst::List(_) => "list".into(),
        PyAst::Ident(_) => "str".into(),
        PyAst::None => "NoneType".into(),
        PyAst::Opaque { type_name, .. } => type_name.clone(),
        PyAst::Const(c) => match c {
            Constant::None => "NoneType",
            Constant::Bool(_) => "bool",
            Constant::Int(_) => "int",
            Constant::Float(_) => "float",
            Constant::Complex { .. } => "complex",
            Constant::Str(_) | Constant::ExactStr(_) => "str",
            Constant::Bytes(_) => "bytes",
            Constant::Tuple(_) => "tuple",
            Constant::Ellipsis => "ellipsis",
            Constant::Code(_) => "code",
        }
        .into(),
    }
}

/// How a value is shown in "expected some sort of expr, but got ..." (CPython shows its repr).
fn describe(v: &PyAst) -> String {
    match v {
        PyAst::Node(n) => format!("<ast.{} object at {:#x}>", n.class, n.origin),
        PyAst::None => "None".into(),
        PyAst::Ident(s) => format!("{s:?}"),
        PyAst::Const(Constant::Str(s)) => format!("{s:?}"),
        PyAst::Const(Constant::Int(i)) => i.to_string(),
        PyAst::Opaque { repr, .. } => repr.clone(),
        other => format!("<{} object>", type_name(other)),
    }
}

fn wrong_sort(sort: &str, v: &PyAst) -> TreeError {
    // CPython reads a positioned sort's location before its kind, so a node without one
    // (a `Module` where an expression belongs) fails on that first.
    if let PyAst::Node(n) = v {
        if n.pos.is_none() && matches!(sort, "expr" | "stmt" | "pattern" | "excepthandler") {
            return TreeError::Type(format!("required field \"lineno\" missing from {sort}"));
        }
    }
    TreeError::Type(format!(
        "expected some sort of {sort}, but got {}",
        describe(v)
    ))
}

impl Builder {
    fn mark(&mut self, at: (i32, i32)) -> TextSize {
        let i = self.positions.len() as u32;
        self.positions
            .push((at.0.max(0) as u32, at.1.max(0) as u32));
        TextSize::new(i)
    }

    /// Opens a node at its own position (or the enclosing one).
    fn mark_start(&mut self, pos: Option<[i32; 4]>) -> Open {
        let saved = self.here;
        if let Some(p) = pos {
            self.here = p;
        }
        let start = self.mark((self.here[0], self.here[1]));
        Open { start, saved }
    }

    fn open(&mut self, n: &AstNode) -> Open {
        self.mark_start(n.pos)
    }

    /// Closes a node opened by `open`/`mark_start` at the end of its position.
    fn end(&mut self, o: Open) -> TextRange {
        let end = self.mark((self.here[2], self.here[3]));
        self.here = o.saved;
        TextRange::new(o.start, end)
    }

    fn ident(&mut self, v: &PyAst) -> R<Identifier> {
        let name = match v {
            PyAst::Ident(s) => s.clone(),
            PyAst::Const(Constant::Str(s)) => s.to_string(),
            _ => return Err(TreeError::Type("AST identifier must be of type str".into())),
        };
        let start = self.mark((self.here[0], self.here[1]));
        let end = self.mark((self.here[2], self.here[3]));
        Ok(Identifier::new(name, TextRange::new(start, end)))
    }

    fn opt_ident(&mut self, v: &PyAst) -> R<Option<Identifier>> {
        match v {
            PyAst::None => Ok(None),
            v => self.ident(v).map(Some),
        }
    }

    fn list<'t>(&self, n: &'t AstNode, name: &str) -> R<&'t [PyAst]> {
        match field(n, name)? {
            PyAst::List(items) => Ok(items),
            other => Err(TreeError::Type(format!(
                "{} field \"{name}\" must be a list, not a {}",
                n.class,
                type_name(other)
            ))),
        }
    }

    fn int(&self, n: &AstNode, name: &str) -> R<i64> {
        match field(n, name)? {
            PyAst::Const(Constant::Int(i)) => i64::try_from(i)
                .map_err(|_| TreeError::Value(format!("invalid integer value: {i}"))),
            PyAst::Const(Constant::Bool(b)) => Ok(i64::from(*b)),
            other => Err(TreeError::Value(format!(
                "invalid integer value: {}",
                describe(other)
            ))),
        }
    }

    // ---- statements ----

    /// The statements of a body field (a None among them becomes a placeholder: the
    /// validator reports it).
    fn stmts(&mut self, n: &AstNode, name: &str) -> R<Vec<Stmt>> {
        let items = self.list(n, name)?;
        items
            .iter()
            .map(|s| match s {
                PyAst::None => Ok(Stmt::Pass(ast::StmtPass {
                    node_index: AtomicNodeIndex::NONE,
                    range: self.placeholder(),
                })),
                s => self.stmt(s),
            })
            .collect()
    }

    fn exprs(&mut self, n: &AstNode, name: &str) -> R<Vec<Expr>> {
        let items = self.list(n, name)?;
        items.iter().map(|e| self.list_expr(e)).collect()
    }

    /// An item of an expression list (None becomes a placeholder, as in `stmts`).
    fn list_expr(&mut self, e: &PyAst) -> R<Expr> {
        match e {
            PyAst::None => Ok(Expr::NoneLiteral(ast::ExprNoneLiteral {
                node_index: AtomicNodeIndex::NONE,
                range: self.placeholder(),
            })),
            e => self.expr(e),
        }
    }

    fn placeholder(&mut self) -> TextRange {
        let o = self.mark_start(None);
        self.end(o)
    }

    fn opt_expr(&mut self, v: &PyAst) -> R<Option<Box<Expr>>> {
        match v {
            PyAst::None => Ok(None),
            v => Ok(Some(Box::new(self.expr(v)?))),
        }
    }

    /// A required expression field: CPython's node constructors refuse None.
    fn field_expr(&mut self, n: &AstNode, name: &str) -> R<Box<Expr>> {
        let v = field(n, name)?;
        if matches!(v, PyAst::None) {
            return Err(TreeError::Value(format!(
                "field '{name}' is required for {}",
                n.class
            )));
        }
        Ok(Box::new(self.expr(v)?))
    }

    fn field_opt_expr(&mut self, n: &AstNode, name: &str) -> R<Option<Box<Expr>>> {
        let v = field(n, name)?;
        self.opt_expr(v)
    }

    fn stmt(&mut self, v: &PyAst) -> R<Stmt> {
        let PyAst::Node(n) = v else {
            return Err(wrong_sort("stmt", v));
        };
        let idx = AtomicNodeIndex::NONE;
        Ok(match n.class {
            "FunctionDef" | "AsyncFunctionDef" => {
                let pos = self.decorated_pos(n)?;
                let o = self.mark_start(pos);
                let decorator_list = self.decorators(n)?;
                let name = self.ident(field(n, "name")?)?;
                let parameters = Box::new(self.arguments(field(n, "args")?)?);
                let returns = self.field_opt_expr(n, "returns")?;
                let body = self.stmts(n, "body")?;
                Stmt::FunctionDef(ast::StmtFunctionDef {
                    node_index: idx,
                    range: self.end(o),
                    is_async: n.class == "AsyncFunctionDef",
                    decorator_list: decorator_list.into(),
                    name,
                    type_params: None,
                    parameters,
                    returns,
                    body: body.into(),
                })
            }
            "ClassDef" => {
                let pos = self.decorated_pos(n)?;
                let o = self.mark_start(pos);
                let decorator_list = self.decorators(n)?;
                let name = self.ident(field(n, "name")?)?;
                let a = self.mark_start(None);
                let args = self.exprs(n, "bases")?;
                let keywords = self.keywords(n)?;
                let arguments = ast::Arguments {
                    node_index: AtomicNodeIndex::NONE,
                    range: self.end(a),
                    args: args.into(),
                    keywords: keywords.into(),
                };
                let body = self.stmts(n, "body")?;
                Stmt::ClassDef(ast::StmtClassDef {
                    node_index: idx,
                    range: self.end(o),
                    decorator_list: decorator_list.into(),
                    name,
                    type_params: None,
                    arguments: Some(Box::new(arguments)),
                    body: body.into(),
                })
            }
            "Return" => {
                let o = self.open(n);
                let value = self.field_opt_expr(n, "value")?;
                Stmt::Return(ast::StmtReturn {
                    node_index: idx,
                    range: self.end(o),
                    value,
                })
            }
            "Delete" => {
                let o = self.open(n);
                let targets = self.exprs(n, "targets")?;
                Stmt::Delete(ast::StmtDelete {
                    node_index: idx,
                    range: self.end(o),
                    targets,
                })
            }
            "Assign" => {
                let o = self.open(n);
                let targets = self.exprs(n, "targets")?;
                let value = self.field_expr(n, "value")?;
                Stmt::Assign(ast::StmtAssign {
                    node_index: idx,
                    range: self.end(o),
                    targets,
                    value,
                })
            }
            "AugAssign" => {
                let o = self.open(n);
                let target = self.field_expr(n, "target")?;
                let op = operator(field(n, "op")?)?;
                let value = self.field_expr(n, "value")?;
                Stmt::AugAssign(ast::StmtAugAssign {
                    node_index: idx,
                    range: self.end(o),
                    target,
                    op,
                    value,
                })
            }
            "AnnAssign" => {
                let o = self.open(n);
                let target = self.field_expr(n, "target")?;
                let annotation = self.field_expr(n, "annotation")?;
                let value = self.field_opt_expr(n, "value")?;
                let simple = self.int(n, "simple")? != 0;
                Stmt::AnnAssign(ast::StmtAnnAssign {
                    node_index: idx,
                    range: self.end(o),
                    target,
                    annotation,
                    value,
                    simple,
                })
            }
            "For" | "AsyncFor" => {
                let o = self.open(n);
                let target = self.field_expr(n, "target")?;
                let iter = self.field_expr(n, "iter")?;
                let body = self.stmts(n, "body")?;
                let orelse = self.stmts(n, "orelse")?;
                Stmt::For(ast::StmtFor {
                    node_index: idx,
                    range: self.end(o),
                    is_async: n.class == "AsyncFor",
                    target,
                    iter,
                    body: body.into(),
                    orelse: orelse.into(),
                })
            }
            "While" => {
                let o = self.open(n);
                let test = self.field_expr(n, "test")?;
                let body = self.stmts(n, "body")?;
                let orelse = self.stmts(n, "orelse")?;
                Stmt::While(ast::StmtWhile {
                    node_index: idx,
                    range: self.end(o),
                    test,
                    body: body.into(),
                    orelse: orelse.into(),
                })
            }
            "If" => {
                let o = self.open(n);
                let test = self.field_expr(n, "test")?;
                let body = self.stmts(n, "body")?;
                let c = self.mark_start(None);
                let orelse = self.stmts(n, "orelse")?;
                let clause_range = self.end(c);
                let elif_else_clauses = if orelse.is_empty() {
                    Vec::new()
                } else {
                    vec![ast::ElifElseClause {
                        range: clause_range,
                        node_index: AtomicNodeIndex::NONE,
                        test: None,
                        body: orelse.into(),
                    }]
                };
                Stmt::If(ast::StmtIf {
                    node_index: idx,
                    range: self.end(o),
                    test,
                    body: body.into(),
                    elif_else_clauses,
                })
            }
            "With" | "AsyncWith" => {
                let o = self.open(n);
                let items = self
                    .list(n, "items")?
                    .iter()
                    .map(|it| self.with_item(it))
                    .collect::<R<Vec<_>>>()?;
                let body = self.stmts(n, "body")?;
                Stmt::With(ast::StmtWith {
                    node_index: idx,
                    range: self.end(o),
                    is_async: n.class == "AsyncWith",
                    items,
                    body: body.into(),
                })
            }
            "Match" => {
                let o = self.open(n);
                let subject = self.field_expr(n, "subject")?;
                let cases = self
                    .list(n, "cases")?
                    .iter()
                    .map(|c| self.match_case(c))
                    .collect::<R<Vec<_>>>()?;
                Stmt::Match(ast::StmtMatch {
                    node_index: idx,
                    range: self.end(o),
                    subject,
                    cases,
                })
            }
            "Raise" => {
                let o = self.open(n);
                let exc = self.field_opt_expr(n, "exc")?;
                let cause = self.field_opt_expr(n, "cause")?;
                Stmt::Raise(ast::StmtRaise {
                    node_index: idx,
                    range: self.end(o),
                    exc,
                    cause,
                })
            }
            "Try" | "TryStar" => {
                let o = self.open(n);
                let body = self.stmts(n, "body")?;
                let handlers = self
                    .list(n, "handlers")?
                    .iter()
                    .map(|h| self.handler(h))
                    .collect::<R<Vec<_>>>()?;
                let orelse = self.stmts(n, "orelse")?;
                let finalbody = self.stmts(n, "finalbody")?;
                Stmt::Try(ast::StmtTry {
                    node_index: idx,
                    range: self.end(o),
                    body: body.into(),
                    handlers,
                    orelse: orelse.into(),
                    finalbody: finalbody.into(),
                    is_star: n.class == "TryStar",
                })
            }
            "Assert" => {
                let o = self.open(n);
                let test = self.field_expr(n, "test")?;
                let msg = self.field_opt_expr(n, "msg")?;
                Stmt::Assert(ast::StmtAssert {
                    node_index: idx,
                    range: self.end(o),
                    test,
                    msg,
                })
            }
            "Import" => {
                let o = self.open(n);
                let names = self.aliases(n)?;
                Stmt::Import(ast::StmtImport {
                    node_index: idx,
                    range: self.end(o),
                    names,
                    is_lazy: false,
                })
            }
            "ImportFrom" => {
                let o = self.open(n);
                let module = self.opt_ident(field(n, "module")?)?;
                let names = self.aliases(n)?;
                let level = match field(n, "level")? {
                    PyAst::None => 0,
                    _ => self.int(n, "level")?,
                };
                Stmt::ImportFrom(ast::StmtImportFrom {
                    node_index: idx,
                    range: self.end(o),
                    module,
                    names,
                    level: level.max(0) as u32,
                    is_lazy: false,
                })
            }
            "Global" | "Nonlocal" => {
                let o = self.open(n);
                let names = self
                    .list(n, "names")?
                    .iter()
                    .map(|v| self.ident(v))
                    .collect::<R<Vec<_>>>()?;
                let range = self.end(o);
                if n.class == "Global" {
                    Stmt::Global(ast::StmtGlobal {
                        node_index: idx,
                        range,
                        names,
                    })
                } else {
                    Stmt::Nonlocal(ast::StmtNonlocal {
                        node_index: idx,
                        range,
                        names,
                    })
                }
            }
            "Expr" => {
                let o = self.open(n);
                let value = self.field_expr(n, "value")?;
                Stmt::Expr(ast::StmtExpr {
                    node_index: idx,
                    range: self.end(o),
                    value,
                })
            }
            "Pass" | "Break" | "Continue" => {
                let o = self.open(n);
                let range = self.end(o);
                match n.class {
                    "Pass" => Stmt::Pass(ast::StmtPass {
                        node_index: idx,
                        range,
                    }),
                    "Break" => Stmt::Break(ast::StmtBreak {
                        node_index: idx,
                        range,
                    }),
                    _ => Stmt::Continue(ast::StmtContinue {
                        node_index: idx,
                        range,
                    }),
                }
            }
            _ => return Err(wrong_sort("stmt", v)),
        })
    }

    /// Where a decorated definition starts: CPython's first line of a decorated function or
    /// class is its first decorator's (the ruff tree's range starts there too).
    fn decorated_pos(&self, n: &AstNode) -> R<Option<[i32; 4]>> {
        let own = n.pos.unwrap_or(self.here);
        Ok(match self.list(n, "decorator_list")?.first() {
            Some(PyAst::Node(d)) => d.pos.map(|p| [p[0], p[1], own[2], own[3]]),
            _ => None,
        }
        .or(n.pos))
    }

    fn decorators(&mut self, n: &AstNode) -> R<Vec<ast::Decorator>> {
        let items = self.list(n, "decorator_list")?;
        items
            .iter()
            .map(|d| {
                let o = self.mark_start(match d {
                    PyAst::Node(dn) => dn.pos,
                    _ => None,
                });
                let expression = self.expr(d)?;
                Ok(ast::Decorator {
                    range: self.end(o),
                    node_index: AtomicNodeIndex::NONE,
                    expression,
                })
            })
            .collect()
    }

    fn keywords(&mut self, n: &AstNode) -> R<Vec<ast::Keyword>> {
        let items = self.list(n, "keywords")?;
        items
            .iter()
            .map(|k| {
                let kn = self.node_of("keyword", k)?;
                let o = self.open(kn);
                let arg = self.opt_ident(field(kn, "arg")?)?;
                let value = *self.field_expr(kn, "value")?;
                Ok(ast::Keyword {
                    range: self.end(o),
                    node_index: AtomicNodeIndex::NONE,
                    arg,
                    value,
                })
            })
            .collect()
    }

    fn aliases(&mut self, n: &AstNode) -> R<Vec<ast::Alias>> {
        let items = self.list(n, "names")?;
        items
            .iter()
            .map(|a| {
                let an = self.node_of("alias", a)?;
                let o = self.open(an);
                let name = self.ident(field(an, "name")?)?;
                let asname = self.opt_ident(field(an, "asname")?)?;
                Ok(ast::Alias {
                    range: self.end(o),
                    node_index: AtomicNodeIndex::NONE,
                    name,
                    asname,
                })
            })
            .collect()
    }

    /// A node that must be of class `class` (`keyword`, `alias`, `arguments`, ...).
    fn node_of<'t>(&self, class: &str, v: &'t PyAst) -> R<&'t AstNode> {
        match v {
            PyAst::Node(n) if n.class == class => Ok(n),
            other => Err(wrong_sort(class, other)),
        }
    }

    fn with_item(&mut self, v: &PyAst) -> R<ast::WithItem> {
        let n = self.node_of("withitem", v)?;
        let o = self.open(n);
        let context_expr = *self.field_expr(n, "context_expr")?;
        let optional_vars = self.opt_expr(field(n, "optional_vars")?)?;
        Ok(ast::WithItem {
            range: self.end(o),
            node_index: AtomicNodeIndex::NONE,
            context_expr,
            optional_vars,
        })
    }

    fn handler(&mut self, v: &PyAst) -> R<ast::ExceptHandler> {
        let n = self.node_of("ExceptHandler", v)?;
        let o = self.open(n);
        let type_ = self.field_opt_expr(n, "type")?;
        let name = self.opt_ident(field(n, "name")?)?;
        let body = self.stmts(n, "body")?;
        Ok(ast::ExceptHandler::ExceptHandler(
            ast::ExceptHandlerExceptHandler {
                range: self.end(o),
                node_index: AtomicNodeIndex::NONE,
                type_,
                name,
                body: body.into(),
            },
        ))
    }

    fn arg(&mut self, v: &PyAst) -> R<ast::Parameter> {
        let n = self.node_of("arg", v)?;
        let o = self.open(n);
        let name = self.ident(field(n, "arg")?)?;
        let annotation = self.field_opt_expr(n, "annotation")?;
        Ok(ast::Parameter {
            range: self.end(o),
            node_index: AtomicNodeIndex::NONE,
            name,
            annotation,
        })
    }

    fn arguments(&mut self, v: &PyAst) -> R<ast::Parameters> {
        let n = self.node_of("arguments", v)?;
        let o = self.open(n);
        let args_of = |b: &mut Self, name: &str| -> R<Vec<ast::Parameter>> {
            b.list(n, name)?.iter().map(|a| b.arg(a)).collect()
        };
        let posonly = args_of(self, "posonlyargs")?;
        let args = args_of(self, "args")?;
        let vararg = match field(n, "vararg")? {
            PyAst::None => None,
            a => Some(Box::new(self.arg(a)?)),
        };
        let kwonly = args_of(self, "kwonlyargs")?;
        let kw_defaults = self
            .list(n, "kw_defaults")?
            .iter()
            .map(|d| self.opt_expr(d))
            .collect::<R<Vec<_>>>()?;
        let kwarg = match field(n, "kwarg")? {
            PyAst::None => None,
            a => Some(Box::new(self.arg(a)?)),
        };
        let defaults = self.exprs(n, "defaults")?;
        // The defaults belong to the last positional parameters (the validator checks that
        // there are no more of them than parameters).
        let positional = posonly.len() + args.len();
        let first_default = positional.saturating_sub(defaults.len());
        let mut defaults = defaults.into_iter().map(|d| Some(Box::new(d)));
        let mut with_defaults = |ps: Vec<ast::Parameter>, offset: usize| {
            ps.into_iter()
                .enumerate()
                .map(|(i, parameter)| ast::ParameterWithDefault {
                    range: parameter.range,
                    node_index: AtomicNodeIndex::NONE,
                    default: if offset + i >= first_default {
                        defaults.next().flatten()
                    } else {
                        None
                    },
                    parameter,
                })
                .collect::<Vec<_>>()
        };
        let n_posonly = posonly.len();
        let posonlyargs = with_defaults(posonly, 0);
        let args = with_defaults(args, n_posonly);
        let kwonlyargs = kwonly
            .into_iter()
            .zip(kw_defaults)
            .map(|(parameter, default)| ast::ParameterWithDefault {
                range: parameter.range,
                node_index: AtomicNodeIndex::NONE,
                parameter,
                default,
            })
            .collect::<Vec<_>>();
        Ok(ast::Parameters {
            range: self.end(o),
            node_index: AtomicNodeIndex::NONE,
            posonlyargs: posonlyargs.into(),
            args: args.into(),
            vararg,
            kwonlyargs: kwonlyargs.into(),
            kwarg,
        })
    }

    fn comprehensions(&mut self, n: &AstNode) -> R<Vec<ast::Comprehension>> {
        let items = self.list(n, "generators")?;
        items
            .iter()
            .map(|g| {
                let gn = self.node_of("comprehension", g)?;
                let o = self.open(gn);
                let target = *self.field_expr(gn, "target")?;
                let iter = *self.field_expr(gn, "iter")?;
                let ifs = self.exprs(gn, "ifs")?;
                let is_async = self.int(gn, "is_async")? != 0;
                Ok(ast::Comprehension {
                    range: self.end(o),
                    node_index: AtomicNodeIndex::NONE,
                    target,
                    iter,
                    ifs,
                    is_async,
                })
            })
            .collect()
    }

    // ---- expressions ----

    fn expr(&mut self, v: &PyAst) -> R<Expr> {
        let PyAst::Node(n) = v else {
            return Err(wrong_sort("expr", v));
        };
        let ctx = if matches!(
            n.class,
            "Name" | "Attribute" | "Subscript" | "Starred" | "List" | "Tuple"
        ) {
            match field(n, "ctx")? {
                PyAst::Node(c) => match c.class {
                    "Load" => ExprContext::Load,
                    "Store" => ExprContext::Store,
                    "Del" => ExprContext::Del,
                    _ => return Err(wrong_sort("expr_context", field(n, "ctx")?)),
                },
                other => return Err(wrong_sort("expr_context", other)),
            }
        } else {
            ExprContext::Load
        };
        let idx = AtomicNodeIndex::NONE;
        Ok(match n.class {
            "BoolOp" => {
                let o = self.open(n);
                let op = match field(n, "op")? {
                    PyAst::Node(b) if b.class == "And" => BoolOp::And,
                    PyAst::Node(b) if b.class == "Or" => BoolOp::Or,
                    other => return Err(wrong_sort("boolop", other)),
                };
                let values = self.exprs(n, "values")?;
                Expr::BoolOp(ast::ExprBoolOp {
                    node_index: idx,
                    range: self.end(o),
                    op,
                    values,
                })
            }
            "NamedExpr" => {
                let o = self.open(n);
                let target = self.field_expr(n, "target")?;
                let value = self.field_expr(n, "value")?;
                Expr::Named(ast::ExprNamed {
                    node_index: idx,
                    range: self.end(o),
                    target,
                    value,
                })
            }
            "BinOp" => {
                let o = self.open(n);
                let left = self.field_expr(n, "left")?;
                let op = operator(field(n, "op")?)?;
                let right = self.field_expr(n, "right")?;
                Expr::BinOp(ast::ExprBinOp {
                    node_index: idx,
                    range: self.end(o),
                    left,
                    op,
                    right,
                })
            }
            "UnaryOp" => {
                let o = self.open(n);
                let op = match field(n, "op")? {
                    PyAst::Node(u) => match u.class {
                        "Invert" => UnaryOp::Invert,
                        "Not" => UnaryOp::Not,
                        "UAdd" => UnaryOp::UAdd,
                        "USub" => UnaryOp::USub,
                        _ => return Err(wrong_sort("unaryop", field(n, "op")?)),
                    },
                    other => return Err(wrong_sort("unaryop", other)),
                };
                let operand = self.field_expr(n, "operand")?;
                Expr::UnaryOp(ast::ExprUnaryOp {
                    node_index: idx,
                    range: self.end(o),
                    op,
                    operand,
                })
            }
            "Lambda" => {
                let o = self.open(n);
                let parameters = Box::new(self.arguments(field(n, "args")?)?);
                let body = self.field_expr(n, "body")?;
                Expr::Lambda(ast::ExprLambda {
                    node_index: idx,
                    range: self.end(o),
                    parameters: Some(parameters),
                    body,
                })
            }
            "IfExp" => {
                let o = self.open(n);
                let test = self.field_expr(n, "test")?;
                let body = self.field_expr(n, "body")?;
                let orelse = self.field_expr(n, "orelse")?;
                Expr::If(ast::ExprIf {
                    node_index: idx,
                    range: self.end(o),
                    test,
                    body,
                    orelse,
                })
            }
            "Dict" => {
                let o = self.open(n);
                let keys = self.list(n, "keys")?;
                let values = self.list(n, "values")?;
                let items = keys
                    .iter()
                    .zip(values)
                    .map(|(k, v)| {
                        Ok(ast::DictItem {
                            key: self.opt_expr(k)?.map(|k| *k),
                            value: self.list_expr(v)?,
                        })
                    })
                    .collect::<R<Vec<_>>>()?;
                Expr::Dict(ast::ExprDict {
                    node_index: idx,
                    range: self.end(o),
                    items,
                })
            }
            "Set" => {
                let o = self.open(n);
                let elts = self.exprs(n, "elts")?;
                Expr::Set(ast::ExprSet {
                    node_index: idx,
                    range: self.end(o),
                    elts,
                })
            }
            "ListComp" | "SetComp" | "GeneratorExp" => {
                let o = self.open(n);
                let elt = self.field_expr(n, "elt")?;
                let generators = self.comprehensions(n)?;
                let range = self.end(o);
                match n.class {
                    "ListComp" => Expr::ListComp(ast::ExprListComp {
                        node_index: idx,
                        range,
                        elt,
                        generators,
                    }),
                    "SetComp" => Expr::SetComp(ast::ExprSetComp {
                        node_index: idx,
                        range,
                        elt,
                        generators,
                    }),
                    _ => Expr::Generator(ast::ExprGenerator {
                        node_index: idx,
                        range,
                        elt,
                        generators,
                        parenthesized: true,
                    }),
                }
            }
            "DictComp" => {
                let o = self.open(n);
                let key = self.field_expr(n, "key")?;
                let value = self.field_expr(n, "value")?;
                let generators = self.comprehensions(n)?;
                Expr::DictComp(ast::ExprDictComp {
                    node_index: idx,
                    range: self.end(o),
                    key: Some(key),
                    value,
                    generators,
                })
            }
            "Await" | "YieldFrom" => {
                let o = self.open(n);
                let value = self.field_expr(n, "value")?;
                let range = self.end(o);
                if n.class == "Await" {
                    Expr::Await(ast::ExprAwait {
                        node_index: idx,
                        range,
                        value,
                    })
                } else {
                    Expr::YieldFrom(ast::ExprYieldFrom {
                        node_index: idx,
                        range,
                        value,
                    })
                }
            }
            "Yield" => {
                let o = self.open(n);
                let value = self.field_opt_expr(n, "value")?;
                Expr::Yield(ast::ExprYield {
                    node_index: idx,
                    range: self.end(o),
                    value,
                })
            }
            "Compare" => {
                let o = self.open(n);
                let left = self.field_expr(n, "left")?;
                let ops = self
                    .list(n, "ops")?
                    .iter()
                    .map(cmp_op)
                    .collect::<R<Vec<_>>>()?;
                let comparators = self.exprs(n, "comparators")?;
                Expr::Compare(ast::ExprCompare {
                    node_index: idx,
                    range: self.end(o),
                    left,
                    ops: ops.into(),
                    comparators: comparators.into(),
                })
            }
            "Call" => {
                let o = self.open(n);
                let func = self.field_expr(n, "func")?;
                let a = self.mark_start(None);
                let args = self.exprs(n, "args")?;
                let keywords = self.keywords(n)?;
                let arguments_range = self.end(a);
                // A call's range ends where its arguments end.
                self.here = o.saved;
                Expr::Call(ast::ExprCall {
                    node_index: idx,
                    range_start: o.start,
                    func,
                    arguments: ast::Arguments {
                        range: arguments_range,
                        node_index: AtomicNodeIndex::NONE,
                        args: args.into(),
                        keywords: keywords.into(),
                    },
                })
            }
            "JoinedStr" | "FormattedValue" => {
                let o = self.open(n);
                let elements = self.fstring_elements(v)?;
                let range = self.end(o);
                Expr::FString(ast::ExprFString {
                    node_index: idx,
                    range,
                    value: ast::FStringValue::single(ast::FString {
                        range,
                        node_index: AtomicNodeIndex::NONE,
                        elements: elements.into(),
                        flags: ast::FStringFlags::empty(),
                    }),
                })
            }
            "Constant" => {
                let o = self.open(n);
                let value = field(n, "value")?;
                let kind = field(n, "kind")?;
                if !matches!(
                    kind,
                    PyAst::None | PyAst::Ident(_) | PyAst::Const(Constant::Str(_))
                ) {
                    return Err(TreeError::Type("AST string must be of type str".into()));
                }
                let e = self.constant(value)?;
                self.end(o);
                e
            }
            "Attribute" => {
                let o = self.open(n);
                let value = self.field_expr(n, "value")?;
                let attr = self.ident(field(n, "attr")?)?;
                Expr::Attribute(ast::ExprAttribute {
                    node_index: idx,
                    range: self.end(o),
                    value,
                    attr,
                    ctx,
                })
            }
            "Subscript" => {
                let o = self.open(n);
                let value = self.field_expr(n, "value")?;
                let slice = self.field_expr(n, "slice")?;
                Expr::Subscript(ast::ExprSubscript {
                    node_index: idx,
                    range: self.end(o),
                    value,
                    slice,
                    ctx,
                })
            }
            "Starred" => {
                let o = self.open(n);
                let value = self.field_expr(n, "value")?;
                Expr::Starred(ast::ExprStarred {
                    node_index: idx,
                    range: self.end(o),
                    value,
                    ctx,
                })
            }
            "Name" => {
                let o = self.open(n);
                let id = match field(n, "id")? {
                    PyAst::Ident(s) => s.clone(),
                    PyAst::Const(Constant::Str(s)) => s.to_string(),
                    _ => return Err(TreeError::Type("AST identifier must be of type str".into())),
                };
                Expr::Name(ast::ExprName {
                    node_index: idx,
                    range: self.end(o),
                    id: id.into(),
                    ctx,
                })
            }
            "List" | "Tuple" => {
                let o = self.open(n);
                let elts = self.exprs(n, "elts")?;
                let range = self.end(o);
                if n.class == "List" {
                    Expr::List(ast::ExprList {
                        node_index: idx,
                        range,
                        elts,
                        ctx,
                    })
                } else {
                    Expr::Tuple(ast::ExprTuple {
                        node_index: idx,
                        range,
                        elts,
                        ctx,
                        parenthesized: true,
                    })
                }
            }
            "Slice" => {
                let o = self.open(n);
                let lower = self.field_opt_expr(n, "lower")?;
                let upper = self.field_opt_expr(n, "upper")?;
                let step = self.field_opt_expr(n, "step")?;
                Expr::Slice(ast::ExprSlice {
                    node_index: idx,
                    range: self.end(o),
                    lower,
                    upper,
                    step,
                })
            }
            _ => return Err(wrong_sort("expr", v)),
        })
    }

    /// The pieces of a `JoinedStr` (or of a lone `FormattedValue`) as f-string elements.
    fn fstring_elements(&mut self, v: &PyAst) -> R<Vec<ast::InterpolatedStringElement>> {
        let n = match v {
            PyAst::Node(n) => n,
            other => return Err(wrong_sort("expr", other)),
        };
        if n.class == "FormattedValue" {
            return Ok(vec![self.interpolation(n)?]);
        }
        let values = self.list(n, "values")?;
        let mut out = Vec::with_capacity(values.len());
        for value in values {
            match value {
                PyAst::Node(c) if c.class == "Constant" => match field(c, "value")? {
                    PyAst::Const(Constant::Str(s)) => {
                        let o = self.open(c);
                        out.push(ast::InterpolatedStringElement::Literal(
                            ast::InterpolatedStringLiteralElement {
                                range: self.end(o),
                                node_index: AtomicNodeIndex::NONE,
                                value: (**s).into(),
                            },
                        ));
                    }
                    _ => {
                        return Err(TreeError::Value(
                            "JoinedStr's Constant values must be str".into(),
                        ))
                    }
                },
                PyAst::Node(f) if f.class == "FormattedValue" => out.push(self.interpolation(f)?),
                // Any other expression is formatted as it is (it must give a str).
                other => {
                    let o = self.mark_start(None);
                    let expression = Box::new(self.expr(other)?);
                    out.push(ast::InterpolatedStringElement::Interpolation(
                        ast::InterpolatedElement {
                            range: self.end(o),
                            node_index: AtomicNodeIndex::NONE,
                            expression,
                            debug_text: None,
                            conversion: ConversionFlag::None,
                            format_spec: None,
                        },
                    ))
                }
            }
        }
        Ok(out)
    }

    fn interpolation(&mut self, n: &AstNode) -> R<ast::InterpolatedStringElement> {
        let o = self.open(n);
        let expression = self.field_expr(n, "value")?;
        let conversion = match self.int(n, "conversion")? {
            -1 => ConversionFlag::None,
            115 => ConversionFlag::Str,
            114 => ConversionFlag::Repr,
            97 => ConversionFlag::Ascii,
            c => {
                return Err(TreeError::Value(format!(
                    "Unknown f-value conversion kind {c}"
                )))
            }
        };
        let format_spec = match field(n, "format_spec")? {
            PyAst::None => None,
            spec => {
                let so = self.mark_start(None);
                let elements = self.fstring_elements(spec)?;
                Some(Box::new(ast::InterpolatedStringFormatSpec {
                    range: self.end(so),
                    node_index: AtomicNodeIndex::NONE,
                    elements: elements.into(),
                }))
            }
        };
        Ok(ast::InterpolatedStringElement::Interpolation(
            ast::InterpolatedElement {
                range: self.end(o),
                node_index: AtomicNodeIndex::NONE,
                expression,
                debug_text: None,
                conversion,
                format_spec,
            },
        ))
    }

    /// A `Constant`'s value as a literal (a negative int as `-` of its magnitude, which the
    /// code generator folds back into one constant).
    fn constant(&mut self, v: &PyAst) -> R<Expr> {
        let c = match v {
            PyAst::Const(c) => c,
            PyAst::None => &Constant::None,
            PyAst::Ident(s) => {
                return self.constant(&PyAst::Const(Constant::Str(s.as_str().into())));
            }
            PyAst::Opaque { type_name, .. } if type_name == "frozenset" => {
                return Err(TreeError::Unsupported(
                    "compile() of a Constant holding a frozenset is not supported by Heron yet"
                        .into(),
                ))
            }
            other => {
                return Err(TreeError::Type(format!(
                    "got an invalid type in Constant: {}",
                    type_name(other)
                )))
            }
        };
        let o = self.mark_start(None);
        let idx = AtomicNodeIndex::NONE;
        let e = match c {
            Constant::None => Expr::NoneLiteral(ast::ExprNoneLiteral {
                node_index: idx,
                range: self.end(o),
            }),
            Constant::Ellipsis => Expr::EllipsisLiteral(ast::ExprEllipsisLiteral {
                node_index: idx,
                range: self.end(o),
            }),
            Constant::Bool(b) => Expr::BooleanLiteral(ast::ExprBooleanLiteral {
                node_index: idx,
                range: self.end(o),
                value: *b,
            }),
            Constant::Int(i) => {
                let magnitude: ast::Int = i
                    .magnitude()
                    .to_string()
                    .parse()
                    .map_err(|_| TreeError::Value(format!("invalid integer value: {i}")))?;
                let literal = |range| {
                    Expr::NumberLiteral(ast::ExprNumberLiteral {
                        node_index: AtomicNodeIndex::NONE,
                        range,
                        value: Number::Int(magnitude.clone()),
                    })
                };
                if i.sign() == Sign::Minus {
                    let inner = self.mark_start(None);
                    let operand = Box::new(literal(self.end(inner)));
                    Expr::UnaryOp(ast::ExprUnaryOp {
                        node_index: idx,
                        range: self.end(o),
                        op: UnaryOp::USub,
                        operand,
                    })
                } else {
                    literal(self.end(o))
                }
            }
            Constant::Float(f) => Expr::NumberLiteral(ast::ExprNumberLiteral {
                node_index: idx,
                range: self.end(o),
                value: Number::Float(*f),
            }),
            Constant::Complex { real, imag } => Expr::NumberLiteral(ast::ExprNumberLiteral {
                node_index: idx,
                range: self.end(o),
                value: Number::Complex {
                    real: *real,
                    imag: *imag,
                },
            }),
            Constant::Str(s) => self.string(o, s, None),
            Constant::ExactStr(b) => {
                let text = String::from_utf8_lossy(b).into_owned();
                self.string(o, &text, Some(b.clone()))
            }
            Constant::Bytes(b) => {
                let range = self.end(o);
                Expr::BytesLiteral(ast::ExprBytesLiteral {
                    node_index: idx,
                    range,
                    value: ast::BytesLiteralValue::single(ast::BytesLiteral {
                        range,
                        node_index: AtomicNodeIndex::NONE,
                        value: b.clone().into(),
                        flags: ast::BytesLiteralFlags::empty(),
                    }),
                })
            }
            Constant::Tuple(items) => {
                let elts = items
                    .iter()
                    .map(|c| self.constant(&PyAst::Const(c.clone())))
                    .collect::<R<Vec<_>>>()?;
                Expr::Tuple(ast::ExprTuple {
                    node_index: idx,
                    range: self.end(o),
                    elts,
                    ctx: ExprContext::Load,
                    parenthesized: true,
                })
            }
            Constant::Code(_) => {
                return Err(TreeError::Type(
                    "got an invalid type in Constant: code".into(),
                ))
            }
        };
        Ok(e)
    }

    fn string(&mut self, o: Open, text: &str, exact: Option<Vec<u8>>) -> Expr {
        let range = self.end(o);
        if let Some(b) = exact {
            self.exact_strs.insert(range.start().to_u32(), b);
        }
        Expr::StringLiteral(ast::ExprStringLiteral {
            node_index: AtomicNodeIndex::NONE,
            range,
            value: ast::StringLiteralValue::single(ast::StringLiteral {
                range,
                node_index: AtomicNodeIndex::NONE,
                value: text.into(),
                flags: ast::StringLiteralFlags::empty(),
            }),
        })
    }

    // ---- patterns ----

    fn match_case(&mut self, v: &PyAst) -> R<ast::MatchCase> {
        let n = self.node_of("match_case", v)?;
        let o = self.open(n);
        let pattern = self.pattern(field(n, "pattern")?)?;
        let guard = self.field_opt_expr(n, "guard")?;
        let body = self.stmts(n, "body")?;
        Ok(ast::MatchCase {
            range: self.end(o),
            node_index: AtomicNodeIndex::NONE,
            pattern,
            guard,
            body: body.into(),
        })
    }

    fn patterns(&mut self, n: &AstNode, name: &str) -> R<Vec<Pattern>> {
        let items = self.list(n, name)?;
        items.iter().map(|p| self.pattern(p)).collect()
    }

    fn pattern(&mut self, v: &PyAst) -> R<Pattern> {
        let PyAst::Node(n) = v else {
            return Err(wrong_sort("pattern", v));
        };
        let idx = AtomicNodeIndex::NONE;
        Ok(match n.class {
            "MatchValue" => {
                let o = self.open(n);
                let value = self.field_expr(n, "value")?;
                Pattern::MatchValue(ast::PatternMatchValue {
                    node_index: idx,
                    range: self.end(o),
                    value,
                })
            }
            "MatchSingleton" => {
                let o = self.open(n);
                let value = match field(n, "value")? {
                    PyAst::None | PyAst::Const(Constant::None) => Singleton::None,
                    PyAst::Const(Constant::Bool(true)) => Singleton::True,
                    // Anything else is the validator's to refuse.
                    _ => Singleton::False,
                };
                Pattern::MatchSingleton(ast::PatternMatchSingleton {
                    node_index: idx,
                    range: self.end(o),
                    value,
                })
            }
            "MatchSequence" => {
                let o = self.open(n);
                let patterns = self.patterns(n, "patterns")?;
                Pattern::MatchSequence(ast::PatternMatchSequence {
                    node_index: idx,
                    range: self.end(o),
                    patterns,
                })
            }
            "MatchMapping" => {
                let o = self.open(n);
                let keys = self.exprs(n, "keys")?;
                let patterns = self.patterns(n, "patterns")?;
                let rest = self.opt_ident(field(n, "rest")?)?;
                Pattern::MatchMapping(ast::PatternMatchMapping {
                    node_index: idx,
                    range: self.end(o),
                    keys: keys.into(),
                    patterns: patterns.into(),
                    rest,
                })
            }
            "MatchClass" => {
                let o = self.open(n);
                let cls = self.field_expr(n, "cls")?;
                let a = self.mark_start(None);
                let patterns = self.patterns(n, "patterns")?;
                let attrs = self.list(n, "kwd_attrs")?;
                let kwd_patterns = self.list(n, "kwd_patterns")?;
                let keywords = attrs
                    .iter()
                    .zip(kwd_patterns)
                    .map(|(attr, p)| {
                        let ko = self.mark_start(None);
                        let attr = self.ident(attr)?;
                        let pattern = self.pattern(p)?;
                        Ok(ast::PatternKeyword {
                            range: self.end(ko),
                            node_index: AtomicNodeIndex::NONE,
                            attr,
                            pattern,
                        })
                    })
                    .collect::<R<Vec<_>>>()?;
                let arguments = ast::PatternArguments {
                    range: self.end(a),
                    node_index: AtomicNodeIndex::NONE,
                    patterns: patterns.into(),
                    keywords,
                };
                Pattern::MatchClass(ast::PatternMatchClass {
                    node_index: idx,
                    range: self.end(o),
                    cls,
                    arguments,
                })
            }
            "MatchStar" => {
                let o = self.open(n);
                let name = self.opt_ident(field(n, "name")?)?;
                Pattern::MatchStar(ast::PatternMatchStar {
                    node_index: idx,
                    range: self.end(o),
                    name,
                })
            }
            "MatchAs" => {
                let o = self.open(n);
                let pattern = match field(n, "pattern")? {
                    PyAst::None => None,
                    p => Some(Box::new(self.pattern(p)?)),
                };
                let name = self.opt_ident(field(n, "name")?)?;
                Pattern::MatchAs(ast::PatternMatchAs {
                    node_index: idx,
                    range: self.end(o),
                    pattern,
                    name,
                })
            }
            "MatchOr" => {
                let o = self.open(n);
                let patterns = self.patterns(n, "patterns")?;
                Pattern::MatchOr(ast::PatternMatchOr {
                    node_index: idx,
                    range: self.end(o),
                    patterns,
                })
            }
            _ => return Err(wrong_sort("pattern", v)),
        })
    }
}

fn operator(v: &PyAst) -> R<Operator> {
    let PyAst::Node(n) = v else {
        return Err(wrong_sort("operator", v));
    };
    Ok(match n.class {
        "Add" => Operator::Add,
        "Sub" => Operator::Sub,
        "Mult" => Operator::Mult,
        "MatMult" => Operator::MatMult,
        "Div" => Operator::Div,
        "Mod" => Operator::Mod,
        "Pow" => Operator::Pow,
        "LShift" => Operator::LShift,
        "RShift" => Operator::RShift,
        "BitOr" => Operator::BitOr,
        "BitXor" => Operator::BitXor,
        "BitAnd" => Operator::BitAnd,
        "FloorDiv" => Operator::FloorDiv,
        _ => return Err(wrong_sort("operator", v)),
    })
}

fn cmp_op(v: &PyAst) -> R<CmpOp> {
    let PyAst::Node(n) = v else {
        return Err(wrong_sort("cmpop", v));
    };
    Ok(match n.class {
        "Eq" => CmpOp::Eq,
        "NotEq" => CmpOp::NotEq,
        "Lt" => CmpOp::Lt,
        "LtE" => CmpOp::LtE,
        "Gt" => CmpOp::Gt,
        "GtE" => CmpOp::GtE,
        "Is" => CmpOp::Is,
        "IsNot" => CmpOp::IsNot,
        "In" => CmpOp::In,
        "NotIn" => CmpOp::NotIn,
        _ => return Err(wrong_sort("cmpop", v)),
    })
}

#[cfg(test)]
mod tests {
    use super::super::pyast::{parse_tree, ParseKind};
    use super::super::{compile, compile_tree, Mode};
    use crate::bytecode::code::{CompiledCode, Constant};

    /// The instructions, constants and names of a code object and all nested ones.
    fn shape(c: &CompiledCode, out: &mut Vec<String>) {
        out.push(format!(
            "{} {:?} {:?} {:?} {:?} {}",
            c.qualname, c.code, c.names, c.varnames, c.lines, c.first_line
        ));
        for k in &c.consts {
            match k {
                Constant::Code(inner) => shape(inner, out),
                other => out.push(format!("{other:?}")),
            }
        }
    }

    /// Parsing to a tree and compiling the tree gives the code compiling the source gives:
    /// the same instructions, constants, names and lines.
    #[test]
    fn tree_compiles_like_its_source() {
        let sources = [
            "x = 1\nprint(x + 2, -x, 'a' 'b', b'c', 2**70, -5, 1.5j)\n",
            "def f(a, b=1, /, c=2, *args, d, e=3, **kw):\n    return a, b, c, args, d, e, kw\n",
            "class K(Base, metaclass=M):\n    x: int = 1\n    def m(self): return self.x\n",
            "for i in range(3):\n    if i:\n        continue\n    elif i > 1:\n        break\nelse:\n    pass\n",
            "try:\n    f()\nexcept E as e:\n    g(e)\nelse:\n    h()\nfinally:\n    k()\n",
            "with a as b, c:\n    d = [i for i in b if i]\n    e = {k: v for k, v in d}\n",
            "y = f'{x!r:>{w}}' + f'{x}'\nz = (lambda p, *q: p)(1)\nw = a if b else c\n",
            "match p:\n    case [1, *r] if r: pass\n    case {'k': v, **kw}: pass\n    case C(a, b=c): pass\n    case None | 1: pass\n",
            "async def g():\n    async with a: await b\n    async for i in c: yield i\n",
            "global q\nimport a.b as c\nfrom .. import d\ndel e[0], f.g\nassert x, 'm'\nraise E from F\n",
        ];
        for src in sources {
            let tree = parse_tree(src, "<t>", ParseKind::Exec).expect("parses");
            let from_tree = compile_tree(&tree, "<t>", Mode::Exec, 0).expect("tree compiles");
            let from_source = compile(src, "<t>", Mode::Exec).expect("source compiles");
            let (mut a, mut b) = (Vec::new(), Vec::new());
            shape(&from_tree, &mut a);
            shape(&from_source, &mut b);
            assert_eq!(a, b, "{src}");
        }
    }
}
