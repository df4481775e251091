# Keyword arguments that name the parameters their positions fill take the positional path;
# every other keyword call binds the general way, with CPython's errors.
def f(a, b=2, c=3):
    return (a, b, c)

def po(a, /, b):
    return (a, b)

def ko(a, *, k=0):
    return (a, k)

def g(*args, **kw):
    return (args, sorted(kw.items()))

def outer():
    n = 0
    def bump(step=1):
        nonlocal n
        n += step
        return n
    return bump

class C:
    def m(self, x, scale=1):
        return x * scale

def gen(a, b=0):
    yield a
    yield b

bump = outer()
c = C()
out = []
for i in range(12):
    out.append((f(i, b=5), f(a=i), f(i, 1, c=9), f(b=i, a=1), f(c=i, a=0), po(i, b=1),
                ko(i, k=2), g(i, z=1), bump(step=2), c.m(i, scale=3), C.m(c, i, scale=2),
                list(gen(i, b=7))))
print(out[0])
print(out[-1])
for i in range(6):
    for call in (lambda: f(1, a=2), lambda: po(a=1, b=2), lambda: f(1, d=2), lambda: f(b=1),
                 lambda: ko(1, 2), lambda: c.m(x=1, self=c)):
        try:
            print(call())
        except TypeError as e:
            print("TypeError:", e)
