# A bytearray cannot change size while a memoryview (or a running regex scan) exports it.
import re
b = bytearray(b"abc")
m = memoryview(b)
for name, f in [("append", lambda: b.append(1)), ("extend", lambda: b.extend(b"xy")), ("extend empty", lambda: b.extend(b"")),
                ("iadd", lambda: b.__iadd__(b"z")), ("imul", lambda: b.__imul__(2)), ("imul1", lambda: b.__imul__(1)),
                ("insert", lambda: b.insert(0, 1)), ("pop", lambda: b.pop()), ("remove", lambda: b.remove(ord("a"))),
                ("remove missing", lambda: b.remove(ord("q"))), ("clear", lambda: b.clear()), ("del", lambda: b.__delitem__(0)),
                ("del slice", lambda: b.__delitem__(slice(0, 2))), ("del empty slice", lambda: b.__delitem__(slice(0, 0))),
                ("set same size", lambda: b.__setitem__(slice(0, 2), b"QR")), ("set resize", lambda: b.__setitem__(slice(0, 2), b"Q")),
                ("set item", lambda: b.__setitem__(0, 65)), ("reverse", lambda: b.reverse())]:
    try:
        f(); print(name, "ok", bytes(b))
    except BufferError as e:
        print(name, "BufferError:", e)
    except (IndexError, ValueError) as e:
        print(name, type(e).__name__, e)
m.release()
b.extend(b"!"); print(bytes(b))
e = bytearray(b"")
m2 = memoryview(e)
try: e.pop()
except (IndexError, BufferError) as x: print(type(x).__name__, x)
m2.release()
it = re.finditer(b"a", bytearray(b"x"))
bb = bytearray(b"x")
it = re.finditer(b"a", bb)
try: bb.extend(b"x" * 400)
except BufferError as x: print("finditer holds the buffer:", type(x).__name__)
list(it); del it
bb.extend(b"x"); print(len(bb))
for stmt in ["del b[::3]", "del b[8:1:-2]", "b[1:-1:2] = b''", "del b[2:5]", "del b[5:2]", "b[::-1] = b''"]:
    b = bytearray(range(10))
    exec(stmt)
    print(stmt, list(b))
b = bytearray(range(10))
m = memoryview(b)
try:
    del b[::2]
except BufferError as e:
    print("BufferError:", e)
m.release()
