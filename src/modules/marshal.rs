//! `marshal`: CPython's serialization format for the values code objects hold (None, bools,
//! ints, floats, complex numbers, str, bytes, tuples, lists, dicts, sets, frozensets, Ellipsis,
//! StopIteration) and for code objects, which importlib's bytecode cache stores.
//!
//! Values use CPython's type codes and layouts (version 0 to 4), so data written by CPython reads
//! here, back-references included. Code objects are Heron's own record under CPython's code type
//! code (`bytecode::serial`): their bytecode is Heron's, so CPython cannot read them nor Heron
//! CPython's. From version 3, `dumps` gives every object but the singletons a back-reference
//! (CPython skips objects referenced only once, which Heron cannot tell), so shared and
//! self-containing values round-trip.

use std::collections::HashMap;

use crate::bytecode::serial;
use crate::object::code::Code;
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{type_error, value_error, EOF_ERROR};
use crate::object::types::{
    bool_value, none, BOOL_TYPE, BYTES_TYPE, COMPLEX_TYPE, DICT_TYPE, ELLIPSIS, FLOAT_TYPE,
    FROZENSET_TYPE, INT_TYPE, LIST_TYPE, SET_TYPE, STR_TYPE, TUPLE_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// `marshal.version`, the format `dumps` writes by default.
const VERSION: i64 = 4;
/// CPython's `MAX_MARSHAL_STACK_DEPTH`.
const MAX_DEPTH: usize = 2000;
const FLAG_REF: u8 = 0x80;

fn unmarshallable() -> PyErr {
    value_error("unmarshallable object")
}

fn bad(what: &str) -> PyErr {
    value_error(format!("bad marshal data ({what})"))
}

struct Writer {
    out: Vec<u8>,
    version: i64,
    depth: usize,
    /// From version 3, each object written gets a back-reference index (by identity) and a
    /// second sight of it is written as a reference; `kept` holds the objects so that their
    /// addresses stay unique.
    refs: HashMap<usize, i32>,
    kept: Vec<Value>,
}

impl Writer {
    fn i32(&mut self, n: i32) {
        self.out.extend_from_slice(&n.to_le_bytes());
    }

    fn len(&mut self, n: usize) -> PyResult<()> {
        let n = i32::try_from(n).map_err(|_| unmarshallable())?;
        self.i32(n);
        Ok(())
    }

    fn sized(&mut self, code: u8, b: &[u8]) -> PyResult<()> {
        self.out.push(code);
        self.len(b.len())?;
        self.out.extend_from_slice(b);
        Ok(())
    }

    fn float_text(&mut self, x: f64) {
        // CPython writes `%.17g`.
        let magnitude = if x.is_nan() {
            "nan".to_string()
        } else if x.is_infinite() {
            "inf".to_string()
        } else {
            crate::builtins::methods::format_spec::format_abs(x.abs(), 'g', 17, false, false)
        };
        let sign = if x.is_sign_negative() && !x.is_nan() {
            "-"
        } else {
            ""
        };
        let text = format!("{sign}{magnitude}");
        self.out.push(text.len() as u8);
        self.out.extend_from_slice(text.as_bytes());
    }

    fn value(&mut self, vm: &mut Vm, v: &Value) -> PyResult<()> {
        if self.depth >= MAX_DEPTH {
            return Err(value_error("object too deeply nested to marshal"));
        }
        self.depth += 1;
        let r = self.value_inner(vm, v);
        self.depth -= 1;
        r
    }

    fn value_inner(&mut self, vm: &mut Vm, v: &Value) -> PyResult<()> {
        let ty = v.ty();
        let singleton = v.is_none()
            || v.is(&ELLIPSIS.value())
            || std::ptr::eq(ty, &BOOL_TYPE)
            || v.is(&crate::object::exception::STOP_ITERATION.to_value());
        let at = self.out.len();
        if self.version >= 3 && !singleton {
            let addr = v.word();
            if let Some(&i) = self.refs.get(&addr) {
                self.out.push(b'r');
                self.i32(i);
                return Ok(());
            }
            self.refs.insert(addr, self.refs.len() as i32);
            self.kept.push(v.clone());
        }
        self.write_object(vm, v)?;
        if self.version >= 3 && !singleton {
            self.out[at] |= FLAG_REF;
        }
        Ok(())
    }

    fn write_object(&mut self, vm: &mut Vm, v: &Value) -> PyResult<()> {
        let ty = v.ty();
        if v.is_none() {
            self.out.push(b'N');
        } else if v.is(&ELLIPSIS.value()) {
            self.out.push(b'.');
        } else if v.is(&crate::object::exception::STOP_ITERATION.to_value()) {
            self.out.push(b'S');
        } else if std::ptr::eq(ty, &BOOL_TYPE) {
            self.out.push(if v.is_true() { b'T' } else { b'F' });
        } else if std::ptr::eq(ty, &INT_TYPE) {
            match int::as_i64(v).and_then(|i| i32::try_from(i).ok()) {
                Some(i) => {
                    self.out.push(b'i');
                    self.i32(i);
                }
                None => self.long(&int::as_bigint(v).expect("int"))?,
            }
        } else if std::ptr::eq(ty, &FLOAT_TYPE) {
            let x = float::as_f64(v).expect("float");
            if self.version > 1 {
                self.out.push(b'g');
                self.out.extend_from_slice(&x.to_le_bytes());
            } else {
                self.out.push(b'f');
                self.float_text(x);
            }
        } else if std::ptr::eq(ty, &COMPLEX_TYPE) {
            let (re, im) = complex::as_complex(v).expect("complex");
            if self.version > 1 {
                self.out.push(b'y');
                self.out.extend_from_slice(&re.to_le_bytes());
                self.out.extend_from_slice(&im.to_le_bytes());
            } else {
                self.out.push(b'x');
                self.float_text(re);
                self.float_text(im);
            }
        } else if std::ptr::eq(ty, &STR_TYPE) {
            let s = str::payload(v).expect("str");
            let b = s.exact_bytes();
            if self.version >= 4 && s.is_ascii() {
                if b.len() < 256 {
                    self.out.push(b'z');
                    self.out.push(b.len() as u8);
                    self.out.extend_from_slice(b);
                } else {
                    self.sized(b'a', b)?;
                }
            } else {
                self.sized(b'u', b)?;
            }
        } else if std::ptr::eq(ty, &BYTES_TYPE) {
            self.sized(b's', bytes::as_bytes(v).expect("bytes"))?;
        } else if std::ptr::eq(ty, &TUPLE_TYPE) {
            let items = tuple::items(v);
            if self.version >= 4 && items.len() < 256 {
                self.out.push(b')');
                self.out.push(items.len() as u8);
            } else {
                self.out.push(b'(');
                self.len(items.len())?;
            }
            for i in items {
                self.value(vm, i)?;
            }
        } else if std::ptr::eq(ty, &LIST_TYPE) {
            let items = list::items(v);
            self.out.push(b'[');
            self.len(items.len())?;
            for i in &items {
                self.value(vm, i)?;
            }
        } else if std::ptr::eq(ty, &DICT_TYPE) {
            self.out.push(b'{');
            for (k, val) in dict::items(v) {
                self.value(vm, &k)?;
                self.value(vm, &val)?;
            }
            self.out.push(b'0');
        } else if std::ptr::eq(ty, &SET_TYPE) || std::ptr::eq(ty, &FROZENSET_TYPE) {
            let items = set::items(v);
            self.out.push(if std::ptr::eq(ty, &SET_TYPE) {
                b'<'
            } else {
                b'>'
            });
            self.len(items.len())?;
            for i in &items {
                self.value(vm, i)?;
            }
        } else if let Some(c) = v.payload_exact::<Code>() {
            self.out.extend_from_slice(&serial::to_marshal(&c.compiled));
        } else if let Some(b) = bytes::bytes_like(v) {
            // Other objects with the buffer protocol (bytearray, memoryview, array) as bytes.
            self.sized(b's', &b)?;
        } else {
            return Err(unmarshallable());
        }
        Ok(())
    }

    /// `TYPE_LONG`: a signed count of base-2**15 digits, least significant first.
    fn long(&mut self, n: &num_bigint::BigInt) -> PyResult<()> {
        let (sign, digits) = n.to_u32_digits();
        let mut out = Vec::new();
        let mut acc: u64 = 0;
        let mut bits = 0;
        for d in digits {
            acc |= (d as u64) << bits;
            bits += 32;
            while bits >= 15 {
                out.push((acc & 0x7fff) as u16);
                acc >>= 15;
                bits -= 15;
            }
        }
        if bits > 0 {
            out.push(acc as u16);
        }
        while out.last() == Some(&0) {
            out.pop();
        }
        let count = i32::try_from(out.len()).map_err(|_| unmarshallable())?;
        self.out.push(b'l');
        self.i32(if sign == num_bigint::Sign::Minus {
            -count
        } else {
            count
        });
        for d in out {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
        Ok(())
    }
}

fn dumps_value(vm: &mut Vm, v: &Value, version: i64) -> PyResult<Vec<u8>> {
    let mut w = Writer {
        out: Vec::new(),
        version,
        depth: 0,
        refs: HashMap::new(),
        kept: Vec::new(),
    };
    w.value(vm, v)?;
    Ok(w.out)
}

/// Where `loads` and `load` read from: a bytes-like object, or a file read as needed so
/// that `load` leaves the file just after the object.
enum Input {
    Bytes { data: Vec<u8>, pos: usize },
    File(Value),
}

struct Reader {
    input: Input,
    refs: Vec<Option<Value>>,
    depth: usize,
}

fn eof_not_expected() -> PyErr {
    PyErr::new(&EOF_ERROR, "EOF read where not expected")
}

impl Reader {
    fn take(&mut self, vm: &mut Vm, n: usize) -> PyResult<Vec<u8>> {
        match &mut self.input {
            Input::Bytes { data, pos } => {
                let b = data
                    .get(*pos..*pos + n)
                    .ok_or_else(|| PyErr::new(&EOF_ERROR, "marshal data too short"))?;
                *pos += n;
                Ok(b.to_vec())
            }
            Input::File(f) => {
                let f = f.clone();
                let got = vm.call_method(&f, "read", &[int::from_usize(n)])?;
                let b = bytes::bytes_like(&got).ok_or_else(|| {
                    type_error(format!(
                        "file.read() returned not bytes but {}",
                        got.ty().name()
                    ))
                })?;
                if b.len() != n {
                    return Err(eof_not_expected());
                }
                Ok(b)
            }
        }
    }

    fn byte(&mut self, vm: &mut Vm) -> PyResult<u8> {
        Ok(self.take(vm, 1)?[0])
    }

    fn i32(&mut self, vm: &mut Vm) -> PyResult<i32> {
        let b = self.take(vm, 4)?;
        Ok(i32::from_le_bytes(b.try_into().expect("4 bytes")))
    }

    fn f64(&mut self, vm: &mut Vm) -> PyResult<f64> {
        let b = self.take(vm, 8)?;
        Ok(f64::from_le_bytes(b.try_into().expect("8 bytes")))
    }

    fn size(&mut self, vm: &mut Vm, what: &str) -> PyResult<usize> {
        usize::try_from(self.i32(vm)?).map_err(|_| bad(&format!("{what} size out of range")))
    }

    fn float_text(&mut self, vm: &mut Vm) -> PyResult<f64> {
        let n = self.byte(vm)? as usize;
        let b = self.take(vm, n)?;
        std::str::from_utf8(&b)
            .ok()
            .and_then(|s| crate::builtins::methods::float::parse_float(s.trim()))
            .ok_or_else(|| value_error("could not convert string to float"))
    }

    fn string(b: Vec<u8>) -> PyResult<Value> {
        if std::str::from_utf8(&b).is_ok() || valid_generalized_utf8(&b) {
            Ok(str::from_exact(b))
        } else {
            Err(bad("invalid UTF-8 in str"))
        }
    }

    /// Reads one object; `Ok(None)` is `TYPE_NULL`, which only ends a dict.
    fn object(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let code = match self.take(vm, 1) {
            Ok(b) => b[0],
            Err(e) if e.is_instance(&EOF_ERROR) => {
                return Err(PyErr::new(&EOF_ERROR, "EOF read where object expected"))
            }
            Err(e) => return Err(e),
        };
        if self.depth >= MAX_DEPTH {
            return Err(value_error("recursion limit exceeded"));
        }
        self.depth += 1;
        let r = self.object_of(vm, code & !FLAG_REF, code & FLAG_REF != 0);
        self.depth -= 1;
        r
    }

    fn required(&mut self, vm: &mut Vm) -> PyResult<Value> {
        self.object(vm)?
            .ok_or_else(|| type_error("NULL object in marshal data for object"))
    }

    /// Reserves a back-reference slot for an object whose contents come first (tuples).
    fn reserve(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        })
    }

    fn set_ref(&mut self, slot: Option<usize>, v: &Value) {
        if let Some(i) = slot {
            self.refs[i] = Some(v.clone());
        }
    }

    fn object_of(&mut self, vm: &mut Vm, code: u8, flag: bool) -> PyResult<Option<Value>> {
        let slot = match code {
            b'r' | b'0' | b'N' | b'F' | b'T' | b'S' | b'.' => None,
            _ => self.reserve(flag),
        };
        let v = match code {
            b'0' => return Ok(None),
            b'N' => none(),
            b'F' => bool_value(false),
            b'T' => bool_value(true),
            b'S' => crate::object::exception::STOP_ITERATION.to_value(),
            b'.' => ELLIPSIS.value(),
            b'i' => int::from_i64(self.i32(vm)? as i64),
            b'l' => self.long(vm)?,
            b'f' => float::new_float(self.float_text(vm)?),
            b'g' => float::new_float(self.f64(vm)?),
            b'x' => {
                let re = self.float_text(vm)?;
                complex::new_complex(re, self.float_text(vm)?)
            }
            b'y' => {
                let re = self.f64(vm)?;
                complex::new_complex(re, self.f64(vm)?)
            }
            b's' => {
                let n = self.size(vm, "bytes object")?;
                bytes::new_bytes(self.take(vm, n)?)
            }
            b'u' | b't' => {
                let n = self.size(vm, "string")?;
                let b = self.take(vm, n)?;
                let s = Self::string(b)?;
                if code == b't' {
                    intern_value(s)
                } else {
                    s
                }
            }
            b'a' | b'A' | b'z' | b'Z' => {
                let n = if code == b'a' || code == b'A' {
                    self.size(vm, "string")?
                } else {
                    self.byte(vm)? as usize
                };
                let b = self.take(vm, n)?;
                if !b.is_ascii() {
                    return Err(bad("non-ASCII byte in an ASCII string"));
                }
                let s = std::str::from_utf8(&b).expect("ascii");
                if code == b'A' || code == b'Z' {
                    str::intern(s)
                } else {
                    str::new_str(s)
                }
            }
            b'(' | b')' => {
                let n = if code == b'(' {
                    self.size(vm, "tuple")?
                } else {
                    self.byte(vm)? as usize
                };
                let mut items = Vec::with_capacity(n.min(4096));
                for _ in 0..n {
                    items.push(self.required(vm)?);
                }
                tuple::new_tuple(items)
            }
            b'[' => {
                let n = self.size(vm, "list")?;
                let l = list::new_list(Vec::with_capacity(n.min(4096)));
                self.set_ref(slot, &l);
                for _ in 0..n {
                    let item = self.required(vm)?;
                    list::append(&l, item)?;
                }
                l
            }
            b'{' => {
                let d = dict::new_dict();
                self.set_ref(slot, &d);
                while let Some(k) = self.object(vm)? {
                    let Some(val) = self.object(vm)? else { break };
                    dict::set_item(vm, &d, k, val)?;
                }
                d
            }
            b'<' | b'>' => {
                let n = self.size(vm, "set")?;
                let s = if code == b'<' {
                    set::new_set()
                } else {
                    set::new_frozenset()
                };
                if code == b'<' {
                    self.set_ref(slot, &s);
                }
                for _ in 0..n {
                    let item = self.required(vm)?;
                    set::add(vm, &s, item)?;
                }
                s
            }
            b'c' => {
                let len = self.take(vm, 4)?;
                let n = u32::from_le_bytes(len.clone().try_into().expect("4 bytes")) as usize;
                let mut record = vec![b'c'];
                record.extend_from_slice(&len);
                record.extend_from_slice(&self.take(vm, n)?);
                let (compiled, _) = serial::from_marshal(&record, None).map_err(value_error)?;
                code::new_code(std::rc::Rc::new(compiled))
            }
            b'r' => {
                let i = self.i32(vm)?;
                return match usize::try_from(i).ok().and_then(|i| self.refs.get(i)) {
                    Some(Some(v)) => Ok(Some(v.clone())),
                    Some(None) => Err(bad("invalid reference")),
                    None => Err(bad("invalid reference")),
                };
            }
            _ => return Err(bad("unknown type code")),
        };
        self.set_ref(slot, &v);
        Ok(Some(v))
    }

    fn long(&mut self, vm: &mut Vm) -> PyResult<Value> {
        let n = self.i32(vm)?;
        let count = n.unsigned_abs() as usize;
        let mut digits = Vec::with_capacity(count.min(1 << 16));
        for _ in 0..count {
            let b = self.take(vm, 2)?;
            let d = u16::from_le_bytes([b[0], b[1]]);
            if d >= 1 << 15 {
                return Err(bad("digit out of range in long"));
            }
            digits.push(d);
        }
        if digits.last() == Some(&0) {
            return Err(bad("unnormalized long data"));
        }
        let mut v = num_bigint::BigInt::from(0);
        for &d in digits.iter().rev() {
            v = (v << 15) + d;
        }
        Ok(int::from_bigint(if n < 0 { -v } else { v }))
    }
}

/// Whether `b` is UTF-8 once lone surrogates (as `surrogatepass` writes them) are allowed.
fn valid_generalized_utf8(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        if b[i] == 0xed && b.get(i + 1).is_some_and(|c| (0xa0..=0xbf).contains(c)) {
            if !b.get(i + 2).is_some_and(|c| (0x80..=0xbf).contains(c)) {
                return false;
            }
            i += 3;
            continue;
        }
        let len = match b[i] {
            0x00..=0x7f => 1,
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return false,
        };
        match b.get(i..i + len) {
            Some(seq) if std::str::from_utf8(seq).is_ok() => i += len,
            _ => return false,
        }
    }
    true
}

fn intern_value(s: Value) -> Value {
    match str::payload(&s) {
        Some(p) if !p.has_surrogates() => str::intern(p.as_str()),
        _ => s,
    }
}

fn version_arg(v: &Option<Value>) -> PyResult<i64> {
    match v {
        None => Ok(VERSION),
        Some(v) => int::as_i64(v).ok_or_else(|| {
            type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.ty().name()
            ))
        }),
    }
}

fn dumps(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("dumps", &["value", "version"], 1)?;
    let version = version_arg(&b[1])?;
    Ok(bytes::new_bytes(dumps_value(
        vm,
        b[0].as_ref().expect("value"),
        version,
    )?))
}

fn dump(vm: &mut Vm, args: Args) -> PyResult {
    let b = args.bind("dump", &["value", "file", "version"], 2)?;
    let version = version_arg(&b[2])?;
    let data = dumps_value(vm, b[0].as_ref().expect("value"), version)?;
    vm.call_method(
        b[1].as_ref().expect("file"),
        "write",
        &[bytes::new_bytes(data)],
    )?;
    Ok(none())
}

fn read_one(vm: &mut Vm, input: Input) -> PyResult {
    let mut r = Reader {
        input,
        refs: Vec::new(),
        depth: 0,
    };
    r.object(vm)?
        .ok_or_else(|| type_error("NULL object in marshal data for object"))
}

fn loads(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("loads", 1, 1)?;
    let data = bytes::bytes_like_arg(&a[0])?;
    read_one(vm, Input::Bytes { data, pos: 0 })
}

fn load(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("load", 1, 1)?;
    read_one(vm, Input::File(a[0].clone()))
}

/// Creates the `marshal` module.
pub fn new_module(_vm: &mut Vm) -> PyResult<Value> {
    let m = module::new_module("marshal");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("dumps", dumps),
        ("dump", dump),
        ("loads", loads),
        ("load", load),
    ];
    crate::modules::add_functions(&m, fns);
    module::set_attr(&m, "version", int::from_i64(VERSION));
    Ok(m)
}
