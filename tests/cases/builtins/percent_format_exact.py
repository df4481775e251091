# %-formatting keeps exact code points (lone surrogates), bounds widths and precisions as
# CPython does, and formats floats at any precision.
print(ascii("%s|%5s|%-4s|%.2s" % ("a\ud800b", "\udc00", "\ud801", "\ud802xyz")))
print(ascii("x\ud800%sy" % "z"), ascii("%(k)s" % {"k": "\udfff"}), ascii("%(\ud800)s" % {"\ud800": 1}))
print(ascii("%c|%3c|%-3c" % (0xd800, "\udc01", 65)), ascii("%r %a" % ("\ud800", "\ud800")))
print("%d %5.1f %x %s %%" % (3, 2.25, 255, [1]), b"%s %c %5b" % (b"ab", 65, b"x"))
try: "%c" % 0x110000
except OverflowError as e: print(e)
try: "%c" % "ab"
except TypeError as e: print(e)
import sys
for f, a in [("%.*d", (sys.maxsize, 1)), ("%*d", (sys.maxsize + 1, 1)), ("%.99999999999d", (1,)),
             ("%99999999999999999999d", (1,)), ("%.*d", (2**31, 1)), ("% %s", (1,)), ("%5%", ())]:
    try:
        print(len(f % a))
    except Exception as e:
        print(type(e).__name__, e)
print(len("%12.*f" % (123456, 1.0)), len(format(0.1, ".70000f")), len("%.70000e" % 1.5))
print(("%.1100f" % 2**-1074)[-40:], format(2.0, "#.30g"))
