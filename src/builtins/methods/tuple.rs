//! Methods of `tuple`.

use super::list::{
    as_index, check_repeat, exact_args, index_bounds, one_arg, pos_args, repeat_count, repr_enter,
    repr_items, repr_leave, wrap_for_class,
};
use crate::bytecode::CompareOperator;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{index_error, type_error, value_error};
use crate::object::slice::{as_slice, indices, select};
use crate::object::tuple::{as_tuple, hash_from_items, new_tuple};
use crate::object::types::{bool_value, not_implemented, MethodDef, TypeSpec, TUPLE_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn this(v: &Value) -> PyResult<&[Value]> {
    as_tuple(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'tuple' object but received a '{}'",
            v.ty().name()
        ))
    })
}

fn tuple_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = &args.values[0];
    let exact = cls
        .as_type()
        .map(|t| std::ptr::eq(t, &TUPLE_TYPE))
        .unwrap_or(false);
    if let Some(t) = cls.as_type() {
        args.no_keywords_unless_init(t, &TUPLE_TYPE, "tuple")?;
    }
    let a = args.positional();
    let a = &a[1..];
    if a.len() > 1 {
        return Err(type_error(format!(
            "tuple expected at most 1 argument, got {}",
            a.len()
        )));
    }
    let t = match a.first() {
        None => new_tuple(Vec::new()),
        Some(src) if exact && src.is_type(&TUPLE_TYPE) => src.clone(),
        Some(src) => new_tuple(vm.collect(src)?),
    };
    wrap_for_class(cls, &TUPLE_TYPE, t)
}

fn tuple_repr(vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let items = this(v)?.to_vec();
    if items.is_empty() {
        return Ok(str::new_str("()"));
    }
    if !repr_enter(v) {
        return Ok(str::new_str("(...)"));
    }
    let r = repr_items(vm, &items, "(", if items.len() == 1 { ",)" } else { ")" });
    repr_leave(v);
    Ok(str::from_string(r?))
}

fn tuple_hash(vm: &mut Vm, args: Args) -> PyResult {
    let items = this(&args.values[0])?.to_vec();
    let mut hashes = Vec::with_capacity(items.len());
    for it in &items {
        hashes.push(vm.hash(it)?);
    }
    Ok(int::from_i64(hash_from_items(&hashes)))
}

fn compare(vm: &mut Vm, args: Args, op: CompareOperator) -> PyResult {
    let (Some(a), Some(b)) = (
        as_tuple(&args.values[0]),
        args.values.get(1).and_then(as_tuple),
    ) else {
        return Ok(not_implemented());
    };
    // Tuples are immutable, and `args` keeps both alive.
    vm.seq_compare(a, b, op)
}

fn tuple_eq(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Eq)
}
fn tuple_ne(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Ne)
}
fn tuple_lt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Lt)
}
fn tuple_le(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Le)
}
fn tuple_gt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Gt)
}
fn tuple_ge(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Ge)
}

fn tuple_len(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(this(&args.values[0])?.len()))
}

fn tuple_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let key = exact_args(args, "__getitem__", 1)?[0].clone();
    let t = this(&args.values[0])?;
    if let Some(i) = as_index(vm, &key)? {
        let n = t.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("tuple index out of range"));
        }
        return Ok(t[j as usize].clone());
    }
    if let Some(s) = as_slice(&key) {
        let (start, _, step, n) = indices(vm, s, t.len())?;
        if step == 1 && n == t.len() && args.values[0].is_type(&TUPLE_TYPE) {
            return Ok(args.values[0].clone());
        }
        return Ok(new_tuple(select(t, start, step, n)));
    }
    Err(type_error(format!(
        "tuple indices must be integers or slices, not {}",
        key.ty().name()
    )))
}

fn tuple_contains(vm: &mut Vm, args: Args) -> PyResult {
    let x = exact_args(args, "__contains__", 1)?[0].clone();
    let items = this(&args.values[0])?.to_vec();
    for it in &items {
        if vm.eq(it, &x)? {
            return Ok(bool_value(true));
        }
    }
    Ok(bool_value(false))
}

fn tuple_iter(_vm: &mut Vm, args: Args) -> PyResult {
    this(&args.values[0])?;
    // The iterator holds the object itself, so a subclass instance lives while iterated.
    Ok(iter::new_tuple_iter(args.values[0].clone()))
}

fn tuple_add(_vm: &mut Vm, args: Args) -> PyResult {
    let other = &exact_args(args, "__add__", 1)?[0];
    let Some(o) = as_tuple(other) else {
        if other.ty().is_heap() && other.ty().lookup_str("__radd__").is_some() {
            return Ok(not_implemented());
        }
        return Err(type_error(format!(
            "can only concatenate tuple (not \"{}\") to tuple",
            other.ty().name()
        )));
    };
    let a = this(&args.values[0])?;
    if o.is_empty() && args.values[0].is_type(&TUPLE_TYPE) {
        return Ok(args.values[0].clone());
    }
    if a.is_empty() && other.is_type(&TUPLE_TYPE) {
        return Ok(other.clone());
    }
    crate::object::exception::check_alloc_items(
        a.len().saturating_add(o.len()),
        std::mem::size_of::<Value>(),
    )?;
    let mut items = a.to_vec();
    items.extend(o.iter().cloned());
    Ok(new_tuple(items))
}

fn tuple_mul(vm: &mut Vm, args: Args) -> PyResult {
    let n = exact_args(args, "__mul__", 1)?[0].clone();
    let Some(count) = repeat_count(vm, &n)? else {
        if !n.is_small_int() && n.ty().is_heap() && n.ty().lookup_str("__rmul__").is_some() {
            return Ok(not_implemented());
        }
        return Err(type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            n.ty().name()
        )));
    };
    let items = this(&args.values[0])?;
    if count == 1 && args.values[0].is_type(&TUPLE_TYPE) {
        return Ok(args.values[0].clone());
    }
    check_repeat(items.len(), count)?;
    let mut out = Vec::with_capacity(items.len() * count);
    for _ in 0..count {
        out.extend(items.iter().cloned());
    }
    Ok(new_tuple(out))
}

fn tuple_count(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(args, "tuple.count")?.clone();
    let items = this(&args.values[0])?.to_vec();
    let mut c = 0usize;
    for it in &items {
        if vm.eq(it, &x)? {
            c += 1;
        }
    }
    Ok(int::from_usize(c))
}

fn tuple_index(vm: &mut Vm, args: Args) -> PyResult {
    let a = pos_args(args, "index", 1, 3)?;
    let items = this(&args.values[0])?.to_vec();
    let (lo, hi) = index_bounds(vm, &a[1..], items.len())?;
    for (i, it) in items.iter().enumerate().take(hi).skip(lo) {
        if vm.eq(it, &a[0])? {
            return Ok(int::from_usize(i));
        }
    }
    Err(value_error("tuple.index(x): x not in tuple"))
}

fn tuple_getnewargs(_vm: &mut Vm, args: Args) -> PyResult {
    let items = this(&args.values[0])?.to_vec();
    Ok(new_tuple(vec![new_tuple(items)]))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &TUPLE_TYPE,
        methods: methods![
            MethodDef::static_("__new__", tuple_new),
            MethodDef::method("__repr__", tuple_repr),
            MethodDef::method("__hash__", tuple_hash),
            MethodDef::method("__eq__", tuple_eq),
            MethodDef::method("__ne__", tuple_ne),
            MethodDef::method("__lt__", tuple_lt),
            MethodDef::method("__le__", tuple_le),
            MethodDef::method("__gt__", tuple_gt),
            MethodDef::method("__ge__", tuple_ge),
            MethodDef::method("__len__", tuple_len),
            MethodDef::method("__getitem__", tuple_getitem),
            MethodDef::method("__contains__", tuple_contains),
            MethodDef::method("__iter__", tuple_iter),
            MethodDef::method("__add__", tuple_add),
            MethodDef::method("__mul__", tuple_mul),
            MethodDef::method("__rmul__", tuple_mul),
            MethodDef::method("count", tuple_count),
            MethodDef::method("index", tuple_index),
            MethodDef::method("__getnewargs__", tuple_getnewargs),
        ],
        getsets: &[],
        doc: None,
    }]
}
