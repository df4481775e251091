//! `_operator`, CPython's accelerator under `operator`: every operator function natively
//! (through the VM's own operations, so they behave as the operators do), the `attrgetter`,
//! `itemgetter` and `methodcaller` types with CPython's reprs and pickling, `length_hint`,
//! `call` and `_compare_digest`.

use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static ATTRGETTER_TYPE: TypeObject =
    TypeObject::new_static("attrgetter", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static ITEMGETTER_TYPE: TypeObject =
    TypeObject::new_static("itemgetter", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static METHODCALLER_TYPE: TypeObject =
    TypeObject::new_static("methodcaller", Layout::Native, Some(&OBJECT_TYPE), 0);

fn two<'a>(args: &Args<'a>, name: &str) -> PyResult<&'a [Value]> {
    args.check_count(name, 2, 2)
}

macro_rules! binary_fns {
    ($($name:ident, $py:literal, $op:ident, $inplace:expr;)*) => {
        $(fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let a = two(&args, $py)?;
            vm.binary_op(&a[0], &a[1], BinaryOperator::$op, $inplace)
        })*
        const BINARY: &[(&str, crate::object::error::NativeFn)] = &[$(($py, $name)),*];
    };
}

binary_fns! {
    add, "add", Add, false;
    sub, "sub", Subtract, false;
    mul, "mul", Multiply, false;
    matmul, "matmul", MatrixMultiply, false;
    truediv, "truediv", TrueDivide, false;
    floordiv, "floordiv", FloorDivide, false;
    modulo, "mod", Remainder, false;
    pow, "pow", Power, false;
    lshift, "lshift", LShift, false;
    rshift, "rshift", RShift, false;
    and_, "and_", And, false;
    or_, "or_", Or, false;
    xor, "xor", Xor, false;
    iadd, "iadd", Add, true;
    isub, "isub", Subtract, true;
    imul, "imul", Multiply, true;
    imatmul, "imatmul", MatrixMultiply, true;
    itruediv, "itruediv", TrueDivide, true;
    ifloordiv, "ifloordiv", FloorDivide, true;
    imod, "imod", Remainder, true;
    ipow, "ipow", Power, true;
    ilshift, "ilshift", LShift, true;
    irshift, "irshift", RShift, true;
    iand, "iand", And, true;
    ior, "ior", Or, true;
    ixor, "ixor", Xor, true;
}

macro_rules! compare_fns {
    ($($name:ident, $op:ident;)*) => {
        $(fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let a = two(&args, stringify!($name))?;
            vm.compare(&a[0], &a[1], CompareOperator::$op)
        })*
        const COMPARE: &[(&str, crate::object::error::NativeFn)] = &[$((stringify!($name), $name)),*];
    };
}

compare_fns! {
    lt, Lt;
    le, Le;
    eq, Eq;
    ne, Ne;
    gt, Gt;
    ge, Ge;
}

macro_rules! unary_fns {
    ($($name:ident, $dunder:literal, $sym:literal;)*) => {
        $(fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let a = args.check_count(stringify!($name), 1, 1)?;
            vm.unary_op(&a[0], $dunder, $sym)
        })*
    };
}

unary_fns! {
    neg, "__neg__", "-";
    pos, "__pos__", "+";
    inv, "__invert__", "~";
}

fn abs(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("abs", 1, 1)?;
    let f = vm.getattr(&vm.builtins_module.clone(), "abs")?;
    vm.call(&f, &a[..1])
}

fn not_(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("not_", 1, 1)?;
    Ok(bool_value(!vm.truthy(&a[0])?))
}

fn truth(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("truth", 1, 1)?;
    Ok(bool_value(vm.truthy(&a[0])?))
}

fn index(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("index", 1, 1)?;
    vm.index(&a[0])
}

fn is_(_vm: &mut Vm, args: Args) -> PyResult {
    let a = two(&args, "is_")?;
    Ok(bool_value(a[0].is(&a[1])))
}

fn is_not(_vm: &mut Vm, args: Args) -> PyResult {
    let a = two(&args, "is_not")?;
    Ok(bool_value(!a[0].is(&a[1])))
}

/// `PySequence_Check`: what concatenation accepts.
fn is_sequence(v: &Value) -> bool {
    dict::as_dict(v).is_none() && v.ty().lookup_str("__getitem__").is_some()
}

fn concat_op(vm: &mut Vm, args: Args, name: &str, inplace: bool) -> PyResult {
    let a = two(&args, name)?;
    if !is_sequence(&a[0]) {
        return Err(type_error(format!(
            "'{}' object can't be concatenated",
            a[0].ty().name()
        )));
    }
    vm.binary_op(&a[0], &a[1], BinaryOperator::Add, inplace)
}

fn concat(vm: &mut Vm, args: Args) -> PyResult {
    concat_op(vm, args, "concat", false)
}

fn iconcat(vm: &mut Vm, args: Args) -> PyResult {
    concat_op(vm, args, "iconcat", true)
}

fn contains(vm: &mut Vm, args: Args) -> PyResult {
    let a = two(&args, "contains")?;
    Ok(bool_value(vm.contains(&a[0], &a[1])?))
}

/// Positions where `item is x or item == x`, as `countOf` and `indexOf` search.
fn matches(vm: &mut Vm, seq: &Value, x: &Value, first_only: bool) -> PyResult<Vec<usize>> {
    let it = vm.iter(seq)?;
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(item) = vm.next(&it)? {
        if item.is(x) || vm.eq(&item, x)? {
            found.push(i);
            if first_only {
                break;
            }
        }
        i += 1;
    }
    Ok(found)
}

fn count_of(vm: &mut Vm, args: Args) -> PyResult {
    let a = two(&args, "countOf")?;
    Ok(int::from_usize(matches(vm, &a[0], &a[1], false)?.len()))
}

fn index_of(vm: &mut Vm, args: Args) -> PyResult {
    let a = two(&args, "indexOf")?;
    match matches(vm, &a[0], &a[1], true)?.first() {
        Some(&i) => Ok(int::from_usize(i)),
        None => Err(value_error("sequence.index(x): x not in sequence")),
    }
}

fn getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = two(&args, "getitem")?;
    vm.getitem(&a[0], &a[1])
}

fn setitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setitem", 3, 3)?;
    vm.setitem(&a[0], &a[1], a[2].clone())?;
    Ok(none())
}

fn delitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = two(&args, "delitem")?;
    vm.delitem(&a[0], &a[1])?;
    Ok(none())
}

/// `length_hint(obj, default=0)`, as CPython's `PyObject_LengthHint`.
fn length_hint(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("length_hint", 1, 2)?;
    let default = match a.get(1) {
        Some(d) if int::is_int(d) => int::as_i64(d).unwrap_or(0),
        Some(d) => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                d.ty().name()
            )))
        }
        None => 0,
    };
    let obj = &a[0];
    if obj.ty().lookup_str("__len__").is_some() {
        match vm.len(obj) {
            Ok(n) => return Ok(int::from_usize(n)),
            Err(e) if e.is_instance(&exception::TYPE_ERROR) => {}
            Err(e) => return Err(e),
        }
    }
    let Some(hint) = obj.ty().lookup_str("__length_hint__") else {
        return Ok(int::from_i64(default));
    };
    let r = match vm.call_slot(&hint, std::slice::from_ref(obj)) {
        Ok(r) => r,
        Err(e) if e.is_instance(&exception::TYPE_ERROR) => return Ok(int::from_i64(default)),
        Err(e) => return Err(e),
    };
    if r.is(&types::not_implemented()) {
        return Ok(int::from_i64(default));
    }
    if !int::is_int(&r) {
        return Err(type_error(format!(
            "__length_hint__ must be an integer, not {}",
            r.ty().name()
        )));
    }
    match int::as_i64(&r) {
        Some(n) if n < 0 => Err(value_error("__length_hint__() should return >= 0")),
        Some(n) => Ok(int::from_i64(n)),
        None => Err(exception::overflow_error(
            "cannot fit 'int' into an index-sized integer",
        )),
    }
}

fn call(vm: &mut Vm, args: Args) -> PyResult {
    if args.positional().is_empty() {
        return Err(type_error("call() missing required argument 'obj' (pos 1)"));
    }
    vm.call_with(
        &args.values[0],
        Args {
            values: &args.values[1..],
            kwnames: args.kwnames,
        },
    )
}

// ---- attrgetter, itemgetter, methodcaller ----

/// `attrgetter`: each entry is one requested attribute, as its dotted parts.
struct AttrGetter {
    names: Vec<Value>,
    paths: Vec<Vec<Value>>,
}

impl NativeData for AttrGetter {}

struct ItemGetter {
    items: Vec<Value>,
}

impl NativeData for ItemGetter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for v in &self.items {
            visit(v);
        }
    }
}

struct MethodCaller {
    name: Value,
    args: Vec<Value>,
    kwargs: Vec<(Value, Value)>,
}

impl NativeData for MethodCaller {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for v in &self.args {
            visit(v);
        }
        for (_, v) in &self.kwargs {
            visit(v);
        }
    }
}

fn qualified(ty: &TypeObject) -> String {
    format!("operator.{}", ty.name())
}

fn attrgetter_new(_vm: &mut Vm, args: Args) -> PyResult {
    let rest = &args.values[1..];
    if !args.kwnames.is_empty() {
        return Err(type_error("attrgetter() takes no keyword arguments"));
    }
    if rest.is_empty() {
        return Err(type_error("attrgetter expected 1 argument, got 0"));
    }
    let mut paths = Vec::new();
    for n in rest {
        let Some(s) = str::as_str(n) else {
            return Err(type_error("attribute name must be a string"));
        };
        paths.push(s.split('.').map(str::intern).collect());
    }
    Ok(new_native(
        &ATTRGETTER_TYPE,
        AttrGetter {
            names: rest.to_vec(),
            paths,
        },
    ))
}

fn attrgetter_call(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("attrgetter", 2, 2)?;
    let g = native_ref::<AttrGetter>(&a[0]).ok_or_else(|| type_error("attrgetter expected"))?;
    let mut out = Vec::with_capacity(g.paths.len());
    for path in &g.paths {
        let mut v = a[1].clone();
        for part in path {
            v = vm.getattr_value(&v, part)?;
        }
        out.push(v);
    }
    Ok(if out.len() == 1 {
        out.pop().expect("one")
    } else {
        tuple::new_tuple(out)
    })
}

fn getter_repr(vm: &mut Vm, this: &Value, items: &[Value], ty: &TypeObject) -> PyResult {
    if !crate::builtins::methods::list::repr_enter(this) {
        return Ok(str::from_string(format!("{}(...)", qualified(ty))));
    }
    let parts: PyResult<Vec<String>> = items.iter().map(|v| vm.repr_string(v)).collect();
    crate::builtins::methods::list::repr_leave(this);
    Ok(str::from_string(format!(
        "{}({})",
        qualified(ty),
        parts?.join(", ")
    )))
}

fn attrgetter_repr(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let g = native_ref::<AttrGetter>(this).ok_or_else(|| type_error("attrgetter expected"))?;
    getter_repr(vm, this, &g.names.clone(), &ATTRGETTER_TYPE)
}

fn attrgetter_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let g = native_ref::<AttrGetter>(&args.values[0])
        .ok_or_else(|| type_error("attrgetter expected"))?;
    Ok(tuple::from_array([
        ATTRGETTER_TYPE.to_value(),
        tuple::from_slice(&g.names),
    ]))
}

fn itemgetter_new(_vm: &mut Vm, args: Args) -> PyResult {
    if !args.kwnames.is_empty() {
        return Err(type_error("itemgetter() takes no keyword arguments"));
    }
    let rest = &args.values[1..];
    if rest.is_empty() {
        return Err(type_error("itemgetter expected 1 argument, got 0"));
    }
    Ok(new_native(
        &ITEMGETTER_TYPE,
        ItemGetter {
            items: rest.to_vec(),
        },
    ))
}

fn itemgetter_call(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("itemgetter", 2, 2)?;
    let g = native_ref::<ItemGetter>(&a[0]).ok_or_else(|| type_error("itemgetter expected"))?;
    if let [one] = g.items.as_slice() {
        return vm.getitem(&a[1], one);
    }
    let mut out = Vec::with_capacity(g.items.len());
    for i in &g.items {
        out.push(vm.getitem(&a[1], i)?);
    }
    Ok(tuple::new_tuple(out))
}

fn itemgetter_repr(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let g = native_ref::<ItemGetter>(this).ok_or_else(|| type_error("itemgetter expected"))?;
    getter_repr(vm, this, &g.items.clone(), &ITEMGETTER_TYPE)
}

fn itemgetter_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let g = native_ref::<ItemGetter>(&args.values[0])
        .ok_or_else(|| type_error("itemgetter expected"))?;
    Ok(tuple::from_array([
        ITEMGETTER_TYPE.to_value(),
        tuple::from_slice(&g.items),
    ]))
}

fn methodcaller_new(_vm: &mut Vm, args: Args) -> PyResult {
    let pos = &args.positional()[1..];
    let Some(name) = pos.first() else {
        return Err(type_error(
            "methodcaller needs at least one argument, the method name",
        ));
    };
    if str::as_str(name).is_none() {
        return Err(type_error("method name must be a string"));
    }
    let name = str::intern(str::as_str(name).expect("str"));
    Ok(new_native(
        &METHODCALLER_TYPE,
        MethodCaller {
            name,
            args: pos[1..].to_vec(),
            kwargs: args
                .keywords()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        },
    ))
}

fn methodcaller_call(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("methodcaller", 2, 2)?;
    let m = native_ref::<MethodCaller>(&a[0]).ok_or_else(|| type_error("methodcaller expected"))?;
    let method = vm.getattr_value(&a[1], &m.name)?;
    let mut values = m.args.clone();
    values.extend(m.kwargs.iter().map(|(_, v)| v.clone()));
    let kwnames: Vec<Value> = m.kwargs.iter().map(|(k, _)| k.clone()).collect();
    vm.call_with(
        &method,
        Args {
            values: &values,
            kwnames: &kwnames,
        },
    )
}

fn methodcaller_repr(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let m = native_ref::<MethodCaller>(this).ok_or_else(|| type_error("methodcaller expected"))?;
    if !crate::builtins::methods::list::repr_enter(this) {
        return Ok(str::from_string(format!(
            "{}(...)",
            qualified(&METHODCALLER_TYPE)
        )));
    }
    let result = (|| {
        let mut parts = vec![vm.repr_string(&m.name)?];
        for v in &m.args {
            parts.push(vm.repr_string(v)?);
        }
        for (k, v) in &m.kwargs {
            parts.push(format!("{}={}", vm.str_string(k)?, vm.repr_string(v)?));
        }
        Ok(str::from_string(format!(
            "{}({})",
            qualified(&METHODCALLER_TYPE),
            parts.join(", ")
        )))
    })();
    crate::builtins::methods::list::repr_leave(this);
    result
}

fn methodcaller_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let m = native_ref::<MethodCaller>(&args.values[0])
        .ok_or_else(|| type_error("methodcaller expected"))?;
    if m.kwargs.is_empty() {
        let mut items = vec![m.name.clone()];
        items.extend(m.args.iter().cloned());
        return Ok(tuple::from_array([
            METHODCALLER_TYPE.to_value(),
            tuple::new_tuple(items),
        ]));
    }
    // As CPython: a partial of the class that carries the keywords.
    let functools = vm.import_module("functools")?;
    let partial = vm.getattr(&functools, "partial")?;
    let mut values = vec![METHODCALLER_TYPE.to_value(), m.name.clone()];
    values.extend(m.kwargs.iter().map(|(_, v)| v.clone()));
    let kwnames: Vec<Value> = m.kwargs.iter().map(|(k, _)| k.clone()).collect();
    let maker = vm.call_with(
        &partial,
        Args {
            values: &values,
            kwnames: &kwnames,
        },
    )?;
    Ok(tuple::from_array([maker, tuple::from_slice(&m.args)]))
}

/// `_compare_digest(a, b)`: equality of two str (ASCII) or bytes-like values in time that
/// does not depend on where they differ.
fn compare_digest(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_compare_digest", 2, 2)?;
    let mismatch = || {
        type_error(format!(
            "unsupported operand types(s) or combination of types: '{}' and '{}'",
            a[0].ty().name(),
            a[1].ty().name()
        ))
    };
    let as_bytes = |v: &Value| -> PyResult<Vec<u8>> {
        if let Some(s) = str::as_str(v) {
            if !s.is_ascii() {
                return Err(type_error(
                    "comparing strings with non-ASCII characters is not supported",
                ));
            }
            return Ok(s.as_bytes().to_vec());
        }
        bytes::bytes_like(v).ok_or_else(mismatch)
    };
    if str::as_str(&a[0]).is_some() != str::as_str(&a[1]).is_some() {
        return Err(mismatch());
    }
    let (x, y) = (as_bytes(&a[0])?, as_bytes(&a[1])?);
    let mut diff = (x.len() != y.len()) as u8;
    for (i, b) in x.iter().enumerate() {
        diff |= b ^ y.get(i % y.len().max(1)).copied().unwrap_or(0);
    }
    Ok(bool_value(diff == 0))
}

/// Creates the `_operator` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    let getter_specs = [
        TypeSpec {
            ty: &ATTRGETTER_TYPE,
            methods: methods![
                MethodDef::static_("__new__", attrgetter_new),
                MethodDef::method("__call__", attrgetter_call),
                MethodDef::method("__repr__", attrgetter_repr),
                MethodDef::method("__reduce__", attrgetter_reduce),
            ],
            getsets: getsets![],
            doc: Some(
                "attrgetter(attr, ...) --> attrgetter object\n\nReturn a callable object that \
                 fetches the given attribute(s) from its operand.",
            ),
        },
        TypeSpec {
            ty: &ITEMGETTER_TYPE,
            methods: methods![
                MethodDef::static_("__new__", itemgetter_new),
                MethodDef::method("__call__", itemgetter_call),
                MethodDef::method("__repr__", itemgetter_repr),
                MethodDef::method("__reduce__", itemgetter_reduce),
            ],
            getsets: getsets![],
            doc: Some(
                "itemgetter(item, ...) --> itemgetter object\n\nReturn a callable object that \
                 fetches the given item(s) from its operand.",
            ),
        },
        TypeSpec {
            ty: &METHODCALLER_TYPE,
            methods: methods![
                MethodDef::static_("__new__", methodcaller_new),
                MethodDef::method("__call__", methodcaller_call),
                MethodDef::method("__repr__", methodcaller_repr),
                MethodDef::method("__reduce__", methodcaller_reduce),
            ],
            getsets: getsets![],
            doc: Some(
                "methodcaller(name, ...) --> methodcaller object\n\nReturn a callable object \
                 that calls the given method on its operand.",
            ),
        },
    ];
    for spec in &getter_specs {
        install_native_type(spec);
    }
    for ty in [&ATTRGETTER_TYPE, &ITEMGETTER_TYPE, &METHODCALLER_TYPE] {
        *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("operator");
    }
    let m = module::new_module("_operator");
    module::set_attr(&m, "__doc__", str::new_str("Operator interface.\n\nThis module exports a set of functions implemented in C corresponding\nto the intrinsic operators of Python.  For example, operator.add(x, y)\nis equivalent to the expression x+y.  The function names are those\nused for special methods; variants without leading and trailing\n'__' are also provided for convenience."));
    let others: &[(&str, crate::object::error::NativeFn)] = &[
        ("neg", neg),
        ("pos", pos),
        ("inv", inv),
        ("invert", inv),
        ("abs", abs),
        ("not_", not_),
        ("truth", truth),
        ("index", index),
        ("is_", is_),
        ("is_not", is_not),
        ("concat", concat),
        ("iconcat", iconcat),
        ("contains", contains),
        ("countOf", count_of),
        ("indexOf", index_of),
        ("getitem", getitem),
        ("setitem", setitem),
        ("delitem", delitem),
        ("length_hint", length_hint),
        ("call", call),
        ("_compare_digest", compare_digest),
    ];
    for fns in [BINARY, COMPARE, others] {
        crate::modules::add_functions(&m, fns);
    }
    for ty in [&ATTRGETTER_TYPE, &ITEMGETTER_TYPE, &METHODCALLER_TYPE] {
        module::set_attr(&m, &ty.name(), ty.to_value());
    }
    Ok(m)
}
