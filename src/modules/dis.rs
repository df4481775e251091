//! The `dis` module: CPython-style listings of functions, methods, classes, code objects and
//! source strings, printed by the same disassembler the golden tests use.

use crate::bytecode::dis::{disassemble, DisOptions, LiveOpcode};
use crate::bytecode::opcodes::ALL_OPCODES;
use crate::bytecode::units;
use crate::bytecode::CompiledCode;
use crate::bytecode::Opcode;
use crate::compile::Mode;
use crate::object::code::Code;
use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;
use std::collections::HashMap;

fn code_address(c: &CompiledCode) -> String {
    format!("{:#x}", c as *const CompiledCode as usize)
}

/// The code object behind a function, method, generator, code object or source string.
fn code_of(vm: &mut Vm, x: &Value) -> PyResult<Option<Value>> {
    if x.payload_exact::<Code>().is_some() {
        return Ok(Some(x.clone()));
    }
    if let Some(s) = str::as_str(x) {
        let src = s.to_string();
        return vm.compile_source(&src, "<dis>", Mode::Exec).map(Some);
    }
    for attr in ["__func__", "__code__", "gi_code"] {
        if let Some(inner) = vm.getattr_opt(x, attr)? {
            return code_of(vm, &inner);
        }
    }
    Ok(None)
}

/// The opcodes the interpreter runs now, by compiled code (address) and instruction, for
/// `code` and the nested code objects whose bodies were built.
fn live_opcodes(code: &Value, out: &mut HashMap<usize, Vec<Opcode>>) {
    let Some(c) = code.payload_exact::<Code>() else {
        return;
    };
    if !c.is_built() {
        return;
    }
    let ops = c
        .units
        .iter()
        .map(|u| Opcode::from_u8(units::op_of(u.get())).unwrap_or(Opcode::NOP))
        .collect();
    out.insert(&*c.compiled as *const CompiledCode as usize, ops);
    for k in c.consts.iter() {
        live_opcodes(k, out);
    }
}

fn listing(code: &Value, adaptive: bool) -> String {
    let c = code.payload_exact::<Code>().expect("code");
    let mut live = HashMap::new();
    if adaptive {
        live_opcodes(code, &mut live);
    }
    let lookup = |cc: &CompiledCode, i: usize| {
        live.get(&(cc as *const CompiledCode as usize))
            .and_then(|ops| ops.get(i).copied())
    };
    let mut out = String::new();
    let _ = disassemble(
        &c.compiled,
        &mut out,
        &DisOptions {
            recursive: true,
            code_address: &code_address,
            adaptive: adaptive.then_some(&lookup as &LiveOpcode<'_>),
        },
    );
    out
}

fn dis(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.positional();
    let Some(x) = a.first() else {
        return Err(type_error(
            "dis() without arguments needs a traceback; pass an object",
        ));
    };
    let adaptive = match args.keyword("adaptive") {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let text = if let Some(t) = x.as_type() {
        // A class: each function in its dict, sorted by name, as CPython does.
        let d = t.dict_value();
        let mut items = dict::items(&d);
        items.sort_by(|a, b| str::as_str(&a.0).cmp(&str::as_str(&b.0)));
        let mut out = String::new();
        for (k, v) in items {
            if let Some(code) = code_of(vm, &v)? {
                if str::as_str(&v).is_some() {
                    continue;
                }
                out.push_str(&format!(
                    "Disassembly of {}:\n",
                    str::as_str(&k).unwrap_or("?")
                ));
                out.push_str(&listing(&code, adaptive));
                out.push('\n');
            }
        }
        out
    } else {
        match code_of(vm, x)? {
            Some(code) => listing(&code, adaptive),
            None => {
                return Err(type_error(format!(
                    "don't know how to disassemble {} objects",
                    x.ty().name()
                )))
            }
        }
    };
    crate::builtins::write_stdout(vm, &text)?;
    Ok(none())
}

/// Creates the `dis` module.
pub fn new_module(_vm: &mut Vm) -> Value {
    let m = module::new_module("dis");
    for (name, f) in [
        ("dis", dis as crate::object::error::NativeFn),
        ("disassemble", dis),
    ] {
        module::set_attr(
            &m,
            name,
            function::new_builtin_function(name, f, Some(m.clone())),
        );
    }
    // The instructions of `co_code` (specialized forms only appear with `adaptive=True`).
    let base = ALL_OPCODES.iter().take_while(|o| !o.is_specialized());
    let names: Vec<Value> = base.clone().map(|o| str::new_str(o.name())).collect();
    let opmap = dict::new_dict();
    for (i, o) in base.enumerate() {
        let n = o.name();
        dict::set_str(&opmap, &str::intern(n), int::from_usize(i));
    }
    module::set_attr(&m, "opname", list::new_list(names));
    module::set_attr(&m, "opmap", opmap);
    // `inspect` derives its CO_* constants from this table.
    let flags = dict::new_dict();
    for (bit, name) in [
        (1, "OPTIMIZED"),
        (2, "NEWLOCALS"),
        (4, "VARARGS"),
        (8, "VARKEYWORDS"),
        (16, "NESTED"),
        (32, "GENERATOR"),
        (64, "NOFREE"),
        (128, "COROUTINE"),
        (256, "ITERABLE_COROUTINE"),
        (512, "ASYNC_GENERATOR"),
    ] {
        let _ = dict::set_item(_vm, &flags, int::from_i64(bit), str::new_str(name));
    }
    module::set_attr(&m, "COMPILER_FLAG_NAMES", flags);
    m
}
