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
    /// `__dict__`, made when first asked for (most functions never have attributes).
    dict: std::cell::OnceCell<Value>,
    pub doc: RefCell<Value>,
    pub module: RefCell<Value>,
    pub annotations: RefCell<Option<Value>>,
}

impl Function {
    /// `__dict__` (made now if it does not exist yet).
    pub fn dict(&self) -> Value {
        self.dict.get_or_init(super::dict::new_dict).clone()
    }

    /// `__dict__` if it has been made.
    pub fn dict_if_made(&self) -> Option<&Value> {
        self.dict.get()
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
    /// The type a method belongs to (None for a module-level function).
    pub fn owner_type(&self) -> Option<&TypeObject> {
        // SAFETY: owners are static types or heap types that hold their methods, so they
        // outlive them.
        (!self.owner.is_null()).then(|| unsafe { &*self.owner })
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
            dict: std::cell::OnceCell::new(),
            doc: RefCell::new(doc),
            module: RefCell::new(module),
            annotations: RefCell::new(None),
        },
    )
}
