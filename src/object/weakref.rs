//! Weak references (`weakref.ref`). Instances of Python classes keep a list of the weakrefs
//! that point at them; when an instance is freed each weakref is cleared and its callback is
//! queued for the next instruction boundary.

use std::cell::{Cell, RefCell};

use super::instance::Instance;
use super::typeobj::flags::BASETYPE;
use super::typeobj::{Layout, TypeObject};
use super::types::{
    bool_value, none, not_implemented, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE,
};
use super::value::{Payload, Value};
use super::*;
use crate::vm::{Args, PyResult, Vm};

pub static WEAKREF_TYPE: TypeObject =
    TypeObject::new_static("weakref", Layout::WeakRef, Some(&OBJECT_TYPE), BASETYPE);

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
            // SAFETY: a non-zero referent is a live Instance (cleared before it is freed).
            let target = std::mem::ManuallyDrop::new(unsafe { Value::from_raw(r) });
            if let Some(inst) = target.payload_exact::<Instance>() {
                let me = self as *const WeakRef as usize;
                inst.weakrefs
                    .borrow_mut()
                    .retain(|w| payload_addr(*w) != me);
            }
        }
    }
}

/// Address of the WeakRef payload of a weakref object word.
fn payload_addr(word: usize) -> usize {
    // SAFETY: words in an instance's weakref list are live weakref objects.
    let v = std::mem::ManuallyDrop::new(unsafe { Value::from_raw(word) });
    v.payload_exact::<WeakRef>()
        .map(|w| w as *const WeakRef as usize)
        .unwrap_or(0)
}

thread_local! {
    static PENDING_CALLBACKS: RefCell<Vec<(Value, Value)>> = const { RefCell::new(Vec::new()) };
}

/// Clears the weakrefs to an instance being freed, queueing their callbacks.
pub fn clear_weakrefs(inst: &Instance) {
    let refs = std::mem::take(&mut *inst.weakrefs.borrow_mut());
    for w in refs {
        // SAFETY: listed weakrefs are alive (they unlist themselves when freed).
        let wv = unsafe { Value::from_borrowed_raw(w) };
        if let Some(p) = wv.payload_exact::<WeakRef>() {
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

/// `weakref.ref(obj, callback=None)`.
fn weakref_new(_vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    if pos.len() < 2 || pos.len() > 3 {
        return Err(exception::type_error(format!(
            "__new__ expected at most 2 arguments, got {}",
            pos.len().saturating_sub(1)
        )));
    }
    let obj = &pos[1];
    let Some(inst) = obj.payload_exact::<Instance>() else {
        return Err(exception::type_error(format!(
            "cannot create weak reference to '{}' object",
            obj.ty().name()
        )));
    };
    let callback = pos.get(2).cloned().filter(|c| !c.is_none());
    let w = super::alloc::alloc(
        &WEAKREF_TYPE,
        WeakRef {
            referent: Cell::new(obj.word()),
            callback: RefCell::new(callback),
            hash: Cell::new(None),
        },
    );
    inst.weakrefs.borrow_mut().push(w.word());
    Ok(w)
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
    obj.payload_exact::<Instance>()
        .map(|i| i.weakrefs.borrow().len())
        .unwrap_or(0)
}

/// The weak references to `obj`.
pub fn weakrefs_of(obj: &Value) -> Vec<Value> {
    match obj.payload_exact::<Instance>() {
        // SAFETY: listed weakrefs are alive.
        Some(i) => i
            .weakrefs
            .borrow()
            .iter()
            .map(|w| unsafe { Value::from_borrowed_raw(*w) })
            .collect(),
        None => Vec::new(),
    }
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &WEAKREF_TYPE,
        methods: methods![
            MethodDef::static_("__new__", weakref_new),
            MethodDef::method("__call__", weakref_call),
            MethodDef::method("__eq__", weakref_eq),
            MethodDef::method("__hash__", weakref_hash),
            MethodDef::method("__repr__", weakref_repr),
        ],
        getsets: getsets![GetSetDef::readonly("__callback__", get_callback)],
        doc: None,
    }]
}
