//! The command line's start-up behaviour against CPython 3.11's: `sys.path` in order
//! (`PYTHONPATH`, `-E`, `-I`, `-P`), `-m` for modules and packages, and its errors.

use std::path::{Path, PathBuf};
use std::process::Command;

fn heron() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_heron"));
    c.env_remove("PYTHONPATH")
        .env_remove("PYTHONSAFEPATH")
        .env_remove("PYTHONWARNINGS")
        .env_remove("HERON_STDLIB")
        .env_remove("HERON_JIT");
    c
}

fn run(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("run heron");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// A scratch folder holding a package `pkg` (with `__main__` and a submodule) and a module.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("heron-startup-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("pkg")).unwrap();
    std::fs::create_dir_all(d.join("plain")).unwrap();
    std::fs::write(d.join("pkg/__init__.py"), "print('init', __name__)\n").unwrap();
    std::fs::write(
        d.join("pkg/__main__.py"),
        "import sys\nprint('main', __name__, __package__, sys.argv[1:])\n",
    )
    .unwrap();
    std::fs::write(
        d.join("pkg/sub.py"),
        "import sys\nprint('sub', __name__, __package__, sys.argv[0].endswith('sub.py'))\n",
    )
    .unwrap();
    std::fs::write(d.join("plain/__init__.py"), "").unwrap();
    std::fs::write(d.join("modx.py"), "print('modx', __name__)\n").unwrap();
    d
}

fn path_list(dir: &Path, flags: &[&str], pythonpath: Option<&str>) -> Vec<String> {
    let mut c = heron();
    c.current_dir(dir)
        .args(flags)
        .args(["-c", "import sys\nfor p in sys.path: print(p)"]);
    if let Some(pp) = pythonpath {
        c.env("PYTHONPATH", pp);
    }
    let (out, err, code) = run(&mut c);
    assert_eq!(code, 0, "{err}");
    out.lines().map(String::from).collect()
}

#[test]
fn sys_path_order_and_flags() {
    let d = scratch("path");
    let p = path_list(&d, &[], Some("/x/one:/x/two"));
    assert_eq!(&p[..3], &["", "/x/one", "/x/two"], "{p:?}");
    // -E ignores PYTHONPATH; -I also drops the script's folder ('' for -c).
    let p = path_list(&d, &["-E"], Some("/x/one"));
    assert_eq!(p[0], "");
    assert!(!p.contains(&"/x/one".to_string()), "{p:?}");
    let p = path_list(&d, &["-I"], Some("/x/one"));
    assert!(
        !p.contains(&String::new()) && !p.contains(&"/x/one".to_string()),
        "{p:?}"
    );
    let p = path_list(&d, &["-P"], None);
    assert!(!p.contains(&String::new()), "{p:?}");
    // A script's own folder comes first.
    std::fs::write(d.join("show.py"), "import sys; print(sys.path[0])").unwrap();
    let (out, _, _) = run(heron().current_dir("/").arg(d.join("show.py")));
    assert_eq!(out.trim(), d.display().to_string());
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn pythonpath_modules_import() {
    let d = scratch("pp");
    let (out, err, code) = run(heron()
        .current_dir("/")
        .env("PYTHONPATH", &d)
        .args(["-c", "import modx, pkg.sub"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "modx modx\ninit pkg\nsub pkg.sub pkg False\n");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn dash_m_runs_modules_and_packages() {
    let d = scratch("m");
    let (out, err, code) = run(heron().current_dir(&d).args(["-m", "pkg", "a", "b"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "init pkg\nmain __main__ pkg ['a', 'b']\n");
    let (out, _, _) = run(heron().current_dir(&d).args(["-m", "pkg.sub"]));
    assert_eq!(out, "init pkg\nsub __main__ pkg True\n");
    let (out, _, _) = run(heron().current_dir(&d).args(["-m", "modx"]));
    assert_eq!(out, "modx __main__\n");
    // sys.path[0] is the current folder, spelled out, as in CPython.
    std::fs::write(d.join("where.py"), "import sys; print(sys.path[0])").unwrap();
    let (out, _, _) = run(heron().current_dir(&d).args(["-m", "where"]));
    assert_eq!(out.trim(), d.canonicalize().unwrap().display().to_string());

    let (_, err, code) = run(heron().current_dir(&d).args(["-m", "no_such_mod"]));
    assert_eq!(
        (code, err.trim()),
        (1, "heron: No module named no_such_mod")
    );
    let (_, err, code) = run(heron().current_dir(&d).args(["-m", "plain"]));
    assert_eq!(code, 1);
    assert_eq!(
        err.trim(),
        "heron: No module named plain.__main__; 'plain' is a package and cannot be directly executed"
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn options_reach_sys() {
    let (out, err, code) = run(heron().args([
        "-X",
        "dev-note=1",
        "-W",
        "ignore",
        "-B",
        "-c",
        "import sys; print(sys._xoptions, sys.warnoptions, sys.flags.dont_write_bytecode, sys.orig_argv[1:3])",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        "{'dev-note': '1'} ['ignore'] 1 ['-X', 'dev-note=1']"
    );
}

/// Ctrl-C in a loop that calls nothing, interpreted and compiled: KeyboardInterrupt with a
/// traceback, and the process ends by SIGINT as CPython's does; a program that catches it
/// carries on.
#[test]
fn ctrl_c_raises_keyboard_interrupt_in_every_tier() {
    use std::os::unix::process::ExitStatusExt;
    let d = scratch("sigint");
    std::fs::write(
        d.join("spin.py"),
        "def f():\n    i = 0\n    while True:\n        i += 1\nprint('start', flush=True)\nf()\n",
    )
    .unwrap();
    std::fs::write(
        d.join("catch.py"),
        "import sys\ntry:\n    i = 0\n    print('start', flush=True)\n    while True:\n        i += 1\nexcept KeyboardInterrupt:\n    print('caught')\n",
    )
    .unwrap();
    for tier in ["off", "eager", "on"] {
        for (script, caught) in [("spin.py", false), ("catch.py", true)] {
            let mut child = heron()
                .current_dir(&d)
                .args(["-X", &format!("jit={tier}"), script])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn heron");
            // Wait until the program runs its loop, then interrupt it.
            let mut line = String::new();
            let mut out = std::io::BufReader::new(child.stdout.take().expect("stdout"));
            std::io::BufRead::read_line(&mut out, &mut line).unwrap();
            assert_eq!(line, "start\n");
            std::thread::sleep(std::time::Duration::from_millis(200));
            // SAFETY: sending a signal to our own child process.
            unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
            let output = child.wait_with_output().expect("wait");
            let mut rest = String::new();
            std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
            let err = String::from_utf8_lossy(&output.stderr);
            if caught {
                assert_eq!(
                    (output.status.code(), rest.as_str()),
                    (Some(0), "caught\n"),
                    "{tier}: {err}"
                );
            } else {
                assert_eq!(output.status.signal(), Some(libc::SIGINT), "{tier}: {err}");
                assert_eq!(
                    err.lines().last(),
                    Some("KeyboardInterrupt"),
                    "{tier}: {err}"
                );
            }
        }
    }
    std::fs::remove_dir_all(&d).unwrap();
}

/// The bytecode cache: written beside the source as `__pycache__/NAME.heron-311.pyc` with
/// CPython's header, trusted only while the source's mtime and size match, rebuilt when damaged,
/// never written under `-B` or `PYTHONDONTWRITEBYTECODE`, and skipped where it cannot be written.
#[test]
fn bytecode_cache() {
    let d = scratch("pycache");
    let src = d.join("cachedmod.py");
    let cache = d.join("__pycache__/cachedmod.heron-311.pyc");
    let import = |extra: &[&str], env_off: bool| {
        let mut c = heron();
        c.current_dir(&d).args(extra).args([
            "-c",
            "import sys, cachedmod; print(cachedmod.__cached__, sys.dont_write_bytecode)",
        ]);
        if env_off {
            c.env("PYTHONDONTWRITEBYTECODE", "1");
        } else {
            c.env_remove("PYTHONDONTWRITEBYTECODE");
        }
        let (out, err, code) = run(&mut c);
        assert_eq!(code, 0, "{err}");
        out
    };
    // -B and PYTHONDONTWRITEBYTECODE write nothing (and say so in sys.dont_write_bytecode).
    std::fs::write(&src, "print('aaa')\n").unwrap();
    let out = import(&["-B"], false);
    assert!(
        out.ends_with("__pycache__/cachedmod.heron-311.pyc True\n"),
        "{out}"
    );
    import(&[], true);
    assert!(!cache.exists());
    // A plain import writes the cache, with CPython's header: flags 0, source mtime and size.
    let out = import(&[], false);
    assert_eq!(
        out,
        format!("aaa\n./__pycache__/cachedmod.heron-311.pyc False\n")
    );
    let data = std::fs::read(&cache).unwrap();
    let meta = std::fs::metadata(&src).unwrap();
    let word = |i: usize| u32::from_le_bytes(data[i..i + 4].try_into().unwrap());
    use std::os::unix::fs::MetadataExt;
    assert_eq!(word(4), 0);
    assert_eq!(word(8), meta.mtime() as u32);
    assert_eq!(word(12), meta.size() as u32);
    // Same size and mtime: the cache is trusted (as CPython trusts it), so the old code runs.
    let mtime = meta.modified().unwrap();
    let set_source = |text: &str, t: std::time::SystemTime| {
        std::fs::write(&src, text).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&src)
            .unwrap()
            .set_modified(t)
            .unwrap();
    };
    set_source("print('bbb')\n", mtime);
    assert!(import(&[], false).starts_with("aaa\n"));
    // A damaged cache is not used; the source is compiled and the cache rewritten.
    let mut bad = std::fs::read(&cache).unwrap();
    let last = bad.len() - 1;
    bad[last] ^= 0x55;
    std::fs::write(&cache, &bad).unwrap();
    assert!(import(&[], false).starts_with("bbb\n"));
    assert_ne!(std::fs::read(&cache).unwrap(), bad);
    // A changed source (new size) is compiled again.
    set_source("print('cccc')\n", mtime);
    assert!(import(&[], false).starts_with("cccc\n"));
    // Where `__pycache__` cannot be made, imports still work and nothing is written.
    std::fs::remove_dir_all(d.join("__pycache__")).unwrap();
    std::fs::write(d.join("__pycache__"), "not a folder").unwrap();
    assert!(import(&[], false).starts_with("cccc\n"));
    std::fs::remove_file(d.join("__pycache__")).unwrap();
    // importlib's SourceFileLoader reads and writes the same files.
    let mut c = heron();
    c.current_dir(&d).env_remove("PYTHONDONTWRITEBYTECODE").args([
        "-c",
        "import importlib.util as u\n\
         s = u.spec_from_file_location('m2', 'modx.py')\n\
         m = u.module_from_spec(s); s.loader.exec_module(m)\n\
         print(s.cached.endswith('/__pycache__/modx.heron-311.pyc'), u.MAGIC_NUMBER == open(s.cached, 'rb').read(4))",
    ]);
    let (out, err, code) = run(&mut c);
    assert_eq!((out.as_str(), code), ("modx m2\nTrue True\n", 0), "{err}");
    std::fs::remove_dir_all(&d).unwrap();
}

/// `tests/stdio/NAME.py` with `NAME.in` piped to standard input prints `NAME.out` (CPython
/// 3.11's output, `python3.11 NAME.py < NAME.in` with PYTHONUNBUFFERED=1), under each tier.
#[test]
fn standard_streams_read_piped_input() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stdio");
    for name in ["read_stdin", "std_streams"] {
        let input = std::fs::read(dir.join(format!("{name}.in"))).unwrap();
        let expected = std::fs::read_to_string(dir.join(format!("{name}.out"))).unwrap();
        for tier in ["off", "eager", "on"] {
            // The expected output was made with PYTHONUNBUFFERED=1 (it shows in the streams'
            // buffering flags).
            let mut child = heron()
                .env("PYTHONUNBUFFERED", "1")
                .args(["-X", &format!("jit={tier}")])
                .arg(dir.join(format!("{name}.py")))
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("run heron");
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&input).unwrap();
            let out = child.wait_with_output().unwrap();
            let got = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert_eq!(got, expected, "{name} under jit={tier}");
        }
    }
}

/// `site` runs at start-up as in CPython: a `.pth` file in the user site folder adds its paths
/// and runs its `import` lines, before `sys.path[0]` is set; `-s` skips the user site and `-S`
/// skips `site` altogether (and with it `exit`).
#[test]
fn site_reads_pth_files() {
    let base = std::env::temp_dir().join(format!("heron-site-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let site_dir = base.join("lib/python3.11/site-packages");
    let extra = base.join("extra");
    std::fs::create_dir_all(&site_dir).unwrap();
    std::fs::create_dir_all(&extra).unwrap();
    std::fs::write(extra.join("pthmarker.py"), "LOADED = True\n").unwrap();
    std::fs::write(
        site_dir.join("test.pth"),
        format!(
            "# a comment\n{}\nimport sys; sys.pth_import_ran = True\n",
            extra.display()
        ),
    )
    .unwrap();
    let code = "import sys\n\
                print(sys.path[0] == '', getattr(sys, 'pth_import_ran', False))\n\
                try:\n    import pthmarker; print(pthmarker.LOADED)\n\
                except ImportError: print('no pthmarker')\n\
                print('exit' in dir(__builtins__), 'site' in sys.modules)\n";
    let out = |flags: &[&str]| {
        let mut c = heron();
        c.env("PYTHONUSERBASE", &base)
            .args(flags)
            .args(["-c", code]);
        let (out, err, status) = run(&mut c);
        assert_eq!(status, 0, "{err}");
        out
    };
    assert_eq!(out(&[]), "True True\nTrue\nTrue True\n");
    assert_eq!(out(&["-s"]), "True False\nno pthmarker\nTrue True\n");
    assert_eq!(out(&["-S"]), "True False\nno pthmarker\nFalse False\n");
    std::fs::remove_dir_all(&base).ok();
}

#[test]
fn tracebacks_show_no_source_for_code_from_strings() {
    // CPython 3.11 has no source line to show for `-c` or `exec`ed code, and code compiled
    // later under the same pseudo-file name must not lend it one.
    let (out, err, code) = run(heron().args([
        "-S",
        "-c",
        "exec('def f():\\n    return 1/0')\nprint('ran')\nf()",
    ]));
    assert_eq!(out, "ran\n");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "Traceback (most recent call last):\n  File \"<string>\", line 3, in <module>\n  \
         File \"<string>\", line 2, in f\nZeroDivisionError: division by zero\n"
    );
}

#[test]
fn a_missing_script_is_reported_as_cpython_does() {
    let dir = std::env::temp_dir();
    let (out, err, code) = run(heron().current_dir(&dir).arg("heron_no_such_script.py"));
    let path = dir.join("heron_no_such_script.py");
    assert_eq!(out, "");
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "heron: can't open file '{}': [Errno 2] No such file or directory\n",
            path.display()
        )
    );
}

/// The process ends at once after Python's exit steps; everything those steps produce is
/// kept: `atexit` handlers, buffered output, unclosed files, the status of `sys.exit`.
#[test]
fn exit_keeps_what_the_exit_steps_write() {
    let d = std::env::temp_dir().join(format!("heron-exit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let data = d.join("data.txt");
    let program = format!(
        "import atexit, sys\n\
         atexit.register(lambda: print('bye'))\n\
         sys.stdout.write('partial ')\n\
         f = open({:?}, 'w')\n\
         f.write('unclosed')\n\
         sys.exit(3)\n",
        data.display().to_string()
    );
    for tier in ["jit=off", "jit=on"] {
        let (out, err, code) = run(heron().args(["-X", tier, "-c", &program]));
        assert_eq!((out.as_str(), err.as_str(), code), ("partial bye\n", "", 3));
        assert_eq!(std::fs::read_to_string(&data).unwrap(), "unclosed");
        std::fs::remove_file(&data).unwrap();
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// `gc.set_debug` with a flag whose behaviour Heron does not have yet is an error, never a
/// silent no-op; `DEBUG_STATS` reports each collection on stderr as CPython's does.
#[test]
fn gc_debug_flags() {
    let (_, err, code) = run(heron().args(["-c", "import gc; gc.set_debug(gc.DEBUG_SAVEALL)"]));
    assert_eq!(code, 1);
    assert!(err.ends_with(
        "NotImplementedError: gc.set_debug: DEBUG_COLLECTABLE and DEBUG_SAVEALL are not \
         supported by Heron yet\n"
    ));
    let (_, err, code) = run(heron().args([
        "-c",
        "import gc; gc.collect(); gc.set_debug(gc.DEBUG_STATS); gc.collect(1)",
    ]));
    assert_eq!(code, 0);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert_eq!(lines[0], "gc: collecting generation 1...");
    assert!(lines[1].starts_with("gc: objects in each generation: "));
    assert_eq!(lines[2], "gc: objects in permanent generation: 0");
    assert!(lines[3].starts_with("gc: done, 0 unreachable, 0 uncollectable, "));
}

/// A file a library module opened and never closed is flushed at exit, as CPython's module
/// finalization does: output already written is never lost.
#[test]
fn exit_flushes_files_modules_left_open() {
    let d = std::env::temp_dir().join(format!("heron-exit-modules-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let data = d.join("data.txt");
    std::fs::write(
        d.join("opener.py"),
        format!(
            "log = open({:?}, 'w')\nlog.write('written by a module')\n",
            data.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(d.join("main.py"), "import opener\nprint('done')\n").unwrap();
    for tier in ["jit=off", "jit=eager", "jit=on"] {
        let (out, err, code) = run(heron().current_dir(&d).args(["-X", tier, "main.py"]));
        assert_eq!((out.as_str(), err.as_str(), code), ("done\n", "", 0));
        assert_eq!(
            std::fs::read_to_string(&data).unwrap(),
            "written by a module"
        );
        std::fs::remove_file(&data).unwrap();
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// A module loaded from the bytecode cache, whose function and class bodies stay encoded until
/// they are first read, behaves as it did when compiled from source (docstrings, closures,
/// classes, generators, `marshal` of its code, line numbers in tracebacks), in every tier.
#[test]
fn code_from_the_cache_runs_as_compiled() {
    let d = std::env::temp_dir().join(format!("heron-startup-{}-lazy", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("lazymod.py"),
        "import marshal\n\
         def documented(a, b=2):\n    \"A docstring.\"\n    return a + b\n\
         def closure(n):\n    def inner(k):\n        return n * k\n    return inner\n\
         class Shape:\n    \"Shape doc.\"\n    def __init__(self, n):\n        self.n = n\n\
         \x20   def area(self):\n        return [self.n * i for i in range(3)]\n\
         def gen(n):\n    yield from range(n)\n\
         def fails():\n    return 1 / 0\n\
         print(documented.__doc__, documented(1), closure(3)(4), Shape.__doc__, Shape(2).area(), list(gen(3)))\n\
         print(documented.__code__.co_varnames, documented.__code__.co_consts[0])\n\
         c = marshal.loads(marshal.dumps(closure.__code__))\n\
         print(c.co_name, [k.co_name for k in c.co_consts if hasattr(k, 'co_name')])\n\
         try:\n    fails()\nexcept ZeroDivisionError as e:\n\
         \x20   print(e.__traceback__.tb_next.tb_frame.f_code.co_name, e.__traceback__.tb_next.tb_lineno)\n",
    )
    .unwrap();
    // CPython 3.11's output.
    let expected = "A docstring. 3 12 Shape doc. [0, 2, 4] [0, 1, 2]\n\
                    ('a', 'b') A docstring.\n\
                    closure ['inner']\n\
                    fails 18\n";
    for tier in ["off", "eager", "on"] {
        let _ = std::fs::remove_dir_all(d.join("__pycache__"));
        for pass in ["compiled", "from the cache"] {
            let mut c = heron();
            c.current_dir(&d)
                .env_remove("PYTHONDONTWRITEBYTECODE")
                .args(["-X", &format!("jit={tier}"), "-c", "import lazymod"]);
            let (out, err, code) = run(&mut c);
            assert_eq!((out.as_str(), code), (expected, 0), "{tier}, {pass}: {err}");
        }
        assert!(d.join("__pycache__/lazymod.heron-311.pyc").exists());
    }
    std::fs::remove_dir_all(&d).unwrap();
}

/// The REPL on a terminal: Ctrl-C during a computation and while waiting at the prompt each
/// raise KeyboardInterrupt, reported as CPython reports them, and the REPL carries on; the end
/// of input leaves it with status 0.
#[test]
fn ctrl_c_in_the_repl() {
    use std::io::{Read, Write};
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two descriptors into the two integers; the name, termios and
    // window size arguments may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: both descriptors are fresh and owned here alone.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut child = heron()
        .args(["-X", "jit=on"])
        .stdin(slave.try_clone().unwrap())
        .stdout(slave.try_clone().unwrap())
        .stderr(slave)
        .spawn()
        .expect("spawn heron");
    let mut reader = std::fs::File::from(master.try_clone().unwrap());
    let mut writer = std::fs::File::from(master);
    let seen = Arc::new(Mutex::new(String::new()));
    let sink = seen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let wait_for = |text: &str, count: usize| {
        let start = Instant::now();
        while seen.lock().unwrap().matches(text).count() < count {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waiting for {text:?} x{count}: {:?}",
                seen.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let interrupt = || {
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    };
    wait_for(">>> ", 1);
    writer.write_all(b"i = 0\n").unwrap();
    wait_for(">>> ", 2);
    writer.write_all(b"while True:\n    i += 1\n\n").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    interrupt();
    wait_for("KeyboardInterrupt", 1);
    wait_for(">>> ", 3);
    std::thread::sleep(Duration::from_millis(100));
    interrupt();
    wait_for("KeyboardInterrupt", 2);
    writer.write_all(b"print('after', i > 0)\n").unwrap();
    wait_for("after True", 1);
    writer.write_all(b"\x04").unwrap();
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "{:?}", seen.lock().unwrap());
}

/// Runs `heron -` with `input` on stdin: (stdout, stderr, status).
fn run_stdin(input: &[u8]) -> (String, String, i32) {
    use std::io::Write;
    let mut child = heron()
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run heron");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Source read from stdin or a script file is decoded as CPython's file tokenizer does (the
/// expected texts are CPython 3.11's): bytes that are not UTF-8 without a cookie are a
/// SyntaxError before anything runs, stdin takes no other encoding, a cookie the codecs do not
/// know is an "encoding problem", and a NUL ends its line.
#[test]
fn source_decoding_of_stdin_and_scripts() {
    let non_utf8 = "SyntaxError: Non-UTF-8 code starting with '\\xff' in file <stdin> on line 2, \
                    but no encoding declared; see https://peps.python.org/pep-0263/ for details\n";
    assert_eq!(
        run_stdin(b"print(1)\n\xff\xfe\n"),
        (String::new(), non_utf8.into(), 1)
    );
    assert_eq!(
        run_stdin(b"#!/bin/sh\n# coding: latin-1\nprint('\xe9')\n"),
        (
            String::new(),
            "SyntaxError: encoding problem: iso-8859-1\n".into(),
            1
        )
    );
    assert_eq!(
        run_stdin(b"print(7)\x00\n"),
        ("7\n".into(), String::new(), 0)
    );
    assert_eq!(
        run_stdin(b"# \x00\nprint(5)\n"),
        (String::new(), String::new(), 0)
    );

    let d = std::env::temp_dir().join(format!("heron-startup-{}-coding", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let script = |name: &str, body: &[u8]| {
        let p = d.join(name);
        std::fs::write(&p, body).unwrap();
        run(heron().arg(&p))
    };
    let (out, err, code) = script("bad.py", b"print(1)\n\xff\xfe\n");
    assert_eq!((out.as_str(), code), ("", 1));
    assert_eq!(
        err,
        format!(
            "SyntaxError: Non-UTF-8 code starting with '\\xff' in file {} on line 2, but no \
             encoding declared; see https://peps.python.org/pep-0263/ for details\n",
            d.join("bad.py").display()
        )
    );
    assert_eq!(
        script("unk.py", b"# -*- coding: xyz -*-\nprint(1)\n"),
        (
            String::new(),
            "SyntaxError: encoding problem: xyz\n".into(),
            1
        )
    );
    assert_eq!(
        script("bom.py", b"\xef\xbb\xbf# coding: latin-1\nprint(1)\n"),
        (
            String::new(),
            "SyntaxError: encoding problem: iso-8859-1 with BOM\n".into(),
            1
        )
    );
    assert_eq!(
        script("lat.py", b"# coding: latin-1\nprint('\xe9')\n"),
        ("\u{e9}\n".into(), String::new(), 0)
    );
    assert_eq!(
        script("nul.py", b"print(1)\x00\n"),
        ("1\n".into(), String::new(), 0)
    );
    let _ = std::fs::remove_dir_all(&d);
}
