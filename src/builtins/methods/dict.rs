//! Methods of `dict`, its views (`dict_keys`, `dict_values`, `dict_items`) and iterators.

use super::list::{
    base_value, exact_args, no_args, one_arg, pos_args, repr_enter, repr_items, repr_leave,
    wrap_for_class,
};
use crate::object::dict::{as_dict, data_of, del_item, get_item, new_dict, set_item, DictView};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{key_error, runtime_error, type_error, value_error, TYPE_ERROR};
use crate::object::iter::{new_native_iter, NativeIterator};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, none, not_implemented, MethodDef, TypeSpec, DICT_TYPE, OBJECT_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static DICT_KEYS_TYPE: TypeObject =
    TypeObject::new_static("dict_keys", Layout::DictView, Some(&OBJECT_TYPE), 0);
pub static DICT_VALUES_TYPE: TypeObject =
    TypeObject::new_static("dict_values", Layout::DictView, Some(&OBJECT_TYPE), 0);
pub static DICT_ITEMS_TYPE: TypeObject =
    TypeObject::new_static("dict_items", Layout::DictView, Some(&OBJECT_TYPE), 0);
pub static DICT_KEYITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_keyiterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);
pub static DICT_VALUEITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_valueiterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);
pub static DICT_ITEMITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_itemiterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);
pub static DICT_REVKEYITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_reversekeyiterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);
pub static DICT_REVVALUEITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_reversevalueiterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);
pub static DICT_REVITEMITER_TYPE: TypeObject = TypeObject::new_static(
    "dict_reverseitemiterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);

fn this(v: &Value) -> PyResult<&crate::object::dict::Dict> {
    as_dict(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'dict' object but received a '{}'",
            v.ty().name()
        ))
    })
}

// ---- iterators ----

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Keys,
    Values,
    Items,
}

#[derive(Clone)]
struct DictIter {
    dict: Option<Value>,
    kind: Kind,
    reverse: bool,
    /// Next entry position (forward) or one past it (reverse).
    pos: usize,
    /// The dict's size when iteration started.
    used: usize,
    remaining: usize,
}

impl NativeIterator for DictIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        self.dict.iter().for_each(visit);
    }

    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(d) = self.dict.clone() else {
            return Ok(None);
        };
        let dd = data_of(&d).borrow();
        if dd.len() != self.used {
            drop(dd);
            self.dict = None;
            return Err(runtime_error("dictionary changed size during iteration"));
        }
        let found = loop {
            if self.reverse {
                if self.pos == 0 {
                    break None;
                }
                self.pos -= 1;
                if let Some(e) = dd.entry_at(self.pos) {
                    break Some((e.key.clone(), e.value.clone()));
                }
            } else {
                if self.pos >= dd.entries_len() {
                    break None;
                }
                self.pos += 1;
                if let Some(e) = dd.entry_at(self.pos - 1) {
                    break Some((e.key.clone(), e.value.clone()));
                }
            }
        };
        drop(dd);
        let Some((k, v)) = found else {
            self.dict = None;
            return Ok(None);
        };
        if self.remaining == 0 {
            self.dict = None;
            return Err(runtime_error("dictionary keys changed during iteration"));
        }
        self.remaining -= 1;
        Ok(Some(match self.kind {
            Kind::Keys => k,
            Kind::Values => v,
            Kind::Items => tuple::from_array([k, v]),
        }))
    }

    fn length_hint(&self) -> Option<usize> {
        Some(if self.dict.is_some() {
            self.remaining
        } else {
            0
        })
    }

    fn reduce(&self, vm: &mut Vm) -> PyResult<Option<crate::object::iter::Reduced>> {
        crate::object::iter::reduce_to_remaining(self, vm)
    }
}

fn new_dict_iter(d: &Value, kind: Kind, reverse: bool) -> Value {
    // The iterator holds the object itself, so a subclass instance lives while iterated.
    let d = d.clone();
    let (len, end) = {
        let dd = data_of(&d).borrow();
        (dd.len(), dd.entries_len())
    };
    let ty: &TypeObject = match (kind, reverse) {
        (Kind::Keys, false) => &DICT_KEYITER_TYPE,
        (Kind::Values, false) => &DICT_VALUEITER_TYPE,
        (Kind::Items, false) => &DICT_ITEMITER_TYPE,
        (Kind::Keys, true) => &DICT_REVKEYITER_TYPE,
        (Kind::Values, true) => &DICT_REVVALUEITER_TYPE,
        (Kind::Items, true) => &DICT_REVITEMITER_TYPE,
    };
    let pos = if reverse { end } else { 0 };
    new_native_iter(
        ty,
        Box::new(DictIter {
            dict: Some(d),
            kind,
            reverse,
            pos,
            used: len,
            remaining: len,
        }),
    )
}

// ---- update helpers ----

/// Whether `v` is a dict whose iteration is the built-in one (CPython's fast merge path).
fn is_plain_dict(v: &Value) -> bool {
    if as_dict(v).is_none() {
        return false;
    }
    if v.is_type(&DICT_TYPE) {
        return true;
    }
    let own = DICT_TYPE.lookup_str("__iter__");
    match (v.ty().lookup_str("__iter__"), own) {
        (Some(a), Some(b)) => a.is(&b),
        _ => false,
    }
}

/// Stores into `target` through `__setitem__` for subclasses that override it, directly
/// otherwise.
fn store(vm: &mut Vm, target: &Value, k: Value, v: Value) -> PyResult<()> {
    set_item(vm, &base_value(target), k, v)
}

/// `dict_merge`: from a mapping (a dict, or anything with `keys()`).
pub(crate) fn merge_mapping(vm: &mut Vm, target: &Value, other: &Value) -> PyResult<()> {
    if is_plain_dict(other) {
        let src = base_value(other);
        let len = crate::object::dict::len(&src);
        let pairs = crate::object::dict::items(&src);
        for (k, v) in pairs {
            store(vm, target, k, v)?;
            // A key's `__eq__` may change the source under the merge (CPython's check).
            if crate::object::dict::len(&src) != len {
                return Err(runtime_error("dict mutated during update"));
            }
        }
        return Ok(());
    }
    let keys = vm.call_method(other, "keys", &[])?;
    let it = vm.iter(&keys)?;
    while let Some(k) = vm.next(&it)? {
        let v = vm.getitem(other, &k)?;
        store(vm, target, k, v)?;
    }
    Ok(())
}

/// `PyDict_MergeFromSeq2`: from an iterable of key/value pairs.
fn merge_pairs(vm: &mut Vm, target: &Value, other: &Value) -> PyResult<()> {
    let it = vm.iter(other)?;
    let mut i = 0usize;
    while let Some(item) = vm.next(&it)? {
        let pair = if let Some(t) = tuple::as_tuple(&item) {
            t.to_vec()
        } else if let Some(l) = list::as_list(&item) {
            l.0.borrow().clone()
        } else {
            match vm.iter(&item) {
                Ok(inner) => {
                    let mut out = Vec::new();
                    while let Some(x) = vm.next(&inner)? {
                        out.push(x);
                    }
                    out
                }
                Err(e) if e.is_instance(&TYPE_ERROR) => {
                    return Err(type_error(format!(
                        "cannot convert dictionary update sequence element #{i} to a sequence"
                    )))
                }
                Err(e) => return Err(e),
            }
        };
        if pair.len() != 2 {
            return Err(value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        let mut p = pair.into_iter();
        let (k, v) = (p.next().unwrap_or_else(none), p.next().unwrap_or_else(none));
        store(vm, target, k, v)?;
        i += 1;
    }
    Ok(())
}

/// `dict_update_arg`: a mapping if it has `keys`, else pairs.
pub(crate) fn update_from(vm: &mut Vm, target: &Value, other: &Value) -> PyResult<()> {
    if as_dict(other).is_some() || vm.getattr_opt(other, "keys")?.is_some() {
        merge_mapping(vm, target, other)
    } else {
        merge_pairs(vm, target, other)
    }
}

fn update_kwargs(vm: &mut Vm, target: &Value, args: Args) -> PyResult<()> {
    for (k, v) in args.keywords() {
        store(vm, target, k.clone(), v.clone())?;
    }
    Ok(())
}

// ---- dict ----

fn dict_new(_vm: &mut Vm, args: Args) -> PyResult {
    wrap_for_class(&args.values[0], &DICT_TYPE, new_dict())
}

fn dict_init(vm: &mut Vm, args: Args) -> PyResult {
    let this_v = &args.values[0];
    this(this_v)?;
    let pos = &args.positional()[1..];
    if pos.len() > 1 {
        return Err(type_error(format!(
            "dict expected at most 1 argument, got {}",
            pos.len()
        )));
    }
    if let Some(src) = pos.first() {
        update_from(vm, this_v, src)?;
    }
    update_kwargs(vm, this_v, args)?;
    Ok(none())
}

fn dict_repr(vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let pairs = crate::object::dict::items(&base_value(v));
    if pairs.is_empty() {
        return Ok(str::new_str("{}"));
    }
    if !repr_enter(v) {
        return Ok(str::new_str("{...}"));
    }
    let r = (|| -> PyResult<String> {
        let mut out = String::from("{");
        vm.enter_native(" while getting the repr of an object")?;
        let mut res = Ok(());
        for (i, (k, val)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            match vm
                .repr_string(k)
                .and_then(|ks| vm.repr_string(val).map(|vs| (ks, vs)))
            {
                Ok((ks, vs)) => {
                    out.push_str(&ks);
                    out.push_str(": ");
                    out.push_str(&vs);
                }
                Err(e) => {
                    res = Err(e);
                    break;
                }
            }
        }
        vm.leave_native();
        res?;
        out.push('}');
        Ok(out)
    })();
    repr_leave(v);
    Ok(str::from_string(r?))
}

fn dicts_equal(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let (a, b) = (base_value(a), base_value(b));
    if crate::object::dict::len(&a) != crate::object::dict::len(&b) {
        return Ok(false);
    }
    for (k, v) in crate::object::dict::items(&a) {
        match get_item(vm, &b, &k)? {
            Some(bv) => {
                if !vm.eq(&v, &bv)? {
                    return Ok(false);
                }
            }
            None => return Ok(false),
        }
    }
    Ok(true)
}

fn dict_eq(vm: &mut Vm, args: Args) -> PyResult {
    let other = &exact_args(args, "__eq__", 1)?[0];
    if as_dict(other).is_none() {
        return Ok(not_implemented());
    }
    Ok(bool_value(dicts_equal(vm, &args.values[0], other)?))
}

fn dict_ne(vm: &mut Vm, args: Args) -> PyResult {
    let other = &exact_args(args, "__ne__", 1)?[0];
    if as_dict(other).is_none() {
        return Ok(not_implemented());
    }
    Ok(bool_value(!dicts_equal(vm, &args.values[0], other)?))
}

fn dict_len(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(this(&args.values[0])?.0.borrow().len()))
}

fn dict_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let key = exact_args(args, "__getitem__", 1)?[0].clone();
    let d = &args.values[0];
    this(d)?;
    if let Some(v) = get_item(vm, &base_value(d), &key)? {
        return Ok(v);
    }
    if !d.is_type(&DICT_TYPE) {
        if let Some(m) = d.ty().lookup_str("__missing__") {
            return vm.call_slot(&m, &[d.clone(), key]);
        }
    }
    Err(key_error(key))
}

fn dict_setitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = pos_args(args, "__setitem__", 2, 2)?;
    this(&args.values[0])?;
    set_item(vm, &base_value(&args.values[0]), a[0].clone(), a[1].clone())?;
    Ok(none())
}

fn dict_delitem(vm: &mut Vm, args: Args) -> PyResult {
    let key = exact_args(args, "__delitem__", 1)?[0].clone();
    this(&args.values[0])?;
    match del_item(vm, &base_value(&args.values[0]), &key)? {
        Some(_) => Ok(none()),
        None => Err(key_error(key)),
    }
}

fn dict_contains(vm: &mut Vm, args: Args) -> PyResult {
    let key = exact_args(args, "__contains__", 1)?[0].clone();
    this(&args.values[0])?;
    Ok(bool_value(
        get_item(vm, &base_value(&args.values[0]), &key)?.is_some(),
    ))
}

fn dict_iter(_vm: &mut Vm, args: Args) -> PyResult {
    this(&args.values[0])?;
    Ok(new_dict_iter(&args.values[0], Kind::Keys, false))
}

fn dict_reversed(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "dict.__reversed__")?;
    this(&args.values[0])?;
    Ok(new_dict_iter(&args.values[0], Kind::Keys, true))
}

fn new_view(d: &Value, ty: &TypeObject) -> Value {
    crate::object::alloc::alloc(ty, DictView { dict: d.clone() })
}

fn dict_keys(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "dict.keys")?;
    this(&args.values[0])?;
    Ok(new_view(&args.values[0], &DICT_KEYS_TYPE))
}

fn dict_values(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "dict.values")?;
    this(&args.values[0])?;
    Ok(new_view(&args.values[0], &DICT_VALUES_TYPE))
}

fn dict_items(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "dict.items")?;
    this(&args.values[0])?;
    Ok(new_view(&args.values[0], &DICT_ITEMS_TYPE))
}

fn dict_get(vm: &mut Vm, args: Args) -> PyResult {
    let a = pos_args(args, "get", 1, 2)?;
    this(&args.values[0])?;
    match get_item(vm, &base_value(&args.values[0]), &a[0])? {
        Some(v) => Ok(v),
        None => Ok(a.get(1).cloned().unwrap_or_else(none)),
    }
}

fn dict_setdefault(vm: &mut Vm, args: Args) -> PyResult {
    let a = pos_args(args, "setdefault", 1, 2)?;
    this(&args.values[0])?;
    let d = base_value(&args.values[0]);
    let dv = a.get(1).cloned().unwrap_or_else(none);
    crate::object::dict::setdefault(vm, &d, a[0].clone(), dv)
}

fn dict_pop(vm: &mut Vm, args: Args) -> PyResult {
    let a = pos_args(args, "pop", 1, 2)?;
    this(&args.values[0])?;
    match del_item(vm, &base_value(&args.values[0]), &a[0])? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(key_error(a[0].clone())),
        },
    }
}

fn dict_popitem(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "dict.popitem")?;
    let d = this(&args.values[0])?;
    let e = d.0.borrow_mut().pop_last();
    match e {
        Some(e) => Ok(tuple::from_array([e.key, e.value])),
        None => Err(key_error(str::new_str("popitem(): dictionary is empty"))),
    }
}

fn dict_update(vm: &mut Vm, args: Args) -> PyResult {
    let this_v = &args.values[0];
    this(this_v)?;
    let pos = &args.positional()[1..];
    if pos.len() > 1 {
        return Err(type_error(format!(
            "update expected at most 1 argument, got {}",
            pos.len()
        )));
    }
    if let Some(src) = pos.first() {
        update_from(vm, this_v, src)?;
    }
    update_kwargs(vm, this_v, args)?;
    Ok(none())
}

fn dict_clear(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "dict.clear")?;
    this(&args.values[0])?;
    crate::object::dict::clear(&base_value(&args.values[0]));
    Ok(none())
}

fn dict_copy(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "dict.copy")?;
    this(&args.values[0])?;
    Ok(crate::object::dict::copy(&base_value(&args.values[0])))
}

fn dict_fromkeys(vm: &mut Vm, args: Args) -> PyResult {
    let a = pos_args(args, "fromkeys", 1, 2)?;
    let cls = args.values[0].clone();
    let value = a.get(1).cloned().unwrap_or_else(none);
    let d = vm.call(&cls, &[])?;
    let plain = as_dict(&d).is_some()
        && d.ty().lookup_str("__setitem__").map(|f| {
            DICT_TYPE
                .lookup_str("__setitem__")
                .map(|g| g.is(&f))
                .unwrap_or(false)
        }) == Some(true);
    let it = vm.iter(&a[0])?;
    while let Some(k) = vm.next(&it)? {
        if plain {
            set_item(vm, &base_value(&d), k, value.clone())?;
        } else {
            vm.setitem(&d, &k, value.clone())?;
        }
    }
    Ok(d)
}

fn dict_or(vm: &mut Vm, args: Args) -> PyResult {
    let other = exact_args(args, "__or__", 1)?[0].clone();
    if as_dict(&other).is_none() {
        return Ok(not_implemented());
    }
    let nd = crate::object::dict::copy(&base_value(&args.values[0]));
    merge_mapping(vm, &nd, &other)?;
    Ok(nd)
}

fn dict_ror(vm: &mut Vm, args: Args) -> PyResult {
    let other = exact_args(args, "__ror__", 1)?[0].clone();
    if as_dict(&other).is_none() {
        return Ok(not_implemented());
    }
    let nd = crate::object::dict::copy(&base_value(&other));
    merge_mapping(vm, &nd, &args.values[0])?;
    Ok(nd)
}

fn dict_ior(vm: &mut Vm, args: Args) -> PyResult {
    let other = exact_args(args, "__ior__", 1)?[0].clone();
    update_from(vm, &args.values[0], &other)?;
    Ok(args.values[0].clone())
}

fn dict_sizeof(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(args, "dict.__sizeof__")?;
    let n = this(&args.values[0])?.0.borrow().entries_len();
    Ok(int::from_usize(48 + 24 * n))
}

// ---- views ----

fn view(v: &Value) -> PyResult<(&DictView, Kind)> {
    let dv = v
        .payload_exact::<DictView>()
        .ok_or_else(|| type_error("descriptor requires a dict view"))?;
    let t = v.ty();
    let kind = if std::ptr::eq(t, &DICT_KEYS_TYPE) {
        Kind::Keys
    } else if std::ptr::eq(t, &DICT_VALUES_TYPE) {
        Kind::Values
    } else {
        Kind::Items
    };
    Ok((dv, kind))
}

fn is_set_view(v: &Value) -> bool {
    v.payload_exact::<DictView>().is_some() && !v.is_type(&DICT_VALUES_TYPE)
}

/// The view's items as a list of values.
fn view_items(v: &Value) -> PyResult<Vec<Value>> {
    let (dv, kind) = view(v)?;
    let d = base_value(&dv.dict);
    Ok(match kind {
        Kind::Keys => crate::object::dict::keys(&d),
        Kind::Values => crate::object::dict::values(&d),
        Kind::Items => crate::object::dict::items(&d)
            .into_iter()
            .map(|(k, v)| tuple::from_array([k, v]))
            .collect(),
    })
}

fn view_len(_vm: &mut Vm, args: Args) -> PyResult {
    let (dv, _) = view(&args.values[0])?;
    Ok(int::from_usize(crate::object::dict::len(&base_value(
        &dv.dict,
    ))))
}

fn view_iter(_vm: &mut Vm, args: Args) -> PyResult {
    let (dv, kind) = view(&args.values[0])?;
    Ok(new_dict_iter(&dv.dict, kind, false))
}

fn view_reversed(_vm: &mut Vm, args: Args) -> PyResult {
    let (dv, kind) = view(&args.values[0])?;
    Ok(new_dict_iter(&dv.dict, kind, true))
}

fn view_repr(vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let items = view_items(v)?;
    let name = v.ty().name();
    if !repr_enter(v) {
        return Ok(str::new_str("..."));
    }
    let r = if items.is_empty() {
        Ok(format!("{name}([])"))
    } else {
        repr_items(vm, &items, &format!("{name}(["), "])")
    };
    repr_leave(v);
    Ok(str::from_string(r?))
}

/// Membership in a keys or items view.
fn view_has(vm: &mut Vm, v: &Value, x: &Value) -> PyResult<bool> {
    let (dv, kind) = view(v)?;
    let d = base_value(&dv.dict);
    match kind {
        Kind::Keys => Ok(get_item(vm, &d, x)?.is_some()),
        Kind::Items => {
            let Some(t) = tuple::as_tuple(x) else {
                return Ok(false);
            };
            if t.len() != 2 {
                return Ok(false);
            }
            let (k, val) = (t[0].clone(), t[1].clone());
            match get_item(vm, &d, &k)? {
                Some(found) => vm.eq(&found, &val),
                None => Ok(false),
            }
        }
        Kind::Values => {
            for item in crate::object::dict::values(&d) {
                if vm.eq(&item, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

fn view_contains(vm: &mut Vm, args: Args) -> PyResult {
    let x = exact_args(args, "__contains__", 1)?[0].clone();
    Ok(bool_value(view_has(vm, &args.values[0], &x)?))
}

fn is_setlike(v: &Value) -> bool {
    crate::object::set::as_set(v).is_some() || is_set_view(v)
}

/// Every item of `a` is in `b` (`all_contained_in`).
fn all_contained_in(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let it = vm.iter(a)?;
    while let Some(x) = vm.next(&it)? {
        if !vm.contains(b, &x)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn view_compare(vm: &mut Vm, args: Args, op: crate::bytecode::CompareOperator) -> PyResult {
    use crate::bytecode::CompareOperator::*;
    let a = args.values[0].clone();
    let b = exact_args(args, "__eq__", 1)?[0].clone();
    if !is_setlike(&b) {
        return Ok(not_implemented());
    }
    let la = vm.len(&a)?;
    let lb = vm.len(&b)?;
    let r = match op {
        Eq | Ne => {
            let eq = la == lb && all_contained_in(vm, &a, &b)?;
            if op == Eq {
                eq
            } else {
                !eq
            }
        }
        Lt => la < lb && all_contained_in(vm, &a, &b)?,
        Le => la <= lb && all_contained_in(vm, &a, &b)?,
        Gt => la > lb && all_contained_in(vm, &b, &a)?,
        Ge => la >= lb && all_contained_in(vm, &b, &a)?,
    };
    Ok(bool_value(r))
}

fn view_eq(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, crate::bytecode::CompareOperator::Eq)
}
fn view_ne(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, crate::bytecode::CompareOperator::Ne)
}
fn view_lt(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, crate::bytecode::CompareOperator::Lt)
}
fn view_le(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, crate::bytecode::CompareOperator::Le)
}
fn view_gt(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, crate::bytecode::CompareOperator::Gt)
}
fn view_ge(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, crate::bytecode::CompareOperator::Ge)
}

/// A new set of the items of `v` (`PySet_New(v)`).
fn set_of(vm: &mut Vm, v: &Value) -> PyResult {
    let s = crate::object::set::new_set();
    super::set::update_internal(vm, &s, v)?;
    Ok(s)
}

/// `_PyDictView_Intersect`.
fn view_intersect(vm: &mut Vm, a: &Value, b: &Value) -> PyResult {
    let (mut this_v, mut other) = if is_set_view(a) {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    };
    let len_self = vm.len(&this_v)?;
    if other.is_type(&crate::object::types::SET_TYPE) && len_self <= crate::object::set::len(&other)
    {
        return vm.call_method(&other, "intersection", &[this_v]);
    }
    if is_set_view(&other) && vm.len(&other)? > len_self {
        std::mem::swap(&mut this_v, &mut other);
    }
    let result = crate::object::set::new_set();
    let it = vm.iter(&other)?;
    while let Some(x) = vm.next(&it)? {
        if view_has(vm, &this_v, &x)? {
            crate::object::set::add(vm, &result, x)?;
        }
    }
    Ok(result)
}

fn view_and(vm: &mut Vm, args: Args) -> PyResult {
    let b = exact_args(args, "__and__", 1)?[0].clone();
    view_intersect(vm, &args.values[0], &b)
}

fn view_or(vm: &mut Vm, args: Args) -> PyResult {
    let b = exact_args(args, "__or__", 1)?[0].clone();
    let r = set_of(vm, &args.values[0])?;
    super::set::update_internal(vm, &r, &b)?;
    Ok(r)
}

fn view_ror(vm: &mut Vm, args: Args) -> PyResult {
    let b = exact_args(args, "__ror__", 1)?[0].clone();
    let r = set_of(vm, &b)?;
    super::set::update_internal(vm, &r, &args.values[0])?;
    Ok(r)
}

fn view_sub(vm: &mut Vm, args: Args) -> PyResult {
    let b = exact_args(args, "__sub__", 1)?[0].clone();
    let r = set_of(vm, &args.values[0])?;
    super::set::difference_update_internal(vm, &r, &b)?;
    Ok(r)
}

fn view_rsub(vm: &mut Vm, args: Args) -> PyResult {
    let b = exact_args(args, "__rsub__", 1)?[0].clone();
    let r = set_of(vm, &b)?;
    super::set::difference_update_internal(vm, &r, &args.values[0])?;
    Ok(r)
}

fn view_xor(vm: &mut Vm, args: Args) -> PyResult {
    let b = exact_args(args, "__xor__", 1)?[0].clone();
    let r = set_of(vm, &args.values[0])?;
    super::set::symmetric_difference_update_internal(vm, &r, &b)?;
    Ok(r)
}

fn view_rxor(vm: &mut Vm, args: Args) -> PyResult {
    let b = exact_args(args, "__rxor__", 1)?[0].clone();
    let r = set_of(vm, &b)?;
    super::set::symmetric_difference_update_internal(vm, &r, &args.values[0])?;
    Ok(r)
}

fn view_isdisjoint(vm: &mut Vm, args: Args) -> PyResult {
    let other = one_arg(args, &format!("{}.isdisjoint", args.values[0].ty().name()))?.clone();
    let (mut s, mut o) = (args.values[0].clone(), other);
    if is_setlike(&o) && vm.len(&s)? > vm.len(&o)? {
        std::mem::swap(&mut s, &mut o);
    }
    let it = vm.iter(&o)?;
    while let Some(x) = vm.next(&it)? {
        let found = if is_set_view(&s) {
            view_has(vm, &s, &x)?
        } else {
            vm.contains(&s, &x)?
        };
        if found {
            return Ok(bool_value(false));
        }
    }
    Ok(bool_value(true))
}

fn view_mapping(_vm: &mut Vm, v: &Value) -> PyResult {
    let (dv, _) = view(v)?;
    Ok(crate::object::descr::new_mappingproxy(dv.dict.clone()))
}

pub fn specs() -> Vec<TypeSpec> {
    use super::iter::native_iter_spec;
    use crate::object::types::GetSetDef;
    let set_view_methods = methods![
        MethodDef::method("__len__", view_len),
        MethodDef::method("__iter__", view_iter),
        MethodDef::method("__reversed__", view_reversed),
        MethodDef::method("__repr__", view_repr),
        MethodDef::method("__contains__", view_contains),
        MethodDef::method("__eq__", view_eq),
        MethodDef::method("__ne__", view_ne),
        MethodDef::method("__lt__", view_lt),
        MethodDef::method("__le__", view_le),
        MethodDef::method("__gt__", view_gt),
        MethodDef::method("__ge__", view_ge),
        MethodDef::method("__and__", view_and),
        MethodDef::method("__rand__", view_and),
        MethodDef::method("__or__", view_or),
        MethodDef::method("__ror__", view_ror),
        MethodDef::method("__sub__", view_sub),
        MethodDef::method("__rsub__", view_rsub),
        MethodDef::method("__xor__", view_xor),
        MethodDef::method("__rxor__", view_rxor),
        MethodDef::method("isdisjoint", view_isdisjoint),
    ];
    let view_getsets = getsets![GetSetDef::readonly("mapping", view_mapping)];
    vec![
        TypeSpec {
            ty: &DICT_TYPE,
            methods: methods![
                MethodDef::static_("__new__", dict_new),
                MethodDef::method("__init__", dict_init),
                MethodDef::method("__repr__", dict_repr),
                MethodDef::method("__eq__", dict_eq),
                MethodDef::method("__ne__", dict_ne),
                MethodDef::method("__len__", dict_len),
                MethodDef::method("__getitem__", dict_getitem),
                MethodDef::method("__setitem__", dict_setitem),
                MethodDef::method("__delitem__", dict_delitem),
                MethodDef::method("__contains__", dict_contains),
                MethodDef::method("__iter__", dict_iter),
                MethodDef::method("__reversed__", dict_reversed),
                MethodDef::method("__or__", dict_or),
                MethodDef::method("__ror__", dict_ror),
                MethodDef::method("__ior__", dict_ior),
                MethodDef::method("__sizeof__", dict_sizeof),
                MethodDef::method("keys", dict_keys),
                MethodDef::method("values", dict_values),
                MethodDef::method("items", dict_items),
                MethodDef::method("get", dict_get),
                MethodDef::method("setdefault", dict_setdefault),
                MethodDef::method("pop", dict_pop),
                MethodDef::method("popitem", dict_popitem),
                MethodDef::method("update", dict_update),
                MethodDef::method("clear", dict_clear),
                MethodDef::method("copy", dict_copy),
                MethodDef::class("fromkeys", dict_fromkeys),
            ],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &DICT_KEYS_TYPE,
            methods: set_view_methods,
            getsets: view_getsets,
            doc: None,
        },
        TypeSpec {
            ty: &DICT_ITEMS_TYPE,
            methods: set_view_methods,
            getsets: view_getsets,
            doc: None,
        },
        TypeSpec {
            ty: &DICT_VALUES_TYPE,
            methods: methods![
                MethodDef::method("__len__", view_len),
                MethodDef::method("__iter__", view_iter),
                MethodDef::method("__reversed__", view_reversed),
                MethodDef::method("__repr__", view_repr),
            ],
            getsets: view_getsets,
            doc: None,
        },
        native_iter_spec(&DICT_KEYITER_TYPE),
        native_iter_spec(&DICT_VALUEITER_TYPE),
        native_iter_spec(&DICT_ITEMITER_TYPE),
        native_iter_spec(&DICT_REVKEYITER_TYPE),
        native_iter_spec(&DICT_REVVALUEITER_TYPE),
        native_iter_spec(&DICT_REVITEMITER_TYPE),
    ]
}
