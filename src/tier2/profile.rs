//! Type feedback: the interpreter records, per instruction, the kinds of values it saw
//! (`BINARY_OP` operands and result; the results of `BINARY_SUBSCR`, `LOAD_ATTR`, `CALL`;
//! `FOR_ITER` items), and the front end speculates on what was seen (behind guards).

use std::cell::Cell;

use crate::object::code::Code;
use crate::object::types::FLOAT_TYPE;
use crate::object::value::Value;

/// A tagged small int was seen.
pub const SMALL_INT: u8 = 1;
/// An exact float was seen.
pub const FLOAT: u8 = 2;
/// Anything else was seen.
pub const OTHER: u8 = 4;

/// The profile bit of a value.
#[inline(always)]
pub fn kind_bit(v: &Value) -> u8 {
    if v.is_small_int() {
        SMALL_INT
    } else if v.is_type(&FLOAT_TYPE) {
        FLOAT
    } else {
        OTHER
    }
}

/// Records that the instruction at index `lasti` of `code` saw `v`.
#[inline(always)]
pub fn record(code: &Code, lasti: usize, v: &Value) {
    let profile = code
        .profile
        .get_or_init(|| (0..code.compiled.len()).map(|_| Cell::new(0)).collect());
    if let Some(slot) = profile.get(lasti) {
        slot.set(slot.get() | kind_bit(v));
    }
}

/// What the instruction at `index` saw: `SMALL_INT` or `FLOAT` when it saw only that kind,
/// 0 when it saw nothing or a mix.
pub fn only_kind(code: &Code, index: u32) -> u8 {
    match code
        .profile
        .get()
        .and_then(|p| p.get(index as usize))
        .map(|c| c.get())
    {
        Some(SMALL_INT) => SMALL_INT,
        Some(FLOAT) => FLOAT,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_bits_separate_ints_floats_and_others() {
        let (_guard, _vm) = crate::vm::test_vm();
        assert_eq!(kind_bit(&crate::object::int::from_i64(7)), SMALL_INT);
        assert_eq!(kind_bit(&crate::object::float::new_float(1.5)), FLOAT);
        assert_eq!(kind_bit(&crate::object::types::none()), OTHER);
    }
}
