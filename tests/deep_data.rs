//! Deeply nested data against the native stack: hashing, comparing and printing millions of
//! levels must end in RecursionError (where CPython itself overflows its stack), and freeing
//! them must not recurse at all (the trashcan). The depths overflow the Python thread's 1 GiB
//! stack without those guards.

use std::process::Command;

/// The modes every program runs under: interpreted, compiled at once, compiled after warm-up.
const MODES: [&[&str]; 3] = [
    &["-X", "jit=off"],
    &["-X", "jit=eager"],
    &["-X", "jit=on", "-X", "jit-threshold=5", "-X", "jit-sync"],
];

/// Runs `program` under `mode`: stdout, stderr and the exit status (`None` for a signal).
fn run(mode: &[&str], program: &str) -> (String, String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_heron"))
        .env_remove("PYTHONPATH")
        .env_remove("HERON_JIT")
        .args(mode)
        .arg("-c")
        .arg(program)
        .output()
        .expect("run heron");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// Only interpreted: for programs whose deep work is all in native code, where compiling the
/// loop that builds the data changes nothing but the time taken.
const INTERPRETED: [&[&str]; 1] = [MODES[0]];

/// Asserts that `program` ends with an uncaught RecursionError in each of `modes`.
fn ends_in_recursion_error(modes: &[&[&str]], program: &str) {
    for &mode in modes {
        let (out, err, code) = run(mode, program);
        assert_eq!(code, Some(1), "{mode:?}: stdout {out:?} stderr {err:?}");
        assert!(
            err.trim_end()
                .lines()
                .last()
                .is_some_and(|l| l.starts_with("RecursionError: maximum recursion depth")),
            "{mode:?}: {err}"
        );
        assert_eq!(out, "", "{mode:?}");
    }
}

/// Asserts that `program` prints `expected` and exits 0 in each of `modes`.
fn prints(modes: &[&[&str]], program: &str, expected: &str) {
    for &mode in modes {
        let (out, err, code) = run(mode, program);
        assert_eq!(code, Some(0), "{mode:?}: stderr {err}");
        assert_eq!(out, expected, "{mode:?}");
    }
}

const DEEP_TUPLE: &str = "a = ()\nfor i in range(4 * 10**6):\n    a = (a,)\n";

#[test]
fn hash_of_deep_tuple_raises() {
    ends_in_recursion_error(&MODES, &format!("{DEEP_TUPLE}print(hash(a))\n"));
}

#[test]
fn deep_tuple_as_dict_key_raises() {
    ends_in_recursion_error(
        &INTERPRETED,
        &format!("{DEEP_TUPLE}d = {{a: 1}}\nprint(len(d))\n"),
    );
}

#[test]
fn repr_of_deep_tuple_raises() {
    ends_in_recursion_error(&INTERPRETED, &format!("{DEEP_TUPLE}print(len(repr(a)))\n"));
}

#[test]
fn equality_of_deep_tuples_raises() {
    ends_in_recursion_error(
        &INTERPRETED,
        &format!("{DEEP_TUPLE}b = ()\nfor i in range(4 * 10**6):\n    b = (b,)\nprint(a == b)\n"),
    );
}

#[test]
fn operations_on_deep_lists_and_dicts_raise() {
    let program = "\
a = []
for i in range(4 * 10**6):
    a = [a]
d = {}
for i in range(4 * 10**6):
    d = {1: d}
t = (a,)
ops = [
    ('<', lambda: a < [a]),
    ('in', lambda: a in [[a]]),
    ('count', lambda: [[a]].count(a)),
    ('index', lambda: t.index([a])),
    ('str', lambda: str(a)),
    ('sorted', lambda: sorted([[a], a])),
    ('dict ==', lambda: d == {1: d}),
    ('dict repr', lambda: repr(d)),
]
for name, op in ops:
    try:
        op()
        print(name, 'returned')
    except RecursionError:
        print(name, 'RecursionError')
";
    let expected = "< RecursionError\nin RecursionError\ncount RecursionError\n\
                    index RecursionError\nstr RecursionError\nsorted RecursionError\n\
                    dict == RecursionError\ndict repr RecursionError\n";
    prints(&INTERPRETED, program, expected);
}

#[test]
fn freeing_a_ten_million_deep_tuple_chain() {
    prints(
        &MODES,
        "a = ()\nfor i in range(10**7):\n    a = (a,)\ndel a\nprint('ok')\n",
        "ok\n",
    );
}

#[test]
fn freeing_deep_chains_of_every_container() {
    let program = "\
class C:
    pass

def cell(v):
    return lambda: v

def gen(x):
    yield x

def f():
    pass

def method(v):
    return f.__get__(v)

def context(v):
    e = Exception()
    e.__context__ = v if isinstance(v, BaseException) else None
    return e

def instance(v):
    c = C()
    c.x = v
    return c

makers = [
    lambda v: [v], lambda v: {1: v}, lambda v: frozenset([v]), instance, cell,
    lambda v: (lambda x=v: x), method, Exception, context, gen, lambda v: iter([v]),
]
for make in makers:
    a = C()
    for i in range(5 * 10**5):
        a = make(a)
    del a
print('ok')
";
    prints(&INTERPRETED, program, "ok\n");
}
