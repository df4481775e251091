//! `types.GenericAlias` (`list[int]`) and `types.UnionType` (`int | None`), after CPython's
//! `genericaliasobject.c` and `unionobject.c`. Both are native objects (`object::native`).

use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::native::{native_ref, new_native, NativeData};
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, none, not_implemented, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static GENERIC_ALIAS_TYPE: TypeObject = TypeObject::new_static(
    "GenericAlias",
    Layout::Native,
    Some(&OBJECT_TYPE),
    BASETYPE | crate::object::typeobj::flags::CUSTOM_GETATTR,
);

pub static UNION_TYPE: TypeObject =
    TypeObject::new_static("UnionType", Layout::Native, Some(&OBJECT_TYPE), 0);

pub struct GenericAlias {
    origin: Value,
    /// Always a tuple.
    args: Value,
    /// Computed on first use.
    parameters: std::cell::RefCell<Option<Value>>,
    /// `*tuple[int]` (PEP 646): what iterating an alias gives.
    starred: bool,
}

impl GenericAlias {
    /// The arguments of `*tuple[...]`.
    fn starred_tuple_args(&self) -> Option<Value> {
        (self.starred && self.origin.is(&types::TUPLE_TYPE.to_value())).then(|| self.args.clone())
    }
}

impl NativeData for GenericAlias {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.origin);
        visit(&self.args);
        if let Some(p) = self.parameters.borrow().as_ref() {
            visit(p);
        }
    }
}

pub struct Union {
    /// A tuple of the distinct members, in order.
    args: Value,
    parameters: std::cell::RefCell<Option<Value>>,
}

impl NativeData for Union {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.args);
        if let Some(p) = self.parameters.borrow().as_ref() {
            visit(p);
        }
    }
}

/// `origin[args]`: a new alias (`args` not a tuple is one argument).
pub fn new_generic_alias(origin: Value, args: Value) -> Value {
    new_generic_alias_of(&GENERIC_ALIAS_TYPE, origin, args)
}

fn new_generic_alias_of(ty: &TypeObject, origin: Value, args: Value) -> Value {
    let args = if tuple::as_tuple(&args).is_some() && args.ty().layout == Layout::Tuple {
        args
    } else {
        tuple::from_array([args])
    };
    let data = GenericAlias {
        origin,
        args,
        parameters: std::cell::RefCell::new(None),
        starred: false,
    };
    if std::ptr::eq(ty, &GENERIC_ALIAS_TYPE) {
        new_native(&GENERIC_ALIAS_TYPE, data)
    } else {
        instance::new_instance(ty, Some(new_native(&GENERIC_ALIAS_TYPE, data)))
    }
}

fn alias_of(v: &Value) -> PyResult<&GenericAlias> {
    native_ref::<GenericAlias>(v).ok_or_else(|| type_error("GenericAlias expected"))
}

fn union_of(v: &Value) -> Option<&Union> {
    native_ref::<Union>(v)
}

/// `__class_getitem__` of built-in generic classes: `cls[args]`.
pub fn class_getitem(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__class_getitem__", 2, 2)?;
    Ok(new_generic_alias(a[0].clone(), a[1].clone()))
}

/// `__class_getitem__` as the built-in generic classes carry it.
pub static CLASS_GETITEM: MethodDef = MethodDef::class("__class_getitem__", class_getitem);

/// The built-in classes that are generic (`list[int]`), as in CPython 3.11.
pub fn generic_builtins() -> [&'static TypeObject; 8] {
    [
        &types::LIST_TYPE,
        &types::DICT_TYPE,
        &types::TUPLE_TYPE,
        &types::SET_TYPE,
        &types::FROZENSET_TYPE,
        &types::MAPPINGPROXY_TYPE,
        &crate::object::generator::ASYNC_GENERATOR_TYPE,
        &crate::object::weakref::WEAKREF_TYPE,
    ]
}

/// `GenericAlias(origin, args)`.
fn ga_new(_vm: &mut Vm, args: Args) -> PyResult {
    if !args.kwnames.is_empty() {
        return Err(type_error("GenericAlias() takes no keyword arguments"));
    }
    let pos = args.positional();
    if pos.len() != 3 {
        return Err(type_error(format!(
            "GenericAlias expected 2 arguments, got {}",
            pos.len().saturating_sub(1)
        )));
    }
    let cls = pos[0]
        .as_type()
        .ok_or_else(|| type_error("GenericAlias.__new__(X): X is not a type object"))?;
    Ok(new_generic_alias_of(cls, pos[1].clone(), pos[2].clone()))
}

/// How an alias shows one of its items (`ga_repr_item`).
fn repr_item(vm: &mut Vm, v: &Value) -> PyResult<String> {
    if v.is(&types::ELLIPSIS.value()) {
        return Ok("...".into());
    }
    if let Some(items) = list::as_list(v) {
        let items = items.0.borrow().clone();
        let mut parts = Vec::new();
        for i in &items {
            parts.push(repr_item(vm, i)?);
        }
        return Ok(format!("[{}]", parts.join(", ")));
    }
    if native_ref::<GenericAlias>(v).is_some() {
        return vm.repr_string(v);
    }
    if vm.getattr_opt(v, "__origin__")?.is_some() && vm.getattr_opt(v, "__args__")?.is_some() {
        return vm.repr_string(v);
    }
    let qualname = vm.getattr_opt(v, "__qualname__")?;
    let module = vm.getattr_opt(v, "__module__")?;
    match (qualname, module) {
        (Some(q), Some(m)) if !m.is_none() => {
            let q = vm.str_string(&q)?;
            let m = vm.str_string(&m)?;
            Ok(if m == "builtins" {
                q
            } else {
                format!("{m}.{q}")
            })
        }
        _ => vm.repr_string(v),
    }
}

fn ga_repr(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let ga = alias_of(me)?;
    let (origin, targs) = (ga.origin.clone(), tuple::items(&ga.args).to_vec());
    let mut s = if ga.starred {
        "*".to_string()
    } else {
        String::new()
    };
    s.push_str(&repr_item(vm, &origin)?);
    s.push('[');
    if targs.is_empty() {
        s.push_str("()");
    }
    for (i, a) in targs.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&repr_item(vm, a)?);
    }
    s.push(']');
    Ok(str::from_string(s))
}

/// `obj.name`, or `None` when it raises AttributeError (`_PyObject_LookupAttr`).
fn lookup_attr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Option<Value>> {
    match vm.getattr_opt(obj, name) {
        Err(e) if e.is_instance(&exception::ATTRIBUTE_ERROR) => Ok(None),
        r => r,
    }
}

/// The type variables among `args`, in order, each once (`_Py_make_parameters`).
fn make_parameters(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let mut params: Vec<Value> = Vec::new();
    for t in args {
        if t.as_type().is_some() {
            continue;
        }
        if lookup_attr(vm, t, "__typing_subst__")?.is_some() {
            if !params.iter().any(|p| p.is(t)) {
                params.push(t.clone());
            }
            continue;
        }
        if let Some(sub) = lookup_attr(vm, t, "__parameters__")? {
            if let Some(items) = tuple::as_tuple(&sub) {
                for p in items.iter() {
                    if !params.iter().any(|q| q.is(p)) {
                        params.push(p.clone());
                    }
                }
            }
        }
    }
    Ok(tuple::new_tuple(params))
}

fn ga_parameters(vm: &mut Vm, this: &Value) -> PyResult {
    let ga = alias_of(this)?;
    if let Some(p) = ga.parameters.borrow().clone() {
        return Ok(p);
    }
    let args = tuple::items(&ga.args).to_vec();
    let p = make_parameters(vm, &args)?;
    *ga.parameters.borrow_mut() = Some(p.clone());
    Ok(p)
}

/// The arguments of an unpacked tuple type (`*tuple[int, str]`, or what
/// `__typing_unpacked_tuple_args__` gives), else None (`_unpacked_tuple_args`).
fn unpacked_tuple_args(vm: &mut Vm, arg: &Value) -> PyResult<Option<Value>> {
    if let Some(ga) = native_ref::<GenericAlias>(arg).filter(|_| arg.is_type(&GENERIC_ALIAS_TYPE)) {
        if let Some(args) = ga.starred_tuple_args() {
            return Ok(Some(args));
        }
    }
    Ok(lookup_attr(vm, arg, "__typing_unpacked_tuple_args__")?.filter(|r| !r.is_none()))
}

/// The substitution's items with unpacked tuple types spread out, except `*tuple[X, ...]`
/// (`_unpack_args`).
fn unpack_args(vm: &mut Vm, key: &Value) -> PyResult<Vec<Value>> {
    let items: Vec<Value> = match tuple::as_tuple(key) {
        Some(t) => t.to_vec(),
        None => vec![key.clone()],
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.as_type().is_none() {
            if let Some(sub) = unpacked_tuple_args(vm, &item)? {
                if let Some(t) = tuple::as_tuple(&sub) {
                    if !t.last().is_some_and(|l| l.is(&types::ELLIPSIS.value())) {
                        out.extend(t.iter().cloned());
                        continue;
                    }
                }
            }
        }
        out.push(item);
    }
    Ok(out)
}

/// Whether `arg` is `*Ts` for a `TypeVarTuple` (`_is_unpacked_typevartuple`).
fn is_unpacked_typevartuple(vm: &mut Vm, arg: &Value) -> PyResult<bool> {
    if arg.as_type().is_some() {
        return Ok(false);
    }
    Ok(lookup_attr(vm, arg, "__typing_is_unpacked_typevartuple__")?.is_some_and(|v| v.is_true()))
}

/// `arg[...]` with the type variables among its `__parameters__` replaced (`subs_tvars`); a
/// `TypeVarTuple` replaced by a tuple contributes its items.
fn subs_tvars(vm: &mut Vm, arg: &Value, params: &[Value], items: &[Value]) -> PyResult {
    let sub = match lookup_attr(vm, arg, "__parameters__")? {
        Some(s) if tuple::as_tuple(&s).is_some_and(|t| !t.is_empty()) => s,
        _ => return Ok(arg.clone()),
    };
    let mut subargs = Vec::new();
    for p in tuple::items(&sub).iter() {
        if let Some(i) = params.iter().position(|q| q.is(p)) {
            let item = &items[i];
            let variadic = params[i].ty().lookup_str("__iter__").is_some();
            if variadic {
                if let Some(t) = tuple::as_tuple(item) {
                    subargs.extend(t.iter().cloned());
                    continue;
                }
            }
            subargs.push(item.clone());
        } else {
            subargs.push(p.clone());
        }
    }
    vm.getitem(arg, &tuple::new_tuple(subargs))
}

/// Substitutes `key` for the type variables `params` in `args` (`_Py_subs_parameters`): each
/// parameter may first reshape the arguments (`__typing_prepare_subst__`, which is how a
/// `TypeVarTuple` takes its share), then each argument is replaced through its
/// `__typing_subst__`, or recursively.
fn substitute(
    vm: &mut Vm,
    me: &Value,
    params: &Value,
    args: &[Value],
    key: &Value,
) -> PyResult<Vec<Value>> {
    let params = tuple::items(params).to_vec();
    if params.is_empty() {
        let r = vm.repr_string(me)?;
        return Err(type_error(format!("{r} is not a generic class")));
    }
    let mut item = tuple::new_tuple(unpack_args(vm, key)?);
    for p in &params {
        if let Some(prepare) =
            lookup_attr(vm, p, "__typing_prepare_subst__")?.filter(|f| !f.is_none())
        {
            item = vm.call(&prepare, &[me.clone(), item])?;
        }
    }
    let items: Vec<Value> = match tuple::as_tuple(&item) {
        Some(t) => t.to_vec(),
        None => vec![item.clone()],
    };
    if items.len() != params.len() {
        let r = vm.repr_string(me)?;
        return Err(type_error(format!(
            "Too {} arguments for {r}; actual {}, expected {}",
            if items.len() > params.len() {
                "many"
            } else {
                "few"
            },
            items.len(),
            params.len()
        )));
    }
    let mut out = Vec::with_capacity(args.len());
    for arg in args {
        if arg.as_type().is_some() {
            out.push(arg.clone());
            continue;
        }
        let unpack = is_unpacked_typevartuple(vm, arg)?;
        let new = match lookup_attr(vm, arg, "__typing_subst__")? {
            Some(f) => {
                let i = params.iter().position(|p| p.is(arg)).unwrap_or(0);
                vm.call(&f, std::slice::from_ref(&items[i]))?
            }
            None => subs_tvars(vm, arg, &params, &items)?,
        };
        if unpack {
            let spread = vm.collect(&new)?;
            out.extend(spread);
        } else {
            out.push(new);
        }
    }
    Ok(out)
}

fn ga_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getitem__", 2, 2)?;
    let params = ga_parameters(vm, &a[0])?;
    let ga = alias_of(&a[0])?;
    let (origin, targs) = (ga.origin.clone(), tuple::items(&ga.args).to_vec());
    let new_args = substitute(vm, &a[0], &params, &targs, &a[1])?;
    Ok(new_generic_alias_of(
        a[0].ty(),
        origin,
        tuple::new_tuple(new_args),
    ))
}

/// Names an alias answers itself; every other attribute is the origin's.
const OWN_ATTRIBUTES: &[&str] = &[
    "__class__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
];

fn ga_getattribute(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getattribute__", 2, 2)?;
    let name = str::as_str(&a[1]).unwrap_or("");
    if !OWN_ATTRIBUTES.contains(&name) {
        let origin = alias_of(&a[0])?.origin.clone();
        return vm.getattr_value(&origin, &a[1]);
    }
    match vm.generic_getattr(&a[0], &a[1])? {
        Some(v) => Ok(v),
        None => Err(exception::attribute_error(format!(
            "'types.GenericAlias' object has no attribute '{name}'"
        ))),
    }
}

fn ga_call(vm: &mut Vm, args: Args) -> PyResult {
    let origin = alias_of(&args.values[0])?.origin.clone();
    let obj = vm.call_with(
        &origin,
        Args {
            values: &args.values[1..],
            kwnames: args.kwnames,
        },
    )?;
    // CPython ignores AttributeError and TypeError here (objects without a __dict__).
    if let Err(e) = vm.setattr(&obj, "__orig_class__", args.values[0].clone()) {
        if !e.is_instance(&exception::ATTRIBUTE_ERROR) && !e.is_instance(&exception::TYPE_ERROR) {
            return Err(e);
        }
    }
    Ok(obj)
}

fn ga_mro_entries(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__mro_entries__", 2, 2)?;
    Ok(tuple::from_array([alias_of(&a[0])?.origin.clone()]))
}

fn ga_instancecheck(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(type_error(
        "isinstance() argument 2 cannot be a parameterized generic",
    ))
}

fn ga_subclasscheck(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(type_error(
        "issubclass() argument 2 cannot be a parameterized generic",
    ))
}

fn ga_eq(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__eq__", 2, 2)?;
    let (Some(x), Some(y)) = (
        native_ref::<GenericAlias>(&a[0]),
        native_ref::<GenericAlias>(&a[1]),
    ) else {
        return Ok(not_implemented());
    };
    let (xo, xa, yo, ya) = (
        x.origin.clone(),
        x.args.clone(),
        y.origin.clone(),
        y.args.clone(),
    );
    if x.starred != y.starred {
        return Ok(bool_value(false));
    }
    Ok(bool_value(vm.eq(&xo, &yo)? && vm.eq(&xa, &ya)?))
}

pub static GENERIC_ALIAS_ITER_TYPE: TypeObject = TypeObject::new_static(
    "generic_alias_iterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);

/// `iter(alias)`: yields the alias starred (`*tuple[int, ...]`) once; pickles as
/// `iter(alias)`, as CPython's.
struct AliasIter {
    alias: Option<Value>,
}

impl crate::object::iter::NativeIterator for AliasIter {
    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(alias) = self.alias.take() else {
            return Ok(None);
        };
        Ok(Some(alias_like(alias_of(&alias)?, true)))
    }

    fn reduce(&self, vm: &mut Vm) -> PyResult<Option<crate::object::iter::Reduced>> {
        let iter = vm.getattr(&vm.builtins_module.clone(), "iter")?;
        let arg = match &self.alias {
            Some(a) => a.clone(),
            None => tuple::from_array([]),
        };
        Ok(Some((iter, vec![arg], None)))
    }
}

/// A new alias with `ga`'s origin and arguments, starred or not.
fn alias_like(ga: &GenericAlias, starred: bool) -> Value {
    new_native(
        &GENERIC_ALIAS_TYPE,
        GenericAlias {
            origin: ga.origin.clone(),
            args: ga.args.clone(),
            parameters: std::cell::RefCell::new(None),
            starred,
        },
    )
}

fn ga_iter(_vm: &mut Vm, args: Args) -> PyResult {
    let plain = alias_like(alias_of(&args.values[0])?, false);
    Ok(crate::object::iter::new_native_iter(
        &GENERIC_ALIAS_ITER_TYPE,
        Box::new(AliasIter { alias: Some(plain) }),
    ))
}

fn ga_ne(vm: &mut Vm, args: Args) -> PyResult {
    let r = ga_eq(vm, args)?;
    if r.is(&not_implemented()) {
        return Ok(r);
    }
    Ok(bool_value(!r.is_true()))
}

fn ga_hash(vm: &mut Vm, args: Args) -> PyResult {
    let ga = alias_of(&args.values[0])?;
    let (o, a) = (ga.origin.clone(), ga.args.clone());
    let h = vm.hash(&o)? ^ vm.hash(&a)?;
    Ok(int::from_i64(if h == -1 { -2 } else { h }))
}

fn ga_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let ga = alias_of(&args.values[0])?;
    if ga.starred {
        // `next(iter(origin[args]))`, as CPython reduces a starred alias.
        let it = ga_iter(vm, Args::new(&args.values[..1]))?;
        let next = vm.getattr(&vm.builtins_module.clone(), "next")?;
        return Ok(tuple::from_array([next, tuple::from_array([it])]));
    }
    Ok(tuple::from_array([
        args.values[0].ty().to_value(),
        tuple::from_array([ga.origin.clone(), ga.args.clone()]),
    ]))
}

fn ga_dir(vm: &mut Vm, args: Args) -> PyResult {
    let origin = alias_of(&args.values[0])?.origin.clone();
    let dir = vm.getattr(&vm.builtins_module.clone(), "dir")?;
    let names = vm.call(&dir, &[origin])?;
    let mut out = vm.collect(&names)?;
    for n in OWN_ATTRIBUTES {
        let s = str::new_str(n);
        if !out.iter().any(|o| str::as_str(o) == Some(n)) {
            out.push(s);
        }
    }
    Ok(list::new_list(out))
}

fn get_origin(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(alias_of(this)?.origin.clone())
}

fn get_args(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(alias_of(this)?.args.clone())
}

fn get_unpacked(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(alias_of(this)?.starred))
}

/// The arguments of `*tuple[...]`, else None.
fn get_unpacked_tuple_args(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(alias_of(this)?.starred_tuple_args().unwrap_or_else(none))
}

// ---- UnionType ----

/// Whether `v` may be a member of `X | Y` (`is_unionable`).
fn unionable(v: &Value) -> bool {
    v.is_none()
        || v.as_type().is_some()
        || native_ref::<GenericAlias>(v).is_some()
        || union_of(v).is_some()
}

/// `a | b` for types, aliases and unions (`_Py_union_type_or`); NotImplemented otherwise.
pub fn union_or(vm: &mut Vm, a: &Value, b: &Value) -> PyResult {
    if !unionable(a) || !unionable(b) {
        return Ok(not_implemented());
    }
    let mut members: Vec<Value> = Vec::new();
    for side in [a, b] {
        let parts = match union_of(side) {
            Some(u) => tuple::items(&u.args).to_vec(),
            None => vec![side.clone()],
        };
        for p in parts {
            // None stands for its type, as CPython's union stores it.
            let p = if p.is_none() {
                types::NONE_TYPE.to_value()
            } else {
                p
            };
            let mut dup = false;
            for m in &members {
                // Aliases compare by value, everything else by identity.
                let both_aliases = native_ref::<GenericAlias>(m).is_some()
                    && native_ref::<GenericAlias>(&p).is_some();
                if m.is(&p) || (both_aliases && vm.eq(m, &p)?) {
                    dup = true;
                    break;
                }
            }
            if !dup {
                members.push(p);
            }
        }
    }
    if members.len() == 1 {
        return Ok(members.pop().expect("one"));
    }
    Ok(new_native(
        &UNION_TYPE,
        Union {
            args: tuple::new_tuple(members),
            parameters: std::cell::RefCell::new(None),
        },
    ))
}

fn union_or_method(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__or__", 2, 2)?;
    union_or(vm, &a[0], &a[1])
}

fn union_ror_method(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__ror__", 2, 2)?;
    union_or(vm, &a[1], &a[0])
}

fn union_args(v: &Value) -> PyResult<Vec<Value>> {
    union_of(v)
        .map(|u| tuple::items(&u.args).to_vec())
        .ok_or_else(|| type_error("UnionType expected"))
}

fn union_repr(vm: &mut Vm, args: Args) -> PyResult {
    let members = union_args(&args.values[0])?;
    let mut parts = Vec::new();
    for m in &members {
        parts.push(if m.is(&types::NONE_TYPE.to_value()) {
            "None".to_string()
        } else {
            repr_item(vm, m)?
        });
    }
    Ok(str::from_string(parts.join(" | ")))
}

/// `isinstance(x, A | B)` is `isinstance(x, (A, B))`: members are tried in order.
fn union_instancecheck(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__instancecheck__", 2, 2)?;
    for m in union_args(&a[0])? {
        if crate::builtins::isinstance_of(vm, &a[1], &m)? {
            return Ok(bool_value(true));
        }
    }
    Ok(bool_value(false))
}

fn union_subclasscheck(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__subclasscheck__", 2, 2)?;
    for m in union_args(&a[0])? {
        if crate::builtins::issubclass_of(vm, &a[1], &m)? {
            return Ok(bool_value(true));
        }
    }
    Ok(bool_value(false))
}

fn union_eq(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__eq__", 2, 2)?;
    let (Some(_), Some(_)) = (union_of(&a[0]), union_of(&a[1])) else {
        return Ok(not_implemented());
    };
    let (x, y) = (union_args(&a[0])?, union_args(&a[1])?);
    let (sx, sy) = (set::new_frozenset(), set::new_frozenset());
    for v in x {
        set::add(vm, &sx, v)?;
    }
    for v in y {
        set::add(vm, &sy, v)?;
    }
    Ok(bool_value(vm.eq(&sx, &sy)?))
}

fn union_ne(vm: &mut Vm, args: Args) -> PyResult {
    let r = union_eq(vm, args)?;
    if r.is(&not_implemented()) {
        return Ok(r);
    }
    Ok(bool_value(!r.is_true()))
}

fn union_hash(vm: &mut Vm, args: Args) -> PyResult {
    let s = set::new_frozenset();
    for v in union_args(&args.values[0])? {
        set::add(vm, &s, v)?;
    }
    Ok(int::from_i64(vm.hash(&s)?))
}

fn union_parameters(vm: &mut Vm, this: &Value) -> PyResult {
    let u = union_of(this).ok_or_else(|| type_error("UnionType expected"))?;
    if let Some(p) = u.parameters.borrow().clone() {
        return Ok(p);
    }
    let args = tuple::items(&u.args).to_vec();
    let p = make_parameters(vm, &args)?;
    *u.parameters.borrow_mut() = Some(p.clone());
    Ok(p)
}

fn union_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getitem__", 2, 2)?;
    let params = union_parameters(vm, &a[0])?;
    let members = union_args(&a[0])?;
    let new_args = substitute(vm, &a[0], &params, &members, &a[1])?;
    let mut it = new_args.into_iter();
    let mut acc = it.next().unwrap_or_else(none);
    for b in it {
        acc = vm.binary_op(
            &acc,
            &b,
            crate::bytecode::opcodes::BinaryOperator::Or,
            false,
        )?;
    }
    Ok(acc)
}

/// A union's `__module__` is its type's, as CPython's `union_getattro` answers (typing reads it).
fn union_module(vm: &mut Vm, this: &Value) -> PyResult {
    let ty = this.ty().to_value();
    vm.getattr(&ty, "__module__")
}

fn get_union_args(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(tuple::new_tuple(union_args(this)?))
}

pub fn specs() -> Vec<TypeSpec> {
    for ty in [&GENERIC_ALIAS_TYPE, &UNION_TYPE] {
        *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("types");
    }
    vec![
        crate::builtins::methods::iter::native_iter_spec(&GENERIC_ALIAS_ITER_TYPE),
        TypeSpec {
            ty: &GENERIC_ALIAS_TYPE,
            methods: methods![
                MethodDef::static_("__new__", ga_new),
                MethodDef::method("__repr__", ga_repr),
                MethodDef::method("__getitem__", ga_getitem),
                MethodDef::method("__getattribute__", ga_getattribute),
                MethodDef::method("__call__", ga_call),
                MethodDef::method("__mro_entries__", ga_mro_entries),
                MethodDef::method("__instancecheck__", ga_instancecheck),
                MethodDef::method("__subclasscheck__", ga_subclasscheck),
                MethodDef::method("__eq__", ga_eq),
                MethodDef::method("__iter__", ga_iter),
                MethodDef::method("__ne__", ga_ne),
                MethodDef::method("__hash__", ga_hash),
                MethodDef::method("__or__", union_or_method),
                MethodDef::method("__ror__", union_ror_method),
                MethodDef::method("__reduce__", ga_reduce),
                MethodDef::method("__dir__", ga_dir),
            ],
            getsets: getsets![
                GetSetDef::readonly("__origin__", get_origin),
                GetSetDef::readonly("__args__", get_args),
                GetSetDef::readonly("__parameters__", ga_parameters),
                GetSetDef::readonly("__unpacked__", get_unpacked),
                GetSetDef::readonly("__typing_unpacked_tuple_args__", get_unpacked_tuple_args),
            ],
            doc: Some("Represent a PEP 585 generic type\n\nE.g. for t = list[int], t.__origin__ is list and t.__args__ is (int,)."),
        },
        TypeSpec {
            ty: &UNION_TYPE,
            methods: methods![
                MethodDef::method("__repr__", union_repr),
                MethodDef::method("__or__", union_or_method),
                MethodDef::method("__ror__", union_ror_method),
                MethodDef::method("__instancecheck__", union_instancecheck),
                MethodDef::method("__subclasscheck__", union_subclasscheck),
                MethodDef::method("__eq__", union_eq),
                MethodDef::method("__ne__", union_ne),
                MethodDef::method("__hash__", union_hash),
                MethodDef::method("__getitem__", union_getitem),
            ],
            getsets: getsets![
                GetSetDef::readonly("__args__", get_union_args),
                GetSetDef::readonly("__parameters__", union_parameters),
                GetSetDef::readonly("__module__", union_module),
            ],
            doc: Some("Represent a PEP 604 union type\n\nE.g. for int | str"),
        },
    ]
}
