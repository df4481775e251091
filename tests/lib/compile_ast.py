# compile() of an ast tree: parsed trees, transformed trees and trees built by hand compile
# and run as their source does (tracebacks keep the tree's line numbers), in the three modes;
# trees CPython refuses raise its TypeError/ValueError messages.
import ast
import sys

src = '''
import math as m
from collections import OrderedDict as OD, deque
x: int = 5
neg, negf, cx, big = -3, -2.5, 1+2j, -123456789012345678901234567890
b = b"by\\x00tes"
t = (1, (2, "s"), None, ...)
def f(a, b=2, /, c=3, *args, d, e=5, **kw) -> "ret":
    """doc"""
    return (a, b, c, args, d, e, kw)
print(f(1, d=4), f.__doc__, f.__annotations__, f.__defaults__, f.__kwdefaults__)
class K(dict):
    attr = 1
    @staticmethod
    def sm(x): return x * 2
    @property
    def p(self): return "prop"
print(K.sm(21), K().p, K.__qualname__, K.attr)
for i in range(3):
    if i == 0:
        continue
    elif i == 1:
        print("one")
    else:
        print("else", i)
else:
    print("for-else")
try:
    1/0
except ZeroDivisionError as e:
    print("caught", type(e).__name__)
finally:
    print("finally")
with open("/dev/null") as fh:
    print(repr(fh.read()))
lam = lambda q, *r, **k: (q, r, k)
print(lam(1, 2, z=3))
print([i*i for i in range(5) if i % 2], sorted({i for i in "aab"}), {k: v for k, v in [(1, 2)]}, list(i for i in range(3)))
print(f"{x!r:>5}|{x=}|{3.14159:.2f}|{'in' + f'{x}'}")
a, *rest = [1, 2, 3]
print(a, rest, x if x > 3 else -x, not x, ~x, x ** 2 // 3 % 7 << 1 >> 1 | 8 & 12 ^ 1, 1 < x <= 5 != 6)
d = {"a": 1, **{"b": 2}}
print(d, [1, 2, 3][::-1], (n := 10), n)
del d["a"]
assert d == {"b": 2}, "msg"
def gen():
    yield 1
    got = yield from [2, 3]
    return got
print(list(gen()))
async def co():
    return 42
try:
    co().send(None)
except StopIteration as e:
    print("co", e.value)
match {"k": [1, 2]}:
    case {"k": [1, *others]} if others:
        print("match", others)
    case _:
        print("nomatch")
match 5:
    case 1 | 2: print("small")
    case int(real=r) if r > 3: print("big", r)
def outer():
    v = 1
    def inner():
        nonlocal v
        v += 1
        return v
    return inner()
print(outer(), m.floor(2.5), OD.__name__, deque.__name__, neg, negf, cx, big, b, t)
'''
code = compile(ast.parse(src, "<tree>"), "<tree>", "exec")
print(type(code).__name__, code.co_filename)
exec(code, {"__name__": "__main__"})

# eval and single modes
print(eval(compile(ast.parse("1 + 2 * x", mode="eval"), "<e>", "eval"), {"x": 10}))
exec(compile(ast.parse("print('single')", mode="single"), "<s>", "single"))

# A tree built by hand, with locations filled in.
mod = ast.Module(
    body=[ast.Expr(ast.Call(ast.Name("print", ast.Load()), [ast.Constant("hand-built")], []))],
    type_ignores=[],
)
exec(compile(ast.fix_missing_locations(mod), "<hand>", "exec"))

# A transformer's output.
class Doubler(ast.NodeTransformer):
    def visit_Constant(self, node):
        if type(node.value) is int:
            return ast.copy_location(ast.Constant(node.value * 2), node)
        return node

exec(compile(Doubler().visit(ast.parse("print(1 + 2, 'x', -4)")), "<t>", "exec"))

# Line numbers come from the tree.
tree = ast.parse("a = 1\n\n\nraise ValueError('boom')\n", "<lines>")
ast.increment_lineno(tree, 10)
try:
    exec(compile(tree, "<lines>", "exec"))
except ValueError:
    tb = sys.exc_info()[2]
    while tb.tb_next:
        tb = tb.tb_next
    print("raised at line", tb.tb_lineno)

# Constants with lone surrogates and big and negative numbers survive.
expr = ast.Expression(ast.Tuple([ast.Constant("\udcff"), ast.Constant(-7), ast.Constant(2**70)], ast.Load()))
print(ascii(eval(compile(ast.fix_missing_locations(expr), "<c>", "eval"))))

# PyCF_ONLY_AST with a tree returns the tree itself.
m = ast.parse("x")
print(compile(m, "<x>", "exec", ast.PyCF_ONLY_AST) is m)


def err(thunk):
    try:
        thunk()
    except Exception as ex:
        msg = str(ex)
        if " at 0x" in msg:
            msg = msg[: msg.index(" at 0x")] + ">"
        print(type(ex).__name__ + ":", msg)


def bad(stmt):
    return ast.fix_missing_locations(ast.Module([stmt], []))


err(lambda: compile(ast.Module(body=[], type_ignores=[]), "<x>", "eval"))
err(lambda: compile(ast.Expression(body=ast.Module(body=[], type_ignores=[])), "<x>", "eval"))
err(lambda: compile(ast.Module(body=[ast.Pass()], type_ignores=[]), "<x>", "exec"))
err(lambda: compile(ast.Module(body=[]), "<x>", "exec"))
err(lambda: compile(bad(ast.Assign([ast.Name("x", ast.Load())], ast.Constant(1))), "<x>", "exec"))
err(lambda: compile(bad(ast.Assign([], ast.Constant(1))), "<x>", "exec"))
err(lambda: compile(bad(ast.Assign([None], ast.Constant(1))), "<x>", "exec"))
err(lambda: compile(bad(ast.Expr(ast.Name("None", ast.Load()))), "<x>", "exec"))
err(lambda: compile(bad(ast.Expr(ast.Constant([1]))), "<x>", "exec"))
err(lambda: compile(bad(ast.Expr(ast.Constant((1, int)))), "<x>", "exec"))
err(lambda: compile(bad(ast.FunctionDef("f", ast.arguments([], [], None, [], [], None, []), [], [], None)), "<x>", "exec"))
err(lambda: compile(bad(ast.Expr(ast.ListComp(ast.Name("x", ast.Store()), []))), "<x>", "exec"))
err(lambda: compile(bad(ast.Expr(ast.BoolOp(ast.And(), [ast.Constant(1)]))), "<x>", "exec"))
err(lambda: compile(bad(ast.Raise(None, ast.Constant(1))), "<x>", "exec"))
err(lambda: compile(bad(ast.Try([ast.Pass()], [], [], [])), "<x>", "exec"))
err(lambda: compile(bad(ast.Expr(ast.YieldFrom(None))), "<x>", "exec"))
err(lambda: compile(bad(ast.Expr(ast.Pass())), "<x>", "exec"))
err(lambda: compile(bad(ast.ImportFrom(None, [ast.alias("x", None)], -1)), "<x>", "exec"))
err(lambda: compile(ast.parse("return 1"), "<x>", "exec"))
pos = ast.parse("a = 1")
pos.body[0].end_lineno = 0
err(lambda: compile(pos, "<x>", "exec"))
case = lambda p: bad(ast.Match(ast.Name("x", ast.Load()), [ast.match_case(p, None, [ast.Pass()])]))
err(lambda: compile(case(ast.MatchAs(name="_")), "<x>", "exec"))
err(lambda: compile(case(ast.MatchOr([ast.MatchValue(ast.Constant(1))])), "<x>", "exec"))
err(lambda: compile(case(ast.MatchValue(ast.Constant(True))), "<x>", "exec"))
err(lambda: compile(case(ast.MatchSingleton("s")), "<x>", "exec"))
err(lambda: compile(case(ast.MatchStar("x")), "<x>", "exec"))
