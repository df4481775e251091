//! Exception objects, the standard exception hierarchy, and tracebacks.

use std::cell::{Cell, RefCell};

use super::typeobj::flags::BASETYPE;
use super::typeobj::{Layout, TypeObject};
use super::types::{none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use super::value::{Payload, Value};
use super::*;
use crate::object::error::{Args, PyErr, PyResult};
use crate::vm::Vm;

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
    const TRACKED: bool = true;
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
    const TRACKED: bool = true;
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
    *e.args.borrow_mut() = tuple::new_tuple(pos[1..].to_vec());
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
    list::append(&notes, note);
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
    Ok(super::types::bool_value(
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
/// `SystemExit.code`: None without args, the argument with one, the args tuple otherwise.
pub fn exit_code(e: &Exception) -> Value {
    let a = e.args.borrow();
    match tuple::items(&a) {
        [] => none(),
        [one] => one.clone(),
        _ => a.clone(),
    }
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

/// The OSError subclass CPython picks for an errno (`OSError(2, ...)` is a FileNotFoundError).
fn os_error_subclass(errno: i64) -> Option<&'static TypeObject> {
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
fn os_error_with(ty: &TypeObject, rest: Vec<Value>) -> Value {
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
            *p.args.borrow_mut() = tuple::new_tuple(rest[..2].to_vec());
        }
    }
    e
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
    *e.args.borrow_mut() = tuple::new_tuple(rest.to_vec());
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
        .filter(|l| l.is_type(&super::types::INT_TYPE))
        .map(|l| vm.str_string(&l))
        .transpose()?;
    Ok(str::from_string(match (filename, lineno) {
        (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
        (Some(f), None) => format!("{msg} ({f})"),
        (None, Some(l)) => format!("{msg} (line {l})"),
        (None, None) => msg,
    }))
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

fn set_unicode_attrs(e: &Value, args: &[Value]) {
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
            ty: &UNICODE_ENCODE_ERROR,
            methods: methods![
                MethodDef::method("__init__", unicode_error_init),
                MethodDef::method("__str__", unicode_error_str),
            ],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &UNICODE_DECODE_ERROR,
            methods: methods![
                MethodDef::method("__init__", unicode_error_init),
                MethodDef::method("__str__", unicode_error_str),
            ],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &UNICODE_TRANSLATE_ERROR,
            methods: methods![
                MethodDef::method("__init__", unicode_error_init),
                MethodDef::method("__str__", unicode_error_str),
            ],
            getsets: &[],
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
            ty: &super::types::TRACEBACK_TYPE,
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
