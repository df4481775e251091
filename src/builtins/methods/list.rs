//! Methods of `list`, and argument/sequence helpers shared by the container types.

use std::cell::RefCell;

use crate::bytecode::CompareOperator;
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{index_error, type_error, value_error, MEMORY_ERROR};
use crate::object::list::{as_list, new_list, List};
use crate::object::slice::{adjust, as_slice, indices, positions, select, unpack};
use crate::object::types::{bool_value, none, not_implemented, MethodDef, TypeSpec, LIST_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

// ---- argument checking with CPython's messages ----

/// A METH_NOARGS method: `qual() takes no arguments (N given)`.
pub(crate) fn no_args(args: Args, qual: &str) -> PyResult<()> {
    if args.has_keywords() {
        return Err(type_error(format!("{qual}() takes no keyword arguments")));
    }
    let n = args.values.len() - 1;
    if n != 0 {
        return Err(type_error(format!(
            "{qual}() takes no arguments ({n} given)"
        )));
    }
    Ok(())
}

/// A METH_O method: `qual() takes exactly one argument (N given)`.
pub(crate) fn one_arg<'a>(args: Args<'a>, qual: &str) -> PyResult<&'a Value> {
    if args.has_keywords() {
        return Err(type_error(format!("{qual}() takes no keyword arguments")));
    }
    let n = args.values.len() - 1;
    if n != 1 {
        return Err(type_error(format!(
            "{qual}() takes exactly one argument ({n} given)"
        )));
    }
    Ok(&args.values[1])
}

/// Positional arguments after self, checked as Argument Clinic's `_PyArg_CheckPositional`.
pub(crate) fn pos_args<'a>(
    args: Args<'a>,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    if args.has_keywords() {
        return Err(type_error(format!("{name}() takes no keyword arguments")));
    }
    let a = &args.values[1..];
    let n = a.len();
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    if n < min {
        let at = if min == max { "" } else { "at least " };
        return Err(type_error(format!(
            "{name} expected {at}{min} argument{}, got {n}",
            plural(min)
        )));
    }
    if n > max {
        let at = if min == max { "" } else { "at most " };
        return Err(type_error(format!(
            "{name} expected {at}{max} argument{}, got {n}",
            plural(max)
        )));
    }
    Ok(a)
}

/// Exactly `n` positional arguments after self (METH_O style when `n` is 1).
pub(crate) fn exact_args<'a>(args: Args<'a>, name: &str, n: usize) -> PyResult<&'a [Value]> {
    if n == 1 {
        // The qualified name is made only for the error (this runs on every `list.append`).
        if !args.has_keywords() && args.values.len() == 2 {
            return Ok(&args.values[1..]);
        }
        let q = format!("{}.{name}", args.values[0].ty().name());
        return one_arg(args, &q).map(std::slice::from_ref);
    }
    pos_args(args, name, n, n)
}

// ---- sequence helpers ----

/// An integer subscript (int or `__index__`), or None for anything else. Ints beyond i64 raise
/// IndexError as CPython's `PyNumber_AsSsize_t(key, PyExc_IndexError)`.
pub(crate) fn as_index(vm: &mut Vm, key: &Value) -> PyResult<Option<i64>> {
    if let Some(i) = key.as_small_int() {
        return Ok(Some(i));
    }
    // A slice's omitted bound (the commonest non-int here) needs no `__index__` lookup.
    if key.is_none() {
        return Ok(None);
    }
    if int::is_int(key) || key.ty().lookup_str("__index__").is_some() {
        let r = vm.index(key)?;
        return match int::as_i64(&r) {
            Some(i) => Ok(Some(i)),
            None => Err(index_error(format!(
                "cannot fit '{}' into an index-sized integer",
                key.ty().name()
            ))),
        };
    }
    Ok(None)
}

/// A repeat count for `seq * n` (None when `n` is not an integer).
pub(crate) fn repeat_count(vm: &mut Vm, n: &Value) -> PyResult<Option<usize>> {
    if let Some(i) = n.as_small_int() {
        return Ok(Some(i.max(0) as usize));
    }
    if int::is_int(n) || n.ty().lookup_str("__index__").is_some() {
        let r = vm.index(n)?;
        return match int::as_i64(&r) {
            Some(i) => Ok(Some(i.max(0) as usize)),
            None if int::as_int(&r).map(|i| i.is_negative()).unwrap_or(false) => Ok(Some(0)),
            None => Err(crate::object::exception::overflow_error(format!(
                "cannot fit '{}' into an index-sized integer",
                n.ty().name()
            ))),
        };
    }
    Ok(None)
}

/// Checks that `len * count` items can be allocated.
pub(crate) fn check_repeat(len: usize, count: usize) -> PyResult<()> {
    match len.checked_mul(count) {
        Some(t) => crate::object::exception::check_alloc_items(t, std::mem::size_of::<Value>()),
        None => Err(PyErr::empty(&MEMORY_ERROR)),
    }
}

/// `start`/`stop` arguments of `index()`: CPython's `_PyEval_SliceIndexNotNone`, then adjusted
/// to the sequence length.
pub(crate) fn index_bounds(vm: &mut Vm, a: &[Value], len: usize) -> PyResult<(usize, usize)> {
    let conv = |vm: &mut Vm, v: &Value| -> PyResult<i64> {
        if !int::is_int(v) && v.ty().lookup_str("__index__").is_none() {
            return Err(type_error(
                "slice indices must be integers or have an __index__ method",
            ));
        }
        crate::object::slice::slice_index(vm, v)
    };
    let n = len as i64;
    let fix = |i: i64| -> usize {
        if i < 0 {
            (i.saturating_add(n)).max(0) as usize
        } else {
            i.min(n) as usize
        }
    };
    let start = match a.first() {
        Some(v) => fix(conv(vm, v)?),
        None => 0,
    };
    let stop = match a.get(1) {
        Some(v) => fix(conv(vm, v)?),
        None => len,
    };
    Ok((start, stop))
}

thread_local! {
    static REPR_ACTIVE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// `Py_ReprEnter`: false when `v` is already being repr'd (the caller prints `...`).
pub(crate) fn repr_enter(v: &Value) -> bool {
    let w = v.word();
    REPR_ACTIVE.with(|r| {
        let mut r = r.borrow_mut();
        if r.contains(&w) {
            false
        } else {
            r.push(w);
            true
        }
    })
}

/// `Py_ReprLeave`.
pub(crate) fn repr_leave(v: &Value) {
    let w = v.word();
    REPR_ACTIVE.with(|r| {
        let mut r = r.borrow_mut();
        if let Some(p) = r.iter().rposition(|x| *x == w) {
            r.remove(p);
        }
    });
}

/// Reprs of `items` joined by ", " between `open` and `close` (native recursion counted).
pub(crate) fn repr_items(
    vm: &mut Vm,
    items: &[Value],
    open: &str,
    close: &str,
) -> PyResult<String> {
    let mut out = String::from(open);
    vm.enter_native(" while getting the repr of an object")?;
    let mut res = Ok(());
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match vm.repr_string(it) {
            Ok(s) => out.push_str(&s),
            Err(e) => {
                res = Err(e);
                break;
            }
        }
    }
    vm.leave_native();
    res?;
    out.push_str(close);
    Ok(out)
}

/// Items of an iterable, as `PySequence_Fast`: a TypeError from `iter()` becomes `msg`.
pub(crate) fn seq_fast(vm: &mut Vm, v: &Value, msg: &str) -> PyResult<Vec<Value>> {
    if v.is_type(&LIST_TYPE) {
        return Ok(list::items(v));
    }
    if v.is_type(&crate::object::types::TUPLE_TYPE) {
        return Ok(tuple::items(v).to_vec());
    }
    let it = match vm.iter(v) {
        Ok(it) => it,
        Err(e) if e.is_instance(&crate::object::exception::TYPE_ERROR) => {
            return Err(type_error(msg))
        }
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    vm.drain_into(&it, &mut out)?;
    Ok(out)
}

/// The built-in value behind `v` (itself, or the value a subclass instance wraps).
pub(crate) fn base_value(v: &Value) -> Value {
    match v.payload_exact::<instance::Instance>() {
        Some(inst) => inst.base_value.clone().unwrap_or_else(|| v.clone()),
        None => v.clone(),
    }
}

/// Allocates `value` for `cls`: the value itself for the exact built-in type, else wrapped in an
/// instance of the Python subclass.
pub(crate) fn wrap_for_class(
    cls: &Value,
    exact: &crate::object::typeobj::TypeObject,
    value: Value,
) -> PyResult {
    let t = cls
        .as_type()
        .ok_or_else(|| type_error("__new__ requires a type"))?;
    if std::ptr::eq(t, exact) {
        Ok(value)
    } else {
        if !t.is_subtype(exact) {
            return Err(type_error(format!(
                "{}.__new__({}): {} is not a subtype of {}",
                exact.name(),
                t.name(),
                t.name(),
                exact.name()
            )));
        }
        Ok(instance::new_instance(t, Some(value)))
    }
}

// ---- list ----

fn this(v: &Value) -> PyResult<&List> {
    as_list(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'list' object but received a '{}'",
            v.ty().name()
        ))
    })
}

fn snapshot(v: &Value) -> PyResult<Vec<Value>> {
    let items = this(v)?.0.borrow();
    crate::object::exception::check_alloc_items(items.len(), std::mem::size_of::<Value>())?;
    Ok(items.clone())
}

fn list_new(_vm: &mut Vm, args: Args) -> PyResult {
    wrap_for_class(&args.values[0], &LIST_TYPE, new_list(Vec::new()))
}

fn list_init(vm: &mut Vm, args: Args) -> PyResult {
    let this_v = &args.values[0];
    args.no_keywords("list")?;
    let a = &args.values[1..];
    if a.len() > 1 {
        return Err(type_error(format!(
            "list expected at most 1 argument, got {}",
            a.len()
        )));
    }
    let l = this(this_v)?;
    let old = std::mem::take(&mut *l.0.borrow_mut());
    drop(old);
    if let Some(src) = a.first() {
        let items = vm.collect(src)?;
        l.0.borrow_mut().extend(items);
    }
    Ok(none())
}

fn list_repr(vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let items = snapshot(v)?;
    if items.is_empty() {
        return Ok(str::new_str("[]"));
    }
    if !repr_enter(v) {
        return Ok(str::new_str("[...]"));
    }
    let r = repr_items(vm, &items, "[", "]");
    repr_leave(v);
    Ok(str::from_string(r?))
}

fn list_compare(vm: &mut Vm, args: Args, op: CompareOperator) -> PyResult {
    // A comparison slot called unbound with the wrong count (`list.__eq__([])`).
    if args.values.len() != 2 || args.has_keywords() {
        return Err(type_error(format!(
            "expected 1 argument, got {}",
            args.values.len().saturating_sub(1)
        )));
    }
    let (a, b) = (&args.values[0], &args.values[1]);
    if as_list(b).is_none() {
        return Ok(not_implemented());
    }
    let x = snapshot(a)?;
    let y = snapshot(b)?;
    if x.len() != y.len() && matches!(op, CompareOperator::Eq | CompareOperator::Ne) {
        return Ok(bool_value(op == CompareOperator::Ne));
    }
    vm.seq_compare(&x, &y, op)
}

fn list_eq(vm: &mut Vm, args: Args) -> PyResult {
    list_compare(vm, args, CompareOperator::Eq)
}
fn list_ne(vm: &mut Vm, args: Args) -> PyResult {
    list_compare(vm, args, CompareOperator::Ne)
}
fn list_lt(vm: &mut Vm, args: Args) -> PyResult {
    list_compare(vm, args, CompareOperator::Lt)
}
fn list_le(vm: &mut Vm, args: Args) -> PyResult {
    list_compare(vm, args, CompareOperator::Le)
}
fn list_gt(vm: &mut Vm, args: Args) -> PyResult {
    list_compare(vm, args, CompareOperator::Gt)
}
fn list_ge(vm: &mut Vm, args: Args) -> PyResult {
    list_compare(vm, args, CompareOperator::Ge)
}

fn list_len(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(this(&args.values[0])?.0.borrow().len()))
}

fn list_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let key = exact_args(args, "__getitem__", 1)?[0].clone();
    let l = this(&args.values[0])?;
    if let Some(i) = as_index(vm, &key)? {
        let v = l.0.borrow();
        let n = v.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("list index out of range"));
        }
        return Ok(v[j as usize].clone());
    }
    if let Some(s) = as_slice(&key) {
        // The bounds first (their `__index__` may change the list), then the length, as
        // CPython's `list_subscript` does.
        let (start, stop, step) = unpack(vm, s)?;
        let items = l.0.borrow();
        let (start, _, n) = adjust(items.len(), start, stop, step);
        crate::object::exception::check_alloc_items(n, std::mem::size_of::<Value>())?;
        return Ok(new_list(select(&items, start, step, n)));
    }
    Err(type_error(format!(
        "list indices must be integers or slices, not {}",
        key.ty().name()
    )))
}

/// `self[lo:hi] = items` for a normalized step-1 slice.
fn assign_simple(l: &List, lo: i64, hi: i64, items: Vec<Value>) {
    let mut v = l.0.borrow_mut();
    let n = v.len() as i64;
    let lo = lo.clamp(0, n) as usize;
    let hi = (hi.clamp(0, n) as usize).max(lo);
    let removed: Vec<Value> = v.splice(lo..hi, items).collect();
    drop(v);
    drop(removed);
}

/// Removes the slice positions (start, step, n) from the list.
fn delete_extended(l: &List, start: i64, step: i64, n: usize) {
    if n == 0 {
        return;
    }
    let mut pos: Vec<usize> = positions(start, step, n).collect();
    pos.sort_unstable();
    let mut v = l.0.borrow_mut();
    let old = std::mem::take(&mut *v);
    let mut removed = Vec::with_capacity(n);
    let mut k = 0;
    for (i, x) in old.into_iter().enumerate() {
        if k < pos.len() && pos[k] == i {
            k += 1;
            removed.push(x);
        } else {
            v.push(x);
        }
    }
    drop(v);
    drop(removed);
}

fn list_setitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = pos_args(args, "__setitem__", 2, 2)?;
    let (key, value) = (a[0].clone(), a[1].clone());
    let self_v = &args.values[0];
    let l = this(self_v)?;
    if let Some(i) = as_index(vm, &key)? {
        let mut v = l.0.borrow_mut();
        let n = v.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("list assignment index out of range"));
        }
        let old = std::mem::replace(&mut v[j as usize], value);
        drop(v);
        drop(old);
        return Ok(none());
    }
    if let Some(s) = as_slice(&key) {
        let len = l.0.borrow().len();
        let (start, stop, step, n) = indices(vm, s, len)?;
        if step == 1 {
            let items = if value.is(self_v)
                || as_list(&value).map(|x| std::ptr::eq(x, l)).unwrap_or(false)
            {
                snapshot(self_v)?
            } else {
                seq_fast(vm, &value, "can only assign an iterable")?
            };
            assign_simple(l, start, stop, items);
            return Ok(none());
        }
        let items = if as_list(&value).map(|x| std::ptr::eq(x, l)).unwrap_or(false) {
            snapshot(self_v)?
        } else {
            seq_fast(vm, &value, "must assign iterable to extended slice")?
        };
        if items.len() != n {
            return Err(value_error(format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                items.len(),
                n
            )));
        }
        let mut v = l.0.borrow_mut();
        let mut old = Vec::with_capacity(n);
        for (p, x) in positions(start, step, n).zip(items) {
            if p < v.len() {
                old.push(std::mem::replace(&mut v[p], x));
            }
        }
        drop(v);
        drop(old);
        return Ok(none());
    }
    Err(type_error(format!(
        "list indices must be integers or slices, not {}",
        key.ty().name()
    )))
}

fn list_delitem(vm: &mut Vm, args: Args) -> PyResult {
    let key = exact_args(args, "__delitem__", 1)?[0].clone();
    let l = this(&args.values[0])?;
    if let Some(i) = as_index(vm, &key)? {
        let mut v = l.0.borrow_mut();
        let n = v.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("list assignment index out of range"));
        }
        let old = v.remove(j as usize);
        drop(v);
        drop(old);
        return Ok(none());
    }
    if let Some(s) = as_slice(&key) {
        let len = l.0.borrow().len();
        let (start, stop, step, n) = indices(vm, s, len)?;
        if step == 1 {
            assign_simple(l, start, stop, Vec::new());
        } else {
            delete_extended(l, start, step, n);
        }
        return Ok(none());
    }
    Err(type_error(format!(
        "list indices must be integers or slices, not {}",
        key.ty().name()
    )))
}

fn list_contains(vm: &mut Vm, args: Args) -> PyResult {
    let x = exact_args(args, "__contains__", 1)?[0].clone();
    let l = this(&args.values[0])?;
    let mut i = 0;
    loop {
        let item = match l.0.borrow().get(i) {
            Some(v) => v.clone(),
            None => return Ok(bool_value(false)),
        };
        if vm.eq(&item, &x)? {
            return Ok(bool_value(true));
        }
        i += 1;
    }
}

fn list_iter(_vm: &mut Vm, args: Args) -> PyResult {
    this(&args.values[0])?;
    // The iterator holds the object itself, so a subclass instance lives while iterated.
    Ok(iter::new_list_iter(args.values[0].clone()))
}

fn list_reversed(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "list.__reversed__")?;
    let n = this(&args.values[0])?.0.borrow().len();
    // The iterator holds the object itself, so a subclass instance lives while iterated.
    Ok(crate::builtins::iterators::new_reversed(
        args.values[0].clone(),
        n,
    ))
}

fn concat_error(other: &Value) -> PyResult {
    if other.ty().is_heap() && other.ty().lookup_str("__radd__").is_some() {
        return Ok(not_implemented());
    }
    Err(type_error(format!(
        "can only concatenate list (not \"{}\") to list",
        other.ty().name()
    )))
}

fn list_add(_vm: &mut Vm, args: Args) -> PyResult {
    let other = &exact_args(args, "__add__", 1)?[0];
    let Some(o) = as_list(other) else {
        return concat_error(other);
    };
    let mut items = snapshot(&args.values[0])?;
    let more = o.0.borrow();
    crate::object::exception::reserve_items(&mut items, more.len())?;
    items.extend(more.iter().cloned());
    Ok(new_list(items))
}

fn list_iadd(vm: &mut Vm, args: Args) -> PyResult {
    let other = exact_args(args, "__iadd__", 1)?[0].clone();
    extend_with(vm, &args.values[0], &other)?;
    Ok(args.values[0].clone())
}

fn repeat_error(other: &Value) -> PyResult {
    if !other.is_small_int() && other.ty().is_heap() && other.ty().lookup_str("__rmul__").is_some()
    {
        return Ok(not_implemented());
    }
    Err(type_error(format!(
        "can't multiply sequence by non-int of type '{}'",
        other.ty().name()
    )))
}

fn list_mul(vm: &mut Vm, args: Args) -> PyResult {
    let n = exact_args(args, "__mul__", 1)?[0].clone();
    let Some(count) = repeat_count(vm, &n)? else {
        return repeat_error(&n);
    };
    let items = snapshot(&args.values[0])?;
    check_repeat(items.len(), count)?;
    let mut out = Vec::with_capacity(items.len() * count);
    for _ in 0..count {
        out.extend(items.iter().cloned());
    }
    Ok(new_list(out))
}

fn list_imul(vm: &mut Vm, args: Args) -> PyResult {
    let n = exact_args(args, "__imul__", 1)?[0].clone();
    let Some(count) = repeat_count(vm, &n)? else {
        return repeat_error(&n);
    };
    let l = this(&args.values[0])?;
    let items = snapshot(&args.values[0])?;
    check_repeat(items.len(), count)?;
    let mut out = Vec::with_capacity(items.len() * count);
    for _ in 0..count {
        out.extend(items.iter().cloned());
    }
    let old = std::mem::replace(&mut *l.0.borrow_mut(), out);
    drop(old);
    Ok(args.values[0].clone())
}

/// `list.append`, which a `CALL` form runs inline for an exact list.
pub const APPEND: crate::object::error::NativeFn = list_append;

fn list_append(_vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(args, "list.append")?.clone();
    let mut v = this(&args.values[0])?.0.borrow_mut();
    crate::object::list::reserve_one(&mut v)?;
    v.push(x);
    Ok(none())
}

fn extend_with(vm: &mut Vm, self_v: &Value, other: &Value) -> PyResult<()> {
    let l = this(self_v)?;
    let items = if let Some(o) = as_list(other) {
        let o = o.0.borrow();
        crate::object::exception::check_alloc_items(o.len(), std::mem::size_of::<Value>())?;
        o.clone()
    } else if let Some(t) = tuple::as_tuple(other) {
        t.to_vec()
    } else {
        // Item by item, as CPython's `list_extend`: the iterator sees the list grow, and the
        // items before an exception stay appended.
        let it = vm.iter(other)?;
        let append = |v: Value| {
            let mut items = l.0.borrow_mut();
            if crate::object::list::reserve_one(&mut items).is_err() {
                return Err(v);
            }
            items.push(v);
            Ok(())
        };
        loop {
            match vm.next_feeding(&it, &mut |v| append(v))? {
                Some(v) => append(v).map_err(|_| crate::object::exception::memory_error())?,
                None => return Ok(()),
            }
        }
    };
    let mut v = l.0.borrow_mut();
    crate::object::exception::reserve_items(&mut v, items.len())?;
    v.extend(items);
    Ok(())
}

fn list_extend(vm: &mut Vm, args: Args) -> PyResult {
    let other = one_arg(args, "list.extend")?.clone();
    extend_with(vm, &args.values[0], &other)?;
    Ok(none())
}

fn list_insert(vm: &mut Vm, args: Args) -> PyResult {
    let a = pos_args(args, "insert", 2, 2)?;
    let i = vm.index_i64(&a[0])?;
    let l = this(&args.values[0])?;
    let mut v = l.0.borrow_mut();
    let n = v.len() as i64;
    let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
    v.insert(j as usize, a[1].clone());
    Ok(none())
}

fn list_pop(vm: &mut Vm, args: Args) -> PyResult {
    let a = pos_args(args, "pop", 0, 1)?;
    let i = match a.first() {
        Some(v) => vm.index_i64(v)?,
        None => -1,
    };
    let l = this(&args.values[0])?;
    let mut v = l.0.borrow_mut();
    if v.is_empty() {
        return Err(index_error("pop from empty list"));
    }
    let n = v.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("pop index out of range"));
    }
    Ok(v.remove(j as usize))
}

/// Position of the first item equal to `x` in `lo..hi` (the list may change during `__eq__`).
fn find(vm: &mut Vm, l: &List, x: &Value, lo: usize, hi: usize) -> PyResult<Option<usize>> {
    let mut i = lo;
    while i < hi {
        let item = match l.0.borrow().get(i) {
            Some(v) => v.clone(),
            None => return Ok(None),
        };
        if vm.eq(&item, x)? {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

fn list_remove(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(args, "list.remove")?.clone();
    let l = this(&args.values[0])?;
    match find(vm, l, &x, 0, usize::MAX)? {
        Some(i) => {
            let old = {
                let mut v = l.0.borrow_mut();
                if i < v.len() {
                    Some(v.remove(i))
                } else {
                    None
                }
            };
            drop(old);
            Ok(none())
        }
        None => Err(value_error("list.remove(x): x not in list")),
    }
}

fn list_index(vm: &mut Vm, args: Args) -> PyResult {
    let a = pos_args(args, "index", 1, 3)?;
    let l = this(&args.values[0])?;
    let len = l.0.borrow().len();
    let (lo, hi) = index_bounds(vm, &a[1..], len)?;
    match find(vm, l, &a[0], lo, hi)? {
        Some(i) => Ok(int::from_usize(i)),
        None => {
            let r = vm.repr_string(&a[0])?;
            Err(value_error(format!("{r} is not in list")))
        }
    }
}

fn list_count(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(args, "list.count")?.clone();
    let l = this(&args.values[0])?;
    let mut count = 0usize;
    let mut i = 0;
    loop {
        let item = match l.0.borrow().get(i) {
            Some(v) => v.clone(),
            None => break,
        };
        if vm.eq(&item, &x)? {
            count += 1;
        }
        i += 1;
    }
    Ok(int::from_usize(count))
}

fn list_clear(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "list.clear")?;
    let old = std::mem::take(&mut *this(&args.values[0])?.0.borrow_mut());
    drop(old);
    Ok(none())
}

fn list_copy(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "list.copy")?;
    Ok(new_list(snapshot(&args.values[0])?))
}

fn list_reverse(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "list.reverse")?;
    this(&args.values[0])?.0.borrow_mut().reverse();
    Ok(none())
}

fn list_sort(vm: &mut Vm, args: Args) -> PyResult {
    if args.positional().len() > 1 {
        return Err(type_error("sort() takes no positional arguments"));
    }
    let mut key = None;
    let mut reverse = false;
    for (k, v) in args.keywords() {
        match str::as_str(k).unwrap_or("") {
            "key" => key = if v.is_none() { None } else { Some(v.clone()) },
            "reverse" => {
                if float::as_f64(v).is_some() {
                    return Err(type_error(
                        "'float' object cannot be interpreted as an integer",
                    ));
                }
                reverse = vm.truthy(v)?
            }
            k => {
                return Err(type_error(format!(
                    "sort() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    let l = this(&args.values[0])?;
    // As CPython, the list is empty while sorting so comparisons see (and can detect) changes.
    let items = std::mem::take(&mut *l.0.borrow_mut());
    let saved = items.clone();
    let result = crate::builtins::sort::sort_values(vm, items, key.as_ref(), reverse);
    let during = std::mem::take(&mut *l.0.borrow_mut());
    let modified = during.capacity() != 0;
    drop(during);
    match result {
        Ok(sorted) => {
            *l.0.borrow_mut() = sorted;
            if modified {
                return Err(value_error("list modified during sort"));
            }
            Ok(none())
        }
        Err(e) => {
            *l.0.borrow_mut() = saved;
            Err(e)
        }
    }
}

fn list_sizeof(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "list.__sizeof__")?;
    let cap = this(&args.values[0])?.0.borrow().capacity();
    Ok(int::from_usize(40 + 8 * cap))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &LIST_TYPE,
        methods: methods![
            MethodDef::static_("__new__", list_new),
            MethodDef::method("__init__", list_init),
            MethodDef::method("__repr__", list_repr),
            MethodDef::method("__eq__", list_eq),
            MethodDef::method("__ne__", list_ne),
            MethodDef::method("__lt__", list_lt),
            MethodDef::method("__le__", list_le),
            MethodDef::method("__gt__", list_gt),
            MethodDef::method("__ge__", list_ge),
            MethodDef::method("__len__", list_len),
            MethodDef::method("__getitem__", list_getitem),
            MethodDef::method("__setitem__", list_setitem),
            MethodDef::method("__delitem__", list_delitem),
            MethodDef::method("__contains__", list_contains),
            MethodDef::method("__iter__", list_iter),
            MethodDef::method("__reversed__", list_reversed),
            MethodDef::method("__add__", list_add),
            MethodDef::method("__iadd__", list_iadd),
            MethodDef::method("__mul__", list_mul),
            MethodDef::method("__rmul__", list_mul),
            MethodDef::method("__imul__", list_imul),
            MethodDef::method("__sizeof__", list_sizeof),
            MethodDef::method("append", list_append),
            MethodDef::method("extend", list_extend),
            MethodDef::method("insert", list_insert),
            MethodDef::method("pop", list_pop),
            MethodDef::method("remove", list_remove),
            MethodDef::method("index", list_index),
            MethodDef::method("count", list_count),
            MethodDef::method("clear", list_clear),
            MethodDef::method("copy", list_copy),
            MethodDef::method("reverse", list_reverse),
            MethodDef::method("sort", list_sort),
        ],
        getsets: &[],
        doc: None,
    }]
}
