//! `BytesIO`: a binary stream in memory, as CPython's `bytesio.c`.

use std::cell::{Cell, RefCell};

use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::NativeData;
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

use super::base::BUFFEREDIOBASE_TYPE;
use super::{bytes_arg, closed_error, fill_buffer, new_stream, size_arg, state, writable_size};

pub static BYTESIO_TYPE: TypeObject = TypeObject::new_static(
    "BytesIO",
    Layout::Instance,
    Some(&BUFFEREDIOBASE_TYPE),
    BASETYPE,
);
static BYTESIO_STATE_TYPE: TypeObject =
    TypeObject::new_static("BytesIO state", Layout::Native, Some(&OBJECT_TYPE), 0);

struct BytesIo {
    /// A bytearray, so that `getbuffer()` can be a live memoryview of it.
    store: RefCell<Value>,
    pos: Cell<usize>,
    closed: Cell<bool>,
}

impl NativeData for BytesIo {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.store.borrow());
    }
}

impl BytesIo {
    fn array(&self) -> Value {
        self.store.borrow().clone()
    }
}

/// The bytes of a BytesIO's store.
fn data(v: &Value) -> &RefCell<bytes::ByteBuf> {
    &v.payload::<bytes::ByteArray>()
        .expect("a BytesIO stores a bytearray")
        .0
}

fn me(v: &Value) -> PyResult<&BytesIo> {
    let b = state::<BytesIo>(v, "BytesIO")?;
    if b.closed.get() {
        return Err(closed_error());
    }
    Ok(b)
}

fn bytesio_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("BytesIO.__new__(X): X is not a type object"))?;
    Ok(new_stream(
        cls,
        &BYTESIO_STATE_TYPE,
        BytesIo {
            store: RefCell::new(bytes::new_bytearray(Vec::new())),
            pos: Cell::new(0),
            closed: Cell::new(false),
        },
    ))
}

fn bytesio_init(_vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("BytesIO", &["self", "initial_bytes"], 1)?;
    let this = b[0].clone().expect("self");
    let s = me(&this)?;
    let data = match &b[1] {
        Some(v) if !v.is_none() => bytes_arg(v)?,
        _ => Vec::new(),
    };
    *s.store.borrow_mut() = bytes::new_bytearray(data);
    s.pos.set(0);
    Ok(none())
}

/// The next `n` bytes (all for a negative `n`), advancing.
fn take(s: &BytesIo, n: i64) -> Vec<u8> {
    let arr = s.array();
    let buf = data(&arr).borrow();
    let pos = s.pos.get().min(buf.len());
    let end = if n < 0 {
        buf.len()
    } else {
        pos.saturating_add(n as usize).min(buf.len())
    };
    s.pos.set(end.max(s.pos.get()));
    buf[pos..end].to_vec()
}

fn bytesio_read(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("read", &["self", "size"], 1)?;
    let s = me(b[0].as_ref().expect("self"))?;
    let n = size_arg(vm, b[1].as_ref())?;
    Ok(bytes::new_bytes(take(s, n)))
}

fn line_end(s: &BytesIo, limit: i64) -> usize {
    let arr = s.array();
    let buf = data(&arr).borrow();
    let pos = s.pos.get().min(buf.len());
    let mut end = match buf[pos..].iter().position(|&c| c == b'\n') {
        Some(i) => pos + i + 1,
        None => buf.len(),
    };
    if limit >= 0 {
        end = end.min(pos + limit as usize);
    }
    end - pos
}

fn bytesio_readline(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("readline", &["self", "size"], 1)?;
    let s = me(b[0].as_ref().expect("self"))?;
    let limit = size_arg(vm, b[1].as_ref())?;
    let n = line_end(s, limit);
    Ok(bytes::new_bytes(take(s, n as i64)))
}

fn bytesio_readlines(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("readlines", &["self", "hint"], 1)?;
    let s = me(b[0].as_ref().expect("self"))?;
    let hint = size_arg(vm, b[1].as_ref())?;
    let mut lines = Vec::new();
    let mut total = 0;
    loop {
        let n = line_end(s, -1);
        if n == 0 {
            break;
        }
        lines.push(bytes::new_bytes(take(s, n as i64)));
        total += n;
        if hint > 0 && total >= hint as usize {
            break;
        }
    }
    Ok(list::new_list(lines))
}

fn bytesio_readinto(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("readinto", 2, 2)?;
    let s = me(&a[0])?;
    let n = writable_size(vm, &a[1])?;
    let data = take(s, n as i64);
    Ok(int::from_usize(fill_buffer(vm, &a[1], &data)?))
}

fn bytesio_write(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("write", 2, 2)?;
    let s = me(&a[0])?;
    let data_in = bytes_arg(&a[1])?;
    let arr = s.array();
    let mut buf = data(&arr).borrow_mut();
    let pos = s.pos.get();
    let end = pos + data_in.len();
    if end > buf.len() {
        buf.vec().resize(end, 0);
    }
    buf[pos..end].copy_from_slice(&data_in);
    s.pos.set(end);
    Ok(int::from_usize(data_in.len()))
}

fn bytesio_writelines(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("writelines", 2, 2)?;
    me(&a[0])?;
    let it = vm.iter(&a[1])?;
    while let Some(line) = vm.next(&it)? {
        bytesio_write(vm, Args::new(&[a[0].clone(), line]))?;
    }
    Ok(none())
}

fn bytesio_getvalue(_vm: &mut Vm, args: Args) -> PyResult {
    let s = me(&args.values[0])?;
    let arr = s.array();
    let v = data(&arr).borrow().to_vec();
    Ok(bytes::new_bytes(v))
}

/// `getbuffer()`: a writable memoryview of the contents. It shows the contents as they are
/// now; unlike CPython, Heron does not refuse to resize a BytesIO while a view exists.
fn bytesio_getbuffer(_vm: &mut Vm, args: Args) -> PyResult {
    let s = me(&args.values[0])?;
    crate::builtins::methods::memoryview::new_memoryview(&s.array())
}

fn bytesio_seek(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("seek", 2, 3)?;
    let s = me(&a[0])?;
    let pos = vm.index_i64(&a[1])?;
    let whence = match a.get(2) {
        Some(w) => vm.index_i64(w)?,
        None => 0,
    };
    let new = match whence {
        0 if pos < 0 => return Err(value_error(format!("negative seek value {pos}"))),
        0 => pos,
        1 => (s.pos.get() as i64 + pos).max(0),
        2 => (data(&s.array()).borrow().len() as i64 + pos).max(0),
        w => {
            return Err(value_error(format!(
                "invalid whence ({w}, should be 0, 1 or 2)"
            )))
        }
    };
    s.pos.set(new as usize);
    Ok(int::from_i64(new))
}

fn bytesio_tell(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(me(&args.values[0])?.pos.get()))
}

fn bytesio_truncate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("truncate", 1, 2)?;
    let s = me(&a[0])?;
    let size = match a.get(1) {
        Some(v) if !v.is_none() => vm.index_i64(v)?,
        _ => s.pos.get() as i64,
    };
    if size < 0 {
        return Err(value_error(format!("negative size value {size}")));
    }
    data(&s.array()).borrow_mut().truncate(size as usize);
    Ok(int::from_i64(size))
}

fn bytesio_true(_vm: &mut Vm, args: Args) -> PyResult {
    me(&args.values[0])?;
    Ok(bool_value(true))
}

fn bytesio_isatty(_vm: &mut Vm, args: Args) -> PyResult {
    me(&args.values[0])?;
    Ok(bool_value(false))
}

fn bytesio_flush(_vm: &mut Vm, args: Args) -> PyResult {
    me(&args.values[0])?;
    Ok(none())
}

fn bytesio_close(_vm: &mut Vm, args: Args) -> PyResult {
    let s = state::<BytesIo>(&args.values[0], "BytesIO")?;
    s.closed.set(true);
    *s.store.borrow_mut() = bytes::new_bytearray(Vec::new());
    Ok(none())
}

fn bytesio_closed(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(state::<BytesIo>(this, "BytesIO")?.closed.get()))
}

fn bytesio_iter(_vm: &mut Vm, args: Args) -> PyResult {
    me(&args.values[0])?;
    Ok(args.values[0].clone())
}

fn bytesio_next(_vm: &mut Vm, args: Args) -> PyResult {
    let s = me(&args.values[0])?;
    let n = line_end(s, -1);
    if n == 0 {
        return Err(crate::object::error::PyErr::new(
            &exception::STOP_ITERATION,
            "",
        ));
    }
    Ok(bytes::new_bytes(take(s, n as i64)))
}

fn bytesio_getstate(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let s = me(this)?;
    let d = vm.getattr(this, "__dict__")?;
    let contents = data(&s.array()).borrow().to_vec();
    Ok(tuple::from_array([
        bytes::new_bytes(contents),
        int::from_usize(s.pos.get()),
        d,
    ]))
}

fn bytesio_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let s = state::<BytesIo>(&a[0], "BytesIO")?;
    let t = tuple::as_tuple(&a[1])
        .filter(|t| t.len() >= 3)
        .map(|t| t.to_vec())
        .ok_or_else(|| {
            type_error(format!(
                "{}.__setstate__ argument should be 3-tuple, got {}",
                a[0].ty().name(),
                a[1].ty().name()
            ))
        })?;
    *s.store.borrow_mut() = bytes::new_bytearray(bytes_arg(&t[0])?);
    let pos = vm.index_i64(&t[1])?;
    if pos < 0 {
        return Err(value_error("position value cannot be negative"));
    }
    s.pos.set(pos as usize);
    if !t[2].is_none() {
        let d = vm.getattr(&a[0], "__dict__")?;
        vm.call_method(&d, "update", &[t[2].clone()])?;
    }
    Ok(none())
}

fn bytesio_sizeof(_vm: &mut Vm, args: Args) -> PyResult {
    let s = state::<BytesIo>(&args.values[0], "BytesIO")?;
    Ok(int::from_usize(64 + data(&s.array()).borrow().capacity()))
}

pub fn install() {
    crate::object::native::install_native_type(&TypeSpec {
        ty: &BYTESIO_TYPE,
        methods: methods![
            MethodDef::static_("__new__", bytesio_new),
            MethodDef::method("__init__", bytesio_init),
            MethodDef::method("read", bytesio_read),
            MethodDef::method("read1", bytesio_read),
            MethodDef::method("readline", bytesio_readline),
            MethodDef::method("readlines", bytesio_readlines),
            MethodDef::method("readinto", bytesio_readinto),
            MethodDef::method("readinto1", bytesio_readinto),
            MethodDef::method("write", bytesio_write),
            MethodDef::method("writelines", bytesio_writelines),
            MethodDef::method("getvalue", bytesio_getvalue),
            MethodDef::method("getbuffer", bytesio_getbuffer),
            MethodDef::method("seek", bytesio_seek),
            MethodDef::method("tell", bytesio_tell),
            MethodDef::method("truncate", bytesio_truncate),
            MethodDef::method("readable", bytesio_true),
            MethodDef::method("writable", bytesio_true),
            MethodDef::method("seekable", bytesio_true),
            MethodDef::method("isatty", bytesio_isatty),
            MethodDef::method("flush", bytesio_flush),
            MethodDef::method("close", bytesio_close),
            MethodDef::method("__iter__", bytesio_iter),
            MethodDef::method("__next__", bytesio_next),
            MethodDef::method("__getstate__", bytesio_getstate),
            MethodDef::method("__setstate__", bytesio_setstate),
            MethodDef::method("__sizeof__", bytesio_sizeof),
        ],
        getsets: getsets![GetSetDef::readonly("closed", bytesio_closed)],
        doc: Some("Buffered I/O implementation using an in-memory bytes buffer."),
    });
}
