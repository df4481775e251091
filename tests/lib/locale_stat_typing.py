# The native _locale, _stat and _typing under CPython's locale, stat and typing modules.
import _locale
import locale
import os
import stat
import sys
import tempfile
import typing

# locale: LC_CTYPE comes from the environment at start-up; the rest stays "C"
print(locale.setlocale(locale.LC_NUMERIC), locale.setlocale(locale.LC_TIME))
print(locale.getencoding())
print(locale.setlocale(locale.LC_ALL, "C"), locale.setlocale(locale.LC_CTYPE))
conv = locale.localeconv()
print(sorted(conv.items()))
print(locale.nl_langinfo(locale.CODESET), locale.nl_langinfo(locale.D_T_FMT), locale.nl_langinfo(locale.DAY_1))
print(locale.nl_langinfo(locale.ABMON_12), locale.nl_langinfo(locale.RADIXCHAR), repr(locale.nl_langinfo(locale.THOUSEP)))
try:
    locale.nl_langinfo(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    locale.setlocale(locale.LC_ALL, "xx_NOT_A_LOCALE")
except locale.Error as e:
    print(type(e).__module__, type(e).__name__, e)
print(issubclass(locale.Error, Exception), locale.Error is _locale.Error)
print(locale.strcoll("a", "b") < 0, locale.strcoll("b", "a") > 0, locale.strcoll("x", "x"))
print(locale.strxfrm("abc"), sorted(["b", "A", "a", "B"], key=locale.strxfrm))
for bad in [("a\0", "b"), (1, "b")]:
    try:
        locale.strcoll(*bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(locale.format_string("%.2f", 1234.5, grouping=True), locale.currency(5, symbol=False) if conv["frac_digits"] != 127 else "no currency in C")
print(locale.atof("3.25"), locale.atoi("42"), locale.str(2.5), locale.delocalize("1.5"))
print(locale.gettext("hello"), locale.dgettext(None, "world"), locale.textdomain(None))
print(locale.getlocale(locale.LC_NUMERIC), locale.normalize("en_us"), locale.CHAR_MAX)
print(sorted(k for k in dir(_locale) if k.startswith("LC_")))

# stat
print(stat.S_IFMT(0o100644) == stat.S_IFREG, stat.S_IMODE(0o104755), stat.filemode(0o104755))
print([stat.filemode(m) for m in (0o040755, 0o120777, 0o020620, 0o060660, 0o010644, 0o140755, 0o101777, 0o102000)])
with tempfile.TemporaryDirectory() as d:
    st = os.stat(d)
    print(stat.S_ISDIR(st.st_mode), stat.S_ISREG(st.st_mode), stat.S_ISLNK(st.st_mode), stat.S_ISDOOR(st.st_mode))
    print(stat.filemode(st.st_mode)[0], stat.S_ISFIFO(stat.S_IFIFO), stat.S_ISSOCK(stat.S_IFSOCK), stat.S_ISWHT(0))
print(stat.ST_MTIME, stat.UF_HIDDEN, stat.SF_SNAPSHOT, stat.S_ENFMT, stat.S_IFDOOR, stat.S_IRWXU)
for bad in ["x", -1, 2**40]:
    try:
        stat.S_ISDIR(bad)
    except (TypeError, OverflowError) as e:
        print(type(e).__name__)
print(sys.modules["_stat"].__name__, stat.S_ISDIR.__module__)

# typing.NewType calls _typing._idfunc
UserId = typing.NewType("UserId", int)
print(UserId(5), UserId.__supertype__, sys.modules["_typing"]._idfunc("x"))
