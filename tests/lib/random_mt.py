# random from CPython's Lib over the native _random: seeded sequences identical to CPython's.
import random
random.seed(12345)
print([random.random() for _ in range(3)], random.randint(1, 100), random.getrandbits(70), random.choice("abcdef"))
random.seed("a string seed")
print(random.random(), random.sample(range(100), 5))
random.seed(b"bytes")
print(random.uniform(1, 2), random.gauss(0, 1), random.randrange(0, 1000, 7))
r = random.Random(42)
st = r.getstate()
a = [r.random() for _ in range(3)]
r.setstate(st)
print(a == [r.random() for _ in range(3)], r.shuffle([1, 2, 3]) is None)
x = list(range(10))
random.Random(7).shuffle(x)
print(x, random.Random(-3).random() == random.Random(3).random(), random.Random(0).getrandbits(0))
print(isinstance(random.SystemRandom().random(), float), random.Random(2**100).random())
