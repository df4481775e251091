//! `_json`, CPython's accelerator under the `json` package: `scanstring` (a JSON string's
//! body, with C `_json`'s error messages) and `encode_basestring`/`encode_basestring_ascii`.
//! The scanner and encoder factories (`make_scanner`, `make_encoder`) are not provided, so
//! `json` uses its pure-Python scanner and encoder around these.

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::type_error;
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// `json.decoder.JSONDecodeError(msg, doc, pos)`.
fn decode_error(vm: &mut Vm, msg: &str, doc: &Value, pos: usize) -> PyErr {
    let made = (|| -> PyResult {
        let m = vm.import_module("json.decoder")?;
        let cls = vm.getattr(&m, "JSONDecodeError")?;
        vm.call(
            &cls,
            &[str::new_str(msg), doc.clone(), int::from_usize(pos)],
        )
    })();
    match made {
        Ok(e) => PyErr(e),
        Err(e) => e,
    }
}

/// The code points of a str from some index on, decoded as a scan asks for them (a JSON
/// document is scanned a string at a time, and decoding it whole for each would make
/// `json.loads` quadratic).
struct Scan<'a> {
    from: usize,
    decoded: Vec<u32>,
    rest: str::CodePoints<'a>,
}

impl<'a> Scan<'a> {
    fn new(s: &'a str::Str, from: usize) -> Self {
        Scan {
            from,
            decoded: Vec::new(),
            rest: s.code_points_from(from),
        }
    }

    /// The code point at index `i` (at least `from`) of the str.
    fn get(&mut self, i: usize) -> Option<u32> {
        let k = i - self.from;
        while self.decoded.len() <= k {
            self.decoded.push(self.rest.next()?);
        }
        Some(self.decoded[k])
    }
}

fn hex4(cps: &mut Scan, at: usize) -> Option<u32> {
    (at..at + 4).try_fold(0u32, |acc, i| {
        char::from_u32(cps.get(i)?)?
            .to_digit(16)
            .map(|d| acc * 16 + d)
    })
}

/// `scanstring(string, end, strict=True)`: the decoded body of the JSON string whose opening
/// quote is at `end - 1`, and the index after its closing quote.
fn scanstring(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("scanstring", 2, 3)?;
    let doc = &a[0];
    let s = str::payload(doc).ok_or_else(|| {
        type_error(format!(
            "first argument must be a string, not {}",
            doc.ty().name()
        ))
    })?;
    let end = vm.index_i64(&a[1])?;
    let strict = match a.get(2) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    if end < 0 || end as usize > s.char_len() {
        return Err(exception::value_error("end is out of bounds"));
    }
    let mut cps = Scan::new(s, end as usize);
    let begin = (end as usize).saturating_sub(1);
    let mut i = end as usize;
    let mut out = str::StrBuf::default();
    loop {
        let Some(c) = cps.get(i) else {
            return Err(decode_error(
                vm,
                "Unterminated string starting at",
                doc,
                begin,
            ));
        };
        match c {
            0x22 => {
                i += 1;
                break;
            }
            0x5c => {
                let Some(e) = cps.get(i + 1) else {
                    return Err(decode_error(
                        vm,
                        "Unterminated string starting at",
                        doc,
                        begin,
                    ));
                };
                let simple = match char::from_u32(e) {
                    Some('"') => Some('"'),
                    Some('\\') => Some('\\'),
                    Some('/') => Some('/'),
                    Some('b') => Some('\u{8}'),
                    Some('f') => Some('\u{c}'),
                    Some('n') => Some('\n'),
                    Some('r') => Some('\r'),
                    Some('t') => Some('\t'),
                    _ => None,
                };
                if let Some(ch) = simple {
                    out.push(ch);
                    i += 2;
                    continue;
                }
                if e != 'u' as u32 {
                    return Err(decode_error(vm, "Invalid \\escape", doc, i));
                }
                let Some(mut u) = hex4(&mut cps, i + 2) else {
                    return Err(decode_error(vm, "Invalid \\uXXXX escape", doc, i + 1));
                };
                i += 6;
                if (0xd800..0xdc00).contains(&u)
                    && cps.get(i) == Some(0x5c)
                    && cps.get(i + 1) == Some('u' as u32)
                {
                    let Some(low) = hex4(&mut cps, i + 2) else {
                        return Err(decode_error(vm, "Invalid \\uXXXX escape", doc, i + 1));
                    };
                    if (0xdc00..0xe000).contains(&low) {
                        u = 0x10000 + (((u - 0xd800) << 10) | (low - 0xdc00));
                        i += 6;
                    }
                }
                out.push_code_point(u);
            }
            c if c < 0x20 && strict => {
                return Err(decode_error(vm, "Invalid control character at", doc, i));
            }
            c => {
                out.push_code_point(c);
                i += 1;
            }
        }
    }
    Ok(tuple::from_array([out.finish(), int::from_usize(i)]))
}

fn escape_into(out: &mut String, c: u32, ascii_only: bool) {
    match c {
        0x22 => out.push_str("\\\""),
        0x5c => out.push_str("\\\\"),
        0x0a => out.push_str("\\n"),
        0x0d => out.push_str("\\r"),
        0x09 => out.push_str("\\t"),
        0x08 => out.push_str("\\b"),
        0x0c => out.push_str("\\f"),
        c if c < 0x20 || (ascii_only && c > 0x7e) => {
            if c > 0xffff {
                let v = c - 0x10000;
                out.push_str(&format!(
                    "\\u{:04x}\\u{:04x}",
                    0xd800 | (v >> 10),
                    0xdc00 | (v & 0x3ff)
                ));
            } else {
                out.push_str(&format!("\\u{c:04x}"));
            }
        }
        c => out.push(char::from_u32(c).unwrap_or('\u{fffd}')),
    }
}

fn encode_with(args: &Args, fname: &str, ascii_only: bool) -> PyResult {
    let a = args.check_count(fname, 1, 1)?;
    let s = str::payload(&a[0]).ok_or_else(|| {
        type_error(format!(
            "first argument must be a string, not {}",
            a[0].ty().name()
        ))
    })?;
    if !ascii_only && s.has_surrogates() {
        // Lone surrogates pass through unescaped, as CPython's encoder leaves them.
        let mut b = str::StrBuf::default();
        b.push('"');
        for c in s.code_points() {
            let mut piece = String::new();
            if (0xd800..0xe000).contains(&c) {
                b.push_code_point(c);
                continue;
            }
            escape_into(&mut piece, c, false);
            b.push_str(&piece);
        }
        b.push('"');
        return Ok(b.finish());
    }
    let mut out = String::with_capacity(s.as_str().len() + 2);
    out.push('"');
    for c in s.code_points() {
        escape_into(&mut out, c, ascii_only);
    }
    out.push('"');
    Ok(str::from_string(out))
}

fn encode_basestring_ascii(_vm: &mut Vm, args: Args) -> PyResult {
    encode_with(&args, "encode_basestring_ascii", true)
}

fn encode_basestring(_vm: &mut Vm, args: Args) -> PyResult {
    encode_with(&args, "encode_basestring", false)
}

/// Creates the `_json` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    let m = module::new_module("_json");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("scanstring", scanstring),
        ("encode_basestring_ascii", encode_basestring_ascii),
        ("encode_basestring", encode_basestring),
    ];
    crate::modules::add_functions(&m, fns);
    Ok(m)
}
