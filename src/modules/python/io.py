"""In-memory streams (StringIO, BytesIO), the abstract stream classes, and the names programs
import from io (Heron's stand-in until the native _io exists)."""

import abc
import sys

DEFAULT_BUFFER_SIZE = 8192

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2


class UnsupportedOperation(OSError, ValueError):
    pass


def open_code(path):
    """Opens a file of source code for reading bytes, as importing does."""
    return open(path, "rb")


def text_encoding(encoding, stacklevel=2):
    """The encoding to use for text I/O when `encoding` is None."""
    return "utf-8" if encoding is None else encoding


class IncrementalNewlineDecoder:
    """Wraps an incremental decoder (or None for text input) to report which newline kinds
    were seen and, with `translate`, turn "\\r\\n" and "\\r" into "\\n". A trailing "\\r" waits
    for the next input, since it may start a "\\r\\n"."""

    _LF, _CR, _CRLF = 1, 2, 4
    _KINDS = {0: None, 1: "\n", 2: "\r", 3: ("\r", "\n"), 4: "\r\n",
              5: ("\n", "\r\n"), 6: ("\r", "\r\n"), 7: ("\r", "\n", "\r\n")}

    def __init__(self, decoder, translate, errors="strict"):
        self.decoder = decoder
        self.translate = translate
        self.errors = errors
        self._seen = 0
        self._held_cr = False

    def decode(self, input, final=False):
        text = input if self.decoder is None else self.decoder.decode(input, final=final)
        if self._held_cr and (text or final):
            text = "\r" + text
            self._held_cr = False
        if text.endswith("\r") and not final:
            text = text[:-1]
            self._held_cr = True
        pairs = text.count("\r\n")
        if pairs:
            self._seen |= self._CRLF
        if text.count("\r") > pairs:
            self._seen |= self._CR
        if text.count("\n") > pairs:
            self._seen |= self._LF
        if self.translate and "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text

    def getstate(self):
        if self.decoder is None:
            buffered, flags = b"", 0
        else:
            buffered, flags = self.decoder.getstate()
        return buffered, (flags << 1) | int(self._held_cr)

    def setstate(self, state):
        buffered, flags = state
        self._held_cr = bool(flags & 1)
        if self.decoder is not None:
            self.decoder.setstate((buffered, flags >> 1))

    def reset(self):
        self._seen = 0
        self._held_cr = False
        if self.decoder is not None:
            self.decoder.reset()

    @property
    def newlines(self):
        return self._KINDS[self._seen]


class IOBase(metaclass=abc.ABCMeta):
    """The root of the stream classes: what every stream can do or refuse."""

    def _unsupported(self, name):
        raise UnsupportedOperation(f"{type(self).__name__}.{name}() not supported")

    def seek(self, pos, whence=0):
        self._unsupported("seek")

    def tell(self):
        return self.seek(0, 1)

    def truncate(self, pos=None):
        self._unsupported("truncate")

    def flush(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")

    __closed = False

    def close(self):
        if not self.__closed:
            try:
                self.flush()
            finally:
                self.__closed = True

    @property
    def closed(self):
        return self.__closed

    def seekable(self):
        return False

    def readable(self):
        return False

    def writable(self):
        return False

    def fileno(self):
        self._unsupported("fileno")

    def isatty(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        return False

    def __enter__(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        return self

    def __exit__(self, *args):
        self.close()

    def __iter__(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readline(self, size=-1):
        chunks = []
        n = 0
        while size is None or size < 0 or n < size:
            b = self.read(1)
            if not b:
                break
            chunks.append(b)
            n += len(b)
            if b in (b"\n", "\n"):
                break
        if not chunks:
            return b"" if isinstance(self, (RawIOBase, BufferedIOBase)) else ""
        return chunks[0][:0].join(chunks)

    def readlines(self, hint=None):
        if hint is None or hint <= 0:
            return list(self)
        lines, n = [], 0
        for line in self:
            lines.append(line)
            n += len(line)
            if n >= hint:
                break
        return lines

    def writelines(self, lines):
        for line in lines:
            self.write(line)


class RawIOBase(IOBase):
    """Unbuffered binary streams: `readinto` is the primitive."""

    def read(self, size=-1):
        if size is None or size < 0:
            return self.readall()
        b = bytearray(size)
        n = self.readinto(b)
        if n is None:
            return None
        return bytes(b[:n])

    def readall(self):
        chunks = []
        while True:
            data = self.read(DEFAULT_BUFFER_SIZE)
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)

    def readinto(self, b):
        self._unsupported("readinto")

    def write(self, b):
        self._unsupported("write")


class BufferedIOBase(IOBase):
    """Buffered binary streams."""

    def read(self, size=-1):
        self._unsupported("read")

    def read1(self, size=-1):
        return self.read(size)

    def readinto(self, b):
        data = self.read(len(b))
        n = len(data)
        b[:n] = data
        return n

    def readinto1(self, b):
        return self.readinto(b)

    def write(self, b):
        self._unsupported("write")

    def detach(self):
        self._unsupported("detach")


class TextIOBase(IOBase):
    """Text streams."""

    def read(self, size=-1):
        self._unsupported("read")

    def write(self, s):
        self._unsupported("write")

    def detach(self):
        self._unsupported("detach")

    @property
    def encoding(self):
        return None

    @property
    def newlines(self):
        return None

    @property
    def errors(self):
        return None


class _MemoryIO:
    _empty = ""

    def __init__(self, initial=None):
        self._buf = initial if initial is not None else self._empty
        self._pos = 0
        self.closed = False

    def _check(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")

    def getvalue(self):
        self._check()
        return self._buf

    def read(self, size=-1):
        self._check()
        end = len(self._buf) if size is None or size < 0 else min(self._pos + size, len(self._buf))
        data = self._buf[self._pos:end]
        self._pos = max(self._pos, end)
        return data

    def readline(self, size=-1):
        self._check()
        nl = "\n" if isinstance(self._buf, str) else b"\n"
        i = self._buf.find(nl, self._pos)
        end = len(self._buf) if i < 0 else i + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        data = self._buf[self._pos:end]
        self._pos = end
        return data

    def readlines(self, hint=-1):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def write(self, s):
        self._check()
        if not isinstance(s, type(self._empty)):
            raise TypeError(f"{type(self._empty).__name__} argument expected, got '{type(s).__name__}'")
        if self._pos > len(self._buf):
            pad = self._pos - len(self._buf)
            self._buf += bytes(pad) if isinstance(self._buf, bytes) else "\0" * pad
        self._buf = self._buf[:self._pos] + s + self._buf[self._pos + len(s):]
        self._pos += len(s)
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            self._pos = pos
        elif whence == 1:
            self._pos += pos
        else:
            self._pos = len(self._buf) + pos
        return self._pos

    def tell(self):
        self._check()
        return self._pos

    def truncate(self, size=None):
        size = self._pos if size is None else size
        self._buf = self._buf[:size]
        return size

    def close(self):
        self.closed = True

    def flush(self):
        pass

    def readable(self):
        return True

    def writable(self):
        return True

    def seekable(self):
        return True

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class StringIO(_MemoryIO):
    _empty = ""

    def __init__(self, initial_value="", newline="\n"):
        super().__init__(initial_value or "")


class BytesIO(_MemoryIO):
    _empty = b""

    def __init__(self, initial_bytes=b""):
        super().__init__(bytes(initial_bytes))

    def getbuffer(self):
        return bytearray(self._buf)


class TextIOWrapper(TextIOBase):
    """Text over a binary stream: decodes what it reads, encodes what it writes (newlines
    translated on reading when `newline` is None)."""

    def __init__(self, buffer, encoding=None, errors=None, newline=None,
                 line_buffering=False, write_through=False):
        self.buffer = buffer
        self._encoding = text_encoding(encoding)
        self._errors = errors or "strict"
        self._newline = newline
        self.line_buffering = line_buffering
        self._pending = None

    @property
    def encoding(self):
        return self._encoding

    @property
    def errors(self):
        return self._errors

    @property
    def name(self):
        return getattr(self.buffer, "name", None)

    @property
    def closed(self):
        return self.buffer.closed

    def _text(self):
        if self._pending is None:
            data = self.buffer.read()
            text = data.decode(self._encoding, self._errors)
            if self._newline is None:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            self._pending = text
        return self._pending

    def readable(self):
        return self.buffer.readable()

    def writable(self):
        return self.buffer.writable()

    def read(self, size=-1):
        text = self._text()
        if size is None or size < 0:
            self._pending = ""
            return text
        self._pending = text[size:]
        return text[:size]

    def readline(self, size=-1):
        text = self._text()
        end = text.find("\n")
        end = len(text) if end < 0 else end + 1
        if size is not None and 0 <= size < end:
            end = size
        self._pending = text[end:]
        return text[:end]

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        data = s
        if self._newline not in (None, "", "\n"):
            data = data.replace("\n", self._newline)
        self.buffer.write(data.encode(self._encoding, self._errors))
        if self.line_buffering and "\n" in s:
            self.flush()
        return len(s)

    def flush(self):
        self.buffer.flush()

    def close(self):
        if not self.buffer.closed:
            try:
                self.flush()
            finally:
                self.buffer.close()

    def detach(self):
        buffer, self.buffer = self.buffer, None
        return buffer

    def fileno(self):
        return self.buffer.fileno()
