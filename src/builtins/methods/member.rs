//! The methods of `member_descriptor`: reading, writing and deleting a slot through it.

use crate::object::error::{Args, PyResult};
use crate::object::exception::{attribute_error, type_error};
use crate::object::instance::Instance;
use crate::object::member::{Member, MemberKind, MEMBER_DESCRIPTOR_TYPE};
use crate::object::native::native_ref;
use crate::object::types::{none, GetSetDef, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn member_of(v: &Value) -> PyResult<&Member> {
    native_ref::<Member>(v).ok_or_else(|| type_error("member_descriptor expected"))
}

impl Member {
    fn name(&self) -> &str {
        str::as_str(&self.name).unwrap_or("?")
    }

    fn owner_name(&self) -> String {
        self.owner.as_type().map(|t| t.name()).unwrap_or_default()
    }

    /// The slots of `obj`, which must be an instance of the owner.
    fn slots_of<'a>(&self, obj: &'a Value) -> PyResult<&'a Instance> {
        let owner = self.owner.as_type().expect("member owner is a type");
        if !obj.ty().is_subtype(owner) {
            return Err(type_error(format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                self.name(),
                self.owner_name(),
                obj.ty().name()
            )));
        }
        obj.payload_exact::<Instance>()
            .ok_or_else(|| type_error("member descriptor on an object without slots"))
    }
}

/// The slot index of a `__slots__` member, or the error for a built-in's read-only one.
fn slot_index(m: &Member) -> PyResult<usize> {
    match m.kind {
        MemberKind::Slot(i) => Ok(i),
        MemberKind::Builtin(_) => Err(attribute_error("readonly attribute")),
    }
}

fn member_get(vm: &mut Vm, args: Args) -> PyResult {
    let (this, obj, _) = super::descr::descr_get_args(args)?;
    let m = member_of(this)?;
    let Some(obj) = obj else {
        return Ok(this.clone());
    };
    if let MemberKind::Builtin(def) = m.kind {
        let owner = m.owner.as_type().expect("member owner is a type");
        if !obj.ty().is_subtype(owner) {
            return Err(type_error(format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                m.name(),
                m.owner_name(),
                obj.ty().name()
            )));
        }
        return (def.get)(vm, obj);
    }
    let index = slot_index(m)?;
    m.slots_of(obj)?.slot(index).ok_or_else(|| {
        attribute_error(format!(
            "'{}' object has no attribute '{}'",
            m.owner_name(),
            m.name()
        ))
    })
}

fn member_set(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__set__", 3, 3)?;
    let m = member_of(&a[0])?;
    let index = slot_index(m)?;
    m.slots_of(&a[1])?.set_slot(index, Some(a[2].clone()));
    Ok(none())
}

fn member_delete(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__delete__", 2, 2)?;
    let m = member_of(&a[0])?;
    let index = slot_index(m)?;
    match m.slots_of(&a[1])?.set_slot(index, None) {
        Some(_) => Ok(none()),
        None => Err(attribute_error(m.name().to_string())),
    }
}

fn member_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let m = member_of(&args.values[0])?;
    Ok(str::from_string(format!(
        "<member '{}' of '{}' objects>",
        m.name(),
        m.owner_name()
    )))
}

fn get_name(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(member_of(this)?.name.clone())
}

fn get_qualname(_vm: &mut Vm, this: &Value) -> PyResult {
    let m = member_of(this)?;
    let owner = m.owner.as_type().map(|t| t.qualname()).unwrap_or_default();
    Ok(str::from_string(format!("{owner}.{}", m.name())))
}

fn get_objclass(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(member_of(this)?.owner.clone())
}

fn get_doc(_vm: &mut Vm, this: &Value) -> PyResult {
    member_of(this)?;
    Ok(none())
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &MEMBER_DESCRIPTOR_TYPE,
        methods: methods![
            MethodDef::method("__get__", member_get),
            MethodDef::method("__set__", member_set),
            MethodDef::method("__delete__", member_delete),
            MethodDef::method("__repr__", member_repr),
        ],
        getsets: getsets![
            GetSetDef::readonly("__name__", get_name),
            GetSetDef::readonly("__qualname__", get_qualname),
            GetSetDef::readonly("__objclass__", get_objclass),
            GetSetDef::readonly("__doc__", get_doc),
        ],
        doc: None,
    }]
}
