//! Lazy frames: calls from compiled code to compiled code that make no interpreter frame.
//!
//! When compiled code calls a function it knows (a guarded global) whose code is compiled and
//! needs nothing but its positional arguments (`Code::jit_direct_argc`), the front end emits the
//! call inline (`frontend::calls`): the callee's `JitContext` is built in the caller's native
//! stack frame, with the callee's locals and value stack right after it, and the callee's
//! entry is called directly. No `Frame` is made, nothing is pushed on `Vm::frames`; the call
//! counts in `Vm::lazy_depth` for the recursion limit instead.
//!
//! A frame is made only when something needs one (`materialize`):
//! - a helper the callee calls (every helper gets its frame through `runtime::vm_of`), for
//!   instance to raise an exception or run Python code that may look at the stack; the
//!   callee's lazy callers get their frames first, outermost first, so `Vm::frames` holds
//!   exactly the frames the interpreter would have. Such a frame reads its locals from the
//!   context (`Frame::lazy_locals`) while the compiled code runs, and is dropped when the call
//!   returns (`helper_release_lazy`);
//! - an exit (a deopt or an exception) of the callee: `helper_finish_lazy` moves its locals
//!   and value stack into the frame and the interpreter finishes it, exactly as for a callee
//!   that had a frame all along. The caller gets the result (or the exception) as from any call.

use crate::object::value::Value;
use crate::vm::frame::Frame;
use crate::vm::Vm;

use super::runtime::{exit_for, finish_slow, JitContext};

/// Byte offsets in `Vm` that a lazy call reads inline: the length of `frames`,
/// `lazy_depth` and `recursion_limit` (the `Vec`'s length is measured, as its layout is not
/// promised).
pub fn vm_depth_offsets() -> (i32, i32, i32) {
    thread_local! {
        static LEN: usize = {
            let mut v: Vec<*const Frame> = Vec::with_capacity(7);
            v.extend([std::ptr::null(); 3]);
            let base = &v as *const Vec<*const Frame> as usize;
            let words = std::mem::size_of::<Vec<*const Frame>>() / 8;
            // SAFETY: `base` points at a live `Vec` of `words` machine words.
            unsafe { super::runtime::word_offset(base, words, 3) }
        };
    }
    let frames = std::mem::offset_of!(Vm, frames) + LEN.with(|l| *l);
    (
        frames as i32,
        std::mem::offset_of!(Vm, lazy_depth) as i32,
        std::mem::offset_of!(Vm, recursion_limit) as i32,
    )
}

/// The offset in `Vm` of `native_stack_floor`, which the inline path of a lazy call compares
/// with its stack address.
pub fn stack_floor_offset() -> i32 {
    std::mem::offset_of!(Vm, native_stack_floor) as i32
}

/// Gives `ctx` (a lazy context without a frame) its interpreter frame, after giving its lazy
/// callers without one theirs, outermost first, and pushes them on `Vm::frames`.
///
/// # Safety
/// `ctx` is a live context of compiled code that is running (it or a callee), so it and its
/// `parent` chain up to a context with a frame are live.
#[cold]
#[inline(never)]
pub unsafe fn materialize(ctx: *mut JitContext) {
    // SAFETY: per the contract, every context on the chain is live; a lazy context always
    // has a parent, and the chain ends at one made by the interpreter, which has a frame.
    unsafe {
        let mut chain = Vec::new();
        let mut c = ctx;
        while (*c).frame.is_null() {
            chain.push(c);
            c = (*c).parent;
        }
        let vm = &mut *(*ctx).vm;
        // The nearest frame is running the call that led here.
        (*(*c).frame).pc = (*c).call_pc as usize;
        for &l in chain.iter().rev() {
            let borrowed = |w: u64| std::mem::ManuallyDrop::new(Value::from_raw(w as usize));
            let code = Value::clone(&borrowed((*l).code));
            let globals = Value::clone(&borrowed((*l).globals));
            let builtins = Value::clone(&borrowed((*l).builtins));
            let mut frame = vm.new_frame(code, globals, builtins, None);
            frame.lazy_locals = (*l).locals;
            frame.pc = (*l).call_pc as usize;
            vm.frames.push(&*frame as *const Frame);
            vm.lazy_depth -= 1;
            vm.jit_stats.lazy_frames += 1;
            (*l).frame = Box::into_raw(frame);
        }
    }
}

/// Takes a materialized frame back from a lazy context (it is the innermost frame on
/// `Vm::frames`), counting the call as lazy again.
///
/// # Safety
/// `ctx` is live, and its frame was made by `materialize`.
unsafe fn take_frame(ctx: *mut JitContext) -> Box<Frame> {
    // SAFETY: per the contract; `materialize` leaked the box into the context.
    unsafe {
        let vm = &mut *(*ctx).vm;
        let frame = Box::from_raw((*ctx).frame);
        (*ctx).frame = std::ptr::null_mut();
        debug_assert_eq!(vm.frames.last().copied(), Some(&*frame as *const Frame));
        vm.frames.pop();
        vm.lazy_depth += 1;
        frame
    }
}

/// `release_lazy(callee)`: a lazily called function returned after something made its frame;
/// the frame goes (its locals stayed in the context, which the caller releases). Returns 1.
pub(super) extern "C" fn helper_release_lazy(ctx: *mut JitContext) -> u64 {
    // SAFETY: compiled code calls this with the live context of the call that just returned,
    // whose frame was made by `materialize`.
    let mut frame = unsafe { take_frame(ctx) };
    frame.lazy_locals = std::ptr::null();
    // SAFETY: as above.
    let vm = unsafe { &mut *(*ctx).vm };
    vm.recycle_frame(frame);
    1
}

/// `finish_lazy(callee, status)`: a lazily called function left its compiled code by a deopt
/// or error exit. Its frame (made now if need be) takes the locals and value stack the exit
/// wrote into the context, and the interpreter finishes it. Returns the call's result, or 0
/// with the exception in `Vm::jit_error`.
pub(super) extern "C" fn helper_finish_lazy(ctx: *mut JitContext, status: u64) -> u64 {
    // SAFETY: compiled code calls this with the live context of the call that just exited.
    unsafe {
        if (*ctx).frame.is_null() {
            materialize(ctx);
        }
        let mut frame = take_frame(ctx);
        frame.lazy_locals = std::ptr::null();
        // The exit left owned words (or 0) in the locals area and `stack_len` owned words in
        // the stack area; they move into the frame, which owned nothing there.
        for (i, slot) in frame.fast.iter_mut().enumerate() {
            let w = *(*ctx).locals.add(i);
            if w != 0 {
                *slot = Some(Value::from_raw(w));
            }
        }
        for i in 0..(*ctx).stack_len as usize {
            frame.stack.push(Value::from_raw(*(*ctx).stack.add(i)));
        }
        frame.pc = (*ctx).pc as usize;
        let vm = &mut *(*ctx).vm;
        let exit = exit_for(vm, frame.code_unbound(), &*ctx, status);
        finish_slow(vm, frame, exit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_offsets_read_the_vm() {
        let (_guard, mut vm) = crate::vm::test_vm();
        vm.frames.extend([std::ptr::null(); 5]);
        vm.lazy_depth = 7;
        vm.recursion_limit = 321;
        let (frames, lazy, limit) = vm_depth_offsets();
        let base = &vm as *const Vm as usize;
        // SAFETY: the offsets were measured on (or computed for) a `Vm`; `vm` is live.
        let word = |off: i32| unsafe { *((base + off as usize) as *const usize) };
        assert_eq!((word(frames), word(lazy), word(limit)), (5, 7, 321));
        vm.frames.clear();
    }
}
