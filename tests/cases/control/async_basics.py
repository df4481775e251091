# async def, await, async for/with, async comprehensions and async generators, driven by a
# hand-written event loop (no asyncio).
import sys

class Sleep:
    def __init__(self, v): self.v = v
    def __await__(self):
        got = yield ("sleep", self.v)
        return got

async def add(a, b):
    x = await Sleep(a)
    return x + b

async def main():
    r = await add(1, 2)
    print("r", r)
    try:
        await add("a", 1)
    except TypeError as e:
        print("caught", e)
    return "done"

def run(coro):
    value = None
    while True:
        try:
            req = coro.send(value)
        except StopIteration as e:
            return e.value
        value = req[1] * 10

c = main()
print(type(c).__name__, c.__name__, c.__qualname__)
print(run(c))
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError", e)

class AIter:
    def __init__(self, n): self.n = n; self.i = 0
    def __aiter__(self): return self
    async def __anext__(self):
        if self.i >= self.n: raise StopAsyncIteration
        self.i += 1
        return self.i

class ACM:
    async def __aenter__(self):
        print("enter"); return "cm"
    async def __aexit__(self, *a):
        print("exit", a[0].__name__ if a[0] else None); return True

async def agen(n):
    for i in range(n):
        await Sleep(i)
        yield i * i

async def main2():
    out = []
    async for v in AIter(3):
        out.append(v)
    else:
        out.append("else")
    print(out)
    async with ACM() as x:
        print("in", x)
        raise ValueError("boom")
    print("after with")
    print([v async for v in agen(4)])
    print([await add(i, 1) for i in range(3)])
    g = agen(2)
    print(await g.__anext__(), await g.asend(None))
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("exhausted")
    ag = agen(5)
    async for v in ag:
        if v > 3: break
    await ag.aclose()
    print("closed", ag.ag_running)
    gen = (i async for i in agen(3))
    print(type(gen).__name__, [x async for x in gen])

print(run(main2()))
async def noop(): pass
co = noop()
print(repr(co)[:24])
try:
    iter(co)
except TypeError as e:
    print(e)
co.close()
def g(): yield from noop()
try:
    list(g())
except TypeError as e:
    print(e)
