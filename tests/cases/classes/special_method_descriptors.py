# A special method stored on a class as a non-function descriptor (an object with __get__,
# as unittest.mock's MagicProxy) is bound through __get__ and the result called, for every
# protocol, as CPython's slot lookup does.
import asyncio
import math
import cmath


class Proxy:
    def __init__(self, name, result):
        self.name, self.result = name, result

    def __get__(self, obj, owner=None):
        def bound(*args):
            print("called", self.name, "with", len(args), "arguments")
            return self.result
        return bound


class Done:
    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration


class C:
    pass


c = C()
C.__next__ = Proxy("__next__", 1)
C.__enter__ = Proxy("__enter__", "entered")
C.__exit__ = Proxy("__exit__", False)
C.__bytes__ = Proxy("__bytes__", b"xy")
C.__float__ = Proxy("__float__", 2.5)
C.__int__ = Proxy("__int__", 7)
C.__complex__ = Proxy("__complex__", 1j)
C.__abs__ = Proxy("__abs__", 3)
C.__dir__ = Proxy("__dir__", ["b", "a"])
C.__reversed__ = Proxy("__reversed__", iter([3, 2]))
C.__trunc__ = Proxy("__trunc__", 9)
C.__eq__ = Proxy("__eq__", True)

print(next(c))
with c as v:
    print("with gave", v)
print(bytes(c), float(c), int(c), complex(c), abs(c))
print(dir(c), list(reversed(c)), math.trunc(c), cmath.sqrt(c))
print(c != c)


class D(dict):
    __missing__ = Proxy("__missing__", "default")


print(D()["key"])


class Meta(type):
    __instancecheck__ = Proxy("__instancecheck__", True)
    __subclasscheck__ = Proxy("__subclasscheck__", True)


class E(metaclass=Meta):
    pass


print(isinstance(1, E), issubclass(int, E))


class A:
    pass


A.__aenter__ = Proxy("__aenter__", asyncio.sleep(0, "async entered"))
A.__aexit__ = Proxy("__aexit__", asyncio.sleep(0, False))
A.__await__ = Proxy("__await__", Done())


async def main():
    async with A() as v:
        print("async with gave", v)
    print("await gave", await A())


asyncio.run(main())

from unittest import mock

m = mock.MagicMock()
m.__iter__.return_value = iter([1, 2])
print(list(m))
am = mock.MagicMock()
am.__aiter__.return_value = [1, 2, 3]


async def collect():
    return [x async for x in am]


print(asyncio.run(collect()))
with mock.MagicMock() as entered:
    print(type(entered).__name__)
h = mock.mock_open(read_data="a\nb\n")()
print(next(h), list(h))

# getset descriptors name themselves and their class; a union reports its type's module.
real = int.__dict__["real"]
print(real.__name__, real.__qualname__, real.__objclass__, (int | str).__module__)
