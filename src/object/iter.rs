//! Iterators: list/tuple iterators, and native iterators implemented as Rust state machines
//! (enumerate, zip, map, dict and set iterators, ...), each with its own static type.

use std::cell::{Cell, RefCell};

use super::typeobj::{Layout, TypeObject};
use super::types::{LIST_ITER_TYPE, TUPLE_ITER_TYPE};
use super::value::{Payload, Value};
use crate::object::error::PyResult;
use crate::vm::Vm;

/// Iterator over a list or tuple (or an instance of a subclass of either) by index. Once
/// exhausted it lets go of the sequence, as CPython's do, holding the empty tuple instead.
pub struct SeqIter {
    pub(crate) seq: Cell<Value>,
    pub index: Cell<usize>,
}

thread_local! {
    /// What an exhausted sequence iterator holds.
    static EXHAUSTED: Value = {
        let t = super::tuple::new_tuple(Vec::new());
        t.make_immortal();
        t
    };
}

impl SeqIter {
    fn new(seq: Value) -> SeqIter {
        SeqIter {
            seq: Cell::new(seq),
            index: Cell::new(0),
        }
    }

    /// Runs `f` on the sequence (the empty tuple once exhausted). `f` must not run Python
    /// code, which could exhaust this iterator while `f` holds the reference.
    #[inline]
    pub fn with_seq<R>(&self, f: impl FnOnce(&Value) -> R) -> R {
        // SAFETY: the cell is only replaced by `exhaust`, which Python code alone can reach,
        // and `f` runs none; the reference does not escape `f`.
        f(unsafe { &*self.seq.as_ptr() })
    }

    /// A new reference to the sequence.
    pub fn seq(&self) -> Value {
        self.with_seq(Value::clone)
    }

    /// Whether the iterator has let go of its sequence.
    pub fn is_exhausted(&self) -> bool {
        EXHAUSTED.with(|e| self.with_seq(|s| s.is(e)))
    }

    /// The next item of a list or tuple iterator, or None once exhausted (letting go of the
    /// sequence then, which may run its `__del__`).
    #[inline]
    pub fn next_item(&self) -> Option<Value> {
        let i = self.index.get();
        let item = self.with_seq(|seq| match super::list::as_list(seq) {
            Some(l) => l.0.borrow().get(i).cloned(),
            None => super::tuple::items(seq).get(i).cloned(),
        });
        if item.is_some() {
            self.index.set(i + 1);
        } else {
            self.index.set(usize::MAX / 2);
            self.exhaust();
        }
        item
    }

    /// The next item of a list iterator while its list has one: `FOR_ITER_LIST`'s inline
    /// path, reading the items without a borrow flag. None when the iterator is exhausted or
    /// iterates a tuple; `next_item` then finishes it.
    #[inline(always)]
    pub fn next_list_item(&self) -> Option<Value> {
        let i = self.index.get();
        // SAFETY: as in `with_seq`: nothing here runs Python code, which alone could replace
        // the sequence.
        let seq = unsafe { &*self.seq.as_ptr() };
        let list = super::list::as_list(seq)?;
        // SAFETY: no Python code runs (nor can the list change) while the items are read;
        // the item is cloned before the borrow ends.
        let items = unsafe { list.0.try_borrow_unguarded() }.ok()?;
        let v = items.get(i)?.clone();
        self.index.set(i + 1);
        Some(v)
    }

    /// The next item of a tuple iterator while its tuple has one: `FOR_ITER_TUPLE`'s fast
    /// path. None when the iterator is exhausted or iterates a list; `next_item` then finishes
    /// it.
    #[inline(always)]
    pub fn next_tuple_item(&self) -> Option<Value> {
        let i = self.index.get();
        // SAFETY: as in `next_list_item`.
        let seq = unsafe { &*self.seq.as_ptr() };
        if !seq.is_type(&super::types::TUPLE_TYPE) {
            return None;
        }
        let v = super::tuple::items(seq).get(i)?.clone();
        self.index.set(i + 1);
        Some(v)
    }

    /// Lets go of the sequence (which may run its `__del__`).
    pub fn exhaust(&self) {
        let old = self.seq.replace(EXHAUSTED.with(Value::clone));
        drop(old);
    }
}

impl Payload for SeqIter {
    const LAYOUT: Layout = Layout::ListIter;
    fn payload_of(layout: Layout) -> bool {
        matches!(layout, Layout::ListIter | Layout::TupleIter)
    }
}

// One payload for two layouts: the collector must treat both alike.
const _: () = assert!(Layout::ListIter.is_tracked() == Layout::TupleIter.is_tracked());

/// `iter(v)` for what takes no Python code to iterate: an exact list, tuple or range (of
/// machine-size bounds) gets a new iterator; the built-in iterators and generators are their
/// own. None for anything else, which the general `iter` handles (and raises for).
#[inline]
pub fn native_iter(v: &Value) -> Option<Value> {
    use super::types::{GENERATOR_TYPE, LIST_TYPE, RANGE_TYPE, TUPLE_TYPE};
    if v.is_small_int() {
        return None;
    }
    match v.ty().layout {
        Layout::List if v.is_type(&LIST_TYPE) => Some(new_list_iter(v.clone())),
        Layout::Tuple if v.is_type(&TUPLE_TYPE) => Some(new_tuple_iter(v.clone())),
        Layout::ListIter | Layout::TupleIter | Layout::RangeIter | Layout::NativeIter
            if !v.ty().is_heap() =>
        {
            Some(v.clone())
        }
        Layout::Range if v.is_type(&RANGE_TYPE) => {
            super::range::small_range_iter(v.payload_exact::<super::range::Range>()?)
        }
        // Coroutines and async generators share the layout but are not iterable.
        Layout::Generator if v.is_type(&GENERATOR_TYPE) => Some(v.clone()),
        _ => None,
    }
}

pub fn new_list_iter(list: Value) -> Value {
    super::alloc::alloc(&LIST_ITER_TYPE, SeqIter::new(list))
}

pub fn new_tuple_iter(tuple: Value) -> Value {
    super::alloc::alloc(&TUPLE_ITER_TYPE, SeqIter::new(tuple))
}

/// The SeqIter payload of a list or tuple iterator.
#[inline]
pub fn as_seq_iter(v: &Value) -> Option<&SeqIter> {
    if v.is_small_int() {
        return None;
    }
    match v.ty().layout {
        // SAFETY: both layouts are allocated as PyObject<SeqIter>.
        Layout::ListIter | Layout::TupleIter => Some(unsafe { v.payload_unchecked::<SeqIter>() }),
        _ => None,
    }
}

/// A Rust-implemented iterator's state.
pub trait NativeIterator {
    /// The next item, or None when exhausted.
    fn next(&mut self, vm: &mut Vm) -> PyResult<Option<Value>>;
    /// `__length_hint__`, if known.
    fn length_hint(&self) -> Option<usize> {
        None
    }
    /// `__reduce__`: the callable that rebuilds the iterator, its arguments and the state
    /// passed to `__setstate__`; None if the iterator cannot be pickled.
    fn reduce(&self, _vm: &mut Vm) -> PyResult<Option<Reduced>> {
        Ok(None)
    }
    /// `__setstate__`; false if the iterator has no state to set.
    fn set_state(&mut self, _vm: &mut Vm, _state: &Value) -> PyResult<bool> {
        Ok(false)
    }
    /// Iterators whose state lives in cells answer true, and `next_shared` is then their
    /// `next`, run under a shared borrow: the Python code it calls may advance the same
    /// iterator, as CPython allows (a `map` function that advances the `zip` reading that
    /// `map`). The others raise "generator already executing" on re-entry.
    fn shares_next(&self) -> bool {
        false
    }
    /// `next` for iterators that answer true to `shares_next` (never called for the others).
    fn next_shared(&self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        Ok(None)
    }
    /// Calls `visit` on every object the iterator holds, for the cycle collector.
    fn traverse(&self, _visit: &mut dyn FnMut(&Value)) {}
}

/// What an iterator's `__reduce__` returns: callable, arguments, state.
pub type Reduced = (Value, Vec<Value>, Option<Value>);

/// CPython's reduction of a dict or set iterator: `iter(list_of_what_is_left)`, read from a
/// copy of the iterator so that the original keeps its position.
pub fn reduce_to_remaining<I: NativeIterator + Clone>(
    it: &I,
    vm: &mut Vm,
) -> PyResult<Option<Reduced>> {
    let mut copy = it.clone();
    let mut rest = Vec::new();
    while let Some(v) = copy.next(vm)? {
        rest.push(v);
    }
    let iter = vm.getattr(&vm.builtins_module.clone(), "iter")?;
    Ok(Some((iter, vec![super::list::new_list(rest)], None)))
}

/// A native iterator's state, and whether it `shares_next` (asked once, at creation).
pub struct NativeIter(pub RefCell<Box<dyn NativeIterator>>, bool);

impl Payload for NativeIter {
    const LAYOUT: Layout = Layout::NativeIter;
}

/// A native iterator object of type `ty` (whose layout must be NativeIter).
pub fn new_native_iter(ty: &TypeObject, state: Box<dyn NativeIterator>) -> Value {
    let shared = state.shares_next();
    super::alloc::alloc(ty, NativeIter(RefCell::new(state), shared))
}

/// Advances a native iterator (RuntimeError if re-entered).
pub fn native_next(vm: &mut Vm, it: &NativeIter) -> PyResult<Option<Value>> {
    if it.1 {
        let state =
            it.0.try_borrow()
                .map_err(|_| super::exception::value_error("generator already executing"))?;
        return state.next_shared(vm);
    }
    let mut state =
        it.0.try_borrow_mut()
            .map_err(|_| super::exception::value_error("generator already executing"))?;
    state.next(vm)
}
