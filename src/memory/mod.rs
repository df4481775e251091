//! Memory management beyond reference counting: the cycle collector.

pub mod alloc;
pub mod gc;
