//! `tee`: independent iterators over one input, sharing its values through a chain of
//! `_tee_dataobject` links of 57 values each (as CPython's, so pickled state matches).

use std::cell::{Cell, RefCell};

use super::{iterator_spec, new_args, reduce_value, state, unpack, Step, TEE_DATA_TYPE, TEE_TYPE};
use crate::object::error::{Args, PyResult};
use crate::object::exception::{runtime_error, type_error, value_error};
use crate::object::native::{native_ref, new_native, NativeData};
use crate::object::types::{none, MethodDef, TypeSpec};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// Values per link, CPython's `LINKCELLS`.
const LINKCELLS: usize = 57;

struct TeeData {
    it: Value,
    values: RefCell<Vec<Value>>,
    next: RefCell<Option<Value>>,
    running: Cell<bool>,
}

impl NativeData for TeeData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.it);
        for v in self.values.borrow().iter() {
            visit(v);
        }
        if let Some(n) = &*self.next.borrow() {
            visit(n);
        }
    }

    fn clear(&self, out: &mut Vec<Value>) {
        out.append(&mut self.values.borrow_mut());
        out.extend(self.next.borrow_mut().take());
    }
}

impl Drop for TeeData {
    /// Unlinks the chain iteratively, so a long one does not recurse on the native stack.
    fn drop(&mut self) {
        let mut next = self.next.get_mut().take();
        while let Some(link) = next {
            next = if link.refcount() == 1 {
                native_ref::<TeeData>(&link).and_then(|d| d.next.borrow_mut().take())
            } else {
                None
            };
        }
    }
}

fn new_data(it: Value) -> Value {
    new_native(
        &TEE_DATA_TYPE,
        TeeData {
            it,
            values: RefCell::new(Vec::new()),
            next: RefCell::new(None),
            running: Cell::new(false),
        },
    )
}

impl TeeData {
    /// The link after this one, made on first use.
    fn jumplink(&self) -> Value {
        self.next
            .borrow_mut()
            .get_or_insert_with(|| new_data(self.it.clone()))
            .clone()
    }

    fn get(&self, vm: &mut Vm, i: usize) -> PyResult<Option<Value>> {
        if let Some(v) = self.values.borrow().get(i) {
            return Ok(Some(v.clone()));
        }
        if self.running.get() {
            return Err(runtime_error("cannot re-enter the tee iterator"));
        }
        self.running.set(true);
        let r = vm.next(&self.it);
        self.running.set(false);
        let v = r?;
        if let Some(v) = &v {
            self.values.borrow_mut().push(v.clone());
        }
        Ok(v)
    }
}

struct Tee {
    data: RefCell<Value>,
    index: Cell<usize>,
}

impl NativeData for Tee {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.data.borrow());
    }
}

impl Step for Tee {
    fn step(&self, vm: &mut Vm, _this: &Value) -> PyResult<Option<Value>> {
        if self.index.get() >= LINKCELLS {
            let next = state::<TeeData>(&self.data.borrow())?.jumplink();
            *self.data.borrow_mut() = next;
            self.index.set(0);
        }
        let data = self.data.borrow().clone();
        let v = state::<TeeData>(&data)?.get(vm, self.index.get())?;
        if v.is_some() {
            self.index.set(self.index.get() + 1);
        }
        Ok(v)
    }
}

fn copy_of(t: &Tee) -> Value {
    new_native(
        &TEE_TYPE,
        Tee {
            data: RefCell::new(t.data.borrow().clone()),
            index: Cell::new(t.index.get()),
        },
    )
}

/// A `_tee` over `iterable` (a copy when it already is one).
fn from_iterable(vm: &mut Vm, iterable: &Value) -> PyResult {
    let it = vm.iter(iterable)?;
    if let Some(t) = native_ref::<Tee>(&it) {
        return Ok(copy_of(t));
    }
    Ok(new_native(
        &TEE_TYPE,
        Tee {
            data: RefCell::new(new_data(it)),
            index: Cell::new(0),
        },
    ))
}

fn tee_new(vm: &mut Vm, args: Args) -> PyResult {
    let (_, rest) = new_args(&args)?;
    let a = unpack(&rest, "_tee", 1, 1)?;
    from_iterable(vm, &a[0])
}

fn tee_copy(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(copy_of(state::<Tee>(&args.values[0])?))
}

fn tee_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let t = state::<Tee>(this)?;
    let state = tuple::from_array([t.data.borrow().clone(), int::from_usize(t.index.get())]);
    Ok(reduce_value(this, vec![tuple::from_array([])], Some(state)))
}

fn tee_setstate(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__setstate__", 2, 2)?;
    let t = state::<Tee>(&a[0])?;
    let Some(items) = tuple::as_tuple(&a[1]) else {
        return Err(type_error("state is not a tuple"));
    };
    if items.len() != 2 || native_ref::<TeeData>(&items[0]).is_none() {
        return Err(type_error(
            "__setstate__ argument must be a (_tee_dataobject, int) tuple",
        ));
    }
    let index = vm.index_i64(&items[1])?;
    if !(0..=LINKCELLS as i64).contains(&index) {
        return Err(value_error("Index out of range"));
    }
    *t.data.borrow_mut() = items[0].clone();
    t.index.set(index as usize);
    Ok(none())
}

fn data_new(_vm: &mut Vm, args: Args) -> PyResult {
    let (_, rest) = new_args(&args)?;
    let a = unpack(&rest, "_tee_dataobject", 3, 3)?;
    let Some(values) = list::as_list(&a[1]) else {
        return Err(type_error(format!(
            "_tee_dataobject() argument 2 must be list, not {}",
            a[1].ty().name()
        )));
    };
    let values = values.0.borrow().clone();
    if values.len() > LINKCELLS {
        return Err(value_error(
            "_tee_dataobject should not have more than 57 links",
        ));
    }
    let next = if a[2].is_none() {
        None
    } else if native_ref::<TeeData>(&a[2]).is_some() {
        Some(a[2].clone())
    } else {
        return Err(type_error("_tee_dataobject next is not a teedataobject"));
    };
    if values.len() < LINKCELLS && next.is_some() {
        return Err(value_error(
            "_tee_dataobject shouldn't have a next if not full",
        ));
    }
    Ok(new_native(
        &TEE_DATA_TYPE,
        TeeData {
            it: a[0].clone(),
            values: RefCell::new(values),
            next: RefCell::new(next),
            running: Cell::new(false),
        },
    ))
}

fn data_reduce(_vm: &mut Vm, args: Args) -> PyResult {
    let this = &args.values[0];
    let d = state::<TeeData>(this)?;
    let args = vec![
        d.it.clone(),
        list::new_list(d.values.borrow().clone()),
        d.next.borrow().clone().unwrap_or_else(none),
    ];
    Ok(reduce_value(this, args, None))
}

/// `tee(iterable, n=2)`.
pub fn tee(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("tee", 1, 2)?;
    let n = match a.get(1) {
        Some(n) => vm.index_i64(n)?,
        None => 2,
    };
    if n < 0 {
        return Err(value_error("n must be >= 0"));
    }
    if n == 0 {
        return Ok(tuple::from_array([]));
    }
    let it = vm.iter(&a[0])?;
    let (first, copy) = match vm.getattr_opt(&it, "__copy__")? {
        Some(copy) => (it, copy),
        None => {
            let t = from_iterable(vm, &it)?;
            let copy = vm.getattr(&t, "__copy__")?;
            (t, copy)
        }
    };
    let mut out = vec![first];
    for _ in 1..n {
        out.push(vm.call(&copy, &[])?);
    }
    Ok(tuple::new_tuple(out))
}

pub fn specs() -> [TypeSpec; 2] {
    [
        iterator_spec!(
            TEE_TYPE,
            Tee,
            tee_new,
            [
                MethodDef::method("__copy__", tee_copy),
                MethodDef::method("__reduce__", tee_reduce),
                MethodDef::method("__setstate__", tee_setstate),
            ],
            "Iterator wrapped to make it copyable"
        ),
        TypeSpec {
            ty: &TEE_DATA_TYPE,
            methods: methods![
                MethodDef::static_("__new__", data_new),
                MethodDef::method("__reduce__", data_reduce),
            ],
            getsets: getsets![],
            doc: Some("teedataobject(iterable, values, next, /)\n--\n\nData container common to multiple tee objects."),
        },
    ]
}
