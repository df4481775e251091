//! `__iter__`/`__next__`/`__length_hint__` of the built-in iterator types.

use crate::object::error::{Args, PyResult};
use crate::object::iter::{as_seq_iter, NativeIter};
use crate::object::typeobj::Layout;
use crate::object::typeobj::TypeObject;
use crate::object::types::{MethodDef, TypeSpec, LIST_ITER_TYPE, RANGE_ITER_TYPE, TUPLE_ITER_TYPE};
use crate::object::*;
use crate::vm::Vm;

fn iter_self(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

/// `__next__` for any built-in iterator: StopIteration when exhausted.
pub fn iter_next(vm: &mut Vm, args: Args) -> PyResult {
    // An instance of a subclass advances its built-in iterator (asking the instance again
    // would find this method and recurse).
    let me = &args.values[0];
    let target = me
        .payload_exact::<instance::Instance>()
        .and_then(|i| i.base_value.clone())
        .unwrap_or_else(|| me.clone());
    match vm.next(&target)? {
        Some(v) => Ok(v),
        None => Err(exception::PyErrExt::stop()),
    }
}

fn length_hint(_vm: &mut Vm, args: Args) -> PyResult {
    let it = &args.values[0];
    if let Some(si) = as_seq_iter(it) {
        let n = si.with_seq(seq_len);
        return Ok(int::from_usize(n.saturating_sub(si.index.get())));
    }
    if let Some(r) = it.payload_exact::<range::RangeIter>() {
        return Ok(int::from_usize(r.remaining()));
    }
    if let Some(n) = it.payload::<NativeIter>() {
        if let Ok(s) = n.0.try_borrow() {
            if let Some(h) = s.length_hint() {
                return Ok(int::from_usize(h));
            }
        }
    }
    Ok(crate::object::types::not_implemented())
}

/// The length of a sequence iterator's list or tuple.
fn seq_len(seq: &Value) -> usize {
    match list::as_list(seq) {
        Some(l) => l.0.borrow().len(),
        None => tuple::items(seq).len(),
    }
}

fn builtin_iter(vm: &mut Vm) -> PyResult {
    let builtins = vm.builtins_module.clone();
    vm.getattr(&builtins, "iter")
}

/// The built-in value behind `v` (itself, or what an instance of a subclass wraps).
fn target(v: &Value) -> Value {
    v.payload_exact::<instance::Instance>()
        .and_then(|i| i.base_value.clone())
        .unwrap_or_else(|| v.clone())
}

/// `__reduce__`, as CPython's: `iter(seq)` plus the position for sequence iterators, the
/// constructor arguments for the others.
fn reduce(vm: &mut Vm, args: Args) -> PyResult {
    let it = target(&args.values[0]);
    if let Some(si) = as_seq_iter(&it) {
        let is_list = it.ty().layout == Layout::ListIter;
        let iter = builtin_iter(vm)?;
        // CPython's: the sequence and position until exhausted, then an empty iterator.
        if si.is_exhausted() {
            let empty = if is_list {
                list::new_list(vec![])
            } else {
                tuple::from_array([])
            };
            return Ok(tuple::from_array([iter, tuple::from_array([empty])]));
        }
        return Ok(tuple::from_array([
            iter,
            tuple::from_array([si.seq()]),
            int::from_usize(si.index.get()),
        ]));
    }
    if let Some(r) = it.payload_exact::<range::RangeIter>() {
        let iter = builtin_iter(vm)?;
        let start = r.next.get();
        let stop = start + r.remaining() as i64 * r.step;
        let rng = range::new_range(
            int::from_i64(start),
            int::from_i64(stop),
            int::from_i64(r.step),
        );
        return Ok(tuple::from_array([
            iter,
            tuple::from_array([rng]),
            int::from_i64(0),
        ]));
    }
    if let Some(n) = it.payload::<NativeIter>() {
        let reduced = match n.0.try_borrow() {
            Ok(s) => s.reduce(vm)?,
            Err(_) => None,
        };
        if let Some((callable, cargs, state)) = reduced {
            let mut items = vec![callable, tuple::new_tuple(cargs)];
            items.extend(state);
            return Ok(tuple::new_tuple(items));
        }
    }
    Err(exception::type_error(format!(
        "cannot pickle '{}' object",
        args.values[0].ty().name()
    )))
}

/// `__setstate__`: the position of a sequence or range iterator, or a native iterator's state.
fn setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let it = target(&a[0]);
    if let Some(si) = as_seq_iter(&it) {
        let len = si.with_seq(seq_len);
        let i = vm.index_i64(&a[1])?.max(0) as usize;
        si.index.set(i.min(len));
        return Ok(crate::object::types::none());
    }
    if let Some(r) = it.payload_exact::<range::RangeIter>() {
        let i = vm.index_i64(&a[1])?.max(0);
        let skip = (i as usize).min(r.remaining()) as i64;
        r.next.set(r.next.get() + skip * r.step);
        return Ok(crate::object::types::none());
    }
    if let Some(n) = it.payload::<NativeIter>() {
        let done = match n.0.try_borrow_mut() {
            Ok(mut s) => s.set_state(vm, &a[1])?,
            Err(_) => false,
        };
        if done {
            return Ok(crate::object::types::none());
        }
    }
    Err(exception::attribute_error(format!(
        "'{}' object has no attribute '__setstate__'",
        a[0].ty().name()
    )))
}

/// `__iter__`, `__next__`, `__length_hint__`, `__reduce__` and `__setstate__`: the methods
/// every built-in iterator has.
pub const ITER_METHODS: &[MethodDef] = &[ITER, NEXT, LENGTH_HINT, REDUCE, SETSTATE];
pub const ITER: MethodDef = MethodDef::method("__iter__", iter_self);
pub const NEXT: MethodDef = MethodDef::method("__next__", iter_next);
pub const LENGTH_HINT: MethodDef = MethodDef::method("__length_hint__", length_hint);
pub const REDUCE: MethodDef = MethodDef::method("__reduce__", reduce);
pub const SETSTATE: MethodDef = MethodDef::method("__setstate__", setstate);

/// The spec every native iterator type uses.
pub fn native_iter_spec(ty: &'static TypeObject) -> TypeSpec {
    TypeSpec {
        ty,
        methods: ITER_METHODS,
        getsets: &[],
        doc: None,
    }
}

pub fn specs() -> Vec<TypeSpec> {
    let mut v = vec![
        native_iter_spec(&LIST_ITER_TYPE),
        native_iter_spec(&TUPLE_ITER_TYPE),
        native_iter_spec(&RANGE_ITER_TYPE),
    ];
    for t in crate::builtins::iterators::native_iter_types() {
        v.push(native_iter_spec(t));
    }
    v
}
