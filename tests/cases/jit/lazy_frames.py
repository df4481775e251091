# Lazy calls (compiled code calling compiled code without interpreter frames): frames made on
# demand for introspection, tracebacks, deopts and exceptions; the recursion limit; `__code__`
# and globals rebound during calls.
import sys

def depth_names():
    f = sys._getframe()
    names = []
    while f is not None:
        names.append(f.f_code.co_name)
        f = f.f_back
    return names

def leaf(n):
    if n == 0:
        return depth_names()
    return leaf(n - 1)

def show_locals(a, b):
    c = a + b
    return sorted(locals().items())

def caller_locals(x):
    y = x * 2
    return peek(y)

def peek(z):
    return sorted(sys._getframe(1).f_locals.items()), sys._getframe(1).f_lineno

def fails(n):
    if n == 0:
        return 1 // n
    return fails(n - 1) + 1

def deep(n):
    if n == 0:
        return 0
    return deep(n - 1) + 1

def typed(n):
    if n < 2:
        return n
    return typed(n - 1) + typed(n - 2)

def adder(a, b):
    return a + b

def use_adder(n):
    t = 0
    for i in range(n):
        t = adder(t, i)
    return t

for r in range(3):
    print(leaf(4))
    print(show_locals(1, 2))
    print(caller_locals(5))
    try:
        fails(3)
    except ZeroDivisionError as e:
        print("caught", e)
    print(deep(50))
    print(typed(10), typed(10.0), typed(2**62) if False else typed(12))
    print(use_adder(100), adder("a", "b"))

try:
    fails(4)
except ZeroDivisionError as e:
    tb = e.__traceback__
    where = []
    while tb is not None:
        where.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    print(where)

try:
    deep(5000)
except RecursionError as e:
    print("recursion", e)
sys.setrecursionlimit(200)
try:
    deep(300)
except RecursionError as e:
    print("recursion again")
print(deep(150))

def big(n):
    if n == 0:
        return 2**62
    return big(n - 1) * 2 + big(n-1) - big(n-1)
print(big(5))

def rebind(n):
    global typed
    if n == 3:
        typed = lambda k: -k
    if n < 2:
        return n
    return rebind(n - 1) + typed(n - 2)
print(rebind(8))

# Mutual recursion: lazy calls between two code objects.
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)

def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)

print([is_even(k) for k in range(8)], is_odd(77))

# An exception raised and handled inside a lazily called function.
def safe_div(a, b):
    try:
        return a // b
    except ZeroDivisionError:
        return None

def div_all(n):
    out = []
    for i in range(n):
        out.append(safe_div(10, i % 3))
    return out

print(div_all(7))

# UnboundLocalError from a lazily called function.
def unbound(flag):
    if flag:
        x = 1
    return x

def call_unbound(flag):
    return unbound(flag)

print(call_unbound(True))
try:
    call_unbound(False)
except UnboundLocalError as e:
    print(type(e).__name__)

# Floats passed as arguments, and a callee that deopts on a type change mid-recursion.
def halve(x, n):
    if n == 0:
        return x
    return halve(x / 2, n - 1)

print(halve(1024.0, 5), halve(10, 3))

def mixed(n):
    if n <= 0:
        return "s" if n == -1 else 0
    return mixed(n - 2) + (1 if n > 1 else 0)

try:
    print(mixed(9))
except TypeError as e:
    print("TypeError", e)
print(mixed(8))

# __code__ rebound while calls are in progress.
def target(n):
    return n + 1

def other(n):
    return n * 100

def via_target(k):
    total = 0
    for i in range(k):
        if i == 5:
            target.__code__ = other.__code__
        total += target(i)
    return total

print(via_target(10))

# Frames seen from inside a lazily called function: names, line numbers, locals.
def inner_view():
    f = sys._getframe(1)
    return f.f_code.co_name, sorted(k for k in f.f_locals), f.f_back.f_code.co_name

def middle(a):
    b = a + 1
    return inner_view()

def outer():
    q = 3
    return middle(q)

print(outer(), outer())
