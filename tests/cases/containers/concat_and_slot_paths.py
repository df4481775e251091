# Tuple and list concatenation take an inline path; subclasses keep their own `__add__`.
# Special methods of built-in types found on the operand's type run without the unbound-method
# check; generator frames are reused once their generator finishes.
import sys

l = [1, 2]
print(l + l, (1,) + (2, 3), () + (), [] + [], l + [] is l, type((1,) + ()).__name__)


class T(tuple):
    def __add__(self, other):
        return "T.__add__"


class L(list):
    pass


print(T((1,)) + (2,), (2,) + T((1,)), L([1]) + [2], type(L([1]) + [2]).__name__)
for bad in ("(1,) + [2]", "[1] + (2,)", "(1,) + 'a'"):
    try:
        eval(bad)
    except TypeError as e:
        print(bad, "->", e)
print(l[:1], l[None:], (1, 2, 3)[::2], "abc"[1:], list(iter(range(3))), [*range(2, 5)])
print(list.__getitem__(l, 0), tuple.__len__((1, 2)), dict.get({1: 2}, 1), str.__add__("a", "b"))
try:
    list.append((1,), 0)
except TypeError as e:
    print("TypeError:", e)


def gen(n):
    for i in range(n):
        yield i * i


def failing():
    yield 1
    raise ValueError("inside")


totals = []
for k in range(50):
    g = gen(k % 5)
    totals.append(sum(g))
    if k == 3:
        print(g.gi_frame, g.gi_running)
print(sum(totals))
for _ in range(3):
    f = failing()
    try:
        for v in f:
            pass
    except ValueError as e:
        print("caught", e, f.gi_frame)
nested = [list(gen(j)) for j in range(4)]
print(nested, sys.getrecursionlimit() > 100)
acc = [1]
alias = acc
acc += [2]
acc = acc + [3]
tup = (1,)
tup_alias = tup
tup += (2,)
print(acc, alias, alias is acc, tup, tup_alias)
