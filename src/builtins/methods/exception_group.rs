//! `BaseExceptionGroup` / `ExceptionGroup` (PEP 654): construction rules, `split`,
//! `subgroup` and `derive`, as CPython's `Objects/exceptions.c`.

use crate::object::error::{Args, PyResult};
use crate::object::exception::{
    new_exception, type_error, value_error, Exception, BASE_EXCEPTION, BASE_EXCEPTION_GROUP,
    EXCEPTION, EXCEPTION_GROUP,
};
use crate::object::types::{none, GetSetDef, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn parts(v: &Value) -> PyResult<(Value, Vec<Value>)> {
    let e = v
        .payload_exact::<Exception>()
        .ok_or_else(|| type_error("expected an exception group"))?;
    let args = e.args.borrow().clone();
    let items = tuple::items(&args);
    let msg = items.first().cloned().unwrap_or_else(none);
    let excs = items.get(1).map(|x| {
        if let Some(t) = tuple::as_tuple(x) {
            t.to_vec()
        } else {
            list::items(x)
        }
    });
    Ok((msg, excs.unwrap_or_default()))
}

/// `BaseExceptionGroup.__new__(cls, message, exceptions)`.
fn eg_new(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    if pos.len() != 3 {
        return Err(type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            pos.len() - 1
        )));
    }
    let cls = pos[0]
        .as_type()
        .ok_or_else(|| type_error("expected a type"))?;
    if str::as_str(&pos[1]).is_none() {
        return Err(type_error("argument 1 must be str"));
    }
    let seq = &pos[2];
    if list::as_list(seq).is_none() && tuple::as_tuple(seq).is_none() {
        return Err(type_error(
            "second argument (exceptions) must be a sequence",
        ));
    }
    let excs = vm.collect(seq)?;
    if excs.is_empty() {
        return Err(value_error(
            "second argument (exceptions) must be a non-empty sequence",
        ));
    }
    let mut all_exceptions = true;
    for (i, e) in excs.iter().enumerate() {
        if !e.is_instance_of(&BASE_EXCEPTION) {
            return Err(value_error(format!(
                "Item {i} of second argument (exceptions) is not an exception"
            )));
        }
        all_exceptions &= e.is_instance_of(&EXCEPTION);
    }
    let cls: &crate::object::typeobj::TypeObject =
        if std::ptr::eq(cls, &BASE_EXCEPTION_GROUP) && all_exceptions {
            &EXCEPTION_GROUP
        } else {
            if cls.is_subtype(&EXCEPTION_GROUP) && !all_exceptions {
                return Err(type_error(
                    "Cannot nest BaseExceptions in an ExceptionGroup",
                ));
            }
            cls
        };
    Ok(new_exception(cls, vec![pos[1].clone(), seq.clone()]))
}

fn eg_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn eg_str(vm: &mut Vm, args: Args) -> PyResult {
    let (msg, excs) = parts(&args.values[0])?;
    let m = vm.str_string(&msg)?;
    let n = excs.len();
    Ok(str::from_string(format!(
        "{m} ({n} sub-exception{})",
        if n == 1 { "" } else { "s" }
    )))
}

fn get_message(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(parts(this)?.0)
}

fn get_exceptions(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(tuple::new_tuple(parts(this)?.1))
}

/// Does a leaf exception match `cond` (a type, a tuple of types, or a predicate)?
fn matches(vm: &mut Vm, exc: &Value, cond: &Value) -> PyResult<bool> {
    if cond.as_type().is_some() || tuple::as_tuple(cond).is_some() {
        return crate::builtins::isinstance_of(vm, exc, cond);
    }
    let r = vm.call(cond, std::slice::from_ref(exc))?;
    vm.truthy(&r)
}

/// Copies traceback, cause, context and notes from `from` to `to`.
fn copy_metadata(from: &Value, to: &Value) {
    if let (Some(f), Some(t)) = (
        from.payload_exact::<Exception>(),
        to.payload_exact::<Exception>(),
    ) {
        *t.traceback.borrow_mut() = f.traceback.borrow().clone();
        *t.cause.borrow_mut() = f.cause.borrow().clone();
        *t.context.borrow_mut() = f.context.borrow().clone();
        if let Some(n) = dict::lookup_str(&f.dict, &str::intern_static("__notes__")) {
            dict::set_str(&t.dict, &str::intern_static("__notes__"), n);
        }
    }
}

fn derive(vm: &mut Vm, eg: &Value, excs: Vec<Value>) -> PyResult {
    let r = vm.call_method(eg, "derive", &[list::new_list(excs)])?;
    copy_metadata(eg, &r);
    Ok(r)
}

/// Splits `eg` by `cond` into (matching, rest), each None when empty.
fn split(vm: &mut Vm, eg: &Value, cond: &Value) -> PyResult<(Option<Value>, Option<Value>)> {
    if matches(vm, eg, cond)? {
        return Ok((Some(eg.clone()), None));
    }
    if !eg.is_instance_of(&BASE_EXCEPTION_GROUP) {
        return Ok((None, Some(eg.clone())));
    }
    let (_, excs) = parts(eg)?;
    let mut yes = Vec::new();
    let mut no = Vec::new();
    for e in excs {
        let (m, r) = split(vm, &e, cond)?;
        yes.extend(m);
        no.extend(r);
    }
    let m = if yes.is_empty() {
        None
    } else {
        Some(derive(vm, eg, yes)?)
    };
    let r = if no.is_empty() {
        None
    } else {
        Some(derive(vm, eg, no)?)
    };
    Ok((m, r))
}

fn eg_split(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("split", 2, 2)?;
    let (m, r) = split(vm, &a[0], &a[1])?;
    Ok(tuple::from_array([
        m.unwrap_or_else(none),
        r.unwrap_or_else(none),
    ]))
}

fn eg_subgroup(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("subgroup", 2, 2)?;
    let (m, _) = split(vm, &a[0], &a[1])?;
    Ok(m.unwrap_or_else(none))
}

fn eg_derive(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("derive", 2, 2)?;
    let (msg, _) = parts(&a[0])?;
    vm.call(&BASE_EXCEPTION_GROUP.to_value(), &[msg, a[1].clone()])
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &BASE_EXCEPTION_GROUP,
        methods: methods![
            MethodDef::static_("__new__", eg_new),
            MethodDef::method("__init__", eg_init),
            MethodDef::method("__str__", eg_str),
            MethodDef::method("split", eg_split),
            MethodDef::method("subgroup", eg_subgroup),
            MethodDef::method("derive", eg_derive),
        ],
        getsets: getsets![
            GetSetDef::readonly("message", get_message),
            GetSetDef::readonly("exceptions", get_exceptions)
        ],
        doc: None,
    }]
}
