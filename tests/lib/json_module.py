# CPython's json package over the native _json (scanstring with C _json's messages, the
# basestring encoders): dumps/loads, surrogates, error positions.
import json
print(json.dumps({"a": [1, 2.5, None, True], "b": "é\n\"x\"", "c": {}}, sort_keys=True))
print(json.dumps("é\ud800", ensure_ascii=False) == '"é\ud800"', json.dumps("😀"))
print(json.loads('{"x": [1, 2, {"y": "\\u00e9\\ud83d\\ude00"}], "z": -1.5e3}'))
for bad in ['{"a": 1,}', '[1, 2', '"abc', '"a\\qb"', '"\x01"', '{"a" 1}', 'nul', '"\\u12"']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(repr(bad), e)
print(json.dumps([1, {"k": [2, 3]}], indent=2))
