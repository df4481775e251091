# A dotted import through a module that is not a package fails as CPython's does, and the
# error names the module.
import sys

try:
    import math.foo
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name)
try:
    import no_such_module_anywhere
except ImportError as e:
    print(type(e).__name__, e, e.name)

# sys.path is the live list: rebinding it changes where imports look.
saved = sys.path
sys.path = []
try:
    import _sys_path_helper
except ModuleNotFoundError as e:
    print("with an empty sys.path:", e)
sys.path = saved
import _sys_path_helper
print(_sys_path_helper.VALUE)
print(isinstance(sys.path, list), isinstance(sys.meta_path, list), isinstance(sys.path_hooks, list))
print(type(sys.path_importer_cache).__name__, type(sys.warnoptions).__name__, type(sys._xoptions).__name__)
print(sorted(set(sys.builtin_module_names) & {"sys", "builtins", "_thread", "_weakref", "math"}))
print("os" in sys.stdlib_module_names, "heron" in sys.stdlib_module_names)
