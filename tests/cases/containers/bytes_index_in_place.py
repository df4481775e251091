b = bytes(range(256)) * 2000
ba = bytearray(b)
s = 0
for i in range(0, len(b), 7): s += b[i] + ba[i] + ba[-i-1]
print(s, b[5:20:3], ba[-3:-30:-4], b[::-1][:5], len(b), len(ba))
class I:
    def __index__(self):
        del ba[10:]
        return 5
print(ba[I()] if False else ba[:I()], len(ba))
ba2 = bytearray(b"abcdef")
class J:
    def __index__(self):
        ba2.clear(); return 4
print(ba2[1:J()])
try: print(bytearray(b"ab")[5])
except IndexError as e: print(e)
try: print(b"ab"[-3])
except IndexError as e: print(e)
print(b"abc".zfill(2), b"abc".removeprefix(b"a"), bytearray(b"xyz").partition(b"y"), b"a b".split(), b"abc" == bytearray(b"abc"), b"abc" < b"abd")
