# list.extend (and +=) with an iterator appends item by item: the iterator sees the list
# grow, and what came before an exception stays appended (as in CPython).
l = [1, 2, 3]
def g():
    for i in range(3):
        yield len(l)
l.extend(g())
print(l)
m = [0]
def h():
    yield 1
    raise ValueError("boom")
try:
    m.extend(h())
except ValueError as e:
    print(m, e)
b = bytearray(b"ab")
def k():
    for i in range(2):
        yield len(b)
b.extend(k())
print(b)
s = set()
def q():
    for i in range(3):
        yield len(s)
s.update(q())
print(s)
d = {}
def r():
    for i in range(3):
        yield (len(d), i)
d.update(r())
print(d)
n = [5]
def bounded():
    for x in n:
        if len(n) > 6:
            return
        yield x + 1
n += bounded()
print(n)
class Sub(list):
    pass
t = Sub([9])
def p():
    yield len(t)
    yield len(t)
t.extend(p())
print(t, type(t).__name__)
