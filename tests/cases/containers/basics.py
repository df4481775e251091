a = list(range(10))
print(a[2:5], a[::-1], a[::3], a[-3:], a[8:2:-2], a[100:], a[-100:2])
a[2:5] = ['x']
print(a)
a[::2] = range(len(a[::2]))
print(a)
try:
    a[::2] = [1, 2, 3]
except ValueError as e:
    print(e)
del a[::3]
print(a)
del a[1]
print(a, len(a))
l = [3, 1, 2]
l.sort()
print(l, l.pop(), l.pop(0), l)
try:
    [].pop()
except IndexError as e:
    print(e)
l = [1, 2, 3, 2]
print(l.index(2), l.index(2, 2), l.count(2))
try:
    l.index(9)
except ValueError as e:
    print(e)
l.remove(2); print(l)
l.insert(0, 'a'); l.insert(-1, 'b'); l.insert(100, 'c'); print(l)
x = [1]; x.append(x); print(x)
print([1, 2] + [3], [1] * 3, 2 * [0], [1, 2] < [1, 3], [1, 2] == [1, 2], [] != [1])
t = (1, 2, 3)
print(t, (1,), (), t[1:], t[::-1], t + (4,), t * 2, t.index(2), t.count(1), hash((1, 2)) == hash((1, 2)))
print(hash((1, 2, 3)), hash(()), hash((1, (2, 'a'))) == hash((1, (2, 'a'))))
r = range(0, 20, 3)
print(r, len(r), r[2], r[-1], r[1:4], r[::-1], 9 in r, 10 in r, r.index(9), r.count(9), list(reversed(r)))
print(range(5) == range(0, 5, 1), range(0) == range(5, 2), hash(range(0)) == hash(range(3, 3)))
print(list(range(10**20, 10**20 + 3)))
print(slice(1, 2), slice(1, None, 3).indices(10), slice(None, None, -1).indices(5))
try:
    range(1, 2, 0)
except ValueError as e:
    print(e)
try:
    hash([])
except TypeError as e:
    print(e)
class L(list):
    pass
m = L([1, 2, 3])
print(m, len(m), list(m), m[1:], type(m).__name__, [v for v in m])
print(tuple([1, 2]), list((3, 4)), list("abc"))
