//! `date`: a day of the proleptic Gregorian calendar.

use super::calendar::{self, DAY_NAMES, MONTH_NAMES};
use super::{
    check_date_fields, cls_arg, date_of, date_of_class, datetime_of, int_field, not_implemented,
    type_name, DateObj, Hms, Ymd, DATE_TYPE,
};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error};
use crate::object::native::new_native;
use crate::object::types::{GetSetDef, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub fn me(v: &Value) -> PyResult<Ymd> {
    date_of(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'datetime.date' object but received a '{}'",
            v.ty().name()
        ))
    })
}

/// The pickle state of a date: year high, year low, month, day.
pub fn state_bytes(d: Ymd) -> Vec<u8> {
    vec![(d.y >> 8) as u8, (d.y & 0xff) as u8, d.m as u8, d.d as u8]
}

/// A date from pickle state bytes (or a latin-1 str of them), if `v` is one.
fn from_state(v: &Value) -> PyResult<Option<Ymd>> {
    let bytes: Vec<u8> = if let Some(b) = bytes::as_bytes(v) {
        b.to_vec()
    } else if let Some(s) = str::as_str(v) {
        if !s.chars().all(|c| (c as u32) < 256) {
            return Err(value_error(
                "Failed to encode latin1 string when unpickling a date object. pickle.load(data, encoding='latin1') is assumed.",
            ));
        }
        s.chars().map(|c| c as u8).collect()
    } else {
        return Ok(None);
    };
    if bytes.len() != 4 || !(1..=12).contains(&bytes[2]) {
        return Ok(None);
    }
    // As CPython, only the month byte is checked: other fields are taken as they are.
    Ok(Some(Ymd {
        y: (bytes[0] as i32) << 8 | bytes[1] as i32,
        m: bytes[2] as u32,
        d: bytes[3] as u32,
    }))
}

fn date_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    if rest.values.len() == 1 && rest.kwnames.is_empty() {
        if let Some(d) = from_state(&rest.values[0])? {
            return Ok(new_native(cls, DateObj(d)));
        }
    }
    let b = rest.bind("date", &["year", "month", "day"], 3)?;
    let y = int_field(vm, b[0].as_ref().expect("year"))?;
    let m = int_field(vm, b[1].as_ref().expect("month"))?;
    let d = int_field(vm, b[2].as_ref().expect("day"))?;
    Ok(new_native(cls, DateObj(check_date_fields(y, m, d)?)))
}

/// `cls.fromtimestamp(time.time())`, as CPython's `date_today` (a datetime class gets the
/// current time too).
fn today(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?.to_value();
    let (secs, us) = super::now_parts();
    let now = crate::object::float::new_float(secs as f64 + us as f64 * 1e-6);
    vm.call_method(&cls, "fromtimestamp", &[now])
}

fn fromtimestamp(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let a = Args::with_kwnames(&args.values[1..], args.kwnames).bind(
        "fromtimestamp",
        &["timestamp"],
        1,
    )?;
    let (secs, _) = super::timestamp_parts(vm, a[0].as_ref().expect("timestamp"))?;
    let tm = super::broken_down(secs, true)?;
    let (d, _) = super::tm_fields(&tm)?;
    date_of_class(vm, cls, d)
}

fn fromordinal(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let a = args.check_count("fromordinal", 2, 2)?;
    let n = int_field(vm, &a[1])?;
    if n < 1 {
        return Err(value_error("ordinal must be >= 1"));
    }
    let d = Ymd::from_ordinal(n).map_err(|_| {
        value_error(format!(
            "year {} is out of range",
            calendar::ord_to_ymd(n).0
        ))
    })?;
    date_of_class(vm, cls, d)
}

fn fromisoformat(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let a = args.check_count("fromisoformat", 2, 2)?;
    let Some(s) = str::as_str(&a[1]) else {
        return Err(type_error("fromisoformat: argument must be str"));
    };
    let d = super::iso::parse_date_only(s)
        .ok_or_else(|| value_error(format!("Invalid isoformat string: {}", repr_str(s))))??;
    date_of_class(vm, cls, d)
}

pub fn repr_str(s: &str) -> String {
    crate::object::str::repr_str(s)
}

fn fromisocalendar(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let b = Args::with_kwnames(&args.values[1..], args.kwnames).bind(
        "fromisocalendar",
        &["year", "week", "day"],
        3,
    )?;
    let mut fields = [0i64; 3];
    for (slot, v) in fields.iter_mut().zip(&b) {
        *slot = int_field(vm, v.as_ref().expect("bound")).map_err(|e| {
            if e.is_instance(&crate::object::exception::OVERFLOW_ERROR) {
                value_error("ISO calendar component out of range")
            } else {
                e
            }
        })?;
    }
    let (y, m, d) = calendar::iso_to_ymd(fields[0], fields[1], fields[2]).map_err(value_error)?;
    date_of_class(vm, cls, check_date_fields(y as i64, m as i64, d as i64)?)
}

pub fn ctime_of(d: Ymd, t: Hms) -> String {
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {:04}",
        DAY_NAMES[calendar::weekday(d.y, d.m, d.d) as usize],
        MONTH_NAMES[d.m as usize],
        d.d,
        t.h,
        t.mi,
        t.s,
        d.y
    )
}

pub fn iso_date(d: Ymd) -> String {
    format!("{:04}-{:02}-{:02}", d.y, d.m, d.d)
}

fn ctime(_vm: &mut Vm, args: Args) -> PyResult {
    let d = me(&args.values[0])?;
    Ok(str::from_string(ctime_of(d, Hms::default())))
}

fn isoformat(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("isoformat", 1, 1)?;
    Ok(str::from_string(iso_date(me(&args.values[0])?)))
}

fn date_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let d = me(v)?;
    Ok(str::from_string(format!(
        "{}({}, {}, {})",
        type_name(v),
        d.y,
        d.m,
        d.d
    )))
}

fn date_str(vm: &mut Vm, args: Args) -> PyResult {
    vm.call_method(&args.values[0], "isoformat", &[])
}

fn strftime(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("strftime", &["self", "format"], 2)?;
    let me_v = b[0].clone().expect("self");
    me(&me_v)?;
    let tt = vm.call_method(&me_v, "timetuple", &[])?;
    let fmt = b[1].as_ref().expect("format");
    super::wrap_strftime(
        vm,
        fmt,
        tt,
        |_| Ok(None),
        |_| Ok(crate::object::types::none()),
        0,
    )
}

/// `__format__`: `str(self)` for an empty spec, else `strftime(spec)`.
pub fn format(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__format__", 2, 2)?;
    let Some(spec) = str::as_str(&a[1]) else {
        return Err(type_error(format!("must be str, not {}", a[1].ty().name())));
    };
    if spec.is_empty() {
        return vm.str(&a[0]);
    }
    vm.call_method(&a[0], "strftime", &[a[1].clone()])
}

fn timetuple(vm: &mut Vm, args: Args) -> PyResult {
    let d = me(&args.values[0])?;
    super::struct_time(vm, d, Hms::default(), -1)
}

fn toordinal(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(me(&args.values[0])?.ordinal()))
}

fn weekday(_vm: &mut Vm, args: Args) -> PyResult {
    let d = me(&args.values[0])?;
    Ok(int::from_i64(calendar::weekday(d.y, d.m, d.d) as i64))
}

fn isoweekday(_vm: &mut Vm, args: Args) -> PyResult {
    let d = me(&args.values[0])?;
    Ok(int::from_i64(calendar::weekday(d.y, d.m, d.d) as i64 + 1))
}

fn isocalendar(vm: &mut Vm, args: Args) -> PyResult {
    let d = me(&args.values[0])?;
    let (y, w, wd) = calendar::iso_calendar(d.y, d.m, d.d);
    let cls = iso_calendar_class(vm)?;
    vm.call(
        &cls,
        &[tuple::from_array([
            int::from_i64(y as i64),
            int::from_i64(w as i64),
            int::from_i64(wd as i64),
        ])],
    )
}

thread_local! {
    static ISO_CALENDAR_DATE: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

/// `datetime.IsoCalendarDate`: a named (year, week, weekday) tuple that pickles as a plain
/// tuple.
fn iso_calendar_class(vm: &mut Vm) -> PyResult {
    if let Some(c) = ISO_CALENDAR_DATE.with(|c| c.borrow().clone()) {
        return Ok(c);
    }
    let helper = vm.import_module("_structseq")?;
    let make = vm.getattr(&helper, "make")?;
    let fields = tuple::from_array([
        str::new_str("year"),
        str::new_str("week"),
        str::new_str("weekday"),
    ]);
    let args = [
        str::new_str("IsoCalendarDate"),
        str::new_str("datetime"),
        fields,
        crate::object::types::none(),
        crate::object::types::bool_value(true),
    ];
    let cls = vm.call(&make, &args)?;
    ISO_CALENDAR_DATE.with(|c| *c.borrow_mut() = Some(cls.clone()));
    Ok(cls)
}

fn replace(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("replace", &["self", "year", "month", "day"], 1)?;
    let v = b[0].clone().expect("self");
    let d = me(&v)?;
    let y = super::opt_int_field(vm, &b[1], d.y as i64)?;
    let m = super::opt_int_field(vm, &b[2], d.m as i64)?;
    let dd = super::opt_int_field(vm, &b[3], d.d as i64)?;
    Ok(new_native(v.ty(), DateObj(check_date_fields(y, m, dd)?)))
}

/// Date comparisons; a plain date never orders against a datetime (CPython gives the
/// datetime's answer: unequal, or TypeError).
fn compare(args: &Args, op: &str) -> PyResult {
    let a_v = &args.values[0];
    let b_v = &args.values[1];
    let a = me(a_v)?;
    let Some(b) = date_of(b_v) else {
        return Ok(not_implemented());
    };
    // A datetime answers for itself (its reflected method runs first); forcing date's own
    // method compares the date parts, as CPython's `date_richcompare` does.
    if datetime_of(a_v).is_some() && datetime_of(b_v).is_none() {
        return match op {
            "__eq__" => Ok(crate::object::types::bool_value(false)),
            "__ne__" => Ok(crate::object::types::bool_value(true)),
            _ => Err(type_error(format!(
                "can't compare {} to {}",
                type_name(a_v),
                type_name(b_v)
            ))),
        };
    }
    Ok(super::compare_result(a.key(), b.key(), op))
}

macro_rules! comparisons {
    ($($name:ident => $op:literal),*) => {
        $(fn $name(_vm: &mut Vm, args: Args) -> PyResult {
            args.check_count($op, 2, 2)?;
            compare(&args, $op)
        })*
    };
}
comparisons!(d_eq => "__eq__", d_ne => "__ne__", d_lt => "__lt__", d_le => "__le__", d_gt => "__gt__", d_ge => "__ge__");

fn date_hash(_vm: &mut Vm, args: Args) -> PyResult {
    let d = me(&args.values[0])?;
    Ok(int::from_i64(str::hash_bytes(&state_bytes(d))))
}

/// `date ± timedelta` and `date - date`.
fn add_days(vm: &mut Vm, v: &Value, days: i64) -> PyResult {
    let d = me(v)?;
    let n = d.ordinal() + days;
    let r = Ymd::from_ordinal(n).map_err(|_| overflow_error("date value out of range"))?;
    date_of_class(vm, v.ty(), r)
}

fn d_add(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = (&args.values[0], &args.values[1]);
    if datetime_of(a).is_some() {
        return Ok(not_implemented());
    }
    match super::delta_of(b) {
        Some(delta) => add_days(vm, a, delta.days),
        None => Ok(not_implemented()),
    }
}

fn d_sub(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = (&args.values[0], &args.values[1]);
    if datetime_of(a).is_some() {
        return Ok(not_implemented());
    }
    if let Some(delta) = super::delta_of(b) {
        return add_days(vm, a, -delta.days);
    }
    if datetime_of(b).is_none() {
        if let Some(other) = date_of(b) {
            return super::delta_value(
                (me(a)?.ordinal() - other.ordinal()) as i128 * 86_400_000_000,
            );
        }
    }
    Ok(not_implemented())
}

fn reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let d = me(v)?;
    Ok(tuple::from_array([
        v.ty().to_value(),
        tuple::from_array([bytes::new_bytes(state_bytes(d))]),
    ]))
}

fn year(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(me(this)?.y as i64))
}

fn month(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(me(this)?.m as i64))
}

fn day(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(me(this)?.d as i64))
}

pub fn types() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &DATE_TYPE,
        methods: methods![
            MethodDef::static_("__new__", date_new),
            MethodDef::class("today", today),
            MethodDef::class("fromtimestamp", fromtimestamp),
            MethodDef::class("fromordinal", fromordinal),
            MethodDef::class("fromisoformat", fromisoformat),
            MethodDef::class("fromisocalendar", fromisocalendar),
            MethodDef::method("ctime", ctime),
            MethodDef::method("strftime", strftime),
            MethodDef::method("__format__", format),
            MethodDef::method("isoformat", isoformat),
            MethodDef::method("__repr__", date_repr),
            MethodDef::method("__str__", date_str),
            MethodDef::method("timetuple", timetuple),
            MethodDef::method("toordinal", toordinal),
            MethodDef::method("weekday", weekday),
            MethodDef::method("isoweekday", isoweekday),
            MethodDef::method("isocalendar", isocalendar),
            MethodDef::method("replace", replace),
            MethodDef::method("__eq__", d_eq),
            MethodDef::method("__ne__", d_ne),
            MethodDef::method("__lt__", d_lt),
            MethodDef::method("__le__", d_le),
            MethodDef::method("__gt__", d_gt),
            MethodDef::method("__ge__", d_ge),
            MethodDef::method("__hash__", date_hash),
            MethodDef::method("__add__", d_add),
            MethodDef::method("__radd__", d_add),
            MethodDef::method("__sub__", d_sub),
            MethodDef::method("__reduce__", reduce),
        ],
        getsets: getsets![
            GetSetDef::readonly("year", year),
            GetSetDef::readonly("month", month),
            GetSetDef::readonly("day", day),
        ],
        doc: Some("date(year, month, day) --> date object"),
    }]
}

pub fn class_attributes() -> PyResult<()> {
    let mk = |y, m, d| new_native(&DATE_TYPE, DateObj(Ymd { y, m, d }));
    super::set_class_attr(&DATE_TYPE, "min", mk(1, 1, 1));
    super::set_class_attr(&DATE_TYPE, "max", mk(9999, 12, 31));
    super::set_class_attr(
        &DATE_TYPE,
        "resolution",
        super::new_delta(super::Delta {
            days: 1,
            secs: 0,
            us: 0,
        }),
    );
    Ok(())
}
