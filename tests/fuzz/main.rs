//! Bounded fuzzing in `cargo test`, with fixed seeds (so a failure reproduces): mutated corpus
//! programs and deeply nested inputs through the parser and compiler in-process, and generated
//! programs run under the three tiers, which must agree and never crash. The long runs use the
//! same generators: `cargo run --release --example fuzz -- --help` (docs/safety.md).

#[path = "../support/child.rs"]
mod child;
mod gen;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use heron::compile::{compile, Mode};

/// Compiles each input on a thread with the interpreter's stack size; returns the inputs that
/// panicked or took more than a second.
fn compile_all(inputs: Vec<String>) -> Vec<String> {
    std::thread::Builder::new()
        .stack_size(heron::run::PYTHON_STACK_SIZE)
        .spawn(move || {
            let mut bad = Vec::new();
            for src in inputs {
                let start = Instant::now();
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    let _ = compile(&src, "<fuzz>", Mode::Exec);
                }));
                let took = start.elapsed();
                if outcome.is_err() || took > Duration::from_secs(1) {
                    let head: String = src.chars().take(300).collect();
                    bad.push(format!("{took:?} panicked={}: {head:?}", outcome.is_err()));
                }
            }
            bad
        })
        .expect("spawn")
        .join()
        .expect("compile thread")
}

#[test]
fn mutated_sources_compile_or_fail_cleanly() {
    let corpus = gen::corpus_sources(&["tests/cases"]);
    assert!(!corpus.is_empty());
    let mut g = gen::Gen::new(0x5eed);
    let mut inputs = Vec::new();
    for k in 0..3000 {
        let base = if k % 4 == 0 {
            g.program(12)
        } else {
            corpus[k % corpus.len()].clone()
        };
        inputs.push(g.mutate(&base));
    }
    for _ in 0..40 {
        inputs.push(g.deep());
    }
    let bad = compile_all(inputs);
    assert!(
        bad.is_empty(),
        "{} inputs failed:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn generated_programs_agree_across_tiers() {
    let dir = std::env::temp_dir().join(format!("heron-fuzz-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let heron = Path::new(env!("CARGO_BIN_EXE_heron"));
    let mut problems = Vec::new();
    for seed in 0..24u64 {
        let src = gen::Gen::new(seed).program(25);
        let path = dir.join(format!("gen{seed}.py"));
        std::fs::write(&path, &src).expect("write program");
        if let Some(f) = gen::run_tiers(heron, &path, Duration::from_secs(30)) {
            problems.push(format!("seed {seed}: {f}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
