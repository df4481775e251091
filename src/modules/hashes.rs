//! The hash modules CPython builds without OpenSSL, under `hashlib` and `hmac`: `_md5`,
//! `_sha1`, `_sha256`, `_sha512` and `_sha3` (with the SHAKE functions), over the RustCrypto
//! crates. `_blake2` is its own module (`blake2.rs`).

use std::cell::RefCell;

use sha2::Digest;
use shake::digest::{ExtendableOutput, Update};

use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static HASH_TYPE: TypeObject =
    TypeObject::new_static("HASH", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static HASHXOF_TYPE: TypeObject =
    TypeObject::new_static("HASHXOF", Layout::Native, Some(&OBJECT_TYPE), 0);

/// A running hash of any fixed-size algorithm.
trait State {
    fn update(&mut self, data: &[u8]);
    fn digest(&self) -> Vec<u8>;
    fn boxed_clone(&self) -> Box<dyn State>;
}

impl<D: Digest + Clone + 'static> State for D {
    fn update(&mut self, data: &[u8]) {
        Digest::update(self, data);
    }
    fn digest(&self) -> Vec<u8> {
        self.clone().finalize().to_vec()
    }
    fn boxed_clone(&self) -> Box<dyn State> {
        Box::new(self.clone())
    }
}

struct Hash {
    name: &'static str,
    digest_size: usize,
    block_size: usize,
    state: RefCell<Box<dyn State>>,
}
impl NativeData for Hash {}

#[derive(Clone)]
enum Shake {
    S128(shake::Shake128),
    S256(shake::Shake256),
}

struct Xof {
    name: &'static str,
    block_size: usize,
    state: RefCell<Shake>,
}
impl NativeData for Xof {}

/// The bytes a hash takes in (a str must be encoded first), shared by `_blake2`.
pub(crate) fn data_arg(v: &Value) -> PyResult<Vec<u8>> {
    if str::as_str(v).is_some() {
        return Err(type_error("Strings must be encoded before hashing"));
    }
    bytes::bytes_like(v).ok_or_else(|| {
        type_error(format!(
            "object supporting the buffer API required, not '{}'",
            v.ty().name()
        ))
    })
}

/// The algorithm's initial state, digest size and block size.
fn algorithm(name: &str) -> Option<(Box<dyn State>, usize, usize)> {
    Some(match name {
        "md5" => (Box::new(md5::Md5::new()), 16, 64),
        "sha1" => (Box::new(sha1::Sha1::new()), 20, 64),
        "sha224" => (Box::new(sha2::Sha224::new()), 28, 64),
        "sha256" => (Box::new(sha2::Sha256::new()), 32, 64),
        "sha384" => (Box::new(sha2::Sha384::new()), 48, 128),
        "sha512" => (Box::new(sha2::Sha512::new()), 64, 128),
        "sha3_224" => (Box::new(sha3::Sha3_224::new()), 28, 144),
        "sha3_256" => (Box::new(sha3::Sha3_256::new()), 32, 136),
        "sha3_384" => (Box::new(sha3::Sha3_384::new()), 48, 104),
        "sha3_512" => (Box::new(sha3::Sha3_512::new()), 64, 72),
        _ => return None,
    })
}

/// The initial data: positional, or the `string`/`data` keyword.
fn initial_data(args: &Args) -> PyResult<Option<Vec<u8>>> {
    let pos = args.positional();
    if pos.len() > 1 {
        return Err(type_error(
            "hash constructor takes at most 1 positional argument",
        ));
    }
    let v = pos
        .first()
        .or_else(|| args.keyword("string"))
        .or_else(|| args.keyword("data"));
    v.map(data_arg).transpose()
}

fn new_hash(name: &'static str, args: &Args) -> PyResult {
    let (mut state, digest_size, block_size) =
        algorithm(name).ok_or_else(|| value_error(format!("unsupported hash type {name}")))?;
    if let Some(d) = initial_data(args)? {
        state.update(&d);
    }
    Ok(new_native(
        &HASH_TYPE,
        Hash {
            name,
            digest_size,
            block_size,
            state: RefCell::new(state),
        },
    ))
}

fn new_shake(name: &'static str, args: &Args) -> PyResult {
    let mut state = if name == "shake_128" {
        Shake::S128(shake::Shake128::default())
    } else {
        Shake::S256(shake::Shake256::default())
    };
    if let Some(d) = initial_data(args)? {
        match &mut state {
            Shake::S128(s) => s.update(&d),
            Shake::S256(s) => s.update(&d),
        }
    }
    Ok(new_native(
        &HASHXOF_TYPE,
        Xof {
            name,
            block_size: if name == "shake_128" { 168 } else { 136 },
            state: RefCell::new(state),
        },
    ))
}

fn hash_of(v: &Value) -> PyResult<&Hash> {
    native_ref::<Hash>(v).ok_or_else(|| type_error("hash object expected"))
}

fn xof_of(v: &Value) -> PyResult<&Xof> {
    native_ref::<Xof>(v).ok_or_else(|| type_error("shake object expected"))
}

fn h_update(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("update", 2, 2)?;
    let d = data_arg(&a[1])?;
    hash_of(&a[0])?.state.borrow_mut().update(&d);
    Ok(none())
}

fn h_digest(_vm: &mut Vm, args: Args) -> PyResult {
    let h = hash_of(&args.values[0])?;
    Ok(bytes::new_bytes(h.state.borrow().digest()))
}

fn hex(d: &[u8]) -> Value {
    str::from_string(d.iter().map(|b| format!("{b:02x}")).collect())
}

fn h_hexdigest(_vm: &mut Vm, args: Args) -> PyResult {
    let h = hash_of(&args.values[0])?;
    Ok(hex(&h.state.borrow().digest()))
}

fn h_copy(_vm: &mut Vm, args: Args) -> PyResult {
    let h = hash_of(&args.values[0])?;
    let state = h.state.borrow().boxed_clone();
    Ok(new_native(
        &HASH_TYPE,
        Hash {
            name: h.name,
            digest_size: h.digest_size,
            block_size: h.block_size,
            state: RefCell::new(state),
        },
    ))
}

fn h_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    Ok(str::from_string(format!(
        "<{} _hashlib.HASH object @ {:#x}>",
        hash_of(me)?.name,
        me.word()
    )))
}

fn h_name(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(hash_of(this)?.name))
}
fn h_digest_size(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(hash_of(this)?.digest_size))
}
fn h_block_size(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(hash_of(this)?.block_size))
}

fn x_update(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("update", 2, 2)?;
    let d = data_arg(&a[1])?;
    match &mut *xof_of(&a[0])?.state.borrow_mut() {
        Shake::S128(s) => s.update(&d),
        Shake::S256(s) => s.update(&d),
    }
    Ok(none())
}

fn x_output(vm: &mut Vm, args: &Args) -> PyResult<Vec<u8>> {
    let b = args.bind("digest", &["self", "length"], 2)?;
    let n = vm.index_i64(b[1].as_ref().expect("length"))?;
    if n < 0 {
        return Err(value_error("value must be positive"));
    }
    // CPython's _sha3 limit.
    if n >= 1 << 29 {
        return Err(value_error("length is too large"));
    }
    let x = xof_of(b[0].as_ref().expect("self"))?;
    let mut out = vec![0u8; n as usize];
    match x.state.borrow().clone() {
        Shake::S128(s) => s.finalize_xof_into(&mut out),
        Shake::S256(s) => s.finalize_xof_into(&mut out),
    }
    Ok(out)
}

fn x_digest(vm: &mut Vm, args: Args) -> PyResult {
    Ok(bytes::new_bytes(x_output(vm, &args)?))
}

fn x_hexdigest(vm: &mut Vm, args: Args) -> PyResult {
    Ok(hex(&x_output(vm, &args)?))
}

fn x_copy(_vm: &mut Vm, args: Args) -> PyResult {
    let x = xof_of(&args.values[0])?;
    let state = x.state.borrow().clone();
    Ok(new_native(
        &HASHXOF_TYPE,
        Xof {
            name: x.name,
            block_size: x.block_size,
            state: RefCell::new(state),
        },
    ))
}

fn x_repr(_vm: &mut Vm, args: Args) -> PyResult {
    let me = &args.values[0];
    Ok(str::from_string(format!(
        "<{} _hashlib.HASHXOF object @ {:#x}>",
        xof_of(me)?.name,
        me.word()
    )))
}

/// Keccak's capacity in bits, and the domain-separation suffix, of a SHA-3 or SHAKE `name`
/// (the extra attributes of CPython's `_sha3` objects).
fn keccak_params(name: &str) -> Option<(i64, u8)> {
    Some(match name {
        "sha3_224" => (448, 0x06),
        "sha3_256" => (512, 0x06),
        "sha3_384" => (768, 0x06),
        "sha3_512" => (1024, 0x06),
        "shake_128" => (256, 0x1f),
        "shake_256" => (512, 0x1f),
        _ => return None,
    })
}

fn name_of(v: &Value) -> PyResult<&'static str> {
    match native_ref::<Hash>(v) {
        Some(h) => Ok(h.name),
        None => Ok(xof_of(v)?.name),
    }
}

fn keccak_of(v: &Value, attr: &str) -> PyResult<(i64, u8)> {
    keccak_params(name_of(v)?).ok_or_else(|| {
        crate::object::exception::attribute_error(format!(
            "'{}' object has no attribute '{attr}'",
            v.ty().name()
        ))
    })
}

fn k_capacity(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(keccak_of(this, "_capacity_bits")?.0))
}
fn k_rate(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_i64(1600 - keccak_of(this, "_rate_bits")?.0))
}
fn k_suffix(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(bytes::new_bytes(vec![keccak_of(this, "_suffix")?.1]))
}

fn x_name(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(str::new_str(xof_of(this)?.name))
}
fn x_digest_size(_vm: &mut Vm, this: &Value) -> PyResult {
    xof_of(this)?;
    Ok(int::from_i64(0))
}
fn x_block_size(_vm: &mut Vm, this: &Value) -> PyResult {
    Ok(int::from_usize(xof_of(this)?.block_size))
}

macro_rules! constructor {
    ($f:ident, $name:literal) => {
        fn $f(_vm: &mut Vm, args: Args) -> PyResult {
            new_hash($name, &args)
        }
    };
}
constructor!(md5_new, "md5");
constructor!(sha1_new, "sha1");
constructor!(sha224_new, "sha224");
constructor!(sha256_new, "sha256");
constructor!(sha384_new, "sha384");
constructor!(sha512_new, "sha512");
constructor!(sha3_224_new, "sha3_224");
constructor!(sha3_256_new, "sha3_256");
constructor!(sha3_384_new, "sha3_384");
constructor!(sha3_512_new, "sha3_512");

fn shake_128_new(_vm: &mut Vm, args: Args) -> PyResult {
    new_shake("shake_128", &args)
}

fn shake_256_new(_vm: &mut Vm, args: Args) -> PyResult {
    new_shake("shake_256", &args)
}

fn install_types() {
    install_native_type(&TypeSpec {
        ty: &HASH_TYPE,
        methods: methods![
            MethodDef::method("update", h_update),
            MethodDef::method("digest", h_digest),
            MethodDef::method("hexdigest", h_hexdigest),
            MethodDef::method("copy", h_copy),
            MethodDef::method("__repr__", h_repr),
        ],
        getsets: getsets![
            GetSetDef::readonly("name", h_name),
            GetSetDef::readonly("digest_size", h_digest_size),
            GetSetDef::readonly("block_size", h_block_size),
            GetSetDef::readonly("_capacity_bits", k_capacity),
            GetSetDef::readonly("_rate_bits", k_rate),
            GetSetDef::readonly("_suffix", k_suffix),
        ],
        doc: None,
    });
    install_native_type(&TypeSpec {
        ty: &HASHXOF_TYPE,
        methods: methods![
            MethodDef::method("update", x_update),
            MethodDef::method("digest", x_digest),
            MethodDef::method("hexdigest", x_hexdigest),
            MethodDef::method("copy", x_copy),
            MethodDef::method("__repr__", x_repr),
        ],
        getsets: getsets![
            GetSetDef::readonly("name", x_name),
            GetSetDef::readonly("digest_size", x_digest_size),
            GetSetDef::readonly("block_size", x_block_size),
            GetSetDef::readonly("_capacity_bits", k_capacity),
            GetSetDef::readonly("_rate_bits", k_rate),
            GetSetDef::readonly("_suffix", k_suffix),
        ],
        doc: None,
    });
}

fn module_with(name: &str, fns: &[(&'static str, crate::object::error::NativeFn)]) -> Value {
    install_types();
    let m = module::new_module(name);
    crate::modules::add_functions(&m, fns);
    m
}

pub fn md5_module(_vm: &mut Vm) -> PyResult<Value> {
    Ok(module_with("_md5", &[("md5", md5_new)]))
}

pub fn sha1_module(_vm: &mut Vm) -> PyResult<Value> {
    Ok(module_with("_sha1", &[("sha1", sha1_new)]))
}

pub fn sha256_module(_vm: &mut Vm) -> PyResult<Value> {
    Ok(module_with(
        "_sha256",
        &[("sha224", sha224_new), ("sha256", sha256_new)],
    ))
}

pub fn sha512_module(_vm: &mut Vm) -> PyResult<Value> {
    Ok(module_with(
        "_sha512",
        &[("sha384", sha384_new), ("sha512", sha512_new)],
    ))
}

pub fn sha3_module(_vm: &mut Vm) -> PyResult<Value> {
    Ok(module_with(
        "_sha3",
        &[
            ("sha3_224", sha3_224_new),
            ("sha3_256", sha3_256_new),
            ("sha3_384", sha3_384_new),
            ("sha3_512", sha3_512_new),
            ("shake_128", shake_128_new),
            ("shake_256", shake_256_new),
        ],
    ))
}
