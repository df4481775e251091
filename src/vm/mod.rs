//! The virtual machine: interpreter state, the eval loop, calls, attribute access, operators,
//! imports and tracebacks.

#[macro_use]
mod loop_macros;
pub mod attr;
pub mod call;
pub mod class;
pub mod coroutine;
pub mod eval;
mod fast_loop;
pub mod frame;
pub mod generator;
pub mod import;
pub mod ops;
#[cfg(feature = "opcode-stats")]
pub mod opstats;
pub mod paths;
pub mod protocol;
pub mod pycache;
pub mod signals;
pub mod specialize;
pub mod stack_ops;
pub mod traceback;

use crate::object::error::PyErr;
use crate::object::value::Value;
use crate::object::*;

/// Implementation options (`-X ...`).
#[derive(Clone, Debug)]
pub struct Options {
    pub jit: JitMode,
    pub jit_threshold: u32,
    /// `-X gc-zeal=N` (0: off).
    pub gc_zeal: usize,
    /// `-X opcode-stats`: print dispatched instruction counts at exit (`opcode-stats` builds).
    pub opcode_stats: bool,
    pub argv: Vec<String>,
    pub jit_options: crate::tier2::JitOptions,
    /// `-E`, `-I`, `-s`, `-S`: what shapes `sys.path`.
    pub path_flags: paths::PathFlags,
    /// `-P` (or `-I`): no script folder or `''` in front of `sys.path`.
    pub safe_path: bool,
    /// `-B`.
    pub dont_write_bytecode: bool,
    /// `-q`.
    pub quiet: bool,
    /// `-O` count.
    pub optimize: u8,
    /// `-v` count.
    pub verbose: u8,
    /// `-u`.
    pub unbuffered: bool,
    /// `-W` arguments, in order (`sys.warnoptions`).
    pub warnoptions: Vec<String>,
    /// `-X` options, in order (`sys._xoptions`): name and value (`None` when given bare).
    pub xoptions: Vec<(String, Option<String>)>,
    /// The command line as given (`sys.orig_argv`).
    pub orig_argv: Vec<String>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum JitMode {
    Off,
    On,
    Eager,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            jit: JitMode::On,
            jit_threshold: 1000,
            gc_zeal: 0,
            opcode_stats: false,
            argv: vec![String::new()],
            jit_options: crate::tier2::JitOptions::default(),
            path_flags: paths::PathFlags::default(),
            safe_path: false,
            dont_write_bytecode: false,
            quiet: false,
            optimize: 0,
            verbose: 0,
            unbuffered: false,
            warnoptions: Vec::new(),
            xoptions: Vec::new(),
            orig_argv: Vec::new(),
        }
    }
}

/// Interpreter state. One per thread that runs Python.
pub struct Vm {
    pub builtins: Value,
    pub builtins_module: Value,
    pub sys_module: Value,
    /// `sys.modules`.
    pub modules: Value,
    /// Frames currently executing, innermost last (raw pointers into boxes owned by the eval
    /// loops on the Rust stack; read only for introspection).
    pub frames: Vec<*const frame::Frame>,
    pub recursion_limit: usize,
    /// Set once the exit functions have run (`sys.is_finalizing()`).
    pub finalizing: bool,
    /// Calls in progress from compiled code to compiled code that have no interpreter frame
    /// (yet): they count towards the recursion limit like `frames` (`tier2::lazy`).
    pub lazy_depth: usize,
    /// Nesting of Rust-level re-entries into the VM (guards the native stack).
    pub native_depth: usize,
    /// The address below which the thread's native stack is nearly used up
    /// (`run::native_stack_exhausted`; 0 when not known); read by compiled code.
    pub native_stack_floor: usize,
    /// The exception being handled (`sys.exc_info()`), if any.
    pub handled: Option<Value>,
    /// Set by RERAISE: the unwinder must not add a traceback entry for the current frame.
    pub reraising: bool,
    pub options: Options,
    /// The standard streams made at start-up (`sys.__stdin__`, `__stdout__`, `__stderr__`;
    /// None for a descriptor that was not open): kept alive to the end so what they buffer
    /// is written, and flushed before Heron itself writes to the process's stderr or forks.
    pub stdio: [Option<Value>; 3],
    /// Where the standard library was found, or where Heron looked for it.
    pub stdlib: paths::StdlibSearch,
    /// importlib's `BuiltinImporter`, `FrozenImporter` and `PathFinder` once importlib has put
    /// them in `sys.meta_path`: the native import path stands for them (`vm/import.rs`).
    pub default_finders: Vec<Value>,
    /// Finished frames kept for reuse (saves three allocations per call).
    pub frame_pool: Vec<Box<frame::Frame>>,
    /// The tier-2 compiler, created on first use.
    pub jit: Option<Box<crate::tier2::JitState>>,
    /// The exception a JIT helper raised, until compiled code exits.
    pub jit_error: Option<PyErr>,
    pub jit_stats: crate::tier2::Stats,
    pub jit_options: crate::tier2::JitOptions,
}

impl Vm {
    /// Creates an interpreter with builtins and sys.
    pub fn new(options: Options) -> Vm {
        crate::builtins::methods::init_types();
        crate::memory::gc::set_zeal(options.gc_zeal);
        let builtins_module = module::new_module("builtins");
        let builtins = module::dict_of(&builtins_module)
            .expect("module dict")
            .clone();
        let sys_module = module::new_module("sys");
        let modules = dict::new_dict();
        let use_env = !options.path_flags.ignore_environment && !options.path_flags.isolated;
        let env = |k: &str| {
            if use_env || k == "HOME" {
                std::env::var(k).ok()
            } else {
                None
            }
        };
        let stdlib = paths::StdlibSearch::run(
            env("HERON_STDLIB").as_deref(),
            std::env::current_exe().ok().as_deref(),
        );
        let mut vm = Vm {
            builtins,
            builtins_module: builtins_module.clone(),
            sys_module: sys_module.clone(),
            modules: modules.clone(),
            frames: Vec::new(),
            recursion_limit: 1000,
            finalizing: false,
            lazy_depth: 0,
            native_stack_floor: crate::run::stack_floor(),
            native_depth: 0,
            handled: None,
            reraising: false,
            options,
            stdio: [None, None, None],
            stdlib,
            default_finders: Vec::new(),
            frame_pool: Vec::new(),
            jit: None,
            jit_error: None,
            jit_stats: crate::tier2::Stats::default(),
            jit_options: Default::default(),
        };
        vm.jit_options = vm.options.jit_options.clone();
        crate::builtins::init(&mut vm);
        dict::set_str(&modules, &str::intern_static("builtins"), builtins_module);
        crate::modules::sys::init(&mut vm);
        dict::set_str(&modules, &str::intern_static("sys"), sys_module);
        crate::modules::io::stdio::install(&mut vm);
        vm
    }

    /// The `i`-th running frame (0 = outermost), for introspection.
    pub fn frame_at(&self, i: usize) -> Option<&frame::Frame> {
        // SAFETY: frames listed in `self.frames` are alive until they are popped, and they are
        // not mutated while a native function (the only caller) runs.
        self.frames.get(i).map(|&p| unsafe { &*p })
    }

    /// The innermost running frame.
    pub fn current_frame(&self) -> Option<&frame::Frame> {
        self.frame_at(self.frames.len().checked_sub(1)?)
    }

    /// A frame for `code`, recycled from the pool when possible.
    pub fn new_frame(
        &mut self,
        code: Value,
        globals: Value,
        builtins: Value,
        locals: Option<Value>,
    ) -> Box<frame::Frame> {
        match self.frame_pool.pop() {
            Some(mut f) => {
                f.reset(code, globals, builtins, locals);
                f
            }
            None => frame::Frame::new(code, globals, builtins, locals),
        }
    }

    /// Python calls in progress (the recursion limit's measure).
    #[inline(always)]
    pub fn depth(&self) -> usize {
        self.frames.len() + self.lazy_depth
    }

    /// Returns a finished frame to the pool.
    #[inline(always)]
    pub fn recycle_frame(&mut self, mut f: Box<frame::Frame>) {
        if f.func.is_some() {
            f.park_into_cache();
            return;
        }
        f.clear();
        if self.frame_pool.len() < 64 {
            self.frame_pool.push(f);
        }
    }

    /// Looks a builtin up by name.
    pub fn builtin(&self, name: &str) -> Option<Value> {
        dict::lookup_str(&self.builtins, &str::intern(name))
    }

    /// `sys.NAME` as the program has bound it (CPython's `_PySys_GetAttr`), if set.
    pub fn sys_attr(&self, name: &str) -> Option<Value> {
        module::dict_of(&self.sys_module).and_then(|d| dict::lookup_str(d, &str::intern(name)))
    }

    /// Binds `sys.NAME`.
    pub fn set_sys_attr(&self, name: &str, v: Value) {
        if let Some(d) = module::dict_of(&self.sys_module) {
            dict::set_str(d, &str::intern(name), v);
        }
    }

    /// The live `sys.path` (whatever list the program has bound there).
    pub fn sys_path(&self) -> Vec<String> {
        self.sys_attr("path")
            .filter(|p| list::as_list(p).is_some())
            .map(|p| {
                list::items(&p)
                    .iter()
                    .filter_map(|d| str::as_str(d).map(|s| s.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Puts the main program's entry in front of `sys.path` (unless `-P`/`-I`).
    pub fn set_path0(&mut self, entry: &str) {
        if self.options.safe_path || self.options.path_flags.isolated {
            return;
        }
        if let Some(p) = self.sys_attr("path") {
            if let Some(l) = list::as_list(&p) {
                l.0.borrow_mut().insert(0, str::new_str(entry));
            }
        }
    }

    /// Registers a native module in `sys.modules`.
    pub fn register_module(&mut self, name: &str, m: Value) {
        dict::set_str(&self.modules, &str::intern(name), m);
    }
}

/// Unit tests that create a `Vm` share the static types: this lock makes them take turns.
#[cfg(test)]
pub fn test_vm() -> (std::sync::MutexGuard<'static, ()>, Vm) {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    (guard, Vm::new(Options::default()))
}
