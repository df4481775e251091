# Instructions the fast loop runs the general way, out of line, inside hot loops: operators on
# built-in values that have no specialized form, slices, set and dict displays, `~`, built-in
# classes called, `and`/`or` on values of every kind, and method loads that missed their
# cache; with their errors raised at the right line.
import traceback


class Inv:
    def __init__(self, v):
        self.v = v

    def __invert__(self):
        return Inv(-self.v - 100)


class Box:
    def __init__(self, items):
        self.items = items

    def __getitem__(self, i):
        if i == 7:
            raise KeyError("seven")
        return self.items[i % len(self.items)]


class Truthy:
    def __init__(self, n):
        self.n = n

    def __bool__(self):
        return self.n % 3 != 0


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n % 2


def operators(n):
    t = ()
    s = ""
    acc = []
    mixed = 0
    for i in range(n):
        t = (i,) + t[:3]
        s = s + str(i % 10)
        acc = acc + [i] if i % 50 == 0 else acc
        mixed += i * 0.5
        mixed = mixed - (i % 3)
        pct = "%d-%s" % (i, "x")
    print(t, len(s), s[-12:], acc[:4], mixed, pct)
    errors = 0
    for i in range(n):
        try:
            r = (i,) + [i] if i % 25 == 0 else (i,) + (i,)
        except TypeError as e:
            errors += 1
            last = str(e)
    print(errors, last, r)


def slices(n):
    items = list(range(12))
    total = 0
    for i in range(n):
        k = i % 12
        rest = items[:k] + items[k + 1:]
        total += len(rest) + rest[k % 11] + len(items[::3]) + len(items[k:2:-1])
        word = "abcdefghij"[k % 10:]
        total += len(word)
    print(total, rest, word)


def displays(n):
    seen = set()
    maps = 0
    for i in range(n):
        s = {i % 7, i % 5, 3}
        seen |= s
        d = {"a": i, "b": i + 1, "c": s}
        maps += d["b"] - d["a"] + len(d["c"])
    print(sorted(seen), maps)
    bad = 0
    for i in range(n):
        try:
            s = {i, [i]} if i % 40 == 0 else {i}
        except TypeError as e:
            bad += 1
            msg = str(e)
    print(bad, msg)


def inverts(n):
    total = 0
    obj = Inv(1)
    for i in range(n):
        total += ~i
        obj = ~obj
    print(total, obj.v)
    fails = 0
    for i in range(n):
        try:
            ~(i * 1.5) if i % 30 == 0 else ~i
        except TypeError as e:
            fails += 1
            msg = str(e)
    print(fails, msg)


def classes(n):
    total = 0
    for i in range(n):
        total += len(set(range(i % 6))) + len(list((i, i))) + len(tuple(x for x in (1, 2)))
        total += int("7") + int(float(i)) + len(str(i)) + len(frozenset((i, 1)))
        o = object()
        total += type(o) is object
    print(total)
    bad = 0
    for i in range(n):
        try:
            int("x%d" % i) if i % 20 == 0 else int("5")
        except ValueError as e:
            bad += 1
            msg = str(e)
    print(bad, msg)


def and_or(n):
    counts = [0, 0, 0, 0]
    values = [0, 1, 2.5, 0.0, "", "a", [], [1], (), (1,), None, True, False, Truthy(1),
              Truthy(3), Sized(1), Sized(2), {}, {"k": 1}]
    for i in range(n):
        v = values[i % len(values)]
        w = values[(i * 7) % len(values)]
        a = v and w
        b = v or w
        c = (i % 3 == 0) and (i % 5 == 0)
        d = (i % 3 == 0) or (i % 5 == 0)
        counts[0] += a is w
        counts[1] += b is v
        counts[2] += c
        counts[3] += d
    print(counts)


class A:
    def m(self):
        return 1


class B:
    def m(self):
        return 2


class C:
    def m(self):
        return 3


class D(A):
    pass


class E:
    m = staticmethod(lambda: 5)


class F:
    def __getattr__(self, name):
        return lambda: 6


def methods(n):
    objs = [A(), B(), C(), D(), E(), F(), [1, 2], "s", {1: 2}]
    total = 0
    for i in range(n):
        o = objs[i % len(objs)]
        if isinstance(o, (list, str, dict)):
            total += o.__len__()
        else:
            total += o.m()
    print(total)
    missing = 0
    for i in range(n):
        try:
            objs[i % 3].nope()
        except AttributeError as e:
            missing += 1
            msg = str(e)
    print(missing, msg)


def subscripts(n):
    box = Box([10, 20, 30])
    total = 0
    keyerrors = 0
    for i in range(n):
        try:
            total += box[i % 9]
        except KeyError as e:
            keyerrors += 1
            msg = repr(e)
    print(total, keyerrors, msg)


operators(600)
slices(600)
displays(600)
inverts(600)
classes(600)
and_or(600)
methods(600)
subscripts(600)


def raising(n):
    for i in range(n):
        s = {i}
        if i == 500:
            s = {i, {}}


try:
    raising(600)
except TypeError as e:
    frame = traceback.extract_tb(e.__traceback__)[-1]
    print(type(e).__name__, e, frame.name, frame.lineno, frame.line)
