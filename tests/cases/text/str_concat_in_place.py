# `s += t` on a str nothing else refers to grows it in place; every other reference must keep
# seeing the old value.

def build(n):
    s = ""
    for i in range(n):
        s += str(i % 10)
    return s

r = build(1000)
print(len(r), r[:12], r[-5:], hash(r) == hash("".join(str(i % 10) for i in range(1000))))

def plus_form(n):
    s = "é"
    for _ in range(n):
        s = s + "ab"
    return s

p = plus_form(50)
print(len(p), p[:5], p[-3:], p.find("b"), p[50], p.count("ab"))

CONST = "const"

def from_constant():
    s = CONST
    s += "!"
    return s

print(from_constant(), CONST, from_constant())

def aliases():
    s = "x" * 3
    t = s
    s += "y"
    lst = [s]
    s += "z"
    return s, t, lst

print(aliases())

def dict_key():
    d = {}
    s = "k" * 2
    d[s] = 1
    s += "z"
    s += "w"
    return s, list(d), d.get("kk"), d.get("kkz")

print(dict_key())

def hashed_then_grown():
    s = "ab" * 3
    h1 = hash(s)
    s += "c"
    return hash(s) == hash("abababc"), h1 == hash("ababab")

print(hashed_then_grown())

def indexed_then_grown():
    s = "€" * 300
    first = s[150]
    s += "x€"
    return first, s[299], s[300], s[301], len(s), s[-2:]

print(indexed_then_grown())

def surrogates():
    s = "a\udc80"
    s += "b"
    t = "ok"
    t += "\udcff"
    return ascii(s), ascii(t), len(s), len(t)

print(surrogates())

class Sub(str):
    def __radd__(self, other):
        return "radd:" + str.__add__(other, self)

def subclass():
    s = "left"
    s += Sub("right")
    return s

print(subclass())

def in_loop_with_identity():
    s = "start"
    for i in range(5):
        s += "."
    return s

print(in_loop_with_identity())

def interned_names():
    s = "name"
    s += "d"
    return s, s == "named", {s: 1}["named"]

print(interned_names())
