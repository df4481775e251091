//! Weak references (`_weakref.ref` and the proxies). Weakly referenceable objects (instances,
//! types, functions, methods, sets, code, modules, generators) have their lists of the weakrefs
//! that point at them in a side table keyed by address (an instance carries a flag saying it
//! has one, so freeing the others costs no probe). When a referent is freed each weakref is
//! cleared and its callback is queued for the next instruction boundary.

use std::cell::{Cell, RefCell};

use super::instance::Instance;
use super::typeobj::flags::BASETYPE;
use super::typeobj::{Layout, TypeObject};
use super::types::OBJECT_TYPE;
use super::value::{Payload, Value};
use super::*;
use crate::object::error::PyResult;

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
    pub callback: RefCell<Option<Value>>,
    pub hash: Cell<Option<i64>>,
}

impl Payload for WeakRef {
    const LAYOUT: Layout = Layout::WeakRef;
}

impl Drop for WeakRef {
    fn drop(&mut self) {
        let r = self.referent.get();
        if r != 0 {
            let me = self as *const WeakRef as usize;
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
    /// Weakref lists, by the referent's address.
    static SIDE_TABLE: RefCell<rustc_hash::FxHashMap<usize, Vec<usize>>> =
        RefCell::new(rustc_hash::FxHashMap::default());
    /// One bit per bucket of addresses, set for the address of every object a weakref was
    /// ever made to: freeing an object whose bit is clear needs no look in `SIDE_TABLE`
    /// (programs free generators, functions and sets by the million while the objects
    /// weakly referenced, classes and modules mostly, are a few thousand). Never cleared: a
    /// stale bit only costs the look.
    static SIDE_FILTER: [Cell<u64>; FILTER_WORDS] = const { [const { Cell::new(0) }; FILTER_WORDS] };
}

/// Words of `SIDE_FILTER` (64 Ki bits).
const FILTER_WORDS: usize = 1024;

/// The word of `SIDE_FILTER` and the bit in it for the object at `addr` (blocks are 16-byte
/// aligned: the low bits say nothing).
#[inline(always)]
fn filter_bit(addr: usize) -> (usize, u64) {
    let h = (addr >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48;
    ((h / 64) % FILTER_WORDS, 1u64 << (h % 64))
}

/// Whether a weakref may ever have been made to the object at `addr`.
#[inline(always)]
fn maybe_referenced(addr: usize) -> bool {
    let (word, bit) = filter_bit(addr);
    SIDE_FILTER
        .try_with(|f| f[word].get() & bit != 0)
        .unwrap_or(true)
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

/// Clears the weakrefs to an object being freed (at `word`), queueing their callbacks. Cheap
/// when nothing is weakly referenced.
pub fn clear_side_weakrefs(word: usize) {
    if !maybe_referenced(word) {
        return;
    }
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

/// Clears the weakrefs to an instance being freed (at `word`), queueing their callbacks.
pub fn clear_weakrefs(inst: &Instance, word: usize) {
    if inst.weakly_referenced() {
        clear_side_weakrefs(word);
    }
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
        inst.set_weakly_referenced();
    }
    let (word, bit) = filter_bit(obj.word());
    let _ = SIDE_FILTER.try_with(|f| f[word].set(f[word].get() | bit));
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

pub fn cannot_reference(obj: &Value) -> crate::object::error::PyErr {
    exception::type_error(format!(
        "cannot create weak reference to '{}' object",
        obj.ty().name()
    ))
}

/// A new weak reference of type `ty` (ref, a subclass of ref, or a proxy type) to `obj`.
/// A plain `ref(obj)` without callback is shared, as in CPython.
pub fn new_weakref(ty: &TypeObject, obj: &Value, callback: Option<Value>) -> PyResult {
    if !obj.is_small_int() && obj.ty().has_flag(super::typeobj::flags::NO_WEAKREF) {
        return Err(cannot_reference(obj));
    }
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
