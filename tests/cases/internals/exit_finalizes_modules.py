# At exit CPython empties __main__ and then every other module, the ones imported last
# first: objects only a module held are finalized, and what their finalizers print or raise
# is reported.
import sys
import types


def make_module(name, source):
    m = types.ModuleType(name)
    exec(source, m.__dict__)
    sys.modules[name] = m
    return m


make_module("first_helper", """
class Noisy:
    def __init__(self, label):
        self.label = label
    def __del__(self):
        print("finalized", self.label)
_private = Noisy("first_helper._private")
public = Noisy("first_helper.public")
""")

make_module("second_helper", """
import struct
class Failing:
    def __init__(self):
        self.pack = struct.pack
    def __del__(self):
        print("Failing.__del__ runs")
        self.pack("I", -42)
keep = Failing()
""")


class InMain:
    def __del__(self):
        print("finalized __main__ object")


obj = InMain()
print("end of program")
