# CPython's limits on nesting: the tokenizer's 200 levels of brackets (brackets in strings and
# comments do not count), and RecursionError for expressions or statements nested thousands
# deep. Deep but legal input compiles.


def t(label, src, mode="exec"):
    try:
        compile(src, "<s>", mode)
        print(label, "ok")
    except SyntaxError as e:
        print(label, type(e).__name__, e.msg, e.lineno, e.offset)
    except RecursionError as e:
        print(label, type(e).__name__, e)


t("199 brackets", "x = " + "[" * 199 + "]" * 199)
t("200 brackets", "x = " + "[" * 200 + "]" * 200)
t("201 brackets", "x = " + "[" * 201 + "]" * 201)
t("400000 brackets", "x = " + "[" * 400000 + "]" * 400000)
t("mixed", "x = " + "([{" * 67 + "}])" * 67)
t("201 parens on line 3", "a = 1\nb = 2\nc = " + "(" * 201 + ")" * 201)
t("unclosed 300", "x = " + "(" * 300)
t("brackets in a string", "x = '" + "[" * 1000 + "'")
t("brackets in a triple-quoted string", 'x = """\n' + "(" * 1000 + '\n"""')
t("brackets in a comment", "# " + "(" * 1000 + "\nx = 1")
t("200 deep, closed and reopened", "x = " + ("[" * 200 + "]" * 200 + ",") * 3)
t("unary 1000", "-" * 1000 + "1")
t("unary 5000", "-" * 5000 + "1")
t("not 5000", "not " * 5000 + "x")
t("plus chain 2000", "1" + "+1" * 2000)
t("plus chain 100000", "1" + "+1" * 100000)
t("attr chain 2000", "a" + ".b" * 2000)
t("attr chain 100000", "a" + ".b" * 100000)
t("call chain 100000", "f" + "()" * 100000)
t("subscript chain 100000", "a" + "[0]" * 100000)
t("elif 2000", "if x: pass\n" + "elif x: pass\n" * 2000)
t("elif 5000", "if x: pass\n" + "elif x: pass\n" * 5000)
t("lambda 1000", "lambda: " * 1000 + "1")
t("eval unary 5000", "-" * 5000 + "1", "eval")
t("eval plus 100000", "1" + "+1" * 100000, "eval")
t("if blocks 21", "".join(" " * i + "if x:\n" for i in range(21)) + " " * 21 + "pass\n")
print(eval("-" * 999 + "1"), eval("1" + "+1" * 2000))


# The compiler's 20 statically nested blocks (loops, with, try) and the tokenizer's 100
# levels of indentation.
def blocks(kinds):
    src, ind = "", 0
    for k in kinds:
        line = {
            "for": "for x in y:",
            "while": "while x:",
            "with": "with x:",
            "try": "try:",
            "if": "if x:",
        }[k]
        src += "    " * ind + line + "\n"
        ind += 1
    src += "    " * ind + "pass\n"
    for k in reversed(kinds):
        ind -= 1
        if k == "try":
            src += "    " * ind + "finally:\n" + "    " * (ind + 1) + "pass\n"
    return src


def detail(label, src):
    try:
        compile(src, "<s>", "exec")
        print(label, "ok")
    except SyntaxError as e:
        print(label, type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)


detail("20 for loops", blocks(["for"] * 20))
detail("21 for loops", blocks(["for"] * 21))
detail("21 mixed blocks", blocks(["for", "while", "with", "try"] * 5 + ["for"]))
detail("50 ifs (not blocks)", blocks(["if"] * 50))
detail("19 for loops in 40 ifs", blocks(["if"] * 40 + ["for"] * 19))
detail("21 loops in a function", "def f():\n" + "".join("    " + l + "\n" for l in blocks(["for"] * 21).splitlines()))
detail("20 loops in a function", "def f():\n" + "".join("    " + l + "\n" for l in blocks(["for"] * 20).splitlines()))
detail("99 indents", blocks(["if"] * 99))
detail("100 indents", blocks(["if"] * 100))
detail("one-line bodies do not indent", "if x: pass\n" * 300)
