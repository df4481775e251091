# Generators compile: a yield leaves compiled code with the frame exact (locals boxed back, the
# stack written), the interpreter resumes after the yield, and the next loop header enters
# compiled code again.


def squares(n):
    total = 0.0
    for i in range(n):
        total += i * 0.5
        yield i * i, total
    return "done"


print(sum(a for a, _ in squares(2000)), list(squares(3)))


def echo():
    received = []
    value = None
    while True:
        value = yield value
        if value is None:
            break
        received.append(value * 2)
    return received


g = echo()
next(g)
for k in range(5):
    print(g.send(k + 1), end=" ")
try:
    g.send(None)
except StopIteration as e:
    print("returned", e.value)


def pipeline(n):
    evens = (x for x in range(n) if x % 2 == 0)
    scaled = (x * 3 for x in evens)
    return sum(scaled), max(x for x in range(n)), all(x < n for x in range(n))


print(pipeline(10000))


def closing():
    try:
        for i in range(100):
            yield i
    finally:
        print("closed at", i)


c = closing()
for v in c:
    if v == 42:
        break
c.close()


def raising(n):
    for i in range(n):
        if i == 3:
            raise ValueError(i)
        yield i


try:
    print(list(raising(10)))
except ValueError as e:
    print("ValueError:", e)


def delegate():
    yield from range(3)
    yield from squares(2)


print(list(delegate()))
