import string
print(string.printable == string.digits + string.ascii_letters + string.punctuation + string.whitespace, repr(string.printable))
T = string.Template
print(T("$$ $a ${b} $c").safe_substitute(a=1), T("x$a").substitute({"a": 2}, a=3))
for bad in ["$", "ab $1", "line\n  $ x"]:
    try:
        T(bad).substitute()
    except ValueError as e:
        print(e)
print(T("$a ${b} $a $$").get_identifiers(), T("$1").is_valid())
f = string.Formatter()
print(f.format("{} {:>5} {x!r} {0[1]} {{}}", [1, 2], "ab", x="q"))
print(list(f.parse("a{0!r:>{w}}b{{c}}")))
print(string.capwords(" a  bC d ", None), string.capwords("a-b-c", "-"))
