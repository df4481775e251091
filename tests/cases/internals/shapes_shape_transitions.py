# Instances that take attributes in different orders, conditionally, or many of them, read
# through the same quickened instructions (each loop runs long enough to specialize).

class Point:
    def __init__(self, x, y, z=None):
        self.x = x
        self.y = y
        if z is not None:
            self.z = z

    def total(self):
        return self.x + self.y + getattr(self, "z", 0)


def read_all(points):
    s = 0
    for p in points:
        s += p.x * 3 + p.y
    return s


pts = [Point(i, i + 1) if i % 3 else Point(i, i + 1, i + 2) for i in range(300)]
print(read_all(pts), sum(p.total() for p in pts))

# Same names, different order: two shapes, one class.
class Bag:
    pass

def make(i):
    b = Bag()
    if i % 2:
        b.a = i
        b.b = -i
    else:
        b.b = -i
        b.a = i
    return b

bags = [make(i) for i in range(200)]
print(sum(b.a for b in bags), sum(b.b for b in bags))
print([sorted(vars(b)) for b in bags[:2]], list(vars(bags[0])), list(vars(bags[1])))

# Attribute order is insertion order, as CPython's dicts keep it.
class Rec:
    def __init__(self):
        self.c = 3
        self.a = 1
        self.b = 2

r = Rec()
print(list(r.__dict__.items()))

# More attributes than a shape holds: the instance keeps a dict, everything still works.
class Wide:
    pass

w = Wide()
for i in range(50):
    setattr(w, "f%d" % i, i * i)
print(w.f0, w.f29, w.f30, w.f49, len(vars(w)))
print(sum(getattr(w, "f%d" % i) for i in range(50)))
del w.f10
print(hasattr(w, "f10"), len(w.__dict__))

# Names built at run time find attributes stored under literal names, and back.
n = "".join(["ti", "tle"])
p = Point(1, 2)
setattr(p, n, "dyn")
print(p.title, getattr(p, "ti" + "tle"), vars(p))

# Overwriting keeps the shape (and the order).
for i in range(100):
    p.x = i
print(p.x, list(vars(p)))

# An instance attribute hides a method; removing it shows the method again.
class Greeter:
    def hello(self):
        return "method"

g = Greeter()
out = []
for i in range(60):
    if i == 20:
        g.hello = lambda: "instance"
    if i == 40:
        del g.hello
    out.append(g.hello())
print(out[19], out[20], out[39], out[40], out.count("instance"))

# Attribute names that are str subclasses, and non-str keys in __dict__.
class Name(str):
    pass

q = Point(5, 6)
setattr(q, Name("odd"), 7)
print(q.odd, [type(k).__name__ for k in vars(q)])
q.__dict__[42] = "int key"
print(q.__dict__[42], q.x, sorted(k for k in vars(q) if isinstance(k, str)))
try:
    setattr(q, 42, 1)
except TypeError as e:
    print("TypeError:", e)
