//! Code generation for `match` statements, mirroring CPython 3.11's pattern compilation.
//!
//! Every pattern consumes the subject on top of the stack. Captured values are kept on the stack
//! (rotated underneath whatever the pattern still needs) until the whole pattern has matched,
//! then stored in order; a failing check jumps to a "fail_pop" label that pops exactly the items
//! the pattern had accumulated at that point.

use ruff_python_ast::{self as ast, Expr, Pattern, Singleton};
use ruff_text_size::Ranged;

use super::assemble::Label;
use super::codegen::{error, CResult, Compiler};
use crate::bytecode::code::Constant;
use crate::bytecode::dis::const_repr;
use crate::bytecode::opcodes::{CompareOperator, Opcode};

struct PatternContext {
    /// Names captured so far, in capture order (their values are on the stack).
    stores: Vec<String>,
    allow_irrefutable: bool,
    /// `fail_pop[n]` pops n items then falls into `fail_pop[n-1]`... down to `fail_pop[0]`.
    fail_pop: Vec<Label>,
    /// Items on top of the stack that the current sub-pattern must leave alone.
    on_top: usize,
}

fn is_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchAs(a) if a.pattern.is_none() && a.name.is_none())
}

fn is_star_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchStar(s) if s.name.is_none())
}

impl<'a> Compiler<'a> {
    pub fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> CResult<()> {
        self.expr(&m.subject)?;
        let end = self.label();
        let cases = m.cases.len();
        let last = &m.cases[cases - 1];
        let has_default = is_wildcard(&last.pattern) && cases > 1;
        for i in 0..cases - has_default as usize {
            let case = &m.cases[i];
            self.set_loc(case.pattern.range());
            let not_last = i != cases - has_default as usize - 1;
            if not_last {
                self.emit(Opcode::COPY, 1);
            }
            let mut pc = PatternContext {
                stores: Vec::new(),
                allow_irrefutable: case.guard.is_some() || i == cases - 1,
                fail_pop: Vec::new(),
                on_top: 0,
            };
            self.pattern(&case.pattern, &mut pc)?;
            for name in pc.stores.clone() {
                self.name_op(&name, ast::ExprContext::Store)?;
            }
            if let Some(g) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let target = pc.fail_pop[0];
                self.jump_if(g, target, false)?;
            }
            if not_last {
                self.op(Opcode::POP_TOP);
            }
            self.stmts(&case.body)?;
            self.jump(Opcode::JUMP, end);
            self.set_loc(case.pattern.range());
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            self.set_loc(last.pattern.range());
            if let Some(g) = &last.guard {
                self.jump_if(g, end, false)?;
            }
            self.stmts(&last.body)?;
        }
        self.bind(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() <= n {
            let l = self.label();
            pc.fail_pop.push(l);
        }
    }

    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, op: Opcode) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.jump(op, pc.fail_pop[pops]);
    }

    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for i in (1..pc.fail_pop.len()).rev() {
            self.bind(pc.fail_pop[i]);
            self.op(Opcode::POP_TOP);
        }
        self.bind(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    fn rotate(&mut self, count: usize) {
        let mut c = count;
        while c > 1 {
            self.emit(Opcode::SWAP, c as u32);
            c -= 1;
        }
    }

    fn store_capture(
        &mut self,
        name: Option<&ast::Identifier>,
        pc: &mut PatternContext,
    ) -> CResult<()> {
        let Some(name) = name else {
            self.op(Opcode::POP_TOP);
            return Ok(());
        };
        if pc.stores.iter().any(|s| s == name.as_str()) {
            return error(
                format!(
                    "multiple assignments to name '{}' in pattern",
                    name.as_str()
                ),
                name.range,
            );
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.rotate(rotations);
        pc.stores.push(name.to_string());
        Ok(())
    }

    fn subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult<()> {
        let saved = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = saved;
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult<()> {
        self.set_loc(p.range());
        match p {
            Pattern::MatchValue(v) => {
                self.expr(&v.value)?;
                self.emit(Opcode::COMPARE_OP, CompareOperator::Eq as u32);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
            }
            Pattern::MatchSingleton(s) => match s.value {
                Singleton::None => self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_NOT_NONE),
                Singleton::True | Singleton::False => {
                    self.load_const(Constant::Bool(s.value == Singleton::True));
                    self.emit(Opcode::IS_OP, 0);
                    self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
                }
            },
            Pattern::MatchSequence(s) => self.pattern_sequence(&s.patterns, pc)?,
            Pattern::MatchMapping(m) => self.pattern_mapping(m, pc)?,
            Pattern::MatchClass(c) => self.pattern_class(c, pc)?,
            Pattern::MatchStar(s) => self.store_capture(s.name.as_ref(), pc)?,
            Pattern::MatchAs(a) => match &a.pattern {
                None => {
                    if !pc.allow_irrefutable {
                        return match &a.name {
                            Some(n) => error(
                                format!(
                                    "name capture '{}' makes remaining patterns unreachable",
                                    n.as_str()
                                ),
                                a.range,
                            ),
                            None => error("wildcard makes remaining patterns unreachable", a.range),
                        };
                    }
                    self.store_capture(a.name.as_ref(), pc)?;
                }
                Some(inner) => {
                    pc.on_top += 1;
                    self.emit(Opcode::COPY, 1);
                    self.pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.store_capture(a.name.as_ref(), pc)?;
                }
            },
            Pattern::MatchOr(o) => self.pattern_or(o, pc)?,
        }
        Ok(())
    }

    fn pattern_sequence(
        &mut self,
        patterns: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> CResult<()> {
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if let Pattern::MatchStar(_) = p {
                if star.is_some() {
                    return error("multiple starred names in sequence pattern", p.range());
                }
                star_wildcard = is_star_wildcard(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        pc.on_top += 1;
        self.op(Opcode::MATCH_SEQUENCE);
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
        match star {
            None => {
                self.op(Opcode::GET_LEN);
                self.load_const(Constant::Int((size as u64).into()));
                self.emit(Opcode::COMPARE_OP, CompareOperator::Eq as u32);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
            }
            Some(_) if size > 1 => {
                self.op(Opcode::GET_LEN);
                self.load_const(Constant::Int(((size - 1) as u64).into()));
                self.emit(Opcode::COMPARE_OP, CompareOperator::Ge as u32);
                self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.op(Opcode::POP_TOP);
        } else if star_wildcard {
            let star = star.unwrap();
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.emit(Opcode::COPY, 1);
                if i < star {
                    self.load_const(Constant::Int((i as u64).into()));
                } else {
                    self.op(Opcode::GET_LEN);
                    self.load_const(Constant::Int(((size - i) as u64).into()));
                    self.emit(
                        Opcode::BINARY_OP,
                        crate::bytecode::opcodes::BinaryOperator::Subtract as u32,
                    );
                }
                self.op(Opcode::BINARY_SUBSCR);
                self.subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.op(Opcode::POP_TOP);
        } else {
            match star {
                Some(i) => {
                    let after = size - i - 1;
                    if i >= 256 {
                        return error(
                            "too many expressions in star-unpacking sequence pattern",
                            patterns[i].range(),
                        );
                    }
                    self.emit(Opcode::UNPACK_EX, i as u32 | ((after as u32) << 8));
                }
                None => self.emit(Opcode::UNPACK_SEQUENCE, size as u32),
            }
            pc.on_top += size;
            for p in patterns {
                pc.on_top -= 1;
                self.subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    fn pattern_mapping(
        &mut self,
        m: &'a ast::PatternMatchMapping,
        pc: &mut PatternContext,
    ) -> CResult<()> {
        let size = m.keys.len();
        pc.on_top += 1;
        self.op(Opcode::MATCH_MAPPING);
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
        if size == 0 && m.rest.is_none() {
            pc.on_top -= 1;
            self.op(Opcode::POP_TOP);
            return Ok(());
        }
        if size > 0 {
            self.op(Opcode::GET_LEN);
            self.load_const(Constant::Int((size as u64).into()));
            self.emit(Opcode::COMPARE_OP, CompareOperator::Ge as u32);
            self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
        }
        let mut seen: Vec<String> = Vec::new();
        let const_keys: Option<Vec<Constant>> =
            m.keys.iter().map(|k| self.const_value(k)).collect();
        let none = |_: &crate::bytecode::code::CompiledCode| String::new();
        for key in m.keys.iter() {
            if let Some(c) = self.const_value(key) {
                let r = const_repr(&c, &none);
                let key_id = format!("{c:?}");
                if seen.contains(&key_id) {
                    return error(
                        format!("mapping pattern checks duplicate key ({r})"),
                        key.range(),
                    );
                }
                seen.push(key_id);
            } else if !matches!(key, Expr::Attribute(_) | Expr::BinOp(_) | Expr::UnaryOp(_)) {
                return error(
                    "mapping pattern keys may only match literals and attribute lookups",
                    key.range(),
                );
            }
            if const_keys.is_none() {
                self.expr(key)?;
            }
        }
        match const_keys {
            Some(keys) => self.load_const(Constant::Tuple(keys)),
            None => self.emit(Opcode::BUILD_TUPLE, size as u32),
        }
        self.op(Opcode::MATCH_KEYS);
        pc.on_top += 2;
        self.emit(Opcode::COPY, 1);
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_NONE);
        self.emit(Opcode::UNPACK_SEQUENCE, size as u32);
        pc.on_top += size;
        pc.on_top -= 1;
        for p in m.patterns.iter() {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        match &m.rest {
            Some(rest) => {
                self.emit(Opcode::BUILD_MAP, 0);
                self.emit(Opcode::SWAP, 3);
                self.emit(Opcode::DICT_UPDATE, 2);
                self.emit(Opcode::UNPACK_SEQUENCE, size as u32);
                let mut n = size;
                while n > 0 {
                    self.emit(Opcode::COPY, (1 + n) as u32);
                    n -= 1;
                    self.emit(Opcode::SWAP, 2);
                    self.op(Opcode::DELETE_SUBSCR);
                }
                self.store_capture(Some(rest), pc)?;
            }
            None => {
                self.op(Opcode::POP_TOP);
                self.op(Opcode::POP_TOP);
            }
        }
        Ok(())
    }

    fn pattern_class(
        &mut self,
        c: &'a ast::PatternMatchClass,
        pc: &mut PatternContext,
    ) -> CResult<()> {
        let args = &c.arguments;
        let nargs = args.patterns.len();
        let nattrs = args.keywords.len();
        for (i, k) in args.keywords.iter().enumerate() {
            if args.keywords[i + 1..]
                .iter()
                .any(|o| o.attr.as_str() == k.attr.as_str())
            {
                return error(
                    format!(
                        "attribute name repeated in class pattern: {}",
                        k.attr.as_str()
                    ),
                    k.range,
                );
            }
        }
        self.expr(&c.cls)?;
        let names = args
            .keywords
            .iter()
            .map(|k| Constant::Str(k.attr.as_str().into()))
            .collect();
        self.load_const(Constant::Tuple(names));
        self.emit(Opcode::MATCH_CLASS, nargs as u32);
        self.emit(Opcode::COPY, 1);
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_NONE);
        self.emit(Opcode::UNPACK_SEQUENCE, (nargs + nattrs) as u32);
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        let all = args
            .patterns
            .iter()
            .chain(args.keywords.iter().map(|k| &k.pattern));
        for p in all {
            pc.on_top -= 1;
            if is_wildcard(p) {
                self.op(Opcode::POP_TOP);
                continue;
            }
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    fn pattern_or(&mut self, o: &'a ast::PatternMatchOr, pc: &mut PatternContext) -> CResult<()> {
        let end = self.label();
        let size = o.patterns.len();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let old_allow = pc.allow_irrefutable;
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in o.patterns.iter().enumerate() {
            self.set_loc(alt.range());
            pc.stores = Vec::new();
            pc.allow_irrefutable = i == size - 1 && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.emit(Opcode::COPY, 1);
            self.pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctrl) => {
                    if nstores != ctrl.len() {
                        return error("alternative patterns bind different names", alt.range());
                    }
                    let ctrl = ctrl.clone();
                    for icontrol in (0..nstores).rev() {
                        let name = &ctrl[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return error("alternative patterns bind different names", alt.range());
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<String> = pc.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            for (k, r) in rotated.into_iter().enumerate() {
                                pc.stores.insert(at + k, r);
                            }
                            for _ in 0..rotations {
                                self.rotate(icontrol + 1);
                            }
                        }
                    }
                }
            }
            self.jump(Opcode::JUMP, end);
            self.emit_and_reset_fail_pop(pc);
        }
        pc.stores = old_stores;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        pc.allow_irrefutable = old_allow;
        self.op(Opcode::POP_TOP);
        self.jump_to_fail_pop(pc, Opcode::JUMP);
        self.bind(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.rotate(nrots);
            if pc.stores.contains(&name) {
                return error(
                    format!("multiple assignments to name '{name}' in pattern"),
                    o.range,
                );
            }
            pc.stores.push(name);
        }
        self.op(Opcode::POP_TOP);
        Ok(())
    }
}
