//! `zlib`, CPython's C module under `gzip`, `zipfile`, `tarfile` and `shutil`'s archives,
//! over `libz-rs-sys` (zlib-rs: zlib's C interface written in Rust), driven the way
//! CPython's `zlibmodule.c` drives zlib, so streams, flush modes, strategies, dictionaries,
//! `copy()` and the error messages are zlib's own: one-shot `compress`/`decompress`, the
//! streaming `compressobj`/`decompressobj` objects, and `crc32`/`adler32`.

use std::cell::{Cell, RefCell};
use std::ffi::c_int;

use libz_rs_sys as z;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::os::zlib::{Step, ZStream};
use crate::vm::Vm;

pub static COMPRESS_TYPE: TypeObject =
    TypeObject::new_static("Compress", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static DECOMPRESS_TYPE: TypeObject =
    TypeObject::new_static("Decompress", Layout::Native, Some(&OBJECT_TYPE), 0);

const DEF_BUF_SIZE: usize = 16384;
const MAX_WBITS: i64 = 15;
const DEF_MEM_LEVEL: i64 = 8;
/// The first output block, as CPython's blocks output buffer starts.
const FIRST_BLOCK: usize = 32 * 1024;
/// Output blocks grow to this size and no further.
const MAX_BLOCK: usize = 256 * 1024 * 1024;

thread_local! {
    static ERROR: RefCell<Option<Value>> = const { RefCell::new(None) };
}

fn error_class(msg: String) -> PyErr {
    let cls = ERROR.with(|e| e.borrow().clone());
    match cls.as_ref().and_then(|c| c.as_type()) {
        Some(t) => PyErr(exception::new_exception(t, vec![str::from_string(msg)])),
        None => PyErr::new(&exception::OS_ERROR, msg),
    }
}

/// `zlib.error` for return code `err`, worded as CPython's `zlib_error`.
fn zlib_error(stream_msg: Option<String>, err: c_int, what: &str) -> PyErr {
    let msg = if err == z::Z_VERSION_ERROR {
        Some("library version mismatch".to_string())
    } else {
        stream_msg.or_else(|| {
            match err {
                z::Z_BUF_ERROR => Some("incomplete or truncated stream"),
                z::Z_STREAM_ERROR => Some("inconsistent stream state"),
                z::Z_DATA_ERROR => Some("invalid input data"),
                _ => None,
            }
            .map(str::to_string)
        })
    };
    error_class(match msg {
        Some(m) => format!("Error {err} {what}: {m}"),
        None => format!("Error {err} {what}"),
    })
}

fn memory_error(msg: &str) -> PyErr {
    PyErr::new(&exception::MEMORY_ERROR, msg.to_string())
}

/// `zlib.error` for return code `err` of stream `zs`, with the stream's message.
fn stream_error(zs: &ZStream, err: c_int, what: &str) -> PyErr {
    zlib_error(zs.message(), err, what)
}

/// The output room calls get: `first` bytes for the first, then blocks that grow with the
/// output, never past `limit` bytes in all.
#[derive(Clone, Copy)]
struct Room {
    first: usize,
    limit: Option<usize>,
}

impl Room {
    /// The room for the next call, with `out` already holding what came before.
    fn after(self, out: &[u8]) -> usize {
        let room = if out.is_empty() {
            self.first.max(1)
        } else {
            out.len().clamp(FIRST_BLOCK, MAX_BLOCK)
        };
        match self.limit {
            Some(l) => room.min(l - out.len()),
            None => room,
        }
    }
}

/// One call of `deflate`/`inflate` over `input`, in the output room `room` gives after `out`.
fn step(zs: &mut ZStream, input: &mut &[u8], out: &mut Vec<u8>, room: Room, flush: c_int) -> Step {
    let n = room.after(out);
    zs.step(input, out, n, flush)
}

/// Deflates all of `data` with `flush` (CPython's loop: until the input is used up and the
/// output room was not filled).
fn deflate_all(zs: &mut ZStream, data: &[u8], flush: c_int) -> PyResult<Vec<u8>> {
    let mut input = data;
    let mut out = Vec::new();
    let room = Room {
        first: FIRST_BLOCK,
        limit: None,
    };
    loop {
        let s = step(zs, &mut input, &mut out, room, flush);
        if s.ret == z::Z_STREAM_ERROR {
            return Err(stream_error(zs, s.ret, "while compressing data"));
        }
        if !s.out_full && input.is_empty() {
            return Ok(out);
        }
    }
}

fn int_arg(vm: &mut Vm, v: &Option<Value>, default: i64) -> PyResult<c_int> {
    let i = match v {
        Some(x) => vm.index_i64(x)?,
        None => default,
    };
    c_int::try_from(i).map_err(|_| {
        exception::overflow_error(if i < 0 {
            "signed integer is less than minimum"
        } else {
            "signed integer is greater than maximum"
        })
    })
}

fn size_arg(vm: &mut Vm, v: &Option<Value>, default: i64) -> PyResult<i64> {
    match v {
        Some(x) => vm.index_i64(x),
        None => Ok(default),
    }
}

fn required(v: &Option<Value>) -> &Value {
    v.as_ref().expect("bound as required")
}

fn compress(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind_posonly("compress", &["data", "level", "wbits"], 1, 1)?;
    let data = bytes::bytes_like_arg(required(&b[0]))?;
    let level = int_arg(vm, &b[1], -1)?;
    let wbits = int_arg(vm, &b[2], MAX_WBITS)?;
    let mut zs = match ZStream::deflate(level, z::Z_DEFLATED, wbits, DEF_MEM_LEVEL as c_int, 0) {
        Ok(zs) => zs,
        Err(z::Z_MEM_ERROR) => return Err(memory_error("Out of memory while compressing data")),
        Err(z::Z_STREAM_ERROR) => return Err(error_class("Bad compression level".into())),
        Err(e) => return Err(zlib_error(None, e, "while compressing data")),
    };
    let out = deflate_all(&mut zs, &data, z::Z_FINISH)?;
    let err = zs.end();
    if err != z::Z_OK {
        return Err(stream_error(&zs, err, "while finishing compression"));
    }
    Ok(bytes::new_bytes(out))
}

fn decompress(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind_posonly("decompress", &["data", "wbits", "bufsize"], 1, 1)?;
    let data = bytes::bytes_like_arg(required(&b[0]))?;
    let wbits = int_arg(vm, &b[1], MAX_WBITS)?;
    let bufsize = size_arg(vm, &b[2], DEF_BUF_SIZE as i64)?;
    if bufsize < 0 {
        return Err(value_error("bufsize must be non-negative"));
    }
    let first = (bufsize as usize).clamp(1, MAX_BLOCK);
    let mut zs = match ZStream::inflate(wbits) {
        Ok(zs) => zs,
        Err(z::Z_MEM_ERROR) => return Err(memory_error("Out of memory while decompressing data")),
        Err(e) => return Err(zlib_error(None, e, "while preparing to decompress data")),
    };
    let mut input = &data[..];
    let mut out = Vec::new();
    let mut ret;
    loop {
        let s = step(
            &mut zs,
            &mut input,
            &mut out,
            Room { first, limit: None },
            z::Z_FINISH,
        );
        ret = s.ret;
        match ret {
            z::Z_OK | z::Z_BUF_ERROR | z::Z_STREAM_END => {}
            z::Z_MEM_ERROR => return Err(memory_error("Out of memory while decompressing data")),
            _ => return Err(stream_error(&zs, ret, "while decompressing data")),
        }
        if s.out_full {
            continue;
        }
        if ret == z::Z_STREAM_END || input.is_empty() {
            break;
        }
    }
    if ret != z::Z_STREAM_END {
        return Err(stream_error(&zs, ret, "while decompressing data"));
    }
    let err = zs.end();
    if err != z::Z_OK {
        return Err(stream_error(&zs, err, "while finishing decompression"));
    }
    Ok(bytes::new_bytes(out))
}

// ---- Compress and Decompress objects ----

/// CPython's `compobject`, for both directions.
struct ZObject {
    zs: RefCell<ZStream>,
    unused_data: RefCell<Value>,
    unconsumed_tail: RefCell<Value>,
    eof: Cell<bool>,
    /// The decompressor's dictionary, read again whenever zlib asks for it.
    zdict: Option<Value>,
}

impl NativeData for ZObject {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(d) = &self.zdict {
            visit(d);
        }
    }
}

fn new_zobject(ty: &TypeObject, zs: ZStream, zdict: Option<Value>) -> Value {
    new_native(
        ty,
        ZObject {
            zs: RefCell::new(zs),
            unused_data: RefCell::new(bytes::new_bytes(Vec::new())),
            unconsumed_tail: RefCell::new(bytes::new_bytes(Vec::new())),
            eof: Cell::new(false),
            zdict,
        },
    )
}

fn zobject<'a>(v: &'a Value, ty: &TypeObject) -> PyResult<&'a ZObject> {
    native_ref::<ZObject>(v)
        .filter(|_| v.ty().is_subtype(ty))
        .ok_or_else(|| type_error(format!("{} object expected", ty.name())))
}

fn compressobj(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind(
        "compressobj",
        &["level", "method", "wbits", "memLevel", "strategy", "zdict"],
        0,
    )?;
    let level = int_arg(vm, &b[0], -1)?;
    let method = int_arg(vm, &b[1], z::Z_DEFLATED as i64)?;
    let wbits = int_arg(vm, &b[2], MAX_WBITS)?;
    let mem = int_arg(vm, &b[3], DEF_MEM_LEVEL)?;
    let strategy = int_arg(vm, &b[4], 0)?;
    let zdict = match &b[5] {
        Some(d) if !d.is_none() => Some(bytes::bytes_like_arg(d)?),
        _ => None,
    };
    if zdict.as_ref().is_some_and(|d| d.len() > u32::MAX as usize) {
        return Err(exception::overflow_error(
            "zdict length does not fit in an unsigned int",
        ));
    }
    let mut zs = match ZStream::deflate(level, method, wbits, mem, strategy) {
        Ok(zs) => zs,
        Err(z::Z_MEM_ERROR) => {
            return Err(memory_error("Can't allocate memory for compression object"))
        }
        Err(z::Z_STREAM_ERROR) => return Err(value_error("Invalid initialization option")),
        Err(e) => return Err(zlib_error(None, e, "while creating compression object")),
    };
    if let Some(d) = zdict {
        match zs.set_dictionary(&d) {
            z::Z_OK => {}
            z::Z_STREAM_ERROR => return Err(value_error("Invalid dictionary")),
            _ => return Err(value_error("deflateSetDictionary()")),
        }
    }
    Ok(new_zobject(&COMPRESS_TYPE, zs, None))
}

fn decompressobj(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("decompressobj", &["wbits", "zdict"], 0)?;
    let wbits = int_arg(vm, &b[0], MAX_WBITS)?;
    let zdict = b[1].clone();
    if let Some(d) = &zdict {
        if bytes::buffer_of(d).is_none() && bytes::bytes_like(d).is_none() {
            return Err(type_error(
                "zdict argument must support the buffer protocol",
            ));
        }
    }
    let mut zs = match ZStream::inflate(wbits) {
        Ok(zs) => zs,
        Err(z::Z_STREAM_ERROR) => return Err(value_error("Invalid initialization option")),
        Err(z::Z_MEM_ERROR) => {
            return Err(memory_error(
                "Can't allocate memory for decompression object",
            ))
        }
        Err(e) => return Err(zlib_error(None, e, "while creating decompression object")),
    };
    if let (Some(d), true) = (&zdict, wbits < 0) {
        set_inflate_zdict(&mut zs, d)?;
    }
    Ok(new_zobject(&DECOMPRESS_TYPE, zs, zdict))
}

fn set_inflate_zdict(zs: &mut ZStream, zdict: &Value) -> PyResult<()> {
    let d = bytes::bytes_like_arg(zdict)?;
    if d.len() > u32::MAX as usize {
        return Err(exception::overflow_error(
            "zdict length does not fit in an unsigned int",
        ));
    }
    match zs.set_dictionary(&d) {
        z::Z_OK => Ok(()),
        err => Err(stream_error(zs, err, "while setting zdict")),
    }
}

fn cobj_compress(_vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind_posonly("compress", &["self", "data"], 2, 2)?;
    let o = zobject(required(&b[0]), &COMPRESS_TYPE)?;
    let data = bytes::bytes_like_arg(required(&b[1]))?;
    let mut zs = o.zs.borrow_mut();
    let out = deflate_all(&mut zs, &data, z::Z_NO_FLUSH)?;
    Ok(bytes::new_bytes(out))
}

fn cobj_flush(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind_posonly("flush", &["self", "mode"], 2, 1)?;
    let o = zobject(required(&b[0]), &COMPRESS_TYPE)?;
    let mode = int_arg(vm, &b[1], z::Z_FINISH as i64)?;
    if mode == z::Z_NO_FLUSH {
        return Ok(bytes::new_bytes(Vec::new()));
    }
    let mut zs = o.zs.borrow_mut();
    let mut out = Vec::new();
    let mut ret;
    loop {
        let s = step(
            &mut zs,
            &mut &[][..],
            &mut out,
            Room {
                first: FIRST_BLOCK,
                limit: None,
            },
            mode,
        );
        ret = s.ret;
        if ret == z::Z_STREAM_ERROR {
            return Err(stream_error(&zs, ret, "while flushing"));
        }
        if !s.out_full {
            break;
        }
    }
    if ret == z::Z_STREAM_END && mode == z::Z_FINISH {
        let err = zs.end();
        if err != z::Z_OK {
            return Err(stream_error(&zs, err, "while finishing compression"));
        }
    } else if ret != z::Z_OK && ret != z::Z_BUF_ERROR {
        return Err(stream_error(&zs, ret, "while flushing"));
    }
    Ok(bytes::new_bytes(out))
}

/// `copy()`, `__copy__` and `__deepcopy__` of either object.
fn zobj_copy(this: &Value, ty: &'static TypeObject) -> PyResult {
    let o = zobject(this, ty)?;
    let what = if std::ptr::eq(ty, &COMPRESS_TYPE) {
        "compression"
    } else {
        "decompression"
    };
    let mut zs = o.zs.borrow_mut();
    let copy = match zs.copy() {
        Ok(c) => c,
        Err(z::Z_STREAM_ERROR) => return Err(value_error("Inconsistent stream state")),
        Err(z::Z_MEM_ERROR) => {
            return Err(memory_error(&format!(
                "Can't allocate memory for {what} object"
            )))
        }
        Err(e) => {
            return Err(stream_error(
                &zs,
                e,
                &format!("while copying {what} object"),
            ))
        }
    };
    let v = new_zobject(ty, copy, o.zdict.clone());
    let c = zobject(&v, ty)?;
    *c.unused_data.borrow_mut() = o.unused_data.borrow().clone();
    *c.unconsumed_tail.borrow_mut() = o.unconsumed_tail.borrow().clone();
    c.eof.set(o.eof.get());
    Ok(v)
}

fn cobj_copy(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("copy", 1, 2)?;
    zobj_copy(&a[0], &COMPRESS_TYPE)
}

fn dobj_copy(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("copy", 1, 2)?;
    zobj_copy(&a[0], &DECOMPRESS_TYPE)
}

/// CPython's `save_unconsumed_input`: after the stream's end, what is left of `rest` goes to
/// `unused_data`; input left unread (or an old tail) becomes `unconsumed_tail`.
fn save_unconsumed_input(o: &ZObject, rest: &[u8], ret: c_int) {
    let mut left_unread = !rest.is_empty();
    if ret == z::Z_STREAM_END && !rest.is_empty() {
        let mut unused = bytes::as_bytes(&o.unused_data.borrow())
            .unwrap_or(&[])
            .to_vec();
        unused.extend_from_slice(rest);
        *o.unused_data.borrow_mut() = bytes::new_bytes(unused);
        left_unread = false;
    }
    let old_tail = bytes::as_bytes(&o.unconsumed_tail.borrow()).is_some_and(|t| !t.is_empty());
    if left_unread || old_tail {
        *o.unconsumed_tail.borrow_mut() = bytes::new_bytes(rest.to_vec());
    }
}

fn dobj_decompress(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind_posonly("decompress", &["self", "data", "max_length"], 2, 2)?;
    let o = zobject(required(&b[0]), &DECOMPRESS_TYPE)?;
    let data = bytes::bytes_like_arg(required(&b[1]))?;
    let max_length = size_arg(vm, &b[2], 0)?;
    if max_length < 0 {
        return Err(value_error("max_length must be non-negative"));
    }
    let limit = (max_length > 0).then_some(max_length as usize);
    let mut zs = o.zs.borrow_mut();
    let mut input = &data[..];
    let mut out = Vec::new();
    let mut ret = z::Z_OK;
    'feed: loop {
        loop {
            if limit == Some(out.len()) {
                break 'feed;
            }
            let s = step(
                &mut zs,
                &mut input,
                &mut out,
                Room {
                    first: FIRST_BLOCK,
                    limit,
                },
                z::Z_SYNC_FLUSH,
            );
            ret = s.ret;
            match ret {
                z::Z_OK | z::Z_BUF_ERROR | z::Z_STREAM_END => {}
                z::Z_NEED_DICT if o.zdict.is_some() => {
                    set_inflate_zdict(&mut zs, o.zdict.as_ref().expect("checked"))?;
                    continue;
                }
                _ => break 'feed,
            }
            if !s.out_full {
                break;
            }
        }
        if ret == z::Z_STREAM_END || input.is_empty() {
            break;
        }
    }
    save_unconsumed_input(o, input, ret);
    if ret == z::Z_STREAM_END {
        o.eof.set(true);
    } else if ret != z::Z_OK && ret != z::Z_BUF_ERROR {
        return Err(stream_error(&zs, ret, "while decompressing data"));
    }
    Ok(bytes::new_bytes(out))
}

fn dobj_flush(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind_posonly("flush", &["self", "length"], 2, 1)?;
    let o = zobject(required(&b[0]), &DECOMPRESS_TYPE)?;
    let length = size_arg(vm, &b[1], DEF_BUF_SIZE as i64)?;
    if length <= 0 {
        return Err(value_error("length must be greater than zero"));
    }
    let first = (length as usize).min(MAX_BLOCK);
    let tail = o.unconsumed_tail.borrow().clone();
    let data = bytes::as_bytes(&tail).unwrap_or(&[]);
    let mut zs = o.zs.borrow_mut();
    let mut input = data;
    let mut out = Vec::new();
    let mut ret;
    'feed: loop {
        loop {
            let s = step(
                &mut zs,
                &mut input,
                &mut out,
                Room { first, limit: None },
                z::Z_FINISH,
            );
            ret = s.ret;
            if !matches!(ret, z::Z_OK | z::Z_BUF_ERROR | z::Z_STREAM_END) {
                break 'feed;
            }
            if !s.out_full {
                break;
            }
        }
        if ret == z::Z_STREAM_END || input.is_empty() {
            break;
        }
    }
    save_unconsumed_input(o, input, ret);
    if ret == z::Z_STREAM_END {
        o.eof.set(true);
        let err = zs.end();
        if err != z::Z_OK {
            return Err(stream_error(&zs, err, "while finishing decompression"));
        }
    }
    Ok(bytes::new_bytes(out))
}

fn dobj_unused_data(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(zobject(this, &DECOMPRESS_TYPE)?
        .unused_data
        .borrow()
        .clone())
}

fn dobj_unconsumed_tail(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(zobject(this, &DECOMPRESS_TYPE)?
        .unconsumed_tail
        .borrow()
        .clone())
}

fn dobj_eof(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(zobject(this, &DECOMPRESS_TYPE)?.eof.get()))
}

// ---- checksums ----

fn crc32(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("crc32", 1, 2)?;
    let data = bytes::bytes_like_arg(&a[0])?;
    let start = match a.get(1) {
        Some(v) => (int::as_bigint(&vm.index(v)?).unwrap_or_default()
            & num_bigint::BigInt::from(0xffff_ffffu32))
        .try_into()
        .unwrap_or(0u32),
        None => 0,
    };
    let mut h = crc32fast::Hasher::new_with_initial(start);
    h.update(&data);
    Ok(int::from_i64(h.finalize() as i64))
}

fn adler32(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("adler32", 1, 2)?;
    let data = bytes::bytes_like_arg(&a[0])?;
    let start: u32 = match a.get(1) {
        Some(v) => (int::as_bigint(&vm.index(v)?).unwrap_or_default()
            & num_bigint::BigInt::from(0xffff_ffffu32))
        .try_into()
        .unwrap_or(1),
        None => 1,
    };
    let (mut s1, mut s2) = (start & 0xffff, start >> 16);
    for chunk in data.chunks(5552) {
        for &b in chunk {
            s1 += b as u32;
            s2 += s1;
        }
        s1 %= 65521;
        s2 %= 65521;
    }
    Ok(int::from_i64(((s2 << 16) | s1) as i64))
}

/// Creates the `zlib` module.
pub fn new_module(vm: &mut Vm) -> PyResult {
    install_native_type(&TypeSpec {
        ty: &COMPRESS_TYPE,
        methods: methods![
            MethodDef::method("compress", cobj_compress),
            MethodDef::method("flush", cobj_flush),
            MethodDef::method("copy", cobj_copy),
            MethodDef::method("__copy__", cobj_copy),
            MethodDef::method("__deepcopy__", cobj_copy),
        ],
        getsets: getsets![],
        doc: None,
    });
    install_native_type(&TypeSpec {
        ty: &DECOMPRESS_TYPE,
        methods: methods![
            MethodDef::method("decompress", dobj_decompress),
            MethodDef::method("flush", dobj_flush),
            MethodDef::method("copy", dobj_copy),
            MethodDef::method("__copy__", dobj_copy),
            MethodDef::method("__deepcopy__", dobj_copy),
        ],
        getsets: getsets![
            GetSetDef::readonly("unused_data", dobj_unused_data),
            GetSetDef::readonly("unconsumed_tail", dobj_unconsumed_tail),
            GetSetDef::readonly("eof", dobj_eof),
        ],
        doc: None,
    });
    for ty in [&COMPRESS_TYPE, &DECOMPRESS_TYPE] {
        *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("zlib");
        ty.flags
            .set(ty.flags.get() | crate::object::typeobj::flags::DISALLOW_INSTANTIATION);
    }
    let m = module::new_module("zlib");
    let err =
        super::new_exception_class(vm, "zlib", "error", vec![exception::EXCEPTION.to_value()])?;
    ERROR.with(|e| *e.borrow_mut() = Some(err.clone()));
    module::set_attr(&m, "error", err);
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("compress", compress),
        ("decompress", decompress),
        ("compressobj", compressobj),
        ("decompressobj", decompressobj),
        ("crc32", crc32),
        ("adler32", adler32),
    ];
    crate::modules::add_functions(&m, fns);
    let consts: &[(&str, i64)] = &[
        ("MAX_WBITS", 15),
        ("DEFLATED", 8),
        ("DEF_MEM_LEVEL", 8),
        ("DEF_BUF_SIZE", DEF_BUF_SIZE as i64),
        ("Z_NO_COMPRESSION", 0),
        ("Z_BEST_SPEED", 1),
        ("Z_BEST_COMPRESSION", 9),
        ("Z_DEFAULT_COMPRESSION", -1),
        ("Z_FILTERED", 1),
        ("Z_HUFFMAN_ONLY", 2),
        ("Z_RLE", 3),
        ("Z_FIXED", 4),
        ("Z_DEFAULT_STRATEGY", 0),
        ("Z_NO_FLUSH", 0),
        ("Z_PARTIAL_FLUSH", 1),
        ("Z_SYNC_FLUSH", 2),
        ("Z_FULL_FLUSH", 3),
        ("Z_FINISH", 4),
        ("Z_BLOCK", 5),
        ("Z_TREES", 6),
    ];
    for (name, v) in consts {
        module::set_attr(&m, name, int::from_i64(*v));
    }
    module::set_attr(&m, "ZLIB_VERSION", str::new_str("1.3.1"));
    module::set_attr(&m, "ZLIB_RUNTIME_VERSION", str::new_str("1.3.1"));
    Ok(m)
}
