//! The `cmath` module (finite arguments; special values follow C's real functions).

use crate::builtins::methods::complex::complex_abs;
use crate::object::complex::{as_complex, new_complex};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::types::bool_value;
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

type C = (f64, f64);

/// A complex argument: complex, `__complex__`, or a real number.
fn c_arg(vm: &mut Vm, v: &Value) -> PyResult<C> {
    if let Some(c) = as_complex(v) {
        return Ok(c);
    }
    if let Some(f) = v.ty().lookup_str("__complex__") {
        let r = vm.call_slot(&f, std::slice::from_ref(v))?;
        return as_complex(&r).ok_or_else(|| {
            type_error(format!(
                "__complex__ returned non-complex (type {})",
                r.ty().name()
            ))
        });
    }
    let x = vm
        .to_f64(v)
        .map_err(|_| type_error(format!("must be real number, not {}", v.ty().name())))?;
    Ok((x, 0.0))
}

fn one(vm: &mut Vm, args: &Args, name: &str) -> PyResult<C> {
    let a = args.check_count(name, 1, 1)?;
    c_arg(vm, &a[0])
}

fn c_sqrt(z: C) -> C {
    if z.0 == 0.0 && z.1 == 0.0 {
        return (0.0, z.1);
    }
    let ax = z.0.abs() / 8.0;
    let s = 2.0 * (ax + ax.hypot(z.1.abs() / 8.0)).sqrt();
    let d = z.1.abs() / (2.0 * s);
    if z.0 >= 0.0 {
        (s, d.copysign(z.1))
    } else {
        (d, s.copysign(z.1))
    }
}

fn c_log(z: C) -> PyResult<C> {
    let r = complex_abs(z.0, z.1)?;
    if r == 0.0 {
        return Err(value_error("math domain error"));
    }
    Ok((r.ln(), z.1.atan2(z.0)))
}

fn m_sqrt(vm: &mut Vm, args: Args) -> PyResult {
    let z = one(vm, &args, "sqrt")?;
    let (re, im) = c_sqrt(z);
    Ok(new_complex(re, im))
}

fn m_exp(vm: &mut Vm, args: Args) -> PyResult {
    let z = one(vm, &args, "exp")?;
    let l = z.0.exp();
    if z.1 == 0.0 {
        return Ok(new_complex(l, z.1));
    }
    Ok(new_complex(l * z.1.cos(), l * z.1.sin()))
}

fn m_log(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("log", 1, 2)?;
    let z = c_arg(vm, &a[0])?;
    let mut r = c_log(z)?;
    if let Some(b) = a.get(1) {
        let bz = c_arg(vm, b)?;
        let lb = c_log(bz)?;
        r = crate::builtins::methods::complex::c_quot(r, lb).ok_or_else(|| {
            crate::object::exception::zero_division_error("complex division by zero")
        })?;
    }
    Ok(new_complex(r.0, r.1))
}

fn m_log10(vm: &mut Vm, args: Args) -> PyResult {
    let z = one(vm, &args, "log10")?;
    let r = c_log(z)?;
    let k = std::f64::consts::LN_10;
    Ok(new_complex(r.0 / k, r.1 / k))
}

fn m_phase(vm: &mut Vm, args: Args) -> PyResult {
    let z = one(vm, &args, "phase")?;
    Ok(float::new_float(z.1.atan2(z.0)))
}

fn m_polar(vm: &mut Vm, args: Args) -> PyResult {
    let z = one(vm, &args, "polar")?;
    let r = complex_abs(z.0, z.1)?;
    Ok(tuple::from_array([
        float::new_float(r),
        float::new_float(z.1.atan2(z.0)),
    ]))
}

fn m_rect(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("rect", 2, 2)?;
    let r = vm.to_f64(&a[0])?;
    let phi = vm.to_f64(&a[1])?;
    Ok(new_complex(r * phi.cos(), r * phi.sin()))
}

fn m_isnan(vm: &mut Vm, args: Args) -> PyResult {
    let z = one(vm, &args, "isnan")?;
    Ok(bool_value(z.0.is_nan() || z.1.is_nan()))
}

fn m_isinf(vm: &mut Vm, args: Args) -> PyResult {
    let z = one(vm, &args, "isinf")?;
    Ok(bool_value(z.0.is_infinite() || z.1.is_infinite()))
}

fn m_isfinite(vm: &mut Vm, args: Args) -> PyResult {
    let z = one(vm, &args, "isfinite")?;
    Ok(bool_value(z.0.is_finite() && z.1.is_finite()))
}

/// Creates the `cmath` module.
pub fn new_module() -> Value {
    let m = module::new_module("cmath");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("sqrt", m_sqrt),
        ("exp", m_exp),
        ("log", m_log),
        ("log10", m_log10),
        ("phase", m_phase),
        ("polar", m_polar),
        ("rect", m_rect),
        ("isnan", m_isnan),
        ("isinf", m_isinf),
        ("isfinite", m_isfinite),
    ];
    crate::modules::add_functions(&m, fns);
    module::set_attr(&m, "pi", float::new_float(std::f64::consts::PI));
    module::set_attr(&m, "e", float::new_float(std::f64::consts::E));
    module::set_attr(&m, "tau", float::new_float(std::f64::consts::TAU));
    module::set_attr(&m, "inf", float::new_float(f64::INFINITY));
    module::set_attr(&m, "nan", float::new_float(f64::NAN));
    module::set_attr(&m, "infj", new_complex(0.0, f64::INFINITY));
    module::set_attr(&m, "nanj", new_complex(0.0, f64::NAN));
    m
}
