//! Runs every program under `tests/cases/<area>/` with the `heron` binary, in the interpreter
//! (`-X jit=off`), compiling every code object on its first call (`-X jit=eager`), and compiling
//! after a short warm-up that gathers type feedback (`-X jit=on -X jit-threshold=5`), and
//! compares stdout and the exit status with the stored CPython 3.11 output (`NAME.out`, and
//! `NAME.code` when the status is not 0). Under the JIT it also fails on any code object the
//! JIT rejected with an internal or code-generation error.
//!
//! Cases whose names start with `_` are helper modules. Known failures live in
//! `tests/wishlist/` and are not run here.
//!
//! `tests/lib/` holds programs that import CPython 3.11's own pure-Python standard library
//! (found as Heron finds it: `HERON_STDLIB`, else `/usr/lib/python3.11`, ...). They run the
//! same way when that library is installed; without it they are skipped with a message, except
//! under CI (`CI` set), where a missing library is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

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

/// Runs one case under one tier; returns a failure description.
fn run_case(case: &Path, tier: &str) -> Option<String> {
    let expected = std::fs::read_to_string(case.with_extension("out")).unwrap_or_default();
    let code_file = case.with_extension("code");
    let expected_code: i32 = std::fs::read_to_string(&code_file)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_heron"));
    if tier == "warm" {
        // Compiled after a short warm-up, so the interpreter's type feedback drives
        // speculation (eager compilation has none). Compiled on the interpreter's thread, so
        // where compiled code takes over does not depend on timing.
        cmd.args(["-X", "jit=on", "-X", "jit-threshold=5", "-X", "jit-sync"]);
    } else {
        cmd.arg("-X").arg(format!("jit={tier}"));
    }
    if tier != "off" {
        // The statistics name every code object the JIT failed on; a front-end or Cranelift
        // error is a bug even when the interpreter then runs the code correctly.
        cmd.arg("-X").arg("jit-stats");
    }
    let mut child = cmd
        .arg(case.file_name().expect("file name"))
        .current_dir(case.parent().expect("parent"))
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn heron");
    // Drain the pipes while waiting, so a large output cannot block the child.
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out_pipe, &mut b);
        b
    });
    let err_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err_pipe, &mut b);
        b
    });
    let start = std::time::Instant::now();
    let status = loop {
        match child.try_wait().expect("wait") {
            Some(status) => break status,
            None if start.elapsed() > Duration::from_secs(60) => {
                let _ = child.kill();
                let _ = child.wait();
                return Some("timed out after 60 s".into());
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let out_bytes = out_reader.join().unwrap_or_default();
    let err_bytes = err_reader.join().unwrap_or_default();
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

#[test]
fn corpus_both_tiers() {
    run_tree("tests/cases");
}

/// Whether the `heron` binary finds a CPython 3.11 standard library on this machine.
fn stdlib_found() -> bool {
    let out = Command::new(env!("CARGO_BIN_EXE_heron"))
        .args(["-c", "import sys; print(sys._stdlib_dir is not None)"])
        .output()
        .expect("run heron");
    String::from_utf8_lossy(&out.stdout).trim() == "True"
}

#[test]
fn library_cases_all_tiers() {
    if !stdlib_found() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CPython 3.11's standard library is missing (apt-get install libpython3.11-stdlib)"
        );
        println!("skipped tests/lib: no CPython 3.11 standard library on this machine");
        return;
    }
    run_tree("tests/lib");
}

/// Runs every program under `dir` (relative to the package) under the three tiers.
fn run_tree(dir: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut cases = Vec::new();
    collect_cases(&root, &mut cases);
    assert!(!cases.is_empty(), "no cases found under {}", root.display());
    let work: Mutex<Vec<(PathBuf, &str)>> = Mutex::new(
        cases
            .iter()
            .flat_map(|c| {
                [
                    (c.clone(), "off"),
                    (c.clone(), "eager"),
                    (c.clone(), "warm"),
                ]
            })
            .collect(),
    );
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let Some((case, tier)) = work.lock().expect("lock").pop() else {
                    break;
                };
                if let Some(why) = run_case(&case, tier) {
                    let rel = case
                        .strip_prefix(&root)
                        .unwrap_or(&case)
                        .display()
                        .to_string();
                    failures
                        .lock()
                        .expect("lock")
                        .push(format!("{rel} [jit={tier}]: {why}"));
                }
            });
        }
    });
    let mut failures = failures.into_inner().expect("lock");
    failures.sort();
    let total = cases.len() * 3;
    println!(
        "{} passed, {} failed",
        total - failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} case runs failed:\n{}",
        failures.len(),
        total,
        failures.join("\n")
    );
}
