//! Runtime code objects: the compiled form plus its constants and names as values.
//!
//! A code object's body (its compiled form, and the constants and names as values) is built the
//! first time anything reads it: making a function needs only the name, qualified name and
//! docstring, and most functions a module defines never run. A body still encoded in the
//! bytecode cache ([`CodeRef::Encoded`]) is decoded at that moment too.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::str::FxHasher;
use super::typeobj::Layout;
use super::types::CODE_TYPE;
use super::value::{Payload, Value};
use crate::bytecode::code::code_flags;
use crate::bytecode::{CodeRef, CompiledCode, Constant, Text};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

pub struct Code {
    pub name: Value,
    pub qualname: Value,
    pub filename: Value,
    /// The docstring (None when there is none): `co_consts[0]` of a function that has one.
    pub doc: Value,
    /// Where the body comes from.
    source: CodeRef,
    body: std::cell::OnceCell<CodeBody>,
    /// The strs of the module this code came from, until the body is built.
    strs: Cell<Option<Rc<FileStrs>>>,
    /// Calls plus loop back-edges executed, for the tiering policy.
    pub hotness: Cell<u32>,
    /// Compiled code, once the tier-2 compiler has produced it (Some exactly when `jit_state`
    /// is `COMPILED`: the JIT's direct calls test only this).
    pub jit_entry: Cell<Option<crate::tier2::Entry>>,
    /// `tier2::state` of this code object.
    pub jit_state: Cell<u8>,
    /// Deopt exits taken by its compiled code.
    pub deopts: Cell<u32>,
    /// Compile with speculation (cleared when it deopts too often).
    pub jit_speculate: Cell<bool>,
    /// Deopts per speculating instruction (index, count), and the instructions compiled
    /// without speculation because theirs failed too often.
    pub jit_site_deopts: RefCell<Vec<(u32, u32)>>,
    pub jit_failed_sites: RefCell<Vec<u32>>,
    /// Loop headers (code unit indices) where on-stack replacement does not pay (a loop that
    /// yields on every iteration would enter and leave compiled code each time).
    pub no_osr: RefCell<Vec<u32>>,
    /// Type feedback for the JIT, one entry per code unit: the kinds of values
    /// (`tier2::profile` bits) the interpreter saw the instruction there produce. Made at the
    /// first recording: most code never runs long enough to need it.
    pub profile: std::cell::OnceCell<Box<[Cell<u8>]>>,
    /// Frames parked for direct calls from compiled code.
    pub frame_cache: crate::vm::frame::FrameCache,
    /// Objects this code's compiled code relies on staying alive (code objects it calls
    /// lazily).
    pub jit_keep: RefCell<Vec<Value>>,
}

/// What running or inspecting a code object reads, built on first use (`Code` dereferences
/// to it).
pub struct CodeBody {
    pub compiled: Rc<CompiledCode>,
    /// The instructions as the eval loop reads them (`bytecode::units`): checked, arguments
    /// folded, a trap after the last.
    pub units: Box<[Cell<u64>]>,
    /// Whether the bytecode passed `units::decode` (else every unit traps).
    pub verified: bool,
    /// The inline caches of the adaptive instructions, indexed by the cache field of their
    /// units (`units::cache_of`).
    pub caches: Box<[InlineCache]>,
    pub consts: Box<[Value]>,
    /// `co_names`, interned.
    pub names: Box<[Value]>,
    /// `co_varnames`, interned (keyword binding compares them by identity first).
    pub varnames: Box<[Value]>,
    /// `LOAD_GLOBAL` inline caches, one per name a `LOAD_GLOBAL` reads. Made with the body:
    /// made on first use instead, the check on every `LOAD_GLOBAL` cost the interpreter 4% on
    /// `fib`.
    global_cache: Box<[GlobalCache]>,
    /// Whether calls can bind their arguments straight into the locals of a frame from the
    /// code's `FrameCache` (`Vm::keyword_frame`): a function's code without `*args`, `**kw` or
    /// cell variables of its own, not a generator or coroutine.
    pub binds_in_frame: bool,
    /// The number of positional arguments a call must pass for its frame to need nothing but
    /// those arguments in its first fast locals and the function's closure cells (code that
    /// `binds_in_frame` without keyword-only parameters); `u32::MAX` when no call can. A call
    /// passing fewer takes the rest from the defaults (`Vm::cached_frame`). The JIT's direct
    /// calls use `jit_direct_argc`.
    pub direct_argc: u32,
}

impl Code {
    /// `direct_argc` for the JIT's direct calls, which make no frame for the callee (its lazy
    /// frames hold no cells): `u32::MAX` for code with free variables.
    #[inline]
    pub fn jit_direct_argc(&self) -> u32 {
        if self.compiled.freevars.is_empty() {
            self.direct_argc
        } else {
            u32::MAX
        }
    }
}

impl std::ops::Deref for Code {
    type Target = CodeBody;

    #[inline]
    fn deref(&self) -> &CodeBody {
        match self.body.get() {
            Some(b) => b,
            None => self.build_body(),
        }
    }
}

/// Where `LOAD_GLOBAL` of one name found its value, valid while the dicts keep their keys
/// versions (unique to one key set of one dict, so they also say which dicts).
#[derive(Default)]
pub struct GlobalCache {
    pub globals_version: Cell<u64>,
    pub builtins_version: Cell<u64>,
    pub index: Cell<usize>,
    pub in_builtins: Cell<bool>,
}

/// What an adaptive instruction learned (`vm::specialize`): for its base form, when to try
/// specializing next; for a specialized form, the guards it checks (one entry per class it has
/// seen, up to `POLYMORPHIC_ENTRIES`) and how many misses it has left before it turns back into
/// its base form.
#[derive(Default)]
pub struct InlineCache {
    /// Base form: executions until the next attempt. Specialized form: misses left.
    pub counter: Cell<u16>,
    /// How many attempts in a row failed (the next wait doubles with each, up to a bound).
    pub backoff: Cell<u8>,
    pub entries: [CacheEntry; POLYMORPHIC_ENTRIES],
}

/// How many classes one specialized instruction serves (a call site through a base-class
/// reference sees each subclass).
pub const POLYMORPHIC_ENTRIES: usize = 4;

/// One guarded case of a specialized instruction.
#[derive(Default)]
pub struct CacheEntry {
    /// The class (by address) the entry is for; 0 for an unused entry.
    pub ty: Cell<usize>,
    /// That class's version tag when the entry was made.
    pub version: Cell<u32>,
    /// A value cell of an instance (for `shape`) or a module dict entry.
    pub index: Cell<u32>,
    /// The shape (`Shape::id`) the instance must have, or 0: for attribute forms, the shape
    /// whose cell `index` holds the name; for `LOAD_METHOD_CACHED`, a shape without the name
    /// (so no instance attribute hides the method). `CALL_BUILTIN_CLASS` keeps its
    /// `__init__` here (as `object`, or 0 for none to call).
    pub shape: Cell<usize>,
    /// A borrowed object the form uses (the method `LOAD_METHOD_CACHED` pushes, the
    /// `__init__` of `CALL_ALLOC_AND_ENTER_INIT`, the `__new__` of `CALL_BUILTIN_CLASS`):
    /// valid while the class keeps its version, because the class's MRO holds it.
    pub object: Cell<usize>,
}

impl InlineCache {
    /// The entry for class `ty` at its current version.
    #[inline(always)]
    pub fn entry_for(&self, ty: &super::typeobj::TypeObject) -> Option<&CacheEntry> {
        let addr = ty as *const super::typeobj::TypeObject as usize;
        let version = ty.version.get();
        self.entries
            .iter()
            .find(|e| e.ty.get() == addr && e.version.get() == version)
    }

    /// The entry for class `ty` at its current version and shape `shape`.
    #[inline(always)]
    pub fn entry_for_shape(
        &self,
        ty: &super::typeobj::TypeObject,
        shape: usize,
    ) -> Option<&CacheEntry> {
        let addr = ty as *const super::typeobj::TypeObject as usize;
        let version = ty.version.get();
        self.entries
            .iter()
            .find(|e| e.ty.get() == addr && e.version.get() == version && e.shape.get() == shape)
    }
}

impl Payload for Code {
    const LAYOUT: Layout = Layout::Code;
}

impl Code {
    /// The body, built now if it was not yet.
    #[cold]
    #[inline(never)]
    fn build_body(&self) -> &CodeBody {
        let strs = self.strs.take().unwrap_or_default();
        let body = make_body(self.source.compiled().clone(), &strs);
        self.body.get_or_init(|| body)
    }

    /// Whether the body has been built (decoded from the bytecode cache and converted).
    pub fn is_built(&self) -> bool {
        self.body.get().is_some()
    }

    /// The header fields, read without building the body.
    pub fn flags(&self) -> u32 {
        match &self.source {
            CodeRef::Ready(c) => c.flags,
            CodeRef::Encoded(e) => e.header.flags,
        }
    }

    pub fn is_generator(&self) -> bool {
        self.flags() & code_flags::GENERATOR != 0
    }

    /// A call makes a generator, coroutine or async generator instead of running the body.
    pub fn is_resumable(&self) -> bool {
        self.flags() & (code_flags::GENERATOR | code_flags::COROUTINE | code_flags::ASYNC_GENERATOR)
            != 0
    }

    /// CPython 3.11 puts a function's docstring first in `co_consts`, and None first when
    /// there is none (lambdas included), so a leading str constant is the docstring.
    pub fn has_docstring(&self) -> bool {
        !self.doc.is_none()
    }
}

impl CodeBody {
    /// The `LOAD_GLOBAL` cache of name `i`.
    #[inline]
    pub fn global_cache(&self, i: usize) -> &GlobalCache {
        &self.global_cache[i]
    }

    pub fn line_at(&self, instr: usize) -> u32 {
        self.compiled
            .lines
            .get(instr)
            .unwrap_or(self.compiled.first_line)
    }
}

fn is_identifier_like(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Converts a compile-time constant to a value.
pub fn constant_to_value(c: &Constant) -> Value {
    constant_in_file(c, &Rc::new(FileStrs::default()))
}

/// The strs made from the texts of one compiled module, by the address of the shared text
/// each came from: a text the bytecode cache holds once (a name used all over a module)
/// becomes one str, interned once, whichever of the module's code objects is built first.
#[derive(Default)]
struct FileStrs(RefCell<HashMap<usize, FileStr, BuildHasherDefault<FxHasher>>>);

/// One str of a module.
struct FileStr {
    /// Its text, held so that the address stays its own.
    _text: Text,
    str: Value,
    interned: bool,
}

impl FileStrs {
    /// The str of `t`, interned or not (a non-name use may share an interned one).
    fn any(&self, t: &Text) -> Value {
        self.0
            .borrow_mut()
            .entry(t.as_ptr() as usize)
            .or_insert_with(|| FileStr {
                _text: t.clone(),
                str: super::str::new_str(t),
                interned: false,
            })
            .str
            .clone()
    }

    /// The interned str of a name.
    fn name(&self, t: &Text) -> Value {
        let mut map = self.0.borrow_mut();
        let slot = map.entry(t.as_ptr() as usize).or_insert_with(|| FileStr {
            _text: t.clone(),
            str: super::str::intern(t),
            interned: true,
        });
        if !slot.interned {
            slot.str = super::str::intern(t);
            slot.interned = true;
        }
        slot.str.clone()
    }

    /// A str constant: interned when it looks like an identifier (as CPython does).
    fn constant(&self, t: &Text) -> Value {
        if is_identifier_like(t) {
            self.name(t)
        } else {
            self.any(t)
        }
    }
}

/// `constant_to_value` for a constant of a code object being converted with `strs`.
fn constant_in_file(c: &Constant, strs: &Rc<FileStrs>) -> Value {
    use super::*;
    match c {
        Constant::None => types::none(),
        Constant::Bool(b) => types::bool_value(*b),
        Constant::Int(i) => int::from_bigint(i.clone()),
        Constant::Float(f) => float::new_float(*f),
        Constant::Complex { real, imag } => complex::new_complex(*real, *imag),
        Constant::Str(s) => strs.constant(s),
        Constant::ExactStr(b) => str::from_exact(b.clone()),
        Constant::Bytes(b) => bytes::new_bytes(b.clone()),
        Constant::Tuple(items) => tuple::new_tuple(
            items
                .iter()
                .map(|item| constant_in_file(item, strs))
                .collect(),
        ),
        Constant::Ellipsis => types::ELLIPSIS.value(),
        Constant::Code(code) => code_in_file(code.clone(), strs),
    }
}

/// `Code::binds_in_frame` of `c`.
fn binds_in_frame(c: &CompiledCode) -> bool {
    let not_in_frame = code_flags::VARARGS
        | code_flags::VARKEYWORDS
        | code_flags::GENERATOR
        | code_flags::COROUTINE
        | code_flags::ITERABLE_COROUTINE
        | code_flags::ASYNC_GENERATOR;
    c.flags & not_in_frame == 0 && c.flags & code_flags::NEWLOCALS != 0 && c.cellvars.is_empty()
}

/// Slots the `LOAD_GLOBAL` cache needs: one past the highest name index a `LOAD_GLOBAL` reads
/// (module and class bodies use `LOAD_NAME` and need none).
fn global_slots(c: &CompiledCode) -> usize {
    use crate::bytecode::Opcode;
    let mut slots = 0;
    let mut arg = 0u32;
    for unit in c.code.chunks_exact(2) {
        arg = (arg << 8) | unit[1] as u32;
        if unit[0] == Opcode::EXTENDED_ARG as u8 {
            continue;
        }
        if unit[0] == Opcode::LOAD_GLOBAL as u8 {
            slots = slots.max(arg as usize + 1);
        }
        arg = 0;
    }
    slots
}

/// A code object for compiled code (nested code constants become code objects too, each
/// built when first read).
pub fn new_code(compiled: Rc<CompiledCode>) -> Value {
    code_in_file(CodeRef::Ready(compiled), &Rc::new(FileStrs::default()))
}

/// A code object whose body is built from `source` when first read, with the strs of the
/// module it belongs to.
fn code_in_file(source: CodeRef, strs: &Rc<FileStrs>) -> Value {
    let header = source.header();
    let filename = match &source {
        CodeRef::Ready(c) => strs.any(&c.filename),
        CodeRef::Encoded(e) => strs.any(&e.file.filename),
    };
    super::alloc::alloc(
        &CODE_TYPE,
        Code {
            name: strs.name(&header.name),
            qualname: strs.any(&header.qualname),
            filename,
            doc: header
                .doc
                .as_ref()
                .map_or_else(super::types::none, |d| strs.constant(d)),
            source,
            body: std::cell::OnceCell::new(),
            strs: Cell::new(Some(strs.clone())),
            hotness: Cell::new(0),
            jit_entry: Cell::new(None),
            jit_state: Cell::new(crate::tier2::state::UNTRIED),
            deopts: Cell::new(0),
            jit_speculate: Cell::new(true),
            jit_site_deopts: RefCell::new(Vec::new()),
            jit_failed_sites: RefCell::new(Vec::new()),
            profile: std::cell::OnceCell::new(),
            no_osr: RefCell::new(Vec::new()),
            frame_cache: Default::default(),
            jit_keep: RefCell::new(Vec::new()),
        },
    )
}

/// The body of a code object: its constants and names as values.
fn make_body(compiled: Rc<CompiledCode>, strs: &Rc<FileStrs>) -> CodeBody {
    let consts = compiled
        .consts
        .iter()
        .map(|c| constant_in_file(c, strs))
        .collect::<Vec<_>>();
    let names = compiled
        .names
        .iter()
        .map(|n| strs.name(n))
        .collect::<Vec<_>>();
    let varnames = compiled
        .varnames
        .iter()
        .map(|n| strs.name(n))
        .collect::<Vec<_>>();
    let binds_in_frame = binds_in_frame(&compiled);
    let direct_argc = if binds_in_frame && compiled.kwonlyargcount == 0 {
        compiled.argcount
    } else {
        u32::MAX
    };
    let (units, verified) = match crate::bytecode::units::decode(&compiled) {
        Ok(u) => (u, true),
        // Only `marshal` data can be invalid; running it raises (see `units::TRAP`).
        Err(_) => (
            crate::bytecode::units::trap_units(compiled.code.len() / 2),
            false,
        ),
    };
    let caches = (0..crate::bytecode::units::cache_count(&units))
        .map(|_| InlineCache::default())
        .collect();
    let units = units.into_iter().map(Cell::new).collect();
    let global_cache = (0..global_slots(&compiled))
        .map(|_| GlobalCache::default())
        .collect();
    CodeBody {
        compiled,
        units,
        verified,
        caches,
        consts: consts.into_boxed_slice(),
        names: names.into_boxed_slice(),
        varnames: varnames.into_boxed_slice(),
        global_cache,
        binds_in_frame,
        direct_argc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{compile, Mode};

    #[test]
    fn invalid_bytecode_raises_system_error_instead_of_running() {
        let (_guard, mut vm) = crate::vm::test_vm();
        let mut compiled = (*compile("x = 1\n", "m.py", Mode::Exec).unwrap()).clone();
        // LOAD_CONST of a constant that is not there, as crafted `marshal` data could say.
        compiled.code[1] = 99;
        let code = new_code(Rc::new(compiled));
        let c = code.payload_exact::<Code>().unwrap();
        assert!(!c.verified);
        let globals = super::super::dict::new_dict();
        let frame = crate::vm::frame::Frame::new(code.clone(), globals.clone(), globals, None);
        let err = vm.run_frame(frame).unwrap_err();
        assert!(err.is_instance(&super::super::exception::SYSTEM_ERROR));
        let msg = vm.str_string(&err.0).unwrap();
        assert!(
            msg.contains("invalid bytecode") && msg.contains("LOAD_CONST operand 99"),
            "{msg}"
        );
    }

    #[test]
    fn code_objects_of_one_module_share_their_strs() {
        let (_guard, _vm) = crate::vm::test_vm();
        let src = "def f(a):\n    'doc of f'\n    return 'two words', a\ndef g(a):\n    return 'two words', a\n";
        let compiled = compile(src, "m.py", Mode::Exec).unwrap();
        let data = crate::bytecode::serial::encode(&compiled);
        let len = data.len();
        let decoded = crate::bytecode::serial::decode_lazy(data, 0, len, None).unwrap();
        let module = new_code(Rc::new(decoded));
        let module = module.payload_exact::<Code>().unwrap();
        assert!(!module.is_built());
        let funcs: Vec<_> = module
            .consts
            .iter()
            .filter_map(|k| k.payload_exact::<Code>())
            .collect();
        assert_eq!(funcs.len(), 2);
        // Making the module's body made the functions' code objects, not their bodies; what a
        // function object needs is there without them.
        assert!(module.is_built() && funcs.iter().all(|f| !f.is_built()));
        assert_eq!(super::super::str::as_str(&funcs[0].doc), Some("doc of f"));
        assert!(funcs[1].doc.is_none() && !funcs[1].has_docstring());
        assert!(funcs.iter().all(|f| !f.is_built()));
        assert!(funcs[0].consts[0].is(&funcs[0].doc));
        let text = |c: &Code| {
            c.consts
                .iter()
                .find(|k| super::super::str::as_str(k) == Some("two words"))
                .cloned()
                .expect("the constant")
        };
        assert!(
            text(funcs[0]).is(&text(funcs[1])),
            "one str for the shared text"
        );
        assert!(funcs[0].varnames[0].is(&funcs[1].varnames[0]));
        assert!(funcs[0].filename.is(&module.filename));
    }
}
