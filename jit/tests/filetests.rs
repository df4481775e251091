//! File tests: each `tests/filetests/*.hir` holds a function in HIR text, then a marker line
//! and the expected CLIF and disassembly for x86_64 and aarch64. The test checks that the text
//! round-trips and that compiling it reproduces the expectation. `HERON_BLESS=1` rewrites the
//! expectations instead of comparing.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use heron_jit::ir::HelperId;
use heron_jit::{compile_for_target, text, DumpRequest, HelperSig, RuntimeInfo};

const MARKER: &str = "; ==== expected output (HERON_BLESS=1 regenerates) ====";

/// A fixed runtime description so the dumps do not depend on where helpers are loaded.
fn runtime() -> RuntimeInfo {
    let helpers = [("dealloc", 1), ("binary_op", 2), ("call3", 3), ("unary", 1)];
    RuntimeInfo {
        ctx_stack_ptr: 0,
        ctx_stack_len: 8,
        ctx_pc: 16,
        refcnt_offset: 0,
        immortal_bit: 1 << 62,
        dealloc_helper: HelperId(0),
        helpers: helpers
            .iter()
            .enumerate()
            .map(|(i, (name, params))| HelperSig {
                name: name.to_string(),
                address: 0x7000_0000 + 0x100 * i,
                params: *params,
            })
            .collect(),
    }
}

/// The expected-output section for `source`.
fn expected_for(source: &str) -> Result<String, String> {
    let f = text::parse(source)?;
    let printed = text::print(&f);
    let reparsed = text::parse(&printed).map_err(|e| format!("reparse: {e}"))?;
    // Compared as text: `Fconst(NaN)` is never `==` to itself.
    if text::print(&reparsed) != printed {
        return Err(format!("text does not round-trip:\n{printed}"));
    }
    let rt = runtime();
    let mut out = String::new();
    let mut first_clif = None;
    for target in ["x86_64", "aarch64"] {
        let dump = DumpRequest {
            clif: true,
            asm: true,
        };
        let c = compile_for_target(target, &rt, &f, dump).map_err(|e| format!("{target}: {e}"))?;
        let clif = c.clif.unwrap_or_default();
        // The CLIF is the same for both targets today; print it again only if that changes.
        if first_clif.as_ref() != Some(&clif) {
            let _ = writeln!(out, "; ---- {target} clif ----");
            out.push_str(&clif);
            first_clif = Some(clif);
        }
        let _ = writeln!(out, "; ---- {target} asm ({} bytes) ----", c.size);
        out.push_str(&c.asm.unwrap_or_default());
    }
    Ok(out)
}

fn check_file(path: &Path, bless: bool) -> Result<(), String> {
    let content = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (source, expected) = match content.find(MARKER) {
        Some(at) => (
            &content[..at],
            Some(content[at + MARKER.len()..].trim_start_matches('\n')),
        ),
        None => (content.as_str(), None),
    };
    let actual = expected_for(source)?;
    if bless {
        let new = format!("{}\n{MARKER}\n{actual}", source.trim_end());
        if new != content {
            std::fs::write(path, new).map_err(|e| e.to_string())?;
        }
        return Ok(());
    }
    match expected {
        None => Err("no expected output; run with HERON_BLESS=1".into()),
        Some(e) if e == actual => Ok(()),
        Some(e) => {
            let line = e.lines().zip(actual.lines()).position(|(a, b)| a != b);
            let first = line.map_or_else(
                || "one is a prefix of the other".to_string(),
                |n| {
                    format!(
                        "first difference at expected line {}:\n  expected: {}\n  actual:   {}",
                        n + 1,
                        e.lines().nth(n).unwrap_or(""),
                        actual.lines().nth(n).unwrap_or("")
                    )
                },
            );
            Err(format!(
                "output differs ({first}); HERON_BLESS=1 to accept. Actual:\n{actual}"
            ))
        }
    }
}

#[test]
fn filetests() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/filetests");
    let bless = std::env::var("HERON_BLESS").is_ok_and(|v| v == "1");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/filetests")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "hir"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "expected at least 5 file tests in {}",
        dir.display()
    );
    let failures: Vec<String> = files
        .iter()
        .filter_map(|p| {
            check_file(p, bless)
                .err()
                .map(|e| format!("{}: {e}", p.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
