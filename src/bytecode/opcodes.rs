//! Every opcode, defined once.
//!
//! `for_each_opcode!` lists each instruction with its operand kind, the stack depth it needs,
//! its stack effect and flags; the `Opcode` enum, decoding, names for `dis`, stack-depth
//! analysis and (later) the JIT front end's per-opcode tables are all expanded from it, so an
//! opcode cannot be forgotten anywhere.
//!
//! Encoding: two bytes per instruction, `[opcode, arg]`, as CPython's `co_code`; an argument
//! wider than 8 bits is preceded by `EXTENDED_ARG` units carrying its high bytes. Jump arguments
//! are absolute targets counted in instructions (code units), not bytes.
//!
//! Needs are `fn(arg) -> i64`: how many values the instruction pops or reads (its stack
//! picture's inputs). Stack effects are `fn(arg, jump) -> i32`: the net change in stack depth
//! when the instruction falls through (`jump == false`) or takes its branch (`jump == true`).
//! Stack pictures below list the stack bottom to top; `NULL` is the call sentinel.

/// What an instruction's argument means (drives `dis` and the JIT front end).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Operand {
    /// No argument (the arg byte is 0).
    None,
    /// Index into `co_consts`.
    Const,
    /// Index into `co_names`.
    Name,
    /// Index into `co_varnames` (fast locals).
    Local,
    /// Index into `co_cellvars + co_freevars`.
    Deref,
    /// Absolute jump target, in instructions.
    Jump,
    /// A count (items, arguments).
    Count,
    /// A value stack position counted from the top, at least 1 (1: the top).
    Depth,
    /// A `BinaryOperator` index.
    BinaryOp,
    /// A `CompareOperator` index.
    CompareOp,
    /// Bit flags or a small selector whose meaning the instruction documents.
    Flags,
}

/// Instruction flags.
pub mod opflags {
    /// Has a jump target operand.
    pub const JUMP: u8 = 1;
    /// Control never falls through to the next instruction.
    pub const NO_FALLTHROUGH: u8 = 2;
    /// Can leave the frame by raising.
    pub const MAY_RAISE: u8 = 4;
    /// Specializes itself (has specialized forms and an inline cache).
    pub const ADAPTIVE: u8 = 8;
    /// A superinstruction: runs this instruction and the next.
    pub const SUPER: u8 = 16;
}

/// The table. Each row: `NAME(operand, needs, effect, flags) "doc";`
#[macro_export]
macro_rules! for_each_opcode {
    ($m:ident) => {
        $m! {
            /// Does nothing (a line marker or a placeholder).
            NOP(None, |_| 0, |_, _| 0, 0);
            /// `x --`
            POP_TOP(None, |_| 1, |_, _| -1, 0);
            /// `-- NULL`: the "no self" marker before a call's arguments.
            PUSH_NULL(None, |_| 0, |_, _| 1, 0);
            /// `-- co_consts[arg]`
            LOAD_CONST(Const, |_| 0, |_, _| 1, 0);
            /// `-- local`; raises UnboundLocalError if unset.
            LOAD_FAST(Local, |_| 0, |_, _| 1, MAY_RAISE);
            /// `x --` into a local.
            STORE_FAST(Local, |_| 1, |_, _| -1, 0);
            /// Unbinds a local; UnboundLocalError if unset.
            DELETE_FAST(Local, |_| 0, |_, _| 0, MAY_RAISE);
            /// `-- value` by name: locals dict, then globals, then builtins.
            LOAD_NAME(Name, |_| 0, |_, _| 1, MAY_RAISE);
            /// `x --` into the locals dict.
            STORE_NAME(Name, |_| 1, |_, _| -1, MAY_RAISE);
            DELETE_NAME(Name, |_| 0, |_, _| 0, MAY_RAISE);
            /// `-- value` from globals, then builtins.
            LOAD_GLOBAL(Name, |_| 0, |_, _| 1, MAY_RAISE);
            STORE_GLOBAL(Name, |_| 1, |_, _| -1, MAY_RAISE);
            DELETE_GLOBAL(Name, |_| 0, |_, _| 0, MAY_RAISE);
            /// `-- cell contents`; NameError/UnboundLocalError if empty.
            LOAD_DEREF(Deref, |_| 0, |_, _| 1, MAY_RAISE);
            /// In a class body: the locals dict first, then the cell.
            LOAD_CLASSDEREF(Deref, |_| 0, |_, _| 1, MAY_RAISE);
            /// `x --` into a cell.
            STORE_DEREF(Deref, |_| 1, |_, _| -1, 0);
            DELETE_DEREF(Deref, |_| 0, |_, _| 0, MAY_RAISE);
            /// `-- cell` (the cell object itself, to build a closure).
            LOAD_CLOSURE(Deref, |_| 0, |_, _| 1, 0);
            /// `obj -- obj.name`
            LOAD_ATTR(Name, |_| 1, |_, _| 0, MAY_RAISE | ADAPTIVE);
            /// `value obj --` sets obj.name = value.
            STORE_ATTR(Name, |_| 2, |_, _| -2, MAY_RAISE | ADAPTIVE);
            /// `obj --`
            DELETE_ATTR(Name, |_| 1, |_, _| -1, MAY_RAISE);
            /// `obj -- method obj` when `obj.name` is a plain method, else `obj.name NULL`...
            /// laid out so that `CALL` sees `callable self_or_null args`.
            LOAD_METHOD(Name, |_| 1, |_, _| 1, MAY_RAISE | ADAPTIVE);
            /// `container key -- container[key]`
            BINARY_SUBSCR(None, |_| 2, |_, _| -1, MAY_RAISE | ADAPTIVE);
            /// `value container key --` sets container[key] = value.
            STORE_SUBSCR(None, |_| 3, |_, _| -3, MAY_RAISE | ADAPTIVE);
            /// `container key --`
            DELETE_SUBSCR(None, |_| 2, |_, _| -2, MAY_RAISE);
            /// `start stop [step] -- slice`; arg is 2 or 3.
            BUILD_SLICE(Count, |a| a, |a, _| 1 - a, 0);
            /// `lhs rhs -- result`; arg is a `BinaryOperator` (13+ are in-place forms).
            BINARY_OP(BinaryOp, |_| 2, |_, _| -1, MAY_RAISE | ADAPTIVE);
            UNARY_POSITIVE(None, |_| 1, |_, _| 0, MAY_RAISE);
            UNARY_NEGATIVE(None, |_| 1, |_, _| 0, MAY_RAISE);
            UNARY_NOT(None, |_| 1, |_, _| 0, MAY_RAISE);
            UNARY_INVERT(None, |_| 1, |_, _| 0, MAY_RAISE);
            /// `lhs rhs -- result`; arg is a `CompareOperator`.
            COMPARE_OP(CompareOp, |_| 2, |_, _| -1, MAY_RAISE);
            /// `lhs rhs -- bool`: `is` (arg 0) or `is not` (arg 1).
            IS_OP(Flags, |_| 2, |_, _| -1, 0);
            /// `item container -- bool`: `in` (arg 0) or `not in` (arg 1).
            CONTAINS_OP(Flags, |_| 2, |_, _| -1, MAY_RAISE);
            /// Unconditional jump to arg.
            JUMP(Jump, |_| 0, |_, _| 0, JUMP | NO_FALLTHROUGH);
            /// `x --` jump if x is false.
            POP_JUMP_IF_FALSE(Jump, |_| 1, |_, _| -1, JUMP | MAY_RAISE);
            /// `x --` jump if x is true.
            POP_JUMP_IF_TRUE(Jump, |_| 1, |_, _| -1, JUMP | MAY_RAISE);
            /// `x --` jump if x is None.
            POP_JUMP_IF_NONE(Jump, |_| 1, |_, _| -1, JUMP);
            /// `x --` jump if x is not None.
            POP_JUMP_IF_NOT_NONE(Jump, |_| 1, |_, _| -1, JUMP);
            /// `x -- x` and jump if x is false, else `x --`.
            JUMP_IF_FALSE_OR_POP(Jump, |_| 1, |_, j| if j { 0 } else { -1 }, JUMP | MAY_RAISE);
            /// `x -- x` and jump if x is true, else `x --`.
            JUMP_IF_TRUE_OR_POP(Jump, |_| 1, |_, j| if j { 0 } else { -1 }, JUMP | MAY_RAISE);
            /// `iterable -- iterator`
            GET_ITER(None, |_| 1, |_, _| 0, MAY_RAISE);
            /// `iterator -- iterator next`; when exhausted pops the iterator and jumps to arg.
            FOR_ITER(Jump, |_| 1, |_, j| if j { -1 } else { 1 }, JUMP | MAY_RAISE | ADAPTIVE);
            /// `items[arg] -- tuple`
            BUILD_TUPLE(Count, |a| a, |a, _| 1 - a, 0);
            BUILD_LIST(Count, |a| a, |a, _| 1 - a, 0);
            BUILD_SET(Count, |a| a, |a, _| 1 - a, MAY_RAISE);
            /// `k1 v1 ... kn vn -- dict`
            BUILD_MAP(Count, |a| 2 * a, |a, _| 1 - 2 * a, MAY_RAISE);
            /// `v1 ... vn keys_tuple -- dict`
            BUILD_CONST_KEY_MAP(Count, |a| a + 1, |a, _| -a, MAY_RAISE);
            /// `s1 ... sn -- concatenated str`
            BUILD_STRING(Count, |a| a, |a, _| 1 - a, 0);
            /// `list ... x -- list ...`: appends x to the list arg slots below (comprehensions).
            LIST_APPEND(Depth, |a| a + 1, |_, _| -1, 0);
            SET_ADD(Depth, |a| a + 1, |_, _| -1, MAY_RAISE);
            /// `dict ... key value -- dict ...`
            MAP_ADD(Depth, |a| a + 2, |_, _| -2, MAY_RAISE);
            /// `list ... iterable -- list ...` (extend)
            LIST_EXTEND(Depth, |a| a + 1, |_, _| -1, MAY_RAISE);
            SET_UPDATE(Depth, |a| a + 1, |_, _| -1, MAY_RAISE);
            /// `dict ... mapping -- dict ...` (`{**m}`)
            DICT_UPDATE(Depth, |a| a + 1, |_, _| -1, MAY_RAISE);
            /// Like DICT_UPDATE but a repeated key is a TypeError (`f(**a, **b)`).
            DICT_MERGE(Depth, |a| a + 1, |_, _| -1, MAY_RAISE);
            /// `list -- tuple`
            LIST_TO_TUPLE(None, |_| 1, |_, _| 0, 0);
            /// `seq -- item_n-1 ... item_0` (last item deepest... first item on top).
            UNPACK_SEQUENCE(Count, |_| 1, |a, _| a - 1, MAY_RAISE | ADAPTIVE);
            /// `seq -- after... list before...`: arg = before | (after << 8).
            UNPACK_EX(Flags, |_| 1, |a, _| (a & 0xff) + (a >> 8), MAY_RAISE);
            /// `value [spec] -- str`: arg & 3 is the conversion (0 none, 1 str, 2 repr,
            /// 3 ascii); arg & 4 means a format spec is on the stack.
            FORMAT_VALUE(Flags, |a| 1 + (a & 4 != 0) as i64,
                |a, _| if a & 4 != 0 { -1 } else { 0 }, MAY_RAISE);
            /// `value --` returns from the frame.
            RETURN_VALUE(None, |_| 1, |_, _| -1, NO_FALLTHROUGH);
            /// `value -- sent` suspends a generator, yielding value.
            YIELD_VALUE(None, |_| 1, |_, _| 0, 0);
            /// `iterable -- iterator` (generators pass through).
            GET_YIELD_FROM_ITER(None, |_| 1, |_, _| 0, MAY_RAISE);
            /// `iterator value -- iterator yielded` and fall through, or when the subiterator
            /// returns `iterator value -- result` and jump to arg.
            SEND(Jump, |_| 2, |_, j| if j { -1 } else { 0 }, JUMP | MAY_RAISE);
            /// `x -- awaitable`: x itself for a coroutine, else `type(x).__await__(x)`; arg says
            /// where for error messages (0 `await`, 1 after `__aenter__`, 2 after `__aexit__`).
            GET_AWAITABLE(Flags, |_| 1, |_, _| 0, MAY_RAISE);
            /// `x -- aiter`: `type(x).__aiter__(x)` (`async for`).
            GET_AITER(None, |_| 1, |_, _| 0, MAY_RAISE);
            /// `aiter -- aiter awaitable`: the awaitable of `aiter.__anext__()`.
            GET_ANEXT(None, |_| 1, |_, _| 1, MAY_RAISE);
            /// `aiter exc --`: the end of an `async for` (exc is StopAsyncIteration), else
            /// re-raises exc (exception handler code only).
            END_ASYNC_FOR(None, |_| 2, |_, _| -2, MAY_RAISE);
            /// `mgr -- bound_aexit aenter_result`: `async with` set-up.
            BEFORE_ASYNC_WITH(None, |_| 1, |_, _| 1, MAY_RAISE);
            /// `value -- wrapped`: marks a value an async generator yields to its consumer (as
            /// opposed to what an `await` inside it passes through).
            ASYNC_GEN_WRAP(None, |_| 1, |_, _| 0, 0);
            /// `[defaults] [kwdefaults] [annotations] [closure] code -- function`;
            /// arg bits: 1 defaults tuple, 2 kwdefaults dict, 4 annotations, 8 closure tuple.
            MAKE_FUNCTION(Flags, |a| 1 + (a & 15).count_ones() as i64,
                |a, _| -((a & 1 != 0) as i32 + (a & 2 != 0) as i32
                + (a & 4 != 0) as i32 + (a & 8 != 0) as i32), 0);
            /// `-- __build_class__`
            LOAD_BUILD_CLASS(None, |_| 0, |_, _| 1, MAY_RAISE);
            /// Creates `__annotations__` in the locals dict if missing.
            SETUP_ANNOTATIONS(None, |_| 0, |_, _| 0, MAY_RAISE);
            /// `callable self_or_null args[arg] -- result`
            CALL(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE | ADAPTIVE);
            /// `callable self_or_null args[arg] kwnames -- result`: the last len(kwnames)
            /// arguments are passed by keyword.
            CALL_KW(Count, |a| a + 3, |a, _| -2 - a, MAY_RAISE);
            /// `callable self_or_null args_tuple [kwargs_dict] -- result`; arg & 1: kwargs.
            CALL_FUNCTION_EX(Flags, |a| 3 + (a & 1), |a, _| -2 - (a & 1), MAY_RAISE);
            /// `level fromlist -- module` imports co_names[arg].
            IMPORT_NAME(Name, |_| 2, |_, _| -1, MAY_RAISE);
            /// `module -- module attr`
            IMPORT_FROM(Name, |_| 1, |_, _| 1, MAY_RAISE);
            /// `module --` copies public names into the locals dict.
            IMPORT_STAR(None, |_| 1, |_, _| -1, MAY_RAISE);
            /// arg 0: re-raise the handled exception; 1: `exc --` raise; 2: `exc cause --`.
            RAISE_VARARGS(Count, |a| a, |a, _| -a, NO_FALLTHROUGH | MAY_RAISE);
            /// `exc --` re-raises exc; with arg != 0, first sets the frame's lasti from the item arg
            /// places below exc (as CPython 3.11).
            RERAISE(Flags, |_| 1, |_, _| -1, NO_FALLTHROUGH | MAY_RAISE);
            /// `exc -- prev_exc exc`: makes exc the handled exception.
            PUSH_EXC_INFO(None, |_| 1, |_, _| 1, 0);
            /// `prev_exc --` restores the previously handled exception.
            POP_EXCEPT(None, |_| 1, |_, _| -1, 0);
            /// `exc type -- exc bool`
            CHECK_EXC_MATCH(None, |_| 2, |_, _| 0, MAY_RAISE);
            /// `exc type -- rest match` for `except*`.
            CHECK_EG_MATCH(None, |_| 2, |_, _| 0, MAY_RAISE);
            /// `exit lasti prev_exc exc -- exit lasti prev_exc exc result`: calls
            /// `exit(type, exc, tb)`.
            WITH_EXCEPT_START(None, |_| 4, |_, _| 1, MAY_RAISE);
            /// `manager -- exit enter_result`
            BEFORE_WITH(None, |_| 1, |_, _| 1, MAY_RAISE);
            /// `-- AssertionError`
            LOAD_ASSERTION_ERROR(None, |_| 0, |_, _| 1, 0);
            /// `... x (arg-1 more) -- ... x ... x`: pushes a copy of the arg-th item from the top.
            COPY(Depth, |a| a, |_, _| 1, 0);
            /// Swaps the top with the arg-th item from the top.
            SWAP(Depth, |a| a, |_, _| 0, 0);
            /// `value --` prints repr(value) in the interactive loop (sys.displayhook).
            PRINT_EXPR(None, |_| 1, |_, _| -1, MAY_RAISE);
            /// `-- locals dict`
            LOAD_LOCALS(None, |_| 0, |_, _| 1, 0);
            /// `subject -- subject len(subject)`
            GET_LEN(None, |_| 1, |_, _| 1, MAY_RAISE);
            /// `subject -- subject bool`: is subject a mapping (for `match`).
            MATCH_MAPPING(None, |_| 1, |_, _| 1, 0);
            /// `subject -- subject bool`: is subject a sequence (not str/bytes).
            MATCH_SEQUENCE(None, |_| 1, |_, _| 1, 0);
            /// `subject keys -- subject keys values_or_None`
            MATCH_KEYS(None, |_| 2, |_, _| 1, MAY_RAISE);
            /// `subject cls names -- attrs_tuple_or_None`; arg = positional pattern count.
            MATCH_CLASS(Count, |_| 3, |_, _| -2, MAY_RAISE);
            /// High byte(s) of the next instruction's argument.
            EXTENDED_ARG(Flags, |_| 0, |_, _| 0, 0);
            /// `orig_exc_group raised_list -- exc_or_None` (end of `try/except*`, as CPython
            /// 3.11): `raised_list` holds the exceptions raised or re-raised by the `except*`
            /// clauses plus, last, the unmatched rest of the group (or None). Pushes None when
            /// nothing is left to raise, else the exception to re-raise: the parts of `orig`
            /// that were re-raised unchanged (as a group derived from `orig`, keeping its
            /// structure) combined with the newly raised ones into an `ExceptionGroup("", ...)`
            /// (a single exception if only one remains).
            PREP_RERAISE_STAR(None, |_| 2, |_, _| -1, MAY_RAISE);
            /// Never in `co_code`: the unit after the last instruction and every unit of code
            /// that failed `bytecode::units`'s checks; raises SystemError. Being an opcode, it
            /// lets the eval loop dispatch on any unit without a range check.
            TRAP(None, |_| 0, |_, _| 0, MAY_RAISE | NO_FALLTHROUGH);

            // Specialized forms (PEP 659): the eval loop rewrites an `ADAPTIVE` instruction
            // into one of these once it has seen what the instruction operates on, and back
            // when the guess stops holding (`vm::specialize`). They appear only in the
            // interpreter's units, never in `co_code`; each behaves exactly as its family's
            // base instruction, whose operand and stack effect it shares.

            /// `obj -- obj.name` for an instance of the cached class (version tag) and shape,
            /// which keeps name in the cached value cell.
            LOAD_ATTR_INSTANCE(Name, |_| 1, |_, _| 0, MAY_RAISE) of LOAD_ATTR;
            /// `module -- module.name` for a plain module whose dict holds name at the cached
            /// index.
            LOAD_ATTR_MODULE(Name, |_| 1, |_, _| 0, MAY_RAISE) of LOAD_ATTR;
            /// `obj -- obj.name` for an instance of the cached class (version tag) and shape
            /// (without name), whose class holds name as a value of a built-in type that is
            /// no descriptor (the cached object).
            LOAD_ATTR_CLASS(Name, |_| 1, |_, _| 0, MAY_RAISE) of LOAD_ATTR;
            /// `obj -- obj.name` for an instance of the cached class (version tag), whose class
            /// holds name as an exact `property` (the cached object) with a Python function
            /// of one parameter as its getter: the getter's frame runs in this eval loop (no
            /// nested `execute`), and its return gives the attribute.
            LOAD_ATTR_PROPERTY(Name, |_| 1, |_, _| 0, MAY_RAISE) of LOAD_ATTR;
            /// `value obj --` for an instance of the cached class and shape, which keeps name
            /// in the cached value cell (replaces the value there).
            STORE_ATTR_INSTANCE(Name, |_| 2, |_, _| -2, MAY_RAISE) of STORE_ATTR;
            /// `value obj --` for an instance of the cached class and shape, which lacks name:
            /// adds it, moving the instance to the child shape (an `__init__`'s stores).
            STORE_ATTR_ADD(Name, |_| 2, |_, _| -2, MAY_RAISE) of STORE_ATTR;
            /// `obj -- method obj` for an instance of the cached class (version tag), where
            /// name is the cached plain method and the instance's shape (cached too) has no
            /// attribute of that name to shadow it.
            LOAD_METHOD_CACHED(Name, |_| 1, |_, _| 1, MAY_RAISE) of LOAD_METHOD;
            /// `module -- function NULL` for a plain module whose dict holds name at the
            /// cached index.
            LOAD_METHOD_MODULE(Name, |_| 1, |_, _| 1, MAY_RAISE) of LOAD_METHOD;
            /// `cls NULL args[arg] -- instance` for the cached class (version tag), whose
            /// instances `object.__new__` makes and whose `__init__` is a Python function: makes
            /// the instance and runs `__init__` in the same eval loop (no nested `execute`);
            /// its return gives the instance.
            CALL_ALLOC_AND_ENTER_INIT(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE) of CALL;
            /// `func NULL args[arg] --` (or `func self args[arg-1]`) for a Python function
            /// whose parameters the arguments fill exactly: they move into a cached frame's
            /// locals and the frame runs in this loop.
            CALL_PY_EXACT_ARGS(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE) of CALL;
            /// `method NULL args[arg] --` for a bound method of a Python function taking
            /// exactly self and the arguments: self goes into the NULL slot, then as
            /// `CALL_PY_EXACT_ARGS`.
            CALL_BOUND_METHOD_EXACT_ARGS(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE) of CALL;
            /// `func NULL args[arg] -- generator` (or `func self args[arg-1]`) for a generator
            /// or coroutine function whose positional parameters the arguments fill exactly:
            /// binds them in the new object's frame, which runs only when it is resumed.
            CALL_PY_GENERATOR(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE) of CALL;
            /// `builtin NULL args[arg] --` (or a built-in type's method with its self) for a
            /// function written in Rust: called with the arguments in place on the stack.
            CALL_BUILTIN(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE) of CALL;
            /// `len NULL x -- len(x)` for the built-in `len`, inline for str, list, tuple and
            /// dict.
            CALL_BUILTIN_LEN(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE) of CALL;
            /// `isinstance NULL x cls -- bool` for the built-in `isinstance`, inline when cls
            /// is a class that `x`'s class derives from.
            CALL_BUILTIN_ISINSTANCE(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE) of CALL;
            /// `type NULL x -- type(x)` for the built-in `type` called with one argument.
            CALL_BUILTIN_TYPE_1(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE) of CALL;
            /// `cls NULL args[arg] -- instance` for the cached built-in class (`list`, `set`,
            /// `int`, ...) of metaclass `type`: its Rust `__new__`, then its Rust `__init__`
            /// unless it has `object`'s, called with the arguments in place on the stack.
            CALL_BUILTIN_CLASS(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE) of CALL;
            /// `list.append list x -- None` for the method `list.append` of an exact list.
            CALL_LIST_APPEND(Count, |a| a + 2, |a, _| -1 - a, MAY_RAISE) of CALL;
            /// `container key -- item` for an exact list and a small int key.
            BINARY_SUBSCR_LIST_INT(None, |_| 2, |_, _| -1, MAY_RAISE) of BINARY_SUBSCR;
            /// `container key -- item` for an exact tuple and a small int key.
            BINARY_SUBSCR_TUPLE_INT(None, |_| 2, |_, _| -1, MAY_RAISE) of BINARY_SUBSCR;
            /// `container key -- item` for an exact dict.
            BINARY_SUBSCR_DICT(None, |_| 2, |_, _| -1, MAY_RAISE) of BINARY_SUBSCR;
            /// `value container key --` for an exact list and a small int key in range.
            STORE_SUBSCR_LIST_INT(None, |_| 3, |_, _| -3, MAY_RAISE) of STORE_SUBSCR;
            /// `value container key --` for an exact dict.
            STORE_SUBSCR_DICT(None, |_| 3, |_, _| -3, MAY_RAISE) of STORE_SUBSCR;
            /// `lhs rhs -- result` for two small ints.
            BINARY_OP_INT(BinaryOp, |_| 2, |_, _| -1, MAY_RAISE) of BINARY_OP;
            /// `lhs rhs -- result` for two floats, or a float and a small int, writing the
            /// result into an operand no one else references.
            BINARY_OP_FLOAT(BinaryOp, |_| 2, |_, _| -1, MAY_RAISE) of BINARY_OP;
            /// `lhs rhs -- lhs + rhs` (or `+=`) for two exact floats, writing the result into an
            /// operand no one else references.
            BINARY_OP_ADD_FLOAT(BinaryOp, |_| 2, |_, _| -1, MAY_RAISE) of BINARY_OP;
            /// `lhs rhs -- lhs - rhs` (or `-=`) for two exact floats, as `BINARY_OP_ADD_FLOAT`.
            BINARY_OP_SUBTRACT_FLOAT(BinaryOp, |_| 2, |_, _| -1, MAY_RAISE) of BINARY_OP;
            /// `lhs rhs -- lhs * rhs` (or `*=`) for two exact floats, as `BINARY_OP_ADD_FLOAT`.
            BINARY_OP_MULTIPLY_FLOAT(BinaryOp, |_| 2, |_, _| -1, MAY_RAISE) of BINARY_OP;
            /// `lhs rhs -- lhs / rhs` (or `/=`) for two exact floats, the divisor not zero, as
            /// `BINARY_OP_ADD_FLOAT`.
            BINARY_OP_TRUE_DIVIDE_FLOAT(BinaryOp, |_| 2, |_, _| -1, MAY_RAISE) of BINARY_OP;
            /// `lhs rhs -- lhs + rhs` for two exact strs.
            BINARY_OP_ADD_UNICODE(BinaryOp, |_| 2, |_, _| -1, MAY_RAISE) of BINARY_OP;
            /// `iterator -- iterator next` for a range iterator.
            FOR_ITER_RANGE(Jump, |_| 1,
                |_, j| if j { -1 } else { 1 }, JUMP | MAY_RAISE) of FOR_ITER;
            /// `iterator -- iterator next` for an iterator over an exact list.
            FOR_ITER_LIST(Jump, |_| 1, |_, j| if j { -1 } else { 1 }, JUMP | MAY_RAISE) of FOR_ITER;
            /// `iterator -- iterator next` for an iterator over an exact tuple.
            FOR_ITER_TUPLE(Jump, |_| 1,
                |_, j| if j { -1 } else { 1 }, JUMP | MAY_RAISE) of FOR_ITER;
            /// `iterator -- iterator next` for a generator: its frame runs in this eval loop
            /// (no nested `execute`); its `yield` gives the value back here.
            FOR_ITER_GEN(Jump, |_| 1, |_, j| if j { -1 } else { 1 }, JUMP | MAY_RAISE) of FOR_ITER;
            /// `seq -- seq[1] seq[0]` for an exact tuple of two items.
            UNPACK_SEQUENCE_TWO_TUPLE(Count, |_| 1, |a, _| a - 1, MAY_RAISE) of UNPACK_SEQUENCE;
            /// `seq -- seq[arg-1] ... seq[0]` for an exact tuple of arg items.
            UNPACK_SEQUENCE_TUPLE(Count, |_| 1, |a, _| a - 1, MAY_RAISE) of UNPACK_SEQUENCE;
            /// `seq -- seq[arg-1] ... seq[0]` for an exact list of arg items.
            UNPACK_SEQUENCE_LIST(Count, |_| 1, |a, _| a - 1, MAY_RAISE) of UNPACK_SEQUENCE;

            // Superinstructions: an instruction and the next one in one dispatch, made when
            // the units are decoded (`units::combine`). The next unit stays as it was (a jump
            // may land there); the first runs both and steps over it, or (for the forms that
            // say so) runs alone when the next unit's current form is not one it runs. The
            // stack effects are the pair's.

            /// `-- local1 local2`: LOAD_FAST then LOAD_FAST (the next unit's argument).
            LOAD_FAST__LOAD_FAST(Local, |_| 0, |_, _| 2, MAY_RAISE | SUPER) of LOAD_FAST;
            /// `-- local const`: LOAD_FAST then LOAD_CONST.
            LOAD_FAST__LOAD_CONST(Local, |_| 0, |_, _| 2, MAY_RAISE | SUPER) of LOAD_FAST;
            /// `-- const local`: LOAD_CONST then LOAD_FAST.
            LOAD_CONST__LOAD_FAST(Const, |_| 0, |_, _| 2, MAY_RAISE | SUPER) of LOAD_CONST;
            /// `x -- local`: STORE_FAST then LOAD_FAST.
            STORE_FAST__LOAD_FAST(Local, |_| 1, |_, _| 0, MAY_RAISE | SUPER) of STORE_FAST;
            /// `x y --`: STORE_FAST then STORE_FAST.
            STORE_FAST__STORE_FAST(Local, |_| 2, |_, _| -2, SUPER) of STORE_FAST;
            /// `a b --`: COMPARE_OP then POP_JUMP_IF_FALSE (whose unit holds the target), with
            /// no bool made when the comparison has a native answer.
            COMPARE_OP__POP_JUMP_IF_FALSE(CompareOp, |_| 2,
                |_, _| -2, MAY_RAISE | SUPER) of COMPARE_OP;
            /// `-- global NULL`: LOAD_GLOBAL then PUSH_NULL (a call of a global function or
            /// class), as CPython 3.11's LOAD_GLOBAL does with its low bit.
            LOAD_GLOBAL__PUSH_NULL(Name, |_| 0, |_, _| 2, MAY_RAISE | SUPER) of LOAD_GLOBAL;
            /// `a b --`: COMPARE_OP then POP_JUMP_IF_TRUE.
            COMPARE_OP__POP_JUMP_IF_TRUE(CompareOp, |_| 2,
                |_, _| -2, MAY_RAISE | SUPER) of COMPARE_OP;
            /// `-- local.name`: LOAD_FAST then the next unit's LOAD_ATTR when that unit is
            /// LOAD_ATTR_INSTANCE and its cache hits (`self.x`: the local is read in place,
            /// never pushed); else LOAD_FAST alone, and the loop runs the next unit as it is.
            LOAD_FAST__LOAD_ATTR(Local, |_| 0, |_, _| 1, MAY_RAISE | SUPER) of LOAD_FAST;
            /// `-- method local`: LOAD_FAST then the next unit's LOAD_METHOD when that unit is
            /// LOAD_METHOD_CACHED and its cache hits (`self.m(...)`); else LOAD_FAST alone.
            LOAD_FAST__LOAD_METHOD(Local, |_| 0, |_, _| 2, MAY_RAISE | SUPER) of LOAD_FAST;
        }
    };
}

macro_rules! family_base {
    ($name:ident) => {
        Opcode::$name
    };
    ($name:ident $base:ident) => {
        Opcode::$base
    };
}

macro_rules! define_opcodes {
    ($( $(#[doc = $doc:expr])* $name:ident($operand:ident, $needs:expr, $effect:expr, $flags:expr)
        $(of $base:ident)?; )*) => {
        /// A bytecode instruction's opcode.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Copy, Clone, PartialEq, Eq, Debug, Hash)]
        #[repr(u8)]
        pub enum Opcode {
            $( $(#[doc = $doc])* $name, )*
        }

        /// Every opcode in numbering order.
        pub const ALL_OPCODES: &[Opcode] = &[$(Opcode::$name),*];

        impl Opcode {
            /// The name `dis` prints.
            pub fn name(self) -> &'static str {
                match self { $(Opcode::$name => stringify!($name),)* }
            }

            /// The instruction of the family a specialized form belongs to (itself for
            /// instructions of `co_code`).
            pub fn base(self) -> Opcode {
                match self { $(Opcode::$name => family_base!($name $($base)?),)* }
            }

            /// What the argument means.
            pub fn operand(self) -> Operand {
                match self { $(Opcode::$name => Operand::$operand,)* }
            }

            /// Flags from `opflags`.
            pub fn flags(self) -> u8 {
                #[allow(unused_imports)]
                use opflags::*;
                match self { $(Opcode::$name => $flags,)* }
            }

            /// How many values the instruction takes from the stack or reads below its top:
            /// the depth it needs (what `bytecode::units` checks, so the eval loop pops
            /// without underflow checks).
            pub fn needs(self, arg: u32) -> u64 {
                match self {
                    $(Opcode::$name => {
                        let f: fn(i64) -> i64 = $needs;
                        f(arg as i64) as u64
                    })*
                }
            }

            /// Net stack effect; `jump` selects the branch-taken effect.
            pub fn stack_effect(self, arg: u32, jump: bool) -> i32 {
                match self {
                    $(Opcode::$name => {
                        let f: fn(i32, bool) -> i32 = $effect;
                        f(arg as i32, jump)
                    })*
                }
            }
        }
    };
}

for_each_opcode!(define_opcodes);

impl Opcode {
    /// Decodes an opcode byte.
    #[inline(always)]
    pub fn from_u8(b: u8) -> Option<Opcode> {
        ALL_OPCODES.get(b as usize).copied()
    }

    pub fn is_jump(self) -> bool {
        self.flags() & opflags::JUMP != 0
    }

    pub fn falls_through(self) -> bool {
        self.flags() & opflags::NO_FALLTHROUGH == 0
    }

    /// A specialized form (found only in the interpreter's units).
    pub fn is_specialized(self) -> bool {
        self.base() != self
    }

    /// A superinstruction (runs the next instruction too).
    pub fn is_super(self) -> bool {
        self.flags() & opflags::SUPER != 0
    }

    /// Has specialized forms and an inline cache.
    pub fn is_adaptive(self) -> bool {
        self.flags() & opflags::ADAPTIVE != 0
    }

    pub fn has_arg(self) -> bool {
        self.operand() != Operand::None
    }
}

/// `BINARY_OP` arguments, numbered as CPython's `NB_*`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum BinaryOperator {
    Add = 0,
    And = 1,
    FloorDivide = 2,
    LShift = 3,
    MatrixMultiply = 4,
    Multiply = 5,
    Remainder = 6,
    Or = 7,
    Power = 8,
    RShift = 9,
    Subtract = 10,
    TrueDivide = 11,
    Xor = 12,
}

/// Offset added to a `BinaryOperator` for its in-place (`+=`) form.
pub const INPLACE_OFFSET: u32 = 13;

impl BinaryOperator {
    pub const ALL: [BinaryOperator; 13] = [
        BinaryOperator::Add,
        BinaryOperator::And,
        BinaryOperator::FloorDivide,
        BinaryOperator::LShift,
        BinaryOperator::MatrixMultiply,
        BinaryOperator::Multiply,
        BinaryOperator::Remainder,
        BinaryOperator::Or,
        BinaryOperator::Power,
        BinaryOperator::RShift,
        BinaryOperator::Subtract,
        BinaryOperator::TrueDivide,
        BinaryOperator::Xor,
    ];

    /// Decodes a `BINARY_OP` argument into (operator, in-place).
    pub fn from_arg(arg: u32) -> Option<(BinaryOperator, bool)> {
        if arg < INPLACE_OFFSET {
            Some((Self::ALL[arg as usize], false))
        } else {
            Self::ALL
                .get((arg - INPLACE_OFFSET) as usize)
                .map(|op| (*op, true))
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOperator::Add => "+",
            BinaryOperator::And => "&",
            BinaryOperator::FloorDivide => "//",
            BinaryOperator::LShift => "<<",
            BinaryOperator::MatrixMultiply => "@",
            BinaryOperator::Multiply => "*",
            BinaryOperator::Remainder => "%",
            BinaryOperator::Or => "|",
            BinaryOperator::Power => "**",
            BinaryOperator::RShift => ">>",
            BinaryOperator::Subtract => "-",
            BinaryOperator::TrueDivide => "/",
            BinaryOperator::Xor => "^",
        }
    }

    /// The special method names: (`__add__`, `__radd__`, `__iadd__`).
    pub fn dunders(self) -> (&'static str, &'static str, &'static str) {
        match self {
            BinaryOperator::Add => ("__add__", "__radd__", "__iadd__"),
            BinaryOperator::And => ("__and__", "__rand__", "__iand__"),
            BinaryOperator::FloorDivide => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
            BinaryOperator::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
            BinaryOperator::MatrixMultiply => ("__matmul__", "__rmatmul__", "__imatmul__"),
            BinaryOperator::Multiply => ("__mul__", "__rmul__", "__imul__"),
            BinaryOperator::Remainder => ("__mod__", "__rmod__", "__imod__"),
            BinaryOperator::Or => ("__or__", "__ror__", "__ior__"),
            BinaryOperator::Power => ("__pow__", "__rpow__", "__ipow__"),
            BinaryOperator::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
            BinaryOperator::Subtract => ("__sub__", "__rsub__", "__isub__"),
            BinaryOperator::TrueDivide => ("__truediv__", "__rtruediv__", "__itruediv__"),
            BinaryOperator::Xor => ("__xor__", "__rxor__", "__ixor__"),
        }
    }
}

/// `COMPARE_OP` arguments.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum CompareOperator {
    Lt = 0,
    Le = 1,
    Eq = 2,
    Ne = 3,
    Gt = 4,
    Ge = 5,
}

impl CompareOperator {
    pub const ALL: [CompareOperator; 6] = [
        CompareOperator::Lt,
        CompareOperator::Le,
        CompareOperator::Eq,
        CompareOperator::Ne,
        CompareOperator::Gt,
        CompareOperator::Ge,
    ];

    pub fn from_arg(arg: u32) -> Option<CompareOperator> {
        Self::ALL.get(arg as usize).copied()
    }

    /// The orderings of the operands that make the comparison true: bit 0 less, bit 1 equal,
    /// bit 2 greater (the mask of CPython 3.11's `COMPARE_OP_INT_JUMP`), so that comparing
    /// totally ordered values is a shift and a test rather than a branch per operator.
    #[inline(always)]
    pub fn outcomes(self) -> u8 {
        const OUTCOMES: [u8; 6] = [0b001, 0b011, 0b010, 0b101, 0b100, 0b110];
        OUTCOMES[self as usize]
    }

    pub fn symbol(self) -> &'static str {
        match self {
            CompareOperator::Lt => "<",
            CompareOperator::Le => "<=",
            CompareOperator::Eq => "==",
            CompareOperator::Ne => "!=",
            CompareOperator::Gt => ">",
            CompareOperator::Ge => ">=",
        }
    }

    /// (`__lt__`, reflected `__gt__`).
    pub fn dunders(self) -> (&'static str, &'static str) {
        match self {
            CompareOperator::Lt => ("__lt__", "__gt__"),
            CompareOperator::Le => ("__le__", "__ge__"),
            CompareOperator::Eq => ("__eq__", "__eq__"),
            CompareOperator::Ne => ("__ne__", "__ne__"),
            CompareOperator::Gt => ("__gt__", "__lt__"),
            CompareOperator::Ge => ("__ge__", "__le__"),
        }
    }

    /// The operator with operands swapped.
    pub fn reflected(self) -> CompareOperator {
        match self {
            CompareOperator::Lt => CompareOperator::Gt,
            CompareOperator::Le => CompareOperator::Ge,
            CompareOperator::Eq => CompareOperator::Eq,
            CompareOperator::Ne => CompareOperator::Ne,
            CompareOperator::Gt => CompareOperator::Lt,
            CompareOperator::Ge => CompareOperator::Le,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_roundtrips() {
        for (i, op) in ALL_OPCODES.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(Opcode::from_u8(i as u8), Some(*op));
        }
        assert!(ALL_OPCODES.len() < 256);
    }

    #[test]
    fn specialized_forms_match_their_adaptive_base() {
        for &op in ALL_OPCODES {
            let base = op.base();
            if op.is_super() {
                assert!(op.is_specialized() && op.operand() == base.operand());
                assert!(!op.is_jump() && op.falls_through(), "{}", op.name());
            } else if op.is_specialized() {
                assert!(
                    base.is_adaptive() && !base.is_specialized(),
                    "{}",
                    op.name()
                );
                assert_eq!(op.operand(), base.operand(), "{}", op.name());
                assert_eq!(op.is_jump(), base.is_jump(), "{}", op.name());
                for arg in [0, 1, 2, 3, 7] {
                    for jump in [false, true] {
                        assert_eq!(op.stack_effect(arg, jump), base.stack_effect(arg, jump));
                    }
                }
            }
            if op.is_adaptive() {
                assert!(ALL_OPCODES.iter().any(|o| o.base() == op && *o != op));
            }
        }
        // The specialized forms follow every instruction of `co_code`.
        let first = ALL_OPCODES.iter().position(|o| o.is_specialized()).unwrap();
        assert!(ALL_OPCODES[first..].iter().all(|o| o.is_specialized()));
    }

    #[test]
    fn jumps_have_jump_operands() {
        for op in ALL_OPCODES {
            assert_eq!(op.is_jump(), op.operand() == Operand::Jump, "{}", op.name());
        }
    }
}
