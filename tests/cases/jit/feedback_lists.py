# Type feedback drives speculation: list items seen as floats are read unboxed, floats stored
# over floats only the list holds are overwritten in place; every other case must behave as
# in the interpreter, including after the kinds change.


def step(bodies, n):
    for _ in range(n):
        for (b1, b2) in pairs(bodies):
            d = b1[0] - b2[0]
            b1[1] -= d * 0.5
            b2[1] += d * 0.25
        for b in bodies:
            b[0] += b[1] * 0.01
    return bodies


def pairs(bodies):
    out = []
    for i in range(len(bodies)):
        for j in range(i + 1, len(bodies)):
            out.append((bodies[i], bodies[j]))
    return out


bodies = [[1.0, 0.0], [2.0, 0.5], [4.0, -0.5]]
print(step(bodies, 50))

# A float held elsewhere must not change when the list slot is overwritten.
shared = bodies[0][1]
keep = [shared]
step(bodies, 20)
print(keep[0] == shared, keep[0] is shared, bodies[0][1] != shared)

# Ints now where floats were seen: deopt, same answers as the interpreter.
ints = [[1, 0], [2, 1], [4, -1]]
try:
    print(step(ints, 3))
except Exception as e:
    print(type(e).__name__, e)

# Strings where floats were seen.
try:
    step([["a", "b"], ["c", "d"]], 1)
except TypeError as e:
    print("TypeError:", e)


def index_sum(xs, n):
    total = 0.0
    for k in range(n):
        total += xs[k % 4] * xs[-1 - k % 4]
    return total


vals = [0.5, 1.5, 2.5, 3.5]
print(index_sum(vals, 100))
print(index_sum([1, 2, 3, 4], 100))
try:
    index_sum(vals[:3], 10)
except IndexError as e:
    print("IndexError:", e)


class Seq(list):
    def __getitem__(self, i):
        return 10.0


print(index_sum(Seq(vals), 8))


def iterate(xs):
    total = 0
    for x in xs:
        total = total + x
    return total


print(iterate([1, 2, 3] * 20), iterate((1.5, 2.5) * 20), iterate(range(50)))
print(iterate([[1], [2]] * 3 and [1.0] * 40))


class L(list):
    def __iter__(self):
        return iter([100, 200])


print(iterate(L([1, 2, 3])))


def unpack(items):
    acc = 0
    for a, b in items:
        acc += a * b
    return acc


print(unpack([(1, 2), (3, 4)] * 10))
print(unpack([[1, 2], [3, 4]] * 10))
try:
    unpack([(1, 2, 3)])
except ValueError as e:
    print("ValueError:", e)
try:
    unpack([(1,)])
except ValueError as e:
    print("ValueError:", e)


def mutate_while_iterating(xs):
    seen = 0
    for x in xs:
        seen += 1
        if len(xs) < 10:
            xs.append(x)
    return seen, len(xs)


print(mutate_while_iterating([1, 2, 3]))


def store_kinds(xs, n):
    for k in range(n):
        xs[k % 3] = k * 0.5
        xs[(k + 1) % 3] = k
        xs[-1] = k > 5
    return xs


print(store_kinds([0.0, 0.0, 0.0], 30))
print(store_kinds([None, None, None], 7))
