# A __del__ runs before the next change it could observe, also inside hot loops (which Heron
# runs in its fast loop after a few iterations).
class State:
    pass

state = State()
state.count = -1
log = []


class Res:
    def __init__(self, i):
        self.i = i

    def __del__(self):
        log.append((self.i, state.count, len(seen)))


def main():
    global seen
    seen = []
    holders = [Res(i) for i in range(300)]
    for i in range(300):
        holders[i] = None       # the last reference: __del__ is due
        state.count = i         # a store it must not see yet
        seen.append(i)
    print(log[:3], log[-1], len(log))

    log.clear()
    holders = [Res(i) for i in range(300)]
    i = 0
    while i < 300:
        x = holders[i]
        holders[i] = 0
        x = None                # dropped by a store to a local
        state.count = i
        i += 1
    print(log[:3], log[-1], len(log))

    log.clear()
    holders = [Res(i) for i in range(300)]
    acc = []
    for i in range(300):
        holders[i] = i
        acc.append(len(log))    # each finalizer ran before the append
    print(acc[:3], acc[-1])

    log.clear()
    pairs = [(Res(i), i) for i in range(300)]
    total = 0
    for k in range(300):
        r, v = pairs[k]
        pairs[k] = None
        r = None
        total += v
        state.count = k
    print(log[:2], log[-1], total)


main()
