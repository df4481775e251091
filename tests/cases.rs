//! Runs every program under `tests/cases/<area>/` with the `heron` binary, in the interpreter
//! (`-X jit=off`), compiling every code object on its first call (`-X jit=eager`), compiling
//! after a short warm-up that gathers type feedback (`-X jit=on -X jit-threshold=5`), and that
//! again with frequent full cycle collections (`zeal`: `-X gc-zeal=100`), and compares stdout and the exit status with the stored CPython 3.11 output (`NAME.out`, and
//! `NAME.code` when the status is not 0). Under the JIT it also fails on any code object the
//! JIT rejected with an internal or code-generation error.
//!
//! Each program under each tier is its own test, named `cases/<area>/<name> [jit=<tier>]` or
//! `[gc-zeal]` (or `lib/<name> [...]`), so `cargo test --release --test cases -- <part of a name>` runs a
//! chosen few, e.g. `-- del_immediate` or `-- 'jit=eager'`. Two more tests check that every
//! expected-output file belongs to a program (`orphans`).
//!
//! `HERON_TEST_ARGS` adds options to every run: `HERON_TEST_ARGS='-X gc-zeal=1' cargo test
//! --release --test cases` is the full run under a collection per allocation (programs with a
//! `# gc-zeal: skip (why)` line are then ignored).
//!
//! Cases whose names start with `_` are helper modules. Known failures live in
//! `tests/wishlist/` and are not run here.
//!
//! `tests/lib/` holds programs that import CPython 3.11's own pure-Python standard library
//! (found as Heron finds it: `HERON_STDLIB`, else `/usr/lib/python3.11`, ...). They run the
//! same way when that library is installed; without it they are reported as ignored, except
//! under CI (`CI` set), where a missing library is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};

#[path = "support/child.rs"]
mod child;

/// The tiers every program runs under, by the name its tests carry. `zeal` is `warm` with a
/// full cycle collection after every `ZEAL` container allocations (`-X gc-zeal`).
const TIERS: [&str; 4] = ["off", "eager", "warm", "zeal"];

/// The collection interval of the `zeal` tier (a full run under `-X gc-zeal=1` is in
/// docs/robustness.md).
const ZEAL: u32 = 100;

/// Does the program say it cannot run under `-X gc-zeal` (a `# gc-zeal: skip (why)` line: it
/// observes when collections happen, or it builds structures too large to scan that often)?
fn zeal_skipped(case: &Path) -> bool {
    std::fs::read_to_string(case)
        .unwrap_or_default()
        .lines()
        .any(|l| l.starts_with("# gc-zeal: skip"))
}

fn collect_cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('_') {
            continue;
        }
        if p.is_dir() {
            collect_cases(&p, out);
        } else if name.ends_with(".py") {
            out.push(p);
        }
    }
}

/// Expected-output files (`.out`, `.code`) under `dir` with no program beside them.
fn orphans(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for p in entries.flatten().map(|e| e.path()) {
        if p.is_dir() {
            orphans(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("out") | Some("code")
        ) && !p.with_extension("py").exists()
        {
            out.push(p);
        }
    }
}

/// Options added to every run from `HERON_TEST_ARGS` (split at whitespace), e.g.
/// `HERON_TEST_ARGS='-X gc-zeal=1'` runs the corpus under a collection per allocation.
fn extra_args() -> Vec<String> {
    std::env::var("HERON_TEST_ARGS")
        .unwrap_or_default()
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// Runs one case under one tier; returns a failure description.
fn run_case(case: &Path, tier: &str) -> Option<String> {
    let expected = std::fs::read_to_string(case.with_extension("out")).unwrap_or_default();
    let code_file = case.with_extension("code");
    let expected_code: i32 = std::fs::read_to_string(&code_file)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_heron"));
    cmd.args(extra_args());
    if tier == "warm" || tier == "zeal" {
        // Compiled after a short warm-up, so the interpreter's type feedback drives
        // speculation (eager compilation has none). Compiled on the interpreter's thread, so
        // where compiled code takes over does not depend on timing.
        cmd.args(["-X", "jit=on", "-X", "jit-threshold=5", "-X", "jit-sync"]);
        if tier == "zeal" {
            cmd.arg("-X").arg(format!("gc-zeal={ZEAL}"));
        }
    } else {
        cmd.arg("-X").arg(format!("jit={tier}"));
    }
    if tier != "off" {
        // The statistics name every code object the JIT failed on; a front-end or Cranelift
        // error is a bug even when the interpreter then runs the code correctly.
        cmd.arg("-X").arg("jit-stats");
    }
    cmd.arg(case.file_name().expect("file name"))
        .current_dir(case.parent().expect("parent"))
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null());
    let Some((status, out_bytes, err_bytes)) =
        child::output_within(&mut cmd, Duration::from_secs(60))
    else {
        return Some("timed out after 60 s".into());
    };
    let stdout = String::from_utf8_lossy(&out_bytes).replace("\r\n", "\n");
    let code = status.code().unwrap_or(-1);
    let stderr_text = String::from_utf8_lossy(&err_bytes);
    if let Some(line) = stderr_text
        .lines()
        .find(|l| l.contains("internal error: malformed HIR") || l.contains("compile error:"))
    {
        return Some(format!("JIT failure: {}", line.trim()));
    }
    if stdout != expected || code != expected_code {
        let stderr = String::from_utf8_lossy(&err_bytes);
        let first_diff = stdout
            .lines()
            .zip(expected.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("line {}: got {:?}, want {:?}", i + 1, a, b))
            .unwrap_or_else(|| {
                format!(
                    "got {} lines, want {}",
                    stdout.lines().count(),
                    expected.lines().count()
                )
            });
        let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
        return Some(format!(
            "exit {code} (want {expected_code}); {first_diff}; stderr: {}",
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        ));
    }
    None
}

/// Whether the `heron` binary finds a CPython 3.11 standard library on this machine.
fn stdlib_found() -> bool {
    let out = Command::new(env!("CARGO_BIN_EXE_heron"))
        .args(["-c", "import sys; print(sys._stdlib_dir is not None)"])
        .output()
        .expect("run heron");
    String::from_utf8_lossy(&out.stdout).trim() == "True"
}

/// One test per program and tier under `tests/<tree>`, plus the orphan check of that tree.
/// `skip` marks them ignored (the library they need is missing).
fn trials_for(tree: &str, skip: bool, trials: &mut Vec<Trial>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(tree);
    let mut cases = Vec::new();
    collect_cases(&root, &mut cases);
    let found = !cases.is_empty();
    let shown_root = root.display().to_string();
    trials.push(Trial::test(format!("{tree}/orphans"), move || {
        if !found {
            return Err(format!("no cases found under {shown_root}").into());
        }
        let mut lost = Vec::new();
        orphans(Path::new(&shown_root), &mut lost);
        if lost.is_empty() {
            Ok(())
        } else {
            let names: Vec<String> = lost.iter().map(|p| p.display().to_string()).collect();
            Err(format!("expected output with no program: {}", names.join(", ")).into())
        }
    }));
    for case in cases {
        let rel = case
            .strip_prefix(&root)
            .unwrap_or(&case)
            .with_extension("")
            .display()
            .to_string();
        let zeal_skip = zeal_skipped(&case);
        let zeal_everywhere = extra_args().iter().any(|a| a.contains("gc-zeal"));
        for tier in TIERS {
            let case = case.clone();
            let skip = skip || (zeal_skip && (tier == "zeal" || zeal_everywhere));
            let label = if tier == "zeal" {
                "gc-zeal".to_string()
            } else {
                format!("jit={tier}")
            };
            let trial = Trial::test(format!("{tree}/{rel} [{label}]"), move || {
                match run_case(&case, tier) {
                    None => Ok(()),
                    Some(why) => Err(Failed::from(why)),
                }
            });
            trials.push(trial.with_ignored_flag(skip));
        }
    }
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    trials_for("cases", false, &mut trials);
    let have_stdlib = stdlib_found();
    if !have_stdlib {
        assert!(
            std::env::var_os("CI").is_none(),
            "CPython 3.11's standard library is missing (apt-get install libpython3.11-stdlib)"
        );
        eprintln!("tests/lib is ignored: no CPython 3.11 standard library on this machine");
    }
    trials_for("lib", !have_stdlib, &mut trials);
    libtest_mimic::run(&args, trials).exit();
}
