//! `str`: immutable UTF-8 text with a cached length in characters, an ASCII flag for O(1)
//! indexing, a cached hash, and interning for identifiers and constants.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use super::typeobj::Layout;
use super::types::{TypeSpec, STR_TYPE};
use super::value::{Payload, Value};

pub struct Str {
    s: Box<str>,
    char_len: usize,
    hash: Cell<i64>,
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

    /// The cached hash (never -1).
    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = hash_bytes(self.s.as_bytes());
        self.hash.set(h);
        h
    }

    /// The character at index `i` (0-based, in range).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.s.as_bytes()[i] as char
        } else {
            self.s.chars().nth(i).expect("index in range")
        }
    }

    /// Byte offset of character index `i` (`i <= char_len`).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i
        } else {
            self.s
                .char_indices()
                .nth(i)
                .map(|(b, _)| b)
                .unwrap_or(self.s.len())
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
            s: s.into(),
            char_len: s.chars().count(),
            hash: Cell::new(-1),
        },
    )
}

/// A new str from an owned String (no copy of the bytes beyond the boxing).
pub fn from_string(s: String) -> Value {
    let char_len = s.chars().count();
    super::alloc::alloc(
        &STR_TYPE,
        Str {
            s: s.into_boxed_str(),
            char_len,
            hash: Cell::new(-1),
        },
    )
}

/// A str whose character count is already known.
pub fn from_string_len(s: String, char_len: usize) -> Value {
    debug_assert_eq!(char_len, s.chars().count());
    super::alloc::alloc(
        &STR_TYPE,
        Str {
            s: s.into_boxed_str(),
            char_len,
            hash: Cell::new(-1),
        },
    )
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

/// Interns an existing str value (returns the canonical object).
pub fn intern_value(v: &Value) -> Value {
    // Names from code objects are interned already, and interned strs are immortal: skip the
    // table (an immortal str that is not in it serves as well, dicts compare by value too).
    if v.is_type(&STR_TYPE) && v.is_immortal() {
        return v.clone();
    }
    match as_str(v) {
        Some(s) if v.is_type(&STR_TYPE) => intern(s),
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

/// Fast equality of two str payloads.
#[inline]
pub fn str_eq(a: &Str, b: &Str) -> bool {
    std::ptr::eq(a, b) || (a.s.len() == b.s.len() && a.hash() == b.hash() && a.s == b.s)
}

/// CPython's `repr()` of a str: prefers single quotes, escapes as `unicode_repr` does.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if (c as u32) < 0x7f => out.push(c),
            c if is_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// Approximates `str.isprintable()` per character (Unicode categories Cc, Cf, Cs, Co, Cn, Zl,
/// Zp, Zs other than space are not printable).
pub fn is_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x20 || (0x7f..0xa0).contains(&u) {
        return false;
    }
    if c == ' ' {
        return true;
    }
    if c.is_whitespace() {
        return false;
    }
    !matches!(u, 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e | 0x200b..=0x200f
        | 0x202a..=0x202e | 0x2060..=0x2064 | 0x2066..=0x206f | 0xfeff | 0xfff9..=0xfffb
        | 0xd800..=0xdfff | 0xe000..=0xf8ff | 0xf0000..=0x10ffff)
}

pub fn specs() -> Vec<TypeSpec> {
    super::str_methods::specs()
}
