import weakref
class S:
    __slots__ = ("a",)
class S2(S):
    __slots__ = ("b",)
class S3(S):
    pass
class W:
    __slots__ = ("a", "__weakref__")
class W2(W):
    __slots__ = ()
class P:
    pass
class P2(P):
    __slots__ = ()
class E:
    __slots__ = ()
class L(list):
    __slots__ = ()
class St(set):
    __slots__ = ()
class Ex(Exception):
    __slots__ = ()
for cls in (S, S2, S3, W, W2, P2, E, L, St, Ex):
    try:
        o = cls()
        r = weakref.ref(o)
        print(cls.__name__, "ok", r() is o)
    except TypeError as e:
        print(cls.__name__, "TypeError", e)
