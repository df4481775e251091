# obj.__class__ = cls: CPython's checks for layouts and immutable types.


def show(label, fn):
    try:
        r = fn()
        print(label, "ok", r)
    except Exception as e:
        print(label, type(e).__name__, e)


class A:
    pass


class B:
    def hello(self):
        return "B.hello"


class S1:
    __slots__ = ("a",)


class S2:
    __slots__ = ("b",)


class S3:
    __slots__ = ("a",)


class L(list):
    pass


class L2(list):
    pass


class D(dict):
    pass


def change(o, c):
    o.__class__ = c
    return type(o).__name__


show("A to int", lambda: change(A(), int))
show("5 to bool", lambda: change(5, bool))
show("A to B", lambda: change(A(), B))
show("S1 to S2", lambda: change(S1(), S2))
show("S1 to S3", lambda: change(S1(), S3))
show("L to D", lambda: change(L(), D))
show("L to L2", lambda: change(L([1]), L2))
show("A to 5", lambda: change(A(), 5))
show("list to L", lambda: change([], L))
show("A to S1", lambda: change(A(), S1))
show("A to object", lambda: change(A(), object))
show("L to list", lambda: change(L(), list))


def delete():
    a = A()
    del a.__class__


show("delete", delete)
a = A()
a.x = 1
a.__class__ = B
print(a.hello(), a.x, isinstance(a, B))
for i in range(20):
    a.__class__ = A if i % 2 else B
print(type(a).__name__)

