# `with` blocks in compiled code: __enter__/__exit__ on the normal path; an exception in the
# body leaves for the interpreter, which runs __exit__ through the exception table.


class Tracker:
    def __init__(self, log, swallow=False):
        self.log = log
        self.swallow = swallow

    def __enter__(self):
        self.log.append("enter")
        return len(self.log)

    def __exit__(self, typ, val, tb):
        self.log.append(("exit", typ.__name__ if typ else None))
        return self.swallow


def run(n):
    log = []
    total = 0
    for i in range(n):
        with Tracker(log) as k:
            total += k
    with Tracker(log, swallow=True):
        raise ValueError("swallowed")
    try:
        with Tracker(log):
            1 / 0
    except ZeroDivisionError as e:
        log.append(str(e))
    return total, log


print(run(3))


def not_a_manager():
    with 42:
        pass


try:
    not_a_manager()
except TypeError as e:
    print("TypeError:", e)
