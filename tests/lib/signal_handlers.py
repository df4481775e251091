# signal: Python handlers run at the next instruction boundary (interpreted and compiled), the
# default SIGINT handler raises KeyboardInterrupt, SIG_IGN ignores.
import os
import signal

got = []


def handler(signum, frame):
    got.append(signal.Signals(signum).name)


print(signal.getsignal(signal.SIGINT) is signal.default_int_handler, signal.SIGUSR1, signal.NSIG)
old = signal.signal(signal.SIGUSR1, handler)
print(old == signal.SIG_DFL, signal.getsignal(signal.SIGUSR1) is handler)
os.kill(os.getpid(), signal.SIGUSR1)
for i in range(1000):
    pass
print(got)


def spin(n):
    total = 0
    for i in range(n):
        total += i
        if i == n // 2:
            signal.raise_signal(signal.SIGUSR1)
    return total


print(spin(100000), got)
try:
    os.kill(os.getpid(), signal.SIGINT)
    for i in range(100000):
        pass
    print("not interrupted")
except KeyboardInterrupt:
    print("KeyboardInterrupt")
signal.signal(signal.SIGUSR2, signal.SIG_IGN)
os.kill(os.getpid(), signal.SIGUSR2)
print("ignored", signal.getsignal(signal.SIGUSR2) == signal.SIG_IGN, signal.strsignal(signal.SIGTERM))
for bad in [(0, handler), (signal.SIGUSR1, 5), (signal.SIGKILL, handler)]:
    try:
        signal.signal(*bad)
    except (ValueError, TypeError, OSError) as e:
        print(type(e).__name__, e)


def boom(signum, frame):
    raise RuntimeError("from handler")


signal.signal(signal.SIGUSR1, boom)
try:
    signal.raise_signal(signal.SIGUSR1)
except RuntimeError as e:
    print("caught", e)
print(sorted(signal.valid_signals())[:3], len(signal.valid_signals()) > 30)
