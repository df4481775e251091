# _socket on loopback: socketpair, TCP with timeouts and makefile, UDP, name resolution errors,
# conversions; unittest.mock (which imports asyncio, hence socket) imports.
import socket, threading
a, b = socket.socketpair()
a.sendall(b"hello")
print(b.recv(10), a.family == socket.AF_UNIX, a.type)
a.close(); b.close()
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0)); srv.listen()
port = srv.getsockname()[1]
c = socket.create_connection(("127.0.0.1", port), timeout=5)
conn, addr = srv.accept()
print(addr[0], type(conn).__name__, conn.gettimeout())
c.sendall(b"x" * 100000)
got = b""
while len(got) < 100000:
    got += conn.recv(65536)
print(len(got))
f = conn.makefile("rwb")
c.sendall(b"line1\nline2\n")
print(f.readline(), f.readline())
conn.settimeout(0.1)
try:
    conn.recv(10)
except TimeoutError as e:
    print("timeout:", e)
conn.setblocking(False)
try:
    conn.recv(10)
except BlockingIOError:
    print("would block")
print(socket.getaddrinfo("127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM)[0][4])
print(socket.inet_aton("1.2.3.4"), socket.inet_ntoa(b"\x01\x02\x03\x04"), socket.htons(1), socket.inet_pton(socket.AF_INET6, "::1"))
try:
    socket.getaddrinfo("no.such.host.invalid", 80)
except socket.gaierror as e:
    print("gaierror", e.errno < 0)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u2.sendto(b"dg", u.getsockname())
print(u.recvfrom(10)[0])
try:
    socket.create_connection(("127.0.0.1", 1))
except ConnectionRefusedError as e:
    print("refused", e.errno)
for s in (c, conn, srv, u, u2): s.close()
import unittest.mock
print(unittest.mock.MagicMock()(1) is not None)
