import atexit
def bye(name, punct="!"):
    print("bye", name + punct)
atexit.register(bye, "first")
atexit.register(bye, "second", punct="?")
@atexit.register
def last():
    print("registered last, runs first")
def boom():
    raise ValueError("in exit")
atexit.register(boom)
atexit.unregister(boom)
print("main done")
