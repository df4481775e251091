# `local.attr` and `local.method()` run as one instruction while the attribute load is
# specialized for the instance's shape (or the method for its class) and hits; every miss,
# error and change of shape or class goes the general way with CPython's results.


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)

    def scaled(self, k):
        return P(self.x * k, self.y * k)


def total(points):
    t = 0
    for p in points:
        t += p.x + p.y + p.norm1()
    return t


pts = [P(i, -i) for i in range(50)]
print(total(pts))
# Another shape (an extra attribute first), then a subclass with a property for y.
q = P(1, 2)
q.z = 3
pts.append(q)
print(total(pts))


class Q(P):
    @property
    def y(self):
        return 100

    @y.setter
    def y(self, v):
        pass


pts.append(Q(5, 6))
print(total(pts))
# A method shadowed by an instance attribute, and one replaced on the class.
s = P(3, 4)
s.norm1 = lambda: -1
print(total([s, P(1, 1)]))
P.norm1 = lambda self: 0
print(total([P(2, 2), P(3, 3)]))


def deleted():
    p = P(1, 2)
    for i in range(3):
        if i == 2:
            del p
        try:
            print(p.x)
        except UnboundLocalError as e:
            print("UnboundLocalError:", e)


deleted()


def missing(objs):
    for o in objs:
        try:
            print(o.x)
        except AttributeError as e:
            print("AttributeError:", e)


missing([P(7, 8), P(9, 10), object(), P(11, 12)])


class Slotted:
    __slots__ = ("x",)

    def __init__(self):
        self.x = 42


missing([Slotted(), Slotted()])
for _ in range(3):
    o = P(0, 0)
    del o.x
    missing([o])
