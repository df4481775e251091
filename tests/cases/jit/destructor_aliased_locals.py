# A finalizer runs at the instruction after the last reference goes, also in compiled code,
# where the compiler knows a decref cannot free an object another local still holds.
log = []


class Tracked:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        log.append(self.n)


def aliased(rounds):
    seen = []
    for i in range(rounds):
        a = Tracked(i)
        b = a
        a = None
        seen.append(len(log))      # b still holds it: nothing finalized yet
        b = None
        seen.append(len(log))      # finalized before this line runs
        c = Tracked(-i)
        c = c                      # rebinding a local to itself keeps it alive
        seen.append(len(log))
        del c
        seen.append(len(log))
    return seen


def in_list(rounds):
    seen = []
    for i in range(rounds):
        items = [Tracked(i), 1.5]
        x = items[0]
        items[0] = 2.5             # the list's reference goes; x keeps the object
        seen.append(len(log))
        x = items[1] * 2.0         # now the last reference goes
        seen.append(len(log))
    return seen


for f in (aliased, in_list):
    log.clear()
    out = f(3000)
    bad = [k for k in range(0, len(out), 2) if out[k + 1] != out[k] + 1]
    print(f.__name__, len(log), out[:8], "mismatches:", len(bad))
