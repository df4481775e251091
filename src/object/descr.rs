//! Descriptors: property, classmethod, staticmethod, getset descriptors, super objects and
//! mapping proxies.

use std::cell::RefCell;

use super::typeobj::{Layout, TypeObject};
use super::types::{GetSetDef, GETSET_TYPE, MAPPINGPROXY_TYPE};
use super::value::{Payload, Value};

pub struct Property {
    pub fget: RefCell<Option<Value>>,
    pub fset: RefCell<Option<Value>>,
    pub fdel: RefCell<Option<Value>>,
    pub doc: RefCell<Option<Value>>,
}

impl Payload for Property {
    const LAYOUT: Layout = Layout::Property;
}

pub struct ClassMethod(pub RefCell<Value>);

impl Payload for ClassMethod {
    const LAYOUT: Layout = Layout::ClassMethod;
}

pub struct StaticMethod(pub RefCell<Value>);

impl Payload for StaticMethod {
    const LAYOUT: Layout = Layout::StaticMethod;
}

/// `super(type, obj)`: attribute lookup starts after `ty` in `type(obj)`'s MRO.
pub struct Super {
    pub ty: Value,
    pub obj: Option<Value>,
    pub obj_type: Option<Value>,
}

impl Payload for Super {
    const LAYOUT: Layout = Layout::Super;
}

/// A computed attribute of a built-in type.
pub struct GetSet {
    pub def: &'static GetSetDef,
    pub owner: *const TypeObject,
}

impl GetSet {
    /// The type the attribute belongs to.
    pub fn owner_type(&self) -> &TypeObject {
        // SAFETY: owners are static types or heap types that hold their descriptors, so they
        // outlive them.
        unsafe { &*self.owner }
    }
}

impl Payload for GetSet {
    const LAYOUT: Layout = Layout::GetSetDescriptor;
}

/// A read-only view of a type's dict.
pub struct MappingProxy(pub Value);

impl Payload for MappingProxy {
    const LAYOUT: Layout = Layout::MappingProxy;
}

pub fn new_getset(def: &'static GetSetDef, owner: &TypeObject) -> Value {
    super::alloc::alloc(&GETSET_TYPE, GetSet { def, owner })
}

pub fn new_mappingproxy(d: Value) -> Value {
    super::alloc::alloc(&MAPPINGPROXY_TYPE, MappingProxy(d))
}
