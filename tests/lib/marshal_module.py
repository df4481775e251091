# marshal over CPython's formats: every value type in versions 0-4, back-references,
# code objects (Heron's own record), files, and errors.
import io
import marshal
import types

values = [None, True, False, 0, -1, 2**31 - 1, 2**31, -2**31 - 1, 10**40, -10**40, 1.5,
          -0.0, float('inf'), 1 + 2j, 'abc', 'é€😀', '\udc80x', b'xy', bytearray(b'z'), (),
          (1, (2,)), [1, [2]], {1: 'a', 'b': [2]}, {1, 2}, frozenset({3}), ..., StopIteration,
          'a' * 300, tuple(range(300))]
for v in values:
    for version in range(5):
        back = marshal.loads(marshal.dumps(v, version))
        expected = bytes(v) if isinstance(v, bytearray) else v
        print(version, type(back).__name__, back == expected or back != back)
# Versions 0-2 write no back-references, so their bytes are CPython's exactly.
print(marshal.dumps([1.5, 'x', 2**40, -3, (None, True)], 2))
print(marshal.dumps(1.25, 1), marshal.dumps(1 + 2j, 0))
# Data CPython writes (with references) reads back.
print(marshal.loads(b'\xdb\x02\x00\x00\x00\xda\x01ar\x01\x00\x00\x00'))
lst = []
lst.append(lst)
again = marshal.loads(marshal.dumps(lst))
print(again[0] is again, len(again))
shared = ('s' * 5,)
t = marshal.loads(marshal.dumps((shared, shared)))
print(t[0] is t[1])


def f(x, *, y=2):
    return [x + y for _ in range(2)]


code = marshal.loads(marshal.dumps(f.__code__))
print(code.co_name, code.co_varnames, code.co_filename == f.__code__.co_filename)
print(types.FunctionType(code, globals())(40, y=1))
buf = io.BytesIO()
marshal.dump({'k': [1, 2]}, buf)
marshal.dump('second', buf, 2)
buf.seek(0)
print(marshal.load(buf), marshal.load(buf))
for bad in [b'', b'i\x01', b'?', b'l\x01\x00\x00\x00\x00\x80', b'r\x05\x00\x00\x00']:
    try:
        marshal.loads(bad)
    except (EOFError, ValueError) as e:
        print(type(e).__name__, e)
for bad in [object(), [1, print]]:
    try:
        marshal.dumps(bad)
    except ValueError as e:
        print(e)
nested = []
for _ in range(3000):
    nested = [nested]
try:
    marshal.dumps(nested)
except ValueError as e:
    print(e)
print(marshal.version)
