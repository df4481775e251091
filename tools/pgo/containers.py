"""PGO training: dicts, sets, lists and tuples: building, lookups, unpacking, sorting."""
import sys


def graph(n):
    edges = {}
    for i in range(n):
        edges.setdefault(i % 500, []).append((i * 7) % 500)
    seen = set()
    order = []
    stack = [0]
    while stack:
        v = stack.pop()
        if v in seen:
            continue
        seen.add(v)
        order.append(v)
        for w in edges.get(v, ()):
            if w not in seen:
                stack.append(w)
    return len(order), sum(order[:50])


def records(n):
    rows = [{"id": i, "group": i % 13, "score": (i * 37) % 101, "tags": {i % 3, i % 5}}
            for i in range(n)]
    by_group = {}
    for r in rows:
        g = by_group.get(r["group"])
        if g is None:
            by_group[r["group"]] = g = []
        g.append(r["score"])
    stats = {k: (min(v), max(v), sum(v) / len(v)) for k, v in by_group.items()}
    tagged = sum(1 for r in rows if 2 in r["tags"])
    best = sorted(rows, key=lambda r: (-r["score"], r["id"]))[:3]
    return len(stats), round(stats[3][2], 3), tagged, [r["id"] for r in best]


def grid(n):
    board = [[(x * y) % 4 for x in range(n)] for y in range(n)]
    total = 0
    for y, row in enumerate(board):
        for x, cell in enumerate(row):
            if cell == 0:
                continue
            for dx, dy in ((1, 0), (0, 1), (-1, 0), (0, -1)):
                nx, ny = x + dx, y + dy
                if 0 <= nx < n and 0 <= ny < n and board[ny][nx] == cell:
                    total += 1
    return total


def pairs(n):
    items = [(i % 97, -i) for i in range(n)]
    items.sort()
    a, b = 0, 0
    for x, y in items:
        a, b = b + x, a - y
    counts = {}
    for x, _ in items:
        counts[x] = counts.get(x, 0) + 1
    uniq = set(items[:1000]) | {(1, 2), (3, 4)}
    return a, b, len(counts), len(uniq), tuple(items[:2]) + tuple(items[-2:])


def run(n):
    return graph(n), records(n // 2), grid(int(n ** 0.5) * 2), pairs(n)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 240000
    print(run(n))
