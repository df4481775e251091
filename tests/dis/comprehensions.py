def f(xs):
    a = [x * 2 for x in xs if x]
    b = {x: y for x in xs for y in range(x)}
    c = {x for x in xs}
    d = list(x for x in xs)
    return a, b, c, d
