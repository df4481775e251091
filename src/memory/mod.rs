//! Memory management beyond reference counting: the cycle collector.

pub mod gc;
