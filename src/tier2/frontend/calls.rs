//! `CALL`: lazy calls of known compiled functions (`tier2::lazy`), and the generic call
//! through the `call` helper.

use heron_jit::ir::{status, Cond, Inst, IntOp, Type};

use super::numeric;
use super::state::Builder;
use crate::object::code::Code;
use crate::object::function::Function;
use crate::object::types::null;
use crate::object::value::Value as PyValue;
use crate::tier2::lazy;
use crate::tier2::runtime::{ctx_offset, helper};

/// The generic call: spills callable, self-or-NULL and the `argc` arguments and calls the
/// `call` helper (which consumes them); returns its result word (0 = raised).
pub fn generic_call(b: &mut Builder, argc: usize, next_pc: u32) -> heron_jit::ir::Value {
    let base = b.spill_top(argc + 2);
    let ctx = b.ctx;
    let base_v = b.iconst(base as i64);
    let argc_v = b.iconst(argc as i64);
    let pc_v = b.iconst(next_pc as i64);
    b.call(helper::CALL, vec![ctx, base_v, argc_v, pc_v])
}

/// The function a call site calls, when the front end knows it (a guarded global) and its
/// code can be called lazily with `argc` positional arguments: (function, code object).
fn known_callee(b: &Builder, argc: usize) -> Option<(PyValue, PyValue)> {
    let n = b.stack.len();
    if n < argc + 2 || b.stack[n - argc - 1].konst != Some(null().word()) {
        return None;
    }
    let func = b.known.get(&b.stack[n - argc - 2].konst?)?.clone();
    let code = func.payload_exact::<Function>()?.code.borrow().clone();
    let c = code.payload_exact::<Code>()?;
    (c.jit_direct_argc() as usize == argc).then_some((func, code))
}

/// Translates a `CALL` of a known function as a lazy call (returns false, having emitted
/// nothing, when the call site does not qualify). The inline path checks that the function
/// still runs the code seen now, that this code is compiled, that the recursion limit leaves
/// room and that no safe-point work is due; otherwise the generic call runs.
pub fn lazy_call(b: &mut Builder, argc: usize, next_pc: u32) -> bool {
    let Some((func_v, code_v)) = known_callee(b, argc) else {
        return false;
    };
    let func = func_v.payload_exact::<Function>().expect("checked");
    let code = code_v.payload_exact::<Code>().expect("checked");
    if !std::ptr::eq(code, b.code) {
        // The inline path reads the callee's code object (its entry) and gives the callee a
        // borrowed reference to it: it must outlive this compiled code. (Code running
        // itself needs no such reference.)
        let mut keep = b.code.jit_keep.borrow_mut();
        if !keep.iter().any(|k| k.word() == code_v.word()) {
            keep.push(code_v.clone());
        }
    }
    let nlocals = code.varnames.len();
    let stack_words = code.compiled.max_stack as usize + 1;
    let size = ctx_offset::SIZE as usize + 8 * (nlocals + stack_words);
    let (frames_len_off, lazy_off, limit_off) = lazy::vm_depth_offsets();
    let saved_stack = b.stack.clone();
    let slow = b.f.create_block();
    let join = b.f.create_block();
    let result = b.f.append_param(join, Type::Word);
    let ctx = b.ctx;
    let zero = b.wconst(0);

    // The checks; any failing one takes the generic call.
    let code_cell = b.wconst(func.code.as_ptr() as usize);
    let code_now = b.load(Type::Word, code_cell, 0);
    let code_word = b.wconst(code_v.word());
    let same_code = b.cmp(Cond::Eq, code_now, code_word);
    continue_if(b, same_code, slow);
    let entry_cell = b.wconst(code.jit_entry.as_ptr() as usize);
    let entry = b.load(Type::Word, entry_cell, 0);
    let compiled = b.cmp(Cond::Ne, entry, zero);
    continue_if(b, compiled, slow);
    let vm = b.load(Type::Word, ctx, ctx_offset::VM);
    let frames = b.load(Type::Int, vm, frames_len_off);
    let lazy_depth = b.load(Type::Int, vm, lazy_off);
    let limit = b.load(Type::Int, vm, limit_off);
    let depth = b.bin(IntOp::Add, frames, lazy_depth, Type::Int);
    let room = b.cmp(Cond::Lt, depth, limit);
    continue_if(b, room, slow);
    // The callee's context, locals and value stack, in this function's stack frame; its
    // address also tells how much native stack is left (a recursion limit raised with
    // `sys.setrecursionlimit` does not bound it): near the end, the generic call raises
    // RecursionError.
    let slot = b.one(Inst::StackSlot(size as u32), Type::Word);
    let here = b.bitcast(Type::Int, slot);
    let floor = b.load(Type::Int, vm, lazy::stack_floor_offset());
    let stack_left = b.cmp(Cond::Gt, here, floor);
    continue_if(b, stack_left, slow);
    let pending_flag = b.wconst(&crate::object::alloc::SAFE_POINT_PENDING as *const _ as usize);
    let pending = b.load(Type::Bool, pending_flag, 0);
    let fast = b.f.create_block();
    b.branch(pending, slow, fast);
    b.cur = fast;

    let locals_off = b.wconst(ctx_offset::SIZE as usize);
    let locals = b.bin(IntOp::Add, slot, locals_off, Type::Word);
    let stack_off = b.wconst(ctx_offset::SIZE as usize + 8 * nlocals);
    let stack = b.bin(IntOp::Add, slot, stack_off, Type::Word);
    let globals = b.wconst(func.globals.word());
    let builtins = b.wconst(func.builtins.word());
    let int_zero = b.int(0);
    for (offset, v) in [
        (ctx_offset::VM, vm),
        (ctx_offset::FRAME, zero),
        (ctx_offset::LOCALS, locals),
        (ctx_offset::STACK, stack),
        (ctx_offset::STACK_LEN, int_zero),
        (ctx_offset::PC, int_zero),
        (ctx_offset::FLAG, int_zero),
        (ctx_offset::GLOBALS, globals),
        (ctx_offset::BUILTINS, builtins),
        (ctx_offset::CODE, code_word),
        (ctx_offset::PARENT, ctx),
    ] {
        b.store(slot, offset, v);
    }
    let call_pc = b.int(next_pc as i64);
    b.store(ctx, ctx_offset::CALL_PC, call_pc);
    // The arguments move into the callee's first locals; the rest start unbound.
    let n = b.stack.len();
    for k in 0..nlocals {
        let v = if k < argc {
            let a = b.stack[n - argc + k];
            b.materialize(a)
        } else {
            zero
        };
        b.store(locals, (8 * k) as i32, v);
    }
    let callee = b.stack[n - argc - 2];
    b.stack.truncate(n - argc - 2);
    let one = b.int(1);
    let deeper = b.bin(IntOp::Add, lazy_depth, one, Type::Int);
    b.store(vm, lazy_off, deeper);
    let st = b.one(
        Inst::CallIndirect {
            callee: entry,
            args: vec![slot],
        },
        Type::Word,
    );
    let now = b.load(Type::Int, vm, lazy_off);
    let back = b.bin(IntOp::Sub, now, one, Type::Int);
    b.store(vm, lazy_off, back);
    b.decref(callee);
    let returned = b.f.create_block();
    let exited = b.f.create_block();
    let ret_status = b.iconst(status::RETURN as i64);
    let is_return = b.cmp(Cond::Eq, st, ret_status);
    b.branch(is_return, returned, exited);

    // A deopt or error exit: the interpreter finishes the call on a frame.
    b.cur = exited;
    let r = b.call(helper::FINISH_LAZY, vec![slot, st]);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![r],
    });

    // A return: the frame something made for the callee goes, and so do its locals.
    b.cur = returned;
    let frame = b.load(Type::Word, slot, ctx_offset::FRAME);
    let had_frame = b.cmp(Cond::Ne, frame, zero);
    let release = b.f.create_block();
    let released = b.f.create_block();
    b.branch(had_frame, release, released);
    b.cur = release;
    b.call(helper::RELEASE_LAZY, vec![slot]);
    b.emit(Inst::Jump {
        dest: released,
        args: vec![],
    });
    b.cur = released;
    let r = b.load(Type::Word, slot, ctx_offset::RESULT);
    for k in 0..nlocals {
        let v = b.load(Type::Word, locals, (8 * k) as i32);
        b.emit(Inst::DecRef(v));
    }
    b.emit(Inst::Jump {
        dest: join,
        args: vec![r],
    });

    b.cur = slow;
    b.stack = saved_stack;
    let r = generic_call(b, argc, next_pc);
    b.emit(Inst::Jump {
        dest: join,
        args: vec![r],
    });

    b.cur = join;
    b.check_error(result, next_pc);
    let a = numeric::refine_result(b, result, next_pc);
    b.stack.push(a);
    true
}

/// Continues in a new block when `ok` holds, else goes to `otherwise`.
fn continue_if(b: &mut Builder, ok: heron_jit::ir::Value, otherwise: heron_jit::ir::Block) {
    let next = b.f.create_block();
    b.branch(ok, next, otherwise);
    b.cur = next;
}
