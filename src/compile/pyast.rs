//! The parse tree as CPython 3.11's `ast` module describes it: node class names, `_fields`
//! and positions (1-based lines, UTF-8 byte columns), built from ruff's tree. The `_ast`
//! module turns this description into node objects; keeping it here keeps the parser's types
//! below the object layer.

use num_bigint::BigInt;
use ruff_python_ast::{
    self as ast, BoolOp, CmpOp, ConversionFlag, Expr, ExprContext, Mod, Operator, Pattern,
    Singleton, Stmt, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange};

use super::expr::{flatten_elements, number_const, push_lit, FPiece};
use super::{CompileError, LineIndex};
use crate::bytecode::code::Constant;

/// One value in the description: a node, a list, a constant, an identifier or None.
pub enum PyAst {
    Node(Box<AstNode>),
    List(Vec<PyAst>),
    Const(Constant),
    Ident(String),
    None,
    /// A value no field of a tree can hold (for `compile()`'s messages): its type name and
    /// repr.
    Opaque {
        type_name: String,
        repr: String,
    },
}

pub struct AstNode {
    pub class: &'static str,
    pub fields: Vec<(&'static str, PyAst)>,
    /// lineno, col_offset, end_lineno, end_col_offset (for classes that have them).
    pub pos: Option<[i32; 4]>,
    /// The address of the node object it was read from (`compile()` of a tree names it in
    /// its messages); 0 for a parsed tree.
    pub origin: usize,
}

/// What `ast.parse`'s `mode` asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ParseKind {
    Exec,
    Eval,
    Single,
}

/// Parses `source` into CPython's `ast` description.
pub fn parse_tree(source: &str, filename: &str, kind: ParseKind) -> Result<PyAst, CompileError> {
    let index = LineIndex::new(source);
    let tree = super::parse_checked(source, &index, filename, kind == ParseKind::Eval)?;
    let c = Conv { index: &index };
    let to_error = |e: Unsupported| {
        index.error(
            "SyntaxError",
            e.0.to_string(),
            filename,
            e.1.start().to_usize(),
            e.1.end().to_usize(),
        )
    };
    Ok(match tree {
        Mod::Module(m) => {
            let body = c.stmts(&m.body).map_err(to_error)?;
            if kind == ParseKind::Single {
                node("Interactive", vec![("body", body)], None)
            } else {
                node(
                    "Module",
                    vec![("body", body), ("type_ignores", PyAst::List(Vec::new()))],
                    None,
                )
            }
        }
        Mod::Expression(e) => node(
            "Expression",
            vec![("body", c.expr(&e.body).map_err(to_error)?)],
            None,
        ),
    })
}

/// Syntax the 3.11 tree cannot hold (rejected by the parser's version check first, but
/// never silently dropped).
struct Unsupported(&'static str, TextRange);

type R = Result<PyAst, Unsupported>;

fn node(class: &'static str, fields: Vec<(&'static str, PyAst)>, pos: Option<[i32; 4]>) -> PyAst {
    PyAst::Node(Box::new(AstNode {
        class,
        fields,
        pos,
        origin: 0,
    }))
}

fn bare(class: &'static str) -> PyAst {
    node(class, Vec::new(), None)
}

fn int(v: i64) -> PyAst {
    PyAst::Const(Constant::Int(BigInt::from(v)))
}

fn ident(s: &str) -> PyAst {
    PyAst::Ident(s.to_string())
}

fn opt_ident(s: &Option<ast::Identifier>) -> PyAst {
    s.as_ref().map_or(PyAst::None, |i| ident(i.id.as_str()))
}

struct Conv<'a, 's> {
    index: &'a LineIndex<'s>,
}

impl Conv<'_, '_> {
    fn pos(&self, r: TextRange) -> Option<[i32; 4]> {
        let (l, c) = self.index.line_byte_col(r.start().to_usize());
        let (el, ec) = self.index.line_byte_col(r.end().to_usize());
        Some([l, c, el, ec].map(|x| i32::try_from(x).unwrap_or(i32::MAX)))
    }

    fn at(&self, class: &'static str, r: TextRange, fields: Vec<(&'static str, PyAst)>) -> PyAst {
        node(class, fields, self.pos(r))
    }

    fn stmts(&self, body: &[Stmt]) -> R {
        Ok(PyAst::List(
            body.iter()
                .map(|s| self.stmt(s))
                .collect::<Result<_, _>>()?,
        ))
    }

    fn exprs(&self, es: &[Expr]) -> R {
        Ok(PyAst::List(
            es.iter().map(|e| self.expr(e)).collect::<Result<_, _>>()?,
        ))
    }

    fn opt_expr(&self, e: &Option<Box<Expr>>) -> R {
        match e {
            Some(e) => self.expr(e),
            None => Ok(PyAst::None),
        }
    }

    /// Where a decorated definition's `def`/`async`/`class` keyword starts: CPython places
    /// the node there, after its decorators.
    fn after_decorators(&self, r: TextRange, decorators: &[ast::Decorator]) -> TextRange {
        let Some(last) = decorators.last() else {
            return r;
        };
        let src = self.index.source.as_bytes();
        let mut i = last.range.end().to_usize();
        loop {
            while i < src.len() && matches!(src[i], b' ' | b'\t' | b'\r' | b'\n' | b'\x0c') {
                i += 1;
            }
            if i < src.len() && src[i] == b'#' {
                while i < src.len() && src[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            break;
        }
        TextRange::new(ruff_text_size::TextSize::new(i as u32), r.end())
    }

    fn stmt(&self, s: &Stmt) -> R {
        let r = match s {
            Stmt::FunctionDef(f) => self.after_decorators(s.range(), &f.decorator_list),
            Stmt::ClassDef(c) => self.after_decorators(s.range(), &c.decorator_list),
            _ => s.range(),
        };
        Ok(match s {
            Stmt::FunctionDef(f) => self.at(
                if f.is_async {
                    "AsyncFunctionDef"
                } else {
                    "FunctionDef"
                },
                r,
                vec![
                    ("name", ident(f.name.id.as_str())),
                    ("args", self.arguments(Some(&f.parameters))?),
                    ("body", self.stmts(&f.body)?),
                    ("decorator_list", self.decorators(&f.decorator_list)?),
                    ("returns", self.opt_expr(&f.returns)?),
                    ("type_comment", PyAst::None),
                ],
            ),
            Stmt::ClassDef(c) => {
                let (bases, keywords) = match &c.arguments {
                    Some(a) => (self.exprs(&a.args)?, self.keywords(&a.keywords)?),
                    None => (PyAst::List(Vec::new()), PyAst::List(Vec::new())),
                };
                self.at(
                    "ClassDef",
                    r,
                    vec![
                        ("name", ident(c.name.id.as_str())),
                        ("bases", bases),
                        ("keywords", keywords),
                        ("body", self.stmts(&c.body)?),
                        ("decorator_list", self.decorators(&c.decorator_list)?),
                    ],
                )
            }
            Stmt::Return(x) => self.at("Return", r, vec![("value", self.opt_expr(&x.value)?)]),
            Stmt::Delete(d) => self.at("Delete", r, vec![("targets", self.exprs(&d.targets)?)]),
            Stmt::TypeAlias(t) => {
                return Err(Unsupported(
                    "type alias statements need Python 3.12",
                    t.range,
                ))
            }
            Stmt::Assign(a) => self.at(
                "Assign",
                r,
                vec![
                    ("targets", self.exprs(&a.targets)?),
                    ("value", self.expr(&a.value)?),
                    ("type_comment", PyAst::None),
                ],
            ),
            Stmt::AugAssign(a) => self.at(
                "AugAssign",
                r,
                vec![
                    ("target", self.expr(&a.target)?),
                    ("op", operator(a.op)),
                    ("value", self.expr(&a.value)?),
                ],
            ),
            Stmt::AnnAssign(a) => self.at(
                "AnnAssign",
                r,
                vec![
                    ("target", self.expr(&a.target)?),
                    ("annotation", self.expr(&a.annotation)?),
                    ("value", self.opt_expr(&a.value)?),
                    ("simple", int(i64::from(a.simple))),
                ],
            ),
            Stmt::For(f) => self.at(
                if f.is_async { "AsyncFor" } else { "For" },
                r,
                vec![
                    ("target", self.expr(&f.target)?),
                    ("iter", self.expr(&f.iter)?),
                    ("body", self.stmts(&f.body)?),
                    ("orelse", self.stmts(&f.orelse)?),
                    ("type_comment", PyAst::None),
                ],
            ),
            Stmt::While(w) => self.at(
                "While",
                r,
                vec![
                    ("test", self.expr(&w.test)?),
                    ("body", self.stmts(&w.body)?),
                    ("orelse", self.stmts(&w.orelse)?),
                ],
            ),
            Stmt::If(i) => self.at(
                "If",
                r,
                vec![
                    ("test", self.expr(&i.test)?),
                    ("body", self.stmts(&i.body)?),
                    ("orelse", self.elif_else(&i.elif_else_clauses, r)?),
                ],
            ),
            Stmt::With(w) => {
                let items = w
                    .items
                    .iter()
                    .map(|it| {
                        Ok(node(
                            "withitem",
                            vec![
                                ("context_expr", self.expr(&it.context_expr)?),
                                ("optional_vars", self.opt_expr(&it.optional_vars)?),
                            ],
                            None,
                        ))
                    })
                    .collect::<Result<_, _>>()?;
                self.at(
                    if w.is_async { "AsyncWith" } else { "With" },
                    r,
                    vec![
                        ("items", PyAst::List(items)),
                        ("body", self.stmts(&w.body)?),
                        ("type_comment", PyAst::None),
                    ],
                )
            }
            Stmt::Match(m) => {
                let cases = m
                    .cases
                    .iter()
                    .map(|c| {
                        Ok(node(
                            "match_case",
                            vec![
                                ("pattern", self.pattern(&c.pattern)?),
                                ("guard", self.opt_expr(&c.guard)?),
                                ("body", self.stmts(&c.body)?),
                            ],
                            None,
                        ))
                    })
                    .collect::<Result<_, _>>()?;
                self.at(
                    "Match",
                    r,
                    vec![
                        ("subject", self.expr(&m.subject)?),
                        ("cases", PyAst::List(cases)),
                    ],
                )
            }
            Stmt::Raise(x) => self.at(
                "Raise",
                r,
                vec![
                    ("exc", self.opt_expr(&x.exc)?),
                    ("cause", self.opt_expr(&x.cause)?),
                ],
            ),
            Stmt::Try(t) => {
                let handlers = t
                    .handlers
                    .iter()
                    .map(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        Ok(self.at(
                            "ExceptHandler",
                            h.range,
                            vec![
                                ("type", self.opt_expr(&h.type_)?),
                                ("name", opt_ident(&h.name)),
                                ("body", self.stmts(&h.body)?),
                            ],
                        ))
                    })
                    .collect::<Result<_, _>>()?;
                self.at(
                    if t.is_star { "TryStar" } else { "Try" },
                    r,
                    vec![
                        ("body", self.stmts(&t.body)?),
                        ("handlers", PyAst::List(handlers)),
                        ("orelse", self.stmts(&t.orelse)?),
                        ("finalbody", self.stmts(&t.finalbody)?),
                    ],
                )
            }
            Stmt::Assert(a) => self.at(
                "Assert",
                r,
                vec![
                    ("test", self.expr(&a.test)?),
                    ("msg", self.opt_expr(&a.msg)?),
                ],
            ),
            Stmt::Import(i) => self.at("Import", r, vec![("names", self.aliases(&i.names))]),
            Stmt::ImportFrom(i) => self.at(
                "ImportFrom",
                r,
                vec![
                    ("module", opt_ident(&i.module)),
                    ("names", self.aliases(&i.names)),
                    ("level", int(i.level as i64)),
                ],
            ),
            Stmt::Global(g) => self.at(
                "Global",
                r,
                vec![(
                    "names",
                    PyAst::List(g.names.iter().map(|n| ident(n.id.as_str())).collect()),
                )],
            ),
            Stmt::Nonlocal(g) => self.at(
                "Nonlocal",
                r,
                vec![(
                    "names",
                    PyAst::List(g.names.iter().map(|n| ident(n.id.as_str())).collect()),
                )],
            ),
            Stmt::Expr(e) => self.at("Expr", r, vec![("value", self.expr(&e.value)?)]),
            Stmt::Pass(_) => self.at("Pass", r, vec![]),
            Stmt::Break(_) => self.at("Break", r, vec![]),
            Stmt::Continue(_) => self.at("Continue", r, vec![]),
            Stmt::IpyEscapeCommand(i) => return Err(Unsupported("invalid syntax", i.range)),
        })
    }

    /// `elif`/`else` clauses as CPython nests them: each `elif` an `If` in the previous
    /// clause's `orelse`, spanning to the end of the whole statement.
    fn elif_else(&self, clauses: &[ast::ElifElseClause], whole: TextRange) -> R {
        let Some((first, rest)) = clauses.split_first() else {
            return Ok(PyAst::List(Vec::new()));
        };
        match &first.test {
            None => self.stmts(&first.body),
            Some(test) => {
                let span = TextRange::new(first.range.start(), whole.end());
                Ok(PyAst::List(vec![self.at(
                    "If",
                    span,
                    vec![
                        ("test", self.expr(test)?),
                        ("body", self.stmts(&first.body)?),
                        ("orelse", self.elif_else(rest, whole)?),
                    ],
                )]))
            }
        }
    }

    fn decorators(&self, ds: &[ast::Decorator]) -> R {
        Ok(PyAst::List(
            ds.iter()
                .map(|d| self.expr(&d.expression))
                .collect::<Result<_, _>>()?,
        ))
    }

    fn aliases(&self, names: &[ast::Alias]) -> PyAst {
        PyAst::List(
            names
                .iter()
                .map(|a| {
                    self.at(
                        "alias",
                        a.range,
                        vec![
                            ("name", ident(a.name.id.as_str())),
                            ("asname", opt_ident(&a.asname)),
                        ],
                    )
                })
                .collect(),
        )
    }

    fn keywords(&self, ks: &[ast::Keyword]) -> R {
        Ok(PyAst::List(
            ks.iter()
                .map(|k| {
                    Ok(self.at(
                        "keyword",
                        k.range,
                        vec![("arg", opt_ident(&k.arg)), ("value", self.expr(&k.value)?)],
                    ))
                })
                .collect::<Result<_, _>>()?,
        ))
    }

    fn arg(&self, p: &ast::Parameter) -> R {
        // From the name on: for `*args` and `**kw` ruff's range also covers the stars.
        let span = TextRange::new(p.name.range.start(), p.range.end());
        Ok(self.at(
            "arg",
            span,
            vec![
                ("arg", ident(p.name.id.as_str())),
                ("annotation", self.opt_expr(&p.annotation)?),
                ("type_comment", PyAst::None),
            ],
        ))
    }

    fn arguments(&self, p: Option<&ast::Parameters>) -> R {
        let empty = || PyAst::List(Vec::new());
        let Some(p) = p else {
            return Ok(node(
                "arguments",
                vec![
                    ("posonlyargs", empty()),
                    ("args", empty()),
                    ("vararg", PyAst::None),
                    ("kwonlyargs", empty()),
                    ("kw_defaults", empty()),
                    ("kwarg", PyAst::None),
                    ("defaults", empty()),
                ],
                None,
            ));
        };
        let list = |ps: &[ast::ParameterWithDefault]| -> R {
            Ok(PyAst::List(
                ps.iter()
                    .map(|x| self.arg(&x.parameter))
                    .collect::<Result<_, _>>()?,
            ))
        };
        let defaults = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .filter_map(|x| x.default.as_deref())
            .map(|d| self.expr(d))
            .collect::<Result<_, _>>()?;
        let kw_defaults = p
            .kwonlyargs
            .iter()
            .map(|x| match &x.default {
                Some(d) => self.expr(d),
                None => Ok(PyAst::None),
            })
            .collect::<Result<_, _>>()?;
        let opt_arg = |a: &Option<Box<ast::Parameter>>| -> R {
            match a {
                Some(a) => self.arg(a),
                None => Ok(PyAst::None),
            }
        };
        Ok(node(
            "arguments",
            vec![
                ("posonlyargs", list(&p.posonlyargs)?),
                ("args", list(&p.args)?),
                ("vararg", opt_arg(&p.vararg)?),
                ("kwonlyargs", list(&p.kwonlyargs)?),
                ("kw_defaults", PyAst::List(kw_defaults)),
                ("kwarg", opt_arg(&p.kwarg)?),
                ("defaults", PyAst::List(defaults)),
            ],
            None,
        ))
    }

    fn comprehensions(&self, gens: &[ast::Comprehension]) -> R {
        Ok(PyAst::List(
            gens.iter()
                .map(|g| {
                    Ok(node(
                        "comprehension",
                        vec![
                            ("target", self.expr(&g.target)?),
                            ("iter", self.expr(&g.iter)?),
                            ("ifs", self.exprs(&g.ifs)?),
                            ("is_async", int(i64::from(g.is_async))),
                        ],
                        None,
                    ))
                })
                .collect::<Result<_, _>>()?,
        ))
    }

    fn constant(&self, r: TextRange, value: Constant, kind: PyAst) -> PyAst {
        self.at(
            "Constant",
            r,
            vec![("value", PyAst::Const(value)), ("kind", kind)],
        )
    }

    fn expr(&self, e: &Expr) -> R {
        let r = e.range();
        Ok(match e {
            Expr::BoolOp(b) => self.at(
                "BoolOp",
                r,
                vec![
                    (
                        "op",
                        bare(match b.op {
                            BoolOp::And => "And",
                            BoolOp::Or => "Or",
                        }),
                    ),
                    ("values", self.exprs(&b.values)?),
                ],
            ),
            Expr::Named(n) => self.at(
                "NamedExpr",
                r,
                vec![
                    ("target", self.expr(&n.target)?),
                    ("value", self.expr(&n.value)?),
                ],
            ),
            Expr::BinOp(b) => self.at(
                "BinOp",
                r,
                vec![
                    ("left", self.expr(&b.left)?),
                    ("op", operator(b.op)),
                    ("right", self.expr(&b.right)?),
                ],
            ),
            Expr::UnaryOp(u) => self.at(
                "UnaryOp",
                r,
                vec![
                    (
                        "op",
                        bare(match u.op {
                            UnaryOp::Invert => "Invert",
                            UnaryOp::Not => "Not",
                            UnaryOp::UAdd => "UAdd",
                            UnaryOp::USub => "USub",
                        }),
                    ),
                    ("operand", self.expr(&u.operand)?),
                ],
            ),
            Expr::Lambda(l) => self.at(
                "Lambda",
                r,
                vec![
                    ("args", self.arguments(l.parameters.as_deref())?),
                    ("body", self.expr(&l.body)?),
                ],
            ),
            Expr::If(i) => self.at(
                "IfExp",
                r,
                vec![
                    ("test", self.expr(&i.test)?),
                    ("body", self.expr(&i.body)?),
                    ("orelse", self.expr(&i.orelse)?),
                ],
            ),
            Expr::Dict(d) => {
                let keys = d
                    .items
                    .iter()
                    .map(|it| match &it.key {
                        Some(k) => self.expr(k),
                        None => Ok(PyAst::None),
                    })
                    .collect::<Result<_, _>>()?;
                let values = d
                    .items
                    .iter()
                    .map(|it| self.expr(&it.value))
                    .collect::<Result<_, _>>()?;
                self.at(
                    "Dict",
                    r,
                    vec![("keys", PyAst::List(keys)), ("values", PyAst::List(values))],
                )
            }
            Expr::Set(s) => self.at("Set", r, vec![("elts", self.exprs(&s.elts)?)]),
            Expr::ListComp(c) => self.at(
                "ListComp",
                r,
                vec![
                    ("elt", self.expr(&c.elt)?),
                    ("generators", self.comprehensions(&c.generators)?),
                ],
            ),
            Expr::SetComp(c) => self.at(
                "SetComp",
                r,
                vec![
                    ("elt", self.expr(&c.elt)?),
                    ("generators", self.comprehensions(&c.generators)?),
                ],
            ),
            Expr::DictComp(c) => self.at(
                "DictComp",
                r,
                vec![
                    ("key", self.opt_expr(&c.key)?),
                    ("value", self.expr(&c.value)?),
                    ("generators", self.comprehensions(&c.generators)?),
                ],
            ),
            Expr::Generator(c) => self.at(
                "GeneratorExp",
                r,
                vec![
                    ("elt", self.expr(&c.elt)?),
                    ("generators", self.comprehensions(&c.generators)?),
                ],
            ),
            Expr::Await(a) => self.at("Await", r, vec![("value", self.expr(&a.value)?)]),
            Expr::Yield(y) => self.at("Yield", r, vec![("value", self.opt_expr(&y.value)?)]),
            Expr::YieldFrom(y) => self.at("YieldFrom", r, vec![("value", self.expr(&y.value)?)]),
            Expr::Compare(c) => self.at(
                "Compare",
                r,
                vec![
                    ("left", self.expr(&c.left)?),
                    (
                        "ops",
                        PyAst::List(c.ops.iter().map(|o| cmpop(*o)).collect()),
                    ),
                    ("comparators", self.exprs(&c.comparators)?),
                ],
            ),
            Expr::Call(c) => self.at(
                "Call",
                r,
                vec![
                    ("func", self.expr(&c.func)?),
                    ("args", self.exprs(&c.arguments.args)?),
                    ("keywords", self.keywords(&c.arguments.keywords)?),
                ],
            ),
            Expr::FString(f) => {
                let mut pieces = Vec::new();
                for part in f.value.iter() {
                    match part {
                        ast::FStringPart::Literal(l) => push_lit(&mut pieces, &l.value),
                        ast::FStringPart::FString(fs) => {
                            flatten_elements(&fs.elements, &mut pieces)
                        }
                    }
                }
                self.joined(r, pieces)?
            }
            Expr::TString(t) => {
                return Err(Unsupported("template strings need Python 3.14", t.range))
            }
            Expr::StringLiteral(s) => {
                let value = match super::literal::exact_value(s, self.index.source) {
                    Some(exact) => Constant::ExactStr(exact),
                    None => Constant::Str(s.value.to_str().into()),
                };
                let src = &self.index.source[r.start().to_usize()..];
                let kind = if src.starts_with(['u', 'U']) {
                    ident("u")
                } else {
                    PyAst::None
                };
                self.constant(r, value, kind)
            }
            Expr::BytesLiteral(b) => {
                self.constant(r, Constant::Bytes(b.value.bytes().collect()), PyAst::None)
            }
            Expr::NumberLiteral(n) => self.constant(r, number_const(&n.value), PyAst::None),
            Expr::BooleanLiteral(b) => self.constant(r, Constant::Bool(b.value), PyAst::None),
            Expr::NoneLiteral(_) => self.constant(r, Constant::None, PyAst::None),
            Expr::EllipsisLiteral(_) => self.constant(r, Constant::Ellipsis, PyAst::None),
            Expr::Attribute(a) => self.at(
                "Attribute",
                r,
                vec![
                    ("value", self.expr(&a.value)?),
                    ("attr", ident(a.attr.id.as_str())),
                    ("ctx", ctx(a.ctx)),
                ],
            ),
            Expr::Subscript(s) => self.at(
                "Subscript",
                r,
                vec![
                    ("value", self.expr(&s.value)?),
                    ("slice", self.expr(&s.slice)?),
                    ("ctx", ctx(s.ctx)),
                ],
            ),
            Expr::Starred(s) => self.at(
                "Starred",
                r,
                vec![("value", self.expr(&s.value)?), ("ctx", ctx(s.ctx))],
            ),
            Expr::Name(n) => self.at(
                "Name",
                r,
                vec![("id", ident(n.id.as_str())), ("ctx", ctx(n.ctx))],
            ),
            Expr::List(l) => self.at(
                "List",
                r,
                vec![("elts", self.exprs(&l.elts)?), ("ctx", ctx(l.ctx))],
            ),
            Expr::Tuple(t) => self.at(
                "Tuple",
                r,
                vec![("elts", self.exprs(&t.elts)?), ("ctx", ctx(t.ctx))],
            ),
            Expr::Slice(s) => self.at(
                "Slice",
                r,
                vec![
                    ("lower", self.opt_expr(&s.lower)?),
                    ("upper", self.opt_expr(&s.upper)?),
                    ("step", self.opt_expr(&s.step)?),
                ],
            ),
            Expr::IpyEscapeCommand(i) => return Err(Unsupported("invalid syntax", i.range)),
        })
    }

    /// A `JoinedStr` of literal text and `FormattedValue`s; CPython 3.11 gives the pieces the
    /// position of the whole f-string.
    fn joined(&self, r: TextRange, pieces: Vec<FPiece<'_>>) -> R {
        let values = pieces
            .into_iter()
            .map(|p| match p {
                FPiece::Lit(t) => Ok(self.constant(r, Constant::Str(t.into()), PyAst::None)),
                FPiece::Value(i) => {
                    let mut conversion = match i.conversion {
                        ConversionFlag::None => -1,
                        ConversionFlag::Str => 's' as i64,
                        ConversionFlag::Repr => 'r' as i64,
                        ConversionFlag::Ascii => 'a' as i64,
                    };
                    if i.debug_text.is_some() && conversion == -1 && i.format_spec.is_none() {
                        conversion = 'r' as i64;
                    }
                    let spec = match &i.format_spec {
                        Some(spec) => {
                            let mut inner = Vec::new();
                            flatten_elements(&spec.elements, &mut inner);
                            self.joined(r, inner)?
                        }
                        None => PyAst::None,
                    };
                    Ok(self.at(
                        "FormattedValue",
                        r,
                        vec![
                            ("value", self.expr(&i.expression)?),
                            ("conversion", int(conversion)),
                            ("format_spec", spec),
                        ],
                    ))
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(self.at("JoinedStr", r, vec![("values", PyAst::List(values))]))
    }

    fn pattern(&self, p: &Pattern) -> R {
        let r = p.range();
        let patterns = |ps: &[Pattern]| -> R {
            Ok(PyAst::List(
                ps.iter()
                    .map(|x| self.pattern(x))
                    .collect::<Result<_, _>>()?,
            ))
        };
        Ok(match p {
            Pattern::MatchValue(v) => {
                self.at("MatchValue", r, vec![("value", self.expr(&v.value)?)])
            }
            Pattern::MatchSingleton(s) => self.at(
                "MatchSingleton",
                r,
                vec![(
                    "value",
                    PyAst::Const(match s.value {
                        Singleton::None => Constant::None,
                        Singleton::True => Constant::Bool(true),
                        Singleton::False => Constant::Bool(false),
                    }),
                )],
            ),
            Pattern::MatchSequence(s) => self.at(
                "MatchSequence",
                r,
                vec![("patterns", patterns(&s.patterns)?)],
            ),
            Pattern::MatchMapping(m) => self.at(
                "MatchMapping",
                r,
                vec![
                    ("keys", self.exprs(&m.keys)?),
                    ("patterns", patterns(&m.patterns)?),
                    ("rest", opt_ident(&m.rest)),
                ],
            ),
            Pattern::MatchClass(c) => self.at(
                "MatchClass",
                r,
                vec![
                    ("cls", self.expr(&c.cls)?),
                    ("patterns", patterns(&c.arguments.patterns)?),
                    (
                        "kwd_attrs",
                        PyAst::List(
                            c.arguments
                                .keywords
                                .iter()
                                .map(|k| ident(k.attr.id.as_str()))
                                .collect(),
                        ),
                    ),
                    (
                        "kwd_patterns",
                        PyAst::List(
                            c.arguments
                                .keywords
                                .iter()
                                .map(|k| self.pattern(&k.pattern))
                                .collect::<Result<_, _>>()?,
                        ),
                    ),
                ],
            ),
            Pattern::MatchStar(s) => self.at("MatchStar", r, vec![("name", opt_ident(&s.name))]),
            Pattern::MatchAs(a) => self.at(
                "MatchAs",
                r,
                vec![
                    (
                        "pattern",
                        match &a.pattern {
                            Some(p) => self.pattern(p)?,
                            None => PyAst::None,
                        },
                    ),
                    ("name", opt_ident(&a.name)),
                ],
            ),
            Pattern::MatchOr(o) => {
                self.at("MatchOr", r, vec![("patterns", patterns(&o.patterns)?)])
            }
        })
    }
}

fn operator(op: Operator) -> PyAst {
    bare(match op {
        Operator::Add => "Add",
        Operator::Sub => "Sub",
        Operator::Mult => "Mult",
        Operator::MatMult => "MatMult",
        Operator::Div => "Div",
        Operator::Mod => "Mod",
        Operator::Pow => "Pow",
        Operator::LShift => "LShift",
        Operator::RShift => "RShift",
        Operator::BitOr => "BitOr",
        Operator::BitXor => "BitXor",
        Operator::BitAnd => "BitAnd",
        Operator::FloorDiv => "FloorDiv",
    })
}

fn cmpop(op: CmpOp) -> PyAst {
    bare(match op {
        CmpOp::Eq => "Eq",
        CmpOp::NotEq => "NotEq",
        CmpOp::Lt => "Lt",
        CmpOp::LtE => "LtE",
        CmpOp::Gt => "Gt",
        CmpOp::GtE => "GtE",
        CmpOp::Is => "Is",
        CmpOp::IsNot => "IsNot",
        CmpOp::In => "In",
        CmpOp::NotIn => "NotIn",
    })
}

fn ctx(c: ExprContext) -> PyAst {
    bare(match c {
        ExprContext::Store => "Store",
        ExprContext::Del => "Del",
        ExprContext::Load | ExprContext::Invalid => "Load",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(t: &'a PyAst, class: &str) -> Option<&'a AstNode> {
        match t {
            PyAst::Node(n) if n.class == class => Some(n),
            PyAst::Node(n) => n.fields.iter().find_map(|(_, v)| find(v, class)),
            PyAst::List(items) => items.iter().find_map(|v| find(v, class)),
            _ => None,
        }
    }

    #[test]
    fn positions_follow_cpython() {
        let t = parse_tree("@d\n# c\ndef é(*args): pass\n", "t.py", ParseKind::Exec).unwrap();
        // The def is placed at its keyword, after the decorator and the comment.
        assert_eq!(find(&t, "FunctionDef").unwrap().pos, Some([3, 0, 3, 19]));
        // `*args` starts at its name; columns count UTF-8 bytes (é is two).
        assert_eq!(find(&t, "arg").unwrap().pos, Some([3, 8, 3, 12]));
    }

    #[test]
    fn elif_nests_to_the_end() {
        let t = parse_tree(
            "if a:\n  pass\nelif b:\n  pass\nelse:\n  pass\n",
            "t.py",
            ParseKind::Exec,
        )
        .unwrap();
        let outer = find(&t, "If").unwrap();
        let PyAst::List(orelse) = &outer.fields[2].1 else {
            panic!("orelse")
        };
        let PyAst::Node(inner) = &orelse[0] else {
            panic!("inner If")
        };
        assert_eq!(inner.pos, Some([3, 0, 6, 6]));
    }
}
