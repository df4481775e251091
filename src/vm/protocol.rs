//! The abstract object protocols (CPython's `abstract.c` and `object.c`): repr/str, hashing,
//! truth, iteration, length, item access, containment, `__index__`, and `format`.

use super::generator::YieldSink;
use super::Vm;
use crate::object::error::{PyErr, PyResult};
use crate::object::exception::{type_error, STOP_ITERATION};
use crate::object::int::{as_int, IntRef};
use crate::object::iter::{as_seq_iter, native_next, NativeIter};
use crate::object::typeobj::Layout;
use crate::object::types::{
    bool_value, none, FLOAT_TYPE, INT_TYPE, LIST_TYPE, STR_TYPE, TUPLE_TYPE,
};
use crate::object::value::Value;
use crate::object::*;

impl Vm {
    /// Guards native recursion (repr of deeply nested containers and the like).
    pub fn enter_native(&mut self, what: &str) -> PyResult<()> {
        self.native_depth += 1;
        if self.native_depth > self.recursion_limit + 50 || crate::run::native_stack_exhausted() {
            self.native_depth -= 1;
            return Err(crate::object::exception::recursion_error(format!(
                "maximum recursion depth exceeded{what}"
            )));
        }
        Ok(())
    }

    pub fn leave_native(&mut self) {
        self.native_depth -= 1;
    }

    /// `repr(v)` as a str value.
    pub fn repr(&mut self, v: &Value) -> PyResult {
        if let Some(i) = v.as_small_int() {
            return Ok(str::from_string(i.to_string()));
        }
        if v.is_type(&STR_TYPE) {
            let st = str::payload(v).expect("a str");
            return Ok(str::from_string(str::repr_exact(st)));
        }
        let f = v
            .ty()
            .lookup_str("__repr__")
            .ok_or_else(|| type_error("object has no __repr__"))?;
        self.enter_native(" while getting the repr of an object")?;
        let r = self.call_slot(&f, std::slice::from_ref(v));
        self.leave_native();
        let r = r?;
        if str::as_str(&r).is_none() {
            return Err(type_error(format!(
                "__repr__ returned non-string (type {})",
                r.ty().name()
            )));
        }
        Ok(r)
    }

    pub fn repr_string(&mut self, v: &Value) -> PyResult<String> {
        let r = self.repr(v)?;
        Ok(str::as_str(&r).unwrap_or("").to_string())
    }

    /// `str(v)` as a str value.
    pub fn str(&mut self, v: &Value) -> PyResult {
        if v.is_type(&STR_TYPE) {
            return Ok(v.clone());
        }
        if let Some(i) = v.as_small_int() {
            return Ok(str::from_string(i.to_string()));
        }
        let f = v
            .ty()
            .lookup_str("__str__")
            .ok_or_else(|| type_error("object has no __str__"))?;
        self.enter_native(" while getting the str of an object")?;
        let r = self.call_slot(&f, std::slice::from_ref(v));
        self.leave_native();
        let r = r?;
        if str::as_str(&r).is_none() {
            return Err(type_error(format!(
                "__str__ returned non-string (type {})",
                r.ty().name()
            )));
        }
        Ok(r)
    }

    pub fn str_string(&mut self, v: &Value) -> PyResult<String> {
        let r = self.str(v)?;
        Ok(str::as_str(&r).unwrap_or("").to_string())
    }

    /// `hash(v)`.
    pub fn hash(&mut self, v: &Value) -> PyResult<i64> {
        if let Some(i) = v.as_small_int() {
            return Ok(int::hash_i64(i));
        }
        if let Some(s) = v.payload_exact::<str::Str>() {
            return Ok(s.hash());
        }
        if let Some(b) = v.payload_exact::<crate::object::bytes::Bytes>() {
            return Ok(b.hash());
        }
        let f = v.ty().lookup_str("__hash__");
        match f {
            Some(f) if !f.is_none() => {
                // A tuple hashes its items through here: deeply nested data must end in
                // RecursionError, not a native stack overflow.
                self.enter_native(" while calling a Python object")?;
                let r = self.call_slot(&f, std::slice::from_ref(v));
                self.leave_native();
                let r = r?;
                match as_int(&r) {
                    Some(IntRef::Small(i)) => Ok(if i == -1 { -2 } else { i }),
                    Some(IntRef::Big(b)) => Ok(int::hash_bigint(b)),
                    None => Err(type_error("__hash__ method should return an integer")),
                }
            }
            _ => Err(type_error(format!("unhashable type: '{}'", v.ty().name()))),
        }
    }

    /// Truth value (`bool(v)`).
    #[inline]
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        if let Some(t) = scalar_truth(v) {
            return Ok(t);
        }
        match v.ty().layout {
            Layout::List if v.is_type(&LIST_TYPE) => return Ok(list::len(v) > 0),
            Layout::Tuple if v.is_type(&TUPLE_TYPE) => return Ok(!tuple::items(v).is_empty()),
            _ => {}
        }
        let ty = v.ty();
        if let Some(f) = ty.lookup_str("__bool__") {
            let r = self.call_slot(&f, std::slice::from_ref(v))?;
            if r.is_true() {
                return Ok(true);
            }
            if r.is_false() {
                return Ok(false);
            }
            return Err(type_error(format!(
                "__bool__ should return bool, returned {}",
                r.ty().name()
            )));
        }
        if let Some(f) = ty.lookup_str("__len__") {
            let r = self.call_slot(&f, std::slice::from_ref(v))?;
            return Ok(self.len_result(&r)? > 0);
        }
        Ok(true)
    }

    fn len_result(&mut self, r: &Value) -> PyResult<usize> {
        match as_int(r) {
            Some(IntRef::Small(i)) if i >= 0 => Ok(i as usize),
            Some(IntRef::Small(_)) | Some(IntRef::Big(_))
                if as_int(r).map(|i| i.is_negative()).unwrap_or(false) =>
            {
                Err(crate::object::exception::value_error(
                    "__len__() should return >= 0",
                ))
            }
            Some(_) => Err(crate::object::exception::overflow_error(
                "cannot fit 'int' into an index-sized integer",
            )),
            None => Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                r.ty().name()
            ))),
        }
    }

    /// `len(v)`.
    pub fn len(&mut self, v: &Value) -> PyResult<usize> {
        // The built-in containers by their layout, which only they have (a subclass instance
        // wraps its built-in value), without looking `__len__` up.
        if !v.is_small_int() {
            match v.ty().layout {
                Layout::Str => {
                    return Ok(v.payload_exact::<str::Str>().map_or(0, str::Str::char_len))
                }
                Layout::List => return Ok(list::len(v)),
                Layout::Tuple => return Ok(tuple::items(v).len()),
                Layout::Dict => return Ok(dict::len(v)),
                Layout::Set => return Ok(set::len(v)),
                _ => {}
            }
        }
        match v.ty().lookup_str("__len__") {
            Some(f) => {
                let r = self.call_slot(&f, std::slice::from_ref(v))?;
                self.len_result(&r)
            }
            None => Err(type_error(format!(
                "object of type '{}' has no len()",
                v.ty().name()
            ))),
        }
    }

    /// `iter(v)`.
    pub fn iter(&mut self, v: &Value) -> PyResult {
        if v.is_small_int() {
            return Err(type_error("'int' object is not iterable"));
        }
        if let Some(it) = iter::native_iter(v) {
            return Ok(it);
        }
        let ty = v.ty();
        match ty.lookup_str("__iter__") {
            Some(f) if !f.is_none() => {
                let it = self.call_slot(&f, std::slice::from_ref(v))?;
                if it.ty().lookup_str("__next__").is_none() {
                    return Err(type_error(format!(
                        "iter() returned non-iterator of type '{}'",
                        it.ty().name()
                    )));
                }
                Ok(it)
            }
            Some(_) => Err(type_error(format!(
                "'{}' object is not iterable",
                ty.name()
            ))),
            None => {
                if ty.lookup_str("__getitem__").is_some() {
                    Ok(crate::builtins::iterators::new_seq_getitem_iter(v.clone()))
                } else {
                    Err(type_error(format!(
                        "'{}' object is not iterable",
                        ty.name()
                    )))
                }
            }
        }
    }

    /// `next(it)`: Some(item), or None when exhausted (StopIteration swallowed).
    #[inline]
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        if let Some(si) = as_seq_iter(it) {
            return Ok(si.next_item());
        }
        if let Some(r) = it.payload_exact::<range::RangeIter>() {
            return Ok(r.next_value().map(int::from_i64));
        }
        if let Some(n) = it.payload_exact::<NativeIter>() {
            return native_next(self, n);
        }
        if it.is_type(&crate::object::types::GENERATOR_TYPE) {
            return crate::vm::generator::gen_next(self, it);
        }
        match it.ty().lookup_str("__next__") {
            Some(f) => match self.call_slot(&f, std::slice::from_ref(it)) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.is_instance(&STOP_ITERATION) => Ok(None),
                Err(e) => Err(e),
            },
            None => Err(type_error(format!(
                "'{}' object is not an iterator",
                it.ty().name()
            ))),
        }
    }

    /// `next(it)` for native code that consumes many items: a generator hands `sink` the
    /// values it takes (see `YieldSink`) without leaving the eval loop between them. Returns
    /// the next item `sink` did not take, None when `it` is exhausted.
    #[inline]
    pub fn next_feeding(&mut self, it: &Value, sink: YieldSink<'_>) -> PyResult<Option<Value>> {
        if it.is_type(&crate::object::types::GENERATOR_TYPE) {
            return crate::vm::generator::gen_next_feeding(self, it, sink);
        }
        self.next(it)
    }

    /// Appends the remaining items of iterator `it` to `out`; MemoryError instead of an
    /// allocation failure.
    pub fn drain_into(&mut self, it: &Value, out: &mut Vec<Value>) -> PyResult<()> {
        loop {
            let next = self.next_feeding(it, &mut |v| {
                if out.len() == out.capacity() && out.try_reserve(1).is_err() {
                    return Err(v);
                }
                out.push(v);
                Ok(())
            })?;
            let Some(v) = next else { return Ok(()) };
            list::reserve_one(out)?;
            out.push(v);
        }
    }

    /// All items of an iterable.
    pub fn collect(&mut self, iterable: &Value) -> PyResult<Vec<Value>> {
        let word = std::mem::size_of::<Value>();
        if iterable.is_type(&LIST_TYPE) {
            crate::object::exception::check_alloc_items(list::len(iterable), word)?;
            return Ok(list::items(iterable));
        }
        if iterable.is_type(&TUPLE_TYPE) {
            let items = tuple::items(iterable);
            crate::object::exception::check_alloc_items(items.len(), word)?;
            return Ok(items.to_vec());
        }
        let mut out = Vec::new();
        // A range's length is known: CPython sizes the list from it first, so a huge one
        // raises MemoryError (or OverflowError) at once instead of filling memory.
        if let Some(r) = iterable.payload_exact::<crate::object::range::Range>() {
            let n = crate::builtins::methods::range::len_checked(r)?;
            crate::object::exception::check_alloc_items(n, word)?;
            out.try_reserve_exact(n)
                .map_err(|_| crate::object::exception::memory_error())?;
        }
        let it = self.iter(iterable)?;
        self.drain_into(&it, &mut out)?;
        Ok(out)
    }

    /// `container[key]`.
    pub fn getitem(&mut self, container: &Value, key: &Value) -> PyResult {
        if let Some(v) = item_at_small_int(container, key) {
            return Ok(v);
        }
        if container.is_type(&crate::object::types::DICT_TYPE) {
            if let Some(v) = dict::get_item(self, container, key)? {
                return Ok(v);
            }
        }
        if let Some(v) = list::slice_small(container, key) {
            return Ok(v);
        }
        if let Some(v) = tuple::slice_small(container, key) {
            return Ok(v);
        }
        let ty = container.ty();
        if let Some(f) = ty.lookup_str("__getitem__") {
            return self.call_slot(&f, &[container.clone(), key.clone()]);
        }
        if let Some(t) = container.as_type() {
            // `type[int]` is special-cased (a `__class_getitem__` on `type` would make every
            // class subscriptable), as in CPython.
            if std::ptr::eq(t, &crate::object::types::TYPE_TYPE) {
                return Ok(crate::builtins::methods::genericalias::new_generic_alias(
                    container.clone(),
                    key.clone(),
                ));
            }
            let cg = self.getattr_opt(container, "__class_getitem__")?;
            if let Some(cg) = cg {
                return self.call(&cg, std::slice::from_ref(key));
            }
            return Err(type_error(format!(
                "type '{}' is not subscriptable",
                t.name()
            )));
        }
        Err(type_error(format!(
            "'{}' object is not subscriptable",
            ty.name()
        )))
    }

    /// `container[key] = value`.
    pub fn setitem(&mut self, container: &Value, key: &Value, value: Value) -> PyResult<()> {
        let value = match list::store_small_int(container, key, value) {
            Ok(()) => return Ok(()),
            Err(value) => value,
        };
        if container.is_type(&crate::object::types::DICT_TYPE) {
            return dict::set_item(self, container, key.clone(), value);
        }
        match container.ty().lookup_str("__setitem__") {
            Some(f) => {
                self.call_slot(&f, &[container.clone(), key.clone(), value])?;
                Ok(())
            }
            None => Err(type_error(format!(
                "'{}' object does not support item assignment",
                container.ty().name()
            ))),
        }
    }

    /// `del container[key]`.
    pub fn delitem(&mut self, container: &Value, key: &Value) -> PyResult<()> {
        match container.ty().lookup_str("__delitem__") {
            Some(f) => {
                self.call_slot(&f, &[container.clone(), key.clone()])?;
                Ok(())
            }
            None => Err(type_error(format!(
                "'{}' object does not support item deletion",
                container.ty().name()
            ))),
        }
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        if container.is_type(&crate::object::types::DICT_TYPE) {
            return Ok(dict::get_item(self, container, item)?.is_some());
        }
        if let (Some(c), Some(i)) = (
            container.payload_exact::<str::Str>(),
            item.payload_exact::<str::Str>(),
        ) {
            return Ok(str::contains(c, i));
        }
        let ty = container.ty();
        if (std::ptr::eq(ty, &crate::object::types::SET_TYPE)
            || std::ptr::eq(ty, &crate::object::types::FROZENSET_TYPE))
            && (item.is_small_int() || item.is_type(&crate::object::types::STR_TYPE))
        {
            // Keys whose hash and equality run no Python code (`set.__contains__` would only
            // add the retry of a set key as a frozenset).
            return crate::object::set::contains(self, container, item);
        }
        if let Some(f) = ty.lookup_str("__contains__") {
            let r = self.call_slot(&f, &[container.clone(), item.clone()])?;
            return self.truthy(&r);
        }
        if ty.lookup_str("__iter__").is_none() && ty.lookup_str("__getitem__").is_none() {
            return Err(type_error(format!(
                "argument of type '{}' is not iterable",
                ty.name()
            )));
        }
        let it = self.iter(container)?;
        while let Some(x) = self.next(&it)? {
            if self.eq(&x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `operator.index(v)` as an int value.
    pub fn index(&mut self, v: &Value) -> PyResult {
        if int::is_int(v) {
            if v.is_small_int() || v.is_type(&INT_TYPE) {
                return Ok(v.clone());
            }
            return Ok(int::from_bigint(int::as_bigint(v).unwrap_or_default()));
        }
        match v.ty().lookup_str("__index__") {
            Some(f) => {
                let r = self.call_slot(&f, std::slice::from_ref(v))?;
                if !int::is_int(&r) {
                    return Err(type_error(format!(
                        "__index__ returned non-int (type {})",
                        r.ty().name()
                    )));
                }
                Ok(r)
            }
            None => Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.ty().name()
            ))),
        }
    }

    /// `__index__` as i64 (OverflowError if it does not fit).
    pub fn index_i64(&mut self, v: &Value) -> PyResult<i64> {
        if let Some(i) = v.as_small_int() {
            return Ok(i);
        }
        let r = self.index(v)?;
        int::as_i64(&r).ok_or_else(|| {
            crate::object::exception::overflow_error(
                "Python int too large to convert to C ssize_t".to_string(),
            )
        })
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        if let Some(r) = crate::builtins::methods::format_spec::format_builtin(v, spec) {
            return r;
        }
        if spec.is_empty() && v.is_type(&STR_TYPE) {
            return Ok(str::as_str(v).unwrap_or("").to_string());
        }
        let f = v
            .ty()
            .lookup_str("__format__")
            .ok_or_else(|| type_error("no __format__"))?;
        let r = self.call_slot(&f, &[v.clone(), str::new_str(spec)])?;
        match str::as_str(&r) {
            Some(s) => Ok(s.to_string()),
            None => Err(type_error(format!(
                "__format__ must return a str, not {}",
                r.ty().name()
            ))),
        }
    }

    /// A float from a number (`__float__`, then `__index__`).
    pub fn to_f64(&mut self, v: &Value) -> PyResult<f64> {
        if let Some(f) = float::as_f64(v) {
            return Ok(f);
        }
        if let Some(i) = as_int(v) {
            return match i {
                IntRef::Small(s) => Ok(s as f64),
                IntRef::Big(b) => num_traits::ToPrimitive::to_f64(b)
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| {
                        crate::object::exception::overflow_error(
                            "int too large to convert to float",
                        )
                    }),
            };
        }
        if let Some(f) = v.ty().lookup_str("__float__") {
            let r = self.call_slot(&f, std::slice::from_ref(v))?;
            return float::as_f64(&r).ok_or_else(|| type_error("__float__ returned non-float"));
        }
        if v.ty().lookup_str("__index__").is_some() {
            let i = self.index(v)?;
            return self.to_f64(&i);
        }
        Err(type_error(format!(
            "must be real number, not {}",
            v.ty().name()
        )))
    }

    /// Lexicographic comparison of two sequences (lists, tuples).
    pub fn seq_compare(
        &mut self,
        a: &[Value],
        b: &[Value],
        op: crate::bytecode::CompareOperator,
    ) -> PyResult {
        use crate::bytecode::CompareOperator::*;
        let n = a.len().min(b.len());
        for i in 0..n {
            if !self.eq(&a[i], &b[i])? {
                return match op {
                    Eq => Ok(bool_value(false)),
                    Ne => Ok(bool_value(true)),
                    _ => self.compare(&a[i], &b[i], op),
                };
            }
        }
        let (x, y) = (a.len(), b.len());
        Ok(bool_value(match op {
            Lt => x < y,
            Le => x <= y,
            Eq => x == y,
            Ne => x != y,
            Gt => x > y,
            Ge => x >= y,
        }))
    }

    /// Raises StopIteration-aware errors as PyErr helpers: the current exception being handled.
    pub fn handled_exception(&self) -> Value {
        self.handled.clone().unwrap_or_else(none)
    }
}

/// CPython's `PyNumber_Check`: the type converts to an int or a float, or the value is complex.
/// The truth of a bool, None, or exact int, float or str, whose truth test (and release) runs
/// no Python code; None for anything else.
#[inline]
pub fn scalar_truth(v: &Value) -> Option<bool> {
    if v.is_true() {
        return Some(true);
    }
    if v.is_false() || v.is_none() {
        return Some(false);
    }
    if let Some(i) = v.as_small_int() {
        return Some(i != 0);
    }
    match v.ty().layout {
        Layout::Str if v.is_type(&STR_TYPE) => {
            Some(str::payload(v).is_some_and(|s| s.char_len() > 0))
        }
        Layout::Float if v.is_type(&FLOAT_TYPE) => Some(float::as_f64(v) != Some(0.0)),
        Layout::Int if v.is_type(&INT_TYPE) => Some(true),
        _ => None,
    }
}

pub fn number_check(v: &Value) -> bool {
    let ty = v.ty();
    ["__index__", "__int__", "__float__"]
        .iter()
        .any(|m| ty.lookup_str(m).is_some())
        || crate::object::complex::as_complex(v).is_some()
}

/// Converts a PyErr into its exception value.
pub fn err_value(e: PyErr) -> Value {
    e.0
}

/// The calls the object layer makes back into Python (dict and set keys, slice bounds).
impl crate::object::python_ops::PythonOps for Vm {
    fn hash(&mut self, v: &Value) -> PyResult<i64> {
        Vm::hash(self, v)
    }

    fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        Vm::eq(self, a, b)
    }

    fn index(&mut self, v: &Value) -> PyResult {
        Vm::index(self, v)
    }
}

/// `container[key]` for an exact list or tuple and a small int in range, without a method
/// lookup (the eval loop inlines it); None for anything else, out-of-range indices included
/// (the type's `__getitem__` raises for those).
#[inline(always)]
pub fn item_at_small_int(container: &Value, key: &Value) -> Option<Value> {
    list::item_small_int(container, key).or_else(|| tuple::item_small_int(container, key))
}
