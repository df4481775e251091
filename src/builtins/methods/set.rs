//! Methods of `set` and `frozenset`, built the way CPython's `setobject.c` builds its results
//! so that iteration order matches.

use super::list::{base_value, no_args, one_arg, repr_enter, repr_leave};
use crate::bytecode::CompareOperator;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{key_error, runtime_error, type_error, TYPE_ERROR};
use crate::object::iter::{new_native_iter, NativeIterator};
use crate::object::set::{as_set, data_of, new_set_of_type};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, none, not_implemented, MethodDef, TypeSpec, DICT_TYPE, FROZENSET_TYPE, OBJECT_TYPE,
    SET_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static SET_ITER_TYPE: TypeObject =
    TypeObject::new_static("set_iterator", Layout::NativeIter, Some(&OBJECT_TYPE), 0);

fn is_anyset(v: &Value) -> bool {
    as_set(v).is_some()
}

fn this(v: &Value) -> PyResult<&crate::object::set::Set> {
    as_set(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'set' object but received a '{}'",
            v.ty().name()
        ))
    })
}

fn same_set(a: &Value, b: &Value) -> bool {
    match (as_set(a), as_set(b)) {
        (Some(x), Some(y)) => std::ptr::eq(x, y),
        _ => false,
    }
}

/// `make_new_set_basetype`: a set for set subclasses, else a frozenset.
fn basetype(v: &Value) -> &'static TypeObject {
    if v.ty().is_subtype(&SET_TYPE) {
        &SET_TYPE
    } else {
        &FROZENSET_TYPE
    }
}

fn len(v: &Value) -> usize {
    crate::object::set::len(v)
}

/// `set_merge`: adds every element of another set.
fn merge(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<()> {
    let other_len = len(other);
    if same_set(so, other) || other_len == 0 {
        return Ok(());
    }
    {
        let mut s = data_of(so).borrow_mut();
        s.reserve_for_merge(other_len)?;
        let o = data_of(other).borrow();
        if s.fill() == 0 && s.table_size() == o.table_size() && !o.has_dummies() {
            s.copy_from(&o);
            return Ok(());
        }
    }
    for (h, k) in crate::object::set::hashed_items(other) {
        crate::object::set::add_hashed(vm, so, k, h)?;
    }
    Ok(())
}

/// `set_update_internal`: adds the elements of any iterable.
pub(crate) fn update_internal(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<()> {
    if is_anyset(other) {
        return merge(vm, so, other);
    }
    if other.is_type(&DICT_TYPE) {
        let pairs: Vec<(i64, Value)> = crate::object::dict::data_of(other)
            .borrow()
            .iter()
            .map(|e| (e.hash, e.key.clone()))
            .collect();
        data_of(so).borrow_mut().reserve_for_merge(pairs.len())?;
        for (h, k) in pairs {
            crate::object::set::add_hashed(vm, so, k, h)?;
        }
        return Ok(());
    }
    let it = vm.iter(other)?;
    loop {
        let next = vm.next_feeding(&it, &mut |k| crate::object::set::add_native(so, k))?;
        let Some(k) = next else { return Ok(()) };
        crate::object::set::add(vm, so, k)?;
    }
}

/// A new set or frozenset of `ty` holding the elements of `iterable`.
fn make_new_set(vm: &mut Vm, ty: &TypeObject, iterable: Option<&Value>) -> PyResult {
    let s = new_set_of_type(ty);
    if let Some(it) = iterable {
        update_internal(vm, &s, it)?;
    }
    Ok(s)
}

/// `set_copy`: a copy of the base type.
fn copy_of(vm: &mut Vm, so: &Value) -> PyResult {
    make_new_set(vm, basetype(so), Some(&base_value(so)))
}

/// Drops dummies once more than a quarter of the table holds them.
fn compact_after_removals(so: &Value) {
    let mut s = data_of(so).borrow_mut();
    if s.fill() - s.len() <= (s.table_size() - 1) / 4 {
        return;
    }
    let used = s.len();
    // Shrinking: when even that cannot be allocated, the dummies stay.
    let _ = s.resize(if used > 50000 { used * 2 } else { used * 4 });
}

/// The key to look up for `contains`/`remove`/`discard`: an unhashable set is retried as a
/// frozenset.
fn lookup_key<T>(
    vm: &mut Vm,
    so: &Value,
    key: &Value,
    f: fn(&mut Vm, &Value, &Value) -> PyResult<T>,
) -> PyResult<T> {
    match f(vm, so, key) {
        Err(e) if e.is_instance(&TYPE_ERROR) && key.ty().is_subtype(&SET_TYPE) => {
            let fz = make_new_set(vm, &FROZENSET_TYPE, Some(key))?;
            f(vm, so, &fz)
        }
        r => r,
    }
}

/// `set_intersection` of a set with one other iterable.
fn intersection(vm: &mut Vm, so: &Value, other: &Value) -> PyResult {
    if same_set(so, other) {
        return copy_of(vm, so);
    }
    let result = new_set_of_type(basetype(so));
    if is_anyset(other) {
        let (small, big) = if len(other) > len(so) {
            (so.clone(), other.clone())
        } else {
            (other.clone(), so.clone())
        };
        for (h, k) in crate::object::set::hashed_items(&small) {
            if crate::object::set::contains_hashed(vm, &big, &k, h)? {
                crate::object::set::add_hashed(vm, &result, k, h)?;
            }
        }
        return Ok(result);
    }
    let it = vm.iter(other)?;
    while let Some(k) = vm.next(&it)? {
        let h = crate::object::dict::key_hash(vm, &k)?;
        if crate::object::set::contains_hashed(vm, so, &k, h)? {
            crate::object::set::add_hashed(vm, &result, k, h)?;
        }
    }
    Ok(result)
}

fn intersection_multi(vm: &mut Vm, so: &Value, others: &[Value]) -> PyResult {
    if others.is_empty() {
        return copy_of(vm, so);
    }
    let mut result = so.clone();
    for o in others {
        result = intersection(vm, &result, o)?;
    }
    Ok(result)
}

/// `set_difference_update_internal`.
pub(crate) fn difference_update_internal(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<()> {
    if same_set(so, other) {
        let old = data_of(so).borrow_mut().clear();
        drop(old);
        return Ok(());
    }
    if is_anyset(other) {
        let other = if (len(other) >> 3) > len(so) {
            intersection(vm, so, other)?
        } else {
            other.clone()
        };
        for (h, k) in crate::object::set::hashed_items(&other) {
            crate::object::set::discard_hashed(vm, so, &k, h)?;
        }
    } else {
        let it = vm.iter(other)?;
        while let Some(k) = vm.next(&it)? {
            crate::object::set::discard(vm, so, &k)?;
        }
    }
    compact_after_removals(so);
    Ok(())
}

/// `set_difference` of a set with one other iterable.
fn difference(vm: &mut Vm, so: &Value, other: &Value) -> PyResult {
    let other_size = if is_anyset(other) {
        len(other)
    } else if other.is_type(&DICT_TYPE) {
        crate::object::dict::len(other)
    } else {
        let r = copy_of(vm, so)?;
        difference_update_internal(vm, &r, other)?;
        return Ok(r);
    };
    if (len(so) >> 2) > other_size {
        let r = copy_of(vm, so)?;
        difference_update_internal(vm, &r, other)?;
        return Ok(r);
    }
    let result = new_set_of_type(basetype(so));
    for (h, k) in crate::object::set::hashed_items(so) {
        let present = if is_anyset(other) {
            crate::object::set::contains_hashed(vm, other, &k, h)?
        } else {
            crate::object::dict::get_item(vm, other, &k)?.is_some()
        };
        if !present {
            crate::object::set::add_hashed(vm, &result, k, h)?;
        }
    }
    Ok(result)
}

/// `set_symmetric_difference_update`.
pub(crate) fn symmetric_difference_update_internal(
    vm: &mut Vm,
    so: &Value,
    other: &Value,
) -> PyResult<()> {
    if same_set(so, other) {
        let old = data_of(so).borrow_mut().clear();
        drop(old);
        return Ok(());
    }
    let pairs: Vec<(i64, Value)> = if other.is_type(&DICT_TYPE) {
        crate::object::dict::data_of(other)
            .borrow()
            .iter()
            .map(|e| (e.hash, e.key.clone()))
            .collect()
    } else if is_anyset(other) {
        crate::object::set::hashed_items(other)
    } else {
        let tmp = make_new_set(vm, basetype(so), Some(other))?;
        crate::object::set::hashed_items(&tmp)
    };
    for (h, k) in pairs {
        if !crate::object::set::discard_hashed(vm, so, &k, h)? {
            crate::object::set::add_hashed(vm, so, k, h)?;
        }
    }
    Ok(())
}

fn symmetric_difference(vm: &mut Vm, so: &Value, other: &Value) -> PyResult {
    let r = make_new_set(vm, basetype(so), Some(other))?;
    symmetric_difference_update_internal(vm, &r, so)?;
    Ok(r)
}

fn issubset(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<bool> {
    if !is_anyset(other) {
        let tmp = make_new_set(vm, &SET_TYPE, Some(other))?;
        return issubset(vm, so, &tmp);
    }
    if len(so) > len(other) {
        return Ok(false);
    }
    for (h, k) in crate::object::set::hashed_items(so) {
        if !crate::object::set::contains_hashed(vm, other, &k, h)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn issuperset(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<bool> {
    if is_anyset(other) {
        return issubset(vm, other, so);
    }
    let it = vm.iter(other)?;
    while let Some(k) = vm.next(&it)? {
        if !crate::object::set::contains(vm, so, &k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn isdisjoint(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<bool> {
    if same_set(so, other) {
        return Ok(len(so) == 0);
    }
    if is_anyset(other) {
        let (a, b) = if len(other) > len(so) {
            (other.clone(), so.clone())
        } else {
            (so.clone(), other.clone())
        };
        for (h, k) in crate::object::set::hashed_items(&b) {
            if crate::object::set::contains_hashed(vm, &a, &k, h)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    let it = vm.iter(other)?;
    while let Some(k) = vm.next(&it)? {
        if crate::object::set::contains(vm, so, &k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

// ---- iterator ----

#[derive(Clone)]
struct SetIter {
    set: Option<Value>,
    pos: usize,
    used: usize,
    remaining: usize,
}

impl NativeIterator for SetIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        self.set.iter().for_each(visit);
    }

    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(s) = self.set.clone() else {
            return Ok(None);
        };
        let d = data_of(&s).borrow();
        if d.len() != self.used {
            drop(d);
            self.set = None;
            return Err(runtime_error("Set changed size during iteration"));
        }
        while self.pos < d.table_len() {
            let i = self.pos;
            self.pos += 1;
            if let Some(k) = d.key_at(i) {
                self.remaining = self.remaining.saturating_sub(1);
                return Ok(Some(k.clone()));
            }
        }
        drop(d);
        self.set = None;
        Ok(None)
    }

    fn length_hint(&self) -> Option<usize> {
        Some(if self.set.is_some() {
            self.remaining
        } else {
            0
        })
    }

    fn reduce(&self, vm: &mut Vm) -> PyResult<Option<crate::object::iter::Reduced>> {
        crate::object::iter::reduce_to_remaining(self, vm)
    }
}

fn set_iter(_vm: &mut Vm, args: Args) -> PyResult {
    let s = base_value(&args.values[0]);
    let n = len(&s);
    Ok(new_native_iter(
        &SET_ITER_TYPE,
        Box::new(SetIter {
            set: Some(s),
            pos: 0,
            used: n,
            remaining: n,
        }),
    ))
}

// ---- construction, repr, protocol ----

fn set_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = &args.values[0];
    let t = cls
        .as_type()
        .ok_or_else(|| type_error("set.__new__(X): X is not a type object"))?;
    if std::ptr::eq(t, &SET_TYPE) && args.has_keywords() {
        return Err(type_error("set() takes no keyword arguments"));
    }
    super::list::wrap_for_class(cls, &SET_TYPE, crate::object::set::new_set())
}

fn set_init(vm: &mut Vm, args: Args) -> PyResult {
    if args.has_keywords() {
        return Err(type_error("set() takes no keyword arguments"));
    }
    let a = &args.values[1..];
    if a.len() > 1 {
        return Err(type_error(format!(
            "set expected at most 1 argument, got {}",
            a.len()
        )));
    }
    let so = base_value(&args.values[0]);
    this(&so)?;
    if data_of(&so).borrow().fill() > 0 {
        let old = data_of(&so).borrow_mut().clear();
        drop(old);
    }
    if let Some(src) = a.first() {
        update_internal(vm, &so, src)?;
    }
    Ok(none())
}

fn frozenset_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = &args.values[0];
    let t = cls
        .as_type()
        .ok_or_else(|| type_error("frozenset.__new__(X): X is not a type object"))?;
    let exact = std::ptr::eq(t, &FROZENSET_TYPE);
    if exact && args.has_keywords() {
        return Err(type_error("frozenset() takes no keyword arguments"));
    }
    let a = &args.positional()[1..];
    if a.len() > 1 {
        return Err(type_error(format!(
            "frozenset expected at most 1 argument, got {}",
            a.len()
        )));
    }
    if exact {
        if let Some(src) = a.first() {
            if src.is_type(&FROZENSET_TYPE) {
                return Ok(src.clone());
            }
        }
    }
    let s = make_new_set(vm, &FROZENSET_TYPE, a.first())?;
    super::list::wrap_for_class(cls, &FROZENSET_TYPE, s)
}

fn set_repr(vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let name = v.ty().name();
    let items = crate::object::set::items(&base_value(v));
    if items.is_empty() {
        return Ok(str::from_string(format!("{name}()")));
    }
    if !repr_enter(v) {
        return Ok(str::from_string(format!("{name}(...)")));
    }
    let r = super::list::repr_items(vm, &items, "{", "}");
    repr_leave(v);
    let r = r?;
    if v.is_type(&SET_TYPE) {
        Ok(str::from_string(r))
    } else {
        Ok(str::from_string(format!("{name}({r})")))
    }
}

fn set_len(_vm: &mut Vm, args: Args) -> PyResult {
    this(&args.values[0])?;
    Ok(int::from_usize(len(&args.values[0])))
}

fn contains_fn(vm: &mut Vm, so: &Value, key: &Value) -> PyResult<bool> {
    crate::object::set::contains(vm, so, key)
}

fn set_contains(vm: &mut Vm, args: Args) -> PyResult {
    let k = super::list::exact_args(args, "__contains__", 1)?[0].clone();
    let so = base_value(&args.values[0]);
    this(&so)?;
    Ok(bool_value(lookup_key(vm, &so, &k, contains_fn)?))
}

fn set_add(vm: &mut Vm, args: Args) -> PyResult {
    let k = one_arg(args, "set.add")?.clone();
    let so = base_value(&args.values[0]);
    this(&so)?;
    if let Err(k) = crate::object::set::add_native(&so, k) {
        crate::object::set::add(vm, &so, k)?;
    }
    Ok(none())
}

fn discard_fn(vm: &mut Vm, so: &Value, key: &Value) -> PyResult<bool> {
    match crate::object::set::discard_native(so, key) {
        Some(found) => Ok(found),
        None => crate::object::set::discard(vm, so, key),
    }
}

fn set_remove(vm: &mut Vm, args: Args) -> PyResult {
    let k = one_arg(args, "set.remove")?.clone();
    let so = base_value(&args.values[0]);
    this(&so)?;
    if !lookup_key(vm, &so, &k, discard_fn)? {
        return Err(key_error(k));
    }
    Ok(none())
}

fn set_discard(vm: &mut Vm, args: Args) -> PyResult {
    let k = one_arg(args, "set.discard")?.clone();
    let so = base_value(&args.values[0]);
    this(&so)?;
    lookup_key(vm, &so, &k, discard_fn)?;
    Ok(none())
}

fn set_pop(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "set.pop")?;
    let s = this(&args.values[0])?;
    let v = s.0.borrow_mut().pop_first();
    v.ok_or_else(|| key_error(str::new_str("pop from an empty set")))
}

fn set_clear(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "set.clear")?;
    let old = this(&args.values[0])?.0.borrow_mut().clear();
    drop(old);
    Ok(none())
}

fn set_copy(vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, &format!("{}.copy", basetype(&args.values[0]).name()))?;
    let so = &args.values[0];
    if so.is_type(&FROZENSET_TYPE) {
        return Ok(so.clone());
    }
    copy_of(vm, so)
}

fn method_args<'a>(args: Args<'a>, name: &str) -> PyResult<&'a [Value]> {
    if args.has_keywords() {
        return Err(type_error(format!(
            "{}.{name}() takes no keyword arguments",
            basetype(&args.values[0]).name()
        )));
    }
    Ok(&args.values[1..])
}

fn set_union(vm: &mut Vm, args: Args) -> PyResult {
    let others = method_args(args, "union")?;
    let so = &args.values[0];
    let result = copy_of(vm, so)?;
    for o in others {
        if same_set(o, so) && (o.is_type(&SET_TYPE) || o.is_type(&FROZENSET_TYPE)) {
            continue;
        }
        update_internal(vm, &result, o)?;
    }
    Ok(result)
}

fn set_update(vm: &mut Vm, args: Args) -> PyResult {
    let others = method_args(args, "update")?;
    let so = base_value(&args.values[0]);
    for o in others {
        update_internal(vm, &so, o)?;
    }
    Ok(none())
}

fn set_intersection(vm: &mut Vm, args: Args) -> PyResult {
    let others = method_args(args, "intersection")?;
    intersection_multi(vm, &base_value(&args.values[0]), others)
}

fn swap_in(so: &Value, tmp: &Value) {
    let mut a = data_of(so).borrow_mut();
    let mut b = data_of(tmp).borrow_mut();
    a.swap_bodies(&mut b);
}

fn set_intersection_update(vm: &mut Vm, args: Args) -> PyResult {
    let others = method_args(args, "intersection_update")?;
    let so = base_value(&args.values[0]);
    let tmp = intersection_multi(vm, &so, others)?;
    swap_in(&so, &tmp);
    Ok(none())
}

fn set_difference(vm: &mut Vm, args: Args) -> PyResult {
    let others = method_args(args, "difference")?;
    let so = base_value(&args.values[0]);
    if others.is_empty() {
        return copy_of(vm, &so);
    }
    let result = difference(vm, &so, &others[0])?;
    for o in &others[1..] {
        difference_update_internal(vm, &result, o)?;
    }
    Ok(result)
}

fn set_difference_update(vm: &mut Vm, args: Args) -> PyResult {
    let others = method_args(args, "difference_update")?;
    let so = base_value(&args.values[0]);
    for o in others {
        difference_update_internal(vm, &so, o)?;
    }
    Ok(none())
}

fn set_symmetric_difference(vm: &mut Vm, args: Args) -> PyResult {
    let q = format!("{}.symmetric_difference", basetype(&args.values[0]).name());
    let other = one_arg(args, &q)?.clone();
    symmetric_difference(vm, &base_value(&args.values[0]), &other)
}

fn set_symmetric_difference_update(vm: &mut Vm, args: Args) -> PyResult {
    let other = one_arg(args, "set.symmetric_difference_update")?.clone();
    symmetric_difference_update_internal(vm, &base_value(&args.values[0]), &other)?;
    Ok(none())
}

/// `set.<name>(other)` for a relation between self and one other iterable.
fn set_relation(
    vm: &mut Vm,
    args: Args,
    name: &str,
    relation: fn(&mut Vm, &Value, &Value) -> PyResult<bool>,
) -> PyResult {
    let q = format!("{}.{name}", basetype(&args.values[0]).name());
    let other = one_arg(args, &q)?.clone();
    Ok(bool_value(relation(
        vm,
        &base_value(&args.values[0]),
        &other,
    )?))
}

fn set_issubset(vm: &mut Vm, args: Args) -> PyResult {
    set_relation(vm, args, "issubset", issubset)
}

fn set_issuperset(vm: &mut Vm, args: Args) -> PyResult {
    set_relation(vm, args, "issuperset", issuperset)
}

fn set_isdisjoint(vm: &mut Vm, args: Args) -> PyResult {
    set_relation(vm, args, "isdisjoint", isdisjoint)
}

/// The two operands of a binary set operator, or None (NotImplemented) unless both are sets.
fn operands(args: Args) -> Option<(Value, Value)> {
    let (a, b) = (&args.values[0], args.values.get(1)?);
    if is_anyset(a) && is_anyset(b) {
        Some((a.clone(), b.clone()))
    } else {
        None
    }
}

fn set_or(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    let r = copy_of(vm, &a)?;
    if !same_set(&a, &b) {
        update_internal(vm, &r, &base_value(&b))?;
    }
    Ok(r)
}

fn set_and(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    intersection(vm, &base_value(&a), &base_value(&b))
}

fn set_sub(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    difference(vm, &base_value(&a), &base_value(&b))
}

fn set_xor(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    symmetric_difference(vm, &base_value(&a), &base_value(&b))
}

fn set_ror(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    set_or(vm, Args::new(&[b, a]))
}

fn set_rand(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    intersection(vm, &base_value(&b), &base_value(&a))
}

fn set_rsub(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    difference(vm, &base_value(&b), &base_value(&a))
}

fn set_rxor(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    symmetric_difference(vm, &base_value(&b), &base_value(&a))
}

fn set_ior(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    update_internal(vm, &base_value(&a), &base_value(&b))?;
    Ok(a)
}

fn set_iand(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    let so = base_value(&a);
    let tmp = intersection(vm, &so, &base_value(&b))?;
    swap_in(&so, &tmp);
    Ok(a)
}

fn set_isub(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    difference_update_internal(vm, &base_value(&a), &base_value(&b))?;
    Ok(a)
}

fn set_ixor(vm: &mut Vm, args: Args) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    symmetric_difference_update_internal(vm, &base_value(&a), &base_value(&b))?;
    Ok(a)
}

fn frozenset_hash_of(v: &Value) -> i64 {
    let mut d = data_of(v).borrow_mut();
    if d.hash == -1 {
        d.hash = d.frozenset_hash();
    }
    d.hash
}

fn set_compare(vm: &mut Vm, args: Args, op: CompareOperator) -> PyResult {
    let Some((a, b)) = operands(args) else {
        return Ok(not_implemented());
    };
    let (a, b) = (base_value(&a), base_value(&b));
    let r = match op {
        CompareOperator::Eq | CompareOperator::Ne => {
            let eq = len(&a) == len(&b) && {
                let both_frozen = a.is_type(&FROZENSET_TYPE) && b.is_type(&FROZENSET_TYPE);
                let differ = both_frozen && {
                    let (ha, hb) = (data_of(&a).borrow().hash, data_of(&b).borrow().hash);
                    ha != -1 && hb != -1 && ha != hb
                };
                !differ && issubset(vm, &a, &b)?
            };
            if op == CompareOperator::Eq {
                eq
            } else {
                !eq
            }
        }
        CompareOperator::Le => issubset(vm, &a, &b)?,
        CompareOperator::Ge => issuperset(vm, &a, &b)?,
        CompareOperator::Lt => len(&a) < len(&b) && issubset(vm, &a, &b)?,
        CompareOperator::Gt => len(&a) > len(&b) && issuperset(vm, &a, &b)?,
    };
    Ok(bool_value(r))
}

fn set_eq(vm: &mut Vm, args: Args) -> PyResult {
    set_compare(vm, args, CompareOperator::Eq)
}
fn set_ne(vm: &mut Vm, args: Args) -> PyResult {
    set_compare(vm, args, CompareOperator::Ne)
}
fn set_lt(vm: &mut Vm, args: Args) -> PyResult {
    set_compare(vm, args, CompareOperator::Lt)
}
fn set_le(vm: &mut Vm, args: Args) -> PyResult {
    set_compare(vm, args, CompareOperator::Le)
}
fn set_gt(vm: &mut Vm, args: Args) -> PyResult {
    set_compare(vm, args, CompareOperator::Gt)
}
fn set_ge(vm: &mut Vm, args: Args) -> PyResult {
    set_compare(vm, args, CompareOperator::Ge)
}

fn frozenset_hash(_vm: &mut Vm, args: Args) -> PyResult {
    let so = base_value(&args.values[0]);
    this(&so)?;
    Ok(int::from_i64(frozenset_hash_of(&so)))
}

fn set_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let items = list::new_list(crate::object::set::items(&base_value(v)));
    let _ = vm;
    let state = instance::instance_dict(v).unwrap_or_else(none);
    Ok(tuple::from_array([
        v.ty().to_value(),
        tuple::from_array([items]),
        state,
    ]))
}

fn set_sizeof(_vm: &mut Vm, args: Args) -> PyResult {
    let n = data_of(&base_value(&args.values[0])).borrow().table_size();
    Ok(int::from_usize(if n > 8 { 200 + 16 * n } else { 200 }))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &SET_TYPE,
            methods: methods![
                MethodDef::static_("__new__", set_new),
                MethodDef::method("__init__", set_init),
                MethodDef::method("__repr__", set_repr),
                MethodDef::method("__len__", set_len),
                MethodDef::method("__contains__", set_contains),
                MethodDef::method("__iter__", set_iter),
                MethodDef::method("__eq__", set_eq),
                MethodDef::method("__ne__", set_ne),
                MethodDef::method("__lt__", set_lt),
                MethodDef::method("__le__", set_le),
                MethodDef::method("__gt__", set_gt),
                MethodDef::method("__ge__", set_ge),
                MethodDef::method("__or__", set_or),
                MethodDef::method("__and__", set_and),
                MethodDef::method("__sub__", set_sub),
                MethodDef::method("__xor__", set_xor),
                MethodDef::method("__ror__", set_ror),
                MethodDef::method("__rand__", set_rand),
                MethodDef::method("__rsub__", set_rsub),
                MethodDef::method("__rxor__", set_rxor),
                MethodDef::method("__ior__", set_ior),
                MethodDef::method("__iand__", set_iand),
                MethodDef::method("__isub__", set_isub),
                MethodDef::method("__ixor__", set_ixor),
                MethodDef::method("__reduce__", set_reduce),
                MethodDef::method("__sizeof__", set_sizeof),
                MethodDef::method("add", set_add),
                MethodDef::method("remove", set_remove),
                MethodDef::method("discard", set_discard),
                MethodDef::method("pop", set_pop),
                MethodDef::method("clear", set_clear),
                MethodDef::method("copy", set_copy),
                MethodDef::method("union", set_union),
                MethodDef::method("update", set_update),
                MethodDef::method("intersection", set_intersection),
                MethodDef::method("intersection_update", set_intersection_update),
                MethodDef::method("difference", set_difference),
                MethodDef::method("difference_update", set_difference_update),
                MethodDef::method("symmetric_difference", set_symmetric_difference),
                MethodDef::method(
                    "symmetric_difference_update",
                    set_symmetric_difference_update
                ),
                MethodDef::method("issubset", set_issubset),
                MethodDef::method("issuperset", set_issuperset),
                MethodDef::method("isdisjoint", set_isdisjoint),
            ],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &FROZENSET_TYPE,
            methods: methods![
                MethodDef::static_("__new__", frozenset_new),
                MethodDef::method("__repr__", set_repr),
                MethodDef::method("__hash__", frozenset_hash),
                MethodDef::method("__len__", set_len),
                MethodDef::method("__contains__", set_contains),
                MethodDef::method("__iter__", set_iter),
                MethodDef::method("__eq__", set_eq),
                MethodDef::method("__ne__", set_ne),
                MethodDef::method("__lt__", set_lt),
                MethodDef::method("__le__", set_le),
                MethodDef::method("__gt__", set_gt),
                MethodDef::method("__ge__", set_ge),
                MethodDef::method("__or__", set_or),
                MethodDef::method("__and__", set_and),
                MethodDef::method("__sub__", set_sub),
                MethodDef::method("__xor__", set_xor),
                MethodDef::method("__ror__", set_ror),
                MethodDef::method("__rand__", set_rand),
                MethodDef::method("__rsub__", set_rsub),
                MethodDef::method("__rxor__", set_rxor),
                MethodDef::method("__reduce__", set_reduce),
                MethodDef::method("__sizeof__", set_sizeof),
                MethodDef::method("copy", set_copy),
                MethodDef::method("union", set_union),
                MethodDef::method("intersection", set_intersection),
                MethodDef::method("difference", set_difference),
                MethodDef::method("symmetric_difference", set_symmetric_difference),
                MethodDef::method("issubset", set_issubset),
                MethodDef::method("issuperset", set_issuperset),
                MethodDef::method("isdisjoint", set_isdisjoint),
            ],
            getsets: &[],
            doc: None,
        },
        super::iter::native_iter_spec(&SET_ITER_TYPE),
    ]
}
