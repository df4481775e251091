# array: every typecode's range checks, the sequence protocol, bytes and unicode, pickling.
import array, pickle, copy
a = array.array('i', [1, 2, 3])
print(a, len(a), a[0], a[-1], a[1:], a[::-1], a.itemsize, a.typecode)
a.append(4); a.extend([5, 6]); a.insert(0, 0); print(a, a.pop(), a.pop(0), a)
print(a.tobytes(), array.array('B', b'abc'), array.array('u', 'héllo'), array.array('u', 'hi').tounicode())
print(a == array.array('i', [1, 2, 3, 4, 5]), a < array.array('i', [2]), 3 in a, a.index(3), a.count(2))
b = array.array('d', [1.5, 2.5]); b *= 2; print(b, b + b, 2 * b)
a[1:3] = array.array('i', [9, 9, 9]); print(a); del a[::2]; print(a)
print(bytes(array.array('h', [1, 256])), array.array('q', range(3)).tolist())
for code, bad in [('b', 128), ('B', -1), ('h', 1 << 15), ('H', 1 << 16), ('i', 1 << 31), ('I', -1), ('l', 1 << 63), ('L', -1), ('Q', 1 << 64)]:
    try:
        array.array(code, [bad])
    except OverflowError as e:
        print(code, e)
try:
    array.array('i', [1.5])
except TypeError as e:
    print(e)
try:
    array.array('x')
except ValueError as e:
    print(e)
print(pickle.loads(pickle.dumps(a, 2)), copy.deepcopy(a), array.typecodes)
import hashlib; print(hashlib.md5(array.array('B', [1, 2])).hexdigest())
c = array.array('i'); c.frombytes(b'\x01\x00\x00\x00'); c.byteswap(); print(c, repr(array.array('f')))
