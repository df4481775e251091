# Instructions the fast loop runs out of line (operators on any objects, dict subscripts,
# lists, slices and cells built or stored) and generators feeding native consumers
# (set/sum/any/all/list of a generator expression), in hot loops: results, errors and the
# order of finalizers must be as CPython's.


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        return NotImplemented

    def __radd__(self, other):
        if other == 0:
            return self
        return NotImplemented

    def __neg__(self):
        return Money(-self.cents)

    def __lt__(self, other):
        return self.cents < other.cents

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents

    def __hash__(self):
        return hash(self.cents)

    def __bool__(self):
        return self.cents != 0

    def __repr__(self):
        return f"Money({self.cents})"


def operators():
    total = Money(0)
    smallest = Money(10**9)
    falsy = 0
    for i in range(300):
        m = Money(i % 17 - 8)
        total = total + m
        total = -(-total)
        if m < smallest:
            smallest = m
        if not m:
            falsy += 1
    print("operators", total, smallest, falsy, sum([Money(1), Money(2)]))
    # NotImplemented from both sides is a TypeError raised at the operator.
    errors = 0
    for i in range(50):
        try:
            Money(i) + "x"
        except TypeError as e:
            errors += 1
            last = str(e)
    print("errors", errors, last)


class Grid:
    def __init__(self):
        self.cells = {}

    def __getitem__(self, key):
        return self.cells.get(key, 0)


def subscripts():
    d = {}
    keys = [Money(i % 7) for i in range(200)]
    for i, k in enumerate(keys):
        d[k] = d.get(k, 0) + i
    g = Grid()
    g.cells[(1, 2)] = 5
    acc = 0
    for i in range(100):
        acc += g[(1, 2)] + g[(i, i)]
    counts = {}
    for i in range(500):
        counts[i % 5] = counts[i % 5] + 1 if i % 5 in counts else 1
    missing = 0
    for i in range(20):
        try:
            counts[i]
        except KeyError as e:
            missing += 1
            last = e.args
    print("subscripts", sorted((k.cents, v) for k, v in d.items()), acc, counts, missing, last)


def lists_slices_cells():
    rows = []
    for i in range(100):
        rows.append([i, i * i, [i] * 2][1:])
    s = slice(1, None, 2)
    total = 0
    for r in rows:
        total += len(r[s]) + r[0]
    count = 0

    def bump():
        nonlocal count
        for _ in range(100):
            count = count + 1
        return count

    print("lists", len(rows), rows[7], total, bump(), bump())


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def finalizers():
    holder = None

    def store(v):
        nonlocal holder
        holder = v
        print("stored", v.name)

    for i in range(3):
        store(Noisy(i))
    print("end of loop")


def generators_to_natives():
    n = 8
    vec = tuple((i * 3) % n for i in range(n))
    cols = range(n)
    sets = 0
    for k in range(200):
        vec = tuple((i * k + k // 8) % n for i in range(n))
        if len(set(vec[i] + i for i in cols)) == len(set(vec[i] - i for i in cols)):
            sets += 1
    print("sets", sets, sorted(set(vec[i] + i for i in cols)))
    print("sum", sum(i * i for i in range(1000)), sum(x / 2 for x in range(10)))
    # Values a native sink declines (Python objects) go through the general path.
    print("sum objects", sum((Money(i) for i in range(5)), Money(0)))
    print("set objects", sorted(set(Money(i % 3) for i in range(10)), key=lambda m: m.cents))
    print("any", any(i > 500 for i in range(1000)), any(Money(i) for i in range(1)))
    print("all", all(i < 5000 for i in range(1000)), all(Money(i) for i in range(1, 3)))
    print("list", list(i for i in range(5) if i % 2), list(str(i) for i in range(3)))

    def failing():
        for i in range(10):
            if i == 6:
                raise ValueError("six")
            yield i

    try:
        set(failing())
    except ValueError as e:
        print("raised", e)
    g = (i for i in range(10))
    print("partial", set(x for x in g if x < 3), list(g))


operators()
subscripts()
lists_slices_cells()
finalizers()
generators_to_natives()
print("done")
