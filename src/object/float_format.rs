//! `repr()` of floats as CPython prints them (shortest round-trip digits, `repr` style).

/// CPython's `repr(float)`: shortest digits that round-trip; scientific notation when the
/// decimal exponent is < -4 or >= 16 (`1e+16`, `1e-05`), otherwise positional with at least one
/// fractional digit (`1.0`, `0.30000000000000004`).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Rust's `{:e}` prints the shortest round-trip digits: "d.ddddde-5".
    // Rust's `{:e}` gives the shortest round-trip digit count, but may break an exact tie
    // upwards; redo at that precision, which rounds the exact value half-to-even like dtoa.
    let shortest = format!("{:e}", x.abs());
    let ndigits = shortest
        .split_once('e')
        .map(|(m, _)| m.chars().filter(char::is_ascii_digit).count())
        .unwrap_or(1);
    let s = format!("{:.*e}", ndigits.saturating_sub(1), x.abs());
    let (mantissa, exp) = s.split_once('e').expect("exponent");
    let exp: i32 = exp.parse().expect("exponent digits");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if x < 0.0 { "-" } else { "" };
    if !(-4..16).contains(&exp) {
        let mut m = String::new();
        m.push_str(&digits[..1]);
        if digits.len() > 1 {
            m.push('.');
            m.push_str(&digits[1..]);
        }
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{m}e{esign}{:02}", exp.abs());
    }
    let n = digits.len() as i32;
    let body = if exp < 0 {
        format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
    } else if exp + 1 >= n {
        format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
    } else {
        let point = (exp + 1) as usize;
        format!("{}.{}", &digits[..point], &digits[point..])
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn matches_cpython() {
        let cases = [
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.0, "1.0"),
            (-2.5, "-2.5"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (123456789.125, "123456789.125"),
            (1.5e300, "1.5e+300"),
            (5e-324, "5e-324"),
            (-0.0, "-0.0"),
            (f64::INFINITY, "inf"),
            (std::f64::consts::PI, "3.141592653589793"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want);
        }
    }
}

/// Fractional digits past which a double's exact decimal expansion is all zeros (the smallest
/// subnormal, 2**-1074, has 1,074 of them; no double has more than 767 significant digits).
const EXACT_DIGITS: usize = 1100;

/// `x` (finite, >= 0) in fixed notation with `prec` fractional digits, rounded half-to-even
/// on the exact value, for any precision (Rust's formatter stops at 65,535).
pub fn fixed_digits(x: f64, prec: usize) -> String {
    if prec <= EXACT_DIGITS {
        return format!("{x:.prec$}");
    }
    let mut s = format!("{x:.EXACT_DIGITS$}");
    s.extend(std::iter::repeat_n('0', prec - EXACT_DIGITS));
    s
}

/// `x` (finite, >= 0) as `d.ddd` and a decimal exponent, with `prec` digits after the point,
/// for any precision.
pub fn sci_digits(x: f64, prec: usize) -> (String, i32) {
    let s = format!("{:.*e}", prec.min(EXACT_DIGITS), x);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let mut m = m.to_string();
    m.extend(std::iter::repeat_n('0', prec.saturating_sub(EXACT_DIGITS)));
    (m, e.parse().unwrap_or(0))
}

#[cfg(test)]
mod long_precision_tests {
    use super::*;

    #[test]
    fn precisions_beyond_the_formatter_pad_the_exact_expansion() {
        let f = fixed_digits(0.1, 70_000);
        assert_eq!(f.len(), 70_002);
        assert_eq!(&f[..30], "0.1000000000000000055511151231");
        assert!(f[1200..].bytes().all(|b| b == b'0'));
        let (m, e) = sci_digits(1.5, 70_000);
        assert_eq!((m.len(), e), (70_002, 0));
        assert_eq!(fixed_digits(2.5, 0), "2");
    }
}
