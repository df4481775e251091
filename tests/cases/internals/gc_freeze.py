# gc.freeze() moves every tracked object to a permanent generation that collections leave
# alone; unfreeze() hands them back to the oldest generation.
# gc-zeal: skip (prints which generation objects are in, which collections change)
import gc
import _weakref


class Node:
    pass


def make_cycle():
    n = Node()
    n.me = n
    return _weakref.ref(n)


gc.collect()
print("frozen at start", gc.get_freeze_count())
r = make_cycle()
gc.freeze()
print("frozen some", gc.get_freeze_count() > 0)
print("count after freeze", gc.get_count()[0])
gc.collect()
print("cycle survives while frozen", r() is not None)
print("frozen objects are not listed", not any(o is r() for o in gc.get_objects()))
print("but still tracked", gc.is_tracked(r()))
gc.unfreeze()
print("frozen after unfreeze", gc.get_freeze_count())
print("back in the oldest generation", any(o is r() for o in gc.get_objects(2)))
gc.collect()
print("cycle collected after unfreeze", r() is None)

r2 = make_cycle()
print("new objects in generation 0", any(o is r2() for o in gc.get_objects(0)))
print("not in generation 2", not any(o is r2() for o in gc.get_objects(2)))
print("-1 lists every generation", any(o is r2() for o in gc.get_objects(-1)))
for bad in (3, -2):
    try:
        gc.get_objects(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    gc.get_objects("0")
except TypeError as e:
    print("TypeError:", e)
for f in (gc.freeze, gc.unfreeze, gc.get_freeze_count, gc.get_stats):
    try:
        f(1)
    except TypeError as e:
        print("TypeError:", e)

print("debug flags", gc.get_debug())
gc.set_debug(gc.DEBUG_UNCOLLECTABLE)
print("debug flags", gc.get_debug())
gc.set_debug(0)
print("debug flags", gc.get_debug())
