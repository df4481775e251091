# An exception raised in a compiled callee reached through a direct call propagates through
# compiled callers with one traceback entry per frame and CPython's line numbers.
import io
import traceback


def print_exc():
    # The traceback with file names reduced to their last component (paths differ by machine)
    # and without the column markers under source lines (Heron does not print those yet).
    buf = io.StringIO()
    traceback.print_exc(file=buf)
    for line in buf.getvalue().splitlines():
        if line.strip() and not line.strip().strip("^~"):
            continue
        if line.startswith('  File "'):
            head, path, rest = line.split('"', 2)
            line = head + '"' + path.rsplit("/", 1)[-1] + '"' + rest
        print(line)


def divide(a, b):
    return a // b


def middle(a, b):
    x = a + 1
    return divide(x, b) + 1


def top(a, b):
    return middle(a, b) * 2


print(top(10, 3))
try:
    top(10, 0)
except ZeroDivisionError:
    print_exc()


def get_item(items, i):
    return items[i]


def walk(items):
    total = 0
    for i in range(5):
        total = total + get_item(items, i)
    return total


try:
    walk([1, 2, 3])
except IndexError as e:
    tb = e.__traceback__
    while tb is not None:
        print(tb.tb_frame.f_code.co_name, tb.tb_lineno)
        tb = tb.tb_next


class Node:
    def __init__(self, v):
        self.v = v

    def value(self):
        return self.v.missing


def read(n):
    return n.value()


try:
    read(Node(1))
except AttributeError:
    print_exc()


def raiser(k):
    if k > 2:
        raise ValueError("too big: " + str(k))
    return k


def loop_calls(n):
    out = 0
    for i in range(n):
        out = out + raiser(i)
    return out


print(loop_calls(3))
try:
    loop_calls(10)
except ValueError:
    print_exc()


def handled(k):
    try:
        return raiser(k)
    except ValueError as e:
        return "handled " + str(e)


def call_handled(k):
    return handled(k)


print(call_handled(1), call_handled(5))
