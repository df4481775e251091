//! Arithmetic, comparisons and truth tests.
//!
//! Values whose kind is known run inline with no checks but overflow: tagged small ints stay
//! tagged (`2n+1`), floats stay unboxed. An operand of unknown kind next to a float is
//! speculated to be a float or small int (a guard deoptimizes otherwise); small-int overflow
//! deoptimizes, so the result keeps its kind. Without speculation, and for every other
//! combination, the generic path tests for small ints and floats inline and calls the
//! interpreter's slow path for the rest.

use heron_jit::ir::{Block, Cond, FloatOp, Inst, IntOp, OvfOp, Type, Value};

use super::state::{AVal, Builder, Kind};
use super::subscr::check_type;
use super::{deopt, TYPE_OFFSET};
use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::object::types::{false_word, true_word, FLOAT_TYPE};
use crate::tier2::profile;
use crate::tier2::runtime::{float_value_offset, helper};

/// Largest magnitude below which every int converts to a float exactly.
const EXACT_FLOAT_INT: i64 = 1 << 53;

fn float_op(op: BinaryOperator) -> Option<FloatOp> {
    match op {
        BinaryOperator::Add => Some(FloatOp::Add),
        BinaryOperator::Subtract => Some(FloatOp::Sub),
        BinaryOperator::Multiply => Some(FloatOp::Mul),
        BinaryOperator::TrueDivide => Some(FloatOp::Div),
        _ => None,
    }
}

fn cond_of(op: CompareOperator) -> Cond {
    match op {
        CompareOperator::Lt => Cond::Lt,
        CompareOperator::Le => Cond::Le,
        CompareOperator::Eq => Cond::Eq,
        CompareOperator::Ne => Cond::Ne,
        CompareOperator::Gt => Cond::Gt,
        CompareOperator::Ge => Cond::Ge,
    }
}

/// Can `k` be read as a float here (known numeric, or speculated)?
fn float_operand(b: &Builder, k: Kind) -> bool {
    matches!(k, Kind::Float | Kind::Int) || (b.speculating() && matches!(k, Kind::Obj | Kind::Any))
}

/// The untagged value of a tagged small-int word, as an `Int`.
fn untag(b: &mut Builder, w: Value) -> Value {
    let i = b.bitcast(Type::Int, w);
    let one = b.int(1);
    b.bin(IntOp::Sar, i, one, Type::Int)
}

/// The float value of `a` (not consumed). Ints convert (with `exact`, only those that convert
/// without rounding; others deoptimize); a value of unknown kind is checked to be a float (or,
/// with `accept_int`, a small int), deoptimizing otherwise.
pub fn to_float(
    b: &mut Builder,
    a: AVal,
    pc: u32,
    operands: &[AVal],
    exact: bool,
    accept_int: bool,
) -> Value {
    let from_int = |b: &mut Builder, w: Value| {
        let n = untag(b, w);
        if exact {
            let lim = b.int(EXACT_FLOAT_INT);
            let neg_lim = b.int(-EXACT_FLOAT_INT);
            let le = b.cmp(Cond::Le, n, lim);
            let ge = b.cmp(Cond::Ge, n, neg_lim);
            let ok = b.combine(&[le, ge], true);
            b.guard(ok, pc, operands, deopt::INEXACT_INT);
        }
        b.one(Inst::IntToFloat(n), Type::Float)
    };
    match a.kind {
        Kind::Float => a.v,
        Kind::Int => from_int(b, a.v),
        _ => {
            let join = b.f.create_block();
            let result = b.f.append_param(join, Type::Float);
            let ptr_b = b.f.create_block();
            let one = b.iconst(1);
            let tag = b.bin(IntOp::And, a.v, one, Type::Word);
            let zero = b.iconst(0);
            let tagged = b.cmp(Cond::Ne, tag, zero);
            if accept_int {
                let int_b = b.f.create_block();
                b.branch(tagged, int_b, ptr_b);
                b.cur = int_b;
                let fi = from_int(b, a.v);
                b.emit(Inst::Jump {
                    dest: join,
                    args: vec![fi],
                });
            } else {
                b.deopt_if(tagged, pc, operands, deopt::NOT_A_NUMBER);
                b.emit(Inst::Jump {
                    dest: ptr_b,
                    args: vec![],
                });
            }
            b.cur = ptr_b;
            if a.kind == Kind::Any {
                let nonnull = b.cmp(Cond::Ne, a.v, zero);
                b.guard(nonnull, pc, operands, deopt::NOT_A_NUMBER);
            }
            let ty = b.load(Type::Word, a.v, TYPE_OFFSET);
            let float_ty = b.wconst(&FLOAT_TYPE as *const _ as usize);
            let is_float = b.cmp(Cond::Eq, ty, float_ty);
            b.guard(is_float, pc, operands, deopt::NOT_A_NUMBER);
            let fv = b.load(Type::Float, a.v, float_value_offset());
            b.emit(Inst::Jump {
                dest: join,
                args: vec![fv],
            });
            b.cur = join;
            result
        }
    }
}

/// The one kind (`profile::SMALL_INT` or `profile::FLOAT`) the interpreter saw at the
/// instruction being translated, when speculation is on and neither operand's kind is
/// already known otherwise; 0 when there is nothing to speculate on.
fn seen_only(b: &Builder, x: AVal, y: AVal) -> u8 {
    let unknown = |k: Kind| matches!(k, Kind::Obj | Kind::Any);
    if !b.speculating() || !(unknown(x.kind) || unknown(y.kind)) {
        return 0;
    }
    let seen = profile::only_kind(b.code, b.origin);
    let fits = |k: Kind| {
        unknown(k)
            || (seen == profile::SMALL_INT && k == Kind::Int)
            || (seen == profile::FLOAT && k == Kind::Float)
    };
    if fits(x.kind) && fits(y.kind) {
        seen
    } else {
        0
    }
}

/// When only small ints were seen, both operands checked to be small ints.
fn speculate_small_ints(b: &mut Builder, seen: u8, [x, y]: [AVal; 2], pc: u32) -> (AVal, AVal) {
    if seen != profile::SMALL_INT {
        return (x, y);
    }
    let operands = [x, y];
    (
        as_small_int(b, x, pc, &operands),
        as_small_int(b, y, pc, &operands),
    )
}

/// `a` checked to be a tagged small int (deoptimizing otherwise).
fn as_small_int(b: &mut Builder, a: AVal, pc: u32, operands: &[AVal]) -> AVal {
    if a.kind == Kind::Int {
        return a;
    }
    let one = b.iconst(1);
    let tag = b.bin(IntOp::And, a.v, one, Type::Word);
    let zero = b.iconst(0);
    let tagged = b.cmp(Cond::Ne, tag, zero);
    b.guard(tagged, pc, operands, deopt::NOT_A_NUMBER);
    AVal::new(a.v, Kind::Int)
}

/// Refines a helper's result `v` (an owned word, not NULL) by what the interpreter saw the
/// instruction produce: a float is unboxed, a small int known as such, behind a guard that
/// resumes the interpreter after the instruction with `v` pushed when it is something else.
pub fn refine_result(b: &mut Builder, v: Value, next_pc: u32) -> AVal {
    let a = AVal::new(v, Kind::Obj);
    if !b.speculating() {
        return a;
    }
    match profile::only_kind(b.code, b.origin) {
        profile::SMALL_INT => {
            let one = b.iconst(1);
            let tag = b.bin(IntOp::And, v, one, Type::Word);
            let zero = b.iconst(0);
            let tagged = b.cmp(Cond::Ne, tag, zero);
            b.guard(tagged, next_pc, &[a], deopt::NOT_A_NUMBER);
            AVal::new(v, Kind::Int)
        }
        profile::FLOAT => {
            let one = b.iconst(1);
            let tag = b.bin(IntOp::And, v, one, Type::Word);
            let zero = b.iconst(0);
            let untagged = b.cmp(Cond::Eq, tag, zero);
            b.guard(untagged, next_pc, &[a], deopt::NOT_A_NUMBER);
            let ty = b.load(Type::Word, v, TYPE_OFFSET);
            let float_ty = b.wconst(&FLOAT_TYPE as *const _ as usize);
            let is_float = b.cmp(Cond::Eq, ty, float_ty);
            b.guard(is_float, next_pc, &[a], deopt::NOT_A_NUMBER);
            let x = b.load(Type::Float, v, float_value_offset());
            b.decref_inert(v);
            AVal::new(x, Kind::Float)
        }
        _ => a,
    }
}

/// `BINARY_OP`.
pub fn binary_op(b: &mut Builder, arg: u32, pc: u32, next_pc: u32) {
    let y = b.pop();
    let x = b.pop();
    let operands = [x, y];
    let op = BinaryOperator::from_arg(arg).map(|(op, _)| op);
    let seen = seen_only(b, x, y);
    let (x, y) = speculate_small_ints(b, seen, [x, y], pc);
    if let (Some(op), Kind::Int, Kind::Int) = (op, x.kind, y.kind) {
        if let Some(r) = int_binop(b, op, x.v, y.v, pc, &operands) {
            b.push_val(r, Kind::Int);
            return;
        }
    }
    if let Some(fop) = op.and_then(float_op) {
        let has_float = x.kind == Kind::Float || y.kind == Kind::Float;
        // Only floats seen: both are speculated floats (not ints: int op int is an int).
        let floats_seen = seen == profile::FLOAT;
        if (has_float || floats_seen) && float_operand(b, x.kind) && float_operand(b, y.kind) {
            let fx = to_float(b, x, pc, &operands, false, has_float);
            let fy = to_float(b, y, pc, &operands, false, has_float);
            if fop == FloatOp::Div {
                // Division by zero raises: the interpreter does it.
                let fzero = b.fconst(0.0);
                let nonzero = b.fcmp(Cond::Ne, fy, fzero);
                b.guard(nonzero, pc, &operands, deopt::ZERO_DIVISION);
            }
            b.decref(x);
            b.decref(y);
            let r = b.one(
                Inst::FloatBin {
                    op: fop,
                    a: fx,
                    b: fy,
                },
                Type::Float,
            );
            b.push_val(r, Kind::Float);
            return;
        }
    }
    let (x, y) = (b.materialize(x), b.materialize(y));
    let r = generic_binary(b, op, arg, x, y, next_pc);
    b.push_val(r, Kind::Obj);
}

/// Small-int arithmetic on two tagged words, the result tagged; `None` when `op` is not done
/// inline here. Overflow and the cases that raise deoptimize, so only with speculation for
/// the operations that can overflow.
fn int_binop(
    b: &mut Builder,
    op: BinaryOperator,
    x: Value,
    y: Value,
    pc: u32,
    operands: &[AVal],
) -> Option<Value> {
    let speculate = b.speculating();
    let one = b.iconst(1);
    let checked = |b: &mut Builder, op: OvfOp, l: Value, r: Value| {
        let res = b.ovf(op, l, r, Type::Word);
        b.deopt_if(res.1, pc, operands, deopt::INT_OVERFLOW);
        res.0
    };
    Some(match op {
        BinaryOperator::And => b.bin(IntOp::And, x, y, Type::Word),
        BinaryOperator::Or => b.bin(IntOp::Or, x, y, Type::Word),
        BinaryOperator::Xor => {
            let v = b.bin(IntOp::Xor, x, y, Type::Word);
            b.bin(IntOp::Or, v, one, Type::Word)
        }
        _ if !speculate => return None,
        BinaryOperator::Add => {
            let y1 = b.bin(IntOp::Sub, y, one, Type::Word);
            checked(b, OvfOp::Add, x, y1)
        }
        BinaryOperator::Subtract => {
            let y1 = b.bin(IntOp::Sub, y, one, Type::Word);
            checked(b, OvfOp::Sub, x, y1)
        }
        BinaryOperator::Multiply => {
            // (2a+1-1) * b = 2ab, then +1.
            let x0 = b.bin(IntOp::Sub, x, one, Type::Word);
            let yi = b.bin(IntOp::Sar, y, one, Type::Word);
            let p = checked(b, OvfOp::Mul, x0, yi);
            b.bin(IntOp::Or, p, one, Type::Word)
        }
        BinaryOperator::RShift => {
            // A negative count raises (the interpreter does it); counts past 63 give 0 or -1.
            let n = b.bin(IntOp::Sar, y, one, Type::Word);
            let zero = b.iconst(0);
            let neg = b.cmp(Cond::Lt, n, zero);
            b.deopt_if(neg, pc, operands, deopt::SHIFT_COUNT);
            let max = b.iconst(63);
            let big = b.cmp(Cond::Gt, n, max);
            let n = b.one(
                Inst::Select {
                    cond: big,
                    a: max,
                    b: n,
                },
                Type::Word,
            );
            let shifted = b.bin(IntOp::Sar, x, n, Type::Word);
            b.bin(IntOp::Or, shifted, one, Type::Word)
        }
        BinaryOperator::LShift => {
            // Inline when the count is in 0..63 and no bits are lost.
            let n = b.bin(IntOp::Sar, y, one, Type::Word);
            let zero = b.iconst(0);
            let max = b.iconst(63);
            let neg = b.cmp(Cond::Lt, n, zero);
            b.deopt_if(neg, pc, operands, deopt::SHIFT_COUNT);
            let big = b.cmp(Cond::Ge, n, max);
            b.deopt_if(big, pc, operands, deopt::INT_OVERFLOW);
            let x0 = b.bin(IntOp::Sub, x, one, Type::Word);
            let shifted = b.bin(IntOp::Shl, x0, n, Type::Word);
            let back = b.bin(IntOp::Sar, shifted, n, Type::Word);
            let lost = b.cmp(Cond::Ne, back, x0);
            b.deopt_if(lost, pc, operands, deopt::INT_OVERFLOW);
            b.bin(IntOp::Or, shifted, one, Type::Word)
        }
        BinaryOperator::FloorDivide | BinaryOperator::Remainder => {
            let a = untag(b, x);
            let d = untag(b, y);
            let zero = b.int(0);
            let by_zero = b.cmp(Cond::Eq, d, zero);
            b.deopt_if(by_zero, pc, operands, deopt::ZERO_DIVISION);
            let q = b.bin(IntOp::Div, a, d, Type::Int);
            let r = b.bin(IntOp::Rem, a, d, Type::Int);
            // Python rounds the quotient down: when the remainder is non-zero and its sign
            // differs from the divisor's, step the quotient down and the remainder by `d`.
            let r_nonzero = b.cmp(Cond::Ne, r, zero);
            let signs = b.bin(IntOp::Xor, r, d, Type::Int);
            let differ = b.cmp(Cond::Lt, signs, zero);
            let nz = b.one(Inst::BoolToInt(r_nonzero), Type::Int);
            let df = b.one(Inst::BoolToInt(differ), Type::Int);
            let fix = b.bin(IntOp::And, nz, df, Type::Int);
            let n = if op == BinaryOperator::FloorDivide {
                b.bin(IntOp::Sub, q, fix, Type::Int)
            } else {
                let adj = b.bin(IntOp::Mul, fix, d, Type::Int);
                b.bin(IntOp::Add, r, adj, Type::Int)
            };
            // Re-tag: 2n + 1 (only the quotient of the most negative int by -1 overflows).
            let res = b.ovf(OvfOp::Add, n, n, Type::Int);
            b.deopt_if(res.1, pc, operands, deopt::INT_OVERFLOW);
            let one_i = b.int(1);
            let t = b.bin(IntOp::Or, res.0, one_i, Type::Int);
            b.bitcast(Type::Word, t)
        }
        _ => return None,
    })
}

/// If `x` and `y` are both exact floats, continues in a new block with their values;
/// otherwise branches to `other`.
fn float_pair(b: &mut Builder, x: Value, y: Value, other: Block) -> (Value, Value) {
    let float_ty = &FLOAT_TYPE as *const _ as usize;
    check_type(b, x, float_ty, other);
    let fx = b.load(Type::Float, x, float_value_offset());
    check_type(b, y, float_ty, other);
    let fy = b.load(Type::Float, y, float_value_offset());
    (fx, fy)
}

/// Both words are tagged small ints?
fn both_small(b: &mut Builder, x: Value, y: Value) -> Value {
    let and = b.bin(IntOp::And, x, y, Type::Word);
    let one = b.iconst(1);
    let bit = b.bin(IntOp::And, and, one, Type::Word);
    let zero = b.iconst(0);
    b.cmp(Cond::Ne, bit, zero)
}

/// `x <op> y` on two owned words of unknown kind: small-int `+ - * & | ^ >>` inline (with
/// overflow checks), exact floats `+ - * /` inline (result boxed), the helper otherwise.
fn generic_binary(
    b: &mut Builder,
    op: Option<BinaryOperator>,
    arg: u32,
    x: Value,
    y: Value,
    next_pc: u32,
) -> Value {
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
        let both = both_small(b, x, y);
        let fast = b.f.create_block();
        b.branch(both, fast, slow);
        b.cur = fast;
        let one = b.iconst(1);
        // Tagged words are 2n+1. Each case keeps the result tagged; where the result can leave
        // the 63-bit range, i64 overflow of the tagged computation is exactly that condition.
        let checked = |b: &mut Builder, op: OvfOp, l: Value, r: Value, slow: Block| {
            let res = b.ovf(op, l, r, Type::Word);
            let ok = b.f.create_block();
            b.branch(res.1, slow, ok);
            b.cur = ok;
            res.0
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
                let out_of_range = b.combine(&[neg, big], false);
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
    match op.and_then(float_op) {
        Some(fop) => {
            let (fx, fy) = float_pair(b, x, y, helper_block);
            if fop == FloatOp::Div {
                // Division by zero raises: leave it to the helper.
                let fzero = b.fconst(0.0);
                let is_zero = b.fcmp(Cond::Eq, fy, fzero);
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
            let boxed = b.box_float(r);
            b.decref_inert(x);
            b.decref_inert(y);
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
    slow_path_to(b, helper::BINARY_OP, [x, y], arg, next_pc, join);
    result
}

/// In the current block: the interpreter's slow path `helper(ctx, x, y, oparg)` (consuming x
/// and y), then a jump to `join` with its result.
fn slow_path_to(
    b: &mut Builder,
    helper: heron_jit::ir::HelperId,
    [x, y]: [Value; 2],
    arg: u32,
    next_pc: u32,
    join: Block,
) {
    let ctx = b.ctx;
    let a = b.iconst(arg as i64);
    let r = b.call(helper, vec![ctx, x, y, a]);
    b.check_error(r, next_pc);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![r],
    });
    b.cur = join;
}

/// `COMPARE_OP`.
pub fn compare_op(b: &mut Builder, arg: u32, pc: u32, next_pc: u32) {
    let y = b.pop();
    let x = b.pop();
    let operands = [x, y];
    let cond = CompareOperator::from_arg(arg)
        .map(cond_of)
        .unwrap_or(Cond::Ge);
    let seen = seen_only(b, x, y);
    let (x, y) = speculate_small_ints(b, seen, [x, y], pc);
    if x.kind == Kind::Int && y.kind == Kind::Int {
        // Tagging preserves order.
        let c = b.cmp(cond, x.v, y.v);
        b.push_val(c, Kind::Bool);
        return;
    }
    let has_float = x.kind == Kind::Float || y.kind == Kind::Float;
    let floats_seen = seen == profile::FLOAT;
    if (has_float || floats_seen) && float_operand(b, x.kind) && float_operand(b, y.kind) {
        let fx = to_float(b, x, pc, &operands, true, true);
        let fy = to_float(b, y, pc, &operands, true, true);
        b.decref(x);
        b.decref(y);
        let c = b.fcmp(cond, fx, fy);
        b.push_val(c, Kind::Bool);
        return;
    }
    let (x, y) = (b.materialize(x), b.materialize(y));
    let join = b.f.create_block();
    let result = b.f.append_param(join, Type::Word);
    let fast = b.f.create_block();
    let slow = b.f.create_block();
    let both = both_small(b, x, y);
    b.branch(both, fast, slow);
    b.cur = fast;
    let c = b.cmp(cond, x, y);
    let w = b.bool_word(c);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![w],
    });
    b.cur = slow;
    // Two exact floats: compare inline (no allocation).
    let helper_block = b.f.create_block();
    let (fx, fy) = float_pair(b, x, y, helper_block);
    let fc = b.fcmp(cond, fx, fy);
    b.decref_inert(x);
    b.decref_inert(y);
    let fw = b.bool_word(fc);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![fw],
    });
    b.cur = helper_block;
    slow_path_to(b, helper::COMPARE_OP, [x, y], arg, next_pc, join);
    b.push_val(result, Kind::Obj);
}

/// `UNARY_NEGATIVE`, `UNARY_POSITIVE`, `UNARY_INVERT`, `UNARY_NOT` (`which` 0..3).
pub fn unary(b: &mut Builder, which: i64, pc: u32, next_pc: u32) {
    let a = b.pop();
    match (which, a.kind) {
        (0, Kind::Int) if b.speculating() => {
            // -(2n+1) + 2 = 2(-n)+1.
            let two = b.iconst(2);
            let res = b.ovf(OvfOp::Sub, two, a.v, Type::Word);
            b.deopt_if(res.1, pc, &[a], deopt::INT_OVERFLOW);
            b.push_val(res.0, Kind::Int);
        }
        (0, Kind::Float) => {
            let m = b.fconst(-1.0);
            let r = b.one(
                Inst::FloatBin {
                    op: FloatOp::Mul,
                    a: a.v,
                    b: m,
                },
                Type::Float,
            );
            b.push_val(r, Kind::Float);
        }
        (1, Kind::Int | Kind::Float) => b.stack.push(a),
        (3, Kind::Bool) => {
            let i = b.one(Inst::BoolToInt(a.v), Type::Int);
            let zero = b.int(0);
            let r = b.cmp(Cond::Eq, i, zero);
            b.push_val(r, Kind::Bool);
        }
        _ => {
            let v = b.materialize(a);
            let ctx = b.ctx;
            let w = b.iconst(which);
            let r = b.call(helper::UNARY, vec![ctx, v, w]);
            b.check_error(r, next_pc);
            b.push_val(r, Kind::Obj);
        }
    }
}

/// A `Bool` for the truth of `a` (consumed).
pub fn truth(b: &mut Builder, a: AVal, next_pc: u32) -> Value {
    match a.kind {
        Kind::Bool => a.v,
        Kind::Int => {
            let zero = b.iconst(1);
            b.cmp(Cond::Ne, a.v, zero)
        }
        Kind::Float => {
            let zero = b.fconst(0.0);
            b.fcmp(Cond::Ne, a.v, zero)
        }
        _ => {
            let v = b.materialize(a);
            truth_of_word(b, v, next_pc)
        }
    }
}

/// The truth of an owned word (consumed): identity checks for True/False, else the helper.
fn truth_of_word(b: &mut Builder, v: Value, next_pc: u32) -> Value {
    let t = b.wconst(true_word());
    let f = b.wconst(false_word());
    let is_t = b.cmp(Cond::Eq, v, t);
    let is_f = b.cmp(Cond::Eq, v, f);
    let is_bool = b.combine(&[is_t, is_f], false);
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
