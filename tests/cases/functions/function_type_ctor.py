# types.FunctionType(code, globals, name, argdefs, closure): argument validation.
import types


def show(label, fn):
    try:
        r = fn()
        print(label, "ok", r)
    except Exception as e:
        print(label, type(e).__name__, e)


def outer():
    x = 1

    def f(a=0):
        return x + a
    return f


f = outer()
F = types.FunctionType
show("no closure", lambda: F(f.__code__, {}))
show("short closure", lambda: F(f.__code__, {}, None, None, ()))
show("closure int", lambda: F(f.__code__, {}, None, None, 5))
show("closure not cells", lambda: F(f.__code__, {}, None, None, (1,)))
show("name int", lambda: F(f.__code__, {}, 5))
show("argdefs int", lambda: F(f.__code__, {}, None, 5))
show("extra cell", lambda: F((lambda: 1).__code__, {}, None, None, f.__closure__))
show("empty closure ok", lambda: F((lambda: 1).__code__, {}, None, None, ())())
show("code int", lambda: F(5, {}))
show("globals list", lambda: F(f.__code__, []))
g = F(f.__code__, {}, "nm", (10,), f.__closure__)
show("call", lambda: (g(), g(5), g.__name__))
show("keywords", lambda: F(code=f.__code__, globals={}, closure=f.__closure__)())
for i in range(30):
    r = g(i)
print(r)
