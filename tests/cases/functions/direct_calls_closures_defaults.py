# Calls of closures and of functions with defaults take cached frames: the free variables'
# cells and the defaults must be the function's own on every call, however often it is called
# and whatever changes them between calls.
import sys

def make_adder(k):
    def add(x):
        return x + k
    return add

adders = [make_adder(k) for k in range(5)]
total = 0
for i in range(300):
    total += adders[i % 5](i)
print(total)

def counter():
    n = 0
    def bump(step=1):
        nonlocal n
        n += step
        return n
    def peek():
        return n
    return bump, peek

bump, peek = counter()
for i in range(200):
    bump()
    bump(2)
print(peek(), bump(0))

def with_defaults(a, b=10, c=[]):
    c.append(a)
    return a + b + len(c)

for i in range(100):
    with_defaults(i)
print(with_defaults(1), with_defaults(1, 2), with_defaults(1, 2, []))
with_defaults.__defaults__ = (100, [])
print(with_defaults(1), with_defaults(1, 2))
with_defaults.__defaults__ = None
try:
    with_defaults(1)
except TypeError as e:
    print('TypeError', e)

def fib_closure():
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    return fib
print(fib_closure()(20))

def frame_view(x):
    y = 5
    def inner(z=3):
        return sorted(sys._getframe().f_locals.items()), x, y
    return inner
f = frame_view('x')
for _ in range(100):
    f()
print(f(), f(7))

def failing(k):
    def inner(d=0):
        return k / d
    return inner
g = failing(1)
for _ in range(3):
    try:
        g()
    except ZeroDivisionError as e:
        tb = e.__traceback__
        while tb.tb_next:
            tb = tb.tb_next
        print('ZeroDivisionError', tb.tb_frame.f_code.co_name, sorted(tb.tb_frame.f_locals))
print(g(4))

class C:
    def method(self, a, b=2):
        return a * b
c = C()
print(sum(c.method(i) for i in range(50)), sum(c.method(i, 3) for i in range(50)))
