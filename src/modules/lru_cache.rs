//! `functools._lru_cache_wrapper`, the C accelerator behind `functools.lru_cache`: a callable
//! with an instance `__dict__` (for `update_wrapper` and `cache_parameters`) that caches its
//! function's results by argument key, as CPython's `_functools` does: the same keys (a lone
//! exact `int` or `str` argument is its own key), hit and miss counts, an unbounded dict when
//! `maxsize` is None, no cache at 0, and least-recently-used eviction otherwise.

use std::cell::{Cell, RefCell};

use crate::object::error::{Args, PyResult};
use crate::object::exception::type_error;
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{none, GetSetDef, MethodDef, TypeSpec, INT_TYPE, OBJECT_TYPE, STR_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static LRU_WRAPPER_TYPE: TypeObject = TypeObject::new_static(
    "_lru_cache_wrapper",
    Layout::Instance,
    Some(&OBJECT_TYPE),
    0,
);
static LRU_STATE_TYPE: TypeObject = TypeObject::new_static(
    "_lru_cache_wrapper state",
    Layout::Native,
    Some(&OBJECT_TYPE),
    0,
);

/// One cached call in the recency list (most recent at `head`).
struct Link {
    key: Value,
    hash: i64,
    result: Value,
    prev: Option<usize>,
    next: Option<usize>,
}

#[derive(Default)]
struct Recency {
    links: Vec<Option<Link>>,
    free: Vec<usize>,
    head: Option<usize>,
    tail: Option<usize>,
}

impl Recency {
    fn unlink(&mut self, i: usize) {
        let (prev, next) = {
            let l = self.links[i].as_ref().expect("live link");
            (l.prev, l.next)
        };
        match prev {
            Some(p) => self.links[p].as_mut().expect("live").next = next,
            None => self.head = next,
        }
        match next {
            Some(n) => self.links[n].as_mut().expect("live").prev = prev,
            None => self.tail = prev,
        }
    }

    fn push_front(&mut self, i: usize) {
        let old = self.head;
        {
            let l = self.links[i].as_mut().expect("live link");
            l.prev = None;
            l.next = old;
        }
        if let Some(h) = old {
            self.links[h].as_mut().expect("live").prev = Some(i);
        }
        self.head = Some(i);
        if self.tail.is_none() {
            self.tail = Some(i);
        }
    }

    fn insert(&mut self, link: Link) -> usize {
        let i = match self.free.pop() {
            Some(i) => {
                self.links[i] = Some(link);
                i
            }
            None => {
                self.links.push(Some(link));
                self.links.len() - 1
            }
        };
        self.push_front(i);
        i
    }

    fn remove(&mut self, i: usize) -> Link {
        self.unlink(i);
        self.free.push(i);
        self.links[i].take().expect("live link")
    }
}

struct LruCache {
    func: RefCell<Value>,
    /// None: unbounded.
    maxsize: Option<usize>,
    typed: bool,
    info_type: RefCell<Value>,
    kwd_mark: Value,
    /// key -> result (unbounded) or key -> index into `recency` (bounded).
    cache: RefCell<Value>,
    recency: RefCell<Recency>,
    hits: Cell<u64>,
    misses: Cell<u64>,
}

impl NativeData for LruCache {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func.borrow());
        visit(&self.info_type.borrow());
        visit(&self.cache.borrow());
        for l in self.recency.borrow().links.iter().flatten() {
            visit(&l.key);
            visit(&l.result);
        }
    }

    fn clear(&self, out: &mut Vec<Value>) {
        out.push(self.func.replace(none()));
        out.push(self.info_type.replace(none()));
        out.push(self.cache.replace(dict::new_dict()));
        let links = std::mem::take(&mut *self.recency.borrow_mut());
        for l in links.links.into_iter().flatten() {
            out.push(l.key);
            out.push(l.result);
        }
    }
}

fn state(v: &Value) -> PyResult<&LruCache> {
    native_ref::<LruCache>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'functools._lru_cache_wrapper' object but received a '{}'",
            v.ty().name()
        ))
    })
}

fn lru_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0]
        .as_type()
        .ok_or_else(|| type_error("_lru_cache_wrapper.__new__(X): X is not a type object"))?;
    let b = Args::with_kwnames(&args.values[1..], args.kwnames).bind(
        "_lru_cache_wrapper",
        &["user_function", "maxsize", "typed", "cache_info_type"],
        4,
    )?;
    let func = b[0].clone().expect("required");
    if !crate::vm::call::is_callable(&func) {
        return Err(type_error("the first argument must be callable"));
    }
    let max = b[1].clone().expect("required");
    let maxsize = if max.is_none() {
        None
    } else if int::is_int(&max) {
        Some(vm.index_i64(&max)?.max(0) as usize)
    } else {
        return Err(type_error("maxsize should be integer or None"));
    };
    let typed = vm.truthy(b[2].as_ref().expect("required"))?;
    let st = new_native(
        &LRU_STATE_TYPE,
        LruCache {
            func: RefCell::new(func),
            maxsize,
            typed,
            info_type: RefCell::new(b[3].clone().expect("required")),
            kwd_mark: kwd_mark(),
            cache: RefCell::new(dict::new_dict()),
            recency: RefCell::new(Recency::default()),
            hits: Cell::new(0),
            misses: Cell::new(0),
        },
    );
    Ok(instance::new_instance(cls, Some(st)))
}

thread_local! {
    static KWD_MARK: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// The marker between positional and keyword arguments in a key (one object for all caches).
fn kwd_mark() -> Value {
    KWD_MARK.with(|m| {
        m.borrow_mut()
            .get_or_insert_with(|| {
                // A plain `object()`: its layout's payload, not an instance's.
                crate::object::alloc::alloc(&OBJECT_TYPE, crate::object::alloc::ObjectPayload)
            })
            .clone()
    })
}

/// CPython's `lru_cache_make_key`.
fn make_key(c: &LruCache, args: &Args) -> Value {
    let pos = args.positional();
    if !c.typed && args.kwnames.is_empty() {
        if let [only] = pos {
            if std::ptr::eq(only.ty(), &STR_TYPE) || std::ptr::eq(only.ty(), &INT_TYPE) {
                return only.clone();
            }
        }
        return tuple::from_slice(pos);
    }
    let mut items = pos.to_vec();
    if args.has_keywords() {
        items.push(c.kwd_mark.clone());
        for (k, v) in args.keywords() {
            items.push(k.clone());
            items.push(v.clone());
        }
    }
    if c.typed {
        items.extend(pos.iter().map(|p| p.ty().to_value()));
        items.extend(args.keywords().map(|(_, v)| v.ty().to_value()));
    }
    tuple::new_tuple(items)
}

fn lru_call(vm: &mut Vm, args: Args) -> PyResult {
    let me = args.values[0].clone();
    let c = state(&me)?;
    let call_args = Args::with_kwnames(&args.values[1..], args.kwnames);
    let func = c.func.borrow().clone();
    if c.maxsize == Some(0) {
        c.misses.set(c.misses.get() + 1);
        return vm.call_with(&func, call_args);
    }
    let key = make_key(c, &call_args);
    let hash = dict::key_hash(vm, &key)?;
    let cache = c.cache.borrow().clone();
    let Some(maxsize) = c.maxsize else {
        if let Some(r) = dict::get_item_hashed(vm, &cache, &key, hash)? {
            c.hits.set(c.hits.get() + 1);
            return Ok(r);
        }
        c.misses.set(c.misses.get() + 1);
        let r = vm.call_with(&func, call_args)?;
        dict::set_item_hashed(vm, &cache, key, hash, r.clone())?;
        return Ok(r);
    };
    if let Some(slot) = dict::get_item_hashed(vm, &cache, &key, hash)? {
        let i = int::as_i64(&slot).unwrap_or(-1);
        let mut rec = c.recency.borrow_mut();
        // A key's __eq__ may have cleared the cache during the lookup: use the link only if
        // it is still there.
        let live = usize::try_from(i)
            .ok()
            .filter(|&i| rec.links.get(i).is_some_and(Option::is_some));
        if let Some(i) = live {
            rec.unlink(i);
            rec.push_front(i);
            c.hits.set(c.hits.get() + 1);
            return Ok(rec.links[i].as_ref().expect("checked live").result.clone());
        }
    }
    c.misses.set(c.misses.get() + 1);
    let r = vm.call_with(&func, call_args)?;
    // The call may have cached this key itself (recursion) or cleared the cache.
    let cache = c.cache.borrow().clone();
    if dict::get_item_hashed(vm, &cache, &key, hash)?.is_some() {
        return Ok(r);
    }
    if dict::len(&cache) >= maxsize {
        let oldest = c.recency.borrow().tail;
        if let Some(t) = oldest {
            let link = c.recency.borrow_mut().remove(t);
            dict::del_item_hashed(vm, &cache, &link.key, link.hash)?;
        }
    }
    let i = c.recency.borrow_mut().insert(Link {
        key: key.clone(),
        hash,
        result: r.clone(),
        prev: None,
        next: None,
    });
    dict::set_item_hashed(vm, &cache, key, hash, int::from_i64(i as i64))?;
    Ok(r)
}

fn cache_info(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("cache_info", 1, 1)?;
    let c = state(&a[0])?;
    let info = c.info_type.borrow().clone();
    let size = dict::len(&c.cache.borrow());
    vm.call(
        &info,
        &[
            int::from_bigint(c.hits.get().into()),
            int::from_bigint(c.misses.get().into()),
            c.maxsize.map_or_else(none, |m| int::from_i64(m as i64)),
            int::from_i64(size as i64),
        ],
    )
}

fn cache_clear(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("cache_clear", 1, 1)?;
    let c = state(&a[0])?;
    c.hits.set(0);
    c.misses.set(0);
    let old_cache = c.cache.replace(dict::new_dict());
    let old_links = std::mem::take(&mut *c.recency.borrow_mut());
    drop(old_links);
    drop(old_cache);
    Ok(none())
}

/// Pickled by reference, as the function it wraps.
fn lru_reduce(vm: &mut Vm, args: Args) -> PyResult {
    vm.getattr(&args.values[0], "__qualname__")
}

fn lru_self(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

/// As a function: a method when reached through an instance.
fn lru_get(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("__get__", 2, 3)?;
    if a[1].is_none() {
        return Ok(a[0].clone());
    }
    Ok(crate::object::function::new_bound_method(
        a[0].clone(),
        a[1].clone(),
    ))
}

/// Installs the type; returns it for `_functools`.
pub fn install() -> Value {
    install_native_type(&TypeSpec {
        ty: &LRU_WRAPPER_TYPE,
        methods: methods![
            MethodDef::static_("__new__", lru_new),
            MethodDef::method("__call__", lru_call),
            MethodDef::method("cache_info", cache_info),
            MethodDef::method("cache_clear", cache_clear),
            MethodDef::method("__reduce__", lru_reduce),
            MethodDef::method("__copy__", lru_self),
            MethodDef::method("__deepcopy__", lru_self),
            MethodDef::method("__get__", lru_get),
        ],
        getsets: getsets![GetSetDef::readwrite(
            "__dict__",
            crate::builtins::methods::object::get_dict,
            crate::builtins::methods::object::set_dict
        ),],
        doc: Some("Create a cached callable that wraps another function."),
    });
    install_native_type(&TypeSpec {
        ty: &LRU_STATE_TYPE,
        methods: methods![],
        getsets: getsets![],
        doc: None,
    });
    *LRU_WRAPPER_TYPE.module.borrow_mut() = std::borrow::Cow::Borrowed("functools");
    LRU_WRAPPER_TYPE.to_value()
}
