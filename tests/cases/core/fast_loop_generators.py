# Generators iterated by `for` inside hot loops (which Heron runs in its fast loop, resuming
# the generator's frame in place): values, early exits, exceptions and their tracebacks,
# finalization, and generators that look at themselves.
import traceback


def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done"


def permutations(items):
    if len(items) <= 1:
        yield tuple(items)
        return
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for tail in permutations(rest):
            yield (items[i],) + tail


def basics():
    total = 0
    for rep in range(300):
        for v in count(10):
            total += v
    perms = 0
    key = 0
    for p in permutations([1, 2, 3, 4, 5]):
        perms += 1
        key = key * 7 % 1000003 + p[0] * 10 + p[-1]
    print("basics", total, perms, key)


log = []


def guarded(n):
    try:
        for i in range(n):
            yield i
    finally:
        log.append(("finally", n))


def early_exit():
    total = 0
    for rep in range(500):
        for v in guarded(10):
            if v == 3:
                break
            total += v
    print("early", total, len(log), log[-1])


def failing(n):
    for i in range(n):
        if i == 7:
            raise ValueError("seven in %d" % n)
        yield i


def errors():
    total = 0
    caught = 0
    for rep in range(400):
        try:
            for v in failing(10 if rep % 50 == 49 else 5):
                total += v
        except ValueError as e:
            caught += 1
            last = e
    tb = traceback.extract_tb(last.__traceback__)
    print("errors", total, caught, last, [(t.name, t.line) for t in tb])


def self_aware():
    g = None

    def gen():
        for i in range(3):
            yield g.gi_running, i

    seen = []
    for rep in range(300):
        g = gen()
        for running, i in g:
            seen.append(running)
    print("running", all(seen), len(seen), g.gi_running, g.gi_frame)


def resumed_by_next():
    # The same generator is advanced both by `for` and by next().
    total = 0
    for rep in range(300):
        g = count(6)
        total += next(g)
        for v in g:
            total += v
            if v == 3:
                total += next(g) * 100
    print("mixed", total)


basics()
early_exit()
errors()
self_aware()
resumed_by_next()
