//! Builds HIR by hand, compiles it for the host and runs it.

use std::sync::atomic::{AtomicU64, Ordering};

use heron_jit::ir::{
    status, Cond, ExitKind, FloatOp, Function, HelperId, Inst, IntOp, OvfOp, Type, Value,
};
use heron_jit::{compile_for_target, DumpRequest, HelperSig, Jit, JitError, RuntimeInfo};

/// The context struct the compiled code sees in these tests.
#[repr(C)]
#[derive(Default)]
struct Ctx {
    stack: u64,
    len: u64,
    pc: u64,
    args: [u64; 4],
    result: u64,
}

const ARG0: i32 = 24;
const RESULT: i32 = 56;
const IMMORTAL: u64 = 1 << 62;

static DEALLOCS: AtomicU64 = AtomicU64::new(0);
static LAST_DEALLOC: AtomicU64 = AtomicU64::new(0);

extern "C" fn dealloc(obj: u64) -> u64 {
    DEALLOCS.fetch_add(1, Ordering::SeqCst);
    LAST_DEALLOC.store(obj, Ordering::SeqCst);
    0
}

extern "C" fn digits3(a: u64, b: u64, c: u64) -> u64 {
    a * 100 + b * 10 + c
}

extern "C" fn twice(a: u64) -> u64 {
    a.wrapping_mul(2)
}

fn runtime() -> RuntimeInfo {
    let helper = |name: &str, address: usize, params| HelperSig {
        name: name.into(),
        address,
        params,
    };
    RuntimeInfo {
        ctx_stack_ptr: 0,
        ctx_stack_len: 8,
        ctx_pc: 16,
        refcnt_offset: 8,
        immortal_bit: IMMORTAL,
        dealloc_helper: HelperId(0),
        helpers: vec![
            helper("dealloc", dealloc as *const () as usize, 1),
            helper("digits3", digits3 as *const () as usize, 3),
            helper("twice", twice as *const () as usize, 1),
        ],
    }
}

/// Runs compiled code on `ctx`.
fn run(code: *const u8, ctx: &mut Ctx) -> u64 {
    // SAFETY: `code` comes from `Jit::compile`, whose output has exactly this signature, and
    // every caller keeps its `Jit` (which owns the code memory) alive across the call.
    let f: extern "C" fn(*mut Ctx) -> u64 = unsafe { std::mem::transmute(code) };
    f(ctx)
}

fn compile(jit: &mut Jit, f: &Function) -> *const u8 {
    let out = jit
        .compile(
            f,
            DumpRequest {
                clif: true,
                asm: true,
            },
        )
        .unwrap_or_else(|e| panic!("{e}\n{}", heron_jit::text::print(f)));
    assert!(out.size > 0);
    assert!(out.clif.is_some_and(|c| c.contains("function")));
    assert!(out.asm.is_some_and(|a| a.contains("ret")));
    out.code.expect("host code")
}

fn one(f: &mut Function, b: heron_jit::ir::Block, inst: Inst, ty: Type, origin: u32) -> Value {
    f.push(b, inst, &[ty], Some(origin))[0]
}

fn tagged(n: i64) -> u64 {
    ((n << 1) | 1) as u64
}

/// `args[0] + args[1]` on tagged ints, deopting on overflow with both operands on the stack.
fn tagged_add() -> Function {
    let mut f = Function::new("tagged_add");
    let (b0, ctx) = (f.entry(), f.ctx());
    let ovf = f.create_block();
    let done = f.create_block();
    let a = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Word,
            base: ctx,
            offset: ARG0,
        },
        Type::Word,
        0,
    );
    let b = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Word,
            base: ctx,
            offset: ARG0 + 8,
        },
        Type::Word,
        1,
    );
    let ai = one(
        &mut f,
        b0,
        Inst::Bitcast {
            ty: Type::Int,
            value: a,
        },
        Type::Int,
        2,
    );
    let bi = one(
        &mut f,
        b0,
        Inst::Bitcast {
            ty: Type::Int,
            value: b,
        },
        Type::Int,
        2,
    );
    let k1 = one(&mut f, b0, Inst::Iconst(1), Type::Int, 2);
    let bu = one(
        &mut f,
        b0,
        Inst::IntBin {
            op: IntOp::Sub,
            a: bi,
            b: k1,
        },
        Type::Int,
        2,
    );
    let r = f.push(
        b0,
        Inst::IntOvf {
            op: OvfOp::Add,
            a: ai,
            b: bu,
        },
        &[Type::Int, Type::Bool],
        Some(2),
    );
    let br = Inst::Branch {
        cond: r[1],
        then_dest: ovf,
        then_args: vec![],
        else_dest: done,
        else_args: vec![r[0]],
    };
    f.push(b0, br, &[], Some(2));
    f.push(
        ovf,
        Inst::Exit {
            kind: ExitKind::Deopt,
            pc: 2,
            stack: vec![a, b],
            reason: "overflow",
        },
        &[],
        Some(2),
    );
    let sum = f.append_param(done, Type::Int);
    let w = one(
        &mut f,
        done,
        Inst::Bitcast {
            ty: Type::Word,
            value: sum,
        },
        Type::Word,
        3,
    );
    f.push(
        done,
        Inst::Store {
            base: ctx,
            offset: RESULT,
            value: w,
        },
        &[],
        Some(3),
    );
    let z = one(
        &mut f,
        done,
        Inst::Iconst(status::RETURN as i64),
        Type::Int,
        3,
    );
    f.push(done, Inst::Return(z), &[], Some(3));
    f
}

#[test]
fn tagged_add_and_overflow_exit() {
    let mut jit = Jit::new(runtime()).unwrap();
    let code = compile(&mut jit, &tagged_add());
    let mut ctx = Ctx {
        args: [tagged(20), tagged(22), 0, 0],
        ..Ctx::default()
    };
    assert_eq!(run(code, &mut ctx), status::RETURN);
    assert_eq!(ctx.result, tagged(42));
    let mut ctx = Ctx {
        args: [tagged(-5), tagged(3), 0, 0],
        ..Ctx::default()
    };
    assert_eq!(run(code, &mut ctx), status::RETURN);
    assert_eq!(ctx.result, tagged(-2));

    let big = (1i64 << 61) + 7;
    let mut stack = [0u64; 4];
    let mut ctx = Ctx {
        stack: stack.as_mut_ptr() as u64,
        args: [tagged(big), tagged(big), 0, 0],
        ..Ctx::default()
    };
    assert_eq!(run(code, &mut ctx), status::DEOPT);
    assert_eq!((ctx.len, ctx.pc), (2, 2));
    assert_eq!(stack[..2], [tagged(big), tagged(big)]);
}

/// `sum(range(args[0]))` with the loop state in block parameters.
fn loop_sum() -> Function {
    let mut f = Function::new("loop_sum");
    let (b0, ctx) = (f.entry(), f.ctx());
    let head = f.create_block();
    let body = f.create_block();
    let exit = f.create_block();
    let n = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Int,
            base: ctx,
            offset: ARG0,
        },
        Type::Int,
        0,
    );
    let zero = one(&mut f, b0, Inst::Iconst(0), Type::Int, 0);
    f.push(
        b0,
        Inst::Jump {
            dest: head,
            args: vec![zero, zero],
        },
        &[],
        Some(0),
    );
    let i = f.append_param(head, Type::Int);
    let acc = f.append_param(head, Type::Int);
    let c = one(
        &mut f,
        head,
        Inst::IntCmp {
            cond: Cond::Lt,
            a: i,
            b: n,
        },
        Type::Bool,
        4,
    );
    let br = Inst::Branch {
        cond: c,
        then_dest: body,
        then_args: vec![],
        else_dest: exit,
        else_args: vec![],
    };
    f.push(head, br, &[], Some(4));
    let acc2 = one(
        &mut f,
        body,
        Inst::IntBin {
            op: IntOp::Add,
            a: acc,
            b: i,
        },
        Type::Int,
        6,
    );
    let k1 = one(&mut f, body, Inst::Iconst(1), Type::Int, 8);
    let i2 = one(
        &mut f,
        body,
        Inst::IntBin {
            op: IntOp::Add,
            a: i,
            b: k1,
        },
        Type::Int,
        8,
    );
    f.push(
        body,
        Inst::Jump {
            dest: head,
            args: vec![i2, acc2],
        },
        &[],
        Some(8),
    );
    f.push(exit, Inst::Return(acc), &[], Some(10));
    f
}

#[test]
fn loop_with_block_params() {
    let mut jit = Jit::new(runtime()).unwrap();
    let code = compile(&mut jit, &loop_sum());
    for n in [0u64, 1, 10, 1000] {
        let mut ctx = Ctx {
            args: [n, 0, 0, 0],
            ..Ctx::default()
        };
        assert_eq!(run(code, &mut ctx), n * n.saturating_sub(1) / 2);
    }
}

/// `twice(digits3(args[0], 2, 3))`.
fn helper_calls() -> Function {
    let mut f = Function::new("helpers");
    let (b0, ctx) = (f.entry(), f.ctx());
    let a = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Word,
            base: ctx,
            offset: ARG0,
        },
        Type::Word,
        0,
    );
    let two = one(&mut f, b0, Inst::Iconst(2), Type::Int, 1);
    let three = one(&mut f, b0, Inst::Wconst(3), Type::Word, 1);
    let d = one(
        &mut f,
        b0,
        Inst::Call {
            helper: HelperId(1),
            args: vec![a, two, three],
        },
        Type::Word,
        2,
    );
    let t = one(
        &mut f,
        b0,
        Inst::Call {
            helper: HelperId(2),
            args: vec![d],
        },
        Type::Word,
        3,
    );
    f.push(b0, Inst::Return(t), &[], Some(4));
    f
}

#[test]
fn calls_rust_helpers() {
    let mut jit = Jit::new(runtime()).unwrap();
    let code = compile(&mut jit, &helper_calls());
    let mut ctx = Ctx {
        args: [7, 0, 0, 0],
        ..Ctx::default()
    };
    assert_eq!(run(code, &mut ctx), 2 * 723);
}

/// Increfs `args[0..3]` twice each, then decrefs each once; then decrefs `args[3]` once.
fn refcounts() -> Function {
    let mut f = Function::new("refcounts");
    let (b0, ctx) = (f.entry(), f.ctx());
    let objs: Vec<Value> = (0..4)
        .map(|i| {
            one(
                &mut f,
                b0,
                Inst::Load {
                    ty: Type::Word,
                    base: ctx,
                    offset: ARG0 + 8 * i,
                },
                Type::Word,
                0,
            )
        })
        .collect();
    for &o in &objs[..3] {
        f.push(b0, Inst::IncRef(o), &[], Some(1));
        f.push(b0, Inst::IncRef(o), &[], Some(1));
        f.push(b0, Inst::DecRef(o), &[], Some(2));
    }
    f.push(b0, Inst::DecRef(objs[3]), &[], Some(3));
    let z = one(&mut f, b0, Inst::Iconst(0), Type::Int, 4);
    f.push(b0, Inst::Return(z), &[], Some(4));
    f
}

#[test]
fn incref_decref_inline() {
    let mut jit = Jit::new(runtime()).unwrap();
    let code = compile(&mut jit, &refcounts());
    // Object headers: [type, refcount].
    let mut obj = [0xdead_u64, 1];
    let mut immortal = [0xbeef_u64, IMMORTAL | 5];
    let mut dying = [0xf00d_u64, 1];
    let obj_addr = obj.as_mut_ptr() as u64;
    let dying_addr = dying.as_mut_ptr() as u64;
    let mut ctx = Ctx {
        args: [
            obj_addr,
            immortal.as_mut_ptr() as u64,
            tagged(12345),
            dying_addr,
        ],
        ..Ctx::default()
    };
    let before = DEALLOCS.load(Ordering::SeqCst);
    assert_eq!(run(code, &mut ctx), 0);
    assert_eq!(obj, [0xdead, 2]);
    assert_eq!(immortal, [0xbeef, IMMORTAL | 5]);
    assert_eq!(DEALLOCS.load(Ordering::SeqCst), before + 1);
    assert_eq!(LAST_DEALLOC.load(Ordering::SeqCst), dying_addr);
    // The dealloc path does not write the refcount back.
    assert_eq!(dying, [0xf00d, 1]);

    // Null and tagged ints are skipped everywhere.
    let mut ctx = Ctx {
        args: [0, tagged(1), tagged(-1), 0],
        ..Ctx::default()
    };
    assert_eq!(run(code, &mut ctx), 0);
    assert_eq!(DEALLOCS.load(Ordering::SeqCst), before + 1);
}

/// Exits with an int, a float, a bool and a word on the stack.
fn exit_with_stack() -> Function {
    let mut f = Function::new("exit_stack");
    let (b0, ctx) = (f.entry(), f.ctx());
    let a = one(&mut f, b0, Inst::Iconst(-5), Type::Int, 0);
    let x = one(&mut f, b0, Inst::Fconst(1.5), Type::Float, 1);
    let y = one(&mut f, b0, Inst::Fconst(2.0), Type::Float, 1);
    let lt = one(
        &mut f,
        b0,
        Inst::FloatCmp {
            cond: Cond::Lt,
            a: x,
            b: y,
        },
        Type::Bool,
        2,
    );
    let w = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Word,
            base: ctx,
            offset: ARG0,
        },
        Type::Word,
        3,
    );
    let exit = Inst::Exit {
        kind: ExitKind::Error,
        pc: 13,
        stack: vec![a, x, lt, w],
        reason: "raised",
    };
    f.push(b0, exit, &[], Some(3));
    f
}

#[test]
fn exit_writes_interpreter_state() {
    let mut jit = Jit::new(runtime()).unwrap();
    let code = compile(&mut jit, &exit_with_stack());
    let mut stack = [0u64; 6];
    let mut ctx = Ctx {
        stack: stack.as_mut_ptr() as u64,
        args: [77, 0, 0, 0],
        ..Ctx::default()
    };
    assert_eq!(run(code, &mut ctx), status::ERROR);
    assert_eq!((ctx.len, ctx.pc), (4, 13));
    assert_eq!(stack, [-5i64 as u64, 1.5f64.to_bits(), 1, 77, 0, 0]);
}

/// `(a * b - a / b) < c ? bool_to_int(a != a) + 10 : bits(a)`, with floats from `args`.
fn float_ops() -> Function {
    let mut f = Function::new("floats");
    let (b0, ctx) = (f.entry(), f.ctx());
    let a = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Float,
            base: ctx,
            offset: ARG0,
        },
        Type::Float,
        0,
    );
    let b = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Float,
            base: ctx,
            offset: ARG0 + 8,
        },
        Type::Float,
        0,
    );
    let cw = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Int,
            base: ctx,
            offset: ARG0 + 16,
        },
        Type::Int,
        0,
    );
    let c = one(
        &mut f,
        b0,
        Inst::Bitcast {
            ty: Type::Float,
            value: cw,
        },
        Type::Float,
        0,
    );
    let m = one(
        &mut f,
        b0,
        Inst::FloatBin {
            op: FloatOp::Mul,
            a,
            b,
        },
        Type::Float,
        1,
    );
    let d = one(
        &mut f,
        b0,
        Inst::FloatBin {
            op: FloatOp::Div,
            a,
            b,
        },
        Type::Float,
        2,
    );
    let s = one(
        &mut f,
        b0,
        Inst::FloatBin {
            op: FloatOp::Sub,
            a: m,
            b: d,
        },
        Type::Float,
        3,
    );
    let s = one(
        &mut f,
        b0,
        Inst::FloatBin {
            op: FloatOp::Add,
            a: s,
            b: c,
        },
        Type::Float,
        3,
    );
    let lt = one(
        &mut f,
        b0,
        Inst::FloatCmp {
            cond: Cond::Lt,
            a: s,
            b: c,
        },
        Type::Bool,
        4,
    );
    let nan = one(
        &mut f,
        b0,
        Inst::FloatCmp {
            cond: Cond::Ne,
            a,
            b: a,
        },
        Type::Bool,
        5,
    );
    let ni = one(&mut f, b0, Inst::BoolToInt(nan), Type::Int, 5);
    let ten = one(&mut f, b0, Inst::Iconst(10), Type::Int, 5);
    let yes = one(
        &mut f,
        b0,
        Inst::IntBin {
            op: IntOp::Add,
            a: ni,
            b: ten,
        },
        Type::Int,
        5,
    );
    let no = one(
        &mut f,
        b0,
        Inst::Bitcast {
            ty: Type::Int,
            value: s,
        },
        Type::Int,
        6,
    );
    let r = one(
        &mut f,
        b0,
        Inst::Select {
            cond: lt,
            a: yes,
            b: no,
        },
        Type::Int,
        7,
    );
    f.push(b0, Inst::Return(r), &[], Some(7));
    f
}

#[test]
fn float_arithmetic_and_compare() {
    let mut jit = Jit::new(runtime()).unwrap();
    let code = compile(&mut jit, &float_ops());
    let call = |a: f64, b: f64, c: f64| {
        let mut ctx = Ctx {
            args: [a.to_bits(), b.to_bits(), c.to_bits(), 0],
            ..Ctx::default()
        };
        run(code, &mut ctx)
    };
    // 3*2 - 3/2 + 1 = 5.5, not < 1: bits of 5.5.
    assert_eq!(call(3.0, 2.0, 1.0), 5.5f64.to_bits());
    // 1*(-2) - 1/(-2) + 0 = -1.5 < 0: 0 + 10.
    assert_eq!(call(1.0, -2.0, 0.0), 10);
    // NaN propagates: NaN < c is false, so the NaN's bits come back.
    assert!(f64::from_bits(call(f64::NAN, 1.0, 0.0)).is_nan());
}

/// Shifts, bitwise ops, sub/mul with overflow.
fn int_ops() -> Function {
    let mut f = Function::new("ints");
    let (b0, ctx) = (f.entry(), f.ctx());
    let ovf = f.create_block();
    let ok = f.create_block();
    let a = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Int,
            base: ctx,
            offset: ARG0,
        },
        Type::Int,
        0,
    );
    let b = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Int,
            base: ctx,
            offset: ARG0 + 8,
        },
        Type::Int,
        0,
    );
    let m = f.push(
        b0,
        Inst::IntOvf {
            op: OvfOp::Mul,
            a,
            b,
        },
        &[Type::Int, Type::Bool],
        Some(1),
    );
    let s = f.push(
        b0,
        Inst::IntOvf {
            op: OvfOp::Sub,
            a: m[0],
            b,
        },
        &[Type::Int, Type::Bool],
        Some(2),
    );
    let k = one(&mut f, b0, Inst::Iconst(0), Type::Int, 2);
    let either = f.push(b0, Inst::BoolToInt(m[1]), &[Type::Int], Some(2))[0];
    let either2 = f.push(b0, Inst::BoolToInt(s[1]), &[Type::Int], Some(2))[0];
    let or = one(
        &mut f,
        b0,
        Inst::IntBin {
            op: IntOp::Or,
            a: either,
            b: either2,
        },
        Type::Int,
        2,
    );
    let is = one(
        &mut f,
        b0,
        Inst::IntCmp {
            cond: Cond::Ne,
            a: or,
            b: k,
        },
        Type::Bool,
        2,
    );
    let br = Inst::Branch {
        cond: is,
        then_dest: ovf,
        then_args: vec![],
        else_dest: ok,
        else_args: vec![],
    };
    f.push(b0, br, &[], Some(2));
    let minus1 = one(&mut f, ovf, Inst::Iconst(-1), Type::Int, 3);
    f.push(ovf, Inst::Return(minus1), &[], Some(3));
    let three = one(&mut f, ok, Inst::Iconst(3), Type::Int, 4);
    let shl = one(
        &mut f,
        ok,
        Inst::IntBin {
            op: IntOp::Shl,
            a: s[0],
            b: three,
        },
        Type::Int,
        4,
    );
    let sar = one(
        &mut f,
        ok,
        Inst::IntBin {
            op: IntOp::Sar,
            a: shl,
            b: three,
        },
        Type::Int,
        5,
    );
    let x = one(
        &mut f,
        ok,
        Inst::IntBin {
            op: IntOp::Xor,
            a: sar,
            b: three,
        },
        Type::Int,
        6,
    );
    let y = one(
        &mut f,
        ok,
        Inst::IntBin {
            op: IntOp::And,
            a: x,
            b: sar,
        },
        Type::Int,
        7,
    );
    let z = one(
        &mut f,
        ok,
        Inst::IntBin {
            op: IntOp::Mul,
            a: y,
            b: three,
        },
        Type::Int,
        8,
    );
    f.push(ok, Inst::Return(z), &[], Some(8));
    f
}

#[test]
fn integer_ops_and_overflow_flags() {
    let mut jit = Jit::new(runtime()).unwrap();
    let code = compile(&mut jit, &int_ops());
    let call = |a: i64, b: i64| {
        let mut ctx = Ctx {
            args: [a as u64, b as u64, 0, 0],
            ..Ctx::default()
        };
        run(code, &mut ctx) as i64
    };
    let model = |a: i64, b: i64| -> i64 {
        let Some(m) = a.checked_mul(b) else { return -1 };
        let Some(s) = m.checked_sub(b) else { return -1 };
        let sar = s.wrapping_shl(3) >> 3;
        ((sar ^ 3) & sar).wrapping_mul(3)
    };
    for (a, b) in [
        (6, 7),
        (-6, 7),
        (i64::MAX, 2),
        (i64::MIN, 1),
        (i64::MIN + 1, -1),
        (1 << 40, 1 << 20),
    ] {
        assert_eq!(call(a, b), model(a, b), "a={a} b={b}");
    }
}

#[test]
fn many_functions_in_one_jit() {
    let mut jit = Jit::new(runtime()).unwrap();
    let codes: Vec<*const u8> = (0..20).map(|_| compile(&mut jit, &loop_sum())).collect();
    for (n, code) in codes.into_iter().enumerate() {
        let mut ctx = Ctx {
            args: [n as u64, 0, 0, 0],
            ..Ctx::default()
        };
        assert_eq!(run(code, &mut ctx), (n * n.saturating_sub(1) / 2) as u64);
    }
}

fn all_functions() -> Vec<Function> {
    vec![
        tagged_add(),
        loop_sum(),
        helper_calls(),
        refcounts(),
        exit_with_stack(),
        float_ops(),
        int_ops(),
    ]
}

#[test]
fn aarch64_dumps() {
    let rt = runtime();
    for f in all_functions() {
        let out = compile_for_target(
            "aarch64",
            &rt,
            &f,
            DumpRequest {
                clif: true,
                asm: true,
            },
        )
        .unwrap();
        assert!(out.code.is_none());
        let asm = out.asm.unwrap();
        assert!(asm.contains("ret"), "{asm}");
        assert!(asm.contains("x0"), "{asm}");
        assert!(asm.contains("x29"), "frame pointer kept: {asm}");
        assert!(!asm.contains("%r"), "{asm}");
        assert!(asm.contains("; bytecode @"), "{asm}");
        assert!(out.size > 0 && out.size.is_multiple_of(4));
    }
}

#[test]
fn x86_64_dumps() {
    let rt = runtime();
    for f in all_functions() {
        let out = compile_for_target(
            "x86_64",
            &rt,
            &f,
            DumpRequest {
                clif: false,
                asm: true,
            },
        )
        .unwrap();
        assert!(out.clif.is_none());
        let asm = out.asm.unwrap();
        assert!(asm.contains("ret") && asm.contains("%rbp"), "{asm}");
        assert!(asm.contains("; bytecode @"), "{asm}");
    }
}

#[test]
fn text_round_trip_of_built_functions() {
    for f in all_functions() {
        let printed = heron_jit::text::print(&f);
        let parsed = heron_jit::text::parse(&printed).unwrap_or_else(|e| panic!("{e}\n{printed}"));
        assert_eq!(parsed, f, "{printed}");
        assert_eq!(heron_jit::text::print(&parsed), printed);
    }
}

#[test]
fn errors() {
    let rt = runtime();
    let mut f = Function::new("bad");
    let b0 = f.entry();
    f.push(b0, Inst::Return(Value(7)), &[], None);
    f.value_types.resize(8, Type::Int);
    assert!(matches!(
        compile_for_target("x86_64", &rt, &f, DumpRequest::default()),
        Err(JitError::Verify(_))
    ));

    let mut f = Function::new("no_such_helper");
    let b0 = f.entry();
    let r = one(
        &mut f,
        b0,
        Inst::Call {
            helper: HelperId(9),
            args: vec![],
        },
        Type::Word,
        0,
    );
    f.push(b0, Inst::Return(r), &[], None);
    assert!(matches!(
        compile_for_target("x86_64", &rt, &f, DumpRequest::default()),
        Err(JitError::Verify(_))
    ));

    let err = compile_for_target("riscv64", &rt, &loop_sum(), DumpRequest::default()).unwrap_err();
    assert!(matches!(err, JitError::Unsupported(_)));
    assert!(err.to_string().contains("riscv64"));

    // A use not dominated by its definition is caught before Cranelift sees it.
    let mut f = Function::new("dominance");
    let (b0, ctx) = (f.entry(), f.ctx());
    let (l, r, join) = (f.create_block(), f.create_block(), f.create_block());
    let c = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Bool,
            base: ctx,
            offset: 0,
        },
        Type::Bool,
        0,
    );
    let br = Inst::Branch {
        cond: c,
        then_dest: l,
        then_args: vec![],
        else_dest: r,
        else_args: vec![],
    };
    f.push(b0, br, &[], None);
    let x = one(&mut f, l, Inst::Iconst(1), Type::Int, 0);
    f.push(
        l,
        Inst::Jump {
            dest: join,
            args: vec![],
        },
        &[],
        None,
    );
    f.push(
        r,
        Inst::Jump {
            dest: join,
            args: vec![],
        },
        &[],
        None,
    );
    f.push(join, Inst::Return(x), &[], None);
    let err = compile_for_target("x86_64", &rt, &f, DumpRequest::default()).unwrap_err();
    assert!(matches!(err, JitError::Verify(_)), "{err}");
}

/// Truncating division and remainder, then int-to-float: `((a / b) + (a % b)) * 0.5`.
#[test]
fn div_rem_and_int_to_float() {
    let f = heron_jit::text::parse(
        "function \"div rem\":
bb0(v0: word):
    v1 = load.int v0+24
    v2 = load.int v0+32
    v3 = int.div v1, v2
    v4 = int.rem v1, v2
    v5 = int.add v3, v4
    v6 = int_to_float v5
    v7 = fconst 0.5
    v8 = float.mul v6, v7
    v9 = bitcast.int v8
    return v9
",
    )
    .unwrap();
    let mut jit = Jit::new(runtime()).unwrap();
    let code = compile(&mut jit, &f);
    let call = |a: i64, b: i64| {
        let mut ctx = Ctx {
            args: [a as u64, b as u64, 0, 0],
            ..Ctx::default()
        };
        f64::from_bits(run(code, &mut ctx))
    };
    // 7 / 2 = 3, 7 % 2 = 1: 2.0.
    assert_eq!(call(7, 2), 2.0);
    // Truncation towards zero: -7 / 2 = -3, -7 % 2 = -1: -2.0.
    assert_eq!(call(-7, 2), -2.0);
    // 7 / -2 = -3, 7 % -2 = 1: -1.0.
    assert_eq!(call(7, -2), -1.0);
}

/// The callee of `calls_compiled`: returns `args[0] * 2 + args[1]` of the context it gets.
fn callee_doubles() -> Function {
    let mut f = Function::new("callee");
    let (b0, ctx) = (f.entry(), f.ctx());
    let load = |f: &mut Function, offset| {
        one(
            f,
            b0,
            Inst::Load {
                ty: Type::Int,
                base: ctx,
                offset,
            },
            Type::Int,
            0,
        )
    };
    let a = load(&mut f, ARG0);
    let b = load(&mut f, ARG0 + 8);
    let a2 = one(
        &mut f,
        b0,
        Inst::IntBin {
            op: IntOp::Add,
            a,
            b: a,
        },
        Type::Int,
        1,
    );
    let r = one(
        &mut f,
        b0,
        Inst::IntBin {
            op: IntOp::Add,
            a: a2,
            b,
        },
        Type::Int,
        1,
    );
    f.push(b0, Inst::Return(r), &[], Some(2));
    f
}

/// Builds a context for the callee (whose address is in `args[0]`) in its own stack frame,
/// with `args[1]` and 5 as the callee's arguments, and returns the callee's result plus 1.
fn caller_builds_context() -> Function {
    let mut f = Function::new("caller");
    let (b0, ctx) = (f.entry(), f.ctx());
    let entry = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Word,
            base: ctx,
            offset: ARG0,
        },
        Type::Word,
        0,
    );
    let x = one(
        &mut f,
        b0,
        Inst::Load {
            ty: Type::Int,
            base: ctx,
            offset: ARG0 + 8,
        },
        Type::Int,
        0,
    );
    let slot = one(
        &mut f,
        b0,
        Inst::StackSlot(std::mem::size_of::<Ctx>() as u32),
        Type::Word,
        1,
    );
    let five = one(&mut f, b0, Inst::Iconst(5), Type::Int, 1);
    for (offset, value) in [(ARG0, x), (ARG0 + 8, five)] {
        f.push(
            b0,
            Inst::Store {
                base: slot,
                offset,
                value,
            },
            &[],
            Some(1),
        );
    }
    let r = one(
        &mut f,
        b0,
        Inst::CallIndirect {
            callee: entry,
            args: vec![slot],
        },
        Type::Word,
        2,
    );
    let r = one(
        &mut f,
        b0,
        Inst::Bitcast {
            ty: Type::Int,
            value: r,
        },
        Type::Int,
        3,
    );
    let one_v = one(&mut f, b0, Inst::Iconst(1), Type::Int, 3);
    let r = one(
        &mut f,
        b0,
        Inst::IntBin {
            op: IntOp::Add,
            a: r,
            b: one_v,
        },
        Type::Int,
        3,
    );
    f.push(b0, Inst::Return(r), &[], Some(4));
    f
}

#[test]
fn calls_compiled_code_with_a_stack_context() {
    let mut jit = Jit::new(runtime()).unwrap();
    let callee = compile(&mut jit, &callee_doubles());
    let caller = compile(&mut jit, &caller_builds_context());
    let mut ctx = Ctx {
        args: [callee as u64, 20, 0, 0],
        ..Ctx::default()
    };
    assert_eq!(run(caller, &mut ctx), 20 * 2 + 5 + 1);
    // The text form round-trips the new instructions.
    let f = caller_builds_context();
    let text = heron_jit::text::print(&f);
    assert!(text.contains("stack_slot 64") && text.contains("call_indirect v1(v3)"));
    assert_eq!(heron_jit::text::parse(&text).expect("parses"), f);
}
