import weakref
class D:
    def __del__(self):
        global limit
        limit = 3
limit = 1000
def run():
    d = D()
    n = 0
    i = 0
    while i < limit:
        if i == 1:
            d = None
        n += 1
        i += 1
    return n
print(run())
items = list(range(1000))
class E:
    def __del__(self):
        items.clear()
def run2():
    e = E()
    c = 0
    for x in items:
        if x == 2:
            e = None
        c += 1
    return c
print(run2())
