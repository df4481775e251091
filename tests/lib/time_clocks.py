# The time module's clock functions: clock_gettime/_ns, clock_getres, clock_settime/_ns,
# thread_time/_ns, pthread_getcpuclockid, the CLOCK_* constants and get_clock_info. Output is
# types, comparisons and errors, never raw times.
import _thread
import threading
import time


def attempt(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except BaseException as e:
        print("  ", type(e).__name__, e, getattr(e, "errno", "-"))
    else:
        print("  ", "ok", type(r).__name__)


def burn(seconds_of_cpu):
    # Busy work until `seconds_of_cpu` of this thread's CPU time has passed (bounded by wall
    # time too, so a starved machine cannot hang the test).
    start_cpu = time.thread_time()
    start_wall = time.monotonic()
    n = 0
    while time.thread_time() - start_cpu < seconds_of_cpu and time.monotonic() - start_wall < 10:
        for i in range(1000):
            n += i * i
    return n


print("constants")
for name in sorted(n for n in dir(time) if n.startswith("CLOCK_")):
    print("  ", name, getattr(time, name), type(getattr(time, name)).__name__)

print("clock_gettime / clock_gettime_ns on each clock")
for name in ["CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_MONOTONIC_RAW", "CLOCK_BOOTTIME",
             "CLOCK_TAI", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID"]:
    clk = getattr(time, name)
    f = time.clock_gettime(clk)
    ns = time.clock_gettime_ns(clk)
    f2 = time.clock_gettime(clk)
    ns2 = time.clock_gettime_ns(clk)
    res = time.clock_getres(clk)
    print("  ", name, type(f).__name__, type(ns).__name__, type(res).__name__,
          f >= 0, ns > 0, 0 < res <= 0.01)
    if name != "CLOCK_REALTIME" and name != "CLOCK_TAI":
        print("     non-decreasing:", f2 >= f, ns2 >= ns)

print("agreement with the time functions")
print("  ", abs(time.clock_gettime(time.CLOCK_REALTIME) - time.time()) < 5)
print("  ", abs(time.clock_gettime_ns(time.CLOCK_REALTIME) - time.time_ns()) < 5 * 10**9)
print("  ", abs(time.clock_gettime(time.CLOCK_MONOTONIC) - time.monotonic()) < 5)
print("  ", abs(time.clock_gettime_ns(time.CLOCK_MONOTONIC) - time.monotonic_ns()) < 5 * 10**9)
print("  ", abs(time.clock_gettime(time.CLOCK_MONOTONIC) - time.perf_counter()) < 5)
t0 = time.clock_gettime(time.CLOCK_PROCESS_CPUTIME_ID)
p0 = time.process_time()
print("  ", abs(t0 - p0) < 5)
print("   integral ns of a float clock:", time.clock_gettime_ns(time.CLOCK_MONOTONIC) % 1 == 0)

print("thread_time")
a = time.thread_time()
a_ns = time.thread_time_ns()
print("  ", type(a).__name__, type(a_ns).__name__, a >= 0, a_ns >= 0)
print("   thread clock agrees:",
      abs(time.clock_gettime(time.CLOCK_THREAD_CPUTIME_ID) - time.thread_time()) < 5)

print("CPU clocks advance with work")
p1 = time.process_time()
p1_ns = time.process_time_ns()
t1 = time.thread_time()
t1_ns = time.thread_time_ns()
burn(0.05)
p2 = time.process_time()
p2_ns = time.process_time_ns()
t2 = time.thread_time()
t2_ns = time.thread_time_ns()
print("   process_time:", p2 > p1, p2 - p1 >= 0.02)
print("   process_time_ns:", p2_ns > p1_ns, p2_ns - p1_ns >= 20_000_000)
print("   thread_time:", t2 > t1, t2 - t1 >= 0.02)
print("   thread_time_ns:", t2_ns > t1_ns, t2_ns - t1_ns >= 20_000_000)
print("   thread time within process time:", t2 - t1 <= (p2 - p1) + 0.01)

print("CPU clocks stay still in sleep")
t3 = time.thread_time()
time.sleep(0.05)
t4 = time.thread_time()
print("  ", t4 - t3 < 0.04)

print("monotonicity")
vals = [time.monotonic() for _ in range(200)]
print("   monotonic:", all(x <= y for x, y in zip(vals, vals[1:])))
vals = [time.thread_time_ns() for _ in range(200)]
print("   thread_time_ns:", all(x <= y for x, y in zip(vals, vals[1:])))
vals = [time.clock_gettime_ns(time.CLOCK_MONOTONIC_RAW) for _ in range(200)]
print("   CLOCK_MONOTONIC_RAW:", all(x <= y for x, y in zip(vals, vals[1:])))

print("pthread_getcpuclockid")
clk = time.pthread_getcpuclockid(threading.get_ident())
print("  ", type(clk).__name__, clk < 0, clk == time.pthread_getcpuclockid(_thread.get_ident()))
print("   same as main_thread:", clk == time.pthread_getcpuclockid(threading.main_thread().ident))
c1 = time.clock_gettime(clk)
burn(0.02)
c2 = time.clock_gettime(clk)
print("   thread clock advances:", c2 > c1, type(c1).__name__)
print("   close to thread_time:", abs(time.clock_gettime(clk) - time.thread_time()) < 1)
print("   resolution:", 0 < time.clock_getres(clk) <= 0.01)
attempt(time.pthread_getcpuclockid)
attempt(time.pthread_getcpuclockid, "x")
attempt(time.pthread_getcpuclockid, 1.5)
attempt(time.pthread_getcpuclockid, threading.get_ident(), 1)

print("get_clock_info")
for name in ["time", "monotonic", "perf_counter", "process_time", "thread_time"]:
    info = time.get_clock_info(name)
    print("  ", name, info.implementation, info.monotonic, info.adjustable,
          type(info.resolution).__name__, 0 < info.resolution <= 0.01)
info = time.get_clock_info("thread_time")
print("  ", info.resolution == time.clock_getres(time.CLOCK_THREAD_CPUTIME_ID))
attempt(time.get_clock_info, "thread")
attempt(time.get_clock_info, 1)

print("argument errors")
attempt(time.clock_gettime)
attempt(time.clock_gettime, 1, 2)
attempt(time.clock_gettime, "x")
attempt(time.clock_gettime, 1.0)
attempt(time.clock_gettime, 2**31)
attempt(time.clock_gettime, -2**31 - 1)
attempt(time.clock_gettime, 2**64)
attempt(time.clock_gettime, True)
attempt(time.clock_gettime, clk_id=1)
attempt(time.clock_gettime_ns)
attempt(time.clock_gettime_ns, "x")
attempt(time.clock_gettime_ns, clk_id=1)
attempt(time.clock_getres)
attempt(time.clock_getres, 1.5)
attempt(time.thread_time, 1)
attempt(time.thread_time_ns, 1)
attempt(time.thread_time, x=1)
attempt(time.thread_time_ns, x=1)


class Index:
    def __index__(self):
        return time.CLOCK_MONOTONIC


print("   __index__ clock id:", type(time.clock_gettime(Index())).__name__)

print("bad clock ids are OSError(EINVAL)")
for bad in [12345, -1, 999]:
    attempt(time.clock_gettime, bad)
    attempt(time.clock_gettime_ns, bad)
    attempt(time.clock_getres, bad)

print("clock_settime (only calls the system refuses: EINVAL)")
attempt(time.clock_settime, time.CLOCK_MONOTONIC, 0)
attempt(time.clock_settime, time.CLOCK_MONOTONIC, 1.5)
attempt(time.clock_settime, time.CLOCK_MONOTONIC, -1.5)
attempt(time.clock_settime, time.CLOCK_MONOTONIC, 2**33)
attempt(time.clock_settime, 12345, 0)
attempt(time.clock_settime, time.CLOCK_THREAD_CPUTIME_ID, 0)
attempt(time.clock_settime_ns, time.CLOCK_MONOTONIC, 0)
attempt(time.clock_settime_ns, time.CLOCK_MONOTONIC, -10)
attempt(time.clock_settime_ns, 12345, 5)
attempt(time.clock_settime_ns, time.CLOCK_MONOTONIC, True)
print("clock_settime argument errors")
attempt(time.clock_settime, 1)
attempt(time.clock_settime, 1, 2, 3)
attempt(time.clock_settime, time.CLOCK_MONOTONIC, "x")
attempt(time.clock_settime, time.CLOCK_MONOTONIC, None)
attempt(time.clock_settime, time.CLOCK_MONOTONIC, float("nan"))
attempt(time.clock_settime, time.CLOCK_MONOTONIC, float("inf"))
attempt(time.clock_settime, time.CLOCK_MONOTONIC, 1e300)
attempt(time.clock_settime, time.CLOCK_MONOTONIC, 2**62)
attempt(time.clock_settime, time.CLOCK_MONOTONIC, 2**63)
attempt(time.clock_settime, "x", 0)
attempt(time.clock_settime, time.CLOCK_MONOTONIC, time=0)
attempt(time.clock_settime_ns, time.CLOCK_MONOTONIC, 0.5)
attempt(time.clock_settime_ns, time.CLOCK_MONOTONIC, "5")
attempt(time.clock_settime_ns, time.CLOCK_MONOTONIC, 2**63)
attempt(time.clock_settime_ns, time.CLOCK_MONOTONIC)
attempt(time.clock_settime_ns, time.CLOCK_MONOTONIC, time=0)
try:
    time.clock_settime(time.CLOCK_MONOTONIC, 0)
except OSError as e:
    print("   subclass:", type(e).__name__, e.errno, e.strerror, e.filename)
