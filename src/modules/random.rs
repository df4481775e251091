//! `_random`, CPython's C module under `random`: the Mersenne Twister (MT19937) with
//! CPython's exact seeding (`init_by_array` over the 32-bit words of `abs(n)`), `random()`,
//! `getrandbits`, `getstate` and `setstate`, so seeded sequences match CPython's.

use std::cell::RefCell;

use num_bigint::{BigInt, Sign};
use num_traits::Signed;

use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static RANDOM_TYPE: TypeObject =
    TypeObject::new_static("Random", Layout::Native, Some(&OBJECT_TYPE), BASETYPE);

const N: usize = 624;
const M: usize = 397;

struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn new() -> Mt {
        let mut mt = Mt {
            state: [0; N],
            index: N + 1,
        };
        mt.init_genrand(5489);
        mt
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(len) {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1664525))
                .wrapping_add(*key.get(j).unwrap_or(&0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1566083941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
    }

    fn next_u32(&mut self) -> u32 {
        const MAG: [u32; 2] = [0, 0x9908_b0df];
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & 0x8000_0000) | (self.state[(k + 1) % N] & 0x7fff_ffff);
                self.state[k] = self.state[(k + M) % N] ^ (y >> 1) ^ MAG[(y & 1) as usize];
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }
}

struct RandomState(RefCell<Mt>);
impl NativeData for RandomState {}

fn mt_of(v: &Value) -> PyResult<&RandomState> {
    native_ref::<RandomState>(v).ok_or_else(|| type_error("Random object expected"))
}

/// `seed(n)`: an int's absolute value as 32-bit words (lowest first); other hashables by
/// hash; None from the system's randomness.
fn seed_with(vm: &mut Vm, r: &RandomState, arg: Option<&Value>) -> PyResult<()> {
    let n: BigInt = match arg {
        None => {
            let mut buf = [0u8; N * 4];
            if getrandom(&mut buf).is_err() {
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0);
                buf[..16].copy_from_slice(&t.to_le_bytes());
            }
            BigInt::from_bytes_le(Sign::Plus, &buf)
        }
        Some(v) if v.is_none() => return seed_with(vm, r, None),
        Some(v) => match int::as_bigint(v) {
            Some(i) => i.abs(),
            None => BigInt::from(vm.hash(v)?).abs(),
        },
    };
    let (_, mut words) = n.to_u32_digits();
    if words.is_empty() {
        words.push(0);
    }
    r.0.borrow_mut().init_by_array(&words);
    Ok(())
}

fn getrandom(buf: &mut [u8]) -> std::io::Result<()> {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")?.read_exact(buf)
}

fn new_state() -> RandomState {
    RandomState(RefCell::new(Mt::new()))
}

fn r_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("Random.__new__(X): X is not a type object"))?;
    let pos = &args.positional()[1..];
    if std::ptr::eq(cls, &RANDOM_TYPE) && !args.kwnames.is_empty() {
        return Err(type_error("Random() takes no keyword arguments"));
    }
    if pos.len() > 1 {
        return Err(type_error(format!(
            "Random() expected at most 1 argument, got {}",
            pos.len()
        )));
    }
    let state = new_state();
    Ok(if std::ptr::eq(cls, &RANDOM_TYPE) {
        seed_with(vm, &state, pos.first())?;
        new_native(&RANDOM_TYPE, state)
    } else {
        // A subclass's own __init__ seeds it (random.Random calls self.seed).
        instance::new_instance(cls, Some(new_native(&RANDOM_TYPE, state)))
    })
}

fn r_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(none())
}

fn r_seed(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("seed", 1, 2)?;
    let r = mt_of(&a[0])?;
    seed_with(vm, r, a.get(1))?;
    Ok(none())
}

fn r_random(_vm: &mut Vm, args: Args) -> PyResult {
    let r = mt_of(&args.values[0])?;
    let mut mt = r.0.borrow_mut();
    let a = (mt.next_u32() >> 5) as f64;
    let b = (mt.next_u32() >> 6) as f64;
    Ok(float::new_float(
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0),
    ))
}

fn r_getrandbits(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("getrandbits", 2, 2)?;
    let k = vm.index_i64(&a[1])?;
    if k < 0 {
        return Err(value_error("number of bits must be non-negative"));
    }
    let r = mt_of(&a[0])?;
    let mut mt = r.0.borrow_mut();
    if k <= 32 {
        if k == 0 {
            return Ok(int::from_i64(0));
        }
        return Ok(int::from_i64((mt.next_u32() >> (32 - k)) as i64));
    }
    let words = ((k - 1) / 32 + 1) as usize;
    let mut out = Vec::with_capacity(words);
    let mut left = k;
    for _ in 0..words {
        let mut w = mt.next_u32();
        if left < 32 {
            w >>= 32 - left;
        }
        out.push(w);
        left -= 32;
    }
    Ok(int::from_bigint(BigInt::from_slice(Sign::Plus, &out)))
}

fn r_getstate(_vm: &mut Vm, args: Args) -> PyResult {
    let r = mt_of(&args.values[0])?;
    let mt = r.0.borrow();
    let mut items: Vec<Value> = mt.state.iter().map(|&w| int::from_i64(w as i64)).collect();
    items.push(int::from_usize(mt.index));
    Ok(tuple::new_tuple(items))
}

fn r_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("setstate", 2, 2)?;
    let Some(items) = tuple::as_tuple(&a[1]).map(|t| t.to_vec()) else {
        return Err(type_error("state vector must be a tuple"));
    };
    if items.len() != N + 1 {
        return Err(value_error("state vector is the wrong size"));
    }
    let mut state = [0u32; N];
    for (k, v) in items[..N].iter().enumerate() {
        let n =
            int::as_bigint(v).ok_or_else(|| type_error("state vector items must be integers"))?;
        state[k] = u32::try_from(&n).map_err(|_| {
            exception::overflow_error("Python int too large to convert to C unsigned long")
        })?;
    }
    let index = vm.index_i64(&items[N])?;
    if !(0..=N as i64).contains(&index) {
        return Err(value_error("invalid state"));
    }
    let r = mt_of(&a[0])?;
    let mut mt = r.0.borrow_mut();
    mt.state = state;
    mt.index = index as usize;
    Ok(none())
}

/// Creates the `_random` module.
pub fn new_module(_vm: &mut Vm) -> PyResult<Value> {
    install_native_type(&TypeSpec {
        ty: &RANDOM_TYPE,
        methods: methods![
            MethodDef::static_("__new__", r_new),
            MethodDef::method("__init__", r_init),
            MethodDef::method("seed", r_seed),
            MethodDef::method("random", r_random),
            MethodDef::method("getrandbits", r_getrandbits),
            MethodDef::method("getstate", r_getstate),
            MethodDef::method("setstate", r_setstate),
        ],
        getsets: getsets![],
        doc: None,
    });
    *RANDOM_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("_random");
    let m = module::new_module("_random");
    module::set_attr(&m, "Random", RANDOM_TYPE.to_value());
    Ok(m)
}
