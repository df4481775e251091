# Opcodes compiled through the interpreter's own semantics (f-strings, `in`, keyword calls,
# closures, nested functions, `global`, `del`, `raise`, set/dict displays and comprehensions)
# and functions with exception handlers (an exception leaves compiled code; the interpreter
# runs the handler in the same frame).

counter = 0


def fmt(n):
    out = []
    for i in range(n):
        out.append(f"{i}:{i * 0.5:.2f}|{i!r:>3}|{'x' * (i % 3)}")
    return out


print(fmt(5))


def membership(xs):
    hits = 0
    for i in range(10):
        if i in xs:
            hits += 1
        if i not in xs:
            hits += 100
    return hits


print(membership([1, 3, 5]), membership({2, 4}), membership(range(3)))


def kw(a, b=2, *, c=3):
    return a * 100 + b * 10 + c


def calls(n):
    total = 0
    for i in range(n):
        total += kw(i, c=1) + kw(a=i, b=0) + kw(1, 2, c=i)
    return total


print(calls(20))


def make_adders(n):
    adders = []
    for i in range(n):
        def add(x, i=i):
            return x + i
        adders.append(add)
    return [f(10) for f in adders]


print(make_adders(5))


def closure_counter(n):
    count = 0

    def bump(k):
        nonlocal count
        count += k
        return count

    for i in range(n):
        bump(i)
    return count, bump(0)


print(closure_counter(10))


def globals_rw(n):
    global counter
    for i in range(n):
        counter += i
    return counter


print(globals_rw(10), globals_rw(5), counter)


def displays(n):
    s = {i % 3 for i in range(n)}
    d = {i: i * i for i in range(n)}
    m = {"a": 1, "b": n}
    t = {1, 2, n}
    return sorted(s), d, m, sorted(t), [x for x in range(n) if x % 2], list(range(10))[1:n:2]


print(displays(6))


def handled(xs):
    total = 0
    errors = []
    for x in xs:
        try:
            total += 10 // x
        except ZeroDivisionError as e:
            errors.append(str(e))
        except TypeError:
            errors.append("type")
        finally:
            total += 1
    return total, errors


print(handled([1, 2, 0, 5, "a", 0, 3]))


def raises(n):
    for i in range(n):
        if i == 3:
            raise ValueError(f"stop at {i}")
    return "done"


try:
    raises(10)
except ValueError as e:
    print("ValueError:", e)


def reraise_from(n):
    try:
        return [1, 2][n]
    except IndexError as e:
        raise KeyError(n) from e


try:
    reraise_from(5)
except KeyError as e:
    print("KeyError:", e, type(e.__cause__).__name__)


def deleting(n):
    x = n * 2
    y = x + 1
    del x
    try:
        return x
    except UnboundLocalError as e:
        return y, str(e)


print(deleting(4))


def nested_try(n):
    out = []
    for i in range(n):
        try:
            try:
                if i % 2:
                    raise KeyError(i)
                out.append(i)
            finally:
                out.append(-1)
        except KeyError as e:
            out.append(f"k{e}")
    return out


print(nested_try(5))
