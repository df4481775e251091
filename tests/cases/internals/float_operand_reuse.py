# Float arithmetic writes its result into an operand nobody else references; an operand that is
# shared (a local, a list item, a dict key, a constant) must never change.

def chain(x, y, c):
    return 2.0 * x * y + c


def shared_operands():
    a = 1.5
    b = a * 2.0          # a temporary, stored: now shared by b
    c = b
    b += 1.0             # b's old float is shared with c: c keeps 3.0
    print(a, b, c)
    items = [0.5, 0.25]
    t = items[0] + items[1]
    print(items, t)
    d = {1.25: "k"}
    k = next(iter(d))
    print(k + 0.0, d)
    z = 0.1
    for _ in range(3):
        z = z * 3.0 - 0.05
    print(z)


def mixed():
    n = 7
    print(n * 0.5, 0.5 * n, n / 2.0, 2.0 / n, n - 0.25, 0.25 - n, 3 + 0.5)
    print((1 << 53) + 1.0, 1.0 + ((1 << 53) + 1), -(2 ** 60) * 1.0)
    for bad in ("1.0 / 0", "1 / 0.0", "1.0 % 0", "0.0 ** -1"):
        try:
            eval(bad)
        except ZeroDivisionError as e:
            print(bad, "->", type(e).__name__, e)
    for op in ("1 & 1.0", "1.0 | 2", "1.0 << 1", "2 @ 1.0"):
        try:
            eval(op)
        except TypeError as e:
            print(op, "->", e)
    print(7 // 2.0, 7 % 2.5, 2 ** 0.5, -7 // 2.0, -7 % 2.5, float("nan") != float("nan"))


def identity():
    x = 1.0
    y = x + 0.0
    print(y is x, y == x)
    w = 10.0
    v = w * 1.0
    u = v * 1.0
    print(v == w, w, v is u, u)


print(chain(1.5, 2.0, 0.25), chain(-1.0, 3.0, 1e300 * 10))
shared_operands()
mixed()
identity()
acc = 0.0
for i in range(1000):
    acc = acc + i * 0.001
print(round(acc, 6))
