//! Running a program in-process: the steps the `heron` command shares with embedders (the
//! criterion benches), from the interpreter thread to the exit status.

use crate::object::error::PyResult;
use crate::object::exception::{Exception, SYSTEM_EXIT};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::{Options, Vm};

/// Python runs on a thread with a large stack: deep native re-entry (dunder calls inside
/// recursion) must reach the recursion limit before the native stack runs out. When the address
/// space is limited (`ulimit -v`), the stack takes at most an eighth of it, and smaller stacks
/// are tried when even that cannot be had, down to `MIN_PYTHON_STACK_SIZE`.
pub const PYTHON_STACK_SIZE: usize = 1 << 30;

/// The smallest stack the interpreter thread is started with.
pub const MIN_PYTHON_STACK_SIZE: usize = 8 << 20;

/// Native stack kept free below the limit `native_stack_exhausted` checks: room for the
/// deepest native work between two checks (a traceback, a repr, a compiled helper).
const STACK_MARGIN: usize = 2 << 20;

thread_local! {
    /// Lowest stack address that Python may re-enter the VM above (0: not checked), for the
    /// thread started by `on_python_thread`.
    static STACK_FLOOR: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Records the calling thread's stack as `size` bytes below the current frame.
fn set_stack_floor(size: usize) {
    let here = &size as *const usize as usize;
    let floor = here.saturating_sub(size.saturating_sub(STACK_MARGIN));
    STACK_FLOOR.with(|f| f.set(floor));
}

/// The address below which the calling thread's stack is nearly used up (0 when not known).
pub fn stack_floor() -> usize {
    STACK_FLOOR.with(|f| f.get())
}

/// Whether the native stack of the Python thread is nearly used up: re-entering the VM then
/// raises RecursionError instead of overflowing it (the recursion limit alone does not bound
/// the native stack when the thread got a small one).
#[inline]
pub fn native_stack_exhausted() -> bool {
    let marker = 0u8;
    let here = &marker as *const u8 as usize;
    STACK_FLOOR.with(|f| here < f.get())
}

/// Runs `f` on a new thread with the largest stack that can be had (`PYTHON_STACK_SIZE` or
/// less) and waits for it; `Err` holds the message of a panic. Exits with status 1 and a
/// message when no thread can be started.
pub fn on_python_thread<R: Send + 'static>(
    f: impl FnOnce() -> R + Send + 'static,
) -> Result<R, String> {
    crate::memory::alloc::set_exhausted_hook(crate::vm::signals::memory_exhausted);
    crate::memory::alloc::acquire_reserve();
    // The body moves into whichever spawn succeeds; a failed spawn hands nothing back.
    let body = std::sync::Arc::new(std::sync::Mutex::new(Some(f)));
    // Under an address-space limit the stack takes at most an eighth of it, leaving the rest
    // to the program's data.
    let mut size = PYTHON_STACK_SIZE;
    if let Some(limit) = crate::os::system::address_space_limit() {
        while size > MIN_PYTHON_STACK_SIZE && size as u64 > limit / 8 {
            size /= 2;
        }
    }
    let handle = loop {
        let body = body.clone();
        let spawned = std::thread::Builder::new()
            .name("python".into())
            .stack_size(size)
            .spawn(move || {
                set_stack_floor(size);
                let f = body
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .expect("the interpreter body runs once");
                f()
            });
        match spawned {
            Ok(handle) => break handle,
            Err(e) if size <= MIN_PYTHON_STACK_SIZE => {
                eprintln!(
                    "heron: cannot start the interpreter thread (even with a {} MiB stack): {e}",
                    size >> 20
                );
                std::process::exit(1);
            }
            Err(_) => size /= 2,
        }
    };
    crate::vm::signals::block_in_this_thread();
    handle.join().map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown".into())
    })
}

/// Runs the source file `path` as `__main__` (its directory first on `sys.path`, as CPython
/// does for a script), then `finish`es; returns the exit status (2 if it cannot be read).
pub fn run_file(vm: &mut Vm, path: &str) -> i32 {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            // CPython's wording, with the C library's message and the absolute path.
            let errno = e.raw_os_error().unwrap_or(libc::ENOENT);
            let shown = std::path::absolute(path)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| path.to_string());
            eprintln!(
                "heron: can't open file '{shown}': [Errno {errno}] {}",
                crate::modules::posix::strerror_text(errno)
            );
            return 2;
        }
    };
    // CPython reports the main script by its absolute path (tracebacks, __file__).
    let abs = std::path::absolute(path)
        .map(|p| p.display().to_string())
        .unwrap_or(path.to_string());
    let source = match vm.decode_source(&bytes, crate::vm::import::SourceOrigin::Script(&abs)) {
        Ok(source) => source,
        Err(e) => return finish(vm, Err(e)),
    };
    let dir = std::path::Path::new(&abs)
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    vm.set_path0(if dir.is_empty() { "." } else { &dir });
    let result = vm.run_main(&source, &abs);
    finish(vm, result)
}

/// What follows the main program: finalizers, JIT statistics, reporting an uncaught
/// exception, flushing stdout. Returns the exit status.
pub fn finish(vm: &mut Vm, result: PyResult) -> i32 {
    // Objects freed before the end would have been finalized already in CPython; the
    // uncaught exception is reported before the exit functions run, as in CPython.
    vm.run_finalizers();
    let code = match result {
        Ok(_) => 0,
        Err(e) => report(vm, &e.0),
    };
    crate::modules::atexit::run_exitfuncs(vm);
    vm.finalizing = true;
    clear_main_module(vm);
    vm.run_finalizers();
    if vm.jit_options.stats {
        crate::tier2::print_stats(vm);
    }
    // CPython's status when flushing the standard streams fails (`Py_RunMain`).
    let mut flushed = crate::modules::io::stdio::flush_at_exit(vm);
    crate::object::alloc::set_exit_sweep(true);
    restore_std_streams(vm);
    clear_other_modules(vm);
    vm.run_finalizers();
    crate::object::alloc::set_exit_sweep(false);
    // Again for what the finalizers printed (once: a broken stream is reported once).
    flushed = flushed && crate::modules::io::stdio::flush_at_exit(vm);
    if flushed {
        code
    } else {
        120
    }
}

/// Empties `__main__`'s namespace at exit as CPython's `_PyModule_ClearDict` does (names with
/// one leading underscore first, then every name but `__builtins__`, each set to None), so the
/// objects only the program's globals held are freed and finalized: a file it never closed is
/// flushed, `__del__` methods run.
fn clear_main_module(vm: &mut Vm) {
    let main = dict::lookup_str(&vm.modules, &str::intern_static("__main__"));
    if let Some(globals) = main.as_ref().and_then(module::dict_of).cloned() {
        clear_module_dict(vm, &globals);
    }
}

/// Before the modules are emptied, `sys.stdin`/`stdout`/`stderr` go back to the streams
/// the program started with, as in CPython's `finalize_modules_delete_special`: a
/// replacement defined in a module would stop working once its module is emptied.
fn restore_std_streams(vm: &mut Vm) {
    for (name, original) in [
        ("stdin", "__stdin__"),
        ("stdout", "__stdout__"),
        ("stderr", "__stderr__"),
    ] {
        if let Some(v) = vm.sys_attr(original) {
            vm.set_sys_attr(name, v);
        }
    }
}

/// Then the other modules (`sys` and `builtins` stay: finalizers still print and raise). A
/// file a library module opened and never closed is flushed here, and its objects' `__del__`
/// run. The order follows CPython's `finalize_modules`: it takes the modules out of
/// `sys.modules` in import order, which frees those nothing else references (their objects
/// are finalized then), and wipes the rest afterwards, the ones imported last first.
fn clear_other_modules(vm: &mut Vm) {
    let modules: Vec<Value> = dict::data_of(&vm.modules)
        .borrow()
        .iter()
        .filter(|e| str::as_str(&e.key) != Some("__main__"))
        .map(|e| e.value.clone())
        .filter(|m| {
            m.ty().layout == typeobj::Layout::Module
                && !m.is(&vm.builtins_module)
                && !m.is(&vm.sys_module)
        })
        .collect();
    // Referenced by `sys.modules` and this list only.
    let (lone, shared): (Vec<Value>, Vec<Value>) =
        modules.into_iter().partition(|m| m.refcount() == 2);
    for m in lone.iter().chain(shared.iter().rev()) {
        if let Some(globals) = module::dict_of(m).cloned() {
            clear_module_dict(vm, &globals);
        }
    }
}

fn clear_module_dict(vm: &mut Vm, globals: &Value) {
    let single_underscore = |k: &str| k.starts_with('_') && !k.starts_with("__");
    for first_pass in [true, false] {
        // By position, re-reading the bounds: a finalizer may add names.
        let mut i = 0;
        loop {
            let old = {
                let mut d = dict::data_of(globals).borrow_mut();
                if i >= d.entries_len() {
                    break;
                }
                let clear = d.entry_at(i).is_some_and(|e| {
                    str::as_str(&e.key).is_some_and(|name| {
                        name != "__builtins__" && first_pass == single_underscore(name)
                    }) && !e.value.is_none()
                });
                if clear {
                    d.replace_value_at(i, types::none())
                } else {
                    None
                }
            };
            i += 1;
            if let Some(old) = old {
                drop(old);
                vm.run_finalizers();
            }
        }
    }
}

/// Imports `site` as CPython does at start-up (the command line skips it under `-S`): the
/// site-packages `.pth` files, `sitecustomize` and `usercustomize`, the `exit`/`quit`/`help`
/// built-ins. It runs before `sys.path[0]` is set, as in CPython. Without a standard library
/// there is no `site` and nothing to do; a failure is reported and the program still runs.
pub fn import_site(vm: &mut Vm) {
    if vm.stdlib.dir.is_none() {
        return;
    }
    if let Err(e) = vm.import_module("site") {
        vm.flush_stdout();
        eprintln!("Error in site (the program continues without it):");
        crate::vm::traceback::print_exception(vm, &e.0);
    }
}

/// Exit status for an uncaught exception (prints it, or handles SystemExit).
pub fn report(vm: &mut Vm, exc: &Value) -> i32 {
    if exc.is_instance_of(&SYSTEM_EXIT) {
        let code = match vm.getattr_opt(exc, "code") {
            Ok(c) => c,
            Err(_) => exc
                .payload_exact::<Exception>()
                .map(crate::object::exception::exit_code),
        };
        vm.flush_stdout();
        return match code {
            None => 0,
            Some(c) if c.is_none() => 0,
            Some(c) => match int::as_i64(&c) {
                Some(n) => n as i32,
                None => {
                    let s = vm.str_string(&c).unwrap_or_default();
                    eprintln!("{s}");
                    1
                }
            },
        };
    }
    crate::vm::traceback::print_exception(vm, exc);
    if exc.is_instance_of(&crate::object::exception::KEYBOARD_INTERRUPT) {
        return EXIT_BY_SIGINT;
    }
    1
}

/// `report`'s status for an uncaught KeyboardInterrupt: the command line then ends the process
/// by SIGINT, as CPython does (embedders see it as this value).
pub const EXIT_BY_SIGINT: i32 = -2;

/// What a program run by `run_captured` printed on stdout, and its exit status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captured {
    pub status: i32,
    pub stdout: Vec<u8>,
}

/// Runs the source file `path` with `sys.argv == [path, *args]` in a fresh VM on the current
/// thread (which needs a large stack: see `on_python_thread`), capturing its standard output
/// instead of printing it. Errors still go to stderr.
pub fn run_captured(path: &str, args: &[&str], mut options: Options) -> Captured {
    options.argv = std::iter::once(path)
        .chain(args.iter().copied())
        .map(String::from)
        .collect();
    let mut vm = Vm::new(options);
    let status = match vm.capture_stdout() {
        Ok(()) => run_file(&mut vm, path),
        Err(e) => report(&mut vm, &e.0),
    };
    Captured {
        status,
        stdout: vm.take_captured_stdout(),
    }
}
