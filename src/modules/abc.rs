//! `_abc`: the helpers CPython's `abc.ABCMeta` runs on, as `Modules/_abc.c` has them: abstract
//! method computation, virtual-subclass registration, and instance and subclass checks with a
//! positive cache, a negative cache and a global invalidation counter. The registry and caches
//! hold their classes weakly, keyed by identity.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::type_error;
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{flags, Layout, TypeObject};
use crate::object::types::{bool_value, none, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static ABC_DATA_TYPE: TypeObject =
    TypeObject::new_static("_abc_data", Layout::Native, Some(&OBJECT_TYPE), 0);

thread_local! {
    /// Bumped by every `register()`: negative caches older than it are stale.
    static INVALIDATION_COUNTER: Cell<u64> = const { Cell::new(0) };
}

fn counter() -> u64 {
    INVALIDATION_COUNTER.with(|c| c.get())
}

/// A set of classes held by weak references, keyed by the class's identity.
#[derive(Default)]
struct WeakSet(RefCell<HashMap<usize, Value>>);

impl WeakSet {
    fn contains(&self, cls: &Value) -> bool {
        let mut map = self.0.borrow_mut();
        match map.get(&cls.word()) {
            Some(w) => match weakref::referent(w) {
                Some(r) if r.is(cls) => true,
                _ => {
                    map.remove(&cls.word());
                    false
                }
            },
            None => false,
        }
    }

    fn add(&self, cls: &Value) -> PyResult<()> {
        let w = weakref::new_weakref(&weakref::WEAKREF_TYPE, cls, None)?;
        self.0.borrow_mut().insert(cls.word(), w);
        Ok(())
    }

    fn clear(&self) {
        self.0.borrow_mut().clear();
    }

    /// The live members.
    fn members(&self) -> Vec<Value> {
        self.0
            .borrow()
            .values()
            .filter_map(weakref::referent)
            .collect()
    }

    /// A Python set of the weak references (`_get_dump`).
    fn to_set(&self, vm: &mut Vm) -> PyResult {
        let s = set::new_set();
        let refs: Vec<Value> = self.0.borrow().values().cloned().collect();
        for w in refs {
            set::add(vm, &s, w)?;
        }
        Ok(s)
    }
}

/// `_abc_data`: one ABC's registry and caches.
#[derive(Default)]
struct AbcData {
    registry: WeakSet,
    cache: WeakSet,
    negative_cache: WeakSet,
    negative_cache_version: Cell<u64>,
}

impl NativeData for AbcData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for s in [&self.registry, &self.cache, &self.negative_cache] {
            s.0.borrow().values().for_each(&mut *visit);
        }
    }
}

/// The `_abc_impl` of an ABC.
fn impl_of(vm: &mut Vm, cls: &Value) -> PyResult<Value> {
    let data = vm.getattr(cls, "_abc_impl")?;
    if native_ref::<AbcData>(&data).is_none() {
        return Err(type_error("_abc_impl is set to a wrong type"));
    }
    Ok(data)
}

fn data(v: &Value) -> &AbcData {
    native_ref::<AbcData>(v).expect("checked by impl_of")
}

/// Whether `v` has a true `__isabstractmethod__` (`_PyObject_IsAbstract`).
fn is_abstract(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    match vm.getattr_opt(v, "__isabstractmethod__")? {
        Some(flag) => vm.truthy(&flag),
        None => Ok(false),
    }
}

/// Sets `__abstractmethods__`: the class's own abstract attributes, and the inherited ones it
/// has not overridden.
fn compute_abstract_methods(vm: &mut Vm, cls: &Value) -> PyResult<()> {
    let abstracts = set::new_set();
    let ns = vm.getattr(cls, "__dict__")?;
    let items = vm.call_method(&ns, "items", &[])?;
    let iter = vm.iter(&items)?;
    while let Some(item) = vm.next(&iter)? {
        let pair = tuple::as_tuple(&item)
            .filter(|t| t.len() == 2)
            .map(<[Value]>::to_vec)
            .ok_or_else(|| type_error("items() returned item which size is not 2"))?;
        if is_abstract(vm, &pair[1])? {
            set::add(vm, &abstracts, pair[0].clone())?;
        }
    }
    let bases = vm.getattr(cls, "__bases__")?;
    let Some(bases) = tuple::as_tuple(&bases).map(<[Value]>::to_vec) else {
        return Err(type_error("__bases__ is not tuple"));
    };
    for base in bases {
        let Some(inherited) = vm.getattr_opt(&base, "__abstractmethods__")? else {
            continue;
        };
        let iter = vm.iter(&inherited)?;
        while let Some(name) = vm.next(&iter)? {
            let Some(name_str) = str::as_str(&name).map(str::to_string) else {
                return Err(type_error(format!(
                    "attribute name must be string, not '{}'",
                    name.ty().name()
                )));
            };
            if let Some(value) = vm.getattr_opt(cls, &name_str)? {
                if is_abstract(vm, &value)? {
                    set::add(vm, &abstracts, name)?;
                }
            }
        }
    }
    let frozen = vm.call(&types::FROZENSET_TYPE.to_value(), &[abstracts])?;
    vm.setattr(cls, "__abstractmethods__", frozen)
}

/// Heron's record of `Py_TPFLAGS_SEQUENCE` and `Py_TPFLAGS_MAPPING`.
const COLLECTION_FLAGS: u32 = flags::SEQUENCE | flags::MAPPING;

/// `__abc_tpflags__` in `collections.abc`'s classes: CPython's 1 << 5 and 1 << 6.
fn collection_flags_from_tp(v: i64) -> u32 {
    (if v & (1 << 5) != 0 {
        flags::SEQUENCE
    } else {
        0
    }) | (if v & (1 << 6) != 0 { flags::MAPPING } else { 0 })
}

/// Marks `t` and its subclasses as sequences or mappings, unless they already are one or the
/// other (CPython's `set_collection_flag_recursive`).
fn set_collection_flag_recursive(t: &TypeObject, flag: u32) {
    if !t.is_heap() || t.flags.get() & COLLECTION_FLAGS != 0 {
        return;
    }
    t.flags.set(t.flags.get() | flag);
    for sub in t.subclass_values() {
        if let Some(st) = sub.as_type() {
            set_collection_flag_recursive(st, flag);
        }
    }
}

fn abc_init(vm: &mut Vm, args: Args) -> PyResult {
    let [cls] = args.check_count("_abc_init", 1, 1)? else {
        return Ok(none());
    };
    compute_abstract_methods(vm, cls)?;
    if let Some(t) = cls.as_type() {
        let key = str::intern_static("__abc_tpflags__");
        let tp = t
            .dict
            .borrow()
            .as_ref()
            .and_then(|d| dict::lookup_str(d, &key));
        if let Some(tp) = tp {
            if tp.is_type(&types::INT_TYPE) {
                let v = int::as_i64(&tp).unwrap_or(0);
                let f = collection_flags_from_tp(v);
                if f == COLLECTION_FLAGS {
                    return Err(type_error(
                        "__abc_tpflags__ cannot be both Py_TPFLAGS_SEQUENCE and Py_TPFLAGS_MAPPING",
                    ));
                }
                t.flags.set(t.flags.get() | f);
            }
            vm.setattr_value(cls, &key, None)?;
        }
    }
    let data = AbcData {
        negative_cache_version: Cell::new(counter()),
        ..AbcData::default()
    };
    vm.setattr(cls, "_abc_impl", new_native(&ABC_DATA_TYPE, data))?;
    Ok(none())
}

fn abc_register(vm: &mut Vm, args: Args) -> PyResult {
    let [cls, subclass] = args.check_count("_abc_register", 2, 2)? else {
        return Ok(none());
    };
    let Some(sub_t) = subclass.as_type() else {
        return Err(type_error("Can only register classes"));
    };
    if crate::builtins::issubclass_of(vm, subclass, cls)? {
        return Ok(subclass.clone());
    }
    // Tested after "already a subclass", so X.register(X) is a no-op.
    if crate::builtins::issubclass_of(vm, cls, subclass)? {
        return Err(PyErr::new(
            &exception::RUNTIME_ERROR,
            "Refusing to create an inheritance cycle".to_string(),
        ));
    }
    let d = impl_of(vm, cls)?;
    data(&d).registry.add(subclass)?;
    INVALIDATION_COUNTER.with(|c| c.set(c.get() + 1));
    if let Some(t) = cls.as_type() {
        let flag = t.flags.get() & COLLECTION_FLAGS;
        if flag != 0 {
            set_collection_flag_recursive(sub_t, flag);
        }
    }
    Ok(subclass.clone())
}

fn call_subclasscheck(vm: &mut Vm, cls: &Value, sub: &Value) -> PyResult {
    vm.call_method(cls, "__subclasscheck__", std::slice::from_ref(sub))
}

fn abc_instancecheck(vm: &mut Vm, args: Args) -> PyResult {
    let [cls, instance] = args.check_count("_abc_instancecheck", 2, 2)? else {
        return Ok(none());
    };
    let d = impl_of(vm, cls)?;
    let subclass = vm.getattr(instance, "__class__")?;
    if data(&d).cache.contains(&subclass) {
        return Ok(bool_value(true));
    }
    let subtype = instance.ty().to_value();
    if subtype.is(&subclass) {
        let abc = data(&d);
        if abc.negative_cache_version.get() == counter() && abc.negative_cache.contains(&subclass) {
            return Ok(bool_value(false));
        }
        return call_subclasscheck(vm, cls, &subclass);
    }
    let r = call_subclasscheck(vm, cls, &subclass)?;
    if vm.truthy(&r)? {
        return Ok(r);
    }
    call_subclasscheck(vm, cls, &subtype)
}

fn abc_subclasscheck(vm: &mut Vm, args: Args) -> PyResult {
    let [cls, subclass] = args.check_count("_abc_subclasscheck", 2, 2)? else {
        return Ok(none());
    };
    let Some(sub_t) = subclass.as_type() else {
        return Err(type_error("issubclass() arg 1 must be a class"));
    };
    let d = impl_of(vm, cls)?;
    let abc = data(&d);
    // 1. The cache.
    if abc.cache.contains(subclass) {
        return Ok(bool_value(true));
    }
    // 2. The negative cache, invalidated by any registration since it was filled.
    if abc.negative_cache_version.get() < counter() {
        abc.negative_cache.clear();
        abc.negative_cache_version.set(counter());
    } else if abc.negative_cache.contains(subclass) {
        return Ok(bool_value(false));
    }
    // 3. The subclass hook.
    let ok = vm.call_method(cls, "__subclasshook__", std::slice::from_ref(subclass))?;
    let abc = data(&d);
    if ok.is(&bool_value(true)) {
        abc.cache.add(subclass)?;
        return Ok(ok);
    }
    if ok.is(&bool_value(false)) {
        abc.negative_cache.add(subclass)?;
        return Ok(ok);
    }
    if !ok.is(&types::not_implemented()) {
        return Err(PyErr::new(
            &exception::ASSERTION_ERROR,
            "__subclasshook__ must return either False, True, or NotImplemented".to_string(),
        ));
    }
    // 4. A direct subclass.
    let direct = cls.as_type().is_some_and(|t| sub_t.is_subtype(t));
    if direct {
        abc.cache.add(subclass)?;
        return Ok(bool_value(true));
    }
    // 5. A subclass of a registered class.
    if abc.registry.contains(subclass) {
        return Ok(bool_value(true));
    }
    for registered in abc.registry.members() {
        if crate::builtins::issubclass_of(vm, subclass, &registered)? {
            data(&d).cache.add(subclass)?;
            return Ok(bool_value(true));
        }
    }
    // 6. A subclass of a subclass.
    let subclasses = vm.call_method(cls, "__subclasses__", &[])?;
    if list::as_list(&subclasses).is_none() {
        return Err(type_error("__subclasses__() must return a list"));
    }
    for scls in list::items(&subclasses) {
        if crate::builtins::issubclass_of(vm, subclass, &scls)? {
            data(&d).cache.add(subclass)?;
            return Ok(bool_value(true));
        }
    }
    data(&d).negative_cache.add(subclass)?;
    Ok(bool_value(false))
}

fn get_cache_token(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("get_cache_token", 0, 0)?;
    Ok(int::from_i64(counter() as i64))
}

fn get_dump(vm: &mut Vm, args: Args) -> PyResult {
    let [cls] = args.check_count("_get_dump", 1, 1)? else {
        return Ok(none());
    };
    let d = impl_of(vm, cls)?;
    let abc = data(&d);
    let version = abc.negative_cache_version.get();
    let (r, c, n) = (
        abc.registry.to_set(vm)?,
        abc.cache.to_set(vm)?,
        abc.negative_cache.to_set(vm)?,
    );
    Ok(tuple::from_array([r, c, n, int::from_i64(version as i64)]))
}

fn reset_registry(vm: &mut Vm, args: Args) -> PyResult {
    let [cls] = args.check_count("_reset_registry", 1, 1)? else {
        return Ok(none());
    };
    let d = impl_of(vm, cls)?;
    data(&d).registry.clear();
    Ok(none())
}

fn reset_caches(vm: &mut Vm, args: Args) -> PyResult {
    let [cls] = args.check_count("_reset_caches", 1, 1)? else {
        return Ok(none());
    };
    let d = impl_of(vm, cls)?;
    data(&d).cache.clear();
    data(&d).negative_cache.clear();
    Ok(none())
}

/// Creates the `_abc` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    install_native_type(&TypeSpec {
        ty: &ABC_DATA_TYPE,
        methods: &[],
        getsets: &[],
        doc: Some("Internal state held by ABC machinery."),
    });
    *ABC_DATA_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("_abc");
    let m = module::new_module("_abc");
    super::add_functions(
        &m,
        &[
            ("get_cache_token", get_cache_token),
            ("_abc_init", abc_init),
            ("_abc_register", abc_register),
            ("_abc_instancecheck", abc_instancecheck),
            ("_abc_subclasscheck", abc_subclasscheck),
            ("_get_dump", get_dump),
            ("_reset_registry", reset_registry),
            ("_reset_caches", reset_caches),
        ],
    );
    Ok(m)
}
