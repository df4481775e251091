//! HIR -> Cranelift IR.
//!
//! Each HIR block becomes one Cranelift block with the same parameters; refcount operations
//! expand into small inline diamonds; every Cranelift instruction carries the HIR origin
//! (bytecode index) as its source location so dumps can be annotated.

use std::collections::HashMap;

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    self as clif, types, AbiParam, BlockArg, InstBuilder, MemFlagsData, Signature, SourceLoc,
};
use cranelift_codegen::isa::TargetIsa;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

use crate::ir::{Cond, ExitKind, FloatOp, Function, Inst, IntOp, OvfOp, Type};
use crate::{JitError, RuntimeInfo};

/// The Cranelift type of a HIR type.
pub fn clif_type(ty: Type) -> clif::Type {
    match ty {
        Type::Word | Type::Int => types::I64,
        Type::Float => types::F64,
        Type::Bool => types::I8,
    }
}

/// The signature of every compiled function: `extern "C" fn(ctx: u64) -> u64` in the ISA's
/// default calling convention.
pub fn signature(isa: &dyn TargetIsa) -> Signature {
    let mut sig = Signature::new(isa.default_call_conv());
    sig.params.push(AbiParam::new(types::I64));
    sig.returns.push(AbiParam::new(types::I64));
    sig
}

/// Blocks reachable from the entry, in reverse postorder (so every value's definition is
/// lowered before its uses in a well-formed function).
fn reverse_postorder(f: &Function) -> Vec<usize> {
    let n = f.blocks.len();
    let mut visited = vec![false; n];
    let mut post = Vec::with_capacity(n);
    // Iterative DFS: (block, next successor index to visit).
    let mut stack = vec![(0usize, 0usize)];
    visited[0] = true;
    while let Some(&mut (b, ref mut next)) = stack.last_mut() {
        let succs = successors(f, b);
        if let Some(&s) = succs.get(*next) {
            *next += 1;
            if s < n && !visited[s] {
                visited[s] = true;
                stack.push((s, 0));
            }
        } else {
            post.push(b);
            stack.pop();
        }
    }
    post.reverse();
    post
}

fn successors(f: &Function, b: usize) -> Vec<usize> {
    match f.blocks[b].insts.last().map(|i| &i.inst) {
        Some(Inst::Jump { dest, .. }) => vec![dest.0 as usize],
        Some(Inst::Branch {
            then_dest,
            else_dest,
            ..
        }) => {
            vec![then_dest.0 as usize, else_dest.0 as usize]
        }
        _ => vec![],
    }
}

/// Checks what `ir::Function::verify` does not: block targets, argument counts and the types
/// the lowering relies on.
fn check(f: &Function, rt: &RuntimeInfo) -> Result<(), JitError> {
    f.verify().map_err(JitError::Verify)?;
    let entry = &f.blocks[0].params;
    if entry.len() != 1 || f.ty(entry[0]) != Type::Word {
        return Err(JitError::Verify(
            "bb0 must have exactly one Word parameter".into(),
        ));
    }
    if rt.dealloc_helper.0 as usize >= rt.helpers.len() {
        return Err(JitError::Verify(
            "the dealloc helper is not in the helper table".into(),
        ));
    }
    let err = |bi: usize, msg: String| Err(JitError::Verify(format!("bb{bi}: {msg}")));
    for (bi, b) in f.blocks.iter().enumerate() {
        for i in &b.insts {
            let jumps: Vec<(crate::ir::Block, &Vec<crate::ir::Value>)> = match &i.inst {
                Inst::Jump { dest, args } => vec![(*dest, args)],
                Inst::Branch {
                    then_dest,
                    then_args,
                    else_dest,
                    else_args,
                    ..
                } => {
                    vec![(*then_dest, then_args), (*else_dest, else_args)]
                }
                _ => vec![],
            };
            for (dest, args) in jumps {
                let Some(target) = f.blocks.get(dest.0 as usize) else {
                    return err(bi, format!("jump to missing {dest}"));
                };
                if dest.0 == 0 {
                    return err(bi, "the entry block cannot be a jump target".into());
                }
                if target.params.len() != args.len() {
                    return err(
                        bi,
                        format!("{dest} takes {} arguments", target.params.len()),
                    );
                }
                for (p, a) in target.params.iter().zip(args) {
                    if f.ty(*p) != f.ty(*a) {
                        return err(
                            bi,
                            format!("{a} passed to {dest} parameter {p} of another type"),
                        );
                    }
                }
            }
            let want_results = match &i.inst {
                Inst::IntOvf { .. } => 2,
                Inst::Store { .. } | Inst::IncRef(_) | Inst::DecRef(_) => 0,
                inst if inst.is_terminator() => 0,
                _ => 1,
            };
            if i.results.len() != want_results {
                return err(bi, format!("{:?} must have {want_results} results", i.inst));
            }
            match &i.inst {
                Inst::Call { helper, args } => {
                    let Some(sig) = rt.helpers.get(helper.0 as usize) else {
                        return err(bi, format!("unknown helper {}", helper.0));
                    };
                    if sig.params != args.len() {
                        return err(
                            bi,
                            format!("helper {} takes {} arguments", sig.name, sig.params),
                        );
                    }
                    if args
                        .iter()
                        .any(|a| !matches!(f.ty(*a), Type::Word | Type::Int))
                    {
                        return err(
                            bi,
                            format!("helper {} called with a non-integer argument", sig.name),
                        );
                    }
                }
                Inst::CallIndirect { callee, args }
                    if std::iter::once(callee)
                        .chain(args)
                        .any(|a| !matches!(f.ty(*a), Type::Word | Type::Int)) =>
                {
                    return err(bi, "call_indirect with a non-integer operand".to_string());
                }
                Inst::Bitcast { ty, value } if *ty == Type::Bool || f.ty(*value) == Type::Bool => {
                    return Err(JitError::Unsupported("bitcast of a Bool".into()));
                }
                Inst::Return(v) if f.ty(*v) != Type::Word && f.ty(*v) != Type::Int => {
                    return err(bi, format!("return of {v}, which is not a Word or Int"));
                }
                Inst::Branch { cond: c, .. } | Inst::Select { cond: c, .. }
                    if f.ty(*c) != Type::Bool =>
                {
                    return err(bi, format!("condition {c} is not a Bool"));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Builds the Cranelift IR of `f` into `func` (whose signature and name are set by the caller)
/// and verifies it.
pub fn lower(
    f: &Function,
    rt: &RuntimeInfo,
    isa: &dyn TargetIsa,
    func: &mut clif::Function,
    fctx: &mut FunctionBuilderContext,
) -> Result<(), JitError> {
    check(f, rt)?;
    let order = reverse_postorder(f);
    {
        let mut b = FunctionBuilder::new(func, fctx);
        let mut lw = Lowerer {
            f,
            rt,
            blocks: (0..f.blocks.len()).map(|_| b.create_block()).collect(),
            values: vec![None; f.value_types.len()],
            sigs: HashMap::new(),
            b,
        };
        lw.run(&order)?;
        let Lowerer { mut b, .. } = lw;
        b.seal_all_blocks();
        b.finalize(isa.frontend_config());
    }
    cranelift_codegen::verify_function(func, isa).map_err(|e| {
        JitError::Verify(cranelift_codegen::print_errors::pretty_verifier_error(
            func, None, e,
        ))
    })
}

struct Lowerer<'a, 'b> {
    f: &'a Function,
    rt: &'a RuntimeInfo,
    b: FunctionBuilder<'b>,
    blocks: Vec<clif::Block>,
    values: Vec<Option<clif::Value>>,
    /// Helper call signatures by parameter count.
    sigs: HashMap<usize, clif::SigRef>,
}

impl Lowerer<'_, '_> {
    fn run(&mut self, order: &[usize]) -> Result<(), JitError> {
        for &bi in order {
            let block = self.blocks[bi];
            let data = &self.f.blocks[bi];
            if bi == 0 {
                self.b.append_block_params_for_function_params(block);
            } else {
                for p in &data.params {
                    self.b.append_block_param(block, clif_type(self.f.ty(*p)));
                }
            }
            // Blocks ending in an exit are off the hot path (Cranelift refuses a cold entry).
            if bi != 0 && matches!(data.insts.last().map(|i| &i.inst), Some(Inst::Exit { .. })) {
                self.b.set_cold_block(block);
            }
            self.b.switch_to_block(block);
            let params = self.b.block_params(block).to_vec();
            for (p, v) in data.params.iter().zip(params) {
                self.values[p.0 as usize] = Some(v);
            }
            for inst in &data.insts {
                self.b
                    .set_srcloc(inst.origin.map(SourceLoc::new).unwrap_or_default());
                let results = self.inst(&inst.inst)?;
                for (r, v) in inst.results.iter().zip(results) {
                    self.values[r.0 as usize] = Some(v);
                }
            }
        }
        Ok(())
    }

    fn val(&self, v: crate::ir::Value) -> Result<clif::Value, JitError> {
        self.values[v.0 as usize].ok_or_else(|| {
            JitError::Verify(format!(
                "{v} is used where its definition does not dominate"
            ))
        })
    }

    fn vals(&self, vs: &[crate::ir::Value]) -> Result<Vec<clif::Value>, JitError> {
        vs.iter().map(|v| self.val(*v)).collect()
    }

    fn block_args(&self, vs: &[crate::ir::Value]) -> Result<Vec<BlockArg>, JitError> {
        Ok(self.vals(vs)?.into_iter().map(BlockArg::from).collect())
    }

    fn ctx(&self) -> Result<clif::Value, JitError> {
        self.val(self.f.ctx())
    }

    /// Calls the helper at `address` taking `args` (all I64) and returns its result.
    fn call_address(&mut self, address: usize, args: &[clif::Value]) -> clif::Value {
        let callee = self.b.ins().iconst(types::I64, address as i64);
        self.call_value(callee, args)
    }

    /// Calls the function whose address is `callee`, taking `args` (all I64), and returns its
    /// result.
    fn call_value(&mut self, callee: clif::Value, args: &[clif::Value]) -> clif::Value {
        let sig = match self.sigs.get(&args.len()) {
            Some(s) => *s,
            None => {
                let mut sig = Signature::new(self.b.func.signature.call_conv);
                sig.params
                    .extend(args.iter().map(|_| AbiParam::new(types::I64)));
                sig.returns.push(AbiParam::new(types::I64));
                let s = self.b.import_signature(sig);
                self.sigs.insert(args.len(), s);
                s
            }
        };
        let call = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(call)[0]
    }

    /// Lowers one instruction, returning its result values.
    fn inst(&mut self, inst: &Inst) -> Result<Vec<clif::Value>, JitError> {
        let flags = MemFlagsData::trusted();
        let r = match inst {
            Inst::Iconst(n) => self.b.ins().iconst(types::I64, *n),
            Inst::Wconst(n) => self.b.ins().iconst(types::I64, *n as i64),
            Inst::Fconst(x) => self.b.ins().f64const(*x),
            Inst::Load { ty, base, offset } => {
                let base = self.val(*base)?;
                self.b.ins().load(clif_type(*ty), flags, base, *offset)
            }
            Inst::Store {
                base,
                offset,
                value,
            } => {
                let (base, value) = (self.val(*base)?, self.val(*value)?);
                self.b.ins().store(flags, value, base, *offset);
                return Ok(vec![]);
            }
            Inst::IntBin { op, a, b } => {
                let (a, b) = (self.val(*a)?, self.val(*b)?);
                let ins = self.b.ins();
                match op {
                    IntOp::Add => ins.iadd(a, b),
                    IntOp::Sub => ins.isub(a, b),
                    IntOp::Mul => ins.imul(a, b),
                    IntOp::And => ins.band(a, b),
                    IntOp::Or => ins.bor(a, b),
                    IntOp::Xor => ins.bxor(a, b),
                    IntOp::Shl => ins.ishl(a, b),
                    IntOp::Sar => ins.sshr(a, b),
                    IntOp::Div => ins.sdiv(a, b),
                    IntOp::Rem => ins.srem(a, b),
                }
            }
            Inst::IntOvf { op, a, b } => {
                let (a, b) = (self.val(*a)?, self.val(*b)?);
                let ins = self.b.ins();
                let (v, of) = match op {
                    OvfOp::Add => ins.sadd_overflow(a, b),
                    OvfOp::Sub => ins.ssub_overflow(a, b),
                    OvfOp::Mul => ins.smul_overflow(a, b),
                };
                return Ok(vec![v, of]);
            }
            Inst::IntCmp { cond, a, b } => {
                let (a, b) = (self.val(*a)?, self.val(*b)?);
                self.b.ins().icmp(int_cc(*cond), a, b)
            }
            Inst::FloatBin { op, a, b } => {
                let (a, b) = (self.val(*a)?, self.val(*b)?);
                let ins = self.b.ins();
                match op {
                    FloatOp::Add => ins.fadd(a, b),
                    FloatOp::Sub => ins.fsub(a, b),
                    FloatOp::Mul => ins.fmul(a, b),
                    FloatOp::Div => ins.fdiv(a, b),
                }
            }
            Inst::FloatCmp { cond, a, b } => {
                let (a, b) = (self.val(*a)?, self.val(*b)?);
                self.b.ins().fcmp(float_cc(*cond), a, b)
            }
            Inst::Bitcast { ty, value } => {
                let v = self.val(*value)?;
                let to = clif_type(*ty);
                if self.b.func.dfg.value_type(v) == to {
                    v
                } else {
                    self.b.ins().bitcast(to, MemFlagsData::new(), v)
                }
            }
            Inst::BoolToInt(v) => {
                let v = self.val(*v)?;
                self.b.ins().uextend(types::I64, v)
            }
            Inst::IntToFloat(v) => {
                let v = self.val(*v)?;
                self.b.ins().fcvt_from_sint(types::F64, v)
            }
            Inst::Sqrt(v) => {
                let v = self.val(*v)?;
                self.b.ins().sqrt(v)
            }
            Inst::Select { cond, a, b } => {
                let (c, a, b) = (self.val(*cond)?, self.val(*a)?, self.val(*b)?);
                self.b.ins().select(c, a, b)
            }
            Inst::Call { helper, args } => {
                let args = self.vals(args)?;
                let address = self.rt.helpers[helper.0 as usize].address;
                self.call_address(address, &args)
            }
            Inst::CallIndirect { callee, args } => {
                let callee = self.val(*callee)?;
                let args = self.vals(args)?;
                self.call_value(callee, &args)
            }
            Inst::StackSlot(size) => {
                let slot = self.b.create_sized_stack_slot(clif::StackSlotData::new(
                    clif::StackSlotKind::ExplicitSlot,
                    *size,
                    3,
                ));
                self.b.ins().stack_addr(types::I64, slot, 0)
            }
            Inst::IncRef(v) => {
                let v = self.val(*v)?;
                self.refcount(v, true);
                return Ok(vec![]);
            }
            Inst::DecRef(v) => {
                let v = self.val(*v)?;
                self.refcount(v, false);
                return Ok(vec![]);
            }
            Inst::Jump { dest, args } => {
                let args = self.block_args(args)?;
                self.b.ins().jump(self.blocks[dest.0 as usize], &args);
                return Ok(vec![]);
            }
            Inst::Branch {
                cond,
                then_dest,
                then_args,
                else_dest,
                else_args,
            } => {
                let c = self.val(*cond)?;
                let (ta, ea) = (self.block_args(then_args)?, self.block_args(else_args)?);
                let (tb, eb) = (
                    self.blocks[then_dest.0 as usize],
                    self.blocks[else_dest.0 as usize],
                );
                self.b.ins().brif(c, tb, &ta, eb, &ea);
                return Ok(vec![]);
            }
            Inst::Return(v) => {
                let v = self.val(*v)?;
                self.b.ins().return_(&[v]);
                return Ok(vec![]);
            }
            Inst::Exit {
                kind, pc, stack, ..
            } => {
                self.exit(*kind, *pc, stack)?;
                return Ok(vec![]);
            }
        };
        Ok(vec![r])
    }

    /// Inline refcount update of `v`: tagged ints, null and immortal objects are skipped; a
    /// decref reaching zero calls the dealloc helper instead of storing the zero.
    fn refcount(&mut self, v: clif::Value, incref: bool) {
        let flags = MemFlagsData::trusted();
        let off = self.rt.refcnt_offset;
        let check = self.b.create_block();
        let update = self.b.create_block();
        let done = self.b.create_block();

        let tag = self.b.ins().band_imm_u(v, 1);
        let tagged = self.b.ins().icmp_imm_s(IntCC::NotEqual, tag, 0);
        let is_null = self.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
        let not_object = self.b.ins().bor(tagged, is_null);
        self.b.ins().brif(not_object, done, &[], check, &[]);

        self.b.switch_to_block(check);
        let rc = self.b.ins().load(types::I64, flags, v, off);
        if self.rt.immortal_bit != 0 {
            let immortal = self.b.ins().band_imm_u(rc, self.rt.immortal_bit as i64);
            self.b.ins().brif(immortal, done, &[], update, &[]);
        } else {
            self.b.ins().jump(update, &[]);
        }

        self.b.switch_to_block(update);
        if incref {
            let rc1 = self.b.ins().iadd_imm_s(rc, 1);
            self.b.ins().store(flags, rc1, v, off);
            self.b.ins().jump(done, &[]);
        } else {
            let dealloc = self.b.create_block();
            let store = self.b.create_block();
            self.b.set_cold_block(dealloc);
            let last = self.b.ins().icmp_imm_s(IntCC::Equal, rc, 1);
            self.b.ins().brif(last, dealloc, &[], store, &[]);

            self.b.switch_to_block(store);
            let rc1 = self.b.ins().iadd_imm_s(rc, -1);
            self.b.ins().store(flags, rc1, v, off);
            self.b.ins().jump(done, &[]);

            self.b.switch_to_block(dealloc);
            let address = self.rt.helpers[self.rt.dealloc_helper.0 as usize].address;
            self.call_address(address, &[v]);
            self.b.ins().jump(done, &[]);
        }
        self.b.switch_to_block(done);
    }

    /// Writes the interpreter state into the context and returns the exit status.
    fn exit(
        &mut self,
        kind: ExitKind,
        pc: u32,
        stack: &[crate::ir::Value],
    ) -> Result<(), JitError> {
        let flags = MemFlagsData::trusted();
        let ctx = self.ctx()?;
        if !stack.is_empty() {
            let buf = self
                .b
                .ins()
                .load(types::I64, flags, ctx, self.rt.ctx_stack_ptr);
            for (i, v) in stack.iter().enumerate() {
                let mut x = self.val(*v)?;
                if self.f.ty(*v) == Type::Bool {
                    x = self.b.ins().uextend(types::I64, x);
                }
                self.b.ins().store(flags, x, buf, 8 * i as i32);
            }
        }
        let len = self.b.ins().iconst(types::I64, stack.len() as i64);
        self.b.ins().store(flags, len, ctx, self.rt.ctx_stack_len);
        let pc = self.b.ins().iconst(types::I64, i64::from(pc));
        self.b.ins().store(flags, pc, ctx, self.rt.ctx_pc);
        let status = match kind {
            ExitKind::Deopt => crate::ir::status::DEOPT,
            ExitKind::Error => crate::ir::status::ERROR,
            ExitKind::Yield => crate::ir::status::YIELD,
        };
        let status = self.b.ins().iconst(types::I64, status as i64);
        self.b.ins().return_(&[status]);
        Ok(())
    }
}

fn int_cc(c: Cond) -> IntCC {
    match c {
        Cond::Eq => IntCC::Equal,
        Cond::Ne => IntCC::NotEqual,
        Cond::Lt => IntCC::SignedLessThan,
        Cond::Le => IntCC::SignedLessThanOrEqual,
        Cond::Gt => IntCC::SignedGreaterThan,
        Cond::Ge => IntCC::SignedGreaterThanOrEqual,
    }
}

fn float_cc(c: Cond) -> FloatCC {
    match c {
        Cond::Eq => FloatCC::Equal,
        Cond::Ne => FloatCC::NotEqual,
        Cond::Lt => FloatCC::LessThan,
        Cond::Le => FloatCC::LessThanOrEqual,
        Cond::Gt => FloatCC::GreaterThan,
        Cond::Ge => FloatCC::GreaterThanOrEqual,
    }
}
