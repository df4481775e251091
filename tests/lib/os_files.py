# CPython's os, os.path, stat, glob, fnmatch, shlex and pathlib over Heron's native posix.
import errno
import fnmatch
import glob
import os
import os.path
import pathlib
import shlex
import stat

root = os.path.abspath(f"_scratch_{os.getpid()}")
os.mkdir(root)
try:
    sub = os.path.join(root, "sub")
    os.makedirs(os.path.join(sub, "deep"))
    for name, text in [("a.txt", "alpha\n"), ("b.py", "print(1)\n"), ("sub/c.txt", "gamma\n")]:
        fd = os.open(os.path.join(root, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, text.encode())
        os.close(fd)
    print(sorted(os.listdir(root)))
    print(sorted((e.name, e.is_dir(), e.is_file()) for e in os.scandir(root)))
    st = os.stat(os.path.join(root, "a.txt"))
    print(st.st_size, stat.S_ISREG(st.st_mode), stat.filemode(st.st_mode), st[6] == st.st_size)
    print(os.path.getsize(os.path.join(root, "sub", "c.txt")), os.path.isdir(sub), os.path.exists(root + "x"))
    fd = os.open(os.path.join(root, "a.txt"), os.O_RDONLY)
    print(os.read(fd, 3), os.lseek(fd, 0, os.SEEK_END), os.fstat(fd).st_size)
    os.close(fd)
    walked = [(os.path.relpath(d, root), sorted(ds), sorted(fs)) for d, ds, fs in os.walk(root)]
    print(sorted(walked))
    print(sorted(os.path.relpath(p, root) for p in glob.glob(os.path.join(root, "**", "*.txt"), recursive=True)))
    print(fnmatch.filter(["x.py", "y.txt", "z.py"], "*.py"), shlex.split("a 'b c' \"d\\\"e\""))
    os.rename(os.path.join(root, "b.py"), os.path.join(root, "renamed.py"))
    os.symlink("a.txt", os.path.join(root, "link"))
    print(os.readlink(os.path.join(root, "link")), os.path.islink(os.path.join(root, "link")))
    try:
        os.mkdir(sub)
    except FileExistsError as e:
        print(type(e).__name__, e.errno == errno.EEXIST, os.path.basename(e.filename))
    try:
        os.stat(os.path.join(root, "missing"))
    except FileNotFoundError as e:
        print(type(e).__name__, e.errno == errno.ENOENT, e.strerror)
    try:
        os.rmdir(sub)
    except OSError as e:
        print(type(e).__name__, errno.errorcode[e.errno])
    p = pathlib.Path(root)
    print(sorted(q.name for q in p.iterdir()), (p / "sub").is_dir(), p.joinpath("a.txt").suffix)
    print(sorted(str(q.relative_to(p)) for q in p.rglob("*.txt")))
    os.environ["HERON_TEST_VAR"] = "value"
    print(os.environ.get("HERON_TEST_VAR"), os.getenv("HERON_TEST_VAR"), "HERON_TEST_VAR" in os.environ)
    del os.environ["HERON_TEST_VAR"]
    print(os.getenv("HERON_TEST_VAR"))
    print(os.path.splitext("archive.tar.gz"), os.path.normpath("a//b/../c"), os.fspath(p) == root)
    print(os.getpid() > 0, isinstance(os.cpu_count(), int), len(os.urandom(8)), os.sep, os.name)
finally:
    for d, ds, fs in os.walk(root, topdown=False):
        for f in fs:
            os.unlink(os.path.join(d, f))
        for sd in ds:
            path = os.path.join(d, sd)
            if os.path.islink(path):
                os.unlink(path)
            else:
                os.rmdir(path)
    os.rmdir(root)
print(os.path.exists(root))
