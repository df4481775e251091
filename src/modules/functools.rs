//! `_functools`, CPython's accelerator under `functools`: `partial` (flattening nested
//! partials, with an instance `__dict__`, pickling and CPython's repr), `reduce`,
//! `cmp_to_key`'s `KeyWrapper`, and `_lru_cache_wrapper` (in `lru_cache.rs`).

use std::cell::RefCell;

use crate::builtins::methods::list::{repr_enter, repr_leave};
use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// `functools.partial`: an ordinary instance (so it has a `__dict__` and weak references)
/// whose native state holds the function and the frozen arguments.
pub static PARTIAL_TYPE: TypeObject =
    TypeObject::new_static("partial", Layout::Instance, Some(&OBJECT_TYPE), BASETYPE);
static PARTIAL_STATE_TYPE: TypeObject =
    TypeObject::new_static("partial state", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static KEY_WRAPPER_TYPE: TypeObject =
    TypeObject::new_static("KeyWrapper", Layout::Native, Some(&OBJECT_TYPE), 0);

struct Partial {
    func: RefCell<Value>,
    args: RefCell<Value>,
    keywords: RefCell<Value>,
}

impl NativeData for Partial {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func.borrow());
        visit(&self.args.borrow());
        visit(&self.keywords.borrow());
    }

    fn clear(&self, out: &mut Vec<Value>) {
        out.push(self.func.replace(none()));
        out.push(self.args.replace(tuple::from_array([])));
        out.push(self.keywords.replace(none()));
    }
}

fn partial_of(v: &Value) -> PyResult<&Partial> {
    native_ref::<Partial>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'functools.partial' object but received a '{}'",
            v.ty().name()
        ))
    })
}

/// The instance `__dict__` of a partial, when it has any attributes.
fn instance_dict(v: &Value) -> Option<Value> {
    instance::instance_dict(v).filter(|d| dict::len(d) > 0)
}

fn partial_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("partial.__new__(X): X is not a type object"))?;
    let pos = &args.positional()[1..];
    let Some(first) = pos.first() else {
        return Err(type_error("type 'partial' takes at least one argument"));
    };
    let mut func = first.clone();
    let mut frozen = Vec::new();
    let mut inner_kw: Option<Value> = None;
    // A partial of a partial (without attributes of its own) flattens into one.
    if let Some(p) = native_ref::<Partial>(first) {
        if first.ty().is_subtype(&PARTIAL_TYPE) && instance_dict(first).is_none() {
            func = p.func.borrow().clone();
            frozen = tuple::items(&p.args.borrow()).to_vec();
            inner_kw = Some(p.keywords.borrow().clone());
        }
    }
    if !crate::vm::call::is_callable(&func) {
        return Err(type_error("the first argument must be callable"));
    }
    frozen.extend(pos[1..].iter().cloned());
    let keywords = dict::new_dict();
    if let Some(kw) = inner_kw {
        for (k, v) in dict::items(&kw) {
            dict::set_item(vm, &keywords, k, v)?;
        }
    }
    for (k, v) in args.keywords() {
        dict::set_item(vm, &keywords, k.clone(), v.clone())?;
    }
    let state = new_native(
        &PARTIAL_STATE_TYPE,
        Partial {
            func: RefCell::new(func),
            args: RefCell::new(tuple::new_tuple(frozen)),
            keywords: RefCell::new(keywords),
        },
    );
    Ok(instance::new_instance(cls, Some(state)))
}

fn partial_call(vm: &mut Vm, args: Args) -> PyResult {
    let p = partial_of(&args.values[0])?;
    let func = p.func.borrow().clone();
    let mut values = tuple::items(&p.args.borrow()).to_vec();
    let pos = &args.positional()[1..];
    values.extend(pos.iter().cloned());
    let keywords = dict::copy(&p.keywords.borrow());
    for (k, v) in args.keywords() {
        dict::set_item(vm, &keywords, k.clone(), v.clone())?;
    }
    let mut names: Vec<Value> = Vec::new();
    for (k, v) in dict::items(&keywords) {
        if str::payload(&k).is_none() {
            return Err(type_error("keywords must be strings"));
        }
        names.push(k);
        values.push(v);
    }
    let kwnames = tuple::new_tuple(names);
    vm.call_with(
        &func,
        Args {
            values: &values,
            kwnames: tuple::items(&kwnames),
        },
    )
}

fn partial_repr(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let p = partial_of(this)?;
    let name = if std::ptr::eq(this.ty(), &PARTIAL_TYPE) {
        "functools.partial".to_string()
    } else {
        this.ty().name()
    };
    if !repr_enter(this) {
        return Ok(str::new_str("..."));
    }
    let result = (|| {
        let mut parts = vec![vm.repr_string(&p.func.borrow().clone())?];
        let frozen = tuple::items(&p.args.borrow()).to_vec();
        for a in &frozen {
            parts.push(vm.repr_string(a)?);
        }
        let keywords = p.keywords.borrow().clone();
        for (k, v) in dict::items(&keywords) {
            let key = vm.str_string(&k)?;
            parts.push(format!("{key}={}", vm.repr_string(&v)?));
        }
        Ok(str::from_string(format!("{name}({})", parts.join(", "))))
    })();
    repr_leave(this);
    result
}

fn partial_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let p = partial_of(this)?;
    let keywords = p.keywords.borrow().clone();
    let kw = if dict::len(&keywords) == 0 {
        none()
    } else {
        keywords
    };
    Ok(tuple::from_array([
        this.ty().to_value(),
        tuple::from_array([p.func.borrow().clone()]),
        tuple::from_array([
            p.func.borrow().clone(),
            p.args.borrow().clone(),
            kw,
            instance_dict(this).unwrap_or_else(none),
        ]),
    ]))
}

fn partial_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let this = &a[0];
    let p = partial_of(this)?;
    let invalid = || type_error("invalid partial state");
    let parts = tuple::as_tuple(&a[1])
        .filter(|t| t.len() == 4)
        .ok_or_else(invalid)?;
    let (func, fargs, kw, d) = (&parts[0], &parts[1], &parts[2], &parts[3]);
    if !crate::vm::call::is_callable(func)
        || tuple::as_tuple(fargs).is_none()
        || (!kw.is_none() && dict::as_dict(kw).is_none())
    {
        return Err(invalid());
    }
    // Exact tuples and dicts are kept as they are (copies share them, as in CPython).
    let fargs = if std::ptr::eq(fargs.ty(), &types::TUPLE_TYPE) {
        fargs.clone()
    } else {
        tuple::from_slice(tuple::items(fargs))
    };
    let keywords = if std::ptr::eq(kw.ty(), &types::DICT_TYPE) {
        kw.clone()
    } else {
        let copy = dict::new_dict();
        if !kw.is_none() {
            for (k, v) in dict::items(kw) {
                dict::set_item(vm, &copy, k, v)?;
            }
        }
        copy
    };
    *p.func.borrow_mut() = func.clone();
    *p.args.borrow_mut() = fargs;
    *p.keywords.borrow_mut() = keywords;
    if let Some(inst) = this.payload_exact::<instance::Instance>() {
        let own = inst.dict(this.ty());
        dict::clear(&own);
        if !d.is_none() {
            for (k, v) in dict::items(d) {
                dict::set_item(vm, &own, k, v)?;
            }
        }
    }
    Ok(none())
}

fn p_func(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(partial_of(this)?.func.borrow().clone())
}

fn p_args(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(partial_of(this)?.args.borrow().clone())
}

fn p_keywords(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(partial_of(this)?.keywords.borrow().clone())
}

/// `partial.__dict__` can be replaced but, unlike a plain instance's, not deleted.
fn p_set_dict(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    match value {
        None => Err(type_error("cannot delete __dict__")),
        v => crate::builtins::methods::object::set_dict(vm, this, v),
    }
}

// ---- reduce ----

fn reduce(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("reduce", 2, 3)?;
    let it = match vm.iter(&a[1]) {
        Ok(it) => it,
        Err(e) if e.is_instance(&exception::TYPE_ERROR) => {
            return Err(type_error("reduce() arg 2 must support iteration"))
        }
        Err(e) => return Err(e),
    };
    let mut acc = a.get(2).cloned();
    while let Some(item) = vm.next(&it)? {
        acc = Some(match acc {
            None => item,
            Some(prev) => vm.call(&a[0], &[prev, item])?,
        });
    }
    acc.ok_or_else(|| type_error("reduce() of empty iterable with no initial value"))
}

// ---- cmp_to_key ----

/// `cmp_to_key(mycmp)` returns a KeyWrapper without an object; calling it makes one that wraps
/// its argument, and those compare through `mycmp`.
struct KeyWrapper {
    cmp: Value,
    obj: RefCell<Option<Value>>,
}

impl NativeData for KeyWrapper {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.cmp);
        if let Some(o) = &*self.obj.borrow() {
            visit(o);
        }
    }

    fn clear(&self, out: &mut Vec<Value>) {
        out.extend(self.obj.borrow_mut().take());
    }
}

fn key_of(v: &Value) -> PyResult<&KeyWrapper> {
    native_ref::<KeyWrapper>(v).ok_or_else(|| type_error("other argument must be K instance"))
}

fn cmp_to_key(_vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("cmp_to_key", &["mycmp"], 1)?;
    Ok(new_native(
        &KEY_WRAPPER_TYPE,
        KeyWrapper {
            cmp: b[0].clone().expect("mycmp"),
            obj: RefCell::new(None),
        },
    ))
}

fn key_call(_vm: &mut Vm, args: Args) -> PyResult {
    let this = key_of(&args.values[0])?;
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind("K", &["obj"], 1)?;
    Ok(new_native(
        &KEY_WRAPPER_TYPE,
        KeyWrapper {
            cmp: this.cmp.clone(),
            obj: RefCell::new(b[0].clone()),
        },
    ))
}

fn key_compare(vm: &mut Vm, args: &Args, op: crate::bytecode::CompareOperator) -> PyResult {
    let a = args.check_count("comparison", 2, 2)?;
    let this = key_of(&a[0])?;
    if !std::ptr::eq(a[1].ty(), a[0].ty()) {
        return Err(type_error("other argument must be K instance"));
    }
    let other = key_of(&a[1])?;
    let x = this.obj.borrow().clone().unwrap_or_else(none);
    let y = other.obj.borrow().clone().unwrap_or_else(none);
    let r = vm.call(&this.cmp, &[x, y])?;
    vm.compare(&r, &int::from_i64(0), op)
}

macro_rules! key_cmp_fn {
    ($name:ident, $op:ident) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            key_compare(vm, &args, crate::bytecode::CompareOperator::$op)
        }
    };
}
key_cmp_fn!(key_lt, Lt);
key_cmp_fn!(key_le, Le);
key_cmp_fn!(key_eq, Eq);
key_cmp_fn!(key_ne, Ne);
key_cmp_fn!(key_gt, Gt);
key_cmp_fn!(key_ge, Ge);

fn key_obj(_vm: &mut Vm, this: &Value) -> PyResult {
    match key_of(this)?.obj.borrow().clone() {
        Some(o) => Ok(o),
        None => Err(exception::attribute_error("obj")),
    }
}

/// Creates the `_functools` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    install_native_type(&TypeSpec {
        ty: &PARTIAL_TYPE,
        methods: methods![
            MethodDef::static_("__new__", partial_new),
            MethodDef::method("__call__", partial_call),
            MethodDef::method("__repr__", partial_repr),
            MethodDef::method("__reduce__", partial_reduce),
            MethodDef::method("__setstate__", partial_setstate),
            MethodDef::class(
                "__class_getitem__",
                crate::builtins::methods::genericalias::class_getitem
            ),
        ],
        getsets: getsets![
            GetSetDef::readonly("func", p_func),
            GetSetDef::readonly("args", p_args),
            GetSetDef::readonly("keywords", p_keywords),
            GetSetDef::readwrite(
                "__dict__",
                crate::builtins::methods::object::get_dict,
                p_set_dict
            ),
        ],
        doc: Some(
            "partial(func, *args, **keywords) - new function with partial application\n    \
             of the given arguments and keywords.\n",
        ),
    });
    install_native_type(&TypeSpec {
        ty: &PARTIAL_STATE_TYPE,
        methods: methods![],
        getsets: getsets![],
        doc: None,
    });
    install_native_type(&TypeSpec {
        ty: &KEY_WRAPPER_TYPE,
        methods: methods![
            MethodDef::method("__call__", key_call),
            MethodDef::method("__lt__", key_lt),
            MethodDef::method("__le__", key_le),
            MethodDef::method("__eq__", key_eq),
            MethodDef::method("__ne__", key_ne),
            MethodDef::method("__gt__", key_gt),
            MethodDef::method("__ge__", key_ge),
        ],
        getsets: getsets![GetSetDef::readonly("obj", key_obj)],
        doc: None,
    });
    if let Some(d) = KEY_WRAPPER_TYPE.dict.borrow().as_ref() {
        dict::set_str(d, &str::intern_static("__hash__"), none());
    }
    for ty in [&PARTIAL_TYPE, &KEY_WRAPPER_TYPE] {
        *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("functools");
    }
    KEY_WRAPPER_TYPE
        .flags
        .set(KEY_WRAPPER_TYPE.flags.get() | crate::object::typeobj::flags::DISALLOW_INSTANTIATION);
    let m = module::new_module("_functools");
    module::set_attr(&m, "partial", PARTIAL_TYPE.to_value());
    module::set_attr(&m, "_lru_cache_wrapper", super::lru_cache::install());
    let fns: &[(&'static str, crate::object::error::NativeFn)] =
        &[("reduce", reduce), ("cmp_to_key", cmp_to_key)];
    crate::modules::add_functions(&m, fns);
    Ok(m)
}
