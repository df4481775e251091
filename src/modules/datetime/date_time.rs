//! `datetime`: a date and a time of day, optionally with a `tzinfo`.

use super::calendar;
use super::{
    call_offset, call_tzname, check_date_fields, check_time_fields, cls_arg, date_of, datetime_of,
    datetime_of_class, delta_of, int_field, new_datetime_raw, new_delta, not_implemented,
    opt_delta, opt_int_field, time_of, type_name, tzinfo_arg, DateTimeObj, Delta, Hms, Ymd,
    DATETIME_TYPE, DATE_TYPE, TIME_TYPE,
};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error};
use crate::object::types::{bool_value, GetSetDef, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn me(v: &Value) -> PyResult<&DateTimeObj> {
    datetime_of(v).ok_or_else(|| type_error("datetime expected"))
}

const US_PER_DAY: i128 = 86_400_000_000;

/// Microseconds since 0001-01-01 00:00 of a naive date and time.
fn total_us(d: Ymd, t: Hms) -> i128 {
    (d.ordinal() as i128 - 1) * US_PER_DAY + t.seconds() as i128 * 1_000_000 + t.us as i128
}

/// The date and time `total` microseconds after 0001-01-01 00:00 (fold 0).
fn from_total_us(total: i128) -> PyResult<(Ymd, Hms)> {
    let days = total.div_euclid(US_PER_DAY);
    let rest = total.rem_euclid(US_PER_DAY);
    let d = Ymd::from_ordinal(days as i64 + 1)
        .map_err(|_| overflow_error("date value out of range"))?;
    let secs = (rest / 1_000_000) as u32;
    Ok((
        d,
        Hms {
            h: secs / 3600,
            mi: secs % 3600 / 60,
            s: secs % 60,
            us: (rest % 1_000_000) as u32,
            fold: 0,
        },
    ))
}

pub fn state_bytes(d: Ymd, t: Hms, with_fold: bool) -> Vec<u8> {
    let m = d.m as u8 | if with_fold && t.fold == 1 { 128 } else { 0 };
    vec![
        (d.y >> 8) as u8,
        (d.y & 0xff) as u8,
        m,
        d.d as u8,
        t.h as u8,
        t.mi as u8,
        t.s as u8,
        (t.us >> 16) as u8,
        (t.us >> 8) as u8,
        t.us as u8,
    ]
}

fn from_state(v: &Value) -> PyResult<Option<(Ymd, Hms)>> {
    let st: Vec<u8> = if let Some(b) = bytes::as_bytes(v) {
        b.to_vec()
    } else if let Some(s) = str::as_str(v) {
        if !s.chars().all(|c| (c as u32) < 256) {
            return Err(value_error(
                "Failed to encode latin1 string when unpickling a datetime object. pickle.load(data, encoding='latin1') is assumed.",
            ));
        }
        s.chars().map(|c| c as u8).collect()
    } else {
        return Ok(None);
    };
    if st.len() != 10 || !(1..=12).contains(&(st[2] & 0x7f)) {
        return Ok(None);
    }
    // As CPython, only the month byte is checked: other fields are taken as they are.
    let d = Ymd {
        y: (st[0] as i32) << 8 | st[1] as i32,
        m: (st[2] & 0x7f) as u32,
        d: st[3] as u32,
    };
    let t = Hms {
        h: st[4] as u32,
        mi: st[5] as u32,
        s: st[6] as u32,
        us: (st[7] as u32) << 16 | (st[8] as u32) << 8 | st[9] as u32,
        fold: (st[2] >> 7) as u32,
    };
    Ok(Some((d, t)))
}

fn datetime_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    if (1..=2).contains(&rest.values.len()) && rest.kwnames.is_empty() {
        if let Some((d, t)) = from_state(&rest.values[0])? {
            let tz = tzinfo_arg(&rest.values.get(1).cloned())
                .map_err(|_| type_error("bad tzinfo state arg"))?;
            return Ok(new_datetime_raw(cls, d, t, tz));
        }
    }
    if rest.positional().len() > 8 {
        return Err(type_error(format!(
            "function takes at most 8 positional arguments ({} given)",
            rest.positional().len()
        )));
    }
    let b = rest.bind(
        "datetime",
        &[
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "microsecond",
            "tzinfo",
            "fold",
        ],
        3,
    )?;
    let d = check_date_fields(
        int_field(vm, b[0].as_ref().expect("year"))?,
        int_field(vm, b[1].as_ref().expect("month"))?,
        int_field(vm, b[2].as_ref().expect("day"))?,
    )?;
    let t = check_time_fields(
        opt_int_field(vm, &b[3], 0)?,
        opt_int_field(vm, &b[4], 0)?,
        opt_int_field(vm, &b[5], 0)?,
        opt_int_field(vm, &b[6], 0)?,
        opt_int_field(vm, &b[8], 0)?,
    )?;
    let tz = tzinfo_arg(&b[7])?;
    Ok(new_datetime_raw(cls, d, t, tz))
}

/// CPython's `datetime_from_timet_and_us`: the broken-down local or UTC time of a POSIX
/// time, with a local time's fold detected by probing a day earlier.
fn from_timet(
    vm: &mut Vm,
    cls: &crate::object::typeobj::TypeObject,
    local: bool,
    secs: i64,
    us: u32,
    tz: Option<Value>,
) -> PyResult {
    let tm = super::broken_down(secs, local)?;
    let (d, mut t) = super::tm_fields(&tm)?;
    t.us = us;
    if local && tz.is_none() {
        let max_fold = 24 * 3600;
        let result = super::wall_seconds(d, t);
        let probe = super::local_seconds(secs - max_fold)?;
        let transition = result - probe - max_fold;
        if transition < 0 {
            let probe2 = super::local_seconds(secs + transition)?;
            if probe2 == result {
                t.fold = 1;
            }
        }
    }
    datetime_of_class(vm, cls, d, t, tz)
}

fn now(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let b = Args::with_kwnames(&args.values[1..], args.kwnames).bind("now", &["tz"], 0)?;
    let tz = tzinfo_arg(&b[0])?;
    let (secs, us) = super::now_parts();
    let dt = from_timet(vm, cls, tz.is_none(), secs, us, tz.clone())?;
    match tz {
        Some(tz) => vm.call_method(&tz, "fromutc", &[dt]),
        None => Ok(dt),
    }
}

fn utcnow(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    args.check_count("utcnow", 1, 1)?;
    let (secs, us) = super::now_parts();
    from_timet(vm, cls, false, secs, us, None)
}

fn fromtimestamp(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let b = Args::with_kwnames(&args.values[1..], args.kwnames).bind(
        "fromtimestamp",
        &["timestamp", "tz"],
        1,
    )?;
    let tz = tzinfo_arg(&b[1])?;
    let (secs, us) = super::timestamp_parts(vm, b[0].as_ref().expect("timestamp"))?;
    let dt = from_timet(vm, cls, tz.is_none(), secs, us, tz.clone())?;
    match tz {
        Some(tz) => vm.call_method(&tz, "fromutc", &[dt]),
        None => Ok(dt),
    }
}

fn utcfromtimestamp(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let a = args.check_count("utcfromtimestamp", 2, 2)?;
    let (secs, us) = super::timestamp_parts(vm, &a[1])?;
    from_timet(vm, cls, false, secs, us, None)
}

fn combine(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let b = Args::with_kwnames(&args.values[1..], args.kwnames).bind(
        "combine",
        &["date", "time", "tzinfo"],
        2,
    )?;
    let date_v = b[0].as_ref().expect("date");
    let time_v = b[1].as_ref().expect("time");
    let d = date_of(date_v).ok_or_else(|| {
        type_error(format!(
            "combine() argument 1 must be datetime.date, not {}",
            date_v.ty().name()
        ))
    })?;
    let t = time_of(time_v).ok_or_else(|| {
        type_error(format!(
            "combine() argument 2 must be datetime.time, not {}",
            time_v.ty().name()
        ))
    })?;
    let tz = match &b[2] {
        None => t.tz.clone(),
        Some(z) => tzinfo_arg(&Some(z.clone()))?,
    };
    datetime_of_class(vm, cls, d, t.t, tz)
}

fn fromisoformat(vm: &mut Vm, args: Args) -> PyResult {
    let cls = cls_arg(&args)?;
    let a = args.check_count("fromisoformat", 2, 2)?;
    let Some(s) = str::as_str(&a[1]) else {
        return Err(type_error("fromisoformat: argument must be str"));
    };
    let given = str::payload(&a[1]).map(str::repr_exact).unwrap_or_default();
    let invalid = || value_error(format!("Invalid isoformat string: {given}"));
    let bytes = s.as_bytes();
    if s.len() < 7 || !s.is_char_boundary(7.min(s.len())) {
        return Err(invalid());
    }
    let end = super::iso::date_end(bytes).ok_or_else(invalid)?;
    if end > bytes.len() || !s.is_char_boundary(end) {
        return Err(invalid());
    }
    let (y, m, d) = super::iso::parse_date(&bytes[..end]).ok_or_else(invalid)?;
    let (mut fields, mut tz) = ([0i64; 4], None);
    if end < bytes.len() {
        let sep_len = s[end..].chars().next().map_or(1, char::len_utf8);
        let time_text = &bytes[end + sep_len..];
        if time_text.is_empty() {
            return Err(invalid());
        }
        let p = super::iso::parse_time(time_text).ok_or_else(invalid)?;
        fields = p.fields;
        tz = match p.offset {
            None => None,
            Some(None) => Some(super::tz::utc()),
            Some(Some(off)) => Some(super::tz::new_timezone(off, None)?),
        };
    }
    let date = check_date_fields(y, m, d)?;
    let time = check_time_fields(fields[0], fields[1], fields[2], fields[3], 0)?;
    datetime_of_class(vm, cls, date, time, tz)
}

fn strptime(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0].clone();
    let a = args.check_count("strptime", 3, 3)?;
    let m = vm.import_module("_strptime")?;
    let f = vm.getattr(&m, "_strptime_datetime")?;
    vm.call(&f, &[cls, a[1].clone(), a[2].clone()])
}

fn utcoffset(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("utcoffset", 1, 1)?;
    let v = args.values[0].clone();
    let tz = me(&v)?.tz.clone();
    Ok(opt_delta(call_offset(vm, &tz, "utcoffset", &v)?))
}

fn dst(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("dst", 1, 1)?;
    let v = args.values[0].clone();
    let tz = me(&v)?.tz.clone();
    Ok(opt_delta(call_offset(vm, &tz, "dst", &v)?))
}

fn tzname(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("tzname", 1, 1)?;
    let v = args.values[0].clone();
    let tz = me(&v)?.tz.clone();
    call_tzname(vm, &tz, &v)
}

fn offset_of(vm: &mut Vm, v: &Value) -> PyResult<Option<Delta>> {
    let tz = me(v)?.tz.clone();
    call_offset(vm, &tz, "utcoffset", v)
}

fn date(_vm: &mut Vm, args: Args) -> PyResult {
    let o = me(&args.values[0])?;
    Ok(crate::object::native::new_native(
        &DATE_TYPE,
        super::DateObj(o.d),
    ))
}

fn time(_vm: &mut Vm, args: Args) -> PyResult {
    let o = me(&args.values[0])?;
    Ok(super::new_time_raw(&TIME_TYPE, o.t, None))
}

fn timetz(_vm: &mut Vm, args: Args) -> PyResult {
    let o = me(&args.values[0])?;
    Ok(super::new_time_raw(&TIME_TYPE, o.t, o.tz.clone()))
}

fn ctime(_vm: &mut Vm, args: Args) -> PyResult {
    let o = me(&args.values[0])?;
    Ok(str::from_string(super::date::ctime_of(o.d, o.t)))
}

fn isoformat(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("isoformat", &["self", "sep", "timespec"], 1)?;
    let v = b[0].clone().expect("self");
    let o = me(&v)?;
    let (d, t) = (o.d, o.t);
    // The separator is one code point, a lone surrogate included.
    let sep: u32 = match &b[1] {
        None => 'T' as u32,
        Some(s) => {
            let text = str::payload(s).ok_or_else(|| {
                type_error(format!(
                    "isoformat() argument 1 must be str, not {}",
                    s.ty().name()
                ))
            })?;
            let mut cps = text.code_points();
            match (cps.next(), cps.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(type_error(
                        "isoformat() argument 1 must be a unicode character, not str",
                    ))
                }
            }
        }
    };
    let timespec = match &b[2] {
        None => "auto".to_string(),
        Some(s) => str::as_str(s).map(str::to_string).ok_or_else(|| {
            type_error(format!(
                "isoformat() argument 2 must be str, not {}",
                s.ty().name()
            ))
        })?,
    };
    let mut s = super::time::format_hms(t, &timespec)?;
    if let Some(off) = offset_of(vm, &v)? {
        s.push_str(&super::iso::format_offset(off, ":"));
    }
    let cps: Vec<u32> = super::date::iso_date(d)
        .chars()
        .map(|c| c as u32)
        .chain(std::iter::once(sep))
        .chain(s.chars().map(|c| c as u32))
        .collect();
    Ok(str::from_code_points(&cps))
}

fn dt_str(vm: &mut Vm, args: Args) -> PyResult {
    let kw = [str::intern_static("sep")];
    let vals = [args.values[0].clone(), str::new_str(" ")];
    let f = vm.getattr(&args.values[0], "isoformat")?;
    vm.call_with(&f, Args::with_kwnames(&vals[1..], &kw))
}

fn dt_repr(vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let o = me(v)?;
    let (d, t, tz) = (o.d, o.t, o.tz.clone());
    let name = type_name(v);
    let mut s = if t.us != 0 {
        format!(
            "{name}({}, {}, {}, {}, {}, {}, {})",
            d.y, d.m, d.d, t.h, t.mi, t.s, t.us
        )
    } else if t.s != 0 {
        format!(
            "{name}({}, {}, {}, {}, {}, {})",
            d.y, d.m, d.d, t.h, t.mi, t.s
        )
    } else {
        format!("{name}({}, {}, {}, {}, {})", d.y, d.m, d.d, t.h, t.mi)
    };
    if t.fold == 1 {
        s.pop();
        s.push_str(", fold=1)");
    }
    if let Some(tz) = tz {
        s.pop();
        s.push_str(&format!(", tzinfo={})", vm.repr_string(&tz)?));
    }
    Ok(str::from_string(s))
}

fn timetuple(vm: &mut Vm, args: Args) -> PyResult {
    let v = args.values[0].clone();
    let o = me(&v)?;
    let (d, t, tz) = (o.d, o.t, o.tz.clone());
    let flag = match call_offset(vm, &tz, "dst", &v)? {
        None => -1,
        Some(x) if x.is_zero() => 0,
        Some(_) => 1,
    };
    super::struct_time(vm, d, t, flag)
}

fn utctimetuple(vm: &mut Vm, args: Args) -> PyResult {
    let v = args.values[0].clone();
    let o = me(&v)?;
    let (mut d, mut t) = (o.d, o.t);
    if let Some(off) = offset_of(vm, &v)? {
        if !off.is_zero() {
            (d, t) = from_total_us(total_us(d, t) - off.to_us())?;
        }
    }
    super::struct_time(vm, d, t, 0)
}

fn timestamp(vm: &mut Vm, args: Args) -> PyResult {
    let v = args.values[0].clone();
    let o = me(&v)?;
    let (d, t) = (o.d, o.t);
    if o.tz.is_none() {
        let secs = super::local_to_posix(d, t)?;
        return Ok(float::new_float(secs as f64 + t.us as f64 / 1e6));
    }
    let off = offset_of(vm, &v)?;
    let epoch = total_us(
        Ymd {
            y: 1970,
            m: 1,
            d: 1,
        },
        Hms::default(),
    );
    match off {
        Some(off) => {
            let us = total_us(d, t) - off.to_us() - epoch;
            let x = int::from_bigint(num_bigint::BigInt::from(us));
            vm.binary_op(
                &x,
                &int::from_i64(1_000_000),
                crate::bytecode::BinaryOperator::TrueDivide,
                false,
            )
        }
        None => {
            let secs = super::local_to_posix(d, t)?;
            Ok(float::new_float(secs as f64 + t.us as f64 / 1e6))
        }
    }
}

fn replace(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind(
        "replace",
        &[
            "self",
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "microsecond",
            "tzinfo",
            "fold",
        ],
        1,
    )?;
    if args.positional().len() > 9 {
        return Err(type_error(format!(
            "replace() takes at most 8 positional arguments ({} given)",
            args.positional().len() - 1
        )));
    }
    let v = b[0].clone().expect("self");
    let o = me(&v)?;
    let (d0, t0, tz0) = (o.d, o.t, o.tz.clone());
    let d = check_date_fields(
        opt_int_field(vm, &b[1], d0.y as i64)?,
        opt_int_field(vm, &b[2], d0.m as i64)?,
        opt_int_field(vm, &b[3], d0.d as i64)?,
    )?;
    let t = check_time_fields(
        opt_int_field(vm, &b[4], t0.h as i64)?,
        opt_int_field(vm, &b[5], t0.mi as i64)?,
        opt_int_field(vm, &b[6], t0.s as i64)?,
        opt_int_field(vm, &b[7], t0.us as i64)?,
        opt_int_field(vm, &b[9], t0.fold as i64)?,
    )?;
    let tz = match &b[8] {
        None => tz0,
        Some(z) => tzinfo_arg(&Some(z.clone()))?,
    };
    Ok(new_datetime_raw(v.ty(), d, t, tz))
}

/// The local time zone (as a fixed `timezone`) in force at a naive local datetime.
fn local_timezone_from_local(d: Ymd, t: Hms) -> PyResult {
    let secs = super::local_to_posix(d, t)?;
    super::local_timezone_at(secs)
}

fn astimezone(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("astimezone", &["self", "tz"], 1)?;
    let v = b[0].clone().expect("self");
    let target = match &b[1] {
        None => None,
        Some(z) if z.is_none() => None,
        Some(z) if super::is_tzinfo(z) => Some(z.clone()),
        Some(z) => {
            return Err(type_error(format!(
                "astimezone() argument 1 must be datetime.tzinfo, not {}",
                z.ty().name()
            )))
        }
    };
    let o = me(&v)?;
    let (d, t, own) = (o.d, o.t, o.tz.clone());
    let (self_tz, offset) = match &own {
        Some(z) => match call_offset(vm, &own, "utcoffset", &v)? {
            Some(off) => (z.clone(), off),
            None => {
                let local = local_timezone_from_local(d, t)?;
                let off =
                    call_offset(vm, &Some(local.clone()), "utcoffset", &v)?.unwrap_or(Delta::ZERO);
                (local, off)
            }
        },
        None => {
            let local = local_timezone_from_local(d, t)?;
            let off =
                call_offset(vm, &Some(local.clone()), "utcoffset", &v)?.unwrap_or(Delta::ZERO);
            (local, off)
        }
    };
    if let Some(target) = &target {
        if target.is(&self_tz) {
            return Ok(v);
        }
    }
    let (ud, ut) = from_total_us(total_us(d, t) - offset.to_us())?;
    let tz = match target {
        Some(z) => z,
        None => {
            let epoch = total_us(
                Ymd {
                    y: 1970,
                    m: 1,
                    d: 1,
                },
                Hms::default(),
            );
            let secs = (total_us(ud, ut) - epoch).div_euclid(1_000_000) as i64;
            super::local_timezone_at(secs)?
        }
    };
    let utc = datetime_of_class(vm, v.ty(), ud, ut, Some(tz.clone()))?;
    vm.call_method(&tz, "fromutc", &[utc])
}

fn strftime(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("strftime", &["self", "format"], 2)?;
    let v = b[0].clone().expect("self");
    let o = me(&v)?;
    let (us, tz) = (o.t.us, o.tz.clone());
    let tt = vm.call_method(&v, "timetuple", &[])?;
    let (v1, v2, tz1, tz2) = (v.clone(), v.clone(), tz.clone(), tz);
    super::wrap_strftime(
        vm,
        b[1].as_ref().expect("format"),
        tt,
        move |vm| call_offset(vm, &tz1, "utcoffset", &v1),
        move |vm| call_tzname(vm, &tz2, &v2),
        us,
    )
}

// ---- arithmetic and comparison ----

fn add_delta(vm: &mut Vm, v: &Value, delta_us: i128) -> PyResult {
    let o = me(v)?;
    let (d, t) = from_total_us(total_us(o.d, o.t) + delta_us)?;
    datetime_of_class(vm, v.ty(), d, t, o.tz.clone())
}

fn dt_add(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = (&args.values[0], &args.values[1]);
    match delta_of(b) {
        Some(delta) => add_delta(vm, a, delta.to_us()),
        None => Ok(not_implemented()),
    }
}

fn same_tz(a: &Option<Value>, b: &Option<Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => x.is(y),
        _ => false,
    }
}

/// `a - b` of two datetimes, in microseconds, offsets taken into account.
fn difference(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<i128> {
    let (x, y) = (me(a)?, me(b)?);
    let base = total_us(x.d, x.t) - total_us(y.d, y.t);
    if same_tz(&x.tz, &y.tz) {
        return Ok(base);
    }
    let xo = offset_of(vm, a)?;
    let yo = offset_of(vm, b)?;
    match (xo, yo) {
        (p, q) if p == q => Ok(base),
        (Some(p), Some(q)) => Ok(base + q.to_us() - p.to_us()),
        _ => Err(type_error(
            "can't subtract offset-naive and offset-aware datetimes",
        )),
    }
}

fn dt_sub(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = (&args.values[0], &args.values[1]);
    if let Some(delta) = delta_of(b) {
        return add_delta(vm, a, -delta.to_us());
    }
    if datetime_of(b).is_some() {
        let us = difference(vm, a, b)?;
        return Ok(new_delta(Delta::from_us(us)?));
    }
    Ok(not_implemented())
}

/// The offset `v` would have with its fold flipped.
fn flipped_offset(vm: &mut Vm, v: &Value) -> PyResult<Option<Delta>> {
    let o = me(v)?;
    let mut t = o.t;
    t.fold ^= 1;
    let flipped = new_datetime_raw(v.ty(), o.d, t, o.tz.clone());
    offset_of(vm, &flipped)
}

/// PEP 495: a time in a fold or gap of a zone compares unequal to every other zone's times.
fn pep495_exception(
    vm: &mut Vm,
    a: &Value,
    b: &Value,
    ao: Option<Delta>,
    bo: Option<Delta>,
) -> PyResult<bool> {
    if flipped_offset(vm, a)? != ao {
        return Ok(true);
    }
    Ok(flipped_offset(vm, b)? != bo)
}

fn compare(vm: &mut Vm, args: &Args, op: &str) -> PyResult {
    let (a, b) = (&args.values[0], &args.values[1]);
    let x = me(a)?;
    let Some(y) = datetime_of(b) else {
        if date_of(b).is_some() {
            return match op {
                "__eq__" => Ok(bool_value(false)),
                "__ne__" => Ok(bool_value(true)),
                _ => Err(type_error(format!(
                    "can't compare {} to {}",
                    type_name(a),
                    type_name(b)
                ))),
            };
        }
        return Ok(not_implemented());
    };
    let key = |o: &DateTimeObj| (o.d.key(), o.t.key());
    if same_tz(&x.tz, &y.tz) {
        return Ok(super::compare_result(key(x), key(y), op));
    }
    let (kx, ky) = (key(x), key(y));
    let xo = offset_of(vm, a)?;
    let yo = offset_of(vm, b)?;
    let eq_op = op == "__eq__" || op == "__ne__";
    let ordering = match (xo, yo) {
        (p, q) if p == q => kx.cmp(&ky),
        (Some(_), Some(_)) => difference(vm, a, b)?.cmp(&0),
        _ => {
            return match op {
                "__eq__" => Ok(bool_value(false)),
                "__ne__" => Ok(bool_value(true)),
                _ => Err(type_error(
                    "can't compare offset-naive and offset-aware datetimes",
                )),
            }
        }
    };
    if eq_op && ordering.is_eq() && pep495_exception(vm, a, b, xo, yo)? {
        return Ok(bool_value(op == "__ne__"));
    }
    Ok(super::compare_result(
        ordering,
        std::cmp::Ordering::Equal,
        op,
    ))
}

macro_rules! comparisons {
    ($($name:ident => $op:literal),*) => {
        $(fn $name(vm: &mut Vm, args: Args) -> PyResult {
            args.check_count($op, 2, 2)?;
            compare(vm, &args, $op)
        })*
    };
}
comparisons!(dt_eq => "__eq__", dt_ne => "__ne__", dt_lt => "__lt__", dt_le => "__le__", dt_gt => "__gt__", dt_ge => "__ge__");

fn dt_hash(vm: &mut Vm, args: Args) -> PyResult {
    let v = args.values[0].clone();
    let o = me(&v)?;
    if let Some(h) = o.hash.get() {
        return Ok(int::from_i64(h));
    }
    let (d, mut t, tz) = (o.d, o.t, o.tz.clone());
    let off = if t.fold == 1 {
        t.fold = 0;
        let v0 = new_datetime_raw(v.ty(), d, t, tz.clone());
        call_offset(vm, &tz, "utcoffset", &v0)?
    } else {
        call_offset(vm, &tz, "utcoffset", &v)?
    };
    let h = match off {
        None => str::hash_bytes(&state_bytes(d, t, false)),
        Some(off) => {
            let us =
                d.ordinal() as i128 * US_PER_DAY + t.seconds() as i128 * 1_000_000 + t.us as i128
                    - off.to_us();
            vm.hash(&new_delta(Delta::from_us(us)?))?
        }
    };
    me(&v)?.hash.set(Some(h));
    Ok(int::from_i64(h))
}

/// The pickle state tuple: the state bytes (with the fold from protocol 4), and the tzinfo.
pub fn pickle_state(v: &Value, proto: i64) -> PyResult {
    let o = me(v)?;
    let mut state = vec![bytes::new_bytes(state_bytes(o.d, o.t, proto > 3))];
    if let Some(tz) = &o.tz {
        state.push(tz.clone());
    }
    Ok(tuple::new_tuple(state))
}

pub fn types() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &DATETIME_TYPE,
        methods: methods![
            MethodDef::static_("__new__", datetime_new),
            MethodDef::class("now", now),
            MethodDef::class("utcnow", utcnow),
            MethodDef::class("fromtimestamp", fromtimestamp),
            MethodDef::class("utcfromtimestamp", utcfromtimestamp),
            MethodDef::class("combine", combine),
            MethodDef::class("fromisoformat", fromisoformat),
            MethodDef::class("strptime", strptime),
            MethodDef::method("utcoffset", utcoffset),
            MethodDef::method("dst", dst),
            MethodDef::method("tzname", tzname),
            MethodDef::method("date", date),
            MethodDef::method("time", time),
            MethodDef::method("timetz", timetz),
            MethodDef::method("ctime", ctime),
            MethodDef::method("isoformat", isoformat),
            MethodDef::method("__str__", dt_str),
            MethodDef::method("__repr__", dt_repr),
            MethodDef::method("timetuple", timetuple),
            MethodDef::method("utctimetuple", utctimetuple),
            MethodDef::method("timestamp", timestamp),
            MethodDef::method("replace", replace),
            MethodDef::method("astimezone", astimezone),
            MethodDef::method("strftime", strftime),
            MethodDef::method("__add__", dt_add),
            MethodDef::method("__radd__", dt_add),
            MethodDef::method("__sub__", dt_sub),
            MethodDef::method("__eq__", dt_eq),
            MethodDef::method("__ne__", dt_ne),
            MethodDef::method("__lt__", dt_lt),
            MethodDef::method("__le__", dt_le),
            MethodDef::method("__gt__", dt_gt),
            MethodDef::method("__ge__", dt_ge),
            MethodDef::method("__hash__", dt_hash),
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
        doc: Some("datetime(year, month, day[, hour[, minute[, second[, microsecond[,tzinfo]]]]])"),
    }]
}

pub fn class_attributes() -> PyResult<()> {
    super::set_class_attr(
        &DATETIME_TYPE,
        "min",
        new_datetime_raw(
            &DATETIME_TYPE,
            Ymd { y: 1, m: 1, d: 1 },
            Hms::default(),
            None,
        ),
    );
    super::set_class_attr(
        &DATETIME_TYPE,
        "max",
        new_datetime_raw(
            &DATETIME_TYPE,
            Ymd {
                y: calendar::MAXYEAR,
                m: 12,
                d: 31,
            },
            Hms {
                h: 23,
                mi: 59,
                s: 59,
                us: 999_999,
                fold: 0,
            },
            None,
        ),
    );
    super::set_class_attr(
        &DATETIME_TYPE,
        "resolution",
        new_delta(Delta {
            days: 0,
            secs: 0,
            us: 1,
        }),
    );
    Ok(())
}
