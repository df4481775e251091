//! Translation of each opcode the front end compiles (arithmetic is in `numeric`).

use heron_jit::ir::{Cond, ExitKind, Inst, IntOp, OvfOp, Type, Value};

use super::state::{AVal, Builder, Kind};
use super::{calls, numeric, subscr};
use super::{deopt, Instr, Unsupported, TYPE_OFFSET};
use crate::bytecode::Opcode;
use crate::object::types::{none, null, FLOAT_TYPE, RANGE_ITER_TYPE, RANGE_TYPE};
use crate::tier2::runtime::{ctx_offset, dict_version_offset, helper};

/// The kind and constant word a known Python value gets when loaded: small ints and floats
/// are known by kind (floats unboxed), `range` by identity.
fn known_value(b: &mut Builder, value: &crate::object::value::Value) -> AVal {
    if value.is_small_int() {
        let v = b.wconst(value.word());
        return AVal::new(v, Kind::Int);
    }
    if value.is_type(&FLOAT_TYPE) {
        if let Some(f) = value.payload_exact::<crate::object::float::Float>() {
            let v = b.fconst(f.0);
            return AVal::new(v, Kind::Float);
        }
    }
    let v = b.wconst(value.word());
    if !value.is_immortal() {
        b.emit(Inst::IncRef(v));
    }
    b.known.insert(value.word(), value.clone());
    AVal {
        v,
        kind: Kind::Obj,
        konst: Some(value.word()),
    }
}

pub fn translate_instr(b: &mut Builder, i: &Instr) -> Result<(), Unsupported> {
    let pc = i.start;
    let next_pc = i.index + 1;
    match i.op {
        Opcode::NOP => {}
        Opcode::POP_TOP => {
            let a = b.pop();
            b.decref(a);
        }
        Opcode::PUSH_NULL => {
            // The stack's NULL marker is an immortal sentinel object, not a zero word.
            let a = known_value(b, &null());
            b.stack.push(a);
        }
        Opcode::LOAD_CONST => {
            let k = b.code.consts[i.arg as usize].clone();
            let a = known_value(b, &k);
            b.stack.push(a);
        }
        Opcode::LOAD_FAST => {
            let idx = i.arg as usize;
            let mut a = b.locals[idx];
            if !require_bound(b, a, i.arg, next_pc) {
                return Ok(());
            }
            if a.kind == Kind::Any {
                // Bound from here on.
                a.kind = Kind::Obj;
                b.locals[idx] = a;
            }
            b.incref(a);
            b.stack.push(a);
        }
        Opcode::STORE_FAST => {
            let idx = i.arg as usize;
            let mut a = b.pop();
            if a.kind == Kind::Bool || (a.kind == Kind::Float && !b.unbox_locals) {
                a = b.materialize_aval(a);
            }
            let old = b.locals[idx];
            let ptr = b.locals_ptr;
            let off = Builder::local_offset(idx);
            if a.kind == Kind::Float {
                if !matches!(old.kind, Kind::Float | Kind::Undef) {
                    let zero = b.wconst(0);
                    b.store(ptr, off, zero);
                }
            } else {
                b.store(ptr, off, a.v);
            }
            // The local no longer holds `old` when it is released (see `Builder::push`).
            b.locals[idx] = a;
            b.decref(old);
        }
        Opcode::LOAD_GLOBAL => load_global(b, i, pc, next_pc),
        Opcode::BINARY_OP => numeric::binary_op(b, i.arg, pc, next_pc),
        Opcode::COMPARE_OP => numeric::compare_op(b, i.arg, pc, next_pc),
        Opcode::IS_OP => {
            let y = b.pop();
            let x = b.pop();
            let (xv, yv) = (b.materialize(x), b.materialize(y));
            let cond = if i.arg == 0 { Cond::Eq } else { Cond::Ne };
            let c = b.cmp(cond, xv, yv);
            b.emit(Inst::DecRef(xv));
            b.emit(Inst::DecRef(yv));
            b.push_val(c, Kind::Bool);
        }
        Opcode::UNARY_NEGATIVE
        | Opcode::UNARY_POSITIVE
        | Opcode::UNARY_INVERT
        | Opcode::UNARY_NOT => {
            let which = match i.op {
                Opcode::UNARY_NEGATIVE => 0,
                Opcode::UNARY_POSITIVE => 1,
                Opcode::UNARY_INVERT => 2,
                _ => 3,
            };
            numeric::unary(b, which, pc, next_pc);
        }
        Opcode::POP_JUMP_IF_FALSE | Opcode::POP_JUMP_IF_TRUE => {
            let a = b.pop();
            let truth = numeric::truth(b, a, next_pc);
            cond_jump(b, truth, i.op == Opcode::POP_JUMP_IF_TRUE, i);
        }
        Opcode::POP_JUMP_IF_NONE | Opcode::POP_JUMP_IF_NOT_NONE => {
            let a = b.pop();
            let v = b.materialize(a);
            let none = b.wconst(none().word());
            let is_none = b.cmp(Cond::Eq, v, none);
            b.emit(Inst::DecRef(v));
            cond_jump(b, is_none, i.op == Opcode::POP_JUMP_IF_NONE, i);
        }
        Opcode::JUMP => {
            if i.arg <= i.index {
                safe_point_poll(b, i.arg);
            }
            b.jump_to(i.arg)
        }
        Opcode::SEND => {
            let v = b.pop();
            let v = b.materialize(v);
            let it = *b.stack.last().expect("iterator");
            let ctx = b.ctx;
            let r = b.call(helper::SEND, vec![ctx, it.v, v]);
            b.check_error(r, next_pc);
            let flag = b.load(Type::Word, ctx, ctx_offset::FLAG);
            let zero = b.iconst(0);
            let returned = b.cmp(Cond::Ne, flag, zero);
            let done = b.f.create_block();
            let yielded = b.f.create_block();
            b.branch(returned, done, yielded);
            // The iterator returned: pop it, push its value, continue at the target.
            b.cur = done;
            b.reachable = true;
            let saved = b.stack.clone();
            let it = b.pop();
            b.decref(it);
            b.push_val(r, Kind::Obj);
            b.jump_to(i.arg);
            b.stack = saved;
            b.cur = yielded;
            b.reachable = true;
            b.push_val(r, Kind::Obj);
        }
        Opcode::YIELD_VALUE => {
            // A generator yields: compiled code ends here; the interpreter resumes the frame
            // after the yield (and may enter compiled code again at the next loop header).
            let a = b.pop();
            let v = b.materialize(a);
            let ctx = b.ctx;
            b.store(ctx, ctx_offset::RESULT, v);
            b.exit(ExitKind::Yield, next_pc, "yield");
        }
        Opcode::RETURN_VALUE => {
            let a = b.pop();
            let v = b.materialize(a);
            while let Some(rest) = b.stack.pop() {
                b.decref(rest);
            }
            let ctx = b.ctx;
            b.store(ctx, ctx_offset::RESULT, v);
            let status = b.iconst(heron_jit::ir::status::RETURN as i64);
            b.emit(Inst::Return(status));
            b.reachable = false;
        }
        Opcode::CALL if inline_call(b, i.arg as usize, pc) => {}
        Opcode::CALL if calls::lazy_call(b, i.arg as usize, next_pc) => {}
        Opcode::CALL => {
            let argc = i.arg as usize;
            let callee = b.stack[b.stack.len() - argc - 2];
            let this = b.stack[b.stack.len() - argc - 1];
            // Calling the builtin `range` type (behind the globals guard) makes a range.
            let makes_range = callee.konst == Some(&RANGE_TYPE as *const _ as usize)
                && this.konst == Some(null().word())
                && (1..=3).contains(&argc);
            let r = calls::generic_call(b, argc, next_pc);
            b.check_error(r, next_pc);
            if makes_range {
                b.push_val(r, Kind::Range);
            } else {
                let a = numeric::refine_result(b, r, next_pc);
                b.stack.push(a);
            }
        }
        Opcode::LOAD_ATTR | Opcode::LOAD_METHOD if module_attr(b, i.arg, pc).is_some() => {
            let value = module_attr(b, i.arg, pc).expect("checked");
            let module = b.pop();
            module_guard(b, module, &value, pc);
            let a = known_value(b, &value.attr);
            b.decref(module);
            b.stack.push(a);
            if i.op == Opcode::LOAD_METHOD {
                let n = known_value(b, &null());
                b.stack.push(n);
            }
        }
        Opcode::LOAD_ATTR => {
            let obj = b.pop();
            let obj = b.materialize(obj);
            let ctx = b.ctx;
            let idx = b.iconst(i.arg as i64);
            let at = b.iconst(pc as i64);
            let r = b.call(helper::GETATTR, vec![ctx, obj, idx, at]);
            b.check_error(r, next_pc);
            let a = numeric::refine_result(b, r, next_pc);
            b.stack.push(a);
        }
        Opcode::STORE_ATTR => {
            let obj = b.pop();
            let value = b.pop();
            let (obj, value) = (b.materialize(obj), b.materialize(value));
            let ctx = b.ctx;
            let idx = b.iconst(i.arg as i64);
            let at = b.iconst(pc as i64);
            let r = b.call(helper::SETATTR, vec![ctx, obj, value, idx, at]);
            b.check_error(r, next_pc);
        }
        Opcode::LOAD_METHOD => {
            let obj = b.pop();
            let obj = b.materialize(obj);
            let slot = b.stack.len();
            let ctx = b.ctx;
            let idx = b.iconst(i.arg as i64);
            let slot_v = b.iconst(slot as i64);
            let at = b.iconst(pc as i64);
            let r = b.call(helper::LOAD_METHOD, vec![ctx, obj, idx, slot_v, at]);
            b.check_error(r, next_pc);
            let buf = b.load(Type::Word, ctx, ctx_offset::STACK);
            let m = b.load(Type::Word, buf, (slot * 8) as i32);
            let this = b.load(Type::Word, buf, (slot * 8 + 8) as i32);
            b.push_val(m, Kind::Obj);
            b.push_val(this, Kind::Obj);
        }
        Opcode::BINARY_SUBSCR if subscr::binary_subscr(b, pc, next_pc) => {}
        Opcode::STORE_SUBSCR if subscr::store_subscr(b, next_pc) => {}
        Opcode::UNPACK_SEQUENCE if subscr::unpack_tuple(b, i.arg as usize, next_pc) => {}
        Opcode::BINARY_SUBSCR => {
            let key = b.pop();
            let container = b.pop();
            let (c, k) = (b.materialize(container), b.materialize(key));
            let ctx = b.ctx;
            let r = b.call(helper::GETITEM, vec![ctx, c, k]);
            b.check_error(r, next_pc);
            let a = numeric::refine_result(b, r, next_pc);
            b.stack.push(a);
        }
        Opcode::STORE_SUBSCR => {
            let key = b.pop();
            let container = b.pop();
            let value = b.pop();
            let (c, k, v) = (
                b.materialize(container),
                b.materialize(key),
                b.materialize(value),
            );
            let ctx = b.ctx;
            let r = b.call(helper::SETITEM, vec![ctx, c, k, v]);
            b.check_error(r, next_pc);
        }
        Opcode::GET_ITER => {
            let a = b.pop();
            let v = b.materialize(a);
            let ctx = b.ctx;
            let r = b.call(helper::GET_ITER, vec![ctx, v]);
            b.check_error(r, next_pc);
            let kind = if a.kind == Kind::Range && b.speculating() {
                Kind::RangeIter
            } else {
                Kind::Obj
            };
            b.push_val(r, kind);
        }
        Opcode::FOR_ITER => for_iter(b, i, pc, next_pc),
        Opcode::BUILD_TUPLE | Opcode::BUILD_LIST => {
            let n = i.arg as usize;
            let base = b.spill_top(n);
            let ctx = b.ctx;
            let base_v = b.iconst(base as i64);
            let n_v = b.iconst(n as i64);
            let kind = b.iconst(if i.op == Opcode::BUILD_TUPLE { 0 } else { 1 });
            let r = b.call(helper::BUILD, vec![ctx, base_v, n_v, kind]);
            b.check_error(r, next_pc);
            b.push_val(r, Kind::Obj);
        }
        Opcode::UNPACK_SEQUENCE | Opcode::UNPACK_EX => {
            let seq = b.pop();
            let seq = b.materialize(seq);
            let (n, n_arg) = if i.op == Opcode::UNPACK_EX {
                let pushed = (i.arg & 0xff) + 1 + (i.arg >> 8);
                (
                    pushed as usize,
                    (u64::from(i.arg) | crate::tier2::runtime::UNPACK_EX) as i64,
                )
            } else {
                (i.arg as usize, i.arg as i64)
            };
            let slot = b.stack.len();
            let ctx = b.ctx;
            let n_v = b.iconst(n_arg);
            let slot_v = b.iconst(slot as i64);
            let r = b.call(helper::UNPACK, vec![ctx, seq, n_v, slot_v]);
            b.check_error(r, next_pc);
            let buf = b.load(Type::Word, ctx, ctx_offset::STACK);
            for k in 0..n {
                let v = b.load(Type::Word, buf, ((slot + k) * 8) as i32);
                b.push_val(v, Kind::Obj);
            }
        }
        Opcode::COPY => {
            let a = b.stack[b.stack.len() - i.arg as usize];
            b.incref(a);
            b.stack.push(a);
        }
        Opcode::SWAP => {
            let n = b.stack.len();
            b.stack.swap(n - 1, n - i.arg as usize);
        }
        Opcode::FORMAT_VALUE
        | Opcode::BUILD_STRING
        | Opcode::BUILD_SET
        | Opcode::BUILD_MAP
        | Opcode::BUILD_CONST_KEY_MAP
        | Opcode::BUILD_SLICE
        | Opcode::CONTAINS_OP
        | Opcode::STORE_GLOBAL
        | Opcode::MAKE_FUNCTION
        | Opcode::LOAD_DEREF
        | Opcode::STORE_DEREF
        | Opcode::LOAD_CLOSURE
        | Opcode::DELETE_GLOBAL
        | Opcode::DELETE_ATTR
        | Opcode::DELETE_SUBSCR
        | Opcode::LIST_TO_TUPLE
        | Opcode::IMPORT_NAME
        | Opcode::LOAD_ASSERTION_ERROR
        | Opcode::CALL_FUNCTION_EX
        | Opcode::MATCH_CLASS
        | Opcode::GET_YIELD_FROM_ITER
        | Opcode::GET_AWAITABLE
        | Opcode::GET_AITER
        | Opcode::ASYNC_GEN_WRAP
        | Opcode::LOAD_NAME
        | Opcode::STORE_NAME
        | Opcode::DELETE_NAME
        | Opcode::LOAD_CLASSDEREF
        | Opcode::LOAD_BUILD_CLASS
        | Opcode::SETUP_ANNOTATIONS
        | Opcode::LOAD_LOCALS
        | Opcode::IMPORT_STAR
        | Opcode::RAISE_VARARGS => stack_op(b, i, next_pc),
        Opcode::IMPORT_FROM
        | Opcode::GET_ANEXT
        | Opcode::GET_LEN
        | Opcode::MATCH_MAPPING
        | Opcode::MATCH_SEQUENCE
        | Opcode::MATCH_KEYS => {
            // These keep their operands: the helper consumes new references to them.
            let kept = if i.op == Opcode::MATCH_KEYS { 2 } else { 1 };
            let n = b.stack.len();
            for k in n - kept..n {
                let a = b.materialize_aval(b.stack[k]);
                b.stack[k] = a;
                b.incref(a);
            }
            for k in n - kept..n {
                b.stack.push(b.stack[k]);
            }
            stack_op(b, i, next_pc);
        }
        Opcode::BEFORE_WITH | Opcode::BEFORE_ASYNC_WITH => {
            let base = b.stack.len() - 1;
            stack_op(b, i, next_pc);
            // The helper left the bound __exit__ in the operand's slot, below its result.
            let entered = b.pop();
            let ctx = b.ctx;
            let buf = b.load(Type::Word, ctx, ctx_offset::STACK);
            let exit = b.load(Type::Word, buf, (base * 8) as i32);
            b.push_val(exit, Kind::Obj);
            b.stack.push(entered);
        }
        Opcode::JUMP_IF_FALSE_OR_POP | Opcode::JUMP_IF_TRUE_OR_POP => {
            let top = *b.stack.last().expect("operand");
            let top = b.materialize_aval(top);
            let n = b.stack.len();
            b.stack[n - 1] = top;
            b.incref(top);
            let truth = numeric::truth(b, top, next_pc);
            let keep = b.f.create_block();
            let pop = b.f.create_block();
            if i.op == Opcode::JUMP_IF_TRUE_OR_POP {
                b.branch(truth, keep, pop);
            } else {
                b.branch(truth, pop, keep);
            }
            b.cur = keep;
            b.reachable = true;
            b.jump_to(i.arg);
            b.cur = pop;
            b.reachable = true;
            let v = b.pop();
            b.decref(v);
            b.jump_to(i.index + 1);
            b.stack.push(top);
        }
        Opcode::LIST_APPEND
        | Opcode::SET_ADD
        | Opcode::MAP_ADD
        | Opcode::LIST_EXTEND
        | Opcode::SET_UPDATE
        | Opcode::DICT_UPDATE
        | Opcode::DICT_MERGE => {
            let value = b.pop();
            let value = b.materialize(value);
            let (key, op) = match i.op {
                Opcode::MAP_ADD => {
                    let k = b.pop();
                    (b.materialize(k), 2)
                }
                Opcode::SET_ADD => (b.iconst(0), 1),
                Opcode::LIST_EXTEND => (b.iconst(0), 3),
                Opcode::SET_UPDATE => (b.iconst(0), 4),
                Opcode::DICT_UPDATE => (b.iconst(0), 5),
                Opcode::DICT_MERGE => {
                    // The callable (for error messages) sits below the dict being built.
                    match b.stack.len().checked_sub(i.arg as usize + 3) {
                        Some(k) => (b.materialize(b.stack[k]), 6),
                        None => (b.iconst(0), 6),
                    }
                }
                _ => (b.iconst(0), 0),
            };
            let container = b.stack[b.stack.len() - i.arg as usize];
            let ctx = b.ctx;
            let op = b.iconst(op);
            let r = b.call(
                helper::CONTAINER_ADD,
                vec![ctx, container.v, key, value, op],
            );
            b.check_error(r, next_pc);
        }
        Opcode::CALL_KW => {
            let argc = i.arg as usize;
            let base = b.spill_top(argc + 3);
            let ctx = b.ctx;
            let base_v = b.iconst(base as i64);
            let argc_v = b.iconst((argc as u64 | crate::tier2::runtime::CALL_KW) as i64);
            let pc_v = b.iconst(next_pc as i64);
            let r = b.call(helper::CALL, vec![ctx, base_v, argc_v, pc_v]);
            b.check_error(r, next_pc);
            let a = numeric::refine_result(b, r, next_pc);
            b.stack.push(a);
        }
        Opcode::DELETE_FAST => {
            let idx = i.arg as usize;
            let a = b.locals[idx];
            if !require_bound(b, a, i.arg, next_pc) {
                return Ok(());
            }
            if a.kind != Kind::Float {
                let ptr = b.locals_ptr;
                let zero = b.wconst(0);
                b.store(ptr, Builder::local_offset(idx), zero);
            }
            let n = b.null();
            b.locals[idx] = n;
            b.decref(a);
        }
        other => return Err(Unsupported(format!("opcode {}", other.name()))),
    }
    Ok(())
}

/// An attribute of a module known at compile time, as found now.
struct ModuleAttr {
    attr: crate::object::value::Value,
    dict: usize,
    version: u64,
}

/// With speculation, `module.name` for a module the front end knows (a speculated global)
/// whose dict holds `name` and whose type does not define it.
fn module_attr(b: &Builder, name: u32, _pc: u32) -> Option<ModuleAttr> {
    use crate::object::types::{DICT_TYPE, MODULE_TYPE};
    if !b.speculating() {
        return None;
    }
    let top = *b.stack.last()?;
    let module = b.known.get(&top.konst?)?;
    if !module.is_type(&MODULE_TYPE) {
        return None;
    }
    let dict = crate::object::module::dict_of(module)?;
    let name = &b.code.names[name as usize];
    let in_type = MODULE_TYPE.lookup(&crate::object::str::intern(crate::object::str::as_str(
        name,
    )?));
    if !dict.is_type(&DICT_TYPE) || in_type.is_some() {
        return None;
    }
    let attr = crate::object::dict::lookup_str(dict, name)?;
    Some(ModuleAttr {
        attr,
        dict: dict.word(),
        version: crate::object::dict::version(dict),
    })
}

/// Guards that `module` still has the dict it had at compile time, unchanged.
fn module_guard(b: &mut Builder, module: AVal, attr: &ModuleAttr, pc: u32) {
    let dict = b.load(Type::Word, module.v, module_dict_offset());
    let want = b.wconst(attr.dict);
    let same = b.cmp(Cond::Eq, dict, want);
    let ok = b.f.create_block();
    let fail = b.f.create_block();
    b.branch(same, ok, fail);
    b.cur = ok;
    let version = b.load(Type::Int, want, dict_version_offset());
    let v0 = b.int(attr.version as i64);
    let unchanged = b.cmp(Cond::Eq, version, v0);
    let cont = b.f.create_block();
    b.branch(unchanged, cont, fail);
    b.cur = fail;
    b.guard_failed(pc, &[module], deopt::MODULE_CHANGED);
    b.cur = cont;
    b.reachable = true;
}

/// Byte offset of a module's dict from its header.
fn module_dict_offset() -> i32 {
    use crate::object::module::Module;
    (std::mem::offset_of!(crate::object::value::PyObject<Module>, payload)
        + std::mem::offset_of!(Module, dict)) as i32
}

/// Calls the front end computes inline: `math.sqrt(x)` of a number (behind the guards that
/// made `math.sqrt` known). Returns false for every other call.
fn inline_call(b: &mut Builder, argc: usize, pc: u32) -> bool {
    use crate::object::function::BuiltinFunction;
    let n = b.stack.len();
    if argc != 1 || n < 3 {
        return false;
    }
    let (callee, this, arg) = (b.stack[n - 3], b.stack[n - 2], b.stack[n - 1]);
    let is_sqrt = callee
        .konst
        .and_then(|w| b.known.get(&w))
        .and_then(|f| f.payload_exact::<BuiltinFunction>())
        .is_some_and(|f| {
            // The name guards against identical functions the linker merged.
            f.name == "sqrt" && std::ptr::fn_addr_eq(f.func, crate::modules::math::sqrt_native())
        });
    if !is_sqrt || this.konst != Some(null().word()) {
        return false;
    }
    if !matches!(arg.kind, Kind::Float | Kind::Int) && !b.speculating() {
        return false;
    }
    b.stack.truncate(n - 3);
    let operands = [callee, this, arg];
    let x = numeric::to_float(b, arg, pc, &operands, false, true);
    let zero = b.fconst(0.0);
    let in_domain = b.fcmp(Cond::Ge, x, zero);
    b.guard(in_domain, pc, &operands, deopt::SQRT_DOMAIN);
    b.decref(arg);
    b.decref(callee);
    let r = b.one(Inst::Sqrt(x), Type::Float);
    b.push_val(r, Kind::Float);
    true
}

/// An instruction run by the interpreter's own semantics through the `stack_op` helper: its
/// operands are spilled to the frame's stack buffer and consumed by the helper.
fn stack_op(b: &mut Builder, i: &Instr, next_pc: u32) {
    let arg = i.arg as usize;
    let (inputs, pushes) = match i.op {
        Opcode::FORMAT_VALUE => (1 + (arg & 4 != 0) as usize, true),
        Opcode::BUILD_STRING | Opcode::BUILD_SET | Opcode::BUILD_SLICE => (arg, true),
        Opcode::BUILD_MAP => (2 * arg, true),
        Opcode::BUILD_CONST_KEY_MAP => (arg + 1, true),
        Opcode::CONTAINS_OP => (2, true),
        Opcode::MAKE_FUNCTION => (1 + (arg & 15).count_ones() as usize, true),
        Opcode::LOAD_DEREF | Opcode::LOAD_CLOSURE => (0, true),
        Opcode::STORE_GLOBAL | Opcode::STORE_DEREF | Opcode::DELETE_ATTR => (1, false),
        Opcode::DELETE_GLOBAL | Opcode::DELETE_NAME | Opcode::SETUP_ANNOTATIONS => (0, false),
        Opcode::STORE_NAME | Opcode::IMPORT_STAR => (1, false),
        Opcode::LOAD_NAME
        | Opcode::LOAD_CLASSDEREF
        | Opcode::LOAD_BUILD_CLASS
        | Opcode::LOAD_LOCALS => (0, true),
        Opcode::DELETE_SUBSCR => (2, false),
        Opcode::LIST_TO_TUPLE
        | Opcode::GET_YIELD_FROM_ITER
        | Opcode::GET_AWAITABLE
        | Opcode::GET_AITER
        | Opcode::GET_ANEXT
        | Opcode::ASYNC_GEN_WRAP
        | Opcode::BEFORE_WITH
        | Opcode::BEFORE_ASYNC_WITH
        | Opcode::IMPORT_FROM
        | Opcode::GET_LEN
        | Opcode::MATCH_MAPPING
        | Opcode::MATCH_SEQUENCE => (1, true),
        Opcode::MATCH_KEYS => (2, true),
        Opcode::MATCH_CLASS => (3, true),
        Opcode::IMPORT_NAME => (2, true),
        Opcode::LOAD_ASSERTION_ERROR => (0, true),
        Opcode::CALL_FUNCTION_EX => (3 + (arg & 1), true),
        _ => (arg, false),
    };
    let base = b.spill_top(inputs);
    let ctx = b.ctx;
    let op_arg = b.iconst(i.op as u8 as i64 | (i.arg as i64) << 8);
    let base_v = b.iconst(base as i64);
    let n = b.iconst(inputs as i64);
    let r = b.call(helper::STACK_OP, vec![ctx, op_arg, base_v, n]);
    if i.op == Opcode::RAISE_VARARGS {
        // The helper always raises.
        b.exit(ExitKind::Error, next_pc, "raise");
        return;
    }
    b.check_error(r, next_pc);
    if pushes {
        b.push_val(r, Kind::Obj);
    }
}

/// Raises UnboundLocalError where local `idx` (its value `a`) is unbound: always for `Undef`
/// (then returns false: the block ended), after a NULL test for `Any`.
fn require_bound(b: &mut Builder, a: AVal, idx: u32, next_pc: u32) -> bool {
    match a.kind {
        Kind::Undef => {
            unbound_local(b, idx, next_pc);
            false
        }
        Kind::Any => {
            let zero = b.iconst(0);
            let unbound = b.cmp(Cond::Eq, a.v, zero);
            let raise = b.f.create_block();
            let cont = b.f.create_block();
            b.branch(unbound, raise, cont);
            b.cur = raise;
            unbound_local(b, idx, next_pc);
            b.cur = cont;
            b.reachable = true;
            true
        }
        _ => true,
    }
}

/// Raises UnboundLocalError for local `idx` and leaves through an error exit.
fn unbound_local(b: &mut Builder, idx: u32, next_pc: u32) {
    let ctx = b.ctx;
    let idx = b.iconst(idx as i64);
    b.call(helper::UNBOUND_LOCAL, vec![ctx, idx]);
    b.exit(ExitKind::Error, next_pc, "unbound local");
}

/// A safe point at an instruction boundary (the start of instruction `pc`, with the current
/// state): when work is queued (finalizers of objects freed by compiled code, weakref
/// callbacks, a due collection, a signal), the `safe_point` helper runs it there, as the
/// interpreter does at its instruction boundaries, and compiled code continues; a signal
/// leaves for the interpreter at `pc`, which runs the Python handler. One load and branch
/// when nothing is queued. Placed after instructions that may free an object and at loop
/// back-edges, so Ctrl-C interrupts even a loop that calls nothing.
pub fn safe_point_poll(b: &mut Builder, pc: u32) {
    let flag_addr = b.wconst(&crate::object::alloc::SAFE_POINT_PENDING as *const _ as usize);
    let pending = b.load(Type::Bool, flag_addr, 0);
    let work = b.f.create_block();
    let cont = b.f.create_block();
    b.branch(pending, work, cont);
    b.cur = work;
    let ctx = b.ctx;
    let r = b.call(helper::SAFE_POINT, vec![ctx]);
    let zero = b.iconst(0);
    let go_on = b.cmp(Cond::Ne, r, zero);
    b.guard(go_on, pc, &[], deopt::SAFE_POINT);
    b.emit(Inst::Jump {
        dest: cont,
        args: vec![],
    });
    b.cur = cont;
}

/// Ends the block with a conditional jump of `i`: to its target when `cond == jump_if_true`,
/// else to the next instruction. A backward jump polls for a safe point on its way.
fn cond_jump(b: &mut Builder, cond: Value, jump_if_true: bool, i: &Instr) {
    let mut target = b.edge_to(i.arg);
    let fall = b.edge_to(i.index + 1);
    if i.arg <= i.index {
        let back = b.f.create_block();
        let saved = b.cur;
        b.cur = back;
        safe_point_poll(b, i.arg);
        b.emit(Inst::Jump {
            dest: target,
            args: vec![],
        });
        b.cur = saved;
        target = back;
    }
    let (t, e) = if jump_if_true {
        (target, fall)
    } else {
        (fall, target)
    };
    b.branch(cond, t, e);
    b.reachable = false;
}

/// `LOAD_GLOBAL`: with speculation, the value found now, behind a check that the dict it came
/// from (and, for a builtin, the globals that could shadow it) did not change since. When one
/// did (any global was rebound), the slow path looks the name up and continues if it still
/// finds the same object, deoptimizing only when the name itself was rebound. The compiled
/// function's entry checks that the frame runs with the same namespace dicts.
fn load_global(b: &mut Builder, i: &Instr, pc: u32, next_pc: u32) {
    let ctx = b.ctx;
    let idx = b.iconst(i.arg as i64);
    let Some(g) = speculative_global(b, i.arg) else {
        let v = b.call(helper::LOAD_GLOBAL, vec![ctx, idx]);
        b.check_error(v, next_pc);
        b.push_val(v, Kind::Obj);
        return;
    };
    let voff = dict_version_offset();
    let gw = b.wconst(g.globals);
    let gv = b.load(Type::Int, gw, voff);
    let gv0 = b.int(g.globals_version as i64);
    let mut ok = b.cmp(Cond::Eq, gv, gv0);
    if !g.in_globals {
        let bw = b.wconst(g.builtins);
        let bv = b.load(Type::Int, bw, voff);
        let bv0 = b.int(g.builtins_version as i64);
        let b_ok = b.cmp(Cond::Eq, bv, bv0);
        ok = b.combine(&[ok, b_ok], true);
    }
    let cont = b.f.create_block();
    let slow = b.f.create_block();
    b.branch(ok, cont, slow);
    b.cur = slow;
    let v = b.call(helper::LOAD_GLOBAL, vec![ctx, idx]);
    b.check_error(v, next_pc);
    b.emit(Inst::DecRef(v));
    let want = b.wconst(g.value.word());
    let same = b.cmp(Cond::Eq, v, want);
    b.guard(same, pc, &[], deopt::GLOBALS_CHANGED);
    b.emit(Inst::Jump {
        dest: cont,
        args: vec![],
    });
    b.cur = cont;
    let a = known_value(b, &g.value);
    b.stack.push(a);
}

/// A global speculated on: the value a `LOAD_GLOBAL` finds now and where.
struct SpeculatedGlobal {
    value: crate::object::value::Value,
    in_globals: bool,
    globals: usize,
    builtins: usize,
    globals_version: u64,
    builtins_version: u64,
}

/// The value a `LOAD_GLOBAL` of name `i` finds now, when speculation is allowed and both
/// namespaces are exact dicts.
fn speculative_global(b: &Builder, i: u32) -> Option<SpeculatedGlobal> {
    use crate::object::dict;
    use crate::object::types::DICT_TYPE;
    if !b.speculating() {
        return None;
    }
    let spec = b.spec?;
    if !spec.globals.is_type(&DICT_TYPE) || !spec.builtins.is_type(&DICT_TYPE) {
        return None;
    }
    let name = &b.code.names[i as usize];
    let (value, in_globals) = match dict::lookup_str(spec.globals, name) {
        Some(v) => (v, true),
        None => (dict::lookup_str(spec.builtins, name)?, false),
    };
    Some(SpeculatedGlobal {
        value,
        in_globals,
        globals: spec.globals.word(),
        builtins: spec.builtins.word(),
        globals_version: dict::version(spec.globals),
        builtins_version: dict::version(spec.builtins),
    })
}

/// At an entry of code that speculates on globals: deoptimizes (resuming at `pc`) unless the
/// frame runs with the namespace dicts the code was compiled for. The frame keeps those dicts
/// alive, so the version checks of each `LOAD_GLOBAL` read live memory.
pub fn namespace_guard(b: &mut Builder, pc: u32) {
    let Some(spec) = b.spec else { return };
    let (g_word, b_word) = (spec.globals.word(), spec.builtins.word());
    let ctx = b.ctx;
    let g = b.load(Type::Word, ctx, ctx_offset::GLOBALS);
    let bl = b.load(Type::Word, ctx, ctx_offset::BUILTINS);
    let gw = b.wconst(g_word);
    let bw = b.wconst(b_word);
    let same_g = b.cmp(Cond::Eq, g, gw);
    let same_b = b.cmp(Cond::Eq, bl, bw);
    let ok = b.combine(&[same_g, same_b], true);
    b.guard(ok, pc, &[], deopt::GLOBALS_CHANGED);
}

/// `FOR_ITER`: range iterators advance inline (next/stop/step live in the object); other
/// iterators call the helper. An iterator known to come from `range()` takes only the inline
/// path (its items are small ints), deoptimizing in the rare cases it cannot.
fn for_iter(b: &mut Builder, i: &Instr, pc: u32, next_pc: u32) {
    let it_a = *b.stack.last().expect("iterator");
    let it = it_a.v;
    let known_range = it_a.kind == Kind::RangeIter;
    let ctx = b.ctx;
    let got_item = b.f.create_block();
    let item_kind = if known_range { Kind::Int } else { Kind::Obj };
    let item_param = b.f.append_param(got_item, Type::Word);
    let range_done = b.f.create_block();
    // The helper path (None when only the inline path can run).
    let generic = (!known_range).then(|| b.f.create_block());
    let ty = b.load(Type::Word, it, TYPE_OFFSET);
    let range_ty = b.wconst(&RANGE_ITER_TYPE as *const _ as usize);
    let is_range = b.cmp(Cond::Eq, ty, range_ty);
    match generic {
        None => b.guard(is_range, pc, &[], deopt::NOT_RANGE),
        Some(generic) => {
            let fast = b.f.create_block();
            b.branch(is_range, fast, generic);
            b.cur = fast;
        }
    }
    let (off_next, off_stop, off_step) = crate::object::range::range_iter_offsets();
    let next = b.load(Type::Int, it, off_next);
    let stop = b.load(Type::Int, it, off_stop);
    let step = b.load(Type::Int, it, off_step);
    let zero = b.int(0);
    let up = b.cmp(Cond::Gt, step, zero);
    let below = b.cmp(Cond::Lt, next, stop);
    let above = b.cmp(Cond::Gt, next, stop);
    let more = b.one(
        Inst::Select {
            cond: up,
            a: below,
            b: above,
        },
        Type::Bool,
    );
    let advance = b.f.create_block();
    b.branch(more, advance, range_done);
    b.cur = advance;
    // The item must fit a tagged word.
    let res = b.ovf(OvfOp::Add, next, next, Type::Int);
    match generic {
        None => b.deopt_if(res.1, pc, &[], deopt::NOT_RANGE),
        Some(generic) => {
            let tag_ok = b.f.create_block();
            b.branch(res.1, generic, tag_ok);
            b.cur = tag_ok;
        }
    }
    let adv = b.ovf(OvfOp::Add, next, step, Type::Int);
    let max = b.int(i64::MAX);
    let min = b.int(i64::MIN);
    let sat = b.one(
        Inst::Select {
            cond: up,
            a: max,
            b: min,
        },
        Type::Int,
    );
    let new_next = b.one(
        Inst::Select {
            cond: adv.1,
            a: sat,
            b: adv.0,
        },
        Type::Int,
    );
    b.store(it, off_next, new_next);
    let one_i = b.int(1);
    let tagged = b.bin(IntOp::Or, res.0, one_i, Type::Int);
    let word = b.bitcast(Type::Word, tagged);
    b.emit(Inst::Jump {
        dest: got_item,
        args: vec![word],
    });
    // An exhausted range: pop the iterator and leave the loop.
    b.cur = range_done;
    let saved = b.stack.clone();
    let it_v = b.pop();
    b.decref(it_v);
    b.jump_to(i.arg);
    b.stack = saved.clone();
    if let Some(generic) = generic {
        b.cur = generic;
        b.reachable = true;
        let helper_path = b.f.create_block();
        subscr::list_iter_next(b, it, got_item, helper_path);
        b.cur = helper_path;
        let item = b.call(helper::FOR_ITER, vec![ctx, it]);
        let zero = b.iconst(0);
        let done = b.cmp(Cond::Eq, item, zero);
        let stop = b.f.create_block();
        let got = b.f.create_block();
        b.branch(done, stop, got);
        // Exhausted or raised: the flag tells which.
        b.cur = stop;
        let flag = b.load(Type::Word, ctx, ctx_offset::FLAG);
        let zero = b.iconst(0);
        let raised = b.cmp(Cond::Ne, flag, zero);
        b.branch_exit(raised, ExitKind::Error, next_pc, "exception");
        let it = b.pop();
        b.decref(it);
        b.jump_to(i.arg);
        b.stack = saved;
        b.cur = got;
        b.emit(Inst::Jump {
            dest: got_item,
            args: vec![item],
        });
    }
    b.cur = got_item;
    b.reachable = true;
    if known_range {
        b.push_val(item_param, item_kind);
    } else {
        let a = numeric::refine_result(b, item_param, next_pc);
        b.stack.push(a);
    }
}
