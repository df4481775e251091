//! `open()` and file objects: text and binary files read whole on open and written back on
//! flush/close (simple and exact for the sizes scripts use).

use std::cell::{Cell, RefCell};

use crate::object::exception::{type_error, value_error, Exception, OS_ERROR};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::{Payload, Value};
use crate::object::*;
use crate::vm::{Args, PyErr, PyResult, Vm};

pub static FILE_TYPE: TypeObject =
    TypeObject::new_static("TextIOWrapper", Layout::File, Some(&OBJECT_TYPE), 0);

pub struct File {
    path: String,
    mode: String,
    binary: bool,
    readable: bool,
    writable: bool,
    content: RefCell<Vec<u8>>,
    pos: Cell<usize>,
    dirty: Cell<bool>,
    closed: Cell<bool>,
}

impl Payload for File {
    const LAYOUT: Layout = Layout::File;
}

impl Drop for File {
    fn drop(&mut self) {
        let _ = self.flush_to_disk();
    }
}

impl File {
    fn flush_to_disk(&self) -> std::io::Result<()> {
        if self.writable && self.dirty.get() {
            std::fs::write(&self.path, &*self.content.borrow())?;
            self.dirty.set(false);
        }
        Ok(())
    }
}

/// An OSError subclass chosen from the I/O error, as CPython reports it.
fn io_error(e: &std::io::Error, path: &str) -> PyErr {
    let errno = e.raw_os_error().unwrap_or(0) as i64;
    let msg = match e.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
        std::io::ErrorKind::AlreadyExists => "File exists".to_string(),
        _ => e.to_string(),
    };
    let exc = exception::new_exception(&OS_ERROR, vec![int::from_i64(errno), str::new_str(&msg)]);
    let ty: &TypeObject = match e.kind() {
        std::io::ErrorKind::NotFound => &exception::FILE_NOT_FOUND_ERROR,
        std::io::ErrorKind::PermissionDenied => &exception::PERMISSION_ERROR,
        std::io::ErrorKind::AlreadyExists => &exception::FILE_EXISTS_ERROR,
        _ => &OS_ERROR,
    };
    let exc = if std::ptr::eq(ty, &OS_ERROR) {
        exc
    } else {
        exception::new_exception(ty, vec![int::from_i64(errno), str::new_str(&msg)])
    };
    if let Some(p) = exc.payload_exact::<Exception>() {
        dict::set_str(&p.dict, &str::intern("errno"), int::from_i64(errno));
        dict::set_str(&p.dict, &str::intern("strerror"), str::new_str(&msg));
        dict::set_str(&p.dict, &str::intern("filename"), str::new_str(path));
    }
    PyErr(exc)
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None)`.
pub fn open(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind(
        "open",
        &[
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
        1,
    )?;
    let path = vm.str_string(b[0].as_ref().expect("required"))?;
    let mode = match &b[1] {
        Some(m) => str::as_str(m)
            .ok_or_else(|| type_error("open() argument 'mode' must be str"))?
            .to_string(),
        None => "r".to_string(),
    };
    let binary = mode.contains('b');
    let plus = mode.contains('+');
    let (readable, writable, truncate, append, exclusive) =
        match mode.chars().find(|c| "rwax".contains(*c)) {
            Some('r') => (true, plus, false, false, false),
            Some('w') => (plus, true, true, false, false),
            Some('a') => (plus, true, false, true, false),
            Some('x') => (plus, true, true, false, true),
            _ => return Err(value_error(format!("invalid mode: '{mode}'"))),
        };
    if exclusive && std::path::Path::new(&path).exists() {
        return Err(io_error(
            &std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            &path,
        ));
    }
    let content = if truncate {
        std::fs::write(&path, b"").map_err(|e| io_error(&e, &path))?;
        Vec::new()
    } else {
        match std::fs::read(&path) {
            Ok(c) => c,
            Err(e) if append && e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::write(&path, b"").map_err(|e| io_error(&e, &path))?;
                Vec::new()
            }
            Err(e) => return Err(io_error(&e, &path)),
        }
    };
    if std::path::Path::new(&path).is_dir() {
        return Err(PyErr::new(
            &exception::IS_A_DIRECTORY_ERROR,
            format!("[Errno 21] Is a directory: '{path}'"),
        ));
    }
    let pos = if append { content.len() } else { 0 };
    Ok(crate::object::alloc::alloc(
        &FILE_TYPE,
        File {
            path,
            mode,
            binary,
            readable,
            writable,
            content: RefCell::new(content),
            pos: Cell::new(pos),
            dirty: Cell::new(false),
            closed: Cell::new(false),
        },
    ))
}

fn file(v: &Value) -> PyResult<&File> {
    let f = v
        .payload_exact::<File>()
        .ok_or_else(|| type_error("expected a file object"))?;
    if f.closed.get() {
        return Err(value_error("I/O operation on closed file."));
    }
    Ok(f)
}

fn bytes_to_value(f: &File, b: &[u8]) -> PyResult {
    if f.binary {
        Ok(bytes::new_bytes(b.to_vec()))
    } else {
        String::from_utf8(b.to_vec())
            .map(str::from_string)
            .map_err(|_| {
                PyErr::new(
                    &exception::UNICODE_DECODE_ERROR,
                    "'utf-8' codec can't decode bytes",
                )
            })
    }
}

fn read(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("read", 1, 2)?;
    let f = file(&a[0])?;
    if !f.readable {
        return Err(PyErr::new(&exception::OS_ERROR, "not readable"));
    }
    let n = match a.get(1) {
        Some(n) if !n.is_none() => vm.index_i64(n)?,
        _ => -1,
    };
    let content = f.content.borrow();
    let start = f.pos.get().min(content.len());
    let end = if n < 0 {
        content.len()
    } else if f.binary {
        (start + n as usize).min(content.len())
    } else {
        // n characters of UTF-8 text.
        let text = String::from_utf8_lossy(&content[start..]).into_owned();
        match text.char_indices().nth(n as usize) {
            Some((i, _)) => start + i,
            None => content.len(),
        }
    };
    f.pos.set(end);
    bytes_to_value(f, &content[start..end])
}

fn read_line_bytes(f: &File) -> Vec<u8> {
    let content = f.content.borrow();
    let start = f.pos.get().min(content.len());
    let end = match content[start..].iter().position(|&b| b == b'\n') {
        Some(i) => start + i + 1,
        None => content.len(),
    };
    f.pos.set(end);
    content[start..end].to_vec()
}

fn readline(_vm: &mut Vm, args: Args) -> PyResult {
    let f = file(&args.values[0])?;
    let line = read_line_bytes(f);
    bytes_to_value(f, &line)
}

fn readlines(_vm: &mut Vm, args: Args) -> PyResult {
    let f = file(&args.values[0])?;
    let mut out = Vec::new();
    loop {
        let line = read_line_bytes(f);
        if line.is_empty() {
            break;
        }
        out.push(bytes_to_value(f, &line)?);
    }
    Ok(list::new_list(out))
}

fn write(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("write", 2, 2)?;
    let f = file(&a[0])?;
    if !f.writable {
        return Err(PyErr::new(&exception::OS_ERROR, "not writable"));
    }
    let (data, count) = if f.binary {
        let b = bytes::bytes_like(&a[1]).ok_or_else(|| {
            type_error(format!(
                "a bytes-like object is required, not '{}'",
                a[1].ty().name()
            ))
        })?;
        let n = b.len();
        (b, n)
    } else {
        let s = str::as_str(&a[1]).ok_or_else(|| {
            type_error(format!(
                "write() argument must be str, not {}",
                a[1].ty().name()
            ))
        })?;
        (s.as_bytes().to_vec(), s.chars().count())
    };
    let mut content = f.content.borrow_mut();
    let pos = f.pos.get().min(content.len());
    let end = pos + data.len();
    if end > content.len() {
        content.resize(end, 0);
    }
    content[pos..end].copy_from_slice(&data);
    f.pos.set(end);
    f.dirty.set(true);
    Ok(int::from_usize(count))
}

fn writelines(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("writelines", 2, 2)?;
    for line in vm.collect(&a[1])? {
        write(vm, Args::new(&[a[0].clone(), line]))?;
    }
    Ok(none())
}

fn flush(_vm: &mut Vm, args: Args) -> PyResult {
    let f = file(&args.values[0])?;
    f.flush_to_disk().map_err(|e| io_error(&e, &f.path))?;
    Ok(none())
}

fn close(_vm: &mut Vm, args: Args) -> PyResult {
    let f = args.values[0]
        .payload_exact::<File>()
        .ok_or_else(|| type_error("expected a file object"))?;
    if !f.closed.get() {
        f.flush_to_disk().map_err(|e| io_error(&e, &f.path))?;
        f.closed.set(true);
    }
    Ok(none())
}

fn enter(_vm: &mut Vm, args: Args) -> PyResult {
    file(&args.values[0])?;
    Ok(args.values[0].clone())
}

fn exit(vm: &mut Vm, args: Args) -> PyResult {
    close(vm, Args::new(&args.values[..1]))?;
    Ok(bool_value(false))
}

fn iter(_vm: &mut Vm, args: Args) -> PyResult {
    file(&args.values[0])?;
    Ok(args.values[0].clone())
}

fn next(_vm: &mut Vm, args: Args) -> PyResult {
    let f = file(&args.values[0])?;
    let line = read_line_bytes(f);
    if line.is_empty() {
        return Err(exception::PyErrExt::stop());
    }
    bytes_to_value(f, &line)
}

fn seek(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("seek", 2, 3)?;
    let f = file(&a[0])?;
    let off = vm.index_i64(&a[1])?;
    let whence = match a.get(2) {
        Some(w) => vm.index_i64(w)?,
        None => 0,
    };
    let len = f.content.borrow().len() as i64;
    let base = match whence {
        0 => 0,
        1 => f.pos.get() as i64,
        2 => len,
        _ => {
            return Err(value_error(format!(
                "invalid whence ({whence}, should be 0, 1 or 2)"
            )))
        }
    };
    let p = (base + off).max(0) as usize;
    f.pos.set(p);
    Ok(int::from_usize(p))
}

fn tell(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(file(&args.values[0])?.pos.get()))
}

fn truthy_attr(v: &Value, f: impl Fn(&File) -> bool) -> PyResult {
    let file = v
        .payload_exact::<File>()
        .ok_or_else(|| type_error("expected a file object"))?;
    Ok(bool_value(f(file)))
}

fn readable(_vm: &mut Vm, args: Args) -> PyResult {
    truthy_attr(&args.values[0], |f| f.readable)
}

fn writable(_vm: &mut Vm, args: Args) -> PyResult {
    truthy_attr(&args.values[0], |f| f.writable)
}

fn get_closed(_vm: &mut Vm, this: &Value) -> PyResult {
    truthy_attr(this, |f| f.closed.get())
}

fn get_name(_vm: &mut Vm, this: &Value) -> PyResult {
    let f = this
        .payload_exact::<File>()
        .ok_or_else(|| type_error("expected a file object"))?;
    Ok(str::new_str(&f.path))
}

fn get_mode(_vm: &mut Vm, this: &Value) -> PyResult {
    let f = this
        .payload_exact::<File>()
        .ok_or_else(|| type_error("expected a file object"))?;
    Ok(str::new_str(&f.mode))
}

fn repr(_vm: &mut Vm, args: Args) -> PyResult {
    let f = args.values[0]
        .payload_exact::<File>()
        .ok_or_else(|| type_error("expected a file object"))?;
    Ok(str::from_string(format!(
        "<_io.TextIOWrapper name='{}' mode='{}' encoding='UTF-8'>",
        f.path, f.mode
    )))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &FILE_TYPE,
        methods: methods![
            MethodDef::method("read", read),
            MethodDef::method("readline", readline),
            MethodDef::method("readlines", readlines),
            MethodDef::method("write", write),
            MethodDef::method("writelines", writelines),
            MethodDef::method("flush", flush),
            MethodDef::method("close", close),
            MethodDef::method("__enter__", enter),
            MethodDef::method("__exit__", exit),
            MethodDef::method("__iter__", iter),
            MethodDef::method("__next__", next),
            MethodDef::method("seek", seek),
            MethodDef::method("tell", tell),
            MethodDef::method("readable", readable),
            MethodDef::method("writable", writable),
            MethodDef::method("__repr__", repr),
        ],
        getsets: getsets![
            GetSetDef::readonly("closed", get_closed),
            GetSetDef::readonly("name", get_name),
            GetSetDef::readonly("mode", get_mode),
        ],
        doc: None,
    }]
}
