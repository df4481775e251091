//! The `heron` binary: command-line entry only.

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(heron::cli::main_with_args(args));
}
