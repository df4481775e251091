# subprocess with user= and group= (switching to the ids it already has), sessions and
# process groups (getsid, getpgid, killpg), and os.abort in a child.
import os, subprocess, sys
r = subprocess.run(["id", "-u"], capture_output=True, text=True, user=os.getuid(), group=os.getgid())
print(r.returncode, r.stdout.strip() == str(os.getuid()))
print(os.getsid(0) == os.getsid(os.getpid()), os.getpgid(0) == os.getpgrp())
p = subprocess.run([sys.executable, "-c", "import os; os.abort()"])
print(p.returncode)
p = subprocess.Popen(["sleep", "5"], start_new_session=True)
print(os.getsid(p.pid) == p.pid)
os.killpg(p.pid, 15); print(p.wait())
