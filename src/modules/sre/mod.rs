//! `_sre`: the regular expression engine under CPython's own `re` package, with CPython
//! 3.11's `Pattern`, `Match` and `Scanner` objects. `re._compiler` turns a pattern into SRE
//! code; `_sre.compile` validates it and the engine (`engine.rs`) runs it.

mod code;
mod engine;
mod validate;

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use code::*;
use engine::{SreError, State};

use crate::builtins::methods::genericalias::class_getitem;
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{index_error, overflow_error, runtime_error, type_error};
use crate::object::native::{install_native_type, native_ref, new_native, NativeData};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{bool_value, none, GetSetDef, MethodDef, TypeSpec, OBJECT_TYPE};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

pub static PATTERN_TYPE: TypeObject =
    TypeObject::new_static("Pattern", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static MATCH_TYPE: TypeObject =
    TypeObject::new_static("Match", Layout::Native, Some(&OBJECT_TYPE), 0);
pub static SCANNER_TYPE: TypeObject =
    TypeObject::new_static("SRE_Scanner", Layout::Native, Some(&OBJECT_TYPE), 0);

const COPYRIGHT: &str = " SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB ";

// ----- subjects -----

/// The characters a pattern runs over.
#[derive(Clone)]
enum Subject {
    /// An ASCII str or a bytes object, read in place.
    Inline(Value),
    /// Another bytes-like object, copied when the match starts.
    Bytes(Rc<[u8]>),
    /// A str with non-ASCII characters, as code points.
    Wide(Rc<[u32]>),
}

enum Text<'a> {
    Narrow(&'a [u8]),
    Wide(&'a [u32]),
}

thread_local! {
    /// The last non-ASCII str decoded to code points, so that a loop of `match(s, pos)`
    /// over one long str decodes it once.
    static WIDE_CACHE: RefCell<Option<(Value, Rc<[u32]>)>> = const { RefCell::new(None) };
}

impl Subject {
    /// The subject for `v` and whether it is bytes-like; None for other types.
    fn of(v: &Value) -> Option<(Subject, bool)> {
        if let Some(s) = str::payload(v) {
            if s.is_ascii() {
                return Some((Subject::Inline(v.clone()), false));
            }
            let cached = WIDE_CACHE.with(|c| {
                c.borrow()
                    .as_ref()
                    .filter(|(k, _)| k.is(v))
                    .map(|(_, w)| w.clone())
            });
            let wide = cached.unwrap_or_else(|| {
                let w: Rc<[u32]> = s.code_points().collect();
                WIDE_CACHE.with(|c| *c.borrow_mut() = Some((v.clone(), w.clone())));
                w
            });
            return Some((Subject::Wide(wide), false));
        }
        if bytes::as_bytes(v).is_some() {
            return Some((Subject::Inline(v.clone()), true));
        }
        bytes::bytes_like(v).map(|b| (Subject::Bytes(b.into()), true))
    }

    fn with<R>(&self, f: impl FnOnce(Text) -> R) -> R {
        match self {
            Subject::Inline(v) => match str::as_str(v) {
                Some(s) => f(Text::Narrow(s.as_bytes())),
                None => f(Text::Narrow(bytes::as_bytes(v).unwrap_or(&[]))),
            },
            Subject::Bytes(b) => f(Text::Narrow(b)),
            Subject::Wide(w) => f(Text::Wide(w)),
        }
    }

    fn len(&self) -> usize {
        self.with(|t| match t {
            Text::Narrow(s) => s.len(),
            Text::Wide(s) => s.len(),
        })
    }

    /// `string[a:b]` as str or bytes (`getslice`): the subject itself when a bytes object is
    /// taken whole.
    fn slice(&self, a: usize, b: usize) -> Value {
        let (a, b) = (a.min(b), b);
        match self {
            Subject::Inline(v) => match str::as_str(v) {
                Some(s) if a == 0 && b == s.len() && v.is_type(&types::STR_TYPE) => v.clone(),
                Some(s) => str::new_str(&s[a..b]),
                None => {
                    let bs = bytes::as_bytes(v).unwrap_or(&[]);
                    if a == 0 && b == bs.len() && v.is_type(&types::BYTES_TYPE) {
                        v.clone()
                    } else {
                        bytes::new_bytes(bs[a..b].to_vec())
                    }
                }
            },
            Subject::Bytes(bs) => bytes::new_bytes(bs[a..b].to_vec()),
            Subject::Wide(w) => str::from_code_points(&w[a..b]),
        }
    }

    fn is_bytes(&self) -> bool {
        match self {
            Subject::Inline(v) => str::as_str(v).is_none(),
            Subject::Bytes(_) => true,
            Subject::Wide(_) => false,
        }
    }

    /// The empty str or bytes that joins pieces of this subject.
    fn empty(&self) -> Value {
        if self.is_bytes() {
            bytes::new_bytes(Vec::new())
        } else {
            str::new_str("")
        }
    }
}

/// Holds an export of a mutable subject's buffer (a bytearray, an array) for as long as a
/// match runs or a scanner lives, so the subject cannot be resized meanwhile, as CPython's
/// `state_init` holds a `Py_buffer`.
struct ExportGuard(Option<Value>);

impl ExportGuard {
    fn new(subject: &Subject, string: &Value) -> ExportGuard {
        if !matches!(subject, Subject::Bytes(_)) {
            return ExportGuard(None);
        }
        match bytes::buffer_of(string).and_then(|b| b.exports) {
            Some(e) => {
                e.set(e.get() + 1);
                ExportGuard(Some(string.clone()))
            }
            None => ExportGuard(None),
        }
    }
}

impl Drop for ExportGuard {
    fn drop(&mut self) {
        if let Some(e) = self
            .0
            .as_ref()
            .and_then(bytes::buffer_of)
            .and_then(|b| b.exports)
        {
            e.set(e.get().saturating_sub(1));
        }
    }
}

// ----- Pattern -----

/// A compiled pattern (`PatternObject`).
pub struct SrePattern {
    /// The source: a str, a bytes-like object, or None.
    pattern: Value,
    flags: u32,
    code: Box<[u32]>,
    groups: usize,
    groupindex: Option<Value>,
    indexgroup: Option<Value>,
    /// Whether the pattern is bytes; None when its source is None (matches either).
    is_bytes: Option<bool>,
}

impl NativeData for SrePattern {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.pattern);
        self.groupindex.iter().for_each(&mut *visit);
        self.indexgroup.iter().for_each(visit);
    }
}

fn pattern_of(v: &Value) -> PyResult<&SrePattern> {
    native_ref::<SrePattern>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 're.Pattern' object but received a '{}'",
            v.ty().name()
        ))
    })
}

/// A match in progress: the subject bounded as CPython's `state_init` bounds it.
struct Run {
    string: Value,
    subject: Subject,
    pos: usize,
    endpos: usize,
    state: State,
    _export: ExportGuard,
}

fn start_run(pat: &SrePattern, string: &Value, pos: i64, endpos: i64) -> PyResult<Run> {
    let Some((subject, is_bytes)) = Subject::of(string) else {
        return Err(type_error(format!(
            "expected string or bytes-like object, got '{}'",
            string.ty().name()
        )));
    };
    if is_bytes && pat.is_bytes == Some(false) {
        return Err(type_error(
            "cannot use a string pattern on a bytes-like object",
        ));
    }
    if !is_bytes && pat.is_bytes == Some(true) {
        return Err(type_error(
            "cannot use a bytes pattern on a string-like object",
        ));
    }
    let len = subject.len() as i64;
    let pos = pos.clamp(0, len) as usize;
    let endpos = endpos.clamp(0, len) as usize;
    Ok(Run {
        string: string.clone(),
        _export: ExportGuard::new(&subject, string),
        subject,
        pos,
        endpos,
        state: State::new(pat.groups, pos, endpos),
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Match,
    FullMatch,
    Search,
}

/// Runs the engine once from `run.state.start`; signal handlers run while it works.
fn execute(vm: &mut Vm, pat: &SrePattern, run: &mut Run, mode: Mode) -> PyResult<bool> {
    let mut raised: Option<PyErr> = None;
    let mut interrupt = || {
        if !crate::vm::signals::pending() {
            return false;
        }
        match vm.check_signals() {
            Ok(()) => false,
            Err(e) => {
                raised = Some(e);
                true
            }
        }
    };
    let st = &mut run.state;
    st.ptr = st.start;
    st.match_all = mode == Mode::FullMatch;
    let code = &pat.code[..];
    let r = run.subject.with(|t| match (t, mode) {
        (Text::Narrow(s), Mode::Search) => engine::search(st, s, code, &mut interrupt),
        (Text::Wide(s), Mode::Search) => engine::search(st, s, code, &mut interrupt),
        (Text::Narrow(s), _) => engine::run(st, s, code, 0, true, &mut interrupt),
        (Text::Wide(s), _) => engine::run(st, s, code, 0, true, &mut interrupt),
    });
    match r {
        Ok(found) => Ok(found),
        Err(SreError::Interrupted) => {
            Err(raised.unwrap_or_else(|| runtime_error("regular expression interrupted")))
        }
        Err(SreError::State) => Err(runtime_error("internal error in regular expression engine")),
    }
}

/// The match object for the run's last success (`pattern_new_match`).
fn new_match(pat_v: &Value, pat: &SrePattern, run: &Run) -> Value {
    let st = &run.state;
    let mut marks = vec![-1isize; 2 * (pat.groups + 1)];
    marks[0] = st.start;
    marks[1] = st.ptr;
    for g in 1..=pat.groups {
        if let Some((a, b)) = st.group_span(g) {
            marks[2 * g] = a as isize;
            marks[2 * g + 1] = b as isize;
        }
    }
    new_native(
        &MATCH_TYPE,
        SreMatch {
            string: run.string.clone(),
            subject: run.subject.clone(),
            pattern: pat_v.clone(),
            marks,
            pos: run.pos,
            endpos: run.endpos,
            lastindex: st.lastindex,
        },
    )
}

/// `pos` and `endpos` arguments (`Py_ssize_t`, default 0 and `sys.maxsize`).
fn pos_arg(vm: &mut Vm, v: Option<&Value>, default: i64) -> PyResult<i64> {
    match v {
        None => Ok(default),
        Some(v) => vm.index_i64(v),
    }
}

/// The pattern and a run over the subject for `name(string, pos=0, endpos=sys.maxsize)`.
fn bind_run(vm: &mut Vm, args: &Args, name: &str) -> PyResult<(Value, Run)> {
    let a = args.bind(name, &["self", "string", "pos", "endpos"], 2)?;
    let pat_v = a[0].clone().unwrap_or_else(none);
    let string = a[1].clone().unwrap_or_else(none);
    let pos = pos_arg(vm, a[2].as_ref(), 0)?;
    let endpos = pos_arg(vm, a[3].as_ref(), i64::MAX)?;
    let run = start_run(pattern_of(&pat_v)?, &string, pos, endpos)?;
    Ok((pat_v, run))
}

fn match_like(vm: &mut Vm, args: Args, name: &str, mode: Mode) -> PyResult {
    let (pat_v, mut run) = bind_run(vm, &args, name)?;
    let pat = pattern_of(&pat_v)?;
    if execute(vm, pat, &mut run, mode)? {
        Ok(new_match(&pat_v, pat, &run))
    } else {
        Ok(none())
    }
}

fn pattern_match(vm: &mut Vm, args: Args) -> PyResult {
    match_like(vm, args, "match", Mode::Match)
}

fn pattern_fullmatch(vm: &mut Vm, args: Args) -> PyResult {
    match_like(vm, args, "fullmatch", Mode::FullMatch)
}

fn pattern_search(vm: &mut Vm, args: Args) -> PyResult {
    match_like(vm, args, "search", Mode::Search)
}

/// Group `g` of the run's last match for findall/split: its text, or `missing`.
fn run_group(run: &Run, g: usize, missing: &Value) -> Value {
    match run.state.group_span(g) {
        Some((a, b)) => run.subject.slice(a, b),
        None => missing.clone(),
    }
}

/// Moves the run past its last match (an empty match must not repeat at the same place).
fn advance(run: &mut Run) {
    let st = &mut run.state;
    st.must_advance = st.ptr == st.start;
    st.start = st.ptr;
}

fn pattern_findall(vm: &mut Vm, args: Args) -> PyResult {
    let (pat_v, mut run) = bind_run(vm, &args, "findall")?;
    let pat = pattern_of(&pat_v)?;
    let mut out = Vec::new();
    let empty = run.subject.slice(0, 0);
    while run.state.start <= run.state.end {
        run.state.reset();
        if !execute(vm, pat, &mut run, Mode::Search)? {
            break;
        }
        let st = &run.state;
        out.push(match pat.groups {
            0 => run.subject.slice(st.start as usize, st.ptr as usize),
            1 => run_group(&run, 1, &empty),
            n => tuple::new_tuple((1..=n).map(|g| run_group(&run, g, &empty)).collect()),
        });
        advance(&mut run);
    }
    Ok(list::new_list(out))
}

fn pattern_split(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.bind("split", &["self", "string", "maxsplit"], 2)?;
    let pat_v = a[0].clone().unwrap_or_else(none);
    let pat = pattern_of(&pat_v)?;
    let string = a[1].clone().unwrap_or_else(none);
    let maxsplit = pos_arg(vm, a[2].as_ref(), 0)?;
    let mut run = start_run(pat, &string, 0, i64::MAX)?;
    let mut out = Vec::new();
    let mut n = 0;
    let mut last = run.state.start as usize;
    while maxsplit == 0 || n < maxsplit {
        run.state.reset();
        if !execute(vm, pat, &mut run, Mode::Search)? {
            break;
        }
        out.push(run.subject.slice(last, run.state.start as usize));
        for g in 1..=pat.groups {
            out.push(run_group(&run, g, &none()));
        }
        n += 1;
        advance(&mut run);
        last = run.state.start as usize;
    }
    out.push(run.subject.slice(last, run.endpos));
    Ok(list::new_list(out))
}

/// How `sub` makes each replacement.
enum Filter {
    Literal(Value),
    Callable(Value),
}

fn has_backslash(v: &Value) -> Option<bool> {
    if let Some(s) = str::as_str(v) {
        return Some(s.contains('\\'));
    }
    bytes::bytes_like(v).map(|b| b.contains(&b'\\'))
}

fn subx(vm: &mut Vm, args: Args, name: &str, with_count: bool) -> PyResult {
    let a = args.bind(name, &["self", "repl", "string", "count"], 3)?;
    let pat_v = a[0].clone().unwrap_or_else(none);
    let pat = pattern_of(&pat_v)?;
    let repl = a[1].clone().unwrap_or_else(none);
    let string = a[2].clone().unwrap_or_else(none);
    let count = pos_arg(vm, a[3].as_ref(), 0)?;
    let filter = if crate::vm::call::is_callable(&repl) {
        Filter::Callable(repl)
    } else if has_backslash(&repl) == Some(false) {
        Filter::Literal(repl)
    } else {
        // Not a literal: CPython's `re._subx` compiles the template.
        let re = vm.import_module("re")?;
        let compile = vm.getattr(&re, "_subx")?;
        let f = vm.call(&compile, &[pat_v.clone(), repl])?;
        if crate::vm::call::is_callable(&f) {
            Filter::Callable(f)
        } else {
            Filter::Literal(f)
        }
    };
    let mut run = start_run(pat, &string, 0, i64::MAX)?;
    let mut pieces = Vec::new();
    let (mut n, mut i) = (0i64, 0usize);
    while count == 0 || n < count {
        run.state.reset();
        if !execute(vm, pat, &mut run, Mode::Search)? {
            break;
        }
        let (b, e) = (run.state.start as usize, run.state.ptr as usize);
        if i < b {
            pieces.push(run.subject.slice(i, b));
        }
        let item = match &filter {
            Filter::Literal(v) => v.clone(),
            Filter::Callable(f) => {
                let m = new_match(&pat_v, pat, &run);
                vm.call(f, &[m])?
            }
        };
        if !item.is_none() {
            pieces.push(item);
        }
        i = e;
        n += 1;
        advance(&mut run);
    }
    if i < run.endpos {
        pieces.push(run.subject.slice(i, run.endpos));
    }
    let joiner = run.subject.empty();
    let whole = |v: &Value| v.is_type(&types::STR_TYPE) || v.is_type(&types::BYTES_TYPE);
    let result = if pieces.is_empty() {
        joiner
    } else if pieces.len() == 1
        && whole(&pieces[0])
        && whole(&joiner)
        && std::ptr::eq(pieces[0].ty(), joiner.ty())
    {
        pieces.pop().unwrap_or(joiner)
    } else {
        vm.call_method(&joiner, "join", &[list::new_list(pieces)])?
    };
    Ok(if with_count {
        tuple::from_array([result, int::from_i64(n)])
    } else {
        result
    })
}

fn pattern_sub(vm: &mut Vm, args: Args) -> PyResult {
    subx(vm, args, "sub", false)
}

fn pattern_subn(vm: &mut Vm, args: Args) -> PyResult {
    subx(vm, args, "subn", true)
}

fn new_scanner(vm: &mut Vm, args: Args, name: &str) -> PyResult {
    let (pat_v, run) = bind_run(vm, &args, name)?;
    Ok(new_native(
        &SCANNER_TYPE,
        SreScanner {
            _export: ExportGuard::new(&run.subject, &run.string),
            pattern: pat_v.clone(),
            string: run.string.clone(),
            subject: run.subject.clone(),
            pos: run.pos,
            endpos: run.endpos,
            start: Cell::new(Some(run.pos as isize)),
            must_advance: Cell::new(false),
            executing: Cell::new(false),
        },
    ))
}

fn pattern_scanner(vm: &mut Vm, args: Args) -> PyResult {
    new_scanner(vm, args, "scanner")
}

/// `finditer`: `iter(scanner.search, None)`, as CPython builds it.
fn pattern_finditer(vm: &mut Vm, args: Args) -> PyResult {
    let scanner = new_scanner(vm, args, "finditer")?;
    let search = vm.getattr(&scanner, "search")?;
    let iter = vm
        .builtin("iter")
        .ok_or_else(|| runtime_error("builtins.iter is missing"))?;
    vm.call(&iter, &[search, none()])
}

fn flags_repr(flags: u32, is_bytes: bool) -> Option<String> {
    let mut f = flags;
    if !is_bytes && f & (FLAG_LOCALE | FLAG_UNICODE | FLAG_ASCII) == FLAG_UNICODE {
        f &= !FLAG_UNICODE;
    }
    const NAMES: &[(&str, u32)] = &[
        ("re.TEMPLATE", FLAG_TEMPLATE),
        ("re.IGNORECASE", FLAG_IGNORECASE),
        ("re.LOCALE", FLAG_LOCALE),
        ("re.MULTILINE", FLAG_MULTILINE),
        ("re.DOTALL", FLAG_DOTALL),
        ("re.UNICODE", FLAG_UNICODE),
        ("re.VERBOSE", FLAG_VERBOSE),
        ("re.DEBUG", FLAG_DEBUG),
        ("re.ASCII", FLAG_ASCII),
    ];
    let mut parts = Vec::new();
    for (n, bit) in NAMES {
        if f & bit != 0 {
            parts.push(n.to_string());
            f &= !bit;
        }
    }
    if f != 0 {
        parts.push(format!("{f:#x}"));
    }
    (!parts.is_empty()).then(|| parts.join("|"))
}

/// `%.200R`: the repr cut to `n` characters.
fn short_repr(vm: &mut Vm, v: &Value, n: usize) -> PyResult<String> {
    let r = vm.repr_string(v)?;
    Ok(r.chars().take(n).collect())
}

fn pattern_repr(vm: &mut Vm, args: Args) -> PyResult {
    let pat = pattern_of(&args.values[0])?;
    let (pv, flags, is_bytes) = (pat.pattern.clone(), pat.flags, pat.is_bytes);
    let r = short_repr(vm, &pv, 200)?;
    Ok(str::from_string(
        match flags_repr(flags, is_bytes.unwrap_or(true)) {
            Some(f) => format!("re.compile({r}, {f})"),
            None => format!("re.compile({r})"),
        },
    ))
}

fn pattern_compare(vm: &mut Vm, args: &Args, name: &str) -> PyResult<Option<bool>> {
    let [a, b] = args.check_count(name, 2, 2)? else {
        return Ok(None);
    };
    let (Some(x), Some(y)) = (native_ref::<SrePattern>(a), native_ref::<SrePattern>(b)) else {
        return Ok(None);
    };
    if a.is(b) {
        return Ok(Some(true));
    }
    if x.flags != y.flags || x.is_bytes != y.is_bytes || x.code != y.code {
        return Ok(Some(false));
    }
    let (p, q) = (x.pattern.clone(), y.pattern.clone());
    Ok(Some(vm.eq(&p, &q)?))
}

fn pattern_eq(vm: &mut Vm, args: Args) -> PyResult {
    Ok(match pattern_compare(vm, &args, "__eq__")? {
        Some(eq) => bool_value(eq),
        None => types::not_implemented(),
    })
}

fn pattern_ne(vm: &mut Vm, args: Args) -> PyResult {
    Ok(match pattern_compare(vm, &args, "__ne__")? {
        Some(eq) => bool_value(!eq),
        None => types::not_implemented(),
    })
}

fn pattern_hash(vm: &mut Vm, args: Args) -> PyResult {
    let pat = pattern_of(&args.values[0])?;
    let pv = pat.pattern.clone();
    let mut h = vm.hash(&pv)?;
    let pat = pattern_of(&args.values[0])?;
    let code: Vec<u8> = pat.code.iter().flat_map(|c| c.to_ne_bytes()).collect();
    h ^= str::hash_bytes(&code);
    h ^= pat.flags as i64;
    h ^= match pat.is_bytes {
        Some(true) => 1,
        Some(false) => 0,
        None => -1,
    };
    h ^= pat.code.len() as i64;
    Ok(int::from_i64(if h == -1 { -2 } else { h }))
}

fn return_self(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

fn get_pattern(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(pattern_of(v)?.pattern.clone())
}

fn get_flags(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(int::from_i64(pattern_of(v)?.flags as i64))
}

fn get_groups(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(int::from_usize(pattern_of(v)?.groups))
}

fn get_groupindex(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(match &pattern_of(v)?.groupindex {
        Some(d) => descr::new_mappingproxy(d.clone()),
        None => dict::new_dict(),
    })
}

// ----- Match -----

/// A successful match (`MatchObject`): spans as character offsets, -1 for groups that took
/// no part.
pub struct SreMatch {
    string: Value,
    subject: Subject,
    pattern: Value,
    marks: Vec<isize>,
    pos: usize,
    endpos: usize,
    lastindex: isize,
}

impl NativeData for SreMatch {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.string);
        visit(&self.pattern);
    }
}

impl SreMatch {
    fn groups(&self) -> usize {
        self.marks.len() / 2
    }

    fn group(&self, g: usize, default: &Value) -> Value {
        let (a, b) = (self.marks[2 * g], self.marks[2 * g + 1]);
        if a < 0 {
            return default.clone();
        }
        if let Subject::Bytes(_) = self.subject {
            // A mutable buffer is read as it is now, as CPython reads it (spans clamped).
            if let Some(buf) = bytes::buffer_of(&self.string) {
                return buf.with_bytes(|now| {
                    let (a, b) = ((a as usize).min(now.len()), (b as usize).min(now.len()));
                    bytes::new_bytes(now[a.min(b)..b].to_vec())
                });
            }
        }
        let len = self.subject.len();
        self.subject
            .slice((a as usize).min(len), (b as usize).min(len))
    }
}

fn match_of(v: &Value) -> PyResult<&SreMatch> {
    native_ref::<SreMatch>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 're.Match' object but received a '{}'",
            v.ty().name()
        ))
    })
}

/// A group given by number or name (`match_getindex`).
fn group_index(vm: &mut Vm, m: &SreMatch, g: &Value) -> PyResult<usize> {
    let i = if g.ty().lookup_str("__index__").is_some() {
        let i = vm.index(g)?;
        int::as_i64(&i).unwrap_or(-1)
    } else {
        let pat = pattern_of(&m.pattern)?;
        match &pat.groupindex {
            Some(d) => {
                let d = d.clone();
                match dict::get_item(vm, &d, g)? {
                    Some(i) if int::is_int(&i) => int::as_i64(&i).unwrap_or(-1),
                    _ => -1,
                }
            }
            None => -1,
        }
    };
    if i < 0 || i as usize >= m.groups() {
        return Err(index_error("no such group"));
    }
    Ok(i as usize)
}

fn match_group(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("group")?;
    let mv = args.values[0].clone();
    let m = match_of(&mv)?;
    match &args.values[1..] {
        [] => Ok(m.group(0, &none())),
        [g] => {
            let i = group_index(vm, m, g)?;
            Ok(m.group(i, &none()))
        }
        gs => {
            let mut out = Vec::with_capacity(gs.len());
            for g in gs {
                let i = group_index(vm, m, g)?;
                out.push(m.group(i, &none()));
            }
            Ok(tuple::new_tuple(out))
        }
    }
}

fn match_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let [mv, g] = args.check_count("__getitem__", 2, 2)? else {
        return Ok(none());
    };
    let m = match_of(mv)?;
    let i = group_index(vm, m, g)?;
    Ok(m.group(i, &none()))
}

fn default_arg(args: &Args, name: &str) -> PyResult<Value> {
    let a = args.bind(name, &["self", "default"], 1)?;
    Ok(a[1].clone().unwrap_or_else(none))
}

fn match_groups(_vm: &mut Vm, args: Args) -> PyResult {
    let d = default_arg(&args, "groups")?;
    let m = match_of(&args.values[0])?;
    Ok(tuple::new_tuple(
        (1..m.groups()).map(|g| m.group(g, &d)).collect(),
    ))
}

fn match_groupdict(vm: &mut Vm, args: Args) -> PyResult {
    let d = default_arg(&args, "groupdict")?;
    let mv = args.values[0].clone();
    let m = match_of(&mv)?;
    let out = dict::new_dict();
    let Some(index) = pattern_of(&m.pattern)?.groupindex.clone() else {
        return Ok(out);
    };
    for key in dict::keys(&index) {
        let i = group_index(vm, m, &key)?;
        let v = m.group(i, &d);
        vm.setitem(&out, &key, v)?;
    }
    Ok(out)
}

fn span_of(vm: &mut Vm, args: &Args, name: &str) -> PyResult<(isize, isize)> {
    args.no_keywords(name)?;
    let [mv, rest @ ..] = args.values else {
        return Err(type_error(format!("{name}() needs an argument")));
    };
    if rest.len() > 1 {
        return Err(type_error(format!(
            "{name} expected at most 1 argument, got {}",
            rest.len()
        )));
    }
    let m = match_of(mv)?;
    let g = match rest.first() {
        Some(g) => group_index(vm, m, g)?,
        None => 0,
    };
    Ok((m.marks[2 * g], m.marks[2 * g + 1]))
}

fn match_start(vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(span_of(vm, &args, "start")?.0 as i64))
}

fn match_end(vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(span_of(vm, &args, "end")?.1 as i64))
}

fn pair(a: isize, b: isize) -> Value {
    tuple::from_array([int::from_i64(a as i64), int::from_i64(b as i64)])
}

fn match_span(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = span_of(vm, &args, "span")?;
    Ok(pair(a, b))
}

/// `expand`: CPython 3.11 hands the template to `re._expand`.
fn match_expand(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.bind("expand", &["self", "template"], 2)?;
    let mv = a[0].clone().unwrap_or_else(none);
    let template = a[1].clone().unwrap_or_else(none);
    let pattern = match_of(&mv)?.pattern.clone();
    let re = vm.import_module("re")?;
    let expand = vm.getattr(&re, "_expand")?;
    vm.call(&expand, &[pattern, mv, template])
}

fn match_repr(vm: &mut Vm, args: Args) -> PyResult {
    let m = match_of(&args.values[0])?;
    let (s, e) = (m.marks[0], m.marks[1]);
    let g = m.group(0, &none());
    let r = short_repr(vm, &g, 50)?;
    Ok(str::from_string(format!(
        "<re.Match object; span=({s}, {e}), match={r}>"
    )))
}

fn get_string(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(match_of(v)?.string.clone())
}

fn get_re(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(match_of(v)?.pattern.clone())
}

fn get_pos(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(int::from_usize(match_of(v)?.pos))
}

fn get_endpos(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(int::from_usize(match_of(v)?.endpos))
}

fn get_lastindex(_vm: &mut Vm, v: &Value) -> PyResult {
    let m = match_of(v)?;
    Ok(if m.lastindex >= 0 {
        int::from_i64(m.lastindex as i64)
    } else {
        none()
    })
}

fn get_lastgroup(_vm: &mut Vm, v: &Value) -> PyResult {
    let m = match_of(v)?;
    let pat = pattern_of(&m.pattern)?;
    if let Some(ig) = &pat.indexgroup {
        if m.lastindex >= 0 {
            if let Some(name) = tuple::items(ig).get(m.lastindex as usize) {
                return Ok(name.clone());
            }
        }
    }
    Ok(none())
}

fn get_regs(_vm: &mut Vm, v: &Value) -> PyResult {
    let m = match_of(v)?;
    Ok(tuple::new_tuple(
        m.marks.chunks(2).map(|p| pair(p[0], p[1])).collect(),
    ))
}

// ----- Scanner -----

/// `pattern.scanner(string)`: repeated matches or searches that move along the subject.
pub struct SreScanner {
    pattern: Value,
    string: Value,
    subject: Subject,
    pos: usize,
    endpos: usize,
    /// Where the next attempt starts; None once an attempt failed.
    start: Cell<Option<isize>>,
    must_advance: Cell<bool>,
    executing: Cell<bool>,
    _export: ExportGuard,
}

impl NativeData for SreScanner {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.pattern);
        visit(&self.string);
    }
}

fn scanner_step(vm: &mut Vm, args: Args, name: &str, mode: Mode) -> PyResult {
    args.check_count(name, 1, 1)?;
    let sv = args.values[0].clone();
    let sc = native_ref::<SreScanner>(&sv).ok_or_else(|| {
        type_error(format!(
            "descriptor '{name}' requires a '_sre.SRE_Scanner' object"
        ))
    })?;
    if sc.executing.get() {
        return Err(crate::object::exception::value_error(
            "regular expression scanner already executing",
        ));
    }
    let Some(start) = sc.start.get() else {
        return Ok(none());
    };
    let pat_v = sc.pattern.clone();
    let pat = pattern_of(&pat_v)?;
    let mut state = State::new(pat.groups, sc.pos, sc.endpos);
    state.start = start;
    state.must_advance = sc.must_advance.get();
    let mut run = Run {
        string: sc.string.clone(),
        subject: sc.subject.clone(),
        pos: sc.pos,
        endpos: sc.endpos,
        state,
        _export: ExportGuard(None),
    };
    sc.executing.set(true);
    let found = execute(vm, pat, &mut run, mode);
    sc.executing.set(false);
    if !found? {
        sc.start.set(None);
        return Ok(none());
    }
    let m = new_match(&pat_v, pat, &run);
    sc.must_advance.set(run.state.ptr == run.state.start);
    sc.start.set(Some(run.state.ptr));
    Ok(m)
}

fn scanner_match(vm: &mut Vm, args: Args) -> PyResult {
    scanner_step(vm, args, "match", Mode::Match)
}

fn scanner_search(vm: &mut Vm, args: Args) -> PyResult {
    scanner_step(vm, args, "search", Mode::Search)
}

fn scanner_pattern(_vm: &mut Vm, v: &Value) -> PyResult {
    native_ref::<SreScanner>(v)
        .map(|s| s.pattern.clone())
        .ok_or_else(|| type_error("expected a '_sre.SRE_Scanner' object"))
}

// ----- module functions -----

/// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`.
fn sre_compile(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.bind(
        "compile",
        &[
            "pattern",
            "flags",
            "code",
            "groups",
            "groupindex",
            "indexgroup",
        ],
        6,
    )?;
    let arg = |i: usize| a[i].clone().unwrap_or_else(none);
    let (pattern, code_v, groupindex, indexgroup) = (arg(0), arg(2), arg(4), arg(5));
    let flags = vm.index_i64(&arg(1))?;
    let flags = i32::try_from(flags)
        .map_err(|_| overflow_error("Python int too large to convert to C int"))?;
    if list::as_list(&code_v).is_none() {
        return Err(type_error(format!(
            "compile() argument 'code' must be list, not {}",
            code_v.ty().name()
        )));
    }
    let items = list::items(&code_v);
    let groups = vm.index_i64(&arg(3))?;
    if dict::as_dict(&groupindex).is_none() {
        return Err(type_error(format!(
            "compile() argument 'groupindex' must be dict, not {}",
            groupindex.ty().name()
        )));
    }
    if tuple::as_tuple(&indexgroup).is_none() {
        return Err(type_error(format!(
            "compile() argument 'indexgroup' must be tuple, not {}",
            indexgroup.ty().name()
        )));
    }
    let mut code = Vec::with_capacity(items.len());
    for o in items.iter() {
        let Some(v) = int::as_i64(o).filter(|_| int::is_int(o)) else {
            if !int::is_int(o) {
                return Err(type_error(format!(
                    "an integer is required (got type {})",
                    o.ty().name()
                )));
            }
            return Err(overflow_error(
                "regular expression code size limit exceeded",
            ));
        };
        if v < 0 {
            return Err(overflow_error(
                "can't convert negative value to unsigned int",
            ));
        }
        code.push(
            u32::try_from(v)
                .map_err(|_| overflow_error("regular expression code size limit exceeded"))?,
        );
    }
    let is_bytes = if pattern.is_none() {
        None
    } else {
        match Subject::of(&pattern) {
            Some((_, b)) => Some(b),
            None => {
                return Err(type_error(format!(
                    "expected string or bytes-like object, got '{}'",
                    pattern.ty().name()
                )))
            }
        }
    };
    let groups = usize::try_from(groups).unwrap_or(usize::MAX);
    if groups > MAXGROUPS as usize || !validate::validate(&code, groups) {
        return Err(runtime_error("invalid SRE code"));
    }
    let named = dict::len(&groupindex) > 0;
    Ok(new_native(
        &PATTERN_TYPE,
        SrePattern {
            pattern,
            flags: flags as u32,
            code: code.into(),
            groups,
            groupindex: named.then(|| groupindex.clone()),
            indexgroup: (named && !tuple::items(&indexgroup).is_empty()).then_some(indexgroup),
            is_bytes,
        },
    ))
}

fn char_arg(vm: &mut Vm, args: &Args, name: &str) -> PyResult<u32> {
    let [c] = args.check_count(name, 1, 1)? else {
        return Ok(0);
    };
    if !int::is_int(c) {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            c.ty().name()
        )));
    }
    let v = vm.index_i64(c)?;
    let v = i32::try_from(v).map_err(|_| {
        overflow_error(if v < 0 {
            "signed integer is less than minimum"
        } else {
            "signed integer is greater than maximum"
        })
    })?;
    Ok(v as u32)
}

fn getcodesize(_vm: &mut Vm, args: Args) -> PyResult {
    args.check_count("getcodesize", 0, 0)?;
    Ok(int::from_i64(CODESIZE as i64))
}

fn ascii_iscased(vm: &mut Vm, args: Args) -> PyResult {
    let ch = char_arg(vm, &args, "ascii_iscased")?;
    Ok(bool_value(ch < 128 && (ch as u8).is_ascii_alphabetic()))
}

fn unicode_iscased(vm: &mut Vm, args: Args) -> PyResult {
    let ch = char_arg(vm, &args, "unicode_iscased")?;
    if ch > 0x10FFFF {
        return Ok(bool_value(false));
    }
    Ok(bool_value(
        ch != engine::lower_unicode(ch) || ch != engine::upper_unicode(ch),
    ))
}

fn ascii_tolower(vm: &mut Vm, args: Args) -> PyResult {
    let ch = char_arg(vm, &args, "ascii_tolower")?;
    Ok(int::from_i64(engine::lower_ascii(ch) as i32 as i64))
}

fn unicode_tolower(vm: &mut Vm, args: Args) -> PyResult {
    let ch = char_arg(vm, &args, "unicode_tolower")?;
    let lower = if ch > 0x10FFFF {
        ch
    } else {
        engine::lower_unicode(ch)
    };
    Ok(int::from_i64(lower as i32 as i64))
}

fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &PATTERN_TYPE,
            methods: methods![
                MethodDef::class("__class_getitem__", class_getitem),
                MethodDef::method("match", pattern_match),
                MethodDef::method("fullmatch", pattern_fullmatch),
                MethodDef::method("search", pattern_search),
                MethodDef::method("sub", pattern_sub),
                MethodDef::method("subn", pattern_subn),
                MethodDef::method("findall", pattern_findall),
                MethodDef::method("split", pattern_split),
                MethodDef::method("finditer", pattern_finditer),
                MethodDef::method("scanner", pattern_scanner),
                MethodDef::method("__copy__", return_self),
                MethodDef::method("__deepcopy__", return_self),
                MethodDef::method("__repr__", pattern_repr),
                MethodDef::method("__eq__", pattern_eq),
                MethodDef::method("__ne__", pattern_ne),
                MethodDef::method("__hash__", pattern_hash),
            ],
            getsets: getsets![
                GetSetDef::readonly("pattern", get_pattern),
                GetSetDef::readonly("flags", get_flags),
                GetSetDef::readonly("groups", get_groups),
                GetSetDef::readonly("groupindex", get_groupindex),
            ],
            doc: Some("Compiled regular expression object."),
        },
        TypeSpec {
            ty: &MATCH_TYPE,
            methods: methods![
                MethodDef::class("__class_getitem__", class_getitem),
                MethodDef::method("group", match_group),
                MethodDef::method("__getitem__", match_getitem),
                MethodDef::method("start", match_start),
                MethodDef::method("end", match_end),
                MethodDef::method("span", match_span),
                MethodDef::method("groups", match_groups),
                MethodDef::method("groupdict", match_groupdict),
                MethodDef::method("expand", match_expand),
                MethodDef::method("__copy__", return_self),
                MethodDef::method("__deepcopy__", return_self),
                MethodDef::method("__repr__", match_repr),
            ],
            getsets: getsets![
                GetSetDef::readonly("string", get_string),
                GetSetDef::readonly("re", get_re),
                GetSetDef::readonly("pos", get_pos),
                GetSetDef::readonly("endpos", get_endpos),
                GetSetDef::readonly("lastindex", get_lastindex),
                GetSetDef::readonly("lastgroup", get_lastgroup),
                GetSetDef::readonly("regs", get_regs),
            ],
            doc: Some(
                "The result of re.match() and re.search().\n\
                 Match objects always have a boolean value of True.",
            ),
        },
        TypeSpec {
            ty: &SCANNER_TYPE,
            methods: methods![
                MethodDef::method("match", scanner_match),
                MethodDef::method("search", scanner_search),
            ],
            getsets: getsets![GetSetDef::readonly("pattern", scanner_pattern)],
            doc: None,
        },
    ]
}

/// Creates the `_sre` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    for spec in specs() {
        install_native_type(&spec);
    }
    for t in [&PATTERN_TYPE, &MATCH_TYPE] {
        *t.module.borrow_mut() = Cow::Borrowed("re");
    }
    *SCANNER_TYPE.module.borrow_mut() = Cow::Borrowed("_sre");
    let m = module::new_module("_sre");
    super::add_functions(
        &m,
        &[
            ("compile", sre_compile),
            ("getcodesize", getcodesize),
            ("ascii_iscased", ascii_iscased),
            ("unicode_iscased", unicode_iscased),
            ("ascii_tolower", ascii_tolower),
            ("unicode_tolower", unicode_tolower),
        ],
    );
    module::set_attr(&m, "MAGIC", int::from_i64(MAGIC as i64));
    module::set_attr(&m, "CODESIZE", int::from_i64(CODESIZE as i64));
    module::set_attr(&m, "MAXREPEAT", int::from_i64(MAXREPEAT as i64));
    module::set_attr(&m, "MAXGROUPS", int::from_i64(MAXGROUPS as i64));
    module::set_attr(&m, "copyright", str::new_str(COPYRIGHT));
    Ok(m)
}
