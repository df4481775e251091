//! `str`: immutable UTF-8 text with a cached length in characters, an ASCII flag for O(1)
//! indexing, a cached hash, and interning for identifiers and constants.
//!
//! A Python str is a sequence of code points, and lone surrogates (U+D800..U+DFFF) are code
//! points too: `surrogateescape` decoding makes them from undecodable bytes. Rust's `str`
//! cannot hold them, so a str that contains any keeps its exact code points beside the text, in
//! *generalized UTF-8* (each surrogate is the 3-byte sequence `ED A0..BF 80..BF`; pairs are
//! never merged, so byte order is code-point order and equality is byte equality). Its Rust
//! text (`as_str`) shows each surrogate as U+FFFD, which is 3 bytes as well: character and
//! byte offsets are the same in both forms, so a range found in one applies to the other.
//! Operations that must keep surrogates (equality, hashing, ordering, concatenation, slicing,
//! indexing, iteration, `repr`, `join`, formatting, the codecs, file-system paths) read
//! `exact_bytes`; other methods see U+FFFD (docs/compatibility.md lists them).

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;

use super::typeobj::Layout;
use super::types::STR_TYPE;
use super::value::{Payload, Value};

pub struct Str {
    /// The text; spare capacity only after `append_in_place` (`s += t` on an unshared str).
    s: String,
    char_len: usize,
    hash: Cell<i64>,
    /// The exact code points in generalized UTF-8, only when the str holds lone surrogates.
    /// Boxed so the field is one word.
    #[allow(clippy::box_collection)]
    exact: Option<Box<Vec<u8>>>,
    /// For a long non-ASCII str, made on the first index that needs it: the byte offset of
    /// every `OFFSET_STRIDE`-th character, so indexing scans at most a stride (PyPy's UTF-8
    /// with an index; docs/architecture.md says why not CPython's fixed-width kinds).
    /// Boxed so the field is one word (a `Box<[usize]>` would be two) in every str.
    #[allow(clippy::box_collection)]
    offsets: OnceCell<Box<Vec<usize>>>,
}

/// Characters between two recorded offsets of `Str::offsets`.
const OFFSET_STRIDE: usize = 32;

/// Byte offset of the character `n` characters after byte offset `from` in (generalized)
/// UTF-8 `b` (`b.len()` when that runs past the end).
fn skip_chars(b: &[u8], from: usize, n: usize) -> usize {
    let mut pos = from;
    for _ in 0..n {
        if pos >= b.len() {
            return b.len();
        }
        pos += utf8_width(b[pos]);
    }
    pos.min(b.len())
}

/// Length of the UTF-8 sequence that starts with byte `lead`.
#[inline]
fn utf8_width(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

impl Payload for Str {
    const LAYOUT: Layout = Layout::Str;
}

impl Str {
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// Length in characters (`len()`).
    #[inline]
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.char_len == self.s.len()
    }

    /// Whether the str holds lone surrogates (its `as_str` text then shows them as U+FFFD).
    #[inline]
    pub fn has_surrogates(&self) -> bool {
        self.exact.is_some()
    }

    /// The exact code points in generalized UTF-8 (the UTF-8 text itself when there are no
    /// surrogates).
    #[inline]
    pub fn exact_bytes(&self) -> &[u8] {
        match &self.exact {
            Some(b) => b,
            None => self.s.as_bytes(),
        }
    }

    /// The code points, surrogates included.
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints {
            b: self.exact_bytes(),
            i: 0,
        }
    }

    /// The code points from character index `i` (at most `char_len`) on: a scan that starts
    /// in the middle costs nothing for the characters before it.
    pub fn code_points_from(&self, i: usize) -> CodePoints<'_> {
        CodePoints {
            b: self.exact_bytes(),
            i: self.byte_offset(i),
        }
    }

    /// The code point at character index `i` (0-based, in range).
    pub fn code_at(&self, i: usize) -> u32 {
        if self.is_ascii() {
            return self.s.as_bytes()[i] as u32;
        }
        decode_at(self.exact_bytes(), self.byte_offset(i)).0
    }

    /// A new str of the exact code points in byte range `a..b` (offsets from `byte_offset`
    /// or from searching `as_str`, which are the same in both forms).
    pub fn byte_range_value(&self, a: usize, b: usize) -> Value {
        match &self.exact {
            Some(e) => from_exact(e[a..b].to_vec()),
            None => new_str(&self.s[a..b]),
        }
    }

    /// The cached hash (never -1).
    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = hash_bytes(self.exact_bytes());
        self.hash.set(h);
        h
    }

    /// The character at index `i` (0-based, in range).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.s.as_bytes()[i] as char
        } else {
            self.s[self.byte_offset(i)..]
                .chars()
                .next()
                .expect("index in range")
        }
    }

    /// Byte offset of character index `i` (`i <= char_len`): O(1) for ASCII, at most
    /// `OFFSET_STRIDE` characters scanned otherwise (after one pass that records offsets).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            return i;
        }
        let b = self.exact_bytes();
        if i < OFFSET_STRIDE {
            return skip_chars(b, 0, i);
        }
        let offsets = self.offsets.get_or_init(|| {
            let mut v = Vec::with_capacity(self.char_len / OFFSET_STRIDE + 1);
            let mut pos = 0;
            while pos < b.len() {
                v.push(pos);
                pos = skip_chars(b, pos, OFFSET_STRIDE);
            }
            Box::new(v)
        });
        match offsets.get(i / OFFSET_STRIDE) {
            Some(&from) => skip_chars(b, from, i % OFFSET_STRIDE),
            None => b.len(),
        }
    }
}

/// FNV-1a over the bytes, folded to a Python hash (never -1). String hashes are an
/// implementation detail in CPython too (randomized per process there).
pub fn hash_bytes(b: &[u8]) -> i64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &c in b {
        h ^= c as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    let h = h as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// A new str object.
pub fn new_str(s: &str) -> Value {
    super::alloc::alloc(
        &STR_TYPE,
        Str {
            s: s.to_owned(),
            char_len: s.chars().count(),
            hash: Cell::new(-1),
            exact: None,
            offsets: OnceCell::new(),
        },
    )
}

/// `s += t` without a copy when nothing else can see `s` (CPython's
/// `unicode_concatenate`): `s` is an exact str that the caller holds the only reference to,
/// and neither holds lone surrogates. The text grows with spare capacity, so a loop of `+=`
/// costs amortized linear time. Returns false (and changes nothing) otherwise.
pub fn append_in_place(s: &Value, t: &Str) -> bool {
    if !s.is_type(&STR_TYPE) || s.refcount() != 1 || t.has_surrogates() {
        return false;
    }
    // SAFETY: an exact str is a `PyObject<Str>`; with one reference, which the caller holds
    // and is not using, nothing else can observe or borrow the payload while it changes (an
    // interned or immortal str never has a count of 1).
    let st = unsafe { &mut (*(s.header_ptr() as *mut super::value::PyObject<Str>)).payload };
    if st.has_surrogates() || st.s.try_reserve(t.s.len()).is_err() {
        return false;
    }
    st.s.push_str(&t.s);
    st.char_len += t.char_len;
    st.hash.set(-1);
    st.offsets.take();
    true
}

/// `s` without spare capacity (a str is immutable, except `append_in_place`).
fn shrunk(mut s: String) -> String {
    s.shrink_to_fit();
    s
}

/// A new str from an owned String (no copy of the bytes beyond the boxing).
pub fn from_string(s: String) -> Value {
    let char_len = s.chars().count();
    super::alloc::alloc(
        &STR_TYPE,
        Str {
            s: shrunk(s),
            char_len,
            hash: Cell::new(-1),
            exact: None,
            offsets: OnceCell::new(),
        },
    )
}

/// A str whose character count is already known.
pub fn from_string_len(s: String, char_len: usize) -> Value {
    debug_assert_eq!(char_len, s.chars().count());
    super::alloc::alloc(
        &STR_TYPE,
        Str {
            s: shrunk(s),
            char_len,
            hash: Cell::new(-1),
            exact: None,
            offsets: OnceCell::new(),
        },
    )
}

/// Appends code point `cp` (surrogates allowed) to `buf` in generalized UTF-8.
pub fn push_code_point(buf: &mut Vec<u8>, cp: u32) {
    match char::from_u32(cp) {
        Some(c) => buf.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        None => {
            debug_assert!((0xd800..0xe000).contains(&cp));
            buf.extend_from_slice(&[
                0xe0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3f) as u8,
                0x80 | (cp & 0x3f) as u8,
            ]);
        }
    }
}

/// The code point starting at `b[i]` in generalized UTF-8, and its length in bytes.
#[inline]
pub fn decode_at(b: &[u8], i: usize) -> (u32, usize) {
    let c0 = b[i] as u32;
    if c0 < 0x80 {
        (c0, 1)
    } else if c0 < 0xe0 {
        (((c0 & 0x1f) << 6) | (b[i + 1] as u32 & 0x3f), 2)
    } else if c0 < 0xf0 {
        (
            ((c0 & 0x0f) << 12) | ((b[i + 1] as u32 & 0x3f) << 6) | (b[i + 2] as u32 & 0x3f),
            3,
        )
    } else {
        (
            ((c0 & 0x07) << 18)
                | ((b[i + 1] as u32 & 0x3f) << 12)
                | ((b[i + 2] as u32 & 0x3f) << 6)
                | (b[i + 3] as u32 & 0x3f),
            4,
        )
    }
}

/// The code points of a generalized UTF-8 buffer.
pub struct CodePoints<'a> {
    b: &'a [u8],
    i: usize,
}

impl Iterator for CodePoints<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.i >= self.b.len() {
            return None;
        }
        let (cp, n) = decode_at(self.b, self.i);
        self.i += n;
        Some(cp)
    }
}

/// Whether a generalized UTF-8 sequence at `b[i]` is a surrogate.
#[inline]
fn is_surrogate_at(b: &[u8], i: usize) -> bool {
    b[i] == 0xed && i + 1 < b.len() && b[i + 1] >= 0xa0
}

/// A new str from generalized UTF-8 (as built by `push_code_point` or `StrBuf`).
pub fn from_exact(b: Vec<u8>) -> Value {
    let surrogates = (0..b.len()).any(|i| is_surrogate_at(&b, i));
    if !surrogates {
        return match String::from_utf8(b) {
            Ok(s) => from_string(s),
            Err(e) => from_string(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        };
    }
    let mut text = b.clone();
    let mut i = 0;
    while i < text.len() {
        if is_surrogate_at(&text, i) {
            text[i..i + 3].copy_from_slice("\u{fffd}".as_bytes());
            i += 3;
        } else {
            i += 1;
        }
    }
    let text = String::from_utf8(text)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let char_len = text.chars().count();
    super::alloc::alloc(
        &STR_TYPE,
        Str {
            s: shrunk(text),
            char_len,
            hash: Cell::new(-1),
            exact: Some(Box::new(b)),
            offsets: OnceCell::new(),
        },
    )
}

/// The file-system decoding (UTF-8 with `surrogateescape`, as CPython's in UTF-8 locales):
/// each byte that is not part of valid UTF-8 becomes the lone surrogate U+DC80..U+DCFF.
pub fn fs_decode(mut b: &[u8]) -> Value {
    if let Ok(s) = std::str::from_utf8(b) {
        return new_str(s);
    }
    let mut out = StrBuf::with_capacity(b.len() + 8);
    loop {
        match std::str::from_utf8(b) {
            Ok(s) => {
                out.push_str(s);
                return out.finish();
            }
            Err(e) => {
                let good = e.valid_up_to();
                // SAFETY: from_utf8 validated b[..good].
                out.push_str(unsafe { std::str::from_utf8_unchecked(&b[..good]) });
                let bad = e.error_len().unwrap_or(b.len() - good);
                for &x in &b[good..good + bad] {
                    out.push_code_point(0xdc00 + x as u32);
                }
                b = &b[good + bad..];
            }
        }
    }
}

/// The file-system encoding of a str (UTF-8 with `surrogateescape`), or the character index
/// of the first lone surrogate it cannot turn back into a byte.
pub fn fs_encode(st: &Str) -> Result<Vec<u8>, usize> {
    if !st.has_surrogates() {
        return Ok(st.as_str().as_bytes().to_vec());
    }
    let mut out = Vec::with_capacity(st.s.len());
    for (i, cp) in st.code_points().enumerate() {
        match cp {
            0xdc80..=0xdcff => out.push((cp - 0xdc00) as u8),
            0xd800..=0xdfff => return Err(i),
            _ => push_code_point(&mut out, cp),
        }
    }
    Ok(out)
}

/// A one-code-point str (a lone surrogate included).
pub fn from_code_point(cp: u32) -> Value {
    let mut b = Vec::with_capacity(4);
    push_code_point(&mut b, cp);
    from_exact(b)
}

/// Builds a str piece by piece, keeping lone surrogates.
#[derive(Default)]
pub struct StrBuf {
    bytes: Vec<u8>,
    /// Characters so far (so `finish` need not count them again).
    chars: usize,
    surrogates: bool,
}

impl StrBuf {
    pub fn with_capacity(n: usize) -> StrBuf {
        StrBuf {
            bytes: Vec::with_capacity(n),
            chars: 0,
            surrogates: false,
        }
    }

    #[inline]
    pub fn push(&mut self, c: char) {
        self.bytes
            .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        self.chars += 1;
    }

    pub fn push_str(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
        self.chars += s.chars().count();
    }

    pub fn push_code_point(&mut self, cp: u32) {
        self.surrogates |= (0xd800..0xe000).contains(&cp);
        push_code_point(&mut self.bytes, cp);
        self.chars += 1;
    }

    /// Appends a str's exact code points.
    pub fn push_value(&mut self, s: &Str) {
        self.surrogates |= s.has_surrogates();
        self.bytes.extend_from_slice(s.exact_bytes());
        self.chars += s.char_len;
    }

    /// Appends another buffer.
    pub fn append(&mut self, other: StrBuf) {
        self.surrogates |= other.surrogates;
        self.bytes.extend_from_slice(&other.bytes);
        self.chars += other.chars;
    }

    /// The text as a Rust string when it holds no lone surrogate, else the str value.
    pub fn into_text(self) -> Result<String, Value> {
        if self.surrogates {
            return Err(from_exact(self.bytes));
        }
        // SAFETY: without surrogates every piece pushed was UTF-8 (chars, Rust strs,
        // surrogate-free strs and non-surrogate code points), so the whole is.
        Ok(unsafe { String::from_utf8_unchecked(self.bytes) })
    }

    pub fn finish(self) -> Value {
        let chars = self.chars;
        match self.into_text() {
            Ok(s) => from_string_len(s, chars),
            Err(v) => v,
        }
    }
}

/// A str of the given code points (lone surrogates included).
pub fn from_code_points(cps: &[u32]) -> Value {
    let mut b = StrBuf::with_capacity(cps.len());
    for &c in cps {
        b.push_code_point(c);
    }
    b.finish()
}

/// FxHash (rustc's hasher): interning is on hot paths (`lookup_str` of special methods), where
/// SipHash's DoS resistance buys nothing.
#[derive(Default)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

thread_local! {
    static INTERNED: RefCell<HashMap<Box<str>, usize, FxBuild>> = RefCell::new(HashMap::default());
}

/// The interned (immortal, unique per thread) str for `s`.
pub fn intern(s: &str) -> Value {
    INTERNED.with(|t| {
        let mut t = t.borrow_mut();
        if let Some(&w) = t.get(s) {
            // SAFETY: interned strings are immortal.
            return unsafe { Value::from_raw(w) };
        }
        let v = new_str(s);
        v.make_immortal();
        t.insert(s.into(), v.word());
        v
    })
}

/// Slots of the `intern_static` cache (a power of two).
const STATIC_SLOTS: usize = 512;

thread_local! {
    /// `intern_static`'s cache: (address, length, interned str) per slot, direct-mapped by the
    /// literal's address.
    static STATIC_INTERNED: [Cell<(usize, usize, usize)>; STATIC_SLOTS] =
        const { [const { Cell::new((0, 0, 0)) }; STATIC_SLOTS] };
}

/// `intern` for a name the program text spells out (`"__init__"`): a `'static` str never moves
/// or changes, so its address and length identify it, and a small cache by address answers
/// without hashing the text or probing the table (special-method lookups do this constantly).
#[inline]
pub fn intern_static(s: &'static str) -> Value {
    let (addr, len) = (s.as_ptr() as usize, s.len());
    let slot = ((addr >> 3) ^ (addr >> 12) ^ len) & (STATIC_SLOTS - 1);
    STATIC_INTERNED.with(|t| {
        let (a, l, word) = t[slot].get();
        if a == addr && l == len && word != 0 {
            // SAFETY: `word` is an interned str, and interned strs are immortal.
            return unsafe { Value::from_borrowed_raw(word) };
        }
        let v = intern(s);
        t[slot].set((addr, len, v.word()));
        v
    })
}

/// Interns an existing str value (returns the canonical object).
pub fn intern_value(v: &Value) -> Value {
    // Names from code objects are interned already, and interned strs are immortal: skip the
    // table (an immortal str that is not in it serves as well, dicts compare by value too).
    if v.is_type(&STR_TYPE) && v.is_immortal() {
        return v.clone();
    }
    match payload(v) {
        Some(s) if v.is_type(&STR_TYPE) && !s.has_surrogates() => intern(s.as_str()),
        _ => v.clone(),
    }
}

/// The text of a str (or str subclass instance).
#[inline]
pub fn as_str(v: &Value) -> Option<&str> {
    v.payload::<Str>().map(|s| s.as_str())
}

/// The payload of a str (or str subclass instance).
#[inline]
pub fn payload(v: &Value) -> Option<&Str> {
    v.payload::<Str>()
}

/// `x + y` of two str payloads.
pub fn concat(x: &Str, y: &Str) -> Value {
    if x.has_surrogates() || y.has_surrogates() {
        let mut b = StrBuf::with_capacity(x.s.len() + y.s.len());
        b.push_value(x);
        b.push_value(y);
        return b.finish();
    }
    let mut s = String::with_capacity(x.s.len() + y.s.len());
    s.push_str(&x.s);
    s.push_str(&y.s);
    from_string_len(s, x.char_len + y.char_len)
}

/// `x * n` of a str payload (the caller has checked the size).
pub fn repeat(x: &Str, n: usize) -> Value {
    if x.has_surrogates() {
        return from_exact(x.exact_bytes().repeat(n));
    }
    from_string_len(x.s.repeat(n), x.char_len * n)
}

/// A plain str with the same code points as a str payload (of a str subclass instance).
pub fn plain_copy(x: &Str) -> Value {
    x.byte_range_value(0, x.s.len())
}

/// `needle in haystack` for two str payloads.
pub fn contains(haystack: &Str, needle: &Str) -> bool {
    if haystack.has_surrogates() || needle.has_surrogates() {
        return memchr::memmem::find(haystack.exact_bytes(), needle.exact_bytes()).is_some();
    }
    haystack.s.contains(&*needle.s)
}

/// Code-point order of two str payloads (generalized UTF-8 sorts as its code points).
#[inline]
pub fn str_cmp(a: &Str, b: &Str) -> std::cmp::Ordering {
    a.exact_bytes().cmp(b.exact_bytes())
}

/// Fast equality of two str payloads.
#[inline]
pub fn str_eq(a: &Str, b: &Str) -> bool {
    std::ptr::eq(a, b)
        || (a.s.len() == b.s.len() && a.hash() == b.hash() && a.exact_bytes() == b.exact_bytes())
}

/// CPython's `repr()` of a str: prefers single quotes, escapes as `unicode_repr` does.
pub fn repr_str(s: &str) -> String {
    repr_code_points(
        s.chars().map(|c| c as u32),
        s.contains('\''),
        s.contains('"'),
    )
}

/// `repr()` of a str's exact code points (lone surrogates as `\udcff`).
pub fn repr_exact(st: &Str) -> String {
    if !st.has_surrogates() {
        return repr_str(st.as_str());
    }
    repr_generalized(st.exact_bytes())
}

/// `repr()` of a str given in generalized UTF-8.
pub fn repr_generalized(b: &[u8]) -> String {
    let cps = CodePoints { b, i: 0 };
    repr_code_points(cps, b.contains(&b'\''), b.contains(&b'"'))
}

fn repr_code_points(cps: impl Iterator<Item = u32>, single: bool, double: bool) -> String {
    let quote = if single && !double { '"' } else { '\'' };
    let mut out = String::new();
    out.push(quote);
    for u in cps {
        let Some(c) = char::from_u32(u) else {
            out.push_str(&format!("\\u{u:04x}"));
            continue;
        };
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            _ if u < 0x20 || u == 0x7f => out.push_str(&format!("\\x{u:02x}")),
            c if u < 0x7f => out.push(c),
            c if is_printable(c) => out.push(c),
            _ if u <= 0xff => out.push_str(&format!("\\x{u:02x}")),
            _ if u <= 0xffff => out.push_str(&format!("\\u{u:04x}")),
            _ => out.push_str(&format!("\\U{u:08x}")),
        }
    }
    out.push(quote);
    out
}

/// `str.isprintable()` for one character.
pub fn is_printable(c: char) -> bool {
    crate::unicode::ctype::is_printable(c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offsets through the stride index agree with a plain scan at every index, for text
    /// mixing 1- to 4-byte characters and for text holding lone surrogates.
    #[test]
    fn byte_offsets_match_a_scan() {
        let text: String = (0..1000)
            .map(|i| ['a', 'é', '€', '😀'][(i * 7 + i / 3) % 4])
            .collect();
        let v = new_str(&text);
        let st = payload(&v).expect("a str");
        let mut expected: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        expected.push(text.len());
        for (i, &b) in expected.iter().enumerate() {
            assert_eq!(st.byte_offset(i), b, "index {i}");
        }
        for (i, c) in text.chars().enumerate() {
            assert_eq!(st.char_at(i), c, "index {i}");
        }
        let mut exact = Vec::new();
        for i in 0..500u32 {
            push_code_point(
                &mut exact,
                if i % 5 == 0 {
                    0xdc80 + i % 64
                } else {
                    0x3b1 + i % 20
                },
            );
        }
        let v = from_exact(exact);
        let st = payload(&v).expect("a str");
        for i in 0..500 {
            let want = if i % 5 == 0 {
                0xdc80 + i as u32 % 64
            } else {
                0x3b1 + i as u32 % 20
            };
            assert_eq!(st.code_at(i), want, "index {i}");
        }
        assert_eq!(st.byte_offset(500), st.exact_bytes().len());
    }
}
