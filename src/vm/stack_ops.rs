//! Opcode semantics shared by the interpreter's dispatch loop and the JIT's helpers: each
//! takes its operands already popped and returns what the instruction pushes.

use super::frame::Frame;
use super::{PyErr, PyResult, Vm};
use crate::object::exception::{runtime_error, type_error};
use crate::object::types::STR_TYPE;
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
        let mut s = String::new();
        let mut chars = 0;
        for p in parts {
            if let Some(ps) = str::payload(p) {
                s.push_str(ps.as_str());
                chars += ps.char_len();
            }
        }
        str::from_string_len(s, chars)
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
}
