"""PEP 563: under `from __future__ import annotations` annotations are kept as CPython 3.11
writes them back (normalized text), never evaluated; the flag reaches code objects and the
code exec/eval/compile build; misplaced or unknown future statements are SyntaxErrors."""
from __future__ import annotations

import __future__
import dataclasses
import typing


def f(a: List[int], b: Dict[str, "X"] = None, *args: *Ts, c: 1 + 2 * 3, d: (1 + 2) * 3,
      e: 2 ** -1, g: lambda x, /, y=2, *z, w, **kw: 0, h: f"{a!r:>{w}} {b=}",
      i: x[1:2, ::3], j: x[()], k: not a or b and c, l: 1e400, m: -(-a), **kw: b"\n") -> None:
    return a


for name, text in f.__annotations__.items():
    print(name, repr(text))


holder = type("Holder", (), {})


class Point:
    x: int
    y: Optional[float] = None
    holder.attr: undefined_name_never_evaluated
    w: "already a string"


print(Point.__annotations__)
print(bool(f.__code__.co_flags & __future__.CO_FUTURE_ANNOTATIONS))


def outer():
    # A name used only in an annotation is not a closure variable.
    def inner(p: outer_local) -> outer_local:
        return p
    outer_local = 1
    return inner


print(outer().__annotations__, outer().__code__.co_freevars)


@dataclasses.dataclass
class Item:
    name: str
    tags: typing.ClassVar[list[str]] = []
    count: int = 0


print(Item("a"), [fl.name for fl in dataclasses.fields(Item)], Item.tags)


class Node:
    next: typing.Optional[Node] = None
    value: int = 0


print(typing.get_type_hints(Node))

# Code compiled from here inherits the feature unless told not to.
ns = {}
exec("def g(x: some.thing[int]) -> int: pass", ns)
print(ns["g"].__annotations__)
code = compile("def h(x: y.z): pass", "<c>", "exec", dont_inherit=True)
try:
    exec(code, {})
except NameError as e:
    print("NameError", e)
code = compile("def h(x: y.z): pass", "<c>", "exec", flags=__future__.annotations.compiler_flag,
               dont_inherit=True)
ns = {}
exec(code, ns)
print(ns["h"].__annotations__)

for src in ["from __future__ import braces", "from __future__ import nope",
            "x = 1\nfrom __future__ import annotations",
            '"doc"\nfrom __future__ import annotations\nimport os\nfrom __future__ import division',
            "def f():\n from __future__ import division",
            "from __future__ import (annotations as a, division)\nx: int"]:
    try:
        compile(src, "m", "exec", dont_inherit=True)
        print("ok")
    except SyntaxError as e:
        print(repr(e.msg), e.lineno, e.offset)
