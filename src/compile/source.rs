//! Source bytes to text as CPython's tokenizer reads them: a UTF-8 BOM, a PEP 263 coding
//! cookie on line 1 or 2, UTF-8 otherwise (PEP 3120). Decoding with a codec is left to the
//! caller (it needs the VM); this module finds what to decode with and words the errors.

use std::borrow::Cow;

/// What the start of the source declares.
#[derive(Debug, PartialEq, Eq)]
pub struct Declared {
    /// The source starts with a UTF-8 BOM (the text after it is `body`).
    pub bom: bool,
    /// The cookie's encoding, normalized as CPython's `get_normal_name`.
    pub cookie: Option<String>,
}

/// CPython's `get_normal_name`: the spellings of UTF-8 and Latin-1 it recognizes itself.
pub fn normal_name(name: &str) -> String {
    let low: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if low == "utf-8" || low.starts_with("utf-8-") {
        return "utf-8".into();
    }
    let latin = ["latin-1", "iso-8859-1", "iso-latin-1"];
    if latin
        .iter()
        .any(|l| low == *l || low.starts_with(&format!("{l}-")))
    {
        return "iso-8859-1".into();
    }
    name.to_string()
}

/// The encoding a comment line declares (`coding[:=]\s*([-\w.]+)`), if it is a comment.
fn cookie_in(line: &[u8]) -> Option<String> {
    let start = line
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | 0x0c))?;
    let line = &line[start..];
    if line.first() != Some(&b'#') {
        return None;
    }
    let at = line
        .windows(7)
        .position(|w| &w[..6] == b"coding" && (w[6] == b':' || w[6] == b'='))?;
    let rest = &line[at + 7..];
    let rest = &rest[rest
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()..];
    let len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        .count();
    (len > 0).then(|| normal_name(&String::from_utf8_lossy(&rest[..len])))
}

/// Splits off the BOM and finds the cookie: on line 1, or on line 2 when line 1 is blank or a
/// comment.
pub fn declared(bytes: &[u8]) -> (Declared, &[u8]) {
    let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let mut lines = body.split_inclusive(|&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    let mut cookie = cookie_in(first);
    if cookie.is_none() {
        let trimmed: Vec<u8> = first
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace() && *b != 0x0c)
            .collect();
        if trimmed.is_empty() || trimmed[0] == b'#' {
            cookie = lines.next().and_then(cookie_in);
        }
    }
    (Declared { bom, cookie }, body)
}

/// A file's lines as CPython's file tokenizer reads them: a NUL ends its line there, and the
/// rest of that line, its newline included, is dropped.
pub fn truncate_at_nuls(bytes: &[u8]) -> Cow<'_, [u8]> {
    if !bytes.contains(&0) {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match line.iter().position(|&b| b == 0) {
            Some(nul) => out.extend_from_slice(&line[..nul]),
            None => out.extend_from_slice(line),
        }
    }
    Cow::Owned(out)
}

/// Where UTF-8 decoding of `body` fails: (byte offset, 1-based line, the error's wording as
/// Python's `UnicodeDecodeError` gives it for the bad sequence alone).
pub fn utf8_failure(body: &[u8]) -> Option<(usize, u32, &'static str)> {
    let e = std::str::from_utf8(body).err()?;
    let at = e.valid_up_to();
    let line = body[..at].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let lead = body[at];
    // CPython decodes the token holding the byte: a lead byte followed by ASCII (a closing
    // quote) is cut short there.
    let reason = match e.error_len() {
        None => "unexpected end of data",
        Some(_) if (0xc2..=0xf4).contains(&lead) && body.get(at + 1).is_some_and(|b| *b < 0x80) => {
            "unexpected end of data"
        }
        Some(_) if (0xc2..=0xf4).contains(&lead) => "invalid continuation byte",
        Some(_) => "invalid start byte",
    };
    Some((at, line, reason))
}

/// The file tokenizer's message for a byte that is not UTF-8 when no encoding is declared.
pub fn non_utf8_message(byte: u8, filename: &str, line: u32) -> String {
    format!(
        "Non-UTF-8 code starting with '\\x{byte:02x}' in file {filename} on line {line}, but no \
         encoding declared; see https://peps.python.org/pep-0263/ for details"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies() {
        let d = |s: &[u8]| declared(s).0;
        assert_eq!(
            d(b"# -*- coding: latin-1 -*-\n").cookie.as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            d(b"#!x\n# vim: fileencoding=cp1252\n").cookie.as_deref(),
            Some("cp1252")
        );
        assert_eq!(d(b"x = 1\n# coding: latin-1\n").cookie, None);
        assert_eq!(d(b"# coding=UTF_8\n").cookie.as_deref(), Some("utf-8"));
        assert!(d(b"\xef\xbb\xbfx").bom);
        assert_eq!(d(b"x = '# coding: ascii'\n").cookie, None);
    }

    #[test]
    fn nuls_and_utf8() {
        assert_eq!(&*truncate_at_nuls(b"a\0b\nc\n"), b"ac\n");
        assert_eq!(
            utf8_failure(b"ok\n\xff"),
            Some((3, 2, "invalid start byte"))
        );
        assert_eq!(
            utf8_failure(b"\xc3"),
            Some((0, 1, "unexpected end of data"))
        );
        assert_eq!(utf8_failure(b"fine"), None);
    }
}
