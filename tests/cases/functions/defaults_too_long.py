# A hand-assigned __defaults__ longer than the parameters: its tail is used.


def f(a, b):
    return a, b


f.__defaults__ = (1, 2, 3)
print(f())
print(f(9))
print(f(8, 9))
for i in range(50):
    r = f()
    r2 = f(i)
print(r, r2)
try:
    f(1, 2, 3)
except TypeError as e:
    print(e)


def g(a, b=5, *args, c, d=6, **kw):
    return a, b, args, c, d, kw


g.__defaults__ = (10, 20, 30)
print(g(c=1))
print(g(1, c=1))
for i in range(50):
    r = g(c=i)
print(r)
