//! `tzinfo`, the abstract base of time zones, and `timezone`, a fixed offset from UTC.

use std::cell::RefCell;

use super::{
    cls_arg, datetime_of, delta_of, new_delta, not_implemented, Delta, TimeZoneObj, TzInfoObj,
    TIMEZONE_TYPE, TZINFO_TYPE,
};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{not_implemented_error, type_error, value_error};
use crate::object::native::new_native;
use crate::object::types::{bool_value, none, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

thread_local! {
    static UTC: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// `timezone.utc`.
pub fn utc() -> Value {
    UTC.with(|u| u.borrow().clone())
        .expect("_datetime initialised")
}

fn tzinfo_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    Ok(new_native(cls, TzInfoObj))
}

fn abstract_method(name: &str) -> PyResult {
    Err(not_implemented_error(format!(
        "a tzinfo subclass must implement {name}()"
    )))
}

fn tzinfo_tzname(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("tzname", 2, 2)?;
    abstract_method("tzname")
}

fn tzinfo_utcoffset(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("utcoffset", 2, 2)?;
    abstract_method("utcoffset")
}

fn tzinfo_dst(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("dst", 2, 2)?;
    abstract_method("dst")
}

/// The default `fromutc`: the standard offset, then DST, as CPython's `tzinfo_fromutc`.
fn tzinfo_fromutc(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fromutc", 2, 2)?;
    let (me, dt) = (&a[0], &a[1]);
    let Some(d) = datetime_of(dt) else {
        return Err(type_error("fromutc: argument must be a datetime"));
    };
    if !d.tz.as_ref().is_some_and(|t| t.is(me)) {
        return Err(value_error("fromutc: dt.tzinfo is not self"));
    }
    let tz = d.tz.clone();
    let off = super::call_offset(vm, &tz, "utcoffset", dt)?
        .ok_or_else(|| value_error("fromutc: non-None utcoffset() result required"))?;
    let mut dst = super::call_offset(vm, &tz, "dst", dt)?
        .ok_or_else(|| value_error("fromutc: non-None dst() result required"))?;
    let mut dt = dt.clone();
    let delta = off.to_us() - dst.to_us();
    if delta != 0 {
        dt = vm.binary_op(
            &dt,
            &super::delta_value(delta)?,
            crate::bytecode::BinaryOperator::Add,
            false,
        )?;
        dst = super::call_offset(vm, &tz, "dst", &dt)?.ok_or_else(|| {
            value_error("fromutc: tz.dst() gave inconsistent results; cannot convert")
        })?;
    }
    if !dst.is_zero() {
        return vm.binary_op(
            &dt,
            &new_delta(dst),
            crate::bytecode::BinaryOperator::Add,
            false,
        );
    }
    Ok(dt)
}

/// `(type(self), self.__getinitargs__() or (), self.__getstate__())`.
fn tzinfo_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let me = args.values[0].clone();
    let initargs = match me.ty().lookup_str("__getinitargs__") {
        Some(_) => vm.call_method(&me, "__getinitargs__", &[])?,
        None => tuple::from_array([]),
    };
    // CPython's `_PyObject_GetState(self)` without `required`: a class's own
    // `__getstate__`, else the instance dict when it has entries, else None.
    let own_getstate = me
        .ty()
        .lookup_str("__getstate__")
        .is_some_and(|f| !crate::builtins::methods::object::is_object_method(&f, "__getstate__"));
    let state = if own_getstate {
        vm.call_method(&me, "__getstate__", &[])?
    } else {
        crate::builtins::methods::object::default_state(vm, &me, false)?
    };
    Ok(tuple::from_array([me.ty().to_value(), initargs, state]))
}

// ---- timezone ----

pub fn new_timezone(offset: Delta, name: Option<Value>) -> PyResult {
    let inside = offset.days == 0 || (offset.days == -1 && (offset.secs, offset.us) != (0, 0));
    if !inside {
        return Err(value_error(format!(
            "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not {}.",
            super::delta::repr_of(&super::TIMEDELTA_TYPE, offset)
        )));
    }
    if offset.is_zero() && name.is_none() {
        if let Some(u) = UTC.with(|u| u.borrow().clone()) {
            return Ok(u);
        }
    }
    Ok(new_native(&TIMEZONE_TYPE, TimeZoneObj { offset, name }))
}

fn tz_of(v: &Value) -> PyResult<&TimeZoneObj> {
    super::timezone_of(v).ok_or_else(|| type_error("timezone expected"))
}

fn timezone_new(_vm: &mut Vm, args: Args) -> PyResult {
    let b = Args::with_kwnames(&args.values[1..], args.kwnames).bind(
        "timezone",
        &["offset", "name"],
        1,
    )?;
    let off_v = b[0].as_ref().expect("offset");
    let offset = delta_of(off_v).ok_or_else(|| {
        type_error(format!(
            "timezone() argument 1 must be datetime.timedelta, not {}",
            off_v.ty().name()
        ))
    })?;
    let name = match &b[1] {
        None => None,
        Some(n) if str::as_str(n).is_some() => Some(n.clone()),
        Some(n) => {
            return Err(type_error(format!(
                "timezone() argument 2 must be str, not {}",
                n.ty().name()
            )))
        }
    };
    new_timezone(offset, name)
}

/// The `dt` argument of timezone's methods: a datetime or None.
fn check_dt(dt: &Value, what: &str) -> PyResult<()> {
    if dt.is_none() || datetime_of(dt).is_some() {
        return Ok(());
    }
    Err(type_error(format!(
        "{what}(dt) argument must be a datetime instance or None, not {}",
        dt.ty().name()
    )))
}

fn tz_utcoffset(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("utcoffset", 2, 2)?;
    check_dt(&a[1], "utcoffset")?;
    Ok(new_delta(tz_of(&a[0])?.offset))
}

fn tz_dst(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("dst", 2, 2)?;
    check_dt(&a[1], "dst")?;
    tz_of(&a[0])?;
    Ok(none())
}

/// `UTC`, or `UTC±HH:MM[:SS[.ffffff]]`.
pub fn default_name(offset: Delta) -> String {
    if offset.is_zero() {
        return "UTC".into();
    }
    format!("UTC{}", super::iso::format_offset(offset, ":"))
}

fn tz_tzname(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("tzname", 2, 2)?;
    check_dt(&a[1], "tzname")?;
    let z = tz_of(&a[0])?;
    Ok(match &z.name {
        Some(n) => n.clone(),
        None => str::from_string(default_name(z.offset)),
    })
}

fn tz_fromutc(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fromutc", 2, 2)?;
    let z = tz_of(&a[0])?;
    let Some(d) = datetime_of(&a[1]) else {
        return Err(type_error("fromutc: argument must be a datetime"));
    };
    if !d.tz.as_ref().is_some_and(|t| t.is(&a[0])) {
        return Err(value_error("fromutc: dt.tzinfo is not self"));
    }
    vm.binary_op(
        &a[1],
        &new_delta(z.offset),
        crate::bytecode::BinaryOperator::Add,
        false,
    )
}

fn tz_eq(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__eq__", 2, 2)?;
    match super::timezone_of(&a[1]) {
        Some(o) => Ok(bool_value(tz_of(&a[0])?.offset == o.offset)),
        None => Ok(not_implemented()),
    }
}

fn tz_hash(vm: &mut Vm, args: Args) -> PyResult {
    let d = new_delta(tz_of(&args.values[0])?.offset);
    Ok(int::from_i64(vm.hash(&d)?))
}

fn tz_repr(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    if me.is(&utc()) {
        return Ok(str::new_str("datetime.timezone.utc"));
    }
    let z = tz_of(me)?;
    let off = super::delta::repr_of(&super::TIMEDELTA_TYPE, z.offset);
    let name = super::type_name(me);
    Ok(str::from_string(match &z.name {
        Some(n) => format!("{name}({off}, {})", vm.repr_string(n)?),
        None => format!("{name}({off})"),
    }))
}

fn tz_str(vm: &mut Vm, args: Args) -> PyResult {
    vm.call_method(&args.values[0], "tzname", &[none()])
}

fn tz_getinitargs(_vm: &mut Vm, args: Args) -> PyResult {
    let z = tz_of(&args.values[0])?;
    let mut items = vec![new_delta(z.offset)];
    if let Some(n) = &z.name {
        items.push(n.clone());
    }
    Ok(tuple::new_tuple(items))
}

pub fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &TZINFO_TYPE,
            methods: methods![
                MethodDef::static_("__new__", tzinfo_new),
                MethodDef::method("tzname", tzinfo_tzname),
                MethodDef::method("utcoffset", tzinfo_utcoffset),
                MethodDef::method("dst", tzinfo_dst),
                MethodDef::method("fromutc", tzinfo_fromutc),
                MethodDef::method("__reduce__", tzinfo_reduce),
            ],
            getsets: getsets![],
            doc: Some("Abstract base class for time zone info objects."),
        },
        TypeSpec {
            ty: &TIMEZONE_TYPE,
            methods: methods![
                MethodDef::static_("__new__", timezone_new),
                MethodDef::method("utcoffset", tz_utcoffset),
                MethodDef::method("dst", tz_dst),
                MethodDef::method("tzname", tz_tzname),
                MethodDef::method("fromutc", tz_fromutc),
                MethodDef::method("__eq__", tz_eq),
                MethodDef::method("__hash__", tz_hash),
                MethodDef::method("__repr__", tz_repr),
                MethodDef::method("__str__", tz_str),
                MethodDef::method("__getinitargs__", tz_getinitargs),
            ],
            getsets: getsets![],
            doc: Some("Fixed offset from UTC implementation of tzinfo."),
        },
    ]
}

/// Sets `timezone.utc`, `min` and `max`; returns `utc`.
pub fn class_attributes() -> PyResult {
    let utc = new_native(
        &TIMEZONE_TYPE,
        TimeZoneObj {
            offset: Delta::ZERO,
            name: None,
        },
    );
    UTC.with(|u| *u.borrow_mut() = Some(utc.clone()));
    super::set_class_attr(&TIMEZONE_TYPE, "utc", utc.clone());
    let edge = Delta::from_us(((23 * 60 + 59) * 60) as i128 * 1_000_000)?;
    super::set_class_attr(&TIMEZONE_TYPE, "max", new_timezone(edge, None)?);
    super::set_class_attr(
        &TIMEZONE_TYPE,
        "min",
        new_timezone(Delta::from_us(-edge.to_us())?, None)?,
    );
    Ok(utc)
}
