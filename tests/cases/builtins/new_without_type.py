# A type's __new__ called without the type to make is a TypeError naming the type.
def f():
    pass


for t in [f, object, int, list, type, dict, str]:
    try:
        t.__new__()
    except TypeError as e:
        print(e)
# ... a first argument that is not a type, or not a subtype; and list's comparison slots
# called unbound with a missing operand.
for f in [lambda: bytes.__new__(None), lambda: str.__new__(int), lambda: str.__new__(None),
          lambda: list.__eq__([]), lambda: list.__lt__([], [], [])]:
    try:
        f()
    except TypeError as e:
        print(e)
print(int.__new__(int, 5), str.__new__(str, "x"), type(bool.__new__(bool, 1)))
