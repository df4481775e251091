//! SRE's matching engine: runs the code that CPython's `re._compiler` emits, as
//! `Modules/_sre/sre_lib.h` runs it. Backtracking keeps its contexts on an explicit stack (no
//! Rust recursion per backtracking point), marks are saved on a data stack, and repeat
//! contexts live in a stack of their own; all three are CPython's design, so matches,
//! captures, `lastindex` and the zero-width rules come out as CPython's do.

use super::code::*;
use crate::unicode::ctype;

/// The engine failed without a result (CPython's negative status codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SreError {
    /// A MAX_UNTIL or MIN_UNTIL without its REPEAT: code the validator let through.
    State,
    /// A signal handler raised; the caller reports the pending exception.
    Interrupted,
}

/// One character of the subject: a byte (bytes, ASCII str) or a code point.
pub trait SreChar: Copy {
    fn code(self) -> u32;
}

impl SreChar for u8 {
    #[inline(always)]
    fn code(self) -> u32 {
        self as u32
    }
}

impl SreChar for u32 {
    #[inline(always)]
    fn code(self) -> u32 {
        self
    }
}

const NONE: isize = -1;

/// A REPEAT's context, shared by the UNTIL at the end of its body.
struct Repeat {
    count: isize,
    /// Where the REPEAT's operands start (its skip).
    pattern: usize,
    prev: Option<usize>,
    last_ptr: isize,
}

/// The matcher's state over one subject: CPython's `SRE_STATE`.
pub struct State {
    pub start: isize,
    pub end: isize,
    pub ptr: isize,
    pub marks: Vec<isize>,
    pub lastmark: isize,
    pub lastindex: isize,
    pub match_all: bool,
    pub must_advance: bool,
    repeat: Option<usize>,
    repeats: Vec<Repeat>,
    data: Vec<isize>,
    /// Suspended contexts of `run`, kept between runs so a search does not allocate per try.
    contexts: Vec<Ctx>,
    steps: u32,
}

impl State {
    /// A state for a pattern with `groups` capturing groups over `start..end`.
    pub fn new(groups: usize, start: usize, end: usize) -> State {
        State {
            start: start as isize,
            end: end as isize,
            ptr: start as isize,
            marks: vec![NONE; 2 * groups + 2],
            lastmark: -1,
            lastindex: -1,
            match_all: false,
            must_advance: false,
            repeat: None,
            repeats: Vec::new(),
            data: Vec::new(),
            contexts: Vec::new(),
            steps: 0,
        }
    }

    /// Forgets the captures of the previous attempt (`state_reset`).
    pub fn reset(&mut self) {
        self.lastmark = -1;
        self.lastindex = -1;
        self.repeat = None;
        self.repeats.clear();
        self.data.clear();
        self.contexts.clear();
    }

    /// The span of capture group `g` (1-based), if it took part in the match.
    pub fn group_span(&self, g: usize) -> Option<(usize, usize)> {
        let j = 2 * (g - 1);
        if (j + 1) as isize <= self.lastmark && self.marks[j] >= 0 && self.marks[j + 1] >= 0 {
            Some((self.marks[j] as usize, self.marks[j + 1] as usize))
        } else {
            None
        }
    }

    fn mark_push(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            self.data.extend_from_slice(&self.marks[..n]);
        }
    }

    fn mark_pop(&mut self, lastmark: isize, discard: bool) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let at = self.data.len() - n;
            self.marks[..n].copy_from_slice(&self.data[at..]);
            if discard {
                self.data.truncate(at);
            }
        }
    }

    fn mark_discard(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            self.data.truncate(self.data.len() - n);
        }
    }
}

/// Checks for signals now and then, as CPython's engine does every 4096 opcodes; the
/// callback runs the handlers and says whether one raised.
pub type Interrupt<'a> = &'a mut dyn FnMut() -> bool;

// ----- character predicates (sre.c) -----

#[inline]
fn is_digit(ch: u32) -> bool {
    (b'0' as u32..=b'9' as u32).contains(&ch)
}

#[inline]
fn is_space(ch: u32) -> bool {
    matches!(ch, 0x20 | 0x09..=0x0D)
}

#[inline]
fn is_word(ch: u32) -> bool {
    ch < 128 && ((ch as u8).is_ascii_alphanumeric() || ch == b'_' as u32)
}

#[inline]
pub fn lower_ascii(ch: u32) -> u32 {
    if ch < 128 {
        (ch as u8).to_ascii_lowercase() as u32
    } else {
        ch
    }
}

#[inline]
fn upper_ascii(ch: u32) -> u32 {
    if ch < 128 {
        (ch as u8).to_ascii_uppercase() as u32
    } else {
        ch
    }
}

// The locale's `tolower`/`toupper`/`isalnum` for bytes: Heron runs in the C locale's character
// classes (and UTF-8 locales classify no byte above 127 either), so they are the ASCII ones.
use is_word as is_loc_word;
use lower_ascii as lower_locale;
use upper_ascii as upper_locale;

/// `Py_UNICODE_TOLOWER`.
#[inline]
pub fn lower_unicode(ch: u32) -> u32 {
    ctype::first_mapped(ch, ctype::Case::Lower)
}

/// `Py_UNICODE_TOUPPER`.
#[inline]
pub fn upper_unicode(ch: u32) -> u32 {
    ctype::first_mapped(ch, ctype::Case::Upper)
}

#[inline]
fn is_uni_word(ch: u32) -> bool {
    if ch < 128 {
        return is_word(ch);
    }
    ctype::is_alnum(ch)
}

fn category(cat: u32, ch: u32) -> bool {
    match cat {
        CATEGORY_DIGIT => is_digit(ch),
        CATEGORY_NOT_DIGIT => !is_digit(ch),
        CATEGORY_SPACE => is_space(ch),
        CATEGORY_NOT_SPACE => !is_space(ch),
        CATEGORY_WORD => is_word(ch),
        CATEGORY_NOT_WORD => !is_word(ch),
        CATEGORY_LINEBREAK => ch == b'\n' as u32,
        CATEGORY_NOT_LINEBREAK => ch != b'\n' as u32,
        CATEGORY_LOC_WORD => is_loc_word(ch),
        CATEGORY_LOC_NOT_WORD => !is_loc_word(ch),
        CATEGORY_UNI_DIGIT => ctype::is_decimal(ch),
        CATEGORY_UNI_NOT_DIGIT => !ctype::is_decimal(ch),
        CATEGORY_UNI_SPACE => ctype::is_space(ch),
        CATEGORY_UNI_NOT_SPACE => !ctype::is_space(ch),
        CATEGORY_UNI_WORD => is_uni_word(ch),
        CATEGORY_UNI_NOT_WORD => !is_uni_word(ch),
        CATEGORY_UNI_LINEBREAK => ctype::is_linebreak(ch),
        CATEGORY_UNI_NOT_LINEBREAK => !ctype::is_linebreak(ch),
        _ => false,
    }
}

#[inline]
fn char_loc_ignore(pattern: u32, ch: u32) -> bool {
    ch == pattern || lower_locale(ch) == pattern || upper_locale(ch) == pattern
}

/// Whether `ch` is in the set at `code[set..]` (`SRE(charset)`).
fn charset(code: &[u32], mut set: usize, ch: u32) -> bool {
    let mut ok = true;
    loop {
        let op = code[set];
        set += 1;
        match op {
            FAILURE => return !ok,
            LITERAL => {
                if ch == code[set] {
                    return ok;
                }
                set += 1;
            }
            CATEGORY => {
                if category(code[set], ch) {
                    return ok;
                }
                set += 1;
            }
            CHARSET => {
                if ch < 256 && code[set + (ch / 32) as usize] & (1u32 << (ch & 31)) != 0 {
                    return ok;
                }
                set += 256 / 32;
            }
            RANGE => {
                if code[set] <= ch && ch <= code[set + 1] {
                    return ok;
                }
                set += 2;
            }
            RANGE_UNI_IGNORE => {
                if code[set] <= ch && ch <= code[set + 1] {
                    return ok;
                }
                let uch = upper_unicode(ch);
                if code[set] <= uch && uch <= code[set + 1] {
                    return ok;
                }
                set += 2;
            }
            NEGATE => ok = !ok,
            BIGCHARSET => {
                let count = code[set] as usize;
                set += 1;
                let block = if ch < 0x10000 {
                    Some(block_index(code, set, (ch >> 8) as usize))
                } else {
                    None
                };
                set += 256 / 4;
                if let Some(block) = block {
                    let bit = block * 256 + (ch & 255) as usize;
                    if code[set + bit / 32] & (1u32 << (bit & 31)) != 0 {
                        return ok;
                    }
                }
                set += count * (256 / 32);
            }
            _ => return false,
        }
    }
}

/// Byte `i` of BIGCHARSET's 256-byte block table, packed into code words in the machine's
/// byte order (as `re._compiler` packs it).
#[inline]
pub fn block_index(code: &[u32], table: usize, i: usize) -> usize {
    code[table + i / 4].to_ne_bytes()[i % 4] as usize
}

fn charset_loc_ignore(code: &[u32], set: usize, ch: u32) -> bool {
    let lo = lower_locale(ch);
    if charset(code, set, lo) {
        return true;
    }
    let up = upper_locale(ch);
    up != lo && charset(code, set, up)
}

fn at<C: SreChar>(st: &State, s: &[C], ptr: isize, at: u32) -> bool {
    let end = st.end;
    let ch = |i: isize| s[i as usize].code();
    // Word boundaries never match in an empty subject (CPython: `beginning == end`).
    let boundary = |word: fn(u32) -> bool| -> Option<bool> {
        if end == 0 {
            return None;
        }
        let that = ptr > 0 && word(ch(ptr - 1));
        let this = ptr < end && word(ch(ptr));
        Some(this != that)
    };
    match at {
        AT_BEGINNING | AT_BEGINNING_STRING => ptr == 0,
        AT_BEGINNING_LINE => ptr == 0 || ch(ptr - 1) == b'\n' as u32,
        AT_END => (end - ptr == 1 && ch(ptr) == b'\n' as u32) || ptr == end,
        AT_END_LINE => ptr == end || ch(ptr) == b'\n' as u32,
        AT_END_STRING => ptr == end,
        AT_BOUNDARY => boundary(is_word) == Some(true),
        AT_NON_BOUNDARY => boundary(is_word) == Some(false),
        AT_LOC_BOUNDARY => boundary(is_loc_word) == Some(true),
        AT_LOC_NON_BOUNDARY => boundary(is_loc_word) == Some(false),
        AT_UNI_BOUNDARY => boundary(is_uni_word) == Some(true),
        AT_UNI_NON_BOUNDARY => boundary(is_uni_word) == Some(false),
        _ => false,
    }
}

/// How many times the single-character item at `code[pc..]` matches from `st.ptr`, at most
/// `maxcount` (`SRE(count)`).
fn count<C: SreChar>(
    st: &mut State,
    s: &[C],
    code: &[u32],
    pc: usize,
    maxcount: u32,
    interrupt: Interrupt,
) -> Result<isize, SreError> {
    let start = st.ptr;
    let mut ptr = start;
    let mut end = st.end;
    if maxcount != MAXREPEAT && (maxcount as isize) < end - ptr {
        end = ptr + maxcount as isize;
    }
    let ch = |i: isize| s[i as usize].code();
    match code[pc] {
        IN => {
            while ptr < end && charset(code, pc + 2, ch(ptr)) {
                ptr += 1;
            }
        }
        IN_IGNORE => {
            while ptr < end && charset(code, pc + 2, lower_ascii(ch(ptr))) {
                ptr += 1;
            }
        }
        IN_UNI_IGNORE => {
            while ptr < end && charset(code, pc + 2, lower_unicode(ch(ptr))) {
                ptr += 1;
            }
        }
        ANY => {
            while ptr < end && ch(ptr) != b'\n' as u32 {
                ptr += 1;
            }
        }
        ANY_ALL => ptr = end,
        LITERAL => {
            let c = code[pc + 1];
            while ptr < end && ch(ptr) == c {
                ptr += 1;
            }
        }
        LITERAL_IGNORE => {
            let c = code[pc + 1];
            while ptr < end && lower_ascii(ch(ptr)) == c {
                ptr += 1;
            }
        }
        LITERAL_UNI_IGNORE => {
            let c = code[pc + 1];
            while ptr < end && lower_unicode(ch(ptr)) == c {
                ptr += 1;
            }
        }
        LITERAL_LOC_IGNORE => {
            let c = code[pc + 1];
            while ptr < end && char_loc_ignore(c, ch(ptr)) {
                ptr += 1;
            }
        }
        NOT_LITERAL => {
            let c = code[pc + 1];
            while ptr < end && ch(ptr) != c {
                ptr += 1;
            }
        }
        NOT_LITERAL_IGNORE => {
            let c = code[pc + 1];
            while ptr < end && lower_ascii(ch(ptr)) != c {
                ptr += 1;
            }
        }
        NOT_LITERAL_UNI_IGNORE => {
            let c = code[pc + 1];
            while ptr < end && lower_unicode(ch(ptr)) != c {
                ptr += 1;
            }
        }
        NOT_LITERAL_LOC_IGNORE => {
            let c = code[pc + 1];
            while ptr < end && !char_loc_ignore(c, ch(ptr)) {
                ptr += 1;
            }
        }
        _ => {
            // Any other one-character item: run it as a sub-pattern.
            while st.ptr < end {
                if !run(st, s, code, pc, false, interrupt)? {
                    break;
                }
            }
            return Ok(st.ptr - start);
        }
    }
    Ok(ptr - start)
}

/// Where a context resumes once the context it started returns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Jump {
    None,
    MaxUntil1,
    MaxUntil2,
    MaxUntil3,
    MinUntil1,
    MinUntil2,
    MinUntil3,
    Repeat,
    RepeatOne1,
    RepeatOne2,
    MinRepeatOne,
    Branch,
    Assert,
    AssertNot,
    PossRepeat1,
    PossRepeat2,
    AtomicGroup,
}

/// One backtracking point: CPython's `match_context`.
#[derive(Clone, Copy)]
struct Ctx {
    count: isize,
    /// The repeat context (REPEAT, the UNTILs) or the tail's first literal (REPEAT_ONE).
    aux: usize,
    lastmark: isize,
    lastindex: isize,
    pattern: usize,
    ptr: isize,
    toplevel: bool,
    jump: Jump,
}

impl Ctx {
    fn new(pattern: usize, toplevel: bool, jump: Jump) -> Ctx {
        Ctx {
            count: 0,
            aux: 0,
            lastmark: -1,
            lastindex: -1,
            pattern,
            ptr: 0,
            toplevel,
            jump,
        }
    }
}

/// What the dispatcher does next.
enum Next {
    /// Start the current context: the INFO check, then dispatch.
    Enter,
    Dispatch,
    /// The current context returns `ret` to its parent.
    Exit,
    Resume(Jump),
    BranchLoop,
    RepeatOneLiteral,
    RepeatOneGeneral,
    MinRepeatOneLoop,
    MaxUntilTail,
    PossMin,
    PossLoop,
    PossTail,
}

/// Matches the code at `code[pc..]` at `st.ptr` (`SRE(match)`): on success `st.ptr` is the
/// end of the match and the marks hold the captures.
pub fn run<C: SreChar>(
    st: &mut State,
    s: &[C],
    code: &[u32],
    pc: usize,
    toplevel: bool,
    interrupt: Interrupt,
) -> Result<bool, SreError> {
    let end = st.end;
    let ch = |i: isize| s[i as usize].code();
    // Contexts below `base` belong to an outer run (`count` runs items as sub-patterns).
    let base = st.contexts.len();
    let mut c = Ctx::new(pc, toplevel, Jump::None);
    let mut pc = pc;
    let mut ptr = st.ptr;
    let mut ret = false;
    let mut next = Next::Enter;

    macro_rules! fail {
        () => {{
            ret = false;
            next = Next::Exit;
            continue;
        }};
    }
    macro_rules! succeed {
        () => {{
            ret = true;
            next = Next::Exit;
            continue;
        }};
    }
    macro_rules! jump {
        ($kind:expr, $target:expr, $toplevel:expr) => {{
            c.pattern = pc;
            c.ptr = ptr;
            let target = $target;
            let toplevel = $toplevel;
            st.contexts.push(c);
            c = Ctx::new(target, toplevel, $kind);
            next = Next::Enter;
            continue;
        }};
    }
    macro_rules! lastmark_save {
        () => {{
            c.lastmark = st.lastmark;
            c.lastindex = st.lastindex;
        }};
    }
    macro_rules! lastmark_restore {
        () => {{
            st.lastmark = c.lastmark;
            st.lastindex = c.lastindex;
        }};
    }
    // After a backtracking point returns: its success is ours; on failure the marks saved
    // before it are restored (kept on the data stack for the next try).
    macro_rules! succeed_or_restore {
        () => {{
            if ret {
                if st.repeat.is_some() {
                    st.mark_discard(c.lastmark);
                }
                succeed!();
            }
            if st.repeat.is_some() {
                st.mark_pop(c.lastmark, false);
            }
            lastmark_restore!();
        }};
    }

    loop {
        match next {
            Next::Enter => {
                ptr = st.ptr;
                pc = c.pattern;
                if code[pc] == INFO {
                    let min = code[pc + 3];
                    if min != 0 && ((end - ptr) as usize) < min as usize {
                        fail!();
                    }
                    pc += code[pc + 1] as usize + 1;
                }
                next = Next::Dispatch;
            }
            Next::Dispatch => {
                st.steps = st.steps.wrapping_add(1);
                if st.steps & 0xfff == 0 && interrupt() {
                    return Err(SreError::Interrupted);
                }
                let op = code[pc];
                pc += 1;
                match op {
                    MARK => {
                        let i = code[pc] as isize;
                        if i & 1 != 0 {
                            st.lastindex = i / 2 + 1;
                        }
                        if i > st.lastmark {
                            for j in (st.lastmark + 1)..i {
                                st.marks[j as usize] = NONE;
                            }
                            st.lastmark = i;
                        }
                        st.marks[i as usize] = ptr;
                        pc += 1;
                    }
                    LITERAL => {
                        if ptr >= end || ch(ptr) != code[pc] {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    NOT_LITERAL => {
                        if ptr >= end || ch(ptr) == code[pc] {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    SUCCESS => {
                        if c.toplevel
                            && ((st.match_all && ptr != st.end)
                                || (st.must_advance && ptr == st.start))
                        {
                            fail!();
                        }
                        st.ptr = ptr;
                        succeed!();
                    }
                    AT => {
                        if !at(st, s, ptr, code[pc]) {
                            fail!();
                        }
                        pc += 1;
                    }
                    CATEGORY => {
                        if ptr >= end || !category(code[pc], ch(ptr)) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    ANY => {
                        if ptr >= end || ch(ptr) == b'\n' as u32 {
                            fail!();
                        }
                        ptr += 1;
                    }
                    ANY_ALL => {
                        if ptr >= end {
                            fail!();
                        }
                        ptr += 1;
                    }
                    IN => {
                        if ptr >= end || !charset(code, pc + 1, ch(ptr)) {
                            fail!();
                        }
                        pc += code[pc] as usize;
                        ptr += 1;
                    }
                    LITERAL_IGNORE => {
                        if ptr >= end || lower_ascii(ch(ptr)) != code[pc] {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    LITERAL_UNI_IGNORE => {
                        if ptr >= end || lower_unicode(ch(ptr)) != code[pc] {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    LITERAL_LOC_IGNORE => {
                        if ptr >= end || !char_loc_ignore(code[pc], ch(ptr)) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    NOT_LITERAL_IGNORE => {
                        if ptr >= end || lower_ascii(ch(ptr)) == code[pc] {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    NOT_LITERAL_UNI_IGNORE => {
                        if ptr >= end || lower_unicode(ch(ptr)) == code[pc] {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    NOT_LITERAL_LOC_IGNORE => {
                        if ptr >= end || char_loc_ignore(code[pc], ch(ptr)) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    IN_IGNORE => {
                        if ptr >= end || !charset(code, pc + 1, lower_ascii(ch(ptr))) {
                            fail!();
                        }
                        pc += code[pc] as usize;
                        ptr += 1;
                    }
                    IN_UNI_IGNORE => {
                        if ptr >= end || !charset(code, pc + 1, lower_unicode(ch(ptr))) {
                            fail!();
                        }
                        pc += code[pc] as usize;
                        ptr += 1;
                    }
                    IN_LOC_IGNORE => {
                        if ptr >= end || !charset_loc_ignore(code, pc + 1, ch(ptr)) {
                            fail!();
                        }
                        pc += code[pc] as usize;
                        ptr += 1;
                    }
                    JUMP | INFO => {
                        pc += code[pc] as usize;
                    }
                    BRANCH => {
                        // <BRANCH> <0=skip> code <JUMP> ... <NULL>
                        lastmark_save!();
                        if st.repeat.is_some() {
                            st.mark_push(c.lastmark);
                        }
                        next = Next::BranchLoop;
                    }
                    REPEAT_ONE => {
                        // <REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail
                        let min = code[pc + 1] as isize;
                        if min > end - ptr {
                            fail!();
                        }
                        st.ptr = ptr;
                        let n = count(st, s, code, pc + 3, code[pc + 2], interrupt)?;
                        c.count = n;
                        ptr += n;
                        if n < min {
                            fail!();
                        }
                        let tail = pc + code[pc] as usize;
                        if code[tail] == SUCCESS
                            && ptr == st.end
                            && !(c.toplevel && st.must_advance && ptr == st.start)
                        {
                            st.ptr = ptr;
                            succeed!();
                        }
                        lastmark_save!();
                        if st.repeat.is_some() {
                            st.mark_push(c.lastmark);
                        }
                        if code[tail] == LITERAL {
                            c.aux = code[tail + 1] as usize;
                            next = Next::RepeatOneLiteral;
                        } else {
                            next = Next::RepeatOneGeneral;
                        }
                    }
                    MIN_REPEAT_ONE => {
                        // <MIN_REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail
                        let min = code[pc + 1] as isize;
                        if min > end - ptr {
                            fail!();
                        }
                        st.ptr = ptr;
                        if min == 0 {
                            c.count = 0;
                        } else {
                            let n = count(st, s, code, pc + 3, code[pc + 1], interrupt)?;
                            if n < min {
                                fail!();
                            }
                            c.count = n;
                            ptr += n;
                        }
                        let tail = pc + code[pc] as usize;
                        if code[tail] == SUCCESS
                            && !(c.toplevel
                                && ((st.match_all && ptr != st.end)
                                    || (st.must_advance && ptr == st.start)))
                        {
                            st.ptr = ptr;
                            succeed!();
                        }
                        lastmark_save!();
                        if st.repeat.is_some() {
                            st.mark_push(c.lastmark);
                        }
                        next = Next::MinRepeatOneLoop;
                    }
                    POSSESSIVE_REPEAT_ONE => {
                        let min = code[pc + 1] as isize;
                        if ptr + min > end {
                            fail!();
                        }
                        st.ptr = ptr;
                        let n = count(st, s, code, pc + 3, code[pc + 2], interrupt)?;
                        c.count = n;
                        ptr += n;
                        if n < min {
                            fail!();
                        }
                        pc += code[pc] as usize;
                        if code[pc] == SUCCESS
                            && ptr == st.end
                            && !(c.toplevel && st.must_advance && ptr == st.start)
                        {
                            st.ptr = ptr;
                            succeed!();
                        }
                    }
                    REPEAT => {
                        // <REPEAT> <skip> <1=min> <2=max> <3=repeat_index> item <UNTIL> tail
                        st.repeats.push(Repeat {
                            count: -1,
                            pattern: pc,
                            prev: st.repeat,
                            last_ptr: isize::MIN,
                        });
                        let r = st.repeats.len() - 1;
                        c.aux = r;
                        st.repeat = Some(r);
                        st.ptr = ptr;
                        jump!(Jump::Repeat, pc + code[pc] as usize, c.toplevel);
                    }
                    MAX_UNTIL => {
                        let Some(r) = st.repeat else {
                            return Err(SreError::State);
                        };
                        c.aux = r;
                        st.ptr = ptr;
                        c.count = st.repeats[r].count + 1;
                        let rp = st.repeats[r].pattern;
                        if c.count < code[rp + 1] as isize {
                            st.repeats[r].count = c.count;
                            jump!(Jump::MaxUntil1, rp + 3, c.toplevel);
                        }
                        let max = code[rp + 2];
                        if (c.count < max as isize || max == MAXREPEAT)
                            && st.ptr != st.repeats[r].last_ptr
                        {
                            st.repeats[r].count = c.count;
                            lastmark_save!();
                            st.mark_push(c.lastmark);
                            st.data.push(st.repeats[r].last_ptr);
                            st.repeats[r].last_ptr = st.ptr;
                            jump!(Jump::MaxUntil2, rp + 3, c.toplevel);
                        }
                        next = Next::MaxUntilTail;
                    }
                    MIN_UNTIL => {
                        let Some(r) = st.repeat else {
                            return Err(SreError::State);
                        };
                        c.aux = r;
                        st.ptr = ptr;
                        c.count = st.repeats[r].count + 1;
                        let rp = st.repeats[r].pattern;
                        if c.count < code[rp + 1] as isize {
                            st.repeats[r].count = c.count;
                            jump!(Jump::MinUntil1, rp + 3, c.toplevel);
                        }
                        st.repeat = st.repeats[r].prev;
                        lastmark_save!();
                        if st.repeat.is_some() {
                            st.mark_push(c.lastmark);
                        }
                        jump!(Jump::MinUntil2, pc, c.toplevel);
                    }
                    POSSESSIVE_REPEAT => {
                        // <POSSESSIVE_REPEAT> <skip> <1=min> <2=max> pattern <SUCCESS> tail
                        st.ptr = ptr;
                        c.count = 0;
                        next = Next::PossMin;
                    }
                    ATOMIC_GROUP => {
                        // <ATOMIC_GROUP> <skip> pattern <SUCCESS> tail
                        st.ptr = ptr;
                        jump!(Jump::AtomicGroup, pc + 1, false);
                    }
                    GROUPREF | GROUPREF_IGNORE | GROUPREF_UNI_IGNORE | GROUPREF_LOC_IGNORE => {
                        let g = 2 * code[pc] as isize;
                        if g >= st.lastmark {
                            fail!();
                        }
                        let (mut p, e) = (st.marks[g as usize], st.marks[g as usize + 1]);
                        if p < 0 || e < 0 || e < p {
                            fail!();
                        }
                        let fold: fn(u32) -> u32 = match op {
                            GROUPREF => |c| c,
                            GROUPREF_IGNORE => lower_ascii,
                            GROUPREF_UNI_IGNORE => lower_unicode,
                            _ => lower_locale,
                        };
                        let mut matched = true;
                        while p < e {
                            if ptr >= end || fold(ch(ptr)) != fold(ch(p)) {
                                matched = false;
                                break;
                            }
                            p += 1;
                            ptr += 1;
                        }
                        if !matched {
                            fail!();
                        }
                        pc += 1;
                    }
                    GROUPREF_EXISTS => {
                        // <GROUPREF_EXISTS> <group> <skip> codeyes <JUMP> codeno ...
                        let g = 2 * code[pc] as isize;
                        let exists = g < st.lastmark && {
                            let (p, e) = (st.marks[g as usize], st.marks[g as usize + 1]);
                            p >= 0 && e >= 0 && e >= p
                        };
                        if exists {
                            pc += 2;
                        } else {
                            pc += code[pc + 1] as usize;
                        }
                    }
                    ASSERT => {
                        // <ASSERT> <skip> <back> <pattern>
                        let back = code[pc + 1] as isize;
                        if ptr < back {
                            fail!();
                        }
                        st.ptr = ptr - back;
                        jump!(Jump::Assert, pc + 2, false);
                    }
                    ASSERT_NOT => {
                        let back = code[pc + 1] as isize;
                        if ptr >= back {
                            st.ptr = ptr - back;
                            lastmark_save!();
                            if st.repeat.is_some() {
                                st.mark_push(c.lastmark);
                            }
                            jump!(Jump::AssertNot, pc + 2, false);
                        }
                        pc += code[pc] as usize;
                    }
                    FAILURE => fail!(),
                    _ => return Err(SreError::State),
                }
            }
            Next::Exit => {
                let kind = c.jump;
                if st.contexts.len() == base {
                    return Ok(ret);
                }
                match st.contexts.pop() {
                    None => return Ok(ret),
                    Some(parent) => {
                        c = parent;
                        pc = c.pattern;
                        ptr = c.ptr;
                        next = Next::Resume(kind);
                    }
                }
            }
            Next::Resume(kind) => match kind {
                Jump::None => return Ok(ret),
                Jump::Branch => {
                    succeed_or_restore!();
                    pc += code[pc] as usize;
                    next = Next::BranchLoop;
                }
                Jump::RepeatOne1 | Jump::RepeatOne2 => {
                    succeed_or_restore!();
                    ptr -= 1;
                    c.count -= 1;
                    next = if kind == Jump::RepeatOne1 {
                        Next::RepeatOneLiteral
                    } else {
                        Next::RepeatOneGeneral
                    };
                }
                Jump::MinRepeatOne => {
                    succeed_or_restore!();
                    st.ptr = ptr;
                    let n = count(st, s, code, pc + 3, 1, interrupt)?;
                    if n == 0 {
                        if st.repeat.is_some() {
                            st.mark_discard(c.lastmark);
                        }
                        fail!();
                    }
                    ptr += 1;
                    c.count += 1;
                    next = Next::MinRepeatOneLoop;
                }
                Jump::Repeat => {
                    let r = c.aux;
                    st.repeat = st.repeats[r].prev;
                    st.repeats.truncate(r);
                    if ret {
                        succeed!();
                    }
                    fail!();
                }
                Jump::MaxUntil1 | Jump::MinUntil1 => {
                    if ret {
                        succeed!();
                    }
                    st.repeats[c.aux].count = c.count - 1;
                    st.ptr = ptr;
                    fail!();
                }
                Jump::MaxUntil2 => {
                    let r = c.aux;
                    st.repeats[r].last_ptr = st.data.pop().unwrap_or(isize::MIN);
                    if ret {
                        st.mark_discard(c.lastmark);
                        succeed!();
                    }
                    st.mark_pop(c.lastmark, true);
                    lastmark_restore!();
                    st.repeats[r].count = c.count - 1;
                    st.ptr = ptr;
                    next = Next::MaxUntilTail;
                }
                Jump::MaxUntil3 => {
                    st.repeat = Some(c.aux);
                    if ret {
                        succeed!();
                    }
                    st.ptr = ptr;
                    fail!();
                }
                Jump::MinUntil2 => {
                    let r = c.aux;
                    let repeat_of_tail = st.repeat.is_some();
                    st.repeat = Some(r);
                    if ret {
                        if repeat_of_tail {
                            st.mark_discard(c.lastmark);
                        }
                        succeed!();
                    }
                    if repeat_of_tail {
                        st.mark_pop(c.lastmark, true);
                    }
                    lastmark_restore!();
                    st.ptr = ptr;
                    let rp = st.repeats[r].pattern;
                    let max = code[rp + 2];
                    if (c.count >= max as isize && max != MAXREPEAT)
                        || st.ptr == st.repeats[r].last_ptr
                    {
                        fail!();
                    }
                    st.repeats[r].count = c.count;
                    st.data.push(st.repeats[r].last_ptr);
                    st.repeats[r].last_ptr = st.ptr;
                    jump!(Jump::MinUntil3, rp + 3, c.toplevel);
                }
                Jump::MinUntil3 => {
                    let r = c.aux;
                    st.repeats[r].last_ptr = st.data.pop().unwrap_or(isize::MIN);
                    if ret {
                        succeed!();
                    }
                    st.repeats[r].count = c.count - 1;
                    st.ptr = ptr;
                    fail!();
                }
                Jump::PossRepeat1 => {
                    if ret {
                        c.count += 1;
                        next = Next::PossMin;
                    } else {
                        st.ptr = ptr;
                        fail!();
                    }
                }
                Jump::PossRepeat2 => {
                    if ret {
                        st.mark_discard(c.lastmark);
                        c.count += 1;
                        next = Next::PossLoop;
                    } else {
                        st.mark_pop(c.lastmark, true);
                        lastmark_restore!();
                        st.ptr = ptr;
                        next = Next::PossTail;
                    }
                }
                Jump::AtomicGroup => {
                    if !ret {
                        st.ptr = ptr;
                        fail!();
                    }
                    pc += code[pc] as usize;
                    ptr = st.ptr;
                    next = Next::Dispatch;
                }
                Jump::Assert => {
                    if !ret {
                        fail!();
                    }
                    pc += code[pc] as usize;
                    next = Next::Dispatch;
                }
                Jump::AssertNot => {
                    if ret {
                        if st.repeat.is_some() {
                            st.mark_discard(c.lastmark);
                        }
                        fail!();
                    }
                    if st.repeat.is_some() {
                        st.mark_pop(c.lastmark, true);
                    }
                    lastmark_restore!();
                    pc += code[pc] as usize;
                    next = Next::Dispatch;
                }
            },
            Next::BranchLoop => {
                // `pc` is at the skip of the next alternative.
                loop {
                    if code[pc] == 0 {
                        break;
                    }
                    let first = code[pc + 1];
                    let skip = (first == LITERAL && (ptr >= end || ch(ptr) != code[pc + 2]))
                        || (first == IN && (ptr >= end || !charset(code, pc + 3, ch(ptr))));
                    if skip {
                        pc += code[pc] as usize;
                        continue;
                    }
                    break;
                }
                if code[pc] == 0 {
                    if st.repeat.is_some() {
                        st.mark_discard(c.lastmark);
                    }
                    fail!();
                }
                st.ptr = ptr;
                jump!(Jump::Branch, pc + 1, c.toplevel);
            }
            Next::RepeatOneLiteral => {
                let min = code[pc + 1] as isize;
                let chr = c.aux as u32;
                while c.count >= min && (ptr >= end || ch(ptr) != chr) {
                    ptr -= 1;
                    c.count -= 1;
                }
                if c.count < min {
                    if st.repeat.is_some() {
                        st.mark_discard(c.lastmark);
                    }
                    fail!();
                }
                st.ptr = ptr;
                jump!(Jump::RepeatOne1, pc + code[pc] as usize, c.toplevel);
            }
            Next::RepeatOneGeneral => {
                let min = code[pc + 1] as isize;
                if c.count >= min {
                    st.ptr = ptr;
                    jump!(Jump::RepeatOne2, pc + code[pc] as usize, c.toplevel);
                }
                if st.repeat.is_some() {
                    st.mark_discard(c.lastmark);
                }
                fail!();
            }
            Next::MinRepeatOneLoop => {
                let max = code[pc + 2];
                if max == MAXREPEAT || c.count <= max as isize {
                    st.ptr = ptr;
                    jump!(Jump::MinRepeatOne, pc + code[pc] as usize, c.toplevel);
                }
                if st.repeat.is_some() {
                    st.mark_discard(c.lastmark);
                }
                fail!();
            }
            Next::MaxUntilTail => {
                let r = c.aux;
                st.repeat = st.repeats[r].prev;
                jump!(Jump::MaxUntil3, pc, c.toplevel);
            }
            Next::PossMin => {
                if c.count < code[pc + 1] as isize {
                    jump!(Jump::PossRepeat1, pc + 3, false);
                }
                ptr = isize::MIN;
                next = Next::PossLoop;
            }
            Next::PossLoop => {
                let max = code[pc + 2];
                if (c.count < max as isize || max == MAXREPEAT) && st.ptr != ptr {
                    lastmark_save!();
                    st.mark_push(c.lastmark);
                    ptr = st.ptr;
                    jump!(Jump::PossRepeat2, pc + 3, false);
                }
                next = Next::PossTail;
            }
            Next::PossTail => {
                pc += code[pc] as usize + 1;
                ptr = st.ptr;
                next = Next::Dispatch;
            }
        }
    }
}

/// Searches for the first position in `st.start..` where the pattern matches
/// (`SRE(search)`), using the INFO block's prefix or first-character set to skip ahead.
pub fn search<C: SreChar>(
    st: &mut State,
    s: &[C],
    code: &[u32],
    interrupt: Interrupt,
) -> Result<bool, SreError> {
    let mut ptr = st.start;
    let mut end = st.end;
    if ptr > end {
        return Ok(false);
    }
    let mut pc = 0;
    let mut flags = 0;
    let mut prefix: Option<(usize, usize, usize)> = None;
    let mut set: Option<usize> = None;
    if code[0] == INFO {
        flags = code[2];
        let min = code[3] as isize;
        if min != 0 && end - ptr < min {
            return Ok(false);
        }
        if min > 1 {
            end -= min - 1;
            if end <= ptr {
                end = ptr;
            }
        }
        if flags & INFO_PREFIX != 0 {
            // <length> <skip> <prefix data> <overlap data>
            prefix = Some((code[5] as usize, code[6] as usize, 7));
        } else if flags & INFO_CHARSET != 0 {
            set = Some(5);
        }
        pc = 1 + code[1] as usize;
    }
    let ch = |i: isize| s[i as usize].code();

    if let Some((len, skip, at)) = prefix {
        let end = st.end;
        st.must_advance = false;
        if len == 1 {
            let c = code[at];
            while ptr < end {
                while ch(ptr) != c {
                    ptr += 1;
                    if ptr >= end {
                        return Ok(false);
                    }
                }
                st.start = ptr;
                st.ptr = ptr + skip as isize;
                if flags & INFO_LITERAL != 0 {
                    return Ok(true);
                }
                if run(st, s, code, pc + 2 * skip, false, interrupt)? {
                    return Ok(true);
                }
                ptr += 1;
                st.reset();
            }
            return Ok(false);
        }
        if len as isize > end - ptr {
            return Ok(false);
        }
        // CPython's `overlap` points one before the table: overlap[i] is table[i - 1].
        let overlap = at + len - 1;
        while ptr < end {
            let c = code[at];
            loop {
                let here = ch(ptr);
                ptr += 1;
                if here == c {
                    break;
                }
                if ptr >= end {
                    return Ok(false);
                }
            }
            if ptr >= end {
                return Ok(false);
            }
            let mut i = 1;
            loop {
                if ch(ptr) == code[at + i] {
                    i += 1;
                    if i != len {
                        ptr += 1;
                        if ptr >= end {
                            return Ok(false);
                        }
                        continue;
                    }
                    st.start = ptr - (len as isize - 1);
                    st.ptr = ptr - (len as isize - skip as isize - 1);
                    if flags & INFO_LITERAL != 0 {
                        return Ok(true);
                    }
                    if run(st, s, code, pc + 2 * skip, false, interrupt)? {
                        return Ok(true);
                    }
                    ptr += 1;
                    if ptr >= end {
                        return Ok(false);
                    }
                    st.reset();
                }
                i = code[overlap + i] as usize;
                if i == 0 {
                    break;
                }
            }
        }
        return Ok(false);
    }

    if let Some(set) = set {
        let end = st.end;
        st.must_advance = false;
        loop {
            while ptr < end && !charset(code, set, ch(ptr)) {
                ptr += 1;
            }
            if ptr >= end {
                return Ok(false);
            }
            st.start = ptr;
            st.ptr = ptr;
            if run(st, s, code, pc, false, interrupt)? {
                return Ok(true);
            }
            ptr += 1;
            st.reset();
        }
    }

    st.start = ptr;
    st.ptr = ptr;
    let mut found = run(st, s, code, pc, true, interrupt)?;
    st.must_advance = false;
    if !found && code[pc] == AT && matches!(code[pc + 1], AT_BEGINNING | AT_BEGINNING_STRING) {
        st.start = st.end;
        st.ptr = st.end;
        return Ok(false);
    }
    while !found && ptr < end {
        ptr += 1;
        st.reset();
        st.start = ptr;
        st.ptr = ptr;
        found = run(st, s, code, pc, false, interrupt)?;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u32 = MAXREPEAT;

    fn never() -> bool {
        false
    }

    /// The span of the first search hit of `code` in `text`, and its groups' spans.
    fn search_in(code: &[u32], groups: usize, text: &str) -> Option<(isize, isize, Vec<isize>)> {
        let s = text.as_bytes();
        let mut st = State::new(groups, 0, s.len());
        let mut interrupt = never;
        let found = search(&mut st, s, code, &mut interrupt).expect("no engine error");
        let spans = (1..=groups)
            .flat_map(|g| match st.group_span(g) {
                Some((a, b)) => [a as isize, b as isize],
                None => [NONE, NONE],
            })
            .collect();
        found.then_some((st.start, st.ptr, spans))
    }

    // Code below is what CPython 3.11's `re._compiler._code` emits for each pattern.

    #[test]
    fn greedy_repeat_backtracks_to_the_tail() {
        // a+b
        let code = [
            INFO, 4, 0, 2, MAX, REPEAT_ONE, 6, 1, MAX, LITERAL, 97, SUCCESS, LITERAL, 98, SUCCESS,
        ];
        assert_eq!(search_in(&code, 0, "xaaab"), Some((1, 5, vec![])));
        assert_eq!(search_in(&code, 0, "aaa"), None);
    }

    #[test]
    fn repeated_group_keeps_its_last_iteration() {
        // (a|b)*c
        let code = [
            INFO, 4, 0, 1, MAX, REPEAT, 13, 0, MAX, MARK, 0, IN, 5, RANGE, 97, 98, FAILURE, MARK,
            1, MAX_UNTIL, LITERAL, 99, SUCCESS,
        ];
        assert_eq!(search_in(&code, 1, "abac"), Some((0, 4, vec![2, 3])));
        assert_eq!(search_in(&code, 1, "c"), Some((0, 1, vec![NONE, NONE])));
    }

    #[test]
    fn lookahead_and_conditional_groups() {
        // x(?=y)
        let ahead = [
            INFO, 8, 1, 1, 1, 1, 1, 120, 0, LITERAL, 120, ASSERT, 5, 0, LITERAL, 121, SUCCESS,
            SUCCESS,
        ];
        assert_eq!(search_in(&ahead, 0, "xzxy"), Some((2, 3, vec![])));
        // (a)(?(1)b|c)
        let cond = [
            INFO,
            8,
            1,
            2,
            2,
            1,
            0,
            97,
            0,
            MARK,
            0,
            LITERAL,
            97,
            MARK,
            1,
            GROUPREF_EXISTS,
            0,
            6,
            LITERAL,
            98,
            JUMP,
            3,
            LITERAL,
            99,
            SUCCESS,
        ];
        assert_eq!(search_in(&cond, 1, "zab"), Some((1, 3, vec![1, 2])));
        assert_eq!(search_in(&cond, 1, "ac"), None);
    }

    #[test]
    fn case_insensitive_literals_fold_unicode() {
        // (?i)abc
        let code = [
            INFO,
            4,
            0,
            3,
            3,
            LITERAL_UNI_IGNORE,
            97,
            LITERAL_UNI_IGNORE,
            98,
            LITERAL_UNI_IGNORE,
            99,
            SUCCESS,
        ];
        assert_eq!(search_in(&code, 0, "xAbC"), Some((1, 4, vec![])));
        assert_eq!(lower_unicode(0x130), 0x69);
        assert_eq!(upper_unicode(0xDF), 0x53);
    }
}
