//! Class creation: `__build_class__`, `type.__new__` (layout, C3 MRO, special-method
//! wrapping, `__set_name__`, `__init_subclass__`, `__classcell__`).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use super::Vm;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::typeobj::{flags, Layout, TypeObject};
use crate::object::types::{none, OBJECT_TYPE, TYPE_TYPE};
use crate::object::value::{Header, Value};
use crate::object::*;

impl Drop for TypeObject {
    fn drop(&mut self) {
        let me = self as *const TypeObject as usize;
        for b in self.bases.borrow().iter() {
            if let Some(bt) = b.as_type() {
                bt.subclasses.borrow_mut().retain(|w| *w != me);
            }
        }
    }
}

impl TypeObject {
    /// The layout of the built-in type this type's instances wrap or are (None for plain
    /// classes).
    pub fn builtin_base_layout(&self) -> Option<Layout> {
        let b = self.builtin_base.get();
        if b.is_null() {
            None
        } else {
            // SAFETY: builtin_base points at a live type (static, or a base we hold).
            Some(unsafe { (*b).layout })
        }
    }
}

/// C3 linearization of `bases` for a new class.
fn c3_mro(bases: &[Value], name: &str) -> PyResult<Vec<Value>> {
    let mut seqs: Vec<Vec<Value>> = bases
        .iter()
        .map(|b| b.as_type().expect("type").mro.borrow().clone())
        .collect();
    seqs.push(bases.to_vec());
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let mut candidate = None;
        for s in &seqs {
            let head = &s[0];
            if !seqs.iter().any(|t| t[1..].iter().any(|x| x.is(head))) {
                candidate = Some(head.clone());
                break;
            }
        }
        let Some(c) = candidate else {
            let names: Vec<String> = bases
                .iter()
                .map(|b| b.as_type().expect("type").name())
                .collect();
            let _ = name;
            return Err(type_error(format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            )));
        };
        for s in seqs.iter_mut() {
            if s[0].is(&c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

/// A class's MRO by C3 from its current bases (what `type.mro()` returns).
pub fn default_mro(t: &TypeObject) -> PyResult<Vec<Value>> {
    let bases = t.bases.borrow().clone();
    let mut mro = vec![t.to_value()];
    mro.extend(c3_mro(&bases, &t.name())?);
    Ok(mro)
}

/// The most derived metaclass among `meta` and the bases' types.
pub fn calculate_meta(meta: &Value, bases: &[Value]) -> PyResult<Value> {
    let mut winner = meta.clone();
    for b in bases {
        let bt = b.ty().to_value();
        let w = winner.as_type().expect("type");
        let t = bt.as_type().expect("type");
        if w.is_subtype(t) {
            continue;
        }
        if t.is_subtype(w) {
            winner = bt;
            continue;
        }
        return Err(type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

impl Vm {
    /// `type.__new__(meta, name, bases, namespace, **kwds)`.
    pub fn new_class(
        &mut self,
        meta: &Value,
        name: &str,
        bases_v: &Value,
        ns: &Value,
        kwds: Args,
    ) -> PyResult {
        let mut bases: Vec<Value> = tuple::items(bases_v).to_vec();
        for b in &bases {
            let Some(bt) = b.as_type() else {
                return Err(type_error(format!(
                    "bases must be types, not {}",
                    b.ty().name()
                )));
            };
            if !bt.has_flag(flags::BASETYPE) {
                return Err(type_error(format!(
                    "type '{}' is not an acceptable base type",
                    bt.name()
                )));
            }
        }
        if bases.is_empty() {
            bases.push(OBJECT_TYPE.to_value());
        }
        // Layout and the built-in type (if any) the instances wrap.
        let mut layout = Layout::Instance;
        let mut builtin_base: *const TypeObject = std::ptr::null();
        let mut primary = bases[0].clone();
        for b in &bases {
            let bt = b.as_type().expect("type");
            let (bl, bb) = match bt.layout {
                Layout::Object => (Layout::Instance, std::ptr::null()),
                Layout::Instance => (Layout::Instance, bt.builtin_base.get()),
                Layout::Exception => (Layout::Exception, std::ptr::null()),
                Layout::Type => (Layout::Type, std::ptr::null()),
                _ => (Layout::Instance, bt as *const TypeObject),
            };
            if bl == Layout::Type {
                layout = Layout::Type;
                primary = b.clone();
            } else if bl == Layout::Exception {
                if layout == Layout::Instance && !builtin_base.is_null() {
                    return Err(type_error("multiple bases have instance lay-out conflict"));
                }
                if layout != Layout::Exception {
                    primary = b.clone();
                }
                layout = Layout::Exception;
            } else if !bb.is_null() {
                if layout == Layout::Exception
                    || (!builtin_base.is_null() && !std::ptr::eq(builtin_base, bb))
                {
                    // SAFETY: both point at live types.
                    let (x, y) = unsafe { (&*builtin_base, &*bb) };
                    if builtin_base.is_null() || !(x.is_subtype(y) || y.is_subtype(x)) {
                        return Err(type_error("multiple bases have instance lay-out conflict"));
                    }
                }
                if builtin_base.is_null() {
                    builtin_base = bb;
                    primary = b.clone();
                }
            }
        }
        let meta_t = meta.as_type().expect("metaclass");
        let dict = dict::copy(ns);
        // `type(name, bases, ns)` without `__module__`: the caller's module, as CPython's
        // `type_new_set_module` takes it from the calling frame's globals.
        let module_key = str::intern_static("__module__");
        if dict::lookup_str(&dict, &module_key).is_none() {
            let caller_module = self
                .current_frame()
                .and_then(|f| dict::lookup_str(&f.globals, &str::intern_static("__name__")));
            if let Some(m) = caller_module {
                dict::set_str(&dict, &module_key, m);
            }
        }
        let qualname_key = str::intern_static("__qualname__");
        let qualname = match dict::del_str(&dict, &qualname_key) {
            Some(q) => str::as_str(&q)
                .ok_or_else(|| {
                    type_error(format!(
                        "type __qualname__ must be a str, not {}",
                        q.ty().name()
                    ))
                })?
                .to_string(),
            None => name.to_string(),
        };
        let module = dict::lookup_str(&dict, &str::intern_static("__module__"))
            .and_then(|m| str::as_str(&m).map(|s| s.to_string()))
            .unwrap_or_else(|| "builtins".to_string());
        // Before the class gets its default `__doc__`: a slot may be named so.
        let slots = self.slot_names(&dict, name, &bases, layout)?;
        if dict::lookup_str(&dict, &str::intern_static("__doc__")).is_none() {
            dict::set_str(&dict, &str::intern_static("__doc__"), none());
        }
        for (n, wrap) in [
            ("__new__", 's'),
            ("__init_subclass__", 'c'),
            ("__class_getitem__", 'c'),
        ] {
            let k = str::intern(n);
            if let Some(f) = dict::lookup_str(&dict, &k) {
                if f.ty().layout == Layout::Function {
                    let w = if wrap == 's' {
                        crate::object::alloc::alloc(
                            &crate::object::types::STATICMETHOD_TYPE,
                            descr::StaticMethod(RefCell::new(f)),
                        )
                    } else {
                        crate::object::alloc::alloc(
                            &crate::object::types::CLASSMETHOD_TYPE,
                            descr::ClassMethod(RefCell::new(f)),
                        )
                    };
                    dict::set_str(&dict, &k, w);
                }
            }
        }
        // Defining __eq__ without __hash__ makes instances unhashable (CPython's rule).
        if dict::lookup_str(&dict, &str::intern_static("__eq__")).is_some()
            && dict::lookup_str(&dict, &str::intern_static("__hash__")).is_none()
        {
            dict::set_str(&dict, &str::intern_static("__hash__"), none());
        }
        let classcell = dict::del_str(&dict, &str::intern_static("__classcell__"));
        // A sequence or mapping base makes a sequence or mapping (CPython's inherit_special).
        let inherited = primary
            .as_type()
            .map_or(0, |b| b.flags.get() & (flags::SEQUENCE | flags::MAPPING));
        let type_flags = flags::BASETYPE | flags::HEAPTYPE | inherited;
        if meta_t.is_heap() {
            std::mem::forget(meta.clone());
        }
        let t = Box::new(TypeObject {
            header: Header {
                refcnt: Cell::new(1),
                ty: Cell::new(meta_t),
            },
            name: RefCell::new(Cow::Owned(name.to_string())),
            qualname: RefCell::new(Cow::Owned(qualname)),
            module: RefCell::new(Cow::Owned(module)),
            layout,
            flags: Cell::new(type_flags),
            version: Cell::new(crate::object::typeobj::next_version()),
            base: Cell::new(primary.as_type().expect("type")),
            static_base: None,
            bases: RefCell::new(bases.clone()),
            mro: RefCell::new(Vec::new()),
            dict: RefCell::new(Some(dict.clone())),
            builtin_base: Cell::new(builtin_base),
            subclasses: RefCell::new(Vec::new()),
            slot_count: Cell::new(0),
            attr_hint: Cell::new(0),
        });
        // SAFETY: a fresh type object with one reference, starting with a header.
        let cls = unsafe { Value::from_owned_ptr(Box::into_raw(t) as *mut Header) };
        let ct = cls.as_type().expect("type");
        let mut mro = vec![cls.clone()];
        mro.extend(c3_mro(&bases, name)?);
        *ct.mro.borrow_mut() = mro;
        // A metaclass may define mro().
        if !std::ptr::eq(meta_t, &TYPE_TYPE) {
            if let Some(m) = meta_t.lookup_str("mro") {
                if m.ty().layout == Layout::Function {
                    let r = self.call(&m, std::slice::from_ref(&cls))?;
                    let mro = self.collect(&r)?;
                    check_custom_mro(ct, &mro)?;
                    *ct.mro.borrow_mut() = mro;
                }
            }
        }
        for b in &bases {
            b.as_type()
                .expect("type")
                .subclasses
                .borrow_mut()
                .push(cls.word());
        }
        // Instances keep their bases' slots, then this class's own.
        let first = bases
            .iter()
            .map(|b| b.as_type().expect("type").slot_count.get())
            .max()
            .unwrap_or(0);
        ct.slot_count.set(first);
        if let Some(slots) = slots {
            for (i, n) in slots.names.iter().enumerate() {
                let member = crate::object::member::new_member(
                    str::intern(n),
                    cls.clone(),
                    first as usize + i,
                );
                dict::set_str(&dict, &str::intern(n), member);
            }
            ct.slot_count.set(first + slots.names.len() as u32);
            if !slots.has_dict {
                ct.flags.set(ct.flags.get() | flags::NO_DICT);
            }
            if !slots.has_weakref {
                ct.flags.set(ct.flags.get() | flags::NO_WEAKREF);
            }
        }
        super::call::update_type_flags(ct);
        if let Some(cell) = classcell {
            cell::set(&cell, Some(cls.clone()));
        }
        // __set_name__
        for (k, v) in dict::items(&dict) {
            if v.is_small_int() {
                continue;
            }
            if let Some(sn) = v.ty().lookup_str("__set_name__") {
                self.call(&sn, &[v.clone(), cls.clone(), k])?;
            }
        }
        // super(cls, cls).__init_subclass__(**kwds)
        let mro = ct.mro.borrow().clone();
        for t in mro.iter().skip(1) {
            let tt = t.as_type().expect("type");
            let d = tt.dict.borrow().clone();
            if let Some(f) =
                d.and_then(|d| dict::lookup_str(&d, &str::intern_static("__init_subclass__")))
            {
                let bound = super::attr::descr_get(self, &f, None, ct)?;
                let bound = match bound.payload_exact::<function::BuiltinFunction>() {
                    Some(_) => bound,
                    None => bound,
                };
                let mut vals: Vec<Value> = Vec::new();
                vals.extend_from_slice(kwds.values);
                self.call_with(&bound, Args::with_kwnames(&vals, kwds.kwnames))?;
                break;
            }
        }
        Ok(cls)
    }

    /// The slots a class body's `__slots__` declares (names mangled, `__dict__` and
    /// `__weakref__` taken out), with CPython's checks; None without `__slots__`.
    fn slot_names(
        &mut self,
        dict: &Value,
        class_name: &str,
        bases: &[Value],
        layout: Layout,
    ) -> PyResult<Option<SlotSpec>> {
        // Bases whose instances hold slots must share one chain of slot-adding classes.
        let solids: Vec<&TypeObject> = bases
            .iter()
            .filter_map(|b| slot_solid_base(b.as_type().expect("type")))
            .collect();
        let conflict = solids
            .iter()
            .any(|x| solids.iter().any(|y| !x.is_subtype(y) && !y.is_subtype(x)));
        if conflict {
            return Err(type_error("multiple bases have instance lay-out conflict"));
        }
        let Some(decl) = dict::lookup_str(dict, &str::intern_static("__slots__")) else {
            return Ok(None);
        };
        let items = if str::as_str(&decl).is_some() {
            vec![decl]
        } else {
            self.collect(&decl)?
        };
        // CPython keeps these types' items inside the object, where slots cannot go. (Not
        // tuple: Heron's own `_structseq` gives its tuple subclasses slots.)
        let var_sized = [
            &crate::object::types::INT_TYPE,
            &crate::object::types::BYTES_TYPE,
            &TYPE_TYPE,
        ];
        if !items.is_empty() {
            let var_base = bases
                .iter()
                .filter_map(|b| b.as_type())
                .find(|t| var_sized.iter().any(|v| t.is_subtype(v)));
            if let Some(t) = var_base {
                return Err(type_error(format!(
                    "nonempty __slots__ not supported for subtype of '{}'",
                    t.name()
                )));
            }
        }
        // Instances already have a dict when any base gives them one.
        let base_has_dict = bases.iter().any(|b| {
            let t = b.as_type().expect("type");
            match t.layout {
                Layout::Instance => !t.has_flag(flags::NO_DICT),
                Layout::Exception | Layout::Type => true,
                _ => false,
            }
        });
        // CPython gives instances a weak reference list unless every base leaves it out.
        let base_has_weakref = bases.iter().any(|b| {
            let t = b.as_type().expect("type");
            match t.layout {
                Layout::Instance => !t.has_flag(flags::NO_WEAKREF),
                Layout::Exception => true,
                l => crate::object::weakref::weakrefable(l),
            }
        });
        let mut spec = SlotSpec {
            names: Vec::new(),
            has_dict: base_has_dict,
            has_weakref: base_has_weakref,
        };
        let mut seen_weakref = false;
        for item in &items {
            let Some(n) = str::as_str(item) else {
                return Err(type_error(format!(
                    "__slots__ items must be strings, not '{}'",
                    item.ty().name()
                )));
            };
            if !crate::builtins::methods::str::is_identifier(n) {
                return Err(type_error("__slots__ must be identifiers"));
            }
            match n {
                "__dict__" => {
                    if spec.has_dict {
                        return Err(type_error("__dict__ slot disallowed: we already got one"));
                    }
                    spec.has_dict = true;
                    continue;
                }
                "__weakref__" => {
                    if seen_weakref {
                        return Err(type_error(
                            "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0",
                        ));
                    }
                    seen_weakref = true;
                    spec.has_weakref = true;
                    continue;
                }
                _ => {}
            }
            let mangled = mangle(class_name, n);
            if dict::lookup_str(dict, &str::intern(&mangled)).is_some() {
                return Err(value_error(format!(
                    "'{mangled}' in __slots__ conflicts with class variable"
                )));
            }
            spec.names.push(mangled);
        }
        spec.names.sort();
        spec.names.dedup();
        if layout == Layout::Exception && !spec.names.is_empty() {
            // Exceptions keep attributes in their own dict; their slots stay plain attributes.
            spec.names.clear();
            spec.has_dict = true;
        }
        Ok(Some(spec))
    }

    /// `__build_class__(func, name, *bases, metaclass=..., **kwds)`.
    pub fn build_class(&mut self, args: Args) -> PyResult {
        let pos = args.positional();
        if pos.len() < 2 {
            return Err(type_error("__build_class__: not enough arguments"));
        }
        let func = &pos[0];
        let name = pos[1].clone();
        let orig_bases: Vec<Value> = pos[2..].to_vec();
        let bases = self.resolve_mro_entries(orig_bases.clone())?;
        let bases_changed =
            bases.len() != orig_bases.len() || bases.iter().zip(&orig_bases).any(|(a, b)| !a.is(b));
        let mut meta: Option<Value> = None;
        let mut kwnames: Vec<Value> = Vec::new();
        let mut kwvals: Vec<Value> = Vec::new();
        for (k, v) in args.keywords() {
            if str::as_str(k) == Some("metaclass") {
                meta = Some(v.clone());
            } else {
                kwnames.push(k.clone());
                kwvals.push(v.clone());
            }
        }
        let explicit = meta.is_some();
        let meta = match meta {
            Some(m) => m,
            None => match bases.first() {
                Some(b) => b.ty().to_value(),
                None => TYPE_TYPE.to_value(),
            },
        };
        let meta = if meta.as_type().is_some() && (explicit || !bases.is_empty()) {
            calculate_meta(&meta, &bases)?
        } else {
            meta
        };
        let bases_t = tuple::new_tuple(bases.clone());
        let ns = match self.getattr_opt(&meta, "__prepare__")? {
            Some(p) => {
                let mut vals = vec![name.clone(), bases_t.clone()];
                vals.extend(kwvals.iter().cloned());
                self.call_with(&p, Args::with_kwnames(&vals, &kwnames))?
            }
            None => dict::new_dict(),
        };
        let fp = func
            .payload_exact::<function::Function>()
            .ok_or_else(|| type_error("__build_class__: func must be a function"))?;
        let mut frame = self.new_frame(
            fp.code.borrow().clone(),
            fp.globals.clone(),
            fp.builtins.clone(),
            Some(ns.clone()),
        );
        if let Some(cl) = &fp.closure {
            for c in tuple::items(cl) {
                frame.cells.push(c.clone());
            }
        }
        let code_value = fp.code.borrow().clone();
        let code = code_value.payload_exact::<code::Code>().expect("code");
        if !code.compiled.cellvars.is_empty() {
            let mut cells: Vec<Value> = code
                .compiled
                .cellvars
                .iter()
                .map(|_| cell::new_cell(None))
                .collect();
            cells.append(&mut frame.cells);
            frame.cells = cells;
        }
        let cell = self.run_frame(frame)?;
        if bases_changed {
            // As CPython does, the class remembers the bases it was written with.
            self.setitem(
                &ns,
                &str::intern_static("__orig_bases__"),
                tuple::new_tuple(orig_bases),
            )?;
        }
        let mut vals = vec![name, bases_t, ns];
        vals.extend(kwvals);
        let cls = self.call_with(&meta, Args::with_kwnames(&vals, &kwnames))?;
        if cell.payload_exact::<cell::Cell>().is_some() && cls.as_type().is_some() {
            let cur = cell::get(&cell);
            if cur.is_none() {
                cell::set(&cell, Some(cls.clone()));
            }
        }
        Ok(cls)
    }

    /// CPython's `update_bases`: each base that is not a class and has `__mro_entries__` is
    /// replaced by what it returns when given all the original bases.
    fn resolve_mro_entries(&mut self, bases: Vec<Value>) -> PyResult<Vec<Value>> {
        let original = tuple::new_tuple(bases.clone());
        let mut out = Vec::new();
        for b in bases {
            if b.as_type().is_none() {
                if let Some(me) = self.getattr_opt(&b, "__mro_entries__")? {
                    let r = self.call(&me, std::slice::from_ref(&original))?;
                    if tuple::as_tuple(&r).is_none() {
                        return Err(type_error("__mro_entries__ must return a tuple"));
                    }
                    out.extend(tuple::items(&r).iter().cloned());
                    continue;
                }
            }
            out.push(b);
        }
        Ok(out)
    }
}

/// What a class's `__slots__` declares.
struct SlotSpec {
    /// The slot names, mangled and sorted (CPython's order of the member descriptors).
    names: Vec<String>,
    /// Instances have a `__dict__` (declared, or given by a base).
    has_dict: bool,
    /// Instances can be weakly referenced (`"__weakref__"` declared, or a base allows it).
    has_weakref: bool,
}

/// The most derived class in `t`'s MRO that added slots to its instances, if any.
fn slot_solid_base(t: &TypeObject) -> Option<&TypeObject> {
    let mut cur = t;
    loop {
        if cur.slot_count.get() == 0 {
            return None;
        }
        let base = cur.base.get();
        if base.is_null() {
            return Some(cur);
        }
        // SAFETY: a class's primary base outlives it.
        let base = unsafe { &*base };
        if base.slot_count.get() < cur.slot_count.get() {
            return Some(cur);
        }
        cur = base;
    }
}

/// The class whose instance layout `t`'s instances share (CPython's `solid_base`): the
/// nearest class that adds slots, or the built-in type under it.
pub fn solid_base(t: &TypeObject) -> &TypeObject {
    if let Some(s) = slot_solid_base(t) {
        return s;
    }
    let base = t.base.get();
    if t.is_heap() && !base.is_null() {
        // SAFETY: a class's primary base outlives it.
        return solid_base(unsafe { &*base });
    }
    t
}

/// The base whose instance layout a class with `bases` takes (CPython's `best_base`): the
/// one with the most derived solid base; the solid bases must form one chain.
fn best_base(bases: &[Value]) -> PyResult<Value> {
    let mut winner: Option<(&Value, &TypeObject)> = None;
    for b in bases {
        let bt = b.as_type().expect("checked by the caller");
        if !bt.has_flag(flags::BASETYPE) {
            return Err(type_error(format!(
                "type '{}' is not an acceptable base type",
                bt.name()
            )));
        }
        let solid = solid_base(bt);
        winner = match winner {
            None => Some((b, solid)),
            Some((_, w)) if w.is_subtype(solid) => winner,
            Some(_) if solid.is_subtype(winner.expect("some").1) => Some((b, solid)),
            Some(_) => return Err(type_error("multiple bases have instance lay-out conflict")),
        };
    }
    Ok(winner.map_or_else(|| OBJECT_TYPE.to_value(), |(b, _)| b.clone()))
}

impl Vm {
    /// `cls.__bases__ = value`: checks the new bases as CPython's `type_set_bases` does, then
    /// recomputes the MRO of the class and of every subclass and invalidates what was cached
    /// about them (version tags, which compiled code and the method cache check).
    pub fn set_bases(&mut self, t: &TypeObject, value: Option<Value>) -> PyResult<()> {
        let name = t.name();
        let Some(value) = value else {
            return Err(type_error(format!(
                "cannot delete '__bases__' attribute of immutable type '{name}'"
            )));
        };
        let Some(items) = tuple::as_tuple(&value) else {
            return Err(type_error(format!(
                "can only assign tuple to {name}.__bases__, not {}",
                value.ty().name()
            )));
        };
        if items.is_empty() {
            return Err(type_error(format!(
                "can only assign non-empty tuple to {name}.__bases__, not ()"
            )));
        }
        for b in items {
            let Some(bt) = b.as_type() else {
                return Err(type_error(format!(
                    "{name}.__bases__ must be tuple of classes, not '{}'",
                    b.ty().name()
                )));
            };
            if bt.is_subtype(t) {
                return Err(type_error("a __bases__ item causes an inheritance cycle"));
            }
        }
        let new_base = best_base(items)?;
        let new_bt = new_base.as_type().expect("a class");
        // SAFETY: a class's primary base is one of its bases, which it holds.
        let old_bt = unsafe { &*t.base.get() };
        if old_bt.layout.is_tracked() != new_bt.layout.is_tracked() {
            return Err(type_error(format!(
                "__bases__ assignment: '{}' deallocator differs from '{}'",
                new_bt.name(),
                old_bt.name()
            )));
        }
        check_layout_compatible(old_bt, new_bt, "__bases__")?;
        let me = t as *const TypeObject as usize;
        let old_bases = std::mem::replace(&mut *t.bases.borrow_mut(), items.to_vec());
        let old_base = t.base.replace(new_bt);
        if let Err(e) = self.remake_mros(t) {
            *t.bases.borrow_mut() = old_bases;
            t.base.set(old_base);
            // Put back the MROs the failed attempt may have changed.
            let _ = self.remake_mros(t);
            return Err(e);
        }
        for b in &old_bases {
            if let Some(bt) = b.as_type() {
                bt.subclasses.borrow_mut().retain(|w| *w != me);
            }
        }
        for b in items {
            b.as_type()
                .expect("a class")
                .subclasses
                .borrow_mut()
                .push(me);
        }
        t.modified();
        Ok(())
    }

    /// Recomputes the MRO of `t` (through its metaclass's `mro()` when it has its own) and of
    /// its subclasses, and the flags that depend on it.
    fn remake_mros(&mut self, t: &TypeObject) -> PyResult<()> {
        let cls = t.to_value();
        let meta = cls.ty();
        let custom = if std::ptr::eq(meta, &TYPE_TYPE) {
            None
        } else {
            meta.lookup_str("mro")
                .filter(|m| m.ty().layout == Layout::Function)
        };
        let mro = match custom {
            Some(m) => {
                let r = self.call(&m, std::slice::from_ref(&cls))?;
                let mro = self.collect(&r)?;
                check_custom_mro(t, &mro)?;
                mro
            }
            None => default_mro(t)?,
        };
        *t.mro.borrow_mut() = mro;
        super::call::update_type_flags(t);
        for sub in t.subclass_values() {
            self.remake_mros(sub.as_type().expect("a class"))?;
        }
        Ok(())
    }
}

/// Whether instances of `old` can become instances of `new` (for `__class__` and
/// `__bases__` assignment; CPython's `compatible_for_assignment`): the same representation,
/// the same built-in type under them, and the same slots.
pub fn check_layout_compatible(old: &TypeObject, new: &TypeObject, attr: &str) -> PyResult<()> {
    let (so, sn) = (solid_base(old), solid_base(new));
    let same_slots = std::ptr::eq(so, sn)
        || (so.slot_count.get() == sn.slot_count.get()
            && std::ptr::eq(so.base.get(), sn.base.get())
            && slot_names_of(so) == slot_names_of(sn));
    if new.layout != old.layout
        || !std::ptr::eq(old.builtin_base.get(), new.builtin_base.get())
        || !same_slots
        || old.has_flag(flags::NO_DICT) != new.has_flag(flags::NO_DICT)
    {
        return Err(type_error(format!(
            "{attr} assignment: '{}' object layout differs from '{}'",
            new.name(),
            old.name()
        )));
    }
    Ok(())
}

/// The `__slots__` a class declared, as written in its dict.
fn slot_names_of(t: &TypeObject) -> Vec<String> {
    let slots = t
        .dict
        .borrow()
        .as_ref()
        .and_then(|d| dict::lookup_str(d, &str::intern_static("__slots__")));
    let Some(slots) = slots else {
        return Vec::new();
    };
    let items = match str::as_str(&slots) {
        Some(s) => return vec![s.to_string()],
        None => tuple::as_tuple(&slots)
            .map(|t| t.to_vec())
            .or_else(|| list::as_list(&slots).map(|_| list::items(&slots))),
    };
    items
        .unwrap_or_default()
        .iter()
        .filter_map(|v| str::as_str(v).map(str::to_string))
        .collect()
}

/// CPython's `mro_check`: what a metaclass's `mro()` returned must be classes whose layout
/// the new class's instances have.
fn check_custom_mro(cls: &TypeObject, mro: &[Value]) -> PyResult<()> {
    let solid = solid_base(cls);
    for m in mro {
        let Some(t) = m.as_type() else {
            return Err(type_error(format!(
                "mro() returned a non-class ('{}')",
                m.ty().name()
            )));
        };
        if !solid.is_subtype(solid_base(t)) {
            return Err(type_error(format!(
                "mro() returned base with unsuitable layout ('{}')",
                t.name()
            )));
        }
    }
    Ok(())
}

/// A private name as the compiler mangles it inside class `class_name`.
fn mangle(class_name: &str, name: &str) -> String {
    let class = class_name.trim_start_matches('_');
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') || class.is_empty() {
        return name.to_string();
    }
    format!("_{class}{name}")
}
