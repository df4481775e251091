# List and tuple iterators keep a subclass instance alive while iterating and let go of the
# sequence once exhausted (its __del__ runs then), as CPython; pickling before and after.
class L(list):
    def __del__(self): print("del L")
class T(tuple):
    def __del__(self): print("del T")
it = iter(L([1, 2]))
print(next(it), next(it))
print(next(it, "end"))
print("after")
it2 = iter(T((1,)))
print(list(it2), "after T")
import pickle
it3 = iter([1, 2, 3]); next(it3)
print(pickle.loads(pickle.dumps(it3)).__length_hint__(), list(it3), it3.__reduce__())
it4 = iter((1,)); list(it4); print(it4.__reduce__(), it4.__length_hint__())
s = 0
for x in L(range(5)): s += x
print(s)
