//! `binascii`: hex, base64, uuencode and quoted-printable conversions and CRCs (`crc32` from the crc32fast crate,
//! `crc_hqx`), with CPython's lenient base64 decoding and its error messages.

use std::cell::RefCell;

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::type_error;
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

thread_local! {
    static ERRORS: RefCell<Option<(Value, Value)>> = const { RefCell::new(None) };
}

/// `binascii.Error` (a ValueError) and `binascii.Incomplete`, made once.
fn error_types(vm: &mut Vm) -> PyResult<(Value, Value)> {
    if let Some(e) = ERRORS.with(|e| e.borrow().clone()) {
        return Ok(e);
    }
    let make = |vm: &mut Vm, name: &str, base: Value| -> PyResult {
        let ns = dict::new_dict();
        dict::set_str(
            &ns,
            &str::intern_static("__module__"),
            str::new_str("binascii"),
        );
        vm.call(
            &types::TYPE_TYPE.to_value(),
            &[str::new_str(name), tuple::from_array([base]), ns],
        )
    };
    let error = make(vm, "Error", exception::VALUE_ERROR.to_value())?;
    let incomplete = make(vm, "Incomplete", exception::EXCEPTION.to_value())?;
    ERRORS.with(|e| *e.borrow_mut() = Some((error.clone(), incomplete.clone())));
    Ok((error, incomplete))
}

fn error(vm: &mut Vm, msg: &str) -> PyErr {
    match error_types(vm) {
        Ok((ty, _)) => match vm.call(&ty, &[str::new_str(msg)]) {
            Ok(e) => PyErr(e),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// Bytes-like data, or an ASCII-only str for the `a2b_*` functions.
fn data_arg(v: &Value, allow_str: bool) -> PyResult<Vec<u8>> {
    if let Some(b) = bytes::bytes_like(v) {
        return Ok(b);
    }
    if allow_str {
        if let Some(s) = str::as_str(v) {
            if !s.is_ascii() {
                return Err(exception::value_error(
                    "string argument should contain only ASCII characters",
                ));
            }
            return Ok(s.as_bytes().to_vec());
        }
        return Err(type_error(format!(
            "argument should be bytes, buffer or ASCII string, not '{}'",
            v.ty().name()
        )));
    }
    Err(type_error(format!(
        "a bytes-like object is required, not '{}'",
        v.ty().name()
    )))
}

fn hexlify(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("hexlify", &["data", "sep", "bytes_per_sep"], 1)?;
    let data = data_arg(b[0].as_ref().expect("data"), false)?;
    let hex: String = data.iter().map(|x| format!("{x:02x}")).collect();
    let Some(sep) = b[1].clone().filter(|s| !s.is_none()) else {
        return Ok(bytes::new_bytes(hex.into_bytes()));
    };
    // The separator goes between groups, counted from the right unless the count is negative
    // (as bytes.hex does), so reuse it.
    let mut call_args = vec![sep];
    if let Some(n) = &b[2] {
        call_args.push(n.clone());
    }
    let s = vm.call_method(&bytes::new_bytes(data), "hex", &call_args)?;
    Ok(bytes::new_bytes(
        str::as_str(&s).unwrap_or("").as_bytes().to_vec(),
    ))
}

fn unhexlify(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unhexlify", 1, 1)?;
    let data = data_arg(&a[0], true)?;
    if data.len() % 2 != 0 {
        return Err(error(vm, "Odd-length string"));
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks(2) {
        let hi = (pair[0] as char).to_digit(16);
        let lo = (pair[1] as char).to_digit(16);
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => return Err(error(vm, "Non-hexadecimal digit found")),
        }
    }
    Ok(bytes::new_bytes(out))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b2a_base64(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.positional();
    if a.len() != 1 {
        return Err(type_error(
            "b2a_base64() takes exactly 1 positional argument",
        ));
    }
    let data = data_arg(&a[0], false)?;
    let newline = match args.keyword("newline") {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        out.push(B64[(v >> 18) as usize & 63]);
        out.push(B64[(v >> 12) as usize & 63]);
        out.push(if n > 1 {
            B64[(v >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if n > 2 { B64[v as usize & 63] } else { b'=' });
    }
    if newline {
        out.push(b'\n');
    }
    Ok(bytes::new_bytes(out))
}

fn b64_value(c: u8) -> Option<u32> {
    B64.iter().position(|&x| x == c).map(|p| p as u32)
}

/// `a2b_base64(data, *, strict_mode=False)`: CPython's decoder, which by default skips
/// characters outside the alphabet and stops at padding that completes a group.
fn a2b_base64(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.positional();
    if a.len() != 1 {
        return Err(type_error(
            "a2b_base64() takes exactly 1 positional argument",
        ));
    }
    let data = data_arg(&a[0], true)?;
    let strict = match args.keyword("strict_mode") {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut quad_pos = 0;
    let mut left: u32 = 0;
    let mut pads = 0;
    let mut padding_started = false;
    for (i, &c) in data.iter().enumerate() {
        if c == b'=' {
            if strict && i == 0 {
                return Err(error(vm, "Leading padding not allowed"));
            }
            padding_started = true;
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    if strict && i + 1 < data.len() {
                        return Err(error(vm, "Excess data after padding"));
                    }
                    return Ok(bytes::new_bytes(out));
                }
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(error(vm, "Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(error(vm, "Discontinuous padding not allowed"));
        }
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = v;
            }
            1 => {
                quad_pos = 2;
                out.push(((left << 2) | (v >> 4)) as u8);
                left = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push(((left << 4) | (v >> 2)) as u8);
                left = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push(((left << 6) | v) as u8);
                left = 0;
            }
        }
    }
    if quad_pos == 1 {
        let n = out.len() / 3 * 4 + 1;
        return Err(error(
            vm,
            &format!(
                "Invalid base64-encoded string: number of data characters ({n}) cannot be 1 more than a multiple of 4"
            ),
        ));
    }
    if quad_pos != 0 {
        return Err(error(vm, "Incorrect padding"));
    }
    Ok(bytes::new_bytes(out))
}

/// The keyword-only flag `name` of a function that takes one positional argument.
fn keyword_flag(vm: &mut Vm, args: &Args, fname: &str, name: &str) -> PyResult<bool> {
    let n = args.positional().len();
    if n != 1 {
        return Err(type_error(format!(
            "{fname}() takes exactly 1 positional argument ({n} given)"
        )));
    }
    for (k, _) in args.keywords() {
        if str::as_str(k) != Some(name) {
            return Err(type_error(format!(
                "{fname}() got an unexpected keyword argument '{}'",
                str::as_str(k).unwrap_or("?")
            )));
        }
    }
    match args.keyword(name) {
        Some(v) => vm.truthy(v),
        None => Ok(false),
    }
}

/// Longest uuencoded line, in bytes of data.
const UU_MAX: usize = 45;

fn b2a_uu(vm: &mut Vm, args: Args) -> PyResult {
    let backtick = keyword_flag(vm, &args, "b2a_uu", "backtick")?;
    let data = data_arg(&args.positional()[0], false)?;
    if data.len() > UU_MAX {
        return Err(error(vm, "At most 45 bytes at once"));
    }
    // Six bits per character, offset from space; zero as '`' when asked.
    let sextet = |v: u32| {
        if backtick && v == 0 {
            b'`'
        } else {
            b' ' + v as u8
        }
    };
    let mut out = Vec::with_capacity(2 + data.len().div_ceil(3) * 4);
    out.push(sextet(data.len() as u32));
    for chunk in data.chunks(3) {
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for shift in [18, 12, 6, 0] {
            out.push(sextet((v >> shift) & 63));
        }
    }
    out.push(b'\n');
    Ok(bytes::new_bytes(out))
}

fn a2b_uu(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("a2b_uu", 1, 1)?;
    let data = data_arg(&a[0], true)?;
    // The first character gives the length; an empty line reads as a NUL there, as in C.
    let len = (data.first().copied().unwrap_or(0).wrapping_sub(b' ') & 63) as usize;
    let mut rest = data.get(1..).unwrap_or(&[]).iter();
    let mut out = Vec::with_capacity(len);
    let (mut acc, mut bits) = (0u32, 0u32);
    while out.len() < len {
        // Missing characters at the end of the line count as zero bits.
        let v = match rest.next() {
            None | Some(b'\n') | Some(b'\r') => 0,
            Some(&c) if (b' '..=b' ' + 64).contains(&c) => (c - b' ') as u32 & 63,
            Some(_) => return Err(error(vm, "Illegal char")),
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if rest.any(|&c| !matches!(c, b' ' | b'`' | b'\n' | b'\r')) {
        return Err(error(vm, "Trailing garbage"));
    }
    Ok(bytes::new_bytes(out))
}

fn a2b_qp(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("a2b_qp", &["data", "header"], 1)?;
    let data = data_arg(b[0].as_ref().expect("data"), true)?;
    let header = match &b[1] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'=' => {
                i += 1;
                if i >= data.len() {
                    break;
                }
                match data[i] {
                    // A soft line break: "=\n", "=\r\n", or "=\r" up to the next "\n".
                    b'\n' | b'\r' => {
                        while i < data.len() && data[i] != b'\n' {
                            i += 1;
                        }
                        i += 1;
                    }
                    b'=' => {
                        out.push(b'=');
                        i += 1;
                    }
                    c => match (hex(c), data.get(i + 1).and_then(|&d| hex(d))) {
                        (Some(h), Some(l)) => {
                            out.push(h << 4 | l);
                            i += 2;
                        }
                        _ => out.push(b'='),
                    },
                }
            }
            b'_' if header => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(bytes::new_bytes(out))
}

/// Longest quoted-printable line, soft break included.
const QP_MAX_LINE: usize = 76;

fn b2a_qp(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("b2a_qp", &["data", "quotetabs", "istext", "header"], 1)?;
    let data = data_arg(b[0].as_ref().expect("data"), false)?;
    let mut flag = |i: usize, default: bool| -> PyResult<bool> {
        match &b[i] {
            Some(v) => vm.truthy(v),
            None => Ok(default),
        }
    };
    let (quotetabs, istext, header) = (flag(1, false)?, flag(2, true)?, flag(3, false)?);
    // Line ends are written as the first one in the data is: "\r\n" or "\n".
    let crlf = memchr::memchr(b'\n', &data).is_some_and(|p| p > 0 && data[p - 1] == b'\r');
    let newline: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let n = data.len();
    let mut out: Vec<u8> = Vec::with_capacity(n * 2);
    let mut line = 0;
    let mut i = 0;
    while i < n {
        let c = data[i];
        let next = data.get(i + 1).copied();
        let must_quote = c > 126
            || c == b'='
            || (header && c == b'_')
            || (c == b'.' && line == 0 && matches!(next, None | Some(b'\n' | b'\r' | 0)))
            || (!istext && (c == b'\r' || c == b'\n'))
            || ((c == b'\t' || c == b' ') && next.is_none())
            || (c < 33 && c != b'\r' && c != b'\n' && (quotetabs || (c != b'\t' && c != b' ')));
        if must_quote {
            if line + 3 >= QP_MAX_LINE {
                out.push(b'=');
                out.extend_from_slice(newline);
                line = 0;
            }
            out.extend_from_slice(format!("={c:02X}").as_bytes());
            line += 3;
            i += 1;
        } else if istext && (c == b'\n' || (c == b'\r' && next == Some(b'\n'))) {
            line = 0;
            // Whitespace before a line end is quoted.
            if let Some(&last @ (b' ' | b'\t')) = out.last() {
                out.pop();
                out.extend_from_slice(format!("={last:02X}").as_bytes());
            }
            out.extend_from_slice(newline);
            i += if c == b'\r' { 2 } else { 1 };
        } else {
            if next.is_some() && next != Some(b'\n') && line + 1 >= QP_MAX_LINE {
                out.push(b'=');
                out.extend_from_slice(newline);
                line = 0;
            }
            line += 1;
            out.push(if header && c == b' ' { b'_' } else { c });
            i += 1;
        }
    }
    Ok(bytes::new_bytes(out))
}

fn crc32(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("crc32", 1, 2)?;
    let data = data_arg(&a[0], false)?;
    let start = match a.get(1) {
        Some(v) => {
            let i = vm.index(v)?;
            let n = int::as_bigint(&i).unwrap_or_default();
            let m = n & num_bigint::BigInt::from(0xffff_ffffu32);
            num_traits::ToPrimitive::to_u32(&m).unwrap_or(0)
        }
        None => 0,
    };
    let mut h = crc32fast::Hasher::new_with_initial(start);
    h.update(&data);
    Ok(int::from_i64(h.finalize() as i64))
}

fn crc_hqx(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("crc_hqx", 2, 2)?;
    let data = data_arg(&a[0], false)?;
    let mut crc = (vm.index_i64(&a[1])? & 0xffff) as u32;
    for &b in &data {
        crc ^= (b as u32) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
            crc &= 0xffff;
        }
    }
    Ok(int::from_i64(crc as i64))
}

/// Creates the `binascii` module.
pub fn new_module(vm: &mut Vm) -> PyResult<Value> {
    let m = module::new_module("binascii");
    let (err, incomplete) = error_types(vm)?;
    module::set_attr(&m, "Error", err);
    module::set_attr(&m, "Incomplete", incomplete);
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("hexlify", hexlify),
        ("b2a_hex", hexlify),
        ("unhexlify", unhexlify),
        ("a2b_hex", unhexlify),
        ("b2a_base64", b2a_base64),
        ("a2b_base64", a2b_base64),
        ("a2b_uu", a2b_uu),
        ("b2a_uu", b2a_uu),
        ("a2b_qp", a2b_qp),
        ("b2a_qp", b2a_qp),
        ("crc32", crc32),
        ("crc_hqx", crc_hqx),
    ];
    crate::modules::add_functions(&m, fns);
    Ok(m)
}
