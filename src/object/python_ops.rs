//! What object-layer operations need from the interpreter when they run Python code: a dict or
//! set hashes keys with `__hash__` and compares them with `__eq__`, a slice reads its bounds
//! with `__index__`. The VM implements this trait (`vm/protocol.rs`); the object layer calls
//! through it and never names the VM.

use super::error::PyResult;
use super::value::Value;

pub trait PythonOps {
    /// `hash(v)`.
    fn hash(&mut self, v: &Value) -> PyResult<i64>;
    /// `a == b`, as a truth value.
    fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool>;
    /// `operator.index(v)`.
    fn index(&mut self, v: &Value) -> PyResult;
}
