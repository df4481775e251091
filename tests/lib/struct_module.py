# struct over the native _struct: sizes and alignment, every code, Struct objects,
# pack_into/unpack_from/iter_unpack, and the errors.
import struct
print(struct.calcsize("i"), struct.calcsize("<i"), struct.calcsize("@bi"), struct.calcsize("=bi"), struct.calcsize("q3sxH"))
p = struct.pack("<hHiIqQ?", -2, 65535, -7, 4000000000, -1, 2**64 - 1, True)
print(p, struct.unpack("<hHiIqQ?", p))
print(struct.pack(">d", 1.5), struct.unpack(">f", struct.pack(">f", 0.1)), struct.pack("<e", 1.0), struct.unpack("<e", b"\x00<"))
print(struct.pack("5s2p", b"hello world", b"xyz"), struct.unpack("5s2p", b"hello\x01x"))
print(struct.pack("!I", 0xdeadbeef), struct.pack("@bi", 1, 2), struct.pack("c", b"z"))
s = struct.Struct("<2H")
print(s.format, s.size, s.pack(1, 2), s.unpack(b"\x01\x00\x02\x00"), list(s.iter_unpack(b"\x01\x00\x02\x00\x03\x00\x04\x00")))
buf = bytearray(8)
struct.pack_into("<I", buf, 2, 0x01020304)
print(buf, struct.unpack_from("<I", buf, 2), struct.unpack_from("<H", buf, offset=-2))
for args in [("b", 200), ("B", -1), ("<h", 1 << 20), ("I", "x"), ("2i", 1)]:
    try:
        struct.pack(*args)
    except struct.error as e:
        print("error:", e)
try:
    struct.unpack("<I", b"abc")
except struct.error as e:
    print("error:", e)
try:
    struct.calcsize("z")
except struct.error as e:
    print("error:", e)
import sys as _sys
for _f in ['{}b'.format(_sys.maxsize + 1), '{}b{}H'.format(_sys.maxsize // 2, _sys.maxsize // 2)]:
    try:
        struct.calcsize(_f)
    except struct.error as _e:
        print("too long:", _e)
