//! The proleptic Gregorian calendar as `datetime` counts it: ordinals (day 1 is
//! 0001-01-01), ISO weeks, and the field ranges. Pure arithmetic with no objects.

pub const MINYEAR: i32 = 1;
pub const MAXYEAR: i32 = 9999;
/// The ordinal of 9999-12-31.
pub const MAX_ORDINAL: i64 = 3_652_059;
pub const MAX_DELTA_DAYS: i64 = 999_999_999;

const DAYS_IN_MONTH: [u32; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH: [u32; 13] = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

pub fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    if month == 2 && is_leap(year) {
        29
    } else {
        DAYS_IN_MONTH[month as usize]
    }
}

fn days_before_month(year: i32, month: u32) -> u32 {
    DAYS_BEFORE_MONTH[month as usize] + u32::from(month > 2 && is_leap(year))
}

fn days_before_year(year: i32) -> i64 {
    let y = year as i64 - 1;
    y * 365 + y / 4 - y / 100 + y / 400
}

/// The ordinal of a valid date.
pub fn ymd_to_ord(year: i32, month: u32, day: u32) -> i64 {
    days_before_year(year) + days_before_month(year, month) as i64 + day as i64
}

/// The date of ordinal `n` (1 ..= MAX_ORDINAL).
pub fn ord_to_ymd(n: i64) -> (i32, u32, u32) {
    const DI400Y: i64 = 146_097;
    const DI100Y: i64 = 36_524;
    const DI4Y: i64 = 1_461;
    let mut n = n - 1;
    let n400 = n.div_euclid(DI400Y);
    n = n.rem_euclid(DI400Y);
    let mut year = n400 * 400 + 1;
    let n100 = n / DI100Y;
    n %= DI100Y;
    let n4 = n / DI4Y;
    n %= DI4Y;
    let n1 = n / 365;
    n %= 365;
    year += n100 * 100 + n4 * 4 + n1;
    if n1 == 4 || n100 == 4 {
        return (year as i32 - 1, 12, 31);
    }
    let year = year as i32;
    let leap = n1 == 3 && (n4 != 24 || n100 == 3);
    debug_assert_eq!(leap, is_leap(year));
    let mut month = ((n + 50) >> 5) as u32;
    let mut preceding = days_before_month(year, month) as i64;
    if preceding > n {
        month -= 1;
        preceding -= days_in_month(year, month) as i64;
    }
    (year, month, (n - preceding + 1) as u32)
}

/// Monday 0 .. Sunday 6.
pub fn weekday(year: i32, month: u32, day: u32) -> u32 {
    ((ymd_to_ord(year, month, day) + 6) % 7) as u32
}

/// The day of the year, 1-based.
pub fn day_of_year(year: i32, month: u32, day: u32) -> u32 {
    days_before_month(year, month) + day
}

/// The ordinal of the Monday of ISO week 1 of `year`.
pub fn iso_week1_monday(year: i32) -> i64 {
    let first = ymd_to_ord(year, 1, 1);
    let first_weekday = (first + 6) % 7;
    let mut monday = first - first_weekday;
    if first_weekday > 3 {
        monday += 7;
    }
    monday
}

/// (ISO year, week, weekday 1..7) of a date.
pub fn iso_calendar(year: i32, month: u32, day: u32) -> (i32, u32, u32) {
    let mut year = year;
    let today = ymd_to_ord(year, month, day);
    let mut week1 = iso_week1_monday(year);
    let mut week = (today - week1).div_euclid(7);
    let mut wday = (today - week1).rem_euclid(7);
    if week < 0 {
        year -= 1;
        week1 = iso_week1_monday(year);
        week = (today - week1).div_euclid(7);
        wday = (today - week1).rem_euclid(7);
    } else if week >= 52 && today >= iso_week1_monday(year + 1) {
        year += 1;
        week = 0;
    }
    (year, week as u32 + 1, wday as u32 + 1)
}

/// The date of an ISO (year, week, weekday), or the message of the ValueError.
pub fn iso_to_ymd(year: i64, week: i64, day: i64) -> Result<(i32, u32, u32), String> {
    if !(MINYEAR as i64..=MAXYEAR as i64).contains(&year) {
        return Err(format!("Year is out of range: {year}"));
    }
    let year = year as i32;
    if !(0 < week && week < 53) {
        // Only years starting on Thursday, or leap years starting on Wednesday, have week 53.
        let first_weekday = ymd_to_ord(year, 1, 1) % 7;
        let has_53 = week == 53 && (first_weekday == 4 || (first_weekday == 3 && is_leap(year)));
        if !has_53 {
            return Err(format!("Invalid week: {week}"));
        }
    }
    if !(0 < day && day < 8) {
        return Err(format!("Invalid weekday: {day} (range is [1, 7])"));
    }
    let ord = iso_week1_monday(year) + (week - 1) * 7 + (day - 1);
    if !(1..=MAX_ORDINAL).contains(&ord) {
        return Err(format!("Year is out of range: {year}"));
    }
    Ok(ord_to_ymd(ord))
}

/// Checks a date's fields, with CPython's messages.
pub fn check_date(year: i64, month: i64, day: i64) -> Result<(i32, u32, u32), String> {
    if !(MINYEAR as i64..=MAXYEAR as i64).contains(&year) {
        return Err(format!("year {year} is out of range"));
    }
    if !(1..=12).contains(&month) {
        return Err("month must be in 1..12".into());
    }
    if day < 1 || day > days_in_month(year as i32, month as u32) as i64 {
        return Err("day is out of range for month".into());
    }
    Ok((year as i32, month as u32, day as u32))
}

/// Checks a time's fields, with CPython's messages.
pub fn check_time(hour: i64, minute: i64, second: i64, us: i64, fold: i64) -> Result<(), String> {
    if !(0..=23).contains(&hour) {
        return Err("hour must be in 0..23".into());
    }
    if !(0..=59).contains(&minute) {
        return Err("minute must be in 0..59".into());
    }
    if !(0..=59).contains(&second) {
        return Err("second must be in 0..59".into());
    }
    if !(0..=999_999).contains(&us) {
        return Err("microsecond must be in 0..999999".into());
    }
    if fold != 0 && fold != 1 {
        return Err("fold must be either 0 or 1".into());
    }
    Ok(())
}

pub const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
pub const MONTH_NAMES: [&str; 13] = [
    "", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_round_trip() {
        for n in [1, 59, 60, 61, 365, 366, 730_120, 730_180, MAX_ORDINAL] {
            let (y, m, d) = ord_to_ymd(n);
            assert_eq!(ymd_to_ord(y, m, d), n, "{y}-{m}-{d}");
        }
        assert_eq!(ord_to_ymd(1), (1, 1, 1));
        assert_eq!(ord_to_ymd(MAX_ORDINAL), (9999, 12, 31));
        assert_eq!(ymd_to_ord(1970, 1, 1), 719_163);
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(iso_calendar(2004, 1, 1), (2004, 1, 4));
        assert_eq!(iso_calendar(2008, 12, 29), (2009, 1, 1));
        assert_eq!(iso_calendar(2010, 1, 3), (2009, 53, 7));
        assert_eq!(iso_to_ymd(2009, 53, 7), Ok((2010, 1, 3)));
        assert!(iso_to_ymd(2010, 53, 1).is_err());
    }
}
