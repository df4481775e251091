# dict reads and writes with str and small-int keys take a path without Python code; keys of
# the same hash whose equality needs __eq__ still get it, in hot loops and out of them.
class Eq1:
    """Hashes as 1 and equals 1: finds the entry of the int key 1."""
    calls = 0

    def __hash__(self):
        return 1

    def __eq__(self, other):
        Eq1.calls += 1
        return other == 1


class S(str):
    """A str subclass: same hash as its str, equal by str's rules."""


def reads(d, keys, n):
    out = []
    for _ in range(n):
        for k in keys:
            out.append(d.get(k, "-") if k not in d else d[k])
    return out[-len(keys):]


def writes(d, keys, n):
    for i in range(n):
        for k in keys:
            d[k] = i
    return d


d = {1: "one", "a": "A", 2.0: "two"}
print(reads(d, [1, "a", 2, 1.0, True, S("a"), 3, "b"], 50))
print(reads({Eq1(): "eq"}, [1, 2], 30), Eq1.calls > 0)

# An int key meeting an entry of the same hash whose key needs __eq__.
e = {}
e[Eq1()] = "first"
for _ in range(30):
    e[1] = "int"
print(len(e), sorted(v for v in e.values()))

# str keys meeting a str subclass key, and keys that collide in the table.
w = writes({S("k"): 0}, ["k", "j"], 40)
print(w, type(next(iter(w))).__name__)
big = writes({}, list(range(0, 64 * 8, 8)) + [str(i) for i in range(20)], 3)
print(len(big), big[0], big[504], big["19"])

# Reads and writes while __eq__ mutates the dict.
class Mutator:
    def __init__(self, d):
        self.d = d

    def __hash__(self):
        return hash("x")

    def __eq__(self, other):
        self.d["new"] = 1
        return other == "x"


m = {}
m[Mutator(m)] = "mut"
try:
    for _ in range(5):
        m["x"] = 2
    print(sorted(map(str, m.values())))
except RuntimeError as err:
    print("RuntimeError", err)

# Missing keys: KeyError with the key, and __missing__ on a subclass.
def lookup(d, k):
    return d[k]

for _ in range(30):
    try:
        lookup({"a": 1}, "zz")
    except KeyError as err:
        last = err
print(repr(last))


class Default(dict):
    def __missing__(self, key):
        return ("missing", key)


print([lookup(Default(a=1), k) for k in ["a", "b"] * 20][-2:])

# A set whose element's __eq__ adds to the set: the probe goes on in the same table.
class Adder:
    def __init__(self, s):
        self.s = s
        self.n = 0

    def __hash__(self):
        return hash("y")

    def __eq__(self, other):
        self.n += 1
        self.s.add(100 + self.n)
        return other == "y"


st = set()
st.add(Adder(st))
print("y" in st, len(st))
