"""The parts of importlib programs use: import_module and reload."""

import sys


def import_module(name, package=None):
    if name.startswith("."):
        if not package:
            raise TypeError(f"the 'package' argument is required to perform a relative import for {name!r}")
        level = len(name) - len(name.lstrip("."))
        base = package.rsplit(".", level - 1)[0] if level > 1 else package
        name = base + "." + name[level:] if name[level:] else base
    __import__(name)
    return sys.modules[name]


def reload(module):
    name = module.__name__
    del sys.modules[name]
    __import__(name)
    return sys.modules[name]
