# Assigning and deleting function attributes: CPython's type checks and messages.


def show(label, fn):
    try:
        r = fn()
        print(label, "ok", r)
    except Exception as e:
        print(label, type(e).__name__, e)


def f(a, *, b=1):
    return a, b


def setter(attr, value):
    return lambda: setattr(f, attr, value)


def deleter(attr):
    return lambda: delattr(f, attr)


for attr in ["__kwdefaults__", "__defaults__", "__code__", "__globals__", "__closure__",
             "__name__", "__qualname__", "__dict__", "__annotations__", "__builtins__"]:
    show("set " + attr, setter(attr, 5))

# The bad assignments above left f usable.
show("call", lambda: f(1))

for attr in ["__kwdefaults__", "__defaults__", "__code__", "__globals__", "__closure__",
             "__name__", "__qualname__", "__doc__", "__dict__", "__annotations__", "__module__"]:
    def g(a=1, *, b=2):
        "doc"
        return a, b
    f = g
    show("del " + attr, deleter(attr))
    if attr not in ("__code__", "__globals__"):
        show("  now " + attr, lambda: getattr(f, attr))

f = g
show("kwdefaults None", setter("__kwdefaults__", None))
show("call kw", lambda: f(1, b=3))
show("kwdefaults dict", setter("__kwdefaults__", {"b": 7}))
show("call kw default", lambda: f(1))
show("defaults tuple", setter("__defaults__", (4,)))
show("call default", lambda: f())
show("annotations None", setter("__annotations__", None))
show("annotations after", lambda: f.__annotations__)
show("name str", setter("__name__", "h"))
show("name None", setter("__name__", None))
show("qualname None", setter("__qualname__", None))
show("name", lambda: (f.__name__, f.__qualname__))
d = {"x": 1}
show("dict dict", setter("__dict__", d))
show("dict is", lambda: (f.__dict__ is d, f.x))
f.y = 2
show("dict shared", lambda: d)
show("doc 5", setter("__doc__", 5))
show("doc", lambda: f.__doc__)


def outer():
    v = 1

    def inner():
        return v
    return inner


show("code freevars", setter("__code__", outer().__code__))
