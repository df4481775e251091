# Pure-Python modules of CPython's Lib/ that build on the core: difflib, graphlib, textwrap,
# html, colorsys, ipaddress, stat, token, datetime.
import colorsys
import datetime
import difflib
import graphlib
import html
import ipaddress
import stat
import sys
import textwrap
import token

a = ["one", "two", "three", "four"]
b = ["one", "too", "three", "four", "five"]
for line in difflib.unified_diff(a, b, "a", "b", lineterm=""):
    print(line)
print(round(difflib.SequenceMatcher(None, "abcd", "bcde").ratio(), 3))
print(difflib.get_close_matches("appel", ["ape", "apple", "peach", "puppy"]))

ts = graphlib.TopologicalSorter({"b": {"a"}, "c": {"b", "a"}, "d": {"c"}})
print(list(ts.static_order()))
try:
    list(graphlib.TopologicalSorter({"x": {"y"}, "y": {"x"}}).static_order())
except graphlib.CycleError as e:
    print("CycleError:", e.args[0])

print(textwrap.fill("The quick brown fox jumps over the lazy dog " * 3, width=30))
print(textwrap.dedent("    a\n      b\n    c"))
print(textwrap.shorten("Hello there, how are you doing today?", width=20))

print(html.escape("<a href='x'>&</a>"), html.unescape("&lt;p&gt; &amp; &#39; &eacute;"))
print([round(c, 4) for c in colorsys.rgb_to_hsv(0.2, 0.4, 0.6)])
print([round(c, 4) for c in colorsys.hls_to_rgb(0.5, 0.5, 0.5)])

net = ipaddress.ip_network("192.168.0.0/30")
print(net, net.num_addresses, [str(h) for h in net.hosts()], net.broadcast_address)
print(ipaddress.ip_address("10.0.0.1") in ipaddress.ip_network("10.0.0.0/8"))
print(ipaddress.ip_address("::1"), ipaddress.ip_address("2001:db8::1").exploded)

print(stat.S_ISDIR(0o040755), stat.S_ISREG(0o100644), stat.filemode(0o100644))
print(token.tok_name[token.NAME], token.ISTERMINAL(token.OP), token.EXACT_TOKEN_TYPES["+="])

d = datetime.date(2024, 2, 28) + datetime.timedelta(days=2)
print(d, d.isoformat(), d.weekday(), d.strftime("%Y/%m/%d"))
t = datetime.datetime(2023, 12, 31, 23, 59, 30) + datetime.timedelta(seconds=45)
print(t, repr(datetime.timedelta(days=1, hours=3)), t.isocalendar()[:2])
print(datetime.datetime.fromisoformat("2020-05-17T10:20:30").replace(year=2021))

print(all(m.__file__.startswith(sys._stdlib_dir) for m in (difflib, graphlib, textwrap)))
