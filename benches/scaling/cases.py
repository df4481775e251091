"""Operations whose cost must grow with the data as CPython's does.

Each case is a function `case(n)` that builds data of size n, then times the operation under
test and returns the seconds it took. Cases that time a fixed number of O(1) (or O(k)) steps
on size-n data should not grow from n to 4n; cases that time n steps (building a string by
`+=`, n writes, n pops) should grow 4x. `run.py` compares each interpreter's growth; this file
runs inside the interpreter under test (`cases.py NAME N` prints the seconds).
"""

import sys
import time

REPS = 20000
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def timed(body, reps=REPS):
    t0 = time.perf_counter()
    body(reps)
    return time.perf_counter() - t0


def scattered_reads(seq):
    """Times REPS reads of single items spread over `seq`."""
    m = len(seq)

    def body(reps):
        for i in range(reps):
            seq[(i * 7919) % m]
    return timed(body)


def scattered_slices(seq):
    """Times REPS three-item slices spread over `seq`."""
    m = len(seq) - 4

    def body(reps):
        for i in range(reps):
            seq[(i * 7919) % m:(i * 7919) % m + 3]
    return timed(body)


# --- str ---------------------------------------------------------------------------------

def nonascii(n):
    return "é" + "abcdefgh" * (n // 8)


@case
def str_index_nonascii(n):
    return scattered_reads(nonascii(n))


@case
def str_small_slice_nonascii(n):
    return scattered_slices(nonascii(n))


@case
def str_reversed_nonascii(n):
    s = nonascii(n)

    def body(reps):
        for _ in range(reps):
            next(reversed(s))
    return timed(body)


@case
def str_find_with_start_nonascii(n):
    s = nonascii(n) + "z"
    start = len(s) - 3

    def body(reps):
        for _ in range(reps):
            s.find("z", start)
            s.rfind("a", start - 8)
            s.index("z", start)
    return timed(body)


@case
def str_startswith_endswith_nonascii(n):
    s = nonascii(n)
    mid = len(s) // 2

    def body(reps):
        for _ in range(reps):
            s.startswith("ab", mid)
            s.endswith("gh", 0, mid)
    return timed(body)


@case
def str_iterate_nonascii(n):
    s = nonascii(n)

    def body(reps):
        for _ in s:
            pass
    return timed(body)


@case
def str_concat_in_function(n):
    def build(count):
        s = ""
        for _ in range(count):
            s += "x"
        return s
    t0 = time.perf_counter()
    build(n * 4)
    return time.perf_counter() - t0


@case
def re_match_at_pos_nonascii(n):
    import re
    pattern = re.compile(r"[a-h]{3}")
    s = nonascii(n)
    mid = len(s) // 2

    def body(reps):
        for i in range(reps):
            pattern.match(s, mid + (i & 7))
    return timed(body)


@case
def json_loads(n):
    import json
    text = json.dumps([{"k": i, "v": "é" * 3} for i in range(n // 16)])
    t0 = time.perf_counter()
    json.loads(text)
    return time.perf_counter() - t0


@case
def json_dumps(n):
    import json
    data = [{"k": i, "v": "é" * 3} for i in range(n // 16)]
    t0 = time.perf_counter()
    json.dumps(data)
    return time.perf_counter() - t0


@case
def stringio_writes(n):
    import io
    buf = io.StringIO()
    t0 = time.perf_counter()
    for _ in range(n):
        buf.write("ab")
    return time.perf_counter() - t0


@case
def bytesio_writes(n):
    import io
    buf = io.BytesIO()
    t0 = time.perf_counter()
    for _ in range(n):
        buf.write(b"ab")
    return time.perf_counter() - t0


# --- bytes and bytearray -----------------------------------------------------------------

@case
def bytes_index(n):
    return scattered_reads(bytes(range(256)) * (n // 256))


@case
def bytearray_index(n):
    return scattered_reads(bytearray(range(256)) * (n // 256))


@case
def bytes_small_slice(n):
    return scattered_slices(bytes(range(256)) * (n // 256))


@case
def bytes_startswith_find_with_start(n):
    b = b"a" * n + b"z"
    start = len(b) - 3

    def body(reps):
        for _ in range(reps):
            b.startswith(b"aa", start - 2)
            b.find(b"z", start)
    return timed(body)


@case
def bytes_hash_repeated(n):
    b = b"q" * n

    def body(reps):
        for _ in range(reps):
            hash(b)
    return timed(body)


@case
def bytearray_del_front(n):
    b = bytearray(n * 2)
    t0 = time.perf_counter()
    for _ in range(REPS):
        del b[0]
    for _ in range(REPS // 10):
        del b[:5]
    return time.perf_counter() - t0


@case
def bytearray_append(n):
    b = bytearray()
    t0 = time.perf_counter()
    for i in range(n):
        b.append(i & 255)
    return time.perf_counter() - t0


@case
def bytes_hex(n):
    b = bytes(range(256)) * (n // 256)
    t0 = time.perf_counter()
    b.hex()
    return time.perf_counter() - t0


# --- containers --------------------------------------------------------------------------

@case
def list_index_append_pop(n):
    xs = list(range(n))

    def body(reps):
        for i in range(reps):
            xs[(i * 7919) % n]
            xs.append(i)
            xs.pop()
    return timed(body)


@case
def dict_get_set(n):
    d = {i: i for i in range(n)}

    def body(reps):
        for i in range(reps):
            d[i % n] = d.get((i * 7919) % n, 0)
    return timed(body)


def drain_by_popitem(d):
    t0 = time.perf_counter()
    while d:
        d.popitem()
    return time.perf_counter() - t0


@case
def dict_popitem_all(n):
    return drain_by_popitem({i: i for i in range(n)})


@case
def ordereddict_popitem_all(n):
    from collections import OrderedDict
    return drain_by_popitem(OrderedDict((i, i) for i in range(n)))


@case
def ordereddict_move_to_end(n):
    from collections import OrderedDict
    d = OrderedDict((i, i) for i in range(n))

    def body(reps):
        for i in range(reps):
            d.move_to_end((i * 7919) % n)
    return timed(body)


@case
def set_membership(n):
    s = set(range(n))

    def body(reps):
        for i in range(reps):
            (i * 7919) in s
    return timed(body)


@case
def deque_rotate_and_ends(n):
    from collections import deque
    d = deque(range(n))

    def body(reps):
        for i in range(reps):
            d.rotate(1)
            d.append(i)
            d.popleft()
    return timed(body)


@case
def heappush_pop(n):
    import heapq
    h = list(range(n))
    heapq.heapify(h)

    def body(reps):
        for i in range(reps):
            heapq.heappush(h, (i * 7919) % n)
            heapq.heappop(h)
    return timed(body)


@case
def sort_presorted(n):
    xs = list(range(n))
    t0 = time.perf_counter()
    xs.sort()
    return time.perf_counter() - t0


@case
def many_live_containers(n):
    t0 = time.perf_counter()
    keep = [[i] for i in range(n)]
    keep2 = [{"k": i} for i in range(n)]
    return time.perf_counter() - t0


@case
def instances_with_attributes(n):
    class Rec:
        def __init__(self, i):
            self.a = i
            self.b = i
            self.c = i
    t0 = time.perf_counter()
    keep = [Rec(i) for i in range(n)]
    return time.perf_counter() - t0


@case
def lru_cache_misses(n):
    import functools

    @functools.lru_cache(maxsize=n)
    def f(x):
        return x
    t0 = time.perf_counter()
    for i in range(n):
        f(i)
    return time.perf_counter() - t0


if __name__ == "__main__":
    name, size = sys.argv[1], int(sys.argv[2])
    print(f"{CASES[name](size):.6f}")
