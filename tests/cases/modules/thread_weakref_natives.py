# The _thread and _weakref native modules, as CPython's threading and weakref use them.
import _thread
import _weakref
import gc

lock = _thread.allocate_lock()
print(type(lock).__name__, lock.locked())
print(lock.acquire(), lock.locked(), lock.acquire(False), lock.acquire(timeout=0.01))
lock.release()
print(lock.locked())
with lock:
    print("inside", lock.locked())
print("outside", lock.locked())
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
for args in ((False, 1), (True, -2)):
    try:
        lock.acquire(*args)
    except ValueError as e:
        print("ValueError:", e)

r = _thread.RLock()
with r:
    with r:
        print("owned", r._is_owned())
print("after", r._is_owned())
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)
print(_thread.get_ident() == _thread.get_ident(), isinstance(_thread.get_ident(), int))
print(_thread.TIMEOUT_MAX > 1e9, _thread.error is RuntimeError)

local = _thread._local()
local.x = 5
print(local.x, hasattr(local, "y"))
try:
    _thread._local(1)
except TypeError as e:
    print("TypeError:", e)


class Node:
    pass


n = Node()
w = _weakref.ref(n)
print(w() is n, _weakref.ref(n) is w, _weakref.getweakrefcount(n))
calls = []
w2 = _weakref.ref(n, lambda ref: calls.append(ref() is None))
print(_weakref.getweakrefcount(n), len(_weakref.getweakrefs(n)))
del n
gc.collect()
print(w(), calls)

n = Node()
p = _weakref.proxy(n)
p.value = 3
print(n.value, p.value, type(p) is _weakref.ProxyType, bool(p))
del n
try:
    p.value
except ReferenceError as e:
    print("ReferenceError:", e)


def f(x):
    return x * 2


wf = _weakref.ref(f)
print(wf() is f, _weakref.proxy(f)(21), type(_weakref.proxy(f)) is _weakref.CallableProxyType)


class K(_weakref.ref):
    def __new__(cls, ob, callback=None, key=None):
        self = _weakref.ref.__new__(cls, ob, callback)
        self.key = key
        return self

    def __init__(self, ob, callback=None, key=None):
        super().__init__(ob, callback)


obj = Node()
k = K(obj, None, "the-key")
print(k() is obj, k.key, isinstance(k, _weakref.ref))

d = {"a": _weakref.ref(Node())}
gc.collect()
_weakref._remove_dead_weakref(d, "a")
print(d)
for bad in ([], 1, "s", (1,)):
    try:
        _weakref.ref(bad)
    except TypeError as e:
        print("TypeError:", e)
