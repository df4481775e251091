# Modules that appear in a folder after an import there failed are found: the import system's
# folder listings (importlib's FileFinder path cache) follow the folder's modification time.
import posix
import sys

root = "listing_%d" % posix.getpid()
posix.mkdir(root)
sys.path.insert(0, root)
old = (1_000_000_000, 1_000_000_000)
posix.utime(root, old)


def attempt(name):
    try:
        return __import__(name).VALUE
    except ModuleNotFoundError as e:
        return "missing: " + e.name


def write(name, value):
    with open("%s/%s.py" % (root, name), "w") as f:
        f.write("VALUE = %r\n" % value)


print(attempt("first"))
write("first", 1)
print(attempt("first"))
posix.utime(root, old)
print(attempt("second"))
write("second", 2)
posix.utime(root, (old[0] + 10, old[1] + 10))
print(attempt("second"))
posix.mkdir(root + "/pkg")
with open(root + "/pkg/__init__.py", "w") as f:
    f.write("VALUE = 'package'\n")
posix.utime(root, (old[0] + 20, old[1] + 20))
print(attempt("pkg"))
for name in ("first.py", "second.py", "pkg/__init__.py"):
    posix.unlink(root + "/" + name)
posix.rmdir(root + "/pkg")
posix.rmdir(root)
