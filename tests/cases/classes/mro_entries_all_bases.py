# __mro_entries__ receives all the original bases (CPython's update_bases), which is how
# typing drops a redundant Generic[T] when a later base is already generic.
from typing import Generic, TypeVar


class Entry:
    def __init__(self, n):
        self.n = n

    def __mro_entries__(self, bases):
        print(self.n, "sees", [getattr(b, "n", b) for b in bases])
        return (dict,) if self.n == 1 else ()


class C(Entry(1), Entry(2), object):
    pass


print([k.__name__ for k in C.__mro__])
print([type(b).__name__ for b in C.__orig_bases__])

T = TypeVar("T")


class B(Generic[T]):
    pass


class A(Generic[T]):
    pass


class D(list[int], Generic[T], B[T]):
    pass


class E(A[T], Generic[T], B[T]):
    pass


print([k.__name__ for k in D.__mro__])
print([k.__name__ for k in E.__mro__])


class Bad:
    def __mro_entries__(self, bases):
        return [object]


try:
    class F(Bad()):
        pass
except TypeError as e:
    print("TypeError:", e)

try:
    class G(object, dict):
        pass
except TypeError as e:
    print("TypeError:", e)
