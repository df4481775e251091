//! Python functions, built-in functions, and bound methods.

use std::cell::RefCell;

use super::typeobj::{Layout, TypeObject};
use super::types::{
    MethodDef, MethodKind, BUILTIN_FUNCTION_TYPE, FUNCTION_TYPE, METHOD_DESCRIPTOR_TYPE,
    METHOD_TYPE,
};
use super::value::{Payload, Value};
use crate::object::error::NativeFn;

/// A function defined in Python (`def` or `lambda`).
pub struct Function {
    /// `__code__` (assignable).
    pub code: RefCell<Value>,
    pub globals: Value,
    pub builtins: Value,
    pub name: RefCell<Value>,
    pub qualname: RefCell<Value>,
    /// Tuple of positional defaults, or None.
    pub defaults: RefCell<Option<Value>>,
    /// Dict of keyword-only defaults, or None.
    pub kwdefaults: RefCell<Option<Value>>,
    /// Tuple of cells for the code's free variables.
    pub closure: Option<Value>,
    /// `__dict__`, made when first asked for (most functions never have attributes);
    /// assignable.
    dict: RefCell<Option<Value>>,
    pub doc: RefCell<Value>,
    pub module: RefCell<Value>,
    pub annotations: RefCell<Option<Value>>,
}

impl Function {
    /// `__dict__` (made now if it does not exist yet).
    pub fn dict(&self) -> Value {
        self.dict
            .borrow_mut()
            .get_or_insert_with(super::dict::new_dict)
            .clone()
    }

    /// `__dict__` if it has been made.
    pub fn dict_if_made(&self) -> Option<std::cell::Ref<'_, Value>> {
        std::cell::Ref::filter_map(self.dict.borrow(), Option::as_ref).ok()
    }

    /// `f.__dict__ = d` (the caller has checked that `d` is a dict).
    pub fn set_dict(&self, d: Value) {
        let old = self.dict.borrow_mut().replace(d);
        drop(old);
    }
}

impl Payload for Function {
    const LAYOUT: Layout = Layout::Function;
}

/// A function or method implemented in Rust. Methods of built-in types live in type dicts with
/// `self_` None; binding happens on attribute access (or via LOAD_METHOD without allocating).
pub struct BuiltinFunction {
    pub name: &'static str,
    pub func: NativeFn,
    pub kind: MethodKind,
    /// The bound object (module for module functions), if any.
    pub self_: Option<Value>,
    /// The type whose dict holds this method (null for plain functions).
    pub owner: *const TypeObject,
}

impl BuiltinFunction {
    /// `__module__`: the name of the module a module function is bound to, `builtins` for
    /// other plain functions, None for methods of types.
    pub fn module(&self) -> Value {
        if !self.owner.is_null() {
            return super::types::none();
        }
        match self.self_.as_ref().and_then(super::module::dict_of) {
            Some(d) => super::dict::lookup_str(d, &super::str::intern_static("__name__"))
                .unwrap_or_else(super::types::none),
            None => super::str::new_str("builtins"),
        }
    }

    /// The type a method belongs to (None for a module-level function).
    pub fn owner_type(&self) -> Option<&TypeObject> {
        // SAFETY: owners are static types or heap types that hold their methods, so they
        // outlive them.
        (!self.owner.is_null()).then(|| unsafe { &*self.owner })
    }
}

/// The special methods CPython implements as type slots: their descriptors are
/// `wrapper_descriptor`s, whose argument errors read differently from a `method_descriptor`'s.
const SLOT_WRAPPER_NAMES: &[&str] = &[
    "__getattribute__",
    "__getattr__",
    "__setattr__",
    "__delattr__",
    "__repr__",
    "__hash__",
    "__call__",
    "__str__",
    "__lt__",
    "__le__",
    "__eq__",
    "__ne__",
    "__gt__",
    "__ge__",
    "__iter__",
    "__next__",
    "__get__",
    "__set__",
    "__delete__",
    "__init__",
    "__del__",
    "__await__",
    "__aiter__",
    "__anext__",
    "__add__",
    "__radd__",
    "__sub__",
    "__rsub__",
    "__mul__",
    "__rmul__",
    "__mod__",
    "__rmod__",
    "__divmod__",
    "__rdivmod__",
    "__pow__",
    "__rpow__",
    "__neg__",
    "__pos__",
    "__abs__",
    "__bool__",
    "__invert__",
    "__lshift__",
    "__rlshift__",
    "__rshift__",
    "__rrshift__",
    "__and__",
    "__rand__",
    "__xor__",
    "__rxor__",
    "__or__",
    "__ror__",
    "__int__",
    "__float__",
    "__iadd__",
    "__isub__",
    "__imul__",
    "__imod__",
    "__ipow__",
    "__ilshift__",
    "__irshift__",
    "__iand__",
    "__ixor__",
    "__ior__",
    "__floordiv__",
    "__rfloordiv__",
    "__truediv__",
    "__rtruediv__",
    "__ifloordiv__",
    "__itruediv__",
    "__index__",
    "__matmul__",
    "__rmatmul__",
    "__imatmul__",
    "__len__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
];

impl BuiltinFunction {
    /// Whether CPython would show this unbound method as a `wrapper_descriptor` (a slot).
    pub fn is_slot_wrapper(&self) -> bool {
        self.kind == MethodKind::Method
            && self.self_.is_none()
            && !self.owner.is_null()
            && SLOT_WRAPPER_NAMES.contains(&self.name)
    }
}

impl Payload for BuiltinFunction {
    const LAYOUT: Layout = Layout::BuiltinFunction;
}

/// A function bound to an object (`obj.method`).
pub struct BoundMethod {
    pub func: Value,
    pub self_: Value,
}

impl Payload for BoundMethod {
    const LAYOUT: Layout = Layout::BoundMethod;
}

/// A built-in method of a type (stored in the type's dict).
pub fn new_builtin_method(def: &'static MethodDef, owner: &TypeObject) -> Value {
    // Static methods (`int.__new__`, `str.maketrans`) are plain built-in functions in CPython,
    // not method descriptors.
    let ty = if def.kind == MethodKind::Static {
        &BUILTIN_FUNCTION_TYPE
    } else {
        &METHOD_DESCRIPTOR_TYPE
    };
    let f = super::alloc::alloc(
        ty,
        BuiltinFunction {
            name: def.name,
            func: def.func,
            kind: def.kind,
            self_: None,
            owner,
        },
    );
    crate::memory::gc::untrack_for_good(&f);
    f
}

/// A free-standing built-in function (optionally bound to a module or object).
pub fn new_builtin_function(name: &'static str, func: NativeFn, self_: Option<Value>) -> Value {
    let unbound = self_.is_none();
    let f = super::alloc::alloc(
        &BUILTIN_FUNCTION_TYPE,
        BuiltinFunction {
            name,
            func,
            kind: MethodKind::Static,
            self_,
            owner: std::ptr::null(),
        },
    );
    if unbound {
        crate::memory::gc::untrack_for_good(&f);
    }
    f
}

/// A built-in method bound to `self_` (`[].append`).
pub fn bind_builtin(f: &BuiltinFunction, self_: Value) -> Value {
    super::alloc::alloc(
        &BUILTIN_FUNCTION_TYPE,
        BuiltinFunction {
            name: f.name,
            func: f.func,
            kind: MethodKind::Method,
            self_: Some(self_),
            owner: f.owner,
        },
    )
}

pub fn new_bound_method(func: Value, self_: Value) -> Value {
    super::alloc::alloc(&METHOD_TYPE, BoundMethod { func, self_ })
}

pub fn new_function(code: Value, globals: Value, builtins: Value, closure: Option<Value>) -> Value {
    let (name, qualname, doc) = {
        let c = code
            .payload_exact::<super::code::Code>()
            .expect("code object");
        (c.name.clone(), c.qualname.clone(), c.doc.clone())
    };
    let module = super::dict::lookup_str(&globals, &super::str::intern_static("__name__"))
        .unwrap_or_else(super::types::none);
    super::alloc::alloc(
        &FUNCTION_TYPE,
        Function {
            code: RefCell::new(code),
            globals,
            builtins,
            name: RefCell::new(name),
            qualname: RefCell::new(qualname),
            defaults: RefCell::new(None),
            kwdefaults: RefCell::new(None),
            closure,
            dict: RefCell::new(None),
            doc: RefCell::new(doc),
            module: RefCell::new(module),
            annotations: RefCell::new(None),
        },
    )
}

/// The class a built-in classmethod descriptor (`dict.__dict__['fromkeys']`) is bound to must
/// be a subclass of its owner (CPython's `classmethod_get` checks).
pub fn check_classmethod_target(
    b: &BuiltinFunction,
    owner: &TypeObject,
    cls: &Value,
) -> crate::object::error::PyResult<()> {
    use crate::object::exception::type_error;
    let Some(t) = cls.as_type() else {
        return Err(type_error(format!(
            "descriptor '{}' for type '{}' needs a type, not a '{}' as arg 2",
            b.name,
            owner.name(),
            cls.ty().name()
        )));
    };
    if !t.is_subtype(owner) {
        return Err(type_error(format!(
            "descriptor '{}' requires a subtype of '{}' but received '{}'",
            b.name,
            owner.name(),
            t.name()
        )));
    }
    Ok(())
}
