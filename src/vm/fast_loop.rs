//! The fast loop: the commonest instructions' fast paths (locals, constants, the value stack,
//! jumps, small-int and float arithmetic, comparisons, truth tests, hits of the inline caches
//! for globals, attributes, subscripts and `for` loops, unpacking, list appends, membership in
//! dicts and sets, and with the JIT off calls, returns, generators run in place, Python special
//! methods of binary operators, and a few general instructions out of line), run by a small
//! function of their own.
//!
//! Why: the eval loop (`eval::dispatch`) handles every opcode, and its code is so large that
//! the compiler keeps the loop's own state (the next instruction, the frame, the unit table)
//! in stack slots, reloading and storing it around every dispatch. This function keeps the
//! next instruction and the stack top in registers and writes them to the frame only when it
//! leaves: its dispatch costs 13 machine instructions against the eval loop's 23 (callgrind;
//! `docs/benchmarks.md`), but entering and leaving it costs about 45, so the eval loop enters
//! it at back edges and, where calls run here, after switching frames.
//!
//! It runs an instruction only on the instruction's fast path, with nothing to record; anywhere
//! else it stops before the instruction, changing nothing, and the eval loop runs that
//! instruction in full. The exceptions are an error of a built-in it called or of an
//! instruction it ran out of line the general way (`general_op`, which does what the eval
//! loop's arm does), which it hands to the eval loop to raise at that instruction. So every
//! opcode keeps one complete definition (the eval loop's), and this loop is only ever a
//! shortcut to the same result; the fast paths of calls are functions here that both loops
//! call.

use super::frame::Frame;
use super::generator::YieldSink;
use super::specialize;
use super::Vm;
use crate::bytecode::opcodes::Opcode;
use crate::bytecode::units;
use crate::object::code::CodeBody;
use crate::object::error::{Args, NativeFn, PyResult};
use crate::object::types::{
    bool_value, none, not_implemented, null, DICT_TYPE, FLOAT_TYPE, FROZENSET_TYPE, LIST_ITER_TYPE,
    LIST_TYPE, SET_TYPE, TUPLE_ITER_TYPE, TUPLE_TYPE,
};
use crate::object::*;

/// Runs instructions of the frame `slot` holds, from its `pc`, until one it leaves to the eval
/// loop, which is then at the `pc` of the frame `slot` holds, with the stack's length exact.
/// An `Err` is an error a built-in it called or an instruction it ran out of line raised,
/// which the eval loop raises at that instruction (the frame's `pc` is after it, as while the
/// eval loop runs an instruction).
///
/// `sink`: the native consumer of the generator the loop's first frame runs, if any
/// (`YieldSink`), which takes its yields.
///
/// Inside, the next instruction and the stack's depth live only in locals, and the frame's
/// copies are written when the loop leaves, switches frames or calls a built-in (which may run
/// Python code); nothing else it runs reads them (finalizers and weakref callbacks wait for a
/// safe point, `object::alloc`). Pending safe-point work is checked at back edges, which every
/// loop in the code passes, as CPython's eval breaker is, and before the instructions that
/// read or change anything a finalizer could (`observes!`). `extern "C"` makes a panic here
/// abort instead of unwinding with the stale stack length (which would drop popped values
/// twice).
///
/// `leave_back_edges`: jumps backward are left to the eval loop (which counts them toward
/// compiling the code). The caller makes sure no type feedback is due (the code is not
/// `WARM`): nothing here records any.
///
/// `run_calls` (with the JIT off, so no call needs counting or can enter compiled code): calls
/// of Python functions, bound methods and classes whose frames come from the callee's cache,
/// calls of built-ins, generators iterated by `for` and returns run here too, as the eval loop
/// runs them: a caller's frame goes to `callers`, the callee's to `slot` and `vm.frames`.
#[inline(never)]
#[allow(improper_ctypes_definitions)] // Called from Rust only; the ABI is for `nounwind`.
#[allow(
    clippy::vec_box,
    reason = "frames stay boxed: vm.frames holds pointers to them"
)]
pub(super) extern "C" fn run(
    vm: &mut Vm,
    slot: &mut Box<Frame>,
    callers: &mut Vec<Box<Frame>>,
    leave_back_edges: bool,
    run_calls: bool,
    sink: &mut Option<YieldSink<'_>>,
) -> PyResult<()> {
    // Each round of this loop runs the frame `slot` holds, until a call or a return switches
    // frames (the inner loop's state is then written to the frame it leaves and read from
    // the next): what stays fixed while a frame runs is fixed in the inner loop, which the
    // compiler keeps in fewer registers.
    #[cfg(feature = "opcode-stats")]
    let mut last_run: Option<u8> = None;
    'frames: loop {
        // SAFETY: the frame is boxed, so its address is stable while `slot` (or `callers`) owns
        // it; `f` is not used after `slot` is replaced (the loop goes round to re-derive it).
        let f: &mut Frame = unsafe { &mut *(&mut **slot as *mut Frame) };
        // SAFETY: the frame owns its code object, whose body was built when the frame was made.
        let body: &CodeBody = unsafe { f.code_unbound() };
        let units: &[std::cell::Cell<u64>] = &body.units;
        let mut pc = f.pc;
        // The stack's slots, from `base` to `top` (one past the top value). A frame's stack
        // never reallocates (it has room for `co_stacksize`, `ensure_frame_room`), and `leave!`
        // writes the length back.
        let base: *mut Value = f.stack.as_mut_ptr();
        // SAFETY: the length is within the allocation.
        let mut top: *mut Value = unsafe { base.add(f.stack.len()) };
        // The stack's depth (for checks and for writing it back).
        macro_rules! depth {
            () => {
                (top as usize - base as usize) / std::mem::size_of::<Value>()
            };
        }
        macro_rules! push {
            ($v:expr) => {{
                let v = $v;
                debug_assert!(depth!() < f.stack.capacity(), "value stack overflow");
                // SAFETY: below capacity (above), so the slot is allocated and unused.
                unsafe {
                    top.write(v);
                    top = top.add(1);
                }
            }};
        }
        macro_rules! pop {
            () => {{
                debug_assert!(depth!() > 0, "value stack underflow");
                // SAFETY: the slot below `top` holds a value, which moves out.
                unsafe {
                    top = top.sub(1);
                    top.read()
                }
            }};
        }
        macro_rules! peek {
            ($n:expr) => {{
                let n: usize = $n;
                debug_assert!(n >= 1 && n <= depth!(), "value stack underflow");
                // SAFETY: `1 <= n <= depth` (above), so the slot holds a value.
                unsafe { &*top.sub(n) }
            }};
        }
        // Writes the stack's length to the frame.
        macro_rules! sync_depth {
            () => {
                // SAFETY: the slots below `top` hold values and those from `top` up do not.
                unsafe { f.stack.set_len(depth!()) }
            };
        }
        macro_rules! unit_at {
            ($i:expr) => {
                unit_in!(units, $i)
            };
        }
        macro_rules! local {
            ($i:expr) => {
                frame_local!(f, $i)
            };
        }
        macro_rules! constant {
            ($i:expr) => {
                body_constant!(body, $i)
            };
        }
        macro_rules! cache {
            ($unit:expr) => {
                body_cache!(body, $unit)
            };
        }
        // Leaves the current instruction (at `here`) to the eval loop.
        macro_rules! leave {
            ($here:expr) => {{
                f.pc = $here;
                sync_depth!();
                #[cfg(feature = "opcode-stats")]
                super::opstats::record_fast_loop_exit(units::op_of(unit_at!($here)));
                return Ok(());
            }};
        }
        // Whether safe-point work is pending (the eval loop's `TRAP` arm runs it).
        macro_rules! safe_point_due {
            () => {
                crate::object::alloc::SAFE_POINT_PENDING.load(std::sync::atomic::Ordering::Relaxed)
            };
        }
        // Leaves an instruction that reads or changes what a finalizer could change or read (an
        // attribute, a global, a cell, a list's or dict's items, a call) while safe-point work is
        // pending, so that a `__del__` or weakref callback due since a drop runs before it, as
        // CPython runs it at the drop. The instructions that touch only the frame's own locals and
        // stack, and immutable values, need no check.
        macro_rules! observes {
            ($here:expr) => {
                if safe_point_due!() {
                    leave!($here);
                }
            };
        }
        // Whether a jump backward is left to the eval loop: while it counts them, or when
        // safe-point work is pending.
        macro_rules! leaves_back_edge {
            () => {
                leave_back_edges || safe_point_due!()
            };
        }
        // A jump to `target` from the instruction at `here`.
        macro_rules! jump {
            ($here:expr, $target:expr) => {{
                let target: usize = $target;
                if target <= $here && leaves_back_edge!() {
                    leave!($here);
                }
                pc = target;
            }};
        }
        // A `FOR_ITER` at `here` whose iterator is exhausted (and popped) goes on at its target,
        // which is forward (`bytecode::units`).
        macro_rules! for_iter_exit {
            ($here:expr, $target:expr) => {{
                debug_assert!($target as usize > $here);
                pc = $target as usize;
            }};
        }
        // The truth of `v` for the jump at `here` when it is a bool, a scalar, a list or a
        // tuple; other values leave the jump to the eval loop (their `__bool__` or `__len__`).
        macro_rules! truth {
            ($here:expr, $v:expr) => {{
                let v: &Value = $v;
                if v.is_true() {
                    true
                } else if v.is_false() {
                    false
                } else if let Some(t) = super::protocol::scalar_truth(v) {
                    t
                } else if v.is_type(&LIST_TYPE) {
                    observes!($here);
                    list::len(v) > 0
                } else if v.is_type(&TUPLE_TYPE) {
                    !tuple::items(v).is_empty()
                } else {
                    leave!($here)
                }
            }};
        }
        // `FOR_ITER_LIST`/`_TUPLE` at `here`: the next item of a list or tuple iterator (its
        // `$next` inline path, then `next_item`, which also finishes it), or on to the target.
        macro_rules! for_iter_seq {
            ($here:expr, $target:expr, $iter_type:ident, $next:ident) => {{
                let it = peek!(1);
                if !it.is_type(&$iter_type) {
                    leave!($here);
                }
                // SAFETY: list and tuple iterators are `PyObject<SeqIter>`s.
                let s = unsafe { it.payload_unchecked::<iter::SeqIter>() };
                match s.$next().or_else(|| s.next_item()) {
                    Some(v) => push!(v),
                    None => {
                        drop(pop!());
                        for_iter_exit!($here, $target);
                    }
                }
            }};
        }
        // Goes on in `$new_frame`, called by the current frame, which goes on after the call
        // (at `pc`) with its stack as it stands, as the eval loop's `enter_frame`.
        macro_rules! enter_callee {
            ($new_frame:expr) => {{
                f.pc = pc;
                sync_depth!();
                let caller = std::mem::replace(slot, $new_frame);
                super::eval::push_inline(callers, caller);
                super::eval::push_inline(&mut vm.frames, &**slot as *const Frame);
                continue 'frames;
            }};
        }
        // Runs the instruction at `$here` out of line (`native_call`, `general_op`), with the
        // frame's stack and `pc` written as the eval loop has them while an instruction runs:
        // the loop goes on with the stack it left, returns its error to the eval loop, or
        // leaves the instruction (unchanged) to the eval loop.
        macro_rules! out_of_line {
            ($here:expr, $r:expr) => {
                sync_depth!();
                f.pc = pc;
                match $r {
                    Some(Ok(())) => {
                        // SAFETY: the length is within the allocation.
                        top = unsafe { base.add(f.stack.len()) };
                    }
                    Some(Err(e)) => return Err(e),
                    None => leave!($here),
                }
            };
        }
        // A binary operator on two exact floats at `here`: `$r` (an `Option<f64>` of the operands
        // `$x` and `$y`; `None` leaves the instruction to the eval loop) replaces them.
        macro_rules! exact_float_binop {
            ($here:expr, $x:ident, $y:ident, $r:expr) => {{
                let (a, b) = (peek!(2), peek!(1));
                if !(a.is_type(&FLOAT_TYPE) && b.is_type(&FLOAT_TYPE)) {
                    leave!($here);
                }
                // SAFETY: both are exact floats.
                let ($x, $y) = unsafe { (float::exact_value(a), float::exact_value(b)) };
                let Some(r) = $r else { leave!($here) };
                let b = pop!();
                let a = pop!();
                push!(float::result_reusing(r, a, b));
            }};
        }
        loop {
            let here = pc;
            let unit = unit_at!(here);
            pc = here + 1;
            // An instruction is counted once it ran: one the loop leaves, the eval loop counts.
            #[cfg(feature = "opcode-stats")]
            if let Some(op) = last_run.take() {
                super::opstats::record_in_fast_loop(op);
            }
            let arg = units::arg_of(unit);
            // SAFETY: every unit holds an opcode (see the eval loop's dispatch).
            let opcode: Opcode = unsafe { std::mem::transmute::<u8, Opcode>(units::op_of(unit)) };
            #[cfg(feature = "opcode-stats")]
            {
                last_run = Some(units::op_of(unit));
            }
            match opcode {
                Opcode::NOP => {}
                Opcode::POP_TOP => drop(pop!()),
                Opcode::PUSH_NULL => push!(null()),
                Opcode::LOAD_CONST => push!(constant!(arg)),
                Opcode::LOAD_FAST => match &local!(arg) {
                    Some(v) => push!(v.clone()),
                    None => leave!(here),
                },
                Opcode::STORE_FAST => {
                    let v = pop!();
                    local!(arg) = Some(v);
                }
                Opcode::LOAD_FAST__LOAD_FAST => {
                    let second = units::arg_of(unit_at!(pc));
                    // SAFETY: as `local!`'s.
                    let (a, b) = unsafe {
                        (
                            f.fast.get_unchecked(arg as usize),
                            f.fast.get_unchecked(second as usize),
                        )
                    };
                    match (a, b) {
                        (Some(a), Some(b)) => {
                            let (a, b) = (a.clone(), b.clone());
                            push!(a);
                            push!(b);
                        }
                        _ => leave!(here),
                    }
                    pc += 1;
                }
                Opcode::LOAD_FAST__LOAD_CONST => {
                    let Some(a) = &local!(arg) else { leave!(here) };
                    let a = a.clone();
                    push!(a);
                    let second = units::arg_of(unit_at!(pc));
                    push!(constant!(second));
                    pc += 1;
                }
                Opcode::LOAD_CONST__LOAD_FAST => {
                    let second = units::arg_of(unit_at!(pc));
                    let Some(b) = &local!(second) else {
                        leave!(here)
                    };
                    let b = b.clone();
                    push!(constant!(arg));
                    push!(b);
                    pc += 1;
                }
                Opcode::STORE_FAST__LOAD_FAST => {
                    // The load must not fail after the store is done: a local it reads is bound,
                    // or is the one just stored.
                    let second = units::arg_of(unit_at!(pc));
                    if second != arg && local!(second).is_none() {
                        leave!(here);
                    }
                    let v = pop!();
                    local!(arg) = Some(v);
                    let v = local!(second).clone();
                    // SAFETY: bound (checked above, or stored just now).
                    push!(unsafe { v.unwrap_unchecked() });
                    pc += 1;
                }
                Opcode::STORE_FAST__STORE_FAST => {
                    let second = units::arg_of(unit_at!(pc));
                    let v = pop!();
                    local!(arg) = Some(v);
                    let v = pop!();
                    local!(second) = Some(v);
                    pc += 1;
                }
                Opcode::LOAD_GLOBAL => {
                    observes!(here);
                    match super::eval::load_global_cached(body, f, arg as usize) {
                        Some(v) => push!(v),
                        None => leave!(here),
                    }
                }
                Opcode::LOAD_GLOBAL__PUSH_NULL => {
                    observes!(here);
                    match super::eval::load_global_cached(body, f, arg as usize) {
                        Some(v) => {
                            push!(v);
                            push!(null());
                            pc += 1;
                        }
                        None => leave!(here),
                    }
                }
                Opcode::LOAD_DEREF => {
                    observes!(here);
                    // SAFETY: cell operands are in range (`bytecode::units`).
                    match cell::get(unsafe { f.cells.get_unchecked(arg as usize) }) {
                        Some(v) => push!(v),
                        None => leave!(here),
                    }
                }
                Opcode::LOAD_FAST__LOAD_ATTR => {
                    observes!(here);
                    let attr = unit_at!(pc);
                    if units::op_of(attr) != Opcode::LOAD_ATTR_INSTANCE as u8 {
                        leave!(here);
                    }
                    let Some(obj) = &local!(arg) else {
                        leave!(here)
                    };
                    match specialize::load_attr_instance(cache!(attr), obj) {
                        Some(v) => push!(v),
                        None => leave!(here),
                    }
                    pc += 1;
                }
                Opcode::LOAD_ATTR_INSTANCE | Opcode::LOAD_ATTR_MODULE | Opcode::LOAD_ATTR_CLASS => {
                    observes!(here);
                    let name = body_name!(body, arg);
                    match specialize::load_attr_hit(opcode, cache!(unit), peek!(1), name) {
                        Some(v) => {
                            drop(pop!());
                            push!(v);
                        }
                        None => leave!(here),
                    }
                }
                Opcode::LOAD_METHOD_CACHED | Opcode::LOAD_METHOD_MODULE => {
                    observes!(here);
                    let name = body_name!(body, arg);
                    match specialize::load_method_hit(opcode, cache!(unit), peek!(1), name) {
                        // A method takes the object as self; a module's function takes none.
                        Some((m, with_self)) => {
                            let obj = pop!();
                            push!(m);
                            push!(if with_self { obj } else { null() });
                        }
                        None => leave!(here),
                    }
                }
                Opcode::LOAD_FAST__LOAD_METHOD => {
                    observes!(here);
                    let method = unit_at!(pc);
                    if units::op_of(method) != Opcode::LOAD_METHOD_CACHED as u8 {
                        leave!(here);
                    }
                    let Some(obj) = &local!(arg) else {
                        leave!(here)
                    };
                    match specialize::load_class_value(cache!(method), obj) {
                        Some(m) => {
                            let obj = obj.clone();
                            push!(m);
                            push!(obj);
                        }
                        None => leave!(here),
                    }
                    pc += 1;
                }
                Opcode::STORE_ATTR_INSTANCE | Opcode::STORE_ATTR_ADD => {
                    observes!(here);
                    let obj = pop!();
                    let v = pop!();
                    let name = body_name!(body, arg);
                    match specialize::store_attr_hit(opcode, cache!(unit), &obj, name, v) {
                        Ok(()) => {}
                        Err(v) => {
                            push!(v);
                            push!(obj);
                            leave!(here);
                        }
                    }
                }
                Opcode::BINARY_OP_INT => {
                    let (a, b) = (peek!(2), peek!(1));
                    if !(a.is_small_int() && b.is_small_int()) {
                        leave!(here);
                    }
                    let Some(r) =
                        super::eval::small_int_binop(a.small_int_value(), b.small_int_value(), arg)
                    else {
                        leave!(here)
                    };
                    // Small ints own nothing: the operands need no drop, and the result goes in
                    // the lower slot.
                    // SAFETY: the two slots below `top` held small ints.
                    top = unsafe { top.sub(2) };
                    push!(r);
                }
                // The per-operator forms take two exact floats only (an int operand is the eval
                // loop's miss); each has an arm of its own, so none dispatches again on the opcode.
                Opcode::BINARY_OP_ADD_FLOAT => exact_float_binop!(here, x, y, Some(x + y)),
                Opcode::BINARY_OP_SUBTRACT_FLOAT => exact_float_binop!(here, x, y, Some(x - y)),
                Opcode::BINARY_OP_MULTIPLY_FLOAT => exact_float_binop!(here, x, y, Some(x * y)),
                Opcode::BINARY_OP_TRUE_DIVIDE_FLOAT => {
                    exact_float_binop!(here, x, y, (y != 0.0).then(|| x / y))
                }
                Opcode::BINARY_OP_FLOAT => {
                    let Some((x, y)) = super::eval::float_operands(peek!(2), peek!(1)) else {
                        leave!(here)
                    };
                    let Some(r) = super::eval::float_arith(x, y, arg) else {
                        leave!(here)
                    };
                    let b = pop!();
                    let a = pop!();
                    push!(float::result_reusing(r, a, b));
                }
                Opcode::COMPARE_OP__POP_JUMP_IF_FALSE | Opcode::COMPARE_OP__POP_JUMP_IF_TRUE => {
                    let Some(cop) = crate::bytecode::CompareOperator::from_arg(arg) else {
                        leave!(here)
                    };
                    let Some(t) = super::eval::compare_inline(peek!(2), peek!(1), cop) else {
                        leave!(here)
                    };
                    let target = units::arg_of(unit_at!(pc)) as usize;
                    let taken = t == (opcode == Opcode::COMPARE_OP__POP_JUMP_IF_TRUE);
                    if taken && target <= here && leaves_back_edge!() {
                        leave!(here);
                    }
                    drop(pop!());
                    drop(pop!());
                    pc += 1;
                    if taken {
                        jump!(here, target);
                    }
                }
                Opcode::JUMP => jump!(here, arg as usize),
                Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
                    let t = truth!(here, peek!(1));
                    let target = arg as usize;
                    let taken = t == (opcode == Opcode::POP_JUMP_IF_TRUE);
                    if taken && target <= here && leaves_back_edge!() {
                        leave!(here);
                    }
                    drop(pop!());
                    if taken {
                        jump!(here, target);
                    }
                }
                Opcode::JUMP_IF_FALSE_OR_POP | Opcode::JUMP_IF_TRUE_OR_POP => {
                    let t = truth!(here, peek!(1));
                    if t == (opcode == Opcode::JUMP_IF_TRUE_OR_POP) {
                        jump!(here, arg as usize);
                    } else {
                        drop(pop!());
                    }
                }
                Opcode::POP_JUMP_IF_NONE | Opcode::POP_JUMP_IF_NOT_NONE => {
                    let taken = peek!(1).is_none() == (opcode == Opcode::POP_JUMP_IF_NONE);
                    if taken && (arg as usize) <= here && leaves_back_edge!() {
                        leave!(here);
                    }
                    drop(pop!());
                    if taken {
                        jump!(here, arg as usize);
                    }
                }
                Opcode::BINARY_SUBSCR_LIST_INT | Opcode::BINARY_SUBSCR_TUPLE_INT => {
                    observes!(here);
                    let hit = if opcode == Opcode::BINARY_SUBSCR_LIST_INT {
                        list::item_small_int(peek!(2), peek!(1))
                    } else {
                        tuple::item_small_int(peek!(2), peek!(1))
                    };
                    let Some(v) = hit else { leave!(here) };
                    // The key is a small int, which owns nothing to release.
                    std::mem::forget(pop!());
                    drop(pop!());
                    push!(v);
                }
                Opcode::GET_ITER => {
                    let Some(it) = iter::native_iter(peek!(1)) else {
                        leave!(here)
                    };
                    drop(pop!());
                    push!(it);
                }
                Opcode::LIST_APPEND => {
                    observes!(here);
                    let v = pop!();
                    if let Err(v) = list::push_native(peek!(arg as usize), v) {
                        push!(v);
                        leave!(here);
                    }
                }
                Opcode::CONTAINS_OP => {
                    observes!(here);
                    let (item, container) = (peek!(2), peek!(1));
                    let ty = container.ty();
                    let found = if std::ptr::eq(ty, &DICT_TYPE) {
                        dict::contains_native(container, item)
                    } else if std::ptr::eq(ty, &SET_TYPE) || std::ptr::eq(ty, &FROZENSET_TYPE) {
                        set::contains_native(container, item)
                    } else {
                        None
                    };
                    let Some(found) = found else { leave!(here) };
                    drop(pop!());
                    drop(pop!());
                    push!(bool_value(found != (arg != 0)));
                }
                Opcode::STORE_SUBSCR_LIST_INT => {
                    observes!(here);
                    let key = pop!();
                    let container = pop!();
                    let v = pop!();
                    if let Err(v) = list::store_small_int(&container, &key, v) {
                        push!(v);
                        push!(container);
                        push!(key);
                        leave!(here);
                    }
                }
                Opcode::FOR_ITER_RANGE => {
                    let Some(r) = peek!(1).payload_exact::<range::RangeIter>() else {
                        leave!(here)
                    };
                    match r.next_value() {
                        Some(i) => push!(int::from_i64(i)),
                        None => {
                            drop(pop!());
                            for_iter_exit!(here, arg);
                        }
                    }
                }
                Opcode::FOR_ITER_LIST => {
                    observes!(here);
                    for_iter_seq!(here, arg, LIST_ITER_TYPE, next_list_item)
                }
                Opcode::UNPACK_SEQUENCE_TWO_TUPLE => {
                    let Some(t) = peek!(1).payload_exact::<tuple::Tuple>() else {
                        leave!(here)
                    };
                    if t.len() != 2 {
                        leave!(here);
                    }
                    let (a, b) = (t.items()[0].clone(), t.items()[1].clone());
                    drop(pop!());
                    push!(b);
                    push!(a);
                }
                Opcode::UNPACK_SEQUENCE_TUPLE | Opcode::UNPACK_SEQUENCE_LIST => {
                    observes!(here);
                    let seq = pop!();
                    let done = if opcode == Opcode::UNPACK_SEQUENCE_TUPLE {
                        push_unpacked!(seq, arg as usize, tuple, push)
                    } else {
                        push_unpacked!(seq, arg as usize, list, push)
                    };
                    if !done {
                        push!(seq);
                        leave!(here);
                    }
                }
                Opcode::FOR_ITER_TUPLE => {
                    for_iter_seq!(here, arg, TUPLE_ITER_TYPE, next_tuple_item)
                }
                Opcode::BUILD_TUPLE => {
                    let n = arg as usize;
                    debug_assert!(n <= depth!(), "value stack underflow");
                    // SAFETY: the top `n` slots hold values (`Opcode::needs`), each moved out once.
                    let t = unsafe {
                        top = top.sub(n);
                        tuple::from_moved(top, n)
                    };
                    push!(t);
                }
                Opcode::IS_OP => {
                    let b = pop!();
                    let a = pop!();
                    push!(bool_value(a.is(&b) != (arg != 0)));
                }
                Opcode::COPY => {
                    let v = peek!(arg as usize).clone();
                    push!(v);
                }
                Opcode::SWAP => {
                    debug_assert!(arg >= 1 && arg as usize <= depth!());
                    // SAFETY: SWAP's operand is at least 1 and at most the depth
                    // (`Opcode::needs`); `ptr::swap` allows the same slot twice.
                    unsafe { std::ptr::swap(top.sub(1), top.sub(arg as usize)) };
                }
                // The calls run out of line (`python_callee`, `native_call`): inline, their
                // temporaries crowd the loop's own state out of registers (measured with
                // callgrind: the stack top and the next instruction went to stack slots).
                Opcode::CALL_PY_EXACT_ARGS
                | Opcode::CALL_BOUND_METHOD_EXACT_ARGS
                | Opcode::CALL_ALLOC_AND_ENTER_INIT => {
                    observes!(here);
                    if !run_calls || vm.depth() >= vm.recursion_limit {
                        leave!(here);
                    }
                    sync_depth!();
                    let Some(new_frame) = python_callee(f, body, opcode, unit) else {
                        leave!(here)
                    };
                    // SAFETY: the length is within the allocation.
                    top = unsafe { base.add(f.stack.len()) };
                    enter_callee!(new_frame);
                }
                Opcode::CALL_KW => {
                    observes!(here);
                    if !run_calls || vm.depth() >= vm.recursion_limit {
                        leave!(here);
                    }
                    sync_depth!();
                    let new_frame = match keyword_callee(vm, f, arg as usize) {
                        Some(Ok(new_frame)) => new_frame,
                        Some(Err(e)) => {
                            f.pc = pc;
                            return Err(e);
                        }
                        None => leave!(here),
                    };
                    // SAFETY: the length is within the allocation.
                    top = unsafe { base.add(f.stack.len()) };
                    enter_callee!(new_frame);
                }
                Opcode::CALL_BUILTIN
                | Opcode::CALL_BUILTIN_LEN
                | Opcode::CALL_BUILTIN_ISINSTANCE
                | Opcode::CALL_LIST_APPEND
                | Opcode::CALL_BUILTIN_CLASS
                | Opcode::CALL_PY_GENERATOR => {
                    observes!(here);
                    if !run_calls {
                        leave!(here);
                    }
                    out_of_line!(here, native_call(vm, f, body, opcode, unit));
                }
                Opcode::BINARY_OP => {
                    observes!(here);
                    // A quickening attempt is the eval loop's.
                    if !run_calls || specialize::due(body_cache!(body, unit)) {
                        leave!(here);
                    }
                    // Only an operand of a class defined in Python can have a Python method.
                    if (peek!(2).ty().is_heap() || peek!(1).ty().is_heap())
                        && vm.depth() < vm.recursion_limit
                    {
                        sync_depth!();
                        if let Some(new_frame) = binary_op_callee(f, unit) {
                            // SAFETY: the length is within the allocation.
                            top = unsafe { base.add(f.stack.len()) };
                            enter_callee!(new_frame);
                        }
                    }
                    out_of_line!(here, general_op(vm, f, body, opcode, unit));
                }
                Opcode::BINARY_SUBSCR | Opcode::LOAD_METHOD => {
                    observes!(here);
                    // A quickening attempt is the eval loop's.
                    if !run_calls || specialize::due(body_cache!(body, unit)) {
                        leave!(here);
                    }
                    out_of_line!(here, general_op(vm, f, body, opcode, unit));
                }
                Opcode::COMPARE_OP
                | Opcode::UNARY_NEGATIVE
                | Opcode::UNARY_NOT
                | Opcode::UNARY_INVERT
                | Opcode::BINARY_SUBSCR_DICT
                | Opcode::STORE_SUBSCR_DICT
                | Opcode::BUILD_LIST
                | Opcode::BUILD_SET
                | Opcode::BUILD_SLICE
                | Opcode::BUILD_CONST_KEY_MAP
                | Opcode::STORE_DEREF => {
                    observes!(here);
                    if !run_calls {
                        leave!(here);
                    }
                    out_of_line!(here, general_op(vm, f, body, opcode, unit));
                }
                Opcode::FOR_ITER_GEN => {
                    observes!(here);
                    if !run_calls || vm.depth() >= vm.recursion_limit {
                        leave!(here);
                    }
                    // The generator's frame runs in place, as the eval loop runs it.
                    let Some(gen_frame) = super::generator::enter_in_place(peek!(1)) else {
                        leave!(here)
                    };
                    enter_callee!(gen_frame);
                }
                Opcode::YIELD_VALUE => {
                    if f.generator.is_none() {
                        // The loop's first frame (a generator the eval loop resumed) hands what
                        // it yields to the native code that consumes it, as the eval loop does
                        // (`YieldSink`); a value the sink declines is yielded by the eval loop,
                        // whose sink declines it again (a sink's answer depends on the value
                        // only, and declining changes nothing).
                        let take = match sink.as_mut() {
                            Some(take) if callers.is_empty() => take,
                            _ => leave!(here),
                        };
                        match take(pop!()) {
                            Ok(()) => push!(none()),
                            Err(v) => {
                                push!(v);
                                leave!(here);
                            }
                        }
                        continue;
                    }
                    // A generator's frame run in place yields to its caller's `for`.
                    if !run_calls {
                        leave!(here);
                    }
                    let v = pop!();
                    sync_depth!();
                    // The generator goes on after the yield when resumed.
                    f.pc = pc;
                    yield_to_caller(vm, slot, callers, v);
                    continue 'frames;
                }
                Opcode::RETURN_VALUE => {
                    // An `__init__` returning anything but None (a TypeError) and the loop's
                    // first frame return as the eval loop knows how.
                    if !run_calls
                        || callers.is_empty()
                        || (f.init_self.is_some() && !peek!(1).is_none())
                        || (f.binary_op.is_some() && peek!(1).is(&not_implemented()))
                    {
                        leave!(here);
                    }
                    if f.generator.is_some() {
                        // A generator's frame run in place ends its caller's `for` loop.
                        drop(pop!());
                        sync_depth!();
                        finish_generator(vm, slot, callers);
                        continue 'frames;
                    }
                    let v = pop!();
                    sync_depth!();
                    return_to_caller(vm, slot, callers, v);
                    continue 'frames;
                }
                _ => leave!(here),
            }
        }
    }
}

/// The frame for a call of a Python function (`CALL_PY_EXACT_ARGS`, `_BOUND_METHOD_`) or of a
/// class whose `__init__` is cached (`CALL_ALLOC_AND_ENTER_INIT`) at `unit` of `f` (its stack
/// exact), with the arguments (and the new instance) bound, taken off the stack with the
/// callable, when the callee's frame comes from its cache: these instructions' fast path, for
/// both loops. None, with nothing changed, for anything else (a bound method may have been
/// split into its function and self, which the slow path does too).
#[inline(never)]
pub(super) fn python_callee(
    f: &mut Frame,
    body: &CodeBody,
    opcode: Opcode,
    unit: u64,
) -> Option<Box<Frame>> {
    let n = units::arg_of(unit) as usize;
    let callable_idx = f.stack.len() - n - 2;
    if opcode == Opcode::CALL_ALLOC_AND_ENTER_INIT {
        let init = specialize::init_for(
            body_cache!(body, unit),
            &f.stack[callable_idx],
            &f.stack[callable_idx + 1],
        )?;
        let mut new_frame = Vm::cached_frame(&init, n + 1)?;
        let cls = f.stack[callable_idx].as_type().expect("guarded class");
        let obj = instance::new_instance(cls, None);
        f.stack[callable_idx + 1] = obj.clone();
        Vm::take_args(&mut new_frame, &mut f.stack, callable_idx + 1);
        f.stack.truncate(callable_idx);
        new_frame.func = Some(init);
        new_frame.init_self = Some(obj);
        return Some(new_frame);
    }
    if opcode == Opcode::CALL_BOUND_METHOD_EXACT_ARGS {
        super::eval::bind_method_self(&mut f.stack, callable_idx);
    }
    cached_callee(f, callable_idx)
}

/// The frame for a `CALL_KW` (`argc` arguments, then the tuple of keyword names, on the stack
/// of `f`, exact) of a Python function or a method of one, as the eval loop makes it: from its
/// code's cache when the arguments bind there (`Vm::keyword_frame`), else bound the general
/// way (`*args`, `**kwargs`; a binding error is returned); the callable, its self-or-NULL
/// slot, the arguments and the names are taken off the stack. None for any other callable
/// (and for a generator function, whose call makes no frame to enter), with the stack as it
/// was but for a bound method split into its function and self, which the eval loop does
/// first too.
#[inline(never)]
fn keyword_callee(vm: &mut Vm, f: &mut Frame, argc: usize) -> Option<PyResult<Box<Frame>>> {
    let depth = f.stack.len();
    let callable_idx = depth - argc - 3;
    super::eval::bind_method_self(&mut f.stack, callable_idx);
    let in_frame = super::call::binds_in_frame(&f.stack[callable_idx]);
    if !in_frame && !super::call::makes_plain_frame(&f.stack[callable_idx]) {
        return None;
    }
    let kwnames = f.stack.pop()?;
    let kwn = tuple::items(&kwnames);
    let has_self = !f.stack[callable_idx + 1].is_null();
    let args_start = callable_idx + 2 - has_self as usize;
    if !in_frame {
        let callable = f.stack[callable_idx].clone();
        let r = vm.make_frame(&callable, Args::with_kwnames(&f.stack[args_start..], kwn));
        f.stack.truncate(callable_idx);
        return Some(r);
    }
    if super::call::keywords_in_place(&f.stack[callable_idx], depth - 1 - args_start, kwn) {
        if let Some(frame) = cached_callee(f, callable_idx) {
            return Some(Ok(frame));
        }
    } else if let Some(mut frame) = Vm::keyword_frame(&mut f.stack, callable_idx, args_start, kwn) {
        // The arguments moved into the frame; the function goes too, and a NULL is dropped.
        if !has_self {
            f.stack.pop();
        }
        frame.func = f.stack.pop();
        return Some(Ok(frame));
    }
    f.stack.push(kwnames);
    None
}

/// The frame for a call of the Python function at `callable_idx` of the stack of `f`, whose
/// self-or-NULL slot follows and whose positional arguments end the stack, when they bind
/// directly in a frame from its code's cache: the arguments (with the self) are moved into
/// the frame's first locals and the function into the frame, leaving the stack below the
/// callable. None, with nothing changed, for anything else.
#[inline(always)]
pub(super) fn cached_callee(f: &mut Frame, callable_idx: usize) -> Option<Box<Frame>> {
    let slots = f.stack.as_mut_ptr();
    debug_assert!(callable_idx + 2 <= f.stack.len(), "value stack underflow");
    // SAFETY: the callable and its self-or-NULL slot are below the top (above).
    let (func, self_slot) = unsafe { (&*slots.add(callable_idx), &*slots.add(callable_idx + 1)) };
    let has_self = !self_slot.is_null();
    let args_start = callable_idx + 2 - has_self as usize;
    let argc = f.stack.len() - args_start;
    let mut new_frame = Vm::cached_frame(func, argc)?;
    // SAFETY: as above; each value is moved out once (the arguments, with the self, into the
    // callee's first locals, unbound in a frame from the cache; the function into the frame;
    // a NULL dropped) before the length is cut below them.
    unsafe {
        let args = slots.add(args_start);
        let locals = new_frame.fast.as_mut_ptr();
        for i in 0..argc {
            locals.add(i).write(Some(args.add(i).read()));
        }
        if !has_self {
            drop(slots.add(callable_idx + 1).read());
        }
        new_frame.func = Some(slots.add(callable_idx).read());
        f.stack.set_len(callable_idx);
    }
    Some(new_frame)
}

/// The frame for the special method a `BINARY_OP` (`unit`) on the two values atop the stack
/// of `f` calls, when the operator calls it first and nothing else before (not an in-place
/// method, not a subclass's reflected one), it is a plain Python function whose frame comes
/// from its code's cache: the operands move into its first two locals, and the frame keeps them
/// (`Frame::binary_op`) for the caller to go on with if it returns NotImplemented (see
/// `Vm::binary_op_slots`, whose order this follows). None, with nothing changed, otherwise.
#[inline(never)]
fn binary_op_callee(f: &mut Frame, unit: u64) -> Option<Box<Frame>> {
    let depth = f.stack.len();
    let (a, b) = (&f.stack[depth - 2], &f.stack[depth - 1]);
    let (ta, tb) = (a.ty(), b.ty());
    let arg = units::arg_of(unit);
    let (op, inplace) = crate::bytecode::opcodes::BinaryOperator::from_arg(arg)?;
    let (name, rname, iname) = op.dunders();
    if inplace && ta.lookup_str(iname).is_some() {
        return None;
    }
    let method = ta.lookup_str(name)?;
    let reflected = if std::ptr::eq(ta, tb) {
        None
    } else {
        tb.lookup_str(rname)
    };
    if reflected
        .as_ref()
        .is_some_and(|r| tb.is_subtype(ta) && !r.is(&method))
    {
        return None;
    }
    let mut frame = Vm::cached_frame(&method, 2)?;
    let b = f.stack.pop()?;
    let a = f.stack.pop()?;
    frame.fast[0] = Some(a.clone());
    frame.fast[1] = Some(b.clone());
    frame.func = Some(method);
    frame.binary_op = Some(super::frame::PendingBinaryOp {
        left: a,
        right: b,
        reflected,
        arg,
    });
    Some(frame)
}

/// An instruction the fast loop runs the general way, out of line, as the eval loop's arm
/// runs it: an operator or a comparison without a specialized form (which may call a Python
/// special method), a subscript of a dict or without a specialized form (a slice), a method
/// load that missed its cache, a list, set, slice or dict built, a cell stored. The frame `f` has its `pc` after the instruction and
/// its exact stack; the result replaces the operands, or the error is returned (the eval loop
/// raises it at the instruction). None, with nothing changed, where the eval loop must run it:
/// a specialized form's guard fails (its miss is counted there). The caller leaves an
/// adaptive instruction whose quickening attempt is due to the eval loop.
#[inline(never)]
fn general_op(
    vm: &mut Vm,
    f: &mut Frame,
    body: &CodeBody,
    opcode: Opcode,
    unit: u64,
) -> Option<PyResult<()>> {
    let arg = units::arg_of(unit);
    let depth = f.stack.len();
    let r = match opcode {
        Opcode::BINARY_OP => {
            let b = f.stack.pop()?;
            let a = f.stack.pop()?;
            vm.binary_op_generic(f, body, &a, &b, arg)
        }
        Opcode::BINARY_SUBSCR => {
            let key = f.stack.pop()?;
            let container = f.stack.pop()?;
            match super::protocol::item_at_small_int(&container, &key) {
                Some(v) => Ok(v),
                None => vm.getitem(&container, &key),
            }
        }
        Opcode::LOAD_METHOD => {
            let obj = f.stack.pop()?;
            let r = vm.load_method(&obj, body_name!(body, arg));
            return Some(r.map(|(m, this)| {
                f.stack.push(m);
                f.stack.push(this.unwrap_or_else(null));
            }));
        }
        Opcode::UNARY_INVERT => {
            let v = f.stack.pop()?;
            vm.unary_op(&v, "__invert__", "~")
        }
        Opcode::BUILD_SET => {
            let items = f.stack.split_off(depth - arg as usize);
            vm.build_set(items)
        }
        Opcode::BUILD_SLICE => {
            let step = if arg == 3 { f.stack.pop()? } else { none() };
            let stop = f.stack.pop()?;
            let start = f.stack.pop()?;
            Ok(slice::new_slice(start, stop, step))
        }
        Opcode::BUILD_CONST_KEY_MAP => {
            let keys = f.stack.pop()?;
            let values = f.stack.split_off(depth - 1 - arg as usize);
            vm.build_const_key_map(&keys, values)
        }
        Opcode::COMPARE_OP => {
            let cop = crate::bytecode::opcodes::CompareOperator::from_arg(arg)?;
            let b = f.stack.pop()?;
            let a = f.stack.pop()?;
            vm.compare(&a, &b, cop)
        }
        Opcode::UNARY_NEGATIVE => {
            let v = f.stack.pop()?;
            vm.unary_op(&v, "__neg__", "-")
        }
        Opcode::UNARY_NOT => {
            let v = f.stack.pop()?;
            vm.truthy(&v).map(|t| bool_value(!t))
        }
        Opcode::BINARY_SUBSCR_DICT => {
            if !specialize::subscr_served(opcode, &f.stack[depth - 2], &f.stack[depth - 1]) {
                return None;
            }
            let key = f.stack.pop()?;
            let container = f.stack.pop()?;
            match dict::get_item(vm, &container, &key) {
                Ok(Some(v)) => Ok(v),
                Ok(None) => vm.getitem(&container, &key),
                Err(e) => Err(e),
            }
        }
        Opcode::STORE_SUBSCR_DICT => {
            if !specialize::subscr_served(opcode, &f.stack[depth - 2], &f.stack[depth - 1]) {
                return None;
            }
            let key = f.stack.pop()?;
            let container = f.stack.pop()?;
            let v = f.stack.pop()?;
            return Some(dict::set_item(vm, &container, key, v));
        }
        Opcode::BUILD_LIST => {
            let items = f.stack.split_off(depth - arg as usize);
            Ok(list::new_list(items))
        }
        Opcode::STORE_DEREF => {
            let v = f.stack.pop()?;
            cell::set(&f.cells[arg as usize], Some(v));
            return Some(Ok(()));
        }
        _ => return None,
    };
    Some(r.map(|v| f.stack.push(v)))
}

/// `CALL_PY_GENERATOR` with `argc` arguments on the stack of `f` (exact, with its `pc`), the
/// fast path of both loops: the new generator replaces the callable, its self-or-NULL slot
/// and the arguments. None, with nothing changed, when the callable is not a generator
/// function that the arguments fill exactly (its `__code__` may have been replaced).
#[inline(never)]
fn generator_call(vm: &mut Vm, f: &mut Frame, argc: usize) -> Option<PyResult<()>> {
    let callable_idx = f.stack.len() - argc - 2;
    let has_self = !f.stack[callable_idx + 1].is_null();
    let args_start = callable_idx + 2 - has_self as usize;
    let callable = &f.stack[callable_idx];
    if !super::call::makes_generator_with(callable, argc + has_self as usize) {
        return None;
    }
    let callable = callable.clone();
    let r = vm
        .make_frame(&callable, Args::new(&f.stack[args_start..]))
        .and_then(|frame| vm.run_function_frame(frame, &callable));
    f.stack.truncate(callable_idx);
    Some(r.map(|g| f.stack.push(g)))
}

/// A call that enters no frame: of a built-in (`CALL_BUILTIN`, `_LEN`, `_ISINSTANCE`,
/// `CALL_LIST_APPEND`, `CALL_BUILTIN_CLASS`) or of a generator function (`CALL_PY_GENERATOR`,
/// `generator_call`), at `unit` of `body`, with its arguments on the stack of `f` (exact, with
/// its `pc`), these instructions' fast path for both loops: the result replaces the callable
/// and the arguments, or the call's error is returned. None, with nothing
/// changed, when the guards of the instruction's form fail.
#[inline(never)]
pub(super) fn native_call(
    vm: &mut Vm,
    f: &mut Frame,
    body: &CodeBody,
    opcode: Opcode,
    unit: u64,
) -> Option<PyResult<()>> {
    let n = units::arg_of(unit) as usize;
    let callable_idx = f.stack.len() - n - 2;
    let stack = &mut f.stack;
    let r = match opcode {
        Opcode::CALL_PY_GENERATOR => return generator_call(vm, f, n),
        Opcode::CALL_BUILTIN_CLASS => {
            let (new, init) = specialize::builtin_class_for(
                body_cache!(body, unit),
                &stack[callable_idx],
                &stack[callable_idx + 1],
            )?;
            builtin_class_call(vm, &mut stack[callable_idx..], new, init)
        }
        Opcode::CALL_BUILTIN => {
            let has_self = !stack[callable_idx + 1].is_null();
            let (native, start) = super::eval::native_call_args(stack, callable_idx, has_self)?;
            vm.call_native(native, Args::new(&stack[start..]))
        }
        Opcode::CALL_BUILTIN_LEN => {
            if !stack[callable_idx + 1].is_null()
                || !specialize::is_native(&stack[callable_idx], specialize::Native::Len)
            {
                return None;
            }
            vm.len(&stack[stack.len() - 1]).map(int::from_usize)
        }
        Opcode::CALL_BUILTIN_ISINSTANCE => {
            let callable = &stack[callable_idx];
            if !stack[callable_idx + 1].is_null()
                || !specialize::is_native(callable, specialize::Native::IsInstance)
            {
                return None;
            }
            let (obj, cls) = (&stack[callable_idx + 2], &stack[callable_idx + 3]);
            if cls.as_type().is_some_and(|t| obj.is_instance_of(t)) {
                Ok(bool_value(true))
            } else {
                // Not a plain instance: the built-in's own answer, as the eval loop's.
                let b = callable
                    .payload_exact::<function::BuiltinFunction>()
                    .expect("native layout");
                vm.call_native(b.func, Args::new(&stack[callable_idx + 2..]))
            }
        }
        Opcode::CALL_LIST_APPEND => {
            if !stack[callable_idx + 1].is_type(&LIST_TYPE)
                || !specialize::is_native(&stack[callable_idx], specialize::Native::ListAppend)
            {
                return None;
            }
            let v = stack.pop().expect("an argument");
            list::append(&stack[callable_idx + 1], v).map(|()| none())
        }
        _ => return None,
    };
    Some(r.map(|v| {
        stack.truncate(callable_idx);
        stack.push(v);
    }))
}

/// `CALL_BUILTIN_CLASS` on a hit: `call` holds the built-in class, its NULL slot and the
/// arguments; the class's cached `__new__` and `__init__` (None for `object`'s) make and set up
/// the instance, as `type.__call__` would.
fn builtin_class_call(
    vm: &mut Vm,
    call: &mut [Value],
    new: NativeFn,
    init: Option<NativeFn>,
) -> PyResult {
    // `__new__` takes the class, then the arguments: the class goes into the NULL slot below
    // them; `__init__` takes the new object there.
    let cls_v = call[0].clone();
    call[1] = cls_v.clone();
    let obj = vm.call_native(new, Args::new(&call[1..]))?;
    let cls = cls_v.as_type().expect("guarded class");
    if !std::ptr::eq(obj.ty(), cls) {
        // `__new__` made an object of another class: as `type.__call__`.
        let new_v = super::call::type_new_function(cls).expect("guarded __new__");
        let mut new_args = call[1..].to_vec();
        return vm.init_new_object(cls, &new_v, obj, &mut new_args, &[]);
    }
    if let Some(init) = init {
        call[1] = obj.clone();
        let r = vm.call_native(init, Args::new(&call[1..]))?;
        super::call::check_init_result(&r)?;
    }
    Ok(obj)
}

/// Returns `v` from the frame `slot` holds (its stack exact) to the caller on top of
/// `callers`, which pushes it (or, for an `__init__`'s frame, the instance), as the eval
/// loop's `return_to_caller`.
#[inline(always)]
#[allow(
    clippy::vec_box,
    reason = "frames stay boxed: vm.frames holds pointers to them"
)]
fn return_to_caller(vm: &mut Vm, slot: &mut Box<Frame>, callers: &mut Vec<Box<Frame>>, v: Value) {
    let v = match slot.init_self.take() {
        // The call of the class returns the instance `__init__` set up.
        Some(obj) => obj,
        None => v,
    };
    vm.frames.pop();
    let caller = callers.pop().expect("a caller");
    let done = std::mem::replace(slot, caller);
    vm.recycle_frame(done);
    let stack = &mut slot.stack;
    debug_assert!(stack.len() < stack.capacity(), "value stack overflow");
    // SAFETY: the caller's stack has room for the value (it made the call): the slot at its
    // length is allocated and unused.
    unsafe {
        stack.as_mut_ptr().add(stack.len()).write(v);
        stack.set_len(stack.len() + 1);
    }
}

/// A generator's frame run in place (`FOR_ITER_GEN`), which `slot` holds, yields `v`: the
/// generator keeps the frame and its caller, on top of `callers`, pushes `v`, as the eval
/// loop's `yield_in_place`.
#[inline(never)]
#[allow(
    clippy::vec_box,
    reason = "frames stay boxed: vm.frames holds pointers to them"
)]
fn yield_to_caller(vm: &mut Vm, slot: &mut Box<Frame>, callers: &mut Vec<Box<Frame>>, v: Value) {
    vm.frames.pop();
    let caller = callers
        .pop()
        .expect("a generator run in place has a caller");
    super::generator::suspend_in_place(std::mem::replace(slot, caller));
    slot.stack.push(v);
}

/// A generator's frame run in place, which `slot` holds, returned: the generator is
/// exhausted and its caller's `FOR_ITER_GEN` ends the loop (pops the generator and goes on at
/// the instruction's target), as the eval loop's `return_in_place`.
#[inline(never)]
#[allow(
    clippy::vec_box,
    reason = "frames stay boxed: vm.frames holds pointers to them"
)]
fn finish_generator(vm: &mut Vm, slot: &mut Box<Frame>, callers: &mut Vec<Box<Frame>>) {
    vm.frames.pop();
    let caller = callers
        .pop()
        .expect("a generator run in place has a caller");
    super::generator::finish_in_place(vm, std::mem::replace(slot, caller));
    let for_iter = slot.code().units[slot.pc - 1].get();
    drop(slot.stack.pop());
    slot.pc = units::arg_of(for_iter) as usize;
}

/// The opcodes this loop runs (on their fast paths): the arms of `run`'s match.
const OPCODES: &[Opcode] = &[
    Opcode::NOP,
    Opcode::POP_TOP,
    Opcode::PUSH_NULL,
    Opcode::LOAD_CONST,
    Opcode::LOAD_FAST,
    Opcode::STORE_FAST,
    Opcode::LOAD_FAST__LOAD_FAST,
    Opcode::LOAD_FAST__LOAD_CONST,
    Opcode::LOAD_CONST__LOAD_FAST,
    Opcode::STORE_FAST__LOAD_FAST,
    Opcode::STORE_FAST__STORE_FAST,
    Opcode::LOAD_GLOBAL,
    Opcode::LOAD_GLOBAL__PUSH_NULL,
    Opcode::LOAD_DEREF,
    Opcode::LOAD_ATTR_INSTANCE,
    Opcode::LOAD_ATTR_MODULE,
    Opcode::LOAD_ATTR_CLASS,
    Opcode::LOAD_METHOD_CACHED,
    Opcode::LOAD_METHOD_MODULE,
    Opcode::LOAD_FAST__LOAD_ATTR,
    Opcode::LOAD_FAST__LOAD_METHOD,
    Opcode::STORE_ATTR_INSTANCE,
    Opcode::BINARY_OP_INT,
    Opcode::BINARY_OP_ADD_FLOAT,
    Opcode::BINARY_OP_SUBTRACT_FLOAT,
    Opcode::BINARY_OP_MULTIPLY_FLOAT,
    Opcode::BINARY_OP_TRUE_DIVIDE_FLOAT,
    Opcode::BINARY_OP_FLOAT,
    Opcode::COMPARE_OP__POP_JUMP_IF_FALSE,
    Opcode::COMPARE_OP__POP_JUMP_IF_TRUE,
    Opcode::JUMP,
    Opcode::POP_JUMP_IF_FALSE,
    Opcode::POP_JUMP_IF_TRUE,
    Opcode::POP_JUMP_IF_NONE,
    Opcode::POP_JUMP_IF_NOT_NONE,
    Opcode::JUMP_IF_FALSE_OR_POP,
    Opcode::JUMP_IF_TRUE_OR_POP,
    Opcode::BINARY_SUBSCR_LIST_INT,
    Opcode::BINARY_SUBSCR_TUPLE_INT,
    Opcode::STORE_SUBSCR_LIST_INT,
    Opcode::GET_ITER,
    Opcode::LIST_APPEND,
    Opcode::CONTAINS_OP,
    Opcode::FOR_ITER_RANGE,
    Opcode::FOR_ITER_LIST,
    Opcode::FOR_ITER_TUPLE,
    Opcode::UNPACK_SEQUENCE_TWO_TUPLE,
    Opcode::UNPACK_SEQUENCE_TUPLE,
    Opcode::UNPACK_SEQUENCE_LIST,
    Opcode::BUILD_TUPLE,
    Opcode::IS_OP,
    Opcode::COPY,
    Opcode::SWAP,
    Opcode::CALL_PY_EXACT_ARGS,
    Opcode::CALL_BOUND_METHOD_EXACT_ARGS,
    Opcode::CALL_ALLOC_AND_ENTER_INIT,
    Opcode::CALL_KW,
    Opcode::CALL_PY_GENERATOR,
    Opcode::RETURN_VALUE,
    Opcode::STORE_ATTR_ADD,
    Opcode::CALL_BUILTIN,
    Opcode::CALL_BUILTIN_LEN,
    Opcode::CALL_BUILTIN_ISINSTANCE,
    Opcode::CALL_LIST_APPEND,
    Opcode::CALL_BUILTIN_CLASS,
    Opcode::FOR_ITER_GEN,
    Opcode::YIELD_VALUE,
    Opcode::BINARY_OP,
    Opcode::COMPARE_OP,
    Opcode::UNARY_NEGATIVE,
    Opcode::UNARY_NOT,
    Opcode::UNARY_INVERT,
    Opcode::BINARY_SUBSCR,
    Opcode::LOAD_METHOD,
    Opcode::BINARY_SUBSCR_DICT,
    Opcode::STORE_SUBSCR_DICT,
    Opcode::BUILD_LIST,
    Opcode::BUILD_SET,
    Opcode::BUILD_SLICE,
    Opcode::BUILD_CONST_KEY_MAP,
    Opcode::STORE_DEREF,
];

/// `OPCODES` by opcode number.
static RUNS: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < OPCODES.len() {
        t[OPCODES[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether the fast loop runs the instruction of `unit` (when its fast path applies).
#[inline(always)]
pub(super) fn runs(unit: u64) -> bool {
    RUNS[units::op_of(unit) as usize]
}

/// Whether the eval loop hands the frame of `code` to the fast loop, and if so whether jumps
/// backward are left to it: none while the code records type feedback (`WARM`), and back
/// edges while the JIT counts them.
#[inline(always)]
pub(super) fn mode(jit_off: bool, jit_state: u8) -> Option<bool> {
    use crate::tier2::state;
    match jit_state {
        state::WARM => None,
        state::NOT_COMPILED => Some(false),
        _ => Some(!jit_off),
    }
}
