//! `_heapq`, CPython's accelerator under `heapq`: the min-heap (and private max-heap)
//! operations on lists, with the C module's sift algorithms, so heaps come out laid out as
//! CPython's, and its checks: a comparison that changes the list's size is a RuntimeError.

use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{runtime_error, type_error, INDEX_ERROR};
use crate::object::types::none;
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// The heap argument, with Argument Clinic's message ("argument" alone when it is the only
/// parameter, and "None" rather than its type's name).
fn heap_arg<'a>(fname: &str, v: &'a Value, only: bool) -> PyResult<&'a list::List> {
    list::as_list(v).ok_or_else(|| {
        type_error(format!(
            "{fname}() argument{} must be list, not {}",
            if only { "" } else { " 1" },
            if v.is_none() {
                "None".to_string()
            } else {
                v.ty().name()
            }
        ))
    })
}

fn index_error() -> PyErr {
    PyErr::new(&INDEX_ERROR, "index out of range")
}

fn changed_size() -> PyErr {
    runtime_error("list changed size during iteration")
}

/// `a < b`, or `b < a` for the max-heap functions.
fn less(vm: &mut Vm, a: &Value, b: &Value, max: bool) -> PyResult<bool> {
    if max {
        vm.lt(b, a)
    } else {
        vm.lt(a, b)
    }
}

/// Moves the item at `pos` towards `start` until its parent is not greater (C's `siftdown`).
fn sift_down(
    vm: &mut Vm,
    heap: &list::List,
    start: usize,
    mut pos: usize,
    max: bool,
) -> PyResult<()> {
    let size = heap.0.borrow().len();
    if pos >= size {
        return Err(index_error());
    }
    while pos > start {
        let parentpos = (pos - 1) >> 1;
        let (item, parent) = {
            let items = heap.0.borrow();
            (items[pos].clone(), items[parentpos].clone())
        };
        let lt = less(vm, &item, &parent, max)?;
        if heap.0.borrow().len() != size {
            return Err(changed_size());
        }
        if !lt {
            break;
        }
        heap.0.borrow_mut().swap(parentpos, pos);
        pos = parentpos;
    }
    Ok(())
}

/// Moves the smaller child up from `pos` to a leaf, then sifts the item back down (C's
/// `siftup`).
fn sift_up(vm: &mut Vm, heap: &list::List, pos: usize, max: bool) -> PyResult<()> {
    let end = heap.0.borrow().len();
    let start = pos;
    if pos >= end {
        return Err(index_error());
    }
    let mut pos = pos;
    let limit = end >> 1;
    while pos < limit {
        let mut child = 2 * pos + 1;
        if child + 1 < end {
            let (a, b) = {
                let items = heap.0.borrow();
                (items[child].clone(), items[child + 1].clone())
            };
            let lt = less(vm, &a, &b, max)?;
            if heap.0.borrow().len() != end {
                return Err(changed_size());
            }
            if !lt {
                child += 1;
            }
        }
        heap.0.borrow_mut().swap(child, pos);
        pos = child;
    }
    sift_down(vm, heap, start, pos, max)
}

fn heappush(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("heappush", 2, 2)?;
    let heap = heap_arg("heappush", &a[0], false)?;
    let n = {
        let mut items = heap.0.borrow_mut();
        items.push(a[1].clone());
        items.len()
    };
    sift_down(vm, heap, 0, n - 1, false)?;
    Ok(none())
}

fn pop(vm: &mut Vm, fname: &str, v: &Value, max: bool) -> PyResult {
    let heap = heap_arg(fname, v, true)?;
    let last = heap.0.borrow_mut().pop().ok_or_else(index_error)?;
    let top = {
        let mut items = heap.0.borrow_mut();
        match items.first_mut() {
            None => return Ok(last),
            Some(first) => std::mem::replace(first, last),
        }
    };
    sift_up(vm, heap, 0, max)?;
    Ok(top)
}

fn heappop(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("heappop", 1, 1)?;
    pop(vm, "heappop", &a[0], false)
}

fn heappop_max(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_heappop_max", 1, 1)?;
    pop(vm, "_heappop_max", &a[0], true)
}

fn replace(vm: &mut Vm, fname: &str, a: &[Value], max: bool) -> PyResult {
    let heap = heap_arg(fname, &a[0], false)?;
    let top = {
        let mut items = heap.0.borrow_mut();
        match items.first_mut() {
            None => return Err(index_error()),
            Some(first) => std::mem::replace(first, a[1].clone()),
        }
    };
    sift_up(vm, heap, 0, max)?;
    Ok(top)
}

fn heapreplace(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("heapreplace", 2, 2)?;
    replace(vm, "heapreplace", a, false)
}

fn heapreplace_max(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_heapreplace_max", 2, 2)?;
    replace(vm, "_heapreplace_max", a, true)
}

fn heappushpop(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("heappushpop", 2, 2)?;
    let heap = heap_arg("heappushpop", &a[0], false)?;
    let Some(top) = heap.0.borrow().first().cloned() else {
        return Ok(a[1].clone());
    };
    if !vm.lt(&top, &a[1])? {
        return Ok(a[1].clone());
    }
    let top = {
        let mut items = heap.0.borrow_mut();
        match items.first_mut() {
            None => return Err(index_error()),
            Some(first) => std::mem::replace(first, a[1].clone()),
        }
    };
    sift_up(vm, heap, 0, false)?;
    Ok(top)
}

fn heapify_list(vm: &mut Vm, fname: &str, v: &Value, max: bool) -> PyResult {
    let heap = heap_arg(fname, v, true)?;
    let n = heap.0.borrow().len();
    for i in (0..n / 2).rev() {
        sift_up(vm, heap, i, max)?;
    }
    Ok(none())
}

fn heapify(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("heapify", 1, 1)?;
    heapify_list(vm, "heapify", &a[0], false)
}

fn heapify_max(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("_heapify_max", 1, 1)?;
    heapify_list(vm, "_heapify_max", &a[0], true)
}

/// Creates the `_heapq` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    let m = module::new_module("_heapq");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("heappush", heappush),
        ("heappop", heappop),
        ("heapreplace", heapreplace),
        ("heappushpop", heappushpop),
        ("heapify", heapify),
        ("_heappop_max", heappop_max),
        ("_heapreplace_max", heapreplace_max),
        ("_heapify_max", heapify_max),
    ];
    crate::modules::add_functions(&m, fns);
    Ok(m)
}
