# A file the program never closes is flushed when its object is freed (in a function) and at
# exit (in the program's globals); objects in __main__'s globals are finalized at exit in
# CPython's order (names with one leading underscore first).
import os
import subprocess
import sys
import tempfile

with tempfile.TemporaryDirectory() as tmp:
    local_path = os.path.join(tmp, "local.txt")
    global_path = os.path.join(tmp, "global.txt")
    program = f"""
import io
f = open({global_path!r}, "w")
f.write("global data\\n")
def w():
    g = open({local_path!r}, "w")
    g.write("local data\\n")
w()
print(open({local_path!r}).read(), end="")
class D:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("del", self.n)
_d = D("single underscore")
d = D("plain")
class MyIO(io.StringIO):
    def close(self):
        print("MyIO closed")
        super().close()
m = MyIO()
def h():
    x = MyIO()
h()
print("end of program")
"""
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    print(out.stdout, end="")
    print("exit", out.returncode, "stderr", repr(out.stderr))
    with open(global_path) as f:
        print(f.read(), end="")
