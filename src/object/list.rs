//! `list`: a growable array of values behind a `RefCell` (never borrowed across a call into
//! Python code).

use std::cell::RefCell;

use super::typeobj::Layout;
use super::types::LIST_TYPE;
use super::value::{Payload, Value};

pub struct List(pub RefCell<Vec<Value>>);

impl Payload for List {
    const LAYOUT: Layout = Layout::List;
}

pub fn new_list(items: Vec<Value>) -> Value {
    super::alloc::alloc(&LIST_TYPE, List(RefCell::new(items)))
}

/// The list payload of a list (or list subclass instance).
#[inline]
pub fn as_list(v: &Value) -> Option<&List> {
    v.payload::<List>()
}

/// `l[i]` when `l` is an exact list and `i` a small int in range (negative counted from the
/// end): the inline path of `BINARY_SUBSCR_LIST_INT`. None for anything else.
#[inline(always)]
pub fn item_small_int(l: &Value, i: &Value) -> Option<Value> {
    let i = i.as_small_int()?;
    if !l.is_type(&LIST_TYPE) {
        return None;
    }
    // SAFETY: an exact list is a `PyObject<List>`.
    let list = unsafe { l.payload_unchecked::<List>() };
    // SAFETY: no Python code runs (nor can the list change) while the item is read; it is
    // cloned before the borrow ends.
    let items = unsafe { list.0.try_borrow_unguarded() }.ok()?;
    Some(items[super::slice::item_position(i, items.len())?].clone())
}

/// `l[key]` when `l` is an exact list and `key` a slice with small-int or None bounds (the
/// fast path of subscripting, which needs no `__index__` call); None for anything else.
pub fn slice_small(l: &Value, key: &Value) -> Option<Value> {
    if !l.is_type(&LIST_TYPE) {
        return None;
    }
    // SAFETY: an exact list is a `PyObject<List>`.
    let list = unsafe { l.payload_unchecked::<List>() };
    let out = super::slice::select_small(&list.0.try_borrow().ok()?, key)?;
    Some(new_list(out))
}

/// `l[i] = v` when `l` is an exact list and `i` a small int in range (negative counted from
/// the end): the inline path of `STORE_SUBSCR_LIST_INT`. Gives `v` back for anything else,
/// which the general path then stores or raises for.
#[inline(always)]
pub fn store_small_int(l: &Value, i: &Value, v: Value) -> Result<(), Value> {
    let Some(i) = i.as_small_int() else {
        return Err(v);
    };
    if !l.is_type(&LIST_TYPE) {
        return Err(v);
    }
    // SAFETY: an exact list is a `PyObject<List>`.
    let list = unsafe { l.payload_unchecked::<List>() };
    let Ok(mut items) = list.0.try_borrow_mut() else {
        return Err(v);
    };
    let Some(j) = super::slice::item_position(i, items.len()) else {
        return Err(v);
    };
    let old = std::mem::replace(&mut items[j], v);
    drop(items);
    // Released after the borrow ends: freeing it may free more.
    drop(old);
    Ok(())
}

/// Appends to a list (no-op for anything else); MemoryError when the list cannot grow.
#[inline]
pub fn append(list: &Value, item: Value) -> super::error::PyResult<()> {
    if let Some(l) = as_list(list) {
        let mut v = l.0.borrow_mut();
        reserve_one(&mut v)?;
        v.push(item);
    }
    Ok(())
}

/// Appends `item` to the exact list `list` unless growing it fails; otherwise (or for another
/// object) hands the item back, the list unchanged: the inline path of `LIST_APPEND`.
#[inline(always)]
pub fn push_native(list: &Value, item: Value) -> Result<(), Value> {
    let Some(l) = list.payload_exact::<List>() else {
        return Err(item);
    };
    let mut v = l.0.borrow_mut();
    if reserve_one(&mut v).is_err() {
        return Err(item);
    }
    v.push(item);
    Ok(())
}

/// Makes room for one more item: growing a long list may fail, and raises MemoryError then.
#[inline]
pub fn reserve_one(v: &mut Vec<Value>) -> super::error::PyResult<()> {
    if v.len() == v.capacity() {
        v.try_reserve(1)
            .map_err(|_| super::exception::memory_error())?;
    }
    Ok(())
}

/// A snapshot of the items (new references).
pub fn items(v: &Value) -> Vec<Value> {
    match as_list(v) {
        Some(l) => l.0.borrow().clone(),
        None => Vec::new(),
    }
}

/// A tuple of a list's items (empty for anything else), without an intermediate vector.
pub fn to_tuple(v: &Value) -> Value {
    match as_list(v) {
        Some(l) => super::tuple::from_slice(&l.0.borrow()),
        None => super::tuple::from_array([]),
    }
}

pub fn len(v: &Value) -> usize {
    as_list(v).map(|l| l.0.borrow().len()).unwrap_or(0)
}
