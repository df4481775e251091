# The specialized forms of BINARY_SUBSCR, STORE_SUBSCR, BINARY_OP, FOR_ITER, UNPACK_SEQUENCE
# and CALL: each warmed up on the case it serves, then given operands it does not serve
# (a miss must do exactly what the base instruction does), then warmed on something else.

def subscr(c, k):
    return c[k]

def store(c, k, v):
    c[k] = v

def binop(a, b):
    return a + b, a - b, a * b

def unpack2(seq):
    a, b = seq
    return a, b

def unpack3(seq):
    a, b, c = seq
    return c, b, a

def total(it):
    t = 0
    for x in it:
        t += x
    return t

class L(list):
    def __getitem__(self, i):
        return ('L', i)

class D(dict):
    def __missing__(self, k):
        return ('missing', k)

for _ in range(100):
    subscr([1, 2, 3], 1)
print(subscr([1, 2, 3], -1), subscr((4, 5), 0), subscr({'a': 1}, 'a'), subscr('xyz', 2))
print(subscr(L([1]), 0), subscr(D(), 'k'), subscr(range(10), 3))
for bad in ([1], 5), ({}, 'nope'), ((1,), 2):
    try:
        subscr(*bad)
    except (IndexError, KeyError) as e:
        print(type(e).__name__, e)
for _ in range(100):
    subscr({'a': 1, 2: 'two'}, 'a')
print(subscr({'a': 1, 2: 'two'}, 2), subscr([7, 8], 1), subscr(D(a=1), 'a'))

for _ in range(100):
    store([0, 0], 1, 5)
l = [0, 0]
store(l, -2, 'x')
d = {}
store(d, 'k', 1)
store(d, 1.5, 2)
print(l, d)
try:
    store([0], 3, 1)
except IndexError as e:
    print('IndexError', e)
for _ in range(100):
    store({}, 'a', 1)
store(l, 0, 'y')
print(l)

for _ in range(100):
    binop(3, 4)
print(binop(3, 4), binop(2**62, 2**62), binop(-(2**62), 3))
print(binop(1.5, 2), binop('ab', 'cd') if False else None)
try:
    binop('ab', 'cd')
except TypeError as e:
    print('TypeError', e)
for _ in range(100):
    binop(1.5, 0.25)
print(binop(1.5, 0.25), binop(2, 0.5), binop(7, 3), binop([1], [2]) if False else None)

def concat(a, b):
    return a + b
for _ in range(100):
    concat('a', 'b')
print(concat('x', 'y'), concat([1], [2]), concat(1, 2), concat('é', 'ß'))

def grow(n):
    s = ''
    for i in range(n):
        s = s + 'ab'
    return len(s)
print(grow(500))

for _ in range(100):
    total(range(5))
print(total(range(5)), total([1, 2, 3]), total((4, 5)), total({7: 0, 8: 0}))
for _ in range(100):
    total([1.5, 2.5])
print(total([1.5, 2.5]), total(range(3)), total(iter([9])))

for _ in range(100):
    unpack2((1, 2))
print(unpack2((1, 2)), unpack2([3, 4]), unpack2('ab'), unpack2({5: 0, 6: 0}))
for bad in (1, 2, 3), [1], (1,), 'abc':
    try:
        unpack2(bad)
    except ValueError as e:
        print('ValueError', e)
try:
    unpack2(5)
except TypeError as e:
    print('TypeError', e)
for _ in range(100):
    unpack3([1, 2, 3])
print(unpack3([1, 2, 3]), unpack3((4, 5, 6)), unpack3(range(3)))
