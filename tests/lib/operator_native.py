# operator over the native _operator: the functions, attrgetter/itemgetter/methodcaller
# (calls, reprs, pickling), length_hint, call, and `@` on numbers (a TypeError).
import operator
import pickle


class P:
    def __init__(self, x, y):
        self.x, self.y = x, y
        self.inner = self

    def scale(self, k, *, plus=0):
        return (self.x * k + plus, self.y * k + plus)


p = P(2, 3)
g = operator.attrgetter("x", "inner.y")
i = operator.itemgetter(1, -1)
m = operator.methodcaller("scale", 10, plus=1)
print(type(g).__module__, g(p), i("abcd"), m(p), operator.itemgetter(0)([9]))
print(repr(g), repr(i), repr(m))
for obj in (g, i, m, operator.methodcaller("scale", 2)):
    back = pickle.loads(pickle.dumps(obj))
    print(repr(back), back(p) if obj is not i else back("xyz"))
print(operator.add(1, 2), operator.iadd([1], [2]), operator.concat("a", "b"), operator.neg(5), operator.inv(5))
print(operator.lt(1, 2), operator.is_(None, None), operator.truth([]), operator.not_(0), operator.index(True))
print(operator.countOf([1, 2, 1], 1), operator.indexOf("abc", "c"), operator.contains({1: 2}, 1))
d = {}
operator.setitem(d, "k", 1)
print(operator.getitem(d, "k"), operator.delitem(d, "k"), d, operator.call(max, 3, 9, key=None))


class Hint:
    def __init__(self, v):
        self.v = v

    def __length_hint__(self):
        if isinstance(self.v, type):
            raise self.v
        return self.v


print(operator.length_hint([1, 2]), operator.length_hint(iter(range(5))), operator.length_hint(Hint(7)),
      operator.length_hint(Hint(NotImplemented), 3), operator.length_hint(Hint(TypeError), 4), operator.length_hint(object(), 2))
for bad in [lambda: operator.length_hint(Hint(-1)), lambda: operator.length_hint(Hint("x")),
            lambda: operator.concat(1, 2), lambda: operator.attrgetter(1), lambda: operator.methodcaller(),
            lambda: operator.itemgetter(), lambda: operator.matmul(4, 5), lambda: 2 @ 3, lambda: True @ 2,
            lambda: operator.indexOf([1], 5)]:
    try:
        print(bad())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
