//! A backtracking matcher: the parsed pattern is compiled to a small instruction list and run
//! with an explicit backtrack stack, so long inputs need no deep Rust recursion. Semantics are
//! CPython's `_sre`: leftmost-first alternation, greedy/lazy repeats, captures keep the value
//! of the last iteration that set them.

use super::parse::{Assert, Class, ClassItem, Node};
use crate::builtins::methods::str::is_space;
use crate::unicode::ctype::{self, Case};

const UNSET: usize = usize::MAX;

#[derive(Debug)]
enum Inst {
    Char(char),
    /// Case-insensitive character, stored case-folded.
    CharI(char),
    Any,
    AnyNoNl,
    Class(Box<Class>),
    Assert(Assert),
    /// Stores the position in a capture slot (2g start, 2g+1 end).
    Save(usize),
    /// Tries the first target, backtracking to the second.
    Split(usize, usize),
    Jmp(usize),
    Backref(usize, bool),
    /// Records the position in a register (loop progress guard).
    Mark(usize),
    /// Loops back to the target unless the iteration matched the empty string.
    LoopIfProgress(usize, usize),
    /// Runs the sub-program that follows (up to `SubEnd`), continuing at `next`.
    Sub {
        kind: SubKind,
        negative: bool,
        next: usize,
    },
    SubEnd,
    /// Continues at the next instruction when group `g` matched, else at the target.
    GroupExists(usize, usize),
    /// Sets a register.
    SetReg(usize, usize),
    /// Loop head of a counted repeat: must iterate below `min`, may (greedy: prefers to)
    /// iterate below `max`, else continues at `exit`.
    CountBranch {
        counter: usize,
        min: usize,
        max: usize,
        greedy: bool,
        exit: usize,
    },
    /// End of a counted repeat's body: counts the iteration and loops to `top`, leaving the
    /// loop when an optional iteration matched the empty string.
    CountNext {
        counter: usize,
        mark: usize,
        min: usize,
        top: usize,
    },
    Match,
}

#[derive(Debug, Clone, Copy)]
enum SubKind {
    Ahead,
    Behind(usize),
    Atomic,
}

/// A compiled pattern.
pub struct Program {
    code: Vec<Inst>,
    /// Number of capture groups (without group 0).
    pub groups: usize,
    nregs: usize,
    /// A literal every match must start with, to skip ahead in searches.
    first: Option<char>,
}

struct Compiler {
    code: Vec<Inst>,
    nregs: usize,
}

impl Compiler {
    fn pc(&self) -> usize {
        self.code.len()
    }

    fn emit(&mut self, i: Inst) -> usize {
        self.code.push(i);
        self.code.len() - 1
    }

    fn patch(&mut self, at: usize, target: usize) {
        match &mut self.code[at] {
            Inst::Split(_, b) => *b = target,
            Inst::Jmp(t) => *t = target,
            Inst::GroupExists(_, t) => *t = target,
            Inst::Sub { next, .. } => *next = target,
            _ => {}
        }
    }

    fn compile(&mut self, n: &Node) {
        match n {
            Node::Empty => {}
            Node::Char(c, false) => {
                self.emit(Inst::Char(*c));
            }
            Node::Char(c, true) => {
                self.emit(Inst::CharI(fold(*c)));
            }
            Node::Any(true) => {
                self.emit(Inst::Any);
            }
            Node::Any(false) => {
                self.emit(Inst::AnyNoNl);
            }
            Node::Class(c) => {
                self.emit(Inst::Class(c.clone()));
            }
            Node::Assert(a) => {
                self.emit(Inst::Assert(*a));
            }
            Node::Group(g, inner) => {
                self.emit(Inst::Save(2 * g));
                self.compile(inner);
                self.emit(Inst::Save(2 * g + 1));
            }
            Node::Backref(g, icase) => {
                self.emit(Inst::Backref(*g, *icase));
            }
            Node::Concat(v) => v.iter().for_each(|n| self.compile(n)),
            Node::Alt(v) => {
                let mut jumps = Vec::new();
                for (i, n) in v.iter().enumerate() {
                    if i + 1 < v.len() {
                        let split = self.emit(Inst::Split(0, 0));
                        if let Inst::Split(a, _) = &mut self.code[split] {
                            *a = split + 1;
                        }
                        self.compile(n);
                        jumps.push(self.emit(Inst::Jmp(0)));
                        let here = self.pc();
                        self.patch(split, here);
                    } else {
                        self.compile(n);
                    }
                }
                let end = self.pc();
                for j in jumps {
                    self.patch(j, end);
                }
            }
            Node::Repeat {
                node,
                min,
                max,
                greedy,
                possessive,
            } => {
                if *possessive {
                    let sub = self.emit(Inst::Sub {
                        kind: SubKind::Atomic,
                        negative: false,
                        next: 0,
                    });
                    self.repeat(node, *min, *max, true);
                    self.emit(Inst::SubEnd);
                    let end = self.pc();
                    self.patch(sub, end);
                } else {
                    self.repeat(node, *min, *max, *greedy);
                }
            }
            Node::Look {
                node,
                behind,
                negative,
            } => {
                let kind = if *behind {
                    SubKind::Behind(super::parse::width(node).unwrap_or(0))
                } else {
                    SubKind::Ahead
                };
                let sub = self.emit(Inst::Sub {
                    kind,
                    negative: *negative,
                    next: 0,
                });
                self.compile(node);
                self.emit(Inst::SubEnd);
                let end = self.pc();
                self.patch(sub, end);
            }
            Node::Atomic(node) => {
                let sub = self.emit(Inst::Sub {
                    kind: SubKind::Atomic,
                    negative: false,
                    next: 0,
                });
                self.compile(node);
                self.emit(Inst::SubEnd);
                let end = self.pc();
                self.patch(sub, end);
            }
            Node::Conditional { group, yes, no } => {
                let test = self.emit(Inst::GroupExists(*group, 0));
                self.compile(yes);
                let j = self.emit(Inst::Jmp(0));
                let else_pc = self.pc();
                self.patch(test, else_pc);
                self.compile(no);
                let end = self.pc();
                self.patch(j, end);
            }
        }
    }

    /// Emits a split that prefers entering the body when greedy (else skipping it); the
    /// skip target is patched later. Returns the split's index.
    fn split(&mut self, greedy: bool) -> usize {
        let at = self.pc();
        if greedy {
            self.emit(Inst::Split(at + 1, 0))
        } else {
            self.emit(Inst::Split(0, at + 1))
        }
    }

    fn patch_skip(&mut self, split: usize, target: usize, greedy: bool) {
        if let Inst::Split(a, b) = &mut self.code[split] {
            if greedy {
                *b = target;
            } else {
                *a = target;
            }
        }
    }

    fn repeat(&mut self, node: &Node, min: usize, max: Option<usize>, greedy: bool) {
        if min > UNROLL_LIMIT || max.is_some_and(|m| m > UNROLL_LIMIT) {
            self.counted_repeat(node, min, max, greedy);
            return;
        }
        for _ in 0..min {
            self.compile(node);
        }
        match max {
            None => {
                let reg = self.nregs;
                self.nregs += 1;
                let top = self.split(greedy);
                self.emit(Inst::Mark(reg));
                self.compile(node);
                self.emit(Inst::LoopIfProgress(reg, top));
                let end = self.pc();
                self.patch_skip(top, end, greedy);
            }
            Some(max) => {
                let mut splits = Vec::new();
                for _ in min..max {
                    splits.push(self.split(greedy));
                    self.compile(node);
                }
                let end = self.pc();
                for s in splits {
                    self.patch_skip(s, end, greedy);
                }
            }
        }
    }

    /// A repeat with large bounds, run as a loop with an iteration counter register instead
    /// of being unrolled.
    fn counted_repeat(&mut self, node: &Node, min: usize, max: Option<usize>, greedy: bool) {
        let counter = self.nregs;
        let mark = self.nregs + 1;
        self.nregs += 2;
        self.emit(Inst::SetReg(counter, 0));
        let top = self.emit(Inst::CountBranch {
            counter,
            min,
            max: max.unwrap_or(usize::MAX),
            greedy,
            exit: 0,
        });
        self.emit(Inst::Mark(mark));
        self.compile(node);
        self.emit(Inst::CountNext {
            counter,
            mark,
            min,
            top,
        });
        let exit = self.pc();
        if let Inst::CountBranch { exit: e, .. } = &mut self.code[top] {
            *e = exit;
        }
    }
}

/// Repeats with bounds up to this are unrolled into copies of their body.
const UNROLL_LIMIT: usize = 8;

/// The literal a match of `n` must begin with, if any (case-sensitive only).
fn first_char(n: &Node) -> Option<char> {
    match n {
        Node::Char(c, false) => Some(*c),
        Node::Group(_, n) | Node::Atomic(n) => first_char(n),
        Node::Concat(v) => v.first().and_then(first_char),
        Node::Repeat { node, min, .. } if *min > 0 => first_char(node),
        _ => None,
    }
}

pub fn compile(node: &Node, groups: usize) -> Program {
    let mut c = Compiler {
        code: Vec::new(),
        nregs: 0,
    };
    c.compile(node);
    c.emit(Inst::Match);
    Program {
        code: c.code,
        groups,
        nregs: c.nregs,
        first: first_char(node),
    }
}

/// Case folding for ignore-case matching: the lowercase of the uppercase, so that characters
/// CPython treats as case-equivalent (e.g. 'ſ', 's', 'S'; 'ς', 'σ') compare equal.
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // Rust only offers the full mapping "i̇" for U+0130; Python's simple lowercase is 'i'.
    if c == '\u{130}' {
        return 'i';
    }
    let u = upper(c);
    lower1(u).or_else(|| lower1(c)).unwrap_or(c)
}

/// The case mapping of `c` when it is one character.
fn mapped1(c: char, case: Case) -> Option<char> {
    let mut out = Vec::with_capacity(3);
    ctype::push_mapped(c as u32, case, &mut out);
    match out[..] {
        [x] => char::from_u32(x),
        _ => None,
    }
}

fn lower1(c: char) -> Option<char> {
    mapped1(c, Case::Lower)
}

fn upper(c: char) -> char {
    mapped1(c, Case::Upper).unwrap_or(c)
}

pub fn is_word(c: char, ascii: bool) -> bool {
    if ascii {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        ctype::is_alnum(c as u32) || c == '_'
    }
}

fn item_matches(item: &ClassItem, c: char, ascii: bool) -> bool {
    match *item {
        ClassItem::Range(a, b) => a <= c && c <= b,
        ClassItem::Digit(yes) => {
            let d = if ascii {
                c.is_ascii_digit()
            } else {
                ctype::decimal_value(c as u32).is_some()
            };
            d == yes
        }
        ClassItem::Word(yes) => is_word(c, ascii) == yes,
        ClassItem::Space(yes) => {
            let s = if ascii {
                matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
            } else {
                is_space(c)
            };
            s == yes
        }
    }
}

fn class_matches(cl: &Class, c: char) -> bool {
    let hit = |c: char| cl.items.iter().any(|i| item_matches(i, c, cl.ascii));
    let mut m = hit(c);
    if !m && cl.icase {
        let l = fold(c);
        let u = upper(c);
        m = (l != c && hit(l))
            || (u != c && hit(u))
            || cl.items.iter().any(|i| match *i {
                ClassItem::Range(a, b) => a == b && fold(a) == l,
                _ => false,
            });
    }
    m != cl.negated
}

enum Frame {
    Alt(usize, usize),
    Restore(usize, usize),
}

struct Machine<'a> {
    code: &'a [Inst],
    text: &'a [char],
    end: usize,
    full: bool,
    /// Capture slots, then the `lastindex` slot, then loop registers.
    slots: Vec<usize>,
    stack: Vec<Frame>,
    ncap: usize,
    /// Rejects an empty match here (`must_advance` after an empty match in finditer/sub).
    forbid_end: Option<usize>,
}

impl Machine<'_> {
    fn set(&mut self, i: usize, v: usize) {
        let old = self.slots[i];
        self.stack.push(Frame::Restore(i, old));
        self.slots[i] = v;
    }

    fn assert(&self, a: Assert, pos: usize) -> bool {
        let t = self.text;
        match a {
            Assert::Start => pos == 0,
            Assert::End => pos == self.end,
            Assert::Bol(ml) => pos == 0 || (ml && t[pos - 1] == '\n'),
            Assert::Eol(ml) => pos == self.end || (t[pos] == '\n' && (ml || pos + 1 == self.end)),
            Assert::Boundary(ascii) | Assert::NotBoundary(ascii) => {
                if self.end == 0 {
                    return false;
                }
                let before = pos > 0 && is_word(t[pos - 1], ascii);
                let after = pos < self.end && is_word(t[pos], ascii);
                (before != after) == matches!(a, Assert::Boundary(_))
            }
        }
    }

    /// Runs from `pc` at `pos` until `Match`/`SubEnd`; returns the end position, leaving the
    /// backtrack entries made on the way on the stack (so callers can resume or discard).
    fn run(&mut self, mut pc: usize, mut pos: usize) -> Option<usize> {
        let base = self.stack.len();
        let code = self.code;
        loop {
            let ok = match &code[pc] {
                Inst::Char(c) => {
                    if pos < self.end && self.text[pos] == *c {
                        pos += 1;
                        pc += 1;
                        true
                    } else {
                        false
                    }
                }
                Inst::CharI(c) => {
                    if pos < self.end && fold(self.text[pos]) == *c {
                        pos += 1;
                        pc += 1;
                        true
                    } else {
                        false
                    }
                }
                Inst::Any => {
                    if pos < self.end {
                        pos += 1;
                        pc += 1;
                        true
                    } else {
                        false
                    }
                }
                Inst::AnyNoNl => {
                    if pos < self.end && self.text[pos] != '\n' {
                        pos += 1;
                        pc += 1;
                        true
                    } else {
                        false
                    }
                }
                Inst::Class(cl) => {
                    if pos < self.end && class_matches(cl, self.text[pos]) {
                        pos += 1;
                        pc += 1;
                        true
                    } else {
                        false
                    }
                }
                Inst::Assert(a) => {
                    pc += 1;
                    self.assert(*a, pos)
                }
                Inst::Save(s) => {
                    let s = *s;
                    self.set(s, pos);
                    if s % 2 == 1 && s > 1 {
                        self.set(self.ncap, s / 2);
                    }
                    pc += 1;
                    true
                }
                Inst::Split(a, b) => {
                    self.stack.push(Frame::Alt(*b, pos));
                    pc = *a;
                    true
                }
                Inst::Jmp(t) => {
                    pc = *t;
                    true
                }
                Inst::Backref(g, icase) => {
                    let (s, e) = (self.slots[2 * g], self.slots[2 * g + 1]);
                    if s == UNSET || e == UNSET {
                        false
                    } else {
                        let n = e - s;
                        let ok = pos + n <= self.end
                            && (0..n).all(|k| {
                                let (a, b) = (self.text[s + k], self.text[pos + k]);
                                a == b || (*icase && fold(a) == fold(b))
                            });
                        if ok {
                            pos += n;
                            pc += 1;
                        }
                        ok
                    }
                }
                Inst::Mark(r) => {
                    let r = self.ncap + 1 + r;
                    self.set(r, pos);
                    pc += 1;
                    true
                }
                Inst::LoopIfProgress(r, top) => {
                    if self.slots[self.ncap + 1 + r] != pos {
                        pc = *top;
                    } else {
                        pc += 1;
                    }
                    true
                }
                Inst::Sub {
                    kind,
                    negative,
                    next,
                } => {
                    let (kind, negative, next) = (*kind, *negative, *next);
                    let start = match kind {
                        SubKind::Behind(w) => pos.checked_sub(w),
                        _ => Some(pos),
                    };
                    let inner_base = self.stack.len();
                    let r = start.and_then(|st| self.run(pc + 1, st));
                    match (r, negative) {
                        (Some(p), false) => {
                            // Commit: forget alternatives inside, keep capture restores.
                            let tail: Vec<Frame> = self.stack.drain(inner_base..).collect();
                            self.stack.extend(
                                tail.into_iter().filter(|f| matches!(f, Frame::Restore(..))),
                            );
                            if let SubKind::Atomic = kind {
                                pos = p;
                            }
                            pc = next;
                            true
                        }
                        (Some(_), true) => {
                            self.unwind(inner_base);
                            false
                        }
                        (None, false) => false,
                        (None, true) => {
                            pc = next;
                            true
                        }
                    }
                }
                Inst::SubEnd => return Some(pos),
                Inst::SetReg(r, v) => {
                    self.set(self.ncap + 1 + r, *v);
                    pc += 1;
                    true
                }
                Inst::CountBranch {
                    counter,
                    min,
                    max,
                    greedy,
                    exit,
                } => {
                    let n = self.slots[self.ncap + 1 + counter];
                    if n < *min {
                        pc += 1;
                    } else if n >= *max {
                        pc = *exit;
                    } else if *greedy {
                        self.stack.push(Frame::Alt(*exit, pos));
                        pc += 1;
                    } else {
                        self.stack.push(Frame::Alt(pc + 1, pos));
                        pc = *exit;
                    }
                    true
                }
                Inst::CountNext {
                    counter,
                    mark,
                    min,
                    top,
                } => {
                    let r = self.ncap + 1 + counter;
                    let n = self.slots[r] + 1;
                    self.set(r, n);
                    if n > *min && self.slots[self.ncap + 1 + mark] == pos {
                        pc += 1;
                    } else {
                        pc = *top;
                    }
                    true
                }
                Inst::GroupExists(g, t) => {
                    if self.slots[2 * g] != UNSET && self.slots[2 * g + 1] != UNSET {
                        pc += 1;
                    } else {
                        pc = *t;
                    }
                    true
                }
                Inst::Match => {
                    if (self.full && pos != self.end) || self.forbid_end == Some(pos) {
                        false
                    } else {
                        return Some(pos);
                    }
                }
            };
            if !ok {
                loop {
                    if self.stack.len() <= base {
                        return None;
                    }
                    match self.stack.pop() {
                        Some(Frame::Alt(p, q)) => {
                            pc = p;
                            pos = q;
                            break;
                        }
                        Some(Frame::Restore(i, v)) => self.slots[i] = v,
                        None => return None,
                    }
                }
            }
        }
    }

    fn unwind(&mut self, base: usize) {
        while self.stack.len() > base {
            if let Some(Frame::Restore(i, v)) = self.stack.pop() {
                self.slots[i] = v;
            }
        }
    }
}

/// A successful match: capture spans (None for unmatched groups) and `lastindex`.
pub struct Captures {
    pub spans: Vec<Option<(usize, usize)>>,
    pub lastindex: Option<usize>,
}

impl Program {
    fn attempt(&self, m: &mut Machine, start: usize) -> Option<Captures> {
        m.stack.clear();
        for s in m.slots.iter_mut() {
            *s = UNSET;
        }
        let end = m.run(0, start)?;
        let mut spans = vec![Some((start, end))];
        for g in 1..=self.groups {
            let (s, e) = (m.slots[2 * g], m.slots[2 * g + 1]);
            spans.push(if s == UNSET || e == UNSET {
                None
            } else {
                Some((s, e))
            });
        }
        let li = m.slots[m.ncap];
        Some(Captures {
            spans,
            lastindex: if li == UNSET { None } else { Some(li) },
        })
    }

    /// Matches at `pos` only (`fullmatch` requires reaching `endpos`), or searches from
    /// `pos` onwards. `text` is already cut at `endpos`.
    pub fn exec(
        &self,
        text: &[char],
        pos: usize,
        mode: Mode,
        must_advance: bool,
    ) -> Option<Captures> {
        let ncap = 2 * (self.groups + 1);
        let mut m = Machine {
            code: &self.code,
            text,
            end: text.len(),
            full: mode == Mode::Full,
            slots: vec![UNSET; ncap + 1 + self.nregs],
            stack: Vec::new(),
            ncap,
            forbid_end: if must_advance { Some(pos) } else { None },
        };
        if pos > text.len() {
            return None;
        }
        if mode != Mode::Search {
            return self.attempt(&mut m, pos);
        }
        let mut p = pos;
        while p <= text.len() {
            if let Some(c) = self.first {
                match text[p..].iter().position(|&x| x == c) {
                    Some(k) => p += k,
                    None => return None,
                }
            }
            if let Some(c) = self.attempt(&mut m, p) {
                return Some(c);
            }
            p += 1;
        }
        None
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Match,
    Full,
    Search,
}
