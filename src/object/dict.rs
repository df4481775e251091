//! `dict`: compact, insertion-ordered hash table (CPython's layout: a sparse index table into a
//! dense entry array, perturbed probing, growth to 3 × used).
//!
//! Invariants: `version` changes on every mutation (iterators detect changes, and lookups
//! restart if a key's `__eq__` mutated the dict), to a value no dict had before (as CPython's
//! `ma_version_tag`): an unchanged version proves the same dict in the same state, even where
//! a cache keyed by the dict's address meets a new dict in a freed one's block. The `RefCell` is never held across a call into
//! Python code.

use std::cell::RefCell;

use super::python_ops::PythonOps;
use super::typeobj::Layout;
use super::types::DICT_TYPE;
use super::value::{Payload, Value};
use crate::object::error::PyResult;

const EMPTY: i32 = -1;
const DUMMY: i32 = -2;
const MIN_SIZE: usize = 8;

pub struct Entry {
    pub hash: i64,
    pub key: Value,
    pub value: Value,
}

pub struct DictData {
    indices: Vec<i32>,
    entries: Vec<Option<Entry>>,
    used: usize,
    pub version: u64,
    /// Changes when a key is added or removed, but not when a value is replaced (CPython's
    /// `dk_version`): while it holds, every key keeps its entry, so an inline cache that
    /// found a name at an entry finds it there still (a global assigned in a loop does not
    /// send every `LOAD_GLOBAL` of the module back to its lookup). From the same counter as
    /// `version`, so unique to one key set of one dict as well.
    pub keys_version: u64,
    /// A key that is not an exact str was ever inserted (until then the collector need not
    /// look at the keys: strs are never tracked, as CPython's unicode-keys dicts).
    non_str_keys: bool,
}

impl Default for DictData {
    fn default() -> DictData {
        DictData {
            indices: Vec::new(),
            entries: Vec::new(),
            used: 0,
            version: next_version(),
            keys_version: next_version(),
            non_str_keys: false,
        }
    }
}

/// A table of the smallest size: the index array (all `EMPTY`) and the empty entry array.
type SmallTable = (Vec<i32>, Vec<Option<Entry>>);

/// Small tables kept for reuse, at most this many.
const TABLES_KEPT: usize = 80;

thread_local! {
    /// The tables of freed small dicts, for the next dicts that need one: a dict made and
    /// dropped per call (`**kwargs`, a literal) then costs no trip to the allocator for its
    /// table, as CPython's free list of small keys objects gives.
    static KEPT_TABLES: RefCell<Vec<SmallTable>> = const { RefCell::new(Vec::new()) };
}

fn take_kept_table() -> Option<SmallTable> {
    KEPT_TABLES
        .try_with(|t| t.borrow_mut().pop())
        .ok()
        .flatten()
}

impl Drop for DictData {
    fn drop(&mut self) {
        if self.indices.len() != MIN_SIZE || self.entries.capacity() != MIN_SIZE * 2 / 3 {
            return;
        }
        let mut entries = std::mem::take(&mut self.entries);
        // Dropping the entries may free other dicts, which keep their tables here too: no
        // borrow of the list is held meanwhile.
        entries.clear();
        let mut indices = std::mem::take(&mut self.indices);
        indices.fill(EMPTY);
        let _ = KEPT_TABLES.try_with(|t| {
            let mut t = t.borrow_mut();
            if t.len() < TABLES_KEPT {
                t.push((indices, entries));
            }
        });
    }
}

/// The last version given to a dict (see the module's invariants).
static LAST_VERSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A version no dict has had. One thread runs Python code at a time, so a plain load and
/// store (no locked increment) keeps the versions unique.
#[inline(always)]
fn next_version() -> u64 {
    use std::sync::atomic::Ordering::Relaxed;
    let v = LAST_VERSION.load(Relaxed) + 1;
    LAST_VERSION.store(v, Relaxed);
    v
}

pub struct Dict(pub RefCell<DictData>);

impl Payload for Dict {
    const LAYOUT: Layout = Layout::Dict;
}

enum Probe {
    Found { entry: usize },
    Missing,
}

impl DictData {
    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.indices.len() - 1
    }

    /// Probes for `hash` where `same(entry_index)` decides key equality without calling Python.
    fn probe(&self, hash: i64, mut same: impl FnMut(&Entry) -> bool) -> Probe {
        if self.indices.is_empty() {
            return Probe::Missing;
        }
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return Probe::Missing;
            }
            if ix != DUMMY {
                let e = self.entries[ix as usize].as_ref().expect("live entry");
                if e.hash == hash && same(e) {
                    return Probe::Found { entry: ix as usize };
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
    }

    /// Rebuilds the table for at least `min_used` entries; MemoryError (with the table
    /// unchanged) when the new one cannot be allocated.
    fn resize(&mut self, min_used: usize) -> PyResult<()> {
        let mut size = MIN_SIZE;
        while size * 2 / 3 <= min_used {
            size *= 2;
        }
        let (indices, entries) = match (size == MIN_SIZE).then(take_kept_table).flatten() {
            Some(table) => table,
            None => {
                let mut indices = Vec::new();
                let mut entries = Vec::new();
                if indices.try_reserve_exact(size).is_err()
                    || entries.try_reserve_exact(size * 2 / 3).is_err()
                {
                    return Err(super::exception::memory_error());
                }
                indices.resize(size, EMPTY);
                (indices, entries)
            }
        };
        self.indices = indices;
        let old = std::mem::replace(&mut self.entries, entries);
        // A new dict's first insertion moves nothing (and needs no iterator over nothing).
        if !old.is_empty() {
            for e in old.into_iter().flatten() {
                let slot = self.free_slot_for(e.hash);
                self.indices[slot] = self.entries.len() as i32;
                self.entries.push(Some(e));
            }
        }
        Ok(())
    }

    fn free_slot_for(&self, hash: i64) -> usize {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while self.indices[i] != EMPTY {
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        i
    }

    /// Whether some key may be an object the collector tracks (false when every key ever
    /// inserted was an exact str).
    pub fn keys_may_be_tracked(&self) -> bool {
        self.non_str_keys
    }

    /// Inserts a key known to be absent; MemoryError when the table cannot grow.
    fn insert_new(&mut self, hash: i64, key: Value, value: Value) -> PyResult<()> {
        if self.indices.is_empty() || self.entries.len() + 1 > self.indices.len() * 2 / 3 {
            self.resize(self.used * 3)?;
        }
        if !self.non_str_keys && !key.is_type(&super::types::STR_TYPE) {
            self.non_str_keys = true;
        }
        let slot = self.free_slot_for_insert(hash);
        self.indices[slot] = self.entries.len() as i32;
        self.entries.push(Some(Entry { hash, key, value }));
        self.used += 1;
        self.version = next_version();
        self.keys_version = self.version;
        Ok(())
    }

    /// `insert_new` where the caller cannot raise: running out of memory aborts there, as any
    /// infallible allocation does.
    fn insert_new_or_abort(&mut self, hash: i64, key: Value, value: Value) {
        if self.insert_new(hash, key, value).is_err() {
            std::alloc::handle_alloc_error(std::alloc::Layout::new::<Entry>());
        }
    }

    fn free_slot_for_insert(&self, hash: i64) -> usize {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while self.indices[i] >= 0 {
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        i
    }

    fn remove_entry(&mut self, entry: usize) -> Entry {
        let hash = self.entries[entry].as_ref().expect("live").hash;
        // Find the index slot that points at this entry.
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while self.indices[i] != entry as i32 {
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        self.indices[i] = DUMMY;
        self.used -= 1;
        self.version = next_version();
        self.keys_version = self.version;
        self.entries[entry].take().expect("live")
    }

    /// The entry at position `i` of the entry array (None if deleted or past the end).
    pub fn entry_at(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i).and_then(|e| e.as_ref())
    }

    /// Replaces the value of the entry at position `i` (if live); returns the old value.
    pub fn replace_value_at(&mut self, i: usize, value: Value) -> Option<Value> {
        let e = self.entries.get_mut(i)?.as_mut()?;
        let old = std::mem::replace(&mut e.value, value);
        self.version = next_version();
        Some(old)
    }

    /// Length of the entry array (iteration bound).
    pub fn entries_len(&self) -> usize {
        self.entries.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }

    pub fn clear(&mut self) -> Vec<Option<Entry>> {
        self.indices.clear();
        self.used = 0;
        self.version = next_version();
        self.keys_version = self.version;
        std::mem::take(&mut self.entries)
    }

    /// Removes and returns the last inserted entry.
    pub fn pop_last(&mut self) -> Option<Entry> {
        let idx = self.entries.iter().rposition(|e| e.is_some())?;
        let e = self.remove_entry(idx);
        // Drop the deleted tail (no index slot points past `idx` any more), so the next
        // `popitem` does not scan back over it: n pops cost O(n), as in CPython, which shrinks
        // `dk_nentries` the same way.
        self.entries.truncate(idx);
        Some(e)
    }
}

/// A `dict_keys`, `dict_values` or `dict_items` view (its type says which).
pub struct DictView {
    pub dict: Value,
}

impl Payload for DictView {
    const LAYOUT: Layout = Layout::DictView;
}

pub fn new_dict() -> Value {
    super::alloc::alloc(&DICT_TYPE, Dict(RefCell::new(DictData::default())))
}

/// The dict payload of a dict (or dict subclass instance).
#[inline]
pub fn as_dict(v: &Value) -> Option<&Dict> {
    v.payload::<Dict>()
}

/// Runs `f` on a dict's data without taking the borrow flag (None while a mutation holds it,
/// or for a value that is no dict): for the eval loop's cache checks, which only read.
#[inline(always)]
pub fn read<R>(d: &Value, f: impl FnOnce(&DictData) -> R) -> Option<R> {
    let cell = &as_dict(d)?.0;
    // SAFETY: the reference lives only during `f`, which gets no way to run Python code (the
    // only thing that could mutate the dict meanwhile), and no mutable borrow is active (the
    // unguarded borrow checks the flag).
    unsafe { cell.try_borrow_unguarded() }.ok().map(f)
}

/// A dict's data without taking the borrow flag (None while a mutation holds it, or for a
/// value that is no dict), as `read` gives it, for a hot path a closure would slow.
///
/// # Safety
/// While the reference lives, no Python code runs and nothing mutates the dict.
#[inline(always)]
pub unsafe fn data_unguarded(d: &Value) -> Option<&DictData> {
    // SAFETY: the caller's promise; the unguarded borrow checks that no mutable borrow is
    // active.
    unsafe { as_dict(d)?.0.try_borrow_unguarded() }.ok()
}

fn data(d: &Value) -> &RefCell<DictData> {
    &as_dict(d).expect("dict").0
}

/// Keys whose equality needs no Python code: same object, or both str, or both exact ints.
#[inline]
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

/// The hash used for dict keys.
#[inline]
pub fn key_hash(vm: &mut impl PythonOps, key: &Value) -> PyResult<i64> {
    if let Some(i) = key.as_small_int() {
        return Ok(super::int::hash_i64(i));
    }
    if let Some(s) = key.payload_exact::<super::str::Str>() {
        return Ok(s.hash());
    }
    vm.hash(key)
}

/// Finds `key`'s entry index, calling `__eq__` for same-hash keys that need it (restarts the
/// probe if that call mutated the dict).
fn find(vm: &mut impl PythonOps, d: &Value, key: &Value, hash: i64) -> PyResult<Option<usize>> {
    let cell = data(d);
    'restart: loop {
        let (mask, table) = {
            let dd = cell.borrow();
            if dd.indices.is_empty() {
                return Ok(None);
            }
            (dd.mask(), dd.indices.as_ptr())
        };
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let candidate = {
                let dd = cell.borrow();
                let ix = dd.indices[i];
                if ix == EMPTY {
                    return Ok(None);
                }
                let mut candidate = None;
                if ix >= 0 {
                    let e = dd.entries[ix as usize].as_ref().expect("live entry");
                    if e.hash == hash {
                        match native_eq(&e.key, key) {
                            Some(true) => return Ok(Some(ix as usize)),
                            Some(false) => {}
                            None => candidate = Some((ix as usize, e.key.clone())),
                        }
                    }
                }
                candidate
            };
            if let Some((ix, k)) = candidate {
                let eq = vm.eq(&k, key)?;
                // `__eq__` may have changed the dict: the probe goes on only if the table is
                // the same one and the slot still holds this entry and key, as CPython's
                // `lookdict` (a changed value alone does not restart it, or an `__eq__` that
                // stores into the dict would restart it forever).
                let unchanged = {
                    let dd = cell.borrow();
                    dd.indices.as_ptr() == table
                        && dd.indices.len() == mask + 1
                        && dd.indices[i] == ix as i32
                        && matches!(dd.entries.get(ix), Some(Some(e)) if e.key.is(&k))
                };
                if !unchanged {
                    continue 'restart;
                }
                if eq {
                    return Ok(Some(ix));
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
    }
}

/// `d[key]` or None when missing.
/// `d[key]` for an exact-str or small-int key when the probe needs no Python code: Some of the
/// value (None when missing). None when the general path must answer: another kind of key, a
/// key of the same hash whose equality needs `__eq__`, a dict that is being mutated.
#[inline(always)]
fn get_native(d: &Value, key: &Value) -> Option<Option<Value>> {
    let hash = native_hash(key)?;
    // SAFETY: only read while the reference lives; no Python code runs.
    let dd = unsafe { data_unguarded(d) }?;
    let found = find_native(dd, key, hash)?;
    Some(found.and_then(|i| dd.entries[i].as_ref().map(|e| e.value.clone())))
}

/// Whether the dict `d` has `key`, when that takes no Python code (see `get_native`); None
/// when the general path must answer.
#[inline(always)]
pub fn contains_native(d: &Value, key: &Value) -> Option<bool> {
    let hash = native_hash(key)?;
    // SAFETY: only read while the reference lives; no Python code runs.
    let dd = unsafe { data_unguarded(d) }?;
    Some(find_native(dd, key, hash)?.is_some())
}

/// The hash of a small-int or exact-str key (no Python code); None for other keys.
#[inline(always)]
pub(super) fn native_hash(key: &Value) -> Option<i64> {
    match key.as_small_int() {
        Some(i) => Some(super::int::hash_i64(i)),
        None => Some(key.payload_exact::<super::str::Str>()?.hash()),
    }
}

/// `find` without Python code: Some of the entry index (None when missing); None when a key of
/// the same hash needs `__eq__` to tell.
#[inline(always)]
fn find_native(dd: &DictData, key: &Value, hash: i64) -> Option<Option<usize>> {
    let mut needs_python = false;
    let probe = dd.probe(hash, |e| match native_eq(&e.key, key) {
        Some(same) => same,
        None => {
            // Stop here: the general path decides.
            needs_python = true;
            true
        }
    });
    match probe {
        _ if needs_python => None,
        Probe::Found { entry } => Some(Some(entry)),
        Probe::Missing => Some(None),
    }
}

#[inline(always)]
pub fn get_item(vm: &mut impl PythonOps, d: &Value, key: &Value) -> PyResult<Option<Value>> {
    match get_native(d, key) {
        Some(found) => Ok(found),
        None => get_item_probing(vm, d, key),
    }
}

/// `get_item` when the key or the probe may need Python code.
#[inline(never)]
fn get_item_probing(vm: &mut impl PythonOps, d: &Value, key: &Value) -> PyResult<Option<Value>> {
    let hash = key_hash(vm, key)?;
    match find(vm, d, key, hash)? {
        Some(i) => Ok(data(d).borrow().entries[i]
            .as_ref()
            .map(|e| e.value.clone())),
        None => Ok(None),
    }
}

/// `d[key]` or None when missing, with the key's hash already computed.
pub fn get_item_hashed(
    vm: &mut impl PythonOps,
    d: &Value,
    key: &Value,
    hash: i64,
) -> PyResult<Option<Value>> {
    match find(vm, d, key, hash)? {
        Some(i) => Ok(data(d).borrow().entries[i]
            .as_ref()
            .map(|e| e.value.clone())),
        None => Ok(None),
    }
}

/// Removes `key` (hash already computed); returns the old value, or None if it was missing.
pub fn del_item_hashed(
    vm: &mut impl PythonOps,
    d: &Value,
    key: &Value,
    hash: i64,
) -> PyResult<Option<Value>> {
    match find(vm, d, key, hash)? {
        Some(i) => {
            let e = data(d).borrow_mut().remove_entry(i);
            Ok(Some(e.value))
        }
        None => Ok(None),
    }
}

/// `d.setdefault(key, default)`: hashes and compares the key once, as CPython's.
pub fn setdefault(vm: &mut impl PythonOps, d: &Value, key: Value, default: Value) -> PyResult {
    let hash = key_hash(vm, &key)?;
    if let Some(i) = find(vm, d, &key, hash)? {
        if let Some(e) = data(d).borrow().entries[i].as_ref() {
            return Ok(e.value.clone());
        }
    }
    data(d)
        .borrow_mut()
        .insert_new(hash, key, default.clone())?;
    Ok(default)
}

/// `d[key] = value`.
pub fn set_item(vm: &mut impl PythonOps, d: &Value, key: Value, value: Value) -> PyResult<()> {
    if let Some(hash) = native_hash(&key) {
        let found = find_native(&data(d).borrow(), &key, hash);
        return match found {
            Some(found) => store_at(d, found, key, hash, value),
            None => set_item_hashed(vm, d, key, hash, value),
        };
    }
    let hash = key_hash(vm, &key)?;
    set_item_hashed(vm, d, key, hash, value)
}

/// `d[key] = value` with the key's hash already computed.
pub fn set_item_hashed(
    vm: &mut impl PythonOps,
    d: &Value,
    key: Value,
    hash: i64,
    value: Value,
) -> PyResult<()> {
    let found = find(vm, d, &key, hash)?;
    store_at(d, found, key, hash, value)
}

/// Stores `value` into the entry a probe found for `key`, or inserts a new one.
#[inline(always)]
fn store_at(d: &Value, found: Option<usize>, key: Value, hash: i64, value: Value) -> PyResult<()> {
    let mut dd = data(d).borrow_mut();
    match found {
        Some(i) => {
            let old = std::mem::replace(&mut dd.entries[i].as_mut().expect("live").value, value);
            dd.version = next_version();
            drop(dd);
            drop(old);
        }
        None => dd.insert_new(hash, key, value)?,
    }
    Ok(())
}

/// Removes `key`; returns the old value, or None if it was missing.
pub fn del_item(vm: &mut impl PythonOps, d: &Value, key: &Value) -> PyResult<Option<Value>> {
    let hash = key_hash(vm, key)?;
    match find(vm, d, key, hash)? {
        Some(i) => {
            let e = data(d).borrow_mut().remove_entry(i);
            Ok(Some(e.value))
        }
        None => Ok(None),
    }
}

/// Looks up a str key without calling Python code (type dicts, globals, instance dicts).
#[inline]
pub fn lookup_str(d: &Value, key: &Value) -> Option<Value> {
    let s = key.payload_exact::<super::str::Str>()?;
    let dd = data(d).borrow();
    match dd.probe(s.hash(), |e| native_eq(&e.key, key).unwrap_or(false)) {
        Probe::Found { entry } => Some(dd.entries[entry].as_ref().expect("live").value.clone()),
        Probe::Missing => None,
    }
}

/// The entry index of a str key (for inline caches, valid while the version is unchanged).
#[inline]
pub fn lookup_str_index(d: &Value, key: &Value) -> Option<usize> {
    let s = key.payload_exact::<super::str::Str>()?;
    let dd = data(d).borrow();
    match dd.probe(s.hash(), |e| native_eq(&e.key, key).unwrap_or(false)) {
        Probe::Found { entry } => Some(entry),
        Probe::Missing => None,
    }
}

/// The value of entry `index` if that entry's key is `key` itself (an inline cache's guess at
/// where a name lives).
#[inline]
pub fn value_if_key_at(d: &Value, index: usize, key: &Value) -> Option<Value> {
    let dd = as_dict(d)?.0.try_borrow().ok()?;
    match dd.entries.get(index) {
        Some(Some(e)) if e.key.is(key) => Some(e.value.clone()),
        _ => None,
    }
}

/// The value of entry `index`, which an inline cache found while the dict had this version.
#[inline]
pub fn value_at(d: &Value, index: usize) -> Option<Value> {
    data(d).borrow().entry_at(index).map(|e| e.value.clone())
}

/// Sets a str key without calling Python code.
pub fn set_str(d: &Value, key: &Value, value: Value) {
    let hash = key
        .payload_exact::<super::str::Str>()
        .expect("str key")
        .hash();
    let mut dd = data(d).borrow_mut();
    match dd.probe(hash, |e| native_eq(&e.key, key).unwrap_or(false)) {
        Probe::Found { entry } => {
            let old =
                std::mem::replace(&mut dd.entries[entry].as_mut().expect("live").value, value);
            dd.version = next_version();
            drop(dd);
            drop(old);
        }
        Probe::Missing => dd.insert_new_or_abort(hash, key.clone(), value),
    }
}

/// Removes a str key without calling Python code; returns the old value.
pub fn del_str(d: &Value, key: &Value) -> Option<Value> {
    let hash = key.payload_exact::<super::str::Str>()?.hash();
    let mut dd = data(d).borrow_mut();
    match dd.probe(hash, |e| native_eq(&e.key, key).unwrap_or(false)) {
        Probe::Found { entry } => {
            let e = dd.remove_entry(entry);
            drop(dd);
            Some(e.value)
        }
        Probe::Missing => None,
    }
}

pub fn len(d: &Value) -> usize {
    as_dict(d).map(|x| x.0.borrow().len()).unwrap_or(0)
}

pub fn keys(d: &Value) -> Vec<Value> {
    data(d).borrow().iter().map(|e| e.key.clone()).collect()
}

pub fn values(d: &Value) -> Vec<Value> {
    data(d).borrow().iter().map(|e| e.value.clone()).collect()
}

pub fn items(d: &Value) -> Vec<(Value, Value)> {
    data(d)
        .borrow()
        .iter()
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect()
}

/// The version counter (changes on every mutation).
pub fn version(d: &Value) -> u64 {
    data(d).borrow().version
}

/// The keys version (changes when a key is added or removed; see `DictData::keys_version`).
pub fn keys_version(d: &Value) -> u64 {
    data(d).borrow().keys_version
}

/// Removes everything.
pub fn clear(d: &Value) {
    let old = data(d).borrow_mut().clear();
    drop(old);
}

/// A shallow copy.
pub fn copy(d: &Value) -> Value {
    let nd = new_dict();
    {
        let src = data(d).borrow();
        let mut dst = data(&nd).borrow_mut();
        for e in src.iter() {
            dst.insert_new_or_abort(e.hash, e.key.clone(), e.value.clone());
        }
    }
    nd
}

/// Entry `i` of the dense array, for iterators: (key, value), or None if deleted.
pub fn entry_at(d: &Value, i: usize) -> Option<(Value, Value)> {
    data(d)
        .borrow()
        .entry_at(i)
        .map(|e| (e.key.clone(), e.value.clone()))
}

pub fn entries_len(d: &Value) -> usize {
    data(d).borrow().entries_len()
}

/// Direct access to the table, for methods in `dict_methods`.
pub fn data_of(d: &Value) -> &RefCell<DictData> {
    data(d)
}

/// Inserts a key that the caller knows is absent (fresh dict being built).
pub fn insert_new_unchecked(d: &Value, hash: i64, key: Value, value: Value) {
    data(d).borrow_mut().insert_new_or_abort(hash, key, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_never_shared_between_dicts() {
        crate::builtins::methods::init_types();
        let k = crate::object::str::intern("k");
        let (a, b) = (new_dict(), new_dict());
        assert_ne!(version(&a), version(&b));
        set_str(&a, &k, crate::object::int::from_i64(1));
        set_str(&b, &k, crate::object::int::from_i64(1));
        let (va, vb) = (version(&a), version(&b));
        assert_ne!(va, vb);
        // A replaced value changes the version too, to one neither dict had.
        set_str(&a, &k, crate::object::int::from_i64(2));
        assert!(version(&a) != va && version(&a) != vb);
    }

    #[test]
    fn a_freed_small_dict_gives_its_table_to_the_next() {
        crate::builtins::methods::init_types();
        let (k, j) = (
            crate::object::str::intern("k"),
            crate::object::str::intern("j"),
        );
        let d = new_dict();
        set_str(&d, &k, crate::object::int::from_i64(1));
        let table = read(&d, |data| data.indices.as_ptr()).unwrap();
        drop(d);
        let e = new_dict();
        set_str(&e, &j, crate::object::int::from_i64(2));
        // The same table, emptied: only the new key is there.
        assert_eq!(read(&e, |data| data.indices.as_ptr()), Some(table));
        assert_eq!(len(&e), 1);
        assert!(lookup_str(&e, &k).is_none());
        assert_eq!(lookup_str(&e, &j).and_then(|v| v.as_small_int()), Some(2));
    }

    #[test]
    fn str_keys_roundtrip() {
        crate::builtins::methods::init_types();
        let d = new_dict();
        for i in 0..100 {
            let k = crate::object::str::intern(&format!("k{i}"));
            set_str(&d, &k, crate::object::int::from_i64(i));
        }
        assert_eq!(len(&d), 100);
        for i in 0..100 {
            let k = crate::object::str::new_str(&format!("k{i}"));
            assert_eq!(lookup_str(&d, &k).and_then(|v| v.as_small_int()), Some(i));
        }
        let k5 = crate::object::str::intern_static("k5");
        assert!(del_str(&d, &k5).is_some());
        assert!(lookup_str(&d, &k5).is_none());
        assert_eq!(len(&d), 99);
        assert_eq!(keys(&d).len(), 99);
    }
}
