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

pub fn len(v: &Value) -> usize {
    as_list(v).map(|l| l.0.borrow().len()).unwrap_or(0)
}
