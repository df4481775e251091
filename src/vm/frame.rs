//! Interpreter frames. A frame is a heap box owned by the eval loop (or by a suspended
//! generator); Python-to-Python calls push frames without recursing on the Rust stack.
//!
//! Layout the JIT relies on: `fast` (locals by index), `cells` (cellvars then freevars),
//! `stack` (the value stack, never reallocated: capacity = `co_stacksize`), `pc` (next
//! instruction index).

use std::cell::UnsafeCell;
use std::mem::ManuallyDrop;

use crate::object::code::Code;
use crate::object::function::Function;
use crate::object::value::Value;

pub struct Frame {
    pub code: Value,
    code_ptr: *const Code,
    pub globals: Value,
    pub builtins: Value,
    /// The locals mapping for code without NEWLOCALS (module and class bodies, exec).
    pub locals: Option<Value>,
    pub fast: Vec<Option<Value>>,
    pub cells: Vec<Value>,
    pub stack: Vec<Value>,
    /// Index of the next instruction.
    pub pc: usize,
    /// Snapshot frame object made for `sys._getframe`/tracebacks (cached).
    pub frame_object: Option<Value>,
    /// For a frame materialized for a lazy context (`tier2::lazy`) whose compiled code still
    /// runs: the context's locals, where that code keeps them (`fast` stays unbound). Null
    /// otherwise.
    pub lazy_locals: *const usize,
    /// For an `__init__` frame the eval loop entered to instantiate a class
    /// (`CALL_ALLOC_AND_ENTER_INIT`): the new instance, which the call returns once `__init__`
    /// has returned None.
    pub init_self: Option<Value>,
    /// For the frame of a special method entered for a binary operator
    /// (`fast_loop::binary_op_callee`): the operator's operands, for what its NotImplemented
    /// leaves to the caller.
    pub binary_op: Option<PendingBinaryOp>,
    /// For a frame the eval loop took from its code's `FrameCache` for a direct call: the
    /// function called, which keeps the namespaces the frame borrows alive (as CPython's
    /// `f_func`). Such a frame goes back to the cache when it finishes (`Vm::recycle_frame`).
    pub func: Option<Value>,
    /// For a generator's frame the eval loop resumed in place (`FOR_ITER_GEN`): the generator,
    /// which gets the frame back when it yields (held only while the frame runs there).
    pub generator: Option<Value>,
}

/// A binary operator whose left operand's special method runs in a frame of the eval loop
/// (`Frame::binary_op`): if that method returns NotImplemented, the caller goes on as the
/// operator would, with `reflected` (the right operand's reflected method, looked up before
/// the left one ran, as CPython's `binary_op1` reads both slots first) or the TypeError.
pub struct PendingBinaryOp {
    pub left: Value,
    pub right: Value,
    pub reflected: Option<Value>,
    /// The `BINARY_OP` argument (the operator, and whether it is the in-place form).
    pub arg: u32,
}

impl Frame {
    /// Re-initializes a recycled frame for a new activation (keeps the vectors' capacity).
    pub fn reset(&mut self, code: Value, globals: Value, builtins: Value, locals: Option<Value>) {
        let code_ptr = code.payload_exact::<Code>().expect("code object") as *const Code;
        // SAFETY: `code` is kept alive by the frame, so the payload pointer stays valid.
        let c = unsafe { &*code_ptr };
        self.code = code;
        self.code_ptr = code_ptr;
        self.globals = globals;
        self.builtins = builtins;
        self.locals = locals;
        self.fast.resize(c.compiled.varnames.len(), None);
        self.stack.reserve(c.compiled.max_stack as usize + 1);
        self.pc = 0;
    }

    /// Makes the borrowed namespaces of a frame made live by `unpark` owned references, so the
    /// frame can be finished like any other.
    #[inline]
    pub fn own_namespaces(&mut self) {
        std::mem::forget(self.globals.clone());
        std::mem::forget(self.builtins.clone());
    }

    /// Releases everything the frame references, keeping its allocations for reuse. The
    /// placeholders are tagged ints, which own nothing.
    #[inline]
    pub fn clear(&mut self) {
        self.stack.clear();
        self.fast.clear();
        self.cells.clear();
        self.locals = None;
        self.frame_object = None;
        self.lazy_locals = std::ptr::null();
        self.init_self = None;
        self.binary_op = None;
        self.generator = None;
        self.code = Value::small_int_unchecked(0);
        self.globals = Value::small_int_unchecked(0);
        self.builtins = Value::small_int_unchecked(0);
        self.code_ptr = std::ptr::null();
    }

    /// A parked frame for `code` (see `FrameCache`): shaped for it, owning nothing.
    pub fn parked(code: &Code) -> Box<Frame> {
        let cc = &code.compiled;
        Box::new(Frame {
            code: Value::small_int_unchecked(0),
            code_ptr: code,
            globals: Value::small_int_unchecked(0),
            builtins: Value::small_int_unchecked(0),
            locals: None,
            fast: vec![None; code.varnames.len()],
            cells: Vec::new(),
            stack: Vec::with_capacity(cc.max_stack as usize + 1),
            pc: 0,
            frame_object: None,
            lazy_locals: std::ptr::null(),
            init_self: None,
            binary_op: None,
            func: None,
            generator: None,
        })
    }

    /// A frame for a direct call of `func`, whose code is `code` (the payload of `code_value`):
    /// taken from the code's `FrameCache`, or a new parked one, and made live by `unpark` with
    /// the function's namespaces borrowed.
    ///
    /// # Safety
    /// The function stays alive until the frame is parked again or owns its namespaces (the
    /// caller holds a reference to it, or puts one in `func`), and no Python code runs until
    /// the frame holds its own reference to the code (taken here).
    #[inline(always)]
    pub unsafe fn take_cached(code_value: &Value, code: &Code, func: &Function) -> Box<Frame> {
        // SAFETY: the caller's promise.
        let mut frame = unsafe { Frame::take_parked(code_value, code, func) };
        if let Some(closure) = &func.closure {
            // The free variables' cells (the code has no cell variables of its own).
            frame
                .cells
                .extend(crate::object::tuple::items(closure).iter().cloned());
        }
        frame
    }

    /// `take_cached` without the closure's cells: every local unbound and no cells, for a
    /// caller that binds arguments and cells itself (`Vm::make_frame`).
    ///
    /// # Safety
    /// As `take_cached`.
    #[inline(always)]
    pub unsafe fn take_parked(code_value: &Value, code: &Code, func: &Function) -> Box<Frame> {
        // SAFETY: no Python code runs while the cache is borrowed.
        let mut frame = match unsafe { code.frame_cache.frames() }.pop() {
            Some(f) => f,
            None => Frame::parked(code),
        };
        // SAFETY: the frame was parked for `code`; the caller keeps the function, and so its
        // namespaces, alive while the frame borrows them.
        unsafe {
            frame.unpark(
                code_value.clone(),
                std::ptr::read(&func.globals as *const Value as *const ManuallyDrop<Value>),
                std::ptr::read(&func.builtins as *const Value as *const ManuallyDrop<Value>),
            );
        }
        frame
    }

    /// Makes a parked frame live for a direct call: it takes `code` (an owned reference to the
    /// code object it was parked for) and *borrows* `globals` and `builtins`; the caller then
    /// moves the arguments into the first fast locals (unbound while parked). The frame must be
    /// parked again with `park`, or given ownership of its namespaces with `own_namespaces`
    /// before it is treated as an ordinary frame.
    ///
    /// # Safety
    /// The frame was parked for `code`, and `globals` and `builtins` stay alive until the
    /// frame is parked or owns them.
    #[inline(always)]
    pub unsafe fn unpark(
        &mut self,
        code: Value,
        globals: ManuallyDrop<Value>,
        builtins: ManuallyDrop<Value>,
    ) {
        debug_assert!(code
            .payload_exact::<Code>()
            .is_some_and(|c| std::ptr::eq(c, self.code_ptr)));
        // The parked frame holds tagged-int placeholders, which own nothing.
        std::mem::forget(std::mem::replace(&mut self.code, code));
        std::mem::forget(std::mem::replace(
            &mut self.globals,
            ManuallyDrop::into_inner(globals),
        ));
        std::mem::forget(std::mem::replace(
            &mut self.builtins,
            ManuallyDrop::into_inner(builtins),
        ));
        self.pc = 0;
    }

    /// Parks a frame the eval loop made live for a direct call (`func` set) once it finished,
    /// however it finished, and puts it back into its code's cache.
    pub fn park_into_cache(mut self: Box<Frame>) {
        let func = self.func.take();
        // Empty after a return (only an exception leaves values): no call to drop none.
        if !self.stack.is_empty() {
            self.stack.clear();
        }
        self.init_self = None;
        // Set only for a special method's frame (no call to drop nothing otherwise).
        if self.binary_op.is_some() {
            self.binary_op = None;
        }
        self.lazy_locals = std::ptr::null();
        // The frame's own reference keeps the code (and so its cache) alive until the frame is
        // in the cache: the function may have a new `__code__` by now, and this reference may
        // be the last. `park` releases the placeholder left in its place, which owns nothing.
        let code = std::mem::replace(&mut self.code, Value::small_int_unchecked(0));
        let code_ptr = self.code_ptr;
        // SAFETY: made live by `unpark` (the direct-call path), its namespaces borrowed; the
        // stack was emptied above.
        unsafe { self.park() };
        // SAFETY: `code` keeps the code object alive; no Python code runs while the cache is
        // borrowed.
        let cache = unsafe { (*code_ptr).frame_cache.frames() };
        if cache.len() < FrameCache::LIMIT {
            cache.push(self);
        }
        drop(code);
        drop(func);
    }

    /// Parks a frame made live by `unpark` after its code returned (its value stack is empty):
    /// unbinds its locals and drops what it owns, keeping the shape.
    ///
    /// # Safety
    /// The frame was made live by `unpark` and `own_namespaces` was not called.
    #[inline(always)]
    pub unsafe fn park(&mut self) {
        debug_assert!(self.stack.is_empty() && self.locals.is_none());
        // Most functions have no cells: no call to drop none.
        if !self.cells.is_empty() {
            self.cells.clear();
        }
        for slot in self.fast.iter_mut() {
            if let Some(v) = slot.take() {
                v.release();
            }
        }
        if self.frame_object.is_some() {
            self.frame_object = None;
        }
        std::mem::replace(&mut self.code, Value::small_int_unchecked(0)).release();
        self.forget_namespaces();
    }

    /// Gives up the words of namespaces the frame borrows (leaving placeholders, tagged ints
    /// that own nothing) without releasing them.
    #[inline(always)]
    fn forget_namespaces(&mut self) {
        std::mem::forget(std::mem::replace(
            &mut self.globals,
            Value::small_int_unchecked(0),
        ));
        std::mem::forget(std::mem::replace(
            &mut self.builtins,
            Value::small_int_unchecked(0),
        ));
    }

    pub fn new(code: Value, globals: Value, builtins: Value, locals: Option<Value>) -> Box<Frame> {
        let code_ptr = code.payload_exact::<Code>().expect("code object") as *const Code;
        // SAFETY: `code` is kept alive by the frame, so the payload pointer stays valid.
        let c = unsafe { &*code_ptr };
        let nlocals = c.compiled.varnames.len();
        let ncells = c.compiled.cellvars.len() + c.compiled.freevars.len();
        Box::new(Frame {
            code,
            code_ptr,
            globals,
            builtins,
            locals,
            fast: vec![None; nlocals],
            cells: Vec::with_capacity(ncells),
            stack: Vec::with_capacity(c.compiled.max_stack as usize + 1),
            pc: 0,
            frame_object: None,
            lazy_locals: std::ptr::null(),
            init_self: None,
            binary_op: None,
            func: None,
            generator: None,
        })
    }

    /// The code payload.
    #[inline(always)]
    pub fn code(&self) -> &Code {
        // SAFETY: `self.code` owns the code object for the frame's lifetime.
        unsafe { &*self.code_ptr }
    }

    /// The detached lifetime version of `code()` for the eval loop, which mutates the frame
    /// while reading the code.
    ///
    /// # Safety
    /// The returned reference must not outlive the frame.
    #[inline(always)]
    pub unsafe fn code_unbound<'a>(&self) -> &'a Code {
        // SAFETY: forwarded from the caller.
        unsafe { &*self.code_ptr }
    }

    /// `locals()` / `f_locals`: the locals mapping, or for function frames a new dict of the
    /// bound fast locals and cell contents.
    pub fn locals_snapshot(&self) -> Value {
        use crate::object::{cell, dict, str};
        if let Some(l) = &self.locals {
            return l.clone();
        }
        let d = dict::new_dict();
        let code = self.code();
        for (i, name) in code.varnames.iter().enumerate() {
            if let Some(v) = self.local(i) {
                dict::set_str(&d, name, v);
            }
        }
        let cc = &code.compiled;
        for (i, name) in cc.cellvars.iter().chain(cc.freevars.iter()).enumerate() {
            if let Some(v) = self.cells.get(i).and_then(cell::get) {
                dict::set_str(&d, &str::intern(name), v);
            }
        }
        d
    }

    /// Fast local `i`, if bound (read where the frame's code keeps it).
    pub fn local(&self, i: usize) -> Option<Value> {
        if self.lazy_locals.is_null() {
            return self.fast.get(i).cloned().flatten();
        }
        if i >= self.fast.len() {
            return None;
        }
        // SAFETY: a lazy context's locals area holds `fast.len()` words, each 0 or an owned
        // value word, and outlives the frame's materialized state (`tier2::lazy`).
        let w = unsafe { *self.lazy_locals.add(i) };
        if w == 0 {
            return None;
        }
        // SAFETY: as above; the word is borrowed, and cloned (increfed) at once.
        let borrowed = ManuallyDrop::new(unsafe { Value::from_raw(w) });
        Some(Value::clone(&borrowed))
    }

    /// Index of the instruction being executed (or, in a caller, the call): `pc` always points
    /// just past it, so it need not be stored on every dispatch.
    #[inline]
    pub fn lasti(&self) -> usize {
        self.pc.saturating_sub(1)
    }

    pub fn current_line(&self) -> u32 {
        self.code().line_at(self.lasti())
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        if self.func.is_some() {
            // A direct call's frame borrows its namespaces from `func`: they are not the
            // frame's to release (a frame dropped instead of recycled, as one refused for
            // exceeding the recursion limit).
            self.forget_namespaces();
        }
    }
}

/// The frames parked for direct calls from compiled code to one code object (a field of the
/// code object). A parked frame is already shaped for its code (`fast` sized with every local
/// unbound, the value stack's capacity reserved, `code_ptr` set) and owns nothing, so a call
/// takes one, moves the arguments in and runs; the cache holds a frame per level of recursion
/// in progress, up to `FrameCache::LIMIT`.
#[derive(Default)]
// Boxed: a live frame's address is in `Vm::frames`, so frames never move.
#[allow(clippy::vec_box)]
pub struct FrameCache(UnsafeCell<Vec<Box<Frame>>>);

impl FrameCache {
    /// Frames kept parked per code object.
    pub const LIMIT: usize = 64;

    /// The cache's frames.
    ///
    /// # Safety
    /// The VM is single-threaded and the returned reference is not held across anything that
    /// could take it again (no Python code runs while it is used).
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn frames(&self) -> &mut Vec<Box<Frame>> {
        // SAFETY: forwarded from the caller.
        unsafe { &mut *self.0.get() }
    }
}
