# The oldest generation is collected only when the objects moved into it since its last
# collection exceed a quarter of those it held then (CPython's long_lived_pending /
# long_lived_total): building a large structure costs few full collections, not one per
# 70,000 allocations.
# gc-zeal: skip (counts full collections; millions of containers)
import gc

gc.collect()
before = [s['collections'] for s in gc.get_stats()]
x = [[] for _ in range(2 * 10**6)]
after = [s['collections'] for s in gc.get_stats()]
full = after[2] - before[2]
young = after[0] - before[0]
print('full collections few:', full < 20)
print('young collections ran:', young > 2000)
del x
# Freeing objects never takes generation 0's count below zero.
print('count after freeing:', 0 <= gc.get_count()[0] < 700)
gc.collect()
print(gc.get_count()[0] < 700)
