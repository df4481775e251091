# __slots__: no other attributes, no __dict__, member descriptors, inheritance.
import weakref


def show(label, fn):
    try:
        r = fn()
        print(label, "ok", r)
    except Exception as e:
        print(label, type(e).__name__, e)


class S:
    __slots__ = ("a",)


def set_b():
    S().b = 1


show("other attribute", set_b)
show("no dict", lambda: S().__dict__)
show("descriptor type", lambda: type(S.a).__name__)
show("descriptor repr", lambda: repr(S.a))
show("unset", lambda: S().a)


def del_unset():
    s = S()
    del s.a


show("del unset", del_unset)
show("member get wrong type", lambda: S.a.__get__(5))
show("member set wrong type", lambda: S.a.__set__(5, 1))


class W:
    __slots__ = ("a", "__weakref__")


show("weakref slot", lambda: type(weakref.ref(W())).__name__)


class S3(S):
    __slots__ = ("c",)


def inherit():
    s = S3()
    s.a = 1
    s.c = 2
    return s.a, s.c


show("inherited", inherit)


def s3_d():
    S3().d = 1


show("inherited other", s3_d)


class S4(S):
    pass


def s4():
    s = S4()
    s.z = 1
    s.a = 2
    return s.__dict__, s.a


show("subclass without slots", s4)
show("conflict", lambda: type("X", (), {"__slots__": ("a",), "a": 1}))


class WD:
    __slots__ = ("__dict__",)


def wd():
    o = WD()
    o.q = 3
    return o.__dict__


show("dict slot", wd)
for i in range(20):
    s = S3()
    s.a = i
print(s.a)
for base in (int, bytes, str, list, float, type):
    show("slots on " + base.__name__, lambda: type("X", (base,), {"__slots__": ("a",)}).__name__)
show("empty slots on int", lambda: type("X", (int,), {"__slots__": ()}).__name__)
