# -*- coding: latin-1 -*-
# The PEP 263 cookie above makes the bytes of this file Latin-1: 0xe9 is é.
s = 'été © ÿ'
print(s, len(s), [hex(ord(c)) for c in s])
print(ascii('à la carte'))
def café():
    return 'café'
print(café(), café.__name__)
import traceback
try:
    1 / 0  # é
except ZeroDivisionError:
    print([l.strip() for l in traceback.format_exc().splitlines() if '1 / 0' in l])
