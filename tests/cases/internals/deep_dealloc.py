# Freeing very deep chains of containers does not recurse on the native stack (the trashcan):
# each chain is released at once when its last reference goes.
# gc-zeal: skip (millions of nested containers: each full collection scans them all)
import gc
import weakref

DEPTH = 100000


class C:
    pass


class Tracked:
    pass


def instance(v):
    c = C()
    c.x = v
    return c


def cell(v):
    return lambda: v


def f():
    pass


def method(v):
    return f.__get__(v)


def context(v):
    e = ValueError()
    e.__context__ = v if isinstance(v, BaseException) else ValueError(v)
    return e


def gen(x):
    yield x


makers = {
    'tuple': lambda v: (v,),
    'list': lambda v: [v],
    'dict': lambda v: {1: v},
    'frozenset': lambda v: frozenset([v]),
    'instance': instance,
    'closure': cell,
    'defaults': lambda v: (lambda x=v: x),
    'method': method,
    'exception': Exception,
    'context': context,
    'generator': gen,
    'iterator': lambda v: iter([v]),
}
for name, make in makers.items():
    bottom = Tracked()
    ref = weakref.ref(bottom)
    a = bottom
    del bottom
    for _ in range(DEPTH):
        a = make(a)
    del a
    print(name, 'freed' if ref() is None else 'alive')

# A deep chain inside a cycle goes when the collector breaks the cycle.
bottom = Tracked()
ref = weakref.ref(bottom)
a = [bottom]
del bottom
for _ in range(DEPTH):
    a = [a]
cycle = [a]
cycle.append(cycle)
del a, cycle
gc.collect()
print('cycle', 'freed' if ref() is None else 'alive')

# A finalizer at the bottom still runs.
class Final:
    def __del__(self):
        print('__del__ ran')

a = Final()
for _ in range(DEPTH):
    a = (a,)
del a
print('ok')
