# unicodedata (Unicode 14.0.0 and the 3.2.0 view), the str methods that read the same
# database, and the codecs' namereplace handler and \N{...} escapes.
import codecs
import hashlib
import sys
import unicodedata as u

print(u.unidata_version, u.ucd_3_2_0.unidata_version, type(u.ucd_3_2_0).__name__)


def props(db, ch):
    return "|".join(
        str(x)
        for x in (
            db.category(ch),
            db.bidirectional(ch),
            db.combining(ch),
            db.east_asian_width(ch),
            db.mirrored(ch),
            db.decimal(ch, -1),
            db.digit(ch, -1),
            db.numeric(ch, -1),
            db.decomposition(ch),
            db.name(ch, "?"),
        )
    )


for ch in "A\xe9\u0301\u00bd\u2155\u0663\u00b2\u2160\u4e00\uac01\U0001f600\ue000\u231a(\ufb01":
    print(ascii(ch), props(u, ch))
    print("   3.2:", props(u.ucd_3_2_0, ch))

# Checksums over a sample of every code point, in both views.
for db in (u, u.ucd_3_2_0):
    h = hashlib.sha1()
    for cp in range(0, sys.maxunicode + 1, 13):
        h.update(props(db, chr(cp)).encode())
    print(db.unidata_version, h.hexdigest())

# Normal forms of every character with a decomposition in the sample, and of sequences that
# reorder and compose.
h = hashlib.sha1()
for cp in range(0, 0x30000, 3):
    ch = chr(cp)
    if u.decomposition(ch) or u.combining(ch):
        for form in ("NFC", "NFD", "NFKC", "NFKD"):
            h.update(u.normalize(form, ch + "\u0323\u0301a").encode("utf-8", "surrogatepass"))
            h.update(u.ucd_3_2_0.normalize(form, ch).encode("utf-8", "surrogatepass"))
print("normal forms", h.hexdigest())
for s in ["e\u0301", "\u1100\u1161\u11a8", "\uac01", "a\u0301\u0323", "\u212b", "\ufb01", "\u1e9b\u0323"]:
    print(ascii(s), [ascii(u.normalize(f, s)) for f in ("NFC", "NFD", "NFKC", "NFKD")],
          u.is_normalized("NFC", s), u.is_normalized("NFD", s))

# Names both ways.
for name in ["LATIN SMALL LETTER A", "latin small letter a", "HANGUL SYLLABLE GAG",
             "CJK UNIFIED IDEOGRAPH-4E00", "CJK UNIFIED IDEOGRAPH-4e00", "LATIN CAPITAL LETTER GHA",
             "GRINNING FACE", "NOT A NAME", "x" * 300]:
    for db in (u, u.ucd_3_2_0):
        try:
            print(ascii(db.lookup(name)), end=" ")
        except KeyError as e:
            print("KeyError", e, end=" ")
    print()

# Errors.
for f in [lambda: u.category("ab"), lambda: u.category(1), lambda: u.decimal("a"),
          lambda: u.digit("a"), lambda: u.numeric("a"), lambda: u.name("\ue000"),
          lambda: u.normalize("NFX", "a"), lambda: u.normalize("NFC", b"a"), lambda: u.UCD(),
          lambda: u.decimal("a", 1, 2), lambda: u.ucd_3_2_0.name("\U0001f600")]:
    try:
        print(f())
    except (TypeError, ValueError, KeyError) as e:
        print(type(e).__name__, e)
print(u.name("\ue000", None), u.decimal("x", "none"))

# str methods on a sample of every code point.
h = hashlib.sha1()
for cp in range(0, sys.maxunicode + 1, 29):
    c = chr(cp)
    flags = [c.isalnum(), c.isalpha(), c.isdecimal(), c.isdigit(), c.islower(), c.isnumeric(),
             c.isspace(), c.istitle(), c.isupper(), c.isprintable(), c.isidentifier(),
             ("a" + c).isidentifier()]
    text = [c.lower(), c.upper(), c.title(), c.casefold(), c.swapcase(), (c + "abc").title(),
            (c + "ABC").capitalize(), str(len(("a" + c + "b").splitlines()))]
    h.update(("".join("01"[f] for f in flags) + "".join(text)).encode("utf-8", "surrogatepass"))
print("str methods", h.hexdigest())
print("ΑΣ ΑΣ. ΣΑ".lower(), "ß".upper(), "ǆemal".title(), "ﬁre".capitalize(), "İ".lower() == "i\u0307")
print("a\u05bfb".isalpha(), "\u2160".isnumeric(), "x\u00b2".isdigit(), "\u0660\u0661".isdecimal(),
      int("\u0661\u0662"), "a\u3000b".split(), "a\u2028b\x85c".splitlines())

# The codecs.
print("a\xe9\u20ac\U0001f600\ue000".encode("ascii", "namereplace"))
print(codecs.namereplace_errors(UnicodeEncodeError("ascii", "\u03b1x", 0, 1, "r")))
for b in [rb"\N{LATIN SMALL LETTER A}x", rb"\N{latin capital letter gha}", rb"\N{NOPE}", rb"\N{}",
          rb"\Nx", rb"\N{ABC"]:
    try:
        print(ascii(b.decode("unicode_escape")))
    except UnicodeDecodeError as e:
        print(e, e.start, e.end)
print("b\u00fccher".encode("idna"), b"xn--bcher-kva".decode("idna"))
