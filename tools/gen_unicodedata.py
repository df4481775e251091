"""Generate Heron's Unicode character database: src/unicode/ucd.bin.

Heron's `unicodedata` must answer exactly as CPython 3.11's does, and CPython 3.11 is built on
Unicode 14.0.0 (plus the 3.2.0 view `ucd_3_2_0` that IDNA needs). The crates that carry Unicode
data track the newest version, so the tables are read off CPython 3.11's own module, property by
property for every code point, and written in a compact form that Heron reads without parsing:

    file     := b"HUCD" section*
    section  := u32 name_len, name (ASCII), u32 data_len, data      (little endian)

Sections:
    version            the Unicode version, ASCII
    categories, bidi, eaw
                       the property values, '\n'-joined; records index into them
    records            16-byte records: category, bidi, combining, east_asian_width, mirrored,
                       decimal (i8, -1 none), digit (i8, -1 none), str flags, numeric (f64,
                       NaN none). The str flags are the properties `str`'s methods read that the
                       other fields do not give (bits: Lowercase, Uppercase, Cased,
                       Case_Ignorable, XID_Start, XID_Continue, space, line break), taken from
                       CPython 3.11's own str methods (the same in both views)
    index1.14, index2.14, index1.3.2, index2.3.2
                       two-level u16 tables from code point to record: index1[cp >> 7] is a block,
                       index2[block * 128 + (cp & 127)] the record
    decomposition      zlib: lines "HEX;decomposition" for code points that have one (14.0.0;
                       the 3.2.0 view shows the same for the code points 3.2.0 assigns)
    names              zlib: lines "HEX;NAME" for every named code point except the Hangul
                       syllables and the CJK unified ideographs, whose names are computed
    cjk.14, cjk.3.2    u32 pairs: the inclusive ranges of CJK unified ideographs
    aliases            zlib: lines "HEX;ALIAS" of the name aliases `lookup` accepts
    composites         u32 triples (first, second, composite): the primary composites of NFC
    nfd32              zlib: lines "HEX;FORM;HEX HEX..." where the 3.2.0 view decomposes a code
                       point differently from 14.0.0 (the normalization corrections)
    case               zlib: lines "HEX;lower;upper;title;casefold", each a space-separated HEX
                       sequence, for the code points whose full case mappings are not themselves

Run with CPython 3.11: python3.11 tools/gen_unicodedata.py NameAliases.txt
(NameAliases.txt from the Unicode Character Database; the aliases CPython 3.11 accepts are kept).
"""

import struct
import sys
import unicodedata
import zlib

assert unicodedata.unidata_version == "14.0.0", "run this with CPython 3.11"

MAX = 0x110000
BLOCK = 128
U14 = unicodedata
U32 = unicodedata.ucd_3_2_0
OUT = "src/unicode/ucd.bin"

categories, bidis, eaws = [], [], []


def intern(table, value):
    if value not in table:
        table.append(value)
    return table.index(value)


records, record_ids = [], {}


def str_flags(ch):
    """The bits of the str properties, read off CPython's str methods."""
    lower, upper = ch.islower(), ch.isupper()
    cased = lower or upper or U14.category(ch) == "Lt"
    # A final capital sigma lowers to U+03C2 when a cased letter precedes it, skipping
    # case-ignorable characters: that tells which characters are case-ignorable.
    if cased:
        ignorable = not (" " + ch + "\u03a3").lower().endswith("\u03c2")
    else:
        ignorable = ("A" + ch + "\u03a3").lower().endswith("\u03c2")
    bits = [
        lower,
        upper,
        cased,
        ignorable,
        ch.isidentifier() and ch != "_",
        ("a" + ch).isidentifier(),
        ch.isspace(),
        len(("a" + ch + "b").splitlines()) == 2,
    ]
    # What the other fields give must agree with the str methods.
    cat = U14.category(ch)
    assert ch.isalpha() == (cat[0] == "L"), ch
    assert ch.isdecimal() == (U14.decimal(ch, None) is not None), ch
    assert ch.isdigit() == (U14.digit(ch, None) is not None), ch
    assert ch.isnumeric() == (U14.numeric(ch, None) is not None), ch
    printable = ch == " " or cat not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")
    assert ch.isprintable() == printable, ch
    return sum(1 << i for i, bit in enumerate(bits) if bit)


def record(db, ch):
    numeric = db.numeric(ch, None)
    rec = struct.pack(
        "<BBBBBbbBd",
        intern(categories, db.category(ch)),
        intern(bidis, db.bidirectional(ch)),
        db.combining(ch),
        intern(eaws, db.east_asian_width(ch)),
        db.mirrored(ch),
        db.decimal(ch, -1),
        db.digit(ch, -1),
        str_flags(ch),
        float("nan") if numeric is None else numeric,
    )
    if rec not in record_ids:
        record_ids[rec] = len(records)
        records.append(rec)
    return record_ids[rec]


def two_level(db):
    index1, blocks, block_ids = [], [], {}
    for start in range(0, MAX, BLOCK):
        block = tuple(record(db, chr(cp)) for cp in range(start, start + BLOCK))
        if block not in block_ids:
            block_ids[block] = len(blocks)
            blocks.append(block)
        index1.append(block_ids[block])
    index2 = [r for block in blocks for r in block]
    assert len(blocks) < 65536 and len(records) < 65536
    return struct.pack(f"<{len(index1)}H", *index1), struct.pack(f"<{len(index2)}H", *index2)


def cjk_ranges(db):
    runs = []
    for cp in range(MAX):
        if db.name(chr(cp), "") == "CJK UNIFIED IDEOGRAPH-%X" % cp:
            if runs and runs[-1][1] == cp - 1:
                runs[-1][1] = cp
            else:
                runs.append([cp, cp])
    return b"".join(struct.pack("<II", a, b) for a, b in runs)


def is_computed(cp, name):
    return name == "CJK UNIFIED IDEOGRAPH-%X" % cp or (
        0xAC00 <= cp <= 0xD7A3 and name.startswith("HANGUL SYLLABLE ")
    )


def main():
    index1_14, index2_14 = two_level(U14)
    index1_32, index2_32 = two_level(U32)

    decomposition, names, composites, nfd32, case = [], [], [], [], []
    for cp in range(MAX):
        ch = chr(cp)
        decomp = U14.decomposition(ch)
        assigned32 = U32.category(ch) != "Cn"
        assert U32.decomposition(ch) == (decomp if assigned32 else "")
        if decomp:
            decomposition.append("%X;%s" % (cp, decomp))
            parts = decomp.split()
            if len(parts) == 2 and not parts[0].startswith("<"):
                if U14.normalize("NFC", ch) == ch:
                    composites.append((int(parts[0], 16), int(parts[1], 16), cp))
        mappings = (ch.lower(), ch.upper(), ch.title(), ch.casefold())
        if any(m != ch for m in mappings):
            case.append("%X;%s" % (cp, ";".join(" ".join("%X" % ord(c) for c in m) for m in mappings)))
        name = U14.name(ch, "")
        assert U32.name(ch, "") == (name if assigned32 else "")
        if name and not is_computed(cp, name):
            names.append("%X;%s" % (cp, name))
        if assigned32:
            for form in ("NFD", "NFKD"):
                if U32.normalize(form, ch) != U14.normalize(form, ch):
                    nfd32.append(
                        "%X;%s;%s" % (cp, form, " ".join("%X" % ord(c) for c in U32.normalize(form, ch)))
                    )

    aliases = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            cp, alias, _kind = line.split(";")
            try:
                if U14.lookup(alias) == chr(int(cp, 16)):
                    aliases.append("%s;%s" % (cp, alias))
            except KeyError:
                pass

    def text(lines):
        return zlib.compress("\n".join(lines).encode("ascii"), 9)

    sections = [
        ("version", U14.unidata_version.encode()),
        ("categories", "\n".join(categories).encode()),
        ("bidi", "\n".join(bidis).encode()),
        ("eaw", "\n".join(eaws).encode()),
        ("records", b"".join(records)),
        ("index1.14", index1_14),
        ("index2.14", index2_14),
        ("index1.3.2", index1_32),
        ("index2.3.2", index2_32),
        ("decomposition", text(decomposition)),
        ("names", text(names)),
        ("cjk.14", cjk_ranges(U14)),
        ("cjk.3.2", cjk_ranges(U32)),
        ("aliases", text(aliases)),
        ("composites", b"".join(struct.pack("<III", *c) for c in composites)),
        ("nfd32", text(nfd32)),
        ("case", text(case)),
    ]
    with open(OUT, "wb") as f:
        f.write(b"HUCD")
        for name, data in sections:
            f.write(struct.pack("<I", len(name)) + name.encode() + struct.pack("<I", len(data)) + data)
    for name, data in sections:
        print(f"{name:14} {len(data):8} bytes")
    print(f"{len(records)} records, {len(names)} names, {len(aliases)} aliases, {len(composites)} composites, {len(nfd32)} 3.2.0 corrections, {len(case)} case mappings")


main()
