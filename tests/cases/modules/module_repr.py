# repr(module) as importlib._bootstrap._module_repr builds it: from __spec__, then the loader's
# module_repr, then __file__, then __loader__.
import collections.abc
import json
import math
import sys
import types

print(types.ModuleType("plain"), sys, math)
print(repr(json).startswith("<module 'json' from '"), repr(collections.abc).endswith("abc.py'>"))
m = types.ModuleType("with_file")
m.__file__ = "some/where.py"
print(m)
m = types.ModuleType("with_loader")
m.__loader__ = 5
print(m)
print(types.ModuleType("it's"))
m = types.ModuleType("fresh", "doc")
print(m.__package__, m.__loader__, m.__spec__, m.__doc__)


class Loader:
    def module_repr(self, module):
        return "<custom repr of " + module.__name__ + ">"


m = types.ModuleType("custom")
m.__loader__ = Loader()
print(m)


class Spec:
    name = "specced"
    origin = "somewhere"
    loader = None
    has_location = False


m.__spec__ = Spec()
print(m)
Spec.has_location = True
print(m)
Spec.origin = None
print(m)
