# Calls of built-in functions and methods take short paths in the eval loop; each kind of
# callable must still bind exactly as CPython binds it, errors included.
import math


def show(f, *args):
    try:
        print(repr(f(*args)))
    except Exception as e:
        print(type(e).__name__ + ":", e)


lst = [3, 1, 2]
append = lst.append          # a method bound to its object
append(4)
print(lst, len(lst), isinstance(lst, list), isinstance(3, (str, int)), abs(-7))
fromkeys = dict.fromkeys      # a class method bound to its class
print(fromkeys("ab", 0), {}.fromkeys([1]))
show(str.upper, "abc")        # an unbound method called with its self
show(str.upper, 5)            # ... with the wrong self
show(str.upper)
show(list.append, (), 1)
print(math.sqrt(16.0), math.floor(2.5), divmod(7, 2), max(1, 5, 3), min([4, 2]))
show(len)
show(len, 1)
show(isinstance, 1)
show(int.__new__, int, "12")
show(object.__new__, 5)
show(int.__new__)
show(object, 1)
show(tuple, [1, 2], 3)
print(tuple([1, 2]), set(), list("ab"), frozenset(), dict(a=1), tuple(), str(), bytes(2))
print((5).__add__(2), "x".join(["a", "b"]), [1, 2].index(2), "abc".replace("b", "B"))
print(sorted([3, 1, 2], key=abs, reverse=True), sum([1, 2], 10), print is print)
show(sorted, [1], 2)


class Sub(list):
    pass


s = Sub([1, 2])
s.append(3)
print(s, type(s).__name__, len(s), s[1:], s[:None], lst[:None], lst[None:2], lst[::-1])


class Tup(tuple):
    def __new__(cls, *a):
        return super().__new__(cls, a)


print(Tup(1, 2), type(Tup(1)).__name__)


class NoNew:
    pass


show(NoNew, 1)
print(type(NoNew()).__name__, type(1), type("a") is str)
