//! `pwd`, CPython's `Modules/pwdmodule.c`: the password database as `struct_passwd` entries
//! (`getpwuid`, `getpwnam`, `getpwall`).
//!
//! Strings are decoded with the file-system encoding (UTF-8, `surrogateescape`), a NULL field
//! is None, and ids go through CPython's `_Py_Uid_Converter` rules: `-1` and `2**32-1` both
//! mean `(uid_t)-1` (reported back as -1), other out-of-range ints are OverflowErrors, which
//! `getpwuid` turns into a bare "uid not found" KeyError as CPython does. The look-ups
//! themselves are `crate::os::users`. The id and name helpers here serve `grp` too.

use std::cell::RefCell;
use std::ffi::CString;

use num_bigint::BigInt;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{self, key_error, type_error, value_error};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::os::users::{self, Passwd};
use crate::os::Errno;
use crate::vm::Vm;

const MODULE_DOC: &str = "This module provides access to the Unix password database.
It is available on all Unix versions.

Password database entries are reported as 7-tuples containing the following
items from the password database (see `<pwd.h>'), in order:
pw_name, pw_passwd, pw_uid, pw_gid, pw_gecos, pw_dir, pw_shell.
The uid and gid items are integers, all others are strings. An
exception is raised if the entry asked for cannot be found.";

const STRUCT_DOC: &str = "pwd.struct_passwd: Results from getpw*() routines.

This object may be accessed either as a tuple of
  (pw_name,pw_passwd,pw_uid,pw_gid,pw_gecos,pw_dir,pw_shell)
or via the object attributes as named in the above tuple.";

const FIELDS: &[&str] = &[
    "pw_name",
    "pw_passwd",
    "pw_uid",
    "pw_gid",
    "pw_gecos",
    "pw_dir",
    "pw_shell",
];

thread_local! {
    static STRUCT_PASSWD: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// The struct sequence class `module.typename` with `fields` (all in the sequence) and
/// `doc`, made by `_structseq.make`; `grp` makes `struct_group` with it.
pub(super) fn struct_type(
    vm: &mut Vm,
    module: &str,
    typename: &str,
    fields: &[&str],
    doc: &str,
) -> PyResult {
    let helper = vm.import_module("_structseq")?;
    let make = vm.getattr(&helper, "make")?;
    let names = tuple::new_tuple(fields.iter().map(|f| str::new_str(f)).collect());
    let cls = vm.call(
        &make,
        &[
            str::new_str(typename),
            str::new_str(module),
            names,
            int::from_usize(fields.len()),
        ],
    )?;
    vm.setattr(&cls, "__doc__", str::new_str(doc))?;
    Ok(cls)
}

/// `pwd.struct_passwd`, made on first use.
fn struct_passwd(vm: &mut Vm) -> PyResult {
    if let Some(cls) = STRUCT_PASSWD.with(|c| c.borrow().clone()) {
        return Ok(cls);
    }
    let cls = struct_type(vm, "pwd", "struct_passwd", FIELDS, STRUCT_DOC)?;
    STRUCT_PASSWD.with(|c| *c.borrow_mut() = Some(cls.clone()));
    Ok(cls)
}

/// What `kind` ("uid" or "gid") argument `v` names, by CPython's `_Py_Uid_Converter` and
/// `_Py_Gid_Converter`: anything `__index__` refuses is a TypeError naming its type; -1 is
/// `(id_t)-1`; other negatives, and values that fit a C long but not the id type, are "less
/// than minimum"; values past a C long are "greater than maximum".
pub(super) fn id_arg(vm: &mut Vm, v: &Value, kind: &str) -> PyResult<u32> {
    let n = vm
        .index(v)
        .map_err(|_| type_error(format!("{kind} should be integer, not {}", v.ty().name())))?;
    let n = int::as_bigint(&n).unwrap_or_default();
    if n == BigInt::from(-1) {
        return Ok(u32::MAX);
    }
    if let Ok(id) = u32::try_from(&n) {
        return Ok(id);
    }
    if n > BigInt::from(i64::MAX) {
        Err(exception::overflow_error(format!(
            "{kind} is greater than maximum"
        )))
    } else {
        Err(exception::overflow_error(format!(
            "{kind} is less than minimum"
        )))
    }
}

/// An id as CPython's `_PyLong_FromUid`/`_PyLong_FromGid` give it: `(id_t)-1` is -1.
pub(super) fn id_value(id: u32) -> Value {
    if id == u32::MAX {
        int::from_i64(-1)
    } else {
        int::from_i64(id as i64)
    }
}

/// A user or group name argument as the C string to look up: `fname() argument must be str`
/// (with `'name'` when it could be passed by keyword), the encoder's UnicodeEncodeError for a
/// lone surrogate that is not an escaped byte, and "embedded null byte".
pub(super) fn name_arg(v: &Value, fname: &str, keyword: bool) -> PyResult<CString> {
    let Some(s) = str::payload(v) else {
        return Err(type_error(format!(
            "{fname}() argument {}must be str, not {}",
            if keyword { "'name' " } else { "" },
            v.ty().name()
        )));
    };
    let bytes = super::posix::fs_encode(v, s)?;
    CString::new(bytes).map_err(|_| value_error("embedded null byte"))
}

/// `KeyError("<fname>(): name not found: <repr(name)>")`.
pub(super) fn name_not_found(vm: &mut Vm, fname: &str, name: &Value) -> PyErr {
    let shown = match vm.repr(name) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let prefix = str::new_str(&format!("{fname}(): name not found: "));
    let message = match (str::payload(&prefix), str::payload(&shown)) {
        (Some(p), Some(s)) => str::concat(p, s),
        _ => prefix,
    };
    key_error(message)
}

/// A look-up whose buffer could not grow: MemoryError, as CPython's `PyErr_NoMemory`.
pub(super) fn no_memory(_: Errno) -> PyErr {
    PyErr::empty(&exception::MEMORY_ERROR)
}

/// A C string field as str, None when the C library left it NULL.
fn text(field: &Option<Vec<u8>>) -> Value {
    field.as_deref().map_or_else(none, str::fs_decode)
}

/// The `struct_passwd` of one entry.
fn passwd_value(vm: &mut Vm, p: &Passwd) -> PyResult {
    let cls = struct_passwd(vm)?;
    let items = vec![
        text(&p.name),
        text(&p.passwd),
        id_value(p.uid),
        id_value(p.gid),
        text(&p.gecos),
        text(&p.dir),
        text(&p.shell),
    ];
    vm.call(&cls, &[tuple::new_tuple(items)])
}

/// `getpwuid(uid, /)`: the entry of user `uid`, KeyError when there is none.
fn getpwuid(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("pwd.getpwuid", 1, 1)?;
    let uid = match id_arg(vm, &a[0], "uid") {
        Ok(uid) => uid,
        Err(e) if e.is_instance(&exception::OVERFLOW_ERROR) => {
            return Err(key_error(str::new_str("getpwuid(): uid not found")))
        }
        Err(e) => return Err(e),
    };
    match users::getpwuid(uid).map_err(no_memory)? {
        Some(p) => passwd_value(vm, &p),
        None => Err(key_error(str::new_str(&format!(
            "getpwuid(): uid not found: {}",
            if uid == u32::MAX { -1 } else { i64::from(uid) }
        )))),
    }
}

/// `getpwnam(name, /)`: the entry of the user called `name`, KeyError when there is none.
fn getpwnam(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("pwd.getpwnam", 1, 1)?;
    let name = name_arg(&a[0], "getpwnam", false)?;
    match users::getpwnam(&name).map_err(no_memory)? {
        Some(p) => passwd_value(vm, &p),
        None => Err(name_not_found(vm, "getpwnam", &a[0])),
    }
}

/// `getpwall()`: every entry, in the database's order.
fn getpwall(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("pwd.getpwall", 0, 0)?;
    let entries = users::getpwall();
    let mut items = Vec::with_capacity(entries.len());
    for p in &entries {
        items.push(passwd_value(vm, p)?);
    }
    Ok(list::new_list(items))
}

pub fn new_module(vm: &mut Vm) -> PyResult {
    let m = module::new_module("pwd");
    module::set_attr(&m, "__doc__", str::new_str(MODULE_DOC));
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("getpwuid", getpwuid),
        ("getpwnam", getpwnam),
        ("getpwall", getpwall),
    ];
    super::add_functions(&m, fns);
    let cls = struct_passwd(vm)?;
    module::set_attr(&m, "struct_passwd", cls);
    Ok(m)
}
