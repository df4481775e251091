//! Compiled code and the native stack, and compiled code and signals.
//!
//! With the recursion limit raised far beyond what the native stack holds (CPython 3.11 itself
//! crashes on these programs), every tier must raise RecursionError, never overflow the stack:
//! compiled code checks the native stack it has left, not only the Python depth. And a hot
//! compiled loop that calls nothing must still see Ctrl-C at its back-edge.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIERS: [&[&str]; 3] = [
    &["-X", "jit=eager"],
    &["-X", "jit=on"],
    &["-X", "jit=on", "-X", "jit-threshold=5", "-X", "jit-sync"],
];

fn script(name: &str, source: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("heron-jit-stack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, source).expect("write script");
    path
}

/// Runs `path` under `tier` and checks it printed `expected` and exited normally.
fn expect_output(tier: &[&str], path: &PathBuf, expected: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_heron"))
        .args(tier)
        .arg(path)
        .output()
        .expect("run heron");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{tier:?}: {:?}\n{}",
        out.status,
        &stderr[stderr.len().saturating_sub(2000)..]
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{tier:?}");
}

/// Compiled code calling compiled code (the lazy-call path) until the native stack runs out.
#[test]
fn compiled_recursion_past_the_native_stack() {
    let path = script(
        "compiled_recursion.py",
        "import sys\nsys.setrecursionlimit(6_000_000)\nn = 0\n\
         def f():\n    global n\n    n += 1\n    f()\n\
         try:\n    f()\nexcept RecursionError as e:\n    print('RecursionError', e, n > 10000)\n\
         def g(): g()\n\
         try:\n    g()\nexcept RecursionError:\n    print('RecursionError g')\n",
    );
    for tier in TIERS {
        expect_output(
            tier,
            &path,
            "RecursionError maximum recursion depth exceeded True\nRecursionError g\n",
        );
    }
}

/// Recursion through natives that call back into Python: `sorted(key=...)`, `__eq__`,
/// `__hash__`, `map`.
#[test]
fn recursion_through_natives_past_the_native_stack() {
    let path = script(
        "native_recursion.py",
        "import sys\nsys.setrecursionlimit(6_000_000)\n\
         def f(x):\n    return sorted([1, 2], key=f)\n\
         try:\n    f(0)\nexcept RecursionError:\n    print('sorted')\n\
         class K:\n    def __eq__(self, o):\n        return K() == o\n\
         \x20   def __hash__(self):\n        return hash(K())\n\
         try:\n    K() == 1\nexcept RecursionError:\n    print('eq')\n\
         try:\n    hash(K())\nexcept RecursionError:\n    print('hash')\n\
         def g(x):\n    return list(map(g, [x]))\n\
         try:\n    g(0)\nexcept RecursionError:\n    print('map')\n",
    );
    for tier in TIERS {
        expect_output(tier, &path, "sorted\neq\nhash\nmap\n");
    }
}

/// Starts `path`, waits for its "ready" line, sends SIGINT and expects what CPython does: the
/// `finally` block runs, KeyboardInterrupt is reported, and the process ends by SIGINT (status
/// 130 in a shell), soon after the signal.
fn interrupt(tier: &[&str], path: &PathBuf) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_heron"))
        .args(tier)
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start heron");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("ready line");
    assert_eq!(line, "ready\n", "{tier:?}");
    // Let the loop get hot and compiled (on-stack replacement under the default tier).
    std::thread::sleep(Duration::from_millis(300));
    let sent = Instant::now();
    // SAFETY: kill() with the id of a child this test started and has not reaped.
    let r = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    assert_eq!(r, 0);
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if sent.elapsed() > Duration::from_secs(10) {
            child.kill().ok();
            panic!("{tier:?}: SIGINT did not interrupt the loop");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let latency = sent.elapsed();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).expect("stdout");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert_eq!(rest, "finally\n", "{tier:?}");
    assert!(stderr.contains("KeyboardInterrupt"), "{tier:?}: {stderr}");
    assert_eq!(status.signal(), Some(libc::SIGINT), "{tier:?}: {status:?}");
    // Generous for a loaded machine; the poll itself answers within a loop iteration.
    assert!(
        latency < Duration::from_secs(2),
        "{tier:?}: took {latency:?}"
    );
}

#[test]
fn ctrl_c_interrupts_a_compiled_loop_at_module_level() {
    let path = script(
        "ctrl_c_module.py",
        "i = 0\ntry:\n    print('ready', flush=True)\n    while True:\n        i += 1\n\
         finally:\n    print('finally')\n",
    );
    for tier in &TIERS[..2] {
        interrupt(tier, &path);
    }
}

#[test]
fn ctrl_c_interrupts_a_compiled_loop_in_a_function() {
    let path = script(
        "ctrl_c_function.py",
        "def spin():\n    i = 0\n    x = 0.5\n    while True:\n        i += 1\n        x = x * 1.0\n\
         try:\n    print('ready', flush=True)\n    spin()\nfinally:\n    print('finally')\n",
    );
    for tier in &TIERS[..2] {
        interrupt(tier, &path);
    }
}
