//! `grp`, CPython's `Modules/grpmodule.c`: the group database as `struct_group` entries
//! (`getgrgid`, `getgrnam`, `getgrall`), `gr_mem` being a list of member names.
//!
//! As in CPython, `id` and `name` may be passed by keyword (Argument Clinic's messages), and
//! an out-of-range gid is the converter's OverflowError, not a KeyError. Strings and ids are
//! converted by the helpers `pwd` shares; the look-ups are `crate::os::users`.

use std::cell::RefCell;

use crate::object::error::{Args, PyResult};
use crate::object::exception::{key_error, type_error};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::os::users::{self, Group};
use crate::vm::Vm;

use super::pwd::{id_arg, id_value, name_arg, name_not_found, no_memory, struct_type};

const MODULE_DOC: &str = "Access to the Unix group database.

Group entries are reported as 4-tuples containing the following fields
from the group database, in order:

  gr_name   - name of the group
  gr_passwd - group password (encrypted); often empty
  gr_gid    - numeric ID of the group
  gr_mem    - list of members

The gid is an integer, name and password are strings.  (Note that most
users are not explicitly listed as members of the groups they are in
according to the password database.  Check both databases to get
complete membership information.)";

const STRUCT_DOC: &str = "grp.struct_group: Results from getgr*() routines.

This object may be accessed either as a tuple of
  (gr_name,gr_passwd,gr_gid,gr_mem)
or via the object attributes as named in the above tuple.
";

const FIELDS: &[&str] = &["gr_name", "gr_passwd", "gr_gid", "gr_mem"];

thread_local! {
    static STRUCT_GROUP: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// `grp.struct_group`, made on first use.
fn struct_group(vm: &mut Vm) -> PyResult {
    if let Some(cls) = STRUCT_GROUP.with(|c| c.borrow().clone()) {
        return Ok(cls);
    }
    let cls = struct_type(vm, "grp", "struct_group", FIELDS, STRUCT_DOC)?;
    STRUCT_GROUP.with(|c| *c.borrow_mut() = Some(cls.clone()));
    Ok(cls)
}

/// The `struct_group` of one entry.
fn group_value(vm: &mut Vm, g: &Group) -> PyResult {
    let cls = struct_group(vm)?;
    let members = g.members.iter().map(|m| str::fs_decode(m)).collect();
    let items = vec![
        str::fs_decode(&g.name),
        g.passwd.as_deref().map_or_else(none, str::fs_decode),
        id_value(g.gid),
        list::new_list(members),
    ];
    vm.call(&cls, &[tuple::new_tuple(items)])
}

/// The one argument of `fname(keyword)`, positional or by name, with the messages CPython's
/// `_PyArg_UnpackKeywords` gives for a function of one required parameter.
fn one_argument(args: &Args, fname: &str, keyword: &str) -> PyResult<Value> {
    let positional = args.positional();
    let given = args.values.len();
    if given > 1 {
        return Err(type_error(format!(
            "{fname}() takes at most 1 {}argument ({given} given)",
            if positional.is_empty() {
                "keyword "
            } else {
                ""
            }
        )));
    }
    if let Some(v) = positional.first().or_else(|| args.keyword(keyword)) {
        return Ok(v.clone());
    }
    Err(type_error(format!(
        "{fname}() missing required argument '{keyword}' (pos 1)"
    )))
}

/// `getgrgid(id)`: the entry of group `id`, KeyError when there is none.
fn getgrgid(vm: &mut Vm, args: Args) -> PyResult {
    let id = one_argument(&args, "getgrgid", "id")?;
    let gid = id_arg(vm, &id, "gid")?;
    match users::getgrgid(gid).map_err(no_memory)? {
        Some(g) => group_value(vm, &g),
        None => Err(key_error(str::new_str(&format!(
            "getgrgid(): gid not found: {}",
            if gid == u32::MAX { -1 } else { i64::from(gid) }
        )))),
    }
}

/// `getgrnam(name)`: the entry of the group called `name`, KeyError when there is none.
fn getgrnam(vm: &mut Vm, args: Args) -> PyResult {
    let name = one_argument(&args, "getgrnam", "name")?;
    let cname = name_arg(&name, "getgrnam", true)?;
    match users::getgrnam(&cname).map_err(no_memory)? {
        Some(g) => group_value(vm, &g),
        None => Err(name_not_found(vm, "getgrnam", &name)),
    }
}

/// `getgrall()`: every entry, in the database's order.
fn getgrall(vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("grp.getgrall", 0, 0)?;
    let entries = users::getgrall();
    let mut items = Vec::with_capacity(entries.len());
    for g in &entries {
        items.push(group_value(vm, g)?);
    }
    Ok(list::new_list(items))
}

pub fn new_module(vm: &mut Vm) -> PyResult {
    let m = module::new_module("grp");
    module::set_attr(&m, "__doc__", str::new_str(MODULE_DOC));
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("getgrgid", getgrgid),
        ("getgrnam", getgrnam),
        ("getgrall", getgrall),
    ];
    super::add_functions(&m, fns);
    let cls = struct_group(vm)?;
    module::set_attr(&m, "struct_group", cls);
    Ok(m)
}
