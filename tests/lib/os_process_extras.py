# posix's process calls beyond fork/waitpid: system, wait, waitid, nice, the saved ids,
# setpgrp, CPU affinity, getgrouplist/initgroups, chroot; sysconf and confstr with their
# name tables, ctermid, getlogin, device numbers; and the Linux constants that go with them.
import os
import signal
import sys


def attempt(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "=", repr(r))


# ---- system ----
sys.stdout.flush()
status = os.system("echo hi")
print("system echo:", status, os.waitstatus_to_exitcode(status))
status = os.system("exit 3")
print("system exit 3:", status, os.waitstatus_to_exitcode(status))
status = os.system(b"exit 5")
print("system bytes:", os.waitstatus_to_exitcode(status))
status = os.system(command="kill -9 $$")
print("system killed:", os.WIFSIGNALED(status), os.WTERMSIG(status),
      os.waitstatus_to_exitcode(status))
sys.stdout.flush()
os.system("printf 'from the shell\\n'")
print("after the shell")
attempt("system(5)", lambda: os.system(5))
attempt("system NUL", lambda: os.system("exit\0 1"))


# ---- wait ----
pid = os.fork()
if pid == 0:
    os._exit(7)
got, status = os.wait()
print("wait:", got == pid, os.WIFEXITED(status), os.WEXITSTATUS(status))
attempt("wait without children", os.wait)


# ---- waitid ----
pid = os.fork()
if pid == 0:
    os._exit(5)
r = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
print("waitid WNOWAIT:", r.si_pid == pid, r.si_code == os.CLD_EXITED, r.si_status)
r = os.waitid(os.P_PID, pid, os.WEXITED)
print("waitid:", type(r).__name__, r.si_pid == pid, r.si_uid == os.getuid(),
      r.si_signo == signal.SIGCHLD, r.si_status, r.si_code == os.CLD_EXITED)
print("fields:", r[1:] == (r.si_uid, r.si_signo, r.si_status, r.si_code), len(r))

rfd, wfd = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(wfd)
    os.read(rfd, 1)
    os._exit(0)
os.close(rfd)
print("waitid WNOHANG:", os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG))
os.kill(pid, signal.SIGKILL)
r = os.waitid(os.P_ALL, 0, os.WEXITED)
print("waitid killed:", r.si_pid == pid, r.si_code == os.CLD_KILLED,
      r.si_status == signal.SIGKILL)
os.close(wfd)
attempt("waitid without children", lambda: os.waitid(os.P_ALL, 0, os.WEXITED))
attempt("waitid no options", lambda: os.waitid(os.P_ALL, 0, 0))

wr = os.waitid_result((1, 2, 3, 4, 5))
print(wr)
print(type(wr).__module__, type(wr).__name__, os.waitid_result.n_fields,
      os.waitid_result.n_sequence_fields)
print(wr.si_pid, wr.si_uid, wr.si_signo, wr.si_status, wr.si_code, tuple(wr))


# ---- status macros ----
print("WCOREDUMP:", os.WCOREDUMP(0x80 | signal.SIGABRT), os.WCOREDUMP(signal.SIGABRT),
      os.WCOREDUMP(0))
print("WIFCONTINUED:", os.WIFCONTINUED(0xFFFF), os.WIFCONTINUED(status=0))
attempt("WCOREDUMP(status=0)", lambda: os.WCOREDUMP(status=0))
attempt("WIFCONTINUED(1.5)", lambda: os.WIFCONTINUED(1.5))
print("by keyword:", os.WEXITSTATUS(status=0x300), os.WIFEXITED(status=0x300),
      os.WTERMSIG(status=9), os.WIFSIGNALED(status=9), os.WSTOPSIG(status=0x137f),
      os.WIFSTOPPED(status=0x137f))
attempt("WIFEXITED()", lambda: os.WIFEXITED())
attempt("WCOREDUMP()", lambda: os.WCOREDUMP())
attempt("wait(1)", lambda: os.wait(1))
attempt("nice(increment=0)", lambda: os.nice(increment=0))
attempt("sysconf(name=...)", lambda: os.sysconf(name="SC_ARG_MAX"))
attempt("getresuid(1)", lambda: os.getresuid(1))
attempt("ctermid(1)", lambda: os.ctermid(1))


# ---- nice, ids, process groups ----
print("nice(0):", os.nice(0) == os.getpriority(os.PRIO_PROCESS, 0))
attempt("nice('a')", lambda: os.nice("a"))
ruid, euid, suid = os.getresuid()
print("getresuid:", ruid == os.getuid(), euid == os.geteuid())
rgid, egid, sgid = os.getresgid()
print("getresgid:", rgid == os.getgid(), egid == os.getegid())
print("setresuid unchanged:", os.setresuid(-1, -1, -1), os.getresuid() == (ruid, euid, suid))
print("setresgid unchanged:", os.setresgid(-1, -1, -1), os.getresgid() == (rgid, egid, sgid))
attempt("setresuid(-2)", lambda: os.setresuid(-2, -1, -1))
attempt("setresuid(2**32)", lambda: os.setresuid(2**32, -1, -1))
attempt("setresgid(-5)", lambda: os.setresgid(-1, -5, -1))
attempt("setresuid(2**63)", lambda: os.setresuid(2**63, -1, -1))

pid = os.fork()
if pid == 0:
    os.setpgrp()
    os._exit(0 if os.getpgrp() == os.getpid() else 1)
_, status = os.waitpid(pid, 0)
print("setpgrp in child:", os.waitstatus_to_exitcode(status))


# ---- scheduling ----
print("sched_yield:", os.sched_yield())
cpus = os.sched_getaffinity(0)
print("affinity:", type(cpus).__name__, len(cpus) >= 1, all(isinstance(c, int) and c >= 0 for c in cpus))
print("same for own pid:", os.sched_getaffinity(os.getpid()) == cpus)
print("set same:", os.sched_setaffinity(0, list(cpus)), os.sched_getaffinity(0) == cpus)
one = min(cpus)
pid = os.fork()
if pid == 0:
    os.sched_setaffinity(0, {one})
    os._exit(0 if os.sched_getaffinity(0) == {one} else 1)
_, status = os.waitpid(pid, 0)
print("one CPU in child:", os.waitstatus_to_exitcode(status))
attempt("negative CPU", lambda: os.sched_setaffinity(0, [-1]))
attempt("huge CPU", lambda: os.sched_setaffinity(0, [2**40]))
attempt("huger CPU", lambda: os.sched_setaffinity(0, [2**64]))
attempt("str CPU", lambda: os.sched_setaffinity(0, ["0"]))
attempt("empty mask", lambda: os.sched_setaffinity(0, []))
attempt("not iterable", lambda: os.sched_setaffinity(0, 3))
attempt("no such process", lambda: os.sched_getaffinity(-5))
print("cpu_count:", os.cpu_count() >= 1)


# ---- groups and chroot ----
print("getgrouplist root:", 0 in os.getgrouplist("root", 0))
print("getgrouplist unknown user:", os.getgrouplist("no-such-user-heron", 12345))
print("getgrouplist -1:", os.getgrouplist("no-such-user-heron", -1))
attempt("getgrouplist(bytes)", lambda: os.getgrouplist(b"root", 0))
attempt("getgrouplist(1)", lambda: os.getgrouplist(1, 0))
attempt("getgrouplist gid -2", lambda: os.getgrouplist("root", -2))

pid = os.fork()
if pid == 0:
    try:
        os.initgroups("root", 0)
        code = 0 if 0 in os.getgroups() else 2
    except PermissionError:
        code = 0
    except BaseException:
        code = 3
    os._exit(code)
_, status = os.waitpid(pid, 0)
print("initgroups in child:", os.waitstatus_to_exitcode(status))
attempt("initgroups gid -2", lambda: os.initgroups("root", -2))

attempt("chroot missing", lambda: os.chroot("/nonexistent/heron"))
attempt("chroot bytes", lambda: os.chroot(path=b"/nonexistent/heron"))
attempt("chroot(5)", lambda: os.chroot(5))


# ---- sysconf, confstr ----
page = os.sysconf("SC_PAGESIZE")
print("page size:", page > 0, page == os.sysconf("SC_PAGE_SIZE"),
      page == os.sysconf(os.sysconf_names["SC_PAGESIZE"]))
print("SC_ARG_MAX:", os.sysconf("SC_ARG_MAX") > 0)
print("SC_NPROCESSORS_CONF:", os.sysconf("SC_NPROCESSORS_CONF") >= 1)
print("SC_CLK_TCK:", os.sysconf("SC_CLK_TCK") > 0)
print(type(os.sysconf_names).__name__, len(os.sysconf_names))
print(sorted(os.sysconf_names.items()))
attempt("sysconf unknown", lambda: os.sysconf("SC_NO_SUCH_NAME"))
attempt("sysconf float", lambda: os.sysconf(1.5))
attempt("sysconf -100", lambda: os.sysconf(-100))

print("CS_PATH:", os.confstr("CS_PATH"))
print("CS_GNU_LIBC_VERSION:", os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc "))
print(type(os.confstr_names).__name__, len(os.confstr_names))
print(sorted(os.confstr_names.items()))
print("all str or None:",
      all(os.confstr(n) is None or isinstance(os.confstr(n), str) for n in os.confstr_names))
attempt("confstr unknown", lambda: os.confstr("CS_NO_SUCH_NAME"))
attempt("confstr float", lambda: os.confstr(1.5))
attempt("confstr -100", lambda: os.confstr(-100))
print("pathconf names still:", "PC_NAME_MAX" in os.pathconf_names,
      os.pathconf("/", "PC_NAME_MAX") > 0)


# ---- terminal, login ----
print("ctermid:", os.ctermid())
try:
    name = os.getlogin()
except OSError:
    print("getlogin: ok")
else:
    print("getlogin:", "ok" if isinstance(name, str) and name else name)


# ---- device numbers ----
for ma, mi in [(0, 0), (1, 3), (8, 1), (259, 70000), (4095, 2**20 - 1), (2**31 - 1, 5)]:
    dev = os.makedev(ma, mi)
    print("makedev", ma, mi, "->", dev, os.major(dev), os.minor(dev))
st = os.stat("/dev/null")
print("/dev/null:", os.major(st.st_rdev), os.minor(st.st_rdev))
print("major/minor of 2**64-1:", os.major(2**64 - 1), os.minor(2**64 - 1))
print("makedev(-1, 0):", os.makedev(-1, 0))
attempt("major(-1)", lambda: os.major(-1))
attempt("major(2**70)", lambda: os.major(2**70))
attempt("major(1.5)", lambda: os.major(1.5))
attempt("minor('1')", lambda: os.minor("1"))
print("major(True):", os.major(True))
attempt("makedev(2**33, 0)", lambda: os.makedev(2**33, 0))


# ---- constants ----
names = """P_PID P_PGID P_ALL P_PIDFD WEXITED WSTOPPED WNOWAIT WNOHANG WUNTRACED WCONTINUED
CLD_EXITED CLD_KILLED CLD_DUMPED CLD_TRAPPED CLD_STOPPED CLD_CONTINUED
EX_OK EX_USAGE EX_DATAERR EX_NOINPUT EX_NOUSER EX_NOHOST EX_UNAVAILABLE EX_SOFTWARE EX_OSERR
EX_OSFILE EX_CANTCREAT EX_IOERR EX_TEMPFAIL EX_PROTOCOL EX_NOPERM EX_CONFIG
ST_RDONLY ST_NOSUID ST_NODEV ST_NOEXEC ST_SYNCHRONOUS ST_MANDLOCK ST_WRITE ST_APPEND
ST_NOATIME ST_NODIRATIME ST_RELATIME
RTLD_LAZY RTLD_NOW RTLD_GLOBAL RTLD_LOCAL RTLD_NODELETE RTLD_NOLOAD RTLD_DEEPBIND
SCHED_OTHER SCHED_FIFO SCHED_RR SCHED_BATCH SCHED_IDLE SCHED_RESET_ON_FORK
NGROUPS_MAX TMP_MAX O_FSYNC O_SYNC
MFD_HUGE_SHIFT MFD_HUGE_MASK MFD_HUGE_64KB MFD_HUGE_512KB MFD_HUGE_1MB MFD_HUGE_2MB
MFD_HUGE_8MB MFD_HUGE_16MB MFD_HUGE_32MB MFD_HUGE_256MB MFD_HUGE_512MB MFD_HUGE_1GB
MFD_HUGE_2GB MFD_HUGE_16GB
RWF_HIPRI RWF_DSYNC RWF_SYNC RWF_NOWAIT RWF_APPEND
POSIX_SPAWN_OPEN POSIX_SPAWN_CLOSE POSIX_SPAWN_DUP2""".split()
for n in names:
    print(n, getattr(os, n))
import posix
print("in posix too:", all(getattr(posix, n) == getattr(os, n) for n in names))
print("functions:", all(callable(getattr(os, f)) for f in
      "system wait waitid nice getresuid getresgid setresuid setresgid setpgrp major minor "
      "makedev ctermid sched_yield sched_getaffinity sched_setaffinity getgrouplist "
      "initgroups chroot sysconf confstr getlogin WCOREDUMP WIFCONTINUED".split()))
