//! Code generation for expressions: operators, calls, displays, comprehensions, lambdas,
//! f-strings, conditional jumps, and the (small) constant folding.

use num_bigint::BigInt;
use num_traits::Num;
use ruff_python_ast::{
    self as ast, BoolOp, CmpOp, Comprehension, Expr, ExprContext, InterpolatedStringElement,
    Number, Operator, UnaryOp,
};
use ruff_text_size::{Ranged, TextRange};

use super::assemble::Label;
use super::codegen::{error, CResult, Compiler};
use super::symtable::node_key;
use crate::bytecode::code::Constant;
use crate::bytecode::opcodes::{BinaryOperator, CompareOperator, Opcode};

/// Above this many items, displays and calls are built incrementally (as CPython).
const STACK_USE_GUIDELINE: usize = 30;

pub fn binop_arg(op: Operator) -> u32 {
    let b = match op {
        Operator::Add => BinaryOperator::Add,
        Operator::Sub => BinaryOperator::Subtract,
        Operator::Mult => BinaryOperator::Multiply,
        Operator::MatMult => BinaryOperator::MatrixMultiply,
        Operator::Div => BinaryOperator::TrueDivide,
        Operator::Mod => BinaryOperator::Remainder,
        Operator::Pow => BinaryOperator::Power,
        Operator::LShift => BinaryOperator::LShift,
        Operator::RShift => BinaryOperator::RShift,
        Operator::BitOr => BinaryOperator::Or,
        Operator::BitXor => BinaryOperator::Xor,
        Operator::BitAnd => BinaryOperator::And,
        Operator::FloorDiv => BinaryOperator::FloorDivide,
    };
    b as u32
}

/// CPython's name for an expression kind in "cannot assign to ..." messages.
pub fn describe(e: &Expr) -> &'static str {
    match e {
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Named(_) => "named expression",
        Expr::Lambda(_) => "lambda",
        Expr::If(_) => "conditional expression",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Generator(_) => "generator expression",
        Expr::Await(_) => "await expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Compare(_) => "comparison",
        Expr::Call(_) => "function call",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::EllipsisLiteral(_) => "literal",
        Expr::BooleanLiteral(b) => {
            if b.value {
                "True"
            } else {
                "False"
            }
        }
        Expr::NoneLiteral(_) => "None",
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Slice(_) => "slice",
        Expr::IpyEscapeCommand(_) => "expression",
    }
}

/// Parses a big integer literal token (`0x...`, `0o...`, `0b...`, decimal, with `_`).
fn parse_big_int(token: &str) -> Option<BigInt> {
    let t: String = token.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d.to_string(), 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d.to_string(), 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::from_str_radix(&digits, radix).ok()
}

pub(super) fn number_const(n: &Number) -> Constant {
    match n {
        Number::Int(i) => match i.as_u64() {
            Some(v) => Constant::Int(BigInt::from(v)),
            None => Constant::Int(parse_big_int(&i.to_string()).unwrap_or_default()),
        },
        Number::Float(f) => Constant::Float(*f),
        Number::Complex { real, imag } => Constant::Complex {
            real: *real,
            imag: *imag,
        },
    }
}

fn cmp_op(c: &mut Compiler<'_>, op: CmpOp) {
    let (opc, arg) = match op {
        CmpOp::Eq => (Opcode::COMPARE_OP, CompareOperator::Eq as u32),
        CmpOp::NotEq => (Opcode::COMPARE_OP, CompareOperator::Ne as u32),
        CmpOp::Lt => (Opcode::COMPARE_OP, CompareOperator::Lt as u32),
        CmpOp::LtE => (Opcode::COMPARE_OP, CompareOperator::Le as u32),
        CmpOp::Gt => (Opcode::COMPARE_OP, CompareOperator::Gt as u32),
        CmpOp::GtE => (Opcode::COMPARE_OP, CompareOperator::Ge as u32),
        CmpOp::Is => (Opcode::IS_OP, 0),
        CmpOp::IsNot => (Opcode::IS_OP, 1),
        CmpOp::In => (Opcode::CONTAINS_OP, 0),
        CmpOp::NotIn => (Opcode::CONTAINS_OP, 1),
    };
    c.emit(opc, arg);
}

/// One piece of an f-string after flattening implicit concatenation.
pub(super) enum FPiece<'a> {
    Lit(String),
    Value(&'a ast::InterpolatedElement),
}

pub(super) fn push_lit(pieces: &mut Vec<FPiece<'_>>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(FPiece::Lit(prev)) = pieces.last_mut() {
        prev.push_str(s);
    } else {
        pieces.push(FPiece::Lit(s.to_string()));
    }
}

pub(super) fn flatten_elements<'a>(
    els: &'a [InterpolatedStringElement],
    pieces: &mut Vec<FPiece<'a>>,
) {
    for el in els {
        match el {
            InterpolatedStringElement::Literal(l) => push_lit(pieces, &l.value),
            InterpolatedStringElement::Interpolation(i) => {
                if let Some(d) = &i.debug_text {
                    push_lit(pieces, d.leading());
                    push_lit(pieces, d.expression());
                    push_lit(pieces, d.trailing());
                }
                pieces.push(FPiece::Value(i));
            }
        }
    }
}

impl<'a> Compiler<'a> {
    /// The compile-time value of a literal, a tuple of constants, or `-<number>`.
    pub fn const_value(&self, e: &Expr) -> Option<Constant> {
        Some(match e {
            Expr::StringLiteral(s) => match self.index.exact_str(s) {
                Some(exact) => Constant::ExactStr(exact),
                None => Constant::Str(s.value.to_str().into()),
            },
            Expr::BytesLiteral(b) => Constant::Bytes(b.value.bytes().collect()),
            Expr::NumberLiteral(n) => number_const(&n.value),
            Expr::BooleanLiteral(b) => Constant::Bool(b.value),
            Expr::NoneLiteral(_) => Constant::None,
            Expr::EllipsisLiteral(_) => Constant::Ellipsis,
            Expr::Tuple(t) => {
                let mut items = Vec::with_capacity(t.elts.len());
                for e in &t.elts {
                    items.push(self.const_value(e)?);
                }
                Constant::Tuple(items)
            }
            Expr::UnaryOp(u) if u.op == UnaryOp::USub => {
                let Expr::NumberLiteral(n) = &*u.operand else {
                    return None;
                };
                match number_const(&n.value) {
                    Constant::Int(i) => Constant::Int(-i),
                    Constant::Float(f) => Constant::Float(-f),
                    Constant::Complex { real, imag } => Constant::Complex {
                        real: -real,
                        imag: -imag,
                    },
                    _ => return None,
                }
            }
            _ => return None,
        })
    }

    /// Truthiness of a literal, when known at compile time.
    fn const_truth(&self, e: &Expr) -> Option<bool> {
        match e {
            Expr::Tuple(_) | Expr::UnaryOp(_) => None,
            _ => Some(match self.const_value(e)? {
                Constant::None => false,
                Constant::Bool(b) => b,
                Constant::Int(i) => i != BigInt::from(0),
                Constant::Float(f) => f != 0.0,
                Constant::Complex { real, imag } => real != 0.0 || imag != 0.0,
                Constant::Str(s) => !s.is_empty(),
                Constant::ExactStr(b) => !b.is_empty(),
                Constant::Bytes(b) => !b.is_empty(),
                Constant::Ellipsis => true,
                Constant::Tuple(t) => !t.is_empty(),
                Constant::Code(_) => true,
            }),
        }
    }

    pub fn expr(&mut self, e: &'a Expr) -> CResult<()> {
        let (line, cols) = (self.u().line, self.u().cols);
        self.set_loc(e.range());
        let r = self.expr_inner(e);
        let u = self.unit();
        u.line = line;
        u.cols = cols;
        r
    }

    fn expr_inner(&mut self, e: &'a Expr) -> CResult<()> {
        if let Some(c) = self.const_value(e) {
            self.load_const(c);
            return Ok(());
        }
        match e {
            Expr::BoolOp(b) => {
                let end = self.label();
                let op = match b.op {
                    BoolOp::And => Opcode::JUMP_IF_FALSE_OR_POP,
                    BoolOp::Or => Opcode::JUMP_IF_TRUE_OR_POP,
                };
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < n {
                        self.jump(op, end);
                    }
                }
                self.bind(end);
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Opcode::COPY, 1);
                self.store_target(&n.target)?;
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.emit(Opcode::BINARY_OP, binop_arg(b.op));
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.op(match u.op {
                    UnaryOp::Invert => Opcode::UNARY_INVERT,
                    UnaryOp::Not => Opcode::UNARY_NOT,
                    UnaryOp::UAdd => Opcode::UNARY_POSITIVE,
                    UnaryOp::USub => Opcode::UNARY_NEGATIVE,
                });
            }
            Expr::Lambda(l) => self.lambda(l)?,
            Expr::If(i) => {
                let end = self.label();
                let orelse = self.label();
                self.jump_if(&i.test, orelse, false)?;
                self.expr(&i.body)?;
                self.jump(Opcode::JUMP, end);
                self.bind(orelse);
                self.expr(&i.orelse)?;
                self.bind(end);
            }
            Expr::Dict(d) => self.dict(d)?,
            Expr::Set(s) => self.starunpack(
                &s.elts,
                Opcode::BUILD_SET,
                Opcode::SET_ADD,
                Opcode::SET_UPDATE,
                false,
            )?,
            Expr::List(l) => {
                if l.ctx != ExprContext::Load {
                    return error("internal compiler error: list store in load", l.range);
                }
                self.starunpack(
                    &l.elts,
                    Opcode::BUILD_LIST,
                    Opcode::LIST_APPEND,
                    Opcode::LIST_EXTEND,
                    false,
                )?
            }
            Expr::Tuple(t) => self.starunpack(
                &t.elts,
                Opcode::BUILD_LIST,
                Opcode::LIST_APPEND,
                Opcode::LIST_EXTEND,
                true,
            )?,
            Expr::ListComp(c) => self.comprehension(
                node_key(c),
                "<listcomp>",
                &c.generators,
                &c.elt,
                None,
                c.range,
            )?,
            Expr::SetComp(c) => self.comprehension(
                node_key(c),
                "<setcomp>",
                &c.generators,
                &c.elt,
                None,
                c.range,
            )?,
            Expr::Generator(c) => self.comprehension(
                node_key(c),
                "<genexpr>",
                &c.generators,
                &c.elt,
                None,
                c.range,
            )?,
            Expr::DictComp(c) => {
                let Some(key) = &c.key else {
                    return error(
                        "dict unpacking cannot be used in dict comprehension",
                        c.range,
                    );
                };
                self.comprehension(
                    node_key(c),
                    "<dictcomp>",
                    &c.generators,
                    key,
                    Some(&c.value),
                    c.range,
                )?
            }
            Expr::Await(a) => {
                self.expr(&a.value)?;
                self.set_loc(a.range);
                self.await_top(0);
            }
            Expr::Yield(y) => {
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Constant::None),
                }
                if self.table.scopes[self.u().scope].is_coroutine {
                    self.op(Opcode::ASYNC_GEN_WRAP);
                }
                self.op(Opcode::YIELD_VALUE);
            }
            Expr::YieldFrom(y) => {
                self.expr(&y.value)?;
                self.op(Opcode::GET_YIELD_FROM_ITER);
                self.load_const(Constant::None);
                self.yield_from_loop();
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::Call(c) => self.call(c)?,
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
                self.fstring_pieces(&pieces)?;
            }
            Expr::TString(t) => return error("invalid syntax", t.range),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let name = self.mangle(&a.attr);
                self.emit_name(Opcode::LOAD_ATTR, &name);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                match &*s.slice {
                    // `a[*b]` (PEP 646): the index is the tuple `(*b,)`.
                    Expr::Starred(_) => self.starunpack(
                        std::slice::from_ref(&*s.slice),
                        Opcode::BUILD_LIST,
                        Opcode::LIST_APPEND,
                        Opcode::LIST_EXTEND,
                        true,
                    )?,
                    _ => self.expr(&s.slice)?,
                }
                self.op(Opcode::BINARY_SUBSCR);
            }
            Expr::Starred(s) => return error("can't use starred expression here", s.range),
            Expr::Name(n) => self.name_op(&n.id, ExprContext::Load)?,
            Expr::Slice(s) => {
                let mut n = 2;
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(x) => self.expr(x)?,
                        None => self.load_const(Constant::None),
                    }
                }
                if let Some(step) = &s.step {
                    self.expr(step)?;
                    n = 3;
                }
                self.emit(Opcode::BUILD_SLICE, n);
            }
            Expr::IpyEscapeCommand(i) => return error("invalid syntax", i.range),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => unreachable!("literals are constants"),
        }
        Ok(())
    }

    /// With `iterator value` on the stack: delegate until the subiterator returns.
    pub fn yield_from_loop(&mut self) {
        let top = self.label();
        let exit = self.label();
        self.bind(top);
        self.jump(Opcode::SEND, exit);
        self.op(Opcode::YIELD_VALUE);
        self.jump(Opcode::JUMP, top);
        self.bind(exit);
    }

    fn fstring_pieces(&mut self, pieces: &[FPiece<'a>]) -> CResult<()> {
        if pieces.is_empty() {
            self.load_const(Constant::Str(String::new().into()));
            return Ok(());
        }
        for p in pieces {
            match p {
                FPiece::Lit(s) => self.load_const(Constant::Str(s.clone().into())),
                FPiece::Value(v) => self.formatted_value(v)?,
            }
        }
        if pieces.len() != 1 {
            self.emit(Opcode::BUILD_STRING, pieces.len() as u32);
        }
        Ok(())
    }

    fn formatted_value(&mut self, v: &'a ast::InterpolatedElement) -> CResult<()> {
        self.expr(&v.expression)?;
        let mut conv = match v.conversion {
            ast::ConversionFlag::None => 0,
            ast::ConversionFlag::Str => 1,
            ast::ConversionFlag::Repr => 2,
            ast::ConversionFlag::Ascii => 3,
        };
        if v.debug_text.is_some() && conv == 0 && v.format_spec.is_none() {
            conv = 2;
        }
        if let Some(spec) = &v.format_spec {
            let mut pieces = Vec::new();
            flatten_elements(&spec.elements, &mut pieces);
            self.fstring_pieces(&pieces)?;
            conv |= 4;
        }
        self.set_loc(v.range);
        self.emit(Opcode::FORMAT_VALUE, conv);
        Ok(())
    }

    fn compare(&mut self, c: &'a ast::ExprCompare) -> CResult<()> {
        self.expr(&c.left)?;
        let n = c.ops.len();
        if n == 1 {
            self.expr(&c.comparators[0])?;
            cmp_op(self, c.ops[0]);
            return Ok(());
        }
        let cleanup = self.label();
        for i in 0..n - 1 {
            self.expr(&c.comparators[i])?;
            self.emit(Opcode::SWAP, 2);
            self.emit(Opcode::COPY, 2);
            cmp_op(self, c.ops[i]);
            self.jump(Opcode::JUMP_IF_FALSE_OR_POP, cleanup);
        }
        self.expr(&c.comparators[n - 1])?;
        cmp_op(self, c.ops[n - 1]);
        let end = self.label();
        self.jump(Opcode::JUMP, end);
        self.bind(cleanup);
        self.emit(Opcode::SWAP, 2);
        self.op(Opcode::POP_TOP);
        self.bind(end);
        Ok(())
    }

    /// Evaluates `e` for its truth and jumps to `target` if it equals `cond`.
    pub fn jump_if(&mut self, e: &'a Expr, target: Label, cond: bool) -> CResult<()> {
        if let Some(v) = self.const_truth(e) {
            if v == cond {
                self.jump(Opcode::JUMP, target);
            }
            return Ok(());
        }
        match e {
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => {
                return self.jump_if(&u.operand, target, !cond);
            }
            Expr::BoolOp(b) => {
                let is_or = b.op == BoolOp::Or;
                let next2 = if is_or != cond { self.label() } else { target };
                let n = b.values.len();
                for v in &b.values[..n - 1] {
                    self.jump_if(v, next2, is_or)?;
                }
                self.jump_if(&b.values[n - 1], target, cond)?;
                if next2 != target {
                    self.bind(next2);
                }
                return Ok(());
            }
            Expr::If(i) => {
                let end = self.label();
                let next2 = self.label();
                self.jump_if(&i.test, next2, false)?;
                self.jump_if(&i.body, target, cond)?;
                self.jump(Opcode::JUMP, end);
                self.bind(next2);
                self.jump_if(&i.orelse, target, cond)?;
                self.bind(end);
                return Ok(());
            }
            Expr::Compare(c) if c.ops.len() > 1 => {
                let (line, cols) = (self.u().line, self.u().cols);
                self.set_loc(c.range);
                self.expr(&c.left)?;
                let n = c.ops.len();
                let cleanup = self.label();
                for i in 0..n - 1 {
                    self.expr(&c.comparators[i])?;
                    self.emit(Opcode::SWAP, 2);
                    self.emit(Opcode::COPY, 2);
                    cmp_op(self, c.ops[i]);
                    self.jump(Opcode::POP_JUMP_IF_FALSE, cleanup);
                }
                self.expr(&c.comparators[n - 1])?;
                cmp_op(self, c.ops[n - 1]);
                let op = if cond {
                    Opcode::POP_JUMP_IF_TRUE
                } else {
                    Opcode::POP_JUMP_IF_FALSE
                };
                self.jump(op, target);
                let end = self.label();
                self.jump(Opcode::JUMP, end);
                self.bind(cleanup);
                self.op(Opcode::POP_TOP);
                if !cond {
                    self.jump(Opcode::JUMP, target);
                }
                self.bind(end);
                let u = self.unit();
                u.line = line;
                u.cols = cols;
                return Ok(());
            }
            Expr::Compare(c)
                if matches!(c.ops[0], CmpOp::Is | CmpOp::IsNot)
                    && matches!(c.comparators[0], Expr::NoneLiteral(_)) =>
            {
                self.expr(&c.left)?;
                let (line, cols) = (self.u().line, self.u().cols);
                self.set_loc(c.range);
                let is = c.ops[0] == CmpOp::Is;
                let op = if is == cond {
                    Opcode::POP_JUMP_IF_NONE
                } else {
                    Opcode::POP_JUMP_IF_NOT_NONE
                };
                self.jump(op, target);
                let u = self.unit();
                u.line = line;
                u.cols = cols;
                return Ok(());
            }
            _ => {}
        }
        self.expr(e)?;
        let (line, cols) = (self.u().line, self.u().cols);
        self.set_loc(e.range());
        self.jump(
            if cond {
                Opcode::POP_JUMP_IF_TRUE
            } else {
                Opcode::POP_JUMP_IF_FALSE
            },
            target,
        );
        let u = self.unit();
        u.line = line;
        u.cols = cols;
        Ok(())
    }

    /// Builds a tuple of the given expressions (one constant when all are constant).
    pub fn build_tuple_of(&mut self, es: &[&'a Expr]) -> CResult<()> {
        let consts: Option<Vec<Constant>> = es.iter().map(|e| self.const_value(e)).collect();
        if let Some(c) = consts {
            self.load_const(Constant::Tuple(c));
            return Ok(());
        }
        for e in es {
            self.expr(e)?;
        }
        self.emit(Opcode::BUILD_TUPLE, es.len() as u32);
        Ok(())
    }

    /// Lists, tuples and sets, with `*x` items (CPython's `starunpack_helper`).
    fn starunpack(
        &mut self,
        elts: &'a [Expr],
        build: Opcode,
        add: Opcode,
        extend: Opcode,
        tuple: bool,
    ) -> CResult<()> {
        let n = elts.len();
        let consts: Option<Vec<Constant>> = elts.iter().map(|e| self.const_value(e)).collect();
        if let Some(c) = consts {
            if n > 2 && build == Opcode::BUILD_LIST && !tuple {
                self.emit(Opcode::BUILD_LIST, 0);
                self.load_const(Constant::Tuple(c));
                self.emit(Opcode::LIST_EXTEND, 1);
                return Ok(());
            }
        }
        let big = n > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !seen_star && !big {
            for e in elts {
                self.expr(e)?;
            }
            if tuple {
                self.emit(Opcode::BUILD_TUPLE, n as u32);
            } else {
                self.emit(build, n as u32);
            }
            return Ok(());
        }
        let mut built = false;
        if big {
            self.emit(build, 0);
            built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let Expr::Starred(s) = e {
                if !built {
                    self.emit(build, i as u32);
                    built = true;
                }
                self.expr(&s.value)?;
                self.emit(extend, 1);
            } else {
                self.expr(e)?;
                if built {
                    self.emit(add, 1);
                }
            }
        }
        if tuple {
            self.op(Opcode::LIST_TO_TUPLE);
        }
        Ok(())
    }

    fn dict(&mut self, d: &'a ast::ExprDict) -> CResult<()> {
        let items = &d.items;
        let n = items.len();
        let mut have_dict = false;
        let mut elements = 0usize;
        for i in 0..n {
            if items[i].key.is_none() {
                if elements > 0 {
                    self.subdict(&items[i - elements..i])?;
                    if have_dict {
                        self.emit(Opcode::DICT_UPDATE, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.emit(Opcode::BUILD_MAP, 0);
                    have_dict = true;
                }
                self.expr(&items[i].value)?;
                self.emit(Opcode::DICT_UPDATE, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(&items[i - elements..=i])?;
                if have_dict {
                    self.emit(Opcode::DICT_UPDATE, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(&items[n - elements..n])?;
            if have_dict {
                self.emit(Opcode::DICT_UPDATE, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.emit(Opcode::BUILD_MAP, 0);
        }
        Ok(())
    }

    fn subdict(&mut self, items: &'a [ast::DictItem]) -> CResult<()> {
        let n = items.len();
        let keys: Option<Vec<Constant>> = items
            .iter()
            .map(|it| it.key.as_ref().and_then(|k| self.const_value(k)))
            .collect();
        if let (Some(keys), true) = (keys, n > 1) {
            for it in items {
                self.expr(&it.value)?;
            }
            self.load_const(Constant::Tuple(keys));
            self.emit(Opcode::BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        for it in items {
            self.expr(it.key.as_ref().unwrap())?;
            self.expr(&it.value)?;
        }
        self.emit(Opcode::BUILD_MAP, n as u32);
        Ok(())
    }

    fn check_keywords(&self, keywords: &[ast::Keyword]) -> CResult<()> {
        for (i, k) in keywords.iter().enumerate() {
            let Some(name) = &k.arg else { continue };
            for other in &keywords[i + 1..] {
                if other.arg.as_ref().map(|a| a.as_str()) == Some(name.as_str()) {
                    return error(
                        format!("keyword argument repeated: {}", name.as_str()),
                        other.range,
                    );
                }
            }
        }
        Ok(())
    }

    fn call(&mut self, c: &'a ast::ExprCall) -> CResult<()> {
        let args = &c.arguments.args;
        let keywords = &c.arguments.keywords;
        self.check_keywords(keywords)?;
        let simple = !args.iter().any(|a| matches!(a, Expr::Starred(_)))
            && !keywords.iter().any(|k| k.arg.is_none())
            && args.len() + keywords.len() < STACK_USE_GUIDELINE;
        if let (Expr::Attribute(a), true) = (&*c.func, simple) {
            if a.ctx == ExprContext::Load {
                self.expr(&a.value)?;
                let (line, cols) = (self.u().line, self.u().cols);
                self.set_loc(a.range);
                let name = self.mangle(&a.attr);
                self.emit_name(Opcode::LOAD_METHOD, &name);
                let u = self.unit();
                u.line = line;
                u.cols = cols;
                for arg in args.iter() {
                    self.expr(arg)?;
                }
                self.call_keywords_simple(args.len(), keywords)?;
                return Ok(());
            }
        }
        self.expr(&c.func)?;
        self.op(Opcode::PUSH_NULL);
        self.call_helper(0, args, keywords, c.range())
    }

    /// Emits the keyword values and `CALL`/`CALL_KW` for a call without `*`/`**`.
    fn call_keywords_simple(&mut self, nargs: usize, keywords: &'a [ast::Keyword]) -> CResult<()> {
        for k in keywords {
            self.expr(&k.value)?;
        }
        let total = (nargs + keywords.len()) as u32;
        if keywords.is_empty() {
            self.emit(Opcode::CALL, total);
        } else {
            let names = keywords
                .iter()
                .map(|k| Constant::Str(k.arg.as_ref().unwrap().as_str().into()))
                .collect();
            self.load_const(Constant::Tuple(names));
            self.emit(Opcode::CALL_KW, total);
        }
        Ok(())
    }

    /// After `callable NULL` and `extra` already-pushed positional arguments: the arguments and
    /// the call instruction.
    pub fn call_helper(
        &mut self,
        extra: usize,
        args: &'a [Expr],
        keywords: &'a [ast::Keyword],
        range: TextRange,
    ) -> CResult<()> {
        self.check_keywords(keywords)?;
        let starred = args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || keywords.iter().any(|k| k.arg.is_none());
        let big = args.len() + keywords.len() + extra > STACK_USE_GUIDELINE;
        if !starred && !big {
            for a in args {
                self.expr(a)?;
            }
            let (line, cols) = (self.u().line, self.u().cols);
            self.call_keywords_simple(args.len() + extra, keywords)?;
            let u = self.unit();
            u.line = line;
            u.cols = cols;
            let _ = range;
            return Ok(());
        }
        // Positional arguments as one tuple.
        let seen_star = args.iter().any(|a| matches!(a, Expr::Starred(_)));
        if let ([Expr::Starred(only)], 0, false) = (args, extra, big) {
            // `f(*xs)`: the value itself, as CPython compiles it; `CALL_FUNCTION_EX` makes the
            // tuple (or takes a tuple as it is), raising its "argument after *" error.
            self.expr(&only.value)?;
        } else if !seen_star && !big {
            for a in args {
                self.expr(a)?;
            }
            self.emit(Opcode::BUILD_TUPLE, (args.len() + extra) as u32);
        } else {
            let mut built = false;
            if big {
                self.emit(Opcode::BUILD_LIST, extra as u32);
                built = true;
            }
            for (i, a) in args.iter().enumerate() {
                if let Expr::Starred(s) = a {
                    if !built {
                        self.emit(Opcode::BUILD_LIST, (i + extra) as u32);
                        built = true;
                    }
                    self.expr(&s.value)?;
                    self.emit(Opcode::LIST_EXTEND, 1);
                } else {
                    self.expr(a)?;
                    if built {
                        self.emit(Opcode::LIST_APPEND, 1);
                    }
                }
            }
            if !built {
                self.emit(Opcode::BUILD_LIST, (args.len() + extra) as u32);
            }
            self.op(Opcode::LIST_TO_TUPLE);
        }
        // Keyword arguments as one dict.
        let mut have_dict = false;
        let mut nseen = 0usize;
        let n = keywords.len();
        for i in 0..n {
            if keywords[i].arg.is_none() {
                if nseen > 0 {
                    self.subkwargs(&keywords[i - nseen..i])?;
                    if have_dict {
                        self.emit(Opcode::DICT_MERGE, 1);
                    }
                    have_dict = true;
                    nseen = 0;
                }
                if !have_dict {
                    self.emit(Opcode::BUILD_MAP, 0);
                    have_dict = true;
                }
                self.expr(&keywords[i].value)?;
                self.emit(Opcode::DICT_MERGE, 1);
            } else {
                nseen += 1;
            }
        }
        if nseen > 0 {
            self.subkwargs(&keywords[n - nseen..n])?;
            if have_dict {
                self.emit(Opcode::DICT_MERGE, 1);
            }
            have_dict = true;
        }
        self.emit(Opcode::CALL_FUNCTION_EX, have_dict as u32);
        Ok(())
    }

    fn subkwargs(&mut self, kws: &'a [ast::Keyword]) -> CResult<()> {
        let n = kws.len();
        if n > 1 {
            for k in kws {
                self.expr(&k.value)?;
            }
            let names = kws
                .iter()
                .map(|k| Constant::Str(k.arg.as_ref().unwrap().as_str().into()))
                .collect();
            self.load_const(Constant::Tuple(names));
            self.emit(Opcode::BUILD_CONST_KEY_MAP, n as u32);
        } else {
            for k in kws {
                self.load_const(Constant::Str(k.arg.as_ref().unwrap().as_str().into()));
                self.expr(&k.value)?;
            }
            self.emit(Opcode::BUILD_MAP, n as u32);
        }
        Ok(())
    }

    fn lambda(&mut self, l: &'a ast::ExprLambda) -> CResult<()> {
        let flags = self.function_prelude(l.parameters.as_deref(), None, false)?;
        let line = self.line_of(l.range);
        self.enter_unit(Some(node_key(l)), "<lambda>", line);
        if let Some(p) = &l.parameters {
            let u = self.unit();
            u.posonlyargcount = p.posonlyargs.len() as u32;
            u.argcount = (p.posonlyargs.len() + p.args.len()) as u32;
            u.kwonlyargcount = p.kwonlyargs.len() as u32;
            if p.vararg.is_some() {
                u.flags |= crate::bytecode::code::code_flags::VARARGS;
            }
            if p.kwarg.is_some() {
                u.flags |= crate::bytecode::code::code_flags::VARKEYWORDS;
            }
        }
        self.unit().add_const(Constant::None);
        self.set_loc(l.body.range());
        self.expr(&l.body)?;
        if self.table.scopes[self.u().scope].is_generator {
            self.op(Opcode::POP_TOP);
            self.load_const(Constant::None);
        }
        self.op(Opcode::RETURN_VALUE);
        let code = self.exit_unit()?;
        self.make_function(code, flags)
    }

    #[allow(clippy::too_many_arguments)]
    fn comprehension(
        &mut self,
        key: usize,
        name: &str,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
        range: TextRange,
    ) -> CResult<()> {
        let line = self.line_of(range);
        self.enter_unit(Some(key), name, line);
        self.unit().argcount = 1;
        self.set_loc(range);
        match name {
            "<listcomp>" => self.emit(Opcode::BUILD_LIST, 0),
            "<setcomp>" => self.emit(Opcode::BUILD_SET, 0),
            "<dictcomp>" => self.emit(Opcode::BUILD_MAP, 0),
            _ => {}
        }
        self.comp_generator(name, generators, 0, elt, value)?;
        if name == "<genexpr>" {
            self.load_const(Constant::None);
        }
        self.set_loc(range);
        self.op(Opcode::RETURN_VALUE);
        let awaits = self.table.scopes[self.u().scope].is_coroutine;
        let code = self.exit_unit()?;
        self.set_loc(range);
        self.make_function(code, 0)?;
        self.op(Opcode::PUSH_NULL);
        self.expr(&generators[0].iter)?;
        self.set_loc(range);
        self.op(if generators[0].is_async {
            Opcode::GET_AITER
        } else {
            Opcode::GET_ITER
        });
        self.emit(Opcode::CALL, 1);
        if awaits && name != "<genexpr>" {
            self.await_top(0);
        }
        Ok(())
    }

    fn comp_generator(
        &mut self,
        name: &str,
        generators: &'a [Comprehension],
        index: usize,
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> CResult<()> {
        let g = &generators[index];
        let start = self.label();
        let if_cleanup = self.label();
        let anchor = self.label();
        if index == 0 {
            let i = self.unit().varname_index(".0");
            self.emit(Opcode::LOAD_FAST, i);
        } else {
            self.expr(&g.iter)?;
            self.set_loc(g.range);
            self.op(if g.is_async {
                Opcode::GET_AITER
            } else {
                Opcode::GET_ITER
            });
        }
        self.bind(start);
        self.set_loc(g.range);
        let base = self.u().base;
        if g.is_async {
            // As `async for`: the handler at `anchor` ends the loop on StopAsyncIteration.
            // Below the awaitable: the collection being built, then one iterator per level.
            let container = u32::from(name != "<genexpr>");
            self.unit()
                .push_handler(anchor, base + container + index as u32 + 1, false);
            self.op(Opcode::GET_ANEXT);
            self.await_top_value();
            self.unit().pop_handler();
        } else {
            self.jump(Opcode::FOR_ITER, anchor);
        }
        self.store_target(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        if index + 1 < generators.len() {
            self.comp_generator(name, generators, index + 1, elt, value)?;
        } else {
            let depth = generators.len() as u32 + 1;
            match name {
                "<genexpr>" => {
                    self.expr(elt)?;
                    if self.table.scopes[self.u().scope].is_coroutine {
                        self.op(Opcode::ASYNC_GEN_WRAP);
                    }
                    self.op(Opcode::YIELD_VALUE);
                    self.op(Opcode::POP_TOP);
                }
                "<listcomp>" => {
                    self.expr(elt)?;
                    self.emit(Opcode::LIST_APPEND, depth);
                }
                "<setcomp>" => {
                    self.expr(elt)?;
                    self.emit(Opcode::SET_ADD, depth);
                }
                _ => {
                    self.expr(elt)?;
                    self.expr(value.unwrap())?;
                    self.emit(Opcode::MAP_ADD, depth);
                }
            }
        }
        self.bind(if_cleanup);
        self.set_loc(g.range);
        self.jump(Opcode::JUMP, start);
        self.bind(anchor);
        if g.is_async {
            self.op(Opcode::END_ASYNC_FOR);
        }
        Ok(())
    }
}
