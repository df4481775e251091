//! The front end: bytecode to HIR.
//!
//! The front end runs an abstract interpreter over the bytecode: every local and value-stack
//! slot is an SSA value with a `Kind` (`state`): a tagged small int, an unboxed float, a bool
//! not materialized yet, an object reference, and so on. A bytecode block becomes an HIR block
//! whose parameters are the locals and stack slots at its start, represented as their kinds
//! say, so `LOAD_FAST`/`STORE_FAST` chains are register moves and float locals stay unboxed
//! across a loop. The kinds at block entries are found by iterating to a fixpoint: a pass
//! translates the code in order; an edge into a block that is not translated yet widens that
//! block's entry kinds, and a back edge that widens a block already translated makes the pass
//! start again with the wider kinds.
//!
//! What is known comes from constants, from operations (float op float is a float), and from
//! speculation (`Speculation`): globals are constants behind a dict-version guard, an operand
//! of unknown kind next to a float is a float or small int behind a type guard, small-int
//! arithmetic does not overflow behind an overflow guard. A failed guard leaves through a
//! deopt exit that boxes what is unboxed, writes it into the frame and resumes the interpreter
//! at that instruction. Helpers that raise leave through error exits the same way.
//!
//! On-stack replacement: every loop header is also an entry of the compiled function; the
//! entry checks that the frame's locals and stack fit the header's entry kinds (deoptimizing
//! otherwise), unboxes floats and jumps there.
//!
//! Code the front end does not handle yet (generators, cells, exception handlers, some opcodes)
//! is reported as `Unsupported` and keeps running in the interpreter.

mod calls;
mod numeric;
mod ops;
mod state;
mod subscr;

use std::collections::{BTreeMap, BTreeSet};

use heron_jit::ir::{Cond, Function, Inst, IntOp, Type, Value};

use self::state::{AVal, Builder, Kind, Sig};
use crate::bytecode::code::code_flags;
use crate::bytecode::Opcode;
use crate::object::code::Code;
use crate::object::types::{FLOAT_TYPE, RANGE_TYPE};
use crate::tier2::runtime::{ctx_offset, float_value_offset};

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
    /// Instructions (indexes) whose guards failed too often: they get the generic code.
    pub failed_sites: &'a [u32],
}

/// Deopt reasons (stored in the context's flag before a deopt exit).
pub mod deopt {
    /// A global or builtin was rebound (its dict changed) since compilation.
    pub const GLOBALS_CHANGED: u64 = 1;
    /// Small-int arithmetic overflowed (the interpreter computes the big int).
    pub const INT_OVERFLOW: u64 = 2;
    /// An operand speculated to be a float or small int was something else.
    pub const NOT_A_NUMBER: u64 = 3;
    /// An int too large to convert to a float exactly was compared with a float.
    pub const INEXACT_INT: u64 = 4;
    /// Division or modulo by zero (the interpreter raises).
    pub const ZERO_DIVISION: u64 = 5;
    /// A negative shift count (the interpreter raises).
    pub const SHIFT_COUNT: u64 = 6;
    /// A `range()` iterator that does not fit machine words.
    pub const NOT_RANGE: u64 = 7;
    /// On-stack replacement found locals of other kinds than the loop header expects.
    pub const OSR_KINDS: u64 = 8;
    /// A module attribute was rebound (the module's dict changed) since compilation.
    pub const MODULE_CHANGED: u64 = 9;
    /// On-stack replacement at a loop the compiled code does not contain (not counted towards
    /// recompilation: nothing was speculated).
    pub const OSR_NOT_COMPILED: u64 = 11;
    /// `math.sqrt` of a negative number or NaN (the interpreter raises or returns NaN).
    pub const SQRT_DOMAIN: u64 = 10;
    /// A signal waits for its Python handler, which the interpreter runs (not counted towards
    /// recompilation: nothing was speculated).
    pub const SAFE_POINT: u64 = 12;
}

/// The name of a deopt reason (the low byte of the context's flag after a deopt exit; the
/// rest is the index of the instruction whose guard failed).
pub fn deopt_reason(flag: u64) -> &'static str {
    match flag & 0xff {
        deopt::GLOBALS_CHANGED => "globals changed",
        deopt::INT_OVERFLOW => "int overflow",
        deopt::NOT_A_NUMBER => "not a float or small int",
        deopt::INEXACT_INT => "int not exact as a float",
        deopt::ZERO_DIVISION => "division by zero",
        deopt::SHIFT_COUNT => "negative shift count",
        deopt::NOT_RANGE => "range not in machine words",
        deopt::OSR_KINDS => "loop entry kinds",
        deopt::MODULE_CHANGED => "module attribute changed",
        deopt::SQRT_DOMAIN => "sqrt domain",
        deopt::OSR_NOT_COMPILED => "loop entry not compiled",
        deopt::SAFE_POINT => "signal",
        _ => "unknown",
    }
}

/// Offset of the type pointer in an object header.
const TYPE_OFFSET: i32 = 8;

/// Translation passes before the entry kinds are forced to their widest.
const MAX_PASSES: usize = 24;

/// Why a code object is not compiled.
pub struct Unsupported(pub String);

/// Bytecode bytes past which a code object stays in the interpreter: compiling costs time in
/// proportion to size (about 20 us a byte of bytecode with Cranelift, front end included), and
/// one function must not stop the program for more than about 100 ms. A 20,000-statement
/// function took 41 s and 2.5 GB to compile before this bound.
pub const MAX_BYTECODE: usize = 5_000;

/// HIR values (instruction results and block parameters) past which a translated code object
/// stays in the interpreter: bytecode that expands a lot (many locals live across many blocks)
/// is bounded by what Cranelift is handed, not only by its bytecode size.
pub const MAX_HIR_VALUES: usize = 25_000;

/// The reason `-X jit-stats` gives for both bounds.
const TOO_LARGE: &str = "too large to compile in 100 ms";

fn is_terminal(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::RETURN_VALUE
            | Opcode::JUMP
            | Opcode::RAISE_VARARGS
            | Opcode::RERAISE
            | Opcode::YIELD_VALUE
    )
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

/// The instructions' block structure.
struct Shape {
    instrs: Vec<Instr>,
    /// Block starts: entry, jump targets, instructions after branches and terminators.
    starts: BTreeSet<u32>,
    /// Loop headers (targets of backward jumps): the on-stack-replacement entries.
    headers: Vec<u32>,
    depths: BTreeMap<u32, usize>,
}

/// Names whose use lets code look at its own frame's locals: such code keeps every local
/// boxed in the frame.
const FRAME_INTROSPECTION: [&str; 6] = ["locals", "vars", "eval", "exec", "dir", "_getframe"];

/// Translates a code object to HIR. Every kind of code object is accepted; an opcode the front
/// end cannot translate is reported when a reachable block has one (exception handlers are not
/// reachable in compiled code: an exception leaves through an error exit and the interpreter
/// runs the handler).
pub fn translate(code: &Code, spec: Option<&Speculation>) -> Result<Function, Unsupported> {
    if code.compiled.code.len() > MAX_BYTECODE {
        return Err(Unsupported(TOO_LARGE.into()));
    }
    let instrs = decode(&code.compiled.code).map_err(|e| Unsupported(e.to_string()))?;
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
    let headers: Vec<u32> = instrs
        .iter()
        .filter(|i| i.op.is_jump() && i.arg <= i.index && depths.contains_key(&i.arg))
        .map(|i| i.arg)
        .collect::<BTreeSet<u32>>()
        .into_iter()
        .collect();
    let shape = Shape {
        instrs,
        starts,
        headers,
        depths,
    };
    let mut sigs: BTreeMap<u32, Sig> = BTreeMap::new();
    for pass in 0..=MAX_PASSES {
        if pass == MAX_PASSES {
            // The kinds did not settle: take the widest, which no edge can widen.
            for sig in sigs.values_mut() {
                *sig = sig.top();
            }
        }
        if let Some(f) = translate_pass(code, spec, &shape, &mut sigs)? {
            if f.value_types.len() > MAX_HIR_VALUES {
                return Err(Unsupported(TOO_LARGE.into()));
            }
            f.verify().map_err(|e| {
                if std::env::var_os("HERON_JIT_DEBUG").is_some() {
                    eprintln!("{}", heron_jit::text::print(&f));
                }
                Unsupported(format!(
                    "internal error: malformed HIR in {}: {e}",
                    code.compiled.qualname
                ))
            })?;
            return Ok(f);
        }
    }
    Err(Unsupported("block entry kinds did not settle".into()))
}

/// Loop headers whose loop yields (a backward jump to the header from after a
/// `YIELD_VALUE` that follows it): entering such a loop by on-stack replacement would leave
/// compiled code again at the next yield, which costs more than it saves.
pub fn yielding_loops(code: &Code) -> Vec<u32> {
    let Ok(instrs) = decode(&code.compiled.code) else {
        return Vec::new();
    };
    let yields: Vec<u32> = instrs
        .iter()
        .filter(|i| i.op == Opcode::YIELD_VALUE)
        .map(|i| i.index)
        .collect();
    let mut out: Vec<u32> = instrs
        .iter()
        .filter(|i| i.op.is_jump() && i.arg <= i.index)
        .filter(|i| yields.iter().any(|&y| i.arg <= y && y < i.index))
        .map(|i| i.arg)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// One translation pass with the current block-entry kinds; `None` when a back edge widened
/// them (the caller runs another pass).
fn translate_pass(
    code: &Code,
    spec: Option<&Speculation>,
    shape: &Shape,
    sigs: &mut BTreeMap<u32, Sig>,
) -> Result<Option<Function>, Unsupported> {
    let cc = &code.compiled;
    let mut f = Function::new(cc.qualname.to_string());
    let ctx = f.ctx();
    let entry = f.entry();
    let dispatch = f.create_block();
    let fresh = f.create_block();
    let nlocals = cc.varnames.len();
    let unbox_locals = !cc.names.iter().any(|n| FRAME_INTROSPECTION.contains(&&**n));
    let nargs = (cc.argcount
        + cc.kwonlyargcount
        + (cc.flags & code_flags::VARARGS != 0) as u32
        + (cc.flags & code_flags::VARKEYWORDS != 0) as u32) as usize;
    let mut b = Builder {
        f,
        code,
        ctx,
        locals_ptr: ctx,
        cur: entry,
        stack: Vec::new(),
        locals: Vec::new(),
        origin: 0,
        spec,
        unbox_locals,
        known: BTreeMap::new(),
        sigs,
        blocks: BTreeMap::new(),
        pending: BTreeMap::new(),
        position: 0,
        widened: false,
        reachable: true,
        may_free: false,
    };
    b.locals_ptr = b.load(Type::Word, ctx, ctx_offset::LOCALS);
    b.emit(Inst::Jump {
        dest: dispatch,
        args: vec![],
    });
    // A fresh frame: the arguments are bound, the other locals are not.
    b.cur = fresh;
    let ptr = b.locals_ptr;
    // Arguments that are also cells moved into their cells when the frame was made.
    let in_cells: Vec<usize> = cc.cell2arg.iter().flatten().map(|&a| a as usize).collect();
    for k in 0..nlocals {
        let a = if k < nargs && !in_cells.contains(&k) {
            let v = b.load(Type::Word, ptr, Builder::local_offset(k));
            AVal::new(v, Kind::Obj)
        } else {
            b.null()
        };
        b.locals.push(a);
    }
    let uses_globals = shape.instrs.iter().any(|i| i.op == Opcode::LOAD_GLOBAL);
    if uses_globals {
        ops::namespace_guard(&mut b, 0);
    }
    b.jump_to(0);
    // Forward jump targets of instructions that may have freed an object (see `may_free`).
    let mut freed_at: BTreeSet<u32> = BTreeSet::new();
    for i in &shape.instrs {
        b.position = i.start;
        let mut poll = b.reachable && b.may_free;
        if shape.starts.contains(&i.start) {
            if b.reachable {
                b.jump_to(i.start);
            }
            if b.sigs.contains_key(&i.start) {
                b.begin_block(i.start);
                poll |= freed_at.contains(&i.start);
            }
        }
        if !b.reachable {
            continue;
        }
        b.origin = i.index;
        if poll {
            // The interpreter runs finalizers at the instruction boundary after the decref
            // that queued them; so does compiled code.
            ops::safe_point_poll(&mut b, i.start);
        }
        b.may_free = false;
        ops::translate_instr(&mut b, i)?;
        if b.may_free && i.op.is_jump() && i.arg > i.index {
            freed_at.insert(i.arg);
        }
    }
    if b.widened {
        return Ok(None);
    }
    // Edges into blocks the pass never reached cannot exist: every target was translated.
    debug_assert!(b.pending.is_empty());
    b.cur = dispatch;
    b.origin = 0;
    osr_dispatch(&mut b, shape, fresh, uses_globals);
    Ok(Some(b.f))
}

/// The entry dispatch: `ctx.pc` is 0 for a call, or a loop header for on-stack replacement.
fn osr_dispatch(b: &mut Builder, shape: &Shape, fresh: heron_jit::ir::Block, uses_globals: bool) {
    let ctx = b.ctx;
    let pc = b.load(Type::Word, ctx, ctx_offset::PC);
    for &h in &shape.headers {
        let want = b.iconst(h as i64);
        let is_h = b.cmp(Cond::Eq, pc, want);
        let osr = b.f.create_block();
        let next = b.f.create_block();
        b.branch(is_h, osr, next);
        b.cur = osr;
        b.origin = h;
        osr_entry(b, shape, h, uses_globals);
        b.cur = next;
    }
    // pc 0 is a call; any other pc is a loop the compiled code does not enter (one only
    // reachable through an exception handler, say).
    let zero = b.iconst(0);
    let is_call = b.cmp(Cond::Eq, pc, zero);
    let elsewhere = b.f.create_block();
    b.branch(is_call, fresh, elsewhere);
    b.cur = elsewhere;
    not_entered(b);
}

/// Returns to the interpreter without touching the context's pc and stack depth, which still
/// describe the frame as the interpreter left it.
fn not_entered(b: &mut Builder) {
    let ctx = b.ctx;
    let reason = b.iconst(deopt::OSR_NOT_COMPILED as i64);
    b.store(ctx, ctx_offset::FLAG, reason);
    let status = b.iconst(heron_jit::ir::status::DEOPT as i64);
    b.emit(Inst::Return(status));
    b.reachable = false;
}

/// Enters the loop header `h` from the interpreter's frame: loads the locals and the stack,
/// checks they fit the header's entry kinds and converts them.
fn osr_entry(b: &mut Builder, shape: &Shape, h: u32, uses_globals: bool) {
    let ctx = b.ctx;
    let depth = shape.depths[&h];
    let buf = b.load(Type::Word, ctx, ctx_offset::STACK);
    let stack: Vec<Value> = (0..depth)
        .map(|k| b.load(Type::Word, buf, (k * 8) as i32))
        .collect();
    // The state as the interpreter left it, for the deopt exits of failed checks.
    b.stack = stack.iter().map(|v| AVal::new(*v, Kind::Any)).collect();
    b.locals.clear();
    if uses_globals {
        ops::namespace_guard(b, h);
    }
    let (Some(sig), Some(&dest)) = (b.sigs.get(&h).cloned(), b.blocks.get(&h)) else {
        // The compiled code never reaches this header: stay in the interpreter.
        not_entered(b);
        return;
    };
    let ptr = b.locals_ptr;
    let locals: Vec<Value> = (0..sig.locals.len())
        .map(|k| b.load(Type::Word, ptr, Builder::local_offset(k)))
        .collect();
    let slots: Vec<(Value, Kind)> = locals
        .iter()
        .copied()
        .zip(sig.locals.iter().copied())
        .chain(stack.iter().copied().zip(sig.stack.iter().copied()))
        .collect();
    for &(w, kind) in &slots {
        let ok = fits(b, w, kind);
        if let Some(ok) = ok {
            b.guard(ok, h, &[], deopt::OSR_KINDS);
        }
    }
    let mut args = Vec::new();
    for (k, &(w, kind)) in slots.iter().enumerate() {
        match kind {
            Kind::Undef => {}
            Kind::Float => {
                let x = b.load(Type::Float, w, float_value_offset());
                b.emit(Inst::DecRef(w));
                if k < locals.len() {
                    let zero = b.wconst(0);
                    b.store(ptr, Builder::local_offset(k), zero);
                }
                args.push(x);
            }
            _ => args.push(w),
        }
    }
    b.emit(Inst::Jump { dest, args });
}

/// A `Bool` that holds when the word `w` (from the frame) fits `kind`; `None` when any word
/// does. Reading an object's type happens only after its own tag and NULL checks passed.
fn fits(b: &mut Builder, w: Value, kind: Kind) -> Option<Value> {
    let zero = b.iconst(0);
    let one = b.iconst(1);
    let is_ptr = |b: &mut Builder| {
        let tag = b.bin(IntOp::And, w, one, Type::Word);
        let untagged = b.cmp(Cond::Eq, tag, zero);
        let nonnull = b.cmp(Cond::Ne, w, zero);
        b.combine(&[untagged, nonnull], true)
    };
    Some(match kind {
        Kind::Any => return None,
        Kind::Undef => b.cmp(Cond::Eq, w, zero),
        Kind::Int => {
            let tag = b.bin(IntOp::And, w, one, Type::Word);
            b.cmp(Cond::Ne, tag, zero)
        }
        Kind::Obj | Kind::RangeIter | Kind::Bool => b.cmp(Cond::Ne, w, zero),
        Kind::Float | Kind::Range => {
            let ty_word = if kind == Kind::Float {
                &FLOAT_TYPE as *const _ as usize
            } else {
                &RANGE_TYPE as *const _ as usize
            };
            let ptr_ok = is_ptr(b);
            b.guard(ptr_ok, b.origin, &[], deopt::OSR_KINDS);
            let ty = b.load(Type::Word, w, TYPE_OFFSET);
            let want = b.wconst(ty_word);
            b.cmp(Cond::Eq, ty, want)
        }
    })
}
