//! `StringIO`: a text stream in memory, as CPython's `stringio.c`, with its newline modes:
//! `newline=None` translates `\r\n` and `\r` to `\n` on writing; `''` keeps them and splits
//! lines at any of the three; `'\r'` and `'\r\n'` replace `\n` on writing.

use std::cell::{Cell, RefCell};

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::NativeData;
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

use super::base::TEXTIOBASE_TYPE;
use super::textio::{find_line_end, newline_arg, NewlineDecoder};
use super::{closed_error, new_stream, size_arg, state};

pub static STRINGIO_TYPE: TypeObject = TypeObject::new_static(
    "StringIO",
    Layout::Instance,
    Some(&TEXTIOBASE_TYPE),
    BASETYPE,
);
static STRINGIO_STATE_TYPE: TypeObject =
    TypeObject::new_static("StringIO state", Layout::Native, Some(&OBJECT_TYPE), 0);

struct StringIo {
    buf: RefCell<Vec<u32>>,
    pos: Cell<usize>,
    closed: Cell<bool>,
    /// The `newline` argument (None = `None`).
    newline: RefCell<Option<String>>,
    decoder: RefCell<Option<NewlineDecoder>>,
}

impl NativeData for StringIo {}

fn me(v: &Value) -> PyResult<&StringIo> {
    let s = state::<StringIo>(v, "StringIO")?;
    if s.closed.get() {
        return Err(closed_error());
    }
    Ok(s)
}

fn stringio_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("StringIO.__new__(X): X is not a type object"))?;
    Ok(new_stream(
        cls,
        &STRINGIO_STATE_TYPE,
        StringIo {
            buf: RefCell::new(Vec::new()),
            pos: Cell::new(0),
            closed: Cell::new(false),
            newline: RefCell::new(Some("\n".into())),
            decoder: RefCell::new(None),
        },
    ))
}

/// Writes `text` at the position, through the newline translation of the stream's mode.
fn write_text(s: &StringIo, text: &str::Str) -> usize {
    let n = text.char_len();
    let mut cps: Vec<u32> = match &mut *s.decoder.borrow_mut() {
        Some(d) => d.feed_code_points(text.code_points(), true),
        None => text.code_points().collect(),
    };
    if let Some(nl) = s.newline.borrow().as_deref() {
        if nl.starts_with('\r') {
            let nl: Vec<u32> = nl.chars().map(|c| c as u32).collect();
            cps = cps
                .into_iter()
                .flat_map(|c| {
                    if c == '\n' as u32 {
                        nl.clone()
                    } else {
                        vec![c]
                    }
                })
                .collect();
        }
    }
    let mut buf = s.buf.borrow_mut();
    let pos = s.pos.get();
    if pos > buf.len() {
        buf.resize(pos, 0);
    }
    let end = pos + cps.len();
    if end > buf.len() {
        buf.resize(end, 0);
    }
    buf[pos..end].copy_from_slice(&cps);
    s.pos.set(end);
    n
}

fn stringio_init(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("StringIO", &["self", "initial_value", "newline"], 1)?;
    let this = b[0].clone().expect("self");
    let s = state::<StringIo>(&this, "StringIO")?;
    let newline = match &b[2] {
        Some(v) => newline_arg(vm, v)?,
        None => Some("\n".to_string()),
    };
    let initial = b[1].clone().filter(|v| !v.is_none());
    if let Some(v) = &initial {
        if str::payload(v).is_none() {
            return Err(type_error(format!(
                "initial_value must be str or None, not {}",
                v.ty().name()
            )));
        }
    }
    let universal = newline.as_deref().is_none_or(str::is_empty);
    *s.decoder.borrow_mut() = universal.then(|| NewlineDecoder::new(newline.is_none()));
    *s.newline.borrow_mut() = newline;
    s.buf.borrow_mut().clear();
    s.pos.set(0);
    s.closed.set(false);
    if let Some(v) = initial {
        write_text(s, str::payload(&v).expect("a str"));
        s.pos.set(0);
    }
    Ok(none())
}

/// The next `n` characters (all for a negative `n`), advancing.
fn take(s: &StringIo, n: i64) -> Vec<u32> {
    let buf = s.buf.borrow();
    let pos = s.pos.get().min(buf.len());
    let end = if n < 0 {
        buf.len()
    } else {
        pos.saturating_add(n as usize).min(buf.len())
    };
    s.pos.set(end.max(s.pos.get()));
    buf[pos..end].to_vec()
}

fn read_line(s: &StringIo, limit: i64) -> Vec<u32> {
    let n = {
        let buf = s.buf.borrow();
        let pos = s.pos.get().min(buf.len());
        let nl = s.newline.borrow();
        let rest = &buf[pos..];
        let translated = nl.is_none();
        let universal = nl.as_deref() == Some("");
        let mut n = find_line_end(rest, translated, universal, nl.as_deref().unwrap_or("\n"));
        if limit >= 0 {
            n = n.min(limit as usize);
        }
        n
    };
    take(s, n as i64)
}

fn stringio_read(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("read", &["self", "size"], 1)?;
    let s = me(b[0].as_ref().expect("self"))?;
    let n = size_arg(vm, b[1].as_ref())?;
    Ok(str::from_code_points(&take(s, n)))
}

fn stringio_readline(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("readline", &["self", "size"], 1)?;
    let s = me(b[0].as_ref().expect("self"))?;
    let limit = size_arg(vm, b[1].as_ref())?;
    Ok(str::from_code_points(&read_line(s, limit)))
}

fn stringio_write(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("write", 2, 2)?;
    let s = me(&a[0])?;
    let text = str::payload(&a[1]).ok_or_else(|| {
        type_error(format!(
            "string argument expected, got '{}'",
            a[1].ty().name()
        ))
    })?;
    Ok(int::from_usize(write_text(s, text)))
}

fn stringio_getvalue(_vm: &mut Vm, args: Args) -> PyResult {
    let s = me(&args.values[0])?;
    let v = str::from_code_points(&s.buf.borrow());
    Ok(v)
}

fn stringio_seek(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("seek", 2, 3)?;
    let s = me(&a[0])?;
    let pos = vm.index_i64(&a[1])?;
    let whence = match a.get(2) {
        Some(w) => vm.index_i64(w)?,
        None => 0,
    };
    let new = match whence {
        0 if pos < 0 => return Err(value_error(format!("Negative seek position {pos}"))),
        0 => pos as usize,
        1 | 2 if pos != 0 => {
            return Err(PyErr::new(
                &exception::OS_ERROR,
                "Can't do nonzero cur-relative seeks",
            ))
        }
        1 => s.pos.get(),
        2 => s.buf.borrow().len(),
        w => {
            return Err(value_error(format!(
                "Invalid whence ({w}, should be 0, 1 or 2)"
            )))
        }
    };
    s.pos.set(new);
    Ok(int::from_usize(new))
}

fn stringio_tell(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(me(&args.values[0])?.pos.get()))
}

fn stringio_truncate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("truncate", 1, 2)?;
    let s = me(&a[0])?;
    let size = match a.get(1) {
        Some(v) if !v.is_none() => vm.index_i64(v)?,
        _ => s.pos.get() as i64,
    };
    if size < 0 {
        return Err(value_error(format!("Negative size value {size}")));
    }
    s.buf.borrow_mut().truncate(size as usize);
    Ok(int::from_i64(size))
}

fn stringio_true(_vm: &mut Vm, args: Args) -> PyResult {
    me(&args.values[0])?;
    Ok(bool_value(true))
}

fn stringio_close(_vm: &mut Vm, args: Args) -> PyResult {
    let s = state::<StringIo>(&args.values[0], "StringIO")?;
    s.closed.set(true);
    s.buf.borrow_mut().clear();
    Ok(none())
}

fn stringio_closed(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(
        state::<StringIo>(this, "StringIO")?.closed.get(),
    ))
}

fn stringio_line_buffering(_vm: &mut Vm, this: &Value) -> PyResult {
    me(this)?;
    Ok(bool_value(false))
}

fn stringio_newlines(_vm: &mut Vm, this: &Value) -> PyResult {
    let s = me(this)?;
    Ok(match &*s.decoder.borrow() {
        Some(d) => d.newlines(),
        None => none(),
    })
}

fn stringio_next(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let line = if std::ptr::eq(this.ty(), &STRINGIO_TYPE) {
        str::from_code_points(&read_line(me(this)?, -1))
    } else {
        let l = vm.call_method(this, "readline", &[])?;
        if str::payload(&l).is_none() {
            return Err(PyErr::new(
                &exception::OS_ERROR,
                format!(
                    "readline() should have returned a str object, not '{}'",
                    l.ty().name()
                ),
            ));
        }
        l
    };
    if str::payload(&line).is_some_and(|l| l.char_len() == 0) {
        return Err(PyErr::new(&exception::STOP_ITERATION, ""));
    }
    Ok(line)
}

fn stringio_getstate(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let s = me(this)?;
    let value = str::from_code_points(&s.buf.borrow());
    let nl = match s.newline.borrow().as_deref() {
        Some(n) => str::new_str(n),
        None => none(),
    };
    let d = vm.getattr(this, "__dict__")?;
    let d = vm.call_method(&d, "copy", &[])?;
    Ok(tuple::from_array([
        value,
        nl,
        int::from_usize(s.pos.get()),
        d,
    ]))
}

fn stringio_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let this = &a[0];
    let t = tuple::as_tuple(&a[1])
        .filter(|t| t.len() >= 4)
        .map(|t| t.to_vec())
        .ok_or_else(|| {
            type_error(format!(
                "{}.__setstate__ argument should be 4-tuple, got {}",
                this.ty().name(),
                a[1].ty().name()
            ))
        })?;
    stringio_init(vm, Args::new(&[this.clone(), none(), t[1].clone()]))?;
    let s = me(this)?;
    // The saved value is already translated: store it as it is.
    if let Some(v) = str::payload(&t[0]) {
        *s.buf.borrow_mut() = v.code_points().collect();
    }
    let pos = vm.index_i64(&t[2])?;
    if pos < 0 {
        return Err(value_error("position value cannot be negative"));
    }
    s.pos.set(pos as usize);
    if !t[3].is_none() {
        let d = vm.getattr(this, "__dict__")?;
        vm.call_method(&d, "update", &[t[3].clone()])?;
    }
    Ok(none())
}

pub fn install() {
    crate::object::native::install_native_type(&TypeSpec {
        ty: &STRINGIO_TYPE,
        methods: methods![
            MethodDef::static_("__new__", stringio_new),
            MethodDef::method("__init__", stringio_init),
            MethodDef::method("read", stringio_read),
            MethodDef::method("readline", stringio_readline),
            MethodDef::method("write", stringio_write),
            MethodDef::method("getvalue", stringio_getvalue),
            MethodDef::method("seek", stringio_seek),
            MethodDef::method("tell", stringio_tell),
            MethodDef::method("truncate", stringio_truncate),
            MethodDef::method("readable", stringio_true),
            MethodDef::method("writable", stringio_true),
            MethodDef::method("seekable", stringio_true),
            MethodDef::method("close", stringio_close),
            MethodDef::method("__next__", stringio_next),
            MethodDef::method("__getstate__", stringio_getstate),
            MethodDef::method("__setstate__", stringio_setstate),
        ],
        getsets: getsets![
            GetSetDef::readonly("closed", stringio_closed),
            GetSetDef::readonly("line_buffering", stringio_line_buffering),
            GetSetDef::readonly("newlines", stringio_newlines),
        ],
        doc: Some("Text I/O implementation using an in-memory buffer."),
    });
}
