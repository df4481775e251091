def count_odd(n):
    c = 0
    for i in range(n):
        c += i & 1
    return c


def while_loop(n):
    i = 0
    while i < n:
        i += 1
    return i
