vals = [0, 1, -1, 1234567, -98765, 255, 10**20, -(10**25)]
specs = ["", "d", "5", "<8", "^9", "=+10", "010", "+", " ", ",", "_", "_b", "#x", "#X", "#o", "#b", "08,", "012_x", "x", "n", "e", ".2f", "%", "*>10,", "0=12,d", "-", "c"]
for v in vals:
    row = []
    for s in specs:
        if s == "c" and not (0 <= v < 0x110000):
            continue
        row.append(format(v, s))
    print("|".join(row))
fv = [0.0, -0.0, 1.0, -1.5, 0.1, 1/3, 2/3, 123.456, 1e16, 1.5e-7, 12345678.9, 1e100, 5e-324, 0.5, 2.5, 1e15, 123456789012.0, float("inf"), float("-inf"), float("nan")]
fs = ["", "f", ".0f", ".1f", ".3f", "e", ".0e", ".3E", "g", ".0g", ".1g", ".3g", ".10g", "G", "#g", "#.3g", ".3", ".1", "%", ".1%", "+.2f", " .2f", "010.3f", "<10", "^12.2e", ",.2f", "_.1f", "012,.1f", "z.1f", "#.0f", "#.0e", "n", "08", "=+12.3f", "r"]
for x in fv:
    row = []
    for s in fs:
        try:
            row.append(format(x, s))
        except ValueError as e:
            row.append("E:" + str(e))
    print("|".join(row))
cv = [1+2j, -1.5-0.5j, 2j, -2j, 0j, complex(1e16, 1e-7), complex(-0.0, 1)]
cs = ["", ".2f", "e", "g", ">20", "^20.1f", "+", ".3", "<15g"]
for c in cv:
    row = []
    for s in cs:
        try:
            row.append(format(c, s))
        except ValueError as e:
            row.append("E:" + str(e))
    print("|".join(row))
for s in ["s", ">5", "<5", "^6", "*^7", ".2", "10.3", "x^4", "05", "=5", "+", "#", "d", ",", "z"]:
    try:
        print(repr(format("abc", s)))
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
for v, s in [(1, "1d2"), (1.0, "d"), (1, "s"), (1, ".2"), (1, ",x"), (1, "_n"), (1.5, ",,"), (1.5, ",_"), (1, "#c"), (1, "+c"), (2**40, "c"), (1, "."), (1j, "=5"), (1j, "05"), (1j, "%"), ("a", "+")]:
    try:
        print(repr(format(v, s)))
    except (ValueError, TypeError, OverflowError) as e:
        print(type(e).__name__, e)
print(format(True), format(True, "d"), format(False, ">6"), format(True, "^6"), f"{True!r:>6}")
