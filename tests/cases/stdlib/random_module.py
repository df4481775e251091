import random
for s in [0, 1, 42, 2**32, 2**64 + 5, -7, 3.5, "abc", b"\x00\xff", 123456789012345678901234567890]:
    random.seed(s)
    print(repr(s)[:20], random.random(), random.getrandbits(33), random.randrange(3, 1000, 5), random.randint(-5, 5))
    lst = list(range(12)); random.shuffle(lst); print(lst, random.sample(range(1000), 4), random.sample("abcdefgh", 8))
    print(random.choices("xyz", cum_weights=[1, 5, 6], k=5), random.choice([10, 20, 30]), random.randbytes(5))
    print(random.getrandbits(0), random.getrandbits(32), random.getrandbits(64), random.randrange(10**25))
r = random.Random(99)
st = r.getstate()
x = [r.random() for _ in range(700)]
r.setstate(st)
print(x == [r.random() for _ in range(700)], len(st[1]), st[0])
print(random.Random("x").random() == random.Random("x").random())
for bad in [lambda: random.choice([]), lambda: random.randrange(0), lambda: random.randrange(5, 5), lambda: random.sample([1, 2], 3), lambda: random.getrandbits(-1), lambda: random.randrange(1, 5, 0)]:
    try:
        bad()
    except (ValueError, IndexError) as e:
        print(type(e).__name__, e)
