# A loop in a function entered once moves into compiled code at its header (OSR) with float
# locals unboxed; a value of another kind arriving mid-loop deoptimizes back with the floats
# boxed into the frame, and the loop finishes in the interpreter with the same result.


def main(n):
    zr = 0.0
    zi = 0.0
    count = 0
    scale = 0.5
    for i in range(n):
        zr = zr * 0.999 + scale
        zi = zi * 0.998 - scale * 0.5
        if i == n - 100:
            scale = 1  # an int: still a number, floats stay floats
        if i == n - 50:
            scale = 0.25
        if zr * zr + zi * zi > 4.0:
            count += 1
    return zr, zi, count


print(main(300000))


def main2(n):
    acc = 0.0
    item = 1.0
    for i in range(n):
        if i == n // 2:
            item = 10 ** 30  # a big int: the float guard fails, the interpreter continues
        acc = acc + item * 1e-30
    return acc


print(main2(200000))


def main3(n):
    total = 0
    k = 1
    while k < n:
        total += k
        k += 1
        if k == n - 3:
            total = total * 10 ** 20  # leaves small ints mid-loop
    return total


print(main3(400000))
