# os.getrandom, statvfs/fstatvfs, fchmod/fchown, symlink(target_is_directory=), getpriority,
# and __fspath__ failures reported as they are.
import os, tempfile
print(len(os.getrandom(16)), len(os.getrandom(0)), os.GRND_NONBLOCK, len(os.getrandom(5, os.GRND_NONBLOCK)))
try: os.getrandom(-1)
except OSError as e: print(e)
st = os.statvfs("/")
print(type(st).__name__, st.f_bsize > 0, len(st), st.f_namemax > 0, os.fstatvfs(0).f_bsize > 0)
fd, name = tempfile.mkstemp()
os.fchmod(fd, 0o600); print(oct(os.stat(name).st_mode & 0o777))
os.fchown(fd, -1, -1)
os.close(fd)
os.symlink(name, name + ".lnk", target_is_directory=False)
print(os.readlink(name + ".lnk") == name)
os.unlink(name + ".lnk"); os.unlink(name)
print(os.getpriority(os.PRIO_PROCESS, 0) == os.getpriority(os.PRIO_PROCESS, os.getpid()))
class P:
    def __fspath__(self): raise ZeroDivisionError("boom")
try: os.stat(P())
except ZeroDivisionError as e: print("ZeroDivisionError", e)
class Q:
    def __fspath__(self): return 1
try: os.stat(Q())
except TypeError as e: print(e)
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    names = os.listdir(bytearray(b"/"))
    mode = os.stat(memoryview(b"/")).st_mode
print(type(names[0]).__name__, [w.category.__name__ for w in caught], mode > 0)
