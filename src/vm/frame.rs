//! Interpreter frames. A frame is a heap box owned by the eval loop (or by a suspended
//! generator); Python-to-Python calls push frames without recursing on the Rust stack.
//!
//! Layout the JIT relies on: `fast` (locals by index), `cells` (cellvars then freevars),
//! `stack` (the value stack, never reallocated: capacity = `co_stacksize`), `pc` (next
//! instruction index).

use std::mem::ManuallyDrop;

use crate::object::code::Code;
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

    /// Re-initializes a cleared frame for a direct call from compiled code of a function whose
    /// code has no cells; the caller then moves the arguments into `fast` itself. `code_ref` is
    /// `code`'s payload. `globals` and `builtins` are *borrowed* words (not owned references):
    /// the frame must be finished with `release_call`, or given ownership of them with
    /// `own_namespaces` before it is treated as an ordinary frame.
    ///
    /// # Safety
    /// `globals` and `builtins` stay alive until the frame is released or owns them.
    #[inline(always)]
    pub unsafe fn init_call(
        &mut self,
        code: Value,
        code_ref: &Code,
        globals: ManuallyDrop<Value>,
        builtins: ManuallyDrop<Value>,
    ) {
        debug_assert!(code
            .payload_exact::<Code>()
            .is_some_and(|c| std::ptr::eq(c, code_ref)));
        self.code_ptr = code_ref;
        self.code = code;
        // The cleared frame holds tagged-int placeholders here, which own nothing.
        self.globals = ManuallyDrop::into_inner(globals);
        self.builtins = ManuallyDrop::into_inner(builtins);
        self.stack.reserve(code_ref.compiled.max_stack as usize + 1);
        self.pc = 0;
    }

    /// Makes the borrowed namespaces of a frame set up by `init_call` owned references, so the
    /// frame can be finished like any other.
    #[inline]
    pub fn own_namespaces(&mut self) {
        std::mem::forget(self.globals.clone());
        std::mem::forget(self.builtins.clone());
    }

    /// Clears a frame set up by `init_call` (whose namespaces are still borrowed) after its code
    /// returned: its value stack is empty and it has no cells or locals mapping.
    ///
    /// # Safety
    /// The frame was set up by `init_call` and `own_namespaces` was not called.
    #[inline(always)]
    pub unsafe fn release_call(&mut self) {
        debug_assert!(self.stack.is_empty() && self.cells.is_empty() && self.locals.is_none());
        let n = self.fast.len();
        // SAFETY: the length drops to 0 first, so each local is read out and dropped exactly
        // once (by hand: `clear` calls the out-of-line slice drop glue).
        unsafe {
            self.fast.set_len(0);
            let locals = self.fast.as_ptr();
            for i in 0..n {
                if let Some(v) = std::ptr::read(locals.add(i)) {
                    v.release();
                }
            }
        }
        if self.frame_object.is_some() {
            self.frame_object = None;
        }
        std::mem::replace(&mut self.code, Value::small_int_unchecked(0)).release();
        self.code_ptr = std::ptr::null();
        std::mem::forget(std::mem::replace(
            &mut self.globals,
            Value::small_int_unchecked(0),
        ));
        std::mem::forget(std::mem::replace(
            &mut self.builtins,
            Value::small_int_unchecked(0),
        ));
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
        self.code = Value::small_int_unchecked(0);
        self.globals = Value::small_int_unchecked(0);
        self.builtins = Value::small_int_unchecked(0);
        self.code_ptr = std::ptr::null();
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
            if let Some(Some(v)) = self.fast.get(i) {
                dict::set_str(&d, name, v.clone());
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
