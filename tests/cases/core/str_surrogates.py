# Lone surrogates are code points of a str: surrogateescape and surrogatepass make and
# consume them, and every core str operation keeps them.
s = b'ab\xff\xfe'.decode('utf-8', 'surrogateescape')
print(repr(s), len(s), repr(s[2]), ord(s[3]))
print(s.encode('utf-8', 'surrogateescape'))
print(s == 'ab\udcff\udcfe', hash(s) == hash('ab' + chr(0xdcff) + chr(0xdcfe)))
print(s != 'ab\ufffd\ufffd', '\udcff' == '\ufffd', hash('\udcff') == hash('\ufffd'))
print([hex(ord(c)) for c in s], repr(s[1:3]), repr(s[::-1]), repr(s * 2))
print(repr(chr(0xd800)), repr('-'.join([s, 'q'])), repr(f"{s}!"), '\udcff' in s, '\ufffd' in s)
print(repr('\ud83d\ude00'), len('\ud83d\ude00'), '\ud83d\ude00' == '\U0001f600')
print(repr(s + 'x'), repr('x' + s), s < 'ab\ue000', s > 'ab\ud7ff')
print(sorted(['ab\udcff', 'ab', 'ab\ue000', 'ab\u00e9']))
d = {s: 1}
print(d[b'ab\xff\xfe'.decode('utf-8', 'surrogateescape')], s in {s}, str(s) is s)
try:
    s.encode('utf-8')
except UnicodeEncodeError as e:
    print(e, e.start, e.end, repr(e.object))
try:
    b'a\xffb'.decode('utf-8')
except UnicodeDecodeError as e:
    print(e, e.start, e.end, e.object)
print('\ud800'.encode('utf-8', 'surrogatepass'), b'\xed\xa0\x80'.decode('utf-8', 'surrogatepass') == '\ud800')
print('\ud800x'.encode('utf-16-le', 'surrogatepass'), '\udc00'.encode('utf-32-be', 'surrogatepass'))
print(b'\x00\xd8x\x00'.decode('utf-16-le', 'surrogatepass') == '\ud800x')
print('a\udcffb'.encode('ascii', 'backslashreplace'), 'x\udcff'.encode('latin-1', 'surrogateescape'))
print('a\udcffb'.encode('utf-8', 'replace'), 'a\udcffb'.encode('utf-8', 'ignore'))
print(b'a\x80\xc3'.decode('ascii', 'surrogateescape') == 'a\udc80\udcc3')
try:
    '\ud800'.encode('utf-8', 'surrogateescape')
except UnicodeEncodeError as e:
    print('not escapable:', e.reason)
import codecs
print(codecs.lookup_error('surrogateescape')(UnicodeDecodeError('utf-8', b'a\xff\xfeb', 1, 3, 'x')))
print(codecs.lookup_error('surrogatepass')(UnicodeEncodeError('utf-8', 'a\ud800', 1, 2, 'x')))
print(codecs.decode(b'\\ud800', 'unicode_escape') == '\ud800', codecs.encode('\udcff', 'unicode_escape'))
print('\ud800'.encode('raw_unicode_escape'))
print(str(b'\xff', 'utf-8', 'surrogateescape') == '\udcff')
import os
print(repr(os.fsdecode(b'\xffname')), os.fsencode('\udcffname'))
try:
    os.fsencode('\ud800')
except UnicodeEncodeError as e:
    print('fsencode:', e.reason)
