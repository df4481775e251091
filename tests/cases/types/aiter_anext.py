# aiter() and anext(), with and without a default, driven without asyncio.


def run(coro):
    """Drives a coroutine to completion; returns its value (or the exception it raised)."""
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value


def attempt(f):
    try:
        return f()
    except Exception as e:
        return f"{type(e).__name__}: {e}"


class Suspend:
    """An awaitable that suspends once."""

    def __await__(self):
        yield "tick"


async def agen(n):
    for i in range(n):
        await Suspend()
        yield i


# ---- async generator ----


async def consume_agen():
    ag = agen(2)
    it = aiter(ag)
    print("aiter is self:", it is ag)
    print(await anext(it))
    print(await anext(it, "dflt"))
    print(await anext(it, "dflt"))
    print(await anext(it, None))
    try:
        await anext(it)
    except StopAsyncIteration:
        print("StopAsyncIteration without default")
    return "agen done"


print(run(consume_agen()))

ag = agen(1)
aw = anext(ag)
print(type(aw).__name__)
aw2 = anext(ag, 1)
print(type(aw2).__name__)
print(type(aw2).__module__)
print(aw2.__await__() is aw2, iter(aw2) is aw2)
print(hasattr(aw2, "send"), hasattr(aw2, "throw"), hasattr(aw2, "close"))


# ---- a class with __aiter__/__anext__ (coroutine __anext__) ----


class Counter:
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        await Suspend()
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i


async def consume_counter():
    c = Counter(2)
    it = aiter(c)
    print("aiter(Counter) is self:", it is c)
    out = []
    out.append(await anext(it))
    out.append(await anext(it, -1))
    out.append(await anext(it, -1))
    out.append(await anext(it, [1, 2]))
    try:
        await anext(it)
    except StopAsyncIteration:
        out.append("stop")
    return out


print(run(consume_counter()))


# ---- __anext__ returning an object with __await__ ----


class AwaitValue:
    """Its __await__ finishes without suspending."""

    def __init__(self, value, stop=False):
        self.value = value
        self.stop = stop

    def __await__(self):
        if self.stop:
            raise StopAsyncIteration
        return self.value
        yield


class AwaitCached:
    """Its __await__ hands out one iterator, which suspends once."""

    def __init__(self, value):
        self.value = value
        self.it = None

    def __await__(self):
        if self.it is None:
            self.it = self.steps()
        return self.it

    def steps(self):
        yield "suspended"
        if self.value is None:
            raise StopAsyncIteration
        return self.value


class Manual:
    def __init__(self, items, cls=AwaitValue):
        self.items = list(items)
        self.cls = cls

    def __aiter__(self):
        return self

    def __anext__(self):
        if self.items:
            return self.cls(self.items.pop(0))
        return self.cls(None) if self.cls is AwaitCached else self.cls(None, stop=True)


async def consume_manual(cls):
    m = aiter(Manual("ab", cls))
    return [await anext(m, "end") for _ in range(4)]


print(run(consume_manual(AwaitValue)))
print(run(consume_manual(AwaitCached)))


class AwaitFresh:
    """As in CPython 3.11, anext_awaitable calls __await__ again on every step."""

    def __await__(self):
        print("__await__ called")
        yield "suspended"
        return 1


class FreshAnext:
    def __anext__(self):
        return AwaitFresh()


aw = anext(FreshAnext(), "end")
for _ in range(3):
    print(aw.send(None))

# async for still works with the same objects
async def async_for():
    out = []
    async for x in Manual("xyz"):
        out.append(x)
    async for x in agen(3):
        out.append(x)
    return out


print(run(async_for()))


# ---- driving anext_awaitable by hand ----

aw = anext(agen(1), "d")
print(aw.send(None))
try:
    aw.send(None)
except StopIteration as e:
    print("StopIteration value:", e.value)

aw = anext(agen(0), "d")
try:
    aw.__next__()
except StopIteration as e:
    print("exhausted:", e.value, e.args)

aw = anext(agen(0), None)
try:
    aw.__next__()
except StopIteration as e:
    print("default None:", e.value, e.args)

aw = anext(Counter(0), ["t", 1])
print(aw.__next__())
try:
    aw.__next__()
except StopIteration as e:
    print("list default:", e.value)

# reuse of a finished awaitable
aw = anext(agen(0), 5)
print(attempt(lambda: aw.__next__()))
print(attempt(lambda: aw.__next__()))

aw = anext(Counter(0), 5)
print(aw.__next__())
print(attempt(lambda: aw.__next__()))
print(attempt(lambda: aw.__next__()))


# ---- exceptions other than StopAsyncIteration propagate ----


async def failing():
    await Suspend()
    raise ValueError("boom")
    yield 1


async def consume_failing():
    try:
        await anext(failing(), "dflt")
    except ValueError as e:
        return f"ValueError {e}"


print(run(consume_failing()))


class BadAnext:
    def __aiter__(self):
        return self

    async def __anext__(self):
        raise KeyError("k")


async def consume_bad():
    try:
        await anext(BadAnext(), 0)
    except KeyError as e:
        return f"KeyError {e}"


print(run(consume_bad()))


class RaisingAnext:
    def __anext__(self):
        raise RuntimeError("from __anext__ itself")


print(attempt(lambda: anext(RaisingAnext())))


class NotAwaitable:
    def __aiter__(self):
        return self

    def __anext__(self):
        return 42


aw = anext(NotAwaitable(), 0)
print(type(aw).__name__)
print(attempt(lambda: aw.__next__()))


# ---- throw / close ----

aw = anext(agen(2), "d")
print(aw.send(None))
print(attempt(lambda: aw.throw(ValueError("thrown"))))
print(attempt(lambda: aw.send(None)))


async def catcher():
    while True:
        try:
            await Suspend()
            yield "value"
        except ValueError as e:
            print("caught", e)
            return


aw = anext(catcher(), "after-throw")
print(aw.send(None))
print(attempt(lambda: aw.throw(ValueError, ValueError("v"))))

aw = anext(catcher(), "x")
print(aw.send(None))
print(attempt(lambda: aw.throw(KeyError("k"))))

aw = anext(Counter(3), "c")
print(aw.send(None))
print(attempt(lambda: aw.throw(TypeError("into coroutine"))))

aw = anext(agen(2), "d")
print(aw.send(None))
print(aw.close())
print(attempt(lambda: aw.send(None)))

aw = anext(Counter(3), "c")
print(aw.send(None))
print(aw.close())
print(attempt(lambda: aw.send(None)))

print(attempt(lambda: anext(agen(1), 0).send()))


# ---- TypeErrors ----

print(attempt(lambda: aiter(1)))
print(attempt(lambda: aiter([1, 2])))


class BadAiter:
    def __aiter__(self):
        return 5


print(attempt(lambda: aiter(BadAiter())))


class IterOnly:
    def __aiter__(self):
        return iter([])


print(attempt(lambda: aiter(IterOnly())))
print(attempt(lambda: anext(1)))
print(attempt(lambda: anext(iter([1]))))
print(attempt(lambda: anext(1, 2)))
print(attempt(lambda: aiter()))
print(attempt(lambda: aiter(1, 2)))
print(attempt(lambda: anext()))
print(attempt(lambda: anext(1, 2, 3)))
print(attempt(lambda: anext(agen(1), default=2)))
print(attempt(lambda: aiter(async_iterable=agen(1))))


class AnextNone:
    __anext__ = None


print(attempt(lambda: anext(AnextNone())))


class AiterNone:
    __aiter__ = None


print(attempt(lambda: aiter(AiterNone())))


class Meta:
    def __aiter__(self):
        return Counter(1)


c = aiter(Meta())
print(type(c).__name__)
print(run(anext(c, "m")), run(anext(c, "m")))

print(aiter.__name__, anext.__name__)
print(type(aiter).__name__)
