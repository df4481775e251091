//! The cycle collector, after CPython's `Modules/gcmodule.c`.
//!
//! Container objects (instances, lists, tuples, dicts, sets, functions, cells, exceptions,
//! bound methods, generators, tracebacks, frame objects) are allocated with a `GcHead` in front
//! of their header and linked into one of three generation lists. A collection of generation `g`
//! merges the younger lists into it and then:
//! 1. copies each object's refcount into `refs`;
//! 2. subtracts every reference held by another object of the set, so `refs` counts
//!    references from outside;
//! 3. marks everything reachable from objects with `refs > 0`;
//! 4. runs `__del__` of the unreachable objects, and if none was resurrected, clears their
//!    references (breaking the cycles) so reference counting frees them.
//!
//! Survivors move to the next generation. Collections run only at instruction boundaries (or
//! from `gc.collect()`), so no `RefCell` borrow is live while they traverse.
//!
//! Invariants: a tracked object is in exactly one list; `refs` is meaningful only during a
//! collection (`NOT_COLLECTING` otherwise).

use std::cell::Cell;

use crate::object::error::PyResult;
use crate::object::typeobj::Layout;
use crate::object::value::{Header, Value};
use crate::object::*;
use crate::vm::Vm;

/// The links in front of every tracked object.
#[repr(C)]
pub struct GcHead {
    next: Cell<*mut GcHead>,
    prev: Cell<*mut GcHead>,
    refs: Cell<isize>,
}

const NOT_COLLECTING: isize = -1;

impl GcHead {
    pub const fn new() -> GcHead {
        GcHead {
            next: Cell::new(std::ptr::null_mut()),
            prev: Cell::new(std::ptr::null_mut()),
            refs: Cell::new(NOT_COLLECTING),
        }
    }
}

impl Default for GcHead {
    fn default() -> GcHead {
        GcHead::new()
    }
}

/// Offset from the `GcHead` to the object header in a tracked allocation.
pub const HEAD_SIZE: usize = std::mem::size_of::<GcHead>();

/// A circular list with a sentinel.
struct List {
    sentinel: *mut GcHead,
}

impl List {
    fn new() -> List {
        let s = Box::into_raw(Box::new(GcHead::new()));
        // SAFETY: a fresh, leaked sentinel pointing at itself.
        unsafe {
            (*s).next.set(s);
            (*s).prev.set(s);
        }
        List { sentinel: s }
    }

    /// # Safety
    /// `h` is a live, unlinked head.
    unsafe fn push(&self, h: *mut GcHead) {
        // SAFETY: the sentinel and its neighbours are live list members.
        unsafe {
            let last = (*self.sentinel).prev.get();
            (*h).prev.set(last);
            (*h).next.set(self.sentinel);
            (*last).next.set(h);
            (*self.sentinel).prev.set(h);
        }
    }

    fn is_empty(&self) -> bool {
        // SAFETY: the sentinel is never freed.
        unsafe { (*self.sentinel).next.get() == self.sentinel }
    }

    /// Moves every element of `other` to the end of this list.
    fn merge(&self, other: &List) {
        if other.is_empty() {
            return;
        }
        // SAFETY: both lists are well-formed circular lists.
        unsafe {
            let first = (*other.sentinel).next.get();
            let last = (*other.sentinel).prev.get();
            let tail = (*self.sentinel).prev.get();
            (*tail).next.set(first);
            (*first).prev.set(tail);
            (*last).next.set(self.sentinel);
            (*self.sentinel).prev.set(last);
            (*other.sentinel).next.set(other.sentinel);
            (*other.sentinel).prev.set(other.sentinel);
        }
    }

    /// Calls `f` on each head in order; `f` may unlink the head it is given (and push heads
    /// onto other lists), but not its successor.
    fn for_each(&self, mut f: impl FnMut(*mut GcHead)) {
        // SAFETY: walking a well-formed list of live heads; the successor is read before `f`
        // may unlink the current head.
        unsafe {
            let mut h = (*self.sentinel).next.get();
            while h != self.sentinel {
                let next = (*h).next.get();
                f(h);
                h = next;
            }
        }
    }

    fn len(&self) -> usize {
        let mut n = 0;
        // SAFETY: walking a well-formed list.
        unsafe {
            let mut h = (*self.sentinel).next.get();
            while h != self.sentinel {
                n += 1;
                h = (*h).next.get();
            }
        }
        n
    }

    fn heads(&self) -> Vec<*mut GcHead> {
        let mut out = Vec::new();
        // SAFETY: walking a well-formed list.
        unsafe {
            let mut h = (*self.sentinel).next.get();
            while h != self.sentinel {
                out.push(h);
                h = (*h).next.get();
            }
        }
        out
    }
}

/// # Safety
/// `h` is a linked head.
unsafe fn unlink(h: *mut GcHead) {
    // SAFETY: neighbours of a linked head are live.
    unsafe {
        let p = (*h).prev.get();
        let n = (*h).next.get();
        (*p).next.set(n);
        (*n).prev.set(p);
        (*h).next.set(std::ptr::null_mut());
        (*h).prev.set(std::ptr::null_mut());
    }
}

struct State {
    generations: [List; 3],
    /// `gc.freeze()`'s permanent generation: tracked, never examined by a collection.
    permanent: List,
    /// `gc.set_debug()` flags.
    debug: Cell<i64>,
    /// Allocations minus deallocations since gen 0 was last collected; collections of gen 0
    /// since gen 1; of gen 1 since gen 2.
    counts: [Cell<isize>; 3],
    thresholds: [Cell<isize>; 3],
    enabled: Cell<bool>,
    collecting: Cell<bool>,
    /// Per generation: collections run and unreachable objects found (`gc.get_stats()`).
    stats: [Cell<(usize, usize)>; 3],
    /// Objects in the oldest generation after its last collection, and objects moved into it
    /// since: a full collection runs only when the pending ones exceed a quarter of the total
    /// (CPython's `long_lived_total` / `long_lived_pending`), so building a large structure
    /// costs a number of full scans logarithmic in its size rather than linear.
    long_lived_total: Cell<usize>,
    long_lived_pending: Cell<usize>,
    /// `-X gc-zeal=N`: a full collection after every N tracked allocations (0: off), and the
    /// allocations counted towards the next one.
    zeal: Cell<usize>,
    zeal_count: Cell<usize>,
    /// A collection's reachable objects, gathered here while it marks (empty otherwise): the
    /// links in the objects serve as the mark queue, so a collection needs no memory in
    /// proportion to the objects it examines.
    reachable: List,
}

thread_local! {
    static STATE: State = State {
        generations: [List::new(), List::new(), List::new()],
        permanent: List::new(),
        debug: Cell::new(0),
        counts: [Cell::new(0), Cell::new(0), Cell::new(0)],
        thresholds: [Cell::new(700), Cell::new(10), Cell::new(10)],
        enabled: Cell::new(true),
        collecting: Cell::new(false),
        stats: [Cell::new((0, 0)), Cell::new((0, 0)), Cell::new((0, 0))],
        long_lived_total: Cell::new(0),
        long_lived_pending: Cell::new(0),
        zeal: Cell::new(0),
        zeal_count: Cell::new(0),
        reachable: List::new(),
    };
}

/// Links a newly allocated tracked object into generation 0.
///
/// # Safety
/// `h` is the head of a fresh tracked allocation.
pub unsafe fn track(h: *mut GcHead) {
    STATE.with(|s| {
        // SAFETY: forwarded from the caller.
        unsafe { s.generations[0].push(h) };
        let c = s.counts[0].get() + 1;
        s.counts[0].set(c);
        if c > s.thresholds[0].get() && s.enabled.get() && !s.collecting.get() {
            crate::object::alloc::request_safe_point();
        }
        let zeal = s.zeal.get();
        if zeal != 0 {
            let z = s.zeal_count.get() + 1;
            s.zeal_count.set(z);
            if z >= zeal {
                crate::object::alloc::request_safe_point();
            }
        }
    });
}

/// `-X gc-zeal=N`: from now on, a full collection at the first safe point after every `n`
/// tracked allocations (`n == 0` turns it off). A stress mode: every object graph the
/// program builds is traversed, and every cycle freed, as early as possible.
pub fn set_zeal(n: usize) {
    STATE.with(|s| {
        s.zeal.set(n);
        s.zeal_count.set(0);
    });
}

/// Is a `-X gc-zeal` collection due? (Zeal collects even after `gc.disable()`, except while a
/// collection runs.)
fn zeal_due(s: &State) -> bool {
    s.zeal.get() != 0 && s.zeal_count.get() >= s.zeal.get() && !s.collecting.get()
}

/// Unlinks a tracked object being freed.
///
/// # Safety
/// `h` is the head of a tracked object about to be freed.
pub unsafe fn untrack(h: *mut GcHead) {
    // SAFETY: forwarded from the caller.
    unsafe {
        if !(*h).next.get().is_null() {
            unlink(h);
        }
    }
    // Thread-locals are gone during thread exit; nothing to count then. The count stops at
    // zero, as CPython's: freeing a large structure must not put off the next collections.
    let _ = STATE.try_with(|s| {
        let c = s.counts[0].get();
        if c > 0 {
            s.counts[0].set(c - 1);
        }
    });
}

/// Takes a fresh tracked object out of the collector's lists for good, when it can never be
/// part of a cycle (a built-in function bound to nothing): full collections then skip the
/// thousands of methods in the built-in types' dicts.
pub fn untrack_for_good(obj: &Value) {
    if let Some(h) = head_of(obj) {
        // SAFETY: the head of a live tracked object; unlinking leaves it as an untracked one.
        unsafe {
            if !(*h).next.get().is_null() {
                unlink(h);
            }
        }
    }
}

/// Is an automatic collection due?
pub fn collection_due() -> bool {
    STATE.with(|s| {
        s.enabled.get() && !s.collecting.get() && s.counts[0].get() > s.thresholds[0].get()
    })
}

fn header_of(h: *mut GcHead) -> *mut Header {
    (h as usize + HEAD_SIZE) as *mut Header
}

fn head_of(obj: &Value) -> Option<*mut GcHead> {
    if obj.is_small_int() || !obj.ty().layout.is_tracked() || obj.is_immortal() {
        return None;
    }
    Some((obj.header_ptr() as usize - HEAD_SIZE) as *mut GcHead)
}

/// Whether `v` can never be part of a reference cycle the collector must find: not a
/// container, immortal, or a container that is no longer tracked.
fn is_untracked(v: &Value) -> bool {
    match head_of(v) {
        None => true,
        // SAFETY: the head of a live object.
        Some(h) => unsafe { (*h).next.get().is_null() },
    }
}

/// Whether the object at `h` is a tuple whose items are all untracked (a tuple never changes,
/// so it stays that way).
fn is_atomic_tuple(h: *mut GcHead) -> bool {
    let obj = borrowed(h);
    obj.ty().layout == Layout::Tuple && tuple::items(&obj).iter().all(is_untracked)
}

fn opt(v: &std::cell::RefCell<Option<Value>>, visit: &mut dyn FnMut(&Value)) {
    if let Some(x) = v.borrow().as_ref() {
        visit(x);
    }
}

/// Calls `visit` on every reference `obj` holds (CPython's `tp_traverse`).
fn traverse(obj: &Value, visit: &mut dyn FnMut(&Value)) {
    match obj.ty().layout {
        Layout::Native => {
            let n = obj
                .payload_exact::<crate::object::native::NativeObject>()
                .expect("native");
            n.0.traverse(visit);
        }
        Layout::Instance => {
            let i = obj.payload_exact::<instance::Instance>().expect("instance");
            i.visit_attrs(visit);
            if let Some(b) = &i.base_value {
                visit(b);
            }
        }
        Layout::List => {
            for v in list::as_list(obj).expect("list").0.borrow().iter() {
                visit(v);
            }
        }
        Layout::Tuple => {
            for v in tuple::items(obj) {
                visit(v);
            }
        }
        Layout::Dict => {
            let d = dict::data_of(obj).borrow();
            let keys = d.keys_may_be_tracked();
            // Value before key, as CPython's `dict_traverse`.
            for e in d.iter() {
                visit(&e.value);
                if keys {
                    visit(&e.key);
                }
            }
        }
        Layout::Set => {
            for (_, k) in set::data_of(obj).borrow().iter() {
                visit(k);
            }
        }
        Layout::Function => {
            let f = obj.payload_exact::<function::Function>().expect("function");
            // `__code__` is always a code object, which the collector never tracks: visiting
            // it would only cost a cache miss.
            visit(&f.globals);
            visit(&f.builtins);
            visit(&f.name.borrow());
            visit(&f.qualname.borrow());
            opt(&f.defaults, visit);
            opt(&f.kwdefaults, visit);
            if let Some(c) = &f.closure {
                visit(c);
            }
            if let Some(d) = f.dict_if_made() {
                visit(&d);
            }
            visit(&f.doc.borrow());
            visit(&f.module.borrow());
            opt(&f.annotations, visit);
        }
        Layout::BuiltinFunction => {
            let f = obj
                .payload_exact::<function::BuiltinFunction>()
                .expect("builtin function");
            if let Some(s) = &f.self_ {
                visit(s);
            }
        }
        Layout::Module => visit(module::dict_of(obj).expect("module")),
        Layout::ListIter | Layout::TupleIter => iter::as_seq_iter(obj)
            .expect("iterator")
            .with_seq(|s| visit(s)),
        Layout::DictView => visit(&obj.payload_exact::<dict::DictView>().expect("view").dict),
        Layout::NativeIter => {
            // An iterator in the middle of `next` shows nothing: what it holds then counts as
            // referenced from outside, which only keeps objects alive.
            let it = obj.payload_exact::<iter::NativeIter>().expect("iterator");
            if let Ok(state) = it.0.try_borrow() {
                state.traverse(visit);
            }
        }
        Layout::Cell => opt(&obj.payload_exact::<cell::Cell>().expect("cell").0, visit),
        Layout::Exception => {
            let e = obj
                .payload_exact::<exception::Exception>()
                .expect("exception");
            visit(&e.args.borrow());
            opt(&e.traceback, visit);
            opt(&e.cause, visit);
            opt(&e.context, visit);
            visit(&e.dict);
        }
        Layout::BoundMethod => {
            let m = obj
                .payload_exact::<function::BoundMethod>()
                .expect("method");
            visit(&m.func);
            visit(&m.self_);
        }
        Layout::Generator => {
            let g = obj
                .payload_exact::<generator::Generator>()
                .expect("generator");
            if let Some(f) = g.frame.borrow().as_ref() {
                visit(&f.code);
                visit(&f.globals);
                visit(&f.builtins);
                if let Some(l) = &f.locals {
                    visit(l);
                }
                for v in f.fast.iter().flatten() {
                    visit(v);
                }
                for v in f.cells.iter().chain(f.stack.iter()) {
                    visit(v);
                }
            }
            visit(&g.name.borrow());
            visit(&g.qualname.borrow());
            visit(&g.code);
        }
        Layout::Traceback => {
            let t = obj
                .payload_exact::<exception::Traceback>()
                .expect("traceback");
            opt(&t.next, visit);
            visit(&t.frame);
        }
        Layout::Frame => {
            let f = obj.payload_exact::<frameobj::FrameObject>().expect("frame");
            visit(&f.code);
            visit(&f.globals);
            opt(&f.locals, visit);
            f.fast.borrow().iter().flatten().for_each(&mut *visit);
            if let Some(b) = &f.back {
                visit(b);
            }
        }
        _ => {}
    }
}

/// Drops the references `obj` holds that can be dropped (CPython's `tp_clear`); the values are
/// returned so the caller releases them after every object has been cleared.
fn clear(obj: &Value, out: &mut Vec<Value>) {
    match obj.ty().layout {
        Layout::Native => {
            let n = obj
                .payload_exact::<crate::object::native::NativeObject>()
                .expect("native");
            n.0.clear(out);
        }
        Layout::Instance => {
            let i = obj.payload_exact::<instance::Instance>().expect("instance");
            i.take_attrs(out);
        }
        Layout::List => out.append(&mut list::as_list(obj).expect("list").0.borrow_mut()),
        Layout::Dict => {
            for e in dict::data_of(obj)
                .borrow_mut()
                .clear()
                .into_iter()
                .flatten()
            {
                out.push(e.key);
                out.push(e.value);
            }
        }
        Layout::Set => {
            for s in set::data_of(obj).borrow_mut().clear() {
                if let set::Slot::Active { key, .. } = s {
                    out.push(key);
                }
            }
        }
        Layout::Function => {
            let f = obj.payload_exact::<function::Function>().expect("function");
            out.extend(f.defaults.borrow_mut().take());
            out.extend(f.kwdefaults.borrow_mut().take());
            out.extend(f.annotations.borrow_mut().take());
            if let Some(d) = f.dict_if_made() {
                for e in dict::data_of(&d).borrow_mut().clear().into_iter().flatten() {
                    out.push(e.key);
                    out.push(e.value);
                }
            }
        }
        Layout::Cell => out.extend(
            obj.payload_exact::<cell::Cell>()
                .expect("cell")
                .0
                .borrow_mut()
                .take(),
        ),
        Layout::Exception => {
            let e = obj
                .payload_exact::<exception::Exception>()
                .expect("exception");
            out.extend(e.traceback.borrow_mut().take());
            out.extend(e.cause.borrow_mut().take());
            out.extend(e.context.borrow_mut().take());
            out.push(e.args.replace(tuple::from_array([])));
            for x in dict::data_of(&e.dict)
                .borrow_mut()
                .clear()
                .into_iter()
                .flatten()
            {
                out.push(x.key);
                out.push(x.value);
            }
        }
        Layout::Generator => {
            let g = obj
                .payload_exact::<generator::Generator>()
                .expect("generator");
            if let Some(mut f) = g.frame.borrow_mut().take() {
                f.clear();
            }
        }
        Layout::Traceback => {
            out.extend(
                obj.payload_exact::<exception::Traceback>()
                    .expect("traceback")
                    .next
                    .borrow_mut()
                    .take(),
            );
        }
        Layout::Frame => {
            let f = obj.payload_exact::<frameobj::FrameObject>().expect("frame");
            out.extend(f.locals.borrow_mut().take());
            out.extend(f.fast.borrow_mut().drain(..).flatten());
        }
        _ => {}
    }
}

fn object_of(h: *mut GcHead) -> Value {
    // SAFETY: `h` heads a live tracked object; this makes a new owned reference to it.
    unsafe { Value::from_borrowed_raw(header_of(h) as usize) }
}

/// The object headed by `h`, without taking a reference (for looking at it while nothing can
/// free it).
fn borrowed(h: *mut GcHead) -> std::mem::ManuallyDrop<Value> {
    // SAFETY: `h` heads a live tracked object; the view is never dropped, so the reference it
    // does not own is never released.
    std::mem::ManuallyDrop::new(unsafe { Value::from_raw(header_of(h) as usize) })
}

fn refcount_of(h: *mut GcHead) -> isize {
    // SAFETY: `h` heads a live tracked object.
    unsafe { (*header_of(h)).refcnt.get() as isize }
}

/// Splits `heads` (all marked collecting) by CPython's refcount subtraction: returns the
/// unreachable ones and leaves the reachable ones marked `isize::MAX`.
fn partition(heads: &[*mut GcHead]) -> Vec<*mut GcHead> {
    for &h in heads {
        // SAFETY: every head in `heads` is live for the whole collection.
        unsafe { (*h).refs.set(refcount_of(h)) };
    }
    subtract_and_mark(heads)
}

/// Takes the references `h`'s object holds to objects being collected off their `refs`, so
/// that what remains counts references from outside.
fn subtract_internal_refs(h: *mut GcHead) {
    traverse(&borrowed(h), &mut |r| {
        if let Some(rh) = head_of(r) {
            // SAFETY: tracked objects referenced by a live object are live.
            let refs = unsafe { &(*rh).refs };
            if refs.get() > 0 {
                refs.set(refs.get() - 1);
            }
        }
    });
}

/// `partition` for heads whose `refs` already hold their objects' reference counts.
fn subtract_and_mark(heads: &[*mut GcHead]) -> Vec<*mut GcHead> {
    for &h in heads {
        subtract_internal_refs(h);
    }
    // Mark from the externally referenced objects.
    let mut stack: Vec<*mut GcHead> = Vec::new();
    for &h in heads {
        // SAFETY: live heads.
        let refs = unsafe { &(*h).refs };
        if refs.get() > 0 {
            refs.set(isize::MAX);
            stack.push(h);
        }
    }
    while let Some(h) = stack.pop() {
        traverse(&borrowed(h), &mut |r| {
            if let Some(rh) = head_of(r) {
                // SAFETY: live head.
                let refs = unsafe { &(*rh).refs };
                if refs.get() != NOT_COLLECTING && refs.get() != isize::MAX {
                    refs.set(isize::MAX);
                    stack.push(rh);
                }
            }
        });
    }
    heads
        .iter()
        .copied()
        // SAFETY: live heads.
        .filter(|&h| unsafe { (*h).refs.get() } != isize::MAX)
        .collect()
}

/// Collects generation `generation` (and the younger ones); returns the number of
/// unreachable objects found.
pub fn collect(vm: &mut Vm, generation: usize) -> PyResult<usize> {
    let generation = generation.min(2);
    let already = STATE.with(|s| s.collecting.replace(true));
    if already {
        return Ok(0);
    }
    let stats = STATE.with(|s| s.debug.get() & DEBUG_STATS != 0).then(|| {
        report_start(generation);
        std::time::Instant::now()
    });
    let result = collect_inner(vm, generation);
    if let (Some(start), Ok(n)) = (stats, &result) {
        eprintln!(
            "gc: done, {n} unreachable, 0 uncollectable, {:.4}s elapsed",
            start.elapsed().as_secs_f64()
        );
    }
    STATE.with(|s| {
        s.collecting.set(false);
        let (runs, found) = s.stats[generation].get();
        let found_now = result.as_ref().map_or(0, |n| *n);
        s.stats[generation].set((runs + 1, found + found_now));
        s.counts[0].set(0);
        if generation < 2 {
            s.counts[generation + 1].set(s.counts[generation + 1].get() + 1);
        }
        for g in 0..=generation.min(1) {
            if g < generation {
                s.counts[g + 1].set(0);
            }
        }
    });
    result
}

fn collect_inner(vm: &mut Vm, generation: usize) -> PyResult<usize> {
    // No Python code runs until the survivors have moved, so nothing is freed meanwhile and
    // the objects need no holds yet.
    let unreachable = STATE.with(|s| {
        let young = &s.generations[generation];
        for g in 0..generation {
            young.merge(&s.generations[g]);
        }
        young.for_each(|h| {
            // SAFETY: every head of the generation is live for the whole collection.
            unsafe { (*h).refs.set(refcount_of(h)) }
        });
        young.for_each(subtract_internal_refs);
        // Mark: the externally referenced objects move to `reachable`, then everything they
        // reach, which the walk over `reachable` meets in turn; what stays is unreachable.
        let reachable = &s.reachable;
        // SAFETY: live heads; `for_each` allows unlinking the one it gives.
        young.for_each(|h| unsafe {
            if (*h).refs.get() > 0 {
                (*h).refs.set(isize::MAX);
                unlink(h);
                reachable.push(h);
            }
        });
        // A queue: the successor is read after the traversal, which may have appended to it.
        // SAFETY: `reachable` is a well-formed list of live heads.
        let mut h = unsafe { (*reachable.sentinel).next.get() };
        while h != reachable.sentinel {
            traverse(&borrowed(h), &mut |r| {
                if let Some(rh) = head_of(r) {
                    // SAFETY: a live head, in `young` while not yet marked.
                    unsafe {
                        let refs = (*rh).refs.get();
                        if refs != NOT_COLLECTING && refs != isize::MAX {
                            (*rh).refs.set(isize::MAX);
                            unlink(rh);
                            reachable.push(rh);
                        }
                    }
                }
            });
            // SAFETY: `h` is still linked in `reachable`.
            h = unsafe { (*h).next.get() };
        }
        let mut unreachable = Vec::new();
        young.for_each(|h| unreachable.push(h));
        unreachable
    });
    let found = unreachable.len();
    // Survivors move to the next generation, except tuples that can never be part of a cycle
    // (CPython's `_PyTuple_MaybeUntrack`): they leave the collector's lists for good, so
    // constant and key tuples are not traversed by every later collection (a tuple whose
    // item tuples leave in the same pass may wait for the next one).
    STATE.with(|s| {
        let target = (generation + 1).min(2);
        let mut moved = 0;
        s.reachable.for_each(|h| {
            // SAFETY: linked live heads.
            unsafe {
                unlink(h);
                (*h).refs.set(NOT_COLLECTING);
                if !is_atomic_tuple(h) {
                    s.generations[target].push(h);
                    moved += 1;
                }
            }
        });
        if generation == 2 {
            s.long_lived_pending.set(0);
            s.long_lived_total.set(moved);
        } else if target == 2 {
            s.long_lived_pending.set(s.long_lived_pending.get() + moved);
        }
    });
    if unreachable.is_empty() {
        return Ok(0);
    }
    // Hold the garbage so nothing is freed while finalizers run and cycles are broken.
    let holds: Vec<Value> = unreachable.iter().map(|&h| object_of(h)).collect();
    // Finalizers first (PEP 442): they may resurrect objects.
    let mut ran_finalizer = false;
    for &h in &unreachable {
        let obj = object_of(h);
        if let Some(i) = obj.payload_exact::<instance::Instance>() {
            if obj
                .ty()
                .has_flag(crate::object::typeobj::flags::HAS_FINALIZER)
                && !i.finalized()
            {
                i.set_finalized();
                ran_finalizer = true;
                if let Some(del) = obj.ty().lookup_str("__del__") {
                    if let Err(e) = vm.call(&del, std::slice::from_ref(&obj)) {
                        vm.flush_stdout();
                        let text = crate::vm::traceback::format_exception(vm, &e.0);
                        eprint!(
                            "Exception ignored in: {}\n{text}",
                            vm.repr_string(&del).unwrap_or_default()
                        );
                    }
                }
            }
        }
    }
    let target = (generation + 1).min(2);
    if ran_finalizer {
        let still = partition_with_holds(&unreachable);
        if still.len() != unreachable.len() {
            // Something was resurrected: keep everything for now.
            STATE.with(|s| {
                for &h in &unreachable {
                    // SAFETY: linked live heads.
                    unsafe {
                        unlink(h);
                        (*h).refs.set(NOT_COLLECTING);
                        s.generations[target].push(h);
                    }
                }
            });
            drop(holds);
            return Ok(found);
        }
    }
    // Break the cycles; reference counting frees the objects when the holds go.
    let mut released: Vec<Value> = Vec::new();
    let garbage: Vec<Value> = unreachable.iter().map(|&h| object_of(h)).collect();
    STATE.with(|s| {
        for &h in &unreachable {
            // SAFETY: linked live heads; they stay tracked (in the oldest list) until freed.
            unsafe {
                unlink(h);
                (*h).refs.set(NOT_COLLECTING);
                s.generations[target].push(h);
            }
        }
    });
    for obj in &garbage {
        clear(obj, &mut released);
    }
    drop(released);
    drop(garbage);
    drop(holds);
    Ok(found)
}

/// `partition` for heads whose objects carry one extra reference from `holds`.
fn partition_with_holds(heads: &[*mut GcHead]) -> Vec<*mut GcHead> {
    for &h in heads {
        // SAFETY: live heads.
        unsafe { (*header_of(h)).refcnt.set((*header_of(h)).refcnt.get() - 1) };
    }
    let r = partition(heads);
    for &h in heads {
        // SAFETY: live heads.
        unsafe { (*header_of(h)).refcnt.set((*header_of(h)).refcnt.get() + 1) };
    }
    r
}

/// Runs an automatic collection if one is due (called at safe points).
pub fn maybe_collect(vm: &mut Vm) {
    if STATE.with(|s| {
        let due = zeal_due(s);
        if due {
            s.zeal_count.set(0);
        }
        due
    }) {
        let _ = collect(vm, 2);
        return;
    }
    if !collection_due() {
        return;
    }
    let generation = STATE.with(|s| {
        if s.counts[2].get() > s.thresholds[2].get()
            && s.long_lived_pending.get() >= s.long_lived_total.get() / 4
        {
            2
        } else if s.counts[1].get() > s.thresholds[1].get() {
            1
        } else {
            0
        }
    });
    let _ = collect(vm, generation);
}

pub fn is_enabled() -> bool {
    STATE.with(|s| s.enabled.get())
}

pub fn set_enabled(on: bool) {
    STATE.with(|s| s.enabled.set(on));
}

pub fn thresholds() -> [isize; 3] {
    STATE.with(|s| {
        [
            s.thresholds[0].get(),
            s.thresholds[1].get(),
            s.thresholds[2].get(),
        ]
    })
}

pub fn set_thresholds(t: &[isize]) {
    STATE.with(|s| {
        for (i, v) in t.iter().enumerate().take(3) {
            s.thresholds[i].set(*v);
        }
    });
}

pub fn counts() -> [isize; 3] {
    STATE.with(|s| {
        [
            s.counts[0].get().max(0),
            s.counts[1].get(),
            s.counts[2].get(),
        ]
    })
}

/// Every tracked object (for `gc.get_objects()`).
pub fn all_objects() -> Vec<Value> {
    STATE.with(|s| {
        s.generations
            .iter()
            .flat_map(|g| g.heads())
            .map(object_of)
            .collect()
    })
}

/// `gc.get_objects(generation)`: the objects of one generation.
pub fn objects_of_generation(generation: usize) -> Vec<Value> {
    STATE.with(|s| {
        s.generations[generation.min(2)]
            .heads()
            .into_iter()
            .map(object_of)
            .collect()
    })
}

/// `gc.freeze()`: moves every tracked object to the permanent generation, which collections
/// and `get_objects` leave out (as CPython's, it also zeroes generation 0's count).
pub fn freeze() {
    STATE.with(|s| {
        for g in &s.generations {
            s.permanent.merge(g);
        }
        s.counts[0].set(0);
    })
}

/// `gc.unfreeze()`: returns the permanent generation's objects to the oldest generation.
pub fn unfreeze() {
    STATE.with(|s| s.generations[2].merge(&s.permanent))
}

/// `gc.get_freeze_count()`.
pub fn freeze_count() -> usize {
    STATE.with(|s| s.permanent.len())
}

/// `gc.DEBUG_STATS`: report each collection on stderr.
pub const DEBUG_STATS: i64 = 1;

/// The first lines of a `DEBUG_STATS` report, as CPython's `gc_collect_main` writes them.
fn report_start(generation: usize) {
    let sizes: Vec<usize> = STATE.with(|s| {
        s.generations
            .iter()
            .chain(std::iter::once(&s.permanent))
            .map(List::len)
            .collect()
    });
    eprint!(
        "gc: collecting generation {generation}...\n\
         gc: objects in each generation: {} {} {}\n\
         gc: objects in permanent generation: {}\n",
        sizes[0], sizes[1], sizes[2], sizes[3]
    );
}

/// `gc.get_debug()`.
pub fn debug_flags() -> i64 {
    STATE.with(|s| s.debug.get())
}

/// `gc.set_debug(flags)`.
pub fn set_debug_flags(flags: i64) {
    STATE.with(|s| s.debug.set(flags))
}

/// `gc.get_stats()`: per generation, (collections, objects found unreachable).
pub fn stats() -> [(usize, usize); 3] {
    STATE.with(|s| [s.stats[0].get(), s.stats[1].get(), s.stats[2].get()])
}

/// The references `obj` holds, as `gc.get_referents` reports them (CPython's `tp_traverse`
/// order: list and tuple items last to first, a dict's keys only when one is not a str), with
/// the function's code object the collector's own traversal skips.
pub fn referents(obj: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    if obj.is_small_int() || !obj.ty().layout.is_tracked() {
        return out;
    }
    if let Some(f) = obj.payload_exact::<function::Function>() {
        out.push(f.code.borrow().clone());
    }
    traverse(obj, &mut |r| out.push(r.clone()));
    if matches!(obj.ty().layout, Layout::List | Layout::Tuple) {
        out.reverse();
    }
    out
}

/// Is `v` tracked by the collector?
pub fn is_tracked(v: &Value) -> bool {
    !is_untracked(v)
}
