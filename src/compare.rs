//! `heron --compare [--runs N] script.py [args]`: runs a script under the interpreter
//! (`-X jit=off`) and with the JIT (`-X jit=on`), each several times in fresh processes, checks
//! that stdout and the exit status are identical, and prints both timings and the speed-up.

use std::process::{Command, Stdio};
use std::time::Instant;

struct Run {
    stdout: Vec<u8>,
    status: i32,
    seconds: f64,
}

fn run_once(exe: &std::path::Path, mode: &str, script_args: &[String]) -> Result<Run, String> {
    let start = Instant::now();
    let out = Command::new(exe)
        .arg("-X")
        .arg(format!("jit={mode}"))
        .args(script_args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    Ok(Run {
        stdout: out.stdout,
        status: out.status.code().unwrap_or(-1),
        seconds: start.elapsed().as_secs_f64(),
    })
}

fn summary(times: &mut [f64]) -> (f64, f64, f64) {
    times.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let median = times[times.len() / 2];
    (median, times[0], times[times.len() - 1])
}

/// Runs the comparison; returns the process exit status (1 if the outputs differ).
pub fn compare(args: &[String]) -> i32 {
    let mut runs = 5usize;
    let mut rest = args;
    if rest.first().map(String::as_str) == Some("--runs") {
        match rest.get(1).and_then(|n| n.parse().ok()) {
            Some(n) if n > 0 => runs = n,
            _ => {
                eprintln!("heron: --runs needs a positive number");
                return 2;
            }
        }
        rest = &rest[2..];
    }
    if rest.is_empty() {
        eprintln!("usage: heron --compare [--runs N] script.py [args]");
        return 2;
    }
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("heron: cannot find the heron executable: {e}");
            return 2;
        }
    };
    let mut times = [Vec::new(), Vec::new()];
    let mut reference: Option<(Vec<u8>, i32)> = None;
    for _ in 0..runs {
        for (k, mode) in ["off", "on"].iter().enumerate() {
            let r = match run_once(&exe, mode, rest) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("heron: {e}");
                    return 2;
                }
            };
            match &reference {
                None => reference = Some((r.stdout.clone(), r.status)),
                Some((out, status)) => {
                    if *out != r.stdout || *status != r.status {
                        eprintln!(
                            "heron --compare: outputs differ (jit={mode}: exit {}, {} bytes of stdout; first run: exit {status}, {} bytes)",
                            r.status,
                            r.stdout.len(),
                            out.len()
                        );
                        return 1;
                    }
                }
            }
            times[k].push(r.seconds);
        }
    }
    let (im, imin, imax) = summary(&mut times[0]);
    let (jm, jmin, jmax) = summary(&mut times[1]);
    println!(
        "outputs identical over {runs} runs of each tier (exit status {})",
        reference.map(|r| r.1).unwrap_or(0)
    );
    println!(
        "{:<12} {:>10} {:>10} {:>10}",
        "tier", "median s", "min s", "max s"
    );
    println!(
        "{:<12} {:>10.3} {:>10.3} {:>10.3}",
        "interpreter", im, imin, imax
    );
    println!("{:<12} {:>10.3} {:>10.3} {:>10.3}", "jit", jm, jmin, jmax);
    println!(
        "speed-up (interpreter median / jit median): {:.2}x",
        im / jm
    );
    0
}
