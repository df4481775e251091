# Special methods found on the type are bound as CPython binds them: a descriptor that is not a
# function goes through its __get__ (unittest.mock's MagicProxy works this way), and a
# staticmethod is called without self.


class Proxy:
    def __init__(self, make):
        self.make = make

    def __get__(self, obj, owner=None):
        return self.make(obj)


class Box:
    def __init__(self, items):
        self.items = items

    __len__ = Proxy(lambda self: lambda: len(self.items) * 10)
    __iter__ = Proxy(lambda self: lambda: iter(self.items[::-1]))
    __getitem__ = Proxy(lambda self: lambda i: ("item", self.items[i]))
    __contains__ = Proxy(lambda self: lambda x: x == "magic")

    @staticmethod
    def __repr__():
        return "Box()"


b = Box([1, 2, 3])
print(len(b), list(b), b[0], "magic" in b, 2 in b, repr(b))
import sys
sys.set_coroutine_origin_tracking_depth(2)
print(sys.get_coroutine_origin_tracking_depth())
sys.set_coroutine_origin_tracking_depth(0)
