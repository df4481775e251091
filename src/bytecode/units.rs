//! The interpreter's form of a code object's instructions: one 64-bit unit per code unit,
//! checked once so that the eval loop can fetch and dispatch without bounds checks.
//!
//! A unit holds the opcode in its low byte and the instruction's whole argument (its
//! `EXTENDED_ARG` prefixes folded in) in bits 8..40; the prefixes stay in place as units of
//! their own that do nothing, so unit indices are the instruction indices `dis` shows. One
//! `TRAP` unit follows the last instruction, and every unit of code that fails the checks is a
//! `TRAP`: running off the end, or running code that `marshal` data made up, raises
//! `SystemError` instead of reading past the array.
//!
//! What [`decode`] guarantees about the units it returns (the eval loop relies on each):
//! - every opcode byte is a valid `Opcode` (`TRAP` only where this module puts it);
//! - every jump target and exception handler target is the index of an instruction, so `pc`
//!   stays within the units (at most the trailing `TRAP`);
//! - every operand that indexes `co_consts`, `co_names`, the fast locals or the cells is in
//!   range;
//! - on every path, from the first instruction and from every exception handler, the stack
//!   depth (by `Opcode::stack_effect`) is the same wherever paths meet, never above
//!   `co_stacksize`, so pushes need no capacity check (a frame's value stack has room for
//!   `co_stacksize` values), and before each instruction at least what it takes
//!   (`Opcode::needs`), so pops need no underflow check. A handler starts at the depth its
//!   exception table entry gives: unwinding truncates the stack to it, and passes over a
//!   handler whose depth the stack does not reach (the eval loop's `find_handler`).

use super::code::CompiledCode;
use super::opcodes::{Opcode, Operand};

/// The opcode byte of a unit that raises `SystemError` (never a valid opcode).
pub const TRAP: u8 = Opcode::TRAP as u8;

/// Bits of a unit below the argument.
pub const ARG_SHIFT: u32 = 8;

/// Where an adaptive instruction's unit keeps the index of its inline cache.
pub const CACHE_SHIFT: u32 = 40;

/// A unit from its parts.
#[inline]
pub const fn unit(op: u8, arg: u32) -> u64 {
    op as u64 | (arg as u64) << ARG_SHIFT
}

/// The opcode byte of a unit.
#[inline(always)]
pub const fn op_of(unit: u64) -> u8 {
    unit as u8
}

/// The argument of a unit.
#[inline(always)]
pub const fn arg_of(unit: u64) -> u32 {
    (unit >> ARG_SHIFT) as u32
}

/// The inline cache index of an adaptive instruction's unit.
#[inline(always)]
pub const fn cache_of(unit: u64) -> usize {
    (unit >> CACHE_SHIFT) as usize
}

/// The unit with its opcode replaced (specializing, or turning back).
#[inline(always)]
pub const fn with_op(unit: u64, op: u8) -> u64 {
    (unit & !0xff) | op as u64
}

/// How many inline caches the units number (one per adaptive instruction).
pub fn cache_count(units: &[u64]) -> usize {
    units
        .iter()
        .filter(|&&u| Opcode::from_u8(op_of(u)).is_some_and(Opcode::is_adaptive))
        .count()
}

/// The checked units of `code`, the trailing `TRAP` included; `Err` says what is wrong.
pub fn decode(code: &CompiledCode) -> Result<Vec<u64>, String> {
    let bytes = &code.code;
    if !bytes.len().is_multiple_of(2) {
        return Err("odd length".into());
    }
    let n = bytes.len() / 2;
    let mut units = Vec::with_capacity(n + 1);
    let mut ext: u32 = 0;
    let mut caches: usize = 0;
    if n >= 1 << (64 - CACHE_SHIFT) {
        return Err("too many instructions".into());
    }
    for i in 0..n {
        let (op, byte) = (bytes[2 * i], bytes[2 * i + 1] as u32);
        let opcode = Opcode::from_u8(op)
            .filter(|o| !o.is_specialized() && *o != Opcode::TRAP)
            .ok_or_else(|| format!("unknown opcode {op} at {i}"))?;
        let arg = ext
            .checked_mul(256)
            .ok_or_else(|| format!("argument too wide at {i}"))?
            | byte;
        ext = if opcode == Opcode::EXTENDED_ARG {
            arg
        } else {
            check_operand(code, opcode, arg, n).map_err(|e| format!("{e} at {i}"))?;
            0
        };
        let mut u = unit(op, arg);
        if opcode.is_adaptive() {
            u |= (caches as u64) << CACHE_SHIFT;
            caches += 1;
        }
        units.push(u);
    }
    for e in &code.exception_table {
        if e.start > e.end || e.end as usize > n || e.target as usize >= n {
            return Err(format!(
                "exception table entry {}..{} -> {} out of range",
                e.start, e.end, e.target
            ));
        }
    }
    check_stack(code, &units)?;
    combine(&mut units);
    units.push(unit(TRAP, 0));
    Ok(units)
}

/// Turns the first of each pair of instructions a superinstruction covers into it (after the
/// checks, which see only `co_code`'s instructions).
fn combine(units: &mut [u64]) {
    use Opcode::*;
    for i in 0..units.len().saturating_sub(1) {
        let (first, second) = (op_of(units[i]), op_of(units[i + 1]));
        let (first, second) = match (Opcode::from_u8(first), Opcode::from_u8(second)) {
            (Some(a), Some(b)) => (a, b),
            _ => continue,
        };
        let combined = match (first, second) {
            (LOAD_FAST, LOAD_FAST) => LOAD_FAST__LOAD_FAST,
            (LOAD_FAST, LOAD_CONST) => LOAD_FAST__LOAD_CONST,
            (LOAD_CONST, LOAD_FAST) => LOAD_CONST__LOAD_FAST,
            (STORE_FAST, LOAD_FAST) => STORE_FAST__LOAD_FAST,
            (STORE_FAST, STORE_FAST) => STORE_FAST__STORE_FAST,
            (COMPARE_OP, POP_JUMP_IF_FALSE) => COMPARE_OP__POP_JUMP_IF_FALSE,
            (COMPARE_OP, POP_JUMP_IF_TRUE) => COMPARE_OP__POP_JUMP_IF_TRUE,
            (LOAD_GLOBAL, PUSH_NULL) => LOAD_GLOBAL__PUSH_NULL,
            (LOAD_FAST, LOAD_ATTR) => LOAD_FAST__LOAD_ATTR,
            (LOAD_FAST, LOAD_METHOD) => LOAD_FAST__LOAD_METHOD,
            _ => continue,
        };
        units[i] = with_op(units[i], combined as u8);
    }
}

/// The stack-depth flow check described in the module comment.
fn check_stack(code: &CompiledCode, units: &[u64]) -> Result<(), String> {
    let n = units.len();
    let limit = code.max_stack as i64;
    let mut depth: Vec<Option<i64>> = vec![None; n];
    let mut work = Vec::new();
    let reach = |pos: usize,
                 d: i64,
                 depth: &mut Vec<Option<i64>>,
                 work: &mut Vec<usize>|
     -> Result<(), String> {
        if d < 0 {
            return Err(format!("stack underflow before {pos}"));
        }
        if d > limit {
            return Err(format!(
                "stack depth {d} above co_stacksize {limit} at {pos}"
            ));
        }
        match depth[pos] {
            None => {
                depth[pos] = Some(d);
                work.push(pos);
                Ok(())
            }
            Some(old) if old == d => Ok(()),
            Some(old) => Err(format!("stack depth {old} and {d} meet at {pos}")),
        }
    };
    if n > 0 {
        reach(0, 0, &mut depth, &mut work)?;
    }
    for e in &code.exception_table {
        let d = e.depth as i64 + 1 + e.push_lasti as i64;
        reach(e.target as usize, d, &mut depth, &mut work)?;
    }
    while let Some(pos) = work.pop() {
        let d = depth[pos].expect("queued positions have a depth");
        let (op, arg) = (op_of(units[pos]), arg_of(units[pos]));
        let op = Opcode::from_u8(op).expect("decoded opcodes are valid");
        if (d as u64) < op.needs(arg) {
            return Err(format!("stack underflow at {pos}"));
        }
        if op.is_jump() {
            reach(
                arg as usize,
                d + op.stack_effect(arg, true) as i64,
                &mut depth,
                &mut work,
            )?;
        }
        if op.falls_through() {
            let next = d + op.stack_effect(arg, false) as i64;
            if pos + 1 < n {
                reach(pos + 1, next, &mut depth, &mut work)?;
            } else if next < 0 {
                return Err(format!("stack underflow at {pos}"));
            }
        }
    }
    Ok(())
}

/// Whether an operand indexes what it names.
fn check_operand(code: &CompiledCode, op: Opcode, arg: u32, n: usize) -> Result<(), String> {
    let arg = arg as usize;
    let bound = match op.operand() {
        Operand::Const => code.consts.len(),
        Operand::Name => code.names.len(),
        Operand::Local => code.varnames.len(),
        Operand::Deref => code.cellvars.len() + code.freevars.len(),
        Operand::Jump => n,
        // The loop reads that position without a check.
        Operand::Depth if arg == 0 => {
            return Err(format!("{} operand 0 names no stack position", op.name()))
        }
        _ => return Ok(()),
    };
    if arg < bound {
        Ok(())
    } else {
        Err(format!("{} operand {arg} out of range", op.name()))
    }
}

/// Units for code that failed the checks: each one raises.
pub fn trap_units(n: usize) -> Vec<u64> {
    vec![unit(TRAP, 0); n + 1]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{compile, Mode};

    #[test]
    fn extended_args_fold_into_the_instruction_and_a_trap_ends_the_units() {
        let body: String = (0..300).map(|i| format!("x{i} = {i}\n")).collect();
        let code = compile(&body, "m.py", Mode::Exec).unwrap();
        let units = decode(&code).unwrap();
        assert_eq!(units.len(), code.code.len() / 2 + 1);
        assert_eq!(op_of(*units.last().unwrap()), TRAP);
        // The 300th constant is loaded through one EXTENDED_ARG prefix.
        let i = units
            .iter()
            .position(|&u| op_of(u) == Opcode::LOAD_CONST as u8 && arg_of(u) == 299)
            .expect("a LOAD_CONST of constant 299");
        assert_eq!(op_of(units[i - 1]), Opcode::EXTENDED_ARG as u8);
        assert_eq!(code.code[2 * i + 1], (299 & 0xff) as u8);
    }

    #[test]
    fn pairs_become_superinstructions_and_the_second_unit_stays() {
        let code = compile(
            "def f(a, b):\n    c = a + b\n    return c.real\n",
            "m.py",
            Mode::Exec,
        )
        .unwrap();
        let Some(crate::bytecode::Constant::Code(f)) = code.consts.first() else {
            panic!("a function")
        };
        let units = decode(f).unwrap();
        let ops: Vec<Opcode> = units[..units.len() - 1]
            .iter()
            .map(|&u| Opcode::from_u8(op_of(u)).unwrap())
            .collect();
        assert_eq!(
            &ops[..5],
            [
                Opcode::LOAD_FAST__LOAD_FAST,
                Opcode::LOAD_FAST,
                Opcode::BINARY_OP,
                Opcode::STORE_FAST__LOAD_FAST,
                Opcode::LOAD_FAST__LOAD_ATTR,
            ]
        );
        assert_eq!(ops[5], Opcode::LOAD_ATTR);
        assert_eq!(arg_of(units[1]), 1);
    }

    #[test]
    fn bad_code_is_refused() {
        let mut code = (*compile("x = 1\n", "m.py", Mode::Exec).unwrap()).clone();
        assert!(decode(&code).is_ok());
        let good = code.code.clone();
        // A LOAD_CONST of a constant that is not there.
        code.code[1] = 200;
        assert!(decode(&code)
            .unwrap_err()
            .contains("LOAD_CONST operand 200"));
        // An opcode that does not exist.
        code.code = good.clone();
        code.code[0] = 250;
        assert!(decode(&code).unwrap_err().contains("unknown opcode"));
        // A push past co_stacksize.
        code.max_stack = 0;
        code.code = good.clone();
        assert!(decode(&code).unwrap_err().contains("above co_stacksize"));
        code.max_stack = 1;
        // A jump out of the code.
        code.code = good.clone();
        code.code.extend([Opcode::JUMP as u8, 100]);
        assert!(decode(&code).unwrap_err().contains("JUMP operand 100"));
        // A stack position 0 from the top, which names no value.
        for op in [Opcode::COPY, Opcode::SWAP, Opcode::LIST_APPEND] {
            code.code = good.clone();
            code.code
                .splice(0..0, [Opcode::LOAD_CONST as u8, 0, op as u8, 0]);
            assert!(decode(&code)
                .unwrap_err()
                .contains("operand 0 names no stack position"));
        }
    }

    #[test]
    fn an_instruction_must_find_what_it_takes_on_the_stack() {
        let mut code = (*compile("x = 1\n", "m.py", Mode::Exec).unwrap()).clone();
        code.max_stack = 2;
        // `LOAD_CONST; BINARY_OP; RETURN_VALUE`: the net depth never goes below zero, but
        // BINARY_OP takes two values where the stack holds one.
        code.code = vec![
            Opcode::LOAD_CONST as u8,
            0,
            Opcode::BINARY_OP as u8,
            0,
            Opcode::RETURN_VALUE as u8,
            0,
        ];
        code.exception_table.clear();
        assert!(decode(&code).unwrap_err().contains("stack underflow at 1"));
        // With two values there, it is fine.
        code.code.splice(0..0, [Opcode::LOAD_CONST as u8, 0]);
        assert!(decode(&code).is_ok());
        // `LIST_APPEND 1` reads the list below the value it takes.
        code.code = vec![
            Opcode::LOAD_CONST as u8,
            0,
            Opcode::LIST_APPEND as u8,
            1,
            Opcode::LOAD_CONST as u8,
            0,
            Opcode::RETURN_VALUE as u8,
            0,
        ];
        assert!(decode(&code).unwrap_err().contains("stack underflow at 1"));
    }
}
