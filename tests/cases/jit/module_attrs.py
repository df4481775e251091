# Module attributes are constants behind a guard on the module's dict; math.sqrt of a number
# is computed inline. Rebinding, domain errors and odd arguments behave as in the interpreter.
import math


def norms(n):
    total = 0.0
    for i in range(n):
        total += math.sqrt(i * 0.5) + math.pi
    return total


print(round(norms(2000), 6))


def roots(xs):
    out = []
    for x in xs:
        out.append(math.sqrt(x))
    return out


print(roots([4.0, 2, 0.0, -0.0, float("inf"), 10 ** 20, True]))
print(roots([float("nan")] * 2))
try:
    roots([1.0, 4.0, -1.0])
except ValueError as e:
    print("ValueError:", e)
try:
    roots([1.0, "x"])
except TypeError as e:
    print("TypeError:", e)


class Half:
    def __float__(self):
        return 0.25


print(roots([Half(), 9]))


def rebound(n):
    acc = 0.0
    for i in range(n):
        if i == n // 2:
            math.sqrt = lambda x: -1.0
        acc += math.sqrt(4.0)
    return acc


real_sqrt = math.sqrt
print(rebound(100))
math.sqrt = real_sqrt
print(rebound(10))
math.sqrt = real_sqrt


def new_attr(n):
    hits = 0
    for i in range(n):
        if i == 3:
            math.extra = 1
        hits += math.floor(1.5)
    return hits


print(new_attr(20))
