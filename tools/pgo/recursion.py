"""PGO training: recursion, tuples, generators across levels, sets and memoized calls."""
import sys


def build(depth):
    if depth == 0:
        return None
    return (build(depth - 1), depth, build(depth - 1))


def count(tree):
    if tree is None:
        return 0
    left, value, right = tree
    return 1 + count(left) + count(right)


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


memo = {}


def paths(r, c):
    if r == 0 or c == 0:
        return 1
    key = (r, c)
    if key in memo:
        return memo[key]
    v = paths(r - 1, c) + paths(r, c - 1)
    memo[key] = v
    return v


def perms(items):
    if len(items) <= 1:
        yield tuple(items)
        return
    for i, head in enumerate(items):
        for tail in perms(items[:i] + items[i + 1:]):
            yield (head,) + tail


def queens(n, row=0, cols=frozenset(), d1=frozenset(), d2=frozenset()):
    if row == n:
        yield ()
        return
    for c in range(n):
        if c in cols or row + c in d1 or row - c in d2:
            continue
        for rest in queens(n, row + 1, cols | {c}, d1 | {row + c}, d2 | {row - c}):
            yield (c,) + rest


def hanoi(n, a, b, c, moves):
    if n:
        hanoi(n - 1, a, c, b, moves)
        moves.append((a, c))
        hanoi(n - 1, b, a, c, moves)


def run(n):
    nodes = sum(count(build(d)) for d in range(n))
    f = fib(n + 8)
    p = paths(n * 3, n * 3)
    perm_sum = sum(sum(p) for p in perms(list(range(7))))
    q = sum(1 for _ in queens(7))
    moves = []
    hanoi(n + 4, "a", "b", "c", moves)
    return nodes, f, p, perm_sum, q, len(moves)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 18
    print(run(n))
