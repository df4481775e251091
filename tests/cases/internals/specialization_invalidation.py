# Quickened attribute loads, stores and method loads must see every change to the classes,
# instances and modules they were specialized for (each loop runs long enough to specialize).
import types


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


def read_x(objs):
    return [o.x for o in objs]


def call_norm(objs):
    return [o.norm1() for o in objs]


pts = [Point(i, -i) for i in range(40)]
print(sum(read_x(pts)), sum(call_norm(pts)))

# A method replaced on the class while a specialized loop runs.
out = []
for i, p in enumerate(pts):
    if i == 20:
        Point.norm1 = lambda self: 1000
    out.append(p.norm1())
print(out[19], out[20], out[39])


# A method replaced on a base class.
class Base:
    def who(self):
        return "base"


class Derived(Base):
    pass


ds = [Derived() for _ in range(30)]
seen = []
for i, d in enumerate(ds):
    if i == 15:
        Base.who = lambda self: "patched base"
    seen.append(d.who())
print(seen[14], seen[15])

# A method shadowed by an instance attribute.
d = ds[0]
print(d.who())
d.who = lambda: "instance"
print(d.who(), ds[1].who())
del d.who
print(d.who())


# A data descriptor added to the class takes over from the instance dict.
class Box:
    def __init__(self, v):
        self.v = v


boxes = [Box(i) for i in range(30)]
vals = []
for i, b in enumerate(boxes):
    if i == 10:
        Box.v = property(lambda self: "prop")
    vals.append(b.v)
print(vals[9], vals[10], vals[29])
del Box.v
print(boxes[3].v)

# Stores: a specialized store must stop when a property with a setter appears.
log = []


class Cell:
    def __init__(self):
        self.value = 0


cells = [Cell() for _ in range(30)]
for i, c in enumerate(cells):
    if i == 12:
        Cell.value = property(lambda self: "ro", lambda self, v: log.append(v))
    c.value = i
print(log[:3], cells[0].value, cells[11].__dict__["value"])
del Cell.value


# __class__ reassignment under a specialized load.
class A:
    def __init__(self):
        self.tag = "a"

    def kind(self):
        return "A"


class B:
    def kind(self):
        return "B"


objs = [A() for _ in range(30)]
kinds = []
for i, o in enumerate(objs):
    if i == 10:
        o.__class__ = B
    kinds.append(o.kind())
    kinds.append(o.tag)
print(kinds[18:24])

# Attributes deleted and re-added (the dict entry moves).
class P:
    pass


ps = []
for i in range(30):
    p = P()
    p.a = i
    p.b = i * 2
    ps.append(p)
got = []
for i, p in enumerate(ps):
    if i == 10:
        del p.a
        p.a = "moved"
    got.append(p.a)
print(got[9], got[10], got[11])

# Replacing the whole __dict__.
q = ps[12]
for i in range(20):
    if i == 5:
        q.__dict__ = {"a": "new dict", "b": 0}
    last = q.a
print(last)

# Module attributes: rebinding, deleting and re-adding.
m = types.ModuleType("m")
m.f = lambda: "one"
m.k = 1
res = []
for i in range(30):
    if i == 10:
        m.f = lambda: "two"
    if i == 20:
        del m.k
        m.k = "readded"
    res.append((m.f(), m.k))
print(res[9], res[10], res[25])

# A module attribute missing after specialization raises AttributeError.
m.gone = 1
def get_gone():
    return m.gone
for i in range(20):
    get_gone()
del m.gone
try:
    get_gone()
except AttributeError as e:
    print("AttributeError:", e)


# __getattr__ added to a class after loads were specialized.
class G:
    def __init__(self):
        self.a = 1


gs = [G() for _ in range(20)]
for g in gs:
    g.a
G.__getattr__ = lambda self, name: "fallback " + name
print(gs[0].a, gs[0].missing)


# __getattribute__ added to a class after loads were specialized.
def ga(self, name):
    return "intercepted " + name


for g in gs:
    g.a
G.__getattribute__ = ga
print(gs[1].a)

# Methods of built-in types through a specialized LOAD_METHOD.
lists = [[i] for i in range(30)]
for l in lists:
    l.append(1)
print(lists[5])


class MyList(list):
    def append(self, x):
        list.append(self, ("wrapped", x))


mixed = [[], MyList(), [], MyList()] * 8
for l in mixed:
    l.append(7)
print(mixed[0], mixed[1])
