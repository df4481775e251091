# Assigning __bases__: the MRO of the class and its subclasses is recomputed, attribute
# lookups see the new bases (also from code that already ran them), and CPython's checks.


def show(label, fn):
    try:
        r = fn()
        print(label, "ok", r)
    except Exception as e:
        print(label, type(e).__name__, e)


def names(t):
    return [c.__name__ for c in t.__mro__]


class A:
    def who(self):
        return "A"
    x = "A.x"


class B:
    def who(self):
        return "B"
    x = "B.x"


class C(A):
    pass


class D(C):
    pass


def use(o):
    return o.who(), o.x


d = D()
for i in range(30):
    r = use(d)
print(r, names(D))
C.__bases__ = (B,)
print(names(C), names(D), C.__bases__, C.__base__.__name__)
print(use(d), isinstance(d, B), isinstance(d, A), issubclass(D, B), issubclass(C, A))
for i in range(30):
    r = use(d)
print(r)
print(A.__subclasses__(), [c.__name__ for c in B.__subclasses__()])


class E:
    pass


C.__bases__ = (E, B)
print(names(D), use(d))

show("int", lambda: setattr(int, "__bases__", (object,)))
show("empty", lambda: setattr(C, "__bases__", ()))
show("not tuple", lambda: setattr(C, "__bases__", 5))
show("list", lambda: setattr(C, "__bases__", [A]))
show("item", lambda: setattr(C, "__bases__", (5,)))
show("cycle", lambda: setattr(C, "__bases__", (D,)))
show("self", lambda: setattr(C, "__bases__", (C,)))
show("int base", lambda: setattr(C, "__bases__", (int,)))
show("bool base", lambda: setattr(C, "__bases__", (bool,)))
show("delete", lambda: delattr(C, "__bases__"))
show("mro conflict", lambda: setattr(D, "__bases__", (A, C)))
print(names(D))


class P:
    pass


show("from object", lambda: setattr(P, "__bases__", (A,)))


class L(list):
    pass


class L2(list):
    pass


class Dc(dict):
    pass


show("list to dict", lambda: setattr(L, "__bases__", (Dc,)))
show("list to list sub", lambda: setattr(L, "__bases__", (L2,)))
show("list to list", lambda: setattr(L, "__bases__", (list,)))


class S1:
    __slots__ = ("a",)


class S2:
    __slots__ = ("b",)


class S3(S1):
    pass


show("slots", lambda: setattr(S3, "__bases__", (S2,)))


class M(type):
    calls = 0

    def mro(cls):
        M.calls += 1
        return type.mro(cls)


class Q(A, metaclass=M):
    pass


Q.__bases__ = (B,)
print(names(Q), M.calls)
