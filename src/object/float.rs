//! `float`: a boxed f64.

use super::typeobj::Layout;
use super::types::FLOAT_TYPE;
use super::value::{Payload, Value};

pub struct Float(pub f64);

impl Payload for Float {
    const LAYOUT: Layout = Layout::Float;
}

#[inline]
pub fn new_float(x: f64) -> Value {
    super::alloc::alloc(&FLOAT_TYPE, Float(x))
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
