//! Methods of `bytes` and `bytearray`, and the utf-8/ascii/latin-1 codecs.

use std::borrow::Cow;

use super::str::{repeat_count, slice_indices};
use crate::object::bytes::{
    bytes_like, bytes_view, new_bytearray, new_bytes, repr_bytes, ByteArray, Bytes,
};
use crate::object::error::PyErr;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{index_error, reserve_items, type_error, value_error};
use crate::object::iter::{new_native_iter, NativeIterator};
use crate::object::str::{as_str, from_string};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, not_implemented, MethodDef, TypeSpec, BYTEARRAY_TYPE, BYTES_TYPE, OBJECT_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static BYTES_ITER_TYPE: TypeObject =
    TypeObject::new_static("bytes_iterator", Layout::NativeIter, Some(&OBJECT_TYPE), 0);
pub static BYTEARRAY_ITER_TYPE: TypeObject = TypeObject::new_static(
    "bytearray_iterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);

/// An item index, as CPython's `PyNumber_AsSsize_t(key, IndexError)`: an int too large for
/// an index raises IndexError.
fn item_index(vm: &mut Vm, key: &Value) -> PyResult<i64> {
    match super::list::as_index(vm, key)? {
        Some(i) => Ok(i),
        None => vm.index_i64(key),
    }
}

/// The encoding's name as the fast paths compare it (`codecs` normalizes the same way first).
fn normalize_encoding(enc: &str) -> String {
    enc.trim().to_ascii_lowercase().replace('_', "-")
}

fn is_utf8_name(enc: &str) -> bool {
    matches!(enc, "utf-8" | "utf8" | "u8" | "cp65001")
}

fn is_ascii_name(enc: &str) -> bool {
    matches!(enc, "ascii" | "us-ascii" | "646")
}

fn is_latin1_name(enc: &str) -> bool {
    matches!(
        enc,
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "8859" | "cp819" | "latin"
    )
}

/// The codec `encoding` from the registry, checked to be a text encoding as
/// `_PyCodec_LookupTextEncoding` does; item `index` of its CodecInfo (0 encode, 1 decode).
fn text_codec(vm: &mut Vm, encoding: &str, index: usize, method: &str) -> PyResult {
    let codecs = vm.import_module("_codecs")?;
    let lookup = vm.getattr(&codecs, "lookup")?;
    let info = vm.call(&lookup, &[crate::object::str::new_str(encoding)])?;
    if let Ok(flag) = vm.getattr(&info, "_is_text_encoding") {
        if !vm.truthy(&flag)? {
            return Err(PyErr::new(
                &exception::LOOKUP_ERROR,
                format!("'{encoding}' is not a text encoding; use codecs.{method}() to handle arbitrary codecs"),
            ));
        }
    }
    vm.getitem(&info, &int::from_usize(index))
}

/// The first item of a codec function's `(result, consumed)`.
fn codec_result(r: &Value, encoder: bool) -> PyResult {
    match tuple::as_tuple(r) {
        Some(t) if t.len() == 2 => Ok(t[0].clone()),
        _ => Err(type_error(if encoder {
            "encoder must return a tuple (object, integer)"
        } else {
            "decoder must return a tuple (object,integer)"
        })),
    }
}

/// `str.encode(encoding, errors)`: strict-free fast paths for UTF-8, ASCII and latin-1 text
/// that encodes cleanly; everything else goes through the codec registry (`_codecs`), as
/// CPython's `PyUnicode_AsEncodedString` does.
pub fn encode(vm: &mut Vm, s: &Value, encoding: &str, errors: &str) -> PyResult {
    let st = crate::object::str::payload(s).expect("str.encode on a str");
    if !st.has_surrogates() {
        let text = st.as_str();
        let enc = normalize_encoding(encoding);
        if is_utf8_name(&enc) || (is_ascii_name(&enc) && st.is_ascii()) {
            crate::object::exception::check_alloc(text.len())?;
            return Ok(new_bytes(text.as_bytes().to_vec()));
        }
        if is_latin1_name(&enc) && text.chars().all(|c| (c as u32) < 256) {
            return Ok(new_bytes(text.chars().map(|c| c as u32 as u8).collect()));
        }
    }
    let f = text_codec(vm, encoding, 0, "encode")?;
    let r = vm.call(&f, &[s.clone(), crate::object::str::new_str(errors)])?;
    let out = codec_result(&r, true)?;
    if out.payload::<Bytes>().is_some() {
        return Ok(out);
    }
    if out.payload::<ByteArray>().is_some() {
        return Ok(new_bytes(bytes_like(&out).unwrap_or_default()));
    }
    Err(type_error(format!(
        "'{encoding}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types",
        out.ty().name()
    )))
}

/// `bytes.decode(encoding, errors)` and `str(b, encoding, errors)`: fast paths for valid
/// UTF-8 and ASCII and for latin-1; everything else through the codec registry.
pub fn decode(vm: &mut Vm, data: &[u8], encoding: &str, errors: &str) -> PyResult {
    let enc = normalize_encoding(encoding);
    if is_utf8_name(&enc) || (is_ascii_name(&enc) && data.is_ascii()) {
        if let Ok(text) = std::str::from_utf8(data) {
            return Ok(crate::object::str::new_str(text));
        }
    }
    if is_latin1_name(&enc) {
        return Ok(from_string(data.iter().map(|&c| c as char).collect()));
    }
    let f = text_codec(vm, encoding, 1, "decode")?;
    let r = vm.call(
        &f,
        &[
            new_bytes(data.to_vec()),
            crate::object::str::new_str(errors),
        ],
    )?;
    let out = codec_result(&r, false)?;
    if as_str(&out).is_none() {
        return Err(type_error(format!(
            "'{encoding}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types",
            out.ty().name()
        )));
    }
    Ok(out)
}

/// The bytes of self (bytes or bytearray), copied.
fn data(v: &Value) -> Cow<'_, [u8]> {
    bytes_view(v).unwrap_or_default()
}

fn is_bytearray(v: &Value) -> bool {
    v.payload::<ByteArray>().is_some()
}

/// A result of the same kind as `like` (bytearray methods return bytearrays).
fn make(like: &Value, b: Vec<u8>) -> Value {
    if is_bytearray(like) {
        new_bytearray(b)
    } else {
        new_bytes(b)
    }
}

fn type_name(v: &Value) -> &'static str {
    if is_bytearray(v) {
        "bytearray"
    } else {
        "bytes"
    }
}

fn pargs<'a>(args: &Args<'a>, fname: &str, min: usize, max: usize) -> PyResult<&'a [Value]> {
    args.method_args(type_name(&args.values[0]), fname, min, max)
}

fn buffer_arg(v: &Value) -> PyResult<Cow<'_, [u8]>> {
    bytes_view(v).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.ty().name()
        ))
    })
}

/// A byte value from an int in range(256).
fn byte_value(vm: &mut Vm, v: &Value) -> PyResult<u8> {
    if !int::is_int(v) && v.ty().lookup_str("__index__").is_none() {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.ty().name()
        )));
    }
    let i = vm.index(v)?;
    int::as_i64(&i)
        .filter(|b| (0..256).contains(b))
        .map(|b| b as u8)
        .ok_or_else(|| value_error("byte must be in range(0, 256)"))
}

/// The bytes of a constructor argument (`bytes(x)`, `bytearray(x)`).
fn from_source(vm: &mut Vm, fname: &str, b: &[Option<Value>]) -> PyResult<Vec<u8>> {
    let (src, enc, errs) = (&b[0], &b[1], &b[2]);
    let Some(src) = src else {
        if enc.is_some() || errs.is_some() {
            return Err(type_error(if enc.is_some() {
                "encoding without a string argument"
            } else {
                "errors without a string argument"
            }));
        }
        return Ok(Vec::new());
    };
    if as_str(src).is_some() {
        let Some(enc) = enc else {
            return Err(type_error("string argument without an encoding"));
        };
        let enc = as_str(enc).ok_or_else(|| {
            type_error(format!(
                "{fname}() argument 'encoding' must be str, not {}",
                enc.ty().name()
            ))
        })?;
        let errs = errs.as_ref().and_then(as_str).unwrap_or("strict");
        let b = encode(vm, src, enc, errs)?;
        return Ok(bytes_like(&b).unwrap_or_default());
    }
    if enc.is_some() {
        return Err(type_error("encoding without a string argument"));
    }
    if errs.is_some() {
        return Err(type_error("errors without a string argument"));
    }
    if let Some(d) = bytes_like(src) {
        return Ok(d);
    }
    if int::is_int(src)
        || (src.ty().lookup_str("__index__").is_some() && src.ty().lookup_str("__iter__").is_none())
    {
        let n = vm.index_i64(src)?;
        if n < 0 {
            return Err(value_error("negative count"));
        }
        crate::object::exception::check_alloc_items(n as usize, 1)?;
        return Ok(vec![0; n as usize]);
    }
    if let Some(f) = src.ty().lookup_str("__bytes__") {
        let r = vm.call_slot(&f, std::slice::from_ref(src))?;
        return bytes_like(&r).ok_or_else(|| {
            type_error(format!(
                "__bytes__ returned non-bytes (type {})",
                r.ty().name()
            ))
        });
    }
    if as_str(src).is_none()
        && src.ty().lookup_str("__iter__").is_none()
        && src.ty().lookup_str("__getitem__").is_none()
    {
        return Err(type_error(format!(
            "cannot convert '{}' object to {fname}",
            src.ty().name()
        )));
    }
    let items = vm.collect(src)?;
    let mut out = Vec::with_capacity(items.len());
    for it in &items {
        out.push(byte_value(vm, it)?);
    }
    Ok(out)
}

fn bytes_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0].clone();
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind("bytes", &["source", "encoding", "errors"], 0)?;
    let d = from_source(vm, "bytes", &b)?;
    let ty = cls.as_type().expect("bytes.__new__ receives a type");
    if std::ptr::eq(ty, &BYTES_TYPE) {
        return Ok(new_bytes(d));
    }
    Ok(instance::new_instance(ty, Some(new_bytes(d))))
}

fn bytearray_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0].clone();
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind("bytearray", &["source", "encoding", "errors"], 0)?;
    let d = from_source(vm, "bytearray", &b)?;
    let ty = cls.as_type().expect("bytearray.__new__ receives a type");
    if std::ptr::eq(ty, &BYTEARRAY_TYPE) {
        return Ok(new_bytearray(d));
    }
    Ok(instance::new_instance(ty, Some(new_bytearray(d))))
}

fn bytearray_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(types::none())
}

fn b_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let d = data(v);
    if is_bytearray(v) {
        let name = v.ty().name();
        Ok(from_string(format!("{name}({})", repr_bytearray_body(&d))))
    } else {
        Ok(from_string(repr_bytes(&d, "b")))
    }
}

/// bytearray's repr body: like bytes, but a single quote is escaped even inside double quotes.
fn repr_bytearray_body(d: &[u8]) -> String {
    let r = repr_bytes(d, "b");
    if !r.starts_with("b\"") {
        return r;
    }
    let inner = &r[2..r.len() - 1];
    format!("b\"{}\"", inner.replace('\'', "\\'"))
}

fn bytes_hash(_vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let h = match v.payload::<Bytes>() {
        Some(b) => b.hash(),
        None => crate::object::str::hash_bytes(&data(v)),
    };
    Ok(int::from_i64(h))
}

fn bytearray_hash(_vm: &mut Vm, _args: Args) -> PyResult {
    Err(type_error("unhashable type: 'bytearray'"))
}

fn b_len(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(byte_len(&args.values[0])))
}

fn cmp(args: &Args, f: fn(std::cmp::Ordering) -> bool) -> PyResult {
    let a = pargs(args, "__eq__", 1, 1)?;
    // bytes compares only with bytes; bytearray with any buffer (as CPython's).
    if args.values[0].payload::<Bytes>().is_some() && a[0].payload::<Bytes>().is_none() {
        return Ok(not_implemented());
    }
    let Some(other) = bytes_view(&a[0]) else {
        return Ok(not_implemented());
    };
    Ok(bool_value(f(data(&args.values[0]).as_ref().cmp(&other))))
}

fn b_eq(_vm: &mut Vm, args: Args) -> PyResult {
    cmp(&args, |o| o.is_eq())
}
fn b_ne(_vm: &mut Vm, args: Args) -> PyResult {
    cmp(&args, |o| o.is_ne())
}
fn b_lt(_vm: &mut Vm, args: Args) -> PyResult {
    cmp(&args, |o| o.is_lt())
}
fn b_le(_vm: &mut Vm, args: Args) -> PyResult {
    cmp(&args, |o| o.is_le())
}
fn b_gt(_vm: &mut Vm, args: Args) -> PyResult {
    cmp(&args, |o| o.is_gt())
}
fn b_ge(_vm: &mut Vm, args: Args) -> PyResult {
    cmp(&args, |o| o.is_ge())
}

fn b_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__getitem__", 1, 1)?;
    let v = &args.values[0];
    if let Some(sl) = a[0].payload_exact::<slice::Slice>() {
        // The indices' `__index__` may resize a bytearray, so its length is read after them.
        let (mut start, _, mut step, mut count) = slice_indices(vm, sl, byte_len(v))?;
        let d = data(v);
        let last = start + (count as i64 - 1) * step;
        if count > 0 && start.max(last) as usize >= d.len() {
            (start, _, step, count) = slice_indices(vm, sl, d.len())?;
        }
        let out: Vec<u8> = (0..count)
            .map(|k| d[(start + k as i64 * step) as usize])
            .collect();
        return Ok(make(v, out));
    }
    if !int::is_int(&a[0]) && a[0].ty().lookup_str("__index__").is_none() {
        return Err(type_error(format!(
            "{} indices must be integers or slices, not {}",
            if is_bytearray(v) { "bytearray" } else { "byte" },
            a[0].ty().name()
        )));
    }
    let i = item_index(vm, &a[0])?;
    let byte = if let Some(b) = v.payload::<Bytes>() {
        index_byte(&b.0, i)
    } else if let Some(b) = v.payload::<ByteArray>() {
        index_byte(&b.0.borrow(), i)
    } else {
        index_byte(&data(v), i)
    };
    byte.map(|b| int::from_i64(b as i64)).ok_or_else(|| {
        index_error(if is_bytearray(v) {
            "bytearray index out of range"
        } else {
            "index out of range"
        })
    })
}

/// `d[i]` with Python's negative indices; None when out of range.
fn index_byte(d: &[u8], i: i64) -> Option<u8> {
    let j = if i < 0 { i + d.len() as i64 } else { i };
    usize::try_from(j).ok().and_then(|j| d.get(j).copied())
}

/// The length of a bytes-like object, without copying it.
fn byte_len(v: &Value) -> usize {
    if let Some(b) = v.payload::<Bytes>() {
        b.0.len()
    } else if let Some(b) = v.payload::<ByteArray>() {
        b.0.borrow().len()
    } else {
        data(v).len()
    }
}

fn b_contains(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__contains__", 1, 1)?;
    let d = data(&args.values[0]);
    if int::is_int(&a[0]) {
        let b = byte_value(vm, &a[0])?;
        return Ok(bool_value(d.contains(&b)));
    }
    let sub = buffer_arg(&a[0])?;
    Ok(bool_value(find_sub(&d, &sub, 0, d.len(), false).is_some()))
}

fn find_sub(hay: &[u8], sub: &[u8], s: usize, e: usize, reverse: bool) -> Option<usize> {
    if s > e || e > hay.len() || sub.len() > e - s {
        return None;
    }
    let h = &hay[s..e];
    let last = h.len() - sub.len();
    if reverse {
        (0..=last)
            .rev()
            .find(|&i| &h[i..i + sub.len()] == sub)
            .map(|i| i + s)
    } else {
        (0..=last)
            .find(|&i| &h[i..i + sub.len()] == sub)
            .map(|i| i + s)
    }
}

fn b_add(_vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__add__", 1, 1)?;
    let Some(other) = bytes_view(&a[0]) else {
        return Err(type_error(format!(
            "can't concat {} to {}",
            a[0].ty().name(),
            type_name(&args.values[0])
        )));
    };
    let this = data(&args.values[0]);
    let mut d = Vec::new();
    reserve_items(&mut d, this.len().saturating_add(other.len()))?;
    d.extend_from_slice(&this);
    d.extend_from_slice(&other);
    Ok(make(&args.values[0], d))
}

fn b_mul(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__mul__", 1, 1)?;
    let Some(n) = repeat_count(vm, &a[0])? else {
        return Err(type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            a[0].ty().name()
        )));
    };
    let d = data(&args.values[0]);
    check_repeat_bytes(&args.values[0], d.len(), n)?;
    Ok(make(&args.values[0], d.repeat(n)))
}

/// CPython's errors for `b * n`: bytes raise OverflowError when the length overflows, both
/// types MemoryError when the result cannot be allocated.
fn check_repeat_bytes(like: &Value, len: usize, n: usize) -> PyResult<()> {
    match len.checked_mul(n) {
        Some(t) if t <= isize::MAX as usize => crate::object::exception::check_alloc_items(t, 1),
        _ if is_bytearray(like) => Err(crate::object::exception::memory_error()),
        _ => Err(crate::object::exception::overflow_error(
            "repeated bytes are too long",
        )),
    }
}

fn b_mod(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__mod__", 1, 1)?;
    let d = data(&args.values[0]);
    let r = super::str_format::percent_format_bytes(vm, &d, &a[0])?;
    Ok(make(&args.values[0], r))
}

struct BytesIter {
    seq: Value,
    index: usize,
}

impl NativeIterator for BytesIter {
    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        let b = if let Some(b) = self.seq.payload::<Bytes>() {
            b.0.get(self.index).copied()
        } else {
            self.seq
                .payload::<ByteArray>()
                .and_then(|b| b.0.borrow().get(self.index).copied())
        };
        if b.is_some() {
            self.index += 1;
        }
        Ok(b.map(|b| int::from_i64(b as i64)))
    }
}

fn b_iter(_vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    let ty = if is_bytearray(v) {
        &BYTEARRAY_ITER_TYPE
    } else {
        &BYTES_ITER_TYPE
    };
    Ok(new_native_iter(
        ty,
        Box::new(BytesIter {
            seq: v.clone(),
            index: 0,
        }),
    ))
}

fn b_decode(vm: &mut Vm, args: Args) -> PyResult {
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind("decode", &["encoding", "errors"], 0)?;
    let enc = b[0]
        .as_ref()
        .and_then(as_str)
        .unwrap_or("utf-8")
        .to_string();
    let errs = b[1]
        .as_ref()
        .and_then(as_str)
        .unwrap_or("strict")
        .to_string();
    decode(vm, &data(&args.values[0]), &enc, &errs)
}

fn b_hex(vm: &mut Vm, args: Args) -> PyResult {
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind("hex", &["sep", "bytes_per_sep"], 0)?;
    let d = data(&args.values[0]);
    let sep = match &b[0] {
        None => None,
        Some(v) => {
            let s = match as_str(v) {
                Some(s) => s.to_string(),
                None => String::from_utf8_lossy(&buffer_arg(v)?).into_owned(),
            };
            if s.chars().count() != 1 {
                return Err(value_error("sep must be length 1."));
            }
            if !s.is_ascii() {
                return Err(value_error("sep must be ASCII."));
            }
            Some(s)
        }
    };
    let per = match &b[1] {
        None => 1,
        Some(v) => {
            let per = vm.index_i64(v).ok().filter(|p| i32::try_from(*p).is_ok());
            match per {
                Some(p) => p,
                None => {
                    vm.index(v)?;
                    return Err(crate::object::exception::overflow_error(
                        "Python int too large to convert to C int",
                    ));
                }
            }
        }
    };
    // Separators go between groups of `n` bytes, counted from the right when `per > 0`.
    let n = match &sep {
        Some(_) if per != 0 => per.unsigned_abs().min(usize::MAX as u64) as usize,
        _ => usize::MAX,
    };
    let sep = sep.unwrap_or_default();
    let first = if per > 0 && n < d.len() {
        d.len() % n
    } else {
        0
    };
    let seps = if n >= d.len() || d.is_empty() {
        0
    } else {
        (d.len() - 1) / n
    };
    let mut out: Vec<u8> = Vec::new();
    let size = d
        .len()
        .checked_mul(2)
        .and_then(|h| seps.checked_mul(sep.len())?.checked_add(h))
        .ok_or_else(crate::object::exception::memory_error)?;
    reserve_items(&mut out, size)?;
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (i, &c) in d.iter().enumerate() {
        if i > 0 && n != usize::MAX && (i + n - first) % n == 0 {
            out.extend_from_slice(sep.as_bytes());
        }
        out.push(DIGITS[(c >> 4) as usize]);
        out.push(DIGITS[(c & 15) as usize]);
    }
    Ok(from_string(
        String::from_utf8(out).expect("hex digits and a str separator"),
    ))
}

fn parse_hex(s: &str) -> PyResult<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = (b[i] as char).to_digit(16);
        let lo = b.get(i + 1).and_then(|c| (*c as char).to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            (Some(_), None) if i + 1 >= b.len() => {
                return Err(value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                )))
            }
            (Some(_), None) => {
                return Err(value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                )))
            }
            _ => {
                return Err(value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {i}"
                )))
            }
        }
        i += 2;
    }
    Ok(out)
}

fn b_fromhex(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "fromhex", 1, 1)?;
    let s = as_str(&a[0]).ok_or_else(|| {
        type_error(format!(
            "fromhex() argument must be str, not {}",
            a[0].ty().name()
        ))
    })?;
    let d = parse_hex(s)?;
    let cls = &args.values[0];
    let ty = cls.as_type().expect("fromhex is a classmethod");
    if std::ptr::eq(ty, &BYTES_TYPE) {
        return Ok(new_bytes(d));
    }
    if std::ptr::eq(ty, &BYTEARRAY_TYPE) {
        return Ok(new_bytearray(d));
    }
    vm.call(cls, &[new_bytes(d)])
}

/// Normalized (start, end) for find-like methods over `len` bytes.
fn range_args(
    vm: &mut Vm,
    start: Option<&Value>,
    end: Option<&Value>,
    len: usize,
) -> PyResult<(usize, usize)> {
    let n = len as i64;
    let mut get = |v: Option<&Value>, default: i64| -> PyResult<i64> {
        match v {
            Some(v) if !v.is_none() => {
                let i = vm.index_i64(v)?;
                Ok(if i < 0 { (i + n).max(0) } else { i })
            }
            _ => Ok(default),
        }
    };
    let s = get(start, 0)?;
    let e = get(end, n)?.min(n);
    if s > e {
        return Ok((1, 0));
    }
    Ok((s as usize, e as usize))
}

/// The needle of find/count/index: bytes-like or an int byte.
fn needle(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if int::is_int(v) {
        return Ok(vec![byte_value(vm, v)?]);
    }
    if let Some(b) = bytes_like(v) {
        return Ok(b);
    }
    Err(type_error(format!(
        "argument should be integer or bytes-like object, not '{}'",
        v.ty().name()
    )))
}

fn find_common(vm: &mut Vm, args: &Args, fname: &str, reverse: bool) -> PyResult<Option<usize>> {
    let a = pargs(args, fname, 1, 3)?;
    let d = data(&args.values[0]);
    let sub = needle(vm, &a[0])?;
    let (s, e) = range_args(vm, a.get(1), a.get(2), d.len())?;
    if s > e {
        return Ok(None);
    }
    Ok(find_sub(&d, &sub, s, e, reverse))
}

fn b_find(vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(
        find_common(vm, &args, "find", false)?.map_or(-1, |i| i as i64),
    ))
}
fn b_rfind(vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(
        find_common(vm, &args, "rfind", true)?.map_or(-1, |i| i as i64),
    ))
}
fn b_index(vm: &mut Vm, args: Args) -> PyResult {
    find_common(vm, &args, "index", false)?
        .map(int::from_usize)
        .ok_or_else(|| value_error("subsection not found"))
}
fn b_rindex(vm: &mut Vm, args: Args) -> PyResult {
    find_common(vm, &args, "rindex", true)?
        .map(int::from_usize)
        .ok_or_else(|| value_error("subsection not found"))
}

fn b_count(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "count", 1, 3)?;
    let d = data(&args.values[0]);
    let sub = needle(vm, &a[0])?;
    let (s, e) = range_args(vm, a.get(1), a.get(2), d.len())?;
    if s > e {
        return Ok(int::from_i64(0));
    }
    if sub.is_empty() {
        return Ok(int::from_usize(e - s + 1));
    }
    let mut n = 0;
    let mut i = s;
    while i + sub.len() <= e {
        if d[i..i + sub.len()] == sub[..] {
            n += 1;
            i += sub.len();
        } else {
            i += 1;
        }
    }
    Ok(int::from_usize(n))
}

fn starts_ends(vm: &mut Vm, args: &Args, fname: &str, ends: bool) -> PyResult {
    let a = pargs(args, fname, 1, 3)?;
    let d = data(&args.values[0]);
    let (s, e) = range_args(vm, a.get(1), a.get(2), d.len())?;
    let check = |p: &[u8]| -> bool {
        if s > e {
            return false;
        }
        let h = &d[s..e];
        if ends {
            h.ends_with(p)
        } else {
            h.starts_with(p)
        }
    };
    if let Some(items) = tuple::as_tuple(&a[0]) {
        for it in items {
            if check(&buffer_arg(it)?) {
                return Ok(bool_value(true));
            }
        }
        return Ok(bool_value(false));
    }
    let p = bytes_like(&a[0]).ok_or_else(|| {
        type_error(format!(
            "{fname} first arg must be bytes or a tuple of bytes, not {}",
            a[0].ty().name()
        ))
    })?;
    Ok(bool_value(check(&p)))
}

fn b_startswith(vm: &mut Vm, args: Args) -> PyResult {
    starts_ends(vm, &args, "startswith", false)
}
fn b_endswith(vm: &mut Vm, args: Args) -> PyResult {
    starts_ends(vm, &args, "endswith", true)
}

fn b_join(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "join", 1, 1)?;
    let sep = data(&args.values[0]);
    let items = vm.collect(&a[0])?;
    let mut parts = Vec::with_capacity(items.len());
    let mut total = sep.len().saturating_mul(items.len().saturating_sub(1));
    for (i, it) in items.iter().enumerate() {
        let b = bytes_view(it).ok_or_else(|| {
            type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                it.ty().name()
            ))
        })?;
        total = total.saturating_add(b.len());
        parts.push(b);
    }
    let mut out = Vec::new();
    crate::object::exception::reserve_items(&mut out, total)?;
    for (i, b) in parts.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(b);
    }
    Ok(make(&args.values[0], out))
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

fn split_args(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<(Option<Vec<u8>>, i64)> {
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind(fname, &["sep", "maxsplit"], 0)?;
    let sep = match &b[0] {
        Some(v) if !v.is_none() => Some(buffer_arg(v)?.into_owned()),
        _ => None,
    };
    if sep.as_ref().is_some_and(|s| s.is_empty()) {
        return Err(value_error("empty separator"));
    }
    let maxsplit = match &b[1] {
        Some(v) => vm.index_i64(v)?,
        None => -1,
    };
    Ok((sep, maxsplit))
}

fn b_split(vm: &mut Vm, args: Args) -> PyResult {
    let (sep, maxsplit) = split_args(vm, &args, "split")?;
    let d = data(&args.values[0]);
    let mut limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut parts: Vec<Vec<u8>> = Vec::new();
    match sep {
        Some(sep) => {
            let mut start = 0;
            while limit > 0 {
                match find_sub(&d, &sep, start, d.len(), false) {
                    Some(i) => {
                        parts.push(d[start..i].to_vec());
                        start = i + sep.len();
                        limit -= 1;
                    }
                    None => break,
                }
            }
            parts.push(d[start..].to_vec());
        }
        None => {
            let mut i = 0;
            while i < d.len() && is_ws(d[i]) {
                i += 1;
            }
            while i < d.len() {
                if limit == 0 {
                    parts.push(d[i..].to_vec());
                    break;
                }
                let mut j = i;
                while j < d.len() && !is_ws(d[j]) {
                    j += 1;
                }
                parts.push(d[i..j].to_vec());
                limit -= 1;
                i = j;
                while i < d.len() && is_ws(d[i]) {
                    i += 1;
                }
            }
        }
    }
    let like = args.values[0].clone();
    Ok(list::new_list(
        parts.into_iter().map(|p| make(&like, p)).collect(),
    ))
}

fn b_rsplit(vm: &mut Vm, args: Args) -> PyResult {
    let (sep, maxsplit) = split_args(vm, &args, "rsplit")?;
    let d = data(&args.values[0]);
    let mut limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut parts: Vec<Vec<u8>> = Vec::new();
    match sep {
        Some(sep) => {
            let mut end = d.len();
            while limit > 0 {
                match find_sub(&d, &sep, 0, end, true) {
                    Some(i) => {
                        parts.push(d[i + sep.len()..end].to_vec());
                        end = i;
                        limit -= 1;
                    }
                    None => break,
                }
            }
            parts.push(d[..end].to_vec());
        }
        None => {
            let mut j = d.len();
            while j > 0 && is_ws(d[j - 1]) {
                j -= 1;
            }
            while j > 0 {
                if limit == 0 {
                    parts.push(d[..j].to_vec());
                    break;
                }
                let mut i = j;
                while i > 0 && !is_ws(d[i - 1]) {
                    i -= 1;
                }
                parts.push(d[i..j].to_vec());
                limit -= 1;
                j = i;
                while j > 0 && is_ws(d[j - 1]) {
                    j -= 1;
                }
            }
        }
    }
    parts.reverse();
    let like = args.values[0].clone();
    Ok(list::new_list(
        parts.into_iter().map(|p| make(&like, p)).collect(),
    ))
}

fn b_splitlines(vm: &mut Vm, args: Args) -> PyResult {
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind("splitlines", &["keepends"], 0)?;
    let keep = match &b[0] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let d = data(&args.values[0]);
    let like = args.values[0].clone();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < d.len() {
        if d[i] == b'\n' || d[i] == b'\r' {
            let mut end = i + 1;
            if d[i] == b'\r' && d.get(i + 1) == Some(&b'\n') {
                end += 1;
            }
            out.push(make(&like, d[start..if keep { end } else { i }].to_vec()));
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < d.len() {
        out.push(make(&like, d[start..].to_vec()));
    }
    Ok(list::new_list(out))
}

fn strip_common(args: &Args, fname: &str, left: bool, right: bool) -> PyResult {
    let a = pargs(args, fname, 0, 1)?;
    let d = data(&args.values[0]);
    let chars = match a.first() {
        Some(v) if !v.is_none() => Some(buffer_arg(v)?),
        _ => None,
    };
    let pred = |c: u8| match &chars {
        Some(cs) => cs.contains(&c),
        None => is_ws(c),
    };
    let mut s = 0;
    let mut e = d.len();
    if left {
        while s < e && pred(d[s]) {
            s += 1;
        }
    }
    if right {
        while e > s && pred(d[e - 1]) {
            e -= 1;
        }
    }
    Ok(make(&args.values[0], d[s..e].to_vec()))
}

fn b_strip(_vm: &mut Vm, args: Args) -> PyResult {
    strip_common(&args, "strip", true, true)
}
fn b_lstrip(_vm: &mut Vm, args: Args) -> PyResult {
    strip_common(&args, "lstrip", true, false)
}
fn b_rstrip(_vm: &mut Vm, args: Args) -> PyResult {
    strip_common(&args, "rstrip", false, true)
}

fn b_replace(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "replace", 2, 3)?;
    let old = buffer_arg(&a[0])?;
    let new = buffer_arg(&a[1])?;
    let count = match a.get(2) {
        Some(v) => vm.index_i64(v)?,
        None => -1,
    };
    let mut limit = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let d = data(&args.values[0]);
    let mut out = Vec::new();
    if old.is_empty() {
        for &c in d.iter() {
            if limit > 0 {
                reserve_items(&mut out, new.len() + 1)?;
                out.extend_from_slice(&new);
                limit -= 1;
            }
            out.push(c);
        }
        if limit > 0 {
            reserve_items(&mut out, new.len())?;
            out.extend_from_slice(&new);
        }
        return Ok(make(&args.values[0], out));
    }
    let mut i = 0;
    while i < d.len() {
        if limit > 0 && d[i..].starts_with(&old) {
            reserve_items(&mut out, new.len())?;
            out.extend_from_slice(&new);
            i += old.len();
            limit -= 1;
        } else {
            reserve_items(&mut out, 1)?;
            out.push(d[i]);
            i += 1;
        }
    }
    Ok(make(&args.values[0], out))
}

fn map_bytes(args: &Args, fname: &str, f: impl Fn(&[u8]) -> Vec<u8>) -> PyResult {
    pargs(args, fname, 0, 0)?;
    let d = data(&args.values[0]);
    crate::object::exception::check_alloc(d.len())?;
    Ok(make(&args.values[0], f(&d)))
}

fn b_upper(_vm: &mut Vm, args: Args) -> PyResult {
    map_bytes(&args, "upper", |d| d.to_ascii_uppercase())
}
fn b_lower(_vm: &mut Vm, args: Args) -> PyResult {
    map_bytes(&args, "lower", |d| d.to_ascii_lowercase())
}
fn b_swapcase(_vm: &mut Vm, args: Args) -> PyResult {
    map_bytes(&args, "swapcase", |d| {
        d.iter()
            .map(|&c| {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    })
}
fn b_capitalize(_vm: &mut Vm, args: Args) -> PyResult {
    map_bytes(&args, "capitalize", |d| {
        d.iter()
            .enumerate()
            .map(|(i, &c)| {
                if i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}
fn b_title(_vm: &mut Vm, args: Args) -> PyResult {
    map_bytes(&args, "title", |d| {
        let mut prev = false;
        d.iter()
            .map(|&c| {
                let r = if prev {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                prev = c.is_ascii_alphabetic();
                r
            })
            .collect()
    })
}

fn pred_bytes(args: &Args, fname: &str, f: impl Fn(u8) -> bool) -> PyResult {
    pargs(args, fname, 0, 0)?;
    let d = data(&args.values[0]);
    Ok(bool_value(!d.is_empty() && d.iter().all(|&c| f(c))))
}

fn b_isdigit(_vm: &mut Vm, args: Args) -> PyResult {
    pred_bytes(&args, "isdigit", |c| c.is_ascii_digit())
}
fn b_isalpha(_vm: &mut Vm, args: Args) -> PyResult {
    pred_bytes(&args, "isalpha", |c| c.is_ascii_alphabetic())
}
fn b_isalnum(_vm: &mut Vm, args: Args) -> PyResult {
    pred_bytes(&args, "isalnum", |c| c.is_ascii_alphanumeric())
}
fn b_isspace(_vm: &mut Vm, args: Args) -> PyResult {
    pred_bytes(&args, "isspace", is_ws)
}
fn b_isascii(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "isascii", 0, 0)?;
    Ok(bool_value(data(&args.values[0]).is_ascii()))
}
fn b_isupper(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "isupper", 0, 0)?;
    let d = data(&args.values[0]);
    Ok(bool_value(
        d.iter().any(|c| c.is_ascii_uppercase()) && !d.iter().any(|c| c.is_ascii_lowercase()),
    ))
}
fn b_islower(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "islower", 0, 0)?;
    let d = data(&args.values[0]);
    Ok(bool_value(
        d.iter().any(|c| c.is_ascii_lowercase()) && !d.iter().any(|c| c.is_ascii_uppercase()),
    ))
}

fn partition_common(args: &Args, fname: &str, reverse: bool) -> PyResult {
    let a = pargs(args, fname, 1, 1)?;
    let sep = buffer_arg(&a[0])?;
    if sep.is_empty() {
        return Err(value_error("empty separator"));
    }
    let d = data(&args.values[0]);
    let like = args.values[0].clone();
    let parts = match find_sub(&d, &sep, 0, d.len(), reverse) {
        Some(i) => vec![d[..i].to_vec(), sep.to_vec(), d[i + sep.len()..].to_vec()],
        None if reverse => vec![Vec::new(), Vec::new(), d.into_owned()],
        None => vec![d.into_owned(), Vec::new(), Vec::new()],
    };
    Ok(tuple::new_tuple(
        parts.into_iter().map(|p| make(&like, p)).collect(),
    ))
}

fn b_partition(_vm: &mut Vm, args: Args) -> PyResult {
    partition_common(&args, "partition", false)
}
fn b_rpartition(_vm: &mut Vm, args: Args) -> PyResult {
    partition_common(&args, "rpartition", true)
}

fn pad_common(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<(Vec<u8>, usize, u8)> {
    let a = pargs(args, fname, 1, 2)?;
    let w = vm.index_i64(&a[0])?.max(0) as usize;
    let fill = match a.get(1) {
        Some(v) => match bytes_like(v) {
            Some(b) if b.len() == 1 => b[0],
            _ => {
                return Err(type_error(format!(
                    "{fname}() argument 2 must be a byte string of length 1, not {}",
                    v.ty().name()
                )))
            }
        },
        None => b' ',
    };
    let d = data(&args.values[0]);
    let marg = w.saturating_sub(d.len());
    crate::object::exception::check_alloc_items(d.len() + marg, 1)?;
    Ok((d.into_owned(), marg, fill))
}

fn padded(like: &Value, d: Vec<u8>, left: usize, right: usize, fill: u8) -> Value {
    let mut out = vec![fill; left];
    out.extend(d);
    out.extend(std::iter::repeat_n(fill, right));
    make(like, out)
}

fn b_center(vm: &mut Vm, args: Args) -> PyResult {
    let (d, marg, fill) = pad_common(vm, &args, "center")?;
    let width = marg + d.len();
    let left = marg / 2 + (marg & width & 1);
    Ok(padded(&args.values[0], d, left, marg - left, fill))
}
fn b_ljust(vm: &mut Vm, args: Args) -> PyResult {
    let (d, marg, fill) = pad_common(vm, &args, "ljust")?;
    Ok(padded(&args.values[0], d, 0, marg, fill))
}
fn b_rjust(vm: &mut Vm, args: Args) -> PyResult {
    let (d, marg, fill) = pad_common(vm, &args, "rjust")?;
    Ok(padded(&args.values[0], d, marg, 0, fill))
}
fn b_zfill(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "zfill", 1, 1)?;
    let w = vm.index_i64(&a[0])?.max(0) as usize;
    let d = data(&args.values[0]);
    if w <= d.len() {
        return Ok(make(&args.values[0], d.into_owned()));
    }
    let fill = w - d.len();
    crate::object::exception::check_alloc_items(w, 1)?;
    let mut out = Vec::with_capacity(w);
    let rest = if matches!(d.first(), Some(b'+' | b'-')) {
        out.push(d[0]);
        &d[1..]
    } else {
        &d[..]
    };
    out.extend(std::iter::repeat_n(b'0', fill));
    out.extend_from_slice(rest);
    Ok(make(&args.values[0], out))
}

fn b_removeprefix(_vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "removeprefix", 1, 1)?;
    let p = buffer_arg(&a[0])?;
    let d = data(&args.values[0]);
    let r = d
        .strip_prefix(&p[..])
        .map(<[u8]>::to_vec)
        .unwrap_or_else(|| d.to_vec());
    Ok(make(&args.values[0], r))
}

fn b_removesuffix(_vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "removesuffix", 1, 1)?;
    let p = buffer_arg(&a[0])?;
    let d = data(&args.values[0]);
    let r = d
        .strip_suffix(&p[..])
        .map(<[u8]>::to_vec)
        .unwrap_or_else(|| d.to_vec());
    Ok(make(&args.values[0], r))
}

fn b_getnewargs(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(tuple::from_array([new_bytes(
        data(&args.values[0]).into_owned(),
    )]))
}

fn ba(v: &Value) -> &ByteArray {
    v.payload::<ByteArray>()
        .expect("bytearray method on a bytearray")
}

fn ba_setitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__setitem__", 2, 2)?;
    let target = ba(&args.values[0]);
    if let Some(sl) = a[0].payload_exact::<slice::Slice>() {
        let src = if int::is_int(&a[1]) {
            return Err(type_error(
                "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
            ));
        } else if let Some(b) = bytes_like(&a[1]) {
            b
        } else {
            let items = vm.collect(&a[1])?;
            let mut v = Vec::with_capacity(items.len());
            for it in &items {
                v.push(byte_value(vm, it)?);
            }
            v
        };
        let len = target.0.borrow().len();
        let (start, stop, step, count) = slice_indices(vm, sl, len)?;
        if step == 1 {
            let s = start as usize;
            let e = (stop.max(start)) as usize;
            if src.len() != e - s {
                target.check_resizable()?;
            }
            target.0.borrow_mut().vec().splice(s..e, src);
            return Ok(types::none());
        }
        if src.is_empty() {
            // An empty value deletes an extended slice (CPython's bytearray_ass_subscript).
            delete_slice(target, start, step, count)?;
            return Ok(types::none());
        }
        let mut d = target.0.borrow_mut();
        if src.len() != count {
            return Err(value_error(format!(
                "attempt to assign bytes of size {} to extended slice of size {count}",
                src.len()
            )));
        }
        for (k, b) in src.into_iter().enumerate() {
            d[(start + k as i64 * step) as usize] = b;
        }
        return Ok(types::none());
    }
    let i = item_index(vm, &a[0])?;
    let b = byte_value(vm, &a[1])?;
    let mut d = target.0.borrow_mut();
    let n = d.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return Err(index_error("bytearray index out of range"));
    }
    d[j as usize] = b;
    Ok(types::none())
}

/// Deletes the `count` items of the slice at `start` by `step` (either sign), in one pass.
fn delete_slice(target: &ByteArray, start: i64, step: i64, count: usize) -> PyResult<()> {
    if count == 0 {
        return Ok(());
    }
    target.check_resizable()?;
    let last = start + (count as i64 - 1) * step;
    let (lo, stride) = (start.min(last) as usize, step.unsigned_abs() as usize);
    if lo == 0 && stride == 1 {
        target.0.borrow_mut().remove_front(count);
        return Ok(());
    }
    let mut k = 0usize;
    target.0.borrow_mut().vec().retain(|_| {
        let hit = k >= lo && (k - lo).is_multiple_of(stride) && (k - lo) / stride < count;
        k += 1;
        !hit
    });
    Ok(())
}

fn ba_delitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__delitem__", 1, 1)?;
    let target = ba(&args.values[0]);
    let len = target.0.borrow().len();
    if let Some(sl) = a[0].payload_exact::<slice::Slice>() {
        let (start, _, step, count) = slice_indices(vm, sl, len)?;
        delete_slice(target, start, step, count)?;
        return Ok(types::none());
    }
    let i = item_index(vm, &a[0])?;
    let n = len as i64;
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return Err(index_error("bytearray index out of range"));
    }
    target.check_resizable()?;
    let mut d = target.0.borrow_mut();
    if j == 0 {
        d.remove_front(1);
    } else {
        d.vec().remove(j as usize);
    }
    Ok(types::none())
}

fn ba_append(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "append", 1, 1)?;
    let b = byte_value(vm, &a[0])?;
    let target = ba(&args.values[0]);
    target.check_resizable()?;
    target.0.borrow_mut().push(b);
    Ok(types::none())
}

fn iterable_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = bytes_view(v) {
        let mut out = Vec::new();
        reserve_items(&mut out, b.len())?;
        out.extend_from_slice(&b);
        return Ok(out);
    }
    if v.ty().lookup_str("__iter__").is_none() && v.ty().lookup_str("__getitem__").is_none() {
        return Err(type_error(format!(
            "can't extend bytearray with {}",
            v.ty().name()
        )));
    }
    let items = vm.collect(v)?;
    let mut out = Vec::with_capacity(items.len());
    for it in &items {
        out.push(byte_value(vm, it)?);
    }
    Ok(out)
}

fn ba_extend(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "extend", 1, 1)?;
    let b = iterable_bytes(vm, &a[0])?;
    let target = ba(&args.values[0]);
    if !b.is_empty() {
        target.check_resizable()?;
    }
    let mut t = target.0.borrow_mut();
    reserve_items(t.vec(), b.len())?;
    t.extend_from_slice(&b);
    Ok(types::none())
}

fn ba_iadd(_vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__iadd__", 1, 1)?;
    let b = bytes_like(&a[0])
        .ok_or_else(|| type_error(format!("can't concat {} to bytearray", a[0].ty().name())))?;
    let target = ba(&args.values[0]);
    if !b.is_empty() {
        target.check_resizable()?;
    }
    let mut t = target.0.borrow_mut();
    reserve_items(t.vec(), b.len())?;
    t.extend_from_slice(&b);
    Ok(args.values[0].clone())
}

fn ba_imul(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__imul__", 1, 1)?;
    let Some(n) = repeat_count(vm, &a[0])? else {
        return Err(type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            a[0].ty().name()
        )));
    };
    let t = ba(&args.values[0]);
    check_repeat_bytes(&args.values[0], t.0.borrow().len(), n)?;
    let d = t.0.borrow().repeat(n);
    if d.len() != t.0.borrow().len() {
        t.check_resizable()?;
    }
    *t.0.borrow_mut() = d.into();
    Ok(args.values[0].clone())
}

fn ba_insert(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "insert", 2, 2)?;
    let i = vm.index_i64(&a[0])?;
    let b = byte_value(vm, &a[1])?;
    ba(&args.values[0]).check_resizable()?;
    let mut d = ba(&args.values[0]).0.borrow_mut();
    let n = d.len() as i64;
    let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
    d.vec().insert(j as usize, b);
    Ok(types::none())
}

fn ba_pop(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "pop", 0, 1)?;
    let i = match a.first() {
        Some(v) => vm.index_i64(v)?,
        None => -1,
    };
    let target = ba(&args.values[0]);
    let n = target.0.borrow().len() as i64;
    if n == 0 {
        return Err(index_error("pop from empty bytearray"));
    }
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return Err(index_error("pop index out of range"));
    }
    target.check_resizable()?;
    let byte = target.0.borrow_mut().vec().remove(j as usize);
    Ok(int::from_i64(byte as i64))
}

fn ba_remove(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "remove", 1, 1)?;
    let b = byte_value(vm, &a[0])?;
    let target = ba(&args.values[0]);
    let found = target.0.borrow().iter().position(|&c| c == b);
    let Some(i) = found else {
        return Err(value_error("value not found in bytearray"));
    };
    target.check_resizable()?;
    target.0.borrow_mut().vec().remove(i);
    Ok(types::none())
}

fn ba_reverse(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "reverse", 0, 0)?;
    ba(&args.values[0]).0.borrow_mut().reverse();
    Ok(types::none())
}

fn ba_clear(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "clear", 0, 0)?;
    let target = ba(&args.values[0]);
    if !target.0.borrow().is_empty() {
        target.check_resizable()?;
    }
    target.0.borrow_mut().clear();
    Ok(types::none())
}

fn ba_copy(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "copy", 0, 0)?;
    Ok(new_bytearray(data(&args.values[0]).into_owned()))
}

/// `bytes.maketrans(from, to)`: the 256-byte table for `translate`.
fn b_maketrans(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("maketrans", 2, 2)?;
    let (from, to) = (arg_bytes(&a[0])?, arg_bytes(&a[1])?);
    if from.len() != to.len() {
        return Err(value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255u8).collect();
    for (f, t) in from.iter().zip(&to) {
        table[*f as usize] = *t;
    }
    Ok(new_bytes(table))
}

/// `translate(table, /, delete=b'')`: maps each byte through `table` (None: unchanged) and
/// drops those in `delete`.
fn b_translate(_vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("translate", &["self", "table", "delete"], 2)?;
    let me = b[0].clone().expect("self");
    let table = b[1].clone().expect("table");
    let table = if table.is_none() {
        None
    } else {
        let t = arg_bytes(&table)?;
        if t.len() != 256 {
            return Err(value_error("translation table must be 256 characters long"));
        }
        Some(t)
    };
    let delete = match &b[2] {
        Some(d) => arg_bytes(d)?,
        None => Vec::new(),
    };
    let out: Vec<u8> = data(&me)
        .iter()
        .copied()
        .filter(|c| !delete.contains(c))
        .map(|c| table.as_ref().map_or(c, |t| t[c as usize]))
        .collect();
    Ok(make(&me, out))
}

/// A bytes-like argument of a bytes method.
fn arg_bytes(v: &Value) -> PyResult<Vec<u8>> {
    bytes_like(v).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.ty().name()
        ))
    })
}

macro_rules! shared_methods {
    ($($extra:expr),* $(,)?) => {
        methods![
            MethodDef::static_("maketrans", b_maketrans),
            MethodDef::method("translate", b_translate),
            MethodDef::method("__repr__", b_repr),
            MethodDef::method("__str__", b_repr),
            MethodDef::method("__len__", b_len),
            MethodDef::method("__eq__", b_eq),
            MethodDef::method("__ne__", b_ne),
            MethodDef::method("__lt__", b_lt),
            MethodDef::method("__le__", b_le),
            MethodDef::method("__gt__", b_gt),
            MethodDef::method("__ge__", b_ge),
            MethodDef::method("__getitem__", b_getitem),
            MethodDef::method("__contains__", b_contains),
            MethodDef::method("__add__", b_add),
            MethodDef::method("__mul__", b_mul),
            MethodDef::method("__rmul__", b_mul),
            MethodDef::method("__mod__", b_mod),
            MethodDef::method("__iter__", b_iter),
            MethodDef::method("decode", b_decode),
            MethodDef::method("hex", b_hex),
            MethodDef::class("fromhex", b_fromhex),
            MethodDef::method("count", b_count),
            MethodDef::method("find", b_find),
            MethodDef::method("rfind", b_rfind),
            MethodDef::method("index", b_index),
            MethodDef::method("rindex", b_rindex),
            MethodDef::method("startswith", b_startswith),
            MethodDef::method("endswith", b_endswith),
            MethodDef::method("join", b_join),
            MethodDef::method("split", b_split),
            MethodDef::method("rsplit", b_rsplit),
            MethodDef::method("splitlines", b_splitlines),
            MethodDef::method("strip", b_strip),
            MethodDef::method("lstrip", b_lstrip),
            MethodDef::method("rstrip", b_rstrip),
            MethodDef::method("replace", b_replace),
            MethodDef::method("upper", b_upper),
            MethodDef::method("lower", b_lower),
            MethodDef::method("swapcase", b_swapcase),
            MethodDef::method("capitalize", b_capitalize),
            MethodDef::method("title", b_title),
            MethodDef::method("isdigit", b_isdigit),
            MethodDef::method("isalpha", b_isalpha),
            MethodDef::method("isalnum", b_isalnum),
            MethodDef::method("isspace", b_isspace),
            MethodDef::method("isascii", b_isascii),
            MethodDef::method("isupper", b_isupper),
            MethodDef::method("islower", b_islower),
            MethodDef::method("partition", b_partition),
            MethodDef::method("rpartition", b_rpartition),
            MethodDef::method("center", b_center),
            MethodDef::method("ljust", b_ljust),
            MethodDef::method("rjust", b_rjust),
            MethodDef::method("zfill", b_zfill),
            MethodDef::method("removeprefix", b_removeprefix),
            MethodDef::method("removesuffix", b_removesuffix),
            $($extra),*
        ]
    };
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &BYTES_TYPE,
            methods: shared_methods![
                MethodDef::static_("__new__", bytes_new),
                MethodDef::method("__hash__", bytes_hash),
                MethodDef::method("__getnewargs__", b_getnewargs),
            ],
            getsets: &[],
            doc: None,
        },
        TypeSpec {
            ty: &BYTEARRAY_TYPE,
            methods: shared_methods![
                MethodDef::static_("__new__", bytearray_new),
                MethodDef::method("__init__", bytearray_init),
                MethodDef::method("__hash__", bytearray_hash),
                MethodDef::method("__setitem__", ba_setitem),
                MethodDef::method("__delitem__", ba_delitem),
                MethodDef::method("__iadd__", ba_iadd),
                MethodDef::method("__imul__", ba_imul),
                MethodDef::method("append", ba_append),
                MethodDef::method("extend", ba_extend),
                MethodDef::method("insert", ba_insert),
                MethodDef::method("pop", ba_pop),
                MethodDef::method("remove", ba_remove),
                MethodDef::method("reverse", ba_reverse),
                MethodDef::method("clear", ba_clear),
                MethodDef::method("copy", ba_copy),
            ],
            getsets: &[],
            doc: None,
        },
        crate::builtins::methods::iter::native_iter_spec(&BYTES_ITER_TYPE),
        crate::builtins::methods::iter::native_iter_spec(&BYTEARRAY_ITER_TYPE),
    ]
}
