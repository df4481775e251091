//! The attributes of frame objects (`f_code`, `f_locals`, `f_back`, ...) and `clear()`.

use crate::object::error::{Args, PyResult};
use crate::object::frameobj::FrameObject;
use crate::object::types::{none, GetSetDef, MethodDef, TypeSpec, FRAME_TYPE};
use crate::object::value::Value;
use crate::object::{cell, dict, str};
use crate::vm::Vm;

fn fo(v: &Value) -> PyResult<&FrameObject> {
    v.payload_exact::<FrameObject>()
        .ok_or_else(|| crate::object::exception::type_error("expected frame"))
}
fn f_code(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(fo(this)?.code.clone())
}
fn f_globals(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(fo(this)?.globals.clone())
}
fn f_locals(_vm: &mut Vm, this: &Value) -> PyResult {
    let f = fo(this)?;
    if let Some(l) = f.locals.borrow().clone() {
        return Ok(l);
    }
    let fast = std::mem::take(&mut *f.fast.borrow_mut());
    let Some(code) = f.code.payload_exact::<crate::object::code::Code>() else {
        return Ok(f.globals.clone());
    };
    if code.compiled.flags & crate::bytecode::code::code_flags::NEWLOCALS == 0 {
        return Ok(f.globals.clone());
    }
    // A function frame: its locals as they were when the snapshot was taken.
    let d = dict::new_dict();
    for (name, v) in code.varnames.iter().zip(fast.iter()) {
        if let Some(v) = v {
            dict::set_str(&d, name, v.clone());
        }
    }
    let cc = &code.compiled;
    let cells = fast.iter().skip(code.varnames.len());
    for (name, c) in cc.cellvars.iter().chain(cc.freevars.iter()).zip(cells) {
        if let Some(v) = c.as_ref().and_then(cell::get) {
            dict::set_str(&d, &str::intern(name), v);
        }
    }
    *f.locals.borrow_mut() = Some(d.clone());
    Ok(d)
}
fn f_lineno(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(crate::object::int::from_i64(fo(this)?.lineno as i64))
}
fn f_lasti(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(crate::object::int::from_i64(fo(this)?.lasti as i64 * 2))
}
fn f_back(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(fo(this)?.back.clone().unwrap_or_else(none))
}

/// `frame.f_trace`: Heron has no tracing, so no frame has a trace function.
fn f_trace(_vm: &mut Vm, _this: &Value) -> PyResult {
    Ok(none())
}

/// Setting `frame.f_trace`: None (or deleting it) is what it already is; a trace function
/// cannot work without tracing, so it is refused with a message that says so (this is where
/// `pdb`, and so `breakpoint()`, stop).
fn set_f_trace(_vm: &mut Vm, _this: &Value, v: Option<Value>) -> PyResult<()> {
    match v {
        Some(f) if !f.is_none() => Err(crate::object::exception::not_implemented_error(
            "frame.f_trace: Heron does not support tracing yet, so debuggers such as pdb cannot run",
        )),
        _ => Ok(()),
    }
}

/// `frame.clear()`: drops the references the frame object holds to its locals (frame objects
/// are snapshots, so the running frame itself is not affected).
fn f_clear(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("clear", 1, 1)?;
    let f = fo(&a[0])?;
    let old = {
        let mut locals = f.locals.borrow_mut();
        match locals.as_ref() {
            Some(_) => locals.replace(crate::object::dict::new_dict()),
            None => None,
        }
    };
    drop(old);
    let fast = std::mem::take(&mut *f.fast.borrow_mut());
    drop(fast);
    Ok(none())
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &FRAME_TYPE,
        methods: methods![MethodDef::method("clear", f_clear)],
        getsets: getsets![
            GetSetDef::readonly("f_code", f_code),
            GetSetDef::readonly("f_globals", f_globals),
            GetSetDef::readonly("f_locals", f_locals),
            GetSetDef::readonly("f_lineno", f_lineno),
            GetSetDef::readonly("f_lasti", f_lasti),
            GetSetDef::readonly("f_back", f_back),
            GetSetDef::readwrite("f_trace", f_trace, set_f_trace),
        ],
        doc: None,
    }]
}
