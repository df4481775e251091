import re
cases = [
    (r"(a)|(b)", "b"), (r"((a)|(b))+", "ab"), (r"(a(b)?)+", "aba"), (r"(?:(a)|(b)|(c))+", "abc"), (r"(a)(?:b(c))?d", "abd"),
    (r"(?i)[k]", "\u212a"), (r"(?i)[^k]", "K"), (r"(?i)[A-Z]+", "abc"), (r"(?i)[a-z]+", "ABC\u0130"), (r"(?i)ǅ", "ǆ"),
    (r"(?<=(a))b", "ab"), (r"(?=(\w+))\w", "abc"), (r"(?!(a))\w", "ab"), (r"(a)(?=b)", "ab"),
    (r"\d{2,}?", "12345"), (r"(?:a{2})*", "aaaaa"), (r"(a{2})*", "aaaaa"), (r"(ab|a)*?b", "ababb"),
    (r"^", "a\nb"), (r"(?m)^", "a\nb\n"), (r"(?m)$", "a\nb\n"), (r"$", "a\nb\n"), (r"\b", "ab cd"), (r"\B", "ab cd"),
    (r"\w*", "ab cd"), (r"a*", "baaa"), (r"(?:)", "ab"), (r".", "é\n"), (r"[\d]+", "a1٣"),
    (r"[\x00-\x1f]+", "a\x01\x02b"), (r"[\u0100-\uffff]+", "aĀ中b"), (r"[^\x00-\x7f]+", "aé中b"), (r"\\", "a\\b"),
    (r"[\\\]]+", "a\\]b"), (r"[a\-z]+", "a-z"), (r"[\n]", "a\nb"), (r"(?s:.)+", "a\n"), (r"\U0001F600", "x\U0001F600"),
    (r"(?P<a>x)(?P<b>y)?(?P<c>z)", "xz"), (r"(a)?(b)?(c)", "c"),
]
for p, s in cases:
    try:
        ms = list(re.finditer(p, s))
        print(repr(p), [(m.span(), m.groups(), m.lastindex, m.lastgroup) for m in ms], re.sub(p, "#", s), re.split(p, s))
    except Exception as e:
        print(repr(p), type(e).__name__, e)
p = re.compile(r"\d+")
print(p.findall("1 22 333", 2), p.findall("1 22 333", 2, 5), list(p.finditer("1 22 333", 3)), p.search("12345", 1, 3), p.match("abc123", 3))
print(p.split("a1b2c3"), p.sub("#", "a1b22"), p.subn("#", "a1b22", 1), p.search("x", -5), p.search("123", 10))
print(re.match(r"a", "ba", pos=1) if False else p.match("ba12", pos=2), p.fullmatch("12", endpos=2))
m = re.match(r"(?P<first>\w+) (?P<last>\w+)", "Jane Doe")
print(m.groupdict("?"), m.start(), m.end(), m.span(0), m.group(), m[0], m.expand(r"\g<0>!"))
print(re.match(r"(x)?y", "y").groups(0), re.match(r"(x)?y", "y").groupdict(), re.match(r"(?P<q>x)?y", "y").groupdict("d"))
print(re.sub(r"(?P<w>\w+)", r"\g<w>\g<w>", "ab cd"), re.sub(r"\w", r"\0", "ab"), re.sub("a", r"\x41", "a") if False else "skip")
print(re.split(r"(?=b)", "abab"), re.split(r"(?<=a)", "abab"), re.split(r"$", "ab"), re.split(r"^", "ab\ncd", flags=re.M))
print(re.findall(r"(?m)^\s*(\w+)\s*=\s*(.*?)\s*$", "a = 1\n b=two \nc= 3 "))
print(re.compile(r"""(?x)
    (\d+)   # number
    \s*     # space
    ([a-z]+) # unit
""").findall("10 kg, 5m"))
print(re.findall(r"\$\{(\w+)\}", "x ${a} ${bb}"), re.sub(r"\s+$", "", "abc   \n"), re.sub(r"^\s+", "", "  x"))
print(re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}", "deadbeef-CAFE"), re.match(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$", "-1.5e10").groups())
try:
    re.sub("(a)", lambda m: 5, "a")
except TypeError as e:
    print(e)
import copy
print(copy.copy(re.compile("a")), re.purge())
print(re.compile("ab") is re.compile("ab"), hash(re.compile("ab")) == hash(re.compile("ab")))
print(re.compile(r"'\"").__repr__(), repr(re.compile("a\nb")))
