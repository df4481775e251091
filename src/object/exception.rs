//! Exception objects, the standard exception hierarchy, and tracebacks.

use std::cell::{Cell, RefCell};

use super::typeobj::flags::BASETYPE;
use super::typeobj::{Layout, TypeObject};
use super::types::{none, OBJECT_TYPE};
use super::value::{Payload, Value};
use super::*;
use crate::object::error::PyErr;

/// Payload of every exception instance (user subclasses included: they share this layout and
/// keep their attributes in `dict`).
pub struct Exception {
    pub args: RefCell<Value>,
    pub traceback: RefCell<Option<Value>>,
    pub cause: RefCell<Option<Value>>,
    pub context: RefCell<Option<Value>>,
    pub suppress_context: Cell<bool>,
    pub dict: Value,
}

impl Payload for Exception {
    const LAYOUT: Layout = Layout::Exception;
}

/// One traceback entry (`tb_frame` is a snapshot frame object: code, globals, line).
pub struct Traceback {
    pub next: RefCell<Option<Value>>,
    pub frame: Value,
    pub lineno: u32,
    pub lasti: u32,
}

impl Payload for Traceback {
    const LAYOUT: Layout = Layout::Traceback;
}

macro_rules! exception_types {
    ($( $ident:ident = ($name:expr, $base:ident); )*) => {
        $( pub static $ident: TypeObject =
            TypeObject::new_static($name, Layout::Exception, Some(&$base), BASETYPE); )*

        /// The standard exception types, bases first.
        pub fn exception_types() -> Vec<&'static TypeObject> {
            vec![$(&$ident),*]
        }
    };
}

exception_types! {
    BASE_EXCEPTION = ("BaseException", OBJECT_TYPE);
    SYSTEM_EXIT = ("SystemExit", BASE_EXCEPTION);
    KEYBOARD_INTERRUPT = ("KeyboardInterrupt", BASE_EXCEPTION);
    GENERATOR_EXIT = ("GeneratorExit", BASE_EXCEPTION);
    EXCEPTION = ("Exception", BASE_EXCEPTION);
    STOP_ITERATION = ("StopIteration", EXCEPTION);
    STOP_ASYNC_ITERATION = ("StopAsyncIteration", EXCEPTION);
    ARITHMETIC_ERROR = ("ArithmeticError", EXCEPTION);
    FLOATING_POINT_ERROR = ("FloatingPointError", ARITHMETIC_ERROR);
    OVERFLOW_ERROR = ("OverflowError", ARITHMETIC_ERROR);
    ZERO_DIVISION_ERROR = ("ZeroDivisionError", ARITHMETIC_ERROR);
    ASSERTION_ERROR = ("AssertionError", EXCEPTION);
    ATTRIBUTE_ERROR = ("AttributeError", EXCEPTION);
    BUFFER_ERROR = ("BufferError", EXCEPTION);
    EOF_ERROR = ("EOFError", EXCEPTION);
    IMPORT_ERROR = ("ImportError", EXCEPTION);
    MODULE_NOT_FOUND_ERROR = ("ModuleNotFoundError", IMPORT_ERROR);
    LOOKUP_ERROR = ("LookupError", EXCEPTION);
    INDEX_ERROR = ("IndexError", LOOKUP_ERROR);
    KEY_ERROR = ("KeyError", LOOKUP_ERROR);
    MEMORY_ERROR = ("MemoryError", EXCEPTION);
    NAME_ERROR = ("NameError", EXCEPTION);
    UNBOUND_LOCAL_ERROR = ("UnboundLocalError", NAME_ERROR);
    OS_ERROR = ("OSError", EXCEPTION);
    FILE_NOT_FOUND_ERROR = ("FileNotFoundError", OS_ERROR);
    FILE_EXISTS_ERROR = ("FileExistsError", OS_ERROR);
    PERMISSION_ERROR = ("PermissionError", OS_ERROR);
    IS_A_DIRECTORY_ERROR = ("IsADirectoryError", OS_ERROR);
    NOT_A_DIRECTORY_ERROR = ("NotADirectoryError", OS_ERROR);
    TIMEOUT_ERROR = ("TimeoutError", OS_ERROR);
    BLOCKING_IO_ERROR = ("BlockingIOError", OS_ERROR);
    CHILD_PROCESS_ERROR = ("ChildProcessError", OS_ERROR);
    CONNECTION_ERROR = ("ConnectionError", OS_ERROR);
    BROKEN_PIPE_ERROR = ("BrokenPipeError", CONNECTION_ERROR);
    CONNECTION_ABORTED_ERROR = ("ConnectionAbortedError", CONNECTION_ERROR);
    CONNECTION_REFUSED_ERROR = ("ConnectionRefusedError", CONNECTION_ERROR);
    CONNECTION_RESET_ERROR = ("ConnectionResetError", CONNECTION_ERROR);
    INTERRUPTED_ERROR = ("InterruptedError", OS_ERROR);
    PROCESS_LOOKUP_ERROR = ("ProcessLookupError", OS_ERROR);
    REFERENCE_ERROR = ("ReferenceError", EXCEPTION);
    RUNTIME_ERROR = ("RuntimeError", EXCEPTION);
    NOT_IMPLEMENTED_ERROR = ("NotImplementedError", RUNTIME_ERROR);
    RECURSION_ERROR = ("RecursionError", RUNTIME_ERROR);
    SYNTAX_ERROR = ("SyntaxError", EXCEPTION);
    INDENTATION_ERROR = ("IndentationError", SYNTAX_ERROR);
    TAB_ERROR = ("TabError", INDENTATION_ERROR);
    SYSTEM_ERROR = ("SystemError", EXCEPTION);
    TYPE_ERROR = ("TypeError", EXCEPTION);
    VALUE_ERROR = ("ValueError", EXCEPTION);
    UNICODE_ERROR = ("UnicodeError", VALUE_ERROR);
    UNICODE_DECODE_ERROR = ("UnicodeDecodeError", UNICODE_ERROR);
    UNICODE_ENCODE_ERROR = ("UnicodeEncodeError", UNICODE_ERROR);
    UNICODE_TRANSLATE_ERROR = ("UnicodeTranslateError", UNICODE_ERROR);
    WARNING = ("Warning", EXCEPTION);
    DEPRECATION_WARNING = ("DeprecationWarning", WARNING);
    PENDING_DEPRECATION_WARNING = ("PendingDeprecationWarning", WARNING);
    RUNTIME_WARNING = ("RuntimeWarning", WARNING);
    SYNTAX_WARNING = ("SyntaxWarning", WARNING);
    USER_WARNING = ("UserWarning", WARNING);
    FUTURE_WARNING = ("FutureWarning", WARNING);
    IMPORT_WARNING = ("ImportWarning", WARNING);
    UNICODE_WARNING = ("UnicodeWarning", WARNING);
    BYTES_WARNING = ("BytesWarning", WARNING);
    RESOURCE_WARNING = ("ResourceWarning", WARNING);
    BASE_EXCEPTION_GROUP = ("BaseExceptionGroup", BASE_EXCEPTION);
    EXCEPTION_GROUP = ("ExceptionGroup", BASE_EXCEPTION_GROUP);
}

/// Allocates an exception of type `ty` (an exception type, static or user) with `args`.
pub fn new_exception(ty: &TypeObject, args: Vec<Value>) -> Value {
    super::alloc::alloc(
        ty,
        Exception {
            args: RefCell::new(tuple::new_tuple(args)),
            traceback: RefCell::new(None),
            cause: RefCell::new(None),
            context: RefCell::new(None),
            suppress_context: Cell::new(false),
            dict: dict::new_dict(),
        },
    )
}

impl PyErr {
    /// An exception of type `ty` with one message argument.
    pub fn new(ty: &TypeObject, msg: impl Into<String>) -> PyErr {
        PyErr(new_exception(ty, vec![str::new_str(&msg.into())]))
    }

    /// An exception of type `ty` with no arguments.
    pub fn empty(ty: &TypeObject) -> PyErr {
        PyErr(new_exception(ty, vec![]))
    }

    /// The exception's type.
    pub fn ty(&self) -> &TypeObject {
        self.0.ty()
    }

    pub fn is_instance(&self, ty: &TypeObject) -> bool {
        self.0.is_instance_of(ty)
    }

    pub fn payload(&self) -> &Exception {
        self.0
            .payload_exact::<Exception>()
            .expect("exception object")
    }
}

/// Shorthands for raising common exceptions without a message.
pub struct PyErrExt;

impl PyErrExt {
    /// A bare `StopIteration`.
    pub fn stop() -> PyErr {
        PyErr::empty(&STOP_ITERATION)
    }
}

pub fn type_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&TYPE_ERROR, msg)
}
pub fn value_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&VALUE_ERROR, msg)
}
pub fn index_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&INDEX_ERROR, msg)
}
pub fn attribute_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&ATTRIBUTE_ERROR, msg)
}
/// `MemoryError` with no message, as CPython's `PyErr_NoMemory`.
pub fn memory_error() -> PyErr {
    PyErr::empty(&MEMORY_ERROR)
}
/// `MemoryError` unless a block of `bytes` can be allocated now.
#[inline]
pub fn check_alloc(bytes: usize) -> Result<(), PyErr> {
    if bytes < crate::memory::alloc::CHECKED || crate::memory::alloc::can_allocate(bytes) {
        Ok(())
    } else {
        Err(memory_error())
    }
}
/// Makes room for `additional` more items in `v`, or `MemoryError` (growth that would
/// otherwise abort the process when the memory is not there).
#[inline]
pub fn reserve_items<T>(v: &mut Vec<T>, additional: usize) -> Result<(), PyErr> {
    if v.capacity() - v.len() < additional {
        v.try_reserve(additional).map_err(|_| memory_error())?;
    }
    Ok(())
}
/// `MemoryError` unless `count` items of `size` bytes each can be allocated now.
#[inline]
pub fn check_alloc_items(count: usize, size: usize) -> Result<(), PyErr> {
    match count.checked_mul(size) {
        Some(bytes) if bytes <= isize::MAX as usize => check_alloc(bytes),
        _ => Err(memory_error()),
    }
}
pub fn overflow_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&OVERFLOW_ERROR, msg)
}
pub fn zero_division_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&ZERO_DIVISION_ERROR, msg)
}
pub fn runtime_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&RUNTIME_ERROR, msg)
}
pub fn name_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&NAME_ERROR, msg)
}
pub fn system_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&SYSTEM_ERROR, msg)
}
pub fn not_implemented_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&NOT_IMPLEMENTED_ERROR, msg)
}
pub fn recursion_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&RECURSION_ERROR, msg)
}
/// `KeyError(key)`: the key itself is the argument.
pub fn key_error(key: Value) -> PyErr {
    PyErr(new_exception(&KEY_ERROR, vec![key]))
}
/// `StopIteration(value)`, or bare when `value` is None.
pub fn stop_iteration(value: Value) -> PyErr {
    if value.is_none() {
        PyErr::empty(&STOP_ITERATION)
    } else {
        PyErr(new_exception(&STOP_ITERATION, vec![value]))
    }
}

/// `SystemExit.code`: None without args, the argument with one, the args tuple otherwise.
pub fn exit_code(e: &Exception) -> Value {
    let a = e.args.borrow();
    match tuple::items(&a) {
        [] => none(),
        [one] => one.clone(),
        _ => a.clone(),
    }
}

/// The OSError subclass CPython picks for an errno (`OSError(2, ...)` is a FileNotFoundError).
pub fn os_error_subclass(errno: i64) -> Option<&'static TypeObject> {
    let e = errno as i32;
    Some(match e {
        libc::ENOENT => &FILE_NOT_FOUND_ERROR,
        libc::EEXIST => &FILE_EXISTS_ERROR,
        libc::EPERM | libc::EACCES => &PERMISSION_ERROR,
        libc::EISDIR => &IS_A_DIRECTORY_ERROR,
        libc::ENOTDIR => &NOT_A_DIRECTORY_ERROR,
        libc::ETIMEDOUT => &TIMEOUT_ERROR,
        libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => &BLOCKING_IO_ERROR,
        libc::ECHILD => &CHILD_PROCESS_ERROR,
        libc::EPIPE | libc::ESHUTDOWN => &BROKEN_PIPE_ERROR,
        libc::ECONNABORTED => &CONNECTION_ABORTED_ERROR,
        libc::ECONNREFUSED => &CONNECTION_REFUSED_ERROR,
        libc::ECONNRESET => &CONNECTION_RESET_ERROR,
        libc::EINTR => &INTERRUPTED_ERROR,
        libc::ESRCH => &PROCESS_LOOKUP_ERROR,
        _ => return None,
    })
}

/// `OSError(code, message)` as Python would make it: the errno's subclass, with `errno` and
/// `strerror` set (for native code that has no VM at hand).
pub fn new_os_error(code: i32, message: &str) -> crate::object::error::PyErr {
    new_os_error_of(
        os_error_subclass(code as i64).unwrap_or(&OS_ERROR),
        code,
        message,
    )
}

/// `ty(code, message)` for an OSError subclass `ty`, with `errno` and `strerror` set.
pub fn new_os_error_of(ty: &TypeObject, code: i32, message: &str) -> crate::object::error::PyErr {
    crate::object::error::PyErr(os_error_with(
        ty,
        vec![int::from_i64(code as i64), str::new_str(message)],
    ))
}

/// An OSError of class `ty` from its arguments, recording errno, strerror and the file names
/// when there are 2 to 5 of them (as `OSError.__new__` does).
pub fn os_error_with(ty: &TypeObject, rest: Vec<Value>) -> Value {
    let e = new_exception(ty, rest.clone());
    if (2..=5).contains(&rest.len()) {
        let p = e.payload_exact::<Exception>().expect("exception");
        dict::set_str(&p.dict, &str::intern_static("errno"), rest[0].clone());
        dict::set_str(&p.dict, &str::intern_static("strerror"), rest[1].clone());
        dict::set_str(
            &p.dict,
            &str::intern_static("filename"),
            rest.get(2).cloned().unwrap_or_else(none),
        );
        dict::set_str(
            &p.dict,
            &str::intern_static("filename2"),
            rest.get(4).cloned().unwrap_or_else(none),
        );
        if rest.len() > 2 {
            *p.args.borrow_mut() = tuple::from_slice(&rest[..2]);
        }
    }
    e
}

/// A `UnicodeEncodeError`/`UnicodeDecodeError` as codecs raise it: the encoding, the object,
/// the failing range and the reason, readable as attributes.
pub fn new_unicode_error(
    ty: &TypeObject,
    encoding: &str,
    object: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> Value {
    let args = vec![
        str::new_str(encoding),
        object,
        int::from_usize(start),
        int::from_usize(end),
        str::new_str(reason),
    ];
    let e = new_exception(ty, args.clone());
    set_unicode_attrs(&e, &args);
    e
}

pub fn set_unicode_attrs(e: &Value, args: &[Value]) {
    if let Some(p) = e.payload_exact::<Exception>() {
        let names: &[&str] = if args.len() == 4 {
            &["object", "start", "end", "reason"]
        } else {
            &["encoding", "object", "start", "end", "reason"]
        };
        for (n, v) in names.iter().zip(args) {
            dict::set_str(&p.dict, &str::intern(n), v.clone());
        }
    }
}
