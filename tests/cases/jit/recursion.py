# Deep recursion in compiled code ends in RecursionError, never a crash.
import sys


def down(n):
    return down(n + 1)


def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e)
print(depth(500))
sys.setrecursionlimit(5000)
print(depth(4000))
try:
    depth(10000)
except RecursionError:
    print("RecursionError again")
