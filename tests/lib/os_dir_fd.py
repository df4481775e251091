# Directory descriptors: the *at forms behind dir_fd, listings of a descriptor, os.fwalk,
# shutil.rmtree's descriptor-based walk, and the descriptor calls of posix and fcntl.
import fcntl
import os
import shutil
import stat
import tempfile

print(sorted(f.__name__ for f in os.supports_dir_fd))
print(sorted(f.__name__ for f in os.supports_fd))
print(shutil.rmtree.avoids_symlink_attacks)

root = tempfile.mkdtemp()
dfd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
os.mkdir("sub", 0o755, dir_fd=dfd)
fd = os.open("sub/a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=dfd)
os.write(fd, b"hello")
os.close(fd)
os.symlink("sub/a.txt", "link", dir_fd=dfd)
print(os.readlink("link", dir_fd=dfd))
print(os.stat("link", dir_fd=dfd).st_size, stat.S_ISLNK(os.stat("link", dir_fd=dfd, follow_symlinks=False).st_mode))
os.rename("sub/a.txt", "sub/b.txt", src_dir_fd=dfd, dst_dir_fd=dfd)
os.link("sub/b.txt", "hard", src_dir_fd=dfd, dst_dir_fd=dfd)
print(os.stat("hard", dir_fd=dfd).st_nlink, os.access("hard", os.R_OK, dir_fd=dfd))
os.chmod("hard", 0o600, dir_fd=dfd)
print(oct(stat.S_IMODE(os.stat("sub/b.txt", dir_fd=dfd).st_mode)))
os.utime("hard", ns=(10**9, 2 * 10**9), dir_fd=dfd)
print(os.stat("hard", dir_fd=dfd).st_mtime_ns)
os.mkfifo("fifo", dir_fd=dfd)
print(stat.S_ISFIFO(os.stat("fifo", dir_fd=dfd).st_mode))
print(sorted(os.listdir(dfd)))
with os.scandir(dfd) as it:
    entries = sorted(it, key=lambda e: e.name)
print([(e.name, e.path, e.is_dir(), e.is_symlink(), e.is_file()) for e in entries])
print(entries[1].stat().st_size, entries[1].stat(follow_symlinks=False).st_size > 0)

for top, dirs, files, topfd in os.fwalk(root):
    print(os.path.relpath(top, root), sorted(dirs), sorted(files), isinstance(topfd, int))
for top, dirs, files in os.walk(root):
    dirs.sort()

os.unlink("fifo", dir_fd=dfd)
os.unlink("hard", dir_fd=dfd)
try:
    os.rmdir("sub", dir_fd=dfd)
except OSError as e:
    print(type(e).__name__, e.filename)
for bad in (lambda: os.stat(dfd, dir_fd=dfd), lambda: os.stat(dfd, follow_symlinks=False)):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
try:
    os.stat("x", dir_fd=1.5)
except TypeError as e:
    print("TypeError:", e)
os.close(dfd)

# fcntl on a pipe: flags, non-blocking reads, locks on a file.
r, w = os.pipe()
flags = fcntl.fcntl(r, fcntl.F_GETFL)
fcntl.fcntl(r, fcntl.F_SETFL, flags | os.O_NONBLOCK)
print(bool(fcntl.fcntl(r, fcntl.F_GETFL) & os.O_NONBLOCK), bool(fcntl.fcntl(r, fcntl.F_GETFD) & fcntl.FD_CLOEXEC))
try:
    os.read(r, 1)
except BlockingIOError as e:
    print("BlockingIOError", e.errno)
print(os.writev(w, [b"ab", b"cd"]))
buf1, buf2 = bytearray(1), bytearray(5)
print(os.readv(r, [buf1, buf2]), buf1, buf2)
os.close(r)
os.close(w)
with open(os.path.join(root, "lock"), "w+b") as f:
    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fcntl.lockf(f, fcntl.LOCK_SH)
    fcntl.flock(f.fileno(), fcntl.LOCK_UN)
    print(os.pwrite(f.fileno(), b"xyz", 2), os.pread(f.fileno(), 5, 0))
try:
    fcntl.fcntl(-1, fcntl.F_GETFL)
except ValueError as e:
    print("ValueError:", e)

efd = os.eventfd(3)
os.eventfd_write(efd, 4)
print(os.eventfd_read(efd))
os.close(efd)
mfd = os.memfd_create("heron")
os.write(mfd, b"0123456789")
r, w = os.pipe()
print(os.splice(mfd, w, 4, offset_src=3), os.read(r, 10))
print(os.copy_file_range(mfd, mfd, 2, offset_src=0, offset_dst=10), os.pread(mfd, 20, 0))
os.close(mfd)
os.close(r)
os.close(w)

shutil.rmtree(root)
print(os.path.exists(root))
