# Calls that bind keywords, *args and **kwargs: their frames come from the callee's frame
# cache (as direct calls' frames do), CALL_FUNCTION_EX runs a Python callee in the calling
# loop, and keyword names match parameters by identity or, failing that, by equal strings.
import sys
import traceback


def weighted(a, b, c=3, d=4):
    return a + 2 * b + 3 * c + 4 * d


def kw_only(a, *, lo=0, hi=100):
    return min(max(a, lo), hi)


def var_sum(*args):
    return sum(args)


def mixed(a, *rest, scale=1, **opts):
    return (a + len(rest) + sum(rest)) * scale + opts.get("bias", 0)


def with_cell(a, b=2):
    # `a` is a cell variable: its cell is made from the bound argument.
    def inner():
        return a * 10 + b
    return inner()


total = 0
for i in range(300):
    total += weighted(1, 2, d=i & 3)
    total += weighted(b=i & 15, a=2, c=1)
    total += kw_only(i % 150, hi=120)
    total += var_sum(*(i & 3, i & 5))
    total += mixed(1, 2, 3, scale=2, bias=i & 1)
    opts = {"scale": 3, "bias": 1}
    total += mixed(*(i & 15, 4), **opts)
    total += with_cell(a=i, b=1) + with_cell(*(i,))
print(total)

# Keyword names built at run time are equal to the parameter names but not the same objects.
name_a = "".join(["a"])
name_d = "".join(["d", ""])
print(weighted(**{name_a: 5, "b": 1, name_d: 0}))
print(kw_only(7, **{"".join(["h", "i"]): 3}))


def countdown(n, *, step=1):
    if n <= 0:
        return 0
    return 1 + countdown(n=n - step, step=step)


print(countdown(50, step=2), countdown(**{"n": 30}))


# Errors in binding, many times over: each failed bind gives its frame back.
def fails(f, *args, **kwargs):
    try:
        f(*args, **kwargs)
    except TypeError as e:
        return str(e)


for i in range(3):
    print(fails(weighted, 1))
    print(fails(weighted, 1, 2, e=5))
    print(fails(weighted, 1, 2, a=5))
    print(fails(kw_only, 1, 2))
    print(fails(kw_only, lo=1))
print(weighted(1, 2), kw_only(500), var_sum(), mixed(1))


# A generator function and a bound method called through CALL_FUNCTION_EX.
def gen(a, b=10):
    yield a
    yield b


class Acc:
    def __init__(self):
        self.total = 0

    def add(self, x, times=1):
        self.total += x * times
        return self.total


acc = Acc()
args = (3,)
for i in range(5):
    print(list(gen(*args, **{"b": i})), acc.add(*args, **{"times": i}))


# A traceback through a callee entered by CALL_FUNCTION_EX.
def boom(x, y=0):
    return x / y


try:
    boom(*(1,), **{"y": 0})
except ZeroDivisionError:
    tb = traceback.extract_tb(sys.exc_info()[2])
    print([(f.name, f.line) for f in tb])
