# The native itertools: every iterator, subclassing, pickling and copying of partly consumed
# iterators (itertools' and the built-in ones), tee, and argument errors.
import copy
import operator
import pickle
from itertools import *

print(list(islice(count(5), 3)), list(islice(count(1.5, 0.5), 3)), repr(count(3)), repr(count(2, 3)))
print(list(repeat("x", 3)), repr(repeat(1, 2)), repeat(None, 4).__length_hint__())
print(list(islice(cycle("ab"), 5)), list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], operator.mul, initial=10)))
print(list(chain("ab", [1])), list(chain.from_iterable(["xy", "z"])), chain[int])
print(list(compress("abcdef", [1, 0, 1, 0, 1])), list(dropwhile(lambda x: x < 3, [1, 4, 1])),
      list(takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(filterfalse(None, [0, 1, "", "a"])))
print([(k, list(g)) for k, g in groupby("aabbbc")], [(k, len(list(g))) for k, g in groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)])
print(list(islice(range(10), 2, 8, 3)), list(islice("abc", None)), list(pairwise("abcd")))
print(list(starmap(pow, [(2, 3), (3, 2)])), list(zip_longest("ab", [1], fillvalue="-")))
print(list(product("ab", repeat=2)), list(product(range(2), "xy")), list(product()))
print(list(combinations(range(4), 2)), list(combinations_with_replacement("ab", 2)))
print(list(permutations(range(3), 2)), list(permutations("ab")), list(combinations("ab", 3)))
a, b, c = tee(iter(range(4)), 3)
print(next(a), list(b), list(a), list(c), tee([], 0))
t1, = tee(range(3), 1)
t2 = copy.copy(t1)
print(list(t1), list(t2))


class Doubler(islice):
    def __init__(self, *args, label=""):
        self.label = label


d = Doubler(range(10), 0, 6, 2, label="L")
print(type(d).__name__, d.label, list(d))
try:
    islice(range(3), 1, label="x")
except TypeError as e:
    print("TypeError:", e)


def below2(x):
    return x < 2


def below4(x):
    return x < 4


def roundtrip(it, consume):
    for _ in range(consume):
        next(it)
    copies = [pickle.loads(pickle.dumps(it, proto)) for proto in range(pickle.HIGHEST_PROTOCOL + 1)]
    copies += [copy.copy(it), copy.deepcopy(it)]
    outs = [list(c) for c in copies]
    assert all(o == outs[0] for o in outs), outs
    return outs[-1]


for make, n in [
    (lambda: count(3), 0), (lambda: repeat("r", 5), 2), (lambda: cycle("abc"), 4),
    (lambda: accumulate(range(6)), 2), (lambda: chain("ab", "cd"), 3),
    (lambda: compress(range(6), [1, 0, 1, 1]), 1), (lambda: dropwhile(below2, range(5)), 1),
    (lambda: takewhile(below4, range(9)), 1), (lambda: filterfalse(None, [0, 1, 0, 2]), 1),
    (lambda: groupby("aabbcc"), 1), (lambda: islice(range(20), 2, 12, 3), 1),
    (lambda: starmap(operator.add, [(1, 2), (3, 4), (5, 6)]), 1),
    (lambda: zip_longest("abc", "de"), 1), (lambda: product("ab", "cd"), 2),
    (lambda: combinations("abcd", 2), 2), (lambda: combinations_with_replacement("abc", 2), 3),
    (lambda: permutations("abc"), 2), (lambda: iter([1, 2, 3]), 1), (lambda: iter("héllo"), 2),
    (lambda: iter(range(3, 30, 4)), 2), (lambda: map(str, [1, 2, 3]), 1),
    (lambda: filter(None, [0, 1, 2]), 1), (lambda: zip("abc", range(3)), 1),
    (lambda: enumerate("xyz", 5), 1), (lambda: reversed((1, 2, 3)), 1),
    (lambda: iter({"a": 1, "b": 2, "c": 3}.items()), 1), (lambda: reversed({"a": 1, "b": 2}), 1),
    (lambda: iter({"k": 1, "v": 2}.values()), 0), (lambda: iter({5, 6, 7}), 1),
]:
    it = make()
    if isinstance(it, (count, cycle)):
        for _ in range(n):
            next(it)
        copies = [pickle.loads(pickle.dumps(it)), copy.copy(it), copy.deepcopy(it)]
        print(type(it).__name__, [list(islice(c, 7)) for c in copies])
        continue
    print(type(it).__name__, roundtrip(it, n) if not isinstance(it, groupby) else "groupby ok")
for bad in [lambda: islice(range(3), -1), lambda: islice(range(3), 0, 1, 0), lambda: combinations("ab", -1),
            lambda: product("a", repeat=-1), lambda: count("a"), lambda: tee([], -1),
            lambda: accumulate(range(3), None, 5)]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
