//! Native objects: the one layout behind types that native modules define.
//!
//! A native type is a Rust struct that implements `NativeData` (what it holds, and how the
//! cycle collector traverses and clears it) plus a `static TypeObject` with `Layout::Native`
//! and a `TypeSpec` that its module installs with `install_native_type` when it is first
//! imported. Nothing else is edited to add one: allocation, deallocation, and the collector's
//! traversal and clearing all go through this trait.

use std::any::Any;

use super::typeobj::{Layout, TypeObject};
use super::types::TypeSpec;
use super::value::{Payload, Value};

/// The state of a native object.
pub trait NativeData: Any {
    /// Calls `visit` on every object reference held (CPython's `tp_traverse`). Objects that
    /// hold no references, or only ones that cannot form cycles, keep the default.
    fn traverse(&self, _visit: &mut dyn FnMut(&Value)) {}

    /// Moves out the references that can be dropped to break a cycle (`tp_clear`); the
    /// collector releases them after every object in the cycle has been cleared.
    fn clear(&self, _out: &mut Vec<Value>) {}
}

/// The payload of `Layout::Native` objects.
pub struct NativeObject(pub Box<dyn NativeData>);

impl Payload for NativeObject {
    const LAYOUT: Layout = Layout::Native;
}

/// A new object of native type `ty` holding `data`. For a Python subclass of a native type
/// (`ty` is a class statement's type), the object is an instance of `ty` that wraps a value of
/// its native base holding `data`, which `native_ref` finds.
pub fn new_native<T: NativeData>(ty: &TypeObject, data: T) -> Value {
    if ty.layout == Layout::Native {
        return super::alloc::alloc(ty, NativeObject(Box::new(data)));
    }
    let base = ty.builtin_base.get();
    assert!(
        !base.is_null(),
        "new_native: {} has no native base",
        ty.name()
    );
    // SAFETY: `builtin_base` of a class deriving from a native type points at that static
    // native type (set when the class was created; static types are never freed).
    let base = unsafe { &*base };
    let inner = super::alloc::alloc(base, NativeObject(Box::new(data)));
    super::instance::new_instance(ty, Some(inner))
}

/// The `T` held by `v` (or by the built-in value of an instance of a subclass).
pub fn native_ref<T: NativeData>(v: &Value) -> Option<&T> {
    let obj = v.payload::<NativeObject>()?;
    let data: &dyn Any = &*obj.0;
    data.downcast_ref::<T>()
}

/// Installs a native type's methods and attributes; idempotent (the first call wins).
pub fn install_native_type(spec: &TypeSpec) {
    super::types::install_late_spec(spec);
}
