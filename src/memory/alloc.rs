//! The process's global allocator: mimalloc for ordinary blocks, the C library's allocator for
//! large ones (as CPython's pymalloc leaves them to `malloc`), and an emergency reserve that
//! turns running out of memory into a Python `MemoryError` instead of an abort.
//!
//! mimalloc maps huge blocks with `MAP_NORESERVE`, so the kernel's overcommit check never sees
//! them: `bytearray(10**12)` would "succeed" and a list of 10**12 items fill RAM until killed.
//! The C library maps them plainly, and the kernel refuses absurd sizes as CPython sees. Which
//! allocator owns a block follows from its size alone, so `dealloc` and `realloc` need no
//! bookkeeping.
//!
//! A failed allocation cannot raise here (a global allocator must not unwind, and the standard
//! library aborts when one returns null), so a small failing request first gets the reserve's
//! address space back and is retried; the interpreter is then asked to raise `MemoryError` at
//! its next safe point, where the reserve is taken again. Requests sized by a program use
//! `try_reserve` and raise `MemoryError` themselves.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

/// Blocks of at least this many bytes come from the C library's allocator, which maps them
/// on their own and grows them in place (`mremap`): a list or buffer that keeps growing is not
/// copied at each step, and the pages of its old copies are not kept, as mimalloc's would be
/// for a while (a list of 10^6 items built by `append` peaked at twice its final size).
pub const LARGE: usize = 256 << 10;

/// Program-sized requests of at least this many bytes are tried before they are made (see
/// `can_allocate`); smaller ones are served without asking.
pub const CHECKED: usize = 32 << 20;

/// Address space held back for the moment an allocation fails (mapped inaccessible: it costs
/// no memory, only address space, which is what `ulimit -v` runs out of).
const RESERVE_SIZE: usize = 64 << 20;

/// Requests at most this large are retried once the reserve is given back; larger ones would
/// not fit in it anyway, and fail (their callers use `try_reserve` and raise).
const RETRY_LIMIT: usize = RESERVE_SIZE / 2;

/// glibc's `malloc` alignment on 64-bit targets.
const MALLOC_ALIGN: usize = 16;

/// The alignment every mimalloc block has whatever its size (its size classes are whole words).
const WORD_ALIGN: usize = std::mem::size_of::<usize>();

static RESERVE: AtomicPtr<libc::c_void> = AtomicPtr::new(std::ptr::null_mut());

/// Set when the reserve was spent on an allocation that would otherwise have failed.
static OUT_OF_MEMORY: AtomicBool = AtomicBool::new(false);

/// Called when memory ran out and the reserve was spent, with no allocation of its own: the
/// interpreter installs a function that schedules `MemoryError` at its next safe point.
static ON_EXHAUSTED: AtomicPtr<()> = AtomicPtr::new(std::ptr::null_mut());

/// The global allocator (installed by the `heron` binary).
pub struct HeronAlloc;

/// Maps the emergency reserve if it is not held; returns whether it is held now.
pub fn acquire_reserve() -> bool {
    if !RESERVE.load(Ordering::Acquire).is_null() {
        return true;
    }
    // SAFETY: an anonymous private mapping with no address hint touches no existing memory.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            RESERVE_SIZE,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return false;
    }
    if RESERVE
        .compare_exchange(std::ptr::null_mut(), p, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        // SAFETY: `p` is the mapping made above, which nothing else knows of.
        unsafe { libc::munmap(p, RESERVE_SIZE) };
    }
    true
}

/// Unmaps the reserve; returns whether there was one to give back.
fn release_reserve() -> bool {
    let p = RESERVE.swap(std::ptr::null_mut(), Ordering::AcqRel);
    if p.is_null() {
        return false;
    }
    // SAFETY: `p` is the reserve mapping, now owned by this call alone.
    unsafe { libc::munmap(p, RESERVE_SIZE) };
    true
}

/// Installs the function run (from inside the allocator, so it must not allocate) when the
/// reserve has been spent.
pub fn set_exhausted_hook(f: fn()) {
    ON_EXHAUSTED.store(f as *mut (), Ordering::Release);
}

/// Whether the reserve was spent since the last call (clears the state).
pub fn take_out_of_memory() -> bool {
    OUT_OF_MEMORY.swap(false, Ordering::AcqRel)
}

/// Whether a block of `bytes` can be had now: sizes the C library's allocator serves are
/// tried (mapped and unmapped at once, without touching the pages), so a program-sized
/// request can raise `MemoryError` before an infallible allocation would abort.
pub fn can_allocate(bytes: usize) -> bool {
    if bytes < CHECKED {
        return true;
    }
    let Ok(layout) = Layout::from_size_align(bytes, 1) else {
        return false;
    };
    // SAFETY: the size is non-zero; the block is freed at once. `black_box` keeps the
    // compiler from eliding the unused allocation (and assuming it succeeded).
    unsafe {
        let p = std::hint::black_box(sys_alloc(layout, false));
        if p.is_null() {
            return false;
        }
        libc::free(p as *mut libc::c_void);
    }
    true
}

/// The reserve is gone: record it and tell the interpreter.
fn exhausted() {
    OUT_OF_MEMORY.store(true, Ordering::Release);
    let f = ON_EXHAUSTED.load(Ordering::Acquire);
    if !f.is_null() {
        // SAFETY: only `set_exhausted_hook` stores here, always a `fn()`.
        let f: fn() = unsafe { std::mem::transmute::<*mut (), fn()>(f) };
        f();
    }
}

/// After a failed request of `size` bytes: gives the reserve back and retries once with
/// `retry` when that could help.
#[cold]
fn recover(size: usize, retry: impl FnOnce() -> *mut u8) -> *mut u8 {
    if size > RETRY_LIMIT || !release_reserve() {
        return std::ptr::null_mut();
    }
    let p = retry();
    exhausted();
    p
}

/// A block from the C library's allocator.
///
/// # Safety
/// `layout` has a non-zero size.
unsafe fn sys_alloc(layout: Layout, zeroed: bool) -> *mut u8 {
    if layout.align() <= MALLOC_ALIGN {
        // SAFETY: plain C allocation calls; a null result is passed on.
        unsafe {
            if zeroed {
                libc::calloc(1, layout.size()) as *mut u8
            } else {
                libc::malloc(layout.size()) as *mut u8
            }
        }
    } else {
        let mut p: *mut libc::c_void = std::ptr::null_mut();
        // SAFETY: the alignment is a power of two and a multiple of the pointer size.
        if unsafe { libc::posix_memalign(&mut p, layout.align(), layout.size()) } != 0 {
            return std::ptr::null_mut();
        }
        if zeroed {
            // SAFETY: `p` holds `layout.size()` writable bytes.
            unsafe { std::ptr::write_bytes(p as *mut u8, 0, layout.size()) };
        }
        p as *mut u8
    }
}

impl HeronAlloc {
    /// # Safety
    /// As `GlobalAlloc::alloc`.
    #[inline]
    unsafe fn alloc_from_owner(&self, layout: Layout, zeroed: bool) -> *mut u8 {
        if layout.size() >= LARGE {
            // SAFETY: the size is non-zero.
            unsafe { sys_alloc(layout, zeroed) }
        } else if layout.align() <= WORD_ALIGN {
            // Every mimalloc block is word-aligned: the plain entry points skip the aligned
            // ones' extra checks (most of Heron's blocks are objects and item arrays).
            // SAFETY: plain allocation calls; a null result is passed on.
            unsafe {
                if zeroed {
                    libmimalloc_sys::mi_zalloc(layout.size()) as *mut u8
                } else {
                    libmimalloc_sys::mi_malloc(layout.size()) as *mut u8
                }
            }
        } else if zeroed {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    /// # Safety
    /// As `GlobalAlloc::realloc`; `new` is the block's new layout.
    unsafe fn realloc_in_owner(&self, ptr: *mut u8, layout: Layout, new: Layout) -> *mut u8 {
        let old_large = layout.size() >= LARGE;
        let new_large = new.size() >= LARGE;
        if !old_large && !new_large {
            if layout.align() <= WORD_ALIGN {
                // SAFETY: mimalloc owns the block, and its blocks are word-aligned.
                return unsafe {
                    libmimalloc_sys::mi_realloc(ptr as *mut libc::c_void, new.size()) as *mut u8
                };
            }
            // SAFETY: mimalloc owns the block; forwarded with the caller's guarantees.
            return unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new.size()) };
        }
        if old_large && new_large && layout.align() <= MALLOC_ALIGN {
            // SAFETY: the C library owns the block and the alignment needs nothing extra.
            return unsafe { libc::realloc(ptr as *mut libc::c_void, new.size()) as *mut u8 };
        }
        // Crossing owners (or an over-aligned large block): move it.
        // SAFETY: the new size is non-zero (it is at least `LARGE`, or the old one was).
        let p = unsafe { self.alloc_from_owner(new, false) };
        if !p.is_null() {
            // SAFETY: both blocks hold at least the smaller size and do not overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new.size()));
                self.dealloc(ptr, layout);
            }
        }
        p
    }
}

// SAFETY: every block is allocated and freed by the same underlying allocator (chosen by its
// size), and nothing here unwinds.
unsafe impl GlobalAlloc for HeronAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { self.alloc_from_owner(layout, false) };
        if p.is_null() {
            // SAFETY: as above.
            return recover(layout.size(), || unsafe {
                self.alloc_from_owner(layout, false)
            });
        }
        p
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { self.alloc_from_owner(layout, true) };
        if p.is_null() {
            // SAFETY: as above.
            return recover(layout.size(), || unsafe {
                self.alloc_from_owner(layout, true)
            });
        }
        p
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() >= LARGE {
            // SAFETY: blocks this large came from the C library.
            unsafe { libc::free(ptr as *mut libc::c_void) }
        } else {
            // SAFETY: smaller blocks came from mimalloc.
            unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size` forms a valid layout with this alignment.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { self.realloc_in_owner(ptr, layout, new) };
        if p.is_null() {
            // SAFETY: on failure the old block is untouched and still owned by the caller.
            return recover(new_size, || unsafe {
                self.realloc_in_owner(ptr, layout, new)
            });
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cross_the_threshold_intact() {
        let a = HeronAlloc;
        let small = Layout::from_size_align(1024, 8).unwrap();
        // SAFETY: each block is used within its layout and freed with it.
        unsafe {
            let p = a.alloc(small);
            assert!(!p.is_null());
            std::ptr::write_bytes(p, 7, 1024);
            let q = a.realloc(p, small, LARGE + 4096);
            assert!(!q.is_null());
            assert_eq!(*q.add(1023), 7);
            let large = Layout::from_size_align(LARGE + 4096, 8).unwrap();
            let r = a.realloc(q, large, 512);
            assert!(!r.is_null());
            assert_eq!(*r.add(511), 7);
            a.dealloc(r, Layout::from_size_align(512, 8).unwrap());
            let big = Layout::from_size_align(LARGE, 4096).unwrap();
            let z = a.alloc_zeroed(big);
            assert!(!z.is_null() && (z as usize).is_multiple_of(4096));
            assert_eq!(*z.add(LARGE - 1), 0);
            a.dealloc(z, big);
        }
    }

    #[test]
    fn absurd_sizes_fail_without_spending_the_reserve() {
        let a = HeronAlloc;
        assert!(acquire_reserve());
        let huge = Layout::from_size_align(1 << 62, 8).unwrap();
        // SAFETY: a null result is only compared. `black_box`: an allocation whose result is
        // only compared may be elided and assumed to succeed.
        assert!(std::hint::black_box(unsafe { a.alloc(huge) }).is_null());
        assert!(!RESERVE.load(Ordering::Acquire).is_null());
    }
}
