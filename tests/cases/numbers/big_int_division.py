# Division of big ints whose quotient is short beside the divisor (thousands of digits over
# thousands of digits), where a truncated estimate is corrected by one step either way.

def lcg_number(bits, seed):
    x = seed
    n = 0
    for _ in range(bits // 32):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        n = (n << 32) | (x >> 32)
    return n | 1

b = lcg_number(9000, 7)
checks = 0
for q in (1, 2, 9, 10, 1000, 2**64 + 3):
    exact = b * q
    for a in (exact - 1, exact, exact + 1, exact + b - 1, exact + b):
        for x, y in ((a, b), (-a, b), (a, -b), (-a, -b)):
            d, m = divmod(x, y)
            assert d == x // y and m == x % y, (q, a - exact)
            assert d * y + m == x
            assert m == 0 or (m < 0) == (y < 0)
            assert abs(m) < abs(y)
            checks += 1
print("divmod identities", checks)

print((b * 7 + 5) // b, (b * 7 + 5) % b)
print((-(b * 7) - 5) // b, (-(b * 7) - 5) % b == b - 5)
print((b * 7) // -b, divmod(b * 7 - 1, b)[0])
print(divmod(-b * 3, b))

# True division of two long ints rounds once.
a = lcg_number(9600, 3)
print(a / b == float.fromhex((a / b).hex()), repr((b * 3 + 1) / b), repr(-(b * 3 + 1) / b))
print(repr(b / (b * 3)), repr((b << 200) / (b * 3)))

# The spigot's step: a digit from two long numbers.
num, acc, den = lcg_number(7000, 11), lcg_number(7100, 12), lcg_number(7040, 13)
print((3 * num + acc) // den, (4 * num + acc) // den, (num * 10 ** 5) // den)
print(sum(int(c) for c in str(lcg_number(9000, 5) // lcg_number(4000, 6))) % 1000)

try:
    b // 0
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    divmod(b, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
