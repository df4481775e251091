//! `sys.stdin`, `sys.stdout` and `sys.stderr`: real `TextIOWrapper`s over `BufferedReader`/
//! `BufferedWriter` over `FileIO`, made as CPython's `create_stdio` makes them, and what the
//! rest of Heron needs of them: flushing the native buffers before Heron writes to the
//! process's stderr itself or forks, and capturing standard output in memory for embedders.

use super::textio;
use crate::object::error::{Args, PyResult};
use crate::object::types::{bool_value, none};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// The error handler of a standard stream, as CPython chooses it: `backslashreplace` for
/// stderr; `surrogateescape` in the C and POSIX locales and the UTF-8 locales CPython coerces
/// them to (`C.UTF-8`), where undecodable bytes must pass through; otherwise `strict`.
fn stdio_errors(fd: i32) -> &'static str {
    if fd == 2 {
        return "backslashreplace";
    }
    match super::ctype_locale().as_str() {
        "C" | "POSIX" | "C.UTF-8" | "C.utf8" | "UTF-8" => "surrogateescape",
        _ => "strict",
    }
}

/// One standard stream: a `FileIO` over `fd` that never closes it, buffered unless it is an
/// output under `-u` (then the text layers write through), and a UTF-8 `TextIOWrapper` with
/// newline "\n" (no translation on POSIX), line-buffered for a terminal and for stderr.
/// A descriptor that is not open gives None, as in CPython.
fn std_stream(vm: &mut Vm, fd: i32, unbuffered: bool) -> PyResult {
    if crate::os::fd::fcntl_int(fd, libc::F_GETFD, 0).is_err() {
        return Ok(none());
    }
    let write = fd != 0;
    let buffered = !(unbuffered && write);
    let buffer = super::open(
        vm,
        Args::new(&[
            int::from_i64(fd.into()),
            str::new_str(if write { "wb" } else { "rb" }),
            int::from_i64(if buffered { -1 } else { 0 }),
            none(),
            none(),
            none(),
            bool_value(false),
        ]),
    )?;
    let raw = if buffered {
        vm.getattr(&buffer, "raw")?
    } else {
        buffer.clone()
    };
    let name = ["<stdin>", "<stdout>", "<stderr>"][fd as usize];
    vm.setattr(&raw, "name", str::new_str(name))?;
    let tty = vm.call_method(&raw, "isatty", &[])?;
    // `-u` makes every stream write through, stdin included (it stays buffered below).
    let line_buffering = !unbuffered && (vm.truthy(&tty)? || fd == 2);
    let text = vm.call(
        &textio::TEXTIO_TYPE.to_value(),
        &[
            buffer,
            str::new_str("utf-8"),
            str::new_str(stdio_errors(fd)),
            str::new_str("\n"),
            bool_value(line_buffering),
            bool_value(unbuffered),
        ],
    )?;
    vm.setattr(&text, "mode", str::new_str(if write { "w" } else { "r" }))?;
    Ok(text)
}

/// Makes the three streams and sets `sys.stdin`/`stdout`/`stderr` and their `__x__` copies.
pub fn install(vm: &mut Vm) {
    let unbuffered = vm.options.unbuffered;
    for (fd, name) in [(0, "stdin"), (1, "stdout"), (2, "stderr")] {
        let stream = match vm
            .import_module("_io")
            .and_then(|_| std_stream(vm, fd, unbuffered))
        {
            Ok(s) => s,
            Err(e) => {
                let msg = vm.str_string(&e.0).unwrap_or_default();
                eprintln!("heron: cannot make sys.{name}: {msg}");
                none()
            }
        };
        vm.set_sys_attr(name, stream.clone());
        vm.set_sys_attr(&format!("__{name}__"), stream.clone());
        vm.stdio[fd as usize] = (!stream.is_none()).then_some(stream);
    }
}

impl Vm {
    /// Flushes what the standard output and error streams made at start-up hold, without
    /// running Python code (so it is safe anywhere: before a traceback, a fork or an exec).
    /// Write errors are left for the next write or `flush()` to report.
    pub fn flush_stdout(&mut self) {
        for i in [1, 2] {
            if let Some(s) = self.stdio[i].clone() {
                let _ = textio::flush_native(self, &s);
            }
        }
    }

    /// Sends standard output to memory instead of descriptor 1 (for embedders: the criterion
    /// benches check what a program printed); read it with `take_captured_stdout`.
    pub fn capture_stdout(&mut self) -> PyResult<()> {
        let io = self.import_module("_io")?;
        let cls = self.getattr(&io, "BytesIO")?;
        let sink = self.call(&cls, &[])?;
        let text = self.call(
            &textio::TEXTIO_TYPE.to_value(),
            &[
                sink,
                str::new_str("utf-8"),
                str::new_str("strict"),
                str::new_str("\n"),
            ],
        )?;
        self.set_sys_attr("stdout", text.clone());
        self.set_sys_attr("__stdout__", text.clone());
        self.stdio[1] = Some(text);
        Ok(())
    }

    /// Everything captured since `capture_stdout`.
    pub fn take_captured_stdout(&mut self) -> Vec<u8> {
        let Some(text) = self.stdio[1].clone() else {
            return Vec::new();
        };
        let value = self
            .call_method(&text, "flush", &[])
            .and_then(|_| self.getattr(&text, "buffer"))
            .and_then(|b| self.call_method(&b, "getvalue", &[]));
        value
            .ok()
            .and_then(|v| bytes::bytes_like(&v))
            .unwrap_or_default()
    }
}

/// Flushes `sys.stdout` and `sys.stderr` through their `flush` methods, as CPython does at
/// exit (the objects may be the program's own), then the native buffers. A failure is
/// reported as CPython reports it ("Exception ignored in: ...") and makes the exit status 120.
pub fn flush_at_exit(vm: &mut Vm) -> bool {
    let mut ok = true;
    for name in ["stdout", "stderr"] {
        let stream = vm.sys_attr(name).filter(|s| !s.is_none());
        let Some(s) = stream else { continue };
        let closed = match vm.getattr_opt(&s, "closed") {
            Ok(Some(c)) => vm.truthy(&c).unwrap_or(false),
            _ => false,
        };
        if closed {
            continue;
        }
        if let Err(e) = vm.call_method(&s, "flush", &[]) {
            ok = false;
            vm.flush_stdout();
            let what = vm.repr_string(&s).unwrap_or_else(|_| "<stream>".into());
            let text = crate::vm::traceback::format_exception(vm, &e.0);
            eprint!("Exception ignored in: {what}\n{text}");
        }
    }
    vm.flush_stdout();
    ok
}

/// Writes text to a stream object: a native `TextIOWrapper` takes it directly (`print`'s
/// path), anything else through its `write` method. `value` is the str object when the
/// caller has one (it must, for text holding lone surrogates).
pub fn write_text(vm: &mut Vm, stream: &Value, text: &str, value: Option<&Value>) -> PyResult<()> {
    if stream.is_type(&textio::TEXTIO_TYPE) {
        return textio::write_str(vm, stream, text, value);
    }
    let v = value.cloned().unwrap_or_else(|| str::new_str(text));
    vm.call_method(stream, "write", &[v])?;
    Ok(())
}
