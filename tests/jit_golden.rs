//! Golden HIR: the JIT front end's translation of each function in `tests/jit_ir/*.py`, printed
//! in the IR's text form, compared with `NAME.hir` (`spec_*.py` with speculation on). Set `HERON_BLESS=1` to rewrite the expected
//! files (then read the diff: they are the specification).

use std::path::Path;

use heron::object::code::Code;
use heron::object::value::Value;

/// Function code objects in a module's constants, depth first, in source order.
fn functions(code: &Value, out: &mut Vec<Value>) {
    let c = code.payload_exact::<Code>().expect("code object");
    for k in c.consts.iter() {
        if k.payload_exact::<Code>().is_some() {
            out.push(k.clone());
            functions(k, out);
        }
    }
}

fn normalize(text: &str) -> String {
    // Addresses of objects differ between runs: replace every wconst with a large address.
    text.lines()
        .map(|l| match l.find("wconst 0x") {
            Some(i)
                if l[i + 9..]
                    .split_whitespace()
                    .next()
                    .map(|h| h.len() > 6)
                    .unwrap_or(false) =>
            {
                let rest = &l[i + 9..];
                let end = rest
                    .find(|c: char| !c.is_ascii_hexdigit())
                    .unwrap_or(rest.len());
                format!("{}wconst ADDR{}", &l[..i], &rest[end..])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn golden_hir() {
    heron::builtins::methods::init_types();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/jit_ir");
    let bless = std::env::var("HERON_BLESS").is_ok_and(|v| v == "1");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/jit_ir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut failures = Vec::new();
    for py in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
    {
        let src = std::fs::read_to_string(py).expect("read");
        let name = py.file_name().and_then(|n| n.to_str()).expect("name");
        let compiled = heron::compile::compile(&src, name, heron::compile::Mode::Exec)
            .unwrap_or_else(|_| panic!("{name} compiles"));
        let module = heron::object::code::new_code(compiled);
        let mut funcs = Vec::new();
        functions(&module, &mut funcs);
        let namespace = heron::object::dict::new_dict();
        let mut text = String::new();
        for f in &funcs {
            let code = f.payload_exact::<Code>().expect("code");
            // `spec_*.py` files are translated with speculation on (empty namespaces, no type
            // feedback): what the front end infers from constants and operations alone.
            let spec = heron::tier2::frontend::Speculation {
                globals: &namespace,
                builtins: &namespace,
                failed_sites: &[],
            };
            let spec = name.starts_with("spec_").then_some(&spec);
            match heron::tier2::frontend::translate(code, spec) {
                Ok(hir) => text.push_str(&heron_jit::text::print(&hir)),
                Err(heron::tier2::frontend::Unsupported(why)) => text.push_str(&format!(
                    "; {} not compiled: {why}\n",
                    code.compiled.qualname
                )),
            }
            text.push('\n');
        }
        let text = normalize(&text);
        let expected_path = py.with_extension("hir");
        if bless {
            std::fs::write(&expected_path, &text).expect("write");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != text {
            failures.push(format!("{} differs from {}", name, expected_path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(run with HERON_BLESS=1 to regenerate, then review the diff)",
        failures.join("\n")
    );
}
