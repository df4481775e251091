//! The character properties and case mappings behind `str`'s methods, as CPython's
//! `unicodectype.c` gives them: read from the Unicode 14.0.0 database, with ASCII answered
//! without a table lookup.

use super::db::{self, Version};

pub const LOWER: u8 = 1;
pub const UPPER: u8 = 2;
pub const CASED: u8 = 4;
pub const CASE_IGNORABLE: u8 = 8;
pub const XID_START: u8 = 16;
pub const XID_CONTINUE: u8 = 32;
pub const SPACE: u8 = 64;
pub const LINEBREAK: u8 = 128;

fn flags(cp: u32) -> u8 {
    db::record(Version::V14, cp).flags
}

fn category(cp: u32) -> &'static str {
    db::record(Version::V14, cp).category
}

pub fn is_alpha(cp: u32) -> bool {
    if cp < 0x80 {
        return (cp as u8).is_ascii_alphabetic();
    }
    category(cp).starts_with('L')
}

pub fn decimal_value(cp: u32) -> Option<u32> {
    if cp < 0x80 {
        return (cp as u8 as char).to_digit(10);
    }
    db::record(Version::V14, cp).decimal.map(u32::from)
}

pub fn is_decimal(cp: u32) -> bool {
    decimal_value(cp).is_some()
}

pub fn is_digit(cp: u32) -> bool {
    if cp < 0x80 {
        return (cp as u8).is_ascii_digit();
    }
    db::record(Version::V14, cp).digit.is_some()
}

pub fn is_numeric(cp: u32) -> bool {
    if cp < 0x80 {
        return (cp as u8).is_ascii_digit();
    }
    db::record(Version::V14, cp).numeric.is_some()
}

pub fn is_alnum(cp: u32) -> bool {
    is_alpha(cp) || is_decimal(cp) || is_digit(cp) || is_numeric(cp)
}

pub fn is_space(cp: u32) -> bool {
    if cp < 0x80 {
        return matches!(cp, 0x09..=0x0D | 0x1C..=0x20);
    }
    flags(cp) & SPACE != 0
}

pub fn is_linebreak(cp: u32) -> bool {
    if cp < 0x80 {
        return matches!(cp, 0x0A..=0x0D | 0x1C..=0x1E);
    }
    flags(cp) & LINEBREAK != 0
}

pub fn is_printable(cp: u32) -> bool {
    if cp < 0x80 {
        return (0x20..0x7F).contains(&cp);
    }
    !matches!(
        category(cp),
        "Cc" | "Cf" | "Cs" | "Co" | "Cn" | "Zl" | "Zp" | "Zs"
    )
}

pub fn is_lower(cp: u32) -> bool {
    if cp < 0x80 {
        return (cp as u8).is_ascii_lowercase();
    }
    flags(cp) & LOWER != 0
}

pub fn is_upper(cp: u32) -> bool {
    if cp < 0x80 {
        return (cp as u8).is_ascii_uppercase();
    }
    flags(cp) & UPPER != 0
}

pub fn is_title(cp: u32) -> bool {
    cp >= 0x80 && category(cp) == "Lt"
}

pub fn is_cased(cp: u32) -> bool {
    if cp < 0x80 {
        return (cp as u8).is_ascii_alphabetic();
    }
    flags(cp) & CASED != 0
}

pub fn is_case_ignorable(cp: u32) -> bool {
    if cp < 0x80 {
        return matches!(cp, 0x27 | 0x2E | 0x3A | 0x5E | 0x60);
    }
    flags(cp) & CASE_IGNORABLE != 0
}

/// `str.isidentifier()`'s first character (`_` or XID_Start).
pub fn is_identifier_start(cp: u32) -> bool {
    if cp < 0x80 {
        return cp == b'_' as u32 || (cp as u8).is_ascii_alphabetic();
    }
    flags(cp) & XID_START != 0
}

/// `str.isidentifier()`'s later characters (XID_Continue).
pub fn is_identifier_continue(cp: u32) -> bool {
    if cp < 0x80 {
        return cp == b'_' as u32 || (cp as u8).is_ascii_alphanumeric();
    }
    flags(cp) & XID_CONTINUE != 0
}

/// Which full case mapping to apply.
#[derive(Clone, Copy)]
pub enum Case {
    Lower = 0,
    Upper = 1,
    Title = 2,
    Fold = 3,
}

/// Appends the full `case` mapping of `cp` to `out` (without the final-sigma rule, which
/// needs the context: see `lower_at`).
pub fn push_mapped(cp: u32, case: Case, out: &mut Vec<u32>) {
    if cp < 0x80 {
        out.push(first_mapped(cp, case));
        return;
    }
    match db::case_mappings().get(&cp) {
        Some(m) => out.extend_from_slice(&m[case as usize]),
        None => out.push(cp),
    }
}

/// The first code point of the full `case` mapping of `cp`: CPython's `Py_UNICODE_TOLOWER`/
/// `TOUPPER` (its table stores the special casings and gives their first character).
pub fn first_mapped(cp: u32, case: Case) -> u32 {
    if cp < 0x80 {
        let c = cp as u8;
        return match case {
            Case::Lower | Case::Fold => c.to_ascii_lowercase(),
            Case::Upper | Case::Title => c.to_ascii_uppercase(),
        } as u32;
    }
    match db::case_mappings().get(&cp) {
        Some(m) => m[case as usize].first().copied().unwrap_or(cp),
        None => cp,
    }
}

const CAPITAL_SIGMA: u32 = 0x3A3;

/// Appends the lower case of `s[i]`: a capital sigma becomes final sigma (U+03C2) when a
/// cased letter precedes it and none follows, case-ignorable characters skipped both ways.
pub fn push_lower_at(s: &[u32], i: usize, out: &mut Vec<u32>) {
    if s[i] != CAPITAL_SIGMA {
        return push_mapped(s[i], Case::Lower, out);
    }
    let before = s[..i].iter().rev().find(|&&c| !is_case_ignorable(c));
    let after = s[i + 1..].iter().find(|&&c| !is_case_ignorable(c));
    let is_final = before.is_some_and(|&c| is_cased(c)) && !after.is_some_and(|&c| is_cased(c));
    out.push(if is_final { 0x3C2 } else { 0x3C3 });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates_follow_the_categories() {
        assert!(is_alpha(0xE9) && !is_alpha(0x5BF) && !is_alpha(0x2160));
        assert!(is_numeric(0x2160) && !is_digit(0x2160) && is_digit(0xB2) && !is_decimal(0xB2));
        assert_eq!(decimal_value(0x663), Some(3));
        assert!(is_space(0x85) && is_space(0x3000) && !is_space(0x200B));
        assert!(is_linebreak(0x2028) && !is_linebreak(0x20));
        assert!(is_title(0x1C5) && is_lower(0xAA) && is_cased(0x345));
        assert!(!is_printable(0xAD) && is_printable(0xE9));
        assert!(is_identifier_start(0x4E00) && !is_identifier_start(0x300));
        assert!(is_identifier_continue(0x300));
    }

    #[test]
    fn ascii_shortcuts_agree_with_the_tables() {
        for cp in 0..0x80u32 {
            let r = db::record(Version::V14, cp);
            let f = |bit: u8| r.flags & bit != 0;
            assert_eq!(is_alpha(cp), r.category.starts_with('L'), "{cp:#x}");
            assert_eq!(is_decimal(cp), r.decimal.is_some(), "{cp:#x}");
            assert_eq!(is_digit(cp), r.digit.is_some(), "{cp:#x}");
            assert_eq!(is_numeric(cp), r.numeric.is_some(), "{cp:#x}");
            assert_eq!(is_space(cp), f(SPACE), "{cp:#x}");
            assert_eq!(is_linebreak(cp), f(LINEBREAK), "{cp:#x}");
            assert_eq!(is_lower(cp), f(LOWER), "{cp:#x}");
            assert_eq!(is_upper(cp), f(UPPER), "{cp:#x}");
            assert_eq!(is_cased(cp), f(CASED), "{cp:#x}");
            assert_eq!(is_case_ignorable(cp), f(CASE_IGNORABLE), "{cp:#x}");
            assert_eq!(
                is_identifier_start(cp),
                f(XID_START) || cp == 0x5F,
                "{cp:#x}"
            );
            assert_eq!(is_identifier_continue(cp), f(XID_CONTINUE), "{cp:#x}");
            assert!(db::case_mappings().get(&cp).is_none() || (cp as u8).is_ascii_alphabetic());
        }
    }

    #[test]
    fn case_mappings_are_full() {
        let mut out = Vec::new();
        push_mapped(0xDF, Case::Upper, &mut out);
        assert_eq!(out, vec![0x53, 0x53]);
        out.clear();
        push_mapped(0xDF, Case::Title, &mut out);
        assert_eq!(out, vec![0x53, 0x73]);
        out.clear();
        push_mapped(0x130, Case::Lower, &mut out);
        assert_eq!(out, vec![0x69, 0x307]);
        let word = [0x41, 0x3A3];
        out.clear();
        push_lower_at(&word, 1, &mut out);
        assert_eq!(out, vec![0x3C2]);
        out.clear();
        push_lower_at(&[0x3A3], 0, &mut out);
        assert_eq!(out, vec![0x3C3]);
    }
}
