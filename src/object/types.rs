//! The static built-in type objects and singletons, and their start-up initialization.

use std::sync::Once;

use super::typeobj::flags::{BASETYPE, MAPPING, SEQUENCE};
use super::typeobj::{Layout, TypeObject};
use super::value::{Header, Value, IMMORTAL_COUNT};
use super::*;

macro_rules! static_types {
    ($( $(#[$doc:meta])* $ident:ident = ($name:expr, $layout:ident, $base:expr, $flags:expr); )*) => {
        $( $(#[$doc])* pub static $ident: TypeObject =
            TypeObject::new_static($name, Layout::$layout, $base, $flags); )*

        /// The core built-in types, bases before subclasses.
        pub fn core_types() -> Vec<&'static TypeObject> {
            vec![$(&$ident),*]
        }
    };
}

static_types! {
    OBJECT_TYPE = ("object", Object, None, BASETYPE);
    TYPE_TYPE = ("type", Type, Some(&OBJECT_TYPE), BASETYPE);
    NONE_TYPE = ("NoneType", NoneType, Some(&OBJECT_TYPE), 0);
    NOTIMPLEMENTED_TYPE = ("NotImplementedType", NotImplemented, Some(&OBJECT_TYPE), 0);
    ELLIPSIS_TYPE = ("ellipsis", Ellipsis, Some(&OBJECT_TYPE), 0);
    INT_TYPE = ("int", Int, Some(&OBJECT_TYPE), BASETYPE);
    BOOL_TYPE = ("bool", Int, Some(&INT_TYPE), 0);
    FLOAT_TYPE = ("float", Float, Some(&OBJECT_TYPE), BASETYPE);
    COMPLEX_TYPE = ("complex", Complex, Some(&OBJECT_TYPE), BASETYPE);
    STR_TYPE = ("str", Str, Some(&OBJECT_TYPE), BASETYPE);
    BYTES_TYPE = ("bytes", Bytes, Some(&OBJECT_TYPE), BASETYPE);
    BYTEARRAY_TYPE = ("bytearray", ByteArray, Some(&OBJECT_TYPE), BASETYPE);
    LIST_TYPE = ("list", List, Some(&OBJECT_TYPE), BASETYPE | SEQUENCE);
    TUPLE_TYPE = ("tuple", Tuple, Some(&OBJECT_TYPE), BASETYPE | SEQUENCE);
    DICT_TYPE = ("dict", Dict, Some(&OBJECT_TYPE), BASETYPE | MAPPING);
    SET_TYPE = ("set", Set, Some(&OBJECT_TYPE), BASETYPE);
    FROZENSET_TYPE = ("frozenset", Set, Some(&OBJECT_TYPE), BASETYPE);
    RANGE_TYPE = ("range", Range, Some(&OBJECT_TYPE), SEQUENCE);
    SLICE_TYPE = ("slice", Slice, Some(&OBJECT_TYPE), 0);
    FUNCTION_TYPE = ("function", Function, Some(&OBJECT_TYPE), 0);
    BUILTIN_FUNCTION_TYPE = ("builtin_function_or_method", BuiltinFunction, Some(&OBJECT_TYPE), 0);
    METHOD_TYPE = ("method", BoundMethod, Some(&OBJECT_TYPE), super::typeobj::flags::CUSTOM_GETATTR);
    METHOD_DESCRIPTOR_TYPE = ("method_descriptor", BuiltinFunction, Some(&OBJECT_TYPE), 0);
    CODE_TYPE = ("code", Code, Some(&OBJECT_TYPE), 0);
    CELL_TYPE = ("cell", Cell, Some(&OBJECT_TYPE), 0);
    MODULE_TYPE = ("module", Module, Some(&OBJECT_TYPE), BASETYPE);
    GENERATOR_TYPE = ("generator", Generator, Some(&OBJECT_TYPE), 0);
    FRAME_TYPE = ("frame", Frame, Some(&OBJECT_TYPE), 0);
    TRACEBACK_TYPE = ("traceback", Traceback, Some(&OBJECT_TYPE), 0);
    LIST_ITER_TYPE = ("list_iterator", ListIter, Some(&OBJECT_TYPE), 0);
    TUPLE_ITER_TYPE = ("tuple_iterator", TupleIter, Some(&OBJECT_TYPE), 0);
    RANGE_ITER_TYPE = ("range_iterator", RangeIter, Some(&OBJECT_TYPE), 0);
    PROPERTY_TYPE = ("property", Property, Some(&OBJECT_TYPE), BASETYPE);
    CLASSMETHOD_TYPE = ("classmethod", ClassMethod, Some(&OBJECT_TYPE), BASETYPE);
    STATICMETHOD_TYPE = ("staticmethod", StaticMethod, Some(&OBJECT_TYPE), BASETYPE);
    SUPER_TYPE = ("super", Super, Some(&OBJECT_TYPE), BASETYPE);
    GETSET_TYPE = ("getset_descriptor", GetSetDescriptor, Some(&OBJECT_TYPE), 0);
    MAPPINGPROXY_TYPE = ("mappingproxy", MappingProxy, Some(&OBJECT_TYPE), MAPPING);
}

/// A statically allocated object with no payload (`None`, `NotImplemented`, `Ellipsis`).
#[repr(C)]
pub struct StaticObject {
    header: Header,
}

// SAFETY: immortal and never mutated after construction.
unsafe impl Sync for StaticObject {}

impl StaticObject {
    const fn new(ty: &'static TypeObject) -> StaticObject {
        StaticObject {
            header: Header {
                refcnt: std::cell::Cell::new(IMMORTAL_COUNT),
                ty: std::cell::Cell::new(ty as *const TypeObject),
            },
        }
    }

    #[inline(always)]
    pub fn value(&'static self) -> Value {
        // SAFETY: static, immortal, starts with a header; dropping an immortal value is a no-op.
        unsafe { Value::from_raw(self as *const StaticObject as usize) }
    }

    #[inline(always)]
    pub fn word(&'static self) -> usize {
        self as *const StaticObject as usize
    }
}

pub static NONE: StaticObject = StaticObject::new(&NONE_TYPE);
pub static NOT_IMPLEMENTED: StaticObject = StaticObject::new(&NOTIMPLEMENTED_TYPE);
pub static ELLIPSIS: StaticObject = StaticObject::new(&ELLIPSIS_TYPE);

/// The call sentinel `NULL` pushed by `PUSH_NULL`; never visible to Python code.
pub static NULL_TYPE: TypeObject = TypeObject::new_static("NULL", Layout::NoneType, None, 0);
pub static NULL: StaticObject = StaticObject::new(&NULL_TYPE);

static INIT: Once = Once::new();
static mut TRUE_WORD: usize = 0;
static mut FALSE_WORD: usize = 0;

#[inline(always)]
pub fn none() -> Value {
    NONE.value()
}

#[inline(always)]
pub fn not_implemented() -> Value {
    NOT_IMPLEMENTED.value()
}

#[inline(always)]
pub fn null() -> Value {
    NULL.value()
}

#[inline(always)]
pub fn bool_value(b: bool) -> Value {
    // SAFETY: written once under INIT before any Python code runs; immortal objects.
    unsafe { Value::from_raw(if b { TRUE_WORD } else { FALSE_WORD }) }
}

#[inline(always)]
pub fn true_word() -> usize {
    // SAFETY: see `bool_value`.
    unsafe { TRUE_WORD }
}

#[inline(always)]
pub fn false_word() -> usize {
    // SAFETY: see `bool_value`.
    unsafe { FALSE_WORD }
}

impl Value {
    #[inline(always)]
    pub fn is_none(&self) -> bool {
        self.word() == NONE.word()
    }

    #[inline(always)]
    pub fn is_null(&self) -> bool {
        self.word() == NULL.word()
    }

    #[inline(always)]
    pub fn is_true(&self) -> bool {
        self.word() == true_word()
    }

    #[inline(always)]
    pub fn is_false(&self) -> bool {
        self.word() == false_word()
    }
}

/// Initializes every static type (MRO, dict, methods) and the bool singletons, with the
/// methods `specs` gives (the layer above supplies them: `builtins::methods::init_types`).
/// Idempotent.
pub fn init(specs: fn() -> Vec<TypeSpec>) {
    INIT.call_once(|| {
        let t = int::new_bool_object(true);
        let f = int::new_bool_object(false);
        t.make_immortal();
        f.make_immortal();
        // SAFETY: single initialization under `Once`, before any reader.
        unsafe {
            TRUE_WORD = t.into_raw();
            FALSE_WORD = f.into_raw();
        }
        let specs = specs();
        let mut seen: Vec<*const TypeObject> = Vec::new();
        let mut order: Vec<&'static TypeObject> = core_types();
        for s in &specs {
            order.push(s.ty);
        }
        for ty in order {
            if seen.contains(&(ty as *const TypeObject)) {
                continue;
            }
            seen.push(ty);
            init_static_type(ty);
        }
        // ExceptionGroup derives from both BaseExceptionGroup and Exception.
        {
            use super::exception::{BASE_EXCEPTION_GROUP, EXCEPTION, EXCEPTION_GROUP};
            EXCEPTION_GROUP
                .bases
                .borrow_mut()
                .push(EXCEPTION.to_value());
            let mut mro = vec![EXCEPTION_GROUP.to_value(), BASE_EXCEPTION_GROUP.to_value()];
            mro.extend(EXCEPTION.mro.borrow().iter().cloned());
            *EXCEPTION_GROUP.mro.borrow_mut() = mro;
        }
        for s in &specs {
            install_spec(s);
        }
    });
}

/// Marks static types unhashable (`__hash__` None in their dicts, as in CPython for mutable
/// containers).
pub fn set_unhashable(types: &[&'static TypeObject]) {
    for ty in types {
        dict::set_str(&ty.dict_value(), &str::intern_static("__hash__"), none());
    }
}

fn init_static_type(ty: &'static TypeObject) {
    let base = ty.static_base;
    if let Some(b) = base {
        if b.mro.borrow().is_empty() {
            init_static_type(b);
        }
        ty.base.set(b);
        ty.bases.borrow_mut().push(b.to_value());
    }
    let mut mro = vec![ty.to_value()];
    if let Some(b) = base {
        mro.extend(b.mro.borrow().iter().cloned());
    }
    *ty.mro.borrow_mut() = mro;
    if ty.dict.borrow().is_none() {
        let d = dict::new_dict();
        d.make_immortal();
        *ty.dict.borrow_mut() = Some(d);
    }
    if ty.layout != Layout::Object && ty.layout != Layout::Instance {
        ty.builtin_base.set(ty);
    }
}

fn install_spec(spec: &TypeSpec) {
    let ty = spec.ty;
    let d = ty.dict_value();
    for m in spec.methods {
        let f = function::new_builtin_method(m, ty);
        f.make_immortal();
        let key = str::intern(m.name);
        dict::set_str(&d, &key, f);
    }
    for g in spec.getsets {
        let v = if g.member {
            crate::object::member::new_builtin_member(g, ty)
        } else {
            descr::new_getset(g, ty)
        };
        v.make_immortal();
        let key = str::intern(g.name);
        dict::set_str(&d, &key, v);
    }
    if let Some(doc) = spec.doc {
        let v = str::new_str(doc);
        v.make_immortal();
        dict::set_str(&d, &str::intern_static("__doc__"), v);
    }
}

/// Initializes a static type that a native module defines, on the module's first import
/// (after `init`, which every VM runs first).
pub fn install_late_spec(spec: &TypeSpec) {
    if spec.ty.mro.borrow().is_empty() {
        init_static_type(spec.ty);
        install_spec(spec);
    }
}

/// A static type's methods and attributes, registered at start-up.
pub struct TypeSpec {
    pub ty: &'static TypeObject,
    pub methods: &'static [MethodDef],
    pub getsets: &'static [GetSetDef],
    pub doc: Option<&'static str>,
}

/// How a built-in method binds.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum MethodKind {
    /// Bound to the instance: `args[0]` is self.
    Method,
    /// Bound to the class: `args[0]` is the class.
    Class,
    /// Not bound (`__new__` takes the class explicitly as `args[0]`).
    Static,
}

/// A built-in method: name, Rust function, binding.
#[derive(Clone, Copy)]
pub struct MethodDef {
    pub name: &'static str,
    pub func: crate::object::error::NativeFn,
    pub kind: MethodKind,
}

impl MethodDef {
    pub const fn method(name: &'static str, func: crate::object::error::NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            kind: MethodKind::Method,
        }
    }
    pub const fn class(name: &'static str, func: crate::object::error::NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            kind: MethodKind::Class,
        }
    }
    pub const fn static_(name: &'static str, func: crate::object::error::NativeFn) -> MethodDef {
        MethodDef {
            name,
            func,
            kind: MethodKind::Static,
        }
    }
}

/// Getter of a computed attribute.
pub type Getter = fn(&mut crate::vm::Vm, &Value) -> crate::object::error::PyResult;
/// Setter of a computed attribute (`None` value = delete).
pub type Setter =
    fn(&mut crate::vm::Vm, &Value, Option<Value>) -> crate::object::error::PyResult<()>;

/// A computed attribute (`getset_descriptor`, or `member_descriptor` for the read-only
/// attributes CPython declares as struct members).
pub struct GetSetDef {
    pub name: &'static str,
    pub get: Getter,
    pub set: Option<Setter>,
    pub member: bool,
}

impl GetSetDef {
    pub const fn readonly(name: &'static str, get: Getter) -> GetSetDef {
        GetSetDef {
            name,
            get,
            set: None,
            member: false,
        }
    }

    pub const fn readwrite(name: &'static str, get: Getter, set: Setter) -> GetSetDef {
        GetSetDef {
            name,
            get,
            set: Some(set),
            member: false,
        }
    }

    /// A read-only attribute that CPython defines as a member (`types.MemberDescriptorType`
    /// is the type of `FunctionType.__globals__`).
    pub const fn member(name: &'static str, get: Getter) -> GetSetDef {
        GetSetDef {
            name,
            get,
            set: None,
            member: true,
        }
    }
}
