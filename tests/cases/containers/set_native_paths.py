# set.add, set.remove and set.discard on their native paths (int and str keys) and off them
# (equal keys of other types, unhashable keys, sets as keys, __eq__ in Python, subclasses), and len().
s = {1, 2, "a", 3.0, (1, 2)}
s.discard(True); print(sorted(map(repr, s)))
s.add(1.0); s.add(True); print(sorted(map(repr, s)))
s.remove(3); print(sorted(map(repr, s)))
s.discard("a"); s.discard("zz"); s.discard(99); print(sorted(map(repr, s)))
try:
    s.remove("nope")
except KeyError as e:
    print("KeyError", e)
try:
    s.remove([1])
except TypeError as e:
    print("TypeError", e)
s.add(frozenset({1})); s.discard({1}); print(sorted(map(repr, s)))
class K:
    def __init__(self, v): self.v = v
    def __hash__(self): return hash(self.v)
    def __eq__(self, o): return self.v == (o.v if isinstance(o, K) else o)
s = {K(5), 6}
s.discard(5); print(len(s)); s.add(6); s.add(K(6)); print(len(s))
class S(set): pass
t = S([1, 2]); t.add(3); t.remove(1); t.discard(2); print(sorted(t), len(t), len({1,2,3}), len(frozenset("abc")), len(S()))
big = set()
for i in range(1000): big.add(i); big.add(str(i))
for i in range(0, 1000, 2): big.remove(i); big.discard(str(i))
print(len(big), sum(x for x in big if isinstance(x, int)))
