# types.GenericAlias (PEP 585) and types.UnionType (PEP 604) on built-in classes.
import types

print(list[int], dict[str, list[int]], tuple[()], tuple[int, ...], type[int])
a = list[int]
print(a.__origin__, a.__args__, a.__parameters__, a.__name__)
print(a([1, 2]), a(), type(a([3])))
print(type(a) is types.GenericAlias, types.GenericAlias(list, int) == a)
print(types.GenericAlias(dict, (str, int)))
print(list[int] == list[int], list[int] == list[str], list[int] != list[str])
print(hash(list[int]) == hash(list[int]))
print(set[int], frozenset[str], dict[str, int].__args__)

u = int | str
print(u, type(u) is types.UnionType, u.__args__)
print(int | None, None | int, int | str | int, (int | str) | float)
print(int | str == str | int, hash(int | str) == hash(str | int))
print(isinstance(3, int | str), isinstance(3.0, int | str), isinstance(None, int | None))
print(issubclass(bool, int | None), issubclass(float, int | str))
print(list[int] | None, int | list[str])
print(int | int)

for bad in (lambda: isinstance([], list[int]), lambda: issubclass(list, list[int]),
            lambda: isinstance(1, int | list[int])):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)

class Stack(list[int]):
    pass

print(Stack.__mro__, Stack.__orig_bases__)
s = Stack([1, 2])
print(s, isinstance(s, list))

# Attributes other than the alias's own come from the origin.
print(list[int].append is list.append, dict[str, int].fromkeys("ab"))

# Substitution through an object that declares type parameters.
class TV:
    def __init__(self, name):
        self.__name__ = name
    def __typing_subst__(self, arg):
        return arg
    def __repr__(self):
        return "~" + self.__name__

T = TV("T")
K = TV("K")
g = dict[K, list[T]]
print(g, g.__parameters__)
print(g[str, int])
try:
    g[int]
except TypeError as e:
    print("TypeError:", e)
try:
    list[int][str]
except TypeError as e:
    print("TypeError:", e)
print((int | list[T]).__parameters__, (int | list[T])[str])
