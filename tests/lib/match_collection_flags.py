# match's sequence and mapping patterns follow the types' collection flags, as CPython's
# Py_TPFLAGS_SEQUENCE/MAPPING: built-in sequences and mappings, their subclasses, and
# collections.abc classes by inheritance or registration; duck-typed classes do not match.
import collections, array
from collections.abc import Sequence, Mapping
class G:
    def __getitem__(self, i): return i
    def __len__(self): return 0
class K:
    def keys(self): return []
    def __getitem__(self, k): return k
class S(Sequence):
    def __getitem__(self, i):
        if i < 2: return i
        raise IndexError
    def __len__(self): return 2
class R:
    def __getitem__(self, i):
        if i: raise IndexError
        return 7
    def __len__(self): return 1
Sequence.register(R)
class L(list): pass
class UD(collections.UserDict): pass
def kind(x):
    match x:
        case {**rest}: return "mapping"
        case [*items]: return "sequence"
        case _: return "other"
for x in [[1], (1,), range(2), memoryview(b"ab"), array.array("b"), collections.deque(), "s", b"b", bytearray(),
          {}, collections.OrderedDict(), collections.defaultdict(int), type.__dict__, G(), K(), S(), R(), L(), UD(), collections.UserList()]:
    print(type(x).__name__, kind(x))
