# __del__ clearing the list a compiled loop iterates over: the loop must see the list's new
# length at its next step.
items = list(range(3000))


class E:
    def __del__(self):
        items.clear()


def run():
    e = E()
    c = 0
    for x in items:
        if x == 2:
            e = None
        c += 1
    return c


print(run())

items = list(range(3000))


class Shrink:
    def __del__(self):
        del items[10:]


def run_index():
    s = Shrink()
    i = 0
    total = 0
    while i < len(items):
        if i == 5:
            s = None
        total += items[i]
        i += 1
    return i, total


print(run_index())

data = [1.5] * 3000


class Grow:
    def __del__(self):
        data.extend([2.5] * 10)


def float_sum():
    g = Grow()
    s = 0.0
    n = 0
    for v in data:
        if n == 2999:
            g = None
        s += v
        n += 1
    return n, s


print(float_sum())


class Poison:
    def __del__(self):
        items[:] = ["x"] * 5


items = list(range(3000))


def typed_items():
    p = Poison()
    out = []
    for k, v in enumerate(items):
        if k == 1:
            p = None
        out.append(v)
    return out[:8], len(out)


print(typed_items())
