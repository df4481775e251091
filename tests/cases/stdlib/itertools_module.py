import itertools as it
src = iter(range(20))
print(list(it.islice(src, 2, 8, 3)), next(src), list(it.islice(src, 0)), next(src))
print(list(it.islice("abc", None)), list(it.islice("abcdef", 1, None, 2)))
for bad in [(-1,), (1, -1), (0, 5, 0)]:
    try:
        it.islice("abc", *bad)
    except ValueError as e:
        print(e)
g = it.groupby("aabbbcc")
k1, grp1 = next(g); k2, grp2 = next(g)
print(k1, list(grp1), k2, list(grp2), [(k, list(v)) for k, v in g])
a, b, c = it.tee(iter("xyz"), 3)
print(next(a), next(a), next(b), list(c), list(a), list(b))
print(list(it.zip_longest()), list(it.zip_longest("a", "bc", "def")), list(it.pairwise([1])), list(it.pairwise([])))
print(list(it.product([1, 2], "", [3])), list(it.permutations("ab", 3)), list(it.combinations_with_replacement("", 0)), list(it.combinations_with_replacement("ab", 0)))
print(it.count(5), it.count(1, 2), it.count(0.5), it.repeat("a", 2), it.repeat(1))
print(list(it.chain.from_iterable(["ab", "cd"])), list(it.chain()), list(it.filterfalse(None, [0, 1, "", "x"])))
print(list(it.accumulate([1, 2, 3], lambda a, b: a * 10 + b)), list(it.accumulate([], initial=5)))
try:
    it.combinations("abc", -1)
except ValueError as e:
    print(e)
cy = it.cycle([]); print(list(cy))
print(list(it.compress(range(10), it.cycle([1, 0]))), list(it.takewhile(bool, [1, 2, 0, 3])), list(it.dropwhile(bool, [1, 0, 2])))
