# Which classes are subscriptable (type[int] is special-cased; str[int] is not), starred
# aliases pickle and copy, mappingproxy compares like its mapping.
import copy, pickle, re, types, weakref
for t in [type, enumerate, types.MappingProxyType, types.AsyncGeneratorType, re.Pattern,
          re.Match, weakref.ref, list, dict]:
    a = t[int]
    print(t.__name__, a, a.__origin__ is t, type(a) is types.GenericAlias)
for t in [str, int, float, object]:
    try:
        t[int]
    except TypeError as e:
        print("TypeError", e)
u = next(iter(tuple[int, ...]))
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    b = pickle.loads(pickle.dumps(u, proto))
    assert b == u and b.__unpacked__
print(u, copy.copy(u), copy.deepcopy(tuple[*tuple[int, ...]]), [*tuple[str]])
it = iter(list[int])
print(pickle.loads(pickle.dumps(it)).__next__(), next(it), list(it))
d = {"a": 1}
m = types.MappingProxyType(d)
print(m == d, m != d, m == {"a": 2}, m | {"b": 2}, {"z": 0} | m, list(reversed(m)))
print(dict[str, int].__dir__ is not None, "__origin__" in dir(list[int]))
