# A function far past the JIT's size bound stays in the interpreter (compiling it would take
# seconds); it must still run, and so must smaller functions around it.
y = 1
n = 3000
lines = ["def f():"]
for i in range(n):
    lines.append(f"    x{i} = {i} + y")
lines.append(f"    return x0 + x{n - 1}")
ns = {"y": y}
exec("\n".join(lines), ns)
print(ns["f"]())
print(ns["f"]())


def small(k):
    total = 0
    for i in range(k):
        total += i
    return total


print(small(3000))
