total = 0
for i in range(10):
    if i == 3:
        continue
    if i > 7:
        break
    total += i
else:
    total = -1

n = 5
while n > 0:
    n -= 1
    if n == 2:
        break
else:
    print("done")
