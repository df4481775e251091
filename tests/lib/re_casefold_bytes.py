import re
print(re.findall(rb"(?i)AB", b"ab Ab"), re.sub(b"(a)", rb"<\1>", b"xax"), re.split(rb"\W+", b"a, b"), re.compile(rb"\w+", re.I))
print(re.match(r"(?x)  # leading comment\n a b", "ab"), re.search(r"(a)(?<=\1)", "aa") if False else "")
print(re.match(r"(?i)ß", "SS"), re.match(r"(?i)s", "ſ"), re.match(r"(?i)[ſ]", "S"), re.match(r"(?i)Σ", "ς"))
m = re.search(r"(\w)(\w)?", "a")
print(m.group(1, 2), m.span(2), m.start(2), m.regs)
print(re.sub(r"(?m)^", "> ", "a\nb\n"), re.findall(r".$", "ab\n"), re.findall(r"(?m).$", "ab\ncd\n"))
print([m.span() for m in re.finditer(r"\b|x", "ax b")])
for a,b in [('\u0131','I'),('\u0131','i'),('\u0130','i'),('\u0130','I'),('ſ','s'),('K','k'),('ς','σ'),('µ','μ'),('ẞ','ß'),('ǅ','ǆ'),('ǅ','Ǆ'),('ϐ','β'),('ι','\u0345')]:
    print(a,b, bool(re.match('(?i)'+a,b)), bool(re.match('(?i)'+b,a)), bool(re.match('(?i)['+a+']',b)), bool(re.match('(?i)['+b+']',a)))
