a, *b, c = range(5)
x, y = y, x
d = {**m, "k": 1}
l = [*a, 1, *b]
call(*l, key=1, **d)
obj.attr[1:2] += 3
del obj.attr, l[0]
chained = 1 < x <= 3
z = a if b else c
w = (v := 10) and not x or y
import os.path as osp
from . import mod as m
from ..pkg import *
assert x, "msg"
