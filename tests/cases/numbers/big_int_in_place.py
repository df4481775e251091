# Big-int arithmetic computed in an operand's digits when the interpreter holds its only
# reference (a temporary, or the local the result is stored back into): results and
# every other reference to the old value stay as CPython computes them.
big = 10**30
neg = -(10**25)
def f(x, y):
    r = []
    r.append((x + 1) + y)
    r.append(y + (x + 1))
    r.append((x * 3) - y)
    r.append(y - (x * 3))
    r.append(5 - (x * 3))
    r.append((x * 3) - 5)
    r.append((x * 3) * (y * 2))
    r.append((x * 2) * 7)
    r.append(7 * (x * 2))
    r.append((x + 1) - (x + 1))
    r.append((x * 1) - x)
    r.append(-(x * 1) + x + 3)
    r.append((2**62 + x - x) - 1)
    r.append((x * 2) + True)
    return r
print(f(big, neg)); print(f(neg, big)); print(f(big, 7)); print(f(-7, big))
a = 10**20; b = a; a += 1; print(a, b)
acc = 10**40
for i in range(100):
    acc = (acc + 2 * acc) * 3 - acc
print(acc % 1000000007, acc.bit_length())
x = 2**64
y = x * 1
print(x, y, x is y)
l = [10**20]
print(l[0] * 2 + 1, l)
try:
    (x * 2) * (1 << 10**10)
except MemoryError:
    print("MemoryError")
def g(n):
    a = 10**30; b = a
    for i in range(n):
        a *= 3
        a += 1
        a = a - 2
        a = a * 2
    c = 10**30
    c *= 1
    print(a % 999983, b, c)
    d = 2**70
    try:
        d *= 1 << (10**10)
    except MemoryError:
        print("MemoryError", d)
    e = [2**70]
    x = e[0]
    x *= 5
    print(x, e)
g(50)
