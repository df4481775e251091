# A function whose global keeps changing deopts until it is recompiled without speculation.
SCALE = 1


def scaled(x):
    return x * SCALE + OFFSET


OFFSET = 0
total = 0
for i in range(3000):
    SCALE = i % 7
    total += scaled(i)
    if i % 1000 == 0:
        OFFSET += 1
print(total, SCALE, OFFSET)


def reads_builtin(items):
    return max(items) - min(items)


print(sum(reads_builtin([i, i * 3, 5]) for i in range(500)))
