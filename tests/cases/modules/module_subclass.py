import sys, types


class Lazy(types.ModuleType):
    def hello(self):
        return "hello from " + self.__name__

    def __getattr__(self, name):
        if name == "computed":
            return 42
        raise AttributeError(name)


m = Lazy("lazymod", "the doc")
print(type(m).__name__, isinstance(m, types.ModuleType), m.__name__, m.__doc__)
print(m.hello(), m.computed)
m.x = 5
print(m.__dict__["x"], sorted(k for k in m.__dict__ if not k.startswith("__")))
print(repr(m))
sys.modules["lazymod"] = m
import lazymod
print(lazymod is m, lazymod.x)
from lazymod import x
print(x)
print("x" in dir(m))
try:
    m.missing
except AttributeError as e:
    print("AttributeError", e)
