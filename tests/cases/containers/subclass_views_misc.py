def err(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__, e)
d = {'a': {'b': 1}}
d['a']['self'] = d
print(d)
class D(dict):
    def __missing__(self, k):
        return k * 2
x = D(a=1)
print(x['zz'], x, x.get('q'), 'q' in x, type(x.copy()).__name__, D.fromkeys('ab', 0), type(D.fromkeys('a')).__name__)
class L(list):
    def __repr__(self):
        return 'L' + super().__repr__()
l = L([1, 2])
l += [3]
l *= 2
print(l, type(l).__name__, l[::2], type(l[::2]).__name__, l + [9], type(l + [9]).__name__, l == [1, 2, 3, 1, 2, 3])
a = [1, 2]
a += a
a.extend(a)
print(a, a * 0, a.__len__(), list(reversed(a)))
a *= 0
print(a)
b = [1, 2, 3]
del b[:]
print(b)
print(list.__hash__, dict.__hash__, set.__hash__ is None, tuple.__hash__ is None, frozenset.__hash__ is None)
err(lambda: hash([1]))
err(lambda: hash({}))
err(lambda: hash(set()))
err(lambda: hash(([],)))
print(hash((1, 'a')) == hash((1, 'a')), hash(()), hash((1,)), hash((1, 2, 3)), hash(((1, 2), (3, 4))), hash((-1,)), hash((None,)) == hash((None,)))
print(hash(range(3)) == hash(range(0, 3)), hash(frozenset({1, 2})), hash(frozenset({(1, 2)})))
print([1, 2] < [1, 2, 3], [2] > [1, 5], [1, 2] <= [1, 2], (1, 'a') < (1, 'b'), [[1]] == [[1]])
err(lambda: [1] < ['a'])
err(lambda: {} < {})
err(lambda: (1,) < [1])
print({(1, 2): 3}[1, 2], dict([[1, 2], 'ab']), dict({1: 2}.items()), {**{1: 2}, 3: 4}, {1: 2, **{1: 3}})
e = {}
e.update(a=1)
e.update([('b', 2)])
e.update(e)
print(e, sorted(e.keys() | e.values().__iter__().__class__.__name__.split()), len(e.items()))
k = {1: 'a', 2: 'b'}.items()
print(list(k), k, k & {(1, 'a')}, {(1, 'a'), 5} - k, k ^ {(1, 'a')})
print(sorted({3: 1, 1: 2}), max({1: 2, 5: 0}), list(zip({1: 2}, {3: 4}.values())))
print(set(range(5)) == set(range(5)), set([1, 2]) != frozenset([1, 2]), {1: 1}.keys() == {1: 2}.keys())
print(list(range(10))[::3], list(range(10))[-3:-1], tuple(range(10))[5:-5], "abc"[::-1])
print(range(0, -10, -3), list(range(0, -10, -3)), range(0, -10, -3)[1:], range(10)[::-2], range(10)[2:8][::2])
print(range(3) == range(3), range(3) != range(4), range(0) == range(1, 1), range(1, 2) == range(1, 3, 5))
print(list(range(5))[:-100], [][::-1], [1][:], [1, 2, 3][-1::-2])
m = list(range(10))
m[::3] = 'abcd'
print(m)
m[8:] = range(2)
print(m)
m[1:9:3] = ()  if False else m[1:9:3]
print(m)
del m[-2:]
del m[0]
print(m, m.pop(-2), m)
err(lambda: m.insert('a', 1))
err(lambda: [].pop('a'))
err(lambda: [1].index(1, 'a'))
err(lambda: [1, 2, 3][1:2:'a'])
print([1, 2, 3].index(3, -10, 10), [0] * -1, (0,) * 2, 2 * [[]])
print(frozenset([1, 2]) | {3}, {3} | frozenset([1]), type({3} | frozenset([1])).__name__, type(frozenset([1]) & {1}).__name__)
s = {1, 2, 3}
print(s.copy() == s, s.union(), s.intersection(), s.difference(), s.issubset(s), s.isdisjoint(set()))
err(lambda: s.add())
err(lambda: s.union(1))
err(lambda: frozenset().add)
print(frozenset({frozenset({1})}), {frozenset(): 1}, set([frozenset()]))
it = iter(range(3))
print(next(it), list(it), list(iter(range(10**20, 10**20 + 2))))
ri = reversed([1, 2, 3])
print(next(ri), list(ri))
di = iter({1: 2, 3: 4}.items())
print(next(di), list(di))
print(type(iter({})).__name__, type(iter({}.values())).__name__, type(iter({}.items())).__name__, type(iter(set())).__name__, type(reversed({})).__name__)
print(type(iter(range(3))).__name__, type(iter(range(10**20))).__name__, type(reversed(range(3))).__name__)
print([].__class__, {}.keys().__class__, type({}.values()))
