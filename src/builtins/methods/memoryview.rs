//! `memoryview`: typed, strided, possibly multi-dimensional views of an exporter's buffer
//! (bytes, bytearray, array, or any native type registered with
//! `bytes::register_buffer_exporter`), without copying. Items are the struct module's native
//! single-character formats; `cast` reshapes and retypes C-contiguous views as CPython's does.
//! A view counts itself among its exporter's exports while alive, so exporters that track
//! exports (array) refuse to resize under it.

use std::cell::Cell;

use crate::object::bytes::{buffer_of, Buffer, BufferData};
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{index_error, not_implemented_error, type_error, value_error};
use crate::object::native::{native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, none, not_implemented, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static MEMORYVIEW_TYPE: TypeObject = TypeObject::new_static(
    "memoryview",
    Layout::Native,
    Some(&OBJECT_TYPE),
    crate::object::typeobj::flags::SEQUENCE,
);

/// CPython's limit on dimensions (`PyBUF_MAX_NDIM`).
const MAX_NDIM: usize = 64;

pub struct MemoryView {
    /// The exporter (never itself a memoryview).
    obj: Value,
    /// Byte offset of the first item.
    offset: usize,
    format: String,
    itemsize: usize,
    shape: Vec<usize>,
    strides: Vec<isize>,
    readonly: bool,
    released: Cell<bool>,
    /// The hash, once computed (it survives `release`, as CPython's).
    hash: Cell<Option<i64>>,
}

impl NativeData for MemoryView {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.obj);
    }
}

impl Drop for MemoryView {
    fn drop(&mut self) {
        if !self.released.get() {
            self.unexport();
        }
    }
}

fn released_error() -> PyErr {
    value_error("operation forbidden on released memoryview object")
}

/// The size of one item of a native single-character struct format ('@' prefix allowed).
fn native_item_size(format: &str) -> Option<usize> {
    let f = format.strip_prefix('@').unwrap_or(format);
    Some(match f {
        "b" | "B" | "c" | "?" => 1,
        "h" | "H" => 2,
        "i" | "I" | "f" => 4,
        "l" | "L" | "q" | "Q" | "n" | "N" | "d" | "P" => 8,
        _ => return None,
    })
}

fn format_char(format: &str) -> &str {
    format.strip_prefix('@').unwrap_or(format)
}

fn unsupported_format(format: &str) -> PyErr {
    not_implemented_error(format!("memoryview: format {format} not supported"))
}

/// The value of one item.
fn unpack_item(format: &str, b: &[u8]) -> PyResult<Value> {
    let word = |n: usize| -> u64 {
        let mut a = [0u8; 8];
        a[..n].copy_from_slice(&b[..n]);
        u64::from_ne_bytes(a)
    };
    let signed = |n: usize| -> i64 {
        let shift = 64 - 8 * n as u32;
        ((word(n) << shift) as i64) >> shift
    };
    Ok(match format_char(format) {
        "B" => int::from_i64(b[0] as i64),
        "b" => int::from_i64(b[0] as i8 as i64),
        "c" => bytes::new_bytes(vec![b[0]]),
        "?" => bool_value(b[0] != 0),
        "h" => int::from_i64(signed(2)),
        "H" => int::from_i64(word(2) as i64),
        "i" => int::from_i64(signed(4)),
        "I" => int::from_i64(word(4) as i64),
        "l" | "q" | "n" => int::from_i64(signed(8)),
        "L" | "Q" | "N" | "P" => int::from_bigint(num_bigint::BigInt::from(word(8))),
        "f" => float::new_float(f32::from_bits(word(4) as u32) as f64),
        "d" => float::new_float(f64::from_bits(word(8))),
        _ => return Err(unsupported_format(format)),
    })
}

/// The bytes of `v` as one item.
fn pack_item(vm: &mut Vm, format: &str, v: &Value) -> PyResult<Vec<u8>> {
    let f = format_char(format);
    let invalid_value = || value_error(format!("memoryview: invalid value for format '{f}'"));
    let invalid_type = || type_error(format!("memoryview: invalid type for format '{f}'"));
    match f {
        "c" => {
            return match bytes::as_bytes(v) {
                Some([c]) => Ok(vec![*c]),
                Some(_) => Err(invalid_value()),
                None => Err(invalid_type()),
            }
        }
        "?" => return Ok(vec![vm.truthy(v)? as u8]),
        "f" | "d" => {
            let x = if float::as_f64(v).is_some() || int::is_int(v) {
                vm.to_f64(v)?
            } else {
                return Err(invalid_type());
            };
            return Ok(if f == "f" {
                (x as f32).to_ne_bytes().to_vec()
            } else {
                x.to_ne_bytes().to_vec()
            });
        }
        _ => {}
    }
    let size = native_item_size(f).ok_or_else(|| unsupported_format(format))?;
    if !int::is_int(v) {
        return Err(invalid_type());
    }
    let i = vm.index(v)?;
    let big = int::as_bigint(&i).unwrap_or_default();
    let unsigned = matches!(f, "B" | "H" | "I" | "L" | "Q" | "N" | "P");
    let bits = size as u32 * 8;
    let (lo, hi): (i128, i128) = if unsigned {
        (0, (1i128 << bits) - 1)
    } else {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    };
    use num_traits::ToPrimitive;
    match big.to_i128() {
        Some(x) if x >= lo && x <= hi => Ok(x.to_ne_bytes()[..size].to_vec()),
        _ => Err(invalid_value()),
    }
}

/// C-order strides for `shape` with items of `itemsize` bytes.
fn c_strides(shape: &[usize], itemsize: usize) -> Vec<isize> {
    let mut strides = vec![0isize; shape.len()];
    let mut s = itemsize as isize;
    for d in (0..shape.len()).rev() {
        strides[d] = s;
        s *= shape[d].max(1) as isize;
    }
    strides
}

impl MemoryView {
    /// A view of the whole of `buf`, exported by `obj`.
    fn of_buffer(obj: &Value, buf: &Buffer) -> MemoryView {
        let nbytes = buf.with_bytes(|b| b.len());
        let n = nbytes / buf.itemsize.max(1);
        if let Some(e) = buf.exports {
            e.set(e.get() + 1);
        }
        MemoryView {
            obj: obj.clone(),
            offset: 0,
            format: buf.format.to_string(),
            itemsize: buf.itemsize,
            shape: vec![n],
            strides: vec![buf.itemsize as isize],
            readonly: buf.readonly,
            released: Cell::new(false),
            hash: Cell::new(None),
        }
    }

    /// Another view of the same exporter, counted among its exports.
    fn derive(&self) -> MemoryView {
        if let Some(e) = buffer_of(&self.obj).and_then(|b| b.exports) {
            e.set(e.get() + 1);
        }
        MemoryView {
            obj: self.obj.clone(),
            offset: self.offset,
            format: self.format.clone(),
            itemsize: self.itemsize,
            shape: self.shape.clone(),
            strides: self.strides.clone(),
            readonly: self.readonly,
            released: Cell::new(false),
            hash: Cell::new(None),
        }
    }

    fn unexport(&self) {
        if let Some(e) = buffer_of(&self.obj).and_then(|b| b.exports) {
            e.set(e.get().saturating_sub(1));
        }
    }

    fn check(&self) -> PyResult<()> {
        if self.released.get() {
            Err(released_error())
        } else {
            Ok(())
        }
    }

    fn ndim(&self) -> usize {
        self.shape.len()
    }

    fn item_count(&self) -> usize {
        self.shape.iter().product()
    }

    fn nbytes(&self) -> usize {
        self.item_count() * self.itemsize
    }

    fn is_c_contiguous(&self) -> bool {
        self.item_count() == 0 || c_strides(&self.shape, self.itemsize) == self.strides
    }

    fn is_f_contiguous(&self) -> bool {
        if self.item_count() == 0 {
            return true;
        }
        let mut s = self.itemsize as isize;
        for d in 0..self.ndim() {
            if self.shape[d] > 1 && self.strides[d] != s {
                return false;
            }
            s *= self.shape[d] as isize;
        }
        true
    }

    /// The byte offsets of every item, in C order.
    fn item_offsets(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.item_count());
        let mut index = vec![0usize; self.ndim()];
        if self.item_count() == 0 {
            return out;
        }
        loop {
            let off = self.offset as isize
                + index
                    .iter()
                    .zip(&self.strides)
                    .map(|(&i, &s)| i as isize * s)
                    .sum::<isize>();
            out.push(off as usize);
            let mut d = self.ndim();
            loop {
                if d == 0 {
                    return out;
                }
                d -= 1;
                index[d] += 1;
                if index[d] < self.shape[d] {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    /// Reads the exporter's bytes in place.
    fn with_data<R>(&self, f: impl FnOnce(&[u8]) -> R) -> PyResult<R> {
        self.check()?;
        let buf = buffer_of(&self.obj).ok_or_else(released_error)?;
        Ok(buf.with_bytes(f))
    }

    /// The viewed bytes in C order (a copy).
    fn to_vec(&self) -> PyResult<Vec<u8>> {
        let offsets = self.item_offsets();
        let n = self.itemsize;
        self.with_data(|data| {
            let mut out = Vec::with_capacity(offsets.len() * n);
            for off in offsets {
                match data.get(off..off + n) {
                    Some(item) => out.extend_from_slice(item),
                    None => return Err(resized_error()),
                }
            }
            Ok(out)
        })?
    }

    /// Every item, unpacked, in C order.
    fn items(&self) -> PyResult<Vec<Value>> {
        let bytes = self.to_vec()?;
        bytes
            .chunks(self.itemsize.max(1))
            .map(|c| unpack_item(&self.format, c))
            .collect()
    }

    /// Writes `src` (whole items in C order) over the viewed items.
    fn write(&self, src: &[u8]) -> PyResult<()> {
        let buf = buffer_of(&self.obj).ok_or_else(released_error)?;
        let BufferData::Growable(cell) = buf.data else {
            return Err(type_error("cannot modify read-only memory"));
        };
        let mut data = cell.borrow_mut();
        for (off, item) in self
            .item_offsets()
            .into_iter()
            .zip(src.chunks(self.itemsize))
        {
            data.get_mut(off..off + item.len())
                .ok_or_else(resized_error)?
                .copy_from_slice(item);
        }
        Ok(())
    }
}

/// A view's exporter shrank under it (CPython's exporters refuse; a bytearray in Heron does
/// not track its views yet).
fn resized_error() -> PyErr {
    index_error("memoryview: underlying buffer was resized")
}

fn view_of(v: &Value) -> PyResult<&MemoryView> {
    native_ref::<MemoryView>(v).ok_or_else(|| type_error("memoryview expected"))
}

/// The bytes a memoryview shows (a copy, in C order), for `bytes(mv)` and friends.
pub fn memoryview_bytes(v: &Value) -> Option<Vec<u8>> {
    let m = native_ref::<MemoryView>(v)?;
    m.to_vec().ok()
}

/// Copies `data` into the writable buffer `target` (a bytearray, a writable exporter, or a
/// writable C-contiguous memoryview) from byte `offset`, as much as fits; the count copied,
/// or None if `target` is not a writable buffer.
pub fn write_at(target: &Value, offset: usize, data: &[u8]) -> Option<PyResult<usize>> {
    if let Some(m) = native_ref::<MemoryView>(target) {
        if m.readonly || m.released.get() || !m.is_c_contiguous() {
            return None;
        }
        let n = data.len().min(m.nbytes().saturating_sub(offset));
        let mut bytes = m.derive();
        bytes.offset = m.offset + offset;
        bytes.format = "B".to_string();
        bytes.itemsize = 1;
        bytes.shape = vec![n];
        bytes.strides = vec![1];
        return Some(bytes.write(&data[..n]).map(|_| n));
    }
    let buf = buffer_of(target)?;
    let BufferData::Growable(cell) = buf.data else {
        return None;
    };
    if buf.readonly {
        return None;
    }
    let mut d = cell.borrow_mut();
    let start = offset.min(d.len());
    let n = data.len().min(d.len() - start);
    d[start..start + n].copy_from_slice(&data[..n]);
    Some(Ok(n))
}

/// The length in bytes of the writable buffer `target`, if it is one.
pub fn writable_len(target: &Value) -> Option<usize> {
    if let Some(m) = native_ref::<MemoryView>(target) {
        return (!m.readonly && !m.released.get() && m.is_c_contiguous()).then(|| m.nbytes());
    }
    let buf = buffer_of(target)?;
    match buf.data {
        BufferData::Growable(cell) if !buf.readonly => Some(cell.borrow().len()),
        _ => None,
    }
}

/// `memoryview(obj)`.
pub fn new_memoryview(obj: &Value) -> PyResult {
    if let Some(m) = native_ref::<MemoryView>(obj) {
        m.check()?;
        return Ok(new_native(&MEMORYVIEW_TYPE, m.derive()));
    }
    match buffer_of(obj) {
        Some(buf) => Ok(new_native(
            &MEMORYVIEW_TYPE,
            MemoryView::of_buffer(obj, &buf),
        )),
        None => Err(type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            obj.ty().name()
        ))),
    }
}

fn mv_new(_vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("memoryview", &["cls", "object"], 2)?;
    new_memoryview(b[1].as_ref().expect("required"))
}

fn zero_dim_error() -> PyErr {
    type_error("invalid indexing of 0-dim memory")
}

/// The byte offset of item `key` along the first dimension.
fn index_offset(vm: &mut Vm, m: &MemoryView, key: &Value, dim: usize) -> PyResult<usize> {
    // An int too large for an index is an IndexError, as CPython's `PyNumber_AsSsize_t`.
    let i = match super::list::as_index(vm, key)? {
        Some(i) => i,
        None => vm.index_i64(key)?,
    };
    let n = m.shape[dim] as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error(format!(
            "index out of bounds on dimension {}",
            dim + 1
        )));
    }
    Ok(j as usize)
}

fn is_index(v: &Value) -> bool {
    int::is_int(v) || v.ty().lookup_str("__index__").is_some()
}

/// The byte offset of the single item `key` addresses, or None if `key` is not an item key.
fn item_offset(vm: &mut Vm, m: &MemoryView, key: &Value) -> PyResult<Option<usize>> {
    let keys: Vec<Value> = if is_index(key) {
        vec![key.clone()]
    } else if let Some(t) = tuple::as_tuple(key) {
        if !t.iter().all(is_index) {
            return Ok(None);
        }
        t.to_vec()
    } else {
        return Ok(None);
    };
    if m.ndim() == 0 {
        return if keys.is_empty() {
            Ok(Some(m.offset))
        } else {
            Err(zero_dim_error())
        };
    }
    if keys.len() < m.ndim() {
        return Err(not_implemented_error(
            "multi-dimensional sub-views are not implemented",
        ));
    }
    if keys.len() > m.ndim() {
        return Err(type_error(format!(
            "cannot index {}-dimension view with {}-element tuple",
            m.ndim(),
            keys.len()
        )));
    }
    let mut off = m.offset as isize;
    for (d, k) in keys.iter().enumerate() {
        off += index_offset(vm, m, k, d)? as isize * m.strides[d];
    }
    Ok(Some(off as usize))
}

fn read_item(m: &MemoryView, off: usize) -> PyResult {
    let n = m.itemsize;
    let item = m.with_data(|d| d.get(off..off + n).map(<[u8]>::to_vec))?;
    unpack_item(&m.format, &item.ok_or_else(resized_error)?)
}

fn mv_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getitem__", 2, 2)?;
    let m = view_of(&a[0])?;
    m.check()?;
    if a[1].is(&types::ELLIPSIS.value()) {
        return Ok(a[0].clone());
    }
    if let Some(off) = item_offset(vm, m, &a[1])? {
        return read_item(m, off);
    }
    if let Some(s) = slice::as_slice(&a[1]) {
        if m.ndim() == 0 {
            return Err(zero_dim_error());
        }
        let (start, _stop, step, count) = slice::indices(vm, s, m.shape[0])?;
        let mut view = m.derive();
        if count > 0 {
            view.offset = (m.offset as isize + start as isize * m.strides[0]) as usize;
        }
        view.shape[0] = count;
        view.strides[0] = m.strides[0] * step as isize;
        return Ok(new_native(&MEMORYVIEW_TYPE, view));
    }
    if tuple::as_tuple(&a[1]).is_some_and(|t| t.iter().all(|k| slice::as_slice(k).is_some())) {
        return Err(not_implemented_error(
            "multi-dimensional slicing is not implemented",
        ));
    }
    Err(type_error("memoryview: invalid slice key"))
}

fn mv_setitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setitem__", 3, 3)?;
    let m = view_of(&a[0])?;
    m.check()?;
    if m.readonly {
        return Err(type_error("cannot modify read-only memory"));
    }
    if m.ndim() == 0 && a[1].is(&types::ELLIPSIS.value()) {
        let b = pack_item(vm, &m.format, &a[2])?;
        m.write(&b)?;
        return Ok(none());
    }
    if let Some(off) = item_offset(vm, m, &a[1])? {
        let b = pack_item(vm, &m.format, &a[2])?;
        let mut one = m.derive();
        one.offset = off;
        one.shape = vec![1];
        one.strides = vec![m.itemsize as isize];
        one.write(&b)?;
        return Ok(none());
    }
    let Some(s) = slice::as_slice(&a[1]) else {
        let multislice =
            tuple::as_tuple(&a[1]).is_some_and(|t| t.iter().all(|k| slice::as_slice(k).is_some()));
        if multislice {
            return Err(not_implemented_error(
                "memoryview slice assignments are currently restricted to ndim = 1",
            ));
        }
        return Err(type_error("memoryview: invalid slice key"));
    };
    if m.ndim() != 1 {
        return Err(not_implemented_error(
            "memoryview slice assignments are currently restricted to ndim = 1",
        ));
    }
    let (start, _stop, step, count) = slice::indices(vm, s, m.shape[0])?;
    // The source: another view or any exporter, with the same item format and length.
    let (src_format, src_itemsize, src) = match native_ref::<MemoryView>(&a[2]) {
        Some(o) => (o.format.clone(), o.itemsize, o.to_vec()?),
        None => match buffer_of(&a[2]) {
            Some(b) => (
                b.format.to_string(),
                b.itemsize,
                b.with_bytes(<[u8]>::to_vec),
            ),
            None => {
                return Err(type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    a[2].ty().name()
                )))
            }
        },
    };
    if format_char(&src_format) != format_char(&m.format)
        || src_itemsize != m.itemsize
        || src.len() != count * m.itemsize
    {
        return Err(value_error(
            "memoryview assignment: lvalue and rvalue have different structures",
        ));
    }
    let mut target = m.derive();
    if count > 0 {
        target.offset = (m.offset as isize + start as isize * m.strides[0]) as usize;
    }
    target.shape[0] = count;
    target.strides[0] = m.strides[0] * step as isize;
    target.write(&src)?;
    Ok(none())
}

fn mv_len(_vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    m.check()?;
    // A 0-dim view holds one item.
    Ok(int::from_usize(m.shape.first().copied().unwrap_or(1)))
}

fn mv_tobytes(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("tobytes", &["self", "order"], 1)?;
    let m = view_of(&args.values[0])?;
    if let Some(order) = b[1].as_ref().filter(|o| !o.is_none()) {
        match str::as_str(order) {
            Some("C" | "F" | "A") => {}
            _ => return Err(value_error("order must be 'C', 'F' or 'A'")),
        }
        if str::as_str(order) == Some("F") && m.ndim() > 1 {
            let fortran = fortran_bytes(m)?;
            let _ = vm;
            return Ok(bytes::new_bytes(fortran));
        }
    }
    Ok(bytes::new_bytes(m.to_vec()?))
}

/// The items' bytes in Fortran (column-major) order.
fn fortran_bytes(m: &MemoryView) -> PyResult<Vec<u8>> {
    let c = m.to_vec()?;
    let n = m.item_count();
    let mut out = Vec::with_capacity(c.len());
    let cs = c_strides(&m.shape, 1);
    for k in 0..n {
        // The C-order position of the k-th item in Fortran order.
        let (mut rem, mut pos) = (k, 0isize);
        for (&n, &stride) in m.shape.iter().zip(&cs) {
            pos += (rem % n) as isize * stride;
            rem /= n;
        }
        let p = pos as usize * m.itemsize;
        out.extend_from_slice(&c[p..p + m.itemsize]);
    }
    Ok(out)
}

/// Nests `items` (C order) by `shape`.
fn nest(items: &[Value], shape: &[usize]) -> Value {
    match shape {
        [] => items.first().cloned().unwrap_or_else(none),
        [_] => list::new_list(items.to_vec()),
        [n, rest @ ..] => {
            let step = rest.iter().product::<usize>();
            list::new_list(
                (0..*n)
                    .map(|i| nest(&items[i * step..(i + 1) * step], rest))
                    .collect(),
            )
        }
    }
}

fn mv_tolist(_vm: &mut Vm, args: Args) -> PyResult {
    args.method_args("memoryview", "tolist", 0, 0)?;
    let m = view_of(&args.values[0])?;
    m.check()?;
    native_item_size(&m.format).ok_or_else(|| unsupported_format(&m.format))?;
    Ok(nest(&m.items()?, &m.shape))
}

fn mv_hex(vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    let b = bytes::new_bytes(m.to_vec()?);
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let method = vm.getattr(&b, "hex")?;
    vm.call_with(&method, rest)
}

fn mv_release(_vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    if !m.released.replace(true) {
        m.unexport();
    }
    Ok(none())
}

fn mv_enter(_vm: &mut Vm, args: Args) -> PyResult {
    view_of(&args.values[0])?.check()?;
    Ok(args.values[0].clone())
}

fn mv_exit(vm: &mut Vm, args: Args) -> PyResult {
    mv_release(vm, Args::new(&args.values[..1]))
}

fn mv_toreadonly(_vm: &mut Vm, args: Args) -> PyResult {
    args.method_args("memoryview", "toreadonly", 0, 0)?;
    let m = view_of(&args.values[0])?;
    m.check()?;
    let mut view = m.derive();
    view.readonly = true;
    Ok(new_native(&MEMORYVIEW_TYPE, view))
}

/// The shape and unpacked items of a comparison operand, if it has a buffer.
fn comparable(v: &Value) -> PyResult<Option<(Vec<usize>, Vec<Value>)>> {
    if let Some(o) = native_ref::<MemoryView>(v) {
        if o.released.get() {
            return Err(released_error());
        }
        return Ok(Some((o.shape.clone(), o.items()?)));
    }
    match buffer_of(v) {
        Some(buf) => {
            let view = MemoryView::of_buffer(v, &buf);
            Ok(Some((view.shape.clone(), view.items()?)))
        }
        None => Ok(None),
    }
}

fn mv_eq(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__eq__", 2, 2)?;
    let m = view_of(&a[0])?;
    // A released view equals only itself.
    if m.released.get() || native_ref::<MemoryView>(&a[1]).is_some_and(|o| o.released.get()) {
        return Ok(bool_value(a[0].is(&a[1])));
    }
    let Some((shape, theirs)) = comparable(&a[1])? else {
        return Ok(not_implemented());
    };
    if shape != m.shape {
        return Ok(bool_value(false));
    }
    let ours = m.items()?;
    for (x, y) in ours.iter().zip(&theirs) {
        if !vm.eq(x, y)? {
            return Ok(bool_value(false));
        }
    }
    Ok(bool_value(true))
}

fn mv_ne(vm: &mut Vm, args: Args) -> PyResult {
    let r = mv_eq(vm, args)?;
    if r.is(&not_implemented()) {
        return Ok(r);
    }
    Ok(bool_value(!vm.truthy(&r)?))
}

fn mv_hash(vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    if let Some(h) = m.hash.get() {
        return Ok(int::from_i64(h));
    }
    m.check()?;
    if !m.readonly {
        return Err(value_error("cannot hash writable memoryview object"));
    }
    if !matches!(format_char(&m.format), "B" | "b" | "c") {
        return Err(value_error(
            "memoryview: hashing is restricted to formats 'B', 'b' or 'c'",
        ));
    }
    let b = bytes::new_bytes(m.to_vec()?);
    let h = vm.hash(&b)?;
    m.hash.set(Some(h));
    Ok(int::from_i64(h))
}

fn mv_iter(vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    m.check()?;
    match m.ndim() {
        0 => return Err(type_error("invalid indexing of 0-dim memory")),
        1 => {}
        _ => {
            return Err(not_implemented_error(
                "multi-dimensional sub-views are not implemented",
            ))
        }
    }
    let l = list::new_list(m.items()?);
    vm.iter(&l)
}

fn mv_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    let m = view_of(me)?;
    Ok(str::from_string(if m.released.get() {
        format!("<released memory at {:#x}>", me.word())
    } else {
        format!("<memory at {:#x}>", me.word())
    }))
}

fn mv_cast(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("cast", &["self", "format", "shape"], 2)?;
    let m = view_of(&args.values[0])?;
    m.check()?;
    let format = b[1].as_ref().expect("format");
    let format = str::as_str(format)
        .ok_or_else(|| type_error("memoryview: format argument must be a string"))?;
    if !m.is_c_contiguous() {
        return Err(type_error(
            "memoryview: casts are restricted to C-contiguous views",
        ));
    }
    let itemsize = native_item_size(format).ok_or_else(|| {
        value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        )
    })?;
    let is_byte = |f: &str| matches!(format_char(f), "B" | "b" | "c");
    if !is_byte(format) && !is_byte(&m.format) {
        return Err(type_error(
            "memoryview: cannot cast between two non-byte formats",
        ));
    }
    let shape_arg = b[2].as_ref().filter(|s| !s.is_none());
    if shape_arg.is_some() && m.ndim() != 1 {
        return Err(type_error("memoryview: cast must be 1D -> ND or ND -> 1D"));
    }
    let nbytes = m.nbytes();
    let shape = match shape_arg {
        None => {
            if !nbytes.is_multiple_of(itemsize) {
                return Err(type_error(
                    "memoryview: length is not a multiple of itemsize",
                ));
            }
            vec![nbytes / itemsize]
        }
        Some(s) => {
            if list::as_list(s).is_none() && tuple::as_tuple(s).is_none() {
                return Err(type_error("shape must be a list or a tuple"));
            }
            let dims = vm.collect(s)?;
            if dims.len() > MAX_NDIM {
                return Err(value_error(
                    "memoryview: number of dimensions must not exceed 64",
                ));
            }
            let mut shape = Vec::with_capacity(dims.len());
            for d in &dims {
                match int::as_i64(d) {
                    Some(n) if n > 0 => shape.push(n as usize),
                    _ if !int::is_int(d) => {
                        return Err(type_error(
                            "memoryview.cast(): elements of shape must be integers",
                        ))
                    }
                    _ => {
                        return Err(value_error(
                            "memoryview.cast(): elements of shape must be integers > 0",
                        ))
                    }
                }
            }
            let product = shape
                .iter()
                .try_fold(itemsize, |acc, &n| acc.checked_mul(n));
            if product != Some(nbytes) {
                return Err(type_error(
                    "memoryview: product(shape) * itemsize != buffer size",
                ));
            }
            shape
        }
    };
    let strides = c_strides(&shape, itemsize);
    let mut view = m.derive();
    view.format = format.to_string();
    view.itemsize = itemsize;
    view.shape = shape;
    view.strides = strides;
    Ok(new_native(&MEMORYVIEW_TYPE, view))
}

fn live(this: &Value) -> PyResult<&MemoryView> {
    let m = view_of(this)?;
    m.check()?;
    Ok(m)
}

fn sizes(v: impl IntoIterator<Item = i64>) -> Value {
    tuple::new_tuple(v.into_iter().map(int::from_i64).collect())
}

fn get_obj(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(live(this)?.obj.clone())
}
fn get_readonly(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(live(this)?.readonly))
}
fn get_format(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(&live(this)?.format))
}
fn get_itemsize(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(live(this)?.itemsize))
}
fn get_nbytes(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(live(this)?.nbytes()))
}
fn get_ndim(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(live(this)?.ndim()))
}
fn get_shape(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(sizes(live(this)?.shape.iter().map(|&n| n as i64)))
}
fn get_strides(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(sizes(live(this)?.strides.iter().map(|&n| n as i64)))
}
fn get_suboffsets(_vm: &mut Vm, this: &Value) -> PyResult {
    live(this)?;
    Ok(tuple::from_array([]))
}
fn get_c_contiguous(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(live(this)?.is_c_contiguous()))
}
fn get_f_contiguous(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bool_value(live(this)?.is_f_contiguous()))
}
fn get_contiguous(_vm: &mut Vm, this: &Value) -> PyResult {
    let m = live(this)?;
    Ok(bool_value(m.is_c_contiguous() || m.is_f_contiguous()))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![TypeSpec {
        ty: &MEMORYVIEW_TYPE,
        methods: methods![
            MethodDef::static_("__new__", mv_new),
            MethodDef::method("__getitem__", mv_getitem),
            MethodDef::method("__setitem__", mv_setitem),
            MethodDef::method("__len__", mv_len),
            MethodDef::method("__iter__", mv_iter),
            MethodDef::method("__eq__", mv_eq),
            MethodDef::method("__ne__", mv_ne),
            MethodDef::method("__hash__", mv_hash),
            MethodDef::method("__repr__", mv_repr),
            MethodDef::method("__enter__", mv_enter),
            MethodDef::method("__exit__", mv_exit),
            MethodDef::method("tobytes", mv_tobytes),
            MethodDef::method("tolist", mv_tolist),
            MethodDef::method("toreadonly", mv_toreadonly),
            MethodDef::method("hex", mv_hex),
            MethodDef::method("release", mv_release),
            MethodDef::method("cast", mv_cast),
        ],
        getsets: getsets![
            GetSetDef::readonly("obj", get_obj),
            GetSetDef::readonly("readonly", get_readonly),
            GetSetDef::readonly("format", get_format),
            GetSetDef::readonly("itemsize", get_itemsize),
            GetSetDef::readonly("nbytes", get_nbytes),
            GetSetDef::readonly("ndim", get_ndim),
            GetSetDef::readonly("shape", get_shape),
            GetSetDef::readonly("strides", get_strides),
            GetSetDef::readonly("suboffsets", get_suboffsets),
            GetSetDef::readonly("contiguous", get_contiguous),
            GetSetDef::readonly("c_contiguous", get_c_contiguous),
            GetSetDef::readonly("f_contiguous", get_f_contiguous),
        ],
        doc: Some("Create a new memoryview object which references the given object."),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strides_are_c_order() {
        assert_eq!(c_strides(&[2, 3, 4], 8), vec![96, 32, 8]);
        assert_eq!(c_strides(&[], 1), Vec::<isize>::new());
    }
}
