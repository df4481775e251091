# functools over the native _functools: partial (flattening, attributes, repr, pickling,
# copying, subclasses), reduce, cmp_to_key; and instance __dict__ assignment.
import copy
import functools
import operator
import pickle


def show(*args, **kw):
    return args, sorted(kw.items())


p = functools.partial(show, 1, a=2)
q = functools.partial(p, 3, b=4)
print(type(p).__module__, type(p).__name__, q.func is show, q.args, q.keywords)
print(q(5, a=9), repr(functools.partial(max, 1, key=abs)))
p.note = "kept"
r = functools.partial(p, 0)
print(r.func is p, r.args, pickle.loads(pickle.dumps(p)).note, copy.copy(p).args is p.args)
print(copy.deepcopy(q)(0), pickle.loads(pickle.dumps(q, 2))(7, b=0))


class Sub(functools.partial):
    pass


s = Sub(show, "s")
print(type(s).__name__, repr(s).startswith("Sub(<function show"), s("t"))
for bad in [lambda: functools.partial(), lambda: functools.partial(1), lambda: p.__setstate__((1, 2, 3, 4))]:
    try:
        bad()
    except TypeError as e:
        print(type(e).__name__, e)
for name in ["func", "args", "keywords"]:
    try:
        setattr(p, name, None)
    except AttributeError:
        print("AttributeError", name)
try:
    del p.__dict__
except TypeError as e:
    print("TypeError", e)
bad_kw = functools.partial(show)
bad_kw.keywords[1] = "x"
try:
    bad_kw()
except TypeError as e:
    print("TypeError", e)
print(functools.reduce(operator.add, range(5)), functools.reduce(operator.mul, [], 7))
try:
    functools.reduce(operator.add, [])
except TypeError as e:
    print("TypeError", e)
key = functools.cmp_to_key(lambda a, b: (a > b) - (a < b))
print(sorted([3, 1, 2], key=key), key(1) < key(2), key(2) == key(2), type(key).__name__)
try:
    hash(key(1))
except TypeError:
    print("TypeError: unhashable")


class Plain:
    pass


o = Plain()
o.__dict__ = {"x": 1}
print(o.x, vars(o))
del o.__dict__
print(vars(o))
try:
    o.__dict__ = 5
except TypeError as e:
    print("TypeError", e)
