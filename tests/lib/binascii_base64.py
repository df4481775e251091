# binascii over the native module, and what builds on it: base64, the hex codec, uuid.
import base64
import binascii
import codecs
import uuid

print(binascii.hexlify(b"\x01\xab"), binascii.hexlify(b"\x01\x02\x03", "-"), binascii.unhexlify("01ab"), binascii.a2b_hex(b"FF00"))
print(binascii.b2a_base64(b"hello"), binascii.b2a_base64(b"hi", newline=False), binascii.a2b_base64(b"aGVsbG8=\n"))
print(binascii.a2b_base64(b"aGV sbG8="), binascii.a2b_base64(b"aGVsbA==xyz"), binascii.crc32(b"hello"), binascii.crc32(b"world", 12345), binascii.crc_hqx(b"abc", 0))
for bad in [b"abc", b"a", b"aGVsbG8"]:
    try:
        binascii.a2b_base64(bad)
    except binascii.Error as e:
        print("Error:", e)
for bad in ["abc", "zz"]:
    try:
        binascii.unhexlify(bad)
    except binascii.Error as e:
        print("Error:", e, isinstance(e, ValueError))
print(base64.b64encode(b"data to encode"), base64.b64decode(b"ZGF0YSB0byBlbmNvZGU="), base64.urlsafe_b64encode(b"\xff\xfe\xfd"))
print(base64.b32encode(b"abc"), base64.b32decode(b"MFRGG==="), base64.b16encode(b"\x00\xff"), base64.a85encode(b"hello"), base64.b85encode(b"hello"))
print(codecs.encode(b"abc", "hex"), codecs.decode(b"616263", "hex"), codecs.encode(b"xyz", "base64"))
u = uuid.UUID("12345678-1234-5678-1234-567812345678")
print(u, u.hex, u.version, uuid.uuid3(uuid.NAMESPACE_DNS, "python.org") if False else "", uuid.UUID(bytes=u.bytes) == u, len(str(uuid.uuid4())))
