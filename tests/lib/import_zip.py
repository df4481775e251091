# The import statement goes through sys.path_hooks for entries that are not folders: a zip
# archive on sys.path (zipimport), a custom hook, and sys.path_importer_cache.
import os
import sys
import tempfile
import zipfile

root = tempfile.mkdtemp()
archive = os.path.join(root, "lib.zip")
with zipfile.ZipFile(archive, "w") as z:
    z.writestr("zipped_mod.py", "VALUE = 42\ndef where():\n    return __name__\n")
    z.writestr("zipped_pkg/__init__.py", "from .inner import thing\n")
    z.writestr("zipped_pkg/inner.py", "thing = 'inner thing'\n")
sys.path.insert(0, archive)
import zipped_mod
import zipped_pkg
from zipped_pkg import inner
print(zipped_mod.VALUE, zipped_mod.where(), zipped_pkg.thing, inner.__name__)
print(type(zipped_mod.__loader__).__name__, zipped_mod.__file__ == os.path.join(archive, "zipped_mod.py"))
print(type(sys.path_importer_cache[archive]).__name__)
try:
    import not_in_the_zip
except ModuleNotFoundError as e:
    print("ModuleNotFoundError", e.name)


class Finder:
    def __init__(self, entry):
        if not entry.startswith("virtual:"):
            raise ImportError("not mine")
        self.entry = entry

    def find_spec(self, name, target=None):
        import importlib.util
        if name != "made_up":
            return None
        loader = Loader()
        return importlib.util.spec_from_loader(name, loader, origin=self.entry)


class Loader:
    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.answer = "from " + module.__spec__.origin


sys.path_hooks.insert(0, Finder)
sys.path.append("virtual:demo")
import made_up
print(made_up.answer, type(sys.path_importer_cache["virtual:demo"]).__name__)

# A '*' inside __all__ is skipped, not expanded again (importlib's _handle_fromlist).
pkg_dir = os.path.join(root, "starpkg")
os.mkdir(pkg_dir)
with open(os.path.join(pkg_dir, "__init__.py"), "w") as f:
    f.write("__all__ = ['*', 'sub']\n")
with open(os.path.join(pkg_dir, "sub.py"), "w") as f:
    f.write("X = 1\n")
sys.path.insert(0, root)
m = __import__("starpkg", fromlist=["*"])
print(m.__name__, hasattr(m, "sub"), hasattr(m, "*"))
try:
    __import__("starpkg", fromlist=[1])
except TypeError as e:
    print("TypeError", e)
