import re
for p in ["(?x)\n a\n (b\n", "a\n)", "abc(", "[", "(?P<n>a)(?P=m)", "\\8", "a{2,1}", "(?<=a|bc)", "(?<=(a)\\1)"]:
    try:
        re.compile(p)
    except re.error as e:
        print(repr(str(e)), e.msg, e.pos, e.lineno, e.colno, e.pattern == p)
print(type(re.compile("a")), type(re.match("a", "a")), re.error, re.Pattern, re.Match)
print(isinstance(re.error("x"), Exception))
