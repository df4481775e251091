# The pwd and grp modules: struct sequences, look-ups by id and name, the whole databases,
# CPython's KeyError/TypeError/OverflowError messages, and the library code that uses pwd
# (getpass.getuser, os.path.expanduser). Only root (uid 0, gid 0) and ids or names that
# exist nowhere are looked up, so the output holds on any Linux machine.
import getpass
import os
import pickle
import sys

import grp
import pwd


def attempt(label, f, *args, **kwargs):
    try:
        result = f(*args, **kwargs)
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", repr(result))


def error_type(label, f, *args):
    try:
        f(*args)
    except Exception as e:
        print(label, "->", type(e).__name__)
    else:
        print(label, "-> no error")


print("--- types")
for cls in (pwd.struct_passwd, grp.struct_group):
    print(cls.__name__, cls.__module__, cls.n_fields, cls.n_sequence_fields,
          cls.n_unnamed_fields, issubclass(cls, tuple))
print(pwd.struct_passwd.__match_args__)
print(grp.struct_group.__match_args__)
print(pwd.struct_passwd.__doc__)
print(grp.struct_group.__doc__)
print(pwd.__doc__.splitlines()[0])
print(grp.__doc__.splitlines()[0])
print(sorted(n for n in dir(pwd) if not n.startswith("_")))
print(sorted(n for n in dir(grp) if not n.startswith("_")))
print("pwd" in sys.builtin_module_names)
print(pwd.getpwuid.__name__, grp.getgrall.__name__)

print("--- root user")
root = pwd.getpwuid(0)
print(repr(root))
print(type(root).__name__, isinstance(root, tuple), len(root))
print(root.pw_name, root.pw_passwd, root.pw_uid, root.pw_gid, root.pw_dir)
print(root[0], root[2], root[-1] == root.pw_shell, root[:2])
print([type(x).__name__ for x in root])
print(root == pwd.getpwnam("root"), root == tuple(root))
print(pwd.getpwuid(False) == root)


class Zero:
    def __index__(self):
        return 0


class RootName(str):
    pass


print(pwd.getpwuid(Zero()) == root, pwd.getpwnam(RootName("root")) == root)
print(pickle.loads(pickle.dumps(root)) == root)
name, *_, shell = root
print(name, shell == root.pw_shell)

print("--- root group")
group = grp.getgrgid(0)
print(repr(group))
print(type(group).__name__, len(group), group.gr_name, group.gr_gid, type(group.gr_mem).__name__)
print([type(x).__name__ for x in group])
print(group == grp.getgrnam("root"), grp.getgrgid(id=0) == group,
      grp.getgrnam(name="root") == group, grp.getgrgid(Zero()) == group)
print(grp.getgrnam(RootName("root")) == group)
print(all(isinstance(m, str) for m in group.gr_mem))

print("--- made by hand")
print(pwd.struct_passwd(tuple(range(7))))
print(grp.struct_group(("g", "x", 5, ["a", "b"])))
attempt("struct_passwd 3", pwd.struct_passwd, (1, 2, 3))
attempt("struct_group 5", grp.struct_group, (1, 2, 3, 4, 5))

print("--- missing entries")
for uid in (2**31 - 2, -1, 2**32 - 1, -2, 2**32, 2**63 - 1, 2**63, 2**64, -2**64):
    attempt(f"getpwuid({uid})", pwd.getpwuid, uid)
for gid in (2**31 - 2, -1, 2**32 - 1, -2, 2**32, 2**63 - 1, 2**63, 2**64, -2**64):
    attempt(f"getgrgid({gid})", grp.getgrgid, gid)
attempt("getpwnam(missing)", pwd.getpwnam, "heron-no-such-user")
attempt("getpwnam(escaped)", pwd.getpwnam, "heron\udcff")
attempt("getpwnam(empty)", pwd.getpwnam, "")
attempt("getgrnam(missing)", grp.getgrnam, "heron-no-such-group")
attempt("getgrnam(escaped)", grp.getgrnam, "heron\udcff")
try:
    pwd.getpwuid(2**31 - 2)
except KeyError as e:
    print(e.args, isinstance(e.args[0], str))

print("--- bad arguments")
for bad in ("0", 1.0, None, [0]):
    attempt(f"getpwuid({bad!r})", pwd.getpwuid, bad)
    attempt(f"getgrgid({bad!r})", grp.getgrgid, bad)


class BadIndex:
    def __index__(self):
        raise ValueError("no")


attempt("getpwuid(BadIndex())", pwd.getpwuid, BadIndex())
attempt("getgrgid(BadIndex())", grp.getgrgid, BadIndex())
attempt("getpwuid()", pwd.getpwuid)
attempt("getpwuid(0, 1)", pwd.getpwuid, 0, 1)
attempt("getpwuid(uid=0)", pwd.getpwuid, uid=0)
attempt("getpwnam()", pwd.getpwnam)
attempt("getpwnam(0)", pwd.getpwnam, 0)
attempt("getpwnam(b'root')", pwd.getpwnam, b"root")
attempt("getpwnam('a', 'b')", pwd.getpwnam, "a", "b")
attempt("getpwnam(name=)", pwd.getpwnam, name="root")
attempt("getpwnam(nul)", pwd.getpwnam, "ro\0ot")
error_type("getpwnam(surrogate)", pwd.getpwnam, "\ud800")
attempt("getpwall(1)", pwd.getpwall, 1)
attempt("getpwall(x=1)", pwd.getpwall, x=1)
attempt("getgrgid()", grp.getgrgid)
attempt("getgrgid(0, 1)", grp.getgrgid, 0, 1)
attempt("getgrgid(0, id=1)", grp.getgrgid, 0, id=1)
attempt("getgrgid(id=0, x=1)", grp.getgrgid, id=0, x=1)
attempt("getgrgid(x=0)", grp.getgrgid, x=0)
attempt("getgrnam()", grp.getgrnam)
attempt("getgrnam(0)", grp.getgrnam, 0)
attempt("getgrnam('a', 'b')", grp.getgrnam, "a", "b")
attempt("getgrnam(nul)", grp.getgrnam, "ro\0ot")
error_type("getgrnam(surrogate)", grp.getgrnam, "\ud800")
attempt("getgrall(1)", grp.getgrall, 1)
attempt("getgrall(x=1)", grp.getgrall, x=1)


print("--- whole databases")


def database_lines(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return [line for line in f if line.strip() and not line.startswith("#")]


users = pwd.getpwall()
print(type(users).__name__, len(users) == len(database_lines("/etc/passwd")))
print(all(type(p) is pwd.struct_passwd for p in users))
print(root in users, any(p.pw_uid == 0 and p.pw_name == "root" for p in users))
print(all(pwd.getpwnam(p.pw_name).pw_name == p.pw_name for p in users))
print(all(isinstance(p.pw_uid, int) and p.pw_uid >= 0 for p in users))
groups = grp.getgrall()
print(type(groups).__name__, len(groups) == len(database_lines("/etc/group")))
print(all(type(g) is grp.struct_group for g in groups))
print(group in groups, all(type(g.gr_mem) is list for g in groups))
print(all(grp.getgrgid(g.gr_gid).gr_gid == g.gr_gid for g in groups))
print(pwd.getpwall() == users, grp.getgrall() == groups)

print("--- users of pwd")
me = pwd.getpwuid(os.getuid())
for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
    os.environ.pop(var, None)
print(getpass.getuser() == me.pw_name)
print(os.path.expanduser("~root") == root.pw_dir)
print(os.path.expanduser("~root/x") == os.path.join(root.pw_dir, "x"))
print(os.path.expanduser("~heron-no-such-user/x"))
os.environ.pop("HOME", None)
print(os.path.expanduser("~") == (me.pw_dir.rstrip("/") or "/"))
