//! The buffered binary streams, as CPython's `bufferedio.c`: `BufferedReader`,
//! `BufferedWriter` and `BufferedRandom` share one implementation (`Buffered`), which keeps a
//! read-ahead buffer and a buffer of pending writes over a raw stream; `BufferedRWPair` joins
//! a reader and a writer.
//!
//! The logical position is the raw stream's minus the unread read-ahead plus the pending
//! writes; a write first gives the read-ahead back (seeking the raw stream), and a read,
//! seek or tell first flushes the pending writes.

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

use super::base::BUFFEREDIOBASE_TYPE;
use super::{
    bytes_arg, fill_buffer, new_stream, size_arg, state, unsupported, writable_size,
    DEFAULT_BUFFER_SIZE,
};

pub static BUFFERED_READER_TYPE: TypeObject = TypeObject::new_static(
    "BufferedReader",
    Layout::Instance,
    Some(&BUFFEREDIOBASE_TYPE),
    BASETYPE,
);
pub static BUFFERED_WRITER_TYPE: TypeObject = TypeObject::new_static(
    "BufferedWriter",
    Layout::Instance,
    Some(&BUFFEREDIOBASE_TYPE),
    BASETYPE,
);
pub static BUFFERED_RANDOM_TYPE: TypeObject = TypeObject::new_static(
    "BufferedRandom",
    Layout::Instance,
    Some(&BUFFEREDIOBASE_TYPE),
    BASETYPE,
);
pub static BUFFERED_RWPAIR_TYPE: TypeObject = TypeObject::new_static(
    "BufferedRWPair",
    Layout::Instance,
    Some(&BUFFEREDIOBASE_TYPE),
    BASETYPE,
);
static BUFFERED_STATE_TYPE: TypeObject =
    TypeObject::new_static("Buffered state", Layout::Native, Some(&OBJECT_TYPE), 0);
static RWPAIR_STATE_TYPE: TypeObject = TypeObject::new_static(
    "BufferedRWPair state",
    Layout::Native,
    Some(&OBJECT_TYPE),
    0,
);

pub struct Buffered {
    raw: RefCell<Option<Value>>,
    readable: bool,
    writable: bool,
    size: Cell<usize>,
    rbuf: RefCell<Vec<u8>>,
    rpos: Cell<usize>,
    wbuf: RefCell<Vec<u8>>,
}

impl NativeData for Buffered {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(r) = &*self.raw.borrow() {
            visit(r);
        }
    }

    fn clear(&self, out: &mut Vec<Value>) {
        out.extend(self.raw.borrow_mut().take());
    }
}

fn me(v: &Value) -> PyResult<&Buffered> {
    state::<Buffered>(v, "Buffered")
}

impl Buffered {
    fn raw(&self) -> PyResult<Value> {
        self.raw
            .borrow()
            .clone()
            .ok_or_else(|| value_error("raw stream has been detached"))
    }

    fn unread(&self) -> usize {
        self.rbuf.borrow().len() - self.rpos.get()
    }

    fn take_read(&self, n: usize) -> Vec<u8> {
        let buf = self.rbuf.borrow();
        let pos = self.rpos.get();
        let end = pos.saturating_add(n).min(buf.len());
        self.rpos.set(end);
        buf[pos..end].to_vec()
    }

    /// Compacts the read-ahead and appends `data` to it.
    fn push_read(&self, data: &[u8]) {
        let mut buf = self.rbuf.borrow_mut();
        let pos = self.rpos.get();
        if pos > 0 {
            buf.drain(..pos);
            self.rpos.set(0);
        }
        buf.extend_from_slice(data);
    }
}

/// Raises ValueError("<what> of closed file") when the raw stream is closed.
fn check_closed(vm: &mut Vm, b: &Buffered, what: &str) -> PyResult<Value> {
    let raw = b.raw()?;
    let c = vm.getattr(&raw, "closed")?;
    if vm.truthy(&c)? {
        return Err(value_error(format!("{what} of closed file")));
    }
    Ok(raw)
}

/// One raw read of up to `n` bytes: None when the raw stream would block.
fn raw_read(vm: &mut Vm, raw: &Value, n: usize) -> PyResult<Option<Vec<u8>>> {
    let r = vm.call_method(raw, "read", &[int::from_usize(n)])?;
    if r.is_none() {
        return Ok(None);
    }
    let d = bytes::bytes_like(&r).ok_or_else(|| {
        type_error(format!(
            "read() should return bytes, not '{}'",
            r.ty().name()
        ))
    })?;
    if d.len() > n {
        return Err(PyErr::new(
            &exception::OS_ERROR,
            format!(
                "raw read() returned invalid length {} (should have been between 0 and {n})",
                d.len()
            ),
        ));
    }
    Ok(Some(d))
}

fn flush_writes(vm: &mut Vm, b: &Buffered, raw: &Value) -> PyResult<()> {
    if super::fileio::is_native(raw) {
        loop {
            let n = {
                let pending = b.wbuf.borrow();
                if pending.is_empty() {
                    return Ok(());
                }
                super::fileio::write_some(vm, raw, &pending)?
            };
            match n {
                Some(n) => drop(b.wbuf.borrow_mut().drain(..n)),
                None => {
                    return Err(PyErr::new(
                        &exception::BLOCKING_IO_ERROR,
                        "write could not complete without blocking",
                    ))
                }
            }
        }
    }
    loop {
        let pending = b.wbuf.borrow().clone();
        if pending.is_empty() {
            return Ok(());
        }
        let r = vm.call_method(raw, "write", &[bytes::new_bytes(pending.clone())])?;
        if r.is_none() {
            return Err(PyErr::new(
                &exception::BLOCKING_IO_ERROR,
                "write could not complete without blocking",
            ));
        }
        let n = vm.index_i64(&r)?;
        if n < 0 || n as usize > pending.len() {
            return Err(PyErr::new(
                &exception::OS_ERROR,
                format!(
                    "raw write() returned invalid length {n} (should have been between 0 and {})",
                    pending.len()
                ),
            ));
        }
        b.wbuf.borrow_mut().drain(..n as usize);
    }
}

/// Gives the unread read-ahead back to the raw stream (before writing or truncating).
fn drop_read_ahead(vm: &mut Vm, b: &Buffered, raw: &Value) -> PyResult<()> {
    let unread = b.unread();
    if unread > 0 {
        vm.call_method(
            raw,
            "seek",
            &[int::from_i64(-(unread as i64)), int::from_i64(1)],
        )?;
    }
    b.rbuf.borrow_mut().clear();
    b.rpos.set(0);
    Ok(())
}

fn new_buffered(cls: &TypeObject, readable: bool, writable: bool) -> Value {
    new_stream(
        cls,
        &BUFFERED_STATE_TYPE,
        Buffered {
            raw: RefCell::new(None),
            readable,
            writable,
            size: Cell::new(DEFAULT_BUFFER_SIZE),
            rbuf: RefCell::new(Vec::new()),
            rpos: Cell::new(0),
            wbuf: RefCell::new(Vec::new()),
        },
    )
}

fn class_flags(cls: &TypeObject) -> (bool, bool) {
    if cls.is_subtype(&BUFFERED_RANDOM_TYPE) {
        (true, true)
    } else if cls.is_subtype(&BUFFERED_WRITER_TYPE) {
        (false, true)
    } else {
        (true, false)
    }
}

fn buffered_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("__new__(X): X is not a type object"))?;
    let (r, w) = class_flags(cls);
    Ok(new_buffered(cls, r, w))
}

fn check_raw_flag(vm: &mut Vm, raw: &Value, method: &str, msg: &str) -> PyResult<()> {
    let r = vm.call_method(raw, method, &[])?;
    if !vm.truthy(&r)? {
        return Err(unsupported(msg));
    }
    Ok(())
}

fn buffered_init(vm: &mut Vm, args: Args) -> PyResult {
    let this_name = args.values[0].ty().name().to_string();
    let bnd = args.bind(&this_name, &["self", "raw", "buffer_size"], 2)?;
    let this = bnd[0].clone().expect("self");
    let b = me(&this)?;
    let raw = bnd[1].clone().expect("raw");
    if b.seekable_required() {
        check_raw_flag(vm, &raw, "seekable", "File or stream is not seekable.")?;
    }
    if b.readable {
        check_raw_flag(vm, &raw, "readable", "File or stream is not readable.")?;
    }
    if b.writable {
        check_raw_flag(vm, &raw, "writable", "File or stream is not writable.")?;
    }
    let size = match &bnd[2] {
        Some(v) => vm.index_i64(v)?,
        None => DEFAULT_BUFFER_SIZE as i64,
    };
    if size <= 0 {
        return Err(value_error("buffer size must be strictly positive"));
    }
    b.size.set(size as usize);
    *b.raw.borrow_mut() = Some(raw);
    b.rbuf.borrow_mut().clear();
    b.rpos.set(0);
    b.wbuf.borrow_mut().clear();
    Ok(none())
}

impl Buffered {
    fn seekable_required(&self) -> bool {
        self.readable && self.writable
    }
}

fn check_readable(b: &Buffered) -> PyResult<()> {
    if !b.readable {
        return Err(unsupported("read"));
    }
    Ok(())
}

fn read_all(vm: &mut Vm, b: &Buffered, raw: &Value) -> PyResult {
    let mut out = b.take_read(usize::MAX);
    if let Some(f) = vm.getattr_opt(raw, "readall")? {
        let r = vm.call(&f, &[])?;
        if r.is_none() {
            return Ok(if out.is_empty() {
                none()
            } else {
                bytes::new_bytes(out)
            });
        }
        out.extend(
            bytes::bytes_like(&r).ok_or_else(|| type_error("readall() should return bytes"))?,
        );
        return Ok(bytes::new_bytes(out));
    }
    loop {
        match raw_read(vm, raw, b.size.get())? {
            None if out.is_empty() => return Ok(none()),
            None => break,
            Some(d) if d.is_empty() => break,
            Some(d) => out.extend(d),
        }
    }
    Ok(bytes::new_bytes(out))
}

fn buffered_read(vm: &mut Vm, args: Args) -> PyResult {
    let bnd = args.bind("read", &["self", "size"], 1)?;
    let b = me(bnd[0].as_ref().expect("self"))?;
    check_readable(b)?;
    let n = size_arg(vm, bnd[1].as_ref())?;
    if n < -1 {
        return Err(value_error("read length must be non-negative or -1"));
    }
    let raw = check_closed(vm, b, "read")?;
    flush_writes(vm, b, &raw)?;
    if n < 0 {
        return read_all(vm, b, &raw);
    }
    let n = n as usize;
    while b.unread() < n {
        let want = (n - b.unread()).max(b.size.get());
        match raw_read(vm, &raw, want)? {
            None if b.unread() == 0 => return Ok(none()),
            None => break,
            Some(d) if d.is_empty() => break,
            Some(d) => b.push_read(&d),
        }
    }
    Ok(bytes::new_bytes(b.take_read(n)))
}

fn buffered_read1(vm: &mut Vm, args: Args) -> PyResult {
    let bnd = args.bind("read1", &["self", "size"], 1)?;
    let b = me(bnd[0].as_ref().expect("self"))?;
    check_readable(b)?;
    let n = size_arg(vm, bnd[1].as_ref())?;
    let raw = check_closed(vm, b, "read of closed file")?;
    let n = if n < 0 { b.size.get() } else { n as usize };
    if n == 0 {
        return Ok(bytes::new_bytes(Vec::new()));
    }
    flush_writes(vm, b, &raw)?;
    if b.unread() == 0 {
        if let Some(d) = raw_read(vm, &raw, n.max(b.size.get()))? {
            b.push_read(&d);
        }
    }
    Ok(bytes::new_bytes(b.take_read(n)))
}

fn buffered_peek(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("peek", 1, 2)?;
    let b = me(&a[0])?;
    check_readable(b)?;
    let raw = check_closed(vm, b, "peek")?;
    flush_writes(vm, b, &raw)?;
    if b.unread() == 0 {
        if let Some(d) = raw_read(vm, &raw, b.size.get())? {
            b.push_read(&d);
        }
    }
    let buf = b.rbuf.borrow();
    Ok(bytes::new_bytes(buf[b.rpos.get()..].to_vec()))
}

fn buffered_readline(vm: &mut Vm, args: Args) -> PyResult {
    let bnd = args.bind("readline", &["self", "size"], 1)?;
    let b = me(bnd[0].as_ref().expect("self"))?;
    check_readable(b)?;
    let limit = size_arg(vm, bnd[1].as_ref())?;
    let raw = check_closed(vm, b, "readline")?;
    flush_writes(vm, b, &raw)?;
    let mut scanned = 0;
    loop {
        let found = {
            let buf = b.rbuf.borrow();
            let avail = &buf[b.rpos.get()..];
            avail[scanned..]
                .iter()
                .position(|&c| c == b'\n')
                .map(|i| scanned + i + 1)
        };
        let avail = b.unread();
        let end = match found {
            Some(e) => Some(e),
            None if limit >= 0 && avail >= limit as usize => Some(limit as usize),
            None => None,
        };
        if let Some(mut e) = end {
            if limit >= 0 {
                e = e.min(limit as usize);
            }
            return Ok(bytes::new_bytes(b.take_read(e)));
        }
        scanned = avail;
        match raw_read(vm, &raw, b.size.get())? {
            Some(d) if !d.is_empty() => b.push_read(&d),
            _ => return Ok(bytes::new_bytes(b.take_read(usize::MAX))),
        }
    }
}

fn buffered_readinto_with(vm: &mut Vm, args: &Args, one: bool) -> PyResult {
    let a = args.check_count("readinto", 2, 2)?;
    let n = writable_size(vm, &a[1])?;
    let r = if one {
        buffered_read1(vm, Args::new(&[a[0].clone(), int::from_usize(n)]))?
    } else {
        buffered_read(vm, Args::new(&[a[0].clone(), int::from_usize(n)]))?
    };
    if r.is_none() {
        return Ok(none());
    }
    let d = bytes::bytes_like(&r).unwrap_or_default();
    Ok(int::from_usize(fill_buffer(vm, &a[1], &d)?))
}

fn buffered_readinto(vm: &mut Vm, args: Args) -> PyResult {
    buffered_readinto_with(vm, &args, false)
}

fn buffered_readinto1(vm: &mut Vm, args: Args) -> PyResult {
    buffered_readinto_with(vm, &args, true)
}

fn buffered_write(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("write", 2, 2)?;
    let b = me(&a[0])?;
    if !b.writable {
        return Err(unsupported("write"));
    }
    let data = bytes_arg(&a[1])?;
    let raw = check_closed(vm, b, "write to closed file")
        .map_err(|_| value_error("write to closed file"))?;
    if b.unread() > 0 || !b.rbuf.borrow().is_empty() {
        drop_read_ahead(vm, b, &raw)?;
    }
    b.wbuf.borrow_mut().extend_from_slice(&data);
    if b.wbuf.borrow().len() >= b.size.get() {
        flush_writes(vm, b, &raw)?;
    }
    Ok(int::from_usize(data.len()))
}

/// Whether `v` is a `BufferedWriter` over a `FileIO` (the classes themselves): the text layer
/// then writes to it and flushes it without a Python call.
pub(super) fn is_native_writer(v: &Value) -> bool {
    v.is_type(&BUFFERED_WRITER_TYPE)
        && me(v)
            .ok()
            .and_then(|b| b.raw.borrow().clone())
            .is_some_and(|r| super::fileio::is_native(&r))
}

/// Whether a native writer's file is closed (or detached).
pub(super) fn native_is_closed(v: &Value) -> bool {
    me(v)
        .ok()
        .and_then(|b| b.raw.borrow().clone())
        .is_none_or(|r| super::fileio::is_closed(&r))
}

/// `write(data)` on a native writer (`is_native_writer`).
pub(super) fn write_native(vm: &mut Vm, v: &Value, data: &[u8]) -> PyResult<()> {
    let b = me(v)?;
    let raw = b.raw()?;
    let full = {
        let mut w = b.wbuf.borrow_mut();
        w.extend_from_slice(data);
        w.len() >= b.size.get()
    };
    if full {
        flush_writes(vm, b, &raw)?;
    }
    Ok(())
}

/// `flush()` on a native writer.
pub(super) fn flush_native(vm: &mut Vm, v: &Value) -> PyResult<()> {
    let b = me(v)?;
    let raw = b.raw()?;
    flush_writes(vm, b, &raw)
}

fn buffered_flush(vm: &mut Vm, args: Args) -> PyResult {
    let b = me(&args.values[0])?;
    let raw = b.raw()?;
    let c = vm.getattr(&raw, "closed")?;
    if vm.truthy(&c)? {
        if b.writable {
            return Err(value_error("flush of closed file"));
        }
        return Ok(none());
    }
    flush_writes(vm, b, &raw)?;
    if b.writable {
        if let Some(f) = vm.getattr_opt(&raw, "flush")? {
            vm.call(&f, &[])?;
        }
    }
    Ok(none())
}

fn buffered_seek(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("seek", 2, 3)?;
    let b = me(&a[0])?;
    let whence = match a.get(2) {
        Some(w) => vm.index_i64(w)?,
        None => 0,
    };
    if !(0..=2).contains(&whence) {
        return Err(value_error(format!("whence value {whence} unsupported")));
    }
    let raw = check_closed(vm, b, "seek")?;
    if float::as_f64(&a[1]).is_some() {
        return Err(type_error("an integer is required"));
    }
    let mut pos = vm.index_i64(&a[1])?;
    flush_writes(vm, b, &raw)?;
    if whence == 1 {
        pos -= b.unread() as i64;
    }
    b.rbuf.borrow_mut().clear();
    b.rpos.set(0);
    vm.call_method(&raw, "seek", &[int::from_i64(pos), int::from_i64(whence)])
}

fn buffered_tell(vm: &mut Vm, args: Args) -> PyResult {
    let b = me(&args.values[0])?;
    let raw = b.raw()?;
    let r = vm.call_method(&raw, "tell", &[])?;
    let pos = vm.index_i64(&r)?;
    if pos < 0 {
        return Err(PyErr::new(
            &exception::OS_ERROR,
            format!("Raw stream returned invalid position {pos}"),
        ));
    }
    let logical = pos - b.unread() as i64 + b.wbuf.borrow().len() as i64;
    Ok(int::from_i64(logical.max(0)))
}

fn buffered_truncate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("truncate", 1, 2)?;
    let b = me(&a[0])?;
    if !b.writable {
        return Err(unsupported("truncate"));
    }
    let raw = check_closed(vm, b, "truncate")?;
    flush_writes(vm, b, &raw)?;
    drop_read_ahead(vm, b, &raw)?;
    let pos = match a.get(1) {
        Some(p) if !p.is_none() => p.clone(),
        _ => vm.call_method(&raw, "tell", &[])?,
    };
    vm.call_method(&raw, "truncate", &[pos])
}

fn buffered_close(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let b = me(this)?;
    let raw = b.raw()?;
    let c = vm.getattr(&raw, "closed")?;
    if vm.truthy(&c)? {
        return Ok(none());
    }
    let flushed = vm.call_method(this, "flush", &[]);
    let closed = vm.call_method(&raw, "close", &[]);
    b.rbuf.borrow_mut().clear();
    b.rpos.set(0);
    match (flushed, closed) {
        (Err(e), Ok(_)) => Err(e),
        (Err(first), Err(second)) => {
            super::chain(&second, &first);
            Err(second)
        }
        (Ok(_), r) => r.map(|_| none()),
    }
}

fn buffered_detach(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    vm.call_method(this, "flush", &[])?;
    let b = me(this)?;
    let raw = b.raw()?;
    *b.raw.borrow_mut() = None;
    Ok(raw)
}

macro_rules! delegate {
    ($name:ident, $method:literal) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let raw = me(&args.values[0])?.raw()?;
            vm.call_method(&raw, $method, &[])
        }
    };
}
delegate!(buffered_fileno, "fileno");
delegate!(buffered_isatty, "isatty");
delegate!(buffered_seekable, "seekable");

fn buffered_readable(vm: &mut Vm, args: Args) -> PyResult {
    let b = me(&args.values[0])?;
    let raw = b.raw()?;
    if !b.readable {
        return Ok(bool_value(false));
    }
    vm.call_method(&raw, "readable", &[])
}

fn buffered_writable(vm: &mut Vm, args: Args) -> PyResult {
    let b = me(&args.values[0])?;
    let raw = b.raw()?;
    if !b.writable {
        return Ok(bool_value(false));
    }
    vm.call_method(&raw, "writable", &[])
}

fn buffered_raw(_vm: &mut Vm, this: &Value) -> PyResult {
    me(this)?.raw()
}

fn buffered_closed(vm: &mut Vm, this: &Value) -> PyResult {
    let raw = me(this)?.raw()?;
    vm.getattr(&raw, "closed")
}

fn buffered_name(vm: &mut Vm, this: &Value) -> PyResult {
    let raw = me(this)?.raw()?;
    vm.getattr(&raw, "name")
}

fn buffered_mode(vm: &mut Vm, this: &Value) -> PyResult {
    let raw = me(this)?.raw()?;
    vm.getattr(&raw, "mode")
}

fn buffered_repr(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let cls = this.ty().name().to_string();
    let qual = if this.ty().module.borrow().as_ref() == "_io" {
        format!("_io.{cls}")
    } else {
        cls
    };
    let name = match vm.getattr_opt(this, "name") {
        Ok(Some(n)) => Some(vm.repr(&n)?),
        Ok(None) => None,
        Err(e) if e.is_instance(&exception::VALUE_ERROR) => None,
        Err(e) => return Err(e),
    };
    Ok(str::from_string(match name {
        Some(n) => format!("<{qual} name={}>", str::as_str(&n).unwrap_or("?")),
        None => format!("<{qual}>"),
    }))
}

fn buffered_getstate(_vm: &mut Vm, args: Args) -> PyResult {
    Err(type_error(format!(
        "cannot pickle '{}' object",
        args.values[0].ty().name()
    )))
}

fn buffered_next(vm: &mut Vm, args: Args) -> PyResult {
    let line = vm.call_method(&args.values[0], "readline", &[])?;
    if vm.len(&line)? == 0 {
        return Err(PyErr::new(&exception::STOP_ITERATION, ""));
    }
    Ok(line)
}

fn buffered_dealloc_warn(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

// ---- BufferedRWPair ----

struct RwPair {
    reader: RefCell<Option<Value>>,
    writer: RefCell<Option<Value>>,
}

impl NativeData for RwPair {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for v in [&self.reader, &self.writer] {
            if let Some(v) = &*v.borrow() {
                visit(v);
            }
        }
    }

    fn clear(&self, out: &mut Vec<Value>) {
        out.extend(self.reader.borrow_mut().take());
        out.extend(self.writer.borrow_mut().take());
    }
}

fn pair(v: &Value) -> PyResult<(Value, Value)> {
    let p = state::<RwPair>(v, "BufferedRWPair")?;
    match (&*p.reader.borrow(), &*p.writer.borrow()) {
        (Some(r), Some(w)) => Ok((r.clone(), w.clone())),
        _ => Err(value_error("I/O operation on uninitialized object")),
    }
}

fn rwpair_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("__new__(X): X is not a type object"))?;
    Ok(new_stream(
        cls,
        &RWPAIR_STATE_TYPE,
        RwPair {
            reader: RefCell::new(None),
            writer: RefCell::new(None),
        },
    ))
}

fn rwpair_init(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("BufferedRWPair", 3, 4)?;
    let size = a
        .get(3)
        .cloned()
        .unwrap_or_else(|| int::from_usize(DEFAULT_BUFFER_SIZE));
    let reader = vm.call(
        &BUFFERED_READER_TYPE.to_value(),
        &[a[1].clone(), size.clone()],
    )?;
    let writer = vm.call(&BUFFERED_WRITER_TYPE.to_value(), &[a[2].clone(), size])?;
    let p = state::<RwPair>(&a[0], "BufferedRWPair")?;
    *p.reader.borrow_mut() = Some(reader);
    *p.writer.borrow_mut() = Some(writer);
    Ok(none())
}

macro_rules! to_reader {
    ($name:ident, $method:literal) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let (r, _) = pair(&args.values[0])?;
            let f = vm.getattr(&r, $method)?;
            vm.call_with(&f, Args::with_kwnames(&args.values[1..], args.kwnames))
        }
    };
}
macro_rules! to_writer {
    ($name:ident, $method:literal) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let (_, w) = pair(&args.values[0])?;
            let f = vm.getattr(&w, $method)?;
            vm.call_with(&f, Args::with_kwnames(&args.values[1..], args.kwnames))
        }
    };
}
to_reader!(rwpair_read, "read");
to_reader!(rwpair_peek, "peek");
to_reader!(rwpair_read1, "read1");
to_reader!(rwpair_readinto, "readinto");
to_reader!(rwpair_readinto1, "readinto1");
to_reader!(rwpair_readable, "readable");
to_writer!(rwpair_write, "write");
to_writer!(rwpair_flush, "flush");
to_writer!(rwpair_writable, "writable");

fn rwpair_isatty(vm: &mut Vm, args: Args) -> PyResult {
    let (r, w) = pair(&args.values[0])?;
    let x = vm.call_method(&w, "isatty", &[])?;
    if vm.truthy(&x)? {
        return Ok(x);
    }
    vm.call_method(&r, "isatty", &[])
}

fn rwpair_close(vm: &mut Vm, args: Args) -> PyResult {
    let (r, w) = pair(&args.values[0])?;
    let first = vm.call_method(&w, "close", &[]);
    let second = vm.call_method(&r, "close", &[]);
    match (first, second) {
        (Err(e1), Err(e2)) => {
            super::chain(&e2, &e1);
            Err(e2)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
        _ => Ok(none()),
    }
}

fn rwpair_closed(vm: &mut Vm, this: &Value) -> PyResult {
    let (_, w) = pair(this)?;
    vm.getattr(&w, "closed")
}

pub fn install() {
    let common = {
        methods![
            MethodDef::static_("__new__", buffered_new),
            MethodDef::method("__init__", buffered_init),
            MethodDef::method("read", buffered_read),
            MethodDef::method("read1", buffered_read1),
            MethodDef::method("peek", buffered_peek),
            MethodDef::method("readline", buffered_readline),
            MethodDef::method("readinto", buffered_readinto),
            MethodDef::method("readinto1", buffered_readinto1),
            MethodDef::method("write", buffered_write),
            MethodDef::method("flush", buffered_flush),
            MethodDef::method("seek", buffered_seek),
            MethodDef::method("tell", buffered_tell),
            MethodDef::method("truncate", buffered_truncate),
            MethodDef::method("close", buffered_close),
            MethodDef::method("detach", buffered_detach),
            MethodDef::method("fileno", buffered_fileno),
            MethodDef::method("isatty", buffered_isatty),
            MethodDef::method("seekable", buffered_seekable),
            MethodDef::method("readable", buffered_readable),
            MethodDef::method("writable", buffered_writable),
            MethodDef::method("__repr__", buffered_repr),
            MethodDef::method("__getstate__", buffered_getstate),
            MethodDef::method("__next__", buffered_next),
            MethodDef::method("_dealloc_warn", buffered_dealloc_warn),
        ]
    };
    let getsets = {
        getsets![
            GetSetDef::readonly("raw", buffered_raw),
            GetSetDef::readonly("closed", buffered_closed),
            GetSetDef::readonly("name", buffered_name),
            GetSetDef::readonly("mode", buffered_mode),
        ]
    };
    for ty in [
        &BUFFERED_READER_TYPE,
        &BUFFERED_WRITER_TYPE,
        &BUFFERED_RANDOM_TYPE,
    ] {
        crate::object::native::install_native_type(&TypeSpec {
            ty,
            methods: common,
            getsets,
            doc: Some("A buffer for a raw binary stream."),
        });
    }
    crate::object::native::install_native_type(&TypeSpec {
        ty: &BUFFERED_RWPAIR_TYPE,
        methods: methods![
            MethodDef::static_("__new__", rwpair_new),
            MethodDef::method("__init__", rwpair_init),
            MethodDef::method("read", rwpair_read),
            MethodDef::method("peek", rwpair_peek),
            MethodDef::method("read1", rwpair_read1),
            MethodDef::method("readinto", rwpair_readinto),
            MethodDef::method("readinto1", rwpair_readinto1),
            MethodDef::method("readable", rwpair_readable),
            MethodDef::method("write", rwpair_write),
            MethodDef::method("flush", rwpair_flush),
            MethodDef::method("writable", rwpair_writable),
            MethodDef::method("isatty", rwpair_isatty),
            MethodDef::method("close", rwpair_close),
        ],
        getsets: getsets![GetSetDef::readonly("closed", rwpair_closed)],
        doc: Some("A buffered reader and writer object together."),
    });
}
