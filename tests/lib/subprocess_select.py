# subprocess over _posixsubprocess and select: pipes, communicate, env, cwd, timeouts, exec errors.
import subprocess, sys, os
r = subprocess.run(["echo", "hello"], capture_output=True)
print(r.returncode, r.stdout)
r = subprocess.run("echo $HOME_X; exit 3", shell=True, capture_output=True, text=True, env={"HOME_X": "hx"})
print(r.returncode, repr(r.stdout))
p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out, err = p.communicate(b"abc" * 10000)
print(len(out), p.returncode)
try:
    subprocess.run(["/nonexistent/prog"])
except FileNotFoundError as e:
    print("FNF", e.errno, e.filename)
try:
    subprocess.run(["sleep", "5"], timeout=0.2)
except subprocess.TimeoutExpired as e:
    print("timeout")
print(subprocess.check_output(["pwd"], cwd="/tmp"))
print(subprocess.run([sys.executable, "-c", "print(42)"], capture_output=True).stdout)
try:
    subprocess.run(["true"], cwd="/nonexistent_dir")
except FileNotFoundError as e:
    print("cwd", e.errno, e.filename)
import select
r, w = os.pipe()
os.write(w, b"x")
print(select.select([r], [w], [], 0))
p = select.poll(); p.register(r, select.POLLIN); print(p.poll(0))
env = dict(os.environ)
env["BAD=NAME"] = "x"
try:
    os.execve(sys.executable, [sys.executable, "-c", "pass"], env)
except ValueError as e:
    print("execve:", e)
