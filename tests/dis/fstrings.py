x = 3.5
name = "world"
s = f"hello {name!r} {x:>{10}.2f} {x=} {{literal}}" "tail"
b = b"bytes" + b'\x00'
t = (1, -2, 3.0, "s", None, ...)
print(s, b, t)
