//! `_collections`, CPython's C module under `collections`: `deque` (with its iterators),
//! `defaultdict`, `_count_elements` and `_tuplegetter`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use crate::builtins::methods::list::{repr_enter, repr_leave};
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{index_error, runtime_error, type_error, value_error};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::flags::{self, BASETYPE};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, none, not_implemented, GetSetDef, MethodDef, TypeSpec, DICT_TYPE, OBJECT_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static DEQUE_TYPE: TypeObject = TypeObject::new_static(
    "deque",
    Layout::Native,
    Some(&OBJECT_TYPE),
    BASETYPE | flags::SEQUENCE,
);
pub static DEQUE_ITER_TYPE: TypeObject =
    TypeObject::new_static("_deque_iterator", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static DEQUE_REVITER_TYPE: TypeObject = TypeObject::new_static(
    "_deque_reverse_iterator",
    Layout::Native,
    Some(&OBJECT_TYPE),
    0,
);
pub static DEFAULTDICT_TYPE: TypeObject = TypeObject::new_static(
    "defaultdict",
    Layout::Instance,
    Some(&DICT_TYPE),
    BASETYPE | flags::MAPPING,
);
pub static TUPLEGETTER_TYPE: TypeObject =
    TypeObject::new_static("_tuplegetter", Layout::Native, Some(&OBJECT_TYPE), 0);

struct Deque {
    items: RefCell<VecDeque<Value>>,
    maxlen: Cell<Option<usize>>,
    /// Bumped by every mutation, so iterators and searches notice one.
    state: Cell<u64>,
}

impl NativeData for Deque {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for v in self.items.borrow().iter() {
            visit(v);
        }
    }
    fn clear(&self, out: &mut Vec<Value>) {
        out.extend(self.items.borrow_mut().drain(..));
    }
}

impl Deque {
    fn touch(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }

    fn push_back(&self, v: Value) {
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return;
        }
        if Some(items.len()) == self.maxlen.get() {
            items.pop_front();
        }
        items.push_back(v);
        drop(items);
        self.touch();
    }

    fn push_front(&self, v: Value) {
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return;
        }
        if Some(items.len()) == self.maxlen.get() {
            items.pop_back();
        }
        items.push_front(v);
        drop(items);
        self.touch();
    }

    fn snapshot(&self) -> Vec<Value> {
        self.items.borrow().iter().cloned().collect()
    }
}

fn deque_of(v: &Value) -> PyResult<&Deque> {
    native_ref::<Deque>(v)
        .ok_or_else(|| type_error("descriptor requires a 'collections.deque' object"))
}

fn mutated() -> PyErr {
    runtime_error("deque mutated during iteration")
}

fn new_deque_of(cls: &TypeObject, maxlen: Option<usize>) -> Value {
    let data = Deque {
        items: RefCell::new(VecDeque::new()),
        maxlen: Cell::new(maxlen),
        state: Cell::new(0),
    };
    if std::ptr::eq(cls, &DEQUE_TYPE) {
        new_native(&DEQUE_TYPE, data)
    } else {
        instance::new_instance(cls, Some(new_native(&DEQUE_TYPE, data)))
    }
}

fn deque_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("deque.__new__(X): X is not a type object"))?;
    Ok(new_deque_of(cls, None))
}

fn parse_maxlen(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => {
            let n = vm.index_i64(v)?;
            if n < 0 {
                return Err(value_error("maxlen must be non-negative"));
            }
            Ok(Some(n as usize))
        }
    }
}

fn deque_init(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("deque", &["self", "iterable", "maxlen"], 1)?;
    let me = b[0].clone().expect("self");
    let d = deque_of(&me)?;
    d.maxlen.set(parse_maxlen(vm, b[2].as_ref())?);
    if !d.items.borrow().is_empty() {
        d.items.borrow_mut().clear();
        d.touch();
    }
    if let Some(it) = &b[1] {
        extend(vm, &me, it, false)?;
    }
    Ok(none())
}

/// Adds every item of `iterable` at the right (or, reversed, at the left).
fn extend(vm: &mut Vm, me: &Value, iterable: &Value, left: bool) -> PyResult<()> {
    // A deque (itself included) is copied first, so extending by itself terminates.
    let items = match native_ref::<Deque>(iterable) {
        Some(o) => o.snapshot(),
        None => vm.collect(iterable)?,
    };
    let d = deque_of(me)?;
    for v in items {
        if left {
            d.push_front(v);
        } else {
            d.push_back(v);
        }
    }
    Ok(())
}

fn deque_append(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("append", 2, 2)?;
    deque_of(&a[0])?.push_back(a[1].clone());
    Ok(none())
}

fn deque_appendleft(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("appendleft", 2, 2)?;
    deque_of(&a[0])?.push_front(a[1].clone());
    Ok(none())
}

fn deque_pop(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("pop", 1, 1)?;
    let d = deque_of(&a[0])?;
    let v = d.items.borrow_mut().pop_back();
    d.touch();
    v.ok_or_else(|| index_error("pop from an empty deque"))
}

fn deque_popleft(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("popleft", 1, 1)?;
    let d = deque_of(&a[0])?;
    let v = d.items.borrow_mut().pop_front();
    d.touch();
    v.ok_or_else(|| index_error("pop from an empty deque"))
}

fn deque_extend(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("extend", 2, 2)?;
    extend(vm, &a[0], &a[1], false)?;
    Ok(none())
}

fn deque_extendleft(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("extendleft", 2, 2)?;
    extend(vm, &a[0], &a[1], true)?;
    Ok(none())
}

fn deque_iadd(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__iadd__", 2, 2)?;
    extend(vm, &a[0], &a[1], false)?;
    Ok(a[0].clone())
}

fn deque_clear(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("clear", 1, 1)?;
    let d = deque_of(&a[0])?;
    let old: Vec<Value> = d.items.borrow_mut().drain(..).collect();
    d.touch();
    drop(old);
    Ok(none())
}

/// A new deque of the same type and maxlen holding `items`.
fn same_kind(vm: &mut Vm, me: &Value, items: Vec<Value>) -> PyResult {
    let d = deque_of(me)?;
    if me.is_type(&DEQUE_TYPE) {
        let n = new_deque_of(&DEQUE_TYPE, d.maxlen.get());
        let nd = deque_of(&n)?;
        for v in items {
            nd.push_back(v);
        }
        return Ok(n);
    }
    let maxlen = match d.maxlen.get() {
        Some(m) => int::from_usize(m),
        None => none(),
    };
    let cls = me.ty().to_value();
    vm.call(&cls, &[list::new_list(items), maxlen])
}

fn deque_copy(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("copy", 1, 1)?;
    let items = deque_of(&a[0])?.snapshot();
    same_kind(vm, &a[0], items)
}

/// Compares `x` with each item, watching for mutation; the index of the first equal one.
fn find(vm: &mut Vm, me: &Value, x: &Value, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let d = deque_of(me)?;
    let state = d.state.get();
    let items = d.snapshot();
    for (i, v) in items.iter().enumerate().take(stop).skip(start) {
        let eq = v.is(x) || vm.eq(v, x)?;
        if deque_of(me)?.state.get() != state {
            return Err(mutated());
        }
        if eq {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn deque_count(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("count", 2, 2)?;
    let d = deque_of(&a[0])?;
    let state = d.state.get();
    let items = d.snapshot();
    let mut n = 0;
    for v in &items {
        if v.is(&a[1]) || vm.eq(v, &a[1])? {
            n += 1;
        }
        if deque_of(&a[0])?.state.get() != state {
            return Err(mutated());
        }
    }
    Ok(int::from_usize(n))
}

/// A slice bound as `list.index` clamps it.
fn clamp(vm: &mut Vm, v: Option<&Value>, len: usize, default: usize) -> PyResult<usize> {
    let Some(v) = v else {
        return Ok(default);
    };
    let i = vm.index_i64(v)?;
    let n = len as i64;
    Ok(if i < 0 { (i + n).max(0) } else { i.min(n) } as usize)
}

fn deque_index(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("index", 2, 4)?;
    let len = deque_of(&a[0])?.items.borrow().len();
    let start = clamp(vm, a.get(2), len, 0)?;
    let stop = clamp(vm, a.get(3), len, len)?;
    match find(vm, &a[0], &a[1], start, stop)? {
        Some(i) => Ok(int::from_usize(i)),
        None => {
            let r = vm.repr_string(&a[1])?;
            Err(value_error(format!("{r} is not in deque")))
        }
    }
}

fn deque_contains(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__contains__", 2, 2)?;
    let len = deque_of(&a[0])?.items.borrow().len();
    Ok(bool_value(find(vm, &a[0], &a[1], 0, len)?.is_some()))
}

fn deque_remove(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("remove", 2, 2)?;
    let len = deque_of(&a[0])?.items.borrow().len();
    match find(vm, &a[0], &a[1], 0, len)? {
        Some(i) => {
            let d = deque_of(&a[0])?;
            let v = d.items.borrow_mut().remove(i);
            d.touch();
            drop(v);
            Ok(none())
        }
        None => {
            let r = vm.repr_string(&a[1])?;
            Err(value_error(format!("{r} is not in deque")))
        }
    }
}

fn deque_insert(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("insert", 3, 3)?;
    let d = deque_of(&a[0])?;
    let len = d.items.borrow().len();
    if d.maxlen.get() == Some(len) {
        return Err(index_error("deque already at its maximum size"));
    }
    let i = clamp(vm, Some(&a[1]), len, 0)?;
    d.items.borrow_mut().insert(i, a[2].clone());
    d.touch();
    Ok(none())
}

fn deque_reverse(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("reverse", 1, 1)?;
    let d = deque_of(&a[0])?;
    d.items.borrow_mut().make_contiguous().reverse();
    d.touch();
    Ok(none())
}

fn deque_rotate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("rotate", 1, 2)?;
    let n = match a.get(1) {
        Some(v) => vm.index_i64(v)?,
        None => 1,
    };
    let d = deque_of(&a[0])?;
    let len = d.items.borrow().len() as i64;
    if len > 1 {
        let k = n.rem_euclid(len) as usize;
        d.items.borrow_mut().rotate_right(k);
        d.touch();
    }
    Ok(none())
}

fn item_index(vm: &mut Vm, d: &Deque, key: &Value) -> PyResult<usize> {
    if slice::as_slice(key).is_some()
        || (!key.is_small_int() && key.ty().lookup_str("__index__").is_none())
    {
        return Err(type_error(format!(
            "sequence index must be integer, not '{}'",
            key.ty().name()
        )));
    }
    let i = vm.index_i64(key)?;
    let n = d.items.borrow().len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("deque index out of range"));
    }
    Ok(j as usize)
}

fn deque_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getitem__", 2, 2)?;
    let d = deque_of(&a[0])?;
    let i = item_index(vm, d, &a[1])?;
    let v = d.items.borrow()[i].clone();
    Ok(v)
}

fn deque_setitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setitem__", 3, 3)?;
    let d = deque_of(&a[0])?;
    let i = item_index(vm, d, &a[1])?;
    let old = std::mem::replace(&mut d.items.borrow_mut()[i], a[2].clone());
    drop(old);
    Ok(none())
}

fn deque_delitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__delitem__", 2, 2)?;
    let d = deque_of(&a[0])?;
    let i = item_index(vm, d, &a[1])?;
    let old = d.items.borrow_mut().remove(i);
    d.touch();
    drop(old);
    Ok(none())
}

fn deque_len(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(
        deque_of(&args.values[0])?.items.borrow().len(),
    ))
}

fn deque_bool(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(bool_value(
        !deque_of(&args.values[0])?.items.borrow().is_empty(),
    ))
}

fn deque_repr(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let d = deque_of(me)?;
    let name = me.ty().name();
    if !repr_enter(me) {
        return Ok(str::new_str("[...]"));
    }
    let items = d.snapshot();
    let maxlen = d.maxlen.get();
    let mut parts = Vec::with_capacity(items.len());
    let mut result = Ok(());
    for v in &items {
        match vm.repr_string(v) {
            Ok(r) => parts.push(r),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    repr_leave(me);
    result?;
    Ok(str::from_string(match maxlen {
        Some(m) => format!("{name}([{}], maxlen={m})", parts.join(", ")),
        None => format!("{name}([{}])", parts.join(", ")),
    }))
}

fn deque_compare(
    vm: &mut Vm,
    args: Args,
    op: crate::bytecode::opcodes::CompareOperator,
) -> PyResult {
    let a = args.check_count("comparison", 2, 2)?;
    let (Ok(x), Ok(y)) = (deque_of(&a[0]), deque_of(&a[1])) else {
        return Ok(not_implemented());
    };
    let (x, y) = (list::new_list(x.snapshot()), list::new_list(y.snapshot()));
    vm.compare(&x, &y, op)
}

macro_rules! deque_cmp {
    ($name:ident, $op:ident) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            deque_compare(vm, args, crate::bytecode::opcodes::CompareOperator::$op)
        }
    };
}
deque_cmp!(deque_eq, Eq);
deque_cmp!(deque_ne, Ne);
deque_cmp!(deque_lt, Lt);
deque_cmp!(deque_le, Le);
deque_cmp!(deque_gt, Gt);
deque_cmp!(deque_ge, Ge);

fn deque_add(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__add__", 2, 2)?;
    let Ok(other) = deque_of(&a[1]) else {
        return Err(type_error(format!(
            "can only concatenate deque (not \"{}\") to deque",
            a[1].ty().name()
        )));
    };
    let mut items = deque_of(&a[0])?.snapshot();
    items.extend(other.snapshot());
    same_kind(vm, &a[0], items)
}

fn repeat_items(vm: &mut Vm, items: Vec<Value>, n: &Value) -> PyResult<Vec<Value>> {
    let n = vm.index_i64(n)?.max(0) as usize;
    let mut out = Vec::with_capacity(items.len().saturating_mul(n).min(1 << 20));
    for _ in 0..n {
        out.extend(items.iter().cloned());
    }
    Ok(out)
}

fn deque_mul(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__mul__", 2, 2)?;
    let items = deque_of(&a[0])?.snapshot();
    let items = repeat_items(vm, items, &a[1])?;
    same_kind(vm, &a[0], items)
}

fn deque_imul(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__imul__", 2, 2)?;
    let d = deque_of(&a[0])?;
    let items = repeat_items(vm, d.snapshot(), &a[1])?;
    let old: Vec<Value> = d.items.borrow_mut().drain(..).collect();
    drop(old);
    for v in items {
        d.push_back(v);
    }
    d.touch();
    Ok(a[0].clone())
}

fn deque_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let d = deque_of(me)?;
    let state = match instance::instance_dict(me) {
        Some(dict) if dict::len(&dict) > 0 => dict,
        _ => none(),
    };
    let ctor_args = match d.maxlen.get() {
        Some(m) => tuple::from_array([tuple::from_array([]), int::from_usize(m)]),
        None => tuple::from_array([]),
    };
    let it = vm.iter(me)?;
    Ok(tuple::from_array([
        me.ty().to_value(),
        ctor_args,
        state,
        it,
    ]))
}

fn get_maxlen(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(match deque_of(this)?.maxlen.get() {
        Some(m) => int::from_usize(m),
        None => none(),
    })
}

struct DequeIter {
    deque: Value,
    /// Items still to produce.
    remaining: Cell<usize>,
    /// Position of the next item from the iteration's start side.
    index: Cell<usize>,
    state: u64,
    reverse: bool,
}

impl NativeData for DequeIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.deque);
    }
}

fn new_iter(me: &Value, reverse: bool) -> PyResult {
    let d = deque_of(me)?;
    let len = d.items.borrow().len();
    Ok(new_native(
        if reverse {
            &DEQUE_REVITER_TYPE
        } else {
            &DEQUE_ITER_TYPE
        },
        DequeIter {
            deque: me.clone(),
            remaining: Cell::new(len),
            index: Cell::new(0),
            state: d.state.get(),
            reverse,
        },
    ))
}

fn deque_iter(_vm: &mut Vm, args: Args) -> PyResult {
    new_iter(&args.values[0], false)
}

fn deque_reversed(_vm: &mut Vm, args: Args) -> PyResult {
    new_iter(&args.values[0], true)
}

fn iter_next(_vm: &mut Vm, args: Args) -> PyResult {
    let it = native_ref::<DequeIter>(&args.values[0])
        .ok_or_else(|| type_error("deque iterator expected"))?;
    let d = deque_of(&it.deque)?;
    if d.state.get() != it.state {
        it.remaining.set(0);
        return Err(mutated());
    }
    if it.remaining.get() == 0 {
        return Err(exception::PyErrExt::stop());
    }
    let items = d.items.borrow();
    let i = it.index.get();
    let pos = if it.reverse { items.len() - 1 - i } else { i };
    let v = items[pos].clone();
    it.index.set(i + 1);
    it.remaining.set(it.remaining.get() - 1);
    Ok(v)
}

fn iter_self(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

fn iter_length_hint(_vm: &mut Vm, args: Args) -> PyResult {
    let it = native_ref::<DequeIter>(&args.values[0])
        .ok_or_else(|| type_error("deque iterator expected"))?;
    Ok(int::from_usize(it.remaining.get()))
}

// ---- defaultdict ----

fn factory_key() -> Value {
    str::intern_static("default_factory")
}

fn dd_init(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let pos = args.positional();
    let factory = pos.get(1).cloned().unwrap_or_else(none);
    if !factory.is_none() && factory.ty().lookup_str("__call__").is_none() {
        return Err(type_error("first argument must be callable or None"));
    }
    let d = instance::instance_dict(me).ok_or_else(|| type_error("defaultdict expected"))?;
    dict::set_str(&d, &factory_key(), factory);
    let rest: Vec<Value> = std::iter::once(me.clone())
        .chain(args.values[pos.len().min(2)..].iter().cloned())
        .collect();
    let init = DICT_TYPE
        .lookup_str("__init__")
        .ok_or_else(|| type_error("dict.__init__ missing"))?;
    vm.call_with(&init, Args::with_kwnames(&rest, args.kwnames))?;
    Ok(none())
}

fn factory_of(vm: &mut Vm, me: &Value) -> PyResult<Value> {
    Ok(vm.getattr_opt(me, "default_factory")?.unwrap_or_else(none))
}

fn dd_missing(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__missing__", 2, 2)?;
    let factory = factory_of(vm, &a[0])?;
    if factory.is_none() {
        return Err(exception::key_error(a[1].clone()));
    }
    let v = vm.call(&factory, &[])?;
    vm.setitem(&a[0], &a[1], v.clone())?;
    Ok(v)
}

fn dd_repr(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let factory = factory_of(vm, me)?;
    let f = if factory.is_none() {
        "None".to_string()
    } else if !repr_enter(&factory) {
        "...".to_string()
    } else {
        let r = vm.repr_string(&factory);
        repr_leave(&factory);
        r?
    };
    let dict_repr = DICT_TYPE
        .lookup_str("__repr__")
        .ok_or_else(|| type_error("dict.__repr__ missing"))?;
    let body = vm.call(&dict_repr, std::slice::from_ref(me))?;
    Ok(str::from_string(format!(
        "{}({f}, {})",
        me.ty().name(),
        str::as_str(&body).unwrap_or("{}")
    )))
}

fn dd_copy(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let factory = factory_of(vm, me)?;
    let cls = me.ty().to_value();
    vm.call(&cls, &[factory, me.clone()])
}

fn dd_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let factory = factory_of(vm, me)?;
    let ctor_args = if factory.is_none() {
        tuple::from_array([])
    } else {
        tuple::from_array([factory])
    };
    let items = vm.call_method(me, "items", &[])?;
    let it = vm.iter(&items)?;
    Ok(tuple::from_array([
        me.ty().to_value(),
        ctor_args,
        none(),
        none(),
        it,
    ]))
}

fn dd_or(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__or__", 2, 2)?;
    if !a[1].ty().is_subtype(&DICT_TYPE) {
        return Ok(not_implemented());
    }
    let new = dd_copy(vm, Args::new(&a[..1]))?;
    vm.call_method(&new, "update", &[a[1].clone()])?;
    Ok(new)
}

fn dd_ror(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__ror__", 2, 2)?;
    if !a[1].ty().is_subtype(&DICT_TYPE) {
        return Ok(not_implemented());
    }
    let factory = factory_of(vm, &a[0])?;
    let cls = a[0].ty().to_value();
    let new = vm.call(&cls, &[factory, a[1].clone()])?;
    vm.call_method(&new, "update", &[a[0].clone()])?;
    Ok(new)
}

// ---- _tuplegetter and _count_elements ----

struct TupleGetter {
    index: usize,
    doc: RefCell<Value>,
}

impl NativeData for TupleGetter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.doc.borrow());
    }
}

fn tg_new(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_tuplegetter", 3, 3)?;
    let index = vm.index_i64(&a[1])?;
    if index < 0 {
        return Err(value_error("index must be non-negative"));
    }
    Ok(new_native(
        &TUPLEGETTER_TYPE,
        TupleGetter {
            index: index as usize,
            doc: RefCell::new(a[2].clone()),
        },
    ))
}

fn tg_of(v: &Value) -> PyResult<&TupleGetter> {
    native_ref::<TupleGetter>(v).ok_or_else(|| type_error("_tuplegetter expected"))
}

fn tg_get(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__get__", 2, 3)?;
    let g = tg_of(&a[0])?;
    if a[1].is_none() {
        return Ok(a[0].clone());
    }
    let Some(items) = tuple::as_tuple(&a[1]) else {
        return Err(type_error(format!(
            "descriptor for index '{}' for tuple subclasses doesn't apply to '{}' object",
            g.index,
            a[1].ty().name()
        )));
    };
    items
        .get(g.index)
        .cloned()
        .ok_or_else(|| index_error("tuple index out of range"))
}

fn tg_set(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(exception::attribute_error("can't set attribute"))
}

fn tg_delete(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(exception::attribute_error("can't delete attribute"))
}

fn tg_doc(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(tg_of(this)?.doc.borrow().clone())
}

fn tg_set_doc(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    *tg_of(this)?.doc.borrow_mut() = v.unwrap_or_else(none);
    Ok(())
}

fn tg_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let g = tg_of(&args.values[0])?;
    Ok(tuple::from_array([
        TUPLEGETTER_TYPE.to_value(),
        tuple::from_array([int::from_usize(g.index), g.doc.borrow().clone()]),
    ]))
}

/// `_count_elements(mapping, iterable)`: `mapping[x] = mapping.get(x, 0) + 1` for each x.
fn count_elements(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_count_elements", 2, 2)?;
    let (mapping, iterable) = (&a[0], &a[1]);
    let it = vm.iter(iterable)?;
    let one = int::from_i64(1);
    while let Some(x) = vm.next(&it)? {
        let current = vm.call_method(mapping, "get", &[x.clone(), int::from_i64(0)])?;
        let n = vm.binary_op(
            &current,
            &one,
            crate::bytecode::opcodes::BinaryOperator::Add,
            false,
        )?;
        vm.setitem(mapping, &x, n)?;
    }
    Ok(none())
}

fn types() -> [TypeSpec; 5] {
    [
        TypeSpec {
            ty: &DEQUE_TYPE,
            methods: methods![
                MethodDef::static_("__new__", deque_new),
                MethodDef::method("__init__", deque_init),
                MethodDef::method("append", deque_append),
                MethodDef::method("appendleft", deque_appendleft),
                MethodDef::method("pop", deque_pop),
                MethodDef::method("popleft", deque_popleft),
                MethodDef::method("extend", deque_extend),
                MethodDef::method("extendleft", deque_extendleft),
                MethodDef::method("clear", deque_clear),
                MethodDef::method("copy", deque_copy),
                MethodDef::method("__copy__", deque_copy),
                MethodDef::method("count", deque_count),
                MethodDef::method("index", deque_index),
                MethodDef::method("insert", deque_insert),
                MethodDef::method("remove", deque_remove),
                MethodDef::method("reverse", deque_reverse),
                MethodDef::method("rotate", deque_rotate),
                MethodDef::method("__len__", deque_len),
                MethodDef::method("__bool__", deque_bool),
                MethodDef::method("__getitem__", deque_getitem),
                MethodDef::method("__setitem__", deque_setitem),
                MethodDef::method("__delitem__", deque_delitem),
                MethodDef::method("__contains__", deque_contains),
                MethodDef::method("__iter__", deque_iter),
                MethodDef::method("__reversed__", deque_reversed),
                MethodDef::method("__repr__", deque_repr),
                MethodDef::method("__eq__", deque_eq),
                MethodDef::method("__ne__", deque_ne),
                MethodDef::method("__lt__", deque_lt),
                MethodDef::method("__le__", deque_le),
                MethodDef::method("__gt__", deque_gt),
                MethodDef::method("__ge__", deque_ge),
                MethodDef::method("__add__", deque_add),
                MethodDef::method("__iadd__", deque_iadd),
                MethodDef::method("__mul__", deque_mul),
                MethodDef::method("__rmul__", deque_mul),
                MethodDef::method("__imul__", deque_imul),
                MethodDef::method("__reduce__", deque_reduce),
                MethodDef::class("__class_getitem__", generic_alias),
            ],
            getsets: getsets![GetSetDef::readonly("maxlen", get_maxlen)],
            doc: Some("A list-like sequence optimized for data accesses near its endpoints."),
        },
        TypeSpec {
            ty: &DEQUE_ITER_TYPE,
            methods: methods![
                MethodDef::method("__next__", iter_next),
                MethodDef::method("__iter__", iter_self),
                MethodDef::method("__length_hint__", iter_length_hint),
            ],
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &DEQUE_REVITER_TYPE,
            methods: methods![
                MethodDef::method("__next__", iter_next),
                MethodDef::method("__iter__", iter_self),
                MethodDef::method("__length_hint__", iter_length_hint),
            ],
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &DEFAULTDICT_TYPE,
            methods: methods![
                MethodDef::method("__init__", dd_init),
                MethodDef::method("__missing__", dd_missing),
                MethodDef::method("__repr__", dd_repr),
                MethodDef::method("copy", dd_copy),
                MethodDef::method("__copy__", dd_copy),
                MethodDef::method("__reduce__", dd_reduce),
                MethodDef::method("__or__", dd_or),
                MethodDef::method("__ror__", dd_ror),
            ],
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &TUPLEGETTER_TYPE,
            methods: methods![
                MethodDef::static_("__new__", tg_new),
                MethodDef::method("__get__", tg_get),
                MethodDef::method("__set__", tg_set),
                MethodDef::method("__delete__", tg_delete),
                MethodDef::method("__reduce__", tg_reduce),
            ],
            getsets: getsets![GetSetDef {
                name: "__doc__",
                get: tg_doc,
                set: Some(tg_set_doc),
                member: false,
            }],
            doc: None,
        },
    ]
}

fn generic_alias(vm: &mut Vm, args: Args) -> PyResult {
    crate::builtins::methods::genericalias::class_getitem(vm, args)
}

/// Creates the `_collections` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    for spec in &types() {
        install_native_type(spec);
    }
    for ty in [
        &DEQUE_TYPE,
        &DEQUE_ITER_TYPE,
        &DEQUE_REVITER_TYPE,
        &DEFAULTDICT_TYPE,
    ] {
        *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("collections");
    }
    dict::set_str(
        &DEQUE_TYPE.dict_value(),
        &str::intern_static("__hash__"),
        none(),
    );
    let m = module::new_module("_collections");
    module::set_attr(&m, "deque", DEQUE_TYPE.to_value());
    module::set_attr(&m, "_deque_iterator", DEQUE_ITER_TYPE.to_value());
    module::set_attr(&m, "_deque_reverse_iterator", DEQUE_REVITER_TYPE.to_value());
    module::set_attr(&m, "defaultdict", DEFAULTDICT_TYPE.to_value());
    module::set_attr(&m, "_tuplegetter", TUPLEGETTER_TYPE.to_value());
    module::set_attr(
        &m,
        "_count_elements",
        function::new_builtin_function("_count_elements", count_elements, Some(m.clone())),
    );
    Ok(m)
}
