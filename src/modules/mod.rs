//! Standard modules: native ones (`sys`, `math`, `time`, `dis`, ...) created on first import,
//! and modules written in Python (`src/modules/python/*.py`) compiled into the binary.

pub mod cmath;
pub mod dis;
pub mod gc;
pub mod math;
pub mod re;
pub mod sys;
pub mod time;
pub mod weakref;

use crate::object::value::Value;
use crate::vm::{PyResult, Vm};

/// Modules implemented in Python, compiled into the binary.
pub const PYTHON_MODULES: &[(&str, &str)] = &[
    ("_structseq", include_str!("python/_structseq.py")),
    ("importlib", include_str!("python/importlib.py")),
    ("io", include_str!("python/io.py")),
    ("traceback", include_str!("python/traceback.py")),
    ("bisect", include_str!("python/bisect.py")),
    ("collections", include_str!("python/collections.py")),
    ("contextlib", include_str!("python/contextlib.py")),
    ("copy", include_str!("python/copy.py")),
    ("functools", include_str!("python/functools.py")),
    ("heapq", include_str!("python/heapq.py")),
    ("itertools", include_str!("python/itertools.py")),
    ("json", include_str!("python/json.py")),
    ("keyword", include_str!("python/keyword.py")),
    ("operator", include_str!("python/operator.py")),
    ("random", include_str!("python/random.py")),
    ("string", include_str!("python/string.py")),
    ("types", include_str!("python/types.py")),
];

/// Creates the standard module `name`, if there is one (native or built-in Python source).
pub fn native_module(vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
    let m = match name {
        "dis" => dis::new_module(vm),
        "gc" => gc::new_module(),
        "weakref" => weakref::new_module(),
        "math" => math::new_module(),
        "cmath" => cmath::new_module(),
        "re" => re::new_module(vm)?,
        "time" => time::new_module(vm)?,
        _ => {
            return match PYTHON_MODULES.iter().find(|(n, _)| *n == name) {
                Some((n, src)) => vm
                    .load_source_module(n, src, &format!("<frozen {n}>"))
                    .map(Some),
                None => Ok(None),
            }
        }
    };
    Ok(Some(m))
}
