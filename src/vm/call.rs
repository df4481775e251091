//! Calls: dispatch on the callable's kind, binding arguments into a new frame (CPython's
//! rules and messages), and instantiation through `type.__call__`.

use super::frame::Frame;
use super::Vm;
use crate::bytecode::code::code_flags;
use crate::object::code::Code;
use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::function::{BoundMethod, BuiltinFunction, Function};
use crate::object::typeobj::{flags, Layout, TypeObject};
use crate::object::types::{none, MethodKind, TYPE_TYPE};
use crate::object::value::Value;
use crate::object::*;

/// How a call of a built-in function or method can skip `call_with`'s general path.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum NativeCall {
    /// A module's function (`len`), called without a self, takes the arguments as they are.
    AsIs,
    /// A built-in method bound to an object, called without a self, takes that object first.
    BoundSelf,
    /// A method that `LOAD_METHOD` found on the type of the self below the arguments takes
    /// that self (an instance of its owner by construction).
    StackSelf,
}

impl NativeCall {
    /// The way to call `b` (`has_self`: a self sits below the arguments), or None when the
    /// general path must check something (`__new__` checks its target).
    #[inline(always)]
    pub fn of(b: &BuiltinFunction, has_self: bool) -> Option<NativeCall> {
        match (&b.self_, b.kind) {
            (_, MethodKind::Static) if !has_self && b.name != "__new__" => Some(NativeCall::AsIs),
            (Some(_), MethodKind::Method | MethodKind::Class) if !has_self => {
                Some(NativeCall::BoundSelf)
            }
            (None, MethodKind::Method) if has_self => Some(NativeCall::StackSelf),
            _ => None,
        }
    }
}

impl Vm {
    /// `f(*args)`.
    pub fn call(&mut self, f: &Value, args: &[Value]) -> PyResult {
        self.call_with(f, Args::new(args))
    }

    /// `f(*args, **kw)` in vectorcall form.
    pub fn call_with(&mut self, f: &Value, args: Args) -> PyResult {
        if f.is_small_int() {
            return Err(not_callable(f));
        }
        match f.ty().layout {
            Layout::Function => {
                if args.kwnames.is_empty() {
                    if let Some(mut frame) = Vm::cached_frame(f, args.values.len()) {
                        frame.func = Some(f.clone());
                        for (slot, v) in frame.fast.iter_mut().zip(args.values) {
                            *slot = Some(v.clone());
                        }
                        return self.run_function_frame(frame, f);
                    }
                }
                let frame = self.make_frame(f, args)?;
                self.run_function_frame(frame, f)
            }
            Layout::BuiltinFunction => {
                let b = f.payload_exact::<BuiltinFunction>().expect("builtin");
                match &b.self_ {
                    Some(s) if b.kind != MethodKind::Static => {
                        let mut v = Vec::with_capacity(args.values.len() + 1);
                        v.push(s.clone());
                        v.extend_from_slice(args.values);
                        self.call_native(b.func, Args::with_kwnames(&v, args.kwnames))
                    }
                    _ => {
                        // A type's `__new__` called without the type to make (CPython's
                        // `tp_new_wrapper` check).
                        if b.kind == MethodKind::Static && b.name == "__new__" {
                            check_new_target(b, args.positional())?;
                        }
                        if b.kind != MethodKind::Static && b.self_.is_none() {
                            check_unbound_self(b, args.positional())?;
                        }
                        self.call_native(b.func, args)
                    }
                }
            }
            Layout::BoundMethod => {
                let m = f.payload_exact::<BoundMethod>().expect("method");
                let mut v = Vec::with_capacity(args.values.len() + 1);
                v.push(m.self_.clone());
                v.extend_from_slice(args.values);
                let func = m.func.clone();
                self.call_with(&func, Args::with_kwnames(&v, args.kwnames))
            }
            Layout::Type => self.type_call(f, args),
            Layout::StaticMethod => {
                let inner = f
                    .payload_exact::<descr::StaticMethod>()
                    .expect("sm")
                    .0
                    .borrow()
                    .clone();
                self.call_with(&inner, args)
            }
            _ => match f.ty().lookup_str("__call__") {
                // A plain built-in function (`NewType.__call__ = _idfunc`) does not bind.
                Some(c) if is_plain_builtin(&c) => self.call_with(&c, args),
                Some(c) => {
                    let mut v = Vec::with_capacity(args.values.len() + 1);
                    v.push(f.clone());
                    v.extend_from_slice(args.values);
                    self.call_with(&c, Args::with_kwnames(&v, args.kwnames))
                }
                None => Err(not_callable(f)),
            },
        }
    }

    /// Runs a native function; a Rust panic inside it (always a Heron bug) becomes a
    /// `SystemError` instead of tearing down the process.
    #[inline]
    pub fn call_native(&mut self, func: crate::object::error::NativeFn, args: Args) -> PyResult {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| func(self, args))) {
            Ok(r) => r,
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "unknown panic".into());
                Err(crate::object::exception::system_error(format!(
                    "internal error in Heron: {msg}"
                )))
            }
        }
    }

    /// Calls `obj.name(*args)`.
    /// Calls a special method found on the type of `args[0]` (its self), binding it as
    /// CPython's slot lookups do: functions take self directly; other descriptors (a
    /// staticmethod, `unittest.mock`'s MagicProxy) are bound through `__get__` first; a
    /// callable without `__get__` is called without self.
    pub fn call_slot(&mut self, f: &Value, args: &[Value]) -> PyResult {
        use crate::object::typeobj::Layout;
        if let Some(b) = f.payload_exact::<BuiltinFunction>() {
            // A built-in type's method found on the type of its self: the check of the self's
            // type `call_with` makes for an unbound method holds by construction.
            if b.kind == MethodKind::Method
                && b.self_.is_none()
                && !b.owner.is_null()
                && !args.is_empty()
            {
                return self.call_native(b.func, Args::new(args));
            }
        }
        if f.ty().layout == Layout::Function
            || (f.ty().layout == Layout::BuiltinFunction && !is_plain_builtin(f))
        {
            return self.call(f, args);
        }
        if f.ty().lookup_str("__get__").is_some() {
            let owner = args[0].ty();
            let bound = crate::vm::attr::descr_get(self, f, Some(&args[0]), owner)?;
            return self.call(&bound, &args[1..]);
        }
        self.call(f, &args[1..])
    }

    pub fn call_method(&mut self, obj: &Value, name: &str, args: &[Value]) -> PyResult {
        let n = str::intern(name);
        let (f, this) = self.load_method(obj, &n)?;
        match this {
            Some(s) => {
                let mut v = Vec::with_capacity(args.len() + 1);
                v.push(s);
                v.extend_from_slice(args);
                self.call(&f, &v)
            }
            None => self.call(&f, args),
        }
    }

    /// Runs a function's new frame to completion (or makes a generator).
    pub fn run_function_frame(&mut self, frame: Box<Frame>, f: &Value) -> PyResult {
        if frame.code().is_resumable() {
            let func = f.payload_exact::<Function>().expect("function");
            let name = func.name.borrow().clone();
            let qualname = func.qualname.borrow().clone();
            return Ok(generator::new_generator(frame, name, qualname));
        }
        let mut frame = frame;
        if let Some(entry) = crate::tier2::entry_for(self, &frame, crate::tier2::CALL_WEIGHT) {
            if self.depth() >= self.recursion_limit || crate::run::native_stack_exhausted() {
                self.recycle_frame(frame);
                return Err(crate::object::exception::recursion_error(
                    "maximum recursion depth exceeded",
                ));
            }
            self.frames.push(&*frame as *const Frame);
            let exit = crate::tier2::runtime::run_compiled(self, &mut frame, entry);
            self.frames.pop();
            return self.finish_compiled(frame, exit);
        }
        self.run_frame(frame)
    }

    /// Finishes a function frame that compiled code left (the frame is no longer in
    /// `self.frames`) and recycles it: a return gives its value; after a deopt the interpreter
    /// continues the frame at its `pc` with the stack the exit wrote; an exception raised in it
    /// goes through the interpreter's unwinder from `pc - 1`, which adds the frame's traceback
    /// entry (and would find a handler in it) exactly as if the frame had been interpreted.
    pub fn finish_compiled(&mut self, frame: Box<Frame>, exit: crate::tier2::Exit) -> PyResult {
        match exit {
            crate::tier2::Exit::Return(v) => {
                self.recycle_frame(frame);
                Ok(v)
            }
            crate::tier2::Exit::Deopt => self.run_frame(frame),
            crate::tier2::Exit::Yield(_) => Err(crate::object::exception::system_error(
                "yield outside a generator frame",
            )),
            crate::tier2::Exit::Error(e) => {
                let (frame, r) = self.execute(frame, Some(e));
                self.recycle_frame(frame);
                match r? {
                    super::eval::Exit::Return(v) => Ok(v),
                    super::eval::Exit::Yield(_) => Err(crate::object::exception::system_error(
                        "yield outside a generator frame",
                    )),
                }
            }
        }
    }

    /// Binds `args` to a new frame for the Python function `f` (CPython's `_PyEval_MakeFrame`
    /// argument rules).
    pub fn make_frame(&mut self, f: &Value, args: Args) -> PyResult<Box<Frame>> {
        let func = f.payload_exact::<Function>().expect("function");
        // No Python code runs while binding, so `__code__` cannot change under this borrow.
        let code_value = func.code.borrow();
        let code = code_value.payload_exact::<Code>().expect("code");
        let cc = &code.compiled;
        let mut frame = if cc.flags & code_flags::NEWLOCALS != 0 && !code.is_resumable() {
            // A function frame ends in `recycle_frame`, so it can come from (and go back to)
            // the code's frame cache as direct calls' frames do.
            // SAFETY: the frame holds the function (`frame.func`) before any Python code runs.
            let mut frame = unsafe { Frame::take_parked(&code_value, code, func) };
            frame.func = Some(f.clone());
            frame
        } else {
            let mut frame = self.new_frame(
                code_value.clone(),
                func.globals.clone(),
                func.builtins.clone(),
                None,
            );
            if cc.flags & code_flags::NEWLOCALS == 0 {
                frame.locals = Some(dict::new_dict());
            }
            frame
        };
        let pos = args.positional();
        let argcount = cc.argcount as usize;
        let kwonly = cc.kwonlyargcount as usize;
        let has_varargs = cc.flags & code_flags::VARARGS != 0;
        let has_varkw = cc.flags & code_flags::VARKEYWORDS != 0;
        // Fast path: exact positional arguments.
        if args.kwnames.is_empty()
            && pos.len() == argcount
            && kwonly == 0
            && !has_varargs
            && !has_varkw
        {
            for (slot, v) in frame.fast.iter_mut().zip(pos.iter()) {
                *slot = Some(v.clone());
            }
        } else if let Err(e) = self.bind_slow(&mut frame, func, code, args) {
            self.recycle_frame(frame);
            return Err(e);
        }
        self.init_cells(&mut frame, func, code);
        Ok(frame)
    }

    /// A frame for a call of the Python function `func` with `n` positional arguments, when
    /// they bind directly (`Code::direct_argc`, the trailing parameters a shorter call leaves
    /// out bound to their defaults here): taken from the code's `FrameCache`, it borrows the
    /// function's namespaces and has its first `n` locals unbound. The caller binds them
    /// (`take_args`, or from a slice) and gives the frame a reference to the function
    /// (`frame.func`, as CPython's `f_func`), which keeps the namespaces alive; the frame goes
    /// back to the cache when it finishes (`Vm::recycle_frame`). None for any other call.
    #[inline(always)]
    pub fn cached_frame(func_value: &Value, n: usize) -> Option<Box<Frame>> {
        // SAFETY: no Python code runs before the frame holds its own reference to the code.
        let (func, code_value, code) = unsafe { function_code(func_value) }?;
        let argc = code.direct_argc as usize;
        if argc == n {
            // SAFETY: the caller gives the frame the function (`frame.func`) before anything
            // runs, which keeps it and its namespaces alive while the frame borrows them; the
            // frame goes back to the cache through `park_into_cache`.
            let frame = unsafe { Frame::take_cached(code_value, code, func) };
            debug_assert!(frame.fast.len() >= n);
            return Some(frame);
        }
        if n > argc || argc == u32::MAX as usize {
            return None;
        }
        // SAFETY: as for the code; the defaults tuple is only read.
        let defaults = unsafe { func.defaults.try_borrow_unguarded() }
            .ok()?
            .as_ref()?;
        let defaults = tuple::items(defaults);
        let first_default = argc.checked_sub(defaults.len())?;
        if n < first_default {
            return None;
        }
        // SAFETY: as above.
        let mut frame = unsafe { Frame::take_cached(code_value, code, func) };
        for (i, d) in (n..argc).zip(&defaults[n - first_default..]) {
            frame.fast[i] = Some(d.clone());
        }
        Some(frame)
    }

    /// A frame for a call of the Python function at `stack[callable_idx]` with the values of
    /// `stack[start..]`, whose last `kwnames.len()` are passed by the keywords `kwnames`,
    /// when the code `binds_in_frame` and the call binds without an error: the values move
    /// into the locals of a frame from the code's `FrameCache` (the stack ends at `start`),
    /// defaults fill the parameters left out, and the caller gives the frame its function
    /// (`frame.func`), as for `cached_frame`. None, the stack untouched, for any other call,
    /// which binds the general way (and raises there if it must).
    #[inline(always)]
    pub fn keyword_frame(
        stack: &mut Vec<Value>,
        callable_idx: usize,
        start: usize,
        kwnames: &[Value],
    ) -> Option<Box<Frame>> {
        // SAFETY: no Python code runs before the frame holds its own reference to the code.
        let (_, _, code) = unsafe { function_code(&stack[callable_idx]) }?;
        if !code.binds_in_frame {
            return None;
        }
        Vm::bind_keyword_frame(stack, callable_idx, start, kwnames)
    }

    /// `keyword_frame` for code that `binds_in_frame`.
    #[inline(never)]
    fn bind_keyword_frame(
        stack: &mut Vec<Value>,
        callable_idx: usize,
        start: usize,
        kwnames: &[Value],
    ) -> Option<Box<Frame>> {
        // SAFETY: as in `keyword_frame`.
        let (func, code_value, code) = unsafe { function_code(&stack[callable_idx]) }?;
        let cc = &code.compiled;
        let nparams = cc.argcount as usize + cc.kwonlyargcount as usize;
        let npos = (stack.len() - start).checked_sub(kwnames.len())?;
        if npos > cc.argcount as usize || nparams > 64 {
            return None;
        }
        // SAFETY: as for the code; the defaults are only read, and the caller gives the frame
        // the function before anything runs.
        let defaults = unsafe { func.defaults.try_borrow_unguarded() }.ok()?;
        // SAFETY: as above.
        let kwdefaults = unsafe { func.kwdefaults.try_borrow_unguarded() }.ok()?;
        // SAFETY: as above.
        let mut frame = unsafe { Frame::take_cached(code_value, code, func) };
        let binding = Binding {
            code,
            args: &stack[start..],
            npos,
            kwnames,
            defaults,
            kwdefaults,
        };
        // SAFETY: the frame's locals are unbound (`take_cached`); on success the stack gives
        // up the values (below).
        if unsafe { binding.bind(&mut frame) } {
            // SAFETY: the frame's locals own the values now (`Binding::bind`).
            unsafe { stack.set_len(start) };
            return Some(frame);
        }
        frame.park_into_cache();
        None
    }

    /// Moves the values of `stack[start..]` into the first locals of a frame from
    /// `cached_frame` (unbound there); the stack ends at `start`.
    #[inline(always)]
    pub fn take_args(frame: &mut Frame, stack: &mut Vec<Value>, start: usize) {
        let n = stack.len() - start;
        assert!(n <= frame.fast.len());
        // SAFETY: the `n` values are moved out exactly once: read, then the stack's length is
        // cut back to `start`, so it no longer owns them; the locals they go to are unbound
        // (`cached_frame`), so nothing is overwritten.
        unsafe {
            let src = stack.as_ptr().add(start) as *const Option<Value>;
            let dst = frame.fast.as_mut_ptr();
            for i in 0..n {
                std::ptr::write(dst.add(i), std::ptr::read(src.add(i)));
            }
            stack.set_len(start);
        }
    }

    fn bind_slow(
        &mut self,
        frame: &mut Frame,
        func: &Function,
        code: &Code,
        args: Args,
    ) -> PyResult<()> {
        let cc = &code.compiled;
        let pos = args.positional();
        let argcount = cc.argcount as usize;
        let posonly = cc.posonlyargcount as usize;
        let kwonly = cc.kwonlyargcount as usize;
        let has_varargs = cc.flags & code_flags::VARARGS != 0;
        let has_varkw = cc.flags & code_flags::VARKEYWORDS != 0;
        // Only the error paths need the name (making it costs an allocation).
        let qualname = || {
            str::as_str(&func.qualname.borrow())
                .unwrap_or("?")
                .to_string()
        };
        for (slot, v) in frame.fast.iter_mut().zip(pos.iter().take(argcount)) {
            *slot = Some(v.clone());
        }
        let mut idx = argcount + kwonly;
        if has_varargs {
            let extra = pos.get(argcount..).unwrap_or(&[]);
            frame.fast[idx] = Some(tuple::from_slice(extra));
            idx += 1;
        } else if pos.len() > argcount {
            return Err(self.too_many_positional(func, code, &qualname(), pos.len(), args));
        }
        let kwdict = if has_varkw {
            let d = dict::new_dict();
            frame.fast[idx] = Some(d.clone());
            Some(d)
        } else {
            None
        };
        let mut posonly_as_kw: Vec<String> = Vec::new();
        for (k, v) in args.keywords() {
            let kname = str::as_str(k).unwrap_or("");
            // Keyword names and parameter names are interned alike, so identity finds almost
            // every match; equal strings find the rest.
            let names = &code.varnames[..argcount + kwonly];
            let found = names
                .iter()
                .position(|vn| vn.is(k))
                .or_else(|| names.iter().position(|vn| str::as_str(vn) == Some(kname)));
            match found {
                Some(i) if i >= posonly => {
                    if frame.fast[i].is_some() {
                        return Err(type_error(format!(
                            "{}() got multiple values for argument '{kname}'",
                            qualname()
                        )));
                    }
                    frame.fast[i] = Some(v.clone());
                }
                _ => match &kwdict {
                    Some(d) => {
                        dict::set_item(self, d, k.clone(), v.clone())?;
                    }
                    None => {
                        if let Some(i) = found {
                            let _ = i;
                            posonly_as_kw.push(kname.to_string());
                        } else {
                            return Err(type_error(format!(
                                "{}() got an unexpected keyword argument '{kname}'",
                                qualname()
                            )));
                        }
                    }
                },
            }
        }
        if !posonly_as_kw.is_empty() {
            return Err(type_error(format!(
                "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                qualname(),
                posonly_as_kw.join(", ")
            )));
        }
        // Defaults for missing positional parameters.
        let defaults_tuple = func.defaults.borrow().clone();
        let defaults: &[Value] = defaults_tuple.as_ref().map_or(&[], tuple::items);
        let mut missing: Vec<String> = Vec::new();
        for i in 0..argcount {
            if frame.fast[i].is_none() {
                match positional_default(defaults, argcount, i) {
                    Some(d) => frame.fast[i] = Some(d.clone()),
                    None => missing.push(cc.varnames[i].to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{}() missing {} required positional argument{}: {}",
                qualname(),
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
        let kwdefaults = func.kwdefaults.borrow().clone();
        for i in argcount..argcount + kwonly {
            if frame.fast[i].is_none() {
                let d = match &kwdefaults {
                    Some(kd) => dict::lookup_str(kd, &code.varnames[i]),
                    None => None,
                };
                match d {
                    Some(v) => frame.fast[i] = Some(v),
                    None => missing.push(cc.varnames[i].to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{}() missing {} required keyword-only argument{}: {}",
                qualname(),
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
        Ok(())
    }

    fn too_many_positional(
        &mut self,
        func: &Function,
        code: &Code,
        qualname: &str,
        given: usize,
        args: Args,
    ) -> crate::object::error::PyErr {
        let cc = &code.compiled;
        let argcount = cc.argcount as usize;
        let ndefaults = func
            .defaults
            .borrow()
            .as_ref()
            .map(|d| tuple::items(d).len())
            .unwrap_or(0);
        let kwonly_given = args
            .keywords()
            .filter(|(k, _)| {
                code.varnames[argcount..argcount + cc.kwonlyargcount as usize]
                    .iter()
                    .any(|v| str::as_str(v) == str::as_str(k))
            })
            .count();
        let takes = if ndefaults > 0 {
            format!(
                "from {} to {} positional arguments",
                argcount as isize - ndefaults as isize,
                argcount
            )
        } else {
            format!(
                "{} positional argument{}",
                argcount,
                if argcount == 1 { "" } else { "s" }
            )
        };
        let was = if given == 1 && kwonly_given == 0 {
            "was"
        } else {
            "were"
        };
        let extra = if kwonly_given > 0 {
            format!(
                " positional argument{} (and {} keyword-only argument{})",
                if given == 1 { "" } else { "s" },
                kwonly_given,
                if kwonly_given == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        };
        type_error(format!(
            "{qualname}() takes {takes} but {given}{extra} {was} given"
        ))
    }

    fn init_cells(&mut self, frame: &mut Frame, func: &Function, code: &Code) {
        let cc = &code.compiled;
        if cc.cellvars.is_empty() && cc.freevars.is_empty() {
            return;
        }
        for i in 0..cc.cellvars.len() {
            let init = cc
                .cell2arg
                .get(i)
                .copied()
                .flatten()
                .and_then(|a| frame.fast[a as usize].take());
            frame.cells.push(cell::new_cell(init));
        }
        if let Some(cl) = &func.closure {
            for c in tuple::items(cl) {
                frame.cells.push(c.clone());
            }
        }
    }

    /// `cls(*args, **kw)`: `__new__` then `__init__`.
    pub fn type_call(&mut self, cls_v: &Value, args: Args) -> PyResult {
        let _cls = cls_v.as_type().expect("type");
        let meta = cls_v.ty();
        if !std::ptr::eq(meta, &TYPE_TYPE) && meta.is_heap() {
            if let Some(c) = meta.lookup_str("__call__") {
                if c.ty().layout == Layout::Function {
                    let mut v = vec![cls_v.clone()];
                    v.extend_from_slice(args.values);
                    return self.call_with(&c, Args::with_kwnames(&v, args.kwnames));
                }
            }
        }
        self.type_call_plain(cls_v, args)
    }

    /// `type.__call__(cls, *args, **kw)` without the metaclass `__call__` check.
    pub fn type_call_plain(&mut self, cls_v: &Value, args: Args) -> PyResult {
        let cls = cls_v.as_type().expect("type");
        if std::ptr::eq(cls, &TYPE_TYPE) && args.values.len() == 1 && args.kwnames.is_empty() {
            return Ok(args.values[0].ty().to_value());
        }
        let new = type_new_function(cls)
            .filter(|_| !cls.has_flag(crate::object::typeobj::flags::DISALLOW_INSTANTIATION))
            .ok_or_else(|| {
                let module = cls.module.borrow();
                type_error(if *module == "builtins" {
                    format!("cannot create '{}' instances", cls.name())
                } else {
                    format!("cannot create '{module}.{}' instances", cls.name())
                })
            })?;
        let mut v = Vec::with_capacity(args.values.len() + 1);
        v.push(cls_v.clone());
        v.extend_from_slice(args.values);
        let obj = self.call_with(&new, Args::with_kwnames(&v, args.kwnames))?;
        self.init_new_object(cls, &new, obj, &mut v, args.kwnames)
    }

    /// The rest of `type.__call__` once `new` (the class's `__new__`) made `obj` from
    /// `new_args` (the class, then the call's arguments): `__init__` runs on it, with the
    /// call's arguments, when it is an instance of `cls`.
    pub fn init_new_object(
        &mut self,
        cls: &TypeObject,
        new: &Value,
        obj: Value,
        new_args: &mut [Value],
        kwnames: &[Value],
    ) -> PyResult {
        if !obj.is_instance_of(cls) {
            return Ok(obj);
        }
        let oty = obj.ty();
        if let Some(init) = oty.lookup_str("__init__") {
            // `object.__init__` only checks for excess arguments, an error when `__new__` is
            // `object.__new__` as well: skip the call when it would pass (`tuple(x)`, `set()`).
            use crate::builtins::methods::object::is_object_method;
            if std::ptr::eq(oty, cls)
                && is_object_method(&init, "__init__")
                && (new_args.len() == 1 || !is_object_method(new, "__new__"))
            {
                return Ok(obj);
            }
            new_args[0] = obj.clone();
            let r = self.call_with(&init, Args::with_kwnames(new_args, kwnames))?;
            check_init_result(&r)?;
        }
        Ok(obj)
    }
}

/// Whether `callable` is a Python function whose calls can bind in a frame from its code's
/// cache (`Code::binds_in_frame`).
pub fn binds_in_frame(callable: &Value) -> bool {
    // SAFETY: only read here, and no Python code runs.
    unsafe { function_code(callable) }.is_some_and(|(_, _, code)| code.binds_in_frame)
}

/// Whether `callable` is a Python function whose call runs its code in a new frame (not a
/// generator or coroutine function, whose call makes an object instead).
pub fn makes_plain_frame(callable: &Value) -> bool {
    // SAFETY: only read here, and no Python code runs.
    unsafe { function_code(callable) }.is_some_and(|(_, _, code)| {
        !code.is_resumable() && code.compiled.flags & code_flags::NEWLOCALS != 0
    })
}

/// Whether `callable` is a generator (or coroutine) function whose `n` positional parameters,
/// and no others, `n` positional arguments fill (`CALL_PY_GENERATOR`).
pub fn makes_generator_with(callable: &Value, n: usize) -> bool {
    // SAFETY: only read here, and no Python code runs.
    unsafe { function_code(callable) }.is_some_and(|(_, _, code)| {
        let cc = &code.compiled;
        code.is_resumable()
            && cc.flags & (code_flags::VARARGS | code_flags::VARKEYWORDS) == 0
            && cc.flags & code_flags::NEWLOCALS != 0
            && cc.kwonlyargcount == 0
            && cc.argcount as usize == n
    })
}

/// Whether calling `callable` with `n` arguments, the last `kwnames.len()` of them by those
/// keywords, binds exactly as passing all of them by position: each keyword names the
/// positional-or-keyword parameter its position fills (`f(x, flag=True)`), so the call can take
/// the positional path.
pub fn keywords_in_place(callable: &Value, n: usize, kwnames: &[Value]) -> bool {
    // SAFETY: only read here, and no Python code runs.
    let Some((_, _, code)) = (unsafe { function_code(callable) }) else {
        return false;
    };
    let cc = &code.compiled;
    let Some(first_keyword) = n.checked_sub(kwnames.len()) else {
        return false;
    };
    n <= cc.argcount as usize
        && first_keyword >= cc.posonlyargcount as usize
        && kwnames
            .iter()
            .zip(&code.varnames[first_keyword..n])
            .all(|(k, name)| k.is(name))
}

/// `cls.__new__` as `type.__call__` calls it (a `staticmethod` unwrapped).
pub fn type_new_function(cls: &TypeObject) -> Option<Value> {
    let new = cls.lookup_str("__new__")?;
    Some(match new.payload_exact::<descr::StaticMethod>() {
        Some(sm) => sm.0.borrow().clone(),
        None => new,
    })
}

/// `__init__` must return None.
pub fn check_init_result(r: &Value) -> PyResult<()> {
    if r.is_none() {
        return Ok(());
    }
    Err(type_error(format!(
        "__init__() should return None, not '{}'",
        r.ty().name()
    )))
}

fn name_list(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        _ => format!("{}, and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
    }
}

pub fn not_callable(f: &Value) -> crate::object::error::PyErr {
    type_error(format!("'{}' object is not callable", f.ty().name()))
}

/// Recomputes the flags that make attribute access take the slow path.
pub fn update_type_flags(t: &TypeObject) {
    let mut f =
        t.flags.get() & !(flags::CUSTOM_GETATTR | flags::CUSTOM_SETATTR | flags::HAS_FINALIZER);
    for base in t.mro.borrow().iter() {
        let b = base.as_type().expect("type");
        if !b.is_heap() {
            // A built-in type with a finalizer (the io classes) passes it on.
            f |= b.flags.get() & flags::HAS_FINALIZER;
            continue;
        }
        let d = b.dict.borrow().clone();
        if let Some(d) = d {
            for n in ["__getattribute__", "__getattr__"] {
                if dict::lookup_str(&d, &str::intern(n)).is_some() {
                    f |= flags::CUSTOM_GETATTR;
                }
            }
            if dict::lookup_str(&d, &str::intern_static("__del__")).is_some() {
                f |= flags::HAS_FINALIZER;
            }
            for n in ["__setattr__", "__delattr__"] {
                if dict::lookup_str(&d, &str::intern(n)).is_some() {
                    f |= flags::CUSTOM_SETATTR;
                }
            }
        }
    }
    t.flags.set(f);
    for w in t.subclasses.borrow().iter() {
        // SAFETY: subclasses unregister themselves before they are freed.
        update_type_flags(unsafe { &*(*w as *const TypeObject) });
    }
}

/// True if `v` is callable.
/// Whether `f` is a built-in function that is no method of a type (`len`, a module's
/// function): CPython's `builtin_function_or_method` has no `__get__`, so a class attribute
/// holding one is called without the instance.
fn is_plain_builtin(f: &Value) -> bool {
    f.payload_exact::<BuiltinFunction>()
        .is_some_and(|b| b.owner_type().is_none())
}

pub fn is_callable(v: &Value) -> bool {
    if v.is_small_int() {
        return false;
    }
    match v.ty().layout {
        Layout::Function
        | Layout::BuiltinFunction
        | Layout::BoundMethod
        | Layout::Type
        | Layout::StaticMethod => true,
        _ => v.ty().lookup_str("__call__").is_some(),
    }
}

/// The positional arguments as a vector plus None (for `none()` convenience in natives).
pub fn none_if_missing(v: Option<&Value>) -> Value {
    v.cloned().unwrap_or_else(none)
}

/// What CPython's `tp_new_wrapper` checks before a type's `__new__` runs: a first argument,
/// which is a type, and a subtype of the type whose `__new__` this is.
fn check_new_target(b: &BuiltinFunction, positional: &[Value]) -> PyResult<()> {
    let owner = b.owner_type();
    // Only the error paths need the name (building it costs an allocation per call).
    let owner_name = || owner.map_or_else(|| "object".to_string(), |t| t.name());
    let Some(first) = positional.first() else {
        return Err(type_error(format!(
            "{}.__new__(): not enough arguments",
            owner_name()
        )));
    };
    let Some(target) = first.as_type() else {
        return Err(type_error(format!(
            "{}.__new__(X): X is not a type object ({})",
            owner_name(),
            first.ty().name()
        )));
    };
    if let Some(owner) = owner {
        if !std::ptr::eq(target, owner) && !target.is_subtype(owner) {
            let t = target.name();
            return Err(type_error(format!(
                "{o}.__new__({t}): {t} is not a subtype of {o}",
                o = owner_name()
            )));
        }
    }
    Ok(())
}

/// CPython's checks of the first argument of an unbound built-in method called directly
/// (`str.upper(5)`, `int.__add__("a", 1)`, `dict.__dict__['fromkeys'](5)`), with the message
/// of the descriptor kind CPython has for it.
fn check_unbound_self(b: &BuiltinFunction, pos: &[Value]) -> PyResult<()> {
    let owner = b.owner_type();
    // Only the error paths need the name (building it costs an allocation per call).
    let owner_name = || owner.map(|o| o.name()).unwrap_or_default();
    let Some(this) = pos.first() else {
        let owner_name = owner_name();
        return Err(type_error(match owner {
            Some(_) if b.kind == MethodKind::Class || b.is_slot_wrapper() => format!(
                "descriptor '{}' of '{owner_name}' object needs an argument",
                b.name
            ),
            Some(_) => format!("unbound method {owner_name}.{}() needs an argument", b.name),
            None => format!("unbound method {}() needs an argument", b.name),
        }));
    };
    let Some(owner) = owner else {
        return Ok(());
    };
    if b.kind == MethodKind::Class {
        return crate::object::function::check_classmethod_target(b, owner, this);
    }
    if !this.is_instance_of(owner) {
        let owner_name = owner_name();
        return Err(type_error(if b.is_slot_wrapper() {
            format!(
                "descriptor '{}' requires a '{owner_name}' object but received a '{}'",
                b.name,
                this.ty().name()
            )
        } else {
            format!(
                "descriptor '{}' for '{owner_name}' objects doesn't apply to a '{}' object",
                b.name,
                this.ty().name()
            )
        }));
    }
    Ok(())
}

/// A call `Vm::keyword_frame` binds: the arguments (the last `kwnames.len()` by keyword)
/// and the function's defaults.
struct Binding<'a> {
    code: &'a Code,
    args: &'a [Value],
    npos: usize,
    kwnames: &'a [Value],
    defaults: &'a Option<Value>,
    kwdefaults: &'a Option<Value>,
}

impl Binding<'_> {
    /// Binds the call into `frame`'s locals: true when every parameter got a value, the
    /// arguments' words moved into the locals (the caller must forget them where they were);
    /// false, the frame's locals unbound again and the arguments still owned where they are,
    /// when a keyword names no parameter it may bind (an unknown name, a positional-only
    /// parameter, one bound already) or a parameter has neither a value nor a default.
    /// Keyword names are interned as parameter names are, so identity finds them; a name
    /// that only compares equal binds the general way.
    ///
    /// # Safety
    /// Every local of `frame` is unbound, and it has at most 64 parameters.
    unsafe fn bind(&self, frame: &mut Frame) -> bool {
        let cc = &self.code.compiled;
        let argcount = cc.argcount as usize;
        let posonly = cc.posonlyargcount as usize;
        let nparams = argcount + cc.kwonlyargcount as usize;
        let locals = &mut frame.fast[..nparams];
        // The locals holding an argument's word, not yet owned (one bit per parameter).
        let mut moved: u64 = 0;
        for (i, v) in self.args[..self.npos].iter().enumerate() {
            // SAFETY: the word stays owned by `args` until the caller forgets it there on
            // success; on failure `unbind` forgets the copy.
            locals[i] = Some(unsafe { std::ptr::read(v) });
            moved |= 1 << i;
        }
        let names = &self.code.varnames[posonly..nparams];
        for (k, v) in self.kwnames.iter().zip(&self.args[self.npos..]) {
            let Some(i) = names.iter().position(|name| name.is(k)) else {
                return unbind(locals, moved);
            };
            let i = posonly + i;
            if locals[i].is_some() {
                return unbind(locals, moved);
            }
            // SAFETY: as above.
            locals[i] = Some(unsafe { std::ptr::read(v) });
            moved |= 1 << i;
        }
        let defaults: &[Value] = self.defaults.as_ref().map_or(&[], tuple::items);
        for i in self.npos..argcount {
            if locals[i].is_none() {
                match positional_default(defaults, argcount, i) {
                    Some(d) => locals[i] = Some(d.clone()),
                    None => return unbind(locals, moved),
                }
            }
        }
        for i in argcount..nparams {
            if locals[i].is_none() {
                let name = &self.code.varnames[i];
                match self
                    .kwdefaults
                    .as_ref()
                    .and_then(|kd| dict::lookup_str(kd, name))
                {
                    Some(v) => locals[i] = Some(v),
                    None => return unbind(locals, moved),
                }
            }
        }
        true
    }
}

/// Unbinds the locals of a failed `Binding::bind`: forgets the argument words it copied
/// (`moved`), releases the defaults it bound. Returns false.
fn unbind(locals: &mut [Option<Value>], moved: u64) -> bool {
    for (i, slot) in locals.iter_mut().enumerate() {
        let v = slot.take();
        if moved & (1 << i) != 0 {
            std::mem::forget(v);
        }
    }
    false
}

/// The function at `v` with its code object and the code's payload, when `v` is a Python
/// function whose `__code__` is not being replaced.
///
/// # Safety
/// No Python code runs while the references are used (so `__code__` cannot change under
/// them), or the caller holds its own reference to the code by then.
#[inline(always)]
unsafe fn function_code(v: &Value) -> Option<(&Function, &Value, &Code)> {
    let func = v.payload_exact::<Function>()?;
    // SAFETY: the caller's promise.
    let code_value = unsafe { func.code.try_borrow_unguarded() }.ok()?;
    Some((func, code_value, code_value.payload_exact::<Code>()?))
}

/// The default of positional parameter `i` of a code with `argcount` positional
/// parameters, if it has one. Defaults align with the last parameters; a longer
/// `__defaults__` (assigned by hand) contributes only its tail.
#[inline(always)]
fn positional_default(defaults: &[Value], argcount: usize, i: usize) -> Option<&Value> {
    let first_default = argcount - defaults.len().min(argcount);
    let skip = defaults.len() - (argcount - first_default);
    (i >= first_default).then(|| &defaults[skip + i - first_default])
}
