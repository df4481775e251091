from collections import namedtuple, deque, OrderedDict, defaultdict, Counter, ChainMap
P = namedtuple("P", "x, y", rename=False)
R = namedtuple("R", ["a", "def", "a", "_b"], rename=True)
print(R._fields, P(1, y=2), P(*range(2)) == P(0, 1), P(1, 2)._replace(y=5), P._field_defaults)
for bad in [("1a", "x"), ("T", "x x"), ("T", "_x"), ("T", "class")]:
    try:
        namedtuple(*bad)
    except ValueError as e:
        print(e)
try:
    P(1, 2)._replace(z=1)
except ValueError as e:
    print(e)
try:
    P._make([1])
except TypeError as e:
    print(e)
print(P(1, 2)._asdict(), P.__name__, P.x.__doc__, repr(P(x=[1], y="s")), hash(P(1, 2)) == hash((1, 2)))
d = deque(range(10), maxlen=5)
print(d, d.maxlen, d[-2], list(reversed(d)))
d.extendleft("ab"); print(d)
d.insert(2, "z") if len(d) < 5 else print("full")
e = deque([1, 2, 3]); e.insert(1, 9); e.rotate(5); print(e, e == deque([2, 1, 9, 3]), e < deque([3]))
e *= 2; print(e, len(e), deque() == deque([]), deque("ab") != deque("ab"))
try:
    deque([1]).index(5)
except ValueError as err:
    print(err)
try:
    deque([1])[3]
except IndexError as err:
    print(err)
x = deque([1]); x.append(x); print(x)
od = OrderedDict.fromkeys("abc", 0); od["a"] = 5; od.move_to_end("a"); print(od, list(reversed(od)), od.copy())
print(OrderedDict(), OrderedDict(b=1) | {"a": 2}, od != OrderedDict(reversed(list(od.items()))))
try:
    OrderedDict().popitem()
except KeyError as err:
    print("KeyError", err)
dd = defaultdict(lambda: "?"); dd["a"]; print(sorted(dd.items()), dd.copy()["a"], repr(defaultdict(None)))
c = Counter(a=2, b=-1, c=0)
print(c, +c, -c, list(c.elements()), c.total(), Counter("aabbbc").most_common(0), Counter("hello").most_common())
c.update(["a", "b"]); c.subtract(a=1); print(c, Counter(a=1) <= Counter(a=2), Counter(a=1) == Counter(a=1, b=0))
c2 = Counter("abc"); c2 += Counter("aab"); print(c2); c2 -= Counter("a"); print(c2); c2 |= Counter(c=5); print(c2); c2 &= Counter(a=1, c=2); print(c2)
cm = ChainMap({"a": 1}, {"b": 2, "a": 3})
print(cm, cm.get("b"), cm.get("z", 0), "b" in cm, list(cm), cm.parents, cm.new_child())
try:
    del cm["b"]
except KeyError as err:
    print(err)
print(isinstance(deque(), deque), issubclass(OrderedDict, dict), issubclass(Counter, dict))
