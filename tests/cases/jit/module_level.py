# A hot loop at module level moves into compiled code at its header (on-stack replacement);
# names are module globals (LOAD_NAME/STORE_NAME through the interpreter's semantics). Class
# bodies compile too.
import math

total = 0
x = 0.5
for i in range(200000):
    total += i % 7
    x = x * 0.999 + 0.001
    if i == 150000:
        x = 1  # an int now: the loop keeps going with the interpreter's results
print(total, round(x, 6))

acc = []
n = 0
while n < 5000:
    n += 1
    if n % 1000 == 0:
        acc.append(f"{n}:{math.sqrt(n):.3f}")
print(acc)


class Shape:
    sides = 0
    names = [s for s in ("a", "b")]

    def area(self):
        return 0


class Square(Shape):
    sides = 4
    doubled = sides * 2

    def __init__(self, k):
        self.k = k

    def area(self):
        return self.k * self.k


shapes = [Square(k) for k in range(10)]
print(sum(s.area() for s in shapes), Square.doubled, Shape.names)
del shapes
try:
    print(shapes)
except NameError as e:
    print("NameError:", e)
