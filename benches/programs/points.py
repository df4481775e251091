"""Objects with float attributes: allocation, attribute access and method calls."""
import math
import sys


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return math.sqrt(self.x * self.x + self.y * self.y)

    def scaled(self, k):
        return Point(self.x * k, self.y * k)


def run(n):
    best = 0.0
    for i in range(n):
        p = Point(math.sin(i), math.cos(i)).scaled(1.5)
        best = max(best, p.norm() + p.x)
    return best


n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
print(f"{run(n):.6f}")
