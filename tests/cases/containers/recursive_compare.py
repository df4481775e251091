# Comparing self-referencing containers ends in RecursionError (not a native stack overflow).
x = {}; x['foo'] = x
y = {}; y['foo'] = y
try:
    print(y == x)
except RecursionError as e:
    print("RE", e)
a = []; a.append(a); b = []; b.append(b)
try:
    print(a == b)
except RecursionError as e:
    print("RE", e)
