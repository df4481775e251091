# A function's __dict__ exists once asked for or written; attributes in it keep objects alive
# and cycles through it are collected.
import gc
import weakref


def f():
    pass


print(getattr(f, "missing", "default"), hasattr(f, "x"), f.__dict__)
f.me = f
f.__dict__["n"] = 3
print(sorted(f.__dict__), f.n, f.me is f)


class Box:
    pass


b = Box()
f.box = b
r = weakref.ref(b)
del b
print(r() is not None)
gc.collect()
del f
print(gc.collect() > 0, r() is None)


def g():
    pass


g.__dict__.update(a=1)
print(vars(g), g.a)
