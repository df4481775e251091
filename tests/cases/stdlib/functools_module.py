import functools, operator
from functools import partial, lru_cache, reduce, total_ordering, singledispatch
p = partial(print, 1, sep="-")
p(2, 3)
print(repr(partial(max, 1)), partial(partial(max, 1), 2, key=abs).args)
@lru_cache(maxsize=3, typed=True)
def f(x):
    return x * 2
for v in [1, 1.0, 2, 1, 3, 4, 1]:
    f(v)
print(f.cache_info(), f.cache_parameters(), f.__name__, f.__wrapped__.__name__)
@lru_cache
def g(a, b=2):
    return a + b
print(g(1), g(1, b=2), g(1, 2), g.cache_info())
print(reduce(operator.add, [], 0), reduce(operator.mul, [1, 2, 3, 4], 1))
@total_ordering
class V:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
    def __gt__(self, o):
        return self.v > o.v
print(V(1) < V(2), V(1) <= V(1), V(3) >= V(4), sorted([V(3), V(1), V(2)], key=lambda x: x).__len__())
@singledispatch
def show(x):
    return "obj:" + repr(x)
@show.register
def _(x: int):
    return "int:%d" % x
@show.register(list)
def _(x):
    return "list of %d" % len(x)
print(show(1), show(True), show([1, 2]), show("s"), show(2.5))
print(operator.itemgetter(1, 2), operator.attrgetter("a.b"), operator.methodcaller("m", 1, k=2))
class A: pass
a = A(); a.b = A(); a.b.c = 5
print(operator.attrgetter("b.c")(a), operator.length_hint([1, 2]), operator.length_hint(iter(range(5))), operator.length_hint(object(), 7))
print(operator.index(True), operator.is_not(1, None), operator.neg(-2), operator.pos(3), operator.abs(-4), operator.invert(5), operator.lshift(1, 4), operator.rshift(32, 2), operator.or_(1, 2), operator.ge(2, 2), operator.ne(1, 2), operator.le(1, 2), operator.gt(1, 2))
l = [1]; print(operator.imul(l, 2), operator.isub(5, 2), operator.ior({1}, {2}), operator.iconcat([1], [2]))
try:
    operator.indexOf([1], 2)
except ValueError as e:
    print(e)
def deco(fn):
    @functools.wraps(fn)
    def w(*a):
        return fn(*a)
    return w
@deco
def h(x):
    "doc"
    return x
print(h.__name__, h.__doc__, h.__qualname__, h(3))
print(sorted([3, 1, 2], key=functools.cmp_to_key(lambda a, b: b - a)))
