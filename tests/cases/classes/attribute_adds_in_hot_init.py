# Attributes added by a hot __init__ (STORE_ATTR_ADD with its cached child shape): every
# instance ends with the right names, values and order, whichever branch added them.
class P:
    def __init__(self, i):
        self.a = i
        if i % 3 == 0:
            self.b = i * 2
        else:
            self.c = -i
        self.d = (i, i)

ps = [P(i) for i in range(40)]
print([sorted(vars(p)) for p in ps[:3]])
print([list(vars(p)) for p in ps[:3]])
print(sum(p.a + getattr(p, "b", 0) + getattr(p, "c", 0) for p in ps))

# The same names in another order make other shapes; a deleted attribute moves an instance
# to a dict; a class changed while the loop is hot still gets the stores right.
class Q:
    def __init__(self, first):
        if first:
            self.x = 1
            self.y = 2
        else:
            self.y = 2
            self.x = 1

qs = [Q(i % 2 == 0) for i in range(30)]
print(sorted({tuple(vars(q)) for q in qs}))
del qs[0].x
qs[0].z = 3
print(vars(qs[0]), vars(qs[1]))

class R:
    def __init__(self, v):
        self.v = v
        self.w = v + 1

for i in range(30):
    r = R(i)
    if i == 15:
        R.w = property(lambda self: 99, lambda self, value: None)
print(vars(r), r.w)

# Subclass instances share the call site.
class S(R):
    pass
rs = [(R if i % 2 else S)(i) for i in range(20)]
print([type(x).__name__ + str(sorted(vars(x))) for x in rs[:4]])
