//! `_opcode`, CPython's accelerator under `opcode` and `dis`: `stack_effect` for CPython
//! 3.11's instruction set (the numbering of `Lib/opcode.py`, and the compiler's pseudo
//! instructions, which 3.11 numbers below zero). Heron's own bytecode has a different
//! instruction set; this module describes CPython's, which is what `dis.stack_effect` callers
//! pass.

use crate::object::error::{Args, PyResult};
use crate::object::exception::{overflow_error, type_error, value_error};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// CPython 3.11's instruction numbers (`Lib/opcode.py`); the compiler's pseudo instructions
/// are numbered below zero.
const CACHE: i32 = 0;
const POP_TOP: i32 = 1;
const PUSH_NULL: i32 = 2;
const NOP: i32 = 9;
const UNARY_POSITIVE: i32 = 10;
const UNARY_NEGATIVE: i32 = 11;
const UNARY_NOT: i32 = 12;
const UNARY_INVERT: i32 = 15;
const BINARY_SUBSCR: i32 = 25;
const GET_LEN: i32 = 30;
const MATCH_MAPPING: i32 = 31;
const MATCH_SEQUENCE: i32 = 32;
const MATCH_KEYS: i32 = 33;
const PUSH_EXC_INFO: i32 = 35;
const CHECK_EXC_MATCH: i32 = 36;
const CHECK_EG_MATCH: i32 = 37;
const WITH_EXCEPT_START: i32 = 49;
const GET_AITER: i32 = 50;
const GET_ANEXT: i32 = 51;
const BEFORE_ASYNC_WITH: i32 = 52;
const BEFORE_WITH: i32 = 53;
const END_ASYNC_FOR: i32 = 54;
const STORE_SUBSCR: i32 = 60;
const DELETE_SUBSCR: i32 = 61;
const GET_ITER: i32 = 68;
const GET_YIELD_FROM_ITER: i32 = 69;
const PRINT_EXPR: i32 = 70;
const LOAD_BUILD_CLASS: i32 = 71;
const LOAD_ASSERTION_ERROR: i32 = 74;
const RETURN_GENERATOR: i32 = 75;
const LIST_TO_TUPLE: i32 = 82;
const RETURN_VALUE: i32 = 83;
const IMPORT_STAR: i32 = 84;
const SETUP_ANNOTATIONS: i32 = 85;
const YIELD_VALUE: i32 = 86;
const ASYNC_GEN_WRAP: i32 = 87;
const PREP_RERAISE_STAR: i32 = 88;
const POP_EXCEPT: i32 = 89;
const STORE_NAME: i32 = 90;
const DELETE_NAME: i32 = 91;
const UNPACK_SEQUENCE: i32 = 92;
const FOR_ITER: i32 = 93;
const UNPACK_EX: i32 = 94;
const STORE_ATTR: i32 = 95;
const DELETE_ATTR: i32 = 96;
const STORE_GLOBAL: i32 = 97;
const DELETE_GLOBAL: i32 = 98;
const SWAP: i32 = 99;
const LOAD_CONST: i32 = 100;
const LOAD_NAME: i32 = 101;
const BUILD_TUPLE: i32 = 102;
const BUILD_LIST: i32 = 103;
const BUILD_SET: i32 = 104;
const BUILD_MAP: i32 = 105;
const LOAD_ATTR: i32 = 106;
const COMPARE_OP: i32 = 107;
const IMPORT_NAME: i32 = 108;
const IMPORT_FROM: i32 = 109;
const JUMP_FORWARD: i32 = 110;
const JUMP_IF_FALSE_OR_POP: i32 = 111;
const JUMP_IF_TRUE_OR_POP: i32 = 112;
const POP_JUMP_FORWARD_IF_FALSE: i32 = 114;
const POP_JUMP_FORWARD_IF_TRUE: i32 = 115;
const LOAD_GLOBAL: i32 = 116;
const IS_OP: i32 = 117;
const CONTAINS_OP: i32 = 118;
const RERAISE: i32 = 119;
const COPY: i32 = 120;
const BINARY_OP: i32 = 122;
const SEND: i32 = 123;
const LOAD_FAST: i32 = 124;
const STORE_FAST: i32 = 125;
const DELETE_FAST: i32 = 126;
const POP_JUMP_FORWARD_IF_NOT_NONE: i32 = 128;
const POP_JUMP_FORWARD_IF_NONE: i32 = 129;
const RAISE_VARARGS: i32 = 130;
const GET_AWAITABLE: i32 = 131;
const MAKE_FUNCTION: i32 = 132;
const BUILD_SLICE: i32 = 133;
const JUMP_BACKWARD_NO_INTERRUPT: i32 = 134;
const MAKE_CELL: i32 = 135;
const LOAD_CLOSURE: i32 = 136;
const LOAD_DEREF: i32 = 137;
const STORE_DEREF: i32 = 138;
const DELETE_DEREF: i32 = 139;
const JUMP_BACKWARD: i32 = 140;
const CALL_FUNCTION_EX: i32 = 142;
const EXTENDED_ARG: i32 = 144;
const LIST_APPEND: i32 = 145;
const SET_ADD: i32 = 146;
const MAP_ADD: i32 = 147;
const LOAD_CLASSDEREF: i32 = 148;
const COPY_FREE_VARS: i32 = 149;
const RESUME: i32 = 151;
const MATCH_CLASS: i32 = 152;
const FORMAT_VALUE: i32 = 155;
const BUILD_CONST_KEY_MAP: i32 = 156;
const BUILD_STRING: i32 = 157;
const LOAD_METHOD: i32 = 160;
const LIST_EXTEND: i32 = 162;
const SET_UPDATE: i32 = 163;
const DICT_MERGE: i32 = 164;
const DICT_UPDATE: i32 = 165;
const PRECALL: i32 = 166;
const CALL: i32 = 171;
const KW_NAMES: i32 = 172;
const POP_JUMP_BACKWARD_IF_NOT_NONE: i32 = 173;
const POP_JUMP_BACKWARD_IF_NONE: i32 = 174;
const POP_JUMP_BACKWARD_IF_FALSE: i32 = 175;
const POP_JUMP_BACKWARD_IF_TRUE: i32 = 176;
const SETUP_FINALLY: i32 = -1;
const SETUP_CLEANUP: i32 = -2;
const SETUP_WITH: i32 = -3;
const POP_BLOCK: i32 = -4;
const JUMP: i32 = -5;
const JUMP_NO_INTERRUPT: i32 = -6;
const POP_JUMP_IF_FALSE: i32 = -7;
const POP_JUMP_IF_TRUE: i32 = -8;
const POP_JUMP_IF_NONE: i32 = -9;
const POP_JUMP_IF_NOT_NONE: i32 = -10;

/// `opcode.HAVE_ARGUMENT`: instructions numbered from here on take an argument.
const HAVE_ARGUMENT: i32 = 90;

/// `FORMAT_VALUE`'s flag for a format spec on the stack (`FVS_HAVE_SPEC`).
const FVS_HAVE_SPEC: i32 = 0x4;

/// The stack effect of CPython 3.11's instruction `op` with argument `arg`; `jump` is 1 for
/// the branch taken, 0 for the one not taken and -1 for the larger of the two (CPython's
/// `stack_effect` in `Python/compile.c`). None for a number that names no instruction.
fn stack_effect(op: i32, arg: i32, jump: i32) -> Option<i32> {
    let taken = jump > 0;
    Some(match op {
        NOP | EXTENDED_ARG | RESUME | CACHE => 0,
        POP_TOP => -1,
        SWAP => 0,
        UNARY_POSITIVE | UNARY_NEGATIVE | UNARY_NOT | UNARY_INVERT => 0,
        SET_ADD | LIST_APPEND => -1,
        MAP_ADD => -2,
        BINARY_SUBSCR => -1,
        STORE_SUBSCR => -3,
        DELETE_SUBSCR => -2,
        GET_ITER => 0,
        PRINT_EXPR => -1,
        LOAD_BUILD_CLASS => 1,
        RETURN_VALUE | IMPORT_STAR => -1,
        SETUP_ANNOTATIONS | ASYNC_GEN_WRAP | YIELD_VALUE => 0,
        POP_BLOCK => 0,
        POP_EXCEPT | STORE_NAME => -1,
        DELETE_NAME => 0,
        UNPACK_SEQUENCE => arg.wrapping_sub(1),
        UNPACK_EX => (arg & 0xff) + (arg >> 8),
        // -1 at the end of the iterator, 1 while it continues.
        FOR_ITER => {
            if taken {
                -1
            } else {
                1
            }
        }
        SEND => {
            if taken {
                -1
            } else {
                0
            }
        }
        STORE_ATTR => -2,
        DELETE_ATTR | STORE_GLOBAL => -1,
        DELETE_GLOBAL => 0,
        LOAD_CONST | LOAD_NAME => 1,
        BUILD_TUPLE | BUILD_LIST | BUILD_SET | BUILD_STRING => 1i32.wrapping_sub(arg),
        BUILD_MAP => 1i32.wrapping_sub(arg.wrapping_mul(2)),
        BUILD_CONST_KEY_MAP => arg.wrapping_neg(),
        LOAD_ATTR => 0,
        COMPARE_OP | IS_OP | CONTAINS_OP => -1,
        CHECK_EXC_MATCH | CHECK_EG_MATCH => 0,
        IMPORT_NAME => -1,
        IMPORT_FROM => 1,
        JUMP_FORWARD | JUMP_BACKWARD | JUMP | JUMP_BACKWARD_NO_INTERRUPT | JUMP_NO_INTERRUPT => 0,
        // Any jump argument but 0 (False) counts as the jump taken.
        JUMP_IF_TRUE_OR_POP | JUMP_IF_FALSE_OR_POP => {
            if jump != 0 {
                0
            } else {
                -1
            }
        }
        POP_JUMP_BACKWARD_IF_NONE
        | POP_JUMP_FORWARD_IF_NONE
        | POP_JUMP_IF_NONE
        | POP_JUMP_BACKWARD_IF_NOT_NONE
        | POP_JUMP_FORWARD_IF_NOT_NONE
        | POP_JUMP_IF_NOT_NONE
        | POP_JUMP_FORWARD_IF_FALSE
        | POP_JUMP_BACKWARD_IF_FALSE
        | POP_JUMP_IF_FALSE
        | POP_JUMP_FORWARD_IF_TRUE
        | POP_JUMP_BACKWARD_IF_TRUE
        | POP_JUMP_IF_TRUE => -1,
        // The low bit asks for a NULL as well.
        LOAD_GLOBAL => (arg & 1) + 1,
        SETUP_FINALLY => i32::from(jump != 0),
        // As SETUP_FINALLY, and pushes lasti.
        SETUP_CLEANUP => {
            if jump != 0 {
                2
            } else {
                0
            }
        }
        SETUP_WITH => i32::from(jump != 0),
        PREP_RERAISE_STAR | RERAISE => -1,
        PUSH_EXC_INFO | WITH_EXCEPT_START | LOAD_FAST => 1,
        STORE_FAST => -1,
        DELETE_FAST | RETURN_GENERATOR => 0,
        RAISE_VARARGS | PRECALL => arg.wrapping_neg(),
        KW_NAMES => 0,
        CALL => -1,
        CALL_FUNCTION_EX => -2 - i32::from(arg & 0x01 != 0),
        // MAKE_FUNCTION: one value per flag (defaults, kwdefaults, annotations, closure).
        MAKE_FUNCTION => -((0..4).filter(|bit| arg & (1 << bit) != 0).count() as i32),
        BUILD_SLICE => {
            if arg == 3 {
                -2
            } else {
                -1
            }
        }
        MAKE_CELL | COPY_FREE_VARS => 0,
        LOAD_CLOSURE | LOAD_DEREF | LOAD_CLASSDEREF => 1,
        STORE_DEREF => -1,
        DELETE_DEREF | GET_AWAITABLE => 0,
        BEFORE_ASYNC_WITH | BEFORE_WITH => 1,
        GET_AITER => 0,
        GET_ANEXT => 1,
        GET_YIELD_FROM_ITER => 0,
        END_ASYNC_FOR => -2,
        // FORMAT_VALUE: a format spec on the stack makes it 2 -> 1, else 1 -> 1.
        FORMAT_VALUE => {
            if arg & FVS_HAVE_SPEC == FVS_HAVE_SPEC {
                -1
            } else {
                0
            }
        }
        LOAD_METHOD | LOAD_ASSERTION_ERROR => 1,
        LIST_TO_TUPLE => 0,
        LIST_EXTEND | SET_UPDATE | DICT_MERGE | DICT_UPDATE => -1,
        MATCH_CLASS => -2,
        GET_LEN | MATCH_MAPPING | MATCH_SEQUENCE | MATCH_KEYS | COPY | PUSH_NULL => 1,
        BINARY_OP => -1,
        _ => return None,
    })
}

/// An int argument as Argument Clinic's `int` converter reads it.
fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let i = vm
        .index_i64(v)
        .map_err(|e| match e.0.ty().name().as_str() {
            "OverflowError" => overflow_error("Python int too large to convert to C int"),
            _ => e,
        })?;
    i32::try_from(i).map_err(|_| overflow_error("Python int too large to convert to C int"))
}

/// `_opcode.stack_effect(opcode, oparg=None, /, *, jump=None)`.
fn stack_effect_fn(vm: &mut Vm, args: Args) -> PyResult {
    let given = args.positional().len();
    if given > 2 {
        return Err(type_error(format!(
            "stack_effect() takes at most 2 positional arguments ({given} given)"
        )));
    }
    let b = args.bind_posonly("stack_effect", &["opcode", "oparg", "jump"], 2, 1)?;
    let op = c_int(vm, b[0].as_ref().expect("opcode"))?;
    let oparg = b[1].clone().filter(|v| !v.is_none());
    let arg = if op >= HAVE_ARGUMENT {
        let Some(v) = oparg else {
            return Err(value_error(
                "stack_effect: opcode requires oparg but oparg was not specified",
            ));
        };
        // CPython reads a C long and keeps its low 32 bits.
        let long = vm
            .index_i64(&v)
            .map_err(|e| match e.0.ty().name().as_str() {
                "OverflowError" => overflow_error("Python int too large to convert to C long"),
                _ => e,
            })?;
        long as i32
    } else {
        if oparg.is_some() {
            return Err(value_error(
                "stack_effect: opcode does not permit oparg but oparg was specified",
            ));
        }
        0
    };
    let jump = match &b[2] {
        None => -1,
        Some(v) if v.is_none() => -1,
        Some(v) if v.is(&types::bool_value(true)) => 1,
        Some(v) if v.is(&types::bool_value(false)) => 0,
        Some(_) => {
            return Err(value_error(
                "stack_effect: jump must be False, True or None",
            ))
        }
    };
    stack_effect(op, arg, jump)
        .map(|e| int::from_i64(e as i64))
        .ok_or_else(|| value_error("invalid opcode or oparg"))
}

/// Creates the `_opcode` module.
pub fn new_module(_vm: &mut Vm) -> PyResult {
    let m = module::new_module("_opcode");
    super::add_functions(&m, &[("stack_effect", stack_effect_fn)]);
    Ok(m)
}
