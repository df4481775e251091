# A type's __new__ called without the type to make is a TypeError naming the type.
def f():
    pass


for t in [f, object, int, list, type, dict, str]:
    try:
        t.__new__()
    except TypeError as e:
        print(e)
