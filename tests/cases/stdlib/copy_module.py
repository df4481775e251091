import copy, types
from collections import OrderedDict, defaultdict, Counter, deque, namedtuple
class P:
    def __init__(self, v):
        self.v = v
        self.items = [v, [v]]
    def __repr__(self):
        return "P(%r, %r)" % (self.v, self.items)
class Q:
    def __init__(self):
        self.n = 0
    def __copy__(self):
        q = Q(); q.n = self.n + 100; return q
    def __deepcopy__(self, memo):
        q = Q(); q.n = self.n + 1000; return q
a = [1, [2, 3], {"k": [4]}, (5, [6]), P(7)]
b = copy.copy(a); c = copy.deepcopy(a)
print(b, c, b[1] is a[1], c[1] is a[1], c[3] is a[3], c[4] is a[4], c[4].items is a[4].items)
t = (1, 2, "x"); print(copy.deepcopy(t) is t, copy.copy(t) is t)
r = [1]; r.append(r); r2 = copy.deepcopy(r); print(r2[1] is r2, r2 is r)
print(copy.copy(Q()).n, copy.deepcopy(Q()).n, copy.deepcopy([Q(), Q()])[1].n)
od = OrderedDict(a=1, b=[2]); od2 = copy.deepcopy(od); print(od2, od2["b"] is od["b"], type(od2).__name__)
dd = defaultdict(list, {"x": [1]}); dd2 = copy.deepcopy(dd); print(dd2, dd2["x"] is dd["x"])
print(copy.copy(Counter("aab")), copy.deepcopy(deque([1, [2]], maxlen=5)))
Pt = namedtuple("Pt", "x y"); print(copy.deepcopy(Pt(1, [2])), copy.copy({1, 2}), copy.deepcopy({"s": {1}}))
ns = types.SimpleNamespace(a=1, b=[2]); print(ns, copy.deepcopy(ns) == ns, types.SimpleNamespace() == types.SimpleNamespace())
print(types.FunctionType, types.GeneratorType, types.ModuleType, types.BuiltinFunctionType, types.MethodType, types.NoneType, types.LambdaType, types.MappingProxyType)
class L(list):
    pass
l = L([1, [2]]); l.tag = "t"; l2 = copy.deepcopy(l); print(type(l2).__name__, l2, l2.tag, l2[1] is l[1])
