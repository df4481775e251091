"""PGO training: int and float arithmetic, lists of numbers, comprehensions, math."""
import math
import sys


def matmul(a, b):
    n, m, p = len(a), len(b), len(b[0])
    return [[sum(a[i][k] * b[k][j] for k in range(m)) for j in range(p)] for i in range(n)]


def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    for i in range(2, int(n ** 0.5) + 1):
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
    return [i for i, f in enumerate(flags) if f]


def integrate(f, a, b, steps):
    h = (b - a) / steps
    total = 0.5 * (f(a) + f(b))
    x = a
    for _ in range(1, steps):
        x += h
        total += f(x)
    return total * h


def collatz(limit):
    best = (0, 0)
    for start in range(1, limit):
        n, steps = start, 0
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            steps += 1
        if steps > best[1]:
            best = (start, steps)
    return best


def particles(n, steps):
    xs = [float(i) for i in range(n)]
    vs = [math.sin(i) for i in range(n)]
    for _ in range(steps):
        for i in range(n):
            vs[i] -= 0.01 * xs[i]
            xs[i] += 0.01 * vs[i]
    return round(sum(xs), 6), round(max(vs), 6)


def big_numbers(n):
    fact = 1
    for i in range(2, n * 8):
        fact *= i
    digits = sum(int(d) for d in str(fact))
    a, b = 0, 1
    for _ in range(n * 40):
        a, b = b, a + b
    q, r = divmod(a, fact // 10 ** 100 + 1)
    e = pow(3, n * 100, 10 ** 50 + 151)
    return digits, a % 1000003, len(str(q)), r % 997, e


def julia(size, limit):
    inside = 0
    for py in range(size):
        for px in range(size):
            zr = 3.0 * px / size - 1.5
            zi = 3.0 * py / size - 1.5
            for _ in range(limit):
                zr, zi = zr * zr - zi * zi - 0.8, 2.0 * zr * zi + 0.156
                if zr * zr + zi * zi > 4.0:
                    break
            else:
                inside += 1
    return inside


def run(n):
    a = [[(i * j) % 7 + 0.5 for j in range(n)] for i in range(n)]
    m = matmul(a, a)
    primes = sieve(n * 2000)
    area = integrate(lambda x: x * x + math.sqrt(x), 0.0, 10.0, n * 5000)
    big = 1
    for i in range(1, n * 10):
        big = big * i % (10 ** 40 + 7)
    return (round(m[1][2], 3), len(primes), round(area, 6), collatz(n * 1000),
            particles(n * 10, 200), big, big_numbers(n), julia(n, 50), sum(x & 0xFF ^ x >> 3 for x in range(n * 3000)))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(run(n))
