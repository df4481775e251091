# Calls with exact positional arguments run in frames kept by the callee's code object, which
# borrow the function's namespaces: the function must stay alive and correct while it runs,
# whatever the call does to it.
import sys
import gc


def add(a, b):
    return a + b


def other(a, b):
    return a * b


def swap_code(a, b):
    swap_code.__code__ = other.__code__   # rebinding __code__ while the old one runs
    return a - b


print(add(2, 3), swap_code(7, 4), swap_code(7, 4))


def make_holder():
    g = {}
    exec("def f(x):\n    drop()\n    return x + len(globals())\n", g)
    holder = [g["f"]]
    g["drop"] = holder.clear   # the call drops the holder's reference to the running function
    del g
    return holder


h = make_holder()
print(h[0](10), h)
gc.collect()


def raiser(n):
    if n == 0:
        raise ValueError("bottom")
    return raiser(n - 1)


for _ in range(3):
    try:
        raiser(5)
    except ValueError as e:
        tb = e.__traceback__
        depth = 0
        while tb is not None:
            depth += 1
            tb = tb.tb_next
        print("caught", e, depth)


def frame_info(x):
    fr = sys._getframe()
    return (fr.f_code.co_name, fr.f_locals["x"], fr.f_back.f_code.co_name,
            fr.f_globals is globals())


def caller():
    return frame_info(41)


print(caller())


def deep(n):
    return deep(n + 1)


for _ in range(2):
    try:
        deep(0)
    except RecursionError:
        print("RecursionError")


def leaf(x):
    return x


def recurse(n):
    if n == 0:
        return leaf(n)
    return recurse(n - 1) + leaf(1)


print(recurse(200), recurse(100))
gc.collect()


def with_default(a, b=10):
    return a + b


print(with_default(1), with_default(1, 2), with_default(b=5, a=1))


class K:
    def m(self, x):
        return (self.__class__.__name__, x)


k = K()
bound = k.m
print(bound(1), K.m(k, 2), k.m(3))
saved = []


def keep_frame(x):
    saved.append(sys._getframe())
    return x


keep_frame(1)
keep_frame(2)
print([fr.f_locals for fr in saved])
