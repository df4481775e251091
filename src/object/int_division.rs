//! Division of big ints whose quotient is short beside the divisor.
//!
//! num-bigint divides with Burnikel–Ziegler recursion once the dividend passes 128 digits and
//! the divisor 64, whatever the quotient's length; for a quotient of a few bits (the spigot's
//! `(3 * num + acc) // den`, a float conversion's `a / b`) that costs many passes over the
//! operands where CPython's schoolbook division makes one. Here such a quotient is estimated
//! from the operands' leading bits, which leaves it off by at most one, and corrected with one
//! product and one subtraction: linear in the operands' length for a short quotient.

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::Zero;

/// Below this many divisor bits num-bigint divides by the schoolbook method, as fast as here.
const LONG_DIVISOR_BITS: u64 = 64 * 64;

/// Bits kept in the truncated divisor beyond the quotient's: enough that the estimate is off
/// by at most one (see `div_rem_magnitude`).
const GUARD_BITS: u64 = 128;

/// `(a / b, a % b)` of magnitudes; `b` nonzero.
pub fn div_rem_magnitude(a: &BigUint, b: &BigUint) -> (BigUint, BigUint) {
    let (a_bits, b_bits) = (a.bits(), b.bits());
    if a_bits < b_bits {
        return (BigUint::zero(), a.clone());
    }
    let quotient_bits = a_bits - b_bits + 1;
    let kept = quotient_bits + GUARD_BITS;
    if b_bits < LONG_DIVISOR_BITS || kept > b_bits / 2 {
        return a.div_rem(b);
    }
    // With a = a1·2^t + x and b = b1·2^t + y (0 <= x, y < 2^t), a/b lies in
    // [a1/(b1+1), (a1+1)/b1): above a1/b1 by less than 1/b1 and below it by less than
    // (a1/b1)/b1 < 2^quotient_bits / 2^(kept-1) < 1. So floor(a/b) is within one of
    // floor(a1/b1).
    let shift = b_bits - kept;
    let estimate = (a >> shift) / (b >> shift);
    let product = &estimate * b;
    if product > *a {
        let remainder = a + b - product;
        (estimate - 1u32, remainder)
    } else {
        let remainder = a - product;
        if remainder >= *b {
            (estimate + 1u32, remainder - b)
        } else {
            (estimate, remainder)
        }
    }
}

/// `(q, r)` with `q` rounded toward zero and `r` of `a`'s sign (Rust's `/` and `%`); `b`
/// nonzero.
pub fn div_rem_trunc(a: &BigInt, b: &BigInt) -> (BigInt, BigInt) {
    let (q, r) = div_rem_magnitude(a.magnitude(), b.magnitude());
    let q_sign = if a.sign() == b.sign() {
        Sign::Plus
    } else {
        Sign::Minus
    };
    (
        BigInt::from_biguint(q_sign, q),
        BigInt::from_biguint(a.sign(), r),
    )
}

/// Python's `divmod(a, b)`: `q` rounded toward minus infinity, `r` of `b`'s sign; `b` nonzero.
pub fn div_mod_floor(a: &BigInt, b: &BigInt) -> (BigInt, BigInt) {
    let (q, r) = div_rem_trunc(a, b);
    if !r.is_zero() && (r.sign() != b.sign()) {
        (q - 1, r + b)
    } else {
        (q, r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::One;

    /// A deterministic big number of about `bits` bits.
    fn number(bits: u64, seed: u64) -> BigUint {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut digits = Vec::new();
        for _ in 0..bits.div_ceil(32) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            digits.push(state as u32);
        }
        BigUint::new(digits) | BigUint::one()
    }

    #[test]
    fn short_quotients_match_num_bigint() {
        for (seed, (a_bits, b_bits)) in [
            (9000, 8990),
            (9000, 9000),
            (20_000, 19_000),
            (8200, 4100),
            (12_000, 6000),
            (5000, 4200),
            (4100, 4097),
            (300, 200),
        ]
        .into_iter()
        .enumerate()
        {
            let a = number(a_bits, seed as u64);
            let b = number(b_bits, seed as u64 + 100);
            assert_eq!(
                div_rem_magnitude(&a, &b),
                a.div_rem(&b),
                "{a_bits}/{b_bits}"
            );
        }
    }

    #[test]
    fn estimates_off_by_one_either_way_are_corrected() {
        let b = number(10_000, 7);
        for q in [1u32, 3, 9, 1000] {
            let exact = &b * q;
            for a in [
                exact.clone(),
                &exact - 1u32,
                &exact + 1u32,
                &exact + &b - 1u32,
            ] {
                assert_eq!(div_rem_magnitude(&a, &b), a.div_rem(&b));
            }
        }
        // All ones over a power of two: the truncated operands sit at their bounds.
        let a = (BigUint::one() << 20_000u32) - 1u32;
        let b = BigUint::one() << 19_990u32;
        assert_eq!(div_rem_magnitude(&a, &b), a.div_rem(&b));
        let b = (BigUint::one() << 19_990u32) + 1u32;
        assert_eq!(div_rem_magnitude(&a, &b), a.div_rem(&b));
    }

    #[test]
    fn signs_follow_python_floor_division() {
        let a = BigInt::from(number(9000, 1));
        let b = BigInt::from(number(8000, 2));
        for (x, y) in [
            (a.clone(), b.clone()),
            (-a.clone(), b.clone()),
            (a.clone(), -b.clone()),
            (-a.clone(), -b.clone()),
        ] {
            assert_eq!(div_mod_floor(&x, &y), x.div_mod_floor(&y));
            assert_eq!(div_rem_trunc(&x, &y), x.div_rem(&y));
        }
        let exact = &b * 5;
        assert_eq!(
            div_mod_floor(&-&exact, &b),
            (BigInt::from(-5), BigInt::zero())
        );
    }
}
