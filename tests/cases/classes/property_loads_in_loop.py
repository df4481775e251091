# Property reads in hot loops (LOAD_ATTR_PROPERTY): the getter runs as a frame of the same
# eval loop; every way the guess can stop holding falls back to the general lookup.
import sys
import traceback


class P:
    def __init__(self, x):
        self.x = x

    @property
    def double(self):
        return self.x * 2

    @property
    def with_default(self, k=3):
        return self.x + k

    @property
    def boom(self):
        raise AttributeError("no boom for " + str(self.x))

    @property
    def deep(self):
        return self.deep

    @property
    def gen(self):
        yield self.x
        yield self.x + 1


def total(ps, n):
    t = 0
    for _ in range(n):
        for p in ps:
            t += p.double + p.with_default
    return t


ps = [P(i) for i in range(5)]
print(total(ps, 30))

# The getter's errors, with their traceback through the getter.
def read_boom(p):
    return p.boom

for i in range(30):
    try:
        read_boom(ps[i % 5])
    except AttributeError as e:
        last = e
print(last)
try:
    read_boom(ps[0])
except AttributeError:
    lines = traceback.format_exc().splitlines()
    print([l.strip() for l in lines if l.strip().startswith(("return", "raise"))])

# A class with __getattr__ sees the getter's AttributeError.
class Q(P):
    def __getattr__(self, name):
        return "fallback " + name

qs = [Q(i) for i in range(3)]
print([read_boom(q) for q in qs * 10][-3:])

# A property getter that is a generator function returns a generator.
print([list(p.gen) for p in ps[:2] * 10][-2:])

# Endless recursion through a getter.
try:
    ps[0].deep
except RecursionError as e:
    print("RecursionError", e)


# The class changes under a quickened loop: the property is replaced, then becomes a plain
# class attribute, then the instance's class is reassigned.
class R:
    def __init__(self, v):
        self.v = v

    @property
    def val(self):
        return self.v


def read_all(rs):
    return [r.val for r in rs]


rs = [R(i) for i in range(4)]
for _ in range(20):
    out = read_all(rs)
print(out)
R.val = property(lambda self: -self.v)
print(read_all(rs))
R.val = 7
print(read_all(rs))
R.val = property(lambda self: self.v * 10)
print(read_all(rs))


class R2:
    def __init__(self, v):
        self.v = v

    @property
    def val(self):
        return ("R2", self.v)


rs[1].__class__ = R2
print(read_all(rs))

# A property's own getter replaced through property.__init__.
prop = R.__dict__["val"]
for _ in range(20):
    read_all(rs[2:])
prop.__init__(lambda self: "reinit")
print(read_all(rs[2:]))

# Getters that are not Python functions, and property subclasses.
import operator

class S:
    def __init__(self, n):
        self.n = n
    n2 = property(operator.attrgetter("n"))

class LoudProperty(property):
    def __get__(self, obj, cls=None):
        return ("loud", super().__get__(obj, cls))

class T:
    def __init__(self, n):
        self.n = n
    @LoudProperty
    def n3(self):
        return self.n * 3

ss = [S(i) for i in range(3)]
ts = [T(i) for i in range(3)]
print([s.n2 for s in ss * 10][-3:], [t.n3 for t in ts * 10][-3:])

# An instance attribute of the same name does not shadow the (data descriptor) property.
r = R(5)
r.__dict__["val"] = "shadow"
print([r.val for _ in range(20)][-1], r.__dict__["val"])

# The frame of a getter is a real frame.
class F:
    @property
    def where(self):
        f = sys._getframe()
        return f.f_code.co_name, f.f_back.f_code.co_name

def caller(o):
    return o.where

print([caller(F()) for _ in range(20)][-1])
