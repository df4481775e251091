//! Allocation and deallocation of heap objects.
//!
//! Objects are `Box<PyObject<T>>`, or for container payloads (`Payload::TRACKED`) a
//! `GcBox<T>` with the cycle collector's links in front; the type's layout tag says which `T` to
//! drop. Objects of heap types hold a reference to their type, released after the payload is
//! dropped.

use std::cell::Cell;

use super::typeobj::{Layout, TypeObject};
use super::value::{Header, PyObject, Value};
use super::*;
use crate::memory::gc::GcHead;

/// Allocates a new object of type `ty` with `payload`. `T` must be the payload of `ty.layout`.
#[inline]
pub fn alloc<T: super::value::Payload>(ty: &TypeObject, payload: T) -> Value {
    debug_assert!(
        T::payload_of(ty.layout),
        "payload does not match {}",
        ty.name()
    );
    if ty.is_heap() {
        std::mem::forget(ty.to_value());
    }
    let obj = PyObject {
        header: Header {
            refcnt: std::cell::Cell::new(1),
            ty: std::cell::Cell::new(ty),
        },
        payload,
    };
    let list = object_block_list(T::LAYOUT);
    if T::TRACKED {
        let b = place(
            GcBox {
                head: GcHead::new(),
                obj,
            },
            list,
        );
        // SAFETY: a fresh allocation: link it, then hand over the object with one reference.
        unsafe {
            crate::memory::gc::track(&mut (*b).head);
            Value::from_owned_ptr(&mut (*b).obj as *mut PyObject<T> as *mut Header)
        }
    } else {
        // SAFETY: a fresh allocation, handed over with its one reference.
        unsafe { Value::from_owned_ptr(place(obj, list) as *mut Header) }
    }
}

/// A tracked allocation: the collector's links, then the object.
#[repr(C)]
pub struct GcBox<T> {
    head: GcHead,
    obj: PyObject<T>,
}

/// The memory layout of a tracked object of payload `T` followed by `n` values, and the
/// offset of the values.
fn layout_with_values<T>(n: usize) -> (std::alloc::Layout, usize) {
    let values = std::alloc::Layout::array::<Value>(n).expect("a value array's size fits");
    let (layout, offset) = std::alloc::Layout::new::<GcBox<T>>()
        .extend(values)
        .expect("an object's size fits");
    (layout.pad_to_align(), offset)
}

/// Allocates a new tracked object of type `ty` with room for `n` values after it, in the same
/// block; `make` gets a pointer to that room and returns the payload, which owns and drops
/// the values it initialized there. Freed by `free_with_values`.
#[inline]
pub fn alloc_with_values<T: super::value::Payload>(
    ty: &TypeObject,
    n: usize,
    make: impl FnOnce(*mut Value) -> T,
) -> Value {
    debug_assert!(T::TRACKED && T::payload_of(ty.layout) && !ty.is_heap());
    let (layout, offset) = layout_with_values::<T>(n);
    let mut block = match tuple_block_list(n).filter(|_| T::LAYOUT == Layout::Tuple) {
        Some(list) => take_kept_block(list),
        None => std::ptr::null_mut(),
    };
    if block.is_null() {
        // SAFETY: the layout has a non-zero size (it holds at least the object).
        block = unsafe { std::alloc::alloc(layout) };
        if block.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
    }
    // SAFETY: `offset` is within the block, and the values' room is `n` values there.
    let payload = make(unsafe { block.add(offset) } as *mut Value);
    let b = block as *mut GcBox<T>;
    // SAFETY: a fresh block laid out as a `GcBox<T>` followed by the values: write the object,
    // link it, then hand it over with its one reference.
    unsafe {
        b.write(GcBox {
            head: GcHead::new(),
            obj: PyObject {
                header: Header {
                    refcnt: std::cell::Cell::new(1),
                    ty: std::cell::Cell::new(ty),
                },
                payload,
            },
        });
        crate::memory::gc::track(&mut (*b).head);
        Value::from_owned_ptr(&mut (*b).obj as *mut PyObject<T> as *mut Header)
    }
}

/// # Safety
/// `ptr` was allocated by `alloc_with_values::<T>` with room for `n` values, its refcount
/// reached zero and nothing uses it again.
unsafe fn free_with_values<T: super::value::Payload>(ptr: *mut Header, n: usize) {
    let b = (ptr as usize - std::mem::offset_of!(GcBox<T>, obj)) as *mut GcBox<T>;
    // SAFETY: the object is a `GcBox<T>` at that offset in a block of this layout; the payload
    // (which drops the values) is dropped before the block is released.
    unsafe {
        crate::memory::gc::untrack(&mut (*b).head);
        std::ptr::drop_in_place(b);
        if let Some(list) = tuple_block_list(n).filter(|_| T::LAYOUT == Layout::Tuple) {
            if keep_block(b as *mut u8, list) {
                return;
            }
        }
        std::alloc::dealloc(b as *mut u8, layout_with_values::<T>(n).0);
    }
}

/// Freed blocks kept per thread for the next object of the same size, as CPython's free lists
/// and pymalloc's LIFO pools give them back: objects made and dropped at a high rate then cost
/// no trip to the allocator (mimalloc's free path does not hand a block to the next allocation
/// of its size at once, so alternating them takes its slow path every time). Lists 0 to
/// `TUPLE_BLOCK_SIZES - 1` hold the blocks of tuples of 1 to `TUPLE_BLOCK_SIZES` items; the
/// others those of the layouts `object_block_list` names.
const TUPLE_BLOCK_SIZES: usize = 8;
/// The list for objects of `layout` (whose payload has one size), if they keep their blocks:
/// an instance per call of a class, a bound method per method taken as a value, a list or a
/// dict (a call's `**kwargs`) per call, a slice per `s[i:j]`, a set, a generator, a closure
/// and its cells per call of a function that makes them, an iterator per `for` loop.
const fn object_block_list(layout: Layout) -> Option<usize> {
    let list = match layout {
        Layout::Instance => 0,
        Layout::BoundMethod => 1,
        Layout::List => 2,
        Layout::Dict => 3,
        Layout::Slice => 4,
        Layout::Set => 5,
        Layout::Generator => 6,
        Layout::Function => 7,
        Layout::Cell => 8,
        Layout::RangeIter => 9,
        Layout::ListIter => 10,
        Layout::TupleIter => 11,
        _ => return None,
    };
    Some(TUPLE_BLOCK_SIZES + list)
}
const BLOCK_LISTS: usize = TUPLE_BLOCK_SIZES + 12;
/// Blocks kept per list.
const BLOCKS_KEPT: usize = 1000;

/// The list for a tuple of `n` items, if such tuples keep their blocks.
#[inline(always)]
fn tuple_block_list(n: usize) -> Option<usize> {
    (1..=TUPLE_BLOCK_SIZES).contains(&n).then(|| n - 1)
}

thread_local! {
    /// Per list: the first free block (each holds the next in its first word) and how many
    /// there are.
    static KEPT_BLOCKS: [Cell<(*mut u8, usize)>; BLOCK_LISTS] =
        const { [const { Cell::new((std::ptr::null_mut(), 0)) }; BLOCK_LISTS] };
}

/// A kept block of list `list`, or null.
#[inline(always)]
fn take_kept_block(list: usize) -> *mut u8 {
    KEPT_BLOCKS
        .try_with(|lists| {
            let list = &lists[list];
            let (head, count) = list.get();
            if !head.is_null() {
                // SAFETY: a kept block holds the next one in its first word (`keep_block`).
                list.set((unsafe { *(head as *const *mut u8) }, count - 1));
            }
            head
        })
        .unwrap_or(std::ptr::null_mut())
}

/// Keeps a freed block (its object dropped) in list `list` for reuse; false when the
/// allocator should have it.
///
/// # Safety
/// `block` is the block of an object of the list's size, which nothing uses any more.
#[inline(always)]
unsafe fn keep_block(block: *mut u8, list: usize) -> bool {
    KEPT_BLOCKS
        .try_with(|lists| {
            let list = &lists[list];
            let (head, count) = list.get();
            if count >= BLOCKS_KEPT {
                return false;
            }
            // SAFETY: the block is dead and at least a word long: its first word links it.
            unsafe { *(block as *mut *mut u8) = head };
            list.set((block, count + 1));
            true
        })
        .unwrap_or(false)
}

/// Puts `value` in a kept block of list `list` if there is one, else in a new box.
#[inline(always)]
fn place<B>(value: B, list: Option<usize>) -> *mut B {
    if let Some(list) = list {
        let block = take_kept_block(list) as *mut B;
        if !block.is_null() {
            // SAFETY: a kept block of this list was a `B`'s (`release`): right size and
            // alignment, and unused.
            unsafe { block.write(value) };
            return block;
        }
    }
    Box::into_raw(Box::new(value))
}

/// Drops the `B` at `b` (made by `place` with the same `list`) and keeps or frees its block.
///
/// # Safety
/// `b` came from `place::<B>` and nothing uses it again.
#[inline(always)]
unsafe fn release<B>(b: *mut B, list: Option<usize>) {
    match list {
        Some(list) => {
            // SAFETY: forwarded from the caller; the block is freed as a box's would be when
            // the list is full.
            unsafe {
                std::ptr::drop_in_place(b);
                if !keep_block(b as *mut u8, list) {
                    std::alloc::dealloc(b as *mut u8, std::alloc::Layout::new::<B>());
                }
            }
        }
        // SAFETY: forwarded from the caller: a box's allocation.
        None => drop(unsafe { Box::from_raw(b) }),
    }
}

/// # Safety
/// `ptr` was allocated by `alloc::<T>`, its refcount reached zero and nothing uses it again.
unsafe fn drop_as<T: super::value::Payload>(ptr: *mut Header) {
    let list = object_block_list(T::LAYOUT);
    if T::TRACKED {
        let b = (ptr as usize - std::mem::offset_of!(GcBox<T>, obj)) as *mut GcBox<T>;
        // SAFETY: tracked objects are allocated (`place`d) as GcBox<T> with the object at that
        // offset.
        unsafe {
            crate::memory::gc::untrack(&mut (*b).head);
            release(b, list);
        }
    } else {
        // SAFETY: forwarded from the caller: `alloc` placed it with the same list.
        unsafe { release(ptr as *mut PyObject<T>, list) };
    }
}

/// Frees an object whose refcount dropped to zero.
///
/// # Safety
/// `ptr` is a heap object with no remaining references.
pub unsafe fn dealloc(ptr: *mut Header) {
    // A float goes back to its free list here, without the general path's frame (float
    // arithmetic frees one object per operation).
    // SAFETY: the object is intact; the type outlives its instances.
    let ty = unsafe { (*ptr).ty.get() };
    if std::ptr::eq(ty, &super::types::FLOAT_TYPE) {
        // SAFETY: an exact float with no references left.
        unsafe { float::free_float(ptr) };
        return;
    }
    // So does an exact tuple (no finalizer, no weak references, a static type), past the
    // general path's checks: programs build and drop tuples at about the rate of floats.
    if std::ptr::eq(ty, &super::types::TUPLE_TYPE) {
        // SAFETY: forwarded from the caller; an exact tuple's payload is a `Tuple`.
        unsafe { dealloc_tuple(ptr) };
        return;
    }
    // SAFETY: forwarded from the caller.
    unsafe { dealloc_general(ptr) }
}

/// `dealloc` of an exact tuple (out of line, so that `dealloc` stays a test and a jump).
///
/// # Safety
/// As `dealloc`, for an exact tuple.
#[inline(never)]
unsafe fn dealloc_tuple(ptr: *mut Header) {
    // SAFETY: forwarded from the caller.
    unsafe { free_nested(ptr, free_tuple) }
}

/// Frees an exact tuple (`free_nested`'s `free` for tuples).
///
/// # Safety
/// As `free`, for an exact tuple.
#[inline(never)]
unsafe fn free_tuple(ptr: *mut Header) {
    // SAFETY: forwarded from the caller: a `PyObject<Tuple>` allocated by `alloc_with_values`.
    unsafe {
        let n = (*(ptr as *const PyObject<tuple::Tuple>))
            .payload
            .values_in_block();
        free_with_values::<tuple::Tuple>(ptr, n)
    }
}

/// `dealloc` of anything but an exact float or tuple.
///
/// # Safety
/// As `dealloc`.
#[inline(never)]
unsafe fn dealloc_general(ptr: *mut Header) {
    // SAFETY: the object is still intact until dropped below; the type outlives its instances
    // (they hold a reference to heap types).
    let ty = unsafe { &*(*ptr).ty.get() };
    let layout = ty.layout;
    if layout == Layout::Instance && ty.has_flag(super::typeobj::flags::HAS_FINALIZER) {
        // SAFETY: the layout tag says this is an Instance.
        let inst = unsafe { &(*(ptr as *const PyObject<instance::Instance>)).payload };
        if !inst.finalized() {
            // Resurrect it until the VM runs `__del__` at the next safe point.
            inst.set_finalized();
            // SAFETY: the object is intact; it gets one reference owned by the queue.
            unsafe { (*ptr).refcnt.set(1) };
            PENDING_FINALIZERS.with(|q| q.borrow_mut().push(ptr as usize));
            request_safe_point();
            return;
        }
    }
    if layout == Layout::Generator {
        // SAFETY: the layout tag says this is a Generator.
        let gen = unsafe { &(*(ptr as *const PyObject<generator::Generator>)).payload };
        if gen.needs_finalizing() {
            // Resurrect it until the VM closes it at the next safe point.
            gen.finalized.set(true);
            // SAFETY: the object is intact; it gets one reference owned by the queue.
            unsafe { (*ptr).refcnt.set(1) };
            PENDING_FINALIZERS.with(|q| q.borrow_mut().push(ptr as usize));
            request_safe_point();
            return;
        }
    }
    if layout == Layout::Instance {
        // SAFETY: the layout tag says this is an Instance.
        let inst = unsafe { &(*(ptr as *const PyObject<instance::Instance>)).payload };
        super::weakref::clear_weakrefs(inst, ptr as usize);
    } else if super::weakref::weakrefable(layout) {
        super::weakref::clear_side_weakrefs(ptr as usize);
    }
    if holds_no_references(layout) {
        // SAFETY: forwarded from the caller; freeing a leaf cannot nest.
        unsafe { free(ptr) };
        return;
    }
    // SAFETY: forwarded from the caller.
    unsafe { free_nested(ptr, free) }
}

/// Frees a dead container with `free`, through the trashcan: freeing a container releases
/// its items, which may free theirs, and so on; past `TRASHCAN_DEPTH` nested frees an object
/// is queued instead and freed once the outermost free unwinds, so a ten-million-deep chain
/// never overflows the native stack.
///
/// # Safety
/// As `free`, and `free` frees objects such as `ptr`.
#[inline(always)]
unsafe fn free_nested(ptr: *mut Header, free_one: unsafe fn(*mut Header)) {
    let depth = DEALLOC_DEPTH.with(Cell::get);
    if depth >= TRASHCAN_DEPTH
        && DEFERRED_FREES
            .try_with(|q| q.borrow_mut().push(ptr as usize))
            .is_ok()
    {
        ANY_DEFERRED.with(|a| a.set(true));
        return;
    }
    DEALLOC_DEPTH.with(|d| d.set(depth + 1));
    // SAFETY: forwarded from the caller.
    unsafe { free_one(ptr) };
    if depth == 0 && ANY_DEFERRED.with(Cell::get) {
        // Pop one at a time: freeing one may queue more.
        while let Some(p) = DEFERRED_FREES
            .try_with(|q| q.borrow_mut().pop())
            .ok()
            .flatten()
        {
            // SAFETY: a queued object is dead and queued once; only its memory remains to free.
            unsafe { free(p as *mut Header) };
        }
        ANY_DEFERRED.with(|a| a.set(false));
    }
    DEALLOC_DEPTH.with(|d| d.set(depth));
}

/// Nested container frees past which the trashcan queues objects (CPython's unwind level).
const TRASHCAN_DEPTH: u32 = 50;

thread_local! {
    /// How many container frees are in progress on this thread.
    static DEALLOC_DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Whether `DEFERRED_FREES` may hold anything (a flag without a destructor, so the
    /// common free tests it cheaply).
    static ANY_DEFERRED: Cell<bool> = const { Cell::new(false) };
    /// Dead containers whose freeing the trashcan put off (see `dealloc`).
    static DEFERRED_FREES: std::cell::RefCell<Vec<usize>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Layouts whose payload holds no object references, so freeing them never frees another
/// object.
fn holds_no_references(layout: Layout) -> bool {
    matches!(
        layout,
        Layout::Int
            | Layout::Float
            | Layout::Complex
            | Layout::Str
            | Layout::Bytes
            | Layout::ByteArray
            | Layout::Object
            | Layout::NoneType
            | Layout::NotImplemented
            | Layout::Ellipsis
    )
}

/// Drops the payload of a dead object and releases its heap type.
///
/// # Safety
/// `ptr` is a heap object with no remaining references whose finalizer and weak references
/// have been dealt with.
unsafe fn free(ptr: *mut Header) {
    // SAFETY: the header is intact until the payload is dropped below.
    let ty_ptr = unsafe { (*ptr).ty.get() };
    // SAFETY: the type outlives its instances (they hold a reference to heap types).
    let ty = unsafe { &*ty_ptr };
    let layout = ty.layout;
    let heap_type = ty.is_heap();
    // SAFETY: the layout tag names the payload type the object was allocated with.
    unsafe {
        match layout {
            Layout::Object => drop_as::<ObjectPayload>(ptr),
            Layout::Instance => drop_as::<instance::Instance>(ptr),
            Layout::Type => drop(Box::from_raw(ptr as *mut TypeObject)),
            Layout::NoneType | Layout::NotImplemented | Layout::Ellipsis => {}
            Layout::Int => drop_as::<int::Int>(ptr),
            Layout::Float => drop_as::<float::Float>(ptr),
            Layout::Complex => drop_as::<complex::Complex>(ptr),
            Layout::Str if !in_exit_sweep() => drop_as::<str::Str>(ptr),
            Layout::Bytes if !in_exit_sweep() => drop_as::<bytes::Bytes>(ptr),
            Layout::Str | Layout::Bytes => {}
            Layout::ByteArray => drop_as::<bytes::ByteArray>(ptr),
            Layout::List => drop_as::<list::List>(ptr),
            Layout::Tuple => free_tuple(ptr),
            Layout::Dict => drop_as::<dict::Dict>(ptr),
            Layout::Set => drop_as::<set::Set>(ptr),
            Layout::Range => drop_as::<range::Range>(ptr),
            Layout::Slice => drop_as::<slice::Slice>(ptr),
            Layout::Function => drop_as::<function::Function>(ptr),
            Layout::BuiltinFunction => drop_as::<function::BuiltinFunction>(ptr),
            Layout::BoundMethod => drop_as::<function::BoundMethod>(ptr),
            Layout::Code if !in_exit_sweep() => drop_as::<code::Code>(ptr),
            Layout::Code => {}
            Layout::Cell => drop_as::<cell::Cell>(ptr),
            Layout::Module => drop_as::<module::Module>(ptr),
            Layout::Exception => drop_as::<exception::Exception>(ptr),
            Layout::Generator => drop_as::<generator::Generator>(ptr),
            Layout::Frame => drop_as::<frameobj::FrameObject>(ptr),
            Layout::Traceback => drop_as::<exception::Traceback>(ptr),
            Layout::ListIter => drop_as::<iter::SeqIter>(ptr),
            Layout::TupleIter => drop_as::<iter::SeqIter>(ptr),
            Layout::RangeIter => drop_as::<range::RangeIter>(ptr),
            Layout::NativeIter => drop_as::<iter::NativeIter>(ptr),
            Layout::Property => drop_as::<descr::Property>(ptr),
            Layout::ClassMethod => drop_as::<descr::ClassMethod>(ptr),
            Layout::StaticMethod => drop_as::<descr::StaticMethod>(ptr),
            Layout::Super => drop_as::<descr::Super>(ptr),
            Layout::GetSetDescriptor => drop_as::<descr::GetSet>(ptr),
            Layout::MappingProxy => drop_as::<descr::MappingProxy>(ptr),
            Layout::WeakRef => drop_as::<weakref::WeakRef>(ptr),
            Layout::DictView => drop_as::<dict::DictView>(ptr),
            Layout::Native => drop_as::<native::NativeObject>(ptr),
        }
    }
    if heap_type {
        // SAFETY: releases the reference taken in `alloc`.
        drop(unsafe { Value::from_raw(ty_ptr as usize) });
    }
}

/// Set while the modules are emptied at exit: objects whose freeing no program can see (code,
/// str, bytes: they hold nothing with a finalizer) are left to the process's end instead of
/// freed one by one, which halves the cost of the sweep.
static EXIT_SWEEP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn in_exit_sweep() -> bool {
    EXIT_SWEEP.load(std::sync::atomic::Ordering::Relaxed)
}

/// Starts or ends the exit sweep (see `EXIT_SWEEP`).
pub fn set_exit_sweep(on: bool) {
    EXIT_SWEEP.store(on, std::sync::atomic::Ordering::Relaxed);
}

thread_local! {
    /// Objects whose `__del__` must run, each holding one reference.
    pub static PENDING_FINALIZERS: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Set when the eval loop should stop at the next instruction boundary to run queued work
/// (`__del__` finalizers, weakref callbacks, a due cycle collection).
pub(crate) static SAFE_POINT_PENDING: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Takes the queued objects awaiting `__del__`.
pub fn take_pending_finalizers() -> Vec<Value> {
    PENDING_FINALIZERS.with(|q| {
        q.borrow_mut()
            .drain(..)
            // SAFETY: each queued word owns the reference set up in `dealloc`.
            .map(|w| unsafe { Value::from_raw(w) })
            .collect()
    })
}

/// Asks the eval loop to run queued work at the next instruction boundary.
pub fn request_safe_point() {
    SAFE_POINT_PENDING.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Payload of plain `object()` instances.
pub struct ObjectPayload;

impl super::value::Payload for ObjectPayload {
    const LAYOUT: Layout = Layout::Object;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain far deeper than a 256 KiB stack could free recursively goes through the
    /// trashcan, and every level is freed.
    #[test]
    fn deep_chains_free_on_a_small_stack() {
        std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(|| {
                let leaf = list::new_list(vec![]);
                let mut a = leaf.clone();
                for i in 0..200_000 {
                    a = if i % 2 == 0 {
                        tuple::from_array([a])
                    } else {
                        list::new_list(vec![a])
                    };
                }
                assert_eq!(leaf.refcount(), 2);
                drop(a);
                assert_eq!(leaf.refcount(), 1);
                assert!(!ANY_DEFERRED.with(Cell::get));
                assert_eq!(DEALLOC_DEPTH.with(Cell::get), 0);
            })
            .expect("spawn")
            .join()
            .expect("no overflow");
    }

    /// A freed list's or dict's block serves the next object of its layout, and only that
    /// layout; the new object starts clean.
    #[test]
    fn freed_blocks_serve_the_next_object_of_their_layout() {
        let l = list::new_list(vec![int::from_i64(1), int::from_i64(2)]);
        let addr = l.header_ptr() as usize;
        drop(l);
        let d = dict::new_dict();
        assert_ne!(d.header_ptr() as usize, addr);
        let again = list::new_list(vec![int::from_i64(3)]);
        assert_eq!(again.header_ptr() as usize, addr);
        assert_eq!(list::len(&again), 1);
        assert_eq!(again.refcount(), 1);
        let daddr = d.header_ptr() as usize;
        drop(d);
        assert_eq!(dict::new_dict().header_ptr() as usize, daddr);
    }
}
