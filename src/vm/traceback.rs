//! Printing uncaught exceptions the way CPython's `traceback` module does, with chained
//! causes and contexts.

use super::Vm;
use crate::object::exception::{Exception, Traceback};
use crate::object::frameobj::FrameObject;
use crate::object::value::Value;
use crate::object::*;

/// Source lines by filename, for traceback display. Code compiled from a string (`-c`,
/// `exec`, the REPL: pseudo-file names in angle brackets) shows no line, as in CPython 3.11.
fn source_line(vm: &mut Vm, filename: &str, line: u32) -> Option<String> {
    if filename.starts_with('<') {
        return None;
    }
    // Decoded as the module was (a PEP 263 cookie), as `linecache` does through `tokenize`.
    let bytes = std::fs::read(filename).ok()?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => vm
            .decode_source(
                e.as_bytes(),
                super::import::SourceOrigin::Compiled(filename),
            )
            .ok()?,
    };
    text.lines()
        .nth(line.checked_sub(1)? as usize)
        .map(|l| l.trim().to_string())
}

/// Formats `exc` (with its chain) as CPython prints an uncaught exception.
pub fn format_exception(vm: &mut Vm, exc: &Value) -> String {
    let mut out = String::new();
    let mut seen: Vec<usize> = Vec::new();
    format_chain(vm, exc, &mut out, &mut seen);
    out
}

fn format_chain(vm: &mut Vm, exc: &Value, out: &mut String, seen: &mut Vec<usize>) {
    seen.push(exc.word());
    if let Some(p) = exc.payload_exact::<Exception>() {
        let cause = p.cause.borrow().clone();
        let context = p.context.borrow().clone();
        if let Some(c) = cause {
            if !seen.contains(&c.word()) {
                format_chain(vm, &c, out, seen);
                out.push_str(
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                );
            }
        } else if let (Some(c), false) = (context, p.suppress_context.get()) {
            if !seen.contains(&c.word()) {
                format_chain(vm, &c, out, seen);
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
    }
    format_single(vm, exc, out);
}

fn format_single(vm: &mut Vm, exc: &Value, out: &mut String) {
    if let Some(p) = exc.payload_exact::<Exception>() {
        let mut tb = p.traceback.borrow().clone();
        if tb.is_some() {
            out.push_str("Traceback (most recent call last):\n");
        }
        while let Some(t) = tb {
            let Some(entry) = t.payload_exact::<Traceback>() else {
                break;
            };
            if let Some(fo) = entry.frame.payload_exact::<FrameObject>() {
                if let Some(c) = fo.code.payload_exact::<code::Code>() {
                    let filename = c.compiled.filename.clone();
                    out.push_str(&format!(
                        "  File \"{}\", line {}, in {}\n",
                        filename, entry.lineno, c.compiled.name
                    ));
                    if let Some(src) = source_line(vm, &filename, entry.lineno) {
                        if !src.is_empty() {
                            out.push_str(&format!("    {src}\n"));
                        }
                    }
                }
            }
            tb = entry.next.borrow().clone();
        }
    }
    out.push_str(&exception_only(vm, exc));
    out.push('\n');
}

/// The last line: `Type: message` (module-qualified unless builtins or __main__).
pub fn exception_only(vm: &mut Vm, exc: &Value) -> String {
    let ty = exc.ty();
    let module = ty.module.borrow().to_string();
    let name = if module == "builtins" || module == "__main__" {
        ty.qualname()
    } else {
        format!("{module}.{}", ty.qualname())
    };
    if exc.is_instance_of(&crate::object::exception::SYNTAX_ERROR) {
        if let Some(s) = syntax_error_detail(vm, exc) {
            return format!("{s}{name}: {}", msg_of(vm, exc));
        }
    }
    let msg = match vm.str(exc) {
        Ok(s) => str::as_str(&s).unwrap_or("").to_string(),
        Err(_) => "<exception str() failed>".to_string(),
    };
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

fn msg_of(vm: &mut Vm, exc: &Value) -> String {
    match vm.getattr_opt(exc, "msg") {
        Ok(Some(m)) if !m.is_none() => vm.str_string(&m).unwrap_or_default(),
        _ => vm.str_string(exc).unwrap_or_default(),
    }
}

/// `  File "x.py", line N\n    text\n    ^\n` for SyntaxErrors.
fn syntax_error_detail(vm: &mut Vm, exc: &Value) -> Option<String> {
    let filename = vm.getattr_opt(exc, "filename").ok()??;
    let lineno = vm.getattr_opt(exc, "lineno").ok()??;
    let filename = str::as_str(&filename)?.to_string();
    let lineno = int::as_i64(&lineno)?;
    let mut s = format!("  File \"{filename}\", line {lineno}\n");
    let text = vm.getattr_opt(exc, "text").ok().flatten();
    let offset = vm
        .getattr_opt(exc, "offset")
        .ok()
        .flatten()
        .and_then(|o| int::as_i64(&o));
    let end_offset = vm
        .getattr_opt(exc, "end_offset")
        .ok()
        .flatten()
        .and_then(|o| int::as_i64(&o));
    let end_lineno = vm
        .getattr_opt(exc, "end_lineno")
        .ok()
        .flatten()
        .and_then(|o| int::as_i64(&o));
    if let Some(text) = text
        .as_ref()
        .and_then(|t| str::as_str(t).map(|s| s.to_string()))
    {
        let line = text.trim_end_matches('\n');
        let stripped = line.trim_start();
        let indent = line.chars().count() - stripped.chars().count();
        s.push_str(&format!("    {stripped}\n"));
        // No caret when the offset points before the text (into its indentation).
        if let Some(off) = offset.filter(|&o| o > indent as i64) {
            let col = (off as usize).saturating_sub(1).saturating_sub(indent);
            // An error spanning lines is underlined to the end of its first line.
            let end_offset = match end_lineno {
                Some(e) if e > lineno => Some(line.chars().count() as i64 + 1),
                _ => end_offset,
            };
            // CPython underlines an IndentationError (and TabError) with one caret.
            let indentation = exc
                .ty()
                .is_subtype(&crate::object::exception::INDENTATION_ERROR);
            let width = match end_offset {
                Some(e) if e > off && !indentation => (e - off) as usize,
                _ => 1,
            };
            let width = width.min(stripped.chars().count().saturating_sub(col).max(1));
            s.push_str(&format!("    {}{}\n", " ".repeat(col), "^".repeat(width)));
        }
    }
    Some(s)
}

/// Prints an uncaught exception to stderr (flushing stdout first).
pub fn print_exception(vm: &mut Vm, exc: &Value) {
    vm.flush_stdout();
    let text = format_exception(vm, exc);
    eprint!("{text}");
}
