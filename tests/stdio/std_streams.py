# sys.stdin/stdout/stderr are io.TextIOWrapper objects over the io stack (BufferedReader/
# BufferedWriter over FileIO; under -u the outputs write through to FileIO), with input(),
# iteration, print's file/flush/None/lost-stdout rules, and the io errors of closed streams.
import io
import os
import subprocess
import sys

for s in (sys.stdin, sys.stdout, sys.stderr):
    print(type(s).__name__, isinstance(s, io.TextIOWrapper), isinstance(s, io.TextIOBase),
          s.name, s.mode, s.encoding, s.fileno(), type(s.buffer).__name__, s.write_through)
print(sys.stdin.buffer.raw.name, sys.stdout.buffer.name, sys.__stdout__ is sys.stdout)
print(repr(input("prompt> ")))
print(repr(input()))
print(sys.stdin.readline(), end="")
print([line for line in sys.stdin])
try:
    input()
except EOFError as e:
    print("EOFError", e)
buf = io.StringIO()
print("to", "a", "StringIO", sep="-", end="!\n", file=buf, flush=True)
print(repr(buf.getvalue()))
sys.stdout.write("write returns ")
print(sys.stdout.write("12345\n"))
sys.stdout.buffer.write(b"bytes through .buffer\n")
sys.stdout = None
print("never shown")
sys.stdout = sys.__stdout__
del sys.stdout
try:
    print("lost")
except RuntimeError as e:
    sys.__stdout__.write(f"RuntimeError {e}\n")
sys.stdout = sys.__stdout__
try:
    sys.stdin.write("x")
except io.UnsupportedOperation as e:
    print("UnsupportedOperation", e)
sys.stdin.close()
try:
    input()
except ValueError as e:
    print("ValueError", e)
# Without -u: block-buffered outputs to a pipe, line-buffered stderr.
env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
code = ("import sys; print(type(sys.stdout.buffer).__name__, sys.stdout.line_buffering, "
        "sys.stderr.line_buffering, sys.stdout.write_through, type(sys.stdin.buffer).__name__)")
r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
print(r.stdout, end="")
r = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdin)"], stdin=subprocess.DEVNULL,
                   capture_output=True, text=True)
print(r.stdout, end="")
print("stderr", file=sys.stderr)
