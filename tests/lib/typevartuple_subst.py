# PEP 646 substitution through the native types.GenericAlias (`_Py_subs_parameters`): a
# TypeVarTuple takes its share of the arguments through __typing_prepare_subst__, unpacked
# tuples spread out, and the counts are checked as CPython checks them.
from typing import Generic, Tuple, TypeVar, TypeVarTuple, Unpack

T = TypeVar("T")
T2 = TypeVar("T2")
Ts = TypeVarTuple("Ts")

print(tuple[*Ts][int, str])
print(tuple[T, *Ts][int, str, bytes])
print(tuple[*Ts, T][int])
print(tuple[T, *Ts, T2][int, str])
print(tuple[list[T], *Ts][int, str, float])
print(tuple[*Ts][*tuple[int, str]])
print(tuple[*Ts][()])
print(dict[T, tuple[*Ts]][int, str, bytes])
print(tuple[T, *Ts][int, *tuple[str, ...]])


class C(Generic[*Ts]):
    pass


print(C[int, str], tuple[*Ts][C[int]])
for bad in [lambda: tuple[T, *Ts][()], lambda: tuple[T, T2, *Ts][int], lambda: list[T][int, str]]:
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)
