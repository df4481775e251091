//! Compiler tests: error messages and positions, code shapes, flags, stack depths.

use super::*;
use crate::bytecode::code::{code_flags, Constant};
use crate::bytecode::opcodes::Opcode;

fn err(src: &str) -> CompileError {
    match compile(src, "t.py", Mode::Exec) {
        Ok(_) => panic!("expected an error for {src:?}"),
        Err(e) => e,
    }
}

fn ops(code: &CompiledCode) -> Vec<Opcode> {
    code.code
        .chunks(2)
        .map(|u| Opcode::from_u8(u[0]).unwrap())
        .collect()
}

fn find<'c>(code: &'c CompiledCode, name: &str) -> Option<&'c CompiledCode> {
    code.consts.iter().find_map(|c| match c {
        Constant::Code(inner) if &*inner.name == name => Some(&**inner),
        Constant::Code(inner) => find(inner, name),
        _ => None,
    })
}

/// The texts of `v`, for comparing with literals.
fn texts(v: &[crate::bytecode::Text]) -> Vec<&str> {
    v.iter().map(|t| &**t).collect()
}

fn nested<'c>(code: &'c CompiledCode, name: &str) -> &'c CompiledCode {
    find(code, name).unwrap_or_else(|| panic!("no code object {name}"))
}

#[test]
fn compiler_errors_with_positions() {
    let e = err("x = 1\nreturn x\n");
    assert_eq!(e.msg, "'return' outside function");
    assert_eq!((e.lineno, e.offset), (2, 1));
    assert_eq!(e.text, "return x");
    assert_eq!(err("break\n").msg, "'break' outside loop");
    assert_eq!(
        err("while x:\n    def f():\n        continue\n").msg,
        "'continue' not properly in loop"
    );
    let e = err("def f():\n    nonlocal q\n");
    assert_eq!(e.msg, "no binding for nonlocal 'q' found");
    assert_eq!(e.lineno, 2);
    assert_eq!(
        err("def f(a, a): pass\n").msg,
        "duplicate argument 'a' in function definition"
    );
    assert_eq!(err("yield 1\n").msg, "'yield' outside function");
    assert_eq!(err("await x\n").msg, "'await' outside function");
    assert_eq!(
        err("def f():\n    await x\n").msg,
        "'await' outside async function"
    );
    assert_eq!(
        err("def f():\n    async for x in y: pass\n").msg,
        "'async for' outside async function"
    );
    assert_eq!(
        err("def f():\n    async with x: pass\n").msg,
        "'async with' outside async function"
    );
    assert_eq!(
        err("async def f():\n    yield from x\n").msg,
        "'yield from' inside async function"
    );
    assert_eq!(
        err("async def f():\n    yield 1\n    return 2\n").msg,
        "'return' with value in async generator"
    );
    assert_eq!(
        err("def f():\n    return [x async for x in y]\n").msg,
        "asynchronous comprehension outside of an asynchronous function"
    );
    assert_eq!(err("f(a=1, a=2)\n").msg, "keyword argument repeated: a");
    assert_eq!(
        err("try:\n    pass\nexcept* E:\n    break\n").msg,
        "'break', 'continue' and 'return' cannot appear in an except* block"
    );
}

#[test]
fn parse_errors_map_to_cpython_messages() {
    let e = err("if x\n    pass\n");
    assert_eq!(e.kind, "SyntaxError");
    assert_eq!(e.msg, "expected ':'");
    let e = err("x = 1\n    y = 2\n");
    assert_eq!(e.kind, "IndentationError");
    assert_eq!(e.msg, "unexpected indent");
    assert_eq!(e.lineno, 2);
    let e = err("if x:\n        a\n    b\n");
    assert_eq!(e.kind, "IndentationError");
    assert_eq!(e.msg, "unindent does not match any outer indentation level");
    let e = err("x = (1,\ny = 2\n");
    assert_eq!(e.msg, "'(' was never closed");
    assert_eq!((e.lineno, e.offset), (1, 5));
    let e = err("s = 'abc\n");
    assert_eq!(e.msg, "unterminated string literal (detected at line 1)");
    assert_eq!(err("1 = x\n").msg, "cannot assign to literal");
}

#[test]
fn module_shape_and_flags() {
    let code = compile("x = 1\n", "t.py", Mode::Exec).unwrap();
    assert_eq!(&*code.name, "<module>");
    assert_eq!(
        ops(&code),
        vec![
            Opcode::LOAD_CONST,
            Opcode::STORE_NAME,
            Opcode::LOAD_CONST,
            Opcode::RETURN_VALUE
        ]
    );
    assert_eq!(code.max_stack, 1);
    let code = compile(
        "def f(a, *b, **c):\n    def g():\n        return a\n    yield g\n",
        "t.py",
        Mode::Exec,
    )
    .unwrap();
    let f = nested(&code, "f");
    assert_eq!(
        f.flags,
        code_flags::OPTIMIZED
            | code_flags::NEWLOCALS
            | code_flags::VARARGS
            | code_flags::VARKEYWORDS
            | code_flags::GENERATOR
    );
    assert_eq!(texts(&f.cellvars), vec!["a"]);
    assert_eq!(f.cell2arg, vec![Some(0)]);
    assert_eq!(texts(&f.varnames), vec!["a", "b", "c", "g"]);
    let g = nested(&code, "g");
    assert_eq!(&*g.qualname, "f.<locals>.g");
    assert_eq!(texts(&g.freevars), vec!["a"]);
    assert!(g.flags & code_flags::NESTED != 0);
    assert!(matches!(f.consts[0], Constant::None));
}

#[test]
fn eval_and_single_modes() {
    let code = compile("1 + x", "<string>", Mode::Eval).unwrap();
    assert_eq!(*ops(&code).last().unwrap(), Opcode::RETURN_VALUE);
    assert!(ops(&code).contains(&Opcode::BINARY_OP));
    let code = compile("x\n", "<stdin>", Mode::Single).unwrap();
    assert!(ops(&code).contains(&Opcode::PRINT_EXPR));
}

#[test]
fn comprehension_and_class_conventions() {
    let code = compile(
        "class C:\n    def m(self):\n        return [super() for _ in self]\n",
        "t.py",
        Mode::Exec,
    )
    .unwrap();
    let c = nested(&code, "C");
    assert_eq!(texts(&c.cellvars), vec!["__class__"]);
    let o = ops(c);
    assert_eq!(
        &o[o.len() - 4..],
        &[
            Opcode::LOAD_CLOSURE,
            Opcode::COPY,
            Opcode::STORE_NAME,
            Opcode::RETURN_VALUE
        ]
    );
    let lc = nested(&code, "<listcomp>");
    assert_eq!(&*lc.varnames[0], ".0");
    assert_eq!(lc.argcount, 1);
    assert_eq!(&*lc.qualname, "C.m.<locals>.<listcomp>");
    assert_eq!(texts(&lc.freevars), vec!["__class__"]);
}

#[test]
fn stack_depth_of_nested_expressions() {
    let code = compile("x = f(a, g(b, c), [1, d])\n", "t.py", Mode::Exec).unwrap();
    // f NULL a g NULL b c -> 7
    assert_eq!(code.max_stack, 7);
    let code = compile(
        "for i in x:\n    try:\n        g()\n    except E as e:\n        pass\n",
        "t.py",
        Mode::Exec,
    )
    .unwrap();
    assert!(code
        .exception_table
        .iter()
        .any(|e| e.depth == 1 && !e.push_lasti));
    assert!(code
        .exception_table
        .iter()
        .any(|e| e.depth == 2 && e.push_lasti));
}

#[test]
fn wide_jumps_get_extended_args() {
    let mut src = String::from("if x:\n");
    for i in 0..200 {
        src.push_str(&format!("    y{i} = {i}\n"));
    }
    let code = compile(&src, "t.py", Mode::Exec).unwrap();
    assert!(ops(&code).contains(&Opcode::EXTENDED_ARG));
    assert_eq!(code.lines.len(), code.code.len() / 2);
    assert_eq!(code.columns.len(), code.code.len() / 2);
}
