# classmethod and staticmethod carry their callable's __name__, __qualname__, __module__,
# __annotations__, __doc__ and __wrapped__ (Python 3.10+); functools.singledispatchmethod
# registers them by annotation; sys.getswitchinterval/setswitchinterval.
import functools, sys
def f(a: int) -> str:
    "doc"
cm, sm = classmethod(f), staticmethod(f)
print(cm.__name__, sm.__qualname__, cm.__module__, sm.__annotations__, cm.__doc__, cm.__wrapped__ is f)
print(classmethod.__module__, classmethod.__name__, staticmethod.__qualname__)
class A:
    @functools.singledispatchmethod
    @classmethod
    def go(cls, arg):
        return "default"
    @go.register
    @classmethod
    def _(cls, arg: int):
        return "int"
    @go.register
    @classmethod
    def _(cls, arg: str):
        return "str"
print(A.go(1), A.go("x"), A.go(1.5))
print(sys.getswitchinterval())
sys.setswitchinterval(0.01)
print(sys.getswitchinterval())
try:
    sys.setswitchinterval(0)
except ValueError as e:
    print("ValueError", e)
