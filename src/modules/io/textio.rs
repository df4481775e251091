//! Text streams, as CPython's `textio.c`: `TextIOWrapper` over a buffered binary stream, and
//! `IncrementalNewlineDecoder`, which both it and `StringIO` use for universal newlines.
//!
//! Decoding goes through the codec registry's incremental decoders, with a native UTF-8
//! decoder for the common case; encoding through incremental encoders, with the native UTF-8,
//! ASCII and latin-1 encoders. `tell()` returns CPython's opaque cookie (the byte position
//! of a point where the decoder state is known, the decoder flags there, the bytes to feed
//! and the characters to skip after it), found by replaying the last chunk byte by byte.

use std::cell::{Cell, RefCell};

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::NativeData;
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

use super::base::TEXTIOBASE_TYPE;
use super::{closed_error, locale_encoding, new_stream, size_arg, state, unsupported};

pub static TEXTIO_TYPE: TypeObject = TypeObject::new_static(
    "TextIOWrapper",
    Layout::Instance,
    Some(&TEXTIOBASE_TYPE),
    BASETYPE,
);
pub static NEWLINE_DECODER_TYPE: TypeObject = TypeObject::new_static(
    "IncrementalNewlineDecoder",
    Layout::Instance,
    Some(&OBJECT_TYPE),
    BASETYPE,
);
static TEXTIO_STATE_TYPE: TypeObject =
    TypeObject::new_static("TextIOWrapper state", Layout::Native, Some(&OBJECT_TYPE), 0);
static NEWLINE_STATE_TYPE: TypeObject = TypeObject::new_static(
    "IncrementalNewlineDecoder state",
    Layout::Native,
    Some(&OBJECT_TYPE),
    0,
);

const CR: u32 = '\r' as u32;
const LF: u32 = '\n' as u32;
const SEEN_LF: u8 = 1;
const SEEN_CR: u8 = 2;
const SEEN_CRLF: u8 = 4;

/// A `newline` argument: None, '', '\n', '\r' or '\r\n'.
pub fn newline_arg(_vm: &mut Vm, v: &Value) -> PyResult<Option<String>> {
    if v.is_none() {
        return Ok(None);
    }
    let s = str::as_str(v).ok_or_else(|| {
        type_error(format!(
            "newline must be str or None, not {}",
            v.ty().name()
        ))
    })?;
    if !matches!(s, "" | "\n" | "\r" | "\r\n") {
        return Err(value_error(format!(
            "illegal newline value: {}",
            str::repr_str(s)
        )));
    }
    Ok(Some(s.to_string()))
}

/// The length of the first line of `text` (its terminator included), or None when no line
/// ends in it. `translated`: lines end at '\n' only; `universal`: at '\r', '\n' or "\r\n";
/// otherwise at `nl`.
pub fn find_line(text: &[u32], translated: bool, universal: bool, nl: &str) -> Option<usize> {
    if translated {
        return text.iter().position(|&c| c == LF).map(|i| i + 1);
    }
    if universal {
        let i = text.iter().position(|&c| c == LF || c == CR)?;
        if text[i] == CR && text.get(i + 1) == Some(&LF) {
            return Some(i + 2);
        }
        return Some(i + 1);
    }
    let nl: Vec<u32> = nl.chars().map(|c| c as u32).collect();
    text.windows(nl.len())
        .position(|w| w == nl.as_slice())
        .map(|i| i + nl.len())
}

/// `find_line`, or the whole text when no line ends in it.
pub fn find_line_end(text: &[u32], translated: bool, universal: bool, nl: &str) -> usize {
    find_line(text, translated, universal, nl).unwrap_or(text.len())
}

/// The universal-newlines state: which newline kinds were seen, and a '\r' held back at the
/// end of the last input (it may begin a "\r\n").
#[derive(Clone)]
pub struct NewlineDecoder {
    translate: bool,
    pendingcr: bool,
    seennl: u8,
}

impl NewlineDecoder {
    pub fn new(translate: bool) -> NewlineDecoder {
        NewlineDecoder {
            translate,
            pendingcr: false,
            seennl: 0,
        }
    }

    pub fn feed_code_points(&mut self, input: impl Iterator<Item = u32>, final_: bool) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        if self.pendingcr {
            out.push(CR);
        }
        out.extend(input);
        self.pendingcr = false;
        if out.last() == Some(&CR) && !final_ {
            out.pop();
            self.pendingcr = true;
        }
        let mut result = Vec::with_capacity(out.len());
        let mut i = 0;
        while i < out.len() {
            match out[i] {
                CR if out.get(i + 1) == Some(&LF) => {
                    self.seennl |= SEEN_CRLF;
                    if self.translate {
                        result.push(LF);
                    } else {
                        result.extend([CR, LF]);
                    }
                    i += 2;
                    continue;
                }
                CR => {
                    self.seennl |= SEEN_CR;
                    result.push(if self.translate { LF } else { CR });
                }
                LF => {
                    self.seennl |= SEEN_LF;
                    result.push(LF);
                }
                c => result.push(c),
            }
            i += 1;
        }
        result
    }

    pub fn newlines(&self) -> Value {
        let s = |x: &str| str::new_str(x);
        match self.seennl {
            0 => none(),
            SEEN_LF => s("\n"),
            SEEN_CR => s("\r"),
            SEEN_CRLF => s("\r\n"),
            3 => tuple::from_array([s("\r"), s("\n")]),
            5 => tuple::from_array([s("\n"), s("\r\n")]),
            6 => tuple::from_array([s("\r"), s("\r\n")]),
            _ => tuple::from_array([s("\r"), s("\n"), s("\r\n")]),
        }
    }

    fn reset(&mut self) {
        self.seennl = 0;
        self.pendingcr = false;
    }
}

fn code_points_of(v: &Value, what: &str) -> PyResult<Vec<u32>> {
    str::payload(v)
        .map(|s| s.code_points().collect())
        .ok_or_else(|| {
            type_error(format!(
                "{what} should have returned a str object, not '{}'",
                v.ty().name()
            ))
        })
}

// ---- IncrementalNewlineDecoder (the Python-facing class) ----

struct NewlineObj {
    inner: RefCell<Option<Value>>,
    nl: RefCell<NewlineDecoder>,
}

impl NativeData for NewlineObj {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(v) = &*self.inner.borrow() {
            visit(v);
        }
    }

    fn clear(&self, out: &mut Vec<Value>) {
        out.extend(self.inner.borrow_mut().take());
    }
}

fn nl_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("__new__(X): X is not a type object"))?;
    Ok(new_stream(
        cls,
        &NEWLINE_STATE_TYPE,
        NewlineObj {
            inner: RefCell::new(None),
            nl: RefCell::new(NewlineDecoder::new(false)),
        },
    ))
}

fn nl_init(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind(
        "IncrementalNewlineDecoder",
        &["self", "decoder", "translate", "errors"],
        3,
    )?;
    let this = b[0].clone().expect("self");
    let s = state::<NewlineObj>(&this, "IncrementalNewlineDecoder")?;
    let dec = b[1].clone().expect("decoder");
    let translate = vm.truthy(b[2].as_ref().expect("translate"))?;
    *s.inner.borrow_mut() = (!dec.is_none()).then_some(dec);
    *s.nl.borrow_mut() = NewlineDecoder::new(translate);
    let errors = b[3].clone().unwrap_or_else(|| str::new_str("strict"));
    vm.setattr(&this, "errors", errors)?;
    Ok(none())
}

fn nl_decode(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("decode", &["self", "input", "final"], 2)?;
    let this = b[0].clone().expect("self");
    let s = state::<NewlineObj>(&this, "IncrementalNewlineDecoder")?;
    let input = b[1].clone().expect("input");
    let final_ = match &b[2] {
        Some(f) => vm.truthy(f)?,
        None => false,
    };
    let inner = s.inner.borrow().clone();
    let text = match inner {
        Some(d) => {
            let r = vm.call_method(&d, "decode", &[input, bool_value(final_)])?;
            code_points_of(&r, "decoder")?
        }
        None => code_points_of(&input, "decoder")?,
    };
    let out = s.nl.borrow_mut().feed_code_points(text.into_iter(), final_);
    Ok(str::from_code_points(&out))
}

fn nl_getstate(vm: &mut Vm, args: Args) -> PyResult {
    let s = state::<NewlineObj>(&args.values[0], "IncrementalNewlineDecoder")?;
    let inner = s.inner.borrow().clone();
    let (buf, flags) = match inner {
        Some(d) => {
            let st = vm.call_method(&d, "getstate", &[])?;
            let t = tuple::as_tuple(&st)
                .filter(|t| t.len() == 2)
                .map(|t| t.to_vec())
                .ok_or_else(|| type_error("illegal decoder state"))?;
            let f = int::as_bigint(&t[1]).ok_or_else(|| type_error("illegal decoder state"))?;
            (t[0].clone(), f)
        }
        None => (bytes::new_bytes(Vec::new()), BigInt::zero()),
    };
    let flags = (flags << 1) | BigInt::from(s.nl.borrow().pendingcr as u8);
    Ok(tuple::from_array([buf, int::from_bigint(flags)]))
}

fn nl_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setstate", 2, 2)?;
    let s = state::<NewlineObj>(&a[0], "IncrementalNewlineDecoder")?;
    let t = tuple::as_tuple(&a[1])
        .filter(|t| t.len() == 2)
        .map(|t| t.to_vec())
        .ok_or_else(|| type_error("state argument must be a tuple"))?;
    let flags = int::as_bigint(&t[1]).ok_or_else(|| type_error("illegal state argument"))?;
    s.nl.borrow_mut().pendingcr = (&flags & BigInt::from(1)) == BigInt::from(1);
    let inner = s.inner.borrow().clone();
    if let Some(d) = inner {
        let st = tuple::from_array([t[0].clone(), int::from_bigint(flags >> 1)]);
        vm.call_method(&d, "setstate", &[st])?;
    }
    Ok(none())
}

fn nl_reset(vm: &mut Vm, args: Args) -> PyResult {
    let s = state::<NewlineObj>(&args.values[0], "IncrementalNewlineDecoder")?;
    s.nl.borrow_mut().reset();
    let inner = s.inner.borrow().clone();
    if let Some(d) = inner {
        vm.call_method(&d, "reset", &[])?;
    }
    Ok(none())
}

fn nl_newlines(_vm: &mut Vm, this: &Value) -> PyResult {
    let s = state::<NewlineObj>(this, "IncrementalNewlineDecoder")?;
    let v = s.nl.borrow().newlines();
    Ok(v)
}

// ---- the codecs a TextIOWrapper uses ----

enum InnerDecoder {
    /// UTF-8, with an incomplete sequence at the end of the input held back.
    Utf8 {
        pending: Vec<u8>,
        errors: String,
    },
    Python(Value),
}

struct Decoder {
    inner: InnerDecoder,
    nl: Option<NewlineDecoder>,
}

/// How many bytes at the end of `b` begin a UTF-8 sequence that is not complete yet.
fn incomplete_utf8_tail(b: &[u8]) -> usize {
    for k in 1..=3.min(b.len()) {
        let c = b[b.len() - k];
        if c < 0x80 {
            return 0;
        }
        if c >= 0xc0 {
            let need = if c < 0xe0 {
                2
            } else if c < 0xf0 {
                3
            } else {
                4
            };
            return if need > k { k } else { 0 };
        }
    }
    0
}

impl Decoder {
    fn decode(&mut self, vm: &mut Vm, input: &[u8], final_: bool) -> PyResult<Vec<u32>> {
        let text: Vec<u32> = match &mut self.inner {
            InnerDecoder::Utf8 { pending, errors } => {
                let mut data = std::mem::take(pending);
                data.extend_from_slice(input);
                let keep = if final_ {
                    0
                } else {
                    incomplete_utf8_tail(&data)
                };
                let tail = data.split_off(data.len() - keep);
                *pending = tail;
                if let Ok(s) = std::str::from_utf8(&data) {
                    s.chars().map(|c| c as u32).collect()
                } else {
                    let errors = errors.clone();
                    let v = crate::builtins::methods::bytes::decode(vm, &data, "utf-8", &errors)?;
                    code_points_of(&v, "decoder")?
                }
            }
            InnerDecoder::Python(d) => {
                let d = d.clone();
                let r = vm.call_method(
                    &d,
                    "decode",
                    &[bytes::new_bytes(input.to_vec()), bool_value(final_)],
                )?;
                code_points_of(&r, "decoder")?
            }
        };
        Ok(match &mut self.nl {
            Some(nl) => nl.feed_code_points(text.into_iter(), final_),
            None => text,
        })
    }

    fn getstate(&self, vm: &mut Vm) -> PyResult<(Vec<u8>, BigInt)> {
        let (buf, flags) = match &self.inner {
            InnerDecoder::Utf8 { pending, .. } => (pending.clone(), BigInt::zero()),
            InnerDecoder::Python(d) => {
                let st = vm.call_method(d, "getstate", &[])?;
                let t = tuple::as_tuple(&st)
                    .filter(|t| t.len() == 2)
                    .map(|t| t.to_vec())
                    .ok_or_else(|| type_error("illegal decoder state"))?;
                let buf =
                    bytes::bytes_like(&t[0]).ok_or_else(|| type_error("illegal decoder state"))?;
                let f = int::as_bigint(&t[1]).ok_or_else(|| type_error("illegal decoder state"))?;
                (buf, f)
            }
        };
        Ok(match &self.nl {
            Some(nl) => (buf, (flags << 1) | BigInt::from(nl.pendingcr as u8)),
            None => (buf, flags),
        })
    }

    fn setstate(&mut self, vm: &mut Vm, buf: Vec<u8>, flags: BigInt) -> PyResult<()> {
        let flags = match &mut self.nl {
            Some(nl) => {
                nl.pendingcr = (&flags & BigInt::from(1)) == BigInt::from(1);
                flags >> 1
            }
            None => flags,
        };
        match &mut self.inner {
            InnerDecoder::Utf8 { pending, .. } => *pending = buf,
            InnerDecoder::Python(d) => {
                let d = d.clone();
                let st = tuple::from_array([bytes::new_bytes(buf), int::from_bigint(flags)]);
                vm.call_method(&d, "setstate", &[st])?;
            }
        }
        Ok(())
    }

    fn reset(&mut self, vm: &mut Vm) -> PyResult<()> {
        if let Some(nl) = &mut self.nl {
            nl.reset();
        }
        match &mut self.inner {
            InnerDecoder::Utf8 { pending, .. } => pending.clear(),
            InnerDecoder::Python(d) => {
                let d = d.clone();
                vm.call_method(&d, "reset", &[])?;
            }
        }
        Ok(())
    }
}

enum Encoder {
    /// A stateless codec the native encoders handle: its name.
    Native(&'static str),
    Python(Value),
}

fn normalized(encoding: &str) -> String {
    encoding.trim().to_ascii_lowercase().replace('_', "-")
}

// ---- TextIOWrapper ----

struct TextIo {
    buffer: RefCell<Option<Value>>,
    encoding: RefCell<String>,
    errors: RefCell<String>,
    decoder: RefCell<Option<Decoder>>,
    encoder: RefCell<Option<Encoder>>,
    newline: RefCell<Option<String>>,
    line_buffering: Cell<bool>,
    write_through: Cell<bool>,
    decoded: RefCell<Vec<u32>>,
    decoded_pos: Cell<usize>,
    snapshot: RefCell<Option<(BigInt, Vec<u8>)>>,
    seekable: Cell<bool>,
    telling: Cell<bool>,
    has_read1: Cell<bool>,
    chunk_size: Cell<usize>,
}

impl NativeData for TextIo {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(b) = &*self.buffer.borrow() {
            visit(b);
        }
        if let Some(Decoder {
            inner: InnerDecoder::Python(d),
            ..
        }) = &*self.decoder.borrow()
        {
            visit(d);
        }
        if let Some(Encoder::Python(e)) = &*self.encoder.borrow() {
            visit(e);
        }
    }

    fn clear(&self, out: &mut Vec<Value>) {
        out.extend(self.buffer.borrow_mut().take());
        if let Some(Decoder {
            inner: InnerDecoder::Python(d),
            ..
        }) = self.decoder.borrow_mut().take()
        {
            out.push(d);
        }
        if let Some(Encoder::Python(e)) = self.encoder.borrow_mut().take() {
            out.push(e);
        }
    }
}

fn me(v: &Value) -> PyResult<&TextIo> {
    state::<TextIo>(v, "TextIOWrapper")
}

impl TextIo {
    fn buffer(&self) -> PyResult<Value> {
        self.buffer
            .borrow()
            .clone()
            .ok_or_else(|| value_error("underlying buffer has been detached"))
    }

    fn readuniversal(&self) -> bool {
        self.newline.borrow().as_deref().is_none_or(str::is_empty)
    }

    fn readtranslate(&self) -> bool {
        self.newline.borrow().is_none()
    }

    fn unread(&self) -> Vec<u32> {
        let d = self.decoded.borrow();
        d[self.decoded_pos.get().min(d.len())..].to_vec()
    }

    fn set_decoded(&self, chars: Vec<u32>) {
        *self.decoded.borrow_mut() = chars;
        self.decoded_pos.set(0);
    }

    fn take_decoded(&self, n: usize) -> Vec<u32> {
        let d = self.decoded.borrow();
        let pos = self.decoded_pos.get().min(d.len());
        let end = pos.saturating_add(n).min(d.len());
        self.decoded_pos.set(end);
        d[pos..end].to_vec()
    }
}

fn check_open(vm: &mut Vm, t: &TextIo) -> PyResult<Value> {
    let b = t.buffer()?;
    let c = vm.getattr(&b, "closed")?;
    if vm.truthy(&c)? {
        return Err(closed_error());
    }
    Ok(b)
}

fn textio_new(_vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("__new__(X): X is not a type object"))?;
    Ok(new_stream(
        cls,
        &TEXTIO_STATE_TYPE,
        TextIo {
            buffer: RefCell::new(None),
            encoding: RefCell::new(String::new()),
            errors: RefCell::new("strict".into()),
            decoder: RefCell::new(None),
            encoder: RefCell::new(None),
            newline: RefCell::new(None),
            line_buffering: Cell::new(false),
            write_through: Cell::new(false),
            decoded: RefCell::new(Vec::new()),
            decoded_pos: Cell::new(0),
            snapshot: RefCell::new(None),
            seekable: Cell::new(false),
            telling: Cell::new(false),
            has_read1: Cell::new(false),
            chunk_size: Cell::new(8192),
        },
    ))
}

/// The codec info for a text encoding, or CPython's LookupError.
fn text_codec(vm: &mut Vm, encoding: &str) -> PyResult {
    let info = crate::modules::codecs::lookup(vm, encoding)?;
    if let Some(flag) = vm.getattr_opt(&info, "_is_text_encoding")? {
        if !vm.truthy(&flag)? {
            return Err(PyErr::new(
                &exception::LOOKUP_ERROR,
                format!("'{encoding}' is not a text encoding; use codecs.open() to handle arbitrary codecs"),
            ));
        }
    }
    Ok(info)
}

/// Builds the decoder and encoder for the current encoding, errors and newline mode.
fn set_codecs(vm: &mut Vm, t: &TextIo) -> PyResult<()> {
    let buffer = t.buffer()?;
    let encoding = t.encoding.borrow().clone();
    let errors = t.errors.borrow().clone();
    let info = text_codec(vm, &encoding)?;
    let name = vm.getattr(&info, "name")?;
    let name = normalized(str::as_str(&name).unwrap_or(""));
    let readable = vm.call_method(&buffer, "readable", &[])?;
    *t.decoder.borrow_mut() = if vm.truthy(&readable)? {
        let inner = if name == "utf-8" {
            InnerDecoder::Utf8 {
                pending: Vec::new(),
                errors: errors.clone(),
            }
        } else {
            let make = vm.getattr(&info, "incrementaldecoder")?;
            InnerDecoder::Python(vm.call(&make, &[str::new_str(&errors)])?)
        };
        Some(Decoder {
            inner,
            nl: t
                .readuniversal()
                .then(|| NewlineDecoder::new(t.readtranslate())),
        })
    } else {
        None
    };
    let writable = vm.call_method(&buffer, "writable", &[])?;
    *t.encoder.borrow_mut() = if vm.truthy(&writable)? {
        Some(match name.as_str() {
            "utf-8" => Encoder::Native("utf-8"),
            "ascii" => Encoder::Native("ascii"),
            "latin-1" | "iso8859-1" => Encoder::Native("latin-1"),
            _ => {
                let make = vm.getattr(&info, "incrementalencoder")?;
                let enc = vm.call(&make, &[str::new_str(&errors)])?;
                // Appending to a file that has text already: no second BOM.
                if t.seekable.get() {
                    let pos = vm.call_method(&buffer, "tell", &[])?;
                    if vm.index_i64(&pos)? != 0 {
                        vm.call_method(&enc, "setstate", &[int::from_i64(0)])?;
                    }
                }
                Encoder::Python(enc)
            }
        })
    } else {
        None
    };
    Ok(())
}

fn opt_str_arg(v: &Option<Value>, what: &str) -> PyResult<Option<String>> {
    match v {
        Some(x) if !x.is_none() => str::as_str(x).map(|s| Some(s.to_string())).ok_or_else(|| {
            type_error(format!(
                "TextIOWrapper() argument '{what}' must be str or None, not {}",
                x.ty().name()
            ))
        }),
        _ => Ok(None),
    }
}

fn textio_init(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind(
        "TextIOWrapper",
        &[
            "self",
            "buffer",
            "encoding",
            "errors",
            "newline",
            "line_buffering",
            "write_through",
        ],
        2,
    )?;
    let this = b[0].clone().expect("self");
    let t = me(&this)?;
    let buffer = b[1].clone().expect("buffer");
    let encoding = match opt_str_arg(&b[2], "encoding")? {
        None => locale_encoding().to_string(),
        Some(e) if e == "locale" => locale_encoding().to_string(),
        Some(e) => e,
    };
    if encoding.contains('\0') {
        return Err(value_error("embedded null character"));
    }
    let errors = opt_str_arg(&b[3], "errors")?.unwrap_or_else(|| "strict".into());
    let newline = match &b[4] {
        Some(v) => newline_arg(vm, v)?,
        None => None,
    };
    let flag = |vm: &mut Vm, v: &Option<Value>| -> PyResult<bool> {
        match v {
            Some(x) => vm.truthy(x),
            None => Ok(false),
        }
    };
    t.line_buffering.set(flag(vm, &b[5])?);
    t.write_through.set(flag(vm, &b[6])?);
    *t.buffer.borrow_mut() = Some(buffer.clone());
    *t.encoding.borrow_mut() = encoding;
    *t.errors.borrow_mut() = errors;
    *t.newline.borrow_mut() = newline;
    t.set_decoded(Vec::new());
    *t.snapshot.borrow_mut() = None;
    let seekable = vm.call_method(&buffer, "seekable", &[])?;
    t.seekable.set(vm.truthy(&seekable)?);
    t.telling.set(t.seekable.get());
    t.has_read1.set(vm.getattr_opt(&buffer, "read1")?.is_some());
    set_codecs(vm, t)?;
    Ok(none())
}

fn encode_text(vm: &mut Vm, t: &TextIo, text: &Value) -> PyResult<Vec<u8>> {
    let enc = match &*t.encoder.borrow() {
        Some(Encoder::Native(n)) => Encoder::Native(n),
        Some(Encoder::Python(e)) => Encoder::Python(e.clone()),
        None => return Err(unsupported("not writable")),
    };
    let out = match enc {
        Encoder::Native(name) => {
            let errors = t.errors.borrow().clone();
            crate::builtins::methods::bytes::encode(vm, text, name, &errors)?
        }
        Encoder::Python(e) => vm.call_method(&e, "encode", std::slice::from_ref(text))?,
    };
    bytes::bytes_like(&out).ok_or_else(|| {
        type_error(format!(
            "encoder should return a bytes object, not '{}'",
            out.ty().name()
        ))
    })
}

fn textio_write(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("write", 2, 2)?;
    let text = str::payload(&a[1]).ok_or_else(|| {
        type_error(format!(
            "write() argument must be str, not {}",
            a[1].ty().name()
        ))
    })?;
    let n = text.char_len();
    write_str(vm, &a[0], text.as_str(), Some(&a[1]))?;
    Ok(int::from_usize(n))
}

/// The byte stream under `t` when it is the native stack (a `BufferedWriter` over a `FileIO`,
/// or a bare `FileIO`), which takes bytes without a Python call.
fn native_sink(t: &TextIo) -> Option<Value> {
    let b = t.buffer.borrow().clone()?;
    (super::buffered::is_native_writer(&b) || super::fileio::is_native(&b)).then_some(b)
}

fn sink_is_closed(sink: &Value) -> bool {
    if super::fileio::is_native(sink) {
        super::fileio::is_closed(sink)
    } else {
        super::buffered::native_is_closed(sink)
    }
}

fn sink_write(vm: &mut Vm, sink: &Value, mut data: &[u8]) -> PyResult<()> {
    if !super::fileio::is_native(sink) {
        return super::buffered::write_native(vm, sink, data);
    }
    while !data.is_empty() {
        match super::fileio::write_some(vm, sink, data)? {
            Some(n) => data = &data[n..],
            None => {
                return Err(PyErr::new(
                    &exception::BLOCKING_IO_ERROR,
                    "write could not complete without blocking",
                ))
            }
        }
    }
    Ok(())
}

/// Flushes a native text stack (no Python call); other streams are left alone.
pub fn flush_native(vm: &mut Vm, this: &Value) -> PyResult<()> {
    if !this.is_type(&TEXTIO_TYPE) {
        return Ok(());
    }
    let sink = me(this).ok().and_then(native_sink);
    match sink {
        Some(s) if !super::fileio::is_native(&s) && !sink_is_closed(&s) => {
            super::buffered::flush_native(vm, &s)
        }
        _ => Ok(()),
    }
}

/// Writes `text` (held by the str `value`, when the caller has one) to a `TextIOWrapper`.
/// Text without lone surrogates going through the native UTF-8 encoder to the native stack
/// (`sys.stdout`, files from `open()`) is copied straight into the buffer.
pub fn write_str(vm: &mut Vm, this: &Value, text: &str, value: Option<&Value>) -> PyResult<()> {
    let t = me(this)?;
    let plain = value.is_none_or(|v| str::payload(v).is_none_or(|s| !s.has_surrogates()));
    let direct = plain
        && t.decoder.borrow().is_none()
        && matches!(*t.encoder.borrow(), Some(Encoder::Native("utf-8")))
        && !t
            .newline
            .borrow()
            .as_deref()
            .is_some_and(|nl| nl.starts_with('\r'));
    if let Some(sink) = direct.then(|| native_sink(t)).flatten() {
        if sink_is_closed(&sink) {
            return Err(closed_error());
        }
        sink_write(vm, &sink, text.as_bytes())?;
        let line_end = t.line_buffering.get() && (text.contains('\n') || text.contains('\r'));
        if line_end || t.write_through.get() {
            flush_native(vm, this)?;
        }
        *t.snapshot.borrow_mut() = None;
        return Ok(());
    }
    let owned;
    let value = match value {
        Some(v) => v,
        None => {
            owned = str::new_str(text);
            &owned
        }
    };
    write_general(vm, t, value)
}

fn write_general(vm: &mut Vm, t: &TextIo, value: &Value) -> PyResult<()> {
    let buffer = check_open(vm, t)?;
    let text = str::payload(value).expect("a str");
    let has_lf = text.as_str().contains('\n');
    let writenl = t.newline.borrow().clone().filter(|nl| nl.starts_with('\r'));
    let translated;
    let out_text = match &writenl {
        Some(nl) if has_lf => {
            let mut b = str::StrBuf::default();
            for c in text.code_points() {
                if c == LF {
                    b.push_str(nl);
                } else {
                    b.push_code_point(c);
                }
            }
            translated = b.finish();
            &translated
        }
        _ => value,
    };
    let data = encode_text(vm, t, out_text)?;
    vm.call_method(&buffer, "write", &[bytes::new_bytes(data)])?;
    let needs_flush = t.line_buffering.get() && (has_lf || text.as_str().contains('\r'));
    if needs_flush || t.write_through.get() {
        vm.call_method(&buffer, "flush", &[])?;
    }
    *t.snapshot.borrow_mut() = None;
    t.set_decoded(Vec::new());
    let mut dec = t.decoder.borrow_mut().take();
    if let Some(d) = &mut dec {
        d.reset(vm)?;
    }
    *t.decoder.borrow_mut() = dec;
    Ok(())
}

/// Runs `f` with the decoder taken out of the state (its methods call back into Python).
fn with_decoder<R>(
    vm: &mut Vm,
    t: &TextIo,
    f: impl FnOnce(&mut Vm, &mut Decoder) -> PyResult<R>,
) -> PyResult<R> {
    let mut d = t
        .decoder
        .borrow_mut()
        .take()
        .ok_or_else(|| unsupported("not readable"))?;
    let r = f(vm, &mut d);
    *t.decoder.borrow_mut() = Some(d);
    r
}

/// Reads and decodes one chunk; false at end of file.
fn read_chunk(vm: &mut Vm, t: &TextIo, buffer: &Value) -> PyResult<bool> {
    let telling = t.telling.get();
    let before = if telling {
        Some(with_decoder(vm, t, |vm, d| d.getstate(vm))?)
    } else {
        None
    };
    let method = if t.has_read1.get() { "read1" } else { "read" };
    let input = vm.call_method(buffer, method, &[int::from_usize(t.chunk_size.get())])?;
    let input = bytes::bytes_like(&input).ok_or_else(|| {
        type_error(format!(
            "underlying {method}() should have returned a bytes-like object, not '{}'",
            input.ty().name()
        ))
    })?;
    let eof = input.is_empty();
    let decoded = with_decoder(vm, t, |vm, d| d.decode(vm, &input, eof))?;
    t.set_decoded(decoded);
    if let Some((mut buf, flags)) = before {
        buf.extend_from_slice(&input);
        *t.snapshot.borrow_mut() = Some((flags, buf));
    }
    Ok(!eof)
}

fn textio_read(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("read", &["self", "size"], 1)?;
    let this = b[0].clone().expect("self");
    let t = me(&this)?;
    let buffer = check_open(vm, t)?;
    let n = size_arg(vm, b[1].as_ref())?;
    if t.decoder.borrow().is_none() {
        return Err(unsupported("not readable"));
    }
    if n < 0 {
        let input = vm.call_method(&buffer, "read", &[])?;
        let input = bytes::bytes_like(&input).unwrap_or_default();
        let mut out = t.unread();
        out.extend(with_decoder(vm, t, |vm, d| d.decode(vm, &input, true))?);
        t.set_decoded(Vec::new());
        *t.snapshot.borrow_mut() = None;
        return Ok(str::from_code_points(&out));
    }
    let n = n as usize;
    let mut out = t.take_decoded(n);
    while out.len() < n {
        let more = read_chunk(vm, t, &buffer)?;
        out.extend(t.take_decoded(n - out.len()));
        if !more {
            break;
        }
    }
    Ok(str::from_code_points(&out))
}

fn readline_impl(vm: &mut Vm, t: &TextIo, limit: i64) -> PyResult<Vec<u32>> {
    let buffer = check_open(vm, t)?;
    if t.decoder.borrow().is_none() {
        return Err(unsupported("not readable"));
    }
    let translated = t.readtranslate();
    let universal = t.readuniversal() && !translated;
    let nl = t.newline.borrow().clone().unwrap_or_else(|| "\n".into());
    let mut line = t.unread();
    t.decoded_pos.set(t.decoded.borrow().len());
    let mut start = 0;
    let end;
    loop {
        if let Some(e) = find_line(&line[start..], translated, universal, &nl) {
            let e = start + e;
            // A '\r' at the very end may begin a "\r\n" still to come.
            let cr_at_end = universal && e == line.len() && line[e - 1] == CR;
            if !cr_at_end {
                end = e;
                break;
            }
        }
        if limit >= 0 && line.len() >= limit as usize {
            end = limit as usize;
            break;
        }
        start = line.len().saturating_sub(1).max(start);
        let mut got = false;
        while read_chunk(vm, t, &buffer)? {
            if !t.decoded.borrow().is_empty() {
                got = true;
                break;
            }
        }
        if !got && t.decoded.borrow().is_empty() {
            *t.snapshot.borrow_mut() = None;
            let e = if universal {
                find_line_end(&line, false, true, &nl)
            } else {
                line.len()
            };
            end = e.min(line.len());
            break;
        }
        line.extend(t.unread());
        t.decoded_pos.set(t.decoded.borrow().len());
    }
    let end = if limit >= 0 {
        end.min(limit as usize)
    } else {
        end
    };
    let back = line.len() - end;
    if back > 0 {
        let pos = t.decoded_pos.get();
        t.decoded_pos.set(pos.saturating_sub(back));
    }
    line.truncate(end);
    Ok(line)
}

fn textio_readline(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("readline", &["self", "size"], 1)?;
    let this = b[0].clone().expect("self");
    let t = me(&this)?;
    let limit = size_arg(vm, b[1].as_ref())?;
    Ok(str::from_code_points(&readline_impl(vm, t, limit)?))
}

fn textio_next(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let t = me(this)?;
    t.telling.set(false);
    let line = if std::ptr::eq(this.ty(), &TEXTIO_TYPE) {
        str::from_code_points(&readline_impl(vm, t, -1)?)
    } else {
        vm.call_method(this, "readline", &[])?
    };
    if str::payload(&line).is_none_or(|l| l.char_len() == 0) {
        *t.snapshot.borrow_mut() = None;
        t.telling.set(t.seekable.get());
        return Err(PyErr::new(&exception::STOP_ITERATION, ""));
    }
    Ok(line)
}

fn pack_cookie(pos: &BigInt, flags: &BigInt, feed: usize, eof: bool, skip: usize) -> Value {
    let c = pos
        | (flags << 64)
        | (BigInt::from(feed) << 128)
        | (BigInt::from(eof as u8) << 192)
        | (BigInt::from(skip) << 256);
    int::from_bigint(c)
}

fn unpack_cookie(c: &BigInt) -> (BigInt, BigInt, usize, bool, usize) {
    let mask = (BigInt::from(1) << 64) - 1;
    let field = |shift: u32| (c >> shift) & &mask;
    (
        field(0),
        field(64),
        field(128).to_usize().unwrap_or(0),
        !field(192).is_zero(),
        field(256).to_usize().unwrap_or(0),
    )
}

fn textio_tell(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let t = me(this)?;
    let buffer = check_open(vm, t)?;
    if !t.seekable.get() {
        return Err(unsupported("underlying stream is not seekable"));
    }
    if !t.telling.get() {
        return Err(PyErr::new(
            &exception::OS_ERROR,
            "telling position disabled by next() call",
        ));
    }
    vm.call_method(this, "flush", &[])?;
    let pos = vm.call_method(&buffer, "tell", &[])?;
    let pos = int::as_bigint(&pos).ok_or_else(|| type_error("tell() should return an int"))?;
    let snapshot = t.snapshot.borrow().clone();
    let (Some((dec_flags, next_input)), true) = (snapshot, t.decoder.borrow().is_some()) else {
        return Ok(int::from_bigint(pos));
    };
    let start = pos - BigInt::from(next_input.len());
    let skip = t.decoded_pos.get();
    if skip == 0 {
        return Ok(pack_cookie(&start, &dec_flags, 0, false, 0));
    }
    with_decoder(vm, t, |vm, d| {
        let saved = d.getstate(vm)?;
        let r = (|| -> PyResult {
            d.setstate(vm, Vec::new(), dec_flags.clone())?;
            let mut start_pos = start.clone();
            let mut start_flags = dec_flags.clone();
            let mut to_skip = skip;
            let (mut fed, mut chars) = (0usize, 0usize);
            for &byte in &next_input {
                fed += 1;
                chars += d.decode(vm, &[byte], false)?.len();
                let (buf, flags) = d.getstate(vm)?;
                if buf.is_empty() && chars <= to_skip {
                    // A point where the decoder holds nothing: the cookie can start here.
                    start_pos += BigInt::from(fed);
                    to_skip -= chars;
                    start_flags = flags;
                    fed = 0;
                    chars = 0;
                }
                if chars >= to_skip {
                    return Ok(pack_cookie(&start_pos, &start_flags, fed, false, to_skip));
                }
            }
            chars += d.decode(vm, &[], true)?.len();
            if chars < to_skip {
                return Err(PyErr::new(
                    &exception::OS_ERROR,
                    "can't reconstruct logical file position",
                ));
            }
            Ok(pack_cookie(&start_pos, &start_flags, fed, true, to_skip))
        })();
        d.setstate(vm, saved.0, saved.1)?;
        r
    })
}

fn reset_encoder(vm: &mut Vm, t: &TextIo, at_start: bool) -> PyResult<()> {
    let enc = match &*t.encoder.borrow() {
        Some(Encoder::Python(e)) => e.clone(),
        _ => return Ok(()),
    };
    if at_start {
        vm.call_method(&enc, "reset", &[])?;
    } else {
        vm.call_method(&enc, "setstate", &[int::from_i64(0)])?;
    }
    Ok(())
}

fn textio_seek(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("seek", 2, 3)?;
    let this = &a[0];
    let t = me(this)?;
    let buffer = check_open(vm, t)?;
    let whence = match a.get(2) {
        Some(w) => vm.index_i64(w)?,
        None => 0,
    };
    if !t.seekable.get() {
        return Err(unsupported("underlying stream is not seekable"));
    }
    let cookie = vm.index(&a[1])?;
    let cookie = int::as_bigint(&cookie).unwrap_or_default();
    match whence {
        1 => {
            if !cookie.is_zero() {
                return Err(unsupported("can't do nonzero cur-relative seeks"));
            }
            return vm.call_method(this, "tell", &[]);
        }
        2 => {
            if !cookie.is_zero() {
                return Err(unsupported("can't do nonzero end-relative seeks"));
            }
            vm.call_method(this, "flush", &[])?;
            let pos = vm.call_method(&buffer, "seek", &[int::from_i64(0), int::from_i64(2)])?;
            t.set_decoded(Vec::new());
            *t.snapshot.borrow_mut() = None;
            if t.decoder.borrow().is_some() {
                with_decoder(vm, t, |vm, d| d.reset(vm))?;
            }
            let at_start = int::as_i64(&pos) == Some(0);
            reset_encoder(vm, t, at_start)?;
            return Ok(pos);
        }
        0 => {}
        w => {
            return Err(value_error(format!(
                "invalid whence ({w}, should be 0, 1 or 2)"
            )))
        }
    }
    if cookie < BigInt::zero() {
        return Err(value_error(format!("negative seek position {cookie}")));
    }
    vm.call_method(this, "flush", &[])?;
    let (start, flags, feed, eof, skip) = unpack_cookie(&cookie);
    vm.call_method(&buffer, "seek", &[int::from_bigint(start)])?;
    t.set_decoded(Vec::new());
    *t.snapshot.borrow_mut() = None;
    if t.decoder.borrow().is_some() {
        if cookie.is_zero() {
            with_decoder(vm, t, |vm, d| d.reset(vm))?;
        } else {
            with_decoder(vm, t, |vm, d| d.setstate(vm, Vec::new(), flags.clone()))?;
            *t.snapshot.borrow_mut() = Some((flags.clone(), Vec::new()));
        }
    }
    if skip > 0 {
        let input = vm.call_method(&buffer, "read", &[int::from_usize(feed)])?;
        let input = bytes::bytes_like(&input).unwrap_or_default();
        let decoded = with_decoder(vm, t, |vm, d| d.decode(vm, &input, eof))?;
        *t.snapshot.borrow_mut() = Some((flags, input));
        if decoded.len() < skip {
            return Err(PyErr::new(
                &exception::OS_ERROR,
                "can't restore logical file position",
            ));
        }
        t.set_decoded(decoded);
        t.decoded_pos.set(skip);
    }
    reset_encoder(vm, t, cookie.is_zero())?;
    Ok(int::from_bigint(cookie))
}

fn textio_flush(vm: &mut Vm, args: Args) -> PyResult {
    let t = me(&args.values[0])?;
    let buffer = check_open(vm, t)?;
    t.telling.set(t.seekable.get());
    vm.call_method(&buffer, "flush", &[])
}

fn textio_close(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let t = me(this)?;
    let buffer = t.buffer()?;
    let c = vm.getattr(&buffer, "closed")?;
    if vm.truthy(&c)? {
        return Ok(none());
    }
    let flushed = vm.call_method(this, "flush", &[]);
    let closed = vm.call_method(&buffer, "close", &[]);
    match (flushed, closed) {
        (Err(e), Ok(_)) => Err(e),
        (Err(first), Err(second)) => {
            super::chain(&second, &first);
            Err(second)
        }
        (Ok(_), r) => r.map(|_| none()),
    }
}

fn textio_detach(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    vm.call_method(this, "flush", &[])?;
    let t = me(this)?;
    let b = t.buffer()?;
    *t.buffer.borrow_mut() = None;
    Ok(b)
}

fn textio_truncate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("truncate", 1, 2)?;
    let this = &a[0];
    let t = me(this)?;
    vm.call_method(this, "flush", &[])?;
    let buffer = t.buffer()?;
    let pos = match a.get(1) {
        Some(p) if !p.is_none() => p.clone(),
        _ => vm.call_method(this, "tell", &[])?,
    };
    vm.call_method(&buffer, "truncate", &[pos])
}

macro_rules! to_buffer {
    ($name:ident, $method:literal) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            let b = me(&args.values[0])?.buffer()?;
            vm.call_method(&b, $method, &[])
        }
    };
}
to_buffer!(textio_fileno, "fileno");
to_buffer!(textio_isatty, "isatty");
to_buffer!(textio_readable, "readable");
to_buffer!(textio_writable, "writable");

fn textio_seekable(vm: &mut Vm, args: Args) -> PyResult {
    let t = me(&args.values[0])?;
    check_open(vm, t)?;
    Ok(bool_value(t.seekable.get()))
}

macro_rules! buffer_attr {
    ($name:ident, $attr:literal) => {
        fn $name(vm: &mut Vm, this: &Value) -> PyResult {
            let b = me(this)?.buffer()?;
            vm.getattr(&b, $attr)
        }
    };
}
buffer_attr!(textio_closed, "closed");
buffer_attr!(textio_name, "name");

fn textio_buffer(_vm: &mut Vm, this: &Value) -> PyResult {
    me(this)?.buffer()
}

fn textio_encoding(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(&me(this)?.encoding.borrow()))
}

fn textio_errors(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(&me(this)?.errors.borrow()))
}

fn textio_line_buffering(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(me(this)?.line_buffering.get()))
}

fn textio_write_through(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(me(this)?.write_through.get()))
}

fn textio_newlines(_vm: &mut Vm, this: &Value) -> PyResult {
    let t = me(this)?;
    Ok(match &*t.decoder.borrow() {
        Some(Decoder { nl: Some(nl), .. }) => nl.newlines(),
        _ => none(),
    })
}

fn textio_chunk_size(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(me(this)?.chunk_size.get()))
}

fn textio_set_chunk_size(vm: &mut Vm, this: &Value, v: Option<Value>) -> PyResult<()> {
    let v = v.ok_or_else(|| exception::attribute_error("cannot delete attribute"))?;
    let n = vm.index_i64(&v)?;
    if n <= 0 {
        return Err(value_error("a strictly positive integer is required"));
    }
    me(this)?.chunk_size.set(n as usize);
    Ok(())
}

fn textio_reconfigure(vm: &mut Vm, args: Args) -> PyResult {
    let this = args.values[0].clone();
    if args.values.len() - args.kwnames.len() > 1 {
        return Err(type_error("reconfigure() takes no positional arguments"));
    }
    let t = me(&this)?;
    let mut encoding = None;
    let mut errors = None;
    let mut newline = None;
    let mut line_buffering = None;
    let mut write_through = None;
    for (k, v) in args.keywords() {
        match str::as_str(k).unwrap_or("") {
            "encoding" if !v.is_none() => encoding = Some(v.clone()),
            "errors" if !v.is_none() => errors = Some(v.clone()),
            "newline" => newline = Some(newline_arg(vm, v)?),
            "line_buffering" if !v.is_none() => line_buffering = Some(vm.truthy(v)?),
            "write_through" if !v.is_none() => write_through = Some(vm.truthy(v)?),
            "encoding" | "errors" | "line_buffering" | "write_through" => {}
            other => {
                return Err(type_error(format!(
                    "reconfigure() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    let started = !t.unread().is_empty() || t.snapshot.borrow().is_some();
    if started && (encoding.is_some() || newline.is_some()) {
        return Err(unsupported(
            "It is not possible to set the encoding or newline of stream after the first read",
        ));
    }
    vm.call_method(&this, "flush", &[])?;
    let str_of = |v: &Value, what: &str| -> PyResult<String> {
        str::as_str(v).map(str::to_string).ok_or_else(|| {
            type_error(format!(
                "reconfigure() argument '{what}' must be str or None, not {}",
                v.ty().name()
            ))
        })
    };
    let changes_codec = encoding.is_some() || errors.is_some() || newline.is_some();
    if let Some(e) = &encoding {
        let e = str_of(e, "encoding")?;
        let e = if e == "locale" {
            locale_encoding().to_string()
        } else {
            e
        };
        text_codec(vm, &e)?;
        *t.encoding.borrow_mut() = e;
        if errors.is_none() {
            *t.errors.borrow_mut() = "strict".into();
        }
    }
    if let Some(e) = &errors {
        *t.errors.borrow_mut() = str_of(e, "errors")?;
    }
    if let Some(n) = newline {
        *t.newline.borrow_mut() = n;
    }
    if changes_codec {
        set_codecs(vm, t)?;
    }
    if let Some(l) = line_buffering {
        t.line_buffering.set(l);
    }
    if let Some(w) = write_through {
        t.write_through.set(w);
    }
    Ok(none())
}

fn textio_repr(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let t = me(this)?;
    let mut out = String::from("<_io.TextIOWrapper");
    for attr in ["name", "mode"] {
        match vm.getattr_opt(this, attr) {
            Ok(Some(v)) => {
                let r = vm.repr(&v)?;
                out.push_str(&format!(" {attr}={}", str::as_str(&r).unwrap_or("?")));
            }
            Ok(None) => {}
            Err(e) if e.is_instance(&exception::VALUE_ERROR) => {}
            Err(e) => return Err(e),
        }
    }
    out.push_str(&format!(
        " encoding={}>",
        str::repr_str(&t.encoding.borrow())
    ));
    Ok(str::from_string(out))
}

fn textio_getstate(_vm: &mut Vm, args: Args) -> PyResult {
    Err(type_error(format!(
        "cannot pickle '{}' object",
        args.values[0].ty().name()
    )))
}

pub fn install() {
    crate::object::native::install_native_type(&TypeSpec {
        ty: &NEWLINE_DECODER_TYPE,
        methods: methods![
            MethodDef::static_("__new__", nl_new),
            MethodDef::method("__init__", nl_init),
            MethodDef::method("decode", nl_decode),
            MethodDef::method("getstate", nl_getstate),
            MethodDef::method("setstate", nl_setstate),
            MethodDef::method("reset", nl_reset),
        ],
        getsets: getsets![GetSetDef::readonly("newlines", nl_newlines)],
        doc: Some("Codec used when reading a file in universal newlines mode."),
    });
    crate::object::native::install_native_type(&TypeSpec {
        ty: &TEXTIO_TYPE,
        methods: methods![
            MethodDef::static_("__new__", textio_new),
            MethodDef::method("__init__", textio_init),
            MethodDef::method("write", textio_write),
            MethodDef::method("read", textio_read),
            MethodDef::method("readline", textio_readline),
            MethodDef::method("__next__", textio_next),
            MethodDef::method("tell", textio_tell),
            MethodDef::method("seek", textio_seek),
            MethodDef::method("flush", textio_flush),
            MethodDef::method("close", textio_close),
            MethodDef::method("detach", textio_detach),
            MethodDef::method("truncate", textio_truncate),
            MethodDef::method("fileno", textio_fileno),
            MethodDef::method("isatty", textio_isatty),
            MethodDef::method("readable", textio_readable),
            MethodDef::method("writable", textio_writable),
            MethodDef::method("seekable", textio_seekable),
            MethodDef::method("reconfigure", textio_reconfigure),
            MethodDef::method("__repr__", textio_repr),
            MethodDef::method("__getstate__", textio_getstate),
        ],
        getsets: getsets![
            GetSetDef::readonly("closed", textio_closed),
            GetSetDef::readonly("name", textio_name),
            GetSetDef::readonly("buffer", textio_buffer),
            GetSetDef::readonly("encoding", textio_encoding),
            GetSetDef::readonly("errors", textio_errors),
            GetSetDef::readonly("line_buffering", textio_line_buffering),
            GetSetDef::readonly("write_through", textio_write_through),
            GetSetDef::readonly("newlines", textio_newlines),
            GetSetDef::readwrite("_CHUNK_SIZE", textio_chunk_size, textio_set_chunk_size),
        ],
        doc: Some("Character and line based layer over a BufferedIOBase object, buffer."),
    });
}
