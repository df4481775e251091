# Arithmetic through the quickened forms: small-int floor division, modulo and shifts with
# every sign, per-operator float forms (and their misses: ints, subclasses, zero divisors),
# each run hot enough to specialize and then fed operands the form does not serve.

def floor_ops(pairs):
    out = []
    for x, y in pairs:
        row = []
        for op in (lambda a, b: a // b, lambda a, b: a % b, lambda a, b: divmod(a, b)):
            try:
                row.append(op(x, y))
            except ZeroDivisionError as e:
                row.append("ZeroDivisionError: " + str(e))
        out.append((x, y, row))
    return out


def div_mod_loop(n):
    total = 0
    for i in range(-n, n):
        total += i // 7 + i % 7 + i // -3 + i % -3
        total += (i * 1000003) // 11 - (i * 1000003) % -13
    return total


def shifts(n):
    out = []
    for i in range(n):
        x = i - n // 2
        out.append((x << (i % 70), x >> (i % 70)))
    return out


big = 2 ** 62
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (0, -3), (6, 3), (-6, 3), (5, 0),
         (big - 1, 3), (-big, 7), (big, -7), (1, big), (-1, big), (3, -big)]
for row in floor_ops(pairs * 30)[-len(pairs):]:
    print(row)
print(div_mod_loop(500))
s = shifts(300)
print(s[:5], s[-5:], sum(a for a, b in s) % 1000003, sum(b for a, b in s))
try:
    for i in range(100):
        v = 5 << (-1 if i == 99 else 1)
except ValueError as e:
    print("ValueError:", e)
try:
    for i in range(100):
        v = 5 >> (-1 if i == 99 else 1)
except ValueError as e:
    print("ValueError:", e)
print((-(2 ** 61)) << 1, (2 ** 61) << 1, 1 << 62, -1 << 63, 3 << 61)


class F(float):
    def __add__(self, other):
        return "F.__add__"

    def __truediv__(self, other):
        return "F.__truediv__"


def float_forms(xs, ys):
    out = []
    for x, y in zip(xs, ys):
        try:
            out.append((x + y, x - y, x * y, x / y))
        except ZeroDivisionError as e:
            out.append("ZeroDivisionError: " + str(e))
        except TypeError as e:
            out.append("TypeError: " + str(e))
    return out


xs = [1.5 * i for i in range(60)]
ys = [0.25 * i + 1.0 for i in range(60)]
r = float_forms(xs, ys)
print(r[0], r[-1])
tails = [2.0, 3, 2.0, F(2.0), 0.0, 1.0, "s", 2.0, float("inf"), float("nan")]
tails_x = [2.5, 2.5, 7, 1.0, 1.0, 0.0, 1.0, F(3.0), 1.0, 1.0]
for row in float_forms(xs + tails_x, ys + tails)[-len(tails):]:
    print(row)


def accumulate(n):
    acc = 0.0
    step = 0.1
    for i in range(n):
        acc += step
        acc -= step / 3.0
        acc *= 1.0000001
    return acc


print(accumulate(1000))
a = 1.5
b = a
for i in range(60):
    c = a * 2.0
print(a, b, c, a is b)
