# binascii's uuencode and quoted-printable codecs, and the modules above them.
import warnings
warnings.simplefilter("ignore", DeprecationWarning)
import binascii, quopri, uu, io
data = bytes(range(256)) * 2
for backtick in (False, True):
    lines = [binascii.b2a_uu(data[i:i + 45], backtick=backtick) for i in range(0, len(data), 45)]
    print(lines[0], lines[-1])
    assert b"".join(binascii.a2b_uu(l) for l in lines) == data
print(binascii.a2b_uu(b""), binascii.a2b_uu(b"\x7f") == b"\0" * 31)
for bad in (b"!!!!", b"\xff\x00"):
    try:
        binascii.a2b_uu(bad)
    except binascii.Error as e:
        print("Error", e)
try:
    binascii.b2a_uu(b"x" * 46)
except binascii.Error as e:
    print("Error", e)
for s in [b"hello=world", b"tab\tend\t", b"trailing space \nnext", b".\n", b"x" * 100, b"\xff\r\n\xff", b"a_b c"]:
    for kw in ({}, {"quotetabs": True}, {"istext": False}, {"header": True}):
        enc = binascii.b2a_qp(s, **kw)
        print(kw, enc, binascii.a2b_qp(enc, header=kw.get("header", False)) == s)
print(binascii.a2b_qp(b"=41=4a=\nB=ZZ_x"), binascii.a2b_qp("=41_", header=True))
out = io.BytesIO()
quopri.encode(io.BytesIO("caf\u00e9 = ok\n".encode()), out, quotetabs=False)
print(out.getvalue())
src, dst = io.BytesIO(b"payload " * 10), io.BytesIO()
uu.encode(src, dst, "name.txt", 0o644)
back = io.BytesIO()
uu.decode(io.BytesIO(dst.getvalue()), back)
print(dst.getvalue().splitlines()[0], back.getvalue() == b"payload " * 10)
