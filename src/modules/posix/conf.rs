//! System configuration and the terminal: `sysconf` (with `sysconf_names`), `confstr` (with
//! `confstr_names`), `ctermid`, `getlogin`, and device numbers (`major`, `minor`,
//! `makedev`).

use crate::object::error::{Args, NativeFn, PyErr, PyResult};
use crate::object::exception::{overflow_error, type_error, OS_ERROR};
use crate::object::value::Value;
use crate::object::*;
use crate::os::system;
use crate::vm::Vm;

use super::fdio::conf_name_in;
use super::procs::c_int_arg;
use super::sys_error;

/// `sysconf_names`: the `sysconf` names glibc has, as CPython 3.11 lists them on Linux.
const SYSCONF_NAMES: &[(&str, i32)] = &[
    ("SC_ARG_MAX", libc::_SC_ARG_MAX),
    ("SC_CHILD_MAX", libc::_SC_CHILD_MAX),
    ("SC_CLK_TCK", libc::_SC_CLK_TCK),
    ("SC_NGROUPS_MAX", libc::_SC_NGROUPS_MAX),
    ("SC_OPEN_MAX", libc::_SC_OPEN_MAX),
    ("SC_STREAM_MAX", libc::_SC_STREAM_MAX),
    ("SC_TZNAME_MAX", libc::_SC_TZNAME_MAX),
    ("SC_JOB_CONTROL", libc::_SC_JOB_CONTROL),
    ("SC_SAVED_IDS", libc::_SC_SAVED_IDS),
    ("SC_REALTIME_SIGNALS", libc::_SC_REALTIME_SIGNALS),
    ("SC_PRIORITY_SCHEDULING", libc::_SC_PRIORITY_SCHEDULING),
    ("SC_TIMERS", libc::_SC_TIMERS),
    ("SC_ASYNCHRONOUS_IO", libc::_SC_ASYNCHRONOUS_IO),
    ("SC_PRIORITIZED_IO", libc::_SC_PRIORITIZED_IO),
    ("SC_SYNCHRONIZED_IO", libc::_SC_SYNCHRONIZED_IO),
    ("SC_FSYNC", libc::_SC_FSYNC),
    ("SC_MAPPED_FILES", libc::_SC_MAPPED_FILES),
    ("SC_MEMLOCK", libc::_SC_MEMLOCK),
    ("SC_MEMLOCK_RANGE", libc::_SC_MEMLOCK_RANGE),
    ("SC_MEMORY_PROTECTION", libc::_SC_MEMORY_PROTECTION),
    ("SC_MESSAGE_PASSING", libc::_SC_MESSAGE_PASSING),
    ("SC_SEMAPHORES", libc::_SC_SEMAPHORES),
    ("SC_SHARED_MEMORY_OBJECTS", libc::_SC_SHARED_MEMORY_OBJECTS),
    ("SC_AIO_LISTIO_MAX", libc::_SC_AIO_LISTIO_MAX),
    ("SC_AIO_MAX", libc::_SC_AIO_MAX),
    ("SC_AIO_PRIO_DELTA_MAX", libc::_SC_AIO_PRIO_DELTA_MAX),
    ("SC_DELAYTIMER_MAX", libc::_SC_DELAYTIMER_MAX),
    ("SC_MQ_OPEN_MAX", libc::_SC_MQ_OPEN_MAX),
    ("SC_MQ_PRIO_MAX", libc::_SC_MQ_PRIO_MAX),
    ("SC_VERSION", libc::_SC_VERSION),
    ("SC_PAGESIZE", libc::_SC_PAGESIZE),
    ("SC_PAGE_SIZE", libc::_SC_PAGE_SIZE),
    ("SC_RTSIG_MAX", libc::_SC_RTSIG_MAX),
    ("SC_SEM_NSEMS_MAX", libc::_SC_SEM_NSEMS_MAX),
    ("SC_SEM_VALUE_MAX", libc::_SC_SEM_VALUE_MAX),
    ("SC_SIGQUEUE_MAX", libc::_SC_SIGQUEUE_MAX),
    ("SC_TIMER_MAX", libc::_SC_TIMER_MAX),
    ("SC_BC_BASE_MAX", libc::_SC_BC_BASE_MAX),
    ("SC_BC_DIM_MAX", libc::_SC_BC_DIM_MAX),
    ("SC_BC_SCALE_MAX", libc::_SC_BC_SCALE_MAX),
    ("SC_BC_STRING_MAX", libc::_SC_BC_STRING_MAX),
    ("SC_COLL_WEIGHTS_MAX", libc::_SC_COLL_WEIGHTS_MAX),
    ("SC_EQUIV_CLASS_MAX", libc::_SC_EQUIV_CLASS_MAX),
    ("SC_EXPR_NEST_MAX", libc::_SC_EXPR_NEST_MAX),
    ("SC_LINE_MAX", libc::_SC_LINE_MAX),
    ("SC_RE_DUP_MAX", libc::_SC_RE_DUP_MAX),
    ("SC_CHARCLASS_NAME_MAX", libc::_SC_CHARCLASS_NAME_MAX),
    ("SC_2_VERSION", libc::_SC_2_VERSION),
    ("SC_2_C_BIND", libc::_SC_2_C_BIND),
    ("SC_2_C_DEV", libc::_SC_2_C_DEV),
    ("SC_2_FORT_DEV", libc::_SC_2_FORT_DEV),
    ("SC_2_FORT_RUN", libc::_SC_2_FORT_RUN),
    ("SC_2_SW_DEV", libc::_SC_2_SW_DEV),
    ("SC_2_LOCALEDEF", libc::_SC_2_LOCALEDEF),
    ("SC_PII", libc::_SC_PII),
    ("SC_PII_XTI", libc::_SC_PII_XTI),
    ("SC_PII_SOCKET", libc::_SC_PII_SOCKET),
    ("SC_PII_INTERNET", libc::_SC_PII_INTERNET),
    ("SC_PII_OSI", libc::_SC_PII_OSI),
    ("SC_POLL", libc::_SC_POLL),
    ("SC_SELECT", libc::_SC_SELECT),
    ("SC_IOV_MAX", libc::_SC_IOV_MAX),
    ("SC_UIO_MAXIOV", libc::_SC_UIO_MAXIOV),
    ("SC_PII_INTERNET_STREAM", libc::_SC_PII_INTERNET_STREAM),
    ("SC_PII_INTERNET_DGRAM", libc::_SC_PII_INTERNET_DGRAM),
    ("SC_PII_OSI_COTS", libc::_SC_PII_OSI_COTS),
    ("SC_PII_OSI_CLTS", libc::_SC_PII_OSI_CLTS),
    ("SC_PII_OSI_M", libc::_SC_PII_OSI_M),
    ("SC_T_IOV_MAX", libc::_SC_T_IOV_MAX),
    ("SC_THREADS", libc::_SC_THREADS),
    ("SC_THREAD_SAFE_FUNCTIONS", libc::_SC_THREAD_SAFE_FUNCTIONS),
    ("SC_GETGR_R_SIZE_MAX", libc::_SC_GETGR_R_SIZE_MAX),
    ("SC_GETPW_R_SIZE_MAX", libc::_SC_GETPW_R_SIZE_MAX),
    ("SC_LOGIN_NAME_MAX", libc::_SC_LOGIN_NAME_MAX),
    ("SC_TTY_NAME_MAX", libc::_SC_TTY_NAME_MAX),
    (
        "SC_THREAD_DESTRUCTOR_ITERATIONS",
        libc::_SC_THREAD_DESTRUCTOR_ITERATIONS,
    ),
    ("SC_THREAD_KEYS_MAX", libc::_SC_THREAD_KEYS_MAX),
    ("SC_THREAD_STACK_MIN", libc::_SC_THREAD_STACK_MIN),
    ("SC_THREAD_THREADS_MAX", libc::_SC_THREAD_THREADS_MAX),
    ("SC_THREAD_ATTR_STACKADDR", libc::_SC_THREAD_ATTR_STACKADDR),
    ("SC_THREAD_ATTR_STACKSIZE", libc::_SC_THREAD_ATTR_STACKSIZE),
    (
        "SC_THREAD_PRIORITY_SCHEDULING",
        libc::_SC_THREAD_PRIORITY_SCHEDULING,
    ),
    ("SC_THREAD_PRIO_INHERIT", libc::_SC_THREAD_PRIO_INHERIT),
    ("SC_THREAD_PRIO_PROTECT", libc::_SC_THREAD_PRIO_PROTECT),
    ("SC_THREAD_PROCESS_SHARED", libc::_SC_THREAD_PROCESS_SHARED),
    ("SC_NPROCESSORS_CONF", libc::_SC_NPROCESSORS_CONF),
    ("SC_NPROCESSORS_ONLN", libc::_SC_NPROCESSORS_ONLN),
    ("SC_PHYS_PAGES", libc::_SC_PHYS_PAGES),
    ("SC_AVPHYS_PAGES", libc::_SC_AVPHYS_PAGES),
    ("SC_ATEXIT_MAX", libc::_SC_ATEXIT_MAX),
    ("SC_PASS_MAX", libc::_SC_PASS_MAX),
    ("SC_XOPEN_VERSION", libc::_SC_XOPEN_VERSION),
    ("SC_XOPEN_XCU_VERSION", libc::_SC_XOPEN_XCU_VERSION),
    ("SC_XOPEN_UNIX", libc::_SC_XOPEN_UNIX),
    ("SC_XOPEN_CRYPT", libc::_SC_XOPEN_CRYPT),
    ("SC_XOPEN_ENH_I18N", libc::_SC_XOPEN_ENH_I18N),
    ("SC_XOPEN_SHM", libc::_SC_XOPEN_SHM),
    ("SC_2_CHAR_TERM", libc::_SC_2_CHAR_TERM),
    ("SC_2_C_VERSION", libc::_SC_2_C_VERSION),
    ("SC_2_UPE", libc::_SC_2_UPE),
    ("SC_XOPEN_XPG2", libc::_SC_XOPEN_XPG2),
    ("SC_XOPEN_XPG3", libc::_SC_XOPEN_XPG3),
    ("SC_XOPEN_XPG4", libc::_SC_XOPEN_XPG4),
    ("SC_CHAR_BIT", libc::_SC_CHAR_BIT),
    ("SC_CHAR_MAX", libc::_SC_CHAR_MAX),
    ("SC_CHAR_MIN", libc::_SC_CHAR_MIN),
    ("SC_INT_MAX", libc::_SC_INT_MAX),
    ("SC_INT_MIN", libc::_SC_INT_MIN),
    ("SC_LONG_BIT", libc::_SC_LONG_BIT),
    ("SC_WORD_BIT", libc::_SC_WORD_BIT),
    ("SC_MB_LEN_MAX", libc::_SC_MB_LEN_MAX),
    ("SC_NZERO", libc::_SC_NZERO),
    ("SC_SSIZE_MAX", libc::_SC_SSIZE_MAX),
    ("SC_SCHAR_MAX", libc::_SC_SCHAR_MAX),
    ("SC_SCHAR_MIN", libc::_SC_SCHAR_MIN),
    ("SC_SHRT_MAX", libc::_SC_SHRT_MAX),
    ("SC_SHRT_MIN", libc::_SC_SHRT_MIN),
    ("SC_UCHAR_MAX", libc::_SC_UCHAR_MAX),
    ("SC_UINT_MAX", libc::_SC_UINT_MAX),
    ("SC_ULONG_MAX", libc::_SC_ULONG_MAX),
    ("SC_USHRT_MAX", libc::_SC_USHRT_MAX),
    ("SC_NL_ARGMAX", libc::_SC_NL_ARGMAX),
    ("SC_NL_LANGMAX", libc::_SC_NL_LANGMAX),
    ("SC_NL_MSGMAX", libc::_SC_NL_MSGMAX),
    ("SC_NL_NMAX", libc::_SC_NL_NMAX),
    ("SC_NL_SETMAX", libc::_SC_NL_SETMAX),
    ("SC_NL_TEXTMAX", libc::_SC_NL_TEXTMAX),
    ("SC_XBS5_ILP32_OFF32", libc::_SC_XBS5_ILP32_OFF32),
    ("SC_XBS5_ILP32_OFFBIG", libc::_SC_XBS5_ILP32_OFFBIG),
    ("SC_XBS5_LP64_OFF64", libc::_SC_XBS5_LP64_OFF64),
    ("SC_XBS5_LPBIG_OFFBIG", libc::_SC_XBS5_LPBIG_OFFBIG),
    ("SC_XOPEN_LEGACY", libc::_SC_XOPEN_LEGACY),
    ("SC_XOPEN_REALTIME", libc::_SC_XOPEN_REALTIME),
    (
        "SC_XOPEN_REALTIME_THREADS",
        libc::_SC_XOPEN_REALTIME_THREADS,
    ),
    // Not in the libc crate: glibc's value.
    ("SC_MINSIGSTKSZ", 249),
];

/// `confstr_names`.
const CONFSTR_NAMES: &[(&str, i32)] = &[
    ("CS_PATH", libc::_CS_PATH),
    ("CS_GNU_LIBC_VERSION", libc::_CS_GNU_LIBC_VERSION),
    (
        "CS_GNU_LIBPTHREAD_VERSION",
        libc::_CS_GNU_LIBPTHREAD_VERSION,
    ),
    // The rest are glibc's <bits/confname.h> values, which the libc crate lacks.
    ("CS_LFS_CFLAGS", 1000),
    ("CS_LFS_LDFLAGS", 1001),
    ("CS_LFS_LIBS", 1002),
    ("CS_LFS_LINTFLAGS", 1003),
    ("CS_LFS64_CFLAGS", 1004),
    ("CS_LFS64_LDFLAGS", 1005),
    ("CS_LFS64_LIBS", 1006),
    ("CS_LFS64_LINTFLAGS", 1007),
    ("CS_XBS5_ILP32_OFF32_CFLAGS", 1100),
    ("CS_XBS5_ILP32_OFF32_LDFLAGS", 1101),
    ("CS_XBS5_ILP32_OFF32_LIBS", 1102),
    ("CS_XBS5_ILP32_OFF32_LINTFLAGS", 1103),
    ("CS_XBS5_ILP32_OFFBIG_CFLAGS", 1104),
    ("CS_XBS5_ILP32_OFFBIG_LDFLAGS", 1105),
    ("CS_XBS5_ILP32_OFFBIG_LIBS", 1106),
    ("CS_XBS5_ILP32_OFFBIG_LINTFLAGS", 1107),
    ("CS_XBS5_LP64_OFF64_CFLAGS", 1108),
    ("CS_XBS5_LP64_OFF64_LDFLAGS", 1109),
    ("CS_XBS5_LP64_OFF64_LIBS", 1110),
    ("CS_XBS5_LP64_OFF64_LINTFLAGS", 1111),
    ("CS_XBS5_LPBIG_OFFBIG_CFLAGS", 1112),
    ("CS_XBS5_LPBIG_OFFBIG_LDFLAGS", 1113),
    ("CS_XBS5_LPBIG_OFFBIG_LIBS", 1114),
    ("CS_XBS5_LPBIG_OFFBIG_LINTFLAGS", 1115),
];

fn names_dict(table: &[(&str, i32)]) -> Value {
    let d = dict::new_dict();
    for (n, c) in table {
        dict::set_str(&d, &str::intern(n), int::from_i64(*c as i64));
    }
    d
}

/// `os.sysconf_names`.
pub(super) fn sysconf_names() -> Value {
    names_dict(SYSCONF_NAMES)
}

/// `os.confstr_names`.
pub(super) fn confstr_names() -> Value {
    names_dict(CONFSTR_NAMES)
}

/// `sysconf(name)`: the value, -1 when the limit is indeterminate.
fn sysconf(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("posix.sysconf", 1, 1)?;
    let name = conf_name_in(vm, &a[0], SYSCONF_NAMES)?;
    let r = system::sysconf_checked(name).map_err(|e| sys_error(vm, e))?;
    Ok(int::from_i64(r.unwrap_or(-1)))
}

/// `confstr(name)`: the string, or None when the name has no value.
fn confstr(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("posix.confstr", 1, 1)?;
    let name = conf_name_in(vm, &a[0], CONFSTR_NAMES)?;
    let r = system::confstr(name).map_err(|e| sys_error(vm, e))?;
    Ok(match r {
        Some(b) => str::fs_decode(&b),
        None => types::none(),
    })
}

/// `ctermid()`: the controlling terminal's file name.
fn ctermid(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("posix.ctermid", 0, 0)?;
    let name = system::ctermid().map_err(|e| sys_error(vm, e))?;
    Ok(str::fs_decode(&name))
}

/// `getlogin()`: the user logged in on the controlling terminal.
fn getlogin(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("posix.getlogin", 0, 0)?;
    match system::getlogin() {
        Ok(name) => Ok(str::fs_decode(&name)),
        Err(e) if e.0 != 0 => Err(sys_error(vm, e)),
        Err(_) => Err(PyErr::new(&OS_ERROR, "unable to determine login name")),
    }
}

/// A device number (CPython's `dev_t` converter: an int, not merely an object with
/// `__index__`, that fits 64 unsigned bits).
fn dev_arg(v: &Value) -> PyResult<libc::dev_t> {
    if !int::is_int(v) {
        return Err(type_error("an integer is required"));
    }
    let b = int::as_bigint(v).unwrap_or_default();
    if b.sign() == num_bigint::Sign::Minus {
        return Err(overflow_error("can't convert negative int to unsigned"));
    }
    u64::try_from(&b).map_err(|_| overflow_error("int too big to convert"))
}

fn major(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("posix.major", 1, 1)?;
    let dev = dev_arg(&a[0])?;
    Ok(int::from_i64(system::major(dev) as i64))
}

fn minor(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("posix.minor", 1, 1)?;
    let dev = dev_arg(&a[0])?;
    Ok(int::from_i64(system::minor(dev) as i64))
}

/// `makedev(major, minor)`: C ints, as CPython takes them; the result as a signed 64-bit
/// number, as CPython gives it.
fn makedev(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("makedev", 2, 2)?;
    let ma = c_int_arg(vm, &a[0])?;
    let mi = c_int_arg(vm, &a[1])?;
    Ok(int::from_i64(system::makedev(ma as u32, mi as u32) as i64))
}

pub(super) const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("sysconf", sysconf),
    ("confstr", confstr),
    ("ctermid", ctermid),
    ("getlogin", getlogin),
    ("major", major),
    ("minor", minor),
    ("makedev", makedev),
];
