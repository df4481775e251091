//! `member_descriptor`: the descriptors a class's `__slots__` creates, one per slot name,
//! reading and writing the instance's slot cell (`Instance::slots`) at a fixed index; and the
//! read-only attributes of built-in types that CPython declares as members.

use super::native::{new_native, NativeData};
use super::typeobj::{Layout, TypeObject};
use super::types::{GetSetDef, OBJECT_TYPE};
use super::value::Value;
use super::*;

pub static MEMBER_DESCRIPTOR_TYPE: TypeObject =
    TypeObject::new_static("member_descriptor", Layout::Native, Some(&OBJECT_TYPE), 0);

pub struct Member {
    /// The slot's (mangled) name.
    pub name: Value,
    /// The class whose `__slots__` made it.
    pub owner: Value,
    pub kind: MemberKind,
}

pub enum MemberKind {
    /// Slot `i` of `Instance::slots`.
    Slot(usize),
    /// A built-in type's read-only attribute.
    Builtin(&'static GetSetDef),
}

impl NativeData for Member {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.owner);
    }
}

/// A descriptor for slot `index` named `name` of class `owner`.
pub fn new_member(name: Value, owner: Value, index: usize) -> Value {
    new_native(
        &MEMBER_DESCRIPTOR_TYPE,
        Member {
            name,
            owner,
            kind: MemberKind::Slot(index),
        },
    )
}

/// The descriptor of built-in type `owner`'s member attribute `def`.
pub fn new_builtin_member(def: &'static GetSetDef, owner: &TypeObject) -> Value {
    let v = new_native(
        &MEMBER_DESCRIPTOR_TYPE,
        Member {
            name: str::intern(def.name),
            owner: owner.to_value(),
            kind: MemberKind::Builtin(def),
        },
    );
    v.make_immortal();
    v
}
