# sys.exception, sys.int_info, sys.float_repr_style, sys.thread_info, sys.api_version,
# sys.getallocatedblocks, sys.call_tracing, sys.breakpointhook / sys.__breakpointhook__ with
# the PYTHONBREAKPOINT rules, and the builtin breakpoint().
import os
import sys
import types
import warnings


def attempt(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except BaseException as e:
        print("  ", type(e).__name__, e)
    else:
        print("   ok", repr(r))


print("sys.exception")
print("   outside a handler:", sys.exception())
try:
    raise ValueError("first")
except ValueError as e:
    print("   in handler:", repr(sys.exception()), sys.exception() is e)
    print("   same as exc_info()[1]:", sys.exception() is sys.exc_info()[1])
    try:
        raise KeyError("inner")
    except KeyError:
        print("   nested:", repr(sys.exception()), sys.exc_info()[0].__name__)
    print("   restored:", repr(sys.exception()))
print("   after the handler:", sys.exception(), sys.exc_info())


def report():
    return sys.exception()


def raiser():
    try:
        1 / 0
    except ZeroDivisionError:
        return report()


print("   seen by a called function:", type(raiser()).__name__)
try:
    raise TypeError("outer")
except TypeError:
    print("   callee sees the caller's:", repr(report()))


def gen():
    yield repr(sys.exception())
    try:
        raise IndexError("in generator")
    except IndexError:
        yield repr(sys.exception())
    yield repr(sys.exception())


g = gen()
print("   generator:", next(g))
try:
    raise LookupError("around next")
except LookupError:
    print("   generator resumed in a handler:", next(g))
    print("   generator after its handler:", next(g))
try:
    try:
        raise OSError("x")
    finally:
        print("   in finally while raising:", sys.exception())
except OSError:
    pass


class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, *info):
        print("   in __exit__:", repr(sys.exception()), info[1] is not None)
        return True


with Ctx():
    raise RuntimeError("in with")
for i in range(30):
    try:
        raise ValueError(i)
    except ValueError:
        last = sys.exception()
print("   in a loop:", repr(last), sys.exception())
attempt(sys.exception, 1)
attempt(sys.exception, x=1)

print("sys.int_info")
ii = sys.int_info
print("  ", ii)
print("  ", type(ii).__name__, len(ii), tuple(ii), ii[0], ii[-1])
print("  ", ii.bits_per_digit, ii.sizeof_digit, ii.default_max_str_digits,
      ii.str_digits_check_threshold)
print("   default_max_str_digits is the default limit:",
      ii.default_max_str_digits == sys.get_int_max_str_digits())
print("   threshold is the smallest limit:", ii.str_digits_check_threshold)
try:
    sys.set_int_max_str_digits(ii.str_digits_check_threshold - 1)
except ValueError as e:
    print("  ", e)
print("   isinstance tuple:", isinstance(ii, tuple))

print("sys.float_repr_style:", repr(sys.float_repr_style))
print("sys.api_version:", sys.api_version, type(sys.api_version).__name__)

print("sys.thread_info")
ti = sys.thread_info
print("  ", type(ti).__name__, len(ti), ti.name, ti.lock, type(ti.version).__name__)
print("   name, lock:", ti[0], ti[1])
impl, _, ver = ti.version.partition(" ")
print("   version:", impl, all(p.isdigit() for p in ver.split(".")), ti[2] == ti.version)
print("   repr:", repr(ti).startswith("sys.thread_info(name='pthread', lock='semaphore', version='NPTL "))

print("sys.getallocatedblocks")
n = sys.getallocatedblocks()
print("  ", type(n).__name__, n >= 0)
attempt(sys.getallocatedblocks, 1)

print("sys.call_tracing")
attempt(sys.call_tracing, max, (3, 9, 4))
attempt(sys.call_tracing, lambda *a: a, ())
attempt(sys.call_tracing, dict, ((("a", 1),),))
attempt(sys.call_tracing, len, [1])
attempt(sys.call_tracing, len)
attempt(sys.call_tracing, len, (1,), 3)
attempt(sys.call_tracing, func=len, args=())
attempt(sys.call_tracing, 5, ())
attempt(sys.call_tracing, int, ("zz",))


class TupleSub(tuple):
    pass


attempt(sys.call_tracing, max, TupleSub((1, 5)))

print("sys.breakpointhook")
print("  ", sys.breakpointhook.__name__, sys.__breakpointhook__.__name__)
print("   __breakpointhook__ is breakpointhook:", sys.__breakpointhook__ is sys.breakpointhook)
print("   the other originals:", sys.__excepthook__ is sys.excepthook,
      sys.__displayhook__ is sys.displayhook, sys.__unraisablehook__ is sys.unraisablehook)
print("   builtin breakpoint:", type(breakpoint).__name__, breakpoint.__name__)

events = []


def audit(event, args):
    if event == "builtins.breakpoint":
        events.append((event, args))


sys.addaudithook(audit)


def with_env(value, f, *args, **kwargs):
    if value is None:
        os.environ.pop("PYTHONBREAKPOINT", None)
    else:
        os.environ["PYTHONBREAKPOINT"] = value
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            r = f(*args, **kwargs)
        except BaseException as e:
            print("   raised", type(e).__name__, e)
        else:
            print("   returned", repr(r))
    for w in caught:
        print("   warning", w.category.__name__, str(w.message),
              os.path.basename(w.filename), w.lineno == line_of_call)


line_of_call = None
print("PYTHONBREAKPOINT names a function of a helper module")
with_env("_breakpoint_hooks.hook", breakpoint)
with_env("_breakpoint_hooks.hook", breakpoint, 1, 2, key="v")
with_env("_breakpoint_hooks.hook", sys.breakpointhook, "direct")
with_env("_breakpoint_hooks.hook", sys.__breakpointhook__, x=1)
import _breakpoint_hooks
print("   calls recorded:", len(_breakpoint_hooks.calls))
print("PYTHONBREAKPOINT=0 disables it")
with_env("0", breakpoint)
with_env("0", breakpoint, 1, 2, key="v")
with_env("0", sys.breakpointhook, "ignored")
print("   calls recorded:", len(_breakpoint_hooks.calls))
print("a name without a dot is a builtin; a dotted one imports its module")
with_env("len", breakpoint, [1, 2, 3])
with_env("max", breakpoint, 4, 7, 5)
with_env("os.path.join", breakpoint, "a", "b")
with_env("types.SimpleNamespace", breakpoint, a=1)
print("the hook's errors propagate")
with_env("_breakpoint_hooks.failing_hook", breakpoint)
with_env("_breakpoint_hooks.not_callable", breakpoint)
with_env("len", breakpoint)
print("unimportable names warn and return None")


def call_breakpoint():
    global line_of_call
    line_of_call = sys._getframe().f_lineno + 1
    return breakpoint()


with_env("no_such_module_for_breakpoint.hook", call_breakpoint)
with_env("_breakpoint_hooks.missing", call_breakpoint)
with_env("_breakpoint_hooks.", call_breakpoint)
with_env(".hook", call_breakpoint)
with_env("_breakpoint_hooks.Namespace.nested", call_breakpoint)
with_env("no_such_builtin_for_breakpoint", call_breakpoint)
with_env("os.path.no_such_function", call_breakpoint)
print("a module that fails with another error propagates it")
with_env("_breakpoint_broken.hook", breakpoint)
print("the warning as an error")
os.environ["PYTHONBREAKPOINT"] = "no_such_module_for_breakpoint.f"
with warnings.catch_warnings():
    warnings.simplefilter("error")
    attempt(breakpoint)
print("unset or empty means pdb.set_trace")
fake_pdb = types.ModuleType("pdb")


def fake_set_trace(*args, **kwargs):
    print("   pdb.set_trace called:", args, kwargs)
    return "pdb"


fake_pdb.set_trace = fake_set_trace
real_pdb = sys.modules.get("pdb")
sys.modules["pdb"] = fake_pdb
try:
    with_env(None, breakpoint)
    with_env("", breakpoint, 5)
    with_env(None, sys.breakpointhook, header="h")
finally:
    if real_pdb is None:
        del sys.modules["pdb"]
    else:
        sys.modules["pdb"] = real_pdb
os.environ["PYTHONBREAKPOINT"] = "_breakpoint_hooks.hook"

print("breakpoint() calls whatever sys.breakpointhook is")


def my_hook(*args, **kwargs):
    print("   my_hook:", args, kwargs)
    return "mine"


sys.breakpointhook = my_hook
attempt(breakpoint, 1, a=2)
print("   __breakpointhook__ kept:", sys.__breakpointhook__ is not my_hook)
sys.breakpointhook = None
attempt(breakpoint)
del sys.breakpointhook
attempt(breakpoint)
sys.breakpointhook = sys.__breakpointhook__
with_env("_breakpoint_hooks.hook", breakpoint, "restored")

print("audit events")
print("  ", len(events), sorted({e for e, _ in events}))
print("   args are (hook,):", all(type(a) is tuple and len(a) == 1 for _, a in events))
print("   last hook:", events[-1][1][0] is sys.breakpointhook)
