//! Value-stack and code-unit access shared by the eval loop (`eval.rs`) and the fast loop
//! (`fast_loop.rs`), which keep a frame's stack depth in a local (`$depth`) and write the
//! frame's copy (the stack's length) at every change.
//!
//! Nothing is bounds-checked in release builds (checked in debug builds): `bytecode::units`
//! checked that no path takes the stack above `co_stacksize` (which the frame has room for:
//! `ensure_frame_room`), that every instruction finds the values it takes (`Opcode::needs`),
//! and that the units a loop reads (the current one, the second of a superinstruction, a
//! target) are in range.

/// Pushes `v` onto the value stack of the frame `f`, whose depth is `depth`.
macro_rules! frame_push {
    ($f:expr, $depth:ident, $v:expr) => {{
        let v = $v;
        debug_assert!($depth < $f.stack.capacity(), "value stack overflow");
        // SAFETY: `depth < capacity` (above), so the slot is allocated and unused.
        unsafe {
            $f.stack.as_mut_ptr().add($depth).write(v);
            $depth += 1;
            $f.stack.set_len($depth);
        }
    }};
}

/// Pops the top value off the value stack of the frame `f`, whose depth is `depth`.
macro_rules! frame_pop {
    ($f:expr, $depth:ident) => {{
        debug_assert!($depth > 0, "value stack underflow");
        // SAFETY: `depth > 0` (above), so the top slot holds a value, which moves out.
        unsafe {
            $depth -= 1;
            $f.stack.set_len($depth);
            $f.stack.as_mut_ptr().add($depth).read()
        }
    }};
}

/// The value `n` from the top (1: the top) of the value stack of the frame `f`, whose depth
/// is `depth`, borrowed.
macro_rules! frame_peek {
    ($f:expr, $depth:ident, $n:expr) => {{
        let n: usize = $n;
        debug_assert!(n >= 1 && n <= $depth, "value stack underflow");
        // SAFETY: `1 <= n <= depth` (above), so the slot holds a value.
        unsafe { &*$f.stack.as_ptr().add($depth - n) }
    }};
}

/// The unit at index `i` of `units`, which the caller knows is in range.
macro_rules! unit_in {
    ($units:expr, $i:expr) => {{
        let i: usize = $i;
        debug_assert!(i < $units.len());
        // SAFETY: see the module comment.
        unsafe { $units.get_unchecked(i) }.get()
    }};
}

/// The local `i` of the frame `f` (a place), in range (`co_nlocals`).
macro_rules! frame_local {
    ($f:expr, $i:expr) => {
        *{
            let i = $i as usize;
            // SAFETY: local operands are below `co_nlocals` (`bytecode::units`), for which
            // the frame has room.
            unsafe { $f.fast.get_unchecked_mut(i) }
        }
    };
}

/// The constant `i` of the code body `body` (a new reference), in range (`co_consts`).
macro_rules! body_constant {
    ($body:expr, $i:expr) => {{
        let i = $i as usize;
        // SAFETY: constant operands are in range (`bytecode::units`).
        unsafe { $body.consts.get_unchecked(i) }.clone()
    }};
}

/// The name `i` of the code body `body`, in range (`co_names`).
macro_rules! body_name {
    ($body:expr, $i:expr) => {
        // SAFETY: name operands are in range (`bytecode::units`).
        unsafe { $body.names.get_unchecked($i as usize) }
    };
}

/// The inline cache of an adaptive instruction's unit: `bytecode::units` numbered them
/// densely, and the code body has one per number.
macro_rules! body_cache {
    ($body:expr, $unit:expr) => {
        // SAFETY: see above.
        unsafe {
            $body
                .caches
                .get_unchecked($crate::bytecode::units::cache_of($unit))
        }
    };
}

/// `UNPACK_SEQUENCE`'s fast path for `$seq`, an exact tuple (`tuple`) or list (`list`) of
/// `$n` items: pushes them last first with the loop's `$push` macro. Evaluates to whether it
/// did (nothing pushed otherwise).
macro_rules! push_unpacked {
    ($seq:expr, $n:expr, tuple, $push:ident) => {
        match $seq.payload_exact::<$crate::object::tuple::Tuple>() {
            Some(t) if t.len() == $n => {
                for v in t.items().iter().rev() {
                    $push!(v.clone());
                }
                true
            }
            _ => false,
        }
    };
    ($seq:expr, $n:expr, list, $push:ident) => {
        match $seq.payload_exact::<$crate::object::list::List>() {
            Some(l) => {
                let items = l.0.borrow();
                let fits = items.len() == $n;
                if fits {
                    for v in items.iter().rev() {
                        $push!(v.clone());
                    }
                }
                fits
            }
            None => false,
        }
    };
}
