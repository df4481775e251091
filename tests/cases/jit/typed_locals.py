# Typed locals in compiled code: unboxed floats, tagged ints, and every deopt they can take.


def floor_ops(a, b):
    # // and % with every sign combination (Python rounds towards negative infinity).
    out = []
    for x in range(a, b):
        for y in (-7, -3, -1, 1, 2, 5):
            out.append((x // y, x % y))
    return out


print(floor_ops(-9, 10))


def shifts(n):
    acc = 0
    for i in range(n):
        acc = acc ^ (i << (i % 70)) ^ (i >> (i % 70))
    return acc


print(shifts(200))


def float_loop(n, scale):
    # total stays a float in a register; scale is unknown (checked each use).
    total = 0.0
    x = 1.5
    for i in range(n):
        total = total + x * scale - i / 3
        x = x * 0.5 + 1.0
    return total


print(float_loop(1000, 2.0))
print(float_loop(1000, 3))
# scale turns out not to be a number: deopt mid-loop, then the interpreter raises.
try:
    float_loop(10, "s")
except TypeError as e:
    print("TypeError:", e)


class Weird:
    def __rmul__(self, other):
        return 0.25


print(float_loop(20, Weird()))


def mixed_compare(n):
    big = 2 ** 53 + 1
    f = float(2 ** 53)
    hits = 0
    for i in range(n):
        if big > f:
            hits += 1
        if i < 2.5:
            hits += 100
        if i * 1.0 == i:
            hits += 10000
    return hits


print(mixed_compare(10))


def divide(xs):
    out = []
    for x in xs:
        y = 1.0
        try_it = x
        out.append(y / try_it if try_it != 0 else "skip")
    return out


print(divide([1, 2.0, 0, 4]))


def zero_div(n):
    total = 0.0
    for i in range(n):
        total = total + 1.0 / (5 - i)
    return total


try:
    zero_div(10)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)


def int_zero_mod(n):
    acc = 0
    for i in range(n):
        acc += 100 % (3 - i)
    return acc


try:
    int_zero_mod(10)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)


def neg_shift(n):
    acc = 0
    for i in range(n):
        acc += 1 >> (2 - i)
    return acc


try:
    neg_shift(5)
except ValueError as e:
    print("ValueError:", e)


def grows(n):
    # A tagged int that overflows into a big int mid-loop.
    x = 3
    for i in range(n):
        x = x * x + i
    return x % 1000000007


print(grows(12))


def neg(n):
    x = 1
    y = 1.5
    for i in range(n):
        x = -x
        y = -y
    return x, y, -(-4611686018427387904)


print(neg(7))


def bools(n):
    t = 0
    for i in range(n):
        flag = i % 3 == 0
        if flag:
            t += 1
        if not flag:
            t += 10
    return t, flag


print(bools(10))


def locals_seen(n):
    x = 0.5
    for i in range(n):
        x = x * 2.0
    return sorted(locals().items())


print(locals_seen(3))


def float_then_other(n):
    v = 0.0
    for i in range(n):
        if i == 5:
            v = "now a string"
        elif i < 5:
            v = v + 1.0
    return v


print(float_then_other(8))


def big_range():
    total = 0
    for i in range(2 ** 62 - 3, 2 ** 62 + 2):
        total += i % 7
    return total


print(big_range())


def unbound(n):
    for i in range(n):
        if i == 2:
            print(later)
        later = i


try:
    unbound(4)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
