# int/float constructors, parsing errors, rounding, hex, comparisons, subclasses.
print(1.5, 0.1 + 0.2, float("  -1_0.5 "), float("inf"), float("-Infinity"), float("nan"), float(" 1e3 "), float(".5"), float("5."))
for bad in ["", "abc", "1__0", "_1", "1_", "1.2.3", "0x10", "e5", "."]:
    try:
        float(bad)
        print("ok", bad)
    except ValueError as e:
        print(e)
print(round(2.675, 2), round(-2.675, 2), round(0.5), round(1.5), round(2.5), round(-0.05, 1), round(1234.5678, -2), round(1e300), round(123.456, 1))
print(round(1.23456789e10, -5), round(0.1 + 0.2, 15), type(round(2.5, 0)).__name__)
for v in [0.125, 0.375, 2.5, 3.5, -2.5, 1e-20, 12.345, 1e15 + 0.3]:
    print(v, round(v), round(v, 1), round(v, 2), repr(v))
print((1.5).hex(), (0.1).hex(), (-0.0).hex(), (5e-324).hex(), float.fromhex('0x1.8p1'), float.fromhex('0x0.0000000000001p-1022'), float.fromhex("-0x1p-1074"), float.fromhex(" 0x1.999999999999ap-4 "))
print((0.25).as_integer_ratio(), (-1.5).as_integer_ratio(), (3.0).is_integer(), 2**100 == 2.0**100, 2**100+1 == 2.0**100, 2**100+1 > 2.0**100)
print(int(3.9), int(-3.9), int(1e20), divmod(17.5, 5), divmod(-17.5, 5), 7.0 // 2, -7.0 % 3, 2.0 ** 0.5, 1 / 3, 10 / 4)
print(hash(1.0), hash(0.5), hash(-1.0), hash(float('inf')), 5 < 5.5, 5.5 > 5, 1.0 == 1, (1.5).__eq__(2), (1.5).__add__("x"))
for f in [lambda: int(float('inf')), lambda: int(float('nan')), lambda: round(float('nan')), lambda: float(2**1024), lambda: divmod(1.0, 0.0), lambda: 1.0 // 0.0, lambda: 1.0 % 0.0, lambda: 1.0 & 2.0, lambda: pow(2.0, 3, 5)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
class F(float):
    pass
f = F(2.5)
print(f, type(f).__name__, f + 1, isinstance(f, float), F("1e2"))
class I(int):
    pass
i = I(7)
print(i, type(i).__name__, i + 1, i * 2, -i, I("ff", 16), int(i), I(), hash(i) == hash(7))
print(int("  12  "), int("-0x1f", 16), int(" 0b101 ", 0), int("1_000"), int(b"42"), int("٣"), int("0_0", 0))
for bad, base in [("2", 2), ("8", 8), ("g", 16), ("010", 0), ("0x", 16), ("1__0", 10), ("_1", 10), ("", 10), ("1_", 10)]:
    try:
        int(bad, base)
        print("accepted", bad)
    except ValueError as e:
        print(e)
print(pow(3, -1, 7), pow(2, 10, -7), pow(-2, 3, 5), pow(5, 0, 1), 2**-1, (-2)**0.5)
try:
    pow(2, -1, 4)
except ValueError as e:
    print(e)
print(round(15, -1), round(25, -1), round(-1234, -2), round(7, 2), (255).to_bytes(2, "little"), (-1).to_bytes(2, "big", signed=True), int.from_bytes(b"\xff\xfe", "little", signed=True))
print(True & False, True | False, True ^ True, True & 3, True + True, ~True, repr(True), str(False), bool(3), bool(), int(True))
print((7).numerator, (7).denominator, (7).real, (7).imag, (1.5).real, (1.5).imag, 7 .conjugate(), (10).as_integer_ratio())
print(int.from_bytes([1, 2, 3], "little"), (2 ** 70).to_bytes(9, "big"), (0).to_bytes(0, "big"), 1.0.__trunc__(), 2.5.__floor__(), 2.5.__ceil__())
big = -(2 ** 63)
print(big - 1, big // -1, big % -1, -big, abs(big), big * -1, (2**63 - 1) + 1)
for f in [lambda: int("x"), lambda: int("1" * 5000), lambda: int([1]), lambda: int("5", 1), lambda: (5).to_bytes(-1, "big"), lambda: (300).to_bytes(1, "big"), lambda: (-1).to_bytes(1, "big"), lambda: (5).__round__(None)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
