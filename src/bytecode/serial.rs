//! Heron's binary form of compiled code, for the bytecode cache (`__pycache__/*.heron-311.pyc`)
//! and for code objects in `marshal` data.
//!
//! The form is private to one build of the compiler: [`FINGERPRINT`] hashes the sources of the
//! compiler and of this module (see `build.rs`), and cache files carry it as their magic number,
//! so bytecode written by a different compiler is never trusted. Decoding checks every length and
//! tag and the whole blob's CRC-32, so a truncated or damaged file is an error, never a crash.

use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::BigInt;

use super::code::{
    code_flags, CodeHeader, CodeRef, ColumnTable, CompiledCode, Constant, EncodedCode, EncodedFile,
    ExceptionTableEntry, LineTable, Text,
};

/// The magic number of cache files: four bytes of the compiler's source fingerprint.
pub const FINGERPRINT: [u8; 4] = fingerprint(env!("HERON_BYTECODE_FINGERPRINT"));

const fn fingerprint(hex: &str) -> [u8; 4] {
    let b = hex.as_bytes();
    let mut out = [0u8; 4];
    let mut i = 0;
    while i < 8 {
        let d = match b[i] {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("fingerprint must be lowercase hex"),
        };
        out[i / 2] = (out[i / 2] << 4) | d;
        i += 1;
    }
    out
}

/// Nesting limit for constants and code objects while decoding (the compiler never nests this
/// deep; damaged data must not overflow the native stack).
const MAX_DEPTH: u32 = 200;

/// Encodes `code` (and the code objects among its constants) with a leading CRC-32 of the rest.
///
/// Every name and str constant is written once, in a table ahead of the code; code objects
/// refer to it by index (as CPython's marshal refers back to strings it has written), so the
/// reader validates and allocates each distinct string once.
pub fn encode(code: &CompiledCode) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::with_capacity(code.code.len() * 4 + 256),
        index: HashMap::new(),
        table: Vec::new(),
    };
    w.text(&code.filename);
    w.code(code);
    // The table goes first: write it, then the code after it.
    let body = std::mem::replace(&mut w.out, vec![0; 4]);
    let table = std::mem::take(&mut w.table);
    w.uint(table.len() as u64);
    for t in &table {
        w.bytes(t.as_bytes());
    }
    w.out.extend_from_slice(&body);
    let crc = crc32fast::hash(&w.out[4..]);
    w.out[..4].copy_from_slice(&crc.to_le_bytes());
    w.out
}

/// Decodes what [`encode`] produced. Every code object gets `filename` when given (so a cache
/// file that moved with its source names the source where it is now), else the one encoded.
pub fn decode(data: &[u8], filename: Option<&str>) -> Result<CompiledCode, String> {
    let body = checked_body(data)?;
    let (table, pos) = read_table(body)?;
    let mut r = Reader {
        data: body,
        pos,
        filename: Text::default(),
        table: &table,
        lazy: None,
    };
    let stored = r.text()?;
    r.filename = filename.map_or(stored, Text::from);
    let code = r.code(0)?;
    if r.pos != body.len() {
        return Err("bad marshal data (trailing bytes after code object)".into());
    }
    Ok(code)
}

/// [`decode`] of `buf[start..end]`, leaving every nested code object encoded
/// ([`CodeRef::Encoded`]) until it is read: the buffer is kept for them.
pub fn decode_lazy(
    buf: Vec<u8>,
    start: usize,
    end: usize,
    filename: Option<&str>,
) -> Result<CompiledCode, String> {
    let data = buf.get(start..end).ok_or(TRUNCATED)?;
    let body = checked_body(data)?;
    let (table, pos) = read_table(body)?;
    let stored = {
        let mut r = Reader {
            data: body,
            pos,
            filename: Text::default(),
            table: &table,
            lazy: None,
        };
        let t = r.text()?;
        (t, r.pos)
    };
    let file = Rc::new(EncodedFile {
        data: buf.into_boxed_slice(),
        body: start + 4..end,
        table: table.into_boxed_slice(),
        filename: filename.map_or(stored.0, Text::from),
    });
    let mut r = Reader {
        data: file.body(),
        pos: stored.1,
        filename: file.filename.clone(),
        table: &file.table,
        lazy: Some(&file),
    };
    let code = r.code(0)?;
    if r.pos != r.data.len() {
        return Err("bad marshal data (trailing bytes after code object)".into());
    }
    Ok(code)
}

/// Decodes the body of a code object [`decode_lazy`] left encoded (its own nested code objects
/// stay encoded in turn).
pub fn decode_body(
    file: &Rc<EncodedFile>,
    pos: usize,
    header: &CodeHeader,
) -> Result<CompiledCode, String> {
    let mut r = Reader {
        data: file.body(),
        pos,
        filename: file.filename.clone(),
        table: &file.table,
        lazy: Some(file),
    };
    r.body(header.clone(), 0)
}

/// The blob after its CRC-32, once the CRC matches.
fn checked_body(data: &[u8]) -> Result<&[u8], String> {
    let (crc, body) = data
        .split_first_chunk::<4>()
        .ok_or("bad marshal data (code object truncated)")?;
    if u32::from_le_bytes(*crc) != crc32fast::hash(body) {
        return Err("bad marshal data (code object checksum mismatch)".into());
    }
    Ok(body)
}

/// The string table at the start of a blob's body, and where the rest begins.
fn read_table(body: &[u8]) -> Result<(Vec<Text>, usize), String> {
    let mut r = Reader {
        data: body,
        pos: 0,
        filename: Text::default(),
        table: &[],
        lazy: None,
    };
    let n = r.count()?;
    let mut table = Vec::with_capacity(n);
    for _ in 0..n {
        let b = r.bytes()?;
        let s = std::str::from_utf8(b).map_err(|_| "bad marshal data (invalid UTF-8)")?;
        table.push(Text::from(s));
    }
    Ok((table, r.pos))
}

/// `marshal`'s type code for a code object; the record is the code, a little-endian `u32` length
/// and then what [`encode`] produced.
pub const MARSHAL_CODE: u8 = b'c';

/// `code` as one `marshal` record.
pub fn to_marshal(code: &CompiledCode) -> Vec<u8> {
    let blob = encode(code);
    let mut out = Vec::with_capacity(blob.len() + 5);
    out.push(MARSHAL_CODE);
    out.extend_from_slice(&(blob.len() as u32).to_le_bytes());
    out.extend_from_slice(&blob);
    out
}

/// Reads one code record at the start of `data` (type code included); returns the code and
/// how many bytes the record took.
pub fn from_marshal(data: &[u8], filename: Option<&str>) -> Result<(CompiledCode, usize), String> {
    let rest = match data.split_first() {
        Some((&t, rest)) if t & 0x7f == MARSHAL_CODE => rest,
        _ => return Err("bad marshal data (not a code object)".into()),
    };
    let (len, rest) = rest.split_first_chunk::<4>().ok_or(TRUNCATED)?;
    let len = u32::from_le_bytes(*len) as usize;
    let blob = rest.get(..len).ok_or(TRUNCATED)?;
    Ok((decode(blob, filename)?, 5 + len))
}

/// [`from_marshal`] of the record at `buf[start..]`, with [`decode_lazy`]; returns the code
/// and where the record ends.
pub fn from_marshal_lazy(
    buf: Vec<u8>,
    start: usize,
    filename: Option<&str>,
) -> Result<(CompiledCode, usize), String> {
    let rest = match buf.get(start..).and_then(|d| d.split_first()) {
        Some((&t, rest)) if t & 0x7f == MARSHAL_CODE => rest,
        _ => return Err("bad marshal data (not a code object)".into()),
    };
    let (len, _) = rest.split_first_chunk::<4>().ok_or(TRUNCATED)?;
    let blob = start + 5;
    let end = blob
        .checked_add(u32::from_le_bytes(*len) as usize)
        .filter(|&e| e <= buf.len())
        .ok_or(TRUNCATED)?;
    Ok((decode_lazy(buf, blob, end, filename)?, end))
}

struct Writer<'c> {
    out: Vec<u8>,
    /// Index in `table` of each string written so far.
    index: HashMap<&'c str, u32>,
    table: Vec<&'c str>,
}

impl<'c> Writer<'c> {
    fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.out.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.out.push(v as u8);
    }

    fn bytes(&mut self, b: &[u8]) {
        self.uint(b.len() as u64);
        self.out.extend_from_slice(b);
    }

    /// A string, as its index in the string table.
    fn text(&mut self, s: &'c str) {
        let i = self.text_index(s);
        self.uint(i as u64);
    }

    fn text_index(&mut self, s: &'c str) -> u32 {
        let next = self.table.len() as u32;
        let i = *self.index.entry(s).or_insert(next);
        if i == next {
            self.table.push(s);
        }
        i
    }

    fn texts(&mut self, v: &'c [Text]) {
        self.uint(v.len() as u64);
        for s in v {
            self.text(s);
        }
    }

    fn code(&mut self, c: &'c CompiledCode) {
        self.text(&c.name);
        self.text(&c.qualname);
        for n in [
            c.first_line,
            c.argcount,
            c.posonlyargcount,
            c.kwonlyargcount,
            c.flags,
            c.max_stack,
        ] {
            self.uint(n as u64);
        }
        // The docstring, so that a function can be made without decoding the body; then the
        // body's length, so that a reader can leave the body for later.
        let doc = match c.consts.first() {
            Some(Constant::Str(s)) if c.flags & code_flags::OPTIMIZED != 0 => {
                self.text_index(s) + 1
            }
            _ => 0,
        };
        self.uint(doc as u64);
        let len_at = self.out.len();
        self.out.extend_from_slice(&[0; 4]);
        self.bytes(&c.code);
        self.uint(c.lines.runs().count() as u64);
        for (start, end, line) in c.lines.runs() {
            self.uint((end - start) as u64);
            self.uint(line as u64);
        }
        self.uint(c.columns.len() as u64);
        self.out.extend_from_slice(c.columns.as_bytes());
        self.uint(c.consts.len() as u64);
        for k in &c.consts {
            self.constant(k);
        }
        self.texts(&c.names);
        self.texts(&c.varnames);
        self.texts(&c.cellvars);
        self.texts(&c.freevars);
        self.uint(c.cell2arg.len() as u64);
        for a in &c.cell2arg {
            self.uint(a.map_or(0, |i| i as u64 + 1));
        }
        self.uint(c.exception_table.len() as u64);
        for e in &c.exception_table {
            for n in [e.start, e.end, e.target, e.depth] {
                self.uint(n as u64);
            }
            self.out.push(e.push_lasti as u8);
        }
        let len = (self.out.len() - len_at - 4) as u32;
        self.out[len_at..len_at + 4].copy_from_slice(&len.to_le_bytes());
    }

    fn constant(&mut self, k: &'c Constant) {
        match k {
            Constant::None => self.out.push(0),
            Constant::Bool(b) => self.out.push(1 + *b as u8),
            Constant::Int(i) => {
                self.out.push(3);
                self.bytes(&i.to_signed_bytes_le());
            }
            Constant::Float(f) => {
                self.out.push(4);
                self.out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Constant::Complex { real, imag } => {
                self.out.push(5);
                self.out.extend_from_slice(&real.to_bits().to_le_bytes());
                self.out.extend_from_slice(&imag.to_bits().to_le_bytes());
            }
            Constant::Str(s) => {
                self.out.push(6);
                self.text(s);
            }
            Constant::ExactStr(b) => {
                self.out.push(7);
                self.bytes(b);
            }
            Constant::Bytes(b) => {
                self.out.push(8);
                self.bytes(b);
            }
            Constant::Tuple(items) => {
                self.out.push(9);
                self.uint(items.len() as u64);
                for i in items {
                    self.constant(i);
                }
            }
            Constant::Ellipsis => self.out.push(10),
            Constant::Code(c) => {
                self.out.push(11);
                self.code(c);
            }
        }
    }
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    filename: Text,
    /// The string table.
    table: &'a [Text],
    /// The file nested code objects stay encoded in, when decoding lazily.
    lazy: Option<&'a Rc<EncodedFile>>,
}

const TRUNCATED: &str = "bad marshal data (code object truncated)";

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.data.get(self.pos).ok_or(TRUNCATED)?;
        self.pos += 1;
        Ok(b)
    }

    #[inline]
    fn uint(&mut self) -> Result<u64, String> {
        // Most numbers (lengths, line numbers, small counts) take one byte.
        if let Some(&b) = self.data.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(b as u64);
            }
        }
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            if shift > 63 {
                return Err("bad marshal data (varint too long)".into());
            }
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    fn u32(&mut self) -> Result<u32, String> {
        u32::try_from(self.uint()?).map_err(|_| "bad marshal data (number out of range)".into())
    }

    /// A count of items still to come, each at least one byte long (bounds allocations).
    fn count(&mut self) -> Result<usize, String> {
        let n = self.uint()?;
        if n > (self.data.len() - self.pos) as u64 {
            return Err(TRUNCATED.into());
        }
        Ok(n as usize)
    }

    fn bytes(&mut self) -> Result<&[u8], String> {
        let n = self.count()?;
        let b = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(b)
    }

    /// A column table: its pair count, then the pairs as the table keeps them.
    fn columns(&mut self) -> Result<ColumnTable, String> {
        let n = self.count()?;
        let (table, used) = ColumnTable::read_prefix(&self.data[self.pos..], n)
            .ok_or("bad marshal data (column table damaged)")?;
        self.pos += used;
        Ok(table)
    }

    /// A string, by its index in the string table.
    fn text(&mut self) -> Result<Text, String> {
        let i = self.uint()?;
        self.table
            .get(i as usize)
            .cloned()
            .ok_or_else(|| "bad marshal data (string index out of range)".into())
    }

    fn texts(&mut self) -> Result<Vec<Text>, String> {
        let n = self.count()?;
        (0..n).map(|_| self.text()).collect()
    }

    fn f64(&mut self) -> Result<f64, String> {
        let b = self
            .data
            .get(self.pos..self.pos + 8)
            .ok_or(TRUNCATED)?
            .try_into()
            .map_err(|_| TRUNCATED)?;
        self.pos += 8;
        Ok(f64::from_bits(u64::from_le_bytes(b)))
    }

    /// A code object's fields ahead of its body, and the body's length.
    fn header(&mut self) -> Result<(CodeHeader, usize), String> {
        let name = self.text()?;
        let qualname = self.text()?;
        let first_line = self.u32()?;
        let argcount = self.u32()?;
        let posonlyargcount = self.u32()?;
        let kwonlyargcount = self.u32()?;
        let flags = self.u32()?;
        let max_stack = self.u32()?;
        let doc = match self.uint()? {
            0 => None,
            i => Some(
                self.table
                    .get(i as usize - 1)
                    .cloned()
                    .ok_or("bad marshal data (string index out of range)")?,
            ),
        };
        let len = self
            .data
            .get(self.pos..self.pos + 4)
            .ok_or(TRUNCATED)?
            .try_into()
            .map_err(|_| TRUNCATED)?;
        self.pos += 4;
        let len = u32::from_le_bytes(len) as usize;
        if len > self.data.len() - self.pos {
            return Err(TRUNCATED.into());
        }
        let header = CodeHeader {
            name,
            qualname,
            first_line,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            flags,
            max_stack,
            doc,
        };
        Ok((header, len))
    }

    fn code(&mut self, depth: u32) -> Result<CompiledCode, String> {
        if depth > MAX_DEPTH {
            return Err("bad marshal data (code nested too deeply)".into());
        }
        let (header, len) = self.header()?;
        let end = self.pos + len;
        let code = self.body(header, depth)?;
        if self.pos != end {
            return Err("bad marshal data (code object length mismatch)".into());
        }
        Ok(code)
    }

    /// A nested code object: decoded now, or left encoded when decoding lazily.
    fn nested_code(&mut self, depth: u32) -> Result<CodeRef, String> {
        let Some(file) = self.lazy else {
            return Ok(CodeRef::Ready(Rc::new(self.code(depth)?)));
        };
        let (header, len) = self.header()?;
        let body = self.pos;
        self.pos += len;
        Ok(CodeRef::Encoded(Rc::new(EncodedCode {
            file: file.clone(),
            body,
            header,
            decoded: std::cell::OnceCell::new(),
        })))
    }

    /// A code object's body, after its header.
    fn body(&mut self, header: CodeHeader, depth: u32) -> Result<CompiledCode, String> {
        let CodeHeader {
            name,
            qualname,
            first_line,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            flags,
            max_stack,
            doc: _,
        } = header;
        let code = self.bytes()?.to_vec();
        let runs = self.count()?;
        let mut lines = LineTable::default();
        for _ in 0..runs {
            let count = self.uint()?;
            let line = self.u32()?;
            if count == 0 || count > (code.len() / 2 - lines.len()) as u64 {
                return Err("bad marshal data (inconsistent line table)".into());
            }
            lines.push_run(line, count as usize);
        }
        let columns = self.columns()?;
        let n = self.count()?;
        let consts = (0..n)
            .map(|_| self.constant(depth + 1))
            .collect::<Result<Vec<_>, _>>()?;
        let names = self.texts()?;
        let varnames = self.texts()?;
        let cellvars = self.texts()?;
        let freevars = self.texts()?;
        let n = self.count()?;
        let cell2arg = (0..n)
            .map(|_| Ok(self.u32()?.checked_sub(1)))
            .collect::<Result<Vec<_>, String>>()?;
        let n = self.count()?;
        let exception_table = (0..n)
            .map(|_| {
                Ok(ExceptionTableEntry {
                    start: self.u32()?,
                    end: self.u32()?,
                    target: self.u32()?,
                    depth: self.u32()?,
                    push_lasti: self.byte()? != 0,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let units = code.len() / 2;
        if code.len() % 2 != 0
            || lines.len() != units
            || columns.len() != units
            || cell2arg.len() != cellvars.len()
        {
            return Err("bad marshal data (inconsistent code object)".into());
        }
        Ok(CompiledCode {
            name,
            qualname,
            filename: self.filename.clone(),
            first_line,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            flags,
            code,
            lines,
            columns,
            consts,
            names,
            varnames,
            cellvars,
            freevars,
            cell2arg,
            exception_table,
            max_stack,
        })
    }

    fn constant(&mut self, depth: u32) -> Result<Constant, String> {
        if depth > MAX_DEPTH {
            return Err("bad marshal data (constants nested too deeply)".into());
        }
        Ok(match self.byte()? {
            0 => Constant::None,
            1 => Constant::Bool(false),
            2 => Constant::Bool(true),
            3 => Constant::Int(BigInt::from_signed_bytes_le(self.bytes()?)),
            4 => Constant::Float(self.f64()?),
            5 => Constant::Complex {
                real: self.f64()?,
                imag: self.f64()?,
            },
            6 => Constant::Str(self.text()?),
            7 => Constant::ExactStr(self.bytes()?.to_vec()),
            8 => Constant::Bytes(self.bytes()?.to_vec()),
            9 => {
                let n = self.count()?;
                Constant::Tuple(
                    (0..n)
                        .map(|_| self.constant(depth + 1))
                        .collect::<Result<_, _>>()?,
                )
            }
            10 => Constant::Ellipsis,
            11 => Constant::Code(self.nested_code(depth + 1)?),
            t => return Err(format!("bad marshal data (unknown constant tag {t})")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{compile, Mode};

    const SOURCE: &str = "\
import os
X = (1, 2.5, 3j, 'é', b'x', None, True, ..., 10**30, -7)
def f(a, /, b=2, *c, d, **e):
    y = [i for i in range(a)]
    try:
        return lambda: (a, y)
    except ValueError as exc:
        raise TypeError from exc
class C:
    def m(self): return __class__
";

    fn dump(c: &CompiledCode) -> String {
        format!("{c:?}")
    }

    #[test]
    fn round_trip_keeps_everything() {
        let c = compile(SOURCE, "m.py", Mode::Exec).unwrap();
        let data = encode(&c);
        let back = decode(&data, None).unwrap();
        assert_eq!(dump(&c), dump(&back));
    }

    /// The nested code constants of `c`.
    fn nested(c: &CompiledCode) -> Vec<&CodeRef> {
        c.consts
            .iter()
            .filter_map(|k| match k {
                Constant::Code(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn lazy_decoding_leaves_nested_bodies_until_read() {
        let src = format!("{SOURCE}def g():\n    'the doc'\n    return 1\n");
        let c = compile(&src, "m.py", Mode::Exec).unwrap();
        let data = encode(&c);
        let mut buf = b"prefix".to_vec();
        buf.extend_from_slice(&data);
        let end = buf.len();
        let back = decode_lazy(buf, 6, end, Some("new.py")).unwrap();
        let inner = nested(&back);
        assert_eq!(inner.len(), 3, "f, C and g");
        assert!(inner.iter().all(|r| !r.is_decoded()));
        let g = inner[2].header();
        assert_eq!((&*g.name, g.doc.as_deref()), ("g", Some("the doc")));
        assert_eq!(inner[0].header().doc, None);
        // Reading a body decodes it (and only it); everything reads back as written, with the
        // new file name throughout.
        assert_eq!(&*inner[0].filename, "new.py");
        assert!(inner[0].is_decoded() && !inner[1].is_decoded());
        assert!(nested(inner[0]).iter().all(|r| !r.is_decoded()));
        let again = decode(&encode(&back), None).unwrap();
        let c_renamed = decode(&data, Some("new.py")).unwrap();
        assert_eq!(dump(&again), dump(&c_renamed));
    }

    #[test]
    fn lazy_decoding_checks_what_it_skips() {
        let c = compile(SOURCE, "m.py", Mode::Exec).unwrap();
        let data = encode(&c);
        for cut in [data.len() - 1, data.len() / 2, 10] {
            let buf = data[..cut].to_vec();
            assert!(decode_lazy(buf, 0, cut, None).is_err(), "cut at {cut}");
        }
        let mut bad = data.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        let len = bad.len();
        assert!(decode_lazy(bad, 0, len, None).is_err());
        let len = data.len();
        assert!(decode_lazy(data, 0, len + 1, None).is_err());
    }

    #[test]
    fn each_string_is_written_once_and_shared_when_read() {
        let src = "def f(spam_and_eggs): return spam_and_eggs\ndef g(spam_and_eggs): return spam_and_eggs\n";
        let c = compile(src, "m.py", Mode::Exec).unwrap();
        let data = encode(&c);
        let needle = b"spam_and_eggs";
        let count = data.windows(needle.len()).filter(|w| w == needle).count();
        assert_eq!(count, 1, "one copy in the string table");
        let back = decode(&data, None).unwrap();
        let params: Vec<&Text> = back
            .consts
            .iter()
            .filter_map(|k| match k {
                Constant::Code(code) => code.varnames.first(),
                _ => None,
            })
            .collect();
        assert_eq!(params.len(), 2);
        assert!(
            Rc::ptr_eq(params[0], params[1]),
            "both code objects share the text"
        );
    }

    #[test]
    fn a_string_index_out_of_range_is_an_error() {
        let c = compile("x = 1\n", "m.py", Mode::Exec).unwrap();
        let mut data = encode(&c);
        // The body starts with the table's count; claim no strings, so every index is bad.
        let body = &mut data[4..];
        body[0] = 0;
        let crc = crc32fast::hash(&data[4..]);
        data[..4].copy_from_slice(&crc.to_le_bytes());
        assert!(decode(&data, None).is_err());
    }

    #[test]
    fn decoded_code_takes_the_new_filename() {
        let c = compile(SOURCE, "old.py", Mode::Exec).unwrap();
        assert_eq!(&*decode(&encode(&c), None).unwrap().filename, "old.py");
        let back = decode(&encode(&c), Some("new.py")).unwrap();
        assert_eq!(&*back.filename, "new.py");
        let Some(Constant::Code(f)) = back.consts.iter().find(|k| matches!(k, Constant::Code(_)))
        else {
            panic!("no nested code");
        };
        assert_eq!(&*f.filename, "new.py");
    }

    #[test]
    fn damage_and_truncation_are_errors() {
        let c = compile(SOURCE, "m.py", Mode::Exec).unwrap();
        let data = encode(&c);
        for cut in [0, 3, 4, 10, data.len() / 2, data.len() - 1] {
            assert!(decode(&data[..cut], None).is_err(), "cut at {cut}");
        }
        for i in [0, 5, data.len() / 3, data.len() - 1] {
            let mut bad = data.clone();
            bad[i] ^= 0x40;
            assert!(decode(&bad, None).is_err(), "flip at {i}");
        }
    }

    #[test]
    fn fingerprint_is_four_bytes_of_hex() {
        assert_eq!(fingerprint("0a1b2c3d"), [0x0a, 0x1b, 0x2c, 0x3d]);
    }
}
