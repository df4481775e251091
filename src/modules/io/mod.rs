//! `_io`, CPython's C module under `io`: the stream classes and `open()`.
//!
//! The layers are CPython's: `FileIO` moves bytes to and from a file descriptor; the
//! buffered classes (`BufferedReader`, `BufferedWriter`, `BufferedRandom`, `BufferedRWPair`)
//! batch them; `TextIOWrapper` decodes and encodes through the codec registry with newline
//! translation and `tell`/`seek` cookies; `BytesIO` and `StringIO` are streams in memory. The
//! abstract bases (`_IOBase`, `_RawIOBase`, `_BufferedIOBase`, `_TextIOBase`) implement what
//! CPython's do in terms of the methods a subclass provides (`readline` from `read`/`peek`,
//! `read` from `readinto`, iteration from `readline`), so Python subclasses work as in CPython.
//!
//! Every public class has the `Instance` layout, so its objects carry a `__dict__` (`open()`
//! sets `mode` on them, as CPython's does); a class's own state is a hidden native object held
//! as the instance's base value (`state`).

mod base;
mod buffered;
mod bytesio;
mod fileio;
pub mod stdio;
mod stringio;
mod textio;

use std::cell::RefCell;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::{native_ref, new_native, NativeData};
use crate::object::typeobj::TypeObject;
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub const DEFAULT_BUFFER_SIZE: usize = 8192;

thread_local! {
    static UNSUPPORTED: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// `io.UnsupportedOperation(msg)`.
pub fn unsupported(msg: &str) -> PyErr {
    let cls = UNSUPPORTED.with(|u| u.borrow().clone());
    match cls {
        Some(c) => PyErr(exception::new_exception(
            c.as_type().expect("a class"),
            vec![str::new_str(msg)],
        )),
        None => PyErr::new(&exception::OS_ERROR, msg),
    }
}

/// Sets `second`'s `__context__` to `first` (an error while cleaning up after another).
fn chain(second: &PyErr, first: &PyErr) {
    if let Some(e) = second.0.payload_exact::<exception::Exception>() {
        if e.context.borrow().is_none() {
            *e.context.borrow_mut() = Some(first.0.clone());
        }
    }
}

pub fn closed_error() -> PyErr {
    value_error("I/O operation on closed file.")
}

/// A new object of the public class `cls` whose state is `data` (held by a hidden native
/// object of type `state_ty`).
fn new_stream<T: NativeData>(cls: &TypeObject, state_ty: &TypeObject, data: T) -> Value {
    instance::new_instance(cls, Some(new_native(state_ty, data)))
}

/// The state of a stream object, or the TypeError CPython gives for a wrong `self`.
fn state<'a, T: NativeData>(v: &'a Value, what: &str) -> PyResult<&'a T> {
    native_ref::<T>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a '_io.{what}' object but received a '{}'",
            v.ty().name()
        ))
    })
}

/// `obj.closed`, as a bool.
fn is_closed(vm: &mut Vm, obj: &Value) -> PyResult<bool> {
    let c = vm.getattr(obj, "closed")?;
    vm.truthy(&c)
}

/// The size argument of `read`-like methods: None and negatives mean "all".
fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    match v {
        None => Ok(-1),
        Some(v) if v.is_none() => Ok(-1),
        Some(v) => {
            if !int::is_int(v) && v.ty().lookup_str("__index__").is_none() {
                return Err(type_error(format!(
                    "argument should be integer or None, not '{}'",
                    v.ty().name()
                )));
            }
            vm.index_i64(v)
        }
    }
}

/// Copies `data` into the writable buffer `target` (a bytearray, or anything that takes
/// slice assignment, such as a memoryview over one); returns the count copied.
pub(crate) fn fill_buffer(vm: &mut Vm, target: &Value, data: &[u8]) -> PyResult<usize> {
    if let Some(done) = crate::builtins::methods::memoryview::write_at(target, 0, data) {
        return done;
    }
    let n = data.len().min(vm.len(target)?);
    let key = slice::new_slice(int::from_i64(0), int::from_usize(n), none());
    vm.setitem(target, &key, bytes::new_bytes(data[..n].to_vec()))?;
    Ok(n)
}

/// The size in bytes of `readinto`'s target: a writable buffer, or anything with a length
/// that takes slice assignment.
pub(crate) fn writable_size(vm: &mut Vm, target: &Value) -> PyResult<usize> {
    match crate::builtins::methods::memoryview::writable_len(target) {
        Some(n) => Ok(n),
        None => vm.len(target),
    }
}

/// The bytes of a bytes-like argument, or CPython's TypeError.
fn bytes_arg(v: &Value) -> PyResult<Vec<u8>> {
    bytes::bytes_like_arg(v)
}

/// The name of the character-type locale, as the environment sets it (`C` when unset).
pub fn ctype_locale() -> String {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "C".to_string())
}

/// The encoding `encoding=None` means: the locale's, which is UTF-8 in the locales Heron
/// runs in (`C`/`POSIX` turn on CPython's UTF-8 mode, which names it `utf-8`).
pub fn locale_encoding() -> &'static str {
    let locale = ctype_locale();
    if locale == "C" || locale == "POSIX" {
        "utf-8"
    } else {
        "UTF-8"
    }
}

/// `text_encoding(encoding, stacklevel=2)`: `encoding`, or "locale" for None (3.11's marker
/// for the locale encoding; "utf-8" in UTF-8 mode).
fn text_encoding(_vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("text_encoding", &["encoding", "stacklevel"], 1)?;
    let e = b[0].clone().expect("required");
    if !e.is_none() {
        return Ok(e);
    }
    Ok(str::new_str(if locale_encoding() == "utf-8" {
        "utf-8"
    } else {
        "locale"
    }))
}

/// `open_code(path)`: the file opened for reading bytes, as the import system reads source.
fn open_code(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("open_code", &["path"], 1)?;
    let path = b[0].clone().expect("required");
    if str::as_str(&path).is_none() {
        return Err(type_error(format!(
            "open_code() argument 'path' must be str, not {}",
            path.ty().name()
        )));
    }
    open(vm, Args::new(&[path, str::new_str("rb")]))
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
/// closefd=True, opener=None)`, with CPython's checks and messages.
pub fn open(vm: &mut Vm, args: Args) -> PyResult {
    install_types();
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
    let file = b[0].clone().expect("required");
    let mode_v = b[1].clone().unwrap_or_else(|| str::new_str("r"));
    let mode = str::as_str(&mode_v)
        .ok_or_else(|| {
            type_error(format!(
                "open() argument 'mode' must be str, not {}",
                mode_v.ty().name()
            ))
        })?
        .to_string();
    let buffering = match &b[2] {
        Some(v) => vm.index_i64(v)?,
        None => -1,
    };
    let opt_str = |v: &Option<Value>, what: &str| -> PyResult<Option<Value>> {
        match v {
            Some(x) if !x.is_none() => {
                if str::as_str(x).is_none() {
                    return Err(type_error(format!(
                        "open() argument '{what}' must be str or None, not {}",
                        x.ty().name()
                    )));
                }
                Ok(Some(x.clone()))
            }
            _ => Ok(None),
        }
    };
    let encoding = opt_str(&b[3], "encoding")?;
    let errors = opt_str(&b[4], "errors")?;
    let newline = opt_str(&b[5], "newline")?;
    let closefd = match &b[6] {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let opener = b[7].clone().unwrap_or_else(none);

    if !int::is_int(&file)
        && str::as_str(&file).is_none()
        && bytes::as_bytes(&file).is_none()
        && file.ty().lookup_str("__fspath__").is_none()
    {
        let r = vm.repr(&file)?;
        return Err(type_error(format!(
            "invalid file: {}",
            str::as_str(&r).unwrap_or("?")
        )));
    }
    let mut seen = String::new();
    for c in mode.chars() {
        if !"rwxab+t".contains(c) || seen.contains(c) {
            return Err(value_error(format!("invalid mode: '{mode}'")));
        }
        seen.push(c);
    }
    let creating = mode.contains('x');
    let reading = mode.contains('r');
    let writing = mode.contains('w');
    let appending = mode.contains('a');
    let updating = mode.contains('+');
    let text = mode.contains('t');
    let binary = mode.contains('b');
    if text && binary {
        return Err(value_error("can't have text and binary mode at once"));
    }
    if [creating, reading, writing, appending]
        .iter()
        .filter(|&&x| x)
        .count()
        != 1
    {
        return Err(value_error(
            "must have exactly one of create/read/write/append mode",
        ));
    }
    if binary && encoding.is_some() {
        return Err(value_error("binary mode doesn't take an encoding argument"));
    }
    if binary && errors.is_some() {
        return Err(value_error("binary mode doesn't take an errors argument"));
    }
    if binary && newline.is_some() {
        return Err(value_error("binary mode doesn't take a newline argument"));
    }
    if binary && buffering == 1 {
        crate::modules::imp::warn_with(
            vm,
            &exception::RUNTIME_WARNING,
            "line buffering (buffering=1) isn't supported in binary mode, the default buffer size will be used",
            2,
        )?;
    }
    let mut rawmode = String::new();
    for (flag, c) in [
        (creating, 'x'),
        (reading, 'r'),
        (writing, 'w'),
        (appending, 'a'),
        (updating, '+'),
    ] {
        if flag {
            rawmode.push(c);
        }
    }
    let raw = vm.call(
        &fileio::FILEIO_TYPE.to_value(),
        &[
            file,
            str::new_str(&rawmode),
            types::bool_value(closefd),
            opener,
        ],
    )?;
    let result = (|| -> PyResult {
        let mut buffering = buffering;
        let mut line_buffering = false;
        if buffering == 1 || buffering < 0 {
            let tty = vm.call_method(&raw, "isatty", &[])?;
            if buffering == 1 || vm.truthy(&tty)? {
                buffering = -1;
                line_buffering = true;
            }
        }
        if buffering < 0 {
            buffering = fileio::blksize(&raw).unwrap_or(DEFAULT_BUFFER_SIZE) as i64;
        }
        if buffering == 0 {
            if binary {
                return Ok(raw.clone());
            }
            return Err(value_error("can't have unbuffered text I/O"));
        }
        let cls = if updating {
            &buffered::BUFFERED_RANDOM_TYPE
        } else if creating || writing || appending {
            &buffered::BUFFERED_WRITER_TYPE
        } else {
            &buffered::BUFFERED_READER_TYPE
        };
        let buffer = vm.call(&cls.to_value(), &[raw.clone(), int::from_i64(buffering)])?;
        if binary {
            return Ok(buffer);
        }
        let wrapper = vm.call(
            &textio::TEXTIO_TYPE.to_value(),
            &[
                buffer,
                encoding.clone().unwrap_or_else(none),
                errors.clone().unwrap_or_else(none),
                newline.clone().unwrap_or_else(none),
                types::bool_value(line_buffering),
            ],
        )?;
        vm.setattr(&wrapper, "mode", mode_v.clone())?;
        Ok(wrapper)
    })();
    if result.is_err() {
        let _ = vm.call_method(&raw, "close", &[]);
    }
    result
}

/// Creates the `_io` module.
/// Installs the io types' methods, once: `open()` may run before anything imports `io`.
fn install_types() {
    thread_local! {
        static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if DONE.with(|d| d.replace(true)) {
        return;
    }
    base::install();
    fileio::install();
    bytesio::install();
    stringio::install();
    buffered::install();
    textio::install();
    // `_IOBase.__del__` closes (and so flushes) a file its program dropped, as CPython's
    // `iobase_finalize`: the io types run it when their instances are freed. Closing an exact
    // `BytesIO` or `StringIO` only frees its buffer, which freeing does anyway, so those two
    // skip it (their subclasses inherit the finalizer from `_IOBase`).
    for ty in [
        &base::IOBASE_TYPE,
        &base::RAWIOBASE_TYPE,
        &base::BUFFEREDIOBASE_TYPE,
        &base::TEXTIOBASE_TYPE,
        &fileio::FILEIO_TYPE,
        &buffered::BUFFERED_READER_TYPE,
        &buffered::BUFFERED_WRITER_TYPE,
        &buffered::BUFFERED_RANDOM_TYPE,
        &buffered::BUFFERED_RWPAIR_TYPE,
        &textio::TEXTIO_TYPE,
    ] {
        ty.flags
            .set(ty.flags.get() | crate::object::typeobj::flags::HAS_FINALIZER);
    }
}

pub fn new_module(vm: &mut Vm) -> PyResult {
    install_types();
    let m = module::new_module("_io");
    let uns = super::new_exception_class(
        vm,
        "io",
        "UnsupportedOperation",
        vec![
            exception::OS_ERROR.to_value(),
            exception::VALUE_ERROR.to_value(),
        ],
    )?;
    UNSUPPORTED.with(|u| *u.borrow_mut() = Some(uns.clone()));
    module::set_attr(&m, "UnsupportedOperation", uns);
    module::set_attr(
        &m,
        "DEFAULT_BUFFER_SIZE",
        int::from_usize(DEFAULT_BUFFER_SIZE),
    );
    module::set_attr(
        &m,
        "BlockingIOError",
        exception::BLOCKING_IO_ERROR.to_value(),
    );
    for (name, ty) in [
        ("_IOBase", &base::IOBASE_TYPE),
        ("_RawIOBase", &base::RAWIOBASE_TYPE),
        ("_BufferedIOBase", &base::BUFFEREDIOBASE_TYPE),
        ("_TextIOBase", &base::TEXTIOBASE_TYPE),
        ("FileIO", &fileio::FILEIO_TYPE),
        ("BytesIO", &bytesio::BYTESIO_TYPE),
        ("StringIO", &stringio::STRINGIO_TYPE),
        ("BufferedReader", &buffered::BUFFERED_READER_TYPE),
        ("BufferedWriter", &buffered::BUFFERED_WRITER_TYPE),
        ("BufferedRandom", &buffered::BUFFERED_RANDOM_TYPE),
        ("BufferedRWPair", &buffered::BUFFERED_RWPAIR_TYPE),
        ("TextIOWrapper", &textio::TEXTIO_TYPE),
        ("IncrementalNewlineDecoder", &textio::NEWLINE_DECODER_TYPE),
    ] {
        *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("_io");
        module::set_attr(&m, name, ty.to_value());
    }
    for (name, f) in [
        ("open", open as crate::object::error::NativeFn),
        ("open_code", open_code),
        ("text_encoding", text_encoding),
    ] {
        module::set_attr(
            &m,
            name,
            function::new_builtin_function(name, f, Some(m.clone())),
        );
    }
    Ok(m)
}
