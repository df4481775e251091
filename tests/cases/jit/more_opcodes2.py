# More opcodes compiled through the interpreter's semantics: `and`/`or` values, unpacking into
# displays, `*args`/`**kwargs` calls, `del` of attributes/items/globals, imports inside
# functions, `assert`, `len` in `match`.

scratch = 1


def and_or(xs):
    out = []
    for x in xs:
        out.append((x and x * 2) or "zero")
        out.append(x or None)
    return out


print(and_or([0, 1, 2, 0.0, "", "s"]))


def star(*args, **kwargs):
    return args, sorted(kwargs.items())


def spread(n):
    out = []
    for i in range(n):
        a = [i, *range(i), *"ab"]
        s = {*a, i}
        d = {"k": i, **{"x": i * 2}}
        out.append((a, sorted(s, key=str), d, star(*a, **d), tuple([i, i + 1])))
    return out


for row in spread(3):
    print(row)


class Box:
    pass


def deleting(n):
    global scratch
    b = Box()
    b.x = 1
    del b.x
    d = {i: i for i in range(n)}
    del d[0]
    scratch = 5
    del scratch
    try:
        return scratch
    except NameError as e:
        return hasattr(b, "x"), d, str(e)


print(deleting(4))


def imports(n):
    import math
    from collections import OrderedDict
    return [math.floor(i / 2) for i in range(n)], OrderedDict(a=n)


print(imports(5))


def checks(n):
    for i in range(n):
        assert i < 3, f"too big: {i}"
    return "ok"


print(checks(3))
try:
    checks(5)
except AssertionError as e:
    print("AssertionError:", e)


def shapes(items):
    out = []
    for it in items:
        match it:
            case [a, b]:
                out.append(("pair", a, b))
            case [a, *rest]:
                out.append(("seq", a, len(rest)))
            case _:
                out.append(("other", it))
    return out


print(shapes([[1, 2], [1, 2, 3], (4,), 5]))
