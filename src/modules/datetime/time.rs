//! `time`: a time of day, optionally with a `tzinfo`.

use std::cell::Cell;

use super::{
    call_offset, call_tzname, check_time_fields, cls_arg, new_time_raw, not_implemented, opt_delta,
    opt_int_field, time_of, type_name, tzinfo_arg, Delta, Hms, TimeObj, Ymd, TIME_TYPE,
};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::new_native;
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn me(v: &Value) -> PyResult<&TimeObj> {
    time_of(v).ok_or_else(|| type_error("time expected"))
}

/// The 6 pickle state bytes of a time (the fold in the hour's high bit when `with_fold`).
pub fn state_bytes(t: Hms, with_fold: bool) -> Vec<u8> {
    let h = t.h as u8 | if with_fold && t.fold == 1 { 128 } else { 0 };
    vec![
        h,
        t.mi as u8,
        t.s as u8,
        (t.us >> 16) as u8,
        (t.us >> 8) as u8,
        t.us as u8,
    ]
}

fn state_of(v: &Value) -> PyResult<Option<Vec<u8>>> {
    if let Some(b) = bytes::as_bytes(v) {
        return Ok(Some(b.to_vec()));
    }
    if let Some(s) = str::as_str(v) {
        if !s.chars().all(|c| (c as u32) < 256) {
            return Err(value_error(
                "Failed to encode latin1 string when unpickling a time object. pickle.load(data, encoding='latin1') is assumed.",
            ));
        }
        return Ok(Some(s.chars().map(|c| c as u8).collect()));
    }
    Ok(None)
}

fn time_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    if (1..=2).contains(&rest.values.len()) && rest.kwnames.is_empty() {
        if let Some(st) = state_of(&rest.values[0])? {
            if st.len() == 6 && (st[0] & 0x7f) < 24 {
                let tz = tzinfo_arg(&rest.values.get(1).cloned())
                    .map_err(|_| type_error("bad tzinfo state arg"))?;
                let t = Hms {
                    h: (st[0] & 0x7f) as u32,
                    mi: st[1] as u32,
                    s: st[2] as u32,
                    us: (st[3] as u32) << 16 | (st[4] as u32) << 8 | st[5] as u32,
                    fold: (st[0] >> 7) as u32,
                };
                return Ok(new_native(
                    cls,
                    TimeObj {
                        t,
                        tz,
                        hash: Cell::new(None),
                    },
                ));
            }
        }
    }
    let b = rest.bind(
        "time",
        &["hour", "minute", "second", "microsecond", "tzinfo", "fold"],
        0,
    )?;
    if rest.positional().len() > 5 {
        return Err(type_error(format!(
            "function takes at most 5 positional arguments ({} given)",
            rest.positional().len()
        )));
    }
    let t = check_time_fields(
        opt_int_field(vm, &b[0], 0)?,
        opt_int_field(vm, &b[1], 0)?,
        opt_int_field(vm, &b[2], 0)?,
        opt_int_field(vm, &b[3], 0)?,
        opt_int_field(vm, &b[5], 0)?,
    )?;
    let tz = tzinfo_arg(&b[4])?;
    Ok(new_native(
        cls,
        TimeObj {
            t,
            tz,
            hash: Cell::new(None),
        },
    ))
}

fn utcoffset(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("utcoffset", 1, 1)?;
    let tz = me(&args.values[0])?.tz.clone();
    Ok(opt_delta(call_offset(vm, &tz, "utcoffset", &none())?))
}

fn dst(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("dst", 1, 1)?;
    let tz = me(&args.values[0])?.tz.clone();
    Ok(opt_delta(call_offset(vm, &tz, "dst", &none())?))
}

fn tzname(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("tzname", 1, 1)?;
    let tz = me(&args.values[0])?.tz.clone();
    call_tzname(vm, &tz, &none())
}

fn timespec_arg(v: &Option<Value>) -> PyResult<String> {
    match v {
        None => Ok("auto".into()),
        Some(s) => str::as_str(s).map(str::to_string).ok_or_else(|| {
            type_error(format!(
                "isoformat() argument 'timespec' must be str, not {}",
                s.ty().name()
            ))
        }),
    }
}

pub fn format_hms(t: Hms, timespec: &str) -> PyResult<String> {
    super::iso::format_time(t.h, t.mi, t.s, t.us, timespec)
        .map_err(|_| value_error("Unknown timespec value"))
}

fn isoformat(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("isoformat", &["self", "timespec"], 1)?;
    let v = b[0].clone().expect("self");
    let o = me(&v)?;
    let (t, tz) = (o.t, o.tz.clone());
    let mut s = format_hms(t, &timespec_arg(&b[1])?)?;
    if let Some(off) = call_offset(vm, &tz, "utcoffset", &none())? {
        s.push_str(&super::iso::format_offset(off, ":"));
    }
    Ok(str::from_string(s))
}

fn time_str(vm: &mut Vm, args: Args) -> PyResult {
    vm.call_method(&args.values[0], "isoformat", &[])
}

/// `, tzinfo=...)` and `, fold=1)` appended to a repr, as CPython's `append_keyword_*`.
pub fn repr_tail(vm: &mut Vm, mut s: String, tz: &Option<Value>, fold: u32) -> PyResult<String> {
    if let Some(tz) = tz {
        s.pop();
        s.push_str(&format!(", tzinfo={})", vm.repr_string(tz)?));
    }
    if fold == 1 {
        s.pop();
        s.push_str(", fold=1)");
    }
    Ok(s)
}

fn time_repr(vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let o = me(v)?;
    let (t, tz) = (o.t, o.tz.clone());
    let name = type_name(v);
    let s = if t.us != 0 {
        format!("{name}({}, {}, {}, {})", t.h, t.mi, t.s, t.us)
    } else if t.s != 0 {
        format!("{name}({}, {}, {})", t.h, t.mi, t.s)
    } else {
        format!("{name}({}, {})", t.h, t.mi)
    };
    Ok(str::from_string(repr_tail(vm, s, &tz, t.fold)?))
}

fn strftime(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("strftime", &["self", "format"], 2)?;
    let v = b[0].clone().expect("self");
    let o = me(&v)?;
    let (t, tz) = (o.t, o.tz.clone());
    let tt = super::struct_time(
        vm,
        Ymd {
            y: 1900,
            m: 1,
            d: 1,
        },
        t,
        -1,
    )?;
    let (tz1, tz2) = (tz.clone(), tz);
    super::wrap_strftime(
        vm,
        b[1].as_ref().expect("format"),
        tt,
        move |vm| call_offset(vm, &tz1, "utcoffset", &none()),
        move |vm| call_tzname(vm, &tz2, &none()),
        t.us,
    )
}

fn replace(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind(
        "replace",
        &[
            "self",
            "hour",
            "minute",
            "second",
            "microsecond",
            "tzinfo",
            "fold",
        ],
        1,
    )?;
    if args.positional().len() > 6 {
        return Err(type_error(format!(
            "replace() takes at most 5 positional arguments ({} given)",
            args.positional().len() - 1
        )));
    }
    let v = b[0].clone().expect("self");
    let o = me(&v)?;
    let (t0, tz0) = (o.t, o.tz.clone());
    let t = check_time_fields(
        opt_int_field(vm, &b[1], t0.h as i64)?,
        opt_int_field(vm, &b[2], t0.mi as i64)?,
        opt_int_field(vm, &b[3], t0.s as i64)?,
        opt_int_field(vm, &b[4], t0.us as i64)?,
        opt_int_field(vm, &b[6], t0.fold as i64)?,
    )?;
    let tz = match &b[5] {
        None => tz0,
        Some(z) => tzinfo_arg(&Some(z.clone()))?,
    };
    Ok(new_time_raw(v.ty(), t, tz))
}

fn fromisoformat(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let a = args.check_count("fromisoformat", 2, 2)?;
    let Some(s) = str::as_str(&a[1]) else {
        return Err(type_error("fromisoformat: argument must be str"));
    };
    let text = s.strip_prefix('T').unwrap_or(s);
    let invalid = || {
        value_error(format!(
            "Invalid isoformat string: {}",
            crate::object::str::repr_str(s)
        ))
    };
    let p = super::iso::parse_time(text.as_bytes()).ok_or_else(invalid)?;
    let [h, mi, sec, us] = p.fields;
    let t = check_time_fields(h, mi, sec, us, 0).map_err(|_| invalid())?;
    let tz = match p.offset {
        None => None,
        Some(None) => Some(super::tz::utc()),
        Some(Some(off)) => Some(super::tz::new_timezone(off, None).map_err(|_| invalid())?),
    };
    if std::ptr::eq(cls, &TIME_TYPE) {
        return Ok(new_time_raw(cls, t, tz));
    }
    vm.call(
        &cls.to_value(),
        &[
            int::from_i64(h),
            int::from_i64(mi),
            int::from_i64(sec),
            int::from_i64(us),
            tz.unwrap_or_else(none),
        ],
    )
}

/// Time comparisons, with offsets taken into account when the tzinfos differ.
fn compare(vm: &mut Vm, args: &Args, op: &str) -> PyResult {
    let a = me(&args.values[0])?;
    let Some(b) = args.values.get(1).and_then(time_of) else {
        return Ok(not_implemented());
    };
    let (at, bt, atz, btz) = (a.t, b.t, a.tz.clone(), b.tz.clone());
    let same_tz = match (&atz, &btz) {
        (None, None) => true,
        (Some(x), Some(y)) => x.is(y),
        _ => false,
    };
    if same_tz {
        return Ok(super::compare_result(at.key(), bt.key(), op));
    }
    let ao = call_offset(vm, &atz, "utcoffset", &none())?;
    let bo = call_offset(vm, &btz, "utcoffset", &none())?;
    match (ao, bo) {
        (x, y) if x == y => Ok(super::compare_result(at.key(), bt.key(), op)),
        (Some(x), Some(y)) => {
            let ka = (at.seconds() - x.days * 86_400 - x.secs, at.us as i64);
            let kb = (bt.seconds() - y.days * 86_400 - y.secs, bt.us as i64);
            Ok(super::compare_result(ka, kb, op))
        }
        _ => match op {
            "__eq__" => Ok(bool_value(false)),
            "__ne__" => Ok(bool_value(true)),
            _ => Err(type_error(
                "can't compare offset-naive and offset-aware times",
            )),
        },
    }
}

macro_rules! comparisons {
    ($($name:ident => $op:literal),*) => {
        $(fn $name(vm: &mut Vm, args: Args) -> PyResult {
            args.check_count($op, 2, 2)?;
            compare(vm, &args, $op)
        })*
    };
}
comparisons!(t_eq => "__eq__", t_ne => "__ne__", t_lt => "__lt__", t_le => "__le__", t_gt => "__gt__", t_ge => "__ge__");

fn time_hash(vm: &mut Vm, args: Args) -> PyResult {
    let o = me(&args.values[0])?;
    if let Some(h) = o.hash.get() {
        return Ok(int::from_i64(h));
    }
    let mut t = o.t;
    t.fold = 0;
    let tz = o.tz.clone();
    // A time's offset does not depend on its fold: tzinfo.utcoffset gets None.
    let off = call_offset(vm, &tz, "utcoffset", &none())?;
    let h = match off {
        None => str::hash_bytes(&state_bytes(t, false)),
        Some(off) => {
            let us = (t.seconds() as i128) * 1_000_000 + t.us as i128 - off.to_us();
            let d = super::new_delta(Delta::from_us(us)?);
            vm.hash(&d)?
        }
    };
    o.hash.set(Some(h));
    Ok(int::from_i64(h))
}

/// The pickle state tuple: the state bytes (with the fold from protocol 4), and the tzinfo.
pub fn pickle_state(v: &Value, proto: i64) -> PyResult {
    let o = me(v)?;
    let mut state = vec![bytes::new_bytes(state_bytes(o.t, proto > 3))];
    if let Some(tz) = &o.tz {
        state.push(tz.clone());
    }
    Ok(tuple::new_tuple(state))
}

pub fn types() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &TIME_TYPE,
        methods: methods![
            MethodDef::static_("__new__", time_new),
            MethodDef::class("fromisoformat", fromisoformat),
            MethodDef::method("utcoffset", utcoffset),
            MethodDef::method("dst", dst),
            MethodDef::method("tzname", tzname),
            MethodDef::method("isoformat", isoformat),
            MethodDef::method("__str__", time_str),
            MethodDef::method("__repr__", time_repr),
            MethodDef::method("strftime", strftime),
            MethodDef::method("__format__", super::date::format),
            MethodDef::method("replace", replace),
            MethodDef::method("__eq__", t_eq),
            MethodDef::method("__ne__", t_ne),
            MethodDef::method("__lt__", t_lt),
            MethodDef::method("__le__", t_le),
            MethodDef::method("__gt__", t_gt),
            MethodDef::method("__ge__", t_ge),
            MethodDef::method("__hash__", time_hash),
            MethodDef::method("__reduce_ex__", super::time_reduce_ex),
            MethodDef::method("__reduce__", super::time_reduce),
        ],
        getsets: getsets![
            GetSetDef::readonly("hour", super::hour_of),
            GetSetDef::readonly("minute", super::minute_of),
            GetSetDef::readonly("second", super::second_of),
            GetSetDef::readonly("microsecond", super::microsecond_of),
            GetSetDef::readonly("tzinfo", super::tzinfo_of),
            GetSetDef::readonly("fold", super::fold_of),
        ],
        doc: Some("time([hour[, minute[, second[, microsecond[, tzinfo]]]]]) --> a time object"),
    }]
}

pub fn class_attributes() -> PyResult<()> {
    let mk = |t: Hms| new_time_raw(&TIME_TYPE, t, None);
    super::set_class_attr(&TIME_TYPE, "min", mk(Hms::default()));
    super::set_class_attr(
        &TIME_TYPE,
        "max",
        mk(Hms {
            h: 23,
            mi: 59,
            s: 59,
            us: 999_999,
            fold: 0,
        }),
    );
    super::set_class_attr(
        &TIME_TYPE,
        "resolution",
        super::new_delta(Delta {
            days: 0,
            secs: 0,
            us: 1,
        }),
    );
    Ok(())
}
