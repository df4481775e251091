# The eval loop computes + - * & | ^ on small ints inline; results at and beyond the machine
# word must still be exact ints.
vals = [0, 1, -1, 7, -8, 2**30, -(2**30), 2**31 - 1, 2**61, -(2**61), 2**62 - 1, -(2**62),
        3037000499, 3037000500, -3037000500]
acc = 0
for a in vals:
    for b in vals:
        r = (a * b, a & b, a | b, a ^ b, a + b, a - b)
        acc ^= hash(r)
        x = a
        x *= b
        x &= 0xFFFFFFFFFFFF
        x |= a
        x ^= b
        acc = (acc + x) % (2**89)
print(acc)
print(3037000500 * 3037000500, (2**62 - 1) * 2, -(2**62) * -(2**62), 5 * -7, -1 & 255, -6 | 9, -6 ^ 3)
print(True * 3, True & False, True | 2, type(True ^ True).__name__, type(True & 1).__name__)
