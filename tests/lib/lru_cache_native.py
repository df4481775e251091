# functools.lru_cache over the native _lru_cache_wrapper: keys (typed, keywords, the lone
# int/str fast path), hits and misses, LRU eviction, recursion, methods, pickling, clearing.
import copy
import functools
import pickle

print(type(functools.lru_cache(lambda: 0)).__name__, functools._lru_cache_wrapper.__module__)


@functools.lru_cache(maxsize=3)
def square(x):
    print("computing", x)
    return x * x


for v in (1, 2, 3, 1, 4, 2, 1, 5, 3):
    square(v)
print(square.cache_info(), square.cache_parameters())
square.cache_clear()
print(square.cache_info(), square.__name__, square.__wrapped__.__name__, square.__doc__)


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(200), fib.cache_info())


@functools.lru_cache(typed=True)
def kind(x, *, scale=1):
    return (type(x).__name__, x * scale)


print(kind(1), kind(1.0), kind(1, scale=2), kind(x=True), kind.cache_info())


@functools.lru_cache(maxsize=0)
def uncached(x):
    return x


uncached(1); uncached(1)
print(uncached.cache_info())


class Shape:
    def __init__(self, n):
        self.n = n

    @functools.lru_cache
    def area(self, k):
        return self.n * k


s = Shape(3)
print(s.area(2), s.area(2), Shape.area.cache_info(), Shape.area(s, 5))
print(pickle.loads(pickle.dumps(fib)) is fib, copy.copy(fib) is fib, copy.deepcopy(fib) is fib)
try:
    square([1])
except TypeError as e:
    print("TypeError", e)
try:
    functools.lru_cache(maxsize="big")
except TypeError as e:
    print("TypeError", e)


@functools.lru_cache(maxsize=2)
def boom(x):
    raise ValueError(x)


try:
    boom(7)
except ValueError as e:
    print("ValueError", e, boom.cache_info())
