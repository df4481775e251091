# Comparing, searching and printing deeply nested data ends in RecursionError (with CPython's
# message for comparisons), not a crash; moderately deep data still works.
# gc-zeal: skip (millions of nested containers: each full collection scans them all)
import sys

DEPTH = 200000


def nest(kind, depth=DEPTH, leaf=None):
    a = leaf if leaf is not None else kind()
    for _ in range(depth):
        if kind is dict:
            a = {1: a}
        elif kind is tuple:
            a = (a,)
        else:
            a = [a]
    return a


def attempt(name, op):
    try:
        r = op()
        print(name, 'returned', r if isinstance(r, (bool, int)) else type(r).__name__)
    except RecursionError as e:
        print(name, 'RecursionError:', e)


for kind in (list, tuple):
    a = nest(kind)
    b = nest(kind)
    print(kind.__name__)
    attempt('==', lambda: a == b)
    attempt('!=', lambda: a != b)
    attempt('<', lambda: a < b)
    attempt('>=', lambda: a >= b)
    attempt('in', lambda: a in [b])
    attempt('count', lambda: [b, b].count(a))
    attempt('index', lambda: (b,).index(a))
    attempt('repr', lambda: len(repr(a)))
    attempt('str', lambda: len(str(a)))
    attempt('identical', lambda: a == a)
    del a, b

d = nest(dict)
e = nest(dict)
print('dict')
attempt('==', lambda: d == e)
attempt('repr', lambda: len(repr(d)))
del d, e

# Self-referencing containers.
x = []
x.append(x)
y = []
y.append(y)
attempt('cyclic ==', lambda: x == y)
print(repr(x))

# Moderately deep data compares, hashes and prints normally.
m = nest(tuple, 300, 5)
n = nest(tuple, 300, 5)
print(m == n, m < nest(tuple, 300, 6), hash(m) == hash(n), len(repr(m)))
l = nest(list, 300, 5)
print(l == nest(list, 300, 5), len(str(l)), l in [1, nest(list, 300, 5)])
print({m: 1}[n])
print(sys.getrecursionlimit())
