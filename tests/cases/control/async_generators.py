# Async generators and coroutines in detail: asend/athrow/aclose, finally blocks that await,
# errors that cross awaits, break/continue/return in async for, hooks, misuse errors.
import sys
import types


class Tick:
    def __await__(self):
        return (yield "tick")


def run(coro, sends=()):
    """Drives coro to completion; every suspension is recorded."""
    log = []
    sends = list(sends)
    value = None
    while True:
        try:
            req = coro.send(value)
        except StopIteration as e:
            log.append(("done", e.value))
            return log
        except Exception as e:
            log.append(("raised", type(e).__name__, str(e)))
            return log
        log.append(req)
        value = sends.pop(0) if sends else None


async def counter(n):
    try:
        for i in range(n):
            got = yield i
            if got is not None:
                print("  agen got", got)
            await Tick()
    finally:
        print("  cleanup start")
        await Tick()
        print("  cleanup end")


async def use_asend():
    g = counter(5)
    print("first", await g.asend(None))
    print("second", await g.asend("hello"))
    print("athrow ->", end=" ")
    try:
        await g.athrow(ValueError("stop"))
    except ValueError as e:
        print("ValueError", e)
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("after athrow: exhausted")
    return "ok"


print(run(use_asend()))


async def use_aclose():
    g = counter(10)
    async for v in g:
        if v == 2:
            break
    await g.aclose()
    await g.aclose()
    return "closed"


print(run(use_aclose()))


async def loop_control():
    out = []
    async for v in counter(6):
        if v % 2:
            continue
        if v == 4:
            return out
        out.append(v)


print(run(loop_control()))


async def bad_gen():
    yield 1
    raise StopAsyncIteration


async def bad_gen2():
    yield 1
    raise StopIteration


async def show_errors():
    for maker in (bad_gen, bad_gen2):
        try:
            async for v in maker():
                pass
        except RuntimeError as e:
            print("RuntimeError:", e, type(e.__cause__).__name__)
    try:
        await 5
    except TypeError as e:
        print("TypeError:", e)
    try:
        async for x in [1, 2]:
            pass
    except TypeError as e:
        print("TypeError:", e)
    try:
        async with object():
            pass
    except TypeError as e:
        print("TypeError:", e)


run(show_errors())


class Manager:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    async def __aenter__(self):
        await Tick()
        print("enter", self.name)
        return self

    async def __aexit__(self, typ, exc, tb):
        await Tick()
        print("exit", self.name, typ.__name__ if typ else None)
        return self.suppress


async def managers():
    async with Manager("a") as a, Manager("b", suppress=True) as b:
        print("body", a.name, b.name)
        raise KeyError("k")
    try:
        async with Manager("c"):
            raise KeyError("not suppressed")
    except KeyError as e:
        print("propagated", e)
    for i in range(3):
        async with Manager(f"loop{i}"):
            if i == 1:
                break
    return "managers done"


print(run(managers()))


async def inner():
    await Tick()
    raise IndexError("deep")


async def outer():
    try:
        await inner()
    except IndexError as e:
        print("outer caught", e)
    coro = inner()
    try:
        coro.throw(OSError("thrown in"))
    except OSError as e:
        print("throw before start:", e)
    return sum([await one(i) for i in range(4)])


async def one(i):
    await Tick()
    return i


print(run(outer()))

c = outer()
print(c.cr_running, c.cr_await, type(c.cr_frame).__name__, c.cr_code.co_name)
c.send(None)
print(type(c.cr_await).__name__)
c.close()
print(c.cr_frame)

hooks = []
old = sys.get_asyncgen_hooks()
sys.set_asyncgen_hooks(firstiter=lambda g: hooks.append(g.__name__))
print(run(use_aclose()), hooks)
sys.set_asyncgen_hooks(*old)
print(sys.get_asyncgen_hooks() == old)

print(isinstance(counter(1), types.AsyncGeneratorType), types.CoroutineType.__name__)
g = counter(1)
print(type(g.__anext__()).__name__, type(g.aclose()).__name__, g.ag_running)


async def awaits_twice():
    t = Tick()
    return [await t, await t]


print(run(awaits_twice(), sends=["x", "y"]))
