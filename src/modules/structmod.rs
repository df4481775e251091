//! `_struct`, CPython's C module under `struct`: packing values into bytes by a format
//! (`pack`, `unpack`, `calcsize`, `pack_into`, `unpack_from`, `iter_unpack`, `Struct`), with
//! native (`@`) sizes and alignment or the standard ones (`=`, `<`, `>`, `!`).

use std::cell::RefCell;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::type_error;
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static STRUCT_TYPE: TypeObject =
    TypeObject::new_static("Struct", Layout::Native, Some(&OBJECT_TYPE), BASETYPE);
pub static UNPACK_ITER_TYPE: TypeObject =
    TypeObject::new_static("unpack_iterator", Layout::Native, Some(&OBJECT_TYPE), 0);

thread_local! {
    static ERROR: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// `struct.error`, made once.
fn error_type(vm: &mut Vm) -> PyResult {
    if let Some(e) = ERROR.with(|e| e.borrow().clone()) {
        return Ok(e);
    }
    let ty = vm.call(
        &types::TYPE_TYPE.to_value(),
        &[
            str::new_str("error"),
            tuple::from_array([exception::EXCEPTION.to_value()]),
            dict::new_dict(),
        ],
    )?;
    vm.setattr(&ty, "__module__", str::new_str("struct"))?;
    ERROR.with(|e| *e.borrow_mut() = Some(ty.clone()));
    Ok(ty)
}

fn struct_error(vm: &mut Vm, msg: impl Into<String>) -> PyErr {
    match error_type(vm) {
        Ok(ty) => match vm.call(&ty, &[str::from_string(msg.into())]) {
            Ok(e) => PyErr(e),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum Order {
    Native,
    Little,
    Big,
}

#[derive(Clone)]
struct Item {
    code: char,
    /// Repeat count (for `s`/`p`, the byte length).
    count: usize,
    size: usize,
    offset: usize,
}

#[derive(Clone)]
struct Format {
    items: Vec<Item>,
    order: Order,
    standard: bool,
    size: usize,
    /// Values packed or unpacked (each `s`/`p` is one).
    nvalues: usize,
}

fn code_size(code: char, standard: bool) -> Option<usize> {
    Some(match code {
        'x' | 'c' | 'b' | 'B' | '?' | 's' | 'p' => 1,
        'h' | 'H' | 'e' => 2,
        'i' | 'I' | 'f' => 4,
        'l' | 'L' => {
            if standard {
                4
            } else {
                std::mem::size_of::<std::ffi::c_long>()
            }
        }
        'q' | 'Q' | 'd' => 8,
        'n' | 'N' | 'P' if !standard => std::mem::size_of::<usize>(),
        _ => return None,
    })
}

fn parse_format(vm: &mut Vm, fmt: &str) -> PyResult<Format> {
    if fmt.contains('\0') {
        return Err(struct_error(vm, "embedded null character"));
    }
    let mut chars = fmt.chars().peekable();
    let (order, standard) = match chars.peek() {
        Some('@') => (Order::Native, false),
        Some('=') => (Order::Native, true),
        Some('<') => (Order::Little, true),
        Some('>') | Some('!') => (Order::Big, true),
        _ => (Order::Native, false),
    };
    if matches!(chars.peek(), Some('@' | '=' | '<' | '>' | '!')) {
        chars.next();
    }
    // First the runs (code, count, size), then the layout: the total size is checked before
    // anything is laid out, as CPython does ("100000000000b" must not allocate).
    let mut runs: Vec<(char, usize, usize)> = Vec::new();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut count = 1usize;
        let mut code = c;
        if c.is_ascii_digit() {
            let mut n = c.to_digit(10).unwrap_or(0) as usize;
            loop {
                match chars.peek() {
                    Some(d) if d.is_ascii_digit() => {
                        n = n
                            .checked_mul(10)
                            .and_then(|n| n.checked_add(d.to_digit(10).unwrap_or(0) as usize))
                            .ok_or_else(|| struct_error(vm, "total struct size too long"))?;
                        chars.next();
                    }
                    _ => break,
                }
            }
            count = n;
            code = chars
                .next()
                .ok_or_else(|| struct_error(vm, "repeat count given without format specifier"))?;
        }
        let size = code_size(code, standard)
            .ok_or_else(|| struct_error(vm, "bad char in struct format"))?;
        runs.push((code, count, size));
    }
    let mut total = 0usize;
    for &(code, count, size) in &runs {
        let aligned = if !standard && !matches!(code, 'x' | 's' | 'p' | 'c') {
            total.div_ceil(size).checked_mul(size)
        } else {
            Some(total)
        };
        let grows = if matches!(code, 's' | 'p' | 'x') {
            1
        } else {
            size
        };
        total = aligned
            .and_then(|t| grows.checked_mul(count).and_then(|g| t.checked_add(g)))
            .filter(|&t| t <= isize::MAX as usize)
            .ok_or_else(|| struct_error(vm, "total struct size too long"))?;
    }
    let mut items = Vec::new();
    let mut offset = 0usize;
    let mut nvalues = 0;
    for (code, count, size) in runs {
        if !standard && code != 'x' && code != 's' && code != 'p' && code != 'c' {
            // Native mode aligns each item to its own size.
            offset = offset.div_ceil(size) * size;
        }
        match code {
            's' | 'p' => {
                items.push(Item {
                    code,
                    count,
                    size: count,
                    offset,
                });
                offset += count;
                nvalues += 1;
            }
            'x' => offset += count,
            _ => {
                for _ in 0..count {
                    items.push(Item {
                        code,
                        count: 1,
                        size,
                        offset,
                    });
                    offset += size;
                    nvalues += 1;
                }
            }
        }
    }
    Ok(Format {
        items,
        order,
        standard,
        size: offset,
        nvalues,
    })
}

fn int_of(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if v.ty().lookup_str("__index__").is_none() && !v.is_small_int() {
        return Err(struct_error(vm, "required argument is not an integer"));
    }
    let i = vm.index(v)?;
    Ok(int::as_bigint(&i).unwrap_or_default())
}

fn put_int(out: &mut [u8], n: &BigInt, size: usize, order: Order) {
    let (sign_fill, mut bytes) = if n.is_negative() {
        let modulus = BigInt::from(1) << (size * 8);
        (0xffu8, (n + modulus).to_bytes_le().1)
    } else {
        (0u8, n.to_bytes_le().1)
    };
    let _ = sign_fill;
    bytes.resize(size, 0);
    let little = match order {
        Order::Little => true,
        Order::Big => false,
        Order::Native => cfg!(target_endian = "little"),
    };
    if !little {
        bytes.reverse();
    }
    out[..size].copy_from_slice(&bytes[..size]);
}

fn get_int(data: &[u8], size: usize, order: Order, signed: bool) -> BigInt {
    let mut b = data[..size].to_vec();
    let little = match order {
        Order::Little => true,
        Order::Big => false,
        Order::Native => cfg!(target_endian = "little"),
    };
    if !little {
        b.reverse();
    }
    let n = BigInt::from_bytes_le(num_bigint::Sign::Plus, &b);
    if signed && size > 0 && b[size - 1] & 0x80 != 0 {
        n - (BigInt::from(1) << (size * 8))
    } else {
        n
    }
}

fn range_error(vm: &mut Vm, code: char, size: usize, standard: bool) -> PyErr {
    let bits = size * 8;
    let msg = match code {
        'b' => "byte format requires -128 <= number <= 127".to_string(),
        'B' => "ubyte format requires 0 <= number <= 255".to_string(),
        'h' => "short format requires -32768 <= number <= 32767".to_string(),
        'H' => "ushort format requires 0 <= number <= 65535".to_string(),
        c if c.is_ascii_uppercase() => format!(
            "'{c}' format requires 0 <= number <= {}",
            (BigInt::from(1) << bits) - 1
        ),
        c => format!(
            "'{c}' format requires {} <= number <= {}",
            -(BigInt::from(1) << (bits - 1)),
            (BigInt::from(1) << (bits - 1)) - 1
        ),
    };
    let _ = standard;
    struct_error(vm, msg)
}

fn pack_into_buf(vm: &mut Vm, f: &Format, values: &[Value], out: &mut [u8]) -> PyResult<()> {
    if values.len() != f.nvalues {
        return Err(struct_error(
            vm,
            format!(
                "pack expected {} items for packing (got {})",
                f.nvalues,
                values.len()
            ),
        ));
    }
    for (item, v) in f.items.iter().zip(values) {
        let slot = &mut out[item.offset..item.offset + item.size];
        match item.code {
            's' | 'p' => {
                let data = bytes::bytes_like(v).ok_or_else(|| {
                    struct_error(
                        vm,
                        format!("argument for '{}' must be a bytes object", item.code),
                    )
                })?;
                slot.fill(0);
                if item.code == 's' {
                    let n = data.len().min(item.count);
                    slot[..n].copy_from_slice(&data[..n]);
                } else if item.count > 0 {
                    // All that fits is copied; the length byte saturates at 255.
                    let n = data.len().min(item.count - 1);
                    slot[0] = n.min(255) as u8;
                    slot[1..1 + n].copy_from_slice(&data[..n]);
                }
            }
            'c' => {
                let data = bytes::bytes_like(v)
                    .filter(|d| d.len() == 1)
                    .ok_or_else(|| {
                        struct_error(vm, "char format requires a bytes object of length 1")
                    })?;
                slot[0] = data[0];
            }
            '?' => slot[0] = vm.truthy(v)? as u8,
            'e' | 'f' | 'd' => {
                let x = vm
                    .to_f64(v)
                    .map_err(|_| struct_error(vm, "required argument is not a float"))?;
                let little = match f.order {
                    Order::Little => true,
                    Order::Big => false,
                    Order::Native => cfg!(target_endian = "little"),
                };
                let mut b = match item.code {
                    'd' => x.to_le_bytes().to_vec(),
                    'f' => {
                        let y = x as f32;
                        if y.is_infinite() && x.is_finite() {
                            return Err(exception::overflow_error(
                                "float too large to pack with f format",
                            ));
                        }
                        y.to_le_bytes().to_vec()
                    }
                    _ => {
                        let h = half_from_f64(x).ok_or_else(|| {
                            exception::overflow_error("float too large to pack with e format")
                        })?;
                        h.to_le_bytes().to_vec()
                    }
                };
                if !little {
                    b.reverse();
                }
                slot.copy_from_slice(&b);
            }
            code => {
                let n = int_of(vm, v)?;
                let bits = item.size * 8;
                let (lo, hi) = if code.is_ascii_uppercase() {
                    (BigInt::zero(), (BigInt::from(1) << bits) - 1)
                } else {
                    (
                        -(BigInt::from(1) << (bits - 1)),
                        (BigInt::from(1) << (bits - 1)) - 1,
                    )
                };
                if n < lo || n > hi {
                    // What does not convert to a C long (or, unsigned, a C unsigned long) at
                    // all is reported before the format's own range, as CPython does.
                    let small = matches!(code, 'b' | 'B' | 'h' | 'H');
                    let unconvertible = if code.is_ascii_uppercase() && !small {
                        n.is_negative() || n.to_u64().is_none()
                    } else {
                        n.to_i64().is_none()
                    };
                    if unconvertible {
                        return Err(struct_error(vm, "argument out of range"));
                    }
                    return Err(range_error(vm, code, item.size, f.standard));
                }
                put_int(slot, &n, item.size, f.order);
            }
        }
    }
    Ok(())
}

/// IEEE 754 binary16 from a double (round half to even); None on overflow.
fn half_from_f64(x: f64) -> Option<u16> {
    if x.is_nan() {
        return Some(0x7e00);
    }
    let sign = if x.is_sign_negative() { 0x8000u16 } else { 0 };
    let a = x.abs();
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    if a >= 65520.0 {
        return None;
    }
    if a < 6.103515625e-05 {
        // Subnormal: units of 2^-24.
        let m = (a * 16777216.0).round_ties_even() as u16;
        return Some(sign | m);
    }
    let e = a.log2().floor() as i32;
    let mut e = e;
    let mut m = a / 2f64.powi(e) - 1.0;
    let mut mant = (m * 1024.0).round_ties_even() as u32;
    if mant == 1024 {
        mant = 0;
        e += 1;
        m = 0.0;
    }
    let _ = m;
    if e + 15 >= 31 {
        return None;
    }
    Some(sign | (((e + 15) as u16) << 10) | mant as u16)
}

fn f64_from_half(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let m = (h & 0x3ff) as f64;
    sign * match e {
        0 => m * 2f64.powi(-24),
        31 if m == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + m / 1024.0) * 2f64.powi(e - 15),
    }
}

fn unpack_buf(vm: &mut Vm, f: &Format, data: &[u8]) -> PyResult<Vec<Value>> {
    let mut out = Vec::with_capacity(f.nvalues);
    let little = match f.order {
        Order::Little => true,
        Order::Big => false,
        Order::Native => cfg!(target_endian = "little"),
    };
    for item in &f.items {
        let slot = &data[item.offset..item.offset + item.size];
        out.push(match item.code {
            's' => bytes::new_bytes(slot.to_vec()),
            'p' => {
                let n =
                    (slot.first().copied().unwrap_or(0) as usize).min(item.count.saturating_sub(1));
                bytes::new_bytes(slot[1..1 + n].to_vec())
            }
            'c' => bytes::new_bytes(vec![slot[0]]),
            '?' => bool_value(slot[0] != 0),
            'e' | 'f' | 'd' => {
                let mut b = slot.to_vec();
                if !little {
                    b.reverse();
                }
                let x = match item.code {
                    'd' => f64::from_le_bytes(b.try_into().unwrap_or([0; 8])),
                    'f' => f32::from_le_bytes(b.try_into().unwrap_or([0; 4])) as f64,
                    _ => f64_from_half(u16::from_le_bytes(b.try_into().unwrap_or([0; 2]))),
                };
                float::new_float(x)
            }
            code => {
                let n = get_int(slot, item.size, f.order, code.is_ascii_lowercase());
                match n.to_i64() {
                    Some(i) => int::from_i64(i),
                    None => int::from_bigint(n),
                }
            }
        });
    }
    let _ = vm;
    Ok(out)
}

fn format_arg(vm: &mut Vm, v: &Value) -> PyResult<(String, Format)> {
    let s = match str::as_str(v) {
        Some(s) => s.to_string(),
        None => match bytes::as_bytes(v) {
            Some(b) => String::from_utf8_lossy(b).into_owned(),
            None => {
                return Err(type_error(format!(
                    "Struct() argument 1 must be a str or bytes object, not {}",
                    v.ty().name()
                )))
            }
        },
    };
    let f = parse_format(vm, &s)?;
    Ok((s, f))
}

struct StructObj {
    format: String,
    parsed: Format,
}
impl NativeData for StructObj {}

fn struct_of(v: &Value) -> PyResult<&StructObj> {
    native_ref::<StructObj>(v).ok_or_else(|| type_error("Struct expected"))
}

fn pack_values(vm: &mut Vm, f: &Format, values: &[Value]) -> PyResult {
    let mut out = vec![0u8; f.size];
    pack_into_buf(vm, f, values, &mut out)?;
    Ok(bytes::new_bytes(out))
}

fn unpack_values(vm: &mut Vm, f: &Format, data: &Value) -> PyResult {
    let data = bytes::bytes_like(data).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            data.ty().name()
        ))
    })?;
    if data.len() != f.size {
        return Err(struct_error(
            vm,
            format!("unpack requires a buffer of {} bytes", f.size),
        ));
    }
    Ok(tuple::new_tuple(unpack_buf(vm, f, &data)?))
}

fn unpack_from_values(vm: &mut Vm, f: &Format, args: &[Option<Value>]) -> PyResult {
    let buf = args[0].clone().expect("buffer");
    let data = bytes::bytes_like(&buf).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            buf.ty().name()
        ))
    })?;
    let mut offset = match &args[1] {
        Some(o) => vm.index_i64(o)?,
        None => 0,
    };
    if offset < 0 {
        if offset + f.size as i64 > 0 {
            return Err(struct_error(
                vm,
                format!(
                    "not enough data to unpack {} bytes at offset {offset}",
                    f.size
                ),
            ));
        }
        if (-offset) as usize > data.len() {
            return Err(struct_error(
                vm,
                format!(
                    "offset {offset} out of range for {}-byte buffer",
                    data.len()
                ),
            ));
        }
        offset += data.len() as i64;
    }
    let offset = offset as usize;
    if data.len() < offset || data.len() - offset < f.size {
        return Err(struct_error(
            vm,
            format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at offset {} (actual buffer size is {})",
                f.size + offset,
                f.size,
                offset,
                data.len()
            ),
        ));
    }
    Ok(tuple::new_tuple(unpack_buf(vm, f, &data[offset..])?))
}

fn pack_into_values(
    vm: &mut Vm,
    f: &Format,
    buf: &Value,
    offset: &Value,
    values: &[Value],
) -> PyResult {
    let Some(len) = crate::builtins::methods::memoryview::writable_len(buf) else {
        return Err(type_error(format!(
            "argument must be read-write bytes-like object, not {}",
            buf.ty().name()
        )));
    };
    let mut off = vm.index_i64(offset)?;
    if off < 0 {
        if off + f.size as i64 > 0 {
            return Err(struct_error(
                vm,
                format!("no space to pack {} bytes at offset {off}", f.size),
            ));
        }
        if off + (len as i64) < 0 {
            return Err(struct_error(
                vm,
                format!("offset {off} out of range for {len}-byte buffer"),
            ));
        }
        off += len as i64;
    }
    if off < 0 || len < off as usize || len - (off as usize) < f.size {
        return Err(struct_error(
            vm,
            format!(
                "pack_into requires a buffer of at least {} bytes for packing {} bytes at offset {} (actual buffer size is {len})",
                f.size + off.max(0) as usize,
                f.size,
                off
            ),
        ));
    }
    let mut tmp = vec![0u8; f.size];
    pack_into_buf(vm, f, values, &mut tmp)?;
    if let Some(written) = crate::builtins::methods::memoryview::write_at(buf, off as usize, &tmp) {
        written?;
    }
    Ok(none())
}

fn st_new(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("Struct", &["cls", "format"], 2)?;
    let (format, parsed) = format_arg(vm, b[1].as_ref().expect("format"))?;
    let cls = b[0]
        .as_ref()
        .and_then(|c| c.as_type())
        .unwrap_or(&STRUCT_TYPE);
    let data = StructObj { format, parsed };
    if std::ptr::eq(cls, &STRUCT_TYPE) {
        Ok(new_native(&STRUCT_TYPE, data))
    } else {
        Ok(instance::new_instance(
            cls,
            Some(new_native(&STRUCT_TYPE, data)),
        ))
    }
}

fn st_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn st_pack(vm: &mut Vm, args: Args) -> PyResult {
    let f = struct_of(&args.values[0])?.parsed.clone();
    pack_values(vm, &f, &args.positional()[1..])
}

fn st_unpack(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unpack", 2, 2)?;
    let f = struct_of(&a[0])?.parsed.clone();
    unpack_values(vm, &f, &a[1])
}

fn st_unpack_from(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("unpack_from", &["self", "buffer", "offset"], 2)?;
    let f = struct_of(b[0].as_ref().expect("self"))?.parsed.clone();
    unpack_from_values(vm, &f, &b[1..])
}

fn st_pack_into(vm: &mut Vm, args: Args) -> PyResult {
    let p = args.positional();
    if p.len() < 3 {
        return Err(type_error("pack_into expected buffer argument"));
    }
    let f = struct_of(&p[0])?.parsed.clone();
    pack_into_values(vm, &f, &p[1], &p[2], &p[3..])
}

fn st_iter_unpack(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("iter_unpack", 2, 2)?;
    let f = struct_of(&a[0])?.parsed.clone();
    iter_unpack_with(vm, f, &a[1])
}

fn st_format(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(&struct_of(this)?.format))
}

fn st_size(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(struct_of(this)?.parsed.size))
}

fn st_repr(vm: &mut Vm, args: Args) -> PyResult {
    let f = str::new_str(&struct_of(&args.values[0])?.format);
    Ok(str::from_string(format!("Struct({})", vm.repr_string(&f)?)))
}

struct UnpackIter {
    format: Format,
    data: Vec<u8>,
    pos: std::cell::Cell<usize>,
}
impl NativeData for UnpackIter {}

fn iter_unpack_with(vm: &mut Vm, f: Format, buf: &Value) -> PyResult {
    let data = bytes::bytes_like(buf).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            buf.ty().name()
        ))
    })?;
    if f.size == 0 {
        return Err(struct_error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    if data.len() % f.size != 0 {
        return Err(struct_error(
            vm,
            format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                f.size
            ),
        ));
    }
    Ok(new_native(
        &UNPACK_ITER_TYPE,
        UnpackIter {
            format: f,
            data,
            pos: std::cell::Cell::new(0),
        },
    ))
}

fn ui_next(vm: &mut Vm, args: Args) -> PyResult {
    let it = native_ref::<UnpackIter>(&args.values[0])
        .ok_or_else(|| type_error("unpack_iterator expected"))?;
    let pos = it.pos.get();
    if pos + it.format.size > it.data.len() {
        return Err(exception::PyErrExt::stop());
    }
    it.pos.set(pos + it.format.size);
    let f = it.format.clone();
    let chunk = it.data[pos..pos + f.size].to_vec();
    Ok(tuple::new_tuple(unpack_buf(vm, &f, &chunk)?))
}

fn ui_iter(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

fn ui_length_hint(_vm: &mut Vm, args: Args) -> PyResult {
    let it = native_ref::<UnpackIter>(&args.values[0])
        .ok_or_else(|| type_error("unpack_iterator expected"))?;
    Ok(int::from_usize(
        (it.data.len() - it.pos.get()) / it.format.size.max(1),
    ))
}

// ---- module functions ----

fn fmt_of(vm: &mut Vm, v: &Value) -> PyResult<Format> {
    Ok(format_arg(vm, v)?.1)
}

fn pack(vm: &mut Vm, args: Args) -> PyResult {
    let p = args.positional();
    let Some(fmt) = p.first() else {
        return Err(type_error("pack expected at least 1 argument, got 0"));
    };
    let f = fmt_of(vm, fmt)?;
    pack_values(vm, &f, &p[1..])
}

fn unpack(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("unpack", 2, 2)?;
    let f = fmt_of(vm, &a[0])?;
    unpack_values(vm, &f, &a[1])
}

fn unpack_from(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("unpack_from", &["format", "buffer", "offset"], 2)?;
    let f = fmt_of(vm, b[0].as_ref().expect("format"))?;
    unpack_from_values(vm, &f, &b[1..])
}

fn pack_into(vm: &mut Vm, args: Args) -> PyResult {
    let p = args.positional();
    if p.len() < 3 {
        return Err(type_error("pack_into expected buffer argument"));
    }
    let f = fmt_of(vm, &p[0])?;
    pack_into_values(vm, &f, &p[1], &p[2], &p[3..])
}

fn iter_unpack(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("iter_unpack", 2, 2)?;
    let f = fmt_of(vm, &a[0])?;
    iter_unpack_with(vm, f, &a[1])
}

fn calcsize(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("calcsize", 1, 1)?;
    Ok(int::from_usize(fmt_of(vm, &a[0])?.size))
}

fn clearcache(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn types() -> [TypeSpec; 2] {
    [
        TypeSpec {
            ty: &STRUCT_TYPE,
            methods: methods![
                MethodDef::static_("__new__", st_new),
                MethodDef::method("__init__", st_init),
                MethodDef::method("pack", st_pack),
                MethodDef::method("unpack", st_unpack),
                MethodDef::method("unpack_from", st_unpack_from),
                MethodDef::method("pack_into", st_pack_into),
                MethodDef::method("iter_unpack", st_iter_unpack),
                MethodDef::method("__repr__", st_repr),
            ],
            getsets: getsets![
                GetSetDef::readonly("format", st_format),
                GetSetDef::readonly("size", st_size),
            ],
            doc: None,
        },
        TypeSpec {
            ty: &UNPACK_ITER_TYPE,
            methods: methods![
                MethodDef::method("__next__", ui_next),
                MethodDef::method("__iter__", ui_iter),
                MethodDef::method("__length_hint__", ui_length_hint),
            ],
            getsets: getsets![],
            doc: None,
        },
    ]
}

/// Creates the `_struct` module.
pub fn new_module(vm: &mut Vm) -> PyResult<Value> {
    for spec in &types() {
        install_native_type(spec);
    }
    *STRUCT_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("_struct");
    let m = module::new_module("_struct");
    module::set_attr(&m, "Struct", STRUCT_TYPE.to_value());
    let err = error_type(vm)?;
    module::set_attr(&m, "error", err);
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("pack", pack),
        ("unpack", unpack),
        ("unpack_from", unpack_from),
        ("pack_into", pack_into),
        ("iter_unpack", iter_unpack),
        ("calcsize", calcsize),
        ("_clearcache", clearcache),
    ];
    crate::modules::add_functions(&m, fns);
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_floats_round_trip() {
        for x in [
            0.0,
            1.0,
            -2.5,
            65504.0,
            6.103515625e-05,
            5.960464477539063e-08,
        ] {
            let h = half_from_f64(x).unwrap_or(0);
            assert_eq!(f64_from_half(h), x);
        }
        assert_eq!(half_from_f64(65520.0), None);
    }
}
