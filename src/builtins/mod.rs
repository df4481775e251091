//! The `builtins` module: built-in functions and the names of the built-in types.

pub mod async_iter;
pub mod iterators;
pub mod methods;
pub mod sort;

use crate::bytecode::code::code_flags;
use crate::bytecode::BinaryOperator;
use crate::compile::Mode;
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{type_error, value_error, PyErrExt};
use crate::object::typeobj::TypeObject;
use crate::object::types::{bool_value, none, not_implemented};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// `sys.stdout`, or CPython's RuntimeError when it is gone (None when it is None: print then
/// writes nothing).
fn sys_stdout(vm: &mut Vm) -> PyResult<Option<Value>> {
    let out = vm
        .sys_attr("stdout")
        .ok_or_else(|| PyErr::new(&crate::object::exception::RUNTIME_ERROR, "lost sys.stdout"))?;
    Ok((!out.is_none()).then_some(out))
}

/// Writes to `sys.stdout` (`sys.displayhook`, `dis`, `input()`'s prompt).
pub fn write_stdout(vm: &mut Vm, text: &str) -> PyResult<()> {
    match sys_stdout(vm)? {
        Some(out) => crate::modules::io::stdio::write_text(vm, &out, text, None),
        None => Ok(()),
    }
}

fn print(vm: &mut Vm, args: Args) -> PyResult {
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut file: Option<Value> = None;
    let mut flush = false;
    for (k, v) in args.keywords() {
        match str::as_str(k).unwrap_or("") {
            "sep" if v.is_none() => {}
            "sep" => {
                sep = str::as_str(v)
                    .ok_or_else(|| {
                        type_error(format!(
                            "sep must be None or a string, not {}",
                            v.ty().name()
                        ))
                    })?
                    .to_string()
            }
            "end" if v.is_none() => {}
            "end" => {
                end = str::as_str(v)
                    .ok_or_else(|| {
                        type_error(format!(
                            "end must be None or a string, not {}",
                            v.ty().name()
                        ))
                    })?
                    .to_string()
            }
            "file" => file = if v.is_none() { None } else { Some(v.clone()) },
            "flush" => flush = vm.truthy(v)?,
            k => {
                return Err(type_error(format!(
                    "'{k}' is an invalid keyword argument for print()"
                )))
            }
        }
    }
    // The line stays Rust text unless a str with lone surrogates joins it; then the stream's
    // error handler sees them.
    let mut line = str::StrBuf::default();
    for (i, v) in args.positional().iter().enumerate() {
        if i > 0 {
            line.push_str(&sep);
        }
        if let Some(n) = v.as_small_int() {
            line.push_str(&n.to_string());
            continue;
        }
        let piece = if v.payload_exact::<str::Str>().is_some() {
            v.clone()
        } else {
            vm.str(v)?
        };
        if let Some(s) = str::payload(&piece) {
            line.push_value(s);
        }
    }
    line.push_str(&end);
    let file = match file {
        Some(f) => f,
        None => match sys_stdout(vm)? {
            Some(f) => f,
            None => return Ok(none()),
        },
    };
    match line.into_text() {
        Ok(t) => crate::modules::io::stdio::write_text(vm, &file, &t, None)?,
        Err(v) => {
            let t = str::as_str(&v).unwrap_or_default().to_string();
            crate::modules::io::stdio::write_text(vm, &file, &t, Some(&v))?
        }
    }
    if flush {
        vm.call_method(&file, "flush", &[])?;
    }
    Ok(none())
}

fn build_class(vm: &mut Vm, args: Args) -> PyResult {
    vm.build_class(args)
}

fn len(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("len", 1, 1)?;
    Ok(int::from_usize(vm.len(&a[0])?))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("repr", 1, 1)?;
    vm.repr(&a[0])
}

/// `ascii(v)`: repr with non-ASCII characters escaped.
pub fn ascii_of(vm: &mut Vm, v: &Value) -> PyResult {
    let r = vm.repr_string(v)?;
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        let u = c as u32;
        if u < 0x80 {
            out.push(c);
        } else if u <= 0xff {
            out.push_str(&format!("\\x{u:02x}"));
        } else if u <= 0xffff {
            out.push_str(&format!("\\u{u:04x}"));
        } else {
            out.push_str(&format!("\\U{u:08x}"));
        }
    }
    Ok(str::from_string(out))
}

fn ascii(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("ascii", 1, 1)?;
    ascii_of(vm, &a[0])
}

/// `isinstance(obj, cls)` honouring tuples and `__instancecheck__`.
pub fn isinstance_of(vm: &mut Vm, obj: &Value, cls: &Value) -> PyResult<bool> {
    if let Some(t) = cls.as_type() {
        if obj.is_instance_of(t) {
            return Ok(true);
        }
        let meta = cls.ty();
        if meta.is_heap() {
            if let Some(ic) = meta.lookup_str("__instancecheck__") {
                let r = vm.call_slot(&ic, &[cls.clone(), obj.clone()])?;
                return vm.truthy(&r);
            }
        }
        if let Some(c) = vm.getattr_opt(obj, "__class__")? {
            if let Some(ct) = c.as_type() {
                return Ok(ct.is_subtype(t));
            }
        }
        return Ok(false);
    }
    if let Some(items) = tuple::as_tuple(cls) {
        for c in items {
            if isinstance_of(vm, obj, c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(ic) = cls.ty().lookup_str("__instancecheck__") {
        let r = vm.call_slot(&ic, &[cls.clone(), obj.clone()])?;
        return vm.truthy(&r);
    }
    Err(type_error(
        "isinstance() arg 2 must be a type, a tuple of types, or a union",
    ))
}

fn isinstance(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("isinstance", 2, 2)?;
    Ok(bool_value(isinstance_of(vm, &a[0], &a[1])?))
}

/// `issubclass(cls, classinfo)`.
pub fn issubclass_of(vm: &mut Vm, cls: &Value, info: &Value) -> PyResult<bool> {
    if let Some(items) = tuple::as_tuple(info) {
        for c in items {
            if issubclass_of(vm, cls, c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let Some(t) = info.as_type() else {
        if let Some(sc) = info.ty().lookup_str("__subclasscheck__") {
            let r = vm.call_slot(&sc, &[info.clone(), cls.clone()])?;
            return vm.truthy(&r);
        }
        return Err(type_error(
            "issubclass() arg 2 must be a class, a tuple of classes, or a union",
        ));
    };
    let meta = info.ty();
    if meta.is_heap() {
        if let Some(sc) = meta.lookup_str("__subclasscheck__") {
            let r = vm.call_slot(&sc, &[info.clone(), cls.clone()])?;
            return vm.truthy(&r);
        }
    }
    let c = cls
        .as_type()
        .ok_or_else(|| type_error("issubclass() arg 1 must be a class"))?;
    Ok(c.is_subtype(t))
}

fn issubclass(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("issubclass", 2, 2)?;
    Ok(bool_value(issubclass_of(vm, &a[0], &a[1])?))
}

fn iter(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("iter", 1, 2)?;
    if a.len() == 2 {
        if !crate::vm::call::is_callable(&a[0]) {
            return Err(type_error("iter(v, w): v must be callable"));
        }
        return Ok(iterators::new_callable_iter(a[0].clone(), a[1].clone()));
    }
    vm.iter(&a[0])
}

fn next(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("next", 1, 2)?;
    let it = &a[0];
    if it.ty().lookup_str("__next__").is_none() {
        return Err(type_error(format!(
            "'{}' object is not an iterator",
            it.ty().name()
        )));
    }
    // Awaitables' iterators end with the awaited result in their StopIteration, which only
    // their `__next__` carries.
    let awaitable_iter = || {
        [
            &crate::vm::coroutine::CORO_WRAPPER_TYPE,
            &crate::vm::coroutine::ASEND_TYPE,
            &crate::vm::coroutine::ATHROW_TYPE,
            &async_iter::ANEXT_AWAITABLE_TYPE,
        ]
        .iter()
        .any(|t| it.is_type(t))
    };
    if a.len() == 1 && (it.ty().is_heap() || awaitable_iter()) {
        let f = it.ty().lookup_str("__next__").expect("checked");
        return vm.call_slot(&f, std::slice::from_ref(it));
    }
    if it.payload_exact::<generator::Generator>().is_some() {
        // A generator's return value travels in the StopIteration.
        return match crate::vm::generator::resume(vm, it, none(), None) {
            Ok(crate::vm::generator::SendResult::Yielded(v)) => Ok(v),
            Ok(crate::vm::generator::SendResult::Returned(r)) => match a.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(crate::object::exception::stop_iteration(r)),
            },
            Err(e) if a.len() == 2 && e.is_instance(&crate::object::exception::STOP_ITERATION) => {
                Ok(a[1].clone())
            }
            Err(e) => Err(e),
        };
    }
    match vm.next(it)? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(PyErrExt::stop()),
        },
    }
}

fn id(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("id", 1, 1)?;
    Ok(int::from_usize(a[0].word()))
}

fn hash(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("hash", 1, 1)?;
    Ok(int::from_i64(vm.hash(&a[0])?))
}

fn callable(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("callable", 1, 1)?;
    Ok(bool_value(crate::vm::call::is_callable(&a[0])))
}

fn attr_name(v: &Value) -> PyResult<&Value> {
    if str::as_str(v).is_some() {
        Ok(v)
    } else {
        Err(type_error(format!(
            "attribute name must be string, not '{}'",
            v.ty().name()
        )))
    }
}

fn getattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getattr", 2, 3)?;
    let name = str::intern_value(attr_name(&a[1])?);
    if a.len() == 3 {
        return match vm.getattr_value_opt(&a[0], &name) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Ok(a[2].clone()),
            Err(e) if e.is_instance(&crate::object::exception::ATTRIBUTE_ERROR) => Ok(a[2].clone()),
            Err(e) => Err(e),
        };
    }
    vm.getattr_value(&a[0], &name)
}

fn setattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setattr", 3, 3)?;
    let name = str::intern_value(attr_name(&a[1])?);
    vm.setattr_value(&a[0], &name, Some(a[2].clone()))?;
    Ok(none())
}

fn delattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("delattr", 2, 2)?;
    let name = str::intern_value(attr_name(&a[1])?);
    vm.setattr_value(&a[0], &name, None)?;
    Ok(none())
}

fn hasattr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("hasattr", 2, 2)?;
    let name = str::intern_value(attr_name(&a[1])?);
    match vm.getattr_value_opt(&a[0], &name) {
        Ok(v) => Ok(bool_value(v.is_some())),
        Err(e) if e.is_instance(&crate::object::exception::ATTRIBUTE_ERROR) => {
            Ok(bool_value(false))
        }
        Err(e) => Err(e),
    }
}

/// The innermost Python frame's (globals, locals).
fn current_namespaces(vm: &mut Vm) -> PyResult<(Value, Value)> {
    let Some(f) = vm.current_frame() else {
        return Err(crate::object::exception::system_error("no current frame"));
    };
    Ok((f.globals.clone(), f.locals_snapshot()))
}

fn globals(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(current_namespaces(vm)?.0)
}

fn locals(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(current_namespaces(vm)?.1)
}

fn vars(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("vars", 0, 1)?;
    if a.is_empty() {
        return Ok(current_namespaces(vm)?.1);
    }
    match vm.getattr_opt(&a[0], "__dict__") {
        Ok(Some(d)) => Ok(d),
        Ok(None) => Err(type_error("vars() argument must have __dict__ attribute")),
        Err(e) if e.is_instance(&crate::object::exception::ATTRIBUTE_ERROR) => {
            Err(type_error("vars() argument must have __dict__ attribute"))
        }
        Err(e) => Err(e),
    }
}

fn dir(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("dir", 0, 1)?;
    let names = if a.is_empty() {
        let l = current_namespaces(vm)?.1;
        list::new_list(dict::keys(&l))
    } else {
        let f = a[0]
            .ty()
            .lookup_str("__dir__")
            .ok_or_else(|| type_error("object does not provide __dir__"))?;
        let d = vm.call_slot(&f, std::slice::from_ref(&a[0]))?;
        list::new_list(vm.collect(&d)?)
    };
    let items = sort::sort_values(vm, list::items(&names), None, false)?;
    Ok(list::new_list(items))
}

fn abs(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("abs", 1, 1)?;
    if let Some(i) = a[0].as_small_int() {
        return Ok(int::from_i64(i.abs()));
    }
    match a[0].ty().lookup_str("__abs__") {
        Some(f) => vm.call_slot(&f, &[a[0].clone()]),
        None => Err(type_error(format!(
            "bad operand type for abs(): '{}'",
            a[0].ty().name()
        ))),
    }
}

fn min_max(vm: &mut Vm, args: Args, is_max: bool) -> PyResult {
    let fname = if is_max { "max" } else { "min" };
    let mut key: Option<Value> = None;
    let mut default: Option<Value> = None;
    for (k, v) in args.keywords() {
        match str::as_str(k).unwrap_or("") {
            "key" => key = if v.is_none() { None } else { Some(v.clone()) },
            "default" => default = Some(v.clone()),
            k => {
                return Err(type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    let pos = args.positional();
    let items: Vec<Value> = match pos.len() {
        0 => {
            return Err(type_error(format!(
                "{fname} expected at least 1 argument, got 0"
            )))
        }
        1 => vm.collect(&pos[0])?,
        _ => {
            if default.is_some() {
                return Err(type_error(format!(
                    "Cannot specify a default for {fname}() with multiple positional arguments"
                )));
            }
            pos.to_vec()
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Some(f) => vm.call(f, std::slice::from_ref(&item))?,
            None => item.clone(),
        };
        best = Some(match best {
            None => (k, item),
            Some((bk, bv)) => {
                let better = if is_max {
                    vm.compare_bool(&k, &bk, crate::bytecode::CompareOperator::Gt)?
                } else {
                    vm.lt(&k, &bk)?
                };
                if better {
                    (k, item)
                } else {
                    (bk, bv)
                }
            }
        });
    }
    match best {
        Some((_, v)) => Ok(v),
        None => match default {
            Some(d) => Ok(d),
            None => Err(value_error(format!("{fname}() arg is an empty sequence"))),
        },
    }
}

fn min(vm: &mut Vm, args: Args) -> PyResult {
    min_max(vm, args, false)
}

fn max(vm: &mut Vm, args: Args) -> PyResult {
    min_max(vm, args, true)
}

fn sum(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("sum", &["iterable", "start"], 1)?;
    let mut acc = b[1].clone().unwrap_or_else(|| int::from_i64(0));
    if str::as_str(&acc).is_some() {
        return Err(type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    if bytes::as_bytes(&acc).is_some() {
        return Err(type_error(
            "sum() can't sum bytes [use b''.join(seq) instead]",
        ));
    }
    let it = vm.iter(b[0].as_ref().expect("required"))?;
    loop {
        let next = vm.next_feeding(&it, &mut |v| match sum_step_native(&acc, &v) {
            Some(total) => {
                acc = total;
                Ok(())
            }
            None => Err(v),
        })?;
        let Some(v) = next else { return Ok(acc) };
        acc = match sum_step_native(&acc, &v) {
            Some(total) => total,
            None => vm.binary_op(&acc, &v, BinaryOperator::Add, false)?,
        };
    }
}

/// CPython's fast paths of `sum`: small ints (whose sum cannot overflow an i64) and exact
/// floats, added as `+` adds them; None for anything else.
#[inline]
fn sum_step_native(acc: &Value, v: &Value) -> Option<Value> {
    if acc.is_small_int() && v.is_small_int() {
        return Some(int::from_i64(acc.small_int_value() + v.small_int_value()));
    }
    let x = acc.payload_exact::<crate::object::float::Float>()?;
    let y = v.payload_exact::<crate::object::float::Float>()?;
    Some(crate::object::float::new_float(x.0 + y.0))
}

fn any(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("any", 1, 1)?;
    let it = vm.iter(&a[0])?;
    Ok(bool_value(find_truth(vm, &it, true)?))
}

fn all(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("all", 1, 1)?;
    let it = vm.iter(&a[0])?;
    Ok(bool_value(!find_truth(vm, &it, false)?))
}

/// Whether iterator `it` yields an item whose truth is `wanted`, consuming items up to the
/// first such (`any`, and `all` with false). A generator's items of the other truth are
/// dropped where it yields them.
fn find_truth(vm: &mut Vm, it: &Value, wanted: bool) -> PyResult<bool> {
    loop {
        let next = vm.next_feeding(it, &mut |v| match crate::vm::protocol::scalar_truth(&v) {
            Some(t) if t != wanted => Ok(()),
            _ => Err(v),
        })?;
        let Some(v) = next else { return Ok(false) };
        if vm.truthy(&v)? == wanted {
            return Ok(true);
        }
    }
}

fn sorted(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    if pos.len() != 1 {
        return Err(type_error(format!(
            "sorted expected 1 argument, got {}",
            pos.len()
        )));
    }
    let mut key = None;
    let mut reverse = false;
    for (k, v) in args.keywords() {
        match str::as_str(k).unwrap_or("") {
            "key" => key = if v.is_none() { None } else { Some(v.clone()) },
            "reverse" => reverse = vm.truthy(v)?,
            k => {
                return Err(type_error(format!(
                    "sort() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    let items = vm.collect(&pos[0])?;
    let out = sort::sort_values(vm, items, key.as_ref(), reverse)?;
    Ok(list::new_list(out))
}

fn chr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("chr", 1, 1)?;
    let i = vm.index_i64(&a[0]).map_err(|e| {
        if e.is_instance(&crate::object::exception::OVERFLOW_ERROR) {
            crate::object::exception::overflow_error("Python int too large to convert to C int")
        } else {
            e
        }
    })?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => Ok(str::from_string(c.to_string())),
        None if (0xd800..0xe000).contains(&i) => Ok(str::from_code_point(i as u32)),
        None => Err(value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("ord", 1, 1)?;
    if let Some(s) = str::payload(&a[0]) {
        if s.char_len() != 1 {
            return Err(type_error(format!(
                "ord() expected a character, but string of length {} found",
                s.char_len()
            )));
        }
        return Ok(int::from_i64(s.code_at(0) as i64));
    }
    if let Some(b) = bytes::bytes_like(&a[0]) {
        if b.len() != 1 {
            return Err(type_error(format!(
                "ord() expected a character, but string of length {} found",
                b.len()
            )));
        }
        return Ok(int::from_i64(b[0] as i64));
    }
    Err(type_error(format!(
        "ord() expected string of length 1, but {} found",
        a[0].ty().name()
    )))
}

fn radix(vm: &mut Vm, v: &Value, base: u32, prefix: &str) -> PyResult {
    let i = vm.index(v)?;
    let b = int::as_bigint(&i).unwrap_or_default();
    let neg = b < num_bigint::BigInt::from(0);
    let digits = if neg {
        (-b).to_str_radix(base)
    } else {
        b.to_str_radix(base)
    };
    Ok(str::from_string(format!(
        "{}{prefix}{digits}",
        if neg { "-" } else { "" }
    )))
}

fn hex(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("hex", 1, 1)?;
    radix(vm, &a[0], 16, "0x")
}
fn oct(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("oct", 1, 1)?;
    radix(vm, &a[0], 8, "0o")
}
fn bin(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("bin", 1, 1)?;
    radix(vm, &a[0], 2, "0b")
}

fn divmod(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("divmod", 2, 2)?;
    let r = vm.binary_dispatch(&a[0], &a[1], "__divmod__", "__rdivmod__")?;
    if r.is(&not_implemented()) {
        return Err(type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            a[0].ty().name(),
            a[1].ty().name()
        )));
    }
    Ok(r)
}

fn pow(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("pow", &["base", "exp", "mod"], 2)?;
    let base = b[0].clone().expect("required");
    let exp = b[1].clone().expect("required");
    match &b[2] {
        Some(m) if !m.is_none() => {
            let f = base.ty().lookup_str("__pow__").ok_or_else(|| {
                type_error("pow() 3rd argument not allowed unless all arguments are integers")
            })?;
            vm.call_slot(&f, &[base, exp, m.clone()])
        }
        _ => vm.binary_op(&base, &exp, BinaryOperator::Power, false),
    }
}

fn round(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("round", &["number", "ndigits"], 1)?;
    let n = b[0].clone().expect("required");
    let f = n.ty().lookup_str("__round__").ok_or_else(|| {
        type_error(format!(
            "type {} doesn't define __round__ method",
            n.ty().name()
        ))
    })?;
    match &b[1] {
        Some(d) if !d.is_none() => vm.call_slot(&f, &[n, d.clone()]),
        _ => vm.call_slot(&f, &[n]),
    }
}

fn format(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("format", 1, 2)?;
    let spec = match a.get(1) {
        Some(s) => str::as_str(s)
            .ok_or_else(|| {
                type_error(format!(
                    "format() argument 2 must be str, not {}",
                    s.ty().name()
                ))
            })?
            .to_string(),
        None => String::new(),
    };
    Ok(str::from_string(vm.format(&a[0], &spec)?))
}

/// The source text `compile()`, `exec()` and `eval()` were given: a str as is, bytes decoded
/// as PEP 263 says (a coding cookie, else UTF-8).
fn source_arg(vm: &mut Vm, v: &Value, fname: &str, filename: &str) -> PyResult<String> {
    if let Some(s) = str::as_str(v) {
        if s.contains('\0') {
            return Err(value_error("source code string cannot contain null bytes"));
        }
        return Ok(s.to_string());
    }
    if let Some(b) = bytes::bytes_like(v) {
        return vm.decode_source(&b, crate::vm::import::SourceOrigin::Compiled(filename));
    }
    Err(type_error(format!(
        "{fname}() arg 1 must be a string, bytes or code object"
    )))
}

fn namespaces_for(vm: &mut Vm, g: Option<&Value>, l: Option<&Value>) -> PyResult<(Value, Value)> {
    let (cg, cl) = current_namespaces(vm)?;
    let g = match g {
        Some(g) if !g.is_none() => {
            if dict::as_dict(g).is_none() {
                return Err(type_error(format!(
                    "globals must be a dict, not {}",
                    g.ty().name()
                )));
            }
            g.clone()
        }
        _ => cg,
    };
    let l = match l {
        Some(l) if !l.is_none() => l.clone(),
        _ => {
            if g.is(&cl) || l.is_some() {
                g.clone()
            } else {
                cl
            }
        }
    };
    Ok((g, l))
}

fn eval(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("eval", 1, 3)?;
    let explicit_globals = a.get(1).filter(|g| !g.is_none()).is_some();
    let (g, l) = namespaces_for(vm, a.get(1), a.get(2))?;
    let l = if explicit_globals && a.get(2).filter(|x| !x.is_none()).is_none() {
        g.clone()
    } else {
        l
    };
    let code = if a[0].payload_exact::<code::Code>().is_some() {
        a[0].clone()
    } else {
        let src = source_arg(vm, &a[0], "eval", "<string>")?;
        let flags = inherited_future_flags(vm);
        vm.compile_source_flags(
            src.trim_start_matches([' ', '\t']),
            "<string>",
            Mode::Eval,
            flags,
        )?
    };
    vm.exec_code(code, &g, Some(l))
}

fn exec(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("exec", 1, 3)?;
    let explicit_globals = a.get(1).filter(|g| !g.is_none()).is_some();
    let (g, l) = namespaces_for(vm, a.get(1), a.get(2))?;
    let l = if explicit_globals && a.get(2).filter(|x| !x.is_none()).is_none() {
        g.clone()
    } else {
        l
    };
    let code = if a[0].payload_exact::<code::Code>().is_some() {
        a[0].clone()
    } else {
        let src = source_arg(vm, &a[0], "exec", "<string>")?;
        let flags = inherited_future_flags(vm);
        vm.compile_source_flags(&src, "<string>", Mode::Exec, flags)?
    };
    vm.exec_code(code, &g, Some(l))?;
    Ok(none())
}

fn compile(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind(
        "compile",
        &[
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
            "_feature_version",
        ],
        3,
    )?;
    let flags = match &b[3] {
        Some(f) => vm.index_i64(f)?,
        None => 0,
    };
    let source = b[0].as_ref().expect("required");
    if flags & crate::modules::ast::PYCF_ONLY_AST != 0
        && !source.ty().is_subtype(&crate::modules::ast::AST_TYPE)
    {
        use crate::compile::pyast::{parse_tree, ParseKind};
        let filename = vm.str_string(b[1].as_ref().expect("required"))?;
        let src = source_arg(vm, source, "compile", &filename)?;
        let kind = match str::as_str(b[2].as_ref().expect("required")) {
            Some("exec") => ParseKind::Exec,
            Some("eval") => ParseKind::Eval,
            Some("single") => ParseKind::Single,
            Some("func_type") => {
                return Err(crate::object::exception::not_implemented_error(
                    "compile() in 'func_type' mode is not supported by Heron yet",
                ))
            }
            _ => {
                return Err(value_error(
                    "compile() mode must be 'exec', 'eval', 'single' or 'func_type'",
                ))
            }
        };
        let tree =
            parse_tree(&src, &filename, kind).map_err(|e| crate::vm::import::syntax_error(&e))?;
        return crate::modules::ast::tree_to_object(vm, tree);
    }
    // The future features in effect: those `flags` names, and unless `dont_inherit`, the
    // caller's.
    let dont_inherit = match &b[4] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let mut future_flags = flags as u32 & code_flags::FUTURE_ANNOTATIONS;
    if !dont_inherit {
        future_flags |= inherited_future_flags(vm);
    }
    let is_tree = source.ty().is_subtype(&crate::modules::ast::AST_TYPE);
    if is_tree && flags & crate::modules::ast::PYCF_ONLY_AST != 0 {
        return Ok(source.clone());
    }
    let filename = vm.str_string(b[1].as_ref().expect("required"))?;
    let mode = match str::as_str(b[2].as_ref().expect("required")) {
        Some("exec") => Mode::Exec,
        Some("eval") => Mode::Eval,
        Some("single") => Mode::Single,
        Some("func_type") if is_tree => {
            return Err(crate::object::exception::not_implemented_error(
                "compile() in 'func_type' mode is not supported by Heron yet",
            ))
        }
        _ => {
            return Err(value_error(
                "compile() mode must be 'exec', 'eval' or 'single'",
            ))
        }
    };
    if is_tree {
        return compile_tree(vm, source, &filename, mode, future_flags);
    }
    let src = source_arg(vm, source, "compile", &filename)?;
    vm.compile_source_flags(&src, &filename, mode, future_flags)
}

/// The future features code compiled by `compile()`, `exec()` and `eval()` inherits from the
/// code calling them (CPython's `PyEval_MergeCompilerFlags`).
fn inherited_future_flags(vm: &Vm) -> u32 {
    vm.current_frame()
        .and_then(|f| f.code.payload_exact::<code::Code>())
        .map_or(0, |c| c.compiled.flags & code_flags::FUTURE_ANNOTATIONS)
}

/// `compile()` of an `ast` tree, with CPython's errors for trees it rejects.
fn compile_tree(
    vm: &mut Vm,
    tree: &Value,
    filename: &str,
    mode: Mode,
    future_flags: u32,
) -> PyResult {
    use crate::compile::from_pyast::TreeError;
    let tree = crate::modules::ast::object_to_tree(vm, tree)?;
    match crate::compile::compile_tree(&tree, filename, mode, future_flags) {
        Ok(c) => Ok(code::new_code(c)),
        Err(TreeError::Type(m)) => Err(type_error(m)),
        Err(TreeError::Value(m)) => Err(value_error(m)),
        Err(TreeError::Unsupported(m)) => Err(crate::object::exception::not_implemented_error(m)),
        Err(TreeError::Syntax(e)) => Err(crate::vm::import::syntax_error(&e)),
    }
}

/// `input([prompt])`: the prompt goes to `sys.stdout` (flushed), the line comes from
/// `sys.stdin.readline()` without its newline; end of input is EOFError.
fn input(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("input", 0, 1)?;
    let sys_attr = |vm: &mut Vm, name: &str| {
        vm.sys_attr(name).filter(|s| !s.is_none()).ok_or_else(|| {
            PyErr::new(
                &crate::object::exception::RUNTIME_ERROR,
                format!("input(): lost sys.{name}"),
            )
        })
    };
    let stdin = sys_attr(vm, "stdin")?;
    let stdout = sys_attr(vm, "stdout")?;
    let _ = sys_attr(vm, "stderr").map(|e| vm.call_method(&e, "flush", &[]));
    if let Some(p) = a.first() {
        let prompt = vm.str(p)?;
        vm.call_method(&stdout, "write", &[prompt])?;
    }
    vm.call_method(&stdout, "flush", &[])?;
    let line = vm.call_method(&stdin, "readline", &[])?;
    let Some(text) = str::payload(&line) else {
        return Err(type_error("object.readline() returned non-string"));
    };
    if text.char_len() == 0 {
        return Err(PyErr::new(
            &crate::object::exception::EOF_ERROR,
            "EOF when reading a line",
        ));
    }
    if text.as_str().ends_with('\n') {
        let n = text.char_len();
        return vm.getitem(
            &line,
            &slice::new_slice(none(), int::from_usize(n - 1), none()),
        );
    }
    Ok(line)
}

/// `breakpoint(*args, **kws)`: calls `sys.breakpointhook` with the same arguments, after the
/// `builtins.breakpoint` audit event, as CPython's `builtin_breakpoint`.
fn breakpoint(vm: &mut Vm, args: Args) -> PyResult {
    let Some(hook) = vm.sys_attr("breakpointhook") else {
        return Err(PyErr::new(
            &crate::object::exception::RUNTIME_ERROR,
            "lost sys.breakpointhook",
        ));
    };
    crate::modules::sys::audit_event(vm, "builtins.breakpoint", vec![hook.clone()])?;
    vm.call_with(&hook, args)
}

fn import(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind(
        "__import__",
        &["name", "globals", "locals", "fromlist", "level"],
        1,
    )?;
    let name = b[0].clone().expect("required");
    let globals = b[1]
        .clone()
        .filter(|g| !g.is_none())
        .unwrap_or_else(dict::new_dict);
    let fromlist = b[3].clone().unwrap_or_else(none);
    let level = b[4].clone().unwrap_or_else(|| int::from_i64(0));
    vm.import_name(&name, &fromlist, &level, &globals)
}

fn register_fn(vm: &mut Vm, name: &'static str, f: crate::object::error::NativeFn) {
    let v = function::new_builtin_function(name, f, Some(vm.builtins_module.clone()));
    dict::set_str(&vm.builtins, &str::intern(name), v);
}

fn register_type(vm: &mut Vm, t: &'static TypeObject) {
    dict::set_str(&vm.builtins, &str::intern(&t.name()), t.to_value());
}

/// Fills the builtins module.
pub fn init(vm: &mut Vm) {
    use crate::object::types::*;
    use crate::vm::specialize::{register_native, Native};
    register_native(Native::Len, len);
    register_native(Native::IsInstance, isinstance);
    register_native(Native::ListAppend, methods::list::APPEND);
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("print", print),
        ("__build_class__", build_class),
        ("len", len),
        ("repr", repr),
        ("ascii", ascii),
        ("isinstance", isinstance),
        ("issubclass", issubclass),
        ("iter", iter),
        ("next", next),
        ("aiter", async_iter::aiter),
        ("anext", async_iter::anext),
        ("id", id),
        ("hash", hash),
        ("callable", callable),
        ("getattr", getattr),
        ("setattr", setattr),
        ("delattr", delattr),
        ("hasattr", hasattr),
        ("globals", globals),
        ("locals", locals),
        ("vars", vars),
        ("dir", dir),
        ("abs", abs),
        ("min", min),
        ("max", max),
        ("sum", sum),
        ("any", any),
        ("all", all),
        ("sorted", sorted),
        ("chr", chr),
        ("ord", ord),
        ("hex", hex),
        ("oct", oct),
        ("bin", bin),
        ("divmod", divmod),
        ("pow", pow),
        ("round", round),
        ("format", format),
        ("eval", eval),
        ("exec", exec),
        ("compile", compile),
        ("input", input),
        ("breakpoint", breakpoint),
        ("__import__", import),
        ("open", crate::modules::io::open),
    ];
    for (n, f) in fns {
        register_fn(vm, n, *f);
    }
    for t in [
        &OBJECT_TYPE,
        &TYPE_TYPE,
        &INT_TYPE,
        &BOOL_TYPE,
        &FLOAT_TYPE,
        &COMPLEX_TYPE,
        &STR_TYPE,
        &BYTES_TYPE,
        &BYTEARRAY_TYPE,
        &LIST_TYPE,
        &TUPLE_TYPE,
        &DICT_TYPE,
        &SET_TYPE,
        &FROZENSET_TYPE,
        &RANGE_TYPE,
        &SLICE_TYPE,
        &PROPERTY_TYPE,
        &CLASSMETHOD_TYPE,
        &STATICMETHOD_TYPE,
        &SUPER_TYPE,
        &iterators::ENUMERATE_TYPE,
        &iterators::ZIP_TYPE,
        &iterators::MAP_TYPE,
        &iterators::FILTER_TYPE,
        &iterators::REVERSED_TYPE,
        &crate::builtins::methods::memoryview::MEMORYVIEW_TYPE,
    ] {
        register_type(vm, t);
    }
    for t in crate::object::exception::exception_types() {
        register_type(vm, t);
    }
    let b = &vm.builtins;
    dict::set_str(b, &str::intern_static("None"), none());
    dict::set_str(b, &str::intern_static("Ellipsis"), ELLIPSIS.value());
    dict::set_str(b, &str::intern_static("NotImplemented"), not_implemented());
    dict::set_str(b, &str::intern_static("True"), bool_value(true));
    dict::set_str(b, &str::intern_static("False"), bool_value(false));
    dict::set_str(b, &str::intern_static("__debug__"), bool_value(true));
    dict::set_str(
        b,
        &str::intern_static("EnvironmentError"),
        crate::object::exception::OS_ERROR.to_value(),
    );
    dict::set_str(
        b,
        &str::intern_static("IOError"),
        crate::object::exception::OS_ERROR.to_value(),
    );
}
