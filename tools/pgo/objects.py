"""PGO training: classes, methods, properties, inheritance and polymorphic calls."""
import sys


class Shape:
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def area(self):
        raise NotImplementedError

    def describe(self):
        return f"{self.name}:{self.area():.2f}"


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    @property
    def perimeter(self):
        return 2 * (self.w + self.h)


class Circle(Shape):
    def __init__(self, r):
        super().__init__("circle")
        self.r = r

    def area(self):
        return 3.14159 * self.r * self.r

    @property
    def perimeter(self):
        return 2 * 3.14159 * self.r


class Square(Rect):
    def __init__(self, s):
        Rect.__init__(self, s, s)
        self.name = "square"


class Account:
    __slots__ = ("owner", "balance", "history")

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []

    def deposit(self, amount):
        self.balance += amount
        self.history.append(("in", amount))

    def withdraw(self, amount):
        if amount > self.balance:
            return False
        self.balance -= amount
        self.history.append(("out", amount))
        return True


class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next


def linked(n):
    head = None
    for i in range(n):
        head = Node(i, head)
    total = 0
    while head is not None:
        total += head.value
        head = head.next
    return total


def run(n):
    shapes = []
    for i in range(n):
        k = i % 3
        if k == 0:
            shapes.append(Rect(i % 7 + 1, i % 5 + 1))
        elif k == 1:
            shapes.append(Circle(i % 4 + 0.5))
        else:
            shapes.append(Square(i % 6 + 1))
    total = sum(s.area() for s in shapes)
    perim = 0.0
    for s in shapes:
        perim += s.perimeter
    names = {}
    for s in shapes[:200]:
        d = s.describe()
        names[s.name] = names.get(s.name, 0) + len(d)
    shapes.sort(key=lambda s: s.area())
    accounts = [Account(f"u{i}", i) for i in range(100)]
    ok = 0
    for i in range(n):
        a = accounts[i % 100]
        a.deposit(i % 17)
        if a.withdraw(i % 23):
            ok += 1
    return round(total, 2), round(perim, 2), names, ok, linked(n), Shape.count


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 240000
    print(run(n))
