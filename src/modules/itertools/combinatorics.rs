//! The combinatoric iterators: `product`, `combinations`, `combinations_with_replacement` and
//! `permutations`, with CPython's index algorithms (so the order of results and the pickled
//! state, the index vectors, are CPython's).

use std::cell::{Cell, RefCell};

use super::{
    iterator_spec, new_args, reduce_value, state, Step, COMBINATIONS_TYPE, CWR_TYPE,
    PERMUTATIONS_TYPE, PRODUCT_TYPE,
};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error};
use crate::object::native::{new_native, NativeData};
use crate::object::typeobj::TypeObject;
use crate::object::types::{none, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// The state every combinatoric iterator shares: its pools, the current indices, the last
/// result (None before the first) and whether it is done.
struct Combo {
    kind: Kind,
    /// One pool for combinations and permutations; one per argument (times `repeat`) for
    /// product.
    pools: Vec<Value>,
    r: usize,
    indices: RefCell<Vec<usize>>,
    cycles: RefCell<Vec<usize>>,
    result: RefCell<Option<Vec<Value>>>,
    stopped: Cell<bool>,
}

impl NativeData for Combo {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for p in &self.pools {
            visit(p);
        }
        if let Some(r) = &*self.result.borrow() {
            for v in r {
                visit(v);
            }
        }
    }
}

impl Combo {
    fn pool(&self, i: usize) -> &[Value] {
        tuple::items(&self.pools[i])
    }

    fn emit(&self, result: Vec<Value>) -> Option<Value> {
        let t = tuple::from_slice(&result);
        *self.result.borrow_mut() = Some(result);
        Some(t)
    }

    fn stop(&self) -> Option<Value> {
        self.stopped.set(true);
        None
    }
}

fn r_arg(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    let r = vm.index_i64(v)?;
    if r < 0 {
        return Err(value_error("r must be non-negative"));
    }
    Ok(r as usize)
}

fn new_combo(cls: &TypeObject, kind: Kind, pools: Vec<Value>, r: usize, stopped: bool) -> Value {
    new_native(
        cls,
        Combo {
            kind,
            pools,
            r,
            indices: RefCell::new(Vec::new()),
            cycles: RefCell::new(Vec::new()),
            result: RefCell::new(None),
            stopped: Cell::new(stopped),
        },
    )
}

fn index_tuple(v: &[usize]) -> Value {
    tuple::new_tuple(v.iter().map(|&i| int::from_usize(i)).collect())
}

/// Reads a state tuple of indices, each clamped to `lo..=hi(i)`.
fn clamped(
    vm: &mut Vm,
    items: &[Value],
    lo: i64,
    hi: impl Fn(usize) -> i64,
) -> PyResult<Vec<usize>> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| Ok(vm.index_i64(v)?.min(hi(i)).max(lo).max(0) as usize))
        .collect()
}

impl Step for Combo {
    fn step(&self, _vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        if self.stopped.get() {
            return Ok(None);
        }
        Ok(match self.kind {
            Kind::Product => self.product_next(),
            Kind::Combinations => self.combinations_next(),
            Kind::WithReplacement => self.cwr_next(),
            Kind::Permutations => self.permutations_next(),
        })
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Product,
    Combinations,
    WithReplacement,
    Permutations,
}

impl Combo {
    fn product_next(&self) -> Option<Value> {
        let n = self.pools.len();
        let prev = self.result.borrow().clone();
        let Some(mut result) = prev else {
            let mut first = Vec::with_capacity(n);
            for i in 0..n {
                match self.pool(i).first() {
                    Some(v) => first.push(v.clone()),
                    None => return self.stop(),
                }
            }
            *self.indices.borrow_mut() = vec![0; n];
            return self.emit(first);
        };
        let mut indices = self.indices.borrow_mut();
        let mut i = n;
        while i > 0 {
            i -= 1;
            let pool = self.pool(i);
            indices[i] += 1;
            if indices[i] == pool.len() {
                indices[i] = 0;
                result[i] = pool[0].clone();
                if i == 0 {
                    drop(indices);
                    return self.stop();
                }
            } else {
                result[i] = pool[indices[i]].clone();
                drop(indices);
                return self.emit(result);
            }
        }
        drop(indices);
        self.stop()
    }

    fn combinations_next(&self) -> Option<Value> {
        let pool = self.pool(0);
        let (n, r) = (pool.len(), self.r);
        let prev = self.result.borrow().clone();
        let Some(mut result) = prev else {
            *self.indices.borrow_mut() = (0..r).collect();
            return self.emit(pool[..r].to_vec());
        };
        let mut indices = self.indices.borrow_mut();
        let Some(i) = (0..r).rev().find(|&i| indices[i] != i + n - r) else {
            drop(indices);
            return self.stop();
        };
        indices[i] += 1;
        for j in i + 1..r {
            indices[j] = indices[j - 1] + 1;
        }
        for j in i..r {
            result[j] = pool[indices[j]].clone();
        }
        drop(indices);
        self.emit(result)
    }

    fn cwr_next(&self) -> Option<Value> {
        let pool = self.pool(0);
        let (n, r) = (pool.len(), self.r);
        let prev = self.result.borrow().clone();
        let Some(mut result) = prev else {
            *self.indices.borrow_mut() = vec![0; r];
            return self.emit(if r > 0 {
                vec![pool[0].clone(); r]
            } else {
                Vec::new()
            });
        };
        let mut indices = self.indices.borrow_mut();
        let Some(i) = (0..r).rev().find(|&i| indices[i] != n - 1) else {
            drop(indices);
            return self.stop();
        };
        let index = indices[i] + 1;
        for j in i..r {
            indices[j] = index;
            result[j] = pool[index].clone();
        }
        drop(indices);
        self.emit(result)
    }

    fn permutations_next(&self) -> Option<Value> {
        let pool = self.pool(0);
        let (n, r) = (pool.len(), self.r);
        let prev = self.result.borrow().clone();
        let Some(mut result) = prev else {
            *self.indices.borrow_mut() = (0..n).collect();
            *self.cycles.borrow_mut() = (0..r).map(|i| n - i).collect();
            return self.emit(pool[..r].to_vec());
        };
        if n == 0 {
            return self.stop();
        }
        let mut indices = self.indices.borrow_mut();
        let mut cycles = self.cycles.borrow_mut();
        for i in (0..r).rev() {
            cycles[i] -= 1;
            if cycles[i] == 0 {
                let index = indices[i];
                indices.copy_within(i + 1..n, i);
                indices[n - 1] = index;
                cycles[i] = n - i;
            } else {
                let j = cycles[i];
                indices.swap(i, n - j);
                for k in i..r {
                    result[k] = pool[indices[k]].clone();
                }
                drop(indices);
                drop(cycles);
                return self.emit(result);
            }
        }
        drop(indices);
        drop(cycles);
        self.stop()
    }
}

fn product_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    let mut repeat = 1;
    for (k, v) in rest.keywords() {
        if str::as_str(k) != Some("repeat") {
            return Err(type_error(format!(
                "'{}' is an invalid keyword argument for product()",
                str::as_str(k).unwrap_or("?")
            )));
        }
        repeat = vm.index_i64(v)?;
        if repeat < 0 {
            return Err(value_error("repeat argument cannot be negative"));
        }
    }
    let args_pos = if repeat == 0 {
        &[][..]
    } else {
        rest.positional()
    };
    let npools = (args_pos.len() as i64)
        .checked_mul(repeat)
        .filter(|&n| n < (1 << 40))
        .ok_or_else(|| overflow_error("repeat argument too large"))? as usize;
    let mut base = Vec::with_capacity(args_pos.len());
    for a in args_pos {
        base.push(tuple::new_tuple(vm.collect(a)?));
    }
    let pools: Vec<Value> = base.iter().cycle().take(npools).cloned().collect();
    Ok(new_combo(cls, Kind::Product, pools, 0, false))
}

fn product_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let c = state::<Combo>(this)?;
    if c.stopped.get() {
        return Ok(reduce_value(this, vec![tuple::from_array([])], None));
    }
    let result = c.result.borrow().is_some();
    Ok(reduce_value(
        this,
        c.pools.clone(),
        result.then(|| index_tuple(&c.indices.borrow())),
    ))
}

fn product_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let c = state::<Combo>(&a[0])?;
    let Some(items) = tuple::as_tuple(&a[1]) else {
        return Err(type_error("state is not a tuple"));
    };
    if items.len() != c.pools.len() {
        return Err(value_error("invalid arguments"));
    }
    if (0..c.pools.len()).any(|i| c.pool(i).is_empty()) {
        c.stopped.set(true);
        return Ok(none());
    }
    let indices = clamped(vm, items, 0, |i| c.pool(i).len() as i64 - 1)?;
    let result = indices
        .iter()
        .enumerate()
        .map(|(i, &k)| c.pool(i)[k].clone())
        .collect();
    *c.indices.borrow_mut() = indices;
    *c.result.borrow_mut() = Some(result);
    Ok(none())
}

// ---- combinations and combinations_with_replacement ----

fn combinations_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    let b = rest.bind("combinations", &["iterable", "r"], 2)?;
    let pool = tuple::new_tuple(vm.collect(b[0].as_ref().expect("iterable"))?);
    let r = r_arg(vm, b[1].as_ref().expect("r"))?;
    let n = tuple::items(&pool).len();
    Ok(new_combo(cls, Kind::Combinations, vec![pool], r, r > n))
}

fn cwr_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    let b = rest.bind("combinations_with_replacement", &["iterable", "r"], 2)?;
    let pool = tuple::new_tuple(vm.collect(b[0].as_ref().expect("iterable"))?);
    let r = r_arg(vm, b[1].as_ref().expect("r"))?;
    let n = tuple::items(&pool).len();
    Ok(new_combo(
        cls,
        Kind::WithReplacement,
        vec![pool],
        r,
        n == 0 && r > 0,
    ))
}

/// `__reduce__` for combinations, combinations_with_replacement and permutations.
fn pool_reduce(this: &Value, c: &Combo, with_cycles: bool) -> Value {
    let r = int::from_usize(c.r);
    if c.result.borrow().is_none() {
        return reduce_value(this, vec![c.pools[0].clone(), r], None);
    }
    if c.stopped.get() {
        return reduce_value(this, vec![tuple::from_array([]), r], None);
    }
    let indices = index_tuple(&c.indices.borrow());
    let st = if with_cycles {
        tuple::from_array([indices, index_tuple(&c.cycles.borrow())])
    } else {
        indices
    };
    reduce_value(this, vec![c.pools[0].clone(), r], Some(st))
}

fn combinations_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    Ok(pool_reduce(this, state::<Combo>(this)?, false))
}

fn permutations_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    Ok(pool_reduce(this, state::<Combo>(this)?, true))
}

fn set_result_from_indices(c: &Combo, indices: Vec<usize>) {
    let pool = c.pool(0);
    let result = indices[..c.r].iter().map(|&k| pool[k].clone()).collect();
    *c.indices.borrow_mut() = indices;
    *c.result.borrow_mut() = Some(result);
}

fn combinations_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let c = state::<Combo>(&a[0])?;
    let Some(items) = tuple::as_tuple(&a[1]).filter(|t| t.len() == c.r) else {
        return Err(value_error("invalid arguments"));
    };
    let (n, r) = (c.pool(0).len() as i64, c.r as i64);
    let indices = clamped(vm, items, 0, |i| i as i64 + n - r)?;
    set_result_from_indices(c, indices);
    Ok(none())
}

fn cwr_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let c = state::<Combo>(&a[0])?;
    let Some(items) = tuple::as_tuple(&a[1]).filter(|t| t.len() == c.r) else {
        return Err(value_error("invalid arguments"));
    };
    let n = c.pool(0).len() as i64;
    let indices = clamped(vm, items, 0, |_| n - 1)?;
    if n == 0 && !indices.is_empty() {
        c.stopped.set(true);
        return Ok(none());
    }
    set_result_from_indices(c, indices);
    Ok(none())
}

// ---- permutations ----

fn permutations_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    let b = rest.bind("permutations", &["iterable", "r"], 1)?;
    let pool = tuple::new_tuple(vm.collect(b[0].as_ref().expect("iterable"))?);
    let n = tuple::items(&pool).len();
    let r = match &b[1] {
        Some(v) if !v.is_none() => {
            if !int::is_int(v) {
                return Err(type_error("Expected int as r"));
            }
            r_arg(vm, v)?
        }
        _ => n,
    };
    Ok(new_combo(cls, Kind::Permutations, vec![pool], r, r > n))
}

fn permutations_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let c = state::<Combo>(&a[0])?;
    let Some(parts) = tuple::as_tuple(&a[1]) else {
        return Err(type_error("state is not a tuple"));
    };
    let (Some(indices), Some(cycles)) = (
        parts.first().and_then(tuple::as_tuple),
        parts.get(1).and_then(tuple::as_tuple),
    ) else {
        return Err(type_error("state is not a (tuple, tuple) pair"));
    };
    let n = c.pool(0).len();
    if parts.len() != 2 || indices.len() != n || cycles.len() != c.r {
        return Err(value_error("invalid arguments"));
    }
    let indices = clamped(vm, indices, 0, |_| n as i64 - 1)?;
    let cycles = clamped(vm, cycles, 1, |i| (n - i) as i64)?;
    *c.cycles.borrow_mut() = cycles;
    set_result_from_indices(c, indices);
    Ok(none())
}

pub fn specs() -> [TypeSpec; 4] {
    [
        iterator_spec!(
            PRODUCT_TYPE,
            Combo,
            product_new,
            [
                MethodDef::method("__reduce__", product_reduce),
                MethodDef::method("__setstate__", product_setstate),
            ],
            "Cartesian product of input iterables.  Equivalent to nested for-loops.\n\n\
             For example, product(A, B) returns the same as:  ((x,y) for x in A for y in B).\n\
             The leftmost iterators are in the outermost for-loop, so the output tuples\n\
             cycle in a manner similar to an odometer (with the rightmost element changing\n\
             on every iteration).\n\n\
             To compute the product of an iterable with itself, specify the number\n\
             of repetitions with the optional repeat keyword argument. For example,\n\
             product(A, repeat=4) means the same as product(A, A, A, A).\n\n\
             product('ab', range(3)) --> ('a',0) ('a',1) ('a',2) ('b',0) ('b',1) ('b',2)\n\
             product((0,1), (0,1), (0,1)) --> (0,0,0) (0,0,1) (0,1,0) (0,1,1) (1,0,0) ..."
        ),
        iterator_spec!(
            COMBINATIONS_TYPE,
            Combo,
            combinations_new,
            [
                MethodDef::method("__reduce__", combinations_reduce),
                MethodDef::method("__setstate__", combinations_setstate),
            ],
            "Return successive r-length combinations of elements in the iterable.\n\n\
             combinations(range(4), 3) --> (0,1,2), (0,1,3), (0,2,3), (1,2,3)"
        ),
        iterator_spec!(
            CWR_TYPE,
            Combo,
            cwr_new,
            [
                MethodDef::method("__reduce__", combinations_reduce),
                MethodDef::method("__setstate__", cwr_setstate),
            ],
            "Return successive r-length combinations of elements in the iterable allowing \
             individual elements to have successive repeats.\n\n\
             combinations_with_replacement('ABC', 2) --> ('A','A'), ('A','B'), ('A','C'), \
             ('B','B'), ('B','C'), ('C','C')"
        ),
        iterator_spec!(
            PERMUTATIONS_TYPE,
            Combo,
            permutations_new,
            [
                MethodDef::method("__reduce__", permutations_reduce),
                MethodDef::method("__setstate__", permutations_setstate),
            ],
            "Return successive r-length permutations of elements in the iterable.\n\n\
             permutations(range(3), 2) --> (0,1), (0,2), (1,0), (1,2), (2,0), (2,1)"
        ),
    ]
}
