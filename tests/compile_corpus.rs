//! Compiles every `.py` under the shared conformance and benchmark directories (not part of
//! the normal suite: those files live outside the repository). Run by hand with
//! `cargo test --test compile_corpus -- --ignored`.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p);
        }
    }
}

#[test]
#[ignore]
fn shared_corpus_compiles() {
    let mut files = Vec::new();
    collect(Path::new("/work/shared/conformance/cases"), &mut files);
    collect(Path::new("/work/shared/bench/programs"), &mut files);
    files.sort();
    let mut failures = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        if let Err(e) =
            heron::compile::compile(&src, &f.to_string_lossy(), heron::compile::Mode::Exec)
        {
            failures.push(format!("{}: {e}", f.display()));
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    eprintln!("{} files, {} failures", files.len(), failures.len());
    assert!(failures.is_empty());
}
