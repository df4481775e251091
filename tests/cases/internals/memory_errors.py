# Allocations sized by the program raise MemoryError (or CPython's OverflowError) instead of
# ending the process, and the program goes on afterwards.

def attempt(label, f):
    try:
        f()
    except (MemoryError, OverflowError) as e:
        print(label, type(e).__name__, e)
    else:
        print(label, "no error")

big = 2**62

attempt("lshift", lambda: 1 << big)
attempt("lshift 2**64", lambda: 1 << 2**64)
attempt("lshift 2**70", lambda: 1 << 2**70)
attempt("center", lambda: "a".center(big))
attempt("ljust", lambda: "a".ljust(big))
attempt("rjust", lambda: "a".rjust(big))
attempt("zfill", lambda: "a".zfill(big))
attempt("expandtabs", lambda: "a\tb".expandtabs(2**31))
attempt("bytes(n)", lambda: bytes(big))
attempt("bytes(10**12)", lambda: bytes(10**12))
attempt("bytearray(n)", lambda: bytearray(big))
attempt("bytearray(10**12)", lambda: bytearray(10**12))
attempt("bytes repeat", lambda: b"a" * big)
attempt("bytes repeat overflow", lambda: b"ab" * big)
attempt("bytes center", lambda: b"a".center(big))
attempt("bytearray repeat", lambda: bytearray(b"ab") * big)
attempt("str repeat", lambda: "a" * big)
attempt("str repeat overflow", lambda: "ab" * big)
attempt("str repeat 10**12", lambda: "x" * 10**12)
attempt("list repeat", lambda: [0] * 10**12)
attempt("list repeat 2**62", lambda: [0, 0] * big)
attempt("tuple repeat", lambda: (0, 0) * big)
attempt("to_bytes", lambda: (1).to_bytes(big, "big"))
attempt("f-string width", lambda: f"{1:>{big}}")
attempt("format width", lambda: format(1, ">%d" % big))
attempt("str.format width", lambda: "{:>{}}".format(1, big))
attempt("percent width", lambda: "%*d" % (big, 1))
attempt("list(range)", lambda: list(range(10**12)))
attempt("tuple(range)", lambda: tuple(range(10**12)))
attempt("list(range) overflow", lambda: list(range(10**20)))
attempt("join", lambda: "".join(["a" * 2**20] * 2**20))
attempt("replace", lambda: "a".replace("a", "b" * 2**20).replace("b", "c" * 2**20))


def inplace_bytearray():
    b = bytearray(b"a")
    b *= big


def inplace_list():
    l = [0, 0]
    l *= big


attempt("bytearray *=", inplace_bytearray)
attempt("list *=", inplace_list)

try:
    [0] * 10**12
except MemoryError:
    print("caught")
x = [i * 2 for i in range(10)]
print(sum(x), "still running")
