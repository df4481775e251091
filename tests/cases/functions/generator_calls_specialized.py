# Calls of generator and coroutine functions from hot loops (CALL_PY_GENERATOR): cells,
# methods, a replaced __code__, a wrong argument count, recursion and coroutines.
import asyncio


def countdown(n):
    while n:
        yield n
        n -= 1


def with_cells(a, b):
    def inner():
        return a + b
    yield inner()
    a += 10
    yield inner()


class Tree:
    def __init__(self, value, kids=()):
        self.value, self.kids = value, kids

    def walk(self):
        yield self.value
        for k in self.kids:
            yield from k.walk()


def perms(items):
    if len(items) <= 1:
        yield tuple(items)
        return
    for i in range(len(items)):
        for rest in perms(items[:i] + items[i + 1:]):
            yield (items[i],) + rest


total = 0
cells = []
for i in range(200):
    total += sum(countdown(i % 7))
    cells.extend(with_cells(i, 1))
print(total, cells[:4], len(cells))

t = Tree(1, (Tree(2, (Tree(3),)), Tree(4)))
print([list(t.walk()) for _ in range(50)][-1])
print(len(list(perms([1, 2, 3, 4, 5]))), next(perms("abc")))


def replaced(n):
    yield "old"


for _ in range(30):
    list(replaced(1))
replaced.__code__ = countdown.__code__
print(list(replaced(3)))

for _ in range(30):
    list(countdown(2))
try:
    countdown(1, 2)
except TypeError as e:
    print("TypeError:", e)


async def add(a, b):
    await asyncio.sleep(0)
    return a + b


async def main():
    results = []
    for i in range(40):
        results.append(await add(i, 1))
    coro = add(1, 2)
    coro.close()
    return sum(results)


print(asyncio.run(main()))


def deep(n):
    if n:
        yield from deep(n - 1)
    else:
        yield "bottom"


print(list(deep(300)))
