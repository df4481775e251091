#!/usr/bin/env python3
"""Scaling check: does any operation's cost grow faster under Heron than under CPython?

Runs every case of `cases.py` at size n and 4n under each interpreter (fresh processes, best
of `--runs`), and prints each one's growth t(4n)/t(n). A case fails when Heron's growth is
clearly worse than CPython's: more than `--factor` times it (default 2, so an O(1) step that
became O(n) shows as ~4x against ~1x, and a linear loop that became quadratic as ~16x against
~4x). Exit status 1 if any case fails.

    python3 benches/scaling/run.py --heron 'target/release/heron -X jit=off' \
        [--cpython /usr/bin/python3.11] [--n 200000] [--runs 3] [--factor 2] [CASE ...]
"""

import argparse
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_FILE = os.path.join(HERE, "cases.py")


def case_names():
    names = []
    with open(CASES_FILE) as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        if line == "@case" and i + 1 < len(lines) and lines[i + 1].startswith("def "):
            names.append(lines[i + 1][4:].split("(")[0])
    return names


def measure(cmd, name, n, runs):
    best = None
    for _ in range(runs):
        out = subprocess.run(cmd + [CASES_FILE, name, str(n)], capture_output=True, text=True,
                             timeout=600)
        if out.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} {name} {n}: {out.stderr.strip()[-400:]}")
        t = float(out.stdout.split()[-1])
        best = t if best is None else min(best, t)
    return max(best, 1e-6)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--heron", required=True)
    ap.add_argument("--cpython", default="/usr/bin/python3.11")
    ap.add_argument("--n", type=int, default=200000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--factor", type=float, default=2.0)
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    names = args.cases or case_names()
    heron, cpython = shlex.split(args.heron), shlex.split(args.cpython)
    print(f"n = {args.n}, 4n = {4 * args.n}; times in ms, best of {args.runs}")
    print(f"| case | Heron n | Heron 4n | Heron growth | CPython n | CPython 4n | CPython growth | verdict |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    failed = []
    for name in names:
        h1, h4 = (measure(heron, name, k, args.runs) for k in (args.n, 4 * args.n))
        c1, c4 = (measure(cpython, name, k, args.runs) for k in (args.n, 4 * args.n))
        hg, cg = h4 / h1, c4 / c1
        ok = hg <= args.factor * max(cg, 1.0)
        if not ok:
            failed.append(name)
        print(f"| {name} | {h1 * 1e3:.2f} | {h4 * 1e3:.2f} | {hg:.2f}x | {c1 * 1e3:.2f} | "
              f"{c4 * 1e3:.2f} | {cg:.2f}x | {'ok' if ok else 'WORSE'} |", flush=True)
    if failed:
        print(f"growing faster than CPython's: {', '.join(failed)}")
        return 1
    print("no operation grows faster than CPython's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
