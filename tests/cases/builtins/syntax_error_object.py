# SyntaxError objects made by Python code: the location tuple fills the attributes, str()
# shows the file's base name and line, and the attributes are writable.
e = SyntaxError("bad thing", ("/some/dir/mod.py", 3, 5, "x = = 1\n", 3, 7))
print(e.msg, e.filename, e.lineno, e.offset, repr(e.text), e.end_lineno, e.end_offset)
print(str(e), e.args[0], e.print_file_and_line)
print(str(SyntaxError("only a message")), repr(SyntaxError("m").filename))
print(str(SyntaxError()), str(SyntaxError("m", (None, 4, None, None))))
print(str(SyntaxError("m", ("f.py", None, None, None))))
print(str(SyntaxError("m", ("f.py", "4", None, None))))
e.lineno = 10
e.filename = "other.py"
print(str(e))
try:
    SyntaxError("m", ("f", 1))
except TypeError as t:
    print("TypeError")
try:
    compile("x = = 1", "<in>", "exec")
except SyntaxError as s:
    print(type(s).__name__, s.filename, s.lineno, str(s))
class Mine(SyntaxError):
    pass
print(str(Mine("sub", ("a/b/c.py", 2, 1, "t", 2, 2))), isinstance(Mine("x"), SyntaxError))
print(str(IndentationError("ind", ("i.py", 9, 1, "  x", 9, 2))))
