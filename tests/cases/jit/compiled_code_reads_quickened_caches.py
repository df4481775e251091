# Compiled code takes the interpreter's specialized attribute paths (the inline caches of
# LOAD_ATTR, STORE_ATTR and LOAD_METHOD): whatever changes under a hot function, it sees
# what the general lookup would.
import math


class Point:
    scale = 2

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


def step(p, k):
    p.x = p.x + k
    return p.norm1() * p.scale + math.floor(p.y)


def run(points, rounds):
    t = 0
    for _ in range(rounds):
        for p in points:
            t += step(p, 1)
    return t


pts = [Point(i, -i) for i in range(4)]
print("warm", run(pts, 300))

# A method replaced on the class.
Point.norm1 = lambda self: 1000
print("method replaced", run(pts, 50))

# A class attribute changed, then shadowed by an instance attribute.
Point.scale = 3
print("class attr", run(pts, 50))
pts[0].scale = 10
print("shadowed", run(pts, 50))


# An attribute that becomes a property (a data descriptor takes the store and the load).
class Logged(Point):
    log = []

    @property
    def x(self):
        return self.__dict__.get("_x", 0)

    @x.setter
    def x(self, v):
        Logged.log.append(v)
        self.__dict__["_x"] = v


pts[1].__class__ = Logged
pts[1].x = 5
print("class reassigned", run(pts, 50), len(Logged.log), pts[1].x)

# Attributes deleted under the loop: the general path raises AttributeError.
del pts[2].y
try:
    run(pts, 5)
except AttributeError as e:
    print("deleted:", e)
pts[2].y = 7

# A module attribute replaced.
real_floor = math.floor
math.floor = lambda v: -1
print("module attr", run(pts, 20))
math.floor = real_floor
print("restored", run(pts, 20))


# Instances of another class with the same attribute names at the same sites.
class Other:
    scale = 5

    def __init__(self):
        self.x = 0.5
        self.y = 1.5

    def norm1(self):
        return self.x * 2


mixed = pts + [Other() for _ in range(3)]
print("mixed", run(mixed, 100))
