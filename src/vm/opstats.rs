//! Dynamic instruction counts, for finding where the interpreter's time goes (as CPython's
//! `--enable-pystats` builds do). Built only with the `opcode-stats` feature, so the default
//! build's dispatch loop carries no counter; `-X opcode-stats` prints the table at exit.

use crate::bytecode::opcodes::{Opcode, ALL_OPCODES};
use std::cell::{Cell, RefCell};

const N: usize = 256;

thread_local! {
    /// How many times each opcode (by number) was dispatched.
    static COUNTS: RefCell<Vec<u64>> = RefCell::new(vec![0; N]);
    /// How many times each opcode followed each other opcode, at `previous * N + next`.
    static PAIRS: RefCell<Vec<u64>> = RefCell::new(vec![0; N * N]);
    /// The opcode dispatched last on this thread.
    static PREVIOUS: Cell<usize> = const { Cell::new(0) };
    /// How many times the fast loop left each opcode (by number) to the eval loop.
    static FAST_LOOP_EXITS: RefCell<Vec<u64>> = RefCell::new(vec![0; N]);
    /// How many times the fast loop dispatched each opcode (by number).
    static FAST_LOOP_COUNTS: RefCell<Vec<u64>> = RefCell::new(vec![0; N]);
}

/// Counts one dispatch of `op`.
#[inline]
pub fn record(op: u8) {
    let op = op as usize;
    let prev = PREVIOUS.replace(op);
    COUNTS.with(|c| c.borrow_mut()[op] += 1);
    PAIRS.with(|p| p.borrow_mut()[prev * N + op] += 1);
}

/// Counts one dispatch of `op` the fast loop made.
#[inline]
pub fn record_in_fast_loop(op: u8) {
    FAST_LOOP_COUNTS.with(|c| c.borrow_mut()[op as usize] += 1);
    record(op);
}

/// Counts one time the fast loop left `op` to the eval loop (which then dispatches it).
#[inline]
pub fn record_fast_loop_exit(op: u8) {
    FAST_LOOP_EXITS.with(|c| c.borrow_mut()[op as usize] += 1);
}

fn name(op: usize) -> &'static str {
    ALL_OPCODES.get(op).map_or("?", |o: &Opcode| o.name())
}

/// The 40 largest nonzero counts with their indices, largest first.
fn most(counts: &[u64]) -> Vec<(u64, usize)> {
    let mut v: Vec<(u64, usize)> = counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(i, &n)| (n, i))
        .collect();
    v.sort_unstable_by(|a, b| b.cmp(a));
    v.truncate(40);
    v
}

/// The table `-X opcode-stats` prints: the most frequent opcodes and pairs with their share.
pub fn report() -> String {
    let counts = COUNTS.with(|c| c.borrow().clone());
    let pairs = PAIRS.with(|p| p.borrow().clone());
    let fast = FAST_LOOP_COUNTS.with(|c| c.borrow().clone());
    let total: u64 = counts.iter().sum();
    let share = |n: u64| 100.0 * n as f64 / total.max(1) as f64;
    let mut out = format!(
        "opcode statistics: {total} instructions dispatched, {} of them in the fast loop\n",
        fast.iter().sum::<u64>()
    );
    for (n, op) in most(&counts) {
        out += &format!(
            "{n:>14} {:>6.2}%  {:<28} {:>14} in the fast loop\n",
            share(n),
            name(op),
            fast[op]
        );
    }
    let exits = FAST_LOOP_EXITS.with(|c| c.borrow().clone());
    out += &format!("fast loop left at ({} times):\n", exits.iter().sum::<u64>());
    for (n, op) in most(&exits) {
        out += &format!("{n:>14} {:>6.2}%  {}\n", share(n), name(op));
    }
    out += "pairs:\n";
    for (n, i) in most(&pairs) {
        out += &format!(
            "{n:>14} {:>6.2}%  {} -> {}\n",
            share(n),
            name(i / N),
            name(i % N)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_opcodes_and_pairs() {
        record(Opcode::LOAD_FAST as u8);
        record(Opcode::LOAD_CONST as u8);
        record(Opcode::LOAD_FAST as u8);
        record(Opcode::LOAD_CONST as u8);
        record_fast_loop_exit(Opcode::CALL as u8);
        let r = report();
        assert!(r.contains("fast loop left at (1 times)"), "{r}");
        assert!(r.contains("LOAD_FAST -> LOAD_CONST"), "{r}");
        assert!(r.contains("4 instructions dispatched, 0 of them"), "{r}");
    }
}
