//! Runtime code objects: the compiled form plus its constants and names as values.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::typeobj::Layout;
use super::types::CODE_TYPE;
use super::value::{Payload, Value};
use crate::bytecode::code::code_flags;
use crate::bytecode::{CompiledCode, Constant};

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
    /// `LOAD_GLOBAL` inline caches, one per name.
    pub global_cache: Box<[GlobalCache]>,
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
    constant_in_file(c, None)
}

/// `constant_to_value` for a constant of a code object from the file named by `filename`
/// (code objects nested in it share that str).
fn constant_in_file(c: &Constant, filename: Option<&Value>) -> Value {
    use super::*;
    match c {
        Constant::None => types::none(),
        Constant::Bool(b) => types::bool_value(*b),
        Constant::Int(i) => int::from_bigint(i.clone()),
        Constant::Float(f) => float::new_float(*f),
        Constant::Complex { real, imag } => complex::new_complex(*real, *imag),
        Constant::Str(s) => {
            if is_identifier_like(s) {
                str::intern(s)
            } else {
                str::new_str(s)
            }
        }
        Constant::ExactStr(b) => str::from_exact(b.clone()),
        Constant::Bytes(b) => bytes::new_bytes(b.clone()),
        Constant::Tuple(items) => tuple::new_tuple(
            items
                .iter()
                .map(|item| constant_in_file(item, filename))
                .collect(),
        ),
        Constant::Ellipsis => types::ELLIPSIS.value(),
        Constant::Code(code) => {
            let shared = filename.filter(|f| str::as_str(f) == Some(code.filename.as_str()));
            new_code_in_file(code.clone(), shared.cloned())
        }
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
    new_code_in_file(compiled, None)
}

/// `new_code`, with the str of its filename when the caller has it already.
fn new_code_in_file(compiled: Rc<CompiledCode>, filename: Option<Value>) -> Value {
    use super::str::intern;
    let filename = filename.unwrap_or_else(|| super::str::new_str(&compiled.filename));
    let consts = compiled
        .consts
        .iter()
        .map(|c| constant_in_file(c, Some(&filename)))
        .collect::<Vec<_>>();
    let names = compiled.names.iter().map(|n| intern(n)).collect::<Vec<_>>();
    let varnames = compiled
        .varnames
        .iter()
        .map(|n| intern(n))
        .collect::<Vec<_>>();
    let name = intern(&compiled.name);
    let qualname = super::str::new_str(&compiled.qualname);
    let ncache = global_slots(&compiled);
    let direct_argc = direct_argc(&compiled);
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
            global_cache: (0..ncache).map(|_| GlobalCache::default()).collect(),
        },
    )
}
