//! The assembler: symbolic instructions (jumps to labels, handler regions) to `CompiledCode`'s
//! flat encoding.
//!
//! Jump targets are resolved to absolute instruction indices, iterating the layout until the
//! number of `EXTENDED_ARG` prefixes each instruction needs is stable. The exception table is
//! coalesced from the handler each instruction was emitted under, and the maximum stack depth is
//! found by a flow analysis over every path (handlers included) using `Opcode::stack_effect`.

use crate::bytecode::code::ExceptionTableEntry;
use crate::bytecode::opcodes::Opcode;

/// A jump target inside one code unit; bound to an instruction position later.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Label(pub u32);

/// An exception handler region's target: where to go, the stack depth to unwind to, and
/// whether the raising instruction's offset is pushed under the exception.
#[derive(Copy, Clone, Debug)]
pub struct Handler {
    pub label: Label,
    pub depth: u32,
    pub lasti: bool,
}

/// A symbolic instruction: a jump's `arg` is a `Label` index.
#[derive(Copy, Clone, Debug)]
pub struct Instr {
    pub op: Opcode,
    pub arg: u32,
    pub line: u32,
    pub cols: (u32, u32),
    /// Index into the unit's handlers of the region this instruction is in.
    pub handler: Option<u32>,
}

/// The encoded result.
#[derive(Debug, Default)]
pub struct Assembled {
    pub code: Vec<u8>,
    pub lines: crate::bytecode::code::LineTable,
    pub columns: crate::bytecode::code::ColumnTable,
    pub exception_table: Vec<ExceptionTableEntry>,
    pub max_stack: u32,
}

/// Number of code units an argument needs (1 + `EXTENDED_ARG` prefixes).
fn units_for(arg: u32) -> usize {
    if arg <= 0xff {
        1
    } else if arg <= 0xffff {
        2
    } else if arg <= 0xff_ffff {
        3
    } else {
        4
    }
}

/// Assembles `instrs`; `labels[l]` is the instruction index label `l` is bound to.
pub fn assemble(
    instrs: &[Instr],
    labels: &[Option<usize>],
    handlers: &[Handler],
) -> Result<Assembled, String> {
    let (max_stack, reachable) = analyze_stack(instrs, labels, handlers)?;
    // Drop unreachable instructions; labels move to the next kept instruction.
    let mut new_index = vec![0usize; instrs.len() + 1];
    let mut kept: Vec<Instr> = Vec::with_capacity(instrs.len());
    for (i, ins) in instrs.iter().enumerate() {
        new_index[i] = kept.len();
        if reachable[i] {
            kept.push(*ins);
        }
    }
    new_index[instrs.len()] = kept.len();
    let labels: Vec<Option<usize>> = labels.iter().map(|l| l.map(|p| new_index[p])).collect();
    let instrs = &kept[..];
    let label_pos = |l: u32| -> Result<usize, String> {
        labels
            .get(l as usize)
            .copied()
            .flatten()
            .ok_or_else(|| format!("internal compiler error: unbound label {l}"))
    };

    // Layout: sizes of each instruction in code units, iterated until stable.
    let mut sizes: Vec<usize> = instrs
        .iter()
        .map(|i| if i.op.is_jump() { 1 } else { units_for(i.arg) })
        .collect();
    let mut offsets = vec![0usize; instrs.len() + 1];
    loop {
        for i in 0..instrs.len() {
            offsets[i + 1] = offsets[i] + sizes[i];
        }
        let mut changed = false;
        for (i, ins) in instrs.iter().enumerate() {
            if ins.op.is_jump() {
                let target = offsets[label_pos(ins.arg)?] as u32;
                let need = units_for(target);
                if need > sizes[i] {
                    sizes[i] = need;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }

    let mut out = Assembled {
        max_stack,
        ..Assembled::default()
    };
    let mut unit_handler: Vec<Option<u32>> = Vec::new();
    for (i, ins) in instrs.iter().enumerate() {
        let arg = if ins.op.is_jump() {
            offsets[label_pos(ins.arg)?] as u32
        } else {
            ins.arg
        };
        let n = sizes[i];
        for k in (1..n).rev() {
            out.code.push(Opcode::EXTENDED_ARG as u8);
            out.code.push((arg >> (8 * k)) as u8);
        }
        out.code.push(ins.op as u8);
        out.code.push(arg as u8);
        for _ in 0..n {
            out.lines.push(ins.line);
            out.columns.push(ins.cols);
            unit_handler.push(ins.handler);
        }
    }

    // Exception table: runs of code units under the same handler.
    let mut start = 0usize;
    while start < unit_handler.len() {
        let h = unit_handler[start];
        let mut end = start + 1;
        while end < unit_handler.len() && unit_handler[end] == h {
            end += 1;
        }
        if let Some(h) = h {
            let handler = handlers[h as usize];
            out.exception_table.push(ExceptionTableEntry {
                start: start as u32,
                end: end as u32,
                target: offsets[label_pos(handler.label.0)?] as u32,
                depth: handler.depth,
                push_lasti: handler.lasti,
            });
        }
        start = end;
    }
    Ok(out)
}

/// Maximum stack depth over all reachable paths; an error if any path underflows or two paths
/// reach an instruction with different depths.
pub fn stack_depth(
    instrs: &[Instr],
    labels: &[Option<usize>],
    handlers: &[Handler],
) -> Result<u32, String> {
    analyze_stack(instrs, labels, handlers).map(|(max, _)| max)
}

/// The maximum stack depth and which instructions are reachable.
fn analyze_stack(
    instrs: &[Instr],
    labels: &[Option<usize>],
    handlers: &[Handler],
) -> Result<(u32, Vec<bool>), String> {
    let mut depth: Vec<Option<i32>> = vec![None; instrs.len() + 1];
    let mut work: Vec<usize> = Vec::new();
    let mut max = 0i32;
    let reach = |pos: usize, d: i32, depth: &mut Vec<Option<i32>>, work: &mut Vec<usize>| {
        match depth[pos] {
            None => {
                depth[pos] = Some(d);
                work.push(pos);
                Ok(())
            }
            Some(old) if old == d => Ok(()),
            Some(old) => Err(format!(
                "internal compiler error: inconsistent stack depth at instruction {pos} ({old} vs {d}, line {})",
                instrs.get(pos).map_or(0, |i| i.line)
            )),
        }
    };
    let target = |l: u32| -> Result<usize, String> {
        labels
            .get(l as usize)
            .copied()
            .flatten()
            .ok_or_else(|| format!("internal compiler error: unbound label {l}"))
    };
    if !instrs.is_empty() {
        reach(0, 0, &mut depth, &mut work)?;
    }
    while let Some(pos) = work.pop() {
        if pos >= instrs.len() {
            continue;
        }
        let d = depth[pos].unwrap();
        max = max.max(d);
        let ins = instrs[pos];
        if let Some(h) = ins.handler {
            let h = handlers[h as usize];
            let hd = h.depth as i32 + 1 + h.lasti as i32;
            max = max.max(hd);
            reach(target(h.label.0)?, hd, &mut depth, &mut work)?;
        }
        if ins.op.is_jump() {
            let jd = d + ins.op.stack_effect(ins.arg, true);
            if jd < 0 {
                return Err(format!(
                    "internal compiler error: stack underflow at instruction {pos} ({})",
                    ins.op.name()
                ));
            }
            max = max.max(jd);
            reach(target(ins.arg)?, jd, &mut depth, &mut work)?;
        }
        if ins.op.falls_through() {
            let nd = d + ins.op.stack_effect(ins.arg, false);
            if nd < 0 {
                return Err(format!(
                    "internal compiler error: stack underflow at instruction {pos} ({})",
                    ins.op.name()
                ));
            }
            max = max.max(nd);
            reach(pos + 1, nd, &mut depth, &mut work)?;
        } else if ins.op.stack_effect(ins.arg, false) + d < 0 {
            return Err(format!(
                "internal compiler error: stack underflow at instruction {pos} ({})",
                ins.op.name()
            ));
        }
    }
    let reachable = depth[..instrs.len()].iter().map(|d| d.is_some()).collect();
    Ok((max as u32, reachable))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ins(op: Opcode, arg: u32) -> Instr {
        Instr {
            op,
            arg,
            line: 1,
            cols: (0, 0),
            handler: None,
        }
    }

    #[test]
    fn jump_fixup_with_extended_arg() {
        // A forward jump over 300 instructions needs one EXTENDED_ARG, which shifts the target.
        let mut v = vec![
            ins(Opcode::LOAD_CONST, 0),
            ins(Opcode::POP_JUMP_IF_FALSE, 0),
        ];
        for _ in 0..300 {
            v.push(ins(Opcode::NOP, 0));
        }
        v.push(ins(Opcode::LOAD_CONST, 0));
        v.push(ins(Opcode::RETURN_VALUE, 0));
        let labels = vec![Some(302)];
        let a = assemble(&v, &labels, &[]).unwrap();
        // Units: LOAD_CONST, EXTENDED_ARG, POP_JUMP_IF_FALSE, 300 NOPs, LOAD_CONST at 303.
        assert_eq!(a.code[2], Opcode::EXTENDED_ARG as u8);
        assert_eq!(a.code[3], 1);
        assert_eq!(a.code[4], Opcode::POP_JUMP_IF_FALSE as u8);
        assert_eq!(a.code[5], (303 - 256) as u8);
        assert_eq!(a.code[303 * 2], Opcode::LOAD_CONST as u8);
        assert_eq!(a.lines.len(), a.code.len() / 2);
        assert_eq!(a.max_stack, 1);
    }

    #[test]
    fn backward_jump_target_shifts_with_earlier_prefixes() {
        let mut v = vec![ins(Opcode::LOAD_CONST, 300), ins(Opcode::POP_TOP, 0)];
        v.push(ins(Opcode::NOP, 0));
        v.push(ins(Opcode::JUMP, 0));
        let labels = vec![Some(2)];
        let a = assemble(&v, &labels, &[]).unwrap();
        // LOAD_CONST takes 2 units, so the NOP is at unit 3.
        assert_eq!(a.code[8], Opcode::JUMP as u8);
        assert_eq!(a.code[9], 3);
    }

    #[test]
    fn stack_depth_through_handlers() {
        let v = vec![
            Instr {
                handler: Some(0),
                ..ins(Opcode::LOAD_CONST, 0)
            },
            Instr {
                handler: Some(0),
                ..ins(Opcode::POP_TOP, 0)
            },
            ins(Opcode::LOAD_CONST, 0),
            ins(Opcode::RETURN_VALUE, 0),
            ins(Opcode::PUSH_EXC_INFO, 0),
            ins(Opcode::POP_TOP, 0),
            ins(Opcode::POP_EXCEPT, 0),
            ins(Opcode::LOAD_CONST, 0),
            ins(Opcode::RETURN_VALUE, 0),
        ];
        let handlers = [Handler {
            label: Label(0),
            depth: 0,
            lasti: true,
        }];
        let labels = vec![Some(4)];
        assert_eq!(stack_depth(&v, &labels, &handlers).unwrap(), 3);
        let a = assemble(&v, &labels, &handlers).unwrap();
        assert_eq!(
            a.exception_table,
            vec![ExceptionTableEntry {
                start: 0,
                end: 2,
                target: 4,
                depth: 0,
                push_lasti: true
            }]
        );
    }

    #[test]
    fn stack_underflow_is_an_error() {
        let v = vec![ins(Opcode::POP_TOP, 0), ins(Opcode::RETURN_VALUE, 0)];
        assert!(stack_depth(&v, &[], &[]).is_err());
    }
}
