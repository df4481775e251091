//! Parser for Python's regular expression syntax (CPython 3.11 `sre_parse` semantics).
//!
//! Flags that change how an item matches (ignore case, ASCII, multiline, dotall) are baked
//! into each node when it is parsed, so scoped flags `(?i:...)` need no runtime state.

pub const F_TEMPLATE: u32 = 1;
pub const F_IGNORECASE: u32 = 2;
pub const F_LOCALE: u32 = 4;
pub const F_MULTILINE: u32 = 8;
pub const F_DOTALL: u32 = 16;
pub const F_UNICODE: u32 = 32;
pub const F_VERBOSE: u32 = 64;
pub const F_DEBUG: u32 = 128;
pub const F_ASCII: u32 = 256;

/// A parse error: CPython's message and the position it refers to.
#[derive(Debug)]
pub struct Error {
    pub msg: String,
    pub pos: Option<usize>,
}

fn err<T>(msg: impl Into<String>, pos: usize) -> Result<T, Error> {
    Err(Error {
        msg: msg.into(),
        pos: Some(pos),
    })
}

/// One member of a character class.
#[derive(Clone, Debug)]
pub enum ClassItem {
    Range(char, char),
    Digit(bool),
    Word(bool),
    Space(bool),
}

#[derive(Clone, Debug)]
pub struct Class {
    pub negated: bool,
    pub items: Vec<ClassItem>,
    pub icase: bool,
    pub ascii: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assert {
    /// `^`; multiline when true.
    Bol(bool),
    /// `$`; multiline when true.
    Eol(bool),
    /// `\A`
    Start,
    /// `\Z`
    End,
    /// `\b` / `\B` with the ASCII flag.
    Boundary(bool),
    NotBoundary(bool),
}

#[derive(Clone, Debug)]
pub enum Node {
    Empty,
    Char(char, bool),
    Any(bool),
    Class(Box<Class>),
    Assert(Assert),
    Group(usize, Box<Node>),
    Backref(usize, bool),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: usize,
        max: Option<usize>,
        greedy: bool,
        possessive: bool,
    },
    Look {
        node: Box<Node>,
        behind: bool,
        negative: bool,
    },
    Atomic(Box<Node>),
    Conditional {
        group: usize,
        yes: Box<Node>,
        no: Box<Node>,
    },
}

/// A parsed pattern.
pub struct Parsed {
    pub node: Node,
    pub groups: usize,
    pub names: Vec<(String, usize)>,
    pub flags: u32,
}

struct Parser<'a> {
    s: &'a [char],
    i: usize,
    flags: u32,
    groups: usize,
    names: Vec<(String, usize)>,
    open: Vec<usize>,
    is_bytes: bool,
    /// Which groups are closed (CPython rejects references to open groups).
    closed: Vec<bool>,
    /// Group count when the innermost enclosing lookbehind began.
    lookbehind_base: Option<usize>,
}

const REPEAT_CHARS: &[char] = &['*', '+', '?', '{'];

pub fn parse(pattern: &[char], flags: u32, is_bytes: bool) -> Result<Parsed, Error> {
    let mut p = Parser {
        s: pattern,
        i: 0,
        flags,
        groups: 0,
        names: Vec::new(),
        open: Vec::new(),
        is_bytes,
        closed: vec![false],
        lookbehind_base: None,
    };
    let node = p.parse_alt(true)?;
    if p.i < p.s.len() {
        debug_assert_eq!(p.s[p.i], ')');
        return err("unbalanced parenthesis", p.i);
    }
    let mut flags = p.flags;
    if !is_bytes {
        if flags & F_LOCALE != 0 {
            return Err(Error {
                msg: "cannot use LOCALE flag with a str pattern".into(),
                pos: None,
            });
        }
        if flags & F_ASCII == 0 {
            flags |= F_UNICODE;
        } else if flags & F_UNICODE != 0 {
            return Err(Error {
                msg: "ASCII and UNICODE flags are incompatible".into(),
                pos: None,
            });
        }
    } else if flags & F_UNICODE != 0 {
        return Err(Error {
            msg: "cannot use UNICODE flag with a bytes pattern".into(),
            pos: None,
        });
    }
    Ok(Parsed {
        node,
        groups: p.groups,
        names: p.names,
        flags,
    })
}

fn flag_of(c: char) -> Option<u32> {
    Some(match c {
        'i' => F_IGNORECASE,
        'L' => F_LOCALE,
        'm' => F_MULTILINE,
        's' => F_DOTALL,
        'x' => F_VERBOSE,
        'a' => F_ASCII,
        'u' => F_UNICODE,
        _ => return None,
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn icase(&self) -> bool {
        self.flags & F_IGNORECASE != 0
    }

    fn ascii(&self) -> bool {
        self.is_bytes || self.flags & F_ASCII != 0
    }

    fn verbose(&self) -> bool {
        self.flags & F_VERBOSE != 0
    }

    /// Skips whitespace and comments in verbose mode.
    fn skip_verbose(&mut self) {
        if !self.verbose() {
            return;
        }
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.i += 1;
            } else if c == '#' {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == '\n' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    fn parse_alt(&mut self, top: bool) -> Result<Node, Error> {
        let mut alts = vec![self.parse_seq()?];
        while self.peek() == Some('|') {
            self.i += 1;
            alts.push(self.parse_seq()?);
        }
        if top {
            if let Some(')') = self.peek() {
                return err("unbalanced parenthesis", self.i);
            }
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn parse_seq(&mut self) -> Result<Node, Error> {
        let mut items: Vec<Node> = Vec::new();
        let mut last_was_repeat = false;
        loop {
            self.skip_verbose();
            let Some(c) = self.peek() else { break };
            if c == '|' || c == ')' {
                break;
            }
            let start = self.i;
            if REPEAT_CHARS.contains(&c) && (c != '{' || self.is_repeat_brace()) {
                // A quantifier with nothing (or an anchor) before it.
                if last_was_repeat {
                    return err("multiple repeat", start);
                }
                if let None | Some(Node::Assert(_)) = items.last() {
                    return err("nothing to repeat", start);
                }
                let item = items.pop().unwrap_or(Node::Empty);
                let node = self.parse_quantifier(item, start)?;
                items.push(node);
                last_was_repeat = true;
                continue;
            }
            let atom = self.parse_atom()?;
            if let Some(a) = atom {
                items.push(a);
                last_was_repeat = false;
            }
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// Whether `{` at the cursor starts a valid `{m,n}` quantifier (else it is a literal).
    fn is_repeat_brace(&self) -> bool {
        let mut j = self.i + 1;
        let mut digits = 0;
        while j < self.s.len() && self.s[j].is_ascii_digit() {
            j += 1;
            digits += 1;
        }
        if j < self.s.len() && self.s[j] == ',' {
            j += 1;
            while j < self.s.len() && self.s[j].is_ascii_digit() {
                j += 1;
            }
        } else if digits == 0 {
            return false;
        }
        j < self.s.len() && self.s[j] == '}'
    }

    fn read_int(&mut self) -> Option<usize> {
        let st = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if st == self.i {
            None
        } else {
            let s: String = self.s[st..self.i].iter().collect();
            Some(s.parse().unwrap_or(usize::MAX))
        }
    }

    fn parse_quantifier(&mut self, item: Node, start: usize) -> Result<Node, Error> {
        let c = self.s[self.i];
        self.i += 1;
        let (min, max) = match c {
            '*' => (0, None),
            '+' => (1, None),
            '?' => (0, Some(1)),
            _ => {
                let min = self.read_int().unwrap_or(0);
                let mut max = Some(min);
                if self.peek() == Some(',') {
                    self.i += 1;
                    max = self.read_int();
                }
                self.i += 1;
                if min >= 4294967295 || max.is_some_and(|m| m >= 4294967295) {
                    return Err(Error {
                        msg: "the repetition number is too large".into(),
                        pos: Some(start),
                    });
                }
                if let Some(m) = max {
                    if m < min {
                        return err("min repeat greater than max repeat", start + 1);
                    }
                }
                (min, max)
            }
        };
        if matches!(item, Node::Empty) {
            return err("nothing to repeat", start);
        }
        let mut greedy = true;
        let mut possessive = false;
        match self.peek() {
            Some('?') => {
                self.i += 1;
                greedy = false;
            }
            Some('+') => {
                self.i += 1;
                possessive = true;
            }
            _ => {}
        }
        Ok(Node::Repeat {
            node: Box::new(item),
            min,
            max,
            greedy,
            possessive,
        })
    }

    fn parse_atom(&mut self) -> Result<Option<Node>, Error> {
        let c = self.s[self.i];
        let start = self.i;
        self.i += 1;
        Ok(Some(match c {
            '.' => Node::Any(self.flags & F_DOTALL != 0),
            '^' => Node::Assert(Assert::Bol(self.flags & F_MULTILINE != 0)),
            '$' => Node::Assert(Assert::Eol(self.flags & F_MULTILINE != 0)),
            '[' => self.parse_class(start)?,
            '(' => return self.parse_group(start),
            '\\' => self.parse_escape(start)?,
            c => Node::Char(c, self.icase()),
        }))
    }

    fn parse_group(&mut self, start: usize) -> Result<Option<Node>, Error> {
        let mut capture = true;
        let mut name: Option<String> = None;
        let saved_flags = self.flags;
        if self.peek() == Some('?') {
            self.i += 1;
            let Some(c) = self.peek() else {
                return err("unexpected end of pattern", self.i);
            };
            self.i += 1;
            match c {
                ':' => capture = false,
                'P' => match self.peek() {
                    Some('<') => {
                        self.i += 1;
                        let n = self.read_name('>', "group name")?;
                        name = Some(n);
                    }
                    Some('=') => {
                        self.i += 1;
                        let n = self.read_name(')', "group name")?;
                        let Some(&(_, g)) = self.names.iter().find(|(k, _)| *k == n) else {
                            return err(format!("unknown group name '{n}'"), start + 4);
                        };
                        if !self.closed.get(g).copied().unwrap_or(false) {
                            return err("cannot refer to an open group", start);
                        }
                        self.check_lookbehind_ref(g)?;
                        return Ok(Some(Node::Backref(g, self.icase())));
                    }
                    Some(c) => {
                        self.i += 1;
                        return err(format!("unknown extension ?P{c}"), start + 1);
                    }
                    None => return err("unexpected end of pattern", self.i),
                },
                '#' => {
                    while let Some(c) = self.peek() {
                        self.i += 1;
                        if c == ')' {
                            return Ok(None);
                        }
                    }
                    return err("missing ), unterminated comment", start);
                }
                '=' | '!' => return self.parse_look(start, false, c == '!').map(Some),
                '<' => match self.peek() {
                    Some(c @ ('=' | '!')) => {
                        self.i += 1;
                        return self.parse_look(start, true, c == '!').map(Some);
                    }
                    Some(c) => {
                        self.i += 1;
                        return err(format!("unknown extension ?<{c}"), start + 1);
                    }
                    None => return err("unexpected end of pattern", self.i),
                },
                '>' => {
                    let inner = self.parse_alt(false)?;
                    self.expect_close(start)?;
                    return Ok(Some(Node::Atomic(Box::new(inner))));
                }
                '(' => return self.parse_conditional(start).map(Some),
                c if flag_of(c).is_some() || c == '-' => {
                    self.i -= 1;
                    return self.parse_flags(start);
                }
                c => return err(format!("unknown extension ?{c}"), start + 1),
            }
        }
        let index = if capture {
            self.groups += 1;
            let g = self.groups;
            if let Some(n) = name {
                if let Some(&(_, old)) = self.names.iter().find(|(k, _)| *k == n) {
                    return err(
                        format!("redefinition of group name '{n}' as group {g}; was group {old}"),
                        start + 4,
                    );
                }
                self.names.push((n, g));
            }
            self.closed.push(false);
            Some(g)
        } else {
            None
        };
        self.open.push(start);
        let inner = self.parse_alt(false)?;
        self.expect_close(start)?;
        self.open.pop();
        self.flags = saved_flags;
        Ok(Some(match index {
            Some(g) => {
                self.closed[g] = true;
                Node::Group(g, Box::new(inner))
            }
            None => inner,
        }))
    }

    fn check_lookbehind_ref(&self, g: usize) -> Result<(), Error> {
        match self.lookbehind_base {
            Some(base) if g > base => err(
                "cannot refer to group defined in the same lookbehind subpattern",
                self.i,
            ),
            _ => Ok(()),
        }
    }

    fn expect_close(&mut self, start: usize) -> Result<(), Error> {
        if self.peek() != Some(')') {
            return err("missing ), unterminated subpattern", start);
        }
        self.i += 1;
        Ok(())
    }

    fn read_name(&mut self, term: char, what: &str) -> Result<String, Error> {
        let st = self.i;
        while let Some(c) = self.peek() {
            if c == term {
                break;
            }
            self.i += 1;
        }
        if self.peek() != Some(term) {
            return err(format!("missing {term}, unterminated name"), st);
        }
        let name: String = self.s[st..self.i].iter().collect();
        self.i += 1;
        if name.is_empty() {
            return err(format!("missing {what}"), st);
        }
        if !is_identifier(&name) {
            return err(format!("bad character in {what} '{name}'"), st);
        }
        Ok(name)
    }

    fn parse_look(&mut self, start: usize, behind: bool, negative: bool) -> Result<Node, Error> {
        let saved = self.flags;
        let saved_base = self.lookbehind_base;
        if behind {
            self.lookbehind_base = Some(self.groups);
        }
        let inner = self.parse_alt(false)?;
        self.lookbehind_base = saved_base;
        self.expect_close(start)?;
        self.flags = saved;
        if behind && width(&inner).is_none() {
            return Err(Error {
                msg: "look-behind requires fixed-width pattern".into(),
                pos: None,
            });
        }
        Ok(Node::Look {
            node: Box::new(inner),
            behind,
            negative,
        })
    }

    fn parse_conditional(&mut self, start: usize) -> Result<Node, Error> {
        let st = self.i;
        while self.peek().is_some_and(|c| c != ')') {
            self.i += 1;
        }
        let name: String = self.s[st..self.i].iter().collect();
        if self.peek().is_none() {
            return err("missing ), unterminated name", st);
        }
        self.i += 1;
        let group = if let Ok(n) = name.parse::<usize>() {
            if n == 0 {
                return err("bad group number", st);
            }
            n
        } else if let Some(&(_, g)) = self.names.iter().find(|(k, _)| *k == name) {
            g
        } else if is_identifier(&name) {
            return err(format!("unknown group name '{name}'"), st);
        } else {
            return err(format!("bad character in group name '{name}'"), st);
        };
        let yes = self.parse_seq()?;
        let no = if self.peek() == Some('|') {
            self.i += 1;
            let n = self.parse_seq()?;
            if self.peek() == Some('|') {
                return err("conditional backref with more than two branches", self.i);
            }
            n
        } else {
            Node::Empty
        };
        self.expect_close(start)?;
        if group > self.groups {
            return err(format!("invalid group reference {group}"), st);
        }
        Ok(Node::Conditional {
            group,
            yes: Box::new(yes),
            no: Box::new(no),
        })
    }

    fn parse_flags(&mut self, start: usize) -> Result<Option<Node>, Error> {
        let mut add = 0u32;
        let mut del = 0u32;
        while let Some(c) = self.peek() {
            match flag_of(c) {
                Some(f) => {
                    self.i += 1;
                    add |= f;
                }
                None => break,
            }
        }
        if self.peek() == Some('-') {
            self.i += 1;
            while let Some(c) = self.peek() {
                match flag_of(c) {
                    Some(f) => {
                        self.i += 1;
                        if matches!(c, 'a' | 'L' | 'u') {
                            return err(
                                "bad inline flags: cannot turn off flags 'a', 'u' and 'L'",
                                self.i,
                            );
                        }
                        del |= f;
                    }
                    None => break,
                }
            }
            if del == 0 {
                return err("missing flag", self.i);
            }
        }
        match self.peek() {
            Some(')') if del == 0 => {
                self.i += 1;
                // Global flags must come first (3.11 rejects them elsewhere).
                if start != 0 {
                    return err("global flags not at the start of the expression", start);
                }
                if self.is_bytes && add & F_UNICODE != 0 {
                    return err(
                        "bad inline flags: cannot use 'u' flag with a bytes pattern",
                        start,
                    );
                }
                self.flags |= add;
                Ok(None)
            }
            Some(':') => {
                self.i += 1;
                let saved = self.flags;
                self.flags = (self.flags | add) & !del;
                self.open.push(start);
                let inner = self.parse_alt(false)?;
                self.expect_close(start)?;
                self.open.pop();
                self.flags = saved;
                Ok(Some(inner))
            }
            Some(')') => err("missing :", self.i),
            Some(c) if c.is_alphabetic() => err("unknown flag", self.i),
            Some(_) => err("missing -, : or )", self.i),
            None => err("missing -, : or )", self.i),
        }
    }

    fn parse_class(&mut self, start: usize) -> Result<Node, Error> {
        let mut class = Class {
            negated: false,
            items: Vec::new(),
            icase: self.icase(),
            ascii: self.ascii(),
        };
        if self.peek() == Some('^') {
            self.i += 1;
            class.negated = true;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return err("unterminated character set", start);
            };
            if c == ']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            let item_start = self.i;
            let lo = self.class_atom()?;
            if self.peek() == Some('-') && self.s.get(self.i + 1).is_some_and(|&c| c != ']') {
                self.i += 1;
                let hi = self.class_atom()?;
                let (Ok(a), Ok(b)) = (&lo, &hi) else {
                    let text: String = self.s[item_start..self.i].iter().collect();
                    return err(format!("bad character range {text}"), item_start);
                };
                if b < a {
                    let text: String = self.s[item_start..self.i].iter().collect();
                    return err(format!("bad character range {text}"), item_start);
                }
                class.items.push(ClassItem::Range(*a, *b));
            } else {
                match lo {
                    Ok(c) => class.items.push(ClassItem::Range(c, c)),
                    Err(item) => class.items.push(item),
                }
            }
        }
        Ok(Node::Class(Box::new(class)))
    }

    /// One character of a class, or a class escape like `\d`.
    fn class_atom(&mut self) -> Result<Result<char, ClassItem>, Error> {
        let start = self.i;
        let c = self.s[self.i];
        self.i += 1;
        if c != '\\' {
            return Ok(Ok(c));
        }
        let Some(e) = self.peek() else {
            return err("bad escape (end of pattern)", start);
        };
        self.i += 1;
        Ok(match e {
            'd' => Err(ClassItem::Digit(true)),
            'D' => Err(ClassItem::Digit(false)),
            'w' => Err(ClassItem::Word(true)),
            'W' => Err(ClassItem::Word(false)),
            's' => Err(ClassItem::Space(true)),
            'S' => Err(ClassItem::Space(false)),
            'b' => Ok('\x08'),
            _ => Ok(self.simple_escape(e, start, true)?),
        })
    }

    /// Escapes that denote one character (shared by classes and the top level).
    fn simple_escape(&mut self, e: char, start: usize, in_class: bool) -> Result<char, Error> {
        Ok(match e {
            'a' => '\x07',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            '\\' => '\\',
            'x' => self.hex_escape(2, start)?,
            'u' if !self.is_bytes => self.hex_escape(4, start)?,
            'U' if !self.is_bytes => self.hex_escape(8, start)?,
            '0'..='7' => {
                let st = self.i - 1;
                let mut j = self.i;
                while j < st + 3 && j < self.s.len() && ('0'..='7').contains(&self.s[j]) {
                    j += 1;
                }
                if !in_class && e != '0' && j - st < 3 {
                    return err(format!("bad escape \\{e}"), start);
                }
                let text: String = self.s[st..j].iter().collect();
                let v = u32::from_str_radix(&text, 8).unwrap_or(0);
                self.i = j;
                if v > 0o377 {
                    return err(
                        format!("octal escape value \\{text} outside of range 0-0o377"),
                        start,
                    );
                }
                char::from_u32(v).unwrap_or('\0')
            }
            c if c.is_ascii_alphanumeric() => {
                return err(format!("bad escape \\{c}"), start);
            }
            c => c,
        })
    }

    fn hex_escape(&mut self, n: usize, start: usize) -> Result<char, Error> {
        let st = self.i;
        let mut j = st;
        while j < st + n && j < self.s.len() && self.s[j].is_ascii_hexdigit() {
            j += 1;
        }
        let text: String = self.s[st..j].iter().collect();
        let esc = self.s[start + 1];
        if j - st != n {
            return err(format!("incomplete escape \\{esc}{text}"), start);
        }
        self.i = j;
        let v = u32::from_str_radix(&text, 16).unwrap_or(0);
        match char::from_u32(v) {
            Some(c) => Ok(c),
            None => err(format!("bad escape \\{esc}{text}"), start),
        }
    }

    fn parse_escape(&mut self, start: usize) -> Result<Node, Error> {
        let Some(e) = self.peek() else {
            return err("bad escape (end of pattern)", start);
        };
        self.i += 1;
        let ascii = self.ascii();
        let class = |item: ClassItem| {
            Node::Class(Box::new(Class {
                negated: false,
                items: vec![item],
                icase: false,
                ascii,
            }))
        };
        Ok(match e {
            'd' => class(ClassItem::Digit(true)),
            'D' => class(ClassItem::Digit(false)),
            'w' => class(ClassItem::Word(true)),
            'W' => class(ClassItem::Word(false)),
            's' => class(ClassItem::Space(true)),
            'S' => class(ClassItem::Space(false)),
            'A' => Node::Assert(Assert::Start),
            'Z' => Node::Assert(Assert::End),
            'b' => Node::Assert(Assert::Boundary(ascii)),
            'B' => Node::Assert(Assert::NotBoundary(ascii)),
            '1'..='9' => {
                // A group reference, unless three octal digits make an octal escape.
                let st = self.i - 1;
                let mut j = self.i;
                if j < self.s.len() && self.s[j].is_ascii_digit() {
                    j += 1;
                    if j < self.s.len()
                        && ('0'..='7').contains(&self.s[st])
                        && ('0'..='7').contains(&self.s[st + 1])
                        && ('0'..='7').contains(&self.s[j])
                    {
                        return Ok(Node::Char(
                            self.simple_escape(e, start, false)?,
                            self.icase(),
                        ));
                    }
                }
                let text: String = self.s[st..j].iter().collect();
                self.i = j;
                let g: usize = text.parse().unwrap_or(0);
                if g > self.groups || !self.closed.get(g).copied().unwrap_or(false) {
                    if g <= self.groups {
                        return err("cannot refer to an open group", start);
                    }
                    return err(format!("invalid group reference {g}"), start + 1);
                }
                self.check_lookbehind_ref(g)?;
                Node::Backref(g, self.icase())
            }
            _ => Node::Char(self.simple_escape(e, start, false)?, self.icase()),
        })
    }
}

fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    cs.all(is_word_char)
}

/// The fixed width of a node in characters, or None when it varies.
pub fn width(n: &Node) -> Option<usize> {
    Some(match n {
        Node::Empty | Node::Assert(_) | Node::Look { .. } => 0,
        Node::Char(..) | Node::Any(_) | Node::Class(_) => 1,
        Node::Group(_, n) | Node::Atomic(n) => width(n)?,
        Node::Backref(..) => return None,
        Node::Concat(v) => {
            let mut t = 0;
            for n in v {
                t += width(n)?;
            }
            t
        }
        Node::Alt(v) => {
            let w = width(&v[0])?;
            for n in &v[1..] {
                if width(n)? != w {
                    return None;
                }
            }
            w
        }
        Node::Repeat { node, min, max, .. } => {
            if Some(*min) != *max {
                return None;
            }
            width(node)? * min
        }
        Node::Conditional { yes, no, .. } => {
            let w = width(yes)?;
            if width(no)? != w {
                return None;
            }
            w
        }
    })
}
