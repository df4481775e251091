//! Golden disassembly tests: each `tests/dis/NAME.py` is compiled and its recursive listing
//! compared with `tests/dis/NAME.dis`; each `tests/dis/adaptive/NAME.py` is run by `heron -X
//! jit=off` (it warms its functions up and prints `dis.dis(f, adaptive=True)`, the specialized
//! forms the interpreter rewrote its instructions into) and its output compared with
//! `tests/dis/adaptive/NAME.dis`. With `HERON_BLESS=1` the listings are rewritten instead.

use std::path::{Path, PathBuf};

use heron::bytecode::dis::{disassemble, DisOptions};
use heron::compile::{compile, Mode};

/// The `.py` files of `dir`, sorted.
fn py_files(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    entries
}

/// Compares `listing` with the `.dis` file beside `py` (or writes it, when blessing); a
/// difference is added to `mismatches`.
fn check_listing(py: &Path, listing: &str, mismatches: &mut Vec<String>) {
    let expected_path = py.with_extension("dis");
    if std::env::var("HERON_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&expected_path, listing).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if expected != listing {
        mismatches.push(format!("{}:\n{listing}", py.display()));
    }
}

#[test]
fn golden_listings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dis");
    let mut mismatches = Vec::new();
    for py in py_files(&dir) {
        let name = py.file_name().unwrap().to_string_lossy().to_string();
        let src = std::fs::read_to_string(&py).unwrap();
        let code = compile(&src, &name, Mode::Exec).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut listing = String::new();
        let opts = DisOptions {
            recursive: true,
            code_address: &|_| "0x0000".to_string(),
            adaptive: None,
        };
        disassemble(&code, &mut listing, &opts).unwrap();
        check_listing(&py, &listing, &mut mismatches);
    }
    assert!(
        mismatches.is_empty(),
        "listings differ (rerun with HERON_BLESS=1 after checking):\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn adaptive_listings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dis/adaptive");
    let mut mismatches = Vec::new();
    for py in py_files(&dir) {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_heron"))
            .args(["-X", "jit=off"])
            .arg(&py)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            py.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let listing = String::from_utf8(out.stdout).unwrap();
        check_listing(&py, &listing, &mut mismatches);
    }
    assert!(
        mismatches.is_empty(),
        "adaptive listings differ (rerun with HERON_BLESS=1 after checking):\n{}",
        mismatches.join("\n")
    );
}
