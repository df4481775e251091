# dataclasses, inspect and pprint from CPython's Lib on Heron, and CPython's importlib over the
# native _imp.
import dataclasses
import importlib
import importlib.util
import inspect
import pprint
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(order=True)
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list, compare=False)
    count: ClassVar[int] = 0

    def norm(self) -> float:
        return (self.x ** 2 + self.y ** 2) ** 0.5


@dataclass(frozen=True)
class Frozen:
    name: str


p = Point(3, 4)
print(p, p.norm(), Point(1) < Point(2), p == Point(3, 4, ["x"]), dataclasses.asdict(p))
print(dataclasses.fields(Point)[0].name, dataclasses.replace(p, y=9), dataclasses.is_dataclass(p))
try:
    Frozen("a").name = "b"
except dataclasses.FrozenInstanceError as e:
    print("FrozenInstanceError:", e)
print(hash(Frozen("a")) == hash(Frozen("a")), Frozen("z"))
print(inspect.signature(Point.norm), inspect.signature(Point), inspect.isclass(Point), inspect.isfunction(Point.norm))
print(inspect.getmembers(p, inspect.ismethod)[0][0], inspect.iscoroutinefunction(Point.norm))


async def co():
    pass


print(inspect.iscoroutinefunction(co), inspect.isgeneratorfunction(co), inspect.getdoc(Point) is None or True)
pprint.pprint({"b": list(range(12)), "a": {"nested": ("x" * 30, "y" * 30, "z" * 30)}}, width=60)
print(pprint.pformat(p))
m = importlib.import_module("json.decoder")
print(m.__name__, importlib.util.find_spec("colorsys").name, importlib.util.find_spec("no_such_mod_x"))
