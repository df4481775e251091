//! Runtime code objects: the compiled form plus its constants and names as values.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::str::FxHasher;
use super::typeobj::Layout;
use super::types::CODE_TYPE;
use super::value::{Payload, Value};
use crate::bytecode::code::code_flags;
use crate::bytecode::{CompiledCode, Constant, Text};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

pub struct Code {
    pub compiled: Rc<CompiledCode>,
    pub consts: Box<[Value]>,
    /// `co_names`, interned.
    pub names: Box<[Value]>,
    /// `co_varnames`, interned (keyword binding compares them by identity first).
    pub varnames: Box<[Value]>,
    pub name: Value,
    pub qualname: Value,
    pub filename: Value,
    /// Calls plus loop back-edges executed, for the tiering policy.
    pub hotness: Cell<u32>,
    /// `LOAD_GLOBAL` inline caches, one per name a `LOAD_GLOBAL` reads. Made with the code
    /// object: made on first use instead, the check on every `LOAD_GLOBAL` cost the
    /// interpreter 4% on `fib`.
    global_cache: Box<[GlobalCache]>,
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
    /// The number of positional arguments a call must pass for its frame to need nothing but
    /// those arguments in its first fast locals (no defaults, `*args`, `**kw`, keyword-only
    /// parameters or cells, not a generator or coroutine); `u32::MAX` when no call can. The
    /// JIT's direct calls check only this.
    pub direct_argc: u32,
    /// Frames parked for direct calls from compiled code.
    pub frame_cache: crate::vm::frame::FrameCache,
    /// Objects this code's compiled code relies on staying alive (code objects it calls
    /// lazily).
    pub jit_keep: RefCell<Vec<Value>>,
}

/// Where `LOAD_GLOBAL` of one name found its value, valid while both dicts keep their
/// identity and version.
#[derive(Default)]
pub struct GlobalCache {
    pub globals: Cell<usize>,
    pub builtins: Cell<usize>,
    pub globals_version: Cell<u64>,
    pub builtins_version: Cell<u64>,
    pub index: Cell<usize>,
    pub in_builtins: Cell<bool>,
}

impl Payload for Code {
    const LAYOUT: Layout = Layout::Code;
}

impl Code {
    pub fn flags(&self) -> u32 {
        self.compiled.flags
    }

    pub fn is_generator(&self) -> bool {
        self.compiled.flags & code_flags::GENERATOR != 0
    }

    /// A call makes a generator, coroutine or async generator instead of running the body.
    pub fn is_resumable(&self) -> bool {
        self.compiled.flags
            & (code_flags::GENERATOR | code_flags::COROUTINE | code_flags::ASYNC_GENERATOR)
            != 0
    }

    /// CPython 3.11 puts a function's docstring first in `co_consts`, and None first when
    /// there is none (lambdas included), so a leading str constant is the docstring.
    pub fn has_docstring(&self) -> bool {
        self.compiled.flags & code_flags::OPTIMIZED != 0
            && matches!(self.compiled.consts.first(), Some(Constant::Str(_)))
    }

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
    Strs::with(|strs| constant_in_file(c, strs))
}

/// The strs made while converting one compiled module, by the address of the shared text
/// each came from: a text the bytecode cache holds once (a name used all over a module)
/// becomes one str, interned once.
#[derive(Default)]
struct Strs(HashMap<usize, (Value, bool), BuildHasherDefault<FxHasher>>);

impl Strs {
    /// Runs `f` with an empty `Strs`: one kept per thread, so converting each module does not
    /// grow a new table from nothing.
    fn with<R>(f: impl FnOnce(&mut Strs) -> R) -> R {
        thread_local! {
            static SPARE: std::cell::RefCell<Strs> = std::cell::RefCell::new(Strs::default());
        }
        SPARE.with(|spare| match spare.try_borrow_mut() {
            Ok(mut strs) => {
                // Keys are addresses of texts alive only during one conversion.
                strs.0.clear();
                let r = f(&mut strs);
                strs.0.clear();
                r
            }
            Err(_) => f(&mut Strs::default()),
        })
    }

    /// The str of `t`, interned or not (a non-name use may share an interned one).
    fn any(&mut self, t: &Text) -> Value {
        self.0
            .entry(t.as_ptr() as usize)
            .or_insert_with(|| (super::str::new_str(t), false))
            .0
            .clone()
    }

    /// The interned str of a name.
    fn name(&mut self, t: &Text) -> Value {
        let slot = self
            .0
            .entry(t.as_ptr() as usize)
            .or_insert_with(|| (super::str::intern(t), true));
        if !slot.1 {
            *slot = (super::str::intern(t), true);
        }
        slot.0.clone()
    }

    /// A str constant: interned when it looks like an identifier (as CPython does).
    fn constant(&mut self, t: &Text) -> Value {
        if is_identifier_like(t) {
            self.name(t)
        } else {
            self.any(t)
        }
    }
}

/// `constant_to_value` for a constant of a code object being converted with `strs`.
fn constant_in_file(c: &Constant, strs: &mut Strs) -> Value {
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
        Constant::Code(code) => new_code_in_file(code.clone(), strs),
    }
}

/// `Code::direct_argc` of `c`.
fn direct_argc(c: &CompiledCode) -> u32 {
    let not_direct = code_flags::VARARGS
        | code_flags::VARKEYWORDS
        | code_flags::GENERATOR
        | code_flags::COROUTINE
        | code_flags::ITERABLE_COROUTINE
        | code_flags::ASYNC_GENERATOR;
    if c.flags & not_direct != 0
        || c.flags & code_flags::NEWLOCALS == 0
        || c.kwonlyargcount != 0
        || !c.cellvars.is_empty()
        || !c.freevars.is_empty()
    {
        u32::MAX
    } else {
        c.argcount
    }
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

/// A code object for compiled code (nested code constants become code objects too).
pub fn new_code(compiled: Rc<CompiledCode>) -> Value {
    Strs::with(|strs| new_code_in_file(compiled, strs))
}

/// `new_code`, sharing the strs already made for the module being converted.
fn new_code_in_file(compiled: Rc<CompiledCode>, strs: &mut Strs) -> Value {
    let filename = strs.any(&compiled.filename);
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
    let name = strs.name(&compiled.name);
    let qualname = strs.any(&compiled.qualname);
    let direct_argc = direct_argc(&compiled);
    let global_cache = (0..global_slots(&compiled))
        .map(|_| GlobalCache::default())
        .collect();
    super::alloc::alloc(
        &CODE_TYPE,
        Code {
            compiled,
            consts: consts.into_boxed_slice(),
            names: names.into_boxed_slice(),
            varnames: varnames.into_boxed_slice(),
            name,
            qualname,
            filename,
            hotness: Cell::new(0),
            jit_entry: Cell::new(None),
            jit_state: Cell::new(crate::tier2::state::UNTRIED),
            deopts: Cell::new(0),
            jit_speculate: Cell::new(true),
            jit_site_deopts: RefCell::new(Vec::new()),
            jit_failed_sites: RefCell::new(Vec::new()),
            profile: std::cell::OnceCell::new(),
            no_osr: RefCell::new(Vec::new()),
            direct_argc,
            frame_cache: Default::default(),
            jit_keep: RefCell::new(Vec::new()),
            global_cache,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{compile, Mode};

    #[test]
    fn code_objects_of_one_module_share_their_strs() {
        let (_guard, _vm) = crate::vm::test_vm();
        let src = "def f(a):\n    return 'two words', a\ndef g(a):\n    return 'two words', a\n";
        let compiled = compile(src, "m.py", Mode::Exec).unwrap();
        let data = crate::bytecode::serial::encode(&compiled);
        let decoded = Rc::new(crate::bytecode::serial::decode(&data, None).unwrap());
        let module = new_code(decoded);
        let module = module.payload_exact::<Code>().unwrap();
        let funcs: Vec<_> = module
            .consts
            .iter()
            .filter_map(|k| k.payload_exact::<Code>())
            .collect();
        assert_eq!(funcs.len(), 2);
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
