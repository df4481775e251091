# Finders in sys.meta_path take part in the import statement, as in CPython: one put in front
# is asked first (and can shadow the standard library), one put after the defaults only for
# what the standard finders do not find.
import importlib.abc
import importlib.util
import sys


class StringLoader(importlib.abc.Loader):
    def __init__(self, source):
        self.source = source

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(self.source, module.__dict__)


class Finder(importlib.abc.MetaPathFinder):
    def __init__(self, modules):
        self.modules = modules
        self.asked = []

    def find_spec(self, name, path, target=None):
        self.asked.append(name)
        if name in self.modules:
            return importlib.util.spec_from_loader(name, StringLoader(self.modules[name]))
        return None


front = Finder({"virtual_mod": "X = 42", "colorsys": "SHADOWED = True"})
back = Finder({"late_mod": "Y = 'late'", "colorsys": "NEVER = True"})
sys.meta_path.insert(0, front)
sys.meta_path.append(back)
import virtual_mod
import colorsys
import late_mod
print(virtual_mod.X, virtual_mod.__name__, type(virtual_mod.__loader__).__name__)
print(getattr(colorsys, "SHADOWED", False), hasattr(colorsys, "rgb_to_hsv"))
print(late_mod.Y, sys.modules["late_mod"] is late_mod)
print(front.asked, back.asked)
sys.meta_path.remove(front)
sys.meta_path.remove(back)
del sys.modules["colorsys"]
import colorsys
print(hasattr(colorsys, "rgb_to_hsv"))
try:
    import late_mod_missing
except ModuleNotFoundError as e:
    print(e)
