# CPython's codecs and encodings packages over the native _codecs: round trips in many
# codecs, every built-in error handler, custom handlers, incremental decoding, BOMs.
import codecs
print(codecs.lookup("UTF-8").name, codecs.lookup("latin_1").name, codecs.lookup("utf-16").name)
for enc in ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "latin-1", "ascii", "cp1252", "cp437", "iso8859-15", "koi8-r", "mac-roman", "utf-8-sig", "unicode_escape", "raw_unicode_escape"]:
    s = "héllo €" if enc not in ("ascii", "latin-1", "cp437", "koi8-r", "mac-roman") else "hello"
    try:
        b = codecs.encode(s, enc)
        print(enc, b, codecs.decode(b, enc) == s)
    except Exception as e:
        print(enc, type(e).__name__, e)
print(codecs.encode("a€b", "ascii", "replace"), codecs.encode("a€b", "ascii", "backslashreplace"), codecs.encode("a€b", "ascii", "xmlcharrefreplace"), codecs.encode("a€b", "ascii", "ignore"))
print(codecs.decode(b"a\xffb", "utf-8", "replace"), codecs.decode(b"a\xffb", "utf-8", "backslashreplace"), codecs.decode(b"a\xffb", "utf-8", "ignore"))
try:
    codecs.decode(b"a\xffb", "utf-8")
except UnicodeDecodeError as e:
    print(e, e.start, e.end, e.reason)
try:
    codecs.encode("aé", "ascii")
except UnicodeEncodeError as e:
    print(e, e.start, e.end)
codecs.register_error("ords", lambda e: ("".join("[%d]" % ord(c) for c in e.object[e.start:e.end]) if isinstance(e, UnicodeEncodeError) else "?", e.end))
print(codecs.encode("aéb", "ascii", "ords"), codecs.decode(b"a\xffb", "ascii", "ords"))
print(codecs.lookup_error("strict"), codecs.escape_decode(b"a\\n\\x41")[0], codecs.decode(b"\\u00e9\\n", "unicode_escape"))
dec = codecs.getincrementaldecoder("utf-8")()
print(repr(dec.decode(b"\xe2\x82")), repr(dec.decode(b"\xac")), repr(dec.decode(b"", final=True)))
print(codecs.BOM_UTF8, codecs.decode(codecs.BOM_UTF8 + b"x", "utf-8-sig"))
print(codecs.encode("abc", "rot13"))
