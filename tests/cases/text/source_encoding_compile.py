# compile(), exec() and eval() of bytes decode as PEP 263 says: a coding cookie on line 1 or 2,
# a UTF-8 BOM, UTF-8 otherwise; str sources ignore cookies; NUL bytes are refused.


def t(src, mode="exec"):
    try:
        code = compile(src, "f.py", mode)
        r = eval(code, {}) if mode == "eval" else exec(code, {})
        if r is not None:
            print(repr(r))
    except BaseException as e:
        print(type(e).__name__, e)


t(b"# -*- coding: latin-1 -*-\nprint(repr('\xe9'))\n")
t(b"#!x\n# coding=cp1252\nprint(repr('\x80'))\n")
t(b"# vim: set fileencoding=iso-8859-15 :\nprint(repr('\xa4'))\n")
t(b"# coding: latin-1\n'\xe9'", "eval")
t(b"\xef\xbb\xbfprint('bom')\n")
t(b"\xef\xbb\xbf# coding: utf-8\nprint('bom and utf-8')\n")
t(b"# coding: utf-8\nprint('\xc3\xa9')\n")
t(b"print('\xc3\xa9')\n")
t(b"x = 1\n# coding: latin-1\nprint('cookie on line 2 after code is ignored')\n")
t("# -*- coding: latin-1 -*-\nprint('\xe9')\n")
t(b"# -*- coding: xyz -*-\nprint(1)\n")
t(b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nprint(1)\n")
t(b"# coding: ascii\nprint('\xe9')\n")
t(b"print(1)\x00\n")
t("print(1)\x00\n")
t(b"'\x00'\n")
exec(b"# coding: latin-1\nprint('\xe9')\n")
print(eval(b"# coding: latin-1\n'\xe9' * 2"))
