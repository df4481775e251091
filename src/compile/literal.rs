//! String literals whose value holds lone surrogates (`'\udcff'`). The parser reports each such
//! escape as U+FFFD, since a Rust string cannot hold it; these literals are decoded again from
//! their source text, as CPython's `decode_unicode_with_escapes` does, into generalized UTF-8
//! (the exact form `object::str` keeps).

use ruff_python_ast as ast;

use crate::object::str::push_code_point;

/// The exact value of a string literal, when the parser had to replace lone surrogates (None
/// otherwise, and for the rare literal that also uses `\N{...}`, whose names the parser alone
/// resolves).
pub fn exact_value(lit: &ast::ExprStringLiteral, source: &str) -> Option<Vec<u8>> {
    if !lit.value.to_str().contains('\u{fffd}') {
        return None;
    }
    let mut out = Vec::new();
    let mut surrogates = false;
    for part in lit.value.iter() {
        let body =
            source.get(part.content_range().start().into()..part.content_range().end().into())?;
        if part.flags.prefix().is_raw() || !body.contains('\\') {
            out.extend_from_slice(part.value.as_bytes());
            continue;
        }
        let (bytes, any) = decode_escapes(body)?;
        surrogates |= any;
        out.extend(bytes);
    }
    surrogates.then_some(out)
}

/// Decodes the escapes of a non-raw literal body; also says whether a lone surrogate was
/// among them. None for `\N{...}`.
pub fn decode_escapes(body: &str) -> Option<(Vec<u8>, bool)> {
    let mut out = Vec::with_capacity(body.len());
    let mut surrogates = false;
    let mut chars = body.char_indices().peekable();
    let hex = |s: &str| u32::from_str_radix(s, 16).ok();
    while let Some((_, c)) = chars.next() {
        if c != '\\' {
            push_code_point(&mut out, c as u32);
            continue;
        }
        let Some((j, k)) = chars.next() else {
            out.push(b'\\');
            break;
        };
        let fixed = |n: usize| -> Option<u32> { hex(body.get(j + 1..j + 1 + n)?) };
        let cp = match k {
            '\n' => continue,
            '\r' => {
                if chars.peek().map(|&(_, c)| c) == Some('\n') {
                    chars.next();
                }
                continue;
            }
            '\\' => 0x5c,
            '\'' => 0x27,
            '"' => 0x22,
            'a' => 0x07,
            'b' => 0x08,
            'f' => 0x0c,
            'n' => 0x0a,
            'r' => 0x0d,
            't' => 0x09,
            'v' => 0x0b,
            '0'..='7' => {
                let mut v = k as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            v = v * 8 + (d as u32 - '0' as u32);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                v
            }
            'x' | 'u' | 'U' => {
                let n = match k {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let v = fixed(n)?;
                for _ in 0..n {
                    chars.next();
                }
                v
            }
            'N' => return None,
            other => {
                out.push(b'\\');
                push_code_point(&mut out, other as u32);
                continue;
            }
        };
        if cp > 0x10ffff {
            return None;
        }
        surrogates |= (0xd800..0xe000).contains(&cp);
        push_code_point(&mut out, cp);
    }
    Some((out, surrogates))
}

#[cfg(test)]
mod tests {
    use super::decode_escapes;

    #[test]
    fn surrogate_escapes_keep_their_code_points() {
        let (b, s) = decode_escapes(r"a\udcff\U0000d800\x41\101\n").unwrap();
        assert!(s);
        assert_eq!(b, b"a\xed\xb3\xbf\xed\xa0\x80AA\n");
    }

    #[test]
    fn plain_escapes_and_unknown_ones() {
        let (b, s) = decode_escapes(r"\q\t\\").unwrap();
        assert!(!s);
        assert_eq!(b, b"\\q\t\\");
        assert!(decode_escapes(r"\N{BULLET}").is_none());
    }
}
