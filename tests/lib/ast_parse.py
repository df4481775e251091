# ast.parse builds CPython 3.11's node classes, fields and positions (UTF-8 byte columns) from
# the parser's tree: ast.dump with positions, unparse, literal_eval, the three modes, errors.
import ast
src = '''
import os, sys as s
from . import x
from ..a.b import (c as d, e)
@dec(1)
async def f(a, /, b: int = 2, *args, c, d=3, **kw) -> "r":
    """doc"""
    global g
    x = y = [1, 2.5, 3j, "s", b"b", u"u", None, True, ..., -1]
    x += 1; del x[0]
    for i in range(10):
        if i % 2 == 0 and not i or i > 5:
            continue
        elif i == 3:
            break
        else:
            pass
    else:
        print(f"{i!r:>{w}} and {i=} {{}}", 'a' 'b')
    while a < b <= c is not d: a = lambda q, *r: q if r else {k: v for k, v in r}
    try:
        raise E from None
    except (A, B) as e:
        await z
    finally:
        yield from g
    try: pass
    except* C: pass
    with open(p) as fh, lock: (yield)
    match cmd:
        case [1, *rest] | {"k": v, **kw} if v: pass
        case Point(x=0, y=_) | None | "s": pass
        case str() as s: pass
    return {*a, 1}, {**d}, [x async for x in y if x], (w := 5), a[1:2, ::3], *b
class C(B, metaclass=M):
    x: int = 1
    def m(self): nonlocal_q = 1
assert x, "m"
'''
tree = ast.parse(src)
print(ast.dump(tree, include_attributes=True, indent=1))
print(ast.unparse(tree))
print(ast.dump(ast.parse("1 + 2", mode="eval")))
print(ast.dump(ast.parse("x = 1", mode="single")))
print(ast.literal_eval("{'a': [1, 2.0, (3, None)], 'b': -4j}"))
for n in ast.walk(ast.parse("def é(ü): return 'ñ' + ü")):
    if hasattr(n, "col_offset"):
        print(type(n).__name__, n.lineno, n.col_offset, n.end_lineno, n.end_col_offset)
try:
    ast.parse("x = (1,")
except SyntaxError as e:
    print("SyntaxError", e.msg, e.lineno)
print(ast.get_docstring(ast.parse('"""hello"""\nx')))
