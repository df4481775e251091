//! `co_*` attributes of code objects.

use crate::object::code::Code;
use crate::object::error::{Args, PyResult};
use crate::object::types::{GetSetDef, MethodDef, TypeSpec, CODE_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn code(v: &Value) -> PyResult<&Code> {
    v.payload_exact::<Code>()
        .ok_or_else(|| exception::type_error("code object expected"))
}

fn strs(items: &[crate::bytecode::Text]) -> Value {
    tuple::new_tuple(items.iter().map(|s| str::intern(s)).collect())
}

fn co_name(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(code(this)?.name.clone())
}
fn co_qualname(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(code(this)?.qualname.clone())
}
fn co_filename(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(code(this)?.filename.clone())
}
fn co_argcount(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(code(this)?.compiled.argcount as i64))
}
fn co_posonlyargcount(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(code(this)?.compiled.posonlyargcount as i64))
}
fn co_kwonlyargcount(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(code(this)?.compiled.kwonlyargcount as i64))
}
fn co_nlocals(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(code(this)?.compiled.varnames.len()))
}
fn co_stacksize(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(code(this)?.compiled.max_stack as i64))
}
fn co_flags(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(code(this)?.compiled.flags as i64))
}
fn co_firstlineno(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(code(this)?.compiled.first_line as i64))
}
fn co_varnames(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(strs(&code(this)?.compiled.varnames))
}
fn co_cellvars(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(strs(&code(this)?.compiled.cellvars))
}
fn co_freevars(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(strs(&code(this)?.compiled.freevars))
}
fn co_names(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(tuple::from_slice(&code(this)?.names))
}
fn co_consts(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(tuple::from_slice(&code(this)?.consts))
}
fn co_code(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bytes::new_bytes(code(this)?.compiled.code.clone()))
}
fn co_lnotab(_vm: &mut Vm, _this: &Value) -> PyResult {
    Ok(bytes::new_bytes(Vec::new()))
}

fn code_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let c = code(&args.values[0])?;
    Ok(str::from_string(format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        c.compiled.name,
        args.values[0].word(),
        c.compiled.filename,
        c.compiled.first_line
    )))
}

/// `co_lines()`: (start, end, line) byte ranges.
fn code_lines(_vm: &mut Vm, args: Args) -> PyResult {
    let c = code(&args.values[0])?;
    let mut out = Vec::new();
    for (start, end, line) in c.compiled.lines.runs() {
        let line = if line == 0 {
            crate::object::types::none()
        } else {
            int::from_i64(line as i64)
        };
        out.push(tuple::from_array([
            int::from_usize(start * 2),
            int::from_usize(end * 2),
            line,
        ]));
    }
    Ok(list::new_list(out))
}

/// `co_positions()`: `(line, end_line, column, end_column)` per instruction. Heron's line
/// table has no columns yet, so those are None (and tracebacks show no carets).
fn code_positions(vm: &mut Vm, args: Args) -> PyResult {
    let c = code(&args.values[0])?;
    let items: Vec<Value> = c
        .compiled
        .lines
        .iter()
        .map(|l| {
            let line = if l == 0 {
                crate::object::types::none()
            } else {
                int::from_i64(l as i64)
            };
            tuple::from_array([
                line.clone(),
                line,
                crate::object::types::none(),
                crate::object::types::none(),
            ])
        })
        .collect();
    vm.iter(&list::new_list(items))
}

/// `code.replace(**changes)`: a copy with the given `co_*` fields changed. The fields that
/// name the code (`co_name`, `co_qualname`, `co_filename`, `co_firstlineno`) and `co_flags`
/// can change; the others would need the bytecode rewritten, which Heron does not do yet.
fn code_replace(_vm: &mut Vm, args: Args) -> PyResult {
    if args.values.len() - args.kwnames.len() > 1 {
        return Err(exception::type_error(
            "replace() takes no positional arguments",
        ));
    }
    let c = code(&args.values[0])?;
    let mut new = (*c.compiled).clone();
    for (k, v) in args.keywords() {
        let key = str::as_str(k).unwrap_or("");
        let text = || {
            str::as_str(v).map(str::to_string).ok_or_else(|| {
                exception::type_error(format!(
                    "replace() argument '{key}' must be str, not {}",
                    v.ty().name()
                ))
            })
        };
        let number = || {
            int::as_i64(v)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| {
                    exception::type_error(format!(
                        "replace() argument '{key}' must be int, not {}",
                        v.ty().name()
                    ))
                })
        };
        match key {
            "co_name" => new.name = text()?.into(),
            "co_qualname" => new.qualname = text()?.into(),
            "co_filename" => new.filename = text()?.into(),
            "co_firstlineno" => new.first_line = number()?,
            "co_flags" => new.flags = number()?,
            "co_argcount" | "co_posonlyargcount" | "co_kwonlyargcount" | "co_nlocals"
            | "co_stacksize" | "co_code" | "co_consts" | "co_names" | "co_varnames"
            | "co_freevars" | "co_cellvars" | "co_linetable" | "co_exceptiontable" => {
                return Err(exception::not_implemented_error(format!(
                    "code.replace({key}=...) is not supported by Heron yet"
                )))
            }
            _ => {
                return Err(exception::type_error(format!(
                    "replace() got an unexpected keyword argument '{key}'"
                )))
            }
        }
    }
    Ok(crate::object::code::new_code(std::rc::Rc::new(new)))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &CODE_TYPE,
        methods: methods![
            MethodDef::method("__repr__", code_repr),
            MethodDef::method("co_lines", code_lines),
            MethodDef::method("co_positions", code_positions),
            MethodDef::method("replace", code_replace)
        ],
        getsets: getsets![
            GetSetDef::readonly("co_name", co_name),
            GetSetDef::readonly("co_qualname", co_qualname),
            GetSetDef::readonly("co_filename", co_filename),
            GetSetDef::readonly("co_argcount", co_argcount),
            GetSetDef::readonly("co_posonlyargcount", co_posonlyargcount),
            GetSetDef::readonly("co_kwonlyargcount", co_kwonlyargcount),
            GetSetDef::readonly("co_nlocals", co_nlocals),
            GetSetDef::readonly("co_stacksize", co_stacksize),
            GetSetDef::readonly("co_flags", co_flags),
            GetSetDef::readonly("co_firstlineno", co_firstlineno),
            GetSetDef::readonly("co_varnames", co_varnames),
            GetSetDef::readonly("co_cellvars", co_cellvars),
            GetSetDef::readonly("co_freevars", co_freevars),
            GetSetDef::readonly("co_names", co_names),
            GetSetDef::readonly("co_consts", co_consts),
            GetSetDef::readonly("co_code", co_code),
            GetSetDef::readonly("co_lnotab", co_lnotab),
        ],
        doc: None,
    }]
}
