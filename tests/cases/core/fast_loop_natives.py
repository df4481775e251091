# Calls of built-in functions inside hot loops (which Heron runs in its fast loop after a few
# iterations): results, errors with their tracebacks, Python code the built-ins call back,
# frames they look at, and collections they start.
import gc
import math
import sys
import traceback


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        if self.n == 77:
            raise RuntimeError("len 77")
        return self.n


class Meta(type):
    def __instancecheck__(cls, obj):
        return obj == 5


class Odd(metaclass=Meta):
    pass


def results():
    total = 0.0
    lens = 0
    isinst = 0
    out = []
    for i in range(3000):
        total += math.sqrt(i)
        lens += len("abc" * (i % 3)) + len([0] * (i % 4)) + len(Sized(i % 5))
        isinst += isinstance(i, int) + isinstance(i % 7, Odd) + isinstance("s", (int, str))
        out.append(abs(-i))
        out.append(max(i, 10))
    print("results", round(total, 6), lens, isinst, len(out), out[-4:])


def errors():
    for label, body in [
        ("int", lambda i: int("x" if i == 2000 else "1")),
        ("len", lambda i: len(Sized(i % 100))),
        ("isinstance", lambda i: isinstance(i, int if i < 2100 else 3)),
        ("sqrt", lambda i: math.sqrt(-1 if i == 2200 else 1)),
    ]:
        total = 0
        try:
            for i in range(3000):
                total += body(i)
        except Exception as e:
            tb = traceback.extract_tb(e.__traceback__)
            print("error", label, i, total, type(e).__name__, e, [t.name for t in tb])


def direct_errors():
    # The failing built-in is called from the hot loop itself.
    n = 0
    try:
        for i in range(3000):
            n += int("7" if i != 2500 else "seven")
    except ValueError as e:
        tb = traceback.extract_tb(e.__traceback__)
        print("direct", i, n, e, [(t.name, t.line) for t in tb])
    seen = []
    for i in range(3000):
        try:
            seen.append(len(Sized(i % 80)))
        except RuntimeError as e:
            seen.append(str(e))
    print("caught", seen.count("len 77"), len(seen))


def callbacks():
    keyed = 0
    for i in range(2000):
        keyed += sorted([3, 1, 2], key=lambda v: -v)[0]
        keyed += sum(map(lambda v: v * 2, (i, 1)))
    print("callbacks", keyed)


def frames():
    lines = set()
    for i in range(2000):
        lines.add(sys._getframe().f_lineno)
        lines.add(sys._getframe(0).f_code.co_name)
    print("frames", sorted(map(str, lines)))


class Cycle:
    def __init__(self):
        self.me = self


def collections():
    freed = 0
    for i in range(2000):
        Cycle()
        if i % 500 == 0:
            freed += gc.collect() > 0
    print("collections", freed)


results()
errors()
direct_errors()
callbacks()
frames()
collections()
