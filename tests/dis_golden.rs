//! Golden disassembly tests: each `tests/dis/NAME.py` is compiled and its recursive listing
//! compared with `tests/dis/NAME.dis`; each `tests/dis/adaptive/NAME.py` is run by `heron -X
//! jit=off` (it warms its functions up and prints `dis.dis(f, adaptive=True)`, the specialized
//! forms the interpreter rewrote its instructions into) and its output compared with
//! `tests/dis/adaptive/NAME.dis`. With `HERON_BLESS=1` the listings are rewritten instead.

use std::path::Path;

use heron::bytecode::dis::{disassemble, DisOptions};
use heron::compile::{compile, Mode};

#[test]
fn golden_listings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dis");
    let bless = std::env::var("HERON_BLESS").is_ok_and(|v| v == "1");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    let mut mismatches = Vec::new();
    for py in entries {
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
        let expected_path = py.with_extension("dis");
        if bless {
            std::fs::write(&expected_path, &listing).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != listing {
            mismatches.push(format!("{name}:\n{listing}"));
        }
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
    let bless = std::env::var("HERON_BLESS").is_ok_and(|v| v == "1");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    let mut mismatches = Vec::new();
    for py in entries {
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
        let expected_path = py.with_extension("dis");
        if bless {
            std::fs::write(&expected_path, &listing).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != listing {
            mismatches.push(format!("{}:\n{listing}", py.display()));
        }
    }
    assert!(
        mismatches.is_empty(),
        "adaptive listings differ (rerun with HERON_BLESS=1 after checking):\n{}",
        mismatches.join("\n")
    );
}
