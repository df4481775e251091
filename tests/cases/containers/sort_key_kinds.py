# Sorting by keys of one exact type (ints, floats, strs, tuples) takes a direct order;
# mixed, NaN-holding and user-defined keys compare with `<`. Every path is stable and
# honours reverse=True the same way.
import random

r = random.Random(5)
ints = [r.randrange(-50, 50) for _ in range(300)]
print(sorted(ints)[:10], sorted(ints, reverse=True)[:5])
recs = [(r.randrange(5), r.choice("abc"), i) for i in range(200)]
print(sorted(recs, key=lambda t: t[0])[:8])
print(sorted(recs, key=lambda t: t[0], reverse=True)[:8])
print(sorted(recs, key=lambda t: (t[1], -t[0]))[:8])
print(sorted(recs)[:5], sorted(recs, reverse=True)[:5])

# -0.0 and 0.0 are equal keys: their order is their original order.
fl = [0.0, -0.0, 1.5, -2.5, 0.0, -0.0]
print(sorted(fl), sorted(fl, reverse=True))
print(sorted(["b", "a", "\u00e9", "ab", "\ud800", "\U0001f600", ""]))
print(sorted([3, 1.5, True, 2]), sorted([10**20, 5, -10**20, 2**62]))
print(sorted([(1, 2), (1,), (), (0, 5, 1)]))
print(sorted([[1, 2], [1], [0, 9]]))


class K:
    def __init__(self, v):
        self.v = v

    def __lt__(self, o):
        return self.v < o.v

    def __repr__(self):
        return f"K({self.v})"


print(sorted([K(3), K(1), K(2)]))
print(sorted([(1, K(2)), (1, K(1)), (0, K(5))]))


class Backwards(tuple):
    def __lt__(self, o):
        return len(self) > len(o)


print(sorted([Backwards((1,)), Backwards((1, 2)), Backwards(())]))

for bad in ([(1, 2), (1, "a")], [1, "a"], [(K(1),), (2,)]):
    try:
        sorted(bad)
    except TypeError as e:
        print("TypeError:", e)

l = [(i % 3, str(i)) for i in range(50)]
l.sort(key=lambda t: t[1])
print(l[:6])
l.sort(key=lambda t: t[0], reverse=True)
print(l[:6])

# Tuples compare item by item without their __lt__ slot, as CPython does.
print((1, 2) < (1, 2, 3), (2,) > (1, 9), (1, 2) == (1, 2), (1, float("nan")) < (1, 2))
nested = (1, [(1, 2)])
print(nested < (1, [(1, 3)]), nested >= (1, [(1, 2)]))
deep = ()
for _ in range(100000):
    deep = (deep,)
try:
    deep < deep[0]
except RecursionError:
    print("RecursionError")
