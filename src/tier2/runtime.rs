//! The runtime side of the JIT boundary: the context block compiled code receives, the helper
//! functions it calls (the interpreter's slow paths behind an `extern "C"` ABI), and entering and
//! leaving compiled code.
//!
//! Conventions: helpers take and return `u64` words. A returned 0 means "an exception is
//! pending" (stored in `Vm::jit_error`) unless documented otherwise. Helpers consume the
//! references passed to them unless documented otherwise. A Rust panic never crosses into
//! compiled code: every helper catches it and turns it into a `SystemError`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::object::code::Code;
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::function::Function;
use crate::object::types::{bool_value, null};
use crate::object::value::{Header, Value, IMMORTAL};
use crate::object::*;
use crate::vm::frame::Frame;
use crate::vm::specialize;
use crate::vm::Vm;

/// The block compiled code receives (`ctx`), laid out for fixed offsets.
///
/// A context made by the interpreter (`run_compiled_at`) points at its frame. One made by a
/// direct call in compiled code (`tier2::lazy`) lives in the caller's native stack frame with
/// the callee's locals and value stack after it, and has no frame until something needs one.
#[repr(C)]
pub struct JitContext {
    pub vm: *mut Vm,
    /// The interpreter frame, or null for a lazy context not materialized yet.
    pub frame: *mut Frame,
    /// The frame's fast locals (`Option<Value>` words, 0 = unbound).
    pub locals: *mut usize,
    /// The frame's value-stack buffer (capacity `co_stacksize`).
    pub stack: *mut usize,
    /// Stack depth written by an exit.
    pub stack_len: u64,
    /// Resume pc written by an exit.
    pub pc: u64,
    /// The return value (owned) when compiled code returns.
    pub result: u64,
    /// Set by `for_iter` when the iterator raised rather than ran out.
    pub flag: u64,
    /// The namespaces the code runs with (borrowed words; the frame's or the called
    /// function's).
    pub globals: u64,
    pub builtins: u64,
    /// The code object (a borrowed word).
    pub code: u64,
    /// For a lazy context: its caller's context (null for one made by the interpreter).
    pub parent: *mut JitContext,
    /// The `pc` of the frame while its compiled code runs a direct call (just past the
    /// `CALL`), for materializing it.
    pub call_pc: u64,
}

const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(offset_of!(JitContext, frame) == ctx_offset::FRAME as usize);
    assert!(offset_of!(JitContext, flag) == ctx_offset::FLAG as usize);
    assert!(offset_of!(JitContext, globals) == ctx_offset::GLOBALS as usize);
    assert!(offset_of!(JitContext, builtins) == ctx_offset::BUILTINS as usize);
    assert!(offset_of!(JitContext, code) == ctx_offset::CODE as usize);
    assert!(offset_of!(JitContext, parent) == ctx_offset::PARENT as usize);
    assert!(offset_of!(JitContext, call_pc) == ctx_offset::CALL_PC as usize);
    assert!(size_of::<JitContext>() == ctx_offset::SIZE as usize);
};

/// Byte offsets of `JitContext` fields (for the front end and `RuntimeInfo`).
pub mod ctx_offset {
    pub const VM: i32 = 0;
    pub const FRAME: i32 = 8;
    pub const LOCALS: i32 = 16;
    pub const STACK: i32 = 24;
    pub const STACK_LEN: i32 = 32;
    pub const PC: i32 = 40;
    pub const RESULT: i32 = 48;
    pub const FLAG: i32 = 56;
    pub const GLOBALS: i32 = 64;
    pub const BUILTINS: i32 = 72;
    pub const CODE: i32 = 80;
    pub const PARENT: i32 = 88;
    pub const CALL_PC: i32 = 96;
    /// The size of the block; a lazy context's locals follow it.
    pub const SIZE: i32 = 104;
}

/// # Safety
/// `ctx` is the live context of the running compiled frame.
#[inline(always)]
unsafe fn vm_of<'a>(ctx: *mut JitContext) -> (&'a mut Vm, &'a mut Frame) {
    // SAFETY: the context points at the VM and at the frame that entered compiled code (or is
    // a lazy context, whose frame is made now: helpers see an interpreter frame like any
    // other); both outlive the call, and compiled code holds no Rust references to them.
    unsafe {
        if (*ctx).frame.is_null() {
            super::lazy::materialize(ctx);
        }
        (&mut *(*ctx).vm, &mut *(*ctx).frame)
    }
}

/// Runs a helper body, converting a raised exception (or a Rust panic) into the 0 return.
fn guarded(ctx: *mut JitContext, body: impl FnOnce(&mut Vm, &mut Frame) -> PyResult<u64>) -> u64 {
    // SAFETY: helpers are only called by compiled code with its own live context.
    let (vm, frame) = unsafe { vm_of(ctx) };
    let vm_ptr = vm as *mut Vm;
    // Compiled code has no safe points of its own: finalizers, weakref callbacks and due
    // collections run here, before the helper runs any Python-visible operation.
    if crate::object::alloc::SAFE_POINT_PENDING.load(std::sync::atomic::Ordering::Relaxed) {
        vm.run_safe_point_work();
        // A signal handler's exception is raised by this helper's instruction.
        if let Err(e) = vm.check_signals() {
            vm.jit_error = Some(e);
            return 0;
        }
    }
    match catch_unwind(AssertUnwindSafe(|| body(vm, frame))) {
        Ok(Ok(w)) => w,
        Ok(Err(e)) => {
            // SAFETY: as above; the closure has finished with its borrows.
            unsafe { (*vm_ptr).jit_error = Some(e) };
            0
        }
        Err(_) => {
            // SAFETY: as above.
            unsafe {
                (*vm_ptr).jit_error = Some(exception::system_error(
                    "internal error in Heron: panic in a JIT helper",
                ))
            };
            0
        }
    }
}

/// Takes ownership of a word produced by compiled code.
///
/// # Safety
/// `w` is an owned value word.
unsafe fn take(w: u64) -> Value {
    // SAFETY: forwarded from the caller.
    unsafe { Value::from_raw(w as usize) }
}

/// Reads an owned word from the frame's stack buffer.
///
/// # Safety
/// Slot `i` of the buffer holds an owned value written by compiled code.
unsafe fn take_slot(ctx: *mut JitContext, i: u64) -> Value {
    // SAFETY: forwarded from the caller.
    unsafe { take(*(*ctx).stack.add(i as usize) as u64) }
}

/// `dealloc(obj)`: the refcount of `obj` reached zero in compiled code.
extern "C" fn helper_dealloc(obj: u64) -> u64 {
    // SAFETY: compiled code calls this exactly when it dropped the last reference.
    unsafe { crate::object::alloc::dealloc(obj as *mut Header) };
    0
}

/// `safe_point(ctx)`: compiled code reached an instruction boundary with safe-point work
/// queued (`__del__` of objects its decrefs freed, weakref callbacks, a due collection). The
/// work runs here, as the interpreter runs it at its next instruction boundary; compiled code
/// then continues, since every speculation it relies on is checked where it is used (globals
/// and module attributes against their dicts' versions, list lengths and iterator positions
/// read from the objects). Returns 0 when a signal waits for its Python handler: compiled code
/// then leaves for the interpreter, which runs the handler at this boundary.
extern "C" fn helper_safe_point(ctx: *mut JitContext) -> u64 {
    if crate::vm::signals::pending() {
        return 0;
    }
    // SAFETY: compiled code calls this with its own live context.
    let (vm, _) = unsafe { vm_of(ctx) };
    let ran = catch_unwind(AssertUnwindSafe(|| vm.run_safe_point_work())).is_ok();
    if !ran {
        // The interpreter redoes what is left, and reports the failure itself.
        crate::object::alloc::request_safe_point();
        return 0;
    }
    u64::from(!crate::vm::signals::pending())
}

/// `binary_op(ctx, a, b, oparg)`: `a <op> b` (consumes a and b).
extern "C" fn helper_binary_op(ctx: *mut JitContext, a: u64, b: u64, arg: u64) -> u64 {
    guarded(ctx, |vm, _| {
        // SAFETY: compiled code passes owned operands.
        let (a, b) = unsafe { (take(a), take(b)) };
        let (op, inplace) = BinaryOperator::from_arg(arg as u32)
            .ok_or_else(|| exception::system_error("bad BINARY_OP"))?;
        Ok(vm.binary_op(&a, &b, op, inplace)?.into_raw() as u64)
    })
}

/// `compare_op(ctx, a, b, oparg)` (consumes a and b).
extern "C" fn helper_compare_op(ctx: *mut JitContext, a: u64, b: u64, arg: u64) -> u64 {
    guarded(ctx, |vm, _| {
        // SAFETY: compiled code passes owned operands.
        let (a, b) = unsafe { (take(a), take(b)) };
        let op = CompareOperator::from_arg(arg as u32)
            .ok_or_else(|| exception::system_error("bad COMPARE_OP"))?;
        Ok(vm.compare(&a, &b, op)?.into_raw() as u64)
    })
}

/// `truthy(ctx, v)`: 1 or 2 for false/true plus one (0 = raised); consumes v.
extern "C" fn helper_truthy(ctx: *mut JitContext, v: u64) -> u64 {
    guarded(ctx, |vm, _| {
        // SAFETY: compiled code passes an owned operand.
        let v = unsafe { take(v) };
        Ok(if vm.truthy(&v)? { 2 } else { 1 })
    })
}

/// `unary(ctx, v, which)`: which 0 = negative, 1 = positive, 2 = invert, 3 = not; consumes v.
extern "C" fn helper_unary(ctx: *mut JitContext, v: u64, which: u64) -> u64 {
    guarded(ctx, |vm, _| {
        // SAFETY: compiled code passes an owned operand.
        let v = unsafe { take(v) };
        let r = match which {
            0 => vm.unary_op(&v, "__neg__", "-")?,
            1 => vm.unary_op(&v, "__pos__", "+")?,
            2 => vm.unary_op(&v, "__invert__", "~")?,
            _ => bool_value(!vm.truthy(&v)?),
        };
        Ok(r.into_raw() as u64)
    })
}

/// `load_global(ctx, name_index)`: a new reference to the global or builtin.
extern "C" fn helper_load_global(ctx: *mut JitContext, index: u64) -> u64 {
    guarded(ctx, |_, frame| {
        let v = crate::vm::eval::load_global(frame.code(), frame, index as usize)?;
        Ok(v.into_raw() as u64)
    })
}

/// `unbound_local(ctx, index)`: raises UnboundLocalError; returns 0.
extern "C" fn helper_unbound_local(ctx: *mut JitContext, index: u64) -> u64 {
    guarded(ctx, |_, frame| {
        let name = &frame.code().compiled.varnames[index as usize];
        Err(PyErr::new(
            &exception::UNBOUND_LOCAL_ERROR,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        ))
    })
}

/// `call(ctx, base, argc, pc)`: calls `stack[base](*stack[base+1..])` laid out as for `CALL`
/// (callable, self-or-NULL, args); consumes those slots. `pc` (just past the call) is recorded in
/// the frame so introspection (`f_lineno`, tracebacks of callees) sees the calling line.
///
/// A plain Python function with compiled code, called with exactly its positional parameters,
/// takes `call_compiled_direct` instead of the generic call machinery.
extern "C" fn helper_call(ctx: *mut JitContext, base: u64, argc: u64, pc: u64) -> u64 {
    if argc & CALL_KW != 0 {
        return call_generic(ctx, base, argc, pc);
    }
    // SAFETY: compiled code passes its live context and `argc + 2` owned words at `base`.
    if let Some(r) = unsafe { call_compiled_direct(ctx, base as usize, argc as usize, pc) } {
        return r;
    }
    call_generic(ctx, base, argc, pc)
}

/// Flag in `helper_call`'s `argc`: a `CALL_KW`, whose tuple of keyword names follows the
/// arguments in the stack slots.
pub const CALL_KW: u64 = 1 << 32;

/// `helper_call` through `Vm::call_with` (kept out of line so the direct path stays small).
#[inline(never)]
fn call_generic(ctx: *mut JitContext, base: u64, argc: u64, pc: u64) -> u64 {
    let kw = argc & CALL_KW != 0;
    let argc = argc & !CALL_KW;
    guarded(ctx, |vm, frame| {
        frame.pc = pc as usize;
        let n = argc as usize + 2 + kw as usize;
        let result = {
            // SAFETY: compiled code spilled `argc + 2` owned, valid value words at `base`;
            // `Value` is a transparent word, and nothing else touches these slots during the
            // call (the callee runs on its own frame).
            let slots: &[Value] = unsafe {
                std::slice::from_raw_parts((*ctx).stack.add(base as usize) as *const Value, n)
            };
            let (slots, kwnames) = if kw {
                (&slots[..n - 1], tuple::items(&slots[n - 1]))
            } else {
                (slots, &[][..])
            };
            let args = if slots[1].is_null() {
                &slots[2..]
            } else {
                &slots[1..]
            };
            vm.call_with(&slots[0], Args::with_kwnames(args, kwnames))
        };
        for i in 0..n as u64 {
            // SAFETY: releases the references the slots held (each exactly once).
            drop(unsafe { take_slot(ctx, base + i) });
        }
        Ok(result?.into_raw() as u64)
    })
}

/// The direct call from compiled code to compiled code: when `stack[base]` is a Python function
/// whose code is compiled and whose frame needs nothing but the positional arguments passed
/// (`Code::jit_direct_argc`), the arguments move from the caller's stack slots straight into the
/// fast locals of a pooled frame, and the callee's native code runs on it. Returns None,
/// having consumed nothing, when the call does not qualify; otherwise the result of
/// `helper_call` (the slots consumed).
///
/// What the interpreter would do is kept: the recursion limit is checked the same way, the
/// frame is in `vm.frames` while it runs (introspection, tracebacks of nested calls), and a
/// deopt or an exception leaving the callee is finished by `Vm::finish_compiled`, which
/// continues the frame in the interpreter or unwinds through the interpreter's unwinder.
///
/// # Safety
/// `ctx` is the live context of the running compiled frame, and its stack buffer holds
/// `argc + 2` owned value words at `base` (callable, self-or-NULL, arguments).
#[inline(always)]
unsafe fn call_compiled_direct(
    ctx: *mut JitContext,
    base: usize,
    argc: usize,
    pc: u64,
) -> Option<u64> {
    // SAFETY: compiled code calls helpers only with its own live context.
    let (vm, caller) = unsafe { vm_of(ctx) };
    // Finalizers and due collections run before the call (compiled code has no safe points of
    // its own), and before anything below borrows from the objects they might change.
    if crate::object::alloc::SAFE_POINT_PENDING.load(std::sync::atomic::Ordering::Relaxed) {
        vm.run_safe_point_work();
        if crate::vm::signals::pending() {
            // The generic call path runs the handler (and raises what it raises).
            crate::object::alloc::request_safe_point();
            return None;
        }
    }
    // SAFETY: per the contract, the slots hold owned value words; `Value` is a transparent
    // word, and the slots are only read here until ownership is taken below.
    let slots = unsafe { (*ctx).stack.add(base) as *mut Value };
    // SAFETY: as above.
    let callable = unsafe { &*slots };
    let func = callable.payload_exact::<Function>()?;
    // SAFETY: as above.
    let has_self = !unsafe { &*slots.add(1) }.is_null();
    let nargs = argc + has_self as usize;
    // SAFETY: nothing below runs Python code before the reference is last used (the frame
    // takes its own reference to the code object), so `__code__` cannot be rebound under it.
    let code_value = unsafe { func.code.try_borrow_unguarded() }.ok()?;
    let code = code_value.payload_exact::<Code>()?;
    if code.jit_direct_argc() as usize != nargs {
        return None;
    }
    let entry = code.jit_entry.get()?;
    caller.pc = pc as usize;
    if vm.depth() >= vm.recursion_limit || crate::run::native_stack_exhausted() {
        for i in 0..argc + 2 {
            // SAFETY: releases each slot's reference exactly once.
            drop(unsafe { std::ptr::read(slots.add(i)) });
        }
        vm.jit_error = Some(exception::recursion_error(
            "maximum recursion depth exceeded",
        ));
        return Some(0);
    }
    // SAFETY: `callable` below keeps the function, and so the namespaces the frame borrows,
    // alive (a function never rebinds them); the frame is parked again with `park`, or owns
    // them (`own_namespaces`) before anything else finishes it.
    let mut frame = unsafe { Frame::take_cached(code_value, code, func) };
    let first_arg = 2 - has_self as usize;
    // SAFETY: a parked frame's first `nargs` locals exist (`direct_argc` counts parameters) and
    // are unbound, so nothing is overwritten; `Option<Value>` has the layout of `Value` (a
    // non-null word), so the argument words move in as they are, and the slots they came from
    // are not read again.
    unsafe {
        let src = slots.add(first_arg) as *const Option<Value>;
        let dst = frame.fast.as_mut_ptr();
        for i in 0..nargs {
            std::ptr::write(dst.add(i), std::ptr::read(src.add(i)));
            // Keeps the loop a plain word-by-word copy: calls pass a few words, and the
            // vectorized or `memcpy` form the compiler makes otherwise costs more (measured).
            std::hint::black_box(());
        }
    }
    // SAFETY: the callable's reference is taken over here and released after the call (it keeps
    // the function, and so the namespaces the frame borrows, alive); a NULL self slot holds the
    // immortal NULL, which owns nothing.
    let callable = unsafe { std::ptr::read(slots) };
    push_inline(&mut vm.frames, &*frame as *const Frame);
    let exit = run_compiled(vm, &mut frame, entry);
    vm.frames.pop();
    let result = match exit {
        Exit::Return(v) => {
            // SAFETY: made live by `unpark` above, namespaces still borrowed.
            unsafe { frame.park() };
            // SAFETY: as for the `pop` above.
            let cache = unsafe { code.frame_cache.frames() };
            if cache.len() < crate::vm::frame::FrameCache::LIMIT {
                push_inline(cache, frame);
            }
            v.into_raw() as u64
        }
        exit => {
            frame.own_namespaces();
            finish_slow(vm, frame, exit)
        }
    };
    callable.release();
    Some(result)
}

/// `v.push(x)`, inlined (the compiler calls `Vec::push` out of line in the direct-call path).
#[inline(always)]
fn push_inline<T>(v: &mut Vec<T>, x: T) {
    if v.len() == v.capacity() {
        v.reserve(1);
    }
    let n = v.len();
    // SAFETY: there is room for one more element (reserved above).
    unsafe {
        v.as_mut_ptr().add(n).write(x);
        v.set_len(n + 1);
    }
}

/// A deopt or an exception leaving a directly called frame: the interpreter finishes it.
#[cold]
#[inline(never)]
pub(super) fn finish_slow(vm: &mut Vm, frame: Box<Frame>, exit: Exit) -> u64 {
    let depth = vm.frames.len();
    match catch_unwind(AssertUnwindSafe(|| vm.finish_compiled(frame, exit))) {
        Ok(Ok(v)) => v.into_raw() as u64,
        Ok(Err(e)) => {
            vm.jit_error = Some(e);
            0
        }
        Err(_) => {
            // Frames the unwound interpreter had pushed point at dropped boxes.
            vm.frames.truncate(depth);
            vm.jit_error = Some(exception::system_error(
                "internal error in Heron: panic in a JIT helper",
            ));
            0
        }
    }
}

/// `getattr(ctx, obj, name_index)` (consumes obj).
extern "C" fn helper_getattr(ctx: *mut JitContext, obj: u64, index: u64, pc: u64) -> u64 {
    guarded(ctx, |vm, frame| {
        // SAFETY: compiled code passes an owned operand.
        let obj = unsafe { take(obj) };
        let code = frame.code();
        let name = &code.names[index as usize];
        // The interpreter's form of the instruction, while it holds.
        if let Some((op, c)) = specialize::form_at(code, pc as usize) {
            if let Some(v) = specialize::load_attr_hit(op, c, &obj, name) {
                return Ok(v.into_raw() as u64);
            }
        }
        let name = name.clone();
        Ok(vm.getattr_value(&obj, &name)?.into_raw() as u64)
    })
}

/// `load_method(ctx, obj, name_index, slot)`: writes (callable, self-or-NULL) into stack slots
/// `slot` and `slot + 1`; returns 1 (0 = raised). Consumes obj.
extern "C" fn helper_load_method(
    ctx: *mut JitContext,
    obj: u64,
    index: u64,
    slot: u64,
    pc: u64,
) -> u64 {
    guarded(ctx, |vm, frame| {
        // SAFETY: compiled code passes an owned operand.
        let obj = unsafe { take(obj) };
        let code = frame.code();
        let name = &code.names[index as usize];
        let hit = specialize::form_at(code, pc as usize)
            .and_then(|(op, c)| specialize::load_method_hit(op, c, &obj, name));
        let (m, this) = match hit {
            Some((m, with_self)) => (m, with_self.then_some(obj)),
            None => {
                let name = name.clone();
                vm.load_method(&obj, &name)?
            }
        };
        // SAFETY: the stack buffer has room for the two results (co_stacksize).
        unsafe {
            *(*ctx).stack.add(slot as usize) = m.into_raw();
            *(*ctx).stack.add(slot as usize + 1) = this.unwrap_or_else(null).into_raw();
        }
        Ok(1)
    })
}

/// `getitem(ctx, container, key)` (consumes both).
extern "C" fn helper_getitem(ctx: *mut JitContext, container: u64, key: u64) -> u64 {
    guarded(ctx, |vm, _| {
        // SAFETY: compiled code passes owned operands.
        let (c, k) = unsafe { (take(container), take(key)) };
        Ok(vm.getitem(&c, &k)?.into_raw() as u64)
    })
}

/// `setitem(ctx, container, key, value)`: 1, or 0 if raised (consumes all three).
extern "C" fn helper_setitem(ctx: *mut JitContext, container: u64, key: u64, value: u64) -> u64 {
    guarded(ctx, |vm, _| {
        // SAFETY: compiled code passes owned operands.
        let (c, k, v) = unsafe { (take(container), take(key), take(value)) };
        vm.setitem(&c, &k, v)?;
        Ok(1)
    })
}

/// `setattr(ctx, obj, value, name_index)`: 1, or 0 if raised (consumes obj and value).
extern "C" fn helper_setattr(
    ctx: *mut JitContext,
    obj: u64,
    value: u64,
    index: u64,
    pc: u64,
) -> u64 {
    guarded(ctx, |vm, frame| {
        // SAFETY: compiled code passes owned operands.
        let (o, mut v) = unsafe { (take(obj), take(value)) };
        let code = frame.code();
        let name = &code.names[index as usize];
        if let Some((op, c)) = specialize::form_at(code, pc as usize) {
            match specialize::store_attr_hit(op, c, &o, name, v) {
                Ok(()) => return Ok(1),
                Err(back) => v = back,
            }
        }
        let name = name.clone();
        vm.setattr_value(&o, &name, Some(v))?;
        Ok(1)
    })
}

/// `get_iter(ctx, v)` (consumes v).
extern "C" fn helper_get_iter(ctx: *mut JitContext, v: u64) -> u64 {
    guarded(ctx, |vm, _| {
        // SAFETY: compiled code passes an owned operand.
        let v = unsafe { take(v) };
        Ok(vm.iter(&v)?.into_raw() as u64)
    })
}

/// `for_iter(ctx, it)`: the next item, or 0 when exhausted (`ctx.flag` = 0) or raised
/// (`ctx.flag` = 1). Borrows `it`.
extern "C" fn helper_for_iter(ctx: *mut JitContext, it: u64) -> u64 {
    // SAFETY: compiled code passes a live context.
    unsafe { (*ctx).flag = 0 };
    let r = guarded(ctx, |vm, _| {
        // SAFETY: `it` is borrowed from the compiled frame's stack.
        let it = std::mem::ManuallyDrop::new(unsafe { take(it) });
        Ok(match vm.next(&it)? {
            Some(v) => v.into_raw() as u64,
            None => 0,
        })
    });
    // SAFETY: as above.
    unsafe {
        if r == 0 && (*(*ctx).vm).jit_error.is_some() {
            (*ctx).flag = 1;
        }
    }
    r
}

/// `build(ctx, base, n, kind)`: kind 0 = tuple, 1 = list, from stack slots `base..base+n`
/// (consumed).
extern "C" fn helper_build(ctx: *mut JitContext, base: u64, n: u64, kind: u64) -> u64 {
    guarded(ctx, |_, _| {
        // SAFETY: compiled code spilled `n` owned words starting at `base`.
        let items: Vec<Value> = (0..n)
            .map(|i| unsafe { take_slot(ctx, base + i) })
            .collect();
        Ok(if kind == 0 {
            tuple::new_tuple(items)
        } else {
            list::new_list(items)
        }
        .into_raw() as u64)
    })
}

/// `send(ctx, it, value)`: `SEND`: sends `value` (consumed) into the iterator `it` (borrowed
/// from the stack); returns what it yielded (`ctx.flag` = 0) or returned (`ctx.flag` = 1), or
/// 0 when it raised.
extern "C" fn helper_send(ctx: *mut JitContext, it: u64, value: u64) -> u64 {
    guarded(ctx, |vm, _| {
        // SAFETY: `it` is borrowed from the compiled frame's stack; `value` is owned.
        let it = std::mem::ManuallyDrop::new(unsafe { take(it) });
        // SAFETY: as above.
        let value = unsafe { take(value) };
        let (v, returned) = match crate::vm::generator::send_to(vm, &it, value)? {
            crate::vm::generator::SendResult::Yielded(y) => (y, 0),
            crate::vm::generator::SendResult::Returned(r) => (r, 1),
        };
        // SAFETY: compiled code passes its live context.
        unsafe { (*ctx).flag = returned };
        Ok(v.into_raw() as u64)
    })
}

/// Flag in `helper_unpack`'s `n`: an `UNPACK_EX` whose oparg is the low 32 bits.
pub const UNPACK_EX: u64 = 1 << 32;

/// `unpack(ctx, seq, n, slot)`: `UNPACK_SEQUENCE n` (or `UNPACK_EX`): writes the items into
/// stack slots `slot..` in push order (the first item last, on top); returns 1 (0 = raised).
/// Consumes seq.
extern "C" fn helper_unpack(ctx: *mut JitContext, seq: u64, n: u64, slot: u64) -> u64 {
    guarded(ctx, |vm, _| {
        // SAFETY: compiled code passes an owned operand.
        let seq = unsafe { take(seq) };
        let pushed: Vec<Value> = if n & UNPACK_EX != 0 {
            vm.unpack_ex(&seq, n as u32)?
        } else {
            vm.unpack(&seq, n as usize, None)?
                .into_iter()
                .rev()
                .collect()
        };
        for (k, v) in pushed.into_iter().enumerate() {
            // SAFETY: the stack buffer has room for the items (co_stacksize).
            unsafe { *(*ctx).stack.add(slot as usize + k) = v.into_raw() };
        }
        Ok(1)
    })
}

/// `stack_op(ctx, op_arg, base, n)`: runs an instruction the front end does not specialize
/// (`op_arg` = opcode | oparg << 8) on its `n` operands, taken (owned) from stack slots
/// `base..base + n` in stack order, with the interpreter's semantics (`vm::stack_ops`).
/// Returns what the instruction pushes, or 1 when it pushes nothing; 0 when it raised.
extern "C" fn helper_stack_op(ctx: *mut JitContext, op_arg: u64, base: u64, n: u64) -> u64 {
    use crate::bytecode::Opcode;
    guarded(ctx, |vm, frame| {
        // SAFETY: compiled code spilled `n` owned words at `base`.
        let mut ops: Vec<Value> = (0..n)
            .map(|i| unsafe { take_slot(ctx, base + i) })
            .collect();
        let op = Opcode::from_u8(op_arg as u8).ok_or_else(|| exception::system_error("bad op"))?;
        let arg = (op_arg >> 8) as u32;
        let code = frame.code();
        let pushed = match op {
            Opcode::FORMAT_VALUE => {
                let spec = if arg & 4 != 0 { ops.pop() } else { None };
                let v = ops.pop().expect("operand");
                Some(vm.format_value(v, spec, arg)?)
            }
            Opcode::BUILD_STRING => Some(Vm::build_string(&ops)),
            Opcode::BUILD_SET => Some(vm.build_set(ops)?),
            Opcode::BUILD_MAP => Some(vm.build_map(ops)?),
            Opcode::BUILD_CONST_KEY_MAP => {
                let keys = ops.pop().expect("keys");
                Some(vm.build_const_key_map(&keys, ops)?)
            }
            Opcode::BUILD_SLICE => {
                let step = if arg == 3 { ops.pop() } else { None };
                let stop = ops.pop().expect("stop");
                let start = ops.pop().expect("start");
                Some(slice::new_slice(
                    start,
                    stop,
                    step.unwrap_or_else(types::none),
                ))
            }
            Opcode::CONTAINS_OP => {
                let container = ops.pop().expect("container");
                let item = ops.pop().expect("item");
                let r = vm.contains(&container, &item)?;
                Some(bool_value(r != (arg != 0)))
            }
            Opcode::STORE_GLOBAL => {
                let v = ops.pop().expect("value");
                dict::set_str(&frame.globals, &code.names[arg as usize], v);
                None
            }
            Opcode::RAISE_VARARGS => {
                let cause = if arg >= 2 { ops.pop() } else { None };
                let exc = if arg >= 1 { ops.pop() } else { None };
                return Err(vm.raise_varargs(exc, cause));
            }
            Opcode::MAKE_FUNCTION => {
                let code_obj = ops.pop().expect("code");
                let mut parts: [Option<Value>; 4] = Default::default();
                for (bit, part) in [(8, 3), (4, 2), (2, 1), (1, 0)] {
                    if arg & bit != 0 {
                        parts[part] = ops.pop();
                    }
                }
                Some(Vm::make_function(frame, code_obj, parts))
            }
            Opcode::LOAD_DEREF => Some(
                cell::get(&frame.cells[arg as usize])
                    .ok_or_else(|| crate::vm::eval::unbound_deref(code, arg))?,
            ),
            Opcode::STORE_DEREF => {
                cell::set(&frame.cells[arg as usize], ops.pop());
                None
            }
            Opcode::LOAD_CLOSURE => Some(frame.cells[arg as usize].clone()),
            Opcode::DELETE_GLOBAL => {
                let name = &code.names[arg as usize];
                if dict::del_str(&frame.globals, name).is_none() {
                    return Err(crate::vm::eval::name_not_defined(name));
                }
                None
            }
            Opcode::DELETE_ATTR => {
                let obj = ops.pop().expect("object");
                vm.setattr_value(&obj, &code.names[arg as usize], None)?;
                None
            }
            Opcode::DELETE_SUBSCR => {
                let key = ops.pop().expect("key");
                let container = ops.pop().expect("container");
                vm.delitem(&container, &key)?;
                None
            }
            Opcode::LIST_TO_TUPLE => {
                let l = ops.pop().expect("list");
                Some(list::to_tuple(&l))
            }
            Opcode::IMPORT_NAME => {
                let fromlist = ops.pop().expect("fromlist");
                let level = ops.pop().expect("level");
                let name = code.names[arg as usize].clone();
                let globals = frame.globals.clone();
                Some(vm.import_name(&name, &fromlist, &level, &globals)?)
            }
            Opcode::IMPORT_FROM => {
                let m = ops.pop().expect("module");
                Some(vm.import_from(&m, &code.names[arg as usize])?)
            }
            Opcode::GET_LEN => {
                let v = ops.pop().expect("object");
                Some(int::from_usize(vm.len(&v)?))
            }
            Opcode::LOAD_ASSERTION_ERROR => Some(exception::ASSERTION_ERROR.to_value()),
            Opcode::GET_YIELD_FROM_ITER => {
                let v = ops.pop().expect("iterable");
                Some(vm.yield_from_iter(v, code.flags())?)
            }
            Opcode::GET_AWAITABLE => {
                let v = ops.pop().expect("awaitable");
                Some(vm.get_awaitable(v, arg)?)
            }
            Opcode::GET_AITER => {
                let v = ops.pop().expect("async iterable");
                Some(crate::vm::coroutine::get_aiter(vm, v)?)
            }
            Opcode::GET_ANEXT => {
                // The async iterator stays below: the front end passed a second reference.
                let aiter = ops.pop().expect("async iterator");
                Some(crate::vm::coroutine::get_anext(vm, &aiter)?)
            }
            Opcode::ASYNC_GEN_WRAP => {
                let v = ops.pop().expect("value");
                Some(crate::vm::coroutine::wrap_async_gen_value(v))
            }
            Opcode::BEFORE_ASYNC_WITH => {
                let mgr = ops.pop().expect("async context manager");
                let (exit, entered) = crate::vm::coroutine::before_async_with(vm, mgr)?;
                // As BEFORE_WITH: the bound __aexit__ goes into the operand's slot.
                // SAFETY: slot `base` was consumed above and the buffer has room for it.
                unsafe { *(*ctx).stack.add(base as usize) = exit.into_raw() };
                Some(entered)
            }
            Opcode::LOAD_NAME => Some(vm.load_name(frame, &code.names[arg as usize])?),
            Opcode::STORE_NAME => {
                let v = ops.pop().expect("value");
                vm.store_name(frame, code.names[arg as usize].clone(), v)?;
                None
            }
            Opcode::DELETE_NAME => {
                vm.delete_name(frame, code.names[arg as usize].clone())?;
                None
            }
            Opcode::LOAD_CLASSDEREF => Some(vm.load_classderef(frame, code, arg)?),
            Opcode::LOAD_BUILD_CLASS => Some(Vm::load_build_class(frame)?),
            Opcode::SETUP_ANNOTATIONS => {
                vm.setup_annotations(frame)?;
                None
            }
            Opcode::LOAD_LOCALS => Some(
                frame
                    .locals
                    .clone()
                    .ok_or_else(|| exception::system_error("no locals found"))?,
            ),
            Opcode::IMPORT_STAR => {
                let m = ops.pop().expect("module");
                let l = frame
                    .locals
                    .clone()
                    .unwrap_or_else(|| frame.globals.clone());
                vm.import_star(&m, &l)?;
                None
            }
            Opcode::BEFORE_WITH => {
                let mgr = ops.pop().expect("context manager");
                let (exit, entered) = vm.before_with(mgr)?;
                // Two results: the bound __exit__ goes into the operand's slot, and the helper
                // returns what __enter__ returned.
                // SAFETY: slot `base` was consumed above and the buffer has room for it.
                unsafe { *(*ctx).stack.add(base as usize) = exit.into_raw() };
                Some(entered)
            }
            Opcode::MATCH_MAPPING => {
                let v = ops.pop().expect("subject");
                Some(bool_value(crate::vm::generator::is_mapping_for_match(&v)))
            }
            Opcode::MATCH_SEQUENCE => {
                let v = ops.pop().expect("subject");
                Some(bool_value(crate::vm::generator::is_sequence_for_match(&v)))
            }
            Opcode::MATCH_KEYS => {
                let keys = ops.pop().expect("keys");
                let subject = ops.pop().expect("subject");
                Some(crate::vm::generator::match_keys(vm, &subject, &keys)?)
            }
            Opcode::MATCH_CLASS => {
                let names = ops.pop().expect("names");
                let cls = ops.pop().expect("class");
                let subject = ops.pop().expect("subject");
                Some(crate::vm::generator::match_class(
                    vm,
                    &subject,
                    &cls,
                    arg as usize,
                    &names,
                )?)
            }
            Opcode::CALL_FUNCTION_EX => {
                let kwargs = if arg & 1 != 0 { ops.pop() } else { None };
                let args = ops.pop().expect("args");
                let this = ops.pop().expect("self");
                let callable = ops.pop().expect("callable");
                Some(vm.call_function_ex(callable, this, args, kwargs)?)
            }
            other => {
                return Err(exception::system_error(format!(
                    "JIT stack_op: {}",
                    other.name()
                )))
            }
        };
        Ok(pushed.map(|v| v.into_raw() as u64).unwrap_or(1))
    })
}

/// `container_add(ctx, container, key, value, op)`: `LIST_APPEND` (op 0), `SET_ADD` (1),
/// `MAP_ADD` (2; `key` is 0 otherwise), `LIST_EXTEND` (3), `SET_UPDATE` (4), `DICT_UPDATE`
/// (5) or `DICT_MERGE` (6; `key` is the callable, borrowed) into `container`, borrowed from the compiled frame's
/// stack; consumes key and value. Returns 1 (0 = raised).
extern "C" fn helper_container_add(
    ctx: *mut JitContext,
    container: u64,
    key: u64,
    value: u64,
    op: u64,
) -> u64 {
    guarded(ctx, |vm, _| {
        // SAFETY: `container` is borrowed from the compiled frame's stack (not consumed); key
        // (when present) and value are owned.
        let c = std::mem::ManuallyDrop::new(unsafe { take(container) });
        // SAFETY: compiled code passes an owned value.
        let v = unsafe { take(value) };
        match op {
            0 => list::append(&c, v)?,
            1 => set::add(vm, &c, v)?,
            3 => vm.list_extend(&c, &v)?,
            4 => vm.set_update(&c, &v)?,
            5 => vm.dict_merge(&c, &v, false, None)?,
            6 => {
                // SAFETY: for `DICT_MERGE`, `key` is the callable borrowed from the stack, or 0.
                let callable =
                    (key != 0).then(|| std::mem::ManuallyDrop::new(unsafe { take(key) }));
                vm.dict_merge(&c, &v, true, callable.as_deref())?
            }
            _ => {
                // SAFETY: as above.
                let k = unsafe { take(key) };
                dict::set_item(vm, &c, k, v)?;
            }
        }
        Ok(1)
    })
}

/// `new_float(bits)`: a new float object holding the f64 with these bits.
extern "C" fn helper_new_float(bits: u64) -> u64 {
    float::new_float(f64::from_bits(bits)).into_raw() as u64
}

/// Byte offset of a float object's value from its header.
pub fn float_value_offset() -> i32 {
    std::mem::offset_of!(crate::object::value::PyObject<float::Float>, payload) as i32
}

/// Byte offset of a dict's version counter from its header (measured on a real dict: the
/// counter sits inside the `RefCell`, whose layout Rust does not promise).
pub fn dict_version_offset() -> i32 {
    thread_local! {
        static OFFSET: i32 = {
            let d = dict::new_dict();
            let base = d.header_ptr() as usize;
            let data = dict::data_of(&d).borrow();
            (&data.version as *const u64 as usize - base) as i32
        };
    }
    OFFSET.with(|o| *o)
}

/// Byte offsets, from a list's header, of its item array pointer and its length (measured on a
/// real list: `RefCell` and `Vec` do not promise their layouts). Compiled code reads them
/// without borrowing, which is sound because no borrow of a list is held while compiled code
/// runs (borrows never span a call into Python).
pub fn list_layout() -> (i32, i32) {
    thread_local! {
        static LAYOUT: (i32, i32) = {
            let mut items = Vec::with_capacity(7);
            items.extend((0..3).map(int::from_i64));
            let l = list::new_list(items);
            let base = l.header_ptr() as usize;
            let cell = &list::as_list(&l).expect("a list").0;
            let vec_addr = cell.as_ptr() as usize;
            let data = cell.borrow().as_ptr() as usize;
            let words = std::mem::size_of::<Vec<Value>>() / 8;
            // SAFETY: `vec_addr` points at a live `Vec<Value>` of `words` machine words.
            let find = |want| unsafe { word_offset(vec_addr, words, want) } + vec_addr - base;
            (find(data) as i32, find(3) as i32)
        };
    }
    LAYOUT.with(|l| *l)
}

/// The byte offset, from `addr`, of the first of its `words` machine words that equals `want`
/// (how the layouts of standard containers, which Rust does not promise, are measured).
///
/// # Safety
/// `addr` points at `words` live machine words.
pub(crate) unsafe fn word_offset(addr: usize, words: usize, want: usize) -> usize {
    (0..words)
        // SAFETY: forwarded from the caller.
        .find(|&k| unsafe { *((addr + 8 * k) as *const usize) } == want)
        .map(|k| 8 * k)
        .expect("a field holding the wanted word")
}

/// Byte offsets, from a tuple's header, of its item array pointer and its length (measured on
/// a real tuple, as for lists).
pub fn tuple_layout() -> (i32, i32) {
    thread_local! {
        static LAYOUT: (i32, i32) = {
            let t = tuple::new_tuple((0..3).map(int::from_i64).collect());
            let base = t.header_ptr() as usize;
            let items = tuple::items(&t);
            let data = items.as_ptr() as usize;
            let payload = base
                + std::mem::offset_of!(crate::object::value::PyObject<tuple::Tuple>, payload);
            // SAFETY: the payload is a live `Box<[Value]>`: two machine words.
            let find = |want| unsafe { word_offset(payload, 2, want) } + payload - base;
            (find(data) as i32, find(3) as i32)
        };
    }
    LAYOUT.with(|l| *l)
}

/// Byte offsets, from a list iterator's header, of its sequence and its index.
pub fn seq_iter_layout() -> (i32, i32) {
    let payload = std::mem::offset_of!(crate::object::value::PyObject<iter::SeqIter>, payload);
    (
        (payload + std::mem::offset_of!(iter::SeqIter, seq)) as i32,
        (payload + std::mem::offset_of!(iter::SeqIter, index)) as i32,
    )
}

/// Every helper, in `HelperId` order: (name, address, parameter count).
pub fn helper_table() -> Vec<(&'static str, usize, usize)> {
    vec![
        ("dealloc", helper_dealloc as *const () as usize, 1),
        ("binary_op", helper_binary_op as *const () as usize, 4),
        ("compare_op", helper_compare_op as *const () as usize, 4),
        ("truthy", helper_truthy as *const () as usize, 2),
        ("unary", helper_unary as *const () as usize, 3),
        ("load_global", helper_load_global as *const () as usize, 2),
        (
            "unbound_local",
            helper_unbound_local as *const () as usize,
            2,
        ),
        ("call", helper_call as *const () as usize, 4),
        ("getattr", helper_getattr as *const () as usize, 4),
        ("load_method", helper_load_method as *const () as usize, 5),
        ("getitem", helper_getitem as *const () as usize, 3),
        ("setitem", helper_setitem as *const () as usize, 4),
        ("setattr", helper_setattr as *const () as usize, 5),
        ("get_iter", helper_get_iter as *const () as usize, 2),
        ("for_iter", helper_for_iter as *const () as usize, 2),
        ("build", helper_build as *const () as usize, 4),
        ("new_float", helper_new_float as *const () as usize, 1),
        ("unpack", helper_unpack as *const () as usize, 4),
        ("stack_op", helper_stack_op as *const () as usize, 4),
        (
            "container_add",
            helper_container_add as *const () as usize,
            5,
        ),
        ("send", helper_send as *const () as usize, 3),
        (
            "finish_lazy",
            super::lazy::helper_finish_lazy as *const () as usize,
            2,
        ),
        (
            "release_lazy",
            super::lazy::helper_release_lazy as *const () as usize,
            1,
        ),
        ("safe_point", helper_safe_point as *const () as usize, 1),
    ]
}

/// Helper ids, matching `helper_table`.
pub mod helper {
    use heron_jit::ir::HelperId;
    pub const DEALLOC: HelperId = HelperId(0);
    pub const BINARY_OP: HelperId = HelperId(1);
    pub const COMPARE_OP: HelperId = HelperId(2);
    pub const TRUTHY: HelperId = HelperId(3);
    pub const UNARY: HelperId = HelperId(4);
    pub const LOAD_GLOBAL: HelperId = HelperId(5);
    pub const UNBOUND_LOCAL: HelperId = HelperId(6);
    pub const CALL: HelperId = HelperId(7);
    pub const GETATTR: HelperId = HelperId(8);
    pub const LOAD_METHOD: HelperId = HelperId(9);
    pub const GETITEM: HelperId = HelperId(10);
    pub const SETITEM: HelperId = HelperId(11);
    pub const SETATTR: HelperId = HelperId(12);
    pub const GET_ITER: HelperId = HelperId(13);
    pub const FOR_ITER: HelperId = HelperId(14);
    pub const BUILD: HelperId = HelperId(15);
    pub const NEW_FLOAT: HelperId = HelperId(16);
    pub const UNPACK: HelperId = HelperId(17);
    pub const STACK_OP: HelperId = HelperId(18);
    pub const CONTAINER_ADD: HelperId = HelperId(19);
    pub const SEND: HelperId = HelperId(20);
    pub const FINISH_LAZY: HelperId = HelperId(21);
    pub const RELEASE_LAZY: HelperId = HelperId(22);
    pub const SAFE_POINT: HelperId = HelperId(23);
}

/// The layout description handed to the JIT crate.
pub fn runtime_info() -> heron_jit::RuntimeInfo {
    heron_jit::RuntimeInfo {
        ctx_stack_ptr: ctx_offset::STACK,
        ctx_stack_len: ctx_offset::STACK_LEN,
        ctx_pc: ctx_offset::PC,
        refcnt_offset: 0,
        immortal_bit: IMMORTAL as u64,
        dealloc_helper: helper::DEALLOC,
        helpers: helper_table()
            .into_iter()
            .map(|(name, address, params)| heron_jit::HelperSig {
                name: name.to_string(),
                address,
                params,
            })
            .collect(),
    }
}

/// How compiled code left a frame.
pub enum Exit {
    Return(Value),
    /// A generator yielded; the frame resumes at its `pc`.
    Yield(Value),
    /// Continue interpreting the frame at its `pc`.
    Deopt,
    /// Unwind the given exception from the frame's `pc - 1`.
    Error(PyErr),
}

/// Signature of compiled code.
pub type Entry = unsafe extern "C" fn(*mut JitContext) -> u64;

/// Runs compiled code for `frame` from its start (pc 0, empty stack).
#[inline(always)]
pub fn run_compiled(vm: &mut Vm, frame: &mut Frame, entry: Entry) -> Exit {
    run_compiled_at(vm, frame, entry, 0)
}

/// Runs compiled code for `frame` from instruction `pc`: 0, or a loop header (on-stack
/// replacement), in which case the frame's value stack moves into compiled code.
#[inline(always)]
pub fn run_compiled_at(vm: &mut Vm, frame: &mut Frame, entry: Entry, pc: usize) -> Exit {
    let depth = frame.stack.len();
    let mut ctx = JitContext {
        vm: vm as *mut Vm,
        frame: frame as *mut Frame,
        locals: frame.fast.as_mut_ptr() as *mut usize,
        stack: frame.stack.as_mut_ptr() as *mut usize,
        stack_len: depth as u64,
        pc: pc as u64,
        result: 0,
        flag: 0,
        globals: frame.globals.word() as u64,
        builtins: frame.builtins.word() as u64,
        code: frame.code.word() as u64,
        parent: std::ptr::null_mut(),
        call_pc: 0,
    };
    // SAFETY: compiled code takes ownership of the stack values left in the buffer (it loads
    // them at the loop header), so the Vec must forget them without dropping.
    unsafe { frame.stack.set_len(0) };
    // SAFETY: `entry` was compiled for this frame's code; the context points at live data and
    // the stack buffer has the capacity the code needs (co_stacksize).
    let status = unsafe { entry(&mut ctx) };
    if status == heron_jit::ir::status::RETURN {
        // SAFETY: a RETURN exit stored an owned result.
        return Exit::Return(unsafe { take(ctx.result) });
    }
    left_compiled_code(vm, frame, &ctx, status)
}

/// How compiled code left a frame other than by returning (kept out of line so the call path
/// stays small): the frame takes back the stack and pc the exit wrote.
#[cold]
#[inline(never)]
fn left_compiled_code(vm: &mut Vm, frame: &mut Frame, ctx: &JitContext, status: u64) -> Exit {
    // SAFETY: the exit wrote `stack_len` owned words into the stack buffer.
    unsafe { frame.stack.set_len(ctx.stack_len as usize) };
    frame.pc = ctx.pc as usize;
    // SAFETY: the frame owns its code object.
    exit_for(vm, unsafe { frame.code_unbound() }, ctx, status)
}

/// What an exit (any status but RETURN) of compiled code for `code` means for its frame, once
/// the frame holds the exit's state; counts it in the statistics.
pub(super) fn exit_for(vm: &mut Vm, code: &Code, ctx: &JitContext, status: u64) -> Exit {
    if status == heron_jit::ir::status::YIELD {
        // SAFETY: a YIELD exit stored an owned value.
        return Exit::Yield(unsafe { take(ctx.result) });
    }
    vm.jit_stats.exits += 1;
    if status == heron_jit::ir::status::ERROR {
        let e = vm
            .jit_error
            .take()
            .unwrap_or_else(|| exception::system_error("JIT error exit without exception"));
        Exit::Error(e)
    } else {
        vm.jit_stats.deopts += 1;
        super::note_deopt(vm, code, ctx.flag, ctx.pc as usize);
        Exit::Deopt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_layout_reads_items_and_length() {
        let (_guard, _vm) = crate::vm::test_vm();
        let (items_off, len_off) = list_layout();
        let l = list::new_list(vec![int::from_i64(5), int::from_i64(6)]);
        list::append(&l, int::from_i64(7)).unwrap();
        let base = l.header_ptr() as usize;
        // SAFETY: the offsets were measured on a list of the same type; `l` is live.
        let (ptr, len) = unsafe {
            (
                *((base + items_off as usize) as *const *const usize),
                *((base + len_off as usize) as *const usize),
            )
        };
        assert_eq!(len, 3);
        // SAFETY: `ptr` points at `len` item words.
        let third = unsafe { *ptr.add(2) };
        assert_eq!(third, int::from_i64(7).word());
    }

    #[test]
    fn tuple_layout_reads_items_and_length() {
        let (_guard, _vm) = crate::vm::test_vm();
        let (items_off, len_off) = tuple_layout();
        let t = tuple::from_array([int::from_i64(8), int::from_i64(9)]);
        let base = t.header_ptr() as usize;
        // SAFETY: the offsets were measured on a tuple; `t` is live.
        let (ptr, len) = unsafe {
            (
                *((base + items_off as usize) as *const *const usize),
                *((base + len_off as usize) as *const usize),
            )
        };
        assert_eq!(len, 2);
        // SAFETY: `ptr` points at `len` item words.
        assert_eq!(unsafe { *ptr.add(1) }, int::from_i64(9).word());
    }
}
