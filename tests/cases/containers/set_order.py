seed = 12345
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
for trial in range(60):
    a = set()
    b = set()
    for step in range(rnd(200)):
        op = rnd(10)
        v = rnd(300) * (1 + rnd(3) * 64)
        if op < 5:
            a.add(v)
        elif op < 7:
            a.discard(rnd(300))
        elif op < 8:
            b.add(v)
        elif op == 8 and a:
            a.pop()
        else:
            b.discard(v)
    r = [a | b, a & b, a - b, b - a, a ^ b, b ^ a, a.union(b, [1, 2]), a.intersection(list(b)),
         a.difference(list(b)), a.symmetric_difference(list(b)), set(a), frozenset(b), a.copy(),
         set(list(a)), set(dict.fromkeys(a))]
    c = a.copy(); c |= b; r.append(c)
    c = a.copy(); c &= b; r.append(c)
    c = a.copy(); c -= b; r.append(c)
    c = a.copy(); c ^= b; r.append(c)
    c = a.copy(); c.update(list(b)); r.append(c)
    c = a.copy(); c.difference_update(list(b)); r.append(c)
    c = a.copy(); c.intersection_update(list(b), a); r.append(c)
    c = a.copy(); c.symmetric_difference_update(list(b)); r.append(c)
    print(trial, [list(x) for x in r], hash(frozenset(a)), hash(frozenset(r[0])))
    print([a.pop() for _ in range(min(3, len(a)))], list(a))
