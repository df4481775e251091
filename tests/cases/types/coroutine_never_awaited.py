# A coroutine freed without ever being awaited is reported with a RuntimeWarning, as CPython's
# finalizer does; one that ran or was closed is not.
import asyncio
import gc
import warnings


async def f():
    print("never runs")


async def g():
    return 5


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    f()
    gc.collect()
    print(asyncio.run(g()))
    c = g()
    c.close()
    del c
    gc.collect()
    print([str(w.message) for w in caught], [w.category.__name__ for w in caught])

with warnings.catch_warnings():
    warnings.simplefilter("error")
    f()  # the RuntimeWarning is an error: reported as unraisable on stderr, not raised here
    gc.collect()
print("end")
