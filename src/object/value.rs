//! The one-word `Value` and the heap object header.
//!
//! Invariants:
//! - A word with the low bit set is a small int: `value = (word as isize) >> 1`, 63 bits signed.
//!   Every int that fits in 63 bits is tagged, never boxed.
//! - Any other word is a non-null pointer to a heap object that starts with a [`Header`].
//! - `Value` owns one reference: `Clone` increfs, `Drop` decrefs. Immortal objects (flag bit in
//!   the refcount) are never counted and never freed.

use std::cell::Cell;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use super::typeobj::TypeObject;

/// Refcount bit that marks an object immortal (never freed).
pub const IMMORTAL: usize = 1 << (usize::BITS - 2);

/// The reference count an immortal object starts with: the `IMMORTAL` bit and half of it
/// again. The eval loop counts references to immortal objects like any others (one test for
/// tagged ints is all an update needs), and no program makes or drops the 2^61 references it
/// would take to clear the bit or reach zero; compiled code skips them by the bit.
pub const IMMORTAL_COUNT: usize = IMMORTAL | (IMMORTAL >> 1);

/// The header every heap object starts with.
#[repr(C)]
pub struct Header {
    pub refcnt: Cell<usize>,
    pub ty: Cell<*const TypeObject>,
}

/// A heap object: header then a payload of type `T`.
#[repr(C)]
pub struct PyObject<T> {
    pub header: Header,
    pub payload: T,
}

/// Smallest and largest small int.
pub const SMALL_MIN: i64 = -(1 << 62);
pub const SMALL_MAX: i64 = (1 << 62) - 1;

/// An owned reference to a Python object, or a tagged small int.
#[repr(transparent)]
pub struct Value {
    word: NonNull<Header>,
    _not_send: PhantomData<*const Header>,
}

impl Value {
    /// A small int. The caller guarantees `SMALL_MIN <= i <= SMALL_MAX`.
    #[inline(always)]
    pub fn small_int_unchecked(i: i64) -> Value {
        let word = ((i << 1) | 1) as usize;
        // SAFETY: the low bit is set, so the word is never zero.
        let word = unsafe { NonNull::new_unchecked(word as *mut Header) };
        Value {
            word,
            _not_send: PhantomData,
        }
    }

    /// A small int if `i` fits in 63 bits.
    #[inline(always)]
    pub fn try_small_int(i: i64) -> Option<Value> {
        if (SMALL_MIN..=SMALL_MAX).contains(&i) {
            Some(Value::small_int_unchecked(i))
        } else {
            None
        }
    }

    #[inline(always)]
    pub fn word(&self) -> usize {
        self.word.as_ptr() as usize
    }

    #[inline(always)]
    pub fn is_small_int(&self) -> bool {
        self.word() & 1 == 1
    }

    #[inline(always)]
    pub fn as_small_int(&self) -> Option<i64> {
        if self.is_small_int() {
            Some((self.word() as i64) >> 1)
        } else {
            None
        }
    }

    /// The small int value; the caller has checked `is_small_int`.
    #[inline(always)]
    pub fn small_int_value(&self) -> i64 {
        (self.word() as i64) >> 1
    }

    /// Pointer to the header; only meaningful when `!is_small_int()`.
    #[inline(always)]
    pub fn header_ptr(&self) -> *mut Header {
        self.word.as_ptr()
    }

    /// Takes ownership of a new reference to a freshly allocated heap object.
    ///
    /// # Safety
    /// `ptr` points at a live object with a header, and the caller gives up one reference.
    #[inline(always)]
    pub unsafe fn from_owned_ptr(ptr: *mut Header) -> Value {
        // SAFETY: the caller promises a live, non-null object.
        let word = unsafe { NonNull::new_unchecked(ptr) };
        Value {
            word,
            _not_send: PhantomData,
        }
    }

    /// Rebuilds a value from a raw word produced by [`Value::into_raw`].
    ///
    /// # Safety
    /// `word` came from `into_raw` and its reference has not been released since.
    #[inline(always)]
    pub unsafe fn from_raw(word: usize) -> Value {
        // SAFETY: words from `into_raw` are never zero.
        let word = unsafe { NonNull::new_unchecked(word as *mut Header) };
        Value {
            word,
            _not_send: PhantomData,
        }
    }

    /// Gives up ownership without decrementing the refcount.
    #[inline(always)]
    pub fn into_raw(self) -> usize {
        let v = ManuallyDrop::new(self);
        v.word()
    }

    /// Creates a new owned reference from a borrowed raw word.
    ///
    /// # Safety
    /// `word` is a valid value word whose object is alive.
    #[inline(always)]
    pub unsafe fn from_borrowed_raw(word: usize) -> Value {
        // SAFETY: forwarded from the caller.
        let v = ManuallyDrop::new(unsafe { Value::from_raw(word) });
        (*v).clone()
    }

    /// Identity (`is`).
    #[inline(always)]
    pub fn is(&self, other: &Value) -> bool {
        self.word == other.word
    }

    /// The object's type. Small ints report `int`.
    #[inline(always)]
    pub fn ty(&self) -> &TypeObject {
        if self.is_small_int() {
            &super::types::INT_TYPE
        } else {
            // SAFETY: a non-tagged value points at a live object whose header names its type;
            // the type outlives the object because the object holds a reference to it.
            unsafe { &*(*self.header_ptr()).ty.get() }
        }
    }

    /// The type pointer, for fast exact-type checks.
    #[inline(always)]
    pub fn ty_ptr(&self) -> *const TypeObject {
        if self.is_small_int() {
            &super::types::INT_TYPE as *const TypeObject
        } else {
            // SAFETY: see `ty`.
            unsafe { (*self.header_ptr()).ty.get() }
        }
    }

    #[inline(always)]
    pub fn is_type(&self, ty: &TypeObject) -> bool {
        std::ptr::eq(self.ty_ptr(), ty)
    }

    /// The payload of a heap object whose layout is `T` (exact layout check, no subclass
    /// delegation).
    #[inline(always)]
    pub fn payload_exact<T: Payload>(&self) -> Option<&T> {
        if !self.is_small_int() && self.ty().layout == T::LAYOUT {
            // SAFETY: the layout tag guarantees the object was allocated as `PyObject<T>`.
            Some(unsafe { &(*(self.header_ptr() as *const PyObject<T>)).payload })
        } else {
            None
        }
    }

    /// The payload of an object of layout `T`, following an instance of a user subclass of a
    /// built-in type to the built-in value it wraps.
    #[inline(always)]
    pub fn payload<T: Payload>(&self) -> Option<&T> {
        if let Some(p) = self.payload_exact::<T>() {
            return Some(p);
        }
        match self.payload_exact::<super::instance::Instance>() {
            Some(inst) => match &inst.base_value {
                // SAFETY-free: the inner value lives as long as the instance.
                Some(inner) => inner.payload_exact::<T>(),
                None => None,
            },
            None => None,
        }
    }

    /// The payload, without checking. The caller has checked the layout.
    ///
    /// # Safety
    /// `self` is a heap object allocated as `PyObject<T>`.
    #[inline(always)]
    pub unsafe fn payload_unchecked<T>(&self) -> &T {
        // SAFETY: forwarded from the caller.
        unsafe { &(*(self.header_ptr() as *const PyObject<T>)).payload }
    }

    /// Current reference count (0 for tagged ints and immortal objects reported as their raw
    /// count without the flag).
    #[inline(always)]
    pub fn refcount(&self) -> usize {
        if self.is_small_int() {
            return IMMORTAL;
        }
        // SAFETY: heap value, live.
        unsafe { (*self.header_ptr()).refcnt.get() }
    }

    pub fn is_immortal(&self) -> bool {
        self.is_small_int() || self.refcount() & IMMORTAL != 0
    }

    /// Marks this object immortal: it is never freed afterwards.
    pub fn make_immortal(&self) {
        if !self.is_small_int() {
            // SAFETY: heap value, live.
            unsafe { (*self.header_ptr()).refcnt.set(IMMORTAL_COUNT) }
        }
    }
}

impl Clone for Value {
    #[inline(always)]
    fn clone(&self) -> Value {
        if !self.is_small_int() {
            // SAFETY: heap value, live (we hold a reference).
            let rc = unsafe { &(*self.header_ptr()).refcnt };
            rc.set(rc.get() + 1);
        }
        Value {
            word: self.word,
            _not_send: PhantomData,
        }
    }
}

impl Value {
    /// Gives up this reference with the decrement inlined at the call site: for hot paths where
    /// the compiler would otherwise call the drop glue out of line.
    #[inline(always)]
    pub fn release(self) {
        let mut this = std::mem::ManuallyDrop::new(self);
        this.decref();
    }

    #[inline(always)]
    fn decref(&mut self) {
        if !self.is_small_int() {
            // SAFETY: heap value, live (we hold a reference).
            let rc = unsafe { &(*self.header_ptr()).refcnt };
            let n = rc.get() - 1;
            if n == 0 {
                // SAFETY: this was the last reference (immortal objects never get here).
                unsafe { super::alloc::dealloc(self.header_ptr()) }
            } else {
                rc.set(n);
            }
        }
    }
}

impl Drop for Value {
    #[inline(always)]
    fn drop(&mut self) {
        self.decref();
    }
}

impl PartialEq for Value {
    /// Identity, not Python equality.
    fn eq(&self, other: &Value) -> bool {
        self.is(other)
    }
}
impl Eq for Value {}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(i) = self.as_small_int() {
            write!(f, "{i}")
        } else if let Some(s) = self.payload_exact::<super::str::Str>() {
            write!(f, "{:?}", s.as_str())
        } else {
            write!(f, "<{} object at {:#x}>", self.ty().name(), self.word())
        }
    }
}

/// Ties a payload type to its layout tag.
pub trait Payload: 'static {
    const LAYOUT: super::typeobj::Layout;
    /// Allocated with the cycle collector's links (containers that can be part of a cycle).
    const TRACKED: bool = Self::LAYOUT.is_tracked();
    /// Whether objects of a type with this layout carry this payload (a payload shared by
    /// several layouts, as list and tuple iterators, answers for each).
    fn payload_of(layout: super::typeobj::Layout) -> bool {
        layout == Self::LAYOUT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(std::mem::size_of::<Value>(), 8);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 8);
        assert_eq!(std::mem::size_of::<Header>(), 16);
    }

    #[test]
    fn small_ints_roundtrip() {
        for i in [0, 1, -1, SMALL_MAX, SMALL_MIN, 12345, -98765] {
            let v = Value::try_small_int(i).unwrap();
            assert_eq!(v.as_small_int(), Some(i));
        }
        assert!(Value::try_small_int(SMALL_MAX + 1).is_none());
        assert!(Value::try_small_int(SMALL_MIN - 1).is_none());
    }
}
