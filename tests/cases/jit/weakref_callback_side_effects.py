# A weakref callback runs when the referent dies; compiled code must see what it rebinds.
import weakref


class Obj:
    pass


limit = 3000
calls = []


def cb(ref):
    global limit
    calls.append("cb")
    limit = 4


def run():
    o = Obj()
    r = weakref.ref(o, cb)
    i = 0
    while i < limit:
        if i == 2:
            o = None
        i += 1
    return i, r() is None


print(run(), calls)


class Config:
    scale = 1


class Marker:
    def __del__(self):
        Config.scale = 10


def class_attr():
    # __del__ mutates a class attribute the loop reads.
    m = Marker()
    total = 0
    for i in range(2500):
        if i == 1000:
            m = None
        total += Config.scale
    return total


print(class_attr())


def method_rebind():
    class K:
        def f(self):
            return 1

    class Swap:
        def __del__(self):
            K.f = lambda self: 100

    k = K()
    s = Swap()
    total = 0
    for i in range(2500):
        if i == 2000:
            s = None
        total += k.f()
    return total


print(method_rebind())


def builtin_rebind():
    import builtins

    class Patch:
        def __del__(self):
            builtins.len = lambda x: -1

    p = Patch()
    total = 0
    saved = len
    try:
        for i in range(2500):
            if i == 2400:
                p = None
            total += len("ab")
    finally:
        builtins.len = saved
    return total


print(builtin_rebind())


def iterator_exhaustion():
    # The iterator (and the finalizable object it holds) dies when the loop ends.
    global limit
    limit = 2000

    class Holds:
        def __del__(self):
            global limit
            limit = 1

    def gen(h):
        yield from range(10)

    n = 0
    for x in gen(Holds()):
        n += x
    i = 0
    while i < limit:
        i += 1
    return n, i


print(iterator_exhaustion())
