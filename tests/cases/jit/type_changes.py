# A function hot on small ints, later called with floats, strings, big ints and lists.
def add3(a, b):
    return a + b + b


def less(a, b):
    return a < b


total = 0
for i in range(3000):
    total = add3(total, i) % 1000003
print(total)
print(add3(1.5, 2.25), add3("ab", "c"), add3(2 ** 62, 2 ** 62), add3([1], [2]))
print(add3(True, 1), add3(-(2 ** 62), -1))
print(less(1, 2), less(2.5, 1), less("a", "b"), less(2 ** 70, 3))
try:
    add3(1, "x")
except TypeError as e:
    print("TypeError:", e)
