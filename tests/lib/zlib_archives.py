# zlib over flate2/zlib-rs: one-shot and streaming, raw/zlib/gzip containers, errors; and the
# archive modules on it (gzip, zipfile, tarfile).
import zlib, gzip, zipfile, tarfile, io, os, tempfile
data = b"hello heron " * 1000
c = zlib.compress(data)
print(len(c) < len(data), zlib.decompress(c) == data, zlib.crc32(data), zlib.adler32(data))
raw = zlib.compressobj(6, zlib.DEFLATED, -15)
r = raw.compress(data) + raw.flush()
d = zlib.decompressobj(-15); print(d.decompress(r) == data, d.eof, d.unused_data)
d = zlib.decompressobj(); out = d.decompress(c + b"TAIL", 100); print(len(out), len(d.unconsumed_tail) > 0)
out += d.decompress(d.unconsumed_tail); print(out == data, d.eof, d.unused_data)
g = gzip.compress(data); print(g[:2], gzip.decompress(g) == data, zlib.decompress(g, 47) == data)
try:
    zlib.decompress(b"garbage")
except zlib.error as e:
    print(e)
try:
    zlib.decompress(c[:-5])
except zlib.error as e:
    print(e)
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("a.txt", data)
with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
    print(z.namelist(), z.read("a.txt") == data)
tb = io.BytesIO()
with tarfile.open(fileobj=tb, mode="w:gz") as t:
    info = tarfile.TarInfo("x.bin"); info.size = len(data); t.addfile(info, io.BytesIO(data))
with tarfile.open(fileobj=io.BytesIO(tb.getvalue()), mode="r:gz") as t:
    print(t.getnames(), t.extractfile("x.bin").read() == data)
