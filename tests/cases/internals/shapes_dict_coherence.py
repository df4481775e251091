# `__dict__` and attribute access are two views of one store: a write through either is seen
# by the other, before and after quickened code has cached where the attribute lives.

class Obj:
    def __init__(self):
        self.a = 1
        self.b = 2

def read_a(objs):
    return [o.a for o in objs]

objs = [Obj() for _ in range(100)]
print(sum(read_a(objs)))

o = objs[0]
d = o.__dict__
d["a"] = 10            # through the dict
print(o.a, sum(read_a(objs)))
o.a = 11               # through the attribute
print(d["a"], d is o.__dict__)
d["c"] = 3
print(o.c, hasattr(o, "c"))
del d["b"]
print(hasattr(o, "b"), vars(o))
o.b = 20
print(d, list(d))
d.clear()
print(vars(o), hasattr(o, "a"))
o.a = 5
print(o.a, d)

# Replacing __dict__ takes the new dict itself.
o2 = objs[1]
nd = {"a": 100, "z": 26}
o2.__dict__ = nd
print(o2.__dict__ is nd, o2.a, o2.z, sum(read_a(objs)))
nd["a"] = 200
print(o2.a)
try:
    o2.__dict__ = [1]
except TypeError as e:
    print("TypeError:", e)
del o2.__dict__
print(vars(o2), hasattr(o2, "a"))

# vars() and __dict__ of a fresh instance, then mutation through update/setdefault/pop.
o3 = Obj()
vars(o3).update(x=1, y=2)
print(o3.x, o3.y, vars(o3))
print(vars(o3).setdefault("a", 99), vars(o3).pop("y"), hasattr(o3, "y"))

# copy, pickle-style state and __class__ assignment keep the attributes.
import copy
o4 = Obj()
o4.extra = [1, 2]
c = copy.copy(o4)
dc = copy.deepcopy(o4)
print(vars(c), vars(dc), c.extra is o4.extra, dc.extra is o4.extra)
print(o4.__reduce_ex__(2)[2])

class Other:
    def describe(self):
        return "Other with a=%r b=%r" % (self.a, self.b)

o5 = Obj()
o5.__class__ = Other
print(o5.describe(), type(o5).__name__, vars(o5))

# Deleting attributes in any order.
o6 = Obj()
o6.c = 3
del o6.a
print(vars(o6))
try:
    del o6.a
except AttributeError as e:
    print("AttributeError:", e)
o6.a = 1
print(vars(o6), [o6.a, o6.b, o6.c])
