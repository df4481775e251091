//! Criterion benches: the sample programs in `benches/programs/`, run in-process under the
//! interpreter alone (`interp`, `-X jit=off`) and with the JIT at its default threshold (`jit`,
//! `-X jit=on`). Every iteration starts a fresh VM, so compiling counts as it does for a user.
//!
//! `cargo bench --bench programs` (add a filter such as `fib/` to run one group).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode};
use heron::run::{on_python_thread, run_captured, Captured};
use heron::vm::{JitMode, Options};

/// The allocator the `heron` binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Program {
    name: &'static str,
    /// `sys.argv[1]`: the size, chosen for roughly 10-100 ms per run.
    arg: &'static str,
    /// CPython 3.11's output for that size.
    expected: &'static str,
}

const PROGRAMS: &[Program] = &[
    Program {
        name: "fib",
        arg: "25",
        expected: "fib(25) = 75025\n",
    },
    Program {
        name: "loops",
        arg: "8000",
        expected: "658436 12792587008\n",
    },
    Program {
        name: "points",
        arg: "50000",
        expected: "3.000000\n",
    },
];

const TIERS: &[(&str, JitMode)] = &[("interp", JitMode::Off), ("jit", JitMode::On)];

fn run(path: &str, program: &Program, jit: JitMode) -> Captured {
    let options = Options {
        jit,
        ..Options::default()
    };
    run_captured(path, &[program.arg], options)
}

fn bench_programs(c: &mut Criterion) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/programs");
    for program in PROGRAMS {
        let path = format!("{dir}/{}.py", program.name);
        let mut group = c.benchmark_group(program.name);
        // Runs take milliseconds: flat sampling (the same number of runs per sample) suits
        // them, and 20 samples keep the whole bench near a minute.
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(5));
        for &(tier, jit) in TIERS {
            // A program that fails or prints something else would be timed for nothing.
            let out = run(&path, program, jit);
            assert_eq!(
                (out.status, String::from_utf8_lossy(&out.stdout).as_ref()),
                (0, program.expected),
                "{} {} under {tier}: wrong exit status or output",
                program.name,
                program.arg,
            );
            group.bench_function(tier, |b| {
                b.iter(|| run(black_box(&path), program, jit));
            });
        }
        group.finish();
    }
}

fn main() {
    // The interpreter needs its large stack; all iterations share this one thread, as a
    // process's Python code does.
    let result = on_python_thread(|| {
        let mut c = Criterion::default().configure_from_args();
        bench_programs(&mut c);
        c.final_summary();
    });
    if let Err(msg) = result {
        panic!("bench failed: {msg}");
    }
}
