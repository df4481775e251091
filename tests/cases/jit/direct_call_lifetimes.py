# Direct calls between compiled functions keep object lifetimes (finalizers run when the
# callee's locals die), a function rebinding its own __code__ while it runs, and f_back chains.
import sys
class D:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("del", self.n)

def make(n):
    d = D(n)
    return n + 1

def outer(n):
    a = make(n)
    print("after make", a)
    b = make(a)
    print("after make", b)
    return b

print(outer(1))

def selfmod(x):
    selfmod.__code__ = (lambda x: x * 1000).__code__
    return x + 1

def drive():
    return selfmod(1), selfmod(2)
print(drive())

def recurse_getframe(n):
    if n == 0:
        f = sys._getframe()
        names = []
        while f is not None:
            names.append(f.f_code.co_name)
            f = f.f_back
        return names
    return recurse_getframe(n - 1)
print(recurse_getframe(3))
