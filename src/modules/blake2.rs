//! `_blake2`, CPython's C module under `hashlib.blake2b`/`blake2s`: the two BLAKE2 hash
//! types with every parameter of RFC 7693's parameter block (digest size, key, salt,
//! personalisation, and the tree-hashing fields), over the blake2b_simd and blake2s_simd
//! crates, with CPython's argument checks.

use std::cell::RefCell;

use num_traits::ToPrimitive;

use super::hashes::data_arg;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static BLAKE2B_TYPE: TypeObject =
    TypeObject::new_static("blake2b", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static BLAKE2S_TYPE: TypeObject =
    TypeObject::new_static("blake2s", Layout::Native, Some(&OBJECT_TYPE), 0);

/// The sizes that tell the two variants apart, and the variant's type.
struct Variant {
    ty: &'static TypeObject,
    name: &'static str,
    salt_size: usize,
    person_size: usize,
    max_key_size: usize,
    max_digest_size: usize,
    block_size: usize,
    /// The largest `node_offset` (64 bits for BLAKE2b, 48 for BLAKE2s).
    max_offset: u64,
}

static BLAKE2B: Variant = Variant {
    ty: &BLAKE2B_TYPE,
    name: "blake2b",
    salt_size: 16,
    person_size: 16,
    max_key_size: 64,
    max_digest_size: 64,
    block_size: 128,
    max_offset: u64::MAX,
};

static BLAKE2S: Variant = Variant {
    ty: &BLAKE2S_TYPE,
    name: "blake2s",
    salt_size: 8,
    person_size: 8,
    max_key_size: 32,
    max_digest_size: 32,
    block_size: 64,
    max_offset: (1 << 48) - 1,
};

#[derive(Clone)]
enum State {
    B(blake2b_simd::State),
    S(blake2s_simd::State),
}

struct Blake2 {
    variant: &'static Variant,
    digest_size: usize,
    state: RefCell<State>,
}

impl NativeData for Blake2 {}

/// The parameters, checked against the variant's limits.
struct Params {
    digest_size: usize,
    key: Vec<u8>,
    salt: Vec<u8>,
    person: Vec<u8>,
    fanout: u8,
    depth: u8,
    leaf_size: u32,
    node_offset: u64,
    node_depth: u8,
    inner_size: usize,
    last_node: bool,
}

fn bytes_param(v: Option<&Value>, what: &str) -> PyResult<Vec<u8>> {
    match v {
        None => Ok(Vec::new()),
        Some(v) => bytes::bytes_like(v).ok_or_else(|| {
            type_error(format!(
                "{what} must be a bytes-like object, not '{}'",
                v.ty().name()
            ))
        }),
    }
}

/// An integer parameter in `0..=max` (`min..=max`), or CPython's ValueError.
fn small_param(
    vm: &mut Vm,
    v: Option<&Value>,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
    message: &str,
) -> PyResult<i64> {
    let Some(v) = v else {
        return Ok(default);
    };
    let i = vm.index(v)?;
    match int::as_i64(&i).filter(|n| range.contains(n)) {
        Some(n) => Ok(n),
        None => Err(value_error(message.to_string())),
    }
}

/// An unsigned parameter: negative is a ValueError, above `max` an OverflowError (with the
/// C converter's messages for what does not fit 64 bits).
fn unsigned_param(vm: &mut Vm, v: Option<&Value>, max: u64, what: &str) -> PyResult<u64> {
    let Some(v) = v else {
        return Ok(0);
    };
    let i = vm.index(v)?;
    let big = int::as_bigint(&i).unwrap_or_default();
    if big < num_bigint::BigInt::from(0) {
        return Err(value_error("value must be positive"));
    }
    match big.to_u64() {
        Some(n) if n <= max => Ok(n),
        Some(_) => Err(overflow_error(format!("{what} is too large"))),
        None => Err(overflow_error("int too big to convert")),
    }
}

const KEYWORDS: &[&str] = &[
    "digest_size",
    "key",
    "salt",
    "person",
    "fanout",
    "depth",
    "leaf_size",
    "node_offset",
    "node_depth",
    "inner_size",
    "last_node",
    "usedforsecurity",
];

fn params(vm: &mut Vm, variant: &Variant, args: &Args) -> PyResult<Params> {
    for (k, _) in args.keywords() {
        let k = str::as_str(k).unwrap_or("");
        if !KEYWORDS.contains(&k) {
            return Err(type_error(format!(
                "'{k}' is an invalid keyword argument for {}()",
                variant.name
            )));
        }
    }
    let kw = |name: &str| args.keyword(name);
    let max_digest = variant.max_digest_size as i64;
    let digest_size = small_param(
        vm,
        kw("digest_size"),
        max_digest,
        1..=max_digest,
        &format!("digest_size must be between 1 and {max_digest} bytes"),
    )? as usize;
    let key = bytes_param(kw("key"), "key")?;
    if key.len() > variant.max_key_size {
        return Err(value_error(format!(
            "maximum key length is {} bytes",
            variant.max_key_size
        )));
    }
    let salt = bytes_param(kw("salt"), "salt")?;
    if salt.len() > variant.salt_size {
        return Err(value_error(format!(
            "maximum salt length is {} bytes",
            variant.salt_size
        )));
    }
    let person = bytes_param(kw("person"), "person")?;
    if person.len() > variant.person_size {
        return Err(value_error(format!(
            "maximum person length is {} bytes",
            variant.person_size
        )));
    }
    let fanout = small_param(
        vm,
        kw("fanout"),
        1,
        0..=255,
        "fanout must be between 0 and 255",
    )? as u8;
    let depth = small_param(
        vm,
        kw("depth"),
        1,
        1..=255,
        "depth must be between 1 and 255",
    )? as u8;
    let leaf_size = unsigned_param(vm, kw("leaf_size"), u32::MAX as u64, "leaf_size")? as u32;
    let node_offset = unsigned_param(vm, kw("node_offset"), variant.max_offset, "node_offset")?;
    let node_depth = small_param(
        vm,
        kw("node_depth"),
        0,
        0..=255,
        "node_depth must be between 0 and 255",
    )? as u8;
    let inner_size = small_param(
        vm,
        kw("inner_size"),
        0,
        0..=max_digest,
        &format!("inner_size must be between 0 and is {max_digest}"),
    )? as usize;
    let last_node = match kw("last_node") {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    Ok(Params {
        digest_size,
        key,
        salt,
        person,
        fanout,
        depth,
        leaf_size,
        node_offset,
        node_depth,
        inner_size,
        last_node,
    })
}

macro_rules! state_from {
    ($krate:ident, $p:expr) => {{
        let p = $p;
        let mut params = $krate::Params::new();
        params
            .hash_length(p.digest_size)
            .key(&p.key)
            .salt(&p.salt)
            .personal(&p.person)
            .fanout(p.fanout)
            .max_depth(p.depth)
            .max_leaf_length(p.leaf_size)
            .node_offset(p.node_offset)
            .node_depth(p.node_depth)
            .inner_hash_length(p.inner_size)
            .last_node(p.last_node);
        params.to_state()
    }};
}

/// `blake2b(...)` and `blake2s(...)`: the class says which.
fn blake2_new(vm: &mut Vm, args: Args) -> PyResult {
    let variant: &'static Variant = match args.values[0].as_type() {
        Some(t) if std::ptr::eq(t, &BLAKE2S_TYPE) => &BLAKE2S,
        _ => &BLAKE2B,
    };
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let pos = rest.positional();
    if pos.len() > 1 {
        return Err(type_error(format!(
            "{}() takes at most 1 positional argument ({} given)",
            variant.name,
            pos.len()
        )));
    }
    let p = params(vm, variant, &rest)?;
    let mut state = if std::ptr::eq(variant.ty, &BLAKE2B_TYPE) {
        State::B(state_from!(blake2b_simd, &p))
    } else {
        State::S(state_from!(blake2s_simd, &p))
    };
    if let Some(data) = pos.first() {
        update_state(&mut state, &data_arg(data)?);
    }
    Ok(new_native(
        variant.ty,
        Blake2 {
            variant,
            digest_size: p.digest_size,
            state: RefCell::new(state),
        },
    ))
}

fn update_state(state: &mut State, data: &[u8]) {
    match state {
        State::B(s) => {
            s.update(data);
        }
        State::S(s) => {
            s.update(data);
        }
    }
}

fn digest_of(state: &State) -> Vec<u8> {
    match state {
        State::B(s) => s.finalize().as_bytes().to_vec(),
        State::S(s) => s.finalize().as_bytes().to_vec(),
    }
}

fn this(v: &Value) -> PyResult<&Blake2> {
    native_ref::<Blake2>(v).ok_or_else(|| type_error("blake2 object expected"))
}

fn b_update(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.method_args("blake2", "update", 1, 1)?;
    let data = data_arg(&a[0])?;
    update_state(&mut this(&args.values[0])?.state.borrow_mut(), &data);
    Ok(none())
}

fn b_digest(_vm: &mut Vm, args: Args) -> PyResult {
    args.method_args("blake2", "digest", 0, 0)?;
    Ok(bytes::new_bytes(digest_of(
        &this(&args.values[0])?.state.borrow(),
    )))
}

fn b_hexdigest(_vm: &mut Vm, args: Args) -> PyResult {
    args.method_args("blake2", "hexdigest", 0, 0)?;
    let d = digest_of(&this(&args.values[0])?.state.borrow());
    Ok(str::from_string(
        d.iter().map(|b| format!("{b:02x}")).collect(),
    ))
}

fn b_copy(_vm: &mut Vm, args: Args) -> PyResult {
    args.method_args("blake2", "copy", 0, 0)?;
    let me = &args.values[0];
    let b = this(me)?;
    Ok(new_native(
        b.variant.ty,
        Blake2 {
            variant: b.variant,
            digest_size: b.digest_size,
            state: RefCell::new(b.state.borrow().clone()),
        },
    ))
}

fn get_name(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(str::new_str(this(v)?.variant.name))
}

fn get_digest_size(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(int::from_usize(this(v)?.digest_size))
}

fn get_block_size(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(int::from_usize(this(v)?.variant.block_size))
}

/// The size constants a BLAKE2 type and the module publish.
fn sizes(variant: &Variant) -> [(&'static str, usize); 4] {
    [
        ("SALT_SIZE", variant.salt_size),
        ("PERSON_SIZE", variant.person_size),
        ("MAX_KEY_SIZE", variant.max_key_size),
        ("MAX_DIGEST_SIZE", variant.max_digest_size),
    ]
}

fn install(variant: &'static Variant) {
    let ty = variant.ty;
    install_native_type(&TypeSpec {
        ty,
        methods: methods![
            MethodDef::static_("__new__", blake2_new),
            MethodDef::method("update", b_update),
            MethodDef::method("digest", b_digest),
            MethodDef::method("hexdigest", b_hexdigest),
            MethodDef::method("copy", b_copy),
        ],
        getsets: getsets![
            GetSetDef::readonly("name", get_name),
            GetSetDef::readonly("digest_size", get_digest_size),
            GetSetDef::readonly("block_size", get_block_size),
        ],
        doc: None,
    });
    *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("_blake2");
    let d = ty.dict_value();
    for (k, v) in sizes(variant) {
        dict::set_str(&d, &str::intern(k), int::from_usize(v));
    }
}

/// Creates the `_blake2` module.
pub fn new_module(_vm: &mut Vm) -> PyResult<Value> {
    install(&BLAKE2B);
    install(&BLAKE2S);
    let m = module::new_module("_blake2");
    module::set_attr(&m, "blake2b", BLAKE2B_TYPE.to_value());
    module::set_attr(&m, "blake2s", BLAKE2S_TYPE.to_value());
    for (variant, prefix) in [(&BLAKE2B, "BLAKE2B"), (&BLAKE2S, "BLAKE2S")] {
        for (k, v) in sizes(variant) {
            module::set_attr(&m, &format!("{prefix}_{k}"), int::from_usize(v));
        }
    }
    Ok(m)
}
