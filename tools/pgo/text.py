"""PGO training: strings, formatting, splitting and joining, dicts of words."""
import sys

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
         "omicron pi rho sigma tau upsilon phi chi psi omega").split()


def make_text(n):
    lines = []
    for i in range(n):
        w = WORDS[i % len(WORDS)]
        v = WORDS[(i * 7) % len(WORDS)]
        lines.append(f"{i:05d} {w.upper()} {v} {i * 3.5:.1f} {w[::-1]}")
    return "\n".join(lines)


def analyse(text):
    counts = {}
    lengths = 0
    for line in text.splitlines():
        parts = line.split()
        for p in parts:
            key = p.lower().strip("0123456789.")
            if key:
                counts[key] = counts.get(key, 0) + 1
        lengths += len(line)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    return lengths, top


def transform(n):
    out = []
    s = ""
    for i in range(n):
        w = WORDS[i % len(WORDS)]
        t = w.capitalize() + "-" + str(i)
        if t.startswith("A") or t.endswith("7"):
            t = t.replace("-", "_")
        out.append(t.center(20, ".") if i % 5 == 0 else t)
        s += w[0]
        if "%" in t:
            t = "%s=%d" % (w, i)
    joined = ",".join(out)
    return len(joined), joined.count("_"), joined.find("Omega"), len(s), s[-10:]


def run(n):
    text = make_text(n)
    return analyse(text), transform(n), len(text.encode("utf-8"))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 160000
    print(run(n))
