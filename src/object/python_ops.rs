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

/// Operations for code that must not run Python code (a `YieldSink` taking a value): each
/// refuses with `NoPython::refusal()`, and the caller goes the general way instead.
pub struct NoPython;

impl NoPython {
    /// The error every operation returns; callers drop it and go the general way.
    pub fn refusal() -> super::error::PyErr {
        super::exception::system_error("operation would run Python code")
    }
}

impl PythonOps for NoPython {
    fn hash(&mut self, _: &Value) -> PyResult<i64> {
        Err(Self::refusal())
    }
    fn eq(&mut self, _: &Value, _: &Value) -> PyResult<bool> {
        Err(Self::refusal())
    }
    fn index(&mut self, _: &Value) -> PyResult {
        Err(Self::refusal())
    }
}
