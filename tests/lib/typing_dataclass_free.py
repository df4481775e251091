# typing, collections.abc, contextlib and weakref from CPython's Lib/, on Heron.
import collections
import collections.abc
import contextlib
import typing
import weakref
from typing import Generic, NamedTuple, Optional, Protocol, TypedDict, TypeVar, Union

T = TypeVar("T")


class Box(Generic[T]):
    def __init__(self, item: T):
        self.item = item


class Point(NamedTuple):
    x: int
    y: int = 0


class Movie(TypedDict):
    title: str
    year: int


class Closeable(Protocol):
    def close(self) -> None: ...


print(Box[int], Box(3).item, Optional[int], Union[int, str], typing.List[int], list[Optional[str]])
print(Point(1), Point._fields, Point(2, 3)._asdict(), Movie(title="x", year=1))
print(typing.get_type_hints(Point), typing.get_origin(list[int]), typing.get_args(dict[str, int]))
print(isinstance([], collections.abc.Sequence), isinstance({}, collections.abc.Mapping),
      issubclass(collections.deque, collections.abc.MutableSequence), isinstance(iter([]), typing.Iterator))


@contextlib.contextmanager
def tag(name):
    print(f"<{name}>")
    yield name
    print(f"</{name}>")


with tag("a") as n, contextlib.suppress(KeyError):
    print("inside", n)
    {}["missing"]
with contextlib.ExitStack() as stack:
    for i in range(2):
        stack.enter_context(tag(f"s{i}"))
    stack.callback(print, "callback")


class Node:
    pass


n = Node()
d = weakref.WeakValueDictionary()
d["n"] = n
s = weakref.WeakSet([n])
print(len(d), len(s), d["n"] is n)
del n
import gc
gc.collect()
print(len(d), len(s))
c = collections.Counter("abracadabra")
print(c.most_common(2), collections.OrderedDict(a=1), collections.ChainMap({"a": 1}, {"b": 2})["b"])
dq = collections.deque([1, 2, 3], maxlen=3)
dq.append(4)
print(dq, collections.defaultdict(list, a=[1]))
