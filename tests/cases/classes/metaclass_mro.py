# A metaclass's mro() must return classes with a compatible layout.


def show(label, fn):
    try:
        r = fn()
        print(label, "ok", r)
    except Exception as e:
        print(label, type(e).__name__, e)


def make(mro):
    class M(type):
        def mro(cls):
            return mro(cls)

    class A(metaclass=M):
        pass
    return [c.__name__ for c in A.__mro__]


class Base:
    x = 1


show("non-class", lambda: make(lambda c: [1]))
show("non-iterable", lambda: make(lambda c: 5))
show("bad layout", lambda: make(lambda c: [c, int, object]))
show("plain", lambda: make(lambda c: [c, object]))
show("tuple", lambda: make(lambda c: (c,)))
show("extra base", lambda: make(lambda c: [c, Base, object]))
show("generator", lambda: make(lambda c: (x for x in [c, object])))
