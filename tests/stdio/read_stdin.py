# sys.stdin read by size, by line and by iteration, readlines, the .buffer layer, the
# stream attributes, reconfigure, and close through a with block (run with a piped input).
import sys
first = sys.stdin.readline()
two = sys.stdin.read(2)
rest_line = sys.stdin.readline(3)
lines = [l for l in sys.stdin]
print(repr(first), repr(two), repr(rest_line), lines)
print(sys.stdin.read(), sys.stdin.readline() == "", sys.stdin.readlines())
sys.stdout.write("text ")
sys.stdout.buffer.write(b"bytes\n")
sys.stdout.flush()
print(sys.stdin.isatty(), sys.stdout.readable(), sys.stdin.readable(), sys.stdout.writable(), sys.stdout.mode, sys.stdin.mode, sys.stderr.line_buffering)
print(sys.stdout.buffer.mode, sys.stdin.buffer.read())
sys.stdout.reconfigure(errors="replace")
print(sys.stdout.errors, "\udcff")
with open(__file__) as f:
    pass
import io
print(sys.stdout.closed, sys.stdin.fileno(), sys.stderr.fileno())
with sys.stdin as f:
    pass
print(sys.stdin.closed)
try:
    sys.stdin.read()
except ValueError as e:
    print("ValueError", e)
