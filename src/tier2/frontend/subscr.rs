//! Sequences inline: subscripts of exact lists by small ints, iteration over exact lists, and
//! unpacking of exact tuples. Each path checks the exact type and bounds, and falls back to the
//! interpreter's slow path (or, where the profile promised a float, deoptimizes) otherwise.
//!
//! Compiled code reads a list's item array and length without borrowing its `RefCell`: no borrow
//! of a list is ever held while compiled code runs.

use heron_jit::ir::{Block, Cond, Inst, IntOp, Type, Value};

use super::state::{AVal, Builder, Kind};
use super::{deopt, numeric, TYPE_OFFSET};
use crate::object::types::{FLOAT_TYPE, LIST_ITER_TYPE, LIST_TYPE, TUPLE_TYPE};
use crate::tier2::profile;
use crate::tier2::runtime::{ctx_offset, float_value_offset, helper, list_layout, seq_iter_layout};

/// Continues when the word `v` is an object of exactly type `ty`; branches to `other` when not.
pub(super) fn check_type(b: &mut Builder, v: Value, ty: usize, other: Block) {
    let one = b.iconst(1);
    let tag = b.bin(IntOp::And, v, one, Type::Word);
    let zero = b.iconst(0);
    let is_ptr = b.cmp(Cond::Eq, tag, zero);
    let ptr_b = b.f.create_block();
    b.branch(is_ptr, ptr_b, other);
    b.cur = ptr_b;
    let t = b.load(Type::Word, v, TYPE_OFFSET);
    let want = b.wconst(ty);
    let same = b.cmp(Cond::Eq, t, want);
    let ok = b.f.create_block();
    b.branch(same, ok, other);
    b.cur = ok;
}

/// Continues when `cond` holds; branches to `other` when not.
fn check(b: &mut Builder, cond: Value, other: Block) {
    let ok = b.f.create_block();
    b.branch(cond, ok, other);
    b.cur = ok;
}

/// The address of item `key` (a tagged small int, negative counting from the end) of the exact
/// list `list`, branching to `other` when `list` is not an exact list or `key` is out of range.
fn list_slot(b: &mut Builder, list: Value, key: Value, other: Block) -> Value {
    check_type(b, list, &LIST_TYPE as *const _ as usize, other);
    let (items_off, len_off) = list_layout();
    let ki = b.bitcast(Type::Int, key);
    let one = b.int(1);
    let n = b.bin(IntOp::Sar, ki, one, Type::Int);
    let len = b.load(Type::Int, list, len_off);
    let zero = b.int(0);
    let negative = b.cmp(Cond::Lt, n, zero);
    let from_end = b.bin(IntOp::Add, n, len, Type::Int);
    let i = b.one(
        Inst::Select {
            cond: negative,
            a: from_end,
            b: n,
        },
        Type::Int,
    );
    let ge0 = b.cmp(Cond::Ge, i, zero);
    check(b, ge0, other);
    let below = b.cmp(Cond::Lt, i, len);
    check(b, below, other);
    let items = b.load(Type::Int, list, items_off);
    let eight = b.int(8);
    let off = b.bin(IntOp::Mul, i, eight, Type::Int);
    let addr = b.bin(IntOp::Add, items, off, Type::Int);
    b.bitcast(Type::Word, addr)
}

/// `BINARY_SUBSCR` with a small-int key. Returns false when the operands do not fit (the caller
/// takes the generic path).
pub fn binary_subscr(b: &mut Builder, pc: u32, next_pc: u32) -> bool {
    let n = b.stack.len();
    let (container, key) = (b.stack[n - 2], b.stack[n - 1]);
    if key.kind != Kind::Int || !matches!(container.kind, Kind::Obj | Kind::Any) {
        return false;
    }
    b.stack.truncate(n - 2);
    let operands = [container, key];
    if b.speculating() && profile::only_kind(b.code, b.origin) == profile::FLOAT {
        // Only floats seen: read the float out of the list without touching refcounts.
        let fail = b.f.create_block();
        let slot = list_slot(b, container.v, key.v, fail);
        let item = b.load(Type::Word, slot, 0);
        check_type(b, item, &FLOAT_TYPE as *const _ as usize, fail);
        let x = b.load(Type::Float, item, float_value_offset());
        b.decref(container);
        let cont = b.cur;
        b.cur = fail;
        b.guard_failed(pc, &operands, deopt::NOT_A_NUMBER);
        b.cur = cont;
        b.reachable = true;
        b.push_val(x, Kind::Float);
        return true;
    }
    let join = b.f.create_block();
    let result = b.f.append_param(join, Type::Word);
    let slow = b.f.create_block();
    let slot = list_slot(b, container.v, key.v, slow);
    let item = b.load(Type::Word, slot, 0);
    b.emit(Inst::IncRef(item));
    b.decref(container);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![item],
    });
    b.cur = slow;
    let ctx = b.ctx;
    let r = b.call(helper::GETITEM, vec![ctx, container.v, key.v]);
    b.check_error(r, next_pc);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![r],
    });
    b.cur = join;
    let a = numeric::refine_result(b, result, next_pc);
    b.stack.push(a);
    true
}

/// `STORE_SUBSCR` with a small-int key. A float stored over a float that only the list
/// references overwrites that float in place (no allocation). Returns false when the operands
/// do not fit.
pub fn store_subscr(b: &mut Builder, next_pc: u32) -> bool {
    let n = b.stack.len();
    let (value, container, key) = (b.stack[n - 3], b.stack[n - 2], b.stack[n - 1]);
    if key.kind != Kind::Int || !matches!(container.kind, Kind::Obj | Kind::Any) {
        return false;
    }
    b.stack.truncate(n - 3);
    let done = b.f.create_block();
    let slow = b.f.create_block();
    let slot = list_slot(b, container.v, key.v, slow);
    let old = b.load(Type::Word, slot, 0);
    if value.kind == Kind::Float {
        let fresh = b.f.create_block();
        check_type(b, old, &FLOAT_TYPE as *const _ as usize, fresh);
        let rc = b.load(Type::Int, old, 0);
        let one = b.int(1);
        let sole = b.cmp(Cond::Eq, rc, one);
        check(b, sole, fresh);
        b.store(old, float_value_offset(), value.v);
        b.decref(container);
        b.emit(Inst::Jump {
            dest: done,
            args: vec![],
        });
        b.cur = fresh;
    }
    let w = b.materialize(value);
    b.store(slot, 0, w);
    b.emit(Inst::DecRef(old));
    b.decref(container);
    b.emit(Inst::Jump {
        dest: done,
        args: vec![],
    });
    b.cur = slow;
    let w = b.materialize(value);
    let ctx = b.ctx;
    let r = b.call(helper::SETITEM, vec![ctx, container.v, key.v, w]);
    b.check_error(r, next_pc);
    b.emit(Inst::Jump {
        dest: done,
        args: vec![],
    });
    b.cur = done;
    true
}

/// The next item of a list iterator over an exact list, inline: jumps to `got` with the item
/// (a new reference) or branches to `other` (the helper path: other iterators, and the end of
/// the list, where the interpreter's iterator does its own bookkeeping).
pub fn list_iter_next(b: &mut Builder, it: Value, got: Block, other: Block) {
    check_type(b, it, &LIST_ITER_TYPE as *const _ as usize, other);
    let (seq_off, index_off) = seq_iter_layout();
    let (items_off, len_off) = list_layout();
    let seq = b.load(Type::Word, it, seq_off);
    check_type(b, seq, &LIST_TYPE as *const _ as usize, other);
    let i = b.load(Type::Int, it, index_off);
    let len = b.load(Type::Int, seq, len_off);
    let more = b.cmp(Cond::Lt, i, len);
    check(b, more, other);
    let items = b.load(Type::Int, seq, items_off);
    let eight = b.int(8);
    let off = b.bin(IntOp::Mul, i, eight, Type::Int);
    let addr = b.bin(IntOp::Add, items, off, Type::Int);
    let addr = b.bitcast(Type::Word, addr);
    let item = b.load(Type::Word, addr, 0);
    b.emit(Inst::IncRef(item));
    let one = b.int(1);
    let next = b.bin(IntOp::Add, i, one, Type::Int);
    b.store(it, index_off, next);
    b.emit(Inst::Jump {
        dest: got,
        args: vec![item],
    });
}

/// `UNPACK_SEQUENCE n` of an exact tuple of length `n`, inline. Returns false when the operand
/// does not fit.
pub fn unpack_tuple(b: &mut Builder, n: usize, next_pc: u32) -> bool {
    let seq = *b.stack.last().expect("sequence");
    if !matches!(seq.kind, Kind::Obj | Kind::Any) {
        return false;
    }
    b.stack.pop();
    let join = b.f.create_block();
    let params: Vec<Value> = (0..n).map(|_| b.f.append_param(join, Type::Word)).collect();
    let slow = b.f.create_block();
    check_type(b, seq.v, &TUPLE_TYPE as *const _ as usize, slow);
    let (items_off, len_off) = crate::tier2::runtime::tuple_layout();
    let len = b.load(Type::Int, seq.v, len_off);
    let want = b.int(n as i64);
    let same = b.cmp(Cond::Eq, len, want);
    check(b, same, slow);
    let items = b.load(Type::Word, seq.v, items_off);
    // Pushed in reverse: the first item ends on top.
    let vals: Vec<Value> = (0..n)
        .rev()
        .map(|k| {
            let v = b.load(Type::Word, items, (k * 8) as i32);
            b.emit(Inst::IncRef(v));
            v
        })
        .collect();
    b.decref(seq);
    b.emit(Inst::Jump {
        dest: join,
        args: vals,
    });
    b.cur = slow;
    let slot = b.stack.len();
    let ctx = b.ctx;
    let n_v = b.iconst(n as i64);
    let slot_v = b.iconst(slot as i64);
    let r = b.call(helper::UNPACK, vec![ctx, seq.v, n_v, slot_v]);
    b.check_error(r, next_pc);
    let buf = b.load(Type::Word, ctx, ctx_offset::STACK);
    let vals: Vec<Value> = (0..n)
        .map(|k| b.load(Type::Word, buf, ((slot + k) * 8) as i32))
        .collect();
    b.emit(Inst::Jump {
        dest: join,
        args: vals,
    });
    b.cur = join;
    for v in params {
        b.stack.push(AVal::new(v, Kind::Obj));
    }
    true
}
