//! The methods and attributes of the exception types (`BaseException` and the classes with
//! state of their own: `OSError`, `SyntaxError`, the `Unicode*Error`s, `StopIteration`,
//! `SystemExit`, `ImportError`, ...) and of tracebacks. Formatting an exception runs `str()`
//! and `repr()` of its arguments, so they sit above the VM.

use std::cell::RefCell;

use crate::object::error::{Args, PyResult};
use crate::object::exception::*;
use crate::object::typeobj::Layout;
use crate::object::types::{none, GetSetDef, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

fn exc_payload(v: &Value) -> PyResult<&Exception> {
    v.payload_exact::<Exception>()
        .ok_or_else(|| type_error("descriptor requires a 'BaseException' object"))
}

/// `BaseException.__new__(cls, *args)`.
fn exc_new(_vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    let cls = pos
        .first()
        .and_then(|c| c.as_type())
        .ok_or_else(|| type_error("BaseException.__new__(X): X is not a type object"))?;
    if cls.layout != Layout::Exception {
        return Err(type_error(format!(
            "BaseException.__new__({}) is not a subtype of BaseException",
            cls.name()
        )));
    }
    Ok(new_exception(cls, pos[1..].to_vec()))
}

/// `BaseException.__init__(self, *args)`: stores args.
fn exc_init(_vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    let e = exc_payload(&pos[0])?;
    *e.args.borrow_mut() = tuple::from_slice(&pos[1..]);
    Ok(none())
}

/// `str(exc)`: '' for no args, str(arg) for one, str(args) otherwise.
fn exc_str(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.positional()[0];
    let e = exc_payload(this)?;
    let a = e.args.borrow().clone();
    let items = tuple::items(&a);
    if this.is_instance_of(&KEY_ERROR) && items.len() == 1 {
        return vm.repr(&items[0]);
    }
    match items.len() {
        0 => Ok(str::new_str("")),
        1 => vm.str(&items[0]),
        _ => vm.str(&a),
    }
}

/// `repr(exc)`: `Name(args...)`.
fn exc_repr(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.positional()[0];
    let e = exc_payload(this)?;
    let a = e.args.borrow().clone();
    let items = tuple::items(&a);
    let name = this.ty().name();
    let s = if items.len() == 1 {
        format!("{}({})", name, vm.repr_string(&items[0])?)
    } else {
        format!("{}{}", name, vm.repr_string(&a)?)
    };
    Ok(str::new_str(&s))
}

fn exc_with_traceback(_vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    let e = exc_payload(&pos[0])?;
    let tb = pos.get(1).cloned().unwrap_or_else(none);
    *e.traceback.borrow_mut() = if tb.is_none() { None } else { Some(tb) };
    Ok(pos[0].clone())
}

fn exc_add_note(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    let this = &pos[0];
    let note = pos
        .get(1)
        .cloned()
        .ok_or_else(|| type_error("add_note() takes exactly one argument"))?;
    let notes_key = str::intern_static("__notes__");
    let e = exc_payload(this)?;
    let notes = match dict::get_item(vm, &e.dict, &notes_key)? {
        Some(n) => n,
        None => {
            let l = list::new_list(vec![]);
            dict::set_item(vm, &e.dict, notes_key, l.clone())?;
            l
        }
    };
    list::append(&notes, note)?;
    Ok(none())
}

fn get_args(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(exc_payload(this)?.args.borrow().clone())
}
fn set_args(vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let v = v.ok_or_else(|| type_error("args may not be deleted"))?;
    let t = tuple::new_tuple(vm.collect(&v)?);
    *exc_payload(this)?.args.borrow_mut() = t;
    Ok(())
}
fn opt(v: &RefCell<Option<Value>>) -> Value {
    v.borrow().clone().unwrap_or_else(none)
}
fn get_traceback(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(opt(&exc_payload(this)?.traceback))
}
fn set_traceback(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let v = v.filter(|v| !v.is_none());
    *exc_payload(this)?.traceback.borrow_mut() = v;
    Ok(())
}
fn get_cause(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(opt(&exc_payload(this)?.cause))
}
fn set_cause(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let e = exc_payload(this)?;
    let v = v.filter(|v| !v.is_none());
    if let Some(c) = &v {
        if c.payload_exact::<Exception>().is_none() {
            return Err(type_error(
                "exception cause must be None or derive from BaseException",
            ));
        }
    }
    *e.cause.borrow_mut() = v;
    e.suppress_context.set(true);
    Ok(())
}
fn get_context(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(opt(&exc_payload(this)?.context))
}
fn set_context(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    *exc_payload(this)?.context.borrow_mut() = v.filter(|v| !v.is_none());
    Ok(())
}
fn get_suppress(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(crate::object::types::bool_value(
        exc_payload(this)?.suppress_context.get(),
    ))
}
fn set_suppress(vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let b = match v {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    exc_payload(this)?.suppress_context.set(b);
    Ok(())
}
fn get_dict(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(exc_payload(this)?.dict.clone())
}

/// Attribute stored in the instance dict, with a default (for `StopIteration.value` & co).
fn dict_attr(
    vm: &mut Vm,
    this: &Value,
    name: &str,
    default: impl FnOnce(&Exception) -> Value,
) -> PyResult {
    let e = exc_payload(this)?;
    match dict::get_item(vm, &e.dict, &str::intern(name))? {
        Some(v) => Ok(v),
        None => Ok(default(e)),
    }
}
fn first_arg(e: &Exception) -> Value {
    let a = e.args.borrow();
    tuple::items(&a).first().cloned().unwrap_or_else(none)
}
fn get_value(vm: &mut Vm, this: &Value) -> PyResult {
    dict_attr(vm, this, "value", first_arg)
}
fn get_code(vm: &mut Vm, this: &Value) -> PyResult {
    dict_attr(vm, this, "code", exit_code)
}
fn get_msg(vm: &mut Vm, this: &Value) -> PyResult {
    dict_attr(vm, this, "msg", first_arg)
}
fn set_msg(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let e = exc_payload(this)?;
    dict::set_str(&e.dict, &str::intern_static("msg"), v.unwrap_or_else(none));
    Ok(())
}
fn get_name(vm: &mut Vm, this: &Value) -> PyResult {
    dict_attr(vm, this, "name", |_| none())
}

fn tb_next(_vm: &mut Vm, this: &Value) -> PyResult {
    let tb = this
        .payload_exact::<Traceback>()
        .ok_or_else(|| type_error("expected traceback"))?;
    Ok(opt(&tb.next))
}
/// `tb.tb_next = x` (a traceback or None), refusing loops as CPython does.
fn set_tb_next(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let tb = this
        .payload_exact::<Traceback>()
        .ok_or_else(|| type_error("expected traceback"))?;
    let Some(v) = v else {
        return Err(type_error("can't delete tb_next attribute"));
    };
    let new = if v.is_none() {
        None
    } else {
        if v.payload_exact::<Traceback>().is_none() {
            return Err(type_error(format!(
                "expected traceback object, got '{}'",
                v.ty().name()
            )));
        }
        let mut cur = Some(v.clone());
        while let Some(c) = cur {
            if c.is(this) {
                return Err(crate::object::exception::value_error(
                    "traceback loop detected",
                ));
            }
            cur = c
                .payload_exact::<Traceback>()
                .and_then(|t| t.next.borrow().clone());
        }
        Some(v)
    };
    *tb.next.borrow_mut() = new;
    Ok(())
}

fn tb_lineno(_vm: &mut Vm, this: &Value) -> PyResult {
    let tb = this
        .payload_exact::<Traceback>()
        .ok_or_else(|| type_error("expected traceback"))?;
    Ok(int::from_i64(tb.lineno as i64))
}
fn tb_frame(_vm: &mut Vm, this: &Value) -> PyResult {
    let tb = this
        .payload_exact::<Traceback>()
        .ok_or_else(|| type_error("expected traceback"))?;
    Ok(tb.frame.clone())
}
fn tb_lasti(_vm: &mut Vm, this: &Value) -> PyResult {
    let tb = this
        .payload_exact::<Traceback>()
        .ok_or_else(|| type_error("expected traceback"))?;
    Ok(int::from_i64(tb.lasti as i64 * 2))
}

/// `OSError.__new__(cls, *args)`: maps errno to a subclass and records errno, strerror and
/// filename when given 2 to 5 arguments.
fn os_error_new(_vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    let cls = pos
        .first()
        .and_then(|c| c.as_type())
        .ok_or_else(|| type_error("OSError.__new__(X): X is not a type object"))?;
    let rest = pos[1..].to_vec();
    let mut ty = cls;
    if std::ptr::eq(cls, &OS_ERROR) && (2..=5).contains(&rest.len()) {
        if let Some(sub) = int::as_i64(&rest[0]).and_then(os_error_subclass) {
            ty = sub;
        }
    }
    Ok(os_error_with(ty, rest))
}

fn os_error_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn os_error_str(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let e = exc_payload(this)?;
    let errno = dict::lookup_str(&e.dict, &str::intern_static("errno"));
    let strerror = dict::lookup_str(&e.dict, &str::intern_static("strerror"));
    if let (Some(no), Some(msg)) = (errno, strerror) {
        let no = vm.str_string(&no)?;
        let msg = vm.str_string(&msg)?;
        let filename =
            dict::lookup_str(&e.dict, &str::intern_static("filename")).filter(|f| !f.is_none());
        let filename2 =
            dict::lookup_str(&e.dict, &str::intern_static("filename2")).filter(|f| !f.is_none());
        return Ok(str::from_string(match (filename, filename2) {
            (Some(f), Some(f2)) => format!(
                "[Errno {no}] {msg}: {} -> {}",
                vm.repr_string(&f)?,
                vm.repr_string(&f2)?
            ),
            (Some(f), None) => format!("[Errno {no}] {msg}: {}", vm.repr_string(&f)?),
            _ => format!("[Errno {no}] {msg}"),
        }));
    }
    exc_str(vm, args)
}

fn os_attr(vm: &mut Vm, this: &Value, name: &str) -> PyResult {
    dict_attr(vm, this, name, |_| none())
}
/// Writable members kept in the exception's dict (deleting one leaves None): OSError's
/// `errno`, `strerror`, `filename` and `filename2`, SyntaxError's location.
macro_rules! exception_members {
    ($(($name:literal, $get:ident, $set:ident)),* $(,)?) => {
        $(
            fn $get(vm: &mut Vm, this: &Value) -> PyResult {
                os_attr(vm, this, $name)
            }
            fn $set(_vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
                let e = exc_payload(this)?;
                dict::set_str(&e.dict, &str::intern($name), v.unwrap_or_else(none));
                Ok(())
            }
        )*
    };
}

exception_members![
    ("errno", get_errno, set_errno),
    ("strerror", get_strerror, set_strerror),
    ("filename", get_filename, set_filename),
    ("filename2", get_filename2, set_filename2),
    ("filename", get_syntax_filename, set_syntax_filename),
    ("lineno", get_syntax_lineno, set_syntax_lineno),
    ("offset", get_syntax_offset, set_syntax_offset),
    ("text", get_syntax_text, set_syntax_text),
    ("end_lineno", get_syntax_end_lineno, set_syntax_end_lineno),
    ("end_offset", get_syntax_end_offset, set_syntax_end_offset),
    (
        "print_file_and_line",
        get_print_file_and_line,
        set_print_file_and_line
    ),
];

/// `SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset]))`.
fn syntax_error_init(vm: &mut Vm, args: Args) -> PyResult {
    let pos = args.positional();
    let e = exc_payload(&pos[0])?;
    let rest = &pos[1..];
    *e.args.borrow_mut() = tuple::from_slice(rest);
    let set = |name: &str, v: Value| dict::set_str(&e.dict, &str::intern(name), v);
    if let Some(msg) = rest.first() {
        set("msg", msg.clone());
    }
    if rest.len() == 2 {
        let info = vm.collect(&rest[1])?;
        if !(4..=6).contains(&info.len()) {
            return Err(type_error(format!(
                "function takes at least 4 arguments ({} given)",
                info.len()
            )));
        }
        let names = [
            "filename",
            "lineno",
            "offset",
            "text",
            "end_lineno",
            "end_offset",
        ];
        for (name, v) in names.iter().zip(info) {
            set(name, v);
        }
    }
    Ok(none())
}

/// `str(SyntaxError)`: the message, then the file's base name and the line where known.
fn syntax_error_str(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let e = exc_payload(this)?;
    let get = |name: &str| dict::lookup_str(&e.dict, &str::intern(name));
    let msg = get_msg(vm, this)?;
    let msg = vm.str_string(&msg)?;
    let filename = get("filename")
        .and_then(|f| str::as_str(&f).map(|f| f.rsplit('/').next().unwrap_or(f).to_string()));
    let lineno = get("lineno")
        .filter(|l| l.is_type(&crate::object::types::INT_TYPE))
        .map(|l| vm.str_string(&l))
        .transpose()?;
    Ok(str::from_string(match (filename, lineno) {
        (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
        (Some(f), None) => format!("{msg} ({f})"),
        (None, Some(l)) => format!("{msg} (line {l})"),
        (None, None) => msg,
    }))
}

/// `UnicodeEncodeError(encoding, object, start, end, reason)` (and the decode and translate
/// forms) record their arguments as attributes.
fn unicode_error_init(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let rest = &args.positional()[1..];
    let want = if this.is_instance_of(&UNICODE_TRANSLATE_ERROR) {
        4
    } else {
        5
    };
    if rest.len() == want {
        let str_at = |i: usize| str::as_str(&rest[i]).is_some();
        if !str_at(0) && want == 5 || !str_at(want - 1) {
            return Err(type_error(format!(
                "{}() argument 1 must be str",
                this.ty().name()
            )));
        }
        for i in [want - 3, want - 2] {
            vm.index_i64(&rest[i])?;
        }
        set_unicode_attrs(this, rest);
    }
    exc_init(vm, args)
}

fn unicode_error_str(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let e = exc_payload(this)?;
    let get = |n: &str| dict::lookup_str(&e.dict, &str::intern(n));
    let (Some(object), Some(start), Some(end), Some(reason)) =
        (get("object"), get("start"), get("end"), get("reason"))
    else {
        return exc_str(vm, args);
    };
    let (start, end) = (vm.index_i64(&start)?, vm.index_i64(&end)?);
    let reason = vm.str_string(&reason)?;
    let encoding = match get("encoding") {
        Some(enc) => vm.str_string(&enc)?,
        None => String::new(),
    };
    let single = end == start + 1;
    let text = if this.is_instance_of(&UNICODE_DECODE_ERROR) {
        let data = bytes::bytes_like(&object).unwrap_or_default();
        match data.get(start as usize) {
            Some(b) if single => format!(
                "'{encoding}' codec can't decode byte 0x{b:02x} in position {start}: {reason}"
            ),
            _ => format!(
                "'{encoding}' codec can't decode bytes in position {start}-{}: {reason}",
                end - 1
            ),
        }
    } else {
        let s = str::as_str(&object).unwrap_or("");
        let ch = s.chars().nth(start as usize);
        let what = if this.is_instance_of(&UNICODE_ENCODE_ERROR) {
            format!("'{encoding}' codec can't encode")
        } else {
            "can't translate".to_string()
        };
        match ch {
            Some(c) if single => {
                let u = c as u32;
                let esc = if u < 0x100 {
                    format!("\\x{u:02x}")
                } else if u < 0x10000 {
                    format!("\\u{u:04x}")
                } else {
                    format!("\\U{u:08x}")
                };
                format!("{what} character '{esc}' in position {start}: {reason}")
            }
            _ => format!(
                "{what} characters in position {start}-{}: {reason}",
                end - 1
            ),
        }
    };
    Ok(str::from_string(text))
}

pub fn specs() -> Vec<TypeSpec> {
    let mut v = vec![
        TypeSpec {
            ty: &BASE_EXCEPTION,
            methods: methods![
                MethodDef::static_("__new__", exc_new),
                MethodDef::method("__init__", exc_init),
                MethodDef::method("__str__", exc_str),
                MethodDef::method("__repr__", exc_repr),
                MethodDef::method("with_traceback", exc_with_traceback),
                MethodDef::method("add_note", exc_add_note),
            ],
            getsets: getsets![
                GetSetDef {
                    name: "args",
                    get: get_args,
                    set: Some(set_args),
                    member: false,
                },
                GetSetDef {
                    name: "__traceback__",
                    get: get_traceback,
                    set: Some(set_traceback),
                    member: false,
                },
                GetSetDef {
                    name: "__cause__",
                    get: get_cause,
                    set: Some(set_cause),
                    member: false,
                },
                GetSetDef {
                    name: "__context__",
                    get: get_context,
                    set: Some(set_context),
                    member: false,
                },
                GetSetDef {
                    name: "__suppress_context__",
                    get: get_suppress,
                    set: Some(set_suppress),
                    member: false,
                },
                GetSetDef::readonly("__dict__", get_dict),
            ],
            doc: Some("Common base class for all exceptions"),
        },
        TypeSpec {
            ty: &STOP_ITERATION,
            methods: &[],
            getsets: getsets![GetSetDef::readonly("value", get_value)],
            doc: None,
        },
        TypeSpec {
            ty: &OS_ERROR,
            methods: methods![
                MethodDef::static_("__new__", os_error_new),
                MethodDef::method("__init__", os_error_init),
                MethodDef::method("__str__", os_error_str),
            ],
            getsets: getsets![
                GetSetDef::readwrite("errno", get_errno, set_errno),
                GetSetDef::readwrite("strerror", get_strerror, set_strerror),
                GetSetDef::readwrite("filename", get_filename, set_filename),
                GetSetDef::readwrite("filename2", get_filename2, set_filename2),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &SYSTEM_EXIT,
            methods: &[],
            getsets: getsets![GetSetDef::readonly("code", get_code)],
            doc: None,
        },
        TypeSpec {
            ty: &SYNTAX_ERROR,
            methods: methods![
                MethodDef::method("__init__", syntax_error_init),
                MethodDef::method("__str__", syntax_error_str),
            ],
            getsets: getsets![
                GetSetDef::readwrite("msg", get_msg, set_msg),
                GetSetDef::readwrite("filename", get_syntax_filename, set_syntax_filename),
                GetSetDef::readwrite("lineno", get_syntax_lineno, set_syntax_lineno),
                GetSetDef::readwrite("offset", get_syntax_offset, set_syntax_offset),
                GetSetDef::readwrite("text", get_syntax_text, set_syntax_text),
                GetSetDef::readwrite("end_lineno", get_syntax_end_lineno, set_syntax_end_lineno),
                GetSetDef::readwrite("end_offset", get_syntax_end_offset, set_syntax_end_offset),
                GetSetDef::readwrite(
                    "print_file_and_line",
                    get_print_file_and_line,
                    set_print_file_and_line
                ),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &NAME_ERROR,
            methods: &[],
            getsets: getsets![GetSetDef::readonly("name", get_name)],
            doc: None,
        },
        TypeSpec {
            ty: &crate::object::types::TRACEBACK_TYPE,
            methods: &[],
            getsets: getsets![
                GetSetDef::readwrite("tb_next", tb_next, set_tb_next),
                GetSetDef::readonly("tb_lineno", tb_lineno),
                GetSetDef::readonly("tb_frame", tb_frame),
                GetSetDef::readonly("tb_lasti", tb_lasti),
            ],
            doc: None,
        },
    ];
    for ty in [
        &UNICODE_ENCODE_ERROR,
        &UNICODE_DECODE_ERROR,
        &UNICODE_TRANSLATE_ERROR,
    ] {
        v.push(TypeSpec {
            ty,
            methods: methods![
                MethodDef::method("__init__", unicode_error_init),
                MethodDef::method("__str__", unicode_error_str),
            ],
            getsets: &[],
            doc: None,
        });
    }
    for t in exception_types() {
        if !v.iter().any(|s| std::ptr::eq(s.ty, t)) {
            v.push(TypeSpec {
                ty: t,
                methods: &[],
                getsets: &[],
                doc: None,
            });
        }
    }
    v
}
