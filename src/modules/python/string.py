"""Common string constants, capwords, Template and Formatter (Heron's string module)."""

__all__ = [
    "ascii_letters", "ascii_lowercase", "ascii_uppercase", "capwords", "digits",
    "hexdigits", "octdigits", "printable", "punctuation", "whitespace", "Formatter",
    "Template",
]

whitespace = " \t\n\r\x0b\x0c"
ascii_lowercase = "abcdefghijklmnopqrstuvwxyz"
ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ascii_letters = ascii_lowercase + ascii_uppercase
digits = "0123456789"
hexdigits = digits + "abcdef" + "ABCDEF"
octdigits = "01234567"
punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    return (sep or " ").join(word.capitalize() for word in s.split(sep))


_ID_START = "_" + ascii_letters
_ID_REST = _ID_START + digits


class Template:
    """A string class for supporting $-substitutions."""

    delimiter = "$"
    braceidpattern = None

    def __init__(self, template):
        self.template = template

    def _scan(self):
        # Yields (start, end, kind, name) for each placeholder: kind is "escaped", "named",
        # "braced" or "invalid", mirroring the groups of CPython's Template pattern.
        text = self.template
        delim = self.delimiter
        dl = len(delim)
        i = 0
        n = len(text)
        while True:
            j = text.find(delim, i)
            if j < 0:
                return
            k = j + dl
            if text.startswith(delim, k):
                yield (j, k + dl, "escaped", None)
                i = k + dl
                continue
            if k < n and text[k] in _ID_START:
                e = k + 1
                while e < n and text[e] in _ID_REST:
                    e += 1
                yield (j, e, "named", text[k:e])
                i = e
                continue
            if k < n and text[k] == "{" and k + 1 < n and text[k + 1] in _ID_START:
                e = k + 2
                while e < n and text[e] in _ID_REST:
                    e += 1
                if e < n and text[e] == "}":
                    yield (j, e + 1, "braced", text[k + 1:e])
                    i = e + 1
                    continue
            yield (j, k, "invalid", None)
            i = k

    def _invalid(self, pos):
        lines = self.template[:pos].splitlines(keepends=True)
        if not lines:
            colno = 1
            lineno = 1
        else:
            colno = pos - len("".join(lines[:-1]))
            lineno = len(lines)
        raise ValueError("Invalid placeholder in string: line %d, col %d" % (lineno, colno))

    def _mapping(self, mapping, kws):
        if mapping is None:
            return kws
        if kws:
            return _ChainGet(kws, mapping)
        return mapping

    def substitute(self, mapping=None, /, **kws):
        mapping = self._mapping(mapping, kws)
        out = []
        last = 0
        for start, end, kind, name in self._scan():
            out.append(self.template[last:start])
            if kind == "escaped":
                out.append(self.delimiter)
            elif kind == "invalid":
                self._invalid(end)
            else:
                out.append("%s" % (mapping[name],))
            last = end
        out.append(self.template[last:])
        return "".join(out)

    def safe_substitute(self, mapping=None, /, **kws):
        mapping = self._mapping(mapping, kws)
        out = []
        last = 0
        text = self.template
        for start, end, kind, name in self._scan():
            out.append(text[last:start])
            if kind == "escaped":
                out.append(self.delimiter)
            elif kind == "invalid":
                out.append(text[start:end])
            else:
                try:
                    out.append("%s" % (mapping[name],))
                except KeyError:
                    out.append(text[start:end])
            last = end
        out.append(text[last:])
        return "".join(out)

    def is_valid(self):
        for start, end, kind, name in self._scan():
            if kind == "invalid":
                return False
        return True

    def get_identifiers(self):
        ids = []
        for start, end, kind, name in self._scan():
            if kind == "invalid":
                self._invalid(end)
            if name is not None and name not in ids:
                ids.append(name)
        return ids


class _ChainGet:
    # Keyword arguments take precedence over the mapping, as in CPython's ChainMap use.
    def __init__(self, first, second):
        self.first = first
        self.second = second

    def __getitem__(self, key):
        if key in self.first:
            return self.first[key]
        return self.second[key]


class Formatter:
    def format(self, format_string, /, *args, **kwargs):
        return self.vformat(format_string, args, kwargs)

    def vformat(self, format_string, args, kwargs):
        used_args = set()
        result, _ = self._vformat(format_string, args, kwargs, used_args, 2)
        self.check_unused_args(used_args, args, kwargs)
        return result

    def _vformat(self, format_string, args, kwargs, used_args, recursion_depth, auto_arg_index=0):
        if recursion_depth < 0:
            raise ValueError("Max string recursion exceeded")
        result = []
        for literal_text, field_name, format_spec, conversion in self.parse(format_string):
            if literal_text:
                result.append(literal_text)
            if field_name is not None:
                if field_name == "":
                    if auto_arg_index is False:
                        raise ValueError(
                            "cannot switch from manual field specification to automatic field numbering"
                        )
                    field_name = str(auto_arg_index)
                    auto_arg_index += 1
                elif field_name.isdigit():
                    if auto_arg_index:
                        raise ValueError(
                            "cannot switch from manual field specification to automatic field numbering"
                        )
                    auto_arg_index = False
                obj, arg_used = self.get_field(field_name, args, kwargs)
                used_args.add(arg_used)
                obj = self.convert_field(obj, conversion)
                format_spec, auto_arg_index = self._vformat(
                    format_spec, args, kwargs, used_args, recursion_depth - 1,
                    auto_arg_index=auto_arg_index,
                )
                result.append(self.format_field(obj, format_spec))
        return "".join(result), auto_arg_index

    def get_value(self, key, args, kwargs):
        if isinstance(key, int):
            return args[key]
        return kwargs[key]

    def check_unused_args(self, used_args, args, kwargs):
        pass

    def format_field(self, value, format_spec):
        return format(value, format_spec)

    def convert_field(self, value, conversion):
        if conversion is None:
            return value
        if conversion == "s":
            return str(value)
        if conversion == "r":
            return repr(value)
        if conversion == "a":
            return ascii(value)
        raise ValueError("Unknown conversion specifier %s" % (conversion,))

    def parse(self, format_string):
        # Splits into (literal_text, field_name, format_spec, conversion) tuples like
        # CPython's _string.formatter_parser.
        s = format_string
        n = len(s)
        i = 0
        literal = []
        while i < n:
            ch = s[i]
            if ch == "{":
                if i + 1 < n and s[i + 1] == "{":
                    literal.append("{")
                    yield ("".join(literal), None, None, None)
                    literal = []
                    i += 2
                    continue
                depth = 1
                j = i + 1
                while j < n and depth:
                    if s[j] == "{":
                        depth += 1
                    elif s[j] == "}":
                        depth -= 1
                    j += 1
                if depth:
                    raise ValueError("expected '}' before end of string")
                field = s[i + 1:j - 1]
                name_end = 0
                bracket = False
                while name_end < len(field):
                    c = field[name_end]
                    if c == "[":
                        bracket = True
                    elif c == "]":
                        bracket = False
                    elif not bracket and (c == "!" or c == ":"):
                        break
                    name_end += 1
                name = field[:name_end]
                rest = field[name_end:]
                conversion = None
                spec = ""
                if rest.startswith("!"):
                    if len(rest) < 2:
                        raise ValueError("end of string while looking for conversion specifier")
                    conversion = rest[1]
                    rest = rest[2:]
                    if rest and not rest.startswith(":"):
                        raise ValueError("expected ':' after conversion specifier")
                if rest.startswith(":"):
                    spec = rest[1:]
                yield ("".join(literal), name, spec, conversion)
                literal = []
                i = j
            elif ch == "}":
                if i + 1 < n and s[i + 1] == "}":
                    literal.append("}")
                    yield ("".join(literal), None, None, None)
                    literal = []
                    i += 2
                    continue
                raise ValueError("Single '}' encountered in format string")
            else:
                literal.append(ch)
                i += 1
        if literal:
            yield ("".join(literal), None, None, None)

    def get_field(self, field_name, args, kwargs):
        first, rest = _split_field(field_name)
        obj = self.get_value(first, args, kwargs)
        for is_attr, i in rest:
            if is_attr:
                obj = getattr(obj, i)
            else:
                obj = obj[i]
        return obj, first


def _split_field(name):
    n = len(name)
    i = 0
    while i < n and name[i] not in ".[":
        i += 1
    first = name[:i]
    if first.isdigit():
        first = int(first)
    rest = []
    while i < n:
        if name[i] == ".":
            j = i + 1
            while j < n and name[j] not in ".[":
                j += 1
            rest.append((True, name[i + 1:j]))
            i = j
        else:
            j = name.find("]", i)
            if j < 0:
                raise ValueError("Missing ']' in format string")
            key = name[i + 1:j]
            if key.isdigit():
                key = int(key)
            rest.append((False, key))
            i = j + 1
    return first, rest
