# Indexing, slicing and searching a long str that holds characters of every UTF-8 width (and
# lone surrogates) give the same characters wherever they are, positive or negative, stepped or
# not, near the start, in the middle and at the end.
chars = "aé€😀"
s = "".join(chars[(i * 7 + i // 3) % 4] for i in range(5000))
n = len(s)
print(n, s[0], s[31], s[32], s[33], s[-1], s[-33], s[n // 2])
ok = all(s[i] == chars[(i * 7 + i // 3) % 4] for i in range(n))
print("every index", ok)
print("negative", all(s[-k] == s[n - k] for k in range(1, n + 1, 7)))
print(s[100:110], s[4990:], s[-5:], s[:3])
print(s[10:200:37], s[::-1][:5], s[-1:-40:-9], s[5:5000:997])
print(s.find("😀", 1000), s.index("€", 2500), s.rfind("é", 0, 4000), s.count("a", 10, 300))
print(s.startswith(s[600:700], 600), s.endswith(s[100:150], 0, 150))
t = "x\udc80é" * 1000
print(len(t), ascii(t[1]), ascii(t[2999]), ascii(t[1500:1504]), ascii(t[-2::-700]))
print(list(reversed(s[:6])), [s[i] for i in range(4995, 5000)])
try:
    s[n]
except IndexError as e:
    print("IndexError", e)
