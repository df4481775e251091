# Modules carry __spec__ and __loader__ (importlib.machinery specs, made on first use), and a
# module-level __getattr__ answers for missing names (PEP 562: unittest.IsolatedAsyncioTestCase).
import json, os, sys, unittest, email
print(json.__spec__.name, json.__spec__.origin.endswith("json/__init__.py"), json.__spec__.submodule_search_locations is not None)
print(os.__spec__.name, sys.__spec__.origin, sys.__loader__.__name__)
print(unittest.IsolatedAsyncioTestCase.__name__)
import types
m = types.ModuleType("dyn")
print(m.__spec__)
def ga(name):
    if name == "lazy": return 42
    raise AttributeError(name)
m.__getattr__ = ga
print(m.lazy)
try:
    m.other
except AttributeError as e:
    print("AE", e)
