# __slots__ values live in fixed cells beside the shape's; each kind of class keeps working.

class P:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

ps = [P(i, -i) for i in range(100)]
print(sum(p.x for p in ps), sum(p.y for p in ps))
p = ps[3]
try:
    p.z = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    p.__dict__
except AttributeError as e:
    print("AttributeError:", e)
del p.y
try:
    p.y
except AttributeError as e:
    print("AttributeError:", e)
p.y = 9
print(p.x, p.y, P.x, type(P.__dict__["x"]).__name__)

# A subclass without __slots__ adds a dict after the parent's slots.
class Q(P):
    def __init__(self, x, y, w):
        super().__init__(x, y)
        self.w = w

qs = [Q(i, i, i * 2) for i in range(100)]
print(sum(q.x + q.w for q in qs), vars(qs[1]), qs[1].x)
q = qs[2]
q.__dict__["v"] = 5
print(q.v, q.x, q.y, sorted(vars(q)))
q.__dict__ = {"only": 1}
print(q.only, q.x, vars(q))

# __dict__ and __weakref__ named in __slots__.
import weakref

class R:
    __slots__ = ("a", "__dict__", "__weakref__")

r = R()
r.a = 1
r.b = 2
w = weakref.ref(r)
print(r.a, r.b, vars(r), w() is r)
del r
print(w())

# Slots plus class-level data descriptors and __class__ assignment between slotted classes.
class S1:
    __slots__ = ("v",)
    def kind(self):
        return "S1"

class S2:
    __slots__ = ("v",)
    def kind(self):
        return "S2"

s = S1()
s.v = 7
s.__class__ = S2
print(s.kind(), s.v)
try:
    s.__class__ = P
except TypeError as e:
    print("TypeError:", e)

# Many instances with slots and cycles are collected.
import gc

class Node:
    __slots__ = ("other", "__weakref__")

a, b = Node(), Node()
a.other, b.other = b, a
wa = weakref.ref(a)
del a, b
gc.collect()
print(wa())
