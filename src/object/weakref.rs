//! Weak references (`_weakref.ref` and the proxies). Instances of Python classes keep a list of
//! the weakrefs that point at them; other weakly referenceable objects (types, functions,
//! methods, sets, code, modules, generators) have theirs in a side table keyed by address. When
//! a referent is freed each weakref is cleared and its callback is queued for the next
//! instruction boundary.

use std::cell::{Cell, RefCell};

use super::instance::Instance;
use super::typeobj::flags::BASETYPE;
use super::typeobj::{Layout, TypeObject};
use super::types::{
    bool_value, none, not_implemented, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE,
};
use super::value::{Payload, Value};
use super::*;
use crate::object::error::{Args, PyResult};
use crate::vm::Vm;

pub static WEAKREF_TYPE: TypeObject = TypeObject::new_static(
    "ReferenceType",
    Layout::WeakRef,
    Some(&OBJECT_TYPE),
    BASETYPE,
);

/// `weakref.ProxyType`: a weak reference that forwards attribute access and operations.
pub static PROXY_TYPE: TypeObject = TypeObject::new_static(
    "weakproxy",
    Layout::WeakRef,
    Some(&OBJECT_TYPE),
    super::typeobj::flags::CUSTOM_GETATTR | super::typeobj::flags::CUSTOM_SETATTR,
);

/// `weakref.CallableProxyType`: a proxy to a callable.
pub static CALLABLE_PROXY_TYPE: TypeObject = TypeObject::new_static(
    "weakcallableproxy",
    Layout::WeakRef,
    Some(&OBJECT_TYPE),
    super::typeobj::flags::CUSTOM_GETATTR | super::typeobj::flags::CUSTOM_SETATTR,
);

pub struct WeakRef {
    /// The referent's word, or 0 once it is gone.
    referent: Cell<usize>,
    callback: RefCell<Option<Value>>,
    hash: Cell<Option<i64>>,
}

impl Payload for WeakRef {
    const LAYOUT: Layout = Layout::WeakRef;
}

impl Drop for WeakRef {
    fn drop(&mut self) {
        let r = self.referent.get();
        if r != 0 {
            let me = self as *const WeakRef as usize;
            // SAFETY: a non-zero referent is live (cleared before it is freed).
            let target = std::mem::ManuallyDrop::new(unsafe { Value::from_raw(r) });
            match target.payload_exact::<Instance>() {
                Some(inst) => inst
                    .weakrefs
                    .borrow_mut()
                    .retain(|w| payload_addr(*w) != me),
                None => {
                    let _ = SIDE_TABLE.try_with(|t| {
                        let mut t = t.borrow_mut();
                        if let Some(list) = t.get_mut(&r) {
                            list.retain(|w| payload_addr(*w) != me);
                            if list.is_empty() {
                                t.remove(&r);
                            }
                        }
                    });
                }
            }
        }
    }
}

/// Address of the WeakRef payload of a weakref object word (a ref, a proxy, or an instance
/// of a subclass of ref).
fn payload_addr(word: usize) -> usize {
    // SAFETY: words in a weakref list are live weakref objects.
    let v = std::mem::ManuallyDrop::new(unsafe { Value::from_raw(word) });
    v.payload::<WeakRef>()
        .map(|w| w as *const WeakRef as usize)
        .unwrap_or(0)
}

thread_local! {
    static PENDING_CALLBACKS: RefCell<Vec<(Value, Value)>> = const { RefCell::new(Vec::new()) };
    /// Weakref lists of referents that are not instances, by the referent's address.
    static SIDE_TABLE: RefCell<std::collections::HashMap<usize, Vec<usize>>> =
        RefCell::new(std::collections::HashMap::new());
}

/// Whether objects of this layout can be weakly referenced (CPython's types with a weakref
/// list slot, among Heron's layouts).
pub fn weakrefable(layout: Layout) -> bool {
    matches!(
        layout,
        Layout::Instance
            | Layout::Type
            | Layout::Function
            | Layout::BuiltinFunction
            | Layout::BoundMethod
            | Layout::Set
            | Layout::Code
            | Layout::Module
            | Layout::Generator
            | Layout::Property
            | Layout::Native
    )
}

/// Clears the weakrefs to a non-instance object being freed (at `word`), queueing their
/// callbacks. Cheap when nothing is weakly referenced.
pub fn clear_side_weakrefs(word: usize) {
    let refs = SIDE_TABLE
        .try_with(|t| {
            let mut t = t.borrow_mut();
            if t.is_empty() {
                None
            } else {
                t.remove(&word)
            }
        })
        .ok()
        .flatten();
    if let Some(refs) = refs {
        clear_list(refs);
    }
}

/// Clears the weakrefs to an instance being freed, queueing their callbacks.
pub fn clear_weakrefs(inst: &Instance) {
    let refs = std::mem::take(&mut *inst.weakrefs.borrow_mut());
    clear_list(refs);
}

fn clear_list(refs: Vec<usize>) {
    for w in refs {
        // SAFETY: listed weakrefs are alive (they unlist themselves when freed).
        let wv = unsafe { Value::from_borrowed_raw(w) };
        if let Some(p) = wv.payload::<WeakRef>() {
            p.referent.set(0);
            if let Some(cb) = p.callback.borrow_mut().take() {
                let _ = PENDING_CALLBACKS.try_with(|q| q.borrow_mut().push((wv.clone(), cb)));
                super::alloc::request_safe_point();
            }
        }
    }
}

/// Takes the queued weakref callbacks.
pub fn take_pending_callbacks() -> Vec<(Value, Value)> {
    PENDING_CALLBACKS.with(|q| std::mem::take(&mut *q.borrow_mut()))
}

/// The referent, if still alive.
pub fn referent(w: &Value) -> Option<Value> {
    let p = w.payload::<WeakRef>()?;
    let r = p.referent.get();
    // SAFETY: a non-zero referent is live.
    (r != 0).then(|| unsafe { Value::from_borrowed_raw(r) })
}

/// The weakref list of `obj` (raw words), through `f`; `None` when `obj` cannot be weakly
/// referenced.
fn with_list<R>(obj: &Value, f: impl FnOnce(&mut Vec<usize>) -> R) -> Option<R> {
    if obj.is_small_int() || !weakrefable(obj.ty().layout) {
        return None;
    }
    if let Some(inst) = obj.payload_exact::<Instance>() {
        return Some(f(&mut inst.weakrefs.borrow_mut()));
    }
    SIDE_TABLE
        .try_with(|t| {
            let mut t = t.borrow_mut();
            let list = t.entry(obj.word()).or_default();
            let r = f(list);
            if list.is_empty() {
                t.remove(&obj.word());
            }
            r
        })
        .ok()
}

fn cannot_reference(obj: &Value) -> crate::object::error::PyErr {
    exception::type_error(format!(
        "cannot create weak reference to '{}' object",
        obj.ty().name()
    ))
}

/// A new weak reference of type `ty` (ref, a subclass of ref, or a proxy type) to `obj`.
/// A plain `ref(obj)` without callback is shared, as in CPython.
pub fn new_weakref(ty: &TypeObject, obj: &Value, callback: Option<Value>) -> PyResult {
    let exact = |t: &TypeObject| std::ptr::eq(ty, t);
    let shareable = callback.is_none()
        && (exact(&WEAKREF_TYPE) || exact(&PROXY_TYPE) || exact(&CALLABLE_PROXY_TYPE));
    if shareable {
        let existing = with_list(obj, |list| {
            list.iter().copied().find(|&w| {
                // SAFETY: listed weakrefs are alive.
                let wv = std::mem::ManuallyDrop::new(unsafe { Value::from_raw(w) });
                std::ptr::eq(wv.ty(), ty)
                    && wv
                        .payload_exact::<WeakRef>()
                        .is_some_and(|p| p.callback.borrow().is_none())
            })
        })
        .ok_or_else(|| cannot_reference(obj))?;
        if let Some(w) = existing {
            // SAFETY: listed weakrefs are alive.
            return Ok(unsafe { Value::from_borrowed_raw(w) });
        }
    }
    let payload = WeakRef {
        referent: Cell::new(obj.word()),
        callback: RefCell::new(callback),
        hash: Cell::new(None),
    };
    let w = if ty.layout == Layout::WeakRef {
        super::alloc::alloc(ty, payload)
    } else {
        let inner = super::alloc::alloc(&WEAKREF_TYPE, payload);
        super::instance::new_instance(ty, Some(inner))
    };
    with_list(obj, |list| list.push(w.word())).ok_or_else(|| cannot_reference(obj))?;
    Ok(w)
}

/// `weakref.ref(obj, callback=None)`, and `ref.__new__(subclass, obj, callback)`.
fn weakref_new(_vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    if pos.len() < 2 || pos.len() > 3 {
        return Err(exception::type_error(format!(
            "__new__ expected at most 2 arguments, got {}",
            pos.len().saturating_sub(1)
        )));
    }
    let cls = pos[0]
        .as_type()
        .ok_or_else(|| exception::type_error("ref.__new__(X): X is not a type object"))?;
    let callback = pos.get(2).cloned().filter(|c| !c.is_none());
    new_weakref(cls, &pos[1], callback)
}

fn weakref_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn weakref_call(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("weakref", 1, 1)?;
    Ok(referent(&a[0]).unwrap_or_else(none))
}

fn weakref_eq(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__eq__", 2, 2)?;
    if a[1].payload::<WeakRef>().is_none() {
        return Ok(not_implemented());
    }
    match (referent(&a[0]), referent(&a[1])) {
        (Some(x), Some(y)) => Ok(bool_value(vm.eq(&x, &y)?)),
        _ => Ok(bool_value(a[0].is(&a[1]))),
    }
}

fn weakref_hash(vm: &mut Vm, args: Args) -> PyResult {
    let w = args.values[0]
        .payload::<WeakRef>()
        .ok_or_else(|| exception::type_error("weakref expected"))?;
    if let Some(h) = w.hash.get() {
        return Ok(int::from_i64(h));
    }
    let r = referent(&args.values[0])
        .ok_or_else(|| exception::type_error("weak object has gone away"))?;
    let h = vm.hash(&r)?;
    w.hash.set(Some(h));
    Ok(int::from_i64(h))
}

fn weakref_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    Ok(str::from_string(match referent(me) {
        Some(r) => format!(
            "<weakref at {:#x}; to '{}' at {:#x}>",
            me.word(),
            r.ty().qualname(),
            r.word()
        ),
        None => format!("<weakref at {:#x}; dead>", me.word()),
    }))
}

fn get_callback(_vm: &mut Vm, this: &Value) -> PyResult {
    let w = this
        .payload::<WeakRef>()
        .ok_or_else(|| exception::type_error("weakref expected"))?;
    Ok(w.callback.borrow().clone().unwrap_or_else(none))
}

/// Number of weak references to `obj`.
pub fn weakref_count(obj: &Value) -> usize {
    with_list(obj, |l| l.len()).unwrap_or(0)
}

/// The weak references to `obj`.
pub fn weakrefs_of(obj: &Value) -> Vec<Value> {
    with_list(obj, |l| {
        l.iter()
            // SAFETY: listed weakrefs are alive.
            .map(|w| unsafe { Value::from_borrowed_raw(*w) })
            .collect()
    })
    .unwrap_or_default()
}

/// The referent of a proxy, or `ReferenceError` once it is gone.
fn proxy_target(me: &Value) -> PyResult {
    referent(me).ok_or_else(|| {
        crate::object::error::PyErr::new(
            &exception::REFERENCE_ERROR,
            "weakly-referenced object no longer exists",
        )
    })
}

fn proxy_getattribute(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getattribute__", 2, 2)?;
    let t = proxy_target(&a[0])?;
    vm.getattr_value(&t, &a[1])
}

fn proxy_setattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setattr__", 3, 3)?;
    let t = proxy_target(&a[0])?;
    vm.setattr_value(&t, &a[1], Some(a[2].clone()))?;
    Ok(none())
}

fn proxy_delattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__delattr__", 2, 2)?;
    let t = proxy_target(&a[0])?;
    vm.setattr_value(&t, &a[1], None)?;
    Ok(none())
}

fn proxy_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    Ok(str::from_string(match referent(me) {
        Some(r) => format!(
            "<weakproxy at {:#x}; to '{}' at {:#x}>",
            me.word(),
            r.ty().name(),
            r.word()
        ),
        None => format!("<weakproxy at {:#x}; dead>", me.word()),
    }))
}

fn proxy_str(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    Ok(str::from_string(vm.str_string(&t)?))
}

fn proxy_bool(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    Ok(bool_value(vm.truthy(&t)?))
}

fn proxy_len(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    Ok(int::from_usize(vm.len(&t)?))
}

fn proxy_iter(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    vm.iter(&t)
}

fn proxy_next(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    match vm.next(&t)? {
        Some(v) => Ok(v),
        None => Err(exception::PyErrExt::stop()),
    }
}

fn proxy_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getitem__", 2, 2)?;
    let t = proxy_target(&a[0])?;
    vm.getitem(&t, &a[1])
}

fn proxy_setitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setitem__", 3, 3)?;
    let t = proxy_target(&a[0])?;
    vm.setitem(&t, &a[1], a[2].clone())?;
    Ok(none())
}

fn proxy_delitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__delitem__", 2, 2)?;
    let t = proxy_target(&a[0])?;
    vm.delitem(&t, &a[1])?;
    Ok(none())
}

fn proxy_contains(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__contains__", 2, 2)?;
    let t = proxy_target(&a[0])?;
    Ok(bool_value(vm.contains(&t, &a[1])?))
}

fn proxy_call(vm: &mut Vm, args: Args) -> PyResult {
    let t = proxy_target(&args.values[0])?;
    vm.call_with(
        &t,
        Args {
            values: &args.values[1..],
            kwnames: args.kwnames,
        },
    )
}

fn proxy_hash(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(exception::type_error("unhashable type: 'weakproxy'"))
}

/// A proxy's operand: the referent when it is itself a proxy.
fn unwrap_proxy(v: &Value) -> PyResult {
    if std::ptr::eq(v.ty(), &PROXY_TYPE) || std::ptr::eq(v.ty(), &CALLABLE_PROXY_TYPE) {
        proxy_target(v)
    } else {
        Ok(v.clone())
    }
}

macro_rules! proxy_compare {
    ($name:ident, $op:ident) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let a = args.check_count("comparison", 2, 2)?;
            let x = proxy_target(&a[0])?;
            let y = unwrap_proxy(&a[1])?;
            vm.compare(&x, &y, crate::bytecode::opcodes::CompareOperator::$op)
        }
    };
}
proxy_compare!(proxy_eq, Eq);
proxy_compare!(proxy_ne, Ne);
proxy_compare!(proxy_lt, Lt);
proxy_compare!(proxy_le, Le);
proxy_compare!(proxy_gt, Gt);
proxy_compare!(proxy_ge, Ge);

macro_rules! proxy_methods {
    ($($extra:expr),*) => {
        methods![
            MethodDef::method("__getattribute__", proxy_getattribute),
            MethodDef::method("__setattr__", proxy_setattr),
            MethodDef::method("__delattr__", proxy_delattr),
            MethodDef::method("__repr__", proxy_repr),
            MethodDef::method("__str__", proxy_str),
            MethodDef::method("__bool__", proxy_bool),
            MethodDef::method("__len__", proxy_len),
            MethodDef::method("__iter__", proxy_iter),
            MethodDef::method("__next__", proxy_next),
            MethodDef::method("__getitem__", proxy_getitem),
            MethodDef::method("__setitem__", proxy_setitem),
            MethodDef::method("__delitem__", proxy_delitem),
            MethodDef::method("__contains__", proxy_contains),
            MethodDef::method("__hash__", proxy_hash),
            MethodDef::method("__eq__", proxy_eq),
            MethodDef::method("__ne__", proxy_ne),
            MethodDef::method("__lt__", proxy_lt),
            MethodDef::method("__le__", proxy_le),
            MethodDef::method("__gt__", proxy_gt),
            MethodDef::method("__ge__", proxy_ge),
            $($extra),*
        ]
    };
}

pub fn specs() -> Vec<TypeSpec> {
    *WEAKREF_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("weakref");
    vec![
        TypeSpec {
            ty: &PROXY_TYPE,
            methods: proxy_methods!(),
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &CALLABLE_PROXY_TYPE,
            methods: proxy_methods!(MethodDef::method("__call__", proxy_call)),
            getsets: getsets![],
            doc: None,
        },
        TypeSpec {
            ty: &WEAKREF_TYPE,
            methods: methods![
                MethodDef::static_("__new__", weakref_new),
                MethodDef::method("__init__", weakref_init),
                MethodDef::method("__call__", weakref_call),
                MethodDef::method("__eq__", weakref_eq),
                MethodDef::method("__hash__", weakref_hash),
                MethodDef::method("__repr__", weakref_repr),
            ],
            getsets: getsets![GetSetDef::readonly("__callback__", get_callback)],
            doc: None,
        },
    ]
}
