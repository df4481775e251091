# Exceptions raised in compiled code, caught in a caller; tracebacks keep their lines.
import sys


def divide(a, b):
    return a // b


def chain(n):
    total = 0
    for i in range(n):
        total = total + divide(100, n - 1 - i)
    return total


def safe(n):
    try:
        return chain(n)
    except ZeroDivisionError as e:
        tb = e.__traceback__
        names = []
        while tb is not None:
            names.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
            tb = tb.tb_next
        return ("caught", str(e), names)


print(safe(5))


def missing():
    return undefined_name + 1


try:
    missing()
except NameError as e:
    print("NameError:", e)


def unbound(flag):
    if flag:
        value = 1
    return value


print(unbound(True))
try:
    unbound(False)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)


def index(items, i):
    return items[i]


try:
    index([1, 2, 3], 10)
except IndexError as e:
    print("IndexError:", e, sys.exc_info()[0].__name__)
