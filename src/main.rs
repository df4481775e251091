//! The `heron` binary: command-line entry only.

/// mimalloc: objects are small and short-lived; it is markedly faster than the system
/// allocator for this allocation pattern (see docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(heron::cli::main_with_args(args));
}
