//! `sys.stdout`/`sys.stderr`/`sys.stdin`: Heron's own text streams over descriptors 0-2,
//! with the interface of CPython's `TextIOWrapper` (reading by size, lines and iteration,
//! `readlines`, `with`, `close`, `isatty`, `reconfigure`) and a binary layer as `.buffer`.
//! They are not `_io.TextIOWrapper` instances: standard output is buffered in the VM, flushed
//! before anything goes to stderr and at exit, and text and `.buffer` writes share that order.

use std::io::{BufRead, Write};

use crate::object::exception::{type_error, value_error, OS_ERROR};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::{Args, PyResult, Vm};

/// The type of the standard streams; the instance's dict holds `name` and `fd`.
pub static TEXT_STREAM_TYPE: TypeObject =
    TypeObject::new_static("TextIOWrapper", Layout::Instance, Some(&OBJECT_TYPE), 0);

/// Creates a stream object for file descriptor `fd` (0, 1 or 2); `unbuffered` as `-u` or
/// `PYTHONUNBUFFERED` ask (it decides the buffering flags the stream reports, as CPython's).
pub fn new_stream(fd: i64, name: &str, unbuffered: bool) -> Value {
    let s = instance::new_instance(&TEXT_STREAM_TYPE, None);
    if let Some(d) = instance::instance_dict(&s) {
        dict::set_str(&d, &str::intern("fd"), int::from_i64(fd));
        dict::set_str(&d, &str::intern("name"), str::new_str(name));
        dict::set_str(&d, &str::intern("encoding"), str::new_str("utf-8"));
        dict::set_str(&d, &str::intern("errors"), str::new_str(stdio_errors(fd)));
        dict::set_str(
            &d,
            &str::intern("mode"),
            str::new_str(if fd == 0 { "r" } else { "w" }),
        );
        dict::set_str(&d, &str::intern("newlines"), none());
        // SAFETY: isatty only inspects the descriptor.
        let tty = unsafe { libc::isatty(fd as i32) } == 1;
        let line_buffering = !unbuffered && (tty || fd == 2);
        dict::set_str(
            &d,
            &str::intern("line_buffering"),
            bool_value(line_buffering),
        );
        dict::set_str(&d, &str::intern("write_through"), bool_value(unbuffered));
        dict::set_str(&d, &str::intern("buffer"), new_buffer(fd, name));
    }
    s
}

/// The error handler of a standard stream, as CPython chooses it: `backslashreplace` for
/// stderr; `surrogateescape` in the C and POSIX locales and the UTF-8 locales CPython coerces
/// them to (`C.UTF-8`), where undecodable bytes must pass through; otherwise `strict`.
fn stdio_errors(fd: i64) -> &'static str {
    if fd == 2 {
        return "backslashreplace";
    }
    match crate::modules::io::ctype_locale().as_str() {
        "C" | "POSIX" | "C.UTF-8" | "C.utf8" | "UTF-8" => "surrogateescape",
        _ => "strict",
    }
}

/// Writes a str value to a standard stream, encoding lone surrogates with the stream's error
/// handler (which raises `UnicodeEncodeError` when it is `strict`).
pub fn write_value(vm: &mut Vm, stream: &Value, fd: i64, text: &Value) -> PyResult<()> {
    let Some(st) = str::payload(text) else {
        return Ok(());
    };
    if !st.has_surrogates() {
        return write_fd(vm, fd, st.as_str());
    }
    let errors = vm.getattr(stream, "errors")?;
    let errors = str::as_str(&errors).unwrap_or("strict").to_string();
    let encoded = bytes_methods::encode(vm, text, "utf-8", &errors)?;
    let data = bytes::bytes_like(&encoded).unwrap_or_default();
    write_fd_bytes(vm, fd, &data)
}

/// The file descriptor of a standard stream object, if `v` is one.
pub fn stream_fd(v: &Value) -> Option<i64> {
    if !v.is_type(&TEXT_STREAM_TYPE) {
        return None;
    }
    let d = instance::instance_dict(v)?;
    int::as_i64(&dict::lookup_str(&d, &str::intern("fd"))?)
}

/// Writes text to a standard stream by descriptor.
pub fn write_fd(vm: &mut Vm, fd: i64, text: &str) -> PyResult<()> {
    write_fd_bytes(vm, fd, text.as_bytes())
}

/// Writes encoded bytes to a standard stream by descriptor.
fn write_fd_bytes(vm: &mut Vm, fd: i64, data: &[u8]) -> PyResult<()> {
    match fd {
        1 => {
            let _ = vm.stdout.write_all(data);
        }
        2 => {
            vm.flush_stdout();
            let _ = std::io::stderr().write_all(data);
        }
        _ => {
            return Err(crate::vm::PyErr::new(
                &crate::object::exception::OS_ERROR,
                "not writable",
            ))
        }
    }
    Ok(())
}

fn stream_write(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("write", 2, 2)?;
    check_open(vm, &a[0])?;
    let fd = stream_fd(&a[0]).ok_or_else(|| type_error("not a stream"))?;
    let st = str::payload(&a[1]).ok_or_else(|| {
        type_error(format!(
            "write() argument must be str, not {}",
            a[1].ty().name()
        ))
    })?;
    let n = st.char_len();
    write_value(vm, &a[0], fd, &a[1])?;
    Ok(int::from_usize(n))
}

fn stream_flush(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    check_open(vm, me)?;
    if fd_of(me)? == 1 {
        vm.flush_stdout();
    }
    Ok(none())
}

/// How much of standard input to read.
#[derive(Clone, Copy)]
enum Limit {
    All,
    Bytes(usize),
    /// Whole UTF-8 characters (each lead byte with its continuation bytes).
    Chars(usize),
}

/// Reads raw bytes from standard input, up to `limit`, stopping after a `\n` when `line`.
fn read_stdin_bytes(vm: &mut Vm, line: bool, limit: Limit) -> PyResult<Vec<u8>> {
    vm.flush_stdout();
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let mut out = Vec::new();
    let io_error = |e: std::io::Error| crate::vm::PyErr::new(&OS_ERROR, e.to_string());
    match (line, limit) {
        (true, Limit::All) => {
            lock.read_until(b'\n', &mut out).map_err(io_error)?;
        }
        (false, Limit::All) => {
            std::io::Read::read_to_end(&mut lock, &mut out).map_err(io_error)?;
        }
        (_, Limit::Bytes(n) | Limit::Chars(n)) => {
            let chars = matches!(limit, Limit::Chars(_));
            let mut count = 0;
            loop {
                let buf = lock.fill_buf().map_err(io_error)?;
                let Some(&b) = buf.first() else { break };
                // A new character (or any byte, counting bytes) once `n` are read ends it.
                let starts = !chars || b & 0xC0 != 0x80;
                if starts && count == n {
                    break;
                }
                lock.consume(1);
                out.push(b);
                count += usize::from(starts);
                if line && b == b'\n' {
                    break;
                }
            }
        }
    }
    Ok(out)
}

/// Decodes bytes read from standard input with the stream's error handler.
fn decode_stdin(vm: &mut Vm, stream: Option<&Value>, data: &[u8]) -> PyResult {
    if let Ok(s) = std::str::from_utf8(data) {
        return Ok(str::new_str(s));
    }
    let errors = match stream {
        Some(st) => {
            let e = vm.getattr(st, "errors")?;
            str::as_str(&e).unwrap_or("strict").to_string()
        }
        None => stdio_errors(0).to_string(),
    };
    bytes_methods::decode(vm, data, "utf-8", &errors)
}

/// Reads one line from standard input ("" at end of file), for `input()`.
pub fn read_line(vm: &mut Vm) -> PyResult<String> {
    let data = read_stdin_bytes(vm, true, Limit::All)?;
    let text = decode_stdin(vm, None, &data)?;
    Ok(str::as_str(&text).unwrap_or_default().to_string())
}

/// An optional size argument (None or negative: no limit).
fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v.filter(|v| !v.is_none()) {
        None => Ok(None),
        Some(v) => {
            let n = vm.index_i64(v)?;
            Ok((n >= 0).then_some(n as usize))
        }
    }
}

/// Reads text: a line or everything, or up to `limit` characters.
fn read_text(vm: &mut Vm, stream: &Value, line: bool, limit: Option<usize>) -> PyResult {
    check_open(vm, stream)?;
    let limit = limit.map_or(Limit::All, Limit::Chars);
    let data = read_stdin_bytes(vm, line, limit)?;
    decode_stdin(vm, Some(stream), &data)
}

/// The value of one of a stream's own attributes, kept in its dict.
fn own(stream: &Value, name: &str) -> Option<Value> {
    dict::lookup_str(&instance::instance_dict(stream)?, &str::intern(name))
}

fn set_own(stream: &Value, name: &str, v: Value) {
    if let Some(d) = instance::instance_dict(stream) {
        dict::set_str(&d, &str::intern(name), v);
    }
}

fn is_closed(stream: &Value) -> bool {
    own(stream, "_closed").is_some_and(|v| v.is_true())
}

fn check_open(_vm: &mut Vm, stream: &Value) -> PyResult<()> {
    if is_closed(stream) {
        return Err(value_error("I/O operation on closed file."));
    }
    Ok(())
}

fn fd_of(v: &Value) -> PyResult<i64> {
    stream_fd(v)
        .or_else(|| buffer_fd(v))
        .ok_or_else(|| type_error("not a standard stream"))
}

fn stream_readline(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("readline", 1, 2)?;
    let limit = size_arg(vm, a.get(1))?;
    read_text(vm, &a[0], true, limit)
}

fn stream_read(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("read", 1, 2)?;
    let limit = size_arg(vm, a.get(1))?;
    read_text(vm, &a[0], false, limit)
}

fn stream_readlines(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("readlines", 1, 2)?;
    let hint = size_arg(vm, a.get(1))?.filter(|&h| h > 0);
    let mut lines = Vec::new();
    let mut total = 0;
    loop {
        let line = read_text(vm, &a[0], true, None)?;
        let n = str::payload(&line).map_or(0, |s| s.char_len());
        if n == 0 {
            break;
        }
        lines.push(line);
        total += n;
        if hint.is_some_and(|h| total >= h) {
            break;
        }
    }
    Ok(list::new_list(lines))
}

fn stream_iter(vm: &mut Vm, args: Args) -> PyResult {
    check_open(vm, &args.values[0])?;
    Ok(args.values[0].clone())
}

fn stream_next(vm: &mut Vm, args: Args) -> PyResult {
    let line = read_text(vm, &args.values[0], true, None)?;
    if str::payload(&line).is_some_and(|s| s.char_len() == 0) {
        return Err(crate::object::exception::PyErrExt::stop());
    }
    Ok(line)
}

fn stream_enter(vm: &mut Vm, args: Args) -> PyResult {
    check_open(vm, &args.values[0])?;
    Ok(args.values[0].clone())
}

fn stream_exit(vm: &mut Vm, args: Args) -> PyResult {
    stream_close(vm, Args::new(&args.values[..1]))
}

fn stream_close(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    if fd_of(me)? == 1 {
        vm.flush_stdout();
    }
    set_own(me, "_closed", bool_value(true));
    Ok(none())
}

fn stream_closed(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(is_closed(this)))
}

fn stream_isatty(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    check_open(vm, me)?;
    // SAFETY: isatty only inspects the descriptor.
    Ok(bool_value(unsafe { libc::isatty(fd_of(me)? as i32) } == 1))
}

fn stream_fileno(vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    check_open(vm, me)?;
    Ok(int::from_i64(fd_of(me)?))
}

fn stream_readable(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(bool_value(fd_of(&args.values[0])? == 0))
}

fn stream_writable(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(bool_value(fd_of(&args.values[0])? != 0))
}

fn stream_seekable(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(bool_value(false))
}

/// `reconfigure(*, encoding, errors, newline, line_buffering, write_through)`: the error
/// handler and buffering flags change; the encoding stays UTF-8, the only one these streams
/// write.
fn stream_reconfigure(vm: &mut Vm, args: Args) -> PyResult {
    let me = args.values[0].clone();
    if args.values.len() - args.kwnames.len() > 1 {
        return Err(type_error("reconfigure() takes no positional arguments"));
    }
    for (k, v) in args.keywords() {
        match str::as_str(k).unwrap_or("") {
            "encoding" if !v.is_none() => {
                let e = str::as_str(v)
                    .unwrap_or("")
                    .to_ascii_lowercase()
                    .replace('_', "-");
                if e != "utf-8" && e != "utf8" {
                    return Err(exception::not_implemented_error(
                        "Heron's standard streams are UTF-8; reconfigure(encoding=...) to another encoding is not supported yet",
                    ));
                }
            }
            "errors" if !v.is_none() => set_own(&me, "errors", v.clone()),
            "line_buffering" if !v.is_none() => {
                let b = vm.truthy(v)?;
                set_own(&me, "line_buffering", bool_value(b));
            }
            "write_through" if !v.is_none() => {
                let b = vm.truthy(v)?;
                set_own(&me, "write_through", bool_value(b));
            }
            "encoding" | "errors" | "newline" | "line_buffering" | "write_through" => {}
            other => {
                return Err(type_error(format!(
                    "'{other}' is an invalid keyword argument for reconfigure()"
                )))
            }
        }
    }
    Ok(none())
}

// ---- the binary layer (`sys.stdout.buffer`) ----

/// The type of `sys.stdin.buffer`, `sys.stdout.buffer` and `sys.stderr.buffer`: bytes in
/// and out of the same descriptors, in order with the text layer.
pub static STDIO_BUFFER_TYPE: TypeObject =
    TypeObject::new_static("BufferedStream", Layout::Instance, Some(&OBJECT_TYPE), 0);

fn new_buffer(fd: i64, name: &str) -> Value {
    let b = instance::new_instance(&STDIO_BUFFER_TYPE, None);
    set_own(&b, "fd", int::from_i64(fd));
    set_own(&b, "name", str::new_str(name));
    set_own(&b, "mode", str::new_str(if fd == 0 { "rb" } else { "wb" }));
    b
}

fn buffer_fd(v: &Value) -> Option<i64> {
    if !v.is_type(&STDIO_BUFFER_TYPE) {
        return None;
    }
    int::as_i64(&own(v, "fd")?)
}

fn buffer_write(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("write", 2, 2)?;
    check_open(vm, &a[0])?;
    let fd = fd_of(&a[0])?;
    let data = bytes::bytes_like_arg(&a[1])?;
    write_fd_bytes(vm, fd, &data)?;
    Ok(int::from_usize(data.len()))
}

fn buffer_read(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("read", 1, 2)?;
    check_open(vm, &a[0])?;
    let limit = size_arg(vm, a.get(1))?;
    Ok(bytes::new_bytes(read_stdin_bytes(
        vm,
        false,
        limit.map_or(Limit::All, Limit::Bytes),
    )?))
}

fn buffer_readline(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("readline", 1, 2)?;
    check_open(vm, &a[0])?;
    let limit = size_arg(vm, a.get(1))?;
    Ok(bytes::new_bytes(read_stdin_bytes(
        vm,
        true,
        limit.map_or(Limit::All, Limit::Bytes),
    )?))
}

fn buffer_next(vm: &mut Vm, args: Args) -> PyResult {
    check_open(vm, &args.values[0])?;
    let line = read_stdin_bytes(vm, true, Limit::All)?;
    if line.is_empty() {
        return Err(crate::object::exception::PyErrExt::stop());
    }
    Ok(bytes::new_bytes(line))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &TEXT_STREAM_TYPE,
            methods: methods![
                MethodDef::method("write", stream_write),
                MethodDef::method("flush", stream_flush),
                MethodDef::method("readline", stream_readline),
                MethodDef::method("read", stream_read),
                MethodDef::method("readlines", stream_readlines),
                MethodDef::method("__iter__", stream_iter),
                MethodDef::method("__next__", stream_next),
                MethodDef::method("__enter__", stream_enter),
                MethodDef::method("__exit__", stream_exit),
                MethodDef::method("close", stream_close),
                MethodDef::method("isatty", stream_isatty),
                MethodDef::method("fileno", stream_fileno),
                MethodDef::method("readable", stream_readable),
                MethodDef::method("writable", stream_writable),
                MethodDef::method("seekable", stream_seekable),
                MethodDef::method("reconfigure", stream_reconfigure),
            ],
            getsets: getsets![GetSetDef::readonly("closed", stream_closed)],
            doc: None,
        },
        TypeSpec {
            ty: &STDIO_BUFFER_TYPE,
            methods: methods![
                MethodDef::method("write", buffer_write),
                MethodDef::method("flush", stream_flush),
                MethodDef::method("read", buffer_read),
                MethodDef::method("read1", buffer_read),
                MethodDef::method("readline", buffer_readline),
                MethodDef::method("__iter__", stream_iter),
                MethodDef::method("__next__", buffer_next),
                MethodDef::method("__enter__", stream_enter),
                MethodDef::method("__exit__", stream_exit),
                MethodDef::method("close", stream_close),
                MethodDef::method("isatty", stream_isatty),
                MethodDef::method("fileno", stream_fileno),
                MethodDef::method("readable", stream_readable),
                MethodDef::method("writable", stream_writable),
                MethodDef::method("seekable", stream_seekable),
            ],
            getsets: getsets![GetSetDef::readonly("closed", stream_closed)],
            doc: None,
        },
    ]
}
