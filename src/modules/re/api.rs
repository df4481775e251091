//! The Python-facing API: module functions, `re.Pattern`, `re.Match`, `re.error`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::matcher::{compile, Captures, Mode, Program};
use super::parse::{self, F_ASCII, F_DOTALL, F_IGNORECASE, F_LOCALE, F_MULTILINE, F_UNICODE};
use crate::object::error::{Args, PyErr, PyResult};
use crate::object::exception::{index_error, type_error, value_error};
use crate::object::iter::{new_native_iter, NativeIterator};
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
pub static FINDITER_TYPE: TypeObject = TypeObject::new_static(
    "callable_iterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);

/// A compiled pattern.
pub struct RegexPattern {
    pattern: Value,
    flags: u32,
    prog: Program,
    names: Vec<(String, usize)>,
    is_bytes: bool,
}

// Its pattern is a str or bytes: no cycles to traverse.
impl NativeData for RegexPattern {}

/// The subject of a match, decoded to characters once.
struct Subject {
    value: Value,
    chars: Vec<char>,
    is_bytes: bool,
}

impl Subject {
    fn slice(&self, s: usize, e: usize) -> Value {
        if self.is_bytes {
            bytes::new_bytes(self.chars[s..e].iter().map(|&c| c as u8).collect())
        } else {
            str::from_string(self.chars[s..e].iter().collect())
        }
    }
}

/// A successful match.
pub struct RegexMatch {
    subject: Rc<Subject>,
    re: Value,
    pos: usize,
    endpos: usize,
    caps: Captures,
}

// A match refers to its pattern and subject, which never refer back to it.
impl NativeData for RegexMatch {}

fn pattern_of(v: &Value) -> PyResult<&RegexPattern> {
    native_ref::<RegexPattern>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 're.Pattern' object but received a '{}'",
            v.ty().name()
        ))
    })
}

fn match_of(v: &Value) -> PyResult<&RegexMatch> {
    native_ref::<RegexMatch>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 're.Match' object but received a '{}'",
            v.ty().name()
        ))
    })
}

fn re_error(vm: &mut Vm, e: parse::Error, pattern: &Value) -> PyErr {
    let Some(cls) = ERROR_CLASS.with(|c| c.borrow().clone()) else {
        return value_error(e.msg);
    };
    let args = match e.pos {
        Some(p) => vec![str::from_string(e.msg), pattern.clone(), int::from_usize(p)],
        None => vec![str::from_string(e.msg)],
    };
    match vm.call(&cls, &args) {
        Ok(exc) => PyErr(exc),
        Err(err) => err,
    }
}

fn template_error(vm: &mut Vm, msg: String, pos: usize, template: &Value) -> PyErr {
    re_error(
        vm,
        parse::Error {
            msg,
            pos: Some(pos),
        },
        template,
    )
}

thread_local! {
    /// `re.error`, defined in Python when the module is created.
    static ERROR_CLASS: RefCell<Option<Value>> = const { RefCell::new(None) };
    static CACHE: RefCell<HashMap<(String, bool, u32), Value>> = RefCell::new(HashMap::new());
}

const CACHE_MAX: usize = 512;

fn text_of(v: &Value) -> Option<(Vec<char>, bool)> {
    if let Some(s) = str::as_str(v) {
        return Some((s.chars().collect(), false));
    }
    bytes::bytes_like(v).map(|b| (b.into_iter().map(char::from).collect(), true))
}

fn flags_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<u32> {
    match v {
        None => Ok(0),
        Some(v) => Ok(vm.index_i64(v)? as u32),
    }
}

/// `re.compile`, with the module's cache.
fn compile_value(vm: &mut Vm, pattern: &Value, flags: u32) -> PyResult {
    if native_ref::<RegexPattern>(pattern).is_some() {
        if flags != 0 {
            return Err(value_error(
                "cannot process flags argument with a compiled pattern",
            ));
        }
        return Ok(pattern.clone());
    }
    let Some((chars, is_bytes)) = text_of(pattern) else {
        return Err(type_error(
            "first argument must be string or compiled pattern",
        ));
    };
    let key: String = chars.iter().collect();
    let cached = CACHE.with(|c| c.borrow().get(&(key.clone(), is_bytes, flags)).cloned());
    if let Some(p) = cached {
        return Ok(p);
    }
    let parsed = match parse::parse(&chars, flags, is_bytes) {
        Ok(p) => p,
        Err(e) => return Err(re_error(vm, e, pattern)),
    };
    let prog = compile(&parsed.node, parsed.groups);
    let p = new_native(
        &PATTERN_TYPE,
        RegexPattern {
            pattern: pattern.clone(),
            flags: parsed.flags,
            prog,
            names: parsed.names,
            is_bytes,
        },
    );
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_MAX {
            c.clear();
        }
        c.insert((key, is_bytes, flags), p.clone());
    });
    Ok(p)
}

fn subject(pat: &RegexPattern, v: &Value) -> PyResult<Rc<Subject>> {
    let Some((chars, is_bytes)) = text_of(v) else {
        return Err(type_error(format!(
            "expected string or bytes-like object, got '{}'",
            v.ty().name()
        )));
    };
    if is_bytes != pat.is_bytes {
        return Err(type_error(if pat.is_bytes {
            "cannot use a bytes pattern on a string-like object"
        } else {
            "cannot use a string pattern on a bytes-like object"
        }));
    }
    Ok(Rc::new(Subject {
        value: v.clone(),
        chars,
        is_bytes,
    }))
}

fn clamp(vm: &mut Vm, v: Option<&Value>, len: usize, default: usize) -> PyResult<usize> {
    match v {
        None => Ok(default),
        Some(v) => {
            let i = vm.index_i64(v)?;
            Ok(if i < 0 { 0 } else { (i as usize).min(len) })
        }
    }
}

/// Runs the pattern once: returns the match object or None.
fn exec(
    pat_v: &Value,
    subj: &Rc<Subject>,
    pos: usize,
    endpos: usize,
    mode: Mode,
    must_advance: bool,
) -> Option<Value> {
    let pat = native_ref::<RegexPattern>(pat_v)?;
    if pos > endpos {
        return None;
    }
    let caps = pat
        .prog
        .exec(&subj.chars[..endpos], pos, mode, must_advance)?;
    Some(new_native(
        &MATCH_TYPE,
        RegexMatch {
            subject: subj.clone(),
            re: pat_v.clone(),
            pos,
            endpos,
            caps,
        },
    ))
}

// ----- module-level functions -----

fn module_match_like(vm: &mut Vm, args: Args, name: &str, mode: Mode) -> PyResult {
    let a = args.bind(name, &["pattern", "string", "flags"], 2)?;
    let flags = flags_arg(vm, a[2].as_ref())?;
    let p = compile_value(vm, a[0].as_ref().unwrap_or(&none()), flags)?;
    let s = a[1].clone().unwrap_or_else(none);
    let subj = subject(pattern_of(&p)?, &s)?;
    let n = subj.chars.len();
    Ok(exec(&p, &subj, 0, n, mode, false).unwrap_or_else(none))
}

fn re_match(vm: &mut Vm, args: Args) -> PyResult {
    module_match_like(vm, args, "match", Mode::Match)
}

fn re_search(vm: &mut Vm, args: Args) -> PyResult {
    module_match_like(vm, args, "search", Mode::Search)
}

fn re_fullmatch(vm: &mut Vm, args: Args) -> PyResult {
    module_match_like(vm, args, "fullmatch", Mode::Full)
}

fn re_compile(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.bind("compile", &["pattern", "flags"], 1)?;
    let flags = flags_arg(vm, a[1].as_ref())?;
    compile_value(vm, a[0].as_ref().unwrap_or(&none()), flags)
}

/// Splits module-function args into (compiled pattern, remaining args for the method).
fn with_pattern(
    vm: &mut Vm,
    args: &Args,
    name: &str,
    names: &[&str],
    req: usize,
) -> PyResult<(Value, Vec<Option<Value>>)> {
    let a = args.bind(name, names, req)?;
    let flags = flags_arg(vm, a[names.len() - 1].as_ref())?;
    let p = compile_value(vm, a[0].as_ref().unwrap_or(&none()), flags)?;
    Ok((p, a[1..names.len() - 1].to_vec()))
}

fn re_findall(vm: &mut Vm, args: Args) -> PyResult {
    let (p, a) = with_pattern(vm, &args, "findall", &["pattern", "string", "flags"], 2)?;
    findall_impl(vm, &p, a[0].as_ref().unwrap_or(&none()), None, None)
}

fn re_finditer(vm: &mut Vm, args: Args) -> PyResult {
    let (p, a) = with_pattern(vm, &args, "finditer", &["pattern", "string", "flags"], 2)?;
    finditer_impl(vm, &p, a[0].as_ref().unwrap_or(&none()), None, None)
}

fn re_sub(vm: &mut Vm, args: Args) -> PyResult {
    let (p, a) = with_pattern(
        vm,
        &args,
        "sub",
        &["pattern", "repl", "string", "count", "flags"],
        3,
    )?;
    let (s, _) = sub_impl(vm, &p, &a[0], &a[1], a[2].as_ref())?;
    Ok(s)
}

fn re_subn(vm: &mut Vm, args: Args) -> PyResult {
    let (p, a) = with_pattern(
        vm,
        &args,
        "subn",
        &["pattern", "repl", "string", "count", "flags"],
        3,
    )?;
    let (s, n) = sub_impl(vm, &p, &a[0], &a[1], a[2].as_ref())?;
    Ok(tuple::new_tuple(vec![s, int::from_usize(n)]))
}

fn re_split(vm: &mut Vm, args: Args) -> PyResult {
    let (p, a) = with_pattern(
        vm,
        &args,
        "split",
        &["pattern", "string", "maxsplit", "flags"],
        2,
    )?;
    split_impl(vm, &p, a[0].as_ref().unwrap_or(&none()), a[1].as_ref())
}

fn re_escape(_vm: &mut Vm, args: Args) -> PyResult {
    let a = args.bind("escape", &["pattern"], 1)?;
    let v = a[0].clone().unwrap_or_else(none);
    const SPECIAL: &str = "()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c";
    if let Some(s) = str::as_str(&v) {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if SPECIAL.contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        return Ok(str::from_string(out));
    }
    if let Some(b) = bytes::bytes_like(&v) {
        let mut out = Vec::with_capacity(b.len());
        for c in b {
            if c < 128 && SPECIAL.contains(c as char) {
                out.push(b'\\');
            }
            out.push(c);
        }
        return Ok(bytes::new_bytes(out));
    }
    Err(type_error(format!(
        "expected str or bytes-like object, got '{}'",
        v.ty().name()
    )))
}

fn re_purge(_vm: &mut Vm, _args: Args) -> PyResult {
    CACHE.with(|c| c.borrow_mut().clear());
    Ok(none())
}

// ----- shared implementations -----

fn span_args(
    vm: &mut Vm,
    p: &Value,
    string: &Value,
    pos: Option<&Value>,
    endpos: Option<&Value>,
) -> PyResult<(Rc<Subject>, usize, usize)> {
    let subj = subject(pattern_of(p)?, string)?;
    let n = subj.chars.len();
    let pos = clamp(vm, pos, n, 0)?;
    let endpos = clamp(vm, endpos, n, n)?;
    Ok((subj, pos, endpos))
}

/// All successive non-overlapping matches (CPython's `must_advance` rule for empty matches).
fn all_matches(p: &Value, subj: &Rc<Subject>, pos: usize, endpos: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut at = pos;
    let mut must_advance = false;
    while at <= endpos {
        let Some(m) = exec(p, subj, at, endpos, Mode::Search, must_advance) else {
            break;
        };
        let (s, e) = match_span(&m, 0).unwrap_or((at, at));
        must_advance = s == e;
        at = e;
        out.push(m);
    }
    out
}

fn match_span(m: &Value, g: usize) -> Option<(usize, usize)> {
    native_ref::<RegexMatch>(m).and_then(|m| m.caps.spans.get(g).copied().flatten())
}

fn findall_impl(
    vm: &mut Vm,
    p: &Value,
    string: &Value,
    pos: Option<&Value>,
    endpos: Option<&Value>,
) -> PyResult {
    let (subj, pos, endpos) = span_args(vm, p, string, pos, endpos)?;
    let groups = pattern_of(p)?.prog.groups;
    let mut out = Vec::new();
    for m in all_matches(p, &subj, pos, endpos) {
        let mm = match_of(&m)?;
        let get = |g: usize| match mm.caps.spans[g] {
            Some((s, e)) => subj.slice(s, e),
            None => subj.slice(0, 0),
        };
        out.push(match groups {
            0 => get(0),
            1 => get(1),
            n => tuple::new_tuple((1..=n).map(get).collect()),
        });
    }
    Ok(list::new_list(out))
}

struct FindIter {
    pattern: Value,
    subject: Rc<Subject>,
    at: usize,
    endpos: usize,
    must_advance: bool,
    done: bool,
}

impl NativeIterator for FindIter {
    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        if self.done || self.at > self.endpos {
            return Ok(None);
        }
        match exec(
            &self.pattern,
            &self.subject,
            self.at,
            self.endpos,
            Mode::Search,
            self.must_advance,
        ) {
            Some(m) => {
                let (s, e) = match_span(&m, 0).unwrap_or((self.at, self.at));
                self.must_advance = s == e;
                self.at = e;
                Ok(Some(m))
            }
            None => {
                self.done = true;
                Ok(None)
            }
        }
    }
}

fn finditer_impl(
    vm: &mut Vm,
    p: &Value,
    string: &Value,
    pos: Option<&Value>,
    endpos: Option<&Value>,
) -> PyResult {
    let (subj, pos, endpos) = span_args(vm, p, string, pos, endpos)?;
    Ok(new_native_iter(
        &FINDITER_TYPE,
        Box::new(FindIter {
            pattern: p.clone(),
            subject: subj,
            at: pos,
            endpos,
            must_advance: false,
            done: false,
        }),
    ))
}

fn split_impl(vm: &mut Vm, p: &Value, string: &Value, maxsplit: Option<&Value>) -> PyResult {
    let (subj, _, endpos) = span_args(vm, p, string, None, None)?;
    let maxsplit = match maxsplit {
        Some(v) => vm.index_i64(v)?,
        None => 0,
    };
    if maxsplit < 0 {
        return Ok(list::new_list(vec![subj.value.clone()]));
    }
    let groups = pattern_of(p)?.prog.groups;
    let mut out = Vec::new();
    let mut last = 0;
    let mut at = 0;
    let mut n = 0i64;
    let mut must_advance = false;
    while maxsplit == 0 || n < maxsplit {
        let Some(m) = exec(p, &subj, at, endpos, Mode::Search, must_advance) else {
            break;
        };
        let mm = match_of(&m)?;
        let (s, e) = mm.caps.spans[0].unwrap_or((at, at));
        out.push(subj.slice(last, s));
        for g in 1..=groups {
            out.push(match mm.caps.spans[g] {
                Some((a, b)) => subj.slice(a, b),
                None => none(),
            });
        }
        n += 1;
        must_advance = s == e;
        last = e;
        at = e;
    }
    out.push(subj.slice(last, subj.chars.len()));
    Ok(list::new_list(out))
}

/// A parsed replacement template.
enum Piece {
    Lit(Vec<char>),
    Group(usize),
}

fn parse_template(vm: &mut Vm, pat: &RegexPattern, tv: &Value) -> PyResult<Vec<Piece>> {
    let (t, _) = text_of(tv).unwrap_or_default();
    let mut out: Vec<Piece> = Vec::new();
    let mut lit: Vec<char> = Vec::new();
    let groups = pat.prog.groups;
    let mut i = 0;
    let push_group = |out: &mut Vec<Piece>, lit: &mut Vec<char>, g: usize| {
        if !lit.is_empty() {
            out.push(Piece::Lit(std::mem::take(lit)));
        }
        out.push(Piece::Group(g));
    };
    while i < t.len() {
        let c = t[i];
        if c != '\\' {
            lit.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let Some(&e) = t.get(i) else {
            return Err(template_error(
                vm,
                "bad escape (end of pattern)".into(),
                start,
                tv,
            ));
        };
        i += 1;
        match e {
            'g' => {
                if t.get(i) != Some(&'<') {
                    return Err(template_error(vm, "missing <".into(), i, tv));
                }
                i += 1;
                let ns = i;
                while i < t.len() && t[i] != '>' {
                    i += 1;
                }
                if i >= t.len() {
                    return Err(template_error(
                        vm,
                        "missing >, unterminated name".into(),
                        ns,
                        tv,
                    ));
                }
                let name: String = t[ns..i].iter().collect();
                i += 1;
                if name.is_empty() {
                    return Err(template_error(vm, "missing group name".into(), ns, tv));
                }
                let g = if name.chars().all(|c| c.is_ascii_digit()) {
                    let g: usize = name.parse().unwrap_or(usize::MAX);
                    if g > groups {
                        return Err(template_error(
                            vm,
                            format!("invalid group reference {g}"),
                            ns,
                            tv,
                        ));
                    }
                    g
                } else if let Some(&(_, g)) = pat.names.iter().find(|(k, _)| *k == name) {
                    g
                } else if name
                    .chars()
                    .next()
                    .is_some_and(|c| c == '_' || c.is_alphabetic())
                    && name.chars().all(|c| c == '_' || c.is_alphanumeric())
                {
                    return Err(index_error(format!("unknown group name '{name}'")));
                } else {
                    return Err(template_error(
                        vm,
                        format!("bad character in group name '{name}'"),
                        ns,
                        tv,
                    ));
                };
                push_group(&mut out, &mut lit, g);
            }
            '0' => {
                let mut v = 0u32;
                let mut k = 0;
                while k < 2 && i < t.len() && ('0'..='7').contains(&t[i]) {
                    v = v * 8 + t[i].to_digit(8).unwrap_or(0);
                    i += 1;
                    k += 1;
                }
                lit.push(char::from_u32(v).unwrap_or('\0'));
            }
            '1'..='9' => {
                let octal = i + 1 < t.len()
                    && ('0'..='7').contains(&e)
                    && ('0'..='7').contains(&t[i])
                    && ('0'..='7').contains(&t[i + 1]);
                if octal {
                    let text: String = t[i - 1..i + 2].iter().collect();
                    let v = u32::from_str_radix(&text, 8).unwrap_or(0);
                    if v > 0o377 {
                        return Err(template_error(
                            vm,
                            format!("octal escape value \\{text} outside of range 0-0o377"),
                            start,
                            tv,
                        ));
                    }
                    lit.push(char::from_u32(v).unwrap_or('\0'));
                    i += 2;
                } else {
                    let mut g = e.to_digit(10).unwrap_or(0) as usize;
                    if i < t.len() && t[i].is_ascii_digit() {
                        g = g * 10 + t[i].to_digit(10).unwrap_or(0) as usize;
                        i += 1;
                    }
                    if g > groups {
                        return Err(template_error(
                            vm,
                            format!("invalid group reference {g}"),
                            start + 1,
                            tv,
                        ));
                    }
                    push_group(&mut out, &mut lit, g);
                }
            }
            'a' => lit.push('\x07'),
            'b' => lit.push('\x08'),
            'f' => lit.push('\x0c'),
            'n' => lit.push('\n'),
            'r' => lit.push('\r'),
            't' => lit.push('\t'),
            'v' => lit.push('\x0b'),
            '\\' => lit.push('\\'),
            c if c.is_ascii_alphabetic() => {
                return Err(template_error(vm, format!("bad escape \\{c}"), start, tv));
            }
            c => {
                lit.push('\\');
                lit.push(c);
            }
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    Ok(out)
}

fn expand_pieces(pieces: &[Piece], m: &RegexMatch, out: &mut Vec<char>) {
    for p in pieces {
        match p {
            Piece::Lit(l) => out.extend_from_slice(l),
            Piece::Group(g) => {
                if let Some((s, e)) = m.caps.spans[*g] {
                    out.extend_from_slice(&m.subject.chars[s..e]);
                }
            }
        }
    }
}

fn sub_impl(
    vm: &mut Vm,
    p: &Value,
    repl: &Option<Value>,
    string: &Option<Value>,
    count: Option<&Value>,
) -> PyResult<(Value, usize)> {
    let repl = repl.clone().unwrap_or_else(none);
    let string = string.clone().unwrap_or_else(none);
    let (subj, _, endpos) = span_args(vm, p, &string, None, None)?;
    let count = match count {
        Some(v) => vm.index_i64(v)?.max(0) as usize,
        None => 0,
    };
    let pat = pattern_of(p)?;
    let template = if text_of(&repl).is_some() {
        if bytes::bytes_like(&repl).is_some() != pat.is_bytes {
            return Err(type_error(format!(
                "expected {}, got '{}'",
                if pat.is_bytes {
                    "a bytes-like object"
                } else {
                    "str"
                },
                repl.ty().name()
            )));
        }
        Some(parse_template(vm, pat, &repl)?)
    } else {
        None
    };
    let mut out: Vec<char> = Vec::new();
    let mut last = 0;
    let mut at = 0;
    let mut n = 0;
    let mut must_advance = false;
    while count == 0 || n < count {
        let Some(m) = exec(p, &subj, at, endpos, Mode::Search, must_advance) else {
            break;
        };
        let (s, e) = match_span(&m, 0).unwrap_or((at, at));
        out.extend_from_slice(&subj.chars[last..s]);
        match &template {
            Some(t) => expand_pieces(t, match_of(&m)?, &mut out),
            None => {
                let r = vm.call(&repl, std::slice::from_ref(&m))?;
                match text_of(&r) {
                    Some((cs, rb)) if rb == subj.is_bytes => out.extend(cs),
                    _ => {
                        return Err(type_error(format!(
                            "sequence item 0: expected {}, {} found",
                            if subj.is_bytes {
                                "a bytes-like object"
                            } else {
                                "str instance"
                            },
                            r.ty().name()
                        )))
                    }
                }
            }
        }
        n += 1;
        must_advance = s == e;
        last = e;
        at = e;
    }
    out.extend_from_slice(&subj.chars[last..]);
    let len = out.len();
    Ok((subj.slice_of(out, len), n))
}

impl Subject {
    fn slice_of(&self, chars: Vec<char>, _len: usize) -> Value {
        if self.is_bytes {
            bytes::new_bytes(chars.into_iter().map(|c| c as u8).collect())
        } else {
            str::from_string(chars.into_iter().collect())
        }
    }
}

// ----- Pattern methods -----

fn pattern_match_like(vm: &mut Vm, args: Args, name: &str, mode: Mode) -> PyResult {
    let p = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let a = rest.bind(name, &["string", "pos", "endpos"], 1)?;
    let s = a[0].clone().unwrap_or_else(none);
    let (subj, pos, endpos) = span_args(vm, &p, &s, a[1].as_ref(), a[2].as_ref())?;
    Ok(exec(&p, &subj, pos, endpos, mode, false).unwrap_or_else(none))
}

fn pattern_match(vm: &mut Vm, args: Args) -> PyResult {
    pattern_match_like(vm, args, "match", Mode::Match)
}

fn pattern_search(vm: &mut Vm, args: Args) -> PyResult {
    pattern_match_like(vm, args, "search", Mode::Search)
}

fn pattern_fullmatch(vm: &mut Vm, args: Args) -> PyResult {
    pattern_match_like(vm, args, "fullmatch", Mode::Full)
}

fn pattern_findall(vm: &mut Vm, args: Args) -> PyResult {
    let p = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let a = rest.bind("findall", &["string", "pos", "endpos"], 1)?;
    let s = a[0].clone().unwrap_or_else(none);
    findall_impl(vm, &p, &s, a[1].as_ref(), a[2].as_ref())
}

fn pattern_finditer(vm: &mut Vm, args: Args) -> PyResult {
    let p = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let a = rest.bind("finditer", &["string", "pos", "endpos"], 1)?;
    let s = a[0].clone().unwrap_or_else(none);
    finditer_impl(vm, &p, &s, a[1].as_ref(), a[2].as_ref())
}

fn pattern_sub_like(vm: &mut Vm, args: Args, name: &str) -> PyResult<(Value, usize)> {
    let p = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let a = rest.bind(name, &["repl", "string", "count"], 2)?;
    sub_impl(vm, &p, &a[0], &a[1], a[2].as_ref())
}

fn pattern_sub(vm: &mut Vm, args: Args) -> PyResult {
    Ok(pattern_sub_like(vm, args, "sub")?.0)
}

fn pattern_subn(vm: &mut Vm, args: Args) -> PyResult {
    let (s, n) = pattern_sub_like(vm, args, "subn")?;
    Ok(tuple::new_tuple(vec![s, int::from_usize(n)]))
}

fn pattern_split(vm: &mut Vm, args: Args) -> PyResult {
    let p = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let a = rest.bind("split", &["string", "maxsplit"], 1)?;
    let s = a[0].clone().unwrap_or_else(none);
    split_impl(vm, &p, &s, a[1].as_ref())
}

fn flags_repr(flags: u32, is_bytes: bool) -> Option<String> {
    let mut f = flags;
    if !is_bytes && f & (F_LOCALE | F_UNICODE | F_ASCII) == F_UNICODE {
        f &= !F_UNICODE;
    }
    if f == 0 {
        return None;
    }
    const NAMES: &[(&str, u32)] = &[
        ("re.TEMPLATE", parse::F_TEMPLATE),
        ("re.IGNORECASE", F_IGNORECASE),
        ("re.LOCALE", F_LOCALE),
        ("re.MULTILINE", F_MULTILINE),
        ("re.DOTALL", F_DOTALL),
        ("re.UNICODE", F_UNICODE),
        ("re.VERBOSE", parse::F_VERBOSE),
        ("re.DEBUG", parse::F_DEBUG),
        ("re.ASCII", F_ASCII),
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
    Some(parts.join("|"))
}

fn pattern_repr(vm: &mut Vm, args: Args) -> PyResult {
    let pat = pattern_of(&args.values[0])?;
    let (pv, flags, is_bytes) = (pat.pattern.clone(), pat.flags, pat.is_bytes);
    let r = vm.repr_string(&pv)?;
    let r: String = r.chars().take(200).collect();
    Ok(str::from_string(match flags_repr(flags, is_bytes) {
        Some(f) => format!("re.compile({r}, {f})"),
        None => format!("re.compile({r})"),
    }))
}

fn pattern_eq(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = (&args.values[0], &args.values[1]);
    let (Some(x), Some(y)) = (native_ref::<RegexPattern>(a), native_ref::<RegexPattern>(b)) else {
        return Ok(types::not_implemented());
    };
    if x.flags != y.flags || x.is_bytes != y.is_bytes {
        return Ok(bool_value(false));
    }
    let (p, q) = (x.pattern.clone(), y.pattern.clone());
    let eq = vm.eq(&p, &q)?;
    Ok(bool_value(eq))
}

fn pattern_hash(vm: &mut Vm, args: Args) -> PyResult {
    let pat = pattern_of(&args.values[0])?;
    let (pv, flags) = (pat.pattern.clone(), pat.flags);
    let h = vm.hash(&pv)?;
    Ok(int::from_i64(h ^ (flags as i64).wrapping_mul(1000003)))
}

fn pattern_self(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

/// `Pattern.__reduce__`: recompiled from its source and flags, as CPython's `copyreg`
/// registration does (`re.compile` here, which CPython has too).
fn pattern_reduce(vm: &mut Vm, args: Args) -> PyResult {
    let p = pattern_of(&args.values[0])?;
    let (pattern, flags) = (p.pattern.clone(), int::from_i64(p.flags as i64));
    let re = vm.import_module("re")?;
    let compile = vm.getattr(&re, "compile")?;
    Ok(tuple::new_tuple(vec![
        compile,
        tuple::new_tuple(vec![pattern, flags]),
    ]))
}

fn get_pattern(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(pattern_of(v)?.pattern.clone())
}

fn get_flags(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(int::from_i64(pattern_of(v)?.flags as i64))
}

fn get_groups(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(int::from_usize(pattern_of(v)?.prog.groups))
}

fn get_groupindex(_vm: &mut Vm, v: &Value) -> PyResult {
    let d = dict::new_dict();
    for (n, g) in &pattern_of(v)?.names {
        dict::set_str(&d, &str::new_str(n), int::from_usize(*g));
    }
    Ok(d)
}

// ----- Match methods -----

/// Resolves a group index or name.
fn group_index(vm: &mut Vm, m: &RegexMatch, g: &Value) -> PyResult<usize> {
    let pat = pattern_of(&m.re)?;
    if let Some(name) = str::as_str(g) {
        if let Some(&(_, i)) = pat.names.iter().find(|(k, _)| k == name) {
            return Ok(i);
        }
        return Err(index_error("no such group"));
    }
    if int::is_int(g) {
        let i = vm.index_i64(g)?;
        if i >= 0 && (i as usize) <= pat.prog.groups {
            return Ok(i as usize);
        }
    }
    Err(index_error("no such group"))
}

fn group_value(m: &RegexMatch, g: usize, default: &Value) -> Value {
    match m.caps.spans[g] {
        Some((s, e)) => m.subject.slice(s, e),
        None => default.clone(),
    }
}

fn match_group(vm: &mut Vm, args: Args) -> PyResult {
    args.no_keywords("group")?;
    let mv = args.values[0].clone();
    let m = match_of(&mv)?;
    let gs = &args.values[1..];
    if gs.is_empty() {
        return Ok(group_value(m, 0, &none()));
    }
    let mut out = Vec::new();
    for g in gs {
        let i = group_index(vm, m, g)?;
        out.push(group_value(m, i, &none()));
    }
    Ok(if out.len() == 1 {
        out.pop().unwrap_or_else(none)
    } else {
        tuple::new_tuple(out)
    })
}

fn match_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let mv = args.values[0].clone();
    let m = match_of(&mv)?;
    let i = group_index(vm, m, &args.values[1])?;
    Ok(group_value(m, i, &none()))
}

fn match_groups(_vm: &mut Vm, args: Args) -> PyResult {
    let mv = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let a = rest.bind("groups", &["default"], 0)?;
    let d = a[0].clone().unwrap_or_else(none);
    let m = match_of(&mv)?;
    let n = m.caps.spans.len();
    Ok(tuple::new_tuple(
        (1..n).map(|g| group_value(m, g, &d)).collect(),
    ))
}

fn match_groupdict(_vm: &mut Vm, args: Args) -> PyResult {
    let mv = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let a = rest.bind("groupdict", &["default"], 0)?;
    let d = a[0].clone().unwrap_or_else(none);
    let m = match_of(&mv)?;
    let out = dict::new_dict();
    for (n, g) in &pattern_of(&m.re)?.names {
        dict::set_str(&out, &str::new_str(n), group_value(m, *g, &d));
    }
    Ok(out)
}

fn span_of(vm: &mut Vm, args: &Args, name: &str) -> PyResult<(i64, i64)> {
    let mv = args.values[0].clone();
    let rest = Args::new(&args.values[1..]);
    rest.no_keywords(name)?;
    if rest.values.len() > 1 {
        return Err(type_error(format!(
            "{name} expected at most 1 argument, got {}",
            rest.values.len()
        )));
    }
    let m = match_of(&mv)?;
    let g = match rest.values.first() {
        Some(g) => group_index(vm, m, g)?,
        None => 0,
    };
    Ok(match m.caps.spans[g] {
        Some((s, e)) => (s as i64, e as i64),
        None => (-1, -1),
    })
}

fn match_start(vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(span_of(vm, &args, "start")?.0))
}

fn match_end(vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(span_of(vm, &args, "end")?.1))
}

fn match_span_m(vm: &mut Vm, args: Args) -> PyResult {
    let (s, e) = span_of(vm, &args, "span")?;
    Ok(tuple::new_tuple(vec![int::from_i64(s), int::from_i64(e)]))
}

fn match_expand(vm: &mut Vm, args: Args) -> PyResult {
    let mv = args.values[0].clone();
    let rest = Args::with_kwnames(&args.values[1..], args.kwnames);
    let a = rest.bind("expand", &["template"], 1)?;
    let t = a[0].clone().unwrap_or_else(none);
    let m = match_of(&mv)?;
    let pieces = parse_template(vm, pattern_of(&m.re)?, &t)?;
    let mut out = Vec::new();
    expand_pieces(&pieces, m, &mut out);
    Ok(m.subject.slice_of(out, 0))
}

fn match_repr(vm: &mut Vm, args: Args) -> PyResult {
    let m = match_of(&args.values[0])?;
    let (s, e) = m.caps.spans[0].unwrap_or((0, 0));
    let g = m.subject.slice(s, e);
    let r = vm.repr_string(&g)?;
    Ok(str::from_string(format!(
        "<re.Match object; span=({s}, {e}), match={r}>"
    )))
}

fn match_bool(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(bool_value(true))
}

fn match_self(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.values[0].clone())
}

fn get_string(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(match_of(v)?.subject.value.clone())
}

fn get_re(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(match_of(v)?.re.clone())
}

fn get_pos(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(int::from_usize(match_of(v)?.pos))
}

fn get_endpos(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(int::from_usize(match_of(v)?.endpos))
}

fn get_lastindex(_vm: &mut Vm, v: &Value) -> PyResult {
    Ok(match match_of(v)?.caps.lastindex {
        Some(i) => int::from_usize(i),
        None => none(),
    })
}

fn get_lastgroup(_vm: &mut Vm, v: &Value) -> PyResult {
    let m = match_of(v)?;
    let Some(i) = m.caps.lastindex else {
        return Ok(none());
    };
    Ok(
        match pattern_of(&m.re)?.names.iter().find(|(_, g)| *g == i) {
            Some((n, _)) => str::new_str(n),
            None => none(),
        },
    )
}

fn get_regs(_vm: &mut Vm, v: &Value) -> PyResult {
    let m = match_of(v)?;
    Ok(tuple::new_tuple(
        m.caps
            .spans
            .iter()
            .map(|s| {
                let (a, b) = s.map_or((-1, -1), |(a, b)| (a as i64, b as i64));
                tuple::new_tuple(vec![int::from_i64(a), int::from_i64(b)])
            })
            .collect(),
    ))
}

fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &PATTERN_TYPE,
            methods: methods![
                MethodDef::class(
                    "__class_getitem__",
                    crate::builtins::methods::genericalias::class_getitem
                ),
                MethodDef::method("match", pattern_match),
                MethodDef::method("search", pattern_search),
                MethodDef::method("fullmatch", pattern_fullmatch),
                MethodDef::method("findall", pattern_findall),
                MethodDef::method("finditer", pattern_finditer),
                MethodDef::method("sub", pattern_sub),
                MethodDef::method("subn", pattern_subn),
                MethodDef::method("split", pattern_split),
                MethodDef::method("__repr__", pattern_repr),
                MethodDef::method("__eq__", pattern_eq),
                MethodDef::method("__hash__", pattern_hash),
                MethodDef::method("__copy__", pattern_self),
                MethodDef::method("__deepcopy__", pattern_self),
                MethodDef::method("__reduce__", pattern_reduce),
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
                MethodDef::class(
                    "__class_getitem__",
                    crate::builtins::methods::genericalias::class_getitem
                ),
                MethodDef::method("group", match_group),
                MethodDef::method("__getitem__", match_getitem),
                MethodDef::method("groups", match_groups),
                MethodDef::method("groupdict", match_groupdict),
                MethodDef::method("start", match_start),
                MethodDef::method("end", match_end),
                MethodDef::method("span", match_span_m),
                MethodDef::method("expand", match_expand),
                MethodDef::method("__repr__", match_repr),
                MethodDef::method("__bool__", match_bool),
                MethodDef::method("__copy__", match_self),
                MethodDef::method("__deepcopy__", match_self),
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
            doc: Some("The result of re.match() and re.search()."),
        },
        crate::builtins::methods::iter::native_iter_spec(&FINDITER_TYPE),
    ]
}

/// Creates the `re` module.
pub fn new_module(vm: &mut Vm) -> PyResult {
    for spec in specs() {
        install_native_type(&spec);
    }
    for t in [&PATTERN_TYPE, &MATCH_TYPE] {
        *t.module.borrow_mut() = Cow::Borrowed("re");
    }
    let m = module::new_module("re");
    let funcs: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("compile", re_compile),
        ("match", re_match),
        ("search", re_search),
        ("fullmatch", re_fullmatch),
        ("findall", re_findall),
        ("finditer", re_finditer),
        ("sub", re_sub),
        ("subn", re_subn),
        ("split", re_split),
        ("escape", re_escape),
        ("purge", re_purge),
    ];
    for (name, f) in funcs {
        module::set_attr(
            &m,
            name,
            function::new_builtin_function(name, *f, Some(m.clone())),
        );
    }
    let flags: &[(&str, u32)] = &[
        ("A", F_ASCII),
        ("ASCII", F_ASCII),
        ("I", F_IGNORECASE),
        ("IGNORECASE", F_IGNORECASE),
        ("L", F_LOCALE),
        ("LOCALE", F_LOCALE),
        ("M", F_MULTILINE),
        ("MULTILINE", F_MULTILINE),
        ("S", F_DOTALL),
        ("DOTALL", F_DOTALL),
        ("U", F_UNICODE),
        ("UNICODE", F_UNICODE),
        ("X", parse::F_VERBOSE),
        ("VERBOSE", parse::F_VERBOSE),
        ("T", parse::F_TEMPLATE),
        ("TEMPLATE", parse::F_TEMPLATE),
        ("DEBUG", parse::F_DEBUG),
        ("NOFLAG", 0),
    ];
    let globals = module::dict_of(&m).expect("module dict").clone();
    let code = vm.compile_source(REGEX_FLAG_SOURCE, "<re>", crate::compile::Mode::Exec)?;
    vm.exec_code(code, &globals, None)?;
    let flag_cls = vm.getattr(&m, "RegexFlag")?;
    for (n, v) in flags {
        let f = vm.call(&flag_cls, &[int::from_i64(*v as i64)])?;
        module::set_attr(&m, n, f);
    }
    let err = vm.getattr(&m, "error")?;
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(err));
    module::set_attr(&m, "Pattern", PATTERN_TYPE.to_value());
    module::set_attr(&m, "Match", MATCH_TYPE.to_value());
    Ok(m)
}

/// `re.error` (with CPython's position details) and `re.RegexFlag`, an int subclass that
/// prints as CPython's flag enum does.
const REGEX_FLAG_SOURCE: &str = r#"
class error(Exception):
    __module__ = 're'

    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        self.lineno = self.colno = None
        if pattern is not None and pos is not None:
            msg = '%s at position %d' % (msg, pos)
            nl = '\n' if isinstance(pattern, str) else b'\n'
            self.lineno = pattern.count(nl, 0, pos) + 1
            self.colno = pos - pattern.rfind(nl, 0, pos)
            if nl in pattern:
                msg = '%s (line %d, column %d)' % (msg, self.lineno, self.colno)
        Exception.__init__(self, msg)

class RegexFlag(int):
    _names = ((1, 'TEMPLATE'), (2, 'IGNORECASE'), (4, 'LOCALE'), (8, 'MULTILINE'),
              (16, 'DOTALL'), (32, 'UNICODE'), (64, 'VERBOSE'), (128, 'DEBUG'), (256, 'ASCII'))
    __module__ = 're'

    def __new__(cls, value=0):
        return int.__new__(cls, value)

    def __repr__(self):
        v = int(self)
        if v == 0:
            return 're.NOFLAG'
        parts = []
        rest = v
        for bit, name in RegexFlag._names:
            if v & bit:
                parts.append('re.' + name)
                rest &= ~bit
        if rest:
            return 're.RegexFlag(%d)' % v
        return '|'.join(parts)

    __str__ = __repr__

    def __format__(self, spec):
        return int.__format__(int(self), spec) if spec else repr(self)

    @property
    def name(self):
        for bit, name in RegexFlag._names:
            if bit == int(self):
                return name
        return None

    @property
    def value(self):
        return int(self)

    def __or__(self, other):
        if isinstance(other, int):
            return RegexFlag(int(self) | int(other))
        return NotImplemented

    __ror__ = __or__

    def __and__(self, other):
        if isinstance(other, int):
            return RegexFlag(int(self) & int(other))
        return NotImplemented

    __rand__ = __and__

    def __xor__(self, other):
        if isinstance(other, int):
            return RegexFlag(int(self) ^ int(other))
        return NotImplemented

    __rxor__ = __xor__

    def __invert__(self):
        return RegexFlag(511 & ~int(self))
"#;
