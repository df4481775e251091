# Small dicts made and dropped at a high rate reuse their tables: each new dict must start
# empty, grow, shrink, clear and compare as a fresh one, whatever dict held its table before.


def kwargs(**kw):
    return kw


def run():
    seen = []
    for i in range(300):
        d = kwargs(a=i, b=i + 1)
        assert list(d) == ["a", "b"], d
        d["c"] = [i]
        if i % 3 == 0:
            del d["a"]
        if i % 5 == 0:
            for j in range(10):
                d[j] = j
        if i % 7 == 0:
            d.clear()
            d["z"] = 0
        e = {}
        assert len(e) == 0 and not e
        e.update(d)
        seen.append((len(d), sorted(map(str, d)), e == d))
    print(seen[:8])
    print(seen[-3:])
    # Values held by a dead dict are released with it.
    import weakref

    class Box:
        pass

    refs = []
    for i in range(50):
        b = Box()
        refs.append(weakref.ref(b))
        holder = {"box": b, "n": i}
        del b, holder
    print(sum(r() is None for r in refs))
    # Dicts nested in dicts free their tables while the outer one frees its own.
    outer = None
    for i in range(100):
        outer = {"inner": {"x": {"y": i}}, "n": i}
    print(outer)


run()
