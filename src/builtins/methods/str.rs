//! Methods of `str` (CPython's Objects/unicodeobject.c semantics and messages).

use std::cell::RefCell;

use crate::bytecode::CompareOperator;
use crate::object::error::{Args, PyResult};
use crate::object::exception::{index_error, type_error, value_error, LOOKUP_ERROR};
use crate::object::iter::{new_native_iter, NativeIterator};
use crate::object::str::{as_str, from_string, new_str, payload, Str};
use crate::object::typeobj::{Layout, TypeObject};
use crate::object::types::{
    bool_value, none, not_implemented, MethodDef, TypeSpec, OBJECT_TYPE, STR_TYPE,
};
use crate::object::value::Value;
use crate::object::*;
use crate::unicode::ctype::{self, Case};
use crate::vm::Vm;

pub static STR_ASCII_ITER_TYPE: TypeObject = TypeObject::new_static(
    "str_ascii_iterator",
    Layout::NativeIter,
    Some(&OBJECT_TYPE),
    0,
);
pub static STR_ITER_TYPE: TypeObject =
    TypeObject::new_static("str_iterator", Layout::NativeIter, Some(&OBJECT_TYPE), 0);

thread_local! {
    static ASCII_CHARS: RefCell<Vec<Option<Value>>> = RefCell::new(vec![None; 128]);
}

/// A one-character str; ASCII characters are shared.
pub fn char_str(c: char) -> Value {
    if c.is_ascii() {
        return ASCII_CHARS.with(|t| {
            let mut t = t.borrow_mut();
            t[c as usize]
                .get_or_insert_with(|| {
                    let v = new_str(c.encode_utf8(&mut [0; 4]));
                    v.make_immortal();
                    v
                })
                .clone()
        });
    }
    new_str(c.encode_utf8(&mut [0; 4]))
}

fn this<'a>(args: &Args<'a>) -> &'a Str {
    payload(&args.values[0]).expect("str method on a str")
}

fn self_str<'a>(args: &Args<'a>) -> &'a str {
    this(args).as_str()
}

/// The arguments after self, with CPython-style count errors.
fn pargs<'a>(args: &Args<'a>, fname: &str, min: usize, max: usize) -> PyResult<&'a [Value]> {
    args.method_args("str", fname, min, max)
}

/// A str argument or "must be str, not X".
fn arg_str<'a>(v: &'a Value, what: &str) -> PyResult<&'a str> {
    as_str(v).ok_or_else(|| {
        if what.is_empty() {
            type_error(format!("must be str, not {}", v.ty().name()))
        } else {
            type_error(format!("{what} must be str, not {}", v.ty().name()))
        }
    })
}

/// Python's `str.isspace()` for one character.
pub fn is_space(c: char) -> bool {
    ctype::is_space(c as u32)
}

fn is_linebreak(c: char) -> bool {
    ctype::is_linebreak(c as u32)
}

/// Normalizes a CPython-style (start, stop) pair of optional indices against `len`.
fn adjust_indices(
    vm: &mut Vm,
    start: Option<&Value>,
    end: Option<&Value>,
    len: usize,
) -> PyResult<(usize, usize, bool)> {
    let len_i = len as i64;
    let norm = |vm: &mut Vm, v: Option<&Value>, default: i64| -> PyResult<i64> {
        match v {
            None => Ok(default),
            Some(v) if v.is_none() => Ok(default),
            Some(v) => {
                let i = slice_index(vm, v)?;
                Ok(if i < 0 { (i + len_i).max(0) } else { i })
            }
        }
    };
    let s = norm(vm, start, 0)?;
    let e = norm(vm, end, len_i)?.min(len_i);
    // `valid` is false when start lies beyond the end (then even "" is not found).
    Ok((
        s.min(len_i) as usize,
        e.max(0) as usize,
        s <= e && s <= len_i,
    ))
}

/// An index as an i64, clamped like `_PyEval_SliceIndex` (huge values saturate).
fn slice_index(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if let Some(i) = v.as_small_int() {
        return Ok(i);
    }
    if !int::is_int(v) && v.ty().lookup_str("__index__").is_none() {
        return Err(type_error(
            "slice indices must be integers or None or have an __index__ method",
        ));
    }
    let r = vm.index(v)?;
    Ok(match int::as_int(&r) {
        Some(int::IntRef::Small(i)) => i,
        Some(int::IntRef::Big(b)) => {
            if num_traits::Signed::is_negative(b) {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }
        }
        None => 0,
    })
}

/// `slice.indices(len)`: (start, stop, step, count) with CPython's clamping.
pub fn slice_indices(
    vm: &mut Vm,
    s: &slice::Slice,
    len: usize,
) -> PyResult<(i64, i64, i64, usize)> {
    let step = if s.step.is_none() {
        1
    } else {
        slice_index(vm, &s.step)?
    };
    if step == 0 {
        return Err(value_error("slice step cannot be zero"));
    }
    let len = len as i64;
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let fix = |vm: &mut Vm, v: &Value, default: i64| -> PyResult<i64> {
        if v.is_none() {
            return Ok(default);
        }
        let i = slice_index(vm, v)?;
        Ok(if i < 0 {
            (i + len).max(lower)
        } else {
            i.min(upper)
        })
    };
    let start = fix(vm, &s.start, if step < 0 { upper } else { lower })?;
    let stop = fix(vm, &s.stop, if step < 0 { lower } else { upper })?;
    let count = if step < 0 {
        if stop < start {
            ((start - stop - 1) / -step + 1) as usize
        } else {
            0
        }
    } else if start < stop {
        ((stop - start - 1) / step + 1) as usize
    } else {
        0
    };
    Ok((start, stop, step, count))
}

/// The substring of `s` between character indices `a..b`.
fn char_range(st: &Str, a: usize, b: usize) -> &str {
    let s = st.as_str();
    if st.is_ascii() {
        return &s[a..b];
    }
    &s[st.byte_offset(a)..st.byte_offset(b)]
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

fn str_new(vm: &mut Vm, args: Args) -> PyResult {
    let cls = args.values[0].clone();
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind("str", &["object", "encoding", "errors"], 0)?;
    let value = match (&b[0], &b[1], &b[2]) {
        (None, None, None) => new_str(""),
        (Some(o), None, None) => vm.str(o)?,
        (o, enc, errs) => {
            let o = o.clone().unwrap_or_else(|| bytes::new_bytes(Vec::new()));
            let enc = match enc {
                Some(e) => arg_str(e, "str() argument 'encoding'")?.to_string(),
                None => "utf-8".into(),
            };
            let errs = match errs {
                Some(e) => arg_str(e, "str() argument 'errors'")?.to_string(),
                None => "strict".into(),
            };
            if as_str(&o).is_some() {
                return Err(type_error("decoding str is not supported"));
            }
            let data = bytes::bytes_like(&o).ok_or_else(|| {
                type_error(format!(
                    "decoding to str: need a bytes-like object, {} found",
                    o.ty().name()
                ))
            })?;
            crate::builtins::methods::bytes::decode(vm, &data, &enc, &errs)?
        }
    };
    let cls_ty = cls.as_type().expect("str.__new__ receives a type");
    if std::ptr::eq(cls_ty, &STR_TYPE) {
        return Ok(value);
    }
    let plain = if value.is_type(&STR_TYPE) {
        value
    } else {
        payload(&value).map_or_else(|| new_str(""), crate::object::str::plain_copy)
    };
    Ok(instance::new_instance(cls_ty, Some(plain)))
}

fn str_repr(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(from_string(crate::object::str::repr_exact(this(&args))))
}

fn str_str(_vm: &mut Vm, args: Args) -> PyResult {
    let v = &args.values[0];
    if v.is_type(&STR_TYPE) {
        Ok(v.clone())
    } else {
        Ok(crate::object::str::plain_copy(this(&args)))
    }
}

fn str_hash(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_i64(this(&args).hash()))
}

fn str_len(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(int::from_usize(this(&args).char_len()))
}

fn compare(args: &Args, op: CompareOperator) -> PyResult {
    let a = pargs(args, "__eq__", 1, 1)?;
    let (Some(x), Some(y)) = (payload(&args.values[0]), payload(&a[0])) else {
        return Ok(not_implemented());
    };
    let o = crate::object::str::str_cmp(x, y);
    use std::cmp::Ordering::*;
    Ok(bool_value(match op {
        CompareOperator::Eq => crate::object::str::str_eq(x, y),
        CompareOperator::Ne => !crate::object::str::str_eq(x, y),
        CompareOperator::Lt => o == Less,
        CompareOperator::Le => o != Greater,
        CompareOperator::Gt => o == Greater,
        CompareOperator::Ge => o != Less,
    }))
}

fn str_eq(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Eq)
}
fn str_ne(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Ne)
}
fn str_lt(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Lt)
}
fn str_le(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Le)
}
fn str_gt(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Gt)
}
fn str_ge(_vm: &mut Vm, args: Args) -> PyResult {
    compare(&args, CompareOperator::Ge)
}

fn str_add(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__add__", 1, 1)?;
    let x = this(&args);
    match payload(&a[0]) {
        Some(y) => Ok(crate::object::str::concat(x, y)),
        None => {
            // CPython tries the right operand's __radd__ before the concatenation error.
            if let Some(f) = a[0].ty().lookup_str("__radd__") {
                let r = vm.call_slot(&f, &[a[0].clone(), args.values[0].clone()])?;
                if !r.is(&not_implemented()) {
                    return Ok(r);
                }
            }
            Err(type_error(format!(
                "can only concatenate str (not \"{}\") to str",
                a[0].ty().name()
            )))
        }
    }
}

/// `seq * n` repetition count, or the CPython error for a non-integer.
pub fn repeat_count(vm: &mut Vm, n: &Value) -> PyResult<Option<usize>> {
    if !int::is_int(n) && n.ty().lookup_str("__index__").is_none() {
        return Ok(None);
    }
    let i = vm.index(n)?;
    match int::as_i64(&i) {
        Some(k) => Ok(Some(k.max(0) as usize)),
        None => {
            if int::as_int(&i).is_some_and(|r| r.is_negative()) {
                Ok(Some(0))
            } else {
                Err(exception::overflow_error(
                    "cannot fit 'int' into an index-sized integer",
                ))
            }
        }
    }
}

fn str_mul(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__mul__", 1, 1)?;
    let Some(n) = repeat_count(vm, &a[0])? else {
        if let Some(f) = a[0].ty().lookup_str("__rmul__") {
            let r = vm.call_slot(&f, &[a[0].clone(), args.values[0].clone()])?;
            if !r.is(&not_implemented()) {
                return Ok(r);
            }
        }
        return Err(type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            a[0].ty().name()
        )));
    };
    repeat_checked(this(&args), n)
}

/// `x * n` with CPython's errors: OverflowError when the length overflows, MemoryError when
/// the result cannot be allocated.
fn repeat_checked(x: &crate::object::str::Str, n: usize) -> PyResult {
    if x.char_len()
        .checked_mul(n)
        .is_none_or(|t| t > isize::MAX as usize)
    {
        return Err(exception::overflow_error("repeated string is too long"));
    }
    exception::check_alloc_items(x.as_str().len(), n)?;
    Ok(crate::object::str::repeat(x, n))
}

fn str_rmul(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__rmul__", 1, 1)?;
    match repeat_count(vm, &a[0])? {
        Some(n) => repeat_checked(this(&args), n),
        // The reflected repeat is the last resort: CPython's sequence repeat raises here.
        None => Err(type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            a[0].ty().name()
        ))),
    }
}

fn str_mod(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__mod__", 1, 1)?;
    let fmt = this(&args);
    super::str_format::percent_format(vm, fmt, &a[0])
}

fn str_contains(_vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__contains__", 1, 1)?;
    let needle = payload(&a[0]).ok_or_else(|| {
        type_error(format!(
            "'in <string>' requires string as left operand, not {}",
            a[0].ty().name()
        ))
    })?;
    Ok(bool_value(crate::object::str::contains(
        this(&args),
        needle,
    )))
}

fn str_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "__getitem__", 1, 1)?;
    let st = this(&args);
    let key = &a[0];
    if let Some(sl) = key.payload_exact::<slice::Slice>() {
        let (start, _, step, count) = slice_indices(vm, sl, st.char_len())?;
        if step == 1 {
            let s = start as usize;
            let sub = char_range(st, s, s + count);
            if st.has_surrogates() {
                let a = sub.as_ptr() as usize - st.as_str().as_ptr() as usize;
                return Ok(st.byte_range_value(a, a + sub.len()));
            }
            return Ok(new_str(sub));
        }
        if st.has_surrogates() {
            let cps: Vec<u32> = st.code_points().collect();
            let mut b = crate::object::str::StrBuf::default();
            for k in 0..count {
                b.push_code_point(cps[(start + k as i64 * step) as usize]);
            }
            return Ok(b.finish());
        }
        let mut out = String::new();
        if st.is_ascii() {
            let b = st.as_str().as_bytes();
            for k in 0..count {
                out.push(b[(start + k as i64 * step) as usize] as char);
            }
        } else if count < st.char_len() / 16 {
            // A few characters of a long str: each found through the offset index.
            for k in 0..count {
                out.push(st.char_at((start + k as i64 * step) as usize));
            }
        } else {
            let chars: Vec<char> = st.as_str().chars().collect();
            for k in 0..count {
                out.push(chars[(start + k as i64 * step) as usize]);
            }
        }
        return Ok(crate::object::str::from_string_len(out, count));
    }
    if !int::is_int(key) && key.ty().lookup_str("__index__").is_none() {
        return Err(type_error(format!(
            "string indices must be integers, not '{}'",
            key.ty().name()
        )));
    }
    let i = vm.index(key)?;
    let n = st.char_len() as i64;
    let i = int::as_i64(&i)
        .ok_or_else(|| exception::index_error("cannot fit 'int' into an index-sized integer"))?;
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return Err(index_error("string index out of range"));
    }
    if st.has_surrogates() {
        return Ok(crate::object::str::from_code_point(st.code_at(j as usize)));
    }
    Ok(char_str(st.char_at(j as usize)))
}

struct StrIter {
    s: Value,
    pos: usize,
    remaining: usize,
}

impl NativeIterator for StrIter {
    fn next(&mut self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        let st = payload(&self.s).expect("a str");
        if st.has_surrogates() {
            let b = st.exact_bytes();
            if self.pos >= b.len() {
                return Ok(None);
            }
            let (cp, n) = crate::object::str::decode_at(b, self.pos);
            self.pos += n;
            self.remaining -= 1;
            return Ok(Some(crate::object::str::from_code_point(cp)));
        }
        let s = st.as_str();
        match s[self.pos..].chars().next() {
            Some(c) => {
                self.pos += c.len_utf8();
                self.remaining -= 1;
                Ok(Some(char_str(c)))
            }
            None => Ok(None),
        }
    }

    fn length_hint(&self) -> Option<usize> {
        Some(self.remaining)
    }

    fn reduce(&self, vm: &mut Vm) -> PyResult<Option<crate::object::iter::Reduced>> {
        let st = payload(&self.s).expect("a str");
        let iter = vm.getattr(&vm.builtins_module.clone(), "iter")?;
        let done = st.char_len() - self.remaining;
        Ok(Some((
            iter,
            vec![self.s.clone()],
            Some(int::from_usize(done)),
        )))
    }

    fn set_state(&mut self, vm: &mut Vm, state: &Value) -> PyResult<bool> {
        let st = payload(&self.s).expect("a str");
        let n = (vm.index_i64(state)?.max(0) as usize).min(st.char_len());
        let b = st.exact_bytes();
        let mut pos = 0;
        for _ in 0..n {
            pos += crate::object::str::decode_at(b, pos).1;
        }
        self.pos = pos;
        self.remaining = st.char_len() - n;
        Ok(true)
    }
}

fn str_iter(_vm: &mut Vm, args: Args) -> PyResult {
    let st = this(&args);
    let ty = if st.is_ascii() {
        &STR_ASCII_ITER_TYPE
    } else {
        &STR_ITER_TYPE
    };
    Ok(new_native_iter(
        ty,
        Box::new(StrIter {
            s: args.values[0].clone(),
            pos: 0,
            remaining: st.char_len(),
        }),
    ))
}

/// Maps the receiver's code points through `f`, which sees the whole string (for the
/// final-sigma rule) and the index of the code point to map; `ascii` does the same for an
/// ASCII string's bytes, whose mappings are one ASCII byte each.
fn map_code_points(
    args: &Args,
    fname: &str,
    ascii: impl Fn(&[u8], usize) -> u8,
    f: impl Fn(&[u32], usize, &mut Vec<u32>),
) -> PyResult {
    pargs(args, fname, 0, 0)?;
    let st = this(args);
    if st.is_ascii() {
        let src = st.as_str().as_bytes();
        crate::object::exception::check_alloc(src.len())?;
        let out: Vec<u8> = (0..src.len()).map(|i| ascii(src, i)).collect();
        return Ok(from_string(
            String::from_utf8(out).expect("ASCII maps to ASCII"),
        ));
    }
    let cps: Vec<u32> = st.code_points().collect();
    let mut out = Vec::with_capacity(cps.len());
    for i in 0..cps.len() {
        f(&cps, i, &mut out);
    }
    Ok(crate::object::str::from_code_points(&out))
}

fn str_lower(_vm: &mut Vm, args: Args) -> PyResult {
    map_code_points(
        &args,
        "lower",
        |s, i| s[i].to_ascii_lowercase(),
        ctype::push_lower_at,
    )
}

fn str_upper(_vm: &mut Vm, args: Args) -> PyResult {
    map_code_points(
        &args,
        "upper",
        |s, i| s[i].to_ascii_uppercase(),
        |s, i, out| ctype::push_mapped(s[i], Case::Upper, out),
    )
}

fn str_casefold(_vm: &mut Vm, args: Args) -> PyResult {
    map_code_points(
        &args,
        "casefold",
        |s, i| s[i].to_ascii_lowercase(),
        |s, i, out| ctype::push_mapped(s[i], Case::Fold, out),
    )
}

fn str_swapcase(_vm: &mut Vm, args: Args) -> PyResult {
    let swap = |s: &[u8], i: usize| {
        let c = s[i];
        if c.is_ascii_uppercase() {
            c.to_ascii_lowercase()
        } else {
            c.to_ascii_uppercase()
        }
    };
    map_code_points(&args, "swapcase", swap, |s, i, out| {
        if ctype::is_upper(s[i]) {
            ctype::push_lower_at(s, i, out)
        } else if ctype::is_lower(s[i]) {
            ctype::push_mapped(s[i], Case::Upper, out)
        } else {
            out.push(s[i])
        }
    })
}

fn str_capitalize(_vm: &mut Vm, args: Args) -> PyResult {
    let ascii = |s: &[u8], i: usize| {
        if i == 0 {
            s[i].to_ascii_uppercase()
        } else {
            s[i].to_ascii_lowercase()
        }
    };
    map_code_points(&args, "capitalize", ascii, |s, i, out| {
        if i == 0 {
            ctype::push_mapped(s[i], Case::Title, out)
        } else {
            ctype::push_lower_at(s, i, out)
        }
    })
}

fn str_title(_vm: &mut Vm, args: Args) -> PyResult {
    let ascii = |s: &[u8], i: usize| {
        if i > 0 && s[i - 1].is_ascii_alphabetic() {
            s[i].to_ascii_lowercase()
        } else {
            s[i].to_ascii_uppercase()
        }
    };
    map_code_points(&args, "title", ascii, |s, i, out| {
        if i > 0 && ctype::is_cased(s[i - 1]) {
            ctype::push_lower_at(s, i, out)
        } else {
            ctype::push_mapped(s[i], Case::Title, out)
        }
    })
}

fn predicate(args: &Args, fname: &str, empty: bool, f: impl Fn(u32) -> bool) -> PyResult {
    pargs(args, fname, 0, 0)?;
    let st = this(args);
    if st.char_len() == 0 {
        return Ok(bool_value(empty));
    }
    Ok(bool_value(st.code_points().all(f)))
}

fn str_isalpha(_vm: &mut Vm, args: Args) -> PyResult {
    predicate(&args, "isalpha", false, ctype::is_alpha)
}

fn str_isalnum(_vm: &mut Vm, args: Args) -> PyResult {
    predicate(&args, "isalnum", false, ctype::is_alnum)
}

fn str_isascii(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "isascii", 0, 0)?;
    Ok(bool_value(this(&args).is_ascii()))
}

fn str_isdecimal(_vm: &mut Vm, args: Args) -> PyResult {
    predicate(&args, "isdecimal", false, ctype::is_decimal)
}

fn str_isdigit(_vm: &mut Vm, args: Args) -> PyResult {
    predicate(&args, "isdigit", false, ctype::is_digit)
}

fn str_isnumeric(_vm: &mut Vm, args: Args) -> PyResult {
    predicate(&args, "isnumeric", false, ctype::is_numeric)
}

fn str_isspace(_vm: &mut Vm, args: Args) -> PyResult {
    predicate(&args, "isspace", false, ctype::is_space)
}

fn str_isprintable(_vm: &mut Vm, args: Args) -> PyResult {
    predicate(&args, "isprintable", true, ctype::is_printable)
}

fn str_isidentifier(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "isidentifier", 0, 0)?;
    let mut cps = this(&args).code_points();
    Ok(bool_value(
        cps.next().is_some_and(ctype::is_identifier_start)
            && cps.all(ctype::is_identifier_continue),
    ))
}

/// `str.isidentifier()`.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars().map(|c| c as u32);
    chars.next().is_some_and(ctype::is_identifier_start) && chars.all(ctype::is_identifier_continue)
}

fn str_islower(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "islower", 0, 0)?;
    let mut cased = false;
    for c in this(&args).code_points() {
        if ctype::is_upper(c) || ctype::is_title(c) {
            return Ok(bool_value(false));
        }
        cased |= ctype::is_lower(c);
    }
    Ok(bool_value(cased))
}

fn str_isupper(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "isupper", 0, 0)?;
    let mut cased = false;
    for c in this(&args).code_points() {
        if ctype::is_lower(c) || ctype::is_title(c) {
            return Ok(bool_value(false));
        }
        cased |= ctype::is_upper(c);
    }
    Ok(bool_value(cased))
}

fn str_istitle(_vm: &mut Vm, args: Args) -> PyResult {
    pargs(&args, "istitle", 0, 0)?;
    let mut cased = false;
    let mut prev_cased = false;
    for c in this(&args).code_points() {
        if ctype::is_upper(c) || ctype::is_title(c) {
            if prev_cased {
                return Ok(bool_value(false));
            }
            prev_cased = true;
            cased = true;
        } else if ctype::is_lower(c) {
            if !prev_cased {
                return Ok(bool_value(false));
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(bool_value(cased))
}

fn fill_char(v: Option<&Value>, fname: &str) -> PyResult<char> {
    let Some(v) = v else { return Ok(' ') };
    let s = as_str(v).ok_or_else(|| {
        type_error(format!(
            "{fname}() argument 2 must be str, not {}",
            v.ty().name()
        ))
    })?;
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(type_error(
            "The fill character must be exactly one character long",
        )),
    }
}

fn width_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if float::as_f64(v).is_some() {
        return Err(type_error("integer argument expected, got float"));
    }
    vm.index_i64(v)
}

fn pad_fn(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<(usize, usize, char)> {
    let a = pargs(args, fname, 1, 2)?;
    let width = width_arg(vm, &a[0])?;
    let fill = fill_char(a.get(1), fname)?;
    let len = this(args).char_len();
    let w = if width < 0 { 0 } else { width as usize };
    Ok((w.saturating_sub(len), len, fill))
}

fn padded(args: &Args, left: usize, right: usize, fill: char) -> PyResult {
    let s = self_str(args);
    if left == 0 && right == 0 && args.values[0].is_type(&STR_TYPE) {
        return Ok(args.values[0].clone());
    }
    let bytes = (left + right)
        .checked_mul(fill.len_utf8())
        .and_then(|n| n.checked_add(s.len()))
        .ok_or_else(exception::memory_error)?;
    exception::check_alloc_items(bytes, 1)?;
    let mut out = String::with_capacity(bytes);
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(from_string(out))
}

fn str_ljust(vm: &mut Vm, args: Args) -> PyResult {
    let (marg, _, fill) = pad_fn(vm, &args, "ljust")?;
    padded(&args, 0, marg, fill)
}

fn str_rjust(vm: &mut Vm, args: Args) -> PyResult {
    let (marg, _, fill) = pad_fn(vm, &args, "rjust")?;
    padded(&args, marg, 0, fill)
}

fn str_center(vm: &mut Vm, args: Args) -> PyResult {
    let (marg, len, fill) = pad_fn(vm, &args, "center")?;
    let width = marg + len;
    let left = marg / 2 + (marg & width & 1);
    padded(&args, left, marg - left, fill)
}

fn str_zfill(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "zfill", 1, 1)?;
    let width = width_arg(vm, &a[0])?;
    let st = this(&args);
    let len = st.char_len() as i64;
    if width <= len {
        return Ok(new_str(st.as_str()));
    }
    let fill = (width - len) as usize;
    let s = st.as_str();
    exception::check_alloc_items(s.len() + fill, 1)?;
    let mut out = String::with_capacity(s.len() + fill);
    let rest = match s.chars().next() {
        Some(c @ ('+' | '-')) => {
            out.push(c);
            &s[1..]
        }
        _ => s,
    };
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(rest);
    Ok(from_string(out))
}

fn str_expandtabs(_vm: &mut Vm, args: Args) -> PyResult {
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind("expandtabs", &["tabsize"], 0)?;
    let tab = match &b[0] {
        Some(v) => int::as_i64(v).ok_or_else(|| {
            type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.ty().name()
            ))
        })?,
        None => 8,
    };
    if i32::try_from(tab).is_err() {
        return Err(exception::overflow_error(
            "Python int too large to convert to C int",
        ));
    }
    let mut out = String::new();
    let mut col: i64 = 0;
    for c in self_str(&args).chars() {
        match c {
            '\t' => {
                if tab > 0 {
                    let n = tab - col % tab;
                    exception::check_alloc(out.len() + n as usize)?;
                    out.try_reserve(n as usize)
                        .map_err(|_| exception::memory_error())?;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(from_string(out))
}

/// Shared argument handling for find/rfind/index/rindex/count: (sub, start, end, valid).
fn find_args<'a>(
    vm: &mut Vm,
    args: &Args<'a>,
    fname: &str,
) -> PyResult<(&'a str, usize, usize, bool)> {
    let a = pargs(args, fname, 1, 3)?;
    let sub = arg_str(&a[0], "")?;
    let (s, e, valid) = adjust_indices(vm, a.get(1), a.get(2), this(args).char_len())?;
    Ok((sub, s, e, valid))
}

/// Finds `sub` in the character range; returns a character index.
fn find_in(st: &Str, sub: &str, s: usize, e: usize, valid: bool, reverse: bool) -> Option<usize> {
    if !valid {
        return None;
    }
    if e < s {
        return None;
    }
    let hay = char_range(st, s, e);
    let pos = if reverse {
        hay.rfind(sub)
    } else {
        hay.find(sub)
    }?;
    Some(
        s + if st.is_ascii() {
            pos
        } else {
            char_count(&hay[..pos])
        },
    )
}

fn str_find(vm: &mut Vm, args: Args) -> PyResult {
    let (sub, s, e, valid) = find_args(vm, &args, "find")?;
    Ok(int::from_i64(
        find_in(this(&args), sub, s, e, valid, false)
            .map(|i| i as i64)
            .unwrap_or(-1),
    ))
}

fn str_rfind(vm: &mut Vm, args: Args) -> PyResult {
    let (sub, s, e, valid) = find_args(vm, &args, "rfind")?;
    Ok(int::from_i64(
        find_in(this(&args), sub, s, e, valid, true)
            .map(|i| i as i64)
            .unwrap_or(-1),
    ))
}

fn str_index(vm: &mut Vm, args: Args) -> PyResult {
    let (sub, s, e, valid) = find_args(vm, &args, "index")?;
    find_in(this(&args), sub, s, e, valid, false)
        .map(int::from_usize)
        .ok_or_else(|| value_error("substring not found"))
}

fn str_rindex(vm: &mut Vm, args: Args) -> PyResult {
    let (sub, s, e, valid) = find_args(vm, &args, "rindex")?;
    find_in(this(&args), sub, s, e, valid, true)
        .map(int::from_usize)
        .ok_or_else(|| value_error("substring not found"))
}

fn str_count(vm: &mut Vm, args: Args) -> PyResult {
    let (sub, s, e, valid) = find_args(vm, &args, "count")?;
    if !valid || e < s {
        return Ok(int::from_i64(0));
    }
    let st = this(&args);
    let hay = char_range(st, s, e);
    let n = if sub.is_empty() {
        (e - s) + 1
    } else {
        hay.matches(sub).count()
    };
    Ok(int::from_usize(n))
}

fn starts_ends(vm: &mut Vm, args: &Args, fname: &str, ends: bool) -> PyResult {
    let a = pargs(args, fname, 1, 3)?;
    let st = this(args);
    let (s, e, valid) = adjust_indices(vm, a.get(1), a.get(2), st.char_len())?;
    let check = |p: &str| -> bool {
        if !valid {
            return false;
        }
        if e < s {
            return false;
        }
        let hay = char_range(st, s, e);
        if ends {
            hay.ends_with(p)
        } else {
            hay.starts_with(p)
        }
    };
    if let Some(items) = tuple::as_tuple(&a[0]) {
        for it in items {
            let p = as_str(it).ok_or_else(|| {
                type_error(format!(
                    "tuple for {fname} must only contain str, not {}",
                    it.ty().name()
                ))
            })?;
            if check(p) {
                return Ok(bool_value(true));
            }
        }
        return Ok(bool_value(false));
    }
    let p = as_str(&a[0]).ok_or_else(|| {
        type_error(format!(
            "{fname} first arg must be str or a tuple of str, not {}",
            a[0].ty().name()
        ))
    })?;
    Ok(bool_value(check(p)))
}

fn str_startswith(vm: &mut Vm, args: Args) -> PyResult {
    starts_ends(vm, &args, "startswith", false)
}

fn str_endswith(vm: &mut Vm, args: Args) -> PyResult {
    starts_ends(vm, &args, "endswith", true)
}

fn str_join(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "join", 1, 1)?;
    let sep = this(&args);
    let items = vm.collect(&a[0])?;
    let total = items
        .iter()
        .map(|it| payload(it).map_or(0, |s| s.as_str().len()))
        .try_fold(
            sep.as_str()
                .len()
                .saturating_mul(items.len().saturating_sub(1)),
            usize::checked_add,
        )
        .ok_or_else(exception::memory_error)?;
    exception::check_alloc_items(total, 1)?;
    let mut out = crate::object::str::StrBuf::with_capacity(total);
    for (i, it) in items.iter().enumerate() {
        let s = payload(it).ok_or_else(|| {
            type_error(format!(
                "sequence item {i}: expected str instance, {} found",
                it.ty().name()
            ))
        })?;
        if i > 0 {
            out.push_value(sep);
        }
        out.push_value(s);
    }
    Ok(out.finish())
}

fn strip_chars(args: &Args, fname: &str, left: bool, right: bool) -> PyResult {
    let a = pargs(args, fname, 0, 1)?;
    let s = self_str(args);
    let chars: Option<&str> = match a.first() {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => {
            Some(as_str(v).ok_or_else(|| type_error(format!("{fname} arg must be None or str")))?)
        }
    };
    let pred = |c: char| match chars {
        None => is_space(c),
        Some(cs) => cs.contains(c),
    };
    let mut r = s;
    if left {
        r = r.trim_start_matches(pred);
    }
    if right {
        r = r.trim_end_matches(pred);
    }
    if r.len() == s.len() && args.values[0].is_type(&STR_TYPE) {
        return Ok(args.values[0].clone());
    }
    Ok(new_str(r))
}

fn str_strip(_vm: &mut Vm, args: Args) -> PyResult {
    strip_chars(&args, "strip", true, true)
}

fn str_lstrip(_vm: &mut Vm, args: Args) -> PyResult {
    strip_chars(&args, "lstrip", true, false)
}

fn str_rstrip(_vm: &mut Vm, args: Args) -> PyResult {
    strip_chars(&args, "rstrip", false, true)
}

fn str_removeprefix(_vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "removeprefix", 1, 1)?;
    let p = arg_str(&a[0], "removeprefix() argument")?;
    let s = self_str(&args);
    Ok(new_str(s.strip_prefix(p).unwrap_or(s)))
}

fn str_removesuffix(_vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "removesuffix", 1, 1)?;
    let p = arg_str(&a[0], "removesuffix() argument")?;
    let s = self_str(&args);
    Ok(new_str(s.strip_suffix(p).unwrap_or(s)))
}

fn partition(args: &Args, fname: &str, reverse: bool) -> PyResult {
    let a = pargs(args, fname, 1, 1)?;
    let sep = arg_str(&a[0], "")?;
    if sep.is_empty() {
        return Err(value_error("empty separator"));
    }
    let s = self_str(args);
    let found = if reverse { s.rfind(sep) } else { s.find(sep) };
    let parts = match found {
        Some(i) => vec![new_str(&s[..i]), a[0].clone(), new_str(&s[i + sep.len()..])],
        None if reverse => vec![new_str(""), new_str(""), new_str(s)],
        None => vec![new_str(s), new_str(""), new_str("")],
    };
    Ok(tuple::new_tuple(parts))
}

fn str_partition(_vm: &mut Vm, args: Args) -> PyResult {
    partition(&args, "partition", false)
}

fn str_rpartition(_vm: &mut Vm, args: Args) -> PyResult {
    partition(&args, "rpartition", true)
}

fn str_replace(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "replace", 2, 3)?;
    let old = arg_str(&a[0], "replace() argument 1")?;
    let new = arg_str(&a[1], "replace() argument 2")?;
    let count = match a.get(2) {
        Some(v) => vm.index_i64(v)?,
        None => -1,
    };
    let s = self_str(&args);
    let limit = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    // The result's size, to raise MemoryError before building one that cannot be had (the
    // matches are only counted when a bound from the lengths alone is large).
    let grow = new
        .len()
        .saturating_sub(if old.is_empty() { 0 } else { old.len() });
    let most = if old.is_empty() {
        this(&args).char_len() + 1
    } else {
        s.len() / old.len()
    }
    .min(limit);
    let mut total = grow.saturating_mul(most).saturating_add(s.len());
    if total >= crate::memory::alloc::CHECKED && !old.is_empty() {
        total = grow
            .saturating_mul(s.matches(old).take(limit).count())
            .saturating_add(s.len());
    }
    exception::check_alloc_items(total, 1)?;
    if old.is_empty() {
        let mut out = String::with_capacity(total);
        let mut n = 0;
        for c in s.chars() {
            if n < limit {
                out.push_str(new);
                n += 1;
            }
            out.push(c);
        }
        if n < limit {
            out.push_str(new);
        }
        return Ok(from_string(out));
    }
    Ok(from_string(s.replacen(old, new, limit)))
}

fn split_args(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<(Option<String>, i64)> {
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind(fname, &["sep", "maxsplit"], 0)?;
    let sep = match &b[0] {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => Some(arg_str(v, "")?.to_string()),
    };
    if sep.as_deref() == Some("") {
        return Err(value_error("empty separator"));
    }
    let maxsplit = match &b[1] {
        Some(v) => vm.index_i64(v)?,
        None => -1,
    };
    Ok((sep, maxsplit))
}

/// `str.split` on strings: whitespace runs when `sep` is None.
pub fn split_str(s: &str, sep: Option<&str>, maxsplit: i64) -> Vec<String> {
    let mut limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut out = Vec::new();
    match sep {
        Some(sep) => {
            let mut rest = s;
            while limit > 0 {
                match rest.find(sep) {
                    Some(i) => {
                        out.push(rest[..i].to_string());
                        rest = &rest[i + sep.len()..];
                        limit -= 1;
                    }
                    None => break,
                }
            }
            out.push(rest.to_string());
        }
        None => {
            let mut rest = s.trim_start_matches(is_space);
            while !rest.is_empty() {
                if limit == 0 {
                    out.push(rest.to_string());
                    break;
                }
                let end = rest.find(is_space).unwrap_or(rest.len());
                out.push(rest[..end].to_string());
                rest = rest[end..].trim_start_matches(is_space);
                limit -= 1;
            }
        }
    }
    out
}

/// `str.rsplit`.
pub fn rsplit_str(s: &str, sep: Option<&str>, maxsplit: i64) -> Vec<String> {
    let mut limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut out = Vec::new();
    match sep {
        Some(sep) => {
            let mut rest = s;
            while limit > 0 {
                match rest.rfind(sep) {
                    Some(i) => {
                        out.push(rest[i + sep.len()..].to_string());
                        rest = &rest[..i];
                        limit -= 1;
                    }
                    None => break,
                }
            }
            out.push(rest.to_string());
        }
        None => {
            let mut rest = s.trim_end_matches(is_space);
            while !rest.is_empty() {
                if limit == 0 {
                    out.push(rest.to_string());
                    break;
                }
                let start = rest
                    .rfind(is_space)
                    .map(|i| i + rest[i..].chars().next().map_or(1, char::len_utf8))
                    .unwrap_or(0);
                out.push(rest[start..].to_string());
                rest = rest[..start].trim_end_matches(is_space);
                limit -= 1;
            }
        }
    }
    out.reverse();
    out
}

fn str_split(vm: &mut Vm, args: Args) -> PyResult {
    let (sep, maxsplit) = split_args(vm, &args, "split")?;
    let parts = split_str(self_str(&args), sep.as_deref(), maxsplit);
    Ok(list::new_list(parts.into_iter().map(from_string).collect()))
}

fn str_rsplit(vm: &mut Vm, args: Args) -> PyResult {
    let (sep, maxsplit) = split_args(vm, &args, "rsplit")?;
    let parts = rsplit_str(self_str(&args), sep.as_deref(), maxsplit);
    Ok(list::new_list(parts.into_iter().map(from_string).collect()))
}

fn str_splitlines(vm: &mut Vm, args: Args) -> PyResult {
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind("splitlines", &["keepends"], 0)?;
    let keep = match &b[0] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let s = self_str(&args);
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !is_linebreak(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' {
            if let Some(&(_, '\n')) = it.peek() {
                it.next();
                end += 1;
            }
        }
        out.push(new_str(&s[start..if keep { end } else { i }]));
        start = end;
    }
    if start < s.len() {
        out.push(new_str(&s[start..]));
    }
    Ok(list::new_list(out))
}

fn str_encode(vm: &mut Vm, args: Args) -> PyResult {
    let rest = Args {
        values: &args.values[1..],
        kwnames: args.kwnames,
    };
    let b = rest.bind("encode", &["encoding", "errors"], 0)?;
    let enc = match &b[0] {
        Some(v) => arg_str(v, "encode() argument 'encoding'")?.to_string(),
        None => "utf-8".into(),
    };
    let errs = match &b[1] {
        Some(v) => arg_str(v, "encode() argument 'errors'")?.to_string(),
        None => "strict".into(),
    };
    crate::builtins::methods::bytes::encode(vm, &args.values[0], &enc, &errs)
}

fn str_maketrans(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.values;
    args.no_keywords("maketrans")?;
    if a.is_empty() || a.len() > 3 {
        return Err(type_error(format!(
            "maketrans expected at least 1 argument, got {}",
            a.len()
        )));
    }
    let d = dict::new_dict();
    if a.len() == 1 {
        let Some(src) = dict::as_dict(&a[0]).map(|_| dict::items(&a[0])) else {
            return Err(type_error(
                "if you give only one argument to maketrans it must be a dict",
            ));
        };
        for (k, v) in src {
            let key = if let Some(s) = as_str(&k) {
                let mut it = s.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) => int::from_i64(c as i64),
                    _ => {
                        return Err(value_error(
                            "string keys in translate table must be of length 1",
                        ))
                    }
                }
            } else if int::is_int(&k) {
                k.clone()
            } else {
                return Err(type_error(
                    "keys in translate table must be strings or integers",
                ));
            };
            dict::set_item(vm, &d, key, v)?;
        }
        return Ok(d);
    }
    let x = arg_str(&a[0], "maketrans() argument 1")?;
    let y = arg_str(&a[1], "maketrans() argument 2")?;
    if char_count(x) != char_count(y) {
        return Err(value_error(
            "the first two maketrans arguments must have equal length",
        ));
    }
    for (cx, cy) in x.chars().zip(y.chars()) {
        dict::set_item(vm, &d, int::from_i64(cx as i64), int::from_i64(cy as i64))?;
    }
    if let Some(z) = a.get(2) {
        let z = arg_str(z, "maketrans() argument 3")?;
        for c in z.chars() {
            dict::set_item(vm, &d, int::from_i64(c as i64), none())?;
        }
    }
    Ok(d)
}

fn str_translate(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "translate", 1, 1)?;
    let table = a[0].clone();
    let s = self_str(&args).to_string();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match super::str_format::mapping_get(vm, &table, &int::from_i64(c as i64)) {
            Ok(r) => {
                if r.is_none() {
                    continue;
                }
                if let Some(t) = as_str(&r) {
                    out.push_str(t);
                } else if let Some(i) = int::as_i64(&r) {
                    let ch = u32::try_from(i)
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or_else(|| {
                            value_error("character mapping must be in range(0x110000)")
                        })?;
                    out.push(ch);
                } else {
                    return Err(type_error(
                        "character mapping must return integer, None or str",
                    ));
                }
            }
            Err(e) if e.is_instance(&LOOKUP_ERROR) => out.push(c),
            Err(e) => return Err(e),
        }
    }
    Ok(from_string(out))
}

fn str_format_method(vm: &mut Vm, args: Args) -> PyResult {
    let fmt = self_str(&args).to_string();
    let pos: Vec<Value> = args.positional()[1..].to_vec();
    let kw = if args.has_keywords() {
        let d = dict::new_dict();
        for (k, v) in args.keywords() {
            dict::set_item(vm, &d, k.clone(), v.clone())?;
        }
        Some(d)
    } else {
        None
    };
    Ok(from_string(super::str_format::format(
        vm,
        &fmt,
        &pos,
        kw.as_ref(),
    )?))
}

fn str_format_map(vm: &mut Vm, args: Args) -> PyResult {
    let a = pargs(&args, "format_map", 1, 1)?;
    let fmt = self_str(&args).to_string();
    Ok(from_string(super::str_format::format(
        vm,
        &fmt,
        &[],
        Some(&a[0]),
    )?))
}

fn str_getnewargs(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(tuple::from_array([new_str(self_str(&args))]))
}

pub fn specs() -> Vec<TypeSpec> {
    vec![
        TypeSpec {
            ty: &STR_TYPE,
            methods: methods![
                MethodDef::static_("__new__", str_new),
                MethodDef::method("__repr__", str_repr),
                MethodDef::method("__str__", str_str),
                MethodDef::method("__hash__", str_hash),
                MethodDef::method("__len__", str_len),
                MethodDef::method("__eq__", str_eq),
                MethodDef::method("__ne__", str_ne),
                MethodDef::method("__lt__", str_lt),
                MethodDef::method("__le__", str_le),
                MethodDef::method("__gt__", str_gt),
                MethodDef::method("__ge__", str_ge),
                MethodDef::method("__add__", str_add),
                MethodDef::method("__mul__", str_mul),
                MethodDef::method("__rmul__", str_rmul),
                MethodDef::method("__mod__", str_mod),
                MethodDef::method("__contains__", str_contains),
                MethodDef::method("__getitem__", str_getitem),
                MethodDef::method("__iter__", str_iter),
                MethodDef::method("__getnewargs__", str_getnewargs),
                MethodDef::method("capitalize", str_capitalize),
                MethodDef::method("casefold", str_casefold),
                MethodDef::method("center", str_center),
                MethodDef::method("count", str_count),
                MethodDef::method("encode", str_encode),
                MethodDef::method("endswith", str_endswith),
                MethodDef::method("expandtabs", str_expandtabs),
                MethodDef::method("find", str_find),
                MethodDef::method("format", str_format_method),
                MethodDef::method("format_map", str_format_map),
                MethodDef::method("index", str_index),
                MethodDef::method("isalnum", str_isalnum),
                MethodDef::method("isalpha", str_isalpha),
                MethodDef::method("isascii", str_isascii),
                MethodDef::method("isdecimal", str_isdecimal),
                MethodDef::method("isdigit", str_isdigit),
                MethodDef::method("isidentifier", str_isidentifier),
                MethodDef::method("islower", str_islower),
                MethodDef::method("isnumeric", str_isnumeric),
                MethodDef::method("isprintable", str_isprintable),
                MethodDef::method("isspace", str_isspace),
                MethodDef::method("istitle", str_istitle),
                MethodDef::method("isupper", str_isupper),
                MethodDef::method("join", str_join),
                MethodDef::method("ljust", str_ljust),
                MethodDef::method("lower", str_lower),
                MethodDef::method("lstrip", str_lstrip),
                MethodDef::static_("maketrans", str_maketrans),
                MethodDef::method("partition", str_partition),
                MethodDef::method("removeprefix", str_removeprefix),
                MethodDef::method("removesuffix", str_removesuffix),
                MethodDef::method("replace", str_replace),
                MethodDef::method("rfind", str_rfind),
                MethodDef::method("rindex", str_rindex),
                MethodDef::method("rjust", str_rjust),
                MethodDef::method("rpartition", str_rpartition),
                MethodDef::method("rsplit", str_rsplit),
                MethodDef::method("rstrip", str_rstrip),
                MethodDef::method("split", str_split),
                MethodDef::method("splitlines", str_splitlines),
                MethodDef::method("startswith", str_startswith),
                MethodDef::method("strip", str_strip),
                MethodDef::method("swapcase", str_swapcase),
                MethodDef::method("title", str_title),
                MethodDef::method("translate", str_translate),
                MethodDef::method("upper", str_upper),
                MethodDef::method("zfill", str_zfill),
            ],
            getsets: &[],
            doc: None,
        },
        crate::builtins::methods::iter::native_iter_spec(&STR_ASCII_ITER_TYPE),
        crate::builtins::methods::iter::native_iter_spec(&STR_ITER_TYPE),
    ]
}
