//! `__iter__`/`__next__`/`__length_hint__` of the built-in iterator types.

use super::iter::{as_seq_iter, NativeIter};
use super::typeobj::TypeObject;
use super::types::{MethodDef, TypeSpec, LIST_ITER_TYPE, RANGE_ITER_TYPE, TUPLE_ITER_TYPE};
use super::*;
use crate::vm::{Args, PyResult, Vm};

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
        let n = if let Some(l) = list::as_list(&si.seq) {
            l.0.borrow().len()
        } else {
            tuple::items(&si.seq).len()
        };
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
    Ok(super::types::not_implemented())
}

/// `__iter__`, `__next__`, `__length_hint__`: the methods every built-in iterator has.
pub const ITER_METHODS: &[MethodDef] = &[
    MethodDef::method("__iter__", iter_self),
    MethodDef::method("__next__", iter_next),
    MethodDef::method("__length_hint__", length_hint),
];

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
