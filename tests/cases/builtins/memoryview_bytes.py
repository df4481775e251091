b = bytearray(b"hello world")
m = memoryview(b)
print(len(m), m[0], m[-1], m[1:4].tobytes(), m[::2].tolist(), m.readonly, m.format, m.nbytes, m.shape)
m[0] = 72
m[6:11] = b"WORLD"
print(b, bytes(m[::-1]), m == b"Hello WORLD", m.hex())
r = memoryview(b"abc")
print(r.readonly, hash(r) == hash(b"abc"), list(r), r.obj)
try:
    r[0] = 1
except TypeError as e:
    print(e)
with memoryview(b"xyz") as q:
    print(q.tobytes())
print(repr(q)[:18])
try:
    len(q)
except ValueError as e:
    print(e)
try:
    memoryview("s")
except TypeError as e:
    print(e)
