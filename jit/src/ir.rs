//! HIR: Heron's JIT intermediate representation.
//!
//! An SSA IR over basic blocks with parameters (no phi nodes), typed values and Python-level
//! operations (tagged-int arithmetic with overflow, refcounting, calls to runtime helpers, deopt
//! exits that carry the interpreter state). The front end (`heron::tier2`) builds it from
//! bytecode; `lower` turns it into Cranelift IR.
//!
//! Invariants:
//! - every block ends with exactly one terminator, and only the last instruction is one;
//! - a value is defined once, by an instruction or as a block parameter, before its uses in
//!   every path (the entry block has one parameter: the `JitContext` pointer, a `Word`);
//! - the entry block is never a jump target (a loop header is a block of its own);
//! - `Word` values holding Python objects are owned references unless documented otherwise.

use std::fmt;

/// The type of an SSA value.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// A machine word: a Python value (tagged small int or object pointer) or a raw pointer.
    Word,
    /// A raw signed 64-bit integer.
    Int,
    /// An IEEE double.
    Float,
    /// A boolean (0 or 1).
    Bool,
}

/// An SSA value, printed `vN`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value(pub u32);

/// A basic block, printed `bbN`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Block(pub u32);

/// Index into the runtime's helper table (`RuntimeInfo::helpers`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct HelperId(pub u32);

/// Integer binary operations (wrapping).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum IntOp {
    /// Addition.
    Add,
    /// Subtraction.
    Sub,
    /// Multiplication.
    Mul,
    /// Bitwise and.
    And,
    /// Bitwise or.
    Or,
    /// Bitwise exclusive or.
    Xor,
    /// Shift left.
    Shl,
    /// Arithmetic shift right.
    Sar,
    /// Signed division truncating towards zero (the divisor must not be 0, and not -1 with
    /// `i64::MIN`: the front end guards both).
    Div,
    /// Signed remainder with the sign of the dividend (same preconditions as `Div`).
    Rem,
}

/// Integer operations that report signed overflow.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum OvfOp {
    /// Addition.
    Add,
    /// Subtraction.
    Sub,
    /// Multiplication.
    Mul,
}

/// Float binary operations.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum FloatOp {
    /// Addition.
    Add,
    /// Subtraction.
    Sub,
    /// Multiplication.
    Mul,
    /// Division (IEEE: no check for zero).
    Div,
}

/// Comparisons (signed for ints, ordered for floats: NaN compares false except `Ne`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Cond {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
}

/// Why a deopt exit is taken (reported by `-X jit-stats`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ExitKind {
    /// A guard failed: resume in the interpreter at `pc`.
    Deopt,
    /// A helper raised: the exception is pending in the VM; unwind from instruction `pc - 1`.
    Error,
    /// A generator yields the value stored in the context's result; it resumes at `pc`.
    Yield,
}

/// An instruction. Operands are values defined earlier; results are listed in
/// `InstData::results`.
#[derive(Clone, Debug, PartialEq)]
pub enum Inst {
    /// `Int` constant.
    Iconst(i64),
    /// `Word` constant (an immortal object or one kept alive by the code object, or a raw
    /// address).
    Wconst(u64),
    /// `Float` constant.
    Fconst(f64),
    /// Loads a value of `ty` from `base + offset`.
    Load {
        /// Type of the loaded value.
        ty: Type,
        /// Base address (a `Word`).
        base: Value,
        /// Byte offset from `base`.
        offset: i32,
    },
    /// Stores `value` at `base + offset`.
    Store {
        /// Base address (a `Word`).
        base: Value,
        /// Byte offset from `base`.
        offset: i32,
        /// The value stored.
        value: Value,
    },
    /// Wrapping integer arithmetic on two `Int` or two `Word` values; the result has their type.
    IntBin {
        /// The operation.
        op: IntOp,
        /// Left operand.
        a: Value,
        /// Right operand.
        b: Value,
    },
    /// Integer arithmetic with overflow detection: results (`Int` value, `Bool` overflowed).
    IntOvf {
        /// The operation.
        op: OvfOp,
        /// Left operand.
        a: Value,
        /// Right operand.
        b: Value,
    },
    /// Signed comparison of two `Int` (or two `Word`) values: `Bool`.
    IntCmp {
        /// The operation.
        cond: Cond,
        /// Left operand.
        a: Value,
        /// Right operand.
        b: Value,
    },
    /// Float arithmetic: `Float`.
    FloatBin {
        /// The operation.
        op: FloatOp,
        /// Left operand.
        a: Value,
        /// Right operand.
        b: Value,
    },
    /// Float comparison: `Bool`.
    FloatCmp {
        /// The operation.
        cond: Cond,
        /// Left operand.
        a: Value,
        /// Right operand.
        b: Value,
    },
    /// Reinterprets the bits of a value as another 64-bit type (`Word`, `Int`, `Float`).
    Bitcast {
        /// Result type.
        ty: Type,
        /// The value reinterpreted.
        value: Value,
    },
    /// Zero-extends a `Bool` to an `Int` (0 or 1).
    BoolToInt(Value),
    /// Converts an `Int` to the nearest `Float`.
    IntToFloat(Value),
    /// The square root of a `Float` (IEEE: NaN for negative operands).
    Sqrt(Value),
    /// `if cond { a } else { b }` (a and b have the same type).
    Select {
        /// The `Bool` condition.
        cond: Value,
        /// Result when `cond` is true.
        a: Value,
        /// Result when `cond` is false.
        b: Value,
    },
    /// Calls a runtime helper `extern "C" fn(u64, ...) -> u64` with `Word`/`Int` arguments;
    /// result `Word`.
    Call {
        /// The helper called.
        helper: HelperId,
        /// Its arguments, in order.
        args: Vec<Value>,
    },
    /// The address (`Word`) of a fresh, 8-byte aligned area of `size` bytes in the compiled
    /// function's native stack frame, live until the function returns.
    StackSlot(u32),
    /// Calls compiled code at the address `callee` (a `Word`) with the signature of every
    /// compiled function, passing `args` (`Word`/`Int`); result `Word` (the callee's status).
    CallIndirect {
        /// The entry address.
        callee: Value,
        /// Its arguments, in order.
        args: Vec<Value>,
    },
    /// Increments the refcount of a `Word` unless it is a tagged int, null, or immortal.
    IncRef(Value),
    /// Decrements the refcount of a `Word` unless it is a tagged int, null, or immortal, and
    /// calls the runtime's dealloc helper when it reaches zero.
    DecRef(Value),
    /// Terminator: jumps to `dest` passing `args` as its parameters.
    Jump {
        /// Target block.
        dest: Block,
        /// Values for the target's parameters.
        args: Vec<Value>,
    },
    /// Terminator: two-way branch on a `Bool`.
    Branch {
        /// The `Bool` condition.
        cond: Value,
        /// Target when `cond` is true.
        then_dest: Block,
        /// Parameters passed to `then_dest`.
        then_args: Vec<Value>,
        /// Target when `cond` is false.
        else_dest: Block,
        /// Parameters passed to `else_dest`.
        else_args: Vec<Value>,
    },
    /// Terminator: returns a status word from the compiled function.
    Return(Value),
    /// Terminator: leaves compiled code for the interpreter. Writes `stack` (bottom first) into
    /// the context's value-stack buffer, the stack depth and `pc` into the context, and returns
    /// the exit's status.
    Exit {
        /// Deopt or error.
        kind: ExitKind,
        /// Bytecode index the interpreter resumes from.
        pc: u32,
        /// The interpreter's value stack, bottom first.
        stack: Vec<Value>,
        /// Short human-readable cause (for dumps and statistics).
        reason: &'static str,
    },
}

impl Inst {
    /// True for instructions that must end a block.
    pub fn is_terminator(&self) -> bool {
        matches!(
            self,
            Inst::Jump { .. } | Inst::Branch { .. } | Inst::Return(_) | Inst::Exit { .. }
        )
    }

    /// The values this instruction reads.
    pub fn operands(&self) -> Vec<Value> {
        match self {
            Inst::Iconst(_) | Inst::Wconst(_) | Inst::Fconst(_) | Inst::StackSlot(_) => vec![],
            Inst::Load { base, .. } => vec![*base],
            Inst::Store { base, value, .. } => vec![*base, *value],
            Inst::IntBin { a, b, .. } | Inst::IntOvf { a, b, .. } | Inst::IntCmp { a, b, .. } => {
                vec![*a, *b]
            }
            Inst::FloatBin { a, b, .. } | Inst::FloatCmp { a, b, .. } => vec![*a, *b],
            Inst::Bitcast { value, .. } => vec![*value],
            Inst::BoolToInt(v)
            | Inst::IntToFloat(v)
            | Inst::Sqrt(v)
            | Inst::IncRef(v)
            | Inst::DecRef(v)
            | Inst::Return(v) => vec![*v],
            Inst::Select { cond, a, b } => vec![*cond, *a, *b],
            Inst::Call { args, .. } => args.clone(),
            Inst::CallIndirect { callee, args } => {
                let mut v = vec![*callee];
                v.extend(args);
                v
            }
            Inst::Jump { args, .. } => args.clone(),
            Inst::Branch {
                cond,
                then_args,
                else_args,
                ..
            } => {
                let mut v = vec![*cond];
                v.extend(then_args);
                v.extend(else_args);
                v
            }
            Inst::Exit { stack, .. } => stack.clone(),
        }
    }
}

/// An instruction with its results and the bytecode offset it came from (for annotated
/// dumps).
#[derive(Clone, Debug, PartialEq)]
pub struct InstData {
    /// The operation.
    pub inst: Inst,
    /// The values it defines, in order.
    pub results: Vec<Value>,
    /// Bytecode instruction index this came from, if any.
    pub origin: Option<u32>,
}

/// A basic block: parameters and instructions (the last one a terminator).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlockData {
    /// Block parameters (set by the jumps into the block).
    pub params: Vec<Value>,
    /// Instructions, the last one a terminator.
    pub insts: Vec<InstData>,
}

/// A function: `fn(ctx: Word) -> Word`. Block 0 is the entry; its single parameter is the
/// context pointer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Function {
    /// Name for dumps and symbol names.
    pub name: String,
    /// Blocks, indexed by `Block.0`.
    pub blocks: Vec<BlockData>,
    /// Type of each value, indexed by `Value.0`.
    pub value_types: Vec<Type>,
}

impl Function {
    /// A new function with an entry block whose parameter (`v0`) is the context pointer.
    pub fn new(name: impl Into<String>) -> Function {
        let mut f = Function {
            name: name.into(),
            blocks: Vec::new(),
            value_types: Vec::new(),
        };
        let entry = f.create_block();
        f.append_param(entry, Type::Word);
        f
    }

    /// The entry block.
    pub fn entry(&self) -> Block {
        Block(0)
    }

    /// The context parameter of the entry block.
    pub fn ctx(&self) -> Value {
        self.blocks[0].params[0]
    }

    /// Creates an empty block.
    pub fn create_block(&mut self) -> Block {
        self.blocks.push(BlockData::default());
        Block(self.blocks.len() as u32 - 1)
    }

    /// A fresh value of type `ty`.
    pub fn new_value(&mut self, ty: Type) -> Value {
        self.value_types.push(ty);
        Value(self.value_types.len() as u32 - 1)
    }

    /// Adds a parameter to `block`.
    pub fn append_param(&mut self, block: Block, ty: Type) -> Value {
        let v = self.new_value(ty);
        self.blocks[block.0 as usize].params.push(v);
        v
    }

    /// The type of `v`.
    pub fn ty(&self, v: Value) -> Type {
        self.value_types[v.0 as usize]
    }

    /// Appends an instruction to `block` with results of the given types.
    pub fn push(
        &mut self,
        block: Block,
        inst: Inst,
        result_types: &[Type],
        origin: Option<u32>,
    ) -> Vec<Value> {
        let results: Vec<Value> = result_types.iter().map(|t| self.new_value(*t)).collect();
        self.blocks[block.0 as usize].insts.push(InstData {
            inst,
            results: results.clone(),
            origin,
        });
        results
    }

    /// Is `block` already terminated?
    pub fn is_terminated(&self, block: Block) -> bool {
        self.blocks[block.0 as usize]
            .insts
            .last()
            .map(|i| i.inst.is_terminator())
            .unwrap_or(false)
    }

    /// Checks the structural invariants; returns a description of the first violation.
    pub fn verify(&self) -> Result<(), String> {
        let mut defined = vec![false; self.value_types.len()];
        for b in &self.blocks {
            for p in &b.params {
                defined[p.0 as usize] = true;
            }
            for i in &b.insts {
                for r in &i.results {
                    if defined[r.0 as usize] {
                        return Err(format!("v{} defined twice", r.0));
                    }
                    defined[r.0 as usize] = true;
                }
            }
        }
        for (bi, b) in self.blocks.iter().enumerate() {
            match b.insts.last() {
                Some(last) if last.inst.is_terminator() => {}
                _ => return Err(format!("bb{bi} does not end with a terminator")),
            }
            for (ii, i) in b.insts.iter().enumerate() {
                if i.inst.is_terminator() && ii + 1 != b.insts.len() {
                    return Err(format!("bb{bi} has a terminator before its end"));
                }
                for v in i.inst.operands() {
                    if v.0 as usize >= defined.len() || !defined[v.0 as usize] {
                        return Err(format!("bb{bi} uses undefined v{}", v.0));
                    }
                }
            }
        }
        Ok(())
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bb{}", self.0)
    }
}

/// Status words returned by compiled functions.
pub mod status {
    /// The function returned; the result is in the context's `result` field.
    pub const RETURN: u64 = 0;
    /// A guard failed; resume interpreting at the context's `pc`.
    pub const DEOPT: u64 = 1;
    /// An exception is pending; unwind from the context's `pc - 1`.
    pub const ERROR: u64 = 2;
    /// A generator yielded the context's result; it resumes at the context's `pc`.
    pub const YIELD: u64 = 3;
}
