//! Methods of `slice`.

use crate::bytecode::CompareOperator;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::slice::{as_slice, new_slice, slice_index, Slice};
use crate::object::types::{none, not_implemented, GetSetDef, MethodDef, TypeSpec, SLICE_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn this(v: &Value) -> PyResult<&Slice> {
    as_slice(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'slice' object but received a '{}'",
            v.ty().name()
        ))
    })
}

fn slice_new(_vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("slice")?;
    let a = &args.values[1..];
    match a.len() {
        0 => Err(type_error("slice expected at least 1 argument, got 0")),
        1 => Ok(new_slice(none(), a[0].clone(), none())),
        2 => Ok(new_slice(a[0].clone(), a[1].clone(), none())),
        3 => Ok(new_slice(a[0].clone(), a[1].clone(), a[2].clone())),
        n => Err(type_error(format!(
            "slice expected at most 3 arguments, got {n}"
        ))),
    }
}

fn slice_repr(vm: &mut Vm, args: Args) -> PyResult {
    let s = this(&args.values[0])?;
    let (a, b, c) = (s.start.clone(), s.stop.clone(), s.step.clone());
    let a = vm.repr_string(&a)?;
    let b = vm.repr_string(&b)?;
    let c = vm.repr_string(&c)?;
    Ok(str::from_string(format!("slice({a}, {b}, {c})")))
}

fn parts(s: &Slice) -> [Value; 3] {
    [s.start.clone(), s.stop.clone(), s.step.clone()]
}

fn compare(vm: &mut Vm, args: Args, op: CompareOperator) -> PyResult {
    let (Some(a), Some(b)) = (
        as_slice(&args.values[0]),
        args.values.get(1).and_then(as_slice),
    ) else {
        return Ok(not_implemented());
    };
    let (x, y) = (parts(a), parts(b));
    vm.seq_compare(&x, &y, op)
}

fn slice_eq(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Eq)
}
fn slice_ne(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Ne)
}
fn slice_lt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Lt)
}
fn slice_le(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Le)
}
fn slice_gt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Gt)
}
fn slice_ge(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, CompareOperator::Ge)
}

/// `slice.indices(length)`, as CPython's `_PySlice_GetLongIndices`.
fn slice_indices(vm: &mut Vm, args: Args) -> PyResult {
    let a = super::list::exact_args(args, "indices", 1)?;
    let s = this(&args.values[0])?;
    let (start_v, stop_v, step_v) = (s.start.clone(), s.stop.clone(), s.step.clone());
    let length = vm.index_i64(&a[0])? as i128;
    if length < 0 {
        return Err(value_error("length should not be negative"));
    }
    let step = if step_v.is_none() {
        1
    } else {
        slice_index(vm, &step_v)? as i128
    };
    if step == 0 {
        return Err(value_error("slice step cannot be zero"));
    }
    let (lower, upper) = if step < 0 {
        (-1, length - 1)
    } else {
        (0, length)
    };
    let bound = |vm: &mut Vm, v: &Value, default: i128| -> PyResult<i128> {
        if v.is_none() {
            return Ok(default);
        }
        let mut i = slice_index(vm, v)? as i128;
        if i < 0 {
            i += length;
            if i < lower {
                i = lower;
            }
        } else if i > upper {
            i = upper;
        }
        Ok(i)
    };
    let start = bound(vm, &start_v, if step < 0 { upper } else { lower })?;
    let stop = bound(vm, &stop_v, if step < 0 { lower } else { upper })?;
    let conv = |i: i128| int::from_bigint(num_bigint::BigInt::from(i));
    Ok(tuple::from_array([conv(start), conv(stop), conv(step)]))
}

fn slice_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let s = this(&args.values[0])?;
    let t = tuple::from_slice(&parts(s));
    Ok(tuple::from_array([SLICE_TYPE.to_value(), t]))
}

fn get_start(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(this(v)?.start.clone())
}
fn get_stop(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(this(v)?.stop.clone())
}
fn get_step(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(this(v)?.step.clone())
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &SLICE_TYPE,
        methods: methods![
            MethodDef::static_("__new__", slice_new),
            MethodDef::method("__repr__", slice_repr),
            MethodDef::method("__eq__", slice_eq),
            MethodDef::method("__ne__", slice_ne),
            MethodDef::method("__lt__", slice_lt),
            MethodDef::method("__le__", slice_le),
            MethodDef::method("__gt__", slice_gt),
            MethodDef::method("__ge__", slice_ge),
            MethodDef::method("indices", slice_indices),
            MethodDef::method("__reduce__", slice_reduce),
        ],
        getsets: getsets![
            GetSetDef::readonly("start", get_start),
            GetSetDef::readonly("stop", get_stop),
            GetSetDef::readonly("step", get_step),
        ],
        doc: None,
    }]
}
