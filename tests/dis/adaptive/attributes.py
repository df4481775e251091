import dis, math

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def move(self, dx):
        self.x = self.x + dx
        return math.floor(self.x) + len([]) + math.pi + self.total

    @property
    def total(self):
        return self.x + self.y

def run(points):
    total = 0
    for p in points:
        total += p.move(1)
    return total

pts = [Point(i, i) for i in range(10)]
for _ in range(5):
    run(pts)
dis.dis(Point.__init__, adaptive=True)
dis.dis(Point.move, adaptive=True)
dis.dis(run, adaptive=True)
