# Globals and builtins rebound while a compiled loop runs.
def step(x):
    return x + 1


def other(x):
    return x * 2


def run(n):
    acc = 0
    for i in range(n):
        acc = step(acc)
        if i == n // 2:
            rebind()
    return acc


def rebind():
    global step
    step = other


print(run(100))
print(run(10))


def uses_len(items):
    return len(items)


print(uses_len([1, 2, 3]))
len = lambda items: 42
print(uses_len([1, 2, 3]))
del len
print(uses_len([1, 2, 3]))
