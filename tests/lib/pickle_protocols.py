# pickle at the default protocol and 5 (its framer writes BytesIO.getbuffer() views), singletons,
# deepcopy and weak references of generic aliases, and starred aliases (PEP 646).
import pickle, io, copy, weakref, collections
data = {"a": [1, 2.5, "x" * 100, (None, True)], "e": ..., "n": NotImplemented, "b": b"\x00" * 70000}
s = pickle.dumps(data)
print(len(s) > 70000, pickle.loads(s) == data, pickle.loads(pickle.dumps(data, 5)) == data)
b = io.BytesIO(b"abcdef"); v = b.getbuffer(); print(bytes(v), len(v)); v[0] = ord("X"); print(b.getvalue())
print(copy.deepcopy(list[int]), weakref.ref(list[int])() == list[int], weakref.ref(collections.deque())() is None)
t = (*tuple[int],)[0]
print(t, t.__unpacked__, t.__typing_unpacked_tuple_args__, t == tuple[int], list[int].__unpacked__)
print([*tuple[int, str]], (*list[int],)[0].__typing_unpacked_tuple_args__)


class P(list):
    pass


p = P([1, 2])
p.x = 3
for proto in range(6):
    q = pickle.loads(pickle.dumps(p, proto))
    print(proto, q, q.x, type(q).__name__)
print(type(int.__new__).__name__, int.__new__.__self__ is int)
from typing import TypeVarTuple, Generic
Ts = TypeVarTuple("Ts")
class G(Generic[*Ts]):
    pass
def star_args(*args: *Ts):
    pass
print(G[int, str], tuple[*Ts], star_args.__annotations__, {(1, 2): "x"}[*(1, 2)])
