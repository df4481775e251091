//! `FileIO`: raw binary I/O on a file descriptor, as CPython's `fileio.c`. Interrupted
//! system calls run pending signal handlers and retry (PEP 475); a non-blocking descriptor
//! with nothing to give reads as None.

use std::cell::Cell;
use std::ffi::CString;

use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::NativeData;
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

use super::base::RAWIOBASE_TYPE;
use super::{bytes_arg, fill_buffer, new_stream, size_arg, state, unsupported, writable_size};
use crate::modules::posix::{env_bytes, os_error};
use crate::os::{fd as osfd, fs as osfs};

pub static FILEIO_TYPE: TypeObject =
    TypeObject::new_static("FileIO", Layout::Instance, Some(&RAWIOBASE_TYPE), BASETYPE);
static FILEIO_STATE_TYPE: TypeObject =
    TypeObject::new_static("FileIO state", Layout::Native, Some(&OBJECT_TYPE), 0);

pub struct FileIo {
    fd: Cell<i32>,
    readable: Cell<bool>,
    writable: Cell<bool>,
    appending: Cell<bool>,
    created: Cell<bool>,
    closefd: Cell<bool>,
    /// -1 unknown, 0 no, 1 yes.
    seekable: Cell<i8>,
    blksize: Cell<usize>,
}

impl NativeData for FileIo {}

fn me(v: &Value) -> PyResult<&FileIo> {
    state::<FileIo>(v, "FileIO")
}

/// The descriptor of an open FileIO, or its "I/O operation on closed file" (FileIO's own
/// message has no final period, unlike the other layers').
fn open_fd(f: &FileIo) -> PyResult<i32> {
    match f.fd.get() {
        fd if fd >= 0 => Ok(fd),
        _ => Err(value_error("I/O operation on closed file")),
    }
}

/// The preferred block size of an open FileIO (for `open()`'s buffer size).
pub fn blksize(v: &Value) -> Option<usize> {
    let f = crate::object::native::native_ref::<FileIo>(v)?;
    Some(f.blksize.get()).filter(|&b| b > 1)
}

fn fileio_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("FileIO.__new__(X): X is not a type object"))?;
    Ok(new_stream(
        cls,
        &FILEIO_STATE_TYPE,
        FileIo {
            fd: Cell::new(-1),
            readable: Cell::new(false),
            writable: Cell::new(false),
            appending: Cell::new(false),
            created: Cell::new(false),
            closefd: Cell::new(true),
            seekable: Cell::new(-1),
            blksize: Cell::new(0),
        },
    ))
}

fn fileio_init(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("FileIO", &["self", "file", "mode", "closefd", "opener"], 2)?;
    let this = b[0].clone().expect("self");
    let f = me(&this)?;
    let file = b[1].clone().expect("file");
    let mode_v = b[2].clone().unwrap_or_else(|| str::new_str("r"));
    let mode = str::as_str(&mode_v)
        .ok_or_else(|| {
            type_error(format!(
                "FileIO() argument 'mode' must be str, not {}",
                mode_v.ty().name()
            ))
        })?
        .to_string();
    let closefd = match &b[3] {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let opener = b[4].clone().filter(|o| !o.is_none());
    if f.fd.get() >= 0 {
        if f.closefd.get() {
            let _ = osfd::close(f.fd.get());
        }
        f.fd.set(-1);
    }
    if float::as_f64(&file).is_some() {
        return Err(type_error("integer argument expected, got float"));
    }
    let (mut rwa, mut plus) = (None, false);
    let bad_mode = || value_error(format!("invalid mode: {mode}"));
    for c in mode.chars() {
        match c {
            'r' | 'w' | 'x' | 'a' => {
                if rwa.is_some() {
                    return Err(value_error(
                        "Must have exactly one of create/read/write/append mode and at most one plus",
                    ));
                }
                rwa = Some(c);
            }
            '+' => {
                if plus {
                    return Err(bad_mode());
                }
                plus = true;
            }
            'b' => {}
            _ => return Err(bad_mode()),
        }
    }
    let Some(rwa) = rwa else {
        return Err(value_error(
            "Must have exactly one of read/write/create/append mode",
        ));
    };
    f.readable.set(rwa == 'r' || plus);
    f.writable.set(rwa != 'r' || plus);
    f.created.set(rwa == 'x');
    f.appending.set(rwa == 'a');
    f.seekable.set(-1);
    let mut flags = match (f.readable.get(), f.writable.get()) {
        (true, true) => libc::O_RDWR,
        (true, false) => libc::O_RDONLY,
        _ => libc::O_WRONLY,
    };
    flags |= match rwa {
        'w' => libc::O_CREAT | libc::O_TRUNC,
        'x' => libc::O_CREAT | libc::O_EXCL,
        'a' => libc::O_CREAT | libc::O_APPEND,
        _ => 0,
    };
    flags |= libc::O_CLOEXEC;
    let fd = if int::is_int(&file) {
        let fd = vm.index_i64(&file)?;
        if fd < 0 {
            return Err(value_error("negative file descriptor"));
        }
        f.closefd.set(closefd);
        fd as i32
    } else {
        if !closefd {
            return Err(value_error("Cannot use closefd=False with file name"));
        }
        f.closefd.set(true);
        let path = env_bytes(vm, &file, "FileIO")?;
        match &opener {
            Some(op) => {
                let r = vm.call(op, &[file.clone(), int::from_i64(flags as i64)])?;
                if !int::is_int(&r) {
                    return Err(type_error("expected integer from opener"));
                }
                let fd = vm.index_i64(&r)?;
                if fd < 0 {
                    return Err(value_error(format!("opener returned {fd}")));
                }
                fd as i32
            }
            None => {
                let c = CString::new(path).map_err(|_| value_error("embedded null byte"))?;
                loop {
                    match osfs::open(&c, flags, 0o666) {
                        Ok(fd) => break fd,
                        Err(e) if e.0 == libc::EINTR => vm.check_signals()?,
                        Err(e) => return Err(os_error(vm, e.0, Some(&file), None)),
                    }
                }
            }
        }
    };
    f.fd.set(fd);
    match osfd::fstat(fd) {
        Ok(st) => {
            if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
                if f.closefd.get() {
                    let _ = osfd::close(fd);
                }
                f.fd.set(-1);
                return Err(os_error(vm, libc::EISDIR, Some(&file), None));
            }
            f.blksize.set(st.st_blksize as usize);
        }
        Err(e) if e.0 == libc::EBADF => {
            f.fd.set(-1);
            return Err(os_error(vm, libc::EBADF, None, None));
        }
        Err(_) => {}
    }
    vm.setattr(&this, "name", file)?;
    if f.appending.get() {
        // Failure is harmless here (pipes).
        let _ = osfd::lseek(fd, 0, libc::SEEK_END);
    }
    Ok(none())
}

fn check_readable(f: &FileIo) -> PyResult<i32> {
    let fd = open_fd(f)?;
    if !f.readable.get() {
        return Err(unsupported("File not open for reading"));
    }
    Ok(fd)
}

fn check_writable(f: &FileIo) -> PyResult<i32> {
    let fd = open_fd(f)?;
    if !f.writable.get() {
        return Err(unsupported("File not open for writing"));
    }
    Ok(fd)
}

/// One `read(2)` of up to `n` bytes; None when a non-blocking descriptor has nothing.
fn read_some(vm: &mut Vm, fd: i32, n: usize) -> PyResult<Option<Vec<u8>>> {
    let mut buf = vec![0u8; n];
    loop {
        match osfd::read(fd, &mut buf) {
            Ok(r) => {
                buf.truncate(r);
                return Ok(Some(buf));
            }
            Err(e) if e.0 == libc::EINTR => vm.check_signals()?,
            Err(e) if e.0 == libc::EAGAIN => return Ok(None),
            Err(e) => return Err(crate::modules::posix::sys_error(vm, e)),
        }
    }
}

fn fileio_read(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("read", &["self", "size"], 1)?;
    let this = b[0].clone().expect("self");
    let f = me(&this)?;
    let fd = check_readable(f)?;
    let n = size_arg(vm, b[1].as_ref())?;
    if n < 0 {
        return readall(vm, f, fd);
    }
    Ok(match read_some(vm, fd, n as usize)? {
        Some(d) => bytes::new_bytes(d),
        None => none(),
    })
}

fn readall(vm: &mut Vm, f: &FileIo, fd: i32) -> PyResult {
    let mut out: Vec<u8> = Vec::new();
    let chunk = f.blksize.get().clamp(8192, 1 << 20);
    // The rest of a regular file is read in as few calls as its size allows.
    let hint = match osfd::fstat(fd) {
        Ok(st) => match osfd::lseek(fd, 0, libc::SEEK_CUR) {
            Ok(pos) if st.st_size >= pos => (st.st_size - pos) as usize + 1,
            _ => chunk,
        },
        Err(_) => chunk,
    };
    let mut want = hint.max(1);
    loop {
        match read_some(vm, fd, want)? {
            Some(d) if d.is_empty() => break,
            Some(d) => out.extend(d),
            None if out.is_empty() => return Ok(none()),
            None => break,
        }
        want = chunk.max(out.len() / 2);
    }
    Ok(bytes::new_bytes(out))
}

fn fileio_readall(vm: &mut Vm, args: Args) -> PyResult {
    let f = me(&args.values[0])?;
    let fd = check_readable(f)?;
    readall(vm, f, fd)
}

fn fileio_readinto(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("readinto", 2, 2)?;
    let f = me(&a[0])?;
    let fd = check_readable(f)?;
    let n = writable_size(vm, &a[1])?;
    match read_some(vm, fd, n)? {
        Some(d) => Ok(int::from_usize(fill_buffer(vm, &a[1], &d)?)),
        None => Ok(none()),
    }
}

fn fileio_write(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("write", 2, 2)?;
    let data = bytes_arg(&a[1])?;
    Ok(match write_some(vm, &a[0], &data)? {
        Some(n) => int::from_usize(n),
        None => none(),
    })
}

/// Whether `v` is a `FileIO` itself (not a subclass, whose methods may be overridden): the
/// buffered and text layers then write to it without a Python call.
pub(super) fn is_native(v: &Value) -> bool {
    v.is_type(&FILEIO_TYPE)
}

/// Whether a `FileIO` is closed.
pub(super) fn is_closed(v: &Value) -> bool {
    me(v).map_or(true, |f| f.fd.get() < 0)
}

/// One `write(2)` of `data`: the count written, or None when a non-blocking descriptor
/// would block.
pub(super) fn write_some(vm: &mut Vm, v: &Value, data: &[u8]) -> PyResult<Option<usize>> {
    let f = me(v)?;
    let fd = check_writable(f)?;
    loop {
        match osfd::write(fd, data) {
            Ok(n) => return Ok(Some(n)),
            Err(e) if e.0 == libc::EINTR => vm.check_signals()?,
            Err(e) if e.0 == libc::EAGAIN => return Ok(None),
            Err(e) => return Err(crate::modules::posix::sys_error(vm, e)),
        }
    }
}

fn fileio_seek(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("seek", 2, 3)?;
    let f = me(&a[0])?;
    let fd = open_fd(f)?;
    if float::as_f64(&a[1]).is_some() {
        return Err(type_error("an integer is required"));
    }
    let pos = vm.index_i64(&a[1])?;
    let whence = match a.get(2) {
        Some(w) => vm.index_i64(w)?,
        None => 0,
    };
    let r =
        osfd::lseek(fd, pos, whence as i32).map_err(|e| crate::modules::posix::sys_error(vm, e))?;
    f.seekable.set(1);
    Ok(int::from_i64(r))
}

fn fileio_tell(vm: &mut Vm, args: Args) -> PyResult {
    let f = me(&args.values[0])?;
    let fd = open_fd(f)?;
    let r =
        osfd::lseek(fd, 0, libc::SEEK_CUR).map_err(|e| crate::modules::posix::sys_error(vm, e))?;
    Ok(int::from_i64(r))
}

fn fileio_truncate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("truncate", 1, 2)?;
    let f = me(&a[0])?;
    let fd = check_writable(f)?;
    let size = match a.get(1) {
        Some(v) if !v.is_none() => vm.index_i64(v)?,
        // A failed lseek leaves -1, which ftruncate then refuses.
        _ => osfd::lseek(fd, 0, libc::SEEK_CUR).unwrap_or(-1),
    };
    if let Err(e) = osfd::ftruncate(fd, size) {
        return Err(crate::modules::posix::sys_error(vm, e));
    }
    Ok(int::from_i64(size))
}

fn fileio_close(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let f = me(this)?;
    // `_RawIOBase.close` flushes and marks the object closed.
    let base_close = super::base::IOBASE_TYPE
        .lookup_str("close")
        .expect("_IOBase.close");
    let flushed = vm.call(&base_close, std::slice::from_ref(this));
    let fd = f.fd.get();
    if fd >= 0 {
        f.fd.set(-1);
        if f.closefd.get() {
            if let Err(e) = osfd::close(fd) {
                flushed?;
                return Err(crate::modules::posix::sys_error(vm, e));
            }
        }
    }
    flushed.map(|_| none())
}

fn fileio_seekable(_vm: &mut Vm, args: Args) -> PyResult {
    let f = me(&args.values[0])?;
    let fd = open_fd(f)?;
    if f.seekable.get() < 0 {
        let r = osfd::lseek(fd, 0, libc::SEEK_CUR);
        f.seekable.set(if r.is_err() { 0 } else { 1 });
    }
    Ok(bool_value(f.seekable.get() == 1))
}

fn fileio_readable(_vm: &mut Vm, args: Args) -> PyResult {
    let f = me(&args.values[0])?;
    open_fd(f)?;
    Ok(bool_value(f.readable.get()))
}

fn fileio_writable(_vm: &mut Vm, args: Args) -> PyResult {
    let f = me(&args.values[0])?;
    open_fd(f)?;
    Ok(bool_value(f.writable.get()))
}

fn fileio_fileno(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(open_fd(me(&args.values[0])?)? as i64))
}

fn fileio_isatty(_vm: &mut Vm, args: Args) -> PyResult {
    let fd = open_fd(me(&args.values[0])?)?;
    Ok(bool_value(osfd::isatty(fd)))
}

fn mode_string(f: &FileIo) -> &'static str {
    match (
        f.created.get(),
        f.appending.get(),
        f.readable.get(),
        f.writable.get(),
    ) {
        (true, _, true, _) => "xb+",
        (true, _, false, _) => "xb",
        (_, true, true, _) => "ab+",
        (_, true, false, _) => "ab",
        (_, _, true, true) => "rb+",
        (_, _, true, false) => "rb",
        _ => "wb",
    }
}

fn fileio_mode(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(mode_string(me(this)?)))
}

fn fileio_closed(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(me(this)?.fd.get() < 0))
}

fn fileio_closefd(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(me(this)?.closefd.get()))
}

fn fileio_blksize(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(me(this)?.blksize.get()))
}

fn fileio_repr(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let f = me(this)?;
    let cls = this.ty().name().to_string();
    let cls = if cls == "FileIO" {
        "_io.FileIO".to_string()
    } else {
        cls
    };
    if f.fd.get() < 0 {
        return Ok(str::from_string(format!("<{cls} [closed]>")));
    }
    let closefd = if f.closefd.get() { "True" } else { "False" };
    let name = match vm.getattr_opt(this, "name")? {
        Some(n) => {
            let r = vm.repr(&n)?;
            format!("name={}", str::as_str(&r).unwrap_or("?"))
        }
        None => format!("fd={}", f.fd.get()),
    };
    Ok(str::from_string(format!(
        "<{cls} {name} mode='{}' closefd={closefd}>",
        mode_string(f)
    )))
}

fn fileio_getstate(_vm: &mut Vm, args: Args) -> PyResult {
    Err(type_error(format!(
        "cannot pickle '{}' object",
        args.values[0].ty().name()
    )))
}

fn fileio_dealloc_warn(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

pub fn install() {
    crate::object::native::install_native_type(&TypeSpec {
        ty: &FILEIO_TYPE,
        methods: methods![
            MethodDef::static_("__new__", fileio_new),
            MethodDef::method("__init__", fileio_init),
            MethodDef::method("read", fileio_read),
            MethodDef::method("readall", fileio_readall),
            MethodDef::method("readinto", fileio_readinto),
            MethodDef::method("write", fileio_write),
            MethodDef::method("seek", fileio_seek),
            MethodDef::method("tell", fileio_tell),
            MethodDef::method("truncate", fileio_truncate),
            MethodDef::method("close", fileio_close),
            MethodDef::method("seekable", fileio_seekable),
            MethodDef::method("readable", fileio_readable),
            MethodDef::method("writable", fileio_writable),
            MethodDef::method("fileno", fileio_fileno),
            MethodDef::method("isatty", fileio_isatty),
            MethodDef::method("__repr__", fileio_repr),
            MethodDef::method("__getstate__", fileio_getstate),
            MethodDef::method("_dealloc_warn", fileio_dealloc_warn),
        ],
        getsets: getsets![
            GetSetDef::readonly("mode", fileio_mode),
            GetSetDef::readonly("closed", fileio_closed),
            GetSetDef::readonly("closefd", fileio_closefd),
            GetSetDef::readonly("_blksize", fileio_blksize),
        ],
        doc: Some("Open a file.\n\nThe mode can be 'r' (default), 'w', 'x' or 'a' for reading,\nwriting, exclusive creation or appending."),
    });
}
