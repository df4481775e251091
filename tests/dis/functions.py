def add(a, b=1, *args, k, m=2, **kw):
    "Adds."
    return a + b


@decorator
@other(1)
def decorated(x: int) -> str:
    return str(x)


f = lambda x, y=3: x * y
print(add(1, 2, k=3), f(2))
