# BLAKE2 with every parameter (key, salt, person, tree fields), its limits and messages; the
# extra attributes of SHA-3 and SHAKE objects; SHAKE length limits.
import hashlib, _blake2
print(hashlib.blake2b(b"abc").hexdigest()[:32], hashlib.blake2s(b"abc").hexdigest()[:32])
print(hashlib.blake2b(b"abc", digest_size=20, key=b"k", salt=b"s", person=b"p").hexdigest())
print(hashlib.blake2s(b"abc", digest_size=17, fanout=2, depth=3, leaf_size=256, node_offset=512, node_depth=1, inner_size=7, last_node=True).hexdigest())
print(hashlib.blake2b(b"", fanout=0, depth=255, leaf_size=2**32-1, node_offset=2**64-1, node_depth=255, inner_size=64).hexdigest()[:20])
print(_blake2.blake2b.SALT_SIZE, _blake2.blake2s.MAX_DIGEST_SIZE, _blake2.BLAKE2S_PERSON_SIZE, hashlib.blake2b().name, hashlib.blake2s().block_size, hashlib.blake2b(digest_size=5).digest_size)
h = hashlib.blake2b(key=b"x"*64); h.update(b"data"); c = h.copy(); c.update(b"more"); print(h.hexdigest()[:16], c.hexdigest()[:16])
for kw in [dict(digest_size=0), dict(salt=b"x"*17), dict(leaf_size=-1), dict(leaf_size=2**32), dict(node_offset=2**64), dict(depth=0), dict(data=b""), dict(inner_size=65)]:
    try: hashlib.blake2b(**kw)
    except (ValueError, OverflowError, TypeError) as e: print(type(e).__name__, e)
try: hashlib.blake2s(node_offset=2**48)
except OverflowError as e: print("OverflowError", e)
B = hashlib.blake2b
print(type(B(b"a")).__name__, B(b"a").hexdigest()[:10], repr(hashlib.blake2b)[:30])
import hmac
print(hmac.new(b"k", b"m", "blake2s").hexdigest()[:20])
import _sha3
for n in ["sha3_224", "sha3_512", "shake_128", "shake_256"]:
    h = getattr(_sha3, n)()
    print(n, h._capacity_bits, h._rate_bits, h._suffix, n in repr(h))
for length in (-1, 2**29):
    try:
        _sha3.shake_128().digest(length)
    except ValueError as e:
        print("ValueError", e)
try:
    hashlib.md5()._suffix
except AttributeError as e:
    print("AttributeError")
