# Objects freed by the thousand beside a few weakly referenced ones: each weakref sees its
# own referent die (callback and all), whatever was allocated and freed around it.
import weakref

died = []


def gen():
    yield 1


def make_func(k):
    def f():
        return k
    return f


class C:
    def m(self):
        return 1


kinds = {
    "generator": gen,
    "set": lambda: {1, 2},
    "frozenset": lambda: frozenset({3}),
    "function": lambda: make_func(5),
    "bound method": lambda: C().m,
    "instance": C,
}
for name, make in kinds.items():
    churn = [make() for _ in range(2000)]
    target = make()
    r = weakref.ref(target, lambda ref, name=name: died.append(name))
    del churn
    for _ in range(2000):
        make()
    print(name, "alive:", r() is target)
    del target
    print(name, "after del:", r() is None)
print(died)

# Many referents at once, freed in reverse order.
objs = [{i} for i in range(500)]
refs = [weakref.ref(o) for o in objs]
while objs:
    objs.pop()
print(sum(r() is None for r in refs))
