//! `atexit`: functions to call when the interpreter exits, last registered first.

use std::cell::RefCell;

use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// A registered call: the function, its positional arguments and its keyword names and values.
struct ExitCall {
    func: Value,
    values: Vec<Value>,
    kwnames: Vec<Value>,
}

thread_local! {
    static CALLBACKS: RefCell<Vec<ExitCall>> = const { RefCell::new(Vec::new()) };
}

fn register(_vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    let Some(func) = pos.first() else {
        return Err(type_error("register() takes at least 1 argument (0 given)"));
    };
    if func.ty().lookup_str("__call__").is_none() {
        return Err(type_error("the first argument must be callable"));
    }
    let kw: Vec<(Value, Value)> = args
        .keywords()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut values: Vec<Value> = pos[1..].to_vec();
    values.extend(kw.iter().map(|(_, v)| v.clone()));
    CALLBACKS.with(|c| {
        c.borrow_mut().push(ExitCall {
            func: func.clone(),
            values,
            kwnames: kw.into_iter().map(|(k, _)| k).collect(),
        })
    });
    Ok(func.clone())
}

fn unregister(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unregister", 1, 1)?;
    let funcs: Vec<Value> = CALLBACKS.with(|c| c.borrow().iter().map(|e| e.func.clone()).collect());
    let mut keep = Vec::with_capacity(funcs.len());
    for f in &funcs {
        keep.push(!(f.is(&a[0]) || vm.eq(f, &a[0])?));
    }
    CALLBACKS.with(|c| {
        let mut i = 0;
        c.borrow_mut().retain(|_| {
            let k = keep.get(i).copied().unwrap_or(true);
            i += 1;
            k
        })
    });
    Ok(none())
}

/// Runs and clears the registered functions, last first; errors are reported, not raised.
pub fn run_exitfuncs(vm: &mut Vm) {
    loop {
        let Some(call) = CALLBACKS.with(|c| c.borrow_mut().pop()) else {
            return;
        };
        let r = vm.call_with(&call.func, Args::with_kwnames(&call.values, &call.kwnames));
        if let Err(e) = r {
            if e.0.is_instance_of(&exception::SYSTEM_EXIT) {
                continue;
            }
            vm.flush_stdout();
            let what = vm
                .repr_string(&call.func)
                .unwrap_or_else(|_| "<callback>".into());
            let text = crate::vm::traceback::format_exception(vm, &e.0);
            eprint!("Exception ignored in atexit callback: {what}\n{text}");
        }
    }
}

fn run_exitfuncs_py(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("_run_exitfuncs", 0, 0)?;
    run_exitfuncs(vm);
    Ok(none())
}

fn clear(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("_clear", 0, 0)?;
    let old = CALLBACKS.with(|c| std::mem::take(&mut *c.borrow_mut()));
    drop(old);
    Ok(none())
}

fn ncallbacks(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("_ncallbacks", 0, 0)?;
    Ok(int::from_usize(CALLBACKS.with(|c| c.borrow().len())))
}

/// Creates the `atexit` module.
pub fn new_module(_vm: &mut Vm) -> PyResult<Value> {
    let m = module::new_module("atexit");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("register", register),
        ("unregister", unregister),
        ("_run_exitfuncs", run_exitfuncs_py),
        ("_clear", clear),
        ("_ncallbacks", ncallbacks),
    ];
    crate::modules::add_functions(&m, fns);
    Ok(m)
}
