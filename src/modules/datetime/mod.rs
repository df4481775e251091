//! `_datetime`, CPython's C module behind `datetime`: `timedelta`, `date`, `time`,
//! `datetime`, `tzinfo` and `timezone` as native types, so `datetime.py` takes them (it
//! imports `_datetime` over its own pure-Python classes, as on CPython). Subclasses keep
//! CPython's rules: alternate constructors and arithmetic call the subclass, `replace` makes
//! one directly. Local time comes from the C library (`localtime_r`/`mktime` with fold
//! detection as CPython does it); `strftime` and `strptime` go through `time.strftime` and
//! `_strptime`, as the C module does.

use std::cell::Cell;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error};
use crate::object::native::{native_ref, new_native, NativeData};
use crate::object::typeobj::{flags, Layout, TypeObject};
use crate::object::types::{none, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

mod calendar;
mod date;
mod date_time;
mod delta;
mod iso;
mod time;
mod tz;

pub use calendar::{MAXYEAR, MINYEAR};

pub static TIMEDELTA_TYPE: TypeObject = TypeObject::new_static(
    "timedelta",
    Layout::Native,
    Some(&OBJECT_TYPE),
    flags::BASETYPE,
);
pub static DATE_TYPE: TypeObject =
    TypeObject::new_static("date", Layout::Native, Some(&OBJECT_TYPE), flags::BASETYPE);
pub static DATETIME_TYPE: TypeObject = TypeObject::new_static(
    "datetime",
    Layout::Native,
    Some(&DATE_TYPE),
    flags::BASETYPE,
);
pub static TIME_TYPE: TypeObject =
    TypeObject::new_static("time", Layout::Native, Some(&OBJECT_TYPE), flags::BASETYPE);
pub static TZINFO_TYPE: TypeObject = TypeObject::new_static(
    "tzinfo",
    Layout::Native,
    Some(&OBJECT_TYPE),
    flags::BASETYPE,
);
pub static TIMEZONE_TYPE: TypeObject =
    TypeObject::new_static("timezone", Layout::Native, Some(&TZINFO_TYPE), 0);

// ---- the values ----

/// A normalized duration: `0 <= secs < 86400`, `0 <= us < 10**6`, `|days| <= 999999999`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct Delta {
    pub days: i64,
    pub secs: i64,
    pub us: i64,
}

const US_PER_DAY: i128 = 86_400_000_000;

impl Delta {
    pub const ZERO: Delta = Delta {
        days: 0,
        secs: 0,
        us: 0,
    };

    /// The duration of `total` microseconds, or OverflowError past CPython's range.
    pub fn from_us(total: i128) -> PyResult<Delta> {
        let days = total.div_euclid(US_PER_DAY);
        let rest = total.rem_euclid(US_PER_DAY);
        if days.abs() > calendar::MAX_DELTA_DAYS as i128 {
            return Err(overflow_error(format!(
                "days={days}; must have magnitude <= {}",
                calendar::MAX_DELTA_DAYS
            )));
        }
        Ok(Delta {
            days: days as i64,
            secs: (rest / 1_000_000) as i64,
            us: (rest % 1_000_000) as i64,
        })
    }

    pub fn to_us(self) -> i128 {
        self.days as i128 * US_PER_DAY + self.secs as i128 * 1_000_000 + self.us as i128
    }

    pub fn is_zero(self) -> bool {
        self == Delta::ZERO
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Ymd {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Ymd {
    pub fn ordinal(self) -> i64 {
        calendar::ymd_to_ord(self.y, self.m, self.d)
    }

    pub fn from_ordinal(n: i64) -> PyResult<Ymd> {
        if !(1..=calendar::MAX_ORDINAL).contains(&n) {
            return Err(overflow_error("date value out of range"));
        }
        let (y, m, d) = calendar::ord_to_ymd(n);
        Ok(Ymd { y, m, d })
    }

    pub fn key(self) -> (i32, u32, u32) {
        (self.y, self.m, self.d)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Hms {
    pub h: u32,
    pub mi: u32,
    pub s: u32,
    pub us: u32,
    pub fold: u32,
}

impl Hms {
    pub fn seconds(self) -> i64 {
        self.h as i64 * 3600 + self.mi as i64 * 60 + self.s as i64
    }

    pub fn key(self) -> (u32, u32, u32, u32) {
        (self.h, self.mi, self.s, self.us)
    }
}

pub struct DeltaObj(pub Delta);
impl NativeData for DeltaObj {}

pub struct DateObj(pub Ymd);
impl NativeData for DateObj {}

pub struct TimeObj {
    pub t: Hms,
    pub tz: Option<Value>,
    pub hash: Cell<Option<i64>>,
}
impl NativeData for TimeObj {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(t) = &self.tz {
            visit(t);
        }
    }
}

pub struct DateTimeObj {
    pub d: Ymd,
    pub t: Hms,
    pub tz: Option<Value>,
    pub hash: Cell<Option<i64>>,
}
impl NativeData for DateTimeObj {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(t) = &self.tz {
            visit(t);
        }
    }
}

pub struct TzInfoObj;
impl NativeData for TzInfoObj {}

pub struct TimeZoneObj {
    pub offset: Delta,
    pub name: Option<Value>,
}
impl NativeData for TimeZoneObj {}

pub fn delta_of(v: &Value) -> Option<Delta> {
    native_ref::<DeltaObj>(v).map(|d| d.0)
}

/// The date of a `date` or `datetime`.
pub fn date_of(v: &Value) -> Option<Ymd> {
    native_ref::<DateObj>(v)
        .map(|d| d.0)
        .or_else(|| native_ref::<DateTimeObj>(v).map(|d| d.d))
}

pub fn datetime_of(v: &Value) -> Option<&DateTimeObj> {
    native_ref::<DateTimeObj>(v)
}

pub fn time_of(v: &Value) -> Option<&TimeObj> {
    native_ref::<TimeObj>(v)
}

/// The time of day and tzinfo of a `time` or `datetime`.
pub fn time_part(v: &Value) -> PyResult<(Hms, Option<Value>)> {
    if let Some(t) = time_of(v) {
        return Ok((t.t, t.tz.clone()));
    }
    datetime_of(v)
        .map(|d| (d.t, d.tz.clone()))
        .ok_or_else(|| type_error("time or datetime expected"))
}

macro_rules! time_getters {
    ($($name:ident => $field:ident),*) => {
        $(pub fn $name(_vm: &mut Vm, this: &Value) -> PyResult {
            Ok(int::from_i64(time_part(this)?.0.$field as i64))
        })*
    };
}
time_getters!(hour_of => h, minute_of => mi, second_of => s, microsecond_of => us, fold_of => fold);

pub fn tzinfo_of(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(time_part(this)?.1.unwrap_or_else(none))
}

/// `__reduce_ex__` of `time` and `datetime`: `(type(self), state)`, the fold kept from
/// protocol 4 as in CPython.
pub fn time_reduce_ex(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__reduce_ex__", 2, 2)?;
    let proto = vm.index_i64(&a[1])?;
    reduce_with(&a[0], proto)
}

pub fn time_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    reduce_with(&args.values[0], 2)
}

fn reduce_with(v: &Value, proto: i64) -> PyResult {
    let state = if datetime_of(v).is_some() {
        date_time::pickle_state(v, proto)?
    } else {
        time::pickle_state(v, proto)?
    };
    Ok(tuple::from_array([v.ty().to_value(), state]))
}

pub fn timezone_of(v: &Value) -> Option<&TimeZoneObj> {
    native_ref::<TimeZoneObj>(v)
}

pub fn is_tzinfo(v: &Value) -> bool {
    v.is_instance_of(&TZINFO_TYPE)
}

// ---- making values ----

pub fn new_delta(d: Delta) -> Value {
    new_native(&TIMEDELTA_TYPE, DeltaObj(d))
}

pub fn delta_value(total_us: i128) -> PyResult {
    Ok(new_delta(Delta::from_us(total_us)?))
}

/// A `date` of class `cls`: made directly for `date` itself, through `cls(y, m, d)` for a
/// subclass (CPython's `new_date_subclass_ex`).
pub fn date_of_class(vm: &mut Vm, cls: &TypeObject, d: Ymd) -> PyResult {
    if std::ptr::eq(cls, &DATE_TYPE) {
        return Ok(new_native(&DATE_TYPE, DateObj(d)));
    }
    if std::ptr::eq(cls, &DATETIME_TYPE) {
        return Ok(new_datetime_raw(cls, d, Hms::default(), None));
    }
    vm.call(
        &cls.to_value(),
        &[
            int::from_i64(d.y as i64),
            int::from_i64(d.m as i64),
            int::from_i64(d.d as i64),
        ],
    )
}

pub fn new_datetime_raw(ty: &TypeObject, d: Ymd, t: Hms, tz: Option<Value>) -> Value {
    new_native(
        ty,
        DateTimeObj {
            d,
            t,
            tz,
            hash: Cell::new(None),
        },
    )
}

/// A `datetime` of class `cls`, through `cls(...)` (with `fold=1` when set) for a subclass
/// (CPython's `new_datetime_subclass_fold_ex`).
pub fn datetime_of_class(
    vm: &mut Vm,
    cls: &TypeObject,
    d: Ymd,
    t: Hms,
    tz: Option<Value>,
) -> PyResult {
    if std::ptr::eq(cls, &DATETIME_TYPE) {
        return Ok(new_datetime_raw(cls, d, t, tz));
    }
    let mut args = vec![
        int::from_i64(d.y as i64),
        int::from_i64(d.m as i64),
        int::from_i64(d.d as i64),
        int::from_i64(t.h as i64),
        int::from_i64(t.mi as i64),
        int::from_i64(t.s as i64),
        int::from_i64(t.us as i64),
        tz.unwrap_or_else(none),
    ];
    if t.fold == 0 {
        return vm.call(&cls.to_value(), &args);
    }
    args.push(int::from_i64(1));
    let kw = [str::intern_static("fold")];
    vm.call_with(&cls.to_value(), Args::with_kwnames(&args, &kw))
}

pub fn new_time_raw(ty: &TypeObject, t: Hms, tz: Option<Value>) -> Value {
    new_native(
        ty,
        TimeObj {
            t,
            tz,
            hash: Cell::new(None),
        },
    )
}

// ---- arguments ----

/// An int field (`__index__`; floats are refused, as the C module's "i" format does).
pub fn int_field(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if float::as_f64(v).is_some() {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.ty().name()
        )));
    }
    let n = vm.index(v)?;
    int::as_i64(&n)
        .filter(|n| i32::try_from(*n).is_ok())
        .ok_or_else(|| overflow_error("signed integer is greater than maximum"))
}

pub fn opt_int_field(vm: &mut Vm, v: &Option<Value>, default: i64) -> PyResult<i64> {
    match v {
        Some(v) => int_field(vm, v),
        None => Ok(default),
    }
}

/// A `tzinfo` argument: None or a tzinfo instance.
pub fn tzinfo_arg(v: &Option<Value>) -> PyResult<Option<Value>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) if is_tzinfo(v) => Ok(Some(v.clone())),
        Some(v) => Err(type_error(format!(
            "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
            v.ty().name()
        ))),
    }
}

pub fn check_date_fields(y: i64, m: i64, d: i64) -> PyResult<Ymd> {
    let (y, m, d) = calendar::check_date(y, m, d).map_err(value_error)?;
    Ok(Ymd { y, m, d })
}

pub fn check_time_fields(h: i64, mi: i64, s: i64, us: i64, fold: i64) -> PyResult<Hms> {
    calendar::check_time(h, mi, s, us, fold).map_err(value_error)?;
    Ok(Hms {
        h: h as u32,
        mi: mi as u32,
        s: s as u32,
        us: us as u32,
        fold: fold as u32,
    })
}

/// The class a classmethod was called on.
pub fn cls_arg<'a>(args: &Args<'a>) -> PyResult<&'a TypeObject> {
    args.values
        .first()
        .and_then(|c| c.as_type())
        .ok_or_else(|| type_error("descriptor needs a type"))
}

// ---- the tzinfo protocol ----

/// The `utcoffset`/`dst` result checks of CPython's `call_tzinfo_method`.
fn offset_result(name: &str, r: &Value) -> PyResult<Option<Delta>> {
    if r.is_none() {
        return Ok(None);
    }
    let Some(d) = delta_of(r) else {
        return Err(type_error(format!(
            "tzinfo.{name}() must return None or timedelta, not '{}'",
            r.ty().name()
        )));
    };
    let inside = d.days == 0 || (d.days == -1 && (d.secs, d.us) != (0, 0));
    if !inside {
        return Err(value_error(format!(
            "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not {}.",
            delta::repr_of(&TIMEDELTA_TYPE, d)
        )));
    }
    Ok(Some(d))
}

/// `tz.utcoffset(arg)` (or `dst`), checked; None when `tz` is None.
pub fn call_offset(
    vm: &mut Vm,
    tz: &Option<Value>,
    name: &str,
    arg: &Value,
) -> PyResult<Option<Delta>> {
    let Some(tz) = tz else {
        return Ok(None);
    };
    if let Some(z) = timezone_of(tz) {
        return Ok(match name {
            "utcoffset" => Some(z.offset),
            _ => None,
        });
    }
    let r = vm.call_method(tz, name, std::slice::from_ref(arg))?;
    offset_result(name, &r)
}

/// `tz.tzname(arg)`, checked to be None or str.
pub fn call_tzname(vm: &mut Vm, tz: &Option<Value>, arg: &Value) -> PyResult {
    let Some(tz) = tz else {
        return Ok(none());
    };
    let r = vm.call_method(tz, "tzname", std::slice::from_ref(arg))?;
    if !r.is_none() && str::as_str(&r).is_none() {
        return Err(type_error(format!(
            "tzinfo.tzname() must return None or a string, not '{}'",
            r.ty().name()
        )));
    }
    Ok(r)
}

pub fn opt_delta(d: Option<Delta>) -> Value {
    d.map_or_else(none, new_delta)
}

// ---- local time ----

/// The broken-down local (`localtime_r`) or UTC time of POSIX time `t`, as `time` computes it.
pub(crate) fn broken_down(t: i64, local: bool) -> PyResult<super::time::Broken> {
    if local {
        super::time::local_broken(t)
    } else {
        Ok(super::time::utc_broken(t))
    }
}

/// The date and time (seconds clamped to 59, as CPython drops leap seconds) of a broken-down
/// time.
pub(crate) fn tm_fields(b: &super::time::Broken) -> PyResult<(Ymd, Hms)> {
    let f = &b.fields;
    let d = check_date_fields(f[0], f[1], f[2])?;
    Ok((
        d,
        Hms {
            h: f[3] as u32,
            mi: f[4] as u32,
            s: f[5].min(59) as u32,
            us: 0,
            fold: 0,
        },
    ))
}

/// Seconds since 0001-01-01 of a local wall time, as CPython's `utc_to_seconds`.
pub fn wall_seconds(d: Ymd, t: Hms) -> i64 {
    (d.ordinal() - 1) * 86_400 + t.seconds()
}

const EPOCH_SECONDS: i64 = 719_162 * 86_400;

/// The local wall time of POSIX time `u`, in seconds since 0001-01-01 (CPython's `local`).
pub fn local_seconds(u: i64) -> PyResult<i64> {
    let (d, t) = tm_fields(&broken_down(u, true)?)?;
    Ok(wall_seconds(d, t))
}

/// The POSIX time of a naive local datetime, solving `local(u) == t` with `fold` choosing
/// between the two solutions in a fold and the two sides of a gap (CPython's
/// `local_to_seconds`).
pub fn local_to_posix(d: Ymd, t: Hms) -> PyResult<i64> {
    let max_fold = 24 * 3600;
    let wall = wall_seconds(d, t) - EPOCH_SECONDS;
    let local = |u: i64| -> PyResult<i64> { Ok(local_seconds(u)? - EPOCH_SECONDS) };
    let a = local(wall)? - wall;
    let u1 = wall - a;
    let t1 = local(u1)?;
    let b = if t1 == wall {
        // One solution; fold asks whether the other side of a transition has one too.
        let u2 = u1 + if t.fold == 1 { max_fold } else { -max_fold };
        let b2 = local(u2)? - u2;
        if a == b2 {
            return Ok(u1);
        }
        b2
    } else {
        t1 - u1
    };
    let u2 = wall - b;
    let t2 = local(u2)?;
    if t2 == wall {
        return Ok(u2);
    }
    if t1 == wall {
        return Ok(u1);
    }
    Ok(if t.fold == 1 { u1.min(u2) } else { u1.max(u2) })
}

/// `timezone(timedelta(seconds=tm_gmtoff), tm_zone)` for the local time at POSIX time `u`.
pub fn local_timezone_at(u: i64) -> PyResult {
    let b = broken_down(u, true)?;
    let name = if b.zone.is_empty() {
        none()
    } else {
        str::from_string(b.zone)
    };
    tz::new_timezone(Delta::from_us(b.gmtoff as i128 * 1_000_000)?, Some(name))
}

/// Splits a timestamp (int or float) into whole seconds and microseconds, rounding the
/// fraction half to even as CPython's `_PyTime_ObjectToTimeval` does (on the fraction `modf`
/// leaves, with its sign, then carried into range).
pub fn timestamp_parts(vm: &mut Vm, t: &Value) -> PyResult<(i64, u32)> {
    if let Some(f) = float::as_f64(t) {
        if f.is_nan() {
            return Err(value_error("Invalid value NaN (not a number)"));
        }
        let mut int_part = f.trunc();
        let mut frac = ((f - int_part) * 1e6).round_ties_even();
        if frac >= 1e6 {
            frac -= 1e6;
            int_part += 1.0;
        } else if frac < 0.0 {
            frac += 1e6;
            int_part -= 1.0;
        }
        if !(-(2f64.powi(63))..2f64.powi(63)).contains(&int_part) {
            return Err(overflow_error("timestamp out of range for platform time_t"));
        }
        return Ok((int_part as i64, frac as u32));
    }
    if !int::is_int(t) {
        if t.ty().lookup_str("__float__").is_none() {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                t.ty().name()
            )));
        }
        let n = vm.to_f64(t)?;
        return timestamp_parts(vm, &float::new_float(n));
    }
    let n = vm.index(t)?;
    let s = int::as_i64(&n)
        .ok_or_else(|| overflow_error("timestamp out of range for platform time_t"))?;
    Ok((s, 0))
}

/// Current time as (seconds, microseconds).
pub fn now_parts() -> (i64, u32) {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_secs() as i64, d.subsec_micros())
}

// ---- formatting helpers ----

/// `time.strftime(fmt, timetuple)` after replacing `%z`, `%Z` and `%f` as CPython's
/// `wrap_strftime` does.
pub fn wrap_strftime(
    vm: &mut Vm,
    fmt: &Value,
    timetuple: Value,
    offset: impl FnOnce(&mut Vm) -> PyResult<Option<Delta>>,
    tzname: impl FnOnce(&mut Vm) -> PyResult,
    us: u32,
) -> PyResult {
    let Some(f) = str::as_str(fmt) else {
        return Err(type_error(format!(
            "strftime() argument 1 must be str, not {}",
            fmt.ty().name()
        )));
    };
    let f = f.to_string();
    let mut out = String::with_capacity(f.len());
    let mut zrep: Option<String> = None;
    let mut zname: Option<String> = None;
    let (mut offset, mut tzname) = (Some(offset), Some(tzname));
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            None => out.push('%'),
            Some('f') => out.push_str(&format!("{us:06}")),
            Some('z') => {
                if zrep.is_none() {
                    let off = match offset.take() {
                        Some(f) => f(vm)?,
                        None => None,
                    };
                    zrep = Some(off.map_or_else(String::new, |o| iso::format_offset(o, "")));
                }
                out.push_str(zrep.as_deref().unwrap_or(""));
            }
            Some('Z') => {
                if zname.is_none() {
                    let n = match tzname.take() {
                        Some(f) => f(vm)?,
                        None => none(),
                    };
                    if let Some(p) = str::payload(&n) {
                        if let Some(i) = p.code_points().position(|c| (0xD800..0xE000).contains(&c))
                        {
                            return Err(PyErr(exception::new_unicode_error(
                                &exception::UNICODE_ENCODE_ERROR,
                                "utf-8",
                                n.clone(),
                                i,
                                i + 1,
                                "surrogates not allowed",
                            )));
                        }
                    }
                    zname = Some(if n.is_none() {
                        String::new()
                    } else if n.is_type(&crate::object::types::STR_TYPE) {
                        str::as_str(&n).unwrap_or("").replace('%', "%%")
                    } else {
                        // A str subclass: its own replace(), whose result must be a str.
                        let r = vm.call_method(
                            &n,
                            "replace",
                            &[str::new_str("%"), str::new_str("%%")],
                        )?;
                        str::as_str(&r)
                            .ok_or_else(|| type_error("tzname.replace() did not return a string"))?
                            .to_string()
                    });
                }
                out.push_str(zname.as_deref().unwrap_or(""));
            }
            Some(other) => {
                out.push('%');
                out.push(other);
            }
        }
    }
    let time = vm.import_module("time")?;
    let strftime = vm.getattr(&time, "strftime")?;
    vm.call(&strftime, &[str::from_string(out), timetuple])
}

/// `time.struct_time((y, m, d, hh, mm, ss, wday, yday, dst))`.
pub fn struct_time(vm: &mut Vm, d: Ymd, t: Hms, dst: i64) -> PyResult {
    let fields = vec![
        int::from_i64(d.y as i64),
        int::from_i64(d.m as i64),
        int::from_i64(d.d as i64),
        int::from_i64(t.h as i64),
        int::from_i64(t.mi as i64),
        int::from_i64(t.s as i64),
        int::from_i64(calendar::weekday(d.y, d.m, d.d) as i64),
        int::from_i64(calendar::day_of_year(d.y, d.m, d.d) as i64),
        int::from_i64(dst),
    ];
    let time = vm.import_module("time")?;
    let st = vm.getattr(&time, "struct_time")?;
    vm.call(&st, &[tuple::new_tuple(fields)])
}

/// The `tp_name` CPython prints in a repr: `datetime.X` for the module's own types, the
/// class's name for a subclass.
pub fn type_name(v: &Value) -> String {
    let ty = v.ty();
    if ty.has_flag(flags::HEAPTYPE) {
        ty.name()
    } else {
        format!("datetime.{}", ty.name())
    }
}

pub fn not_implemented() -> Value {
    crate::object::types::not_implemented()
}

/// Compares with the rich-comparison operator named by `op` ("__lt__", ...).
pub fn compare_result<T: Ord>(a: T, b: T, op: &str) -> Value {
    let o = a.cmp(&b);
    crate::object::types::bool_value(match op {
        "__eq__" => o.is_eq(),
        "__ne__" => o.is_ne(),
        "__lt__" => o.is_lt(),
        "__le__" => o.is_le(),
        "__gt__" => o.is_gt(),
        _ => o.is_ge(),
    })
}

/// Creates the `_datetime` module.
pub fn new_module(vm: &mut Vm) -> PyResult {
    for spec in delta::types()
        .into_iter()
        .chain(date::types())
        .chain(time::types())
        .chain(date_time::types())
        .chain(tz::types())
    {
        crate::object::native::install_native_type(&spec);
    }
    for ty in [
        &TIMEDELTA_TYPE,
        &DATE_TYPE,
        &DATETIME_TYPE,
        &TIME_TYPE,
        &TZINFO_TYPE,
        &TIMEZONE_TYPE,
    ] {
        *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("datetime");
    }
    delta::class_attributes()?;
    date::class_attributes()?;
    time::class_attributes()?;
    date_time::class_attributes()?;
    let utc = tz::class_attributes()?;
    let m = module::new_module("_datetime");
    module::set_attr(&m, "MINYEAR", int::from_i64(MINYEAR as i64));
    module::set_attr(&m, "MAXYEAR", int::from_i64(MAXYEAR as i64));
    for (name, ty) in [
        ("timedelta", &TIMEDELTA_TYPE),
        ("date", &DATE_TYPE),
        ("datetime", &DATETIME_TYPE),
        ("time", &TIME_TYPE),
        ("tzinfo", &TZINFO_TYPE),
        ("timezone", &TIMEZONE_TYPE),
    ] {
        module::set_attr(&m, name, ty.to_value());
    }
    module::set_attr(&m, "UTC", utc);
    module::set_attr(
        &m,
        "__doc__",
        str::new_str("Fast implementation of the datetime type."),
    );
    let _ = vm;
    Ok(m)
}

/// Sets class attribute `name` of a static type.
pub fn set_class_attr(ty: &TypeObject, name: &str, v: Value) {
    if let Some(d) = ty.dict.borrow().as_ref() {
        dict::set_str(d, &str::intern(name), v);
    }
}
