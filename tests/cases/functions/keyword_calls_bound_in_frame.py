# Keyword calls that bind straight into a cached frame (out-of-order keywords, keyword-only
# parameters, defaults for what is left out), run hot, and the calls that must still raise
# CPython's errors or see changed defaults.

def weighted(a, b, c=3, d=4):
    return a + 2 * b + 3 * c + 4 * d


def kw_only(a, *, lo=0, hi=100):
    return lo if a < lo else hi if a > hi else a


def required_kw(a, *, key):
    return (a, key)


def posonly(a, b=2, /, c=3):
    return (a, b, c)


def make_scaler(k):
    def scale(x, *, by=1, offset=0):
        return x * k * by + offset
    return scale


class Acc:
    def __init__(self):
        self.total = 0

    def add(self, x, times=1, *, sign=1):
        self.total += sign * x * times
        return self.total


def hot(n):
    total = 0
    scale = make_scaler(3)
    acc = Acc()
    for i in range(n):
        total += weighted(b=i & 15, a=2, c=1)
        total += weighted(1, 2, d=i & 3)
        total += weighted(1, d=5, b=i & 7)
        total += kw_only(i % 150, hi=120)
        total += kw_only(i % 7, lo=3, hi=5)
        total += kw_only(hi=50, a=i % 90)
        total += required_kw(i, key=i & 1)[1]
        total += posonly(i, c=7)[2]
        total += scale(i & 31, offset=1)
        total += scale(by=2, x=i & 3)
        acc.add(i & 3, sign=-1)
        acc.add(x=i & 1, times=3)
    return total, acc.total


print(hot(3000))


def errors():
    cases = [
        lambda: weighted(1, 2, e=5),
        lambda: weighted(1, 2, b=5),
        lambda: weighted(c=1, d=2, b=3),
        lambda: kw_only(1, 2),
        lambda: kw_only(1, mid=2),
        lambda: required_kw(1),
        lambda: required_kw(1, keys=2),
        lambda: posonly(1, b=5),
        lambda: posonly(a=1),
        lambda: Acc().add(1, x=2),
        lambda: make_scaler(2)(by=3),
    ]
    for case in cases:
        try:
            print("no error:", case())
        except TypeError as e:
            print("TypeError:", e)


for _ in range(3):
    errors()


def changed_defaults(n):
    out = []
    for i in range(n):
        out.append(weighted(1, 2, d=i))
        out.append(kw_only(500, lo=1))
        if i == n // 2:
            weighted.__defaults__ = (30, 40)
            kw_only.__kwdefaults__ = {"lo": 7, "hi": 8}
    return out[:4], out[-4:]


print(changed_defaults(200))
del kw_only.__kwdefaults__
try:
    kw_only(5, lo=1)
except TypeError as e:
    print("TypeError:", e)


def recurse(n, *, acc=0, step=1):
    if n == 0:
        return acc
    return recurse(n - 1, step=step, acc=acc + step)


print(recurse(500, step=2))

# A cached LOAD_GLOBAL meets a new globals dict in a freed one's memory with the same number
# of changes and the name at another position: it must read the new dict's value.
code = compile("def f():\n    return x\nr.append(f())\ndel f\n", "<s>", "exec")
r = []
for i in range(8):
    if i % 2:
        g = {"r": r, "a": 1, "x": 2}
    else:
        g = {"r": r, "x": 5, "a": 1}
    exec(code, g)
    del g
print(r)
