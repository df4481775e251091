# gc.get_stats, gc.get_referents and gc.get_referrers, in CPython's traversal order (list and
# tuple items last to first; a dict's values, and its keys only once a key is not a str).
# gc-zeal: skip (counts collections)
import gc


class A:
    def __repr__(self):
        return "A()"


stats = gc.get_stats()
print(len(stats), sorted(stats[0]), all(isinstance(v, int) for s in stats for v in s.values()))
before = gc.get_stats()[2]["collections"]
gc.collect()
print(gc.get_stats()[2]["collections"] == before + 1)
a = A()
lst = [a, "x", 3]
print(gc.get_referents(lst), gc.get_referents((1, lst)) == [lst, 1])
d = {"k": lst}
print(gc.get_referents(d))
d2 = {1: "one", "k": a}
print(gc.get_referents(d2))


def f():
    return a


print(f.__code__ in gc.get_referents(f), f.__globals__ in gc.get_referents(f))
refs = gc.get_referrers(lst)
print(any(r is d for r in refs), any(r is globals() for r in refs))
print(gc.get_referents(1, "s"), gc.get_referents())
