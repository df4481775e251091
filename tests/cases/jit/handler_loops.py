# Loops that compiled code never reaches (only through an exception handler): the interpreter
# runs them, and on-stack replacement must not enter the compiled code anywhere else.


def after_handler(x, memo=None):
    if memo is None:
        memo = {}
    items = [a for a in x if memo is not None]
    try:
        return memo[5]
    except KeyError:
        pass
    total = 0
    for k, j in zip(x, items):
        total += k * j
    i = 0
    while i < 3000:
        i += 1
    return total, i


print(after_handler((5, 6)))
print(after_handler(range(100)))


def loop_in_handler(n):
    try:
        raise ValueError(n)
    except ValueError:
        acc = 0
        for i in range(n):
            acc += i
        return acc


print(loop_in_handler(5000), loop_in_handler(10))
