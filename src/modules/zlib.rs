//! `zlib`, CPython's C module under `gzip`, `zipfile`, `tarfile` and `shutil`'s archives,
//! over the `flate2` crate with its `zlib-rs` back end (a Rust port of zlib, so streams are
//! zlib's own): one-shot `compress`/`decompress`, the streaming `compressobj`/`decompressobj`
//! objects, and `crc32`/`adler32`.
//!
//! `wbits` selects the container as in zlib: 9..15 zlib, -9..-15 raw deflate, 25..31 gzip,
//! 40..47 (decompression) zlib or gzip by the header. Compression strategies other than the
//! default and memory levels are not exposed by the back end: a strategy raises
//! NotImplementedError, and `memLevel` only affects speed in zlib, so it is accepted.

use std::cell::RefCell;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use crate::object::exception::{type_error, value_error};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::{Args, PyErr, PyResult, Vm};

pub static COMPRESS_TYPE: TypeObject =
    TypeObject::new_static("Compress", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static DECOMPRESS_TYPE: TypeObject =
    TypeObject::new_static("Decompress", Layout::Native, Some(&OBJECT_TYPE), 0);

const DEF_BUF_SIZE: usize = 16384;

thread_local! {
    static ERROR: RefCell<Option<Value>> = const { RefCell::new(None) };
}

fn zlib_error(msg: String) -> PyErr {
    let cls = ERROR.with(|e| e.borrow().clone());
    match cls.as_ref().and_then(|c| c.as_type()) {
        Some(t) => PyErr(exception::new_exception(t, vec![str::from_string(msg)])),
        None => PyErr::new(&exception::OS_ERROR, msg),
    }
}

fn data_arg(v: &Value) -> PyResult<Vec<u8>> {
    bytes::bytes_like_arg(v)
}

fn int_arg(vm: &mut Vm, v: &Option<Value>, default: i64) -> PyResult<i64> {
    match v {
        Some(x) => vm.index_i64(x),
        None => Ok(default),
    }
}

/// The container `wbits` names, for compression.
fn new_compress(level: i64, wbits: i64) -> PyResult<Compress> {
    if !(-1..=9).contains(&level) {
        return Err(zlib_error("Bad compression level".into()));
    }
    let level = if level < 0 {
        Compression::default()
    } else {
        Compression::new(level as u32)
    };
    Ok(match wbits {
        9..=15 => Compress::new_with_window_bits(level, true, wbits as u8),
        -15..=-9 => Compress::new_with_window_bits(level, false, (-wbits) as u8),
        25..=31 => Compress::new_gzip(level, (wbits - 16) as u8),
        _ => return Err(value_error("Invalid initialization option")),
    })
}

/// A decompressor for `wbits`; for 40..47 the header of `first` decides.
fn new_decompress(wbits: i64, first: &[u8]) -> PyResult<Decompress> {
    let wbits = if (40..=47).contains(&wbits) {
        if first.starts_with(&[0x1f, 0x8b]) {
            wbits - 16
        } else {
            wbits - 32
        }
    } else {
        wbits
    };
    Ok(match wbits {
        0 => Decompress::new(true),
        8..=15 => Decompress::new_with_window_bits(true, wbits.max(9) as u8),
        -15..=-8 => Decompress::new_with_window_bits(false, (-wbits).max(9) as u8),
        24..=31 => Decompress::new_gzip((wbits - 16).max(9) as u8),
        _ => return Err(value_error("Invalid initialization option")),
    })
}

/// Runs the compressor over `input` with `flush`, appending all its output.
fn run_compress(c: &mut Compress, input: &[u8], flush: FlushCompress) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() / 2 + 64);
    let mut pos = 0;
    loop {
        if out.capacity() - out.len() < 1024 {
            out.reserve(out.capacity().max(4096));
        }
        let before_in = c.total_in();
        let before_out = c.total_out();
        let status = c
            .compress_vec(&input[pos..], &mut out, flush)
            .map_err(|e| zlib_error(format!("Error -2 while compressing data: {e}")))?;
        pos += (c.total_in() - before_in) as usize;
        let made = c.total_out() - before_out;
        let done_input = pos >= input.len();
        match status {
            Status::StreamEnd => break,
            _ if done_input && flush == FlushCompress::None => break,
            _ if done_input && made == 0 && out.capacity() > out.len() => break,
            _ => {}
        }
    }
    Ok(out)
}

enum Inflated {
    /// Output, bytes of input used, whether the stream ended.
    Done(Vec<u8>, usize, bool),
}

/// Runs the decompressor over `input`, stopping at `max_out` bytes of output (0 = no limit).
fn run_decompress(d: &mut Decompress, input: &[u8], max_out: usize) -> PyResult<Inflated> {
    let mut out: Vec<u8> = Vec::new();
    let mut pos = 0;
    loop {
        // Grow by chunks (a huge max_length must not allocate up front).
        let grow = out.len().clamp(DEF_BUF_SIZE, 1 << 24);
        let room = if max_out > 0 {
            (max_out - out.len()).min(grow)
        } else {
            grow
        };
        if room == 0 {
            return Ok(Inflated::Done(out, pos, false));
        }
        let start = out.len();
        out.resize(start + room, 0);
        let before_in = d.total_in();
        let before_out = d.total_out();
        let r = d.decompress(&input[pos..], &mut out[start..], FlushDecompress::None);
        let made = (d.total_out() - before_out) as usize;
        out.truncate(start + made);
        let status = r.map_err(|e| {
            zlib_error(format!(
                "Error -3 while decompressing data: {}",
                e.message().unwrap_or("invalid data")
            ))
        })?;
        pos += (d.total_in() - before_in) as usize;
        match status {
            Status::StreamEnd => return Ok(Inflated::Done(out, pos, true)),
            _ if made == 0 && (pos >= input.len() || status == Status::BufError) => {
                return Ok(Inflated::Done(out, pos, false))
            }
            _ => {}
        }
    }
}

fn compress(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("compress", &["data", "level", "wbits"], 1)?;
    let data = data_arg(b[0].as_ref().expect("data"))?;
    let level = int_arg(vm, &b[1], -1)?;
    let wbits = int_arg(vm, &b[2], 15)?;
    let mut c = new_compress(level, wbits)?;
    Ok(bytes::new_bytes(run_compress(
        &mut c,
        &data,
        FlushCompress::Finish,
    )?))
}

fn decompress(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("decompress", &["data", "wbits", "bufsize"], 1)?;
    let data = data_arg(b[0].as_ref().expect("data"))?;
    let wbits = int_arg(vm, &b[1], 15)?;
    if int_arg(vm, &b[2], DEF_BUF_SIZE as i64)? < 0 {
        return Err(value_error("bufsize must be non-negative"));
    }
    let mut d = new_decompress(wbits, &data)?;
    let Inflated::Done(out, _, ended) = run_decompress(&mut d, &data, 0)?;
    if !ended {
        return Err(zlib_error(
            "Error -5 while decompressing data: incomplete or truncated stream".into(),
        ));
    }
    Ok(bytes::new_bytes(out))
}

// ---- compressobj ----

struct CompressObj {
    c: RefCell<Option<Compress>>,
}

impl NativeData for CompressObj {}

fn compressobj(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind(
        "compressobj",
        &["level", "method", "wbits", "memLevel", "strategy", "zdict"],
        0,
    )?;
    let level = int_arg(vm, &b[0], -1)?;
    if int_arg(vm, &b[1], 8)? != 8 {
        return Err(value_error("Invalid initialization option"));
    }
    let wbits = int_arg(vm, &b[2], 15)?;
    let mem = int_arg(vm, &b[3], 8)?;
    if !(1..=9).contains(&mem) {
        return Err(value_error("Invalid initialization option"));
    }
    if int_arg(vm, &b[4], 0)? != 0 {
        return Err(exception::not_implemented_error(
            "zlib compression strategies other than Z_DEFAULT_STRATEGY are not supported by Heron yet",
        ));
    }
    let mut c = new_compress(level, wbits)?;
    if let Some(z) = b[5].as_ref().filter(|z| !z.is_none()) {
        let dict = data_arg(z)?;
        c.set_dictionary(&dict)
            .map_err(|e| zlib_error(format!("Error -2 while setting zdict: {e}")))?;
    }
    Ok(new_native(
        &COMPRESS_TYPE,
        CompressObj {
            c: RefCell::new(Some(c)),
        },
    ))
}

fn with_compress<R>(v: &Value, f: impl FnOnce(&mut Compress) -> PyResult<R>) -> PyResult<R> {
    let o = native_ref::<CompressObj>(v).ok_or_else(|| type_error("Compress object expected"))?;
    let mut g = o.c.borrow_mut();
    let c = g
        .as_mut()
        .ok_or_else(|| value_error("compressor object already flushed"))?;
    f(c)
}

fn cobj_compress(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("compress", 2, 2)?;
    let data = data_arg(&a[1])?;
    let out = with_compress(&a[0], |c| run_compress(c, &data, FlushCompress::None))?;
    Ok(bytes::new_bytes(out))
}

fn cobj_flush(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("flush", 1, 2)?;
    let mode = match a.get(1) {
        Some(m) => vm.index_i64(m)?,
        None => 4,
    };
    let flush = match mode {
        0 => return Ok(bytes::new_bytes(Vec::new())),
        1 => FlushCompress::Partial,
        2 => FlushCompress::Sync,
        3 => FlushCompress::Full,
        _ => FlushCompress::Finish,
    };
    let out = with_compress(&a[0], |c| run_compress(c, &[], flush))?;
    if mode == 4 {
        if let Some(o) = native_ref::<CompressObj>(&a[0]) {
            *o.c.borrow_mut() = None;
        }
    }
    Ok(bytes::new_bytes(out))
}

fn cobj_copy(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(exception::not_implemented_error(
        "copying a zlib compressor is not supported by Heron yet",
    ))
}

// ---- decompressobj ----

struct DecompressObj {
    d: RefCell<Option<Decompress>>,
    wbits: i64,
    zdict: Option<Vec<u8>>,
    unused_data: RefCell<Vec<u8>>,
    unconsumed_tail: RefCell<Vec<u8>>,
    eof: std::cell::Cell<bool>,
}

impl NativeData for DecompressObj {}

fn dobj(v: &Value) -> PyResult<&DecompressObj> {
    native_ref::<DecompressObj>(v).ok_or_else(|| type_error("Decompress object expected"))
}

fn decompressobj(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("decompressobj", &["wbits", "zdict"], 0)?;
    let wbits = int_arg(vm, &b[0], 15)?;
    new_decompress(wbits, &[])?;
    let zdict = match b[1].as_ref().filter(|z| !z.is_none()) {
        Some(z) => Some(
            bytes::bytes_like(z)
                .ok_or_else(|| type_error("zdict argument must support the buffer protocol"))?,
        ),
        None => None,
    };
    Ok(new_native(
        &DECOMPRESS_TYPE,
        DecompressObj {
            d: RefCell::new(None),
            wbits,
            zdict,
            unused_data: RefCell::new(Vec::new()),
            unconsumed_tail: RefCell::new(Vec::new()),
            eof: std::cell::Cell::new(false),
        },
    ))
}

/// Feeds `input` to the object's stream (made on the first input, when auto-detection can
/// see the header), keeping what it does not use as CPython does.
fn feed(o: &DecompressObj, input: &[u8], max_out: usize) -> PyResult<Vec<u8>> {
    if o.eof.get() {
        o.unused_data.borrow_mut().extend_from_slice(input);
        return Ok(Vec::new());
    }
    let mut g = o.d.borrow_mut();
    if g.is_none() {
        if input.is_empty() && (40..=47).contains(&o.wbits) {
            return Ok(Vec::new());
        }
        let mut d = new_decompress(o.wbits, input)?;
        if let (Some(z), true) = (&o.zdict, o.wbits < 0) {
            d.set_dictionary(z)
                .map_err(|e| zlib_error(format!("Error -3 while setting zdict: {e}")))?;
        }
        *g = Some(d);
    }
    let d = g.as_mut().expect("made above");
    let result = run_decompress(d, input, max_out);
    let Inflated::Done(out, used, ended) = match result {
        Err(e) if o.zdict.is_some() && d.total_out() == 0 => {
            // A zlib stream that asks for its dictionary: set it and go on.
            let z = o.zdict.clone().unwrap_or_default();
            d.set_dictionary(&z).map_err(|_| e)?;
            run_decompress(d, input, max_out)?
        }
        r => r?,
    };
    let rest = &input[used.min(input.len())..];
    if ended {
        o.eof.set(true);
        o.unused_data.borrow_mut().extend_from_slice(rest);
        o.unconsumed_tail.borrow_mut().clear();
    } else {
        *o.unconsumed_tail.borrow_mut() = rest.to_vec();
    }
    Ok(out)
}

fn dobj_decompress(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("decompress", &["self", "data", "max_length"], 2)?;
    let me = b[0].clone().expect("self");
    let o = dobj(&me)?;
    let data = data_arg(b[1].as_ref().expect("data"))?;
    let max = int_arg(vm, &b[2], 0)?;
    if max < 0 {
        return Err(value_error("max_length must be non-negative"));
    }
    Ok(bytes::new_bytes(feed(o, &data, max as usize)?))
}

fn dobj_flush(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("flush", 1, 2)?;
    let o = dobj(&a[0])?;
    if let Some(l) = a.get(1) {
        if vm.index_i64(l)? <= 0 {
            return Err(value_error("length must be greater than zero"));
        }
    }
    let tail = std::mem::take(&mut *o.unconsumed_tail.borrow_mut());
    Ok(bytes::new_bytes(feed(o, &tail, 0)?))
}

fn dobj_unused_data(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bytes::new_bytes(dobj(this)?.unused_data.borrow().clone()))
}

fn dobj_unconsumed_tail(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bytes::new_bytes(
        dobj(this)?.unconsumed_tail.borrow().clone(),
    ))
}

fn dobj_eof(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(dobj(this)?.eof.get()))
}

fn dobj_copy(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(exception::not_implemented_error(
        "copying a zlib decompressor is not supported by Heron yet",
    ))
}

// ---- checksums ----

fn crc32(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("crc32", 1, 2)?;
    let data = data_arg(&a[0])?;
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
    let data = data_arg(&a[0])?;
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
    }
    let m = module::new_module("zlib");
    let err =
        super::new_exception_class(vm, "zlib", "error", vec![exception::EXCEPTION.to_value()])?;
    ERROR.with(|e| *e.borrow_mut() = Some(err.clone()));
    module::set_attr(&m, "error", err);
    let fns: &[(&'static str, crate::vm::NativeFn)] = &[
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
