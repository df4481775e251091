"""PGO training: closures, lambdas, decorators, *args/**kwargs, generators and pipelines."""
import sys


def counter():
    n = 0

    def bump(step=1):
        nonlocal n
        n += step
        return n
    return bump


def logged(fn):
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return fn(*args, **kwargs)
    wrapper.calls = 0
    return wrapper


@logged
def combine(a, b=2, *rest, scale=1, **extra):
    return (a + b + sum(rest)) * scale + len(extra)


def pipeline(items):
    evens = (x for x in items if x % 2 == 0)
    squares = (x * x for x in evens)
    return sum(squares), any(x > 10 ** 6 for x in items), all(x >= 0 for x in items)


def chunks(seq, size):
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def window(seq):
    it = iter(seq)
    prev = next(it)
    for x in it:
        yield prev, x
        prev = x


def run(n):
    c = counter()
    for i in range(n):
        c()
        c(step=i % 3)
    total = 0
    for i in range(n):
        total += combine(i, 3)
        total += combine(i, b=1, scale=2)
        total += combine(1, 2, 3, 4, scale=3, tag="x")
        args = (i, 5)
        kw = {"scale": 2}
        total += combine(*args, **kw)
    adders = [lambda x, k=k: x + k for k in range(10)]
    acc = 0
    for i in range(n):
        acc = adders[i % 10](acc) % 1000003
    items = list(range(n))
    piped = pipeline(items)
    ch = sum(len(c) for c in chunks(items, 7))
    diffs = sum(b - a for a, b in window(items))
    mapped = sum(map(lambda x: x * 3, filter(lambda x: x % 3, items)))
    ranked = sorted(items[:5000], key=lambda v: (v * 7919) % 5000)[:5]
    return c(0), total, combine.calls, acc, piped, ch, diffs, mapped, ranked


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 240000
    print(run(n))
