# __slots__: member descriptors, no __dict__, inheritance, mangling, conflicts, weakref and
# __dict__ slots, copy and pickle of slotted objects, sizes.
class A:
    __slots__ = ('x', 'y')
a = A()
a.x = 1
print(a.x, A.x, type(A.__dict__['x']).__name__, hasattr(a, '__dict__'), A.__slots__)
try: a.z = 1
except AttributeError as e: print("AE", e)
try: a.y
except AttributeError as e: print("AE", e)
del a.x
try: del a.x
except AttributeError as e: print("AE", e)
class B(A):
    pass
b = B(); b.z = 3; print(b.__dict__)
class C(A):
    __slots__ = ['w', '__dict__']
c = C(); c.q = 1; c.w = 2; print(c.__dict__, c.w)
class D:
    __slots__ = 'only'
d = D(); d.only = 5; print(d.only, D.__slots__)
class E:
    __slots__ = ('__weakref__',)
import weakref
e = E(); r = weakref.ref(e); print(r() is e)
class F(int):
    __slots__ = ()
f = F(5)
try: f.x = 1
except AttributeError as e: print("AE", e)
try:
    class G:
        __slots__ = ('x',)
        x = 1
except ValueError as e: print("VE", e)
class H:
    __slots__ = ('__priv',)
    def set(self): self.__priv = 9; return self._H__priv
print(H().set(), '_H__priv' in H.__dict__)
print(A.x.__name__, A.x.__objclass__.__name__, repr(A.x))
import copy, pickle
a.x = 7; a.y = 8
a2 = copy.copy(a); print(a2.x, a2.y)
a3 = pickle.loads(pickle.dumps(a)); print(a3.x, a3.y)
print(a.__reduce_ex__(2)[2] if False else "")
class S(list):
    __slots__ = ('tag',)
s = S([1]); s.tag = 't'; print(s, s.tag)
try: s.other = 1
except AttributeError as e: print("AE", e)
print(object.__sizeof__(a) > 0)
import sys, types
print(sys.getsizeof(A()) , A().__sizeof__(), type(A.x) is types.MemberDescriptorType)
class T(tuple):
    __slots__ = ()
print(T((1, 2)), hasattr(T(), '__dict__'))
class P:
    __slots__ = ('a',)
class Q(P):
    __slots__ = ('b',)
q = Q(); q.a = 1; q.b = 2
print(q.a, q.b, Q.__dict__['b'], P.__dict__['a'])
try:
    class R(P, D): pass
except TypeError as e: print("TE", e)
for bad in [(1,), ('a b',), ('__dict__', '__dict__')]:
    try:
        type('Bad', (), {'__slots__': bad})
    except TypeError as e: print("TE", e)
try: A.x.__set__(1, 2)
except TypeError as e: print("TE", e)
def f(): pass
try: f.__globals__ = {}
except AttributeError as e: print("AE", e)
