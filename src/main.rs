//! The `heron` binary: command-line entry only.

/// mimalloc for ordinary blocks: objects are small and short-lived; it is markedly faster than
/// the system allocator for this allocation pattern (see docs/benchmarks.md). Very large blocks
/// and running out of memory are handled as `heron::memory::alloc` describes.
#[global_allocator]
static GLOBAL: heron::memory::alloc::HeronAlloc = heron::memory::alloc::HeronAlloc;

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
