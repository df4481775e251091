//! `bytes` (immutable) and `bytearray` (mutable).

use std::cell::RefCell;

use super::typeobj::Layout;
use super::types::{BYTEARRAY_TYPE, BYTES_TYPE};
use super::value::{Payload, Value};

/// A bytes object: its bytes and their hash, computed on first use (-1 until then), as
/// CPython caches it (a bytes key hashed for every dict lookup costs O(len) only once).
pub struct Bytes(pub Box<[u8]>, std::cell::Cell<i64>);

impl Bytes {
    /// The cached hash (never -1); equal to the hash of the equal ASCII str.
    pub fn hash(&self) -> i64 {
        let h = self.1.get();
        if h != -1 {
            return h;
        }
        let h = super::str::hash_bytes(&self.0);
        self.1.set(h);
        h
    }
}

impl Payload for Bytes {
    const LAYOUT: Layout = Layout::Bytes;
}

/// A bytearray: its bytes, and the count of memoryviews exporting them (while any is alive
/// the size cannot change, as in CPython).
pub struct ByteArray(pub RefCell<ByteBuf>, pub std::cell::Cell<usize>);

/// A bytearray's bytes: a vector whose first `start` bytes are dead, so that deleting from the
/// front (`del b[0]`, `del b[:k]`) costs O(1) amortized instead of moving every byte down
/// (CPython keeps `ob_start` for the same reason). Reads see the live bytes as a slice;
/// operations at positions (insert, splice, retain) first drop the dead front.
#[derive(Default)]
pub struct ByteBuf {
    vec: Vec<u8>,
    start: usize,
}

impl std::ops::Deref for ByteBuf {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.vec[self.start..]
    }
}

impl std::ops::DerefMut for ByteBuf {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.vec[self.start..]
    }
}

impl From<Vec<u8>> for ByteBuf {
    fn from(vec: Vec<u8>) -> ByteBuf {
        ByteBuf { vec, start: 0 }
    }
}

impl ByteBuf {
    /// The bytes as a vector with no dead front, for operations at positions.
    pub fn vec(&mut self) -> &mut Vec<u8> {
        if self.start > 0 {
            self.vec.drain(..self.start);
            self.start = 0;
        }
        &mut self.vec
    }

    /// Deletes the first `k` live bytes (at most all of them).
    pub fn remove_front(&mut self, k: usize) {
        self.start += k.min(self.len());
        if self.start == self.vec.len() {
            self.vec.clear();
            self.start = 0;
        } else if self.start > 64 && self.start * 2 > self.vec.len() {
            // Most of the vector is dead: move the live bytes down (paid for by the deletions
            // that made the dead front, at least as many as the bytes moved).
            self.vec();
        }
    }

    pub fn push(&mut self, b: u8) {
        self.vec.push(b);
    }

    pub fn extend_from_slice(&mut self, b: &[u8]) {
        self.vec.extend_from_slice(b);
    }

    pub fn clear(&mut self) {
        self.vec.clear();
        self.start = 0;
    }

    pub fn truncate(&mut self, len: usize) {
        self.vec.truncate(self.start + len);
    }

    pub fn capacity(&self) -> usize {
        self.vec.capacity()
    }

    pub fn pop(&mut self) -> Option<u8> {
        if self.is_empty() {
            return None;
        }
        self.vec.pop()
    }
}

impl ByteArray {
    /// CPython's refusal to resize a bytearray whose buffer is exported.
    pub fn check_resizable(&self) -> crate::object::error::PyResult<()> {
        if self.1.get() > 0 {
            return Err(crate::object::error::PyErr::new(
                &super::exception::BUFFER_ERROR,
                "Existing exports of data: object cannot be re-sized",
            ));
        }
        Ok(())
    }
}

impl Payload for ByteArray {
    const LAYOUT: Layout = Layout::ByteArray;
}

pub fn new_bytes(b: Vec<u8>) -> Value {
    super::alloc::alloc(
        &BYTES_TYPE,
        Bytes(b.into_boxed_slice(), std::cell::Cell::new(-1)),
    )
}

pub fn new_bytearray(b: Vec<u8>) -> Value {
    super::alloc::alloc(
        &BYTEARRAY_TYPE,
        ByteArray(RefCell::new(ByteBuf::from(b)), std::cell::Cell::new(0)),
    )
}

pub fn as_bytes(v: &Value) -> Option<&[u8]> {
    v.payload::<Bytes>().map(|b| &b.0[..])
}

/// The bytes of a bytes, bytearray or memoryview: borrowed from an immutable `bytes`, copied
/// from anything mutable (whose bytes a callback into Python could change or move meanwhile).
pub fn bytes_view(v: &Value) -> Option<std::borrow::Cow<'_, [u8]>> {
    match as_bytes(v) {
        Some(b) => Some(std::borrow::Cow::Borrowed(b)),
        None => bytes_like(v).map(std::borrow::Cow::Owned),
    }
}

/// The bytes of a bytes, bytearray or memoryview (copied).
pub fn bytes_like(v: &Value) -> Option<Vec<u8>> {
    if let Some(b) = as_bytes(v) {
        return Some(b.to_vec());
    }
    if let Some(b) = v.payload::<ByteArray>() {
        return Some(b.0.borrow().to_vec());
    }
    let view = VIEW_BYTES.with(|h| h.get());
    view.and_then(|f| f(v)).or_else(|| exported_bytes(v))
}

/// How the layer above reads the bytes a view (`memoryview`) shows.
pub type ViewReader = fn(&Value) -> Option<Vec<u8>>;

thread_local! {
    static VIEW_BYTES: std::cell::Cell<Option<ViewReader>> = const { std::cell::Cell::new(None) };
}

/// Lets `bytes_like` read views: `memoryview`'s methods register how.
pub fn register_view_bytes(f: ViewReader) {
    VIEW_BYTES.with(|h| h.set(Some(f)));
}

/// The bytes of a bytes-like argument, or CPython's TypeError for anything else.
pub fn bytes_like_arg(v: &Value) -> crate::object::error::PyResult<Vec<u8>> {
    bytes_like(v).ok_or_else(|| {
        super::exception::type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.ty().name()
        ))
    })
}

/// Where the bytes of an exported buffer live.
pub enum BufferData<'a> {
    /// Immutable bytes (`bytes`).
    Fixed(&'a [u8]),
    /// Bytes that may change and grow (`bytearray`, `array`).
    Growable(&'a RefCell<dyn ByteStore>),
}

/// Mutable storage of bytes that a buffer exports (a bytearray's `ByteBuf`, an array's
/// `Vec<u8>`): read and written in place as a slice.
pub trait ByteStore: std::ops::DerefMut<Target = [u8]> {}

impl ByteStore for Vec<u8> {}

impl ByteStore for ByteBuf {}

/// What an object exports through the buffer protocol: its bytes and how they read as items.
pub struct Buffer<'a> {
    pub data: BufferData<'a>,
    /// The struct-module format of one item ("B" for bytes).
    pub format: &'static str,
    pub itemsize: usize,
    pub readonly: bool,
    /// The count of views holding the buffer, for exporters that refuse to resize while
    /// exported.
    pub exports: Option<&'a std::cell::Cell<usize>>,
}

impl Buffer<'_> {
    /// The bytes, read in place.
    pub fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match &self.data {
            BufferData::Fixed(b) => f(b),
            BufferData::Growable(b) => f(&b.borrow()[..]),
        }
    }
}

/// A native module's exporter of its objects' buffers (the buffer protocol).
pub type BufferExporter = for<'a> fn(&'a Value) -> Option<Buffer<'a>>;

thread_local! {
    static BUFFER_EXPORTERS: std::cell::RefCell<Vec<BufferExporter>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Makes a native type's objects export buffers (`array` registers itself when imported).
pub fn register_buffer_exporter(f: BufferExporter) {
    BUFFER_EXPORTERS.with(|e| {
        let mut e = e.borrow_mut();
        if !e.iter().any(|g| std::ptr::fn_addr_eq(*g, f)) {
            e.push(f);
        }
    });
}

/// The buffer `v` exports: bytes, bytearray, or a registered native type (memoryviews are
/// views of such buffers, not exporters).
pub fn buffer_of(v: &Value) -> Option<Buffer<'_>> {
    if let Some(b) = v.payload::<Bytes>() {
        return Some(Buffer {
            data: BufferData::Fixed(&b.0),
            format: "B",
            itemsize: 1,
            readonly: true,
            exports: None,
        });
    }
    if let Some(b) = v.payload::<ByteArray>() {
        return Some(Buffer {
            data: BufferData::Growable(&b.0),
            format: "B",
            itemsize: 1,
            readonly: false,
            exports: Some(&b.1),
        });
    }
    let f = BUFFER_EXPORTERS.with(|e| e.borrow().clone());
    f.iter().find_map(|f| f(v))
}

/// The bytes a registered native exporter gives for `v`.
pub fn exported_bytes(v: &Value) -> Option<Vec<u8>> {
    buffer_of(v).map(|b| b.with_bytes(|d| d.to_vec()))
}

/// CPython's `repr()` of bytes content: `b'...'` with escapes.
pub fn repr_bytes(b: &[u8], prefix: &str) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(prefix);
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod byte_buf_tests {
    use super::ByteBuf;

    #[test]
    fn front_deletions_keep_the_live_bytes_and_compact() {
        let mut b = ByteBuf::from((0..=255u8).collect::<Vec<u8>>());
        b.remove_front(10);
        assert_eq!(&b[..3], &[10, 11, 12]);
        assert_eq!(b.len(), 246);
        b.push(7);
        b.truncate(5);
        assert_eq!(&b[..], &[10, 11, 12, 13, 14]);
        b.vec().insert(0, 1);
        assert_eq!(&b[..], &[1, 10, 11, 12, 13, 14]);
        let mut big = ByteBuf::from(vec![0u8; 1000]);
        for _ in 0..600 {
            big.remove_front(1);
        }
        // More than half was dead: the live bytes moved down.
        assert!(big.capacity() >= 400 && big.len() == 400);
        big.remove_front(1000);
        assert!(big.is_empty());
        assert_eq!(big.pop(), None);
        big.extend_from_slice(b"ab");
        assert_eq!(&big[..], b"ab");
    }
}
