# heapq and bisect over the native _heapq and _bisect: CPython's heap layouts, the max-heap
# helpers, errors, key functions, and insertion into lists and other sequences.
import bisect
import collections
import heapq
import random

print(heapq.heappush.__module__, bisect.bisect_left.__module__, bisect.bisect is bisect.bisect_right)
rng = random.Random(7)
data = [rng.randrange(100) for _ in range(40)]
h = []
for x in data:
    heapq.heappush(h, x)
print(h)
print([heapq.heappop(h) for _ in range(10)], h[:5])
g = data[:]
heapq.heapify(g)
print(g)
print(heapq.heapreplace(g, 50), heapq.heappushpop(g, -1), heapq.heappushpop(g, 99), g[:6])
m = data[:]
heapq._heapify_max(m)
print(m[:8], heapq._heappop_max(m), heapq._heapreplace_max(m, 0), m[:4])
print(heapq.nlargest(3, data), heapq.nsmallest(3, data, key=lambda v: -v), list(heapq.merge([1, 4], [2, 3])))
for bad in [lambda: heapq.heappush((), 1), lambda: heapq.heappop([]), lambda: heapq.heapreplace([], 1),
            lambda: heapq.heapify(None)]:
    try:
        bad()
    except (TypeError, IndexError) as e:
        print(type(e).__name__, e)


class Shrinker:
    def __init__(self, heap):
        self.heap = heap

    def __lt__(self, other):
        self.heap.clear()
        return False


victim = []
victim.extend([Shrinker(victim), Shrinker(victim)])
try:
    heapq.heappush(victim, Shrinker(victim))
except RuntimeError as e:
    print("RuntimeError", e)
s = [1, 2, 2, 2, 5, 8]
print(bisect.bisect_left(s, 2), bisect.bisect_right(s, 2), bisect.bisect(s, 9), bisect.bisect_left(s, 2, 2), bisect.bisect_right(s, 2, 0, 3))
bisect.insort(s, 3)
bisect.insort_left(s, 2)
print(s)
people = [("ann", 31), ("bob", 25), ("cy", 40)]
people.sort(key=lambda p: p[1])
bisect.insort(people, ("dee", 33), key=lambda p: p[1])
print(people, bisect.bisect_left(people, 31, key=lambda p: p[1]))
d = collections.deque([1, 3, 5])
bisect.insort(d, 4)
print(d, bisect.bisect_left(range(0, 100, 5), 42))
for bad in [lambda: bisect.bisect_left(s, 1, -1), lambda: bisect.insort(s, 1, 0, 1, None), lambda: bisect.bisect(None, 1)]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
