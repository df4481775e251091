//! The text form of HIR, for dumps and file tests.
//!
//! ```text
//! function fib:
//! bb0(v0: word):
//!     v1 = load.word v0+16
//!     v2 = iconst 1
//!     v3, v4 = int.add_ovf v1, v2           ; @12
//!     branch v4, bb1(), bb2(v3)
//! bb1():
//!     exit error pc=13 stack=[v1] "overflow"
//! bb2(v5: int):
//!     return v5
//! ```
//!
//! Result types are inferred from the operation (`iconst`: int, `wconst`: word, `load.T` and
//! `bitcast.T`: T, `int.OP`/`select`: the first operand's type, `int.OP_ovf`: int and bool,
//! comparisons: bool, `call`: word, `float.OP`, `int_to_float` and `sqrt`: float, `bool_to_int`: int); a result whose type
//! differs is written `v7:word`. `; @N` at the end of a line is the instruction's origin;
//! other lines starting with `;` are comments. `print(parse(print(f))) == print(f)` for every
//! function.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::sync::Mutex;

use crate::ir::{
    Block, BlockData, Cond, ExitKind, FloatOp, Function, HelperId, Inst, InstData, IntOp, OvfOp,
    Type, Value,
};

/// Column at which `; @N` origin comments start (when the instruction is shorter).
const ORIGIN_COLUMN: usize = 44;

fn type_name(t: Type) -> &'static str {
    match t {
        Type::Word => "word",
        Type::Int => "int",
        Type::Float => "float",
        Type::Bool => "bool",
    }
}

fn parse_type(s: &str) -> Option<Type> {
    Some(match s {
        "word" => Type::Word,
        "int" => Type::Int,
        "float" => Type::Float,
        "bool" => Type::Bool,
        _ => return None,
    })
}

const INT_OPS: [(IntOp, &str); 10] = [
    (IntOp::Add, "add"),
    (IntOp::Sub, "sub"),
    (IntOp::Mul, "mul"),
    (IntOp::And, "and"),
    (IntOp::Or, "or"),
    (IntOp::Xor, "xor"),
    (IntOp::Shl, "shl"),
    (IntOp::Sar, "sar"),
    (IntOp::Div, "div"),
    (IntOp::Rem, "rem"),
];
const OVF_OPS: [(OvfOp, &str); 3] = [
    (OvfOp::Add, "add_ovf"),
    (OvfOp::Sub, "sub_ovf"),
    (OvfOp::Mul, "mul_ovf"),
];
const FLOAT_OPS: [(FloatOp, &str); 4] = [
    (FloatOp::Add, "add"),
    (FloatOp::Sub, "sub"),
    (FloatOp::Mul, "mul"),
    (FloatOp::Div, "div"),
];
const CONDS: [(Cond, &str); 6] = [
    (Cond::Eq, "eq"),
    (Cond::Ne, "ne"),
    (Cond::Lt, "lt"),
    (Cond::Le, "le"),
    (Cond::Gt, "gt"),
    (Cond::Ge, "ge"),
];

fn name_of<T: PartialEq + Copy>(table: &[(T, &'static str)], x: T) -> &'static str {
    table
        .iter()
        .find(|(k, _)| *k == x)
        .map(|(_, n)| *n)
        .unwrap_or("?")
}

fn lookup<T: Copy>(table: &[(T, &'static str)], name: &str) -> Option<T> {
    table.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
}

/// The result types an instruction has unless annotated; `None` when an operand's type is
/// not known yet.
fn inferred_types(inst: &Inst, ty: &dyn Fn(Value) -> Option<Type>) -> Option<Vec<Type>> {
    Some(match inst {
        Inst::Iconst(_) | Inst::BoolToInt(_) => vec![Type::Int],
        Inst::Wconst(_) | Inst::Call { .. } | Inst::CallIndirect { .. } | Inst::StackSlot(_) => {
            vec![Type::Word]
        }
        Inst::Fconst(_) | Inst::FloatBin { .. } | Inst::IntToFloat(_) | Inst::Sqrt(_) => {
            vec![Type::Float]
        }
        Inst::Load { ty, .. } | Inst::Bitcast { ty, .. } => vec![*ty],
        Inst::IntBin { a, .. } | Inst::Select { a, .. } => vec![ty(*a)?],
        Inst::IntOvf { .. } => vec![Type::Int, Type::Bool],
        Inst::IntCmp { .. } | Inst::FloatCmp { .. } => vec![Type::Bool],
        Inst::Store { .. }
        | Inst::IncRef(_)
        | Inst::DecRef(_)
        | Inst::Jump { .. }
        | Inst::Branch { .. }
        | Inst::Return(_)
        | Inst::Exit { .. } => vec![],
    })
}

fn is_plain_name(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('"') && s.chars().all(|c| !c.is_whitespace() && !c.is_control())
}

fn join(vs: &[Value]) -> String {
    vs.iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn fmt_float(x: f64) -> String {
    if x.is_nan() {
        format!("bits:{:#018x}", x.to_bits())
    } else {
        format!("{x:?}")
    }
}

/// The operation part of an instruction (what follows `results = `).
fn print_inst(inst: &Inst) -> String {
    match inst {
        Inst::Iconst(n) => format!("iconst {n}"),
        Inst::Wconst(n) => format!("wconst {n:#x}"),
        Inst::Fconst(x) => format!("fconst {}", fmt_float(*x)),
        Inst::Load { ty, base, offset } => format!("load.{} {base}{offset:+}", type_name(*ty)),
        Inst::Store {
            base,
            offset,
            value,
        } => format!("store {base}{offset:+}, {value}"),
        Inst::IntBin { op, a, b } => format!("int.{} {a}, {b}", name_of(&INT_OPS, *op)),
        Inst::IntOvf { op, a, b } => format!("int.{} {a}, {b}", name_of(&OVF_OPS, *op)),
        Inst::IntCmp { cond, a, b } => format!("int.{} {a}, {b}", name_of(&CONDS, *cond)),
        Inst::FloatBin { op, a, b } => format!("float.{} {a}, {b}", name_of(&FLOAT_OPS, *op)),
        Inst::FloatCmp { cond, a, b } => format!("float.{} {a}, {b}", name_of(&CONDS, *cond)),
        Inst::Bitcast { ty, value } => format!("bitcast.{} {value}", type_name(*ty)),
        Inst::BoolToInt(v) => format!("bool_to_int {v}"),
        Inst::IntToFloat(v) => format!("int_to_float {v}"),
        Inst::Sqrt(v) => format!("sqrt {v}"),
        Inst::Select { cond, a, b } => format!("select {cond}, {a}, {b}"),
        Inst::Call { helper, args } => format!("call h{}({})", helper.0, join(args)),
        Inst::StackSlot(size) => format!("stack_slot {size}"),
        Inst::CallIndirect { callee, args } => format!("call_indirect {callee}({})", join(args)),
        Inst::IncRef(v) => format!("incref {v}"),
        Inst::DecRef(v) => format!("decref {v}"),
        Inst::Jump { dest, args } => format!("jump {dest}({})", join(args)),
        Inst::Branch {
            cond,
            then_dest,
            then_args,
            else_dest,
            else_args,
        } => {
            format!(
                "branch {cond}, {then_dest}({}), {else_dest}({})",
                join(then_args),
                join(else_args)
            )
        }
        Inst::Return(v) => format!("return {v}"),
        Inst::Exit {
            kind,
            pc,
            stack,
            reason,
        } => {
            let kind = match kind {
                ExitKind::Deopt => "deopt",
                ExitKind::Error => "error",
                ExitKind::Yield => "yield",
            };
            format!("exit {kind} pc={pc} stack=[{}] {reason:?}", join(stack))
        }
    }
}

/// The text form of `f`.
pub fn print(f: &Function) -> String {
    let mut out = String::new();
    if is_plain_name(&f.name) {
        let _ = writeln!(out, "function {}:", f.name);
    } else {
        let _ = writeln!(out, "function {:?}:", f.name);
    }
    let ty = |v: Value| f.value_types.get(v.0 as usize).copied();
    for (bi, b) in f.blocks.iter().enumerate() {
        let params: Vec<String> = b
            .params
            .iter()
            .map(|p| format!("{p}: {}", ty(*p).map(type_name).unwrap_or("?")))
            .collect();
        let _ = writeln!(out, "bb{bi}({}):", params.join(", "));
        for i in &b.insts {
            let mut line = String::from("    ");
            if !i.results.is_empty() {
                let inferred = inferred_types(&i.inst, &ty).unwrap_or_default();
                let rs: Vec<String> = i
                    .results
                    .iter()
                    .enumerate()
                    .map(|(k, r)| match ty(*r) {
                        Some(t) if inferred.get(k) != Some(&t) => format!("{r}:{}", type_name(t)),
                        _ => r.to_string(),
                    })
                    .collect();
                let _ = write!(line, "{} = ", rs.join(", "));
            }
            line.push_str(&print_inst(&i.inst));
            if let Some(o) = i.origin {
                let width = ORIGIN_COLUMN.max(line.len() + 1);
                let _ = write!(line, "{:pad$}; @{o}", "", pad = width - line.len());
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Exit reasons are `&'static str`; parsed ones are leaked once per distinct text.
fn intern(s: String) -> &'static str {
    static INTERNED: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut guard = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
    let set = guard.get_or_insert_with(HashSet::new);
    if let Some(s) = set.get(s.as_str()) {
        return s;
    }
    let leaked: &'static str = Box::leak(s.into_boxed_str());
    set.insert(leaked);
    leaked
}

/// A cursor over one line.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Cursor<'a> {
        Cursor { s, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn skip_ws(&mut self) {
        let r = self.rest();
        self.pos += r.len() - r.trim_start().len();
    }

    fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.rest().is_empty()
    }

    fn eat(&mut self, tok: &str) -> bool {
        self.skip_ws();
        if self.rest().starts_with(tok) {
            self.pos += tok.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &str) -> Result<(), String> {
        if self.eat(tok) {
            Ok(())
        } else {
            Err(format!("expected `{tok}` at `{}`", self.rest()))
        }
    }

    /// A run of characters satisfying `pred` (possibly empty).
    fn take_while(&mut self, pred: impl Fn(char) -> bool) -> &'a str {
        let r = self.rest();
        let n = r.find(|c| !pred(c)).unwrap_or(r.len());
        self.pos += n;
        &r[..n]
    }

    fn word(&mut self) -> &'a str {
        self.skip_ws();
        self.take_while(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    }

    fn number<T: std::str::FromStr>(&mut self, what: &str) -> Result<T, String> {
        self.skip_ws();
        let start = self.pos;
        if self.rest().starts_with('-') {
            self.pos += 1;
        }
        self.take_while(|c| c.is_ascii_digit());
        let text = &self.s[start..self.pos];
        text.parse().map_err(|_| format!("bad {what} `{text}`"))
    }

    fn prefixed_index(&mut self, prefix: &str) -> Result<u32, String> {
        self.skip_ws();
        let r = self.rest();
        if !r.starts_with(prefix) || !r[prefix.len()..].starts_with(|c: char| c.is_ascii_digit()) {
            return Err(format!("expected {prefix}N at `{r}`"));
        }
        self.pos += prefix.len();
        let digits = self.take_while(|c| c.is_ascii_digit());
        digits.parse().map_err(|_| format!("bad index `{digits}`"))
    }

    fn value(&mut self) -> Result<Value, String> {
        self.prefixed_index("v").map(Value)
    }

    fn block(&mut self) -> Result<Block, String> {
        self.prefixed_index("bb").map(Block)
    }

    /// Comma-separated values up to (and consuming) `close`.
    fn values_until(&mut self, close: &str) -> Result<Vec<Value>, String> {
        let mut vs = Vec::new();
        if self.eat(close) {
            return Ok(vs);
        }
        loop {
            vs.push(self.value()?);
            if self.eat(close) {
                return Ok(vs);
            }
            self.expect(",")?;
        }
    }

    /// `bbN(args)`.
    fn target(&mut self) -> Result<(Block, Vec<Value>), String> {
        let b = self.block()?;
        self.expect("(")?;
        Ok((b, self.values_until(")")?))
    }

    fn type_(&mut self) -> Result<Type, String> {
        let w = self.word();
        parse_type(w).ok_or_else(|| format!("unknown type `{w}`"))
    }

    /// `vB+OFF` or `vB-OFF`.
    fn address(&mut self) -> Result<(Value, i32), String> {
        let base = self.value()?;
        let neg = if self.rest().starts_with('+') {
            false
        } else if self.rest().starts_with('-') {
            true
        } else {
            return Err(format!("expected +offset at `{}`", self.rest()));
        };
        self.pos += 1;
        let digits = self.take_while(|c| c.is_ascii_digit());
        let mag: i64 = digits
            .parse()
            .map_err(|_| format!("bad offset `{digits}`"))?;
        let off = if neg { -mag } else { mag };
        let off = i32::try_from(off).map_err(|_| format!("offset {off} out of range"))?;
        Ok((base, off))
    }

    /// Two comma-separated values.
    fn pair(&mut self) -> Result<(Value, Value), String> {
        let a = self.value()?;
        self.expect(",")?;
        Ok((a, self.value()?))
    }

    /// A double-quoted string with Rust's `{:?}` escapes.
    fn string(&mut self) -> Result<String, String> {
        self.expect("\"")?;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                '\\' => {
                    let (_, e) = chars.next().ok_or("unterminated escape")?;
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        '\\' | '"' | '\'' => out.push(e),
                        'u' => {
                            if chars.next().map(|x| x.1) != Some('{') {
                                return Err("bad \\u escape".into());
                            }
                            let mut hex = String::new();
                            for (_, h) in chars.by_ref() {
                                if h == '}' {
                                    break;
                                }
                                hex.push(h);
                            }
                            let code = u32::from_str_radix(&hex, 16)
                                .map_err(|_| format!("bad \\u{{{hex}}}"))?;
                            out.push(
                                char::from_u32(code).ok_or_else(|| format!("bad \\u{{{hex}}}"))?,
                            );
                        }
                        other => return Err(format!("unknown escape \\{other}")),
                    }
                }
                c => out.push(c),
            }
        }
        Err("unterminated string".into())
    }
}

fn parse_float(s: &str) -> Result<f64, String> {
    if let Some(bits) = s.strip_prefix("bits:0x") {
        return u64::from_str_radix(bits, 16)
            .map(f64::from_bits)
            .map_err(|_| format!("bad float `{s}`"));
    }
    s.parse().map_err(|_| format!("bad float `{s}`"))
}

fn parse_op(c: &mut Cursor<'_>) -> Result<Inst, String> {
    let op = c.word();
    if let Some(t) = op.strip_prefix("load.") {
        let ty = parse_type(t).ok_or_else(|| format!("unknown type `{t}`"))?;
        let (base, offset) = c.address()?;
        return Ok(Inst::Load { ty, base, offset });
    }
    if let Some(t) = op.strip_prefix("bitcast.") {
        let ty = parse_type(t).ok_or_else(|| format!("unknown type `{t}`"))?;
        return Ok(Inst::Bitcast {
            ty,
            value: c.value()?,
        });
    }
    if let Some(name) = op.strip_prefix("int.") {
        let (a, b) = c.pair()?;
        return if let Some(op) = lookup(&INT_OPS, name) {
            Ok(Inst::IntBin { op, a, b })
        } else if let Some(op) = lookup(&OVF_OPS, name) {
            Ok(Inst::IntOvf { op, a, b })
        } else if let Some(cond) = lookup(&CONDS, name) {
            Ok(Inst::IntCmp { cond, a, b })
        } else {
            Err(format!("unknown operation `{op}`"))
        };
    }
    if let Some(name) = op.strip_prefix("float.") {
        let (a, b) = c.pair()?;
        return if let Some(op) = lookup(&FLOAT_OPS, name) {
            Ok(Inst::FloatBin { op, a, b })
        } else if let Some(cond) = lookup(&CONDS, name) {
            Ok(Inst::FloatCmp { cond, a, b })
        } else {
            Err(format!("unknown operation `{op}`"))
        };
    }
    Ok(match op {
        "iconst" => Inst::Iconst(c.number("integer")?),
        "wconst" => {
            c.skip_ws();
            let text = c.take_while(|ch| ch.is_ascii_alphanumeric());
            let hex = text
                .strip_prefix("0x")
                .ok_or_else(|| format!("expected 0x... at `{text}`"))?;
            Inst::Wconst(u64::from_str_radix(hex, 16).map_err(|_| format!("bad word `{text}`"))?)
        }
        "fconst" => {
            c.skip_ws();
            let text = c.take_while(|ch| !ch.is_whitespace() && ch != ';');
            Inst::Fconst(parse_float(text)?)
        }
        "store" => {
            let (base, offset) = c.address()?;
            c.expect(",")?;
            Inst::Store {
                base,
                offset,
                value: c.value()?,
            }
        }
        "bool_to_int" => Inst::BoolToInt(c.value()?),
        "int_to_float" => Inst::IntToFloat(c.value()?),
        "sqrt" => Inst::Sqrt(c.value()?),
        "select" => {
            let cond = c.value()?;
            c.expect(",")?;
            let (a, b) = c.pair()?;
            Inst::Select { cond, a, b }
        }
        "call" => {
            let helper = HelperId(c.prefixed_index("h")?);
            c.expect("(")?;
            Inst::Call {
                helper,
                args: c.values_until(")")?,
            }
        }
        "stack_slot" => Inst::StackSlot(c.number("size")?),
        "call_indirect" => {
            let callee = c.value()?;
            c.expect("(")?;
            Inst::CallIndirect {
                callee,
                args: c.values_until(")")?,
            }
        }
        "incref" => Inst::IncRef(c.value()?),
        "decref" => Inst::DecRef(c.value()?),
        "jump" => {
            let (dest, args) = c.target()?;
            Inst::Jump { dest, args }
        }
        "branch" => {
            let cond = c.value()?;
            c.expect(",")?;
            let (then_dest, then_args) = c.target()?;
            c.expect(",")?;
            let (else_dest, else_args) = c.target()?;
            Inst::Branch {
                cond,
                then_dest,
                then_args,
                else_dest,
                else_args,
            }
        }
        "return" => Inst::Return(c.value()?),
        "exit" => {
            let kind = match c.word() {
                "deopt" => ExitKind::Deopt,
                "error" => ExitKind::Error,
                "yield" => ExitKind::Yield,
                k => return Err(format!("unknown exit kind `{k}`")),
            };
            c.expect("pc=")?;
            let pc = c.number("pc")?;
            c.expect("stack=[")?;
            let stack = c.values_until("]")?;
            let reason = intern(c.string()?);
            Inst::Exit {
                kind,
                pc,
                stack,
                reason,
            }
        }
        _ => return Err(format!("unknown operation `{op}`")),
    })
}

/// A parsed instruction before result types are resolved.
struct Pending {
    block: usize,
    data: InstData,
    /// Explicit result types (`vN:type`).
    annotated: Vec<Option<Type>>,
}

/// Parses one instruction line (without leading indentation).
fn parse_inst_line(line: &str, block: usize) -> Result<Pending, String> {
    let mut c = Cursor::new(line);
    let mut results = Vec::new();
    let mut annotated = Vec::new();
    c.skip_ws();
    if c.rest().starts_with('v') && c.rest()[1..].starts_with(|ch: char| ch.is_ascii_digit()) {
        loop {
            results.push(c.value()?);
            annotated.push(if c.rest().starts_with(':') {
                c.pos += 1;
                Some(c.type_()?)
            } else {
                None
            });
            if c.eat("=") {
                break;
            }
            c.expect(",")?;
        }
    }
    let inst = parse_op(&mut c)?;
    let origin = if c.eat(";") {
        c.expect("@")?;
        Some(c.number("origin")?)
    } else {
        None
    };
    if !c.at_end() {
        return Err(format!("unexpected `{}`", c.rest()));
    }
    Ok(Pending {
        block,
        data: InstData {
            inst,
            results,
            origin,
        },
        annotated,
    })
}

/// Parses `bbN(v0: word, ...):`.
fn parse_block_header(line: &str) -> Result<(usize, Vec<(Value, Type)>), String> {
    let mut c = Cursor::new(line);
    let b = c.block()?;
    c.expect("(")?;
    let mut params = Vec::new();
    if !c.eat(")") {
        loop {
            let v = c.value()?;
            c.expect(":")?;
            params.push((v, c.type_()?));
            if c.eat(")") {
                break;
            }
            c.expect(",")?;
        }
    }
    c.expect(":")?;
    if !c.at_end() {
        return Err(format!("unexpected `{}`", c.rest()));
    }
    Ok((b.0 as usize, params))
}

fn parse_name(header: &str) -> Result<String, String> {
    let rest = header
        .strip_prefix("function ")
        .ok_or("expected `function NAME:`")?;
    let body = rest
        .strip_suffix(':')
        .ok_or("expected `:` after the function name")?;
    if body.starts_with('"') {
        let mut c = Cursor::new(body);
        let name = c.string()?;
        if !c.at_end() {
            return Err(format!("unexpected `{}`", c.rest()));
        }
        Ok(name)
    } else {
        Ok(body.to_string())
    }
}

/// Parses the text form produced by `print`.
pub fn parse(s: &str) -> Result<Function, String> {
    let mut lines = s
        .lines()
        .enumerate()
        .map(|(n, l)| (n + 1, l.trim_end()))
        .filter(|(_, l)| !l.trim_start().is_empty() && !l.trim_start().starts_with(';'));
    let (_, header) = lines.next().ok_or("empty input")?;
    let name = parse_name(header.trim()).map_err(|e| format!("line 1: {e}"))?;

    let mut blocks: Vec<BlockData> = Vec::new();
    let mut types: HashMap<u32, Type> = HashMap::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut current: Option<usize> = None;
    let mut seen_blocks = HashSet::new();
    let define = |types: &mut HashMap<u32, Type>, v: Value, t: Type, n: usize| {
        if types.insert(v.0, t).is_some_and(|old| old != t) {
            return Err(format!("line {n}: {v} defined with two types"));
        }
        Ok(())
    };
    for (n, line) in lines {
        let at = |e: String| format!("line {n}: {e}");
        if !line.starts_with(char::is_whitespace) {
            let (b, params) = parse_block_header(line).map_err(at)?;
            if !seen_blocks.insert(b) {
                return Err(at(format!("bb{b} defined twice")));
            }
            if blocks.len() <= b {
                blocks.resize_with(b + 1, BlockData::default);
            }
            for (v, t) in params {
                define(&mut types, v, t, n)?;
                blocks[b].params.push(v);
            }
            current = Some(b);
        } else {
            let b = current.ok_or_else(|| at("instruction outside a block".into()))?;
            let p = parse_inst_line(line.trim_start(), b).map_err(at)?;
            for (r, t) in p.data.results.iter().zip(&p.annotated) {
                if let Some(t) = t {
                    define(&mut types, *r, *t, n)?;
                }
            }
            pending.push(p);
        }
    }

    // Results without annotations take the inferred type; inference may need the types of
    // values defined further down (in blocks printed later), so iterate to a fixpoint.
    let mut unresolved: Vec<usize> = (0..pending.len()).collect();
    while !unresolved.is_empty() {
        let before = unresolved.len();
        unresolved.retain(|&k| {
            let p = &pending[k];
            let ty = |v: Value| types.get(&v.0).copied();
            match inferred_types(&p.data.inst, &ty) {
                Some(inferred) => {
                    for (i, r) in p.data.results.iter().enumerate() {
                        if p.annotated.get(i).copied().flatten().is_none() {
                            let t = inferred.get(i).copied().unwrap_or(Type::Word);
                            types.insert(r.0, t);
                        }
                    }
                    false
                }
                None => true,
            }
        });
        if unresolved.len() == before {
            let p = &pending[unresolved[0]];
            return Err(format!(
                "cannot infer the types of {}",
                join(&p.data.results)
            ));
        }
    }

    for p in pending {
        blocks[p.block].insts.push(p.data);
    }
    let count = types.keys().map(|k| *k as usize + 1).max().unwrap_or(0);
    let mut value_types = vec![Type::Word; count];
    for (k, t) in types {
        value_types[k as usize] = t;
    }
    Ok(Function {
        name,
        blocks,
        value_types,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"function "odd name: \"x\"":
bb0(v0: word):
    v1 = load.bool v0-8                     ; @0
    v2:word, v3 = int.mul_ovf v0, v0
    v4 = fconst bits:0x7ff8000000000001
    v5 = fconst -0.0                        ; @4294967295
    v6 = wconst 0xffffffffffffffff
    v7 = iconst -9223372036854775808
    v8 = select v1, v4, v5
    v9:int = call h12()
    branch v3, bb2(v8), bb1(v9)
bb1(v10: int):
    v11 = int.sar v10, v12
    jump bb3()
bb2(v13: float):
    exit error pc=4294967295 stack=[v13, v1] "tab\t quote\" \u{7f} é"
bb3():
    v12 = iconst 1
    return v11
"#;

    #[test]
    fn round_trips_exactly() {
        let f = parse(SAMPLE).unwrap();
        assert_eq!(print(&f), SAMPLE);
        assert_eq!(f.name, "odd name: \"x\"");
        assert_eq!(f.ty(Value(2)), Type::Word);
        assert_eq!(f.ty(Value(9)), Type::Int);
        // v11's type comes from v10, a block parameter; v12 is defined further down.
        assert_eq!(f.ty(Value(11)), Type::Int);
        assert_eq!(f.blocks[0].insts[0].origin, Some(0));
        assert_eq!(f.blocks[0].insts[3].origin, Some(u32::MAX));
        match &f.blocks[2].insts[0].inst {
            Inst::Exit { reason, pc, .. } => {
                assert_eq!(*reason, "tab\t quote\" \u{7f} é");
                assert_eq!(*pc, u32::MAX);
            }
            other => panic!("{other:?}"),
        }
        match f.blocks[0].insts[2].inst {
            Inst::Fconst(x) => assert_eq!(x.to_bits(), 0x7ff8000000000001),
            ref other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reasons_are_interned() {
        let a =
            parse("function a:\nbb0(v0: word):\n    exit deopt pc=1 stack=[] \"same\"\n").unwrap();
        let b =
            parse("function b:\nbb0(v0: word):\n    exit deopt pc=2 stack=[] \"same\"\n").unwrap();
        let reason = |f: &Function| match f.blocks[0].insts[0].inst {
            Inst::Exit { reason, .. } => reason,
            _ => unreachable!(),
        };
        assert!(std::ptr::eq(reason(&a), reason(&b)));
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("", "empty input"),
            ("fn x:\n", "line 1"),
            (
                "function f:\n    return v0\n",
                "line 2: instruction outside a block",
            ),
            (
                "function f:\nbb0(v0: word):\n    v1 = frobnicate v0\n",
                "line 3: unknown operation",
            ),
            (
                "function f:\nbb0(v0: word):\n    v1 = load.word v0\n",
                "expected +offset",
            ),
            ("function f:\nbb0(v0: wrd):\n", "unknown type `wrd`"),
            (
                "function f:\nbb0(v0: word):\n    v1 = int.add v5, v5\n",
                "cannot infer",
            ),
            (
                "function f:\nbb0(v0: word):\nbb0(v1: word):\n",
                "bb0 defined twice",
            ),
            (
                "function f:\nbb0(v0: word):\n    return v0 junk\n",
                "unexpected `junk`",
            ),
            (
                "function f:\nbb0(v0: word):\n    exit deopt pc=1 stack=[] \"open\n",
                "unterminated",
            ),
        ];
        for (src, want) in cases {
            let e = parse(src).unwrap_err();
            assert!(e.contains(want), "{src:?}: {e}");
        }
    }

    #[test]
    fn comments_and_blank_lines_are_ignored() {
        let src = "; header\nfunction f:\n\nbb0(v0: word):\n  ; note\n    return v0 ; @3\n";
        let f = parse(src).unwrap();
        assert_eq!(
            print(&f),
            "function f:\nbb0(v0: word):\n    return v0                               ; @3\n"
        );
    }
}
