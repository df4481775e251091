//! `float`: a boxed f64.

use super::typeobj::Layout;
use super::types::FLOAT_TYPE;
use super::value::{Header, Payload, PyObject, Value};
use std::cell::Cell;

pub struct Float(pub f64);

impl Payload for Float {
    const LAYOUT: Layout = Layout::Float;
}

#[inline]
pub fn new_float(x: f64) -> Value {
    let block = FREE.with(|f| {
        let head = f.head.get();
        if !head.is_null() {
            // SAFETY: a block on the free list is a dead float's allocation whose payload holds
            // the next block (see `free_float`).
            f.head
                .set(unsafe { (*head).payload.0.to_bits() } as *mut FloatObject);
            f.len.set(f.len.get() - 1);
        }
        head
    });
    if block.is_null() {
        return new_float_allocated(x);
    }
    // SAFETY: the block is a `PyObject<Float>` allocation nothing else uses; it is
    // re-initialized whole and handed over with its one reference.
    unsafe {
        block.write(PyObject {
            header: Header {
                refcnt: Cell::new(1),
                ty: Cell::new(&FLOAT_TYPE),
            },
            payload: Float(x),
        });
        Value::from_owned_ptr(block as *mut Header)
    }
}

/// `new_float` when the free list is empty.
#[cold]
#[inline(never)]
fn new_float_allocated(x: f64) -> Value {
    super::alloc::alloc(&FLOAT_TYPE, Float(x))
}

type FloatObject = PyObject<Float>;

/// Dead exact floats kept for reuse, linked through their payloads: arithmetic on floats makes
/// and frees one object per operation, and taking a block from here costs a few instructions
/// where the allocator's free and malloc cost tens (CPython keeps such a list as well).
struct FreeList {
    head: Cell<*mut FloatObject>,
    len: Cell<usize>,
}

/// How many dead floats the list keeps (more go back to the allocator).
const FREE_LIST_MAX: usize = 256;

thread_local! {
    static FREE: FreeList = const {
        FreeList {
            head: Cell::new(std::ptr::null_mut()),
            len: Cell::new(0),
        }
    };
}

/// Frees an exact float whose refcount reached zero, onto the free list when it has room.
///
/// # Safety
/// `ptr` is an exact float (allocated by `alloc::<Float>` or taken from the free list) with no
/// remaining references.
#[inline(always)]
pub unsafe fn free_float(ptr: *mut Header) {
    let block = ptr as *mut FloatObject;
    let kept = FREE
        .try_with(|f| {
            if f.len.get() >= FREE_LIST_MAX {
                return false;
            }
            // SAFETY: the object is dead: its payload becomes the link to the next block.
            unsafe { (*block).payload.0 = f64::from_bits(f.head.get() as u64) };
            f.head.set(block);
            f.len.set(f.len.get() + 1);
            true
        })
        .unwrap_or(false);
    if !kept {
        // SAFETY: forwarded from the caller.
        unsafe { free_float_block(block) };
    }
}

/// Gives a dead float's block back to the allocator (the free list is full).
///
/// # Safety
/// As `free_float`.
#[cold]
#[inline(never)]
unsafe fn free_float_block(block: *mut FloatObject) {
    // SAFETY: floats are allocated as a `Box<PyObject<Float>>` (not tracked).
    drop(unsafe { Box::from_raw(block) });
}

/// The value of an exact float, without the type check.
///
/// # Safety
/// `v` is an exact float (`v.is_type(&FLOAT_TYPE)`).
#[inline(always)]
pub unsafe fn exact_value(v: &Value) -> f64 {
    // SAFETY: forwarded from the caller.
    unsafe { v.payload_unchecked::<Float>().0 }
}

/// `r` as the result of an operation whose operands `a` and `b` the caller owns and no longer
/// needs: written into one of them that is an exact float nobody else references, so an
/// expression such as `2.0 * x * y + c` reuses its temporaries' blocks instead of freeing one
/// and taking another for every operation; else a new float.
#[inline(always)]
pub fn result_reusing(r: f64, a: Value, b: Value) -> Value {
    if rewrite_if_unshared(&a, r) {
        return a;
    }
    if rewrite_if_unshared(&b, r) {
        return b;
    }
    new_float(r)
}

/// Writes `r` into `v` when it is an exact float whose one reference the caller holds.
#[inline(always)]
fn rewrite_if_unshared(v: &Value, r: f64) -> bool {
    if !v.is_type(&FLOAT_TYPE) || v.refcount() != 1 {
        return false;
    }
    // SAFETY: `v` is an exact float (a `PyObject<Float>`) and the caller's reference is its
    // only one, so no other reference reads the payload while it is rewritten.
    unsafe { (*(v.header_ptr() as *mut FloatObject)).payload.0 = r };
    true
}

/// The value of a float or float subclass instance.
#[inline]
pub fn as_f64(v: &Value) -> Option<f64> {
    v.payload::<Float>().map(|f| f.0)
}

pub use super::float_format::float_repr;

/// Python's hash of a float (equal to the int hash for integral values).
pub fn hash_f64(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { 314159 } else { -314159 };
    }
    const BITS: i32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    let (mut m, mut e) = frexp(x.abs());
    let mut h: u64 = 0;
    while m != 0.0 {
        h = ((h << 28) & MODULUS) | (h >> (BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        h += y;
        if h >= MODULUS {
            h -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS
    } else {
        BITS - 1 - ((-1 - e) % BITS)
    };
    h = ((h << e) & MODULUS) | (h >> (BITS - e));
    let mut r = h as i64;
    if x < 0.0 {
        r = -r;
    }
    if r == -1 {
        -2
    } else {
        r
    }
}

/// C's `frexp`: x = m * 2**e with 0.5 <= m < 1.
pub fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || x.is_nan() || x.is_infinite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(x * (1u64 << 54) as f64);
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, exp - 1022)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_matches_int_hash() {
        assert_eq!(hash_f64(1.0), 1);
        assert_eq!(hash_f64(-1.0), -2);
        assert_eq!(
            hash_f64(1e20),
            super::super::int::hash_bigint(&num_bigint::BigInt::from(100000000000000000000u128))
        );
        assert_eq!(hash_f64(0.5), 1152921504606846976);
    }
}
