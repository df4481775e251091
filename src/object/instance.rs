//! Instances of classes defined in Python.
//!
//! Attribute values live in an array: first the `__slots__` values (one cell per slot of the
//! class and its bases, read and written by member descriptors), then the values of the
//! attributes the instance's [`Shape`] names, in its order. The attribute dict is made only when
//! something asks for `__dict__` (or an attribute does not fit a shape); from then on the dict
//! holds every attribute but the slots (in the cell after them), so one store serves both
//! views and they cannot disagree. An instance of a class derived from a built-in type
//! (list, int, dict, ...) wraps a value of that built-in type in `base_value`, to which the
//! built-in's methods are applied (see `Value::payload`).

use std::cell::UnsafeCell;
use std::ptr::NonNull;
use std::rc::Rc;

use super::shape::Shape;
use super::typeobj::{Layout, TypeObject};
use super::value::{Payload, Value};

pub struct Instance {
    attrs: UnsafeCell<Attrs>,
    pub base_value: Option<Value>,
}

/// `Attrs::flags`: `__del__` has run (it runs at most once per object).
const FINALIZED: u32 = 1;
/// `Attrs::flags`: a weakref to the object was made (its list is in the weakref side table).
const WEAKLY_REFERENCED: u32 = 2;

/// The attribute storage, 24 bytes: with the header, the collector's links and `base_value`
/// an instance is one 72-byte block, plus its value cells.
struct Attrs {
    /// Names the values after the slots; `Shape::dict_mode()` while a dict holds them.
    shape: Rc<Shape>,
    /// `len` cells (a `Box<[Option<Value>]>` taken apart, dangling when empty): the slots'
    /// values, then the shape's; None for an unset slot or a spare cell. In dict mode the cell
    /// after the slots holds the dict.
    cells: NonNull<Option<Value>>,
    len: u32,
    flags: u32,
}

impl Attrs {
    #[inline(always)]
    fn cells(&self) -> &[Option<Value>] {
        // SAFETY: `cells` and `len` always describe a live boxed slice (or an empty one).
        unsafe { &*std::ptr::slice_from_raw_parts(self.cells.as_ptr(), self.len as usize) }
    }

    #[inline(always)]
    fn cells_mut(&mut self) -> &mut [Option<Value>] {
        // SAFETY: as in `cells`; `&mut self` makes the access unique.
        unsafe { &mut *std::ptr::slice_from_raw_parts_mut(self.cells.as_ptr(), self.len as usize) }
    }

    /// Takes the cells out, leaving none.
    fn take_cells(&mut self) -> Vec<Option<Value>> {
        let raw = std::ptr::slice_from_raw_parts_mut(self.cells.as_ptr(), self.len as usize);
        self.cells = NonNull::dangling();
        self.len = 0;
        // SAFETY: `raw` came from `Box::into_raw` in `set_cells` (or is an empty slice at a
        // dangling address, which a Box of zero length may own); it is owned once, here.
        unsafe { Box::from_raw(raw) }.into_vec()
    }

    /// Installs `cells` (the cells held before are dropped by the caller through
    /// `take_cells`).
    fn set_cells(&mut self, cells: Vec<Option<Value>>) {
        debug_assert_eq!(self.len, 0);
        let boxed = cells.into_boxed_slice();
        self.len = u32::try_from(boxed.len()).expect("few cells");
        // SAFETY: `Box::into_raw` never gives a null pointer.
        self.cells = unsafe { NonNull::new_unchecked(Box::into_raw(boxed) as *mut Option<Value>) };
    }
}

impl Drop for Attrs {
    fn drop(&mut self) {
        drop(self.take_cells());
    }
}

/// Where `Instance::lookup` found an attribute.
pub enum Lookup {
    Found(Value),
    Absent,
    /// The instance keeps a dict: look the name up there (it may hold keys that call Python
    /// code when compared).
    InDict(Value),
}

impl Instance {
    fn new(ty: &TypeObject, base_value: Option<Value>, dict: Option<Value>) -> Self {
        let slots = ty.slot_count.get() as usize;
        let mut attrs = Attrs {
            shape: Shape::root(),
            cells: NonNull::dangling(),
            len: 0,
            flags: 0,
        };
        let cells = match dict {
            Some(d) => {
                attrs.shape = Shape::dict_mode();
                let mut cells: Vec<Option<Value>> = (0..slots).map(|_| None).collect();
                cells.push(Some(d));
                cells
            }
            None => (0..slots + ty.attr_hint.get() as usize)
                .map(|_| None)
                .collect(),
        };
        if !cells.is_empty() {
            attrs.set_cells(cells);
        }
        Instance {
            attrs: UnsafeCell::new(attrs),
            base_value,
        }
    }

    #[inline(always)]
    fn attrs(&self) -> &Attrs {
        // SAFETY: `Attrs` is only reached through these two accessors; each use is a short
        // scope that neither runs Python code nor re-enters this instance's attributes (a value
        // is cloned out or moved in, and replaced values are dropped after the scope), and
        // objects are used by one thread at a time.
        unsafe { &*self.attrs.get() }
    }

    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    fn attrs_mut(&self) -> &mut Attrs {
        // SAFETY: as in `attrs`: no other reference into `Attrs` is live during the short
        // scopes that use this one.
        unsafe { &mut *self.attrs.get() }
    }

    /// Whether `__del__` has run.
    pub fn finalized(&self) -> bool {
        self.attrs().flags & FINALIZED != 0
    }

    pub fn set_finalized(&self) {
        self.attrs_mut().flags |= FINALIZED;
    }

    /// Whether a weakref to this object was ever made (its list is in the side table).
    pub fn weakly_referenced(&self) -> bool {
        self.attrs().flags & WEAKLY_REFERENCED != 0
    }

    pub fn set_weakly_referenced(&self) {
        self.attrs_mut().flags |= WEAKLY_REFERENCED;
    }

    /// Slot `i`'s value.
    pub fn slot(&self, i: usize) -> Option<Value> {
        self.attrs().cells().get(i)?.clone()
    }

    /// Sets (or with None, clears) slot `i`; the old value.
    pub fn set_slot(&self, i: usize, v: Option<Value>) -> Option<Value> {
        let cell = self.attrs_mut().cells_mut().get_mut(i)?;
        std::mem::replace(cell, v)
    }

    /// The id of the shape naming the attribute values (inline caches compare it).
    #[inline(always)]
    pub fn shape_id(&self) -> usize {
        self.attrs().shape.id()
    }

    /// The value in cell `i` (an inline cache's index for the current shape).
    #[inline(always)]
    pub fn value_at(&self, i: usize) -> Option<Value> {
        self.attrs().cells().get(i)?.clone()
    }

    /// Replaces the value in cell `i`, which holds an attribute of the current shape; the old
    /// value, for the caller to drop.
    #[inline(always)]
    pub fn replace_at(&self, i: usize, v: Value) -> Option<Value> {
        let cell = self.attrs_mut().cells_mut().get_mut(i)?;
        cell.replace(v)
    }

    fn in_dict_mode(&self) -> bool {
        self.attrs().shape.is_dict_mode()
    }

    /// Whether `add` may be asked to add `name` now (in a shape, without it, with room).
    pub fn can_add(&self, name: &Value) -> bool {
        let shape = &self.attrs().shape;
        !shape.is_dict_mode()
            && shape.len() < super::shape::MAX_ATTRS
            && shape.index_of(name).is_none()
    }

    /// Where the current shape keeps `name` (the cell index), if it does.
    pub fn shape_index(&self, ty: &TypeObject, name: &Value) -> Option<usize> {
        if self.in_dict_mode() {
            return None;
        }
        self.attrs()
            .shape
            .index_of(name)
            .map(|i| ty.slot_count.get() as usize + i)
    }

    /// The attribute dict, if one was made.
    pub fn dict_if_made(&self, ty: &TypeObject) -> Option<Value> {
        if !self.in_dict_mode() {
            return None;
        }
        self.attrs().cells()[ty.slot_count.get() as usize].clone()
    }

    /// Looks up an instance attribute (not a slot).
    #[inline]
    pub fn lookup(&self, ty: &TypeObject, name: &Value) -> Lookup {
        if let Some(d) = self.dict_if_made(ty) {
            return Lookup::InDict(d);
        }
        let a = self.attrs();
        match a.shape.index_of(name) {
            Some(i) => match &a.cells()[ty.slot_count.get() as usize + i] {
                Some(v) => Lookup::Found(v.clone()),
                None => Lookup::Absent,
            },
            None => Lookup::Absent,
        }
    }

    /// Sets an instance attribute in place, moving to a child shape for a new name; gives back
    /// the dict to store into (and the value) when the instance keeps a dict or the name does
    /// not fit a shape.
    pub fn store(&self, ty: &TypeObject, name: &Value, value: Value) -> Result<(), (Value, Value)> {
        if let Some(d) = self.dict_if_made(ty) {
            return Err((d, value));
        }
        let base = ty.slot_count.get() as usize;
        if let Some(i) = self.attrs().shape.index_of(name) {
            let old = self.attrs_mut().cells_mut()[base + i].replace(value);
            drop(old);
            return Ok(());
        }
        self.add(ty, name, value).map_err(|v| (self.dict(ty), v))
    }

    /// Adds attribute `name`, which the instance's shape lacks (and the instance keeps no
    /// dict), moving it to the child shape; gives the value back when no shape can take the
    /// name.
    pub fn add(&self, ty: &TypeObject, name: &Value, value: Value) -> Result<(), Value> {
        debug_assert!(!self.in_dict_mode() && self.attrs().shape.index_of(name).is_none());
        let Some(next) = self.attrs().shape.with_added(name) else {
            return Err(value);
        };
        self.add_moving_to(ty, next, value);
        Ok(())
    }

    /// The shape the instance moves to when it adds `name` (see `add`), if one can take it.
    pub fn shape_adding(&self, name: &Value) -> Option<Rc<Shape>> {
        self.attrs().shape.with_added(name)
    }

    /// `add` of the attribute that makes the instance's shape `next` (a child of its shape,
    /// from `shape_adding`).
    pub fn add_moving_to(&self, ty: &TypeObject, next: Rc<Shape>, value: Value) {
        debug_assert!(next.len() == self.attrs().shape.len() + 1);
        let base = ty.slot_count.get() as usize;
        let a = self.attrs_mut();
        let needed = base + next.len();
        if needed > a.len as usize {
            let have = a.len as usize - base;
            let cap = (base + (ty.attr_hint.get() as usize).max(have * 2))
                .clamp(needed, base + super::shape::MAX_ATTRS);
            let mut grown = a.take_cells();
            grown.resize_with(cap, || None);
            a.set_cells(grown);
        }
        if next.len() as u32 > ty.attr_hint.get() {
            ty.attr_hint.set(next.len() as u32);
        }
        a.cells_mut()[needed - 1] = Some(value);
        let old_shape = std::mem::replace(&mut a.shape, next);
        drop(old_shape);
    }

    /// The dict to delete instance attribute `name` from, or None when the instance has no
    /// such attribute. Deleting from a shape makes the dict (a shape only ever grows).
    pub fn dict_to_delete_from(&self, ty: &TypeObject, name: &Value) -> Option<Value> {
        if let Some(d) = self.dict_if_made(ty) {
            return Some(d);
        }
        self.attrs().shape.index_of(name)?;
        Some(self.dict(ty))
    }

    /// The attribute dict, made now from the shape's values if there is none yet.
    pub fn dict(&self, ty: &TypeObject) -> Value {
        if let Some(d) = self.dict_if_made(ty) {
            return d;
        }
        let d = super::dict::new_dict();
        let (shape, attrs) = self.enter_dict_mode(ty, d.clone());
        for (name, v) in shape.names().iter().zip(attrs) {
            if let Some(v) = v {
                super::dict::set_str(&d, name, v);
            }
        }
        d
    }

    /// Switches to dict mode with `d`; the shape and the attribute values it had (and a dict
    /// it replaces), for the caller to use or drop.
    fn enter_dict_mode(&self, ty: &TypeObject, d: Value) -> (Rc<Shape>, Vec<Option<Value>>) {
        let base = ty.slot_count.get() as usize;
        let a = self.attrs_mut();
        let shape = std::mem::replace(&mut a.shape, Shape::dict_mode());
        let mut cells = a.take_cells();
        let attrs = cells.split_off(base.min(cells.len()));
        cells.resize_with(base, || None);
        cells.push(Some(d));
        a.set_cells(cells);
        (shape, attrs)
    }

    /// `obj.__dict__ = d`: `d` becomes the attribute dict (the slots stay).
    pub fn replace_dict(&self, ty: &TypeObject, d: Value) {
        drop(self.enter_dict_mode(ty, d));
    }

    /// Calls `visit` on every value the attributes hold (the collector's traversal).
    pub fn visit_attrs(&self, visit: &mut dyn FnMut(&Value)) {
        for v in self.attrs().cells().iter().flatten() {
            visit(v);
        }
    }

    /// Moves every attribute value (and the dict) out, to break a reference cycle.
    pub fn take_attrs(&self, out: &mut Vec<Value>) {
        let a = self.attrs_mut();
        let old_shape = std::mem::replace(&mut a.shape, Shape::root());
        out.extend(a.take_cells().into_iter().flatten());
        drop(old_shape);
    }
}

impl Payload for Instance {
    const LAYOUT: Layout = Layout::Instance;
}

pub fn new_instance(ty: &TypeObject, base_value: Option<Value>) -> Value {
    super::alloc::alloc(ty, Instance::new(ty, base_value, None))
}

/// An instance whose attribute dict is `dict` (a module subclass's instance shares its
/// module's dict, so attributes set either way are one namespace, as in CPython).
pub fn new_instance_with_dict(ty: &TypeObject, base_value: Option<Value>, dict: Value) -> Value {
    super::alloc::alloc(ty, Instance::new(ty, base_value, Some(dict)))
}

/// The attribute dict of an object that has one (instances, exceptions, functions, modules,
/// types). An instance's is made now if it has none yet.
pub fn instance_dict(v: &Value) -> Option<Value> {
    if v.is_small_int() {
        return None;
    }
    match v.ty().layout {
        Layout::Instance if v.ty().has_flag(super::typeobj::flags::NO_DICT) => None,
        Layout::Instance => v.payload_exact::<Instance>().map(|i| i.dict(v.ty())),
        Layout::Exception => v
            .payload_exact::<super::exception::Exception>()
            .map(|e| e.dict.clone()),
        Layout::Function => v
            .payload_exact::<super::function::Function>()
            .map(|f| f.dict()),
        Layout::Module => v
            .payload_exact::<super::module::Module>()
            .map(|m| m.dict.clone()),
        _ => None,
    }
}

/// The dict to read a non-instance object's attribute from: like `instance_dict`, but a
/// function whose `__dict__` was never made has none (reading does not make one). Instances
/// are read with `Instance::lookup`.
pub fn instance_dict_to_read(v: &Value) -> Option<Value> {
    if !v.is_small_int() && v.ty().layout == Layout::Function {
        return v
            .payload_exact::<super::function::Function>()
            .and_then(|f| f.dict_if_made().map(|d| d.clone()));
    }
    instance_dict(v)
}

/// `obj.__class__ = new`: swaps the type in the object's header. The caller has checked that
/// both types are heap types with the same layout (and so the same slots: the attribute
/// values stay where they are).
pub fn set_class(obj: &Value, new: &TypeObject) {
    let v = new.to_value();
    // SAFETY: `obj` is a heap object (heap types never describe small ints); the header's
    // type pointer takes the reference `v` held, and the old type's reference is released.
    unsafe {
        std::mem::forget(v);
        let hdr = &*obj.header_ptr();
        let old_ptr = hdr.ty.replace(new);
        drop(Value::from_raw(old_ptr as usize));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_payload_stays_small() {
        // Header (16) and the collector's links (24) come on top: 72 bytes in all, one
        // allocator size class, plus the value cells.
        assert_eq!(std::mem::size_of::<Instance>(), 32);
    }
}
