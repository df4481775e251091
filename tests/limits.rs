//! Running out of memory under an address-space limit (`ulimit -v`): the program sees
//! `MemoryError` (a traceback and exit status 1, or an `except` clause that goes on) instead of
//! the process aborting, and the interpreter still starts when its usual stack cannot be had.

use std::process::Command;
use std::time::{Duration, Instant};

/// Address-space limit for the runs, in KiB (`ulimit -v`): small enough that filling it is
/// quick.
const LIMIT_KIB: u64 = 2_000_000;

/// Runs `heron -c source` under the limit; returns (stdout, stderr, status, time taken).
fn run_limited(source: &str, extra: &[&str]) -> (String, String, i32, Duration) {
    let start = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_heron"))
        .args(extra)
        .arg("-c")
        .arg(source)
        .env_remove("HERON_JIT")
        .output()
        .expect("run heron");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
        start.elapsed(),
    )
}

/// The program ends with an uncaught MemoryError: a traceback and status 1, not an abort.
fn assert_memory_error(source: &str) {
    for jit in [&["-X", "jit=off"][..], &["-X", "jit=eager"][..]] {
        let (_, err, code, took) = run_limited(source, jit);
        assert_eq!(code, 1, "{source} ({jit:?}): status {code}, stderr:\n{err}");
        assert!(
            err.contains("Traceback") && err.trim_end().ends_with("MemoryError"),
            "{source} ({jit:?}): stderr:\n{err}"
        );
        assert!(took < Duration::from_secs(60), "{source}: took {took:?}");
    }
}

#[test]
fn huge_list_repetition() {
    assert_memory_error("[0] * 10**12");
}

#[test]
fn huge_str_repetition() {
    assert_memory_error("'x' * 10**12");
}

#[test]
fn list_of_huge_range() {
    assert_memory_error("list(range(10**12))");
}

#[test]
fn dict_growing_until_memory_runs_out() {
    assert_memory_error("d = {}\ni = 0\nwhile True:\n    d[i] = i\n    i += 1\n");
}

#[test]
fn list_growing_until_memory_runs_out() {
    assert_memory_error("l = []\nwhile True:\n    l.append(len(l))\n");
}

#[test]
fn caught_memory_error_lets_the_program_go_on() {
    let source = "\
try:
    [0] * 10**12
except MemoryError:
    print('caught 1')
try:
    d = {}
    i = 0
    while True:
        d[i] = str(i)
        i += 1
except MemoryError:
    print('caught 2')
del d
print(sum(range(100)), 'still running')
";
    let (out, err, code, _) = run_limited(source, &[]);
    assert_eq!(
        out, "caught 1\ncaught 2\n4950 still running\n",
        "stderr:\n{err}"
    );
    assert_eq!(code, 0, "stderr:\n{err}");
}

#[test]
fn starts_with_a_smaller_stack_when_address_space_is_short() {
    let (out, err, code, _) = run_limited("print(1)", &[]);
    assert_eq!((out.as_str(), code), ("1\n", 0), "stderr:\n{err}");
}

#[test]
fn deep_native_recursion_is_a_recursion_error_on_a_smaller_stack() {
    // With the limit the interpreter thread gets less than its usual stack; re-entering the VM
    // from native code deeply must still end in RecursionError, not a crash.
    let source = "\
import sys
sys.setrecursionlimit(1000000)
class A:
    def __repr__(self):
        return repr(A())
try:
    repr(A())
except RecursionError:
    print('recursion')
";
    let (out, err, code, _) = run_limited(source, &[]);
    assert_eq!((out.as_str(), code), ("recursion\n", 0), "stderr:\n{err}");
}

/// Built-in operations that copy or grow a program-sized buffer raise `MemoryError` when the
/// memory is not there (each attempt's partial results are freed, so the next one starts from
/// the same footing), and the program goes on.
#[test]
fn builtin_copies_and_growth_raise_memory_error() {
    let source = "\
def attempt(name, f):
    try:
        f()
        print(name, 'no error')
    except MemoryError:
        print(name, 'MemoryError')
b = b'a' * 600_000_000
attempt('bytes +', lambda: b + b + b)
attempt('bytes.upper', lambda: (b.upper(), b.lower(), b.upper()))
attempt('bytes.hex', lambda: b.hex())
attempt('bytes.replace', lambda: b.replace(b'a', b'aaaa'))
attempt('bytes.join', lambda: b''.join([b, b, b]))
def grow():
    ba = bytearray()
    ba.extend(b)
    ba.extend(b)
    ba += b
attempt('bytearray.extend', grow)
del b
s = 'x' * 600_000_000
attempt('str +', lambda: s + s + s)
attempt('str.upper', lambda: (s.upper(), s.lower(), s.upper()))
attempt('str.encode', lambda: (s.encode(), s.encode(), s.encode()))
del s
l = [0] * 70_000_000
attempt('list +', lambda: l + l + l)
attempt('list slices', lambda: (l[:], l[::-1], l[:]))
attempt('tuple +', lambda: tuple(l) + tuple(l))
def extend_self():
    l.extend(l)
    l.extend(l)
attempt('list.extend', extend_self)
del l
attempt('set growth', lambda: set(range(10**10)))
attempt('list.extend growth', lambda: [].extend(range(10**10)))
print(sum(range(100)), 'still running')
";
    let (out, err, code, took) = run_limited(source, &["-X", "jit=off"]);
    let want: String = [
        "bytes +",
        "bytes.upper",
        "bytes.hex",
        "bytes.replace",
        "bytes.join",
        "bytearray.extend",
        "str +",
        "str.upper",
        "str.encode",
        "list +",
        "list slices",
        "tuple +",
        "list.extend",
        "set growth",
        "list.extend growth",
    ]
    .iter()
    .map(|n| format!("{n} MemoryError\n"))
    .chain(std::iter::once("4950 still running\n".to_string()))
    .collect();
    assert_eq!(out, want, "stderr:\n{err}");
    assert_eq!(code, 0, "stderr:\n{err}");
    assert!(took < Duration::from_secs(120), "took {took:?}");
}
