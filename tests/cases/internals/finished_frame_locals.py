# The frame object of a finished function keeps its locals.


def f():
    x = 1
    y = [x]

    def g():
        return y
    1 / 0


try:
    f()
except Exception as e:
    fr = e.__traceback__.tb_next.tb_frame
    loc = fr.f_locals
    print(sorted(loc), loc["x"], loc["y"], loc is fr.f_locals)
    print(e.__traceback__.tb_frame.f_locals is globals())


def h(n):
    a = n * 2
    raise ValueError(n)


for i in range(40):
    try:
        h(i)
    except ValueError as e:
        if i % 10 == 0:
            print(e.__traceback__.tb_next.tb_frame.f_locals)


def gen():
    z = "in gen"
    yield 1
    raise KeyError(z)


try:
    list(gen())
except KeyError as e:
    tb = e.__traceback__
    while tb.tb_next:
        tb = tb.tb_next
    print(tb.tb_frame.f_locals)
