# Comparisons followed by a conditional jump (one superinstruction in the interpreter): native
# answers, rich comparisons returning arbitrary objects, errors in the comparison and in the
# truth test of its result, and loops whose back edge is the jump.
import traceback


def count_below(n):
    i = 0
    total = 0
    while i < n:
        if i % 3 == 0:
            total += i
        i += 1
    return total


print(count_below(1000))

nan = float("nan")
print([x for x in [1.0, nan, 2.5, -1.0] if x > 0], nan == nan, nan != nan)
print([s for s in ["b", "a", "c"] if s >= "b"])


class Weird:
    def __init__(self, truth):
        self.truth = truth

    def __bool__(self):
        if self.truth is None:
            raise ValueError("no truth")
        return self.truth


class Cmp:
    def __init__(self, result):
        self.result = result

    def __lt__(self, other):
        return self.result

    def __eq__(self, other):
        if self.result == "raise":
            raise RuntimeError("eq raised")
        return self.result


for r in [Weird(True), Weird(False), 0, 1, "", "x", [], [0]]:
    if Cmp(r) < 5:
        print("taken", type(r).__name__)
    else:
        print("not taken", type(r).__name__)


def truth_error():
    c = Cmp(Weird(None))
    if c < 1:
        return "taken"
    return "not taken"


try:
    truth_error()
except ValueError as e:
    tb = traceback.extract_tb(e.__traceback__)
    print("ValueError:", e, [(f.name, f.line) for f in tb])


def compare_error():
    c = Cmp("raise")
    while c == 3:
        pass


try:
    compare_error()
except RuntimeError as e:
    tb = traceback.extract_tb(e.__traceback__)
    print("RuntimeError:", e, [(f.name, f.line) for f in tb])

try:
    if 1 < "a":
        pass
except TypeError as e:
    print("TypeError:", e)


# A loop whose condition is tested at the bottom (the jump goes backward).
def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


print([collatz(n) for n in range(1, 30)])
print(sum(1 for a in range(50) for b in range(50) if a * b > 600 and a != b))
