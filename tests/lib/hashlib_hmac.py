# hashlib, hmac and secrets over the native hash modules (no OpenSSL).
import hashlib
import hmac
import secrets

for name in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"]:
    h = hashlib.new(name, b"hello")
    h.update(b" world")
    c = h.copy()
    c.update(b"!")
    print(name, h.digest_size, h.block_size, h.hexdigest(), c.hexdigest() != h.hexdigest())
print(hashlib.shake_128(b"abc").hexdigest(16), hashlib.shake_256(b"abc").hexdigest(8), len(hashlib.shake_128().digest(5)))
print(hashlib.sha256(b"abc").digest()[:4], hashlib.md5(b"").hexdigest(), sorted(hashlib.algorithms_guaranteed))
print(hmac.new(b"key", b"message", "sha256").hexdigest(), hmac.digest(b"k", b"m", "sha1").hex())
print(hmac.compare_digest(b"abc", b"abc"), hmac.compare_digest("abc", "abd"), len(secrets.token_hex(8)), len(secrets.token_bytes(5)))
try:
    hashlib.sha256("text")
except TypeError as e:
    print("TypeError:", e)
