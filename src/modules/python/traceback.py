"""Extracting, formatting and printing tracebacks, as CPython's traceback module does."""

import sys

_source_cache = {}


def _getline(filename, lineno):
    lines = _source_cache.get(filename)
    if lines is None:
        try:
            with open(filename) as f:
                lines = f.read().splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        _source_cache[filename] = lines
    if 1 <= lineno <= len(lines):
        return lines[lineno - 1].strip()
    return ""


class FrameSummary:
    def __init__(self, filename, lineno, name, line=None):
        self.filename = filename
        self.lineno = lineno
        self.name = name
        self._line = line

    @property
    def line(self):
        if self._line is None:
            self._line = _getline(self.filename, self.lineno)
        return self._line

    def __eq__(self, other):
        if isinstance(other, FrameSummary):
            return (self.filename, self.lineno, self.name, self.line) == (
                other.filename, other.lineno, other.name, other.line)
        if isinstance(other, tuple):
            return (self.filename, self.lineno, self.name, self.line) == other
        return NotImplemented

    def __getitem__(self, pos):
        return (self.filename, self.lineno, self.name, self.line)[pos]

    def __iter__(self):
        return iter([self.filename, self.lineno, self.name, self.line])

    def __len__(self):
        return 4

    def __repr__(self):
        return f"<FrameSummary file {self.filename}, line {self.lineno} in {self.name}>"


class StackSummary(list):
    @classmethod
    def from_list(cls, a_list):
        result = cls()
        for item in a_list:
            if isinstance(item, FrameSummary):
                result.append(item)
            else:
                filename, lineno, name, line = item
                result.append(FrameSummary(filename, lineno, name, line=line))
        return result

    def format(self):
        out = []
        for f in self:
            row = f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
            if f.line:
                row += f"    {f.line}\n"
            out.append(row)
        return out


def walk_tb(tb):
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next


def extract_tb(tb, limit=None):
    frames = [FrameSummary(f.f_code.co_filename, lineno, f.f_code.co_name) for f, lineno in walk_tb(tb)]
    if limit is not None:
        frames = frames[:limit] if limit >= 0 else frames[limit:]
    return StackSummary(frames)


def extract_stack(f=None, limit=None):
    if f is None:
        f = sys._getframe(1)
    frames = []
    while f is not None:
        frames.append(FrameSummary(f.f_code.co_filename, f.f_lineno, f.f_code.co_name))
        f = f.f_back
    frames.reverse()
    if limit is not None:
        frames = frames[-limit:] if limit >= 0 else frames[:-limit]
    return StackSummary(frames)


def format_list(extracted_list):
    return StackSummary.from_list(extracted_list).format()


def format_tb(tb, limit=None):
    return extract_tb(tb, limit).format()


def _type_name(etype):
    module = getattr(etype, "__module__", None)
    qualname = getattr(etype, "__qualname__", etype.__name__)
    if module in (None, "builtins", "__main__"):
        return qualname
    return f"{module}.{qualname}"


def _some_str(value):
    try:
        return str(value)
    except Exception:
        return f"<exception str() failed>"


def format_exception_only(exc, value=None):
    if value is None and isinstance(exc, BaseException):
        value = exc
        exc = type(value)
    if value is None:
        return [_type_name(exc) + "\n"]
    name = _type_name(type(value))
    if isinstance(value, SyntaxError) and getattr(value, "lineno", None) is not None:
        lines = [f'  File "{value.filename}", line {value.lineno}\n']
        text = value.text
        if text:
            stripped = text.strip()
            lines.append(f"    {stripped}\n")
            if value.offset is not None:
                indent = len(text) - len(text.lstrip())
                caret = max(value.offset - 1 - indent, 0)
                lines.append("    " + " " * caret + "^\n")
        lines.append(f"{name}: {value.msg}\n")
        return lines
    text = _some_str(value)
    line = f"{name}: {text}\n" if text else f"{name}\n"
    out = [line]
    for note in getattr(value, "__notes__", ()) or ():
        out.append(f"{note}\n")
    return out


def _chain(value, seen):
    chain = []
    while value is not None and id(value) not in seen:
        seen.add(id(value))
        if value.__cause__ is not None:
            chain.append((value, "\nThe above exception was the direct cause of the following exception:\n\n"))
            value = value.__cause__
        elif value.__context__ is not None and not value.__suppress_context__:
            chain.append((value, "\nDuring handling of the above exception, another exception occurred:\n\n"))
            value = value.__context__
        else:
            chain.append((value, None))
            value = None
    chain.reverse()
    return chain


def format_exception(exc, value=None, tb=None, limit=None, chain=True):
    if value is None and isinstance(exc, BaseException):
        value = exc
        tb = value.__traceback__
    if value is None:
        return format_exception_only(exc)
    out = []
    parts = _chain(value, set()) if chain else [(value, None)]
    for i, (v, _) in enumerate(parts):
        if i > 0:
            out.append(parts[i - 1][1] or "")
        vtb = tb if v is value else v.__traceback__
        if vtb is not None:
            out.append("Traceback (most recent call last):\n")
            out.extend(format_tb(vtb, limit))
        out.extend(format_exception_only(type(v), v))
    return out


def print_exception(exc, value=None, tb=None, limit=None, file=None, chain=True):
    if file is None:
        file = sys.stderr
    for line in format_exception(exc, value, tb, limit=limit, chain=chain):
        print(line, end="", file=file)


def format_exc(limit=None, chain=True):
    value = sys.exc_info()[1]
    if value is None:
        return "NoneType: None\n"
    return "".join(format_exception(type(value), value, value.__traceback__, limit=limit, chain=chain))


def print_exc(limit=None, file=None, chain=True):
    value = sys.exc_info()[1]
    if value is None:
        print("NoneType: None", file=file if file is not None else sys.stderr)
        return
    print_exception(type(value), value, value.__traceback__, limit=limit, file=file, chain=chain)


def print_tb(tb, limit=None, file=None):
    if file is None:
        file = sys.stderr
    for line in format_tb(tb, limit):
        print(line, end="", file=file)


def format_stack(f=None, limit=None):
    if f is None:
        f = sys._getframe(1)
    return extract_stack(f, limit).format()


def print_stack(f=None, limit=None, file=None):
    if f is None:
        f = sys._getframe(1)
    if file is None:
        file = sys.stderr
    for line in format_stack(f, limit):
        print(line, end="", file=file)
