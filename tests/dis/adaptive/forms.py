import dis

def kernel(xs, pairs, d, n):
    total = 0
    f = 0.5
    s = ''
    for i in range(n):
        total = total + i * 2
        f = f * 1.5 - f
        f = (f + 0.25) / 2.0 + f * 2
        s = s + 'x'
    for x in xs:
        total += xs[0] + len(xs)
        xs[1] = x
    for a, b in pairs:
        d['k'] = d['k'] + a
    a, b, c = xs
    for v in gen(2):
        total += v
    xs.append(type(total) is int and isinstance(total, int))
    xs.pop()
    return helper(total, f)

def helper(a, b):
    return a

def gen(n):
    for i in range((n)):
        yield i

class Point:
    SCALE = 2

    def __init__(self, x):
        self.x = x

    def get(self):
        return self.x

def methods(p):
    m = p.get
    return m() + p.get() + abs(-1) + p.SCALE

for _ in range(40):
    kernel([1, 2, 3], [(1, 2), (3, 4)], {'k': 0}, 3)
    methods(Point(1))
dis.dis(kernel, adaptive=True)
dis.dis(methods, adaptive=True)
