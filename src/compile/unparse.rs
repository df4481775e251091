//! The text of an annotation under `from __future__ import annotations` (PEP 563), as
//! CPython 3.11's `_PyAST_ExprAsUnicode` writes it: normalized spacing, the fewest
//! parentheses the precedence needs, `repr()` of literals (`1e309` for infinity), f-strings
//! rebuilt from their pieces. The tree is the parser's, unfolded (CPython does not fold
//! annotations under this future either).

use ruff_python_ast::{
    self as ast, BoolOp, CmpOp, ConversionFlag, Expr, Number, Operator, UnaryOp,
};

use super::expr::{flatten_elements, number_const, push_lit, FPiece};
use super::LineIndex;
use crate::builtins::methods::complex::complex_repr;
use crate::bytecode::code::Constant;
use crate::object::bytes::repr_bytes;
use crate::object::float_format::float_repr;
use crate::object::str::{repr_generalized, repr_str};

// Precedence levels, lowest first (CPython's `PR_*`).
const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_EXPR: u8 = 6;
const PR_BOR: u8 = PR_EXPR;
const PR_BXOR: u8 = 7;
const PR_BAND: u8 = 8;
const PR_SHIFT: u8 = 9;
const PR_ARITH: u8 = 10;
const PR_TERM: u8 = 11;
const PR_FACTOR: u8 = 12;
const PR_POWER: u8 = 13;
const PR_AWAIT: u8 = 14;
const PR_ATOM: u8 = 15;

/// The annotation text of `e`.
pub fn annotation_text(e: &Expr, index: &LineIndex<'_>) -> String {
    let mut u = Unparser {
        out: String::new(),
        index,
    };
    u.expr(e, PR_TEST);
    u.out
}

struct Unparser<'i, 's> {
    out: String,
    index: &'i LineIndex<'s>,
}

/// `repr()` of a float as the unparser writes it: infinity as `1e309`, which reads back.
fn float_text(x: f64) -> String {
    float_repr(x).replace("inf", "1e309")
}

impl Unparser<'_, '_> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn open(&mut self, level: u8, pr: u8) {
        if level > pr {
            self.push("(");
        }
    }

    fn close(&mut self, level: u8, pr: u8) {
        if level > pr {
            self.push(")");
        }
    }

    fn separated<'e>(&mut self, items: impl IntoIterator<Item = &'e Expr>, level: u8) {
        for (i, e) in items.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.expr(e, level);
        }
    }

    fn expr(&mut self, e: &Expr, level: u8) {
        match e {
            Expr::BoolOp(b) => {
                let (op, pr) = match b.op {
                    BoolOp::And => (" and ", PR_AND),
                    BoolOp::Or => (" or ", PR_OR),
                };
                self.open(level, pr);
                for (i, v) in b.values.iter().enumerate() {
                    if i > 0 {
                        self.push(op);
                    }
                    self.expr(v, pr + 1);
                }
                self.close(level, pr);
            }
            Expr::BinOp(b) => {
                let (op, pr) = match b.op {
                    Operator::Add => (" + ", PR_ARITH),
                    Operator::Sub => (" - ", PR_ARITH),
                    Operator::Mult => (" * ", PR_TERM),
                    Operator::MatMult => (" @ ", PR_TERM),
                    Operator::Div => (" / ", PR_TERM),
                    Operator::Mod => (" % ", PR_TERM),
                    Operator::LShift => (" << ", PR_SHIFT),
                    Operator::RShift => (" >> ", PR_SHIFT),
                    Operator::BitOr => (" | ", PR_BOR),
                    Operator::BitXor => (" ^ ", PR_BXOR),
                    Operator::BitAnd => (" & ", PR_BAND),
                    Operator::FloorDiv => (" // ", PR_TERM),
                    Operator::Pow => (" ** ", PR_POWER),
                };
                let right_assoc = u8::from(b.op == Operator::Pow);
                self.open(level, pr);
                self.expr(&b.left, pr + right_assoc);
                self.push(op);
                self.expr(&b.right, pr + 1 - right_assoc);
                self.close(level, pr);
            }
            Expr::UnaryOp(u) => {
                let (op, pr) = match u.op {
                    UnaryOp::Invert => ("~", PR_FACTOR),
                    UnaryOp::Not => ("not ", PR_NOT),
                    UnaryOp::UAdd => ("+", PR_FACTOR),
                    UnaryOp::USub => ("-", PR_FACTOR),
                };
                self.open(level, pr);
                self.push(op);
                self.expr(&u.operand, pr);
                self.close(level, pr);
            }
            Expr::Lambda(l) => {
                self.open(level, PR_TEST);
                let positional = l
                    .parameters
                    .as_ref()
                    .map_or(0, |p| p.posonlyargs.len() + p.args.len());
                self.push(if positional > 0 { "lambda " } else { "lambda" });
                if let Some(p) = &l.parameters {
                    self.parameters(p);
                }
                self.push(": ");
                self.expr(&l.body, PR_TEST);
                self.close(level, PR_TEST);
            }
            Expr::If(i) => {
                self.open(level, PR_TEST);
                self.expr(&i.body, PR_TEST + 1);
                self.push(" if ");
                self.expr(&i.test, PR_TEST + 1);
                self.push(" else ");
                self.expr(&i.orelse, PR_TEST);
                self.close(level, PR_TEST);
            }
            Expr::Dict(d) => {
                self.push("{");
                for (i, item) in d.items.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    match &item.key {
                        Some(k) => {
                            self.expr(k, PR_TEST);
                            self.push(": ");
                            self.expr(&item.value, PR_TEST);
                        }
                        None => {
                            self.push("**");
                            self.expr(&item.value, PR_EXPR);
                        }
                    }
                }
                self.push("}");
            }
            Expr::Set(s) => {
                self.push("{");
                self.separated(&s.elts, PR_TEST);
                self.push("}");
            }
            Expr::ListComp(c) => {
                self.push("[");
                self.expr(&c.elt, PR_TEST);
                self.comprehensions(&c.generators);
                self.push("]");
            }
            Expr::SetComp(c) => {
                self.push("{");
                self.expr(&c.elt, PR_TEST);
                self.comprehensions(&c.generators);
                self.push("}");
            }
            Expr::DictComp(c) => {
                self.push("{");
                if let Some(k) = &c.key {
                    self.expr(k, PR_TEST);
                }
                self.push(": ");
                self.expr(&c.value, PR_TEST);
                self.comprehensions(&c.generators);
                self.push("}");
            }
            Expr::Generator(g) => self.generator(g),
            Expr::Await(a) => {
                self.open(level, PR_AWAIT);
                self.push("await ");
                self.expr(&a.value, PR_ATOM);
                self.close(level, PR_AWAIT);
            }
            Expr::Yield(y) => match &y.value {
                None => self.push("(yield)"),
                Some(v) => {
                    self.push("(yield ");
                    self.expr(v, PR_TEST);
                    self.push(")");
                }
            },
            Expr::YieldFrom(y) => {
                self.push("(yield from ");
                self.expr(&y.value, PR_TEST);
                self.push(")");
            }
            Expr::Compare(c) => {
                self.open(level, PR_CMP);
                self.expr(&c.left, PR_CMP + 1);
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    self.push(match op {
                        CmpOp::Eq => " == ",
                        CmpOp::NotEq => " != ",
                        CmpOp::Lt => " < ",
                        CmpOp::LtE => " <= ",
                        CmpOp::Gt => " > ",
                        CmpOp::GtE => " >= ",
                        CmpOp::Is => " is ",
                        CmpOp::IsNot => " is not ",
                        CmpOp::In => " in ",
                        CmpOp::NotIn => " not in ",
                    });
                    self.expr(right, PR_CMP + 1);
                }
                self.close(level, PR_CMP);
            }
            Expr::Call(c) => {
                self.expr(&c.func, PR_ATOM);
                let a = &c.arguments;
                if let ([Expr::Generator(g)], true) = (&*a.args, a.keywords.is_empty()) {
                    // A lone generator argument is written with its own parentheses only.
                    self.generator(g);
                    return;
                }
                self.push("(");
                let mut first = true;
                for arg in a.args.iter() {
                    if !first {
                        self.push(", ");
                    }
                    first = false;
                    self.expr(arg, PR_TEST);
                }
                for k in a.keywords.iter() {
                    if !first {
                        self.push(", ");
                    }
                    first = false;
                    match &k.arg {
                        Some(name) => {
                            self.push(name.as_str());
                            self.push("=");
                        }
                        None => self.push("**"),
                    }
                    self.expr(&k.value, PR_TEST);
                }
                self.push(")");
            }
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
                let body = self.fstring_body(&pieces);
                self.push("f");
                self.push(&repr_str(&body));
            }
            Expr::StringLiteral(s) => {
                if s.value.is_unicode() {
                    self.push("u");
                }
                let text = match self.index.exact_str(s) {
                    Some(exact) => repr_generalized(&exact),
                    None => repr_str(s.value.to_str()),
                };
                self.push(&text);
            }
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b.value.bytes().collect();
                self.push(&repr_bytes(&bytes, "b"));
            }
            Expr::NumberLiteral(n) => {
                let text = match &n.value {
                    Number::Float(x) => float_text(*x),
                    Number::Complex { real, imag } => {
                        complex_repr(*real, *imag).replace("inf", "1e309")
                    }
                    Number::Int(_) => match number_const(&n.value) {
                        Constant::Int(i) => i.to_string(),
                        _ => String::new(),
                    },
                };
                self.push(&text);
            }
            Expr::BooleanLiteral(b) => self.push(if b.value { "True" } else { "False" }),
            Expr::NoneLiteral(_) => self.push("None"),
            Expr::EllipsisLiteral(_) => self.push("..."),
            Expr::Attribute(a) => {
                self.expr(&a.value, PR_ATOM);
                let int_value = matches!(
                    &*a.value,
                    Expr::NumberLiteral(ast::ExprNumberLiteral {
                        value: Number::Int(_),
                        ..
                    })
                );
                self.push(if int_value { " ." } else { "." });
                self.push(a.attr.as_str());
            }
            Expr::Subscript(s) => {
                self.expr(&s.value, PR_ATOM);
                self.push("[");
                self.expr(&s.slice, PR_TUPLE);
                self.push("]");
            }
            Expr::Starred(s) => {
                self.push("*");
                self.expr(&s.value, PR_EXPR);
            }
            Expr::Slice(s) => {
                if let Some(l) = &s.lower {
                    self.expr(l, PR_TEST);
                }
                self.push(":");
                if let Some(u) = &s.upper {
                    self.expr(u, PR_TEST);
                }
                if let Some(st) = &s.step {
                    self.push(":");
                    self.expr(st, PR_TEST);
                }
            }
            Expr::Name(n) => self.push(n.id.as_str()),
            Expr::List(l) => {
                self.push("[");
                self.separated(&l.elts, PR_TEST);
                self.push("]");
            }
            Expr::Tuple(t) => {
                if t.elts.is_empty() {
                    self.push("()");
                    return;
                }
                self.open(level, PR_TUPLE);
                self.separated(&t.elts, PR_TEST);
                if t.elts.len() == 1 {
                    self.push(",");
                }
                self.close(level, PR_TUPLE);
            }
            Expr::Named(n) => {
                self.open(level, PR_TUPLE);
                self.expr(&n.target, PR_ATOM);
                self.push(":=");
                self.expr(&n.value, PR_ATOM);
                self.close(level, PR_TUPLE);
            }
            // Syntax newer than 3.11, refused before code generation.
            Expr::TString(_) | Expr::IpyEscapeCommand(_) => {}
        }
    }

    fn generator(&mut self, g: &ast::ExprGenerator) {
        self.push("(");
        self.expr(&g.elt, PR_TEST);
        self.comprehensions(&g.generators);
        self.push(")");
    }

    fn comprehensions(&mut self, gens: &[ast::Comprehension]) {
        for g in gens {
            self.push(if g.is_async { " async for " } else { " for " });
            self.expr(&g.target, PR_TUPLE);
            self.push(" in ");
            self.expr(&g.iter, PR_TEST + 1);
            for cond in &g.ifs {
                self.push(" if ");
                self.expr(cond, PR_TEST + 1);
            }
        }
    }

    fn parameter(&mut self, p: &ast::Parameter) {
        self.push(p.name.as_str());
        if let Some(a) = &p.annotation {
            self.push(": ");
            self.expr(a, PR_TEST);
        }
    }

    fn parameters(&mut self, p: &ast::Parameters) {
        let mut first = true;
        let mut sep = |u: &mut Self| {
            if !first {
                u.push(", ");
            }
            first = false;
        };
        let n_posonly = p.posonlyargs.len();
        for (i, a) in p.posonlyargs.iter().chain(p.args.iter()).enumerate() {
            sep(self);
            self.parameter(&a.parameter);
            if let Some(d) = &a.default {
                self.push("=");
                self.expr(d, PR_TEST);
            }
            if n_posonly > 0 && i + 1 == n_posonly {
                self.push(", /");
            }
        }
        if p.vararg.is_some() || !p.kwonlyargs.is_empty() {
            sep(self);
            self.push("*");
            if let Some(v) = &p.vararg {
                self.parameter(v);
            }
        }
        for a in p.kwonlyargs.iter() {
            sep(self);
            self.parameter(&a.parameter);
            if let Some(d) = &a.default {
                self.push("=");
                self.expr(d, PR_TEST);
            }
        }
        if let Some(k) = &p.kwarg {
            sep(self);
            self.push("**");
            self.parameter(k);
        }
    }

    /// The inside of an f-string (or of a format spec): literal text with braces doubled,
    /// replacement fields as `{expr!c:spec}`.
    fn fstring_body(&mut self, pieces: &[FPiece<'_>]) -> String {
        let mut body = String::new();
        for p in pieces {
            match p {
                FPiece::Lit(t) => body.push_str(&t.replace('{', "{{").replace('}', "}}")),
                FPiece::Value(i) => {
                    let mut inner = Unparser {
                        out: String::new(),
                        index: self.index,
                    };
                    inner.expr(&i.expression, PR_TEST + 1);
                    body.push_str(if inner.out.starts_with('{') {
                        "{ "
                    } else {
                        "{"
                    });
                    body.push_str(&inner.out);
                    let conversion = match i.conversion {
                        ConversionFlag::None
                            if i.debug_text.is_some() && i.format_spec.is_none() =>
                        {
                            "!r"
                        }
                        ConversionFlag::None => "",
                        ConversionFlag::Str => "!s",
                        ConversionFlag::Repr => "!r",
                        ConversionFlag::Ascii => "!a",
                    };
                    body.push_str(conversion);
                    if let Some(spec) = &i.format_spec {
                        let mut spec_pieces = Vec::new();
                        flatten_elements(&spec.elements, &mut spec_pieces);
                        body.push(':');
                        body.push_str(&self.fstring_body(&spec_pieces));
                    }
                    body.push('}');
                }
            }
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_checked, LineIndex};
    use super::annotation_text;
    use ruff_python_ast::Mod;

    fn text(src: &str) -> String {
        let index = LineIndex::new(src);
        let Mod::Expression(e) = parse_checked(src, &index, "<t>", true).expect("parses") else {
            panic!("an expression")
        };
        annotation_text(&e.body, &index)
    }

    /// Each case is what CPython 3.11 stores for the annotation under PEP 563.
    #[test]
    fn writes_annotations_as_cpython() {
        for (src, want) in [
            ("Dict[str,  'X']", "Dict[str, 'X']"),
            ("2 ** -1", "2 ** (-1)"),
            ("(-2) ** 2", "(-2) ** 2"),
            ("(a or b) and c", "(a or b) and c"),
            ("x[(1,)]", "x[1,]"),
            ("lambda *a, k: 1", "lambda*a, k: 1"),
            ("f(*a, b=1, *c, **d)", "f(*a, *c, b=1, **d)"),
            ("f(x for x in y)", "f(x for x in y)"),
            ("1 .real", "1 .real"),
            ("1e400", "1e309"),
            ("0x10", "16"),
            ("u'u'", "u'u'"),
            ("f\"{ {1} }\"", "f'{ {1}}'"),
            ("f'{a!r:>{w}} {{}} {b=}'", "f'{a!r:>{w}} {{}} b={b!r}'"),
            ("-(-a)", "--a"),
        ] {
            assert_eq!(text(src), want, "{src}");
        }
    }
}
