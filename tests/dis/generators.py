def gen(n):
    for i in range(n):
        x = yield i
        if x:
            yield from other(x)
    return n
