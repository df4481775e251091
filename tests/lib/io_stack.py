# The native io stack: open() with encodings and newline modes, tell/seek cookies, buffered
# random access, BytesIO/StringIO, raw streams written in Python, errors as CPython words them.
import io, os, tempfile
os.chdir(tempfile.mkdtemp())
with open('io_t.txt', 'w', encoding='utf-16') as f:
    print(f, f.encoding, f.mode)
    f.write('héllo\nwörld\n')
print(open('io_t.txt', 'rb').read())
with open('io_t.txt', encoding='utf-16') as f:
    print(f.readline(), end='')
    pos = f.tell()
    print(repr(f.read()))
    f.seek(pos)
    print(repr(f.readline()))
with open('io_t2.txt', 'w', newline='\r\n') as f:
    f.write('a\nb\n')
print(open('io_t2.txt', 'rb').read())
with open('io_t2.txt') as f:
    print(list(f), repr(f.newlines))
with open('io_t2.txt', newline='') as f:
    print(list(f))
b = io.BytesIO(b'line1\nline2\n')
print(b.readline(), b.read(), b.tell(), b.getvalue())
s = io.StringIO('x\ny\r\nz')
print(s.readlines(), repr(s.getvalue()))
s = io.StringIO(newline=None); s.write('a\r\nb\rc\n'); print(repr(s.getvalue()), s.newlines)
t = io.TextIOWrapper(io.BytesIO(b'abc\ndef\n'), encoding='ascii')
print(t.read(2), t.readline(), t.tell(), t.read())
with open('io_t3.bin', 'wb') as f:
    f.write(b'0123456789')
with open('io_t3.bin', 'r+b') as f:
    print(f.read(3), f.tell()); f.write(b'XY'); f.seek(0); print(f.read())
print(isinstance(open('io_t3.bin'), io.TextIOBase), isinstance(io.BytesIO(), io.BufferedIOBase))
try:
    open('/nonexistent/x')
except FileNotFoundError as e:
    print(e)
try:
    open('.', 'r')
except IsADirectoryError as e:
    print(e)
r = open('io_t3.bin', 'rb', buffering=0); print(r, r.read(4), r.readall()); r.close(); print(r)
class MyIO(io.RawIOBase):
    def __init__(self): self.data = b'abc\ndef'; self.pos = 0
    def readable(self): return True
    def readinto(self, b):
        n = min(len(b), len(self.data) - self.pos); b[:n] = self.data[self.pos:self.pos+n]; self.pos += n; return n
print(io.BufferedReader(MyIO()).readlines())
f = open('io_t.txt', 'w'); f.write('é' * 3); f.close()
with open('io_t.txt') as f:
    print(f.read(1), f.tell(), f.read(), f.tell())
