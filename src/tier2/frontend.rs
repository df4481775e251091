//! The front end: bytecode to HIR.
//!
//! The value stack is abstract: each stack slot is an SSA value, so `LOAD_FAST`/`BINARY_OP`
//! chains never touch memory; a bytecode block becomes an HIR block whose parameters are the
//! stack slots live at its start. Fast locals stay in the frame (loads and stores through the
//! context's `locals` pointer), which keeps every exit trivially exact. Small-int `+ - < <= ...`
//! run inline on tagged words with an overflow check; anything else calls the interpreter's slow
//! path through a helper, and a helper that raises leaves through an `Exit` that writes the
//! remaining stack back into the frame.
//!
//! Code the front end does not handle yet (generators, cells, exception handlers, some opcodes)
//! is reported as `Unsupported` and keeps running in the interpreter.

use std::collections::{BTreeMap, BTreeSet};

use heron_jit::ir::{
    Block, Cond, ExitKind, FloatOp, Function, HelperId, Inst, IntOp, OvfOp, Type, Value,
};

use super::runtime::{ctx_offset, helper};
use crate::bytecode::code::code_flags;
use crate::bytecode::{BinaryOperator, CompareOperator, Opcode};
use crate::object::code::Code;
use crate::object::types::{false_word, null, true_word};

/// One decoded instruction.
#[derive(Clone, Copy, Debug)]
struct Instr {
    /// Index of the first code unit (EXTENDED_ARG prefixes included).
    start: u32,
    /// Index of the instruction proper (`lasti` while it runs).
    index: u32,
    op: Opcode,
    arg: u32,
}

fn decode(code: &[u8]) -> Result<Vec<Instr>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while 2 * i < code.len() {
        let start = i as u32;
        let mut arg = 0u32;
        loop {
            let op = Opcode::from_u8(code[2 * i]).ok_or("bad opcode")?;
            arg = (arg << 8) | code[2 * i + 1] as u32;
            if op == Opcode::EXTENDED_ARG {
                i += 1;
                continue;
            }
            out.push(Instr {
                start,
                index: i as u32,
                op,
                arg,
            });
            i += 1;
            break;
        }
    }
    Ok(out)
}

/// What the front end may speculate on: the namespaces the code runs with now. Each
/// speculation is checked by a guard whose failure leaves through a deopt exit.
pub struct Speculation<'a> {
    pub globals: &'a crate::object::value::Value,
    pub builtins: &'a crate::object::value::Value,
}

/// Deopt reasons (stored in the context's flag before a deopt exit).
pub mod deopt {
    /// A global or builtin was rebound (its dict changed) since compilation.
    pub const GLOBALS_CHANGED: u64 = 1;
}

/// The name of a deopt reason id.
pub fn deopt_reason(id: u64) -> &'static str {
    match id {
        deopt::GLOBALS_CHANGED => "globals changed",
        _ => "unknown",
    }
}

/// Offset of the type pointer in an object header.
const TYPE_OFFSET: i32 = 8;

/// Why a code object is not compiled.
pub struct Unsupported(pub String);

struct Builder<'a> {
    f: Function,
    code: &'a Code,
    ctx: Value,
    locals: Value,
    /// HIR block per bytecode block start (instruction index).
    blocks: BTreeMap<u32, Block>,
    cur: Block,
    stack: Vec<Value>,
    origin: u32,
    /// Number of parameters (locals that are bound on entry).
    nargs: u32,
    /// What speculation may assume (None: compile without speculation).
    spec: Option<&'a Speculation<'a>>,
}

impl Builder<'_> {
    fn push(&mut self, inst: Inst, tys: &[Type]) -> Vec<Value> {
        self.f.push(self.cur, inst, tys, Some(self.origin))
    }

    fn one(&mut self, inst: Inst, ty: Type) -> Value {
        self.push(inst, &[ty])[0]
    }

    fn emit(&mut self, inst: Inst) {
        self.push(inst, &[]);
    }

    /// A two-way branch to blocks without parameters.
    fn branch(&mut self, cond: Value, then_dest: Block, else_dest: Block) {
        self.emit(Inst::Branch {
            cond,
            then_dest,
            then_args: vec![],
            else_dest,
            else_args: vec![],
        });
    }

    /// An integer (or word) comparison.
    fn cmp(&mut self, cond: Cond, a: Value, b: Value) -> Value {
        self.one(Inst::IntCmp { cond, a, b }, Type::Bool)
    }

    /// Wrapping integer arithmetic producing `ty`.
    fn bin(&mut self, op: IntOp, a: Value, b: Value, ty: Type) -> Value {
        self.one(Inst::IntBin { op, a, b }, ty)
    }

    fn iconst(&mut self, i: i64) -> Value {
        self.one(Inst::Iconst(i), Type::Word)
    }

    fn wconst(&mut self, w: usize) -> Value {
        self.one(Inst::Wconst(w as u64), Type::Word)
    }

    fn call(&mut self, h: HelperId, args: Vec<Value>) -> Value {
        self.one(Inst::Call { helper: h, args }, Type::Word)
    }

    fn pop(&mut self) -> Value {
        self.stack.pop().expect("front end stack underflow")
    }

    /// If `v == 0` leave through an error exit (with the current stack), else continue.
    fn check_error(&mut self, v: Value, pc: u32) {
        let zero = self.iconst(0);
        let is_err = self.cmp(Cond::Eq, v, zero);
        self.branch_exit(is_err, ExitKind::Error, pc, "exception");
    }

    /// Leaves through an exit when `cond` holds; continues in a fresh block otherwise.
    fn branch_exit(&mut self, cond: Value, kind: ExitKind, pc: u32, reason: &'static str) {
        let exit = self.f.create_block();
        let cont = self.f.create_block();
        self.branch(cond, exit, cont);
        self.cur = exit;
        let stack = self.stack.clone();
        self.emit(Inst::Exit {
            kind,
            pc,
            stack,
            reason,
        });
        self.cur = cont;
    }

    fn local_offset(i: u32) -> i32 {
        (i * 8) as i32
    }

    /// Spills the top `n` stack values into the frame's stack buffer at their depths.
    fn spill_top(&mut self, n: usize) -> usize {
        let base = self.stack.len() - n;
        let buf = self.one(
            Inst::Load {
                ty: Type::Word,
                base: self.ctx,
                offset: ctx_offset::STACK,
            },
            Type::Word,
        );
        for k in 0..n {
            let v = self.stack[base + k];
            self.emit(Inst::Store {
                base: buf,
                offset: ((base + k) * 8) as i32,
                value: v,
            });
        }
        self.stack.truncate(base);
        base
    }

    fn jump_to(&mut self, target: u32) {
        let dest = self.blocks[&target];
        let args = self.stack.clone();
        self.emit(Inst::Jump { dest, args });
    }

    /// Pushes `True`/`False` for a `Bool`.
    fn bool_word(&mut self, b: Value) -> Value {
        let t = self.wconst(true_word());
        let f = self.wconst(false_word());
        self.one(
            Inst::Select {
                cond: b,
                a: t,
                b: f,
            },
            Type::Word,
        )
    }

    /// If `x` and `y` are both exact floats, continues in a new block with their values;
    /// otherwise branches to `other`.
    fn float_pair(&mut self, x: Value, y: Value, other: Block) -> (Value, Value) {
        let one = self.iconst(1);
        let zero = self.iconst(0);
        let float_ty = self.wconst(&crate::object::types::FLOAT_TYPE as *const _ as usize);
        let load_if_float = |b: &mut Builder, v: Value| {
            let tag = b.bin(IntOp::And, v, one, Type::Word);
            let is_ptr = b.cmp(Cond::Eq, tag, zero);
            let ptr_block = b.f.create_block();
            b.branch(is_ptr, ptr_block, other);
            b.cur = ptr_block;
            let ty = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: v,
                    offset: TYPE_OFFSET,
                },
                Type::Word,
            );
            let is_float = b.cmp(Cond::Eq, ty, float_ty);
            let ok = b.f.create_block();
            b.branch(is_float, ok, other);
            b.cur = ok;
            b.one(
                Inst::Load {
                    ty: Type::Float,
                    base: v,
                    offset: super::runtime::float_value_offset(),
                },
                Type::Float,
            )
        };
        let fx = load_if_float(self, x);
        let fy = load_if_float(self, y);
        (fx, fy)
    }

    /// Both words are tagged small ints?
    fn both_small(&mut self, a: Value, b: Value) -> Value {
        let and = self.bin(IntOp::And, a, b, Type::Word);
        let one = self.iconst(1);
        let bit = self.bin(IntOp::And, and, one, Type::Word);
        let zero = self.iconst(0);
        self.cmp(Cond::Ne, bit, zero)
    }
}

fn is_terminal(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::RETURN_VALUE | Opcode::JUMP | Opcode::RAISE_VARARGS | Opcode::RERAISE
    )
}

/// Checks the code object is in the subset the front end compiles.
fn check_supported(code: &Code, instrs: &[Instr]) -> Result<(), Unsupported> {
    let cc = &code.compiled;
    if cc.flags & code_flags::GENERATOR != 0 {
        return Err(Unsupported("generator".into()));
    }
    if cc.flags & code_flags::NEWLOCALS == 0 {
        return Err(Unsupported("module or class body".into()));
    }
    if !cc.cellvars.is_empty() || !cc.freevars.is_empty() {
        return Err(Unsupported("cells".into()));
    }
    if !cc.exception_table.is_empty() {
        return Err(Unsupported("exception handlers".into()));
    }
    for i in instrs {
        let ok = matches!(
            i.op,
            Opcode::NOP
                | Opcode::POP_TOP
                | Opcode::PUSH_NULL
                | Opcode::LOAD_CONST
                | Opcode::LOAD_FAST
                | Opcode::STORE_FAST
                | Opcode::LOAD_GLOBAL
                | Opcode::BINARY_OP
                | Opcode::COMPARE_OP
                | Opcode::IS_OP
                | Opcode::UNARY_NEGATIVE
                | Opcode::UNARY_POSITIVE
                | Opcode::UNARY_INVERT
                | Opcode::UNARY_NOT
                | Opcode::POP_JUMP_IF_FALSE
                | Opcode::POP_JUMP_IF_TRUE
                | Opcode::POP_JUMP_IF_NONE
                | Opcode::POP_JUMP_IF_NOT_NONE
                | Opcode::JUMP
                | Opcode::RETURN_VALUE
                | Opcode::CALL
                | Opcode::LOAD_ATTR
                | Opcode::STORE_ATTR
                | Opcode::LOAD_METHOD
                | Opcode::BINARY_SUBSCR
                | Opcode::STORE_SUBSCR
                | Opcode::GET_ITER
                | Opcode::FOR_ITER
                | Opcode::BUILD_TUPLE
                | Opcode::BUILD_LIST
                | Opcode::COPY
                | Opcode::SWAP
                | Opcode::UNPACK_SEQUENCE
        );
        if !ok {
            return Err(Unsupported(format!("opcode {}", i.op.name())));
        }
    }
    Ok(())
}

/// Stack depth at the start of each block (by flow analysis over the stack effects).
fn block_depths(
    instrs: &[Instr],
    starts: &BTreeSet<u32>,
) -> Result<BTreeMap<u32, usize>, Unsupported> {
    let index_of: BTreeMap<u32, usize> = instrs
        .iter()
        .enumerate()
        .map(|(k, i)| (i.start, k))
        .collect();
    let mut depth: BTreeMap<u32, usize> = BTreeMap::new();
    let mut work = vec![(0u32, 0usize)];
    while let Some((start, d)) = work.pop() {
        if let Some(&old) = depth.get(&start) {
            if old != d {
                return Err(Unsupported("inconsistent stack depth".into()));
            }
            continue;
        }
        depth.insert(start, d);
        let mut k = index_of[&start];
        let mut cur = d as i64;
        loop {
            let i = instrs[k];
            if i.op.is_jump() {
                let jd = cur + i.op.stack_effect(i.arg, true) as i64;
                work.push((i.arg, jd as usize));
            }
            if !i.op.falls_through() {
                break;
            }
            cur += i.op.stack_effect(i.arg, false) as i64;
            k += 1;
            if k >= instrs.len() {
                break;
            }
            if starts.contains(&instrs[k].start) {
                work.push((instrs[k].start, cur as usize));
                break;
            }
        }
    }
    Ok(depth)
}

/// Translates a code object to HIR.
pub fn translate(code: &Code, spec: Option<&Speculation>) -> Result<Function, Unsupported> {
    let instrs = decode(&code.compiled.code).map_err(|e| Unsupported(e.to_string()))?;
    check_supported(code, &instrs)?;
    // Block starts: entry, jump targets, instructions after branches and terminators.
    let mut starts: BTreeSet<u32> = BTreeSet::new();
    starts.insert(0);
    for (k, i) in instrs.iter().enumerate() {
        if i.op.is_jump() {
            starts.insert(i.arg);
        }
        if (i.op.is_jump() || is_terminal(i.op)) && k + 1 < instrs.len() {
            starts.insert(instrs[k + 1].start);
        }
    }
    let depths = block_depths(&instrs, &starts)?;
    let mut f = Function::new(code.compiled.qualname.clone());
    let ctx = f.ctx();
    let mut blocks = BTreeMap::new();
    for &s in &starts {
        let Some(&d) = depths.get(&s) else { continue };
        let b = f.create_block();
        for _ in 0..d {
            f.append_param(b, Type::Word);
        }
        blocks.insert(s, b);
    }
    let entry = f.entry();
    let cc = &code.compiled;
    let nargs = cc.argcount
        + cc.kwonlyargcount
        + (cc.flags & code_flags::VARARGS != 0) as u32
        + (cc.flags & code_flags::VARKEYWORDS != 0) as u32;
    let mut b = Builder {
        spec,
        f,
        code,
        ctx,
        locals: ctx,
        blocks,
        cur: entry,
        stack: Vec::new(),
        origin: 0,
        nargs,
    };
    b.locals = b.one(
        Inst::Load {
            ty: Type::Word,
            base: ctx,
            offset: ctx_offset::LOCALS,
        },
        Type::Word,
    );
    // Entry: pc 0, or (on-stack replacement) a loop header, whose stack values the
    // interpreter left in the frame's stack buffer.
    let first = b.blocks[&0];
    let headers: Vec<u32> = instrs
        .iter()
        .filter(|i| i.op.is_jump() && i.arg <= i.index && b.blocks.contains_key(&i.arg))
        .map(|i| i.arg)
        .collect::<BTreeSet<u32>>()
        .into_iter()
        .collect();
    if headers.is_empty() {
        b.emit(Inst::Jump {
            dest: first,
            args: vec![],
        });
    } else {
        let pc = b.one(
            Inst::Load {
                ty: Type::Word,
                base: ctx,
                offset: ctx_offset::PC,
            },
            Type::Word,
        );
        for h in headers {
            let header = b.blocks[&h];
            let want = b.iconst(h as i64);
            let is_h = b.cmp(Cond::Eq, pc, want);
            let osr = b.f.create_block();
            let next = b.f.create_block();
            b.branch(is_h, osr, next);
            b.cur = osr;
            let depth = b.f.blocks[header.0 as usize].params.len();
            let buf = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: ctx,
                    offset: ctx_offset::STACK,
                },
                Type::Word,
            );
            let args: Vec<Value> = (0..depth)
                .map(|k| {
                    b.one(
                        Inst::Load {
                            ty: Type::Word,
                            base: buf,
                            offset: (k * 8) as i32,
                        },
                        Type::Word,
                    )
                })
                .collect();
            b.emit(Inst::Jump { dest: header, args });
            b.cur = next;
        }
        b.emit(Inst::Jump {
            dest: first,
            args: vec![],
        });
    }
    for i in instrs.iter() {
        if let Some(&blk) = b.blocks.get(&i.start) {
            if !b.f.is_terminated(b.cur) {
                b.jump_to(i.start);
            }
            b.cur = blk;
            b.stack = b.f.blocks[blk.0 as usize].params.clone();
        }
        if b.f.is_terminated(b.cur) {
            // Unreachable code after a terminator.
            continue;
        }
        b.origin = i.index;
        translate_instr(&mut b, i)?;
    }
    let f = b.f;
    f.verify().map_err(Unsupported)?;
    Ok(f)
}

fn translate_instr(b: &mut Builder, i: &Instr) -> Result<(), Unsupported> {
    let next_pc = i.index + 1;
    match i.op {
        Opcode::NOP => {}
        Opcode::POP_TOP => {
            let v = b.pop();
            b.emit(Inst::DecRef(v));
        }
        Opcode::PUSH_NULL => {
            let v = b.wconst(null().word());
            b.stack.push(v);
        }
        Opcode::LOAD_CONST => {
            let k = &b.code.consts[i.arg as usize];
            let v = b.wconst(k.word());
            // Tagged ints and immortal constants are never counted.
            if !k.is_immortal() {
                b.emit(Inst::IncRef(v));
            }
            b.stack.push(v);
        }
        Opcode::LOAD_FAST if i.arg < b.nargs => {
            // Arguments are bound on entry and nothing the front end compiles unbinds them.
            let v = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: b.locals,
                    offset: Builder::local_offset(i.arg),
                },
                Type::Word,
            );
            b.emit(Inst::IncRef(v));
            b.stack.push(v);
        }
        Opcode::LOAD_FAST => {
            let v = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: b.locals,
                    offset: Builder::local_offset(i.arg),
                },
                Type::Word,
            );
            let zero = b.iconst(0);
            let unbound = b.cmp(Cond::Eq, v, zero);
            let raise = b.f.create_block();
            let cont = b.f.create_block();
            b.branch(unbound, raise, cont);
            b.cur = raise;
            let ctx = b.ctx;
            let idx = b.iconst(i.arg as i64);
            b.call(helper::UNBOUND_LOCAL, vec![ctx, idx]);
            let stack = b.stack.clone();
            b.emit(Inst::Exit {
                kind: ExitKind::Error,
                pc: next_pc,
                stack,
                reason: "unbound local",
            });
            b.cur = cont;
            b.emit(Inst::IncRef(v));
            b.stack.push(v);
        }
        Opcode::STORE_FAST => {
            let v = b.pop();
            let off = Builder::local_offset(i.arg);
            let old = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: b.locals,
                    offset: off,
                },
                Type::Word,
            );
            b.emit(Inst::Store {
                base: b.locals,
                offset: off,
                value: v,
            });
            b.emit(Inst::DecRef(old));
        }
        Opcode::LOAD_GLOBAL if speculative_global(b, i.arg).is_some() => {
            let (value, g_word, b_word, gver, bver) =
                speculative_global(b, i.arg).expect("checked");
            // Guard: the same namespace dicts, unchanged since compilation.
            let ctx = b.ctx;
            let frame = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: ctx,
                    offset: ctx_offset::FRAME,
                },
                Type::Word,
            );
            let (goff, boff) = super::runtime::frame_namespace_offsets();
            let g = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: frame,
                    offset: goff,
                },
                Type::Word,
            );
            let bl = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: frame,
                    offset: boff,
                },
                Type::Word,
            );
            let gw = b.wconst(g_word);
            let bw = b.wconst(b_word);
            let same_g = b.cmp(Cond::Eq, g, gw);
            let same_b = b.cmp(Cond::Eq, bl, bw);
            let sg = b.one(Inst::BoolToInt(same_g), Type::Int);
            let sb = b.one(Inst::BoolToInt(same_b), Type::Int);
            let both = b.bin(IntOp::And, sg, sb, Type::Int);
            let zero = b.one(Inst::Iconst(0), Type::Int);
            let same = b.cmp(Cond::Ne, both, zero);
            let deopt_block = b.f.create_block();
            let check_versions = b.f.create_block();
            b.branch(same, check_versions, deopt_block);
            b.cur = check_versions;
            let voff = super::runtime::dict_version_offset();
            let gv = b.one(
                Inst::Load {
                    ty: Type::Int,
                    base: gw,
                    offset: voff,
                },
                Type::Int,
            );
            let bv = b.one(
                Inst::Load {
                    ty: Type::Int,
                    base: bw,
                    offset: voff,
                },
                Type::Int,
            );
            let gv0 = b.one(Inst::Iconst(gver as i64), Type::Int);
            let bv0 = b.one(Inst::Iconst(bver as i64), Type::Int);
            let g_ok = b.cmp(Cond::Eq, gv, gv0);
            let b_ok = b.cmp(Cond::Eq, bv, bv0);
            let gi = b.one(Inst::BoolToInt(g_ok), Type::Int);
            let bi = b.one(Inst::BoolToInt(b_ok), Type::Int);
            let all = b.bin(IntOp::And, gi, bi, Type::Int);
            let zero2 = b.one(Inst::Iconst(0), Type::Int);
            let unchanged = b.cmp(Cond::Ne, all, zero2);
            let cont = b.f.create_block();
            b.branch(unchanged, cont, deopt_block);
            // Deopt: resume the interpreter at this LOAD_GLOBAL.
            b.cur = deopt_block;
            let reason = b.iconst(deopt::GLOBALS_CHANGED as i64);
            b.emit(Inst::Store {
                base: ctx,
                offset: ctx_offset::FLAG,
                value: reason,
            });
            let stack = b.stack.clone();
            b.emit(Inst::Exit {
                kind: ExitKind::Deopt,
                pc: i.start,
                stack,
                reason: "globals changed",
            });
            b.cur = cont;
            let v = b.wconst(value.word());
            if !value.is_immortal() {
                b.emit(Inst::IncRef(v));
            }
            b.stack.push(v);
        }
        Opcode::LOAD_GLOBAL => {
            let ctx = b.ctx;
            let idx = b.iconst(i.arg as i64);
            let v = b.call(helper::LOAD_GLOBAL, vec![ctx, idx]);
            b.check_error(v, next_pc);
            b.stack.push(v);
        }
        Opcode::BINARY_OP => binary_op(b, i.arg, next_pc),
        Opcode::COMPARE_OP => compare_op(b, i.arg, next_pc),
        Opcode::IS_OP => {
            let y = b.pop();
            let x = b.pop();
            let cond = if i.arg == 0 { Cond::Eq } else { Cond::Ne };
            let c = b.cmp(cond, x, y);
            b.emit(Inst::DecRef(x));
            b.emit(Inst::DecRef(y));
            let w = b.bool_word(c);
            b.stack.push(w);
        }
        Opcode::UNARY_NEGATIVE
        | Opcode::UNARY_POSITIVE
        | Opcode::UNARY_INVERT
        | Opcode::UNARY_NOT => {
            let which = match i.op {
                Opcode::UNARY_NEGATIVE => 0,
                Opcode::UNARY_POSITIVE => 1,
                Opcode::UNARY_INVERT => 2,
                _ => 3,
            };
            let v = b.pop();
            let ctx = b.ctx;
            let w = b.iconst(which);
            let r = b.call(helper::UNARY, vec![ctx, v, w]);
            b.check_error(r, next_pc);
            b.stack.push(r);
        }
        Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
            let v = b.pop();
            let truth = truth_of(b, v, next_pc);
            cond_jump(b, truth, i.op == Opcode::POP_JUMP_IF_TRUE, i);
        }
        Opcode::POP_JUMP_IF_NONE | Opcode::POP_JUMP_IF_NOT_NONE => {
            let v = b.pop();
            let none = b.wconst(crate::object::types::none().word());
            let is_none = b.cmp(Cond::Eq, v, none);
            b.emit(Inst::DecRef(v));
            cond_jump(b, is_none, i.op == Opcode::POP_JUMP_IF_NONE, i);
        }
        Opcode::JUMP => b.jump_to(i.arg),
        Opcode::RETURN_VALUE => {
            let v = b.pop();
            while let Some(rest) = b.stack.pop() {
                b.emit(Inst::DecRef(rest));
            }
            let ctx = b.ctx;
            b.emit(Inst::Store {
                base: ctx,
                offset: ctx_offset::RESULT,
                value: v,
            });
            let status = b.iconst(heron_jit::ir::status::RETURN as i64);
            b.emit(Inst::Return(status));
        }
        Opcode::CALL => {
            let argc = i.arg as usize;
            let base = b.spill_top(argc + 2);
            let ctx = b.ctx;
            let base_v = b.iconst(base as i64);
            let argc_v = b.iconst(argc as i64);
            let pc_v = b.iconst(next_pc as i64);
            let r = b.call(helper::CALL, vec![ctx, base_v, argc_v, pc_v]);
            b.check_error(r, next_pc);
            b.stack.push(r);
        }
        Opcode::LOAD_ATTR => {
            let obj = b.pop();
            let ctx = b.ctx;
            let idx = b.iconst(i.arg as i64);
            let r = b.call(helper::GETATTR, vec![ctx, obj, idx]);
            b.check_error(r, next_pc);
            b.stack.push(r);
        }
        Opcode::STORE_ATTR => {
            let obj = b.pop();
            let value = b.pop();
            let ctx = b.ctx;
            let idx = b.iconst(i.arg as i64);
            let r = b.call(helper::SETATTR, vec![ctx, obj, value, idx]);
            b.check_error(r, next_pc);
        }
        Opcode::LOAD_METHOD => {
            let obj = b.pop();
            let slot = b.stack.len();
            let ctx = b.ctx;
            let idx = b.iconst(i.arg as i64);
            let slot_v = b.iconst(slot as i64);
            let r = b.call(helper::LOAD_METHOD, vec![ctx, obj, idx, slot_v]);
            b.check_error(r, next_pc);
            let buf = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: ctx,
                    offset: ctx_offset::STACK,
                },
                Type::Word,
            );
            let m = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: buf,
                    offset: (slot * 8) as i32,
                },
                Type::Word,
            );
            let this = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: buf,
                    offset: (slot * 8 + 8) as i32,
                },
                Type::Word,
            );
            b.stack.push(m);
            b.stack.push(this);
        }
        Opcode::BINARY_SUBSCR => {
            let key = b.pop();
            let container = b.pop();
            let ctx = b.ctx;
            let r = b.call(helper::GETITEM, vec![ctx, container, key]);
            b.check_error(r, next_pc);
            b.stack.push(r);
        }
        Opcode::STORE_SUBSCR => {
            let key = b.pop();
            let container = b.pop();
            let value = b.pop();
            let ctx = b.ctx;
            let r = b.call(helper::SETITEM, vec![ctx, container, key, value]);
            b.check_error(r, next_pc);
        }
        Opcode::GET_ITER => {
            let v = b.pop();
            let ctx = b.ctx;
            let r = b.call(helper::GET_ITER, vec![ctx, v]);
            b.check_error(r, next_pc);
            b.stack.push(r);
        }
        Opcode::FOR_ITER => {
            let it = *b.stack.last().expect("iterator");
            let ctx = b.ctx;
            let got_item = b.f.create_block();
            let item_param = b.f.append_param(got_item, Type::Word);
            let range_done = b.f.create_block();
            let generic = b.f.create_block();
            // range iterators advance inline: next/stop/step live in the object.
            let ty = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: it,
                    offset: TYPE_OFFSET,
                },
                Type::Word,
            );
            let range_ty = b.wconst(&crate::object::types::RANGE_ITER_TYPE as *const _ as usize);
            let is_range = b.cmp(Cond::Eq, ty, range_ty);
            let fast = b.f.create_block();
            b.branch(is_range, fast, generic);
            b.cur = fast;
            let (off_next, off_stop, off_step) = crate::object::range::range_iter_offsets();
            let next = b.one(
                Inst::Load {
                    ty: Type::Int,
                    base: it,
                    offset: off_next,
                },
                Type::Int,
            );
            let stop = b.one(
                Inst::Load {
                    ty: Type::Int,
                    base: it,
                    offset: off_stop,
                },
                Type::Int,
            );
            let step = b.one(
                Inst::Load {
                    ty: Type::Int,
                    base: it,
                    offset: off_step,
                },
                Type::Int,
            );
            let zero = b.one(Inst::Iconst(0), Type::Int);
            let up = b.cmp(Cond::Gt, step, zero);
            let below = b.cmp(Cond::Lt, next, stop);
            let above = b.cmp(Cond::Gt, next, stop);
            let more = b.one(
                Inst::Select {
                    cond: up,
                    a: below,
                    b: above,
                },
                Type::Bool,
            );
            let advance = b.f.create_block();
            b.branch(more, advance, range_done);
            b.cur = advance;
            // The item must fit a tagged word; otherwise the generic path boxes it.
            let res = b.push(
                Inst::IntOvf {
                    op: OvfOp::Add,
                    a: next,
                    b: next,
                },
                &[Type::Int, Type::Bool],
            );
            let tag_ok = b.f.create_block();
            b.branch(res[1], generic, tag_ok);
            b.cur = tag_ok;
            let adv = b.push(
                Inst::IntOvf {
                    op: OvfOp::Add,
                    a: next,
                    b: step,
                },
                &[Type::Int, Type::Bool],
            );
            let max = b.one(Inst::Iconst(i64::MAX), Type::Int);
            let min = b.one(Inst::Iconst(i64::MIN), Type::Int);
            let sat = b.one(
                Inst::Select {
                    cond: up,
                    a: max,
                    b: min,
                },
                Type::Int,
            );
            let new_next = b.one(
                Inst::Select {
                    cond: adv[1],
                    a: sat,
                    b: adv[0],
                },
                Type::Int,
            );
            b.emit(Inst::Store {
                base: it,
                offset: off_next,
                value: new_next,
            });
            let one_i = b.one(Inst::Iconst(1), Type::Int);
            let tagged = b.bin(IntOp::Or, res[0], one_i, Type::Int);
            let word = b.one(
                Inst::Bitcast {
                    ty: Type::Word,
                    value: tagged,
                },
                Type::Word,
            );
            b.emit(Inst::Jump {
                dest: got_item,
                args: vec![word],
            });
            // An exhausted range: pop the iterator and leave the loop.
            b.cur = range_done;
            let saved = b.stack.clone();
            let it_v = b.pop();
            b.emit(Inst::DecRef(it_v));
            b.jump_to(i.arg);
            b.stack = saved;
            b.cur = generic;
            let item = b.call(helper::FOR_ITER, vec![ctx, it]);
            let zero = b.iconst(0);
            let done = b.cmp(Cond::Eq, item, zero);
            let stop = b.f.create_block();
            let got = b.f.create_block();
            b.branch(done, stop, got);
            // Exhausted or raised: the flag tells which.
            b.cur = stop;
            let flag = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: ctx,
                    offset: ctx_offset::FLAG,
                },
                Type::Word,
            );
            let zero = b.iconst(0);
            let raised = b.cmp(Cond::Ne, flag, zero);
            b.branch_exit(raised, ExitKind::Error, next_pc, "exception");
            let it = b.pop();
            b.emit(Inst::DecRef(it));
            b.jump_to(i.arg);
            b.stack.push(it);
            b.cur = got;
            b.emit(Inst::Jump {
                dest: got_item,
                args: vec![item],
            });
            b.cur = got_item;
            b.stack.push(item_param);
        }
        Opcode::BUILD_TUPLE | Opcode::BUILD_LIST => {
            let n = i.arg as usize;
            let base = b.spill_top(n);
            let ctx = b.ctx;
            let base_v = b.iconst(base as i64);
            let n_v = b.iconst(n as i64);
            let kind = b.iconst(if i.op == Opcode::BUILD_TUPLE { 0 } else { 1 });
            let r = b.call(helper::BUILD, vec![ctx, base_v, n_v, kind]);
            b.check_error(r, next_pc);
            b.stack.push(r);
        }
        Opcode::UNPACK_SEQUENCE => {
            let seq = b.pop();
            let n = i.arg as usize;
            let slot = b.stack.len();
            let ctx = b.ctx;
            let n_v = b.iconst(n as i64);
            let slot_v = b.iconst(slot as i64);
            let r = b.call(helper::UNPACK, vec![ctx, seq, n_v, slot_v]);
            b.check_error(r, next_pc);
            let buf = b.one(
                Inst::Load {
                    ty: Type::Word,
                    base: ctx,
                    offset: ctx_offset::STACK,
                },
                Type::Word,
            );
            for k in 0..n {
                let v = b.one(
                    Inst::Load {
                        ty: Type::Word,
                        base: buf,
                        offset: ((slot + k) * 8) as i32,
                    },
                    Type::Word,
                );
                b.stack.push(v);
            }
        }
        Opcode::COPY => {
            let v = b.stack[b.stack.len() - i.arg as usize];
            b.emit(Inst::IncRef(v));
            b.stack.push(v);
        }
        Opcode::SWAP => {
            let n = b.stack.len();
            b.stack.swap(n - 1, n - i.arg as usize);
        }
        other => return Err(Unsupported(format!("opcode {}", other.name()))),
    }
    Ok(())
}

/// The value a `LOAD_GLOBAL` of name `i` finds now, with the namespace dicts and their versions,
/// when speculation is allowed and both namespaces are exact dicts.
fn speculative_global(
    b: &Builder,
    i: u32,
) -> Option<(crate::object::value::Value, usize, usize, u64, u64)> {
    use crate::object::dict;
    use crate::object::types::DICT_TYPE;
    let spec = b.spec?;
    if !spec.globals.is_type(&DICT_TYPE) || !spec.builtins.is_type(&DICT_TYPE) {
        return None;
    }
    let name = &b.code.names[i as usize];
    let value =
        dict::lookup_str(spec.globals, name).or_else(|| dict::lookup_str(spec.builtins, name))?;
    Some((
        value,
        spec.globals.word(),
        spec.builtins.word(),
        dict::version(spec.globals),
        dict::version(spec.builtins),
    ))
}

/// Ends the block with a conditional jump of `i`: to its target when `cond == jump_if_true`,
/// else to the next instruction, passing the stack either way.
fn cond_jump(b: &mut Builder, cond: Value, jump_if_true: bool, i: &Instr) {
    let target = b.blocks[&i.arg];
    let fall = b.blocks[&next_start(b, i)];
    let (t, e) = if jump_if_true {
        (target, fall)
    } else {
        (fall, target)
    };
    let args = b.stack.clone();
    b.emit(Inst::Branch {
        cond,
        then_dest: t,
        then_args: args.clone(),
        else_dest: e,
        else_args: args,
    });
}

/// The start index of the instruction after `i` (for fall-through targets).
fn next_start(b: &Builder, i: &Instr) -> u32 {
    let next = i.index + 1;
    *b.blocks
        .range(next..)
        .next()
        .map(|(k, _)| k)
        .unwrap_or(&next)
}

/// A `Bool` for the truth of `v` (consumed): identity checks for True/False, else the helper.
fn truth_of(b: &mut Builder, v: Value, next_pc: u32) -> Value {
    let t = b.wconst(true_word());
    let f = b.wconst(false_word());
    let is_t = b.cmp(Cond::Eq, v, t);
    let is_f = b.cmp(Cond::Eq, v, f);
    let either_i = b.one(Inst::BoolToInt(is_t), Type::Int);
    let either_j = b.one(Inst::BoolToInt(is_f), Type::Int);
    let either = b.bin(IntOp::Or, either_i, either_j, Type::Int);
    let zero = b.one(Inst::Iconst(0), Type::Int);
    let is_bool = b.cmp(Cond::Ne, either, zero);
    let fast = b.f.create_block();
    let slow = b.f.create_block();
    let join = b.f.create_block();
    let result = b.f.append_param(join, Type::Bool);
    b.branch(is_bool, fast, slow);
    b.cur = fast;
    b.emit(Inst::Jump {
        dest: join,
        args: vec![is_t],
    });
    b.cur = slow;
    let ctx = b.ctx;
    let r = b.call(helper::TRUTHY, vec![ctx, v]);
    b.check_error(r, next_pc);
    let two = b.iconst(2);
    let truth = b.cmp(Cond::Eq, r, two);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![truth],
    });
    b.cur = join;
    result
}

/// `BINARY_OP`: small-int `+ - * & | ^ >>` inline on tagged words (with overflow checks), the
/// helper otherwise.
fn binary_op(b: &mut Builder, arg: u32, next_pc: u32) {
    let y = b.pop();
    let x = b.pop();
    let op = BinaryOperator::from_arg(arg).map(|(op, _)| op);
    let join = b.f.create_block();
    let result = b.f.append_param(join, Type::Word);
    let slow = b.f.create_block();
    let inline = matches!(
        op,
        Some(
            BinaryOperator::Add
                | BinaryOperator::Subtract
                | BinaryOperator::Multiply
                | BinaryOperator::And
                | BinaryOperator::Or
                | BinaryOperator::Xor
                | BinaryOperator::RShift
        )
    );
    if inline {
        let both = b.both_small(x, y);
        let fast = b.f.create_block();
        b.branch(both, fast, slow);
        b.cur = fast;
        let one = b.iconst(1);
        // Tagged words are 2n+1. Each case keeps the result tagged; where the result can leave
        // the 63-bit range, i64 overflow of the tagged computation is exactly that condition.
        let checked = |b: &mut Builder, op: OvfOp, l: Value, r: Value, slow: Block| {
            let res = b.push(Inst::IntOvf { op, a: l, b: r }, &[Type::Word, Type::Bool]);
            let ok = b.f.create_block();
            b.branch(res[1], slow, ok);
            b.cur = ok;
            res[0]
        };
        let word = match op {
            Some(BinaryOperator::Add) => {
                let y1 = b.bin(IntOp::Sub, y, one, Type::Word);
                checked(b, OvfOp::Add, x, y1, slow)
            }
            Some(BinaryOperator::Subtract) => {
                let y1 = b.bin(IntOp::Sub, y, one, Type::Word);
                checked(b, OvfOp::Sub, x, y1, slow)
            }
            Some(BinaryOperator::Multiply) => {
                // (2a+1-1) * b = 2ab, then +1.
                let x0 = b.bin(IntOp::Sub, x, one, Type::Word);
                let yi = b.bin(IntOp::Sar, y, one, Type::Word);
                let p = checked(b, OvfOp::Mul, x0, yi, slow);
                b.bin(IntOp::Or, p, one, Type::Word)
            }
            Some(BinaryOperator::And) => b.bin(IntOp::And, x, y, Type::Word),
            Some(BinaryOperator::Or) => b.bin(IntOp::Or, x, y, Type::Word),
            Some(BinaryOperator::Xor) => {
                let v = b.bin(IntOp::Xor, x, y, Type::Word);
                b.bin(IntOp::Or, v, one, Type::Word)
            }
            _ => {
                // x >> n for 0 <= n < 63 on the tagged word, then re-tag.
                let n = b.bin(IntOp::Sar, y, one, Type::Word);
                let zero = b.iconst(0);
                let limit = b.iconst(63);
                let neg = b.cmp(Cond::Lt, n, zero);
                let big = b.cmp(Cond::Ge, n, limit);
                let bad_i = b.one(Inst::BoolToInt(neg), Type::Int);
                let big_i = b.one(Inst::BoolToInt(big), Type::Int);
                let bad = b.bin(IntOp::Or, bad_i, big_i, Type::Int);
                let zero_i = b.one(Inst::Iconst(0), Type::Int);
                let out_of_range = b.cmp(Cond::Ne, bad, zero_i);
                let ok = b.f.create_block();
                b.branch(out_of_range, slow, ok);
                b.cur = ok;
                let shifted = b.bin(IntOp::Sar, x, n, Type::Word);
                b.bin(IntOp::Or, shifted, one, Type::Word)
            }
        };
        b.emit(Inst::Jump {
            dest: join,
            args: vec![word],
        });
    } else {
        b.emit(Inst::Jump {
            dest: slow,
            args: vec![],
        });
    }
    b.cur = slow;
    // Two exact floats: compute inline and box the result.
    let helper_block = b.f.create_block();
    let float_op = match op {
        Some(BinaryOperator::Add) => Some(FloatOp::Add),
        Some(BinaryOperator::Subtract) => Some(FloatOp::Sub),
        Some(BinaryOperator::Multiply) => Some(FloatOp::Mul),
        Some(BinaryOperator::TrueDivide) => Some(FloatOp::Div),
        _ => None,
    };
    match float_op {
        Some(fop) => {
            let (fx, fy) = b.float_pair(x, y, helper_block);
            if fop == FloatOp::Div {
                // Division by zero raises: leave it to the helper.
                let fzero = b.one(Inst::Fconst(0.0), Type::Float);
                let is_zero = b.one(
                    Inst::FloatCmp {
                        cond: Cond::Eq,
                        a: fy,
                        b: fzero,
                    },
                    Type::Bool,
                );
                let ok = b.f.create_block();
                b.branch(is_zero, helper_block, ok);
                b.cur = ok;
            }
            let r = b.one(
                Inst::FloatBin {
                    op: fop,
                    a: fx,
                    b: fy,
                },
                Type::Float,
            );
            let bits = b.one(
                Inst::Bitcast {
                    ty: Type::Int,
                    value: r,
                },
                Type::Int,
            );
            let boxed = b.call(helper::NEW_FLOAT, vec![bits]);
            b.emit(Inst::DecRef(x));
            b.emit(Inst::DecRef(y));
            b.emit(Inst::Jump {
                dest: join,
                args: vec![boxed],
            });
        }
        None => b.emit(Inst::Jump {
            dest: helper_block,
            args: vec![],
        }),
    }
    b.cur = helper_block;
    let ctx = b.ctx;
    let a = b.iconst(arg as i64);
    let r = b.call(helper::BINARY_OP, vec![ctx, x, y, a]);
    b.check_error(r, next_pc);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![r],
    });
    b.cur = join;
    b.stack.push(result);
}

/// `COMPARE_OP`: inline on two tagged ints (tagging preserves order), the helper otherwise.
fn compare_op(b: &mut Builder, arg: u32, next_pc: u32) {
    let y = b.pop();
    let x = b.pop();
    let join = b.f.create_block();
    let result = b.f.append_param(join, Type::Word);
    let fast = b.f.create_block();
    let slow = b.f.create_block();
    let both = b.both_small(x, y);
    b.branch(both, fast, slow);
    b.cur = fast;
    let cond = match CompareOperator::from_arg(arg) {
        Some(CompareOperator::Lt) => Cond::Lt,
        Some(CompareOperator::Le) => Cond::Le,
        Some(CompareOperator::Eq) => Cond::Eq,
        Some(CompareOperator::Ne) => Cond::Ne,
        Some(CompareOperator::Gt) => Cond::Gt,
        _ => Cond::Ge,
    };
    let c = b.cmp(cond, x, y);
    let w = b.bool_word(c);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![w],
    });
    b.cur = slow;
    // Two exact floats: compare inline (no allocation).
    let helper_block = b.f.create_block();
    let (fx, fy) = b.float_pair(x, y, helper_block);
    let fc = b.one(Inst::FloatCmp { cond, a: fx, b: fy }, Type::Bool);
    b.emit(Inst::DecRef(x));
    b.emit(Inst::DecRef(y));
    let fw = b.bool_word(fc);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![fw],
    });
    b.cur = helper_block;
    let ctx = b.ctx;
    let a = b.iconst(arg as i64);
    let r = b.call(helper::COMPARE_OP, vec![ctx, x, y, a]);
    b.check_error(r, next_pc);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![r],
    });
    b.cur = join;
    b.stack.push(result);
}
