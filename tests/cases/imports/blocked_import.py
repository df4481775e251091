# sys.modules[name] = None blocks an import (test.support's import_fresh_module relies on it),
# and a traceback's tb_next can be rewritten (unittest trims its own frames that way).
import sys

sys.modules["heron_blocked_mod"] = None
try:
    import heron_blocked_mod
except ImportError as e:
    print(type(e).__name__, e, e.name)
try:
    from heron_blocked_mod import x
except ImportError as e:
    print(type(e).__name__, e)
del sys.modules["heron_blocked_mod"]


def inner():
    raise ValueError("boom")


def outer():
    inner()


try:
    outer()
except ValueError as e:
    tb = e.__traceback__
    print(tb.tb_frame.f_code.co_name, tb.tb_next.tb_frame.f_code.co_name)
    tb.tb_next = tb.tb_next.tb_next
    print(tb.tb_next.tb_frame.f_code.co_name, tb.tb_next.tb_next)
    try:
        tb.tb_next.tb_next = tb
    except ValueError as err:
        print("ValueError:", err)
    try:
        tb.tb_next = 5
    except TypeError as err:
        print("TypeError:", err)
    tb.tb_next = None
    print(tb.tb_next)
