# `*` and `**` arguments, hot and in error: CALL_FUNCTION_EX's argument building, and the
# callable names CPython puts in its messages (`__main__.f()`, `len()`, `math.sqrt()`).
import math


def f(*a, **k):
    return a, k


def g(a, b=2, *, c=3):
    return a + b + c


class M(dict):
    pass


class C:
    def m(self, *a, **k):
        return len(a) + len(k)


for i in range(3):
    for args, kw in [((1, 2), {"x": 1}), ([3], M(y=2)), ((), {}), (range(2), {"z": 0})]:
        print(f(*args, **kw))
    for bad in [{1: 2}, {"a": 1, 2: 3}]:
        try:
            f(**bad)
        except TypeError as e:
            print("TypeError:", e)
    cases = [
        lambda: f(**[1]),
        lambda: f(*1),
        lambda: f(1, **{"a": 1}, **{"a": 2}),
        lambda: len(**[1]),
        lambda: len(*5),
        lambda: math.sqrt(*None),
        lambda: [].append(**[1]),
        lambda: C().m(**[1]),
        lambda: C.m(*1),
        lambda: C(*1),
        lambda: int(**[1]),
        lambda: (lambda **k: 0)(**{"a": 1}, **{"a": 2}),
        lambda: g(*(1,), **{"c": 5, "b": 4}),
        lambda: g(*(1, 2, 3)),
        lambda: g(**{"a": 1, "d": 4}),
    ]
    for case in cases:
        try:
            print("no error:", case())
        except TypeError as e:
            print("TypeError:", e)

total = 0
opts = {"c": 1}
for i in range(2000):
    total += g(*(i, 1), **opts) + C().m(*(i,), **{"k": i}) + len(f(*[i], **{"q": i})[1])
print(total)


def failing():
    yield 1
    raise ValueError("from the generator")


class T(tuple):
    def __iter__(self):
        return iter(("own", "iteration"))


order = []


def note(tag, value):
    order.append(tag)
    return value


def items():
    order.append("iterated")
    yield 5


for i in range(2):
    try:
        f(*failing())
    except ValueError as e:
        print("ValueError:", e)
    print(f(*T((1, 2))), f(*"ab"), f(*{"k": 1}), f(*b"x"))
    print(note("callee", f)(*items(), **note("kwargs", {"w": 1})), order)
    order.clear()
