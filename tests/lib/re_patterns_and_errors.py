import re
cases = [
    (r"a+", "caaab"), (r"a*?b", "aaab"), (r"(a|ab)(c|bcd)(d*)", "abcd"), (r"(a*)*", "b"), (r"(a*)+", "b"),
    (r"(a|b)*", "abba"), (r"(?:(a)|b)+", "ab"), (r"(a)|b", "b"), (r"((a)b)", "ab"), (r"(?P<x>a)(?P<y>b)?", "ac"),
    (r"x{2,}", "xxxxx"), (r"x{,2}", "xxxxx"), (r"x{2}", "xxxxx"), (r"x{2,3}?", "xxxxx"), (r"x{", "x{"), (r"x{a}", "x{a}"),
    (r"\bfoo\b", "a foo b"), (r"\Bo", "foo"), (r"^abc$", "abc\n"), (r"abc\Z", "abc\n"), (r"\Aabc", "abc"),
    (r"(?m)^b$", "a\nb\nc"), (r"(?s).+", "a\nb"), (r".+", "a\nb"), (r"(?i)straße", "STRASSE"), (r"(?i)[a-z]+", "HeLLo"),
    (r"(?i)k", "\u212a"), (r"[^\d\s]+", "ab 12 cd"), (r"[\w.-]+@[\w.-]+", "x joe.b-c@ex.com y"), (r"[]a]+", "]a]b"),
    (r"[a-]+", "a-a-b"), (r"[-a]+", "-a"), (r"[\]]", "]"), (r"\x41\u0042\n", "AB\n"), (r"\101", "A"), (r"\0", "\0"),
    (r"(?<=a)b", "ab"), (r"(?<!a)b", "ab cb"), (r"(?=ab)a", "ab"), (r"(?!ab)a", "ab ac"), (r"(?<=ab|cd)e", "cde"),
    (r"(a)(?(1)b|c)", "ab"), (r"(a)?(?(1)b|c)", "c"), (r"(?>a+)b", "aaab"), (r"a++b", "aaab"), (r"a*+a", "aaa"),
    (r"(?x) a b # comment\n c", "abc"), (r"(?x)[ ]a", " a"), (r"(\w+)\s\1", "hey hey"), (r"(?i)(a)\1", "aA"),
    (r"\d+", "x\u0663\u0664y"), (r"(?a)\d+", "\u0663\u0664 12"), (r"(?a)\w+", "héllo"), (r"\w+", "héllo"),
    (r"\s+", "a\u00a0\u2003b"), (r"(?a)\s+", "a\u00a0 b"), (r"", "abc"), (r"$", "abc"), (r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)\11", "abcdefghijkk"),
    (r"(?i:a)b", "Ab AB"), (r"a(?i)b", "ab"), (r"(?-i:a)b", "aB"), (r"(?i)(?-i:a)b", "aB Ab"), (r".*?x", "aaxbbx"),
    (r"(a+|b+)*c", "aabbc"), (r"(?P<n>\d)(?P=n)", "1223"), (r"(?#comment)a", "a"), (r"\.", "a.b"), (r"[.]", "a.b"),
    (r"(\d+)-(\d+)?", "12-"), (r"a|", "b"), (r"|a", "a"), (r"(|a)+", "aa"), (r"(a|)+b", "aab"),
]
for p, s in cases:
    try:
        m = re.search(p, s)
        print(repr(p), m, m and m.groups(), m and m.lastindex, re.findall(p, s), re.sub(p, "<\\g<0>>", s), re.split(p, s))
    except Exception as e:
        print(repr(p), type(e).__name__, e)
errs = ["(", "a)", "*", "a**", "[a", "\\q", "a{3,2}", "(?P<1>a)", "(?P<a>a)(?P<a>b)", "(?<=a+)b", "\\2(a)", "(?z)", "[z-a]",
        "(?P=x)", "a(?i)", "(?", "\\", "(?P<x", "[\\d-z]", "x{2}{3}", "+a", "(?<x>a)", "(?i", "(?:a", "(a)(?(2)b)", "\\x4", "\\u12",
        "(?-a:x)", "a|*", "^*", "(?P)"]
for p in errs:
    try:
        re.compile(p)
        print(p, "ok")
    except re.error as e:
        print(repr(p), "error:", e, e.msg, e.pos)
