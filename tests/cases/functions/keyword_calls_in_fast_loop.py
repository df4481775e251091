# Keyword calls made from a hot loop (where the interpreter's fast loop makes them): every
# binding shape, bound methods, errors raised at the call, tracebacks and recursion.
import sys
import traceback


def kw_only(a, *, lo=0, hi=100):
    return min(max(a, lo), hi)


def var_kw(**kwargs):
    return sorted(kwargs.items())


def mixed(a, *rest, scale=1, **opts):
    return (a + sum(rest)) * scale + opts.get("bias", 0)


def gen(n, *, step=1):
    yield from range(0, n, step)


class Acc:
    def __init__(self):
        self.total = 0

    def add(self, x, times=1):
        self.total += x * times
        return self.total


def make_counter():
    count = 0

    def bump(step=1):
        nonlocal count
        count += step
        return count
    return bump


acc = Acc()
bump = make_counter()
results = []
for i in range(300):
    results.append(kw_only(i, hi=120))
    results.append(kw_only(i - 150, lo=-10, hi=10))
    results.append(var_kw(x=i, y=-i)[0][1])
    results.append(mixed(1, 2, 3, scale=2, bias=i & 1))
    results.append(list(gen(5, step=2))[-1])
    results.append(acc.add(i, times=2))
    results.append(bump(step=i & 3))
print(sum(results), results[:14])

for bad in (lambda: kw_only(1, mid=3), lambda: kw_only(lo=1), lambda: var_kw(1, x=2),
            lambda: acc.add(x=1, y=2), lambda: mixed(scale=1)):
    for _ in range(3):
        try:
            bad()
        except TypeError as e:
            err = e
    print("TypeError:", err)


def fails(a, *, b):
    return a / b


try:
    for i in range(5, -1, -1):
        fails(i, b=i)
except ZeroDivisionError:
    tb = traceback.extract_tb(sys.exc_info()[2])
    print([(frame.name, frame.line) for frame in tb])


def deep(n, *, acc=0):
    return acc if n == 0 else deep(n - 1, acc=acc + n)


print(deep(500, acc=1))
sys.setrecursionlimit(200)
try:
    deep(10**6)
except RecursionError as e:
    print("RecursionError:", e)


def binding_error_line():
    for i in range(50):
        mixed(scale=i)


try:
    binding_error_line()
except TypeError:
    tb = traceback.extract_tb(sys.exc_info()[2])
    print([(frame.name, frame.lineno - tb[0].lineno, frame.line) for frame in tb])
