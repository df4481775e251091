//! `set` and `frozenset`: open addressing with CPython's probing (9 linear probes, then
//! perturbation) and growth policy, so iteration order matches CPython for the same inserts.

use std::cell::RefCell;

use super::python_ops::PythonOps;
use super::typeobj::{Layout, TypeObject};
use super::types::{FROZENSET_TYPE, SET_TYPE};
use super::value::{Payload, Value};
use crate::object::error::PyResult;

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MIN_SIZE: usize = 8;

#[derive(Clone)]
pub enum Slot {
    Unused,
    Dummy,
    Active { hash: i64, key: Value },
}

pub struct SetData {
    table: Vec<Slot>,
    fill: usize,
    used: usize,
    pub version: u64,
    /// Cached hash for frozensets (-1 = not computed).
    pub hash: i64,
    /// Where `pop` resumes scanning (CPython's `finger`).
    finger: usize,
}

impl Default for SetData {
    fn default() -> SetData {
        SetData {
            table: vec![Slot::Unused; MIN_SIZE],
            fill: 0,
            used: 0,
            version: 0,
            hash: -1,
            finger: 0,
        }
    }
}

pub struct Set(pub RefCell<SetData>);

impl Payload for Set {
    const LAYOUT: Layout = Layout::Set;
}

impl SetData {
    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// Active slots in table order.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &Value)> {
        self.table.iter().filter_map(|s| match s {
            Slot::Active { hash, key } => Some((*hash, key)),
            _ => None,
        })
    }

    /// The slot at table position `i` (for iterators): Some(key) if active.
    pub fn key_at(&self, i: usize) -> Option<&Value> {
        match self.table.get(i) {
            Some(Slot::Active { key, .. }) => Some(key),
            _ => None,
        }
    }

    pub fn table_len(&self) -> usize {
        self.table.len()
    }

    fn insert_clean(table: &mut [Slot], hash: i64, key: Value) {
        let mut seq = ProbeSeq::new(hash, table.len() - 1);
        loop {
            for idx in seq.window() {
                if matches!(table[idx], Slot::Unused) {
                    table[idx] = Slot::Active { hash, key };
                    return;
                }
            }
            seq.advance();
        }
    }

    /// `set_table_resize`: the smallest power of two above `min_used`; `MemoryError` (with the
    /// table unchanged) when that table cannot be allocated.
    pub fn resize(&mut self, min_used: usize) -> PyResult<()> {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let mut table = Vec::new();
        super::exception::reserve_items(&mut table, size)?;
        table.resize(size, Slot::Unused);
        let old = std::mem::replace(&mut self.table, table);
        for s in old {
            if let Slot::Active { hash, key } = s {
                Self::insert_clean(&mut self.table, hash, key);
            }
        }
        self.fill = self.used;
        Ok(())
    }

    /// Grows ahead of merging `incoming` entries, as `set_merge`/`set_update_internal` do.
    pub fn reserve_for_merge(&mut self, incoming: usize) -> PyResult<()> {
        if (self.fill + incoming) * 5 >= self.mask() * 3 {
            self.resize((self.used + incoming) * 2)?;
        }
        Ok(())
    }

    pub fn clear(&mut self) -> Vec<Slot> {
        self.fill = 0;
        self.used = 0;
        self.version += 1;
        std::mem::replace(&mut self.table, vec![Slot::Unused; MIN_SIZE])
    }

    /// Copies another table's layout exactly (CPython's fast path for merging into an empty set
    /// of the same size with no dummies).
    pub fn copy_from(&mut self, other: &SetData) {
        self.table = other
            .table
            .iter()
            .map(|s| match s {
                Slot::Dummy => Slot::Unused,
                s => s.clone(),
            })
            .collect();
        self.used = other.used;
        self.fill = other.used;
        self.version += 1;
    }

    pub fn fill(&self) -> usize {
        self.fill
    }

    pub fn table_size(&self) -> usize {
        self.table.len()
    }

    pub fn has_dummies(&self) -> bool {
        self.fill != self.used
    }

    /// Pops an element as CPython's `set.pop`: the first active slot at or after the finger.
    pub fn pop_first(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while !matches!(self.table[i], Slot::Active { .. }) {
            i = (i + 1) & mask;
        }
        let old = std::mem::replace(&mut self.table[i], Slot::Dummy);
        self.used -= 1;
        self.version += 1;
        self.finger = i + 1;
        match old {
            Slot::Active { key, .. } => Some(key),
            _ => None,
        }
    }

    /// Exchanges the tables of two sets (`set_swap_bodies`).
    pub fn swap_bodies(&mut self, other: &mut SetData) {
        std::mem::swap(&mut self.table, &mut other.table);
        std::mem::swap(&mut self.fill, &mut other.fill);
        std::mem::swap(&mut self.used, &mut other.used);
        self.version += 1;
        other.version += 1;
        self.hash = -1;
        other.hash = -1;
    }

    /// The active slots' hashes XORed after CPython's `_shuffle_bits`, as `frozenset_hash`.
    pub fn frozenset_hash(&self) -> i64 {
        let shuffle = |h: u64| ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167);
        let mut hash: u64 = 0;
        for (h, _) in self.iter() {
            hash ^= shuffle(h as u64);
        }
        hash ^= (self.used as u64 + 1).wrapping_mul(1927868237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69069).wrapping_add(907133923);
        if hash == u64::MAX {
            hash = 590923713;
        }
        hash as i64
    }
}

fn native_eq(a: &Value, b: &Value) -> Option<bool> {
    if a.is(b) {
        return Some(true);
    }
    if let (Some(x), Some(y)) = (
        a.payload_exact::<super::str::Str>(),
        b.payload_exact::<super::str::Str>(),
    ) {
        return Some(super::str::str_eq(x, y));
    }
    if a.is_small_int() && b.is_small_int() {
        return Some(false);
    }
    None
}

enum Found {
    Active(usize),
    /// Where to insert: (index, whether it is a dummy slot being reused).
    Free(usize, bool),
}

/// Probes for `key` as `set_add_entry` does, calling `__eq__` when needed.
fn probe(
    vm: &mut impl PythonOps,
    cell: &RefCell<SetData>,
    key: &Value,
    hash: i64,
) -> PyResult<Found> {
    'restart: loop {
        let (mask, table) = {
            let s = cell.borrow();
            (s.mask(), s.table.as_ptr())
        };
        let mut seq = ProbeSeq::new(hash, mask);
        let mut free: Option<usize> = None;
        loop {
            for idx in seq.window() {
                let candidate = {
                    let s = cell.borrow();
                    match &s.table[idx] {
                        Slot::Unused => {
                            return Ok(match free {
                                Some(f) => Found::Free(f, true),
                                None => Found::Free(idx, false),
                            })
                        }
                        Slot::Dummy => {
                            // CPython 3.11 reuses the last dummy seen on the probe path.
                            free = Some(idx);
                            None
                        }
                        Slot::Active { hash: h, key: k } => {
                            if *h == hash {
                                match native_eq(k, key) {
                                    Some(true) => return Ok(Found::Active(idx)),
                                    Some(false) => None,
                                    None => Some(k.clone()),
                                }
                            } else {
                                None
                            }
                        }
                    }
                };
                if let Some(k) = candidate {
                    let eq = vm.eq(&k, key)?;
                    // Restart only if `__eq__` changed the table or this slot's key, as
                    // CPython's `set_add_entry` (not on any change: one that adds each time
                    // would restart forever).
                    let unchanged = {
                        let s = cell.borrow();
                        s.table.as_ptr() == table
                            && s.mask() == mask
                            && matches!(&s.table[idx], Slot::Active { key: now, .. } if now.is(&k))
                    };
                    if !unchanged {
                        continue 'restart;
                    }
                    if eq {
                        return Ok(Found::Active(idx));
                    }
                }
            }
            seq.advance();
        }
    }
}

/// The order in which `set_add_entry` visits a table's slots for a hash: a window of
/// `LINEAR_PROBES + 1` neighbours (one slot near the table's end), then a perturbed jump.
struct ProbeSeq {
    i: usize,
    perturb: u64,
    mask: usize,
}

impl ProbeSeq {
    #[inline(always)]
    fn new(hash: i64, mask: usize) -> ProbeSeq {
        ProbeSeq {
            i: (hash as u64 as usize) & mask,
            perturb: hash as u64,
            mask,
        }
    }

    /// The slots to look at before the next jump.
    #[inline(always)]
    fn window(&self) -> std::ops::RangeInclusive<usize> {
        let probes = if self.i + LINEAR_PROBES <= self.mask {
            LINEAR_PROBES
        } else {
            0
        };
        self.i..=self.i + probes
    }

    #[inline(always)]
    fn advance(&mut self) {
        self.perturb >>= PERTURB_SHIFT;
        self.i = (self
            .i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(self.perturb as usize))
            & self.mask;
    }
}

impl SetData {
    /// `probe` for a key whose comparisons with the keys met on the way run no Python code
    /// (`native_eq` answers each): the same slots in the same order, in one borrow. None as
    /// soon as a comparison would need Python code.
    #[inline]
    fn probe_native(&self, key: &Value, hash: i64) -> Option<Found> {
        let mut seq = ProbeSeq::new(hash, self.mask());
        let mut free: Option<usize> = None;
        loop {
            for idx in seq.window() {
                match &self.table[idx] {
                    Slot::Unused => {
                        return Some(match free {
                            Some(f) => Found::Free(f, true),
                            None => Found::Free(idx, false),
                        })
                    }
                    Slot::Dummy => free = Some(idx),
                    Slot::Active { hash: h, key: k } => {
                        if *h == hash && native_eq(k, key)? {
                            return Some(Found::Active(idx));
                        }
                    }
                }
            }
            seq.advance();
        }
    }

    /// Takes out the key a probe found (`Found::Active`), leaving a dummy; the caller drops
    /// it once the set is no longer borrowed.
    fn remove_at(&mut self, idx: usize) -> Slot {
        self.used -= 1;
        self.version += 1;
        std::mem::replace(&mut self.table[idx], Slot::Dummy)
    }

    /// Puts `key` where a probe found room for it (`Found::Free`), growing the table as
    /// `set_add_entry` does.
    fn insert_at(&mut self, idx: usize, reused_dummy: bool, hash: i64, key: Value) -> PyResult<()> {
        self.table[idx] = Slot::Active { hash, key };
        self.used += 1;
        self.version += 1;
        if !reused_dummy {
            self.fill += 1;
            if self.fill * 5 >= self.mask() * 3 {
                let used = self.used;
                self.resize(if used > 50000 { used * 2 } else { used * 4 })?;
            }
        }
        Ok(())
    }
}

pub fn new_set_of_type(ty: &TypeObject) -> Value {
    super::alloc::alloc(ty, Set(RefCell::new(SetData::default())))
}

pub fn new_set() -> Value {
    new_set_of_type(&SET_TYPE)
}

pub fn new_frozenset() -> Value {
    new_set_of_type(&FROZENSET_TYPE)
}

/// The set payload of a set, frozenset, or subclass instance.
#[inline]
pub fn as_set(v: &Value) -> Option<&Set> {
    v.payload::<Set>()
}

fn cell(v: &Value) -> &RefCell<SetData> {
    &as_set(v).expect("set").0
}

/// Adds `key` (set_add_entry).
pub fn add(vm: &mut impl PythonOps, set: &Value, key: Value) -> PyResult<()> {
    let hash = super::dict::key_hash(vm, &key)?;
    add_hashed(vm, set, key, hash)
}

/// Adds `key` if that runs no Python code (an int or str key, no `__eq__` met on the probe);
/// otherwise hands it back, the set unchanged.
pub fn add_native(set: &Value, key: Value) -> Result<(), Value> {
    let Some(hash) = super::dict::native_hash(&key) else {
        return Err(key);
    };
    let Ok(mut s) = cell(set).try_borrow_mut() else {
        return Err(key);
    };
    match s.probe_native(&key, hash) {
        Some(Found::Active(_)) => Ok(()),
        // A table that cannot grow: the general path raises MemoryError.
        Some(Found::Free(idx, reused_dummy)) => s
            .insert_at(idx, reused_dummy, hash, key.clone())
            .map_err(|_| key),
        None => Err(key),
    }
}

/// Whether the set or frozenset `set` has `key`, when that runs no Python code (an int or str
/// key, no `__eq__` met on the probe); None when the general path must answer.
pub fn contains_native(set: &Value, key: &Value) -> Option<bool> {
    let hash = super::dict::native_hash(key)?;
    let s = cell(set).try_borrow().ok()?;
    Some(matches!(s.probe_native(key, hash)?, Found::Active(_)))
}

pub fn add_hashed(vm: &mut impl PythonOps, set: &Value, key: Value, hash: i64) -> PyResult<()> {
    let c = cell(set);
    match probe(vm, c, &key, hash)? {
        Found::Active(_) => Ok(()),
        Found::Free(idx, reused_dummy) => c.borrow_mut().insert_at(idx, reused_dummy, hash, key),
    }
}

pub fn contains(vm: &mut impl PythonOps, set: &Value, key: &Value) -> PyResult<bool> {
    let hash = super::dict::key_hash(vm, key)?;
    contains_hashed(vm, set, key, hash)
}

pub fn contains_hashed(
    vm: &mut impl PythonOps,
    set: &Value,
    key: &Value,
    hash: i64,
) -> PyResult<bool> {
    Ok(matches!(probe(vm, cell(set), key, hash)?, Found::Active(_)))
}

/// Removes `key` if that runs no Python code (an int or str key, no `__eq__` met on the
/// probe); returns whether it was present, or None when the general path must answer.
pub fn discard_native(set: &Value, key: &Value) -> Option<bool> {
    let hash = super::dict::native_hash(key)?;
    let old = {
        let mut s = cell(set).try_borrow_mut().ok()?;
        let Found::Active(idx) = s.probe_native(key, hash)? else {
            return Some(false);
        };
        s.remove_at(idx)
    };
    // Dropped once the set is no longer borrowed (a finalizer may look at it).
    drop(old);
    Some(true)
}

/// Removes `key`; returns whether it was present.
pub fn discard(vm: &mut impl PythonOps, set: &Value, key: &Value) -> PyResult<bool> {
    let hash = super::dict::key_hash(vm, key)?;
    discard_hashed(vm, set, key, hash)
}

pub fn discard_hashed(
    vm: &mut impl PythonOps,
    set: &Value,
    key: &Value,
    hash: i64,
) -> PyResult<bool> {
    let c = cell(set);
    match probe(vm, c, key, hash)? {
        Found::Active(idx) => {
            let old = c.borrow_mut().remove_at(idx);
            drop(old);
            Ok(true)
        }
        Found::Free(..) => Ok(false),
    }
}

/// The elements in iteration order (new references).
pub fn items(v: &Value) -> Vec<Value> {
    match as_set(v) {
        Some(s) => s.0.borrow().iter().map(|(_, k)| k.clone()).collect(),
        None => Vec::new(),
    }
}

/// Elements with their hashes, in iteration order.
pub fn hashed_items(v: &Value) -> Vec<(i64, Value)> {
    match as_set(v) {
        Some(s) => s.0.borrow().iter().map(|(h, k)| (h, k.clone())).collect(),
        None => Vec::new(),
    }
}

pub fn len(v: &Value) -> usize {
    as_set(v).map(|s| s.0.borrow().len()).unwrap_or(0)
}

pub fn data_of(v: &Value) -> &RefCell<SetData> {
    cell(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::int;

    fn ints(v: &Value) -> Vec<i64> {
        items(v)
            .iter()
            .map(|x| int::as_i64(x).expect("int"))
            .collect()
    }

    #[test]
    fn iteration_order_matches_cpython() {
        let (_guard, mut vm) = crate::vm::test_vm();
        let s = new_set();
        for x in [5, 3, 100, 8, 17, 1024, 33, 64, 2, 9] {
            add(&mut vm, &s, int::from_i64(x)).expect("add");
        }
        // Printed by CPython 3.11 for the same inserts.
        assert_eq!(ints(&s), vec![1024, 33, 64, 3, 100, 5, 2, 8, 9, 17]);
        assert!(discard(&mut vm, &s, &int::from_i64(8)).expect("discard"));
        add(&mut vm, &s, int::from_i64(40)).expect("add");
        assert_eq!(ints(&s), vec![1024, 33, 64, 3, 100, 5, 2, 40, 9, 17]);
        let t = new_set();
        for x in [-1, -2, 1 << 40, 7] {
            add(&mut vm, &t, int::from_i64(x)).expect("add");
        }
        assert_eq!(ints(&t), vec![1 << 40, 7, -1, -2]);
        assert!(contains(&mut vm, &t, &int::from_i64(-2)).expect("contains"));
        assert!(!contains(&mut vm, &t, &int::from_i64(3)).expect("contains"));
    }
}
