"""Nested loops of small-int arithmetic and bit operations: the dispatch loop."""
import sys


def collatz_steps(limit):
    total = 0
    for start in range(1, limit):
        n = start
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            total += 1
    return total


def bits(limit):
    acc = 0
    i = 0
    while i < limit:
        acc ^= (i << 3) & 0xFFFF
        acc += i | 7
        i += 1
    return acc


limit = int(sys.argv[1]) if len(sys.argv) > 1 else 60000
print(collatz_steps(limit), bits(limit * 20))
