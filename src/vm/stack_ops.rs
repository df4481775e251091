//! Opcode semantics shared by the interpreter's dispatch loop and the JIT's helpers: each
//! takes its operands already popped and returns what the instruction pushes.

use super::frame::Frame;
use super::Vm;
use crate::object::code::Code;
use crate::object::error::{PyErr, PyResult};
use crate::object::exception::{runtime_error, system_error, type_error};
use crate::object::types::{DICT_TYPE, STR_TYPE};
use crate::object::value::Value;
use crate::object::*;

impl Vm {
    /// `RAISE_VARARGS`: the exception to raise for `raise` (`exc` None), `raise exc`, or
    /// `raise exc from cause`; its context is set.
    pub fn raise_varargs(&mut self, exc: Option<Value>, cause: Option<Value>) -> PyErr {
        let e = match exc {
            None => match &self.handled {
                Some(h) => {
                    // A bare raise continues the original traceback.
                    self.reraising = true;
                    return PyErr(h.clone());
                }
                None => return runtime_error("No active exception to reraise"),
            },
            Some(exc) => match self.make_exception(exc) {
                Ok(e) => e,
                Err(e) => return e,
            },
        };
        if let Some(cause) = cause {
            let cause = if cause.is_none() {
                None
            } else {
                match self.make_exception(cause) {
                    Ok(c) => Some(c.0),
                    Err(_) => return type_error("exception causes must derive from BaseException"),
                }
            };
            let p = e.payload();
            *p.cause.borrow_mut() = cause;
            p.suppress_context.set(true);
        }
        self.set_context(&e.0);
        e
    }

    /// `FORMAT_VALUE`: `flags & 3` is the conversion (`!s`, `!r`, `!a`), `spec` the format spec.
    pub fn format_value(&mut self, v: Value, spec: Option<Value>, flags: u32) -> PyResult {
        let v = match flags & 3 {
            1 => self.str(&v)?,
            2 => self.repr(&v)?,
            3 => crate::builtins::ascii_of(self, &v)?,
            _ => v,
        };
        let spec = spec.as_ref().and_then(str::as_str).unwrap_or("");
        Ok(if spec.is_empty() && v.is_type(&STR_TYPE) {
            v
        } else {
            str::from_string(self.format(&v, spec)?)
        })
    }

    /// `BUILD_STRING`: the concatenation of `parts` (strs).
    pub fn build_string(parts: &[Value]) -> Value {
        let mut b = str::StrBuf::default();
        for ps in parts.iter().filter_map(str::payload) {
            b.push_value(ps);
        }
        b.finish()
    }

    /// `MAKE_FUNCTION`: a function of `code` in `frame`'s namespaces with the optional parts
    /// (defaults, keyword defaults, annotations, closure) the instruction's flags ask for.
    pub fn make_function(frame: &Frame, code: Value, parts: [Option<Value>; 4]) -> Value {
        let [defaults, kwdefaults, annotations, closure] = parts;
        let func =
            function::new_function(code, frame.globals.clone(), frame.builtins.clone(), closure);
        if let Some(fp) = func.payload_exact::<function::Function>() {
            *fp.defaults.borrow_mut() = defaults;
            *fp.kwdefaults.borrow_mut() = kwdefaults;
            *fp.annotations.borrow_mut() = annotations;
        }
        func
    }

    /// `BUILD_SET`.
    pub fn build_set(&mut self, items: Vec<Value>) -> PyResult {
        let s = set::new_set();
        for it in items {
            set::add(self, &s, it)?;
        }
        Ok(s)
    }

    /// `BUILD_MAP`: `items` alternate keys and values.
    pub fn build_map(&mut self, items: Vec<Value>) -> PyResult {
        let d = dict::new_dict();
        let mut it = items.into_iter();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            dict::set_item(self, &d, k, v)?;
        }
        Ok(d)
    }

    /// `BUILD_CONST_KEY_MAP`: `keys` is a tuple of as many keys as `values`.
    pub fn build_const_key_map(&mut self, keys: &Value, values: Vec<Value>) -> PyResult {
        let d = dict::new_dict();
        for (k, v) in tuple::items(keys).iter().zip(values) {
            dict::set_item(self, &d, k.clone(), v)?;
        }
        Ok(d)
    }

    /// `CALL_FUNCTION_EX`: `callable(*args, **kwargs)` (`this` is the self of a method call or
    /// NULL).
    pub fn call_function_ex(
        &mut self,
        callable: Value,
        this: Value,
        args: Value,
        kwargs: Option<Value>,
    ) -> PyResult {
        let (values, kwnames) = self.function_ex_args(&callable, this, args, kwargs)?;
        self.call_with(
            &callable,
            crate::object::error::Args::with_kwnames(&values, &kwnames),
        )
    }

    /// The arguments of `CALL_FUNCTION_EX` in vectorcall form: the values (`this` first when
    /// it is not NULL, then the positional ones, then the keyword ones) and the keyword names.
    pub fn function_ex_args(
        &mut self,
        callable: &Value,
        this: Value,
        args: Value,
        kwargs: Option<Value>,
    ) -> PyResult<(Vec<Value>, Vec<Value>)> {
        // One allocation for the common case, a tuple and a dict.
        // An exact tuple is taken as it is; anything else is iterated (a tuple subclass may
        // iterate its own way), as CPython's `CALL_FUNCTION_EX` does.
        let exact_tuple = if args.is_type(&crate::object::types::TUPLE_TYPE) {
            tuple::as_tuple(&args)
        } else {
            None
        };
        let capacity = 1
            + exact_tuple.map_or(0, |t| t.len())
            + kwargs
                .as_ref()
                .and_then(dict::as_dict)
                .map_or(0, |d| d.0.borrow().len());
        let mut values: Vec<Value> = Vec::with_capacity(capacity);
        if !this.is_null() {
            values.push(this);
        }
        if let Some(t) = exact_tuple {
            values.extend_from_slice(t);
        } else {
            // CPython's `check_args_iterable`: only a value with neither `__iter__` nor
            // `__getitem__` gets this error; the iteration's own errors propagate.
            let ty = args.ty();
            if ty.lookup_str("__iter__").is_none() && ty.lookup_str("__getitem__").is_none() {
                return Err(type_error(format!(
                    "{} argument after * must be an iterable, not {}",
                    super::eval::callable_name(callable),
                    ty.name()
                )));
            }
            values.extend(self.collect(&args)?);
        }
        let mut kwnames: Vec<Value> = Vec::new();
        if let Some(kw) = kwargs {
            let Some(d) = dict::as_dict(&kw) else {
                return Err(type_error(format!(
                    "{} argument after ** must be a mapping, not {}",
                    super::eval::callable_name(callable),
                    kw.ty().name()
                )));
            };
            // Read in place: no Python code runs while the entries are copied.
            let entries = d.0.borrow();
            kwnames.reserve_exact(entries.len());
            for e in entries.iter() {
                if str::as_str(&e.key).is_none() {
                    return Err(type_error("keywords must be strings"));
                }
                kwnames.push(str::intern_value(&e.key));
                values.push(e.value.clone());
            }
        }
        Ok((values, kwnames))
    }

    /// `LIST_EXTEND`: extends the list `l` with the items of `src`.
    pub fn list_extend(&mut self, l: &Value, src: &Value) -> PyResult<()> {
        let items = match self.collect(src) {
            Ok(items) => items,
            Err(e)
                if e.is_instance(&crate::object::exception::TYPE_ERROR)
                    && src.ty().lookup_str("__iter__").is_none()
                    && src.ty().lookup_str("__getitem__").is_none() =>
            {
                return Err(type_error(format!(
                    "Value after * must be an iterable, not {}",
                    src.ty().name()
                )))
            }
            Err(e) => return Err(e),
        };
        if let Some(lp) = list::as_list(l) {
            lp.0.borrow_mut().extend(items);
        }
        Ok(())
    }

    /// `SET_UPDATE`: adds the items of `src` to the set `s`.
    pub fn set_update(&mut self, s: &Value, src: &Value) -> PyResult<()> {
        for v in self.collect(src)? {
            set::add(self, s, v)?;
        }
        Ok(())
    }

    /// `UNPACK_EX`: the values the instruction pushes, in push order (`arg`: the count before
    /// the starred target, and after it in the high byte).
    pub fn unpack_ex(&mut self, seq: &Value, arg: u32) -> PyResult<Vec<Value>> {
        let before = (arg & 0xff) as usize;
        let after = (arg >> 8) as usize;
        let mut items = self.unpack(seq, before, Some(after))?;
        let tail = items.split_off(items.len() - after);
        let mid = items.split_off(before);
        let mut pushed: Vec<Value> = tail.into_iter().rev().collect();
        pushed.push(list::new_list(mid));
        pushed.extend(items.into_iter().rev());
        Ok(pushed)
    }

    /// `BEFORE_WITH`: the bound `__exit__` of the context manager and what `__enter__`
    /// returned.
    pub fn before_with(&mut self, mgr: Value) -> PyResult<(Value, Value)> {
        let ty = mgr.ty();
        let enter = ty.lookup_str("__enter__");
        let exit = ty.lookup_str("__exit__");
        let (enter, exit) = match (enter, exit) {
            (Some(a), Some(b)) => (a, b),
            (None, _) => {
                return Err(type_error(format!(
                    "'{}' object does not support the context manager protocol",
                    ty.name()
                )))
            }
            (_, None) => {
                return Err(type_error(format!(
                    "'{}' object does not support the context manager protocol (missed __exit__ method)",
                    ty.name()
                )))
            }
        };
        let bound_exit = super::attr::descr_get(self, &exit, Some(&mgr), mgr.ty())?;
        let r = self.call_slot(&enter, &[mgr])?;
        Ok((bound_exit, r))
    }

    /// `STORE_NAME`: binds `name` in the frame's locals mapping.
    pub fn store_name(&mut self, f: &Frame, name: Value, v: Value) -> PyResult<()> {
        match &f.locals {
            Some(l) if l.is_type(&DICT_TYPE) => dict::set_item(self, l, name, v),
            Some(l) => {
                let l = l.clone();
                self.setitem(&l, &name, v)
            }
            None => Err(system_error("no locals when storing a name")),
        }
    }

    /// `DELETE_NAME`: unbinds `name` in the frame's locals mapping.
    pub fn delete_name(&mut self, f: &Frame, name: Value) -> PyResult<()> {
        let l = f.locals.clone().ok_or_else(|| system_error("no locals"))?;
        let found = if l.is_type(&DICT_TYPE) {
            dict::del_item(self, &l, &name)?.is_some()
        } else {
            self.delitem(&l, &name).is_ok()
        };
        if found {
            Ok(())
        } else {
            Err(super::eval::name_not_defined(&name))
        }
    }

    /// `LOAD_CLASSDEREF`: a class body's free variable, from its locals mapping first.
    pub fn load_classderef(&mut self, f: &Frame, code: &Code, arg: u32) -> PyResult {
        let idx = arg as usize;
        let ncell = code.compiled.cellvars.len();
        let name = if idx < ncell {
            code.compiled.cellvars[idx].clone()
        } else {
            code.compiled.freevars[idx - ncell].clone()
        };
        let key = str::intern(&name);
        let local = match &f.locals {
            Some(l) => dict::get_item(self, l, &key)?,
            None => None,
        };
        match local {
            Some(v) => Ok(v),
            None => cell::get(&f.cells[idx]).ok_or_else(|| super::eval::unbound_deref(code, arg)),
        }
    }

    /// `LOAD_BUILD_CLASS`.
    pub fn load_build_class(f: &Frame) -> PyResult {
        dict::lookup_str(&f.builtins, &str::intern_static("__build_class__"))
            .ok_or_else(|| crate::object::exception::name_error("__build_class__ not found"))
    }

    /// `SETUP_ANNOTATIONS`: makes sure the locals mapping has `__annotations__`.
    pub fn setup_annotations(&mut self, f: &Frame) -> PyResult<()> {
        if let Some(l) = f.locals.clone() {
            let key = str::intern_static("__annotations__");
            if dict::get_item(self, &l, &key)?.is_none() {
                dict::set_item(self, &l, key, dict::new_dict())?;
            }
        }
        Ok(())
    }

    /// `GET_YIELD_FROM_ITER`: a generator as it is, anything else through `iter()`; a
    /// coroutine only in a coroutine (or a generator marked by `types.coroutine`).
    pub fn yield_from_iter(&mut self, v: Value, code_flags: u32) -> PyResult {
        use crate::bytecode::code::code_flags as cf;
        if v.is_type(&crate::object::types::GENERATOR_TYPE) {
            return Ok(v);
        }
        if v.is_type(&crate::object::generator::COROUTINE_TYPE) {
            if code_flags & (cf::COROUTINE | cf::ITERABLE_COROUTINE) == 0 {
                return Err(type_error(
                    "cannot 'yield from' a coroutine object in a non-coroutine generator",
                ));
            }
            return Ok(v);
        }
        self.iter(&v)
    }

    /// `GET_AWAITABLE`: what `await v` drives (`_PyCoro_GetAwaitableIter` and the checks
    /// around it). `site` picks the message: 0 `await`, 1 `__aenter__`, 2 `__aexit__`.
    pub fn get_awaitable(&mut self, v: Value, site: u32) -> PyResult {
        super::coroutine::get_awaitable(self, v, site)
    }
}
