# Deleting from the front of a bytearray (a queue of bytes) keeps every other operation right.
b = bytearray(range(200))
for _ in range(150):
    del b[0]
print(len(b), b[:5], b[-3:], b[0], b.find(160), b.index(199))
del b[:10]
print(len(b), bytes(b[:4]), b.startswith(bytes([160])), b.hex()[:8])
b.append(7)
b.extend(b"xyz")
b.insert(0, 1)
b[1] = 2
print(len(b), b[:3], b[-5:], b.count(b"y"))
del b[::2]
print(len(b), b)
q = bytearray()
out = []
for i in range(1000):
    q += bytes([i % 256, (i * 7) % 256])
    out.append(q[0])
    del q[0]
    if i % 3 == 0:
        del q[:1]
print(len(q), sum(out), q[:6], q == bytearray(q), bytes(q[-4:]))
m = bytearray(b"hello world")
del m[:6]
view = memoryview(m)
print(bytes(view), view[0], m.upper(), m.replace(b"o", b"0"))
try:
    del m[0]
except BufferError as e:
    print("BufferError:", e)
view.release()
del m[0]
print(m, m.decode(), list(reversed(m)), m * 2, m.pop(), m, m.pop(0), m)
e = bytearray(b"ab")
del e[0]
del e[0]
print(e, len(e), e == b"", e.pop() if e else "empty")
e += b"new"
del e[:2]
print(e, bytes(e))
