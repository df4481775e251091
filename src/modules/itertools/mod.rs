//! `itertools`, natively, with CPython 3.11's behaviour: the infinite iterators (`count`,
//! `cycle`, `repeat`), the ones that stop on the shortest input (`accumulate`, `chain`,
//! `compress`, `dropwhile`, `filterfalse`, `groupby`, `islice`, `pairwise`, `starmap`,
//! `takewhile`, `tee`, `zip_longest`) and the combinatoric ones (`combinatorics.rs`).
//!
//! Every type can be subclassed, and the ones CPython 3.11 pickles pickle and copy the same way:
//! `__reduce__` gives the constructor arguments and `__setstate__` the progress. No iterator
//! holds a borrow of its own state while it calls back into Python, so re-entrant use is safe.

mod combinatorics;
mod tee;

use std::cell::{Cell, RefCell};

use crate::bytecode::BinaryOperator;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error, PyErrExt};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::flags::BASETYPE;
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::protocol::number_check;
use crate::vm::Vm;

/// Declares the static type objects of the module's iterator types.
macro_rules! iter_types {
    ($($stat:ident = $name:literal, $flags:expr;)*) => {
        $(pub static $stat: TypeObject =
            TypeObject::new_static($name, Layout::Native, Some(&OBJECT_TYPE), $flags);)*
        fn all_types() -> Vec<&'static TypeObject> { vec![$(&$stat),*] }
    };
}

iter_types! {
    COUNT_TYPE = "count", BASETYPE;
    CYCLE_TYPE = "cycle", BASETYPE;
    REPEAT_TYPE = "repeat", BASETYPE;
    ACCUMULATE_TYPE = "accumulate", BASETYPE;
    CHAIN_TYPE = "chain", BASETYPE;
    COMPRESS_TYPE = "compress", BASETYPE;
    DROPWHILE_TYPE = "dropwhile", BASETYPE;
    TAKEWHILE_TYPE = "takewhile", BASETYPE;
    FILTERFALSE_TYPE = "filterfalse", BASETYPE;
    GROUPBY_TYPE = "groupby", BASETYPE;
    GROUPER_TYPE = "_grouper", 0;
    ISLICE_TYPE = "islice", BASETYPE;
    PAIRWISE_TYPE = "pairwise", BASETYPE;
    STARMAP_TYPE = "starmap", BASETYPE;
    ZIP_LONGEST_TYPE = "zip_longest", BASETYPE;
    TEE_TYPE = "_tee", 0;
    TEE_DATA_TYPE = "_tee_dataobject", 0;
    PRODUCT_TYPE = "product", BASETYPE;
    COMBINATIONS_TYPE = "combinations", BASETYPE;
    CWR_TYPE = "combinations_with_replacement", BASETYPE;
    PERMUTATIONS_TYPE = "permutations", BASETYPE;
}

/// One step of an iterator: `Ok(None)` when it is exhausted.
trait Step: NativeData {
    fn step(&self, vm: &mut Vm, this: &Value) -> PyResult<Option<Value>>;
}

fn state<T: NativeData>(v: &Value) -> PyResult<&T> {
    native_ref::<T>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires an itertools object, not '{}'",
            v.ty().name()
        ))
    })
}

fn next_of<T: Step>(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    match state::<T>(this)?.step(vm, this)? {
        Some(v) => Ok(v),
        None => Err(PyErrExt::stop()),
    }
}

/// The class a `__new__` was called for, and the arguments after it.
fn new_args<'a>(args: &'a Args<'a>) -> PyResult<(&'a TypeObject, Args<'a>)> {
    let cls = args
        .values
        .first()
        .and_then(|c| c.as_type())
        .ok_or_else(|| type_error("__new__(X): X is not a type object"))?;
    Ok((
        cls,
        Args {
            values: &args.values[1..],
            kwnames: args.kwnames,
        },
    ))
}

/// `PyArg_UnpackTuple`'s count check.
fn unpack<'a>(args: &Args<'a>, name: &str, min: usize, max: usize) -> PyResult<&'a [Value]> {
    let pos = args.positional();
    if pos.len() < min || pos.len() > max {
        let (bound, word) = if pos.len() < min {
            (min, if min == max { "" } else { "at least " })
        } else {
            (max, if min == max { "" } else { "at most " })
        };
        return Err(type_error(format!(
            "{name} expected {word}{bound} argument{}, got {}",
            if bound == 1 { "" } else { "s" },
            pos.len()
        )));
    }
    Ok(pos)
}

fn reduce_value(this: &Value, args: Vec<Value>, state: Option<Value>) -> Value {
    let mut items = vec![this.ty().to_value(), tuple::new_tuple(args)];
    items.extend(state);
    tuple::new_tuple(items)
}

/// A clone of what `cell` holds (the borrow ends before any call back into Python).
fn current(cell: &RefCell<Option<Value>>) -> Option<Value> {
    cell.borrow().clone()
}

// ---- count ----

struct Count {
    cnt: RefCell<Value>,
    step: Value,
}

impl NativeData for Count {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.cnt.borrow());
        visit(&self.step);
    }
}

impl Step for Count {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        let cur = self.cnt.borrow().clone();
        let next = vm.binary_op(&cur, &self.step, BinaryOperator::Add, false)?;
        *self.cnt.borrow_mut() = next;
        Ok(Some(cur))
    }
}

fn step_is_one(step: &Value) -> bool {
    std::ptr::eq(step.ty(), &types::INT_TYPE) && int::as_i64(step) == Some(1)
}

fn count_new(_vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    let b = rest.bind("count", &["start", "step"], 0)?;
    let start = b[0].clone().unwrap_or_else(|| int::from_i64(0));
    let step = b[1].clone().unwrap_or_else(|| int::from_i64(1));
    if !number_check(&start) || !number_check(&step) {
        return Err(type_error("a number is required"));
    }
    Ok(new_native(
        cls,
        Count {
            cnt: RefCell::new(start),
            step,
        },
    ))
}

fn count_repr(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let c = state::<Count>(this)?;
    let cnt = c.cnt.borrow().clone();
    let name = this.ty().name();
    let cnt_repr = vm.repr_string(&cnt)?;
    let text = if int::is_int(&c.step) && int::as_i64(&c.step) == Some(1) {
        format!("{name}({cnt_repr})")
    } else {
        let step_repr = vm.repr_string(&c.step)?;
        format!("{name}({cnt_repr}, {step_repr})")
    };
    Ok(str::from_string(text))
}

fn count_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let c = state::<Count>(this)?;
    let cnt = c.cnt.borrow().clone();
    let fast = step_is_one(&c.step) && std::ptr::eq(cnt.ty(), &types::INT_TYPE);
    Ok(if fast {
        reduce_value(this, vec![cnt], None)
    } else {
        reduce_value(this, vec![cnt, c.step.clone()], None)
    })
}

// ---- repeat ----

struct Repeat {
    element: Value,
    /// Remaining repetitions; None repeats forever.
    times: Cell<Option<i64>>,
}

impl NativeData for Repeat {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.element);
    }
}

impl Step for Repeat {
    fn step(&self, _vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        match self.times.get() {
            None => Ok(Some(self.element.clone())),
            Some(0) => Ok(None),
            Some(n) => {
                self.times.set(Some(n - 1));
                Ok(Some(self.element.clone()))
            }
        }
    }
}

fn repeat_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    let b = rest.bind("repeat", &["object", "times"], 1)?;
    let times = match &b[1] {
        Some(t) => Some(vm.index_i64(t)?.max(0)),
        None => None,
    };
    Ok(new_native(
        cls,
        Repeat {
            element: b[0].clone().expect("object"),
            times: Cell::new(times),
        },
    ))
}

fn repeat_repr(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let r = state::<Repeat>(this)?;
    let elem = vm.repr_string(&r.element)?;
    let name = this.ty().name();
    Ok(str::from_string(match r.times.get() {
        None => format!("{name}({elem})"),
        Some(n) => format!("{name}({elem}, {n})"),
    }))
}

fn repeat_length_hint(_vm: &mut Vm, args: Args) -> PyResult {
    match state::<Repeat>(&args.values[0])?.times.get() {
        None => Err(type_error("len() of unsized object")),
        Some(n) => Ok(int::from_i64(n)),
    }
}

fn repeat_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let r = state::<Repeat>(this)?;
    let mut a = vec![r.element.clone()];
    a.extend(r.times.get().map(int::from_i64));
    Ok(reduce_value(this, a, None))
}

// ---- cycle ----

struct Cycle {
    it: RefCell<Option<Value>>,
    saved: Value,
    index: Cell<usize>,
    firstpass: Cell<bool>,
}

impl NativeData for Cycle {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(it) = &*self.it.borrow() {
            visit(it);
        }
        visit(&self.saved);
    }
}

impl Step for Cycle {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        if let Some(it) = current(&self.it) {
            if let Some(item) = vm.next(&it)? {
                if !self.firstpass.get() {
                    list::append(&self.saved, item.clone())?;
                }
                return Ok(Some(item));
            }
            *self.it.borrow_mut() = None;
        }
        let saved = list::items(&self.saved);
        if saved.is_empty() {
            return Ok(None);
        }
        let i = self.index.get().min(saved.len() - 1);
        self.index.set(if i + 1 >= saved.len() { 0 } else { i + 1 });
        Ok(Some(saved[i].clone()))
    }
}

fn cycle_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    rest.no_keywords_unless_init(cls, &CYCLE_TYPE, "cycle")?;
    let a = unpack(&rest, "cycle", 1, 1)?;
    let it = vm.iter(&a[0])?;
    Ok(new_native(
        cls,
        Cycle {
            it: RefCell::new(Some(it)),
            saved: list::new_list(Vec::new()),
            index: Cell::new(0),
            firstpass: Cell::new(false),
        },
    ))
}

fn cycle_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let c = state::<Cycle>(this)?;
    match current(&c.it) {
        Some(it) => Ok(reduce_value(
            this,
            vec![it],
            Some(tuple::from_array([
                c.saved.clone(),
                types::bool_value(c.firstpass.get()),
            ])),
        )),
        None => {
            let it = vm.iter(&c.saved)?;
            if c.index.get() != 0 {
                vm.call_method(&it, "__setstate__", &[int::from_usize(c.index.get())])?;
            }
            Ok(reduce_value(
                this,
                vec![it],
                Some(tuple::from_array([
                    c.saved.clone(),
                    types::bool_value(true),
                ])),
            ))
        }
    }
}

fn cycle_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let c = state::<Cycle>(&a[0])?;
    let Some(items) = tuple::as_tuple(&a[1]) else {
        return Err(type_error("state is not a tuple"));
    };
    if items.len() != 2 || list::as_list(&items[0]).is_none() {
        return Err(type_error("state is not a (list, int) tuple"));
    }
    let firstpass = vm.index_i64(&items[1])? != 0;
    let saved = list::items(&items[0]);
    if let Some(l) = list::as_list(&c.saved) {
        *l.0.borrow_mut() = saved;
    }
    c.firstpass.set(firstpass);
    c.index.set(0);
    Ok(none())
}

// ---- chain ----

struct Chain {
    source: RefCell<Option<Value>>,
    active: RefCell<Option<Value>>,
}

impl NativeData for Chain {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for v in [&self.source, &self.active] {
            if let Some(v) = &*v.borrow() {
                visit(v);
            }
        }
    }
}

impl Step for Chain {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        loop {
            let active = match current(&self.active) {
                Some(a) => a,
                None => {
                    let Some(source) = current(&self.source) else {
                        return Ok(None);
                    };
                    let Some(iterable) = vm.next(&source)? else {
                        *self.source.borrow_mut() = None;
                        return Ok(None);
                    };
                    let a = vm.iter(&iterable)?;
                    *self.active.borrow_mut() = Some(a.clone());
                    a
                }
            };
            if let Some(v) = vm.next(&active)? {
                return Ok(Some(v));
            }
            *self.active.borrow_mut() = None;
        }
    }
}

fn new_chain(cls: &TypeObject, source: Value) -> Value {
    new_native(
        cls,
        Chain {
            source: RefCell::new(Some(source)),
            active: RefCell::new(None),
        },
    )
}

fn chain_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    rest.no_keywords_unless_init(cls, &CHAIN_TYPE, "chain")?;
    let source = vm.iter(&tuple::from_slice(rest.positional()))?;
    Ok(new_chain(cls, source))
}

fn chain_from_iterable(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("from_iterable", 2, 2)?;
    let cls = a[0].as_type().unwrap_or(&CHAIN_TYPE);
    let source = vm.iter(&a[1])?;
    Ok(new_chain(cls, source))
}

fn chain_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let c = state::<Chain>(this)?;
    let st: Vec<Value> = [current(&c.source), current(&c.active)]
        .into_iter()
        .map_while(|v| v)
        .collect();
    Ok(reduce_value(
        this,
        vec![],
        (!st.is_empty()).then(|| tuple::new_tuple(st)),
    ))
}

fn is_iterator(v: &Value) -> bool {
    v.ty().lookup_str("__next__").is_some()
}

fn chain_setstate(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let c = state::<Chain>(&a[0])?;
    let Some(items) = tuple::as_tuple(&a[1]) else {
        return Err(type_error("state is not a tuple"));
    };
    if items.is_empty() || items.len() > 2 {
        return Err(type_error("state is not a length 1 or 2 tuple"));
    }
    if !items.iter().all(is_iterator) {
        return Err(type_error("Arguments must be iterators."));
    }
    *c.source.borrow_mut() = Some(items[0].clone());
    *c.active.borrow_mut() = items.get(1).cloned();
    Ok(none())
}

// ---- compress, dropwhile, takewhile, filterfalse, starmap ----

struct Compress {
    data: Value,
    selectors: Value,
}

impl NativeData for Compress {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.data);
        visit(&self.selectors);
    }
}

impl Step for Compress {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        loop {
            let Some(d) = vm.next(&self.data)? else {
                return Ok(None);
            };
            let Some(s) = vm.next(&self.selectors)? else {
                return Ok(None);
            };
            if vm.truthy(&s)? {
                return Ok(Some(d));
            }
        }
    }
}

fn compress_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    let b = rest.bind("compress", &["data", "selectors"], 2)?;
    let data = vm.iter(b[0].as_ref().expect("data"))?;
    let selectors = vm.iter(b[1].as_ref().expect("selectors"))?;
    Ok(new_native(cls, Compress { data, selectors }))
}

fn compress_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let c = state::<Compress>(this)?;
    Ok(reduce_value(
        this,
        vec![c.data.clone(), c.selectors.clone()],
        None,
    ))
}

/// `dropwhile` and `takewhile`: a predicate, an iterator and whether the switch happened.
struct WhileIter {
    func: Value,
    it: Value,
    switched: Cell<bool>,
    drop: bool,
}

impl NativeData for WhileIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func);
        visit(&self.it);
    }
}

impl Step for WhileIter {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        if self.drop {
            loop {
                let Some(item) = vm.next(&self.it)? else {
                    return Ok(None);
                };
                if self.switched.get() {
                    return Ok(Some(item));
                }
                let r = vm.call(&self.func, std::slice::from_ref(&item))?;
                if !vm.truthy(&r)? {
                    self.switched.set(true);
                    return Ok(Some(item));
                }
            }
        }
        if self.switched.get() {
            return Ok(None);
        }
        let Some(item) = vm.next(&self.it)? else {
            return Ok(None);
        };
        let r = vm.call(&self.func, std::slice::from_ref(&item))?;
        if vm.truthy(&r)? {
            return Ok(Some(item));
        }
        self.switched.set(true);
        Ok(None)
    }
}

fn while_new(vm: &mut Vm, args: Args, drop: bool) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    let (base, name) = if drop {
        (&DROPWHILE_TYPE, "dropwhile")
    } else {
        (&TAKEWHILE_TYPE, "takewhile")
    };
    rest.no_keywords_unless_init(cls, base, name)?;
    let a = unpack(&rest, name, 2, 2)?;
    let it = vm.iter(&a[1])?;
    Ok(new_native(
        cls,
        WhileIter {
            func: a[0].clone(),
            it,
            switched: Cell::new(false),
            drop,
        },
    ))
}

fn dropwhile_new(vm: &mut Vm, args: Args) -> PyResult {
    while_new(vm, args, true)
}

fn takewhile_new(vm: &mut Vm, args: Args) -> PyResult {
    while_new(vm, args, false)
}

fn while_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let w = state::<WhileIter>(this)?;
    Ok(reduce_value(
        this,
        vec![w.func.clone(), w.it.clone()],
        Some(types::bool_value(w.switched.get())),
    ))
}

fn while_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let w = state::<WhileIter>(&a[0])?;
    w.switched.set(vm.truthy(&a[1])?);
    Ok(none())
}

struct FilterFalse {
    func: Value,
    it: Value,
}

impl NativeData for FilterFalse {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func);
        visit(&self.it);
    }
}

impl Step for FilterFalse {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        loop {
            let Some(item) = vm.next(&self.it)? else {
                return Ok(None);
            };
            let keep = if self.func.is_none() || self.func.is(&types::BOOL_TYPE.to_value()) {
                !vm.truthy(&item)?
            } else {
                let r = vm.call(&self.func, std::slice::from_ref(&item))?;
                !vm.truthy(&r)?
            };
            if keep {
                return Ok(Some(item));
            }
        }
    }
}

fn filterfalse_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    rest.no_keywords_unless_init(cls, &FILTERFALSE_TYPE, "filterfalse")?;
    let a = unpack(&rest, "filterfalse", 2, 2)?;
    let it = vm.iter(&a[1])?;
    Ok(new_native(
        cls,
        FilterFalse {
            func: a[0].clone(),
            it,
        },
    ))
}

fn filterfalse_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let f = state::<FilterFalse>(this)?;
    Ok(reduce_value(this, vec![f.func.clone(), f.it.clone()], None))
}

struct Starmap {
    func: Value,
    it: Value,
}

impl NativeData for Starmap {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func);
        visit(&self.it);
    }
}

impl Step for Starmap {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        let Some(item) = vm.next(&self.it)? else {
            return Ok(None);
        };
        let call_args = match tuple::as_tuple(&item) {
            Some(t) => t.to_vec(),
            None => vm.collect(&item)?,
        };
        vm.call(&self.func, &call_args).map(Some)
    }
}

fn starmap_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    rest.no_keywords_unless_init(cls, &STARMAP_TYPE, "starmap")?;
    let a = unpack(&rest, "starmap", 2, 2)?;
    let it = vm.iter(&a[1])?;
    Ok(new_native(
        cls,
        Starmap {
            func: a[0].clone(),
            it,
        },
    ))
}

fn starmap_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let s = state::<Starmap>(this)?;
    Ok(reduce_value(this, vec![s.func.clone(), s.it.clone()], None))
}

// ---- accumulate ----

struct Accumulate {
    it: Value,
    func: Value,
    /// None before the first item (CPython's NULL); the running total after.
    total: RefCell<Option<Value>>,
    initial: RefCell<Option<Value>>,
}

impl NativeData for Accumulate {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.it);
        visit(&self.func);
        for v in [&self.total, &self.initial] {
            if let Some(v) = &*v.borrow() {
                visit(v);
            }
        }
    }
}

impl Step for Accumulate {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        if let Some(initial) = self.initial.borrow_mut().take() {
            *self.total.borrow_mut() = Some(initial.clone());
            return Ok(Some(initial));
        }
        let Some(val) = vm.next(&self.it)? else {
            return Ok(None);
        };
        let total = match current(&self.total) {
            None => val,
            Some(t) if self.func.is_none() => vm.binary_op(&t, &val, BinaryOperator::Add, false)?,
            Some(t) => vm.call(&self.func, &[t, val])?,
        };
        *self.total.borrow_mut() = Some(total.clone());
        Ok(Some(total))
    }
}

fn accumulate_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    if rest.positional().len() > 2 {
        return Err(type_error(format!(
            "accumulate() takes at most 2 positional arguments ({} given)",
            rest.positional().len()
        )));
    }
    let b = rest.bind("accumulate", &["iterable", "func", "initial"], 1)?;
    let it = vm.iter(b[0].as_ref().expect("iterable"))?;
    Ok(new_native(
        cls,
        Accumulate {
            it,
            func: b[1].clone().unwrap_or_else(none),
            total: RefCell::new(None),
            initial: RefCell::new(b[2].clone().filter(|v| !v.is_none())),
        },
    ))
}

fn accumulate_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let a = state::<Accumulate>(this)?;
    if let Some(initial) = current(&a.initial) {
        let it = vm.call(
            &CHAIN_TYPE.to_value(),
            &[tuple::from_array([initial]), a.it.clone()],
        )?;
        return Ok(reduce_value(this, vec![it, a.func.clone()], Some(none())));
    }
    match current(&a.total) {
        Some(t) if t.is_none() => {
            // A total of None cannot travel as state (None means "no state"), so the copy
            // re-reads it as its first item and an islice drops that item again.
            let chained = vm.call(
                &CHAIN_TYPE.to_value(),
                &[tuple::from_array([t]), a.it.clone()],
            )?;
            let acc = vm.call(&this.ty().to_value(), &[chained, a.func.clone()])?;
            Ok(tuple::from_array([
                ISLICE_TYPE.to_value(),
                tuple::from_array([acc, int::from_i64(1), none()]),
            ]))
        }
        total => Ok(reduce_value(
            this,
            vec![a.it.clone(), a.func.clone()],
            Some(total.unwrap_or_else(none)),
        )),
    }
}

fn accumulate_setstate(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    *state::<Accumulate>(&a[0])?.total.borrow_mut() = Some(a[1].clone());
    Ok(none())
}

// ---- groupby ----

struct GroupBy {
    it: Value,
    keyfunc: Value,
    tgtkey: RefCell<Option<Value>>,
    currkey: RefCell<Option<Value>>,
    currvalue: RefCell<Option<Value>>,
    /// The serial number of the current `_grouper` (0: none).
    current: Cell<u64>,
    serial: Cell<u64>,
}

impl NativeData for GroupBy {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.it);
        visit(&self.keyfunc);
        for v in [&self.tgtkey, &self.currkey, &self.currvalue] {
            if let Some(v) = &*v.borrow() {
                visit(v);
            }
        }
    }
}

impl GroupBy {
    /// Reads the next value and its key; false at the end of the input.
    fn advance(&self, vm: &mut Vm) -> PyResult<bool> {
        let Some(value) = vm.next(&self.it)? else {
            return Ok(false);
        };
        let key = if self.keyfunc.is_none() {
            value.clone()
        } else {
            vm.call(&self.keyfunc, std::slice::from_ref(&value))?
        };
        *self.currvalue.borrow_mut() = Some(value);
        *self.currkey.borrow_mut() = Some(key);
        Ok(true)
    }

    fn new_grouper(&self, parent: &Value, tgtkey: Value) -> Value {
        let id = self.serial.get() + 1;
        self.serial.set(id);
        self.current.set(id);
        new_native(
            &GROUPER_TYPE,
            Grouper {
                parent: parent.clone(),
                tgtkey,
                id,
            },
        )
    }
}

impl Step for GroupBy {
    fn step(&self, vm: &mut Vm, this: &Value) -> PyResult<Option<Value>> {
        self.current.set(0);
        loop {
            let currkey = current(&self.currkey);
            if let Some(ck) = &currkey {
                match current(&self.tgtkey) {
                    None => break,
                    Some(tk) => {
                        if !vm.eq(&tk, ck)? {
                            break;
                        }
                    }
                }
            }
            if !self.advance(vm)? {
                return Ok(None);
            }
        }
        let key = current(&self.currkey).expect("current key");
        *self.tgtkey.borrow_mut() = Some(key.clone());
        let grouper = self.new_grouper(this, key.clone());
        Ok(Some(tuple::from_array([key, grouper])))
    }
}

fn groupby_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    let b = rest.bind("groupby", &["iterable", "key"], 1)?;
    let it = vm.iter(b[0].as_ref().expect("iterable"))?;
    Ok(new_native(
        cls,
        GroupBy {
            it,
            keyfunc: b[1].clone().unwrap_or_else(none),
            tgtkey: RefCell::new(None),
            currkey: RefCell::new(None),
            currvalue: RefCell::new(None),
            current: Cell::new(0),
            serial: Cell::new(0),
        },
    ))
}

fn groupby_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let g = state::<GroupBy>(this)?;
    let base = vec![g.it.clone(), g.keyfunc.clone()];
    match (
        current(&g.tgtkey),
        current(&g.currkey),
        current(&g.currvalue),
    ) {
        (Some(t), Some(k), Some(v)) => {
            Ok(reduce_value(this, base, Some(tuple::from_array([k, v, t]))))
        }
        _ => Ok(reduce_value(this, base, None)),
    }
}

fn groupby_setstate(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let g = state::<GroupBy>(&a[0])?;
    let Some(items) = tuple::as_tuple(&a[1]).filter(|t| t.len() == 3) else {
        return Err(type_error("state is not a tuple"));
    };
    *g.currkey.borrow_mut() = Some(items[0].clone());
    *g.currvalue.borrow_mut() = Some(items[1].clone());
    *g.tgtkey.borrow_mut() = Some(items[2].clone());
    Ok(none())
}

struct Grouper {
    parent: Value,
    tgtkey: Value,
    id: u64,
}

impl NativeData for Grouper {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.parent);
        visit(&self.tgtkey);
    }
}

impl Step for Grouper {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        let g = state::<GroupBy>(&self.parent)?;
        if g.current.get() != self.id {
            return Ok(None);
        }
        if current(&g.currvalue).is_none() && !g.advance(vm)? {
            return Ok(None);
        }
        let Some(ck) = current(&g.currkey) else {
            return Ok(None);
        };
        if !vm.eq(&self.tgtkey, &ck)? {
            return Ok(None);
        }
        let v = g.currvalue.borrow_mut().take();
        *g.currkey.borrow_mut() = None;
        Ok(v)
    }
}

fn grouper_new(_vm: &mut Vm, args: Args) -> PyResult {
    let (_, rest) = new_args(&args)?;
    let a = unpack(&rest, "_grouper", 2, 2)?;
    let g = native_ref::<GroupBy>(&a[0]).ok_or_else(|| {
        type_error(format!(
            "_grouper() argument 1 must be itertools.groupby, not {}",
            a[0].ty().name()
        ))
    })?;
    Ok(g.new_grouper(&a[0], a[1].clone()))
}

fn grouper_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let gr = state::<Grouper>(this)?;
    let g = state::<GroupBy>(&gr.parent)?;
    if g.current.get() != gr.id {
        let iter = vm.getattr(&vm.builtins_module.clone(), "iter")?;
        return Ok(tuple::from_array([
            iter,
            tuple::from_array([tuple::from_array([])]),
        ]));
    }
    Ok(reduce_value(
        this,
        vec![gr.parent.clone(), gr.tgtkey.clone()],
        None,
    ))
}

// ---- islice ----

struct Islice {
    it: RefCell<Option<Value>>,
    next: Cell<i64>,
    /// -1: no stop.
    stop: i64,
    step: i64,
    cnt: Cell<i64>,
}

impl NativeData for Islice {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(it) = &*self.it.borrow() {
            visit(it);
        }
    }
}

impl Step for Islice {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        let Some(it) = current(&self.it) else {
            return Ok(None);
        };
        let stop = self.stop;
        let result = (|| {
            while self.cnt.get() < self.next.get() {
                if vm.next(&it)?.is_none() {
                    return Ok(None);
                }
                self.cnt.set(self.cnt.get() + 1);
            }
            if stop != -1 && self.cnt.get() >= stop {
                return Ok(None);
            }
            let Some(item) = vm.next(&it)? else {
                return Ok(None);
            };
            self.cnt.set(self.cnt.get() + 1);
            let old = self.next.get();
            let mut next = old.saturating_add(self.step);
            if stop != -1 && next > stop {
                next = stop;
            }
            self.next.set(next);
            Ok(Some(item))
        })();
        if !matches!(result, Ok(Some(_))) {
            *self.it.borrow_mut() = None;
        }
        result
    }
}

/// islice's reading of an argument: None when it is not an integer that fits in an `i64`
/// (CPython's -1 with the error cleared).
fn islice_arg(vm: &mut Vm, v: &Value) -> PyResult<Option<i64>> {
    match vm.index(v) {
        Ok(n) => Ok(int::as_i64(&n)),
        Err(e) if e.is_instance(&exception::TYPE_ERROR) => Ok(None),
        Err(e) => Err(e),
    }
}

fn islice_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    rest.no_keywords_unless_init(cls, &ISLICE_TYPE, "islice")?;
    let a = unpack(&rest, "islice", 2, 4)?;
    const STOP_MSG: &str =
        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    const INDEX_MSG: &str =
        "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (mut start, mut stop, mut step) = (0i64, -1i64, 1i64);
    if a.len() == 2 {
        if !a[1].is_none() {
            stop = islice_arg(vm, &a[1])?.unwrap_or(-1);
            if stop == -1 {
                return Err(value_error(STOP_MSG));
            }
        }
    } else {
        if !a[1].is_none() {
            start = islice_arg(vm, &a[1])?.unwrap_or(-1);
        }
        if !a[2].is_none() {
            stop = islice_arg(vm, &a[2])?.unwrap_or(-1);
            if stop == -1 {
                return Err(value_error(STOP_MSG));
            }
        }
    }
    if start < 0 || stop < -1 {
        return Err(value_error(INDEX_MSG));
    }
    if let Some(s) = a.get(3).filter(|s| !s.is_none()) {
        step = islice_arg(vm, s)?.unwrap_or(-1);
        if step < 1 {
            return Err(value_error(
                "Step for islice() must be a positive integer or None.",
            ));
        }
    }
    let it = vm.iter(&a[0])?;
    Ok(new_native(
        cls,
        Islice {
            it: RefCell::new(Some(it)),
            next: Cell::new(start),
            stop,
            step,
            cnt: Cell::new(0),
        },
    ))
}

fn islice_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let s = state::<Islice>(this)?;
    let Some(it) = current(&s.it) else {
        let empty = vm.iter(&list::new_list(vec![]))?;
        return Ok(reduce_value(
            this,
            vec![empty, int::from_i64(0)],
            Some(int::from_i64(0)),
        ));
    };
    let stop = if s.stop == -1 {
        none()
    } else {
        int::from_i64(s.stop)
    };
    Ok(reduce_value(
        this,
        vec![it, int::from_i64(s.next.get()), stop, int::from_i64(s.step)],
        Some(int::from_i64(s.cnt.get())),
    ))
}

fn islice_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let s = state::<Islice>(&a[0])?;
    s.cnt.set(vm.index_i64(&a[1])?);
    Ok(none())
}

// ---- pairwise ----

struct Pairwise {
    it: RefCell<Option<Value>>,
    old: RefCell<Option<Value>>,
}

impl NativeData for Pairwise {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for v in [&self.it, &self.old] {
            if let Some(v) = &*v.borrow() {
                visit(v);
            }
        }
    }
}

impl Step for Pairwise {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        let Some(it) = current(&self.it) else {
            return Ok(None);
        };
        let old = match current(&self.old) {
            Some(o) => o,
            None => match vm.next(&it)? {
                Some(o) => {
                    *self.old.borrow_mut() = Some(o.clone());
                    o
                }
                None => {
                    *self.it.borrow_mut() = None;
                    return Ok(None);
                }
            },
        };
        let Some(new) = vm.next(&it)? else {
            *self.it.borrow_mut() = None;
            *self.old.borrow_mut() = None;
            return Ok(None);
        };
        *self.old.borrow_mut() = Some(new.clone());
        Ok(Some(tuple::from_array([old, new])))
    }
}

fn pairwise_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    rest.no_keywords_unless_init(cls, &PAIRWISE_TYPE, "pairwise")?;
    let a = unpack(&rest, "pairwise", 1, 1)?;
    let it = vm.iter(&a[0])?;
    Ok(new_native(
        cls,
        Pairwise {
            it: RefCell::new(Some(it)),
            old: RefCell::new(None),
        },
    ))
}

// ---- zip_longest ----

struct ZipLongest {
    iters: RefCell<Vec<Option<Value>>>,
    active: Cell<usize>,
    fillvalue: RefCell<Value>,
}

impl NativeData for ZipLongest {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for v in self.iters.borrow().iter().flatten() {
            visit(v);
        }
        visit(&self.fillvalue.borrow());
    }
}

impl Step for ZipLongest {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        let n = self.iters.borrow().len();
        if n == 0 || self.active.get() == 0 {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let it = self.iters.borrow()[i].clone();
            let fill = self.fillvalue.borrow().clone();
            let item = match it {
                None => fill,
                Some(it) => match vm.next(&it) {
                    Ok(Some(v)) => v,
                    Ok(None) => {
                        self.active.set(self.active.get() - 1);
                        if self.active.get() == 0 {
                            return Ok(None);
                        }
                        self.iters.borrow_mut()[i] = None;
                        fill
                    }
                    Err(e) => {
                        self.active.set(0);
                        return Err(e);
                    }
                },
            };
            out.push(item);
        }
        Ok(Some(tuple::new_tuple(out)))
    }
}

fn zip_longest_new(vm: &mut Vm, args: Args) -> PyResult {
    let (cls, rest) = new_args(&args)?;
    let mut fillvalue = none();
    for (k, v) in rest.keywords() {
        if str::as_str(k) == Some("fillvalue") {
            fillvalue = v.clone();
        } else {
            return Err(type_error(
                "zip_longest() got an unexpected keyword argument",
            ));
        }
    }
    let mut iters = Vec::new();
    for a in rest.positional() {
        iters.push(Some(vm.iter(a)?));
    }
    let n = iters.len();
    Ok(new_native(
        cls,
        ZipLongest {
            iters: RefCell::new(iters),
            active: Cell::new(n),
            fillvalue: RefCell::new(fillvalue),
        },
    ))
}

fn zip_longest_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let z = state::<ZipLongest>(this)?;
    let its = z
        .iters
        .borrow()
        .iter()
        .map(|i| i.clone().unwrap_or_else(|| tuple::from_array([])))
        .collect();
    Ok(reduce_value(this, its, Some(z.fillvalue.borrow().clone())))
}

fn zip_longest_setstate(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    *state::<ZipLongest>(&a[0])?.fillvalue.borrow_mut() = a[1].clone();
    Ok(none())
}

// ---- the module ----

/// A `TypeSpec` for an iterator type: `__new__`, `__iter__`, `__next__` and `extra` methods.
macro_rules! iterator_spec {
    ($ty:expr, $state:ty, $new:expr, [$($extra:expr),* $(,)?], $doc:expr) => {
        TypeSpec {
            ty: &$ty,
            methods: methods![
                MethodDef::static_("__new__", $new),
                $crate::builtins::methods::iter::ITER,
                MethodDef::method("__next__", $crate::modules::itertools::next_of::<$state>),
                $($extra),*
            ],
            getsets: getsets![],
            doc: Some($doc),
        }
    };
}
pub(crate) use iterator_spec;

fn install_types() {
    let specs = [
        iterator_spec!(
            COUNT_TYPE,
            Count,
            count_new,
            [
                MethodDef::method("__repr__", count_repr),
                MethodDef::method("__reduce__", count_reduce),
            ],
            "Return a count object whose .__next__() method returns consecutive values."
        ),
        iterator_spec!(
            REPEAT_TYPE,
            Repeat,
            repeat_new,
            [
                MethodDef::method("__repr__", repeat_repr),
                MethodDef::method("__length_hint__", repeat_length_hint),
                MethodDef::method("__reduce__", repeat_reduce),
            ],
            "repeat(object [,times]) -> create an iterator which returns the object\n\
             for the specified number of times.  If not specified, returns the object\n\
             endlessly."
        ),
        iterator_spec!(
            CYCLE_TYPE,
            Cycle,
            cycle_new,
            [
                MethodDef::method("__reduce__", cycle_reduce),
                MethodDef::method("__setstate__", cycle_setstate),
            ],
            "Return elements from the iterable until it is exhausted. Then repeat the sequence \
             indefinitely."
        ),
        iterator_spec!(
            CHAIN_TYPE,
            Chain,
            chain_new,
            [
                MethodDef::class("from_iterable", chain_from_iterable),
                MethodDef::method("__reduce__", chain_reduce),
                MethodDef::method("__setstate__", chain_setstate),
                MethodDef::class(
                    "__class_getitem__",
                    crate::builtins::methods::genericalias::class_getitem
                ),
            ],
            "chain(*iterables) --> chain object\n\nReturn a chain object whose .__next__() \
             method returns elements from the\nfirst iterable until it is exhausted, then \
             elements from the next\niterable, until all of the iterables are exhausted."
        ),
        iterator_spec!(
            COMPRESS_TYPE,
            Compress,
            compress_new,
            [MethodDef::method("__reduce__", compress_reduce)],
            "Return data elements corresponding to true selector elements."
        ),
        iterator_spec!(
            DROPWHILE_TYPE,
            WhileIter,
            dropwhile_new,
            [
                MethodDef::method("__reduce__", while_reduce),
                MethodDef::method("__setstate__", while_setstate),
            ],
            "Drop items from the iterable while predicate(item) is true."
        ),
        iterator_spec!(
            TAKEWHILE_TYPE,
            WhileIter,
            takewhile_new,
            [
                MethodDef::method("__reduce__", while_reduce),
                MethodDef::method("__setstate__", while_setstate),
            ],
            "Return successive entries from an iterable as long as the predicate evaluates to \
             true for each entry."
        ),
        iterator_spec!(
            FILTERFALSE_TYPE,
            FilterFalse,
            filterfalse_new,
            [MethodDef::method("__reduce__", filterfalse_reduce)],
            "Return those items of iterable for which function(item) is false."
        ),
        iterator_spec!(
            STARMAP_TYPE,
            Starmap,
            starmap_new,
            [MethodDef::method("__reduce__", starmap_reduce)],
            "Return an iterator whose values are returned from the function evaluated with an \
             argument tuple taken from the given sequence."
        ),
        iterator_spec!(
            ACCUMULATE_TYPE,
            Accumulate,
            accumulate_new,
            [
                MethodDef::method("__reduce__", accumulate_reduce),
                MethodDef::method("__setstate__", accumulate_setstate),
            ],
            "Return series of accumulated sums (or other binary function results)."
        ),
        iterator_spec!(
            GROUPBY_TYPE,
            GroupBy,
            groupby_new,
            [
                MethodDef::method("__reduce__", groupby_reduce),
                MethodDef::method("__setstate__", groupby_setstate),
            ],
            "make an iterator that returns consecutive keys and groups from the iterable"
        ),
        iterator_spec!(
            GROUPER_TYPE,
            Grouper,
            grouper_new,
            [MethodDef::method("__reduce__", grouper_reduce)],
            ""
        ),
        iterator_spec!(
            ISLICE_TYPE,
            Islice,
            islice_new,
            [
                MethodDef::method("__reduce__", islice_reduce),
                MethodDef::method("__setstate__", islice_setstate),
            ],
            "islice(iterable, stop) --> islice object\nislice(iterable, start, stop[, step]) \
             --> islice object\n\nReturn an iterator whose next() method returns selected \
             values from an\niterable.  If start is specified, will skip all preceding \
             elements;\notherwise, start defaults to zero.  Step defaults to one.  If\n\
             specified as another value, step determines how many values are\nskipped \
             between successive calls.  Works like a slice() on a list\nbut returns an \
             iterator."
        ),
        iterator_spec!(
            PAIRWISE_TYPE,
            Pairwise,
            pairwise_new,
            [],
            "Return an iterator of overlapping pairs taken from the input iterator.\n\n    \
             s -> (s0,s1), (s1,s2), (s2, s3), ..."
        ),
        iterator_spec!(
            ZIP_LONGEST_TYPE,
            ZipLongest,
            zip_longest_new,
            [
                MethodDef::method("__reduce__", zip_longest_reduce),
                MethodDef::method("__setstate__", zip_longest_setstate),
            ],
            "zip_longest(iter1 [,iter2 [...]], [fillvalue=None]) --> zip_longest object\n\n\
             Return a zip_longest object whose .__next__() method returns a tuple where\nthe \
             i-th element comes from the i-th iterable argument.  The .__next__()\nmethod \
             continues until the longest iterable in the argument sequence\nis exhausted and \
             then it raises StopIteration.  When the shorter iterables\nare exhausted, the \
             fillvalue is substituted in their place.  The fillvalue\ndefaults to None or can \
             be specified by a keyword argument."
        ),
    ];
    for spec in specs
        .iter()
        .chain(tee::specs().iter())
        .chain(combinatorics::specs().iter())
    {
        install_native_type(spec);
    }
    for ty in all_types() {
        *ty.module.borrow_mut() = std::borrow::Cow::Borrowed("itertools");
    }
}

/// Creates the `itertools` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    install_types();
    let m = module::new_module("itertools");
    for ty in all_types() {
        module::set_attr(&m, &ty.name(), ty.to_value());
    }
    module::set_attr(
        &m,
        "tee",
        function::new_builtin_function("tee", tee::tee, Some(m.clone())),
    );
    module::set_attr(
        &m,
        "__doc__",
        str::new_str("Functional tools for creating and using iterators."),
    );
    Ok(m)
}
