# Operations that must stay O(1) each (dict.popitem over a dict that keeps shrinking, the
# JSON string scanner on long documents) give CPython's results.
import json
from collections import OrderedDict

d = {i: str(i) for i in range(2000)}
popped = []
while d:
    popped.append(d.popitem())
print(len(popped), popped[:3], popped[-1])

d = {i: i for i in range(10)}
for k in (9, 8):
    del d[k]
print(d.popitem(), d.popitem(), list(d))
d[100] = 1
d[7] = 2
print(list(d.items()))
try:
    {}.popitem()
except KeyError as e:
    print("KeyError:", e)

od = OrderedDict((i, i * i) for i in range(500))
print(od.popitem(), od.popitem(last=False), len(od))

doc = [{"name": "é" * (i % 4), "esc": "a\\n\"b\" \u00e9\u20ac\ud83d\ude00", "n": i} for i in range(3000)]
text = json.dumps(doc)
back = json.loads(text)
print(back == doc, len(text), back[7], back[-1]["n"])
text2 = json.dumps(doc, ensure_ascii=False)
print(json.loads(text2) == doc, len(text2))
for bad in ['["abc', '["a\\x"]', '["\\u12"]', '["tab\there"]']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print("JSONDecodeError:", e)
print(json.loads('["\\ud83d\\ude00", "\\ud800x"]') == ["\U0001f600", "\ud800x"])
