import re
cases = [(r"a{10,20}", "a"*25), (r"a{10,20}?", "a"*25), (r"(a){9,}", "a"*12), (r"(a|b){12}", "ab"*7), (r"(?:a?){10,12}b", "aab"),
         (r"(a?){10,}", "aaa"), (r"(ab|a){3,15}?c", "ababac"), (r"\d{1,100}", "12345678901234567890x"), (r"x{0,100}", "xxx"),
         (r"(?:(a)|b){10,}", "bbbbbbbbbab"), (r"a{9,20}+a", "a"*15), (r"(?:x{2,3}){3,12}", "x"*20), (r"(a{2,9}){1,20}", "a"*30)]
for p, s in cases:
    print(p, [(m.span(), m.groups()) for m in re.finditer(p, s)])
print(re.match(r"(?:a{1,1000}){1,1000}", "a"*3000).end())
