# _signal beyond handlers: interval timers, the thread's signal mask, waiting for signals,
# pthread_kill, pidfd_send_signal, struct_siginfo and argument checking.
import os
import signal
import threading
import warnings

import _signal


def show(f, *args):
    try:
        r = f(*args)
    except Exception as e:
        print("  ", type(e).__name__, e)
    else:
        print("  ->", r)


print("constants")
for name in ["ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF", "SIG_BLOCK", "SIG_UNBLOCK",
             "SIG_SETMASK", "SIGCLD"]:
    print(name, getattr(_signal, name), hasattr(signal, name))
print(signal.SIGCLD == signal.SIGCHLD, signal.Signals(signal.SIGCLD))
for name in ["setitimer", "getitimer", "pthread_sigmask", "sigpending", "sigwait",
             "sigwaitinfo", "sigtimedwait", "pthread_kill", "pidfd_send_signal",
             "struct_siginfo", "ItimerError"]:
    print(name, hasattr(_signal, name), hasattr(signal, name))

print("ItimerError")
E = signal.ItimerError
print(E, E is _signal.ItimerError, E.__name__, E.__module__, issubclass(E, OSError))
print([c.__name__ for c in E.__mro__])

print("setitimer / getitimer")
print(signal.getitimer(signal.ITIMER_REAL))
signal.signal(signal.SIGALRM, lambda n, f: print("unexpected SIGALRM"))
# The interval comes back as set (rounded up to microseconds); the delay is counting down.
for interval in [0.25, 1e-7, 1.0000004, 2, 0, 3.5e-6, True]:
    signal.setitimer(signal.ITIMER_REAL, 100, interval)
    delay, back = signal.getitimer(signal.ITIMER_REAL)
    print(repr(interval), back, 99 < delay <= 100, type(delay).__name__)
old = signal.setitimer(signal.ITIMER_REAL, 0)
print("old interval", old[1], 99 < old[0] <= 100)
print(signal.setitimer(signal.ITIMER_REAL, 0))
print(signal.getitimer(signal.ITIMER_VIRTUAL), signal.getitimer(signal.ITIMER_PROF))
signal.setitimer(signal.ITIMER_PROF, 50, 0.5)
print(signal.getitimer(signal.ITIMER_PROF)[1])
print(signal.setitimer(signal.ITIMER_PROF, 0)[1])

print("setitimer errors")
show(signal.setitimer, signal.ITIMER_REAL, "x")
show(signal.setitimer, signal.ITIMER_REAL, None)
show(signal.setitimer, signal.ITIMER_REAL, float("nan"))
show(signal.setitimer, signal.ITIMER_REAL, 1e300)
show(signal.setitimer, signal.ITIMER_REAL, 10**30)
show(signal.setitimer, signal.ITIMER_REAL, -1)
show(signal.setitimer, signal.ITIMER_REAL, -0.5)
show(signal.setitimer, signal.ITIMER_REAL, 1, -1)
show(signal.setitimer, signal.ITIMER_REAL, 1, "y")
show(signal.setitimer, signal.ITIMER_REAL)
show(signal.setitimer, 0, 1, 2, 3)
show(signal.setitimer, "a", 1)
show(signal.setitimer, 1.5, 1)
show(signal.setitimer, 99, 1)
show(signal.setitimer, -1, 0)
show(signal.setitimer, 2**31, 1)
show(signal.getitimer, 99)
show(signal.getitimer)
show(signal.getitimer, "a")
try:
    signal.getitimer(-1)
except signal.ItimerError as e:
    print("ItimerError caught", e.errno, e.strerror, isinstance(e, OSError))
print(signal.getitimer(signal.ITIMER_REAL))


class Alarm(Exception):
    pass


def raise_alarm(signum, frame):
    raise Alarm(signum)


def spin():
    i = 0
    while True:
        i += 1


def spin_range():
    x = 0
    for i in range(10**12):
        x = (x + i) & 0xFFFF
    return x


def spin_calls():
    def f(a):
        return a + 1
    n = 0
    while True:
        n = f(n)


print("timers interrupt Python loops")
signal.signal(signal.SIGALRM, raise_alarm)
for k in range(3):
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    try:
        spin()
    except Alarm as e:
        print("caught", k, e.args == (signal.SIGALRM,))
signal.setitimer(signal.ITIMER_REAL, 0.02, 0.02)
try:
    spin_range()
except Alarm:
    print("caught periodic")
signal.setitimer(signal.ITIMER_REAL, 0)
signal.setitimer(signal.ITIMER_REAL, 0.05)
try:
    spin_calls()
except Alarm:
    print("caught in calls")
signal.signal(signal.SIGVTALRM, raise_alarm)
signal.setitimer(signal.ITIMER_VIRTUAL, 0.05)
try:
    spin()
except Alarm as e:
    print("caught virtual", e.args == (signal.SIGVTALRM,))
signal.signal(signal.SIGPROF, raise_alarm)
signal.setitimer(signal.ITIMER_PROF, 0.05)
try:
    spin_range()
except Alarm as e:
    print("caught prof", e.args == (signal.SIGPROF,))
print(signal.getitimer(signal.ITIMER_REAL), signal.getitimer(signal.ITIMER_VIRTUAL),
      signal.getitimer(signal.ITIMER_PROF))

print("pthread_sigmask")
got = []
signal.signal(signal.SIGUSR1, lambda n, f: got.append(n))
signal.signal(signal.SIGUSR2, lambda n, f: got.append(n))
old = signal.pthread_sigmask(signal.SIG_BLOCK, [])
print(old, type(old).__name__)
old = signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1, signal.SIGUSR2])
print(old)
old = signal.pthread_sigmask(signal.SIG_BLOCK, [])
print(sorted(old), [type(s).__name__ for s in sorted(old)])
print(sorted(_signal.pthread_sigmask(signal.SIG_BLOCK, ())), "(native ints)")
os.kill(os.getpid(), signal.SIGUSR1)
print("after kill", got, sorted(signal.sigpending()))
print(sorted(_signal.sigpending()), type(_signal.sigpending()).__name__)
old = signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
print("unblocked", got, sorted(old), signal.sigpending())
old = signal.pthread_sigmask(signal.SIG_SETMASK, [signal.SIGUSR1])
print(sorted(old), sorted(signal.pthread_sigmask(signal.SIG_SETMASK, [])))
print(signal.pthread_sigmask(signal.SIG_SETMASK, []))
got.clear()
# SIGKILL and SIGSTOP cannot be blocked.
signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
blocked = signal.pthread_sigmask(signal.SIG_SETMASK, [])
print(signal.valid_signals() - blocked)
print(len(blocked))
print(signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1: 1}.keys()))
print(signal.pthread_sigmask(signal.SIG_UNBLOCK, iter([signal.SIGUSR1])))

print("pthread_sigmask errors")
show(signal.pthread_sigmask, signal.SIG_BLOCK, [0])
show(signal.pthread_sigmask, signal.SIG_BLOCK, [signal.NSIG])
show(signal.pthread_sigmask, signal.SIG_BLOCK, [-3])
show(signal.pthread_sigmask, signal.SIG_BLOCK, [10**30])
show(signal.pthread_sigmask, signal.SIG_BLOCK, ["a"])
show(signal.pthread_sigmask, signal.SIG_BLOCK, [1.0])
show(signal.pthread_sigmask, signal.SIG_BLOCK, 5)
show(signal.pthread_sigmask, 1700, [])
show(signal.pthread_sigmask, signal.SIG_BLOCK)
show(signal.pthread_sigmask, "a", [])
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    print(signal.pthread_sigmask(signal.SIG_BLOCK, [32, 33]))
for item in w:
    print(item.category.__name__, item.message)
with warnings.catch_warnings():
    warnings.simplefilter("error")
    show(signal.pthread_sigmask, signal.SIG_BLOCK, [32])
print(signal.pthread_sigmask(signal.SIG_BLOCK, []))
show(signal.sigpending, 1)

# Signals sent to the process (os.kill) are waited for with a timeout, so that a wrong
# delivery shows as a difference rather than a hang.
print("sigwait")
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1, signal.SIGUSR2])
signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)
r = signal.sigwait([signal.SIGUSR1, signal.SIGUSR2])
print(r, type(r).__name__, _signal.SIGUSR1 == r, got, signal.sigpending())
signal.raise_signal(signal.SIGUSR2)
r = _signal.sigwait({signal.SIGUSR2})
print(r, type(r).__name__)
show(signal.sigwait, [0])
show(signal.sigwait)

print("sigwaitinfo")
os.kill(os.getpid(), signal.SIGUSR1)
si = signal.sigtimedwait([signal.SIGUSR1], 5)
print(si is not None, got)
if si is None:
    si = signal.struct_siginfo((0,) * 7)
print(type(si).__name__, type(si).__module__, isinstance(si, tuple), len(si))
print(si.si_signo, si.si_code, si.si_errno, si.si_pid == os.getpid(),
      si.si_uid == os.getuid(), si.si_status == os.getuid())
print(si[0] == si.si_signo, si[3] == si.si_pid, si[:2])
print(signal.struct_siginfo is _signal.struct_siginfo, signal.struct_siginfo.n_fields,
      signal.struct_siginfo.n_sequence_fields, signal.struct_siginfo.n_unnamed_fields)
print(repr(signal.struct_siginfo((1, 2, 3, 4, 5, 6, 7))))
print(signal.struct_siginfo.__doc__)
print(signal.struct_siginfo.__name__, signal.struct_siginfo.__module__)
signal.pthread_kill(threading.get_ident(), signal.SIGUSR2)
si = signal.sigwaitinfo([signal.SIGUSR2])
print("tkill", si.si_signo, si.si_code, si.si_pid == os.getpid())
os.kill(os.getpid(), signal.SIGUSR1)
print(sorted(signal.sigpending()))
si = signal.sigtimedwait([signal.SIGUSR1], 5)
print(si and si.si_signo)
signal.raise_signal(signal.SIGUSR2)
print(signal.sigwaitinfo([signal.SIGUSR2]).si_signo)
show(signal.sigwaitinfo, [65])
show(signal.sigwaitinfo, 1)

print("sigtimedwait")
print(signal.sigtimedwait([signal.SIGUSR1], 0))
print(signal.sigtimedwait([signal.SIGUSR1], 0.01))
print(signal.sigtimedwait([signal.SIGUSR1], 1e-9))
os.kill(os.getpid(), signal.SIGUSR1)
si = signal.sigtimedwait([signal.SIGUSR1], 5)
print(si and (si.si_signo, si.si_code))
os.kill(os.getpid(), signal.SIGUSR2)
si = signal.sigtimedwait([signal.SIGUSR1, signal.SIGUSR2], 5)
print(si and si.si_signo, got)
show(signal.sigtimedwait, [signal.SIGUSR1], -1)
show(signal.sigtimedwait, [signal.SIGUSR1], -1e-10)
show(signal.sigtimedwait, [signal.SIGUSR1], float("nan"))
show(signal.sigtimedwait, [signal.SIGUSR1], "1")
show(signal.sigtimedwait, [signal.SIGUSR1])
show(signal.sigtimedwait, [signal.SIGUSR1], 10**30)
# A handled signal interrupting the wait runs its handler; its exception ends the wait.
signal.signal(signal.SIGALRM, raise_alarm)
signal.setitimer(signal.ITIMER_REAL, 0.05)
try:
    signal.sigtimedwait([signal.SIGUSR1], 3)
except Alarm:
    print("sigtimedwait interrupted")
# A handler that returns lets the wait go on to its end.
signal.signal(signal.SIGALRM, lambda n, f: got.append(n))
signal.setitimer(signal.ITIMER_REAL, 0.02)
print(signal.sigtimedwait([signal.SIGUSR1], 0.1), got)
got.clear()
print(signal.sigpending())
print(sorted(signal.pthread_sigmask(signal.SIG_SETMASK, [])))

print("pthread_kill")
signal.signal(signal.SIGUSR1, lambda n, f: got.append(("handler", n)))
signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)
print(got)
got.clear()
print(signal.pthread_kill(threading.get_ident(), 0))
signal.signal(signal.SIGUSR1, raise_alarm)
try:
    signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)
except Alarm as e:
    print("raised from handler", e.args == (signal.SIGUSR1,))
show(signal.pthread_kill, threading.get_ident(), 1000)
show(signal.pthread_kill, threading.get_ident(), -1)
show(signal.pthread_kill, 1.0, 0)
show(signal.pthread_kill, "1", 0)
show(signal.pthread_kill, threading.get_ident())
show(signal.pthread_kill, threading.get_ident(), 2**40)

print("pidfd_send_signal")
show(signal.pidfd_send_signal, -1, 0)
show(signal.pidfd_send_signal, -1, signal.SIGUSR1, None, 0)
show(signal.pidfd_send_signal, 0, 0, 1)
show(signal.pidfd_send_signal, 0, 0, {})
show(signal.pidfd_send_signal, 0)
show(signal.pidfd_send_signal, 0, 0, None, 0, 5)
show(signal.pidfd_send_signal, "a", 0)
r, w = os.pipe()
show(signal.pidfd_send_signal, r, 0)
os.close(r)
os.close(w)
pidfd_open = getattr(os, "pidfd_open", None)
if pidfd_open is not None:
    fd = pidfd_open(os.getpid())
    signal.pidfd_send_signal(fd, 0)
    try:
        signal.pidfd_send_signal(fd, 0, None, 12345)
    except OSError as e:
        assert e.errno == 22
    os.close(fd)
print("pidfd done")

print("set_wakeup_fd")
show(signal.set_wakeup_fd)
show(lambda: signal.set_wakeup_fd(signum=signal.SIGINT))
show(signal.set_wakeup_fd, signal.SIGINT, False)
show(lambda: signal.set_wakeup_fd(-1, x=1))
show(signal.set_wakeup_fd, "a")
show(signal.set_wakeup_fd, -5)
show(lambda: signal.set_wakeup_fd(-1, warn_on_full_buffer=False))
r, w = os.pipe()
try:
    signal.set_wakeup_fd(r)
except ValueError as e:
    print(str(e).replace(str(r), "R"))
os.set_blocking(r, False)
print(signal.set_wakeup_fd(r, warn_on_full_buffer=False), signal.set_wakeup_fd(-1) == r)
os.close(r)
os.close(w)
show(signal.set_wakeup_fd, r)

print("signal number checks")
show(signal.signal, 0, signal.SIG_DFL)
show(signal.getsignal, signal.NSIG)
show(signal.strsignal, -1)
show(signal.raise_signal, 65)
show(signal.siginterrupt, 0, 1)
print(signal.getsignal(signal.SIGCLD) == signal.getsignal(signal.SIGCHLD))
print("done")
