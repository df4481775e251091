# Built-in classes called from hot code (CALL_BUILTIN_CLASS): __new__ and __init__ as type.__call__ runs them.
# Built-in classes called in a loop (the calls specialize after a few runs).
class I:
    def __index__(self): return 7
    def __int__(self): return 8
out = []
for i in range(12):
    out.append((list((i, i + 1)), tuple([i]), set([i % 3]), frozenset((i,)), dict(a=i) if i % 2 else dict([(i, i)]),
                int(str(i)), float(i), str(i), bool(i % 2), complex(i, 1), bytes(2), bytearray(b"x"),
                range(i), int("7", 8), int(I()), slice(i)))
print(out[0], out[-1])
for i in range(8):
    for bad in (lambda: int("x"), lambda: list(1), lambda: set(1, 2), lambda: dict(1), lambda: object(1),
                lambda: tuple(1, 2), lambda: float("nan!"), lambda: ValueError("v", i).args):
        try:
            r = bad()
            print("ok", r)
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e)
    print(object() is not None, type(object()).__name__, ValueError("x", i).args, KeyError(i))
e = [ZeroDivisionError() for _ in range(10)]
print(len(e), repr(e[0]))
# One call site, many classes (entries per class, then the general path).
for cls in [list, tuple, set, frozenset, sorted, list, reversed, enumerate, type, str, len] * 2:
    try:
        r = cls([3, 1, 2])
        print(cls.__name__, r if not hasattr(r, "__next__") else list(r))
    except TypeError as e:
        print(cls.__name__, "TypeError", e)
class MyList(list):
    pass
for cls in [list, MyList, list, MyList]:
    print(type(cls("ab")).__name__)
