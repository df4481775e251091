# CALL's specialized forms: exact-argument Python calls, bound methods, built-in functions and
# methods, len, isinstance, type(x), list.append; each warmed up, then called with what the
# form does not serve, and the built-ins rebound while the call site stays quickened.
import builtins

def f(a, b):
    return a - b

class C:
    def m(self, x):
        return ('m', x)
    def __len__(self):
        return 42

def call2(g, x, y):
    return g(x, y)

def call1(g, x):
    return g(x)

def method_call(o, x):
    return o.m(x)

def bound_call(m, x):
    return m(x)

for _ in range(100):
    call2(f, 5, 3)
print(call2(f, 5, 3), call2(max, 5, 3), call2(lambda a, b=9: a * b, 2, 3))
try:
    call2(lambda a: a, 1, 2)
except TypeError as e:
    print('TypeError', e)

o = C()
for _ in range(100):
    method_call(o, 1)
    bound_call(o.m, 2)
print(method_call(o, 1), bound_call(o.m, 2), bound_call([].append, 3), bound_call(abs, -4))
C.m = lambda self, x: ('replaced', x)
print(method_call(o, 1), bound_call(o.m, 2))

def length(x):
    return len(x)
for _ in range(100):
    length([1, 2])
print(length('héllo'), length((1,)), length({1: 2}), length(C()), length(range(7)))
try:
    length(5)
except TypeError as e:
    print('TypeError', e)

def isinst(x, t):
    return isinstance(x, t)
for _ in range(100):
    isinst(1, int)
print(isinst(1, int), isinst(True, int), isinst('a', int), isinst(1, (str, int)), isinst(o, C))
class Meta(type):
    def __instancecheck__(cls, x):
        return x == 'magic'
class M(metaclass=Meta):
    pass
print(isinst('magic', M), isinst('plain', M))
try:
    isinst(1, 2)
except TypeError as e:
    print('TypeError', e)

def type_of(x):
    return type(x)
for _ in range(100):
    type_of(1)
print(type_of(1), type_of('s'), type_of(o), type_of(type_of))

def append_to(l, x):
    l.append(x)
    return l
for _ in range(100):
    append_to([], 1)
class MyList(list):
    def append(self, x):
        super().append(('wrapped', x))
print(append_to([], 1), append_to(MyList(), 2))
try:
    append_to((), 3)
except AttributeError as e:
    print('AttributeError', e)

def builtin_calls(x):
    return abs(x), min(x, 0), 'ab'.upper(), [3, 1].index(1), divmod(x, 3)
for _ in range(100):
    builtin_calls(-7)
print(builtin_calls(-7), builtin_calls(8))

saved = builtins.len
builtins.len = lambda x: 'rebound'
print(length([1, 2]))
builtins.len = saved
print(length([1, 2]))
