//! `memoryview` over bytes-like objects (bytes, bytearray, another memoryview): one-dimensional
//! views of unsigned bytes (format `'B'`), sliced without copying, writable over a bytearray.
//! Other formats, `cast` to them and multi-dimensional views are not supported yet and raise
//! `NotImplementedError`.

use std::cell::Cell;

use super::bytes::{ByteArray, Bytes};
use super::exception::{index_error, type_error, value_error};
use super::native::{native_ref, new_native, NativeData};
use super::typeobj::{Layout, TypeObject};
use super::types::{
    bool_value, none, not_implemented, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE,
};
use super::value::Value;
use super::*;
use crate::vm::{Args, PyResult, Vm};

pub static MEMORYVIEW_TYPE: TypeObject =
    TypeObject::new_static("memoryview", Layout::Native, Some(&OBJECT_TYPE), 0);

pub struct MemoryView {
    /// The exporting bytes or bytearray.
    obj: Value,
    start: usize,
    step: isize,
    len: usize,
    released: Cell<bool>,
}

impl NativeData for MemoryView {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.obj);
    }
}

fn released_error() -> crate::vm::PyErr {
    value_error("operation forbidden on released memoryview object")
}

impl MemoryView {
    fn readonly(&self) -> bool {
        self.obj.payload::<ByteArray>().is_none()
    }

    fn check(&self) -> PyResult<()> {
        if self.released.get() {
            Err(released_error())
        } else {
            Ok(())
        }
    }

    /// The viewed bytes, in order (a copy).
    fn to_vec(&self) -> Vec<u8> {
        let read = |data: &[u8]| -> Vec<u8> {
            (0..self.len)
                .filter_map(|i| data.get(self.offset(i)).copied())
                .collect()
        };
        if let Some(b) = self.obj.payload::<Bytes>() {
            read(&b.0)
        } else if let Some(b) = self.obj.payload::<ByteArray>() {
            read(&b.0.borrow())
        } else {
            Vec::new()
        }
    }

    fn offset(&self, i: usize) -> usize {
        (self.start as isize + i as isize * self.step) as usize
    }
}

fn view_of(v: &Value) -> PyResult<&MemoryView> {
    native_ref::<MemoryView>(v).ok_or_else(|| type_error("memoryview expected"))
}

/// The bytes a memoryview shows (a copy), for `bytes(mv)` and friends.
pub fn memoryview_bytes(v: &Value) -> Option<Vec<u8>> {
    let m = native_ref::<MemoryView>(v)?;
    (!m.released.get()).then(|| m.to_vec())
}

/// `memoryview(obj)`.
pub fn new_memoryview(obj: &Value) -> PyResult {
    if let Some(m) = native_ref::<MemoryView>(obj) {
        m.check()?;
        return Ok(new_native(
            &MEMORYVIEW_TYPE,
            MemoryView {
                obj: m.obj.clone(),
                start: m.start,
                step: m.step,
                len: m.len,
                released: Cell::new(false),
            },
        ));
    }
    let len = if let Some(b) = obj.payload::<Bytes>() {
        b.0.len()
    } else if let Some(b) = obj.payload::<ByteArray>() {
        b.0.borrow().len()
    } else if super::bytes::exported_bytes(obj).is_some() {
        return Err(exception::not_implemented_error(format!(
            "memoryview of '{}' objects is not supported by Heron yet",
            obj.ty().name()
        )));
    } else {
        return Err(type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            obj.ty().name()
        )));
    };
    Ok(new_native(
        &MEMORYVIEW_TYPE,
        MemoryView {
            obj: obj.clone(),
            start: 0,
            step: 1,
            len,
            released: Cell::new(false),
        },
    ))
}

fn mv_new(_vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("memoryview", &["cls", "object"], 2)?;
    new_memoryview(b[1].as_ref().expect("required"))
}

fn index_of(vm: &mut Vm, m: &MemoryView, key: &Value) -> PyResult<usize> {
    let i = vm.index_i64(key)?;
    let n = m.len as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("index out of bounds on dimension 1"));
    }
    Ok(j as usize)
}

fn mv_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__getitem__", 2, 2)?;
    let m = view_of(&a[0])?;
    m.check()?;
    if let Some(s) = slice::as_slice(&a[1]) {
        let (start, _stop, step, count) = slice::indices(vm, s, m.len)?;
        return Ok(new_native(
            &MEMORYVIEW_TYPE,
            MemoryView {
                obj: m.obj.clone(),
                start: if count == 0 {
                    m.start
                } else {
                    m.offset(start as usize)
                },
                step: m.step * step as isize,
                len: count,
                released: Cell::new(false),
            },
        ));
    }
    if a[1].is(&types::ELLIPSIS.value()) {
        return Ok(a[0].clone());
    }
    let i = index_of(vm, m, &a[1])?;
    Ok(int::from_i64(m.to_vec()[i] as i64))
}

fn mv_setitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setitem__", 3, 3)?;
    let m = view_of(&a[0])?;
    m.check()?;
    if m.readonly() {
        return Err(type_error("cannot modify read-only memory"));
    }
    let target = m
        .obj
        .payload::<ByteArray>()
        .ok_or_else(|| type_error("cannot modify read-only memory"))?;
    if let Some(s) = slice::as_slice(&a[1]) {
        let (start, _stop, step, count) = slice::indices(vm, s, m.len)?;
        let src = bytes::bytes_like(&a[2])
            .or_else(|| memoryview_bytes(&a[2]))
            .ok_or_else(|| {
                type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    a[2].ty().name()
                ))
            })?;
        if src.len() != count {
            return Err(value_error(
                "memoryview assignment: lvalue and rvalue have different structures",
            ));
        }
        let mut data = target.0.borrow_mut();
        for (k, byte) in src.into_iter().enumerate() {
            let off = m.offset((start + k as i64 * step) as usize);
            if let Some(slot) = data.get_mut(off) {
                *slot = byte;
            }
        }
        return Ok(none());
    }
    let i = index_of(vm, m, &a[1])?;
    let v = match int::as_i64(&a[2]) {
        Some(v) if (0..=255).contains(&v) => v as u8,
        _ => return Err(value_error("memoryview: invalid value for format 'B'")),
    };
    if let Some(slot) = target.0.borrow_mut().get_mut(m.offset(i)) {
        *slot = v;
    }
    Ok(none())
}

fn mv_len(_vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    m.check()?;
    Ok(int::from_usize(m.len))
}

fn mv_tobytes(_vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    m.check()?;
    Ok(bytes::new_bytes(m.to_vec()))
}

fn mv_tolist(_vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    m.check()?;
    Ok(list::new_list(
        m.to_vec()
            .into_iter()
            .map(|b| int::from_i64(b as i64))
            .collect(),
    ))
}

fn mv_hex(vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    m.check()?;
    let b = bytes::new_bytes(m.to_vec());
    vm.call_method(&b, "hex", &args.values[1..])
}

fn mv_release(_vm: &mut Vm, args: Args) -> PyResult {
    view_of(&args.values[0])?.released.set(true);
    Ok(none())
}

fn mv_enter(_vm: &mut Vm, args: Args) -> PyResult {
    view_of(&args.values[0])?.check()?;
    Ok(args.values[0].clone())
}

fn mv_exit(vm: &mut Vm, args: Args) -> PyResult {
    mv_release(vm, Args::new(&args.values[..1]))
}

fn mv_eq(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__eq__", 2, 2)?;
    let m = view_of(&a[0])?;
    if a[0].is(&a[1]) {
        return Ok(bool_value(true));
    }
    if m.released.get() {
        return Ok(bool_value(false));
    }
    let other = match bytes::bytes_like(&a[1]) {
        Some(b) => b,
        None => match native_ref::<MemoryView>(&a[1]) {
            Some(o) if o.released.get() => return Ok(bool_value(false)),
            Some(o) => o.to_vec(),
            None => return Ok(not_implemented()),
        },
    };
    let _ = vm;
    Ok(bool_value(m.to_vec() == other))
}

fn mv_hash(vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    m.check()?;
    if !m.readonly() {
        return Err(value_error("cannot hash writable memoryview object"));
    }
    let b = bytes::new_bytes(m.to_vec());
    Ok(int::from_i64(vm.hash(&b)?))
}

fn mv_iter(vm: &mut Vm, args: Args) -> PyResult {
    let m = view_of(&args.values[0])?;
    m.check()?;
    let l = list::new_list(
        m.to_vec()
            .into_iter()
            .map(|b| int::from_i64(b as i64))
            .collect(),
    );
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

fn mv_cast(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("cast", 2, 3)?;
    let m = view_of(&a[0])?;
    m.check()?;
    match str::as_str(&a[1]) {
        Some("B") if a.len() == 2 => new_memoryview(&a[0]),
        Some(_) => Err(exception::not_implemented_error(
            "memoryview.cast() to formats other than 'B' is not supported by Heron yet",
        )),
        None => Err(type_error("memoryview: format argument must be a string")),
    }
}

fn get_obj(_vm: &mut Vm, this: &Value) -> PyResult {
    let m = view_of(this)?;
    m.check()?;
    Ok(m.obj.clone())
}
fn get_readonly(_vm: &mut Vm, this: &Value) -> PyResult {
    let m = view_of(this)?;
    m.check()?;
    Ok(bool_value(m.readonly()))
}
fn get_format(_vm: &mut Vm, this: &Value) -> PyResult {
    view_of(this)?.check()?;
    Ok(str::new_str("B"))
}
fn get_itemsize(_vm: &mut Vm, this: &Value) -> PyResult {
    view_of(this)?.check()?;
    Ok(int::from_i64(1))
}
fn get_nbytes(_vm: &mut Vm, this: &Value) -> PyResult {
    let m = view_of(this)?;
    m.check()?;
    Ok(int::from_usize(m.len))
}
fn get_ndim(_vm: &mut Vm, this: &Value) -> PyResult {
    view_of(this)?.check()?;
    Ok(int::from_i64(1))
}
fn get_shape(_vm: &mut Vm, this: &Value) -> PyResult {
    let m = view_of(this)?;
    m.check()?;
    Ok(tuple::new_tuple(vec![int::from_usize(m.len)]))
}
fn get_strides(_vm: &mut Vm, this: &Value) -> PyResult {
    let m = view_of(this)?;
    m.check()?;
    Ok(tuple::new_tuple(vec![int::from_i64(m.step as i64)]))
}
fn get_contiguous(_vm: &mut Vm, this: &Value) -> PyResult {
    let m = view_of(this)?;
    m.check()?;
    Ok(bool_value(m.step == 1 || m.len <= 1))
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
            MethodDef::method("__hash__", mv_hash),
            MethodDef::method("__repr__", mv_repr),
            MethodDef::method("__enter__", mv_enter),
            MethodDef::method("__exit__", mv_exit),
            MethodDef::method("tobytes", mv_tobytes),
            MethodDef::method("tolist", mv_tolist),
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
            GetSetDef::readonly("contiguous", get_contiguous),
            GetSetDef::readonly("c_contiguous", get_contiguous),
            GetSetDef::readonly("f_contiguous", get_contiguous),
        ],
        doc: None,
    }]
}
