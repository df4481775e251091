# Small ints overflowing into big ints inside a hot loop, and back.
def grow(n):
    x = 1
    for i in range(n):
        x = x * 3 + i
    return x


def sums(n):
    s = 2 ** 62 - 10
    for i in range(n):
        s = s + 1
    return s


def shrink(x):
    while x > 10:
        x = x - x // 2 - 1
    return x


print(grow(60))
print(sums(20), sums(5))
print(shrink(3 ** 80))
print(grow(10) & 0xFFFF, (grow(70) >> 100) ^ 12345)
