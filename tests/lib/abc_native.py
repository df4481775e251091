# abc.ABCMeta over the native _abc: abstract methods, registration, the caches.
import _abc
import abc
import collections.abc as cabc
import inspect
import sys

print("_py_abc" in sys.modules, abc.ABCMeta.__module__)


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...

    @property
    @abc.abstractmethod
    def name(self): ...


class Square(Shape):
    def area(self):
        return 4


print(sorted(Shape.__abstractmethods__), sorted(Square.__abstractmethods__))
print(inspect.isabstract(Shape), inspect.isabstract(Square))
try:
    Square()
except TypeError as e:
    print("TypeError:", e)


class Named(Square):
    name = "sq"


print(Named().area(), Named.__abstractmethods__, inspect.isabstract(Named))


class P:
    @property
    def v(self):
        return 1

    @v.setter
    @abc.abstractmethod
    def v(self, x): ...


print(P.v.__isabstractmethod__)
try:
    print(type.__abstractmethods__)
except AttributeError as e:
    print("AttributeError:", e)


class Registered:
    pass


print(issubclass(Registered, Shape), isinstance(Registered(), Shape))
token = abc.get_cache_token()
print(Shape.register(Registered) is Registered, abc.get_cache_token() != token)
print(issubclass(Registered, Shape), isinstance(Registered(), Shape))
try:
    Shape.register(3)
except TypeError as e:
    print("TypeError:", e)
try:
    Registered.register  # not an ABC
except AttributeError as e:
    print("AttributeError:", type(e).__name__)


class Base(abc.ABC):
    pass


class Derived(Base):
    pass


try:
    Derived.register(Base)
except RuntimeError as e:
    print("RuntimeError:", e)
print(Base.register(Derived) is Derived)


class Sized2(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Sized2:
            return any("__len__" in B.__dict__ for B in C.__mro__)
        return NotImplemented


print(issubclass(list, Sized2), issubclass(int, Sized2), isinstance("x", Sized2))


class Liar:
    @property
    def __class__(self):
        return list


print(isinstance(Liar(), cabc.Sequence), isinstance(Liar(), Sized2))
registry, cache, negative, version = _abc._get_dump(Sized2)
print(len(registry), sorted(r().__name__ for r in cache), sorted(r().__name__ for r in negative))
Sized2._abc_caches_clear()
print([len(s) for s in _abc._get_dump(Sized2)[:3]])
Shape._abc_registry_clear()
print(issubclass(Registered, Shape))


class Seq(cabc.Sequence):
    def __getitem__(self, i):
        return i

    def __len__(self):
        return 0


print("__abc_tpflags__" in cabc.Sequence.__dict__, bool(Seq.__flags__ & (1 << 5)))
print(bool(cabc.Mapping.__flags__ & (1 << 6)), bool(dict.__flags__ & (1 << 29)))
print(isinstance({}, cabc.Mapping), isinstance([], cabc.Mapping), isinstance((), cabc.Sequence))
print(issubclass(bool, cabc.Hashable), issubclass(list, cabc.Hashable))
try:
    issubclass(3, cabc.Sized)
except TypeError as e:
    print("TypeError:", e)
