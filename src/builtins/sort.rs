//! Sorting for `list.sort` and `sorted`: stable, by `<` of the items (or of their keys).
//!
//! As CPython's `list.sort` does, the keys are scanned once before sorting: when they all
//! have one type whose order runs no Python code (exact ints, floats, strs), they are sorted
//! by that order directly (CPython's `unsafe_long_compare` and its siblings), and exact tuples
//! are compared item by item without the `__lt__` slot (`unsafe_tuple_compare`). Anything
//! else compares with `<`, which may run Python code and raise, so it goes through a merge
//! sort that stops at the first error.

use std::cmp::Ordering;

use crate::object::error::PyResult;
use crate::object::types::{FLOAT_TYPE, STR_TYPE, TUPLE_TYPE};
use crate::object::value::Value;
use crate::object::{float, str, tuple};
use crate::vm::Vm;

/// The items sorted by `<` of their `key` results (of themselves without a key); `reverse`
/// sorts in descending order, keeping equal items in their original order as CPython does.
pub fn sort_values(
    vm: &mut Vm,
    items: Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<Vec<Value>> {
    let keyed;
    let keys: &[Value] = match key {
        Some(f) => {
            let mut ks = Vec::with_capacity(items.len());
            for it in &items {
                ks.push(vm.call(f, std::slice::from_ref(it))?);
            }
            keyed = ks;
            &keyed
        }
        None => &items,
    };
    // Sorting positions (reversed first and last for `reverse`, which keeps equal items in
    // their order) leaves the items and keys where they are while comparisons run.
    let mut order: Vec<usize> = (0..items.len()).collect();
    if reverse {
        order.reverse();
    }
    sort_positions(vm, keys, &mut order)?;
    if reverse {
        order.reverse();
    }
    Ok(order.into_iter().map(|i| items[i].clone()).collect())
}

/// What all the keys are, which decides how they compare.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum KeyKind {
    SmallInts,
    /// Exact floats, none of them a NaN (so `<` is a total order).
    Floats,
    Strs,
    Tuples,
    Mixed,
}

fn kind_of(keys: &[Value]) -> KeyKind {
    let Some(first) = keys.first() else {
        return KeyKind::Mixed;
    };
    let all = |test: &dyn Fn(&Value) -> bool| keys.iter().all(test);
    if first.is_small_int() {
        if all(&|k| k.is_small_int()) {
            return KeyKind::SmallInts;
        }
    } else if first.is_type(&FLOAT_TYPE) {
        if all(&|k| k.is_type(&FLOAT_TYPE) && !float::as_f64(k).is_some_and(f64::is_nan)) {
            return KeyKind::Floats;
        }
    } else if first.is_type(&STR_TYPE) {
        if all(&|k| k.is_type(&STR_TYPE)) {
            return KeyKind::Strs;
        }
    } else if first.is_type(&TUPLE_TYPE) && all(&|k| k.is_type(&TUPLE_TYPE)) {
        return KeyKind::Tuples;
    }
    KeyKind::Mixed
}

/// Sorts `order` (positions into `keys`) stably by `<` of the keys.
fn sort_positions(vm: &mut Vm, keys: &[Value], order: &mut [usize]) -> PyResult<()> {
    match kind_of(keys) {
        // A total order: the standard library's stable sort, which cannot fail.
        KeyKind::SmallInts => order.sort_by_key(|&i| keys[i].small_int_value()),
        KeyKind::Floats => {
            let value = |i: usize| float::as_f64(&keys[i]).unwrap_or(0.0);
            // No NaN, so every pair is ordered; -0.0 and 0.0 are equal, as in Python.
            order.sort_by(|&i, &j| value(i).partial_cmp(&value(j)).unwrap_or(Ordering::Equal));
        }
        KeyKind::Strs => {
            order.sort_by(
                |&i, &j| match (str::payload(&keys[i]), str::payload(&keys[j])) {
                    (Some(x), Some(y)) => str::str_cmp(x, y),
                    _ => Ordering::Equal,
                },
            )
        }
        KeyKind::Tuples => {
            let mut buf = order.to_vec();
            merge_sort(keys, order, &mut buf, &mut |a, b| tuple_lt(vm, a, b))?;
        }
        KeyKind::Mixed => {
            let mut buf = order.to_vec();
            merge_sort(keys, order, &mut buf, &mut |a, b| vm.lt(a, b))?;
        }
    }
    Ok(())
}

/// `a < b` for two exact tuples, as CPython's `unsafe_tuple_compare`: the first items that
/// are not equal decide, else the shorter tuple is less.
fn tuple_lt(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    // Tuples are immutable, and the caller's references keep both alive.
    let (x, y) = (tuple::items(a), tuple::items(b));
    for (p, q) in x.iter().zip(y) {
        if !vm.eq(p, q)? {
            return vm.lt(p, q);
        }
    }
    Ok(x.len() < y.len())
}

/// Stable merge sort of `order` by `lt` of the keys it indexes, stopping at the first error
/// (which leaves `order` permuted). `buf` is scratch space as long as `order`.
fn merge_sort(
    keys: &[Value],
    order: &mut [usize],
    buf: &mut [usize],
    lt: &mut impl FnMut(&Value, &Value) -> PyResult<bool>,
) -> PyResult<()> {
    let n = order.len();
    if n <= 16 {
        // Insertion sort for short runs.
        for i in 1..n {
            let mut j = i;
            while j > 0 && lt(&keys[order[j]], &keys[order[j - 1]])? {
                order.swap(j, j - 1);
                j -= 1;
            }
        }
        return Ok(());
    }
    let mid = n / 2;
    {
        let (l, r) = order.split_at_mut(mid);
        let (bl, br) = buf.split_at_mut(mid);
        merge_sort(keys, l, bl, lt)?;
        merge_sort(keys, r, br, lt)?;
    }
    // Already in order: nothing to merge.
    if !lt(&keys[order[mid]], &keys[order[mid - 1]])? {
        return Ok(());
    }
    buf[..n].copy_from_slice(order);
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if lt(&keys[buf[j]], &keys[buf[i]])? {
            order[k] = buf[j];
            j += 1;
        } else {
            order[k] = buf[i];
            i += 1;
        }
        k += 1;
    }
    order[k..k + mid - i].copy_from_slice(&buf[i..mid]);
    k += mid - i;
    order[k..].copy_from_slice(&buf[j..n]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::int;

    #[test]
    fn key_kinds_take_exact_types_only() {
        let ints = [int::from_i64(3), int::from_i64(1)];
        assert_eq!(kind_of(&ints), KeyKind::SmallInts);
        let floats = [float::new_float(1.5), float::new_float(-0.0)];
        assert_eq!(kind_of(&floats), KeyKind::Floats);
        let with_nan = [float::new_float(1.5), float::new_float(f64::NAN)];
        assert_eq!(kind_of(&with_nan), KeyKind::Mixed);
        let mixed = [int::from_i64(1), float::new_float(0.5)];
        assert_eq!(kind_of(&mixed), KeyKind::Mixed);
        let strs = [str::new_str("b"), str::new_str("a")];
        assert_eq!(kind_of(&strs), KeyKind::Strs);
        let tuples = [tuple::from_slice(&ints), tuple::from_slice(&[])];
        assert_eq!(kind_of(&tuples), KeyKind::Tuples);
        assert_eq!(kind_of(&[]), KeyKind::Mixed);
    }

    #[test]
    fn merge_sort_is_stable_and_stops_at_an_error() {
        let keys: Vec<Value> = [5, 1, 5, 0, 1, 3, 2, 9, 4, 4, 7, 6, 8, 0, 2, 3, 1, 5, 9, 7]
            .iter()
            .map(|&k| int::from_i64(k))
            .collect();
        let mut order: Vec<usize> = (0..keys.len()).collect();
        let mut buf = order.clone();
        merge_sort(&keys, &mut order, &mut buf, &mut |a, b| {
            Ok(a.small_int_value() < b.small_int_value())
        })
        .unwrap();
        let mut expected: Vec<usize> = (0..keys.len()).collect();
        expected.sort_by_key(|&i| keys[i].small_int_value());
        assert_eq!(order, expected);
        let mut calls = 0;
        let r = merge_sort(&keys, &mut order, &mut buf, &mut |_, _| {
            calls += 1;
            Err(crate::object::exception::type_error("no order"))
        });
        assert!(r.is_err());
        assert_eq!(calls, 1);
    }
}
