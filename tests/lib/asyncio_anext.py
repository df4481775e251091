# anext() with and without a default under asyncio's event loop.
import asyncio


async def ticker(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


class Countdown:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        await asyncio.sleep(0)
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


async def main():
    ag = ticker(2)
    print(await anext(ag))
    print(await anext(ag, "done"))
    print(await anext(ag, "done"))
    try:
        await anext(ag)
    except StopAsyncIteration:
        print("StopAsyncIteration")
    it = aiter(Countdown(2))
    print([await anext(it, "done") for _ in range(3)])
    results = await asyncio.gather(anext(ticker(1), "x"), anext(ticker(0), "y"))
    print(results)
    try:
        await asyncio.wait_for(anext(ticker(5), "z"), timeout=1)
        print("wait_for ok")
    except asyncio.TimeoutError:
        print("timeout")
    task = asyncio.ensure_future(anext(Countdown(0), "task default"))
    print(await task)


asyncio.run(main())
