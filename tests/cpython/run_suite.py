#!/usr/bin/env python3
"""Measure how much of CPython's own test suite passes on Heron.

Each selected file of CPython's test suite (``Lib/test/test_*.py``, installed
on Debian by ``libpython3.11-testsuite``) is run with

    <interpreter> -m unittest -v test.<name>

once under CPython and once under Heron.  Every run gets its own fresh, empty
temporary directory as working directory (some tests delete files in the
current directory), stdin from /dev/null and a per-file timeout.

unittest's verbose output (``test_x (test.test_y.Class.test_x) ... ok``) is
parsed to find which test ids passed, and the closing ``Ran N tests`` and
``OK (...)`` / ``FAILED (...)`` lines give the counts.  A run is "ran" if
unittest got as far as printing ``Ran N tests``, "timeout" if it was killed,
and "crashed" otherwise (for example when Heron cannot import unittest); the
last line of stderr is kept as the reason.

The key figure per file is the share of the tests that pass ("ok") on CPython
that also pass on Heron, matched by test id.  Expected failures are not
counted as passes.  Tests that CPython marks ``@cpython_only`` (skipped
elsewhere with "implementation detail specific to cpython") check CPython's
implementation details; they are counted apart ("CPython-only"), and a second
figure gives the share of CPython's passes without them.

Usage (from the repository root):

    python3 tests/cpython/run_suite.py [--heron PATH] [--cpython PATH]
        [--timeout SECONDS] [--jobs N] [--only test_a,test_b] [--markdown OUT.md]

The table is printed to stdout; ``--markdown`` also writes it as Markdown.
The exit status is 0 whatever the results (this is a measurement, not a test);
only bad arguments give a non-zero status.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

DEFAULT_TESTS = """
test_abc test_argparse test_array test_base64 test_binascii test_bisect
test_bool test_collections test_contextlib test_copy test_csv test_dataclasses
test_datetime test_defaultdict test_deque test_dict test_enum test_fnmatch
test_fractions test_functools test_genericalias test_glob test_hashlib
test_heapq test_itertools test_json test_keyword test_list test_math
test_operator test_ordered_dict test_os test_pathlib test_pprint test_random
test_set test_shlex test_statistics test_string test_struct test_subprocess
test_tempfile test_textwrap test_tuple test_types test_typing test_unicodedata
test_unittest test_userdict test_userlist test_zlib
""".split()

# "test_foo (test.test_x.Class.test_foo)", optionally followed by subtest
# parameters, then " ... " and (usually) the result.
TEST_LINE = re.compile(r"^\s*(\w+ \([^()\s]+\))(.*?) \.\.\. (.*)$")
# A bare id line: the test has a docstring, whose first line comes next and
# carries the " ... result".
BARE_ID = re.compile(r"^(\w+ \([^()\s]+\))$")
RAN_LINE = re.compile(r"^Ran (\d+) tests? in ")
SUMMARY_LINE = re.compile(r"^(OK|FAILED)(?: \((.*)\))?\s*$")


@dataclass
class Result:
    status: str = "crashed"  # ran / crashed / timeout
    ran: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    passed_ids: set = field(default_factory=set)
    cpython_only_ids: set = field(default_factory=set)
    reason: str = ""


CPYTHON_ONLY = "implementation detail specific to cpython"


def classify(text):
    """Map the text after ' ... ' to a result kind, or None if it is not one."""
    text = text.strip()
    if text in ("ok", "FAIL", "ERROR", "expected failure", "unexpected success"):
        return text
    if text.startswith("skipped"):
        return "skipped"
    return None


def parse_output(text):
    """Parse unittest -v output into a Result (status left as 'crashed')."""
    res = Result()
    outcomes = {}  # test id (with subtest params) -> result kind
    pending = None  # test whose result has not been printed yet
    prev = ""
    have_ran = have_summary = False
    for line in text.splitlines():
        test_id = None
        m = TEST_LINE.match(line)
        if m:  # "  (params)" marks a subtest, which only reports failures
            test_id, is_subtest, rest = m.group(1) + m.group(2), bool(m.group(2)), m.group(3)
        elif BARE_ID.match(prev) and " ... " in line:  # docstring line
            test_id, is_subtest, rest = prev, False, line.partition(" ... ")[2]
        if test_id is not None:
            kind = classify(rest)
            if kind:
                outcomes[test_id] = kind
                if kind == "skipped" and CPYTHON_ONLY in rest:
                    res.cpython_only_ids.add(test_id)
                pending = None
            elif not is_subtest:
                pending = test_id  # result follows the test's own output
        elif pending and classify(line):
            outcomes[pending] = classify(line)
            if outcomes[pending] == "skipped" and CPYTHON_ONLY in line:
                res.cpython_only_ids.add(pending)
            pending = None
        elif RAN_LINE.match(line):
            res.ran = int(RAN_LINE.match(line).group(1))
            have_ran = True
        elif have_ran and SUMMARY_LINE.match(line):
            have_summary = True
            for item in (SUMMARY_LINE.match(line).group(2) or "").split(","):
                key, _, value = item.strip().partition("=")
                if value.isdigit():
                    if key == "failures":
                        res.failed = int(value)
                    elif key == "errors":
                        res.errors = int(value)
                    elif key == "skipped":
                        res.skipped = int(value)
        prev = line.strip()

    res.passed_ids = {t for t, kind in outcomes.items() if kind == "ok"}
    res.passed = len(res.passed_ids)
    if have_ran:
        res.status = "ran"
    if not have_summary:  # no closing lines: count what was printed
        kinds = list(outcomes.values())
        res.ran = res.ran or len(kinds)
        res.failed = kinds.count("FAIL")
        res.errors = kinds.count("ERROR")
        res.skipped = kinds.count("skipped")
    return res


def last_line(text):
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def run_file(interpreter, name, timeout):
    """Run one test file under one interpreter and return its Result."""
    with tempfile.TemporaryDirectory(prefix=f"run_suite_{name}_",
                                     ignore_cleanup_errors=True) as tmp:
        proc = subprocess.Popen(
            [interpreter, "-m", "unittest", "-v", f"test.{name}"],
            cwd=tmp, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True)
        timed_out = False
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:  # kill the whole group: tests may have spawned children
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, err = proc.communicate()
    out = out.decode("utf-8", "replace")
    err = err.decode("utf-8", "replace")
    # unittest reports on stderr; stdout is the tests' own printing.
    res = parse_output(err + "\n" + out)
    if timed_out:
        res.status = "timeout"
        res.reason = f"killed after {timeout:g} s"
    elif res.status != "ran":
        res.reason = last_line(err) or last_line(out)
        if proc.returncode < 0:
            sig = signal.Signals(-proc.returncode).name
            res.reason = f"killed by {sig}" + (f": {res.reason}" if res.reason else "")
        elif not res.reason:
            res.reason = f"exit status {proc.returncode}, no output"
    return res


def percent(part, whole):
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def build_rows(names, heron, cpython):
    """Return table rows (lists of strings), ending with a totals row."""
    rows = []
    tot_h = [0] * 5
    tot_c = [0] * 5
    tot_common = tot_cpass = tot_only = 0
    for name in names:
        h, c = heron[name], cpython[name]
        common = len(h.passed_ids & c.passed_ids)
        # CPython's passes that check CPython's implementation details.
        only = len(h.cpython_only_ids & c.passed_ids)
        tot_common += common
        tot_cpass += len(c.passed_ids)
        tot_only += only
        hc = [h.ran, h.passed, h.failed, h.errors, h.skipped]
        cc = [c.ran, c.passed, c.failed, c.errors, c.skipped]
        tot_h = [a + b for a, b in zip(tot_h, hc)]
        tot_c = [a + b for a, b in zip(tot_c, cc)]
        notes = []
        if h.status != "ran":
            notes.append(h.reason)
        if c.status != "ran":
            notes.append(f"CPython {c.status}: {c.reason}")
        note = "; ".join(notes)
        if len(note) > 100:
            note = note[:97] + "..."
        rows.append([name, h.status, *map(str, hc), *map(str, cc),
                     percent(common, len(c.passed_ids)), str(only),
                     percent(common, len(c.passed_ids) - only), note])
    rows.append(["TOTAL", "", *map(str, tot_h), *map(str, tot_c),
                 percent(tot_common, tot_cpass), str(tot_only),
                 percent(tot_common, tot_cpass - tot_only), ""])
    return rows


HEADERS = ["file", "heron status", "ran", "passed", "failed", "errors",
           "skipped", "cpy ran", "cpy passed", "cpy failed", "cpy errors",
           "cpy skipped", "% of CPython passes", "cpython-only",
           "% without cpython-only", "notes"]


def text_table(rows):
    widths = [max(len(r[i]) for r in [HEADERS] + rows) for i in range(len(HEADERS))]
    lines = []
    for i, row in enumerate([HEADERS] + rows):
        cells = [cell.ljust(w) if j in (0, 1, len(row) - 1) else cell.rjust(w)
                 for j, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows):
    head = ["file", "Heron status", "Heron ran", "Heron passed",
            "Heron failed", "Heron errors", "Heron skipped", "CPython ran",
            "CPython passed", "CPython failed", "CPython errors",
            "CPython skipped", "% of CPython's passes", "CPython-only tests",
            "% without CPython-only", "reason"]
    align = [":--", ":--"] + ["--:"] * 13 + [":--"]

    def fmt(cells):
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    lines = [fmt(head), "|" + "|".join(align) + "|"]
    for row in rows:
        if row[0] == "TOTAL":
            row = [f"**{c}**" if c else c for c in row]
        lines.append(fmt(row))
    return "\n".join(lines) + "\n"


def find_interpreter(parser, path, what):
    """Return an absolute path (children run in a temporary directory)."""
    found = shutil.which(path) if os.sep not in path else path
    if not found or not os.path.isfile(found) or not os.access(found, os.X_OK):
        parser.error(f"{what} interpreter not found or not executable: {path}")
    return os.path.abspath(found)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--heron", default=str(REPO_ROOT / "target/release/heron"),
                        help="Heron binary (default: %(default)s)")
    parser.add_argument("--cpython", default="/usr/bin/python3.11",
                        help="CPython binary (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds per file and interpreter (default: 300)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="test runs in parallel (default: 1)")
    parser.add_argument("--only", help="comma-separated test files to run, "
                        "e.g. test_bool,test_keyword (default: built-in list)")
    parser.add_argument("--markdown", metavar="OUT.md",
                        help="also write the table as Markdown to this file")
    args = parser.parse_args()

    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    names = DEFAULT_TESTS
    if args.only is not None:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        bad = [n for n in names if not re.fullmatch(r"test_\w+", n)]
        if bad or not names:
            parser.error(f"--only wants names like test_bool, got: {args.only!r}")
    interpreters = {
        "heron": find_interpreter(parser, args.heron, "Heron"),
        "cpython": find_interpreter(parser, args.cpython, "CPython"),
    }

    results = {"heron": {}, "cpython": {}}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_file, exe, name, args.timeout): (kind, name)
                   for name in names for kind, exe in interpreters.items()}
        for done, fut in enumerate(concurrent.futures.as_completed(futures), 1):
            kind, name = futures[fut]
            res = results[kind][name] = fut.result()
            print(f"[{done}/{len(futures)}] {kind:7} {name}: {res.status}, "
                  f"{res.passed}/{res.ran} passed", file=sys.stderr, flush=True)

    rows = build_rows(names, results["heron"], results["cpython"])
    print(text_table(rows))
    if args.markdown:
        Path(args.markdown).write_text(markdown_table(rows), encoding="utf-8")
        print(f"\nMarkdown table written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
