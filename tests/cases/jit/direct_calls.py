# Calls from compiled code to compiled code (the direct call path): recursion, methods called
# through LOAD_METHOD, introspection of the running frames, and wrong argument counts.
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(20))


def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


print(is_even(100), is_odd(77), is_even(7))


def add3(a, b, c):
    return a + b + c


def no_args():
    return 42


def many(a, b, c, d, e, f):
    return a - b + c - d + e - f


def uses_locals(a):
    x = a * 2
    y = x + 1
    return x, y


def caller():
    total = 0
    for i in range(50):
        total = total + add3(i, i, 1) + no_args() + many(i, 1, 2, 3, 4, 5)
    return total


print(caller())
print(uses_locals(5))


class Counter:
    def __init__(self, start):
        self.n = start

    def step(self, k):
        self.n = self.n + k
        return self.n

    def twice(self, k):
        self.step(k)
        return self.step(k)

    def get(self):
        return self.n


def drive(c, times):
    last = 0
    for i in range(times):
        last = c.twice(i)
    return last + c.get()


c = Counter(10)
print(drive(c, 20), c.get())


def who():
    f = sys._getframe()
    return f.f_code.co_name, f.f_back.f_code.co_name


def outer_who():
    return who()


print(outer_who())


def line_of_caller():
    return sys._getframe(1).f_lineno


def reports_line():
    a = 1
    b = line_of_caller()
    return a, b


print(reports_line())


def two(a, b):
    return a + b


def call_wrong(k):
    if k == 0:
        return two(1)
    if k == 1:
        return two(1, 2, 3)
    return two()


for k in range(3):
    try:
        call_wrong(k)
    except TypeError as e:
        print("TypeError:", e)


class Pair:
    def both(self, x):
        return x


def call_method_wrong(p):
    return p.both()


try:
    call_method_wrong(Pair())
except TypeError as e:
    print("TypeError:", e)


def with_default(a, b=5):
    return a + b


def kwonly(a, *, b):
    return a * b


def star(*args):
    return len(args)


def call_others():
    return with_default(1), with_default(1, 2), kwonly(2, b=3), star(1, 2, 3)


print(call_others())


def make_adder(n):
    def adder(x):
        return x + n

    return adder


add5 = make_adder(5)


def use_closure(k):
    return add5(k) + add5(k + 1)


print(use_closure(1))


def gen(n):
    for i in range(n):
        yield i * i


def use_gen(n):
    return list(gen(n))


print(use_gen(5))


def reassign_target(x):
    return x + 1


def reassign_caller():
    out = []
    for i in range(3):
        out.append(reassign_target(i))
    return out


print(reassign_caller())
reassign_target.__code__ = (lambda x: x * 100).__code__
print(reassign_caller())
