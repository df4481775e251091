//! Lazy calls from compiled code: the inline path is taken (the IR calls the callee's entry
//! itself), a pure recursion makes no interpreter frames, and a program that looks at its
//! frames gets them made on demand.

use std::path::Path;
use std::process::Command;

fn run(args: &[&str], script: &Path) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_heron"))
        .args(args)
        .arg(script)
        .output()
        .expect("run heron");
    assert!(out.status.success(), "heron {args:?} {}", script.display());
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The count in the `-X jit-stats` line "frames made for lazy calls: N".
fn frames_made(stats: &str) -> usize {
    stats
        .lines()
        .find_map(|l| l.trim().strip_prefix("frames made for lazy calls: "))
        .expect("the statistics line")
        .parse()
        .expect("a count")
}

#[test]
fn recursion_runs_without_frames() {
    let dir = std::env::temp_dir().join(format!("heron-lazy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("fib.py");
    std::fs::write(
        &script,
        "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\
         print(fib(20))\n",
    )
    .expect("write");
    // -S: `site`'s start-up code would be compiled eagerly too and count its own frames.
    let (out, err) = run(&["-S", "-X", "jit=eager", "-X", "jit-stats"], &script);
    assert_eq!(out, "6765\n");
    assert_eq!(frames_made(&err), 0, "{err}");
    let (_, dump) = run(&["-X", "jit=eager", "-X", "jit-dump=ir"], &script);
    assert!(dump.contains("call_indirect"), "{dump}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn introspection_makes_frames() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/jit/lazy_frames.py");
    let expected = std::fs::read_to_string(script.with_extension("out")).expect("expected");
    let (out, err) = run(&["-X", "jit=eager", "-X", "jit-stats"], &script);
    assert_eq!(out, expected);
    assert!(frames_made(&err) > 0, "{err}");
}
