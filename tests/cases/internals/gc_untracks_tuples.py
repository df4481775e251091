# A collection stops tracking tuples that can never be part of a cycle (CPython's
# _PyTuple_MaybeUntrack); tuples holding containers stay tracked, and untracked tuples are
# still freed by reference counting and still found inside cycles that hold them.
# gc-zeal: skip (prints whether a tuple is tracked before the first collection)
import gc

atomic = (1, "a", (2.0, None), b"x")
holder = (1, [])
print(gc.is_tracked(atomic), gc.is_tracked(holder))
gc.collect()
gc.collect()
print(gc.is_tracked(atomic), gc.is_tracked(atomic[2]), gc.is_tracked(holder))
print(atomic, holder)


class Node:
    pass


n = Node()
n.pair = (n, 1)
n.data = (1, 2, 3)
gc.collect()
print(gc.is_tracked(n.data), gc.is_tracked(n.pair))
del n
print(gc.collect() >= 2)
t = tuple(range(5))
gc.collect()
print(gc.is_tracked(t), sum(t))

# Dicts keyed by non-str objects still let the collector see cycles through their keys.
import weakref


class Key:
    pass


k = Key()
d = {"name": 1, k: 2}
k.back = d
r = weakref.ref(k)
del k, d
gc.collect()
print(r() is None)
