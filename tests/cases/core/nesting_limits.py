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
