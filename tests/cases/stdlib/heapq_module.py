import heapq, random
random.seed(3)
for trial in range(30):
    data = [random.randrange(20) for _ in range(random.randrange(30))]
    pairs = [(x, str(i)) for i, x in enumerate(data)]
    h = list(pairs); heapq.heapify(h); print(h)
    for n in (0, 1, 2, 5, 40):
        print(heapq.nlargest(n, pairs, key=lambda p: p[0]), heapq.nsmallest(n, iter(data)), heapq.nlargest(n, iter(data)))
    h2 = []
    for p in pairs: heapq.heappush(h2, p)
    print(h2, heapq.heappushpop(h2, (5, 'x')), h2)
    print(list(heapq.merge(sorted(data), sorted(data[:5]), key=lambda v: -v if False else v)), list(heapq.merge(sorted(data, reverse=True), [3, 2], reverse=True)))
