# select.epoll: creation, register/modify/unregister, poll with timeouts, edge-triggered
# and one-shot watching, errors, fromfd, the context manager, the constants, and
# selectors' EpollSelector on top of it.
import os
import select
import selectors
import socket
import time


def show(label, f):
    try:
        print(label, f())
    except Exception as e:
        errno = getattr(e, "errno", None)
        print(label, type(e).__name__, e if errno is None else errno)


def events(ep, timeout=0):
    return sorted(ep.poll(timeout))


def names(mask):
    bits = [n for n in ("EPOLLIN", "EPOLLPRI", "EPOLLOUT", "EPOLLERR", "EPOLLHUP",
                        "EPOLLRDHUP") if mask & getattr(select, n)]
    return "|".join(bits) or "0"


# The constants
for name in ("EPOLLIN", "EPOLLOUT", "EPOLLPRI", "EPOLLERR", "EPOLLHUP", "EPOLLET",
             "EPOLLONESHOT", "EPOLLEXCLUSIVE", "EPOLLRDHUP", "EPOLLRDNORM",
             "EPOLLRDBAND", "EPOLLWRNORM", "EPOLLWRBAND", "EPOLLMSG", "EPOLL_CLOEXEC"):
    print(name, getattr(select, name))

# Creating
ep = select.epoll()
print(type(ep).__name__, type(ep).__module__, ep.closed, ep.fileno() > 2)
print("cloexec", not os.get_inheritable(ep.fileno()))
ep.close()
print("closed", ep.closed, ep.close())
for args, kw in [((), {}), ((5,), {}), ((-1,), {}), ((), {"sizehint": 10}),
                 ((), {"flags": select.EPOLL_CLOEXEC}), ((0,), {}), ((-2,), {}),
                 ((1, 1), {}), ((1.5,), {}), ((2 ** 40,), {})]:
    def make():
        e = select.epoll(*args, **kw)
        e.close()
        return "ok"
    show(f"epoll{args}{kw}", make)
try:
    class Sub(select.epoll):
        pass
except TypeError as e:
    print("subclass", type(e).__name__, "not an acceptable base type" in str(e))

# Pipes: register, poll, modify, unregister
r, w = os.pipe()
ep = select.epoll()
ep.register(r, select.EPOLLIN)
ep.register(w, select.EPOLLOUT)
print("empty pipe", [(fd == r and "r" or "w", names(m)) for fd, m in events(ep)])
os.write(w, b"data")
print("after write", [(fd == r and "r" or "w", names(m)) for fd, m in events(ep)])
ep.modify(w, select.EPOLLIN)
print("w watched for input", [(fd == r and "r" or "w", names(m)) for fd, m in events(ep)])
ep.unregister(w)
os.read(r, 100)
print("drained", events(ep))
t0 = time.monotonic()
print("timeout 0.05", ep.poll(0.05), time.monotonic() - t0 >= 0.04)
print("timeout 0", ep.poll(0), "timeout -0.0001", ep.poll(-0.0001))
print("keywords", ep.poll(timeout=0, maxevents=1))
os.write(w, b"x")
print("maxevents 1", [(fd == r, names(m)) for fd, m in ep.poll(timeout=1, maxevents=1)])
os.read(r, 1)
print("None with data", end=" ")
os.write(w, b"y")
print([(fd == r, names(m)) for fd, m in ep.poll(None)])
os.read(r, 1)
print("negative with data", end=" ")
os.write(w, b"z")
print([(fd == r, names(m)) for fd, m in ep.poll(-1)])
os.read(r, 1)
os.close(w)
print("writer closed", [(fd == r, names(m)) for fd, m in events(ep)])
ep.close()
os.close(r)

# Errors
ep = select.epoll()
r, w = os.pipe()
ep.register(r)
show("register twice", lambda: ep.register(r))
show("modify unknown", lambda: ep.modify(w, select.EPOLLIN))
show("unregister unknown", lambda: ep.unregister(w))
show("register bad fd", lambda: ep.register(9999))
show("register -1", lambda: ep.register(-1))
show("register str", lambda: ep.register("x"))
show("register huge", lambda: ep.register(2 ** 40))
show("mask float", lambda: ep.register(w, 1.0))
show("mask 2**64+4", lambda: (ep.register(w, 2 ** 64 + select.EPOLLOUT), ep.unregister(w)))
show("mask -1", lambda: ep.register(w, -1))
show("modify no mask", lambda: ep.modify(r))
show("register no fd", lambda: ep.register())
show("poll maxevents 0", lambda: ep.poll(0, 0))
show("poll maxevents -2", lambda: ep.poll(0, -2))
show("poll timeout str", lambda: ep.poll("1"))
show("poll timeout nan", lambda: ep.poll(float("nan")))
show("poll timeout 1e30", lambda: ep.poll(1e30))
show("poll timeout 3e6", lambda: ep.poll(3e6))
show("poll too many", lambda: ep.poll(0, 1, 2))
show("exit too many", lambda: ep.__exit__(1, 2, 3, 4))
ep.unregister(r)
ep.close()
for name, call in [("fileno", lambda: ep.fileno()), ("register", lambda: ep.register(r)),
                   ("modify", lambda: ep.modify(r, 1)), ("unregister", lambda: ep.unregister(r)),
                   ("poll", lambda: ep.poll(0)), ("__enter__", lambda: ep.__enter__())]:
    show("closed " + name, call)
ep = select.epoll()
os.close(w)
show("register closed fd", lambda: ep.register(w))
ep.close()


# Objects with fileno()
class Wrapper:
    def __init__(self, fd):
        self.fd = fd

    def fileno(self):
        return self.fd


ep = select.epoll()
ep.register(Wrapper(r), select.EPOLLIN)
ep.modify(Wrapper(r), select.EPOLLIN | select.EPOLLOUT)
print("wrapper", [(fd == r, names(m)) for fd, m in events(ep)])
ep.unregister(Wrapper(r))
ep.close()
os.close(r)

# A socket pair: edge-triggered and one-shot
a, b = socket.socketpair()
a.setblocking(False)
b.setblocking(False)
ep = select.epoll()
ep.register(a, select.EPOLLIN | select.EPOLLET)
b.send(b"one")
print("ET first", [names(m) for fd, m in events(ep)])
print("ET again, nothing new", events(ep))
b.send(b"two")
print("ET new data", [names(m) for fd, m in events(ep)])
print("ET read", a.recv(100))
ep.modify(a, select.EPOLLIN | select.EPOLLONESHOT)
b.send(b"three")
print("oneshot first", [(fd == a.fileno(), names(m)) for fd, m in events(ep)])
b.send(b"four")
print("oneshot disarmed", events(ep))
ep.modify(a, select.EPOLLIN | select.EPOLLONESHOT)
print("oneshot rearmed", [(fd == a.fileno(), names(m)) for fd, m in events(ep)])
print("read", a.recv(100))
ep.modify(a, select.EPOLLIN | select.EPOLLRDHUP)
b.close()
print("peer closed", [names(m) for fd, m in events(ep)])
ep.close()
a.close()

# fromfd and the context manager
with select.epoll() as ep:
    print("with", ep.closed, ep.__enter__() is ep)
    ep2 = select.epoll.fromfd(ep.fileno())
    print("fromfd same fd", ep2.fileno() == ep.fileno())
    r, w = os.pipe()
    ep2.register(w, select.EPOLLOUT)
    print("seen through the original", [(fd == w, names(m)) for fd, m in events(ep)])
    ep.unregister(w)
    os.close(r)
    os.close(w)
print("after with", ep.closed)
show("fromfd after close", lambda: ep2.poll(0))
ep2.close()
show("fromfd str", lambda: select.epoll.fromfd("3"))
with select.epoll() as ep:
    pass
print("exit returns", select.epoll().__exit__(None, None, None))
try:
    with select.epoll() as ep:
        raise KeyError("inside")
except KeyError as e:
    print("exception passes through", e, ep.closed)

# selectors on top of epoll
print("DefaultSelector", selectors.DefaultSelector.__name__)
sel = selectors.DefaultSelector()
a, b = socket.socketpair()
sel.register(a, selectors.EVENT_READ, data="reader")
print("nothing ready", sel.select(0))
b.send(b"ping")
for key, mask in sel.select(1):
    print("ready", key.data, mask == selectors.EVENT_READ, key.fileobj.recv(10))
sel.modify(a, selectors.EVENT_READ | selectors.EVENT_WRITE, data="both")
print("modified", [(k.data, m) for k, m in sel.select(0)])
sel.unregister(a)
print("map after unregister", len(sel.get_map()))
sel.close()
a.close()
b.close()
print("done")
