# Generators consumed by native code (sum, any, all, set, list, ...): values handed over where
# the generator yields them must behave exactly as next() would return them.

def g(n):
    for i in range(n):
        yield i

print(sum(x for x in range(10)), sum(g(5)), sum((x * 0.5 for x in range(5)), 0.0))
print(sum(x for x in [1, 2.5, 3]), sum((x for x in [[1], [2]]), []))
print(sum(x for x in [2**62, 2**62, 1]))
print(list(g(4)), tuple(g(3)), sorted(x for x in [3, 1, 2]), "".join(c for c in "abc"))
print(set(x % 3 for x in range(10)), frozenset(str(x) for x in range(3)) == {"0", "1", "2"})
print(set((x, x) for x in range(3)) == {(0, 0), (1, 1), (2, 2)})

# any/all stop where CPython stops and leave the generator suspended there.
def noisy(vals):
    for v in vals:
        print("yield", v)
        yield v
    print("done")

it = noisy([0, 0, 3, 0])
print(any(it))
print(list(it))
it = noisy([1, "x", 0.0, 5])
print(all(it))
print(list(it))
print(any(noisy([])), all(noisy([])))
print(any(x for x in [None, "", 0, [], [1]]), all(x for x in [1, "a", (0,)]))

# Values whose equality runs Python code are handed over to the general path.
class K:
    def __init__(self, v): self.v = v
    def __hash__(self): return hash(self.v)
    def __eq__(self, o):
        print("eq", self.v, getattr(o, "v", o))
        return isinstance(o, K) and self.v == o.v
s = set(K(i % 2) if i < 4 else i % 2 for i in range(6))
print(sorted(type(x).__name__ for x in s))

# The generator is running while it runs, and not between items.
def watch():
    yield gen.gi_running
    yield gen.gi_running
gen = watch()
print(list(gen), gen.gi_running)

# An exception in the middle propagates with its traceback; StopIteration becomes RuntimeError.
def bad():
    yield 1
    yield 2
    raise ValueError("boom")
try:
    print(sum(bad()))
except ValueError as e:
    print("ValueError", e, e.__traceback__.tb_next is not None)
def stops():
    yield 1
    raise StopIteration
try:
    list(stops())
except RuntimeError as e:
    print("RuntimeError", e, type(e.__cause__).__name__)

# yield from inside a consumed generator.
def outer():
    yield 0
    yield from g(3)
    r = yield from (x for x in [10, 20])
    yield r
print(list(outer()), sum(x for x in outer() if x))

# Recursion through consumed generators.
def tree(d):
    if d == 0:
        yield 1
        return
    yield sum(tree(d - 1)) + sum(tree(d - 1))
print(list(tree(6)))

# Send values: a consumed generator sees None from each yield.
def echo():
    got = []
    for i in range(3):
        got.append((yield i))
    yield got
print(list(echo()))

# A generator closed after a partial any() runs its finally.
def fin():
    try:
        yield 0
        yield 1
        yield 2
    finally:
        print("finally")
f = fin()
print(any(f))
f.close()
print(list(x for x in range(3) if x), dict((k, k * 2) for k in range(3)))
print(max(x for x in range(5)), min(x for x in [3, 1]))
l = [0]
l.extend(x for x in range(3))
print(l)
