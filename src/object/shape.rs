//! Shapes (hidden classes): which attribute names an instance holds, in which order.
//!
//! An instance of a Python class keeps its attribute values in an array and points at a shape
//! that names them; instances given the same attributes in the same order share one shape, so
//! an inline cache that saw a shape knows where a name's value is without a dict probe. Shapes
//! are immutable and form a tree: adding an attribute moves an instance to the child shape for
//! that name (made once, then shared). The tree holds its children, so a shape, once made, lives
//! as long as the (per-thread, never freed) root: a class whose instances are all temporaries
//! finds the same shapes for each new instance, and the inline caches that saw them keep hitting.
//!
//! Shapes stay small, as CPython's shared keys do: past `MAX_ATTRS` names, or past
//! `MAX_CHILDREN` different next names from one shape, an instance keeps a dict instead.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::types::STR_TYPE;
use super::value::Value;

/// The most attribute names one shape holds (CPython's `SHARED_KEYS_MAX_SIZE`).
pub const MAX_ATTRS: usize = 30;

/// The most distinct next names one shape leads to before instances fall back to a dict (a
/// class whose instances take attributes named by data would otherwise grow the tree without
/// bound).
const MAX_CHILDREN: usize = 64;

/// Shape ids: unique for the life of the process, so an inline cache may keep one without
/// keeping the shape alive (a freed shape's id is never reused).
static NEXT_ID: AtomicUsize = AtomicUsize::new(DICT_MODE_ID + 1);

/// The id of `Shape::dict_mode()` (the same on every thread).
const DICT_MODE_ID: usize = 1;

pub struct Shape {
    /// Never 0 (caches use 0 for "no shape").
    id: usize,
    /// The attribute names, in the order their values are stored: interned exact strs.
    names: Box<[Value]>,
    /// The shapes that extend this one, by their added name (at most `MAX_CHILDREN`).
    children: RefCell<Vec<(Value, Rc<Shape>)>>,
}

thread_local! {
    static ROOT: Rc<Shape> = Rc::new(Shape::new(Box::new([])));
    static DICT_MODE: Rc<Shape> = Rc::new(Shape {
        id: DICT_MODE_ID,
        names: Box::new([]),
        children: RefCell::new(Vec::new()),
    });
}

impl Shape {
    fn new(names: Box<[Value]>) -> Shape {
        Shape {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            names,
            children: RefCell::new(Vec::new()),
        }
    }

    /// The shape with no attributes.
    pub fn root() -> Rc<Shape> {
        ROOT.with(Rc::clone)
    }

    /// The shape of an instance whose attributes a dict holds: empty like the root, but with
    /// an id of its own, so no inline cache made for a shaped instance matches it.
    pub fn dict_mode() -> Rc<Shape> {
        DICT_MODE.with(Rc::clone)
    }

    /// Whether this is `dict_mode()`.
    #[inline(always)]
    pub fn is_dict_mode(&self) -> bool {
        self.id == DICT_MODE_ID
    }

    #[inline(always)]
    pub fn id(&self) -> usize {
        self.id
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn names(&self) -> &[Value] {
        &self.names
    }

    /// Where `name` is stored, if this shape has it. Names from code are interned, so the
    /// address comparison nearly always answers; a str built at run time is compared by text.
    #[inline]
    pub fn index_of(&self, name: &Value) -> Option<usize> {
        let w = name.word();
        if let Some(i) = self.names.iter().position(|n| n.word() == w) {
            return Some(i);
        }
        if name.is_small_int() || name.is_immortal() || !name.is_type(&STR_TYPE) {
            // Interned (immortal) strs are unique: no other object has the same text.
            return None;
        }
        let text = super::str::as_str(name)?;
        self.names
            .iter()
            .position(|n| super::str::as_str(n) == Some(text))
    }

    /// The shape with `name` added after this one's names, or None when an instance should
    /// keep a dict instead (too many names, too many different children, or a name that is not
    /// an exact str). `name` must not be in this shape.
    pub fn with_added(self: &Rc<Shape>, name: &Value) -> Option<Rc<Shape>> {
        if self.names.len() >= MAX_ATTRS || name.is_small_int() || !name.is_type(&STR_TYPE) {
            return None;
        }
        let name = super::str::intern_value(name);
        if !name.is_immortal() {
            // A str with lone surrogates is not interned: leave it to a dict.
            return None;
        }
        let mut children = self.children.borrow_mut();
        if let Some((_, child)) = children.iter().find(|(n, _)| n.word() == name.word()) {
            return Some(child.clone());
        }
        if children.len() >= MAX_CHILDREN {
            return None;
        }
        let names: Box<[Value]> = self.names.iter().cloned().chain([name.clone()]).collect();
        let child = Rc::new(Shape::new(names));
        children.push((name, child.clone()));
        Some(child)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::str::{intern, new_str};

    #[test]
    fn instances_given_the_same_names_share_a_shape() {
        let root = Shape::root();
        let (x, y) = (intern("x"), intern("y"));
        let with_x = root.with_added(&x).unwrap();
        let a = with_x.with_added(&y).unwrap();
        let b = root.with_added(&x).unwrap().with_added(&y).unwrap();
        assert!(Rc::ptr_eq(&a, &b));
        assert_eq!(a.len(), 2);
        assert_eq!(a.index_of(&y), Some(1));
        assert_eq!(with_x.index_of(&y), None);
        let other = root.with_added(&y).unwrap();
        assert_ne!(other.id(), with_x.id());
    }

    #[test]
    fn a_shape_outlives_its_instances() {
        // Instances that are all temporaries: each new one must find the same shapes (the
        // caches that saw them keep hitting), however many came and went.
        let name = intern("temporary_attr");
        let first_id = Shape::root().with_added(&name).unwrap().id();
        for _ in 0..2 * MAX_CHILDREN {
            let s = Shape::root().with_added(&name).unwrap();
            assert_eq!(s.id(), first_id);
        }
    }

    #[test]
    fn a_name_built_at_run_time_is_found_by_text() {
        let s = Shape::root().with_added(&intern("spam")).unwrap();
        let built = new_str("sp");
        let built = crate::object::str::concat(
            crate::object::str::payload(&built).unwrap(),
            crate::object::str::payload(&new_str("am")).unwrap(),
        );
        assert!(!built.is_immortal());
        assert_eq!(s.index_of(&built), Some(0));
        assert_eq!(s.index_of(&new_str("eggs")), None);
    }

    #[test]
    fn shapes_stop_growing_at_the_limits() {
        let mut s = Shape::root();
        for i in 0..MAX_ATTRS {
            s = s.with_added(&intern(&format!("limit_attr_{i}"))).unwrap();
        }
        assert!(s.with_added(&intern("one_more")).is_none());
        let fan = Shape::root().with_added(&intern("fan_out_base")).unwrap();
        let kept: Vec<_> = (0..MAX_CHILDREN)
            .map(|i| fan.with_added(&intern(&format!("fan_{i}"))).unwrap())
            .collect();
        assert!(fan.with_added(&intern("fan_extra")).is_none());
        // Existing children are still found.
        assert!(Rc::ptr_eq(
            &fan.with_added(&intern("fan_0")).unwrap(),
            &kept[0]
        ));
    }
}
