//! `sys.stdout`/`sys.stderr`/`sys.stdin` objects: minimal text streams. Standard output is
//! buffered in the VM and flushed before anything goes to stderr and at exit.

use std::io::{BufRead, Write};

use crate::object::exception::{type_error, value_error};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::{Args, PyResult, Vm};

/// The type of the standard streams; the instance's dict holds `name` and `fd`.
pub static TEXT_STREAM_TYPE: TypeObject =
    TypeObject::new_static("TextIOWrapper", Layout::Instance, Some(&OBJECT_TYPE), 0);

/// Creates a stream object for file descriptor `fd` (0, 1 or 2).
pub fn new_stream(fd: i64, name: &str) -> Value {
    let s = instance::new_instance(&TEXT_STREAM_TYPE, None);
    if let Some(d) = instance::instance_dict(&s) {
        dict::set_str(&d, &str::intern("fd"), int::from_i64(fd));
        dict::set_str(&d, &str::intern("name"), str::new_str(name));
        dict::set_str(&d, &str::intern("encoding"), str::new_str("utf-8"));
        dict::set_str(&d, &str::intern("errors"), str::new_str(stdio_errors(fd)));
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
    if stream_fd(&args.values[0]) == Some(1) {
        vm.flush_stdout();
    }
    Ok(none())
}

/// Reads one line from standard input ("" at end of file).
pub fn read_line(vm: &mut Vm) -> PyResult<String> {
    vm.flush_stdout();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| value_error(format!("read error: {e}")))?;
    Ok(line)
}

fn stream_readline(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(str::from_string(read_line(vm)?))
}

fn stream_read(vm: &mut Vm, _args: Args) -> PyResult {
    vm.flush_stdout();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
        .map_err(|e| value_error(format!("read error: {e}")))?;
    Ok(str::from_string(s))
}

fn stream_isatty(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(bool_value(false))
}

fn stream_fileno(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(stream_fd(&args.values[0]).unwrap_or(-1)))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &TEXT_STREAM_TYPE,
        methods: methods![
            MethodDef::method("write", stream_write),
            MethodDef::method("flush", stream_flush),
            MethodDef::method("readline", stream_readline),
            MethodDef::method("read", stream_read),
            MethodDef::method("isatty", stream_isatty),
            MethodDef::method("fileno", stream_fileno),
        ],
        getsets: &[],
        doc: None,
    }]
}
