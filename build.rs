//! Fingerprints the compiler for the bytecode cache: a hash of every source file that decides
//! what bytecode Heron writes (the compiler, the instruction set, the serialized form) and of
//! the locked dependencies (the parser). Cache files carry it as their magic number, so a
//! different build never trusts another build's bytecode.
//!
//! On Linux it also links the `heron` executable at a fixed address (`-no-pie`), as Debian
//! links `/usr/bin/python3.11`: a position-independent Heron spends about 1.5 ms of every
//! start in the dynamic loader, applying 109,000 relative relocations and copying the 1.7 MB of
//! data pages they write.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    let inputs = ["src/compile", "src/bytecode", "Cargo.lock"];
    let mut files = Vec::new();
    for i in inputs {
        println!("cargo:rerun-if-changed={i}");
        let p = Path::new(i);
        if p.is_dir() {
            collect(p, &mut files);
        } else {
            files.push(p.to_path_buf());
        }
    }
    files.sort();
    let mut h = DefaultHasher::new();
    for f in &files {
        h.write(f.to_string_lossy().as_bytes());
        h.write(&std::fs::read(f).unwrap_or_default());
    }
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    println!(
        "cargo:rustc-env=HERON_BYTECODE_FINGERPRINT={:08x}",
        h.finish() as u32
    );
}
