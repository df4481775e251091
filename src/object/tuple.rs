//! `tuple`: an immutable array of values.

use super::typeobj::Layout;
use super::types::TUPLE_TYPE;
use super::value::{Payload, Value};

pub struct Tuple(pub Box<[Value]>);

impl Payload for Tuple {
    const LAYOUT: Layout = Layout::Tuple;
}

thread_local! {
    static EMPTY: Value = {
        let v = super::alloc::alloc(&TUPLE_TYPE, Tuple(Box::new([])));
        v.make_immortal();
        v
    };
}

/// A new tuple (the empty tuple is a shared immortal object).
pub fn new_tuple(items: Vec<Value>) -> Value {
    if items.is_empty() {
        return EMPTY.with(|e| e.clone());
    }
    super::alloc::alloc(&TUPLE_TYPE, Tuple(items.into_boxed_slice()))
}

/// A tuple of a slice's values.
pub fn from_slice(items: &[Value]) -> Value {
    new_tuple(items.to_vec())
}

/// The items of a tuple (or tuple subclass instance); empty for anything else.
#[inline]
pub fn items(v: &Value) -> &[Value] {
    match v.payload::<Tuple>() {
        Some(t) => &t.0,
        None => &[],
    }
}

/// `t[key]` when `t` is an exact tuple and `key` a slice with small-int or None bounds (the
/// fast path of subscripting); a slice of the whole tuple is the tuple itself, as in CPython.
/// None for anything else.
pub fn slice_small(t: &Value, key: &Value) -> Option<Value> {
    if !t.is_type(&TUPLE_TYPE) {
        return None;
    }
    let items = items(t);
    match super::slice::small_indices(items.len(), key)? {
        (0, 1, n) if n == items.len() => Some(t.clone()),
        _ => Some(new_tuple(super::slice::select_small(items, key)?)),
    }
}

/// The items if `v` is a tuple.
#[inline]
pub fn as_tuple(v: &Value) -> Option<&[Value]> {
    v.payload::<Tuple>().map(|t| &t.0[..])
}

/// CPython 3.11's tuple hash (xxHash-based), from the item hashes.
pub fn hash_from_items(hashes: &[i64]) -> i64 {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let mut acc: u64 = P5;
    for &h in hashes {
        acc = acc.wrapping_add((h as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((hashes.len() as u64) ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        return 1546275796;
    }
    acc as i64
}
