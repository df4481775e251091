"""JSON encoder and decoder (Heron's json module; output and errors match CPython's)."""

__all__ = [
    "dump", "dumps", "load", "loads", "JSONDecoder", "JSONDecodeError", "JSONEncoder",
]

_INFINITY = float("inf")


class JSONDecodeError(ValueError):
    """Subclass of ValueError with the position of the error in the document."""

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        errmsg = "%s: line %d column %d (char %d)" % (msg, lineno, colno, pos)
        ValueError.__init__(self, errmsg)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno

    def __reduce__(self):
        return self.__class__, (self.msg, self.doc, self.pos)


# ---------------------------------------------------------------------------- encoding

_SHORT_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
}


def py_encode_basestring(s):
    """Return a JSON representation of a Python string, keeping non-ASCII characters."""
    out = ['"']
    for ch in s:
        esc = _SHORT_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch < " ":
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def py_encode_basestring_ascii(s):
    """Return an ASCII-only JSON representation of a Python string."""
    out = ['"']
    for ch in s:
        if " " <= ch <= "~" and ch != "\\" and ch != '"':
            out.append(ch)
            continue
        esc = _SHORT_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
            continue
        n = ord(ch)
        if n < 0x10000:
            out.append("\\u%04x" % n)
        else:
            n -= 0x10000
            out.append("\\u%04x\\u%04x" % (0xD800 | ((n >> 10) & 0x3FF), 0xDC00 | (n & 0x3FF)))
    out.append('"')
    return "".join(out)


encode_basestring = py_encode_basestring
encode_basestring_ascii = py_encode_basestring_ascii


class JSONEncoder:
    """Extensible JSON encoder for Python data structures."""

    item_separator = ", "
    key_separator = ": "

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True,
                 allow_nan=True, sort_keys=False, indent=None, separators=None,
                 default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ","
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError("Object of type %s is not JSON serializable" % o.__class__.__name__)

    def encode(self, o):
        if isinstance(o, str):
            if self.ensure_ascii:
                return encode_basestring_ascii(o)
            return encode_basestring(o)
        return "".join(self.iterencode(o))

    def iterencode(self, o, _one_shot=False):
        out = []
        self._markers = {} if self.check_circular else None
        indent = self.indent
        if indent is not None and not isinstance(indent, str):
            indent = " " * indent
        self._indent_str = indent
        self._encode(o, out, 0)
        return iter(out)

    def _floatstr(self, o):
        if o != o:
            text = "NaN"
        elif o == _INFINITY:
            text = "Infinity"
        elif o == -_INFINITY:
            text = "-Infinity"
        else:
            return float.__repr__(o)
        if not self.allow_nan:
            raise ValueError("Out of range float values are not JSON compliant")
        return text

    def _str(self, s):
        if self.ensure_ascii:
            return encode_basestring_ascii(s)
        return encode_basestring(s)

    def _encode(self, o, out, level):
        if isinstance(o, str):
            out.append(self._str(o))
        elif o is None:
            out.append("null")
        elif o is True:
            out.append("true")
        elif o is False:
            out.append("false")
        elif isinstance(o, int):
            out.append(int.__repr__(o))
        elif isinstance(o, float):
            out.append(self._floatstr(o))
        elif isinstance(o, (list, tuple)):
            self._encode_list(o, out, level)
        elif isinstance(o, dict):
            self._encode_dict(o, out, level)
        else:
            marker = self._enter(o)
            self._encode(self.default(o), out, level)
            self._leave(marker)

    def _enter(self, o):
        if self._markers is None:
            return None
        marker = id(o)
        if marker in self._markers:
            raise ValueError("Circular reference detected")
        self._markers[marker] = o
        return marker

    def _leave(self, marker):
        if marker is not None:
            del self._markers[marker]

    def _encode_list(self, lst, out, level):
        if not lst:
            out.append("[]")
            return
        marker = self._enter(lst)
        out.append("[")
        if self._indent_str is not None:
            level += 1
            newline_indent = "\n" + self._indent_str * level
            separator = self.item_separator + newline_indent
            out.append(newline_indent)
        else:
            newline_indent = None
            separator = self.item_separator
        first = True
        for value in lst:
            if first:
                first = False
            else:
                out.append(separator)
            self._encode(value, out, level)
        if newline_indent is not None:
            level -= 1
            out.append("\n" + self._indent_str * level)
        out.append("]")
        self._leave(marker)

    def _key(self, key):
        if isinstance(key, str):
            return key
        if isinstance(key, float):
            return self._floatstr(key)
        if key is True:
            return "true"
        if key is False:
            return "false"
        if key is None:
            return "null"
        if isinstance(key, int):
            return int.__repr__(key)
        if self.skipkeys:
            return None
        raise TypeError(
            "keys must be str, int, float, bool or None, not %s" % key.__class__.__name__
        )

    def _encode_dict(self, dct, out, level):
        if not dct:
            out.append("{}")
            return
        marker = self._enter(dct)
        out.append("{")
        if self._indent_str is not None:
            level += 1
            newline_indent = "\n" + self._indent_str * level
            separator = self.item_separator + newline_indent
            out.append(newline_indent)
        else:
            newline_indent = None
            separator = self.item_separator
        items = list(dct.items())
        if self.sort_keys:
            items = sorted(items, key=_first)
        first = True
        for key, value in items:
            key = self._key(key)
            if key is None:
                continue
            if first:
                first = False
            else:
                out.append(separator)
            out.append(self._str(key))
            out.append(self.key_separator)
            self._encode(value, out, level)
        if newline_indent is not None:
            level -= 1
            out.append("\n" + self._indent_str * level)
        out.append("}")
        self._leave(marker)


def _first(pair):
    return pair[0]


_default_encoder = JSONEncoder()


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
          cls=None, indent=None, separators=None, default=None, sort_keys=False, **kw):
    """Serialize obj to a JSON formatted str."""
    if (not skipkeys and ensure_ascii and check_circular and allow_nan and cls is None
            and indent is None and separators is None and default is None
            and not sort_keys and not kw):
        return _default_encoder.encode(obj)
    if cls is None:
        cls = JSONEncoder
    return cls(
        skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular,
        allow_nan=allow_nan, indent=indent, separators=separators, default=default,
        sort_keys=sort_keys, **kw,
    ).encode(obj)


def dump(obj, fp, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
         cls=None, indent=None, separators=None, default=None, sort_keys=False, **kw):
    """Serialize obj as a JSON formatted stream to fp (a .write()-supporting object)."""
    if cls is None:
        cls = JSONEncoder
    encoder = cls(
        skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular,
        allow_nan=allow_nan, indent=indent, separators=separators, default=default,
        sort_keys=sort_keys, **kw,
    )
    for chunk in encoder.iterencode(obj):
        fp.write(chunk)


# ---------------------------------------------------------------------------- decoding

_WS = " \t\n\r"
_DIGITS = "0123456789"
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
                   "t": "\t"}
_HEX = "0123456789abcdefABCDEF"


def _skip_ws(s, end):
    n = len(s)
    while end < n and s[end] in _WS:
        end += 1
    return end


class _StopScan(Exception):
    # No JSON value starts at `idx` (CPython's scanner raises StopIteration(idx)).
    def __init__(self, idx):
        Exception.__init__(self, idx)
        self.idx = idx


def scanstring(s, end, strict=True):
    """Scan the string s for a JSON string starting just after the opening quote."""
    chunks = []
    begin = end - 1
    n = len(s)
    while True:
        start = end
        while end < n:
            c = s[end]
            if c == '"' or c == "\\" or (c < " " and strict):
                break
            end += 1
        if end >= n:
            raise JSONDecodeError("Unterminated string starting at", s, begin)
        if end > start:
            chunks.append(s[start:end])
        c = s[end]
        if c == '"':
            return "".join(chunks), end + 1
        if c != "\\":
            raise JSONDecodeError("Invalid control character at", s, end)
        end += 1
        if end >= n:
            raise JSONDecodeError("Unterminated string starting at", s, begin)
        esc = s[end]
        if esc != "u":
            char = _SIMPLE_ESCAPES.get(esc)
            if char is None:
                raise JSONDecodeError("Invalid \\escape", s, end - 1)
            chunks.append(char)
            end += 1
            continue
        uni = _read_hex4(s, end + 1, end)
        end += 5
        if 0xD800 <= uni <= 0xDBFF and s[end:end + 2] == "\\u":
            uni2 = _read_hex4(s, end + 2, end + 1)
            if 0xDC00 <= uni2 <= 0xDFFF:
                uni = 0x10000 + (((uni - 0xD800) << 10) | (uni2 - 0xDC00))
                end += 6
        chunks.append(chr(uni))


def _read_hex4(s, pos, errpos):
    # Like CPython, four hex digits must be followed by at least one more character.
    if pos + 4 >= len(s):
        raise JSONDecodeError("Invalid \\uXXXX escape", s, errpos)
    digits = s[pos:pos + 4]
    for ch in digits:
        if ch not in _HEX:
            raise JSONDecodeError("Invalid \\uXXXX escape", s, errpos)
    return int(digits, 16)


class JSONDecoder:
    """Simple JSON decoder."""

    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None,
                 parse_constant=None, strict=True, object_pairs_hook=None):
        self.object_hook = object_hook
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int
        self.parse_constant = parse_constant or _CONSTANTS.__getitem__
        self.strict = strict
        self.object_pairs_hook = object_pairs_hook

    def decode(self, s):
        obj, end = self.raw_decode(s, idx=_skip_ws(s, 0))
        end = _skip_ws(s, end)
        if end != len(s):
            raise JSONDecodeError("Extra data", s, end)
        return obj

    def raw_decode(self, s, idx=0):
        try:
            return self._scan_once(s, idx)
        except _StopScan as err:
            raise JSONDecodeError("Expecting value", s, err.idx) from None

    def _scan_once(self, s, idx):
        if idx >= len(s):
            raise _StopScan(idx)
        c = s[idx]
        if c == '"':
            return scanstring(s, idx + 1, self.strict)
        if c == "{":
            return self._parse_object(s, idx + 1)
        if c == "[":
            return self._parse_array(s, idx + 1)
        if c == "n" and s.startswith("null", idx):
            return None, idx + 4
        if c == "t" and s.startswith("true", idx):
            return True, idx + 4
        if c == "f" and s.startswith("false", idx):
            return False, idx + 5
        if c == "N" and s.startswith("NaN", idx):
            return self.parse_constant("NaN"), idx + 3
        if c == "I" and s.startswith("Infinity", idx):
            return self.parse_constant("Infinity"), idx + 8
        if c == "-" and s.startswith("-Infinity", idx):
            return self.parse_constant("-Infinity"), idx + 9
        return self._parse_number(s, idx)

    def _parse_number(self, s, idx):
        n = len(s)
        end = idx
        if end < n and s[end] == "-":
            end += 1
        if end < n and s[end] == "0":
            end += 1
        elif end < n and s[end] in "123456789":
            end += 1
            while end < n and s[end] in _DIGITS:
                end += 1
        else:
            raise _StopScan(idx)
        int_end = end
        is_float = False
        if end + 1 < n and s[end] == "." and s[end + 1] in _DIGITS:
            end += 2
            while end < n and s[end] in _DIGITS:
                end += 1
            is_float = True
        if end < n and s[end] in "eE":
            e = end + 1
            if e < n and s[e] in "+-":
                e += 1
            if e < n and s[e] in _DIGITS:
                while e < n and s[e] in _DIGITS:
                    e += 1
                end = e
                is_float = True
        if is_float:
            return self.parse_float(s[idx:end]), end
        return self.parse_int(s[idx:int_end]), end

    def _parse_object(self, s, end):
        pairs = []
        nextchar = s[end:end + 1]
        if nextchar != '"':
            if nextchar in _WS and nextchar:
                end = _skip_ws(s, end)
                nextchar = s[end:end + 1]
            if nextchar == "}":
                return self._finish_object(pairs), end + 1
            if nextchar != '"':
                raise JSONDecodeError(
                    "Expecting property name enclosed in double quotes", s, end
                )
        end += 1
        while True:
            key, end = scanstring(s, end, self.strict)
            if s[end:end + 1] != ":":
                end = _skip_ws(s, end)
                if s[end:end + 1] != ":":
                    raise JSONDecodeError("Expecting ':' delimiter", s, end)
            end = _skip_ws(s, end + 1)
            try:
                value, end = self._scan_once(s, end)
            except _StopScan as err:
                raise JSONDecodeError("Expecting value", s, err.idx) from None
            pairs.append((key, value))
            end = _skip_ws(s, end)
            nextchar = s[end:end + 1]
            end += 1
            if nextchar == "}":
                break
            if nextchar != ",":
                raise JSONDecodeError("Expecting ',' delimiter", s, end - 1)
            end = _skip_ws(s, end)
            nextchar = s[end:end + 1]
            end += 1
            if nextchar != '"':
                raise JSONDecodeError(
                    "Expecting property name enclosed in double quotes", s, end - 1
                )
        return self._finish_object(pairs), end

    def _finish_object(self, pairs):
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs)
        obj = dict(pairs)
        if self.object_hook is not None:
            return self.object_hook(obj)
        return obj

    def _parse_array(self, s, end):
        values = []
        end = _skip_ws(s, end)
        if s[end:end + 1] == "]":
            return values, end + 1
        while True:
            try:
                value, end = self._scan_once(s, end)
            except _StopScan as err:
                raise JSONDecodeError("Expecting value", s, err.idx) from None
            values.append(value)
            end = _skip_ws(s, end)
            nextchar = s[end:end + 1]
            end += 1
            if nextchar == "]":
                break
            if nextchar != ",":
                raise JSONDecodeError("Expecting ',' delimiter", s, end - 1)
            end = _skip_ws(s, end)
        return values, end


_CONSTANTS = {"-Infinity": -_INFINITY, "Infinity": _INFINITY, "NaN": float("nan")}

_default_decoder = JSONDecoder()


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
          parse_constant=None, object_pairs_hook=None, **kw):
    """Deserialize s (a str, bytes or bytearray containing a JSON document)."""
    if isinstance(s, str):
        if s.startswith("\ufeff"):
            raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
    else:
        if not isinstance(s, (bytes, bytearray)):
            raise TypeError(
                "the JSON object must be str, bytes or bytearray, not %s"
                % s.__class__.__name__
            )
        s = bytes(s).decode("utf-8")
    if (cls is None and object_hook is None and parse_int is None and parse_float is None
            and parse_constant is None and object_pairs_hook is None and not kw):
        return _default_decoder.decode(s)
    if cls is None:
        cls = JSONDecoder
    if object_hook is not None:
        kw["object_hook"] = object_hook
    if object_pairs_hook is not None:
        kw["object_pairs_hook"] = object_pairs_hook
    if parse_float is not None:
        kw["parse_float"] = parse_float
    if parse_int is not None:
        kw["parse_int"] = parse_int
    if parse_constant is not None:
        kw["parse_constant"] = parse_constant
    return cls(**kw).decode(s)


def load(fp, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
         parse_constant=None, object_pairs_hook=None, **kw):
    """Deserialize fp (a .read()-supporting file-like object containing a JSON document)."""
    return loads(
        fp.read(), cls=cls, object_hook=object_hook, parse_float=parse_float,
        parse_int=parse_int, parse_constant=parse_constant,
        object_pairs_hook=object_pairs_hook, **kw,
    )
