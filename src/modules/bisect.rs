//! `_bisect`, CPython's accelerator under `bisect`: binary search and insertion into sorted
//! sequences, with the optional `key` of 3.10, through the sequence protocol (any sequence
//! with `__getitem__` and `__len__`), inserting into exact lists directly and calling
//! `insert` on anything else.

use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// The arguments every function takes: `(a, x, lo=0, hi=None, *, key=None)`.
struct Search {
    seq: Value,
    x: Value,
    lo: i64,
    /// -1: the sequence's length (as CPython, an explicit -1 means the same).
    hi: i64,
    key: Value,
}

fn parse(vm: &mut Vm, fname: &str, args: &Args) -> PyResult<Search> {
    let npos = args.positional().len();
    if npos > 4 {
        return Err(type_error(format!(
            "{fname}() takes at most 4 positional arguments ({npos} given)"
        )));
    }
    let b = args.bind(fname, &["a", "x", "lo", "hi", "key"], 2)?;
    let lo = match &b[2] {
        Some(v) => vm.index_i64(v)?,
        None => 0,
    };
    let hi = match &b[3] {
        Some(v) if !v.is_none() => vm.index_i64(v)?,
        _ => -1,
    };
    Ok(Search {
        seq: b[0].clone().expect("a"),
        x: b[1].clone().expect("x"),
        lo,
        hi,
        key: b[4].clone().unwrap_or_else(none),
    })
}

/// The insertion point for `item` (already passed through `key`): after equal items when
/// `right`, before them otherwise.
fn search(vm: &mut Vm, s: &Search, item: &Value, right: bool) -> PyResult<i64> {
    if s.lo < 0 {
        return Err(value_error("lo must be non-negative"));
    }
    let (mut lo, mut hi) = (s.lo, s.hi);
    if hi == -1 {
        hi = vm.len(&s.seq)? as i64;
    }
    while lo < hi {
        let mid = ((lo as u64 + hi as u64) / 2) as i64;
        let mut probe = vm.getitem(&s.seq, &int::from_i64(mid))?;
        if !s.key.is_none() {
            probe = vm.call(&s.key, &[probe])?;
        }
        let go_left = if right {
            vm.lt(item, &probe)?
        } else {
            !vm.lt(&probe, item)?
        };
        if go_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn bisect(vm: &mut Vm, args: Args, fname: &str, right: bool) -> PyResult {
    let s = parse(vm, fname, &args)?;
    let x = s.x.clone();
    search(vm, &s, &x, right).map(int::from_i64)
}

fn insort(vm: &mut Vm, args: Args, fname: &str, right: bool) -> PyResult {
    let s = parse(vm, fname, &args)?;
    let probe = if s.key.is_none() {
        s.x.clone()
    } else {
        vm.call(&s.key, std::slice::from_ref(&s.x))?
    };
    let index = search(vm, &s, &probe, right)?;
    match list::as_list(&s.seq).filter(|_| std::ptr::eq(s.seq.ty(), &types::LIST_TYPE)) {
        Some(l) => {
            let mut items = l.0.borrow_mut();
            let at = (index.max(0) as usize).min(items.len());
            items.insert(at, s.x.clone());
        }
        None => {
            vm.call_method(&s.seq, "insert", &[int::from_i64(index), s.x.clone()])?;
        }
    }
    Ok(none())
}

fn bisect_right(vm: &mut Vm, args: Args) -> PyResult {
    bisect(vm, args, "bisect_right", true)
}

fn bisect_left(vm: &mut Vm, args: Args) -> PyResult {
    bisect(vm, args, "bisect_left", false)
}

fn insort_right(vm: &mut Vm, args: Args) -> PyResult {
    insort(vm, args, "insort_right", true)
}

fn insort_left(vm: &mut Vm, args: Args) -> PyResult {
    insort(vm, args, "insort_left", false)
}

/// Creates the `_bisect` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    let m = module::new_module("_bisect");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("bisect_right", bisect_right),
        ("bisect_left", bisect_left),
        ("insort_right", insort_right),
        ("insort_left", insort_left),
    ];
    crate::modules::add_functions(&m, fns);
    Ok(m)
}
