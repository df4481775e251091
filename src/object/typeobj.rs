//! Type objects: the header every type shares, its layout tag, MRO and attribute dict.
//!
//! Built-in types are `static` items (immortal, fixed addresses the JIT can embed); classes made
//! by `class` statements are heap-allocated and refcounted. Special methods are looked up in the
//! MRO's dicts by name (as CPython's `_PyType_Lookup`), so built-in and user types dispatch the
//! same way; hot paths check exact built-in types first.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use super::value::{Header, Value, IMMORTAL_COUNT};

/// How a type's instances are laid out in memory. Subclasses share their solid base's layout,
/// except that user subclasses of built-in types are `Instance`s that wrap a built-in value.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Layout {
    Object,
    Instance,
    Type,
    NoneType,
    NotImplemented,
    Ellipsis,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    List,
    Tuple,
    Dict,
    Set,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    BoundMethod,
    Code,
    Cell,
    Module,
    Exception,
    Generator,
    Frame,
    Traceback,
    ListIter,
    TupleIter,
    RangeIter,
    NativeIter,
    Property,
    ClassMethod,
    StaticMethod,
    Super,
    GetSetDescriptor,
    MappingProxy,
    WeakRef,
    DictView,
    /// Types defined by native modules (`native::NativeData`).
    Native,
}

impl Layout {
    /// Whether objects of this layout are containers the cycle collector tracks: allocated
    /// with its links in front (`Payload::TRACKED` derives from this) and traversed by it.
    pub const fn is_tracked(self) -> bool {
        matches!(
            self,
            Layout::Instance
                | Layout::List
                | Layout::Tuple
                | Layout::Dict
                | Layout::Set
                | Layout::Function
                | Layout::BuiltinFunction
                | Layout::Cell
                | Layout::Module
                | Layout::Exception
                | Layout::BoundMethod
                | Layout::Generator
                | Layout::Traceback
                | Layout::Frame
                | Layout::ListIter
                | Layout::TupleIter
                | Layout::NativeIter
                | Layout::DictView
                | Layout::Native
        )
    }
}

/// Type flags.
pub mod flags {
    /// Can be subclassed.
    pub const BASETYPE: u32 = 1;
    /// Allocated on the heap by a `class` statement.
    pub const HEAPTYPE: u32 = 2;
    /// Defines `__getattribute__` or `__getattr__` in Python code (slow attribute path).
    pub const CUSTOM_GETATTR: u32 = 4;
    /// Defines `__setattr__` or `__delattr__` in Python code.
    pub const CUSTOM_SETATTR: u32 = 8;
    /// Instances have a `__del__` defined in Python.
    pub const HAS_FINALIZER: u32 = 16;
    /// Instances have no `__dict__` (every class in the MRO that could give one has
    /// `__slots__` without `"__dict__"`).
    pub const NO_DICT: u32 = 32;
    /// Calling the type raises TypeError: its instances come only from its module's
    /// functions (CPython's `Py_TPFLAGS_DISALLOW_INSTANTIATION`).
    pub const DISALLOW_INSTANTIATION: u32 = 64;
    /// A sequence or a mapping to `collections.abc` (its `__abc_tpflags__` or a registration
    /// with `Sequence`/`Mapping`): CPython's `Py_TPFLAGS_SEQUENCE` and `Py_TPFLAGS_MAPPING`.
    pub const SEQUENCE: u32 = 128;
    pub const MAPPING: u32 = 256;
    /// Instances cannot be weakly referenced (`__slots__` without `"__weakref__"` in every
    /// class that could allow it).
    pub const NO_WEAKREF: u32 = 512;
}

/// A Python type object. `#[repr(C)]` with the header first so a `Value` can point at it.
#[repr(C)]
pub struct TypeObject {
    pub header: Header,
    pub name: RefCell<Cow<'static, str>>,
    pub qualname: RefCell<Cow<'static, str>>,
    pub module: RefCell<Cow<'static, str>>,
    pub layout: Layout,
    pub flags: Cell<u32>,
    /// Bumped whenever this type (or a base) changes; caches and JIT guards compare it.
    pub version: Cell<u32>,
    /// The primary base (`__base__`), null only for `object`.
    pub base: Cell<*const TypeObject>,
    pub static_base: Option<&'static TypeObject>,
    pub bases: RefCell<Vec<Value>>,
    pub mro: RefCell<Vec<Value>>,
    pub dict: RefCell<Option<Value>>,
    /// Nearest built-in type in the MRO whose instances this type's instances wrap (for
    /// subclasses of list, int, dict, ...); null if none.
    pub builtin_base: Cell<*const TypeObject>,
    /// Weak list of direct subclasses (raw words; types remove themselves on dealloc).
    pub subclasses: RefCell<Vec<usize>>,
    /// How many `__slots__` values instances keep (this class's and its bases').
    pub slot_count: Cell<u32>,
    /// The most shape attributes an instance of this class has had: new instances get that
    /// many value cells up front (CPython sizes a class's instance values by its shared keys).
    pub attr_hint: Cell<u32>,
}

// SAFETY: Python code runs on one thread at a time. Static type objects are initialized once
// (under `std::sync::Once`) and their contents are immortal afterwards.
unsafe impl Sync for TypeObject {}

impl TypeObject {
    /// The built-in type whose layout this type's instances have (itself for a built-in).
    pub fn builtin_base_type(&self) -> &TypeObject {
        // SAFETY: `builtin_base` is set to a static type at creation and never freed.
        unsafe { &*self.builtin_base.get() }
    }

    /// `__base__`, if any.
    pub fn base_type(&self) -> Option<&TypeObject> {
        let b = self.base.get();
        // SAFETY: a type holds its base alive (through `bases`) for its whole life.
        (!b.is_null()).then(|| unsafe { &*b })
    }

    /// `__subclasses__()`: the live subclasses.
    pub fn subclass_values(&self) -> Vec<Value> {
        self.subclasses
            .borrow()
            .iter()
            // SAFETY: subclasses unregister themselves before they are freed.
            .map(|w| unsafe { Value::from_borrowed_raw(*w) })
            .collect()
    }

    /// A static built-in type.
    pub const fn new_static(
        name: &'static str,
        layout: Layout,
        base: Option<&'static TypeObject>,
        flags: u32,
    ) -> TypeObject {
        TypeObject {
            header: Header {
                refcnt: Cell::new(IMMORTAL_COUNT),
                ty: Cell::new(&super::types::TYPE_TYPE as *const TypeObject),
            },
            name: RefCell::new(Cow::Borrowed(name)),
            qualname: RefCell::new(Cow::Borrowed(name)),
            module: RefCell::new(Cow::Borrowed("builtins")),
            layout,
            flags: Cell::new(flags),
            version: Cell::new(1),
            base: Cell::new(std::ptr::null()),
            static_base: base,
            bases: RefCell::new(Vec::new()),
            mro: RefCell::new(Vec::new()),
            dict: RefCell::new(None),
            builtin_base: Cell::new(std::ptr::null()),
            subclasses: RefCell::new(Vec::new()),
            slot_count: Cell::new(0),
            attr_hint: Cell::new(0),
        }
    }

    pub fn name(&self) -> String {
        self.name.borrow().to_string()
    }

    pub fn qualname(&self) -> String {
        self.qualname.borrow().to_string()
    }

    /// A new reference to this type as a value.
    pub fn to_value(&self) -> Value {
        // SAFETY: a type object starts with a header and is alive while borrowed.
        unsafe { Value::from_borrowed_raw(self as *const TypeObject as usize) }
    }

    pub fn has_flag(&self, f: u32) -> bool {
        self.flags.get() & f != 0
    }

    pub fn is_heap(&self) -> bool {
        self.has_flag(flags::HEAPTYPE)
    }

    /// The type's own attribute dict.
    pub fn dict_value(&self) -> Value {
        self.dict.borrow().clone().expect("type dict initialized")
    }

    /// `issubclass(self, other)` by MRO.
    pub fn is_subtype(&self, other: &TypeObject) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        let mro = self.mro.borrow();
        if mro.is_empty() {
            // Not yet initialized: walk the static base chain.
            let mut b = self.static_base;
            while let Some(t) = b {
                if std::ptr::eq(t, other) {
                    return true;
                }
                b = t.static_base;
            }
            return false;
        }
        mro.iter()
            .any(|t| t.word() == other as *const TypeObject as usize)
    }

    /// Looks `name` up along the MRO (`_PyType_Lookup`), through the method cache. Returns a
    /// new reference.
    #[inline]
    pub fn lookup(&self, name: &Value) -> Option<Value> {
        let ty = self as *const TypeObject as usize;
        let version = self.version.get();
        let slot = method_cache_slot(ty, version, name.word());
        let e = METHOD_CACHE.with(|c| c[slot].get());
        if e.ty == ty && e.version == version && e.name == name.word() {
            if e.value == 0 {
                return None;
            }
            // SAFETY: the entry owns a reference to a live object; this borrows it and returns
            // a new reference.
            let v = std::mem::ManuallyDrop::new(unsafe { Value::from_raw(e.value) });
            return Some((*v).clone());
        }
        let v = self.lookup_uncached(name);
        let value = v.clone().map(Value::into_raw).unwrap_or(0);
        let old = METHOD_CACHE.with(|c| {
            c[slot].replace(MethodCacheEntry {
                ty,
                version,
                name: name.word(),
                value,
            })
        });
        if old.value != 0 {
            // SAFETY: releases the reference the replaced entry owned.
            drop(unsafe { Value::from_raw(old.value) });
        }
        v
    }

    /// The MRO walk behind `lookup`.
    pub fn lookup_uncached(&self, name: &Value) -> Option<Value> {
        let mro = self.mro.borrow();
        for t in mro.iter() {
            let t = t.as_type().expect("mro holds types");
            let d = t.dict.borrow();
            if let Some(d) = d.as_ref() {
                if let Some(v) = super::dict::lookup_str(d, name) {
                    return Some(v);
                }
            }
        }
        None
    }

    /// Looks a `&str` name up along the MRO.
    pub fn lookup_str(&self, name: &'static str) -> Option<Value> {
        self.lookup(&super::str::intern_static(name))
    }

    /// Gives this type and its subclasses fresh version tags (invalidating cached lookups).
    pub fn modified(&self) {
        self.version.set(next_version());
        let subs = self.subclasses.borrow().clone();
        for w in subs {
            // SAFETY: subclasses unregister themselves before they are freed.
            let t = unsafe { &*(w as *const TypeObject) };
            t.modified();
        }
    }
}

/// Version tags are unique across all heap types (static types keep 1), so a cache entry of
/// a freed type can never match a new type allocated at the same address.
pub fn next_version() -> u32 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(2);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

const METHOD_CACHE_SIZE: usize = 4096;

/// One entry of the method cache: (type, version, name) -> lookup result. `value` is an owned
/// reference as a raw word (0: the name is not found), so entries are plain words and the
/// cache needs no lazy initialization or borrow flag.
#[derive(Clone, Copy)]
struct MethodCacheEntry {
    ty: usize,
    version: u32,
    name: usize,
    value: usize,
}

thread_local! {
    /// CPython's type attribute cache: a direct-mapped table of recent MRO lookups. (Its
    /// references are never released: the cache lives as long as the interpreter thread.)
    static METHOD_CACHE: [Cell<MethodCacheEntry>; METHOD_CACHE_SIZE] = const {
        [const { Cell::new(MethodCacheEntry { ty: 0, version: 0, name: 0, value: 0 }) };
            METHOD_CACHE_SIZE]
    };
}

#[inline]
fn method_cache_slot(ty: usize, version: u32, name: usize) -> usize {
    ((name >> 3) ^ (ty >> 4) ^ (version as usize).wrapping_mul(0x9e37_79b9))
        & (METHOD_CACHE_SIZE - 1)
}

impl Value {
    /// The type object this value is, if it is a type.
    #[inline]
    pub fn as_type(&self) -> Option<&TypeObject> {
        if !self.is_small_int() && self.ty().layout == Layout::Type {
            // SAFETY: layout Type means the object is a `TypeObject`.
            Some(unsafe { &*(self.header_ptr() as *const TypeObject) })
        } else {
            None
        }
    }

    /// `isinstance(self, ty)` by MRO (no `__instancecheck__`).
    #[inline]
    pub fn is_instance_of(&self, ty: &TypeObject) -> bool {
        self.is_type(ty) || self.ty().is_subtype(ty)
    }
}
