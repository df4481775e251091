//! The iterator-producing built-ins: enumerate, zip, map, filter, reversed, iter(callable,
//! sentinel), and the `__getitem__`-based sequence iterator.

use std::cell::{Cell, RefCell};

use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::iter::{new_native_iter, NativeIterator, Reduced};
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static ENUMERATE_TYPE: TypeObject = TypeObject::new_static(
    "enumerate",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    BASETYPE,
);
pub static ZIP_TYPE: TypeObject =
    TypeObject::new_static("zip", Layout::NativeIter, Some(&OBJECT_TYPE), BASETYPE);
pub static MAP_TYPE: TypeObject =
    TypeObject::new_static("map", Layout::NativeIter, Some(&OBJECT_TYPE), BASETYPE);
pub static FILTER_TYPE: TypeObject =
    TypeObject::new_static("filter", Layout::NativeIter, Some(&OBJECT_TYPE), BASETYPE);
pub static REVERSED_TYPE: TypeObject =
    TypeObject::new_static("reversed", Layout::NativeIter, Some(&OBJECT_TYPE), BASETYPE);
pub static SEQ_ITER_TYPE: TypeObject =
    TypeObject::new_static("iterator", Layout::NativeIter, Some(&OBJECT_TYPE), 0);
pub static CALLABLE_ITER_TYPE: TypeObject = TypeObject::new_static(
    "callable_iterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);

/// Native iterator types whose only methods are the iterator protocol.
pub fn native_iter_types() -> Vec<&'static TypeObject> {
    vec![&SEQ_ITER_TYPE, &CALLABLE_ITER_TYPE]
}

struct SeqGetItem {
    seq: Option<Value>,
    index: i64,
}

impl NativeIterator for SeqGetItem {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        self.seq.iter().for_each(visit);
    }

    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(seq) = self.seq.clone() else {
            return Ok(None);
        };
        match vm.getitem(&seq, &int::from_i64(self.index)) {
            Ok(v) => {
                self.index += 1;
                Ok(Some(v))
            }
            Err(e)
                if e.is_instance(&crate::object::exception::INDEX_ERROR)
                    || e.is_instance(&crate::object::exception::STOP_ITERATION) =>
            {
                self.seq = None;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

/// An iterator over `seq[0], seq[1], ...` until IndexError.
pub fn new_seq_getitem_iter(seq: Value) -> Value {
    new_native_iter(
        &SEQ_ITER_TYPE,
        Box::new(SeqGetItem {
            seq: Some(seq),
            index: 0,
        }),
    )
}

struct CallableIter {
    func: Option<Value>,
    sentinel: Value,
}

impl NativeIterator for CallableIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        self.func.iter().for_each(&mut *visit);
        visit(&self.sentinel);
    }

    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(f) = self.func.clone() else {
            return Ok(None);
        };
        let v = vm.call(&f, &[])?;
        if vm.eq(&v, &self.sentinel)? {
            self.func = None;
            return Ok(None);
        }
        Ok(Some(v))
    }
}

pub fn new_callable_iter(func: Value, sentinel: Value) -> Value {
    new_native_iter(
        &CALLABLE_ITER_TYPE,
        Box::new(CallableIter {
            func: Some(func),
            sentinel,
        }),
    )
}

struct Enumerate {
    it: Value,
    count: RefCell<Value>,
}

impl NativeIterator for Enumerate {
    fn reduce(&self, _vm: &mut Vm) -> PyResult<Option<Reduced>> {
        Ok(Some((
            ENUMERATE_TYPE.to_value(),
            vec![self.it.clone(), self.count.borrow().clone()],
            None,
        )))
    }

    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        self.next_shared(vm)
    }

    fn shares_next(&self) -> bool {
        true
    }

    fn next_shared(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        match vm.next(&self.it)? {
            Some(v) => {
                let i = self.count.borrow().clone();
                let next = vm.binary_op(
                    &i,
                    &int::from_i64(1),
                    crate::bytecode::BinaryOperator::Add,
                    false,
                )?;
                *self.count.borrow_mut() = next;
                Ok(Some(tuple::from_array([i, v])))
            }
            None => Ok(None),
        }
    }

    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.it);
        visit(&self.count.borrow());
    }
}

/// Allocates a native iterator of `cls` (or a Python subclass wrapping one).
fn alloc_iter(cls: &Value, base: &'static TypeObject, state: Box<dyn NativeIterator>) -> PyResult {
    let t = cls.as_type().ok_or_else(|| type_error("expected a type"))?;
    if std::ptr::eq(t, base) {
        Ok(new_native_iter(base, state))
    } else {
        Ok(instance::new_instance(
            t,
            Some(new_native_iter(base, state)),
        ))
    }
}

fn enumerate_new(vm: &mut Vm, args: Args) -> PyResult {
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let b = rest.bind("enumerate", &["iterable", "start"], 1)?;
    let it = vm.iter(b[0].as_ref().expect("required"))?;
    let start = match &b[1] {
        Some(s) => {
            if !int::is_int(s) {
                return Err(type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    s.ty().name()
                )));
            }
            s.clone()
        }
        None => int::from_i64(0),
    };
    alloc_iter(
        &args.values[0],
        &ENUMERATE_TYPE,
        Box::new(Enumerate {
            it,
            count: RefCell::new(start),
        }),
    )
}

struct Zip {
    its: Vec<Value>,
    strict: Cell<bool>,
    done: Cell<bool>,
}

impl NativeIterator for Zip {
    fn reduce(&self, _vm: &mut Vm) -> PyResult<Option<Reduced>> {
        let state = self.strict.get().then(|| types::bool_value(true));
        Ok(Some((ZIP_TYPE.to_value(), self.its.clone(), state)))
    }

    fn set_state(&mut self, vm: &mut Vm, state: &Value) -> PyResult<bool> {
        self.strict.set(vm.truthy(state)?);
        Ok(true)
    }

    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        self.next_shared(vm)
    }

    fn shares_next(&self) -> bool {
        true
    }

    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        self.its.iter().for_each(visit);
    }

    fn next_shared(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        if self.done.get() || self.its.is_empty() {
            return Ok(None);
        }
        let mut items = Vec::with_capacity(self.its.len());
        for (i, it) in self.its.iter().enumerate() {
            match vm.next(it)? {
                Some(v) => items.push(v),
                None => {
                    self.done.set(true);
                    if self.strict.get() {
                        if i > 0 {
                            return Err(crate::object::exception::value_error(format!(
                                "zip() argument {} is shorter than argument{} 1{}",
                                i + 1,
                                if i > 1 { "s" } else { "" },
                                if i > 1 {
                                    format!("-{i}")
                                } else {
                                    String::new()
                                }
                            )));
                        }
                        for (j, other) in self.its.iter().enumerate().skip(1) {
                            if vm.next(other)?.is_some() {
                                return Err(crate::object::exception::value_error(format!(
                                    "zip() argument {} is longer than argument{} 1{}",
                                    j + 1,
                                    if j > 1 { "s" } else { "" },
                                    if j > 1 {
                                        format!("-{j}")
                                    } else {
                                        String::new()
                                    }
                                )));
                            }
                        }
                    }
                    return Ok(None);
                }
            }
        }
        Ok(Some(tuple::new_tuple(items)))
    }
}

fn zip_new(vm: &mut Vm, args: Args) -> PyResult {
    let pos = &args.positional()[1..];
    let mut strict = false;
    for (k, v) in args.keywords() {
        if str::as_str(k) == Some("strict") {
            strict = vm.truthy(v)?;
        } else {
            return Err(type_error(format!(
                "zip() got an unexpected keyword argument '{}'",
                str::as_str(k).unwrap_or("?")
            )));
        }
    }
    let mut its = Vec::new();
    for (i, p) in pos.iter().enumerate() {
        match vm.iter(p) {
            Ok(it) => its.push(it),
            Err(_) => {
                return Err(type_error(format!(
                    "zip argument #{} must support iteration",
                    i + 1
                )));
            }
        }
    }
    alloc_iter(
        &args.values[0],
        &ZIP_TYPE,
        Box::new(Zip {
            its,
            strict: Cell::new(strict),
            done: Cell::new(false),
        }),
    )
}

struct Map {
    func: Value,
    its: Vec<Value>,
}

impl NativeIterator for Map {
    fn reduce(&self, _vm: &mut Vm) -> PyResult<Option<Reduced>> {
        let mut args = vec![self.func.clone()];
        args.extend(self.its.iter().cloned());
        Ok(Some((MAP_TYPE.to_value(), args, None)))
    }

    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        self.next_shared(vm)
    }

    fn shares_next(&self) -> bool {
        true
    }

    fn next_shared(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let mut items = Vec::with_capacity(self.its.len());
        for it in &self.its {
            match vm.next(it)? {
                Some(v) => items.push(v),
                None => return Ok(None),
            }
        }
        vm.call(&self.func, &items).map(Some)
    }

    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func);
        self.its.iter().for_each(visit);
    }
}

fn map_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("expected a type"))?;
    args.no_keywords_unless_init(cls, &MAP_TYPE, "map")?;
    let pos = &args.positional()[1..];
    if pos.len() < 2 {
        return Err(type_error("map() must have at least two arguments."));
    }
    let mut its = Vec::new();
    for p in &pos[1..] {
        its.push(vm.iter(p)?);
    }
    alloc_iter(
        &args.values[0],
        &MAP_TYPE,
        Box::new(Map {
            func: pos[0].clone(),
            its,
        }),
    )
}

struct Filter {
    func: Value,
    it: Value,
}

impl NativeIterator for Filter {
    fn reduce(&self, _vm: &mut Vm) -> PyResult<Option<Reduced>> {
        Ok(Some((
            FILTER_TYPE.to_value(),
            vec![self.func.clone(), self.it.clone()],
            None,
        )))
    }

    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        self.next_shared(vm)
    }

    fn shares_next(&self) -> bool {
        true
    }

    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func);
        visit(&self.it);
    }

    fn next_shared(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        while let Some(v) = vm.next(&self.it)? {
            let keep = if self.func.is_none() {
                vm.truthy(&v)?
            } else {
                let r = vm.call(&self.func, std::slice::from_ref(&v))?;
                vm.truthy(&r)?
            };
            if keep {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }
}

fn filter_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("expected a type"))?;
    args.no_keywords_unless_init(cls, &FILTER_TYPE, "filter")?;
    let pos = &args.positional()[1..];
    if pos.len() != 2 {
        return Err(type_error(format!(
            "filter expected 2 arguments, got {}",
            pos.len()
        )));
    }
    let it = vm.iter(&pos[1])?;
    alloc_iter(
        &args.values[0],
        &FILTER_TYPE,
        Box::new(Filter {
            func: pos[0].clone(),
            it,
        }),
    )
}

struct Reversed {
    seq: Option<Value>,
    index: i64,
}

impl NativeIterator for Reversed {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        self.seq.iter().for_each(visit);
    }

    fn reduce(&self, vm: &mut Vm) -> PyResult<Option<Reduced>> {
        Ok(Some(match &self.seq {
            Some(seq) => (
                REVERSED_TYPE.to_value(),
                vec![seq.clone()],
                Some(int::from_i64(self.index)),
            ),
            None => {
                let iter = vm.getattr(&vm.builtins_module.clone(), "iter")?;
                (iter, vec![tuple::from_array([])], None)
            }
        }))
    }

    fn set_state(&mut self, vm: &mut Vm, state: &Value) -> PyResult<bool> {
        if let Some(seq) = self.seq.clone() {
            let n = vm.len(&seq)? as i64;
            self.index = vm.index_i64(state)?.clamp(-1, n - 1);
        }
        Ok(true)
    }

    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(seq) = self.seq.clone() else {
            return Ok(None);
        };
        if self.index < 0 {
            self.seq = None;
            return Ok(None);
        }
        // A list (or list subclass instance, from `list.__reversed__`) is read directly.
        if let Some(l) = list::as_list(&seq) {
            let item = l.0.borrow().get(self.index as usize).cloned();
            match item {
                Some(v) => {
                    self.index -= 1;
                    return Ok(Some(v));
                }
                None => {
                    self.seq = None;
                    return Ok(None);
                }
            }
        }
        match vm.getitem(&seq, &int::from_i64(self.index)) {
            Ok(v) => {
                self.index -= 1;
                Ok(Some(v))
            }
            Err(e) if e.is_instance(&crate::object::exception::INDEX_ERROR) => {
                self.seq = None;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    fn length_hint(&self) -> Option<usize> {
        Some(if self.seq.is_some() {
            (self.index + 1).max(0) as usize
        } else {
            0
        })
    }
}

fn reversed_new(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("reversed")?;
    let pos = &args.values[1..];
    if pos.len() != 1 {
        return Err(type_error(format!(
            "reversed expected 1 argument, got {}",
            pos.len()
        )));
    }
    let seq = &pos[0];
    if let Some(r) = seq.ty().lookup_str("__reversed__") {
        if !r.is_none() {
            return vm.call_slot(&r, std::slice::from_ref(seq));
        }
        return Err(type_error(format!(
            "'{}' object is not reversible",
            seq.ty().name()
        )));
    }
    if seq.ty().lookup_str("__getitem__").is_none()
        || seq.ty().lookup_str("__len__").is_none()
        || dict::as_dict(seq).is_some()
    {
        return Err(type_error(format!(
            "'{}' object is not reversible",
            seq.ty().name()
        )));
    }
    let n = vm.len(seq)? as i64;
    alloc_iter(
        &args.values[0],
        &REVERSED_TYPE,
        Box::new(Reversed {
            seq: Some(seq.clone()),
            index: n - 1,
        }),
    )
}

/// A reversed iterator over a sequence of known length (used by list/tuple `__reversed__`).
pub fn new_reversed(seq: Value, len: usize) -> Value {
    new_native_iter(
        &REVERSED_TYPE,
        Box::new(Reversed {
            seq: Some(seq),
            index: len as i64 - 1,
        }),
    )
}

/// The iterator protocol methods shared with the other built-in iterators.
use crate::builtins::methods::iter::{ITER, LENGTH_HINT, NEXT, REDUCE, SETSTATE};

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &ENUMERATE_TYPE,
            methods: methods![
                MethodDef::static_("__new__", enumerate_new),
                MethodDef::class(
                    "__class_getitem__",
                    crate::builtins::methods::genericalias::class_getitem
                ),
                ITER,
                NEXT,
                REDUCE
            ],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &ZIP_TYPE,
            methods: methods![
                MethodDef::static_("__new__", zip_new),
                ITER,
                NEXT,
                REDUCE,
                SETSTATE
            ],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &MAP_TYPE,
            methods: methods![MethodDef::static_("__new__", map_new), ITER, NEXT, REDUCE],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &FILTER_TYPE,
            methods: methods![
                MethodDef::static_("__new__", filter_new),
                ITER,
                NEXT,
                REDUCE
            ],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &REVERSED_TYPE,
            methods: methods![
                MethodDef::static_("__new__", reversed_new),
                ITER,
                NEXT,
                LENGTH_HINT,
                REDUCE,
                SETSTATE
            ],
            getsets: &[],
            doc: None,
        },
    ]
}
