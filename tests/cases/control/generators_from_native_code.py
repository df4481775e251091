# Generators resumed by native code (sum, list, set, join, min, zip, next) rather than by a
# FOR_ITER in the loop: each resumption runs the frame to its next yield; a StopIteration
# raised inside becomes RuntimeError (PEP 479); a running generator refuses to be resumed.
def squares(n):
    for i in range(n):
        yield i * i


print(sum(squares(10)), list(squares(5)), sorted(set(x % 7 for x in squares(20))))
print("".join(str(x) for x in squares(6)), min(squares(4)), list(zip(squares(3), "abc")))

g = squares(3)
print(next(g), next(g), next(g), next(g, "done"), next(g, "again"))


def leaks_stop():
    yield 1
    raise StopIteration("inner")


try:
    list(leaks_stop())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))


def fails_midway():
    yield 1
    yield 2
    raise KeyError("k")


try:
    sum(fails_midway())
except KeyError as e:
    print("KeyError", e)


def reenters():
    yield next(me)


me = reenters()
try:
    list(me)
except ValueError as e:
    print("ValueError:", e)


def with_cleanup(log):
    try:
        yield "a"
        yield "b"
    finally:
        log.append("closed")


log = []
it = with_cleanup(log)
print(next(it), log)
it.close()
print(log)

# Nested native consumers, as nqueens builds sets from generator expressions.
def perms(items):
    if len(items) <= 1:
        yield tuple(items)
        return
    for i in range(len(items)):
        for tail in perms(items[:i] + items[i + 1:]):
            yield (items[i],) + tail


n = 5
print(sum(1 for p in perms(list(range(n)))
          if n == len(set(p[i] + i for i in range(n))) == len(set(p[i] - i for i in range(n)))))
