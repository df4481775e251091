# frame.clear() on a finished frame drops its locals (unittest's assertRaises calls it through
# traceback.clear_frames).
import sys


def f():
    x = 1
    y = [2]
    return sys._getframe()


fr = f()
print(sorted(fr.f_locals))
fr.clear()
print(fr.f_locals, fr.f_code.co_name)
try:
    raise ValueError("v")
except ValueError as e:
    tb = e.__traceback__
    tb.tb_frame.clear() if tb.tb_frame is not sys._getframe() else None
    print("cleared", type(e).__name__)
