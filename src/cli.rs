//! The `heron` command line: CPython's conventions plus `-X` implementation options.

use std::io::{IsTerminal, Read, Write};

use crate::compile::Mode;
use crate::object::exception::SYSTEM_EXIT;
use crate::object::*;
use crate::vm::{JitMode, Options, Vm};

const USAGE: &str = "usage: heron [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options:
  -c cmd       program passed in as string
  -m mod       run library module as a script
  -X opt       implementation option:
               jit=off|on|eager   tiering policy (also HERON_JIT)
               jit-threshold=N    calls before compiling (default 1000; scaled by size)
               jit-dump=FORMS     print bytecode,ir,clif,asm of compiled code
               jit-dump-dir=DIR   write the dumps to DIR, one file per code object
               jit-target=ISA     compile for x86_64 or aarch64 (dumps only, not run)
               jit-sync           compile on the interpreter's thread, not in the background
               jit-stats          print JIT statistics at exit
               perf               write /tmp/perf-PID.map for Linux perf
               gc-zeal=N          full cycle collection every N container allocations
               opcode-stats       print instruction counts at exit (builds with the
                                  `opcode-stats` feature)
  --compare [--runs N] script [args]
               run script under the interpreter and the JIT in fresh processes,
               check the outputs are identical, print both timings and the speed-up
  --version    print the version and exit
  -h, --help   print this help and exit
";

enum Program {
    File(String),
    Command(String),
    Module(String),
    Stdin,
    Repl,
}

fn parse_jit(v: &str) -> Result<JitMode, String> {
    match v {
        "off" => Ok(JitMode::Off),
        "on" => Ok(JitMode::On),
        "eager" => Ok(JitMode::Eager),
        _ => Err(format!(
            "invalid -X jit value '{v}' (expected off, on or eager)"
        )),
    }
}

fn parse_args(args: &[String]) -> Result<(Options, Program), String> {
    let mut opts = Options {
        orig_argv: std::iter::once("heron".to_string())
            .chain(args.iter().cloned())
            .collect(),
        ..Options::default()
    };
    if let Ok(v) = std::env::var("HERON_JIT") {
        opts.jit = parse_jit(&v)?;
    }
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "--version" | "-V" => {
                println!(
                    "Heron {} (Python 3.11 compatible)",
                    env!("CARGO_PKG_VERSION")
                );
                std::process::exit(0);
            }
            "-h" | "--help" | "-?" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            "-" => {
                opts.argv = std::iter::once("-".to_string())
                    .chain(args[i + 1..].iter().cloned())
                    .collect();
                return Ok((finish_options(opts), Program::Stdin));
            }
            s if s.starts_with('-') && s.len() > 1 && !s.starts_with("--") => {
                // Single-letter flags may be combined (`-BEs`); an option that takes an
                // argument takes the rest of the word, or the next word.
                let letters: Vec<char> = s[1..].chars().collect();
                let mut j = 0;
                while j < letters.len() {
                    let c = letters[j];
                    let rest: String = letters[j + 1..].iter().collect();
                    let mut operand = |name: char| -> Result<String, String> {
                        if !rest.is_empty() {
                            Ok(rest.clone())
                        } else {
                            i += 1;
                            args.get(i)
                                .cloned()
                                .ok_or_else(|| format!("Argument expected for the -{name} option"))
                        }
                    };
                    match c {
                        'c' => {
                            let cmd = operand('c')?;
                            opts.argv = std::iter::once("-c".to_string())
                                .chain(args[i + 1..].iter().cloned())
                                .collect();
                            return Ok((finish_options(opts), Program::Command(cmd)));
                        }
                        'm' => {
                            let m = operand('m')?;
                            opts.argv = std::iter::once(m.clone())
                                .chain(args[i + 1..].iter().cloned())
                                .collect();
                            return Ok((finish_options(opts), Program::Module(m)));
                        }
                        'X' => {
                            let x = operand('X')?;
                            apply_x(&mut opts, &x)?;
                            break;
                        }
                        'W' => {
                            let w = operand('W')?;
                            opts.warnoptions.push(w);
                            break;
                        }
                        'E' => opts.path_flags.ignore_environment = true,
                        'I' => {
                            opts.path_flags.isolated = true;
                            opts.path_flags.ignore_environment = true;
                            opts.path_flags.no_user_site = true;
                            opts.safe_path = true;
                        }
                        's' => opts.path_flags.no_user_site = true,
                        'S' => opts.path_flags.no_site = true,
                        'P' => opts.safe_path = true,
                        'B' => opts.dont_write_bytecode = true,
                        'q' => opts.quiet = true,
                        'u' => opts.unbuffered = true,
                        'O' => opts.optimize = opts.optimize.saturating_add(1),
                        'v' => opts.verbose = opts.verbose.saturating_add(1),
                        'b' | 'd' | 'i' | 'R' | 'x' => {}
                        _ => return Err(format!("Unknown option: -{c}")),
                    }
                    j += 1;
                }
            }
            s if s.starts_with("--") => return Err(format!("Unknown option: {s}")),
            _ => {
                opts.argv = args[i..].to_vec();
                return Ok((finish_options(opts), Program::File(a.clone())));
            }
        }
        i += 1;
    }
    opts.argv = vec![String::new()];
    let program = if std::io::stdin().is_terminal() {
        Program::Repl
    } else {
        Program::Stdin
    };
    Ok((finish_options(opts), program))
}

/// Environment variables that mirror options, unless `-E`/`-I` says to ignore them.
fn finish_options(mut opts: Options) -> Options {
    if opts.path_flags.ignore_environment || opts.path_flags.isolated {
        return opts;
    }
    let set = |k: &str| std::env::var(k).is_ok_and(|v| !v.is_empty());
    opts.dont_write_bytecode |= set("PYTHONDONTWRITEBYTECODE");
    opts.safe_path |= set("PYTHONSAFEPATH");
    opts.unbuffered |= set("PYTHONUNBUFFERED");
    if let Ok(w) = std::env::var("PYTHONWARNINGS") {
        let env_warnings = w
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(String::from);
        // CPython puts PYTHONWARNINGS before the -W options.
        opts.warnoptions = env_warnings.chain(opts.warnoptions).collect();
    }
    opts
}

fn apply_x(opts: &mut Options, x: &str) -> Result<(), String> {
    let (k, v) = x.split_once('=').unwrap_or((x, ""));
    opts.xoptions
        .push((k.to_string(), x.split_once('=').map(|(_, v)| v.to_string())));
    match k {
        "jit" => opts.jit = parse_jit(v)?,
        "jit-threshold" => {
            opts.jit_threshold = v
                .parse()
                .map_err(|_| format!("invalid -X jit-threshold value '{v}'"))?
        }
        "jit-dump" => opts.jit_options.dump = crate::tier2::DumpForms::parse(v)?,
        "jit-dump-dir" => opts.jit_options.dump_dir = Some(v.to_string()),
        "jit-target" => match v {
            "x86_64" | "aarch64" => opts.jit_options.target = Some(v.to_string()),
            _ => {
                return Err(format!(
                    "invalid -X jit-target value '{v}' (x86_64 or aarch64)"
                ))
            }
        },
        "jit-stats" => opts.jit_options.stats = true,
        "perf" => opts.jit_options.perf_map = true,
        "jit-sync" => opts.jit_options.sync = true,
        "opcode-stats" if cfg!(feature = "opcode-stats") => opts.opcode_stats = true,
        "opcode-stats" => {
            return Err(
                "-X opcode-stats needs a build with the `opcode-stats` feature \
                 (cargo build --release --features opcode-stats)"
                    .to_string(),
            )
        }
        "gc-zeal" => {
            opts.gc_zeal = v
                .parse()
                .map_err(|_| format!("invalid -X gc-zeal value '{v}'"))?
        }
        _ => {}
    }
    Ok(())
}

fn run_program(vm: &mut Vm, program: Program) -> i32 {
    let result = match program {
        Program::File(path) => return crate::run::run_file(vm, &path),
        Program::Command(cmd) => {
            vm.set_path0("");
            vm.run_main(&cmd, "<string>")
        }
        Program::Stdin => {
            let mut bytes = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut bytes);
            vm.set_path0("");
            match vm.decode_source(&bytes, crate::vm::import::SourceOrigin::Stdin) {
                Ok(source) => vm.run_main(&source, "<stdin>"),
                Err(e) => Err(e),
            }
        }
        Program::Module(m) => {
            // CPython puts the current folder, spelled out, in front for -m.
            let cwd = std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_default();
            vm.set_path0(&cwd);
            match vm.run_module_as_main(&m) {
                Ok(r) => r,
                Err(msg) => {
                    vm.flush_stdout();
                    eprintln!("heron: {msg}");
                    return 1;
                }
            }
        }
        Program::Repl => {
            vm.set_path0("");
            return repl(vm);
        }
    };
    crate::run::finish(vm, result)
}

/// One line of the REPL's input, newline included (None at the end of input). Read from the
/// descriptor a byte at a time, so that nothing past the line is taken from what the program's
/// own reads of `sys.stdin` should see; a signal that arrives while it waits interrupts the
/// read and its handler runs then, so Ctrl-C at the prompt raises KeyboardInterrupt at once,
/// as at CPython's prompt.
fn read_repl_line(vm: &mut Vm) -> crate::object::error::PyResult<Option<String>> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        match crate::os::fd::read(0, &mut byte) {
            Ok(0) => break,
            Ok(_) => {
                line.push(byte[0]);
                if byte[0] == b'\n' {
                    break;
                }
            }
            Err(e) if e.0 == libc::EINTR => vm.check_signals()?,
            Err(_) => break,
        }
    }
    Ok((!line.is_empty()).then(|| String::from_utf8_lossy(&line).into_owned()))
}

/// What the REPL does when waiting for input ended in an exception (Ctrl-C): the input so far
/// is dropped and, as CPython does, the exception is reported on a line of its own. Returns
/// the exit status when the exception was SystemExit (a handler that exits).
fn repl_interrupted(vm: &mut Vm, e: &crate::object::error::PyErr) -> Option<i32> {
    println!();
    let status = crate::run::report(vm, &e.0);
    vm.flush_stdout();
    e.0.is_instance_of(&SYSTEM_EXIT).then_some(status)
}

fn repl(vm: &mut Vm) -> i32 {
    println!(
        "Heron {} (Python 3.11 compatible)",
        env!("CARGO_PKG_VERSION")
    );
    let main = module::new_module("__main__");
    let globals = module::dict_of(&main).cloned().expect("dict");
    vm.register_module("__main__", main);
    loop {
        print!(">>> ");
        let _ = std::io::stdout().flush();
        let mut src = match read_repl_line(vm) {
            Ok(Some(line)) => line,
            Ok(None) => {
                println!();
                return 0;
            }
            Err(e) => match repl_interrupted(vm, &e) {
                Some(status) => return status,
                None => continue,
            },
        };
        if src.trim_end().ends_with(':') {
            loop {
                print!("... ");
                let _ = std::io::stdout().flush();
                match read_repl_line(vm) {
                    Ok(Some(more)) if !more.trim().is_empty() => src.push_str(&more),
                    Ok(_) => break,
                    Err(e) => {
                        if let Some(status) = repl_interrupted(vm, &e) {
                            return status;
                        }
                        src.clear();
                        break;
                    }
                }
            }
            if src.is_empty() {
                continue;
            }
        }
        let r = vm
            .compile_source(&src, "<stdin>", Mode::Single)
            .and_then(|c| vm.exec_code(c, &globals, None));
        if let Err(e) = r {
            if e.0.is_instance_of(&SYSTEM_EXIT) {
                return crate::run::report(vm, &e.0);
            }
            crate::run::report(vm, &e.0);
        }
        vm.flush_stdout();
    }
}

/// Runs the command line; returns the process exit status.
pub fn main_with_args(args: Vec<String>) -> i32 {
    if args.first().map(String::as_str) == Some("--compare") {
        return crate::compare::compare(&args[1..]);
    }
    let (opts, program) = match parse_args(&args) {
        Ok(x) => x,
        Err(msg) => {
            eprintln!("heron: {msg}");
            eprint!("{USAGE}");
            return 2;
        }
    };
    let run = crate::run::on_python_thread(move || {
        crate::modules::signal::install_default_sigint();
        crate::modules::locale::init_ctype_from_env();
        let mut vm = Vm::new(opts);
        if !vm.options.path_flags.no_site {
            crate::run::import_site(&mut vm);
        }
        let code = run_program(&mut vm, program);
        vm.flush_stdout();
        #[cfg(feature = "opcode-stats")]
        if vm.options.opcode_stats {
            eprint!("{}", crate::vm::opstats::report());
        }
        if code != crate::run::EXIT_BY_SIGINT {
            crate::vm::signals::exit_now(code);
        }
        code
    });
    let code = run.unwrap_or_else(|msg| {
        let _ = std::io::stdout().flush();
        eprintln!("SystemError: internal error in Heron: {msg}");
        1
    });
    if code == crate::run::EXIT_BY_SIGINT {
        let _ = std::io::stdout().flush();
        crate::vm::signals::exit_by_sigint();
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn opcode_stats_needs_its_build() {
        let r = parse_args(&args(&["-X", "opcode-stats", "-c", "pass"]));
        if cfg!(feature = "opcode-stats") {
            assert!(r.unwrap().0.opcode_stats);
        } else {
            let msg = r.err().expect("refused without the feature");
            assert!(msg.contains("`opcode-stats` feature"), "{msg}");
        }
    }
}
