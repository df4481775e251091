//! A disassembler printing `CompiledCode` the way CPython 3.11's `dis.dis` does: line-number
//! column, `>>` on jump targets, byte offsets, padded opcode names, arguments with their resolved
//! values, the exception table, and optionally the nested code objects.

use std::fmt::{self, Write};

use super::code::{CompiledCode, Constant};
use super::opcodes::{BinaryOperator, CompareOperator, Opcode, Operand};
use crate::builtins::methods::complex::complex_repr;
use crate::object::bytes::repr_bytes as bytes_repr;
use crate::object::float_format::float_repr;
use crate::object::str::repr_str as str_repr;

const OPNAME_WIDTH: usize = 20;
const OPARG_WIDTH: usize = 5;

/// How to print.
pub struct DisOptions<'a> {
    /// Also disassemble nested code objects (as `dis.dis` does).
    pub recursive: bool,
    /// The address printed in `<code object NAME at ADDR, ...>` reprs.
    pub code_address: &'a dyn Fn(&CompiledCode) -> String,
    /// For `dis(adaptive=True)`: the opcode the interpreter runs at an instruction now (a
    /// specialized form), when it has run that code.
    pub adaptive: Option<&'a LiveOpcode<'a>>,
}

/// The opcode the interpreter runs at instruction `i` of a code object, if it has run it.
pub type LiveOpcode<'a> = dyn Fn(&CompiledCode, usize) -> Option<Opcode> + 'a;

fn real_address(c: &CompiledCode) -> String {
    format!("{:#x}", c as *const CompiledCode as usize)
}

/// Disassembles `code` (recursively) with real addresses into a string.
pub fn dis_to_string(code: &CompiledCode, recursive: bool) -> String {
    let mut s = String::new();
    let opts = DisOptions {
        recursive,
        code_address: &real_address,
        adaptive: None,
    };
    disassemble(code, &mut s, &opts).expect("writing to a String cannot fail");
    s
}

/// `repr()` of a constant; code objects print their address via `addr`.
pub fn const_repr(c: &Constant, addr: &dyn Fn(&CompiledCode) -> String) -> String {
    match c {
        Constant::None => "None".to_string(),
        Constant::Bool(true) => "True".to_string(),
        Constant::Bool(false) => "False".to_string(),
        Constant::Int(i) => i.to_string(),
        Constant::Float(f) => float_repr(*f),
        Constant::Complex { real, imag } => complex_repr(*real, *imag),
        Constant::Str(s) => str_repr(s),
        Constant::ExactStr(b) => crate::object::str::repr_generalized(b),
        Constant::Bytes(b) => bytes_repr(b, "b"),
        Constant::Ellipsis => "Ellipsis".to_string(),
        Constant::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(|i| const_repr(i, addr)).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Constant::Code(code) => code_repr(code, addr),
    }
}

fn code_repr(code: &CompiledCode, addr: &dyn Fn(&CompiledCode) -> String) -> String {
    format!(
        "<code object {} at {}, file \"{}\", line {}>",
        code.name,
        addr(code),
        code.filename,
        code.first_line
    )
}

/// One decoded instruction (EXTENDED_ARG units are their own rows, as in CPython).
struct Row {
    offset: usize,
    op: Opcode,
    arg: u32,
}

fn decode(code: &CompiledCode) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut ext: u32 = 0;
    for (i, unit) in code.code.chunks(2).enumerate() {
        let op = Opcode::from_u8(unit[0]).unwrap_or(Opcode::NOP);
        let arg = unit[1] as u32 | ext;
        ext = if op == Opcode::EXTENDED_ARG {
            arg << 8
        } else {
            0
        };
        rows.push(Row {
            offset: i * 2,
            op,
            arg,
        });
    }
    rows
}

fn argrepr(code: &CompiledCode, op: Opcode, arg: u32, opts: &DisOptions<'_>) -> String {
    let get =
        |v: &[super::Text], i: u32| v.get(i as usize).map(|t| t.to_string()).unwrap_or_default();
    match op.operand() {
        Operand::None | Operand::Count | Operand::Depth => String::new(),
        Operand::Const => code
            .consts
            .get(arg as usize)
            .map(|c| const_repr(c, opts.code_address))
            .unwrap_or_default(),
        Operand::Name => get(&code.names, arg),
        Operand::Local => get(&code.varnames, arg),
        Operand::Deref => {
            let i = arg as usize;
            if i < code.cellvars.len() {
                code.cellvars[i].to_string()
            } else {
                get(&code.freevars, (i - code.cellvars.len()) as u32)
            }
        }
        Operand::Jump => format!("to {}", arg * 2),
        Operand::BinaryOp => match BinaryOperator::from_arg(arg) {
            Some((b, inplace)) => format!("{}{}", b.symbol(), if inplace { "=" } else { "" }),
            None => String::new(),
        },
        Operand::CompareOp => CompareOperator::from_arg(arg)
            .map(|c| c.symbol().to_string())
            .unwrap_or_default(),
        Operand::Flags => match op {
            Opcode::FORMAT_VALUE => {
                let mut s = ["", "str", "repr", "ascii"][(arg & 3) as usize].to_string();
                if arg & 4 != 0 {
                    if !s.is_empty() {
                        s.push_str(", ");
                    }
                    s.push_str("with format");
                }
                s
            }
            Opcode::MAKE_FUNCTION => {
                let names = ["defaults", "kwdefaults", "annotations", "closure"];
                names
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| arg & (1 << i) != 0)
                    .map(|(_, n)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            _ => String::new(),
        },
    }
}

/// Prints the listing of `code` (and, if `opts.recursive`, of its nested code objects).
pub fn disassemble(
    code: &CompiledCode,
    out: &mut impl Write,
    opts: &DisOptions<'_>,
) -> fmt::Result {
    let rows = decode(code);
    // Line starts: the first unit of each new (non-zero) line number.
    let mut starts: Vec<Option<u32>> = vec![None; rows.len()];
    let mut last_line = None;
    for (i, line) in code.lines.iter().enumerate() {
        if line != 0 && Some(line) != last_line {
            if i < starts.len() {
                starts[i] = Some(line);
            }
            last_line = Some(line);
        }
    }
    let max_line = starts.iter().flatten().max().copied();
    let lineno_width = match max_line {
        None => 0,
        Some(m) if m >= 1000 => m.to_string().len(),
        Some(_) => 3,
    };
    let max_offset = code.code.len().saturating_sub(2);
    let offset_width = if max_offset >= 10000 {
        max_offset.to_string().len()
    } else {
        4
    };
    let mut targets = vec![false; rows.len() + 1];
    for r in &rows {
        if r.op.is_jump() {
            if let Some(t) = targets.get_mut(r.arg as usize) {
                *t = true;
            }
        }
    }
    for e in &code.exception_table {
        if let Some(t) = targets.get_mut(e.target as usize) {
            *t = true;
        }
    }
    for (i, r) in rows.iter().enumerate() {
        if lineno_width > 0 && starts[i].is_some() && r.offset > 0 {
            writeln!(out)?;
        }
        let mut fields: Vec<String> = Vec::new();
        if lineno_width > 0 {
            match starts[i] {
                Some(l) => fields.push(format!("{l:>lineno_width$}")),
                None => fields.push(" ".repeat(lineno_width)),
            }
        }
        fields.push("   ".to_string());
        fields.push(if targets[i] { ">>" } else { "  " }.to_string());
        fields.push(format!("{:>offset_width$}", r.offset));
        let shown = opts.adaptive.and_then(|live| live(code, i)).unwrap_or(r.op);
        fields.push(format!("{:<OPNAME_WIDTH$}", shown.name()));
        if r.op.has_arg() {
            fields.push(format!("{:>OPARG_WIDTH$}", r.arg));
            let rep = if r.op == Opcode::EXTENDED_ARG {
                String::new()
            } else {
                argrepr(code, r.op, r.arg, opts)
            };
            if !rep.is_empty() {
                fields.push(format!("({rep})"));
            }
        }
        writeln!(out, "{}", fields.join(" ").trim_end())?;
    }
    if !code.exception_table.is_empty() {
        writeln!(out, "ExceptionTable:")?;
        for e in &code.exception_table {
            writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                e.start * 2,
                e.end * 2 - 2,
                e.target * 2,
                e.depth,
                if e.push_lasti { " lasti" } else { "" }
            )?;
        }
    }
    if opts.recursive {
        for c in &code.consts {
            if let Constant::Code(inner) = c {
                writeln!(out)?;
                writeln!(
                    out,
                    "Disassembly of {}:",
                    code_repr(inner, opts.code_address)
                )?;
                disassemble(inner, out, opts)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs() {
        assert_eq!(str_repr("a'b"), "\"a'b\"");
        assert_eq!(str_repr("a'b\""), "'a\\'b\"'");
        assert_eq!(str_repr("x\n\t\\"), "'x\\n\\t\\\\'");
        assert_eq!(str_repr("\u{7}é"), "'\\x07é'");
        assert_eq!(bytes_repr(b"a\x00'", "b"), "b\"a\\x00'\"");
        assert_eq!(complex_repr(0.0, 1.0), "1j");
        assert_eq!(complex_repr(1.0, -2.5), "(1-2.5j)");
        assert_eq!(complex_repr(-0.0, 1.0), "(-0+1j)");
        let none = |_: &CompiledCode| String::new();
        assert_eq!(
            const_repr(&Constant::Tuple(vec![Constant::Int(1.into())]), &none),
            "(1,)"
        );
        assert_eq!(
            const_repr(
                &Constant::Tuple(vec![Constant::Float(1.0), Constant::Ellipsis]),
                &none
            ),
            "(1.0, Ellipsis)"
        );
    }
}
