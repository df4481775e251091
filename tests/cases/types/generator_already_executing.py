# Re-entering a running generator, coroutine or async generator; throw()'s arguments.


def show(label, fn):
    try:
        r = fn()
        print(label, "ok", r)
    except Exception as e:
        print(label, type(e).__name__, e)


def g():
    show("close", lambda: me.close())
    show("send", lambda: me.send(None))
    show("next", lambda: next(me))
    show("throw", lambda: me.throw(ValueError))
    yield 1


me = g()
next(me)


async def c():
    show("coroutine close", lambda: co.close())
    show("coroutine send", lambda: co.send(None))
    show("coroutine throw", lambda: co.throw(ValueError))


co = c()
show("run", lambda: co.send(None))


async def ag():
    show("aclose", lambda: a.aclose().send(None))
    show("asend", lambda: a.asend(None).send(None))
    show("anext", lambda: a.__anext__().send(None))
    show("athrow", lambda: a.athrow(ValueError).send(None))
    yield 1


a = ag()
show("async run", lambda: a.__anext__().send(None))


def h():
    yield 1


show("throw no args", lambda: h().throw())
show("throw 4 args", lambda: h().throw(1, 2, 3, 4))
show("throw int", lambda: h().throw(1))
show("throw bad tb", lambda: h().throw(ValueError, None, 5))
show("throw instance and value", lambda: h().throw(ValueError(), 1))
show("throw value tuple", lambda: h().throw(ValueError, (1, 2)))
show("throw value", lambda: h().throw(ValueError, 3))
show("throw instance", lambda: h().throw(KeyError("k")))
