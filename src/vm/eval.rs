//! The eval loop.
//!
//! `execute` runs a base frame and every Python-to-Python call made from it in one Rust loop:
//! a call pushes the caller onto a local stack of boxed frames and switches to the callee; a
//! return pops back. Only calls that go through native code (dunder dispatch, builtins calling
//! back into Python, generators) re-enter `execute` recursively. Exceptions unwind through the
//! zero-cost exception table of each frame, adding a traceback entry per frame.

use super::call::NativeCall;
use super::frame::Frame;
use super::generator::YieldSink;
use super::specialize;
use super::Vm;
use crate::bytecode::opcodes::ALL_OPCODES;
use crate::bytecode::units;
use crate::bytecode::{BinaryOperator, CompareOperator, Opcode};
use crate::object::code::{Code, CodeBody};
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{
    name_error, recursion_error, system_error, type_error, Exception, Traceback, BASE_EXCEPTION,
    UNBOUND_LOCAL_ERROR,
};
use crate::object::function::Function;
use crate::object::typeobj::Layout;
use crate::object::types::{
    bool_value, none, null, DICT_TYPE, FLOAT_TYPE, GENERATOR_TYPE, LIST_ITER_TYPE, LIST_TYPE,
    TUPLE_ITER_TYPE, TUPLE_TYPE, TYPE_TYPE,
};
use crate::object::value::Value;
use crate::object::*;

/// How `execute` left its base frame.
pub enum Exit {
    Return(Value),
    Yield(Value),
}

impl Vm {
    /// Runs a frame to completion.
    pub fn run_frame(&mut self, frame: Box<Frame>) -> PyResult {
        let (f, r) = self.execute(frame, None);
        self.recycle_frame(f);
        match r? {
            Exit::Return(v) => Ok(v),
            Exit::Yield(_) => Err(system_error("yield outside a generator frame")),
        }
    }

    /// Runs `base` until it returns or yields; `throw` starts by raising that exception at
    /// the current instruction (generator `throw()`). Returns the base frame back (for
    /// generators to keep).
    pub fn execute(
        &mut self,
        base: Box<Frame>,
        throw: Option<PyErr>,
    ) -> (Box<Frame>, PyResult<Exit>) {
        self.execute_feeding(base, throw, None)
    }

    /// `execute`, handing what the base frame (a generator's) yields to `sink` first: a value
    /// it takes, the frame goes on as `next` would resume it, without leaving the loop; the
    /// first value it declines is yielded.
    pub fn execute_feeding(
        &mut self,
        base: Box<Frame>,
        throw: Option<PyErr>,
        mut sink: Option<YieldSink<'_>>,
    ) -> (Box<Frame>, PyResult<Exit>) {
        if self.depth() >= self.recursion_limit || crate::run::native_stack_exhausted() {
            return (
                base,
                Err(recursion_error("maximum recursion depth exceeded")),
            );
        }
        let depth_at_entry = self.frames.len();
        let mut callers: Vec<Box<Frame>> = Vec::new();
        let mut f: Box<Frame> = base;
        self.frames.push(&*f as *const Frame);
        let mut pending = throw;
        let result = loop {
            let mut err = match pending.take() {
                Some(e) => e,
                None => match self.dispatch(&mut f, &mut callers, &mut sink) {
                    Ok(exit) => {
                        // The base frame returned or yielded.
                        break Ok(exit);
                    }
                    Err(e) => e,
                },
            };
            // Unwind: find a handler in this frame or pop to the caller.
            let mut skip_traceback = std::mem::take(&mut self.reraising);
            if !skip_traceback {
                self.set_context(&err.0);
            }
            loop {
                if !std::mem::take(&mut skip_traceback) {
                    self.add_traceback(&err, &f);
                }
                if let Some(h) = find_handler(f.code(), f.lasti(), f.stack.len()).cloned() {
                    f.stack.truncate(h.depth as usize);
                    if h.push_lasti {
                        f.stack.push(int::from_usize(f.lasti()));
                    }
                    f.stack.push(err.0);
                    f.pc = h.target as usize;
                    break;
                }
                match callers.pop() {
                    Some(caller) => {
                        self.frames.pop();
                        let done = std::mem::replace(&mut f, caller);
                        if done.generator.is_some() {
                            // A generator run in place raised: it is finished, and its caller
                            // sees the exception as `next` would have raised it.
                            super::generator::finish_in_place(self, done);
                            err = super::generator::escaping(
                                crate::object::generator::GenKind::Generator,
                                err,
                            );
                        } else {
                            self.recycle_frame(done);
                        }
                        continue;
                    }
                    None => {
                        self.frames.truncate(depth_at_entry);
                        return (f, Err(err));
                    }
                }
            }
        };
        self.frames.truncate(depth_at_entry);
        (f, result)
    }

    fn add_traceback(&mut self, err: &PyErr, f: &Frame) {
        let Some(e) = err.0.payload_exact::<Exception>() else {
            return;
        };
        let line = f.code().line_at(f.lasti());
        let fo = frameobj::new_frame_object(
            f.code.clone(),
            f.globals.clone(),
            f.locals.clone(),
            line,
            f.lasti() as u32,
            None,
        );
        if f.locals.is_none() {
            // The frame is recycled once it finishes; its frame object keeps its locals.
            if let Some(o) = fo.payload_exact::<frameobj::FrameObject>() {
                let n = f.code().varnames.len();
                let mut snap: Vec<Option<Value>> = (0..n).map(|i| f.local(i)).collect();
                snap.extend(f.cells.iter().map(|c| Some(c.clone())));
                *o.fast.borrow_mut() = snap;
            }
        }
        let prev = e.traceback.borrow_mut().take();
        let tb = crate::object::alloc::alloc(
            &crate::object::types::TRACEBACK_TYPE,
            Traceback {
                next: std::cell::RefCell::new(prev),
                frame: fo,
                lineno: line,
                lasti: f.lasti() as u32,
            },
        );
        *e.traceback.borrow_mut() = Some(tb);
    }

    /// Sets `__context__` of a newly raised exception to the exception being handled.
    pub fn set_context(&self, exc: &Value) {
        let Some(handled) = &self.handled else { return };
        if handled.is(exc) {
            return;
        }
        let Some(e) = exc.payload_exact::<Exception>() else {
            return;
        };
        if e.context.borrow().is_some() {
            return;
        }
        // Break a cycle: if exc is already in handled's context chain, cut it there.
        let mut cur = handled.clone();
        loop {
            let next = match cur.payload_exact::<Exception>() {
                Some(p) => p.context.borrow().clone(),
                None => None,
            };
            match next {
                Some(n) if n.is(exc) => {
                    if let Some(p) = cur.payload_exact::<Exception>() {
                        *p.context.borrow_mut() = None;
                    }
                    break;
                }
                Some(n) => cur = n,
                None => break,
            }
        }
        *e.context.borrow_mut() = Some(handled.clone());
    }

    /// Executes instructions of `f` (switching frames on Python calls and returns) until the
    /// base frame exits or an instruction raises.
    #[allow(
        clippy::vec_box,
        reason = "frames stay boxed: vm.frames holds pointers to them"
    )]
    fn dispatch(
        &mut self,
        slot: &mut Box<Frame>,
        callers: &mut Vec<Box<Frame>>,
        sink: &mut Option<YieldSink<'_>>,
    ) -> PyResult<Exit> {
        // The current frame, reached through one pointer rather than through `slot`'s box, and
        // re-derived whenever the loop switches frames (`slot` changes only there).
        // SAFETY: the frame is boxed, so its address is stable while `slot` (or `callers`)
        // owns it; `f` is not used after `slot` is replaced until it is re-derived.
        let mut f: &mut Frame = unsafe { &mut *(&mut **slot as *mut Frame) };
        // SAFETY: `code` is re-derived whenever `f` changes; the frame owns its code object.
        let mut code: &Code = unsafe { f.code_unbound() };
        // The body was built when the frame was made: read it without the check `Code`'s
        // dereference makes.
        let mut body: &CodeBody = code;
        let mut units: &[std::cell::Cell<u64>] = &body.units;
        ensure_frame_room(f, body);
        // The frame's next instruction and value stack depth, kept in locals (so in registers,
        // not re-read through `f` by every instruction). The frame's own `pc` and stack length
        // are written whenever these change, so anything that reads the frame (errors, calls,
        // collections, compiled code) finds them exact; only the loop reads the locals, and it
        // re-reads them (`resync!`) after anything else changed the frame: a Vec method on
        // `f.stack`, compiled code run on `f`, a frame switch. The stack's slots are never
        // reallocated (`ensure_frame_room`), so their address is read from the frame as is.
        let mut pc: usize = f.pc;
        let mut depth: usize = f.stack.len();
        macro_rules! resync {
            () => {{
                pc = f.pc;
                depth = f.stack.len();
            }};
        }
        // Frames the loop switches to have their room already: a callee's frame was shaped
        // for its code when it was made (`Frame::parked`, `Frame::reset`, `Frame::new`), and a
        // caller's or a generator's frame ran here before.
        macro_rules! switch_frame {
            () => {{
                // SAFETY: as above, for the new frame.
                code = unsafe { f.code_unbound() };
                body = code;
                units = &body.units;
                debug_assert!(
                    f.stack.capacity() >= body.compiled.max_stack as usize
                        && f.fast.len() >= body.varnames.len(),
                    "frame without room for its code"
                );
                resync!();
            }};
        }
        // Pushes and pops without capacity or underflow checks (see `loop_macros`).
        macro_rules! push {
            ($v:expr) => {{
                debug_assert!(depth == f.stack.len(), "stale stack depth");
                frame_push!(f, depth, $v)
            }};
        }
        macro_rules! pop {
            () => {{
                debug_assert!(depth == f.stack.len(), "stale stack depth");
                frame_pop!(f, depth)
            }};
        }
        // The unit at index `i`, which the caller knows is in range: the current
        // instruction's, the next one of a superinstruction (never the last unit), or a
        // `FOR_ITER` a generator's caller resumes after (`bytecode::units` checked them all).
        macro_rules! unit_at {
            ($i:expr) => {
                unit_in!(units, $i)
            };
        }
        // Drops the values from index `n` up (`n` at most the depth).
        macro_rules! truncate {
            ($n:expr) => {{
                let n = $n;
                debug_assert!(n <= depth && depth == f.stack.len(), "stale stack depth");
                let above = depth - n;
                depth = n;
                // SAFETY: the `above` values from `n` up are owned by the stack; its length is
                // cut first, so it no longer owns them when they are dropped (once).
                unsafe {
                    f.stack.set_len(n);
                    std::ptr::drop_in_place(std::ptr::slice_from_raw_parts_mut(
                        f.stack.as_mut_ptr().add(n),
                        above,
                    ));
                }
            }};
        }
        // The values from index `n` up, moved out of the stack into a vector.
        macro_rules! split_off {
            ($n:expr) => {{
                let n = $n;
                let items = f.stack.split_off(n);
                depth = n;
                items
            }};
        }
        // A jump to `target`: the next instruction to run.
        macro_rules! jump {
            ($target:expr) => {{
                pc = $target;
                f.pc = pc;
            }};
        }
        // Type feedback for the JIT: the kind of a value the current instruction produced,
        // recorded once the code object is warm and until it is compiled.
        macro_rules! profile {
            ($($v:expr),+) => {
                if code.jit_state.get() == crate::tier2::state::WARM {
                    $(crate::tier2::profile::record(code, f.pc - 1, &$v);)+
                }
            };
        }
        // Runs a new function frame (not a generator's): in compiled code when it has some,
        // else by switching the loop to it.
        macro_rules! enter_frame {
            ($new_frame:expr) => {{
                let mut new_frame: Box<Frame> = $new_frame;
                if self.depth() >= self.recursion_limit {
                    self.recycle_frame(new_frame);
                    return Err(recursion_error("maximum recursion depth exceeded"));
                }
                let mut pending = None;
                if let Some(entry) =
                    crate::tier2::entry_for(self, &new_frame, crate::tier2::CALL_WEIGHT)
                {
                    self.frames.push(&*new_frame as *const Frame);
                    let exit = crate::tier2::runtime::run_compiled(self, &mut new_frame, entry);
                    self.frames.pop();
                    match exit {
                        crate::tier2::Exit::Return(v) => {
                            let init_self = new_frame.init_self.take();
                            let binary_op = new_frame.binary_op.take();
                            self.recycle_frame(new_frame);
                            let v = self.returned(v, init_self, binary_op)?;
                            profile!(v);
                            push!(v);
                            continue;
                        }
                        crate::tier2::Exit::Deopt => {}
                        crate::tier2::Exit::Yield(_) => {
                            pending = Some(system_error("yield outside a generator frame"))
                        }
                        crate::tier2::Exit::Error(e) => pending = Some(e),
                    }
                }
                let caller = std::mem::replace(slot, new_frame);
                push_inline(callers, caller);
                // SAFETY: as at the top of `dispatch`.
                f = unsafe { &mut *(&mut **slot as *mut Frame) };
                push_inline(&mut self.frames, &*f as *const Frame);
                switch_frame!();
                if let Some(e) = pending {
                    return Err(e);
                }
                fast_loop_after_switch!();
            }};
        }
        // Runs the frame `make_frame` bound for a call of the function `func`: a generator
        // function's call pushes its new generator, any other call goes on in the callee.
        macro_rules! enter_function_frame {
            ($new_frame:expr, $func:expr) => {{
                let new_frame: Box<Frame> = $new_frame;
                if new_frame.code().is_resumable() {
                    let g = self.run_function_frame(new_frame, $func)?;
                    push!(g);
                } else {
                    enter_frame!(new_frame);
                }
            }};
        }
        // Calls the Python function at `stack[callable_idx]` with the values above its
        // self-or-NULL slot in a cached frame of this loop when they bind directly
        // (`fast_loop::cached_callee`), and goes on with the callee; falls through otherwise.
        macro_rules! enter_cached_frame {
            ($callable_idx:expr) => {{
                if let Some(new_frame) = super::fast_loop::cached_callee(f, $callable_idx) {
                    resync!();
                    enter_frame!(new_frame);
                    continue;
                }
            }};
        }
        // Runs a frame from the code's cache whose arguments moved in from the stack (which
        // now ends at the self-or-NULL slot, or at the self the frame took): it takes the
        // function from the stack.
        macro_rules! enter_taken_frame {
            ($new_frame:ident, $has_self:expr) => {{
                if !$has_self {
                    pop!();
                }
                $new_frame.func = Some(pop!());
                enter_frame!($new_frame);
                continue;
            }};
        }
        // Returns `v` from the current frame to its caller in this loop (the caller pushes
        // it), applying what an `__init__` frame's return means.
        macro_rules! return_to_caller {
            ($caller:expr, $v:expr) => {{
                self.frames.pop();
                let mut done = std::mem::replace(slot, $caller);
                // SAFETY: as at the top of `dispatch`.
                f = unsafe { &mut *(&mut **slot as *mut Frame) };
                let init_self = done.init_self.take();
                let binary_op = done.binary_op.take();
                self.recycle_frame(done);
                switch_frame!();
                let v = self.returned($v, init_self, binary_op)?;
                profile!(v);
                push!(v);
                fast_loop_after_switch!();
            }};
        }
        // A generator's frame run in place (`FOR_ITER_GEN`) yields `v`: the generator keeps
        // the frame, and the caller's FOR_ITER pushes `v`.
        macro_rules! yield_in_place {
            ($v:expr) => {{
                let v = $v;
                let caller = callers
                    .pop()
                    .expect("a generator run in place has a caller");
                self.frames.pop();
                let done = std::mem::replace(slot, caller);
                // SAFETY: as at the top of `dispatch`.
                f = unsafe { &mut *(&mut **slot as *mut Frame) };
                super::generator::suspend_in_place(done);
                switch_frame!();
                profile!(v);
                push!(v);
            }};
        }
        // The base frame yields: to the sink when it takes the value (the frame then goes on
        // as `next` resumes it, the `yield` evaluating to None), else out of the loop.
        macro_rules! yield_out {
            ($v:expr) => {{
                let v = $v;
                if !callers.is_empty() {
                    return Err(system_error("yield in a non-generator frame"));
                }
                match sink.as_mut() {
                    Some(take) => match take(v) {
                        Ok(()) => push!(none()),
                        Err(v) => return Ok(Exit::Yield(v)),
                    },
                    None => return Ok(Exit::Yield(v)),
                }
            }};
        }
        // A generator's frame run in place returns: the generator is exhausted, and the
        // caller's FOR_ITER ends its loop (pops the iterator, jumps to its target).
        macro_rules! return_in_place {
            () => {{
                let caller = callers
                    .pop()
                    .expect("a generator run in place has a caller");
                self.frames.pop();
                let done = std::mem::replace(slot, caller);
                // SAFETY: as at the top of `dispatch`.
                f = unsafe { &mut *(&mut **slot as *mut Frame) };
                super::generator::finish_in_place(self, done);
                switch_frame!();
                let for_iter = unit_at!(pc - 1);
                pop!();
                jump!(units::arg_of(for_iter) as usize);
            }};
        }
        // A loop back-edge to `target` (already stored in `f.pc`): once the loop is hot, move
        // it into compiled code (on-stack replacement) and handle how compiled code left.
        macro_rules! back_edge {
            ($target:expr) => {
                if self.options.jit != super::JitMode::Off
                    && code.jit_state.get() != crate::tier2::state::NOT_COMPILED
                    && !code.no_osr.borrow().contains(&($target as u32))
                {
                    if let Some(entry) = crate::tier2::entry_for(self, f, 1) {
                        self.jit_stats.osr_entries += 1;
                        let exit = crate::tier2::runtime::run_compiled_at(self, f, entry, $target);
                        // Compiled code moved the frame on (or back to where it deoptimized).
                        resync!();
                        match exit {
                            crate::tier2::Exit::Return(v) => {
                                if f.generator.is_some() {
                                    drop(v);
                                    return_in_place!();
                                } else {
                                    match callers.pop() {
                                        Some(caller) => return_to_caller!(caller, v),
                                        None => return Ok(Exit::Return(v)),
                                    }
                                }
                            }
                            crate::tier2::Exit::Deopt => {}
                            crate::tier2::Exit::Yield(v) => {
                                if f.generator.is_some() {
                                    yield_in_place!(v);
                                } else {
                                    yield_out!(v);
                                }
                            }
                            crate::tier2::Exit::Error(e) => return Err(e),
                        }
                    }
                }
                // The loop goes round in the interpreter: its body runs in the fast loop from
                // here (where its runs are long enough to pay for entering it).
                fast_loop!();
            };
        }
        // Runs the frame on in the fast loop when it can run the next instruction (and the
        // code records no type feedback); the fast loop may switch frames (`fast_loop::run`).
        macro_rules! fast_loop {
            () => {{
                let jit_off = self.options.jit == super::JitMode::Off;
                let mode = super::fast_loop::mode(jit_off, code.jit_state.get());
                if let Some(leave_back_edges) =
                    mode.filter(|_| super::fast_loop::runs(unit_at!(pc)))
                {
                    let ran =
                        super::fast_loop::run(self, slot, callers, leave_back_edges, jit_off, sink);
                    // SAFETY: as at the top of `dispatch`.
                    f = unsafe { &mut *(&mut **slot as *mut Frame) };
                    switch_frame!();
                    // An error of a native it called, raised by the instruction it was at.
                    ran?;
                }
            }};
        }
        // Where calls run in the fast loop (the JIT is off), a frame the eval loop entered or
        // returned to goes on there too: it leaves only at what it cannot run, so a program
        // made of calls would otherwise stay in the eval loop until the next back edge.
        macro_rules! fast_loop_after_switch {
            () => {
                if self.options.jit == super::JitMode::Off {
                    fast_loop!();
                }
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
        macro_rules! name {
            ($i:expr) => {
                body_name!(body, $i)
            };
        }
        macro_rules! cache {
            ($unit:expr) => {
                body_cache!(body, $unit)
            };
        }
        // The end of a `FOR_ITER`: pushes the iterator's next value, or once it is exhausted pops
        // the iterator and jumps to `target`.
        macro_rules! for_iter_step {
            ($next:expr, $target:expr) => {
                match $next {
                    Some(v) => {
                        profile!(v);
                        push!(v)
                    }
                    None => {
                        pop!();
                        jump!($target as usize);
                    }
                }
            };
        }
        // A `FOR_ITER` form met another iterator: de-specializes (as its cache decides) and
        // takes the iterator's next value the general way.
        macro_rules! for_iter_miss {
            ($it:expr, $pc:expr, $unit:expr, $opcode:expr) => {{
                let it = $it.clone();
                specialize::miss(body, $pc, cache!($unit), $opcode, None);
                self.next(&it)?
            }};
        }
        // A call's result `r` replaces its callable, self-or-NULL and arguments (from
        // `stack[callable_idx]` up).
        macro_rules! call_result {
            ($callable_idx:expr, $r:expr) => {{
                let r = $r;
                truncate!($callable_idx);
                profile!(r);
                push!(r);
            }};
        }
        // A `CALL` form whose guard failed: de-specializes (as its cache decides) and makes
        // the call the general way, pushing its result.
        macro_rules! call_form_miss {
            ($callable_idx:expr, $pc:expr, $unit:expr, $opcode:expr) => {{
                let callable_idx = $callable_idx;
                specialize::miss(body, $pc, cache!($unit), $opcode, None);
                let callable = at!(callable_idx).clone();
                let has_self = !at!(callable_idx + 1).is_null();
                let args_start = callable_idx + 2 - has_self as usize;
                let r = self.call_with(&callable, Args::new(values_from!(args_start)))?;
                call_result!(callable_idx, r);
            }};
        }
        // `UNPACK_SEQUENCE`'s general path: the items of any iterable, last pushed first.
        macro_rules! unpack_generic {
            ($seq:expr, $n:expr) => {{
                let items = self.unpack(&$seq, $n as usize, None)?;
                for v in items.into_iter().rev() {
                    push!(v);
                }
            }};
        }
        // `BINARY_OP`'s inline paths: small ints, and float operands (`float_operands`); each
        // pushes its result and goes on with the next instruction, or falls through for the
        // operators it leaves to `binary_op_generic!`.
        macro_rules! small_int_op {
            ($a:expr, $b:expr, $arg:expr) => {
                if let Some(r) = small_int_binop($a.small_int_value(), $b.small_int_value(), $arg) {
                    profile!($a, $b, r);
                    push!(r);
                    continue;
                }
            };
        }
        // Pushes the float result `r` of `a op b` (reusing an operand's object when no one
        // else references it) and goes on with the next instruction.
        macro_rules! push_float {
            ($a:ident, $b:ident, $r:expr) => {{
                let r = $r;
                // One test of the JIT state for the operands and the result.
                let r = if code.jit_state.get() == crate::tier2::state::WARM {
                    profiled_float_result(code, f.pc - 1, $a, $b, r)
                } else {
                    float::result_reusing(r, $a, $b)
                };
                push!(r);
                continue;
            }};
        }
        macro_rules! float_op {
            ($a:ident, $b:ident, $x:expr, $y:expr, $arg:expr) => {
                if let Some(r) = float_arith($x, $y, $arg) {
                    push_float!($a, $b, r);
                }
            };
        }
        // A per-operator float form: two exact floats (and `$ok` of their values) take the
        // operator inline; anything else is a miss, answered the general way.
        macro_rules! float_form {
            ($pc:expr, $unit:expr, $opcode:expr, $arg:expr, |$x:ident, $y:ident| $ok:expr => $r:expr) => {{
                if peek!(2).is_type(&FLOAT_TYPE) && peek!(1).is_type(&FLOAT_TYPE) {
                    let b = pop!();
                    let a = pop!();
                    // SAFETY: both are exact floats.
                    let ($x, $y) = unsafe { (float::exact_value(&a), float::exact_value(&b)) };
                    if $ok {
                        push_float!(a, b, $r);
                    }
                    binary_op_generic!(a, b, $arg);
                    continue;
                }
                specialize::miss(body, $pc, cache!($unit), $opcode, None);
                let b = pop!();
                let a = pop!();
                binary_op_generic!(a, b, $arg);
            }};
        }
        macro_rules! binary_op_generic {
            ($a:expr, $b:expr, $arg:expr) => {{
                let r = self.binary_op_generic(f, body, &$a, &$b, $arg)?;
                profile!($a, $b, r);
                push!(r);
            }};
        }
        macro_rules! load_fast {
            ($i:expr) => {{
                let i = $i;
                match &local!(i) {
                    Some(v) => {
                        let v = v.clone();
                        push!(v)
                    }
                    None => return Err(unbound_local(code, i)),
                }
            }};
        }
        // A superinstruction's second instruction: its argument, with `f.pc` stepped over it
        // (an error it raises is attributed to it).
        macro_rules! second {
            () => {{
                let p = pc;
                pc = p + 1;
                f.pc = pc;
                units::arg_of(unit_at!(p))
            }};
        }
        macro_rules! top {
            () => {
                peek!(1)
            };
        }
        // The value at index `i` of the stack, for an instruction that takes the values from
        // `i` up (see `pop!`).
        macro_rules! at {
            ($i:expr) => {{
                let i = $i;
                debug_assert!(i < depth && depth == f.stack.len(), "value stack underflow");
                // SAFETY: `i` is below the top (see `pop!`).
                unsafe { &*f.stack.as_mut_ptr().add(i) }
            }};
        }
        // Replaces the value at index `i` of the stack (dropping the old one).
        macro_rules! put {
            ($i:expr, $v:expr) => {{
                let (i, v) = ($i, $v);
                debug_assert!(i < depth && depth == f.stack.len(), "value stack underflow");
                // SAFETY: `i` is below the top (see `pop!`).
                unsafe { *f.stack.as_mut_ptr().add(i) = v };
            }};
        }
        // The `n`th value from the top (1: the top), for an instruction that takes at least
        // `n` values (see `pop!`).
        macro_rules! peek {
            ($n:expr) => {{
                debug_assert!(depth == f.stack.len(), "stale stack depth");
                frame_peek!(f, depth, $n)
            }};
        }
        // The values from index `i` to the top.
        macro_rules! values_from {
            ($i:expr) => {{
                let i = $i;
                debug_assert!(
                    i <= depth && depth == f.stack.len(),
                    "value stack underflow"
                );
                // SAFETY: the slots from `i` to the top hold values (see `pop!`).
                unsafe { std::slice::from_raw_parts(f.stack.as_mut_ptr().add(i), depth - i) }
            }};
        }
        loop {
            debug_assert!(
                pc == f.pc && depth == f.stack.len(),
                "stale pc or stack depth"
            );
            // `pc` indexes the units: it starts at an instruction, steps by one at most to the
            // trailing trap unit (which raises), and jumps only to checked targets
            // (`bytecode::units`).
            let unit = unit_at!(pc);
            let pc_here = pc;
            pc += 1;
            f.pc = pc;
            // Pending safe-point work runs in the `TRAP` arm, selected without a branch: the
            // head is one block ending in the dispatch jump, which measured faster than
            // testing the flag with a branch of its own (`docs/benchmarks.md`).
            let safe_point =
                crate::object::alloc::SAFE_POINT_PENDING.load(std::sync::atomic::Ordering::Relaxed);
            let mut op = if safe_point {
                units::TRAP
            } else {
                units::op_of(unit)
            } as usize;
            // SAFETY: an empty instruction sequence (a comment naming the register) that only
            // hides from the optimizer where `op` came from, so it cannot turn the selection
            // back into a branch.
            unsafe { std::arch::asm!("/* {0} */", inout(reg) op, options(pure, nomem, nostack)) };
            let op = op as u8;
            #[cfg(feature = "opcode-stats")]
            super::opstats::record(op);
            let pc = pc_here;
            let arg = units::arg_of(unit);
            debug_assert!((op as usize) < ALL_OPCODES.len());
            // SAFETY: `Opcode` is `repr(u8)` numbered densely from 0, and every unit holds an
            // opcode: `bytecode::units` made them (invalid code becomes `TRAP` units), and
            // quickening writes only `Opcode` values.
            let opcode: Opcode = unsafe { std::mem::transmute::<u8, Opcode>(op) };
            match opcode {
                // The flag is read again (as the selection above is not): only the work
                // resets it.
                Opcode::TRAP
                    if crate::object::alloc::SAFE_POINT_PENDING
                        .load(std::sync::atomic::Ordering::Relaxed) =>
                {
                    self.run_safe_point_work();
                    // A signal handler's exception is raised by the instruction about to run
                    // (its `lasti`), as CPython's eval breaker attributes it.
                    self.check_signals()?;
                    jump!(pc);
                }
                Opcode::TRAP => return Err(trap(code, pc)),
                Opcode::NOP | Opcode::EXTENDED_ARG => {}
                Opcode::POP_TOP => {
                    pop!();
                }
                Opcode::PUSH_NULL => push!(null()),
                Opcode::LOAD_CONST => push!(constant!(arg)),
                Opcode::LOAD_FAST => load_fast!(arg),
                Opcode::STORE_FAST => {
                    let v = pop!();
                    local!(arg) = Some(v);
                }
                Opcode::LOAD_FAST__LOAD_FAST => {
                    load_fast!(arg);
                    load_fast!(second!());
                }
                Opcode::LOAD_FAST__LOAD_ATTR => {
                    // The next unit (at `pc + 1`) as it is now: only its instance form is run
                    // from here, and only when it hits.
                    let attr = unit_at!(pc + 1);
                    if units::op_of(attr) == Opcode::LOAD_ATTR_INSTANCE as u8 {
                        if let Some(obj) = &local!(arg) {
                            if let Some(v) = specialize::load_attr_instance(cache!(attr), obj) {
                                second!();
                                profile!(v);
                                push!(v);
                                continue;
                            }
                        }
                    }
                    load_fast!(arg);
                }
                Opcode::LOAD_FAST__LOAD_METHOD => {
                    // As LOAD_FAST__LOAD_ATTR, for the method form.
                    let method = unit_at!(pc + 1);
                    if units::op_of(method) == Opcode::LOAD_METHOD_CACHED as u8 {
                        if let Some(obj) = &local!(arg) {
                            if let Some(m) = specialize::load_class_value(cache!(method), obj) {
                                let obj = obj.clone();
                                second!();
                                push!(m);
                                push!(obj);
                                continue;
                            }
                        }
                    }
                    load_fast!(arg);
                }
                Opcode::LOAD_FAST__LOAD_CONST => {
                    load_fast!(arg);
                    push!(constant!(second!()));
                }
                Opcode::LOAD_CONST__LOAD_FAST => {
                    push!(constant!(arg));
                    load_fast!(second!());
                }
                Opcode::STORE_FAST__LOAD_FAST => {
                    let v = pop!();
                    local!(arg) = Some(v);
                    load_fast!(second!());
                }
                Opcode::STORE_FAST__STORE_FAST => {
                    let v = pop!();
                    local!(arg) = Some(v);
                    let v = pop!();
                    local!(second!()) = Some(v);
                }
                Opcode::DELETE_FAST => {
                    if local!(arg).take().is_none() {
                        return Err(unbound_local(code, arg));
                    }
                }
                Opcode::LOAD_NAME => {
                    let name = name!(arg);
                    let v = self.load_name(f, name)?;
                    push!(v);
                }
                Opcode::STORE_NAME => {
                    let v = pop!();
                    let name = name!(arg).clone();
                    self.store_name(f, name, v)?;
                }
                Opcode::DELETE_NAME => {
                    let name = name!(arg).clone();
                    self.delete_name(f, name)?;
                }
                Opcode::LOAD_GLOBAL => {
                    let v = load_global(body, f, arg as usize)?;
                    push!(v);
                }
                Opcode::LOAD_GLOBAL__PUSH_NULL => {
                    let v = load_global(body, f, arg as usize)?;
                    push!(v);
                    second!();
                    push!(null());
                }
                Opcode::STORE_GLOBAL => {
                    let v = pop!();
                    dict::set_str(&f.globals, name!(arg), v);
                }
                Opcode::DELETE_GLOBAL => {
                    let name = name!(arg);
                    if dict::del_str(&f.globals, name).is_none() {
                        return Err(name_not_defined(name));
                    }
                }
                Opcode::LOAD_DEREF => {
                    let v = cell::get(&f.cells[arg as usize])
                        .ok_or_else(|| unbound_deref(code, arg))?;
                    push!(v);
                }
                Opcode::LOAD_CLASSDEREF => {
                    let v = self.load_classderef(f, code, arg)?;
                    push!(v);
                }
                Opcode::STORE_DEREF => {
                    let v = pop!();
                    cell::set(&f.cells[arg as usize], Some(v));
                }
                Opcode::DELETE_DEREF => {
                    if cell::get(&f.cells[arg as usize]).is_none() {
                        return Err(unbound_deref(code, arg));
                    }
                    cell::set(&f.cells[arg as usize], None);
                }
                Opcode::LOAD_CLOSURE => {
                    let c = f.cells[arg as usize].clone();
                    push!(c);
                }
                Opcode::LOAD_ATTR => {
                    let obj = pop!();
                    let name = name!(arg);
                    let c = cache!(unit);
                    if specialize::due(c) {
                        specialize::attempt(body, pc, c, specialize::guess_load_attr(&obj, name));
                    }
                    let v = self.getattr_value(&obj, name)?;
                    profile!(v);
                    push!(v);
                }
                Opcode::LOAD_ATTR_INSTANCE | Opcode::LOAD_ATTR_MODULE | Opcode::LOAD_ATTR_CLASS => {
                    let obj = pop!();
                    let name = name!(arg);
                    let c = cache!(unit);
                    let v = match specialize::load_attr_hit(opcode, c, &obj, name) {
                        Some(v) => v,
                        None => {
                            let g = specialize::guess_load_attr(&obj, name);
                            specialize::miss(body, pc, c, opcode, g);
                            self.getattr_value(&obj, name)?
                        }
                    };
                    profile!(v);
                    push!(v);
                }
                Opcode::LOAD_ATTR_PROPERTY => {
                    let obj = pop!();
                    let c = cache!(unit);
                    if let Some(fget) = specialize::load_attr_property(c, &obj) {
                        if let Some(mut new_frame) = Vm::cached_frame(&fget, 1) {
                            new_frame.fast[0] = Some(obj);
                            new_frame.func = Some(fget);
                            enter_frame!(new_frame);
                            continue;
                        }
                    }
                    let name = name!(arg);
                    let g = specialize::guess_load_attr(&obj, name);
                    specialize::miss(body, pc, c, opcode, g);
                    let v = self.getattr_value(&obj, name)?;
                    profile!(v);
                    push!(v);
                }
                Opcode::STORE_ATTR => {
                    let obj = pop!();
                    let v = pop!();
                    let name = name!(arg);
                    let c = cache!(unit);
                    if specialize::due(c) {
                        let g = specialize::guess_store_attr(&obj, name);
                        specialize::attempt(body, pc, c, g);
                    }
                    self.setattr_value(&obj, name, Some(v))?;
                }
                Opcode::STORE_ATTR_INSTANCE | Opcode::STORE_ATTR_ADD => {
                    let obj = pop!();
                    let v = pop!();
                    let name = name!(arg);
                    let c = cache!(unit);
                    if let Err(v) = specialize::store_attr_hit(opcode, c, &obj, name, v) {
                        let g = specialize::guess_store_attr(&obj, name);
                        specialize::miss(body, pc, c, opcode, g);
                        self.setattr_value(&obj, name, Some(v))?;
                    }
                }
                Opcode::DELETE_ATTR => {
                    let obj = pop!();
                    self.setattr_value(&obj, name!(arg), None)?;
                }
                Opcode::LOAD_METHOD => {
                    let obj = pop!();
                    let name = name!(arg);
                    let c = cache!(unit);
                    if specialize::due(c) {
                        specialize::attempt(body, pc, c, specialize::guess_load_method(&obj, name));
                    }
                    let (m, this) = self.load_method(&obj, name)?;
                    push!(m);
                    push!(this.unwrap_or_else(null));
                }
                Opcode::LOAD_METHOD_CACHED | Opcode::LOAD_METHOD_MODULE => {
                    let obj = pop!();
                    let name = name!(arg);
                    let c = cache!(unit);
                    let (m, this) = match specialize::load_method_hit(opcode, c, &obj, name) {
                        // A method takes the object as self; a module's function takes none.
                        Some((m, with_self)) => (m, if with_self { obj } else { null() }),
                        None => {
                            let g = specialize::guess_load_method(&obj, name);
                            specialize::miss(body, pc, c, opcode, g);
                            let (m, this) = self.load_method(&obj, name)?;
                            (m, this.unwrap_or_else(null))
                        }
                    };
                    push!(m);
                    push!(this);
                }
                Opcode::BINARY_SUBSCR
                | Opcode::BINARY_SUBSCR_LIST_INT
                | Opcode::BINARY_SUBSCR_TUPLE_INT
                | Opcode::BINARY_SUBSCR_DICT => {
                    let hit = match opcode {
                        Opcode::BINARY_SUBSCR_LIST_INT => list::item_small_int(peek!(2), peek!(1)),
                        Opcode::BINARY_SUBSCR_TUPLE_INT => {
                            tuple::item_small_int(peek!(2), peek!(1))
                        }
                        _ => None,
                    };
                    if let Some(v) = hit {
                        // The key is a small int, which owns nothing.
                        drop(pop!());
                        drop(pop!());
                        profile!(v);
                        push!(v);
                        continue;
                    }
                    if opcode == Opcode::BINARY_SUBSCR {
                        let c = cache!(unit);
                        if specialize::due(c) {
                            let g = specialize::guess_subscr(peek!(2), peek!(1));
                            specialize::attempt(body, pc, c, g);
                        }
                    }
                    let key = pop!();
                    let container = pop!();
                    let served = specialize::subscr_served(opcode, &container, &key);
                    if !served {
                        specialize::miss(body, pc, cache!(unit), opcode, None);
                    }
                    let found = if opcode == Opcode::BINARY_SUBSCR_DICT && served {
                        dict::get_item(self, &container, &key)?
                    } else {
                        super::protocol::item_at_small_int(&container, &key)
                    };
                    let v = match found {
                        Some(v) => v,
                        None => self.getitem(&container, &key)?,
                    };
                    profile!(v);
                    push!(v);
                }
                Opcode::STORE_SUBSCR
                | Opcode::STORE_SUBSCR_LIST_INT
                | Opcode::STORE_SUBSCR_DICT => {
                    if opcode == Opcode::STORE_SUBSCR {
                        let c = cache!(unit);
                        if specialize::due(c) {
                            let g = specialize::guess_store_subscr(peek!(2), peek!(1));
                            specialize::attempt(body, pc, c, g);
                        }
                    }
                    let key = pop!();
                    let container = pop!();
                    let mut v = pop!();
                    if opcode == Opcode::STORE_SUBSCR_LIST_INT {
                        match list::store_small_int(&container, &key, v) {
                            Ok(()) => continue,
                            Err(back) => v = back,
                        }
                    }
                    if !specialize::subscr_served(opcode, &container, &key) {
                        specialize::miss(body, pc, cache!(unit), opcode, None);
                    } else if opcode == Opcode::STORE_SUBSCR_DICT {
                        dict::set_item(self, &container, key, v)?;
                        continue;
                    }
                    self.setitem(&container, &key, v)?;
                }
                Opcode::DELETE_SUBSCR => {
                    let key = pop!();
                    let container = pop!();
                    self.delitem(&container, &key)?;
                }
                Opcode::BUILD_SLICE => {
                    let step = if arg == 3 { pop!() } else { none() };
                    let stop = pop!();
                    let start = pop!();
                    push!(slice::new_slice(start, stop, step));
                }
                Opcode::BINARY_OP => {
                    let c = cache!(unit);
                    if specialize::due(c) {
                        let g = specialize::guess_binary_op(peek!(2), peek!(1), arg);
                        specialize::attempt(body, pc, c, g);
                    }
                    let b = pop!();
                    let a = pop!();
                    if a.is_small_int() && b.is_small_int() {
                        small_int_op!(a, b, arg);
                    } else if let Some((x, y)) = float_operands(&a, &b) {
                        float_op!(a, b, x, y, arg);
                    }
                    binary_op_generic!(a, b, arg);
                }
                Opcode::BINARY_OP_INT => {
                    let b = pop!();
                    let a = pop!();
                    if a.is_small_int() && b.is_small_int() {
                        small_int_op!(a, b, arg);
                    } else {
                        specialize::miss(body, pc, cache!(unit), opcode, None);
                    }
                    binary_op_generic!(a, b, arg);
                }
                Opcode::BINARY_OP_FLOAT => {
                    let b = pop!();
                    let a = pop!();
                    match float_operands(&a, &b) {
                        Some((x, y)) => float_op!(a, b, x, y, arg),
                        None => specialize::miss(body, pc, cache!(unit), opcode, None),
                    }
                    binary_op_generic!(a, b, arg);
                }
                Opcode::BINARY_OP_ADD_FLOAT => {
                    float_form!(pc, unit, opcode, arg, |x, y| true => x + y)
                }
                Opcode::BINARY_OP_SUBTRACT_FLOAT => {
                    float_form!(pc, unit, opcode, arg, |x, y| true => x - y)
                }
                Opcode::BINARY_OP_MULTIPLY_FLOAT => {
                    float_form!(pc, unit, opcode, arg, |x, y| true => x * y)
                }
                Opcode::BINARY_OP_TRUE_DIVIDE_FLOAT => {
                    float_form!(pc, unit, opcode, arg, |x, y| y != 0.0 => x / y)
                }
                Opcode::BINARY_OP_ADD_UNICODE => {
                    let b = pop!();
                    let a = pop!();
                    let r = match (a.payload_exact::<str::Str>(), b.payload_exact::<str::Str>()) {
                        (Some(x), Some(y)) => {
                            if append_before_store(f, body, &a, &b) {
                                a.clone()
                            } else {
                                crate::object::exception::check_alloc(
                                    x.as_str().len().saturating_add(y.as_str().len()),
                                )?;
                                str::concat(x, y)
                            }
                        }
                        _ => {
                            specialize::miss(body, pc, cache!(unit), opcode, None);
                            self.binary_op_generic(f, body, &a, &b, arg)?
                        }
                    };
                    profile!(a, b, r);
                    push!(r);
                }
                Opcode::UNARY_POSITIVE => {
                    let v = pop!();
                    let r = self.unary_op(&v, "__pos__", "+")?;
                    push!(r);
                }
                Opcode::UNARY_NEGATIVE => {
                    let v = pop!();
                    let r = self.unary_op(&v, "__neg__", "-")?;
                    push!(r);
                }
                Opcode::UNARY_INVERT => {
                    let v = pop!();
                    let r = self.unary_op(&v, "__invert__", "~")?;
                    push!(r);
                }
                Opcode::UNARY_NOT => {
                    let v = pop!();
                    let b = self.truthy(&v)?;
                    push!(bool_value(!b));
                }
                Opcode::COMPARE_OP => {
                    let b = pop!();
                    let a = pop!();
                    let cop = CompareOperator::from_arg(arg)
                        .ok_or_else(|| system_error("bad COMPARE_OP"))?;
                    let r = match compare_inline(&a, &b, cop) {
                        Some(r) => bool_value(r),
                        None => self.compare(&a, &b, cop)?,
                    };
                    profile!(a, b);
                    push!(r);
                }
                Opcode::COMPARE_OP__POP_JUMP_IF_FALSE | Opcode::COMPARE_OP__POP_JUMP_IF_TRUE => {
                    let b = pop!();
                    let a = pop!();
                    let cop = CompareOperator::from_arg(arg)
                        .ok_or_else(|| system_error("bad COMPARE_OP"))?;
                    // The native answer, or the object a rich comparison returned.
                    let r: Result<bool, Value> = match compare_inline(&a, &b, cop) {
                        Some(t) => Ok(t),
                        None => Err(self.compare(&a, &b, cop)?),
                    };
                    profile!(a, b);
                    // The jump: its unit holds the target, and the truth test of a comparison
                    // that gave an object is the jump's (an error there is attributed to it).
                    let jump_pc = f.pc;
                    let target = units::arg_of(unit_at!(jump_pc)) as usize;
                    jump!(jump_pc + 1);
                    let t = match r {
                        Ok(t) => t,
                        Err(v) if v.is_true() => true,
                        Err(v) if v.is_false() => false,
                        Err(v) => self.truthy(&v)?,
                    };
                    if t == (opcode == Opcode::COMPARE_OP__POP_JUMP_IF_TRUE) {
                        jump!(target);
                        if target < jump_pc {
                            back_edge!(target);
                        }
                    }
                }
                Opcode::IS_OP => {
                    let b = pop!();
                    let a = pop!();
                    push!(bool_value(a.is(&b) != (arg != 0)));
                }
                Opcode::CONTAINS_OP => {
                    let container = pop!();
                    let item = pop!();
                    let r = self.contains(&container, &item)?;
                    push!(bool_value(r != (arg != 0)));
                }
                Opcode::JUMP => {
                    let target = arg as usize;
                    let backward = target < f.lasti();
                    jump!(target);
                    if backward {
                        back_edge!(target);
                    }
                }
                Opcode::POP_JUMP_IF_FALSE => {
                    let v = pop!();
                    let t = if v.is_true() {
                        true
                    } else if v.is_false() {
                        false
                    } else {
                        self.truthy(&v)?
                    };
                    if !t {
                        let backward = (arg as usize) < f.lasti();
                        jump!(arg as usize);
                        if backward {
                            back_edge!(arg as usize);
                        }
                    }
                }
                Opcode::POP_JUMP_IF_TRUE => {
                    let v = pop!();
                    let t = if v.is_true() {
                        true
                    } else if v.is_false() {
                        false
                    } else {
                        self.truthy(&v)?
                    };
                    if t {
                        let backward = (arg as usize) < f.lasti();
                        jump!(arg as usize);
                        if backward {
                            back_edge!(arg as usize);
                        }
                    }
                }
                Opcode::POP_JUMP_IF_NONE => {
                    if pop!().is_none() {
                        jump!(arg as usize);
                    }
                }
                Opcode::POP_JUMP_IF_NOT_NONE => {
                    if !pop!().is_none() {
                        jump!(arg as usize);
                    }
                }
                Opcode::JUMP_IF_FALSE_OR_POP => {
                    let t = {
                        let v = top!().clone();
                        self.truthy(&v)?
                    };
                    if !t {
                        jump!(arg as usize);
                    } else {
                        pop!();
                    }
                }
                Opcode::JUMP_IF_TRUE_OR_POP => {
                    let t = {
                        let v = top!().clone();
                        self.truthy(&v)?
                    };
                    if t {
                        jump!(arg as usize);
                    } else {
                        pop!();
                    }
                }
                Opcode::GET_ITER => {
                    let v = pop!();
                    let it = self.iter(&v)?;
                    push!(it);
                }
                Opcode::FOR_ITER => {
                    let c = cache!(unit);
                    if specialize::due(c) {
                        specialize::attempt(body, pc, c, specialize::guess_for_iter(top!()));
                    }
                    let next = {
                        let it = top!();
                        if let Some(r) = it.payload_exact::<range::RangeIter>() {
                            r.next_value().map(int::from_i64)
                        } else {
                            let it = it.clone();
                            self.next(&it)?
                        }
                    };
                    for_iter_step!(next, arg);
                }
                Opcode::FOR_ITER_GEN => {
                    if self.depth() < self.recursion_limit {
                        if let Some(gen_frame) = super::generator::enter_in_place(top!()) {
                            let caller = std::mem::replace(slot, gen_frame);
                            push_inline(callers, caller);
                            // SAFETY: as at the top of `dispatch`.
                            f = unsafe { &mut *(&mut **slot as *mut Frame) };
                            push_inline(&mut self.frames, &*f as *const Frame);
                            switch_frame!();
                            continue;
                        }
                    }
                    let it = top!().clone();
                    if !it.is_type(&GENERATOR_TYPE) {
                        let c = cache!(unit);
                        specialize::miss(body, pc, c, opcode, None);
                    }
                    let next = self.next(&it)?;
                    for_iter_step!(next, arg);
                }
                Opcode::FOR_ITER_RANGE => {
                    let it = top!();
                    let next = match it.payload_exact::<range::RangeIter>() {
                        Some(r) => r.next_value().map(int::from_i64),
                        None => for_iter_miss!(it, pc, unit, opcode),
                    };
                    for_iter_step!(next, arg);
                }
                Opcode::FOR_ITER_LIST => {
                    let it = top!();
                    let list_iter = it.is_type(&LIST_ITER_TYPE).then(|| {
                        // SAFETY: a list iterator is a `PyObject<SeqIter>`.
                        unsafe { it.payload_unchecked::<iter::SeqIter>() }
                    });
                    let next = match list_iter {
                        Some(s) => match s.next_list_item() {
                            Some(v) => {
                                profile!(v);
                                push!(v);
                                continue;
                            }
                            None => s.next_item(),
                        },
                        _ => for_iter_miss!(it, pc, unit, opcode),
                    };
                    for_iter_step!(next, arg);
                }
                Opcode::FOR_ITER_TUPLE => {
                    let it = top!();
                    let next = match iter::as_seq_iter(it) {
                        Some(s) if it.is_type(&TUPLE_ITER_TYPE) => s.next_item(),
                        _ => for_iter_miss!(it, pc, unit, opcode),
                    };
                    for_iter_step!(next, arg);
                }
                Opcode::BUILD_TUPLE => {
                    let n = depth - arg as usize;
                    // SAFETY: the top `arg` slots hold values (`Opcode::needs`), which move into
                    // the tuple; the stack's length then leaves them out.
                    let t = unsafe {
                        let t = tuple::from_moved(f.stack.as_ptr().add(n), arg as usize);
                        f.stack.set_len(n);
                        t
                    };
                    depth = n;
                    push!(t);
                }
                Opcode::BUILD_LIST => {
                    let n = depth - arg as usize;
                    let items = split_off!(n);
                    push!(list::new_list(items));
                }
                Opcode::BUILD_SET => {
                    let n = depth - arg as usize;
                    let items = split_off!(n);
                    let s = self.build_set(items)?;
                    push!(s);
                }
                Opcode::BUILD_MAP => {
                    let n = depth - 2 * arg as usize;
                    let items = split_off!(n);
                    let d = self.build_map(items)?;
                    push!(d);
                }
                Opcode::BUILD_CONST_KEY_MAP => {
                    let keys = pop!();
                    let n = depth - arg as usize;
                    let vals = split_off!(n);
                    let d = self.build_const_key_map(&keys, vals)?;
                    push!(d);
                }
                Opcode::BUILD_STRING => {
                    let n = depth - arg as usize;
                    let s = Vm::build_string(values_from!(n));
                    truncate!(n);
                    push!(s);
                }
                Opcode::LIST_APPEND => {
                    let v = pop!();
                    let l = at!(depth - arg as usize);
                    list::append(l, v)?;
                }
                Opcode::SET_ADD => {
                    let v = pop!();
                    let s = at!(depth - arg as usize).clone();
                    set::add(self, &s, v)?;
                }
                Opcode::MAP_ADD => {
                    let v = pop!();
                    let k = pop!();
                    let d = at!(depth - arg as usize).clone();
                    dict::set_item(self, &d, k, v)?;
                }
                Opcode::LIST_EXTEND => {
                    let src = pop!();
                    let l = at!(depth - arg as usize).clone();
                    self.list_extend(&l, &src)?;
                }
                Opcode::SET_UPDATE => {
                    let src = pop!();
                    let s = at!(depth - arg as usize).clone();
                    self.set_update(&s, &src)?;
                }
                Opcode::DICT_UPDATE | Opcode::DICT_MERGE => {
                    let src = pop!();
                    let d = at!(depth - arg as usize).clone();
                    let callable = if opcode == Opcode::DICT_MERGE {
                        f.stack.get(depth.wrapping_sub(arg as usize + 3)).cloned()
                    } else {
                        None
                    };
                    self.dict_merge(&d, &src, opcode == Opcode::DICT_MERGE, callable.as_ref())?;
                }
                Opcode::LIST_TO_TUPLE => {
                    let l = pop!();
                    push!(list::to_tuple(&l));
                }
                Opcode::UNPACK_SEQUENCE => {
                    let c = cache!(unit);
                    if specialize::due(c) {
                        specialize::attempt(body, pc, c, specialize::guess_unpack(top!(), arg));
                    }
                    let seq = pop!();
                    unpack_generic!(seq, arg);
                }
                Opcode::UNPACK_SEQUENCE_TWO_TUPLE | Opcode::UNPACK_SEQUENCE_TUPLE => {
                    let seq = pop!();
                    if !push_unpacked!(seq, arg as usize, tuple, push) {
                        specialize::miss(body, pc, cache!(unit), opcode, None);
                        unpack_generic!(seq, arg);
                    }
                }
                Opcode::UNPACK_SEQUENCE_LIST => {
                    let seq = pop!();
                    if !push_unpacked!(seq, arg as usize, list, push) {
                        specialize::miss(body, pc, cache!(unit), opcode, None);
                        unpack_generic!(seq, arg);
                    }
                }
                Opcode::UNPACK_EX => {
                    let seq = pop!();
                    let pushed = self.unpack_ex(&seq, arg)?;
                    for v in pushed {
                        push!(v);
                    }
                }
                Opcode::FORMAT_VALUE => {
                    let spec = if arg & 4 != 0 { Some(pop!()) } else { None };
                    let v = pop!();
                    let s = self.format_value(v, spec, arg)?;
                    push!(s);
                }
                Opcode::RETURN_VALUE => {
                    let v = pop!();
                    if f.generator.is_some() {
                        drop(v);
                        return_in_place!();
                        continue;
                    }
                    match callers.pop() {
                        Some(caller) => return_to_caller!(caller, v),
                        None => return Ok(Exit::Return(v)),
                    }
                }
                Opcode::YIELD_VALUE => {
                    let v = pop!();
                    if f.generator.is_some() {
                        yield_in_place!(v);
                        continue;
                    }
                    yield_out!(v);
                }
                Opcode::GET_YIELD_FROM_ITER => {
                    let v = pop!();
                    let it = self.yield_from_iter(v, f.code().flags())?;
                    push!(it);
                }
                Opcode::GET_AWAITABLE => {
                    let v = pop!();
                    let it = self.get_awaitable(v, arg)?;
                    push!(it);
                }
                Opcode::GET_AITER => {
                    let v = pop!();
                    let it = super::coroutine::get_aiter(self, v)?;
                    push!(it);
                }
                Opcode::GET_ANEXT => {
                    let aiter = top!().clone();
                    let awaitable = super::coroutine::get_anext(self, &aiter)?;
                    push!(awaitable);
                }
                Opcode::END_ASYNC_FOR => {
                    let exc = pop!();
                    if exc.is_instance_of(&crate::object::exception::STOP_ASYNC_ITERATION) {
                        pop!();
                    } else {
                        // As RERAISE: the traceback already has this frame's entry.
                        self.reraising = true;
                        return Err(PyErr(exc));
                    }
                }
                Opcode::BEFORE_ASYNC_WITH => {
                    let mgr = pop!();
                    let (bound_exit, r) = super::coroutine::before_async_with(self, mgr)?;
                    push!(bound_exit);
                    push!(r);
                }
                Opcode::ASYNC_GEN_WRAP => {
                    let v = pop!();
                    push!(super::coroutine::wrap_async_gen_value(v));
                }
                Opcode::SEND => {
                    let v = pop!();
                    let it = top!().clone();
                    match super::generator::send_to(self, &it, v)? {
                        super::generator::SendResult::Yielded(y) => push!(y),
                        super::generator::SendResult::Returned(r) => {
                            pop!();
                            push!(r);
                            jump!(arg as usize);
                        }
                    }
                }
                Opcode::MAKE_FUNCTION => {
                    let codeobj = pop!();
                    let closure = if arg & 8 != 0 { Some(pop!()) } else { None };
                    let annotations = if arg & 4 != 0 { Some(pop!()) } else { None };
                    let kwdefaults = if arg & 2 != 0 { Some(pop!()) } else { None };
                    let defaults = if arg & 1 != 0 { Some(pop!()) } else { None };
                    let func =
                        Vm::make_function(f, codeobj, [defaults, kwdefaults, annotations, closure]);
                    push!(func);
                }
                Opcode::LOAD_BUILD_CLASS => {
                    let bc = Vm::load_build_class(f)?;
                    push!(bc);
                }
                Opcode::SETUP_ANNOTATIONS => self.setup_annotations(f)?,
                Opcode::CALL | Opcode::CALL_KW => {
                    let kwnames = if opcode == Opcode::CALL_KW {
                        Some(pop!())
                    } else {
                        None
                    };
                    let argc = arg as usize;
                    let callable_idx = depth - argc - 2;
                    if opcode == Opcode::CALL {
                        let c = cache!(unit);
                        if specialize::due(c) {
                            let g = specialize::guess_call(
                                at!(callable_idx),
                                at!(callable_idx + 1),
                                argc,
                            );
                            specialize::attempt(body, pc, c, g);
                        }
                    }
                    bind_method_self(&mut f.stack, callable_idx);
                    let kwn: &[Value] = match &kwnames {
                        Some(k) => tuple::items(k),
                        None => &[],
                    };
                    let has_self = !at!(callable_idx + 1).is_null();
                    let args_start = callable_idx + 2 - has_self as usize;
                    if kwn.is_empty()
                        || super::call::keywords_in_place(
                            at!(callable_idx),
                            depth - args_start,
                            kwn,
                        )
                    {
                        enter_cached_frame!(callable_idx);
                    } else if let Some(mut new_frame) =
                        Vm::keyword_frame(&mut f.stack, callable_idx, args_start, kwn)
                    {
                        // The arguments moved into the frame.
                        depth = f.stack.len();
                        enter_taken_frame!(new_frame, has_self);
                    }
                    if let Some((native, start)) =
                        native_call_args(&mut f.stack, callable_idx, has_self)
                    {
                        let r =
                            self.call_native(native, Args::with_kwnames(values_from!(start), kwn))?;
                        call_result!(callable_idx, r);
                        continue;
                    }
                    let callable = at!(callable_idx).clone();
                    if callable.ty().layout == Layout::Function {
                        let new_frame = self.make_frame(
                            &callable,
                            Args::with_kwnames(values_from!(args_start), kwn),
                        )?;
                        truncate!(callable_idx);
                        enter_function_frame!(new_frame, &callable);
                    } else {
                        let r = self.call_with(
                            &callable,
                            Args::with_kwnames(values_from!(args_start), kwn),
                        )?;
                        call_result!(callable_idx, r);
                    }
                }
                Opcode::CALL_ALLOC_AND_ENTER_INIT => {
                    let callable_idx = depth - arg as usize - 2;
                    let c = cache!(unit);
                    let init = specialize::init_for(c, at!(callable_idx), at!(callable_idx + 1));
                    let Some(init) = init else {
                        let g = specialize::guess_call(
                            at!(callable_idx),
                            at!(callable_idx + 1),
                            arg as usize,
                        );
                        specialize::miss(body, pc, c, opcode, g);
                        let callable = at!(callable_idx).clone();
                        let has_self = !at!(callable_idx + 1).is_null();
                        let args_start = callable_idx + 2 - has_self as usize;
                        let r = self.call_with(&callable, Args::new(values_from!(args_start)))?;
                        call_result!(callable_idx, r);
                        continue;
                    };
                    // The `__init__` frame from its cache, as the fast loop makes it.
                    if let Some(new_frame) = super::fast_loop::python_callee(f, body, opcode, unit)
                    {
                        resync!();
                        enter_frame!(new_frame);
                        continue;
                    }
                    let cls = at!(callable_idx).as_type().expect("guarded class");
                    let obj = instance::new_instance(cls, None);
                    put!(callable_idx + 1, obj.clone());
                    let mut new_frame =
                        self.make_frame(&init, Args::new(values_from!(callable_idx + 1)))?;
                    truncate!(callable_idx);
                    if new_frame.code().is_resumable() {
                        // `__init__.__code__` was replaced by a generator's.
                        let g = self.run_function_frame(new_frame, &init)?;
                        push!(self.returned(g, Some(obj), None)?);
                    } else {
                        new_frame.init_self = Some(obj);
                        enter_frame!(new_frame);
                    }
                }
                // The same fast paths as the fast loop's (`fast_loop::python_callee`).
                Opcode::CALL_PY_EXACT_ARGS | Opcode::CALL_BOUND_METHOD_EXACT_ARGS => {
                    let callable_idx = depth - arg as usize - 2;
                    if let Some(new_frame) = super::fast_loop::python_callee(f, body, opcode, unit)
                    {
                        resync!();
                        enter_frame!(new_frame);
                        continue;
                    }
                    call_form_miss!(callable_idx, pc, unit, opcode);
                }
                // The same fast paths as the fast loop's (`fast_loop::native_call`).
                Opcode::CALL_BUILTIN
                | Opcode::CALL_BUILTIN_LEN
                | Opcode::CALL_BUILTIN_ISINSTANCE
                | Opcode::CALL_LIST_APPEND
                | Opcode::CALL_BUILTIN_CLASS
                | Opcode::CALL_PY_GENERATOR => {
                    let callable_idx = depth - arg as usize - 2;
                    if let Some(r) = super::fast_loop::native_call(self, f, body, opcode, unit) {
                        resync!();
                        r?;
                        profile!(*top!());
                        continue;
                    }
                    call_form_miss!(callable_idx, pc, unit, opcode);
                }
                Opcode::CALL_BUILTIN_TYPE_1 => {
                    let callable_idx = depth - arg as usize - 2;
                    if at!(callable_idx + 1).is_null()
                        && at!(callable_idx)
                            .as_type()
                            .is_some_and(|t| std::ptr::eq(t, &TYPE_TYPE))
                    {
                        let v = pop!();
                        truncate!(callable_idx);
                        push!(v.ty().to_value());
                        continue;
                    }
                    call_form_miss!(callable_idx, pc, unit, opcode);
                }
                Opcode::CALL_FUNCTION_EX => {
                    let kwargs = if arg & 1 != 0 { Some(pop!()) } else { None };
                    let args = pop!();
                    let this = pop!();
                    let callable = pop!();
                    if callable.ty().layout != Layout::Function {
                        let r = self.call_function_ex(callable, this, args, kwargs)?;
                        push!(r);
                        continue;
                    }
                    // A Python function runs in this loop, as `CALL` runs it.
                    let (values, kwnames) = self.function_ex_args(&callable, this, args, kwargs)?;
                    let new_frame =
                        self.make_frame(&callable, Args::with_kwnames(&values, &kwnames))?;
                    drop(values);
                    enter_function_frame!(new_frame, &callable);
                }
                Opcode::IMPORT_NAME => {
                    let fromlist = pop!();
                    let level = pop!();
                    let name = name!(arg).clone();
                    let globals = f.globals.clone();
                    let m = self.import_name(&name, &fromlist, &level, &globals)?;
                    push!(m);
                }
                Opcode::IMPORT_FROM => {
                    let m = top!().clone();
                    let v = self.import_from(&m, name!(arg))?;
                    push!(v);
                }
                Opcode::IMPORT_STAR => {
                    let m = pop!();
                    let l = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                    self.import_star(&m, &l)?;
                }
                Opcode::RAISE_VARARGS => {
                    let cause = if arg >= 2 { Some(pop!()) } else { None };
                    let exc = if arg >= 1 { Some(pop!()) } else { None };
                    return Err(self.raise_varargs(exc, cause));
                }
                Opcode::RERAISE => {
                    // The handler search continues from this instruction; CPython's lasti
                    // operand only restores the line number of the original raise, which the
                    // exception's traceback already records.
                    let exc = pop!();
                    // The traceback already has this frame's entry from the original raise.
                    self.reraising = true;
                    return Err(PyErr(exc));
                }
                Opcode::PUSH_EXC_INFO => {
                    let exc = pop!();
                    let prev = self.handled.take().unwrap_or_else(none);
                    push!(prev);
                    self.handled = Some(exc.clone());
                    push!(exc);
                }
                Opcode::POP_EXCEPT => {
                    let prev = pop!();
                    self.handled = if prev.is_none() { None } else { Some(prev) };
                }
                Opcode::CHECK_EXC_MATCH => {
                    let ty = pop!();
                    let exc = top!().clone();
                    let m = exception_matches(&exc, &ty)?;
                    push!(bool_value(m));
                }
                Opcode::CHECK_EG_MATCH => {
                    let ty = pop!();
                    let exc = pop!();
                    let (rest, matched) = super::generator::exception_group_match(self, &exc, &ty)?;
                    push!(rest);
                    push!(matched);
                }
                Opcode::PREP_RERAISE_STAR => {
                    let raised = pop!();
                    let orig = pop!();
                    let r = super::generator::prep_reraise_star(self, &orig, &raised)?;
                    push!(r);
                }
                Opcode::WITH_EXCEPT_START => {
                    let n = depth;
                    let exc = at!(n - 1).clone();
                    let exit = at!(n - 4).clone();
                    let tb = exc
                        .payload_exact::<Exception>()
                        .and_then(|p| p.traceback.borrow().clone())
                        .unwrap_or_else(none);
                    let r = self.call(&exit, &[exc.ty().to_value(), exc, tb])?;
                    push!(r);
                }
                Opcode::BEFORE_WITH => {
                    let mgr = pop!();
                    let (bound_exit, r) = self.before_with(mgr)?;
                    push!(bound_exit);
                    push!(r);
                }
                Opcode::LOAD_ASSERTION_ERROR => {
                    push!(crate::object::exception::ASSERTION_ERROR.to_value());
                }
                Opcode::COPY => {
                    let v = at!(depth - arg as usize).clone();
                    push!(v);
                }
                Opcode::SWAP => {
                    debug_assert!(arg >= 1 && arg as usize <= depth);
                    // SAFETY: SWAP's operand is at least 1 and at most the depth
                    // (`Opcode::needs`); `ptr::swap` allows the same slot twice.
                    unsafe {
                        std::ptr::swap(
                            f.stack.as_mut_ptr().add(depth - 1),
                            f.stack.as_mut_ptr().add(depth - arg as usize),
                        )
                    };
                }
                Opcode::PRINT_EXPR => {
                    let v = pop!();
                    if !v.is_none() {
                        let r = self.repr_string(&v)?;
                        crate::builtins::write_stdout(self, &format!("{r}\n"))?;
                        dict::set_str(&f.builtins, &str::intern_static("_"), v);
                    }
                }
                Opcode::LOAD_LOCALS => {
                    let l = f
                        .locals
                        .clone()
                        .ok_or_else(|| system_error("no locals found"))?;
                    push!(l);
                }
                Opcode::GET_LEN => {
                    let v = top!().clone();
                    let n = self.len(&v)?;
                    push!(int::from_usize(n));
                }
                Opcode::MATCH_MAPPING => {
                    let v = top!().clone();
                    let m = super::generator::is_mapping_for_match(&v);
                    push!(bool_value(m));
                }
                Opcode::MATCH_SEQUENCE => {
                    let v = top!().clone();
                    let m = super::generator::is_sequence_for_match(&v);
                    push!(bool_value(m));
                }
                Opcode::MATCH_KEYS => {
                    let n = depth;
                    let keys = at!(n - 1).clone();
                    let subject = at!(n - 2).clone();
                    let r = super::generator::match_keys(self, &subject, &keys)?;
                    push!(r);
                }
                Opcode::MATCH_CLASS => {
                    let names = pop!();
                    let cls = pop!();
                    let subject = pop!();
                    let r =
                        super::generator::match_class(self, &subject, &cls, arg as usize, &names)?;
                    push!(r);
                }
            }
        }
    }

    /// Work deferred to an instruction boundary: finalizers, weakref callbacks, and a cycle
    /// collection when one is due.
    pub fn run_safe_point_work(&mut self) {
        crate::object::alloc::SAFE_POINT_PENDING.store(false, std::sync::atomic::Ordering::Relaxed);
        self.run_finalizers();
        crate::memory::gc::maybe_collect(self);
        self.run_finalizers();
    }

    /// Runs `__del__` of objects freed since the last safe point. Errors are reported as
    /// CPython does ("Exception ignored in: ...") and otherwise ignored.
    pub fn run_finalizers(&mut self) {
        loop {
            let pending = crate::object::alloc::take_pending_finalizers();
            let callbacks = crate::object::weakref::take_pending_callbacks();
            if pending.is_empty() && callbacks.is_empty() {
                return;
            }
            for (weak, callback) in callbacks {
                if let Err(e) = self.call(&callback, &[weak]) {
                    self.flush_stdout();
                    let what = self
                        .repr_string(&callback)
                        .unwrap_or_else(|_| "<callback>".into());
                    let text = super::traceback::format_exception(self, &e.0);
                    eprint!("Exception ignored in: {what}\n{text}");
                }
            }
            for obj in pending {
                if obj.ty().layout == crate::object::typeobj::Layout::Generator {
                    super::coroutine::finalize(self, &obj);
                    continue;
                }
                let Some(del) = obj.ty().lookup_str("__del__") else {
                    continue;
                };
                if let Err(e) = self.call(&del, std::slice::from_ref(&obj)) {
                    self.flush_stdout();
                    let what = self
                        .repr_string(&del)
                        .unwrap_or_else(|_| "<__del__>".into());
                    let text = super::traceback::format_exception(self, &e.0);
                    eprint!("Exception ignored in: {what}\n{text}");
                }
            }
        }
    }

    pub fn load_name(&mut self, f: &Frame, name: &Value) -> PyResult {
        if let Some(l) = &f.locals {
            let v = if l.is_type(&DICT_TYPE) {
                dict::get_item(self, l, name)?
            } else {
                match self.getitem(l, name) {
                    Ok(v) => Some(v),
                    Err(e) if e.is_instance(&crate::object::exception::KEY_ERROR) => None,
                    Err(e) => return Err(e),
                }
            };
            if let Some(v) = v {
                return Ok(v);
            }
        }
        if let Some(v) = dict::lookup_str(&f.globals, name) {
            return Ok(v);
        }
        if let Some(v) = dict::lookup_str(&f.builtins, name) {
            return Ok(v);
        }
        Err(name_not_defined(name))
    }

    /// The exception to raise for `raise X` (instantiating classes).
    pub fn make_exception(&mut self, exc: Value) -> PyResult<PyErr> {
        if let Some(t) = exc.as_type() {
            if t.is_subtype(&BASE_EXCEPTION) {
                let inst = self.call(&exc, &[])?;
                if inst.payload_exact::<Exception>().is_none() {
                    return Err(type_error(format!(
                        "calling {} should have returned an instance of BaseException, not {}",
                        t.name(),
                        inst.ty().name()
                    )));
                }
                return Ok(PyErr(inst));
            }
        } else if exc.payload_exact::<Exception>().is_some() {
            return Ok(PyErr(exc));
        }
        Err(type_error("exceptions must derive from BaseException"))
    }

    /// Unpacks `seq` into exactly `n` items (or at least `n + after` with a starred target).
    pub(crate) fn unpack(
        &mut self,
        seq: &Value,
        n: usize,
        starred_after: Option<usize>,
    ) -> PyResult<Vec<Value>> {
        let items: Vec<Value> = if seq.is_type(&TUPLE_TYPE) {
            tuple::items(seq).to_vec()
        } else if seq.is_type(&LIST_TYPE) {
            list::items(seq)
        } else {
            let it = match self.iter(seq) {
                Ok(it) => it,
                Err(e) if e.is_instance(&crate::object::exception::TYPE_ERROR) => {
                    return Err(type_error(format!(
                        "cannot unpack non-iterable {} object",
                        seq.ty().name()
                    )))
                }
                Err(e) => return Err(e),
            };
            let mut out = Vec::new();
            while let Some(v) = self.next(&it)? {
                out.push(v);
                if starred_after.is_none() && out.len() > n {
                    return Err(crate::object::exception::value_error(format!(
                        "too many values to unpack (expected {n})"
                    )));
                }
            }
            out
        };
        match starred_after {
            None => {
                if items.len() < n {
                    return Err(crate::object::exception::value_error(format!(
                        "not enough values to unpack (expected {n}, got {})",
                        items.len()
                    )));
                }
                if items.len() > n {
                    return Err(crate::object::exception::value_error(format!(
                        "too many values to unpack (expected {n})"
                    )));
                }
            }
            Some(after) => {
                if items.len() < n + after {
                    return Err(crate::object::exception::value_error(format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        n + after,
                        items.len()
                    )));
                }
            }
        }
        Ok(items)
    }

    /// `{**src}` / `f(**src)` merging into `d`.
    pub fn dict_merge(
        &mut self,
        d: &Value,
        src: &Value,
        no_dups: bool,
        callable: Option<&Value>,
    ) -> PyResult<()> {
        let pairs: Vec<(Value, Value)> = if dict::as_dict(src).is_some() {
            dict::items(src)
        } else {
            let keys_fn = src.ty().lookup_str("keys");
            match keys_fn {
                Some(_) => {
                    let keys = self.call_method(src, "keys", &[])?;
                    let mut out = Vec::new();
                    for k in self.collect(&keys)? {
                        let v = self.getitem(src, &k)?;
                        out.push((k, v));
                    }
                    out
                }
                None => {
                    return Err(type_error(match callable {
                        Some(c) => format!(
                            "{} argument after ** must be a mapping, not {}",
                            callable_name(c),
                            src.ty().name()
                        ),
                        None => format!("'{}' object is not a mapping", src.ty().name()),
                    }))
                }
            }
        };
        for (k, v) in pairs {
            if no_dups && dict::get_item(self, d, &k)?.is_some() {
                let kn = self.str_string(&k)?;
                return Err(type_error(match callable {
                    Some(c) => format!(
                        "{} got multiple values for keyword argument '{kn}'",
                        callable_name(c)
                    ),
                    None => format!("got multiple values for keyword argument '{kn}'"),
                }));
            }
            dict::set_item(self, d, k, v)?;
        }
        Ok(())
    }
}

/// `LOAD_GLOBAL` through the code object's inline cache (shared with compiled code): the
/// cached entry inline, the lookup that fills the cache out of line. A name found in the
/// globals needs only their keys version (unique to one key set of one dict: the name is
/// still at its entry, whatever values were stored since); a builtin needs both (the
/// globals' says that no global has shadowed it since).
#[inline(always)]
pub fn load_global(code: &CodeBody, f: &Frame, i: usize) -> PyResult {
    match load_global_cached(code, f, i) {
        Some(v) => Ok(v),
        None => load_global_and_cache(code, f, i),
    }
}

/// `load_global` when its cache holds the name's entry (None: the cache does not answer).
#[inline(always)]
pub(super) fn load_global_cached(code: &CodeBody, f: &Frame, i: usize) -> Option<Value> {
    let c = code.global_cache(i);
    // SAFETY: the dicts are only read while the frame's references keep them alive, and no
    // Python code runs.
    if let Some(gd) = unsafe { dict::data_unguarded(&f.globals) } {
        if gd.keys_version == c.globals_version.get() {
            let d = if !c.in_builtins.get() {
                Some(gd)
            } else {
                // SAFETY: as above.
                unsafe { dict::data_unguarded(&f.builtins) }
                    .filter(|bd| bd.keys_version == c.builtins_version.get())
            };
            if let Some(e) = d.and_then(|d| d.entry_at(c.index.get())) {
                return Some(e.value.clone());
            }
        }
    }
    None
}

/// `load_global`'s lookup when the cache does not hold the name's entry; fills the cache.
#[inline(never)]
fn load_global_and_cache(code: &CodeBody, f: &Frame, i: usize) -> PyResult {
    let c = code.global_cache(i);
    let (g, b) = (&f.globals, &f.builtins);
    let (gv, bv) = (dict::keys_version(g), dict::keys_version(b));
    let name = &code.names[i];
    let (index, in_builtins) = match dict::lookup_str_index(g, name) {
        Some(ix) => (ix, false),
        None => match dict::lookup_str_index(b, name) {
            Some(ix) => (ix, true),
            None => return Err(name_not_defined(name)),
        },
    };
    c.globals_version.set(gv);
    c.builtins_version.set(bv);
    c.index.set(index);
    c.in_builtins.set(in_builtins);
    let d = if in_builtins { b } else { g };
    dict::value_at(d, index).ok_or_else(|| name_not_defined(name))
}

/// A callable's name in the errors of `*`/`**` arguments, as CPython's
/// `_PyObject_FunctionStr` makes it: `qualname()`, after the module unless that is `builtins`
/// (`__main__.f()`, `__main__.C.m()`, `len()`, `math.sqrt()`, `list.append()`).
pub fn callable_name(c: &Value) -> String {
    let named = |module: Option<&str>, qualname: &str| match module {
        Some(m) if m != "builtins" => format!("{m}.{qualname}()"),
        _ => format!("{qualname}()"),
    };
    if let Some(fp) = c.payload_exact::<Function>() {
        let module = fp.module.borrow();
        return named(
            str::as_str(&module),
            str::as_str(&fp.qualname.borrow()).unwrap_or("?"),
        );
    }
    if let Some(b) = c.payload_exact::<function::BuiltinFunction>() {
        if let Some(owner) = b.owner_type() {
            return format!("{}.{}()", owner.qualname(), b.name);
        }
        return named(str::as_str(&b.module()), b.name);
    }
    if let Some(m) = c.payload_exact::<function::BoundMethod>() {
        return callable_name(&m.func);
    }
    if let Some(t) = c.as_type() {
        let module = t.module.borrow().to_string();
        return named(Some(&module), &t.qualname());
    }
    format!("{} object", c.ty().name())
}

/// The handler covering instruction `lasti`, if any.
/// The handler of an exception raised at `lasti` with `depth` values on the stack. A handler
/// whose depth is above the stack's does not apply (the exception leaves the frame): its code
/// was checked for a stack exactly that deep (`bytecode::units`). The compiler's tables cover
/// a few instructions after a `finally` body's `POP_EXCEPT` that CPython's leave uncovered;
/// an exception there (a `KeyboardInterrupt`) leaves the frame, as in CPython.
fn find_handler(
    code: &Code,
    lasti: usize,
    depth: usize,
) -> Option<&crate::bytecode::ExceptionTableEntry> {
    let i = lasti as u32;
    code.compiled
        .exception_table
        .iter()
        .find(|e| e.start <= i && i < e.end)
        .filter(|e| e.depth as usize <= depth)
}

impl Vm {
    /// What a call returns when its frame returned `v`: `v`; for an `__init__` frame entered
    /// to instantiate a class, the new instance (`__init__` must return None); for a special
    /// method entered for a binary operator that returned NotImplemented, what the operator
    /// goes on to (the reflected method, or its TypeError), raised at the operator.
    #[inline(always)]
    fn returned(
        &mut self,
        v: Value,
        init_self: Option<Value>,
        binary_op: Option<super::frame::PendingBinaryOp>,
    ) -> PyResult<Value> {
        if let Some(obj) = init_self {
            return super::call::check_init_result(&v).map(|()| obj);
        }
        match binary_op {
            Some(p) if v.is(&crate::object::types::not_implemented()) => {
                let (op, inplace) =
                    BinaryOperator::from_arg(p.arg).ok_or_else(|| system_error("bad BINARY_OP"))?;
                self.binary_op_declined(&p.left, &p.right, p.reflected, op, inplace)
            }
            _ => Ok(v),
        }
    }
}

/// Gives the frame's value stack room for `co_stacksize` values and a slot for every local
/// (frames are made with both; this makes the eval loop's unchecked pushes and local accesses
/// independent of how a frame was made).
#[inline(always)]
fn ensure_frame_room(f: &mut Frame, body: &CodeBody) {
    let need = body.compiled.max_stack as usize;
    if f.stack.capacity() < need {
        f.stack.reserve(need - f.stack.len());
    }
    if f.fast.len() < body.varnames.len() {
        f.fast.resize(body.varnames.len(), None);
    }
}

/// The error of a `TRAP` unit: past the last instruction, or code that failed the checks.
#[cold]
fn trap(code: &Code, pc: usize) -> PyErr {
    let name = &code.compiled.name;
    match units::decode(&code.compiled) {
        Err(e) => system_error(format!("invalid bytecode in code object '{name}': {e}")),
        Ok(_) => system_error(format!(
            "execution ran past the last instruction of code object '{name}' (at {pc})"
        )),
    }
}

fn unbound_local(code: &Code, arg: u32) -> PyErr {
    let name = &code.compiled.varnames[arg as usize];
    PyErr::new(
        &UNBOUND_LOCAL_ERROR,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

pub(crate) fn unbound_deref(code: &Code, arg: u32) -> PyErr {
    let idx = arg as usize;
    let ncell = code.compiled.cellvars.len();
    if idx < ncell {
        let name = &code.compiled.cellvars[idx];
        PyErr::new(
            &UNBOUND_LOCAL_ERROR,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    } else {
        let name = &code.compiled.freevars[idx - ncell];
        name_error(format!(
            "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
        ))
    }
}

pub(crate) fn name_not_defined(name: &Value) -> PyErr {
    let n = str::as_str(name).unwrap_or("?");
    let e = name_error(format!("name '{n}' is not defined"));
    if let Some(p) = e.0.payload_exact::<Exception>() {
        dict::set_str(&p.dict, &str::intern_static("name"), name.clone());
    }
    e
}

/// `except T:` matching (T a class or tuple of classes).
pub fn exception_matches(exc: &Value, ty: &Value) -> PyResult<bool> {
    if let Some(items) = tuple::as_tuple(ty) {
        for t in items {
            if exception_matches(exc, t)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    match ty.as_type() {
        Some(t) if t.is_subtype(&BASE_EXCEPTION) => Ok(exc.is_instance_of(t)),
        _ => Err(type_error(
            "catching classes that do not inherit from BaseException is not allowed",
        )),
    }
}

/// `s = s + t` / `s += t` whose next instruction stores into the local holding `s`: drops the
/// local's reference first, so an unshared exact str grows in place (CPython's
/// `unicode_concatenate`) and a loop of `+=` is linear. True if `a` now holds the sum.
/// For a call of a built-in function or method at `stack[callable_idx]` that needs nothing of
/// `call_with`'s general path (`NativeCall`): its native function and where its arguments start,
/// self included, with a bound method's self put into the NULL slot below the arguments (so no
/// vector is built). None for anything else.
#[inline(always)]
pub(super) fn native_call_args(
    stack: &mut [Value],
    callable_idx: usize,
    has_self: bool,
) -> Option<(crate::object::error::NativeFn, usize)> {
    let b = stack[callable_idx].payload_exact::<function::BuiltinFunction>()?;
    let native = b.func;
    match NativeCall::of(b, has_self)? {
        NativeCall::AsIs => Some((native, callable_idx + 2)),
        NativeCall::BoundSelf => {
            let bound = b.self_.clone().expect("bound self");
            stack[callable_idx + 1] = bound;
            Some((native, callable_idx + 1))
        }
        NativeCall::StackSelf => Some((native, callable_idx + 1)),
    }
}

/// A bound method of a Python function called with a NULL self slot runs as that function
/// with its self in the slot (a frame of the eval loop, not a nested call): rewrites
/// `stack[callable_idx..=callable_idx + 1]` so; leaves any other call as it is.
#[inline(always)]
pub(super) fn bind_method_self(stack: &mut [Value], callable_idx: usize) {
    if !stack[callable_idx + 1].is_null() {
        return;
    }
    let Some(m) = stack[callable_idx].payload_exact::<function::BoundMethod>() else {
        return;
    };
    if m.func.ty().layout != Layout::Function {
        return;
    }
    let (func, this) = (m.func.clone(), m.self_.clone());
    stack[callable_idx + 1] = this;
    stack[callable_idx] = func;
}

/// `fast_compare` with its commonest cases, two small ints or two floats, inlined into the eval
/// loop.
#[inline(always)]
pub(super) fn compare_inline(a: &Value, b: &Value, op: CompareOperator) -> Option<bool> {
    if a.is_small_int() && b.is_small_int() {
        let (x, y) = (a.small_int_value(), b.small_int_value());
        return Some(super::ops::compare_ints(x, y, op));
    }
    if a.is_type(&FLOAT_TYPE) && b.is_type(&FLOAT_TYPE) {
        // SAFETY: both are exact floats.
        let (x, y) = unsafe { (float::exact_value(a), float::exact_value(b)) };
        return Some(super::ops::cmp_f64(x, y, op));
    }
    super::ops::fast_compare(a, b, op)
}

/// The operands of float arithmetic that needs no Python code: two exact floats, or an exact
/// float and a small int (converted as CPython's `float` methods convert an int operand:
/// rounded to nearest, exact below 2**53).
#[inline(always)]
pub(super) fn float_operands(a: &Value, b: &Value) -> Option<(f64, f64)> {
    let value = |v: &Value| {
        if v.is_small_int() {
            Some(v.small_int_value() as f64)
        } else if v.is_type(&FLOAT_TYPE) {
            // SAFETY: an exact float.
            Some(unsafe { float::exact_value(v) })
        } else {
            None
        }
    };
    if !a.is_type(&FLOAT_TYPE) && !b.is_type(&FLOAT_TYPE) {
        return None;
    }
    Some((value(a)?, value(b)?))
}

/// `Vec::push` for the frame lists of calls and returns, kept inline whatever the inliner
/// decides for `dispatch` (which it otherwise makes a call as the loop grows); the growth is
/// out of line.
#[inline(always)]
pub(super) fn push_inline<T>(v: &mut Vec<T>, x: T) {
    if v.len() == v.capacity() {
        grow_one(v);
    }
    // SAFETY: `len < capacity` (above), so the slot is allocated and unused.
    unsafe {
        v.as_mut_ptr().add(v.len()).write(x);
        v.set_len(v.len() + 1);
    }
}

#[cold]
#[inline(never)]
fn grow_one<T>(v: &mut Vec<T>) {
    v.reserve(1);
}

/// `float::result_reusing` in code that records type feedback: the operands' kinds and the
/// result's.
#[inline(never)]
fn profiled_float_result(code: &Code, pc: usize, a: Value, b: Value, r: f64) -> Value {
    crate::tier2::profile::record(code, pc, &a);
    crate::tier2::profile::record(code, pc, &b);
    let r = float::result_reusing(r, a, b);
    crate::tier2::profile::record(code, pc, &r);
    r
}

/// `BINARY_OP` `arg` of two small ints, for the operators whose result needs no allocation
/// or check beyond an overflowing product or shift (None: the generic path answers, raising
/// for a zero divisor or a negative shift).
#[inline(always)]
pub(super) fn small_int_binop(x: i64, y: i64, arg: u32) -> Option<Value> {
    Some(match arg {
        0 | 13 => int::from_i64(x + y),
        10 | 23 => int::from_i64(x - y),
        5 | 18 => int::from_i64(x.checked_mul(y)?),
        1 | 14 => int::from_i64(x & y),
        7 | 20 => int::from_i64(x | y),
        12 | 25 => int::from_i64(x ^ y),
        // Floor division and modulo round toward negative infinity: a remainder takes the
        // divisor's sign. Small ints are far from `i64::MIN`, so `x / y` cannot overflow.
        2 | 15 if y != 0 => {
            let (q, r) = (x / y, x % y);
            int::from_i64(if r != 0 && (r < 0) != (y < 0) {
                q - 1
            } else {
                q
            })
        }
        6 | 19 if y != 0 => {
            let r = x % y;
            int::from_i64(if r != 0 && (r < 0) != (y < 0) {
                r + y
            } else {
                r
            })
        }
        9 | 22 if y >= 0 => int::from_i64(x >> y.min(63)),
        3 | 16 if (0..63).contains(&y) => {
            let r = x << y;
            if r >> y != x {
                return None;
            }
            int::from_i64(r)
        }
        _ => return None,
    })
}

/// `BINARY_OP` `arg` of two float operands (`float_operands`), for `+ - * /` (None: the
/// generic path answers, raising for a zero divisor).
#[inline(always)]
pub(super) fn float_arith(x: f64, y: f64, arg: u32) -> Option<f64> {
    match arg {
        0 | 13 => Some(x + y),
        10 | 23 => Some(x - y),
        5 | 18 => Some(x * y),
        11 | 24 if y != 0.0 => Some(x / y),
        _ => None,
    }
}

impl Vm {
    /// `BINARY_OP` `arg` the general way, appending in place for `s = s + t` when `s` has no
    /// other reference.
    pub(super) fn binary_op_generic(
        &mut self,
        f: &mut Frame,
        body: &CodeBody,
        a: &Value,
        b: &Value,
        arg: u32,
    ) -> PyResult {
        let (bop, inplace) =
            BinaryOperator::from_arg(arg).ok_or_else(|| system_error("bad BINARY_OP"))?;
        if bop == BinaryOperator::Add && append_before_store(f, body, a, b) {
            return Ok(a.clone());
        }
        // The loop popped both operands and drops them after this: one of them can hold the
        // result.
        int_local_before_store(f, body, a, b, bop);
        if let Some(r) = super::ops::int_binop_reusing(a, b, bop) {
            return r;
        }
        self.binary_op(a, b, bop, inplace)
    }
}

/// The local that the instruction after the current `BINARY_OP` stores into, when it holds
/// `v`: `x = x + y` and `x += y` store their result where their left operand came from.
fn stored_local_holding<'f>(
    f: &'f mut Frame,
    body: &CodeBody,
    v: &Value,
) -> Option<&'f mut Option<Value>> {
    let next = body.units[f.pc].get();
    if !matches!(
        Opcode::from_u8(units::op_of(next)),
        Some(Opcode::STORE_FAST | Opcode::STORE_FAST__LOAD_FAST | Opcode::STORE_FAST__STORE_FAST)
    ) {
        return None;
    }
    let slot = &mut f.fast[units::arg_of(next) as usize];
    slot.as_ref().is_some_and(|x| x.is(v)).then_some(slot)
}

/// For `x = x op y` and `x op= y` of a big int `x` held by that local and the popped operand
/// alone: gives up the local's reference (the store that follows replaces it anyway), so
/// `ops::int_binop_reusing` computes in `x`'s digits instead of copying them (`n *= k` in a
/// loop). Only when the operation cannot fail, so the local is never left unbound.
fn int_local_before_store(
    f: &mut Frame,
    body: &CodeBody,
    a: &Value,
    b: &Value,
    bop: BinaryOperator,
) {
    if a.is_type(&crate::object::types::INT_TYPE)
        && a.refcount() == 2
        && super::ops::int_reusable(a, b, bop)
    {
        if let Some(slot) = stored_local_holding(f, body, a) {
            drop(slot.take());
        }
    }
}

fn append_before_store(f: &mut Frame, body: &CodeBody, a: &Value, b: &Value) -> bool {
    if !a.is_type(&crate::object::types::STR_TYPE) || !b.is_type(&crate::object::types::STR_TYPE) {
        return false;
    }
    if let Some(slot) = stored_local_holding(f, body, a) {
        drop(slot.take());
    }
    str::append_in_place(a, str::payload(b).expect("str"))
}
