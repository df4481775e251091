# Loops whose instructions leave their fast paths part-way: every such instruction must give
# the same result as when run the general way (errors with the right line, values, order).
import sys


def unbound_in_loop():
    x = 0
    for i in range(5):
        if i == 3:
            del x
        y = x + 1
        x = i
    return y


def overflow_in_loop():
    n = 1
    out = []
    for i in range(70):
        n = n * 2 + (i & 1)
        out.append(n.bit_length())
    return out[-3:], n


def float_div_in_loop():
    total = 0.0
    for d in [4.0, 2.0, 1.0, 0.0]:
        try:
            total = total + 1.0 / d
        except ZeroDivisionError as e:
            print("ZeroDivisionError:", e)
    return total


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


def shape_change_in_loop():
    pts = [Point(i, -i) for i in range(6)]
    pts[3].z = 7          # a new shape in the middle of the list
    del pts[4].x          # and an instance missing the attribute
    total = 0
    for p in pts:
        try:
            total += p.x * 2 + p.y
        except AttributeError as e:
            print("AttributeError:", e)
    return total


def method_replaced_in_loop():
    p = Point(1, 2)
    out = []
    for i in range(4):
        if i == 2:
            Point.norm1 = lambda self: -1
        out.append(p.norm1())
    return out


def index_error_in_loop():
    a = [10, 20, 30]
    t = (1, 2, 3)
    i = 0
    try:
        while True:
            s = a[i] + t[i]
            i += 1
    except IndexError as e:
        print("IndexError:", e, "at", i)
    return s


G = 5


def global_changes_in_loop():
    global G
    out = []
    for i in range(4):
        out.append(G + i)
        if i == 1:
            G = 100
        if i == 2:
            del G
            try:
                print(G)
            except NameError as e:
                print("NameError:", e)
            G = 5
    return out


class Tup(tuple):
    pass


def iterate_kinds():
    out = []
    for v in Tup((1, 2)):
        out.append(v)
    a = [1, 2, 3]
    for v in a:
        if v == 1:
            a.append(4)   # the list grows while it is iterated
        out.append(v)
    for v in range(10, 0, -4):
        out.append(v)
    for a_, b_ in [(1, 2), (3, 4)]:
        out.append(a_ * b_)
    for a_, b_ in [[5, 6]]:
        out.append(a_ - b_)
    return out


def compare_kinds():
    out = []
    for a, b in [(1, 2), (2.5, 2), ("a", "b"), (1, 1.0), (None, None), (3, "x")]:
        try:
            if a < b:
                out.append("lt")
            else:
                out.append("ge")
        except TypeError as e:
            out.append(type(e).__name__)
        out.append(a is b)
    return out


def truthiness_in_loop():
    out = []
    for v in [0, 1, [], [0], "", "x", None, 0.0, 2.5]:
        if v:
            out.append(1)
        else:
            out.append(0)
    return out


def closure_in_loop():
    k = 3

    def inner():
        total = 0
        for i in range(4):
            total += k * i
        return total
    first = inner()
    k = 10
    return first, inner()


def deleted_cell_in_loop():
    k = 1

    def inner():
        out = []
        for i in range(3):
            out.append(k + i)
        return out
    r = inner()
    del k
    try:
        inner()
    except NameError as e:
        print("NameError:", e)
    return r


def deep_stack_ops():
    out = []
    for i in range(3):
        a, b, c = i, i + 1, i + 2
        a, b = b, a
        out.append((a, b, c))
        x = y = i * 2
        out.append(x + y)
    return out


print(unbound_in_loop.__name__)
try:
    unbound_in_loop()
except UnboundLocalError as e:
    print("UnboundLocalError:", e, "line", e.__traceback__.tb_next.tb_lineno)
print(overflow_in_loop())
print(float_div_in_loop())
print(shape_change_in_loop())
print(method_replaced_in_loop())
print(index_error_in_loop())
print(global_changes_in_loop())
print(iterate_kinds())
print(compare_kinds())
print(truthiness_in_loop())
print(closure_in_loop())
print(deleted_cell_in_loop())
print(deep_stack_ops())


def signal_during_loop():
    # The handler runs at the loop's next safe point, even in a loop of only simple
    # instructions; the loop then sees what it did.
    import os
    import signal
    hits = []
    old = signal.signal(signal.SIGUSR1, lambda signum, frame: hits.append(signum))
    n = 0
    os.kill(os.getpid(), signal.SIGUSR1)
    while not hits:
        n = n + 1
    signal.signal(signal.SIGUSR1, old)
    return hits == [signal.SIGUSR1], n < 1000


print(signal_during_loop())


class Collides:
    # Hashes as the int 3 and says so through __eq__: a membership test that meets it
    # in a set or dict runs this Python code.
    calls = 0

    def __hash__(self):
        return 3

    def __eq__(self, other):
        Collides.calls += 1
        return other == 3


class CountingDict(dict):
    def __contains__(self, key):
        CountingDict.calls += 1
        return dict.__contains__(self, key)


CountingDict.calls = 0


def membership_in_loop():
    plain_set = {1, 2, "a"}
    plain_dict = {1: "x", "b": 2}
    frozen = frozenset([5, "z"])
    odd_set = {Collides()}
    odd_dict = {Collides(): 1}
    counting = CountingDict(a=1)
    hits = []
    for k in [1, 2, 3, "a", "b", "z", 5, 2.0, (1,)]:
        hits.append((k in plain_set, k not in plain_dict, k in frozen, k in odd_set,
                     k in odd_dict, k in counting, k in [1, "a"]))
    try:
        for k in [1, [2]]:
            hits.append(k in plain_set)
    except TypeError as e:
        hits.append(str(e))
    return hits, Collides.calls, CountingDict.calls


def appends_in_loop():
    squares = [i * i for i in range(6)]
    nested = [[j for j in range(i)] for i in range(4)]
    pairs = [(a, b) for a in "xy" for b in range(2) if b or a == "x"]
    return squares, nested, pairs


print(membership_in_loop())
print(appends_in_loop())


class Reversed(list):
    def __iter__(self):
        return iter(list.__iter__(self).__reduce__()[1][0][::-1])


def unpack_and_iterate_in_loop():
    out = []
    rows = [(1, 2, 3), [4, 5, 6], (7, 8, 9)]
    for _ in range(2):
        for row in rows:
            a, b, c = row
            out.append(a + b + c)
        for t in ((1, 2), (3, 4)):
            for x in t:
                out.append(x)
        for x in Reversed([1, 2, 3]):
            out.append(x)
        for x in range(2 ** 70, 2 ** 70 + 2):
            out.append(x - 2 ** 70)
        for x in (y * 2 for y in (1, 2)):
            out.append(x)
    for bad in [(1, 2), [1, 2, 3, 4], "abc", {1: 0, 2: 0, 3: 0}]:
        try:
            for _ in range(3):
                a, b, c = bad
            out.append((a, b, c))
        except ValueError as e:
            out.append(str(e))
    try:
        for _ in range(3):
            for x in 5:
                pass
    except TypeError as e:
        out.append(str(e))
    return out


print(unpack_and_iterate_in_loop())
