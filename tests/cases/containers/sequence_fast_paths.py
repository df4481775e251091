# The inline paths of subscripting and iteration: list and tuple slices with small or None
# bounds (others take the general path), a slice of a whole tuple is the tuple itself,
# iterating a range of small bounds, and the list forms of BINARY_SUBSCR / STORE_SUBSCR.
l = list(range(10))
t = tuple(l)
print(l[2:5], l[:3], l[7:], l[::2], l[::-1], l[-3:], l[1:-1:3], l[5:2], l[100:], l[-100:2])
print(t[2:5], t[::-3], t[:] is t, t[::1] is t, t[0:10] is t, t[0:100] is t, t[-100:] is t)
print(t[1:] is t, t[::-1] is t, ()[:], t[3:3], t[::-1][::-1] == t)
for bad in (lambda: l[::0], lambda: t[::0], lambda: l["a":], lambda: t[:1.5]):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)


class Index:
    def __index__(self):
        return 2


big = 10**30
print(l[Index():], t[:Index()], l[True:3], l[-big:big], t[big:], l[::big], l[::-big])


class MyList(list):
    def __getitem__(self, key):
        return ("mine", key)


class MyTuple(tuple):
    pass


m = MyList([1, 2, 3])
mt = MyTuple((1, 2, 3))
print(m[1:2], mt[:] is mt, type(mt[:]).__name__, mt[0:2])

# A slice is a new list, independent of its source.
s = l[2:4]
s.append(99)
print(l, s)

for r in (range(0), range(5), range(10, 0, -3), range(-5, 5, 2), range(5, 0),
          range(2**62, 2**62 + 3), range(-2**63, -2**63 + 2), range(0, 10, 10**20),
          range(2**63 - 2, 2**63 + 1), range(10**20, 10**20 + 2)):
    it = iter(r)
    print(list(it), len(r), r, iter(r).__length_hint__())
it = iter(range(0, 10, 3))
next(it)
print(it.__length_hint__(), list(it))

# List subscripts through the quickened forms, then other containers at the same sites.
def reads_and_writes(seqs):
    out = []
    for a in seqs:
        for i in (0, 1, -1, -2):
            try:
                a[i] = a[i] * 2 if not isinstance(a, tuple) else None
            except (IndexError, TypeError) as e:
                out.append(type(e).__name__)
            try:
                out.append(a[i])
            except (IndexError, KeyError) as e:
                out.append(type(e).__name__)
    return out


lists = [[1, 2, 3] for _ in range(40)]
print(reads_and_writes(lists)[-8:])
print(reads_and_writes([[7], [], (1, 2), {0: 1, 1: 2, -1: 3, -2: 4}, MyList([1, 2])]))


class Grows(list):
    def __setitem__(self, i, v):
        super().__setitem__(i, v + 1000)


print(reads_and_writes([[1, 2]] * 30 + [Grows([1, 2])])[-8:])

# Slice bounds whose __index__ changes the list: the length is read after the bounds, as in
# CPython's list_subscript.
victim = list(range(10))


class Shrinks:
    def __index__(self):
        del victim[5:]
        return 8


print(victim[2:Shrinks()], victim)
victim = list(range(10))
print(victim[Shrinks()::-1], victim)
