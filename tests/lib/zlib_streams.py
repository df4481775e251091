# zlib's streaming objects as CPython drives zlib: strategies, flush modes, dictionaries,
# copy(), output limits and the errors of finished streams.
import copy
import zlib

data = b"".join(b"line %d of some text that repeats\n" % (i % 37) for i in range(3000))

for strategy in ("Z_DEFAULT_STRATEGY", "Z_FILTERED", "Z_HUFFMAN_ONLY", "Z_RLE", "Z_FIXED"):
    co = zlib.compressobj(6, zlib.DEFLATED, -12, 9, getattr(zlib, strategy))
    packed = co.compress(data) + co.flush()
    # The exact bytes are the deflate implementation's choice (zlib-rs picks other matches
    # than zlib): only the round trip and a real gain are compared.
    print(strategy, len(packed) < len(data) // 2, zlib.decompress(packed, -12) == data)

for mode in ("Z_NO_FLUSH", "Z_PARTIAL_FLUSH", "Z_SYNC_FLUSH", "Z_FULL_FLUSH", "Z_BLOCK"):
    co = zlib.compressobj(1)
    a = co.compress(data[:5000])
    b = co.flush(getattr(zlib, mode))
    whole = a + b + co.compress(data[5000:]) + co.flush()
    print(mode, len(b) > 0, zlib.decompress(whole) == data)

# A preset dictionary, both raw and in a zlib stream.
zdict = b"line of some text that repeats"
co = zlib.compressobj(zdict=zdict)
packed = co.compress(data[:400]) + co.flush()
do = zlib.decompressobj(zdict=zdict)
print("zdict", do.decompress(packed) == data[:400], do.eof)
try:
    zlib.decompress(packed)
except zlib.error as e:
    print(e)

# copy() forks a stream; the original and the copy go on independently.
co = zlib.compressobj()
head = co.compress(data[:1000])
fork = co.copy()
one = head + co.compress(b"first ending") + co.flush()
two = head + fork.compress(b"second ending") + fork.flush()
print(zlib.decompress(one)[-12:], zlib.decompress(two)[-13:])
co = zlib.compressobj()
print(type(copy.copy(co)).__name__, type(copy.deepcopy(co)).__name__)
try:
    fork.copy()
except ValueError as e:
    print("copy after flush:", e)
try:
    fork.flush()
except zlib.error as e:
    print("flush after flush:", e)

packed = zlib.compress(data)
do = zlib.decompressobj()
first = do.decompress(packed[:500])
dfork = do.copy()
print(first + do.decompress(packed[500:]) == data, first + dfork.decompress(packed[500:]) == data)

# max_length leaves input in unconsumed_tail; flush() finishes it.
do = zlib.decompressobj()
part = do.decompress(packed, 100)
print(len(part), len(do.unconsumed_tail) > 0, do.eof)
rest = do.flush()
print(part + rest == data, do.eof, do.unconsumed_tail, do.unused_data)
do = zlib.decompressobj()
print(len(do.decompress(packed + b"extra")), do.unused_data, do.eof)

for bad in (lambda: zlib.compress(data=b"x"), lambda: zlib.compressobj().compress(data=b"x"),
            lambda: type(zlib.compressobj())(), lambda: zlib.decompressobj(zdict=1)):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
for bad in (lambda: zlib.compressobj(method=9), lambda: zlib.decompressobj().decompress(b"", -1),
            lambda: zlib.decompressobj().flush(0)):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
try:
    zlib.compress(b"x", 10)
except zlib.error as e:
    print(e)
