//! `array`, CPython's C module: compact arrays of one C numeric type (or `wchar_t` for 'u'),
//! stored as the machine's bytes so that `tobytes`/`frombytes`, files and the buffer protocol
//! see exactly what CPython's do on the same machine.
//!
//! Items convert as CPython's `getitem`/`setitem` functions convert them: integer codes take
//! ints (or `__index__`) in the C type's range, 'f'/'d' take real numbers, 'u' takes
//! one-character strs. Arrays export their buffer (`memoryview`, `bytes(a)`, writes,
//! hashing) and refuse to resize while a view of them is alive, as CPython's. Pickles carry CPython's machine
//! formats, so arrays move between machines (and CPython) as CPython's do.

use std::cell::RefCell;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::bytecode::CompareOperator;
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{index_error, overflow_error, type_error, value_error};
use crate::object::iter::{new_native_iter, NativeIterator};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::flags::{self, BASETYPE};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, none, not_implemented, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static ARRAY_TYPE: TypeObject = TypeObject::new_static(
    "array",
    Layout::Native,
    Some(&OBJECT_TYPE),
    BASETYPE | flags::SEQUENCE,
);
pub static ARRAY_ITER_TYPE: TypeObject =
    TypeObject::new_static("arrayiterator", Layout::NativeIter, Some(&OBJECT_TYPE), 0);

const TYPECODES: &str = "bBuhHiIlLqQfd";

/// The C type behind a typecode.
#[derive(Clone, Copy, PartialEq)]
enum Code {
    I8,
    U8,
    Wchar,
    I16,
    U16,
    I32,
    U32,
    ILong,
    ULong,
    I64,
    U64,
    F32,
    F64,
}

impl Code {
    fn from_char(c: char) -> Option<Code> {
        Some(match c {
            'b' => Code::I8,
            'B' => Code::U8,
            'u' => Code::Wchar,
            'h' => Code::I16,
            'H' => Code::U16,
            'i' => Code::I32,
            'I' => Code::U32,
            'l' => Code::ILong,
            'L' => Code::ULong,
            'q' => Code::I64,
            'Q' => Code::U64,
            'f' => Code::F32,
            'd' => Code::F64,
            _ => return None,
        })
    }

    fn char(self) -> char {
        TYPECODES
            .chars()
            .nth(self as usize)
            .expect("every code has a char")
    }

    fn size(self) -> usize {
        match self {
            Code::I8 | Code::U8 => 1,
            Code::I16 | Code::U16 => 2,
            Code::Wchar | Code::I32 | Code::U32 | Code::F32 => 4,
            Code::ILong | Code::ULong => std::mem::size_of::<libc::c_long>(),
            Code::I64 | Code::U64 | Code::F64 => 8,
        }
    }

    fn is_float(self) -> bool {
        matches!(self, Code::F32 | Code::F64)
    }

    /// The integer range of an integer code.
    fn range(self) -> (i128, i128) {
        let bits = self.size() as u32 * 8;
        match self {
            Code::I8 | Code::I16 | Code::I32 | Code::ILong | Code::I64 => {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            }
            _ => (0, (1i128 << bits) - 1),
        }
    }

    /// CPython's overflow message for an integer code.
    fn overflow(self, low: bool) -> PyErr {
        let what = match self {
            Code::I8 => "signed char",
            Code::U8 => "unsigned byte integer",
            Code::I16 => "signed short integer",
            Code::U16 => "unsigned short",
            Code::I32 => "signed integer",
            Code::U32 if low => {
                return overflow_error("can't convert negative value to unsigned int")
            }
            Code::U32 => "unsigned int",
            Code::ILong | Code::I64 => {
                return overflow_error("Python int too large to convert to C long")
            }
            Code::ULong | Code::U64 if low => {
                return overflow_error("can't convert negative value to unsigned int")
            }
            Code::ULong => {
                return overflow_error("Python int too large to convert to C unsigned long")
            }
            Code::U64 => return overflow_error("int too big to convert"),
            _ => "value",
        };
        let side = if low {
            "less than minimum"
        } else {
            "greater than maximum"
        };
        overflow_error(format!("{what} is {side}"))
    }
}

pub struct Array {
    code: Code,
    data: RefCell<Vec<u8>>,
    /// Live memoryviews of the array; it cannot be resized while there are any.
    exports: std::cell::Cell<usize>,
}

impl NativeData for Array {}

impl Array {
    fn len(&self) -> usize {
        self.data.borrow().len() / self.code.size()
    }

    /// Item `i` (in range) as a Python value.
    fn get(&self, i: usize) -> Value {
        let n = self.code.size();
        let d = self.data.borrow();
        let b = &d[i * n..(i + 1) * n];
        decode_item(self.code, b)
    }

    fn items(&self) -> Vec<Value> {
        (0..self.len()).map(|i| self.get(i)).collect()
    }
}

fn decode_item(code: Code, b: &[u8]) -> Value {
    let arr = |n: usize| -> [u8; 8] {
        let mut a = [0u8; 8];
        a[..n].copy_from_slice(&b[..n]);
        a
    };
    match code {
        Code::I8 => int::from_i64(b[0] as i8 as i64),
        Code::U8 => int::from_i64(b[0] as i64),
        Code::I16 => int::from_i64(i16::from_ne_bytes([b[0], b[1]]) as i64),
        Code::U16 => int::from_i64(u16::from_ne_bytes([b[0], b[1]]) as i64),
        Code::I32 => int::from_i64(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        Code::U32 => int::from_i64(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        Code::ILong | Code::I64 if b.len() == 8 => int::from_i64(i64::from_ne_bytes(arr(8))),
        Code::ILong => int::from_i64(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        Code::ULong | Code::U64 if b.len() == 8 => {
            int::from_bigint(BigInt::from(u64::from_ne_bytes(arr(8))))
        }
        Code::ULong => int::from_i64(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        Code::I64 => int::from_i64(i64::from_ne_bytes(arr(8))),
        Code::U64 => int::from_bigint(BigInt::from(u64::from_ne_bytes(arr(8)))),
        Code::F32 => float::new_float(f32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as f64),
        Code::F64 => float::new_float(f64::from_ne_bytes(arr(8))),
        Code::Wchar => {
            let u = u32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
            str::from_code_point(u.min(0x10ffff))
        }
    }
}

/// The machine bytes of `v` as an item of `code`.
fn encode_item(vm: &mut Vm, code: Code, v: &Value) -> PyResult<Vec<u8>> {
    if code == Code::Wchar {
        let s = str::payload(v)
            .filter(|s| s.char_len() == 1)
            .ok_or_else(|| {
                type_error(format!(
                    "array item must be unicode character, not {}",
                    v.ty().name()
                ))
            })?;
        return Ok(s.code_at(0).to_ne_bytes().to_vec());
    }
    if code.is_float() {
        let f = vm.to_f64(v)?;
        return Ok(if code == Code::F32 {
            (f as f32).to_ne_bytes().to_vec()
        } else {
            f.to_ne_bytes().to_vec()
        });
    }
    if float::as_f64(v).is_some() {
        return Err(type_error(
            "'float' object cannot be interpreted as an integer",
        ));
    }
    let i = vm.index(v)?;
    let big = int::as_bigint(&i).unwrap_or_default();
    let (lo, hi) = code.range();
    let x = match big.to_i128() {
        Some(x) if x < lo => return Err(code.overflow(true)),
        Some(x) if x > hi => return Err(code.overflow(false)),
        Some(x) => x,
        None => return Err(code.overflow(big < BigInt::from(0))),
    };
    let n = code.size();
    Ok(x.to_ne_bytes()[..n].to_vec())
}

fn array_of(v: &Value) -> PyResult<&Array> {
    native_ref::<Array>(v).ok_or_else(|| type_error("array.array expected"))
}

fn new_array_of(cls: &TypeObject, code: Code, data: Vec<u8>) -> Value {
    let a = Array {
        code,
        data: RefCell::new(data),
        exports: std::cell::Cell::new(0),
    };
    if std::ptr::eq(cls, &ARRAY_TYPE) {
        new_native(&ARRAY_TYPE, a)
    } else {
        instance::new_instance(cls, Some(new_native(&ARRAY_TYPE, a)))
    }
}

/// A new array like `like` (same class and typecode) holding `data`.
fn same_kind(like: &Value, data: Vec<u8>) -> PyResult {
    let a = array_of(like)?;
    Ok(new_array_of(&ARRAY_TYPE, a.code, data))
}

/// Appends every item of `iterable` (already a list of values) to `a`.
fn extend_values(vm: &mut Vm, a: &Array, items: &[Value]) -> PyResult<()> {
    if !items.is_empty() {
        check_resize(a)?;
    }
    let mut bytes = Vec::with_capacity(items.len() * a.code.size());
    for v in items {
        bytes.extend(encode_item(vm, a.code, v)?);
    }
    a.data.borrow_mut().extend(bytes);
    Ok(())
}

fn array_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("array.__new__(X): X is not a type object"))?;
    if std::ptr::eq(cls, &ARRAY_TYPE) && !args.kwnames.is_empty() {
        return Err(type_error("array.array() takes no keyword arguments"));
    }
    let a = &args.values[1..args.values.len() - args.kwnames.len()];
    if a.is_empty() || a.len() > 2 {
        return Err(type_error(format!(
            "array() takes at most 2 arguments ({} given)",
            a.len()
        )));
    }
    let tc = str::as_str(&a[0])
        .filter(|s| s.chars().count() == 1)
        .ok_or_else(|| {
            type_error(format!(
                "array() argument 1 must be a unicode character, not {}",
                a[0].ty().name()
            ))
        })?;
    let code = Code::from_char(tc.chars().next().expect("one char")).ok_or_else(|| {
        value_error("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")
    })?;
    let arr = new_array_of(cls, code, Vec::new());
    if let Some(init) = a.get(1) {
        let me = array_of(&arr)?;
        if let Some(s) = str::payload(init) {
            if code != Code::Wchar {
                return Err(type_error(format!(
                    "cannot use a str to initialize an array with typecode '{}'",
                    code.char()
                )));
            }
            let mut d = me.data.borrow_mut();
            for cp in s.code_points() {
                d.extend(cp.to_ne_bytes());
            }
        } else if let Some(other) = native_ref::<Array>(init) {
            if other.code == Code::Wchar && code != Code::Wchar {
                return Err(type_error(format!(
                    "cannot use a unicode array to initialize an array with typecode '{}'",
                    code.char()
                )));
            }
            let items = other.items();
            extend_values(vm, me, &items)?;
        } else if bytes::as_bytes(init).is_some() || init.payload::<bytes::ByteArray>().is_some() {
            frombytes_into(me, &bytes::bytes_like(init).unwrap_or_default())?;
        } else {
            let items = vm.collect(init)?;
            extend_values(vm, me, &items)?;
        }
    }
    Ok(arr)
}

/// CPython's refusal to change an array's size while a memoryview of it is alive.
fn check_resize(a: &Array) -> PyResult<()> {
    if a.exports.get() > 0 {
        return Err(PyErr::new(
            &exception::BUFFER_ERROR,
            "cannot resize an array that is exporting buffers",
        ));
    }
    Ok(())
}

fn frombytes_into(a: &Array, b: &[u8]) -> PyResult<()> {
    if !b.len().is_multiple_of(a.code.size()) {
        return Err(value_error("bytes length not a multiple of item size"));
    }
    if !b.is_empty() {
        check_resize(a)?;
    }
    a.data.borrow_mut().extend_from_slice(b);
    Ok(())
}

fn me<'a>(args: &Args<'a>) -> PyResult<&'a Array> {
    array_of(&args.values[0])
}

/// The receiver of a method that takes no arguments.
fn me_alone<'a>(args: &Args<'a>, fname: &str) -> PyResult<&'a Array> {
    args.method_args("array", fname, 0, 0)?;
    me(args)
}

fn arr_typecode(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::from_code_point(array_of(this)?.code.char() as u32))
}

fn arr_itemsize(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(array_of(this)?.code.size()))
}

fn arr_len(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(me(&args)?.len()))
}

fn arr_append(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("append", 2, 2)?;
    let arr = array_of(&a[0])?;
    let b = encode_item(vm, arr.code, &a[1])?;
    check_resize(arr)?;
    arr.data.borrow_mut().extend(b);
    Ok(none())
}

fn arr_extend(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("extend", 2, 2)?;
    let arr = array_of(&a[0])?;
    if let Some(other) = native_ref::<Array>(&a[1]) {
        if other.code != arr.code {
            return Err(type_error("can only extend with array of same kind"));
        }
        let d = other.data.borrow().clone();
        if !d.is_empty() {
            check_resize(arr)?;
        }
        arr.data.borrow_mut().extend(d);
        return Ok(none());
    }
    let items = vm.collect(&a[1])?;
    extend_values(vm, arr, &items)?;
    Ok(none())
}

fn arr_fromlist(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fromlist", 2, 2)?;
    let arr = array_of(&a[0])?;
    if list::as_list(&a[1]).is_none() {
        return Err(type_error("arg must be list"));
    }
    let items = list::items(&a[1]);
    extend_values(vm, arr, &items)?;
    Ok(none())
}

fn arr_frombytes(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("frombytes", 2, 2)?;
    let arr = array_of(&a[0])?;
    let b = bytes::bytes_like(&a[1]).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            a[1].ty().name()
        ))
    })?;
    frombytes_into(arr, &b)?;
    Ok(none())
}

fn arr_fromunicode(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fromunicode", 2, 2)?;
    let arr = array_of(&a[0])?;
    let s = str::payload(&a[1]).ok_or_else(|| {
        type_error(format!(
            "fromunicode() argument must be str, not {}",
            a[1].ty().name()
        ))
    })?;
    if arr.code != Code::Wchar {
        return Err(value_error(
            "fromunicode() may only be called on unicode type arrays",
        ));
    }
    if s.char_len() > 0 {
        check_resize(arr)?;
    }
    let mut d = arr.data.borrow_mut();
    for cp in s.code_points() {
        d.extend(cp.to_ne_bytes());
    }
    Ok(none())
}

fn arr_fromfile(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("fromfile", 3, 3)?;
    let arr = array_of(&a[0])?;
    let n = vm.index_i64(&a[2])?;
    if n < 0 {
        return Err(value_error("negative count"));
    }
    let want = n as usize * arr.code.size();
    let data = vm.call_method(&a[1], "read", &[int::from_usize(want)])?;
    let b = bytes::as_bytes(&data)
        .ok_or_else(|| type_error("read() didn't return bytes"))?
        .to_vec();
    let whole = b.len() / arr.code.size() * arr.code.size();
    frombytes_into(arr, &b[..whole])?;
    if b.len() < want {
        return Err(PyErr::new(
            &exception::EOF_ERROR,
            "read() didn't return enough bytes",
        ));
    }
    Ok(none())
}

fn arr_tofile(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("tofile", 2, 2)?;
    let d = array_of(&a[0])?.data.borrow().clone();
    // CPython writes in 64 KiB blocks; one write is the same bytes.
    if !d.is_empty() {
        vm.call_method(&a[1], "write", &[bytes::new_bytes(d)])?;
    }
    Ok(none())
}

fn arr_tolist(_vm: &mut Vm, args: Args) -> PyResult {
    me_alone(&args, "tolist")?;
    Ok(list::new_list(me(&args)?.items()))
}

fn arr_tobytes(_vm: &mut Vm, args: Args) -> PyResult {
    me_alone(&args, "tobytes")?;
    Ok(bytes::new_bytes(me(&args)?.data.borrow().clone()))
}

fn arr_tounicode(_vm: &mut Vm, args: Args) -> PyResult {
    let arr = me_alone(&args, "tounicode")?;
    if arr.code != Code::Wchar {
        return Err(value_error(
            "tounicode() may only be called on unicode type arrays",
        ));
    }
    let mut out = str::StrBuf::default();
    for c in arr.data.borrow().chunks(4) {
        let u = u32::from_ne_bytes([c[0], c[1], c[2], c[3]]);
        if u > 0x10ffff {
            return Err(value_error(format!(
                "character U+{u:x} is not in range [U+0000; U+10ffff]"
            )));
        }
        out.push_code_point(u);
    }
    Ok(out.finish())
}

fn arr_buffer_info(_vm: &mut Vm, args: Args) -> PyResult {
    let arr = me_alone(&args, "buffer_info")?;
    let addr = arr.data.borrow().as_ptr() as usize;
    Ok(tuple::from_array([
        int::from_usize(addr),
        int::from_usize(arr.len()),
    ]))
}

fn arr_byteswap(_vm: &mut Vm, args: Args) -> PyResult {
    let arr = me_alone(&args, "byteswap")?;
    let n = arr.code.size();
    for c in arr.data.borrow_mut().chunks_mut(n) {
        c.reverse();
    }
    Ok(none())
}

fn arr_reverse(_vm: &mut Vm, args: Args) -> PyResult {
    let arr = me_alone(&args, "reverse")?;
    let n = arr.code.size();
    let mut d = arr.data.borrow_mut();
    let items: Vec<Vec<u8>> = d.chunks(n).rev().map(|c| c.to_vec()).collect();
    *d = items.concat();
    Ok(none())
}

/// The index of the first item equal to `v` in `lo..hi`.
fn find(vm: &mut Vm, arr: &Array, v: &Value, lo: usize, hi: usize) -> PyResult<Option<usize>> {
    for i in lo..hi.min(arr.len()) {
        let item = arr.get(i);
        if vm.eq(&item, v)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn arr_count(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("count", 2, 2)?;
    let arr = array_of(&a[0])?;
    let mut n = 0;
    for i in 0..arr.len() {
        let item = arr.get(i);
        if vm.eq(&item, &a[1])? {
            n += 1;
        }
    }
    Ok(int::from_usize(n))
}

/// A start/stop argument of `index`, clamped as slice bounds are.
fn bound(vm: &mut Vm, v: Option<&Value>, len: usize, default: usize) -> PyResult<usize> {
    let Some(v) = v else {
        return Ok(default);
    };
    let i = vm.index_i64(v)?;
    let n = len as i64;
    Ok(if i < 0 { (i + n).max(0) } else { i.min(n) } as usize)
}

fn arr_index(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("index", 2, 4)?;
    let arr = array_of(&a[0])?;
    let n = arr.len();
    let lo = bound(vm, a.get(2), n, 0)?;
    let hi = bound(vm, a.get(3), n, n)?;
    match find(vm, arr, &a[1], lo, hi)? {
        Some(i) => Ok(int::from_usize(i)),
        None => Err(value_error("array.index(x): x not in array")),
    }
}

fn arr_remove(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("remove", 2, 2)?;
    let arr = array_of(&a[0])?;
    let n = arr.len();
    match find(vm, arr, &a[1], 0, n)? {
        Some(i) => {
            check_resize(arr)?;
            let s = arr.code.size();
            arr.data.borrow_mut().drain(i * s..(i + 1) * s);
            Ok(none())
        }
        None => Err(value_error("array.remove(x): x not in array")),
    }
}

fn arr_pop(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("pop", 1, 2)?;
    let arr = array_of(&a[0])?;
    let n = arr.len() as i64;
    if n == 0 {
        return Err(index_error("pop from empty array"));
    }
    let i = match a.get(1) {
        Some(v) => vm.index_i64(v)?,
        None => -1,
    };
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return Err(index_error("pop index out of range"));
    }
    check_resize(arr)?;
    let v = arr.get(j as usize);
    let s = arr.code.size();
    arr.data
        .borrow_mut()
        .drain(j as usize * s..(j as usize + 1) * s);
    Ok(v)
}

fn arr_insert(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("insert", 3, 3)?;
    let arr = array_of(&a[0])?;
    let n = arr.len() as i64;
    let i = vm.index_i64(&a[1])?;
    let j = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let b = encode_item(vm, arr.code, &a[2])?;
    check_resize(arr)?;
    let s = arr.code.size();
    let mut d = arr.data.borrow_mut();
    d.splice(j * s..j * s, b);
    Ok(none())
}

fn item_index(vm: &mut Vm, arr: &Array, key: &Value, what: &str) -> PyResult<usize> {
    let i = vm.index_i64(key)?;
    let n = arr.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return Err(index_error(format!("array {what} out of range")));
    }
    Ok(j as usize)
}

fn slice_positions(vm: &mut Vm, arr: &Array, sl: &slice::Slice) -> PyResult<Vec<usize>> {
    let (start, _, step, count) = crate::builtins::methods::str::slice_indices(vm, sl, arr.len())?;
    Ok((0..count)
        .map(|k| (start + k as i64 * step) as usize)
        .collect())
}

fn arr_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getitem__", 2, 2)?;
    let arr = array_of(&a[0])?;
    if let Some(sl) = a[1].payload_exact::<slice::Slice>() {
        let s = arr.code.size();
        let d = arr.data.borrow();
        let mut out = Vec::new();
        for p in slice_positions(vm, arr, sl)? {
            out.extend_from_slice(&d[p * s..(p + 1) * s]);
        }
        drop(d);
        return same_kind(&a[0], out);
    }
    if !int::is_int(&a[1]) && a[1].ty().lookup_str("__index__").is_none() {
        return Err(type_error("array indices must be integers"));
    }
    let i = item_index(vm, arr, &a[1], "index")?;
    Ok(arr.get(i))
}

fn arr_setitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setitem__", 3, 3)?;
    let arr = array_of(&a[0])?;
    let s = arr.code.size();
    if let Some(sl) = a[1].payload_exact::<slice::Slice>() {
        let other = native_ref::<Array>(&a[2]).ok_or_else(|| {
            type_error(format!(
                "can only assign array (not \"{}\") to array slice",
                a[2].ty().name()
            ))
        })?;
        if other.code != arr.code {
            return Err(type_error("bad argument type for built-in operation"));
        }
        let src = other.data.borrow().clone();
        let (start, _, step, count) =
            crate::builtins::methods::str::slice_indices(vm, sl, arr.len())?;
        if step == 1 {
            let lo = start as usize;
            let hi = lo + count;
            if src.len() != count * s {
                check_resize(arr)?;
            }
            arr.data.borrow_mut().splice(lo * s..hi * s, src);
            return Ok(none());
        }
        if src.len() / s != count {
            return Err(value_error(format!(
                "attempt to assign array of size {} to extended slice of size {count}",
                src.len() / s
            )));
        }
        let mut d = arr.data.borrow_mut();
        for (k, chunk) in src.chunks(s).enumerate() {
            let p = (start + k as i64 * step) as usize;
            d[p * s..(p + 1) * s].copy_from_slice(chunk);
        }
        return Ok(none());
    }
    let i = item_index(vm, arr, &a[1], "assignment index")?;
    let b = encode_item(vm, arr.code, &a[2])?;
    arr.data.borrow_mut()[i * s..(i + 1) * s].copy_from_slice(&b);
    Ok(none())
}

fn arr_delitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__delitem__", 2, 2)?;
    let arr = array_of(&a[0])?;
    let s = arr.code.size();
    let mut positions = if let Some(sl) = a[1].payload_exact::<slice::Slice>() {
        slice_positions(vm, arr, sl)?
    } else {
        vec![item_index(vm, arr, &a[1], "assignment index")?]
    };
    if positions.is_empty() {
        return Ok(none());
    }
    check_resize(arr)?;
    positions.sort_unstable();
    let mut d = arr.data.borrow_mut();
    let old = std::mem::take(&mut *d);
    let mut drop_at = positions.into_iter().peekable();
    for (k, chunk) in old.chunks(s).enumerate() {
        if drop_at.peek() == Some(&k) {
            drop_at.next();
            continue;
        }
        d.extend_from_slice(chunk);
    }
    Ok(none())
}

fn arr_contains(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__contains__", 2, 2)?;
    let arr = array_of(&a[0])?;
    let n = arr.len();
    Ok(bool_value(find(vm, arr, &a[1], 0, n)?.is_some()))
}

fn arr_add(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__add__", 2, 2)?;
    let arr = array_of(&a[0])?;
    let Some(other) = native_ref::<Array>(&a[1]) else {
        return Err(type_error(format!(
            "can only append array (not \"{}\") to array",
            a[1].ty().name()
        )));
    };
    if other.code != arr.code {
        return Err(type_error("bad argument type for built-in operation"));
    }
    let mut d = arr.data.borrow().clone();
    d.extend_from_slice(&other.data.borrow());
    same_kind(&a[0], d)
}

fn arr_iadd(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__iadd__", 2, 2)?;
    if native_ref::<Array>(&a[1]).is_none() {
        return Err(type_error(format!(
            "can only extend array with array (not \"{}\")",
            a[1].ty().name()
        )));
    }
    arr_extend(vm, args)?;
    Ok(a[0].clone())
}

fn repeat_bytes(vm: &mut Vm, arr: &Array, n: &Value) -> PyResult<Vec<u8>> {
    let Some(k) = crate::builtins::methods::str::repeat_count(vm, n)? else {
        return Err(type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            n.ty().name()
        )));
    };
    let d = arr.data.borrow();
    if d.len()
        .checked_mul(k)
        .is_none_or(|t| t > isize::MAX as usize / 2)
    {
        return Err(PyErr::new(&exception::MEMORY_ERROR, ""));
    }
    Ok(d.repeat(k))
}

fn arr_mul(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__mul__", 2, 2)?;
    let arr = array_of(&a[0])?;
    let d = repeat_bytes(vm, arr, &a[1])?;
    same_kind(&a[0], d)
}

fn arr_imul(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__imul__", 2, 2)?;
    let arr = array_of(&a[0])?;
    let d = repeat_bytes(vm, arr, &a[1])?;
    if d.len() != arr.data.borrow().len() {
        check_resize(arr)?;
    }
    *arr.data.borrow_mut() = d;
    Ok(a[0].clone())
}

fn compare(vm: &mut Vm, args: &Args, op: CompareOperator) -> PyResult {
    let a = args.check_count("compare", 2, 2)?;
    let (Some(x), Some(y)) = (native_ref::<Array>(&a[0]), native_ref::<Array>(&a[1])) else {
        return Ok(not_implemented());
    };
    if matches!(op, CompareOperator::Eq | CompareOperator::Ne) && x.len() != y.len() {
        return Ok(bool_value(op == CompareOperator::Ne));
    }
    let (l, r) = (list::new_list(x.items()), list::new_list(y.items()));
    vm.compare(&l, &r, op)
}

macro_rules! cmp_fn {
    ($name:ident, $op:ident) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult {
            compare(vm, &args, CompareOperator::$op)
        }
    };
}
cmp_fn!(arr_eq, Eq);
cmp_fn!(arr_ne, Ne);
cmp_fn!(arr_lt, Lt);
cmp_fn!(arr_le, Le);
cmp_fn!(arr_gt, Gt);
cmp_fn!(arr_ge, Ge);

fn arr_repr(vm: &mut Vm, args: Args) -> PyResult {
    let arr = me(&args)?;
    let name = args.values[0].ty().name().to_string();
    let tc = arr.code.char();
    if arr.len() == 0 {
        return Ok(str::from_string(format!("{name}('{tc}')")));
    }
    let inner = if arr.code == Code::Wchar {
        let u = arr_tounicode(vm, Args::new(&args.values[..1]))?;
        vm.repr(&u)?
    } else {
        let l = list::new_list(arr.items());
        vm.repr(&l)?
    };
    Ok(str::from_string(format!(
        "{name}('{tc}', {})",
        str::as_str(&inner).unwrap_or("")
    )))
}

fn arr_copy(_vm: &mut Vm, args: Args) -> PyResult {
    let d = me_alone(&args, "__copy__")?.data.borrow().clone();
    same_kind(&args.values[0], d)
}

fn arr_deepcopy(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__deepcopy__", 2, 2)?;
    let d = array_of(&a[0])?.data.borrow().clone();
    same_kind(&a[0], d)
}

/// `__reduce_ex__`: `(class, (typecode, list), dict)` for protocols below 3, otherwise
/// `(_array_reconstructor, (class, typecode, machine_format, bytes), dict)` as CPython's.
fn arr_reduce_ex(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.method_args("array", "__reduce_ex__", 1, 1)?;
    let protocol = vm.index_i64(&a[0])?;
    let this = &args.values[0];
    let arr = array_of(this)?;
    let cls = this.ty().to_value();
    let tc = str::from_code_point(arr.code.char() as u32);
    let dict = instance::instance_dict(this).unwrap_or_else(none);
    if protocol < 3 {
        return Ok(tuple::from_array([
            cls,
            tuple::from_array([tc, list::new_list(arr.items())]),
            dict,
        ]));
    }
    let module = vm.import_module("array")?;
    let reconstructor = vm.getattr(&module, "_array_reconstructor")?;
    let format = MachineFormat::native(arr.code) as i64;
    let data = bytes::new_bytes(arr.data.borrow().clone());
    Ok(tuple::from_array([
        reconstructor,
        tuple::from_array([cls, tc, int::from_i64(format), data]),
        dict,
    ]))
}

struct ArrayIter {
    /// The array, until the iterator is exhausted.
    arr: Option<Value>,
    pos: usize,
}

impl NativeIterator for ArrayIter {
    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(a) = self.arr.as_ref().and_then(native_ref::<Array>) else {
            return Ok(None);
        };
        if self.pos >= a.len() {
            self.arr = None;
            return Ok(None);
        }
        self.pos += 1;
        Ok(Some(a.get(self.pos - 1)))
    }

    fn length_hint(&self) -> Option<usize> {
        let a = self.arr.as_ref().and_then(native_ref::<Array>);
        Some(a.map_or(0, |a| a.len().saturating_sub(self.pos)))
    }

    fn reduce(&self, vm: &mut Vm) -> PyResult<Option<crate::object::iter::Reduced>> {
        let iter = vm.getattr(&vm.builtins_module.clone(), "iter")?;
        Ok(Some(match &self.arr {
            Some(a) => (iter, vec![a.clone()], Some(int::from_usize(self.pos))),
            None => (iter, vec![tuple::from_array([])], None),
        }))
    }

    fn set_state(&mut self, vm: &mut Vm, state: &Value) -> PyResult<bool> {
        let i = vm.index_i64(state)?.max(0) as usize;
        if let Some(a) = self.arr.as_ref().and_then(native_ref::<Array>) {
            self.pos = i.min(a.len());
        }
        Ok(true)
    }
}

fn arr_iter(_vm: &mut Vm, args: Args) -> PyResult {
    me(&args)?;
    Ok(new_native_iter(
        &ARRAY_ITER_TYPE,
        Box::new(ArrayIter {
            arr: Some(args.values[0].clone()),
            pos: 0,
        }),
    ))
}

/// CPython's machine formats of pickled arrays (`mformat_code`): how the bytes of an array
/// written on one machine are read on another.
#[derive(Clone, Copy, PartialEq, Debug)]
enum MachineFormat {
    UnsignedInt8 = 0,
    SignedInt8 = 1,
    UnsignedInt16Le = 2,
    SignedInt16Le = 4,
    UnsignedInt32Le = 6,
    SignedInt32Le = 8,
    UnsignedInt64Le = 10,
    SignedInt64Le = 12,
    FloatLe = 14,
    DoubleLe = 16,
    Utf32Le = 20,
}

impl MachineFormat {
    /// The format this machine writes for `code` (big-endian formats are the little-endian
    /// code plus one).
    fn native(code: Code) -> i64 {
        let base = match code {
            Code::U8 => return MachineFormat::UnsignedInt8 as i64,
            Code::I8 => return MachineFormat::SignedInt8 as i64,
            Code::Wchar => MachineFormat::Utf32Le,
            Code::F32 => MachineFormat::FloatLe,
            Code::F64 => MachineFormat::DoubleLe,
            c => match (c.size(), c.range().0 < 0) {
                (2, false) => MachineFormat::UnsignedInt16Le,
                (2, true) => MachineFormat::SignedInt16Le,
                (4, false) => MachineFormat::UnsignedInt32Le,
                (4, true) => MachineFormat::SignedInt32Le,
                (_, false) => MachineFormat::UnsignedInt64Le,
                (_, true) => MachineFormat::SignedInt64Le,
            },
        };
        base as i64 + i64::from(cfg!(target_endian = "big"))
    }
}

/// Decodes `data` written in machine format `format` into items.
/// The item size and signedness of an integer machine format (codes 0 to 13).
fn integer_format(format: i64) -> Option<(usize, bool)> {
    match format {
        0 | 1 => Some((1, format == 1)),
        2..=13 => Some((
            [2, 4, 8][((format - 2) / 4) as usize],
            (format - 2) % 4 >= 2,
        )),
        _ => None,
    }
}

fn decode_machine_format(format: i64, data: &[u8]) -> PyResult<Vec<Value>> {
    let big = format % 2 == 1 && format >= 2;
    let (size, kind) = match format {
        0..=13 => {
            let (size, signed) = integer_format(format).expect("integer format");
            (size, if signed { 'i' } else { 'u' })
        }
        14 | 15 => (4, 'f'),
        16 | 17 => (8, 'f'),
        18 | 19 => (2, 's'),
        _ => (4, 's'),
    };
    let word = |chunk: &[u8]| -> u64 {
        let mut w = 0u64;
        for k in 0..chunk.len() {
            let b = if big {
                chunk[k]
            } else {
                chunk[chunk.len() - 1 - k]
            };
            w = (w << 8) | b as u64;
        }
        w
    };
    if kind == 's' {
        let units: Vec<u32> = data.chunks_exact(size).map(|c| word(c) as u32).collect();
        let text = if size == 2 {
            let u16s: Vec<u16> = units.iter().map(|&u| u as u16).collect();
            char::decode_utf16(u16s)
                .map(|r| {
                    r.map(|c| c as u32)
                        .unwrap_or_else(|e| e.unpaired_surrogate() as u32)
                })
                .collect()
        } else {
            units
        };
        return Ok(text.into_iter().map(str::from_code_point).collect());
    }
    Ok(data
        .chunks_exact(size)
        .map(|c| {
            let w = word(c);
            match kind {
                'u' => int::from_bigint(BigInt::from(w)),
                'i' => {
                    let shift = 64 - 8 * size as u32;
                    int::from_i64(((w << shift) as i64) >> shift)
                }
                _ if size == 4 => float::new_float(f32::from_bits(w as u32) as f64),
                _ => float::new_float(f64::from_bits(w)),
            }
        })
        .collect())
}

/// `_array_reconstructor(arraytype, typecode, mformat_code, items)`: rebuilds a pickled
/// array from its bytes in the machine format they were written in.
fn array_reconstructor(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_array_reconstructor", 4, 4)?;
    let cls = a[0].as_type().ok_or_else(|| {
        type_error(format!(
            "first argument must be a type object, not {}",
            a[0].ty().name()
        ))
    })?;
    if !cls.is_subtype(&ARRAY_TYPE) {
        return Err(type_error(format!(
            "{} is not a subtype of array.array",
            cls.name()
        )));
    }
    let code = str::as_str(&a[1])
        .filter(|s| s.chars().count() == 1)
        .and_then(|s| Code::from_char(s.chars().next()?))
        .ok_or_else(|| value_error("second argument must be a valid type code"))?;
    let format = vm.index_i64(&a[2])?;
    if !(0..=21).contains(&format) {
        return Err(value_error(
            "third argument must be a valid machine format code.",
        ));
    }
    let data = bytes::as_bytes(&a[3]).ok_or_else(|| {
        type_error(format!(
            "fourth argument should be bytes, not {}",
            a[3].ty().name()
        ))
    })?;
    if format == MachineFormat::native(code) {
        let arr = new_array_of(cls, code, Vec::new());
        frombytes_into(array_of(&arr)?, data)?;
        return Ok(arr);
    }
    if code == Code::Wchar && (format == 18 || format == 19) && data.len() % 4 != 0 {
        // CPython 3.11 checks UTF-16 data against its 4-byte wchar_t.
        return Err(value_error("string length not a multiple of item size"));
    }
    let items = decode_machine_format(format, data)?;
    // Integers come back in the last typecode (in `TYPECODES` order) of the format's size and
    // signedness, whatever typecode was asked for, as CPython's.
    let code = match integer_format(format) {
        Some((size, signed)) => TYPECODES
            .chars()
            .filter_map(Code::from_char)
            .rfind(|c| {
                !c.is_float()
                    && *c != Code::Wchar
                    && c.size() == size
                    && (c.range().0 < 0) == signed
            })
            .unwrap_or(code),
        None => code,
    };
    let arr = new_array_of(cls, code, Vec::new());
    if code == Code::Wchar {
        let mut d = array_of(&arr)?.data.borrow_mut();
        for v in &items {
            d.extend(str::payload(v).map_or(0, |s| s.code_at(0)).to_ne_bytes());
        }
    } else {
        extend_values(vm, array_of(&arr)?, &items)?;
    }
    Ok(arr)
}

/// An array's buffer, for memoryviews and every reader of bytes-like objects.
pub fn array_buffer(v: &Value) -> Option<bytes::Buffer<'_>> {
    let a = native_ref::<Array>(v)?;
    const FORMATS: [&str; 13] = [
        "b", "B", "w", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d",
    ];
    Some(bytes::Buffer {
        data: bytes::BufferData::Growable(&a.data),
        format: FORMATS[a.code as usize],
        itemsize: a.code.size(),
        readonly: false,
        exports: Some(&a.exports),
    })
}

fn types() -> [TypeSpec; 2] {
    [
        TypeSpec {
            ty: &ARRAY_TYPE,
            methods: methods![
                MethodDef::static_("__new__", array_new),
                MethodDef::method("append", arr_append),
                MethodDef::method("buffer_info", arr_buffer_info),
                MethodDef::method("byteswap", arr_byteswap),
                MethodDef::method("count", arr_count),
                MethodDef::method("extend", arr_extend),
                MethodDef::method("frombytes", arr_frombytes),
                MethodDef::method("fromfile", arr_fromfile),
                MethodDef::method("fromlist", arr_fromlist),
                MethodDef::method("fromunicode", arr_fromunicode),
                MethodDef::method("index", arr_index),
                MethodDef::method("insert", arr_insert),
                MethodDef::method("pop", arr_pop),
                MethodDef::method("remove", arr_remove),
                MethodDef::method("reverse", arr_reverse),
                MethodDef::method("tobytes", arr_tobytes),
                MethodDef::method("tofile", arr_tofile),
                MethodDef::method("tolist", arr_tolist),
                MethodDef::method("tounicode", arr_tounicode),
                MethodDef::method("__len__", arr_len),
                MethodDef::method("__getitem__", arr_getitem),
                MethodDef::method("__setitem__", arr_setitem),
                MethodDef::method("__delitem__", arr_delitem),
                MethodDef::method("__contains__", arr_contains),
                MethodDef::method("__iter__", arr_iter),
                MethodDef::method("__add__", arr_add),
                MethodDef::method("__iadd__", arr_iadd),
                MethodDef::method("__mul__", arr_mul),
                MethodDef::method("__rmul__", arr_mul),
                MethodDef::method("__imul__", arr_imul),
                MethodDef::method("__eq__", arr_eq),
                MethodDef::method("__ne__", arr_ne),
                MethodDef::method("__lt__", arr_lt),
                MethodDef::method("__le__", arr_le),
                MethodDef::method("__gt__", arr_gt),
                MethodDef::method("__ge__", arr_ge),
                MethodDef::method("__repr__", arr_repr),
                MethodDef::method("__copy__", arr_copy),
                MethodDef::method("__deepcopy__", arr_deepcopy),
                MethodDef::method("__reduce_ex__", arr_reduce_ex),
                MethodDef::class("__class_getitem__", generic_alias),
            ],
            getsets: getsets![
                GetSetDef::readonly("typecode", arr_typecode),
                GetSetDef::readonly("itemsize", arr_itemsize),
            ],
            doc: Some("array(typecode [, initializer]) -> array\n\nReturn a new array whose items are restricted by typecode, and\ninitialized from the optional initializer value, which must be a list,\na bytes-like object, or iterable over elements of the appropriate type."),
        },
        crate::builtins::methods::iter::native_iter_spec(&ARRAY_ITER_TYPE),
    ]
}

fn generic_alias(vm: &mut Vm, args: Args) -> PyResult {
    crate::builtins::methods::genericalias::class_getitem(vm, args)
}

/// Creates the `array` module.
pub fn new_module(vm: &mut Vm) -> PyResult {
    for spec in &types() {
        install_native_type(spec);
    }
    *ARRAY_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("array");
    dict::set_str(
        &ARRAY_TYPE.dict_value(),
        &str::intern_static("__hash__"),
        none(),
    );
    bytes::register_buffer_exporter(array_buffer);
    // As CPython's module does, so that arrays are MutableSequences.
    let abc = vm.import_module("collections.abc")?;
    let mutable_sequence = vm.getattr(&abc, "MutableSequence")?;
    vm.call_method(&mutable_sequence, "register", &[ARRAY_TYPE.to_value()])?;
    let m = module::new_module("array");
    module::set_attr(&m, "array", ARRAY_TYPE.to_value());
    module::set_attr(&m, "ArrayType", ARRAY_TYPE.to_value());
    module::set_attr(&m, "typecodes", str::new_str(TYPECODES));
    module::set_attr(
        &m,
        "_array_reconstructor",
        function::new_builtin_function(
            "_array_reconstructor",
            array_reconstructor,
            Some(m.clone()),
        ),
    );
    Ok(m)
}
