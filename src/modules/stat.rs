//! `_stat`: the file-mode constants and tests under CPython's `stat` module, with the values
//! of CPython's `_stat.c` on Linux (no doors, event ports or whiteouts: their tests are false).

use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::*;
use crate::vm::Vm;

const S_IFMT: u64 = 0o170000;
const S_IFDIR: u64 = 0o040000;
const S_IFCHR: u64 = 0o020000;
const S_IFBLK: u64 = 0o060000;
const S_IFREG: u64 = 0o100000;
const S_IFIFO: u64 = 0o010000;
const S_IFLNK: u64 = 0o120000;
const S_IFSOCK: u64 = 0o140000;

const CONSTANTS: &[(&str, u64)] = &[
    ("S_IFDIR", S_IFDIR),
    ("S_IFCHR", S_IFCHR),
    ("S_IFBLK", S_IFBLK),
    ("S_IFREG", S_IFREG),
    ("S_IFIFO", S_IFIFO),
    ("S_IFLNK", S_IFLNK),
    ("S_IFSOCK", S_IFSOCK),
    ("S_IFDOOR", 0),
    ("S_IFPORT", 0),
    ("S_IFWHT", 0),
    ("S_ISUID", 0o4000),
    ("S_ISGID", 0o2000),
    ("S_ISVTX", 0o1000),
    ("S_ENFMT", 0o2000),
    ("S_IREAD", 0o400),
    ("S_IWRITE", 0o200),
    ("S_IEXEC", 0o100),
    ("S_IRWXU", 0o700),
    ("S_IRUSR", 0o400),
    ("S_IWUSR", 0o200),
    ("S_IXUSR", 0o100),
    ("S_IRWXG", 0o070),
    ("S_IRGRP", 0o040),
    ("S_IWGRP", 0o020),
    ("S_IXGRP", 0o010),
    ("S_IRWXO", 0o007),
    ("S_IROTH", 0o004),
    ("S_IWOTH", 0o002),
    ("S_IXOTH", 0o001),
    ("UF_NODUMP", 0x1),
    ("UF_IMMUTABLE", 0x2),
    ("UF_APPEND", 0x4),
    ("UF_OPAQUE", 0x8),
    ("UF_NOUNLINK", 0x10),
    ("UF_COMPRESSED", 0x20),
    ("UF_HIDDEN", 0x8000),
    ("SF_ARCHIVED", 0x10000),
    ("SF_IMMUTABLE", 0x20000),
    ("SF_APPEND", 0x40000),
    ("SF_NOUNLINK", 0x100000),
    ("SF_SNAPSHOT", 0x200000),
    ("ST_MODE", 0),
    ("ST_INO", 1),
    ("ST_DEV", 2),
    ("ST_NLINK", 3),
    ("ST_UID", 4),
    ("ST_GID", 5),
    ("ST_SIZE", 6),
    ("ST_ATIME", 7),
    ("ST_MTIME", 8),
    ("ST_CTIME", 9),
];

/// The mode argument, converted as CPython's `_PyLong_AsMode_t` converts it.
fn mode_arg(vm: &mut Vm, args: &Args, name: &str) -> PyResult<u64> {
    let [m] = args.check_count(name, 1, 1)? else {
        return Ok(0);
    };
    if !int::is_int(m) {
        return Err(type_error(format!(
            "an integer is required (got type {})",
            m.ty().name()
        )));
    }
    let v = vm.index_i64(m)?;
    u32::try_from(v)
        .map(u64::from)
        .map_err(|_| crate::object::exception::overflow_error("mode out of range"))
}

macro_rules! file_type_tests {
    ($($name:ident = $pyname:literal: $ty:expr;)*) => {
        $(
            fn $name(vm: &mut Vm, args: Args) -> PyResult {
                let m = mode_arg(vm, &args, $pyname)?;
                Ok(types::bool_value($ty != 0 && m & S_IFMT == $ty))
            }
        )*
        const TESTS: &[(&str, crate::object::error::NativeFn)] = &[$(($pyname, $name)),*];
    };
}

file_type_tests! {
    s_isdir = "S_ISDIR": S_IFDIR;
    s_ischr = "S_ISCHR": S_IFCHR;
    s_isblk = "S_ISBLK": S_IFBLK;
    s_isreg = "S_ISREG": S_IFREG;
    s_isfifo = "S_ISFIFO": S_IFIFO;
    s_islnk = "S_ISLNK": S_IFLNK;
    s_issock = "S_ISSOCK": S_IFSOCK;
    s_isdoor = "S_ISDOOR": 0;
    s_isport = "S_ISPORT": 0;
    s_iswht = "S_ISWHT": 0;
}

fn s_imode(vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(
        (mode_arg(vm, &args, "S_IMODE")? & 0o7777) as i64,
    ))
}

fn s_ifmt(vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(
        (mode_arg(vm, &args, "S_IFMT")? & S_IFMT) as i64,
    ))
}

/// `filemode(mode)`: `ls -l`'s ten characters.
fn filemode(vm: &mut Vm, args: Args) -> PyResult {
    let m = mode_arg(vm, &args, "filemode")?;
    let kind = match m & S_IFMT {
        S_IFREG => '-',
        S_IFDIR => 'd',
        S_IFLNK => 'l',
        S_IFBLK => 'b',
        S_IFCHR => 'c',
        S_IFIFO => 'p',
        S_IFSOCK => 's',
        _ => '?',
    };
    let bit = |b: u64, c: char| if m & b != 0 { c } else { '-' };
    let special = |x: u64, s: u64, set_x: char, set_no_x: char| match (m & x != 0, m & s != 0) {
        (true, true) => set_x,
        (false, true) => set_no_x,
        (true, false) => 'x',
        (false, false) => '-',
    };
    let out: String = [
        kind,
        bit(0o400, 'r'),
        bit(0o200, 'w'),
        special(0o100, 0o4000, 's', 'S'),
        bit(0o040, 'r'),
        bit(0o020, 'w'),
        special(0o010, 0o2000, 's', 'S'),
        bit(0o004, 'r'),
        bit(0o002, 'w'),
        special(0o001, 0o1000, 't', 'T'),
    ]
    .iter()
    .collect();
    Ok(str::from_string(out))
}

/// Creates the `_stat` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    let m = module::new_module("_stat");
    super::add_functions(&m, TESTS);
    super::add_functions(
        &m,
        &[
            ("S_IMODE", s_imode),
            ("S_IFMT", s_ifmt),
            ("filemode", filemode),
        ],
    );
    for (name, v) in CONSTANTS {
        module::set_attr(&m, name, int::from_i64(*v as i64));
    }
    Ok(m)
}
