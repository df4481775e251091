//! Standard modules: native ones (`sys`, `math`, `time`, `dis`, ...) created on first import,
//! and modules written in Python (`src/modules/python/*.py`) compiled into the binary.

pub mod abc;
pub mod array;
pub mod ast;
pub mod ast_nodes;
pub mod atexit;
pub mod binascii;
pub mod bisect;
pub mod blake2;
pub mod cmath;
pub mod codecs;
pub mod collections;
pub mod contextvars;
pub mod csv;
pub mod datetime;
pub mod dis;
pub mod errno;
pub mod fcntl;
pub mod functools;
pub mod gc;
pub mod grp;
pub mod hashes;
pub mod heapq;
pub mod imp;
pub mod io;
pub mod itertools;
pub mod json;
pub mod locale;
pub mod lru_cache;
pub mod marshal;
pub mod math;
pub mod opcode;
pub mod operator;
pub mod posix;
pub mod posixsubprocess;
pub mod pwd;
pub mod random;
pub mod select;
pub mod signal;
pub mod socket;
pub mod sre;
pub mod stat;
pub mod string;
pub mod structmod;
pub mod sys;
pub mod thread;
pub mod time;
pub mod typing;
pub mod unicodedata;
pub mod weakref;
pub mod zlib;

use crate::object::error::PyResult;
use crate::object::value::Value;
use crate::vm::Vm;

/// A native module: its import name and the function that creates it on first import.
pub struct NativeModule {
    pub name: &'static str,
    pub init: fn(&mut Vm) -> PyResult<Value>,
}

/// Every native module under the name of the CPython C module it stands for. This one table
/// is the registry: `sys.builtin_module_names` and the import system both read it.
pub const NATIVE_MODULES: &[NativeModule] = &[
    NativeModule {
        name: "_abc",
        init: abc::new_module,
    },
    NativeModule {
        name: "_ast",
        init: ast::new_module,
    },
    NativeModule {
        name: "_blake2",
        init: blake2::new_module,
    },
    NativeModule {
        name: "_imp",
        init: imp::imp_module,
    },
    NativeModule {
        name: "_io",
        init: io::new_module,
    },
    NativeModule {
        name: "_json",
        init: json::new_module,
    },
    NativeModule {
        name: "_locale",
        init: locale::new_module,
    },
    NativeModule {
        name: "_md5",
        init: hashes::md5_module,
    },
    NativeModule {
        name: "_opcode",
        init: opcode::new_module,
    },
    NativeModule {
        name: "_operator",
        init: operator::new_module,
    },
    NativeModule {
        name: "_random",
        init: random::new_module,
    },
    NativeModule {
        name: "_signal",
        init: signal::new_module,
    },
    NativeModule {
        name: "_sha1",
        init: hashes::sha1_module,
    },
    NativeModule {
        name: "_sha256",
        init: hashes::sha256_module,
    },
    NativeModule {
        name: "_sha3",
        init: hashes::sha3_module,
    },
    NativeModule {
        name: "_sha512",
        init: hashes::sha512_module,
    },
    NativeModule {
        name: "_codecs",
        init: codecs::new_module,
    },
    NativeModule {
        name: "array",
        init: array::new_module,
    },
    NativeModule {
        name: "_posixsubprocess",
        init: posixsubprocess::new_module,
    },
    NativeModule {
        name: "select",
        init: select::new_module,
    },
    NativeModule {
        name: "_socket",
        init: socket::new_module,
    },
    NativeModule {
        name: "zlib",
        init: zlib::new_module,
    },
    NativeModule {
        name: "fcntl",
        init: fcntl::new_module,
    },
    NativeModule {
        name: "_datetime",
        init: datetime::new_module,
    },
    NativeModule {
        name: "_collections",
        init: collections::new_module,
    },
    NativeModule {
        name: "_contextvars",
        init: contextvars::new_module,
    },
    NativeModule {
        name: "_sre",
        init: sre::new_module,
    },
    NativeModule {
        name: "_stat",
        init: stat::new_module,
    },
    NativeModule {
        name: "_string",
        init: string::new_module,
    },
    NativeModule {
        name: "_struct",
        init: structmod::new_module,
    },
    NativeModule {
        name: "_typing",
        init: typing::new_module,
    },
    NativeModule {
        name: "_thread",
        init: thread::new_module,
    },
    NativeModule {
        name: "_weakref",
        init: |_| Ok(weakref::new_module()),
    },
    NativeModule {
        name: "binascii",
        init: binascii::new_module,
    },
    NativeModule {
        name: "_warnings",
        init: imp::warnings_module,
    },
    NativeModule {
        name: "atexit",
        init: atexit::new_module,
    },
    NativeModule {
        name: "cmath",
        init: |_| Ok(cmath::new_module()),
    },
    NativeModule {
        name: "_bisect",
        init: bisect::new_module,
    },
    NativeModule {
        name: "_functools",
        init: functools::new_module,
    },
    NativeModule {
        name: "_heapq",
        init: heapq::new_module,
    },
    NativeModule {
        name: "_csv",
        init: csv::new_module,
    },
    NativeModule {
        name: "errno",
        init: errno::new_module,
    },
    NativeModule {
        name: "gc",
        init: |_| Ok(gc::new_module()),
    },
    NativeModule {
        name: "grp",
        init: grp::new_module,
    },
    NativeModule {
        name: "itertools",
        init: itertools::new_module,
    },
    NativeModule {
        name: "marshal",
        init: marshal::new_module,
    },
    NativeModule {
        name: "math",
        init: |_| Ok(math::new_module()),
    },
    NativeModule {
        name: "posix",
        init: posix::new_module,
    },
    NativeModule {
        name: "pwd",
        init: pwd::new_module,
    },
    NativeModule {
        name: "time",
        init: time::new_module,
    },
    NativeModule {
        name: "unicodedata",
        init: unicodedata::new_module,
    },
];

/// Heron's own stand-ins for modules that CPython writes in Python, used ahead of CPython's
/// `Lib/` until CPython's versions import on Heron: native (`dis`) or
/// compiled into the binary from `src/modules/python/`. Each goes once its CPython version
/// works.
pub const NATIVE_STANDINS: &[NativeModule] = &[NativeModule {
    name: "dis",
    init: |vm| Ok(dis::new_module(vm)),
}];

/// Adds `fns` to module `m` as built-in functions whose `__module__` is `m`.
pub fn add_functions(m: &Value, fns: &[(&'static str, crate::object::error::NativeFn)]) {
    for (name, f) in fns {
        crate::object::module::set_attr(
            m,
            name,
            crate::object::function::new_builtin_function(name, *f, Some(m.clone())),
        );
    }
}

/// `sys.builtin_module_names`: the registry's names with `builtins` and `sys`, sorted.
pub fn builtin_module_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = NATIVE_MODULES.iter().map(|m| m.name).collect();
    names.extend(["builtins", "sys"]);
    names.sort_unstable();
    names
}

/// Modules implemented in Python, compiled into the binary.
pub const PYTHON_MODULES: &[(&str, &str)] = &[("_structseq", include_str!("python/_structseq.py"))];

/// A new exception class `module.name` with `bases`, made as a `class` statement would make
/// it (the error classes native modules define: `io.UnsupportedOperation`, `socket.gaierror`,
/// `zlib.error`).
pub fn new_exception_class(vm: &mut Vm, module: &str, name: &str, bases: Vec<Value>) -> PyResult {
    let type_fn = crate::object::types::TYPE_TYPE.to_value();
    let cls = vm.call(
        &type_fn,
        &[
            crate::object::str::new_str(name),
            crate::object::tuple::new_tuple(bases),
            crate::object::dict::new_dict(),
        ],
    )?;
    vm.setattr(&cls, "__module__", crate::object::str::new_str(module))?;
    Ok(cls)
}

/// Creates the native module or stand-in `name`, if there is one.
pub fn native_module(vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
    if let Some(m) = NATIVE_MODULES
        .iter()
        .chain(NATIVE_STANDINS)
        .find(|m| m.name == name)
    {
        return (m.init)(vm).map(Some);
    }
    match PYTHON_MODULES.iter().find(|(n, _)| *n == name) {
        Some((n, src)) => vm
            .load_source_module(n, src, &format!("<frozen {n}>"))
            .map(Some),
        None => Ok(None),
    }
}
