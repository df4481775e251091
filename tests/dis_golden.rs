//! Golden disassembly tests: each `tests/dis/NAME.py` is compiled and its recursive listing
//! compared with `tests/dis/NAME.dis`. With `HERON_BLESS=1` the listings are rewritten instead.

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
