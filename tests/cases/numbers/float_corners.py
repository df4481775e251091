# Float corner cases: C99 Annex F special values in pow, divmod, floor division, modulo,
# true division of ints, conversions and rounding, with the signs of zeros shown.
import math

inf = float("inf")
nan = float("nan")


def show(v):
    if isinstance(v, float):
        return repr(v) if v != 0 else ("-0.0" if math.copysign(1, v) < 0 else "0.0")
    if isinstance(v, complex):
        return "complex"
    if isinstance(v, tuple):
        return "(" + ", ".join(show(x) for x in v) + ")"
    return repr(v)


def t(label, f):
    try:
        r = show(f())
    except Exception as e:
        r = f"{type(e).__name__}: {e}"
    print(label, "->", r)


values = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 2.5, -2.5, inf, -inf, nan]
exps = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 2.5, -2.5, inf, -inf, nan,
        1e300, -1e300, 1e-300]
for x in values:
    for y in exps:
        t(f"{show(x)} ** {show(y)}", lambda: x ** y)
        t(f"pow({show(x)}, {show(y)})", lambda: pow(x, y))

for x in values:
    for y in [1.0, -1.0, 0.0, -0.0, inf, -inf, nan, 3.0, -3.0]:
        t(f"divmod({show(x)}, {show(y)})", lambda: divmod(x, y))
        t(f"{show(x)} // {show(y)}", lambda: x // y)
        t(f"{show(x)} % {show(y)}", lambda: x % y)
        t(f"{show(x)} / {show(y)}", lambda: x / y)

t("10.0 ** 400", lambda: 10.0 ** 400)
t("(-10.0) ** 401", lambda: (-10.0) ** 401)
t("10.0 ** -400", lambda: 10.0 ** -400)
t("(-10.0) ** -401", lambda: (-10.0) ** -401)
t("(-8.0) ** (1/3) is complex", lambda: isinstance((-8.0) ** (1 / 3), complex))
t("(-inf) ** 0.5", lambda: (-inf) ** 0.5)
t("(-inf) ** -0.5", lambda: (-inf) ** -0.5)
t("(-inf) ** 3", lambda: (-inf) ** 3)
t("(-inf) ** -3", lambda: (-inf) ** -3)
t("0.0 ** -inf", lambda: 0.0 ** -inf)
t("(-0.0) ** -inf", lambda: (-0.0) ** -inf)
t("(-0.0) ** 3", lambda: (-0.0) ** 3)
t("(-0.0) ** -3", lambda: (-0.0) ** -3)
t("(-1.0) ** inf", lambda: (-1.0) ** inf)
t("1.0 ** nan", lambda: 1.0 ** nan)
t("nan ** 0", lambda: nan ** 0)
t("(-1e300) ** 1e300", lambda: (-1e300) ** 1e300)
t("(-2.0) ** 1e300", lambda: (-2.0) ** 1e300)
t("(-0.5) ** 1e300", lambda: (-0.5) ** 1e300)

# int ** negative int goes through float power.
t("2 ** -1", lambda: 2 ** -1)
t("(-2) ** -3", lambda: (-2) ** -3)
t("0 ** -1", lambda: 0 ** -1)
t("(10**400) ** -1", lambda: (10 ** 400) ** -1)
t("2 ** -(10**400)", lambda: 2 ** -(10 ** 400))
t("1 ** -(10**400)", lambda: 1 ** -(10 ** 400))
t("(-1) ** -(10**400)", lambda: (-1) ** -(10 ** 400))
t("10 ** -400", lambda: 10 ** -400)
t("(-10) ** -401", lambda: (-10) ** -401)
t("2 ** -1075", lambda: 2 ** -1075)
t("2.0 ** 10**400", lambda: 2.0 ** 10 ** 400)
t("pow(2, -1, 5)", lambda: pow(2, -1, 5))

# int / int: correctly rounded, signed zeros, overflow.
t("0 / -2**53", lambda: 0 / -2 ** 53)
t("0 / -5", lambda: 0 / -5)
t("-0 / 5", lambda: -0 / 5)
t("0 / -2**200", lambda: 0 / -2 ** 200)
t("1 / 10**400", lambda: 1 / 10 ** 400)
t("-1 / 10**400", lambda: -1 / 10 ** 400)
t("1 / -10**400", lambda: 1 / -10 ** 400)
t("10**400 / 10**399", lambda: 10 ** 400 / 10 ** 399)
t("10**400 / 3", lambda: 10 ** 400 / 3)
t("-10**400 / 10**90", lambda: -10 ** 400 / 10 ** 90)
t("(2**1024 - 2**970) / 1", lambda: (2 ** 1024 - 2 ** 970) / 1)
t("(2**1024 - 2**971) / 1", lambda: (2 ** 1024 - 2 ** 971) / 1)
t("(2**53 + 1) / 1", lambda: (2 ** 53 + 1) / 1)
t("(2**54 + 3) / 2", lambda: (2 ** 54 + 3) / 2)
t("(2**80 + 1) / 2**27", lambda: (2 ** 80 + 1) / 2 ** 27)
t("1 / 2**1074", lambda: 1 / 2 ** 1074)
t("1 / 2**1075", lambda: 1 / 2 ** 1075)
t("3 / 2**1076", lambda: 3 / 2 ** 1076)
t("(2**60 + 1) / 2**1100", lambda: (2 ** 60 + 1) / 2 ** 1100)
t("10**30 / 7", lambda: 10 ** 30 / 7)
t("-(10**30) / 7", lambda: -(10 ** 30) / 7)
for a in [10 ** 20 + 12345, 3 ** 100, -(7 ** 80), 2 ** 64 - 1]:
    for b in [3, 10 ** 17 + 3, -(5 ** 30), 2 ** 70 + 1]:
        t(f"{a} / {b}", lambda: a / b)

# Conversions and rounding.
t("float(10**400)", lambda: float(10 ** 400))
t("float(-10**400)", lambda: float(-10 ** 400))
t("float(2**1024 - 2**970)", lambda: float(2 ** 1024 - 2 ** 970))
t("float(2**1024 - 2**971)", lambda: float(2 ** 1024 - 2 ** 971))
t("int(inf)", lambda: int(inf))
t("int(-inf)", lambda: int(-inf))
t("int(nan)", lambda: int(nan))
t("math.floor(inf)", lambda: math.floor(inf))
t("math.ceil(nan)", lambda: math.ceil(nan))
t("math.trunc(-inf)", lambda: math.trunc(-inf))
t("round(inf)", lambda: round(inf))
t("round(nan)", lambda: round(nan))
t("round(inf, 2)", lambda: round(inf, 2))
t("round(nan, 2)", lambda: round(nan, 2))
t("round(1.5, 10**20)", lambda: round(1.5, 10 ** 20))
t("round(1.5, -10**20)", lambda: round(1.5, -10 ** 20))
t("round(-1.5, -10**20)", lambda: round(-1.5, -10 ** 20))
t("round(15, 10**20)", lambda: round(15, 10 ** 20))
t("round(1.5, 400)", lambda: round(1.5, 400))
t("round(1.5, -400)", lambda: round(1.5, -400))
t("round(-0.0, 2)", lambda: round(-0.0, 2))
t("round(-0.4)", lambda: round(-0.4))
t("round(1e300, -300)", lambda: round(1e300, -300))
t("round(1.7976931348623157e308, -308)", lambda: round(1.7976931348623157e308, -308))
t("(0.0).as_integer_ratio()", lambda: (0.0).as_integer_ratio())
t("inf.as_integer_ratio()", lambda: inf.as_integer_ratio())
t("nan.as_integer_ratio()", lambda: nan.as_integer_ratio())
t("inf.is_integer()", lambda: inf.is_integer())
t("float.fromhex('inf')", lambda: float.fromhex("-inf"))
t("1e308 * 10", lambda: 1e308 * 10)
t("-0.0 + 0.0", lambda: -0.0 + 0.0)
t("-0.0 - 0.0", lambda: -0.0 - 0.0)
t("-(0.0)", lambda: -(0.0))
t("abs(-0.0)", lambda: abs(-0.0))
t("math.fmod(-0.0, 1.0)", lambda: math.fmod(-0.0, 1.0))
t("math.fmod(1.0, inf)", lambda: math.fmod(1.0, inf))
t("math.fmod(inf, 1.0)", lambda: math.fmod(inf, 1.0))
t("math.pow(0.0, -inf)", lambda: math.pow(0.0, -inf))
t("math.pow(-inf, 0.5)", lambda: math.pow(-inf, 0.5))
t("math.pow(-2.0, 0.5)", lambda: math.pow(-2.0, 0.5))
t("math.pow(0.0, -1.0)", lambda: math.pow(0.0, -1.0))
t("math.pow(10.0, 400.0)", lambda: math.pow(10.0, 400.0))

# NaN hashes by identity in 3.11.
a, b = float("nan"), float("nan")
print(hash(a) == hash(a), hash(a) == hash(b), hash(a) == object.__hash__(a))
print(len({a, b, a}), len({float("nan") for _ in range(3)}))
print(hash(inf), hash(-inf), hash(0.0) == hash(-0.0), hash(1.5))
