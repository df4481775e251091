//! ISO 8601 text: formatting of times and UTC offsets, and the parsing behind the
//! `fromisoformat` constructors (CPython 3.11's forms: `YYYY-MM-DD`, `YYYYMMDD`,
//! `YYYY-Www[-D]`, `YYYYWww[D]`, times `HH[:MM[:SS[.fff[fff]]]]` with an optional offset or `Z`).

use super::calendar;
use super::Delta;

/// `+HH:MM[:SS[.ffffff]]` with `sep` between the fields.
pub fn format_offset(off: Delta, sep: &str) -> String {
    let (sign, off) = if off.days < 0 {
        ('-', Delta::from_us(-off.to_us()).unwrap_or(Delta::ZERO))
    } else {
        ('+', off)
    };
    let total = off.days * 86_400 + off.secs;
    let (hh, rest) = (total / 3600, total % 3600);
    let (mm, ss) = (rest / 60, rest % 60);
    let mut s = format!("{sign}{hh:02}{sep}{mm:02}");
    if ss != 0 || off.us != 0 {
        s.push_str(&format!("{sep}{ss:02}"));
        if off.us != 0 {
            s.push_str(&format!(".{:06}", off.us));
        }
    }
    s
}

/// `HH:MM:SS[.ffffff]` as `timespec` asks; Err for an unknown timespec.
pub fn format_time(h: u32, mi: u32, s: u32, us: u32, timespec: &str) -> Result<String, ()> {
    Ok(match timespec {
        "auto" if us != 0 => format!("{h:02}:{mi:02}:{s:02}.{us:06}"),
        "auto" | "seconds" => format!("{h:02}:{mi:02}:{s:02}"),
        "hours" => format!("{h:02}"),
        "minutes" => format!("{h:02}:{mi:02}"),
        "milliseconds" => format!("{h:02}:{mi:02}:{s:02}.{:03}", us / 1000),
        "microseconds" => format!("{h:02}:{mi:02}:{s:02}.{us:06}"),
        _ => return Err(()),
    })
}

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0i64, |n, d| n * 10 + (d - b'0') as i64))
}

/// Where the date ends in a date-and-time string (CPython's
/// `_find_isoformat_datetime_separator`).
pub fn date_end(s: &[u8]) -> Option<usize> {
    let n = s.len();
    if n == 7 {
        return Some(7);
    }
    if n < 8 {
        return None;
    }
    if s[4] == b'-' {
        if s[5] == b'W' {
            if n > 8 && s[8] == b'-' {
                if n == 9 {
                    return None;
                }
                if n > 10 && s[10].is_ascii_digit() {
                    return Some(8);
                }
                return Some(10);
            }
            return Some(8);
        }
        return Some(10);
    }
    if s[4] == b'W' {
        let mut idx = 7;
        while idx < n && s[idx].is_ascii_digit() {
            idx += 1;
        }
        if idx < 9 {
            return Some(idx);
        }
        return Some(if idx % 2 == 0 { 7 } else { 8 });
    }
    Some(8)
}

/// The (year, month, day) of a 7, 8 or 10 character ISO date; None when malformed.
pub fn parse_date(s: &[u8]) -> Option<(i64, i64, i64)> {
    if !matches!(s.len(), 7 | 8 | 10) {
        return None;
    }
    let year = digits(s.get(0..4)?)?;
    let has_sep = s[4] == b'-';
    let mut pos = 4 + usize::from(has_sep);
    if s.get(pos) == Some(&b'W') {
        pos += 1;
        let week = digits(s.get(pos..pos + 2)?)?;
        pos += 2;
        let mut day = 1;
        if s.len() > pos {
            if (s[pos] == b'-') != has_sep {
                return None;
            }
            pos += usize::from(has_sep);
            day = digits(s.get(pos..pos + 1)?)?;
            if pos + 1 != s.len() {
                return None;
            }
        }
        let (y, m, d) = calendar::iso_to_ymd(year, week, day).ok()?;
        return Some((y as i64, m as i64, d as i64));
    }
    let month = digits(s.get(pos..pos + 2)?)?;
    pos += 2;
    if (s.get(pos) == Some(&b'-')) != has_sep {
        return None;
    }
    pos += usize::from(has_sep);
    let day = digits(s.get(pos..pos + 2)?)?;
    if pos + 2 != s.len() {
        return None;
    }
    Some((year, month, day))
}

/// `HH[:?MM[:?SS[{.,}fff[fff]]]]` as [h, m, s, us].
fn parse_hh_mm_ss_ff(s: &[u8]) -> Option<[i64; 4]> {
    let mut comps = [0i64; 4];
    let mut pos = 0;
    let mut has_sep = false;
    for (comp, slot) in comps.iter_mut().take(3).enumerate() {
        if s.len() - pos < 2 {
            return None;
        }
        *slot = digits(&s[pos..pos + 2])?;
        pos += 2;
        let next = s.get(pos).copied();
        if comp == 0 {
            has_sep = next == Some(b':');
        }
        if next.is_none() || comp >= 2 {
            break;
        }
        if has_sep && next != Some(b':') {
            return None;
        }
        pos += usize::from(has_sep);
    }
    if pos < s.len() {
        if s[pos] != b'.' && s[pos] != b',' {
            return None;
        }
        pos += 1;
        let rest = s.len() - pos;
        let take = rest.min(6);
        let mut us = digits(&s[pos..pos + take])?;
        for _ in take..6 {
            us *= 10;
        }
        comps[3] = us;
        if rest > take && !s[pos + take..].iter().all(u8::is_ascii_digit) {
            return None;
        }
    }
    Some(comps)
}

/// A parsed time: the fields, and the offset (`Some(None)` for `Z` or a zero offset).
pub struct ParsedTime {
    pub fields: [i64; 4],
    pub offset: Option<Option<Delta>>,
}

/// `HH[:MM[:SS[.fff[fff]]]][+HH:MM[:SS[.ffffff]]]` or with `Z`.
pub fn parse_time(s: &[u8]) -> Option<ParsedTime> {
    if s.len() < 2 {
        return None;
    }
    let tz_pos = s
        .iter()
        .position(|&c| c == b'-')
        .or_else(|| s.iter().position(|&c| c == b'+'))
        .or_else(|| s.iter().position(|&c| c == b'Z'));
    let time_part = match tz_pos {
        Some(p) => &s[..p],
        None => s,
    };
    let fields = parse_hh_mm_ss_ff(time_part)?;
    let offset = match tz_pos {
        None => None,
        Some(p) if p + 1 == s.len() && s[p] == b'Z' => Some(None),
        Some(p) => {
            let tz = &s[p + 1..];
            if matches!(tz.len(), 0 | 1 | 3) {
                return None;
            }
            let c = parse_hh_mm_ss_ff(tz)?;
            if c.iter().all(|&x| x == 0) {
                Some(None)
            } else {
                let us = ((c[0] * 60 + c[1]) * 60 + c[2]) as i128 * 1_000_000 + c[3] as i128;
                let sign = if s[p] == b'-' { -1 } else { 1 };
                Some(Some(Delta::from_us(sign * us).ok()?))
            }
        }
    };
    Some(ParsedTime { fields, offset })
}

/// `date.fromisoformat`'s date: Ok(Ok(date)), Ok(Err(field error)), or None when malformed.
pub fn parse_date_only(s: &str) -> Option<crate::object::error::PyResult<super::Ymd>> {
    let (y, m, d) = parse_date(s.as_bytes())?;
    Some(super::check_date_fields(y, m, d))
}
