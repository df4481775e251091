def err(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__, e)

# sets: order must follow CPython's table
s = set(range(0, 100, 7))
print(s)
s2 = {x * 8 for x in range(20)}
print(s2)
print(s & s2, s | s2, s - s2, s ^ s2)
print(s.union([1, 2, 3], (64, 65)), s.intersection(range(50)), s.difference(range(30), [49]))
print(s.symmetric_difference(range(10)))
t = set(range(40))
for i in range(0, 40, 3):
    t.discard(i)
print(t, len(t))
t.update(range(100, 140, 5))
print(t)
u = set(range(20))
print([u.pop() for _ in range(5)], u)
u.difference_update(range(10))
print(u)
u.intersection_update({11, 12, 13, 99})
print(u)
u ^= {13, 14}
print(u)
u |= {1, 2}
u &= {1, 2, 14, 15}
u -= {2}
print(u)
print(frozenset([3, 1, 2]), frozenset(), set(), hash(frozenset()) == hash(frozenset([])))
print(hash(frozenset([1, 2, 3])), hash(frozenset(range(100))), hash(frozenset([(1, 2), 3])))
print({1, 2} < {1, 2, 3}, {1, 2} <= {1, 2}, {1, 2} > {1}, {1} >= {1, 2}, {1, 2} == frozenset({1, 2}), {1} != {2})
print({1, 2}.issubset([1, 2, 3]), {1, 2}.issuperset([1]), {1, 2}.isdisjoint([3]), {1}.isdisjoint({1}))
err(lambda: {1}.remove(2))
err(lambda: set().pop())
err(lambda: {[1]})
err(lambda: {1} | [2])
err(lambda: set(1))
err(lambda: set([1], [2]))
print(frozenset({1}) in {frozenset({1}): 1}, {1} in {frozenset({1})})
class S(set):
    pass
class F(frozenset):
    pass
print(S([1, 2]), F([3]), S(), F(), type(S([1]) | {2}).__name__, type(F([1]) | {2}).__name__)
print(set("a") == {"a"}, {1: 2}.keys() & {1})
it = iter({1, 2, 3})
ss = {1, 2, 3}
it = iter(ss)
next(it)
ss.add(9)
err(lambda: next(it))
# dict
d = {}
for i in range(10):
    d[i] = i * i
del d[3]
d[3] = 0
print(d, list(d.items())[:3], d.popitem(), d.pop(0), d.get(99), d.setdefault(5), d.setdefault(50, 'x'))
err(lambda: d[100])
err(lambda: {}.popitem())
err(lambda: {}.pop(1))
err(lambda: dict([(1, 2, 3)]))
err(lambda: dict([1]))
err(lambda: dict(1, 2))
err(lambda: {[]: 1})
err(lambda: {}.get())
print(dict.fromkeys("abc"), dict.fromkeys([1, 2], 0), {1: 1} | {2: 2}, {1: 1} == {1: 1.0}, {1: 2} != {1: 3})
x = {'a': 1}
x |= [('b', 2)]
x.update({'c': 3}, d=4)
print(x, list(reversed(x)), repr(x.keys()), x.values(), x.items())
x['self'] = x
print(x)
dd = {1: 'a'}
itr = iter(dd)
dd[2] = 'b'
err(lambda: next(itr))
print({}.keys(), {1: 2}.items() | {(3, 4)}, {1: 2}.keys() ^ [1, 5], {1: 1, 2: 2}.keys() - {1})
print(len({1: 2}.values()), 2 in {1: 2}.values(), (1, 2) in {1: 2}.items(), {1: 2}.keys() == {1}, {1: 2}.keys() < {1, 2})
err(lambda: hash({}.keys()))
print(hash({}.values()) is not None)
# lists
err(lambda: [].pop())
err(lambda: [1].pop(5))
err(lambda: [1][5])
k = 'a'
err(lambda: [1][k])
err(lambda: [1].index(2))
err(lambda: [1].remove(2))
err(lambda: [1] + (2,))
err(lambda: [1] * 'a')
err(lambda: [].append())
err(lambda: [].append(1, 2))
err(lambda: [].insert(1))
err(lambda: [].pop(1, 2))
err(lambda: [].index())
err(lambda: [].clear(1))
err(lambda: [].sort(1))
err(lambda: [3, 'a'].sort())
err(lambda: list(1))
err(lambda: list([1], [2]))
l = [1, 2, 3, 4, 5, 6]
l[1:5:2] = 'ab'
print(l)
l[::-1] = range(6)
print(l)
l[2:2] = [9, 9]
print(l)
l[5:2] = [7]
print(l)
err(lambda: l.__setitem__(slice(None, None, 2), [1]))
err(lambda: l.__setitem__(slice(0, 2), 5))
l[:] = l
print(l)
del l[::2]
print(l, l[-100:100], l[::-2], l[1::-1])
l = [1, [2]]
l.append(l)
print(l, [l], (l,))
l = [5, 3, 1]
def key(v):
    l.append(v)
    return v
err(lambda: l.sort(key=key))
print(l)
print(sorted([3, 1, 2], reverse=True), [1, 2, 3].index(3, -1), [1, 2, 1].index(1, 1, 3))
# tuple
t = (1, 2, 3)
err(lambda: t[5])
err(lambda: t.index(9))
err(lambda: t + [1])
err(lambda: t['a'])
print(t[::2], t[-1:], (1,) * 3, 3 * (1, 2), (1, 2) < (1, 2, 0), tuple(), tuple(range(3)), ((1,),), ((),))
class T(tuple):
    pass
print(T([1, 2]), type(T([1, 2])[0:1]).__name__, T((1,)) == (1,), len(T("ab")))
# range
r = range(-5, 20, 4)
print(r, list(r), r[1:3], r[::-1], r[-2], len(r), 7 in r, 8 in r, 3.0 in r, r.index(7), r.count(11))
err(lambda: r[100])
err(lambda: r.index(8))
err(lambda: range(0, 1, 0))
err(lambda: range())
err(lambda: range(1.5))
err(lambda: range(1, 2, 3, 4))
err(lambda: len(range(2**64)))
print(range(2**64)[5], range(2**64)[-1], range(10**20, 10**20 + 10, 3), 10**20 + 3 in range(10**20, 10**20 + 10, 3))
print(list(reversed(range(1, 10, 3))), range(0, 10, 2) == range(0, 9, 2), range(3)[1:], bool(range(0)), bool(range(2)))
print(range(5).start, range(5).stop, range(5).step, range(1, 2, 3).step)
print(list(range(2**63 - 2, 2**63 + 2)), list(reversed(range(2**63 - 2, 2**63 + 2))))
# slice
sl = slice(1, 10, 2)
print(sl, sl.start, sl.stop, sl.step, slice(5), slice(None), sl == slice(1, 10, 2), sl.indices(5), slice(-3, None).indices(10))
print(slice(None, None, -2).indices(7), slice(10**30, -10**30, -1).indices(4))
err(lambda: slice(1, 2, 0).indices(3))
err(lambda: slice(1).indices(-1))
err(lambda: [1, 2][::0])
err(lambda: [1, 2]['a':])
err(lambda: hash(slice(1)))
class I:
    def __index__(self):
        return 1
print([1, 2, 3][I()], [1, 2, 3][I():], range(5)[I()], (4, 5)[I()])
