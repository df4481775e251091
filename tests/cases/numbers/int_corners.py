# Int corner cases: shifts by huge counts, indexing with ints too large for an index,
# huge ranges, true division signs.


def t(label, f):
    try:
        r = repr(f())
    except Exception as e:
        r = f"{type(e).__name__}: {e}"
    print(label, "->", r)


t("0 << 10**30", lambda: 0 << 10 ** 30)
t("0 << 2**63", lambda: 0 << 2 ** 63)
t("1 << 10**30", lambda: 1 << 10 ** 30)
t("0 >> 10**30", lambda: 0 >> 10 ** 30)
t("5 >> 10**30", lambda: 5 >> 10 ** 30)
t("-5 >> 10**30", lambda: -5 >> 10 ** 30)
t("(-2**100) >> 10**30", lambda: (-2 ** 100) >> 10 ** 30)
t("1 << -1", lambda: 1 << -1)
t("0 << -(10**30)", lambda: 0 << -(10 ** 30))
t("1 >> -(10**30)", lambda: 1 >> -(10 ** 30))
t("5 << 70", lambda: 5 << 70)
t("-5 << 63", lambda: -5 << 63)
t("2**100 >> 99", lambda: 2 ** 100 >> 99)

seqs = [
    ("bytes", b"ab"),
    ("bytearray", bytearray(b"ab")),
    ("list", [1, 2]),
    ("tuple", (1, 2)),
    ("str", "ab"),
    ("range", range(2)),
    ("memoryview", memoryview(b"ab")),
]
for name, s in seqs:
    for i in [2 ** 100, -2 ** 100, 2 ** 63, -2 ** 63 - 1, 2 ** 63 - 1, -2 ** 63]:
        t(f"{name}[{i}]", lambda: s[i])
    t(f"{name}[True]", lambda: s[True])
    t(f"{name}[2**100:]", lambda: list(s[2 ** 100:]))
    t(f"{name}[-2**100:2**100:2**100]", lambda: list(s[-2 ** 100:2 ** 100:2 ** 100]))

for name, s in [("bytearray", bytearray(b"ab")), ("list", [1, 2])]:
    def set_item():
        s[2 ** 100] = 1
    def del_item():
        del s[-2 ** 100]
    t(f"{name}[2**100] = 1", set_item)
    t(f"del {name}[-2**100]", del_item)

t("range(10**20)[10**19]", lambda: range(10 ** 20)[10 ** 19])
t("range(10**20)[-1]", lambda: range(10 ** 20)[-1])
t("range(10**20)[10**20]", lambda: range(10 ** 20)[10 ** 20])
t("range(10**20)[::10**19]", lambda: range(10 ** 20)[::10 ** 19])
t("len(range(10**20))", lambda: len(range(10 ** 20)))
t("len(range(2**63 - 1))", lambda: len(range(2 ** 63 - 1)))
t("len(range(2**63))", lambda: len(range(2 ** 63)))
t("bool(range(10**20))", lambda: bool(range(10 ** 20)))
t("10**19 in range(10**20)", lambda: 10 ** 19 in range(10 ** 20))
t("range(10**20).index(10**19)", lambda: range(10 ** 20).index(10 ** 19))
t("range(10**20).count(5)", lambda: range(10 ** 20).count(5))
t("list(range(10**20))", lambda: list(range(10 ** 20)))
t("tuple(range(10**20))", lambda: tuple(range(10 ** 20)))
t("next(iter(range(10**20, 10**21)))", lambda: next(iter(range(10 ** 20, 10 ** 21))))
t("next(reversed(range(10**20)))", lambda: next(reversed(range(10 ** 20))))
t("range(10**20) == range(0, 10**20)", lambda: range(10 ** 20) == range(0, 10 ** 20))
t("hash(range(10**20)) == hash(range(0, 10**20, 1))",
  lambda: hash(range(10 ** 20)) == hash(range(0, 10 ** 20, 1)))
t("sorted(range(10**20))", lambda: sorted(range(10 ** 20)))
t("[*range(10**20)]", lambda: [*range(10 ** 20)])

t("divmod(-7, 2**70)", lambda: divmod(-7, 2 ** 70))
t("-7 // -(2**70)", lambda: -7 // -(2 ** 70))
t("(-2**70) % 3", lambda: (-2 ** 70) % 3)
t("pow(3, 2**70, 2**61 - 1)", lambda: pow(3, 2 ** 70, 2 ** 61 - 1))
t("pow(0, 0)", lambda: pow(0, 0))
t("pow(-2**70, -1)", lambda: pow(-2 ** 70, -1))
t("int('1' * 5000)", lambda: int("1" * 5000))
