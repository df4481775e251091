# A store that drops the last reference runs __del__ at once; compiled code (OSR-entered
# loops included) must see what the finalizer rebinds.
class D:
    def __del__(self):
        global limit
        limit = 3


limit = 3000


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


class Bump:
    def __init__(self, k):
        self.k = k

    def __del__(self):
        global total, step
        total += self.k
        step = self.k


total = 0
step = 1


def churn():
    # Each iteration frees the previous object: its __del__ runs before the next read of
    # `total` / `step`.
    seen = []
    b = None
    for i in range(2500):
        b = Bump(i)
        if i % 500 == 0:
            seen.append((total, step))
    b = None
    return seen, total


print(churn())


def del_statement():
    # `del` of the last reference, and the global read right after it.
    global limit
    limit = 2000
    count = 0
    i = 0
    while i < limit:
        if i == 5:
            d = D()
            del d
        count += 1
        i += 1
    return count, limit


print(del_statement())


def in_expression():
    # A temporary freed inside an expression: the finalizer runs before the next statement.
    global limit
    limit = 2000
    out = 0
    i = 0
    while i < limit:
        if i == 7:
            D()
        out += 1
        i += 1
    return out


print(in_expression())


class Holder:
    pass


def attribute_store():
    global limit
    limit = 2000
    h = Holder()
    h.d = D()
    i = 0
    while i < limit:
        if i == 3:
            h.d = 0
        i += 1
    return i


print(attribute_store())


def subscript_store():
    global limit
    limit = 2000
    box = [D()]
    i = 0
    while i < limit:
        if i == 4:
            box[0] = None
        i += 1
    return i


print(subscript_store())
