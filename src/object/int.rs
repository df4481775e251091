//! `int` (and `bool`): 63-bit tagged small ints inline in the `Value`, arbitrary precision
//! (`num_bigint::BigInt`) on the heap only when out of the small range. `True`/`False` are heap
//! ints of type `bool`.

use std::borrow::Cow;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use super::typeobj::Layout;
use super::types::{BOOL_TYPE, INT_TYPE};
use super::value::{Payload, Value};

pub struct Int(pub BigInt);

impl Payload for Int {
    const LAYOUT: Layout = Layout::Int;
}

/// An int value from an i64 (tagged when it fits in 63 bits).
#[inline(always)]
pub fn from_i64(i: i64) -> Value {
    match Value::try_small_int(i) {
        Some(v) => v,
        None => super::alloc::alloc(&INT_TYPE, Int(BigInt::from(i))),
    }
}

/// An int value from a usize.
#[inline]
pub fn from_usize(i: usize) -> Value {
    match i64::try_from(i) {
        Ok(i) => from_i64(i),
        Err(_) => from_bigint(BigInt::from(i)),
    }
}

/// An int value from a BigInt, normalized (tagged when it fits).
pub fn from_bigint(b: BigInt) -> Value {
    if let Some(i) = b.to_i64() {
        if let Some(v) = Value::try_small_int(i) {
            return v;
        }
    }
    super::alloc::alloc(&INT_TYPE, Int(b))
}

/// The digits of `v` to compute in place, when `v` is an exact heap int (outside the small
/// range) whose one reference is the caller's.
///
/// # Safety
/// The caller holds `v`'s reference and does not read `v` through another path while the
/// borrow lives; whatever it leaves there is `v`'s value from then on, so it gives `v` up or
/// makes it the result of the operation it computed (normalized: see `from_bigint`).
#[allow(
    clippy::mut_from_ref,
    reason = "the one reference to an object is the caller's, which it lends for the borrow"
)]
pub unsafe fn unshared_big_mut(v: &Value) -> Option<&mut BigInt> {
    if !v.is_type(&INT_TYPE) || v.refcount() != 1 {
        return None;
    }
    let obj = v.header_ptr() as *mut super::value::PyObject<Int>;
    // SAFETY: an exact int is a `PyObject<Int>`; its only reference is the caller's, so no
    // one else reads the digits while they change.
    Some(unsafe { &mut (*obj).payload.0 })
}

/// `True`/`False` objects (created once at start-up).
pub fn new_bool_object(b: bool) -> Value {
    super::alloc::alloc(&BOOL_TYPE, Int(BigInt::from(b as i64)))
}

/// An int-like value's magnitude: small (i64) or big.
pub enum IntRef<'a> {
    Small(i64),
    Big(&'a BigInt),
}

impl IntRef<'_> {
    pub fn to_bigint(&self) -> Cow<'_, BigInt> {
        match self {
            IntRef::Small(i) => Cow::Owned(BigInt::from(*i)),
            IntRef::Big(b) => Cow::Borrowed(b),
        }
    }

    pub fn to_i64(&self) -> Option<i64> {
        match self {
            IntRef::Small(i) => Some(*i),
            IntRef::Big(b) => b.to_i64(),
        }
    }

    pub fn is_zero(&self) -> bool {
        match self {
            IntRef::Small(i) => *i == 0,
            IntRef::Big(b) => b.is_zero(),
        }
    }

    pub fn is_negative(&self) -> bool {
        match self {
            IntRef::Small(i) => *i < 0,
            IntRef::Big(b) => b.is_negative(),
        }
    }
}

/// The integer value of an int, bool, or int subclass instance.
#[inline]
pub fn as_int(v: &Value) -> Option<IntRef<'_>> {
    if let Some(i) = v.as_small_int() {
        return Some(IntRef::Small(i));
    }
    v.payload::<Int>().map(|b| match b.0.to_i64() {
        Some(i) => IntRef::Small(i),
        None => IntRef::Big(&b.0),
    })
}

/// The value as i64 if it is an int that fits.
#[inline]
pub fn as_i64(v: &Value) -> Option<i64> {
    if let Some(i) = v.as_small_int() {
        return Some(i);
    }
    v.payload::<Int>().and_then(|b| b.0.to_i64())
}

/// The value as a BigInt if it is an int.
pub fn as_bigint(v: &Value) -> Option<BigInt> {
    as_int(v).map(|i| i.to_bigint().into_owned())
}

/// The digits of a heap int (an int, bool or int subclass instance outside the tagged
/// range), borrowed.
#[inline]
pub fn big_ref(v: &Value) -> Option<&BigInt> {
    v.payload::<Int>().map(|i| &i.0)
}

/// True for int, bool and int subclasses.
#[inline]
pub fn is_int(v: &Value) -> bool {
    v.is_small_int() || v.payload::<Int>().is_some()
}

/// Python's hash of an integer: the value modulo 2**61 - 1, sign kept, -1 mapped to -2.
pub fn hash_bigint(b: &BigInt) -> i64 {
    const MODULUS: u64 = (1 << 61) - 1;
    let m = BigInt::from(MODULUS);
    let r = (b.abs() % &m).to_i64().unwrap_or(0);
    let h = if b.is_negative() { -r } else { r };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Python's hash of an i64.
#[inline]
pub fn hash_i64(i: i64) -> i64 {
    const MODULUS: i64 = (1 << 61) - 1;
    let h = if i >= 0 {
        i % MODULUS
    } else {
        -((-(i as i128) % MODULUS as i128) as i64)
    };
    if h == -1 {
        -2
    } else {
        h
    }
}
