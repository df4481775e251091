//! The `time` module. Local time is the C library's (`localtime_r`, `mktime`, `tzset`), as in
//! CPython, so `TZ` and the system's zone database apply.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::compile::Mode;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::os;
use crate::vm::Vm;

/// `struct_time`, written in Python: a named 9-sequence with `tm_zone`/`tm_gmtoff` extras.
const STRUCT_TIME_SRC: &str = r#"
class struct_time:
    n_sequence_fields = 9
    n_fields = 11
    n_unnamed_fields = 0
    _names = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec', 'tm_wday', 'tm_yday', 'tm_isdst')

    def __init__(self, seq):
        seq = tuple(seq)
        if len(seq) < 9:
            raise TypeError('time.struct_time() takes an at least 9-sequence (%d-sequence given)' % len(seq))
        if len(seq) > 11:
            raise TypeError('time.struct_time() takes an at most 11-sequence (%d-sequence given)' % len(seq))
        self._t = seq[:9]
        extra = seq[9:] + (None, None)
        self.tm_zone = extra[0]
        self.tm_gmtoff = extra[1]

    def __getitem__(self, i):
        return self._t[i]

    def __len__(self):
        return 9

    def __iter__(self):
        return iter(self._t)

    def __eq__(self, other):
        if isinstance(other, struct_time):
            return self._t == other._t
        if isinstance(other, tuple):
            return self._t == other
        return NotImplemented

    def __hash__(self):
        return hash(self._t)

    def __reduce__(self):
        return (struct_time, (self._t,))

    def __repr__(self):
        return 'time.struct_time(' + ', '.join('%s=%r' % (n, v) for n, v in zip(self._names, self._t)) + ')'

    tm_year = property(lambda self: self._t[0])
    tm_mon = property(lambda self: self._t[1])
    tm_mday = property(lambda self: self._t[2])
    tm_hour = property(lambda self: self._t[3])
    tm_min = property(lambda self: self._t[4])
    tm_sec = property(lambda self: self._t[5])
    tm_wday = property(lambda self: self._t[6])
    tm_yday = property(lambda self: self._t[7])
    tm_isdst = property(lambda self: self._t[8])
"#;

fn now_since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// CPython's `pytime_overflow` message: a time beyond `_PyTime_t`'s 64-bit nanoseconds.
const PYTIME_OVERFLOW: &str = "timestamp too large to convert to C _PyTime_t";

/// A `timespec` as nanoseconds (`_PyTime_FromTimespec`; both fields are 64-bit on the 64-bit
/// Linux Heron targets).
fn timespec_ns(ts: &libc::timespec) -> PyResult<i64> {
    ts.tv_sec
        .checked_mul(1_000_000_000)
        .and_then(|ns| ns.checked_add(ts.tv_nsec))
        .ok_or_else(|| overflow_error(PYTIME_OVERFLOW))
}

/// Nanoseconds as a `timespec`, the nanoseconds field in `0..1e9` (`_PyTime_AsTimespec`).
fn ns_timespec(ns: i64) -> libc::timespec {
    let mut ts: libc::timespec = os::zeroed();
    ts.tv_sec = ns.div_euclid(1_000_000_000) as libc::time_t;
    ts.tv_nsec = ns.rem_euclid(1_000_000_000) as libc::c_long;
    ts
}

/// Nanoseconds as float seconds, rounded as CPython's `_PyTime_AsSecondsDouble`.
fn ns_seconds(ns: i64) -> f64 {
    if ns % 1_000_000_000 == 0 {
        (ns / 1_000_000_000) as f64
    } else {
        ns as f64 / 1e9
    }
}

/// `clock`'s time now in nanoseconds; a clock the system lacks is an OSError.
fn clock_ns(vm: &mut Vm, clock: libc::clockid_t) -> PyResult<i64> {
    let ts = os::time::clock_gettime(clock).map_err(|e| crate::modules::posix::sys_error(vm, e))?;
    timespec_ns(&ts)
}

/// `time.monotonic()` and `time.perf_counter()`: `CLOCK_MONOTONIC`, as CPython on Linux.
fn monotonic_ns(vm: &mut Vm) -> PyResult<i64> {
    clock_ns(vm, libc::CLOCK_MONOTONIC)
}

/// CPU time of the whole process (every thread: Python runs on one Heron starts, not on the
/// process's first thread).
fn process_ns(vm: &mut Vm) -> PyResult<i64> {
    clock_ns(vm, libc::CLOCK_PROCESS_CPUTIME_ID)
}

/// CPU time of the calling thread.
fn thread_ns(vm: &mut Vm) -> PyResult<i64> {
    clock_ns(vm, libc::CLOCK_THREAD_CPUTIME_ID)
}

/// The arguments of a `PyArg_ParseTuple` function taking exactly `n`, with its messages.
fn exact_args<'a>(args: &Args<'a>, fname: &str, n: usize) -> PyResult<&'a [Value]> {
    args.no_keywords(fname)?;
    let given = args.values.len();
    if given != n {
        return Err(type_error(format!(
            "{fname}() takes exactly {n} argument{} ({given} given)",
            if n == 1 { "" } else { "s" }
        )));
    }
    Ok(args.values)
}

/// A clock id: CPython's "i" format (a C `int`, through `__index__`, floats refused).
fn clock_id(vm: &mut Vm, v: &Value) -> PyResult<libc::clockid_t> {
    let i = vm.index(v)?;
    let n = int::as_i64(&i)
        .ok_or_else(|| overflow_error("Python int too large to convert to C long"))?;
    libc::clockid_t::try_from(n).map_err(|_| {
        overflow_error(if n < 0 {
            "signed integer is less than minimum"
        } else {
            "signed integer is greater than maximum"
        })
    })
}

fn no_args(args: &Args, name: &str) -> PyResult<()> {
    args.no_keywords(&format!("time.{name}"))?;
    if !args.values.is_empty() {
        return Err(type_error(format!(
            "time.{name}() takes no arguments ({} given)",
            args.values.len()
        )));
    }
    Ok(())
}

fn t_time(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "time")?;
    Ok(float::new_float(now_since_epoch().as_secs_f64()))
}

fn t_time_ns(_vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "time_ns")?;
    Ok(int::from_bigint(now_since_epoch().as_nanos().into()))
}

fn t_monotonic(vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "monotonic")?;
    Ok(float::new_float(ns_seconds(monotonic_ns(vm)?)))
}

fn t_monotonic_ns(vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "monotonic_ns")?;
    Ok(int::from_i64(monotonic_ns(vm)?))
}

fn t_perf_counter(vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "perf_counter")?;
    Ok(float::new_float(ns_seconds(monotonic_ns(vm)?)))
}

fn t_perf_counter_ns(vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "perf_counter_ns")?;
    Ok(int::from_i64(monotonic_ns(vm)?))
}

fn t_process_time(vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "process_time")?;
    Ok(float::new_float(ns_seconds(process_ns(vm)?)))
}

fn t_process_time_ns(vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "process_time_ns")?;
    Ok(int::from_i64(process_ns(vm)?))
}

fn t_thread_time(vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "thread_time")?;
    Ok(float::new_float(ns_seconds(thread_ns(vm)?)))
}

fn t_thread_time_ns(vm: &mut Vm, args: Args) -> PyResult {
    no_args(&args, "thread_time_ns")?;
    Ok(int::from_i64(thread_ns(vm)?))
}

/// `clock_gettime(clk_id)`: float seconds, computed as CPython does.
fn t_clock_gettime(vm: &mut Vm, args: Args) -> PyResult {
    let a = exact_args(&args, "clock_gettime", 1)?;
    let clock = clock_id(vm, &a[0])?;
    let ts = os::time::clock_gettime(clock).map_err(|e| crate::modules::posix::sys_error(vm, e))?;
    Ok(float::new_float(
        ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9,
    ))
}

/// `clock_gettime_ns(clk_id)` (CPython's messages name it `clock_gettime`).
fn t_clock_gettime_ns(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("clock_gettime_ns")?;
    let a = exact_args(&args, "clock_gettime", 1)?;
    let clock = clock_id(vm, &a[0])?;
    Ok(int::from_i64(clock_ns(vm, clock)?))
}

/// `clock_getres(clk_id)`: the clock's resolution in float seconds.
fn t_clock_getres(vm: &mut Vm, args: Args) -> PyResult {
    let a = exact_args(&args, "clock_getres", 1)?;
    let clock = clock_id(vm, &a[0])?;
    let res = os::time::clock_getres(clock).map_err(|e| crate::modules::posix::sys_error(vm, e))?;
    Ok(float::new_float(
        res.tv_sec as f64 + res.tv_nsec as f64 * 1e-9,
    ))
}

/// Seconds (an int, or a float rounded toward minus infinity) as nanoseconds, with
/// `_PyTime_FromSecondsObject`'s errors.
fn seconds_ns_floor(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if let Some(f) = float::as_f64(v) {
        if f.is_nan() {
            return Err(value_error("Invalid value NaN (not a number)"));
        }
        let d = (f * 1e9).floor();
        // The range of i64 as doubles: -2**63 is exact, 2**63 is the first value beyond it.
        if !((i64::MIN as f64) <= d && d < -(i64::MIN as f64)) {
            return Err(overflow_error(PYTIME_OVERFLOW));
        }
        return Ok(d as i64);
    }
    let i = vm.index(v)?;
    int::as_i64(&i)
        .and_then(|s| s.checked_mul(1_000_000_000))
        .ok_or_else(|| overflow_error(PYTIME_OVERFLOW))
}

/// Sets `clock` to `ns` nanoseconds since its epoch.
fn settime(vm: &mut Vm, clock: libc::clockid_t, ns: i64) -> PyResult {
    os::time::clock_settime(clock, &ns_timespec(ns))
        .map_err(|e| crate::modules::posix::sys_error(vm, e))?;
    Ok(none())
}

/// `clock_settime(clk_id, time)`: `time` in seconds (int or float).
fn t_clock_settime(vm: &mut Vm, args: Args) -> PyResult {
    let a = exact_args(&args, "clock_settime", 2)?;
    let clock = clock_id(vm, &a[0])?;
    let ns = seconds_ns_floor(vm, &a[1])?;
    settime(vm, clock, ns)
}

/// `clock_settime_ns(clk_id, time)`: `time` an int of nanoseconds (CPython's messages name it
/// `clock_settime`).
fn t_clock_settime_ns(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("clock_settime_ns")?;
    let a = exact_args(&args, "clock_settime", 2)?;
    let clock = clock_id(vm, &a[0])?;
    if !int::is_int(&a[1]) {
        return Err(type_error(format!("expect int, got {}", a[1].ty().name())));
    }
    let ns = int::as_i64(&a[1]).ok_or_else(|| overflow_error(PYTIME_OVERFLOW))?;
    settime(vm, clock, ns)
}

/// `pthread_getcpuclockid(thread_id)`: the CPU-time clock of a thread, for the ids
/// `_thread.get_ident()` gives (its `pthread_self`). The id is read as CPython's "k" format:
/// an int's low 64 bits, with no range check.
fn t_pthread_getcpuclockid(vm: &mut Vm, args: Args) -> PyResult {
    let a = exact_args(&args, "pthread_getcpuclockid", 1)?;
    let Some(id) = int::as_bigint(&a[0]) else {
        return Err(type_error(format!(
            "pthread_getcpuclockid() argument 1 must be int, not {}",
            a[0].ty().name()
        )));
    };
    let low = id & num_bigint::BigInt::from(u64::MAX);
    let thread = u64::try_from(low).unwrap_or(0);
    let clock =
        os::time::thread_cpuclockid(thread).map_err(|e| crate::modules::posix::sys_error(vm, e))?;
    Ok(int::from_i64(clock as i64))
}

/// `get_clock_info(name)`: how each clock is read (all through `clock_gettime`).
fn t_get_clock_info(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("get_clock_info", 1, 1)?;
    let name = str::as_str(&a[0]).ok_or_else(|| {
        type_error(format!(
            "get_clock_info() argument 1 must be str, not {}",
            a[0].ty().name()
        ))
    })?;
    let (clock, cname, monotonic, adjustable) = match name {
        "time" => (libc::CLOCK_REALTIME, "CLOCK_REALTIME", false, true),
        "monotonic" | "perf_counter" => (libc::CLOCK_MONOTONIC, "CLOCK_MONOTONIC", true, false),
        "process_time" => (
            libc::CLOCK_PROCESS_CPUTIME_ID,
            "CLOCK_PROCESS_CPUTIME_ID",
            true,
            false,
        ),
        "thread_time" => (
            libc::CLOCK_THREAD_CPUTIME_ID,
            "CLOCK_THREAD_CPUTIME_ID",
            true,
            false,
        ),
        _ => return Err(value_error("unknown clock")),
    };
    let res = os::time::clock_getres(clock).unwrap_or_else(|_| os::zeroed());
    let resolution = res.tv_sec as f64 + res.tv_nsec as f64 * 1e-9;
    Ok(crate::builtins::methods::namespace::new_namespace(vec![
        (
            "implementation",
            str::from_string(format!("clock_gettime({cname})")),
        ),
        ("monotonic", crate::object::types::bool_value(monotonic)),
        ("adjustable", crate::object::types::bool_value(adjustable)),
        ("resolution", float::new_float(resolution)),
    ]))
}

fn t_sleep(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("sleep", 1, 1)?;
    let secs = vm.to_f64(&a[0]).map_err(|_| {
        type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            a[0].ty().name()
        ))
    })?;
    if secs.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(value_error("sleep length must be non-negative"));
    }
    std::thread::sleep(Duration::from_secs_f64(secs.min(1e9)));
    Ok(none())
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Broken-down UTC time: year, mon, mday, hour, min, sec, wday (Mon=0), yday (1-based).
fn broken_down(secs: i64) -> [i64; 8] {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    let yday = days - days_from_civil(y, 1, 1) + 1;
    let wday = (days + 3).rem_euclid(7);
    [y, m, d, rem / 3600, rem % 3600 / 60, rem % 60, wday, yday]
}

fn seconds_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    match v {
        None => Ok(now_since_epoch().as_secs() as i64),
        Some(v) if v.is_none() => Ok(now_since_epoch().as_secs() as i64),
        Some(v) => {
            if let Some(i) = int::as_i64(v) {
                return Ok(i);
            }
            let f = vm.to_f64(v)?;
            if f.is_nan() {
                return Err(value_error("Invalid value NaN (not a number)"));
            }
            if f.abs() > 1e17 {
                return Err(overflow_error("timestamp out of range for platform time_t"));
            }
            Ok(f.floor() as i64)
        }
    }
}

/// A broken-down time: the nine `struct_time` fields (weekday Monday=0, yearday 1-based), the
/// zone's abbreviation and its offset east of UTC in seconds.
pub(crate) struct Broken {
    pub fields: [i64; 9],
    pub zone: String,
    pub gmtoff: i64,
}

pub(crate) fn utc_broken(secs: i64) -> Broken {
    let b = broken_down(secs);
    Broken {
        fields: [b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], 0],
        zone: "UTC".to_string(),
        gmtoff: 0,
    }
}

/// `localtime_r` of `secs`.
pub(crate) fn local_broken(secs: i64) -> PyResult<Broken> {
    let t = libc::time_t::try_from(secs)
        .map_err(|_| overflow_error("timestamp out of range for platform time_t"))?;
    let local = os::time::localtime(t)
        .map_err(|_| overflow_error("timestamp out of range for platform time_t"))?;
    let tm: libc::tm = local.tm;
    Ok(Broken {
        fields: [
            tm.tm_year as i64 + 1900,
            tm.tm_mon as i64 + 1,
            tm.tm_mday as i64,
            tm.tm_hour as i64,
            tm.tm_min as i64,
            tm.tm_sec as i64,
            (tm.tm_wday as i64 + 6) % 7,
            tm.tm_yday as i64 + 1,
            tm.tm_isdst as i64,
        ],
        zone: local.zone,
        gmtoff: tm.tm_gmtoff as i64,
    })
}

fn struct_time(vm: &mut Vm, b: Broken) -> PyResult {
    let mut items: Vec<Value> = b.fields.iter().map(|x| int::from_i64(*x)).collect();
    items.push(str::from_string(b.zone));
    items.push(int::from_i64(b.gmtoff));
    let module = vm.import_module("time")?;
    let cls = vm.getattr(&module, "struct_time")?;
    vm.call(&cls, &[tuple::new_tuple(items)])
}

fn now_secs() -> i64 {
    now_since_epoch().as_secs() as i64
}

fn t_gmtime(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("gmtime", 0, 1)?;
    let s = seconds_arg(vm, a.first())?;
    struct_time(vm, utc_broken(s))
}

fn t_localtime(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("localtime", 0, 1)?;
    let s = seconds_arg(vm, a.first())?;
    let b = local_broken(s)?;
    struct_time(vm, b)
}

/// A struct_time or 9-tuple argument (the local time now when absent), with the zone and
/// offset a struct_time carries, or those `tzname`/`timezone` give for its DST flag.
fn time_tuple(vm: &mut Vm, v: Option<&Value>, fname: &str) -> PyResult<Broken> {
    let v = match v {
        Some(v) => v.clone(),
        None => {
            let b = local_broken(now_secs())?;
            return Ok(b);
        }
    };
    let items = vm.collect(&v)?;
    if items.len() != 9 {
        return Err(type_error(format!(
            "{fname}(): illegal time tuple argument"
        )));
    }
    let mut fields = [0i64; 9];
    for (o, it) in fields.iter_mut().zip(items.iter()) {
        *o = vm.index_i64(it)?;
    }
    let zone = vm
        .getattr_opt(&v, "tm_zone")?
        .filter(|z| !z.is_none())
        .and_then(|z| str::as_str(&z).map(str::to_string));
    let gmtoff = match vm.getattr_opt(&v, "tm_gmtoff")?.filter(|g| !g.is_none()) {
        Some(g) => Some(vm.index_i64(&g)?),
        None => None,
    };
    let zones = zone_info();
    let dst = fields[8] > 0;
    Ok(Broken {
        fields,
        zone: zone.unwrap_or_else(|| {
            if dst {
                zones.names.1.clone()
            } else {
                zones.names.0.clone()
            }
        }),
        gmtoff: gmtoff.unwrap_or(-if dst { zones.altzone } else { zones.timezone }),
    })
}

fn t_mktime(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("mktime", 1, 1)?;
    let t = time_tuple(vm, a.first(), "mktime")?.fields;
    let int = |v: i64| {
        libc::c_int::try_from(v).map_err(|_| {
            overflow_error(if v < 0 {
                "signed integer is less than minimum"
            } else {
                "signed integer is greater than maximum"
            })
        })
    };
    let mut tm: libc::tm = os::zeroed();
    tm.tm_year = int(t[0] - 1900)?;
    tm.tm_mon = int(t[1] - 1)?;
    tm.tm_mday = int(t[2])?;
    tm.tm_hour = int(t[3])?;
    tm.tm_min = int(t[4])?;
    tm.tm_sec = int(t[5])?;
    // A weekday mktime never writes marks failure, as in CPython (-1 is also a valid time).
    tm.tm_wday = -1;
    tm.tm_yday = int(t[7] - 1)?;
    tm.tm_isdst = int(t[8].clamp(-1, 1))?;
    let r = os::time::mktime(&mut tm);
    if r == -1 && tm.tm_wday == -1 {
        return Err(overflow_error("mktime argument out of range"));
    }
    Ok(float::new_float(r as f64))
}

/// `timezone`, `altzone`, `daylight` and `tzname`, found as CPython finds them: from the
/// local offsets and zone names in January and in July of this year.
struct ZoneInfo {
    timezone: i64,
    altzone: i64,
    daylight: bool,
    names: (String, String),
}

fn zone_info() -> ZoneInfo {
    const YEAR: i64 = (365 * 24 + 6) * 3600;
    let jan_t = now_secs() / YEAR * YEAR;
    let get = |t: i64| {
        local_broken(t)
            .map(|b| (-b.gmtoff, b.zone))
            .unwrap_or((0, "UTC".to_string()))
    };
    let (jan, jan_name) = get(jan_t);
    let (jul, jul_name) = get(jan_t + YEAR / 2);
    if jan < jul {
        // Southern hemisphere: DST in January.
        ZoneInfo {
            timezone: jul,
            altzone: jan,
            daylight: jan != jul,
            names: (jul_name, jan_name),
        }
    } else {
        ZoneInfo {
            timezone: jan,
            altzone: jul,
            daylight: jan != jul,
            names: (jan_name, jul_name),
        }
    }
}

fn set_zone_attrs(m: &Value) {
    let z = zone_info();
    module::set_attr(m, "timezone", int::from_i64(z.timezone));
    module::set_attr(m, "altzone", int::from_i64(z.altzone));
    module::set_attr(m, "daylight", int::from_i64(z.daylight as i64));
    module::set_attr(
        m,
        "tzname",
        tuple::from_array([str::from_string(z.names.0), str::from_string(z.names.1)]),
    );
}

/// `time.tzset()`: re-reads `TZ` and recomputes the zone attributes.
fn t_tzset(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("tzset", 0, 0)?;
    os::time::tzset();
    let m = vm.import_module("time")?;
    set_zone_attrs(&m);
    module::set_attr(&m, "_STRUCT_TM_ITEMS", int::from_i64(11));
    Ok(none())
}

fn t_strptime(vm: &mut Vm, args: Args) -> PyResult {
    let strptime = vm.import_module("_strptime")?;
    let f = vm.getattr(&strptime, "_strptime_time")?;
    vm.call_with(&f, args)
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn day_name(t: &[i64; 9]) -> &'static str {
    DAYS[t[6].rem_euclid(7) as usize]
}

fn month_name(t: &[i64; 9]) -> &'static str {
    MONTHS[(t[1] - 1).rem_euclid(12) as usize]
}

fn asctime_of(t: &[i64; 9]) -> String {
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        &day_name(t)[..3],
        &month_name(t)[..3],
        t[2],
        t[3],
        t[4],
        t[5],
        t[0]
    )
}

/// C's `strftime` in the C locale.
/// The ISO 8601 (year, week) of a broken-down time (Monday-based weekday `t[6]`, 1-based
/// day of the year `t[7]`).
fn iso_week(t: &[i64]) -> (i64, i64) {
    let weeks_in = |y: i64| {
        let p =
            |y: i64| (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400)).rem_euclid(7);
        if p(y) == 4 || p(y - 1) == 3 {
            53
        } else {
            52
        }
    };
    let week = (t[7] - (t[6] + 1) + 10).div_euclid(7);
    if week < 1 {
        (t[0] - 1, weeks_in(t[0] - 1))
    } else if week > weeks_in(t[0]) {
        (t[0] + 1, 1)
    } else {
        (t[0], week)
    }
}

fn strftime_of(fmt: &str, b: &Broken) -> String {
    let t = &b.fields;
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(d) = chars.next() else {
            out.push('%');
            break;
        };
        let hour12 = if t[3] % 12 == 0 { 12 } else { t[3] % 12 };
        let s = match d {
            'Y' => t[0].to_string(),
            'y' => format!("{:02}", t[0].rem_euclid(100)),
            'C' => format!("{:02}", t[0].div_euclid(100)),
            'm' => format!("{:02}", t[1]),
            'd' => format!("{:02}", t[2]),
            'e' => format!("{:2}", t[2]),
            'H' => format!("{:02}", t[3]),
            'I' => format!("{hour12:02}"),
            'M' => format!("{:02}", t[4]),
            'S' => format!("{:02}", t[5]),
            'p' => (if t[3] < 12 { "AM" } else { "PM" }).to_string(),
            'j' => format!("{:03}", t[7]),
            'a' => day_name(t)[..3].to_string(),
            'A' => day_name(t).to_string(),
            'b' | 'h' => month_name(t)[..3].to_string(),
            'B' => month_name(t).to_string(),
            'w' => ((t[6] + 1) % 7).to_string(),
            // Week of the year, weeks starting on Sunday / Monday (glibc's formulas).
            'U' => format!("{:02}", (t[7] - 1 + 7 - (t[6] + 1) % 7) / 7),
            'W' => format!("{:02}", (t[7] - 1 + 7 - t[6]) / 7),
            'G' => iso_week(t).0.to_string(),
            'g' => format!("{:02}", iso_week(t).0.rem_euclid(100)),
            'V' => format!("{:02}", iso_week(t).1),
            'r' => format!(
                "{hour12:02}:{:02}:{:02} {}",
                t[4],
                t[5],
                if t[3] < 12 { "AM" } else { "PM" }
            ),
            'k' => format!("{:2}", t[3]),
            'l' => format!("{hour12:2}"),
            'u' => (t[6] + 1).to_string(),
            'Z' => b.zone.clone(),
            'z' => {
                let off = b.gmtoff.abs();
                let sign = if b.gmtoff < 0 { '-' } else { '+' };
                format!("{sign}{:02}{:02}", off / 3600, off % 3600 / 60)
            }
            'c' => asctime_of(t),
            'x' => format!("{:02}/{:02}/{:02}", t[1], t[2], t[0].rem_euclid(100)),
            'X' | 'T' => format!("{:02}:{:02}:{:02}", t[3], t[4], t[5]),
            'D' => format!("{:02}/{:02}/{:02}", t[1], t[2], t[0].rem_euclid(100)),
            'F' => format!("{}-{:02}-{:02}", t[0], t[1], t[2]),
            'R' => format!("{:02}:{:02}", t[3], t[4]),
            'n' => "\n".to_string(),
            't' => "\t".to_string(),
            '%' => "%".to_string(),
            other => format!("%{other}"),
        };
        out.push_str(&s);
    }
    out
}

fn t_strftime(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("strftime", 1, 2)?;
    let fmt = str::as_str(&a[0])
        .ok_or_else(|| {
            type_error(format!(
                "strftime() argument 1 must be str, not {}",
                a[0].ty().name()
            ))
        })?
        .to_string();
    let mut b = time_tuple(vm, a.get(1), "strftime")?;
    check_fields(&mut b.fields)?;
    // As CPython: a %Z that trusts tm_isdst to be -1, 0 or 1 must not index out of range.
    b.fields[8] = b.fields[8].clamp(-1, 1);
    Ok(str::from_string(strftime_of(&fmt, &b)))
}

/// CPython's `checktm`: the ranges `strftime` and `asctime` accept, with 0 standing for the
/// lowest valid month, day of month and day of year.
fn check_fields(t: &mut [i64; 9]) -> PyResult<()> {
    let lowest_for_zero = |v: &mut i64, max: i64, what: &str| {
        if *v == 0 {
            *v = 1;
        } else if !(1..=max).contains(v) {
            return Err(value_error(format!("{what} out of range")));
        }
        Ok(())
    };
    lowest_for_zero(&mut t[1], 12, "month")?;
    lowest_for_zero(&mut t[2], 31, "day of month")?;
    for (i, max, what) in [(3, 23, "hour"), (4, 59, "minute"), (5, 61, "seconds")] {
        if !(0..=max).contains(&t[i]) {
            return Err(value_error(format!("{what} out of range")));
        }
    }
    // CPython stores (wday + 1) % 7 with C's remainder, which is negative only below -1.
    if (t[6] + 1) % 7 < 0 {
        return Err(value_error("day of week out of range"));
    }
    lowest_for_zero(&mut t[7], 366, "day of year")
}

fn t_asctime(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("asctime", 0, 1)?;
    let mut b = time_tuple(vm, a.first(), "asctime")?;
    check_fields(&mut b.fields)?;
    Ok(str::from_string(asctime_of(&b.fields)))
}

fn t_ctime(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("ctime", 0, 1)?;
    let s = seconds_arg(vm, a.first())?;
    let b = local_broken(s)?;
    Ok(str::from_string(asctime_of(&b.fields)))
}

/// Creates the `time` module.
pub fn new_module(vm: &mut Vm) -> PyResult {
    let m = module::new_module("time");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("time", t_time),
        ("time_ns", t_time_ns),
        ("perf_counter", t_perf_counter),
        ("perf_counter_ns", t_perf_counter_ns),
        ("monotonic", t_monotonic),
        ("monotonic_ns", t_monotonic_ns),
        ("process_time", t_process_time),
        ("process_time_ns", t_process_time_ns),
        ("thread_time", t_thread_time),
        ("thread_time_ns", t_thread_time_ns),
        ("clock_gettime", t_clock_gettime),
        ("clock_gettime_ns", t_clock_gettime_ns),
        ("clock_getres", t_clock_getres),
        ("clock_settime", t_clock_settime),
        ("clock_settime_ns", t_clock_settime_ns),
        ("pthread_getcpuclockid", t_pthread_getcpuclockid),
        ("sleep", t_sleep),
        ("get_clock_info", t_get_clock_info),
        ("gmtime", t_gmtime),
        ("localtime", t_localtime),
        ("tzset", t_tzset),
        ("strptime", t_strptime),
        ("mktime", t_mktime),
        ("strftime", t_strftime),
        ("asctime", t_asctime),
        ("ctime", t_ctime),
    ];
    crate::modules::add_functions(&m, fns);
    for (name, clock) in [
        ("CLOCK_BOOTTIME", libc::CLOCK_BOOTTIME),
        ("CLOCK_MONOTONIC", libc::CLOCK_MONOTONIC),
        ("CLOCK_MONOTONIC_RAW", libc::CLOCK_MONOTONIC_RAW),
        ("CLOCK_PROCESS_CPUTIME_ID", libc::CLOCK_PROCESS_CPUTIME_ID),
        ("CLOCK_REALTIME", libc::CLOCK_REALTIME),
        ("CLOCK_TAI", libc::CLOCK_TAI),
        ("CLOCK_THREAD_CPUTIME_ID", libc::CLOCK_THREAD_CPUTIME_ID),
    ] {
        module::set_attr(&m, name, int::from_i64(clock as i64));
    }
    set_zone_attrs(&m);
    module::set_attr(&m, "_STRUCT_TM_ITEMS", int::from_i64(11));
    let globals = module::dict_of(&m)
        .cloned()
        .ok_or_else(|| type_error("module without dict"))?;
    let code = vm.compile_source(STRUCT_TIME_SRC, "<time>", Mode::Exec)?;
    vm.exec_code(code, &globals, None)?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip() {
        assert_eq!(broken_down(0), [1970, 1, 1, 0, 0, 0, 3, 1]);
        assert_eq!(broken_down(1_000_000_000)[..6], [2001, 9, 9, 1, 46, 40]);
        assert_eq!(days_from_civil(2000, 3, 1), 11017);
    }
}
