# Generators iterated by a for loop run their frames in the caller's eval loop: yields,
# returns, exceptions (caught inside, escaping, StopIteration turned into RuntimeError),
# recursion, nesting, early exits, and the generator's state seen from inside and outside.
import sys
import inspect

def count(n):
    for i in range(n):
        yield i
    return 'done'

def nested(n):
    for i in count(n):
        for j in count(i):
            yield (i, j)

def perms(items):
    if len(items) <= 1:
        yield tuple(items)
        return
    for i in range(len(items)):
        for tail in perms(items[:i] + items[i + 1:]):
            yield (items[i],) + tail

print(sum(1 for _ in range(0)), [x for x in count(5)], list(nested(4)))
t = 0
for p in perms([1, 2, 3, 4]):
    t += p[0] * 1000 + p[3]
print(t, len(list(perms(list(range(5))))))

def raises_inside():
    yield 1
    try:
        raise ValueError('inner')
    except ValueError as e:
        yield 'caught ' + str(e)
    yield 3
    raise KeyError('escapes')

got = []
try:
    for x in raises_inside():
        got.append(x)
except KeyError as e:
    print(got, 'KeyError', e)

def stops():
    yield 1
    raise StopIteration('bad')

try:
    for x in stops():
        print('got', x)
except RuntimeError as e:
    print('RuntimeError', e, type(e.__cause__).__name__, e.__cause__)

def watcher():
    me = yield_self[0]
    yield inspect.getgeneratorstate(me), me.gi_running, sys._getframe().f_back.f_code.co_name
    yield inspect.getgeneratorstate(me)

yield_self = []
g = watcher()
yield_self.append(g)
def drive():
    return [x for x in g]
print(drive(), inspect.getgeneratorstate(g))

def early():
    try:
        for i in range(10):
            yield i
    finally:
        print('finally ran')

for x in early():
    if x == 2:
        break
print('after break')
gen = early()
for x in gen:
    if x == 1:
        break
print(next(gen), next(gen))
del gen

def reentrant():
    yield next(r)
r = reentrant()
try:
    for x in r:
        pass
except ValueError as e:
    print('ValueError', e)

def deep(n):
    if n:
        for x in deep(n - 1):
            yield x
    else:
        yield 'bottom'
print(list(deep(50)))
sys.setrecursionlimit(200)
try:
    for x in deep(1000):
        pass
except RecursionError:
    print('RecursionError')
sys.setrecursionlimit(1000)

def traceback_gen():
    yield 1
    1 / 0
import traceback
try:
    for x in traceback_gen():
        pass
except ZeroDivisionError:
    print([fs.name for fs in traceback.extract_tb(sys.exc_info()[2])])

def sender():
    x = yield 1
    print('sent', x)
    yield 2
s = sender()
print(next(s), s.send('hello'))
for x in s:
    print('never')
print(list(s))
