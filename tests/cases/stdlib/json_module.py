import json
bad = ['', ' ', '{', '[', '[1,', '[1 2]', '{"a" 1}', '{"a":}', '{"a":1,}', '{"a":1 "b":2}', '[1,]', '"abc', '"a\\x"', '"\\u12"', '"\\u12zz"', '"a\nb"', 'nul', '01', '1 2', '{1:2}', '-', '[-]', '\ufeff1', '{"a":1}\n\n  x', '1.', '.5', '1e', 'tru', '[1]]']
for b in bad:
    try:
        print(repr(json.loads(b)))
    except json.JSONDecodeError as e:
        print(repr(b), e, e.pos, e.lineno, e.colno, e.msg)
print(json.loads('"\\ud83d\\ude00 \\u00e9"'), json.loads('[1e5, -0, -0.0, 1E-2, 12345678901234567890]'))
print(json.dumps({"a": [1, {"b": []}, {}], "c": "\x7f\u2028"}, indent=4), json.dumps([[]], indent=0), json.dumps([1, [2]], indent="\t"))
print(json.dumps({"k": 1.5, "3": None}, separators=(",", "="), sort_keys=True), json.dumps("\x7f", ensure_ascii=False))
import io
buf = io.StringIO(); json.dump({"x": [1, 2]}, buf, indent=2); print(buf.getvalue()); print(json.load(io.StringIO(buf.getvalue())))
l = []; l.append(l)
try: json.dumps(l)
except ValueError as e: print(e)
try: json.dumps({(1,): 2})
except TypeError as e: print(e)
print(json.dumps({(1,): 2, "a": 1}, skipkeys=True), json.loads('{"a": 1.5}', parse_float=str), json.loads('[1]', parse_int=float))
from collections import OrderedDict
print(json.loads('{"b": 1, "a": 2}', object_pairs_hook=OrderedDict), json.loads(b'[1]'))
class E(json.JSONEncoder):
    def default(self, o):
        return sorted(o)
print(json.dumps({"s": {3, 1}}, cls=E), E(indent=1).encode([1]))
print(json.dumps(True), json.dumps(None), json.dumps(-1e-7), json.dumps(float("-inf")), json.dumps(123456789012345678901234567890))
