# Callees reached through direct calls that leave compiled code mid-call (type changes, a
# rebound global) finish in the interpreter with the same results.


def add(a, b):
    return a + b


def scale(x):
    return x * 2


def combine(a, b):
    return scale(add(a, b))


def run(values):
    out = []
    for a, b in values:
        out.append(combine(a, b))
    return out


print(run([(1, 2), (3, 4), (2**62, 2**62)]))
print(run([(1.5, 2.25), (0.1, 0.2)]))
print(run([("ab", "cd"), ([1], [2])]))
print(run([(1, 2.5), (True, False)]))


def helper(n):
    return n + 1


def uses_helper(n):
    total = 0
    for i in range(n):
        total = total + helper(i)
    return total


print(uses_helper(10))


def replacement(n):
    return n * 10


helper = replacement
print(uses_helper(10))


def compare(a, b):
    if a < b:
        return "lt"
    return "ge"


def many_compares():
    return [compare(1, 2), compare(2.5, 1.0), compare("a", "b"), compare((1,), (0,))]


for _ in range(3):
    print(many_compares())
