//! The `heron` binary: command-line entry only.

/// mimalloc: objects are small and short-lived; it is markedly faster than the system
/// allocator for this allocation pattern (see docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    // Arguments that are not UTF-8 must not panic; they reach the program with U+FFFD where
    // CPython would give lone surrogates (docs/compatibility.md).
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    std::process::exit(heron::cli::main_with_args(args));
}
