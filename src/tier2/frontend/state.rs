//! The abstract interpreter state the front end carries through a code object: every local
//! and value-stack slot is an SSA value with a `Kind` that says what the front end knows about
//! it and how it is represented.
//!
//! Frame invariant (what makes every exit exact): a local whose kind is represented as a word
//! is also stored in the frame's fast-locals array (write-through), so the frame owns it and
//! the SSA value is a cached copy; a local of kind `Float` lives only in a register, and its
//! frame slot holds NULL until an exit or a merge boxes it and stores the box.

use std::collections::BTreeMap;

use heron_jit::ir::{Block, Cond, ExitKind, Function, HelperId, Inst, IntOp, OvfOp, Type, Value};

use super::Speculation;
use crate::object::code::Code;
use crate::object::types::{false_word, true_word};
use crate::tier2::runtime::{ctx_offset, helper};

/// What the front end knows about a value.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An unbound local (a zero word in the frame). No SSA value is carried.
    Undef,
    /// A tagged small int (a word; never counted).
    Int,
    /// An exact float, unboxed in a `Float` register.
    Float,
    /// A bool not materialized yet, in a `Bool` register (never at a block entry).
    Bool,
    /// A non-NULL object reference (a counted word).
    Obj,
    /// A reference that may be NULL (a counted word).
    Any,
    /// A `range` object (a counted word).
    Range,
    /// What `iter()` of a `range` returned (a counted word): a range iterator unless the range
    /// is too large for machine words.
    RangeIter,
}

impl Kind {
    /// The HIR type that carries a value of this kind; `None` for `Undef`.
    pub fn repr(self) -> Option<Type> {
        match self {
            Kind::Undef => None,
            Kind::Float => Some(Type::Float),
            Kind::Bool => Some(Type::Bool),
            _ => Some(Type::Word),
        }
    }

    /// Does a value of this kind own a reference that must be counted?
    pub fn counted(self) -> bool {
        matches!(self, Kind::Obj | Kind::Any | Kind::Range | Kind::RangeIter)
    }

    /// The kind a block entry records for a value of this kind (bools are materialized at
    /// block boundaries).
    pub fn at_entry(self) -> Kind {
        match self {
            Kind::Bool => Kind::Obj,
            k => k,
        }
    }

    /// The least kind that covers both.
    pub fn join(self, other: Kind) -> Kind {
        let (a, b) = (self.at_entry(), other.at_entry());
        if a == b {
            a
        } else if matches!(a, Kind::Any | Kind::Undef) || matches!(b, Kind::Any | Kind::Undef) {
            Kind::Any
        } else {
            Kind::Obj
        }
    }
}

/// An abstract value: the SSA value carrying it (for `Undef`, a NULL word constant), its kind
/// and, for values loaded from constants or speculated globals, the constant word.
#[derive(Copy, Clone, Debug)]
pub struct AVal {
    pub v: Value,
    pub kind: Kind,
    pub konst: Option<usize>,
}

impl AVal {
    pub fn new(v: Value, kind: Kind) -> AVal {
        AVal {
            v,
            kind,
            konst: None,
        }
    }
}

/// The kinds of the locals and stack slots at a block's entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Sig {
    pub locals: Vec<Kind>,
    pub stack: Vec<Kind>,
}

impl Sig {
    /// Widens `self` to cover `other`; `Err` when the stack depths disagree.
    pub fn join(&mut self, other: &Sig) -> Result<bool, ()> {
        if self.stack.len() != other.stack.len() || self.locals.len() != other.locals.len() {
            return Err(());
        }
        let mut changed = false;
        for (a, b) in self
            .locals
            .iter_mut()
            .chain(self.stack.iter_mut())
            .zip(other.locals.iter().chain(other.stack.iter()))
        {
            let j = a.join(*b);
            if j != *a {
                *a = j;
                changed = true;
            }
        }
        Ok(changed)
    }

    /// Every slot as wide as it can be (used when the kinds do not settle).
    pub fn top(&self) -> Sig {
        Sig {
            locals: vec![Kind::Any; self.locals.len()],
            stack: vec![Kind::Any; self.stack.len()],
        }
    }
}

/// An edge into a block not translated yet: its trampoline and the state at the jump.
pub struct PendingEdge {
    pub block: Block,
    pub locals: Vec<AVal>,
    pub stack: Vec<AVal>,
}

/// Builds the HIR of one translation pass.
pub struct Builder<'a> {
    pub f: Function,
    pub code: &'a Code,
    pub ctx: Value,
    /// The frame's fast-locals array.
    pub locals_ptr: Value,
    pub cur: Block,
    pub stack: Vec<AVal>,
    pub locals: Vec<AVal>,
    /// Bytecode index of the instruction being translated.
    pub origin: u32,
    /// What speculation may assume (None: only what is proven).
    pub spec: Option<&'a Speculation<'a>>,
    /// Whether float locals may stay unboxed (not when the code can look at its own frame).
    pub unbox_locals: bool,
    /// The objects behind `AVal::konst` words (kept alive while the code is translated).
    pub known: BTreeMap<usize, crate::object::value::Value>,
    /// Block-entry kinds, carried from pass to pass until they settle.
    pub sigs: &'a mut BTreeMap<u32, Sig>,
    /// HIR blocks of block starts translated in this pass.
    pub blocks: BTreeMap<u32, Block>,
    /// Edges waiting for their target block.
    pub pending: BTreeMap<u32, Vec<PendingEdge>>,
    /// Start of the instruction being translated.
    pub position: u32,
    /// A back edge widened a block that was already translated: this pass must be redone.
    pub widened: bool,
    /// The current block is reachable (false after a terminator until the next block start).
    pub reachable: bool,
    /// The instruction being translated may have dropped a last reference (a decref, a helper
    /// or a compiled call): a finalizer or weakref callback may be queued, to run at the next
    /// instruction boundary (`ops::safe_point_poll`).
    pub may_free: bool,
}

impl Builder<'_> {
    /// May the instruction being translated speculate? (Not without speculation, and not at a
    /// site whose guards failed too often.)
    pub fn speculating(&self) -> bool {
        self.spec
            .is_some_and(|s| !s.failed_sites.contains(&self.origin))
    }

    pub fn push(&mut self, inst: Inst, tys: &[Type]) -> Vec<Value> {
        match &inst {
            // A local holding the same word keeps the object alive past this decref.
            Inst::DecRef(v) if !self.held_by_local(*v) => self.may_free = true,
            Inst::CallIndirect { .. } => self.may_free = true,
            // Boxing a float or looking up a global frees nothing; a safe point's own work is
            // done when it returns.
            Inst::Call { helper, .. }
                if ![helper::NEW_FLOAT, helper::LOAD_GLOBAL, helper::SAFE_POINT]
                    .contains(helper) =>
            {
                self.may_free = true
            }
            _ => {}
        }
        self.f.push(self.cur, inst, tys, Some(self.origin))
    }

    pub fn one(&mut self, inst: Inst, ty: Type) -> Value {
        self.push(inst, &[ty])[0]
    }

    pub fn emit(&mut self, inst: Inst) {
        self.push(inst, &[]);
    }

    /// A two-way branch to blocks without parameters.
    pub fn branch(&mut self, cond: Value, then_dest: Block, else_dest: Block) {
        self.emit(Inst::Branch {
            cond,
            then_dest,
            then_args: vec![],
            else_dest,
            else_args: vec![],
        });
    }

    /// An integer (or word) comparison.
    pub fn cmp(&mut self, cond: Cond, a: Value, b: Value) -> Value {
        self.one(Inst::IntCmp { cond, a, b }, Type::Bool)
    }

    /// A `Bool` that holds when every (`all`) or any (`!all`) of `conds` holds.
    pub fn combine(&mut self, conds: &[Value], all: bool) -> Value {
        let op = if all { IntOp::And } else { IntOp::Or };
        let mut acc = None;
        for &c in conds {
            let ci = self.one(Inst::BoolToInt(c), Type::Int);
            acc = Some(match acc {
                None => ci,
                Some(a) => self.bin(op, a, ci, Type::Int),
            });
        }
        let zero = self.int(0);
        self.cmp(Cond::Ne, acc.expect("at least one condition"), zero)
    }

    /// A float comparison.
    pub fn fcmp(&mut self, cond: Cond, a: Value, b: Value) -> Value {
        self.one(Inst::FloatCmp { cond, a, b }, Type::Bool)
    }

    /// Overflow-checked arithmetic: the result (of type `ty`) and the overflow `Bool`.
    pub fn ovf(&mut self, op: OvfOp, a: Value, b: Value, ty: Type) -> (Value, Value) {
        let r = self.push(Inst::IntOvf { op, a, b }, &[ty, Type::Bool]);
        (r[0], r[1])
    }

    /// Wrapping integer arithmetic producing `ty`.
    pub fn bin(&mut self, op: IntOp, a: Value, b: Value, ty: Type) -> Value {
        self.one(Inst::IntBin { op, a, b }, ty)
    }

    /// A word constant holding the integer `i` (raw, not tagged).
    pub fn iconst(&mut self, i: i64) -> Value {
        self.one(Inst::Iconst(i), Type::Word)
    }

    /// An `Int`-typed constant.
    pub fn int(&mut self, i: i64) -> Value {
        self.one(Inst::Iconst(i), Type::Int)
    }

    pub fn wconst(&mut self, w: usize) -> Value {
        self.one(Inst::Wconst(w as u64), Type::Word)
    }

    pub fn fconst(&mut self, x: f64) -> Value {
        self.one(Inst::Fconst(x), Type::Float)
    }

    pub fn load(&mut self, ty: Type, base: Value, offset: i32) -> Value {
        self.one(Inst::Load { ty, base, offset }, ty)
    }

    pub fn store(&mut self, base: Value, offset: i32, value: Value) {
        self.emit(Inst::Store {
            base,
            offset,
            value,
        });
    }

    pub fn call(&mut self, h: HelperId, args: Vec<Value>) -> Value {
        self.one(Inst::Call { helper: h, args }, Type::Word)
    }

    pub fn bitcast(&mut self, ty: Type, value: Value) -> Value {
        self.one(Inst::Bitcast { ty, value }, ty)
    }

    pub fn pop(&mut self) -> AVal {
        self.stack.pop().expect("front end stack underflow")
    }

    /// Pushes a value of `kind` carried by `v`.
    pub fn push_val(&mut self, v: Value, kind: Kind) {
        self.stack.push(AVal::new(v, kind));
    }

    /// A zero word (the value an `Undef` local carries).
    pub fn null(&mut self) -> AVal {
        let v = self.wconst(0);
        AVal::new(v, Kind::Undef)
    }

    pub fn incref(&mut self, a: AVal) {
        if a.kind.counted() {
            self.emit(Inst::IncRef(a.v));
        }
    }

    pub fn decref(&mut self, a: AVal) {
        if a.kind.counted() {
            self.emit(Inst::DecRef(a.v));
        }
    }

    /// A decref of an object whose type is known to run no code when freed (an exact float or
    /// int, checked just before): no safe point is needed after it.
    pub fn decref_inert(&mut self, v: Value) {
        let may_free = self.may_free;
        self.emit(Inst::DecRef(v));
        self.may_free = may_free;
    }

    /// Does a local own a reference to the word `v` (so a decref of another reference to it
    /// cannot free it)?
    fn held_by_local(&self, v: Value) -> bool {
        self.locals.iter().any(|l| l.v == v && l.kind.counted())
    }

    /// Boxes an unboxed float (a new reference).
    pub fn box_float(&mut self, x: Value) -> Value {
        let bits = self.bitcast(Type::Int, x);
        self.call(helper::NEW_FLOAT, vec![bits])
    }

    /// `True`/`False` for a `Bool`.
    pub fn bool_word(&mut self, c: Value) -> Value {
        let t = self.wconst(true_word());
        let f = self.wconst(false_word());
        self.one(
            Inst::Select {
                cond: c,
                a: t,
                b: f,
            },
            Type::Word,
        )
    }

    /// The value as an owned word, boxing what is unboxed.
    pub fn materialize(&mut self, a: AVal) -> Value {
        match a.kind {
            Kind::Float => self.box_float(a.v),
            Kind::Bool => self.bool_word(a.v),
            _ => a.v,
        }
    }

    /// `materialize`, keeping the kind information that survives boxing.
    pub fn materialize_aval(&mut self, a: AVal) -> AVal {
        match a.kind {
            Kind::Float | Kind::Bool => {
                let v = self.materialize(a);
                AVal::new(v, Kind::Obj)
            }
            _ => a,
        }
    }

    pub fn local_offset(i: usize) -> i32 {
        (i * 8) as i32
    }

    /// Converts `a` to the representation of kind `to` (which covers `a.kind`). For a local
    /// (`slot`), boxing a float also restores the write-through copy in the frame.
    pub fn coerce(&mut self, a: AVal, to: Kind, slot: Option<usize>) -> Option<Value> {
        if to == Kind::Undef {
            return None;
        }
        if a.kind == to {
            return Some(a.v);
        }
        let v = self.materialize(a);
        if let (Kind::Float, Some(i)) = (a.kind, slot) {
            let ptr = self.locals_ptr;
            self.store(ptr, Self::local_offset(i), v);
        }
        Some(v)
    }

    /// The kinds of the current state.
    pub fn sig_of(locals: &[AVal], stack: &[AVal]) -> Sig {
        Sig {
            locals: locals.iter().map(|a| a.kind.at_entry()).collect(),
            stack: stack.iter().map(|a| a.kind.at_entry()).collect(),
        }
    }

    /// In the current block: converts the state to `sig` and jumps to `dest`.
    fn jump_with(&mut self, dest: Block, sig: &Sig, locals: &[AVal], stack: &[AVal]) {
        let mut args = Vec::new();
        for (i, (a, k)) in locals.iter().zip(&sig.locals).enumerate() {
            args.extend(self.coerce(*a, *k, Some(i)));
        }
        for (a, k) in stack.iter().zip(&sig.stack) {
            args.extend(self.coerce(*a, *k, None));
        }
        self.emit(Inst::Jump { dest, args });
    }

    /// A block (without parameters) that carries the current state to the block starting at
    /// bytecode index `target`, widening the target's entry kinds if needed.
    pub fn edge_to(&mut self, target: u32) -> Block {
        let t = self.f.create_block();
        let incoming = Self::sig_of(&self.locals, &self.stack);
        let changed = match self.sigs.get_mut(&target) {
            None => {
                self.sigs.insert(target, incoming);
                true
            }
            Some(sig) => match sig.join(&incoming) {
                Ok(c) => c,
                Err(()) => {
                    // Inconsistent depths cannot come from the compiler; refuse the pass.
                    self.widened = true;
                    true
                }
            },
        };
        // A back edge (into a block already begun, or passed while unreachable) that widens
        // its target invalidates what was translated from the old kinds.
        if changed && (self.blocks.contains_key(&target) || target < self.position) {
            self.widened = true;
        }
        match self.blocks.get(&target) {
            Some(&dest) if !self.widened => {
                let saved = self.cur;
                self.cur = t;
                let sig = self.sigs[&target].clone();
                let (locals, stack) = (self.locals.clone(), self.stack.clone());
                self.jump_with(dest, &sig, &locals, &stack);
                self.cur = saved;
            }
            Some(_) => {
                // This pass is discarded; keep the function well formed meanwhile.
                let saved = self.cur;
                self.cur = t;
                let zero = self.iconst(0);
                self.emit(Inst::Return(zero));
                self.cur = saved;
            }
            None => self.pending.entry(target).or_default().push(PendingEdge {
                block: t,
                locals: self.locals.clone(),
                stack: self.stack.clone(),
            }),
        }
        t
    }

    /// Ends the current block with a jump carrying the state to `target`.
    pub fn jump_to(&mut self, target: u32) {
        let t = self.edge_to(target);
        self.emit(Inst::Jump {
            dest: t,
            args: vec![],
        });
        self.reachable = false;
    }

    /// Starts translating the block at `start` (whose entry kinds are known): creates its HIR
    /// block, connects the edges waiting for it and makes its parameters the state.
    pub fn begin_block(&mut self, start: u32) {
        let sig = self.sigs[&start].clone();
        let blk = self.f.create_block();
        let mut locals = Vec::with_capacity(sig.locals.len());
        let mut stack = Vec::with_capacity(sig.stack.len());
        for k in &sig.locals {
            locals.push(
                k.repr()
                    .map(|ty| AVal::new(self.f.append_param(blk, ty), *k)),
            );
        }
        for k in &sig.stack {
            stack.push(
                k.repr()
                    .map(|ty| AVal::new(self.f.append_param(blk, ty), *k)),
            );
        }
        self.blocks.insert(start, blk);
        for edge in self.pending.remove(&start).unwrap_or_default() {
            self.cur = edge.block;
            self.jump_with(blk, &sig, &edge.locals, &edge.stack);
        }
        self.cur = blk;
        self.reachable = true;
        let fill = |b: &mut Self, slots: Vec<Option<AVal>>| -> Vec<AVal> {
            slots
                .into_iter()
                .map(|s| s.unwrap_or_else(|| b.null()))
                .collect()
        };
        self.locals = fill(self, locals);
        self.stack = fill(self, stack);
    }

    /// Leaves compiled code from the current block: writes the state the interpreter needs
    /// (boxed floats into their frame slots, the stack into the frame's buffer) and exits.
    pub fn exit(&mut self, kind: ExitKind, pc: u32, reason: &'static str) {
        for i in 0..self.locals.len() {
            let a = self.locals[i];
            if a.kind == Kind::Float {
                let v = self.box_float(a.v);
                let ptr = self.locals_ptr;
                self.store(ptr, Self::local_offset(i), v);
            }
        }
        let stack: Vec<AVal> = self.stack.clone();
        let words = stack.into_iter().map(|a| self.materialize(a)).collect();
        self.emit(Inst::Exit {
            kind,
            pc,
            stack: words,
            reason,
        });
        self.reachable = false;
    }

    /// Leaves through an exit when `cond` holds; continues in a fresh block otherwise.
    pub fn branch_exit(&mut self, cond: Value, kind: ExitKind, pc: u32, reason: &'static str) {
        let exit = self.f.create_block();
        let cont = self.f.create_block();
        self.branch(cond, exit, cont);
        self.cur = exit;
        self.exit(kind, pc, reason);
        self.cur = cont;
        self.reachable = true;
    }

    /// If the helper result `v` is 0 (raised), leaves through an error exit.
    pub fn check_error(&mut self, v: Value, pc: u32) {
        let zero = self.iconst(0);
        let is_err = self.cmp(Cond::Eq, v, zero);
        self.branch_exit(is_err, ExitKind::Error, pc, "exception");
    }

    /// Unless `ok` holds, deoptimizes: resumes the interpreter at instruction `pc` with the
    /// current state plus `operands` pushed back (the inputs of the instruction being
    /// translated, not consumed yet).
    pub fn guard(&mut self, ok: Value, pc: u32, operands: &[AVal], reason: u64) {
        self.deopt_when(ok, false, pc, operands, reason);
    }

    /// Deoptimizes (as `guard` does) when `bad` holds.
    pub fn deopt_if(&mut self, bad: Value, pc: u32, operands: &[AVal], reason: u64) {
        self.deopt_when(bad, true, pc, operands, reason);
    }

    /// Deoptimizes from the current block (as `guard` does when its check fails).
    pub fn guard_failed(&mut self, pc: u32, operands: &[AVal], reason: u64) {
        let depth = self.stack.len();
        self.stack.extend_from_slice(operands);
        // The flag carries the reason and the site (the instruction that speculated).
        let r = self.iconst((reason | u64::from(self.origin) << 8) as i64);
        let ctx = self.ctx;
        self.store(ctx, ctx_offset::FLAG, r);
        self.exit(ExitKind::Deopt, pc, super::deopt_reason(reason));
        self.stack.truncate(depth);
    }

    fn deopt_when(&mut self, c: Value, when: bool, pc: u32, operands: &[AVal], reason: u64) {
        let exit = self.f.create_block();
        let cont = self.f.create_block();
        if when {
            self.branch(c, exit, cont);
        } else {
            self.branch(c, cont, exit);
        }
        self.cur = exit;
        self.guard_failed(pc, operands, reason);
        self.cur = cont;
        self.reachable = true;
    }

    /// Spills the top `n` stack values, as owned words, into the frame's stack buffer at
    /// their depths; returns the depth of the first.
    pub fn spill_top(&mut self, n: usize) -> usize {
        let base = self.stack.len() - n;
        let ctx = self.ctx;
        let buf = self.load(Type::Word, ctx, ctx_offset::STACK);
        for k in 0..n {
            let a = self.stack[base + k];
            let v = self.materialize(a);
            self.store(buf, ((base + k) * 8) as i32, v);
        }
        self.stack.truncate(base);
        base
    }
}
