# Calls and returns inside hot loops (which Heron runs in its fast loop after a few
# iterations, switching frames there for plain Python functions): results, tracebacks,
# frames, recursion limits and finalizers stay as CPython has them.
import sys
import traceback


def add(a, b):
    return a + b


def with_default(a, b=10):
    return a * b


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def early_return(items, wanted):
    for i, x in enumerate(items):
        if x == wanted:
            return i          # returns with the loop's iterator still on the stack
    return -1


def make_adder(k):
    def adder(x):
        return x + k
    return adder


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)

    def moved(self, dx):
        return Point(self.x + dx, self.y)


def gen(n):
    yield n
    yield n + 1


def basics():
    total = 0
    add5 = make_adder(5)
    p = Point(1, -2)
    bound = p.norm1
    for i in range(3000):
        total += add(i, 1)
        total += with_default(i)
        total += with_default(i, 2)
        total += add5(i)
        total += p.norm1()
        total += bound()
        total += early_return([1, 2, 3, i % 4], i % 4)
        total += sum(gen(i))
    print("basics", total, fib(18))


def who_called():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_lineno


def frames():
    seen = set()
    for i in range(500):
        seen.add(who_called())
    print("frames", sorted(seen))


def fails(i):
    if i == 2500:
        raise ValueError("bad %d" % i)
    return i


def middle(i):
    return fails(i) + 1


def errors():
    total = 0
    try:
        for i in range(3000):
            total += middle(i)
    except ValueError as e:
        tb = traceback.extract_tb(e.__traceback__)
        print("errors", total, e, [(t.name, t.line) for t in tb])


def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1


def recursion():
    depth_ok = 0
    for i in range(300):
        depth_ok += down(50)
    try:
        for i in range(300):
            down(100000)
    except RecursionError as e:
        print("recursion", depth_ok, type(e).__name__, e)
    # The frames unwound: ordinary calls work again.
    print("after", down(100))


log = []


class Noisy:
    def __init__(self, i):
        self.i = i

    def __del__(self):
        log.append(self.i)


def make_and_drop(i):
    n = Noisy(i)
    return i


def observe(i):
    return len(log)


def finalizers():
    seen = []
    for i in range(300):
        make_and_drop(i)            # the local dies as the callee returns
        seen.append(observe(i))     # ... and its __del__ ran before this call
    print("finalizers", seen[:3], seen[-1], len(log))


def swap_code():
    def f():
        return 1

    def g():
        return 2

    total = 0
    for i in range(2000):
        if i == 1000:
            f.__code__ = g.__code__
        total += f()
    print("swap_code", total)


class Vec:
    def __init__(self, x, y=0):
        self.x = x
        if x % 3 == 0:
            self.tag = "three"      # some instances get one more attribute
        self.y = y


class Vec3(Vec):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class BadInit:
    def __init__(self, v):
        self.v = v
        if v == 1500:
            return v            # TypeError: __init__() should return None


class Raises:
    def __init__(self, v):
        if v == 1700:
            raise KeyError(v)
        self.v = v


def instances():
    total = 0
    tags = 0
    for i in range(2000):
        v = Vec(i)
        w = Vec3(i, 1, 2)
        total += v.x + v.y + w.z
        tags += hasattr(v, "tag")
    print("instances", total, tags, vars(Vec(3)), vars(Vec3(4, 5, 6)))
    try:
        for i in range(2000):
            BadInit(i)
    except TypeError as e:
        print("bad init", i, e)
    try:
        for i in range(2000):
            Raises(i)
    except KeyError as e:
        tb = traceback.extract_tb(e.__traceback__)
        print("init raises", i, repr(e), [t.name for t in tb])


def truth():
    counts = [0, 0, 0, 0, 0]
    values = [0, 1, None, "", "x", [], [0], (), (1,), 0.0, 2.5, {}, {1: 2}]
    for i in range(3000):
        v = values[i % len(values)]
        if v:
            counts[0] += 1
        if not v:
            counts[1] += 1
        if v is None or v:
            counts[2] += 1
        while v:
            counts[3] += 1
            break
    print("truth", counts)


basics()
instances()
truth()
frames()
errors()
recursion()
finalizers()
swap_code()
