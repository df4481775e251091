# Subclasses of classmethod and staticmethod bind as their bases do (abc's
# abstractclassmethod is one); a bound method's __doc__ is its function's.
import abc


class acm(classmethod):
    def __init__(self, f):
        super().__init__(f)


class sm(staticmethod):
    pass


class C:
    @acm
    def make(cls):
        return cls.__name__

    @sm
    def five():
        return 5

    def plain(self):
        "plain's doc"

    def bare(self):
        pass


class D(C):
    pass


print(C.make(), C().make(), D.make(), C.five(), D().five())
print(type(C.__dict__["make"]).__name__, C.__dict__["make"].__func__.__name__)
print(C().plain.__doc__, C().bare.__doc__)


class Base(metaclass=abc.ABCMeta):
    @abc.abstractclassmethod
    def build(cls):
        return cls.__name__


print(Base.build.__isabstractmethod__, sorted(Base.__abstractmethods__))


class Impl(Base):
    @classmethod
    def build(cls):
        return "impl:" + super().build()


print(Impl.build(), Impl().build())


class aprop(property):
    pass


class P:
    @aprop
    def value(self):
        return 42


class Q(P):
    @property
    def value(self):
        return super().value + 1


print(P().value, Q().value)


class M(map):
    pass


u = M(str, [1, 2, 3])
print(type(u).__name__, next(u), list(u))
