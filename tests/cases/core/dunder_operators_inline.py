# Binary operators whose left operand's special method is a Python function run that method
# as a frame of the interpreter's loop: what the operator returns, the reflected method after
# NotImplemented, the in-place method, the errors and their tracebacks, and the frames a
# method sees must be as CPython's.
import sys
import traceback


class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        if isinstance(other, V):
            return V(self.x + other.x)
        if isinstance(other, int):
            return V(self.x + other)
        return NotImplemented

    def __sub__(self, other):
        return V(self.x - other.x)

    def __mul__(self, k, scale=1):
        return V(self.x * k * scale)

    def __pow__(self, other):
        return NotImplemented

    def __truediv__(self, other):
        raise ZeroDivisionError(f"cannot divide {self.x}")

    def __repr__(self):
        return f"V({self.x})"


class W:
    def __radd__(self, other):
        return ("W.__radd__", other)


class SubV(V):
    def __radd__(self, other):
        return ("SubV.__radd__", other)


class Acc:
    def __init__(self):
        self.items = []

    def __iadd__(self, other):
        self.items.append(other)
        return self

    def __add__(self, other):
        return "plain add"


class Caller:
    def __add__(self, other):
        return sys._getframe(1).f_code.co_name


class Gen:
    def __add__(self, other):
        yield other


class Deep:
    def __add__(self, other):
        return self + other


def hot():
    v = V(0)
    for i in range(200):
        v = v + V(1)
        v = v - V(0)
        v = v * 1
        v = v + 1
        v += V(2)
    print("hot", v)


def fallbacks():
    seen = []
    for _ in range(40):
        outcomes = [V(1) + W(), V(1) + SubV(2), SubV(1) + SubV(2)]
        try:
            V(1) + "s"
        except TypeError as e:
            outcomes.append(str(e))
        try:
            v = V(1)
            v += "s"
        except TypeError as e:
            outcomes.append(str(e))
        try:
            V(1) ** V(2)
        except TypeError as e:
            outcomes.append(str(e))
        outcomes = repr(outcomes)
        if outcomes not in seen:
            seen.append(outcomes)
    print(len(seen), *seen, sep="\n")
    a = Acc()
    a += 1
    a += 2
    print("iadd", a.items, a + 1)
    print("frame", {Caller() + 1 for _ in range(30)})
    g = Gen() + 5
    print("generator", type(g).__name__, list(g))


def errors():
    for i in range(30):
        try:
            V(i) / V(1)
        except ZeroDivisionError:
            tb = traceback.extract_tb(sys.exc_info()[2])
            if i % 10 == 9:
                print("raised", [(t.name, t.line) for t in tb])
    try:
        Deep() + 1
    except RecursionError as e:
        print("RecursionError", e)


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)

    def __add__(self, other):
        print("add", self.name, other.name)
        return Noisy(self.name + other.name)


def finalizers():
    n = Noisy("a")
    for s in "bc":
        n = n + Noisy(s)
    print("result", n.name)
    del n


hot()
fallbacks()
errors()
finalizers()
print("done")
