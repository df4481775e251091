//! Prints the disassembly of a Python file: `cargo run --example dis -- FILE`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: dis FILE");
    let src = std::fs::read_to_string(&path).expect("cannot read file");
    match heron::compile::compile(&src, &path, heron::compile::Mode::Exec) {
        Ok(code) => print!("{}", heron::bytecode::dis::dis_to_string(&code, true)),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
