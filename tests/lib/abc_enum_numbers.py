# CPython's own abc (through _py_abc), enum and numbers, run from its Lib/.
import abc
import enum
import numbers


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self):
        ...


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side ** 2


try:
    Shape()
except TypeError as e:
    print("TypeError:", e)
print(Square(3).area(), isinstance(Square(1), Shape), issubclass(Square, Shape))


class Duck:
    pass


Shape.register(Duck)
print(isinstance(Duck(), Shape), issubclass(Duck, Shape), Shape.__abstractmethods__)


class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = enum.auto()


print(Color.RED, repr(Color.GREEN), Color(3), Color["BLUE"], list(Color))
print(Color.RED.name, Color.RED.value, Color.RED is Color(1), len(Color))


class Perm(enum.IntFlag):
    R = 4
    W = 2
    X = 1


rw = Perm.R | Perm.W
print(rw, repr(rw), Perm.R in rw, Perm.X in rw, int(rw), Perm(7))


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


print(Level.LOW < Level.HIGH, Level.HIGH + 1, sorted([Level.HIGH, Level.LOW]))


@enum.unique
class Single(enum.Enum):
    A = "a"
    B = "b"


print(Single("b"), Single.A.value)
try:
    Color(9)
except ValueError as e:
    print("ValueError:", e)

print(isinstance(3, numbers.Integral), isinstance(2.5, numbers.Real),
      isinstance(1j, numbers.Complex), isinstance("x", numbers.Number))
print(issubclass(bool, numbers.Integral), numbers.Rational.__abstractmethods__ >= {"numerator"})
