#!/usr/bin/env python3
"""Runs the lit suite for ctest, and fails unless every test ran and passed.

lit itself exits 0 when tests are UNSUPPORTED (a REQUIRES: that is not met) or SKIPPED, so a
suite whose tools went missing could pass having tested nothing. This driver runs lit, prints
its output, and then fails if lit failed, if any test was unsupported, skipped or excluded, or if
no test passed. Expected failures (XFAIL) are allowed: they are written down in the test.

--allow-unsupported-for FEATURE (repeatable) accepts an UNSUPPORTED test whose every REQUIRES:
line names only such features: ctest's lit_clang16 gives the features Clang 16 lacks
(lit.cfg.py lists them), and the tests that need one are counted and listed, not failed.

Usage: run_lit.py --lit <path/to/lit.py> [--allow-unsupported-for FEATURE...]
                  <build>/test/lit [extra lit arguments...]
"""
import argparse
import os
import re
import subprocess
import sys

# lit's summary lines, e.g. "  Passed     : 12 (92.31%)".
SUMMARY = re.compile(r"^\s+([A-Z][A-Za-z ]*?)\s*:\s*(\d+)\b", re.MULTILINE)
NOT_RUN = ["Unsupported", "Skipped", "Excluded"]
# --show-unsupported's list: "Unsupported Tests (2):" then "  mlflow-cpp :: attribute/x.cpp" lines.
UNSUPPORTED_LIST = re.compile(r"^Unsupported Tests \(\d+\):\n((?:  .+\n)+)", re.MULTILINE)
UNSUPPORTED_TEST = re.compile(r"^  [^:]+ :: (\S+)$", re.MULTILINE)
REQUIRES_LINE = re.compile(r"REQUIRES:(.*)$", re.MULTILINE)


def only_requires(test_file, allowed):
    """True when every REQUIRES: of test_file names only features in allowed."""
    try:
        with open(test_file) as f:
            lines = REQUIRES_LINE.findall(f.read())
    except OSError:
        return False
    names = [name for line in lines for name in re.findall(r"[\w.+-]+", line)]
    return bool(names) and all(name in allowed for name in names)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lit", required=True, help="lit.py")
    parser.add_argument("--allow-unsupported-for", action="append", default=[], metavar="FEATURE",
                        help="accept tests UNSUPPORTED for lack of only these features")
    parser.add_argument("--source-dir", default=os.path.dirname(os.path.abspath(__file__)),
                        help="the suite's sources (for the REQUIRES: lines)")
    parser.add_argument("suite", help="the configured suite directory (<build>/test/lit)")
    parser.add_argument("lit_args", nargs=argparse.REMAINDER, help="more arguments for lit")
    args = parser.parse_args()

    if not os.path.isfile(args.lit):
        print(
            "run_lit.py: lit not found at '%s' (Debian: apt install llvm-19-tools; or configure "
            "with -DMLFLOW_CPP_LIT_PY=<path to lit.py>)" % args.lit
        )
        return 1

    command = [sys.executable, args.lit, "-sv", "--no-progress-bar", "--show-unsupported",
               "--show-skipped", "--show-excluded", "--show-xfail", args.suite] + args.lit_args
    print("run_lit.py: " + " ".join(command), flush=True)
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True)
    sys.stdout.write(result.stdout)

    counts = {name: int(number) for name, number in SUMMARY.findall(result.stdout)}
    accepted = []
    if args.allow_unsupported_for:
        listed = UNSUPPORTED_LIST.search(result.stdout)
        for test in UNSUPPORTED_TEST.findall(listed.group(1) if listed else ""):
            if only_requires(os.path.join(args.source_dir, test), set(args.allow_unsupported_for)):
                accepted.append(test)
        if accepted:
            counts["Unsupported"] = counts.get("Unsupported", 0) - len(accepted)
            print("run_lit.py: %d test(s) need what this clang lacks (%s), accepted as unsupported:"
                  % (len(accepted), ", ".join(args.allow_unsupported_for)))
            for test in accepted:
                print("  " + test)
    problems = []
    if result.returncode != 0:
        problems.append("lit exited with status %d" % result.returncode)
    for category in NOT_RUN:
        if counts.get(category, 0):
            problems.append("%d test(s) %s: each test must run" % (counts[category],
                                                                  category.lower()))
    if counts.get("Passed", 0) == 0:
        problems.append("no test passed")
    if problems:
        print("run_lit.py: FAILED: " + "; ".join(problems))
        return 1
    print("run_lit.py: all %d test(s) passed%s" % (
        counts["Passed"], " (%d unsupported by this clang)" % len(accepted) if accepted else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
