//! Inputs for fuzzing Heron, shared by the bounded run in `cargo test` (`tests/fuzz/main.rs`)
//! and the long runs from the command line (`examples/fuzz.rs`):
//!
//! - `program`: structure-aware generation of valid, terminating Python programs (functions,
//!   classes, generators, closures, loops hot enough for the JIT, exceptions) whose every
//!   statement prints what it computed, so the tiers can be compared line by line;
//! - `mutate`: byte- and token-level mutation of a source text (for the parser and compiler);
//! - `deep`: pathologically nested inputs of random depth;
//! - `run_tiers`: runs a program under the three tiers and reports a crash, a hang, an internal
//!   error or a difference between the tiers.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Names of the variables every generated program starts with, and their first values.
const SEEDS: [(&str, &str); 6] = [
    ("v0", "0"),
    ("v1", "1.5"),
    ("v2", "'ab'"),
    ("v3", "[1, 2, 3]"),
    ("v4", "{'a': 1, 'b': 2}"),
    ("v5", "(4, 'x', None)"),
];

/// The prelude of every generated program: `show` prints a value (or why it cannot), `clamp`
/// keeps values small so loops cannot grow them without bound.
const PRELUDE: &str = "\
def show(*xs):
    for x in xs:
        try:
            print(repr(x)[:300])
        except Exception as e:
            print('repr raised', type(e).__name__)
def clamp(x):
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return x % 1000003 if x > 10**30 or x < -10**30 else x
    if isinstance(x, (str, bytes, list, tuple)):
        return x[:40]
    if isinstance(x, dict) and len(x) > 40:
        return dict(list(x.items())[:40])
    return x
def truth(f):
    try:
        return bool(f())
    except Exception as e:
        print('condition raised', type(e).__name__)
        return False
def safe(f):
    try:
        return f()
    except Exception as e:
        return type(e).__name__
class Box:
    def __init__(self, v):
        self.v = v
    def __enter__(self):
        print('enter', repr(self.v)[:40])
        return self.v
    def __exit__(self, *exc):
        print('exit', exc[0].__name__ if exc[0] else None)
        return False
";

/// Tokens the mutator splices into source text.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ";",
    ".",
    "=",
    ":=",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "<<",
    ">>",
    "&",
    "|",
    "^",
    "~",
    "<",
    ">",
    "==",
    "!=",
    "->",
    "...",
    "lambda",
    "yield",
    "yield from",
    "await",
    "async",
    "def",
    "class",
    "return",
    "if",
    "elif",
    "else",
    "while",
    "for",
    "in",
    "not",
    "is",
    "and",
    "or",
    "try:",
    "except",
    "except*",
    "finally:",
    "with",
    "as",
    "del",
    "global x",
    "nonlocal x",
    "pass",
    "break",
    "continue",
    "raise",
    "assert",
    "import",
    "from",
    "match x:",
    "case _:",
    "print",
    "x",
    "_",
    "0",
    "1e",
    "0x",
    "0b1",
    "1j",
    "1_000",
    "'",
    "\"",
    "'''",
    "f'{",
    "f'{x!r:>{y}}'",
    "b'",
    "r'\\",
    "\\",
    "#",
    "\n",
    "    ",
    "\t",
    "\0",
    "\u{a0}",
    "é",
    "\u{2028}",
    "\u{feff}",
    "\r",
    "@decorator\n",
];

/// A generator of Python programs, driven by a seeded random number generator.
pub struct Gen {
    rng: fastrand::Rng,
    out: String,
    indent: usize,
    fresh: usize,
    funcs: Vec<(String, usize)>,
    classes: Vec<String>,
    gens: Vec<String>,
}

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen {
            rng: fastrand::Rng::with_seed(seed),
            out: String::new(),
            indent: 0,
            fresh: 0,
            funcs: Vec::new(),
            classes: Vec::new(),
            gens: Vec::new(),
        }
    }

    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn name(&mut self, prefix: &str) -> String {
        self.fresh += 1;
        format!("{prefix}{}", self.fresh)
    }

    fn var(&mut self) -> &'static str {
        SEEDS[self.rng.usize(..SEEDS.len())].0
    }

    /// A valid Python program of about `statements` top-level statements.
    pub fn program(&mut self, statements: usize) -> String {
        self.out = String::from(PRELUDE);
        for (name, value) in SEEDS {
            self.line(&format!("{name} = {value}"));
        }
        for _ in 0..statements {
            self.stmt(0);
        }
        self.line("show(v0, v1, v2, v3, v4, v5)");
        std::mem::take(&mut self.out)
    }

    fn literal(&mut self) -> String {
        match self.rng.u8(..14) {
            0 => self.rng.i64(-5..300).to_string(),
            1 => format!("{}", self.rng.i64(..)),
            2 => format!("{}**{}", self.rng.u8(2..9), self.rng.u8(0..90)),
            3 => [
                "0.5",
                "-0.0",
                "1e300",
                "2.5e-8",
                "3.0",
                "float('inf')",
                "float('nan')",
            ][self.rng.usize(..7)]
            .to_string(),
            4 => ["'ab'", "''", "'é€𝄞'", "'a,b,c'", "'  x '", "'\\n'", "'123'"]
                [self.rng.usize(..7)]
            .to_string(),
            5 => ["True", "False", "None"][self.rng.usize(..3)].to_string(),
            6 => ["b'xy'", "bytearray(b'q')", "1j", "(1+2j)"][self.rng.usize(..4)].to_string(),
            7 => "[]".into(),
            8 => "()".into(),
            9 => "{}".into(),
            10 => format!("range({})", self.rng.u8(..20)),
            _ => self.rng.i64(-3..20).to_string(),
        }
    }

    fn expr(&mut self, depth: usize) -> String {
        if depth > 3 {
            return if self.rng.bool() {
                self.var().to_string()
            } else {
                self.literal()
            };
        }
        let d = depth + 1;
        match self.rng.u8(..24) {
            0..=2 => self.var().to_string(),
            3..=4 => self.literal(),
            5..=7 => {
                let op = [
                    "+", "-", "*", "/", "//", "%", "&", "|", "^", "<", "<=", "==", "!=", ">", "is",
                    "in", "not in", "and", "or",
                ][self.rng.usize(..19)];
                format!("({} {op} {})", self.expr(d), self.expr(d))
            }
            8 => format!("({} ** {})", self.expr(d), self.rng.i8(-3..5)),
            9 => format!("({} << {})", self.expr(d), self.rng.u8(..70)),
            10 => {
                let op = ["-", "+", "not ", "~"][self.rng.usize(..4)];
                format!("({op}{})", self.expr(d))
            }
            11 => format!(
                "({} if {} else {})",
                self.expr(d),
                self.expr(d),
                self.expr(d)
            ),
            12 => {
                let f = [
                    "len",
                    "abs",
                    "str",
                    "repr",
                    "bool",
                    "int",
                    "float",
                    "sorted",
                    "list",
                    "tuple",
                    "sum",
                    "min",
                    "max",
                    "round",
                    "type(",
                    "set",
                    "reversed",
                    "enumerate",
                    "hash",
                    "iter",
                ][self.rng.usize(..20)];
                match f {
                    "type(" => format!("type({}).__name__", self.expr(d)),
                    "reversed" | "enumerate" | "iter" => format!("list({f}({}))", self.expr(d)),
                    "hash" => format!("hash({})", self.literal()),
                    _ => format!("{f}({})", self.expr(d)),
                }
            }
            13 => format!("{}[{}]", self.expr(d), self.expr(d)),
            14 => format!(
                "{}[{}:{}]",
                self.expr(d),
                self.rng.i8(-4..5),
                self.rng.i8(-4..9)
            ),
            15 => format!("[{}, {}]", self.expr(d), self.expr(d)),
            16 => format!("({}, {})", self.expr(d), self.expr(d)),
            17 => format!("{{{}: {}}}", self.literal(), self.expr(d)),
            18 => {
                let i = self.name("i");
                format!(
                    "[{} for {i} in range({}) if {i} % {} != 1]",
                    self.expr(d).replace("v0", &i),
                    self.rng.u8(..12),
                    self.rng.u8(1..4)
                )
            }
            19 => {
                let m = [
                    ".upper()",
                    ".split(',')",
                    ".strip()",
                    ".count('a')",
                    ".find('b')",
                    ".replace('a', 'zz')",
                    ".startswith('a')",
                    ".encode()",
                    ".index(1)",
                    ".copy()",
                    ".get('a', 7)",
                    ".keys()",
                    ".items()",
                    ".bit_length()",
                    ".is_integer()",
                    ".join(['1', '2'])",
                ][self.rng.usize(..16)];
                format!("{}{m}", self.expr(d))
            }
            20 if !self.funcs.is_empty() => {
                let (f, arity) = self.funcs[self.rng.usize(..self.funcs.len())].clone();
                let args: Vec<String> = (0..arity).map(|_| self.expr(d)).collect();
                format!("{f}({})", args.join(", "))
            }
            21 if !self.gens.is_empty() => {
                let g = self.gens[self.rng.usize(..self.gens.len())].clone();
                let n = self.rng.u8(..15);
                let consumer = ["sum", "list", "max", "sorted", "any", "all"][self.rng.usize(..6)];
                format!("{consumer}({g}({n}))")
            }
            22 => format!("(lambda q: {})({})", self.expr(d), self.expr(d)),
            _ => format!("f'{{{}!r}}-{{{}}}'", self.expr(d), self.var()),
        }
    }

    /// A statement that may raise, wrapped so the exception is printed and the program goes on.
    fn guarded(&mut self, depth: usize, body: &str) {
        self.line("try:");
        self.indent += 1;
        for l in body.lines() {
            self.line(l);
        }
        self.indent -= 1;
        self.line("except Exception as e:");
        self.indent += 1;
        self.line("show(type(e).__name__)");
        self.indent -= 1;
        let _ = depth;
    }

    fn block(&mut self, depth: usize, statements: usize) {
        self.indent += 1;
        for _ in 0..statements.max(1) {
            self.stmt(depth + 1);
        }
        self.indent -= 1;
    }

    fn stmt(&mut self, depth: usize) {
        let kinds = if depth > 2 { 6 } else { 16 };
        match self.rng.u8(..kinds) {
            0 | 1 => {
                let v = self.var();
                let e = self.expr(0);
                self.guarded(depth, &format!("{v} = clamp({e})"));
            }
            2 => {
                let e = self.expr(0);
                self.guarded(depth, &format!("show({e})"));
            }
            3 => {
                let v = self.var();
                let op = ["+=", "-=", "*=", "//=", "%=", "|=", "&="][self.rng.usize(..7)];
                let e = self.expr(1);
                self.guarded(depth, &format!("{v} {op} {e}\n{v} = clamp({v})"));
            }
            4 => {
                let v = self.var();
                let e = self.expr(1);
                let op = ["append", "remove", "pop", "insert"][self.rng.usize(..4)];
                let call = match op {
                    "pop" => format!("{v}.pop()"),
                    "insert" => format!("{v}.insert(0, {e})"),
                    _ => format!("{v}.{op}({e})"),
                };
                self.guarded(depth, &format!("{call}\n{v} = clamp({v})"));
            }
            5 => {
                let v = self.var();
                let k = self.literal();
                let e = self.expr(1);
                self.guarded(depth, &format!("{v}[{k}] = {e}\ndel {v}[{k}]"));
            }
            6 => {
                let c = self.expr(0);
                self.line(&format!("if truth(lambda: {c}):"));
                let n = self.rng.usize(1..3);
                self.block(depth, n);
                self.line("else:");
                let n = self.rng.usize(1..3);
                self.block(depth, n);
            }
            7 => {
                let i = self.name("i");
                let n = self.rng.usize(1..40);
                self.line(&format!("for {i} in range({n}):"));
                let k = self.rng.usize(1..3);
                self.block(depth, k);
            }
            8 => {
                let w = self.name("w");
                let n = self.rng.usize(1..30);
                self.line(&format!("{w} = 0"));
                self.line(&format!("while {w} < {n}:"));
                self.indent += 1;
                self.line(&format!("{w} += 1"));
                self.indent -= 1;
                let k = self.rng.usize(1..3);
                self.block(depth, k);
            }
            9 => self.function(depth),
            10 => self.class(depth),
            11 => self.generator(depth),
            12 if !self.funcs.is_empty() => {
                // A hot call site: enough calls for the JIT's warm tier to compile the callee.
                let (f, arity) = self.funcs[self.rng.usize(..self.funcs.len())].clone();
                let i = self.name("i");
                let args: Vec<String> = (0..arity)
                    .map(|k| if k == 0 { i.clone() } else { self.expr(2) })
                    .collect();
                let n = self.rng.usize(20..300);
                self.guarded(
                    depth,
                    &format!(
                        "acc = []\nfor {i} in range({n}):\n    acc.append(clamp({f}({})))\nshow(acc[-3:], len(acc))",
                        args.join(", ")
                    ),
                );
            }
            13 if !self.classes.is_empty() => {
                let c = self.classes[self.rng.usize(..self.classes.len())].clone();
                let o = self.name("o");
                let e = self.expr(1);
                let n = self.rng.usize(10..200);
                self.guarded(
                    depth,
                    &format!(
                        "{o} = {c}({e})\nfor _ in range({n}):\n    {o}.step(1)\nshow({o}.v, {o}.total(), {o})"
                    ),
                );
            }
            14 => {
                let e = self.expr(1);
                self.line(&format!("with Box(safe(lambda: {e})) as b:"));
                self.indent += 1;
                self.line("show(b)");
                self.indent -= 1;
                let k = self.rng.usize(1..3);
                self.block(depth, k);
            }
            _ => {
                let e = self.expr(1);
                let exc = ["ValueError", "KeyError", "ZeroDivisionError", "TypeError"]
                    [self.rng.usize(..4)];
                self.line("try:");
                let k = self.rng.usize(1..3);
                self.block(depth, k);
                self.indent += 1;
                self.line(&format!("raise {exc}({e})"));
                self.indent -= 1;
                self.line(&format!("except {exc} as e:"));
                self.indent += 1;
                self.line("show('caught', e.args)");
                self.indent -= 1;
                self.line("finally:");
                self.indent += 1;
                self.line("show('finally')");
                self.indent -= 1;
            }
        }
    }

    fn function(&mut self, depth: usize) {
        let f = self.name("f");
        let arity = self.rng.usize(1..4);
        let params: Vec<String> = (0..arity).map(|k| format!("p{k}")).collect();
        let defaults = if self.rng.bool() { ", *rest, k=3" } else { "" };
        self.line(&format!("def {f}({}{defaults}):", params.join(", ")));
        self.indent += 1;
        let local = self.name("t");
        let e = self.expr(1).replace("v1", "p0");
        self.line(&format!("{local} = {e}"));
        if self.rng.bool() {
            // A closure over a local, updated with nonlocal.
            let inner = self.name("g");
            self.line(&format!("def {inner}():"));
            self.line(&format!("    nonlocal {local}"));
            self.line(&format!("    {local} = clamp({local} * 2 if isinstance({local}, (int, str, list)) else {local})"));
            self.line(&format!("    return {local}"));
            self.line(&format!("{inner}()"));
        }
        let cond = self.expr(2).replace("v0", "p0");
        let other = self.expr(2).replace("v2", "p0");
        self.line(&format!(
            "return clamp(({local}, {other}) if {cond} else {local})"
        ));
        self.indent -= 1;
        self.funcs.push((f, arity));
        let _ = depth;
    }

    fn class(&mut self, depth: usize) {
        let c = self.name("C");
        let base = if !self.classes.is_empty() && self.rng.bool() {
            self.classes[self.rng.usize(..self.classes.len())].clone()
        } else {
            "object".into()
        };
        let e = self.expr(2);
        let slots = self.rng.u8(..4) == 0 && base == "object";
        self.line(&format!("class {c}({base}):"));
        self.indent += 1;
        if slots {
            self.line("__slots__ = ('v', 'n')");
        }
        self.line("def __init__(self, v):");
        self.line("    self.v = clamp(v)");
        self.line("    self.n = 0");
        self.line("def step(self, k):");
        self.line("    self.n += k");
        self.line(&format!(
            "    if self.n % 7 == 0:\n            self.v = clamp(({e}, self.v)[1])"
        ));
        self.line("def total(self):");
        self.line("    return self.n");
        self.line("@property");
        self.line("def twice(self):");
        self.line("    return self.n * 2");
        self.line("def __repr__(self):");
        self.line(&format!("    return '{c}(%r, %d)' % (self.v, self.n)"));
        if self.rng.bool() {
            self.line("def __eq__(self, other):");
            self.line("    return isinstance(other, type(self)) and self.n == other.n");
            self.line("__hash__ = None");
        }
        self.indent -= 1;
        self.classes.push(c);
        let _ = depth;
    }

    fn generator(&mut self, depth: usize) {
        let g = self.name("gen");
        let e = self.expr(2).replace("v0", "i");
        self.line(&format!("def {g}(n):"));
        self.indent += 1;
        self.line("try:");
        self.line("    for i in range(n):");
        self.line(&format!(
            "        x = yield (i if not isinstance({e}, int) else clamp({e}))"
        ));
        if self.rng.bool() {
            self.line("        if x is not None:");
            self.line("            yield x");
        }
        self.line("finally:");
        self.line("    pass");
        self.indent -= 1;
        self.gens.push(g);
        let _ = depth;
    }

    /// `src` with a few random mutations: bytes or lines deleted, duplicated or swapped, and
    /// tokens spliced in.
    pub fn mutate(&mut self, src: &str) -> String {
        let mut text: Vec<char> = src.chars().collect();
        for _ in 0..self.rng.usize(1..6) {
            let len = text.len();
            match self.rng.u8(..6) {
                0 if len > 0 => {
                    let a = self.rng.usize(..len);
                    let b = (a + self.rng.usize(1..20)).min(len);
                    text.drain(a..b);
                }
                1 | 2 => {
                    let at = self.rng.usize(..=len);
                    let tok = TOKENS[self.rng.usize(..TOKENS.len())];
                    let pad = if self.rng.bool() { " " } else { "" };
                    let ins: Vec<char> = format!("{pad}{tok}{pad}").chars().collect();
                    text.splice(at..at, ins);
                }
                3 => {
                    let s: String = text.iter().collect();
                    let mut lines: Vec<&str> = s.lines().collect();
                    if lines.len() > 1 {
                        let a = self.rng.usize(..lines.len());
                        let b = self.rng.usize(..lines.len());
                        lines.swap(a, b);
                    }
                    text = lines.join("\n").chars().collect();
                }
                4 => {
                    let s: String = text.iter().collect();
                    let mut lines: Vec<String> = s.lines().map(String::from).collect();
                    if !lines.is_empty() {
                        let a = self.rng.usize(..lines.len());
                        let copy = lines[a].clone();
                        let indent = "    ".repeat(self.rng.usize(..3));
                        lines.insert(a, format!("{indent}{}", copy.trim_start()));
                    }
                    text = lines.join("\n").chars().collect();
                }
                _ if len > 0 => {
                    let a = self.rng.usize(..len);
                    text[a] = char::from(self.rng.u8(9..127));
                }
                _ => {}
            }
        }
        text.into_iter().collect()
    }

    /// A deeply nested input of random shape and depth.
    pub fn deep(&mut self) -> String {
        let n = [50, 199, 200, 1000, 30_000][self.rng.usize(..5)] + self.rng.usize(..3);
        match self.rng.u8(..9) {
            0 => format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n)),
            1 => format!("x = {}{}\n", "[".repeat(n), "]".repeat(n)),
            2 => format!("x = {}1\n", "-".repeat(n)),
            3 => format!("x = {}1\n", "not ".repeat(n)),
            4 => format!("x = 1{}\n", " + 1".repeat(n)),
            5 => format!("x = {}1\n", "lambda: ".repeat(n.min(2000))),
            6 => {
                let mut s = String::new();
                for k in 0..n.min(400) {
                    s.push_str(&" ".repeat(k));
                    s.push_str("if x:\n");
                }
                s.push_str(&" ".repeat(n.min(400)));
                s.push_str("pass\n");
                s
            }
            7 => format!("x = a{}\n", ".b".repeat(n)),
            _ => format!("x = f(){}\n", "()".repeat(n)),
        }
    }
}

/// The text of every `.py` file under the given folders of the package, in a fixed order
/// (the seeds of mutation).
pub fn corpus_sources(folders: &[&str]) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for p in entries.flatten().map(|e| e.path()) {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "py") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in folders {
        walk(&root.join(folder), &mut files);
    }
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// What running one program under the three tiers found.
pub enum Finding {
    /// Killed by a signal, a Rust panic or abort, or an internal error message.
    Crash { tier: String, detail: String },
    /// Did not end within the time limit.
    Hang { tier: String },
    /// Output or exit status differs from the interpreter's.
    Differs { tier: String, detail: String },
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::Crash { tier, detail } => write!(f, "crash under jit={tier}: {detail}"),
            Finding::Hang { tier } => write!(f, "hang under jit={tier}"),
            Finding::Differs { tier, detail } => {
                write!(f, "jit={tier} differs from jit=off: {detail}")
            }
        }
    }
}

/// The tiers, as `heron` options.
pub const TIERS: [(&str, &[&str]); 3] = [
    ("off", &["-X", "jit=off"]),
    ("eager", &["-X", "jit=eager"]),
    (
        "warm",
        &["-X", "jit=on", "-X", "jit-threshold=5", "-X", "jit-sync"],
    ),
];

/// Text in stderr that means Heron failed, whatever the program did.
const CRASH_MARKS: [&str; 6] = [
    "internal error",
    "panicked",
    "overflowed its stack",
    "memory allocation of",
    "fatal runtime error",
    "compile error:",
];

/// Runs `path` with `heron` under each tier (stdin empty, `timeout` each, address space
/// limited to 4 GiB) and returns what went wrong, if anything.
pub fn run_tiers(heron: &Path, path: &Path, timeout: Duration) -> Option<Finding> {
    let mut first: Option<(String, Option<i32>)> = None;
    for (tier, args) in TIERS {
        let mut cmd = Command::new(heron);
        cmd.args(args)
            .arg(path)
            .env("PYTHONHASHSEED", "0")
            .env("PYTHONIOENCODING", "utf-8")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::null());
        let Some((status, out, err)) = crate::child::output_within(&mut cmd, timeout) else {
            return Some(Finding::Hang { tier: tier.into() });
        };
        let stdout = String::from_utf8_lossy(&out).into_owned();
        let stderr = String::from_utf8_lossy(&err).into_owned();
        if status.code().is_none() {
            return Some(Finding::Crash {
                tier: tier.into(),
                detail: format!("{status}; stderr: {}", tail(&stderr)),
            });
        }
        if let Some(mark) = CRASH_MARKS.iter().find(|m| stderr.contains(*m)) {
            return Some(Finding::Crash {
                tier: tier.into(),
                detail: format!("stderr has {mark:?}: {}", tail(&stderr)),
            });
        }
        match &first {
            None => first = Some((stdout, status.code())),
            Some((want, want_code)) => {
                if *want != stdout || *want_code != status.code() {
                    let line = stdout
                        .lines()
                        .zip(want.lines())
                        .position(|(a, b)| a != b)
                        .map(|i| i + 1)
                        .unwrap_or(stdout.lines().count().min(want.lines().count()) + 1);
                    let mut detail = String::new();
                    let _ = write!(
                        detail,
                        "exit {:?} vs {want_code:?}; first difference at output line {line}",
                        status.code()
                    );
                    return Some(Finding::Differs {
                        tier: tier.into(),
                        detail,
                    });
                }
            }
        }
    }
    None
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().rev().take(4).collect();
    lines.into_iter().rev().collect::<Vec<_>>().join(" | ")
}
