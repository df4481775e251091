//! The abstract stream bases: what every stream can do in terms of the methods its class
//! provides, as CPython's `iobase.c`, `bufferedio.c` (`_BufferedIOBase`) and `textio.c`
//! (`_TextIOBase`) define them. A base's own `closed` state is the `__IOBase_closed`
//! attribute, where CPython keeps it too.

use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

use super::{
    closed_error, fill_buffer, is_closed, size_arg, unsupported, writable_size, DEFAULT_BUFFER_SIZE,
};

pub static IOBASE_TYPE: TypeObject =
    TypeObject::new_static("_IOBase", Layout::Instance, Some(&OBJECT_TYPE), BASETYPE);
pub static RAWIOBASE_TYPE: TypeObject =
    TypeObject::new_static("_RawIOBase", Layout::Instance, Some(&IOBASE_TYPE), BASETYPE);
pub static BUFFEREDIOBASE_TYPE: TypeObject = TypeObject::new_static(
    "_BufferedIOBase",
    Layout::Instance,
    Some(&IOBASE_TYPE),
    BASETYPE,
);
pub static TEXTIOBASE_TYPE: TypeObject = TypeObject::new_static(
    "_TextIOBase",
    Layout::Instance,
    Some(&IOBASE_TYPE),
    BASETYPE,
);

const CLOSED_ATTR: &str = "__IOBase_closed";

fn base_closed(vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(match instance::instance_dict(this) {
        Some(d) => match dict::lookup_str(&d, &str::intern(CLOSED_ATTR)) {
            Some(v) => vm.truthy(&v)?,
            None => false,
        },
        None => false,
    }))
}

/// Raises ValueError when `obj.closed`.
pub fn check_closed(vm: &mut Vm, obj: &Value) -> PyResult<()> {
    if is_closed(vm, obj)? {
        return Err(closed_error());
    }
    Ok(())
}

fn check_flag(vm: &mut Vm, obj: &Value, method: &str, msg: &str) -> PyResult<()> {
    let r = vm.call_method(obj, method, &[])?;
    if !vm.truthy(&r)? {
        return Err(unsupported(msg));
    }
    Ok(())
}

fn iob_unsupported_seek(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("seek"))
}

fn iob_unsupported_truncate(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("truncate"))
}

fn iob_unsupported_fileno(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("fileno"))
}

fn iob_tell(vm: &mut Vm, args: Args) -> PyResult {
    vm.call_method(
        &args.values[0],
        "seek",
        &[int::from_i64(0), int::from_i64(1)],
    )
}

fn iob_flush(vm: &mut Vm, args: Args) -> PyResult {
    check_closed(vm, &args.values[0])?;
    Ok(none())
}

fn iob_close(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    if is_closed(vm, me)? {
        return Ok(none());
    }
    let r = vm.call_method(me, "flush", &[]);
    vm.setattr(me, CLOSED_ATTR, bool_value(true))?;
    r.map(|_| none())
}

fn iob_false(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(bool_value(false))
}

fn iob_isatty(vm: &mut Vm, args: Args) -> PyResult {
    check_closed(vm, &args.values[0])?;
    Ok(bool_value(false))
}

fn iob_check_closed(vm: &mut Vm, args: Args) -> PyResult {
    check_closed(vm, &args.values[0])?;
    Ok(none())
}

fn iob_check_seekable(vm: &mut Vm, args: Args) -> PyResult {
    check_flag(
        vm,
        &args.values[0],
        "seekable",
        "File or stream is not seekable.",
    )?;
    Ok(bool_value(true))
}

fn iob_check_readable(vm: &mut Vm, args: Args) -> PyResult {
    check_flag(
        vm,
        &args.values[0],
        "readable",
        "File or stream is not readable.",
    )?;
    Ok(bool_value(true))
}

fn iob_check_writable(vm: &mut Vm, args: Args) -> PyResult {
    check_flag(
        vm,
        &args.values[0],
        "writable",
        "File or stream is not writable.",
    )?;
    Ok(bool_value(true))
}

fn iob_enter(vm: &mut Vm, args: Args) -> PyResult {
    check_closed(vm, &args.values[0])?;
    Ok(args.values[0].clone())
}

fn iob_exit(vm: &mut Vm, args: Args) -> PyResult {
    vm.call_method(&args.values[0], "close", &[])
}

fn iob_iter(vm: &mut Vm, args: Args) -> PyResult {
    check_closed(vm, &args.values[0])?;
    Ok(args.values[0].clone())
}

fn iob_next(vm: &mut Vm, args: Args) -> PyResult {
    let line = vm.call_method(&args.values[0], "readline", &[])?;
    if vm.len(&line)? == 0 {
        return Err(crate::object::error::PyErr::new(
            &exception::STOP_ITERATION,
            "",
        ));
    }
    Ok(line)
}

/// `readline(size=-1)`: through `peek` when the stream has it (to read up to the newline in
/// one go), else `read(1)` at a time.
fn iob_readline(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("readline", &["self", "size"], 1)?;
    let me = b[0].clone().expect("self");
    let limit = size_arg(vm, b[1].as_ref())?;
    let peek = vm.getattr_opt(&me, "peek")?;
    let mut out: Vec<u8> = Vec::new();
    while limit < 0 || (out.len() as i64) < limit {
        let mut want = 1usize;
        if let Some(p) = &peek {
            let ahead = vm.call(p, &[int::from_i64(1)])?;
            let ahead = bytes::bytes_like(&ahead).ok_or_else(|| {
                crate::object::error::PyErr::new(
                    &exception::OS_ERROR,
                    format!(
                        "peek() should have returned a bytes object, not '{}'",
                        ahead.ty().name()
                    ),
                )
            })?;
            if !ahead.is_empty() {
                want = match ahead.iter().position(|&c| c == b'\n') {
                    Some(i) => i + 1,
                    None => ahead.len(),
                };
                if limit >= 0 {
                    want = want.min((limit as usize) - out.len());
                }
            }
        }
        let chunk = vm.call_method(&me, "read", &[int::from_usize(want)])?;
        if chunk.is_none() {
            break;
        }
        let chunk = bytes::bytes_like(&chunk).ok_or_else(|| {
            crate::object::error::PyErr::new(
                &exception::OS_ERROR,
                format!(
                    "read() should have returned a bytes object, not '{}'",
                    chunk.ty().name()
                ),
            )
        })?;
        if chunk.is_empty() {
            break;
        }
        out.extend_from_slice(&chunk);
        if out.ends_with(b"\n") {
            break;
        }
    }
    Ok(bytes::new_bytes(out))
}

fn iob_readlines(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("readlines", &["self", "hint"], 1)?;
    let me = b[0].clone().expect("self");
    let hint = size_arg(vm, b[1].as_ref())?;
    let mut lines = Vec::new();
    let mut total = 0usize;
    let it = vm.iter(&me)?;
    while let Some(line) = vm.next(&it)? {
        total += vm.len(&line)?;
        lines.push(line);
        if hint > 0 && total >= hint as usize {
            break;
        }
    }
    Ok(list::new_list(lines))
}

fn iob_writelines(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("writelines", 2, 2)?;
    check_closed(vm, &a[0])?;
    let it = vm.iter(&a[1])?;
    while let Some(line) = vm.next(&it)? {
        vm.call_method(&a[0], "write", &[line])?;
    }
    Ok(none())
}

fn iob_del(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    if let Ok(false) = is_closed(vm, me) {
        let _ = vm.call_method(me, "close", &[]);
    }
    Ok(none())
}

fn iob_dict(_vm: &mut Vm, this: &Value) -> PyResult {
    instance::instance_dict(this).ok_or_else(|| type_error("no __dict__"))
}

// ---- _RawIOBase ----

/// `read(size=-1)`: through `readinto`, or `readall` for a negative size.
fn raw_read(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("read", &["self", "size"], 1)?;
    let me = b[0].clone().expect("self");
    let n = size_arg(vm, b[1].as_ref())?;
    if n < 0 {
        return vm.call_method(&me, "readall", &[]);
    }
    let buf = bytes::new_bytearray(vec![0; n as usize]);
    let got = vm.call_method(&me, "readinto", std::slice::from_ref(&buf))?;
    if got.is_none() {
        return Ok(none());
    }
    let got = vm.index_i64(&got)?;
    if got < 0 || got > n {
        return Err(value_error(format!(
            "readinto returned {got} outside buffer size {n}"
        )));
    }
    let data = bytes::bytes_like(&buf).unwrap_or_default();
    Ok(bytes::new_bytes(data[..got as usize].to_vec()))
}

/// `readall()`: `read(DEFAULT_BUFFER_SIZE)` until end of file (None at once if nothing was
/// available on a non-blocking stream).
fn raw_readall(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let mut out = Vec::new();
    loop {
        let chunk = vm.call_method(me, "read", &[int::from_usize(DEFAULT_BUFFER_SIZE)])?;
        if chunk.is_none() {
            if out.is_empty() {
                return Ok(none());
            }
            break;
        }
        let data =
            bytes::bytes_like(&chunk).ok_or_else(|| type_error("read() should return bytes"))?;
        if data.is_empty() {
            break;
        }
        out.extend(data);
    }
    Ok(bytes::new_bytes(out))
}

fn raw_not_implemented(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(exception::not_implemented_error(""))
}

// ---- _BufferedIOBase ----

fn bio_read(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("read"))
}

fn bio_read1(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("read1"))
}

fn bio_write(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("write"))
}

fn bio_detach(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("detach"))
}

fn readinto_with(vm: &mut Vm, args: &Args, method: &str) -> PyResult {
    let a = args.check_count("readinto", 2, 2)?;
    let n = writable_size(vm, &a[1])?;
    let data = vm.call_method(&a[0], method, &[int::from_usize(n)])?;
    let data = bytes::bytes_like(&data)
        .ok_or_else(|| type_error(format!("{method}() should return bytes")))?;
    if data.len() > n {
        return Err(value_error(format!(
            "{method}() returned too much data: {n} bytes requested, {} returned",
            data.len()
        )));
    }
    Ok(int::from_usize(fill_buffer(vm, &a[1], &data)?))
}

fn bio_readinto(vm: &mut Vm, args: Args) -> PyResult {
    readinto_with(vm, &args, "read")
}

fn bio_readinto1(vm: &mut Vm, args: Args) -> PyResult {
    readinto_with(vm, &args, "read1")
}

// ---- _TextIOBase ----

fn tio_detach(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("detach"))
}

fn tio_read(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("read"))
}

fn tio_readline(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("readline"))
}

fn tio_write(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(unsupported("write"))
}

fn tio_none(_vm: &mut Vm, _this: &Value) -> PyResult {
    Ok(none())
}

pub fn install() {
    let specs = [
        TypeSpec {
            ty: &IOBASE_TYPE,
            methods: methods![
                MethodDef::method("seek", iob_unsupported_seek),
                MethodDef::method("tell", iob_tell),
                MethodDef::method("truncate", iob_unsupported_truncate),
                MethodDef::method("flush", iob_flush),
                MethodDef::method("close", iob_close),
                MethodDef::method("seekable", iob_false),
                MethodDef::method("readable", iob_false),
                MethodDef::method("writable", iob_false),
                MethodDef::method("_checkClosed", iob_check_closed),
                MethodDef::method("_checkSeekable", iob_check_seekable),
                MethodDef::method("_checkReadable", iob_check_readable),
                MethodDef::method("_checkWritable", iob_check_writable),
                MethodDef::method("fileno", iob_unsupported_fileno),
                MethodDef::method("isatty", iob_isatty),
                MethodDef::method("__enter__", iob_enter),
                MethodDef::method("__exit__", iob_exit),
                MethodDef::method("__iter__", iob_iter),
                MethodDef::method("__next__", iob_next),
                MethodDef::method("readline", iob_readline),
                MethodDef::method("readlines", iob_readlines),
                MethodDef::method("writelines", iob_writelines),
                MethodDef::method("__del__", iob_del),
            ],
            getsets: getsets![
                GetSetDef::readonly("closed", base_closed),
                GetSetDef::readonly("__dict__", iob_dict),
            ],
            doc: Some("The abstract base class for all I/O classes."),
        },
        TypeSpec {
            ty: &RAWIOBASE_TYPE,
            methods: methods![
                MethodDef::method("read", raw_read),
                MethodDef::method("readall", raw_readall),
                MethodDef::method("readinto", raw_not_implemented),
                MethodDef::method("write", raw_not_implemented),
            ],
            getsets: getsets![],
            doc: Some("Base class for raw binary I/O."),
        },
        TypeSpec {
            ty: &BUFFEREDIOBASE_TYPE,
            methods: methods![
                MethodDef::method("read", bio_read),
                MethodDef::method("read1", bio_read1),
                MethodDef::method("write", bio_write),
                MethodDef::method("detach", bio_detach),
                MethodDef::method("readinto", bio_readinto),
                MethodDef::method("readinto1", bio_readinto1),
            ],
            getsets: getsets![],
            doc: Some("Base class for buffered IO objects."),
        },
        TypeSpec {
            ty: &TEXTIOBASE_TYPE,
            methods: methods![
                MethodDef::method("detach", tio_detach),
                MethodDef::method("read", tio_read),
                MethodDef::method("readline", tio_readline),
                MethodDef::method("write", tio_write),
            ],
            getsets: getsets![
                GetSetDef::readonly("encoding", tio_none),
                GetSetDef::readonly("newlines", tio_none),
                GetSetDef::readonly("errors", tio_none),
            ],
            doc: Some("Base class for text I/O."),
        },
    ];
    for s in &specs {
        crate::object::native::install_native_type(s);
    }
}

use crate::object::exception::value_error;
