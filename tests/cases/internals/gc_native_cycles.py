# Cycles that pass through modules, built-in functions bound to them, dict views and
# built-in iterators are found by the collector, as in CPython.
import gc
import sys
import weakref

# A fresh copy of a native module: its functions hold the module, whose dict holds them.
import _struct
del sys.modules["_struct"]
import _struct as fresh
print("fresh copy:", fresh is not _struct)
fresh.calcsize("b")
ref = weakref.ref(fresh)
del fresh, sys.modules["_struct"]
gc.collect()
print("fresh _struct collected:", ref() is None)


class C:
    pass


for make in (dict.keys, dict.values, dict.items):
    obj = C()
    r = weakref.ref(obj)
    container = {obj: 1}
    obj.view = make(container)
    obj.it = iter(obj.view)
    del obj, container
    gc.collect()
    print(make.__name__, "view and iterator cycle collected:", r() is None)

for name, build in [
    ("map", lambda o: map(lambda x: o, [1])),
    ("filter", lambda o: filter(lambda x: o, [1])),
    ("zip", lambda o: zip([o])),
    ("enumerate", lambda o: enumerate([o])),
    ("reversed", lambda o: reversed([o])),
    ("iter(callable, sentinel)", lambda o: iter(lambda: o, None)),
    ("set iterator", lambda o: iter({o})),
]:
    obj = C()
    r = weakref.ref(obj)
    obj.it = build(obj)
    del obj
    gc.collect()
    print(name, "cycle collected:", r() is None)

# A function called by map may advance the zip that reads the map (CPython's test_sf_793826).
seen = []


def g(value, first=[1]):
    if first:
        del first[:]
        seen.append(next(z))
    return value


gen = map(g, [4, 1, 2, 3, 5, 6])
z = zip(*[gen] * 3)
print("outer:", next(z))
print("inner:", seen)
print("rest:", list(z))

# The same through enumerate and filter.
def h(x):
    if x == 0:
        inner.append(next(e))
    return True


inner = []
f = filter(h, range(4))
e = enumerate(f)
print(next(e), inner, list(e))
