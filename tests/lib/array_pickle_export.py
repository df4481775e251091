# array: pickles in every protocol (CPython's machine formats from protocol 3), the
# reconstructor reading other machines' formats, iterator pickling, export locks.
import array, pickle, collections.abc
from array import _array_reconstructor as rebuild
for tc in array.typecodes:
    a = array.array(tc, "abc" if tc == "u" else [1, 2, 3])
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        b = pickle.loads(pickle.dumps(a, proto))
        assert a == b and type(b) is array.array, (tc, proto)
    print(tc, a.__reduce_ex__(2)[0].__name__, a.__reduce_ex__(3)[0].__name__, a.__reduce_ex__(3)[1][2])
print(rebuild(array.array, "i", 9, b"\x00\x00\x00\x01\x00\x00\x00\x02"))
print(rebuild(array.array, "d", 17, b"?\xf0\x00\x00\x00\x00\x00\x00"))
print(rebuild(array.array, "u", 21, b"\x00\x00\x00a\x00\x01\xf6\x00"))
try:
    rebuild(array.array, "u", 18, b"a\x00")
except ValueError as e:
    print("ValueError", e)
print(rebuild(array.array, "H", 3, b"\x01\x02"))
for bad in [(1, "i", 8, b""), (list, "i", 8, b""), (array.array, "x", 8, b""), (array.array, "i", 99, b""), (array.array, "i", 8, "s")]:
    try:
        rebuild(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
it = iter(array.array("i", [5, 6, 7]))
next(it)
it2 = pickle.loads(pickle.dumps(it))
print(list(it2), list(it), list(it))
a = array.array("b", [1, 2])
m = memoryview(a)
for op in (lambda: a.append(3), lambda: a.pop(), lambda: a.extend([1]), lambda: a.frombytes(b"x")):
    try:
        op()
    except BufferError as e:
        print("BufferError", e)
a[0] = 9
print(m.tolist(), isinstance(a, collections.abc.MutableSequence))
m.release()
a.append(3)
print(a, a * 2)
for bad in (lambda: a.tolist(1), lambda: a * "x", lambda: a.buffer_info(1)):
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)
