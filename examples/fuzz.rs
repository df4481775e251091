//! Long fuzzing runs from the command line (the bounded run is `tests/fuzz`):
//!
//! ```text
//! cargo run --release --example fuzz -- [compile|run|print] [--seconds N] [--seed S] [--jobs J]
//!     [--heron PATH] [--findings DIR]
//! ```
//!
//! `compile` feeds mutated corpus programs, mutated generated programs and deeply nested
//! inputs to the parser and compiler, in worker processes so an abort loses nothing: each
//! worker writes the input it is about to compile to a file first. `run` runs generated
//! programs with `heron` under the three tiers and reports crashes, hangs and any difference
//! between the tiers. `print --seed S` prints the program `run` generates from seed S. Findings are written to `--findings` (default `fuzz-findings/`); the
//! summary gives inputs tried, CPU time and findings.

#[path = "../tests/support/child.rs"]
mod child;
#[path = "../tests/fuzz/gen.rs"]
mod gen;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

struct Options {
    target: String,
    seconds: u64,
    seed: u64,
    jobs: usize,
    heron: PathBuf,
    findings: PathBuf,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        target: "run".into(),
        seconds: 60,
        seed: 1,
        jobs: 1,
        heron: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/heron")),
        findings: PathBuf::from("fuzz-findings"),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "compile" | "run" | "print" => o.target = a.clone(),
            "--seconds" => o.seconds = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => o.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--jobs" => o.jobs = value()?.parse().map_err(|e| format!("{e}"))?,
            "--heron" => o.heron = PathBuf::from(value()?),
            "--findings" => o.findings = PathBuf::from(value()?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(o)
}

/// A worker process: compiles `count` inputs from `seed`, writing each to `current` first.
/// Panics and slow inputs are saved under `findings`; an abort leaves `current` behind.
fn compile_worker(seed: u64, count: usize, current: &Path, findings: &Path) {
    let sources = gen::corpus_sources(&["tests/cases", "tests/lib"]);
    let mut g = gen::Gen::new(seed);
    let current = current.to_path_buf();
    let findings = findings.to_path_buf();
    std::thread::Builder::new()
        .stack_size(heron::run::PYTHON_STACK_SIZE)
        .spawn(move || {
            for k in 0..count {
                let src = match k % 8 {
                    0 => g.deep(),
                    1 | 2 => {
                        let p = g.program(20);
                        g.mutate(&p)
                    }
                    _ => {
                        let base = &sources[(seed as usize * 7919 + k) % sources.len()];
                        g.mutate(base)
                    }
                };
                let _ = std::fs::write(&current, &src);
                let start = Instant::now();
                let outcome = std::panic::catch_unwind(|| {
                    let _ = heron::compile::compile(&src, "<fuzz>", heron::compile::Mode::Exec);
                });
                let slow = start.elapsed() > Duration::from_secs(2);
                if outcome.is_err() || slow {
                    let kind = if slow { "slow" } else { "panic" };
                    let file = findings.join(format!("compile-{kind}-{seed}-{k}.py"));
                    let _ = std::fs::write(&file, &src);
                    println!("FINDING {kind} {}", file.display());
                }
            }
        })
        .expect("spawn")
        .join()
        .expect("worker");
}

/// CPU time used by this process and the children it waited for, in seconds.
fn cpu_seconds() -> f64 {
    let (t, _, hz) = heron::os::system::times();
    (t.tms_utime + t.tms_stime + t.tms_cutime + t.tms_cstime) as f64 / hz.max(1) as f64
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--worker") {
        let seed = args[1].parse().expect("seed");
        let count = args[2].parse().expect("count");
        compile_worker(seed, count, Path::new(&args[3]), Path::new(&args[4]));
        return;
    }
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("usage: fuzz [compile|run|print] [--seconds N] [--seed S] [--jobs J] [--heron PATH] [--findings DIR]");
        return;
    }
    let o = match parse_options(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("fuzz: {e}");
            std::process::exit(2);
        }
    };
    if o.target == "print" {
        print!("{}", gen::Gen::new(o.seed).program(30));
        return;
    }
    std::fs::create_dir_all(&o.findings).expect("findings folder");
    let deadline = Instant::now() + Duration::from_secs(o.seconds);
    let next_seed = AtomicU64::new(o.seed);
    let inputs = AtomicU64::new(0);
    let found = AtomicU64::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for job in 0..o.jobs {
            let (o, next_seed, inputs, found) = (&o, &next_seed, &inputs, &found);
            s.spawn(move || {
                let scratch =
                    std::env::temp_dir().join(format!("heron-fuzz-{}-{job}", std::process::id()));
                std::fs::create_dir_all(&scratch).expect("scratch folder");
                while Instant::now() < deadline {
                    let seed = next_seed.fetch_add(1, Ordering::Relaxed);
                    if o.target == "compile" {
                        const BATCH: usize = 500;
                        let current = scratch.join("current.py");
                        let out = Command::new(std::env::current_exe().expect("exe"))
                            .args(["--worker", &seed.to_string(), &BATCH.to_string()])
                            .arg(&current)
                            .arg(&o.findings)
                            .output()
                            .expect("run worker");
                        inputs.fetch_add(BATCH as u64, Ordering::Relaxed);
                        let text = String::from_utf8_lossy(&out.stdout);
                        let listed = text.lines().filter(|l| l.starts_with("FINDING")).count();
                        found.fetch_add(listed as u64, Ordering::Relaxed);
                        for l in text.lines().filter(|l| l.starts_with("FINDING")) {
                            println!("{l}");
                        }
                        if !out.status.success() {
                            let file = o.findings.join(format!("compile-crash-{seed}.py"));
                            let _ = std::fs::copy(&current, &file);
                            found.fetch_add(1, Ordering::Relaxed);
                            println!("FINDING crash ({}) {}", out.status, file.display());
                        }
                    } else {
                        let src = gen::Gen::new(seed).program(30);
                        let path = scratch.join(format!("gen{seed}.py"));
                        std::fs::write(&path, &src).expect("write program");
                        inputs.fetch_add(1, Ordering::Relaxed);
                        if let Some(f) = gen::run_tiers(&o.heron, &path, Duration::from_secs(30)) {
                            let file = o.findings.join(format!("run-{seed}.py"));
                            let _ = std::fs::copy(&path, &file);
                            found.fetch_add(1, Ordering::Relaxed);
                            println!("FINDING {f} {}", file.display());
                        }
                        let _ = std::fs::remove_file(&path);
                    }
                }
                let _ = std::fs::remove_dir_all(&scratch);
            });
        }
    });
    let wall = started.elapsed().as_secs_f64();
    println!(
        "fuzz {}: {} inputs from seed {} in {:.0} s with {} jobs: {:.2} CPU-hours (this process and its children, user + system), {} findings",
        o.target,
        inputs.load(Ordering::Relaxed),
        o.seed,
        wall,
        o.jobs,
        cpu_seconds() / 3600.0,
        found.load(Ordering::Relaxed)
    );
}
