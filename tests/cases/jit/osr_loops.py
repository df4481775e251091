# Hot loops entered once move into compiled code mid-loop (on-stack replacement).
def main():
    total = 0
    i = 0
    while i < 200000:
        total = (total + i * 7) & 0xFFFFF
        i += 1
    evens = 0
    for j in range(100000):
        if j % 2 == 0:
            evens += 1
        if j == 99990:
            break
    else:
        evens = -1
    acc = []
    for k in [3, 1, 4, 1, 5, 9, 2, 6]:
        acc.append(k * k)
    nested = 0
    for a in range(300):
        b = 0
        while b < 300:
            nested += (a ^ b) & 3
            b += 1
    return total, evens, acc, nested


print(main())
count = 0
for n in range(50000):
    count += n & 1
print(count)
