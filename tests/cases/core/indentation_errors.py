# IndentationError as CPython 3.11 reports it: a compound statement without its block names the
# statement and the line its header starts on; an unindent that matches no outer level points
# past the line's text.
sources = [
    "if x:\npass\n",
    "if x:\n  pass\nelse:\npass\n",
    "if x:\n  pass\nelif y:\npass\n",
    "for x in y:\npass\n",
    "while x:\npass\n",
    "with x:\npass\n",
    "class C:\npass\n",
    "def f(a,\n      b):\npass\n",
    "def f(a,\n   b):\n\n  # a comment\npass\n",
    "try:\npass\n",
    "try:\n  pass\nexcept E:\npass\n",
    "try:\n  pass\nfinally:\npass\n",
    "match x:\n  case 1:\n  pass\n",
    "match x:\ncase 1: pass\n",
    "async def f():\npass\n",
    "async def f():\n  async for x in y:\n  pass\n",
    "class C:\n  def f(self):\n  pass\n",
    "if x:\n    y\n  z\n",
    "def f():\n        a\n    b\n",
    "x = 1\n    y = 2\n",
]
for src in sources:
    try:
        compile(src, "<s>", "exec")
        print("compiled")
    except SyntaxError as e:
        print(type(e).__name__, e.msg, (e.lineno, e.offset, e.end_lineno, e.end_offset))
