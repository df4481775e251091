# CPython's re package over Heron's native _sre: the engine's objects and edge cases.
import _sre
import copy
import pickle
import re
import signal

print(_sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS, _sre.copyright)
print(_sre.ascii_iscased(ord("a")), _sre.ascii_iscased(ord("1")), _sre.unicode_iscased(0xDF))
print(_sre.ascii_tolower(ord("Q")), _sre.unicode_tolower(0x130), _sre.unicode_tolower(0x3A3))
print(_sre.getcodesize())
try:
    _sre.compile("a", 0, [1, 2, 3], 0, {}, ())
except RuntimeError as e:
    print("RuntimeError:", e)

# Scanner: re.Scanner and pattern.scanner
sc = re.Scanner([(r"\d+", lambda s, t: ("num", int(t))), (r"[a-z]+", lambda s, t: ("word", t)),
                 (r"\s+", None)])
print(sc.scan("12 apples and 7 pears!"))
s = re.compile(r"\w").scanner("ab c")
print(type(s).__name__, s.pattern.pattern, s.match(), s.match(), s.match(), s.search(), s.search())

# Subjects: str (ASCII and not), bytes, bytearray, memoryview
for subject in ["ab12cd", "äb12çd", "\U0001F600x12y", b"ab12cd", bytearray(b"ab12cd"), memoryview(b"ab12cd")]:
    pat = re.compile(rb"(\d+)" if not isinstance(subject, str) else r"(\d+)")
    m = pat.search(subject)
    print(repr(m.group()), m.span(), m.regs, type(m.string).__name__)
ba = bytearray(b"abcdefgh")
m = re.search(b"[a-h]+", ba)
ba[:] = b"xyz"
print(m.group(), m.span())
for bad in [(r"a", b"a"), (rb"a", "a"), (r"a", 5)]:
    try:
        re.search(*bad)
    except TypeError as e:
        print("TypeError:", e)

# Match object API
m = re.match(r"(?P<first>\w+) (?P<last>\w+)(?P<opt>!)?", "Jane Doe rest")
print(m, m.lastindex, m.lastgroup, m.groupdict(), m.groupdict("-"), m.groups("?"))
print(m["first"], m[2], m.start("last"), m.end(2), m.span("opt"), m.pos, m.endpos, m.re.groups)
print(m.expand(r"\g<last>, \1"), copy.copy(m) is m, copy.deepcopy(m) is m)
for g in ["nope", 7, -1, 2**70]:
    try:
        m.group(g)
    except IndexError as e:
        print("IndexError:", e)
print(re.match(r"(a)|(b)", "b").lastindex, re.match(r"(?:(a)|b)+", "ab").groups())

# Pattern object API
p = re.compile(r"(?P<k>\w+)=(?P<v>\d+)", re.I | re.M)
print(p, p.flags == (re.I | re.M | re.U), p.groups, p.groupindex, dict(p.groupindex))
try:
    p.groupindex["k"] = 5
except TypeError as e:
    print("TypeError:", e)
print(p == re.compile(r"(?P<k>\w+)=(?P<v>\d+)", re.I | re.M), p != re.compile("x"))
print(hash(p) == hash(re.compile(r"(?P<k>\w+)=(?P<v>\d+)", re.I | re.M)))
print(pickle.loads(pickle.dumps(p)) == p, copy.deepcopy(p) is p)
print(p.findall("a=1 b=22\nc=333"), p.findall("a=1", 2), p.findall("a=1 b=2", 0, 4))
print([m.span() for m in p.finditer("a=1 b=22", 1)], p.sub(r"\g<v>:\g<k>", "a=1 b=22"))
print(p.subn(lambda m: m["k"].upper(), "a=1 b=22 c"), p.split("x a=1 y b=2 z"))
print(re.split(r"\b", "a b"), re.sub(r"", "-", "abc"), re.sub("x*", "-", "abxd"))
print(re.compile("a" * 300), re.compile(b"(?i)x", re.DEBUG & 0))
print(re.Pattern[str], re.Match[bytes])

# Repetition, backtracking, lookaround, possessive and atomic forms
print(re.match(r"(a|ab)(c|bcd)(d*)", "abcd").groups())
print(re.match(r"(?:a{2,3}){2}", "aaaaaa").group(), re.match(r"a{2,3}?", "aaaa").group())
print(re.search(r"(?<=\$)\d+(?!\.)", "cost $42 or $3.5").group())
print(re.match(r"a++a", "aaa"), re.match(r"(?>a+)b", "aab"), re.match(r"(?:ab)*+c", "ababc"))
print(re.fullmatch(r"(\w+)\s\1", "hey hey"), re.fullmatch(r"(?i)(\w+)\s\1", "Hey HEY"))
print(re.match(r"(a)?(?(1)b|c)", "c").group(), re.findall(r"(a)(?(1)x|y)?", "axay"))
print(len(re.match(r"(?:a|b)*", "ab" * 200000).group()))
print(re.match(r"(x+x+)+y", "x" * 18), re.search(r"\Ay", "x" * 100000))

# IGNORECASE across Unicode: special casings match as CPython's tables say
print(re.match(r"(?i)ß", "ẞ"), re.match(r"(?i)[k]", "\u212a"), re.match(r"(?i)\u0130", "i"))
print(re.findall(r"(?i)[^a-z]", "aZ1é"), re.findall(r"(?a)\w+", "héllo wörld"))
print(re.findall(r"\d", "1١۲"), re.findall(r"(?a)\d", "1١۲"), re.findall(r"\s", "a\u2003b\x1cc"))

# A signal handler that raises stops a long match
def on_alarm(signum, frame):
    raise TimeoutError("interrupted")
signal.signal(signal.SIGALRM, on_alarm)
signal.alarm(1)
try:
    re.match(r"(x+x+)+y", "x" * 40)
    print("finished")
except TimeoutError as e:
    print("TimeoutError:", e)
signal.alarm(0)
