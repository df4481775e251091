//! The second tier: the tiering policy, compiling hot code objects through `heron-jit`, dumps
//! and statistics.
//!
//! Policy: every call of a Python function (`CALL_WEIGHT`) and every loop back-edge (1)
//! counts towards its code object's hotness; past `-X jit-threshold` calls (or on the first call with `-X jit=eager`) the
//! code object is translated (`frontend`) and compiled. Compiling costs time in proportion to
//! the code's size, so a code object longer than `SIZE_UNIT` bytes of bytecode must be that
//! many times hotter (CPython's `re._parser._parse`, 3 kB, would otherwise cost 150 ms of
//! compiling while a program imports `logging`). Code the front end cannot handle yet stays in the interpreter.
//! Under `-X jit=on` the translated code goes to a compiler thread (`heron_jit::Background`)
//! and the interpreter keeps running it until the machine code is installed, the next time the
//! code object is called or loops; `-X jit=eager`, dumps and `-X jit-sync` compile in place.
//! Compiled code runs on the interpreter's own frame, so leaving it (a deopt or an exception)
//! just continues interpreting that frame.

pub mod frontend;
pub mod lazy;
pub mod profile;
pub mod runtime;

use std::time::{Duration, Instant};

use crate::object::code::Code;
use crate::object::value::Value;
use crate::vm::frame::Frame;
use crate::vm::{JitMode, Vm};

pub use runtime::{Entry, Exit};

/// Compilation state of a code object (`Code::jit_state`).
pub mod state {
    pub const UNTRIED: u8 = 0;
    pub const COMPILED: u8 = 1;
    pub const NOT_COMPILED: u8 = 2;
    /// Handed to the compiler thread; interpreted until its code is installed.
    pub const COMPILING: u8 = 3;
    /// Warm: a quarter of the way to its threshold, so the interpreter records type feedback
    /// for it (`profile`). Code that runs a few times (module and class bodies, most
    /// functions at import) never pays for recording or for the feedback array.
    pub const WARM: u8 = 4;
}

/// `-X jit-dump=...` forms.
#[derive(Clone, Copy, Debug, Default)]
pub struct DumpForms {
    pub bytecode: bool,
    pub ir: bool,
    pub clif: bool,
    pub asm: bool,
}

impl DumpForms {
    pub fn any(&self) -> bool {
        self.bytecode || self.ir || self.clif || self.asm
    }

    /// Parses `bytecode,ir,clif,asm` (any subset).
    pub fn parse(s: &str) -> Result<DumpForms, String> {
        let mut d = DumpForms::default();
        for part in s.split(',').filter(|p| !p.is_empty()) {
            match part {
                "bytecode" => d.bytecode = true,
                "ir" => d.ir = true,
                "clif" => d.clif = true,
                "asm" => d.asm = true,
                other => {
                    return Err(format!(
                        "unknown -X jit-dump form '{other}' (bytecode, ir, clif, asm)"
                    ))
                }
            }
        }
        Ok(d)
    }
}

/// JIT options from the command line.
#[derive(Clone, Debug, Default)]
pub struct JitOptions {
    pub dump: DumpForms,
    pub dump_dir: Option<String>,
    /// Compile for this ISA ("x86_64", "aarch64") for dumps only, never running the code.
    pub target: Option<String>,
    pub stats: bool,
    pub perf_map: bool,
    /// Compile on the interpreter's thread (`-X jit-sync`): the point where compiled code
    /// takes over no longer depends on timing.
    pub sync: bool,
}

/// `-X jit-stats` counters.
#[derive(Default, Debug)]
pub struct Stats {
    pub compiled: usize,
    pub not_compiled: usize,
    pub compile_time: Duration,
    pub code_size: usize,
    pub exits: usize,
    pub deopts: usize,
    pub osr_entries: usize,
    /// Interpreter frames made for calls compiled code made lazily (`lazy`).
    pub lazy_frames: usize,
    pub recompiles: usize,
    pub reasons: Vec<(String, usize)>,
}

/// The JIT compilers, created on first use: one on the interpreter's thread (for `-X
/// jit=eager`, dumps and `-X jit-sync`) and the compiler thread (tiered compiling).
#[derive(Default)]
pub struct JitState {
    jit: Option<heron_jit::Jit>,
    background: Option<heron_jit::Background>,
    /// The compiler thread could not start: compile on this thread instead.
    background_failed: bool,
    /// Code objects on the compiler thread, by job number (held until installed).
    pending: Vec<(u64, Value)>,
    next_job: u64,
}

/// How much hotter a call makes a code object than one loop iteration: a loop that runs once,
/// at import, must iterate `CALL_WEIGHT` times as often as a function is called before its
/// code is compiled for on-stack replacement.
pub const CALL_WEIGHT: u32 = 8;

/// The compiled entry for `frame`'s code if it has (or now gets) one. Called on every call of
/// a Python function (`weight` `CALL_WEIGHT`) and at loop back-edges (on-stack replacement,
/// `weight` 1).
#[inline(always)]
pub fn entry_for(vm: &mut Vm, frame: &Frame, weight: u32) -> Option<Entry> {
    let code = frame.code();
    match code.jit_state.get() {
        state::COMPILED => code.jit_entry.get(),
        state::NOT_COMPILED => None,
        state::COMPILING => {
            install_finished(vm);
            code.jit_entry.get()
        }
        _ => {
            if vm.options.jit == JitMode::Off {
                return None;
            }
            let hot = code.hotness.get().saturating_add(weight);
            code.hotness.set(hot);
            let threshold = threshold(vm, code);
            if vm.options.jit == JitMode::Eager || hot >= threshold {
                compile(vm, code, frame)
            } else {
                if hot >= threshold / WARM_FRACTION {
                    code.jit_state.set(state::WARM);
                }
                None
            }
        }
    }
}

/// A code object records type feedback from `1 / WARM_FRACTION` of its threshold on.
const WARM_FRACTION: u32 = 4;

/// Bytecode bytes whose compiling the base threshold pays for.
const SIZE_UNIT: usize = 512;

/// The hotness at which `code` is compiled: the base threshold in calls, scaled by size.
fn threshold(vm: &Vm, code: &Code) -> u32 {
    let units = (code.compiled.code.len() / SIZE_UNIT).max(1) as u32;
    vm.options
        .jit_threshold
        .saturating_mul(CALL_WEIGHT)
        .saturating_mul(units)
}

/// Deopts of one code object after which it is recompiled without any speculation.
const DEOPT_LIMIT: u32 = 64;

/// Deopts at one speculating instruction after which the code object is recompiled with that
/// instruction's generic code.
const SITE_LIMIT: u32 = 8;

/// Records a deopt exit (`flag`: reason and site, from the context; `pc`: where the interpreter
/// resumes). An instruction whose guards keep failing is recompiled without speculation on its
/// next call; a code object that deopts too often in all is recompiled without any.
pub fn note_deopt(vm: &mut Vm, code: &Code, flag: u64, pc: usize) {
    let why = frontend::deopt_reason(flag);
    let site = format!("deopt: {why} at {}:@{pc}", code.compiled.qualname);
    note_reason(vm, &site);
    if flag & 0xff == frontend::deopt::OSR_NOT_COMPILED {
        return;
    }
    let index = (flag >> 8) as u32;
    let site_count = {
        let mut sites = code.jit_site_deopts.borrow_mut();
        match sites.iter_mut().find(|(i, _)| *i == index) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                sites.push((index, 1));
                1
            }
        }
    };
    let n = code.deopts.get() + 1;
    code.deopts.set(n);
    let recompile = if n >= DEOPT_LIMIT && code.jit_speculate.get() {
        code.jit_speculate.set(false);
        true
    } else if site_count == SITE_LIMIT && code.jit_speculate.get() {
        code.jit_failed_sites.borrow_mut().push(index);
        true
    } else {
        false
    };
    if recompile {
        code.jit_entry.set(None);
        code.jit_state.set(state::WARM);
        vm.jit_stats.recompiles += 1;
    }
}

fn note_reason(vm: &mut Vm, why: &str) {
    let reason = why.to_string();
    match vm.jit_stats.reasons.iter_mut().find(|(r, _)| *r == reason) {
        Some((_, n)) => *n += 1,
        None => vm.jit_stats.reasons.push((reason, 1)),
    }
}

/// Translates and compiles `code`; records the outcome on the code object.
fn compile(vm: &mut Vm, code: &Code, frame: &Frame) -> Option<Entry> {
    let start = Instant::now();
    let failed_sites = code.jit_failed_sites.borrow().clone();
    let spec = frontend::Speculation {
        globals: &frame.globals,
        builtins: &frame.builtins,
        failed_sites: &failed_sites,
    };
    let spec = if code.jit_speculate.get() {
        Some(&spec)
    } else {
        None
    };
    if !code.verified {
        // Code that failed the interpreter's checks (from `marshal` data) only ever raises.
        code.jit_state.set(state::NOT_COMPILED);
        vm.jit_stats.not_compiled += 1;
        note_reason(vm, "not compiled: invalid bytecode");
        return None;
    }
    for h in frontend::yielding_loops(code) {
        let mut no_osr = code.no_osr.borrow_mut();
        if !no_osr.contains(&h) {
            no_osr.push(h);
        }
    }
    let f = match frontend::translate(code, spec) {
        Ok(f) => f,
        Err(frontend::Unsupported(why)) => {
            code.jit_state.set(state::NOT_COMPILED);
            vm.jit_stats.not_compiled += 1;
            note_reason(vm, &format!("not compiled: {why}"));
            return None;
        }
    };
    let opts = vm.jit_options.clone();
    if vm.options.jit == JitMode::On && !opts.sync && !opts.dump.any() && opts.target.is_none() {
        if let Some(st) = background(vm) {
            let id = st.next_job;
            st.next_job += 1;
            if st.background.as_ref().is_some_and(|b| b.submit(id, f)) {
                st.pending.push((id, frame.code.clone()));
                code.jit_state.set(state::COMPILING);
            } else {
                code.jit_state.set(state::NOT_COMPILED);
                note_reason(vm, "jit unavailable: the compiler thread ended");
            }
            vm.jit_stats.compile_time += start.elapsed();
            return None;
        }
    }
    let want = heron_jit::DumpRequest {
        clif: opts.dump.clif,
        asm: opts.dump.asm,
    };
    let result = match &opts.target {
        Some(t) => heron_jit::compile_for_target(t, &runtime::runtime_info(), &f, want),
        None => {
            let st = vm.jit.get_or_insert_with(Default::default);
            if st.jit.is_none() {
                match heron_jit::Jit::new(runtime::runtime_info()) {
                    Ok(jit) => st.jit = Some(jit),
                    Err(e) => {
                        code.jit_state.set(state::NOT_COMPILED);
                        note_reason(vm, &format!("jit unavailable: {e}"));
                        return None;
                    }
                }
            }
            st.jit.as_mut().expect("jit").compile(&f, want)
        }
    };
    let out = match result {
        Ok(out) => out,
        Err(e) => {
            code.jit_state.set(state::NOT_COMPILED);
            vm.jit_stats.not_compiled += 1;
            note_reason(vm, &format!("compile error: {e}"));
            return None;
        }
    };
    vm.jit_stats.compile_time += start.elapsed();
    vm.jit_stats.code_size += out.size;
    if opts.dump.any() {
        dump(vm, code, &f, &out);
    }
    if opts.perf_map && opts.target.is_none() {
        if let Some(p) = out.code {
            perf_map(code, p as usize, out.size);
        }
    }
    match out.code {
        // SAFETY: the JIT produced `p` for this function's HIR with the `Entry` signature,
        // and keeps the code alive as long as the Jit (the VM) lives.
        Some(p) if opts.target.is_none() => Some(unsafe { install(vm, code, p) }),
        _ => {
            // Compiled for another ISA: dumps only.
            code.jit_state.set(state::NOT_COMPILED);
            vm.jit_stats.compiled += 1;
            None
        }
    }
}

/// Makes `p` the code object's compiled entry.
///
/// # Safety
/// `p` is code the JIT compiled for this code object's HIR with the `Entry` signature, and it
/// stays mapped as long as the process runs.
unsafe fn install(vm: &mut Vm, code: &Code, p: *const u8) -> Entry {
    // SAFETY: forwarded from the caller.
    let entry: Entry = unsafe { std::mem::transmute::<*const u8, Entry>(p) };
    code.jit_entry.set(Some(entry));
    code.jit_state.set(state::COMPILED);
    vm.jit_stats.compiled += 1;
    entry
}

/// The JIT state with a running compiler thread; None if the thread cannot start (then code
/// is compiled on this thread).
fn background(vm: &mut Vm) -> Option<&mut JitState> {
    let st = vm.jit.get_or_insert_with(Default::default);
    if st.background.is_none() && !st.background_failed {
        // The compiler thread must not take signals meant for Python: it starts with them
        // blocked (a thread inherits its creator's mask).
        match crate::vm::signals::with_signals_blocked(|| {
            heron_jit::Background::start(runtime::runtime_info())
        }) {
            Ok(b) => st.background = Some(b),
            Err(_) => st.background_failed = true,
        }
    }
    st.background.is_some().then_some(&mut **st)
}

/// Installs the code the compiler thread has finished.
fn install_finished(vm: &mut Vm) {
    let Some(st) = vm.jit.as_deref_mut() else {
        return;
    };
    let Some(bg) = &st.background else { return };
    let finished: Vec<_> = bg.finished().collect();
    let mut done = Vec::with_capacity(finished.len());
    for f in finished {
        if let Some(i) = st.pending.iter().position(|(id, _)| *id == f.id) {
            done.push((st.pending.swap_remove(i).1, f));
        }
    }
    for (code_value, f) in done {
        let code = code_value.payload_exact::<Code>().expect("code object");
        vm.jit_stats.compile_time += f.time;
        match f.result {
            Ok((addr, size)) => {
                vm.jit_stats.code_size += size;
                if vm.jit_options.perf_map {
                    perf_map(code, addr, size);
                }
                // SAFETY: the compiler thread compiled `addr` from this code object's HIR, and
                // its JIT (never dropped) keeps the code mapped.
                unsafe { install(vm, code, addr as *const u8) };
            }
            Err(e) => {
                code.jit_state.set(state::NOT_COMPILED);
                vm.jit_stats.not_compiled += 1;
                note_reason(vm, &format!("compile error: {e}"));
            }
        }
    }
}

fn dump(vm: &mut Vm, code: &Code, f: &heron_jit::ir::Function, out: &heron_jit::CompileOutput) {
    let cc = &code.compiled;
    let forms = vm.jit_options.dump;
    let mut text = format!(
        "=== {} ({}:{}) ===\n",
        cc.qualname, cc.filename, cc.first_line
    );
    if forms.bytecode {
        text.push_str("--- bytecode ---\n");
        text.push_str(&crate::bytecode::dis::dis_to_string(cc, false));
    }
    if forms.ir {
        text.push_str("--- ir ---\n");
        text.push_str(&heron_jit::text::print(f));
    }
    if forms.clif {
        text.push_str("--- clif ---\n");
        text.push_str(out.clif.as_deref().unwrap_or("(not available)\n"));
    }
    if forms.asm {
        text.push_str("--- asm ---\n");
        text.push_str(out.asm.as_deref().unwrap_or("(not available)\n"));
    }
    match &vm.jit_options.dump_dir {
        Some(dir) => {
            let _ = std::fs::create_dir_all(dir);
            let name: String = cc
                .qualname
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let path = format!("{dir}/{name}-{}.txt", cc.first_line);
            let _ = std::fs::write(path, text);
        }
        None => {
            vm.flush_stdout();
            eprint!("{text}");
        }
    }
}

fn perf_map(code: &Code, addr: usize, size: usize) {
    use std::io::Write;
    let path = format!("/tmp/perf-{}.map", std::process::id());
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{addr:x} {size:x} py::{}", code.compiled.qualname);
    }
}

/// Prints `-X jit-stats` to stderr.
pub fn print_stats(vm: &mut Vm) {
    let s = &vm.jit_stats;
    let mut text = String::from("JIT statistics:\n");
    text.push_str(&format!("  code objects compiled: {}\n", s.compiled));
    text.push_str(&format!(
        "  code objects left to the interpreter: {}\n",
        s.not_compiled
    ));
    text.push_str(&format!(
        "  compile time: {:.3} ms\n",
        s.compile_time.as_secs_f64() * 1e3
    ));
    text.push_str(&format!("  code size: {} bytes\n", s.code_size));
    text.push_str(&format!(
        "  exits to the interpreter: {} ({} deopts)\n",
        s.exits, s.deopts
    ));
    text.push_str(&format!("  on-stack replacements: {}\n", s.osr_entries));
    text.push_str(&format!(
        "  frames made for lazy calls: {}\n",
        s.lazy_frames
    ));
    text.push_str(&format!(
        "  recompiled with less speculation: {}\n",
        s.recompiles
    ));
    for (r, n) in &s.reasons {
        text.push_str(&format!("  {r}: {n}\n"));
    }
    vm.flush_stdout();
    eprint!("{text}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::Mode;
    use crate::object::{dict, function::Function, str};
    use crate::vm::Options;

    /// Runs `source` in a fresh module under `-X jit=on -X jit-threshold=100` and returns the
    /// code object of its function `f`.
    fn code_of_f_after(vm: &mut Vm, source: &str) -> Value {
        let globals = dict::new_dict();
        dict::set_str(
            &globals,
            &str::intern_static("__builtins__"),
            vm.builtins_module.clone(),
        );
        let code = vm.compile_source(source, "<warm>", Mode::Exec).unwrap();
        vm.exec_code(code, &globals, None).unwrap();
        let f = dict::lookup_str(&globals, &str::intern("f")).expect("f defined");
        let code = f
            .payload_exact::<Function>()
            .expect("function")
            .code
            .borrow()
            .clone();
        code
    }

    #[test]
    fn type_feedback_waits_until_the_code_is_warm() {
        let (_guard, _) = crate::vm::test_vm();
        let mut vm = Vm::new(Options {
            jit: JitMode::On,
            jit_threshold: 100,
            ..Options::default()
        });
        // A call weighs CALL_WEIGHT; warm at a quarter of 100 calls.
        let cold = code_of_f_after(
            &mut vm,
            "def f(x): return x + 1\nfor i in range(20): f(i)\n",
        );
        let cold = cold.payload_exact::<Code>().unwrap();
        assert_eq!(cold.jit_state.get(), state::UNTRIED);
        assert!(
            cold.profile.get().is_none(),
            "no feedback array before warm"
        );
        let warm = code_of_f_after(
            &mut vm,
            "def f(x): return x + 1\nfor i in range(60): f(i)\n",
        );
        let warm = warm.payload_exact::<Code>().unwrap();
        assert_eq!(warm.jit_state.get(), state::WARM);
        assert!(warm.profile.get().is_some(), "feedback recorded once warm");
    }
}
