//! Compiled code: what the compiler produces and what code objects carry.
//!
//! `CompiledCode` is plain data (no Python objects), so the compiler and the disassembler do not
//! depend on the object model; a runtime code object wraps an `Rc<CompiledCode>` and the
//! constants and names converted to values.

use std::rc::Rc;

use num_bigint::BigInt;

/// `co_flags` bits, as CPython's.
pub mod code_flags {
    pub const OPTIMIZED: u32 = 0x1;
    pub const NEWLOCALS: u32 = 0x2;
    pub const VARARGS: u32 = 0x4;
    pub const VARKEYWORDS: u32 = 0x8;
    pub const NESTED: u32 = 0x10;
    pub const GENERATOR: u32 = 0x20;
    pub const NOFREE: u32 = 0x40;
    pub const COROUTINE: u32 = 0x80;
    pub const ITERABLE_COROUTINE: u32 = 0x100;
    pub const ASYNC_GENERATOR: u32 = 0x200;
    /// `from __future__ import annotations` (PEP 563) was in effect.
    pub const FUTURE_ANNOTATIONS: u32 = 0x100_0000;
}

/// A name or str constant in compiled code. Shared, so one string of a cache file serves every
/// code object that uses it (and the loader interns it once).
pub type Text = Rc<str>;

/// A compile-time constant.
#[derive(Clone, Debug)]
pub enum Constant {
    None,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    Complex {
        real: f64,
        imag: f64,
    },
    Str(Text),
    /// A str holding lone surrogates, in generalized UTF-8 (see `object::str`).
    ExactStr(Vec<u8>),
    Bytes(Vec<u8>),
    Tuple(Vec<Constant>),
    Ellipsis,
    Code(CodeRef),
}

/// A code object among the constants: compiled and in memory, or still encoded in the bytecode
/// cache file it came from, decoded the first time anything reads it. Most functions a module
/// defines never run in a given program (importing the eleven modules of the start-up line runs
/// about one code object in five), so loading a module decodes its own body and leaves the
/// bodies of its functions and classes as bytes until they are needed.
#[derive(Clone, Debug)]
pub enum CodeRef {
    Ready(Rc<CompiledCode>),
    Encoded(Rc<EncodedCode>),
}

impl From<Rc<CompiledCode>> for CodeRef {
    fn from(code: Rc<CompiledCode>) -> CodeRef {
        CodeRef::Ready(code)
    }
}

impl CodeRef {
    /// What is known without decoding the body.
    pub fn header(&self) -> CodeHeader {
        match self {
            CodeRef::Ready(c) => c.header(),
            CodeRef::Encoded(e) => e.header.clone(),
        }
    }

    /// The compiled code, decoded now if it was not yet.
    pub fn compiled(&self) -> &Rc<CompiledCode> {
        match self {
            CodeRef::Ready(c) => c,
            CodeRef::Encoded(e) => e.compiled(),
        }
    }

    /// Whether reading the code needs no decoding any more.
    pub fn is_decoded(&self) -> bool {
        match self {
            CodeRef::Ready(_) => true,
            CodeRef::Encoded(e) => e.decoded.get().is_some(),
        }
    }
}

impl std::ops::Deref for CodeRef {
    type Target = CompiledCode;

    fn deref(&self) -> &CompiledCode {
        self.compiled()
    }
}

/// The part of a code object read without its body: what making a function from it needs.
#[derive(Clone, Debug)]
pub struct CodeHeader {
    pub name: Text,
    pub qualname: Text,
    pub first_line: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    pub max_stack: u32,
    /// The docstring (`co_consts[0]` of a function that has one).
    pub doc: Option<Text>,
}

/// A code object still in the bytes of its cache file.
#[derive(Debug)]
pub struct EncodedCode {
    pub file: Rc<EncodedFile>,
    /// Where its body starts in `file.data`.
    pub body: usize,
    pub header: CodeHeader,
    pub decoded: std::cell::OnceCell<Rc<CompiledCode>>,
}

impl EncodedCode {
    pub fn compiled(&self) -> &Rc<CompiledCode> {
        self.decoded.get_or_init(|| self.decode())
    }

    #[cold]
    #[inline(never)]
    fn decode(&self) -> Rc<CompiledCode> {
        // The whole file passed its checksum when it was loaded, so these are the bytes the
        // encoder wrote: failing here is a bug in the encoder or decoder, as a damaged cache
        // file is caught before anything of it is used.
        Rc::new(
            super::serial::decode_body(&self.file, self.body, &self.header)
                .unwrap_or_else(|e| panic!("bytecode cache body failed to decode: {e}")),
        )
    }
}

/// The decoded string table and the bytes of one bytecode cache file, kept while code objects
/// of it are not decoded yet.
pub struct EncodedFile {
    /// The buffer the file was read into.
    pub data: Box<[u8]>,
    /// Where in `data` the encoded code (after its checksum) lies.
    pub body: std::ops::Range<usize>,
    pub table: Box<[Text]>,
    pub filename: Text,
}

impl std::fmt::Debug for EncodedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "EncodedFile({:?}, {} bytes)",
            self.filename,
            self.body.len()
        )
    }
}

impl EncodedFile {
    pub fn body(&self) -> &[u8] {
        &self.data[self.body.clone()]
    }
}

/// One row of the zero-cost exception table: an exception raised by an instruction in
/// `start..end` (instruction indices) unwinds the value stack to `depth`, pushes the offset of the
/// raising instruction if `push_lasti`, pushes the exception and jumps to `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExceptionTableEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub push_lasti: bool,
}

/// The result of compiling one code block (module, function, class body, lambda,
/// comprehension).
#[derive(Clone, Debug, Default)]
pub struct CompiledCode {
    pub name: Text,
    pub qualname: Text,
    pub filename: Text,
    pub first_line: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    /// `code_flags` bits.
    pub flags: u32,
    /// Two bytes per instruction: opcode, arg (with `EXTENDED_ARG` prefixes for wide args).
    pub code: Vec<u8>,
    /// Source line of each instruction (index = instruction index = byte offset / 2); 0 if none.
    pub lines: LineTable,
    /// Source column range (0-based, in characters) of each instruction, for tracebacks.
    pub columns: ColumnTable,
    pub consts: Vec<Constant>,
    pub names: Vec<Text>,
    pub varnames: Vec<Text>,
    pub cellvars: Vec<Text>,
    pub freevars: Vec<Text>,
    /// For each cellvar, the index in `varnames` of the argument that initializes it.
    pub cell2arg: Vec<Option<u32>>,
    pub exception_table: Vec<ExceptionTableEntry>,
    pub max_stack: u32,
}

impl CompiledCode {
    /// What a code object built from this one needs before its body.
    pub fn header(&self) -> CodeHeader {
        let doc = match self.consts.first() {
            Some(Constant::Str(s)) if self.flags & code_flags::OPTIMIZED != 0 => Some(s.clone()),
            _ => None,
        };
        CodeHeader {
            name: self.name.clone(),
            qualname: self.qualname.clone(),
            first_line: self.first_line,
            argcount: self.argcount,
            posonlyargcount: self.posonlyargcount,
            kwonlyargcount: self.kwonlyargcount,
            flags: self.flags,
            max_stack: self.max_stack,
            doc,
        }
    }
}

/// The source lines of a code object's instructions, kept as runs of instructions on one line
/// (a tenth of the memory of a line per instruction, and read back in runs from the bytecode
/// cache); lines are read only for tracebacks, frames' `f_lineno` and `co_lines()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineTable {
    /// (first instruction, line) of each run, in order; neighbouring runs differ in line.
    runs: Vec<(u32, u32)>,
    len: usize,
}

impl LineTable {
    /// Appends `count` instructions on `line`.
    pub fn push_run(&mut self, line: u32, count: usize) {
        if count == 0 {
            return;
        }
        if self.runs.last().is_none_or(|&(_, l)| l != line) {
            self.runs.push((self.len as u32, line));
        }
        self.len += count;
    }

    /// Appends one instruction on `line`.
    pub fn push(&mut self, line: u32) {
        self.push_run(line, 1);
    }

    /// Number of instructions.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The line of instruction `i`, if in range.
    pub fn get(&self, i: usize) -> Option<u32> {
        if i >= self.len {
            return None;
        }
        let run = self.runs.partition_point(|&(start, _)| start as usize <= i) - 1;
        Some(self.runs[run].1)
    }

    /// The runs as (first instruction, end instruction, line).
    pub fn runs(&self) -> impl Iterator<Item = (usize, usize, u32)> + '_ {
        self.runs.iter().enumerate().map(|(k, &(start, line))| {
            let end = self.runs.get(k + 1).map_or(self.len, |&(s, _)| s as usize);
            (start as usize, end, line)
        })
    }

    /// The line of every instruction, in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.runs()
            .flat_map(|(start, end, line)| std::iter::repeat_n(line, end - start))
    }
}

/// The column ranges of a code object's instructions, kept in their serialized form (two
/// LEB128 numbers per instruction): they are read only to show a traceback's position, and
/// decoded pairs would take four times the memory of every loaded module's code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnTable {
    bytes: Vec<u8>,
    len: usize,
}

impl ColumnTable {
    pub fn with_capacity(n: usize) -> ColumnTable {
        ColumnTable {
            bytes: Vec::with_capacity(2 * n),
            len: 0,
        }
    }

    pub fn push(&mut self, (start, end): (u32, u32)) {
        push_leb128(&mut self.bytes, start);
        push_leb128(&mut self.bytes, end);
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The encoded pairs, as `serial` writes them.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The table for `len` pairs encoded at the start of `bytes`, and how many bytes they
    /// take; None if `bytes` does not start with that many well-formed pairs of 32-bit numbers.
    pub fn read_prefix(bytes: &[u8], len: usize) -> Option<(ColumnTable, usize)> {
        let mut at = 0;
        for _ in 0..2 * len {
            at += leb128_len(bytes.get(at..)?)?;
        }
        let table = ColumnTable {
            bytes: bytes[..at].to_vec(),
            len,
        };
        Some((table, at))
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut at = 0;
        let mut next = move || {
            let (v, n) = read_leb128(&self.bytes[at..]);
            at += n;
            v
        };
        (0..self.len).map(move |_| (next(), next()))
    }

    /// The range of instruction `i` (in range).
    pub fn get(&self, i: usize) -> Option<(u32, u32)> {
        self.iter().nth(i)
    }
}

fn push_leb128(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The length of the LEB128 number of at most 32 bits at the start of `b`.
fn leb128_len(b: &[u8]) -> Option<usize> {
    let n = b.iter().position(|&x| x & 0x80 == 0)? + 1;
    let fits = n < 5 || (n == 5 && b[4] < 0x10);
    fits.then_some(n)
}

/// A LEB128 number written by `push_leb128`, and its length.
fn read_leb128(b: &[u8]) -> (u32, usize) {
    let mut v = 0u32;
    for (i, &x) in b.iter().enumerate() {
        v |= ((x & 0x7f) as u32) << (7 * i);
        if x & 0x80 == 0 {
            return (v, i + 1);
        }
    }
    (v, b.len())
}

impl CompiledCode {
    /// Number of instructions (code units, `EXTENDED_ARG` included).
    pub fn len(&self) -> usize {
        self.code.len() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.code.is_empty()
    }

    pub fn nlocals(&self) -> usize {
        self.varnames.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_table_keeps_runs_and_answers_per_instruction() {
        let mut t = LineTable::default();
        for line in [3, 3, 3, 0, 4, 4, 3] {
            t.push(line);
        }
        t.push_run(9, 2);
        t.push_run(9, 0);
        assert_eq!(t.len(), 9);
        assert_eq!(t.iter().collect::<Vec<_>>(), [3, 3, 3, 0, 4, 4, 3, 9, 9]);
        assert_eq!(
            t.runs().collect::<Vec<_>>(),
            [(0, 3, 3), (3, 4, 0), (4, 6, 4), (6, 7, 3), (7, 9, 9)]
        );
        assert_eq!(
            (t.get(0), t.get(5), t.get(8), t.get(9)),
            (Some(3), Some(4), Some(9), None)
        );
    }

    #[test]
    fn column_table_round_trips_through_its_bytes() {
        let pairs = [(0, 5), (127, 128), (300, 70000), (u32::MAX, 0)];
        let mut t = ColumnTable::with_capacity(pairs.len());
        pairs.iter().for_each(|&p| t.push(p));
        assert_eq!(t.iter().collect::<Vec<_>>(), pairs);
        assert_eq!(t.get(2), Some((300, 70000)));
        let mut bytes = t.as_bytes().to_vec();
        bytes.push(7);
        let (back, used) = ColumnTable::read_prefix(&bytes, pairs.len()).expect("well formed");
        assert_eq!((back, used), (t.clone(), bytes.len() - 1));
        assert!(ColumnTable::read_prefix(t.as_bytes(), pairs.len() + 1).is_none());
        assert!(ColumnTable::read_prefix(&[0x80, 0x80, 0x80, 0x80, 0x80, 0], 1).is_none());
    }
}
