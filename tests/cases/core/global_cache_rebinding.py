# LOAD_GLOBAL's inline cache holds while only values change, and notices added, removed
# and shadowing names.
import builtins

counter = 0


def read_counter():
    return counter


def read_len(s):
    return len(s)


seen = []
for i in range(40):
    counter = i * 3          # a value replaced: the cache must read the new one
    seen.append(read_counter())
print(seen[:5], seen[-1])

print([read_len("abc") for _ in range(3)])
len = lambda s: -1           # a global now shadows the builtin
print(read_len("abc"))
del len                      # and is gone again
print(read_len("abcd"))

del counter
try:
    read_counter()
except NameError as e:
    print("NameError:", e)
counter = "back"
print(read_counter())

# Many globals added after the cache filled: the table grows, entries move.
for k in range(50):
    globals()[f"g{k}"] = k
counter = "again"
print(read_counter(), g49)

old = builtins.abs
builtins.abs = lambda x: "patched"


def use_abs():
    return abs(-3)


print(use_abs())
builtins.abs = old
print(use_abs())
for j in range(5):
    counter = j
print(read_counter())
