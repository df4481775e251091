//! `tuple`: an immutable array of values.
//!
//! A tuple is one allocation: the object, then its items (`alloc::alloc_with_values`), as in
//! CPython, where a tuple built and dropped in a loop costs one block, not an object and an
//! array.

use super::typeobj::Layout;
use super::types::TUPLE_TYPE;
use super::value::{Payload, Value};

/// The payload of a tuple: where its items are (in the tuple's own allocation, right after
/// the object) and how many. The JIT reads both words (`tier2::runtime::tuple_layout`).
pub struct Tuple {
    items: *mut Value,
    len: usize,
}

impl Tuple {
    #[inline(always)]
    pub fn items(&self) -> &[Value] {
        // SAFETY: `items` points at `len` initialized values owned by the tuple, in its
        // allocation (`make`), which lives as long as the payload.
        unsafe { std::slice::from_raw_parts(self.items, self.len) }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the items are in the tuple's own block (all but the largest tuples, whose items
    /// stay in the vector they were built in: see `new_tuple`).
    #[inline(always)]
    fn items_inline(&self) -> bool {
        // The items of a one-block tuple start right after the payload, the object's last
        // field (`alloc::alloc_with_values` puts them there).
        std::ptr::eq(
            self.items,
            (self as *const Tuple).wrapping_add(1) as *const Value,
        )
    }

    /// How many values the tuple's block has room for after the object (what freeing it
    /// needs): its items, or for items kept elsewhere one unused slot, which makes sure that
    /// no other allocation starts where inline items would (`items_inline`).
    #[inline]
    pub fn values_in_block(&self) -> usize {
        if self.items_inline() {
            self.len
        } else {
            1
        }
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Drop for Tuple {
    fn drop(&mut self) {
        let items = std::ptr::slice_from_raw_parts_mut(self.items, self.len);
        if self.items_inline() {
            // SAFETY: the items are initialized and owned by the tuple; the block that holds
            // them is released after the payload is dropped (`alloc::free`).
            unsafe { std::ptr::drop_in_place(items) };
        } else {
            // SAFETY: out-of-block items are the boxed slice `new_tuple` leaked to the tuple.
            drop(unsafe { Box::from_raw(items) });
        }
    }
}

impl Payload for Tuple {
    const LAYOUT: Layout = Layout::Tuple;
}

thread_local! {
    static EMPTY: Value = {
        let v = make(0, std::iter::empty());
        v.make_immortal();
        v
    };
}

/// A tuple of `n` items taken from `items` (which yields exactly `n`; missing ones would be
/// None).
fn make(n: usize, mut items: impl Iterator<Item = Value>) -> Value {
    super::alloc::alloc_with_values(&TUPLE_TYPE, n, |slots| {
        for i in 0..n {
            let v = items.next();
            debug_assert!(v.is_some(), "a tuple's items ran short");
            // SAFETY: `slots` has room for `n` values, written once each.
            unsafe { slots.add(i).write(v.unwrap_or_else(super::types::none)) };
        }
        Tuple {
            items: slots,
            len: n,
        }
    })
}

/// A new tuple (the empty tuple is a shared immortal object).
pub fn new_tuple(items: Vec<Value>) -> Value {
    // A vector too large to copy without a check keeps its items: copying would need as much
    // memory again, and running out of it there would abort instead of raising MemoryError.
    if items.len().saturating_mul(size_of::<Value>()) >= crate::memory::alloc::CHECKED {
        let len = items.len();
        let items = Box::into_raw(items.into_boxed_slice()) as *mut Value;
        return super::alloc::alloc_with_values(&TUPLE_TYPE, 1, |_| Tuple { items, len });
    }
    let mut items = items;
    let n = items.len();
    // SAFETY: the vector's values move into the tuple; with its length set to zero the vector
    // only frees its buffer.
    unsafe {
        items.set_len(0);
        from_moved(items.as_ptr(), n)
    }
}

/// A tuple of the values of an iterator that yields `n` of them.
#[inline]
pub fn from_exact(n: usize, items: impl Iterator<Item = Value>) -> Value {
    if n == 0 {
        return EMPTY.with(|e| e.clone());
    }
    make(n, items)
}

/// A tuple of an array's values (no intermediate vector).
#[inline]
pub fn from_array<const N: usize>(items: [Value; N]) -> Value {
    let items = std::mem::ManuallyDrop::new(items);
    // SAFETY: the array's values move into the tuple; `ManuallyDrop` keeps them from being
    // dropped here too.
    unsafe { from_moved(items.as_ptr(), N) }
}

/// A tuple of the `n` values at `src`, which it takes over: building a tuple from the top of
/// a value stack is one copy of the words, with no reference count touched.
///
/// # Safety
/// `src` points at `n` initialized values that the caller gives up (it must not drop them or
/// read them as values again).
#[inline]
pub unsafe fn from_moved(src: *const Value, n: usize) -> Value {
    if n == 0 {
        return EMPTY.with(|e| e.clone());
    }
    super::alloc::alloc_with_values(&TUPLE_TYPE, n, |slots| {
        // SAFETY: `slots` has room for `n` values; the caller hands over the `n` at `src`.
        unsafe { std::ptr::copy_nonoverlapping(src, slots, n) };
        Tuple {
            items: slots,
            len: n,
        }
    })
}

/// A tuple of the values of the slices `parts`, in order (concatenation, slicing).
#[inline]
pub fn from_slices(parts: &[&[Value]]) -> Value {
    let n = parts.iter().map(|p| p.len()).sum();
    if n == 0 {
        return EMPTY.with(|e| e.clone());
    }
    super::alloc::alloc_with_values(&TUPLE_TYPE, n, |slots| {
        let mut dst = slots;
        for part in parts {
            for v in *part {
                // SAFETY: `slots` has room for the `n` values of the parts, written once each.
                unsafe {
                    dst.write(v.clone());
                    dst = dst.add(1);
                }
            }
        }
        Tuple {
            items: slots,
            len: n,
        }
    })
}

/// A tuple of a slice's values.
pub fn from_slice(items: &[Value]) -> Value {
    from_slices(&[items])
}

/// The items of a tuple (or tuple subclass instance); empty for anything else.
#[inline]
pub fn items(v: &Value) -> &[Value] {
    match v.payload::<Tuple>() {
        Some(t) => t.items(),
        None => &[],
    }
}

/// `t[i]` when `t` is an exact tuple and `i` a small int in range (the fast path of
/// subscripting); None for anything else.
#[inline]
pub fn item_small_int(t: &Value, i: &Value) -> Option<Value> {
    let i = i.as_small_int()?;
    let items = t.payload_exact::<Tuple>()?.items();
    Some(items[super::slice::item_position(i, items.len())?].clone())
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
        // A selection too big to allocate without a check takes the general path, which
        // raises MemoryError when it cannot.
        (_, _, n) if n.saturating_mul(size_of::<Value>()) >= crate::memory::alloc::CHECKED => None,
        (start, 1, n) if n > 0 => Some(from_slice(&items[start as usize..start as usize + n])),
        (start, step, n) => Some(from_exact(
            n,
            super::slice::positions(start, step, n).map(|p| items[p].clone()),
        )),
    }
}

/// The items if `v` is a tuple.
#[inline]
pub fn as_tuple(v: &Value) -> Option<&[Value]> {
    v.payload::<Tuple>().map(Tuple::items)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::int::from_i64;
    use crate::object::slice::new_slice;
    use crate::object::types::none;

    fn ints(t: &Value) -> Vec<i64> {
        items(t).iter().map(|v| v.as_small_int().unwrap()).collect()
    }

    #[test]
    fn the_ways_of_making_a_tuple_agree() {
        let three = [from_i64(1), from_i64(2), from_i64(3)];
        assert_eq!(ints(&from_array(three.clone())), [1, 2, 3]);
        assert_eq!(ints(&from_slice(&three)), [1, 2, 3]);
        assert_eq!(ints(&new_tuple(three.to_vec())), [1, 2, 3]);
        assert_eq!(ints(&from_exact(3, three.iter().cloned())), [1, 2, 3]);
        // Every empty tuple is the one shared empty tuple.
        assert!(from_array([]).is(&new_tuple(Vec::new())));
        // A slice of small bounds, and the whole tuple as itself.
        let t = from_slice(&three);
        let s = slice_of(Some(-1), None, Some(-2));
        assert_eq!(ints(&slice_small(&t, &s).unwrap()), [3, 1]);
        assert!(slice_small(&t, &slice_of(None, None, None)).unwrap().is(&t));
    }

    fn slice_of(start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Value {
        let v = |b: Option<i64>| b.map_or_else(none, from_i64);
        new_slice(v(start), v(stop), v(step))
    }

    #[test]
    fn a_tuple_of_a_large_vector_keeps_its_items_where_they_are() {
        let n = crate::memory::alloc::CHECKED / size_of::<Value>() + 1;
        let items: Vec<Value> = (0..n as i64).map(from_i64).collect();
        let data = items.as_ptr();
        let t = new_tuple(items);
        let p = t.payload::<Tuple>().unwrap();
        assert!(std::ptr::eq(p.items().as_ptr(), data));
        assert_eq!((p.len(), p.values_in_block()), (n, 1));
        assert_eq!(items_of_last(&t), n as i64 - 1);
        drop(t);
        // A small one keeps its items in its block.
        let small = from_array([from_i64(4)]);
        let p = small.payload::<Tuple>().unwrap();
        assert_eq!((p.len(), p.values_in_block()), (1, 1));
    }

    fn items_of_last(t: &Value) -> i64 {
        items(t).last().unwrap().as_small_int().unwrap()
    }

    #[test]
    fn a_freed_small_tuple_block_is_reused_for_the_same_size() {
        let t = from_array([from_i64(7), from_i64(8), from_i64(9)]);
        let addr = t.header_ptr() as usize;
        drop(t);
        let again = from_array([from_i64(1), from_i64(2), from_i64(3)]);
        assert_eq!(again.header_ptr() as usize, addr);
        assert_eq!(ints(&again), [1, 2, 3]);
        // Items of the freed tuple were released, and a new one of another size gets
        // another block.
        let two = from_array([from_i64(1), from_i64(2)]);
        assert_ne!(two.header_ptr() as usize, addr);
    }
}
