# Deep recursion through direct calls between compiled functions raises RecursionError with
# CPython's message, never overflows the native stack, and the program carries on normally.
import sys


def down(n):
    return down(n + 1)


def method_down(obj, n):
    return obj.go(n + 1)


class Deep:
    def go(self, n):
        return method_down(self, n)


def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


for attempt in range(3):
    try:
        down(0)
    except RecursionError as e:
        print("RecursionError:", e)

try:
    Deep().go(0)
except RecursionError as e:
    print("RecursionError:", e)

print(depth(900))
sys.setrecursionlimit(3000)
print(depth(2900))
try:
    depth(3100)
except RecursionError as e:
    print("RecursionError:", e)
sys.setrecursionlimit(1000)
print(depth(100))


def count_frames():
    n = 0
    f = sys._getframe()
    while f is not None:
        n += 1
        f = f.f_back
    return n


def nest(k):
    if k == 0:
        return count_frames()
    return nest(k - 1)


print(nest(0), nest(10), nest(50))
